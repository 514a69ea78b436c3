//! The demo's answers in protojson (see `protojson`): zero values are left out, so an
//! inactive-free flow has no `triggerActions`, an empty page no `result` and no
//! `totalResult`, an action that may not fail no `allowedToFail`.

use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::model::{ActionState, ZitadelAction, ZitadelEvent};
use super::protojson::{duration, timestamp};

/// Insert `v` unless it is the zero value of its kind.
fn put(m: &mut Map<String, Value>, key: &str, v: Value) {
    let zero = match &v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Number(n) => n.as_f64() == Some(0.0),
    };
    if !zero {
        m.insert(key.to_string(), v);
    }
}

/// A uint64: a string, and absent when 0.
fn put_u64(m: &mut Map<String, Value>, key: &str, n: u64) {
    if n != 0 {
        m.insert(key.to_string(), Value::String(n.to_string()));
    }
}

pub fn details(sequence: u64, created: Option<Timestamp>, changed: Option<Timestamp>, owner: &str) -> Value {
    let mut m = Map::new();
    put_u64(&mut m, "sequence", sequence);
    put(&mut m, "creationDate", created.map(|t| Value::String(timestamp(t))).unwrap_or(Value::Null));
    put(&mut m, "changeDate", changed.map(|t| Value::String(timestamp(t))).unwrap_or(Value::Null));
    put(&mut m, "resourceOwner", Value::String(owner.to_string()));
    Value::Object(m)
}

pub fn state_name(s: ActionState) -> &'static str {
    match s {
        ActionState::Active => "ACTION_STATE_ACTIVE",
        ActionState::Inactive => "ACTION_STATE_INACTIVE",
    }
}

pub fn action(a: &ZitadelAction) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", Value::String(a.id.clone()));
    put(&mut m, "details", details(a.sequence, Some(a.created), Some(a.changed), &a.org));
    put(&mut m, "state", Value::String(state_name(a.state).to_string()));
    put(&mut m, "name", Value::String(a.name.clone()));
    put(&mut m, "script", Value::String(a.script.clone()));
    if !a.timeout.is_zero() {
        put(&mut m, "timeout", Value::String(duration(a.timeout)));
    }
    put(&mut m, "allowedToFail", Value::Bool(a.allowed_to_fail));
    Value::Object(m)
}

/// A mutation's answer: only the new event's sequence, its time (as `creationDate`) and the
/// owner. Not the new state.
pub fn mutation(sequence: u64, at: Timestamp, owner: &str) -> Value {
    json!({ "details": details(sequence, Some(at), None, owner) })
}

pub fn list_details(total: u64, processed: u64, view: Timestamp) -> Value {
    let mut m = Map::new();
    put_u64(&mut m, "totalResult", total);
    put_u64(&mut m, "processedSequence", processed);
    put(&mut m, "viewTimestamp", Value::String(timestamp(view)));
    Value::Object(m)
}

pub fn localized(key: &str, message: &str) -> Value {
    json!({ "key": key, "localizedMessage": message })
}

pub fn type_ref(id: u8, key: &str, message: &str) -> Value {
    json!({ "id": id.to_string(), "name": localized(key, message) })
}

/// A list answer: `details`, and `result` only when there is something in it.
pub fn list(details: Value, result: Vec<Value>) -> Value {
    let mut m = Map::new();
    m.insert("details".into(), details);
    put(&mut m, "result", Value::Array(result));
    Value::Object(m)
}

pub fn event(e: &ZitadelEvent) -> Value {
    let mut m = Map::new();
    m.insert(
        "editor".into(),
        json!({
            "userId": e.editor.user_id,
            "displayName": e.editor.display_name,
            "service": e.editor.service,
        }),
    );
    m.insert(
        "aggregate".into(),
        json!({
            "id": e.aggregate_id,
            "type": {
                "type": e.aggregate_type,
                "localized": localized(&format!("AggregateType.{}", e.aggregate_type), &capitalised(&e.aggregate_type)),
            },
            "resourceOwner": e.resource_owner,
        }),
    );
    put_u64(&mut m, "sequence", e.sequence);
    put(&mut m, "creationDate", Value::String(timestamp(e.at)));
    if let Some(p) = &e.payload {
        put(&mut m, "payload", p.clone());
    }
    m.insert(
        "type".into(),
        json!({
            "type": e.event_type,
            "localized": localized(&format!("EventTypes.{}", e.event_type), &event_label(&e.event_type)),
        }),
    );
    Value::Object(m)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `action.changed` → `Action changed`, as the console labels it.
fn event_label(event_type: &str) -> String {
    capitalised(&event_type.replace('.', " "))
}
