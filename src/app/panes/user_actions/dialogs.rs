//! The dialogs of pane 4: silence days, the corrective-action picker and its confirmation,
//! bulk silence with the count first and a typed confirmation.

use super::format::{days_text, plural};
use super::marked;
use super::results::start;
use super::{BulkPlan, BulkScope, Marked, UserActionTarget, UserActionsOp, UserActionsPane, UserActionsPurpose};
use crate::app::dialog::{BodyLine, Dialog, Outcome, PickItem, Tone, line};
use crate::app::effect::Effect;
use crate::app::model::Model;
use crate::app::panes::Purpose;
use crate::backends::waldur::model::CorrectiveAction;
use crate::domain::text::clean_line;

/// `x`: the picker of live corrective actions for `target`.
pub(super) fn open_picker(model: &mut Model, target: UserActionTarget, actions: Vec<CorrectiveAction>) {
    if actions.is_empty() {
        model.set_status(format!("no corrective actions for “{}”", target.title), Tone::Warning);
        return;
    }
    let items = actions.iter().map(pick_item).collect();
    let body = vec![BodyLine::new(format!("“{}”", target.title), Tone::Strong), line(format!("on {}", target.server))];
    model.show(Dialog::picker(
        "Execute a corrective action",
        body,
        items,
        Purpose::UserActions(UserActionsPurpose::PickAction { target, actions }),
    ));
}

/// `S`: the count of what is shown first, then the days.
pub(super) fn open_bulk(model: &mut Model, server: &str) {
    let plan = bulk_plan(&model.user_actions, server, model.now);
    let body = vec![
        BodyLine::new(
            format!("{} user action{} shown ({})", plan.count, plural(plan.count), plan.filter),
            Tone::Strong,
        ),
        line(format!("on {server}")),
        line(""),
        line("Days to silence them for, 1 to 365; leave empty to silence them permanently."),
    ];
    model.show(Dialog::prompt(
        "Bulk silence",
        body,
        "days",
        "empty = permanent",
        Purpose::UserActions(UserActionsPurpose::BulkDays(plan)),
    ));
}

fn bulk_plan(pane: &UserActionsPane, server: &str, now: jiff::Timestamp) -> BulkPlan {
    let applied = &pane.filter.filter;
    let filter =
        if applied.is_empty() { "no filter".to_string() } else { format!("filter “{}”", applied.raw.trim()) };
    let filter = format!("{filter}, silenced {}", if pane.include_silenced { "included" } else { "hidden" });
    let fresh: Vec<Marked> = pane.list.shown().filter(|r| !r.silenced_at(now)).map(|r| Marked::of(r, now)).collect();
    let scope = if applied.is_server_expressible() {
        BulkScope::Server(applied.server_query(pane.include_silenced))
    } else {
        BulkScope::Rows(pane.list.shown().map(|r| Marked::of(r, now)).collect())
    };
    BulkPlan { scope, count: pane.list.len(), filter, server: server.to_string(), marked: false, fresh }
}

fn pick_item(a: &CorrectiveAction) -> PickItem {
    let mut detail = format!("{} · {}", clean_line(&a.category), a.severity.as_str());
    detail.push_str(if a.is_navigation() { " · opens in Waldur" } else { " · runs on the server" });
    if a.needs_confirmation() {
        detail.push_str(" · confirm");
    }
    let tone = if a.severity.needs_confirmation() { Tone::Danger } else { Tone::Normal };
    PickItem { label: clean_line(&a.label).into_owned(), detail, tone }
}

/// Validate the days prompt before anything is sent: empty = permanent, else 1..=365.
pub(crate) fn parse_days(text: &str) -> Result<Option<u16>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u32>() {
        Ok(n @ 1..=365) => Ok(Some(n as u16)),
        _ => Err(format!("“{t}” is not a number of days from 1 to 365 (leave empty to silence permanently)")),
    }
}

