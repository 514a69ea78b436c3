//! Corrective actions as the built-in providers compute them (docs/wire-waldur.md), and what
//! executing one does. They are derived from the row's related object on every read.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use uuid::Uuid;
use uuid::fmt::Simple;

use super::model::{OrderRef, QuotaRef, QuotaScope, Related, ResourceRef, UserActionRow};

/// All ten keys in serializer order.
#[derive(Debug, Serialize)]
pub struct Corrective<'a> {
    pub label: &'static str,
    pub category: &'static str,
    pub severity: &'static str,
    pub method: &'static str,
    pub api_endpoint: bool,
    pub confirmation_required: bool,
    pub permissions_required: &'static [&'static str],
    pub metadata: Metadata<'a>,
    pub route_name: Option<&'static str>,
    pub route_params: Params,
}

/// The providers' metadata dicts, keys in the order the Python literals list them.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Metadata<'a> {
    Empty {},
    Approve { order_type: u8, offering_type: &'a str, estimated_cost: Option<&'a str> },
    Reject { order_type: u8, customer_contact: Option<&'a str> },
    Terminate { resource_name: &'a str, resource_uuid: Simple },
    Quota { quota_name: &'a str, usage: u64, limit: u64 },
}

/// Route parameters: uuids in hex, as Waldur's own uuid fields print them.
#[derive(Debug)]
pub enum Params {
    Empty,
    One(&'static str, Uuid),
    WithTab(&'static str, Uuid, &'static str),
}

impl Serialize for Params {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Empty => s.serialize_map(Some(0))?.end(),
            Self::One(key, uuid) => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry(key, &uuid.simple())?;
                map.end()
            }
            Self::WithTab(key, uuid, tab) => {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry(key, &uuid.simple())?;
                map.serialize_entry("tab", tab)?;
                map.end()
            }
        }
    }
}

fn navigation(
    label: &'static str,
    category: &'static str,
    severity: &'static str,
    route_name: &'static str,
    route_params: Params,
) -> Corrective<'static> {
    Corrective {
        label,
        category,
        severity,
        method: "GET",
        api_endpoint: false,
        confirmation_required: false,
        permissions_required: &[],
        metadata: Metadata::Empty {},
        route_name: Some(route_name),
        route_params,
    }
}

pub fn for_row(row: &UserActionRow) -> Vec<Corrective<'_>> {
    match &row.related {
        Related::None => Vec::new(),
        Related::Order(order) => for_order(row, order),
        Related::Resource(resource) => for_resource(row, resource),
        Related::Quota(quota) => for_quota(quota),
    }
}

fn for_order<'a>(row: &'a UserActionRow, order: &'a OrderRef) -> Vec<Corrective<'a>> {
    const ROUTE: &str = "marketplace-orders.details";
    let mut out = vec![navigation("View Order Details", "view", "safe", ROUTE, Params::One("order_uuid", order.uuid))];
    if order.can_approve {
        out.push(Corrective {
            label: "Approve Order",
            category: "approve",
            severity: "low",
            method: "POST",
            api_endpoint: true,
            confirmation_required: true,
            permissions_required: &["ORDER.APPROVE"],
            metadata: Metadata::Approve {
                order_type: order.kind.code(),
                offering_type: &row.offering_type,
                estimated_cost: order.estimated_cost.as_deref(),
            },
            route_name: None,
            route_params: Params::Empty,
        });
        out.push(Corrective {
            confirmation_required: true,
            metadata: Metadata::Reject {
                order_type: order.kind.code(),
                customer_contact: order.created_by_email.as_deref(),
            },
            ..navigation("Reject Order", "reject", "high", ROUTE, Params::WithTab("order_uuid", order.uuid, "reject"))
        });
    }
    out
}

fn for_resource<'a>(row: &'a UserActionRow, resource: &'a ResourceRef) -> Vec<Corrective<'a>> {
    const ROUTE: &str = "marketplace-resource-details";
    let mut out = vec![
        navigation("View Resource", "view", "safe", ROUTE, Params::One("resource_uuid", resource.uuid)),
        navigation(
            "Renew Resource",
            "extend",
            "low",
            ROUTE,
            Params::WithTab("resource_uuid", resource.uuid, "actions"),
        ),
    ];
    if resource.can_terminate {
        out.push(Corrective {
            label: "Terminate Resource",
            category: "terminate",
            severity: "high",
            method: "POST",
            api_endpoint: true,
            confirmation_required: true,
            permissions_required: &[],
            metadata: Metadata::Terminate { resource_name: &row.resource_name, resource_uuid: resource.uuid.simple() },
            route_name: None,
            route_params: Params::Empty,
        });
    }
    out
}

fn for_quota(quota: &QuotaRef) -> Vec<Corrective<'_>> {
    let (route, permission): (&'static str, &'static [&'static str]) = match quota.scope {
        QuotaScope::Project => ("project-quotas", &["PROJECT.UPDATE"]),
        QuotaScope::Organization => ("organization-quotas", &["CUSTOMER.UPDATE"]),
    };
    vec![
        navigation("View Quotas", "view", "safe", route, Params::One("uuid", quota.scope_uuid)),
        Corrective {
            label: "Request Quota Increase",
            category: "escalate",
            severity: "medium",
            method: "POST",
            api_endpoint: true,
            confirmation_required: true,
            permissions_required: permission,
            metadata: Metadata::Quota { quota_name: &quota.quota_name, usage: quota.usage, limit: quota.limit },
            route_name: None,
            route_params: Params::Empty,
        },
    ]
}

