//! The decoders against payloads shaped like ZITADEL's protojson, quirks included.

use std::time::Duration;

use crate::backends::zitadel::errors::{self, ACTION_NOT_ACTIVE, ACTION_NOT_FOUND, ACTION_NOT_INACTIVE};
use crate::backends::zitadel::events::ListEventsResponse;
use crate::backends::zitadel::flows::{Binding, bindings_of};
use crate::backends::zitadel::glossary::{self, Api};
use crate::backends::zitadel::history::{self, EventKind, Field};
use crate::backends::zitadel::wire::{
    ActionState, FlowState, GetActionResponse, GetFlowResponse, ListActionsResponse, MutationResponse,
};
use crate::domain::error::{ApiError, StatusError};

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/zitadel/", $name))
    };
}

fn json<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).expect("fixture decodes")
}

fn ts(s: &str) -> jiff::Timestamp {
    s.parse().expect("timestamp")
}

#[test]
fn a_list_page_reads_string_integers_durations_and_omitted_zero_values() {
    let page: ListActionsResponse = json(fixture!("list_actions_page.json"));
    assert_eq!(page.details.total_result, 3);
    assert_eq!(page.details.processed_sequence, 4711);
    assert_eq!(page.result.len(), 3);

    let full = &page.result[0];
    assert_eq!(full.id.raw(), "69629023906488334");
    assert_eq!(full.details.sequence, 12);
    assert_eq!(full.details.change_date, Some(ts("2025-03-01T08:00:00.5Z")));
    assert_eq!(&*full.details.resource_owner, "69629012906488334");
    assert_eq!(full.state, ActionState::Active);
    assert_eq!(full.timeout, Duration::from_secs(10));
    assert!(full.allowed_to_fail);

    // `state` and `allowedToFail` absent: zero values the server left out.
    let sparse = &page.result[1];
    assert_eq!(sparse.state, ActionState::Unspecified);
    assert!(!sparse.allowed_to_fail);
    assert_eq!(sparse.timeout, Duration::from_millis(500));
    assert_eq!(sparse.details.creation_date, Some(ts("2025-01-05T08:30:00Z")));

    let inactive = &page.result[2];
    assert_eq!(inactive.state, ActionState::Inactive);
    assert_eq!(inactive.timeout, Duration::from_millis(1500));
    assert_eq!(inactive.details.creation_date, None);
}

#[test]
fn scripts_stay_byte_exact_for_the_put_and_clean_for_the_screen() {
    let page: ListActionsResponse = json(fixture!("list_actions_page.json"));
    let script = &page.result[0].script;
    assert_eq!(script.raw(), "function addClaims(ctx, api) {\n\tapi.v1.claims.setClaim('tier', 'gold');\r\n}\n");
    assert_eq!(script.shown(), "function addClaims(ctx, api) {\n    api.v1.claims.setClaim('tier', 'gold');\n}\n");
    let name = &page.result[1].name;
    assert_eq!(name.raw(), "log \u{1b}[31mcontext\u{1b}[0m");
    assert_eq!(name.shown(), "log context");
}

#[test]
fn an_empty_list_has_neither_result_nor_total() {
    let page: ListActionsResponse = json(fixture!("list_actions_empty.json"));
    assert!(page.result.is_empty());
    assert_eq!(page.details.total_result, 0);
    assert_eq!(page.details.view_timestamp, Some(ts("2025-03-01T08:00:00.123456Z")));
}

#[test]
fn get_action_and_mutation_answers_decode() {
    let got: GetActionResponse = json(fixture!("get_action.json"));
    let action = got.action.expect("action");
    assert_eq!(action.name.raw(), "log context");
    assert_eq!(action.details.sequence, 12);
    let changed: MutationResponse = json(fixture!("mutation_answer.json"));
    assert_eq!(changed.details.sequence, 13);
    assert_eq!(changed.details.creation_date, Some(ts("2025-03-02T11:12:13.456789Z")));
    assert_eq!(changed.details.change_date, None);
}

#[test]
fn snake_case_keys_and_numeric_enums_are_read_too() {
    let a: GetActionResponse = json(
        r#"{"action":{"id":"1","state":2,"allowed_to_fail":true,"timeout":"2s",
            "details":{"sequence":5,"resource_owner":"o"}}}"#,
    );
    let a = a.action.expect("action");
    assert_eq!(a.state, ActionState::Active);
    assert!(a.allowed_to_fail);
    assert_eq!(a.details.sequence, 5);
    assert_eq!(&*a.details.resource_owner, "o");
}

#[test]
fn wrong_shapes_default_instead_of_failing_the_page() {
    let page: ListActionsResponse = json(
        r#"{"details":null,"result":[{"id":"1","timeout":"soon","state":"ACTION_STATE_PAUSED","details":[1]},"junk"]}"#,
    );
    assert_eq!(page.result.len(), 1);
    let a = &page.result[0];
    assert_eq!(a.timeout, Duration::ZERO);
    assert_eq!(a.state, ActionState::Unspecified);
    assert_eq!(a.details.sequence, 0);
}

