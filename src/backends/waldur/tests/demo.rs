//! The Waldur quirks end to end: the demo server answers the way the spec says the real one
//! does, and opsy's `WaldurClient` copes with each answer.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use crate::backends::http::{Auth, HttpClient, ServerOptions};
use crate::backends::waldur::client::{WaldurClient, read_error};
use crate::backends::waldur::model::{ListQuery, Urgency, triage_order};
use crate::domain::error::ApiError;
use crate::domain::secret::Secret;
use jiff::Timestamp;
use opsy_demo::waldur::{Related, UserActionRow};
use opsy_demo::{DemoOptions, DemoServer, Fault};
use serde_json::{Value, json};
use uuid::Uuid;

fn now() -> Timestamp {
    "2025-06-10T09:30:00Z".parse().expect("timestamp")
}

async fn start(size: usize) -> DemoServer {
    DemoServer::start(DemoOptions { size, now: Some(now()), ..Default::default() }, 0).await.expect("demo starts")
}

fn options(server: &DemoServer, token: &str) -> ServerOptions {
    ServerOptions::new(server.waldur_url(), Auth::Token(Secret::new(token)))
}

fn client(server: &DemoServer) -> WaldurClient {
    WaldurClient::new(&options(server, server.waldur_token())).expect("client")
}

fn raw() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("http")
}

/// A raw GET with the demo user's token: status, headers, body.
async fn get(server: &DemoServer, target: &str) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let resp = raw()
        .get(format!("http://{}{target}", server.addr()))
        .header("Authorization", format!("Token {}", server.waldur_token()))
        .header("Accept", "application/json")
        .send()
        .await
        .expect("answer");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.bytes().await.expect("body").to_vec())
}

