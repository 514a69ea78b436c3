//! Pane 4: triage Waldur user actions. Sorted by severity here (the server sorts urgency as
//! text), filtered client-side, and every mutation goes Idle → Prompt → Confirm → InFlight →
//! Done/Failed with its target captured when the dialog opened.
//!
//! The list holds compact rows; the detail and the corrective actions are fetched live when
//! the operator opens an item or executes, as the server computes them per request.

mod dialogs;
mod format;
mod results;
mod search;

use jiff::Timestamp;
use uuid::Uuid;

use crate::app::dialog::{BodyLine, Dialog, Tone, line};
use crate::app::effect::Effect;
use crate::app::filter::{FilterBox, FilterChange};
use crate::app::freshness::Freshness;
use crate::app::keymap::Command;
use crate::app::list::{Cursor, Resync, navigate, scroll};
use crate::app::loaded::Loaded;
use crate::app::model::Model;
use crate::app::msg::Feed;
use crate::app::purpose::Purpose;
use crate::backends::waldur::model::{CorrectiveAction, ListQuery, Summary, UserAction, UserActionRow, triage_order};

pub use dialogs::{on_dialog, parse_days};
pub use format::{due_text, is_overdue, silence_marker, silence_state};
pub use results::on_done;
pub use search::SearchIndex;

/// What a User Actions dialog will act on, captured when it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UaTarget {
    pub uuid: Uuid,
    pub title: String,
    pub server: String,
}

/// Which rows a bulk silence covers.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkScope {
    /// The server selects the rows from the same facets (urgency, type, overdue).
    Server(ListQuery),
    /// The filter has words the server cannot express: silence exactly these rows.
    Rows(Vec<Uuid>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct BulkPlan {
    pub scope: BulkScope,
    pub count: usize,
    pub filter: String,
    pub server: String,
}

#[derive(Debug, Clone)]
pub enum UaPurpose {
    Silence(UaTarget),
    PickAction { target: UaTarget, actions: Vec<CorrectiveAction> },
    Execute { target: UaTarget, action: CorrectiveAction },
    BulkDays(BulkPlan),
    BulkConfirm { plan: BulkPlan, days: Option<u16> },
}

/// Why a user action is being loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadFor {
    Detail,
    /// `x` was pressed: open the picker with the live corrective actions.
    Pick,
}

/// A User Actions request in flight, with what its result message needs.
#[derive(Debug, Clone, PartialEq)]
pub enum UaOp {
    Load { target: UaTarget, purpose: LoadFor },
    Silence { target: UaTarget, days: Option<u16> },
    Unsilence { target: UaTarget },
    Execute { target: UaTarget, action: CorrectiveAction },
    Bulk { plan: BulkPlan, days: Option<u16> },
    UpdateActions,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlightKey {
    Load(Uuid, LoadFor),
    Silence(Uuid),
    Unsilence(Uuid),
    Execute(Uuid),
    Bulk,
    UpdateActions,
}

impl UaOp {
    pub fn flight_key(&self) -> FlightKey {
        match self {
            UaOp::Load { target, purpose } => FlightKey::Load(target.uuid, *purpose),
            UaOp::Silence { target, .. } => FlightKey::Silence(target.uuid),
            UaOp::Unsilence { target } => FlightKey::Unsilence(target.uuid),
            UaOp::Execute { target, .. } => FlightKey::Execute(target.uuid),
            UaOp::Bulk { .. } => FlightKey::Bulk,
            UaOp::UpdateActions => FlightKey::UpdateActions,
        }
    }

    /// The row a mutation is pending on (marked in the table); loads do not count.
    pub fn target_uuid(&self) -> Option<Uuid> {
        match self {
            UaOp::Silence { target, .. } | UaOp::Unsilence { target } | UaOp::Execute { target, .. } => {
                Some(target.uuid)
            }
            _ => None,
        }
    }
}

/// The detail view of one action. Keeps the row it was opened on, so the operator still sees
/// what they opened if a poll removes it, and the live detail once it has arrived.
#[derive(Debug, Clone)]
pub struct Detail {
    pub row: UserActionRow,
    pub full: Loaded<Box<UserAction>>,
    pub gone: bool,
    pub scroll: usize,
}

#[derive(Debug, Clone, Default)]
pub struct UserActionsPane {
    /// All rows of the last successful fetch, in triage order.
    pub rows: Vec<UserActionRow>,
    /// Lowercased searchable text of `rows`, contiguous so filtering scans memory in order.
    pub search: SearchIndex,
    pub summary: Option<Summary>,
    /// Indices into `rows` that pass the filter, in display order.
    pub view: Vec<u32>,
    pub cursor: Cursor<Uuid>,
    pub filter: FilterBox,
    pub include_silenced: bool,
    /// The query the rows were fetched with (they may lag behind `include_silenced`).
    pub loaded: Option<ListQuery>,
    pub freshness: Freshness,
    pub detail: Option<Detail>,
    /// A mutation just succeeded: the next fetch may legitimately drop the selected row
    /// (silenced, resolved), which is no surprise worth a warning.
    pub expect_changes: bool,
}

impl UserActionsPane {
    pub fn feed(&self) -> Feed {
        Feed::UserActions(self.query())
    }

