//! Requests of pane 4 in flight, and what their answers do: the server's words on failure,
//! a refresh after every change.

use super::dialogs::open_picker;
use super::format::{days_text, plural};
use super::marked;
use super::{BulkPlan, BulkScope, Detail, LoadFor, Marked, UserActionTarget, UserActionsOp};
use crate::app::bulk;
use crate::app::dialog::{BodyLine, Dialog, Tone, line};
use crate::app::effect::{Call, Effect, WaldurCall};
use crate::app::keymap::{Command, Scope};
use crate::app::loaded::Loaded;
use crate::app::model::Model;
use crate::app::msg::{EachReport, Reply};
use crate::app::panes::PaneOp;
use crate::backends::waldur::model::CorrectiveAction;
use crate::domain::error::ApiError;
use crate::domain::text::clean_line;

fn op_label(op: &UserActionsOp) -> String {
    match op {
        UserActionsOp::Load { target, purpose: LoadFor::Detail } => format!("loading “{}”", target.title),
        UserActionsOp::Load { target, purpose: LoadFor::Pick } => {
            format!("loading the corrective actions of “{}”", target.title)
        }
        UserActionsOp::Silence { target, days, .. } => format!("silencing “{}” {}", target.title, days_text(*days)),
        UserActionsOp::Unsilence { target } => format!("unsilencing “{}”", target.title),
        UserActionsOp::Execute { target, action } => {
            format!("executing “{}” on “{}”", clean_line(&action.label), target.title)
        }
        UserActionsOp::LoadMarked { target, .. } => format!("loading the corrective actions of “{}”", target.title),
        UserActionsOp::Bulk { plan, days } => format!("silencing {} user actions {}", plan.count, days_text(*days)),
        UserActionsOp::UnsilenceEach { plan, undo: true } => {
            format!("undoing the last silence: unsilencing {} user action{}", plan.count, plural(plan.count))
        }
        UserActionsOp::UnsilenceEach { plan, .. } => {
            format!("unsilencing {} user action{}", plan.count, plural(plan.count))
        }
        UserActionsOp::ExecuteEach { plan, action } => {
            format!("executing “{}” on {} user action{}", clean_line(&action.label), plan.count, plural(plan.count))
        }
        UserActionsOp::UpdateActions => "asking the server to re-evaluate user actions".into(),
    }
}

pub(super) fn start(model: &mut Model, op: UserActionsOp) -> Vec<Effect> {
    let Some(source) = model.user_actions.source else { return vec![] };
    let call = match &op {
        UserActionsOp::Load { target, .. } | UserActionsOp::LoadMarked { target, .. } => {
            WaldurCall::Get { uuid: target.uuid }
        }
        UserActionsOp::Silence { target, days, .. } => WaldurCall::Silence { uuid: target.uuid, days: *days },
        UserActionsOp::Unsilence { target } => WaldurCall::Unsilence { uuid: target.uuid },
        UserActionsOp::Execute { target, action } => {
            WaldurCall::Execute { uuid: target.uuid, label: action.label.to_string() }
        }
        UserActionsOp::Bulk { plan, days } => match &plan.scope {
            BulkScope::Server(query) => WaldurCall::BulkSilence { query: query.clone(), days: *days },
            BulkScope::Rows(_) => WaldurCall::SilenceEach { uuids: plan.uuids(), days: *days },
        },
        UserActionsOp::UnsilenceEach { plan, .. } => WaldurCall::UnsilenceEach { uuids: plan.uuids() },
        UserActionsOp::ExecuteEach { plan, action } => {
            WaldurCall::ExecuteEach { uuids: plan.uuids(), label: action.label.to_string() }
        }
        UserActionsOp::UpdateActions => WaldurCall::UpdateActions,
    };
    let call = Call::Waldur(source, call);
    let label = op_label(&op);
    match model.begin_op(PaneOp::UserActions(op), label) {
        Some(id) => vec![Effect::Call { op: id, call }],
        None => vec![],
    }
}

