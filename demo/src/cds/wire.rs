//! The JSON the real server writes, field for field in Go struct order, with Go's
//! `omitempty` and its `null` for nil slices. These structs are the demo's own on purpose:
//! the client's domain types must not define what the server says.

use std::collections::BTreeMap;

use serde::Serialize;

use super::gojson::GoTime;

fn is_false(b: &bool) -> bool {
    !*b
}

/// `sdk.Action`. Also what audit rows store as their JSON snapshots.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WireAction {
    pub id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<i64>,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub description: String,
    pub enabled: bool,
    pub deprecated: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub step_name: String,
    pub optional: bool,
    pub always_executed: bool,
    /// `None` is Go's nil slice: `null`.
    pub requirements: Option<Vec<WireRequirement>>,
    pub parameters: Option<Vec<WireParameter>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<WireAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<WireGroupRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_audit: Option<WireAudit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_audit: Option<WireAudit>,
    #[serde(skip_serializing_if = "is_false")]
    pub editable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireParameter {
    pub id: i64,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "is_false")]
    pub advanced: bool,
}

/// Always these four keys: the checked-in easyjson marshaller never writes `action_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireRequirement {
    pub id: i64,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireGroupRef {
    pub id: i64,
    pub name: String,
}

/// `sdk.AuditAction`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireAudit {
    pub id: i64,
    pub triggered_by: String,
    pub created: GoTime,
    pub event_type: &'static str,
    pub action_id: i64,
    pub data_type: &'static str,
    pub data_before: String,
    pub data_after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireUsage {
    pub pipelines: Vec<WireUsagePipeline>,
    pub actions: Vec<WireUsageAction>,
}

/// The server's query swaps two column pairs: `job_*` carry the queried action and
/// `action_*` the job. The field names here are the wire's, so the swap happens where these
/// are filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireUsagePipeline {
    /// A Go string: `"12"`.
    pub project_id: String,
    pub project_key: String,
    pub project_name: String,
    pub pipeline_id: i64,
    pub pipeline_name: String,
    pub stage_id: i64,
    pub stage_name: String,
    pub job_id: i64,
    pub job_name: String,
    pub action_id: i64,
    pub action_name: String,
    pub warning: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireUsageAction {
    pub group_id: i64,
    pub group_name: String,
    pub parent_action_id: i64,
    pub parent_action_name: String,
    pub action_id: i64,
    pub action_name: String,
    pub warning: bool,
}

/// `sdk.UserPermissions`, empty in every answer in scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct NoPermissions {}

/// A user as embedded in groups and in the login answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireUser {
    pub id: i64,
    pub username: String,
    pub fullname: String,
    pub email: String,
    pub admin: bool,
    pub origin: String,
    pub favorites: Option<Vec<String>>,
    pub permissions: NoPermissions,
}

/// `sdk.Group`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireGroup {
    pub id: i64,
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub admins: Vec<WireUser>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<WireUser>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<WireToken>,
}

/// `sdk.Token`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireToken {
    pub id: i64,
    pub group_id: i64,
    pub group_name: String,
    pub token: String,
    pub description: String,
    pub creator: String,
    pub expiration: i64,
    pub created: GoTime,
}

/// The CDS error body: no status, no request id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireError<'a> {
    pub id: i64,
    pub message: &'a str,
    pub data: Option<()>,
    pub uuid: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireVersion {
    pub version: &'static str,
    pub architecture: &'static str,
    pub os: &'static str,
    pub git_hash: &'static str,
    pub build_time: &'static str,
    pub db_migrate: Option<()>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireLogin {
    pub user: WireUser,
    pub token: String,
}

/// `model_virtual_machine`: every field omitempty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct WireModelVm {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub image: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub flavor: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub pre_cmd: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cmd: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub post_cmd: String,
}

/// `model_docker`: every field omitempty, the password masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct WireModelDocker {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub image: String,
    #[serde(skip_serializing_if = "is_false")]
    pub private: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub registry: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub username: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub password: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub memory: i64,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub envs: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub shell: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cmd: String,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// `sdk.Model` from `GET /group/{id}/worker/model`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireModel {
    pub id: i64,
    pub name: String,
    pub description: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub image: String,
    pub model_virtual_machine: WireModelVm,
    pub model_docker: WireModelDocker,
    pub communication: &'static str,
    pub disabled: bool,
    pub restricted: bool,
    pub registered_capabilities: Option<Vec<WireRequirement>>,
    pub registered_os: String,
    pub registered_arch: String,
    pub need_registration: bool,
    pub last_registration: GoTime,
    pub check_registration: bool,
    pub user_last_modified: GoTime,
    pub created_by: WireUser,
    pub provision: i64,
    pub group_id: i64,
    pub nb_spawn_err: i64,
    pub last_spawn_err: String,
    pub last_spawn_err_log: Option<String>,
    pub date_last_spawn_err: Option<GoTime>,
    pub is_deprecated: bool,
    pub is_official: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub pattern_name: String,
    #[serde(skip_serializing_if = "is_false")]
    pub editable: bool,
    pub group: WireGroupRef,
}
