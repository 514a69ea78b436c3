//! URL resolution and the DRF request pipeline, in the real server's order: Django resolves
//! the URL (unknown → HTML 404, missing slash → 301), then DRF negotiates the renderer,
//! authenticates (401), checks permissions (403), picks the handler by method (405), and only
//! then runs the view.

use std::sync::Mutex;

use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use jiff::Timestamp;
use serde::Serialize;

use super::auth;
use super::drf::{self, Answer, Crash, Format, Reply};
use super::state::{UserId, WaldurState};
use super::{actions, execute, history, silence};
use crate::incoming::Incoming;
use crate::pages;
use crate::query::{QueryDict, decode_path};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    List,
    Summary,
    BulkSilence,
    UpdateActions,
    Detail(&'a str),
    Silence(&'a str),
    Unsilence(&'a str),
    Execute(&'a str),
    Executions,
    Execution(&'a str),
    Providers,
    Provider(&'a str),
}

impl<'a> Route<'a> {
    /// DRF's router patterns: list-level actions before the detail route; lookups match
    /// `[^/.]+`.
    pub fn resolve(path: &'a str) -> Option<Self> {
        let rest = path.strip_prefix("/api/")?.strip_suffix('/')?;
        let segments: Vec<&str> = rest.split('/').collect();
        let id = |s: &str| !s.is_empty() && !s.contains('.');
        Some(match segments.as_slice() {
            ["user-actions"] => Self::List,
            ["user-actions", "summary"] => Self::Summary,
            ["user-actions", "bulk_silence"] => Self::BulkSilence,
            ["user-actions", "update_actions"] => Self::UpdateActions,
            ["user-actions", u] if id(u) => Self::Detail(u),
            ["user-actions", u, "silence"] if id(u) => Self::Silence(u),
            ["user-actions", u, "unsilence"] if id(u) => Self::Unsilence(u),
            ["user-actions", u, "execute_action"] if id(u) => Self::Execute(u),
            ["user-action-executions"] => Self::Executions,
            ["user-action-executions", i] if id(i) => Self::Execution(i),
            ["user-action-providers"] => Self::Providers,
            ["user-action-providers", i] if id(i) => Self::Provider(i),
            _ => return None,
        })
    }

    fn reads(self) -> bool {
        !matches!(
            self,
            Self::BulkSilence | Self::UpdateActions | Self::Silence(_) | Self::Unsilence(_) | Self::Execute(_)
        )
    }

    fn allow(self) -> &'static str {
        if self.reads() { "GET, HEAD, OPTIONS" } else { "POST, OPTIONS" }
    }

    fn allows(self, method: &Method) -> bool {
        if self.reads() { method == Method::GET || method == Method::HEAD } else { method == Method::POST }
    }

    fn staff_only(self) -> bool {
        matches!(self, Self::Providers | Self::Provider(_))
    }

    /// DRF's view name and description (the docstring), shown by OPTIONS and the HTML page.
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Self::List => ("User Action List", "ViewSet for user actions"),
            Self::Detail(_) => ("User Action Instance", "ViewSet for user actions"),
            Self::Summary => ("Summary", "Get action summary counts"),
            Self::BulkSilence => ("Bulk silence", "Bulk silence actions by filters"),
            Self::UpdateActions => ("Update actions", "Trigger update of user actions"),
            Self::Silence(_) => ("Silence", "Silence an action temporarily or permanently"),
            Self::Unsilence(_) => ("Unsilence", "Remove silence from an action"),
            Self::Execute(_) => ("Execute action", "Execute a corrective action"),
            Self::Executions => ("User Action Execution List", "ViewSet for viewing action execution history"),
            Self::Execution(_) => ("User Action Execution Instance", "ViewSet for viewing action execution history"),
            Self::Providers => {
                ("User Action Provider List", "ViewSet for viewing registered action providers (admin only)")
            }
            Self::Provider(_) => {
                ("User Action Provider Instance", "ViewSet for viewing registered action providers (admin only)")
            }
        }
    }
}

/// Everything a view needs besides the state.
pub struct Ctx<'a> {
    pub req: &'a Incoming,
    pub query: QueryDict,
    pub user: UserId,
    pub now: Timestamp,
}

#[derive(Serialize)]
struct Metadata<'a> {
    name: &'a str,
    description: &'a str,
    renders: [&'static str; 2],
    parses: [&'static str; 3],
}

/// Every answer carries the server's own clock in `Date`, as a real server's does: a client
/// that reasons about silences ending may read the time from it, and with a frozen demo clock
/// that time must be the frozen one.
pub fn handle(state: &Mutex<WaldurState>, req: &Incoming) -> Response {
    let now = state.lock().unwrap_or_else(|e| e.into_inner()).now();
    let mut resp = respond(state, req);
    if let Ok(date) = HeaderValue::from_str(&now.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string()) {
        resp.headers_mut().insert(axum::http::header::DATE, date);
    }
    resp
}

fn respond(state: &Mutex<WaldurState>, req: &Incoming) -> Response {
    let path = decode_path(&req.path);
    let Some(route) = Route::resolve(&path) else {
        if !path.ends_with('/') && Route::resolve(&format!("{path}/")).is_some() {
            return pages::append_slash(&req.path, req.query.as_deref());
        }
        return pages::not_found();
    };
    let (name, description) = route.describe();
    let allow = route.allow();
    let Some(format) = drf::negotiate(&req.headers) else {
        let reply = Reply::detail(StatusCode::NOT_ACCEPTABLE, "Could not satisfy the request Accept header.");
        return drf::render(reply, Format::Json, allow, name);
    };
    let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
    let user = match auth::authenticate(&req.headers, &s) {
        Ok(user) => user,
        Err(e) => {
            let reply = Reply::detail(StatusCode::UNAUTHORIZED, e.message())
                .with_header(HeaderName::from_static("www-authenticate"), "Token");
            return drf::render(reply, format, allow, name);
        }
    };
    if route.staff_only() && !s.users()[user].is_staff {
        let reply = Reply::detail(StatusCode::FORBIDDEN, "You do not have permission to perform this action.");
        return drf::render(reply, format, allow, name);
    }
    if req.method == Method::OPTIONS {
        let meta = Metadata {
            name,
            description,
            renders: ["application/json", "text/html"],
            parses: ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"],
        };
        return drf::render(Reply::ok(&meta), format, allow, name);
    }
    if !route.allows(&req.method) {
        let reply = Reply::detail(StatusCode::METHOD_NOT_ALLOWED, &format!("Method \"{}\" not allowed.", req.method));
        return drf::render(reply, format, allow, name);
    }
    let now = s.now();
    let ctx = Ctx { req, query: QueryDict::parse(req.query.as_deref()), user, now };
    let answer: Answer = match route {
        Route::List => actions::list(&mut s, &ctx),
        Route::Summary => actions::summary(&mut s, &ctx),
        Route::Detail(id) => actions::detail(&mut s, &ctx, id),
        Route::Silence(id) => silence::silence(&mut s, &ctx, id),
        Route::Unsilence(id) => silence::unsilence(&mut s, &ctx, id),
        Route::BulkSilence => silence::bulk_silence(&mut s, &ctx),
        Route::Execute(id) => execute::execute(&mut s, &ctx, id),
        Route::UpdateActions => execute::update_actions(&mut s, &ctx),
        Route::Executions => history::executions(&s, &ctx),
        Route::Execution(id) => history::execution(&s, &ctx, id),
        Route::Providers => history::providers(&s, &ctx),
        Route::Provider(id) => history::provider(&s, &ctx, id),
    };
    drop(s);
    match answer {
        Ok(reply) => drf::render(reply, format, allow, name),
        Err(Crash) => pages::server_error(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_resolve_like_the_drf_router() {
        assert_eq!(Route::resolve("/api/user-actions/"), Some(Route::List));
        assert_eq!(Route::resolve("/api/user-actions/summary/"), Some(Route::Summary));
        assert_eq!(Route::resolve("/api/user-actions/abc/"), Some(Route::Detail("abc")));
        assert_eq!(Route::resolve("/api/user-actions/abc/execute_action/"), Some(Route::Execute("abc")));
        assert_eq!(Route::resolve("/api/user-action-executions/3/"), Some(Route::Execution("3")));
        assert_eq!(Route::resolve("/api/user-actions"), None);
        assert_eq!(Route::resolve("/api/user-actions/a.b/"), None);
        assert_eq!(Route::resolve("/api/user-actions//"), None);
        assert_eq!(Route::resolve("/api/user-actions/abc/nope/"), None);
        assert_eq!(Route::resolve("/user-actions/"), None);
    }
}

/// Arbitrary requests straight into the pipeline: whatever arrives, the demo answers and
/// never panics.
#[cfg(test)]
mod fuzz {
    use std::net::SocketAddr;
    use std::sync::Mutex;

    use axum::http::{HeaderMap, HeaderValue, Method, header};
    use bytes::Bytes;

    use super::handle;
    use crate::clock::Clock;
    use crate::incoming::Incoming;

    const PATHS: [&str; 12] = [
        "/api/user-actions/",
        "/api/user-actions/summary/",
        "/api/user-actions/bulk_silence/",
        "/api/user-actions/update_actions/",
        "/api/user-actions/{u}/",
        "/api/user-actions/{u}/silence/",
        "/api/user-actions/{u}/unsilence/",
        "/api/user-actions/{u}/execute_action/",
        "/api/user-action-executions/",
        "/api/user-action-executions/{u}/",
        "/api/user-action-providers/{u}/",
        "/api/user-actions",
    ];
    const PARAMS: [&str; 14] = [
        "include_silenced",
        "is_silenced",
        "urgency",
        "action_type",
        "overdue",
        "created_after",
        "created_before",
        "o",
        "page",
        "page_size",
        "user_uuid",
        "due_within_days",
        "%ff",
        "",
    ];
    const VALUES: [&str; 16] = [
        "true",
        "1",
        "high",
        "-urgency,due_date",
        "last",
        "0",
        "-7",
        "2025-06-01T00:00:00%2B00:00",
        "%E2%80%AE",
        "%",
        "é",
        "99999999999999999999999",
        "",
        "2025-06-01T12:30+0é0",
        "+",
        "pending_order",
    ];
    const BODIES: [&str; 10] = [
        "",
        "{}",
        "null",
        "[]",
        "{\"duration_days\":7}",
        "{\"duration_days\":1e308}",
        "{\"action_label\":\"Approve Order\"}",
        "{\"action_label\":\"\\u0000\"}",
        "{\"provider_action_type\":{\"a\":[1,2]}}",
        "\u{0}\u{ff}{",
    ];

    #[test]
    fn random_requests_never_panic() {
        let now = "2025-06-10T09:30:00Z".parse().expect("ts");
        let state = Mutex::new(crate::waldur::build(40, 1, Clock::new(Some(now))));
        let (token, staff, uuids) = {
            let s = state.lock().expect("lock");
            let uuids: Vec<String> = s.rows().iter().take(10).map(|r| r.uuid.simple().to_string()).collect();
            (s.demo_user().token.clone(), s.staff_user().token.clone(), uuids)
        };
        let mut rng = fastrand::Rng::with_seed(99);
        let methods = [Method::GET, Method::HEAD, Method::POST, Method::DELETE, Method::OPTIONS, Method::PATCH];
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..3000 {
            let id = match rng.u8(0..4) {
                0 => "1".to_string(),
                1 => "not-a-uuid".to_string(),
                _ => uuids[rng.usize(..uuids.len())].clone(),
            };
            let path = PATHS[rng.usize(..PATHS.len())].replace("{u}", &id);
            let query: Vec<String> = (0..rng.usize(0..4))
                .map(|_| format!("{}={}", PARAMS[rng.usize(..PARAMS.len())], VALUES[rng.usize(..VALUES.len())]))
                .collect();
            let mut headers = HeaderMap::new();
            let auth = match rng.u8(0..6) {
                0 => None,
                1 => Some(format!("Token {staff}")),
                2 => Some("Token".to_string()),
                3 => Some(format!("Bearer {token} extra")),
                _ => Some(format!("Token {token}")),
            };
            if let Some(a) = auth.and_then(|a| HeaderValue::from_str(&a).ok()) {
                headers.insert(header::AUTHORIZATION, a);
            }
            let content_type = ["application/json", "application/x-www-form-urlencoded", "text/plain"][rng.usize(..3)];
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            let accept = match rng.u8(0..20) {
                0 => Some("text/html"),
                1 => Some("application/xml"),
                _ => None,
            };
            if let Some(a) = accept {
                headers.insert(header::ACCEPT, HeaderValue::from_static(a));
            }
            let req = Incoming {
                method: methods[rng.usize(..methods.len())].clone(),
                path,
                query: (!query.is_empty()).then(|| query.join("&")),
                headers,
                body: Bytes::from(BODIES[rng.usize(..BODIES.len())].as_bytes().to_vec()),
                local: SocketAddr::from(([127, 0, 0, 1], 8000)),
            };
            let resp = handle(&state, &req);
            seen.insert(resp.status().as_u16());
        }
        // The inputs reach the views, not just the gates in front of them.
        let expected = [200, 202, 301, 400, 401, 403, 404, 405, 406, 415, 500];
        assert!(expected.iter().all(|s| seen.contains(s)), "statuses seen: {seen:?}");
    }
}
