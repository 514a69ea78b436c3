//! The polled answers of the Groups pane: the list, the open group, its tokens, usable actions
//! and worker models.

use super::*;

/// A group feed answered. Answers for a group or tab that is no longer open are dropped
/// (except counts, which are worth keeping whoever asked).
pub fn on_fetched(model: &mut Model, feed: Feed, at: Timestamp, result: Result<Payload, ApiError>) {
    match (feed, result) {
        (Feed::CdsGroups, Ok(Payload::CdsGroups(list))) => on_list(model, at, list),
        (Feed::CdsGroups, Err(e)) => model.groups.freshness.failed(e.to_string()),
        (Feed::CdsGroup(name), Ok(Payload::CdsGroup(group))) => on_group(model, &name, at, Ok(*group)),
        (Feed::CdsGroup(name), Err(e)) => on_group(model, &name, at, Err(e)),
        (Feed::CdsTokens(name), result) => {
            let Some(v) = model.groups.open.as_mut().filter(|v| v.name == name) else { return };
            match result {
                Ok(Payload::CdsTokens(rows)) => {
                    v.tokens_denied = None;
                    v.tokens_hint = None;
                    v.tokens.load(rows, at, |t| t.id);
                }
                // A definite answer, not a failed fetch: non-admins may not see tokens.
                Err(e) if e.status() == Some(403) => {
                    v.tokens_denied = Some(e.to_string());
                    v.tokens.load(Vec::new(), at, |t| t.id);
                }
                Err(e) => {
                    v.tokens_hint = (e.status() == Some(500)).then_some(
                        "CDS answers 500 here to a CDS admin or shared.infra member who is not a member of the group.",
                    );
                    v.tokens.freshness.failed(e.to_string());
                }
                Ok(_) => {}
            }
        }
        (Feed::CdsGroupActions(id), result) => {
            let Some(v) = model.groups.open.as_mut().filter(|v| v.id == id) else { return };
            match result {
                Ok(Payload::CdsGroupActions(list)) => {
                    let (rows, builtins) = group_action_rows(&list, &v.name, id);
                    v.builtin_actions = builtins;
                    v.actions.load(rows, at, |r| r.id);
                }
                Err(e) => v.actions.freshness.failed(e.to_string()),
                Ok(_) => {}
            }
        }
        (Feed::CdsWorkerModels(id), result) => {
            let Some(v) = model.groups.open.as_mut().filter(|v| v.id == id) else { return };
            match result {
                Ok(Payload::CdsWorkerModels(rows)) => v.models.load(rows, at, |m| m.id),
                Err(e) => v.models.freshness.failed(e.to_string()),
                Ok(_) => {}
            }
        }
        (feed, _) => tracing::warn!(?feed, "payload does not match its feed"),
    }
}

/// The group's own Default actions first, then `shared.infra`'s; Builtin and Plugin actions
/// are only counted (every group has them).
fn group_action_rows(list: &[Action], name: &WireStr, id: i64) -> (Vec<GroupActionRow>, usize) {
    let mut builtins = 0;
    let mut rows = Vec::new();
    for a in list {
        if a.kind != ActionType::Default {
            builtins += 1;
            continue;
        }
        // The embedded group names the owner; the bare id is the fallback.
        let own = match &a.group {
            Some(g) if !g.name.is_empty() => &g.name == name,
            _ => a.owner_id() == Some(id),
        };
        let group = match &a.group {
            Some(g) if !g.name.is_empty() => g.name.shown().to_string(),
            _ if own => name.shown().to_string(),
            _ => "?".into(),
        };
        rows.push(GroupActionRow {
            id: a.id,
            full_name: format!("{group}/{}", a.name),
            own,
            description: a.description.shown().lines().next().unwrap_or("").to_string(),
        });
    }
    rows.sort_by(|a, b| b.own.cmp(&a.own).then_with(|| a.full_name.cmp(&b.full_name)));
    (rows, builtins)
}

fn on_list(model: &mut Model, at: Timestamp, list: Vec<GroupRef>) {
    let page = model.table_rows();
    let pane = &mut model.groups;
    let before = pane.cursor.selected.clone();
    let resync = pane.load(list);
    pane.freshness.succeeded(at);
    pane.cursor.scroll_into_view(page, pane.view.len());
    if let Some(v) = pane.open.as_mut()
        && v.id == 0
        && let Some(row) = pane.rows.iter().find(|r| r.name == v.name)
    {
        v.id = row.id;
    }
    let expected = before.is_some() && before == pane.deleted;
    if resync == Resync::Moved && !expected && before.is_some() && model.pane == Pane::Groups && pane.open.is_none() {
        model.set_status("the selected group is gone (deleted or renamed); cursor moved", Tone::Warning);
    }
}

fn on_group(model: &mut Model, name: &WireStr, at: Timestamp, result: Result<Group, ApiError>) {
    let page = view_page(model);
    let visible = model.pane == Pane::Groups;
    let pane = &mut model.groups;
    match &result {
        Ok(g) => {
            let counts = Counts { admins: g.admins.len(), members: g.admins.len() + g.users.len() };
            pane.counts.insert(name.clone(), counts);
        }
        Err(e) if is_gone(e) => {
            pane.counts.remove(name);
        }
        Err(_) => {}
    }
    let Some(v) = pane.open.as_mut().filter(|v| &v.name == name) else { return };
    match result {
        Ok(group) => {
            if group.id != 0 {
                v.id = group.id;
            }
            v.load_members(&group);
            v.loaded = true;
            v.gone = false;
            v.freshness.succeeded(at);
            let before = v.cursor.selected.clone();
            let m = &v.members;
            let resync = v.cursor.resync(m.len(), |i| m[i].username.clone());
            v.cursor.scroll_into_view(page, m.len());
            let expected = before.is_some() && before == v.removed;
            if resync == Resync::Moved && before.is_some() && !expected && visible {
                let who = before.map(|u| u.shown().to_string()).unwrap_or_default();
                model.set_status(format!("{who} is no longer in the group; cursor moved"), Tone::Warning);
            }
        }
        Err(e) => {
            v.gone = is_gone(&e);
            v.freshness.failed(e.to_string());
        }
    }
}

/// 404 id 20: the group does not exist (any more).
fn is_gone(e: &ApiError) -> bool {
    e.status() == Some(404) && e.code() == Some(20)
}
