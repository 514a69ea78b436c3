//! Pane 3: who changed what. A feed of recent changes built from the Actions pane's rows (no
//! fan-out), one action's history from its source, a coloured diff of before/after, revert to
//! the state before a change (where the source can), and the execution history of a source
//! that has one (Waldur), read-only.

pub(crate) mod diff;

use std::sync::Arc;

use jiff::Timestamp;

pub(crate) use diff::{DiffLine, DiffTag, diff_lines};

use super::actions::{ActionRow, Change};
use super::{Health, Offer, PaneUnit, list_offers};
use crate::app::dialog::{BodyLine, Dialog, Outcome, Tone, line};
use crate::app::effect::{AuditCall, Call, Effect};
use crate::app::filter::{Filter, FilterBox, FilterChange, contains_ci};
use crate::app::freshness::Freshness;
use crate::app::keymap::{Command, Scope};
use crate::app::list::{Keyed, List, Pager};
use crate::app::model::Model;
use crate::app::msg::{Feed, Payload, Reply};
use crate::app::panes::{PaneOp, Purpose};
use crate::app::source::{Key, SourceId};
use crate::backends::waldur::model::Execution;
use crate::domain::error::ApiError;

/// Lines of the undone diff shown in the revert confirmation.
const CONFIRM_DIFF_LINES: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Mode {
    /// Recent changes across all actions.
    #[default]
    Feed,
    /// One action's history.
    Action,
    /// A source's execution history (Waldur's corrective actions).
    Executions,
}

/// A feed row: the latest change of one action.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FeedRow {
    pub(crate) source: SourceId,
    pub(crate) key: Key,
    pub(crate) name: String,
    pub(crate) change: Change,
}

impl Keyed for FeedRow {
    type Key = (SourceId, Key, i64);
    fn key(&self) -> Self::Key {
        (self.source, self.key.clone(), self.change.audit_id)
    }
}

/// One change in an action's history, as its source describes it.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct AuditRow {
    pub(crate) id: i64,
    pub(crate) at: Option<Timestamp>,
    pub(crate) by: Arc<str>,
    /// The source's name for it ("ActionUpdate", "action.changed").
    pub(crate) event: Arc<str>,
    /// This change created the action (shown in green; nothing before it).
    pub(crate) creation: bool,
    /// The action before and after, as text (diffed line by line; cleaned when drawn).
    pub(crate) before: String,
    pub(crate) after: String,
    /// Why this change cannot be reverted, if it cannot.
    pub(crate) no_revert: Option<String>,
}

impl Keyed for AuditRow {
    type Key = i64;
    fn key(&self) -> i64 {
        self.id
    }
}

