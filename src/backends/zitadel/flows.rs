//! Flow and trigger types by id, and "where is this action bound": the reverse of
//! `GetFlow`, which lists the actions of each trigger of one flow type.

use super::wire::Flow;

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
    pub flow: String,
    pub trigger: String,
}

/// The server's name when it sent one, else ours, else the bare id.
fn name(shown: &str, id: &str, table: &[(&str, &str)]) -> String {
    if !shown.is_empty() {
        return shown.to_string();
    }
    table.iter().find(|(i, _)| *i == id).map(|(_, n)| n.to_string()).unwrap_or_else(|| format!("type {id}"))
}

/// Every trigger that runs the action with raw id `action_id`, in flow order.
pub(crate) fn bindings_of(flows: &[Flow], action_id: &str) -> Vec<Binding> {
    let mut out = Vec::new();
    for flow in flows {
        for trigger in &flow.trigger_actions {
            if trigger.actions.iter().any(|a| a.id.raw() == action_id) {
                out.push(Binding {
                    flow: name(flow.flow_type.name.shown(), &flow.flow_type.id, &FLOW_TYPES),
                    trigger: name(trigger.trigger_type.name.shown(), &trigger.trigger_type.id, &TRIGGER_TYPES),
                });
            }
        }
    }
    out
}
