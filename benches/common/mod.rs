//! Shared set-up for the benchmarks: 100k realistic user actions from the demo seed, split
//! into the pages the client really receives, and a console holding them.

#![allow(dead_code)]

use jiff::Timestamp;
use opsy::bench::{Console, UserActions};

pub const ROWS: usize = 100_000;
pub const PAGE: usize = 300;

pub fn now() -> Timestamp {
    "2025-06-03T12:00:00Z".parse().expect("fixed clock")
}

/// The seeded rows as wire JSON, one byte vector per page of 300.
pub fn pages(rows: usize) -> Vec<Vec<u8>> {
    let all = opsy_demo::waldur::wire_json(rows, opsy_demo::DEFAULT_SEED, now());
    let values: Vec<serde_json::Value> = serde_json::from_slice(&all).expect("seed json");
    values.chunks(PAGE).map(|c| serde_json::to_vec(c).expect("page json")).collect()
}

/// Decode pages exactly as the client does (interning per page).
pub fn decode(pages: &[Vec<u8>]) -> UserActions {
    UserActions::decode(pages).expect("decodes")
}

pub fn console_with(rows: UserActions) -> Console {
    Console::with_user_actions(rows, 160, 48, now())
}