    pub fn query(&self) -> ListQuery {
        ListQuery { include_silenced: self.include_silenced, ..Default::default() }
    }

    pub fn selected(&self) -> Option<&UserActionRow> {
        let row = self.rows.get(*self.view.get(self.cursor.index)? as usize)?;
        (Some(row.uuid) == self.cursor.selected).then_some(row)
    }

    pub fn row(&self, view_index: usize) -> Option<&UserActionRow> {
        self.rows.get(*self.view.get(view_index)? as usize)
    }

    /// Take a new fetch: sort by severity, index, refilter, keep the cursor on the same item.
    pub fn load(&mut self, mut rows: Vec<UserActionRow>, summary: Summary, query: ListQuery, now: Timestamp) -> Resync {
        rows.sort_unstable_by(triage_order);
        self.search = SearchIndex::build(&rows);
        self.rows = rows;
        self.summary = Some(summary);
        self.loaded = Some(query);
        if let Some(d) = &mut self.detail {
            match self.rows.iter().find(|r| r.uuid == d.row.uuid) {
                Some(r) => {
                    d.row = r.clone();
                    d.gone = false;
                }
                None => d.gone = true,
            }
        }
        self.refilter(now, false)
    }

    /// Recompute the view. `narrowing` filters only the current view (the new filter can only
    /// match fewer rows), which keeps typing fast at 100k rows.
    pub fn refilter(&mut self, now: Timestamp, narrowing: bool) -> Resync {
        let f = &self.filter.filter;
        self.view = if f.is_empty() {
            (0..self.rows.len() as u32).collect()
        } else {
            let m = search::Matcher::new(f, now);
            let keep = |i: &u32| m.matches(&self.rows[*i as usize], self.search.text(*i as usize));
            if narrowing {
                self.view.iter().copied().filter(keep).collect()
            } else {
                (0..self.rows.len() as u32).filter(keep).collect()
            }
        };
        let (view, rows) = (&self.view, &self.rows);
        self.cursor.resync(view.len(), |i| rows[view[i] as usize].uuid)
    }

    /// Apply a filter change (from the `/` line or `:filter`).
    pub fn filter_changed(&mut self, change: FilterChange, now: Timestamp) {
        if let FilterChange::Changed { narrowing } = change {
            self.refilter(now, narrowing);
        }
    }

    fn target(&self, row: &UserActionRow, server: &str) -> UaTarget {
        UaTarget { uuid: row.uuid, title: row.title.to_string(), server: server.to_string() }
    }

