//! The whole state (`Model`) and the pure `update`. No I/O, no async, no terminal, no clock
//! reads: time and results come in as messages, work goes out as effects.

pub mod keymap;
