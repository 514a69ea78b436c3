//! OVH CDS actions, groups, audits and group tokens as opsy holds them (specs/cds-api.md §5).
//! Decoded straight from the wire with the tolerant field decoders: every list may be `null` or
//! absent, optional objects may be missing, unknown keys are ignored.
//!
//! Strings shown to the operator are cleaned of terminal escapes on the way in (contract 4).
//! Strings that opsy sends back (names in paths, whole actions on PUT, usernames on a group
//! PUT) or writes to files must stay byte-exact, or a round trip would silently change them
//! (a tab in a step script would become four spaces): those are [`WireStr`], which keeps the
//! raw bytes for the server and a cleaned copy for the screen.

use std::fmt;
use std::sync::Arc;

use jiff::Timestamp;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::de;
use super::secret::Secret;
use super::text::{clean_line, clean_text};

/// The group CDS falls back to when a path or a document names none (§10, §6 A8).
pub const SHARED_INFRA: &str = "shared.infra";

/// A server string that opsy may send back or write out: [`WireStr::raw`] is byte-exact (for
/// paths, request bodies, files), [`WireStr::shown`] and `Display` are cleaned for the
/// terminal. Equality and hashing use the raw value, which is what the server matches on.
#[derive(Clone, Default)]
pub struct WireStr {
    raw: Arc<str>,
    shown: Arc<str>,
}

impl WireStr {
    /// A one-line value (names): line breaks and tabs show as spaces.
    pub fn new(raw: impl Into<Arc<str>>) -> Self {
        let raw = raw.into();
        let shown = shared_clean(&raw, clean_line(&raw));
        Self { raw, shown }
    }

    /// A multi-line value (descriptions, scripts): line breaks are kept on screen.
    pub fn text(raw: impl Into<Arc<str>>) -> Self {
        let raw = raw.into();
        let shown = shared_clean(&raw, clean_text(&raw));
        Self { raw, shown }
    }

    /// Byte-exact, as the server sent it. Never print this to the terminal.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Safe to print.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }
}

/// Most names are already clean: then the two views share one allocation.
fn shared_clean(raw: &Arc<str>, cleaned: std::borrow::Cow<'_, str>) -> Arc<str> {
    match cleaned {
        std::borrow::Cow::Borrowed(_) => raw.clone(),
        std::borrow::Cow::Owned(s) => Arc::from(s),
    }
}

impl PartialEq for WireStr {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl Eq for WireStr {}

impl std::hash::Hash for WireStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.raw.hash(state);
    }
}

impl PartialEq<str> for WireStr {
    fn eq(&self, other: &str) -> bool {
        &*self.raw == other
    }
}

impl PartialEq<&str> for WireStr {
    fn eq(&self, other: &&str) -> bool {
        &*self.raw == *other
    }
}

impl fmt::Display for WireStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

/// Debug escapes control characters itself, so the raw value is safe in logs and tells the
/// truth about what the server sent.
impl fmt::Debug for WireStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.raw, f)
    }
}

impl From<&str> for WireStr {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl From<String> for WireStr {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

impl<'de> Deserialize<'de> for WireStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self::new(de::raw_interned(d)?))
    }
}

impl Serialize for WireStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

fn wire_text<'de, D: Deserializer<'de>>(d: D) -> Result<WireStr, D::Error> {
    Ok(WireStr::text(de::raw_interned(d)?))
}

/// A string kept exactly as sent, for text that is only ever cleaned at render time (audit
/// snapshots can be large and are diffed line by line first). `null` or a wrong shape is "".
fn raw_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => s,
        _ => String::new(),
    })
}

/// A nested object that may be `null`, absent or of the wrong shape: `None` then, instead of
/// failing the object that holds it.
fn opt_obj<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    Ok(match serde_json::Value::deserialize(d)? {
        v @ serde_json::Value::Object(_) => serde_json::from_value(v).ok(),
        _ => None,
    })
}

fn obj<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned + Default,
{
    Ok(opt_obj(d)?.unwrap_or_default())
}

fn opt_boxed_audit<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Box<AuditAction>>, D::Error> {
    Ok(opt_obj(d)?.map(Box::new))
}

/// Where an action lives: `group/name`, the way cdsctl and the UI name it. Both parts are
/// byte-exact because they go into request paths; `Display` cleans them for the screen.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ActionPath {
    pub group: String,
    pub name: String,
}

impl ActionPath {
    pub fn new(group: impl Into<String>, name: impl Into<String>) -> Self {
        Self { group: group.into(), name: name.into() }
    }

