//! Waldur "user actions" as opsy holds them (docs/wire-waldur.md). Decoded
//! straight from the wire with tolerant field decoders; strings cleaned, repeated strings
//! interned, uuids normalised, so 100k rows stay within the memory budget.

use std::fmt;
use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer};
use uuid::Uuid;

use crate::backends::de;

/// How urgent the server says an action is. Ordered by severity (unlike Waldur's text sort).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub(crate) enum Urgency {
    #[default]
    Unknown,
    Low,
    Medium,
    High,
}

impl Urgency {
    pub(crate) fn parse(s: &str) -> Self {
        match s {
            "high" => Self::High,
            "medium" => Self::Medium,
            "low" => Self::Low,
            _ => Self::Unknown,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
            Self::Unknown => "?",
        }
    }
}

impl<'de> Deserialize<'de> for Urgency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de::parsed(d, Self::parse)
    }
}

/// Corrective-action severity: `safe` … `critical` (irreversible).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub(crate) enum Severity {
    #[default]
    Unknown,
    Safe,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub(crate) fn parse(s: &str) -> Self {
        match s {
            "safe" => Self::Safe,
            "low" => Self::Low,
            "medium" => Self::Medium,
            "high" => Self::High,
            "critical" => Self::Critical,
            _ => Self::Unknown,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Safe => "safe",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
            Self::Unknown => "?",
        }
    }

    /// High and critical actions are confirmed even when the server does not ask for it;
    /// an unknown severity is treated as dangerous too.
    pub(crate) fn needs_confirmation(self) -> bool {
        matches!(self, Self::High | Self::Critical | Self::Unknown)
    }
}

impl<'de> Deserialize<'de> for Severity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de::parsed(d, Self::parse)
    }
}

/// One corrective action offered for a user action.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default)]
pub(crate) struct CorrectiveAction {
    /// Raw: sent back verbatim to `execute_action`. Render through `clean_line`.
    #[serde(deserialize_with = "de::raw_interned")]
    pub(crate) label: Arc<str>,
    /// Open set; shown as sent.
    #[serde(deserialize_with = "de::interned")]
    pub(crate) category: Arc<str>,
    pub(crate) severity: Severity,
    #[serde(deserialize_with = "de::interned")]
    pub(crate) method: Arc<str>,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) api_endpoint: bool,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) confirmation_required: bool,
    #[serde(deserialize_with = "de::line_list")]
    pub(crate) permissions_required: Box<[Arc<str>]>,
    #[serde(deserialize_with = "de::json_line")]
    pub(crate) metadata: Box<str>,
    #[serde(deserialize_with = "de::opt_interned")]
    pub(crate) route_name: Option<Arc<str>>,
    #[serde(deserialize_with = "de::json_line")]
    pub(crate) route_params: Box<str>,
    /// Where `route_name` opens in the web UI; filled by the backend, never sent.
    #[serde(skip)]
    pub(crate) web_url: Option<String>,
}

impl Default for CorrectiveAction {
    fn default() -> Self {
        Self {
            label: "".into(),
            category: "".into(),
            severity: Severity::Unknown,
            method: "GET".into(),
            api_endpoint: false,
            confirmation_required: false,
            permissions_required: Box::new([]),
            metadata: "".into(),
            route_name: None,
            route_params: "".into(),
            web_url: None,
        }
    }
}

impl CorrectiveAction {
    /// Contract 3: confirm when the server asks for it or the severity is high or worse.
    pub(crate) fn needs_confirmation(&self) -> bool {
        self.confirmation_required || self.severity.needs_confirmation()
    }

    /// Executing a non-API action only tells the client where to navigate.
    pub(crate) fn is_navigation(&self) -> bool {
        !self.api_endpoint || !matches!(&*self.method, "POST" | "PUT" | "PATCH")
    }
}

