//! ZITADEL Management API v1 actions and flows as opsy holds them, decoded from protojson
//! (docs/wire-zitadel.md): 64-bit integers arrive as strings, enums by name, durations as
//! `"1.5s"`, and every zero value is left out, so each field has a default and an absent
//! key is never an error. Keys are lowerCamelCase; the proto's snake_case names, which
//! protojson also accepts, are read too.
//!
//! Ids, names and scripts are [`WireStr`]: opsy sends them back (in paths, and in a PUT that
//! reverts a change), so the raw bytes are kept next to the cleaned text the screen shows.

use std::time::Duration;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer};

use super::duration;
pub(crate) use crate::backends::cds::wire::WireStr;
use crate::backends::de;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum ActionState {
    #[default]
    Unspecified,
    Inactive,
    Active,
}

impl ActionState {
    fn from_wire(v: &str) -> Self {
        match v.trim() {
            "ACTION_STATE_ACTIVE" | "2" => Self::Active,
            "ACTION_STATE_INACTIVE" | "1" => Self::Inactive,
            _ => Self::Unspecified,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum FlowState {
    #[default]
    Unspecified,
    Inactive,
    Active,
}

impl FlowState {
    fn from_wire(v: &str) -> Self {
        match v.trim() {
            "FLOW_STATE_ACTIVE" | "2" => Self::Active,
            "FLOW_STATE_INACTIVE" | "1" => Self::Inactive,
            _ => Self::Unspecified,
        }
    }
}

/// `zitadel.v1.ObjectDetails`. On a read, `sequence` is the last event the projection
/// applied; on a mutation's answer only `sequence`, `resourceOwner` and a `creationDate`
/// that is really the time of the new event are filled.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Details {
    #[serde(deserialize_with = "u64_any")]
    pub(crate) sequence: u64,
    #[serde(deserialize_with = "de::opt_ts", alias = "creation_date")]
    pub(crate) creation_date: Option<Timestamp>,
    #[serde(deserialize_with = "de::opt_ts", alias = "change_date")]
    pub(crate) change_date: Option<Timestamp>,
    #[serde(deserialize_with = "de::line", alias = "resource_owner")]
    pub(crate) resource_owner: Box<str>,
}

/// `zitadel.v1.ListDetails`. `total_result` is 0 both when the list is empty and when the
/// server left it out.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct ListDetails {
    #[serde(deserialize_with = "u64_any", alias = "total_result")]
    pub(crate) total_result: u64,
    #[serde(deserialize_with = "u64_any", alias = "processed_sequence")]
    pub(crate) processed_sequence: u64,
    #[serde(deserialize_with = "de::opt_ts", alias = "view_timestamp")]
    pub(crate) view_timestamp: Option<Timestamp>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Action {
    #[serde(deserialize_with = "wire_line")]
    pub(crate) id: WireStr,
    #[serde(deserialize_with = "obj")]
    pub(crate) details: Details,
    #[serde(deserialize_with = "action_state")]
    pub(crate) state: ActionState,
    #[serde(deserialize_with = "wire_line")]
    pub(crate) name: WireStr,
    /// Byte-exact for a PUT; `script.shown()` keeps line breaks and drops escapes.
    #[serde(deserialize_with = "wire_text")]
    pub(crate) script: WireStr,
    /// Absent (zero) or unreadable both mean no timeout was set.
    #[serde(deserialize_with = "timeout")]
    pub(crate) timeout: Duration,
    #[serde(deserialize_with = "de::bool", alias = "allowed_to_fail")]
    pub(crate) allowed_to_fail: bool,
}

/// `POST /management/v1/actions/_search`. An empty page has no `result` key at all.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ListActionsResponse {
    #[serde(deserialize_with = "obj")]
    pub(crate) details: ListDetails,
    #[serde(deserialize_with = "de::list")]
    pub(crate) result: Vec<Action>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct GetActionResponse {
    #[serde(deserialize_with = "opt_obj")]
    pub(crate) action: Option<Action>,
}

/// The answer to a deactivate, reactivate or update: only the details of the new event.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct MutationResponse {
    #[serde(deserialize_with = "obj")]
    pub(crate) details: Details,
}

/// `zitadel.v1.LocalizedMessage`: a stable key and the text in the caller's language.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Localized {
    #[serde(deserialize_with = "de::line")]
    pub(crate) key: Box<str>,
    #[serde(deserialize_with = "de::line", alias = "localized_message")]
    pub(crate) localized_message: Box<str>,
}

impl Localized {
    /// The translated text, else the key.
    pub(crate) fn shown(&self) -> &str {
        if self.localized_message.is_empty() { &self.key } else { &self.localized_message }
    }
}

/// A flow type or trigger type: a numeric id held as a string, and its name.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub(crate) struct TypeRef {
    #[serde(deserialize_with = "de::line")]
    pub(crate) id: Box<str>,
    #[serde(deserialize_with = "obj")]
    pub(crate) name: Localized,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct TriggerAction {
    #[serde(deserialize_with = "obj", alias = "trigger_type")]
    pub(crate) trigger_type: TypeRef,
    /// In execution order.
    #[serde(deserialize_with = "de::list")]
    pub(crate) actions: Vec<Action>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Flow {
    #[serde(rename = "type", deserialize_with = "obj")]
    pub(crate) flow_type: TypeRef,
    #[serde(deserialize_with = "obj")]
    pub(crate) details: Details,
    #[serde(deserialize_with = "flow_state")]
    pub(crate) state: FlowState,
    /// Only triggers with at least one action are listed.
    #[serde(deserialize_with = "de::list", alias = "trigger_actions")]
    pub(crate) trigger_actions: Vec<TriggerAction>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct GetFlowResponse {
    #[serde(deserialize_with = "opt_obj")]
    pub(crate) flow: Option<Flow>,
}

/// A uint64 as protojson writes it (a string) or as a lenient server might (a number).
pub(crate) fn u64_any<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n.as_u64().unwrap_or_default(),
        serde_json::Value::String(s) => s.trim().parse().unwrap_or_default(),
        _ => 0,
    })
}

pub(crate) fn wire_line<'de, D: Deserializer<'de>>(d: D) -> Result<WireStr, D::Error> {
    Ok(WireStr::new(de::raw_interned(d)?))
}

pub(crate) fn wire_text<'de, D: Deserializer<'de>>(d: D) -> Result<WireStr, D::Error> {
    Ok(WireStr::text(de::raw_interned(d)?))
}

fn action_state<'de, D: Deserializer<'de>>(d: D) -> Result<ActionState, D::Error> {
    de::line(d).map(|s| ActionState::from_wire(&s))
}

fn flow_state<'de, D: Deserializer<'de>>(d: D) -> Result<FlowState, D::Error> {
    de::line(d).map(|s| FlowState::from_wire(&s))
}

fn timeout<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    de::line(d).map(|s| duration::parse(&s).unwrap_or_default())
}

/// A nested message that may be absent, `null` or of the wrong shape: its default then.
pub(crate) fn obj<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned + Default,
{
    Ok(opt_obj(d)?.unwrap_or_default())
}

pub(crate) fn opt_obj<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    Ok(match serde_json::Value::deserialize(d)? {
        v @ serde_json::Value::Object(_) => serde_json::from_value(v).ok(),
        _ => None,
    })
}
