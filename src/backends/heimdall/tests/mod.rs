//! The Heimdall backend against the recordings of a real server (`fixtures`) and against the
//! demo server's Heimdall dialect (`demo`).

mod demo;
mod fixtures;
mod recording;
mod replay;
