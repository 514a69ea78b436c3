//! The whole app (model, update, runtime engine, API clients) driven by synthetic keys against
//! the embedded demo server, with both dialects. Each step waits for the engine's idle signal
//! (nothing queued, nothing in flight, no refresh pending), never for a fixed time. Assertions
//! read the screen, the model, the demo server's state and the exact requests it received.

use std::time::Duration;

use crate::app::keymap::Keymap;
use crate::app::model::{Model, Settings};
use crate::app::msg::Msg;
use crate::app::panes::Pane;
use crate::app::update::update;
use crate::backends;
use crate::config::ServerKind;
use crate::runtime::{Backends, Engine};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use opsy_demo::{DemoOptions, DemoServer, RecordedRequest};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SETTLE: Duration = Duration::from_secs(20);

pub(super) struct Harness {
    pub(super) server: DemoServer,
    pub(super) engine: Engine,
    terminal: Terminal<TestBackend>,
}

impl Harness {
    pub(super) async fn start() -> Self {
        Self::start_with(|_, _, _| {}).await
    }

    /// Like [`Self::start`], with `kind` given another bearer token of the demo.
    pub(super) async fn with_bearer(kind: ServerKind, token: fn(&DemoServer) -> &str) -> Self {
        Self::start_with(move |k, conn, server| {
            if k == kind {
                conn.options.auth =
                    crate::backends::http::Auth::Bearer(crate::domain::secret::Secret::new(token(server)));
            }
        })
        .await
    }

    /// Like [`Self::start`], after `tune` has changed each source's connection (another token,
    /// no organisation…).
    pub(super) async fn start_with(tune: impl Fn(ServerKind, &mut backends::Connection, &DemoServer)) -> Self {
        let server = DemoServer::start(DemoOptions { size: 60, ..Default::default() }, 0).await.expect("demo server");
        let mut all = Backends::default();
        for kind in ServerKind::ALL {
            let Some(mut conn) = backends::demo(kind, &server) else { continue };
            tune(kind, &mut conn, &server);
            all.add(backends::connect(kind, all.next_id(), &conn).expect("the demo source connects"));
        }
        let settings = Settings {
            profile: "harness".into(),
            // Only the first fetches and the refreshes the app asks for: no timer polls.
            interval: Duration::from_secs(3600),
            hidden_interval: Duration::from_secs(3600),
            ..Settings::default()
        };
        let mut model = Model::new(settings, all.sources(), Keymap::default(), jiff::Timestamp::now());
        update(&mut model, Msg::Resize { width: 160, height: 48 });
        let engine = Engine::new(model, all);
        let mut h = Self { server, engine, terminal: Terminal::new(TestBackend::new(160, 48)).expect("terminal") };
        h.settle().await;
        h
    }

    /// Run the engine until it is idle.
    pub(super) async fn settle(&mut self) {
        let deadline = tokio::time::Instant::now() + SETTLE;
        while !self.engine.is_idle() {
            let step = tokio::time::timeout_at(deadline, self.engine.step()).await;
            assert!(step.is_ok(), "the app did not settle; screen:\n{}", self.screen());
        }
    }

