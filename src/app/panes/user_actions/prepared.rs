//! The rows of one answer, made ready off the key path: sorted by severity (or the order the
//! pane asked for), indexed for the filter and counted. The pane takes them as they are.

use std::sync::Arc;

use jiff::Timestamp;

use super::search::SearchIndex;
use super::splice::Splice;
use crate::backends::waldur::model::{Order, Summary, UserActionRow, triage_key};

#[derive(Debug, Clone, Default)]
pub(crate) struct UserActionsView {
    /// Shared with the poller's mirror of the server, which holds the same rows.
    pub(crate) rows: Vec<Arc<UserActionRow>>,
    /// Shared with the poller's mirror too: it splices the next poll's changes into it.
    pub(crate) search: Arc<SearchIndex>,
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
        rows.sort_by_cached_key(|r| triage_key(r));
        order.apply(&mut rows);
        let search = Arc::new(SearchIndex::build(&rows));
        Self { rows, search, summary, at }
    }
}

/// Rows in `order` with their index, after taking out `gone` and putting in `new`: each row
/// is placed by binary search, the rows in between are moved and their index entries copied.
/// A row of `gone` the view does not hold is skipped; the ones it held are handed back.
pub(crate) fn spliced(
    rows: Vec<Arc<UserActionRow>>,
    search: &SearchIndex,
    gone: &[Arc<UserActionRow>],
    mut new: Vec<Arc<UserActionRow>>,
    order: Order,
) -> Spliced {
    let place = |row: &UserActionRow| rows.binary_search_by(|held| order.compare(held, row));
    // The order ends on the uuid, so a row compares equal only to itself (any version whose
    // fields the order reads are the same).
    let mut drop: Vec<usize> = gone.iter().filter_map(|g| place(g).ok()).collect();
    drop.sort_unstable();
    drop.dedup();
    let dropped = drop.iter().filter_map(|&i| rows.get(i).cloned()).collect();
    new.sort_unstable_by(|a, b| order.compare(a, b));
    let at: Vec<usize> = new.iter().map(|r| place(r).unwrap_or_else(|free| free)).collect();
    let plan = Splice::plan(rows.len(), &drop, &at);
    let search = search.spliced(&plan, &new);
    Spliced { rows: plan.apply(rows, new), search, dropped }
}

pub(crate) struct Spliced {
    pub(crate) rows: Vec<Arc<UserActionRow>>,
    pub(crate) search: SearchIndex,
    /// The rows of `gone` the view held, now taken out.
    pub(crate) dropped: Vec<Arc<UserActionRow>>,
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

    /// The poller places changed rows with `Order::compare`: it must give the order a whole
    /// view is built in, for every order.
    #[test]
    fn compare_orders_rows_as_a_built_view_does() {
        let rows: Vec<Arc<UserActionRow>> = standard_rows().into_iter().map(Arc::new).collect();
        for order in [Order::Severity, Order::Due, Order::Created, Order::Project, Order::Type] {
            let built = UserActionsView::shared(rows.clone(), summary_of(&standard_rows()), None, order);
            let mut compared = rows.clone();
            compared.sort_by(|a, b| order.compare(a, b));
            let uuids = |rows: &[Arc<UserActionRow>]| rows.iter().map(|r| r.uuid).collect::<Vec<_>>();
            assert_eq!(uuids(&compared), uuids(&built.rows), "{order:?}");
        }
    }

    #[test]
    fn a_spliced_view_equals_one_built_from_its_rows() {
        let all: Vec<Arc<UserActionRow>> = standard_rows().into_iter().map(Arc::new).collect();
        let summary = summary_of(&standard_rows());
        for order in [Order::Severity, Order::Due, Order::Project] {
            let first = UserActionsView::shared(all[..4].to_vec(), summary.clone(), None, order);
            // Rows 0 and 2 go, 4 and 5 come.
            let gone = [all[0].clone(), all[2].clone()];
            let out = spliced(first.rows, &first.search, &gone, all[4..].to_vec(), order);
            let kept = [all[1].clone(), all[3].clone(), all[4].clone(), all[5].clone()];
            let built = UserActionsView::shared(kept.to_vec(), summary.clone(), None, order);
            let uuids = |rows: &[Arc<UserActionRow>]| rows.iter().map(|r| r.uuid).collect::<Vec<_>>();
            assert_eq!(uuids(&out.rows), uuids(&built.rows), "{order:?}");
            assert_eq!(uuids(&out.dropped).len(), 2, "{order:?}");
            for i in 0..=out.rows.len() {
                assert_eq!(out.search.text(i), built.search.text(i), "{order:?}: row {i}");
            }
        }
    }
}