async fn get_json(server: &DemoServer, target: &str) -> (u16, Value) {
    let (status, _, body) = get(server, target).await;
    (status, serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{target}: not JSON ({e})")))
}

fn visible_uuids(server: &DemoServer) -> HashSet<Uuid> {
    server.with_waldur(|s| {
        let now = s.now();
        s.rows().iter().filter(|r| !r.is_effectively_silenced(now)).map(|r| r.uuid).collect()
    })
}

fn status_of(e: &ApiError) -> (u16, String) {
    match e {
        ApiError::Status(s) => (s.status, s.message.clone()),
        other => panic!("expected a status error, got {other:?}"),
    }
}

#[tokio::test]
async fn parallel_pages_give_the_whole_set_without_duplicates() {
    let server = start(1000).await;
    let listing = client(&server).list_user_actions(&ListQuery::default()).await.expect("list");
    let expected = visible_uuids(&server);
    let got: Vec<Uuid> = listing.rows.iter().map(|r| r.uuid).collect();
    let unique: HashSet<Uuid> = got.iter().copied().collect();
    assert_eq!(unique.len(), got.len(), "no duplicates");
    assert_eq!(unique, expected);
    assert_eq!(listing.total, Some(expected.len()));
    // page 1 then every other page, 300 rows each, no page parameter on the first.
    let pages: Vec<Option<String>> = server
        .requests()
        .iter()
        .filter(|r| r.path == "/api/user-actions/")
        .map(|r| r.query_pairs().into_iter().find(|(k, _)| k == "page").map(|(_, v)| v))
        .collect();
    let wanted: Vec<Option<String>> =
        std::iter::once(None).chain((2..=expected.len().div_ceil(300)).map(|p| Some(p.to_string()))).collect();
    let mut sorted = pages.clone();
    sorted.sort();
    let mut wanted_sorted = wanted.clone();
    wanted_sorted.sort();
    assert_eq!(sorted, wanted_sorted);
    assert!(server.requests().iter().all(|r| r.query_pairs().contains(&("page_size".into(), "300".into()))));
    server.shutdown().await;
}

/// Pages are taken as they finish, so a slow page must not change the order of the rows: the
/// listing is the server's pages one after another.
#[tokio::test]
async fn a_slow_page_keeps_its_place_in_the_listing() {
    let server = start(1500).await;
    let mut in_order = Vec::new();
    for page in 1.. {
        let (status, rows) = get_json(&server, &format!("/api/user-actions/?page_size=300&page={page}")).await;
        let Some(rows) = rows.as_array().filter(|_| status == 200) else { break };
        in_order.extend(rows.iter().filter_map(|r| r["uuid"].as_str().and_then(|u| Uuid::try_parse(u).ok())));
    }
    assert!(in_order.len() > 900, "several pages: {}", in_order.len());
    server.inject(Fault::Delay { path_contains: "&page=2".into(), delay: Duration::from_millis(400), times: 1 });
    let listing = client(&server).list_user_actions(&ListQuery::default()).await.expect("list");
    let got: Vec<Uuid> = listing.rows.iter().map(|r| r.uuid).collect();
    assert_eq!(got, in_order);
    server.shutdown().await;
}

#[tokio::test]
async fn the_servers_order_is_text_order_not_severity() {
    let server = start(300).await;
    let (status, page) = get_json(&server, "/api/user-actions/?page_size=300").await;
    assert_eq!(status, 200);
    let urgencies: Vec<&str> =
        page.as_array().expect("array").iter().map(|r| r["urgency"].as_str().unwrap_or("")).collect();
    let mut groups: Vec<&str> = urgencies.clone();
    groups.dedup();
    assert_eq!(groups, ["medium", "low", "high"], "default -urgency sorts as text");
    let (_, ascending) = get_json(&server, "/api/user-actions/?page_size=300&o=urgency").await;
    let mut groups: Vec<&str> =
        ascending.as_array().expect("array").iter().map(|r| r["urgency"].as_str().unwrap_or("")).collect();
    groups.dedup();
    assert_eq!(groups, ["high", "low", "medium"]);
    // Within a group: due date ascending with NULL last, then newest first.
    let mediums: Vec<&Value> = page.as_array().expect("array").iter().filter(|r| r["urgency"] == "medium").collect();
    let dues: Vec<Option<Timestamp>> =
        mediums.iter().map(|r| r["due_date"].as_str().and_then(|d| d.parse().ok())).collect();
    let firsts_null = dues.iter().position(Option::is_none).unwrap_or(dues.len());
    assert!(dues[firsts_null..].iter().all(Option::is_none), "NULL due dates come last");
    assert!(dues[..firsts_null].windows(2).all(|w| w[0] <= w[1]));
    // The client must re-sort: its triage order differs from what the server sent.
    let mut rows = client(&server).list_user_actions(&ListQuery::default()).await.expect("list").rows;
    assert_eq!(rows[0].urgency, Urgency::Medium);
    rows.sort_by(triage_order);
    assert_eq!(rows[0].urgency, Urgency::High);
    server.shutdown().await;
}

#[tokio::test]
async fn include_silenced_only_as_the_literal_true() {
    let server = start(200).await;
    let count = |h: &reqwest::header::HeaderMap| -> usize {
        h.get("x-result-count").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).expect("count")
    };
    let (_, default, _) = get(&server, "/api/user-actions/").await;
    let (_, literal, _) = get(&server, "/api/user-actions/?include_silenced=true").await;
    let total = server.with_waldur(|s| s.rows().len());
    assert_eq!(count(&literal), total);
    assert!(count(&default) < total);
    for spelling in ["True", "1", "TRUE", "yes"] {
        let (_, h, _) = get(&server, &format!("/api/user-actions/?include_silenced={spelling}")).await;
        assert_eq!(count(&h), count(&default), "{spelling}");
    }
    let (_, permanent, _) = get(&server, "/api/user-actions/?is_silenced=true").await;
    assert_eq!(count(&permanent), 0, "is_silenced=true alone returns nothing");
    let all = client(&server).list_user_actions(&ListQuery { include_silenced: true, ..Default::default() }).await;
    assert_eq!(all.expect("list").rows.len(), total);
    server.shutdown().await;
}

#[tokio::test]
async fn silenced_rows_404_without_the_flag() {
    let server = start(20).await;
    let silenced =
        server.with_waldur(|s| s.rows().iter().find(|r| r.is_silenced).map(|r| r.uuid)).expect("silenced row");
    let hex = silenced.simple();
    let (status, body) = get_json(&server, &format!("/api/user-actions/{hex}/")).await;
    assert_eq!((status, body), (404, json!({"detail": "No UserAction matches the given query."})));
    let (status, _) =
        get_json(&server, &format!("/api/user-actions/{}/?include_silenced=true", silenced.hyphenated())).await;
    assert_eq!(status, 200, "either uuid spelling, with the flag");
    let c = client(&server);
    assert_eq!(c.get_user_action(silenced).await.expect("client sends the flag").uuid, silenced);
    // Filters apply to detail routes too.
    let (status, _) =
        get_json(&server, &format!("/api/user-actions/{hex}/?include_silenced=true&action_type=nope")).await;
    assert_eq!(status, 404);
    let e = c.get_user_action(Uuid::from_u128(42)).await.expect_err("unknown");
    assert_eq!(status_of(&e), (404, "No UserAction matches the given query.".into()));
    let e = c.unsilence(Uuid::from_u128(42)).await.expect_err("unknown");
    assert_eq!(status_of(&e), (404, "Action not found".into()));
    server.shutdown().await;
}

