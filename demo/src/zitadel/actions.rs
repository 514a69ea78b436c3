//! ListActions, GetAction, UpdateAction, DeactivateAction and ReactivateAction.

use std::cmp::Ordering;
use std::time::Duration;

use serde_json::{Map, Value, json};

use super::errors::GrpcError;
use super::model::{ActionState, Editor, ZitadelAction};
use super::protojson::{bool_of, enum_of, field, parse_body, parse_duration, str_of, u32_of, u64_of};
use super::state::{ActionFields, ZitadelState};
use super::wire;

/// What the server uses when the query names no limit.
pub const DEFAULT_LIMIT: u32 = 100;
pub const MAX_LIMIT: u32 = 1000;
const MAX_TIMEOUT: Duration = Duration::from_secs(20);
const MAX_SCRIPT: usize = 40_000;

const SORT_COLUMNS: [&str; 4] =
    ["ACTION_FIELD_NAME_UNSPECIFIED", "ACTION_FIELD_NAME_NAME", "ACTION_FIELD_NAME_ID", "ACTION_FIELD_NAME_STATE"];
const STATES: [&str; 3] = ["ACTION_STATE_UNSPECIFIED", "ACTION_STATE_INACTIVE", "ACTION_STATE_ACTIVE"];
const TEXT_METHODS: [&str; 8] = [
    "TEXT_QUERY_METHOD_EQUALS",
    "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE",
    "TEXT_QUERY_METHOD_STARTS_WITH",
    "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE",
    "TEXT_QUERY_METHOD_CONTAINS",
    "TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE",
    "TEXT_QUERY_METHOD_ENDS_WITH",
    "TEXT_QUERY_METHOD_ENDS_WITH_IGNORE_CASE",
];

enum Filter {
    Id(String),
    Name(String, usize),
    State(ActionState),
}

impl Filter {
    fn keeps(&self, a: &ZitadelAction) -> bool {
        match self {
            Self::Id(id) => a.id == *id,
            Self::State(st) => a.state == *st,
            Self::Name(name, method) => {
                let ignore_case = method % 2 == 1;
                let (have, want) = if ignore_case {
                    (a.name.to_lowercase(), name.to_lowercase())
                } else {
                    (a.name.clone(), name.clone())
                };
                match method / 2 {
                    0 => have == want,
                    1 => have.starts_with(&want),
                    2 => have.contains(&want),
                    _ => have.ends_with(&want),
                }
            }
        }
    }
}

