//! `update`: the only function that changes the model. Keys are routed to the innermost thing
//! that has focus (help, dialog, command line, filter, pane, then global).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::dialog::{Outcome, Tone};
use super::effect::Effect;
use super::freshness::State;
use super::keymap::{Command, Scope, binding};
use super::model::{Help, Model, Pane, PaneOp};
use super::msg::{Feed, Msg, Payload};
use super::panes::{actions, audits, groups, user_actions};
use super::purpose::Purpose;
use super::{command_line, filtering};

pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => {
            if key.kind == KeyEventKind::Release {
                return vec![];
            }
            model.dirty = true;
            on_key(model, &key)
        }
        Msg::Paste(text) => {
            model.dirty = true;
            on_paste(model, &text);
            vec![]
        }
        Msg::Resize { width, height } => {
            model.width = width;
            model.height = height;
            let page = model.table_rows();
            let ua = &mut model.user_actions;
            ua.cursor.scroll_into_view(page, ua.view.len());
            model.dirty = true;
            vec![]
        }
        Msg::Clock(now) => {
            let before = clock_face(model);
            model.now = now;
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
            if let Some(f) = freshness_of(model, &feed) {
                f.started();
                model.dirty = true;
            }
            vec![]
        }
        Msg::Fetched { feed, at, result } => {
            model.dirty = true;
            // The visible pane's answer ends "refreshing…"; an error then shows in its place.
            // A request's progress stays until the request itself answers.
            if model.feed_of(model.pane).as_ref() == Some(&feed) && model.ops.is_empty() {
                model.clear_progress();
            }
            on_fetched(model, feed, at, result);
            vec![]
        }
        Msg::Done { op, at: _, result } => {
            model.dirty = true;
            let Some(pending) = model.ops.remove(&op) else { return vec![] };
            // The answer replaces "…ing" (the handler sets its own message, if any).
            model.clear_progress();
            match pending.op {
                PaneOp::UserActions(ua) => user_actions::on_done(model, op, ua, result),
                PaneOp::Actions(a) => actions::on_done(model, a, result),
                PaneOp::Audits(a) => audits::on_done(model, a, result),
                PaneOp::Groups(g) => groups::on_done(model, g, result),
            }
        }
        Msg::Shutdown(reason) => {
            model.set_status(reason, Tone::Warning);
            model.quit = true;
            vec![]
        }
    }
}

/// What the clock changes on screen: the minute (relative times, ages) and staleness.
fn clock_face(model: &Model) -> (i64, [State; 3]) {
    let iv = model.settings.interval;
    let states = [
        model.user_actions.freshness.state(model.now, iv),
        model.actions.freshness.state(model.now, iv),
        groups::visible_freshness(&model.groups).state(model.now, iv),
    ];
    (model.now.as_second() / 60, states)
}

/// The freshness record a feed updates, if the feed is still the current one.
fn freshness_of<'a>(model: &'a mut Model, feed: &Feed) -> Option<&'a mut super::freshness::Freshness> {
    match feed {
        Feed::UserActions(q) if *q == model.user_actions.query() => Some(&mut model.user_actions.freshness),
        Feed::UserActions(_) => None,
        Feed::CdsActions => Some(&mut model.actions.freshness),
        Feed::CdsAudits(p) => model.audits.action.as_mut().filter(|a| &a.path == p).map(|a| &mut a.freshness),
        Feed::Executions => Some(&mut model.audits.executions.freshness),
        _ => groups::freshness_mut(model, feed),
    }
}

fn on_fetched(
    model: &mut Model,
    feed: Feed,
    at: jiff::Timestamp,
    result: Result<Payload, crate::domain::error::ApiError>,
) {
    match (feed, result) {
        (Feed::UserActions(q), Ok(Payload::UserActions { rows, summary })) => {
            user_actions::on_fetched(model, q, at, rows, summary);
        }
        (Feed::UserActions(q), Err(e)) => {
            if q == model.user_actions.query() {
                model.user_actions.freshness.failed(e.to_string());
            }
        }
        (Feed::CdsActions, Ok(Payload::CdsActions(list))) => actions::on_fetched(model, at, Ok(list)),
        (Feed::CdsActions, Err(e)) => actions::on_fetched(model, at, Err(e)),
        (Feed::CdsAudits(path), Ok(Payload::CdsAudits(rows))) => audits::on_audits(model, &path, at, Ok(rows)),
        (Feed::CdsAudits(path), Err(e)) => audits::on_audits(model, &path, at, Err(e)),
        (Feed::Executions, Ok(Payload::Executions { rows, total })) => {
            audits::on_executions(model, at, Ok((rows, total)))
        }
        (Feed::Executions, Err(e)) => audits::on_executions(model, at, Err(e)),
        (
            feed @ (Feed::CdsGroups
            | Feed::CdsGroup(_)
            | Feed::CdsTokens(_)
            | Feed::CdsGroupActions(_)
            | Feed::CdsWorkerModels(_)),
            result,
        ) => groups::on_fetched(model, feed, at, result),
        (feed, Ok(_)) => tracing::warn!(?feed, "payload does not match its feed"),
    }
}

