//! Admin API v1 events (`POST /admin/v1/events/_search`) as opsy holds them. Reading them
//! needs `events.read`, which only instance-level roles hold (docs/wire-zitadel.md).
//!
//! The payload is kept as the server sent it: its meaning depends on the event type, and the
//! strings in it may be sent back in a revert, so [`super::history`] reads it field by field.

use jiff::Timestamp;
use serde::Deserialize;

use super::wire::{Localized, WireStr, obj, u64_any, wire_line};
use crate::backends::de;

/// Event types of the action aggregate that opsy understands.
pub(crate) const ACTION_ADDED: &str = "action.added";
pub(crate) const ACTION_CHANGED: &str = "action.changed";
pub(crate) const ACTION_DEACTIVATED: &str = "action.deactivated";
pub(crate) const ACTION_REACTIVATED: &str = "action.reactivated";
pub(crate) const ACTION_REMOVED: &str = "action.removed";

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Editor {
    #[serde(deserialize_with = "de::line", alias = "user_id")]
    pub(crate) user_id: Box<str>,
    #[serde(deserialize_with = "de::line", alias = "display_name")]
    pub(crate) display_name: Box<str>,
    /// The API the change came through, e.g. `Management-API`.
    #[serde(deserialize_with = "de::line")]
    pub(crate) service: Box<str>,
}

impl Editor {
    /// Who to name on screen: the display name, else the user id.
    pub(crate) fn shown(&self) -> &str {
        if self.display_name.is_empty() { &self.user_id } else { &self.display_name }
    }
}

/// An aggregate or event type: the machine name (`action`, `action.changed`) and its label.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub(crate) struct TypeName {
    #[serde(rename = "type", deserialize_with = "de::line")]
    pub(crate) name: Box<str>,
    #[serde(deserialize_with = "obj")]
    pub(crate) localized: Localized,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Aggregate {
    #[serde(deserialize_with = "wire_line")]
    pub(crate) id: WireStr,
    #[serde(rename = "type", deserialize_with = "obj")]
    pub(crate) aggregate_type: TypeName,
    #[serde(deserialize_with = "de::line", alias = "resource_owner")]
    pub(crate) resource_owner: Box<str>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Event {
    #[serde(deserialize_with = "obj")]
    pub(crate) editor: Editor,
    #[serde(deserialize_with = "obj")]
    pub(crate) aggregate: Aggregate,
    /// Counts up per aggregate; the paging cursor (`sequence` in the request means "after").
    #[serde(deserialize_with = "u64_any")]
    pub(crate) sequence: u64,
    #[serde(deserialize_with = "de::opt_ts", alias = "creation_date")]
    pub(crate) creation_date: Option<Timestamp>,
    /// Raw, uncleaned: read through [`super::history`]. Empty when the event has none
    /// (`action.deactivated`, `action.reactivated`).
    #[serde(deserialize_with = "payload")]
    pub(crate) payload: serde_json::Map<String, serde_json::Value>,
    #[serde(rename = "type", deserialize_with = "obj")]
    pub(crate) event_type: TypeName,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ListEventsResponse {
    #[serde(deserialize_with = "de::list")]
    pub(crate) events: Vec<Event>,
}

fn payload<'de, D: serde::Deserializer<'de>>(d: D) -> Result<serde_json::Map<String, serde_json::Value>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Object(m) => m,
        _ => serde_json::Map::new(),
    })
}