fn status_error(status: u16, body: &str) -> ApiError {
    let v: serde_json::Value = serde_json::from_str(body).expect("json");
    let mut s = errors::read_error(&v);
    s.server = "id.example.com".into();
    s.status = status;
    ApiError::Status(s)
}

#[test]
fn both_error_forms_give_the_numeric_code_the_message_and_the_id() {
    for body in [fixture!("error_not_found_numeric.json"), fixture!("error_not_found_named.json")] {
        let e = status_error(404, body);
        let ApiError::Status(StatusError { code, message, correlation, .. }) = &e else { panic!("status error") };
        assert_eq!(*code, Some(5));
        assert_eq!(message, "Errors.Action.NotFound");
        assert_eq!(correlation.as_deref(), Some("COMMAND-Sfg2t"));
        assert_eq!(errors::error_key(&e), Some("Errors.Action.NotFound"));
        assert!(errors::is(&e, ACTION_NOT_FOUND));
        assert!(!errors::is(&e, ACTION_NOT_ACTIVE));
        assert_eq!(e.to_string(), "id.example.com answered 404 (id 5): Errors.Action.NotFound [error COMMAND-Sfg2t]");
    }
}

#[test]
fn code_names_map_to_grpc_numbers() {
    assert_eq!(errors::grpc_code("not_found"), Some(5));
    assert_eq!(errors::grpc_code("PERMISSION_DENIED"), Some(7));
    assert_eq!(errors::grpc_code("failed_precondition"), Some(9));
    assert_eq!(errors::grpc_code("unauthenticated"), Some(16));
    assert_eq!(errors::grpc_code("9"), Some(9));
    assert_eq!(errors::grpc_code("teapot"), None);
}

#[test]
fn a_translated_message_is_still_recognised_by_its_id() {
    let e = status_error(400, fixture!("error_not_inactive_translated.json"));
    assert_eq!(errors::error_key(&e), None);
    assert!(errors::is(&e, ACTION_NOT_INACTIVE));
    assert_eq!(e.code(), Some(9));
    let e = glossary::explain(e, Api::Management);
    assert_eq!(e.hint(), Some(glossary::ALREADY_ACTIVE));
}

