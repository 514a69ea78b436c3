//! The whole state of the console. `ui::view` draws it; only `update` changes it.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use jiff::Timestamp;
use ratatui_textarea::TextArea;

use super::dialog::{Dialog, Tone};
use super::effect::Subscription;
use super::keymap::{Keymap, Scope};
use super::msg::{Feed, OpId};
use super::panes::actions::{ActionsOp, ActionsPane};
use super::panes::audits::{AuditsOp, AuditsPane};
use super::panes::groups::{self, GroupsOp, GroupsPane};
use super::panes::user_actions::{UaOp, UserActionsPane};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pane {
    Actions,
    Groups,
    Audits,
    UserActions,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Actions, Pane::Groups, Pane::Audits, Pane::UserActions];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Actions => "Actions",
            Pane::Groups => "Groups",
            Pane::Audits => "Audits",
            Pane::UserActions => "User Actions",
        }
    }

    pub fn number(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).map_or(0, |i| i + 1)
    }

    pub fn scope(self) -> Scope {
        match self {
            Pane::Actions => Scope::Actions,
            Pane::Groups => Scope::Groups,
            Pane::Audits => Scope::Audits,
            Pane::UserActions => Scope::UserActions,
        }
    }

    pub fn cycle(self, forward: bool) -> Pane {
        let i = self.number() - 1;
        let n = Pane::ALL.len();
        Pane::ALL[if forward { (i + 1) % n } else { (i + n - 1) % n }]
    }
}

/// Where each configured server lives, for dialogs that must name it (contract 3).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Servers {
    pub waldur: Option<String>,
    pub cds: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub profile: String,
    pub servers: Servers,
    pub interval: Duration,
    pub hidden_interval: Duration,
    /// Modifiers only, no colours (`NO_COLOR`, `theme = "mono"`).
    pub mono: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            profile: "default".into(),
            servers: Servers::default(),
            interval: Duration::from_secs(10),
            hidden_interval: Duration::from_secs(60),
            mono: false,
        }
    }
}

/// The line at the bottom: the latest thing that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub tone: Tone,
    /// "refreshing…", "silencing …": says something is on its way, and goes when an answer
    /// arrives (which usually brings its own message).
    pub progress: bool,
}

/// A mutation in flight: shown as pending, guarded against a second identical request.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingOp {
    pub op: PaneOp,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PaneOp {
    UserActions(UaOp),
    Actions(ActionsOp),
    Audits(AuditsOp),
    Groups(GroupsOp),
}

