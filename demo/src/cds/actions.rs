//! The action endpoints A1–A12.

use axum::http::header;

use super::draft::{check_children, check_shape, draft_from_json};
use super::entity::{DecodeError, from_json, from_yaml};
use super::errors::CdsError;
use super::export::{draft_from_export, export_of, snapshot};
use super::model::{ActionKind, CdsAction, Id, SHARED_INFRA};
use super::respond::{Answer, Handled};
use super::router::{Ctx, load_action, numeric_group};
use super::state::{Caller, CdsState};
use super::wire::{WireAction, WireRequirement, WireUsage, WireUsageAction, WireUsagePipeline};

/// Name order as PostgreSQL's usual collation gives it: case mostly ignored.
fn by_name(a: &str, b: &str) -> std::cmp::Ordering {
    a.to_lowercase().cmp(&b.to_lowercase()).then_with(|| a.cmp(b))
}

fn editable(s: &CdsState, c: &Caller, a: &CdsAction) -> bool {
    c.admin || a.group.and_then(|g| s.group_by_id(g)).is_some_and(|g| g.is_admin(c.user))
}

/// An action the way a single GET, a write or a rollback answers it.
fn full(s: &CdsState, id: Id, editable: bool) -> Result<WireAction, CdsError> {
    let a = s.action_by_id(id).ok_or_else(CdsError::internal)?;
    let mut w = s.with_raw_audits(s.wire_action(a));
    w.editable = editable;
    Ok(w)
}

fn username(s: &CdsState, c: &Caller) -> String {
    s.user_by_id(c.user).map(|u| u.username.clone()).unwrap_or_default()
}

/// A1: Default actions of the caller's groups and shared.infra (all of them for admins).
pub fn list(s: &mut CdsState, ctx: &Ctx<'_>) -> Handled {
    let c = ctx.who()?;
    let mut visible = s.groups_of(c.user);
    visible.push(s.shared_infra_id());
    let mut found: Vec<&CdsAction> = s
        .actions
        .iter()
        .filter(|a| a.kind == ActionKind::Default)
        .filter(|a| c.admin || a.group.is_some_and(|g| visible.contains(&g)))
        .collect();
    found.sort_by(|a, b| by_name(&a.name, &b.name));
    let out: Vec<WireAction> = found
        .into_iter()
        .map(|a| {
            let mut w = s.with_raw_audits(s.wire_list_item(a));
            w.editable = editable(s, &c, a);
            w
        })
        .collect();
    Ok(Answer::ok(&out))
}

/// A3
pub fn get(s: &mut CdsState, ctx: &Ctx<'_>, group: &str, name: &str) -> Handled {
    let c = ctx.who()?;
    let a = load_action(s, group, name)?;
    let w = full(s, a.id, editable(s, &c, a))?;
    Ok(Answer::ok(&w))
}

/// A2: 201 with the stored action.
pub fn create(s: &mut CdsState, ctx: &Ctx<'_>) -> Handled {
    let c = ctx.who()?;
    let draft = draft_from_json(&ctx.req.body)?;
    check_shape(&draft)?;
    let group = s.group_by_id(draft.group_id).ok_or_else(CdsError::group_not_found)?;
    if !s.is_group_admin(&c, group) {
        return Err(CdsError::not_group_admin());
    }
    if s.default_action_in(draft.group_id, &draft.name).is_some() {
        return Err(CdsError::already_exists().with_from("an action already exists for given name on this group"));
    }
    check_children(s, &draft, None)?;
    let by = username(s, &c);
    let id = s.save_draft(draft, None, &by);
    Ok(Answer::json(201, &full(s, id, true)?))
}

/// A4: the body replaces the whole action.
pub fn update(s: &mut CdsState, ctx: &Ctx<'_>, group: &str, name: &str) -> Handled {
    let c = ctx.who()?;
    let old = load_action(s, group, name)?.clone();
    let draft = draft_from_json(&ctx.req.body)?;
    check_shape(&draft)?;
    let target = s.group_by_id(draft.group_id).ok_or_else(CdsError::group_not_found)?;
    if !s.is_group_admin(&c, target) {
        return Err(CdsError::not_group_admin());
    }
    // Compared as sent: a change of case alone finds the action itself and is refused.
    if (draft.name != old.name || Some(draft.group_id) != old.group)
        && s.default_action_in(draft.group_id, &draft.name).is_some()
    {
        return Err(CdsError::already_exists().with_from("an action already exists for given name on this group"));
    }
    check_children(s, &draft, Some(old.id))?;
    let by = username(s, &c);
    let id = s.save_draft(draft, Some(old.id), &by);
    Ok(Answer::ok(&full(s, id, true)?))
}