impl Keyed for Execution {
    type Key = i64;
    fn key(&self) -> i64 {
        self.id
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ActionAudits {
    pub(crate) source: SourceId,
    pub(crate) key: Key,
    pub(crate) name: String,
    pub(crate) list: List<AuditRow>,
    pub(crate) filter: FilterBox,
    pub(crate) freshness: Freshness,
}

#[derive(Debug, Clone)]
pub(crate) struct DiffView {
    pub(crate) source: SourceId,
    pub(crate) key: Key,
    pub(crate) name: String,
    pub(crate) audit: AuditRow,
    pub(crate) lines: Vec<DiffLine>,
    pub(crate) pager: Pager,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Executions {
    pub(crate) list: List<Execution>,
    pub(crate) filter: FilterBox,
    /// How many the server has; only the newest page is fetched (a history, newest first).
    pub(crate) total: Option<usize>,
    pub(crate) freshness: Freshness,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct AuditsPane {
    pub(crate) mode: Mode,
    pub(crate) feed: List<FeedRow>,
    pub(crate) feed_filter: FilterBox,
    pub(crate) feed_sort: FeedSort,
    pub(crate) action: Option<ActionAudits>,
    pub(crate) diff: Option<DiffView>,
    pub(crate) executions: Executions,
}

/// The orders of the feed of latest changes (`o`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum FeedSort {
    #[default]
    Newest,
    Action,
    Who,
}

impl FeedSort {
    fn next(self) -> Self {
        match self {
            FeedSort::Newest => FeedSort::Action,
            FeedSort::Action => FeedSort::Who,
            FeedSort::Who => FeedSort::Newest,
        }
    }

    pub(crate) fn describe(self) -> &'static str {
        match self {
            FeedSort::Newest => "newest first",
            FeedSort::Action => "by action",
            FeedSort::Who => "by who",
        }
    }
}

/// What a revert dialog acts on, captured when it opened.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RevertTarget {
    pub(crate) source: SourceId,
    pub(crate) key: Key,
    pub(crate) name: String,
    pub(crate) audit_id: i64,
    pub(crate) server: String,
    /// "ActionUpdate by jdoe, 2025-06-01 10:00 UTC"
    pub(crate) change: String,
}

#[derive(Debug, Clone)]
pub(crate) enum AuditsPurpose {
    Revert(RevertTarget),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum AuditsOp {
    Revert(RevertTarget),
}

impl AuditsOp {
    pub(crate) fn same_flight(&self, other: &AuditsOp) -> bool {
        let (AuditsOp::Revert(a), AuditsOp::Revert(b)) = (self, other);
        (a.source, &a.key) == (b.source, &b.key)
    }
}

impl AuditsPane {
    pub(crate) fn open_action(&mut self, source: SourceId, key: Key, name: String) {
        if self.action.as_ref().is_none_or(|a| a.source != source || a.key != key) {
            let mut list = List::default();
            list.set_page(self.feed.page());
            self.action = Some(ActionAudits {
                source,
                key,
                name,
                list,
                filter: FilterBox::default(),
                freshness: Freshness::default(),
            });
        }
        self.mode = Mode::Action;
        self.diff = None;
    }

    /// The feed, newest change first, from the actions' own last change.
    pub(crate) fn rebuild_feed(&mut self, rows: &[ActionRow]) {
        let feed = rows
            .iter()
            .filter_map(|r| {
                Some(FeedRow { source: r.source, key: r.key.clone(), name: r.name.clone(), change: r.changed.clone()? })
            })
            .collect();
        self.feed.set_rows(feed);
        self.refilter_feed();
    }

    fn refilter_feed(&mut self) {
        let f = &self.feed_filter.filter;
        let newest_first = |a: &FeedRow, b: &FeedRow| b.change.at.cmp(&a.change.at).then_with(|| a.name.cmp(&b.name));
        let by_action = |a: &FeedRow, b: &FeedRow| a.name.cmp(&b.name).then_with(|| newest_first(a, b));
        let by_who = |a: &FeedRow, b: &FeedRow| a.change.by.cmp(&b.change.by).then_with(|| newest_first(a, b));
        let order: crate::app::list::Order<'_, FeedRow> = match self.feed_sort {
            FeedSort::Newest => &newest_first,
            FeedSort::Action => &by_action,
            FeedSort::Who => &by_who,
        };
        self.feed.rebuild(|_, r| feed_matches(r, f), Some(order));
    }

    fn filter_box(&self) -> Option<&FilterBox> {
        if self.diff.is_some() {
            return None;
        }
        match self.mode {
            Mode::Feed => Some(&self.feed_filter),
            Mode::Action => self.action.as_ref().map(|a| &a.filter),
            Mode::Executions => Some(&self.executions.filter),
        }
    }
}

fn feed_matches(r: &FeedRow, f: &Filter) -> bool {
    f.words.iter().all(|w| contains_ci(&r.name, w) || contains_ci(&r.change.by, w) || contains_ci(&r.change.event, w))
}

fn audit_matches(r: &AuditRow, f: &Filter) -> bool {
    f.words.iter().all(|w| contains_ci(&r.by, w) || contains_ci(&r.event, w) || r.id.to_string().contains(w.as_str()))
}

fn execution_matches(r: &Execution, f: &Filter) -> bool {
    f.words.iter().all(|w| contains_ci(&r.corrective_action_label, w) || contains_ci(&r.error_message, w))
}

fn when(t: Option<Timestamp>) -> String {
    t.map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_else(|| "?".into())
}

fn describe_change(a: &AuditRow) -> String {
    if a.by.is_empty() {
        format!("{}, {}", a.event, when(a.at))
    } else {
        format!("{} by {}, {}", a.event, a.by, when(a.at))
    }
}

fn revertible(m: &Model, source: SourceId) -> bool {
    m.sources.actions_caps(source).is_some_and(|c| c.revert)
}

pub(crate) struct Unit;

impl PaneUnit for Unit {
    fn scopes(&self, _: &Model) -> Vec<Scope> {
        vec![Scope::Audits]
    }

