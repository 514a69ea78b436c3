//! Heimdall through the whole app: adding a CPF, removing a member and checking the list
//! afterwards (a remove answers 204 whatever happened), a plain user's token refused member
//! listing, and one backend down while the others keep working.

use crossterm::event::KeyCode;

use opsy_demo::DemoServer;

use super::harness::Harness;
use crate::backends::heimdall::cpf::with_check_digits;
use crate::config::ServerKind;

/// A group of the demo with members, and a valid CPF that is not one of them.
fn group_and_newcomer(h: &Harness) -> (String, String) {
    h.server.with_heimdall(|s| {
        let group = s.groups().iter().find(|g| !s.member_cpfs(&g.name).is_empty()).expect("a group with members");
        let members = s.member_cpfs(&group.name);
        let newcomer = (100_000_000..)
            .filter_map(|n: u64| with_check_digits(&n.to_string()))
            .map(|c| c.as_str().to_string())
            .find(|c| !members.contains(&c.as_str()))
            .expect("a CPF outside the group");
        (group.name.clone(), newcomer)
    })
}

/// `group` as a path segment: the client encodes `:`, which the real server decodes (the
/// recording `34-members-list-encoded-colon`).
fn seg(group: &str) -> String {
    group.replace(':', "%3A")
}

/// Open the members of `group` in the Groups pane.
async fn open(h: &mut Harness, group: &str) {
    h.keys("2/").await;
    h.keys(&format!("source:heimdall {group}")).await;
    h.key(KeyCode::Enter).await;
    let selected = h.model().groups.list.selected().map(|g| g.name.clone());
    assert_eq!(selected.as_deref(), Some(group), "{}", h.screen());
    h.key(KeyCode::Enter).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cpf_is_added_with_one_post_and_shows_in_the_group() {
    let mut h = Harness::start().await;
    let (group, cpf) = group_and_newcomer(&h);
    open(&mut h, &group).await;
    h.server.clear_requests();
    h.keys("a").await;
    h.keys(&cpf).await;
    assert!(h.server.requests().is_empty(), "nothing is sent while typing");
    h.key(KeyCode::Enter).await;

    let sent = h.requests("POST", "/members");
    assert_eq!(sent.len(), 1, "{:?}", h.server.requests());
    assert_eq!(sent[0].path, format!("/heimdall-admin/api/v1/groups/{}/members", seg(&group)));
    assert_eq!(String::from_utf8_lossy(&sent[0].body), format!("{{\"subject\":\"{cpf}\"}}"));
    assert_eq!(sent[0].header("authorization"), Some(format!("Bearer {}", h.server.heimdall_token()).as_str()));
    assert_eq!(sent[0].header("content-type"), Some("application/json"));
    assert!(h.server.with_heimdall(|s| s.member_cpfs(&group).contains(&cpf.as_str())), "the server has it");
    assert!(!h.requests("GET", "/members").is_empty(), "the members are read again");
    let shown = h.model().groups.open.as_ref().is_some_and(|g| g.members.rows().iter().any(|m| &*m.id == cpf.as_str()));
    assert!(shown, "the refreshed group lists {cpf}:\n{}", h.screen());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remove_is_confirmed_then_checked_against_the_member_list() {
    let mut h = Harness::start().await;
    let (group, _) = group_and_newcomer(&h);
    open(&mut h, &group).await;
    let selected = h.model().groups.open.as_ref().and_then(|g| g.members.selected()).cloned();
    let selected = selected.expect("a selected member");
    let member = selected.id.to_string();
    h.server.clear_requests();
    h.keys("D").await;
    assert!(
        h.screen().contains(&format!("Remove {}", selected.shown)),
        "the confirmation names the member:\n{}",
        h.screen()
    );
    assert!(h.server.requests().is_empty(), "nothing is sent before the confirmation");
    h.keys("y").await;

    let sent = h.requests("DELETE", "/members/");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].path, format!("/heimdall-admin/api/v1/groups/{}/members/{member}", seg(&group)));
    let all = h.server.requests();
    let delete_at = all.iter().position(|r| r.method == "DELETE").expect("the delete");
    assert!(
        all[delete_at..].iter().any(|r| r.method == "GET" && r.path.ends_with("/members")),
        "the list is read after the 204 to know whether it worked"
    );
    assert!(!h.server.with_heimdall(|s| s.member_cpfs(&group).contains(&member.as_str())));
    let still =
        h.model().groups.open.as_ref().is_some_and(|g| g.members.rows().iter().any(|m| &*m.id == member.as_str()));
    assert!(!still, "{}", h.screen());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_users_token_is_refused_the_member_list_and_is_told_why() {
    let mut h = Harness::with_bearer(ServerKind::Heimdall, DemoServer::heimdall_user_token).await;
    let (group, _) = group_and_newcomer(&h);
    open(&mut h, &group).await;
    let sent = h.requests("GET", &format!("/groups/{}/members", seg(&group)));
    assert!(!sent.is_empty(), "the member list was asked for");
    let screen = h.screen();
    assert!(screen.contains("does not let you see the members"), "a refusal, not an empty group:\n{screen}");
    assert!(screen.contains("Only Heimdall admins"), "in plain words:\n{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heimdall_down_marks_only_its_own_groups_stale() {
    let mut h = Harness::start().await;
    h.keys("2").await;
    let before = h.model().groups.list.rows().len();
    h.server.inject(opsy_demo::Fault::DropConnection { path_contains: "heimdall-admin".into(), times: 100 });
    h.keys("r").await;
    assert_eq!(h.model().groups.list.rows().len(), before, "every row is kept");
    let screen = h.screen();
    assert!(screen.contains("Heimdall") && screen.contains("dropped"), "{screen}");
    let health = h.model().groups.health.iter().map(|(id, f)| (*id, f.last_error.is_some())).collect::<Vec<_>>();
    let failing: Vec<_> =
        health.iter().filter(|(_, failed)| *failed).map(|(id, _)| h.model().sources.name(*id)).collect();
    assert_eq!(failing, ["Heimdall"], "only Heimdall failed: {health:?}");
}
