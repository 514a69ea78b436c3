//! Fixtures for `update` tests and UI snapshots: a frozen clock, a model with Waldur configured,
//! and user actions decoded from wire JSON (so they go through the real decoders).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;

use super::effect::Effect;
use super::keymap::Keymap;
use super::model::{Model, Settings};
use super::msg::{Feed, Msg, Payload};
use super::panes::Pane;
use super::panes::user_actions::UserActionsView;
use super::source::{Key, SourceId, SourceInfo, Sources};
use super::update::update;
use crate::backends::http::{Auth, ServerOptions};
use crate::backends::waldur::model::{ListQuery, Summary, UserAction, UserActionRow};
use crate::backends::{Connection, cds, heimdall, waldur, zitadel};

pub(crate) const NOW: &str = "2025-06-03T12:00:00Z";
pub(crate) const SERVER: &str = "waldur.example.com";

pub(crate) fn now() -> Timestamp {
    NOW.parse().expect("fixed clock")
}

pub(crate) fn model() -> Model {
    model_with(Keymap::default())
}

/// The Waldur source of every test model.
pub(crate) const WALDUR_ID: SourceId = SourceId(0);
/// The CDS source of `cds_model` and the models built on it.
pub(crate) const CDS_ID: SourceId = SourceId(1);
/// The ZITADEL and Heimdall sources of `mixed_model`.
pub(crate) const ZITADEL_ID: SourceId = SourceId(2);
pub(crate) const HEIMDALL_ID: SourceId = SourceId(3);

fn info(
    connect: fn(SourceId, &Connection) -> Result<crate::backends::Connected, crate::domain::error::ApiError>,
    id: SourceId,
    url: &str,
) -> SourceInfo {
    let conn = Connection::new(ServerOptions::new(url, Auth::None));
    connect(id, &conn).expect("the test source connects").info
}

pub(crate) fn waldur_info() -> SourceInfo {
    info(waldur::connect, WALDUR_ID, &format!("https://{SERVER}/api/"))
}

pub(crate) fn cds_info() -> SourceInfo {
    info(cds::connect, CDS_ID, &format!("https://{CDS}/cdsapi"))
}

pub(crate) fn model_with(keymap: Keymap) -> Model {
    model_of(vec![waldur_info()], keymap, Pane::UserActions)
}

/// A model over `sources`, on `pane`, at 80×24.
pub(crate) fn model_of(sources: Vec<SourceInfo>, keymap: Keymap, pane: Pane) -> Model {
    let settings = Settings { profile: "prod".into(), ..Settings::default() };
    let mut m = Model::new(settings, Sources::new(sources), keymap, now());
    m.pane = pane;
    update(&mut m, Msg::Resize { width: 80, height: 24 });
    m
}

pub(crate) fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub(crate) fn ctrl(c: char) -> Msg {
    Msg::Key(crossterm::event::KeyEvent::new(KeyCode::Char(c), crossterm::event::KeyModifiers::CONTROL))
}

pub(crate) fn code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

pub(crate) fn typed(m: &mut Model, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| update(m, key(c))).collect()
}