    /// The row the keys act on: the detail view's item, else the cursor's.
    fn focus(&self) -> Option<&UserActionRow> {
        match &self.detail {
            Some(d) => Some(&d.row),
            None => self.selected(),
        }
    }
}

fn server(model: &Model) -> String {
    model.settings.servers.waldur.clone().unwrap_or_else(|| "Waldur".into())
}

/// Keys of pane 4. Returns `None` when the command is not the pane's (the global handler
/// takes it).
pub fn on_command(model: &mut Model, cmd: Command) -> Option<Vec<Effect>> {
    model.settings.servers.waldur.as_ref()?;
    let now = model.now;
    let page = model.table_rows();
    let pane = &mut model.user_actions;
    if let Some(d) = &mut pane.detail {
        if scroll(&mut d.scroll, cmd, page) {
            return Some(vec![]);
        }
        match cmd {
            Command::Back => pane.detail = None,
            Command::Refresh => {
                let row = d.row.clone();
                let mut effects = vec![Effect::Refresh(pane.feed())];
                effects.extend(load(model, &row, LoadFor::Detail));
                return Some(effects);
            }
            _ => return on_action_command(model, cmd),
        }
        return Some(vec![]);
    }
    let len = pane.view.len();
    let (view, rows) = (&pane.view, &pane.rows);
    if navigate(&mut pane.cursor, cmd, len, page, |i| rows[view[i] as usize].uuid) {
        return Some(vec![]);
    }
    match cmd {
        Command::Open => {
            let Some(row) = pane.selected().cloned() else { return Some(vec![]) };
            pane.detail = Some(Detail { row: row.clone(), full: Loaded::Loading, gone: false, scroll: 0 });
            return Some(load(model, &row, LoadFor::Detail));
        }
        Command::Back if pane.filter.is_active() => {
            let change = pane.filter.set("");
            pane.filter_changed(change, now);
            pane.cursor.scroll_into_view(page, pane.view.len());
        }
        Command::Filter => pane.filter.open("words, urgency:high, type:…, overdue"),
        Command::ToggleSilenced => {
            pane.include_silenced = !pane.include_silenced;
            let text = if pane.include_silenced { "showing silenced actions too" } else { "hiding silenced actions" };
            model.set_status(text, Tone::Muted);
        }
        Command::CopyId => {
            let Some(row) = pane.selected() else { return Some(vec![]) };
            let id = row.uuid.simple().to_string();
            model.set_status(format!("copied {id} (OSC 52)"), Tone::Success);
            return Some(vec![Effect::Copy(id)]);
        }
        _ => return on_action_command(model, cmd),
    }
    Some(vec![])
}

/// Fetch one action live (detail view, or the corrective actions for `x`).
fn load(model: &mut Model, row: &UserActionRow, purpose: LoadFor) -> Vec<Effect> {
    let target = model.user_actions.target(row, &server(model));
    results::start(model, UaOp::Load { target, purpose })
}

/// The mutating keys, shared by the list and the detail view.
fn on_action_command(model: &mut Model, cmd: Command) -> Option<Vec<Effect>> {
    let server = server(model);
    let now = model.now;
    let pane = &model.user_actions;
    match cmd {
        Command::Silence => {
            let row = pane.focus()?;
            let target = pane.target(row, &server);
            let state = silence_state(row, now);
            let body = vec![
                BodyLine::new(format!("“{}”", target.title), Tone::Strong),
                line(format!("on {server}")),
                BodyLine::new(format!("currently: {state}"), Tone::Muted),
                line(""),
                line("Days to silence it for, 1 to 365; leave empty to silence it permanently."),
            ];
            model.show(Dialog::prompt(
                "Silence user action",
                body,
                "days",
                "empty = permanent",
                Purpose::UserActions(UaPurpose::Silence(target)),
            ));
            Some(vec![])
        }
        Command::Unsilence => {
            let row = pane.focus()?;
            let target = pane.target(row, &server);
            if !row.is_silenced && !row.silenced_until.is_some() {
                model.set_status(format!("“{}” is not silenced", target.title), Tone::Warning);
                return Some(vec![]);
            }
            Some(results::start(model, UaOp::Unsilence { target }))
        }
        Command::Execute => {
            // From the detail view the live actions may already be here; else fetch them.
            if let Some(Detail { row, full: Loaded::Ready(full), .. }) = &pane.detail {
                let target = pane.target(row, &server);
                let actions = full.corrective_actions.clone();
                dialogs::open_picker(model, target, actions);
                return Some(vec![]);
            }
            let row = pane.focus()?.clone();
            Some(load(model, &row, LoadFor::Pick))
        }
        Command::BulkSilence => {
            if pane.detail.is_some() {
                return Some(vec![]);
            }
            if pane.view.is_empty() {
                model.set_status("nothing to silence: no user action is shown", Tone::Warning);
                return Some(vec![]);
            }
            dialogs::open_bulk(model, &server);
            Some(vec![])
        }
        Command::UpdateActions => Some(results::start(model, UaOp::UpdateActions)),
        _ => None,
    }
}

/// A fetch answered. Results for a query that is no longer current are dropped.
pub fn on_fetched(model: &mut Model, query: ListQuery, at: Timestamp, rows: Vec<UserActionRow>, summary: Summary) {
    if query != model.user_actions.query() {
        return;
    }
    let now = model.now;
    let page = model.table_rows();
    let pane = &mut model.user_actions;
    let before = pane.cursor.selected;
    let resync = pane.load(rows, summary, query, now);
    pane.freshness.succeeded(at);
    pane.cursor.scroll_into_view(page, pane.view.len());
    let expected = std::mem::take(&mut pane.expect_changes);
    if resync == Resync::Moved && before.is_some() && !expected {
        model.set_status(
            "the selected user action is gone (resolved or silenced); cursor moved to the next one",
            Tone::Warning,
        );
    }
}

#[cfg(test)]
mod tests;
