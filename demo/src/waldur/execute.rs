//! execute_action and update_actions (docs/wire-waldur.md). Every execution attempt
//! that reaches a corrective action is recorded, success or failure.

use axum::http::StatusCode;
use serde_json::Value;

use super::actions::lookup;
use super::corrective::{self, Plan};
use super::drf::{Answer, Crash, Reply, as_object, request_data, required_text};
use super::model::ExecutionRow;
use super::pyrepr::py_str;
use super::router::Ctx;
use super::state::WaldurState;
use super::wire::{ExecuteError, ExecuteResponse, OrderUuidMetadata, UpdateActionsResponse};

pub fn execute(s: &mut WaldurState, ctx: &Ctx, raw_uuid: &str) -> Answer {
    let i = match lookup(s, ctx, raw_uuid)? {
        Ok(i) => i,
        Err(reply) => return Ok(reply),
    };
    let label = match request_data(&ctx.req.headers, &ctx.req.body)
        .and_then(|data| as_object(&data).and_then(|obj| required_text("action_label", obj)))
    {
        Ok(label) => label,
        Err(reply) => return Ok(reply),
    };
    let Some(row) = s.rows().get(i) else {
        return Ok(Reply::detail(StatusCode::NOT_FOUND, super::actions::NOT_FOUND));
    };
    let Some(plan) = corrective::plan(row, &label) else {
        return Ok(Reply::json(StatusCode::NOT_FOUND, &ExecuteError { error: "Action not found or not permitted" }));
    };
    let action_uuid = row.uuid;
    let mut metadata = "{}".to_string();
    let reply = match plan {
        Plan::Navigate => Reply::ok(&ExecuteResponse { action: "navigate", message: None, metadata: None }),
        Plan::AcknowledgeExpiration => {
            if let Some(row) = s.row_mut_at(i) {
                row.silence(None, ctx.now);
            }
            Reply::ok(&ExecuteResponse {
                action: "completed",
                message: Some("Resource expiration acknowledged. Resource will terminate on end date."),
                metadata: None,
            })
        }
        Plan::ApproveStub { order_uuid } => {
            metadata = format!("{{'order_uuid': '{}'}}", order_uuid.simple());
            Reply::ok(&ExecuteResponse {
                action: "completed",
                message: Some("Order approval initiated"),
                metadata: Some(OrderUuidMetadata { order_uuid: order_uuid.simple() }),
            })
        }
        Plan::NotImplemented(ref message) => {
            Reply::json(StatusCode::INTERNAL_SERVER_ERROR, &ExecuteError { error: message })
        }
    };
    let error_message = match plan {
        Plan::NotImplemented(message) => message,
        _ => String::new(),
    };
    let user_uuid = s.users()[ctx.user].uuid;
    s.add_execution(ExecutionRow {
        id: 0,
        user_uuid,
        action_uuid,
        corrective_action_label: label,
        executed_at: ctx.now,
        success: error_message.is_empty(),
        error_message,
        execution_metadata: metadata,
    });
    Ok(reply)
}

/// 202 for anyone, any type (quirk 10). The view calls `request.data.get`, so a body that is
/// not an object is an unhandled `AttributeError`: the HTML 500 page.
pub fn update_actions(s: &mut WaldurState, ctx: &Ctx) -> Answer {
    let data = match request_data(&ctx.req.headers, &ctx.req.body) {
        Ok(data) => data,
        Err(reply) => return Ok(reply),
    };
    let Value::Object(obj) = &data else {
        return Err(Crash);
    };
    let provider_action_type = match obj.get("provider_action_type") {
        None | Some(Value::Null) => None,
        Some(v) => Some(py_str(v)),
    };
    // The demo's "task" runs at once: providers record a run, rows stay as they are.
    let counts: Vec<(String, usize)> = s
        .providers()
        .iter()
        .map(|p| (p.action_type.clone(), s.rows().iter().filter(|r| *r.action_type == *p.action_type).count()))
        .collect();
    for (p, (_, count)) in s.providers_mut().iter_mut().zip(counts) {
        if p.is_enabled && provider_action_type.as_deref().is_none_or(|t| t == p.action_type) {
            p.last_execution = Some(ctx.now);
            p.last_execution_status = format!("COMPLETED: {count} queued, 0 errors");
        }
    }
    Ok(Reply::json(
        StatusCode::ACCEPTED,
        &UpdateActionsResponse {
            status: "scheduled",
            message: "User actions update has been scheduled",
            provider_action_type,
        },
    ))
}
