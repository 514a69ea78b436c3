//! CDS payloads as the server really sends them (docs/wire-cds.md): every quirk must
//! decode, and what opsy sends back must be what it read.

use crate::backends::cds::wire::{
    Action, ActionPath, ActionType, AuditAction, AuditDataType, AuditEvent, Expiration, ExportFormat, Group, GroupRef,
    Requirement, Token, Usage, WireStr, WorkerModel,
};
use jiff::Timestamp;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cds_payloads/", $name))
    };
}

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> T {
    match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => panic!("fixture does not decode: {e}"),
    }
}

fn ts(s: &str) -> Option<Timestamp> {
    Some(s.parse().expect("test timestamp"))
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).expect("test JSON")
}

/// The documented example verbatim, except that its `"last_audit":{…}` placeholder (not JSON) is filled in.
#[test]
fn spec_single_action_decodes_with_steps_and_audits() {
    let a: Action = decode(fixture!("spec_action_get.json"));
    assert_eq!((a.id, a.group_id, a.name.raw(), &a.kind), (42, Some(7), "build", &ActionType::Default));
    assert_eq!(a.description, "Build it");
    assert!(a.enabled && !a.deprecated && a.editable);
    assert_eq!(a.requirements.len(), 1);
    assert_eq!((a.requirements[0].kind.raw(), a.requirements[0].value.raw()), ("binary", "bash"));
    assert_eq!(a.parameters[0].description, "output dir");
    assert_eq!(a.group, Some(GroupRef { id: 7, name: WireStr::new("grp") }));
    assert_eq!(a.path(), Some(ActionPath::new("grp", "build")));
    assert_eq!(a.full_name(), "grp/build");

    let step = &a.actions[0];
    assert_eq!((step.id, &step.kind, step.step_name.raw()), (1, &ActionType::Builtin, "compile"));
    assert!(step.always_executed && !step.optional && step.requirements.is_empty());
    assert_eq!(step.group_id, None);
    assert_eq!(step.path(), None, "a builtin has no /action/{{group}}/{{name}} route");
    assert_eq!(step.parameters[0].value, "make {{.target}}");

    let first = a.first_audit.as_deref().expect("first_audit");
    assert_eq!((first.event_type.clone(), first.data_type), (AuditEvent::ActionAdd, AuditDataType::Json));
    assert_eq!(first.created, ts("2019-10-01T06:00:00.1Z"));
    assert!(!first.can_roll_back());
    let last = a.last_audit.as_deref().expect("last_audit");
    assert!(last.can_roll_back());
}

#[test]
fn spec_audit_list_keeps_yaml_snapshots_raw() {
    let rows: Vec<AuditAction> = decode(fixture!("spec_audit_list.json"));
    let r = &rows[0];
    assert_eq!((r.id, &*r.triggered_by, r.action_id), (310, "jdoe", 42));
    assert_eq!(r.event_type, AuditEvent::ActionUpdate);
    assert_eq!(r.data_type, AuditDataType::Yaml);
    assert_eq!(r.created, ts("2019-10-14T07:12:44.318551Z"));
    assert_eq!(r.data_before, "version: v1.0\nname: build\ngroup: grp\n…");
    assert!(r.can_roll_back());
}

#[test]
fn audit_snapshots_are_not_cleaned_on_decode() {
    let rows: Vec<AuditAction> = decode(
        r#"[{"id":1,"event_type":"ActionUpdate","data_type":"yaml","data_before":"a:\tb\u001b[2J\r\n","data_after":null}]"#,
    );
    assert_eq!(rows[0].data_before, "a:\tb\u{1b}[2J\r\n");
    assert_eq!(rows[0].data_after, "");
}