impl PaneOp {
    /// Same target and same operation: a second one would be a double submit.
    pub fn same_flight(&self, other: &PaneOp) -> bool {
        match (self, other) {
            (PaneOp::UserActions(a), PaneOp::UserActions(b)) => a.flight_key() == b.flight_key(),
            (PaneOp::Actions(a), PaneOp::Actions(b)) => a.same_flight(b),
            (PaneOp::Audits(AuditsOp::Rollback(a)), PaneOp::Audits(AuditsOp::Rollback(b))) => a.path == b.path,
            (PaneOp::Groups(a), PaneOp::Groups(b)) => a.same_flight(b),
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Help {
    pub scroll: usize,
}

#[derive(Debug, Clone)]
pub struct Model {
    pub now: Timestamp,
    pub width: u16,
    pub height: u16,
    pub pane: Pane,
    pub keymap: Keymap,
    pub settings: Settings,
    pub user_actions: UserActionsPane,
    pub actions: ActionsPane,
    pub audits: AuditsPane,
    pub groups: GroupsPane,
    pub dialog: Option<Dialog>,
    /// Results that arrived while another dialog was open; shown after it closes, so that
    /// what the operator is typing is never replaced.
    pub queued: VecDeque<Dialog>,
    pub help: Option<Help>,
    pub command_line: Option<TextArea<'static>>,
    pub status: Option<Status>,
    pub frozen: bool,
    pub quit: bool,
    /// Set by `update` when the screen must be redrawn.
    pub dirty: bool,
    pub spinner: usize,
    pub ops: BTreeMap<OpId, PendingOp>,
    next_op: OpId,
}

impl Model {
    pub fn new(settings: Settings, keymap: Keymap, now: Timestamp) -> Self {
        let pane = if settings.servers.waldur.is_some() && settings.servers.cds.is_none() {
            Pane::UserActions
        } else {
            Pane::Actions
        };
        Self {
            now,
            width: 80,
            height: 24,
            pane,
            keymap,
            settings,
            user_actions: UserActionsPane::default(),
            actions: ActionsPane::default(),
            audits: AuditsPane::default(),
            groups: GroupsPane::default(),
            dialog: None,
            queued: VecDeque::new(),
            help: None,
            command_line: None,
            status: None,
            frozen: false,
            quit: false,
            dirty: true,
            spinner: 0,
            ops: BTreeMap::new(),
            next_op: 1,
        }
    }

    pub fn read_only(&self) -> bool {
        self.keymap.read_only()
    }

    /// The feeds the runtime must keep polling, with their intervals: the visible pane at the
    /// configured interval, hidden ones slower.
    pub fn subscriptions(&self) -> Vec<Subscription> {
        let mut subs = Vec::new();
        let interval = |pane: Pane| {
            if pane == self.pane { self.settings.interval } else { self.settings.hidden_interval }
        };
        if self.settings.servers.waldur.is_some() {
            subs.push(Subscription { feed: self.user_actions.feed(), interval: interval(Pane::UserActions) });
        }
        if self.settings.servers.cds.is_some() {
            // The action list also feeds the audit feed.
            let iv = if matches!(self.pane, Pane::Actions | Pane::Audits) {
                self.settings.interval
            } else {
                self.settings.hidden_interval
            };
            subs.push(Subscription { feed: Feed::CdsActions, interval: iv });
        }
        if let Some(feed) = self.audits.feed()
            && self.server_for(&feed)
        {
            subs.push(Subscription { feed, interval: interval(Pane::Audits) });
        }
        if self.settings.servers.cds.is_some() {
            for feed in self.groups.feeds() {
                subs.push(Subscription { feed, interval: interval(Pane::Groups) });
            }
        }
        subs
    }

    fn server_for(&self, feed: &Feed) -> bool {
        match feed {
            Feed::UserActions(_) | Feed::Executions => self.settings.servers.waldur.is_some(),
            Feed::CdsActions
            | Feed::CdsAudits(_)
            | Feed::CdsGroups
            | Feed::CdsGroup(_)
            | Feed::CdsTokens(_)
            | Feed::CdsGroupActions(_)
            | Feed::CdsWorkerModels(_) => self.settings.servers.cds.is_some(),
        }
    }

    /// Whether any feed or mutation is in flight (the runtime animates a spinner only then).
    pub fn busy(&self) -> bool {
        !self.ops.is_empty()
            || self.user_actions.freshness.in_flight
            || self.actions.freshness.in_flight
            || self.audits.action.as_ref().is_some_and(|a| a.freshness.in_flight)
            || self.audits.executions.freshness.in_flight
            || groups::busy(&self.groups)
    }

    pub fn set_status(&mut self, text: impl Into<String>, tone: Tone) {
        self.status = Some(Status { text: text.into(), tone, progress: false });
    }

    /// A status that only says something is on its way: see [`Status::progress`].
    pub fn set_progress(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), tone: Tone::Muted, progress: true });
    }

    /// An answer arrived: a progress message has done its job.
    pub fn clear_progress(&mut self) {
        if self.status.as_ref().is_some_and(|s| s.progress) {
            self.status = None;
        }
    }

    /// Open a dialog now, or queue it behind the one the operator is using.
    pub fn show(&mut self, dialog: Dialog) {
        if self.dialog.is_some() || self.help.is_some() {
            self.queued.push_back(dialog);
        } else {
            self.dialog = Some(dialog);
        }
    }

    pub fn close_dialog(&mut self) {
        self.dialog = self.queued.pop_front();
    }

    /// Register a mutation, refusing a duplicate of one already in flight (contract 2).
    pub fn begin_op(&mut self, op: PaneOp, label: String) -> Option<OpId> {
        if let Some(existing) = self.ops.values().find(|p| p.op.same_flight(&op)) {
            let text = format!("already in progress: {}", existing.label);
            self.set_status(text, Tone::Warning);
            return None;
        }
        let id = self.next_op;
        self.next_op += 1;
        self.set_progress(format!("{label}…"));
        self.ops.insert(id, PendingOp { op, label });
        Some(id)
    }

    /// The feed `r` refreshes on a pane (its main one).
    pub fn feed_of(&self, pane: Pane) -> Option<Feed> {
        let feed = match pane {
            Pane::UserActions => self.user_actions.feed(),
            Pane::Actions => Feed::CdsActions,
            Pane::Audits => self.audits.feed().unwrap_or(Feed::CdsActions),
            Pane::Groups => groups::feed_of(self),
        };
        self.server_for(&feed).then_some(feed)
    }

    /// The key scopes in effect, most specific first.
    pub fn key_scopes(&self) -> Vec<Scope> {
        match self.pane {
            Pane::Groups => groups::scopes(self),
            pane => vec![pane.scope(), Scope::Global],
        }
    }

    pub fn table_rows(&self) -> usize {
        table_rows(self.height)
    }
}

/// Rows left for a pane's table at a given terminal height: tabs, pane header, column header,
/// status line and hint bar take one row each.
pub fn table_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(5)).max(1)
}