/// A user action. Field order follows the wire.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default)]
pub(crate) struct UserAction {
    #[serde(deserialize_with = "de::uuid")]
    pub(crate) uuid: Uuid,
    #[serde(deserialize_with = "de::interned")]
    pub(crate) action_type: Arc<str>,
    #[serde(deserialize_with = "de::line")]
    pub(crate) title: Box<str>,
    #[serde(deserialize_with = "de::text")]
    pub(crate) description: Box<str>,
    pub(crate) urgency: Urgency,
    #[serde(deserialize_with = "de::opt_ts")]
    pub(crate) due_date: Option<Timestamp>,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) is_silenced: bool,
    #[serde(deserialize_with = "de::opt_ts")]
    pub(crate) silenced_until: Option<Timestamp>,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) is_temporarily_silenced: bool,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) is_effectively_silenced: bool,
    #[serde(deserialize_with = "de::opt_ts")]
    pub(crate) created: Option<Timestamp>,
    #[serde(deserialize_with = "de::opt_ts")]
    pub(crate) modified: Option<Timestamp>,
    #[serde(deserialize_with = "de::line")]
    pub(crate) related_object_name: Box<str>,
    #[serde(deserialize_with = "de::interned")]
    pub(crate) related_object_type: Arc<str>,
    #[serde(deserialize_with = "de::list")]
    pub(crate) corrective_actions: Vec<CorrectiveAction>,
    #[serde(deserialize_with = "de::opt_i32")]
    pub(crate) days_until_due: Option<i32>,
    #[serde(deserialize_with = "de::interned")]
    pub(crate) route_name: Arc<str>,
    #[serde(deserialize_with = "de::json_line")]
    pub(crate) route_params: Box<str>,
    #[serde(deserialize_with = "de::interned")]
    pub(crate) project_name: Arc<str>,
    #[serde(deserialize_with = "de::opt_uuid")]
    pub(crate) project_uuid: Option<Uuid>,
    #[serde(deserialize_with = "de::interned")]
    pub(crate) organization_name: Arc<str>,
    #[serde(deserialize_with = "de::opt_uuid")]
    pub(crate) organization_uuid: Option<Uuid>,
    #[serde(deserialize_with = "de::interned")]
    pub(crate) offering_name: Arc<str>,
    #[serde(deserialize_with = "de::opt_uuid")]
    pub(crate) offering_uuid: Option<Uuid>,
    #[serde(deserialize_with = "de::interned")]
    pub(crate) offering_type: Arc<str>,
    #[serde(deserialize_with = "de::line")]
    pub(crate) resource_name: Box<str>,
    #[serde(deserialize_with = "de::opt_uuid")]
    pub(crate) resource_uuid: Option<Uuid>,
    #[serde(deserialize_with = "de::interned")]
    pub(crate) order_type: Arc<str>,
    /// Where `route_name` opens in the web UI; filled by the backend.
    #[serde(skip)]
    pub(crate) web_url: Option<String>,
}

/// A point in time in 8 bytes, to the second: list rows hold three of them, and 100k rows
/// must stay small (`Option<Timestamp>` is 24 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Moment(i64);

impl Moment {
    pub(crate) const NONE: Moment = Moment(i64::MIN);

    pub(crate) fn from_opt(t: Option<Timestamp>) -> Self {
        t.map_or(Self::NONE, |t| Moment(t.as_second()))
    }

    pub(crate) fn get(self) -> Option<Timestamp> {
        if self == Self::NONE { None } else { Timestamp::from_second(self.0).ok() }
    }

    pub(crate) fn is_some(self) -> bool {
        self != Self::NONE
    }
}

/// When a row last changed, to the microsecond as the server stamps it: two changes within
/// one second must stay apart, or a poll would take the second for the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Stamp(i64);

impl Stamp {
    pub(crate) const NONE: Stamp = Stamp(i64::MIN);

    pub(crate) fn from_opt(t: Option<Timestamp>) -> Self {
        t.map_or(Self::NONE, |t| Stamp(t.as_microsecond()))
    }

