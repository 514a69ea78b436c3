//! Creating, renaming and deleting groups (keys `n`, `e`, `D` on the group list). Names are
//! checked against CDS's pattern before anything is sent; delete is typed, and says how many
//! actions go with the group.

use super::{GroupsOp, GroupsPurpose, failed, list_target, refresh_group, server, start};
use crate::app::dialog::{BodyLine, Dialog, Kind, Outcome, Tone, line, text_input};
use crate::app::effect::Effect;
use crate::app::model::Model;
use crate::app::msg::{Feed, Reply};
use crate::app::purpose::Purpose;
use crate::backends::cds::wire::{SHARED_INFRA, WireStr};
use crate::domain::error::ApiError;

/// CDS's own check (§7 G3, G5), `^[a-zA-Z0-9._-]+$`, done here so a bad name is never sent.
pub fn validate_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("a name is needed".into());
    }
    match name.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))) {
        Some(c) => Err(format!("“{}” is not allowed: use letters, digits, '.', '_' and '-'", c.escape_default())),
        None => Ok(()),
    }
}

pub fn new_group(model: &mut Model) -> Vec<Effect> {
    let server = server(model);
    let body = vec![
        BodyLine::new(format!("Create a group on {server}"), Tone::Strong),
        line(""),
        line("Letters, digits, '.', '_' and '-'. You become its first member and admin."),
    ];
    let purpose = Purpose::Groups(GroupsPurpose::Create { server });
    model.show(Dialog::prompt("New group", body, "name", "e.g. platform-team", purpose));
    vec![]
}

pub fn rename(model: &mut Model) -> Vec<Effect> {
    let Some(target) = list_target(model) else { return vec![] };
    let mut body = vec![
        BodyLine::new(format!("Rename the group {} on {}", target.name, target.server), Tone::Strong),
        line(""),
        line(
            "Members, admins, tokens and actions stay with it. Anything that names the group (exported action files, scripts, cdsctl commands) must use the new name.",
        ),
    ];
    if model.groups.counts.get(&target.name).is_some_and(|c| c.admins == 0) {
        body.push(BodyLine::new(
            "It has no admin: CDS refuses to rename a group without one (400 id 63).",
            Tone::Warning,
        ));
    }
    let shown = target.name.shown().to_string();
    let mut d = Dialog::prompt("Rename group", body, "new name", "", Purpose::Groups(GroupsPurpose::Rename(target)));
    if let Kind::Prompt(p) = &mut d.kind {
        p.input = text_input(&shown, "new name");
    }
    model.show(d);
    vec![]
}

pub fn delete(model: &mut Model) -> Vec<Effect> {
    let Some(target) = list_target(model) else { return vec![] };
    // The action list only holds what the caller may read, which includes every action of
    // a group they are a member of.
    let actions = model
        .actions
        .freshness
        .last_ok
        .map(|_| model.actions.rows.iter().filter(|r| r.path.group == target.name.raw()).count());
    let mut body =
        vec![BodyLine::new(format!("Delete the group {} on {}", target.name, target.server), Tone::Strong), line("")];
    let cascade = match actions {
        Some(0) => "It owns no action that the Actions pane shows.".to_string(),
        Some(1) => "Its 1 action is deleted with it (CDS cascades the delete).".to_string(),
        Some(n) => format!("Its {n} actions are deleted with it (CDS cascades the delete)."),
        None => "Its actions, if any, are deleted with it (the action list has not loaded, so opsy cannot count them)."
            .to_string(),
    };
    body.push(BodyLine::new(cascade, if actions == Some(0) { Tone::Normal } else { Tone::Danger }));
    body.push(line("Its memberships, tokens and project permissions go too. There is no undo."));
    if target.name == SHARED_INFRA {
        body.push(BodyLine::new(
            "shared.infra is the public group: every CDS user relies on its actions and worker models.",
            Tone::Danger,
        ));
    }
    let expected = target.name.shown().to_string();
    let purpose = Purpose::Groups(GroupsPurpose::Delete { target, actions });
    model.show(Dialog::typed_confirm("Delete group", body, "Delete", &expected, purpose));
    vec![]
}

