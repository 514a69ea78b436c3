//! The demo CDS's tables, the way the real server stores them: users, groups with their
//! memberships, actions with their parameters, requirements and steps (`action_edge`), audit
//! rows holding JSON snapshots, group tokens, the pipeline jobs that use actions, and worker
//! models. Handlers render these through `wire` so the JSON shapes stay the server's.

use super::gojson::GoTime;
use super::wire::WireAction;

pub type Id = i64;

/// The group whose members bypass every route check and whose actions everyone may read.
pub const SHARED_INFRA: &str = "shared.infra";
/// The group every user joins on creation.
pub const DEFAULT_GROUP: &str = "default";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CdsUser {
    pub id: Id,
    pub username: String,
    pub fullname: String,
    pub email: String,
    /// CDS administrator: bypasses every permission check.
    pub admin: bool,
    pub origin: String,
    /// For `POST /login`.
    pub password: String,
    /// The persistent session key (`Session-Token` with `X-Requested-With: X-CDS-SDK`).
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub user: Id,
    pub admin: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CdsGroup {
    pub id: Id,
    pub name: String,
    pub members: Vec<Member>,
}

impl CdsGroup {
    pub fn member(&self, user: Id) -> Option<&Member> {
        self.members.iter().find(|m| m.user == user)
    }

    pub fn is_member(&self, user: Id) -> bool {
        self.member(user).is_some()
    }

    pub fn is_admin(&self, user: Id) -> bool {
        self.member(user).is_some_and(|m| m.admin)
    }

    pub fn admin_count(&self) -> usize {
        self.members.iter().filter(|m| m.admin).count()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionKind {
    Default,
    Builtin,
    Plugin,
    Joined,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Default => "Default",
            Self::Builtin => "Builtin",
            Self::Plugin => "Plugin",
            Self::Joined => "Joined",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "Builtin" => Self::Builtin,
            "Plugin" => Self::Plugin,
            "Joined" => Self::Joined,
            _ => Self::Default,
        }
    }
}

/// The types a parameter may have (checked on write).
pub const PARAMETER_TYPES: [&str; 9] =
    ["string", "number", "text", "env", "boolean", "list", "pipeline", "ssh-key", "pgp-key"];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parameter {
    pub id: Id,
    pub name: String,
    pub kind: String,
    pub value: String,
    pub description: String,
    pub advanced: bool,
}

impl Parameter {
    pub fn new(name: &str, kind: &str, value: &str, description: &str) -> Self {
        Self {
            id: 0,
            name: name.into(),
            kind: kind.into(),
            value: value.into(),
            description: description.into(),
            advanced: false,
        }
    }

    pub fn advanced(mut self) -> Self {
        self.advanced = true;
        self
    }
}

/// The requirement types the server accepts.
pub const REQUIREMENT_TYPES: [&str; 9] =
    ["binary", "network", "model", "hostname", "plugin", "service", "memory", "volume", "os-architecture"];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Requirement {
    pub id: Id,
    pub name: String,
    pub kind: String,
    pub value: String,
}

impl Requirement {
    pub fn new(kind: &str, name: &str, value: &str) -> Self {
        Self { id: 0, name: name.into(), kind: kind.into(), value: value.into() }
    }

    /// Most types use the value as the name.
    pub fn of(kind: &str, value: &str) -> Self {
        Self::new(kind, value, value)
    }
}

/// An `action_edge`: one step of an action, pointing at the child action it runs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Step {
    pub child: Id,
    pub step_name: String,
    pub enabled: bool,
    pub optional: bool,
    pub always_executed: bool,
    /// The values configured on the step (not the child's defaults).
    pub parameters: Vec<Parameter>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CdsAction {
    pub id: Id,
    /// `None` for Builtin and Plugin actions.
    pub group: Option<Id>,
    pub name: String,
    pub kind: ActionKind,
    pub description: String,
    pub enabled: bool,
    pub deprecated: bool,
    pub parameters: Vec<Parameter>,
    pub requirements: Vec<Requirement>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditEvent {
    ActionAdd,
    ActionUpdate,
}

impl AuditEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ActionAdd => "ActionAdd",
            Self::ActionUpdate => "ActionUpdate",
        }
    }
}

/// One `action_audit` row: the action as JSON before (none for an add) and after.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub id: Id,
    pub action_id: Id,
    pub triggered_by: String,
    pub created: GoTime,
    pub event: AuditEvent,
    pub before: Option<Box<WireAction>>,
    pub after: Box<WireAction>,
}

/// A legacy worker/hatchery token bound to a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupToken {
    pub id: Id,
    pub group: Id,
    /// What the table stores (base64 of a hash); the secret itself is never kept.
    pub hash: String,
    pub description: String,
    /// The creator's full name.
    pub creator: String,
    /// 1 session, 2 daily, 3 persistent.
    pub expiration: i64,
    pub created: GoTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub id: Id,
    pub key: String,
    pub name: String,
    /// Groups with a permission on the project.
    pub groups: Vec<Id>,
}

/// A pipeline job (a "Joined" action) and the actions its steps run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineJob {
    pub project: Id,
    pub pipeline_id: Id,
    pub pipeline_name: String,
    pub stage_id: Id,
    pub stage_name: String,
    pub job_id: Id,
    pub job_name: String,
    pub uses: Vec<Id>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerModelRow {
    pub id: Id,
    pub name: String,
    pub description: String,
    /// `docker` or `openstack`.
    pub kind: String,
    pub image: String,
    pub flavor: String,
    pub group: Id,
    pub disabled: bool,
    pub deprecated: bool,
    pub restricted: bool,
    pub official: bool,
    pub capabilities: Vec<Requirement>,
    pub registered_os: String,
    pub registered_arch: String,
    pub last_registration: GoTime,
    pub user_last_modified: GoTime,
    pub created_by: Id,
    pub nb_spawn_err: i64,
    pub last_spawn_err: String,
    pub date_last_spawn_err: Option<GoTime>,
    pub memory: i64,
    pub private_registry: Option<(String, String)>,
}