/// One wire row; `n` makes the uuid, titles and projects distinct.
pub(crate) fn row_json(n: u32, urgency: &str, due: Option<&str>, extra: &str) -> String {
    // As the server computes it: the due date's UTC day minus today's.
    let days_until_due = due.map_or("null".to_string(), |d| {
        let day = |t: Timestamp| t.to_zoned(jiff::tz::TimeZone::UTC).date();
        let due: Timestamp = d.parse().expect("fixture due date");
        (day(due) - day(now())).get_days().to_string()
    });
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
        "days_until_due":{days_until_due},"route_name":"marketplace-orders.details","route_params":{{"order_uuid":"9a8b7c6d5e4f40318a2b3c4d5e6f7081"}},
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

pub(crate) fn rows(specs: &[(u32, &str, Option<&str>)]) -> Vec<UserActionRow> {
    let json: Vec<String> = specs.iter().map(|(n, u, d)| row_json(*n, u, *d, "")).collect();
    serde_json::from_str(&format!("[{}]", json.join(","))).expect("fixture rows decode")
}

/// The live detail of row `n` of `standard_rows`, as `GET /user-actions/{uuid}/` answers.
pub(crate) fn full(n: u32) -> UserAction {
    let (urgency, due) = STANDARD.iter().find(|(k, ..)| *k == n).map(|(_, u, d)| (*u, *d)).unwrap_or(("high", None));
    serde_json::from_str(&row_json(n, urgency, due, "")).expect("fixture detail decodes")
}

const STANDARD: [(u32, &str, Option<&str>); 6] = [
    (1, "medium", Some("2025-06-10T09:00:00+00:00")),
    (2, "high", Some("2025-06-01T09:14:02.511203+00:00")),
    (3, "low", Some("2025-07-01T00:00:00Z")),
    (4, "high", Some("2025-06-05T09:00:00+00:00")),
    (5, "medium", None),
    (6, "low", Some("2025-05-20T00:00:00Z")),
];

/// A realistic small set: all urgencies, overdue and future, both types.
pub(crate) fn standard_rows() -> Vec<UserActionRow> {
    rows(&STANDARD)
}

pub(crate) fn summary_of(rows: &[UserActionRow]) -> Summary {
    let count = |u: &str| rows.iter().filter(|r| r.urgency.as_str() == u).count() as i64;
    Summary {
        total: rows.len() as i64,
        by_urgency: crate::backends::waldur::model::ByUrgency {
            low: count("low"),
            medium: count("medium"),
            high: count("high"),
        },
        by_type: vec![],
        overdue: rows.iter().filter(|r| r.due().is_some_and(|d| d < now())).count() as i64,
    }
}

/// Deliver a successful fetch for the model's current query.
pub(crate) fn fetched(m: &mut Model, rows: Vec<UserActionRow>) {
    let summary = summary_of(&rows);
    let query = m.user_actions.query();
    fetched_for(m, query, rows, summary);
}

pub(crate) fn fetched_for(m: &mut Model, query: ListQuery, rows: Vec<UserActionRow>, summary: Summary) {
    fetched_feed(
        m,
        Feed::UserActions(WALDUR_ID, query.clone()),
        // In the order the query asks for, as the poller prepares it.
        Ok(Payload::UserActions(Box::new(UserActionsView::shared(
            rows.into_iter().map(std::sync::Arc::new).collect(),
            summary,
            None,
            query.order,
        )))),
    );
}

/// Deliver an answer to `feed`.
pub(crate) fn fetched_feed(m: &mut Model, feed: Feed, result: Result<Payload, crate::domain::error::ApiError>) {
    update(m, Msg::Fetched { feed, at: now(), result, next: None });
}

/// Answer the live load the last key asked for (detail or corrective actions) with `full(n)`.
pub(crate) fn answer_load(m: &mut Model, effects: &[Effect], detail: UserAction) -> Vec<Effect> {
    let op = effects
        .iter()
        .find_map(|e| match e {
            Effect::Call { op, call: super::effect::Call::Waldur(_, super::effect::WaldurCall::Get { .. }) } => {
                Some(*op)
            }
            _ => None,
        })
        .expect("a live load was requested");
    update(m, Msg::Done { op, result: Ok(super::msg::Reply::UserAction(Box::new(detail))) })
}

/// `x` on the selected row, answered with its live detail: the picker is open after this.
pub(crate) fn open_picker(m: &mut Model) {
    let uuid = m.user_actions.selected().map(|r| r.uuid.as_u128() as u32).expect("a selected row");
    let effects = update(m, key('x'));
    answer_load(m, &effects, full(uuid));
}

pub(crate) fn loaded_model() -> Model {
    let mut m = model();
    fetched(&mut m, standard_rows());
    m
}

pub(crate) const CDS: &str = "cds.example.com";

/// A model with both servers configured, on the Actions pane.
pub(crate) fn cds_model() -> Model {
    model_of(vec![waldur_info(), cds_info()], Keymap::default(), Pane::Actions)
}

/// The key of a CDS action.
pub(crate) fn cds_action(group: &str, name: &str) -> Key {
    Key::pair(group, name)
}

/// The key of a CDS group of the fixtures (`platform` is id 7).
pub(crate) fn cds_group_key(name: &str) -> Key {
    let id = match name {
        "platform" => 7,
        "data-eng" => 4,
        "shared.infra" => 1,
        _ => 0,
    };
    Key::NumText(id, name.into())
}

fn cds_action_json(id: i64, group: &str, name: &str, desc: &str, last: (&str, &str, &str)) -> String {
    let (by, at, event) = last;
    format!(
        r#"{{"id":{id},"group_id":7,"name":"{name}","type":"Default","description":"{desc}","enabled":true,
        "deprecated":false,"optional":false,"always_executed":false,
        "requirements":[{{"id":1,"name":"bash","type":"binary","value":"bash"}}],
        "parameters":[{{"id":5,"name":"target","type":"string","value":"dist","description":"output dir"}}],
        "group":{{"id":7,"name":"{group}"}},
        "first_audit":{{"id":{first},"triggered_by":"alice","created":"2025-05-01T08:00:00.1+02:00","event_type":"ActionAdd",
            "action_id":{id},"data_type":"json","data_before":"","data_after":"{{}}"}},
        "last_audit":{{"id":{lastid},"triggered_by":"{by}","created":"{at}","event_type":"{event}",
            "action_id":{id},"data_type":"json","data_before":"{{}}","data_after":"{{}}"}},
        "editable":true}}"#,
        first = id * 100,
        lastid = id * 100 + 1,
    )
}

