//! The whole app driven by keys against the demo server.

mod harness;
mod heimdall;
mod profile;
mod zitadel;
