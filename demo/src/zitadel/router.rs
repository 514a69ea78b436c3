//! The request pipeline in the real server's order: the gateway matches the route (no match
//! → 404, wrong method → 405, both with gateway bodies), then the auth interceptor checks the
//! bearer token (401), resolves the organisation from `x-zitadel-orgid` or the token's own
//! (403 when it does not exist or the token has no role there), checks the permission
//! (403), and only then the handler runs.

use std::sync::Mutex;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use serde_json::Value;

use super::errors::GrpcError;
use super::model::{ActionState, Role, ZitadelUser};
use super::state::ZitadelState;
use super::{actions, events, flows};
use crate::incoming::Incoming;
use crate::query::decode_path;

/// The path prefix the instance is mounted under: the client's base URL ends here.
pub const PREFIX: &str = "/zitadel";
pub const ORG_HEADER: &str = "x-zitadel-orgid";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    ListActions,
    GetAction(&'a str),
    UpdateAction(&'a str),
    Deactivate(&'a str),
    Reactivate(&'a str),
    GetFlow(&'a str),
    ListEvents,
}

impl<'a> Route<'a> {
    pub fn resolve(path: &'a str, method: &Method) -> Result<Self, GrpcError> {
        let Some(rest) = path.strip_prefix('/') else { return Err(GrpcError::route_not_found()) };
        let segments: Vec<&str> = rest.split('/').collect();
        let only = |m: Method, route: Self| if *method == m { Ok(route) } else { Err(GrpcError::method_not_allowed()) };
        match segments.as_slice() {
            ["management", "v1", "actions", "_search"] if *method == Method::POST => Ok(Self::ListActions),
            ["management", "v1", "actions", id, "_deactivate"] if !id.is_empty() => {
                only(Method::POST, Self::Deactivate(id))
            }
            ["management", "v1", "actions", id, "_reactivate"] if !id.is_empty() => {
                only(Method::POST, Self::Reactivate(id))
            }
            ["management", "v1", "actions", id] if !id.is_empty() => match *method {
                Method::GET => Ok(Self::GetAction(id)),
                Method::PUT => Ok(Self::UpdateAction(id)),
                _ => Err(GrpcError::method_not_allowed()),
            },
            ["management", "v1", "flows", t] if !t.is_empty() => only(Method::GET, Self::GetFlow(t)),
            ["admin", "v1", "events", "_search"] => only(Method::POST, Self::ListEvents),
            _ => Err(GrpcError::route_not_found()),
        }
    }
}

pub fn handle(state: &Mutex<ZitadelState>, req: &Incoming) -> Response {
    let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
    render(dispatch(&mut s, req))
}

fn dispatch(s: &mut ZitadelState, req: &Incoming) -> Result<Value, GrpcError> {
    let path = decode_path(req.path.strip_prefix(PREFIX).unwrap_or(""));
    let route = Route::resolve(&path, &req.method)?;
    let user = authenticate(&req.headers, s)?.clone();
    if route == Route::ListEvents {
        // `events.read` is an instance permission: the org header plays no part.
        if user.role != Role::IamOwner {
            return Err(GrpcError::no_permission());
        }
        return events::search(s, &req.body);
    }
    let org = organisation(&req.headers, &user, s)?;
    if user.role == Role::None {
        return Err(GrpcError::no_permission());
    }
    let editor = s.editor_of(&user.id);
    match route {
        Route::ListActions => actions::list(s, &org, &req.body),
        Route::GetAction(id) => actions::get(s, &org, id),
        Route::UpdateAction(id) => actions::update(s, &org, id, &req.body, &editor),
        Route::Deactivate(id) => actions::set_state(s, &org, id, ActionState::Inactive, &editor),
        Route::Reactivate(id) => actions::set_state(s, &org, id, ActionState::Active, &editor),
        Route::GetFlow(t) => flows::get(s, &org, t),
        Route::ListEvents => Err(GrpcError::route_not_found()),
    }
}

/// `Authorization: Bearer <PAT>`; the scheme in any case, like the interceptor's check.
fn authenticate<'s>(headers: &HeaderMap, s: &'s ZitadelState) -> Result<&'s ZitadelUser, GrpcError> {
    let raw = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("").trim();
    if raw.is_empty() {
        return Err(GrpcError::header_missing());
    }
    let token = match raw.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ => return Err(GrpcError::token_invalid()),
    };
    s.user_by_token(token).ok_or_else(GrpcError::token_invalid)
}

/// The organisation the request acts in: the header's, checked to exist and to be one the
/// user has a role in (an instance owner has one everywhere), else the user's own.
fn organisation(headers: &HeaderMap, user: &ZitadelUser, s: &ZitadelState) -> Result<String, GrpcError> {
    let wanted = headers.get(ORG_HEADER).and_then(|v| v.to_str().ok()).map(str::trim).filter(|o| !o.is_empty());
    let Some(wanted) = wanted else { return Ok(user.org.clone()) };
    if !s.orgs.iter().any(|o| o.id == wanted) {
        return Err(GrpcError::org_missing());
    }
    if user.role != Role::IamOwner && wanted != user.org {
        return Err(GrpcError::no_permission());
    }
    Ok(wanted.to_string())
}

fn render(result: Result<Value, GrpcError>) -> Response {
    let (status, body) = match result {
        Ok(v) => (200, serde_json::to_vec(&v).unwrap_or_default()),
        Err(e) => (e.http_status(), e.body()),
    };
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    // What grpc-gateway forwards from the gRPC response.
    h.insert("grpc-metadata-content-type", HeaderValue::from_static("application/grpc"));
    resp
}
