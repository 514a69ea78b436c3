//! The quirks of the recorded server, checked on the demo's request pipeline directly.

use std::sync::Mutex;

use axum::http::{HeaderMap, HeaderValue, Method, header};
use bytes::Bytes;
use serde_json::{Value, json};

use super::{HeimdallState, build, handle, keycloak_claims, unsigned_jwt};
use crate::clock::Clock;
use crate::incoming::Incoming;

struct Reply {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

fn state() -> Mutex<HeimdallState> {
    let now = "2026-12-02T05:00:00.123456Z".parse().expect("timestamp");
    Mutex::new(build(crate::DEFAULT_SEED, Clock::new(Some(now))))
}

fn admin(s: &Mutex<HeimdallState>) -> String {
    let cpf = s.lock().expect("state").admin_cpf().to_string();
    format!("Bearer {}", unsigned_jwt(&keycloak_claims(&cpf, "Admin", true)))
}

fn user(s: &Mutex<HeimdallState>) -> String {
    let cpf = s.lock().expect("state").user_cpf().to_string();
    format!("Bearer {}", unsigned_jwt(&keycloak_claims(&cpf, "User", false)))
}

async fn call(s: &Mutex<HeimdallState>, method: Method, target: &str, auth: Option<&str>, body: &str) -> Reply {
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q.to_string())),
        None => (target, None),
    };
    let mut headers = HeaderMap::new();
    headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:28180"));
    if let Some(a) = auth {
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str(a).expect("header"));
    }
    let req = Incoming {
        method,
        path: format!("/heimdall-admin{path}"),
        query,
        headers,
        body: Bytes::from(body.to_string()),
        local: "127.0.0.1:9".parse().expect("addr"),
    };
    let resp = handle(s, &req);
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX).await.expect("body");
    Reply { status, headers, body }
}

#[tokio::test]
async fn trailing_slashes_redirect_both_ways_to_a_url_without_the_prefix() {
    let s = state();
    let a = admin(&s);
    for (method, from, to) in [
        (Method::GET, "/api/v1/actions?skip=0&limit=100", "/api/v1/actions/?skip=0&limit=100"),
        (Method::POST, "/api/v1/groups", "/api/v1/groups/"),
        (Method::GET, "/api/v1/actions/1/", "/api/v1/actions/1"),
        (Method::GET, "/api/v1/users/me/", "/api/v1/users/me"),
        (Method::GET, "/api/v1/mappings/list/", "/api/v1/mappings/list"),
        (Method::GET, "/api/v1/groups/engineering:backend/members/", "/api/v1/groups/engineering:backend/members"),
    ] {
        // Redirects come before authentication.
        for auth in [Some(a.as_str()), None] {
            let r = call(&s, method.clone(), from, auth, "").await;
            assert_eq!(r.status, 307, "{method} {from}");
            assert_eq!(r.header(header::LOCATION), Some(format!("http://127.0.0.1:28180{to}").as_str()));
            assert!(r.body.is_empty() && r.header(header::CONTENT_TYPE).is_none());
        }
    }
}

