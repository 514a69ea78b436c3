//! Pane 4: triage Waldur user actions. Sorted by severity here (the server sorts urgency as
//! text), filtered client-side, and every mutation goes Idle → Prompt → Confirm → InFlight →
//! Done/Failed with its target captured when the dialog opened.

use std::time::Duration;

use jiff::Timestamp;
use uuid::Uuid;

use crate::app::dialog::{BodyLine, Dialog, Outcome, PickItem, Tone, line};
use crate::app::effect::{Call, Effect};
use crate::app::filter::{Filter, FilterBox, FilterChange, contains_ci};
use crate::app::freshness::Freshness;
use crate::app::keymap::Command;
use crate::app::list::{Cursor, Resync, navigate};
use crate::app::model::{Model, PaneOp};
use crate::app::msg::{Feed, OpId, Reply};
use crate::app::purpose::Purpose;
use crate::domain::error::ApiError;
use crate::domain::text::clean_line;
use crate::domain::waldur::{CorrectiveAction, ListQuery, Summary, UserAction, triage_order};

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

/// A User Actions mutation in flight, with what its result message needs.
#[derive(Debug, Clone, PartialEq)]
pub enum UaOp {
    Silence { target: UaTarget, days: Option<u16> },
    Unsilence { target: UaTarget },
    Execute { target: UaTarget, action: CorrectiveAction },
    Bulk { plan: BulkPlan, days: Option<u16> },
    UpdateActions,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlightKey {
    Silence(Uuid),
    Unsilence(Uuid),
    Execute(Uuid),
    Bulk,
    UpdateActions,
}

impl UaOp {
    pub fn flight_key(&self) -> FlightKey {
        match self {
            UaOp::Silence { target, .. } => FlightKey::Silence(target.uuid),
            UaOp::Unsilence { target } => FlightKey::Unsilence(target.uuid),
            UaOp::Execute { target, .. } => FlightKey::Execute(target.uuid),
            UaOp::Bulk { .. } => FlightKey::Bulk,
            UaOp::UpdateActions => FlightKey::UpdateActions,
        }
    }

    pub fn target_uuid(&self) -> Option<Uuid> {
        match self {
            UaOp::Silence { target, .. } | UaOp::Unsilence { target } | UaOp::Execute { target, .. } => {
                Some(target.uuid)
            }
            _ => None,
        }
    }
}

/// The detail view of one action. Keeps its own copy so that the operator still sees what
/// they opened if a poll removes it.
#[derive(Debug, Clone)]
pub struct Detail {
    pub row: UserAction,
    pub gone: bool,
    pub scroll: usize,
}

#[derive(Debug, Clone, Default)]
pub struct UserActionsPane {
    /// All rows of the last successful fetch, in triage order.
    pub rows: Vec<UserAction>,
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

    pub fn selected(&self) -> Option<&UserAction> {
        let row = self.rows.get(*self.view.get(self.cursor.index)? as usize)?;
        (Some(row.uuid) == self.cursor.selected).then_some(row)
    }

    pub fn row(&self, view_index: usize) -> Option<&UserAction> {
        self.rows.get(*self.view.get(view_index)? as usize)
    }

    fn key_at(&self) -> impl Fn(usize) -> Uuid + '_ {
        |i| self.rows[self.view[i] as usize].uuid
    }

    /// Take a new fetch: sort by severity, refilter, keep the cursor on the same item.
    pub fn load(&mut self, mut rows: Vec<UserAction>, summary: Summary, query: ListQuery, now: Timestamp) -> Resync {
        rows.sort_unstable_by(triage_order);
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
        let rows = &self.rows;
        let keep = |i: &u32| matches(&rows[*i as usize], f, now);
        self.view = if narrowing {
            self.view.iter().copied().filter(keep).collect()
        } else if f.is_empty() {
            (0..rows.len() as u32).collect()
        } else {
            (0..rows.len() as u32).filter(keep).collect()
        };
        let (len, key_at) = (self.view.len(), self.key_at());
        let mut cursor = self.cursor.clone();
        let r = cursor.resync(len, key_at);
        self.cursor = cursor;
        r
    }