/// What `execute_action` will do for a label, decided before anything changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Non-API action, or an API action with a non-mutating method.
    Navigate,
    /// `ExpiringResourceProvider` handles the terminate category by silencing the action.
    AcknowledgeExpiration,
    /// The view's fallback for pending-order "approve" labels: nothing is approved.
    ApproveStub { order_uuid: Uuid },
    /// Executable, but no handler: the view raises `NotImplementedError`.
    NotImplemented(String),
}

/// `None` when the label is not among the row's live corrective actions (exact match).
pub fn plan(row: &UserActionRow, label: &str) -> Option<Plan> {
    let actions = for_row(row);
    let action = actions.iter().find(|a| a.label == label)?;
    if !action.api_endpoint || !matches!(action.method, "POST" | "PUT" | "PATCH") {
        return Some(Plan::Navigate);
    }
    if matches!(row.related, Related::Resource(_)) && action.category == "terminate" {
        return Some(Plan::AcknowledgeExpiration);
    }
    if &*row.action_type == "pending_order"
        && action.label.to_lowercase().contains("approve")
        && let Related::Order(order) = &row.related
    {
        return Some(Plan::ApproveStub { order_uuid: order.uuid });
    }
    Some(Plan::NotImplemented(format!("API action not implemented: {}", action.label)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::waldur::model::OrderKind;

    fn order_row(can_approve: bool) -> UserActionRow {
        let mut row = UserActionRow::new(Uuid::from_u128(7), "pending_order", "t", jiff::Timestamp::UNIX_EPOCH);
        row.offering_type = "Marketplace.Slurm".into();
        row.related = Related::Order(OrderRef {
            uuid: Uuid::from_u128(0x9a8b7c6d5e4f40318a2b3c4d5e6f7081),
            kind: OrderKind::Create,
            estimated_cost: Some("12.5000000".into()),
            created_by_email: None,
            can_approve,
        });
        row
    }

    #[test]
    fn pending_orders_offer_view_approve_reject_in_spec_shape() {
        let row = order_row(true);
        let json = serde_json::to_string(&for_row(&row)).expect("json");
        assert_eq!(
            json,
            concat!(
                r#"[{"label":"View Order Details","category":"view","severity":"safe","method":"GET","api_endpoint":false,"#,
                r#""confirmation_required":false,"permissions_required":[],"metadata":{},"#,
                r#""route_name":"marketplace-orders.details","route_params":{"order_uuid":"9a8b7c6d5e4f40318a2b3c4d5e6f7081"}},"#,
                r#"{"label":"Approve Order","category":"approve","severity":"low","method":"POST","api_endpoint":true,"#,
                r#""confirmation_required":true,"permissions_required":["ORDER.APPROVE"],"#,
                r#""metadata":{"order_type":1,"offering_type":"Marketplace.Slurm","estimated_cost":"12.5000000"},"#,
                r#""route_name":null,"route_params":{}},"#,
                r#"{"label":"Reject Order","category":"reject","severity":"high","method":"GET","api_endpoint":false,"#,
                r#""confirmation_required":true,"permissions_required":[],"metadata":{"order_type":1,"customer_contact":null},"#,
                r#""route_name":"marketplace-orders.details","route_params":{"order_uuid":"9a8b7c6d5e4f40318a2b3c4d5e6f7081","tab":"reject"}}]"#
            )
        );
        assert_eq!(for_row(&order_row(false)).len(), 1);
    }

    #[test]
    fn execution_plans_follow_the_view() {
        let row = order_row(true);
        assert_eq!(plan(&row, "View Order Details"), Some(Plan::Navigate));
        assert_eq!(plan(&row, "Reject Order"), Some(Plan::Navigate));
        assert!(matches!(plan(&row, "Approve Order"), Some(Plan::ApproveStub { .. })));
        assert_eq!(plan(&row, "approve order"), None, "labels are case-sensitive");
        let mut other = row.clone();
        other.action_type = "custom".into();
        assert_eq!(
            plan(&other, "Approve Order"),
            Some(Plan::NotImplemented("API action not implemented: Approve Order".into()))
        );
        let mut resource =
            UserActionRow::new(Uuid::from_u128(8), "expiring_resource", "t", jiff::Timestamp::UNIX_EPOCH);
        resource.related = Related::Resource(ResourceRef { uuid: Uuid::from_u128(9), can_terminate: true });
        assert_eq!(plan(&resource, "Terminate Resource"), Some(Plan::AcknowledgeExpiration));
        assert_eq!(plan(&resource, "Renew Resource"), Some(Plan::Navigate));
        resource.related = Related::Resource(ResourceRef { uuid: Uuid::from_u128(9), can_terminate: false });
        assert_eq!(plan(&resource, "Terminate Resource"), None);
    }
}
