//! Operations on the marked rows of pane 4 (silence, unsilence, execute one corrective action
//! on each) and `z`, which unsilences exactly what the last silence changed. Each dialog
//! names its targets and their count; the requests go one per target.

use super::format::plural;
use super::results::start;
use super::{BulkPlan, BulkScope, Marked, UserActionTarget, UserActionsOp, UserActionsPurpose};
use crate::app::bulk;
use crate::app::dialog::{BodyLine, Dialog, PickItem, Tone, line};
use crate::app::effect::Effect;
use crate::app::model::Model;
use crate::app::panes::Purpose;
use crate::backends::waldur::model::CorrectiveAction;
use crate::domain::text::clean_line;

/// The marked rows the operator sees, as a plan; `None` when nothing is marked.
pub(super) fn plan(model: &Model, server: &str) -> Option<BulkPlan> {
    let pane = &model.user_actions;
    let rows: Vec<Marked> = pane.list.marked().into_iter().map(|r| Marked::of(r, model.now)).collect();
    if rows.is_empty() {
        return None;
    }
    let count = rows.len();
    let mut filter = format!("{count} marked");
    let hidden = pane.list.hidden_marks();
    if hidden > 0 {
        filter.push_str(&format!("; {hidden} more marked but hidden by the filter are left out"));
    }
    let fresh = rows.iter().filter(|r| !r.silenced).cloned().collect();
    Some(BulkPlan { scope: BulkScope::Rows(rows), count, filter, server: server.to_string(), marked: true, fresh })
}

fn rows(plan: &BulkPlan) -> &[Marked] {
    match &plan.scope {
        BulkScope::Rows(rows) => rows,
        BulkScope::Server(_) => &[],
    }
}

/// Who the dialog is about: how many, the first few by name, where, and what is left out.
fn about(plan: &BulkPlan, what: &str) -> Vec<BodyLine> {
    let names = bulk::names(rows(plan).iter().map(|r| &*r.title), plan.count);
    let mut body = vec![
        BodyLine::new(format!("{} {what}{}", plan.count, plural(plan.count)), Tone::Strong),
        names,
        line(format!("on {}", plan.server)),
    ];
    if plan.filter.contains("hidden") {
        body.push(BodyLine::new(plan.filter.clone(), Tone::Muted));
    }
    body
}

/// `s` with marks: the days first, then the confirmation (see `dialogs::on_dialog`).
pub(super) fn open_silence(model: &mut Model, plan: BulkPlan) {
    let mut body = about(&plan, "marked user action");
    body.push(line(""));
    body.push(line("Days to silence them for, 1 to 365; leave empty to silence them permanently."));
    let purpose = Purpose::UserActions(UserActionsPurpose::BulkDays(plan));
    model.show(Dialog::prompt("Silence marked", body, "days", "empty = permanent", purpose));
}

/// `u` with marks: only the silenced ones change, and the dialog says so.
pub(super) fn open_unsilence(model: &mut Model, mut plan: BulkPlan) {
    let all = plan.count;
    if let BulkScope::Rows(rows) = &mut plan.scope {
        rows.retain(|r| r.silenced);
        plan.count = rows.len();
    }
    if plan.count == 0 {
        model.set_status(format!("none of the {all} marked user actions is silenced"), Tone::Warning);
        return;
    }
    let mut body = about(&plan, "silenced user action");
    if plan.count < all {
        body.push(BodyLine::new(
            format!("{} marked are not silenced and are left as they are", all - plan.count),
            Tone::Muted,
        ));
    }
    let count = plan.count;
    let purpose = Purpose::UserActions(UserActionsPurpose::UnsilenceMarked(plan));
    model.show(bulk::confirm("Unsilence marked", body, "Unsilence", count, false, purpose));
}

/// `x` with marks: the corrective actions of the first marked row, fetched live.
pub(super) fn load_actions(model: &mut Model, plan: BulkPlan) -> Vec<Effect> {
    let Some(first) = rows(&plan).first() else { return vec![] };
    let target = UserActionTarget { uuid: first.uuid, title: first.title.to_string(), server: plan.server.clone() };
    start(model, UserActionsOp::LoadMarked { target, plan })
}

/// The picker for marked rows: what the first one offers, minus actions that only open the
/// web UI (they run nothing, so running one on each row means nothing).
pub(super) fn open_picker(model: &mut Model, plan: BulkPlan, actions: Vec<CorrectiveAction>) {
    let runnable: Vec<CorrectiveAction> = actions.into_iter().filter(|a| !a.is_navigation()).collect();
    if runnable.is_empty() {
        let first = rows(&plan).first().map_or_else(String::new, |r| clean_line(&r.title).into_owned());
        model.set_status(format!("“{first}” has no corrective action that runs on the server"), Tone::Warning);
        return;
    }
    let items = runnable.iter().map(pick_item).collect();
    let mut body = about(&plan, "marked user action");
    body.push(BodyLine::new(
        "The actions of the first one; each row must offer the one you pick (the report says where it did not).",
        Tone::Muted,
    ));
    let purpose = Purpose::UserActions(UserActionsPurpose::PickMarked { plan, actions: runnable });
    model.show(Dialog::picker("Execute on marked", body, items, purpose));
}

fn pick_item(a: &CorrectiveAction) -> PickItem {
    let detail = format!("{} · {}", clean_line(&a.category), a.severity.as_str());
    let tone = if a.severity.needs_confirmation() { Tone::Danger } else { Tone::Normal };
    PickItem { label: clean_line(&a.label).into_owned(), detail, tone }
}

/// Executing on several rows is always confirmed, whatever the action's severity.
pub(super) fn confirm_execute(plan: BulkPlan, action: CorrectiveAction) -> Dialog {
    let label = clean_line(&action.label).into_owned();
    let mut body = vec![BodyLine::new(format!("Execute “{label}”"), Tone::Strong)];
    body.extend(about(&plan, "marked user action"));
    body.push(line(format!("category {} · severity {}", clean_line(&action.category), action.severity.as_str())));
    if action.severity.needs_confirmation() {
        body.push(BodyLine::new(
            format!("Severity {}: it may not be reversible.", action.severity.as_str()),
            Tone::Danger,
        ));
    }
    let count = plan.count;
    let danger = action.severity.needs_confirmation();
    let purpose = Purpose::UserActions(UserActionsPurpose::ExecuteMarked { plan, action });
    bulk::confirm("Execute on marked", body, "Execute", count, danger, purpose)
}

/// The confirmation of a silence of marked rows, once the days are known.
pub(super) fn confirm_silence(plan: BulkPlan, days: Option<u16>) -> Dialog {
    let mut body = vec![BodyLine::new(format!("Silence {}", super::format::days_text(days)), Tone::Strong)];
    body.extend(about(&plan, "marked user action"));
    let count = plan.count;
    let purpose = Purpose::UserActions(UserActionsPurpose::BulkConfirm { plan, days });
    bulk::confirm("Silence marked", body, "Silence", count, false, purpose)
}

/// `z`: unsilence exactly the rows the last silence changed. Undoing what was just confirmed
/// needs no second confirmation; the status line said what `z` would do.
pub(super) fn undo(model: &mut Model, server: &str) -> Vec<Effect> {
    let Some(rows) = model.user_actions.undo.clone() else { return vec![] };
    let count = rows.len();
    let plan = BulkPlan {
        scope: BulkScope::Rows(rows),
        count,
        filter: "the last silence".into(),
        server: server.to_string(),
        marked: true,
        fresh: Vec::new(),
    };
    start(model, UserActionsOp::UnsilenceEach { plan, undo: true })
}
