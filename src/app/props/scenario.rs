//! Random sessions. A step is abstract ("answer the 2nd feed with the rows remixed", "answer
//! the oldest request with an error") and is resolved against the model when it runs, so that
//! every step means something whatever came before it, and shrinking keeps that meaning.

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use uuid::Uuid;

use crate::app::document::Document;
use crate::app::keymap::{BINDINGS, Command, KeySpec, Keymap, Overrides};
use crate::app::model::Model;
use crate::app::msg::{About, AddMembersReport, EachReport, Feed, Msg, Payload, Reply};
use crate::app::panes::actions::ActionRow;
use crate::app::panes::audits::AuditRow;
use crate::app::panes::groups::{GroupDetail, GroupRow, MemberRow, Tab, TokenRow};
use crate::app::panes::user_actions::UserActionsOp;
use crate::app::panes::{Pane, PaneOp};
use crate::app::source::Key;
use crate::app::testing::*;
use crate::backends::waldur::model::{
    BulkSilenceResponse, ExecuteResponse, Execution, SilenceResponse, UpdateActionsResponse, UserActionRow,
};
use crate::backends::{cds, heimdall, zitadel};
use crate::domain::error::{ApiError, StatusError};
use crate::domain::secret::Secret;

/// Where a session starts: every pane with every backend's fixtures.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Start {
    UserActions,
    Cds,
    Mixed,
    Groups,
    GroupOpen,
    HeimdallGroups,
    HeimdallGroupOpen,
    Audits,
}

impl Start {
    const ALL: [Start; 8] = [
        Start::UserActions,
        Start::Cds,
        Start::Mixed,
        Start::Groups,
        Start::GroupOpen,
        Start::HeimdallGroups,
        Start::HeimdallGroupOpen,
        Start::Audits,
    ];

    pub(crate) fn model(self, read_only: bool) -> Model {
        let mut m = match self {
            Start::UserActions => loaded_model(),
            Start::Cds => cds_loaded(),
            Start::Mixed => mixed_loaded(),
            Start::Groups => groups_loaded(),
            Start::GroupOpen => group_open(),
            Start::HeimdallGroups => heimdall_groups_loaded(),
            Start::HeimdallGroupOpen => heimdall_group_open(),
            Start::Audits => {
                let mut m = mixed_loaded();
                fetched(&mut m, standard_rows());
                m.pane = Pane::Audits;
                m
            }
        };
        if read_only {
            m.keymap = Arc::new(Keymap::new(&Overrides::new(), true).expect("the default keymap is valid"));
        }
        m
    }
}