/// A dialog of this pane was answered.
pub(crate) fn on_dialog(model: &mut Model, purpose: UserActionsPurpose, outcome: Outcome) -> Vec<Effect> {
    match (purpose, outcome) {
        (_, Outcome::Cancelled | Outcome::Closed) => {
            model.close_dialog();
            vec![]
        }
        (UserActionsPurpose::Silence { target, was_silenced }, Outcome::Text(text)) => match parse_days(&text) {
            Ok(days) => {
                model.close_dialog();
                start(model, UserActionsOp::Silence { target, days, was_silenced })
            }
            Err(e) => {
                if let Some(d) = &mut model.dialog {
                    d.set_error(e);
                }
                vec![]
            }
        },
        (UserActionsPurpose::PickAction { target, actions }, Outcome::Picked(i)) => {
            let Some(action) = actions.get(i).cloned() else { return vec![] };
            if action.needs_confirmation() {
                model.dialog = Some(execute_confirm(target, action));
                vec![]
            } else {
                model.close_dialog();
                start(model, UserActionsOp::Execute { target, action })
            }
        }
        (UserActionsPurpose::Execute { target, action }, Outcome::Confirmed) => {
            model.close_dialog();
            start(model, UserActionsOp::Execute { target, action })
        }
        (UserActionsPurpose::BulkDays(plan), Outcome::Text(text)) => match parse_days(&text) {
            Ok(days) => {
                model.dialog =
                    Some(if plan.marked { marked::confirm_silence(plan, days) } else { bulk_confirm(plan, days) });
                vec![]
            }
            Err(e) => {
                if let Some(d) = &mut model.dialog {
                    d.set_error(e);
                }
                vec![]
            }
        },
        (UserActionsPurpose::BulkConfirm { plan, days }, Outcome::Confirmed) => {
            model.close_dialog();
            if plan.marked {
                model.user_actions.list.drop_marks();
            }
            start(model, UserActionsOp::Bulk { plan, days })
        }
        (UserActionsPurpose::UnsilenceMarked(plan), Outcome::Confirmed) => {
            model.close_dialog();
            model.user_actions.list.drop_marks();
            start(model, UserActionsOp::UnsilenceEach { plan, undo: false })
        }
        (UserActionsPurpose::PickMarked { plan, actions }, Outcome::Picked(i)) => {
            let Some(action) = actions.get(i).cloned() else { return vec![] };
            model.dialog = Some(marked::confirm_execute(plan, action));
            vec![]
        }
        (UserActionsPurpose::ExecuteMarked { plan, action }, Outcome::Confirmed) => {
            model.close_dialog();
            model.user_actions.list.drop_marks();
            start(model, UserActionsOp::ExecuteEach { plan, action })
        }
        _ => vec![],
    }
}

fn execute_confirm(target: UserActionTarget, action: CorrectiveAction) -> Dialog {
    let label = clean_line(&action.label).into_owned();
    let mut body = vec![
        BodyLine::new(format!("Execute “{label}”"), Tone::Strong),
        line(format!("on “{}”", target.title)),
        line(format!("on {}", target.server)),
        line(""),
        line(format!("category {} · severity {}", clean_line(&action.category), action.severity.as_str())),
    ];
    if action.confirmation_required {
        body.push(BodyLine::new("The server asks for confirmation of this action.", Tone::Warning));
    }
    if action.severity.needs_confirmation() {
        body.push(BodyLine::new(
            format!("Severity {}: it may not be reversible.", action.severity.as_str()),
            Tone::Danger,
        ));
    }
    if !action.permissions_required.is_empty() {
        let perms: Vec<&str> = action.permissions_required.iter().map(|p| &**p).collect();
        body.push(BodyLine::new(format!("needs {}", perms.join(", ")), Tone::Muted));
    }
    let danger = action.severity.needs_confirmation();
    Dialog::confirm(
        "Execute corrective action",
        body,
        "Execute",
        danger,
        Purpose::UserActions(UserActionsPurpose::Execute { target, action }),
    )
}

fn bulk_confirm(plan: BulkPlan, days: Option<u16>) -> Dialog {
    let how = match &plan.scope {
        BulkScope::Server(q) => format!("The server selects them by: {q}."),
        BulkScope::Rows(_) => "Your filter has words the server cannot express: each one is silenced by itself.".into(),
    };
    let body = vec![
        BodyLine::new(
            format!("Silence {} user action{} {}", plan.count, plural(plan.count), days_text(days)),
            Tone::Strong,
        ),
        line(format!("on {} ({})", plan.server, plan.filter)),
        BodyLine::new(how, Tone::Muted),
        line(""),
        line(format!("Type {} to confirm.", plan.count)),
    ];
    let expected = plan.count.to_string();
    Dialog::typed_confirm(
        "Bulk silence",
        body,
        "Silence all",
        &expected,
        Purpose::UserActions(UserActionsPurpose::BulkConfirm { plan, days }),
    )
}