    pub(super) async fn key(&mut self, code: KeyCode) {
        self.engine.sender().send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))).expect("send key");
        self.settle().await;
    }

    pub(super) async fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c)).await;
        }
    }

    pub(super) fn screen(&mut self) -> String {
        let model = &self.engine.model;
        let frame = self.terminal.draw(|f| crate::ui::view(model, f)).expect("draw");
        let b = frame.buffer;
        (0..b.area.height)
            .map(|y| (0..b.area.width).map(|x| b[(x, y)].symbol()).collect::<String>().trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub(super) fn requests(&self, method: &str, path_contains: &str) -> Vec<RecordedRequest> {
        self.server.requests().into_iter().filter(|r| r.method == method && r.path.contains(path_contains)).collect()
    }

    /// Run the engine until `done` holds, for a step that must not wait for idle (an editor
    /// that is still open).
    pub(super) async fn step_until(&mut self, done: impl Fn(&Model) -> bool) {
        let deadline = tokio::time::Instant::now() + SETTLE;
        while !done(&self.engine.model) {
            let step = tokio::time::timeout_at(deadline, self.engine.step()).await;
            assert!(step.is_ok(), "the condition never held; screen:\n{}", self.screen());
        }
    }

    /// Press a key and return without waiting for the app to be idle.
    pub(super) fn press(&mut self, code: KeyCode) {
        self.engine.sender().send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))).expect("send key");
    }

    pub(super) fn model(&self) -> &Model {
        &self.engine.model
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silence_from_the_keyboard_reaches_the_server_and_the_row_leaves_the_list() {
    let mut h = Harness::start().await;
    h.keys("4").await;
    assert_eq!(h.model().pane, Pane::UserActions);
    let row = h.model().user_actions.selected().cloned().expect("a selected row");
    h.server.clear_requests();
    h.keys("s7").await;
    h.key(KeyCode::Enter).await;

    let sent = h.requests("POST", "/silence/");
    assert_eq!(sent.len(), 1, "exactly one request");
    assert_eq!(sent[0].path, format!("/api/user-actions/{}/silence/", row.uuid.simple()));
    assert_eq!(sent[0].query.as_deref(), Some("include_silenced=true"));
    assert_eq!(sent[0].header("authorization"), Some(format!("Token {}", h.server.waldur_token()).as_str()));
    assert_eq!(sent[0].header("content-type"), Some("application/json"));
    assert_eq!(&sent[0].body[..], br#"{"duration_days":7}"#);

    let until =
        h.server.with_waldur(|s| s.row(row.uuid).and_then(|r| r.silenced_until)).expect("silenced on the server");
    assert!(until > jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * 6));
    assert!(
        !h.model().user_actions.list.rows().iter().any(|r| r.uuid == row.uuid),
        "the refresh dropped the silenced row"
    );
    let screen = h.screen();
    assert!(screen.contains("for 7 days"), "{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn execute_loads_live_actions_confirms_and_shows_the_servers_message() {
    let mut h = Harness::start().await;
    h.keys("4").await;
    h.keys("/").await;
    h.keys("type:pending_order").await;
    h.key(KeyCode::Enter).await;
    let row = h.model().user_actions.selected().cloned().expect("an order");
    h.keys("x").await;
    let screen = h.screen();
    assert!(screen.contains("Execute a corrective action") && screen.contains("Approve Order"), "{screen}");
    let picked = h.model().dialog.as_ref().map(|d| match &d.kind {
        crate::app::dialog::Kind::Picker(p) => p.items.iter().position(|i| i.label == "Approve Order"),
        _ => None,
    });
    let index = picked.flatten().expect("Approve Order offered");
    h.keys(&(index + 1).to_string()).await;
    assert!(h.screen().contains("The server asks for confirmation"), "confirmation first");
    assert!(h.requests("POST", "/execute_action/").is_empty(), "nothing sent before y");
    h.keys("y").await;

    let sent = h.requests("POST", "/execute_action/");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].path, format!("/api/user-actions/{}/execute_action/", row.uuid.simple()));
    assert_eq!(&sent[0].body[..], br#"{"action_label":"Approve Order"}"#);
    let screen = h.screen();
    assert!(screen.contains("Order approval initiated"), "{screen}");
    let recorded =
        h.server.with_waldur(|s| s.executions().iter().any(|e| e.corrective_action_label == "Approve Order"));
    assert!(recorded, "the server recorded the execution");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_silence_by_a_facet_sends_the_server_query_after_the_typed_count() {
    let mut h = Harness::start().await;
    h.keys("4/urgency:medium").await;
    h.key(KeyCode::Enter).await;
    let count = h.model().user_actions.list.len();
    assert!(count > 0, "some medium rows");
    h.keys("S").await;
    h.key(KeyCode::Enter).await;
    h.keys(&(count + 1).to_string()).await;
    h.key(KeyCode::Enter).await;
    assert!(h.requests("POST", "bulk_silence").is_empty(), "a wrong count sends nothing");
    for _ in 0..(count + 1).to_string().len() {
        h.key(KeyCode::Backspace).await;
    }
    h.keys(&count.to_string()).await;
    h.key(KeyCode::Enter).await;

    let sent = h.requests("POST", "bulk_silence");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].query.as_deref(), Some("urgency=medium"));
    assert_eq!(&sent[0].body[..], b"{}", "permanent: an empty object, never null");
    assert!(h.model().user_actions.list.is_empty(), "every medium row is gone after the refresh");
    assert!(h.screen().contains(&format!("silenced {count} user action")), "{}", h.screen());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rollback_restores_the_action_and_records_a_new_audit() {
    let mut h = Harness::start().await;
    // An action of a group the demo operator administers, with an update to roll back.
    let (name, audits_before) = h.server.with_cds(|s| {
        let platform = s.group("platform").map(|g| g.id).expect("platform");
        s.actions()
            .iter()
            .filter(|a| a.group == Some(platform))
            .map(|a| (a.name.clone(), s.audits_of(a.id).len()))
            .find(|(_, n)| *n >= 2)
            .expect("a platform action with an update")
    });
    h.keys("1/").await;
    h.keys(&format!("platform/{name}")).await;
    h.key(KeyCode::Enter).await;
    h.keys("a").await;
    assert_eq!(h.model().pane, Pane::Audits);
    let audit =
        h.model().audits.action.as_ref().and_then(|a| a.list.selected()).cloned().expect("newest audit selected");
    assert!(audit.no_revert.is_none(), "the newest row is an update");
    h.server.clear_requests();
    h.keys("R").await;
    assert!(h.screen().contains("BEFORE this change"), "{}", h.screen());
    h.keys("y").await;

    let sent = h.requests("POST", "/rollback");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].path, format!("/cdsapi/action/platform/{name}/audit/{}/rollback", audit.id));
    assert_eq!(sent[0].header("session-token"), Some(h.server.cds_token()));
    assert_eq!(sent[0].header("x-requested-with"), Some("X-CDS-SDK"));
    assert!(sent[0].body.is_empty(), "the server reads no body");
    let audits_after = h.model().audits.action.as_ref().map(|a| a.list.rows().len()).unwrap_or_default();
    assert_eq!(audits_after, audits_before + 1, "the refreshed audit list has the rollback's row");
    assert!(h.screen().contains("rolled back"), "{}", h.screen());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adding_a_member_sends_a_json_array_and_shows_them_in_the_group() {
    let mut h = Harness::start().await;
    h.keys("2/platform").await;
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Enter).await;
    let newcomer = h.server.with_cds(|s| {
        let platform = s.group("platform").expect("platform").clone();
        s.users().iter().find(|u| !platform.is_member(u.id)).map(|u| u.username.clone()).expect("a non-member")
    });
    h.server.clear_requests();
    h.keys("a").await;
    h.keys(&newcomer).await;
    h.key(KeyCode::Enter).await;

    let sent = h.requests("POST", "/group/platform/user");
    assert_eq!(sent.len(), 1);
    assert_eq!(String::from_utf8_lossy(&sent[0].body), format!("[\"{newcomer}\"]"));
    assert!(h.screen().contains(&newcomer), "the refreshed group shows {newcomer}:\n{}", h.screen());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_server_marks_the_data_stale_and_keeps_it() {
    let mut h = Harness::start().await;
    h.keys("4").await;
    let rows = h.model().user_actions.list.rows().len();
    h.server.inject(opsy_demo::Fault::DropConnection { path_contains: "user-actions".into(), times: 10 });
    h.keys("r").await;
    assert_eq!(h.model().user_actions.list.rows().len(), rows, "stale data kept");
    let screen = h.screen();
    assert!(screen.contains("STALE"), "{screen}");
    assert!(screen.contains("dropped"), "the error is shown: {screen}");
}

