//! Filtering 100k rows within a keystroke: the titles are lowercased once per answer into one
//! contiguous string, so a filter scans memory in order instead of chasing a heap pointer per
//! row, and each word is searched with a SIMD substring finder. Type, project and organisation
//! repeat across rows: they are lowercased and searched once per distinct combination (a
//! scope), and each row points at its scope.

use std::borrow::Borrow;
use std::collections::HashMap;

use jiff::Timestamp;
use memchr::memmem::Finder;

use crate::app::filter::Filter;
use crate::backends::waldur::model::{RowScope, UserActionRow};

/// Field separator: no filter word can contain it, so a word never matches across two fields.
const SEP: char = '\u{1f}';

#[derive(Debug, Clone, Default)]
pub(crate) struct SearchIndex {
    /// Every row's lowercased title, in row order.
    titles: String,
    /// End offset of each row's title in `titles`.
    ends: Vec<u32>,
    /// Each row's scope, as an index into `scopes`.
    scope_of: Vec<u32>,
    /// Lowercased "type SEP project SEP organisation" of each distinct scope.
    scopes: Vec<String>,
}

impl SearchIndex {
    pub(crate) fn build<R: Borrow<UserActionRow>>(rows: &[R]) -> Self {
        let mut titles = String::with_capacity(rows.len() * 48);
        let mut ends = Vec::with_capacity(rows.len());
        let mut scope_of = Vec::with_capacity(rows.len());
        let mut scopes = Vec::new();
        let mut known: HashMap<&RowScope, u32> = HashMap::new();
        for r in rows {
            let r = r.borrow();
            push_lower(&mut titles, &r.title);
            ends.push(u32::try_from(titles.len()).unwrap_or(u32::MAX));
            let id = *known.entry(&*r.scope).or_insert_with(|| {
                let s = &r.scope;
                let mut text = String::new();
                for (i, field) in [&s.action_type, &s.project_name, &s.organization_name].into_iter().enumerate() {
                    if i > 0 {
                        text.push(SEP);
                    }
                    push_lower(&mut text, field);
                }
                scopes.push(text);
                u32::try_from(scopes.len() - 1).unwrap_or(u32::MAX)
            });
            scope_of.push(id);
        }
        titles.shrink_to_fit();
        Self { titles, ends, scope_of, scopes }
    }

    /// Row `i`'s lowercased title (empty if out of range).
    fn title(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(0) as usize };
        let end = self.ends.get(i).copied().map_or(start, |e| e as usize);
        self.titles.get(start..end).unwrap_or("")
    }

    /// The searchable text of row `i`: title, type, project and organisation, lowercased.
    #[cfg(test)]
    pub(crate) fn text(&self, i: usize) -> String {
        match self.scope_of.get(i).and_then(|&s| self.scopes.get(s as usize)) {
            Some(scope) => format!("{}{SEP}{scope}", self.title(i)),
            None => String::new(),
        }
    }
}

fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.extend(s.chars().flat_map(char::to_lowercase));
    }
}

/// A filter prepared for one pass over the rows: facets with the server's semantics, a finder
/// per word, and which words each scope already contains.
pub(crate) struct Matcher<'f> {
    filter: &'f Filter,
    index: &'f SearchIndex,
    finders: Vec<Finder<'f>>,
    /// Per scope, bit `w` set when word `w` is in its type, project or organisation.
    in_scope: Vec<u64>,
    now: Timestamp,
}

impl<'f> Matcher<'f> {
    pub(crate) fn new(filter: &'f Filter, index: &'f SearchIndex, now: Timestamp) -> Self {
        let finders: Vec<Finder<'f>> = filter.words.iter().map(|w| Finder::new(w.as_bytes())).collect();
        let in_scope =
            index
                .scopes
                .iter()
                .map(|text| {
                    finders.iter().enumerate().take(64).fold(0u64, |mask, (w, f)| {
                        if f.find(text.as_bytes()).is_some() { mask | (1 << w) } else { mask }
                    })
                })
                .collect();
        Self { filter, index, finders, in_scope, now }
    }

    /// Whether row `i` (`r`) matches: every facet, and every word in its title or its scope.
    pub(crate) fn matches(&self, i: usize, r: &UserActionRow) -> bool {
        let f = self.filter;
        if f.urgency.is_some_and(|u| u != r.urgency) {
            return false;
        }
        if f.action_type.as_deref().is_some_and(|t| t != r.action_type()) {
            return false;
        }
        if let Some(want) = f.overdue
            && r.due().is_some_and(|d| d < self.now) != want
        {
            return false;
        }
        let scope = self.index.scope_of.get(i).map_or(usize::MAX, |&s| s as usize);
        let in_scope = self.in_scope.get(scope).copied().unwrap_or(0);
        let title = self.index.title(i).as_bytes();
        self.finders.iter().enumerate().all(|(w, finder)| {
            let in_scope = if w < 64 {
                in_scope & (1 << w) != 0
            } else {
                // Past 64 words the mask has no room: search the scope's text itself.
                self.index.scopes.get(scope).is_some_and(|text| finder.find(text.as_bytes()).is_some())
            };
            in_scope || finder.find(title).is_some()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{now, rows};

    #[test]
    fn each_row_has_its_own_lowercased_fields() {
        let rows = rows(&[(1, "high", None), (2, "low", None)]);
        let idx = SearchIndex::build(&rows);
        assert_eq!(idx.text(0), "resource expiring: vm-web 1\u{1f}expiring_resource\u{1f}climate lab\u{1f}uni lab");
        assert!(idx.text(1).starts_with("approve pending order: hpc allocation 2"));
        assert_eq!(idx.text(9), "");
    }

    #[test]
    fn words_match_within_a_field_never_across_two() {
        let rows = rows(&[(1, "high", None)]);
        let idx = SearchIndex::build(&rows);
        let m = |q: &str| {
            let f = Filter::parse(q);
            Matcher::new(&f, &idx, now()).matches(0, &rows[0])
        };
        assert!(m("VM-WEB"));
        assert!(m("climate uni"));
        assert!(!m("resourceclimate"));
        assert!(!m("lab\u{1f}uni"), "the separator never matches");
        assert!(m("urgency:high"));
        assert!(!m("urgency:low"));
    }

    #[test]
    fn a_word_past_the_sixty_fourth_still_searches_the_scope() {
        let rows = rows(&[(1, "high", None)]);
        let idx = SearchIndex::build(&rows);
        let many = |last: &str| format!("{} {last}", vec!["vm-web"; 64].join(" "));
        let f = Filter::parse(&many("climate"));
        assert_eq!(f.words.len(), 65);
        assert!(Matcher::new(&f, &idx, now()).matches(0, &rows[0]), "the 65th word is in the project");
        let f = Filter::parse(&many("nowhere"));
        assert!(!Matcher::new(&f, &idx, now()).matches(0, &rows[0]));
    }

    #[test]
    fn rows_of_one_scope_share_its_text() {
        let rows = rows(&[(1, "high", None), (3, "low", None), (5, "medium", None)]);
        let idx = SearchIndex::build(&rows);
        assert!(idx.scopes.len() < rows.len(), "{} scopes for {} rows", idx.scopes.len(), rows.len());
        assert_eq!(idx.text(0).split(SEP).count(), 4, "title, type, project, organisation");
    }
}
