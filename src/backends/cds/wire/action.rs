//! `sdk.Action` with its steps, parameters and requirements (spec 5.1 to 5.3).

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::raw::*;
use super::*;
use crate::backends::de;
use crate::domain::text::clean_line;

/// `sdk.Action.type`. The server forces `Default` on every write, so opsy never sends it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) enum ActionType {
    /// A user action, owned by a group: the only kind that can be edited, exported or audited.
    #[default]
    Default,
    Builtin,
    Plugin,
    /// A pipeline job.
    Joined,
    /// A type this client does not know, cleaned.
    Other(Box<str>),
}

impl ActionType {
    pub(crate) fn parse(s: &str) -> Self {
        match s {
            "Default" => Self::Default,
            "Builtin" => Self::Builtin,
            "Plugin" => Self::Plugin,
            "Joined" => Self::Joined,
            other => Self::Other(clean_line(other).into()),
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        match self {
            Self::Default => "Default",
            Self::Builtin => "Builtin",
            Self::Plugin => "Plugin",
            Self::Joined => "Joined",
            Self::Other(s) => s,
        }
    }
}

impl fmt::Display for ActionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ActionType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s: Box<str> = de::line(d)?;
        Ok(Self::parse(&s))
    }
}

/// `sdk.Action`. The same type holds a top-level action and its steps (`actions`): on a
/// step, `parameters` are the values configured on the step, and `step_name`, `optional`,
/// `always_executed` and `enabled` describe the step.
///
/// Every field an action PUT sends back is byte-exact ([`WireStr`]). Its `Serialize` writes the
/// POST/PUT request body, not the response shape.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Action {
    #[serde(deserialize_with = "de::i64")]
    pub(crate) id: i64,
    /// Absent for `Builtin`/`Plugin`; required on POST and PUT.
    #[serde(deserialize_with = "de::opt_i64")]
    pub(crate) group_id: Option<i64>,
    /// Byte-exact: used in paths and sent back on PUT. The server matches it ignoring case.
    pub(crate) name: WireStr,
    #[serde(rename = "type")]
    pub(crate) kind: ActionType,
    #[serde(deserialize_with = "wire_text")]
    pub(crate) description: WireStr,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) enabled: bool,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) deprecated: bool,
    /// Steps only; the server clears it when it equals the action name (ignoring case).
    pub(crate) step_name: WireStr,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) optional: bool,
    #[serde(deserialize_with = "de::bool")]
    pub(crate) always_executed: bool,
    /// On a single loaded action with steps this is the *flattened* list (own plus enabled
    /// steps'), so a PUT of an unedited GET stores the steps' requirements on the parent
    ///. Empty when the action is disabled.
    #[serde(deserialize_with = "de::list")]
    pub(crate) requirements: Vec<Requirement>,
    #[serde(deserialize_with = "de::list")]
    pub(crate) parameters: Vec<Parameter>,
    /// Steps in execution order; only on single-action answers, never on lists.
    #[serde(deserialize_with = "de::list")]
    pub(crate) actions: Vec<Action>,
    #[serde(deserialize_with = "opt_obj")]
    pub(crate) group: Option<GroupRef>,
    /// Raw audit rows (`data_type` "json"); missing on `/group/{id}/action` and right after a
    /// write, since audits are computed asynchronously.
    #[serde(deserialize_with = "opt_boxed_audit")]
    pub(crate) first_audit: Option<Box<AuditAction>>,
    #[serde(deserialize_with = "opt_boxed_audit")]
    pub(crate) last_audit: Option<Box<AuditAction>>,
    /// The caller may write it (admin of its group, or a CDS admin). Absent means no.
    #[serde(deserialize_with = "de::bool")]
    pub(crate) editable: bool,
}

impl Action {
    /// The owning group's id, from `group_id` or else the embedded `group`.
    pub(crate) fn owner_id(&self) -> Option<i64> {
        self.group_id.filter(|id| *id != 0).or_else(|| self.group.as_ref().map(|g| g.id).filter(|id| *id != 0))
    }

    /// Where the action can be addressed; `None` for actions without a group (`Builtin`,
    /// `Plugin`), which have no `/action/{group}/{name}` route.
    pub(crate) fn path(&self) -> Option<ActionPath> {
        let group = self.group.as_ref().filter(|g| !g.name.is_empty())?;
        Some(ActionPath::new(group.name.raw(), self.name.raw()))
    }

    /// What cdsctl lists as the action's full name: `group/name`, cleaned.
    pub(crate) fn full_name(&self) -> String {
        match &self.group {
            Some(g) if !g.name.is_empty() => format!("{}/{}", g.name, self.name),
            _ => self.name.shown().to_string(),
        }
    }
}

impl Serialize for Action {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Action", 9)?;
        if self.id != 0 {
            st.serialize_field("id", &self.id)?;
        } else {
            st.skip_field("id")?;
        }
        st.serialize_field("group_id", &self.owner_id())?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("description", &self.description)?;
        st.serialize_field("enabled", &self.enabled)?;
        // Stored as sent: leaving it out would un-deprecate the action.
        st.serialize_field("deprecated", &self.deprecated)?;
        st.serialize_field("parameters", &self.parameters)?;
        st.serialize_field("requirements", &self.requirements)?;
        let steps: Vec<Step<'_>> = self.actions.iter().map(Step).collect();
        st.serialize_field("actions", &steps)?;
        st.end()
    }
}

/// A step in a POST/PUT body: the server resolves the child by `id` and stores only these
/// fields.
struct Step<'a>(&'a Action);

impl Serialize for Step<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.0;
        let mut st = s.serialize_struct("Step", 6)?;
        st.serialize_field("id", &a.id)?;
        if a.step_name.is_empty() {
            st.skip_field("step_name")?;
        } else {
            st.serialize_field("step_name", &a.step_name)?;
        }
        st.serialize_field("enabled", &a.enabled)?;
        st.serialize_field("optional", &a.optional)?;
        st.serialize_field("always_executed", &a.always_executed)?;
        st.serialize_field("parameters", &a.parameters)?;
        st.end()
    }
}

/// `sdk.Parameter`. Values are always strings (booleans as `"true"`/`"false"`, lists as
/// `"a;b;c"`). All text is byte-exact because an action PUT sends it back.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(default)]
pub(crate) struct Parameter {
    #[serde(deserialize_with = "de::i64", skip_serializing)]
    pub(crate) id: i64,
    pub(crate) name: WireStr,
    /// `string`, `number`, `text`, `env`, `boolean`, `list`, `pipeline`, `ssh-key`, `pgp-key`.
    #[serde(rename = "type")]
    pub(crate) kind: WireStr,
    #[serde(deserialize_with = "wire_text")]
    pub(crate) value: WireStr,
    #[serde(deserialize_with = "wire_text", skip_serializing_if = "WireStr::is_empty")]
    pub(crate) description: WireStr,
    #[serde(deserialize_with = "de::bool", skip_serializing_if = "is_false")]
    pub(crate) advanced: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// `sdk.Requirement`: `binary`, `network`, `model`, `hostname`, `plugin`, `service`,
/// `memory`, `volume`, `os-architecture`. Byte-exact: sent back on action PUT.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Deserialize, Serialize)]
#[serde(default)]
pub(crate) struct Requirement {
    #[serde(deserialize_with = "de::i64", skip_serializing)]
    pub(crate) id: i64,
    pub(crate) name: WireStr,
    #[serde(rename = "type")]
    pub(crate) kind: WireStr,
    pub(crate) value: WireStr,
}
