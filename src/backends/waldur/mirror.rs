//! Incremental polling of user actions: the poller keeps a mirror of every row the caller has,
//! silenced ones included, and between full loads asks only for rows changed since the last
//! poll. Why the shown set still equals a fresh full load is argued in docs/ARCHITECTURE.md
//! ("Polling what changed"); the tests in `tests/mirror.rs` replay churn against the demo.

use std::borrow::Borrow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use uuid::Uuid;

use super::model::{ListQuery, RowScope, Stamp, Summary, Urgency, UserActionRow};
use crate::app::panes::user_actions::{Spliced, UserActionsView, spliced};

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
    rows: HashSet<Held>,
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
    /// Each row changed since the view was sent: the version that view was made from (`None`:
    /// a new row) and the one held now. The next view splices these into the last one.
    changes: HashMap<Uuid, Change>,
    /// One allocation for each distinct type, project and organisation among the rows: pages
    /// are decoded apart, each with scopes of its own (see [`Scopes`]).
    scopes: Scopes,
}

/// Rows decoded on different pages share nothing, so a project's rows held one copy of its
/// scope per page they came on (334 pages at 100k rows). The mirror keeps one per scope.
/// Rebuilt with every full load, so scopes no row uses any more go then.
#[derive(Debug, Default)]
struct Scopes {
    shared: HashSet<Arc<RowScope>>,
}

impl Scopes {
    fn share(&mut self, row: &mut UserActionRow) {
        match self.shared.get(&*row.scope) {
            Some(known) => row.scope = known.clone(),
            None => {
                self.shared.insert(row.scope.clone());
            }
        }
    }

    /// The scopes of a full load's rows, where rows of one page share their scope already:
    /// a scope is looked up by its address first, and its names are hashed once a page.
    fn share_all(&mut self, rows: &mut [UserActionRow]) {
        self.shared.clear();
        let mut by_address: HashMap<*const RowScope, Arc<RowScope>> = HashMap::new();
        for row in rows {
            let address = Arc::as_ptr(&row.scope);
            if let Some(known) = by_address.get(&address) {
                row.scope = known.clone();
                continue;
            }
            self.share(row);
            by_address.insert(address, row.scope.clone());
        }
    }
}

#[derive(Debug)]
struct Change {
    was: Option<Arc<UserActionRow>>,
    now: Arc<UserActionRow>,
}

/// The view the pane was given last, until when it stays true, and what the next view is
/// spliced into.
#[derive(Debug)]
struct Sent {
    generation: u64,
    query: ListQuery,
    /// The first instant a silence ends: a row comes back then, though none changed.
    shown_until: Timestamp,
    /// The first instant a due date passes: the overdue count moves then.
    counted_until: Timestamp,
    /// What the pane was sent: its rows in order and its filter index are the pane's own
    /// (`Arc`s), so keeping them costs a pointer a row.
    view: UserActionsView,
}

/// A row the mirror holds, known by its uuid: a set of these is a map from uuid to row at a
/// third of the size (9 bytes a slot instead of 25; 2 MB less at 100k rows).
#[derive(Debug)]
struct Held(Arc<UserActionRow>);

impl PartialEq for Held {
    fn eq(&self, other: &Self) -> bool {
        self.0.uuid == other.0.uuid
    }
}

impl Eq for Held {}

impl Hash for Held {
    // As the uuid hashes, which `Borrow<Uuid>` requires.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.uuid.hash(state);
    }
}

impl Borrow<Uuid> for Held {
    fn borrow(&self) -> &Uuid {
        &self.0.uuid
    }
}

