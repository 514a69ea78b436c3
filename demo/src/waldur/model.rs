//! What the demo Waldur stores: the `UserAction` rows of the database (not their wire form),
//! the objects they point at, execution history, providers and users.

use std::sync::Arc;

use jiff::Timestamp;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Urgency {
    Low,
    Medium,
    High,
}

impl Urgency {
    pub const ALL: [Urgency; 3] = [Urgency::Low, Urgency::Medium, Urgency::High];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.as_str() == s)
    }
}

/// The order a marketplace order was placed with: the integer goes into corrective-action
/// metadata, the label into the row's `order_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderKind {
    Create,
    Update,
    Terminate,
}

impl OrderKind {
    pub fn code(self) -> u8 {
        match self {
            Self::Create => 1,
            Self::Update => 2,
            Self::Terminate => 3,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Create => "Create",
            Self::Update => "Update",
            Self::Terminate => "Terminate",
        }
    }
}

/// The object a row was computed from. Corrective actions are derived from it on every read
/// (the real server computes them live per request), never stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Related {
    /// No provider knows this object: the row has no corrective actions.
    None,
    Order(OrderRef),
    Resource(ResourceRef),
    Quota(QuotaRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrderRef {
    pub uuid: Uuid,
    pub kind: OrderKind,
    /// Decimal string as `str(Decimal)` prints it, e.g. `"12.5000000"`; `None` for free orders.
    pub estimated_cost: Option<Arc<str>>,
    pub created_by_email: Option<Arc<str>>,
    /// Whether the demo user holds `ORDER.APPROVE` on the project (Approve/Reject offered).
    pub can_approve: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResourceRef {
    pub uuid: Uuid,
    /// Whether the demo user holds `RESOURCE.TERMINATE` (Terminate offered).
    pub can_terminate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuotaScope {
    Project,
    Organization,
}

/// A usage threshold crossed on a project or an organisation: the third provider, whose
/// executable corrective action no handler implements (the server answers 500).
#[derive(Debug, Clone, PartialEq)]
pub struct QuotaRef {
    pub scope: QuotaScope,
    pub scope_uuid: Uuid,
    pub quota_name: Arc<str>,
    pub usage: u64,
    pub limit: u64,
}

/// `route_params` of a row: nearly always one hex uuid under a fixed key.
#[derive(Debug, Clone, PartialEq)]
pub enum RouteParams {
    Empty,
    Uuid {
        key: &'static str,
        value: Uuid,
    },
    /// Anything else, in this order (for hand-made test rows).
    Pairs(Vec<(String, String)>),
}

/// One `user_actions_useraction` row. All strings are shared (`Arc<str>`) because most repeat
/// across rows (project, organisation, offering names): 100k rows stay small.
#[derive(Debug, Clone, PartialEq)]
pub struct UserActionRow {
    pub uuid: Uuid,
    pub action_type: Arc<str>,
    pub title: Arc<str>,
    pub description: Arc<str>,
    pub urgency: Urgency,
    pub due_date: Option<Timestamp>,
    pub is_silenced: bool,
    /// Stored but never exposed on the wire.
    pub silenced_at: Option<Timestamp>,
    pub silenced_until: Option<Timestamp>,
    pub created: Timestamp,
    pub modified: Timestamp,
    pub related_object_name: Arc<str>,
    pub related_object_type: Arc<str>,
    pub related: Related,
    pub route_name: Arc<str>,
    pub route_params: RouteParams,
    pub project_name: Arc<str>,
    pub project_uuid: Option<Uuid>,
    pub organization_name: Arc<str>,
    pub organization_uuid: Option<Uuid>,
    pub offering_name: Arc<str>,
    pub offering_uuid: Option<Uuid>,
    pub offering_type: Arc<str>,
    pub resource_name: Arc<str>,
    pub resource_uuid: Option<Uuid>,
    pub order_type: Arc<str>,
}

impl UserActionRow {
    /// A bare row with no context and no corrective actions; set the fields a test needs.
    pub fn new(uuid: Uuid, action_type: &str, title: &str, created: Timestamp) -> Self {
        let empty: Arc<str> = Arc::from("");
        Self {
            uuid,
            action_type: action_type.into(),
            title: title.into(),
            description: empty.clone(),
            urgency: Urgency::Low,
            due_date: None,
            is_silenced: false,
            silenced_at: None,
            silenced_until: None,
            created,
            modified: created,
            related_object_name: "None".into(),
            related_object_type: empty.clone(),
            related: Related::None,
            route_name: empty.clone(),
            route_params: RouteParams::Empty,
            project_name: empty.clone(),
            project_uuid: None,
            organization_name: empty.clone(),
            organization_uuid: None,
            offering_name: empty.clone(),
            offering_uuid: None,
            offering_type: empty.clone(),
            resource_name: empty.clone(),
            resource_uuid: None,
            order_type: empty,
        }
    }

    pub fn is_temporarily_silenced(&self, now: Timestamp) -> bool {
        self.silenced_until.is_some_and(|until| until > now)
    }

    pub fn is_effectively_silenced(&self, now: Timestamp) -> bool {
        self.is_silenced || self.is_temporarily_silenced(now)
    }

    /// `UserAction.silence()`: a duration sets `silenced_until` and leaves the permanent flag
    /// alone; no duration sets the flag and leaves `silenced_until` alone.
    pub fn silence(&mut self, duration_days: Option<i64>, now: Timestamp) {
        self.silenced_at = Some(now);
        match duration_days {
            Some(days) if days != 0 => self.silenced_until = Some(super::super::clock::add_days(now, days)),
            _ => self.is_silenced = true,
        }
        self.modified = now;
    }

    pub fn unsilence(&mut self, now: Timestamp) {
        self.is_silenced = false;
        self.silenced_until = None;
        self.modified = now;
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionRow {
    pub id: i64,
    /// Who executed it: the history endpoint only shows the caller's own.
    pub user_uuid: Uuid,
    /// Not exposed on the wire (the real serializer drops the action reference too).
    pub action_uuid: Uuid,
    pub corrective_action_label: String,
    pub executed_at: Timestamp,
    pub success: bool,
    pub error_message: String,
    /// Python repr of the JSON column, e.g. `{}` or `{'order_uuid': '…'}`.
    pub execution_metadata: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProviderRow {
    pub id: i64,
    pub app_name: String,
    pub provider_class: String,
    pub action_type: String,
    pub is_enabled: bool,
    pub schedule: String,
    pub last_execution: Option<Timestamp>,
    pub last_execution_status: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoUser {
    pub uuid: Uuid,
    pub username: String,
    /// DRF token key: 40 lowercase hex characters.
    pub token: String,
    pub is_staff: bool,
}
