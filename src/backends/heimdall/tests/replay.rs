//! The demo server against the recordings: all 81 recorded requests are sent, in order, to
//! the demo's Heimdall dialect, and each answer must match the real server's: status,
//! content type, `allow`, `location` (up to the address), and the body byte for byte, or,
//! where it holds seeded data (timestamps, user ids, the demo's members), its shape.

use opsy_demo::heimdall::{keycloak_claims, unsigned_jwt};
use opsy_demo::{DemoOptions, DemoServer};
use reqwest::Method;
use serde_json::Value;

use super::recording::{self, Recording};

/// Answers that carry the demo's own data: compared by shape.
const SEEDED: [u32; 16] = [20, 22, 23, 25, 28, 29, 32, 33, 34, 46, 52, 53, 54, 74, 75, 80];

/// The recorded server's address, as its redirects spell it.
const RECORDED_HOST: &str = "127.0.0.1:28180";

struct Tokens {
    admin: String,
    user: String,
    member: String,
    gateway: String,
}

/// The recordings name their tokens by claims; mint the same claims for the demo.
fn authorization(recorded: &str, t: &Tokens) -> String {
    let token = |t: &str| format!("Bearer {t}");
    if recorded.contains("<ADMIN_TOKEN") {
        token(&t.admin)
    } else if recorded.contains("<USER_TOKEN") {
        token(&t.user)
    } else if recorded.contains("<MEMBER_TOKEN") {
        token(&t.member)
    } else if recorded.contains("<STATIC_API_TOKEN>") {
        token(&t.gateway)
    } else {
        recorded.to_string()
    }
}

/// Same keys and value kinds; `null` stands for any value (the fields are nullable), and
/// lists compare their items with the recorded first item.
fn same_shape(ours: &Value, theirs: &Value) -> Result<(), String> {
    match (ours, theirs) {
        (Value::Null, _) | (_, Value::Null) => Ok(()),
        (Value::Object(a), Value::Object(b)) => {
            let (ka, kb): (Vec<&String>, Vec<&String>) = (a.keys().collect(), b.keys().collect());
            if ka != kb {
                return Err(format!("keys {ka:?} vs recorded {kb:?}"));
            }
            a.iter().try_for_each(|(k, v)| same_shape(v, &b[k]).map_err(|e| format!("{k}: {e}")))
        }
        (Value::Array(a), Value::Array(b)) => match b.first() {
            Some(first) => a.iter().try_for_each(|v| same_shape(v, first)),
            None => Ok(()),
        },
        (Value::String(_), Value::String(_))
        | (Value::Number(_), Value::Number(_))
        | (Value::Bool(_), Value::Bool(_)) => Ok(()),
        (a, b) => Err(format!("{a} vs recorded {b}")),
    }
}

async fn replay(http: &reqwest::Client, server: &DemoServer, tokens: &Tokens, r: &Recording) -> Result<(), String> {
    let method = Method::from_bytes(r.request.method.as_bytes()).map_err(|e| e.to_string())?;
    let url = format!("{}{}", server.heimdall_url(), r.request.target);
    let mut req = http.request(method, &url);
    if let Some(auth) = r.request.header("authorization") {
        req = req.header("authorization", authorization(auth, tokens));
    }
    if let Some(ct) = r.request.header("content-type") {
        req = req.header("content-type", ct);
    }
    let resp = req.body(r.request.body.clone()).send().await.map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let (content_type, allow, location) = (header("content-type"), header("allow"), header("location"));
    let body = resp.bytes().await.map_err(|e| e.to_string())?;

    let want = &r.response;
    if status != want.status {
        return Err(format!("status {status}, recorded {}: {}", want.status, String::from_utf8_lossy(&body)));
    }
    let recorded = |name: &str| want.header(name).map(str::to_string);
    if content_type != recorded("content-type") || allow != recorded("allow") {
        return Err(format!("content-type {content_type:?} allow {allow:?}"));
    }
    let here = server.addr().to_string();
    if location != recorded("location").map(|l| l.replace(RECORDED_HOST, &here)) {
        return Err(format!("location {location:?}"));
    }
    if SEEDED.contains(&r.number) {
        let ours: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        let theirs: Value = serde_json::from_slice(&want.body).map_err(|e| e.to_string())?;
        same_shape(&ours, &theirs)
    } else if body != want.body {
        Err(format!(
            "body\n  ours:     {}\n  recorded: {}",
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(&want.body)
        ))
    } else {
        Ok(())
    }
}

#[tokio::test]
async fn the_demo_answers_every_recorded_request_like_the_real_server() {
    let server = DemoServer::start(DemoOptions { size: 1, ..Default::default() }, 0).await.expect("demo server starts");
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("http client");
    let tokens = Tokens {
        admin: unsigned_jwt(&keycloak_claims("11111111111", "Admin Local", true)),
        user: unsigned_jwt(&keycloak_claims("22222222222", "Plain User", false)),
        member: unsigned_jwt(&keycloak_claims("33333333333", "Maria Member", false)),
        gateway: server.with_heimdall(|s| s.static_token().to_string()),
    };
    let mut failures = Vec::new();
    for r in recording::all() {
        // The recordings took Cerbos down for 76–80.
        server.with_heimdall(|s| s.set_cerbos_down((76..=80).contains(&r.number)));
        if let Err(e) = replay(&http, &server, &tokens, &r).await {
            failures.push(format!("{}: {e}", r.name));
        }
    }
    assert!(failures.is_empty(), "{} of 81 differ:\n{}", failures.len(), failures.join("\n"));
}
