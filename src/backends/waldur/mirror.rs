//! Incremental polling of user actions: the poller keeps a mirror of every row the caller has,
//! silenced ones included, and between full loads asks only for rows changed since the last
//! poll. Why the shown set still equals a fresh full load is argued in docs/ARCHITECTURE.md
//! ("Polling what changed"); the tests in `tests/mirror.rs` replay churn against the demo.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use uuid::Uuid;

use super::model::{ByUrgency, ListQuery, Stamp, Summary, Urgency, UserActionRow};
use crate::app::panes::user_actions::UserActionsView;

/// A full load at least this often, whatever the counts say: it repairs what no count can
/// see (a change stamped long before it was committed, fields the server computes live).
pub(crate) const FULL_RELOAD_EVERY: Duration = Duration::from_secs(600);

/// How long after it is stamped a change may take to become visible (a row is stamped when
/// it is saved and appears when its transaction commits).
pub(crate) const COMMIT_SLACK_SECS: i64 = 1;

/// What a poll found, for the mirror to take in. `at` is the server's clock (its `Date`
/// header) when it answered: silences end and due dates pass by the server's clock, not ours.
#[derive(Debug)]
pub(crate) enum Found {
    /// Every row (a full load), and the newest `modified` just before it started.
    All { rows: Vec<UserActionRow>, newest: Stamp, at: Option<Timestamp> },
    /// The rows a walk read before it reached settled rows, and how many rows the server has.
    Changed { rows: Vec<UserActionRow>, newest: Stamp, total: Option<usize>, at: Option<Timestamp> },
}