fn on_paste(model: &mut Model, text: &str) {
    if let Some(d) = &mut model.dialog {
        d.on_paste(text);
    } else if let Some(cl) = &mut model.command_line {
        cl.insert_str(text.replace(['\r', '\n'], " "));
    } else if filtering::editing(model) {
        filtering::on_paste(model, text);
    }
}

fn on_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
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
    if filtering::editing(model) {
        filtering::on_key(model, key);
        return vec![];
    }
    let scopes = model.key_scopes();
    let Some(cmd) = model.keymap.lookup(&scopes, key) else {
        explain_unbound(model, &scopes, key);
        return vec![];
    };
    let pane_effects = match model.pane {
        Pane::UserActions => user_actions::on_command(model, cmd),
        Pane::Actions => actions::on_command(model, cmd),
        Pane::Audits => audits::on_command(model, cmd),
        Pane::Groups => groups::on_command(model, cmd),
    };
    match pane_effects {
        Some(effects) => effects,
        None => on_global(model, cmd),
    }
}

/// In read-only mode a removed key says why instead of doing nothing silently.
fn explain_unbound(model: &mut Model, scopes: &[Scope], key: &KeyEvent) {
    if let Some(b) = model.keymap.removed_by_read_only(scopes, key) {
        model.set_status(format!("read-only: “{}” is disabled (started with --read-only)", b.desc), Tone::Warning);
    }
}

fn on_global(model: &mut Model, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::PaneActions => model.pane = Pane::Actions,
        Command::PaneGroups => model.pane = Pane::Groups,
        Command::PaneAudits => model.pane = Pane::Audits,
        Command::PaneUserActions => model.pane = Pane::UserActions,
        Command::NextPane => model.pane = model.pane.cycle(true),
        Command::PrevPane => model.pane = model.pane.cycle(false),
        Command::Help => model.help = Some(Help::default()),
        Command::Quit => model.quit = true,
        Command::CommandLine => model.command_line = Some(super::dialog::text_input("", "")),
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
            return match model.feed_of(model.pane) {
                Some(feed) => {
                    model.set_progress("refreshing…");
                    vec![Effect::Refresh(feed)]
                }
                None => vec![],
            };
        }
        Command::Back => model.status = None,
        _ => {
            if let Some(b) = binding(model.pane.scope(), cmd).or_else(|| binding(Scope::Global, cmd))
                && model.feed_of(model.pane).is_none()
                && b.scope != Scope::Global
            {
                model.set_status(format!("{}: this pane has no server configured", b.desc), Tone::Warning);
            }
        }
    }
    vec![]
}

fn on_help_key(model: &mut Model, key: &KeyEvent) {
    let cmd = model.keymap.lookup(&[Scope::Global], key);
    let page = model.table_rows();
    let Some(help) = &mut model.help else { return };
    if let Some(cmd) = cmd
        && super::list::scroll(&mut help.scroll, cmd, page)
    {
        // The overlay has about one line per binding plus a header per scope; past that
        // the view is clamped anyway, so do not let the offset run away from it.
        help.scroll = help.scroll.min(super::keymap::BINDINGS.len() + 4 * Scope::ALL.len());
        return;
    }
    if matches!(cmd, Some(Command::Help | Command::Back | Command::Quit)) || key.code == KeyCode::Esc {
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
        Outcome::Copy(text) => {
            model.set_status("copied to the clipboard (OSC 52)", Tone::Success);
            vec![Effect::Copy(text)]
        }
        outcome => {
            let purpose = dialog.purpose.clone();
            match purpose {
                Purpose::None => {
                    model.close_dialog();
                    vec![]
                }
                Purpose::UserActions(p) => user_actions::on_dialog(model, p, outcome),
                Purpose::Actions(p) => actions::on_dialog(model, p, outcome),
                Purpose::Audits(p) => audits::on_dialog(model, p, outcome),
                Purpose::Groups(p) => groups::on_dialog(model, p, outcome),
            }
        }
    }
}

fn on_command_line_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
    let Some(input) = &mut model.command_line else { return vec![] };
    match key.code {
        KeyCode::Esc => {
            model.command_line = None;
            vec![]
        }
        KeyCode::Enter => {
            let line = super::dialog::input_text(input);
            model.command_line = None;
            command_line::run(model, &line)
        }
        _ => {
            input.input(*key);
            vec![]
        }
    }
}
