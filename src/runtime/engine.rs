//! The event loop without a terminal: messages in, `update`, effects out (requests, pollers,
//! clipboard). The console drives it with a real terminal; the harness tests drive it with
//! synthetic keys and wait for [`Engine::is_idle`] instead of sleeping.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot, watch};

use super::backends::Backends;
use super::poller::Poller;
use super::profile::Switched;
use crate::app::dialog::Tone;
use crate::app::effect::Effect;
use crate::app::model::Model;
use crate::app::msg::{Feed, Msg};
use crate::app::update::update;

pub(crate) struct Engine {
    pub(crate) model: Model,
    backends: Arc<Backends>,
    /// Keys, signals, the clock: what the operator and the OS say.
    tx: mpsc::UnboundedSender<Msg>,
    rx: mpsc::UnboundedReceiver<Msg>,
    /// What the profile's servers answer (pollers, requests). Replaced on a profile switch:
    /// an answer of the old profile still on its way has nowhere to arrive.
    net_tx: mpsc::UnboundedSender<Msg>,
    net_rx: mpsc::UnboundedReceiver<Msg>,
    /// Requests in flight, aborted on a profile switch.
    calls: Vec<tokio::task::JoinHandle<()>>,
    /// Builds another profile for `:profile NAME`; `None` when there is no config (`--demo`).
    profiles: Option<super::profile::Loader>,
    /// A profile being built (its token commands may take seconds), off the key loop.
    switching: Option<(String, oneshot::Receiver<Result<Switched, String>>)>,
    pollers: HashMap<Feed, Poller>,
    frozen: watch::Sender<bool>,
    busy: watch::Sender<bool>,
    /// Feeds asked to fetch whose fetch has not started yet (poller start, `r`, refreshes
    /// after mutations), and feeds whose fetch has started and not answered: both keep the
    /// engine from being idle, so a test never reads the screen between a change and its
    /// refresh.
    awaiting_start: HashSet<Feed>,
    awaiting_answer: HashSet<Feed>,
    /// Where `Effect::Copy` goes: the terminal (OSC 52) in the console, a buffer in tests.
    pub(crate) copied: Vec<String>,
    osc52: bool,
    editor: std::sync::Arc<super::editor::EditorSetup>,
    /// An edit the console must run with the terminal handed over (see [`Self::take_edit`]).
    pending_edit: Option<crate::app::effect::EditFile>,
    /// Editors running without a terminal (tests) whose answer has not been applied: the
    /// engine is not idle meanwhile.
    editing: usize,
    /// Where the `:` history is kept (the console); tests keep it in memory.
    history_file: Option<std::path::PathBuf>,
    /// Ctrl-Z was pressed: the console hands the terminal back after this step.
    suspend: bool,
}

