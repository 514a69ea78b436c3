//! The Waldur side of the demo server: every user-action endpoint of
//! `specs/waldur-user-actions.md`, quirks included, over seeded in-memory data.

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

use crate::demo::clock::Clock;

/// Seed the database: `size` user actions for the demo user, as of the clock's now.
pub(crate) fn build(size: usize, seed: u64, clock: Clock) -> WaldurState {
    let s = seed::generate(size, seed, clock.now());
    WaldurState::from_parts(clock, s.users, s.rows, s.executions, s.providers)
}
