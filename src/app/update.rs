//! `update`: the only function that changes the model. Keys are routed to the innermost thing
//! that has focus (help, dialog, command line, filter line, then the pane's offers, then the
//! global keys). What a pane can do comes from its [`PaneUnit::offers`] alone.
//!
//! [`PaneUnit::offers`]: super::panes::PaneUnit::offers

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::command_line;
use super::dialog::{Outcome, Tone};
use super::effect::Effect;
use super::field::{Field, FieldKey};
use super::freshness::State;
use super::keymap::{Command, Scope};
use super::model::{Help, Model};
use super::msg::{Feed, Msg, Payload};
use super::panes::{self, Pane};
use crate::domain::error::ApiError;

pub(crate) fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => {
            if key.kind == KeyEventKind::Release {
                return vec![];
            }
            model.dirty = true;
            let before = model.pane;
            let mut effects = match split_alt(model, &key) {
                Some((esc, plain)) => {
                    let mut fx = on_key(model, &esc);
                    fx.extend(on_key(model, &plain));
                    fx
                }
                None => on_key(model, &key),
            };
            if model.pane != before {
                effects.extend(shown(model));
            }
            effects
        }
        Msg::Paste(text) => {
            model.dirty = true;
            on_paste(model, &text);
            vec![]
        }
        Msg::Resize { width, height } => {
            model.width = width;
            model.height = height;
            // Every list keeps its cursor on screen, hidden panes too: the keys act on the
            // row the operator sees highlighted.
            for pane in Pane::ALL {
                pane.unit().resize(model);
            }
            model.dirty = true;
            vec![]
        }
        Msg::Clock(now) => {
            let before = clock_face(model);
            model.now = now;
            if model.status.as_ref().is_some_and(|s| s.expired(now)) {
                model.status = None;
                model.dirty = true;
            }
            if clock_face(model) != before {
                model.dirty = true;
            }
            vec![]
        }
        Msg::Spin => {
            if model.busy() {
                model.spinner = model.spinner.wrapping_add(1);
                model.dirty = true;
            }
            vec![]
        }
        Msg::FetchStarted(feed) => {
            if let Some(f) = panes::freshness_mut(model, &feed) {
                f.started();
                model.dirty = true;
            }
            vec![]
        }
        Msg::Progress { feed, done, total } => {
            if let Some(f) = panes::freshness_mut(model, &feed)
                && f.in_flight
            {
                f.progress = Some((done, total));
                model.dirty = true;
            }
            vec![]
        }
        Msg::Fetched { feed, at, result, next } => {
            model.dirty = true;
            // The visible pane's answer ends "refreshing…"; an error then shows in its place.
            // A request's progress stays until the request itself answers.
            if model.pane.unit().refresh(model).contains(&feed) && model.ops.is_empty() {
                model.clear_progress();
            }
            if let Some(f) = panes::freshness_mut(model, &feed) {
                f.retry_at = if result.is_err() { next } else { None };
            }
            // The visible pane now says what is wrong with its source, with the retry time:
            // an older failure message would contradict it.
            let visible = model.pane.unit().feeds(model).contains(&feed);
            if result.is_err()
                && visible
                && model.status.as_ref().is_some_and(|s| s.tone == Tone::Danger && !s.progress)
            {
                model.status = None;
            }
            panes::on_fetched(model, feed, at, result);
            vec![]
        }
        Msg::Done { op, result } => {
            model.dirty = true;
            let Some(pending) = model.ops.remove(&op) else { return vec![] };
            // The answer replaces "…ing" (the handler sets its own message, if any).
            model.clear_progress();
            panes::on_done(model, pending.op, result)
        }
        Msg::Listed { typed, entries } => {
            model.dirty = true;
            complete_path(model, &typed, entries);
            vec![]
        }
        Msg::Edited(edited) => {
            model.dirty = true;
            panes::actions::on_edited(model, edited)
        }
        Msg::HistoryUnsaved(why) => {
            // Said once: the console works without it, and every command would say it again.
            if !model.history.warned {
                model.history.warned = true;
                model.set_status(format!("{why}; : history is kept for this session only"), Tone::Warning);
                model.dirty = true;
            }
            vec![]
        }
        Msg::Shutdown(reason) => {
            model.set_status(reason, Tone::Warning);
            model.quit = true;
            vec![]
        }
    }
}

