//! Execution history (the caller's own, `o` ordering) and providers (staff only, checked by the
//! router). Both use the same Link-header pagination as the action list.

use axum::http::{HeaderName, StatusCode};
use serde::Serialize;

use super::drf::{Answer, Reply};
use super::model::ExecutionRow;
use super::ordering::{compare_executions, execution_order};
use super::pagination::{link_header, paginate};
use super::router::Ctx;
use super::state::WaldurState;
use super::wire::{Execution, Provider};
use crate::query::python_int;

fn page_of<T, W: Serialize>(ctx: &Ctx, items: &[T], wire: impl Fn(&T) -> W) -> Reply {
    let Ok(page) = paginate(items.len(), &ctx.query) else {
        return Reply::detail(StatusCode::NOT_FOUND, "Invalid page.");
    };
    let link = link_header(&ctx.req.absolute_path(), &ctx.query, &page);
    let body: Vec<W> = items[page.start..page.end].iter().map(wire).collect();
    Reply::ok(&body)
        .with_header(HeaderName::from_static("x-result-count"), items.len().to_string())
        .with_header(HeaderName::from_static("link"), link)
}

fn own_executions<'a>(s: &'a WaldurState, ctx: &Ctx) -> Vec<&'a ExecutionRow> {
    let me = s.users()[ctx.user].uuid;
    s.executions().iter().filter(|e| e.user_uuid == me).collect()
}

pub fn executions(s: &WaldurState, ctx: &Ctx) -> Answer {
    let mut rows = own_executions(s, ctx);
    let order = execution_order(&ctx.query);
    rows.sort_by(|a, b| compare_executions(a, b, &order));
    Ok(page_of(ctx, &rows, |e| Execution::from(*e)))
}

pub fn execution(s: &WaldurState, ctx: &Ctx, raw_id: &str) -> Answer {
    let id = python_int(raw_id);
    Ok(match own_executions(s, ctx).into_iter().find(|e| Some(e.id) == id) {
        Some(e) => Reply::ok(&Execution::from(e)),
        None => Reply::detail(StatusCode::NOT_FOUND, "No UserActionExecution matches the given query."),
    })
}

pub fn providers(s: &WaldurState, ctx: &Ctx) -> Answer {
    // Model ordering: app_name, id.
    let mut rows: Vec<_> = s.providers().iter().collect();
    rows.sort_by(|a, b| a.app_name.cmp(&b.app_name).then(a.id.cmp(&b.id)));
    Ok(page_of(ctx, &rows, |p| Provider::from(*p)))
}

pub fn provider(s: &WaldurState, _ctx: &Ctx, raw_id: &str) -> Answer {
    let id = python_int(raw_id);
    Ok(match s.providers().iter().find(|p| Some(p.id) == id) {
        Some(p) => Reply::ok(&Provider::from(p)),
        None => Reply::detail(StatusCode::NOT_FOUND, "No UserActionProvider matches the given query."),
    })
}
