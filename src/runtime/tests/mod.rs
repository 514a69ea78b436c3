//! The whole app driven by keys against the demo server.

mod edit;
mod harness;
mod heimdall;
mod marks;
mod profile;
mod zitadel;
