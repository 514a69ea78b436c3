//! Pane 4: triage Waldur user actions. Sorted by severity here (the server sorts urgency as
//! text), filtered client-side, and every mutation goes Idle → Prompt → Confirm → InFlight →
//! Done/Failed with its target captured when the dialog opened.
//!
//! The list holds compact rows; the detail and the corrective actions are fetched live when
//! the operator opens an item or executes, as the server computes them per request.

mod detail;
mod dialogs;
mod format;
mod marked;
mod prepared;
mod results;
mod search;
mod splice;

use std::sync::Arc;

use jiff::Timestamp;
use uuid::Uuid;

use super::{Health, Offer, PaneUnit, list_offers};
use crate::app::dialog::{BodyLine, Dialog, Tone, line};
use crate::app::effect::Effect;
use crate::app::filter::{FilterBox, FilterChange};
use crate::app::freshness::Freshness;
use crate::app::keymap::{Command, Scope};
use crate::app::list::{Keyed, List, Pager, Resync};
use crate::app::loaded::Loaded;
use crate::app::model::{Garbage, Model};
use crate::app::msg::{Feed, Payload};
use crate::app::panes::Purpose;
use crate::app::source::SourceId;
use crate::backends::waldur::model::{CorrectiveAction, ListQuery, Order, Summary, UserAction, UserActionRow};
use crate::domain::error::ApiError;

pub(crate) use detail::document as detail_document;
pub(crate) use dialogs::on_dialog;
#[cfg(test)]
pub(crate) use dialogs::parse_days;
pub(crate) use format::{due_text, is_overdue, silence_marker, silence_state};
pub(crate) use prepared::{Spliced, UserActionsView, spliced};
pub(crate) use results::on_done;
pub(crate) use search::SearchIndex;

impl Keyed for Arc<UserActionRow> {
    type Key = Uuid;
    fn key(&self) -> Uuid {
        self.uuid
    }
}

/// What a User Actions dialog will act on, captured when it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UserActionTarget {
    pub(crate) uuid: Uuid,
    pub(crate) title: String,
    pub(crate) server: String,
}

/// One row an operation on several acts on, as the operator saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marked {
    pub(crate) uuid: Uuid,
    pub(crate) title: Arc<str>,
    /// Silenced when the dialog opened: a silence does not change it, so undo leaves it.
    pub(crate) silenced: bool,
}

impl Marked {
    fn of(row: &UserActionRow, now: Timestamp) -> Self {
        Self { uuid: row.uuid, title: row.title.clone(), silenced: row.silenced_at(now) }
    }
}

/// Which rows a bulk operation covers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum BulkScope {
    /// The server selects the rows from the same facets (urgency, type, overdue).
    Server(ListQuery),
    /// Exactly these rows, one request each: the marked rows, or the rows shown when the
    /// filter has words the server cannot express.
    Rows(Vec<Marked>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BulkPlan {
    pub(crate) scope: BulkScope,
    pub(crate) count: usize,
    /// Which rows, in words: "filter “k8s”, silenced hidden" or "12 marked".
    pub(crate) filter: String,
    pub(crate) server: String,
    /// The rows were marked one by one (else: everything the filter shows).
    pub(crate) marked: bool,
    /// The rows a silence would change (those not silenced yet), for undo.
    pub(crate) fresh: Vec<Marked>,
}

impl BulkPlan {
    pub(crate) fn uuids(&self) -> Vec<Uuid> {
        match &self.scope {
            BulkScope::Rows(rows) => rows.iter().map(|r| r.uuid).collect(),
            BulkScope::Server(_) => Vec::new(),
        }
    }

    /// The title of a target, for the report.
    pub(crate) fn title_of(&self, uuid: Uuid) -> String {
        let rows = match &self.scope {
            BulkScope::Rows(rows) => rows.as_slice(),
            BulkScope::Server(_) => &[],
        };
        rows.iter()
            .chain(&self.fresh)
            .find(|r| r.uuid == uuid)
            .map_or_else(|| uuid.simple().to_string(), |r| r.title.to_string())
    }
}

#[derive(Debug, Clone)]
pub(crate) enum UserActionsPurpose {
    Silence { target: UserActionTarget, was_silenced: bool },
    PickAction { target: UserActionTarget, actions: Vec<CorrectiveAction> },
    Execute { target: UserActionTarget, action: CorrectiveAction },
    BulkDays(BulkPlan),
    BulkConfirm { plan: BulkPlan, days: Option<u16> },
    UnsilenceMarked(BulkPlan),
    PickMarked { plan: BulkPlan, actions: Vec<CorrectiveAction> },
    ExecuteMarked { plan: BulkPlan, action: CorrectiveAction },
}

/// Why a user action is being loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoadFor {
    Detail,
    /// `x` was pressed: open the picker with the live corrective actions.
    Pick,
}

