//! The whole state of the console. `ui::view` draws it; only `update` changes it.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use jiff::Timestamp;

use super::dialog::{BodyLine, Dialog, Tone};
use super::effect::Subscription;
use super::keymap::{Keymap, Scope};
use super::msg::{Feed, OpId};
use super::panes::actions::ActionsPane;
use super::panes::audits::AuditsPane;
use super::panes::groups::GroupsPane;
use super::panes::user_actions::UserActionsPane;
use super::panes::{Pane, PaneOp};
use super::source::Sources;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settings {
    pub(crate) profile: String,
    pub(crate) interval: Duration,
    pub(crate) hidden_interval: Duration,
    /// Modifiers only, no colours (`NO_COLOR`, `theme = "mono"`).
    pub(crate) mono: bool,
    /// What `~` and relative paths mean in file prompts.
    pub(crate) places: super::paths::Places,
    /// Draw links as OSC 8 hyperlinks (the console; tests read plain cells).
    pub(crate) hyperlinks: bool,
    /// How `y` reaches the terminal's clipboard (through tmux or screen, or not).
    pub(crate) clipboard: super::clipboard::Route,
    /// The profiles `:profile` can switch to, by name.
    pub(crate) profiles: Vec<String>,
    /// `[ui.colors]`: the operator's styles (ignored when `mono`).
    pub(crate) colors: crate::config::colors::Colors,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            profile: "default".into(),
            interval: Duration::from_secs(10),
            hidden_interval: Duration::from_secs(60),
            mono: false,
            places: super::paths::Places::default(),
            hyperlinks: false,
            clipboard: super::clipboard::Route::Direct,
            profiles: Vec::new(),
            colors: crate::config::colors::Colors::default(),
        }
    }
}

/// The line at the bottom: the latest thing that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Status {
    pub(crate) text: String,
    pub(crate) tone: Tone,
    /// "refreshing…", "silencing …": says something is on its way, and goes when an answer
    /// arrives (which usually brings its own message).
    pub(crate) progress: bool,
    /// Said about the filter being typed: replaced as soon as the filter changes.
    pub(crate) about_filter: bool,
    /// When it was said: a message belongs to its moment and expires (see [`Status::expired`]).
    pub(crate) at: Timestamp,
}

impl Status {
    /// News fades; a failure stays long enough to be read, and its notice holds the details.
    pub(crate) fn expired(&self, now: Timestamp) -> bool {
        let ttl = match self.tone {
            _ if self.progress => return false,
            Tone::Danger => 60,
            Tone::Warning => 20,
            _ => 10,
        };
        now.duration_since(self.at).as_secs() >= ttl
    }
}

/// A mutation in flight: shown as pending, guarded against a second identical request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PendingOp {
    pub(crate) op: PaneOp,
    pub(crate) label: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Help {
    pub(crate) pager: super::list::Pager,
}

#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub(crate) now: Timestamp,
    pub(crate) width: u16,
    pub(crate) height: u16,
    pub(crate) pane: Pane,
    /// Shared so that a text field can read it while the model is borrowed for editing.
    pub(crate) keymap: std::sync::Arc<Keymap>,
    pub(crate) settings: Settings,
    /// Every configured server, and what each can do.
    pub(crate) sources: Sources,
    pub(crate) user_actions: UserActionsPane,
    pub(crate) actions: ActionsPane,
    pub(crate) audits: AuditsPane,
    pub(crate) groups: GroupsPane,
    pub(crate) dialog: Option<Dialog>,
    /// Results that arrived while another dialog was open; shown after it closes, so that
    /// what the operator is typing is never replaced.
    pub(crate) queued: VecDeque<Dialog>,
    pub(crate) help: Option<Help>,
    pub(crate) command_line: Option<super::field::Field>,
    /// `/` in a page of text.
    pub(crate) find: super::find::Find,
    /// The `:` commands run before, this session and earlier ones.
    pub(crate) history: super::history::History,
    /// What Tab on the `:` line left to choose from (shown in the hint bar).
    pub(crate) command_choices: Vec<String>,
    pub(crate) status: Option<Status>,
    pub(crate) frozen: bool,
    pub(crate) quit: bool,
    /// Set by `update` when the screen must be redrawn.
    pub(crate) dirty: bool,
    pub(crate) spinner: usize,
    pub(crate) ops: BTreeMap<OpId, PendingOp>,
    next_op: OpId,
    /// Panes the operator was taken from by a key that opened something in another pane
    /// (`a` in Actions, Enter on a group's action): Esc that closes what was opened takes
    /// them back. Switching panes by hand forgets them.
    pub(crate) jumps: Vec<Pane>,
    /// What `update` replaced and no longer needs, dropped by the runtime off the key path:
    /// freeing 100k rows takes milliseconds a key should not wait for.
    pub(crate) garbage: Garbage,
}

