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

/// `n` rows of the demo's Waldur change, spread over the set (which ones moves with `round`):
/// urgencies flip, some are silenced for a day, some unsilenced. Each is stamped with the
/// server's clock, as Django's `auto_now` does.
pub fn churn(server: &opsy_demo::DemoServer, n: usize, round: usize) {
    use opsy_demo::waldur::Urgency;
    server.with_waldur(|s| {
        let now = s.now();
        let uuids: Vec<_> = s.rows().iter().map(|r| r.uuid).collect();
        let step = (uuids.len() / n.max(1)).max(1);
        for (i, uuid) in uuids.iter().skip(round % step).step_by(step).take(n).enumerate() {
            let Some(row) = s.row_mut(*uuid) else { continue };
            match i % 4 {
                0 => row.silence(Some(1), now),
                1 => row.unsilence(now),
                _ => {
                    row.urgency = if row.urgency == Urgency::High { Urgency::Low } else { Urgency::High };
                    row.modified = now;
                }
            }
        }
    });
}
