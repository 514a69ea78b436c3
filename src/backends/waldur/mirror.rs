//! Incremental polling of user actions: the poller keeps a mirror of every row the caller has,
//! silenced ones included, and between full loads asks only for rows changed since the last
//! poll. Why the shown set still equals a fresh full load is argued in docs/ARCHITECTURE.md
//! ("Polling what changed"); the tests in `tests/mirror.rs` replay churn against the demo.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use uuid::Uuid;

use super::model::{ByUrgency, ListQuery, Moment, Summary, Urgency, UserActionRow};
use crate::app::panes::user_actions::UserActionsView;

/// A full load at least this often, whatever the counts say: it repairs what no count can
/// see (a change stamped long before it was committed, fields the server computes live).
pub(crate) const FULL_RELOAD_EVERY: Duration = Duration::from_secs(600);

/// Changes stamped up to this long before the newest one seen are asked for again: a row is
/// stamped when it is saved and becomes visible when its transaction commits, a little later.
pub(crate) const COMMIT_SLACK_SECS: i64 = 1;

/// What a poll found, for the mirror to take in.
#[derive(Debug)]
pub(crate) enum Found {
    /// Every row (a full load), and the newest `modified` before it started.
    All { rows: Vec<UserActionRow>, newest: Moment },
    /// Rows changed since the watermark, and how many rows the server has in all.
    Changed { rows: Vec<UserActionRow>, newest: Moment, total: Option<usize> },
}

#[derive(Debug, Default)]
pub(crate) struct Mirror {
    rows: HashMap<Uuid, UserActionRow>,
    /// The newest `modified` seen; `None` until the first full load.
    watermark: Option<Moment>,
    full_at: Option<Instant>,
    /// How many rows the last poll brought: the next walk's first page is sized from it.
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
    /// The first instant a silence ends, a due date passes or a UTC day begins: the view
    /// changes then even if no row does.
    until: Timestamp,
}

impl Mirror {
    /// Whether the next poll must load everything.
    pub(crate) fn needs_full(&self, now: Instant) -> bool {
        self.watermark.is_none() || self.full_at.is_none_or(|at| now.duration_since(at) >= FULL_RELOAD_EVERY)
    }

    /// Rows modified at or after this are asked for again.
    pub(crate) fn since(&self) -> Moment {
        self.watermark.map_or(Moment::NONE, |w| w.minus_seconds(COMMIT_SLACK_SECS))
    }

    /// The first page size of the next walk: about as many rows as changed last time.
    pub(crate) fn expected_changes(&self) -> usize {
        self.last_changed
    }

    /// Take in what a poll found. `false`: the counts disagree (rows were deleted), and only a
    /// full load can say which.
    pub(crate) fn take(&mut self, found: Found, now: Instant) -> bool {
        match found {
            Found::All { rows, newest } => {
                self.last_changed = 0;
                self.rows = rows.into_iter().map(|r| (r.uuid, r)).collect();
                self.rows.shrink_to_fit();
                self.watermark = Some(newest);
                self.full_at = Some(now);
                self.generation += 1;
                true
            }
            Found::Changed { rows, newest, total } => {
                self.last_changed = rows.len();
                let mut changed = false;
                for row in rows {
                    match self.rows.get_mut(&row.uuid) {
                        Some(old) if *old == row => {}
                        Some(old) => {
                            *old = row;
                            changed = true;
                        }
                        None => {
                            self.rows.insert(row.uuid, row);
                            changed = true;
                        }
                    }
                }
                if changed {
                    self.generation += 1;
                }
                if let Some(w) = self.watermark.as_mut() {
                    *w = (*w).max(newest);
                }
                total == Some(self.rows.len())
            }
        }
    }

    /// The pane's rows for `query` at `now`, ready to show: filtered, sorted by severity,
    /// indexed and counted. `None` when the pane already shows exactly this.
    pub(crate) fn view(&mut self, query: &ListQuery, now: Timestamp) -> Option<UserActionsView> {
        if let Some(sent) = &self.sent
            && sent.generation == self.generation
            && &sent.query == query
            && now < sent.until
        {
            return None;
        }
        let today = utc_day(now.as_second());
        let rows: Vec<UserActionRow> = self
            .rows
            .values()
            .filter(|r| query.admits(r, now))
            .map(|r| {
                let mut r = r.clone();
                // The server counts days to the due date when it answers; a row fetched
                // yesterday would count one day too many today.
                r.days_until_due = r.due_date.get().and_then(|d| i16::try_from(utc_day(d.as_second()) - today).ok());
                r
            })
            .collect();
        let summary = summarize(&rows, now);
        let until = self.next_change(now);
        self.sent = Some(Sent { generation: self.generation, query: query.clone(), until });
        Some(UserActionsView::new(rows, summary))
    }

    /// When the view changes without any row changing: a temporary silence ends, a due date
    /// passes (the overdue count), or the UTC day turns (days until due).
    fn next_change(&self, now: Timestamp) -> Timestamp {
        let now_s = now.as_second();
        let midnight = (utc_day(now_s) + 1) * 86_400;
        let next = self
            .rows
            .values()
            .flat_map(|r| [r.silenced_until.get(), r.due_date.get()])
            .flatten()
            .map(|t| t.as_second())
            .filter(|&t| t > now_s)
            .fold(midnight, i64::min);
        Timestamp::from_second(next).unwrap_or(Timestamp::MAX)
    }
}

/// What `GET …/summary/` would answer for these rows at `now`.
fn summarize(rows: &[UserActionRow], now: Timestamp) -> Summary {
    let mut by_urgency = ByUrgency::default();
    let mut by_type: HashMap<&std::sync::Arc<str>, i64> = HashMap::new();
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

/// Days since 1970-01-01 of the UTC date of a second.
fn utc_day(second: i64) -> i64 {
    second.div_euclid(86_400)
}
