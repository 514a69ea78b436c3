//! `GET .../usage` (spec 5.5), with the server's swapped job/action columns mapped once.

use std::sync::Arc;

use serde::Deserialize;

use super::raw::*;
use super::*;
use crate::backends::de;

/// `GET /action/{g}/{a}/usage`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Usage {
    #[serde(deserialize_with = "de::list")]
    pub(crate) pipelines: Vec<UsagePipeline>,
    #[serde(deserialize_with = "de::list")]
    pub(crate) actions: Vec<UsageAction>,
}

/// A pipeline job that uses the queried action.
///
/// The server's query swaps two column pairs: the wire's `job_id`/`job_name` hold the
/// **queried action** and `action_id`/`action_name` hold the **job**. The fields are named for
/// what they hold (the swap lives in their serde renames) and stay private, so nobody reads
/// the wire names the wrong way round; the accessors are named for what they return.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct UsagePipeline {
    /// A string on the wire (`"12"`), kept as text.
    #[serde(deserialize_with = "de::interned")]
    project_id: Arc<str>,
    #[serde(deserialize_with = "de::interned")]
    project_key: Arc<str>,
    #[serde(deserialize_with = "de::interned")]
    project_name: Arc<str>,
    #[serde(deserialize_with = "de::i64")]
    pipeline_id: i64,
    #[serde(deserialize_with = "de::interned")]
    pipeline_name: Arc<str>,
    #[serde(deserialize_with = "de::i64")]
    stage_id: i64,
    #[serde(deserialize_with = "de::interned")]
    stage_name: Arc<str>,
    /// Wire key `job_id`, which holds the queried action's id.
    #[serde(rename = "job_id", deserialize_with = "de::i64")]
    queried_action_id: i64,
    /// Wire key `job_name`, which holds the queried action's name.
    #[serde(rename = "job_name", deserialize_with = "de::interned")]
    queried_action_name: Arc<str>,
    /// Wire key `action_id`, which holds the job's id.
    #[serde(rename = "action_id", deserialize_with = "de::i64")]
    job_id: i64,
    /// Wire key `action_name`, which holds the job's name (what the UI displays).
    #[serde(rename = "action_name", deserialize_with = "de::interned")]
    job_name: Arc<str>,
    #[serde(deserialize_with = "de::bool")]
    warning: bool,
}

impl UsagePipeline {
    /// The project's id as the server printed it (a string on the wire).
    #[cfg(test)]
    pub(crate) fn project_id(&self) -> &str {
        &self.project_id
    }

    pub(crate) fn project_key(&self) -> &str {
        &self.project_key
    }

    #[cfg(test)]
    pub(crate) fn project_name(&self) -> &str {
        &self.project_name
    }

    pub(crate) fn pipeline_name(&self) -> &str {
        &self.pipeline_name
    }

    pub(crate) fn stage_name(&self) -> &str {
        &self.stage_name
    }

    /// The job (the "Joined" action) that uses the queried action: the wire's `action_id`.
    #[cfg(test)]
    pub(crate) fn job_id(&self) -> i64 {
        self.job_id
    }

    /// The job's name: the wire's `action_name`.
    pub(crate) fn job_name(&self) -> &str {
        &self.job_name
    }

    /// The queried action itself: the wire's `job_id`.
    #[cfg(test)]
    pub(crate) fn action_id(&self) -> i64 {
        self.queried_action_id
    }

    /// The queried action's name: the wire's `job_name`.
    #[cfg(test)]
    pub(crate) fn action_name(&self) -> &str {
        &self.queried_action_name
    }

    /// The action's group has no permission on the project (and is not `shared.infra`): the
    /// pipeline cannot actually run it.
    pub(crate) fn warning(&self) -> bool {
        self.warning
    }
}

/// A Default action that uses the queried action as a step.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct UsageAction {
    /// The parent action's group.
    #[serde(deserialize_with = "de::i64")]
    pub(crate) group_id: i64,
    /// Byte-exact: with `parent_action_name`, the path of the parent.
    pub(crate) group_name: WireStr,
    #[serde(deserialize_with = "de::i64")]
    pub(crate) parent_action_id: i64,
    pub(crate) parent_action_name: WireStr,
    #[serde(deserialize_with = "de::i64")]
    pub(crate) action_id: i64,
    pub(crate) action_name: WireStr,
    /// The child's group differs from the parent's and is not `shared.infra`.
    #[serde(deserialize_with = "de::bool")]
    pub(crate) warning: bool,
}

impl UsageAction {
    /// Where to go to see the action that uses this one.
    pub(crate) fn parent_path(&self) -> ActionPath {
        ActionPath::new(self.group_name.raw(), self.parent_action_name.raw())
    }
}