    /// `group/name`, or a bare `name` meaning `shared.infra` (cdsctl's rule, §10). The name
    /// is everything after the first `/`, since group names cannot contain one.
    pub fn parse(s: &str) -> Self {
        match s.split_once('/') {
            Some((g, n)) if !g.is_empty() => Self::new(g, n),
            Some((_, n)) => Self::new(SHARED_INFRA, n),
            None => Self::new(SHARED_INFRA, s),
        }
    }
}

impl fmt::Display for ActionPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", clean_line(&self.group), clean_line(&self.name))
    }
}

/// `{"id","name"}`: how lists and actions refer to a group (§5.1 `group`, §7 G1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(default)]
pub struct GroupRef {
    #[serde(deserialize_with = "de::i64")]
    pub id: i64,
    /// Byte-exact: used in `/group/{name}` paths.
    pub name: WireStr,
}

/// `sdk.Action.type` (§5.1). The server forces `Default` on every write, so opsy never sends it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum ActionType {
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
    pub fn parse(s: &str) -> Self {
        match s {
            "Default" => Self::Default,
            "Builtin" => Self::Builtin,
            "Plugin" => Self::Plugin,
            "Joined" => Self::Joined,
            other => Self::Other(clean_line(other).into()),
        }
    }

    pub fn as_str(&self) -> &str {
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

/// `sdk.Action` (§5.1). The same type holds a top-level action and its steps (`actions`): on a
/// step, `parameters` are the values configured on the step, and `step_name`, `optional`,
/// `always_executed` and `enabled` describe the step.
///
/// Every field an action PUT sends back is byte-exact ([`WireStr`]). Its `Serialize` writes the
/// POST/PUT request body (§6 A2/A4, §11.1), not the response shape.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Action {
    #[serde(deserialize_with = "de::i64")]
    pub id: i64,
    /// Absent for `Builtin`/`Plugin`; required on POST and PUT.
    #[serde(deserialize_with = "de::opt_i64")]
    pub group_id: Option<i64>,
    /// Byte-exact: used in paths and sent back on PUT. The server matches it ignoring case.
    pub name: WireStr,
    #[serde(rename = "type")]
    pub kind: ActionType,
    #[serde(deserialize_with = "wire_text")]
    pub description: WireStr,
    #[serde(deserialize_with = "de::bool")]
    pub enabled: bool,
    #[serde(deserialize_with = "de::bool")]
    pub deprecated: bool,
    /// Steps only; the server clears it when it equals the action name (ignoring case).
    pub step_name: WireStr,
    #[serde(deserialize_with = "de::bool")]
    pub optional: bool,
    #[serde(deserialize_with = "de::bool")]
    pub always_executed: bool,
    /// On a single loaded action with steps this is the *flattened* list (own plus enabled
    /// steps'), so a PUT of an unedited GET stores the steps' requirements on the parent
    /// (§11.9). Empty when the action is disabled.
    #[serde(deserialize_with = "de::list")]
    pub requirements: Vec<Requirement>,
    #[serde(deserialize_with = "de::list")]
    pub parameters: Vec<Parameter>,
    /// Steps in execution order; only on single-action answers, never on lists.
    #[serde(deserialize_with = "de::list")]
    pub actions: Vec<Action>,
    #[serde(deserialize_with = "opt_obj")]
    pub group: Option<GroupRef>,
    /// Raw audit rows (`data_type` "json"); missing on `/group/{id}/action` and right after a
    /// write, since audits are computed asynchronously.
    #[serde(deserialize_with = "opt_boxed_audit")]
    pub first_audit: Option<Box<AuditAction>>,
    #[serde(deserialize_with = "opt_boxed_audit")]
    pub last_audit: Option<Box<AuditAction>>,
    /// The caller may write it (admin of its group, or a CDS admin). Absent means no.
    #[serde(deserialize_with = "de::bool")]
    pub editable: bool,
}

impl Action {
    /// The owning group's id, from `group_id` or else the embedded `group`.
    pub fn owner_id(&self) -> Option<i64> {
        self.group_id.filter(|id| *id != 0).or_else(|| self.group.as_ref().map(|g| g.id).filter(|id| *id != 0))
    }

    /// Where the action can be addressed; `None` for actions without a group (`Builtin`,
    /// `Plugin`), which have no `/action/{group}/{name}` route.
    pub fn path(&self) -> Option<ActionPath> {
        let group = self.group.as_ref().filter(|g| !g.name.is_empty())?;
        Some(ActionPath::new(group.name.raw(), self.name.raw()))
    }