fn filters(body: &Map<String, Value>) -> Result<Vec<Filter>, GrpcError> {
    let Some(queries) = field(body, "queries", "queries") else { return Ok(Vec::new()) };
    let Some(queries) = queries.as_array() else {
        return Err(GrpcError::invalid_argument("proto: invalid value for repeated ActionQuery"));
    };
    let mut out = Vec::new();
    for q in queries {
        let Some(q) = q.as_object() else { continue };
        if let Some(Value::Object(id)) = field(q, "actionIdQuery", "action_id_query") {
            out.push(Filter::Id(str_of(field(id, "id", "id"))?.to_string()));
        } else if let Some(Value::Object(n)) = field(q, "actionNameQuery", "action_name_query") {
            let method = enum_of(field(n, "method", "method"), &TEXT_METHODS)?;
            out.push(Filter::Name(str_of(field(n, "name", "name"))?.to_string(), method));
        } else if let Some(Value::Object(st)) = field(q, "actionStateQuery", "action_state_query") {
            match enum_of(field(st, "state", "state"), &STATES)? {
                1 => out.push(Filter::State(ActionState::Inactive)),
                2 => out.push(Filter::State(ActionState::Active)),
                _ => {
                    return Err(GrpcError::invalid_argument(
                        "invalid ActionStateQuery.State: value must be one of the defined enum values",
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// Offset paging over the organisation's actions. Sorted only when a column is named, and
/// then descending unless `asc` is true.
pub fn list(s: &ZitadelState, org: &str, raw: &[u8]) -> Result<Value, GrpcError> {
    let body = parse_body(raw)?;
    let empty = Map::new();
    let query = match field(&body, "query", "query") {
        Some(Value::Object(q)) => q,
        Some(_) => return Err(GrpcError::invalid_argument("proto: invalid value for ListQuery")),
        None => &empty,
    };
    let offset = u64_of(field(query, "offset", "offset"))?;
    let limit = match u32_of(field(query, "limit", "limit"))? {
        0 => DEFAULT_LIMIT,
        l if l > MAX_LIMIT => return Err(GrpcError::limit_exceeded()),
        l => l,
    };
    let asc = bool_of(field(query, "asc", "asc"))?;
    let column = enum_of(field(&body, "sortingColumn", "sorting_column"), &SORT_COLUMNS)?;
    let filters = filters(&body)?;

    let mut rows: Vec<&ZitadelAction> =
        s.actions.iter().filter(|a| a.org == org && filters.iter().all(|f| f.keeps(a))).collect();
    if column != 0 {
        rows.sort_by(|a, b| {
            let by: Ordering = match column {
                1 => a.name.cmp(&b.name),
                2 => Ordering::Equal,
                _ => (a.state == ActionState::Active).cmp(&(b.state == ActionState::Active)),
            };
            let by = by.then_with(|| a.id.cmp(&b.id));
            if asc { by } else { by.reverse() }
        });
    }
    let total = rows.len() as u64;
    let page: Vec<Value> = rows
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(limit as usize)
        .map(wire::action)
        .collect();
    Ok(wire::list(wire::list_details(total, s.events.len() as u64, s.now()), page))
}

pub fn get(s: &ZitadelState, org: &str, id: &str) -> Result<Value, GrpcError> {
    let a = s.actions.iter().find(|a| a.id == id && a.org == org).ok_or_else(GrpcError::action_not_found_query)?;
    Ok(json!({ "action": wire::action(a) }))
}

/// A full replace: an absent timeout is zero, an absent `allowedToFail` is false.
pub fn update(s: &mut ZitadelState, org: &str, id: &str, raw: &[u8], editor: &Editor) -> Result<Value, GrpcError> {
    let body = parse_body(raw)?;
    let name = str_of(field(&body, "name", "name"))?;
    let script = str_of(field(&body, "script", "script"))?;
    let timeout = match field(&body, "timeout", "timeout") {
        None => Duration::ZERO,
        Some(Value::String(t)) => parse_duration(t).ok_or_else(|| {
            GrpcError::invalid_argument(format!("proto: invalid google.protobuf.Duration value {t:?}"))
        })?,
        Some(v) => {
            return Err(GrpcError::invalid_argument(format!("proto: invalid google.protobuf.Duration value {v}")));
        }
    };
    let allowed_to_fail = bool_of(field(&body, "allowedToFail", "allowed_to_fail"))?;
    let runes = name.chars().count();
    if !(1..=200).contains(&runes) {
        return Err(GrpcError::invalid_argument(
            "invalid UpdateActionRequest.Name: value length must be between 1 and 200 runes, inclusive",
        ));
    }
    if script.is_empty() || script.len() > MAX_SCRIPT {
        return Err(GrpcError::invalid_argument(format!(
            "invalid UpdateActionRequest.Script: value length must be between 1 and {MAX_SCRIPT} bytes, inclusive"
        )));
    }
    if timeout > MAX_TIMEOUT {
        return Err(GrpcError::invalid_argument(
            "invalid UpdateActionRequest.Timeout: value must be inside range [0s, 20s]",
        ));
    }
    let fields = ActionFields { name: name.into(), script: script.into(), timeout, allowed_to_fail };
    let at = s.now();
    let (seq, at) = s.change(org, id, fields, editor, at)?;
    Ok(wire::mutation(seq, at, org))
}

pub fn set_state(
    s: &mut ZitadelState,
    org: &str,
    id: &str,
    to: ActionState,
    editor: &Editor,
) -> Result<Value, GrpcError> {
    let at = s.now();
    let (seq, at) = s.set_state(org, id, to, editor, at)?;
    Ok(wire::mutation(seq, at, org))
}