/// Values to drop elsewhere. A clone of the model starts with none.
#[derive(Default)]
pub(crate) struct Garbage(Vec<Box<dyn std::any::Any + Send>>);

impl Garbage {
    pub(crate) fn push(&mut self, value: impl std::any::Any + Send) {
        self.0.push(Box::new(value));
    }

    pub(crate) fn take(&mut self) -> Garbage {
        std::mem::take(self)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Clone for Garbage {
    fn clone(&self) -> Self {
        Garbage::default()
    }
}

impl std::fmt::Debug for Garbage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Garbage({} values)", self.0.len())
    }
}

impl Model {
    pub(crate) fn new(settings: Settings, sources: Sources, keymap: Keymap, now: Timestamp) -> Self {
        // Open on the first pane that has data to show.
        let pane = if sources.actions().next().is_some() {
            Pane::Actions
        } else if sources.groups().next().is_some() {
            Pane::Groups
        } else if sources.user_actions().is_some() {
            Pane::UserActions
        } else {
            Pane::Actions
        };
        let user_actions =
            UserActionsPane { source: sources.user_actions().map(|s| s.id), ..UserActionsPane::default() };
        let mut m = Self {
            now,
            width: 80,
            height: 24,
            pane,
            keymap: std::sync::Arc::new(keymap),
            settings,
            sources,
            user_actions,
            actions: ActionsPane::default(),
            audits: AuditsPane::default(),
            groups: GroupsPane::default(),
            dialog: None,
            queued: VecDeque::new(),
            help: None,
            command_line: None,
            find: Default::default(),
            history: super::history::History::default(),
            command_choices: Vec::new(),
            status: None,
            frozen: false,
            quit: false,
            dirty: true,
            garbage: Garbage::default(),
            jumps: Vec::new(),
            spinner: 0,
            ops: BTreeMap::new(),
            next_op: 1,
        };
        for p in Pane::ALL {
            p.unit().resize(&mut m);
        }
        m
    }

    /// Go to `pane` by hand (a key, `:`): where a jump came from no longer matters.
    pub(crate) fn go(&mut self, pane: Pane) {
        self.jumps.clear();
        self.pane = pane;
    }

    /// Show `to`, remembering to come back here when Esc closes what it opens there.
    pub(crate) fn jump(&mut self, to: Pane) {
        if self.pane != to {
            self.jumps.truncate(MAX_JUMPS - 1);
            self.jumps.push(self.pane);
            self.pane = to;
        }
    }

    /// The model of another profile (`:profile`): its sources and keymap, nothing of this
    /// profile's rows, dialogs or requests; the screen size, the pane when the new profile
    /// can fill it, the freeze switch and the `:` history stay.
    pub(crate) fn for_profile(&self, name: String, sources: Sources, keymap: Keymap) -> Model {
        let settings = Settings { profile: name, ..self.settings.clone() };
        let mut m = Model::new(settings, sources, keymap, self.now);
        let opened = m.pane;
        m.pane = self.pane;
        if m.pane.unit().feeds(&m).is_empty() {
            m.pane = opened;
        }
        m.frozen = self.frozen;
        m.history = self.history.clone();
        m.width = self.width;
        m.height = self.height;
        for p in Pane::ALL {
            p.unit().resize(&mut m);
        }
        let servers = m.sources.iter().map(|s| format!("{} {}", s.name, s.server)).collect::<Vec<_>>();
        let mut said = format!("profile {}: {}", m.settings.profile, servers.join(", "));
        if servers.is_empty() {
            said.push_str("no servers");
        }
        if m.read_only() {
            said.push_str(" (read-only)");
        }
        m.set_status(said, Tone::Success);
        m
    }

    pub(crate) fn read_only(&self) -> bool {
        self.keymap.read_only()
    }

