//! Pane 1: actions from every source (CDS for now). List with filter and sort, detail with
//! parameters, requirements and steps, usage, export/import, delete, and a jump to the audits.

use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;

use crate::app::dialog::{BodyLine, Dialog, Outcome, Tone, line, text_input};
use crate::app::effect::{Call, Effect};
use crate::app::filter::{Filter, FilterBox, FilterChange, contains_ci};
use crate::app::freshness::Freshness;
use crate::app::keymap::Command;
use crate::app::list::{Cursor, Resync, navigate, scroll};
pub use crate::app::loaded::Loaded;
use crate::app::model::{Model, Pane, PaneOp};
use crate::app::msg::{Feed, Reply};
use crate::app::purpose::Purpose;
use crate::app::source::SourceKind;
use crate::backends::cds::wire::{Action, ActionPath, AuditEvent, ExportFormat, ImportOutcome, Usage};
use crate::domain::error::ApiError;

/// Who changed an action last (or created it), from the raw audit in the list answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub audit_id: i64,
    pub at: Option<Timestamp>,
    pub by: Arc<str>,
    pub event: AuditEvent,
}

/// One row of the Actions pane, whatever its source.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionRow {
    pub source: SourceKind,
    pub path: ActionPath,
    /// `group/name`, cleaned for display.
    pub full_name: String,
    pub kind: String,
    /// First line of the description, cleaned.
    pub description: String,
    pub params: usize,
    pub reqs: usize,
    pub editable: bool,
    pub created: Option<Change>,
    pub changed: Option<Change>,
}