    /// `NONE` stays `NONE`.
    pub(crate) fn minus_seconds(self, seconds: i64) -> Self {
        if self == Self::NONE {
            self
        } else {
            Stamp(self.0.saturating_sub(seconds.saturating_mul(1_000_000)).max(i64::MIN + 1))
        }
    }
}

impl Default for Stamp {
    fn default() -> Self {
        Self::NONE
    }
}

impl Default for Moment {
    fn default() -> Self {
        Self::NONE
    }
}

/// The strings many rows share (type, project, organisation), interned together so a row
/// holds one pointer for all three.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct RowScope {
    pub(crate) action_type: Arc<str>,
    pub(crate) project_name: Arc<str>,
    pub(crate) organization_name: Arc<str>,
}

/// One user action as the triage list holds it: what the table, the filter, the sort and the
/// silence prompt need, nothing more. Details and corrective actions are fetched live when the
/// operator opens the detail or executes (corrective actions are computed per request and
/// per caller's permissions anyway), which keeps 100k rows far under the memory budget.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "RowWire")]
pub(crate) struct UserActionRow {
    pub(crate) uuid: Uuid,
    /// Shared, not copied: the poller's mirror and the pane hold the same title.
    pub(crate) title: Arc<str>,
    pub(crate) scope: Arc<RowScope>,
    pub(crate) due_date: Moment,
    pub(crate) silenced_until: Moment,
    pub(crate) created: Moment,
    /// Bumped by the server on every change the list shows (silence, unsilence, refresh):
    /// what incremental polling orders by.
    pub(crate) modified: Stamp,
    pub(crate) urgency: Urgency,
    pub(crate) is_silenced: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RowWire {
    #[serde(deserialize_with = "de::uuid")]
    uuid: Uuid,
    #[serde(deserialize_with = "de::interned")]
    action_type: Arc<str>,
    #[serde(deserialize_with = "de::shared_line")]
    title: Arc<str>,
    urgency: Urgency,
    #[serde(deserialize_with = "de::opt_ts")]
    due_date: Option<Timestamp>,
    #[serde(deserialize_with = "de::bool")]
    is_silenced: bool,
    #[serde(deserialize_with = "de::opt_ts")]
    silenced_until: Option<Timestamp>,
    #[serde(deserialize_with = "de::opt_ts")]
    created: Option<Timestamp>,
    #[serde(deserialize_with = "de::opt_ts")]
    modified: Option<Timestamp>,
    #[serde(deserialize_with = "de::interned")]
    project_name: Arc<str>,
    #[serde(deserialize_with = "de::interned")]
    organization_name: Arc<str>,
}

impl From<RowWire> for UserActionRow {
    fn from(w: RowWire) -> Self {
        let scope = RowScope {
            action_type: w.action_type,
            project_name: w.project_name,
            organization_name: w.organization_name,
        };
        Self {
            uuid: w.uuid,
            title: w.title,
            scope: de::intern_scope(scope),
            due_date: Moment::from_opt(w.due_date),
            silenced_until: Moment::from_opt(w.silenced_until),
            created: Moment::from_opt(w.created),
            modified: Stamp::from_opt(w.modified),
            urgency: w.urgency,
            is_silenced: w.is_silenced,
        }
    }
}

impl UserActionRow {
    pub(crate) fn due(&self) -> Option<Timestamp> {
        self.due_date.get()
    }

    pub(crate) fn silenced_until(&self) -> Option<Timestamp> {
        self.silenced_until.get()
    }

    pub(crate) fn created(&self) -> Option<Timestamp> {
        self.created.get()
    }

    /// Calendar days from `now` to the due date, counted as the server counts its
    /// `days_until_due`: the due date's UTC date minus today's (negative: overdue). Counted
    /// here rather than kept from the answer, which is a day wrong once midnight has passed.
    pub(crate) fn days_until_due(&self, now: Timestamp) -> Option<i64> {
        let utc_day = |t: Timestamp| t.as_second().div_euclid(86_400);
        self.due().map(|due| utc_day(due) - utc_day(now))
    }

