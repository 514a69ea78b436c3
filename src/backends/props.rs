//! `prop_decode_*`: every decoder of every backend (lists, details, error bodies, Link
//! headers, protojson numbers and durations) survives arbitrary bytes and arbitrary JSON of
//! the right shape, and what it lets through to the screen is clean text.

use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{cds, heimdall, waldur, zitadel};
use crate::app::panes::actions::ActionRow;
use crate::app::panes::groups::{GroupRow, MemberRow};
use crate::app::testing::{CDS_ID, HEIMDALL_ID, ZITADEL_ID, recorded, row_json};
use crate::props::{config, json_value, nasty_string};

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    super::de::interning(|| serde_json::from_slice(bytes).ok())
}

/// Text a decoder hands on to be drawn: nothing a terminal would act on.
fn clean(what: &str, s: &str) -> Result<(), String> {
    clean_as(what, s, false)
}

/// Like [`clean`], for the multi-line texts (descriptions), which keep their line breaks.
fn clean_text(what: &str, s: &str) -> Result<(), String> {
    clean_as(what, s, true)
}

fn clean_as(what: &str, s: &str, multiline: bool) -> Result<(), String> {
    let bad = |c: &char| {
        (c.is_control() && !(multiline && *c == '\n')) || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    match s.chars().find(bad) {
        Some(c) => Err(format!("{what} {s:?} carries {c:?}")),
        None => Ok(()),
    }
}

fn clean_action(r: &ActionRow) -> Result<(), String> {
    clean("action name", &r.name)?;
    clean("action kind", &r.kind)?;
    clean("action description", &r.description)?;
    clean("action facts", &r.facts)
}

fn clean_group(r: &GroupRow) -> Result<(), String> {
    clean("group name", &r.name)?;
    clean_text("group description", &r.description)
}

fn clean_member(r: &MemberRow) -> Result<(), String> {
    clean("member", &r.shown)?;
    clean("member name", &r.name)?;
    clean("member detail", &r.detail)
}

/// Every decoder, and the adapter after it when it succeeds, as the clients chain them.
fn decode_everything(bytes: &[u8]) -> Result<(), String> {
    if let Some(list) = decode::<Vec<cds::wire::Action>>(bytes) {
        for r in cds::adapter::actions::rows(CDS_ID, &list) {
            clean_action(&r)?;
        }
        list.iter().for_each(|a| drop(cds::adapter::actions::detail(a)));
        cds::adapter::groups::group_actions(&list, "platform", 7);
    }
    if let Some(a) = decode::<cds::wire::Action>(bytes) {
        cds::adapter::actions::detail(&a);
    }
    if let Some(list) = decode::<Vec<cds::wire::AuditAction>>(bytes) {
        cds::adapter::actions::audit_rows(list);
    }
    if let Some(g) = decode::<cds::wire::Group>(bytes) {
        for m in cds::adapter::groups::detail(&g).members {
            clean_member(&m)?;
        }
    }
    if let Some(list) = decode::<Vec<cds::wire::GroupRef>>(bytes) {
        for r in cds::adapter::groups::group_rows(CDS_ID, list) {
            clean_group(&r)?;
        }
    }
    if let Some(list) = decode::<Vec<cds::wire::Token>>(bytes) {
        cds::adapter::groups::tokens(list);
    }
    if let Some(list) = decode::<Vec<cds::wire::WorkerModel>>(bytes) {
        cds::adapter::groups::worker_models(list, "platform");
    }
    if let Some(u) = decode::<cds::wire::Usage>(bytes) {
        cds::adapter::actions::usage(&u);
    }
    decode::<Vec<waldur::model::UserActionRow>>(bytes);
    decode::<waldur::model::UserAction>(bytes);
    decode::<waldur::model::Summary>(bytes);
    decode::<waldur::model::SilenceResponse>(bytes);
    decode::<waldur::model::BulkSilenceResponse>(bytes);
    decode::<waldur::model::ExecuteResponse>(bytes);
    decode::<waldur::model::UpdateActionsResponse>(bytes);
    decode::<Vec<waldur::model::Execution>>(bytes);
    if let Some(page) = decode::<zitadel::wire::ListActionsResponse>(bytes) {
        for a in &page.result {
            clean_action(&zitadel::adapter::row(ZITADEL_ID, a))?;
            zitadel::adapter::detail(a, &[]);
        }
    }
    if let Some(a) = decode::<zitadel::wire::GetActionResponse>(bytes).and_then(|r| r.action) {
        zitadel::adapter::detail(&a, &[]);
    }
    if let Some(flow) = decode::<zitadel::wire::GetFlowResponse>(bytes).and_then(|r| r.flow) {
        zitadel::flows::bindings_of(&[flow], "1");
    }
    if let Some(events) = decode::<zitadel::events::ListEventsResponse>(bytes) {
        zitadel::adapter::audit_rows(&zitadel::history::fold(&events.events));
    }
    decode::<zitadel::wire::MutationResponse>(bytes);
    if let Some(list) = decode::<heimdall::wire::ActionList>(bytes) {
        for a in &list.actions {
            clean_action(&heimdall::adapter::action_row(HEIMDALL_ID, a))?;
            heimdall::adapter::action_detail(a, &[]);
        }
    }
    if let Some(list) = decode::<Vec<heimdall::wire::Group>>(bytes) {
        for g in &list {
            clean_group(&heimdall::adapter::group_row(HEIMDALL_ID, g))?;
        }
    }
    if let Some(list) = decode::<Vec<heimdall::wire::Member>>(bytes) {
        let key = crate::app::source::Key::text("engineering:backend");
        for m in heimdall::adapter::group_detail(&key, &list).members {
            clean_member(&m)?;
        }
    }
    if let Some(u) = decode::<heimdall::wire::User>(bytes) {
        clean("whoami", &heimdall::adapter::whoami(&u))?;
    }
    decode::<Vec<heimdall::wire::MappingDetail>>(bytes);
    decode::<heimdall::wire::AddMemberAnswer>(bytes);
    decode::<heimdall::wire::Health>(bytes);
    if let Some(v) = decode::<Value>(bytes) {
        error_bodies(&v)?;
    }
    Ok(())
}

/// Each server's error reader: the message it keeps is drawn as one line.
fn error_bodies(v: &Value) -> Result<(), String> {
    clean("CDS error", &cds::client::read_error(v).message)?;
    clean("Waldur error", &waldur::client::read_error(v).message)?;
    clean("ZITADEL error", &zitadel::errors::read_error(v).message)?;
    heimdall::errors::read(v);
    zitadel::duration::from_go_nanos(v);
    Ok(())
}

/// The recorded and specified answers of every backend: the shapes decoders expect.
fn fixtures() -> Vec<Value> {
    let texts: Vec<String> = vec![
        include_str!("../../tests/fixtures/cds_payloads/action_list_quirks.json").into(),
        include_str!("../../tests/fixtures/cds_payloads/spec_action_get.json").into(),
        include_str!("../../tests/fixtures/cds_payloads/spec_audit_list.json").into(),
        include_str!("../../tests/fixtures/cds_payloads/spec_group_get.json").into(),
        include_str!("../../tests/fixtures/cds_payloads/spec_error.json").into(),
        include_str!("../../tests/fixtures/cds_payloads/token_list.json").into(),
        include_str!("../../tests/fixtures/cds_payloads/usage_quirks.json").into(),
        include_str!("../../tests/fixtures/cds_payloads/worker_models.json").into(),
        include_str!("../../tests/fixtures/cds_payloads/group_bare.json").into(),
        format!("[{}]", row_json(1, "high", Some("2025-06-01T09:00:00Z"), "")),
        row_json(2, "low", None, ""),
        include_str!("../../tests/fixtures/zitadel/list_actions_page.json").into(),
        include_str!("../../tests/fixtures/zitadel/get_action.json").into(),
        include_str!("../../tests/fixtures/zitadel/events_action.json").into(),
        include_str!("../../tests/fixtures/zitadel/flow_external_authentication.json").into(),
        include_str!("../../tests/fixtures/zitadel/error_permission_denied.json").into(),
        include_str!("../../tests/fixtures/zitadel/mutation_answer.json").into(),
        recorded(include_str!("../../tests/fixtures/heimdall/01-actions-list-default.txt")).into(),
        recorded(include_str!("../../tests/fixtures/heimdall/25-mappings-list-all.txt")).into(),
        recorded(include_str!("../../tests/fixtures/heimdall/28-groups-list.txt")).into(),
        recorded(include_str!("../../tests/fixtures/heimdall/33-members-list.txt")).into(),
        recorded(include_str!("../../tests/fixtures/heimdall/41-member-add-bad-cpf-422.txt")).into(),
        recorded(include_str!("../../tests/fixtures/heimdall/52-users-me-admin.txt")).into(),
    ];
    texts.iter().filter_map(|t| serde_json::from_str(t).ok()).collect()
}

/// Replace the node that `path` leads to (each number picks a child) with `new`.
fn graft(v: &mut Value, path: &[u8], new: Value) {
    let Some((first, rest)) = path.split_first() else {
        *v = new;
        return;
    };
    let child = match v {
        Value::Array(items) if !items.is_empty() => {
            let n = items.len();
            items.get_mut(usize::from(*first) % n)
        }
        Value::Object(map) if !map.is_empty() => {
            let n = map.len();
            map.values_mut().nth(usize::from(*first) % n)
        }
        _ => None,
    };
    match child {
        Some(c) => graft(c, rest, new),
        None => *v = new,
    }
}

/// A fixture with a few of its nodes replaced by anything at all.
fn shaped() -> impl Strategy<Value = Value> {
    let fixtures = fixtures();
    let edits = proptest::collection::vec((proptest::collection::vec(any::<u8>(), 0..6), json_value()), 0..4);
    (proptest::sample::select(fixtures), edits).prop_map(|(mut v, edits)| {
        for (path, new) in edits {
            graft(&mut v, &path, new);
        }
        v
    })
}

/// Bytes: random, hostile text, or a fixture cut short or with bytes flipped.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    let flipped = (shaped(), any::<u16>(), any::<u8>(), any::<bool>()).prop_map(|(v, at, b, cut)| {
        let mut bytes = serde_json::to_vec(&v).unwrap_or_default();
        if !bytes.is_empty() {
            let i = usize::from(at) % bytes.len();
            if cut { bytes.truncate(i) } else { bytes[i] = b }
        }
        bytes
    });
    prop_oneof![proptest::collection::vec(any::<u8>(), 0..200), nasty_string(64).prop_map(String::into_bytes), flipped,]
}

