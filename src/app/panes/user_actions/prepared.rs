//! The rows of one answer, made ready off the key path: sorted by severity, indexed for the
//! filter and counted. The pane takes them as they are.

use super::search::SearchIndex;
use crate::backends::waldur::model::{Summary, UserActionRow, triage_order};

#[derive(Debug, Clone, Default)]
pub(crate) struct UserActionsView {
    pub(crate) rows: Vec<UserActionRow>,
    pub(crate) search: SearchIndex,
    pub(crate) summary: Summary,
}

impl UserActionsView {
    /// Sorts `rows` by severity and indexes them: the work the pane must not do while keys wait.
    pub(crate) fn new(mut rows: Vec<UserActionRow>, summary: Summary) -> Self {
        rows.sort_unstable_by(triage_order);
        let search = SearchIndex::build(&rows);
        Self { rows, search, summary }
    }
}
