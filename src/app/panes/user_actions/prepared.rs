//! The rows of one answer, made ready off the key path: sorted by severity, indexed for the
//! filter and counted. The pane takes them as they are.

use std::sync::Arc;

use jiff::Timestamp;

use super::search::SearchIndex;
use crate::backends::waldur::model::{Summary, UserActionRow, triage_order};

#[derive(Debug, Clone, Default)]
pub(crate) struct UserActionsView {
    /// Shared with the poller's mirror of the server, which holds the same rows.
    pub(crate) rows: Vec<Arc<UserActionRow>>,
    pub(crate) search: SearchIndex,
    pub(crate) summary: Summary,
    /// The server's clock the view was made for, when it said.
    pub(crate) at: Option<Timestamp>,
}

impl UserActionsView {
    /// Sorts `rows` by severity and indexes them: the work the pane must not do while keys wait.
    pub(crate) fn new(rows: Vec<UserActionRow>, summary: Summary) -> Self {
        Self::shared(rows.into_iter().map(Arc::new).collect(), summary, None)
    }

    pub(crate) fn shared(mut rows: Vec<Arc<UserActionRow>>, summary: Summary, at: Option<Timestamp>) -> Self {
        rows.sort_unstable_by(|a, b| triage_order(a, b));
        let search = SearchIndex::build(&rows);
        Self { rows, search, summary, at }
    }
}
