//! The whole state (`Model`) and the pure `update`. No I/O, no async, no terminal, no clock
//! reads: time and results come in as messages, work goes out as effects. The panes live in
//! `panes/`, one folder each, listed in its registry; the sources they show come from the
//! backends as data (`source`), never by name.

pub(crate) mod bulk;
pub(crate) mod clipboard;
pub(crate) mod command_line;
pub(crate) mod dialog;
pub(crate) mod document;
pub(crate) mod effect;
pub(crate) mod field;
pub(crate) mod filter;
pub(crate) mod find;
pub(crate) mod freshness;
pub(crate) mod help;
pub(crate) mod hints;
pub(crate) mod history;
pub(crate) mod keymap;
pub(crate) mod list;
pub(crate) mod loaded;
pub(crate) mod merge;
pub(crate) mod model;
pub(crate) mod msg;
pub(crate) mod panes;
pub(crate) mod paths;
#[cfg(test)]
pub(crate) mod props;
pub(crate) mod source;
#[cfg(test)]
pub(crate) mod testing;
pub(crate) mod update;