impl ActionRow {
    pub fn from_cds(a: &Action) -> Option<Self> {
        let path = a.path()?;
        let change = |audit: &Option<Box<crate::backends::cds::wire::AuditAction>>| {
            audit.as_ref().map(|x| Change {
                audit_id: x.id,
                at: x.created,
                by: x.triggered_by.clone(),
                event: x.event_type.clone(),
            })
        };
        Some(Self {
            source: SourceKind::Cds,
            full_name: a.full_name(),
            path,
            kind: a.kind.to_string(),
            description: a.description.shown().lines().next().unwrap_or("").to_string(),
            params: a.parameters.len(),
            reqs: a.requirements.len(),
            editable: a.editable,
            created: change(&a.first_audit),
            changed: change(&a.last_audit).or_else(|| change(&a.first_audit)),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Name,
    /// Most recently changed first.
    LastChange,
}

#[derive(Debug, Clone, PartialEq)]
pub enum View {
    List,
    Detail { path: ActionPath, action: Loaded<Box<Action>>, scroll: usize },
    Usage { path: ActionPath, usage: Loaded<Usage>, scroll: usize },
}

/// What an Actions dialog acts on, captured when it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionTarget {
    pub path: ActionPath,
    pub name: String,
    pub server: String,
}

#[derive(Debug, Clone)]
pub enum ActionsPurpose {
    ExportPath(ActionTarget),
    ExportOverwrite { target: ActionTarget, format: ExportFormat, dest: PathBuf },
    ImportPath { server: String },
    Delete(ActionTarget),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ActionsOp {
    Get(ActionPath),
    Usage(ActionPath),
    Delete(ActionTarget),
    Export { target: ActionTarget, format: ExportFormat, dest: PathBuf },
    Import { file: PathBuf },
}

impl ActionsOp {
    pub fn same_flight(&self, other: &ActionsOp) -> bool {
        match (self, other) {
            (ActionsOp::Get(a), ActionsOp::Get(b)) | (ActionsOp::Usage(a), ActionsOp::Usage(b)) => a == b,
            (ActionsOp::Delete(a), ActionsOp::Delete(b)) => a.path == b.path,
            (ActionsOp::Export { dest: a, .. }, ActionsOp::Export { dest: b, .. }) => a == b,
            (ActionsOp::Import { file: a }, ActionsOp::Import { file: b }) => a == b,
            _ => false,
        }
    }

    pub fn target(&self) -> Option<&ActionPath> {
        match self {
            ActionsOp::Get(p) | ActionsOp::Usage(p) => Some(p),
            ActionsOp::Delete(t) | ActionsOp::Export { target: t, .. } => Some(&t.path),
            ActionsOp::Import { .. } => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ActionsPane {
    pub rows: Vec<ActionRow>,
    pub view: Vec<u32>,
    pub cursor: Cursor<ActionPath>,
    pub filter: FilterBox,
    pub sort: Sort,
    pub freshness: Freshness,
    pub screen: View,
}

impl Default for ActionsPane {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            view: Vec::new(),
            cursor: Cursor::default(),
            filter: FilterBox::default(),
            sort: Sort::default(),
            freshness: Freshness::default(),
            screen: View::List,
        }
    }
}

impl ActionsPane {
    pub fn selected(&self) -> Option<&ActionRow> {
        let row = self.rows.get(*self.view.get(self.cursor.index)? as usize)?;
        (Some(&row.path) == self.cursor.selected.as_ref()).then_some(row)
    }

    pub fn row(&self, view_index: usize) -> Option<&ActionRow> {
        self.rows.get(*self.view.get(view_index)? as usize)
    }

    pub fn find(&self, path: &ActionPath) -> Option<&ActionRow> {
        self.rows.iter().find(|r| &r.path == path)
    }

    pub fn load(&mut self, actions: &[Action]) -> Resync {
        self.rows = actions.iter().filter_map(ActionRow::from_cds).collect();
        self.refilter(false)
    }

    pub fn refilter(&mut self, narrowing: bool) -> Resync {
        let f = &self.filter.filter;
        let rows = &self.rows;
        let keep = |i: &u32| matches(&rows[*i as usize], f);
        let mut view: Vec<u32> = if narrowing {
            self.view.iter().copied().filter(keep).collect()
        } else {
            (0..rows.len() as u32).filter(keep).collect()
        };
        match self.sort {
            Sort::Name => view.sort_by(|a, b| rows[*a as usize].full_name.cmp(&rows[*b as usize].full_name)),
            Sort::LastChange => view.sort_by(|a, b| {
                let at = |i: &u32| rows[*i as usize].changed.as_ref().and_then(|c| c.at);
                at(b).cmp(&at(a)).then_with(|| rows[*a as usize].full_name.cmp(&rows[*b as usize].full_name))
            }),
        }
        self.view = view;
        let (view, rows) = (&self.view, &self.rows);
        self.cursor.resync(view.len(), |i| rows[view[i] as usize].path.clone())
    }

    pub fn filter_changed(&mut self, change: FilterChange) {
        if let FilterChange::Changed { narrowing } = change {
            self.refilter(narrowing);
        }
    }

    /// The path the keys act on: the open detail/usage view's, else the cursor's.
    fn focus(&self) -> Option<ActionPath> {
        match &self.screen {
            View::Detail { path, .. } | View::Usage { path, .. } => Some(path.clone()),
            View::List => self.selected().map(|r| r.path.clone()),
        }
    }
}

/// Words match `group/name`, type and description; `type:` matches the action type.
fn matches(r: &ActionRow, f: &Filter) -> bool {
    if f.action_type.as_deref().is_some_and(|t| !r.kind.eq_ignore_ascii_case(t)) {
        return false;
    }
    f.words.iter().all(|w| contains_ci(&r.full_name, w) || contains_ci(&r.kind, w) || contains_ci(&r.description, w))
}

fn server(model: &Model) -> String {
    model.settings.servers.cds.clone().unwrap_or_else(|| "CDS".into())
}

fn target(model: &Model, path: &ActionPath) -> ActionTarget {
    ActionTarget { path: path.clone(), name: path.to_string(), server: server(model) }
}

/// Whether `cmd` is possible on the focused row's source (keys a source cannot do are hidden).
pub fn allowed(model: &Model, cmd: Command) -> bool {
    let source = model.actions.selected().map_or(SourceKind::Cds, |r| r.source);
    source.caps().allows(cmd)
}

pub fn on_command(model: &mut Model, cmd: Command) -> Option<Vec<Effect>> {
    model.settings.servers.cds.as_ref()?;
    if !allowed(model, cmd) {
        let source = model.actions.selected().map_or(SourceKind::Cds, |r| r.source);
        model.set_status(format!("{} actions cannot do that", source.name()), Tone::Warning);
        return Some(vec![]);
    }
    let page = model.table_rows();
    let pane = &mut model.actions;
    match &mut pane.screen {
        View::Detail { scroll: offset, .. } | View::Usage { scroll: offset, .. } => {
            if scroll(offset, cmd, page) {
                return Some(vec![]);
            }
            match cmd {
                Command::Back => pane.screen = View::List,
                _ => return on_action_command(model, cmd),
            }
            return Some(vec![]);
        }
        View::List => {}
    }
    let (view, rows) = (&pane.view, &pane.rows);
    if navigate(&mut pane.cursor, cmd, view.len(), page, |i| rows[view[i] as usize].path.clone()) {
        return Some(vec![]);
    }
    match cmd {
        Command::Open => {
            let path = pane.selected()?.path.clone();
            pane.screen = View::Detail { path: path.clone(), action: Loaded::Loading, scroll: 0 };
            return Some(start(model, ActionsOp::Get(path)));
        }
        Command::Back if pane.filter.is_active() => {
            let change = pane.filter.set("");
            pane.filter_changed(change);
        }
        Command::Filter => pane.filter.open("words in group/name, type, description; type:Default"),
        Command::ActionSort => {
            pane.sort = match pane.sort {
                Sort::Name => Sort::LastChange,
                Sort::LastChange => Sort::Name,
            };
            pane.refilter(false);
            pane.cursor.scroll_into_view(page, pane.view.len());
            let text = match pane.sort {
                Sort::Name => "sorted by name",
                Sort::LastChange => "sorted by last change, newest first",
            };
            model.set_status(text, Tone::Muted);
        }
        Command::CopyId => {
            let path = pane.selected()?.path.to_string();
            model.set_status(format!("copied {path} (OSC 52)"), Tone::Success);
            return Some(vec![Effect::Copy(path)]);
        }
        _ => return on_action_command(model, cmd),
    }
    Some(vec![])
}

/// Keys that act on one action, from the list or from its detail view.
fn on_action_command(model: &mut Model, cmd: Command) -> Option<Vec<Effect>> {
    match cmd {
        Command::ActionUsage => {
            let path = model.actions.focus()?;
            model.actions.screen = View::Usage { path: path.clone(), usage: Loaded::Loading, scroll: 0 };
            Some(start(model, ActionsOp::Usage(path)))
        }
        Command::ActionAudits => {
            let path = model.actions.focus()?;
            model.audits.open_action(path);
            model.pane = Pane::Audits;
            Some(vec![])
        }
        Command::ActionExport => {
            let path = model.actions.focus()?;
            let t = target(model, &path);
            let body = vec![
                BodyLine::new(format!("Export {}", t.name), Tone::Strong),
                line(format!("from {}", t.server)),
                line(""),
                line("File to write. A name ending in .json gets JSON, anything else YAML."),
                BodyLine::new("An existing file is never replaced without asking.", Tone::Muted),
            ];
            let mut d =
                Dialog::prompt("Export action", body, "file", "", Purpose::Actions(ActionsPurpose::ExportPath(t)));
            if let crate::app::dialog::Kind::Prompt(p) = &mut d.kind {
                p.input = text_input(&format!("{}.yml", safe_file_name(&path.name)), "path");
            }
            model.show(d);
            Some(vec![])
        }
        Command::ActionImport => {
            let server = server(model);
            let body = vec![
                BodyLine::new(format!("Import an action into {server}"), Tone::Strong),
                line(""),
                line("File to read: YAML, or JSON when the name ends in .json (the format of e)."),
                line("The document's group decides where it goes (none means shared.infra)."),
                BodyLine::new(
                    "An action with the same group and name is replaced; its previous state stays in its audit log.",
                    Tone::Warning,
                ),
            ];
            model.show(Dialog::prompt(
                "Import action",
                body,
                "file",
                "path/to/action.yml",
                Purpose::Actions(ActionsPurpose::ImportPath { server }),
            ));
            Some(vec![])
        }
        Command::ActionDelete => {
            let path = model.actions.focus()?;
            let t = target(model, &path);
            let body = vec![
                BodyLine::new(format!("Delete the action {}", t.name), Tone::Strong),
                line(format!("on {}", t.server)),
                line(""),
                line("CDS refuses to delete an action still used by a pipeline or another action (w shows where)."),
                BodyLine::new("There is no undo: a deleted action has no audit to roll back to.", Tone::Danger),
            ];
            model.show(Dialog::confirm(
                "Delete action",
                body,
                "Delete",
                true,
                Purpose::Actions(ActionsPurpose::Delete(t)),
            ));
            Some(vec![])
        }
        _ => None,
    }
}

/// Keep a default export name free of path separators and surprises.
fn safe_file_name(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' }).collect();
    let trimmed = cleaned.trim_start_matches('.');
    if trimmed.is_empty() { "action".into() } else { trimmed.to_string() }
}

pub fn on_dialog(model: &mut Model, purpose: ActionsPurpose, outcome: Outcome) -> Vec<Effect> {
    match (purpose, outcome) {
        (_, Outcome::Cancelled | Outcome::Closed) => {
            model.close_dialog();
            vec![]
        }
        (ActionsPurpose::ExportPath(target), Outcome::Text(text)) => {
            if text.is_empty() {
                if let Some(d) = &mut model.dialog {
                    d.set_error("a file name is needed");
                }
                return vec![];
            }
            model.close_dialog();
            let dest = PathBuf::from(&text);
            let format = ExportFormat::from_file_name(&text);
            start(model, ActionsOp::Export { target, format, dest })
        }
        (ActionsPurpose::ExportOverwrite { target, format, dest }, Outcome::Confirmed) => {
            model.close_dialog();
            start_export(model, target, format, dest, true)
        }
        (ActionsPurpose::ImportPath { .. }, Outcome::Text(text)) => {
            if text.is_empty() {
                if let Some(d) = &mut model.dialog {
                    d.set_error("a file name is needed");
                }
                return vec![];
            }
            model.close_dialog();
            start(model, ActionsOp::Import { file: PathBuf::from(text) })
        }
        (ActionsPurpose::Delete(target), Outcome::Confirmed) => {
            model.close_dialog();
            start(model, ActionsOp::Delete(target))
        }
        _ => vec![],
    }
}

fn label(op: &ActionsOp) -> String {
    match op {
        ActionsOp::Get(p) => format!("loading {p}"),
        ActionsOp::Usage(p) => format!("finding where {p} is used"),
        ActionsOp::Delete(t) => format!("deleting {} on {}", t.name, t.server),
        ActionsOp::Export { target, dest, .. } => format!("exporting {} to {}", target.name, dest.display()),
        ActionsOp::Import { file } => format!("importing {}", file.display()),
    }
}

fn start(model: &mut Model, op: ActionsOp) -> Vec<Effect> {
    if let ActionsOp::Export { target, format, dest } = op {
        return start_export(model, target, format, dest, false);
    }
    let call = match &op {
        ActionsOp::Get(p) => Call::CdsGetAction(p.clone()),
        ActionsOp::Usage(p) => Call::CdsUsage(p.clone()),
        ActionsOp::Delete(t) => Call::CdsDeleteAction(t.path.clone()),
        ActionsOp::Import { file } => Call::CdsImport { file: file.clone() },
        ActionsOp::Export { .. } => return vec![],
    };
    let text = label(&op);
    match model.begin_op(PaneOp::Actions(op), text) {
        Some(id) => vec![Effect::Call { op: id, call }],
        None => vec![],
    }
}

fn start_export(
    model: &mut Model,
    target: ActionTarget,
    format: ExportFormat,
    dest: PathBuf,
    overwrite: bool,
) -> Vec<Effect> {
    let call = Call::CdsExport { path: target.path.clone(), format, dest: dest.clone(), overwrite };
    let op = ActionsOp::Export { target, format, dest };
    let text = label(&op);
    match model.begin_op(PaneOp::Actions(op), text) {
        Some(id) => vec![Effect::Call { op: id, call }],
        None => vec![],
    }
}

pub fn on_done(model: &mut Model, op: ActionsOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    match (op, result) {
        (ActionsOp::Get(path), result) => {
            if let View::Detail { path: open, action, .. } = &mut model.actions.screen
                && *open == path
            {
                *action = match result {
                    Ok(Reply::CdsAction(a)) => Loaded::Ready(a),
                    Ok(_) => Loaded::Failed("unexpected answer".into()),
                    Err(e) => Loaded::Failed(describe(&e)),
                };
            }
            vec![]
        }
        (ActionsOp::Usage(path), result) => {
            if let View::Usage { path: open, usage, .. } = &mut model.actions.screen
                && *open == path
            {
                *usage = match result {
                    Ok(Reply::CdsUsage(u)) => Loaded::Ready(u),
                    Ok(_) => Loaded::Failed("unexpected answer".into()),
                    Err(e) => Loaded::Failed(describe(&e)),
                };
            }
            vec![]
        }
        (ActionsOp::Delete(t), Ok(_)) => {
            model.set_status(format!("deleted {} on {}", t.name, t.server), Tone::Success);
            if matches!(&model.actions.screen, View::Detail { path, .. } | View::Usage { path, .. } if *path == t.path)
            {
                model.actions.screen = View::List;
            }
            vec![Effect::Refresh(Feed::CdsActions)]
        }
        (ActionsOp::Delete(t), Err(e)) => {
            let mut body = vec![BodyLine::new(format!("{} was not deleted.", t.name), Tone::Strong), line("")];
            body.push(BodyLine::new(e.to_string(), Tone::Danger));
            if let Some(hint) = explain(&e) {
                body.push(line(""));
                body.push(line(hint));
            }
            if e.code() == Some(11) && e.status() == Some(403) {
                body.push(line("It is still used by a pipeline or another action: press w on it to see where."));
            }
            model.set_status(format!("delete of {} refused", t.name), Tone::Danger);
            model.show(Dialog::notice("Delete refused", body, Tone::Danger, None));
            vec![Effect::Refresh(Feed::CdsActions)]
        }
        (ActionsOp::Export { target, .. }, Ok(Reply::Exported { dest, bytes })) => {
            model.set_status(format!("exported {} to {} ({bytes} bytes)", target.name, dest.display()), Tone::Success);
            vec![]
        }
        (ActionsOp::Export { target, format, .. }, Ok(Reply::ExportTargetExists { dest })) => {
            let body = vec![
                BodyLine::new(format!("{} already exists.", dest.display()), Tone::Strong),
                line(format!("Replace it with the export of {}?", target.name)),
            ];
            let purpose = Purpose::Actions(ActionsPurpose::ExportOverwrite { target, format, dest });
            model.show(Dialog::confirm("Overwrite file?", body, "Overwrite", true, purpose));
            vec![]
        }
        (ActionsOp::Import { file }, Ok(Reply::Imported(outcome))) => {
            let (verb, action) = match outcome.as_ref() {
                ImportOutcome::Created(a) => ("created", a),
                ImportOutcome::Updated(a) => ("updated", a),
            };
            let name = action.full_name();
            let mut text = format!("{verb} {name} from {}", file.display());
            if verb == "updated" {
                text.push_str(" — its previous state is in its audit log (a, then R to roll back)");
            }
            model.set_status(text, Tone::Success);
            vec![Effect::Refresh(Feed::CdsActions)]
        }
        (op, Err(e)) => {
            let mut body = vec![BodyLine::new(format!("Failed while {}.", label(&op)), Tone::Strong), line("")];
            body.push(BodyLine::new(e.to_string(), Tone::Danger));
            if let Some(hint) = explain(&e) {
                body.push(line(""));
                body.push(line(hint));
            }
            model.set_status(format!("failed: {}", label(&op)), Tone::Danger);
            model.show(Dialog::notice("Request failed", body, Tone::Danger, None));
            vec![]
        }
        (op, Ok(_)) => {
            model.set_status(format!("unexpected answer while {}", label(&op)), Tone::Warning);
            vec![]
        }
    }
}

/// The server's words, plus what they mean for the operator when CDS is terse.
fn describe(e: &ApiError) -> String {
    match explain(e) {
        Some(hint) => format!("{e}\n{hint}"),
        None => e.to_string(),
    }
}

/// Plain words for CDS permission and lookup errors (§3 ids).
pub fn explain(e: &ApiError) -> Option<&'static str> {
    match (e.status(), e.code()) {
        (_, Some(10)) => {
            Some("Not authenticated: the CDS token is missing, wrong or expired (opsy login cds gets a new one).")
        }
        (_, Some(150)) => {
            Some("You are not an admin of this action's group: only its admins (or CDS admins) may change it.")
        }
        (_, Some(151)) => Some("You are not a member of this group, so you cannot read it."),
        (Some(403), Some(11)) => Some(
            "Forbidden: group admins may change a group, members may read it. CDS also answers this when an action is still in use.",
        ),
        (_, Some(3)) => Some("The action does not exist (any more): someone may have deleted or renamed it."),
        (_, Some(20)) => Some("The group does not exist (any more)."),
        (_, Some(60)) => Some("CDS is in maintenance mode: only reads work until it ends."),
        _ => None,
    }
}

/// The list answered. Failures keep the rows and mark them stale.
pub fn on_fetched(model: &mut Model, at: Timestamp, result: Result<Vec<Action>, ApiError>) {
    let page = model.table_rows();
    match result {
        Ok(actions) => {
            let before = model.actions.cursor.selected.clone();
            let resync = model.actions.load(&actions);
            model.actions.freshness.succeeded(at);
            let len = model.actions.view.len();
            model.actions.cursor.scroll_into_view(page, len);
            model.audits.rebuild_feed(&model.actions.rows);
            if resync == Resync::Moved && before.is_some() && model.pane == Pane::Actions {
                model.set_status("the selected action is gone (deleted or renamed); cursor moved", Tone::Warning);
            }
        }
        Err(e) => model.actions.freshness.failed(e.to_string()),
    }
}

/// "3d ago by jdoe".
pub fn change_text(c: &Change, now: Timestamp) -> String {
    let when =
        c.at.map(|t| format!("{} ago", crate::app::freshness::short_age(now.duration_since(t).unsigned_abs())))
            .unwrap_or_else(|| "?".into());
    format!("{when} by {}", c.by)
}

#[cfg(test)]
#[path = "actions_tests.rs"]
mod tests;
