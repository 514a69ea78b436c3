//! opsy: a keyboard-driven terminal console for operators (CDS, Waldur, Heimdall, ZITADEL).
//!
//! Pure core, impure shell: `app::update` and `ui::view` are pure; `runtime` owns the terminal,
//! the tasks and the network; `api` speaks each server's dialect; `demo` is an embedded server
//! that implements the wire contracts, quirks included.

pub mod app;
pub mod backends;
pub mod cli;
pub mod config;
pub mod domain;
pub mod runtime;
pub mod ui;
