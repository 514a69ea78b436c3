//! Membership edits inside a group: `a` add (several at once), `D` remove, `A` promote or
//! demote. The quick fix an operator does over SSH, so each is a few keys, and the dialogs name
//! member, group and server.

use std::sync::Arc;

use super::ops::view_target;
use super::{GroupTarget, GroupView, GroupsOp, GroupsPurpose, MemberRow, MemberTarget, results, start};
use crate::app::bulk;
use crate::app::dialog::{BodyLine, Dialog, Outcome, Tone, line};
use crate::app::effect::Effect;
use crate::app::model::Model;
use crate::app::msg::{AddMembersReport, Reply};
use crate::app::panes::Purpose;
use crate::domain::error::ApiError;
use crate::domain::text::clean_line;

/// Members typed in the add prompt: separated by spaces or commas, each once, in order.
pub(crate) fn parse_members(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in text.split(|c: char| c.is_whitespace() || c == ',') {
        if !name.is_empty() && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// "alice, bob", cleaned (typed or pasted text may hold anything).
fn names(list: &[String]) -> String {
    list.iter().map(|n| clean_line(n).into_owned()).collect::<Vec<_>>().join(", ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 { one.to_string() } else { many.to_string() }
}

/// The member under the cursor of the open group, as a dialog target.
fn member_target(m: &Model) -> Option<MemberTarget> {
    let group = view_target(m)?;
    let v = m.groups.open.as_ref()?;
    Some(target_of(&group, v, v.selected_member()?))
}

fn target_of(group: &GroupTarget, v: &GroupView, r: &MemberRow) -> MemberTarget {
    MemberTarget {
        group: group.clone(),
        id: r.id.clone(),
        shown: r.shown.clone(),
        name: r.name.clone(),
        admin: r.admin,
        last_admin: r.admin && v.admins() == 1,
    }
}

/// `D` with marks: every marked member shown, one confirmation (the count typed above ten).
fn remove_marked(m: &mut Model) -> Option<Vec<Effect>> {
    let group = view_target(m)?;
    let v = m.groups.open.as_ref()?;
    let targets: Vec<MemberTarget> = v.members.marked().into_iter().map(|r| target_of(&group, v, r)).collect();
    if targets.is_empty() {
        return None;
    }
    let (count, hidden) = (targets.len(), v.members.hidden_marks());
    let admins_left = v.admins().saturating_sub(targets.iter().filter(|t| t.admin).count());
    let source = m.sources.name(group.source);
    let mut body = vec![
        BodyLine::new(
            format!("Remove {count} {} from the group {}", plural(count, "member", "members"), group.name),
            Tone::Strong,
        ),
        bulk::names(targets.iter().map(|t| t.shown.as_str()), count),
        line(format!("on {}", group.server)),
    ];
    if hidden > 0 {
        body.push(BodyLine::new(format!("{hidden} more marked but hidden by the filter are left out"), Tone::Muted));
    }
    if v.admins() > 0 && admins_left == 0 {
        body.push(BodyLine::new(
            format!("They are all the admins of {}: {source} refuses to remove the last one.", group.name),
            Tone::Warning,
        ));
    }
    let purpose = Purpose::Groups(GroupsPurpose::RemoveMarked(targets));
    m.show(bulk::confirm("Remove members", body, "Remove", count, true, purpose));
    Some(vec![])
}

pub(super) fn add(m: &mut Model) -> Vec<Effect> {
    let Some(group) = view_target(m) else { return vec![] };
    let Some(caps) = m.sources.groups_caps(group.source) else { return vec![] };
    let (noun, example, note) = (caps.member_noun, caps.member_example, caps.add_note);
    let members = m.groups.open.as_ref().map(|v| v.members.rows().iter().map(|r| r.id.clone()).collect());
    let mut nouns = format!("{noun}s");
    if let Some(first) = nouns.get(..1) {
        nouns = first.to_uppercase() + &nouns[1..];
    }
    let body = vec![
        BodyLine::new(format!("Add members to {} on {}", group.name, group.server), Tone::Strong),
        line(""),
        line(format!("{nouns}, separated by spaces or commas. {note}")),
        BodyLine::new("Each name is sent on its own, so one typo does not block the others.", Tone::Muted),
    ];
    let purpose =
        Purpose::Groups(GroupsPurpose::AddMembers { group, members: members.unwrap_or_default(), warned: None });
    m.show(Dialog::prompt("Add members", body, &format!("{noun}s"), example, purpose));
    vec![]
}

pub(super) fn remove(m: &mut Model) -> Vec<Effect> {
    if let Some(effects) = remove_marked(m) {
        return effects;
    }
    let Some(t) = member_target(m) else { return vec![] };
    let source = m.sources.name(t.group.source);
    let note = m.sources.groups_caps(t.group.source).map_or("", |c| c.remove_note);
    let mut body = vec![
        BodyLine::new(format!("Remove {} from the group {}", t.who(), t.group.name), Tone::Strong),
        line(format!("on {}", t.group.server)),
        line(""),
    ];
    if t.last_admin {
        body.push(BodyLine::new(
            format!(
                "{} is the only admin of {}: {source} will refuse, it keeps at least one admin. Make someone else admin first (A).",
                t.shown, t.group.name
            ),
            Tone::Warning,
        ));
    } else if t.admin {
        body.push(line("They are an admin of the group; that goes with the membership."));
    }
    body.push(line(note));
    m.show(Dialog::confirm("Remove member", body, "Remove", true, Purpose::Groups(GroupsPurpose::Remove(t))));
    vec![]
}

/// Promoting is direct (it takes nothing away); demoting is confirmed, loudly when it would
/// leave the group without an admin, which the server allows.
pub(super) fn toggle_admin(m: &mut Model) -> Vec<Effect> {
    let Some(t) = member_target(m) else { return vec![] };
    if !t.admin {
        return start(m, GroupsOp::Promote(t));
    }
    let source = m.sources.name(t.group.source);
    let mut body = vec![
        BodyLine::new(format!("Make {} a plain member of {}", t.who(), t.group.name), Tone::Strong),
        line(format!("on {}", t.group.server)),
        line(""),
    ];
    if t.last_admin {
        body.push(BodyLine::new(
            format!(
                "{} is the LAST admin of {}. {source} allows this, and leaves the group with no admin: then only {source} administrators can manage it (members, admins, tokens, rename, delete).",
                t.shown, t.group.name
            ),
            Tone::Danger,
        ));
    }
    body.push(line("They stay a member. If this is you, you can no longer change the group."));
    let danger = t.last_admin;
    m.show(Dialog::confirm("Demote admin", body, "Demote", danger, Purpose::Groups(GroupsPurpose::Demote(t))));
    vec![]
}

pub(super) fn on_dialog(m: &mut Model, purpose: GroupsPurpose, outcome: Outcome) -> Vec<Effect> {
    match (purpose, outcome) {
        (GroupsPurpose::AddMembers { group, members, warned }, Outcome::Text(text)) => {
            let Some(check) = m.sources.groups_caps(group.source).map(|c| c.check_member) else { return vec![] };
            let noun = m.sources.groups_caps(group.source).map_or("member", |c| c.member_noun);
            let mut typed = Vec::new();
            let mut warnings = Vec::new();
            for raw in parse_members(&text) {
                match check(&raw) {
                    Ok((id, warning)) => {
                        warnings.extend(warning);
                        if !typed.contains(&id) {
                            typed.push(id);
                        }
                    }
                    Err(why) => {
                        set_error(m, why);
                        return vec![];
                    }
                }
            }
            if typed.is_empty() {
                set_error(m, format!("type one or more {noun}s"));
                return vec![];
            }
            // A suspicious value is shown once; Enter again on the same text sends it.
            if !warnings.is_empty() && warned.as_deref() != Some(text.as_str()) {
                let message = format!("{} — Enter again to send anyway", warnings.join("; "));
                if let Some(d) = &mut m.dialog {
                    d.set_error(message);
                    d.purpose = Purpose::Groups(GroupsPurpose::AddMembers { group, members, warned: Some(text) });
                }
                return vec![];
            }
            // The freshest membership known: the open view if it still shows this group, else
            // what was known when the prompt opened.
            let fresh = m.groups.open.as_ref().filter(|v| v.source == group.source && v.key == group.key && v.loaded);
            let known: Vec<Arc<str>> = match fresh {
                Some(v) => v.members.rows().iter().map(|r| r.id.clone()).collect(),
                None => members,
            };
            let (already, new): (Vec<String>, Vec<String>) =
                typed.into_iter().partition(|u| known.iter().any(|k| &**k == u.as_str()));
            m.close_dialog();
            if new.is_empty() {
                let verb = plural(already.len(), "is already a member", "are already members");
                m.set_status(format!("{} {verb} of {}: nothing sent", names(&already), group.name), Tone::Warning);
                return vec![];
            }
            start(m, GroupsOp::Add { group, members: new, already })
        }
        (GroupsPurpose::Remove(t), Outcome::Confirmed) => {
            m.close_dialog();
            start(m, GroupsOp::Remove(t))
        }
        (GroupsPurpose::RemoveMarked(members), Outcome::Confirmed) => {
            m.close_dialog();
            let Some(group) = members.first().map(|t| t.group.clone()) else { return vec![] };
            if let Some(v) = m.groups.open.as_mut() {
                v.members.drop_marks();
            }
            start(m, GroupsOp::RemoveMany { group, members })
        }
        (GroupsPurpose::Demote(t), Outcome::Confirmed) => {
            m.close_dialog();
            start(m, GroupsOp::Demote(t))
        }
        _ => vec![],
    }
}

fn set_error(m: &mut Model, why: String) {
    if let Some(d) = &mut m.dialog {
        d.set_error(why);
    }
}

pub(super) fn on_done(m: &mut Model, op: GroupsOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    let refresh = match &op {
        GroupsOp::Add { group, .. } => results::refresh_group(group),
        GroupsOp::Remove(t) | GroupsOp::Promote(t) | GroupsOp::Demote(t) => results::refresh_group(&t.group),
        GroupsOp::RemoveMany { group, .. } => results::refresh_group(group),
        _ => vec![],
    };
    match (&op, result) {
        (GroupsOp::Add { group, already, .. }, Ok(Reply::MembersAdded(report))) => {
            added(m, &group.name, m.sources.name(group.source), already, report);
        }
        (GroupsOp::RemoveMany { group, members }, Ok(Reply::MembersRemoved(each))) => {
            let shown =
                |id: &Arc<str>| members.iter().find(|t| &t.id == id).map_or_else(|| id.to_string(), MemberTarget::who);
            let outcomes = each
                .into_iter()
                .map(|(id, r)| bulk::Outcome {
                    name: shown(&id),
                    result: r.map(|()| String::new()).map_err(|e| e.to_string()),
                })
                .collect();
            let (text, tone, report) =
                bulk::report("Remove members", &format!("removed from {}:", group.name), outcomes);
            m.set_status(text, tone);
            if let Some(d) = report {
                m.show(d);
            }
        }
        (GroupsOp::Remove(t), Ok(_)) => {
            m.set_status(format!("removed {} from {}", t.shown, t.group.name), Tone::Success);
            if let Some(v) = m.groups.open.as_mut().filter(|v| v.source == t.group.source && v.key == t.group.key) {
                v.removed = Some(t.id.clone());
            }
        }
        (GroupsOp::Promote(t), Ok(_)) => {
            m.set_status(format!("{} is now an admin of {}", t.shown, t.group.name), Tone::Success);
        }
        (GroupsOp::Demote(t), Ok(_)) => {
            let mut text = format!("{} is now a plain member of {}", t.shown, t.group.name);
            if t.last_admin {
                text.push_str(": the group has no admin left");
            }
            m.set_status(text, if t.last_admin { Tone::Warning } else { Tone::Success });
        }
        (_, Err(e)) => {
            let (title, what) = match &op {
                GroupsOp::Add { group, members, .. } => {
                    ("Members not added", format!("{} not added to {}.", names(members), group.name))
                }
                GroupsOp::Remove(t) => {
                    ("Member not removed", format!("{} was not removed from {}.", t.who(), t.group.name))
                }
                GroupsOp::Promote(t) => {
                    ("Not promoted", format!("{} was not made an admin of {}.", t.who(), t.group.name))
                }
                GroupsOp::Demote(t) => ("Not demoted", format!("{} is still an admin of {}.", t.who(), t.group.name)),
                _ => ("Request failed", format!("Failed while {}.", op.label())),
            };
            results::failed(m, title, what, &e);
        }
        (_, Ok(_)) => m.set_status(format!("unexpected answer while {}", op.label()), Tone::Warning),
    }
    refresh
}

/// One line in the status when everything went in, else a notice that sorts the names into
/// added / already members / unknown / failed, with the server's words for the failures.
fn added(m: &mut Model, group: &str, source: &str, already: &[String], r: AddMembersReport) {
    let clean = r.unknown.is_empty() && r.failed.is_empty() && r.not_tried.is_empty();
    let already_text = match already.len() {
        0 => String::new(),
        n => format!("; {} {}", names(already), plural(n, "was already a member", "were already members")),
    };
    if clean {
        m.set_status(format!("added {} to {group}{already_text}", names(&r.added)), Tone::Success);
        return;
    }
    let total = r.added.len() + r.unknown.len() + r.failed.len() + r.not_tried.len();
    let mut body = Vec::new();
    if r.added.is_empty() {
        body.push(BodyLine::new(format!("Nobody was added to {group}."), Tone::Strong));
    } else {
        body.push(BodyLine::new(format!("Added to {group}: {}", names(&r.added)), Tone::Success));
    }
    if !already.is_empty() {
        body.push(line(format!("Already members, nothing sent: {}", names(already))));
    }
    if !r.unknown.is_empty() {
        body.push(line(""));
        body.push(BodyLine::new(format!("Unknown to {source}, not added: {}", names(&r.unknown)), Tone::Danger));
        if let Some(hint) = r.unknown_hint {
            body.push(line(hint));
        }
    }
    let mut hints: Vec<String> = Vec::new();
    for (u, e) in &r.failed {
        body.push(line(""));
        body.push(BodyLine::new(format!("Not added: {}", clean_line(u)), Tone::Danger));
        body.push(BodyLine::new(e.to_string(), Tone::Danger));
        if let Some(h) = e.hint()
            && !hints.iter().any(|k| k == h)
        {
            hints.push(h.to_string());
            body.push(line(h));
        }
    }
    if !r.not_tried.is_empty() {
        body.push(line(""));
        body.push(line(format!("Not sent, the answer would have been the same: {}", names(&r.not_tried))));
    }
    let mut status = format!("added {} of {total} to {group}", r.added.len());
    if !r.unknown.is_empty() {
        status.push_str(&format!("; unknown: {}", names(&r.unknown)));
    }
    if !r.failed.is_empty() || !r.not_tried.is_empty() {
        status.push_str(&format!("; {} failed", r.failed.len() + r.not_tried.len()));
    }
    let tone = if r.added.is_empty() { Tone::Danger } else { Tone::Warning };
    m.set_status(status, tone);
    let title = if r.added.is_empty() { "Members not added" } else { "Some members were not added" };
    m.show(Dialog::notice(title, body, tone, None));
}
