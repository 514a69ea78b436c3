//! The whole state (`Model`) and the pure `update`. No I/O, no async, no terminal, no clock
//! reads: time and results come in as messages, work goes out as effects.

pub mod command_line;
pub mod dialog;
pub mod effect;
pub mod filter;
pub mod filtering;
pub mod freshness;
pub mod keymap;
pub mod list;
pub mod loaded;
pub mod model;
pub mod msg;
pub mod panes;
pub mod purpose;
pub mod source;
#[cfg(test)]
pub mod testing;
pub mod update;

pub use effect::{Call, Effect, Subscription};
pub use model::{Model, Pane, Settings};
pub use msg::{Feed, Msg, Payload, Reply};
pub use update::update;
