//! Operations on marked rows, driven by keys against the demo server: one request per marked
//! row, none to the others, none before the confirmation; undo takes back exactly what the
//! silence changed.

use std::collections::BTreeSet;

use crossterm::event::KeyCode;

use super::harness::Harness;

fn uuids_in(paths: &[opsy_demo::RecordedRequest], verb: &str) -> BTreeSet<String> {
    paths
        .iter()
        .filter_map(|r| r.path.strip_prefix("/api/user-actions/")?.strip_suffix(verb).map(str::to_string))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marked_rows_are_silenced_one_request_each_after_the_confirmation_and_z_takes_it_back() {
    let mut h = Harness::start().await;
    h.keys("4").await;
    h.keys("j").await;
    h.keys("   ").await;
    let marked: BTreeSet<String> =
        h.model().user_actions.list.marked().iter().map(|r| r.uuid.simple().to_string()).collect();
    assert_eq!(marked.len(), 3);
    assert!(h.screen().contains("3 marked"), "the ruler counts them:\n{}", h.screen());
    h.server.clear_requests();
    h.keys("s").await;
    h.key(KeyCode::Enter).await;
    assert!(h.requests("POST", "/silence/").is_empty(), "nothing before the confirmation");
    h.keys("y").await;

    let sent = h.requests("POST", "/silence/");
    assert_eq!(sent.len(), 3, "one per marked row");
    assert_eq!(uuids_in(&sent, "/silence/"), marked, "exactly the marked rows");
    assert!(sent.iter().all(|r| &r.body[..] == b"{}"), "permanent: an empty object");
    assert!(h.screen().contains("silenced 3 of 3 — z undo"), "{}", h.screen());
    let shown: BTreeSet<String> =
        h.model().user_actions.list.rows().iter().map(|r| r.uuid.simple().to_string()).collect();
    assert!(marked.is_disjoint(&shown), "the refresh hid them");

    h.server.clear_requests();
    h.keys("z").await;
    let sent = h.requests("POST", "/unsilence/");
    assert_eq!(uuids_in(&sent, "/unsilence/"), marked, "undo unsilences exactly those");
    assert_eq!(sent.len(), 3);
    assert!(h.requests("POST", "/silence/").is_empty());
    let back: BTreeSet<String> =
        h.model().user_actions.list.rows().iter().map(|r| r.uuid.simple().to_string()).collect();
    assert!(marked.is_subset(&back), "they are back in the list");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_corrective_action_executes_on_each_marked_row() {
    let mut h = Harness::start().await;
    h.keys("4/type:pending_order").await;
    h.key(KeyCode::Enter).await;
    h.keys("  ").await;
    let marked: BTreeSet<String> =
        h.model().user_actions.list.marked().iter().map(|r| r.uuid.simple().to_string()).collect();
    h.server.clear_requests();
    h.keys("x").await;
    let screen = h.screen();
    assert!(screen.contains("Execute on marked") && screen.contains("Approve Order"), "{screen}");
    h.key(KeyCode::Enter).await;
    assert!(h.requests("POST", "/execute_action/").is_empty(), "picked, not confirmed yet");
    h.keys("y").await;
    let sent = h.requests("POST", "/execute_action/");
    assert_eq!(uuids_in(&sent, "/execute_action/"), marked);
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|r| &r.body[..] == br#"{"action_label":"Approve Order"}"#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marked_members_are_removed_one_request_each() {
    let mut h = Harness::start().await;
    h.keys("2/platform").await;
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Enter).await;
    h.keys("G k").await;
    h.keys(" ").await;
    let v = h.model().groups.open.as_ref().expect("the group is open");
    let marked: Vec<String> = v.members.marked().iter().map(|r| r.id.to_string()).collect();
    let all = v.members.rows().len();
    assert_eq!(marked.len(), 2, "the last two members");
    h.server.clear_requests();
    h.keys("D").await;
    assert!(h.screen().contains("Remove 2 members"), "{}", h.screen());
    assert!(h.requests("DELETE", "/group/").is_empty(), "nothing before the confirmation");
    h.keys("y").await;

    let sent = h.requests("DELETE", "/group/platform/user/");
    let removed: Vec<String> = sent.iter().filter_map(|r| r.path.rsplit('/').next().map(str::to_string)).collect();
    assert_eq!(removed, marked, "one request per marked member, in the order shown");
    let left = h.model().groups.open.as_ref().map(|v| v.members.rows().len());
    assert_eq!(left, Some(all - 2), "the refreshed group no longer lists them");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn o_orders_the_demos_user_actions_and_a_refresh_keeps_the_order() {
    let mut h = Harness::start().await;
    h.keys("4").await;
    let due = |h: &Harness| -> Vec<i64> {
        h.model().user_actions.list.shown().map(|r| r.due().map_or(i64::MAX, |t| t.as_second())).collect()
    };
    h.keys("o").await;
    let order = due(&h);
    assert!(order.len() > 10 && order.windows(2).all(|w| w[0] <= w[1]), "soonest due first: {order:?}");
    assert!(h.screen().contains("by due date"), "the ruler names the order:\n{}", h.screen());
    h.keys("r").await;
    assert!(due(&h).windows(2).all(|w| w[0] <= w[1]), "the refreshed rows come in the same order");
    let prepared = h.model().user_actions.loaded.as_ref().map(|q| q.order);
    assert_eq!(prepared, Some(crate::backends::waldur::model::Order::Due), "ordered by the poller, off the key path");
    h.keys("o").await;
    let created: Vec<i64> =
        h.model().user_actions.list.shown().map(|r| r.created().map_or(i64::MIN, |t| t.as_second())).collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest first");
    h.keys("ooo").await;
    let urgency: Vec<u8> = h
        .model()
        .user_actions
        .list
        .shown()
        .map(|r| match r.urgency {
            crate::backends::waldur::model::Urgency::High => 0,
            crate::backends::waldur::model::Urgency::Medium => 1,
            _ => 2,
        })
        .collect();
    assert!(urgency.windows(2).all(|w| w[0] <= w[1]), "back to severity");
}
