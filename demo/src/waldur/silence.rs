//! silence, unsilence and bulk_silence (docs/wire-waldur.md). Order of checks as in the view:
//! object lookup (or filters) first, then the body.

use axum::http::StatusCode;

use super::actions::{lookup, target};
use super::drf::{Answer, Crash, Reply, as_object, field_error, field_errors, integer, request_data};
use super::filters::Filters;
use super::ordering::DEFAULT_ACTION_ORDER;
use super::router::Ctx;
use super::state::{DEMO_USER, WaldurState};
use super::wire::{BulkSilenceResponse, SilenceResponse, Status};

/// `SilenceActionSerializer`: absent means permanent; otherwise an integer in 1..=365.
fn duration_days(ctx: &Ctx) -> Result<Option<i64>, Reply> {
    let data = request_data(&ctx.req.headers, &ctx.req.body)?;
    let obj = as_object(&data)?;
    let Some(raw) = obj.get("duration_days") else {
        return Ok(None);
    };
    let days = integer("duration_days", raw)?;
    if !(1..=365).contains(&days) {
        return Err(field_error("duration_days", "Duration must be between 1 and 365 days."));
    }
    Ok(Some(days))
}

pub fn silence(s: &mut WaldurState, ctx: &Ctx, raw_uuid: &str) -> Answer {
    let i = match lookup(s, ctx, raw_uuid)? {
        Ok(i) => i,
        Err(reply) => return Ok(reply),
    };
    let days = match duration_days(ctx) {
        Ok(d) => d,
        Err(reply) => return Ok(reply),
    };
    if let Some(row) = s.row_mut_at(i) {
        row.silence(days, ctx.now);
    }
    Ok(Reply::ok(&SilenceResponse { status: "silenced", duration_days: days }))
}

/// Finds the caller's own row whatever its silence state; never honours `user_uuid` and
/// never reads the body.
pub fn unsilence(s: &mut WaldurState, ctx: &Ctx, raw_uuid: &str) -> Answer {
    let found = (ctx.user == DEMO_USER)
        .then(|| uuid::Uuid::try_parse(raw_uuid).ok())
        .flatten()
        .and_then(|uuid| s.index_of(uuid));
    let Some(i) = found else {
        return Ok(Reply::detail(StatusCode::NOT_FOUND, "Action not found"));
    };
    if let Some(row) = s.row_mut_at(i) {
        row.unsilence(ctx.now);
    }
    Ok(Reply::ok(&Status { status: "unsilenced" }))
}

/// The set is exactly the list query for the same query string, without pagination; the body
/// only carries the duration.
pub fn bulk_silence(s: &mut WaldurState, ctx: &Ctx) -> Answer {
    let f = match Filters::parse(&ctx.query) {
        Err(errors) => return Ok(field_errors(&errors)),
        Ok(f) if f.due_within_days => return Err(Crash),
        Ok(f) => f,
    };
    let ids = if target(s, ctx) == Some(DEMO_USER) { s.ordered(&f, &DEFAULT_ACTION_ORDER, ctx.now) } else { [].into() };
    let days = match duration_days(ctx) {
        Ok(d) => d,
        Err(reply) => return Ok(reply),
    };
    s.silence_rows(&ids, days, ctx.now);
    Ok(Reply::ok(&BulkSilenceResponse { status: "bulk_silenced", count: ids.len(), duration_days: days }))
}
