//! Requests of the Actions pane in flight, and what their answers do: the server's words and
//! the source's plain-words hint on failure, a refresh after every change.

use jiff::Timestamp;

use super::{ActionRow, ActionTarget, ActionsOp, ActionsPurpose, View};
use crate::app::dialog::{BodyLine, Dialog, Tone, line};
use crate::app::effect::{ActionCall, Call, Effect};
use crate::app::list::Resync;
use crate::app::loaded::Loaded;
use crate::app::model::Model;
use crate::app::msg::{Feed, Payload, Reply};
use crate::app::panes::{Pane, PaneOp, Purpose};
use crate::app::source::SourceId;
use crate::domain::error::ApiError;

pub(super) fn label(op: &ActionsOp) -> String {
    match op {
        ActionsOp::Detail { target, .. } => format!("loading {}", target.name),
        ActionsOp::Usage(t) => format!("finding where {} is used", t.name),
        ActionsOp::Delete(t) => format!("deleting {} on {}", t.name, t.server),
        ActionsOp::Toggle { target, active: true } => format!("activating {} on {}", target.name, target.server),
        ActionsOp::Toggle { target, active: false } => format!("deactivating {} on {}", target.name, target.server),
        ActionsOp::Export { target, dest, .. } => format!("exporting {} to {}", target.name, dest.display()),
        ActionsOp::Import { file, .. } => format!("importing {}", file.display()),
        ActionsOp::EditOpen(t) => format!("reading {} to edit", t.name),
        ActionsOp::NewOwners { .. } => "finding where you may create actions".to_string(),
        ActionsOp::NewTemplate(t) => format!("preparing {}", t.name),
        ActionsOp::EditCheck(t) => format!("checking your edit of {}", t.name),
        ActionsOp::EditRefetch(t) => format!("checking whether {} changed on {}", t.name, t.server),
        ActionsOp::EditApply(t) if t.key.is_none() => format!("creating {} on {}", t.name, t.server),
        ActionsOp::EditApply(t) => format!("applying your edit of {} on {}", t.name, t.server),
    }
}

/// Register the request (single-flight) and ask the runtime to send it.
pub(crate) fn start(m: &mut Model, op: ActionsOp) -> Vec<Effect> {
    let (source, call) = match &op {
        ActionsOp::Detail { target, fresh } => {
            (target.source, ActionCall::Detail { key: target.key.clone(), fresh: *fresh })
        }
        ActionsOp::Usage(t) => (t.source, ActionCall::Usage(t.key.clone())),
        ActionsOp::Delete(t) => (t.source, ActionCall::Delete(t.key.clone())),
        ActionsOp::Toggle { target, active } => {
            (target.source, ActionCall::SetActive { key: target.key.clone(), active: *active })
        }
        ActionsOp::Import { source, file } => (*source, ActionCall::Import { file: file.clone() }),
        ActionsOp::Export { target, dest } => {
            return start_export(m, target.clone(), dest.clone(), false);
        }
        ActionsOp::EditOpen(t) | ActionsOp::EditRefetch(t) => match &t.key {
            Some(key) => (t.source, ActionCall::EditText(key.clone())),
            None => return vec![],
        },
        ActionsOp::NewOwners { source } => (*source, ActionCall::Owners),
        ActionsOp::NewTemplate(t) => (t.source, ActionCall::Template { owner: t.owner.clone().unwrap_or_default() }),
        ActionsOp::EditCheck(t) => {
            (t.source, ActionCall::CheckEdit { key: t.key.clone(), text: super::edit::text_of(m) })
        }
        ActionsOp::EditApply(t) => {
            (t.source, ActionCall::ApplyEdit { key: t.key.clone(), text: super::edit::text_of(m) })
        }
    };
    begin(m, op, Call::Action(source, call))
}

pub(super) fn start_export(
    m: &mut Model,
    target: ActionTarget,
    dest: std::path::PathBuf,
    overwrite: bool,
) -> Vec<Effect> {
    let call =
        Call::Action(target.source, ActionCall::Export { key: target.key.clone(), dest: dest.clone(), overwrite });
    begin(m, ActionsOp::Export { target, dest }, call)
}

fn begin(m: &mut Model, op: ActionsOp, call: Call) -> Vec<Effect> {
    let text = label(&op);
    match m.begin_op(PaneOp::Actions(op), text) {
        Some(id) => vec![Effect::Call { op: id, call }],
        None => vec![],
    }
}

fn refresh(source: SourceId) -> Vec<Effect> {
    vec![Effect::Refresh(Feed::Actions(source))]
}