    /// What cdsctl lists as the action's full name: `group/name`, cleaned.
    pub fn full_name(&self) -> String {
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
/// fields (§6 A2).
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

/// `sdk.Parameter` (§5.2). Values are always strings (booleans as `"true"`/`"false"`, lists as
/// `"a;b;c"`). All text is byte-exact because an action PUT sends it back.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Parameter {
    #[serde(deserialize_with = "de::i64", skip_serializing)]
    pub id: i64,
    pub name: WireStr,
    /// `string`, `number`, `text`, `env`, `boolean`, `list`, `pipeline`, `ssh-key`, `pgp-key`.
    #[serde(rename = "type")]
    pub kind: WireStr,
    #[serde(deserialize_with = "wire_text")]
    pub value: WireStr,
    #[serde(deserialize_with = "wire_text", skip_serializing_if = "WireStr::is_empty")]
    pub description: WireStr,
    #[serde(deserialize_with = "de::bool", skip_serializing_if = "is_false")]
    pub advanced: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// `sdk.Requirement` (§5.3): `binary`, `network`, `model`, `hostname`, `plugin`, `service`,
/// `memory`, `volume`, `os-architecture`. Byte-exact: sent back on action PUT.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Requirement {
    #[serde(deserialize_with = "de::i64", skip_serializing)]
    pub id: i64,
    pub name: WireStr,
    #[serde(rename = "type")]
    pub kind: WireStr,
    pub value: WireStr,
}

/// What an audit row records (§5.4). There are no delete audits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AuditEvent {
    ActionAdd,
    ActionUpdate,
    /// Unknown to this client, cleaned; empty when absent.
    Other(Box<str>),
    #[default]
    Unknown,
}

impl AuditEvent {
    pub fn parse(s: &str) -> Self {
        match s {
            "ActionAdd" => Self::ActionAdd,
            "ActionUpdate" => Self::ActionUpdate,
            "" => Self::Unknown,
            other => Self::Other(clean_line(other).into()),
        }
    }

    pub fn as_str(&self) -> &str {
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
pub enum AuditDataType {
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

/// `sdk.AuditAction` (§5.4).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct AuditAction {
    /// The id that `/audit/{id}/rollback` takes.
    #[serde(deserialize_with = "de::i64")]
    pub id: i64,
    /// Username.
    #[serde(deserialize_with = "de::interned")]
    pub triggered_by: Arc<str>,
    #[serde(deserialize_with = "de::opt_ts")]
    pub created: Option<Timestamp>,
    pub event_type: AuditEvent,
    #[serde(deserialize_with = "de::i64")]
    pub action_id: i64,
    pub data_type: AuditDataType,
    /// The action before the change, raw (see [`AuditDataType`]); empty for `ActionAdd`.
    /// Kept uncleaned so a diff is computed on what was stored: clean each line at render
    /// time with `text::clean_text`.
    #[serde(deserialize_with = "raw_string")]
    pub data_before: String,
    /// The action after the change, raw like `data_before`.
    #[serde(deserialize_with = "raw_string")]
    pub data_after: String,
}

impl AuditAction {
    /// Only `ActionUpdate` rows have a state to go back to: rolling back an `ActionAdd` (empty
    /// `data_before`) fails with 500 id 1 (§6 A10).
    pub fn can_roll_back(&self) -> bool {
        self.event_type == AuditEvent::ActionUpdate && !self.data_before.is_empty()
    }
}

/// `GET /action/{g}/{a}/usage` (§5.5).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Usage {
    #[serde(deserialize_with = "de::list")]
    pub pipelines: Vec<UsagePipeline>,
    #[serde(deserialize_with = "de::list")]
    pub actions: Vec<UsageAction>,
}

/// A pipeline job that uses the queried action (§5.5).
///
/// The server's query swaps two column pairs: the wire's `job_id`/`job_name` hold the
/// **queried action** and `action_id`/`action_name` hold the **job**. The fields are named for
/// what they hold (the swap lives in their serde renames) and stay private, so nobody reads
/// the wire names the wrong way round; the accessors are named for what they return.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct UsagePipeline {
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
    pub fn project_id(&self) -> &str {
        &self.project_id
    }

    pub fn project_key(&self) -> &str {
        &self.project_key
    }

    pub fn project_name(&self) -> &str {
        &self.project_name
    }

    pub fn pipeline_id(&self) -> i64 {
        self.pipeline_id
    }

    pub fn pipeline_name(&self) -> &str {
        &self.pipeline_name
    }