/// A number of the kinds `de` takes leniently: the JSON number, or its decimal string.
#[derive(serde::Deserialize)]
struct Lenient {
    #[serde(deserialize_with = "crate::backends::de::opt_i64")]
    n: Option<i64>,
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn prop_decode_survives_any_bytes(bytes in bytes()) {
        decode_everything(&bytes).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn prop_decode_survives_any_json_of_the_right_shape(v in shaped()) {
        let bytes = serde_json::to_vec(&v).map_err(|e| TestCaseError::fail(e.to_string()))?;
        decode_everything(&bytes).map_err(TestCaseError::fail)?;
        error_bodies(&v).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn prop_decode_link_header_finds_only_a_next_page(link in nasty_string(80), page in any::<usize>()) {
        use reqwest::header::{HeaderMap, HeaderValue};
        let resp = |link: &str| {
            let mut headers = HeaderMap::new();
            headers.insert("link", HeaderValue::from_str(link).ok()?);
            Some(crate::backends::http::RawResponse { status: 200, headers, body: bytes::Bytes::new() })
        };
        if let Some(r) = resp(&link) {
            waldur::client::next_page(&r);
        }
        // Whatever surrounds it, a well-formed next link is found and read exactly.
        let good = format!("<https://x.example/api/user-actions/?page={page}&page_size=50>; rel=\"next\"");
        let clean_link: String = link.chars().filter(|c| c.is_ascii_graphic() && *c != ',' && *c != '<').collect();
        let both = format!("<{clean_link}>; rel=\"prev\", {good}");
        let r = resp(&both).ok_or_else(|| TestCaseError::fail("a printable header is a valid header"))?;
        prop_assert_eq!(waldur::client::next_page(&r), Some(page));
    }

    #[test]
    fn prop_decode_protojson_durations_round_trip(secs in any::<u64>(), nanos in 0u32..1_000_000_000, text in nasty_string(24)) {
        zitadel::duration::parse(&text);
        let d = std::time::Duration::new(secs, nanos);
        prop_assert_eq!(zitadel::duration::parse(&zitadel::duration::format(d)), Some(d));
    }

    #[test]
    fn prop_decode_protojson_numbers_as_strings_or_numbers(n in any::<i64>(), junk in nasty_string(12)) {
        let read = |json: String| serde_json::from_str::<Lenient>(&json).ok().and_then(|l| l.n);
        prop_assert_eq!(read(format!("{{\"n\":{n}}}")), Some(n));
        prop_assert_eq!(read(format!("{{\"n\":\"{n}\"}}")), Some(n));
        let _ = serde_json::from_value::<Lenient>(serde_json::json!({ "n": junk }));
    }
}
