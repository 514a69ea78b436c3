//! OVH CDS actions, groups, audits and group tokens as opsy holds them (docs/wire-cds.md).
//! Decoded straight from the wire with the tolerant field decoders: every list may be `null` or
//! absent, optional objects may be missing, unknown keys are ignored.
//!
//! Strings shown to the operator are cleaned of terminal escapes on the way in (contract 4).
//! Strings that opsy sends back (names in paths, whole actions on PUT, usernames on a group
//! PUT) or writes to files must stay byte-exact, or a round trip would silently change them
//! (a tab in a step script would become four spaces): those are [`WireStr`], which keeps the
//! raw bytes for the server and a cleaned copy for the screen.

mod action;
mod audit;
mod export;
mod group;
mod path;
mod raw;
mod usage;
mod worker_model;

pub(crate) use action::*;
pub(crate) use audit::*;
pub(crate) use export::*;
pub(crate) use group::*;
pub(crate) use path::*;
pub(crate) use raw::{SHARED_INFRA, WireStr};
pub(crate) use usage::*;
pub(crate) use worker_model::*;