/// A User Actions request in flight, with what its result message needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum UserActionsOp {
    Load {
        target: UserActionTarget,
        purpose: LoadFor,
    },
    /// The corrective actions of the first marked row, to execute one on every marked row.
    LoadMarked {
        target: UserActionTarget,
        plan: BulkPlan,
    },
    Silence {
        target: UserActionTarget,
        days: Option<u16>,
        was_silenced: bool,
    },
    Unsilence {
        target: UserActionTarget,
    },
    Execute {
        target: UserActionTarget,
        action: CorrectiveAction,
    },
    Bulk {
        plan: BulkPlan,
        days: Option<u16>,
    },
    /// `undo`: this unsilences what the last silence changed.
    UnsilenceEach {
        plan: BulkPlan,
        undo: bool,
    },
    ExecuteEach {
        plan: BulkPlan,
        action: CorrectiveAction,
    },
    UpdateActions,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FlightKey {
    Load(Uuid, LoadFor),
    Silence(Uuid),
    Unsilence(Uuid),
    Execute(Uuid),
    Bulk,
    BulkUnsilence,
    BulkExecute,
    UpdateActions,
}

impl UserActionsOp {
    pub(crate) fn flight_key(&self) -> FlightKey {
        match self {
            UserActionsOp::Load { target, purpose } => FlightKey::Load(target.uuid, *purpose),
            UserActionsOp::LoadMarked { target, .. } => FlightKey::Load(target.uuid, LoadFor::Pick),
            UserActionsOp::Silence { target, .. } => FlightKey::Silence(target.uuid),
            UserActionsOp::Unsilence { target } => FlightKey::Unsilence(target.uuid),
            UserActionsOp::Execute { target, .. } => FlightKey::Execute(target.uuid),
            UserActionsOp::Bulk { .. } => FlightKey::Bulk,
            UserActionsOp::UnsilenceEach { .. } => FlightKey::BulkUnsilence,
            UserActionsOp::ExecuteEach { .. } => FlightKey::BulkExecute,
            UserActionsOp::UpdateActions => FlightKey::UpdateActions,
        }
    }

    /// The row a mutation is pending on (marked in the table); loads do not count.
    pub(crate) fn target_uuid(&self) -> Option<Uuid> {
        match self {
            UserActionsOp::Silence { target, .. }
            | UserActionsOp::Unsilence { target }
            | UserActionsOp::Execute { target, .. } => Some(target.uuid),
            _ => None,
        }
    }
}