    fn help_scopes(&self) -> &'static [Scope] {
        &[Scope::Audits]
    }

    fn filter_help(&self) -> &'static [(Scope, &'static str)] {
        &[(Scope::Audits, "words match who, the event and the action")]
    }

    fn offers(&self, m: &Model) -> Vec<Offer> {
        let pane = &m.audits;
        let mut out = Vec::new();
        list_offers(&mut out);
        if let Some(d) = &pane.diff {
            if revertible(m, d.source) && d.audit.no_revert.is_none() {
                out.push(Offer::new(Scope::Audits, Command::AuditRollback));
            }
            out.push(Offer::new(Scope::Global, Command::Back));
            return out;
        }
        let executions = m.sources.executions().is_some();
        match pane.mode {
            Mode::Feed => {
                if m.sources.actions().next().is_none() {
                    out.clear();
                } else {
                    out.push(Offer::new(Scope::Global, Command::Sort));
                }
                if pane.feed.selected().is_some() {
                    out.push(Offer::new(Scope::Global, Command::Open));
                    out.push(Offer::new(Scope::Global, Command::CopyId));
                }
            }
            Mode::Action => {
                let a = pane.action.as_ref();
                let selected = a.and_then(|a| a.list.selected()).is_some();
                if selected {
                    out.push(Offer::new(Scope::Audits, Command::AuditDiff));
                }
                if a.is_some_and(|a| revertible(m, a.source)) && selected {
                    out.push(Offer::new(Scope::Audits, Command::AuditRollback));
                }
                if selected {
                    out.push(Offer::new(Scope::Global, Command::CopyId));
                }
            }
            Mode::Executions => {}
        }
        if executions {
            out.push(Offer::new(Scope::Audits, Command::AuditExecutions));
        }
        if pane.filter_box().is_some() {
            out.push(Offer::new(Scope::Global, Command::Filter));
        }
        let filtered = pane.filter_box().is_some_and(FilterBox::is_active);
        if pane.mode != Mode::Feed || filtered {
            out.push(Offer::new(Scope::Global, Command::Back));
        }
        out
    }

    fn run(&self, m: &mut Model, cmd: Command) -> Vec<Effect> {
        let page = m.table_rows();
        let pane = &mut m.audits;
        if let Some(d) = &mut pane.diff {
            if d.pager.scroll(cmd, page, d.lines.len()) {
                return vec![];
            }
            return match cmd {
                Command::Back => {
                    pane.diff = None;
                    vec![]
                }
                Command::AuditRollback => {
                    let (source, key, name, audit) = (d.source, d.key.clone(), d.name.clone(), d.audit.clone());
                    revert(m, source, key, name, &audit)
                }
                _ => vec![],
            };
        }
        if cmd == Command::AuditExecutions {
            pane.mode = if pane.mode == Mode::Executions { Mode::Feed } else { Mode::Executions };
            return vec![];
        }
        if cmd == Command::Filter {
            let placeholder = match pane.mode {
                Mode::Feed => "words in action, who, event",
                Mode::Action => "words in who, event, audit id",
                Mode::Executions => "words in label, error",
            };
            if let Some(f) = filter_box_mut(pane) {
                f.open(placeholder);
            }
            return vec![];
        }
        if cmd == Command::Back && pane.filter_box().is_some_and(FilterBox::is_active) {
            self.edit_filter(m, &mut |f| f.set(""));
            return vec![];
        }
        match pane.mode {
            Mode::Feed => {
                if pane.feed.navigate(cmd) {
                    return vec![];
                }
                if cmd == Command::Sort {
                    pane.feed_sort = pane.feed_sort.next();
                    pane.refilter_feed();
                    let text = format!("latest changes {}", pane.feed_sort.describe());
                    m.set_status(text, Tone::Muted);
                    return vec![];
                }
                let Some(row) = pane.feed.selected() else { return vec![] };
                match cmd {
                    Command::Open | Command::AuditDiff => {
                        let (source, key, name) = (row.source, row.key.clone(), row.name.clone());
                        pane.open_action(source, key, name);
                        vec![]
                    }
                    Command::CopyId => {
                        let text = m
                            .actions
                            .list
                            .find(|r| r.source == row.source && r.key == row.key)
                            .map_or_else(|| row.name.clone(), |r| r.copy.clone());
                        copied(m, text)
                    }
                    _ => vec![],
                }
            }
            Mode::Action => {
                let Some(a) = pane.action.as_mut() else { return vec![] };
                if a.list.navigate(cmd) {
                    return vec![];
                }
                match cmd {
                    Command::Back => {
                        pane.mode = Mode::Feed;
                        vec![]
                    }
                    Command::Open | Command::AuditDiff => {
                        let Some(audit) = a.list.selected().cloned() else { return vec![] };
                        let lines = diff_lines(&audit.before, &audit.after);
                        let (source, key, name) = (a.source, a.key.clone(), a.name.clone());
                        pane.diff = Some(DiffView { source, key, name, audit, lines, pager: Pager::default() });
                        vec![]
                    }
                    Command::AuditRollback => {
                        let Some(audit) = a.list.selected().cloned() else { return vec![] };
                        let (source, key, name) = (a.source, a.key.clone(), a.name.clone());
                        revert(m, source, key, name, &audit)
                    }
                    Command::CopyId => {
                        let Some(id) = a.list.selected().map(|r| r.id.to_string()) else { return vec![] };
                        m.copy(&format!("audit id {id}"), id)
                    }
                    _ => vec![],
                }
            }
            Mode::Executions => {
                if pane.executions.list.navigate(cmd) {
                    return vec![];
                }
                if cmd == Command::Back {
                    pane.mode = Mode::Feed;
                }
                vec![]
            }
        }
    }

    fn filter<'m>(&self, m: &'m Model) -> Option<&'m FilterBox> {
        m.audits.filter_box()
    }

    fn facets(&self, _: &Model) -> Vec<&'static str> {
        vec![]
    }

    fn ruler(&self, m: &Model) -> Option<crate::app::list::Ruler> {
        let pane = &m.audits;
        if pane.diff.is_some() {
            return None;
        }
        match pane.mode {
            Mode::Feed => Some(pane.feed.ruler().sorted(pane.feed_sort.describe())),
            Mode::Action => pane.action.as_ref().map(|a| a.list.ruler()),
            Mode::Executions => Some(pane.executions.list.ruler()),
        }
    }

    fn edit_filter(&self, m: &mut Model, edit: &mut dyn FnMut(&mut FilterBox) -> FilterChange) {
        let pane = &mut m.audits;
        let Some(f) = filter_box_mut(pane) else { return };
        if edit(f) == FilterChange::Unchanged {
            return;
        }
        match pane.mode {
            Mode::Feed => pane.refilter_feed(),
            Mode::Action => {
                if let Some(a) = pane.action.as_mut() {
                    let f = &a.filter.filter;
                    a.list.rebuild(|_, r| audit_matches(r, f), None);
                }
            }
            Mode::Executions => {
                let e = &mut pane.executions;
                let f = &e.filter.filter;
                e.list.rebuild(|_, r| execution_matches(r, f), None);
            }
        }
    }

    fn feeds(&self, m: &Model) -> Vec<Feed> {
        let pane = &m.audits;
        match pane.mode {
            Mode::Feed => {
                m.sources.actions().filter(|(s, _)| keeps_history(m, s.id)).map(|(s, _)| Feed::Actions(s.id)).collect()
            }
            Mode::Action => pane.action.iter().map(|a| Feed::Audits(a.source, a.key.clone())).collect(),
            Mode::Executions => m.sources.executions().map(|s| Feed::Executions(s.id)).into_iter().collect(),
        }
    }

    fn refresh(&self, m: &Model) -> Vec<Feed> {
        self.feeds(m)
    }

    fn on_fetched(&self, m: &mut Model, feed: Feed, at: Timestamp, result: Result<Payload, ApiError>) {
        match feed {
            Feed::Audits(source, key) => {
                let Some(a) = m.audits.action.as_mut().filter(|a| a.source == source && a.key == key) else { return };
                match result {
                    Ok(Payload::Audits(rows)) => {
                        a.list.set_rows(rows);
                        let f = &a.filter.filter;
                        a.list.rebuild(|_, r| audit_matches(r, f), None);
                        a.freshness.succeeded(at);
                    }
                    Ok(_) => {}
                    Err(e) => a.freshness.failed(e.to_string()),
                }
            }
            Feed::Executions(_) => {
                let e = &mut m.audits.executions;
                match result {
                    Ok(Payload::Executions { rows, total }) => {
                        e.list.set_rows(rows);
                        e.total = total;
                        let f = &e.filter.filter;
                        e.list.rebuild(|_, r| execution_matches(r, f), None);
                        e.freshness.succeeded(at);
                    }
                    Ok(_) => {}
                    Err(err) => e.freshness.failed(err.to_string()),
                }
            }
            _ => {}
        }
    }

    fn freshness_mut<'m>(&self, m: &'m mut Model, feed: &Feed) -> Option<&'m mut Freshness> {
        match feed {
            Feed::Audits(s, k) => {
                m.audits.action.as_mut().filter(|a| a.source == *s && &a.key == k).map(|a| &mut a.freshness)
            }
            Feed::Executions(_) => Some(&mut m.audits.executions.freshness),
            _ => None,
        }
    }

    fn health<'m>(&self, m: &'m Model) -> Vec<Health<'m>> {
        let pane = &m.audits;
        match pane.mode {
            // Only the servers the feed reads: a Heimdall that refuses its token has no
            // history to miss, and must not mark this pane failed.
            Mode::Feed => super::actions::Unit.health(m).into_iter().filter(|h| keeps_history(m, h.source)).collect(),
            Mode::Action => pane.action.iter().map(|a| Health { source: a.source, freshness: &a.freshness }).collect(),
            Mode::Executions => m
                .sources
                .executions()
                .map(|s| Health { source: s.id, freshness: &pane.executions.freshness })
                .into_iter()
                .collect(),
        }
    }

    fn resize(&self, m: &mut Model) {
        let page = m.table_rows();
        let pane = &mut m.audits;
        pane.feed.set_page(page);
        pane.executions.list.set_page(page);
        if let Some(a) = pane.action.as_mut() {
            a.list.set_page(page);
        }
    }

    fn in_sub_view(&self, m: &Model) -> bool {
        m.audits.diff.is_some() || m.audits.mode != Mode::Feed
    }
}