/// How a poll answer differs from the fixture rows.
#[derive(Debug, Clone)]
pub(crate) struct Remix {
    /// Which fixture rows stay (bit `i % 64` for row `i`).
    keep: u64,
    /// New rows, each a copy of a fixture row under a new key.
    extra: u8,
    /// The order they arrive in.
    shuffle: u64,
    /// A row whose shown fields change.
    touch: Option<u8>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Fail {
    Connect,
    Timeout,
    Dropped,
    Status(u16),
    Refused(u16),
    NotJson,
    Decode,
    TooLarge,
    Local,
}

#[derive(Debug, Clone)]
pub(crate) enum Answer {
    Rows(Remix),
    Fail(Fail),
}

#[derive(Debug, Clone)]
pub(crate) enum Step {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Tick(u16),
    Spin,
    Started(u8),
    /// Answer one of the feeds the model knows (by index), or a feed nobody asked for.
    Fetch(u8, Answer),
    /// Answer a pending request (by index), with a reply of some kind or an error.
    Done(u8, Result<u8, Fail>),
    /// A directory listing for the path being typed.
    Listed(bool),
    /// Answer a pending live load of a user action with its detail (the picker then opens).
    Live,
    /// Paste what the open typed confirmation asks for (a group's name, a count).
    PasteWanted,
}

fn fail() -> impl Strategy<Value = Fail> {
    let status = proptest::sample::select(vec![400u16, 401, 403, 404, 409, 410, 422, 429, 500, 502, 503]);
    prop_oneof![
        Just(Fail::Connect),
        Just(Fail::Timeout),
        Just(Fail::Dropped),
        status.clone().prop_map(Fail::Status),
        status.prop_map(Fail::Refused),
        Just(Fail::NotJson),
        Just(Fail::Decode),
        Just(Fail::TooLarge),
        Just(Fail::Local),
    ]
}

fn remix() -> impl Strategy<Value = Remix> {
    // Most answers keep most rows: a poll rarely changes everything.
    let keep = prop_oneof![3 => Just(u64::MAX), 2 => any::<u64>(), 1 => Just(0u64)];
    (keep, 0u8..4, any::<u64>(), proptest::option::of(any::<u8>())).prop_map(|(keep, extra, shuffle, touch)| Remix {
        keep,
        extra,
        shuffle,
        touch,
    })
}

pub(crate) fn step() -> impl Strategy<Value = Step> {
    let size = prop_oneof![
        3 => (1u16..=300, 1u16..=100),
        1 => proptest::sample::select(vec![(1u16, 1u16), (2, 2), (80, 6), (80, 7), (20, 24), (300, 100), (40, 3)]),
    ];
    let answer = prop_oneof![3 => remix().prop_map(Answer::Rows), 1 => fail().prop_map(Answer::Fail)];
    prop_oneof![
        20 => crate::props::key_event().prop_map(Step::Key),
        1 => crate::props::nasty_string(16).prop_map(Step::Paste),
        2 => size.prop_map(|(w, h)| Step::Resize(w, h)),
        2 => any::<u16>().prop_map(Step::Tick),
        1 => Just(Step::Spin),
        1 => any::<u8>().prop_map(Step::Started),
        4 => (any::<u8>(), answer).prop_map(|(i, a)| Step::Fetch(i, a)),
        3 => (any::<u8>(), prop_oneof![2 => any::<u8>().prop_map(Ok), 1 => fail().prop_map(Err)])
            .prop_map(|(i, r)| Step::Done(i, r)),
        1 => any::<bool>().prop_map(Step::Listed),
    ]
}

pub(crate) fn start() -> impl Strategy<Value = Start> {
    proptest::sample::select(Start::ALL.to_vec())
}

/// A session: single steps, and now and then a command that opens a dialog followed by an
/// answer to it (random keys alone would rarely get a confirmation through).
pub(crate) fn session(len: usize) -> impl Strategy<Value = Vec<Step>> {
    let chunk = prop_oneof![6 => step().prop_map(|s| vec![s]), 1 => dialog_round()];
    proptest::collection::vec(chunk, 1..len).prop_map(|chunks| chunks.into_iter().flatten().collect())
}

/// A command that asks something, then an answer: confirm, cancel, tab and enter, or a few
/// typed characters and enter (a path, days, a count, a name).
fn dialog_round() -> impl Strategy<Value = Vec<Step>> {
    let press = |c: KeyCode| {
        KeyEvent::new(
            c,
            if matches!(c, KeyCode::Char(x) if x.is_uppercase()) { KeyModifiers::SHIFT } else { KeyModifiers::NONE },
        )
    };
    let commands: Vec<KeyEvent> = BINDINGS
        .iter()
        .filter(|b| b.dangerous || matches!(b.command, Command::ActionExport | Command::Open))
        .filter_map(|b| b.keys.first())
        .filter_map(|k| KeySpec::parse(k).ok())
        .map(|k| press(k.code))
        .collect();
    let keys = |ks: Vec<KeyEvent>| ks.into_iter().map(Step::Key).collect::<Vec<_>>();
    let answer = prop_oneof![
        Just(keys(vec![press(KeyCode::Char('y'))])),
        Just(keys(vec![press(KeyCode::Enter)])),
        Just(keys(vec![press(KeyCode::Tab), press(KeyCode::Enter)])),
        Just(keys(vec![press(KeyCode::Char('n'))])),
        Just(keys(vec![press(KeyCode::Esc)])),
        // What a typed confirmation asks for, then the confirm button.
        Just(vec![Step::PasteWanted, Step::Key(press(KeyCode::Tab)), Step::Key(press(KeyCode::Enter))]),
        Just(vec![Step::PasteWanted, Step::Key(press(KeyCode::Enter))]),
        proptest::collection::vec(proptest::sample::select(&b"1237abcz/.~"[..]), 0..4).prop_map(move |cs| {
            keys(cs.into_iter().map(|c| press(KeyCode::Char(char::from(c)))).chain([press(KeyCode::Enter)]).collect())
        }),
    ];
    let answers = proptest::collection::vec(answer, 1..4);
    (proptest::sample::select(commands), any::<bool>(), answers).prop_map(|(cmd, live, answers)| {
        let mut steps = vec![Step::Key(cmd)];
        if live {
            steps.push(Step::Live);
        }
        steps.extend(answers.into_iter().flatten());
        steps
    })
}

/// The message a step means for this model now.
pub(crate) fn resolve(step: &Step, m: &Model) -> Msg {
    match step {
        Step::Key(k) => Msg::Key(*k),
        Step::Paste(s) => Msg::Paste(s.clone()),
        Step::Resize(w, h) => Msg::Resize { width: *w, height: *h },
        Step::Tick(s) => Msg::Clock(m.now + Duration::from_secs(u64::from(*s % 600))),
        Step::Spin => Msg::Spin,
        Step::Started(i) => Msg::FetchStarted(pick(&feeds(m), *i)),
        Step::Fetch(i, answer) => {
            let feed = pick(&feeds(m), *i);
            let result = match answer {
                Answer::Rows(r) => Ok(payload(&feed, r)),
                Answer::Fail(f) => Err(error(*f)),
            };
            let next = result.is_err().then(|| m.now + Duration::from_secs(30));
            Msg::Fetched { feed, at: m.now, result, next }
        }
        Step::Done(i, answer) => {
            let ops: Vec<_> = m.ops.keys().copied().collect();
            // No request pending: an answer nobody waits for, which must be dropped.
            let op = if ops.is_empty() { u64::MAX } else { ops[usize::from(*i) % ops.len()] };
            let result = match answer {
                Ok(r) => Ok(reply(*r)),
                Err(f) => Err(error(*f)),
            };
            Msg::Done { op, result }
        }
        Step::Live => {
            let load = m.ops.iter().find_map(|(op, p)| match &p.op {
                PaneOp::UserActions(UserActionsOp::Load { target, .. }) => Some((*op, target.uuid)),
                _ => None,
            });
            match load {
                // The fixtures' uuids are their row numbers: the detail of that row.
                Some((op, uuid)) => {
                    let detail = full(u32::try_from(uuid.as_u128() & 0xffff_ffff).unwrap_or(1));
                    Msg::Done { op, result: Ok(Reply::UserAction(Box::new(detail))) }
                }
                None => Msg::Spin,
            }
        }
        Step::PasteWanted => {
            let wanted = match m.dialog.as_ref().map(|d| &d.kind) {
                Some(crate::app::dialog::Kind::Confirm(c)) => c.typed.as_ref().map(|t| t.expected.clone()),
                _ => None,
            };
            Msg::Paste(wanted.unwrap_or_default())
        }
        Step::Listed(ok) => {
            let typed = match m.dialog.as_ref().map(|d| &d.kind) {
                Some(crate::app::dialog::Kind::Prompt(p)) => p.input.text(),
                _ => String::new(),
            };
            let entries = if *ok {
                Ok(vec![
                    crate::app::paths::Entry { name: "build.yml".into(), is_dir: false },
                    crate::app::paths::Entry { name: "sub".into(), is_dir: true },
                ])
            } else {
                Err("permission denied".into())
            };
            Msg::Listed { typed, entries }
        }
    }
}

fn pick(feeds: &[Feed], i: u8) -> Feed {
    feeds[usize::from(i) % feeds.len()].clone()
}

/// Every feed some pane wants now, plus feeds no view wants any more (a late answer).
fn feeds(m: &Model) -> Vec<Feed> {
    let mut out: Vec<Feed> = m.subscriptions().into_iter().map(|s| s.feed).collect();
    for pane in Pane::ALL {
        out.extend(pane.unit().feeds(m));
        out.extend(pane.unit().refresh(m));
    }
    for s in m.sources.iter() {
        out.push(Feed::About(s.id));
    }
    out.push(Feed::Group(CDS_ID, Key::text("closed-long-ago")));
    out.push(Feed::Audits(CDS_ID, cds_action("platform", "deleted")));
    out.dedup();
    out
}

fn error(f: Fail) -> ApiError {
    let server = "server.example.com".to_string();
    let status = |status| StatusError {
        server: server.clone(),
        status,
        message: "no \u{1b}[31mway\u{1b}[0m".into(),
        code: Some(11),
        correlation: Some("c0ffee".into()),
        hint: Some("ask an admin".into()),
    };
    match f {
        Fail::Connect => ApiError::Connect { server, detail: "connection refused".into() },
        Fail::Timeout => ApiError::Timeout { server, after: Duration::from_secs(10) },
        Fail::Dropped => ApiError::Dropped { server, detail: "reset by peer".into() },
        Fail::Status(s) => ApiError::Status(status(s)),
        Fail::Refused(s) => ApiError::Refused(status(s)),
        Fail::NotJson => ApiError::NotJson {
            server,
            status: 200,
            content_type: "text/html".into(),
            snippet: "<html>login</html>".into(),
        },
        Fail::Decode => ApiError::Decode { server, what: "actions", detail: "expected a list".into() },
        Fail::TooLarge => ApiError::TooLarge { server, limit: 1 << 20 },
        Fail::Local => ApiError::Local("no token".into()),
    }
}

/// A reply of some kind: the right one for the request, or not (a mismatched answer must be
/// survived too).
fn reply(kind: u8) -> Reply {
    let at = |n: u32| full(n % 6 + 1);
    match kind % 16 {
        0 => Reply::Done,
        1 => Reply::Document(Document::default()),
        2 => {
            let row = action_pool()[0].clone();
            Reply::ActionToggled { row: Box::new(row), already: kind & 0x10 != 0 }
        }
        3 => Reply::Exported { dest: "/tmp/opsy-prop/build.yml".into(), bytes: 120 },
        4 => Reply::ExportTargetExists { dest: "/tmp/opsy-prop/build.yml".into() },
        5 => Reply::Imported { created: kind & 0x10 != 0, name: "build".into() },
        6 => Reply::GroupCreated { key: cds_group_key("platform") },
        7 => Reply::GroupRenamed { key: Key::NumText(7, "platform2".into()) },
        8 => Reply::MembersAdded(AddMembersReport {
            added: vec!["alice".into()],
            unknown: vec!["nobody".into()],
            unknown_hint: None,
            failed: vec![("eve".into(), error(Fail::Status(403)))],
            not_tried: vec!["zed".into()],
        }),
        9 => Reply::TokenGenerated { secret: Secret::new("s3cr3t-token".to_string()) },
        10 => Reply::Silenced(SilenceResponse { status: "silenced".into(), duration_days: Some(7) }),
        11 => Reply::Unsilenced,
        12 => Reply::BulkSilenced(BulkSilenceResponse { status: "ok".into(), count: 3, duration_days: None }),
        13 => Reply::Each(EachReport {
            ok: vec![(Uuid::from_u128(1), String::new()), (Uuid::from_u128(3), "done".into())],
            failed: vec![(Uuid::from_u128(2), error(Fail::Status(404)))],
        }),
        14 => {
            Reply::Executed(ExecuteResponse { action: "approve".into(), message: "done".into(), ..Default::default() })
        }
        _ if kind & 0x10 != 0 => Reply::UpdateScheduled(UpdateActionsResponse::default()),
        _ => Reply::UserAction(Box::new(at(u32::from(kind)))),
    }
}

fn payload(feed: &Feed, r: &Remix) -> Payload {
    match feed {
        Feed::Actions(s) => {
            let pool: Vec<ActionRow> = action_pool().into_iter().filter(|a| a.source == *s).collect();
            Payload::Actions(remixed(&pool, r))
        }
        Feed::Audits(..) => Payload::Audits(remixed(&audit_pool(), r)),
        Feed::Groups(s) => {
            let pool: Vec<GroupRow> = group_pool().into_iter().filter(|g| g.source == *s).collect();
            Payload::Groups(remixed(&pool, r))
        }
        Feed::Group(_, key) => Payload::Group(GroupDetail { key: key.clone(), members: remixed(&member_pool(), r) }),
        Feed::GroupTab(_, _, Tab::Tokens) => Payload::Tokens(remixed(&token_pool(), r)),
        Feed::GroupTab(_, _, Tab::Actions) => Payload::GroupActions { rows: vec![], builtins: usize::from(r.extra) },
        Feed::GroupTab(..) => Payload::WorkerModels(vec![]),
        Feed::About(_) => {
            let history = if r.keep & 1 == 0 { Ok(()) } else { Err("the token may not read history".into()) };
            Payload::About(About { whoami: Some("alice · admin".into()), history: Some(history) })
        }
        // The poller also answers "nothing changed" between views.
        Feed::UserActions(..) if r.extra == 0 => Payload::UserActionsUnchanged,
        Feed::UserActions(..) => {
            let rows = remixed(&standard_rows(), r);
            let summary = summary_of(&rows);
            Payload::UserActions(Box::new(crate::app::panes::user_actions::UserActionsView::new(rows, summary)))
        }
        Feed::Executions(_) => {
            Payload::Executions { rows: remixed(&execution_pool(), r), total: Some(usize::from(r.extra) * 100) }
        }
    }
}

fn remixed<T: Clone + Remixable>(pool: &[T], r: &Remix) -> Vec<T> {
    let mut rows: Vec<T> =
        pool.iter().enumerate().filter(|(i, _)| r.keep & (1 << (i % 64)) != 0).map(|(_, t)| t.clone()).collect();
    if !pool.is_empty() {
        for n in 0..r.extra {
            rows.push(pool[usize::from(n) % pool.len()].fork(n));
        }
    }
    if let Some(t) = r.touch
        && !rows.is_empty()
    {
        let i = usize::from(t) % rows.len();
        rows[i].touch();
    }
    fastrand::Rng::with_seed(r.shuffle).shuffle(&mut rows);
    rows
}

/// A row that can be copied under a new identity, or changed in what it shows.
trait Remixable {
    fn fork(&self, n: u8) -> Self;
    fn touch(&mut self);
}

impl Remixable for ActionRow {
    fn fork(&self, n: u8) -> Self {
        let name = format!("new-{n}");
        Self { key: Key::pair("platform", name.as_str()), name, ..self.clone() }
    }
    fn touch(&mut self) {
        self.description.push_str(" (changed)");
        self.active = self.active.map(|a| !a);
    }
}

impl Remixable for GroupRow {
    fn fork(&self, n: u8) -> Self {
        let name = format!("team-{n}");
        Self { key: Key::NumText(1000 + i64::from(n), name.as_str().into()), name, ..self.clone() }
    }
    fn touch(&mut self) {
        self.description.push_str(" (changed)");
    }
}

impl Remixable for MemberRow {
    fn fork(&self, n: u8) -> Self {
        let id = format!("newbie{n}");
        Self { id: id.as_str().into(), shown: id, ..self.clone() }
    }
    fn touch(&mut self) {
        self.admin = !self.admin;
    }
}

impl Remixable for TokenRow {
    fn fork(&self, n: u8) -> Self {
        Self { id: 9000 + i64::from(n), ..self.clone() }
    }
    fn touch(&mut self) {
        self.description.push_str(" (changed)");
    }
}

impl Remixable for AuditRow {
    fn fork(&self, n: u8) -> Self {
        Self { id: 9000 + i64::from(n), ..self.clone() }
    }
    fn touch(&mut self) {
        self.after.push_str("\n# changed");
    }
}

impl Remixable for UserActionRow {
    fn fork(&self, n: u8) -> Self {
        Self { uuid: Uuid::from_u128(0xdead_0000 + u128::from(n)), ..self.clone() }
    }
    fn touch(&mut self) {
        self.is_silenced = !self.is_silenced;
    }
}

impl Remixable for Execution {
    fn fork(&self, n: u8) -> Self {
        Self { id: 9000 + i64::from(n), ..self.clone() }
    }
    fn touch(&mut self) {
        self.success = !self.success;
    }
}

fn action_pool() -> Vec<ActionRow> {
    let mut rows: Vec<ActionRow> = cds::adapter::actions::rows(CDS_ID, &cds_actions());
    rows.extend(zitadel_actions().iter().map(|a| zitadel::adapter::row(ZITADEL_ID, a)));
    rows.extend(heimdall_action_rows());
    rows
}

fn group_pool() -> Vec<GroupRow> {
    let mut rows = cds::adapter::groups::group_rows(CDS_ID, cds_group_list());
    let heimdall: Vec<heimdall::wire::Group> = serde_json::from_str(
        r#"[{"name":"engineering:backend","description":"Backend"},{"name":"ops","description":""}]"#,
    )
    .expect("groups decode");
    rows.extend(heimdall.iter().map(|g| heimdall::adapter::group_row(HEIMDALL_ID, g)));
    rows
}

fn member_pool() -> Vec<MemberRow> {
    cds::adapter::groups::detail(&cds_group(&["jdoe"], &["alice", "bob", "carol"])).members
}

fn token_pool() -> Vec<TokenRow> {
    cds::adapter::groups::tokens(cds_tokens())
}

fn audit_pool() -> Vec<AuditRow> {
    cds::adapter::actions::audit_rows(cds_audits())
}

fn execution_pool() -> Vec<Execution> {
    serde_json::from_str(
        r#"[{"id":17,"corrective_action_label":"View Order Details","executed_at":"2025-06-01T12:03:11.402113+00:00","success":true,"error_message":"","execution_metadata":"{}"},
            {"id":16,"corrective_action_label":"Escalate","executed_at":"2025-06-01T11:00:00+00:00","success":false,"error_message":"API action not implemented","execution_metadata":"{'order_uuid': '5c1e'}"}]"#,
    )
    .expect("executions decode")
}
