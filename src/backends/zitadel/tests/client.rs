//! The client against the demo server's ZITADEL dialect: the exact requests it puts on the
//! wire, paging, the toggles' already-in-state answers, the events permission split, and a
//! revert that PUTs back a state folded from the history.

use std::time::Duration;

use opsy_demo::zitadel::{ActionFields, Role};
use opsy_demo::{DemoOptions, DemoServer, Fault, RecordedRequest};

use crate::backends::http::{Auth, ServerOptions};
use crate::backends::zitadel::client::{EventsAccess, PAGE_LIMIT, Toggled, Updated, ZitadelClient};
use crate::backends::zitadel::errors;
use crate::backends::zitadel::flows::Binding;
use crate::backends::zitadel::glossary;
use crate::backends::zitadel::history::{self, Field};
use crate::backends::zitadel::wire::ActionState;
use crate::domain::error::ApiError;
use crate::domain::secret::Secret;

async fn server() -> DemoServer {
    let now = "2025-06-01T12:00:00Z".parse().expect("timestamp");
    DemoServer::start(DemoOptions { size: 10, now: Some(now), ..Default::default() }, 0).await.expect("demo starts")
}

fn client(server: &DemoServer, token: &str, org: Option<&str>) -> ZitadelClient {
    let opts = ServerOptions::new(server.zitadel_url(), Auth::Bearer(Secret::new(token)));
    ZitadelClient::new(&opts, org.map(str::to_string)).expect("client")
}

/// The org owner's client, naming its organisation explicitly.
fn operator(server: &DemoServer) -> ZitadelClient {
    client(server, server.zitadel_org_token(), Some(server.zitadel_org_id()))
}

fn zitadel_requests(server: &DemoServer) -> Vec<RecordedRequest> {
    server.requests().into_iter().filter(|r| r.path.starts_with("/zitadel/")).collect()
}

fn action_id(server: &DemoServer, name: &str) -> String {
    let org = server.zitadel_org_id().to_string();
    server.with_zitadel(|s| s.action_named(&org, name).map(|a| a.id.clone())).expect("seeded action")
}

fn assert_management_request(r: &RecordedRequest, server: &DemoServer, method: &str, path: &str) {
    assert_eq!(r.method, method, "{r:?}");
    assert_eq!(r.path, format!("/zitadel/management/v1/{path}"));
    let bearer = format!("Bearer {}", server.zitadel_org_token());
    assert_eq!(r.header("authorization"), Some(bearer.as_str()));
    assert_eq!(r.header("x-zitadel-orgid"), Some(server.zitadel_org_id()), "org header on {path}");
}