    /// The feeds the runtime must keep polling, with their intervals: the visible pane's at
    /// the configured interval, the others slower; a feed two panes want goes at the faster.
    pub(crate) fn subscriptions(&self) -> Vec<Subscription> {
        let mut subs: Vec<Subscription> = Vec::new();
        let mut want = |feed: Feed, interval: Duration| match subs.iter_mut().find(|s| s.feed == feed) {
            Some(s) => s.interval = s.interval.min(interval),
            None => subs.push(Subscription { feed, interval }),
        };
        for pane in Pane::ALL {
            let interval = if pane == self.pane { self.settings.interval } else { self.settings.hidden_interval };
            for feed in pane.unit().feeds(self) {
                want(feed, interval);
            }
        }
        for s in self.sources.iter().filter(|s| s.about) {
            want(Feed::About(s.id), self.settings.hidden_interval.max(Duration::from_secs(300)));
        }
        subs
    }

    /// How often `pane`'s feeds are polled: the visible pane at the configured interval, the
    /// others at the hidden one. Staleness is judged against it.
    pub(crate) fn interval_of(&self, pane: Pane) -> Duration {
        if pane == self.pane {
            self.settings.interval
        } else {
            self.settings.hidden_interval.max(self.settings.interval)
        }
    }

    /// Whether any feed or mutation is in flight (the runtime animates a spinner only then).
    pub(crate) fn busy(&self) -> bool {
        !self.ops.is_empty() || Pane::ALL.iter().any(|p| p.unit().health(self).iter().any(|h| h.freshness.in_flight))
    }

    pub(crate) fn set_status(&mut self, text: impl Into<String>, tone: Tone) {
        self.status = Some(Status { text: text.into(), tone, progress: false, about_filter: false, at: self.now });
    }

    /// A remark about the filter as typed (a word it does not understand).
    pub(crate) fn set_filter_status(&mut self, text: impl Into<String>) {
        self.status =
            Some(Status { text: text.into(), tone: Tone::Warning, progress: false, about_filter: true, at: self.now });
    }

    /// The filter changed: what was said about the old one no longer holds.
    pub(crate) fn clear_filter_status(&mut self) {
        if self.status.as_ref().is_some_and(|s| s.about_filter) {
            self.status = None;
        }
    }

    /// A status that only says something is on its way: see [`Status::progress`].
    pub(crate) fn set_progress(&mut self, text: impl Into<String>) {
        self.status =
            Some(Status { text: text.into(), tone: Tone::Muted, progress: true, about_filter: false, at: self.now });
    }

    /// An answer arrived: a progress message has done its job.
    pub(crate) fn clear_progress(&mut self) {
        if self.status.as_ref().is_some_and(|s| s.progress) {
            self.status = None;
        }
    }

    /// Configuration warnings, in a notice the operator sees on the first screen.
    pub(crate) fn warn(&mut self, warnings: &[String]) {
        if warnings.is_empty() {
            return;
        }
        let mut body: Vec<_> = warnings.iter().map(|w| BodyLine::new(format!("• {w}"), Tone::Warning)).collect();
        body.push(BodyLine::new("", Tone::Normal));
        body.push(BodyLine::new("opsy config check shows every value and where it came from.", Tone::Muted));
        let title = if warnings.len() == 1 { "Configuration warning" } else { "Configuration warnings" };
        self.show(Dialog::notice(title, body, Tone::Warning, None));
    }

    /// Open a dialog now, or queue it behind the one the operator is using.
    pub(crate) fn show(&mut self, dialog: Dialog) {
        if self.dialog.is_some() || self.help.is_some() {
            self.queued.push_back(dialog);
        } else {
            self.dialog = Some(dialog);
        }
    }

    pub(crate) fn close_dialog(&mut self) {
        self.dialog = self.queued.pop_front();
    }

    /// Register a mutation, refusing a duplicate of one already in flight (contract 2).
    pub(crate) fn begin_op(&mut self, op: PaneOp, label: String) -> Option<OpId> {
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

    /// The key scopes in effect, most specific first.
    pub(crate) fn key_scopes(&self) -> Vec<Scope> {
        let mut scopes = self.pane.unit().scopes(self);
        scopes.push(Scope::Global);
        scopes
    }

    pub(crate) fn table_rows(&self) -> usize {
        table_rows(self.height)
    }
}

/// How far back Esc remembers.
const MAX_JUMPS: usize = 16;

/// Rows left for a pane's table at a given terminal height: tabs, pane header, column header,
/// status line and hint bar take one row each.
pub(crate) fn table_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(5)).max(1)
}
