//! Shared set-up for the benchmarks: 100k realistic user actions from the demo seed, split
//! into the pages the client really receives, and a model holding them.

#![allow(dead_code)]

use jiff::Timestamp;
use opsy::app::keymap::Keymap;
use opsy::app::model::{Model, Pane, Servers, Settings};
use opsy::app::{Feed, Msg, Payload, update};
use opsy::backends::de::interning;
use opsy::backends::waldur::model::{ListQuery, Summary, UserActionRow};

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
pub fn decode(pages: &[Vec<u8>]) -> Vec<UserActionRow> {
    let mut rows = Vec::with_capacity(pages.len() * PAGE);
    for p in pages {
        let page: Vec<UserActionRow> = interning(|| serde_json::from_slice(p)).expect("decodes");
        rows.extend(page);
    }
    rows
}

pub fn model_with(rows: Vec<UserActionRow>) -> Model {
    let settings = Settings {
        profile: "bench".into(),
        servers: Servers { waldur: Some("waldur.example.com".into()), cds: None },
        ..Settings::default()
    };
    let mut m = Model::new(settings, Keymap::default(), now());
    m.pane = Pane::UserActions;
    update(&mut m, Msg::Resize { width: 160, height: 48 });
    let summary = Summary { total: rows.len() as i64, ..Default::default() };
    update(
        &mut m,
        Msg::Fetched {
            feed: Feed::UserActions(ListQuery::default()),
            at: now(),
            result: Ok(Payload::UserActions { rows, summary }),
        },
    );
    m
}
