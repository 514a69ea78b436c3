//! The group endpoints G1–G10 and G14.

use serde::Deserialize;

use super::errors::CdsError;
use super::model::{CdsGroup, DEFAULT_GROUP, Id, Member, SHARED_INFRA};
use super::respond::{Answer, Handled};
use super::router::{Ctx, numeric_group};
use super::state::CdsState;
use super::wire::{
    NoPermissions, WireGroup, WireGroupRef, WireModel, WireModelDocker, WireModelVm, WireRequirement, WireToken,
    WireUser,
};

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// `true/TRUE/yes/YES/1`, like the server's `FormValue` checks.
fn flag(ctx: &Ctx<'_>, key: &str) -> bool {
    matches!(ctx.query.get(key), Some("true" | "TRUE" | "yes" | "YES" | "1"))
}

fn group_ref(g: &CdsGroup) -> WireGroupRef {
    WireGroupRef { id: g.id, name: g.name.clone() }
}

fn by_name(s: &CdsState, name: &str) -> Result<Id, CdsError> {
    s.group(name).map(|g| g.id).ok_or_else(CdsError::group_not_found)
}

fn group_at(s: &mut CdsState, id: Id) -> Result<&mut CdsGroup, CdsError> {
    s.groups.iter_mut().find(|g| g.id == id).ok_or_else(CdsError::group_not_found)
}

