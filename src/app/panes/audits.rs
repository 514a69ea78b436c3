//! Pane 3: who changed what. A feed of recent changes built from the action list's
//! `last_audit` (no fan-out), one action's full audit list, a coloured diff of before/after,
//! rollback to the state before a change, and Waldur's execution history (read-only).

use jiff::Timestamp;
use similar::{ChangeTag, TextDiff};

use super::actions::{ActionRow, Change, explain};
use crate::app::dialog::{BodyLine, Dialog, Outcome, Tone, line};
use crate::app::effect::{Call, Effect};
use crate::app::freshness::Freshness;
use crate::app::keymap::Command;
use crate::app::list::{Cursor, navigate, scroll};
use crate::app::model::{Model, PaneOp};
use crate::app::msg::{Feed, Reply};
use crate::app::purpose::Purpose;
use crate::backends::cds::wire::{ActionPath, AuditAction, AuditEvent};
use crate::backends::waldur::model::Execution;
use crate::domain::error::ApiError;
use crate::domain::text::clean_line;

/// Lines of the undone diff shown in the rollback confirmation.
const CONFIRM_DIFF_LINES: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Recent changes across all actions.
    #[default]
    Feed,
    /// One action's audit list.
    Action,
    /// Waldur's execution history.
    Executions,
}

/// A feed row: the latest change of one action.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedRow {
    pub path: ActionPath,
    pub full_name: String,
    pub change: Change,
}