/// A5: refused while a pipeline job or another action uses it; nothing cascades.
pub fn delete(s: &mut CdsState, _ctx: &Ctx<'_>, group: &str, name: &str) -> Handled {
    let a = load_action(s, group, name)?;
    let id = a.id;
    let in_use = s.jobs.iter().any(|j| j.uses.contains(&id))
        || s.actions.iter().any(|p| p.steps.iter().any(|st| st.child == id));
    if in_use {
        return Err(CdsError::forbidden()
            .with_from(format!("cannot delete action {} is used in other actions or pipelines", a.name)));
    }
    s.actions.retain(|a| a.id != id);
    s.audits.retain(|r| r.action_id != id);
    Ok(Answer::NoContent)
}

/// A6, with the server's swapped columns and its project-id filter bug for non-admins.
pub fn usage(s: &mut CdsState, ctx: &Ctx<'_>, group: &str, name: &str) -> Handled {
    let c = ctx.who()?;
    let a = load_action(s, group, name)?;
    let shared = s.shared_infra_id();
    let my_groups = s.groups_of(c.user);
    let my_projects: Vec<Id> =
        s.projects.iter().filter(|p| p.groups.iter().any(|g| my_groups.contains(g))).map(|p| p.id).collect();
    let mut pipelines = Vec::new();
    for j in s.jobs.iter().filter(|j| j.uses.contains(&a.id)) {
        // The bug: pipeline ids are compared with project ids.
        if !c.admin && !my_projects.contains(&j.pipeline_id) {
            continue;
        }
        let Some(p) = s.projects.iter().find(|p| p.id == j.project) else { continue };
        let allowed = a.group == Some(shared) || a.group.is_some_and(|g| p.groups.contains(&g));
        pipelines.push(WireUsagePipeline {
            project_id: p.id.to_string(),
            project_key: p.key.clone(),
            project_name: p.name.clone(),
            pipeline_id: j.pipeline_id,
            pipeline_name: j.pipeline_name.clone(),
            stage_id: j.stage_id,
            stage_name: j.stage_name.clone(),
            // Swapped: job_* hold the queried action, action_* the job.
            job_id: a.id,
            job_name: a.name.clone(),
            action_id: j.job_id,
            action_name: j.job_name.clone(),
            warning: !allowed,
        });
    }
    let mut actions = Vec::new();
    for parent in
        s.actions.iter().filter(|p| p.kind == ActionKind::Default && p.steps.iter().any(|st| st.child == a.id))
    {
        let pg = parent.group.unwrap_or(0);
        if !(c.admin || my_groups.contains(&pg) || pg == shared) {
            continue;
        }
        actions.push(WireUsageAction {
            group_id: pg,
            group_name: s.group_name(parent.group).unwrap_or_default(),
            parent_action_id: parent.id,
            parent_action_name: parent.name.clone(),
            action_id: a.id,
            action_name: a.name.clone(),
            warning: a.group != parent.group && a.group != Some(shared),
        });
    }
    actions.sort_by(|x, y| by_name(&x.parent_action_name, &y.parent_action_name));
    Ok(Answer::ok(&WireUsage { pipelines, actions }))
}

/// A7: yaml by default; toml is "accepted" with an empty body; any other format is 500 id 1.
pub fn export(s: &mut CdsState, ctx: &Ctx<'_>, group: &str, name: &str) -> Handled {
    let format = ctx.query.get("format").unwrap_or("").trim().to_lowercase();
    let format = if format.is_empty() { "yaml".to_string() } else { format };
    let a = load_action(s, group, name)?;
    let doc = export_of(&snapshot(s, a));
    let body = match format.as_str() {
        "yaml" | "yml" | ".yaml" | ".yml" => doc.to_yaml().map_err(|_| CdsError::internal())?.into_bytes(),
        "json" | ".json" => doc.to_json(),
        "toml" | "tml" | ".toml" | ".tml" => Vec::new(),
        _ => return Err(CdsError::internal()),
    };
    Ok(Answer::Raw { body })
}