    pub fn stage_id(&self) -> i64 {
        self.stage_id
    }

    pub fn stage_name(&self) -> &str {
        &self.stage_name
    }

    /// The job (the "Joined" action) that uses the queried action: the wire's `action_id`.
    pub fn job_id(&self) -> i64 {
        self.job_id
    }

    /// The job's name: the wire's `action_name`.
    pub fn job_name(&self) -> &str {
        &self.job_name
    }

    /// The queried action itself: the wire's `job_id`.
    pub fn action_id(&self) -> i64 {
        self.queried_action_id
    }

    /// The queried action's name: the wire's `job_name`.
    pub fn action_name(&self) -> &str {
        &self.queried_action_name
    }

    /// The action's group has no permission on the project (and is not `shared.infra`): the
    /// pipeline cannot actually run it.
    pub fn warning(&self) -> bool {
        self.warning
    }
}

/// A Default action that uses the queried action as a step (§5.5).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct UsageAction {
    /// The parent action's group.
    #[serde(deserialize_with = "de::i64")]
    pub group_id: i64,
    /// Byte-exact: with `parent_action_name`, the path of the parent.
    pub group_name: WireStr,
    #[serde(deserialize_with = "de::i64")]
    pub parent_action_id: i64,
    pub parent_action_name: WireStr,
    #[serde(deserialize_with = "de::i64")]
    pub action_id: i64,
    pub action_name: WireStr,
    /// The child's group differs from the parent's and is not `shared.infra`.
    #[serde(deserialize_with = "de::bool")]
    pub warning: bool,
}

impl UsageAction {
    /// Where to go to see the action that uses this one.
    pub fn parent_path(&self) -> ActionPath {
        ActionPath::new(self.group_name.raw(), self.parent_action_name.raw())
    }
}

/// `sdk.Group` (§5.6). Lists carry only `id` and `name` (use [`GroupRef`]); `GET /group/{g}`
/// adds `admins` and `users` (disjoint, sorted by username) and, for admins of the group,
/// `tokens`.
///
/// `Serialize` writes the PUT body (§7 G5): `name`, `admins` and `users` with their usernames.
/// That PUT replaces the whole membership, so only send a group read just before.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Group {
    #[serde(deserialize_with = "de::i64")]
    pub id: i64,
    /// Byte-exact: used in paths and sent back on PUT.
    pub name: WireStr,
    #[serde(deserialize_with = "de::list")]
    pub admins: Vec<User>,
    #[serde(deserialize_with = "de::list")]
    pub users: Vec<User>,
    #[serde(deserialize_with = "de::list")]
    pub tokens: Vec<Token>,
}

impl Group {
    /// Everyone in the group, admins first (cdsctl's `group user list` order), with their
    /// admin flag for this group.
    pub fn members(&self) -> impl Iterator<Item = (&User, bool)> {
        self.admins.iter().map(|u| (u, true)).chain(self.users.iter().map(|u| (u, false)))
    }

    pub fn to_ref(&self) -> GroupRef {
        GroupRef { id: self.id, name: self.name.clone() }
    }
}

impl Serialize for Group {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Group", 3)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("admins", &self.admins)?;
        st.serialize_field("users", &self.users)?;
        st.end()
    }
}

/// A user as embedded in a group's `admins`/`users` (§5.7).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct User {
    #[serde(deserialize_with = "de::i64")]
    pub id: i64,
    /// Byte-exact: used in `/group/{g}/user/{u}` paths and in the group PUT body.
    pub username: WireStr,
    #[serde(deserialize_with = "de::line")]
    pub fullname: Box<str>,
    #[serde(deserialize_with = "de::line")]
    pub email: Box<str>,
    /// CDS administrator (bypasses every group check), not admin of this group.
    #[serde(deserialize_with = "de::bool")]
    pub admin: bool,
    #[serde(deserialize_with = "de::interned")]
    pub origin: Arc<str>,
}

/// The server looks members up by `username` alone.
impl Serialize for User {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("User", 1)?;
        st.serialize_field("username", &self.username)?;
        st.end()
    }
}

/// How long a group token lives. The wire uses ints 1/2/3 in answers and strings in the
/// generate request (§5.8, §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expiration {
    Session,
    Daily,
    Persistent,
}

impl Expiration {
    pub const ALL: [Self; 3] = [Self::Session, Self::Daily, Self::Persistent];

    pub fn from_code(code: i64) -> Option<Self> {
        match code {
            1 => Some(Self::Session),
            2 => Some(Self::Daily),
            3 => Some(Self::Persistent),
            _ => None,
        }
    }

