//! The demo Heimdall's tables, as the real service keeps them in PostgreSQL.

use jiff::Timestamp;

/// A permission verb. The table has no order: [`HeimdallState::actions`](super::HeimdallState::actions)
/// is the storage order, where an update moves a row to the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeimdallAction {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
}

/// `(path_pattern, method)` guarded by an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub id: i64,
    pub path_pattern: String,
    pub method: String,
    pub action_id: i64,
    pub description: Option<String>,
    pub created_by: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeimdallGroup {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    pub created_by: Option<String>,
    pub created_at: Timestamp,
    /// Roles every member holds through this group.
    pub roles: Vec<String>,
}

/// A user row, created on a user's first call or when someone adds their CPF to a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeimdallUser {
    pub id: i64,
    pub cpf: String,
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub group_id: i64,
    pub user_id: i64,
    pub joined_at: Timestamp,
    pub added_by: Option<String>,
}
