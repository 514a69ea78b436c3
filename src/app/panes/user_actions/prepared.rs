//! The rows of one answer, made ready off the key path: sorted by severity (or the order the
//! pane asked for), indexed for the filter and counted. The pane takes them as they are.

use std::sync::Arc;

use jiff::Timestamp;

use super::search::SearchIndex;
use crate::backends::waldur::model::{Order, Summary, UserActionRow, triage_order};

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
        Self::shared(rows.into_iter().map(Arc::new).collect(), summary, None, Order::Severity)
    }

    /// Sorts `rows` by severity, then in `order`, and indexes them.
    pub(crate) fn shared(
        mut rows: Vec<Arc<UserActionRow>>,
        summary: Summary,
        at: Option<Timestamp>,
        order: Order,
    ) -> Self {
        rows.sort_unstable_by(|a, b| triage_order(a, b));
        order.apply(&mut rows);
        let search = SearchIndex::build(&rows);
        Self { rows, search, summary, at }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{standard_rows, summary_of};

    #[test]
    fn a_view_comes_in_the_order_asked_ties_in_severity_order() {
        let rows: Vec<Arc<UserActionRow>> = standard_rows().into_iter().map(Arc::new).collect();
        let summary = summary_of(&standard_rows());
        let ids = |v: &UserActionsView| v.rows.iter().map(|r| r.uuid.as_u128() as u32).collect::<Vec<_>>();
        let v = UserActionsView::shared(rows.clone(), summary.clone(), None, Order::Severity);
        assert_eq!(ids(&v), [2, 4, 1, 5, 6, 3]);
        let v = UserActionsView::shared(rows.clone(), summary.clone(), None, Order::Due);
        assert_eq!(ids(&v), [6, 2, 4, 1, 3, 5]);
        let v = UserActionsView::shared(rows, summary, None, Order::Project);
        assert_eq!(ids(&v), [2, 4, 1, 5, 6, 3].into_iter().filter(|n| n % 3 != 0).chain([6, 3]).collect::<Vec<_>>());
    }
}