/// Whether the recent-changes feed reads this server.
pub(crate) fn keeps_history(m: &Model, source: SourceId) -> bool {
    m.sources.actions_caps(source).is_some_and(|c| c.history.is_ok())
}

fn filter_box_mut(pane: &mut AuditsPane) -> Option<&mut FilterBox> {
    if pane.diff.is_some() {
        return None;
    }
    match pane.mode {
        Mode::Feed => Some(&mut pane.feed_filter),
        Mode::Action => pane.action.as_mut().map(|a| &mut a.filter),
        Mode::Executions => Some(&mut pane.executions.filter),
    }
}

fn copied(m: &mut Model, text: String) -> Vec<Effect> {
    m.copy(&text.clone(), text)
}

/// `R`: the dialog shows the change it undoes; a change with no state before it says why not.
fn revert(m: &mut Model, source: SourceId, key: Key, name: String, audit: &AuditRow) -> Vec<Effect> {
    if let Some(why) = &audit.no_revert {
        m.show(Dialog::notice(
            "Nothing to roll back to",
            vec![BodyLine::new(describe_change(audit), Tone::Strong), line(""), line(why.clone())],
            Tone::Warning,
            None,
        ));
        return vec![];
    }
    let server = m.sources.server(source);
    let note = m.sources.actions_caps(source).map_or("", |c| c.revert_note);
    let target = RevertTarget { source, key, name, audit_id: audit.id, server, change: describe_change(audit) };
    let mut body = vec![
        BodyLine::new(format!("Return {} to its state BEFORE this change:", target.name), Tone::Strong),
        line(format!("{} (audit #{})", target.change, audit.id)),
        line(format!("on {}", target.server)),
        line(""),
        BodyLine::new(format!("This undoes the following{note}:"), Tone::Muted),
    ];
    let diff = diff_lines(&audit.before, &audit.after);
    let is_change = |l: &DiffLine| matches!(l.tag, DiffTag::Added | DiffTag::Removed);
    let changed: Vec<&DiffLine> = diff.iter().filter(|l| is_change(l)).collect();
    // Each run of changes comes with the unchanged line above it, so that a changed line is
    // never read without knowing where it sits.
    let mut shown = 0;
    for (i, l) in diff.iter().enumerate() {
        if !is_change(l) {
            continue;
        }
        if shown == CONFIRM_DIFF_LINES {
            break;
        }
        if let Some(above) = i.checked_sub(1).map(|j| &diff[j]).filter(|a| a.tag == DiffTag::Context) {
            body.push(BodyLine::new(above.text.clone(), Tone::Muted));
        }
        let tone = if l.tag == DiffTag::Added { Tone::Added } else { Tone::Removed };
        body.push(BodyLine::new(l.text.clone(), tone));
        shown += 1;
    }
    if changed.len() > CONFIRM_DIFF_LINES {
        body.push(BodyLine::new(
            format!("… and {} more changed lines (Enter shows the whole diff)", changed.len() - CONFIRM_DIFF_LINES),
            Tone::Muted,
        ));
    }
    m.show(Dialog::confirm(
        "Roll back action",
        body,
        "Roll back",
        true,
        Purpose::Audits(AuditsPurpose::Revert(target)),
    ));
    vec![]
}

