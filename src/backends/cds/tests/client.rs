//! `CdsClient` against a tiny local server that records every request byte for byte and
//! answers with the quirky shapes of docs/wire-cds.md (204 empty, 200 `null`, 403 `null`,
//! 201 vs 200, HTML 500, error JSON with and without a message).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use crate::backends::cds::client::CdsClient;
use crate::backends::cds::wire::{Action, ActionPath, Expiration, ExportFormat, ImportOutcome, Parameter, WireStr};
use crate::backends::http::{Auth, ServerOptions};
use crate::domain::error::{ApiError, StatusError};
use crate::domain::secret::Secret;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

#[derive(Debug, Clone)]
struct Seen {
    method: String,
    /// As it arrived: still percent-encoded.
    path: String,
    query: Option<String>,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn body_json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
}

fn reply(status: u16, body: &str) -> Reply {
    Reply { status, content_type: "application/json", body: body.as_bytes().to_vec() }
}

fn reply_as(status: u16, content_type: &'static str, body: &str) -> Reply {
    Reply { status, content_type, body: body.as_bytes().to_vec() }
}

#[derive(Clone, Default)]
struct Script {
    seen: Arc<Mutex<Vec<Seen>>>,
    replies: Arc<Mutex<VecDeque<Reply>>>,
}

struct Server {
    base: String,
    script: Script,
}