#[derive(Debug, Clone, Default)]
pub struct ActionAudits {
    pub path: ActionPath,
    pub rows: Vec<AuditAction>,
    pub cursor: Cursor<i64>,
    pub freshness: Freshness,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffTag {
    Header,
    Hunk,
    Added,
    Removed,
    Context,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    pub tag: DiffTag,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct DiffView {
    pub path: ActionPath,
    pub audit: AuditAction,
    pub lines: Vec<DiffLine>,
    pub scroll: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Executions {
    pub rows: Vec<Execution>,
    /// How many the server has; only the newest page is fetched (a history, newest first).
    pub total: Option<usize>,
    pub cursor: Cursor<i64>,
    pub freshness: Freshness,
}

#[derive(Debug, Clone, Default)]
pub struct AuditsPane {
    pub mode: Mode,
    pub feed: Vec<FeedRow>,
    pub feed_cursor: Cursor<(ActionPath, i64)>,
    pub action: Option<ActionAudits>,
    pub diff: Option<DiffView>,
    pub executions: Executions,
}

/// What a rollback dialog acts on, captured when it opened.
#[derive(Debug, Clone, PartialEq)]
pub struct RollbackTarget {
    pub path: ActionPath,
    pub audit_id: i64,
    pub server: String,
    /// "ActionUpdate by jdoe, 2025-06-01 10:00 UTC"
    pub change: String,
}

#[derive(Debug, Clone)]
pub enum AuditsPurpose {
    Rollback(RollbackTarget),
}

#[derive(Debug, Clone, PartialEq)]
pub enum AuditsOp {
    Rollback(RollbackTarget),
}

impl AuditsPane {
    pub fn open_action(&mut self, path: ActionPath) {
        if self.action.as_ref().is_none_or(|a| a.path != path) {
            self.action = Some(ActionAudits { path, ..Default::default() });
        }
        self.mode = Mode::Action;
        self.diff = None;
    }

    /// The feed, newest change first, from the action list's `last_audit`.
    pub fn rebuild_feed(&mut self, rows: &[ActionRow]) {
        let mut feed: Vec<FeedRow> = rows
            .iter()
            .filter_map(|r| {
                Some(FeedRow { path: r.path.clone(), full_name: r.full_name.clone(), change: r.changed.clone()? })
            })
            .collect();
        feed.sort_by(|a, b| b.change.at.cmp(&a.change.at).then_with(|| a.full_name.cmp(&b.full_name)));
        self.feed = feed;
        let feed = &self.feed;
        self.feed_cursor.resync(feed.len(), |i| (feed[i].path.clone(), feed[i].change.audit_id));
    }

    pub fn feed_selected(&self) -> Option<&FeedRow> {
        self.feed.get(self.feed_cursor.index)
    }

    pub fn audit_selected(&self) -> Option<&AuditAction> {
        let a = self.action.as_ref()?;
        a.rows.get(a.cursor.index).filter(|r| Some(r.id) == a.cursor.selected)
    }

    /// The feeds this pane needs polled besides the action list.
    pub fn feed(&self) -> Option<Feed> {
        match self.mode {
            Mode::Action => self.action.as_ref().map(|a| Feed::CdsAudits(a.path.clone())),
            Mode::Executions => Some(Feed::Executions),
            Mode::Feed => None,
        }
    }
}

/// A unified diff of before → after, three lines of context.
pub fn diff_lines(before: &str, after: &str) -> Vec<DiffLine> {
    let diff = TextDiff::from_lines(before, after);
    let mut out = Vec::new();
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push(DiffLine { tag: DiffTag::Hunk, text: hunk.header().to_string() });
        for change in hunk.iter_changes() {
            let (tag, sign) = match change.tag() {
                ChangeTag::Insert => (DiffTag::Added, '+'),
                ChangeTag::Delete => (DiffTag::Removed, '-'),
                ChangeTag::Equal => (DiffTag::Context, ' '),
            };
            let text = clean_line(change.value().trim_end_matches(['\n', '\r'])).into_owned();
            out.push(DiffLine { tag, text: format!("{sign}{text}") });
        }
    }
    out
}

fn when(t: Option<Timestamp>) -> String {
    t.map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_else(|| "?".into())
}

fn describe_change(a: &AuditAction) -> String {
    format!("{} by {}, {}", a.event_type, a.triggered_by, when(a.created))
}

pub fn on_command(model: &mut Model, cmd: Command) -> Option<Vec<Effect>> {
    let page = model.table_rows();
    let pane = &mut model.audits;
    if let Some(d) = &mut pane.diff {
        if scroll(&mut d.scroll, cmd, page) {
            return Some(vec![]);
        }
        match cmd {
            Command::Back => pane.diff = None,
            Command::AuditRollback => {
                let (path, audit) = (d.path.clone(), d.audit.clone());
                return Some(rollback(model, path, &audit));
            }
            _ => return None,
        }
        return Some(vec![]);
    }
    if cmd == Command::AuditExecutions {
        if model.settings.servers.waldur.is_none() {
            model.set_status("the execution history needs a Waldur server in this profile", Tone::Warning);
            return Some(vec![]);
        }
        pane.mode = if pane.mode == Mode::Executions { Mode::Feed } else { Mode::Executions };
        return Some(vec![]);
    }
    match pane.mode {
        Mode::Feed => {
            model.settings.servers.cds.as_ref()?;
            let feed = &pane.feed;
            if navigate(&mut pane.feed_cursor, cmd, feed.len(), page, |i| {
                (feed[i].path.clone(), feed[i].change.audit_id)
            }) {
                return Some(vec![]);
            }
            match cmd {
                Command::Open | Command::AuditDiff => {
                    let path = pane.feed_selected()?.path.clone();
                    pane.open_action(path);
                }
                Command::AuditRollback => {
                    model.set_status("open the action's audits (Enter) to choose the change to roll back", Tone::Muted);
                }
                Command::CopyId => {
                    let path = pane.feed_selected()?.path.to_string();
                    model.set_status(format!("copied {path} (OSC 52)"), Tone::Success);
                    return Some(vec![Effect::Copy(path)]);
                }
                _ => return None,
            }
        }
        Mode::Action => {
            let a = pane.action.as_mut()?;
            let rows = &a.rows;
            if navigate(&mut a.cursor, cmd, rows.len(), page, |i| rows[i].id) {
                return Some(vec![]);
            }
            match cmd {
                Command::Open | Command::AuditDiff => {
                    let audit = pane.audit_selected()?.clone();
                    let path = a_path(pane)?;
                    let lines = diff_lines(&audit.data_before, &audit.data_after);
                    pane.diff = Some(DiffView { path, audit, lines, scroll: 0 });
                }
                Command::AuditRollback => {
                    let audit = pane.audit_selected()?.clone();
                    let path = a_path(pane)?;
                    return Some(rollback(model, path, &audit));
                }
                Command::Back => {
                    pane.mode = Mode::Feed;
                }
                Command::CopyId => {
                    let id = pane.audit_selected()?.id.to_string();
                    model.set_status(format!("copied audit id {id} (OSC 52)"), Tone::Success);
                    return Some(vec![Effect::Copy(id)]);
                }
                _ => return None,
            }
        }
        Mode::Executions => {
            let e = &mut pane.executions;
            let rows = &e.rows;
            if navigate(&mut e.cursor, cmd, rows.len(), page, |i| rows[i].id) {
                return Some(vec![]);
            }
            match cmd {
                Command::Back => pane.mode = Mode::Feed,
                _ => return None,
            }
        }
    }
    Some(vec![])
}

fn a_path(pane: &AuditsPane) -> Option<ActionPath> {
    pane.action.as_ref().map(|a| a.path.clone())
}

/// `R`: only ActionUpdate rows have a before-state; the dialog shows the change it undoes.
fn rollback(model: &mut Model, path: ActionPath, audit: &AuditAction) -> Vec<Effect> {
    if !audit.can_roll_back() {
        let why = if audit.event_type == AuditEvent::ActionAdd {
            "This change created the action: there is no earlier state to return to. Delete it from the Actions pane instead."
        } else {
            "Only ActionUpdate changes can be rolled back (this one has no state before it)."
        };
        model.show(Dialog::notice(
            "Nothing to roll back to",
            vec![BodyLine::new(describe_change(audit), Tone::Strong), line(""), line(why)],
            Tone::Warning,
            None,
        ));
        return vec![];
    }
    let server = model.settings.servers.cds.clone().unwrap_or_else(|| "CDS".into());
    let target = RollbackTarget { path, audit_id: audit.id, server, change: describe_change(audit) };
    let mut body = vec![
        BodyLine::new(format!("Return {} to its state BEFORE this change:", target.path), Tone::Strong),
        line(format!("{} (audit #{})", target.change, audit.id)),
        line(format!("on {}", target.server)),
        line(""),
        BodyLine::new("This undoes the following (CDS records the rollback as a new change):", Tone::Muted),
    ];
    let diff = diff_lines(&audit.data_before, &audit.data_after);
    let changed: Vec<&DiffLine> = diff.iter().filter(|l| matches!(l.tag, DiffTag::Added | DiffTag::Removed)).collect();
    for l in changed.iter().take(CONFIRM_DIFF_LINES) {
        let tone = if l.tag == DiffTag::Added { Tone::Added } else { Tone::Removed };
        body.push(BodyLine::new(l.text.clone(), tone));
    }
    if changed.len() > CONFIRM_DIFF_LINES {
        body.push(BodyLine::new(
            format!("… and {} more changed lines (Enter shows the whole diff)", changed.len() - CONFIRM_DIFF_LINES),
            Tone::Muted,
        ));
    }
    model.show(Dialog::confirm(
        "Roll back action",
        body,
        "Roll back",
        true,
        Purpose::Audits(AuditsPurpose::Rollback(target)),
    ));
    vec![]
}

pub fn on_dialog(model: &mut Model, purpose: AuditsPurpose, outcome: Outcome) -> Vec<Effect> {
    match (purpose, outcome) {
        (AuditsPurpose::Rollback(target), Outcome::Confirmed) => {
            model.close_dialog();
            let call = Call::CdsRollback { path: target.path.clone(), audit_id: target.audit_id };
            let label = format!("rolling back {} to before audit #{}", target.path, target.audit_id);
            match model.begin_op(PaneOp::Audits(AuditsOp::Rollback(target)), label) {
                Some(id) => vec![Effect::Call { op: id, call }],
                None => vec![],
            }
        }
        (_, Outcome::Cancelled | Outcome::Closed) => {
            model.close_dialog();
            vec![]
        }
        _ => vec![],
    }
}

pub fn on_done(model: &mut Model, op: AuditsOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    let AuditsOp::Rollback(t) = op;
    let refresh = vec![Effect::Refresh(Feed::CdsAudits(t.path.clone())), Effect::Refresh(Feed::CdsActions)];
    match result {
        Ok(_) => {
            model.set_status(
                format!("rolled back {} to before audit #{}; CDS recorded it as a new change", t.path, t.audit_id),
                Tone::Success,
            );
            model.audits.diff = None;
        }
        Err(e) => {
            let mut body = vec![BodyLine::new(format!("{} was not rolled back.", t.path), Tone::Strong), line("")];
            body.push(BodyLine::new(e.to_string(), Tone::Danger));
            if let Some(hint) = explain(&e) {
                body.push(line(""));
                body.push(line(hint));
            }
            model.set_status(format!("rollback of {} failed", t.path), Tone::Danger);
            model.show(Dialog::notice("Rollback failed", body, Tone::Danger, None));
        }
    }
    refresh
}

/// One action's audits answered; answers for another action than the open one are dropped.
pub fn on_audits(model: &mut Model, path: &ActionPath, at: Timestamp, result: Result<Vec<AuditAction>, ApiError>) {
    let page = model.table_rows();
    let Some(a) = model.audits.action.as_mut().filter(|a| &a.path == path) else { return };
    match result {
        Ok(rows) => {
            a.rows = rows;
            a.freshness.succeeded(at);
            let rows = &a.rows;
            a.cursor.resync(rows.len(), |i| rows[i].id);
            a.cursor.scroll_into_view(page, rows.len());
        }
        Err(e) => a.freshness.failed(e.to_string()),
    }
}

pub fn on_executions(model: &mut Model, at: Timestamp, result: Result<(Vec<Execution>, Option<usize>), ApiError>) {
    let e = &mut model.audits.executions;
    match result {
        Ok((rows, total)) => {
            e.rows = rows;
            e.total = total;
            e.freshness.succeeded(at);
            let rows = &e.rows;
            e.cursor.resync(rows.len(), |i| rows[i].id);
        }
        Err(err) => e.freshness.failed(err.to_string()),
    }
}

#[cfg(test)]
#[path = "audits_tests.rs"]
mod tests;