    /// Apply a filter change (from the `/` line or `:filter`).
    pub fn filter_changed(&mut self, change: FilterChange, now: Timestamp) {
        if let FilterChange::Changed { narrowing } = change {
            self.refilter(now, narrowing);
        }
    }

    fn target(&self, row: &UserAction, server: &str) -> UaTarget {
        UaTarget { uuid: row.uuid, title: row.title.to_string(), server: server.to_string() }
    }

    /// The row the keys act on: the detail view's item, else the cursor's.
    fn focus(&self) -> Option<&UserAction> {
        match &self.detail {
            Some(d) => Some(&d.row),
            None => self.selected(),
        }
    }
}

/// Client-side filter with the server's facet semantics.
pub fn matches(r: &UserAction, f: &Filter, now: Timestamp) -> bool {
    if f.urgency.is_some_and(|u| u != r.urgency) {
        return false;
    }
    if f.action_type.as_deref().is_some_and(|t| t != &*r.action_type) {
        return false;
    }
    if let Some(want) = f.overdue {
        let overdue = r.due_date.is_some_and(|d| d < now);
        if overdue != want {
            return false;
        }
    }
    f.words.iter().all(|w| {
        contains_ci(&r.title, w)
            || contains_ci(&r.action_type, w)
            || contains_ci(&r.project_name, w)
            || contains_ci(&r.organization_name, w)
    })
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
        match cmd {
            Command::Down => d.scroll += 1,
            Command::Up => d.scroll = d.scroll.saturating_sub(1),
            Command::Top => d.scroll = 0,
            Command::HalfPageDown => d.scroll += page / 2,
            Command::HalfPageUp => d.scroll = d.scroll.saturating_sub(page / 2),
            Command::Back => pane.detail = None,
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
        Command::Open => match pane.selected() {
            Some(row) => pane.detail = Some(Detail { row: row.clone(), gone: false, scroll: 0 }),
            None => return Some(vec![]),
        },
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
            if !row.is_silenced && row.silenced_until.is_none() {
                model.set_status(format!("“{}” is not silenced", target.title), Tone::Warning);
                return Some(vec![]);
            }
            Some(start(model, UaOp::Unsilence { target }))
        }
        Command::Execute => {
            let row = pane.focus()?;
            let target = pane.target(row, &server);
            if row.corrective_actions.is_empty() {
                model.set_status(format!("no corrective actions for “{}”", target.title), Tone::Warning);
                return Some(vec![]);
            }
            let actions = row.corrective_actions.clone();
            let items = actions.iter().map(pick_item).collect();
            let body = vec![BodyLine::new(format!("“{}”", target.title), Tone::Strong), line(format!("on {server}"))];
            model.show(Dialog::picker(
                "Execute a corrective action",
                body,
                items,
                Purpose::UserActions(UaPurpose::PickAction { target, actions }),
            ));
            Some(vec![])
        }
        Command::BulkSilence => {
            if pane.detail.is_some() {
                return Some(vec![]);
            }
            if pane.view.is_empty() {
                model.set_status("nothing to silence: no user action is shown", Tone::Warning);
                return Some(vec![]);
            }
            let plan = bulk_plan(pane, &server);
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
                Purpose::UserActions(UaPurpose::BulkDays(plan)),
            ));
            Some(vec![])
        }
        Command::UpdateActions => Some(start(model, UaOp::UpdateActions)),
        _ => None,
    }
}

