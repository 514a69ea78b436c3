//! The dialect's quirks, through the same handler the server runs.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Mutex;

use axum::http::{HeaderMap, HeaderValue, Method};
use bytes::Bytes;
use jiff::Timestamp;
use serde_json::{Value, json};

use super::model::{ActionState, Role};
use super::router::{ORG_HEADER, PREFIX, handle};
use super::seed::{ACME, CONTOSO};
use super::state::ZitadelState;
use crate::clock::Clock;
use crate::incoming::Incoming;

struct Demo {
    state: Mutex<ZitadelState>,
    iam: String,
    org_owner: String,
    nobody: String,
    acme: String,
    contoso: String,
}

fn demo() -> Demo {
    let now: Timestamp = "2025-06-01T12:00:00Z".parse().expect("ts");
    let s = super::build(7, Clock::new(Some(now)));
    let token = |role| s.token_user(role).map(|u| u.token.clone()).expect("token user");
    let org = |name| s.org_by_name(name).map(|o| o.id.clone()).expect("org");
    Demo {
        iam: token(Role::IamOwner),
        org_owner: token(Role::OrgOwner),
        nobody: token(Role::None),
        acme: org(ACME),
        contoso: org(CONTOSO),
        state: Mutex::new(s),
    }
}

struct Answer {
    status: u16,
    body: Value,
}

impl Demo {
    async fn call(&self, method: Method, path: &str, token: Option<&str>, org: Option<&str>, body: &str) -> Answer {
        let mut headers = HeaderMap::new();
        if let Some(t) = token {
            headers.insert("authorization", HeaderValue::from_str(&format!("Bearer {t}")).expect("header"));
        }
        if let Some(o) = org {
            headers.insert(ORG_HEADER, HeaderValue::from_str(o).expect("header"));
        }
        let req = Incoming {
            method,
            path: format!("{PREFIX}{path}"),
            query: None,
            headers,
            body: Bytes::from(body.to_string()),
            local: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        };
        let resp = handle(&self.state, &req);
        let status = resp.status().as_u16();
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await.expect("body");
        Answer { status, body: serde_json::from_slice(&bytes).expect("json body") }
    }

    async fn list(&self, body: &str) -> Answer {
        self.call(Method::POST, "/management/v1/actions/_search", Some(&self.org_owner), None, body).await
    }

    fn id_of(&self, name: &str) -> String {
        let s = self.state.lock().expect("lock");
        s.action_named(&self.acme, name).map(|a| a.id.clone()).expect("seeded action")
    }
}

