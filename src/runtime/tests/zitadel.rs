//! ZITADEL through the whole app: the exact requests of a toggle and a revert, the
//! organisation header on every request, nothing sent before a confirmation, and a token
//! without the events permission.

use crossterm::event::KeyCode;
use opsy_demo::zitadel::ActionState;

use opsy_demo::DemoServer;

use super::harness::Harness;
use crate::app::panes::Pane;
use crate::config::ServerKind;

/// The first active action of the demo organisation that has a script change in its history.
fn changed_action(h: &Harness) -> (String, String) {
    h.server.with_zitadel(|s| {
        let org = h.server.zitadel_org_id().to_string();
        s.actions()
            .iter()
            .filter(|a| a.org == org && a.state == ActionState::Active)
            .find(|a| s.events_of(&a.id).iter().any(|e| e.event_type == "action.changed"))
            .map(|a| (a.id.clone(), a.name.clone()))
            .expect("an active action with a change")
    })
}

/// Select the row of `name` in the Actions pane.
async fn select(h: &mut Harness, name: &str) {
    h.keys("1/").await;
    h.keys(&format!("source:zitadel {name}")).await;
    h.key(KeyCode::Enter).await;
    let selected = h.model().actions.list.selected().map(|r| r.name.clone());
    assert_eq!(selected.as_deref(), Some(name), "{}", h.screen());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn toggle_sends_nothing_before_y_then_deactivates_and_reads_the_state_back() {
    let mut h = Harness::start().await;
    let (id, name) = changed_action(&h);
    select(&mut h, &name).await;
    h.server.clear_requests();

    h.keys("t").await;
    let screen = h.screen();
    let org = h.server.zitadel_org_id().to_string();
    assert!(screen.contains(&format!("Deactivate the action {name}")) && screen.contains(&org), "{screen}");
    assert!(h.server.requests().is_empty(), "nothing is sent before the confirmation");
    h.key(KeyCode::Enter).await;
    assert!(h.server.requests().is_empty(), "Enter on the default button cancels");

    h.keys("ty").await;
    let sent = h.requests("POST", "/_deactivate");
    assert_eq!(sent.len(), 1, "{:?}", h.server.requests());
    assert_eq!(sent[0].path, format!("/zitadel/management/v1/actions/{id}/_deactivate"));
    assert_eq!(&sent[0].body[..], b"{}");
    assert_eq!(sent[0].header("authorization"), Some(format!("Bearer {}", h.server.zitadel_token()).as_str()));
    assert_eq!(sent[0].header("content-type"), Some("application/json"));
    // The mutation's answer is not the new state: the action is read again.
    assert!(!h.requests("POST", "/management/v1/actions/_search").is_empty(), "the list is refetched");
    for r in h.server.requests() {
        assert_eq!(r.header("x-zitadel-orgid"), Some(h.server.zitadel_org_id()), "{} {}", r.method, r.path);
    }
    let state = h.server.with_zitadel(|s| s.action(&id).map(|a| a.state));
    assert_eq!(state, Some(ActionState::Inactive));
    let row = h.model().actions.list.selected().cloned().expect("still selected");
    assert_eq!((row.name.as_str(), row.kind.as_str()), (name.as_str(), "inactive"));
    assert!(h.screen().contains(&format!("{name} is now inactive")), "{}", h.screen());

    // Someone reactivated it behind opsy's back; reactivating it again is reported as "already
    // in that state", not as a failure.
    h.server.with_zitadel(|s| s.force_state(&id, ActionState::Active));
    h.keys("ty").await;
    assert_eq!(h.requests("POST", "/_reactivate").len(), 1);
    let screen = h.screen();
    assert!(!screen.contains("Request failed"), "{screen}");
    assert!(screen.contains(&format!("{name} was already active")), "{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_is_reverted_by_putting_the_earlier_payload_back() {
    let mut h = Harness::start().await;
    let (id, name) = changed_action(&h);
    // The name and script the last change replaced: the newest of each before it.
    let (old_name, before) = h.server.with_zitadel(|s| {
        let events = s.events_of(&id);
        let last_change = events.iter().rposition(|e| e.event_type == "action.changed").expect("a change");
        let newest = |field: &str| {
            events[..last_change]
                .iter()
                .rev()
                .find_map(|e| e.payload.as_ref()?.get(field)?.as_str().map(str::to_string))
                .unwrap_or_else(|| panic!("an earlier {field}"))
        };
        (newest("name"), newest("script"))
    });
    select(&mut h, &name).await;
    h.keys("a").await;
    assert_eq!(h.model().pane, Pane::Audits);
    let audits = h.model().audits.action.as_ref().expect("the action's audits");
    let newest = audits.list.selected().cloned().expect("newest change selected");
    assert!(newest.no_revert.is_none(), "the newest event is a change: {newest:?}");
    h.server.clear_requests();

    h.keys("R").await;
    let screen = h.screen();
    assert!(
        screen.contains("Roll back") && screen.contains(&format!("+ name: {name}")),
        "the diff it undoes: {screen}"
    );
    assert!(h.requests("PUT", "/actions/").is_empty(), "nothing is sent before the confirmation");
    h.keys("y").await;

    let sent = h.requests("PUT", &format!("/management/v1/actions/{id}"));
    assert_eq!(sent.len(), 1, "{:?}", h.server.requests());
    let body: serde_json::Value = serde_json::from_slice(&sent[0].body).expect("a JSON body");
    assert_eq!(body["name"], old_name.as_str());
    assert_eq!(body["script"], before.as_str());
    assert!(body["timeout"].as_str().is_some_and(|t| t.ends_with('s')), "a protojson duration: {body}");
    assert_eq!(sent[0].header("x-zitadel-orgid"), Some(h.server.zitadel_org_id()));
    let now = h.server.with_zitadel(|s| s.action(&id).map(|a| (a.name.clone(), a.script.clone())));
    assert_eq!(now, Some((old_name, before)), "the server holds the earlier name and script again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_that_cannot_read_events_gets_no_revert_key_and_is_told_why() {
    let mut h = Harness::with_bearer(ServerKind::Zitadel, DemoServer::zitadel_org_token).await;
    let (_, name) = changed_action(&h);
    select(&mut h, &name).await;
    let screen = h.screen();
    assert!(!screen.contains("a audits"), "the key is hidden: {screen}");
    h.keys("a").await;
    let screen = h.screen();
    assert!(screen.contains("no history for ZITADEL actions"), "pressing it says why: {screen}");
    h.keys("3").await;
    let screen = h.screen();
    assert!(screen.contains("ZITADEL") && screen.contains("events"), "the Audits pane says why: {screen}");
    assert!(h.requests("PUT", "/actions/").is_empty());
}
