//! The keys that act on one action (from the list or its open page) and their dialogs:
//! usage, audits, export, import, delete, enable/disable. Each dialog names the action, its
//! source's server, and captures the target when it opens.

use super::{ActionTarget, ActionsOp, ActionsPurpose, Page, View, start, target_of};
use crate::app::dialog::{BodyLine, Dialog, Outcome, Tone, line};
use crate::app::effect::Effect;
use crate::app::field::Field;
use crate::app::keymap::Command;
use crate::app::list::Pager;
use crate::app::loaded::Loaded;
use crate::app::model::Model;
use crate::app::panes::{Pane, Purpose};

pub(super) fn on_action_command(m: &mut Model, cmd: Command) -> Vec<Effect> {
    if cmd == Command::ActionImport {
        return import(m);
    }
    if cmd == Command::ActionNew {
        return super::edit::create(m);
    }
    let Some(row) = m.actions.focus() else { return vec![] };
    let target = target_of(m, row);
    let active = row.active;
    match cmd {
        Command::ActionUsage => {
            m.actions.screen =
                View::Usage(Page { target: target.clone(), doc: Loaded::Loading, pager: Pager::default() });
            start(m, ActionsOp::Usage(target))
        }
        Command::ActionAudits => {
            m.audits.open_action(target.source, target.key, target.name);
            m.jump(Pane::Audits);
            vec![]
        }
        Command::ActionExport => export(m, target),
        Command::ActionDelete => delete(m, target),
        Command::ActionToggle => match active {
            Some(active) => toggle(m, target, !active),
            None => vec![],
        },
        Command::ActionEdit => super::edit::edit(m, target),
        _ => vec![],
    }
}

fn export(m: &mut Model, t: ActionTarget) -> Vec<Effect> {
    let mut body =
        vec![BodyLine::new(format!("Export {}", t.name), Tone::Strong), line(format!("from {}", t.server)), line("")];
    let formats = m.sources.actions_caps(t.source).map_or("", |c| c.export_note);
    body.push(line(format!("File to write. {formats}").trim_end().to_string()));
    body.push(BodyLine::new(m.settings.places.relative_note(), Tone::Muted));
    body.push(BodyLine::new("An existing file is never replaced without asking.", Tone::Muted));
    let default = format!("{}.yml", safe_file_name(t.name.rsplit('/').next().unwrap_or(&t.name)));
    let mut d = Dialog::prompt("Export action", body, "file", "", Purpose::Actions(ActionsPurpose::ExportPath(t)));
    if let Some(p) = d.prompt_mut() {
        p.input = Field::new(&default, "path").for_paths();
    }
    m.show(d);
    vec![]
}

/// Import into the selected row's source if it imports, else the first source that does.
fn import(m: &mut Model) -> Vec<Effect> {
    let selected = m.actions.list.selected().map(|r| r.source);
    let importer = selected
        .filter(|s| m.sources.actions_caps(*s).is_some_and(|c| c.import))
        .or_else(|| m.sources.actions().find(|(_, c)| c.import).map(|(s, _)| s.id));
    let Some(source) = importer else { return vec![] };
    let server = m.sources.server(source);
    let mut body = vec![BodyLine::new(format!("Import an action into {server}"), Tone::Strong), line("")];
    if let Some(caps) = m.sources.actions_caps(source) {
        for (i, note) in caps.import_notes.iter().enumerate() {
            let last = i + 1 == caps.import_notes.len();
            body.push(BodyLine::new(*note, if last { Tone::Warning } else { Tone::Normal }));
        }
    }
    body.push(BodyLine::new(m.settings.places.relative_note(), Tone::Muted));
    let purpose = Purpose::Actions(ActionsPurpose::ImportPath { source });
    let mut d = Dialog::prompt("Import action", body, "file", "", purpose);
    if let Some(p) = d.prompt_mut() {
        // The last path typed comes back: a failed import is retried, not retyped.
        p.input = Field::new(m.actions.last_import.as_deref().unwrap_or(""), "path/to/action.yml").for_paths();
    }
    m.show(d);
    vec![]
}

