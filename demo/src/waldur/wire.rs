//! The JSON the real server writes, shape for shape: keys in serializer order, datetimes as
//! orjson prints them, `uuid` in hex and the other uuid columns hyphenated. These structs are
//! the demo's own on purpose: the client's domain types must not define what the server says.

use std::fmt;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use uuid::Uuid;
use uuid::fmt::{Hyphenated, Simple};

use super::corrective::Corrective;
use super::model::{ExecutionRow, ProviderRow, RouteParams, Urgency, UserActionRow};
use crate::clock::utc_day;

/// RFC 3339 in UTC with `+00:00`, microseconds only when non-zero (orjson's rendering of an
/// aware datetime).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WireTime(pub Timestamp);

impl fmt::Display for WireTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dt = TimeZone::UTC.to_datetime(self.0);
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            dt.year(),
            dt.month(),
            dt.day(),
            dt.hour(),
            dt.minute(),
            dt.second()
        )?;
        let micros = self.0.subsec_microsecond();
        if micros != 0 {
            write!(f, ".{micros:06}")?;
        }
        f.write_str("+00:00")
    }
}

impl Serialize for WireTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn time(ts: Option<Timestamp>) -> Option<WireTime> {
    ts.map(WireTime)
}

fn hyphenated(u: Option<Uuid>) -> Option<Hyphenated> {
    u.map(|u| u.hyphenated())
}

/// Pairs serialised as a JSON object in the given order.
pub struct OrderedMap<'a, V: Serialize>(pub &'a [(&'a str, V)]);

impl<V: Serialize> Serialize for OrderedMap<'_, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl Serialize for RouteParams {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Empty => s.serialize_map(Some(0))?.end(),
            Self::Uuid { key, value } => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry(key, &value.simple())?;
                map.end()
            }
            Self::Pairs(pairs) => {
                let mut map = s.serialize_map(Some(pairs.len()))?;
                for (k, v) in pairs {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// All 28 keys in serializer order.
#[derive(Serialize)]
pub struct UserAction<'a> {
    uuid: Simple,
    action_type: &'a str,
    title: &'a str,
    description: &'a str,
    urgency: &'static str,
    due_date: Option<WireTime>,
    is_silenced: bool,
    silenced_until: Option<WireTime>,
    is_temporarily_silenced: bool,
    is_effectively_silenced: bool,
    created: WireTime,
    modified: WireTime,
    related_object_name: &'a str,
    related_object_type: &'a str,
    corrective_actions: Vec<Corrective<'a>>,
    days_until_due: Option<i64>,
    route_name: &'a str,
    route_params: &'a RouteParams,
    project_name: &'a str,
    project_uuid: Option<Hyphenated>,
    organization_name: &'a str,
    organization_uuid: Option<Hyphenated>,
    offering_name: &'a str,
    offering_uuid: Option<Hyphenated>,
    offering_type: &'a str,
    resource_name: &'a str,
    resource_uuid: Option<Hyphenated>,
    order_type: &'a str,
}

impl<'a> UserAction<'a> {
    /// `days_until_due` and the silence booleans depend on `now`, as on the real server.
    pub fn new(row: &'a UserActionRow, now: Timestamp) -> Self {
        Self {
            uuid: row.uuid.simple(),
            action_type: &row.action_type,
            title: &row.title,
            description: &row.description,
            urgency: row.urgency.as_str(),
            due_date: time(row.due_date),
            is_silenced: row.is_silenced,
            silenced_until: time(row.silenced_until),
            is_temporarily_silenced: row.is_temporarily_silenced(now),
            is_effectively_silenced: row.is_effectively_silenced(now),
            created: WireTime(row.created),
            modified: WireTime(row.modified),
            related_object_name: &row.related_object_name,
            related_object_type: &row.related_object_type,
            corrective_actions: super::corrective::for_row(row),
            days_until_due: row.due_date.map(|due| utc_day(due) - utc_day(now)),
            route_name: &row.route_name,
            route_params: &row.route_params,
            project_name: &row.project_name,
            project_uuid: hyphenated(row.project_uuid),
            organization_name: &row.organization_name,
            organization_uuid: hyphenated(row.organization_uuid),
            offering_name: &row.offering_name,
            offering_uuid: hyphenated(row.offering_uuid),
            offering_type: &row.offering_type,
            resource_name: &row.resource_name,
            resource_uuid: hyphenated(row.resource_uuid),
            order_type: &row.order_type,
        }
    }
}

/// The summary: `by_urgency` always low, medium, high; `by_type` only the types present.
#[derive(Serialize)]
pub struct Summary<'a> {
    pub total: usize,
    pub by_urgency: OrderedMap<'a, usize>,
    pub by_type: OrderedMap<'a, usize>,
    pub overdue: usize,
}

pub fn urgency_counts(counts: [usize; 3]) -> [(&'static str, usize); 3] {
    [(Urgency::Low.as_str(), counts[0]), (Urgency::Medium.as_str(), counts[1]), (Urgency::High.as_str(), counts[2])]
}

#[derive(Serialize)]
pub struct Execution<'a> {
    id: i64,
    corrective_action_label: &'a str,
    executed_at: WireTime,
    success: bool,
    error_message: &'a str,
    execution_metadata: &'a str,
}

impl<'a> From<&'a ExecutionRow> for Execution<'a> {
    fn from(e: &'a ExecutionRow) -> Self {
        Self {
            id: e.id,
            corrective_action_label: &e.corrective_action_label,
            executed_at: WireTime(e.executed_at),
            success: e.success,
            error_message: &e.error_message,
            execution_metadata: &e.execution_metadata,
        }
    }
}

