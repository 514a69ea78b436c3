//! What the answers to group requests do: a status or a notice with the server's words and
//! the source's plain-words hint, and the refreshes that follow every change.

use super::{GroupTarget, GroupsOp, edit, members, tokens};
use crate::app::dialog::{BodyLine, Dialog, Tone, line};
use crate::app::effect::Effect;
use crate::app::model::Model;
use crate::app::msg::{Feed, Reply};
use crate::domain::error::ApiError;

pub(crate) fn on_done(m: &mut Model, op: GroupsOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    match op {
        op @ (GroupsOp::Create { .. } | GroupsOp::Rename { .. } | GroupsOp::Delete { .. }) => {
            edit::on_done(m, op, result)
        }
        op @ (GroupsOp::Add { .. }
        | GroupsOp::Remove(_)
        | GroupsOp::RemoveMany { .. }
        | GroupsOp::Promote(_)
        | GroupsOp::Demote(_)) => members::on_done(m, op, result),
        op @ (GroupsOp::Generate { .. } | GroupsOp::Revoke(_)) => tokens::on_done(m, op, result),
    }
}

/// After any change: the group (its members, counts) and the list.
pub(super) fn refresh_group(g: &GroupTarget) -> Vec<Effect> {
    vec![Effect::Refresh(Feed::Group(g.source, g.key.clone())), Effect::Refresh(Feed::Groups(g.source))]
}

/// A failure: the server's words verbatim, then what they mean, in a notice queued behind
/// whatever the operator is typing in.
pub(super) fn failed(m: &mut Model, title: &str, what: String, e: &ApiError) {
    let mut body = vec![BodyLine::new(what.clone(), Tone::Strong), line("")];
    body.push(BodyLine::new(e.to_string(), Tone::Danger));
    if let Some(hint) = e.hint() {
        body.push(line(""));
        body.extend(hint.lines().map(line));
    }
    m.set_status(what, Tone::Danger);
    m.show(Dialog::notice(title, body, Tone::Danger, None));
}