impl Engine {
    pub(crate) fn new(model: Model, backends: Backends) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        let (net_tx, net_rx) = mpsc::unbounded_channel();
        let (frozen, _) = watch::channel(model.frozen);
        let (busy, _) = watch::channel(false);
        let mut engine = Self {
            model,
            backends: Arc::new(backends),
            tx,
            rx,
            net_tx,
            net_rx,
            calls: Vec::new(),
            profiles: None,
            switching: None,
            pollers: HashMap::new(),
            frozen,
            busy,
            awaiting_start: HashSet::new(),
            awaiting_answer: HashSet::new(),
            copied: Vec::new(),
            osc52: false,
            // Without a terminal until the console says otherwise (`with_editor`).
            editor: Arc::new(super::editor::EditorSetup { terminal: false, ..super::editor::EditorSetup::from_env() }),
            pending_edit: None,
            editing: 0,
            suspend: false,
            history_file: None,
        };
        engine.sync_pollers();
        engine
    }

    /// Copy to the terminal's clipboard with OSC 52 (the console); tests keep `copied`.
    pub(crate) fn with_osc52(mut self) -> Self {
        self.osc52 = true;
        self
    }

    /// Where edits are written and which editor opens them. With `terminal`, edits wait for
    /// the console ([`Self::take_edit`]); without, the engine runs the editor itself.
    pub(crate) fn with_editor(mut self, setup: super::editor::EditorSetup) -> Self {
        self.editor = Arc::new(setup);
        self
    }

    #[cfg(test)]
    pub(crate) fn set_editor(&mut self, setup: super::editor::EditorSetup) {
        self.editor = Arc::new(setup);
    }

    /// The edit the console must run now, with the terminal handed to the editor.
    pub(crate) fn take_edit(&mut self) -> Option<(crate::app::effect::EditFile, Arc<super::editor::EditorSetup>)> {
        self.pending_edit.take().map(|f| (f, self.editor.clone()))
    }

    /// `:profile NAME` builds profiles with `loader`.
    pub(crate) fn set_profiles(&mut self, loader: super::profile::Loader) {
        self.profiles = Some(loader);
    }

    pub(crate) fn set_history_file(&mut self, path: std::path::PathBuf) {
        self.history_file = Some(path);
    }

    pub(crate) fn sender(&self) -> mpsc::UnboundedSender<Msg> {
        self.tx.clone()
    }

    /// Whether the spinner should run (something is in flight).
    pub(crate) fn busy_signal(&self) -> watch::Receiver<bool> {
        self.busy.subscribe()
    }

    /// Wait for the next message, then apply it and everything already queued (coalescing)
    /// before the caller draws. Returns `false` once the model wants to quit.
    pub(crate) async fn step(&mut self) -> bool {
        tokio::select! {
            msg = self.rx.recv() => match msg {
                Some(msg) => self.apply(msg),
                None => return false,
            },
            // Never `None`: the engine holds a sender.
            Some(msg) = self.net_rx.recv() => self.apply(msg),
            Some((name, built)) = built_profile(&mut self.switching) => self.switch_profile(&name, built),
        }
        // `apply` may switch profiles and replace `net_rx`: read it afresh each time.
        while let Some(msg) = self.rx.try_recv().ok().or_else(|| self.net_rx.try_recv().ok()) {
            self.apply(msg);
        }
        let garbage = self.model.garbage.take();
        if !garbage.is_empty() {
            tokio::task::spawn_blocking(move || {
                crate::backends::background_priority();
                drop(garbage);
            });
        }
        self.sync_pollers();
        let frozen = self.model.frozen;
        self.frozen.send_if_modified(|f| std::mem::replace(f, frozen) != frozen);
        let busy = self.model.busy();
        self.busy.send_if_modified(|b| std::mem::replace(b, busy) != busy);
        !self.model.quit
    }

    /// Whether the operator asked to suspend since the last call.
    pub(crate) fn take_suspend(&mut self) -> bool {
        std::mem::take(&mut self.suspend)
    }

    /// Nothing queued, no request or fetch in flight, no fetch asked for and not started.
    #[cfg(test)]
    pub(crate) fn is_idle(&self) -> bool {
        self.rx.is_empty()
            && self.editing == 0
            && self.net_rx.is_empty()
            && self.switching.is_none()
            && self.model.ops.is_empty()
            && self.awaiting_start.is_empty()
            && self.awaiting_answer.is_empty()
    }

    fn apply(&mut self, msg: Msg) {
        match &msg {
            Msg::FetchStarted(feed) => {
                self.awaiting_start.remove(feed);
                self.awaiting_answer.insert(feed.clone());
            }
            Msg::Fetched { feed, .. } => {
                self.awaiting_answer.remove(feed);
            }
            Msg::Edited(_) => self.editing = self.editing.saturating_sub(1),
            _ => {}
        }
        for effect in update(&mut self.model, msg) {
            self.run_effect(effect);
        }
    }

    /// Start the pollers the model wants, stop the ones it no longer wants, retune intervals.
    fn sync_pollers(&mut self) {
        let subs = self.model.subscriptions();
        self.pollers.retain(|feed, _| subs.iter().any(|s| &s.feed == feed));
        let live: HashSet<&Feed> = self.pollers.keys().collect();
        self.awaiting_start.retain(|f| live.contains(f) || subs.iter().any(|s| &s.feed == f));
        self.awaiting_answer.retain(|f| live.contains(f) || subs.iter().any(|s| &s.feed == f));
        for sub in subs {
            match self.pollers.get(&sub.feed) {
                Some(p) => p.set_interval(sub.interval),
                None => {
                    let frozen = self.frozen.subscribe();
                    let p = Poller::spawn(
                        sub.feed.clone(),
                        sub.interval,
                        self.backends.clone(),
                        frozen,
                        self.net_tx.clone(),
                    );
                    self.awaiting_start.insert(sub.feed.clone());
                    self.pollers.insert(sub.feed, p);
                }
            }
        }
    }

    fn run_effect(&mut self, effect: Effect) {
        match effect {
            Effect::Call { op, call } => {
                let backends = self.backends.clone();
                let tx = self.net_tx.clone();
                self.calls.retain(|c| !c.is_finished());
                self.calls.push(tokio::spawn(async move {
                    tracing::info!(op, ?call, "request");
                    let result = backends.call(&call).await;
                    if let Err(e) = &result {
                        tracing::warn!(op, error = %e, "request failed");
                    }
                    let _ = tx.send(Msg::Done { op, result });
                }));
            }
            Effect::SwitchProfile(name) => self.build_profile(name),
            Effect::Refresh(feed) => {
                if let Some(p) = self.pollers.get(&feed) {
                    p.refresh();
                    self.awaiting_start.insert(feed);
                }
            }
            Effect::Suspend => self.suspend = true,
            Effect::SaveHistory(lines) => {
                let Some(path) = self.history_file.clone() else { return };
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    if let Err(why) = super::history::write(&path, &lines) {
                        tracing::warn!("{why}");
                        let _ = tx.send(Msg::HistoryUnsaved(why));
                    }
                });
            }
            Effect::ListDir { dir, typed } => {
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let entries = list_dir(&dir);
                    let _ = tx.send(Msg::Listed { typed, entries });
                });
            }
            Effect::Edit(file) if self.editor.terminal => self.pending_edit = Some(file),
            Effect::Edit(file) => {
                let (tx, setup) = (self.tx.clone(), self.editor.clone());
                self.editing += 1;
                tokio::task::spawn_blocking(move || {
                    let edited = super::editor::run(&setup, file);
                    let _ = tx.send(Msg::Edited(edited));
                });
            }
            // One unlink: done here, so the file is gone when the step ends.
            Effect::Forget(path) => super::editor::forget(&path),
            Effect::Copy(text) => {
                if self.osc52 {
                    if let Err(e) = osc52(self.model.settings.clipboard, &text) {
                        tracing::warn!(error = %e, "clipboard write failed");
                    }
                } else {
                    self.copied.push(text);
                }
            }
        }
    }
}

