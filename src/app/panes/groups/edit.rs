//! Creating, renaming and deleting groups (keys `n`, `e`, `D` on the group list). Names are
//! checked against the source's rule before anything is sent; delete is typed, and says how
//! many actions go with the group when the source cascades.

use super::ops::list_target;
use super::{GroupTarget, GroupView, GroupsOp, GroupsPurpose, results, start};
use crate::app::dialog::{BodyLine, Dialog, Kind, Outcome, PickItem, Tone, line};
use crate::app::effect::Effect;
use crate::app::field::Field;
use crate::app::model::Model;
use crate::app::msg::{Feed, Reply};
use crate::app::panes::Purpose;
use crate::app::source::SourceId;
use crate::domain::error::ApiError;

/// `n`: create on the one source that can; with several, ask which first.
pub(super) fn new_group(m: &mut Model) -> Vec<Effect> {
    let sources: Vec<SourceId> = m.sources.groups().filter(|(_, c)| c.create).map(|(s, _)| s.id).collect();
    match sources.as_slice() {
        [] => vec![],
        [one] => {
            prompt_name(m, *one);
            vec![]
        }
        _ => {
            let items = sources
                .iter()
                .map(|s| PickItem {
                    label: m.sources.name(*s).to_string(),
                    detail: m.sources.server(*s),
                    tone: Tone::Normal,
                })
                .collect();
            let body = vec![line("Which server should hold the new group?")];
            m.show(Dialog::picker("New group", body, items, Purpose::Groups(GroupsPurpose::CreateWhere { sources })));
            vec![]
        }
    }
}

fn prompt_name(m: &mut Model, source: SourceId) {
    let server = m.sources.server(source);
    let Some(caps) = m.sources.groups_caps(source) else { return };
    let mut body = vec![BodyLine::new(format!("Create a group on {server}"), Tone::Strong), line("")];
    body.extend(caps.create_notes.iter().map(|n| line(*n)));
    let example = caps.name_example;
    let purpose = Purpose::Groups(GroupsPurpose::Create { source, server });
    m.show(Dialog::prompt("New group", body, "name", example, purpose));
}

pub(super) fn rename(m: &mut Model) -> Vec<Effect> {
    let Some(target) = list_target(m) else { return vec![] };
    let note = m.sources.groups_caps(target.source).map_or("", |c| c.rename_note);
    let body = vec![
        BodyLine::new(format!("Rename the group {} on {}", target.name, target.server), Tone::Strong),
        line(""),
        line(note),
    ];
    let name = target.name.clone();
    let mut d = Dialog::prompt("Rename group", body, "new name", "", Purpose::Groups(GroupsPurpose::Rename(target)));
    if let Kind::Prompt(p) = &mut d.kind {
        p.input = Field::new(&name, "new name");
    }
    m.show(d);
    vec![]
}

pub(super) fn delete(m: &mut Model) -> Vec<Effect> {
    let Some(target) = list_target(m) else { return vec![] };
    let Some(caps) = m.sources.groups_caps(target.source).cloned() else { return vec![] };
    let public = m.groups.selected().is_some_and(|r| r.public);
    // The action list only holds what the caller may read, which includes every action of
    // a group they are a member of.
    let actions = caps.delete_counts_actions.then(|| count_actions(m, &target)).flatten();
    let mut body =
        vec![BodyLine::new(format!("Delete the group {} on {}", target.name, target.server), Tone::Strong), line("")];
    if caps.delete_counts_actions {
        let source = m.sources.name(target.source);
        let cascade = match actions {
            Some(0) => "It owns no action that the Actions pane shows.".to_string(),
            Some(1) => format!("Its 1 action is deleted with it ({source} cascades the delete)."),
            Some(n) => format!("Its {n} actions are deleted with it ({source} cascades the delete)."),
            None => {
                "Its actions, if any, are deleted with it (the action list has not loaded, so opsy cannot count them)."
                    .to_string()
            }
        };
        body.push(BodyLine::new(cascade, if actions == Some(0) { Tone::Normal } else { Tone::Danger }));
    }
    body.push(line(caps.delete_note));
    if public && !caps.public_note.is_empty() {
        body.push(BodyLine::new(caps.public_note, Tone::Danger));
    }
    let expected = target.name.clone();
    let purpose = Purpose::Groups(GroupsPurpose::Delete { target, actions });
    m.show(Dialog::typed_confirm("Delete group", body, "Delete", &expected, purpose));
    vec![]
}

