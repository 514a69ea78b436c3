//! `sdk.AuditAction` (spec 5.4).

use std::fmt;
use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer};

use super::raw::*;
use crate::backends::de;
use crate::domain::text::clean_line;

/// What an audit row records. There are no delete audits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum AuditEvent {
    ActionAdd,
    ActionUpdate,
    /// Unknown to this client, cleaned; empty when absent.
    Other(Box<str>),
    #[default]
    Unknown,
}

impl AuditEvent {
    pub(crate) fn parse(s: &str) -> Self {
        match s {
            "ActionAdd" => Self::ActionAdd,
            "ActionUpdate" => Self::ActionUpdate,
            "" => Self::Unknown,
            other => Self::Other(clean_line(other).into()),
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        match self {
            Self::ActionAdd => "ActionAdd",
            Self::ActionUpdate => "ActionUpdate",
            Self::Other(s) => s,
            Self::Unknown => "?",
        }
    }
}

impl fmt::Display for AuditEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AuditEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s: Box<str> = de::line(d)?;
        Ok(Self::parse(&s))
    }
}

/// How `data_before`/`data_after` are encoded. The same row reads differently depending on
/// where it came from: the `/audit` endpoint converts it to the export YAML, while
/// `first_audit`/`last_audit` embedded in an action carry the stored JSON of the whole Action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum AuditDataType {
    Yaml,
    Json,
    #[default]
    Unknown,
}

impl<'de> Deserialize<'de> for AuditDataType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s: Box<str> = de::line(d)?;
        Ok(match &*s {
            "yaml" => Self::Yaml,
            "json" => Self::Json,
            _ => Self::Unknown,
        })
    }
}

/// `sdk.AuditAction`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AuditAction {
    /// The id that `/audit/{id}/rollback` takes.
    #[serde(deserialize_with = "de::i64")]
    pub(crate) id: i64,
    /// Username.
    #[serde(deserialize_with = "de::interned")]
    pub(crate) triggered_by: Arc<str>,
    #[serde(deserialize_with = "de::opt_ts")]
    pub(crate) created: Option<Timestamp>,
    pub(crate) event_type: AuditEvent,
    #[serde(deserialize_with = "de::i64")]
    pub(crate) action_id: i64,
    pub(crate) data_type: AuditDataType,
    /// The action before the change, raw (see [`AuditDataType`]); empty for `ActionAdd`.
    /// Kept uncleaned so a diff is computed on what was stored: clean each line at render
    /// time with `text::clean_text`.
    #[serde(deserialize_with = "raw_string")]
    pub(crate) data_before: String,
    /// The action after the change, raw like `data_before`.
    #[serde(deserialize_with = "raw_string")]
    pub(crate) data_after: String,
}

impl AuditAction {
    /// Only `ActionUpdate` rows have a state to go back to: rolling back an `ActionAdd` (empty
    /// `data_before`) fails with 500 id 1.
    pub(crate) fn can_roll_back(&self) -> bool {
        self.event_type == AuditEvent::ActionUpdate && !self.data_before.is_empty()
    }
}
