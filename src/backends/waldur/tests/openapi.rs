//! The demo Waldur against the official OpenAPI schema (8.0.5, user-action paths): every
//! documented path, method and status is exercised, every JSON answer validates against the
//! documented response schema, and every body the opsy client sends validates against the
//! documented request schema.

use std::collections::BTreeSet;
use std::sync::Mutex;

use crate::backends::http::{Auth, ServerOptions};
use crate::backends::waldur::client::WaldurClient;
use crate::backends::waldur::model::{ListQuery, Urgency};
use crate::domain::secret::Secret;
use jiff::Timestamp;
use opsy_demo::{DemoOptions, DemoServer};
use serde_json::{Map, Value, json};

const FIXTURE: &str = "tests/fixtures/waldur/openapi-user-actions-8.0.5.json";

/// The OpenAPI document with OpenAPI 3.0's `nullable` turned into JSON Schema nullability.
struct Spec {
    doc: Value,
}

/// `nullable: true` means "or null": add `null` to `type` (and to `enum`), or wrap references.
fn json_schema_nullability(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for child in map.values_mut() {
                json_schema_nullability(child);
            }
            if map.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::Array(values)) = map.get_mut("enum") {
                    values.push(Value::Null);
                }
                match map.get("type").cloned() {
                    Some(Value::String(t)) => {
                        map.insert("type".into(), json!([t, "null"]));
                    }
                    _ => {
                        let inner = Value::Object(std::mem::take(map));
                        map.insert("anyOf".into(), json!([inner, {"type": "null"}]));
                    }
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(json_schema_nullability),
        _ => {}
    }
}

/// Waldur sends both uuid spellings: hex for `uuid`, hyphenated for the others. Anything
/// else is not a uuid.
fn is_uuid(s: &str) -> bool {
    let hex = |t: &str| t.bytes().all(|b| b.is_ascii_hexdigit());
    match s.len() {
        32 => hex(s),
        36 => {
            let parts: Vec<&str> = s.split('-').collect();
            parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12] && parts.iter().all(|p| hex(p))
        }
        _ => false,
    }
}

impl Spec {
    fn load() -> Self {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let mut doc: Value = serde_json::from_str(&text).expect("fixture is JSON");
        json_schema_nullability(&mut doc);
        Self { doc }
    }

    fn validator(&self, schema: &Value) -> jsonschema::Validator {
        let mut root = schema.as_object().cloned().unwrap_or_default();
        root.insert("components".into(), self.doc["components"].clone());
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .should_validate_formats(true)
            .with_format("uuid", is_uuid)
            .build(&Value::Object(root))
            .expect("schema compiles")
    }

    fn errors(&self, schema: &Value, instance: &Value) -> Vec<String> {
        let v = self.validator(schema);
        v.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
    }

    fn operation(&self, template: &str, method: &str) -> &Value {
        let op = &self.doc["paths"][template][method];
        assert!(op.is_object(), "{method} {template} is not documented");
        op
    }

    fn response(&self, template: &str, method: &str, status: u16) -> &Value {
        let r = &self.operation(template, method)["responses"][status.to_string()];
        assert!(r.is_object(), "{method} {template} does not document status {status}");
        r
    }

    /// Every (path, method, status) the document lists.
    fn documented(&self) -> BTreeSet<(String, String, u16)> {
        let mut out = BTreeSet::new();
        for (path, ops) in self.doc["paths"].as_object().expect("paths") {
            for (method, op) in ops.as_object().expect("operations") {
                for status in op["responses"].as_object().expect("responses").keys() {
                    out.insert((path.clone(), method.clone(), status.parse().expect("numeric status")));
                }
            }
        }
        out
    }

