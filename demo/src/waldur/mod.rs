//! The Waldur side of the demo server: every user-action endpoint of
//! `docs/wire-waldur.md`, quirks included, over seeded in-memory data.

mod actions;
mod auth;
mod corrective;
mod drf;
mod execute;
mod filters;
mod history;
mod model;
mod names;
mod ordering;
mod pagination;
mod pyrepr;
mod router;
mod seed;
mod silence;
mod state;
mod wire;

pub use model::{
    DemoUser, ExecutionRow, OrderKind, OrderRef, ProviderRow, QuotaRef, QuotaScope, Related, ResourceRef, RouteParams,
    Urgency, UserActionRow,
};
pub use state::WaldurState;

pub(crate) use router::handle;

use crate::clock::Clock;

/// Seed the database: `size` user actions for the demo user, as of the clock's now.
pub(crate) fn build(size: usize, seed: u64, clock: Clock) -> WaldurState {
    let s = seed::generate(size, seed, clock.now());
    WaldurState::from_parts(clock, s.users, s.rows, s.executions, s.providers)
}

/// `size` seeded user actions exactly as the server would send them, in one JSON array: for
/// benchmarks and tests that need realistic payloads without a running server.
pub fn wire_json(size: usize, seed: u64, now: jiff::Timestamp) -> Vec<u8> {
    let s = seed::generate(size, seed, now);
    let rows: Vec<wire::UserAction<'_>> = s.rows.iter().map(|r| wire::UserAction::new(r, now)).collect();
    serde_json::to_vec(&rows).unwrap_or_default()
}