/// Esc and the next key typed quickly arrive as one Alt-key (the terminal cannot tell them
/// apart, and over a slow SSH link they often come in one read). opsy binds no Alt key by
/// default, so an Alt-key nobody bound is taken for what the operator typed: Esc, then the key.
fn split_alt(model: &Model, key: &KeyEvent) -> Option<(KeyEvent, KeyEvent)> {
    let KeyCode::Char(_) = key.code else { return None };
    if key.modifiers - KeyModifiers::SHIFT != KeyModifiers::ALT || model.keymap.is_bound(key) {
        return None;
    }
    let esc = KeyEvent::new_with_kind(KeyCode::Esc, KeyModifiers::NONE, key.kind);
    let plain = KeyEvent::new_with_kind(key.code, key.modifiers - KeyModifiers::ALT, key.kind);
    Some((esc, plain))
}

/// Apply a listing to the open path prompt, unless the operator typed on meanwhile.
fn complete_path(model: &mut Model, typed: &str, entries: Result<Vec<super::paths::Entry>, String>) {
    let Some(p) = model.dialog.as_mut().and_then(|d| d.prompt_mut()) else { return };
    if !p.input.holds_paths() || p.input.text() != typed {
        return;
    }
    match entries {
        Ok(entries) => {
            let done = super::paths::complete(typed, &entries);
            if let Some(text) = done.text {
                p.input.set_text(&text);
            }
            p.note = done.note;
        }
        Err(why) => p.note = Some(why),
    }
}

/// What the clock changes on screen: the minute (relative times, ages) and staleness.
/// What the clock changes on screen: the visible pane's data ages and retry countdowns as
/// they read ("12 s ago", "retrying in 4s"), relative times in minutes, and staleness. A tick
/// that changes none of them draws nothing.
fn clock_face(model: &Model) -> (i64, Vec<State>, Vec<String>) {
    let states = Pane::ALL
        .iter()
        .flat_map(|p| {
            let iv = model.interval_of(*p);
            p.unit().health(model).into_iter().map(move |h| h.freshness.state(model.now, iv))
        })
        .collect();
    let since = |t: jiff::Timestamp| model.now.duration_since(t).unsigned_abs();
    let shown = model
        .pane
        .unit()
        .health(model)
        .iter()
        .flat_map(|h| {
            let age = h.freshness.last_ok.map(|ok| super::freshness::ago(since(ok)));
            let retry = h
                .freshness
                .retry_at
                .filter(|at| *at > model.now)
                .map(|at| super::freshness::short_age(at.duration_since(model.now).unsigned_abs()));
            [age, retry]
        })
        .flatten()
        .collect();
    (model.now.as_second() / 60, states, shown)
}

/// A pane just came on screen: what it shows that is older than its interval is fetched at
/// once, rather than at the hidden pane's slower pace.
fn shown(model: &mut Model) -> Vec<Effect> {
    let (now, interval) = (model.now, model.settings.interval);
    let unit = model.pane.unit();
    let mut effects = Vec::new();
    for feed in unit.feeds(model) {
        let old = panes::freshness_mut(model, &feed).is_none_or(|f| {
            !f.in_flight && f.last_ok.is_none_or(|ok| now.duration_since(ok).unsigned_abs() >= interval)
        });
        if old {
            effects.push(Effect::Refresh(feed));
        }
    }
    effects
}

/// A source said who the operator is and what the token may do.
pub(crate) fn on_about(model: &mut Model, feed: Feed, result: Result<Payload, ApiError>) {
    let (Feed::About(source), Ok(Payload::About(about))) = (feed, result) else { return };
    let Some(info) = model.sources.get_mut(source) else { return };
    if about.whoami.is_some() {
        info.whoami = about.whoami;
    }
    if let (Some(history), Some(caps)) = (about.history, info.actions.as_mut()) {
        caps.history = history;
    }
}

fn on_paste(model: &mut Model, text: &str) {
    if let Some(d) = &mut model.dialog {
        d.on_paste(text);
    } else if let Some(cl) = &mut model.command_line {
        cl.paste(text);
    } else if model.find.input.is_some() {
        model.find.on_paste(text);
    } else if editing_filter(model) {
        let unit = model.pane.unit();
        unit.edit_filter(model, &mut |f| f.on_paste(text));
    }
}

/// Whether keys go to a `/` line being typed.
fn editing_filter(model: &Model) -> bool {
    model.pane.unit().filter(model).is_some_and(|f| f.is_editing())
}

