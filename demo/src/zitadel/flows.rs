//! GetFlow: the actions each trigger of one flow type runs, in order. Only triggers with
//! actions are listed, and a flow without any has no `triggerActions` and no `details`.

use serde_json::{Map, Value, json};

use super::errors::GrpcError;
use super::model::Binding;
use super::state::ZitadelState;
use super::wire;

const FLOWS: [(u8, &str, &str); 4] = [
    (1, "ExternalAuthentication", "External Authentication"),
    (2, "CustomiseToken", "Complement Token"),
    (3, "InternalAuthentication", "Internal Authentication"),
    (4, "SAMLResponse", "Complement SAML Response"),
];

const TRIGGERS: [(u8, &str, &str); 6] = [
    (1, "PostAuthentication", "Post Authentication"),
    (2, "PreCreation", "Pre Creation"),
    (3, "PostCreation", "Post Creation"),
    (4, "PreUserinfoCreation", "Pre Userinfo creation"),
    (5, "PreAccessTokenCreation", "Pre access token creation"),
    (6, "PreSAMLResponseCreation", "Pre SAMLResponse creation"),
];

pub fn get(s: &ZitadelState, org: &str, flow_type: &str) -> Result<Value, GrpcError> {
    let (id, key, name) = FLOWS
        .iter()
        .find(|(id, _, _)| id.to_string() == flow_type)
        .ok_or_else(|| GrpcError::invalid_argument("Errors.Flow.FlowTypeMissing"))?;
    let mut bound: Vec<&Binding> =
        s.bindings.iter().filter(|b| b.org == org && b.flow_type == *id && !b.actions.is_empty()).collect();
    bound.sort_by_key(|b| b.trigger_type);

    let mut flow = Map::new();
    flow.insert("type".into(), wire::type_ref(*id, &format!("Action.Flow.Type.{key}"), name));
    if bound.is_empty() {
        return Ok(json!({ "flow": flow }));
    }
    let changed = bound.iter().map(|b| b.at).max();
    flow.insert("details".into(), wire::details(bound.len() as u64, None, changed, org));
    flow.insert("state".into(), Value::String("FLOW_STATE_ACTIVE".into()));
    let triggers: Vec<Value> = bound
        .iter()
        .map(|b| {
            let (tid, tkey, tname) = TRIGGERS.iter().find(|(t, _, _)| *t == b.trigger_type).copied().unwrap_or((
                b.trigger_type,
                "Unknown",
                "Unknown",
            ));
            let actions: Vec<Value> = b.actions.iter().filter_map(|a| s.action(a)).map(wire::action).collect();
            json!({
                "triggerType": wire::type_ref(tid, &format!("Action.TriggerType.{tkey}"), tname),
                "actions": actions,
            })
        })
        .collect();
    flow.insert("triggerActions".into(), Value::Array(triggers));
    Ok(json!({ "flow": flow }))
}
