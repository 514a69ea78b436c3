//! The ZITADEL side of the demo server: the Management API v1 actions and flows and the
//! Admin API v1 events search, as the REST gateway serves them (protojson, grpc-gateway
//! error bodies, the org header), over a seeded instance mounted under `/zitadel`. The
//! quirks it reproduces are listed in docs/wire-zitadel.md.

mod actions;
mod errors;
mod events;
mod flows;
mod model;
mod protojson;
mod router;
mod scripts;
mod seed;
mod state;
mod wire;

#[cfg(test)]
mod tests;

pub use model::{ActionState, Binding, Editor, Org, Role, ZitadelAction, ZitadelEvent, ZitadelUser};
pub use seed::{ACME, CONTOSO};
pub use state::{ActionFields, ZitadelState};

pub(crate) use router::{PREFIX, handle};

use crate::clock::Clock;

/// Seed the instance as of the clock's now.
pub(crate) fn build(seed: u64, clock: Clock) -> ZitadelState {
    seed::generate(seed, clock)
}