/// The detail view of one action. Keeps the row it was opened on, so the operator still sees
/// what they opened if a poll removes it, and the live detail once it has arrived.
#[derive(Debug, Clone)]
pub(crate) struct Detail {
    pub(crate) row: UserActionRow,
    pub(crate) full: Loaded<Box<UserAction>>,
    pub(crate) gone: bool,
    /// This console silenced it: leaving the list is the expected result.
    pub(crate) silenced_here: bool,
    pub(crate) pager: Pager,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct UserActionsPane {
    /// The source that feeds this pane (a profile has at most one Waldur).
    pub(crate) source: Option<SourceId>,
    /// Every row of the last successful fetch, in triage order.
    pub(crate) list: List<Arc<UserActionRow>>,
    /// Lowercased searchable text of the rows, contiguous so filtering scans memory in order.
    /// Shared with the poller, which splices the next poll's changes into it.
    pub(crate) search: Arc<SearchIndex>,
    pub(crate) summary: Option<Summary>,
    pub(crate) filter: FilterBox,
    pub(crate) include_silenced: bool,
    /// The query the rows were fetched with (they may lag behind `include_silenced`).
    pub(crate) loaded: Option<ListQuery>,
    pub(crate) freshness: Freshness,
    pub(crate) detail: Option<Detail>,
    /// A mutation just succeeded: the next fetch may legitimately drop the selected row
    /// (silenced, resolved), which is no surprise worth a warning.
    pub(crate) expect_changes: bool,
    /// The order the operator chose (`o`); the poller prepares the rows in it.
    pub(crate) sort: Order,
    /// The rows the last silence changed, for `z`.
    pub(crate) undo: Option<Vec<Marked>>,
}

impl UserActionsPane {
    pub(crate) fn feed(&self) -> Option<Feed> {
        Some(Feed::UserActions(self.source?, self.query()))
    }

    pub(crate) fn query(&self) -> ListQuery {
        ListQuery { include_silenced: self.include_silenced, order: self.sort, ..Default::default() }
    }

    /// The order of the rows held (the one asked for, once its answer came).
    pub(crate) fn shown_order(&self) -> Order {
        self.loaded.as_ref().map_or(self.sort, |q| q.order)
    }

    pub(crate) fn selected(&self) -> Option<&UserActionRow> {
        self.list.selected().map(|r| &**r)
    }

    /// Take a new answer, already sorted and indexed: refilter, keep the cursor on the same item.
    /// The replaced rows and index go to `garbage`.
    pub(crate) fn load(
        &mut self,
        ready: UserActionsView,
        query: ListQuery,
        now: Timestamp,
        garbage: &mut Garbage,
    ) -> Resync {
        let UserActionsView { rows, search, summary, .. } = ready;
        garbage.push(std::mem::replace(&mut self.search, search));
        garbage.push(self.list.replace_rows(rows));
        self.summary = Some(summary);
        self.loaded = Some(query);
        if let Some(d) = &mut self.detail {
            match self.list.find(|r| r.uuid == d.row.uuid) {
                Some(r) => {
                    d.row = (**r).clone();
                    d.gone = false;
                }
                None => d.gone = true,
            }
        }
        self.refilter(now, false)
    }

    /// Recompute the view. `narrowing` filters only the current view (the new filter can only
    /// match fewer rows), which keeps typing fast at 100k rows.
    pub(crate) fn refilter(&mut self, now: Timestamp, narrowing: bool) -> Resync {
        let f = &self.filter.filter;
        let m = (!f.is_empty()).then(|| search::Matcher::new(f, &self.search, now));
        let keep = |i: usize, r: &Arc<UserActionRow>| m.as_ref().is_none_or(|m| m.matches(i, r));
        // The rows come in the order they were asked for (see `Order`): nothing to sort here.
        if narrowing { self.list.narrow(keep) } else { self.list.rebuild(keep, None) }
    }

    fn target(&self, row: &UserActionRow, server: &str) -> UserActionTarget {
        UserActionTarget { uuid: row.uuid, title: row.title.to_string(), server: server.to_string() }
    }

    /// The row the keys act on: the detail view's item, else the cursor's.
    fn focus(&self) -> Option<&UserActionRow> {
        match &self.detail {
            Some(d) => Some(&d.row),
            None => self.selected(),
        }
    }
}

fn server(m: &Model) -> String {
    m.user_actions.source.map_or_else(|| "Waldur".into(), |s| m.sources.server(s))
}

pub(crate) struct Unit;

impl PaneUnit for Unit {
    fn scopes(&self, _: &Model) -> Vec<Scope> {
        vec![Scope::UserActions]
    }

    fn help_scopes(&self) -> &'static [Scope] {
        &[Scope::UserActions]
    }

