//! Reading user actions: list (and HEAD), detail and summary. The list filters apply to every
//! route that looks rows up, so a silenced or filtered-out row answers 404 (quirk 3).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::http::{HeaderName, StatusCode};
use uuid::Uuid;

use super::drf::{Answer, Crash, Reply, field_errors, to_json};
use super::filters::Filters;
use super::model::{Urgency, UserActionRow};
use super::ordering::{DEFAULT_ACTION_ORDER, action_order};
use super::pagination::{link_header, paginate};
use super::router::Ctx;
use super::state::{DEMO_USER, UserId, WaldurState};
use super::wire::{OrderedMap, Summary, UserAction, urgency_counts};

pub const NOT_FOUND: &str = "No UserAction matches the given query.";

/// Whose actions the request addresses: staff may name another user with `user_uuid` (either
/// uuid spelling); an unknown or malformed uuid addresses nobody.
pub fn target(s: &WaldurState, ctx: &Ctx) -> Option<UserId> {
    match ctx.query.get("user_uuid").filter(|v| !v.is_empty()) {
        Some(raw) if s.users()[ctx.user].is_staff => Uuid::try_parse(raw.trim()).ok().and_then(|u| s.user_by_uuid(u)),
        _ => Some(ctx.user),
    }
}

/// `filter_queryset(get_queryset())`: 400 on bad filter values, the crash of `due_within_days`.
fn filters(ctx: &Ctx) -> Result<Result<Filters, Reply>, Crash> {
    match Filters::parse(&ctx.query) {
        Err(errors) => Ok(Err(field_errors(&errors))),
        Ok(f) if f.due_within_days => Err(Crash),
        Ok(f) => Ok(Ok(f)),
    }
}

/// Positions of the rows the query selects, in the requested order.
fn selected(s: &mut WaldurState, ctx: &Ctx, f: &Filters) -> Arc<[u32]> {
    if target(s, ctx) != Some(DEMO_USER) {
        return Arc::from(Vec::new());
    }
    let order = action_order(&ctx.query);
    s.ordered(f, &order, ctx.now)
}

pub fn list(s: &mut WaldurState, ctx: &Ctx) -> Answer {
    let f = match filters(ctx)? {
        Ok(f) => f,
        Err(reply) => return Ok(reply),
    };
    let ids = selected(s, ctx, &f);
    let Ok(page) = paginate(ids.len(), &ctx.query) else {
        return Ok(Reply::detail(StatusCode::NOT_FOUND, "Invalid page."));
    };
    let link = link_header(&ctx.req.absolute_path(), &ctx.query, &page);
    // HEAD renders the page too (hyper drops the body), so Content-Length matches the GET.
    let rows: Vec<UserActionRow> = ids[page.start..page.end].iter().filter_map(|&i| s.row_at(i)).cloned().collect();
    let now = ctx.now;
    Ok(Reply::ok_later(move || to_json(&rows.iter().map(|r| UserAction::new(r, now)).collect::<Vec<_>>()))
        .with_header(HeaderName::from_static("x-result-count"), ids.len().to_string())
        .with_header(HeaderName::from_static("link"), link))
}

/// `get_object()` for the routes that honour the list filters: the row's position, or the
/// answer to give instead (400 on bad filters, 404 when not selected).
pub fn lookup(s: &mut WaldurState, ctx: &Ctx, raw_uuid: &str) -> Result<Result<usize, Reply>, Crash> {
    let f = match filters(ctx)? {
        Ok(f) => f,
        Err(reply) => return Ok(Err(reply)),
    };
    let found = (target(s, ctx) == Some(DEMO_USER))
        .then(|| Uuid::try_parse(raw_uuid).ok())
        .flatten()
        .and_then(|uuid| s.index_of(uuid))
        .filter(|&i| s.rows().get(i).is_some_and(|row| f.matches(row, ctx.now)));
    Ok(found.ok_or_else(|| Reply::detail(StatusCode::NOT_FOUND, NOT_FOUND)))
}

pub fn detail(s: &mut WaldurState, ctx: &Ctx, raw_uuid: &str) -> Answer {
    let i = match lookup(s, ctx, raw_uuid)? {
        Ok(i) => i,
        Err(reply) => return Ok(reply),
    };
    Ok(match s.rows().get(i) {
        Some(row) => Reply::ok(&UserAction::new(row, ctx.now)),
        None => Reply::detail(StatusCode::NOT_FOUND, NOT_FOUND),
    })
}

pub fn summary(s: &mut WaldurState, ctx: &Ctx) -> Answer {
    let f = match filters(ctx)? {
        Ok(f) => f,
        Err(reply) => return Ok(reply),
    };
    let ids = if target(s, ctx) == Some(DEMO_USER) {
        s.ordered(&f, &DEFAULT_ACTION_ORDER, ctx.now)
    } else {
        Arc::from(Vec::new())
    };
    let mut by_urgency = [0usize; 3];
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    let mut overdue = 0;
    for row in ids.iter().filter_map(|&i| s.row_at(i)) {
        let slot = Urgency::ALL.iter().position(|u| *u == row.urgency).unwrap_or(0);
        by_urgency[slot] += 1;
        *by_type.entry(&row.action_type).or_default() += 1;
        if row.due_date.is_some_and(|due| due < ctx.now) {
            overdue += 1;
        }
    }
    let urgency = urgency_counts(by_urgency);
    let types: Vec<(&str, usize)> = by_type.into_iter().collect();
    Ok(Reply::ok(&Summary { total: ids.len(), by_urgency: OrderedMap(&urgency), by_type: OrderedMap(&types), overdue }))
}