pub fn on_dialog(model: &mut Model, purpose: GroupsPurpose, outcome: Outcome) -> Vec<Effect> {
    match (purpose, outcome) {
        (GroupsPurpose::Create { server }, Outcome::Text(name)) => {
            if let Err(why) = validate_name(&name) {
                set_error(model, why);
                return vec![];
            }
            model.close_dialog();
            start(model, GroupsOp::Create { name, server })
        }
        (GroupsPurpose::Rename(target), Outcome::Text(new)) => {
            if let Err(why) = validate_name(&new) {
                set_error(model, why);
                return vec![];
            }
            if target.name == new.as_str() {
                set_error(model, "that is already its name".into());
                return vec![];
            }
            model.close_dialog();
            start(model, GroupsOp::Rename { target, new })
        }
        (GroupsPurpose::Delete { target, actions }, Outcome::Confirmed) => {
            model.close_dialog();
            start(model, GroupsOp::Delete { target, actions })
        }
        _ => vec![],
    }
}

fn set_error(model: &mut Model, why: String) {
    if let Some(d) = &mut model.dialog {
        d.set_error(why);
    }
}

pub fn on_done(model: &mut Model, op: GroupsOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    match (&op, result) {
        (GroupsOp::Create { name, server }, Ok(_)) => {
            model.set_status(format!("created group {name} on {server}; you are its admin"), Tone::Success);
            // Selected as soon as the list shows it.
            model.groups.cursor.selected = Some(WireStr::new(name.as_str()));
            vec![Effect::Refresh(Feed::CdsGroups)]
        }
        (GroupsOp::Rename { target, new }, Ok(_)) => {
            let new_name = WireStr::new(new.as_str());
            model.set_status(format!("renamed {} to {new} on {}", target.name, target.server), Tone::Success);
            model.groups.cursor.selected = Some(new_name.clone());
            if let Some(c) = model.groups.counts.remove(&target.name) {
                model.groups.counts.insert(new_name.clone(), c);
            }
            follow_rename(model, &target.name, new_name);
            vec![Effect::Refresh(Feed::CdsGroups), Effect::Refresh(Feed::CdsActions)]
        }
        (GroupsOp::Delete { target, actions }, Ok(_)) => {
            let also = match actions {
                Some(n) if *n > 0 => format!(" with its {n} action{}", if *n == 1 { "" } else { "s" }),
                _ => String::new(),
            };
            model.set_status(format!("deleted group {}{also} on {}", target.name, target.server), Tone::Success);
            if model.groups.open.as_ref().is_some_and(|v| v.name == target.name) {
                model.groups.open = None;
            }
            model.groups.counts.remove(&target.name);
            model.groups.deleted = Some(target.name.clone());
            vec![Effect::Refresh(Feed::CdsGroups), Effect::Refresh(Feed::CdsActions)]
        }
        (_, Err(e)) => {
            let (title, what) = match &op {
                GroupsOp::Create { name, .. } => ("Group not created", format!("{name} was not created.")),
                GroupsOp::Rename { target, new } => {
                    ("Group not renamed", format!("{} was not renamed to {new}.", target.name))
                }
                GroupsOp::Delete { target, .. } => ("Group not deleted", format!("{} was not deleted.", target.name)),
                _ => ("Request failed", format!("Failed while {}.", op.label())),
            };
            failed(model, title, what, &e, &op);
            match &op {
                GroupsOp::Create { .. } => vec![Effect::Refresh(Feed::CdsGroups)],
                GroupsOp::Rename { target, .. } | GroupsOp::Delete { target, .. } => refresh_group(&target.name),
                _ => vec![],
            }
        }
        (_, Ok(_)) => vec![],
    }
}

/// The open group was renamed: keep it open under its new name (a new feed).
fn follow_rename(model: &mut Model, old: &WireStr, new: WireStr) {
    let Some(v) = model.groups.open.as_mut().filter(|v| &v.name == old) else { return };
    let mut view = super::GroupView::new(new, v.id);
    view.tab = v.tab;
    *v = view;
}