/// The actions of the group's source whose owner is this group, once that source's list has
/// loaded.
fn count_actions(m: &Model, target: &GroupTarget) -> Option<usize> {
    m.actions.health.get(&target.source)?.last_ok?;
    let raw = match &target.key {
        crate::app::source::Key::NumText(_, name) | crate::app::source::Key::Text(name) => name.clone(),
        _ => return None,
    };
    Some(m.actions.list.rows().iter().filter(|r| r.source == target.source && r.owner.as_ref() == Some(&raw)).count())
}

pub(super) fn on_dialog(m: &mut Model, purpose: GroupsPurpose, outcome: Outcome) -> Vec<Effect> {
    match (purpose, outcome) {
        (GroupsPurpose::CreateWhere { sources }, Outcome::Picked(i)) => {
            m.close_dialog();
            if let Some(source) = sources.get(i) {
                prompt_name(m, *source);
            }
            vec![]
        }
        (GroupsPurpose::Create { source, server }, Outcome::Text(name)) => {
            if let Err(why) = check_name(m, source, &name) {
                set_error(m, why);
                return vec![];
            }
            m.close_dialog();
            start(m, GroupsOp::Create { source, name, server })
        }
        (GroupsPurpose::Rename(target), Outcome::Text(new)) => {
            if let Err(why) = check_name(m, target.source, &new) {
                set_error(m, why);
                return vec![];
            }
            if target.name == new {
                set_error(m, "that is already its name".into());
                return vec![];
            }
            m.close_dialog();
            start(m, GroupsOp::Rename { target, new })
        }
        (GroupsPurpose::Delete { target, actions }, Outcome::Confirmed) => {
            m.close_dialog();
            start(m, GroupsOp::Delete { target, actions })
        }
        _ => vec![],
    }
}

fn check_name(m: &Model, source: SourceId, name: &str) -> Result<(), String> {
    match m.sources.groups_caps(source) {
        Some(caps) => (caps.check_name)(name),
        None => Err("this server no longer has groups in this profile".into()),
    }
}

fn set_error(m: &mut Model, why: String) {
    if let Some(d) = &mut m.dialog {
        d.set_error(why);
    }
}

pub(super) fn on_done(m: &mut Model, op: GroupsOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    match (&op, result) {
        (GroupsOp::Create { source, name, server }, Ok(reply)) => {
            m.set_status(format!("created group {name} on {server}"), Tone::Success);
            // Selected as soon as the list shows it.
            if let Reply::GroupCreated { key, .. } = reply {
                m.groups.list.expect((*source, key));
            }
            vec![Effect::Refresh(Feed::Groups(*source))]
        }
        (GroupsOp::Rename { target, new }, Ok(reply)) => {
            m.set_status(format!("renamed {} to {new} on {}", target.name, target.server), Tone::Success);
            if let Reply::GroupRenamed { key } = reply {
                let new_key = (target.source, key.clone());
                m.groups.list.expect(new_key.clone());
                if let Some(c) = m.groups.counts.remove(&(target.source, target.key.clone())) {
                    m.groups.counts.insert(new_key, c);
                }
                follow_rename(m, target, key, new);
            }
            vec![Effect::Refresh(Feed::Groups(target.source)), Effect::Refresh(Feed::Actions(target.source))]
        }
        (GroupsOp::Delete { target, actions }, Ok(_)) => {
            let also = match actions {
                Some(n) if *n > 0 => format!(" with its {n} action{}", if *n == 1 { "" } else { "s" }),
                _ => String::new(),
            };
            m.set_status(format!("deleted group {}{also} on {}", target.name, target.server), Tone::Success);
            let key = (target.source, target.key.clone());
            if m.groups.open.as_ref().is_some_and(|v| (v.source, v.key.clone()) == key) {
                m.groups.open = None;
            }
            m.groups.counts.remove(&key);
            m.groups.deleted = Some(key);
            vec![Effect::Refresh(Feed::Groups(target.source)), Effect::Refresh(Feed::Actions(target.source))]
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
            results::failed(m, title, what, &e);
            match &op {
                GroupsOp::Create { source, .. } => vec![Effect::Refresh(Feed::Groups(*source))],
                GroupsOp::Rename { target, .. } | GroupsOp::Delete { target, .. } => results::refresh_group(target),
                _ => vec![],
            }
        }
        (_, Ok(_)) => vec![],
    }
}

/// The open group was renamed: keep it open under its new name (a new feed).
fn follow_rename(m: &mut Model, old: &GroupTarget, key: crate::app::source::Key, new: &str) {
    let page = super::view_page(m);
    let Some(v) = m.groups.open.as_mut().filter(|v| v.source == old.source && v.key == old.key) else { return };
    let row =
        super::GroupRow { source: v.source, key, name: new.to_string(), description: String::new(), public: v.public };
    let mut view = GroupView::new(&row, v.tabs, page);
    view.tab = v.tab;
    *v = view;
}