fn bulk_plan(pane: &UserActionsPane, server: &str) -> BulkPlan {
    let applied = &pane.filter.filter;
    let filter =
        if applied.is_empty() { "no filter".to_string() } else { format!("filter “{}”", applied.raw.trim()) };
    let filter = format!("{filter}, silenced {}", if pane.include_silenced { "included" } else { "hidden" });
    let scope = if applied.is_server_expressible() {
        BulkScope::Server(applied.server_query(pane.include_silenced))
    } else {
        BulkScope::Rows(pane.view.iter().map(|i| pane.rows[*i as usize].uuid).collect())
    };
    BulkPlan { scope, count: pane.view.len(), filter, server: server.to_string() }
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

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "permanently silenced", "silenced until 2025-06-08 12:00", "silence ended …", "active".
pub fn silence_state(r: &UserAction, now: Timestamp) -> String {
    if r.is_silenced {
        return "permanently silenced".into();
    }
    match r.silenced_until {
        Some(until) if until > now => format!("silenced until {}", until.strftime("%Y-%m-%d %H:%M UTC")),
        Some(until) => format!("active (silence ended {})", until.strftime("%Y-%m-%d %H:%M UTC")),
        None => "active".into(),
    }
}

/// Validate the days prompt before anything is sent: empty = permanent, else 1..=365.
pub fn parse_days(text: &str) -> Result<Option<u16>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u32>() {
        Ok(n @ 1..=365) => Ok(Some(n as u16)),
        _ => Err(format!("“{t}” is not a number of days from 1 to 365 (leave empty to silence permanently)")),
    }
}

fn days_text(days: Option<u16>) -> String {
    match days {
        None => "permanently".into(),
        Some(1) => "for 1 day".into(),
        Some(n) => format!("for {n} days"),
    }
}

/// A dialog of this pane was answered.
pub fn on_dialog(model: &mut Model, purpose: UaPurpose, outcome: Outcome) -> Vec<Effect> {
    match (purpose, outcome) {
        (_, Outcome::Cancelled | Outcome::Closed) => {
            model.close_dialog();
            vec![]
        }
        (UaPurpose::Silence(target), Outcome::Text(text)) => match parse_days(&text) {
            Ok(days) => {
                model.close_dialog();
                start(model, UaOp::Silence { target, days })
            }
            Err(e) => {
                if let Some(d) = &mut model.dialog {
                    d.set_error(e);
                }
                vec![]
            }
        },
        (UaPurpose::PickAction { target, actions }, Outcome::Picked(i)) => {
            let Some(action) = actions.get(i).cloned() else { return vec![] };
            if action.needs_confirmation() {
                model.dialog = Some(execute_confirm(target, action));
                vec![]
            } else {
                model.close_dialog();
                start(model, UaOp::Execute { target, action })
            }
        }
        (UaPurpose::Execute { target, action }, Outcome::Confirmed) => {
            model.close_dialog();
            start(model, UaOp::Execute { target, action })
        }
        (UaPurpose::BulkDays(plan), Outcome::Text(text)) => match parse_days(&text) {
            Ok(days) => {
                model.dialog = Some(bulk_confirm(plan, days));
                vec![]
            }
            Err(e) => {
                if let Some(d) = &mut model.dialog {
                    d.set_error(e);
                }
                vec![]
            }
        },
        (UaPurpose::BulkConfirm { plan, days }, Outcome::Confirmed) => {
            model.close_dialog();
            start(model, UaOp::Bulk { plan, days })
        }
        _ => vec![],
    }
}

fn execute_confirm(target: UaTarget, action: CorrectiveAction) -> Dialog {
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
        Purpose::UserActions(UaPurpose::Execute { target, action }),
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
        Purpose::UserActions(UaPurpose::BulkConfirm { plan, days }),
    )
}

fn op_label(op: &UaOp) -> String {
    match op {
        UaOp::Silence { target, days } => format!("silencing “{}” {}", target.title, days_text(*days)),
        UaOp::Unsilence { target } => format!("unsilencing “{}”", target.title),
        UaOp::Execute { target, action } => {
            format!("executing “{}” on “{}”", clean_line(&action.label), target.title)
        }
        UaOp::Bulk { plan, days } => format!("silencing {} user actions {}", plan.count, days_text(*days)),
        UaOp::UpdateActions => "asking the server to re-evaluate user actions".into(),
    }
}

