//! Worker models usable by a group (spec 5.10).

use std::sync::Arc;

use jiff::Timestamp;
use serde::Deserialize;

use super::raw::*;
use super::*;
use crate::backends::de;

/// A worker model from `GET /group/{id}/worker/model`: the fields an operator looks at
/// when picking a `model` requirement or wondering why workers do not spawn.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct WorkerModel {
    #[serde(deserialize_with = "de::i64")]
    pub(crate) id: i64,
    /// Byte-exact: a `model` requirement's value is `group/name` or `name`.
    pub(crate) name: WireStr,
    #[serde(deserialize_with = "de::text")]
    pub(crate) description: Box<str>,
    /// `docker`, `host`, `openstack`, …
    #[serde(rename = "type", deserialize_with = "de::interned")]
    pub(crate) kind: Arc<str>,
    #[serde(deserialize_with = "de::line")]
    pub(crate) image: Box<str>,
    #[serde(deserialize_with = "obj")]
    pub(crate) model_docker: ModelDocker,
    #[serde(deserialize_with = "obj")]
    pub(crate) model_virtual_machine: ModelVirtualMachine,
    #[serde(deserialize_with = "de::interned")]
    pub(crate) communication: Arc<str>,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) disabled: bool,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) restricted: bool,
    #[serde(deserialize_with = "de::list")]
    pub(crate) registered_capabilities: Vec<Requirement>,
    #[serde(deserialize_with = "de::interned")]
    pub(crate) registered_os: Arc<str>,
    #[serde(deserialize_with = "de::interned")]
    pub(crate) registered_arch: Arc<str>,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) need_registration: bool,
    #[serde(deserialize_with = "de::opt_ts")]
    pub(crate) last_registration: Option<Timestamp>,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) check_registration: bool,
    #[serde(deserialize_with = "de::opt_ts")]
    pub(crate) user_last_modified: Option<Timestamp>,
    #[serde(deserialize_with = "obj")]
    pub(crate) created_by: CreatedBy,
    #[serde(deserialize_with = "de::i64")]
    pub(crate) provision: i64,
    #[serde(deserialize_with = "de::i64")]
    pub(crate) group_id: i64,
    #[serde(deserialize_with = "de::i64")]
    pub(crate) nb_spawn_err: i64,
    #[serde(deserialize_with = "de::text")]
    pub(crate) last_spawn_err: Box<str>,
    /// A string or `null` on the wire.
    #[serde(deserialize_with = "de::text")]
    pub(crate) last_spawn_err_log: Box<str>,
    #[serde(deserialize_with = "de::opt_ts")]
    pub(crate) date_last_spawn_err: Option<Timestamp>,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) is_deprecated: bool,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) is_official: bool,
    #[serde(deserialize_with = "de::line")]
    pub(crate) pattern_name: Box<str>,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) editable: bool,
    #[serde(deserialize_with = "opt_obj")]
    pub(crate) group: Option<GroupRef>,
}

/// `model_docker` minus the (masked) password.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ModelDocker {
    #[serde(deserialize_with = "de::line")]
    pub(crate) image: Box<str>,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) private: bool,
    #[serde(deserialize_with = "de::line")]
    pub(crate) registry: Box<str>,
    #[serde(deserialize_with = "de::line")]
    pub(crate) username: Box<str>,
    #[serde(deserialize_with = "de::i64")]
    pub(crate) memory: i64,
    #[serde(deserialize_with = "de::line")]
    pub(crate) shell: Box<str>,
    #[serde(deserialize_with = "de::text")]
    pub(crate) cmd: Box<str>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ModelVirtualMachine {
    #[serde(deserialize_with = "de::line")]
    pub(crate) image: Box<str>,
    #[serde(deserialize_with = "de::line")]
    pub(crate) flavor: Box<str>,
}

/// Who last touched a worker model (the embedded `created_by` User).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct CreatedBy {
    #[serde(deserialize_with = "de::line")]
    pub(crate) username: Box<str>,
    #[serde(deserialize_with = "de::line")]
    pub(crate) fullname: Box<str>,
}