    /// Whether the server would hide this row by default.
    pub(crate) fn silenced_at(&self, now: Timestamp) -> bool {
        self.is_silenced || self.silenced_until().is_some_and(|until| until > now)
    }

    pub(crate) fn action_type(&self) -> &str {
        &self.scope.action_type
    }

    /// Project, else organisation: where the operator goes to act.
    pub(crate) fn scope_name(&self) -> &str {
        if !self.scope.project_name.is_empty() { &self.scope.project_name } else { &self.scope.organization_name }
    }

    pub(crate) fn organization_name(&self) -> &str {
        &self.scope.organization_name
    }
}

impl From<&UserAction> for UserActionRow {
    fn from(a: &UserAction) -> Self {
        let scope = RowScope {
            action_type: a.action_type.clone(),
            project_name: a.project_name.clone(),
            organization_name: a.organization_name.clone(),
        };
        Self {
            uuid: a.uuid,
            title: Arc::from(&*a.title),
            scope: Arc::new(scope),
            due_date: Moment::from_opt(a.due_date),
            silenced_until: Moment::from_opt(a.silenced_until),
            created: Moment::from_opt(a.created),
            modified: Stamp::from_opt(a.modified),
            urgency: a.urgency,
            is_silenced: a.is_silenced,
        }
    }
}

/// `GET /user-actions/summary/`.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default)]
pub(crate) struct Summary {
    #[serde(deserialize_with = "de::i64")]
    pub(crate) total: i64,
    pub(crate) by_urgency: ByUrgency,
    #[serde(deserialize_with = "by_type")]
    pub(crate) by_type: Vec<(Arc<str>, i64)>,
    #[serde(deserialize_with = "de::i64")]
    pub(crate) overdue: i64,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default)]
pub(crate) struct ByUrgency {
    #[serde(deserialize_with = "de::i64")]
    pub(crate) low: i64,
    #[serde(deserialize_with = "de::i64")]
    pub(crate) medium: i64,
    #[serde(deserialize_with = "de::i64")]
    pub(crate) high: i64,
}

/// `by_type` order is not guaranteed on the wire; keep it sorted for a stable display.
fn by_type<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(Arc<str>, i64)>, D::Error> {
    let raw = match serde_json::Value::deserialize(d)? {
        serde_json::Value::Object(m) => m,
        _ => return Ok(Vec::new()),
    };
    let mut out: Vec<(Arc<str>, i64)> = raw
        .into_iter()
        .map(|(k, v)| (Arc::from(&*crate::domain::text::clean_line(&k)), v.as_i64().unwrap_or(0)))
        .collect();
    out.sort();
    Ok(out)
}

/// `POST …/silence/`. `duration_days: null` means permanent.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default)]
pub(crate) struct SilenceResponse {
    #[serde(deserialize_with = "de::line")]
    pub(crate) status: Box<str>,
    #[serde(deserialize_with = "de::opt_i64")]
    pub(crate) duration_days: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default)]
pub(crate) struct BulkSilenceResponse {
    #[serde(deserialize_with = "de::line")]
    pub(crate) status: Box<str>,
    #[serde(deserialize_with = "de::i64")]
    pub(crate) count: i64,
    #[serde(deserialize_with = "de::opt_i64")]
    pub(crate) duration_days: Option<i64>,
}

/// `POST …/execute_action/` success body; optional keys are omitted, not null.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default)]
pub(crate) struct ExecuteResponse {
    #[serde(deserialize_with = "de::line")]
    pub(crate) action: Box<str>,
    #[serde(deserialize_with = "de::text")]
    pub(crate) message: Box<str>,
    #[serde(deserialize_with = "de::line")]
    pub(crate) redirect_url: Box<str>,
    #[serde(deserialize_with = "de::json_line")]
    pub(crate) metadata: Box<str>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default)]
pub(crate) struct UpdateActionsResponse {
    #[serde(deserialize_with = "de::line")]
    pub(crate) status: Box<str>,
    #[serde(deserialize_with = "de::line")]
    pub(crate) message: Box<str>,
    #[serde(deserialize_with = "de::opt_interned")]
    pub(crate) provider_action_type: Option<Arc<str>>,
}

