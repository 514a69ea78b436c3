//! ZITADEL actions as the Actions and Audits panes show them: rows with their state,
//! timeout and whether they may fail; the detail page with where the action is bound and its
//! script with line numbers; the history folded into before/after states.

use std::sync::Arc;

use crate::app::dialog::Tone;
use crate::app::document::{DocLine, Document};
use crate::app::panes::actions::{ActionRow, Change};
use crate::app::panes::audits::AuditRow;
use crate::app::source::{Key, SourceId};

use super::duration;
use super::flows::Binding;
use super::history::{ActionSnapshot, EventKind, Revision};
use super::wire::{Action, ActionState};

fn state_word(s: ActionState) -> &'static str {
    match s {
        ActionState::Active => "active",
        ActionState::Inactive => "inactive",
        ActionState::Unspecified => "?",
    }
}

fn timeout_text(t: std::time::Duration) -> String {
    if t.is_zero() { "no timeout".into() } else { duration::format(t) }
}

pub(crate) fn row(source: SourceId, a: &Action) -> ActionRow {
    let change = |at, event: &str| Change {
        audit_id: i64::try_from(a.details.sequence).unwrap_or(i64::MAX),
        at,
        by: Arc::from(""),
        event: Arc::from(event),
    };
    ActionRow {
        source,
        key: Key::text(a.id.raw()),
        name: a.name.shown().to_string(),
        kind: state_word(a.state).to_string(),
        description: if a.allowed_to_fail { "allowed to fail".into() } else { "a failure stops the flow".into() },
        facts: timeout_text(a.timeout),
        active: match a.state {
            ActionState::Unspecified => None,
            s => Some(s == ActionState::Active),
        },
        // ZITADEL does not say per action; a refusal arrives as a 403 with its hint.
        editable: true,
        owner: Some(Arc::from(&*a.details.resource_owner)),
        created: a.details.creation_date.map(|at| change(Some(at), "added")),
        changed: a.details.change_date.or(a.details.creation_date).map(|at| change(Some(at), "changed")),
        copy: a.id.raw().to_string(),
    }
}

/// The detail page: the facts, where the action runs, and its script with line numbers.
pub(crate) fn detail(a: &Action, bindings: &[Binding]) -> Document {
    let mut d = Document::default();
    d.heading(a.name.shown());
    let state_tone = if a.state == ActionState::Active { Tone::Success } else { Tone::Warning };
    d.push(DocLine::new(format!("{:<14}", "state"), Tone::Muted).span(state_word(a.state), state_tone));
    d.field("timeout", timeout_text(a.timeout));
    d.field(
        "may fail",
        if a.allowed_to_fail { "yes: a failure is logged, the flow goes on" } else { "no: a failure stops the flow" },
    );
    d.field("organisation", a.details.resource_owner.to_string());
    d.field("id", a.id.shown());
    d.field("sequence", a.details.sequence.to_string());
    let when = |t: Option<jiff::Timestamp>| t.map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default();
    d.field("created", when(a.details.creation_date));
    d.field("changed", when(a.details.change_date));
    d.blank();
    d.heading(format!("Bound to ({})", bindings.len()));
    if bindings.is_empty() {
        d.push(DocLine::new("  no flow trigger: this action never runs", Tone::Warning));
    }
    for b in bindings {
        d.push(DocLine::plain(format!("  {} → {}", b.flow, b.trigger)).indented(4));
    }
    d.blank();
    let script = a.script.shown();
    d.heading(format!("Script ({} lines, read-only)", script.lines().count()));
    let width = script.lines().count().max(1).to_string().len();
    for (i, l) in script.lines().enumerate() {
        let gutter = format!("{:>width$} │ ", i + 1);
        let indent = gutter.chars().count() as u16;
        d.push(DocLine::new(gutter, Tone::Muted).span(l.replace('\t', "    "), Tone::Normal).indented(indent));
    }
    d
}

/// The action as text, so that two states diff line by line.
fn as_text(s: &ActionSnapshot) -> String {
    if s.removed {
        return "(deleted)\n".into();
    }
    if !s.complete && s.name.is_empty() && s.script.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "name: {}\nstate: {}\ntimeout: {}\nallowedToFail: {}\nscript:\n",
        s.name.raw(),
        state_word(s.state),
        timeout_text(s.timeout),
        s.allowed_to_fail
    );
    for l in s.script.raw().lines() {
        out.push_str("  ");
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// The history, newest first, each change with the state before and after it. A change can
/// be reverted when the state before it is fully known and a PUT can restore it.
pub(crate) fn audit_rows(revisions: &[Revision]) -> Vec<AuditRow> {
    revisions
        .iter()
        .rev()
        .map(|r| {
            let no_revert = match r.kind {
                EventKind::Added => Some(
                    "This event created the action: there is no earlier state to return to.".to_string(),
                ),
                EventKind::Deactivated | EventKind::Reactivated => Some(
                    "A state change is undone with t in the Actions pane (a PUT does not change the state).".to_string(),
                ),
                EventKind::Removed => Some("The action was deleted: there is nothing left to put back.".to_string()),
                EventKind::Other => Some("opsy does not know this kind of event.".to_string()),
                EventKind::Changed if !r.before.complete => Some(
                    "The history does not reach back to the action's creation, so its earlier state is not fully known."
                        .to_string(),
                ),
                EventKind::Changed => None,
            };
            AuditRow {
                id: i64::try_from(r.sequence).unwrap_or(i64::MAX),
                at: r.at,
                by: Arc::from(&*r.editor),
                event: Arc::from(&*r.label),
                creation: r.kind == EventKind::Added,
                before: as_text(&r.before),
                after: as_text(&r.after),
                no_revert,
            }
        })
        .collect()
}
