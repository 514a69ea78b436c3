//! CDS groups as the Groups pane shows them: the list (shared.infra once, marked public),
//! members (admins first), tokens without their secrets, usable actions and worker models.

use crate::app::panes::groups::{GroupActionRow, GroupDetail, GroupRow, MemberRow, TokenRow, WorkerModelRow};
use crate::app::source::SourceId;
use crate::backends::cds::keys;
use crate::backends::cds::wire::{Action, ActionType, Group, GroupRef, SHARED_INFRA, Token, WireStr, WorkerModel};

/// `withPublic` may list `shared.infra` twice: one row per group.
pub(crate) fn group_rows(source: SourceId, list: Vec<GroupRef>) -> Vec<GroupRow> {
    let mut rows: Vec<GroupRow> = Vec::with_capacity(list.len());
    let mut seen: Vec<(i64, WireStr)> = Vec::new();
    for g in list {
        if g.name.is_empty() || seen.iter().any(|(id, name)| *name == g.name || (g.id != 0 && *id == g.id)) {
            continue;
        }
        rows.push(GroupRow {
            source,
            key: keys::group(&g),
            name: g.name.shown().to_string(),
            description: String::new(),
            public: g.name == SHARED_INFRA,
        });
        seen.push((g.id, g.name));
    }
    rows
}

/// Admins first, then the other members; a CDS admin is marked whatever the group says.
pub(crate) fn detail(group: &Group) -> GroupDetail {
    let members = group
        .members()
        .map(|(u, admin)| MemberRow {
            id: u.username.raw().into(),
            shown: u.username.shown().to_string(),
            name: u.fullname.to_string(),
            detail: u.email.to_string(),
            admin,
            super_admin: u.admin,
        })
        .collect();
    GroupDetail { key: keys::group(&GroupRef { id: group.id, name: group.name.clone() }), members }
}

/// The list only ever holds hashes: the secret of a token is sent once, when generated.
pub(crate) fn tokens(list: Vec<Token>) -> Vec<TokenRow> {
    list.into_iter()
        .map(|t| TokenRow {
            id: t.id,
            description: t.description.to_string(),
            creator: t.creator.to_string(),
            expiration: t.expiration.map_or_else(|| "?".to_string(), |e| e.to_string()),
            created: t.created,
        })
        .collect()
}

/// The group's own Default actions first, then `shared.infra`'s; Builtin and Plugin actions
/// are only counted (every group has them).
pub(crate) fn group_actions(list: &[Action], name: &str, id: i64) -> (Vec<GroupActionRow>, usize) {
    let mut builtins = 0;
    let mut rows = Vec::new();
    for a in list {
        if a.kind != ActionType::Default {
            builtins += 1;
            continue;
        }
        // The embedded group names the owner; the bare id is the fallback.
        let own = match &a.group {
            Some(g) if !g.name.is_empty() => g.name == name,
            _ => a.owner_id() == Some(id),
        };
        let group = match &a.group {
            Some(g) if !g.name.is_empty() => g.name.shown().to_string(),
            _ if own => crate::domain::text::clean_line(name).into_owned(),
            _ => "?".into(),
        };
        rows.push(GroupActionRow {
            id: a.id,
            name: format!("{group}/{}", a.name),
            own,
            description: a.description.shown().lines().next().unwrap_or("").to_string(),
        });
    }
    rows.sort_by(|a, b| b.own.cmp(&a.own).then_with(|| a.name.cmp(&b.name)));
    (rows, builtins)
}

fn image(m: &WorkerModel) -> &str {
    [&m.image, &m.model_docker.image, &m.model_virtual_machine.image]
        .into_iter()
        .find(|s| !s.is_empty())
        .map_or("", |s| s)
}

pub(crate) fn worker_models(list: Vec<WorkerModel>, group: &str) -> Vec<WorkerModelRow> {
    list.iter()
        .map(|m| {
            let other = m.group.as_ref().map(|g| g.name.shown()).filter(|g| *g != group);
            let name = match other {
                Some(g) => format!("{g}/{}", m.name),
                None => m.name.shown().to_string(),
            };
            let (note, warning) = if m.nb_spawn_err > 0 {
                (format!("{} spawn error{}", m.nb_spawn_err, if m.nb_spawn_err == 1 { "" } else { "s" }), true)
            } else if m.restricted {
                ("restricted".to_string(), false)
            } else {
                (String::new(), false)
            };
            WorkerModelRow {
                id: m.id,
                name,
                own: other.is_none(),
                kind: m.kind.to_string(),
                image: image(m).to_string(),
                note,
                warning,
            }
        })
        .collect()
}