/// `GET /user-action-executions/`. There is no link back to the user action.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default)]
pub(crate) struct Execution {
    #[serde(deserialize_with = "de::i64")]
    pub(crate) id: i64,
    #[serde(deserialize_with = "de::line")]
    pub(crate) corrective_action_label: Box<str>,
    #[serde(deserialize_with = "de::opt_ts")]
    pub(crate) executed_at: Option<Timestamp>,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) success: bool,
    #[serde(deserialize_with = "de::text")]
    pub(crate) error_message: Box<str>,
    /// Python repr of a dict, not JSON: opaque text.
    #[serde(deserialize_with = "de::line")]
    pub(crate) execution_metadata: Box<str>,
}

/// The list filters the server understands that opsy sends. Client-side text filtering
/// is separate: it never reaches the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct ListQuery {
    pub(crate) include_silenced: bool,
    pub(crate) urgency: Option<Urgency>,
    pub(crate) action_type: Option<Arc<str>>,
    pub(crate) overdue: Option<bool>,
    /// How the rows come ordered. Never sent: the poller orders its view off the key path.
    pub(crate) order: Order,
}

/// The orders of the User Actions pane (`o`). Severity is the triage order and the default;
/// the others order by one key per row, ties kept in severity order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum Order {
    #[default]
    Severity,
    /// Soonest due first; no due date last.
    Due,
    /// Newest first.
    Created,
    Project,
    Type,
}

impl Order {
    pub(crate) fn next(self) -> Self {
        match self {
            Order::Severity => Order::Due,
            Order::Due => Order::Created,
            Order::Created => Order::Project,
            Order::Project => Order::Type,
            Order::Type => Order::Severity,
        }
    }

    pub(crate) fn describe(self) -> &'static str {
        match self {
            Order::Severity => "by severity",
            Order::Due => "by due date",
            Order::Created => "newest first",
            Order::Project => "by project",
            Order::Type => "by type",
        }
    }

    /// One key per row of `rows` (same index), for every order but severity. Project and
    /// type rank each distinct scope once: rows share their scope, so 100k rows sort on
    /// integers, not strings.
    pub(crate) fn keys(self, rows: &[Arc<UserActionRow>]) -> Option<Vec<u64>> {
        Some(match self {
            Order::Severity => return None,
            Order::Due | Order::Created => rows.iter().map(|r| self.time_key(r)).collect(),
            Order::Project => scope_ranks(rows, project_name),
            Order::Type => scope_ranks(rows, |s| &s.action_type),
        })
    }

    /// The key of the orders by a time: signed seconds as unsigned keys that sort the same
    /// way, no time last.
    fn time_key(self, r: &UserActionRow) -> u64 {
        let time = |t: Timestamp| (t.as_second() as u64) ^ (1 << 63);
        match self {
            Order::Due => r.due().map_or(u64::MAX, time),
            Order::Created => r.created().map_or(u64::MAX, |t| !time(t)),
            Order::Severity | Order::Project | Order::Type => 0,
        }
    }

    /// Put `rows`, in severity order, in this order (stable: ties keep severity order).
    pub(crate) fn apply(self, rows: &mut Vec<Arc<UserActionRow>>) {
        let Some(keys) = self.keys(rows) else { return };
        let mut at: Vec<(u64, u32)> =
            keys.into_iter().enumerate().map(|(i, k)| (k, u32::try_from(i).unwrap_or(u32::MAX))).collect();
        at.sort_unstable();
        let mut old: Vec<Option<Arc<UserActionRow>>> = std::mem::take(rows).into_iter().map(Some).collect();
        *rows = at.into_iter().filter_map(|(_, i)| old.get_mut(i as usize).and_then(Option::take)).collect();
    }

    /// Where `a` goes against `b` in this order: the order `apply` gives, as a comparison
    /// (the poller places changed rows into an ordered view with it; a test checks the two
    /// agree).
    pub(crate) fn compare(self, a: &UserActionRow, b: &UserActionRow) -> std::cmp::Ordering {
        let by_key = match self {
            Order::Severity => std::cmp::Ordering::Equal,
            Order::Due | Order::Created => self.time_key(a).cmp(&self.time_key(b)),
            Order::Project => compare_names(project_name(&a.scope), project_name(&b.scope)),
            Order::Type => compare_names(&a.scope.action_type, &b.scope.action_type),
        };
        by_key.then_with(|| triage_order(a, b))
    }
}

