//! Group tokens (the Tokens tab): `n` generates one (expiration, then description), whose
//! secret is shown once in a dialog that holds it as a `Secret` and drops it on close; `D`
//! revokes one after a confirmation.

use super::{GroupTarget, GroupsOp, GroupsPurpose, Tab, TokenTarget, failed, start, view_target};
use crate::app::dialog::{BodyLine, Dialog, Outcome, PickItem, Tone, line};
use crate::app::effect::Effect;
use crate::app::model::Model;
use crate::app::msg::{Feed, Reply};
use crate::app::purpose::Purpose;
use crate::backends::cds::wire::{Expiration, Token};
use crate::domain::error::ApiError;

fn meaning(e: Expiration) -> &'static str {
    match e {
        Expiration::Session => "short-lived: expires with a CDS session",
        Expiration::Daily => "expires after a day",
        Expiration::Persistent => "never expires: revoke it when it is no longer needed",
    }
}

pub fn generate(model: &mut Model) -> Vec<Effect> {
    let Some(group) = view_target(model) else { return vec![] };
    if let Some(v) = model.groups.open.as_ref().filter(|v| v.tab == Tab::Tokens && v.tokens_denied.is_some()) {
        model.set_status(format!("only admins of {} can generate its tokens", v.name), Tone::Warning);
        return vec![];
    }
    let body = vec![
        BodyLine::new(format!("Generate a worker token for {} on {}", group.name, group.server), Tone::Strong),
        line(""),
        line("How long should it live?"),
    ];
    let items = Expiration::ALL
        .into_iter()
        .map(|e| PickItem { label: e.to_string(), detail: meaning(e).to_string(), tone: Tone::Normal })
        .collect();
    model.show(Dialog::picker("Generate token", body, items, Purpose::Groups(GroupsPurpose::TokenExpiration(group))));
    vec![]
}

fn description_prompt(group: GroupTarget, expiration: Expiration) -> Dialog {
    let body = vec![
        BodyLine::new(format!("A {expiration} token for {} on {}", group.name, group.server), Tone::Strong),
        line(""),
        line("A description says where it is used (optional). The secret is shown once, next."),
    ];
    let purpose = Purpose::Groups(GroupsPurpose::TokenDescription { group, expiration });
    Dialog::prompt("Generate token", body, "description", "e.g. hatchery on k8s-prod", purpose)
}

pub fn revoke(model: &mut Model) -> Vec<Effect> {
    let Some(group) = view_target(model) else { return vec![] };
    let Some(token) = model.groups.open.as_ref().and_then(|v| v.tokens.selected()) else { return vec![] };
    let target = TokenTarget { group, id: token.id, description: token.description.to_string() };
    let mut facts = Vec::new();
    if let Some(e) = token.expiration {
        facts.push(e.to_string());
    }
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
    model.show(Dialog::confirm("Revoke token", body, "Revoke", true, Purpose::Groups(GroupsPurpose::Revoke(target))));
    vec![]
}

pub fn on_dialog(model: &mut Model, purpose: GroupsPurpose, outcome: Outcome) -> Vec<Effect> {
    match (purpose, outcome) {
        (GroupsPurpose::TokenExpiration(group), Outcome::Picked(i)) => {
            let Some(expiration) = Expiration::ALL.get(i).copied() else { return vec![] };
            model.close_dialog();
            model.show(description_prompt(group, expiration));
            vec![]
        }
        (GroupsPurpose::TokenDescription { group, expiration }, Outcome::Text(description)) => {
            model.close_dialog();
            start(model, GroupsOp::Generate { group, expiration, description })
        }
        (GroupsPurpose::Revoke(target), Outcome::Confirmed) => {
            model.close_dialog();
            start(model, GroupsOp::Revoke(target))
        }
        _ => vec![],
    }
}

fn refresh(group: &GroupTarget) -> Vec<Effect> {
    let mut out = vec![Effect::Refresh(Feed::CdsTokens(group.name.clone()))];
    out.extend(super::refresh_group(&group.name));
    out
}

pub fn on_done(model: &mut Model, op: GroupsOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    match (&op, result) {
        (GroupsOp::Generate { group, expiration, description }, Ok(Reply::CdsTokenGenerated(token))) => {
            show_secret(model, group, *expiration, description, *token);
            refresh(group)
        }
        (GroupsOp::Revoke(t), Ok(_)) => {
            model.set_status(format!("revoked {} of {}", t.label(), t.group.name), Tone::Success);
            refresh(&t.group)
        }
        (GroupsOp::Generate { group, .. } | GroupsOp::Revoke(TokenTarget { group, .. }), Err(e)) => {
            let (title, what) = match &op {
                GroupsOp::Revoke(t) => {
                    ("Token not revoked", format!("{} of {} was not revoked.", t.label(), group.name))
                }
                _ => ("Token not generated", format!("No token was generated for {}.", group.name)),
            };
            failed(model, title, what, &e, &op);
            refresh(group)
        }
        (op, _) => {
            model.set_status(format!("unexpected answer while {}", op.label()), Tone::Warning);
            vec![]
        }
    }
}

/// The secret moves from the reply into the dialog and nowhere else: not the status line,
/// not a `String` body line, not the token list (which only ever holds hashes).
fn show_secret(model: &mut Model, group: &GroupTarget, expiration: Expiration, description: &str, token: Token) {
    let Token { token: secret, .. } = token;
    if secret.is_empty() {
        model.set_status(format!("CDS generated a token for {} but sent no secret", group.name), Tone::Danger);
        return;
    }
    let mut body =
        vec![BodyLine::new(format!("New {expiration} token for {} on {}", group.name, group.server), Tone::Strong)];
    if !description.is_empty() {
        body.push(line(format!("description: {}", crate::domain::text::clean_line(description))));
    }
    body.push(BodyLine::new(
        "Copy it now: it will not be shown again. CDS keeps only a hash, and opsy forgets it when this closes.",
        Tone::Warning,
    ));
    model.set_status(format!("generated a {expiration} token for {}: copy it now (y)", group.name), Tone::Success);
    model.show(Dialog::secret("Token generated: shown once", body, secret));
}