#[tokio::test]
async fn list_sends_the_exact_search_and_reads_every_action_by_name() {
    let server = server().await;
    let actions = operator(&server).list_actions().await.expect("list");
    let names: Vec<&str> = actions.iter().map(|a| a.name.raw()).collect();
    assert_eq!(
        names,
        [
            "addCustomClaims",
            "addSamlAttributes",
            "checkLegacyEmailDomain",
            "denyDisabledUsers",
            "flagRiskyLogins",
            "logContext",
            "mapIdpGroupsToRoles",
            "setMetadataFromIdp"
        ]
    );
    let deny = actions.iter().find(|a| a.name.raw() == "denyDisabledUsers").expect("deny");
    assert_eq!(
        (deny.state, deny.timeout, deny.allowed_to_fail),
        (ActionState::Inactive, Duration::from_millis(500), false)
    );
    let legacy = actions.iter().find(|a| a.name.raw() == "checkLegacyEmailDomain").expect("legacy");
    assert_eq!(legacy.timeout, Duration::ZERO);

    let sent = zitadel_requests(&server);
    assert_eq!(sent.len(), 1);
    assert_management_request(&sent[0], &server, "POST", "actions/_search");
    assert_eq!(
        std::str::from_utf8(&sent[0].body).expect("utf-8"),
        r#"{"query":{"offset":"0","limit":200,"asc":true},"sortingColumn":"ACTION_FIELD_NAME_NAME"}"#
    );
    assert_eq!(sent[0].header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn every_page_is_fetched_until_the_total_is_reached() {
    let server = server().await;
    let org = server.zitadel_org_id().to_string();
    server.with_zitadel(|s| {
        let editor = s.token_user(Role::OrgOwner).map(|u| u.id.clone()).expect("user");
        for i in 0..450 {
            let fields = ActionFields {
                name: format!("bulk{i:03}"),
                script: format!("function bulk{i:03}(ctx, api) {{}}"),
                timeout: Duration::from_secs(1),
                allowed_to_fail: false,
            };
            s.add_action(&org, &editor, fields);
        }
    });
    let actions = operator(&server).list_actions().await.expect("list");
    assert_eq!(actions.len(), 458);
    let mut ids: Vec<&str> = actions.iter().map(|a| a.id.raw()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 458);

    let offsets: Vec<String> = zitadel_requests(&server)
        .iter()
        .map(|r| r.json().expect("json body")["query"]["offset"].as_str().unwrap_or("?").to_string())
        .collect();
    assert_eq!(offsets, ["0", "200", "400"]);
    assert_eq!(PAGE_LIMIT, 200);
}

#[tokio::test]
async fn without_an_org_id_no_header_is_sent_and_the_token_org_is_used() {
    let server = server().await;
    let c = client(&server, server.zitadel_org_token(), None);
    assert_eq!(c.org_id(), None);
    assert_eq!(c.list_actions().await.expect("list").len(), 8);
    let sent = zitadel_requests(&server);
    assert_eq!(sent[0].header("x-zitadel-orgid"), None);

    let contoso = server.with_zitadel(|s| s.org_by_name("Contoso").map(|o| o.id.clone())).expect("contoso");
    let iam = client(&server, server.zitadel_token(), Some(&contoso));
    assert_eq!(iam.org_id(), Some(contoso.as_str()));
    assert_eq!(iam.list_actions().await.expect("list").len(), 2);
}

#[tokio::test]
async fn toggles_are_posts_with_an_empty_body_and_a_repeat_is_already_in_state() {
    let server = server().await;
    let c = operator(&server);
    let id = action_id(&server, "logContext");

    let first = c.deactivate(&id).await.expect("deactivate");
    let Toggled::Changed(details) = first else { panic!("expected a change, got {first:?}") };
    assert_eq!(details.sequence, 4);
    assert_eq!(details.creation_date, Some("2025-06-01T12:00:00Z".parse().expect("ts")));
    assert_eq!(c.deactivate(&id).await.expect("repeat"), Toggled::AlreadyInState);
    assert_eq!(c.get_action(&id).await.expect("refetch").state, ActionState::Inactive);
    assert!(matches!(c.reactivate(&id).await.expect("reactivate"), Toggled::Changed(_)));
    assert_eq!(c.reactivate(&id).await.expect("repeat"), Toggled::AlreadyInState);

    let sent = zitadel_requests(&server);
    assert_eq!(sent.len(), 5);
    for (r, verb) in sent.iter().zip(["_deactivate", "_deactivate", "", "_reactivate", "_reactivate"]) {
        if verb.is_empty() {
            assert_management_request(r, &server, "GET", &format!("actions/{id}"));
            assert!(r.body.is_empty());
        } else {
            assert_management_request(r, &server, "POST", &format!("actions/{id}/{verb}"));
            assert_eq!(&r.body[..], b"{}");
        }
    }
}

#[tokio::test]
async fn a_connect_style_precondition_is_also_already_in_state() {
    let server = server().await;
    let id = action_id(&server, "addCustomClaims");
    server.inject(Fault::Status {
        path_contains: "_deactivate".into(),
        status: 400,
        body: r#"{"code":"failed_precondition","message":"Action is not active (COMMAND-Dgj92)"}"#.into(),
        content_type: "application/json".into(),
        times: 1,
    });
    assert_eq!(operator(&server).deactivate(&id).await.expect("toggle"), Toggled::AlreadyInState);
}

#[tokio::test]
async fn events_are_instance_wide_and_need_events_read() {
    let server = server().await;
    let id = action_id(&server, "addCustomClaims");

    let org_owner = operator(&server);
    let denied = org_owner.action_events(&id).await.expect_err("an org token cannot read events");
    assert!(errors::is_denied(&denied));
    assert_eq!(denied.status(), Some(403));
    assert_eq!(denied.code(), Some(7));
    assert_eq!(denied.hint(), Some(glossary::NO_EVENTS_READ));
    assert_eq!(org_owner.probe_events().await.expect("probe"), EventsAccess::Denied);

    server.clear_requests();
    let iam = client(&server, server.zitadel_token(), Some(server.zitadel_org_id()));
    assert_eq!(iam.probe_events().await.expect("probe"), EventsAccess::Readable);
    let events = iam.action_events(&id).await.expect("events");
    let kinds: Vec<&str> = events.iter().map(|e| &*e.event_type.name).collect();
    assert_eq!(kinds, ["action.added", "action.changed", "action.changed", "action.changed"]);
    assert_eq!(&*events[0].editor.display_name, "Maja Lindqvist");

    let sent = zitadel_requests(&server);
    assert_eq!(sent.len(), 2);
    for r in &sent {
        assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/zitadel/admin/v1/events/_search"));
        let bearer = format!("Bearer {}", server.zitadel_token());
        assert_eq!(r.header("authorization"), Some(bearer.as_str()));
        assert_eq!(r.header("x-zitadel-orgid"), None, "events are not per organisation");
    }
    assert_eq!(
        std::str::from_utf8(&sent[0].body).expect("utf-8"),
        r#"{"aggregateTypes":["action"],"asc":true,"limit":1}"#
    );
    assert_eq!(
        std::str::from_utf8(&sent[1].body).expect("utf-8"),
        format!(r#"{{"aggregateTypes":["action"],"aggregateId":"{id}","asc":true,"limit":200}}"#)
    );
}

#[tokio::test]
async fn a_long_history_is_paged_by_the_sequence_cursor() {
    let server = server().await;
    let id = action_id(&server, "addSamlAttributes");
    let iam = client(&server, server.zitadel_token(), None);
    let org_owner = operator(&server);
    for _ in 0..225 {
        org_owner.deactivate(&id).await.expect("deactivate");
        org_owner.reactivate(&id).await.expect("reactivate");
    }
    server.clear_requests();
    let events = iam.action_events(&id).await.expect("events");
    assert_eq!(events.len(), 451);
    assert!(events.windows(2).all(|w| w[0].sequence + 1 == w[1].sequence));
    let cursors: Vec<Option<String>> = zitadel_requests(&server)
        .iter()
        .map(|r| r.json().and_then(|b| b.get("sequence").and_then(|s| s.as_str()).map(str::to_string)))
        .collect();
    assert_eq!(cursors, [None, Some("200".to_string()), Some("400".to_string())]);
}

#[tokio::test]
async fn a_revert_puts_back_the_folded_state_byte_for_byte() {
    let server = server().await;
    let id = action_id(&server, "addCustomClaims");
    let iam = client(&server, server.zitadel_token(), Some(server.zitadel_org_id()));
    let revisions = history::fold(&iam.action_events(&id).await.expect("events"));
    assert_eq!(revisions.len(), 4);
    assert_eq!(revisions[3].changed(), [Field::Name, Field::Script]);
    let original = history::state_at(&revisions, 1).expect("creation").clone();
    assert_eq!(original.name.raw(), "addClaims");
    assert!(original.script.raw().contains('\t'), "the seeded script is indented with tabs");

    server.clear_requests();
    let c = operator(&server);
    assert!(matches!(c.revert_to(&id, &original).await.expect("revert"), Updated::Changed(_)));
    let sent = zitadel_requests(&server);
    assert_management_request(&sent[0], &server, "PUT", &format!("actions/{id}"));
    let script = serde_json::to_string(original.script.raw()).expect("json string");
    let expected = format!(r#"{{"name":"addClaims","script":{script},"timeout":"5s","allowedToFail":false}}"#);
    assert_eq!(std::str::from_utf8(&sent[0].body).expect("utf-8"), expected);

    let now = c.get_action(&id).await.expect("refetch");
    assert_eq!(now.name.raw(), "addClaims");
    assert_eq!(now.script.raw(), original.script.raw());
    assert_eq!((now.timeout, now.allowed_to_fail), (Duration::from_secs(5), false));
    // The server logged only what differed from the state before the revert.
    let last = server.with_zitadel(|s| s.events_of(&id).last().map(|e| e.payload.clone())).flatten().expect("payload");
    let mut keys: Vec<String> = last.as_object().expect("object").keys().cloned().collect();
    keys.sort_unstable();
    assert_eq!(keys, ["allowedToFail", "name", "script", "timeout"]);

    assert_eq!(c.revert_to(&id, &original).await.expect("again"), Updated::Unchanged);
    let mut partial = original.clone();
    partial.complete = false;
    assert!(matches!(c.revert_to(&id, &partial).await, Err(ApiError::Local(_))));
}

#[tokio::test]
async fn update_sends_protojson_durations() {
    let server = server().await;
    let id = action_id(&server, "flagRiskyLogins");
    let c = operator(&server);
    let answer = c
        .update_action(
            &id,
            "flagRiskyLogins",
            "function flagRiskyLogins(ctx, api) {}",
            Duration::from_millis(1500),
            true,
        )
        .await
        .expect("update");
    assert!(matches!(answer, Updated::Changed(d) if d.sequence == 3));
    let body = zitadel_requests(&server)[0].json().expect("json");
    assert_eq!(body["timeout"], "1.500s");
    assert_eq!(body["allowedToFail"], true);
    let err = c.update_action(&id, "flagRiskyLogins", "x", Duration::from_secs(21), true).await.expect_err("too slow");
    assert_eq!((err.status(), err.code()), (Some(400), Some(3)));
}

#[tokio::test]
async fn bindings_come_from_the_four_flows() {
    let server = server().await;
    let c = operator(&server);
    let b = |f: &str, t: &str| Binding { flow: f.into(), trigger: t.into() };
    assert_eq!(
        c.bindings(&action_id(&server, "addCustomClaims")).await.expect("bindings"),
        [b("Complement Token", "Pre Userinfo creation"), b("Complement Token", "Pre access token creation")]
    );
    assert_eq!(
        c.bindings(&action_id(&server, "logContext")).await.expect("bindings"),
        [
            b("External Authentication", "Pre Creation"),
            b("External Authentication", "Post Creation"),
            b("Internal Authentication", "Post Creation")
        ]
    );
    assert!(c.bindings(&action_id(&server, "checkLegacyEmailDomain")).await.expect("bindings").is_empty());
    let flows = c.flows().await.expect("flows");
    assert_eq!(flows.iter().map(|f| &*f.flow_type.id).collect::<Vec<_>>(), ["1", "2", "3", "4"]);
    let sent = zitadel_requests(&server);
    // Three lookups of the bindings and one of the flows, four flow types each.
    assert_eq!(sent.len(), 16);
    for (r, t) in sent.iter().zip(["1", "2", "3", "4"].iter().cycle()) {
        assert_management_request(r, &server, "GET", &format!("flows/{t}"));
    }
}

#[tokio::test]
async fn errors_carry_code_id_and_the_plain_words_hint() {
    let server = server().await;
    let gone = operator(&server).get_action("123").await.expect_err("no such action");
    assert_eq!((gone.status(), gone.code()), (Some(404), Some(5)));
    assert_eq!(errors::error_key(&gone), Some("Errors.Action.NotFound"));
    assert_eq!(gone.hint(), Some(glossary::ACTION_GONE));

    let contoso = server.with_zitadel(|s| s.org_by_name("Contoso").map(|o| o.id.clone())).expect("contoso");
    let elsewhere = client(&server, server.zitadel_org_token(), Some(&contoso)).list_actions().await.expect_err("403");
    assert_eq!(elsewhere.hint(), Some(glossary::NO_ACTION_PERMISSION));
    let nowhere = client(&server, server.zitadel_token(), Some("42")).list_actions().await.expect_err("403");
    assert_eq!(errors::error_id(&nowhere), Some("AUTH-Bs7Ds"));
    assert_eq!(nowhere.hint(), Some(glossary::NO_SUCH_ORG));
    let refused = client(&server, "expired", None).list_actions().await.expect_err("401");
    assert_eq!((refused.status(), refused.code()), (Some(401), Some(16)));
    assert_eq!(refused.hint(), Some(glossary::TOKEN_REFUSED));

    server.inject(Fault::Html500 { path_contains: "actions/_search".into(), times: 1 });
    let html = operator(&server).list_actions().await.expect_err("html page");
    assert!(matches!(html, ApiError::NotJson { status: 500, .. }), "{html:?}");
    assert!(html.is_transient());
}

#[test]
fn an_org_id_that_cannot_be_a_header_is_refused_up_front() {
    let opts = ServerOptions::new("https://id.example.com", Auth::Bearer(Secret::new("t")));
    let err = ZitadelClient::new(&opts, Some("12\n3".into())).expect_err("refused");
    assert!(err.to_string().contains("organisation id"), "{err}");
    let blank = ZitadelClient::new(&opts, Some("  ".into())).expect("blank means none");
    assert_eq!(blank.org_id(), None);
    assert_eq!(blank.label(), "id.example.com");
}
