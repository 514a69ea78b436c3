//! opsy: a keyboard-driven terminal console for operators (CDS, Waldur, Heimdall, ZITADEL).
//!
//! Pure core, impure shell: `app::update` and `ui::view` are pure; `runtime` owns the terminal,
//! the tasks and the network; `backends` speak each server's dialect. docs/ARCHITECTURE.md
//! draws the folders and the route of a key press to an HTTP request and back.
//!
//! The library exists for the binary and the benchmarks: `cli::main` and `bench` are its only
//! public items, so the compiler reports everything else that nothing uses.

pub(crate) mod app;
pub(crate) mod backends;
#[doc(hidden)]
pub mod bench;
pub mod cli;
pub(crate) mod config;
pub(crate) mod domain;
#[cfg(test)]
mod props;
pub(crate) mod runtime;
pub(crate) mod ui;
