//! Flow and trigger types by id, and "where is this action bound": the reverse of
//! `GetFlow`, which lists the actions of each trigger of one flow type.

use super::wire::{Flow, TypeRef};

/// The v1 flow types, by the id `GetFlow` takes in its path.
pub(crate) const FLOW_TYPES: [(&str, &str); 4] = [
    ("1", "External Authentication"),
    ("2", "Complement Token"),
    ("3", "Internal Authentication"),
    ("4", "Complement SAML Response"),
];

const TRIGGER_TYPES: [(&str, &str); 6] = [
    ("1", "Post Authentication"),
    ("2", "Pre Creation"),
    ("3", "Post Creation"),
    ("4", "Pre Userinfo Creation"),
    ("5", "Pre Access Token Creation"),
    ("6", "Pre SAML Response Creation"),
];

/// One place an action runs: a trigger of a flow, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Binding {
    pub(crate) flow: String,
    pub(crate) trigger: String,
}

/// The server's translated name, else ours (a key such as `Action.TriggerType.PreCreation`
/// is no name to show), else the key, else the bare id.
fn name(of: &TypeRef, table: &[(&str, &str)]) -> String {
    if !of.name.localized_message.is_empty() {
        return of.name.localized_message.to_string();
    }
    if let Some((_, n)) = table.iter().find(|(i, _)| **i == *of.id) {
        return n.to_string();
    }
    if !of.name.key.is_empty() {
        return of.name.key.to_string();
    }
    format!("type {}", of.id)
}

/// Every trigger that runs the action with raw id `action_id`, in flow order.
pub(crate) fn bindings_of(flows: &[Flow], action_id: &str) -> Vec<Binding> {
    let mut out = Vec::new();
    for flow in flows {
        for trigger in &flow.trigger_actions {
            if trigger.actions.iter().any(|a| a.id.raw() == action_id) {
                out.push(Binding {
                    flow: name(&flow.flow_type, &FLOW_TYPES),
                    trigger: name(&trigger.trigger_type, &TRIGGER_TYPES),
                });
            }
        }
    }
    out
}