    fn filter_help(&self) -> &'static [(Scope, &'static str)] {
        &[(
            Scope::UserActions,
            "words match title, type, project, organisation; facets urgency:high|medium|low, type:<type>, \
             overdue, !overdue (the server applies them too)",
        )]
    }

    fn offers(&self, m: &Model) -> Vec<Offer> {
        let mut out = Vec::new();
        if m.user_actions.source.is_none() {
            return out;
        }
        let pane = &m.user_actions;
        let s = Scope::UserActions;
        list_offers(&mut out);
        let focus = pane.focus();
        let marks = pane.detail.is_none() && pane.list.has_marks();
        if marks {
            // On the marked rows; which of them are silenced is counted when `u` is pressed.
            out.extend([Command::Silence, Command::Unsilence, Command::Execute].map(|c| Offer::new(s, c)));
        } else if let Some(row) = focus {
            out.push(Offer::new(s, Command::Silence));
            let silenced = row.is_silenced || row.silenced_until.is_some();
            out.push(Offer::when(s, Command::Unsilence, silenced, "this user action is not silenced"));
            out.push(Offer::new(s, Command::Execute));
        }
        out.push(Offer::when(s, Command::Undo, pane.undo.is_some(), "nothing to undo: no silence to take back"));
        if pane.detail.is_none() && !pane.list.is_empty() {
            out.push(Offer::new(Scope::Global, Command::Mark));
            out.push(Offer::new(Scope::Global, Command::MarkRange));
        }
        if pane.detail.is_none() {
            out.push(Offer::new(Scope::Global, Command::Sort));
        }
        if pane.detail.is_none() {
            out.push(Offer::when(
                s,
                Command::BulkSilence,
                !pane.list.is_empty(),
                "nothing to silence: no user action is shown",
            ));
            out.push(Offer::new(s, Command::ToggleSilenced));
        }
        out.push(Offer::new(s, Command::UpdateActions));
        if pane.detail.is_some() {
            out.push(Offer::new(Scope::Global, Command::Refresh));
            out.push(Offer::new(Scope::Global, Command::Back));
        } else {
            if focus.is_some() {
                out.push(Offer::new(Scope::Global, Command::Open));
            }
            out.push(Offer::new(Scope::Global, Command::Filter));
            if pane.filter.is_active() || marks {
                out.push(Offer::new(Scope::Global, Command::Back));
            }
        }
        if focus.is_some() {
            out.push(Offer::new(Scope::Global, Command::CopyId));
        }
        out
    }

    fn run(&self, m: &mut Model, cmd: Command) -> Vec<Effect> {
        let now = m.now;
        let page = m.table_rows();
        let pane = &mut m.user_actions;
        if let Some(d) = &mut pane.detail {
            let lines = detail::document(d, now).height(m.width);
            if d.pager.scroll(cmd, page, lines) {
                return vec![];
            }
            return match cmd {
                Command::Back => {
                    pane.detail = None;
                    vec![]
                }
                Command::Refresh => {
                    let row = d.row.clone();
                    let mut effects: Vec<Effect> = pane.feed().map(Effect::Refresh).into_iter().collect();
                    effects.extend(load(m, &row, LoadFor::Detail));
                    effects
                }
                _ => on_action_command(m, cmd),
            };
        }
        if pane.list.navigate(cmd) {
            return vec![];
        }
        match cmd {
            Command::Open => {
                let Some(row) = pane.selected().cloned() else { return vec![] };
                pane.detail = Some(Detail {
                    row: row.clone(),
                    full: Loaded::Loading,
                    gone: false,
                    silenced_here: false,
                    pager: Pager::default(),
                });
                load(m, &row, LoadFor::Detail)
            }
            Command::Back => {
                if pane.list.clear_marks() {
                    return vec![];
                }
                let change = pane.filter.set("");
                self.filter_changed(m, change, now);
                vec![]
            }
            Command::Mark => {
                pane.list.toggle_mark();
                vec![]
            }
            Command::MarkRange => {
                let text = if pane.list.toggle_range() {
                    "range started: move to extend it, v marks it, Esc drops it"
                } else {
                    "range marked"
                };
                m.set_status(text, Tone::Muted);
                vec![]
            }
            Command::Sort => {
                // A new query: its poller prepares the rows in the new order off the key
                // path (100k rows take tens of milliseconds to order); until they come, the
                // rows and the ruler keep the order they have.
                pane.sort = pane.sort.next();
                let text = format!("ordering the user actions {}…", pane.sort.describe());
                m.set_progress(text);
                vec![]
            }
            Command::Filter => {
                pane.filter.open("words, urgency:high, type:…, overdue");
                vec![]
            }
            Command::ToggleSilenced => {
                pane.include_silenced = !pane.include_silenced;
                let text =
                    if pane.include_silenced { "showing silenced actions too" } else { "hiding silenced actions" };
                m.set_status(text, Tone::Muted);
                vec![]
            }
            Command::CopyId => {
                let Some(row) = pane.selected() else { return vec![] };
                let id = row.uuid.simple().to_string();
                m.copy(&format!("id {id}"), id)
            }
            _ => on_action_command(m, cmd),
        }
    }

    fn filter<'m>(&self, m: &'m Model) -> Option<&'m FilterBox> {
        m.user_actions.detail.is_none().then_some(&m.user_actions.filter)
    }

    fn facets(&self, _: &Model) -> Vec<&'static str> {
        vec!["urgency:high", "type:…", "overdue", "!overdue"]
    }

    fn ruler(&self, m: &Model) -> Option<crate::app::list::Ruler> {
        let l = &m.user_actions.list;
        m.user_actions.detail.is_none().then(|| l.ruler().sorted(m.user_actions.shown_order().describe()))
    }

    fn edit_filter(&self, m: &mut Model, edit: &mut dyn FnMut(&mut FilterBox) -> FilterChange) {
        let now = m.now;
        let change = edit(&mut m.user_actions.filter);
        self.filter_changed(m, change, now);
    }

    fn feeds(&self, m: &Model) -> Vec<Feed> {
        m.user_actions.feed().into_iter().collect()
    }

    fn refresh(&self, m: &Model) -> Vec<Feed> {
        self.feeds(m)
    }

    fn on_fetched(&self, m: &mut Model, feed: Feed, at: Timestamp, result: Result<Payload, ApiError>) {
        let Feed::UserActions(_, query) = feed else { return };
        if query != m.user_actions.query() {
            return;
        }
        match result {
            Ok(Payload::UserActions(ready)) => on_fetched(m, query, at, *ready),
            // The server has nothing new: the rows shown are still the truth.
            Ok(Payload::UserActionsUnchanged) => m.user_actions.freshness.succeeded(at),
            Ok(Payload::UserActionsCounts(summary)) => {
                m.user_actions.summary = Some(summary);
                m.user_actions.freshness.succeeded(at);
            }
            Ok(_) => {}
            Err(e) => m.user_actions.freshness.failed(e.to_string()),
        }
    }

    fn freshness_mut<'m>(&self, m: &'m mut Model, feed: &Feed) -> Option<&'m mut Freshness> {
        match feed {
            Feed::UserActions(_, q) if *q == m.user_actions.query() => Some(&mut m.user_actions.freshness),
            _ => None,
        }
    }

    fn health<'m>(&self, m: &'m Model) -> Vec<Health<'m>> {
        let pane = &m.user_actions;
        pane.source.map(|source| Health { source, freshness: &pane.freshness }).into_iter().collect()
    }

    fn resize(&self, m: &mut Model) {
        let page = m.table_rows();
        m.user_actions.list.set_page(page);
    }

    fn in_sub_view(&self, m: &Model) -> bool {
        m.user_actions.detail.is_some()
    }

    fn shows_page(&self, m: &Model) -> bool {
        m.user_actions.detail.is_some()
    }

    fn page(&self, m: &Model) -> Option<crate::app::document::Document> {
        m.user_actions.detail.as_ref().map(|d| detail::document(d, m.now))
    }

    fn pager_mut<'m>(&self, m: &'m mut Model) -> Option<&'m mut Pager> {
        m.user_actions.detail.as_mut().map(|d| &mut d.pager)
    }
}

