//! Fixtures for `update` tests and UI snapshots: a frozen clock, a model with Waldur configured,
//! and user actions decoded from wire JSON (so they go through the real decoders).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;

use super::effect::Effect;
use super::keymap::Keymap;
use super::model::{Model, Pane, Servers, Settings};
use super::msg::{Feed, Msg, Payload};
use super::update::update;
use crate::domain::waldur::{ListQuery, Summary, UserAction};

pub const NOW: &str = "2025-06-03T12:00:00Z";
pub const SERVER: &str = "waldur.example.com";

pub fn now() -> Timestamp {
    NOW.parse().expect("fixed clock")
}

pub fn model() -> Model {
    model_with(Keymap::default())
}

pub fn model_with(keymap: Keymap) -> Model {
    let settings = Settings {
        profile: "prod".into(),
        servers: Servers { waldur: Some(SERVER.into()), cds: None },
        ..Settings::default()
    };
    let mut m = Model::new(settings, keymap, now());
    m.pane = Pane::UserActions;
    update(&mut m, Msg::Resize { width: 80, height: 24 });
    m
}

pub fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

pub fn typed(m: &mut Model, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| update(m, key(c))).collect()
}

/// One wire row; `n` makes the uuid, titles and projects distinct.
pub fn row_json(n: u32, urgency: &str, due: Option<&str>, extra: &str) -> String {
    let due = due.map_or("null".to_string(), |d| format!("\"{d}\""));
    format!(
        r#"{{"uuid":"{n:032x}","action_type":"{typ}","title":"{title} {n}","description":"Order has been pending approval for 2 days.",
        "urgency":"{urgency}","due_date":{due},"is_silenced":false,"silenced_until":null,"is_temporarily_silenced":false,
        "is_effectively_silenced":false,"created":"2025-06-01T06:00:0{s}.120044+00:00","modified":"2025-06-01T12:00:02+00:00",
        "related_object_name":"type: Create, offering: HPC allocation, created_by: Alice","related_object_type":"Order",
        "corrective_actions":[
          {{"label":"View Order Details","category":"view","severity":"safe","method":"GET","api_endpoint":false,
           "confirmation_required":false,"permissions_required":[],"metadata":{{}},"route_name":"marketplace-orders.details",
           "route_params":{{"order_uuid":"9a8b7c6d5e4f40318a2b3c4d5e6f7081"}}}},
          {{"label":"Approve Order","category":"approve","severity":"low","method":"POST","api_endpoint":true,
           "confirmation_required":true,"permissions_required":["ORDER.APPROVE"],"metadata":{{"order_type":1}},
           "route_name":null,"route_params":{{}}}},
          {{"label":"Reject Order","category":"reject","severity":"high","method":"GET","api_endpoint":false,
           "confirmation_required":true,"permissions_required":["ORDER.APPROVE"],"metadata":{{}},
           "route_name":"marketplace-orders.details","route_params":{{"order_uuid":"9a8b7c6d5e4f40318a2b3c4d5e6f7081","tab":"reject"}}}}],
        "days_until_due":4,"route_name":"marketplace-orders.details","route_params":{{"order_uuid":"9a8b7c6d5e4f40318a2b3c4d5e6f7081"}},
        "project_name":"{project}","project_uuid":"11112222-3333-4444-8555-666677778888","organization_name":"Uni Lab",
        "organization_uuid":"aaaabbbb-cccc-4ddd-8eee-ffff00001111","offering_name":"HPC allocation",
        "offering_uuid":"12345678-9abc-4def-8123-456789abcdef","offering_type":"Marketplace.Slurm",
        "resource_name":"genomics-alloc","resource_uuid":null,"order_type":"Create"{extra}}}"#,
        typ = if n.is_multiple_of(2) { "pending_order" } else { "expiring_resource" },
        title = if n.is_multiple_of(2) { "Approve pending order: HPC allocation" } else { "Resource expiring: vm-web" },
        project = if n.is_multiple_of(3) { "Genomics" } else { "Climate Lab" },
        s = n % 10,
    )
}

pub fn rows(specs: &[(u32, &str, Option<&str>)]) -> Vec<UserAction> {
    let json: Vec<String> = specs.iter().map(|(n, u, d)| row_json(*n, u, *d, "")).collect();
    serde_json::from_str(&format!("[{}]", json.join(","))).expect("fixture rows decode")
}

/// A realistic small set: all urgencies, overdue and future, both types.
pub fn standard_rows() -> Vec<UserAction> {
    rows(&[
        (1, "medium", Some("2025-06-10T09:00:00+00:00")),
        (2, "high", Some("2025-06-01T09:14:02.511203+00:00")),
        (3, "low", Some("2025-07-01T00:00:00Z")),
        (4, "high", Some("2025-06-05T09:00:00+00:00")),
        (5, "medium", None),
        (6, "low", Some("2025-05-20T00:00:00Z")),
    ])
}

pub fn summary_of(rows: &[UserAction]) -> Summary {
    let count = |u: &str| rows.iter().filter(|r| r.urgency.as_str() == u).count() as i64;
    Summary {
        total: rows.len() as i64,
        by_urgency: crate::domain::waldur::ByUrgency {
            low: count("low"),
            medium: count("medium"),
            high: count("high"),
        },
        by_type: vec![],
        overdue: rows.iter().filter(|r| r.due_date.is_some_and(|d| d < now())).count() as i64,
    }
}

/// Deliver a successful fetch for the model's current query.
pub fn fetched(m: &mut Model, rows: Vec<UserAction>) {
    let summary = summary_of(&rows);
    let query = m.user_actions.query();
    fetched_for(m, query, rows, summary);
}

pub fn fetched_for(m: &mut Model, query: ListQuery, rows: Vec<UserAction>, summary: Summary) {
    update(
        m,
        Msg::Fetched { feed: Feed::UserActions(query), at: now(), result: Ok(Payload::UserActions { rows, summary }) },
    );
}

pub fn loaded_model() -> Model {
    let mut m = model();
    fetched(&mut m, standard_rows());
    m
}