#[test]
fn error_messages_are_cleaned_and_odd_bodies_do_not_panic() {
    let e = status_error(500, r#"{"code":13,"message":"boom\u001b[2J (x)\nnext"}"#);
    let ApiError::Status(s) = &e else { panic!("status error") };
    assert_eq!(s.message, "boom (x) next");
    assert_eq!(s.correlation, None);
    for body in ["[]", "null", r#"{"code":{"x":1},"details":"no"}"#, r#"{"error":"old gateway"}"#] {
        let _ = status_error(500, body);
    }
    assert_eq!(status_error(500, r#"{"error":"old gateway"}"#).to_string(), "id.example.com answered 500: old gateway");
}

#[test]
fn the_glossary_tells_the_apis_apart() {
    let denied = fixture!("error_permission_denied.json");
    let on_events = glossary::explain(status_error(403, denied), Api::Events);
    assert_eq!(on_events.hint(), Some(glossary::NO_EVENTS_READ));
    assert!(errors::is_denied(&on_events));
    let on_management = glossary::explain(status_error(403, denied), Api::Management);
    assert_eq!(on_management.hint(), Some(glossary::NO_ACTION_PERMISSION));
    let refused = glossary::explain(
        status_error(401, r#"{"code":16,"message":"Errors.Token.Invalid (AUTH-7fs1e)"}"#),
        Api::Management,
    );
    assert_eq!(refused.hint(), Some(glossary::TOKEN_REFUSED));
    let gone = glossary::explain(status_error(404, fixture!("error_not_found_numeric.json")), Api::Management);
    assert_eq!(gone.hint(), Some(glossary::ACTION_GONE));
    let inactive = glossary::explain(status_error(400, fixture!("error_not_active.json")), Api::Management);
    assert_eq!(inactive.hint(), Some(glossary::ALREADY_INACTIVE));
    let other = glossary::explain(status_error(500, r#"{"code":13,"message":"Errors.Internal"}"#), Api::Management);
    assert_eq!(other.hint(), None);
}

#[test]
fn flows_decode_and_answer_where_an_action_is_bound() {
    let flow: GetFlowResponse = json(fixture!("flow_external_authentication.json"));
    let flow = flow.flow.expect("flow");
    assert_eq!(&*flow.flow_type.id, "1");
    assert_eq!(flow.state, FlowState::Active);
    assert_eq!(flow.trigger_actions.len(), 2);
    assert_eq!(flow.trigger_actions[0].actions[0].state, ActionState::Inactive);
    let empty: GetFlowResponse = json(fixture!("flow_empty.json"));
    let empty = empty.flow.expect("flow");
    assert!(empty.trigger_actions.is_empty());
    assert_eq!(empty.state, FlowState::Inactive);

    let flows = [flow, empty];
    let b = |f: &str, t: &str| Binding { flow: f.into(), trigger: t.into() };
    // The second trigger has no localized name: the table fills it in.
    assert_eq!(
        bindings_of(&flows, "69629023906488335"),
        [b("External Authentication", "Post Authentication"), b("External Authentication", "Pre Creation")]
    );
    assert_eq!(bindings_of(&flows, "69629023906488336"), [b("External Authentication", "Post Authentication")]);
    assert!(bindings_of(&flows, "69629023906488334").is_empty());
}

#[test]
fn events_decode_with_editor_aggregate_and_raw_payload() {
    let list: ListEventsResponse = json(fixture!("events_action.json"));
    assert_eq!(list.events.len(), 6);
    let first = &list.events[0];
    assert_eq!(&*first.editor.display_name, "Maja Lindqvist");
    assert_eq!(&*first.editor.service, "Management-API");
    assert_eq!(first.aggregate.id.raw(), "69629023906488334");
    assert_eq!(&*first.aggregate.aggregate_type.name, "action");
    assert_eq!(first.aggregate.aggregate_type.localized.shown(), "Action");
    assert_eq!(first.sequence, 1);
    assert_eq!(&*first.event_type.name, "action.added");
    assert_eq!(first.payload.get("timeout").and_then(|t| t.as_u64()), Some(10_000_000_000));
    // No payload (absent or null) is an empty one.
    assert!(list.events[3].payload.is_empty());
    assert!(list.events[4].payload.is_empty());
    assert_eq!(list.events[3].editor.shown(), "69629044906488336");
}

#[test]
fn folding_partial_changes_rebuilds_the_full_state_at_each_event() {
    let list: ListEventsResponse = json(fixture!("events_action.json"));
    let revs = history::fold(&list.events);
    assert_eq!(revs.iter().map(|r| r.sequence).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6]);
    assert_eq!(
        revs.iter().map(|r| r.kind).collect::<Vec<_>>(),
        [
            EventKind::Added,
            EventKind::Changed,
            EventKind::Changed,
            EventKind::Deactivated,
            EventKind::Reactivated,
            EventKind::Changed
        ]
    );

    let added = &revs[0].after;
    assert!(added.complete);
    assert_eq!(added.name.raw(), "add claims");
    assert_eq!(added.timeout, Duration::from_secs(10));
    assert!(!added.allowed_to_fail);
    assert_eq!(added.state, ActionState::Active);

    // seq 2 changed only the script: name and timeout carry over from seq 1.
    let script_change = &revs[1];
    assert_eq!(script_change.changed(), [Field::Script]);
    assert_eq!(script_change.after.name.raw(), "add claims");
    assert_eq!(script_change.after.timeout, Duration::from_secs(10));
    assert!(script_change.after.script.raw().contains("'gold'"));
    assert!(script_change.before.script.raw().contains("'silver'"));
    assert!(script_change.after.script.raw().contains('\t'), "raw keeps the tab");

    // seq 3: a float nanosecond count and a flag.
    assert_eq!(revs[2].changed(), [Field::Timeout, Field::AllowedToFail]);
    assert_eq!(revs[2].after.timeout, Duration::from_millis(1500));
    assert!(revs[2].after.allowed_to_fail);
    assert!(revs[2].after.script.raw().contains("'gold'"));

    assert_eq!(revs[3].changed(), [Field::State]);
    assert_eq!(revs[3].after.state, ActionState::Inactive);
    assert_eq!(&*revs[3].editor, "69629044906488336");
    assert_eq!(revs[4].after.state, ActionState::Active);
    // No translated label was sent: ours, in the server's style, rather than the raw type.
    assert_eq!(&*revs[4].label, "Action reactivated");

    let last = &revs[5].after;
    assert_eq!(last.name.raw(), "add custom claims");
    assert_eq!(last.timeout, Duration::from_millis(1500));
    assert!(last.allowed_to_fail);
    assert_eq!(&*revs[5].label, "Action changed");

    let at_two = history::state_at(&revs, 2).expect("seq 2");
    assert_eq!(at_two.name.raw(), "add claims");
    assert!(!at_two.allowed_to_fail);
    assert!(history::state_at(&revs, 99).is_none());
}

#[test]
fn overlapping_pages_and_foreign_aggregates_do_not_disturb_the_fold() {
    let list: ListEventsResponse = json(fixture!("events_action.json"));
    let mut events = list.events.clone();
    events.extend(list.events.iter().take(2).cloned());
    let mut foreign = list.events[5].clone();
    foreign.aggregate.aggregate_type.name = "org".into();
    foreign.sequence = 7;
    events.push(foreign);
    let revs = history::fold(&events);
    assert_eq!(revs.len(), 6);
    assert_eq!(revs[5].after, history::fold(&list.events)[5].after);
}

#[test]
fn a_history_without_its_creation_is_incomplete() {
    let list: ListEventsResponse = json(fixture!("events_partial_history.json"));
    let revs = history::fold(&list.events);
    assert_eq!(revs.len(), 1);
    assert!(!revs[0].after.complete);
    assert_eq!(revs[0].after.script.raw(), "function addClaims(ctx, api) {}");
    assert_eq!(revs[0].after.name.raw(), "");
}
