//! The `/` filter language: free words (all must match, case-insensitive) plus facets that the
//! server also understands (`urgency:high`, `type:pending_order`, `overdue`, `!overdue`).
//! Facets are evaluated here with the server's semantics, so that a bulk operation can be sent
//! as the server-side query for exactly the rows the operator sees.

use std::sync::Arc;

use crate::domain::waldur::{ListQuery, Urgency};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// The text as typed.
    pub raw: String,
    /// Lowercased free words.
    pub words: Vec<String>,
    pub urgency: Option<Urgency>,
    pub action_type: Option<String>,
    pub overdue: Option<bool>,
    /// Tokens that looked like facets but were not understood, reported to the operator.
    pub unknown: Vec<String>,
}

impl Filter {
    pub fn parse(raw: &str) -> Self {
        let mut f = Filter { raw: raw.to_string(), ..Default::default() };
        for token in raw.split_whitespace() {
            let lower = token.to_lowercase();
            match lower.split_once(':') {
                Some(("urgency" | "u", v)) => match Urgency::parse(v) {
                    Urgency::Unknown => f.unknown.push(token.to_string()),
                    u => f.urgency = Some(u),
                },
                Some(("type" | "t", v)) if !v.is_empty() => {
                    f.action_type = Some(token[token.len() - v.len()..].to_string())
                }
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

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.urgency.is_none() && self.action_type.is_none() && self.overdue.is_none()
    }

    /// Only facets: the server can select the same rows itself.
    pub fn is_server_expressible(&self) -> bool {
        self.words.is_empty()
    }

    /// The server query selecting the same rows (facets only; free words have no server form).
    pub fn server_query(&self, include_silenced: bool) -> ListQuery {
        ListQuery {
            include_silenced,
            urgency: self.urgency,
            action_type: self.action_type.as_deref().map(Arc::from),
            overdue: self.overdue,
        }
    }

    /// Whether `other` can only match a subset of what `self` matches, so that narrowing
    /// can filter the current view instead of every row (typing one more letter).
    pub fn narrows(&self, other: &Filter) -> bool {
        let facets_kept = |mine: bool, theirs: bool| !mine || theirs;
        facets_kept(self.urgency.is_some(), other.urgency == self.urgency)
            && facets_kept(self.action_type.is_some(), other.action_type == self.action_type)
            && facets_kept(self.overdue.is_some(), other.overdue == self.overdue)
            && self.words.iter().all(|w| other.words.iter().any(|o| o.contains(w.as_str())))
    }
}

/// Case-insensitive substring test without allocating for ASCII needles (the common case,
/// and the hot path when filtering 100k rows per keystroke).
pub fn contains_ci(haystack: &str, needle_lower: &str) -> bool {
    if needle_lower.is_empty() {
        return true;
    }
    if needle_lower.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle_lower.as_bytes());
        if n.len() > h.len() {
            return false;
        }
        return h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    haystack.to_lowercase().contains(needle_lower)
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
        assert!(!contains_ci("short", "longer needle"));
        assert!(contains_ci("Müller Lab", "müller"));
        assert!(contains_ci("anything", ""));
    }
}
