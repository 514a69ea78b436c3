//! An action about to be written, from any of the four ways in (POST, PUT, import,
//! rollback): the server's validation (`IsValidDefault`, requirement rules, usable steps,
//! loops) and the write itself, which records an audit row like the event consumer does.

use serde::Deserialize;

use super::errors::CdsError;
use super::export::snapshot;
use super::model::{
    ActionKind, AuditEvent, AuditRow, CdsAction, Id, PARAMETER_TYPES, Parameter, REQUIREMENT_TYPES, Requirement, Step,
};
use super::state::CdsState;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    pub group_id: Id,
    pub name: String,
    pub description: String,
    pub deprecated: bool,
    pub parameters: Vec<Parameter>,
    pub requirements: Vec<Requirement>,
    pub steps: Vec<DraftStep>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DraftStep {
    pub child: Id,
    /// How error messages name the child: `path: group/name` or `id: N`.
    pub label: String,
    pub step_name: String,
    pub enabled: bool,
    pub optional: bool,
    pub always_executed: bool,
    pub parameters: Vec<Parameter>,
}

// ----- the JSON body of POST/PUT (sdk.Action as the UI and opsy send it) -----

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct BodyAction {
    group_id: Option<i64>,
    name: String,
    description: String,
    deprecated: bool,
    parameters: Option<Vec<BodyParameter>>,
    requirements: Option<Vec<BodyRequirement>>,
    actions: Option<Vec<BodyStep>>,
    group: Option<BodyGroup>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct BodyGroup {
    id: i64,
    name: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct BodyParameter {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    value: String,
    description: String,
    advanced: bool,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct BodyRequirement {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    value: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct BodyStep {
    id: i64,
    name: String,
    step_name: String,
    enabled: bool,
    optional: bool,
    always_executed: bool,
    parameters: Option<Vec<BodyParameter>>,
    group: Option<BodyGroup>,
}

fn parameter(p: BodyParameter) -> Parameter {
    Parameter { id: 0, name: p.name, kind: p.kind, value: p.value, description: p.description, advanced: p.advanced }
}

/// `service.UnmarshalBody`: invalid JSON is 400 id 74.
pub fn draft_from_json(body: &[u8]) -> Result<Draft, CdsError> {
    let a: BodyAction = serde_json::from_slice(body).map_err(|e| CdsError::wrong_request().with_from(e.to_string()))?;
    // The group may come as `group_id` or as the embedded group.
    let group_id = a.group_id.filter(|id| *id != 0).or_else(|| a.group.as_ref().map(|g| g.id)).unwrap_or(0);
    let steps = a
        .actions
        .unwrap_or_default()
        .into_iter()
        .map(|s| DraftStep {
            child: s.id,
            label: match (&s.group, s.name.is_empty()) {
                (Some(g), false) if !g.name.is_empty() => format!("path: {}/{}", g.name, s.name),
                _ => format!("id: {}", s.id),
            },
            step_name: s.step_name,
            enabled: s.enabled,
            optional: s.optional,
            always_executed: s.always_executed,
            parameters: s.parameters.unwrap_or_default().into_iter().map(parameter).collect(),
        })
        .collect();
    Ok(Draft {
        group_id,
        name: a.name,
        description: a.description,
        deprecated: a.deprecated,
        parameters: a.parameters.unwrap_or_default().into_iter().map(parameter).collect(),
        requirements: a
            .requirements
            .unwrap_or_default()
            .into_iter()
            .map(|r| Requirement { id: 0, name: r.name, kind: r.kind, value: r.value })
            .collect(),
        steps,
    })
}

/// `IsValidDefault` and the requirement rules: everything checkable without the database.
pub fn check_shape(d: &Draft) -> Result<(), CdsError> {
    if d.group_id == 0 {
        return Err(CdsError::wrong_request().with_from("invalid group id for action"));
    }
    if d.name.is_empty() {
        return Err(CdsError::wrong_request().with_from("invalid action name"));
    }
    for p in d.parameters.iter().chain(d.steps.iter().flat_map(|s| s.parameters.iter())) {
        if p.name.is_empty() && p.value.is_empty() {
            return Err(CdsError::wrong_request().with_from("invalid parameter, name or value required"));
        }
        if !PARAMETER_TYPES.contains(&p.kind.as_str()) {
            return Err(CdsError::wrong_request()
                .with_from(format!("invalid given value type {} for parameter {}", p.kind, p.name)));
        }
    }
    for (i, r) in d.requirements.iter().enumerate() {
        if !REQUIREMENT_TYPES.contains(&r.kind.as_str()) || r.value.is_empty() {
            return Err(CdsError::invalid_requirement());
        }
        if d.requirements[..i].iter().any(|o| o.name == r.name && o.kind == r.kind) {
            return Err(CdsError::invalid_requirement());
        }
    }
    if d.requirements.iter().filter(|r| r.kind == "model").count() > 1 {
        return Err(CdsError::duplicate_model());
    }
    if d.requirements.iter().filter(|r| r.kind == "hostname").count() > 1 {
        return Err(CdsError::duplicate_hostname());
    }
    if d.steps.iter().any(|s| s.child == 0) {
        return Err(CdsError::wrong_request().with_from("invalid action id for child"));
    }
    Ok(())
}

/// `CheckChildrenForGroupIDs[WithLoop]`: every step runs a Builtin, a Plugin, or a Default
/// action of the target group or shared.infra (recursively), and none leads back to `root`.
pub fn check_children(state: &CdsState, d: &Draft, root: Option<Id>) -> Result<(), CdsError> {
    let allowed = [state.shared_infra_id(), d.group_id];
    let usable = |id: Id| {
        state.action_by_id(id).filter(|a| match a.kind {
            ActionKind::Builtin | ActionKind::Plugin => true,
            ActionKind::Default => a.group.is_some_and(|g| allowed.contains(&g)),
            ActionKind::Joined => false,
        })
    };
    let missing: Vec<&str> = d.steps.iter().filter(|s| usable(s.child).is_none()).map(|s| s.label.as_str()).collect();
    if !missing.is_empty() {
        return Err(not_usable(&missing));
    }
    let Some(root) = root else { return Ok(()) };
    let mut frontier: Vec<Id> = d.steps.iter().map(|s| s.child).collect();
    let mut seen: Vec<Id> = Vec::new();
    while let Some(id) = frontier.pop() {
        if id == root {
            return Err(CdsError::wrong_request().with_from("action loop usage detected for given steps"));
        }
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        let Some(a) = usable(id) else { continue };
        for s in &a.steps {
            if usable(s.child).is_none() {
                let label = state.action_by_id(s.child).map(|c| super::export::label(state, c));
                return Err(not_usable(&[label.as_deref().unwrap_or("id: 0")]));
            }
            frontier.push(s.child);
        }
    }
    Ok(())
}

fn not_usable(refs: &[&str]) -> CdsError {
    CdsError::wrong_request().with_from(format!(
        "some given step actions are not usable: ({}). Please check you have correct permissions on your project and your workflow",
        refs.join(", ")
    ))
}

impl CdsState {
    /// Insert (`existing: None`) or replace an action, then record the audit row the event
    /// consumer would write. Returns the action id.
    pub(crate) fn save_draft(&mut self, d: Draft, existing: Option<Id>, by: &str) -> Id {
        let before = existing.and_then(|id| self.action_by_id(id)).map(|a| Box::new(snapshot(self, a)));
        let id = existing.unwrap_or_else(|| self.fresh_id());
        let mut parameters = d.parameters;
        for p in &mut parameters {
            p.id = self.fresh_id();
        }
        let mut requirements = d.requirements;
        for r in &mut requirements {
            r.id = self.fresh_id();
        }
        let mut steps = Vec::with_capacity(d.steps.len());
        for s in d.steps {
            let child_name = self.action_by_id(s.child).map(|c| c.name.to_lowercase()).unwrap_or_default();
            let mut params = s.parameters;
            for p in &mut params {
                p.id = self.fresh_id();
                // A list's value on a step is its first item.
                if p.kind == "list"
                    && let Some((first, _)) = p.value.split_once(';')
                {
                    p.value = first.to_string();
                }
            }
            steps.push(Step {
                child: s.child,
                // Not saved when it only repeats the child's name.
                step_name: if s.step_name.to_lowercase() == child_name { String::new() } else { s.step_name },
                enabled: s.enabled,
                optional: s.optional,
                always_executed: s.always_executed,
                parameters: params,
            });
        }
        let action = CdsAction {
            id,
            group: Some(d.group_id),
            name: d.name,
            kind: ActionKind::Default,
            description: d.description,
            // Forced on insert and update.
            enabled: true,
            deprecated: d.deprecated,
            parameters,
            requirements,
            steps,
        };
        match self.actions.iter_mut().find(|a| a.id == id) {
            Some(slot) => *slot = action,
            None => self.actions.push(action),
        }
        self.record_audit(id, by, before);
        id
    }

    fn record_audit(&mut self, action: Id, by: &str, before: Option<Box<super::wire::WireAction>>) {
        let Some(a) = self.action_by_id(action) else { return };
        let after = Box::new(snapshot(self, a));
        let row = AuditRow {
            id: self.fresh_id(),
            action_id: action,
            triggered_by: by.to_string(),
            created: self.now_go(),
            event: if before.is_some() { AuditEvent::ActionUpdate } else { AuditEvent::ActionAdd },
            before,
            after,
        };
        self.audits.push(row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_become_drafts_and_shapes_are_checked() {
        let d = draft_from_json(
            br#"{"name":"b","group_id":7,"parameters":[{"name":"t","type":"string","value":"x"}],
                "requirements":[{"name":"bash","type":"binary","value":"bash"}],
                "actions":[{"id":1,"step_name":"s","enabled":true,"parameters":[]}]}"#,
        )
        .expect("draft");
        assert_eq!((d.group_id, d.steps[0].child, d.steps[0].label.as_str()), (7, 1, "id: 1"));
        assert!(check_shape(&d).is_ok());
        let mut bad = d.clone();
        bad.group_id = 0;
        assert_eq!(check_shape(&bad).map_err(|e| e.id), Err(74));
        let mut bad = d.clone();
        bad.requirements.push(Requirement::of("model", "a"));
        bad.requirements.push(Requirement::of("model", "b"));
        assert_eq!(check_shape(&bad).map_err(|e| e.id), Err(123));
        let mut bad = d.clone();
        bad.requirements.push(Requirement::of("binary", "bash"));
        assert_eq!(check_shape(&bad).map_err(|e| e.id), Err(98));
        let mut bad = d;
        bad.parameters[0].kind = "float".into();
        assert_eq!(check_shape(&bad).map_err(|e| e.id), Err(74));
        assert_eq!(draft_from_json(b"{").map_err(|e| e.id), Err(74));
    }
}