/// A request finished: say what happened (the server's words on failure), refresh.
pub(crate) fn on_done(model: &mut Model, op: UserActionsOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    if let UserActionsOp::Load { target, purpose } = op {
        return loaded(model, target, purpose, result);
    }
    if let UserActionsOp::LoadMarked { target, plan } = op {
        return loaded_for_marked(model, target, plan, result);
    }
    let mut refresh: Vec<Effect> = model.user_actions.feed().map(Effect::Refresh).into_iter().collect();
    // The detail view of the item just changed shows the server's new state, not the old one.
    if let Some(d) = &model.user_actions.detail
        && op.target_uuid().is_some_and(|u| u == d.row.uuid)
    {
        let row = d.row.clone();
        let target = UserActionTarget { uuid: row.uuid, title: row.title.to_string(), server: server_of(model) };
        refresh.extend(start(model, UserActionsOp::Load { target, purpose: LoadFor::Detail }));
    }
    let result = match result {
        Ok(reply) => {
            model.user_actions.expect_changes = true;
            reply
        }
        Err(e) => {
            failed(model, &op, &e);
            // A failure may mean the list is out of date (404: resolved meanwhile).
            return refresh;
        }
    };
    let Some(done) = reply_kind(result) else {
        model.set_status(format!("unexpected answer while {}", op_label(&op)), Tone::Warning);
        return refresh;
    };
    match (op, done) {
        (UserActionsOp::Silence { target, was_silenced, .. }, Done::Silenced(r)) => {
            let how = match r.duration_days {
                Some(d) => format!("for {d} day{}", plural(d as usize)),
                None => "permanently".into(),
            };
            let undo = (!was_silenced)
                .then(|| vec![Marked { uuid: target.uuid, title: target.title.as_str().into(), silenced: false }]);
            let text = format!("silenced “{}” {how}", target.title);
            set_undo(model, undo, text, Tone::Success);
            // The open detail shows the new state at once; the refresh then hides the row.
            let now = model.now;
            if let Some(d) = model.user_actions.detail.as_mut().filter(|d| d.row.uuid == target.uuid) {
                d.silenced_here = true;
                match r.duration_days {
                    Some(days) => {
                        let until = now.checked_add(jiff::SignedDuration::from_hours(24 * days)).ok();
                        d.row.silenced_until = crate::backends::waldur::model::Moment::from_opt(until);
                    }
                    None => d.row.is_silenced = true,
                }
            }
        }
        (UserActionsOp::Unsilence { target }, Done::Unsilenced) => {
            model.set_status(format!("unsilenced “{}”", target.title), Tone::Success);
        }
        (UserActionsOp::Execute { target, action }, Done::Executed(r)) => executed(model, &target, &action, &r),
        (UserActionsOp::Bulk { plan, .. }, Done::Bulk { count }) => {
            let text = format!("silenced {count} user action{}", plural(count));
            if count != plan.count {
                let body = vec![
                    BodyLine::new(text.clone(), Tone::Strong),
                    BodyLine::new(
                        format!("You confirmed {}; the server's set had changed by the time it ran.", plan.count),
                        Tone::Warning,
                    ),
                ];
                model.show(Dialog::notice("Bulk silence", body, Tone::Warning, None));
            }
            let undo = plan.fresh.clone();
            set_undo(model, Some(undo), text, Tone::Success);
        }
        (UserActionsOp::Bulk { plan, .. }, Done::Each(report)) => {
            let changed: Vec<Marked> =
                plan.fresh.iter().filter(|r| report.ok.iter().any(|(u, _)| *u == r.uuid)).cloned().collect();
            let (text, tone) = each_report(model, &plan, "Silence", "silenced", report);
            set_undo(model, Some(changed), text, tone);
        }
        (UserActionsOp::UnsilenceEach { plan, undo }, Done::Each(report)) => {
            let failed: Vec<Marked> = match &plan.scope {
                BulkScope::Rows(rows) => {
                    rows.iter().filter(|r| report.failed.iter().any(|(u, _)| *u == r.uuid)).cloned().collect()
                }
                BulkScope::Server(_) => Vec::new(),
            };
            let (text, tone) = each_report(model, &plan, "Unsilence", "unsilenced", report);
            if undo {
                // What could not be undone stays undoable.
                model.user_actions.undo = (!failed.is_empty()).then_some(failed);
            }
            model.set_status(text, tone);
        }
        (UserActionsOp::ExecuteEach { plan, action }, Done::Each(report)) => {
            let title = format!("Executed: {}", clean_line(&action.label));
            let (text, tone) = each_report(model, &plan, &title, "executed on", report);
            model.set_status(text, tone);
        }
        (UserActionsOp::UpdateActions, Done::Scheduled(message)) => {
            let text = if message.is_empty() { "re-evaluation scheduled".to_string() } else { message };
            model.set_status(format!("{text} (changes appear at a later poll)"), Tone::Success);
            return vec![];
        }
        (op, _) => {
            model.set_status(format!("unexpected answer while {}", op_label(&op)), Tone::Warning);
        }
    }
    refresh
}

