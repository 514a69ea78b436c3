//! The demo Waldur's database: user actions owned by the demo user, execution history,
//! providers, users and their tokens, plus a cache of filtered and sorted orderings so that
//! 334 parallel page requests over 100k rows sort once, not 334 times.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::Timestamp;
use uuid::Uuid;

use super::filters::Filters;
use super::model::{DemoUser, ExecutionRow, ProviderRow, UserActionRow};
use super::ordering::{ActionField, Term, compare_actions};
use crate::clock::Clock;

/// Index in [`WaldurState::users`]: the demo user owns every action; the staff user none.
pub type UserId = usize;
pub const DEMO_USER: UserId = 0;
pub const STAFF_USER: UserId = 1;

/// Cached orderings kept at most; a new query beyond this drops them all (cheap to rebuild).
const CACHE_ENTRIES: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ListKey {
    filters: Filters,
    order: Vec<Term<ActionField>>,
}

#[derive(Debug, Clone)]
struct Cached {
    version: u64,
    computed_at: Timestamp,
    /// The first instant at which the time-dependent filters could give another answer.
    valid_until: Option<Timestamp>,
    ids: Arc<[u32]>,
}

#[derive(Debug)]
pub struct WaldurState {
    clock: Clock,
    users: Vec<DemoUser>,
    rows: Vec<UserActionRow>,
    index: HashMap<Uuid, usize>,
    executions: Vec<ExecutionRow>,
    providers: Vec<ProviderRow>,
    /// Bumped by every change to the rows; cached orderings of older versions are stale.
    version: u64,
    cache: HashMap<ListKey, Cached>,
}

impl WaldurState {
    pub(crate) fn from_parts(
        clock: Clock,
        users: Vec<DemoUser>,
        rows: Vec<UserActionRow>,
        executions: Vec<ExecutionRow>,
        providers: Vec<ProviderRow>,
    ) -> Self {
        let mut state = Self {
            clock,
            users,
            rows: Vec::new(),
            index: HashMap::new(),
            executions,
            providers,
            version: 0,
            cache: HashMap::new(),
        };
        state.rows = rows;
        state.reindex();
        state
    }

    fn reindex(&mut self) {
        // Duplicate uuids (only possible through `insert` misuse) keep the first row.
        let mut seen = HashMap::with_capacity(self.rows.len());
        self.rows.retain(|r| seen.insert(r.uuid, ()).is_none());
        self.index = self.rows.iter().enumerate().map(|(i, r)| (r.uuid, i)).collect();
        self.touch();
    }

    fn touch(&mut self) {
        self.version = self.version.wrapping_add(1);
        self.cache.clear();
    }