    pub fn code(self) -> i64 {
        match self {
            Self::Session => 1,
            Self::Daily => 2,
            Self::Persistent => 3,
        }
    }

    /// The spelling the generate request takes; anything else makes the server answer 500.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::Daily => "daily",
            Self::Persistent => "persistent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

impl fmt::Display for Expiration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Expiration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

fn opt_expiration<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Expiration>, D::Error> {
    Ok(de::opt_i64(d)?.and_then(Expiration::from_code))
}

/// Never cleaned and never printable: it is handed to workers and hatcheries verbatim.
fn secret<'de, D: Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
    Ok(Secret::new(raw_string(d)?))
}

/// A legacy worker/hatchery token bound to a group (§5.8).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct Token {
    /// `0` in the generate answer (the server does not read the id back): the real id, the
    /// one revoke needs, only appears in the list.
    #[serde(deserialize_with = "de::i64")]
    pub id: i64,
    /// Set in the generate answer, `0` in list results.
    #[serde(deserialize_with = "de::i64")]
    pub group_id: i64,
    #[serde(deserialize_with = "de::interned")]
    pub group_name: Arc<str>,
    /// In the generate answer, the secret itself (64 hex chars, shown once). In the list, the
    /// stored hash, which is useless as a credential but still not for display.
    #[serde(deserialize_with = "secret")]
    pub token: Secret,
    #[serde(deserialize_with = "de::line")]
    pub description: Box<str>,
    /// The creator's full name, not a username.
    #[serde(deserialize_with = "de::line")]
    pub creator: Box<str>,
    /// `None` for a code this client does not know.
    #[serde(deserialize_with = "opt_expiration")]
    pub expiration: Option<Expiration>,
    #[serde(deserialize_with = "de::opt_ts")]
    pub created: Option<Timestamp>,
}

impl Default for Token {
    fn default() -> Self {
        Self {
            id: 0,
            group_id: 0,
            group_name: "".into(),
            token: Secret::new(String::new()),
            description: "".into(),
            creator: "".into(),
            expiration: None,
            created: None,
        }
    }
}

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

/// The two encodings of an exported action (§5.9, §6 A7/A8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ExportFormat {
    #[default]
    Yaml,
    Json,
}

impl ExportFormat {
    /// cdsctl's rule for imports: JSON when the file name ends in `.json` (case-sensitive),
    /// YAML for anything else.
    pub fn from_file_name(name: &str) -> Self {
        if name.ends_with(".json") { Self::Json } else { Self::Yaml }
    }

    /// The `?format=` value of an export.
    pub fn as_query(self) -> &'static str {
        match self {
            Self::Yaml => "yaml",
            Self::Json => "json",
        }
    }

    /// The import `Content-Type`: exactly this, no parameters, or the server answers 400.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Yaml => "application/x-yaml",
            Self::Json => "application/json",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Yaml => "yml",
            Self::Json => "json",
        }
    }
}

/// An import is an upsert by (group, name): the status says which it was.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportOutcome {
    /// 201: a new action.
    Created(Action),
    /// 200: an existing action was replaced.
    Updated(Action),
}

impl ImportOutcome {
    pub fn action(&self) -> &Action {
        match self {
            Self::Created(a) | Self::Updated(a) => a,
        }
    }

    pub fn into_action(self) -> Action {
        match self {
            Self::Created(a) | Self::Updated(a) => a,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_strings_keep_raw_bytes_and_show_clean_ones() {
        let w = WireStr::text("make\tall\u{1b}[2J\n");
        assert_eq!(w.raw(), "make\tall\u{1b}[2J\n");
        assert_eq!(w.shown(), "make    all\n");
        let n = WireStr::new("build");
        assert!(Arc::ptr_eq(&n.raw, &n.shown));
    }

    #[test]
    fn paths_default_to_shared_infra_and_display_cleaned() {
        assert_eq!(ActionPath::parse("build"), ActionPath::new(SHARED_INFRA, "build"));
        assert_eq!(ActionPath::parse("grp/a/b"), ActionPath::new("grp", "a/b"));
        assert_eq!(ActionPath::new("g", "x\u{1b}[31my").to_string(), "g/xy");
    }

    #[test]
    fn expiration_round_trips_codes_and_strings() {
        for e in Expiration::ALL {
            assert_eq!(Expiration::from_code(e.code()), Some(e));
            assert_eq!(Expiration::parse(e.as_str()), Some(e));
        }
        assert_eq!(Expiration::from_code(0), None);
    }
}