#[tokio::test]
async fn unknown_routes_and_methods_get_fastapis_own_bodies() {
    let s = state();
    let a = admin(&s);
    let r = call(&s, Method::GET, "/api/v1/nope", Some(&a), "").await;
    assert_eq!((r.status, r.json()), (404, json!({"detail": "Not Found"})));
    let r = call(&s, Method::GET, "/healthz", None, "").await;
    assert_eq!(r.status, 404);
    let r = call(&s, Method::PATCH, "/api/v1/actions/1", Some(&a), r#"{"description":"x"}"#).await;
    assert_eq!((r.status, r.json()), (405, json!({"detail": "Method Not Allowed"})));
    assert_eq!(r.header(header::ALLOW), Some("GET"));
}

#[tokio::test]
async fn auth_follows_the_recorded_rules() {
    let s = state();
    let a = admin(&s);
    let token = a.trim_start_matches("Bearer ");
    let error = |status: u16, message: &str| (status, json!({"error": message, "status_code": status}));
    let cases: Vec<(Option<String>, (u16, Value))> = vec![
        (None, error(403, "Not authenticated")),
        (Some("Bearer ".into()), error(403, "Not authenticated")),
        (Some("Basic dXNlcjpwYXNz".into()), error(403, "Invalid authentication credentials")),
        (Some(format!("bearer {token}")), error(401, "Invalid authentication credentials")),
        (Some(format!("BEARER {token}")), error(401, "Invalid authentication credentials")),
        (Some("Bearer not-a-jwt".into()), error(401, "Invalid authentication credentials")),
        (
            Some(format!("Bearer {}", unsigned_jwt(&json!({"sub": "x", "name": "No CPF"})))),
            error(
                500,
                "User creation failed: JWT payload missing 'subject' field (should contain CPF from preferred_username)",
            ),
        ),
    ];
    for (auth, (status, body)) in cases {
        let r = call(&s, Method::GET, "/api/v1/actions/", auth.as_deref(), "").await;
        assert_eq!((r.status, r.json()), (status, body), "{auth:?}");
        assert!(r.header(header::WWW_AUTHENTICATE).is_none());
    }
    let static_token = format!("Bearer {}", s.lock().expect("state").static_token());
    let r = call(&s, Method::GET, "/api/v1/actions/", Some(&static_token), "").await;
    assert_eq!((r.status, r.json()), error(401, "JWT token required for this endpoint"));
    let r = call(&s, Method::GET, "/api/v1/mappings/?path=/api/v1/users/me&method=GET", Some(&static_token), "").await;
    assert_eq!(r.json()["action"], "user:read");

    // Expired and unsigned, yet accepted; the user row appears with the token's (absent) name.
    let expired = unsigned_jwt(&json!({"preferred_username": "77777777777", "exp": 1_000_000_000}));
    let r = call(&s, Method::GET, "/api/v1/users/me", Some(&format!("Bearer {expired}")), "").await;
    assert_eq!(r.status, 200);
    assert_eq!(
        (&r.json()["cpf"], &r.json()["display_name"], &r.json()["roles"]),
        (&json!("77777777777"), &Value::Null, &json!([]))
    );
}

#[tokio::test]
async fn action_writes_report_a_denial_inside_a_500() {
    let s = state();
    let u = user(&s);
    for (method, path, body, verb) in [
        (Method::POST, "/api/v1/actions/", r#"{"name":"x:y","description":"d"}"#, "create"),
        (Method::PUT, "/api/v1/actions/1", r#"{"description":"d"}"#, "update"),
        (Method::DELETE, "/api/v1/actions/1", "", "delete"),
    ] {
        let r = call(&s, method, path, Some(&u), body).await;
        let message = format!("Failed to {verb} action: 403: Insufficient permissions to {verb} actions");
        assert_eq!((r.status, r.json()), (500, json!({"error": message, "status_code": 500})));
    }
    assert!(s.lock().expect("state").action(1).is_some());
    // A denial on groups is a real 403.
    let r = call(&s, Method::GET, "/api/v1/groups/ops_team/members", Some(&u), "").await;
    assert_eq!(r.json(), json!({"error": "Permission denied to view members of group 'ops_team'", "status_code": 403}));
}

#[tokio::test]
async fn an_update_moves_the_action_to_the_end_of_the_list() {
    let s = state();
    let a = admin(&s);
    let r = call(&s, Method::PUT, "/api/v1/actions/2", Some(&a), r#"{"description":"List user resources (updated)"}"#)
        .await;
    assert_eq!(
        r.json(),
        json!({"id":2,"name":"user:list","description":"List user resources (updated)","endpoint_count":0})
    );
    let page = call(&s, Method::GET, "/api/v1/actions/?skip=0&limit=5", Some(&a), "").await.json();
    let ids: Vec<i64> = page["actions"].as_array().expect("rows").iter().filter_map(|a| a["id"].as_i64()).collect();
    assert_eq!(ids, [1, 3, 4, 5, 6]);
    let tail = call(&s, Method::GET, "/api/v1/actions/?skip=125&limit=100", Some(&a), "").await.json();
    let ids: Vec<i64> = tail["actions"].as_array().expect("rows").iter().filter_map(|a| a["id"].as_i64()).collect();
    assert_eq!(ids, [127, 128, 129, 130, 2]);
    assert_eq!(tail["total"], 130);
    let r = call(&s, Method::PUT, "/api/v1/actions/99999", Some(&a), r#"{"description":"x"}"#).await;
    assert_eq!((r.status, r.json()), (400, json!({"error": "Action with ID 99999 not found", "status_code": 400})));
}

#[tokio::test]
async fn members_add_idempotently_and_remove_whatever_happened() {
    let s = state();
    let a = admin(&s);
    let add = |group: &'static str| {
        let a = a.clone();
        let s = &s;
        async move {
            call(s, Method::POST, &format!("/api/v1/groups/{group}/members"), Some(&a), r#"{"subject":"52998224725"}"#)
                .await
        }
    };
    for _ in 0..2 {
        let r = add("empty_group").await;
        assert_eq!(r.json(), json!({"status": "member_added", "group": "empty_group", "subject": "52998224725"}));
    }
    assert_eq!(s.lock().expect("state").member_cpfs("empty_group"), ["52998224725"]);

    let r = add("nope").await;
    assert_eq!((r.status, r.json()["error"].as_str()), (403, Some("Permission denied to add member to group 'nope'")));

    for target in [
        "empty_group/members/52998224725",
        "empty_group/members/52998224725",
        "nope/members/1",
        "empty_group/members/abc",
    ] {
        let r = call(&s, Method::DELETE, &format!("/api/v1/groups/{target}"), Some(&a), "").await;
        assert_eq!(r.status, 204, "{target}");
        assert_eq!(r.header(header::CONTENT_TYPE), Some("application/json"));
        assert!(r.body.is_empty());
    }
    assert!(s.lock().expect("state").member_cpfs("empty_group").is_empty());
}

#[tokio::test]
async fn validation_errors_are_pydantics() {
    let s = state();
    let a = admin(&s);
    let r = call(&s, Method::GET, "/api/v1/actions/?limit=101", Some(&a), "").await;
    assert_eq!(
        std::str::from_utf8(&r.body).expect("utf-8"),
        r#"{"error":"Validation error","details":[{"type":"less_than_equal","loc":["query","limit"],"msg":"Input should be less than or equal to 100","input":"101","ctx":{"le":100}}]}"#
    );
    // Bad JSON is refused before authentication even runs.
    let r = call(&s, Method::POST, "/api/v1/groups/empty_group/members", None, r#"{"subject":"#).await;
    assert_eq!(r.json()["details"][0]["loc"], json!(["body", 11]));
    let r = call(&s, Method::POST, "/api/v1/groups/empty_group/members", Some(&a), "{}").await;
    assert_eq!(
        r.json()["details"],
        json!([{"type":"missing","loc":["body","subject"],"msg":"Field required","input":{}}])
    );
    let r = call(&s, Method::POST, "/api/v1/actions/", Some(&a), r#"{"name":"User:Read","description":"d"}"#).await;
    assert_eq!(r.json()["details"][0]["type"], "string_pattern_mismatch");
}

#[tokio::test]
async fn filters_are_like_patterns() {
    let s = state();
    let a = admin(&s);
    let r = call(&s, Method::GET, "/api/v1/mappings/list?action_filter=read", Some(&a), "").await;
    let actions: Vec<String> =
        r.json().as_array().expect("rows").iter().filter_map(|m| m["action"].as_str().map(str::to_string)).collect();
    assert_eq!(actions, ["dataset:read", "user:read", "user:read", "user:read"]);
    let count = |body: Value| body.as_array().map_or(0, Vec::len);
    assert_eq!(count(call(&s, Method::GET, "/api/v1/groups/?prefix=eng", Some(&a), "").await.json()), 2);
    assert_eq!(count(call(&s, Method::GET, "/api/v1/groups/?prefix=ENG", Some(&a), "").await.json()), 0);
}

#[tokio::test]
async fn a_cerbos_outage_fails_changes_and_member_listing_but_not_reads() {
    let s = state();
    let a = admin(&s);
    s.lock().expect("state").set_cerbos_down(true);
    let r = call(&s, Method::GET, "/api/v1/groups/ops_team/members", Some(&a), "").await;
    assert_eq!((r.status, r.json()["service"].as_str()), (503, Some("Cerbos Authorization Service")));
    let r = call(&s, Method::POST, "/api/v1/actions/", Some(&a), r#"{"name":"zzz:outage","description":"d"}"#).await;
    assert_eq!(r.status, 500);
    assert!(r.json()["error"].as_str().is_some_and(|e| e.contains("is currently unavailable")));
    assert_eq!(call(&s, Method::GET, "/api/v1/actions/?limit=2", Some(&a), "").await.status, 200);
    let r = call(&s, Method::GET, "/api/v1/readyz", None, "").await;
    assert_eq!((r.status, &r.json()["error"]["checks"]["cerbos"]), (503, &json!(false)));
    s.lock().expect("state").set_cerbos_down(false);
    assert_eq!(call(&s, Method::GET, "/api/v1/readyz", None, "").await.status, 200);
}

#[test]
fn the_seed_is_deterministic_with_valid_cpfs() {
    let s = state();
    let s = s.lock().expect("state");
    let again = build(crate::DEFAULT_SEED, s.clock);
    assert_eq!(s.users(), again.users());
    assert_eq!(s.actions().len(), 130);
    assert!(s.action(130).is_some_and(|a| a.description.is_none()));
    for u in s.users() {
        let d: Vec<u32> = u.cpf.chars().filter_map(|c| c.to_digit(10)).collect();
        assert_eq!(d.len(), 11, "{}", u.cpf);
        assert_eq!(super::seed::check_digits(&d[..9]), [d[9], d[10]], "{}", u.cpf);
    }
    assert!(s.groups().iter().any(|g| g.name == "rio:saude:admins"));
    assert!(!s.member_cpfs("engineering:backend").is_empty());
    assert!(s.member_cpfs("engineering:backend").contains(&s.user_cpf()));
}