enum Done {
    Silenced(crate::backends::waldur::model::SilenceResponse),
    Unsilenced,
    Executed(crate::backends::waldur::model::ExecuteResponse),
    Bulk { count: usize },
    Each(EachReport),
    Scheduled(String),
}

/// A silence went through: say so, with `z` when there is something to undo.
fn set_undo(model: &mut Model, undo: Option<Vec<Marked>>, text: String, tone: Tone) {
    let undo = undo.filter(|rows| !rows.is_empty());
    let text = match &undo {
        Some(_) => {
            let key = model.keymap.short_label(Scope::UserActions, Command::Undo);
            if key.is_empty() { text } else { format!("{text} — {key} undo") }
        }
        None => text,
    };
    model.user_actions.undo = undo;
    model.set_status(text, tone);
}

/// One line per target, titled as the operator saw it; the report dialog when needed.
fn each_report(model: &mut Model, plan: &BulkPlan, title: &str, verb: &str, report: EachReport) -> (String, Tone) {
    let mut outcomes: Vec<bulk::Outcome> = report
        .ok
        .into_iter()
        .map(|(uuid, said)| bulk::Outcome { name: plan.title_of(uuid), result: Ok(said) })
        .collect();
    outcomes.extend(report.failed.into_iter().map(|(uuid, e)| {
        let mut why = e.to_string();
        if e.status() == Some(404) {
            why.push_str(" (resolved meanwhile?)");
        }
        bulk::Outcome { name: plan.title_of(uuid), result: Err(why) }
    }));
    let (status, tone, dialog) = bulk::report(title, verb, outcomes);
    if let Some(d) = dialog {
        model.show(d);
    }
    (status, tone)
}

/// The first marked row's corrective actions arrived: the picker for all marked rows.
fn loaded_for_marked(
    model: &mut Model,
    target: UserActionTarget,
    plan: BulkPlan,
    result: Result<Reply, ApiError>,
) -> Vec<Effect> {
    match result {
        Ok(Reply::UserAction(full)) => marked::open_picker(model, plan, full.corrective_actions.clone()),
        Ok(_) => model.set_status("unexpected answer while loading corrective actions", Tone::Warning),
        Err(e) => {
            model.set_status(format!("cannot load the corrective actions of “{}”", target.title), Tone::Danger);
            let body = vec![
                BodyLine::new(format!("“{}”", target.title), Tone::Strong),
                line(""),
                BodyLine::new(e.to_string(), Tone::Danger),
            ];
            model.show(Dialog::notice("Cannot execute", body, Tone::Danger, None));
        }
    }
    vec![]
}

fn server_of(model: &Model) -> String {
    super::server(model)
}

/// A live load answered: fill the detail view, or open the picker with fresh actions.
fn loaded(
    model: &mut Model,
    target: UserActionTarget,
    purpose: LoadFor,
    result: Result<Reply, ApiError>,
) -> Vec<Effect> {
    let full = match result {
        Ok(Reply::UserAction(full)) => Ok(full),
        Ok(_) => Err("unexpected answer".to_string()),
        Err(e) if e.status() == Some(404) => {
            Err(format!("{e}\nThe server no longer has this action for you: it was probably resolved or silenced."))
        }
        Err(e) => Err(e.to_string()),
    };
    match purpose {
        LoadFor::Detail => {
            if let Some(d @ Detail { .. }) = &mut model.user_actions.detail
                && d.row.uuid == target.uuid
            {
                d.full = match full {
                    Ok(f) => Loaded::Ready(f),
                    Err(e) => Loaded::Failed(e),
                };
            }
        }
        LoadFor::Pick => match full {
            Ok(f) => {
                let actions: Vec<CorrectiveAction> = f.corrective_actions.clone();
                open_picker(model, target, actions);
            }
            Err(e) => {
                model.set_status(format!("cannot load the corrective actions of “{}”", target.title), Tone::Danger);
                let body = vec![
                    BodyLine::new(format!("“{}”", target.title), Tone::Strong),
                    line(""),
                    BodyLine::new(e, Tone::Danger),
                ];
                model.show(Dialog::notice("Cannot execute", body, Tone::Danger, None));
            }
        },
    }
    vec![]
}