pub(crate) fn cds_actions() -> Vec<crate::backends::cds::wire::Action> {
    let json = [
        cds_action_json(1, "platform", "build", "Build it", ("jdoe", "2025-06-01T10:00:00Z", "ActionUpdate")),
        cds_action_json(2, "platform", "deploy", "Deploy to k8s", ("bob", "2025-06-03T09:00:00+02:00", "ActionUpdate")),
        cds_action_json(3, "shared.infra", "notify", "Send a message", ("alice", "2025-05-20T08:00:00Z", "ActionAdd")),
        cds_action_json(4, "data-eng", "etl", "Nightly ETL", ("carol", "2025-06-02T12:00:00Z", "ActionUpdate")),
    ];
    serde_json::from_str(&format!("[{}]", json.join(","))).expect("fixture actions decode")
}

pub(crate) fn cds_action_rows(actions: &[crate::backends::cds::wire::Action]) -> Payload {
    Payload::Actions(cds::adapter::actions::rows(CDS_ID, actions))
}

pub(crate) fn cds_loaded() -> Model {
    let mut m = cds_model();
    fetched_feed(&mut m, Feed::Actions(CDS_ID), Ok(cds_action_rows(&cds_actions())));
    m
}

/// `/audit` rows of an action: the creation, then two updates (newest first, as CDS sends).
pub(crate) fn cds_audits() -> Vec<crate::backends::cds::wire::AuditAction> {
    let v1 = "version: v1.0\nname: build\ngroup: platform\nparameters:\n  target:\n    type: string\n    default: dist\nsteps:\n- script:\n  - make\n";
    let v2 = "version: v1.0\nname: build\ngroup: platform\nparameters:\n  target:\n    type: string\n    default: out\nsteps:\n- script:\n  - make\n";
    let v3 = "version: v1.0\nname: build\ngroup: platform\nparameters:\n  target:\n    type: string\n    default: out\nrequirements:\n- binary: make\nsteps:\n- script:\n  - make\n  - make test\n";
    let row = |id: i64, by: &str, at: &str, event: &str, before: &str, after: &str| {
        serde_json::json!({"id": id, "triggered_by": by, "created": at, "event_type": event, "action_id": 1,
            "data_type": "yaml", "data_before": before, "data_after": after})
    };
    let rows = serde_json::json!([
        row(103, "jdoe", "2025-06-01T10:00:00Z", "ActionUpdate", v2, v3),
        row(102, "bob", "2025-05-15T10:00:00Z", "ActionUpdate", v1, v2),
        row(101, "alice", "2025-05-01T08:00:00Z", "ActionAdd", "", v1),
    ]);
    serde_json::from_value(rows).expect("fixture audits decode")
}

/// `GET /group?withPublic=true` as a non-admin sees it: shared.infra twice.
pub(crate) fn cds_group_list() -> Vec<crate::backends::cds::wire::GroupRef> {
    let json = r#"[{"id":4,"name":"data-eng"},{"id":7,"name":"platform"},{"id":1,"name":"shared.infra"},
        {"id":1,"name":"shared.infra"}]"#;
    serde_json::from_str(json).expect("fixture groups decode")
}