#[tokio::test]
async fn silence_unsilence_bulk_and_execute_change_state() {
    let server = start(300).await;
    let c = client(&server);
    let visible = |s: &DemoServer, u: Uuid| visible_uuids(s).contains(&u);
    let target = server.with_waldur(|s| s.rows().iter().find(|r| !r.is_effectively_silenced(now())).map(|r| r.uuid));
    let target = target.expect("a visible row");
    let before = server.with_waldur(|s| s.row(target).map(|r| r.modified)).expect("row");

    let answer = c.silence(target, Some(3)).await.expect("silence");
    assert_eq!((&*answer.status, answer.duration_days), ("silenced", Some(3)));
    let row = server.with_waldur(|s| s.row(target).cloned()).expect("row");
    assert_eq!(row.silenced_until, Some(now() + jiff::SignedDuration::from_hours(72)), "exactly now + 3×24h");
    assert!(!row.is_silenced && row.modified > before && !visible(&server, target));
    assert!(!c.list_user_actions(&ListQuery::default()).await.expect("list").rows.iter().any(|r| r.uuid == target));

    c.unsilence(target).await.expect("unsilence");
    let row = server.with_waldur(|s| s.row(target).cloned()).expect("row");
    assert!(!row.is_silenced && row.silenced_until.is_none() && visible(&server, target));

    let answer = c.silence(target, None).await.expect("permanent");
    assert_eq!(answer.duration_days, None);
    assert!(server.with_waldur(|s| s.row(target).map(|r| r.is_silenced)).expect("row"));
    c.silence(target, Some(5)).await.expect("re-silencing a silenced row works with the flag the client sends");
    c.unsilence(target).await.expect("unsilence");

    let mediums = c.list_user_actions(&ListQuery { urgency: Some(Urgency::Medium), ..Default::default() }).await;
    let mediums = mediums.expect("list").rows.len();
    assert!(mediums > 0);
    let q = ListQuery { urgency: Some(Urgency::Medium), ..Default::default() };
    let bulk = c.bulk_silence(&q, Some(1)).await.expect("bulk");
    assert_eq!((&*bulk.status, bulk.count as usize, bulk.duration_days), ("bulk_silenced", mediums, Some(1)));
    assert!(c.list_user_actions(&q).await.expect("list").rows.is_empty());
    let summary = c.summary(&ListQuery::default()).await.expect("summary");
    assert_eq!(summary.by_urgency.medium, 0);

    let terminable = server.with_waldur(|s| {
        s.rows()
            .iter()
            .find(|r| {
                !r.is_effectively_silenced(now()) && matches!(&r.related, Related::Resource(res) if res.can_terminate)
            })
            .map(|r| r.uuid)
    });
    let terminable = terminable.expect("a terminable resource");
    let done = c.execute(terminable, "Terminate Resource").await.expect("execute");
    assert_eq!(&*done.action, "completed");
    assert_eq!(&*done.message, "Resource expiration acknowledged. Resource will terminate on end date.");
    assert!(server.with_waldur(|s| s.row(terminable).map(|r| r.is_silenced)).expect("row"), "terminate silences");
    let nav = c.execute(terminable, "View Resource").await.expect("navigation still works with the flag");
    assert_eq!(&*nav.action, "navigate");
    // The frozen clock gives both executions the same time: look at the two newest ids.
    let mut history = c.list_executions().await.expect("history").rows;
    history.sort_by_key(|e| std::cmp::Reverse(e.id));
    let labels: Vec<&str> = history.iter().take(2).map(|e| &*e.corrective_action_label).collect();
    assert_eq!(labels, ["View Resource", "Terminate Resource"]);
    assert!(history[0].success && history[1].success && history[0].executed_at == Some(now()));
    server.shutdown().await;
}

