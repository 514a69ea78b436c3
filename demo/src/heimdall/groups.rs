//! `api/v1/groups/`: groups and their members. Unlike the actions router, Cerbos denials
//! here are real 403s; an outage is a 503 from the health gate. Member listing is gated too,
//! an unknown group on add is a 403 (after the CPF's user row was created), a re-add is a
//! 200, and removal is a 204 whatever happened (`docs/wire-heimdall.md`, Q3–Q5).

use serde_json::Value;

use super::actions::create_name;
use super::auth::Caller;
use super::like::starts_with;
use super::model::{HeimdallGroup, Membership};
use super::respond::{Answer, Failure, Handled};
use super::state::HeimdallState;
use super::validate::{self, StrRule};
use super::wire::{GroupOut, MemberAddedOut, MemberOut};
use crate::query::QueryDict;

const NAME_PATTERN: &str = "^[a-z0-9_:]+$";
const CPF_PATTERN: &str = "^[0-9]{11}$";

fn cpf_shape(s: &str) -> bool {
    s.len() == 11 && s.bytes().all(|b| b.is_ascii_digit())
}

fn group_out(g: &HeimdallGroup) -> GroupOut<'_> {
    GroupOut {
        id: g.id,
        name: &g.name,
        description: g.description.as_deref(),
        created_by: g.created_by.as_deref(),
        created_at: g.created_at,
    }
}

/// The health gate every Cerbos-guarded route passes first, then the decision: only
/// superadmins may change groups or see members.
fn cerbos(s: &HeimdallState, caller: &Caller, denied: impl FnOnce() -> String) -> Result<(), Failure> {
    if s.cerbos_down {
        return Err(Failure::CerbosDown);
    }
    if caller.admin { Ok(()) } else { Err(Failure::Http(403, denied())) }
}

/// Any user may list; `prefix` is `LIKE 'x%'`, so case-sensitive.
pub fn list(s: &HeimdallState, query: &QueryDict) -> Handled {
    let prefix = query.get("prefix");
    let mut rows: Vec<&HeimdallGroup> =
        s.groups.iter().filter(|g| prefix.is_none_or(|p| starts_with(&g.name, p))).collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Answer::ok(&rows.into_iter().map(group_out).collect::<Vec<_>>()))
}

pub fn create(s: &mut HeimdallState, caller: &Caller, body: Option<&Value>) -> Handled {
    let mut issues = Vec::new();
    let Some(body) = validate::object_body(body, &mut issues) else {
        return Err(Failure::Validation(issues));
    };
    let rule = StrRule { required: true, min: 1, max: 100, pattern: Some((NAME_PATTERN, create_name)) };
    let name = validate::field(body, "name", rule, &mut issues);
    let text = StrRule { required: false, min: 0, max: 500, pattern: None };
    let description = validate::field(body, "description", text, &mut issues);
    let Some(name) = name.filter(|_| issues.is_empty()) else {
        return Err(Failure::Validation(issues));
    };
    cerbos(s, caller, || format!("Permission denied to create group '{name}'"))?;
    if s.group(&name).is_some() {
        return Err(Failure::http(409, format!("Group '{name}' already exists")));
    }
    let id = s.next_group_id;
    s.next_group_id += 1;
    s.groups.push(HeimdallGroup {
        id,
        name,
        description,
        created_by: Some(caller.cpf.clone()),
        created_at: s.clock.now(),
        roles: Vec::new(),
    });
    let g = s.groups.last().ok_or_else(|| Failure::http(500, "Internal server error"))?;
    Ok(Answer::json(201, &group_out(g)))
}

pub fn delete(s: &mut HeimdallState, caller: &Caller, name: &str) -> Handled {
    cerbos(s, caller, || format!("Permission denied to delete group '{name}'"))?;
    let id = s.group(name).map(|g| g.id).ok_or_else(|| Failure::http(404, format!("Group '{name}' not found")))?;
    s.groups.retain(|g| g.id != id);
    s.memberships.retain(|m| m.group_id != id);
    Ok(Answer::NoContent)
}

/// Cerbos `group:view_members`: admins only, whoever is in the group.
pub fn members(s: &HeimdallState, caller: &Caller, name: &str) -> Handled {
    cerbos(s, caller, || format!("Permission denied to view members of group '{name}'"))?;
    if s.group(name).is_none() {
        return Err(Failure::http(404, format!("Group '{name}' not found")));
    }
    let rows: Vec<MemberOut<'_>> = s
        .members_of(name)
        .into_iter()
        .map(|(u, m)| MemberOut {
            subject: &u.cpf,
            display_name: u.display_name.as_deref(),
            joined_at: m.joined_at,
            added_by: m.added_by.as_deref(),
        })
        .collect();
    Ok(Answer::ok(&rows))
}

pub fn add_member(s: &mut HeimdallState, caller: &Caller, name: &str, body: Option<&Value>) -> Handled {
    let mut issues = Vec::new();
    let Some(body) = validate::object_body(body, &mut issues) else {
        return Err(Failure::Validation(issues));
    };
    let rule = StrRule { required: true, min: 0, max: usize::MAX, pattern: Some((CPF_PATTERN, cpf_shape)) };
    let Some(subject) = validate::field(body, "subject", rule, &mut issues) else {
        return Err(Failure::Validation(issues));
    };
    // The user row comes before the permission check, so it exists even when refused.
    let user_id = s.ensure_user(&subject, None);
    let group_id = s.group(name).map(|g| g.id);
    let denied = || format!("Permission denied to add member to group '{name}'");
    cerbos(s, caller, denied)?;
    let Some(group_id) = group_id else {
        return Err(Failure::Http(403, denied()));
    };
    if !s.memberships.iter().any(|m| m.group_id == group_id && m.user_id == user_id) {
        let joined_at = s.clock.now();
        s.memberships.push(Membership { group_id, user_id, joined_at, added_by: Some(caller.cpf.clone()) });
    }
    Ok(Answer::ok(&MemberAddedOut { status: "member_added", group: name, subject: &subject }))
}

pub fn remove_member(s: &mut HeimdallState, caller: &Caller, name: &str, subject: &str) -> Handled {
    cerbos(s, caller, || format!("Permission denied to remove member from group '{name}'"))?;
    let group_id = s.group(name).map(|g| g.id);
    let user_id = s.user(subject).map(|u| u.id);
    s.memberships.retain(|m| Some(m.group_id) != group_id || Some(m.user_id) != user_id);
    Ok(Answer::NoContent)
}
