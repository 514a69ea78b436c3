//! The CDS group and token endpoints end to end, through `CdsClient`, with the requests
//! checked as they reached the demo server.

use super::common;

use crate::backends::cds::wire::{ActionPath, Expiration, ExportFormat};
use common::{client, failure, start, status_and_id};
use opsy_demo::DemoServer;
use serde_json::Value;

async fn raw(server: &DemoServer, method: reqwest::Method, target: &str, token: &str) -> (u16, Vec<u8>) {
    let resp = reqwest::Client::new()
        .request(method, format!("{}{target}", server.cds_url()))
        .header("Session-Token", token)
        .header("X-Requested-With", "X-CDS-SDK")
        .send()
        .await
        .expect("answer");
    let status = resp.status().as_u16();
    (status, resp.bytes().await.expect("body").to_vec())
}

fn usernames(users: &[crate::backends::cds::wire::User]) -> Vec<String> {
    users.iter().map(|u| u.username.raw().to_string()).collect()
}

#[tokio::test]
async fn adding_members_is_one_json_array_and_all_or_nothing() {
    let server = start().await;
    let op = client(&server, server.cds_token());
    server.clear_requests();
    op.add_users("platform", &["dkowalski", "efischer", "lrossi"]).await.expect("added");
    let sent = server.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!((sent[0].method.as_str(), sent[0].path.as_str()), ("POST", "/cdsapi/group/platform/user"));
    assert_eq!(sent[0].body.as_ref(), br#"["dkowalski","efischer","lrossi"]"#);
    let g = op.get_group("platform").await.expect("group");
    assert_eq!(usernames(&g.admins), ["cdubois", "jdoe"]);
    assert_eq!(
        usernames(&g.users),
        ["bnguyen", "dkowalski", "efischer", "lrossi", "mlambert"],
        "lrossi skipped, sorted"
    );

    // One unknown name: 500 id 1, and nobody is added.
    let (status, code, message) = failure(op.add_users("platform", &["gmuller", "nobody"]).await);
    assert_eq!((status, code, message.as_str()), (500, Some(1), "internal server error"));
    let g = op.get_group("platform").await.expect("group");
    assert!(!usernames(&g.users).contains(&"gmuller".to_string()));
    // A member who is not an admin may not add anyone: 403 id 11.
    let member = client(&server, server.cds_member_token());
    assert_eq!(status_and_id(member.add_users("platform", &["gmuller"]).await), (403, Some(11)));
}

#[tokio::test]
async fn removing_members_and_toggling_admins() {
    let server = start().await;
    let op = client(&server, server.cds_token());
    let created = op.create_group("ops-sandbox").await.expect("created");
    assert_eq!(created.name, "ops-sandbox");
    let g = op.get_group("ops-sandbox").await.expect("group");
    assert_eq!(usernames(&g.admins), ["jdoe"], "the creator is member and admin");

    assert_eq!(status_and_id(op.remove_user("ops-sandbox", "jdoe").await), (400, Some(34)), "last admin");
    assert_eq!(status_and_id(op.remove_user("ops-sandbox", "ghost").await), (404, Some(38)));
    assert_eq!(status_and_id(op.remove_user("ops-sandbox", "lrossi").await), (400, Some(74)), "not a member");
    assert_eq!(status_and_id(op.set_admin("ops-sandbox", "lrossi").await), (500, Some(1)), "not a member yet");
    assert_eq!(status_and_id(op.set_admin("ops-sandbox", "ghost").await), (404, Some(38)));

    op.add_users("ops-sandbox", &["lrossi"]).await.expect("added");
    server.clear_requests();
    op.set_admin("ops-sandbox", "lrossi").await.expect("promoted");
    let sent = server.requests();
    assert_eq!(
        (sent[0].method.as_str(), sent[0].path.as_str()),
        ("POST", "/cdsapi/group/ops-sandbox/user/lrossi/admin")
    );
    assert!(sent[0].body.is_empty(), "the server reads no body");
    assert_eq!(sent[0].header("content-type"), None);
    assert_eq!(usernames(&op.get_group("ops-sandbox").await.expect("group").admins), ["jdoe", "lrossi"]);

    // Now jdoe may leave, and there is no last-admin protection on demotion.
    op.remove_admin("ops-sandbox", "jdoe").await.expect("demoted");
    let (status, _) = raw(&server, reqwest::Method::DELETE, "/group/ops-sandbox/user/jdoe", server.cds_token()).await;
    assert_eq!(status, 403, "no longer an admin of the group");
    let admin = client(&server, server.cds_admin_token());
    admin.remove_admin("ops-sandbox", "lrossi").await.expect("zero admins is allowed");
    let g = admin.get_group("ops-sandbox").await.expect("group");
    assert!(g.admins.is_empty());
    assert_eq!(usernames(&g.users), ["jdoe", "lrossi"]);
}

#[tokio::test]
async fn create_rename_and_delete() {
    let server = start().await;
    let op = client(&server, server.cds_token());
    assert_eq!(status_and_id(op.create_group("bad name!").await), (400, Some(32)));
    assert_eq!(status_and_id(op.create_group("platform").await), (409, Some(33)));
    let (_, _, message) = failure(op.create_group("a/b").await);
    assert_eq!(message, "group name must respect '^[a-zA-Z0-9.-_-]{1,}$'");
    op.create_group("team-x").await.expect("created");
    op.add_users("team-x", &["mlambert"]).await.expect("member");

    server.clear_requests();
    let renamed = op.rename_group("team-x", "team-y").await.expect("renamed");
    assert_eq!(renamed.name, "team-y");
    let sent = server.requests();
    assert_eq!(sent.len(), 2, "GET then PUT");
    assert_eq!((sent[0].method.as_str(), sent[0].path.as_str()), ("GET", "/cdsapi/group/team-x"));
    assert_eq!((sent[1].method.as_str(), sent[1].path.as_str()), ("PUT", "/cdsapi/group/team-x"));
    assert_eq!(
        sent[1].json(),
        Some(serde_json::json!({"name":"team-y","admins":[{"username":"jdoe"}],"users":[{"username":"mlambert"}]}))
    );
    let g = op.get_group("team-y").await.expect("renamed group");
    assert_eq!((usernames(&g.admins), usernames(&g.users)), (vec!["jdoe".to_string()], vec!["mlambert".to_string()]));
    // The old name is gone: for a non-admin that is a 403 id 11, not a 404.
    assert_eq!(status_and_id(op.get_group("team-x").await), (403, Some(11)));
    // A PUT without admins is refused before anything else.
    let mut empty = g.clone();
    empty.admins.clear();
    assert_eq!(status_and_id(op.put_group("team-y", &empty).await), (400, Some(63)));

    // Deleting the group takes its actions along.
    let doc = "version: v1.0\nname: hello\ngroup: team-y\nsteps:\n- script:\n  - echo hello\n";
    op.import_action(ExportFormat::Yaml, doc.as_bytes().to_vec()).await.expect("imported");
    op.get_action(&ActionPath::new("team-y", "hello")).await.expect("exists");
    op.delete_group("team-y").await.expect("deleted");
    assert!(server.with_cds(|s| s.group("team-y").is_none() && !s.actions().iter().any(|a| a.name == "hello")));
    let admin = client(&server, server.cds_admin_token());
    assert_eq!(status_and_id(admin.get_action(&ActionPath::new("team-y", "hello")).await), (404, Some(20)));
}

#[tokio::test]
async fn listing_groups_and_worker_models() {
    let server = start().await;
    let op = client(&server, server.cds_token());
    let names = |gs: Vec<crate::backends::cds::wire::GroupRef>| {
        gs.into_iter().map(|g| g.name.raw().to_string()).collect::<Vec<_>>()
    };
    assert_eq!(
        names(op.list_groups(false, false).await.expect("groups")),
        ["data-eng", "default", "payments", "platform"]
    );
    assert_eq!(
        names(op.list_groups(true, true).await.expect("groups")),
        ["data-eng", "payments", "platform", "shared.infra"]
    );
    assert_eq!(names(op.public_groups().await.expect("public")), ["shared.infra"]);
    let admin = client(&server, server.cds_admin_token());
    assert_eq!(admin.list_groups(false, true).await.expect("all").len(), 6);

    let platform = server.with_cds(|s| s.group("platform").map(|g| g.id)).expect("platform");
    let models = op.worker_models(platform).await.expect("models");
    let model_names: Vec<&str> = models.iter().map(|m| m.name.raw()).collect();
    assert_eq!(
        model_names,
        ["debian12-docker", "golang-1.22", "k8s-tools", "ubuntu-22.04"],
        "deprecated ones left out"
    );
    let k8s = models.iter().find(|m| m.name == "k8s-tools").expect("k8s-tools");
    assert!(k8s.model_docker.private && k8s.editable);
    let mobile = server.with_cds(|s| s.group("mobile").map(|g| g.id)).expect("mobile");
    assert_eq!(status_and_id(op.worker_models(mobile).await), (403, Some(151)));
    let (status, body) = raw(&server, reqwest::Method::GET, "/group/abc/worker/model", server.cds_token()).await;
    assert_eq!((status, serde_json::from_slice::<Value>(&body).expect("json")["id"].as_i64()), (400, Some(74)));
}

#[tokio::test]
async fn tokens_show_the_secret_once_and_only_admins_list_them() {
    let server = start().await;
    let op = client(&server, server.cds_token());
    let before = op.list_tokens("platform").await.expect("tokens");
    let mut codes: Vec<i64> = before.iter().filter_map(|t| t.expiration).map(|e| e.code()).collect();
    codes.sort_unstable();
    assert_eq!(codes, [1, 2, 3], "all three expirations are seeded");

    let platform = server.with_cds(|s| s.group("platform").map(|g| g.id)).expect("platform");
    let fresh = op.generate_token("platform", Expiration::Persistent, "ci runners").await.expect("generated");
    assert_eq!((fresh.id, fresh.group_id, &*fresh.group_name), (0, platform, "platform"));
    let secret = fresh.token.expose().to_string();
    assert_eq!(secret.len(), 64);
    assert!(secret.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(&*fresh.creator, "John Doe");
    assert_eq!(fresh.expiration, Some(Expiration::Persistent));

    let after = op.list_tokens("platform").await.expect("tokens");
    assert_eq!(after.len(), before.len() + 1);
    let listed = after.iter().find(|t| &*t.description == "ci runners").expect("listed");
    assert!(listed.id > 0, "the real id only shows in the list");
    assert_eq!(listed.group_id, 0);
    assert_ne!(listed.token.expose(), secret, "the list shows the stored hash");
    for e in [Expiration::Session, Expiration::Daily] {
        assert_eq!(op.generate_token("platform", e, "x").await.expect("generated").expiration, Some(e));
    }
    let (status, body) = raw(&server, reqwest::Method::GET, "/group/platform", server.cds_token()).await;
    assert_eq!(status, 200);
    assert!(serde_json::from_slice::<Value>(&body).expect("json")["tokens"].is_array(), "group admins see tokens");

    // A plain member: 403 with a bare null, which the client reports as a permission error.
    let member = client(&server, server.cds_member_token());
    let (status, _, message) = failure(member.list_tokens("platform").await);
    assert_eq!(status, 403);
    assert_eq!(message, "forbidden: only admins of group platform can list its tokens");
    let (status, body) = raw(&server, reqwest::Method::GET, "/group/platform/token", server.cds_member_token()).await;
    assert_eq!((status, body.as_slice()), (403, &b"null"[..]));
    let g = member.get_group("platform").await.expect("member reads the group");
    assert!(g.tokens.is_empty());

    // Revoke: 200 null; a non-integer id is 400 id 74.
    op.delete_token("platform", listed.id).await.expect("revoked");
    assert!(!op.list_tokens("platform").await.expect("tokens").iter().any(|t| t.id == listed.id));
    let other = after.iter().find(|t| t.id != listed.id).expect("another token");
    let (status, body) =
        raw(&server, reqwest::Method::DELETE, &format!("/group/platform/token/{}", other.id), server.cds_token()).await;
    assert_eq!((status, body.as_slice()), (200, &b"null"[..]));
    let (status, body) = raw(&server, reqwest::Method::DELETE, "/group/platform/token/x1", server.cds_token()).await;
    assert_eq!((status, serde_json::from_slice::<Value>(&body).expect("json")["id"].as_i64()), (400, Some(74)));
    // An unknown expiration string is a 500.
    let resp = reqwest::Client::new()
        .post(format!("{}/group/platform/token", server.cds_url()))
        .header("Session-Token", server.cds_token())
        .header("X-Requested-With", "X-CDS-SDK")
        .body(r#"{"expiration":"forever","description":"x"}"#)
        .send()
        .await
        .expect("answer");
    assert_eq!(resp.status().as_u16(), 500);
}
