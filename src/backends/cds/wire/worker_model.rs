//! Worker models usable by a group (spec 5.10).

use std::sync::Arc;

use jiff::Timestamp;
use serde::Deserialize;

use super::raw::*;
use super::*;
use crate::backends::de;

/// A worker model from `GET /group/{id}/worker/model` (§5.10): the fields an operator looks at
/// when picking a `model` requirement or wondering why workers do not spawn.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct WorkerModel {
    #[serde(deserialize_with = "de::i64")]
    pub id: i64,
    /// Byte-exact: a `model` requirement's value is `group/name` or `name`.
    pub name: WireStr,
    #[serde(deserialize_with = "de::text")]
    pub description: Box<str>,
    /// `docker`, `host`, `openstack`, …
    #[serde(rename = "type", deserialize_with = "de::interned")]
    pub kind: Arc<str>,
    #[serde(deserialize_with = "de::line")]
    pub image: Box<str>,
    #[serde(deserialize_with = "obj")]
    pub model_docker: ModelDocker,
    #[serde(deserialize_with = "obj")]
    pub model_virtual_machine: ModelVirtualMachine,
    #[serde(deserialize_with = "de::interned")]
    pub communication: Arc<str>,
    #[serde(deserialize_with = "de::bool")]
    pub disabled: bool,
    #[serde(deserialize_with = "de::bool")]
    pub restricted: bool,
    #[serde(deserialize_with = "de::list")]
    pub registered_capabilities: Vec<Requirement>,
    #[serde(deserialize_with = "de::interned")]
    pub registered_os: Arc<str>,
    #[serde(deserialize_with = "de::interned")]
    pub registered_arch: Arc<str>,
    #[serde(deserialize_with = "de::bool")]
    pub need_registration: bool,
    #[serde(deserialize_with = "de::opt_ts")]
    pub last_registration: Option<Timestamp>,
    #[serde(deserialize_with = "de::bool")]
    pub check_registration: bool,
    #[serde(deserialize_with = "de::opt_ts")]
    pub user_last_modified: Option<Timestamp>,
    #[serde(deserialize_with = "obj")]
    pub created_by: CreatedBy,
    #[serde(deserialize_with = "de::i64")]
    pub provision: i64,
    #[serde(deserialize_with = "de::i64")]
    pub group_id: i64,
    #[serde(deserialize_with = "de::i64")]
    pub nb_spawn_err: i64,
    #[serde(deserialize_with = "de::text")]
    pub last_spawn_err: Box<str>,
    /// A string or `null` on the wire.
    #[serde(deserialize_with = "de::text")]
    pub last_spawn_err_log: Box<str>,
    #[serde(deserialize_with = "de::opt_ts")]
    pub date_last_spawn_err: Option<Timestamp>,
    #[serde(deserialize_with = "de::bool")]
    pub is_deprecated: bool,
    #[serde(deserialize_with = "de::bool")]
    pub is_official: bool,
    #[serde(deserialize_with = "de::line")]
    pub pattern_name: Box<str>,
    #[serde(deserialize_with = "de::bool")]
    pub editable: bool,
    #[serde(deserialize_with = "opt_obj")]
    pub group: Option<GroupRef>,
}

/// `model_docker` minus the (masked) password.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct ModelDocker {
    #[serde(deserialize_with = "de::line")]
    pub image: Box<str>,
    #[serde(deserialize_with = "de::bool")]
    pub private: bool,
    #[serde(deserialize_with = "de::line")]
    pub registry: Box<str>,
    #[serde(deserialize_with = "de::line")]
    pub username: Box<str>,
    #[serde(deserialize_with = "de::i64")]
    pub memory: i64,
    #[serde(deserialize_with = "de::line")]
    pub shell: Box<str>,
    #[serde(deserialize_with = "de::text")]
    pub cmd: Box<str>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct ModelVirtualMachine {
    #[serde(deserialize_with = "de::line")]
    pub image: Box<str>,
    #[serde(deserialize_with = "de::line")]
    pub flavor: Box<str>,
}

/// Who last touched a worker model (the embedded `created_by` User).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct CreatedBy {
    #[serde(deserialize_with = "de::line")]
    pub username: Box<str>,
    #[serde(deserialize_with = "de::line")]
    pub fullname: Box<str>,
}