impl Engine {
    /// `:profile NAME`: build the profile on a thread of its own (token commands run there, up
    /// to their timeout each); the old one keeps running meanwhile.
    fn build_profile(&mut self, name: String) {
        let Some(load) = self.profiles.clone() else {
            self.model.set_status("no config file to switch profiles from (the demo has one profile)", Tone::Warning);
            return;
        };
        if let Some((already, _)) = &self.switching {
            self.model.set_status(format!("already switching to profile {already}"), Tone::Warning);
            return;
        }
        let (tx, rx) = oneshot::channel();
        let wanted = name.clone();
        // A thread of the key loop's priority, not the runtime's blocking pool: a token command
        // (a password manager that may ask for a passphrase) inherits it.
        let started = std::thread::Builder::new().name("opsy-profile".into()).spawn(move || {
            let _ = tx.send(load(&wanted));
        });
        if let Err(e) = started {
            self.model.set_status(format!("cannot switch to profile {name}: {e}"), Tone::Danger);
            return;
        }
        self.switching = Some((name, rx));
    }

    /// The profile is built. Only if it can be used is the old one torn down: every poller
    /// and request task aborted, the answer channel replaced (so nothing the old servers say
    /// is applied), the model rebuilt on the new sources with the new keymap (its
    /// `read_only`), and the pollers of the new panes started by the step.
    fn switch_profile(&mut self, name: &str, built: Result<Switched, String>) {
        self.model.dirty = true;
        self.model.clear_progress();
        let current = self.model.settings.profile.clone();
        let switched = match built {
            Ok(s) => s,
            Err(why) => {
                self.model.set_status(format!("profile {name}: {why} (still on {current})"), Tone::Danger);
                return;
            }
        };
        self.pollers.clear();
        for call in self.calls.drain(..) {
            call.abort();
        }
        (self.net_tx, self.net_rx) = mpsc::unbounded_channel();
        self.awaiting_start.clear();
        self.awaiting_answer.clear();
        self.backends = Arc::new(switched.backends);
        let model = self.model.for_profile(switched.name, self.backends.sources(), switched.keymap);
        let old = std::mem::replace(&mut self.model, model);
        tracing::info!(from = %current, to = %self.model.settings.profile, "profile switched");
        // The old rows may be 100k user actions: freed off the key path like any replaced rows.
        self.model.garbage.push(old);
    }
}

/// The profile being built, once it is; `None` at once when none is (the `select!` branch is
/// then off).
async fn built_profile(
    pending: &mut Option<(String, oneshot::Receiver<Result<Switched, String>>)>,
) -> Option<(String, Result<Switched, String>)> {
    let (_, rx) = pending.as_mut()?;
    let built = rx.await.unwrap_or_else(|_| Err("building the profile failed".into()));
    let (name, _) = pending.take()?;
    Some((name, built))
}

/// At most this many names are read: completion in a directory of millions stays quick.
const MAX_LISTED: usize = 5_000;

fn list_dir(dir: &std::path::Path) -> Result<Vec<crate::app::paths::Entry>, String> {
    let read = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    Ok(read
        .filter_map(Result::ok)
        .take(MAX_LISTED)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            // Follows symlinks, so a link to a directory completes with a slash.
            let is_dir = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
            Some(crate::app::paths::Entry { name, is_dir })
        })
        .collect())
}

/// OSC 52 asks the terminal (the operator's, across SSH) to set its clipboard.
fn osc52(route: crate::app::clipboard::Route, text: &str) -> io::Result<()> {
    let mut out = io::stdout();
    out.write_all(&super::clipboard::sequence(route, text))?;
    out.flush()
}