fn on_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
    // Suspending works from anywhere, as it does in a shell: a dialog or a half-typed line is
    // there again after `fg`.
    if model.keymap.lookup(&[Scope::Global], key) == Some(Command::Suspend) {
        return vec![Effect::Suspend];
    }
    if model.help.is_some() {
        on_help_key(model, key);
        return vec![];
    }
    if model.dialog.is_some() {
        return on_dialog_key(model, key);
    }
    if model.command_line.is_some() {
        return on_command_line_key(model, key);
    }
    if model.find.input.is_some() {
        on_find_key(model, key);
        return vec![];
    }
    if editing_filter(model) {
        let unit = model.pane.unit();
        let keymap = model.keymap.clone();
        unit.edit_filter(model, &mut |f| f.on_key(&keymap, key));
        return vec![];
    }
    let scopes = model.key_scopes();
    let cmds = model.keymap.lookup_all(&scopes, key);
    let Some(first) = cmds.first().copied() else {
        explain_unbound(model, &scopes, key);
        return vec![];
    };
    let unit = model.pane.unit();
    // A page of text finds with `/`, `n` and `N`, whatever the pane.
    if let Some(cmd) =
        cmds.iter().copied().find(|c| matches!(c, Command::Filter | Command::NextMatch | Command::PrevMatch))
        && unit.shows_page(model)
    {
        if cmd == Command::Filter {
            model.find.open();
        } else {
            find_next(model, cmd);
        }
        return vec![];
    }
    // The most specific meaning the pane offers wins; a key the pane does not take falls
    // through to its meaning everywhere.
    let offers = unit.offers(model);
    match cmds.iter().find_map(|c| offers.iter().find(|o| o.cmd == *c)) {
        Some(offer) => match &offer.ready {
            Ok(()) if offer.cmd == Command::Back => back(model),
            Ok(()) => unit.run(model, offer.cmd),
            Err(why) => {
                model.set_status(why.clone(), Tone::Warning);
                vec![]
            }
        },
        None => match cmds.iter().copied().find(|c| is_global(*c)) {
            Some(cmd) => on_global(model, cmd),
            // `n` in a list where read-only took "new" away: say that, not "not available".
            None if model.keymap.removed_by_read_only(&scopes, key).is_some() => {
                explain_unbound(model, &scopes, key);
                vec![]
            }
            None => on_global(model, first),
        },
    }
}

/// Esc in a pane: the pane closes what is open; when that was opened by a jump from another
/// pane and the pane is back at its top, the operator is taken back where they were.
fn back(model: &mut Model) -> Vec<Effect> {
    let (pane, unit) = (model.pane, model.pane.unit());
    let was_open = unit.in_sub_view(model);
    let effects = unit.run(model, Command::Back);
    if was_open
        && model.pane == pane
        && !unit.in_sub_view(model)
        && let Some(from) = model.jumps.pop()
    {
        model.pane = from;
    }
    effects
}

/// In read-only mode a removed key says why instead of doing nothing silently.
fn explain_unbound(model: &mut Model, scopes: &[Scope], key: &KeyEvent) {
    if let Some(b) = model.keymap.removed_by_read_only(scopes, key) {
        let why = format!("--read-only, or read_only = true in profile {}", model.settings.profile);
        model.set_status(format!("read-only: “{}” is disabled ({why})", b.desc), Tone::Warning);
    }
}

/// Commands that mean the same in every view and no pane needs to offer.
fn is_global(cmd: Command) -> bool {
    matches!(
        cmd,
        Command::PaneActions
            | Command::PaneGroups
            | Command::PaneAudits
            | Command::PaneUserActions
            | Command::NextPane
            | Command::PrevPane
            | Command::Help
            | Command::Quit
            | Command::Suspend
            | Command::OpenCommandLine
            | Command::Freeze
            | Command::Refresh
            | Command::Back
    )
}

fn on_global(model: &mut Model, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::PaneActions => model.go(Pane::Actions),
        Command::PaneGroups => model.go(Pane::Groups),
        Command::PaneAudits => model.go(Pane::Audits),
        Command::PaneUserActions => model.go(Pane::UserActions),
        Command::NextPane => model.go(model.pane.cycle(true)),
        Command::PrevPane => model.go(model.pane.cycle(false)),
        Command::Help => model.help = Some(Help::default()),
        Command::Quit => model.quit = true,
        Command::Suspend => return vec![Effect::Suspend],
        Command::OpenCommandLine => model.command_line = Some(Field::new("", "")),
        Command::Freeze => {
            model.frozen = !model.frozen;
            let text = if model.frozen {
                "polling frozen: data will not change until you press f again (r still refreshes)"
            } else {
                "polling resumed"
            };
            model.set_status(text, Tone::Muted);
        }
        Command::Refresh => {
            let feeds = model.pane.unit().refresh(model);
            if !feeds.is_empty() {
                model.set_progress("refreshing…");
            }
            return feeds.into_iter().map(Effect::Refresh).collect();
        }
        Command::Back => model.status = None,
        _ => {
            let title = model.pane.title();
            let has_source = !model.pane.unit().feeds(model).is_empty();
            if !has_source {
                model.set_status(format!("{title}: this pane has no server configured"), Tone::Warning);
            } else if let Some(b) = super::keymap::binding(Scope::Global, cmd)
                .or_else(|| model.key_scopes().iter().find_map(|s| super::keymap::binding(*s, cmd)))
            {
                model.set_status(format!("{}: not available here", b.desc), Tone::Muted);
            }
        }
    }
    vec![]
}

