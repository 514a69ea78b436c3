//! A unified diff of an action before and after a change, three lines of context, each line
//! cleaned of terminal escapes (the snapshots are server text).

use similar::{ChangeTag, TextDiff};

use crate::domain::text::clean_line;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DiffTag {
    Hunk,
    Added,
    Removed,
    Context,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DiffLine {
    pub(crate) tag: DiffTag,
    pub(crate) text: String,
}

pub(crate) fn diff_lines(before: &str, after: &str) -> Vec<DiffLine> {
    let diff = TextDiff::from_lines(before, after);
    let mut out = Vec::new();
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push(DiffLine { tag: DiffTag::Hunk, text: hunk.header().to_string() });
        for change in hunk.iter_changes() {
            let (tag, sign) = match change.tag() {
                ChangeTag::Insert => (DiffTag::Added, '+'),
                ChangeTag::Delete => (DiffTag::Removed, '-'),
                ChangeTag::Equal => (DiffTag::Context, ' '),
            };
            // A tab is indentation here (scripts are indented with tabs): four spaces, as the
            // detail shows it, not the one space a tab becomes in a line of server text.
            let line = change.value().trim_end_matches(['\n', '\r']).replace('\t', "    ");
            let text = clean_line(&line).into_owned();
            // A space after the sign: a removed YAML item reads "- - binary: curl", not
            // "-- binary: curl".
            out.push(DiffLine { tag, text: format!("{sign} {text}") });
        }
    }
    out
}