#[test]
fn spec_group_decodes_members_and_tokens() {
    let g: Group = decode(fixture!("spec_group_get.json"));
    assert_eq!((g.id, g.name.raw()), (7, "grp"));
    let members: Vec<(&str, bool)> = g.members().map(|(u, admin)| (u.username.raw(), admin)).collect();
    assert_eq!(members, vec![("jdoe", true), ("alice", false)]);
    assert_eq!(&*g.admins[0].fullname, "John Doe");
    assert!(!g.admins[0].admin);
    let t = &g.tokens[0];
    assert_eq!((t.id, t.group_id, t.expiration), (9, 0, Some(Expiration::Persistent)));
    assert_eq!(t.created, ts("2019-09-02T10:00:00Z"));
}

#[test]
fn a_group_without_admins_users_or_tokens_decodes_empty() {
    let g: Group = decode(fixture!("group_bare.json"));
    assert_eq!(g.name, "other");
    assert!(g.admins.is_empty() && g.users.is_empty() && g.tokens.is_empty());
    let g: Group = decode(r#"{"id":1,"name":"n","admins":null,"users":null,"tokens":null}"#);
    assert!(g.admins.is_empty() && g.users.is_empty() && g.tokens.is_empty());
}

#[test]
fn the_group_put_body_carries_name_and_member_usernames_only() {
    let mut g: Group = decode(fixture!("spec_group_get.json"));
    g.name = WireStr::new("renamed");
    let body = serde_json::to_value(&g).expect("serialise");
    assert_eq!(body, json(r#"{"name":"renamed","admins":[{"username":"jdoe"}],"users":[{"username":"alice"}]}"#));
}

#[test]
fn spec_generated_token_holds_the_secret_out_of_debug() {
    let t: Token = decode(fixture!("spec_token_generate.json"));
    assert_eq!((t.id, t.group_id, &*t.group_name), (0, 7, "grp"));
    assert_eq!(t.token.expose(), "<64 hex chars>");
    assert_eq!(t.expiration, Some(Expiration::Persistent));
    assert_eq!(t.created, ts("2019-09-02T08:00:00.123Z"));
    let debug = format!("{t:?}");
    assert!(!debug.contains("64 hex"), "secret leaked into Debug: {debug}");
}

#[test]
fn token_lists_have_group_id_zero_and_tolerate_unknown_codes() {
    let rows: Vec<Token> = decode(fixture!("token_list.json"));
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|t| t.group_id == 0));
    assert_eq!(&*rows[0].description, "cibell");
    assert_eq!(rows[1].expiration, Some(Expiration::Daily));
    assert_eq!(rows[1].created, ts("2019-09-02T10:00:00Z"));
    assert_eq!((rows[2].expiration, rows[2].created, rows[2].token.expose().is_empty()), (None, None, true));
}

#[test]
fn action_lists_survive_nulls_absences_unknown_keys_and_junk() {
    let rows: Vec<Action> = decode::<Vec<serde_json::Value>>(fixture!("action_list_quirks.json"))
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect();
    assert_eq!(rows.len(), 5, "only the non-object entry is dropped");

    let build = &rows[0];
    assert!(build.requirements.is_empty() && build.parameters.is_empty() && build.actions.is_empty());
    assert!(build.deprecated && !build.editable, "absent editable means not editable");
    assert!(build.last_audit.is_none());
    assert_eq!(build.first_audit.as_ref().and_then(|a| a.created), ts("2019-10-01T06:00:00Z"));
    // The screen sees cleaned text; the PUT would send the original bytes back.
    assert_eq!(build.description.shown(), "Build it\n    step two red");
    assert_eq!(build.description.raw(), "Build it\r\n\tstep two \u{1b}[31mred\u{1b}[0m");

    let fresh = &rows[1];
    assert_eq!(fresh.group_id, None, "group_id may be absent");
    assert_eq!(fresh.owner_id(), Some(8), "falls back on the embedded group");
    assert!(fresh.first_audit.is_none(), "audits may be missing right after a write");
    assert!(fresh.parameters[0].advanced);
    assert!(fresh.parameters[1].description.is_empty());

    assert_eq!(rows[2].kind, ActionType::Builtin);
    assert_eq!(rows[3].kind, ActionType::Joined);
    assert_eq!(rows[4].kind, ActionType::Other("Quantum".into()));
    assert!(rows[4].group.is_none() && rows[4].first_audit.is_none() && !rows[4].editable);
}

#[test]
fn usage_keeps_string_project_ids_and_unswaps_job_and_action() {
    let u: Usage = decode(fixture!("usage_quirks.json"));
    let p = &u.pipelines[0];
    assert_eq!((p.project_id(), p.project_key(), p.pipeline_name(), p.stage_name()), ("12", "PROJ", "deploy", "Build"));
    assert_eq!((p.job_id(), p.job_name()), (77, "Compile job"), "the job lives in the wire's action_*");
    assert_eq!((p.action_id(), p.action_name()), (42, "build"), "the queried action lives in the wire's job_*");
    assert!(p.warning());
    assert_eq!(u.pipelines[1].project_id(), "13", "a numeric id is tolerated too");
    let a = &u.actions[0];
    assert_eq!(a.parent_path(), ActionPath::new("other", "release"));
    assert!(a.warning);

    let empty: Usage = decode(r#"{"pipelines":null}"#);
    assert!(empty.pipelines.is_empty() && empty.actions.is_empty());
}

#[test]
fn worker_models_decode_what_an_operator_looks_at() {
    let rows: Vec<WorkerModel> = decode(fixture!("worker_models.json"));
    let m = &rows[0];
    assert_eq!(
        (m.name.raw(), &*m.kind, &*m.model_docker.image, m.model_docker.memory),
        ("go-official", "docker", "golang:1.13", 4096)
    );
    assert_eq!(m.registered_capabilities[0].value, "go");
    assert_eq!(m.last_registration, ts("2019-10-14T07:12:44.318551Z"));
    assert_eq!((&*m.created_by.username, m.nb_spawn_err, &*m.last_spawn_err_log), ("jdoe", 3, ""));
    assert_eq!(m.group.as_ref().map(|g| g.name.raw()), Some("shared.infra"));
    let vm = &rows[1];
    assert_eq!((&*vm.model_virtual_machine.flavor, &*vm.last_spawn_err_log), ("b2-7", "boom\nline2"));
    assert!(vm.registered_capabilities.is_empty() && vm.group.is_none() && vm.editable);

    let nulls: Vec<WorkerModel> = decode(
        r#"[{"id":3,"name":"bare","model_docker":null,"model_virtual_machine":"?","created_by":null,"group":7}]"#,
    );
    assert_eq!(nulls.len(), 1, "null nested objects must not drop the model");
    assert!(nulls[0].model_docker.image.is_empty() && nulls[0].created_by.username.is_empty());
}

#[test]
fn offsets_decode_to_the_same_instant() {
    let rows: Vec<AuditAction> = decode(
        r#"[{"created":"2019-10-14T09:12:44.5+02:00"},{"created":"2019-10-14T07:12:44.5Z"},{"created":"garbage"},{}]"#,
    );
    assert_eq!(rows[0].created, rows[1].created);
    assert!(rows[0].created.is_some());
    assert!(rows[2].created.is_none() && rows[3].created.is_none());
}

#[test]
fn the_action_body_matches_the_spec_post_request() {
    let spec = json(fixture!("spec_action_post_request.json"));
    // What the UI does: start from a loaded action and send it back.
    let loaded: Action = decode(fixture!("spec_action_get.json"));
    let mut body = serde_json::to_value(&loaded).expect("serialise");
    let obj = body.as_object_mut().expect("object");
    assert_eq!(obj.remove("id"), Some(json("42")), "a PUT carries the id");
    assert_eq!(obj.remove("enabled"), Some(json("true")));
    assert_eq!(obj.remove("deprecated"), Some(json("false")), "sent so a PUT never un-deprecates");
    let spec_param = json(r#"{"name":"target","type":"string","value":"dist","description":"output dir"}"#);
    assert_eq!(obj["parameters"][0], spec_param, "the description survives a round trip");
    obj["parameters"][0].as_object_mut().expect("param").remove("description");
    assert_eq!(body, spec);

    // A new action has no id to send.
    let new = Action { id: 0, ..loaded };
    assert!(serde_json::to_value(&new).expect("serialise").get("id").is_none());
}

#[test]
fn the_action_body_sends_raw_bytes_and_the_group_id_from_the_group() {
    let a: Action = decode(
        r#"{"id":5,"name":"tab\tname","group":{"id":8,"name":"other"},"description":"line\r\n\tindent",
            "requirements":[{"id":1,"name":"model","type":"model","value":"shared.infra/go"}],
            "parameters":[{"id":2,"name":"script","type":"text","value":"echo \u001b[1mhi\n\tdone","advanced":false}],
            "actions":[{"id":9,"name":"Script","step_name":"","enabled":false,"optional":true}]}"#,
    );
    let body = serde_json::to_string(&a).expect("serialise");
    let expected = concat!(
        r#"{"id":5,"group_id":8,"name":"tab\tname","description":"line\r\n\tindent","enabled":false,"deprecated":false,"#,
        r#""parameters":[{"name":"script","type":"text","value":"echo \u001b[1mhi\n\tdone"}],"#,
        r#""requirements":[{"name":"model","type":"model","value":"shared.infra/go"}],"#,
        r#""actions":[{"id":9,"enabled":false,"optional":true,"always_executed":false,"parameters":[]}]}"#
    );
    assert_eq!(body, expected);
    assert_eq!(a.name.shown(), "tab name");
}

#[test]
fn requirement_lists_may_be_null() {
    let r: Option<Vec<Requirement>> = decode("null");
    assert!(r.is_none());
    let r: Vec<Requirement> = decode(r#"[{"id":0,"name":"git","type":"binary","value":"git","action_id":3}]"#);
    assert_eq!((r[0].name.raw(), r[0].id), ("git", 0));
}

#[test]
fn spec_error_payload_is_read_by_id_message_and_uuid() {
    let e = crate::backends::cds::client::read_error(&json(fixture!("spec_error.json")));
    assert_eq!(e.code, Some(150));
    assert_eq!(e.message, "User is not a group's admin");
    assert_eq!(e.correlation.as_deref(), Some("5d1c…"));
}

#[test]
fn import_formats_follow_cdsctl() {
    assert_eq!(ExportFormat::from_file_name("a.json"), ExportFormat::Json);
    for name in ["a.yml", "a.yaml", "a", "a.JSON", "json"] {
        assert_eq!(ExportFormat::from_file_name(name), ExportFormat::Yaml, "{name}");
    }
    assert_eq!(ExportFormat::Yaml.content_type(), "application/x-yaml");
    assert_eq!(ExportFormat::Json.content_type(), "application/json");
}

#[test]
fn nothing_panics_on_hostile_shapes() {
    for junk in [
        "{}",
        r#"{"id":"x","actions":{"a":1},"parameters":"p","requirements":7,"group":[1],"first_audit":"s"}"#,
        r#"{"name":12,"type":null,"description":[1,2],"group_id":"7"}"#,
        r#"{"actions":[{"actions":[{"actions":[null,1,"x",{}]}]}]}"#,
    ] {
        let a: Action = decode(junk);
        assert!(a.name.raw().len() <= 2);
    }
    let a: Action = decode(r#"{"group_id":"7","name":12}"#);
    assert_eq!((a.group_id, a.name.raw()), (Some(7), "12"));
    let deep = format!("{}{}", r#"{"actions":["#.repeat(200), "]}".repeat(200));
    assert!(serde_json::from_str::<Action>(&deep).is_err(), "refused by the recursion limit, not a stack overflow");
}
