//! `HeimdallClient` against the demo server's Heimdall dialect: the exact requests it puts on
//! the wire (method, path and its trailing slash, query, `Authorization`, body bytes), paging
//! while rows move, and every error explained.

use std::time::Duration;

use opsy_demo::heimdall::{keycloak_claims, unsigned_jwt};
use opsy_demo::{DemoOptions, DemoServer, Fault, RecordedRequest};

use crate::backends::heimdall::client::{ActionChange, HeimdallClient, MAX_PAGES, MIN_TIMEOUT, PAGE_SIZE};
use crate::backends::heimdall::cpf::Cpf;
use crate::backends::http::{Auth, ServerOptions};
use crate::domain::error::ApiError;
use crate::domain::secret::Secret;

const PREFIX: &str = "/heimdall-admin";
const NEW_MEMBER: &str = "52998224725";

async fn server() -> DemoServer {
    // The Waldur side is seeded too: keep it small.
    DemoServer::start(DemoOptions { size: 1, ..Default::default() }, 0).await.expect("demo server starts")
}

fn client_with(server: &DemoServer, token: &str) -> HeimdallClient {
    let opts = ServerOptions::new(server.heimdall_url(), Auth::Bearer(Secret::new(token)));
    HeimdallClient::new(&opts).expect("client")
}

fn admin(server: &DemoServer) -> HeimdallClient {
    client_with(server, server.heimdall_token())
}

fn plain_user(server: &DemoServer) -> HeimdallClient {
    client_with(server, server.heimdall_user_token())
}

/// The Heimdall requests received since the last call, oldest first.
fn sent(server: &DemoServer) -> Vec<RecordedRequest> {
    let seen = server.requests().into_iter().filter(|r| r.path.starts_with(PREFIX)).collect();
    server.clear_requests();
    seen
}

fn line(r: &RecordedRequest) -> String {
    let path = r.path.strip_prefix(PREFIX).unwrap_or(&r.path);
    match &r.query {
        Some(q) => format!("{} {path}?{q}", r.method),
        None => format!("{} {path}", r.method),
    }
}

fn lines(server: &DemoServer) -> Vec<String> {
    sent(server).iter().map(line).collect()
}

fn status_of(e: &ApiError) -> (u16, &str, &str) {
    match e {
        ApiError::Status(s) | ApiError::Refused(s) => (s.status, s.message.as_str(), s.hint.as_deref().unwrap_or("")),
        other => panic!("not a status error: {other:?}"),
    }
}

fn cpf(s: &str) -> Cpf {
    Cpf::parse(s).expect("a CPF").cpf
}

#[tokio::test]
async fn the_action_list_reads_every_page_with_the_bearer_token() {
    let server = server().await;
    let c = admin(&server);
    let actions = c.list_actions().await.expect("listed");
    assert_eq!(actions.len(), 130);
    assert!(actions.windows(2).all(|w| (&w[0].name, w[0].id) < (&w[1].name, w[1].id)), "sorted by name");
    let last = actions.iter().find(|a| a.id == 130).expect("id 130");
    assert_eq!((last.name.raw(), last.description.as_deref()), ("invoice:audit", None));
    assert_eq!(actions.iter().find(|a| a.id == 1).map(|a| a.endpoint_count), Some(3));

    let seen = sent(&server);
    assert_eq!(
        seen.iter().map(line).collect::<Vec<_>>(),
        ["GET /api/v1/actions/?skip=0&limit=100", "GET /api/v1/actions/?skip=100&limit=100",]
    );
    for r in &seen {
        assert_eq!(r.header("authorization"), Some(format!("Bearer {}", server.heimdall_token()).as_str()));
        assert_eq!(r.header("accept"), Some("application/json"));
        assert!(r.body.is_empty());
    }
    assert_eq!(PAGE_SIZE, 100);
}

#[tokio::test]
async fn a_row_moving_between_pages_makes_the_list_read_again() {
    let server = server().await;
    // Someone updates action 2 between our two page reads: it moves to the end of the table,
    // so page 2 repeats it and id 101 slides into page 1, already read.
    server.with_heimdall(|s| s.update_action_before_page(100, 2));
    let actions = admin(&server).list_actions().await.expect("listed");
    assert_eq!(actions.len(), 130);
    assert!(actions.iter().any(|a| a.id == 101), "the row that slid between pages is there");
    assert_eq!(actions.iter().filter(|a| a.id == 2).count(), 1);
    assert_eq!(
        lines(&server),
        [
            "GET /api/v1/actions/?skip=0&limit=100",
            "GET /api/v1/actions/?skip=100&limit=100",
            "GET /api/v1/actions/?skip=0&limit=100",
            "GET /api/v1/actions/?skip=100&limit=100",
        ]
    );
}

