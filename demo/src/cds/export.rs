//! From an action to its export document (`exportentities.NewAction`) and back to a draft
//! the server can save (import and rollback resolve steps by `group/name`).

use super::builtins::{DEPLOY_TEMPLATE, GIT_CLONE_DEFAULTS, SCRIPT, STRUCT_BODIES, TEXT_BODIES};
use super::draft::{Draft, DraftStep};
use super::entity::{
    DecodeError, ExportAction, ExportParameter, ExportRequirement, ExportStep, StepBody, VERSION, single_body,
};
use super::errors::CdsError;
use super::model::{CdsAction, Parameter, Requirement, SHARED_INFRA};
use super::state::CdsState;
use super::wire::{WireAction, WireParameter};

fn find<'a>(params: &'a [WireParameter], name: &str) -> Option<&'a WireParameter> {
    params.iter().find(|p| p.name == name)
}

/// `exportentities.NewAction(a)`: `a` is a snapshot (own requirements, steps as loaded).
pub fn export_of(a: &WireAction) -> ExportAction {
    let group = a.group.as_ref().map(|g| g.name.clone()).filter(|n| !n.is_empty());
    ExportAction {
        version: VERSION.into(),
        name: a.name.clone(),
        group: group.unwrap_or_else(|| SHARED_INFRA.into()),
        description: a.description.clone(),
        enabled: (!a.enabled).then_some(false),
        parameters: a
            .parameters
            .iter()
            .flatten()
            .map(|p| {
                let value = ExportParameter {
                    kind: p.kind.clone(),
                    default: p.value.clone(),
                    description: p.description.clone(),
                    advanced: p.advanced.then_some(true),
                };
                (p.name.clone(), value)
            })
            .collect(),
        requirements: a.requirements.iter().flatten().map(|r| export_requirement(&r.kind, &r.name, &r.value)).collect(),
        steps: a.actions.iter().map(export_step).collect(),
    }
}

fn export_requirement(kind: &str, name: &str, value: &str) -> ExportRequirement {
    let mut r = ExportRequirement::default();
    let v = value.to_string();
    match kind {
        "binary" => r.binary = v,
        "network" => r.network = v,
        "model" => r.model = v,
        "hostname" => r.hostname = v,
        "plugin" => r.plugin = v,
        "service" => {
            r.service_name = name.to_string();
            r.service_value = v;
        }
        "memory" => r.memory = v,
        "os-architecture" => r.os_arch = v,
        // `volume` has no export form: it comes out as an empty item.
        _ => {}
    }
    r
}

fn export_step(c: &WireAction) -> ExportStep {
    let params = c.parameters.as_deref().unwrap_or_default();
    let body = match c.kind.as_str() {
        "Builtin" => builtin_body(&c.name, params),
        _ => {
            let key = match &c.group {
                Some(g) if g.name != SHARED_INFRA && !g.name.is_empty() => format!("{}/{}", g.name, c.name),
                _ => c.name.clone(),
            };
            let args =
                params.iter().filter(|p| !p.value.is_empty()).map(|p| (p.name.clone(), p.value.clone())).collect();
            Some(StepBody::Custom { key, params: args })
        }
    };
    ExportStep {
        name: c.step_name.clone(),
        enabled: (!c.enabled).then_some(false),
        optional: c.optional.then_some(true),
        always_executed: c.always_executed.then_some(true),
        bodies: body.into_iter().collect(),
    }
}

fn builtin_body(name: &str, params: &[WireParameter]) -> Option<StepBody> {
    if name == SCRIPT {
        return find(params, "script").map(|p| StepBody::Script(p.value.clone()));
    }
    if let Some(b) = STRUCT_BODIES.iter().find(|b| b.action == name) {
        let fields = b
            .fields
            .iter()
            .filter_map(|f| find(params, f).map(|p| (*f, p.value.clone())))
            .filter(|(f, v)| b.key != "gitClone" || !GIT_CLONE_DEFAULTS.iter().any(|(k, d)| k == f && d == v))
            .collect();
        return Some(StepBody::Fields { key: b.key, fields });
    }
    let b = TEXT_BODIES.iter().find(|b| b.action == name)?;
    let value = match b.param {
        Some(p) => find(params, p).map(|p| p.value.clone()).unwrap_or_default(),
        None => DEPLOY_TEMPLATE.to_string(),
    };
    Some(StepBody::Text { key: b.key, value })
}

/// An export document as the action it describes: the group by name (absent means
/// shared.infra), steps resolved by `group/name`, `enabled` ignored (forced true).
pub fn draft_from_export(state: &CdsState, doc: &ExportAction) -> Result<Draft, CdsError> {
    let group_name = if doc.group.is_empty() { SHARED_INFRA } else { doc.group.as_str() };
    let group = state.group(group_name).ok_or_else(CdsError::group_not_found)?;
    let mut parameters: Vec<Parameter> = doc
        .parameters
        .iter()
        .map(|(name, p)| Parameter {
            id: 0,
            name: name.clone(),
            kind: if p.kind.is_empty() { "string".into() } else { p.kind.clone() },
            value: p.default.clone(),
            description: p.description.clone(),
            advanced: p.advanced.unwrap_or(false),
        })
        .collect();
    parameters.sort_by(|a, b| a.name.cmp(&b.name));
    let requirements = doc.requirements.iter().map(import_requirement).collect();
    let mut steps = Vec::with_capacity(doc.steps.len());
    for step in &doc.steps {
        steps.push(import_step(state, step)?);
    }
    Ok(Draft {
        group_id: group.id,
        name: doc.name.clone(),
        description: doc.description.clone(),
        deprecated: false,
        parameters,
        requirements,
        steps,
    })
}

