//! The CDS action endpoints end to end: the demo server answers the way docs/wire-cds.md says
//! CDS 0.43 does, and `CdsClient` copes with each answer. Requests are checked as they
//! reached the server (`DemoServer::requests`).

use super::common;

use crate::backends::cds::client::CdsClient;
use crate::backends::cds::wire::{ActionPath, AuditEvent, ExportFormat, ImportOutcome};
use crate::backends::http::{Auth, ServerOptions};
use crate::domain::secret::Secret;
use common::{client, failure, start, status_and_id};
use opsy_demo::DemoServer;
use serde_json::Value;

fn path(group: &str, name: &str) -> ActionPath {
    ActionPath::new(group, name)
}

/// A raw request (no automatic gzip), for what the client hides: status, headers, body.
async fn raw(
    server: &DemoServer,
    method: reqwest::Method,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let http = reqwest::Client::builder().no_gzip().build().expect("http");
    let mut req = http.request(method, format!("{}{target}", server.cds_url())).body(body.to_vec());
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = req.send().await.expect("answer");
    let status = resp.status().as_u16();
    let h = resp.headers().clone();
    (status, h, resp.bytes().await.expect("body").to_vec())
}

fn session(token: &str) -> [(&'static str, &str); 2] {
    [("Session-Token", token), ("X-Requested-With", "X-CDS-SDK")]
}

#[tokio::test]
async fn list_get_and_usage_decode_the_server_quirks() {
    let server = start().await;
    let op = client(&server, server.cds_token());
    let list = op.list_actions().await.expect("list");
    let groups: std::collections::BTreeSet<String> =
        list.iter().filter_map(|a| a.group.as_ref().map(|g| g.name.raw().to_string())).collect();
    assert_eq!(groups.into_iter().collect::<Vec<_>>(), ["data-eng", "payments", "platform", "shared.infra"]);
    let names: Vec<String> = list.iter().map(|a| a.name.raw().to_lowercase()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "sorted by name");
    assert!(list.len() >= 20, "{} actions", list.len());
    assert!(list.iter().all(|a| a.actions.is_empty() && a.first_audit.is_some() && a.last_audit.is_some()));
    let editable: Vec<bool> =
        list.iter().filter(|a| a.name == "k8s-deploy" || a.name == "docker-build").map(|a| a.editable).collect();
    assert_eq!(editable, [false, true], "operator administers platform, not shared.infra (docker-build sorts first)");

    let deploy = op.get_action(&path("platform", "K8S-DEPLOY")).await.expect("case-insensitive get");
    assert_eq!(deploy.name, "k8s-deploy");
    assert_eq!(deploy.actions.len(), 3, "steps");
    assert_eq!(deploy.actions[1].name, "helm-deploy");
    assert!(deploy.editable);
    let req_values: Vec<&str> = deploy.requirements.iter().map(|r| r.value.raw()).collect();
    assert!(req_values.contains(&"helm"), "flattened from the helm-deploy step: {req_values:?}");

    let usage = op.action_usage(&path("shared.infra", "docker-build")).await.expect("usage");
    let docker_build = list.iter().find(|a| a.name == "docker-build").expect("docker-build");
    let pipelines: Vec<(&str, &str, i64, i64)> =
        usage.pipelines.iter().map(|p| (p.project_id(), p.job_name(), p.job_id(), p.action_id())).collect();
    assert_eq!(pipelines, [("1", "Docker image", 501, docker_build.id), ("2", "Build & test", 503, docker_build.id)]);
    assert!(usage.pipelines.iter().all(|p| p.action_name() == "docker-build" && !p.warning()));
    assert_eq!(usage.actions.len(), 1);
    assert_eq!(usage.actions[0].parent_path(), path("payments", "payments-e2e"));

    // The raw answer really has the server's shapes: a string project id, swapped columns.
    let (status, _, body) = raw(
        &server,
        reqwest::Method::GET,
        "/action/shared.infra/docker-build/usage",
        &session(server.cds_token()),
        b"",
    )
    .await;
    assert_eq!(status, 200);
    let v: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(v["pipelines"][0]["project_id"], Value::String("1".into()));
    assert_eq!(v["pipelines"][0]["job_id"], docker_build.id);
    assert_eq!(v["pipelines"][0]["action_name"], "Docker image");

    // An admin sees every pipeline, with a warning where the action's group has no right.
    let admin = client(&server, server.cds_admin_token());
    let canary = admin.action_usage(&path("platform", "canary-release")).await.expect("usage");
    assert_eq!(canary.pipelines.len(), 1);
    assert!(canary.pipelines[0].warning());
    assert_eq!(canary.pipelines[0].project_name(), "Payments");
}

#[tokio::test]
async fn export_yaml_and_json_import_created_then_updated() {
    let server = start().await;
    let op = client(&server, server.cds_token());
    let yaml = op.export_action(&path("platform", "canary-release"), ExportFormat::Yaml).await.expect("yaml");
    let yaml = String::from_utf8(yaml.to_vec()).expect("utf8");
    assert!(yaml.starts_with("version: v1.0\nname: canary-release\ngroup: platform\n"), "{yaml}");
    assert!(yaml.contains("\n- name: deploy canary\n  platform/k8s-deploy:\n    replicas: \"1\"\n"), "{yaml}");
    assert!(yaml.contains("- always_executed: true\n  slack-notify:\n    channel: '#releases'\n"), "{yaml}");
    let json = op.export_action(&path("platform", "canary-release"), ExportFormat::Json).await.expect("json");
    let v: Value = serde_json::from_slice(&json).expect("json export");
    assert_eq!(v["group"], "platform");
    assert_eq!(v["steps"][0]["platform/k8s-deploy"]["replicas"], "1");
    assert_eq!(v["requirements"][0]["service"], serde_json::json!({}));
    let raw_json = String::from_utf8(json.to_vec()).expect("utf8");
    assert!(raw_json.starts_with(r#"{"version":"v1.0","name":"canary-release","group":"platform""#), "{raw_json}");
    assert!(!raw_json.ends_with('\n'));

    // toml is "accepted" with an empty body; anything else is a 500.
    let (status, _, body) = raw(
        &server,
        reqwest::Method::GET,
        "/action/platform/canary-release/export?format=toml",
        &session(server.cds_token()),
        b"",
    )
    .await;
    assert_eq!((status, body.len()), (200, 0));
    let (status, _, body) = raw(
        &server,
        reqwest::Method::GET,
        "/action/platform/canary-release/export?format=xml",
        &session(server.cds_token()),
        b"",
    )
    .await;
    let err: Value = serde_json::from_slice(&body).expect("error json");
    assert_eq!((status, err["id"].as_i64(), err["message"].as_str()), (500, Some(1), Some("internal server error")));

    // Import the export under another name: created, then updated.
    let doc = yaml.replace("name: canary-release\n", "name: canary-copy\n");
    let created = op.import_action(ExportFormat::Yaml, doc.clone().into_bytes()).await.expect("import");
    let ImportOutcome::Created(first) = created else { panic!("201 expected") };
    let updated =
        op.import_action(ExportFormat::Yaml, doc.replace("Send 10%", "Send 5%").into_bytes()).await.expect("again");
    let ImportOutcome::Updated(second) = updated else { panic!("200 expected") };
    assert_eq!(first.id, second.id);
    assert!(second.description.raw().starts_with("Send 5%"));
    let copy = op.export_action(&path("platform", "canary-copy"), ExportFormat::Yaml).await.expect("copy export");
    assert_eq!(String::from_utf8_lossy(&copy), doc.replace("Send 10%", "Send 5%"));
    // JSON documents import too.
    let json_doc = raw_json.replace("canary-release", "canary-json");
    let from_json = op.import_action(ExportFormat::Json, json_doc.into_bytes()).await.expect("json import");
    assert!(matches!(from_json, ImportOutcome::Created(_)));

    // Not admin of the document's group: 403 id 150.
    let foreign = doc.replace("group: platform\n", "group: security\n");
    let (status, code, _) = failure(op.import_action(ExportFormat::Yaml, foreign.into_bytes()).await);
    assert_eq!((status, code), (403, Some(150)));
    // A content type with a parameter is refused, as is a broken document.
    let (status, _, body) = raw(
        &server,
        reqwest::Method::POST,
        "/action/import",
        &[
            session(server.cds_token())[0],
            session(server.cds_token())[1],
            ("Content-Type", "application/x-yaml; charset=utf-8"),
        ],
        doc.as_bytes(),
    )
    .await;
    let err: Value = serde_json::from_slice(&body).expect("error json");
    assert_eq!(status, 400);
    assert_eq!(err["message"], "wrong request (from: unsupported content-type: application/x-yaml; charset=utf-8)");
    assert_eq!(err["data"], Value::Null);
    let (status, code, message) =
        failure(op.import_action(ExportFormat::Yaml, b"name: x\nenabled: maybe\n".to_vec()).await);
    assert_eq!((status, code), (400, Some(74)));
    assert!(message.contains("cannot unmarshal !!str `maybe` into bool"), "{message}");
}

#[tokio::test]
async fn delete_is_refused_while_in_use() {
    let server = start().await;
    let admin = client(&server, server.cds_admin_token());
    let (status, code, message) = failure(admin.delete_action(&path("shared.infra", "docker-build")).await);
    assert_eq!((status, code), (403, Some(11)));
    assert_eq!(message, "forbidden (from: cannot delete action docker-build is used in other actions or pipelines)");
    assert!(server.with_cds(|s| s.action("shared.infra", "docker-build").is_some()));

    let op = client(&server, server.cds_token());
    op.delete_action(&path("platform", "nginx-reload")).await.expect("deleted");
    let (status, code, _) = failure(op.get_action(&path("platform", "nginx-reload")).await);
    assert_eq!((status, code), (404, Some(3)));
    let (status, headers, body) =
        raw(&server, reqwest::Method::DELETE, "/action/platform/cert-renew", &session(server.cds_token()), b"").await;
    assert_eq!((status, body.len()), (204, 0));
    assert_eq!(headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/json"));
}

#[tokio::test]
async fn rollback_restores_data_before_and_records_a_new_audit() {
    let server = start().await;
    let op = client(&server, server.cds_token());
    let target = path("platform", "k8s-deploy");
    let audits = op.action_audits(&target).await.expect("audits");
    assert!(audits.len() >= 2, "an add and updates");
    assert!(audits.windows(2).all(|w| w[0].created >= w[1].created), "newest first");
    assert_eq!(audits.last().map(|a| a.event_type.clone()), Some(AuditEvent::ActionAdd));
    let newest = audits[0].clone();
    assert_eq!(newest.event_type, AuditEvent::ActionUpdate);
    assert_ne!(newest.data_before, newest.data_after);

    server.clear_requests();
    let rolled = op.rollback_action(&target, newest.id).await.expect("rollback");
    assert_eq!(rolled.name, "k8s-deploy");
    let sent = server.requests();
    assert_eq!(sent.len(), 1);
    let req = &sent[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, format!("/cdsapi/action/platform/k8s-deploy/audit/{}/rollback", newest.id));
    assert_eq!(req.header("session-token"), Some(server.cds_token()));
    assert_eq!(req.header("x-requested-with"), Some("X-CDS-SDK"));
    assert!(req.body.is_empty(), "the server reads no body, none is sent");

    // The action is now what `data_before` showed, and the change is itself audited.
    let now = op.export_action(&target, ExportFormat::Yaml).await.expect("export");
    assert_eq!(String::from_utf8_lossy(&now), newest.data_before);
    let after = op.action_audits(&target).await.expect("audits again");
    assert_eq!(after.len(), audits.len() + 1);
    assert_eq!(after[0].event_type, AuditEvent::ActionUpdate);
    assert_eq!(&*after[0].triggered_by, "jdoe");
    assert_eq!(after[0].data_after, newest.data_before);
    assert_eq!(after[0].data_before, newest.data_after);

    // Only updates roll back: an ActionAdd is a 500; unknown or malformed ids are refused.
    let add = audits.last().expect("add").id;
    assert_eq!(failure(op.rollback_action(&target, add).await).1, Some(1));
    assert_eq!(status_and_id(op.rollback_action(&target, 999_999).await), (404, Some(38)));
    let (status, _, body) = raw(
        &server,
        reqwest::Method::POST,
        "/action/platform/k8s-deploy/audit/abc/rollback",
        &session(server.cds_token()),
        b"",
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(serde_json::from_slice::<Value>(&body).expect("json")["id"], 74);
}

#[tokio::test]
async fn permissions_and_authentication_follow_the_deprecated_auth_path() {
    let server = start().await;
    let member = client(&server, server.cds_member_token());
    // A plain member reads their group's actions but may not write them.
    let deploy = member.get_action(&path("platform", "k8s-deploy")).await.expect("member reads");
    assert!(!deploy.editable);
    let (status, code, message) = failure(member.update_action(&path("platform", "k8s-deploy"), &deploy).await);
    assert_eq!((status, code, message.as_str()), (403, Some(150), "User is not a group's admin"));
    let (status, code, _) = failure(member.get_action(&path("data-eng", "spark-submit")).await);
    assert_eq!((status, code), (403, Some(151)));
    // shared.infra actions are readable by everyone; a missing group is 404 id 20.
    member.get_action(&path("shared.infra", "go-test")).await.expect("shared.infra is public");
    assert_eq!(status_and_id(member.get_action(&path("nope", "x")).await), (404, Some(20)));

    // The operator administers platform: an edit through GET + PUT works.
    let op = client(&server, server.cds_token());
    let mut edited = op.get_action(&path("platform", "k8s-rollback")).await.expect("get");
    edited.description = "Roll back, carefully.".into();
    let saved = op.update_action(&path("platform", "k8s-rollback"), &edited).await.expect("put");
    assert_eq!(saved.description, "Roll back, carefully.");
    assert!(saved.editable);

    // No credentials, or a session key without the SDK header: 401 id 10. Bearer works.
    let (status, _, body) = raw(&server, reqwest::Method::GET, "/action", &[], b"").await;
    assert_eq!((status, serde_json::from_slice::<Value>(&body).expect("json")["id"].as_i64()), (401, Some(10)));
    let (status, _, _) =
        raw(&server, reqwest::Method::GET, "/action", &[("Session-Token", server.cds_token())], b"").await;
    assert_eq!(status, 401);
    let bearer = CdsClient::new(&ServerOptions::new(server.cds_url(), Auth::Bearer(Secret::new(server.cds_token()))))
        .expect("client");
    bearer.list_actions().await.expect("bearer accepted");
    // Logging in gives a persistent key that works like the seeded ones.
    let anonymous = CdsClient::new(&ServerOptions::new(server.cds_url(), Auth::None)).expect("client");
    let key = anonymous.login("mlambert", &Secret::new("demo")).await.expect("login");
    client(&server, key.expose()).list_actions().await.expect("fresh session works");
    assert_eq!(status_and_id(anonymous.login("mlambert", &Secret::new("nope")).await), (400, Some(25)));
}

#[tokio::test]
async fn middleware_headers_gzip_unknown_routes_and_open_routes() {
    let server = start().await;
    let (status, headers, body) =
        raw(&server, reqwest::Method::GET, "/nope", &[("Accept-Encoding", "gzip")], b"").await;
    assert_eq!(status, 404);
    assert_eq!(headers.get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&body[..]), &mut text).expect("gunzip");
    let err: Value = serde_json::from_str(&text).expect("json");
    assert_eq!((err["id"].as_i64(), err["message"].as_str()), (Some(38), Some("resource not found")));
    assert_eq!(
        err.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()),
        Some(vec!["data".into(), "id".into(), "message".into(), "uuid".into()])
    );

    let (status, headers, body) = raw(&server, reqwest::Method::GET, "/mon/version", &[], b"").await;
    assert_eq!(status, 200);
    assert!(headers.get("content-encoding").is_none());
    let h = |k: &str| headers.get(k).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert_eq!(h("etag"), "1749547800", "the Unix time, not an entity tag");
    assert_eq!(h("x-api-time"), "2025-06-10T11:30:00+02:00");
    assert_eq!(h("access-control-allow-origin"), "*");
    assert_eq!(h("access-control-allow-methods"), "GET,OPTIONS,PUT,POST,DELETE");
    assert_eq!(h("connection"), "close");
    assert!(!h("x-api-process-time").is_empty());
    assert!(serde_json::from_slice::<Value>(&body).expect("json")["version"].is_string());

    let (status, _, body) = raw(&server, reqwest::Method::GET, "/action/requirement", &[], b"").await;
    assert_eq!(status, 200);
    let reqs: Vec<Value> = serde_json::from_slice(&body).expect("json");
    assert!(reqs.iter().any(|r| r["value"] == "docker" && r["id"] == 0 && r["type"] == "binary"));
    let (status, _, body) =
        raw(&server, reqwest::Method::GET, "/user/logged", &[("Session-Token", server.cds_token())], b"").await;
    assert_eq!((status, body.as_slice()), (200, &b"null"[..]));
    let (status, _, _) = raw(&server, reqwest::Method::OPTIONS, "/action/platform/x", &[], b"").await;
    assert_eq!(status, 200);
    let (status, _, _) = raw(&server, reqwest::Method::GET, "/action/import", &session(server.cds_token()), b"").await;
    assert_eq!(status, 404, "a known path with another method is no route");

    // A12: the step picker of platform.
    let op = client(&server, server.cds_token());
    let platform_id = server.with_cds(|s| s.group("platform").map(|g| g.id)).expect("platform");
    let picker = op.group_actions(platform_id).await.expect("picker");
    assert!(picker.iter().any(|a| a.name == "Script"));
    assert!(picker.iter().any(|a| a.name == "k8s-deploy"));
    assert!(picker.iter().any(|a| a.name == "docker-build"));
    assert!(!picker.iter().any(|a| a.name == "spark-submit"));
    let mobile_id = server.with_cds(|s| s.group("mobile").map(|g| g.id)).expect("mobile");
    assert_eq!(status_and_id(op.group_actions(mobile_id).await), (403, Some(151)));
}

#[tokio::test]
async fn maintenance_mode_refuses_writes_with_503_id_60_and_keeps_reads() {
    let server = start().await;
    let op = client(&server, server.cds_token());
    server.with_cds(|s| s.set_maintenance(true));
    assert!(!op.list_actions().await.expect("reads still work").is_empty());
    let (status, code, message) = failure(op.delete_action(&path("platform", "nginx-reload")).await);
    assert_eq!((status, code), (503, Some(60)));
    assert!(message.contains("maintenance"), "{message}");
    server.with_cds(|s| s.set_maintenance(false));
    op.delete_action(&path("platform", "nginx-reload")).await.expect("deleted once maintenance ends");
    server.shutdown().await;
}

/// `n` offers the groups the caller administers: those with editable actions, and those
/// without any action yet, which only their token list tells (it answers admins alone).
#[tokio::test]
async fn the_groups_to_create_in_include_an_administered_group_with_no_action() {
    let server = start().await;
    let created =
        client(&server, server.cds_token()).create_group("fresh-team").await.expect("the creator is its admin");
    assert_eq!(created.name.raw(), "fresh-team");
    let id = crate::app::source::SourceId(0);
    let cds = crate::backends::cds::connect(id, &crate::backends::cds::demo(&server)).expect("connects");
    let call = crate::app::effect::Call::Action(id, crate::app::effect::ActionCall::Owners);
    let Ok(crate::app::msg::Reply::Owners(groups)) = cds.backend.call(&call).await else { panic!("owners") };
    assert!(groups.iter().any(|g| g == "fresh-team"), "{groups:?}");
    assert!(!groups.iter().any(|g| g == "payments"), "jdoe is a plain member of payments: {groups:?}");
}