    /// The documented path a concrete path belongs to; literal segments beat parameters.
    fn template_for(&self, path: &str) -> String {
        let segments: Vec<&str> = path.split('/').collect();
        let mut best: Option<(usize, &String)> = None;
        for template in self.doc["paths"].as_object().expect("paths").keys() {
            let t: Vec<&str> = template.split('/').collect();
            if t.len() != segments.len() {
                continue;
            }
            let mut literal = 0;
            let fits = t.iter().zip(&segments).all(|(a, b)| {
                if a.starts_with('{') {
                    !b.is_empty()
                } else {
                    literal += 1;
                    a == b
                }
            });
            if fits && best.is_none_or(|(n, _)| literal > n) {
                best = Some((literal, template));
            }
        }
        best.unwrap_or_else(|| panic!("no documented path for {path}")).1.clone()
    }
}

/// Calls the demo over raw HTTP, validates each answer, and remembers what was covered.
struct Probe {
    http: reqwest::Client,
    origin: String,
    spec: Spec,
    covered: Mutex<BTreeSet<(String, String, u16)>>,
}

impl Probe {
    async fn call(&self, method: &str, target: &str, token: &str, body: Option<Value>) -> Value {
        let mut req = self
            .http
            .request(method.parse().expect("method"), format!("{}{target}", self.origin))
            .header("Authorization", format!("Token {token}"))
            .header("Accept", "application/json");
        if let Some(b) = &body {
            req = req.header("Content-Type", "application/json").body(b.to_string());
        }
        let resp = req.send().await.expect("demo answers");
        let status = resp.status().as_u16();
        let content_type = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        let count = resp.headers().get("x-result-count").is_some();
        let bytes = resp.bytes().await.expect("body");
        let path = target.split('?').next().unwrap_or(target);
        let template = self.spec.template_for(path);
        let m = method.to_ascii_lowercase();
        let documented = self.spec.response(&template, &m, status);
        self.covered.lock().expect("lock").insert((template.clone(), m.clone(), status));
        if documented.get("headers").and_then(|h| h.get("x-result-count")).is_some() {
            assert!(count, "{method} {target}: documented X-Result-Count missing");
        }
        let Some(schema) = documented.get("content").map(|c| &c["application/json"]["schema"]) else {
            assert!(bytes.is_empty(), "{method} {target}: documented without a body, got {} bytes", bytes.len());
            return Value::Null;
        };
        assert_eq!(content_type, "application/json", "{method} {target}");
        let value: Value =
            serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{method} {target}: not JSON: {e}"));
        let errors = self.spec.errors(schema, &value);
        assert!(errors.is_empty(), "{method} {target} ({status}) does not match {template}:\n{}", errors.join("\n"));
        value
    }
}

fn now() -> Timestamp {
    "2025-06-10T09:30:00Z".parse().expect("timestamp")
}

fn client(server: &DemoServer) -> WaldurClient {
    let opts = ServerOptions::new(server.waldur_url(), Auth::Token(Secret::new(server.waldur_token())));
    WaldurClient::new(&opts).expect("client")
}

#[test]
fn validation_can_fail_and_formats_accept_the_spec_forms() {
    let spec = Spec::load();
    let row = json!({"$ref": "#/components/schemas/UserAction"});
    assert!(!spec.errors(&row, &json!({"uuid": "5f0c7d1e2a3b4c5d8e9f00112233aabb"})).is_empty(), "required keys");
    let date = json!({"type": "string", "format": "date-time"});
    for ok in ["2025-06-01T12:00:00.123456+00:00", "2025-06-01T12:00:00+00:00", "2025-06-01T12:00:00Z"] {
        assert!(spec.errors(&date, &json!(ok)).is_empty(), "{ok}");
    }
    for bad in ["2025-06-01 12:00:00", "2025-06-01", "yesterday"] {
        assert!(!spec.errors(&date, &json!(bad)).is_empty(), "{bad}");
    }
    let uuid = json!({"type": "string", "format": "uuid"});
    assert!(spec.errors(&uuid, &json!("5f0c7d1e2a3b4c5d8e9f00112233aabb")).is_empty());
    assert!(spec.errors(&uuid, &json!("5f0c7d1e-2a3b-4c5d-8e9f-00112233aabb")).is_empty());
    assert!(!spec.errors(&uuid, &json!("5f0c7d1e-2a3b")).is_empty());
    let nullable = json!({"$ref": "#/components/schemas/SilenceActionResponse"});
    assert!(spec.errors(&nullable, &json!({"status": "silenced", "duration_days": null})).is_empty());
    assert!(!spec.errors(&nullable, &json!({"status": "silenced", "duration_days": "7"})).is_empty());
    let enums = json!({"$ref": "#/components/schemas/CorrectiveAction"});
    assert!(!spec.errors(&enums, &json!({"label": "x", "category": "delete", "severity": "safe"})).is_empty());
}