pub(crate) fn on_dialog(m: &mut Model, purpose: AuditsPurpose, outcome: Outcome) -> Vec<Effect> {
    match (purpose, outcome) {
        (AuditsPurpose::Revert(target), Outcome::Confirmed) => {
            m.close_dialog();
            let call =
                Call::Audit(target.source, AuditCall::Revert { key: target.key.clone(), audit: target.audit_id });
            let label = format!("rolling back {} to before audit #{}", target.name, target.audit_id);
            match m.begin_op(PaneOp::Audits(AuditsOp::Revert(target)), label) {
                Some(id) => vec![Effect::Call { op: id, call }],
                None => vec![],
            }
        }
        (_, Outcome::Cancelled | Outcome::Closed) => {
            m.close_dialog();
            vec![]
        }
        _ => vec![],
    }
}

pub(crate) fn on_done(m: &mut Model, op: AuditsOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    let AuditsOp::Revert(t) = op;
    let refresh =
        vec![Effect::Refresh(Feed::Audits(t.source, t.key.clone())), Effect::Refresh(Feed::Actions(t.source))];
    match result {
        Ok(_) => {
            let recorded = m.sources.actions_caps(t.source).map_or("", |c| c.revert_done);
            let mut text = format!("rolled back {} to before audit #{}", t.name, t.audit_id);
            if !recorded.is_empty() {
                text.push_str("; ");
                text.push_str(recorded);
            }
            m.set_status(text, Tone::Success);
            m.audits.diff = None;
        }
        Err(e) => {
            let mut body = vec![BodyLine::new(format!("{} was not rolled back.", t.name), Tone::Strong), line("")];
            body.push(BodyLine::new(e.to_string(), Tone::Danger));
            if let Some(hint) = e.hint() {
                body.push(line(""));
                body.extend(hint.lines().map(line));
            }
            m.set_status(format!("rollback of {} failed", t.name), Tone::Danger);
            m.show(Dialog::notice("Rollback failed", body, Tone::Danger, None));
        }
    }
    refresh
}

#[cfg(test)]
mod tests;