fn user_json(id: i64, username: &str, fullname: &str, cds_admin: bool) -> String {
    format!(
        r#"{{"id":{id},"username":"{username}","fullname":"{fullname}","email":"{username}@example.com",
        "admin":{cds_admin},"origin":"local","favorites":null,"permissions":{{}}}}"#
    )
}

/// `GET /group/platform` with the given admins and members (usernames), as CDS sends it.
pub(crate) fn cds_group(admins: &[&str], users: &[&str]) -> crate::backends::cds::wire::Group {
    let person = |u: &&str| {
        let full = match *u {
            "jdoe" => "John Doe",
            "alice" => "Alice Martin",
            "bob" => "Bob Stone",
            "carol" => "Carol Diaz",
            other => other,
        };
        user_json(u.len() as i64, u, full, *u == "carol")
    };
    let a: Vec<String> = admins.iter().map(person).collect();
    let m: Vec<String> = users.iter().map(person).collect();
    let json = format!(r#"{{"id":7,"name":"platform","admins":[{}],"users":[{}]}}"#, a.join(","), m.join(","));
    serde_json::from_str(&json).expect("fixture group decodes")
}

/// `GET /group/platform/token`.
pub(crate) fn cds_tokens() -> Vec<crate::backends::cds::wire::Token> {
    let json = r#"[{"id":9,"group_id":0,"group_name":"platform","token":"c2VjcmV0LWhhc2g=","description":"ci",
        "creator":"John Doe","expiration":3,"created":"2025-05-02T10:00:00Z"},
        {"id":10,"group_id":0,"group_name":"platform","token":"aGFzaA==","description":"nightly hatchery",
        "creator":"Alice Martin","expiration":2,"created":"2025-06-02T12:00:00+02:00"}]"#;
    serde_json::from_str(json).expect("fixture tokens decode")
}

/// Both servers, actions and groups loaded, on the Groups pane.
pub(crate) fn groups_loaded() -> Model {
    let mut m = cds_loaded();
    m.pane = Pane::Groups;
    let rows = cds::adapter::groups::group_rows(CDS_ID, cds_group_list());
    fetched_feed(&mut m, Feed::Groups(CDS_ID), Ok(Payload::Groups(rows)));
    m
}

/// `platform` open on its Members tab: jdoe admin, alice and bob members.
pub(crate) fn group_open() -> Model {
    let mut m = groups_loaded();
    while m.groups.selected().map(|r| r.name.as_str()) != Some("platform") {
        update(&mut m, key('j'));
    }
    update(&mut m, code(KeyCode::Enter));
    group_fetched(&mut m, cds_group(&["jdoe"], &["alice", "bob"]));
    m
}

pub(crate) fn group_fetched(m: &mut Model, group: crate::backends::cds::wire::Group) {
    let detail = cds::adapter::groups::detail(&group);
    fetched_feed(m, Feed::Group(CDS_ID, detail.key.clone()), Ok(Payload::Group(detail)));
}

/// The requests among `effects`, with their op ids.
pub(crate) fn calls(effects: &[Effect]) -> Vec<(super::msg::OpId, super::effect::Call)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Call { op, call } => Some((*op, call.clone())),
            _ => None,
        })
        .collect()
}

pub(crate) fn only_call(effects: &[Effect]) -> (super::msg::OpId, super::effect::Call) {
    let c = calls(effects);
    assert_eq!(c.len(), 1, "expected one call, got {effects:?}");
    c[0].clone()
}

pub(crate) fn no_call(effects: &[Effect]) {
    assert!(calls(effects).is_empty(), "unexpected call: {effects:?}");
}

/// Deliver the answer to request `op`.
pub(crate) fn done(
    m: &mut Model,
    op: super::msg::OpId,
    result: Result<super::msg::Reply, crate::domain::error::ApiError>,
) -> Vec<Effect> {
    update(m, Msg::Done { op, result })
}

/// The open dialog's text, one line per body line.
pub(crate) fn body(m: &Model) -> String {
    m.dialog.as_ref().map(|d| d.body.iter().map(|l| l.text.clone()).collect::<Vec<_>>().join("\n")).unwrap_or_default()
}

pub(crate) fn status(m: &Model) -> String {
    m.status.as_ref().map(|s| s.text.clone()).unwrap_or_default()
}