/// G1
pub fn list(s: &mut CdsState, ctx: &Ctx<'_>) -> Handled {
    let c = ctx.who()?;
    let mut out: Vec<WireGroupRef> =
        s.groups.iter().filter(|g| c.admin || g.is_member(c.user)).map(group_ref).collect();
    if !c.admin && flag(ctx, "withPublic") {
        // Appended even when already there: the server may list it twice.
        out.extend(s.group(SHARED_INFRA).map(group_ref));
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    if flag(ctx, "withoutDefault") {
        out.retain(|g| g.name != DEFAULT_GROUP);
        if out.is_empty() {
            return Ok(Answer::null(200));
        }
    }
    Ok(Answer::ok(&out))
}

/// G2
pub fn public(s: &mut CdsState) -> Handled {
    let out: Vec<WireGroupRef> = s.group(SHARED_INFRA).map(group_ref).into_iter().collect();
    Ok(Answer::ok(&out))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NameBody {
    name: String,
}

/// G3: 201; the creator becomes member and admin.
pub fn create(s: &mut CdsState, ctx: &Ctx<'_>) -> Handled {
    let c = ctx.who()?;
    let body: NameBody =
        serde_json::from_slice(&ctx.req.body).map_err(|e| CdsError::wrong_request().with_from(e.to_string()))?;
    if !valid_name(&body.name) {
        return Err(CdsError::group_pattern());
    }
    if s.group(&body.name).is_some() {
        return Err(CdsError::group_exists());
    }
    let id = s.fresh_id();
    s.groups.push(CdsGroup { id, name: body.name.clone(), members: vec![Member { user: c.user, admin: true }] });
    Ok(Answer::json(201, &WireGroupRef { id, name: body.name }))
}

fn members(s: &CdsState, g: &CdsGroup, admins: bool) -> Vec<WireUser> {
    let mut out: Vec<WireUser> = g
        .members
        .iter()
        .filter(|m| m.admin == admins)
        .filter_map(|m| s.user_by_id(m.user))
        .map(CdsState::wire_user)
        .collect();
    out.sort_by(|a, b| a.username.cmp(&b.username));
    out
}

/// G4: admins and users; tokens only for admins of this very group.
pub fn get(s: &mut CdsState, ctx: &Ctx<'_>, name: &str) -> Handled {
    let c = ctx.who()?;
    let g = s.group(name).ok_or_else(CdsError::group_not_found)?;
    let tokens = if g.is_admin(c.user) { super::tokens::wire_tokens(s, g, false) } else { Vec::new() };
    let out =
        WireGroup { id: g.id, name: g.name.clone(), admins: members(s, g, true), users: members(s, g, false), tokens };
    Ok(Answer::ok(&out))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PutUser {
    username: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PutGroup {
    name: String,
    admins: Option<Vec<PutUser>>,
    users: Option<Vec<PutUser>>,
}

/// G5: renames and replaces the whole membership; answers the body echoed with its id.
pub fn update(s: &mut CdsState, ctx: &Ctx<'_>, name: &str) -> Handled {
    let body: PutGroup =
        serde_json::from_slice(&ctx.req.body).map_err(|e| CdsError::wrong_request().with_from(e.to_string()))?;
    let admins = body.admins.unwrap_or_default();
    if admins.is_empty() {
        return Err(CdsError::need_admin());
    }
    let id = by_name(s, name)?;
    if !valid_name(&body.name) {
        return Err(CdsError::invalid_name());
    }
    if body.name != name && s.group(&body.name).is_some() {
        return Err(CdsError::group_exists());
    }
    let users = body.users.unwrap_or_default();
    let mut next = Vec::new();
    // One transaction: an unknown username changes nothing.
    for (list, admin) in [(&admins, true), (&users, false)] {
        for u in list {
            let user = s.user(&u.username).ok_or_else(CdsError::internal)?;
            next.retain(|m: &Member| m.user != user.id);
            next.push(Member { user: user.id, admin });
        }
    }
    let g = group_at(s, id)?;
    g.name = body.name.clone();
    g.members = next;
    let echo = |list: &[PutUser]| -> Vec<WireUser> {
        list.iter()
            .map(|u| WireUser {
                id: 0,
                username: u.username.clone(),
                fullname: String::new(),
                email: String::new(),
                admin: false,
                origin: String::new(),
                favorites: None,
                permissions: NoPermissions {},
            })
            .collect()
    };
    let out =
        WireGroup { id, name: body.name, admins: echo(&admins), users: echo(&users), tokens: Vec::<WireToken>::new() };
    Ok(Answer::ok(&out))
}

/// G6: memberships, tokens and the group's actions go with it (foreign key cascade), and
/// so do the steps other actions had on those actions.
pub fn delete(s: &mut CdsState, name: &str) -> Handled {
    let id = by_name(s, name)?;
    let gone: Vec<Id> = s.actions.iter().filter(|a| a.group == Some(id)).map(|a| a.id).collect();
    s.actions.retain(|a| a.group != Some(id));
    for a in &mut s.actions {
        a.steps.retain(|st| !gone.contains(&st.child));
    }
    s.audits.retain(|r| !gone.contains(&r.action_id));
    s.tokens.retain(|t| t.group != id);
    s.models.retain(|m| m.group != id);
    for p in &mut s.projects {
        p.groups.retain(|g| *g != id);
    }
    s.groups.retain(|g| g.id != id);
    Ok(Answer::NoContent)
}

/// G7: a JSON array of usernames, added as plain members; known members are skipped, and an
/// unknown username fails the whole request with 500 id 1.
pub fn add_users(s: &mut CdsState, ctx: &Ctx<'_>, name: &str) -> Handled {
    let names: Vec<String> =
        serde_json::from_slice(&ctx.req.body).map_err(|e| CdsError::wrong_request().with_from(e.to_string()))?;
    let id = by_name(s, name)?;
    let mut ids = Vec::with_capacity(names.len());
    for n in &names {
        ids.push(s.user(n).map(|u| u.id).ok_or_else(CdsError::internal)?);
    }
    let g = group_at(s, id)?;
    for user in ids {
        if !g.is_member(user) {
            g.members.push(Member { user, admin: false });
        }
    }
    Ok(Answer::NoContent)
}

fn user_id(s: &CdsState, username: &str) -> Result<Id, CdsError> {
    s.user(username).map(|u| u.id).ok_or_else(CdsError::not_found)
}

/// G8: 404 id 38 for an unknown user, 400 id 74 for a non-member, 400 id 34 for the last
/// admin.
pub fn remove_user(s: &mut CdsState, name: &str, username: &str) -> Handled {
    let id = by_name(s, name)?;
    let user = user_id(s, username)?;
    let g = group_at(s, id)?;
    let m = g.member(user).ok_or_else(CdsError::wrong_request)?;
    if m.admin && g.admin_count() <= 1 {
        return Err(CdsError::last_admin());
    }
    g.members.retain(|m| m.user != user);
    Ok(Answer::NoContent)
}

/// G9: the user must already be a member (500 id 1 otherwise).
pub fn set_admin(s: &mut CdsState, name: &str, username: &str) -> Handled {
    let id = by_name(s, name)?;
    let user = user_id(s, username)?;
    let g = group_at(s, id)?;
    let m = g.members.iter_mut().find(|m| m.user == user).ok_or_else(CdsError::internal)?;
    m.admin = true;
    Ok(Answer::NoContent)
}

/// G10: no last-admin protection: a group can end up with no admin at all.
pub fn unset_admin(s: &mut CdsState, name: &str, username: &str) -> Handled {
    let id = by_name(s, name)?;
    let user = user_id(s, username)?;
    let g = group_at(s, id)?;
    if let Some(m) = g.members.iter_mut().find(|m| m.user == user) {
        m.admin = false;
    }
    Ok(Answer::NoContent)
}

/// G14: enabled, non-deprecated models of the group and of shared.infra, by name.
pub fn worker_models(s: &mut CdsState, ctx: &Ctx<'_>, raw_id: &str) -> Handled {
    let c = ctx.who()?;
    let gid = numeric_group(s, &c, raw_id)?;
    let shared = s.shared_infra_id();
    let mut found: Vec<_> =
        s.models.iter().filter(|m| !m.disabled && !m.deprecated && (m.group == gid || m.group == shared)).collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    let out: Vec<WireModel> = found
        .into_iter()
        .map(|m| {
            let group = s.group_by_id(m.group).map(group_ref).unwrap_or(WireGroupRef { id: m.group, name: String::new() });
            let docker = m.kind == "docker";
            WireModel {
                id: m.id,
                name: m.name.clone(),
                description: m.description.clone(),
                kind: m.kind.clone(),
                image: m.image.clone(),
                model_virtual_machine: if docker {
                    WireModelVm::default()
                } else {
                    WireModelVm {
                        image: m.image.clone(),
                        flavor: m.flavor.clone(),
                        cmd: "curl -L \"{{.API}}/download/worker/linux/$(uname -m)\" -o worker && chmod +x worker && ./worker".into(),
                        ..Default::default()
                    }
                },
                model_docker: if docker {
                    WireModelDocker {
                        image: m.image.clone(),
                        private: m.private_registry.is_some(),
                        registry: m.private_registry.as_ref().map(|r| r.0.clone()).unwrap_or_default(),
                        username: m.private_registry.as_ref().map(|r| r.1.clone()).unwrap_or_default(),
                        password: if m.private_registry.is_some() { "**********".into() } else { String::new() },
                        memory: m.memory,
                        envs: Default::default(),
                        shell: "sh -c".into(),
                        cmd: "curl {{.API}}/download/worker/linux/$(uname -m) -o worker && chmod +x worker && exec ./worker".into(),
                    }
                } else {
                    WireModelDocker::default()
                },
                communication: "http",
                disabled: m.disabled,
                restricted: m.restricted,
                registered_capabilities: if m.capabilities.is_empty() {
                    None
                } else {
                    Some(
                        m.capabilities
                            .iter()
                            .map(|r| WireRequirement { id: 0, name: r.name.clone(), kind: r.kind.clone(), value: r.value.clone() })
                            .collect(),
                    )
                },
                registered_os: m.registered_os.clone(),
                registered_arch: m.registered_arch.clone(),
                need_registration: false,
                last_registration: m.last_registration,
                check_registration: false,
                user_last_modified: m.user_last_modified,
                created_by: s.user_by_id(m.created_by).map(CdsState::wire_user).unwrap_or_else(|| WireUser {
                    id: 0,
                    username: String::new(),
                    fullname: String::new(),
                    email: String::new(),
                    admin: false,
                    origin: String::new(),
                    favorites: None,
                    permissions: NoPermissions {},
                }),
                provision: 0,
                group_id: m.group,
                nb_spawn_err: m.nb_spawn_err,
                last_spawn_err: m.last_spawn_err.clone(),
                last_spawn_err_log: (!m.last_spawn_err.is_empty()).then(|| format!("worker exited: {}", m.last_spawn_err)),
                date_last_spawn_err: m.date_last_spawn_err,
                is_deprecated: m.deprecated,
                is_official: m.official,
                pattern_name: String::new(),
                editable: c.admin || s.group_by_id(m.group).is_some_and(|g| g.is_admin(c.user)),
                group,
            }
        })
        .collect();
    Ok(Answer::ok(&out))
}
