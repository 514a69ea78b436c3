//! The orders of pane 4 (`o`). Severity is the default and costs nothing: the rows arrive in
//! it. The others sort by a key per row; project and type compare each distinct name once,
//! not once per comparison.

use std::collections::HashMap;
use std::sync::Arc;

use crate::app::list::{List, Resync};
use crate::backends::waldur::model::{RowScope, UserActionRow};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Sort {
    /// Urgency, then overdue first, then due date: the triage order.
    #[default]
    Severity,
    /// Soonest due first; no due date last.
    Due,
    /// Newest first.
    Created,
    Project,
    Type,
}

impl Sort {
    pub(crate) fn next(self) -> Self {
        match self {
            Sort::Severity => Sort::Due,
            Sort::Due => Sort::Created,
            Sort::Created => Sort::Project,
            Sort::Project => Sort::Type,
            Sort::Type => Sort::Severity,
        }
    }

    pub(crate) fn describe(self) -> &'static str {
        match self {
            Sort::Severity => "by severity",
            Sort::Due => "by due date",
            Sort::Created => "newest first",
            Sort::Project => "by project",
            Sort::Type => "by type",
        }
    }

    /// Recompute `list`'s view: the rows `keep` accepts, in this order; ties keep severity.
    pub(crate) fn rebuild(
        self,
        list: &mut List<Arc<UserActionRow>>,
        keep: impl Fn(usize, &Arc<UserActionRow>) -> bool,
    ) -> Resync {
        match self {
            Sort::Severity => list.rebuild(keep, None),
            Sort::Due => list.rebuild_by_key(keep, |r| r.due().map_or(i64::MAX, |t| t.as_second())),
            Sort::Created => list.rebuild_by_key(keep, |r| r.created().map_or(i64::MAX, |t| -t.as_second())),
            Sort::Project => {
                let ranks =
                    ranks(
                        list.rows(),
                        |s| if s.project_name.is_empty() { &s.organization_name } else { &s.project_name },
                    );
                list.rebuild_by_key(keep, |r| ranks.get(&scope_id(r)).copied().unwrap_or(u32::MAX))
            }
            Sort::Type => {
                let ranks = ranks(list.rows(), |s| &s.action_type);
                list.rebuild_by_key(keep, |r| ranks.get(&scope_id(r)).copied().unwrap_or(u32::MAX))
            }
        }
    }
}

/// Rows share their scope (type, project, organisation): its address identifies it.
fn scope_id(r: &UserActionRow) -> usize {
    Arc::as_ptr(&r.scope) as usize
}

/// Each distinct scope's place in the order of `name` (case-insensitive, then as written).
fn ranks(rows: &[Arc<UserActionRow>], name: impl Fn(&RowScope) -> &Arc<str>) -> HashMap<usize, u32> {
    let mut scopes: HashMap<usize, &RowScope> = HashMap::new();
    for r in rows {
        scopes.entry(scope_id(r)).or_insert(&r.scope);
    }
    let mut named: Vec<(String, &str, usize)> =
        scopes.into_iter().map(|(id, s)| (name(s).to_lowercase(), &**name(s), id)).collect();
    named.sort_unstable();
    let mut ranks = HashMap::with_capacity(named.len());
    let mut rank = 0;
    let mut last: Option<&str> = None;
    for (_, exact, id) in &named {
        if last.is_some_and(|l| l != *exact) {
            rank += 1;
        }
        last = Some(exact);
        ranks.insert(*id, rank);
    }
    ranks
}