pub(crate) fn on_done(m: &mut Model, op: ActionsOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    if op.is_edit() {
        return super::edit::on_done(m, op, result);
    }
    match (op, result) {
        (ActionsOp::Detail { target, .. }, result) => {
            fill_page(m, &target, true, result);
            vec![]
        }
        (ActionsOp::Usage(target), result) => {
            fill_page(m, &target, false, result);
            vec![]
        }
        (ActionsOp::Delete(t), Ok(_)) => {
            m.set_status(format!("deleted {} on {}", t.name, t.server), Tone::Success);
            if matches!(&m.actions.screen, View::Detail(p) | View::Usage(p) if p.target.key == t.key && p.target.source == t.source)
            {
                m.actions.screen = View::List;
            }
            m.actions.deleted = Some((t.source, t.key.clone()));
            refresh(t.source)
        }
        (ActionsOp::Delete(t), Err(e)) => {
            let body = failure_body(format!("{} was not deleted.", t.name), &e);
            m.set_status(format!("delete of {} refused", t.name), Tone::Danger);
            m.show(Dialog::notice("Delete refused", body, Tone::Danger, None));
            refresh(t.source)
        }
        (ActionsOp::Toggle { target, active }, Ok(Reply::ActionToggled { row, already })) => {
            toggled(m, &target, active, *row, already);
            let mut effects = refresh(target.source);
            // The open page shows the state too: read it again.
            if matches!(&m.actions.screen, View::Detail(p) if p.target.source == target.source && p.target.key == target.key)
            {
                effects.extend(start(m, ActionsOp::Detail { target, fresh: false }));
            }
            effects
        }
        (ActionsOp::Export { target, .. }, Ok(Reply::Exported { dest, bytes })) => {
            m.set_status(format!("exported {} to {} ({bytes} bytes)", target.name, dest.display()), Tone::Success);
            vec![]
        }
        (ActionsOp::Export { target, .. }, Ok(Reply::ExportTargetExists { dest })) => {
            let body = vec![
                BodyLine::new(format!("{} already exists.", dest.display()), Tone::Strong),
                line(format!("Replace it with the export of {}?", target.name)),
            ];
            let purpose = Purpose::Actions(ActionsPurpose::ExportOverwrite { target, dest });
            m.show(Dialog::confirm("Overwrite file?", body, "Overwrite", true, purpose));
            vec![]
        }
        (ActionsOp::Import { source, file }, Ok(Reply::Imported { created, name })) => {
            m.actions.last_import = None;
            let verb = if created { "created" } else { "updated" };
            let mut text = format!("{verb} {name} from {}", file.display());
            if !created {
                text.push_str(" — its previous state is in its audit log (a, then R to roll back)");
            }
            m.set_status(text, Tone::Success);
            refresh(source)
        }
        (op, Err(e)) => {
            let body = failure_body(format!("Failed while {}.", label(&op)), &e);
            m.set_status(format!("failed: {}", label(&op)), Tone::Danger);
            m.show(Dialog::notice("Request failed", body, Tone::Danger, None));
            vec![]
        }
        (op, Ok(_)) => {
            m.set_status(format!("unexpected answer while {}", label(&op)), Tone::Warning);
            vec![]
        }
    }
}

/// The server's words verbatim, then what they mean, when the source's glossary knows.
pub(super) fn failure_body(what: String, e: &ApiError) -> Vec<BodyLine> {
    let mut body = vec![BodyLine::new(what, Tone::Strong), line(""), BodyLine::new(e.to_string(), Tone::Danger)];
    if let Some(hint) = e.hint() {
        body.push(line(""));
        body.extend(hint.lines().map(line));
    }
    body
}

/// The server's words, plus what they mean, for a page that could not load.
fn describe(e: &ApiError) -> String {
    match e.hint() {
        Some(hint) => format!("{e}\n{hint}"),
        None => e.to_string(),
    }
}

/// A detail or usage answered; answers for a page that is no longer open are dropped.
fn fill_page(m: &mut Model, target: &ActionTarget, detail: bool, result: Result<Reply, ApiError>) {
    let page = match &mut m.actions.screen {
        View::Detail(p) if detail => p,
        View::Usage(p) if !detail => p,
        _ => return,
    };
    if page.target.source != target.source || page.target.key != target.key {
        return;
    }
    page.doc = match result {
        Ok(Reply::Document(d)) => Loaded::Ready(d),
        Ok(_) => Loaded::Failed("unexpected answer".into()),
        Err(e) => Loaded::Failed(describe(&e)),
    };
}

/// The new state, as read back from the server, replaces the row at once.
fn toggled(m: &mut Model, target: &ActionTarget, active: bool, row: ActionRow, already: bool) {
    let now = if row.active == Some(true) { "active" } else { "inactive" };
    let text = if already {
        format!("{} was already {now} on {}: nothing changed", target.name, target.server)
    } else if row.active == Some(active) {
        format!("{} is now {now} on {}", target.name, target.server)
    } else {
        format!("{} is still {now} on {}: the server did not change it", target.name, target.server)
    };
    let tone = if already || row.active != Some(active) { Tone::Warning } else { Tone::Success };
    m.set_status(text, tone);
    let rows = m.actions.list.rows_mut();
    if let Some(r) = rows.iter_mut().find(|r| r.source == row.source && r.key == row.key) {
        *r = row;
    }
    m.actions.refilter(&m.sources, false);
}

/// A source's list answered. Failures keep its rows and mark them stale.
pub(super) fn on_list(m: &mut Model, source: SourceId, at: Timestamp, result: Result<Payload, ApiError>) {
    let f = m.actions.health.entry(source).or_default();
    let rows = match result {
        Ok(Payload::Actions(rows)) => rows,
        Ok(_) => return,
        Err(e) => {
            f.failed(e.to_string());
            return;
        }
    };
    f.succeeded(at);
    let before = m.actions.list.selected_key().cloned();
    let resync = m.actions.load(source, rows, &m.sources);
    m.audits.rebuild_feed(m.actions.list.rows());
    let expected = before.is_some() && before.as_ref().map(|(s, k)| (*s, k.clone())) == m.actions.deleted;
    if expected {
        m.actions.deleted = None;
    }
    let moved_here = before.as_ref().is_some_and(|(s, _)| *s == source);
    if resync == Resync::Moved && moved_here && !expected && m.pane == Pane::Actions {
        m.set_status("the selected action is gone (deleted or renamed); cursor moved", Tone::Warning);
    }
}