/// What the project order sorts a row by: its project, or its organisation when it has none.
fn project_name(s: &RowScope) -> &Arc<str> {
    if s.project_name.is_empty() { &s.organization_name } else { &s.project_name }
}

/// A name as the orders compare it first: lowercased, letter by letter.
fn folded(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars().flat_map(char::to_lowercase)
}

/// Names case-insensitively, then as written (the order of `scope_ranks`).
fn compare_names(a: &str, b: &str) -> std::cmp::Ordering {
    folded(a).cmp(folded(b)).then_with(|| a.cmp(b))
}

/// Each row's scope's place in the order of `name` (case-insensitive, then as written).
fn scope_ranks(rows: &[Arc<UserActionRow>], name: impl Fn(&RowScope) -> &Arc<str>) -> Vec<u64> {
    let id = |r: &UserActionRow| Arc::as_ptr(&r.scope) as usize;
    let mut scopes: std::collections::HashMap<usize, &RowScope> = std::collections::HashMap::new();
    for r in rows {
        scopes.entry(id(r)).or_insert(&r.scope);
    }
    let mut named: Vec<(String, &str, usize)> =
        scopes.into_iter().map(|(k, s)| (folded(name(s)).collect(), &**name(s), k)).collect();
    named.sort_unstable();
    let mut ranks = std::collections::HashMap::with_capacity(named.len());
    let (mut rank, mut last) = (0u64, None::<&str>);
    for (_, exact, k) in &named {
        if last.is_some_and(|l| l != *exact) {
            rank += 1;
        }
        last = Some(exact);
        ranks.insert(*k, rank);
    }
    rows.iter().map(|r| ranks.get(&id(r)).copied().unwrap_or(u64::MAX)).collect()
}

impl ListQuery {
    /// Query pairs in the exact spelling the server parses: `include_silenced` only as
    /// lowercase `true`, booleans lowercase.
    pub(crate) fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.include_silenced {
            out.push(("include_silenced", "true".to_string()));
        }
        if let Some(u) = self.urgency.filter(|u| *u != Urgency::Unknown) {
            out.push(("urgency", u.as_str().to_string()));
        }
        if let Some(t) = &self.action_type {
            out.push(("action_type", t.to_string()));
        }
        if let Some(o) = self.overdue {
            out.push(("overdue", o.to_string()));
        }
        out
    }
}

impl ListQuery {
    /// Whether the query narrows the list beyond the silence switch.
    pub(crate) fn has_server_filters(&self) -> bool {
        self.urgency.is_some() || self.action_type.is_some() || self.overdue.is_some()
    }

    /// Whether the server would list `row` for this query at `now` (the filters of
    /// docs/wire-waldur.md, applied to the poller's mirror).
    pub(crate) fn admits(&self, row: &UserActionRow, now: Timestamp) -> bool {
        (self.include_silenced || !row.silenced_at(now))
            && self.urgency.is_none_or(|u| u == Urgency::Unknown || u == row.urgency)
            && self.action_type.as_ref().is_none_or(|t| **t == *row.scope.action_type)
            && self.overdue.is_none_or(|o| o == row.due().is_some_and(|d| d < now))
    }
}

impl fmt::Display for ListQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pairs = self.pairs();
        if pairs.is_empty() {
            return f.write_str("all visible");
        }
        let parts: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        f.write_str(&parts.join(" "))
    }
}