impl Harness {
    /// The terminal changes size, as when the operator resizes the window.
    pub(super) async fn resize(&mut self, width: u16, height: u16) {
        self.terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        self.engine.sender().send(Msg::Resize { width, height }).expect("send resize");
        self.settle().await;
    }

    /// The text of the highlighted (reversed) line of the screen.
    pub(super) fn highlighted(&mut self) -> Option<String> {
        let model = &self.engine.model;
        let frame = self.terminal.draw(|f| crate::ui::view(model, f)).expect("draw");
        let b = frame.buffer;
        (0..b.area.height).find_map(|y| {
            b[(0, y)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
                .then(|| (0..b.area.width).map(|x| b[(x, y)].symbol()).collect::<String>().trim_end().to_string())
        })
    }
}

/// Reproduces the defect of issue 7: after `G` at 120×50 and a shrink to 120×12, `y` copied a
/// row that was no longer on screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_shrink_the_highlighted_row_is_on_screen_and_is_the_one_y_copies() {
    let mut h = Harness::start().await;
    h.resize(120, 50).await;
    h.keys("1G").await;
    h.resize(120, 12).await;
    let line = h.highlighted().expect("a highlighted row is on screen after the shrink");
    h.keys("y").await;
    let copied = h.engine.copied.last().cloned().expect("y copied something");
    assert!(line.contains(copied.as_str()), "highlighted {line:?}, copied {copied:?}");
    let status = h.model().status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains(copied.as_str()), "{status}");
    // And back: growing keeps the same row highlighted.
    h.resize(120, 50).await;
    assert!(h.highlighted().is_some_and(|l| l.contains(copied.as_str())));
}