impl Unit {
    fn filter_changed(&self, m: &mut Model, change: FilterChange, now: Timestamp) {
        m.clear_filter_status();
        if let FilterChange::Changed { narrowing } = change {
            m.user_actions.refilter(now, narrowing);
        }
        if let Some(bad) = m.user_actions.filter.filter.unknown.first() {
            let text = format!("filter: “{bad}” not understood (urgency:high|medium|low, type:…, overdue, !overdue)");
            m.set_filter_status(text);
        }
    }
}

/// Fetch one action live (detail view, or the corrective actions for `x`).
fn load(m: &mut Model, row: &UserActionRow, purpose: LoadFor) -> Vec<Effect> {
    let target = m.user_actions.target(row, &server(m));
    results::start(m, UserActionsOp::Load { target, purpose })
}

/// The mutating keys, shared by the list and the detail view. In the list, marks make them
/// act on the marked rows.
fn on_action_command(m: &mut Model, cmd: Command) -> Vec<Effect> {
    let server = server(m);
    let now = m.now;
    if cmd == Command::Undo {
        return marked::undo(m, &server);
    }
    if m.user_actions.detail.is_none()
        && matches!(cmd, Command::Silence | Command::Unsilence | Command::Execute)
        && let Some(plan) = marked::plan(m, &server)
    {
        match cmd {
            Command::Silence => marked::open_silence(m, plan),
            Command::Unsilence => marked::open_unsilence(m, plan),
            _ => return marked::load_actions(m, plan),
        }
        return vec![];
    }
    let pane = &m.user_actions;
    match cmd {
        Command::Silence => {
            let Some(row) = pane.focus() else { return vec![] };
            let target = pane.target(row, &server);
            let state = silence_state(row, now);
            let was_silenced = row.silenced_at(now);
            let body = vec![
                BodyLine::new(format!("“{}”", target.title), Tone::Strong),
                line(format!("on {server}")),
                BodyLine::new(format!("silenced now: {state}"), Tone::Muted),
                line(""),
                line("Days to silence it for, 1 to 365; leave empty to silence it permanently."),
            ];
            m.show(Dialog::prompt(
                "Silence user action",
                body,
                "days",
                "empty = permanent",
                Purpose::UserActions(UserActionsPurpose::Silence { target, was_silenced }),
            ));
            vec![]
        }
        Command::Unsilence => {
            let Some(row) = pane.focus() else { return vec![] };
            let target = pane.target(row, &server);
            results::start(m, UserActionsOp::Unsilence { target })
        }
        Command::Execute => {
            // From the detail view the live actions may already be here; else fetch them.
            if let Some(Detail { row, full: Loaded::Ready(full), .. }) = &pane.detail {
                let target = pane.target(row, &server);
                let actions: Vec<CorrectiveAction> = full.corrective_actions.clone();
                dialogs::open_picker(m, target, actions);
                return vec![];
            }
            let Some(row) = pane.focus().cloned() else { return vec![] };
            load(m, &row, LoadFor::Pick)
        }
        Command::BulkSilence => {
            dialogs::open_bulk(m, &server);
            vec![]
        }
        Command::UpdateActions => results::start(m, UserActionsOp::UpdateActions),
        _ => vec![],
    }
}

/// A fetch for the current query answered.
fn on_fetched(m: &mut Model, query: ListQuery, at: Timestamp, ready: UserActionsView) {
    let now = m.now;
    let pane = &mut m.user_actions;
    let before = pane.list.selected_key().copied();
    let resync = pane.load(ready, query, now, &mut m.garbage);
    pane.freshness.succeeded(at);
    let expected = std::mem::take(&mut pane.expect_changes);
    if resync == Resync::Moved && before.is_some() && !expected {
        m.set_status(
            "the selected user action is gone (resolved or silenced); cursor moved to the next one",
            Tone::Warning,
        );
    }
}

#[cfg(test)]
mod marked_tests;
#[cfg(test)]
mod tests;