/// Severity order for the User Actions pane: high, medium, low; then due date (soonest first,
/// none last); then newest created first; uuid last so the order is total and stable.
pub(crate) fn triage_order(a: &UserActionRow, b: &UserActionRow) -> std::cmp::Ordering {
    triage_key(a).cmp(&triage_key(b))
}

/// [`triage_order`] as a key: sorting 100k rows by keys gathered once reads each row once,
/// where comparing rows reads two scattered rows per comparison.
pub(crate) fn triage_key(r: &UserActionRow) -> (std::cmp::Reverse<Urgency>, i64, std::cmp::Reverse<Moment>, Uuid) {
    // No due date sorts after every due date (no real one reaches `i64::MAX` seconds).
    let due = if r.due_date.is_some() { r.due_date.0 } else { i64::MAX };
    (std::cmp::Reverse(r.urgency), due, std::cmp::Reverse(r.created), r.uuid)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example row of Waldur's own documentation.
    const SPEC_EXAMPLE_ROW: &str = r#"{"uuid":"5f0c7d1e2a3b4c5d8e9f00112233aabb","action_type":"pending_order",
  "title":"Approve pending order: HPC allocation","description":"Order has been pending approval for 2 days.",
  "urgency":"high","due_date":"2025-06-06T09:14:02.511203+00:00","is_silenced":false,
  "silenced_until":null,"is_temporarily_silenced":false,"is_effectively_silenced":false,
  "created":"2025-06-01T06:00:03.120044+00:00","modified":"2025-06-01T12:00:02.004511+00:00",
  "related_object_name":"type: Create, offering: HPC allocation, created_by: Alice",
  "related_object_type":"Order",
  "corrective_actions":[
   {"label":"View Order Details","category":"view","severity":"safe","method":"GET","api_endpoint":false,
    "confirmation_required":false,"permissions_required":[],"metadata":{},
    "route_name":"marketplace-orders.details","route_params":{"order_uuid":"9a8b7c6d5e4f40318a2b3c4d5e6f7081"}},
   {"label":"Approve Order","category":"approve","severity":"low","method":"POST","api_endpoint":true,
    "confirmation_required":true,"permissions_required":["ORDER.APPROVE"],
    "metadata":{"order_type":1,"offering_type":"Marketplace.Slurm","estimated_cost":"12.5000000"},
    "route_name":null,"route_params":{}}],
  "days_until_due":4,"route_name":"marketplace-orders.details",
  "route_params":{"order_uuid":"9a8b7c6d5e4f40318a2b3c4d5e6f7081"},
  "project_name":"Genomics","project_uuid":"11112222-3333-4444-8555-666677778888",
  "organization_name":"Uni Lab","organization_uuid":"aaaabbbb-cccc-4ddd-8eee-ffff00001111",
  "offering_name":"HPC allocation","offering_uuid":"12345678-9abc-4def-8123-456789abcdef",
  "offering_type":"Marketplace.Slurm","resource_name":"genomics-alloc",
  "resource_uuid":"0fedcba9-8765-4432-8109-876543210fed","order_type":"Create"}"#;

    #[test]
    fn decodes_the_spec_example() {
        let rows: Vec<UserAction> = serde_json::from_str(&format!("[{SPEC_EXAMPLE_ROW}]")).expect("decodes");
        let r = &rows[0];
        assert_eq!(r.uuid.simple().to_string(), "5f0c7d1e2a3b4c5d8e9f00112233aabb");
        assert_eq!(r.urgency, Urgency::High);
        assert_eq!(r.corrective_actions.len(), 2);
        let approve = &r.corrective_actions[1];
        assert_eq!(&*approve.label, "Approve Order");
        assert!(approve.needs_confirmation() && !approve.is_navigation());
        assert!(r.corrective_actions[0].is_navigation());
        assert!(!r.corrective_actions[0].needs_confirmation());
        assert_eq!(&*r.corrective_actions[0].route_params, r#"{"order_uuid":"9a8b7c6d5e4f40318a2b3c4d5e6f7081"}"#);
        assert_eq!(
            &*approve.metadata,
            r#"{"estimated_cost":"12.5000000","offering_type":"Marketplace.Slurm","order_type":1}"#
        );
        assert!(r.project_uuid.is_some());
    }

    #[test]
    fn list_rows_keep_what_the_table_needs_and_share_their_scope() {
        let rows: Vec<UserActionRow> = crate::backends::de::interning(|| {
            serde_json::from_str(&format!("[{SPEC_EXAMPLE_ROW},{SPEC_EXAMPLE_ROW}]"))
        })
        .expect("decodes");
        let r = &rows[0];
        assert_eq!(r.uuid.simple().to_string(), "5f0c7d1e2a3b4c5d8e9f00112233aabb");
        assert_eq!(&*r.title, "Approve pending order: HPC allocation");
        assert_eq!((r.action_type(), r.scope_name(), r.organization_name()), ("pending_order", "Genomics", "Uni Lab"));
        assert_eq!(r.due(), Some("2025-06-06T09:14:02Z".parse().expect("ts")), "to the second");
        assert!(Arc::ptr_eq(&rows[0].scope, &rows[1].scope), "scope interned");
        assert_eq!(
            r.modified,
            Stamp::from_opt(Some("2025-06-01T12:00:02.004511Z".parse().expect("ts"))),
            "what polling orders by, to the microsecond"
        );
        assert!(std::mem::size_of::<UserActionRow>() <= 80, "{}", std::mem::size_of::<UserActionRow>());
        assert_eq!(Moment::from_opt(None).get(), None);
    }

    #[test]
    fn a_minimal_row_with_nulls_decodes() {
        let rows: Vec<UserAction> = serde_json::from_str(
            r#"[{"uuid":"5f0c7d1e-2a3b-4c5d-8e9f-00112233aabb","urgency":"urgentissimo","due_date":null,
                 "corrective_actions":null,"project_uuid":null,"route_params":null,"new_field":{"x":1}}]"#,
        )
        .expect("decodes");
        assert_eq!(rows[0].urgency, Urgency::Unknown);
        assert!(rows[0].corrective_actions.is_empty());
        assert!(rows[0].due_date.is_none());
    }

    #[test]
    fn severity_gates_confirmation() {
        for (s, want) in
            [("safe", false), ("low", false), ("medium", false), ("high", true), ("critical", true), ("odd", true)]
        {
            assert_eq!(Severity::parse(s).needs_confirmation(), want, "{s}");
        }
    }

    #[test]
    fn triage_order_is_severity_then_due_then_newest() {
        let mk = |u: Urgency, due: Option<&str>, created: &str, id: u128| {
            let full = UserAction {
                uuid: Uuid::from_u128(id),
                urgency: u,
                due_date: due.map(|d| d.parse().expect("ts")),
                created: Some(created.parse().expect("ts")),
                ..Default::default()
            };
            UserActionRow::from(&full)
        };
        let mut rows = [
            mk(Urgency::Medium, Some("2025-01-01T00:00:00Z"), "2024-01-01T00:00:00Z", 1),
            mk(Urgency::Low, Some("2024-01-01T00:00:00Z"), "2024-01-01T00:00:00Z", 2),
            mk(Urgency::High, None, "2024-01-01T00:00:00Z", 3),
            mk(Urgency::High, Some("2025-02-01T00:00:00Z"), "2024-01-01T00:00:00Z", 4),
            mk(Urgency::High, Some("2025-02-01T00:00:00Z"), "2024-06-01T00:00:00Z", 5),
        ];
        rows.sort_by(triage_order);
        let ids: Vec<u128> = rows.iter().map(|r| r.uuid.as_u128()).collect();
        assert_eq!(ids, vec![5, 4, 3, 1, 2]);
    }

    #[test]
    fn include_silenced_is_sent_as_literal_lowercase_true() {
        let q = ListQuery { include_silenced: true, ..Default::default() };
        assert_eq!(q.pairs(), vec![("include_silenced", "true".to_string())]);
        assert!(ListQuery::default().pairs().is_empty());
    }
}
