//! Membership edits inside a group: `a` add (several at once), `D` remove, `A` promote or
//! demote. The quick fix an operator does over SSH, so each is a few keys, and the dialogs name
//! user, group and server.

use super::{GroupsOp, GroupsPurpose, MemberTarget, failed, refresh_group, start, view_target};
use crate::app::dialog::{BodyLine, Dialog, Outcome, Tone, line};
use crate::app::effect::Effect;
use crate::app::model::Model;
use crate::app::msg::{AddMembersReport, Reply};
use crate::app::purpose::Purpose;
use crate::backends::cds::wire::WireStr;
use crate::domain::error::ApiError;
use crate::domain::text::clean_line;

/// Usernames typed in the add prompt: separated by spaces or commas, each once, in order.
pub fn parse_usernames(text: &str) -> Vec<String> {
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
fn member_target(model: &Model) -> Option<MemberTarget> {
    let group = view_target(model)?;
    let v = model.groups.open.as_ref()?;
    let m = v.selected_member()?;
    Some(MemberTarget {
        group,
        username: m.username.clone(),
        fullname: m.fullname.clone(),
        admin: m.admin,
        last_admin: m.admin && v.admins() == 1,
    })
}

pub fn add(model: &mut Model) -> Vec<Effect> {
    let Some(group) = view_target(model) else { return vec![] };
    let members = model.groups.open.as_ref().map(|v| v.members.iter().map(|m| m.username.clone()).collect());
    let body = vec![
        BodyLine::new(format!("Add members to {} on {}", group.name, group.server), Tone::Strong),
        line(""),
        line("Usernames, separated by spaces or commas. They join as plain members (A promotes)."),
        BodyLine::new("Each name is sent on its own, so one typo does not block the others.", Tone::Muted),
    ];
    let purpose = Purpose::Groups(GroupsPurpose::AddMembers { group, members: members.unwrap_or_default() });
    model.show(Dialog::prompt("Add members", body, "usernames", "alice bob, carol", purpose));
    vec![]
}

pub fn remove(model: &mut Model) -> Vec<Effect> {
    let Some(t) = member_target(model) else { return vec![] };
    let mut body = vec![
        BodyLine::new(format!("Remove {} from the group {}", t.who(), t.group.name), Tone::Strong),
        line(format!("on {}", t.group.server)),
        line(""),
    ];
    if t.last_admin {
        body.push(BodyLine::new(
            format!(
                "{} is the only admin of {}: CDS will refuse, it keeps at least one admin. Make someone else admin first (A).",
                t.username, t.group.name
            ),
            Tone::Warning,
        ));
    } else if t.admin {
        body.push(line("They are an admin of the group; that goes with the membership."));
    }
    body.push(line(
        "They lose access to the group's actions, tokens and projects (CDS caches permissions: up to 2 minutes).",
    ));
    model.show(Dialog::confirm("Remove member", body, "Remove", true, Purpose::Groups(GroupsPurpose::Remove(t))));
    vec![]
}

/// Promoting is direct (it takes nothing away); demoting is confirmed, loudly when it would
/// leave the group without an admin, which CDS allows.
pub fn toggle_admin(model: &mut Model) -> Vec<Effect> {
    let Some(t) = member_target(model) else { return vec![] };
    if !t.admin {
        return start(model, GroupsOp::Promote(t));
    }
    let mut body = vec![
        BodyLine::new(format!("Make {} a plain member of {}", t.who(), t.group.name), Tone::Strong),
        line(format!("on {}", t.group.server)),
        line(""),
    ];
    if t.last_admin {
        body.push(BodyLine::new(
            format!(
                "{} is the LAST admin of {}. CDS allows this, and leaves the group with no admin: then only CDS administrators can manage it (members, admins, tokens, rename, delete).",
                t.username, t.group.name
            ),
            Tone::Danger,
        ));
    }
    body.push(line("They stay a member. If this is you, you can no longer change the group."));
    let danger = t.last_admin;
    model.show(Dialog::confirm("Demote admin", body, "Demote", danger, Purpose::Groups(GroupsPurpose::Demote(t))));
    vec![]
}

pub fn on_dialog(model: &mut Model, purpose: GroupsPurpose, outcome: Outcome) -> Vec<Effect> {
    match (purpose, outcome) {
        (GroupsPurpose::AddMembers { group, members }, Outcome::Text(text)) => {
            let typed = parse_usernames(&text);
            if typed.is_empty() {
                if let Some(d) = &mut model.dialog {
                    d.set_error("type one or more usernames");
                }
                return vec![];
            }
            // The freshest membership known: the open view if it still shows this group, else
            // what was known when the prompt opened.
            let fresh = model.groups.open.as_ref().filter(|v| v.name == group.name && v.loaded);
            let known: Vec<WireStr> = match fresh {
                Some(v) => v.members.iter().map(|m| m.username.clone()).collect(),
                None => members,
            };
            let (already, new): (Vec<String>, Vec<String>) =
                typed.into_iter().partition(|u| known.iter().any(|m| m == u.as_str()));
            model.close_dialog();
            if new.is_empty() {
                let verb = plural(already.len(), "is already a member", "are already members");
                model.set_status(format!("{} {verb} of {}: nothing sent", names(&already), group.name), Tone::Warning);
                return vec![];
            }
            start(model, GroupsOp::Add { group, usernames: new, already })
        }
        (GroupsPurpose::Remove(t), Outcome::Confirmed) => {
            model.close_dialog();
            start(model, GroupsOp::Remove(t))
        }
        (GroupsPurpose::Demote(t), Outcome::Confirmed) => {
            model.close_dialog();
            start(model, GroupsOp::Demote(t))
        }
        _ => vec![],
    }
}

pub fn on_done(model: &mut Model, op: GroupsOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    let refresh = match &op {
        GroupsOp::Add { group, .. } => refresh_group(&group.name),
        GroupsOp::Remove(t) | GroupsOp::Promote(t) | GroupsOp::Demote(t) => refresh_group(&t.group.name),
        _ => vec![],
    };
    match (&op, result) {
        (GroupsOp::Add { group, already, .. }, Ok(Reply::CdsMembersAdded(report))) => {
            added(model, &op, &group.name, already, report);
        }
        (GroupsOp::Remove(t), Ok(_)) => {
            model.set_status(format!("removed {} from {}", t.username, t.group.name), Tone::Success);
            if let Some(v) = model.groups.open.as_mut().filter(|v| v.name == t.group.name) {
                v.removed = Some(t.username.clone());
            }
        }
        (GroupsOp::Promote(t), Ok(_)) => {
            model.set_status(format!("{} is now an admin of {}", t.username, t.group.name), Tone::Success);
        }
        (GroupsOp::Demote(t), Ok(_)) => {
            let mut text = format!("{} is now a plain member of {}", t.username, t.group.name);
            if t.last_admin {
                text.push_str(": the group has no admin left");
            }
            model.set_status(text, if t.last_admin { Tone::Warning } else { Tone::Success });
        }
        (_, Err(e)) => {
            let (title, what) = match &op {
                GroupsOp::Add { group, usernames, .. } => {
                    ("Members not added", format!("{} not added to {}.", names(usernames), group.name))
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
            failed(model, title, what, &e, &op);
        }
        (_, Ok(_)) => model.set_status(format!("unexpected answer while {}", op.label()), Tone::Warning),
    }
    refresh
}

/// One line in the status when everything went in, else a notice that sorts the names into
/// added / already members / unknown / failed, with the server's words for the failures.
fn added(model: &mut Model, op: &GroupsOp, group: &WireStr, already: &[String], r: AddMembersReport) {
    let clean = r.unknown.is_empty() && r.failed.is_empty() && r.not_tried.is_empty();
    let already_text = match already.len() {
        0 => String::new(),
        n => format!("; {} {}", names(already), plural(n, "was already a member", "were already members")),
    };
    if clean {
        model.set_status(format!("added {} to {group}{already_text}", names(&r.added)), Tone::Success);
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
        body.push(BodyLine::new(format!("Unknown to CDS, not added: {}", names(&r.unknown)), Tone::Danger));
        body.push(line("CDS answers 500 'internal server error' for a username it does not know: check the spelling."));
    }
    let mut hints: Vec<&'static str> = Vec::new();
    for (u, e) in &r.failed {
        body.push(line(""));
        body.push(BodyLine::new(format!("Not added: {}", clean_line(u)), Tone::Danger));
        body.push(BodyLine::new(e.to_string(), Tone::Danger));
        if let Some(h) = super::explain(e, op)
            && !hints.contains(&h)
        {
            hints.push(h);
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
    model.set_status(status, tone);
    let title = if r.added.is_empty() { "Members not added" } else { "Some members were not added" };
    model.show(Dialog::notice(title, body, tone, None));
}