fn names(answer: &Answer) -> Vec<String> {
    answer.body["result"]
        .as_array()
        .map(|r| r.iter().filter_map(|a| a["name"].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn lists_are_protojson_with_zero_values_left_out() {
    let d = demo();
    let all = d.list(r#"{"query":{"limit":50,"asc":true},"sortingColumn":"ACTION_FIELD_NAME_NAME"}"#).await;
    assert_eq!(all.status, 200);
    assert_eq!(all.body["details"]["totalResult"], json!("8"));
    let rows = all.body["result"].as_array().expect("result");
    let deny = rows.iter().find(|a| a["name"] == "denyDisabledUsers").expect("deny");
    assert_eq!(deny["state"], "ACTION_STATE_INACTIVE");
    assert_eq!(deny["timeout"], "0.500s");
    assert!(deny.get("allowedToFail").is_none(), "false is omitted");
    assert!(deny["details"]["sequence"].is_string());
    let legacy = rows.iter().find(|a| a["name"] == "checkLegacyEmailDomain").expect("legacy");
    assert!(legacy.get("timeout").is_none(), "a zero timeout is omitted");
    let log = rows.iter().find(|a| a["name"] == "logContext").expect("log");
    assert_eq!(log["timeout"], "1.500s");
    assert_eq!(log["allowedToFail"], true);

    let none = d.list(r#"{"queries":[{"actionNameQuery":{"name":"nothing-like-this"}}]}"#).await;
    assert_eq!(none.status, 200);
    assert!(none.body.get("result").is_none(), "{}", none.body);
    assert!(none.body["details"].get("totalResult").is_none());
    assert!(none.body["details"]["viewTimestamp"].is_string());
}

#[tokio::test]
async fn lists_are_descending_unless_asc_and_page_by_offset() {
    let d = demo();
    let desc = d.list(r#"{"sortingColumn":"ACTION_FIELD_NAME_NAME"}"#).await;
    let asc = d.list(r#"{"query":{"asc":true},"sorting_column":1}"#).await;
    let mut reversed = names(&asc);
    reversed.reverse();
    assert_eq!(names(&desc), reversed);
    assert_eq!(names(&asc).first().map(String::as_str), Some("addCustomClaims"));

    let page = |offset: &str| {
        format!(r#"{{"query":{{"offset":"{offset}","limit":3,"asc":true}},"sortingColumn":"ACTION_FIELD_NAME_NAME"}}"#)
    };
    let mut walked = Vec::new();
    for offset in ["0", "3", "6"] {
        let p = d.list(&page(offset)).await;
        assert_eq!(p.body["details"]["totalResult"], "8");
        walked.extend(names(&p));
    }
    assert_eq!(walked, names(&asc));
    assert_eq!(d.list(r#"{"query":{"limit":1001}}"#).await.status, 400);
    assert_eq!(d.list(r#"{"query":{"offset":true}}"#).await.status, 400);
    let state = d.list(r#"{"queries":[{"actionStateQuery":{"state":"ACTION_STATE_INACTIVE"}}]}"#).await;
    assert_eq!(state.body["details"]["totalResult"], "3");
}

#[tokio::test]
async fn the_org_header_selects_the_organisation_the_token_may_act_in() {
    let d = demo();
    let path = "/management/v1/actions/_search";
    let own = d.call(Method::POST, path, Some(&d.org_owner), Some(&d.acme), "{}").await;
    assert_eq!(own.body["details"]["totalResult"], "8");
    let other = d.call(Method::POST, path, Some(&d.org_owner), Some(&d.contoso), "{}").await;
    assert_eq!(other.status, 403);
    assert_eq!(other.body["message"], "No matching permissions found (AUTH-5mWD2)");
    let unknown = d.call(Method::POST, path, Some(&d.iam), Some("123"), "{}").await;
    assert_eq!(unknown.status, 403);
    assert_eq!(unknown.body["details"][0]["id"], "AUTH-Bs7Ds");
    let contoso = d.call(Method::POST, path, Some(&d.iam), Some(&d.contoso), "{}").await;
    assert_eq!(contoso.body["details"]["totalResult"], "2");
    let roleless = d.call(Method::POST, path, Some(&d.nobody), None, "{}").await;
    assert_eq!(roleless.status, 403);
    // An action of another organisation is not found from this one.
    let acme_action = d.id_of("logContext");
    let elsewhere =
        d.call(Method::GET, &format!("/management/v1/actions/{acme_action}"), Some(&d.iam), Some(&d.contoso), "").await;
    assert_eq!(elsewhere.status, 404);
    assert_eq!(elsewhere.body["code"], 5);
}

#[tokio::test]
async fn auth_and_routing_errors_have_gateway_bodies() {
    let d = demo();
    let missing = d.call(Method::POST, "/management/v1/actions/_search", None, None, "{}").await;
    assert_eq!((missing.status, missing.body["code"].clone()), (401, json!(16)));
    let wrong = d.call(Method::POST, "/management/v1/actions/_search", Some("nope"), None, "{}").await;
    assert_eq!(wrong.status, 401);
    let route = d.call(Method::GET, "/management/v1/nothing", Some(&d.iam), None, "").await;
    assert_eq!((route.status, route.body["code"].clone()), (404, json!(5)));
    let method = d.call(Method::DELETE, "/management/v1/flows/1", Some(&d.iam), None, "").await;
    assert_eq!((method.status, method.body["code"].clone()), (405, json!(12)));
    let bad_json = d.list("{").await;
    assert_eq!((bad_json.status, bad_json.body["code"].clone()), (400, json!(3)));
}

#[tokio::test]
async fn toggles_answer_only_details_and_refuse_a_repeat_with_a_precondition() {
    let d = demo();
    let id = d.id_of("addCustomClaims");
    let path = format!("/management/v1/actions/{id}/_deactivate");
    let first = d.call(Method::POST, &path, Some(&d.org_owner), None, "{}").await;
    assert_eq!(first.status, 200);
    let details = first.body["details"].as_object().expect("details");
    let mut keys: Vec<&str> = details.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["creationDate", "resourceOwner", "sequence"]);
    assert_eq!(details["sequence"], "5");
    assert_eq!(details["creationDate"], "2025-06-01T12:00:00Z", "the event's time, not the action's creation");
    assert!(first.body.get("action").is_none());

    let again = d.call(Method::POST, &path, Some(&d.org_owner), None, "{}").await;
    assert_eq!(again.status, 400);
    assert_eq!(
        again.body,
        json!({"code":9,"message":"Errors.Action.NotActive (COMMAND-Dgj92)","details":[
            {"@type":"type.googleapis.com/zitadel.v1.ErrorDetail","id":"COMMAND-Dgj92","message":"Errors.Action.NotActive"}]})
    );
    let back = format!("/management/v1/actions/{id}/_reactivate");
    assert_eq!(d.call(Method::POST, &back, Some(&d.org_owner), None, "{}").await.status, 200);
    let repeat = d.call(Method::POST, &back, Some(&d.org_owner), None, "{}").await;
    assert_eq!(repeat.body["message"], "Errors.Action.NotInactive (COMMAND-J53zh)");
    let s = d.state.lock().expect("lock");
    let kinds: Vec<&str> = s.events_of(&id).iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(kinds[kinds.len() - 2..], ["action.deactivated", "action.reactivated"]);
    assert_eq!(s.action(&id).map(|a| a.state), Some(ActionState::Active));
}

#[tokio::test]
async fn an_update_replaces_everything_and_logs_only_what_changed() {
    let d = demo();
    let id = d.id_of("setMetadataFromIdp");
    let path = format!("/management/v1/actions/{id}");
    let script = d.state.lock().expect("lock").action(&id).map(|a| a.script.clone()).expect("action");
    let body = json!({"name":"setMetadataFromIdp","script":script,"timeout":"7.500s","allowedToFail":true}).to_string();
    let put = d.call(Method::PUT, &path, Some(&d.org_owner), None, &body).await;
    assert_eq!(put.status, 200, "{}", put.body);
    assert_eq!(put.body["details"]["sequence"], "3");
    {
        let s = d.state.lock().expect("lock");
        let last = s.events_of(&id).last().map(|e| e.payload.clone()).expect("event");
        assert_eq!(last, Some(json!({"timeout": 7_500_000_000u64, "allowedToFail": true})));
    }
    let same = d.call(Method::PUT, &path, Some(&d.org_owner), None, &body).await;
    assert_eq!(same.status, 400);
    assert_eq!(same.body["message"], "Errors.Action.NotChanged (COMMAND-dg4t2)");
    let slow = json!({"name":"x","script":"function x(){}","timeout":"21s"}).to_string();
    assert_eq!(d.call(Method::PUT, &path, Some(&d.org_owner), None, &slow).await.status, 400);
    let taken = json!({"name":"logContext","script":"function logContext(){}"}).to_string();
    assert_eq!(d.call(Method::PUT, &path, Some(&d.org_owner), None, &taken).await.status, 409);
}

#[tokio::test]
async fn flows_list_bound_actions_per_trigger() {
    let d = demo();
    let token = d.call(Method::GET, "/management/v1/flows/2", Some(&d.org_owner), None, "").await;
    let flow = &token.body["flow"];
    assert_eq!(flow["type"]["id"], "2");
    assert_eq!(flow["type"]["name"]["localizedMessage"], "Complement Token");
    let triggers = flow["triggerActions"].as_array().expect("triggers");
    let ids: Vec<&str> = triggers.iter().filter_map(|t| t["triggerType"]["id"].as_str()).collect();
    assert_eq!(ids, ["4", "5"]);
    assert_eq!(triggers[1]["actions"][0]["name"], "addCustomClaims");
    let ext = d.call(Method::GET, "/management/v1/flows/1", Some(&d.org_owner), None, "").await;
    let post_creation = &ext.body["flow"]["triggerActions"][2]["actions"];
    let order: Vec<&str> =
        post_creation.as_array().expect("actions").iter().filter_map(|a| a["name"].as_str()).collect();
    assert_eq!(order, ["mapIdpGroupsToRoles", "logContext"]);
    let legacy = d.id_of("checkLegacyEmailDomain");
    for t in 1..=4 {
        let f = d.call(Method::GET, &format!("/management/v1/flows/{t}"), Some(&d.org_owner), None, "").await;
        assert!(!f.body.to_string().contains(&legacy), "flow {t} must not bind the unbound action");
    }
    assert_eq!(d.call(Method::GET, "/management/v1/flows/9", Some(&d.org_owner), None, "").await.status, 400);
    // Contoso binds nothing to the SAML flow: type only.
    let empty = d.call(Method::GET, "/management/v1/flows/4", Some(&d.iam), Some(&d.contoso), "").await;
    assert_eq!(
        empty.body,
        json!({"flow":{"type":{"id":"4","name":{"key":"Action.Flow.Type.SAMLResponse","localizedMessage":"Complement SAML Response"}}}})
    );
}

#[tokio::test]
async fn events_need_an_instance_role_and_page_by_sequence() {
    let d = demo();
    let id = d.id_of("addCustomClaims");
    let body =
        |extra: &str| format!(r#"{{"aggregateTypes":["action"],"aggregateId":"{id}","asc":true,"limit":2{extra}}}"#);
    let path = "/admin/v1/events/_search";
    let denied = d.call(Method::POST, path, Some(&d.org_owner), Some(&d.acme), &body("")).await;
    assert_eq!((denied.status, denied.body["code"].clone()), (403, json!(7)));

    let first = d.call(Method::POST, path, Some(&d.iam), None, &body("")).await;
    let events = first.body["events"].as_array().expect("events");
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["type"]["type"], "action.added");
    assert_eq!(events[0]["sequence"], "1");
    assert_eq!(events[0]["payload"]["timeout"], 5_000_000_000u64);
    assert_eq!(events[0]["payload"]["allowedToFail"], false);
    assert_eq!(events[0]["editor"]["displayName"], "Maja Lindqvist");
    assert_eq!(events[0]["aggregate"]["type"]["type"], "action");
    assert_eq!(events[1]["payload"].as_object().map(|p| p.len()), Some(1), "a change carries only the script");
    let next = d.call(Method::POST, path, Some(&d.iam), None, &body(r#","sequence":"2""#)).await;
    let seqs: Vec<&str> =
        next.body["events"].as_array().expect("events").iter().filter_map(|e| e["sequence"].as_str()).collect();
    assert_eq!(seqs, ["3", "4"]);
    let end = d.call(Method::POST, path, Some(&d.iam), None, &body(r#","sequence":"4""#)).await;
    assert_eq!(end.body, json!({}));

    let deny = d.id_of("denyDisabledUsers");
    let newest =
        d.call(Method::POST, path, Some(&d.iam), None, &format!(r#"{{"aggregateId":"{deny}","limit":1}}"#)).await;
    assert_eq!(newest.body["events"][0]["type"]["type"], "action.deactivated");
    assert!(newest.body["events"][0].get("payload").is_none());
}
