//! One module per pane: its state, its keys, its dialogs and its results.

pub mod actions;
pub mod audits;
pub mod groups;
pub mod user_actions;
