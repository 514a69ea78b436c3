//! The CDS side of the demo server: every action and group endpoint of
//! `docs/wire-cds.md` (route set of CDS 0.40–0.43), quirks included, over seeded in-memory
//! data, mounted under `/cdsapi`. Exports are byte-exact with CDS's go-yaml v2 output.

mod actions;
mod builtins;
mod draft;
mod entity;
mod errors;
mod export;
mod gojson;
mod groups;
mod model;
#[cfg(test)]
mod props;
mod respond;
mod router;
mod seed;
mod seed_actions;
mod seed_builtins;
mod seed_people;
mod session;
mod state;
mod tokens;
mod wire;
mod yaml;

pub use model::{
    ActionKind, AuditEvent, AuditRow, CdsAction, CdsGroup, CdsUser, DEFAULT_GROUP, GroupToken, Id, Member, Parameter,
    PipelineJob, Project, Requirement, SHARED_INFRA, Step, WorkerModelRow,
};
pub use seed_people::{ADMIN, MEMBER, OPERATOR, PASSWORD};
pub use state::CdsState;

pub(crate) use router::{PREFIX, handle};

use crate::clock::Clock;

/// Seed the database as of the clock's now.
pub(crate) fn build(seed: u64, clock: Clock) -> CdsState {
    seed::generate(seed, clock)
}
