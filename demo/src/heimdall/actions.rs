//! `api/v1/actions/`: the permission catalog. Reads need any user; changes go through
//! Cerbos inside a blanket `except Exception`, so a denial (and an outage) comes back as a
//! 500 that quotes the original error (`docs/wire-heimdall.md`, Q6, Q7, Q11).

use serde_json::Value;

use super::auth::Caller;
use super::respond::{Answer, Failure, Handled};
use super::state::HeimdallState;
use super::validate::{self, Issue, StrRule};
use super::wire::{ActionListOut, ActionOut};
use crate::query::QueryDict;

const DEFAULT_LIMIT: i64 = 50;
const MAX_LIMIT: i64 = 100;
const CREATE_PATTERN: &str = "^[a-z0-9_:]+$";
const UPDATE_PATTERN: &str = "^[a-zA-Z0-9_:-]+$";

pub(crate) const UNREACHABLE: &str = "Service 'Cerbos Authorization Service' is currently unavailable: HTTPConnectionPool(host='127.0.0.1', port=28183): Max retries exceeded with url: /api/check/resources (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f84ec168a90>: Failed to establish a new connection: [Errno 111] Connection refused'))";

pub fn create_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | ':'))
}

fn update_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, 'a'..='z' | 'A'..='Z' | '0'..='9' | '_' | ':' | '-'))
}

fn out(s: &HeimdallState, id: i64) -> Option<ActionOut<'_>> {
    let a = s.action(id)?;
    Some(ActionOut {
        id: a.id,
        name: &a.name,
        description: a.description.as_deref(),
        endpoint_count: s.endpoint_count(a.id),
    })
}

pub fn list(s: &mut HeimdallState, query: &QueryDict) -> Handled {
    let mut issues = Vec::new();
    let skip = validate::int(query.get("skip"), &["query", "skip"], Some(0), None, &mut issues);
    let limit = validate::int(query.get("limit"), &["query", "limit"], Some(1), Some(MAX_LIMIT), &mut issues);
    if !issues.is_empty() {
        return Err(Failure::Validation(issues));
    }
    let (skip, limit) = (skip.unwrap_or(0), limit.unwrap_or(DEFAULT_LIMIT));
    if let Some((at, id)) = s.churn
        && at == skip
    {
        s.churn = None;
        s.move_to_end(id);
    }
    let ids: Vec<i64> = s.actions.iter().skip(skip as usize).take(limit as usize).map(|a| a.id).collect();
    let actions = ids.iter().filter_map(|id| out(s, *id)).collect();
    Ok(Answer::ok(&ActionListOut { actions, total: s.actions.len(), skip, limit }))
}

fn path_id(raw: &str) -> Result<i64, Failure> {
    let mut issues = Vec::new();
    validate::int(Some(raw), &["path", "action_id"], None, None, &mut issues).ok_or(Failure::Validation(issues))
}

pub fn get(s: &HeimdallState, raw_id: &str) -> Handled {
    let id = path_id(raw_id)?;
    let a = out(s, id).ok_or_else(|| Failure::http(404, format!("Action with ID {id} not found")))?;
    Ok(Answer::ok(&a))
}

/// Cerbos as the actions router asks it: any failure is re-raised as a 500 quoting it.
fn cerbos(s: &HeimdallState, caller: &Caller, verb: &str) -> Result<(), Failure> {
    if s.cerbos_down {
        return Err(Failure::http(500, format!("Failed to {verb} action: {UNREACHABLE}")));
    }
    if !caller.admin {
        let message = format!("Failed to {verb} action: 403: Insufficient permissions to {verb} actions");
        return Err(Failure::http(500, message));
    }
    Ok(())
}

pub fn create(s: &mut HeimdallState, caller: &Caller, body: Option<&Value>) -> Handled {
    let mut issues: Vec<Issue> = Vec::new();
    let Some(body) = validate::object_body(body, &mut issues) else {
        return Err(Failure::Validation(issues));
    };
    let name_rule = StrRule { required: true, min: 1, max: 100, pattern: Some((CREATE_PATTERN, create_name)) };
    let name = validate::field(body, "name", name_rule, &mut issues);
    let text_rule = StrRule { required: true, min: 1, max: 500, pattern: None };
    let description = validate::field(body, "description", text_rule, &mut issues);
    let (Some(name), Some(description)) = (name, description) else {
        return Err(Failure::Validation(issues));
    };
    cerbos(s, caller, "create")?;
    if s.action_named(&name).is_some() {
        return Err(Failure::http(400, format!("Action '{name}' already exists")));
    }
    let id = s.insert_action(&name, Some(&description));
    let a = out(s, id).ok_or_else(|| Failure::http(500, "Internal server error"))?;
    Ok(Answer::json(201, &a))
}

pub fn update(s: &mut HeimdallState, caller: &Caller, raw_id: &str, body: Option<&Value>) -> Handled {
    let mut issues = Vec::new();
    let id = validate::int(Some(raw_id), &["path", "action_id"], None, None, &mut issues);
    let body = validate::object_body(body, &mut issues);
    let name_rule = StrRule { required: false, min: 1, max: 100, pattern: Some((UPDATE_PATTERN, update_name)) };
    let text_rule = StrRule { required: false, min: 1, max: 500, pattern: None };
    let name = body.and_then(|b| validate::field(b, "name", name_rule, &mut issues));
    let description = body.and_then(|b| validate::field(b, "description", text_rule, &mut issues));
    let (Some(id), true) = (id, issues.is_empty()) else {
        return Err(Failure::Validation(issues));
    };
    cerbos(s, caller, "update")?;
    if s.action(id).is_none() {
        return Err(Failure::http(400, format!("Action with ID {id} not found")));
    }
    if let Some(n) = &name
        && s.actions.iter().any(|a| a.name == *n && a.id != id)
    {
        return Err(Failure::http(400, format!("Action '{n}' already exists")));
    }
    if let Some(a) = s.actions.iter_mut().find(|a| a.id == id) {
        if let Some(n) = name {
            a.name = n;
        }
        if let Some(d) = description {
            a.description = Some(d);
        }
    }
    s.move_to_end(id);
    let a = out(s, id).ok_or_else(|| Failure::http(500, "Internal server error"))?;
    Ok(Answer::ok(&a))
}

/// Cascades to the action's endpoint mappings (and, on the real server, role grants).
pub fn delete(s: &mut HeimdallState, caller: &Caller, raw_id: &str) -> Handled {
    let id = path_id(raw_id)?;
    cerbos(s, caller, "delete")?;
    if s.action(id).is_none() {
        return Err(Failure::http(400, format!("Action with ID {id} not found")));
    }
    s.actions.retain(|a| a.id != id);
    s.mappings.retain(|m| m.action_id != id);
    Ok(Answer::NoContent)
}
