//! What the answers to group requests do: status or notice, plain words for CDS's terse
//! errors, and the refreshes that follow every change.

use super::*;

pub fn on_done(model: &mut Model, op: GroupsOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    match op {
        op @ (GroupsOp::Create { .. } | GroupsOp::Rename { .. } | GroupsOp::Delete { .. }) => {
            group_edit::on_done(model, op, result)
        }
        op @ (GroupsOp::Add { .. } | GroupsOp::Remove(_) | GroupsOp::Promote(_) | GroupsOp::Demote(_)) => {
            group_members::on_done(model, op, result)
        }
        op @ (GroupsOp::Generate { .. } | GroupsOp::Revoke(_)) => group_tokens::on_done(model, op, result),
    }
}

/// After any change: the group (its members, counts) and the list.
pub(super) fn refresh_group(name: &WireStr) -> Vec<Effect> {
    vec![Effect::Refresh(Feed::CdsGroup(name.clone())), Effect::Refresh(Feed::CdsGroups)]
}

/// A failure: the server's words verbatim, then what they mean, in a notice queued behind
/// whatever the operator is typing in.
pub(super) fn failed(model: &mut Model, title: &str, what: String, e: &ApiError, op: &GroupsOp) {
    let mut body = vec![BodyLine::new(what.clone(), Tone::Strong), line("")];
    body.push(BodyLine::new(e.to_string(), Tone::Danger));
    if let Some(hint) = explain(e, op) {
        body.push(line(""));
        body.push(line(hint));
    }
    model.set_status(what, Tone::Danger);
    model.show(Dialog::notice(title, body, Tone::Danger, None));
}

/// Plain words for what CDS answers on group routes (§3, §7); the server's own message is
/// always shown as well.
pub fn explain(e: &ApiError, op: &GroupsOp) -> Option<&'static str> {
    let member_op = matches!(op, GroupsOp::Remove(_) | GroupsOp::Promote(_) | GroupsOp::Demote(_));
    match (e.status(), e.code()) {
        (Some(400), Some(34)) => Some(
            "CDS will not remove the last admin of a group. Make another member admin first (A on them), then remove this one.",
        ),
        (Some(403), Some(11)) => Some(
            "Only admins of this group (or CDS admins) may change it. CDS answers the same for a group that does not exist.",
        ),
        (Some(403), None) => Some("Only admins of this group (or CDS admins) may do this."),
        (Some(404), Some(38)) if member_op => Some("CDS does not know this user (or no longer does)."),
        (Some(400), Some(74)) if member_op => Some("This user is not a member of the group (any more)."),
        (Some(500), Some(1)) if matches!(op, GroupsOp::Promote(_)) => Some(
            "CDS answers 500 'internal server error' when the user is not a member of the group: add them first (a).",
        ),
        (Some(500), Some(1)) if matches!(op, GroupsOp::Rename { .. }) => Some(
            "CDS answers 500 'internal server error' when a member listed in the group is no longer a CDS user; a CDS admin must clean the membership first.",
        ),
        (Some(500), Some(1)) => Some("CDS does not say more about this error; its logs do (quote the error id above)."),
        (Some(409), Some(33)) => Some("A group with this name already exists, maybe one you cannot see."),
        (Some(400), Some(32 | 24)) => Some("CDS refused the name: use letters, digits, '.', '_' and '-' only."),
        (Some(400), Some(63)) => Some(
            "CDS will not rename a group that has no admin (the rename sends the admin list back): someone must be promoted first, by a CDS admin.",
        ),
        _ => crate::app::panes::actions::explain(e),
    }
}