/// Past this share of the rows changed, a view is built anew rather than spliced: placing
/// each change costs a binary search, sorting all the rows costs less.
const SPLICE_UP_TO: usize = 8;

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
        row.modified < settled && self.rows.get(&row.uuid).is_some_and(|held| held.0.modified == row.modified)
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
            Found::All { mut rows, newest, .. } => {
                self.last_changed = 0;
                // Deleted rows are known only from a full load: the next view is built anew.
                self.sent = None;
                self.changes.clear();
                self.scopes.share_all(&mut rows);
                self.rows = rows.into_iter().map(|r| Held(Arc::new(r))).collect();
                self.rows.shrink_to_fit();
                self.newest = newest;
                self.read_at = read_at;
                self.full_at = Some(now);
                self.generation += 1;
                true
            }
            Found::Changed { rows, newest, total, .. } => {
                let mut changed = 0;
                for mut row in rows {
                    let uuid = row.uuid;
                    let was = match self.rows.get(&uuid) {
                        Some(old) if *old.0 == row => continue,
                        old => old.map(|held| held.0.clone()),
                    };
                    if let Some(old) = &was {
                        share_unchanged(&mut row, old);
                    }
                    self.scopes.share(&mut row);
                    let row = Arc::new(row);
                    self.rows.replace(Held(row.clone()));
                    changed += 1;
                    if self.sent.is_some() {
                        match self.changes.entry(uuid) {
                            Entry::Occupied(mut known) => known.get_mut().now = row,
                            Entry::Vacant(first) => {
                                first.insert(Change { was, now: row });
                            }
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
    /// to show: filtered, ordered, indexed and counted. A view after a poll that changed a
    /// few rows is the last one with those rows spliced in.
    pub(crate) fn view(&mut self, query: &ListQuery, now: Timestamp) -> Update {
        let fresh = match self.sent.take() {
            Some(mut sent) if &sent.query == query && now < sent.shown_until => {
                if sent.generation == self.generation {
                    let update = self.recount(&mut sent, now);
                    self.sent = Some(sent);
                    return update;
                }
                if self.changes.len() <= self.rows.len() / SPLICE_UP_TO {
                    self.splice(sent, now)
                } else {
                    self.build(query, now)
                }
            }
            _ => self.build(query, now),
        };
        self.changes.clear();
        let view = fresh.view.clone();
        self.sent = Some(fresh);
        Update::View(view)
    }

    /// Every row the mirror holds.
    fn held(&self) -> impl Iterator<Item = &Arc<UserActionRow>> {
        self.rows.iter().map(|held| &held.0)
    }

    /// Nothing changed since `sent`: the same view, or its counts when a due date passed.
    fn recount(&self, sent: &mut Sent, now: Timestamp) -> Update {
        if now < sent.counted_until {
            return Update::Unchanged;
        }
        sent.counted_until = next_overdue(self.held().map(|r| r.due_date.get()), now);
        sent.view.summary = summarize(&sent.view.rows, now);
        Update::Counts(sent.view.summary.clone())
    }

    /// Every row filtered, sorted and indexed anew.
    fn build(&self, query: &ListQuery, now: Timestamp) -> Sent {
        let mut rows: Vec<Arc<UserActionRow>> = self.held().filter(|r| query.admits(r, now)).cloned().collect();
        // Kept until the next view: without this, up to half of it is spare capacity.
        rows.shrink_to_fit();
        let summary = summarize(&rows, now);
        Sent {
            generation: self.generation,
            query: query.clone(),
            shown_until: next_after(self.held().map(|r| r.silenced_until.get()), now),
            counted_until: next_overdue(self.held().map(|r| r.due_date.get()), now),
            view: UserActionsView::shared(rows, summary, Some(now), query.order),
        }
    }

    /// `sent` with the changes since spliced in. Correct because `sent` was true until now
    /// for every row that did not change: no silence ended (`shown_until`), and the rows the
    /// query admits are decided by their own fields and the time only.
    fn splice(&self, sent: Sent, now: Timestamp) -> Sent {
        let Sent { query, view, shown_until, counted_until, .. } = sent;
        let UserActionsView { rows, search, mut summary, .. } = view;
        let gone: Vec<Arc<UserActionRow>> = self.changes.values().filter_map(|c| c.was.clone()).collect();
        let new: Vec<Arc<UserActionRow>> =
            self.changes.values().map(|c| c.now.clone()).filter(|r| query.admits(r, now)).collect();
        // No due date of a row held then has passed: only the changed rows count anew.
        let recount = now >= counted_until;
        if !recount {
            for row in &new {
                count(&mut summary, row, now, 1);
            }
        }
        let Spliced { rows, search, dropped } = spliced(rows, &search, &gone, new, query.order);
        let news = || self.changes.values().map(|c| &c.now);
        let counted_until = if recount {
            summary = summarize(&rows, now);
            next_overdue(self.held().map(|r| r.due_date.get()), now)
        } else {
            for was in &dropped {
                count(&mut summary, was, now, -1);
            }
            counted_until.min(next_overdue(news().map(|r| r.due_date.get()), now))
        };
        Sent {
            generation: self.generation,
            query,
            shown_until: shown_until.min(next_after(news().map(|r| r.silenced_until.get()), now)),
            counted_until,
            view: UserActionsView { rows, search: Arc::new(search), summary, at: Some(now) },
        }
    }
}

/// A new version keeps the old one's title allocation when the title did not change (its
/// scope is shared by [`Scopes`]).
fn share_unchanged(row: &mut UserActionRow, old: &UserActionRow) {
    if row.title == old.title {
        row.title = old.title.clone();
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

/// The first instant after `now` at which one of the due dates `dues` counts as overdue
/// (`MAX` when none will). Overdue is counted by the second (see [`is_overdue`]): a due date
/// within `now`'s second, or earlier in it, turns overdue when the next second starts.
fn next_overdue(dues: impl Iterator<Item = Option<Timestamp>>, now: Timestamp) -> Timestamp {
    dues.flatten()
        .filter(|due| !is_overdue(*due, now))
        .filter_map(|due| Timestamp::from_second(due.as_second().checked_add(1)?).ok())
        .min()
        .unwrap_or(Timestamp::MAX)
}

/// Whether `due` has passed at `now`, as the counts tell it: by whole seconds.
fn is_overdue(due: Timestamp, now: Timestamp) -> bool {
    due.as_second() < now.as_second()
}

/// The first of `times` after `now` (`MAX` when none is).
fn next_after(times: impl Iterator<Item = Option<Timestamp>>, now: Timestamp) -> Timestamp {
    times.flatten().filter(|t| *t > now).min().unwrap_or(Timestamp::MAX)
}

/// Add `row` to the counts of `summary` at `now` (`by` 1), or take it off (`by` -1).
fn count(summary: &mut Summary, row: &UserActionRow, now: Timestamp, by: i64) {
    summary.total += by;
    match row.urgency {
        Urgency::Low => summary.by_urgency.low += by,
        Urgency::Medium => summary.by_urgency.medium += by,
        Urgency::High => summary.by_urgency.high += by,
        Urgency::Unknown => {}
    }
    let kind = &row.scope.action_type;
    match summary.by_type.binary_search_by(|(t, _)| t.cmp(kind)) {
        Ok(i) => {
            summary.by_type[i].1 += by;
            if summary.by_type[i].1 == 0 {
                summary.by_type.remove(i);
            }
        }
        Err(i) => summary.by_type.insert(i, (kind.clone(), by)),
    }
    if row.due_date.get().is_some_and(|d| is_overdue(d, now)) {
        summary.overdue += by;
    }
}

/// What `GET …/summary/` would answer for these rows at `now`.
fn summarize<R: std::ops::Deref<Target = UserActionRow>>(rows: &[R], now: Timestamp) -> Summary {
    let mut summary = Summary::default();
    for row in rows {
        count(&mut summary, row, now, 1);
    }
    summary
}
