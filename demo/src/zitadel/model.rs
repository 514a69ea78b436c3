//! The demo ZITADEL's records: organisations, machine users with their PATs, actions, flow
//! bindings and the event log every change appends to.

use std::time::Duration;

use jiff::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionState {
    Active,
    Inactive,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Org {
    pub id: String,
    pub name: String,
}

/// The manager role a token's user holds, which decides what it may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Instance-wide: every organisation, and `events.read` on the Admin API.
    IamOwner,
    /// Its own organisation only (`org.action.*`, `org.flow.*`); no events.
    OrgOwner,
    /// No manager role at all: authenticated, allowed nothing.
    None,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ZitadelUser {
    pub id: String,
    pub user_name: String,
    pub display_name: String,
    /// The organisation the user belongs to: the default context without an org header.
    pub org: String,
    pub role: Role,
    /// A personal access token; empty for users who only appear as editors.
    pub token: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ZitadelAction {
    pub id: String,
    /// Resource owner.
    pub org: String,
    /// ZITADEL calls the script's function of this name.
    pub name: String,
    pub script: String,
    pub timeout: Duration,
    pub allowed_to_fail: bool,
    pub state: ActionState,
    pub created: Timestamp,
    pub changed: Timestamp,
    /// The aggregate's last event sequence.
    pub sequence: u64,
}

/// Who made a change, as events name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    pub user_id: String,
    pub display_name: String,
    pub service: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ZitadelEvent {
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub resource_owner: String,
    /// Counts up per aggregate.
    pub sequence: u64,
    pub at: Timestamp,
    pub editor: Editor,
    pub event_type: String,
    /// `None` for events without data (deactivated, reactivated).
    pub payload: Option<serde_json::Value>,
}

/// The actions one trigger of one flow runs, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub org: String,
    pub flow_type: u8,
    pub trigger_type: u8,
    pub actions: Vec<String>,
    pub at: Timestamp,
}
