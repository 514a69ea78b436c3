//! The polled answers of the Groups pane: a source's list, the open group, its tokens, usable
//! actions and worker models.

use jiff::Timestamp;

use super::{Counts, GroupDetail, GroupRow, Tab};
use crate::app::dialog::Tone;
use crate::app::list::Resync;
use crate::app::model::Model;
use crate::app::msg::{Feed, Payload};
use crate::app::panes::Pane;
use crate::app::source::{Key, SourceId};
use crate::domain::error::ApiError;

/// A group feed answered. Answers for a group or tab that is no longer open are dropped
/// (except counts, which are worth keeping whoever asked).
pub(super) fn on_fetched(m: &mut Model, feed: Feed, at: Timestamp, result: Result<Payload, ApiError>) {
    match (feed, result) {
        (Feed::Groups(source), Ok(Payload::Groups(list))) => on_list(m, source, at, list),
        (Feed::Groups(source), Err(e)) => m.groups.health.entry(source).or_default().failed(e.to_string()),
        (Feed::Group(source, key), Ok(Payload::Group(group))) => on_group(m, source, &key, at, Ok(group)),
        (Feed::Group(source, key), Err(e)) => on_group(m, source, &key, at, Err(e)),
        (Feed::GroupTab(source, key, tab), result) => {
            let Some(v) = m.groups.open.as_mut().filter(|v| v.source == source && v.key == key) else { return };
            match (tab, result) {
                (Tab::Tokens, Ok(Payload::Tokens(rows))) => {
                    v.tokens_denied = None;
                    v.tokens_hint = None;
                    v.tokens.load(rows, at);
                }
                // A definite answer, not a failed fetch: non-admins may not see tokens.
                (Tab::Tokens, Err(e)) if e.status() == Some(403) => {
                    v.tokens_denied = Some(e.to_string());
                    v.tokens.load(Vec::new(), at);
                }
                (Tab::Tokens, Err(e)) => {
                    v.tokens_hint = e.hint().map(str::to_string);
                    v.tokens.freshness.failed(e.to_string());
                }
                (Tab::Actions, Ok(Payload::GroupActions { rows, builtins })) => {
                    v.builtin_actions = builtins;
                    v.actions.load(rows, at);
                }
                (Tab::Actions, Err(e)) => v.actions.freshness.failed(e.to_string()),
                (Tab::WorkerModels, Ok(Payload::WorkerModels(rows))) => v.models.load(rows, at),
                (Tab::WorkerModels, Err(e)) => v.models.freshness.failed(e.to_string()),
                _ => {}
            }
        }
        (feed, _) => tracing::warn!(?feed, "payload does not match its feed"),
    }
}

fn on_list(m: &mut Model, source: SourceId, at: Timestamp, list: Vec<GroupRow>) {
    let pane = &mut m.groups;
    pane.health.entry(source).or_default().succeeded(at);
    let before = pane.list.selected_key().cloned();
    let rows = pane.list.rows_mut();
    rows.retain(|r| r.source != source);
    // A list may name a group twice (CDS's withPublic lists shared.infra again): one row each.
    for g in list {
        if !rows.iter().any(|r| r.source == source && r.key == g.key) && !g.name.is_empty() {
            rows.push(g);
        }
    }
    let resync = pane.refilter(&m.sources, false);
    let pane = &mut m.groups;
    let known: Vec<(SourceId, Key)> = pane.list.rows().iter().map(|r| (r.source, r.key.clone())).collect();
    pane.counts.retain(|k, _| k.0 != source || known.contains(k));
    let moved = resync == Resync::Moved && before.as_ref().is_some_and(|(s, _)| *s == source);
    let expected = before.is_some() && before == pane.deleted;
    if expected {
        pane.deleted = None;
    }
    if moved && !expected && m.pane == Pane::Groups && m.groups.open.is_none() {
        m.set_status("the selected group is gone (deleted or renamed); cursor moved", Tone::Warning);
    }
}

fn on_group(m: &mut Model, source: SourceId, key: &Key, at: Timestamp, result: Result<GroupDetail, ApiError>) {
    let visible = m.pane == Pane::Groups;
    let pane = &mut m.groups;
    match &result {
        Ok(g) => {
            let admins = g.members.iter().filter(|r| r.admin).count();
            pane.counts.insert((source, key.clone()), Counts { admins, members: g.members.len() });
        }
        Err(e) if e.status() == Some(404) => {
            pane.counts.remove(&(source, key.clone()));
        }
        Err(_) => {}
    }
    let Some(v) = pane.open.as_mut().filter(|v| v.source == source && &v.key == key) else { return };
    match result {
        Ok(group) => {
            let before = v.members.selected_key().cloned();
            v.members.set_rows(group.members);
            let resync = v.refilter_members();
            v.loaded = true;
            v.gone = false;
            v.members_denied = None;
            v.freshness.succeeded(at);
            let expected = before.is_some() && before == v.removed;
            if resync == Resync::Moved
                && !expected
                && visible
                && let Some(who) = before
            {
                let who = crate::domain::text::clean_line(&who).into_owned();
                m.set_status(format!("{who} is no longer in the group; cursor moved"), Tone::Warning);
            }
        }
        // Definite answers, not outages: the view says so instead of showing stale rows.
        Err(e) if e.status() == Some(404) => {
            v.gone = true;
            v.freshness.failed(e.to_string());
        }
        Err(e) if e.status() == Some(403) => {
            v.members_denied = Some(e.hint().map_or_else(|| e.to_string(), str::to_string));
            v.freshness.succeeded(at);
        }
        Err(e) => v.freshness.failed(e.to_string()),
    }
}
