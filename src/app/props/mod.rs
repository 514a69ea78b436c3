//! Property tests of `update`: random sessions (keys, pastes, resizes, clock ticks, poll
//! answers that insert, remove, reorder, change and fail, request answers) from every
//! fixture model, with the contracts of docs/ARCHITECTURE.md checked after every message.
//! `scenario` builds the sessions, `contracts` says what must hold.

mod contracts;
pub(crate) mod scenario;
mod update;