fn on_help_key(model: &mut Model, key: &KeyEvent) {
    let cmd = model.keymap.lookup(&[Scope::Global], key);
    let (width, page) = super::help::inner_size(model.width, model.height);
    let lines = super::help::document(model, width).wrap(width).len();
    let Some(help) = &mut model.help else { return };
    if let Some(cmd) = cmd
        && help.pager.scroll(cmd, usize::from(page), lines)
    {
        return;
    }
    if matches!(cmd, Some(Command::Help | Command::Back | Command::Quit)) {
        model.help = None;
        if model.dialog.is_none() {
            model.dialog = model.queued.pop_front();
        }
    }
}

fn on_dialog_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
    let Some(dialog) = model.dialog.as_mut() else { return vec![] };
    let outcome = dialog.on_key(&model.keymap, key);
    match outcome {
        Outcome::Stay => vec![],
        Outcome::Copy(text) => model.copy_secret(text),
        Outcome::Complete(typed) => {
            let (dir, _) = model.settings.places.to_complete(&typed);
            vec![Effect::ListDir { dir, typed }]
        }
        outcome => {
            let purpose = dialog.purpose.clone();
            panes::on_dialog(model, purpose, outcome)
        }
    }
}

fn on_find_key(model: &mut Model, key: &KeyEvent) {
    let keymap = model.keymap.clone();
    if let super::find::FindKey::Done = model.find.on_key(&keymap, key)
        && !model.find.word.is_empty()
        && model.find.input.is_none()
    {
        find_next(model, Command::Filter);
    }
}

/// Scroll the page to the next (`n`), previous (`N`) or first (`/` submitted) match.
fn find_next(model: &mut Model, cmd: Command) {
    let unit = model.pane.unit();
    let Some(doc) = unit.page(model) else { return };
    let (width, word) = (model.width, model.find.word.clone());
    let Some(pager) = unit.pager_mut(model) else { return };
    let said = super::find::go(&doc, width, pager, &word, cmd);
    model.set_status(said, Tone::Muted);
}

fn on_command_line_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
    let Some(input) = &mut model.command_line else { return vec![] };
    model.command_choices.clear();
    let recalled = match model.keymap.lookup(&[Scope::Input], key) {
        Some(Command::HistoryPrev) => Some(model.history.older(&input.text()).map(str::to_string)),
        Some(Command::HistoryNext) => Some(model.history.newer().map(str::to_string)),
        Some(Command::Complete) => {
            complete_command(model);
            return vec![];
        }
        _ => None,
    };
    if let Some(recalled) = recalled {
        if let Some(text) = recalled {
            input.set_text(&text);
        }
        return vec![];
    }
    match input.on_key(&model.keymap, key) {
        FieldKey::Cancel => {
            model.command_line = None;
            model.history.reset();
            vec![]
        }
        FieldKey::Submit => {
            let line = input.text();
            model.command_line = None;
            let mut effects = Vec::new();
            if model.history.push(&line) {
                effects.push(Effect::SaveHistory(model.history.lines().to_vec()));
            }
            effects.extend(command_line::run(model, &line));
            effects
        }
        FieldKey::Edited => {
            model.history.reset();
            vec![]
        }
        FieldKey::Complete | FieldKey::Leave | FieldKey::Unchanged => vec![],
    }
}

/// Tab on the `:` line: complete what is typed; several choices are listed in the status.
fn complete_command(model: &mut Model) {
    let Some(typed) = model.command_line.as_ref().map(Field::text) else { return };
    let done = command_line::complete(model, &typed);
    if let (Some(text), Some(input)) = (&done.text, model.command_line.as_mut()) {
        input.set_text(text);
        model.history.reset();
    }
    model.command_choices = match done.candidates {
        none if none.is_empty() && done.text.is_none() => vec![format!("nothing completes “{}”", typed.trim())],
        choices => choices,
    };
}
