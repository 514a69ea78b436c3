//! Group tokens (the Tokens tab): `n` generates one (lifetime, then description), whose
//! secret is shown once in a dialog that holds it as a `Secret` and drops it on close; `D`
//! revokes one after a confirmation.

use super::ops::view_target;
use super::{GroupTarget, GroupsOp, GroupsPurpose, TokenTarget, results, start};
use crate::app::dialog::{BodyLine, Dialog, Outcome, PickItem, Tone, line};
use crate::app::effect::Effect;
use crate::app::model::Model;
use crate::app::msg::{Feed, Reply};
use crate::app::panes::Purpose;
use crate::app::panes::groups::Tab;
use crate::domain::error::ApiError;
use crate::domain::secret::Secret;

pub(super) fn generate(m: &mut Model) -> Vec<Effect> {
    let Some(group) = view_target(m) else { return vec![] };
    let Some(caps) = m.sources.groups_caps(group.source) else { return vec![] };
    let items = caps
        .token_expirations
        .iter()
        .map(|(label, meaning)| PickItem { label: label.to_string(), detail: meaning.to_string(), tone: Tone::Normal })
        .collect();
    let body = vec![
        BodyLine::new(format!("Generate a worker token for {} on {}", group.name, group.server), Tone::Strong),
        line(""),
        line("How long should it live?"),
    ];
    m.show(Dialog::picker("Generate token", body, items, Purpose::Groups(GroupsPurpose::TokenExpiration(group))));
    vec![]
}

fn description_prompt(group: GroupTarget, expiration: &'static str) -> Dialog {
    let body = vec![
        BodyLine::new(format!("A {expiration} token for {} on {}", group.name, group.server), Tone::Strong),
        line(""),
        line("A description says where it is used (optional). The secret is shown once, next."),
    ];
    let purpose = Purpose::Groups(GroupsPurpose::TokenDescription { group, expiration });
    Dialog::prompt("Generate token", body, "description", "e.g. hatchery on k8s-prod", purpose)
}

pub(super) fn revoke(m: &mut Model) -> Vec<Effect> {
    let Some(group) = view_target(m) else { return vec![] };
    let Some(token) = m.groups.open.as_ref().and_then(|v| v.tokens.list.selected()) else { return vec![] };
    let target = TokenTarget { group, id: token.id, description: token.description.clone() };
    let mut facts = vec![token.expiration.clone()];
    if !token.creator.is_empty() {
        facts.push(format!("created by {}", token.creator));
    }
    if let Some(t) = token.created {
        facts.push(t.strftime("%Y-%m-%d").to_string());
    }
    let body = vec![
        BodyLine::new(format!("Revoke {} of the group {}", target.label(), target.group.name), Tone::Strong),
        line(format!("on {}", target.group.server)),
        BodyLine::new(facts.join(", "), Tone::Muted),
        line(""),
        BodyLine::new("Workers and hatcheries using it can no longer authenticate. There is no undo.", Tone::Danger),
    ];
    m.show(Dialog::confirm("Revoke token", body, "Revoke", true, Purpose::Groups(GroupsPurpose::Revoke(target))));
    vec![]
}

pub(super) fn on_dialog(m: &mut Model, purpose: GroupsPurpose, outcome: Outcome) -> Vec<Effect> {
    match (purpose, outcome) {
        (GroupsPurpose::TokenExpiration(group), Outcome::Picked(i)) => {
            let choices = m.sources.groups_caps(group.source).map_or(&[][..], |c| c.token_expirations);
            let Some((expiration, _)) = choices.get(i).copied() else { return vec![] };
            m.close_dialog();
            m.show(description_prompt(group, expiration));
            vec![]
        }
        (GroupsPurpose::TokenDescription { group, expiration }, Outcome::Text(description)) => {
            m.close_dialog();
            start(m, GroupsOp::Generate { group, expiration, description })
        }
        (GroupsPurpose::Revoke(target), Outcome::Confirmed) => {
            m.close_dialog();
            start(m, GroupsOp::Revoke(target))
        }
        _ => vec![],
    }
}

fn refresh(group: &GroupTarget) -> Vec<Effect> {
    let mut out = vec![Effect::Refresh(Feed::GroupTab(group.source, group.key.clone(), Tab::Tokens))];
    out.extend(results::refresh_group(group));
    out
}

pub(super) fn on_done(m: &mut Model, op: GroupsOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    match (&op, result) {
        (GroupsOp::Generate { group, expiration, description }, Ok(Reply::TokenGenerated { secret })) => {
            show_secret(m, group, expiration, description, secret);
            refresh(group)
        }
        (GroupsOp::Revoke(t), Ok(_)) => {
            m.set_status(format!("revoked {} of {}", t.label(), t.group.name), Tone::Success);
            refresh(&t.group)
        }
        (GroupsOp::Generate { group, .. } | GroupsOp::Revoke(TokenTarget { group, .. }), Err(e)) => {
            let (title, what) = match &op {
                GroupsOp::Revoke(t) => {
                    ("Token not revoked", format!("{} of {} was not revoked.", t.label(), group.name))
                }
                _ => ("Token not generated", format!("No token was generated for {}.", group.name)),
            };
            results::failed(m, title, what, &e);
            refresh(group)
        }
        (op, _) => {
            m.set_status(format!("unexpected answer while {}", op.label()), Tone::Warning);
            vec![]
        }
    }
}

/// The secret moves from the reply into the dialog and nowhere else: not the status line,
/// not a `String` body line, not the token list (which never holds secrets).
fn show_secret(m: &mut Model, group: &GroupTarget, expiration: &str, description: &str, secret: Secret) {
    if secret.expose().is_empty() {
        let source = m.sources.name(group.source);
        m.set_status(format!("{source} generated a token for {} but sent no secret", group.name), Tone::Danger);
        return;
    }
    let mut body =
        vec![BodyLine::new(format!("New {expiration} token for {} on {}", group.name, group.server), Tone::Strong)];
    if !description.is_empty() {
        body.push(line(format!("description: {}", crate::domain::text::clean_line(description))));
    }
    let source = m.sources.name(group.source);
    body.push(BodyLine::new(
        format!(
            "Copy it now: it will not be shown again. {source} keeps only a hash, and opsy forgets it when this closes."
        ),
        Tone::Warning,
    ));
    m.set_status(format!("generated a {expiration} token for {}: copy it now (y)", group.name), Tone::Success);
    m.show(Dialog::secret("Token generated: shown once", body, secret));
}