/// A8: an upsert by (group, name) from an export document; the content type must be exact.
pub fn import(s: &mut CdsState, ctx: &Ctx<'_>) -> Handled {
    let c = ctx.who()?;
    let content_type = ctx.header(header::CONTENT_TYPE).unwrap_or("");
    let parsed = match content_type {
        "application/json" => from_json(&ctx.req.body),
        "application/x-yaml" | "text/x-yam" => from_yaml(&ctx.req.body),
        other => {
            return Err(CdsError::wrong_request().with_from(format!("unsupported content-type: {other}")));
        }
    };
    let doc = parsed.map_err(|e| match e {
        DecodeError::Invalid(m) => CdsError::wrong_request().with_from(m),
        DecodeError::MalformedStep(m) => CdsError::malformed_step().with_from(m),
    })?;
    let group_name = if doc.group.is_empty() { SHARED_INFRA } else { doc.group.as_str() };
    let group = s.group(group_name).ok_or_else(CdsError::group_not_found)?;
    if !s.is_group_admin(&c, group) {
        return Err(CdsError::not_group_admin());
    }
    let draft = draft_from_export(s, &doc)?;
    check_shape(&draft)?;
    let existing = s.default_action_in(draft.group_id, &draft.name).map(|a| a.id);
    check_children(s, &draft, existing)?;
    let by = username(s, &c);
    let id = s.save_draft(draft, existing, &by);
    let status = if existing.is_some() { 200 } else { 201 };
    Ok(Answer::json(status, &full(s, id, true)?))
}

/// A9: newest first, snapshots as export YAML.
pub fn audits(s: &mut CdsState, group: &str, name: &str) -> Handled {
    let a = load_action(s, group, name)?;
    let rows: Vec<_> = s.audits_of(a.id).into_iter().filter_map(CdsState::audit_yaml).collect();
    Ok(Answer::ok(&rows))
}

/// A10: back to the audit's `data_before`, through the export form; records a new update.
pub fn rollback(s: &mut CdsState, ctx: &Ctx<'_>, group: &str, name: &str, audit: &str) -> Handled {
    let c = ctx.who()?;
    let a = load_action(s, group, name)?.clone();
    let audit_id: Id = audit.parse().map_err(|_| CdsError::wrong_request())?;
    let row = s.audits.iter().find(|r| r.id == audit_id && r.action_id == a.id).ok_or_else(CdsError::not_found)?;
    // An ActionAdd has nothing before it.
    let before = row.before.as_ref().ok_or_else(CdsError::internal)?;
    let doc = export_of(before);
    let draft = draft_from_export(s, &doc)?;
    let target = s.group_by_id(draft.group_id).ok_or_else(CdsError::group_not_found)?;
    if !s.is_group_admin(&c, target) {
        return Err(CdsError::not_group_admin());
    }
    if (draft.name != a.name || Some(draft.group_id) != a.group)
        && s.default_action_in(draft.group_id, &draft.name).is_some()
    {
        return Err(CdsError::already_exists().with_from("an action already exists for given name on this group"));
    }
    check_shape(&draft)?;
    check_children(s, &draft, Some(a.id))?;
    let by = username(s, &c);
    let id = s.save_draft(draft, Some(a.id), &by);
    Ok(Answer::ok(&full(s, id, true)?))
}

/// A11: distinct `binary` values across every action, `null` when there are none.
pub fn requirements(s: &mut CdsState) -> Handled {
    let mut values: Vec<&str> = s
        .actions
        .iter()
        .flat_map(|a| a.requirements.iter())
        .filter(|r| r.kind == "binary")
        .map(|r| r.value.as_str())
        .collect();
    values.sort_unstable();
    values.dedup();
    if values.is_empty() {
        return Ok(Answer::null(200));
    }
    let out: Vec<WireRequirement> = values
        .into_iter()
        .map(|v| WireRequirement { id: 0, name: v.into(), kind: "binary".into(), value: v.into() })
        .collect();
    Ok(Answer::ok(&out))
}

/// A12: the step picker: every Builtin and Plugin, and the Default actions of the group and
/// of shared.infra.
pub fn group_actions(s: &mut CdsState, ctx: &Ctx<'_>, raw_id: &str) -> Handled {
    let c = ctx.who()?;
    let gid = numeric_group(s, &c, raw_id)?;
    let shared = s.shared_infra_id();
    let mut found: Vec<&CdsAction> = s
        .actions
        .iter()
        .filter(|a| match a.kind {
            ActionKind::Builtin | ActionKind::Plugin => true,
            ActionKind::Default => a.group == Some(gid) || a.group == Some(shared),
            ActionKind::Joined => false,
        })
        .collect();
    found.sort_by(|a, b| by_name(&a.name, &b.name));
    let out: Vec<WireAction> = found.into_iter().map(|a| s.wire_list_item(a)).collect();
    Ok(Answer::ok(&out))
}
