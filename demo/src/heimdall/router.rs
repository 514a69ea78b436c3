//! The service's request pipeline, in FastAPI's order: Starlette matches the decoded path
//! against the routes in declaration order (a path that matches only with the other
//! trailing slash is a 307 to an absolute URL built from `Host`, which drops the proxy
//! prefix; a path of another method's route is a 405 naming that route's method; nothing is
//! a 404 `{"detail"}`); then the JSON body is parsed (bad JSON is a 422 before anything
//! else); then authentication; then the handler validates its parameters and runs.

use std::sync::Mutex;

use axum::http::{Method, header};
use axum::response::Response;
use serde_json::Value;

use super::auth;
use super::respond::{Failure, Handled, render};
use super::state::HeimdallState;
use super::validate;
use super::{actions, groups, health, mappings, users};
use crate::incoming::Incoming;
use crate::query::{QueryDict, decode_path};

/// Where the service sits behind the proxy. The proxy strips it, so the service never sees
/// it, and its redirects leave it out.
pub const PREFIX: &str = "/heimdall-admin";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Handler {
    Healthz,
    Readyz,
    ListActions,
    CreateAction,
    GetAction,
    UpdateAction,
    DeleteAction,
    Resolve,
    ListMappings,
    ListGroups,
    CreateGroup,
    DeleteGroup,
    ListMembers,
    AddMember,
    RemoveMember,
    Me,
}

/// One FastAPI route per decorated function, in the order the routers declare them.
const ROUTES: [(&str, &str, Handler); 16] = [
    ("GET", "/api/v1/healthz", Handler::Healthz),
    ("GET", "/api/v1/readyz", Handler::Readyz),
    ("GET", "/api/v1/actions/", Handler::ListActions),
    ("POST", "/api/v1/actions/", Handler::CreateAction),
    ("GET", "/api/v1/actions/{action_id}", Handler::GetAction),
    ("PUT", "/api/v1/actions/{action_id}", Handler::UpdateAction),
    ("DELETE", "/api/v1/actions/{action_id}", Handler::DeleteAction),
    ("GET", "/api/v1/mappings/", Handler::Resolve),
    ("GET", "/api/v1/mappings/list", Handler::ListMappings),
    ("GET", "/api/v1/groups/", Handler::ListGroups),
    ("POST", "/api/v1/groups/", Handler::CreateGroup),
    ("DELETE", "/api/v1/groups/{group_name}", Handler::DeleteGroup),
    ("GET", "/api/v1/groups/{group_name}/members", Handler::ListMembers),
    ("POST", "/api/v1/groups/{group_name}/members", Handler::AddMember),
    ("DELETE", "/api/v1/groups/{group_name}/members/{subject}", Handler::RemoveMember),
    ("GET", "/api/v1/users/me", Handler::Me),
];

enum Found {
    Route(Handler, Vec<String>),
    /// The path matches a route of another method: its method, for `allow`.
    OtherMethod(&'static str),
    Nothing,
}

/// Starlette's `{param}`: one non-empty segment.
fn params(pattern: &str, path: &str) -> Option<Vec<String>> {
    let (p, t): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    if p.len() != t.len() {
        return None;
    }
    let mut out = Vec::new();
    for (p, t) in p.iter().zip(&t) {
        if p.starts_with('{') && p.ends_with('}') {
            if t.is_empty() {
                return None;
            }
            out.push((*t).to_string());
        } else if p != t {
            return None;
        }
    }
    Some(out)
}

fn find(method: &Method, path: &str) -> Found {
    let mut other = None;
    for (m, pattern, handler) in ROUTES {
        if let Some(values) = params(pattern, path) {
            if method.as_str() == m {
                return Found::Route(handler, values);
            }
            other.get_or_insert(m);
        }
    }
    other.map_or(Found::Nothing, Found::OtherMethod)
}

pub fn handle(state: &Mutex<HeimdallState>, req: &Incoming) -> Response {
    let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
    render(dispatch(&mut s, req))
}

fn dispatch(s: &mut HeimdallState, req: &Incoming) -> Handled {
    let raw = req.path.strip_prefix(PREFIX).unwrap_or("");
    let path = match decode_path(raw) {
        p if p.is_empty() => "/".to_string(),
        p => p,
    };
    let (handler, values) = match find(&req.method, &path) {
        Found::Route(h, v) => (h, v),
        Found::OtherMethod(allow) => return Err(Failure::WrongMethod(allow)),
        Found::Nothing => return Err(redirect(req, &path).unwrap_or(Failure::NoRoute)),
    };
    let body =
        if matches!(handler, Handler::CreateAction | Handler::UpdateAction | Handler::CreateGroup | Handler::AddMember)
        {
            validate::json_body(&req.body)?
        } else {
            None
        };
    let query = QueryDict::parse(req.query.as_deref());
    let arg = |i: usize| values.get(i).map_or("", String::as_str);
    match handler {
        Handler::Healthz => return health::healthz(s),
        Handler::Readyz => return health::readyz(s),
        _ => {}
    }
    let who = auth::authenticate(s, req, handler == Handler::Resolve)?;
    if handler == Handler::Resolve {
        return mappings::resolve(s, &query);
    }
    let caller = who.user()?;
    let body: Option<&Value> = body.as_ref();
    match handler {
        Handler::ListActions => actions::list(s, &query),
        Handler::CreateAction => actions::create(s, &caller, body),
        Handler::GetAction => actions::get(s, arg(0)),
        Handler::UpdateAction => actions::update(s, &caller, arg(0), body),
        Handler::DeleteAction => actions::delete(s, &caller, arg(0)),
        Handler::ListMappings => mappings::list(s, &query),
        Handler::ListGroups => groups::list(s, &query),
        Handler::CreateGroup => groups::create(s, &caller, body),
        Handler::DeleteGroup => groups::delete(s, &caller, arg(0)),
        Handler::ListMembers => groups::members(s, &caller, arg(0)),
        Handler::AddMember => groups::add_member(s, &caller, arg(0), body),
        Handler::RemoveMember => groups::remove_member(s, &caller, arg(0), arg(1)),
        Handler::Me => users::me(s, &caller),
        Handler::Healthz | Handler::Readyz | Handler::Resolve => Err(Failure::NoRoute),
    }
}

/// Starlette's `redirect_slashes`: when the path with the other trailing slash matches a
/// route of any method, redirect there, absolutely, from the `Host` the client sent. The
/// path is the service's own, so the proxy prefix is gone.
fn redirect(req: &Incoming, path: &str) -> Option<Failure> {
    if path == "/" {
        return None;
    }
    let other = match path.strip_suffix('/') {
        Some(_) => path.trim_end_matches('/').to_string(),
        None => format!("{path}/"),
    };
    if matches!(find(&req.method, &other), Found::Nothing) {
        return None;
    }
    let host = req
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty())
        .map_or_else(|| req.local.to_string(), str::to_string);
    let query = req.query.as_deref().map(|q| format!("?{q}")).unwrap_or_default();
    Some(Failure::Redirect(format!("http://{host}{other}{query}")))
}