fn start(model: &mut Model, op: UaOp) -> Vec<Effect> {
    let call = match &op {
        UaOp::Silence { target, days } => Call::WaldurSilence { uuid: target.uuid, days: *days },
        UaOp::Unsilence { target } => Call::WaldurUnsilence { uuid: target.uuid },
        UaOp::Execute { target, action } => Call::WaldurExecute { uuid: target.uuid, label: action.label.to_string() },
        UaOp::Bulk { plan, days } => match &plan.scope {
            BulkScope::Server(query) => Call::WaldurBulkSilence { query: query.clone(), days: *days },
            BulkScope::Rows(uuids) => Call::WaldurSilenceEach { uuids: uuids.clone(), days: *days },
        },
        UaOp::UpdateActions => Call::WaldurUpdateActions,
    };
    let label = op_label(&op);
    match model.begin_op(PaneOp::UserActions(op), label) {
        Some(id) => vec![Effect::Call { op: id, call }],
        None => vec![],
    }
}

/// A mutation finished: say what happened (the server's words on failure), refresh.
pub fn on_done(model: &mut Model, _id: OpId, op: UaOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    let refresh = vec![Effect::Refresh(model.user_actions.feed())];
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
        (UaOp::Silence { target, .. }, Done::Silenced(r)) => {
            let how = match r.duration_days {
                Some(d) => format!("for {d} day{}", plural(d as usize)),
                None => "permanently".into(),
            };
            model.set_status(format!("silenced “{}” {how}", target.title), Tone::Success);
        }
        (UaOp::Unsilence { target }, Done::Unsilenced) => {
            model.set_status(format!("unsilenced “{}”", target.title), Tone::Success);
        }
        (UaOp::Execute { target, action }, Done::Executed(r)) => executed(model, &target, &action, &r),
        (UaOp::Bulk { plan, .. }, Done::Bulk { count, failed }) => bulk_done(model, &plan, count, failed),
        (UaOp::UpdateActions, Done::Scheduled(message)) => {
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
    Silenced(crate::domain::waldur::SilenceResponse),
    Unsilenced,
    Executed(crate::domain::waldur::ExecuteResponse),
    Bulk { count: usize, failed: Vec<(Uuid, ApiError)> },
    Scheduled(String),
}

fn reply_kind(r: Reply) -> Option<Done> {
    Some(match r {
        Reply::Silenced(s) => Done::Silenced(s),
        Reply::Unsilenced => Done::Unsilenced,
        Reply::Executed(e) => Done::Executed(e),
        Reply::BulkSilenced(b) => Done::Bulk { count: b.count.max(0) as usize, failed: vec![] },
        Reply::SilencedEach { ok, failed } => Done::Bulk { count: ok, failed },
        Reply::UpdateScheduled(u) => Done::Scheduled(u.message.to_string()),
        _ => return None,
    })
}

fn failed(model: &mut Model, op: &UaOp, e: &ApiError) {
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
    target: &UaTarget,
    action: &CorrectiveAction,
    r: &crate::domain::waldur::ExecuteResponse,
) {
    let label = clean_line(&action.label).into_owned();
    let mut body = vec![BodyLine::new(format!("“{label}” on “{}”", target.title), Tone::Strong), line("")];
    let mut copy = None;
    if &*r.action == "navigate" {
        body.push(line("This action is done in the Waldur web UI. Go to:"));
        let route = action.route_name.as_deref().unwrap_or("");
        let params = if action.route_params.is_empty() { "" } else { &action.route_params };
        body.push(BodyLine::new(format!("  {route} {params}").trim_end().to_string(), Tone::Strong));
        if !r.redirect_url.is_empty() {
            body.push(BodyLine::new(format!("  {}", r.redirect_url), Tone::Strong));
            copy = Some(r.redirect_url.to_string());
        } else if !route.is_empty() {
            copy = Some(format!("{route} {params}").trim_end().to_string());
        }
    } else {
        let msg = if r.message.is_empty() { "The server reports it completed." } else { &r.message };
        for l in msg.lines() {
            body.push(line(l));
        }
        if !r.redirect_url.is_empty() {
            body.push(line(format!("More at {}", r.redirect_url)));
            copy = Some(r.redirect_url.to_string());
        }
    }
    if !r.metadata.is_empty() {
        body.push(BodyLine::new(format!("metadata {}", r.metadata), Tone::Muted));
    }
    model.set_status(format!("executed “{label}” on “{}”", target.title), Tone::Success);
    model.show(Dialog::notice(format!("Executed: {label}"), body, Tone::Success, copy));
}

fn bulk_done(model: &mut Model, plan: &BulkPlan, count: usize, failed: Vec<(Uuid, ApiError)>) {
    let mut text = format!("silenced {count} user action{}", plural(count));
    if failed.is_empty() && count == plan.count {
        model.set_status(text, Tone::Success);
        return;
    }
    let mut body = vec![BodyLine::new(text.clone(), Tone::Strong)];
    if count != plan.count && failed.is_empty() {
        body.push(BodyLine::new(
            format!("You confirmed {}; the server's set had changed by the time it ran.", plan.count),
            Tone::Warning,
        ));
    }
    if !failed.is_empty() {
        text.push_str(&format!(", {} failed", failed.len()));
        body.push(BodyLine::new(format!("{} failed:", failed.len()), Tone::Danger));
        for (uuid, e) in failed.iter().take(10) {
            body.push(line(format!("  {}: {e}", uuid.simple())));
        }
        if failed.len() > 10 {
            body.push(line(format!("  … and {} more", failed.len() - 10)));
        }
    }
    model.set_status(text, Tone::Warning);
    model.show(Dialog::notice("Bulk silence", body, Tone::Warning, None));
}

/// Keys while the filter line is being typed.
pub fn on_filter_key(model: &mut Model, key: &crossterm::event::KeyEvent) {
    let now = model.now;
    let page = model.table_rows();
    let pane = &mut model.user_actions;
    let change = pane.filter.on_key(key);
    pane.filter_changed(change, now);
    pane.cursor.scroll_into_view(page, pane.view.len());
    if let Some(bad) = pane.filter.filter.unknown.first() {
        let text = format!("filter: “{bad}” not understood (urgency:high|medium|low, type:…, overdue, !overdue)");
        model.set_status(text, Tone::Warning);
    }
}

/// A fetch answered. Results for a query that is no longer current are dropped.
pub fn on_fetched(model: &mut Model, query: ListQuery, at: Timestamp, rows: Vec<UserAction>, summary: Summary) {
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

/// Relative due date: "in 3d", "2d overdue", "today", "—".
pub fn due_text(r: &UserAction, now: Timestamp) -> String {
    let Some(due) = r.due_date else { return "—".into() };
    let secs = due.duration_since(now).as_secs();
    let days = secs.abs() / 86_400;
    let hours = secs.abs() / 3_600;
    match (secs >= 0, days, hours) {
        (true, 0, 0) => "due now".into(),
        (true, 0, h) => format!("in {h}h"),
        (true, d, _) => format!("in {d}d"),
        (false, 0, 0) => "<1h overdue".into(),
        (false, 0, h) => format!("{h}h overdue"),
        (false, d, _) => format!("{d}d overdue"),
    }
}

pub fn is_overdue(r: &UserAction, now: Timestamp) -> bool {
    r.due_date.is_some_and(|d| d < now)
}

/// Short silence marker for the table.
pub fn silence_marker(r: &UserAction, now: Timestamp) -> String {
    if r.is_silenced {
        return "perm".into();
    }
    match r.silenced_until {
        Some(until) if until > now => {
            let left = Duration::from_secs(until.duration_since(now).as_secs().max(0) as u64);
            crate::app::freshness::short_age(left)
        }
        _ => String::new(),
    }
}

#[cfg(test)]
#[path = "user_actions_tests.rs"]
mod tests;