fn reply_kind(r: Reply) -> Option<Done> {
    Some(match r {
        Reply::Silenced(s) => Done::Silenced(s),
        Reply::Unsilenced => Done::Unsilenced,
        Reply::Executed(e) => Done::Executed(e),
        Reply::BulkSilenced(b) => Done::Bulk { count: b.count.max(0) as usize },
        Reply::Each(report) => Done::Each(report),
        Reply::UpdateScheduled(u) => Done::Scheduled(u.message.to_string()),
        _ => return None,
    })
}

fn failed(model: &mut Model, op: &UserActionsOp, e: &ApiError) {
    let mut body = vec![BodyLine::new(format!("Failed while {}.", op_label(op)), Tone::Strong), line("")];
    body.push(BodyLine::new(e.to_string(), Tone::Danger));
    if e.status() == Some(404) && op.target_uuid().is_some() {
        body.push(line(""));
        body.push(line("The server no longer has this action for you: it may have been resolved meanwhile."));
    }
    body.push(BodyLine::new("Nothing was changed by opsy; the list is being refreshed.", Tone::Muted));
    model.set_status(format!("failed: {}", op_label(op)), Tone::Danger);
    model.show(Dialog::notice("Request failed", body, Tone::Danger, None));
}

fn executed(
    model: &mut Model,
    target: &UserActionTarget,
    action: &CorrectiveAction,
    r: &crate::backends::waldur::model::ExecuteResponse,
) {
    let label = clean_line(&action.label).into_owned();
    if &*r.action == "navigate" {
        return navigate(model, target, action, r, &label);
    }
    let mut body = vec![BodyLine::new(format!("“{label}” on “{}”", target.title), Tone::Strong), line("")];
    let mut copy = None;
    let msg = if r.message.is_empty() { "The server reports it completed." } else { &r.message };
    for l in msg.lines() {
        body.push(line(l));
    }
    if !r.redirect_url.is_empty() {
        body.push(line(format!("More at {}", r.redirect_url)));
        copy = Some(r.redirect_url.to_string());
    }
    if !r.metadata.is_empty() {
        body.push(BodyLine::new(format!("metadata {}", r.metadata), Tone::Muted));
    }
    model.set_status(format!("executed “{label}” on “{}”", target.title), Tone::Success);
    model.show(Dialog::notice(format!("Executed: {label}"), body, Tone::Success, copy));
}

/// The server ran nothing: this action is done in Waldur's web UI. Say so, and give the
/// link to copy (or click, where the terminal supports links).
fn navigate(
    model: &mut Model,
    target: &UserActionTarget,
    action: &CorrectiveAction,
    r: &crate::backends::waldur::model::ExecuteResponse,
    label: &str,
) {
    let mut body = vec![
        BodyLine::new(format!("“{label}” on “{}”", target.title), Tone::Strong),
        line(""),
        line("Nothing ran: this action is done in Waldur's web UI. Open:"),
    ];
    let exact = (!r.redirect_url.is_empty()).then(|| r.redirect_url.to_string()).or_else(|| action.web_url.clone());
    let web_ui = model.user_actions.source.and_then(|s| model.sources.get(s)).and_then(|i| i.web_ui.clone());
    let url = exact.clone().or(web_ui);
    if let Some(url) = &url {
        body.push(BodyLine::new(format!("  {url}"), Tone::Strong).linked(url));
    }
    if exact.is_none() {
        let route = action.route_name.as_deref().unwrap_or("");
        if !route.is_empty() {
            let params = if action.route_params.is_empty() { "" } else { &action.route_params };
            let text = format!("then go to its page “{route}” {params}");
            body.push(BodyLine::new(text.trim_end().to_string(), Tone::Muted));
        }
    }
    let copy_key = model.keymap.short_label(crate::app::keymap::Scope::Dialog, crate::app::keymap::Command::Confirm);
    let status = match &url {
        Some(_) => format!("“{label}” opens in Waldur's web UI ({copy_key} copies the link)"),
        None => format!("“{label}” is done in Waldur's web UI"),
    };
    model.set_status(status, Tone::Info);
    model.show(Dialog::notice(format!("Open in Waldur: {label}"), body, Tone::Info, url));
}
