//! The Admin API's ListEvents over the demo's event log: instance-wide, newest first unless
//! `asc`, `sequence` as a cursor (events after it), at most 1000 a page, and an empty
//! answer is `{}` (the empty repeated field is left out).

use serde_json::{Map, Value};

use super::errors::GrpcError;
use super::protojson::{bool_of, field, parse_body, str_of, strings_of, u32_of, u64_of};
use super::state::ZitadelState;
use super::wire;

const MAX_LIMIT: u32 = 1000;

pub fn search(s: &ZitadelState, raw: &[u8]) -> Result<Value, GrpcError> {
    let body = parse_body(raw)?;
    let aggregate_types = strings_of(field(&body, "aggregateTypes", "aggregate_types"))?;
    let aggregate_id = str_of(field(&body, "aggregateId", "aggregate_id"))?;
    let event_types = strings_of(field(&body, "eventTypes", "event_types"))?;
    let editor = str_of(field(&body, "editorUserId", "editor_user_id"))?;
    let owner = str_of(field(&body, "resourceOwner", "resource_owner"))?;
    let after = u64_of(field(&body, "sequence", "sequence"))?;
    let asc = bool_of(field(&body, "asc", "asc"))?;
    let limit = match u32_of(field(&body, "limit", "limit"))? {
        0 => MAX_LIMIT,
        l => l.min(MAX_LIMIT),
    };
    let keep = |e: &&super::model::ZitadelEvent| {
        (aggregate_types.is_empty() || aggregate_types.contains(&e.aggregate_type))
            && (aggregate_id.is_empty() || e.aggregate_id == aggregate_id)
            && (event_types.is_empty() || event_types.contains(&e.event_type))
            && (editor.is_empty() || e.editor.user_id == editor)
            && (owner.is_empty() || e.resource_owner == owner)
            && e.sequence > after
    };
    let picked: Vec<Value> = if asc {
        s.events.iter().filter(keep).take(limit as usize).map(wire::event).collect()
    } else {
        s.events.iter().rev().filter(keep).take(limit as usize).map(wire::event).collect()
    };
    let mut answer = Map::new();
    if !picked.is_empty() {
        answer.insert("events".into(), Value::Array(picked));
    }
    Ok(Value::Object(answer))
}