    /// The server's clock (frozen when the demo was started with `now`).
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Freeze the clock at `at`, or go back to the real clock with `None`.
    pub fn set_clock(&mut self, at: Option<Timestamp>) {
        self.clock = Clock::new(at);
        self.touch();
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    /// The demo user (owner of every action), then the staff user.
    pub fn users(&self) -> &[DemoUser] {
        &self.users
    }

    pub fn demo_user(&self) -> &DemoUser {
        &self.users[DEMO_USER]
    }

    pub fn staff_user(&self) -> &DemoUser {
        &self.users[STAFF_USER]
    }

    /// Every row, silenced ones included, in storage order.
    pub fn rows(&self) -> &[UserActionRow] {
        &self.rows
    }

    pub fn row(&self, uuid: Uuid) -> Option<&UserActionRow> {
        self.index.get(&uuid).map(|&i| &self.rows[i])
    }

    /// Mutable access counts as a change: cached orderings are dropped.
    pub fn row_mut(&mut self, uuid: Uuid) -> Option<&mut UserActionRow> {
        let i = *self.index.get(&uuid)?;
        self.touch();
        Some(&mut self.rows[i])
    }

    /// Add a row (e.g. a hostile one for a test), replacing any row with the same uuid.
    pub fn insert(&mut self, row: UserActionRow) -> Option<UserActionRow> {
        self.touch();
        match self.index.get(&row.uuid) {
            Some(&i) => Some(std::mem::replace(&mut self.rows[i], row)),
            None => {
                self.index.insert(row.uuid, self.rows.len());
                self.rows.push(row);
                None
            }
        }
    }

    /// Delete a row, as the real server does once its object no longer qualifies.
    pub fn remove(&mut self, uuid: Uuid) -> Option<UserActionRow> {
        let i = *self.index.get(&uuid)?;
        let row = self.rows.remove(i);
        self.reindex();
        Some(row)
    }

    /// Every execution of every user, oldest first.
    pub fn executions(&self) -> &[ExecutionRow] {
        &self.executions
    }

    pub fn providers(&self) -> &[ProviderRow] {
        &self.providers
    }

    pub(crate) fn providers_mut(&mut self) -> &mut [ProviderRow] {
        &mut self.providers
    }

    pub(crate) fn user_by_token(&self, token: &str) -> Option<UserId> {
        self.users.iter().position(|u| u.token == token)
    }

    pub(crate) fn user_by_uuid(&self, uuid: Uuid) -> Option<UserId> {
        self.users.iter().position(|u| u.uuid == uuid)
    }

    pub(crate) fn row_at(&self, i: u32) -> Option<&UserActionRow> {
        self.rows.get(i as usize)
    }

    pub(crate) fn index_of(&self, uuid: Uuid) -> Option<usize> {
        self.index.get(&uuid).copied()
    }

    pub(crate) fn silence_rows(&mut self, positions: &[u32], duration_days: Option<i64>, now: Timestamp) {
        self.touch();
        for &i in positions {
            if let Some(row) = self.rows.get_mut(i as usize) {
                row.silence(duration_days, now);
            }
        }
    }

    pub(crate) fn row_mut_at(&mut self, i: usize) -> Option<&mut UserActionRow> {
        self.touch();
        self.rows.get_mut(i)
    }

    pub(crate) fn add_execution(&mut self, mut execution: ExecutionRow) -> i64 {
        execution.id = self.executions.iter().map(|e| e.id).max().unwrap_or(0) + 1;
        let id = execution.id;
        self.executions.push(execution);
        id
    }

    /// Positions (in [`rows`](Self::rows)) of the rows matching `filters`, sorted by `order`.
    /// Reused while nothing changed and no silence or due date crossed `now`.
    pub(crate) fn ordered(&mut self, filters: &Filters, order: &[Term<ActionField>], now: Timestamp) -> Arc<[u32]> {
        let key = ListKey { filters: filters.clone(), order: order.to_vec() };
        if let Some(c) = self.cache.get(&key)
            && c.version == self.version
            && now >= c.computed_at
            && c.valid_until.is_none_or(|until| now < until)
        {
            return c.ids.clone();
        }
        let mut valid_until: Option<Timestamp> = None;
        let mut ids: Vec<u32> = Vec::new();
        for (i, row) in self.rows.iter().enumerate() {
            if let Some(t) = filters.changes_at(row, now) {
                valid_until = Some(valid_until.map_or(t, |v| v.min(t)));
            }
            if filters.matches(row, now) {
                ids.push(i as u32);
            }
        }
        // Stable: ties keep storage order, so pages never overlap between requests.
        ids.sort_by(|&a, &b| compare_actions(&self.rows[a as usize], &self.rows[b as usize], order));
        let ids: Arc<[u32]> = ids.into();
        if self.cache.len() >= CACHE_ENTRIES {
            self.cache.clear();
        }
        self.cache.insert(key, Cached { version: self.version, computed_at: now, valid_until, ids: ids.clone() });
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::waldur::ordering::DEFAULT_ACTION_ORDER;

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    fn state() -> WaldurState {
        crate::waldur::build(50, 9, Clock::new(Some(ts("2025-06-10T09:30:00Z"))))
    }

    #[test]
    fn cached_orderings_expire_when_a_silence_ends() {
        let mut s = state();
        let now = s.now();
        let row = s.rows().iter().position(|r| r.is_temporarily_silenced(now) && !r.is_silenced).expect("row");
        let until = s.rows()[row].silenced_until.expect("until");
        let f = Filters::default();
        let before = s.ordered(&f, &DEFAULT_ACTION_ORDER, now);
        assert!(!before.contains(&(row as u32)));
        assert!(Arc::ptr_eq(&before, &s.ordered(&f, &DEFAULT_ACTION_ORDER, now)), "reused while nothing changed");
        let later = s.ordered(&f, &DEFAULT_ACTION_ORDER, crate::clock::add_micros(until, 1));
        assert!(later.contains(&(row as u32)), "the silence ended: the row is back without any write");
    }

    #[test]
    fn writes_invalidate_cached_orderings() {
        let mut s = state();
        let now = s.now();
        let f = Filters::default();
        let before = s.ordered(&f, &DEFAULT_ACTION_ORDER, now);
        let first = s.row_at(before[0]).expect("row").uuid;
        s.row_mut(first).expect("row").is_silenced = true;
        let after = s.ordered(&f, &DEFAULT_ACTION_ORDER, now);
        assert_eq!(after.len(), before.len() - 1);
        assert!(s.remove(first).is_some());
        assert!(s.row(first).is_none());
        assert_eq!(s.rows().len(), 49);
        let mut copy = s.rows()[0].clone();
        copy.title = "changed".into();
        assert!(s.insert(copy).is_some(), "same uuid replaces");
        assert_eq!(&*s.rows()[0].title, "changed");
    }

    #[test]
    fn pages_never_overlap_under_ties() {
        let mut s = state();
        let now = s.now();
        let f = Filters { include_silenced: true, ..Default::default() };
        let order = [Term { field: ActionField::ActionType, descending: false }];
        let a = s.ordered(&f, &order, now);
        s.touch();
        let b = s.ordered(&f, &order, now);
        assert_eq!(a, b, "recomputing gives the same order: ties keep storage order");
    }
}
