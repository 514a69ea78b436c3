//! The `/` filter language: free words (all must match, case-insensitive) plus facets that the
//! server also understands (`urgency:high`, `type:pending_order`, `overdue`, `!overdue`), and
//! `source:cds` in panes that mix sources.
//! Facets are evaluated here with the server's semantics, so that a bulk operation can be sent
//! as the server-side query for exactly the rows the operator sees.

use std::sync::Arc;

use crossterm::event::KeyEvent;

use super::field::{Field, FieldKey};
use super::keymap::Keymap;
use super::source::{SourceId, Sources};
use crate::backends::waldur::model::{ListQuery, Order, Urgency};

/// The `/` line of a pane: the applied filter, and the input while it is being typed.
#[derive(Debug, Clone, Default)]
pub(crate) struct FilterBox {
    pub(crate) filter: Filter,
    pub(crate) input: Option<Field>,
}

/// What a key did to the filter; the pane recomputes its view on `Changed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FilterChange {
    Unchanged,
    /// `narrowing`: the new filter can only match a subset of the old one's rows.
    Changed {
        narrowing: bool,
    },
}

impl FilterBox {
    pub(crate) fn open(&mut self, placeholder: &str) {
        self.input = Some(Field::new(&self.filter.raw, placeholder));
    }

    pub(crate) fn is_editing(&self) -> bool {
        self.input.is_some()
    }

    pub(crate) fn is_active(&self) -> bool {
        !self.filter.is_empty()
    }

    /// Submit keeps the filter, cancel drops it, anything else edits it live.
    pub(crate) fn on_key(&mut self, keymap: &Keymap, key: &KeyEvent) -> FilterChange {
        let Some(input) = &mut self.input else { return FilterChange::Unchanged };
        match input.on_key(keymap, key) {
            FieldKey::Submit => {
                self.input = None;
                FilterChange::Unchanged
            }
            FieldKey::Cancel => {
                self.input = None;
                self.set("")
            }
            FieldKey::Edited => {
                let raw = input.text();
                self.set(&raw)
            }
            FieldKey::Complete | FieldKey::Leave | FieldKey::Unchanged => FilterChange::Unchanged,
        }
    }

    pub(crate) fn on_paste(&mut self, text: &str) -> FilterChange {
        let Some(input) = &mut self.input else { return FilterChange::Unchanged };
        input.paste(text);
        let raw = input.text();
        self.set(&raw)
    }