#[tokio::test]
async fn a_row_seen_twice_is_kept_once_in_its_later_form() {
    let server = server().await;
    let mut rows: Vec<String> = (101..=130)
        .map(|id| format!(r#"{{"id":{id},"name":"x:{id}","description":null,"endpoint_count":0}}"#))
        .collect();
    rows.insert(0, r#"{"id":100,"name":"bucket:audit","description":"changed meanwhile","endpoint_count":"2"}"#.into());
    server.inject(Fault::Status {
        path_contains: "actions/?skip=100".into(),
        status: 200,
        body: format!(r#"{{"actions":[{}],"total":130,"skip":100,"limit":100}}"#, rows.join(",")),
        content_type: "application/json".into(),
        times: 1,
    });
    let actions = admin(&server).list_actions().await.expect("listed");
    assert_eq!(actions.len(), 130);
    let hundred = actions.iter().find(|a| a.id == 100).expect("id 100");
    assert_eq!((hundred.description.as_deref(), hundred.endpoint_count), (Some("changed meanwhile"), 2));
    assert_eq!(lines(&server).len(), 2, "nothing was missing, so no second reading");
}

#[tokio::test]
async fn a_server_lying_about_its_total_cannot_keep_the_client_paging() {
    let server = server().await;
    // An empty page ends the reading whatever the total says.
    server.inject(Fault::Status {
        path_contains: "actions/?skip=100".into(),
        status: 200,
        body: r#"{"actions":[],"total":1000000,"skip":100,"limit":100}"#.into(),
        content_type: "application/json".into(),
        times: 2,
    });
    let actions = admin(&server).list_actions().await.expect("listed");
    assert_eq!(actions.len(), 100);
    assert_eq!(lines(&server).len(), 4, "short of the total: read once more, then stop");

    // Pages that never end are cut off with an error, not returned as a list.
    server.inject(Fault::Status {
        path_contains: "actions/?skip=".into(),
        status: 200,
        body: r#"{"actions":[{"id":1,"name":"user:read"}],"total":1000000}"#.into(),
        content_type: "application/json".into(),
        times: usize::MAX,
    });
    let e = admin(&server).list_actions().await.expect_err("cut off");
    assert!(matches!(e, ApiError::Decode { what: "action list", .. }), "{e:?}");
    assert_eq!(lines(&server).len(), MAX_PAGES);
}

#[tokio::test]
async fn one_action_and_its_exact_mappings() {
    let server = server().await;
    let c = admin(&server);
    let a = c.get_action(130).await.expect("found");
    assert_eq!((a.id, a.name.raw(), a.description), (130, "invoice:audit", None));
    let e = c.get_action(99999).await.expect_err("missing");
    assert_eq!(status_of(&e).0, 404);
    assert!(status_of(&e).2.contains("action does not exist"));

    let m = c.mappings_for("user:read").await.expect("mappings");
    let paths: Vec<&str> = m.iter().map(|m| &*m.path_pattern).collect();
    assert_eq!(paths, ["/api/v1/users/", "/api/v1/users/me", "/api/v1/users/{user_id}"]);
    assert!(m.iter().all(|m| m.action == "user:read" && m.created_at.is_some()));
    // The server's filter is a substring with LIKE wildcards: both of these match user:read
    // there, and neither is its name.
    assert!(c.mappings_for("read").await.expect("mappings").is_empty());
    assert!(c.mappings_for("user_read").await.expect("mappings").is_empty());
    let res = c.resolve("/api/v1/users/42", "GET").await.expect("resolved");
    assert_eq!((res.action.raw(), &*res.path_pattern), ("user:read", "/api/v1/users/{user_id}"));
    assert_eq!(
        lines(&server),
        [
            "GET /api/v1/actions/130",
            "GET /api/v1/actions/99999",
            "GET /api/v1/mappings/list?action_filter=user%3Aread",
            "GET /api/v1/mappings/list?action_filter=read",
            "GET /api/v1/mappings/list?action_filter=user_read",
            "GET /api/v1/mappings/?path=%2Fapi%2Fv1%2Fusers%2F42&method=GET",
        ]
    );
}

#[tokio::test]
async fn groups_and_members_use_encoded_names_and_the_right_slashes() {
    let server = server().await;
    let c = admin(&server);
    let groups = c.list_groups().await.expect("groups");
    let names: Vec<&str> = groups.iter().map(|g| g.name.raw()).collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    assert!(names.contains(&"rio:saude:admins") && names.contains(&"empty_group"), "{names:?}");

    let members = c.members("engineering:backend").await.expect("members");
    let expected = server
        .with_heimdall(|s| s.member_cpfs("engineering:backend").iter().map(|c| c.to_string()).collect::<Vec<_>>());
    assert_eq!(members.iter().map(|m| m.subject.raw().to_string()).collect::<Vec<_>>(), expected);
    assert!(members.windows(2).all(|w| w[0].joined_at >= w[1].joined_at), "newest first");
    assert_eq!(lines(&server), ["GET /api/v1/groups/", "GET /api/v1/groups/engineering%3Abackend/members"]);

    // Even a member of the group may not list it.
    let e = plain_user(&server).members("engineering:backend").await.expect_err("refused");
    let (status, message, hint) = status_of(&e);
    assert_eq!((status, message), (403, "Permission denied to view members of group 'engineering:backend'"));
    assert!(hint.contains("group:view_members"), "{hint}");
    let e = c.members("nope").await.expect_err("unknown");
    assert!(status_of(&e).2.contains("group does not exist"));
}

#[tokio::test]
async fn adding_a_member_sends_exactly_the_subject_and_is_idempotent() {
    let server = server().await;
    let c = admin(&server);
    for _ in 0..2 {
        let answer = c.add_member("empty_group", &cpf("529.982.247-25")).await.expect("added");
        assert_eq!(
            (&*answer.status, answer.group.raw(), answer.subject.raw()),
            ("member_added", "empty_group", NEW_MEMBER)
        );
    }
    let seen = sent(&server);
    assert_eq!(seen.len(), 2);
    for r in &seen {
        assert_eq!(line(r), "POST /api/v1/groups/empty_group/members");
        assert_eq!(&r.body[..], br#"{"subject":"52998224725"}"#);
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.header("authorization"), Some(format!("Bearer {}", server.heimdall_token()).as_str()));
    }
    assert_eq!(server.with_heimdall(|s| s.member_cpfs("empty_group").len()), 1);

    // An unknown group is a 403, and the CPF's user row appears all the same.
    let e = c.add_member("nope", &cpf("111.444.777-35")).await.expect_err("refused");
    let (status, _, hint) = status_of(&e);
    assert!(status == 403 && hint.contains("does not exist"), "{hint}");
    assert!(server.with_heimdall(|s| s.user("11144477735").is_some()));
    let e = plain_user(&server).add_member("empty_group", &cpf(NEW_MEMBER)).await.expect_err("refused");
    assert!(matches!(e, ApiError::Status(_)) && status_of(&e).0 == 403);
}

#[tokio::test]
async fn removing_a_member_answers_the_same_whatever_happened() {
    let server = server().await;
    let c = admin(&server);
    c.add_member("empty_group", &cpf(NEW_MEMBER)).await.expect("added");
    server.clear_requests();
    // 204 with a JSON content type and no body, every time: only a new listing tells.
    c.remove_member("empty_group", NEW_MEMBER).await.expect("removed");
    c.remove_member("empty_group", NEW_MEMBER).await.expect("204 again");
    c.remove_member("nope", NEW_MEMBER).await.expect("204 for an unknown group");
    assert!(c.members("empty_group").await.expect("members").is_empty());
    assert_eq!(
        lines(&server),
        [
            "DELETE /api/v1/groups/empty_group/members/52998224725",
            "DELETE /api/v1/groups/empty_group/members/52998224725",
            "DELETE /api/v1/groups/nope/members/52998224725",
            "GET /api/v1/groups/empty_group/members",
        ]
    );
    let e = plain_user(&server).remove_member("engineering:backend", NEW_MEMBER).await.expect_err("refused");
    assert!(status_of(&e).2.contains("does not exist"));
}

#[tokio::test]
async fn groups_are_created_and_deleted_after_a_local_name_check() {
    let server = server().await;
    let c = admin(&server);
    let g = c.create_group("ops:oncall", "Plantão de operações").await.expect("created");
    assert_eq!((g.name.raw(), g.description.as_deref()), ("ops:oncall", Some("Plantão de operações")));
    assert_eq!(g.created_by.as_deref(), Some(server.with_heimdall(|s| s.admin_cpf().to_string()).as_str()));
    let e = c.create_group("ops:oncall", "again").await.expect_err("taken");
    assert_eq!(status_of(&e).0, 409);
    assert!(status_of(&e).2.contains("already exists"));
    let seen = sent(&server);
    assert_eq!(seen.iter().map(line).collect::<Vec<_>>(), ["POST /api/v1/groups/", "POST /api/v1/groups/"]);
    assert_eq!(seen[0].body, r#"{"name":"ops:oncall","description":"Plantão de operações"}"#.as_bytes());

    for bad in ["Ops", "ops team", "", "ops-team"] {
        let e = c.create_group(bad, "x").await.expect_err("refused locally");
        assert!(matches!(&e, ApiError::Local(m) if m.contains("lowercase letters")), "{bad:?}: {e}");
    }
    assert!(sent(&server).is_empty(), "a bad name never reaches the server");

    c.delete_group("ops:oncall").await.expect("deleted");
    let e = c.delete_group("ops:oncall").await.expect_err("gone");
    assert_eq!(status_of(&e).0, 404);
    assert_eq!(lines(&server), ["DELETE /api/v1/groups/ops%3Aoncall", "DELETE /api/v1/groups/ops%3Aoncall"]);
    assert!(matches!(c.delete_group("..").await, Err(ApiError::Local(_))));
}

#[tokio::test]
async fn who_am_i() {
    let server = server().await;
    let me = admin(&server).me().await.expect("me");
    assert!(me.is_superadmin());
    assert_eq!(&*me.cpf, server.with_heimdall(|s| s.admin_cpf().to_string()));
    let me = plain_user(&server).me().await.expect("me");
    assert!(!me.is_superadmin());
    assert!(me.groups.iter().any(|g| &**g == "engineering:backend"), "{me:?}");
    assert_eq!(lines(&server), ["GET /api/v1/users/me", "GET /api/v1/users/me"]);
}

#[tokio::test]
async fn action_changes_by_a_non_admin_are_refused_not_retried() {
    let server = server().await;
    let user = plain_user(&server);
    let change = ActionChange { description: Some("d"), ..Default::default() };
    let errors = [
        user.create_action("x:y", "d").await.expect_err("refused"),
        user.update_action(1, &change).await.expect_err("refused"),
        user.delete_action(1).await.expect_err("refused"),
    ];
    for e in errors {
        let (status, message, hint) = status_of(&e);
        assert!(matches!(e, ApiError::Refused(_)) && !e.is_transient(), "{e:?}");
        assert!(status == 500 && message.contains(": 403: Insufficient permissions"), "{message}");
        assert_eq!(hint, "forbidden: you lack the permission (Heimdall reports this 403 inside a 500).");
    }
    let seen = sent(&server);
    assert_eq!(
        seen.iter().map(line).collect::<Vec<_>>(),
        ["POST /api/v1/actions/", "PUT /api/v1/actions/1", "DELETE /api/v1/actions/1",]
    );
    assert_eq!(seen[0].body, br#"{"name":"x:y","description":"d"}"#.as_slice());
    assert_eq!(seen[1].body, br#"{"description":"d"}"#.as_slice());
}

#[tokio::test]
async fn an_admin_changes_actions_and_hears_when_one_is_gone() {
    let server = server().await;
    let c = admin(&server);
    let created = c.create_action("zzz:temp", "temporary").await.expect("created");
    assert_eq!((created.id, created.endpoint_count), (131, 0));
    let change = ActionChange { name: Some("zzz:Temp-2"), description: None };
    let updated = c.update_action(created.id, &change).await.expect("renamed");
    assert_eq!(updated.name.raw(), "zzz:Temp-2");
    c.delete_action(created.id).await.expect("deleted");
    let e = c.update_action(created.id, &change).await.expect_err("gone");
    assert_eq!(status_of(&e).0, 400);
    assert!(status_of(&e).2.contains("action is gone"));
    let e = c.create_action("user:read", "dup").await.expect_err("taken");
    assert!(status_of(&e).2.contains("already exists"));
    assert!(matches!(c.create_action("User:Read", "d").await, Err(ApiError::Local(_))));
    assert!(matches!(c.update_action(1, &ActionChange::default()).await, Err(ApiError::Local(_))));
    assert!(matches!(
        c.update_action(1, &ActionChange { name: Some("a b"), ..Default::default() }).await,
        Err(ApiError::Local(_))
    ));
    assert_eq!(sent(&server)[1].body, br#"{"name":"zzz:Temp-2"}"#.as_slice());
}

#[tokio::test]
async fn a_cerbos_outage_is_explained_and_reads_keep_working() {
    let server = server().await;
    let c = admin(&server);
    server.with_heimdall(|s| s.set_cerbos_down(true));
    let e = c.add_member("empty_group", &cpf(NEW_MEMBER)).await.expect_err("down");
    let (status, message, hint) = status_of(&e);
    assert_eq!((status, message), (503, "Authorization service temporarily unavailable"));
    assert!(e.is_transient() && hint.contains("up to 30 s"), "{hint}");
    let e = c.create_action("zzz:outage", "d").await.expect_err("down");
    assert!(e.is_transient() && status_of(&e).2.contains("(Cerbos) is down"));
    let e = c.readiness().await.expect_err("not ready");
    assert_eq!(status_of(&e).1, "not_ready: Cerbos health check failed (failing: cerbos)");
    assert_eq!(c.list_actions().await.expect("reads still work").len(), 130);
    server.with_heimdall(|s| s.set_cerbos_down(false));
    assert_eq!(&*c.readiness().await.expect("ready").status, "ready");
    c.add_member("empty_group", &cpf(NEW_MEMBER)).await.expect("works again");
}

#[tokio::test]
async fn tokens_the_server_cannot_use_are_explained() {
    let server = server().await;
    let no_cpf = unsigned_jwt(&serde_json::json!({"sub": "svc-account", "name": "Service"}));
    let e = client_with(&server, &no_cpf).me().await.expect_err("no preferred_username");
    assert!(matches!(e, ApiError::Refused(_)) && !e.is_transient(), "{e:?}");
    assert!(status_of(&e).2.contains("preferred_username"));
    let e = client_with(&server, "not-a-jwt").list_groups().await.expect_err("garbage");
    assert!(status_of(&e).0 == 401 && status_of(&e).2.contains("exactly 'Bearer'"));
    let e = client_with(&server, "").list_groups().await.expect_err("empty");
    assert!(status_of(&e).0 == 403 && status_of(&e).2.contains("No token"));

    // Heimdall checks neither expiry nor signature: an expired token still works.
    let mut claims = keycloak_claims("52998224725", "Expired", false);
    claims["exp"] = serde_json::json!(1_000_000_000);
    assert_eq!(&*client_with(&server, &unsigned_jwt(&claims)).me().await.expect("accepted").cpf, "52998224725");

    let token = ServerOptions::new(server.heimdall_url(), Auth::Token(Secret::new("k")));
    assert!(matches!(HeimdallClient::new(&token), Err(ApiError::Local(m)) if m.contains("Bearer")));
    // A base URL that already holds the API path finds no route.
    let opts = ServerOptions::new(
        format!("{}/api/v1", server.heimdall_url()),
        Auth::Bearer(Secret::new(server.heimdall_token())),
    );
    let e = HeimdallClient::new(&opts).expect("client").list_groups().await.expect_err("no route");
    assert!(status_of(&e).2.contains("no such route"));
}

#[tokio::test]
async fn server_text_is_cleaned_but_identifiers_stay_exact() {
    let server = server().await;
    let id = server.with_heimdall(|s| s.insert_action("evil:act", Some("Reads\u{1b}]0;pwned\u{7} things\u{202e}")));
    let a = admin(&server).get_action(id).await.expect("found");
    assert_eq!(a.description.as_deref(), Some("Reads things"));
    let member = server.with_heimdall(|s| {
        let cpf = s.member_cpfs("ops_team")[0].to_string();
        s.set_display_name(&cpf, Some("Ana\u{1b}[2J\u{1b}[31m Lima"));
        cpf
    });
    let members = admin(&server).members("ops_team").await.expect("members");
    let m = members.iter().find(|m| m.subject == member.as_str()).expect("listed");
    assert_eq!(m.display_name.as_deref(), Some("Ana Lima"));
}

#[tokio::test]
async fn a_short_timeout_is_raised_to_survive_a_stalled_server() {
    let server = server().await;
    // One slow Cerbos call stalls the whole real server for seconds.
    server.inject(Fault::Delay { path_contains: "users/me".into(), delay: Duration::from_millis(1500), times: 1 });
    let mut opts = ServerOptions::new(server.heimdall_url(), Auth::Bearer(Secret::new(server.heimdall_token())));
    opts.timeout = Duration::from_secs(1);
    let me = HeimdallClient::new(&opts).expect("client").me().await.expect("waited past the asked 1 s");
    assert!(me.is_superadmin());
    assert!(MIN_TIMEOUT >= Duration::from_secs(10));
}