#[tokio::test]
async fn execute_errors_decode_from_the_error_key() {
    let server = start(20).await;
    let c = client(&server);
    let (order, quota) = server.with_waldur(|s| {
        let find = |t: &str| s.rows().iter().find(|r| &*r.action_type == t && !r.is_silenced).map(|r| r.uuid);
        (find("pending_order"), find("quota_threshold"))
    });
    let (order, quota) = (order.expect("order"), quota.expect("quota"));
    let e = c.execute(order, "Approve order").await.expect_err("wrong case");
    assert_eq!(status_of(&e), (404, "Action not found or not permitted".into()));
    let e = c.execute(quota, "Request Quota Increase").await.expect_err("no handler");
    assert_eq!(status_of(&e), (500, "API action not implemented: Request Quota Increase".into()));
    let e = c.execute(order, "   ").await.expect_err("blank");
    assert_eq!(status_of(&e), (400, "action_label: This field may not be blank.".into()));
    let approved = c.execute(order, "Approve Order").await.expect("stub");
    assert_eq!(&*approved.message, "Order approval initiated");
    assert_eq!(&*approved.metadata, format!(r#"{{"order_uuid":"{}"}}"#, order_uuid(&server, order)));
    let history = server.with_waldur(|s| s.executions().iter().rev().take(2).cloned().collect::<Vec<_>>());
    assert_eq!(history[1].corrective_action_label, "Request Quota Increase");
    assert!(!history[1].success && history[1].error_message == "API action not implemented: Request Quota Increase");
    assert_eq!(history[0].execution_metadata, format!("{{'order_uuid': '{}'}}", order_uuid(&server, order)));
    server.shutdown().await;
}

fn order_uuid(server: &DemoServer, row: Uuid) -> String {
    server.with_waldur(|s| match s.row(row).map(|r| &r.related) {
        Some(Related::Order(o)) => o.uuid.simple().to_string(),
        _ => panic!("not an order"),
    })
}

#[tokio::test]
async fn html_500s_become_not_json() {
    let server = start(20).await;
    let (status, headers, body) = get(&server, "/api/user-actions/?due_within_days=3").await;
    assert_eq!(status, 500);
    assert!(String::from_utf8_lossy(&body).contains("<title>Server Error (500)</title>"));
    assert_eq!(headers.get("content-type").and_then(|v| v.to_str().ok()), Some("text/html; charset=utf-8"));
    // Through the shared HTTP layer, as a poller sending the filter would see it.
    let http = HttpClient::new(&options(&server, server.waldur_token())).expect("http");
    let mut url = http.url("user-actions/").expect("url");
    url.set_query(Some("due_within_days=3"));
    let resp = http.send(http.request(reqwest::Method::GET, url)).await.expect("answer");
    match http.status_error(&resp, read_error) {
        ApiError::NotJson { status: 500, content_type, snippet, .. } => {
            assert_eq!((content_type.as_str(), snippet.as_str()), ("text/html", "Server Error (500)"));
        }
        other => panic!("expected NotJson, got {other:?}"),
    }
    // An injected crash on an endpoint the client uses.
    server.inject(Fault::Html500 { path_contains: "summary".into(), times: 1 });
    let e = client(&server).summary(&ListQuery::default()).await.expect_err("html");
    assert!(matches!(e, ApiError::NotJson { status: 500, .. }), "{e:?}");
    client(&server).summary(&ListQuery::default()).await.expect("the fault wore off");
    // A proxy's page with another status.
    server.inject(Fault::Status {
        path_contains: "user-actions/".into(),
        status: 502,
        body: "<html><title>502 Bad Gateway</title></html>".into(),
        content_type: "text/html".into(),
        times: 1,
    });
    let e = client(&server).list_user_actions(&ListQuery::default()).await.expect_err("proxy");
    assert!(matches!(e, ApiError::NotJson { status: 502, .. }), "{e:?}");
    server.shutdown().await;
}

#[tokio::test]
async fn dropped_connections_and_slow_answers() {
    let server = start(20).await;
    server.inject(Fault::DropConnection { path_contains: "user-actions/".into(), times: 1 });
    let e = client(&server).list_user_actions(&ListQuery::default()).await.expect_err("dropped");
    assert!(matches!(e, ApiError::Dropped { .. }), "{e:?}");

    let mut opts = options(&server, server.waldur_token());
    opts.timeout = Duration::from_millis(200);
    let impatient = WaldurClient::new(&opts).expect("client");
    server.inject(Fault::Delay { path_contains: "summary".into(), delay: Duration::from_secs(3), times: 1 });
    let started = Instant::now();
    let e = impatient.summary(&ListQuery::default()).await.expect_err("timeout");
    assert!(matches!(e, ApiError::Timeout { .. }), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    impatient.summary(&ListQuery::default()).await.expect("next request is on time");
    server.shutdown().await;
}

#[tokio::test]
async fn link_headers_and_page_bounds() {
    let server = start(500).await;
    let host = server.addr();
    let (status, headers, _) = get(&server, "/api/user-actions/?urgency=high&page_size=2&page=2&zzz=%2B1").await;
    assert_eq!(status, 200);
    let total: usize = headers["x-result-count"].to_str().expect("ascii").parse().expect("count");
    let last = total.div_ceil(2);
    let base = format!("http://{host}/api/user-actions/");
    assert_eq!(
        headers["link"].to_str().expect("ascii"),
        format!(
            "<{base}?page_size=2&urgency=high&zzz=%2B1>; rel=\"first\", <{base}?page_size=2&urgency=high&zzz=%2B1>; rel=\"prev\", \
             <{base}?page=3&page_size=2&urgency=high&zzz=%2B1>; rel=\"next\", <{base}?page=%LAST%&page_size=2&urgency=high&zzz=%2B1>; rel=\"last\""
        )
        .replace("%LAST%", &last.to_string())
    );
    let (_, page) = get_json(&server, "/api/user-actions/?page_size=1000").await;
    assert_eq!(page.as_array().expect("array").len(), 300, "page_size is capped at 300");
    let (_, page) = get_json(&server, "/api/user-actions/?page_size=0").await;
    assert_eq!(page.as_array().expect("array").len(), 10, "invalid page_size falls back to 10");
    for bad in ["page=0", "page=999", "page=x", "page="] {
        let (status, body) = get_json(&server, &format!("/api/user-actions/?{bad}")).await;
        assert_eq!((status, body), (404, json!({"detail": "Invalid page."})), "{bad}");
    }
    let (status, last_page) = get_json(&server, "/api/user-actions/?page=last&page_size=300").await;
    assert_eq!(status, 200);
    let visible = visible_uuids(&server).len();
    assert_eq!(last_page.as_array().expect("array").len(), visible - 300);
    let (status, headers, body) = get(&server, "/api/user-actions?page=2").await;
    assert_eq!(
        (status, headers["location"].to_str().expect("ascii"), body.len()),
        (301, "/api/user-actions/?page=2", 0)
    );
    server.shutdown().await;
}

#[tokio::test]
async fn auth_and_method_errors() {
    let server = start(5).await;
    let url = format!("{}user-actions/", server.waldur_url());
    let resp = raw().get(&url).send().await.expect("answer");
    assert_eq!(resp.status(), 401);
    assert_eq!(resp.headers()["www-authenticate"], "Token");
    assert_eq!(json_of(resp).await, json!({"detail": "Authentication credentials were not provided."}));
    let resp = raw().get(&url).header("Authorization", format!("bearer {}", server.waldur_token())).send().await;
    assert_eq!(resp.expect("answer").status(), 200, "keyword is case-insensitive; Bearer works too");
    let resp = raw().delete(&url).header("Authorization", format!("TOKEN {}", server.waldur_token())).send().await;
    let resp = resp.expect("answer");
    assert_eq!(resp.status(), 405);
    assert_eq!(json_of(resp).await, json!({"detail": "Method \"DELETE\" not allowed."}));
    let e = WaldurClient::new(&options(&server, "0000000000000000000000000000000000000000"))
        .expect("client")
        .summary(&ListQuery::default())
        .await
        .expect_err("bad token");
    assert_eq!(status_of(&e), (401, "Invalid token.".into()));
    let e = client(&server).update_actions(None).await.map(|r| r.status);
    assert_eq!(e.expect("anyone may schedule an update").as_ref(), "scheduled");
    let resp = raw()
        .get(format!("{}user-action-providers/", server.waldur_url()))
        .header("Authorization", format!("Token {}", server.waldur_token()))
        .send()
        .await
        .expect("answer");
    assert_eq!(resp.status(), 403);
    server.shutdown().await;
}

#[tokio::test]
async fn staff_user_uuid_widens_but_never_crashes() {
    let server = start(30).await;
    let staff = WaldurClient::new(&options(&server, server.waldur_staff_token())).expect("client");
    assert!(staff.list_user_actions(&ListQuery::default()).await.expect("own list").rows.is_empty());
    let demo_user = server.with_waldur(|s| s.demo_user().uuid);
    for (value, expect_rows) in
        [(demo_user.hyphenated().to_string(), true), (demo_user.simple().to_string(), true), ("garbage".into(), false)]
    {
        let resp = raw()
            .get(format!("{}user-actions/?user_uuid={value}", server.waldur_url()))
            .header("Authorization", format!("Token {}", server.waldur_staff_token()))
            .send()
            .await
            .expect("answer");
        assert_eq!(resp.status(), 200, "{value}");
        let rows: Vec<Value> = serde_json::from_value(json_of(resp).await).expect("rows");
        assert_eq!(!rows.is_empty(), expect_rows, "{value}");
    }
    // A non-staff user_uuid is ignored.
    let (_, rows) = get_json(&server, "/api/user-actions/?user_uuid=garbage").await;
    assert!(!rows.as_array().expect("array").is_empty());
    server.shutdown().await;
}

#[tokio::test]
async fn hostile_titles_are_cleaned_by_the_client() {
    let server = start(3).await;
    let uuid = Uuid::from_u128(0x0bad_c0de_0000_4000_8000_0000_0000_0001);
    let hostile = "\u{1b}]52;c;ZXZpbA==\u{7}Approve\u{1b}[2J now\u{202e}gnp.exe";
    server.with_waldur(|s| {
        let mut row = UserActionRow::new(uuid, "pending_order", hostile, s.now());
        row.description = "line one\n\u{1b}[31mred\u{1b}[0m".into();
        s.insert(row);
    });
    let (_, page) = get_json(&server, "/api/user-actions/?page_size=300").await;
    let wire = page.as_array().expect("array").iter().find(|r| r["uuid"] == uuid.simple().to_string()).cloned();
    assert_eq!(wire.expect("row on the wire")["title"], hostile, "the server sends it verbatim");
    let rows = client(&server).list_user_actions(&ListQuery::default()).await.expect("list").rows;
    let row = rows.iter().find(|r| r.uuid == uuid).expect("decoded");
    assert_eq!(&*row.title, "Approve nowgnp.exe");
    let detail = client(&server).get_user_action(uuid).await.expect("detail");
    assert_eq!(&*detail.title, "Approve nowgnp.exe");
    assert_eq!(&*detail.description, "line one\nred");
    server.shutdown().await;
}

#[tokio::test]
async fn expired_silences_reappear_and_days_until_due_follows_the_clock() {
    let server = start(30).await;
    let (uuid, until) = server
        .with_waldur(|s| s.rows().iter().find(|r| r.is_temporarily_silenced(now())).map(|r| (r.uuid, r.silenced_until)))
        .expect("a temporarily silenced row");
    let until = until.expect("until");
    assert!(!visible_uuids(&server).contains(&uuid));
    let (_, before, _) = get(&server, "/api/user-actions/").await;
    server.with_waldur(|s| s.set_clock(Some(until + jiff::SignedDuration::from_secs(1))));
    let (_, after, _) = get(&server, "/api/user-actions/").await;
    let count = |h: &reqwest::header::HeaderMap| h["x-result-count"].to_str().expect("ascii").to_string();
    assert_ne!(count(&before), count(&after));
    let (status, row) = get_json(&server, &format!("/api/user-actions/{}/", uuid.simple())).await;
    assert_eq!(status, 200);
    assert_eq!(row["is_temporarily_silenced"], false);
    assert_eq!(row["silenced_until"].as_str().map(|s| s.ends_with("+00:00")), Some(true));
    if let Some(due) = row["due_date"].as_str().and_then(|d| d.parse::<Timestamp>().ok()) {
        let today = (until + jiff::SignedDuration::from_secs(1)).as_second().div_euclid(86_400);
        assert_eq!(row["days_until_due"].as_i64(), Some(due.as_second().div_euclid(86_400) - today));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn a_hundred_thousand_rows_start_and_serve_a_first_page() {
    let started = Instant::now();
    let server = DemoServer::start(DemoOptions { size: 100_000, now: Some(now()), ..Default::default() }, 0)
        .await
        .expect("demo starts");
    let (status, headers, body) = get(&server, "/api/user-actions/?page_size=300").await;
    assert_eq!(status, 200);
    let count: usize = headers["x-result-count"].to_str().expect("ascii").parse().expect("count");
    assert!(count > 80_000, "{count}");
    let page: Vec<Value> = serde_json::from_slice(&body).expect("json");
    assert_eq!(page.len(), 300);
    let (_, headers, _) = get(&server, "/api/user-actions/?page=last&page_size=300").await;
    assert!(headers["link"].to_str().expect("ascii").contains(&format!("page={}", count.div_ceil(300))));
    eprintln!("100k rows: started and served two pages in {:?}", started.elapsed());
    server.shutdown().await;
}

/// POST with a raw body and content type; JSON answers are parsed, others returned as text.
async fn post(server: &DemoServer, target: &str, content_type: &str, body: &str) -> (u16, String, String) {
    let resp = raw()
        .post(format!("http://{}{target}", server.addr()))
        .header("Authorization", format!("Token {}", server.waldur_token()))
        .header("Content-Type", content_type)
        .body(body.to_string())
        .send()
        .await
        .expect("answer");
    let status = resp.status().as_u16();
    let ct = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    (status, ct, resp.text().await.expect("text"))
}

#[tokio::test]
async fn request_validation_has_drf_shapes() {
    let server = start(20).await;
    let uuid = server
        .with_waldur(|s| {
            s.rows().iter().find(|r| !r.is_effectively_silenced(s.now())).map(|r| r.uuid.simple().to_string())
        })
        .expect("row");
    let silence = format!("/api/user-actions/{uuid}/silence/");
    let json = "application/json";
    let cases = [
        ("0", r#"{"duration_days":["Duration must be between 1 and 365 days."]}"#),
        ("366", r#"{"duration_days":["Duration must be between 1 and 365 days."]}"#),
        (r#""abc""#, r#"{"duration_days":["A valid integer is required."]}"#),
        ("true", r#"{"duration_days":["A valid integer is required."]}"#),
        ("null", r#"{"duration_days":["This field may not be null."]}"#),
    ];
    for (value, expected) in cases {
        let (status, _, body) = post(&server, &silence, json, &format!(r#"{{"duration_days":{value}}}"#)).await;
        assert_eq!((status, body.as_str()), (400, expected), "{value}");
    }
    assert_eq!(post(&server, &silence, json, "null").await.2, r#"{"non_field_errors":["No data provided"]}"#);
    assert_eq!(
        post(&server, &silence, json, "[1]").await.2,
        r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}"#
    );
    let (status, _, body) = post(&server, &silence, json, "{nope").await;
    assert!(status == 400 && body.starts_with(r#"{"detail":"JSON parse error - "#), "{body}");
    let (status, _, body) = post(&server, &silence, "text/plain", "{}").await;
    assert_eq!((status, body.as_str()), (415, r#"{"detail":"Unsupported media type \"text/plain\" in request."}"#));
    // The body is checked after the lookup: an unknown uuid is a 404 whatever the body says.
    let (status, _, _) =
        post(&server, "/api/user-actions/00000000000000000000000000000000/silence/", json, "{nope").await;
    assert_eq!(status, 404);
    // Form bodies are parsed too; an empty body is an empty object.
    let (status, _, body) = post(&server, &silence, "application/x-www-form-urlencoded", "duration_days=2").await;
    assert_eq!((status, body.as_str()), (200, r#"{"status":"silenced","duration_days":2}"#));
    let (status, _, body) = post(&server, &format!("/api/user-actions/{uuid}/unsilence/"), json, "{not json").await;
    assert_eq!((status, body.as_str()), (200, r#"{"status":"unsilenced"}"#), "unsilence never reads the body");
    let (status, _, body) = post(&server, &silence, json, "").await;
    assert_eq!((status, body.as_str()), (200, r#"{"status":"silenced","duration_days":null}"#));
    // Filters are validated before the body; the crash of due_within_days too.
    let (status, _, body) = post(&server, "/api/user-actions/bulk_silence/?urgency=urgent", json, "null").await;
    assert_eq!(
        (status, body.as_str()),
        (400, r#"{"urgency":["Select a valid choice. urgent is not one of the available choices."]}"#)
    );
    let (status, ct, _) = post(&server, "/api/user-actions/bulk_silence/?due_within_days=1", json, "{}").await;
    assert_eq!((status, ct.as_str()), (500, "text/html; charset=utf-8"));
    // update_actions reads `request.data.get`: a non-object body crashes the view.
    let (status, ct, _) = post(&server, "/api/user-actions/update_actions/", json, "null").await;
    assert_eq!((status, ct.as_str()), (500, "text/html; charset=utf-8"));
    let (status, _, body) =
        post(&server, "/api/user-actions/update_actions/", json, r#"{"provider_action_type":"nope"}"#).await;
    assert_eq!(
        (status, body.as_str()),
        (
            202,
            r#"{"status":"scheduled","message":"User actions update has been scheduled","provider_action_type":"nope"}"#
        )
    );
    let (status, _, body) =
        post(&server, &format!("/api/user-actions/{uuid}/execute_action/?include_silenced=true"), json, "{}").await;
    assert_eq!((status, body.as_str()), (400, r#"{"action_label":["This field is required."]}"#));
    // Through the client: the field error reaches the operator in words.
    let e = client(&server).silence(uuid.parse().expect("uuid"), Some(0)).await.expect_err("0 days");
    assert_eq!(status_of(&e), (400, "duration_days: Duration must be between 1 and 365 days.".into()));
    let (status, body) = get_json(&server, "/api/user-actions/summary/?created_after=2025-13-01").await;
    assert_eq!((status, body), (400, json!({"created_after": ["Enter a valid date/time."]})));
    server.shutdown().await;
}

#[tokio::test]
async fn negotiation_options_and_unknown_urls() {
    let server = start(3).await;
    let url = format!("{}user-actions/", server.waldur_url());
    let auth = format!("Token {}", server.waldur_token());
    let resp = raw()
        .get(&url)
        .header("Authorization", &auth)
        .header("Accept", "application/xml")
        .send()
        .await
        .expect("answer");
    assert_eq!(resp.status(), 406);
    let resp =
        raw().get(&url).header("Authorization", &auth).header("Accept", "text/html").send().await.expect("answer");
    assert_eq!(resp.headers()["content-type"], "text/html; charset=utf-8", "the browsable API");
    let resp =
        raw().request(reqwest::Method::OPTIONS, &url).header("Authorization", &auth).send().await.expect("answer");
    assert_eq!(resp.status(), 200);
    assert_eq!(json_of(resp).await["name"], "User Action List");
    let resp = raw().get(format!("{}nothing-here/", server.waldur_url())).send().await.expect("answer");
    assert_eq!(resp.status(), 404);
    assert_eq!(resp.headers()["content-type"], "text/html; charset=utf-8");
    let resp = raw()
        .get(format!("{}user-actions/x/silence/", server.waldur_url()))
        .header("Authorization", &auth)
        .send()
        .await;
    let resp = resp.expect("answer");
    assert_eq!(resp.status(), 405, "GET on an action route");
    assert_eq!(resp.headers()["allow"], "POST, OPTIONS");
    let (status, body) = get_json(&server, "/api/user-action-executions/999/").await;
    assert_eq!((status, body), (404, json!({"detail": "No UserActionExecution matches the given query."})));
    server.shutdown().await;
}

/// The detail of a user action carries its links into the web UI: the configured `ui_url`,
/// or the API's host when none is set.
#[tokio::test]
async fn a_user_action_links_to_its_page_in_the_web_ui() {
    use crate::app::effect::{Call, WaldurCall};
    use crate::app::msg::Reply;
    use crate::app::source::SourceId;
    use crate::backends::Connection;
    let server = start(40).await;
    let c = client(&server);
    let mut order = None;
    for row in c.list_user_actions(&ListQuery::default()).await.expect("list").rows {
        let ua = c.get_user_action(row.uuid).await.expect("detail");
        if &*ua.route_name == "marketplace-orders.details" {
            order = Some(ua);
            break;
        }
    }
    let order = order.expect("an order action");
    for (ui_url, root) in [
        (None, server.waldur_url().replace("api/", "")),
        (Some("https://portal.example.com"), "https://portal.example.com/".to_string()),
    ] {
        let mut conn = Connection::new(options(&server, server.waldur_token()));
        conn.ui_url = ui_url.map(str::to_string);
        let waldur = crate::backends::connect(crate::config::ServerKind::Waldur, SourceId(0), &conn).expect("connect");
        let reply = waldur.backend.call(&Call::Waldur(SourceId(0), WaldurCall::Get { uuid: order.uuid })).await;
        let Ok(Reply::UserAction(ua)) = reply else { panic!("{reply:?}") };
        let url = ua.web_url.as_deref().expect("a link for a known page");
        assert!(url.starts_with(&format!("{root}marketplace-order-details/")), "{url}");
        assert!(url.ends_with('/') && url.len() == format!("{root}marketplace-order-details/").len() + 33, "{url}");
        let view = ua.corrective_actions.iter().find(|a| &*a.label == "View Order Details").expect("view action");
        assert_eq!(view.web_url.as_deref(), Some(url), "the same page");
        assert_eq!(waldur.info.web_ui.as_deref(), Some(root.as_str()));
    }
}

/// The set shrank while the pages were read: the last page answers 404 "Invalid page.", which
/// ends the list instead of failing the whole poll.
#[tokio::test]
async fn a_page_past_the_end_after_the_set_shrank_ends_the_list() {
    let server = start(700).await;
    let c = client(&server);
    let all = c.list_user_actions(&ListQuery::default()).await.expect("list").rows.len();
    assert!(all > 600 && all <= 900, "three pages: {all}");
    server.inject(Fault::Status {
        path_contains: "page=3".into(),
        status: 404,
        body: r#"{"detail":"Invalid page."}"#.into(),
        content_type: "application/json".into(),
        times: 1,
    });
    let shrunk = c.list_user_actions(&ListQuery::default()).await.expect("not a failure");
    assert_eq!(shrunk.rows.len(), 600, "every page before the missing last one is kept");
}

/// The body as JSON (opsy parses bodies itself, so reqwest's `json` feature is not built).
async fn json_of(resp: reqwest::Response) -> Value {
    serde_json::from_slice(&resp.bytes().await.expect("body")).expect("json")
}