    /// Replace the filter text (`:filter`, Esc in the list).
    pub(crate) fn set(&mut self, raw: &str) -> FilterChange {
        let new = Filter::parse(raw);
        if new == self.filter {
            return FilterChange::Unchanged;
        }
        let narrowing = self.filter.narrows(&new);
        self.filter = new;
        FilterChange::Changed { narrowing }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Filter {
    /// The text as typed.
    pub(crate) raw: String,
    /// Lowercased free words.
    pub(crate) words: Vec<String>,
    pub(crate) urgency: Option<Urgency>,
    pub(crate) action_type: Option<String>,
    pub(crate) overdue: Option<bool>,
    /// `source:zitadel`: rows of that source only (by its config name or display name).
    pub(crate) source: Option<String>,
    /// Tokens that looked like facets but were not understood, reported to the operator.
    pub(crate) unknown: Vec<String>,
}

impl Filter {
    pub(crate) fn parse(raw: &str) -> Self {
        let mut f = Filter { raw: raw.to_string(), ..Default::default() };
        // Control characters (a paste) never make a word: they could match field separators.
        let cleaned = crate::domain::text::clean_line(raw);
        for token in cleaned.split_whitespace() {
            let lower = token.to_lowercase();
            match lower.split_once(':') {
                Some(("urgency" | "u", v)) => match Urgency::parse(v) {
                    Urgency::Unknown => f.unknown.push(token.to_string()),
                    u => f.urgency = Some(u),
                },
                Some(("type" | "t", v)) if !v.is_empty() => {
                    f.action_type = Some(token[token.len() - v.len()..].to_string())
                }
                Some(("source", v)) if !v.is_empty() => f.source = Some(v.to_string()),
                Some(("overdue", v)) => match v {
                    "yes" | "true" | "1" => f.overdue = Some(true),
                    "no" | "false" | "0" => f.overdue = Some(false),
                    _ => f.unknown.push(token.to_string()),
                },
                _ if lower == "overdue" => f.overdue = Some(true),
                _ if lower == "!overdue" => f.overdue = Some(false),
                _ => f.words.push(lower),
            }
        }
        f
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty()
            && self.urgency.is_none()
            && self.action_type.is_none()
            && self.overdue.is_none()
            && self.source.is_none()
    }

    /// Whether a row of `source` passes the `source:` facet. A facet naming no configured
    /// source matches nothing (and [`problem`](Self::problem) says so).
    pub(crate) fn source_matches(&self, source: SourceId, sources: &Sources) -> bool {
        match &self.source {
            None => true,
            Some(name) => sources.by_name(name) == Some(source),
        }
    }

    /// What the operator should be told about this filter, if anything.
    pub(crate) fn problem(&self, sources: &Sources) -> Option<String> {
        if let Some(bad) = self.unknown.first() {
            return Some(format!("filter: “{bad}” not understood"));
        }
        let name = self.source.as_ref()?;
        if sources.by_name(name).is_some() {
            return None;
        }
        let known: Vec<&str> = sources.iter().map(|s| s.kind).collect();
        Some(format!("filter: no source “{name}” in this profile (sources: {})", known.join(", ")))
    }

    /// Only facets: the server can select the same rows itself.
    pub(crate) fn is_server_expressible(&self) -> bool {
        self.words.is_empty()
    }

    /// The server query selecting the same rows (facets only; free words have no server form).
    pub(crate) fn server_query(&self, include_silenced: bool) -> ListQuery {
        ListQuery {
            include_silenced,
            urgency: self.urgency,
            action_type: self.action_type.as_deref().map(Arc::from),
            overdue: self.overdue,
            order: Order::Severity,
        }
    }

    /// Whether `other` can only match a subset of what `self` matches, so that narrowing
    /// can filter the current view instead of every row (typing one more letter).
    pub(crate) fn narrows(&self, other: &Filter) -> bool {
        let facets_kept = |mine: bool, theirs: bool| !mine || theirs;
        facets_kept(self.urgency.is_some(), other.urgency == self.urgency)
            && facets_kept(self.source.is_some(), other.source == self.source)
            && facets_kept(self.action_type.is_some(), other.action_type == self.action_type)
            && facets_kept(self.overdue.is_some(), other.overdue == self.overdue)
            && self.words.iter().all(|w| other.words.iter().any(|o| o.contains(w.as_str())))
    }
}

/// Case-insensitive substring test without allocating for ASCII needles (the common case, and
/// the hot path when filtering 100k rows per keystroke): a SIMD search for the first byte in
/// either case (memchr), then a check of the rest.
pub(crate) fn contains_ci(haystack: &str, needle_lower: &str) -> bool {
    let n = needle_lower.as_bytes();
    let Some(&first) = n.first() else { return true };
    if !needle_lower.is_ascii() {
        return haystack.to_lowercase().contains(needle_lower);
    }
    let h = haystack.as_bytes();
    if n.len() > h.len() {
        return false;
    }
    let last_start = h.len() - n.len();
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), &h[..=last_start])
        .any(|i| h[i + 1..i + n.len()].eq_ignore_ascii_case(&n[1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facets_and_words_are_separated() {
        let f = Filter::parse("HPC urgency:high t:pending_order !overdue  lab");
        assert_eq!(f.words, vec!["hpc", "lab"]);
        assert_eq!(f.urgency, Some(Urgency::High));
        assert_eq!(f.action_type.as_deref(), Some("pending_order"));
        assert_eq!(f.overdue, Some(false));
        assert!(!f.is_server_expressible());
        let f = Filter::parse("u:medium overdue");
        assert!(f.is_server_expressible());
        let q = f.server_query(true);
        assert_eq!(
            q.pairs(),
            vec![
                ("include_silenced", "true".to_string()),
                ("urgency", "medium".to_string()),
                ("overdue", "true".to_string())
            ]
        );
    }

    #[test]
    fn unknown_facet_values_are_reported() {
        let f = Filter::parse("urgency:urgent overdue:maybe");
        assert_eq!(f.unknown, vec!["urgency:urgent", "overdue:maybe"]);
        assert!(f.urgency.is_none());
    }

    #[test]
    fn typing_more_narrows() {
        let a = Filter::parse("hp");
        assert!(a.narrows(&Filter::parse("hpc")));
        assert!(a.narrows(&Filter::parse("hpc lab")));
        assert!(!Filter::parse("hpc").narrows(&Filter::parse("hp")));
        assert!(Filter::parse("").narrows(&Filter::parse("u:high")));
        assert!(!Filter::parse("u:high").narrows(&Filter::parse("x")));
    }

    #[test]
    fn contains_ci_handles_ascii_and_unicode() {
        assert!(contains_ci("Approve pending order: HPC", "hpc"));
        assert!(contains_ci("HPC", "hpc"), "match at the very end");
        assert!(contains_ci("xHpC", "hpc"));
        assert!(!contains_ci("hp", "hpc"));
        assert!(!contains_ci("h-p-c hpx", "hpc"));
        assert!(contains_ci("7", "7"));
        assert!(!contains_ci("short", "longer needle"));
        assert!(contains_ci("Müller Lab", "müller"));
        assert!(contains_ci("anything", ""));
    }
}