// ----- ZITADEL and Heimdall, from their recorded and protojson fixtures -----

pub(crate) const ZITADEL: &str = "id.example.com";
pub(crate) const HEIMDALL: &str = "services.example.com";

pub(crate) fn zitadel_info() -> SourceInfo {
    info(zitadel::connect, ZITADEL_ID, &format!("https://{ZITADEL}"))
}

pub(crate) fn heimdall_info() -> SourceInfo {
    info(heimdall::connect, HEIMDALL_ID, &format!("https://{HEIMDALL}/heimdall-admin"))
}

/// The JSON body of one of the recordings of a real Heimdall server.
pub(crate) fn recorded(text: &'static str) -> &'static str {
    text.rsplit_once("\n\n").map_or(text, |(_, body)| body.trim())
}

/// Three ZITADEL actions: active (allowed to fail), one with an omitted state, and inactive.
pub(crate) fn zitadel_actions() -> Vec<zitadel::wire::Action> {
    let page: zitadel::wire::ListActionsResponse =
        serde_json::from_str(include_str!("../../tests/fixtures/zitadel/list_actions_page.json")).expect("fixture");
    page.result
}

pub(crate) fn heimdall_action_rows() -> Vec<crate::app::panes::actions::ActionRow> {
    let page: heimdall::wire::ActionList =
        serde_json::from_str(recorded(include_str!("../../tests/fixtures/heimdall/01-actions-list-default.txt")))
            .expect("recording");
    page.actions.iter().take(4).map(|a| heimdall::adapter::action_row(HEIMDALL_ID, a)).collect()
}

/// CDS, ZITADEL and Heimdall in the Actions pane, every list loaded, ZITADEL's history readable.
pub(crate) fn mixed_loaded() -> Model {
    let sources = vec![waldur_info(), cds_info(), zitadel_info(), heimdall_info()];
    let mut m = model_of(sources, Keymap::default(), Pane::Actions);
    fetched_feed(&mut m, Feed::Actions(CDS_ID), Ok(cds_action_rows(&cds_actions())));
    let rows = zitadel_actions().iter().map(|a| zitadel::adapter::row(ZITADEL_ID, a)).collect();
    fetched_feed(&mut m, Feed::Actions(ZITADEL_ID), Ok(Payload::Actions(rows)));
    fetched_feed(&mut m, Feed::Actions(HEIMDALL_ID), Ok(Payload::Actions(heimdall_action_rows())));
    let about = super::msg::About { whoami: None, history: Some(Ok(())) };
    fetched_feed(&mut m, Feed::About(ZITADEL_ID), Ok(Payload::About(about)));
    m
}

/// Heimdall's recorded groups next to the CDS ones, on the Groups pane.
pub(crate) fn heimdall_groups_loaded() -> Model {
    let mut m = mixed_loaded();
    m.pane = Pane::Groups;
    let rows = cds::adapter::groups::group_rows(CDS_ID, cds_group_list());
    fetched_feed(&mut m, Feed::Groups(CDS_ID), Ok(Payload::Groups(rows)));
    let groups: Vec<heimdall::wire::Group> =
        serde_json::from_str(recorded(include_str!("../../tests/fixtures/heimdall/28-groups-list.txt")))
            .expect("recording");
    let rows = groups.iter().map(|g| heimdall::adapter::group_row(HEIMDALL_ID, g)).collect();
    fetched_feed(&mut m, Feed::Groups(HEIMDALL_ID), Ok(Payload::Groups(rows)));
    m
}

/// `engineering:backend` open, with the recorded members (a CPF without a name, Maria Member).
pub(crate) fn heimdall_group_open() -> Model {
    let mut m = heimdall_groups_loaded();
    update(&mut m, key('/'));
    typed(&mut m, "source:heimdall engineering:backend");
    update(&mut m, code(KeyCode::Enter));
    update(&mut m, code(KeyCode::Enter));
    let members: Vec<heimdall::wire::Member> =
        serde_json::from_str(recorded(include_str!("../../tests/fixtures/heimdall/33-members-list.txt")))
            .expect("recording");
    let key = Key::Text("engineering:backend".into());
    let detail = heimdall::adapter::group_detail(&key, &members);
    fetched_feed(&mut m, Feed::Group(HEIMDALL_ID, key), Ok(Payload::Group(detail)));
    m
}