impl Server {
    /// Serves `replies` in order, one per request; a request beyond them gets a 599 so a test
    /// that sends too much fails loudly.
    async fn start(replies: Vec<Reply>) -> Self {
        let script = Script { replies: Arc::new(Mutex::new(replies.into())), ..Default::default() };
        let app = axum::Router::new().fallback(record).with_state(script.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        // A base path, like a real deployment behind `/cdsapi`.
        Self { base: format!("http://{addr}/cdsapi"), script }
    }

    fn client(&self, auth: Auth) -> CdsClient {
        CdsClient::new(&ServerOptions::new(self.base.clone(), auth)).expect("client")
    }

    fn session(&self) -> CdsClient {
        self.client(Auth::Session(Secret::new("sess-123")))
    }

    fn seen(&self) -> Vec<Seen> {
        self.script.seen.lock().expect("lock").clone()
    }

    fn only(&self) -> Seen {
        let seen = self.seen();
        assert_eq!(seen.len(), 1, "expected exactly one request, got {seen:?}");
        seen.into_iter().next().expect("one request")
    }
}

async fn record(State(script): State<Script>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, 16 * 1024 * 1024).await.map(|b| b.to_vec()).unwrap_or_default();
    script.seen.lock().expect("lock").push(Seen {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        headers: parts.headers,
        body,
    });
    let next = script.replies.lock().expect("lock").pop_front();
    let r = next.unwrap_or_else(|| reply(599, r#"{"id":0,"message":"unexpected extra request"}"#));
    let mut resp = Response::new(Body::from(r.body));
    *resp.status_mut() = StatusCode::from_u16(r.status).expect("status");
    if !r.content_type.is_empty() {
        resp.headers_mut().insert("content-type", r.content_type.parse().expect("content type"));
    }
    resp
}

fn status_error(e: ApiError) -> StatusError {
    match e {
        ApiError::Status(s) => s,
        other => panic!("expected a status error, got {other:?}"),
    }
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).expect("test JSON")
}

const ACTION: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cds_payloads/spec_action_get.json"));
const GROUP: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cds_payloads/spec_group_get.json"));

/// No body at all: what the server reads on rollback and admin POST.
fn assert_no_body(s: &Seen) {
    assert!(s.body.is_empty(), "unexpected body {:?}", String::from_utf8_lossy(&s.body));
    assert_eq!(s.header("content-type"), None);
    assert!(matches!(s.header("content-length"), None | Some("0")));
}

// ----- auth and transport -----

#[tokio::test]
async fn session_auth_sends_the_token_and_the_sdk_header_and_never_a_cds_user_agent() {
    let srv = Server::start(vec![reply(200, "[]")]).await;
    let rows = srv.session().list_actions().await.expect("list");
    assert!(rows.is_empty());
    let s = srv.only();
    assert_eq!((s.method.as_str(), s.path.as_str(), s.query.as_deref()), ("GET", "/cdsapi/action", None));
    assert_eq!(s.header("session-token"), Some("sess-123"));
    assert_eq!(s.header("x-requested-with"), Some("X-CDS-SDK"));
    assert_eq!(s.header("authorization"), None);
    let ua = s.header("user-agent").unwrap_or_default();
    assert!(ua.starts_with("opsy/"), "user agent {ua:?}");
    assert!(!ua.starts_with("CDS/"));
}

#[tokio::test]
async fn bearer_auth_sends_only_the_authorization_header() {
    let srv = Server::start(vec![reply(200, "null")]).await;
    srv.client(Auth::Bearer(Secret::new("jwt.a.b"))).list_groups(false, false).await.expect("groups");
    let s = srv.only();
    assert_eq!(s.header("authorization"), Some("Bearer jwt.a.b"));
    assert_eq!((s.header("session-token"), s.header("x-requested-with")), (None, None));
}

#[tokio::test]
async fn login_sends_no_auth_header_and_returns_the_session_as_a_secret() {
    let srv = Server::start(vec![
        reply(200, r#"{"user":{"id":3,"username":"jdoe"},"token":"d41d8cd98f00b204"}"#),
        reply(400, r#"{"id":25,"message":"invalid user or password","data":null,"uuid":"u-25"}"#),
    ])
    .await;
    // Even a client holding a (stale) session must not send it to /login.
    let client = srv.session();
    let token = client.login("jdoe", &Secret::new("p@ss")).await.expect("login");
    assert_eq!(token.expose(), "d41d8cd98f00b204");
    let err = status_error(client.login("jdoe", &Secret::new("wrong")).await.expect_err("bad password"));
    assert_eq!((err.status, err.code, err.message.as_str()), (400, Some(25), "invalid user or password"));

    let s = &srv.seen()[0];
    assert_eq!((s.method.as_str(), s.path.as_str()), ("POST", "/cdsapi/login"));
    assert_eq!(s.header("x-requested-with"), Some("X-CDS-SDK"));
    assert_eq!((s.header("session-token"), s.header("authorization")), (None, None));
    assert_eq!(s.header("content-type"), Some("application/json"));
    assert_eq!(s.body_json(), json(r#"{"username":"jdoe","password":"p@ss"}"#));
}

// ----- actions -----

#[tokio::test]
async fn action_paths_are_percent_encoded_without_a_trailing_slash() {
    let srv = Server::start(vec![reply(200, ACTION)]).await;
    let a = srv.session().get_action(&ActionPath::new("my grp", "build/é?")).await.expect("get");
    assert_eq!(a.actions.len(), 1);
    assert_eq!(srv.only().path, "/cdsapi/action/my%20grp/build%2F%C3%A9%3F");
}

#[tokio::test]
async fn unusable_requests_are_refused_before_anything_is_sent() {
    let srv = Server::start(vec![]).await;
    let c = srv.session();
    assert!(matches!(c.remove_user("..", "x").await, Err(ApiError::Local(_))));
    assert!(matches!(c.delete_action(&ActionPath::new("g", ".")).await, Err(ApiError::Local(_))));
    assert!(matches!(c.get_group("").await, Err(ApiError::Local(_))));
    let groupless = Action { name: "orphan".into(), ..Default::default() };
    assert!(matches!(c.create_action(&groupless).await, Err(ApiError::Local(ref m)) if m.contains("orphan")));
    assert!(srv.seen().is_empty());
}

#[tokio::test]
async fn list_entries_of_the_wrong_shape_are_skipped_not_fatal() {
    let srv = Server::start(vec![reply(200, r#"[{"id":1,"name":"a","requirements":null},"junk",7,{"id":2}]"#)]).await;
    let rows = srv.session().list_actions().await.expect("list");
    assert_eq!(rows.iter().map(|a| a.id).collect::<Vec<_>>(), vec![1, 2]);
}

#[tokio::test]
async fn create_and_update_send_the_action_body() {
    let srv = Server::start(vec![reply(201, ACTION), reply(200, ACTION)]).await;
    let c = srv.session();
    let new = Action {
        name: WireStr::new("build"),
        group_id: Some(7),
        parameters: vec![Parameter {
            name: "target".into(),
            kind: "string".into(),
            value: "dist".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let created = c.create_action(&new).await.expect("create");
    assert!(created.editable);
    let mut edited = created.clone();
    edited.description = WireStr::text("Build it\n\tbetter");
    c.update_action(&ActionPath::new("grp", "build"), &edited).await.expect("update");

    let seen = srv.seen();
    assert_eq!((seen[0].method.as_str(), seen[0].path.as_str()), ("POST", "/cdsapi/action"));
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    assert_eq!(
        seen[0].body_json(),
        json(
            r#"{"group_id":7,"name":"build","description":"","enabled":false,"deprecated":false,
                "parameters":[{"name":"target","type":"string","value":"dist"}],"requirements":[],"actions":[]}"#
        )
    );
    assert_eq!((seen[1].method.as_str(), seen[1].path.as_str()), ("PUT", "/cdsapi/action/grp/build"));
    let put = seen[1].body_json();
    assert_eq!(put["id"], json("42"));
    assert_eq!(put["description"], json(r#""Build it\n\tbetter""#), "raw bytes, tab included");
    assert_eq!(
        put["actions"],
        json(
            r#"[{"id":1,"step_name":"compile","enabled":true,"optional":false,"always_executed":true,"parameters":[{"name":"script","type":"text","value":"make {{.target}}"}]}]"#
        )
    );
}

#[tokio::test]
async fn delete_accepts_204_with_an_empty_body_and_reports_in_use() {
    let srv = Server::start(vec![
        reply(204, ""),
        reply(
            403,
            r#"{"id":11,"message":"forbidden (from: cannot delete action build is used in other actions or pipelines)","data":null,"uuid":"e-11"}"#,
        ),
    ])
    .await;
    let c = srv.session();
    let p = ActionPath::new("grp", "build");
    c.delete_action(&p).await.expect("204 is success");
    let err = status_error(c.delete_action(&p).await.expect_err("in use"));
    assert_eq!((err.status, err.code, err.correlation.as_deref()), (403, Some(11), Some("e-11")));
    assert!(err.message.contains("is used in other actions"));
    assert!(srv.seen().iter().all(|s| s.method == "DELETE" && s.path == "/cdsapi/action/grp/build"));
}

#[tokio::test]
async fn usage_unswaps_jobs_and_actions() {
    let srv = Server::start(vec![reply(
        200,
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cds_payloads/usage_quirks.json")),
    )])
    .await;
    let u = srv.session().action_usage(&ActionPath::new("grp", "build")).await.expect("usage");
    assert_eq!(srv.only().path, "/cdsapi/action/grp/build/usage");
    assert_eq!((u.pipelines[0].job_name(), u.pipelines[0].action_name()), ("Compile job", "build"));
    assert_eq!(u.pipelines[0].project_id(), "12");
}

#[tokio::test]
async fn export_returns_the_raw_bytes_whatever_the_content_type() {
    let doc = "version: v1.0\nname: build\ngroup: grp\nsteps:\n- script:\n  - make\t{{.target}}\n";
    let srv = Server::start(vec![
        reply_as(200, "text/plain; charset=utf-8", doc),
        reply_as(200, "text/plain; charset=utf-8", r#"{"version":"v1.0"}"#),
        reply_as(200, "", ""),
        reply(500, r#"{"id":1,"message":"internal server error","data":null,"uuid":"e-1"}"#),
    ])
    .await;
    let c = srv.session();
    let p = ActionPath::new("grp", "build");
    let yaml = c.export_action(&p, ExportFormat::Yaml).await.expect("yaml");
    assert_eq!(&yaml[..], doc.as_bytes());
    let js = c.export_action(&p, ExportFormat::Json).await.expect("json");
    assert_eq!(&js[..], br#"{"version":"v1.0"}"#);
    assert!(matches!(c.export_action(&p, ExportFormat::Yaml).await, Err(ApiError::Decode { .. })));
    assert_eq!(status_error(c.export_action(&p, ExportFormat::Yaml).await.expect_err("500")).code, Some(1));

    let seen = srv.seen();
    assert_eq!(
        (seen[0].path.as_str(), seen[0].query.as_deref()),
        ("/cdsapi/action/grp/build/export", Some("format=yaml"))
    );
    assert_eq!(seen[1].query.as_deref(), Some("format=json"));
}

#[tokio::test]
async fn import_sends_the_raw_document_with_the_exact_content_type() {
    let yaml = "version: v1.0\nname: build\ngroup: grp\n";
    let srv = Server::start(vec![reply(201, ACTION), reply(200, ACTION)]).await;
    let c = srv.session();
    let first = c.import_action(ExportFormat::from_file_name("build.yml"), yaml.as_bytes().to_vec()).await;
    assert!(matches!(first, Ok(ImportOutcome::Created(ref a)) if a.id == 42), "{first:?}");
    let doc = br#"{"version":"v1.0","name":"build","group":"grp"}"#;
    let second = c.import_action(ExportFormat::from_file_name("build.json"), &doc[..]).await;
    assert!(matches!(second, Ok(ImportOutcome::Updated(_))), "{second:?}");

    let seen = srv.seen();
    assert_eq!((seen[0].method.as_str(), seen[0].path.as_str()), ("POST", "/cdsapi/action/import"));
    assert_eq!(seen[0].header("content-type"), Some("application/x-yaml"));
    assert_eq!(seen[0].body, yaml.as_bytes());
    assert_eq!(seen[1].header("content-type"), Some("application/json"));
    assert_eq!(seen[1].body, doc);
}

#[tokio::test]
async fn audits_and_rollback_without_a_body() {
    let srv = Server::start(vec![
        reply(
            200,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cds_payloads/spec_audit_list.json")),
        ),
        reply(200, ACTION),
        reply(500, r#"{"id":1,"message":"internal server error","data":null,"uuid":"e-roll"}"#),
    ])
    .await;
    let c = srv.session();
    let p = ActionPath::new("grp", "build");
    let audits = c.action_audits(&p).await.expect("audits");
    assert!(audits[0].can_roll_back());
    let restored = c.rollback_action(&p, audits[0].id).await.expect("rollback");
    assert_eq!(restored.id, 42);
    let err = status_error(c.rollback_action(&p, 300).await.expect_err("ActionAdd cannot roll back"));
    assert_eq!((err.status, err.code), (500, Some(1)));

    let seen = srv.seen();
    assert_eq!((seen[0].method.as_str(), seen[0].path.as_str()), ("GET", "/cdsapi/action/grp/build/audit"));
    assert_eq!(
        (seen[1].method.as_str(), seen[1].path.as_str()),
        ("POST", "/cdsapi/action/grp/build/audit/310/rollback")
    );
    assert_no_body(&seen[1]);
}

#[tokio::test]
async fn requirements_may_be_null_and_group_routes_take_ids() {
    let srv = Server::start(vec![
        reply(200, "null"),
        reply(
            200,
            r#"[{"id":1,"name":"Script","type":"Builtin"},{"id":42,"group_id":7,"name":"build","type":"Default"}]"#,
        ),
        reply(
            200,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cds_payloads/worker_models.json")),
        ),
    ])
    .await;
    let c = srv.session();
    assert!(c.requirements().await.expect("requirements").is_empty());
    assert_eq!(c.group_actions(7).await.expect("step picker").len(), 2);
    assert_eq!(c.worker_models(7).await.expect("models").len(), 2);
    let paths: Vec<String> = srv.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(paths, ["/cdsapi/action/requirement", "/cdsapi/group/7/action", "/cdsapi/group/7/worker/model"]);
}

// ----- groups -----

#[tokio::test]
async fn group_lists_take_their_flags_and_may_be_null() {
    let srv = Server::start(vec![
        reply(200, "null"),
        reply(200, r#"[{"id":1,"name":"shared.infra"},{"id":7,"name":"grp"}]"#),
        reply(200, r#"[{"id":1,"name":"shared.infra"}]"#),
    ])
    .await;
    let c = srv.session();
    assert!(c.list_groups(true, true).await.expect("null list").is_empty());
    assert_eq!(c.list_groups(false, false).await.expect("list").len(), 2);
    assert_eq!(c.public_groups().await.expect("public")[0].name, "shared.infra");
    let seen = srv.seen();
    assert_eq!(
        (seen[0].path.as_str(), seen[0].query.as_deref()),
        ("/cdsapi/group", Some("withPublic=true&withoutDefault=true"))
    );
    assert_eq!(seen[1].query, None);
    assert_eq!(seen[2].path, "/cdsapi/group/public");
}

#[tokio::test]
async fn create_get_and_delete_a_group() {
    let srv = Server::start(vec![reply(201, r#"{"id":12,"name":"new-grp"}"#), reply(200, GROUP), reply(204, "")]).await;
    let c = srv.session();
    let created = c.create_group("new-grp").await.expect("create");
    assert_eq!((created.id, created.name.raw()), (12, "new-grp"));
    let g = c.get_group("grp").await.expect("get");
    assert_eq!((g.admins.len(), g.users.len(), g.tokens.len()), (1, 1, 1));
    c.delete_group("grp").await.expect("delete");
    let seen = srv.seen();
    assert_eq!((seen[0].method.as_str(), seen[0].path.as_str()), ("POST", "/cdsapi/group"));
    assert_eq!(seen[0].body, br#"{"name":"new-grp"}"#);
    assert_eq!((seen[1].method.as_str(), seen[1].path.as_str()), ("GET", "/cdsapi/group/grp"));
    assert_eq!((seen[2].method.as_str(), seen[2].path.as_str()), ("DELETE", "/cdsapi/group/grp"));
}

#[tokio::test]
async fn rename_gets_then_puts_the_whole_group_under_the_old_name() {
    let srv =
        Server::start(vec![reply(200, GROUP), reply(200, r#"{"id":7,"name":"grp2","admins":[],"users":[]}"#)]).await;
    let g = srv.session().rename_group("grp", "grp2").await.expect("rename");
    assert_eq!(g.name, "grp2");
    let seen = srv.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!((seen[0].method.as_str(), seen[0].path.as_str()), ("GET", "/cdsapi/group/grp"));
    assert_eq!((seen[1].method.as_str(), seen[1].path.as_str()), ("PUT", "/cdsapi/group/grp"));
    assert_eq!(seen[1].header("content-type"), Some("application/json"));
    assert_eq!(seen[1].body, br#"{"name":"grp2","admins":[{"username":"jdoe"}],"users":[{"username":"alice"}]}"#);
}

#[tokio::test]
async fn rename_refuses_to_put_a_membership_it_could_not_read() {
    let srv = Server::start(vec![reply(
        200,
        r#"{"id":7,"name":"grp","admins":[{"id":3,"username":"jdoe"}],"users":["alice",{"id":5,"username":""}]}"#,
    )])
    .await;
    let err = srv.session().rename_group("grp", "grp2").await.expect_err("refused");
    assert!(matches!(err, ApiError::Local(ref m) if m.contains("not renaming")), "{err:?}");
    assert_eq!(srv.only().method, "GET", "no PUT may follow");
}

#[tokio::test]
async fn member_changes_use_the_user_endpoints() {
    let srv = Server::start(vec![reply(204, ""), reply(204, ""), reply(204, ""), reply(204, "")]).await;
    let c = srv.session();
    c.add_users("grp", &["alice", "bob"]).await.expect("add");
    c.set_admin("grp", "alice").await.expect("promote");
    c.remove_admin("grp", "alice").await.expect("demote");
    c.remove_user("grp", "bob smith").await.expect("remove");

    let seen = srv.seen();
    let lines: Vec<(&str, &str)> = seen.iter().map(|s| (s.method.as_str(), s.path.as_str())).collect();
    assert_eq!(
        lines,
        [
            ("POST", "/cdsapi/group/grp/user"),
            ("POST", "/cdsapi/group/grp/user/alice/admin"),
            ("DELETE", "/cdsapi/group/grp/user/alice/admin"),
            ("DELETE", "/cdsapi/group/grp/user/bob%20smith"),
        ]
    );
    assert_eq!(seen[0].body, br#"["alice","bob"]"#);
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    assert_no_body(&seen[1]);
}

#[tokio::test]
async fn member_errors_keep_the_cds_id() {
    let srv = Server::start(vec![
        reply(400, r#"{"id":34,"message":"not enough group admin left","data":null,"uuid":"e-34"}"#),
        reply(500, r#"{"id":1,"message":"internal server error","data":null,"uuid":"e-1"}"#),
    ])
    .await;
    let c = srv.session();
    let err = status_error(c.remove_user("grp", "jdoe").await.expect_err("last admin"));
    assert_eq!((err.status, err.code), (400, Some(34)));
    let err = c.add_users("grp", &[String::from("ghost")]).await.expect_err("unknown user");
    assert!(err.is_transient() && err.code() == Some(1));
}

// ----- tokens -----

#[tokio::test]
async fn token_list_403_null_is_a_permission_error() {
    let srv = Server::start(vec![
        reply(403, "null"),
        reply(200, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cds_payloads/token_list.json"))),
    ])
    .await;
    let c = srv.session();
    let err = status_error(c.list_tokens("grp").await.expect_err("not admin"));
    assert_eq!(err.status, 403);
    assert!(err.message.contains("only admins of group grp"), "{}", err.message);
    let rows = c.list_tokens("grp").await.expect("list");
    assert_eq!(rows.iter().map(|t| t.id).collect::<Vec<_>>(), vec![9, 10, 11]);
    assert_eq!(srv.seen()[1].path, "/cdsapi/group/grp/token");
}

#[tokio::test]
async fn generate_sends_the_expiration_string_and_holds_the_secret() {
    let srv = Server::start(vec![reply(
        200,
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cds_payloads/spec_token_generate.json")),
    )])
    .await;
    let t = srv.session().generate_token("grp", Expiration::Persistent, "ci").await.expect("generate");
    assert_eq!((t.id, t.token.expose()), (0, "<64 hex chars>"));
    assert!(!format!("{t:?}").contains("<64 hex chars>"));
    let s = srv.only();
    assert_eq!((s.method.as_str(), s.path.as_str()), ("POST", "/cdsapi/group/grp/token"));
    assert_eq!(s.body, br#"{"expiration":"persistent","description":"ci"}"#);
}

#[tokio::test]
async fn revoke_accepts_200_null_and_does_not_fake_a_204() {
    let srv = Server::start(vec![reply(200, "null"), reply(204, ""), reply(403, "null")]).await;
    let c = srv.session();
    c.delete_token("grp", 9).await.expect("revoked");
    let err = status_error(c.delete_token("grp", 9).await.expect_err("204 deletes nothing"));
    assert!(err.message.contains("not revoked"), "{}", err.message);
    let err = status_error(c.delete_token("grp", 9).await.expect_err("not admin"));
    assert!(err.message.contains("only admins"));
    let seen = srv.seen();
    assert!(seen.iter().all(|s| s.method == "DELETE" && s.path == "/cdsapi/group/grp/token/9"));
}

// ----- error shapes -----

#[tokio::test]
async fn every_error_shape_is_decoded() {
    let srv = Server::start(vec![
        reply_as(500, "text/html; charset=utf-8", "<html><head><title>502 Bad Gateway</title></head></html>"),
        reply(404, r#"{"id":38,"message":"resource not found","data":null,"uuid":"e-38"}"#),
        reply(403, r#"{"id":11,"message":"","data":null,"uuid":"e-11"}"#),
        reply(401, ""),
        reply(200, "<html>login</html>"),
        reply(200, r#"{"id":"#),
    ])
    .await;
    let c = srv.session();
    let html = c.get_group("grp").await.expect_err("html");
    assert!(
        matches!(html, ApiError::NotJson { status: 500, ref snippet, .. } if snippet == "502 Bad Gateway"),
        "{html:?}"
    );

    let e = status_error(c.get_group("grp").await.expect_err("404"));
    assert_eq!(
        (e.status, e.code, e.message.as_str(), e.correlation.as_deref()),
        (404, Some(38), "resource not found", Some("e-38"))
    );

    let e = status_error(c.get_group("grp").await.expect_err("empty message"));
    assert_eq!(
        (e.status, e.code, e.message.as_str(), e.correlation),
        (403, None, "", None),
        "only the HTTP status counts"
    );

    let e = status_error(c.get_group("grp").await.expect_err("401"));
    assert_eq!(e.status, 401);

    assert!(matches!(c.get_group("grp").await, Err(ApiError::NotJson { status: 200, .. })));
    assert!(matches!(c.get_group("grp").await, Err(ApiError::NotJson { .. } | ApiError::Decode { .. })));
}

#[tokio::test]
async fn a_single_object_answered_with_null_or_nothing_is_an_error() {
    let srv = Server::start(vec![reply(200, "null"), reply(204, "")]).await;
    let c = srv.session();
    assert!(matches!(c.get_action(&ActionPath::new("g", "a")).await, Err(ApiError::Decode { .. })));
    assert!(matches!(c.get_group("g").await, Err(ApiError::Decode { .. })));
}
