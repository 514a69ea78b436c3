//! `:profile NAME` against two demo servers: after the switch no request reaches the old
//! profile's servers, the new ones are polled, a profile that cannot be used leaves the old
//! one running, and the new profile's `read_only` takes the changing keys away.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use opsy_demo::{DemoOptions, DemoServer};

use super::harness::Harness;
use crate::app::keymap::{Keymap, Overrides};
use crate::app::msg::Msg;
use crate::app::panes::Pane;
use crate::backends;
use crate::config::ServerKind;
use crate::runtime::Backends;
use crate::runtime::profile::Switched;

/// Profiles `b` and `b-ro` (read-only) on `other`; any other name fails as a missing token.
fn profiles_on(other: &DemoServer) -> crate::runtime::profile::Loader {
    let conns: Vec<_> = ServerKind::ALL.into_iter().filter_map(|k| backends::demo(k, other).map(|c| (k, c))).collect();
    std::sync::Arc::new(move |name| {
        if name != "b" && name != "b-ro" {
            return Err("$B_TOKEN is not set (the Waldur token comes from it)".into());
        }
        let mut all = Backends::default();
        for (kind, conn) in &conns {
            all.add(backends::connect(*kind, all.next_id(), conn).map_err(|e| e.to_string())?);
        }
        let keymap = Keymap::new(&Overrides::new(), name == "b-ro")?;
        Ok(Switched { name: name.to_string(), backends: all, keymap })
    })
}

async fn command(h: &mut Harness, line: &str) {
    h.key(KeyCode::Char(':')).await;
    h.keys(line).await;
    h.key(KeyCode::Enter).await;
}

fn status(h: &Harness) -> String {
    h.model().status.as_ref().map(|s| s.text.clone()).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_profile_switch_only_the_new_profiles_servers_are_asked() {
    let mut h = Harness::start().await;
    let other = DemoServer::start(DemoOptions { size: 30, ..Default::default() }, 0).await.expect("second demo");
    h.engine.set_profiles(profiles_on(&other));
    h.engine.model.settings.profiles = vec!["a".into(), "b".into(), "b-ro".into()];
    h.keys("4").await;
    let old_total = h.model().user_actions.list.len();

    // A refresh of the old profile is asked in the same breath as the switch: whatever it
    // sends before being aborted, its answer must never be applied.
    let tx = h.engine.sender();
    let press = |c: KeyCode| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    tx.send(press(KeyCode::Char('r'))).expect("send");
    tx.send(press(KeyCode::Char(':'))).expect("send");
    for c in "profile b".chars() {
        tx.send(press(KeyCode::Char(c))).expect("send");
    }
    tx.send(press(KeyCode::Enter)).expect("send");
    h.settle().await;

    assert_eq!(h.model().settings.profile, "b");
    let port = format!(":{}", other.addr().port());
    assert!(h.model().sources.iter().all(|s| s.server.ends_with(&port)), "{:?}", h.model().sources);
    assert!(h.screen().lines().next().unwrap_or_default().contains("opsy · b"), "the chrome names the profile");
    assert!(status(&h).starts_with("profile b: "), "{}", status(&h));
    assert_eq!(h.model().pane, Pane::UserActions, "the pane stays when the new profile fills it");
    // A round trip to the new servers, so that anything the old profile had on the wire has
    // landed before the old server's record is cleared.
    h.key(KeyCode::Char('r')).await;
    h.server.clear_requests();
    other.clear_requests();

    for pane in ["1", "2", "3", "4"] {
        h.keys(pane).await;
        h.key(KeyCode::Char('r')).await;
    }
    assert_eq!(h.server.requests(), vec![], "no request to the old profile's servers after the switch");
    let new = other.requests();
    for path in ["/api/user-actions/", "/cdsapi/"] {
        assert!(new.iter().any(|r| r.method == "GET" && r.path.starts_with(path)), "{path} polled: {new:?}");
    }
    let new_total = h.model().user_actions.list.len();
    assert_ne!(new_total, old_total, "the new profile's rows, not the old ones");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_that_cannot_be_used_leaves_the_old_one_running() {
    let mut h = Harness::start().await;
    let other = DemoServer::start(DemoOptions { size: 30, ..Default::default() }, 0).await.expect("second demo");
    h.engine.set_profiles(profiles_on(&other));
    command(&mut h, "profile broken").await;
    assert_eq!(h.model().settings.profile, "harness");
    let said = status(&h);
    assert!(said.contains("profile broken: $B_TOKEN is not set") && said.contains("still on harness"), "{said}");
    h.server.clear_requests();
    h.key(KeyCode::Char('r')).await;
    assert!(!h.server.requests().is_empty(), "the old profile still polls");
    assert_eq!(other.requests(), vec![], "nothing was sent to the refused profile's servers");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_profile_takes_the_changing_keys_away_after_the_switch() {
    let mut h = Harness::start().await;
    let other = DemoServer::start(DemoOptions { size: 30, ..Default::default() }, 0).await.expect("second demo");
    h.engine.set_profiles(profiles_on(&other));
    assert!(!h.model().read_only());
    command(&mut h, "profile b-ro").await;
    assert!(h.model().read_only());
    assert!(h.screen().lines().next().unwrap_or_default().contains("READ-ONLY"), "{}", h.screen());
    h.keys("4").await;
    other.clear_requests();
    h.keys("s").await;
    assert!(status(&h).starts_with("read-only:"), "{}", status(&h));
    assert!(h.model().dialog.is_none(), "no silence dialog");
    assert!(other.requests().iter().all(|r| r.method == "GET"), "{:?}", other.requests());
}