#[tokio::test]
async fn every_documented_answer_validates() {
    let server =
        DemoServer::start(DemoOptions { size: 60, now: Some(now()), ..Default::default() }, 0).await.expect("start");
    let probe = Probe {
        http: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("http"),
        origin: format!("http://{}", server.addr()),
        spec: Spec::load(),
        covered: Mutex::new(BTreeSet::new()),
    };
    let user = server.waldur_token().to_string();
    let staff = server.waldur_staff_token().to_string();

    // Every seeded row, silenced ones included, in one page; then the default listing.
    let all = probe.call("GET", "/api/user-actions/?include_silenced=true&page_size=300", &user, None).await;
    let all = all.as_array().expect("array");
    assert_eq!(all.len(), 60);
    probe.call("GET", "/api/user-actions/?o=-due_date&page=2&page_size=7", &user, None).await;
    probe.call("HEAD", "/api/user-actions/?urgency=high", &user, None).await;
    probe.call("GET", "/api/user-actions/summary/", &user, None).await;
    probe.call("HEAD", "/api/user-actions/summary/", &user, None).await;

    let uuid_of = |pred: &dyn Fn(&Value) -> bool| -> String {
        all.iter().find(|r| pred(r)).and_then(|r| r["uuid"].as_str()).expect("a matching seeded row").to_string()
    };
    let labels = |r: &Value| -> Vec<String> {
        r["corrective_actions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["label"].as_str().map(String::from))
            .collect()
    };
    let visible = |r: &Value| r["is_effectively_silenced"] == json!(false);
    let order = uuid_of(&|r| visible(r) && labels(r).contains(&"Approve Order".to_string()));
    let resource = uuid_of(&|r| visible(r) && labels(r).contains(&"Terminate Resource".to_string()));
    let quota = uuid_of(&|r| visible(r) && r["action_type"] == "quota_threshold");
    let silenced = uuid_of(&|r| r["is_silenced"] == json!(true));

    probe.call("GET", &format!("/api/user-actions/{order}/"), &user, None).await;
    probe.call("POST", &format!("/api/user-actions/{order}/silence/"), &user, Some(json!({"duration_days": 3}))).await;
    probe.call("POST", &format!("/api/user-actions/{order}/unsilence/"), &user, None).await;
    probe
        .call("POST", &format!("/api/user-actions/{silenced}/silence/?include_silenced=true"), &user, Some(json!({})))
        .await;
    let exec = |uuid: &str| format!("/api/user-actions/{uuid}/execute_action/");
    let navigate = probe.call("POST", &exec(&order), &user, Some(json!({"action_label": "View Order Details"}))).await;
    assert_eq!(navigate, json!({"action": "navigate"}));
    let approve = probe.call("POST", &exec(&order), &user, Some(json!({"action_label": "Approve Order"}))).await;
    assert_eq!(approve["message"], "Order approval initiated");
    probe.call("POST", &exec(&resource), &user, Some(json!({"action_label": "Terminate Resource"}))).await;
    let missing = probe.call("POST", &exec(&order), &user, Some(json!({"action_label": "Approve order"}))).await;
    assert_eq!(missing, json!({"error": "Action not found or not permitted"}));
    let failed =
        probe.call("POST", &exec(&quota), &user, Some(json!({"action_label": "Request Quota Increase"}))).await;
    assert_eq!(failed, json!({"error": "API action not implemented: Request Quota Increase"}));

    // After the executions: it silences rows the calls above rely on.
    probe.call("POST", "/api/user-actions/bulk_silence/?urgency=low", &user, Some(json!({"duration_days": 2}))).await;
    probe.call("POST", "/api/user-actions/update_actions/", &user, Some(json!({}))).await;
    probe
        .call(
            "POST",
            "/api/user-actions/update_actions/",
            &user,
            Some(json!({"provider_action_type": "pending_order"})),
        )
        .await;

    let history = probe.call("GET", "/api/user-action-executions/?o=-id", &user, None).await;
    let newest = history[0]["id"].as_i64().expect("id");
    assert_eq!(history[0]["corrective_action_label"], "Request Quota Increase");
    probe.call("HEAD", "/api/user-action-executions/", &user, None).await;
    probe.call("GET", &format!("/api/user-action-executions/{newest}/"), &user, None).await;

    let providers = probe.call("GET", "/api/user-action-providers/", &staff, None).await;
    let id = providers[0]["id"].as_i64().expect("id");
    probe.call("HEAD", "/api/user-action-providers/", &staff, None).await;
    probe.call("GET", &format!("/api/user-action-providers/{id}/"), &staff, None).await;

    let covered = probe.covered.lock().expect("lock").clone();
    let missing: Vec<_> = probe.spec.documented().difference(&covered).cloned().collect();
    assert!(missing.is_empty(), "documented but not exercised: {missing:?}");
    server.shutdown().await;
}

#[tokio::test]
async fn the_client_sends_bodies_the_schema_accepts() {
    let server =
        DemoServer::start(DemoOptions { size: 40, now: Some(now()), ..Default::default() }, 0).await.expect("start");
    let spec = Spec::load();
    let c = client(&server);
    let listing = c.list_user_actions(&ListQuery::default()).await.expect("list");
    let order = listing.rows.iter().find(|r| r.action_type() == "pending_order").expect("an order").uuid;
    server.clear_requests();

    c.silence(order, Some(7)).await.expect("silence for a week");
    c.silence(order, None).await.expect("silence for good");
    c.unsilence(order).await.expect("unsilence");
    c.bulk_silence(&ListQuery { urgency: Some(Urgency::Low), ..Default::default() }, Some(2)).await.expect("bulk");
    c.bulk_silence(&ListQuery { action_type: Some("nothing".into()), ..Default::default() }, None).await.expect("bulk");
    c.execute(order, "View Order Details").await.expect("execute");
    c.update_actions(None).await.expect("update all");
    c.update_actions(Some("pending_order")).await.expect("update one");

    let posts: Vec<_> = server.requests().into_iter().filter(|r| r.method == "POST").collect();
    assert_eq!(posts.len(), 8);
    for r in &posts {
        let template = spec.template_for(&r.path);
        let op = spec.operation(&template, "post");
        assert_eq!(r.header("accept"), Some("application/json"), "{}", r.path);
        let body = r.json().unwrap_or_else(|| panic!("{}: body is not JSON: {:?}", r.path, r.body));
        assert!(body.is_object(), "{}: {body}", r.path);
        assert_eq!(r.header("content-type"), Some("application/json"), "{}", r.path);
        match op.get("requestBody") {
            Some(rb) => {
                let errors = spec.errors(&rb["content"]["application/json"]["schema"], &body);
                assert!(errors.is_empty(), "{} body {body} does not match:\n{}", r.path, errors.join("\n"));
            }
            // unsilence documents no body: the client must send nothing the server would read.
            None => assert_eq!(body, Value::Object(Map::new()), "{}", r.path),
        }
    }
    // Silence bodies: the duration, or nothing at all for "permanent" (never null).
    let silence_bodies: Vec<Value> =
        posts.iter().filter(|r| r.path.ends_with("/silence/")).filter_map(|r| r.json()).collect();
    assert_eq!(silence_bodies, vec![json!({"duration_days": 7}), json!({})]);
    assert!(posts.iter().any(|r| r.path.contains(&order.simple().to_string()) || r.path.contains(&order.to_string())));
    server.shutdown().await;
}