impl Found {
    pub(crate) fn server_time(&self) -> Option<Timestamp> {
        match self {
            Found::All { at, .. } | Found::Changed { at, .. } => *at,
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Mirror {
    /// Shared with the pane's view: a row is held once, whoever shows it.
    rows: HashMap<Uuid, Arc<UserActionRow>>,
    /// The newest `modified` seen.
    newest: Stamp,
    /// The server's clock when the last poll began (`None`: it sends no `Date`).
    read_at: Option<Stamp>,
    /// When the last full load finished; `None`: the next poll loads everything.
    full_at: Option<Instant>,
    /// How many rows the last poll changed: the next walk's first page is sized from it.
    last_changed: usize,
    /// Bumped whenever the rows change.
    generation: u64,
    sent: Option<Sent>,
}

/// The view the pane was given last, and until when it stays true.
#[derive(Debug, Clone, PartialEq)]
struct Sent {
    generation: u64,
    query: ListQuery,
    /// The first instant a silence ends: a row comes back then, though none changed.
    shown_until: Timestamp,
    /// The first instant a due date passes: the overdue count moves then.
    counted_until: Timestamp,
}

impl Mirror {
    /// Whether the next poll must load everything.
    pub(crate) fn needs_full(&self, now: Instant) -> bool {
        self.full_at.is_none_or(|at| now.duration_since(at) >= FULL_RELOAD_EVERY)
    }

    /// The next poll loads everything.
    pub(crate) fn forget(&mut self) {
        self.full_at = None;
    }

    /// The next view is sent whole even if nothing changed.
    pub(crate) fn forget_sent(&mut self) {
        self.sent = None;
    }

    /// Whether a walk over `o=-modified` can stop at `row`: the mirror holds this very version,
    /// and it was stamped early enough to have been visible when the last poll read. Every
    /// row after it is older still, so the last poll (or the full load) read it.
    pub(crate) fn is_settled(&self, row: &UserActionRow) -> bool {
        let settled = self.read_at.unwrap_or(self.newest).minus_seconds(COMMIT_SLACK_SECS);
        row.modified < settled && self.rows.get(&row.uuid).is_some_and(|held| held.modified == row.modified)
    }

    /// The first page size of the next walk: about as many rows as changed last time.
    pub(crate) fn expected_changes(&self) -> usize {
        self.last_changed
    }

    /// Take in what a poll found. `false`: the counts disagree (rows were deleted), and only a
    /// full load can say which.
    pub(crate) fn take(&mut self, found: Found, now: Instant) -> bool {
        let read_at = found.server_time().map(|t| Stamp::from_opt(Some(t)));
        match found {
            Found::All { rows, newest, .. } => {
                self.last_changed = 0;
                self.rows = rows.into_iter().map(|r| (r.uuid, Arc::new(r))).collect();
                self.rows.shrink_to_fit();
                self.newest = newest;
                self.read_at = read_at;
                self.full_at = Some(now);
                self.generation += 1;
                true
            }
            Found::Changed { rows, newest, total, .. } => {
                let mut changed = 0;
                for row in rows {
                    match self.rows.get_mut(&row.uuid) {
                        Some(old) if **old == row => {}
                        Some(old) => {
                            *old = Arc::new(row);
                            changed += 1;
                        }
                        None => {
                            self.rows.insert(row.uuid, Arc::new(row));
                            changed += 1;
                        }
                    }
                }
                self.last_changed = changed;
                if changed > 0 {
                    self.generation += 1;
                }
                self.newest = self.newest.max(newest);
                self.read_at = read_at;
                total == Some(self.rows.len())
            }
        }
    }

    /// What the pane needs for `query` at `now`: nothing when it already shows exactly this;
    /// new counts when only a due date passed (the overdue count); otherwise the rows, ready
    /// to show: filtered, sorted by severity, indexed and counted.
    pub(crate) fn view(&mut self, query: &ListQuery, now: Timestamp) -> Update {
        if let Some(sent) = self.sent.as_mut()
            && sent.generation == self.generation
            && &sent.query == query
            && now < sent.shown_until
        {
            if now < sent.counted_until {
                return Update::Unchanged;
            }
            sent.counted_until = next_after(self.rows.values().map(|r| r.due_date.get()), now);
            let rows: Vec<&UserActionRow> = self.rows.values().map(|r| &**r).filter(|r| query.admits(r, now)).collect();
            return Update::Counts(summarize(&rows, now));
        }
        let rows: Vec<Arc<UserActionRow>> = self.rows.values().filter(|r| query.admits(r, now)).cloned().collect();
        let summary = summarize(&rows, now);
        self.sent = Some(Sent {
            generation: self.generation,
            query: query.clone(),
            shown_until: next_after(self.rows.values().map(|r| r.silenced_until.get()), now),
            counted_until: next_after(self.rows.values().map(|r| r.due_date.get()), now),
        });
        Update::View(UserActionsView::shared(rows, summary, Some(now), query.order))
    }
}

/// What a poll hands the pane.
#[derive(Debug)]
pub(crate) enum Update {
    Unchanged,
    /// The rows are the same; the counts moved (a due date passed).
    Counts(Summary),
    View(UserActionsView),
}

/// The first of `times` after `now` (`MAX` when none is).
fn next_after(times: impl Iterator<Item = Option<Timestamp>>, now: Timestamp) -> Timestamp {
    times.flatten().filter(|t| *t > now).min().unwrap_or(Timestamp::MAX)
}

/// What `GET …/summary/` would answer for these rows at `now`.
fn summarize<R: std::ops::Deref<Target = UserActionRow>>(rows: &[R], now: Timestamp) -> Summary {
    let mut by_urgency = ByUrgency::default();
    let mut by_type: HashMap<&Arc<str>, i64> = HashMap::new();
    let mut overdue = 0;
    let now_s = now.as_second();
    for r in rows {
        match r.urgency {
            Urgency::Low => by_urgency.low += 1,
            Urgency::Medium => by_urgency.medium += 1,
            Urgency::High => by_urgency.high += 1,
            Urgency::Unknown => {}
        }
        *by_type.entry(&r.scope.action_type).or_default() += 1;
        if r.due_date.get().is_some_and(|d| d.as_second() < now_s) {
            overdue += 1;
        }
    }
    let mut by_type: Vec<_> = by_type.into_iter().map(|(t, n)| (t.clone(), n)).collect();
    by_type.sort();
    Summary { total: i64::try_from(rows.len()).unwrap_or(i64::MAX), by_urgency, by_type, overdue }
}