fn delete(m: &mut Model, t: ActionTarget) -> Vec<Effect> {
    let mut body =
        vec![BodyLine::new(format!("Delete the action {}", t.name), Tone::Strong), line(format!("on {}", t.server))];
    if let Some(caps) = m.sources.actions_caps(t.source) {
        body.push(line(""));
        body.extend(caps.delete_notes.iter().map(|n| line(*n)));
        if !caps.delete_warning.is_empty() {
            body.push(BodyLine::new(caps.delete_warning, Tone::Danger));
        }
    }
    m.show(Dialog::confirm("Delete action", body, "Delete", true, Purpose::Actions(ActionsPurpose::Delete(t))));
    vec![]
}

/// Deactivating stops the action from running in the flows it is bound to, so it is
/// confirmed; so is reactivating, which makes it run again for every login.
fn toggle(m: &mut Model, t: ActionTarget, active: bool) -> Vec<Effect> {
    let verb = if active { "Activate" } else { "Deactivate" };
    let owner_label = m.sources.actions_caps(t.source).map_or("group", |c| c.owner_label);
    let mut body = vec![BodyLine::new(format!("{verb} the action {}", t.name), Tone::Strong)];
    if let Some(owner) = &t.owner {
        body.push(line(format!("of the {owner_label} {owner}")));
    }
    body.push(line(format!("on {}", t.server)));
    body.push(line(""));
    body.push(if active {
        line("It runs again in every flow it is bound to.")
    } else {
        BodyLine::new("It stops running in every flow it is bound to, until reactivated.", Tone::Warning)
    });
    let purpose = Purpose::Actions(ActionsPurpose::Toggle { target: t, active });
    m.show(Dialog::confirm(format!("{verb} action"), body, verb, !active, purpose));
    vec![]
}

/// Keep a default export name free of path separators and surprises.
fn safe_file_name(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' }).collect();
    let trimmed = cleaned.trim_start_matches('.');
    if trimmed.is_empty() { "action".into() } else { trimmed.to_string() }
}

pub(crate) fn on_dialog(m: &mut Model, purpose: ActionsPurpose, outcome: Outcome) -> Vec<Effect> {
    match (purpose, outcome) {
        (ActionsPurpose::EditConfirm, Outcome::Confirmed) => super::edit::confirmed(m),
        (ActionsPurpose::EditConflict { theirs }, Outcome::Picked(i)) => super::edit::on_conflict(m, theirs, i),
        (ActionsPurpose::EditFailed, Outcome::Picked(i)) => super::edit::on_failed(m, i),
        (ActionsPurpose::EditConfirm | ActionsPurpose::EditConflict { .. } | ActionsPurpose::EditFailed, _) => {
            super::edit::set_aside(m)
        }
        (ActionsPurpose::NewOwner { source, owners }, Outcome::Picked(i)) => {
            let owner = owners.get(i).cloned().unwrap_or_default();
            super::edit::template(m, source, owner)
        }
        (_, Outcome::Cancelled | Outcome::Closed) => {
            m.close_dialog();
            vec![]
        }
        (ActionsPurpose::ExportPath(target), Outcome::Text(text)) => {
            if text.is_empty() {
                if let Some(d) = &mut m.dialog {
                    d.set_error("a file name is needed");
                }
                return vec![];
            }
            m.close_dialog();
            let dest = m.settings.places.resolve(&text);
            start(m, ActionsOp::Export { target, dest })
        }
        (ActionsPurpose::ExportOverwrite { target, dest }, Outcome::Confirmed) => {
            m.close_dialog();
            super::results::start_export(m, target, dest, true)
        }
        (ActionsPurpose::ImportPath { source }, Outcome::Text(text)) => {
            if text.is_empty() {
                if let Some(d) = &mut m.dialog {
                    d.set_error("a file name is needed");
                }
                return vec![];
            }
            m.close_dialog();
            let file = m.settings.places.resolve(&text);
            m.actions.last_import = Some(text);
            start(m, ActionsOp::Import { source, file })
        }
        (ActionsPurpose::Delete(target), Outcome::Confirmed) => {
            m.close_dialog();
            start(m, ActionsOp::Delete(target))
        }
        (ActionsPurpose::Toggle { target, active }, Outcome::Confirmed) => {
            m.close_dialog();
            start(m, ActionsOp::Toggle { target, active })
        }
        _ => vec![],
    }
}