fn import_requirement(r: &ExportRequirement) -> Requirement {
    if !r.binary.is_empty() {
        Requirement::of("binary", &r.binary)
    } else if !r.network.is_empty() {
        Requirement::of("network", &r.network)
    } else if !r.model.is_empty() {
        Requirement::of("model", &r.model)
    } else if !r.hostname.is_empty() {
        Requirement::new("hostname", "hostname", &r.hostname)
    } else if !r.plugin.is_empty() {
        Requirement::of("plugin", &r.plugin)
    } else if !r.service_name.is_empty() {
        Requirement::new("service", &r.service_name, &r.service_value)
    } else if !r.memory.is_empty() {
        Requirement::new("memory", "memory", &r.memory)
    } else if !r.os_arch.is_empty() {
        Requirement::of("os-architecture", &r.os_arch)
    } else {
        // An empty item: the validation refuses its empty type.
        Requirement::default()
    }
}

fn malformed(e: DecodeError) -> CdsError {
    match e {
        DecodeError::MalformedStep(m) => CdsError::malformed_step().with_from(m),
        DecodeError::Invalid(m) => CdsError::wrong_request().with_from(m),
    }
}

fn import_step(state: &CdsState, step: &ExportStep) -> Result<DraftStep, CdsError> {
    let body = single_body(step).map_err(malformed)?;
    let (child, params): (&CdsAction, Vec<(String, String)>) = match body {
        StepBody::Script(text) => (builtin(state, SCRIPT)?, vec![("script".into(), text.clone())]),
        StepBody::Fields { key, fields } => {
            let b = STRUCT_BODIES.iter().find(|b| b.key == *key).ok_or_else(CdsError::malformed_step)?;
            let args = fields.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k.to_string(), v.clone())).collect();
            (builtin(state, b.action)?, args)
        }
        StepBody::Text { key, value } => {
            let b = TEXT_BODIES.iter().find(|b| b.key == *key).ok_or_else(CdsError::malformed_step)?;
            let args = b.param.map(|p| vec![(p.to_string(), value.clone())]).unwrap_or_default();
            (builtin(state, b.action)?, args)
        }
        StepBody::Custom { key, params } => (custom_child(state, key)?, params.clone()),
    };
    // Each value takes the type the child declares for it.
    let mut parameters: Vec<Parameter> = params
        .into_iter()
        .map(|(name, value)| {
            let declared = child.parameters.iter().find(|p| p.name == name);
            Parameter {
                id: 0,
                kind: declared.map_or_else(|| "string".into(), |p| p.kind.clone()),
                description: declared.map(|p| p.description.clone()).unwrap_or_default(),
                advanced: declared.is_some_and(|p| p.advanced),
                name,
                value,
            }
        })
        .collect();
    parameters.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(DraftStep {
        child: child.id,
        label: label(state, child),
        step_name: step.name.clone(),
        enabled: step.enabled.unwrap_or(true),
        optional: step.optional.unwrap_or(false),
        always_executed: step.always_executed.unwrap_or(false),
        parameters,
    })
}

fn builtin<'s>(state: &'s CdsState, name: &str) -> Result<&'s CdsAction, CdsError> {
    state
        .builtin_or_plugin(name)
        .ok_or_else(|| CdsError::action_not_found().with_from(format!("invalid given action {name}")))
}

/// `group/name`, or a bare name: a shared.infra Default action first, then a Builtin or
/// Plugin of that name.
fn custom_child<'s>(state: &'s CdsState, key: &str) -> Result<&'s CdsAction, CdsError> {
    let not_found = || CdsError::action_not_found().with_from(format!("invalid given action {key}"));
    match key.split_once('/') {
        Some((group, name)) => {
            let g = state.group(group).ok_or_else(CdsError::group_not_found)?;
            state.default_action_in(g.id, name).ok_or_else(not_found)
        }
        None => state
            .default_action_in(state.shared_infra_id(), key)
            .or_else(|| state.builtin_or_plugin(key))
            .ok_or_else(not_found),
    }
}

/// How an error message names a step's action.
pub fn label(state: &CdsState, a: &CdsAction) -> String {
    match state.group_name(a.group) {
        Some(g) => format!("path: {g}/{}", a.name),
        None => format!("id: {}", a.id),
    }
}

/// The snapshot an audit stores and an export reads: the action as loaded, with its own
/// requirements rather than the flattened list.
pub fn snapshot(state: &CdsState, a: &CdsAction) -> WireAction {
    let mut w = state.wire_action(a);
    let own = state.wire_list_item(a).requirements;
    w.requirements = if a.enabled { own } else { None };
    w
}