#[derive(Serialize)]
pub struct Provider<'a> {
    id: i64,
    app_name: &'a str,
    provider_class: &'a str,
    action_type: &'a str,
    is_enabled: bool,
    schedule: &'a str,
    last_execution: Option<WireTime>,
    last_execution_status: &'a str,
}

impl<'a> From<&'a ProviderRow> for Provider<'a> {
    fn from(p: &'a ProviderRow) -> Self {
        Self {
            id: p.id,
            app_name: &p.app_name,
            provider_class: &p.provider_class,
            action_type: &p.action_type,
            is_enabled: p.is_enabled,
            schedule: &p.schedule,
            last_execution: time(p.last_execution),
            last_execution_status: &p.last_execution_status,
        }
    }
}

#[derive(Serialize)]
pub struct SilenceResponse {
    pub status: &'static str,
    pub duration_days: Option<i64>,
}

#[derive(Serialize)]
pub struct BulkSilenceResponse {
    pub status: &'static str,
    pub count: usize,
    pub duration_days: Option<i64>,
}

#[derive(Serialize)]
pub struct Status {
    pub status: &'static str,
}

#[derive(Serialize)]
pub struct UpdateActionsResponse {
    pub status: &'static str,
    pub message: &'static str,
    pub provider_action_type: Option<String>,
}

/// The execute_action answer: optional keys are left out, never `null`.
#[derive(Serialize)]
pub struct ExecuteResponse {
    pub action: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<OrderUuidMetadata>,
}

#[derive(Serialize)]
pub struct OrderUuidMetadata {
    pub order_uuid: Simple,
}

#[derive(Serialize)]
pub struct ExecuteError<'a> {
    pub error: &'a str,
}

#[derive(Serialize)]
pub struct Detail<'a> {
    pub detail: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::waldur::model::UserActionRow;

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    #[test]
    fn datetimes_use_plus_zero_and_microseconds_only_when_set() {
        assert_eq!(WireTime(ts("2025-06-01T12:00:00Z")).to_string(), "2025-06-01T12:00:00+00:00");
        assert_eq!(WireTime(ts("2025-06-01T12:00:00.123456Z")).to_string(), "2025-06-01T12:00:00.123456+00:00");
        assert_eq!(WireTime(ts("2025-06-01T12:00:00.000001Z")).to_string(), "2025-06-01T12:00:00.000001+00:00");
    }

    #[test]
    fn a_bare_row_has_every_key_in_serializer_order() {
        let mut row = UserActionRow::new(
            Uuid::from_u128(0x5f0c7d1e2a3b4c5d8e9f00112233aabb),
            "pending_order",
            "t",
            ts("2025-06-01T06:00:00Z"),
        );
        row.project_uuid = Some(Uuid::from_u128(0x11112222333344448555666677778888));
        row.due_date = Some(ts("2025-06-03T23:00:00Z"));
        let json = serde_json::to_string(&UserAction::new(&row, ts("2025-06-01T23:30:00Z"))).expect("json");
        assert_eq!(
            json,
            concat!(
                r#"{"uuid":"5f0c7d1e2a3b4c5d8e9f00112233aabb","action_type":"pending_order","title":"t","description":"","#,
                r#""urgency":"low","due_date":"2025-06-03T23:00:00+00:00","is_silenced":false,"silenced_until":null,"#,
                r#""is_temporarily_silenced":false,"is_effectively_silenced":false,"created":"2025-06-01T06:00:00+00:00","#,
                r#""modified":"2025-06-01T06:00:00+00:00","related_object_name":"None","related_object_type":"","#,
                r#""corrective_actions":[],"days_until_due":2,"route_name":"","route_params":{},"project_name":"","#,
                r#""project_uuid":"11112222-3333-4444-8555-666677778888","organization_name":"","organization_uuid":null,"#,
                r#""offering_name":"","offering_uuid":null,"offering_type":"","resource_name":"","resource_uuid":null,"#,
                r#""order_type":""}"#
            )
        );
    }

    #[test]
    fn days_until_due_counts_calendar_days_not_hours() {
        let mut row = UserActionRow::new(Uuid::from_u128(1), "x", "t", ts("2025-06-01T00:00:00Z"));
        row.due_date = Some(ts("2025-06-02T00:00:01Z"));
        let at = |now: &str| UserAction::new(&row, ts(now)).days_until_due;
        assert_eq!(at("2025-06-01T23:59:59Z"), Some(1));
        assert_eq!(at("2025-06-02T23:59:59Z"), Some(0));
        assert_eq!(at("2025-06-05T00:00:00Z"), Some(-3));
    }
}
