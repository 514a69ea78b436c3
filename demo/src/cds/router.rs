//! The API's request pipeline in the real server's order: the router matches the decoded
//! path and the method (no match → 404 id 38), `OPTIONS` answers at once, then
//! authentication (401 id 10), maintenance mode (503 id 60), the route-variable permission
//! checks, and only then the handler.

use std::sync::Mutex;

use axum::http::{Method, header};
use axum::response::Response;

use super::errors::CdsError;
use super::model::{CdsAction, Id, SHARED_INFRA};
use super::respond::{Answer, Envelope, Handled};
use super::state::{Caller, CdsState};
use super::{actions, groups, session, tokens};
use crate::incoming::Incoming;
use crate::query::{QueryDict, decode_path};

/// The path prefix the CDS API is mounted under.
pub const PREFIX: &str = "/cdsapi";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Login,
    Version,
    UserLogged,
    Actions,
    ActionRequirements,
    ActionImport,
    Action(String, String),
    ActionUsage(String, String),
    ActionExport(String, String),
    ActionAudits(String, String),
    ActionRollback(String, String, String),
    Groups,
    GroupPublic,
    Group(String),
    GroupUsers(String),
    GroupUser(String, String),
    GroupUserAdmin(String, String),
    GroupTokens(String),
    GroupToken(String, String),
    GroupActions(String),
    GroupModels(String),
}

/// What the route's variables require before the handler runs.
enum Perm<'a> {
    None,
    Authenticated,
    GroupName(&'a str),
    ActionName(&'a str),
}

impl Route {
    /// gorilla/mux over the decoded path: a route whose path matches but not its method is
    /// no match at all. `OPTIONS` matches any route's path.
    pub fn resolve(path: &str, method: &Method) -> Option<Self> {
        let segments: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
        let any = method == Method::OPTIONS;
        let is = |m: Method| any || *method == m;
        let (get, post, put, delete) = (is(Method::GET), is(Method::POST), is(Method::PUT), is(Method::DELETE));
        let s = |x: &str| x.to_string();
        let var = |x: &&str| !x.is_empty();
        Some(match segments.as_slice() {
            ["login"] if post => Self::Login,
            ["mon", "version"] if get => Self::Version,
            ["user", "logged"] if get => Self::UserLogged,
            ["action"] if get || post => Self::Actions,
            ["action", "requirement"] if get => Self::ActionRequirements,
            ["action", "import"] if post => Self::ActionImport,
            ["action", g, a] if var(g) && var(a) && (get || put || delete) => Self::Action(s(g), s(a)),
            ["action", g, a, "usage"] if var(g) && var(a) && get => Self::ActionUsage(s(g), s(a)),
            ["action", g, a, "export"] if var(g) && var(a) && get => Self::ActionExport(s(g), s(a)),
            ["action", g, a, "audit"] if var(g) && var(a) && get => Self::ActionAudits(s(g), s(a)),
            ["action", g, a, "audit", id, "rollback"] if var(g) && var(a) && var(id) && post => {
                Self::ActionRollback(s(g), s(a), s(id))
            }
            ["group"] if get || post => Self::Groups,
            ["group", "public"] if get => Self::GroupPublic,
            ["group", g] if var(g) && (get || put || delete) => Self::Group(s(g)),
            ["group", g, "user"] if var(g) && post => Self::GroupUsers(s(g)),
            ["group", g, "user", u] if var(g) && var(u) && delete => Self::GroupUser(s(g), s(u)),
            ["group", g, "user", u, "admin"] if var(g) && var(u) && (post || delete) => {
                Self::GroupUserAdmin(s(g), s(u))
            }
            ["group", g, "token"] if var(g) && (get || post) => Self::GroupTokens(s(g)),
            ["group", g, "token", id] if var(g) && var(id) && delete => Self::GroupToken(s(g), s(id)),
            ["group", id, "action"] if var(id) && get => Self::GroupActions(s(id)),
            ["group", id, "worker", "model"] if var(id) && get => Self::GroupModels(s(id)),
            _ => return None,
        })
    }

    fn perm(&self) -> Perm<'_> {
        match self {
            Self::Login | Self::Version | Self::UserLogged | Self::ActionRequirements => Perm::None,
            Self::Actions | Self::ActionImport | Self::Groups | Self::GroupPublic => Perm::Authenticated,
            // Numeric group ids are checked by their handlers.
            Self::GroupActions(_) | Self::GroupModels(_) => Perm::Authenticated,
            Self::Action(g, _)
            | Self::ActionUsage(g, _)
            | Self::ActionExport(g, _)
            | Self::ActionAudits(g, _)
            | Self::ActionRollback(g, _, _) => Perm::ActionName(g),
            Self::Group(g)
            | Self::GroupUsers(g)
            | Self::GroupUser(g, _)
            | Self::GroupUserAdmin(g, _)
            | Self::GroupTokens(g)
            | Self::GroupToken(g, _) => Perm::GroupName(g),
        }
    }
}

/// Everything a handler needs besides the state.
pub struct Ctx<'a> {
    pub req: &'a Incoming,
    pub method: Method,
    pub query: QueryDict,
    /// `None` only on routes that need no authentication.
    pub caller: Option<Caller>,
}

impl Ctx<'_> {
    /// Handlers behind an authenticated route always have a caller.
    pub fn who(&self) -> Result<Caller, CdsError> {
        self.caller.ok_or_else(CdsError::not_authenticated)
    }

    pub fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.req.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub fn handle(state: &Mutex<CdsState>, req: &Incoming) -> Response {
    let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
    let envelope = Envelope::new(s.now_go(), &req.headers);
    let result = dispatch(&mut s, req);
    envelope.render(result)
}

fn dispatch(s: &mut CdsState, req: &Incoming) -> Handled {
    let raw = req.path.strip_prefix(PREFIX).unwrap_or("");
    let path = decode_path(raw);
    let Some(route) = Route::resolve(&path, &req.method) else {
        return Err(CdsError::not_found());
    };
    if req.method == Method::OPTIONS {
        return Ok(Answer::Preflight);
    }
    let query = QueryDict::parse(req.query.as_deref());
    let perm = route.perm();
    let caller = match perm {
        Perm::None => session::authenticate(s, req, &query).and_then(|u| s.caller(u)),
        _ => Some(
            session::authenticate(s, req, &query).and_then(|u| s.caller(u)).ok_or_else(CdsError::not_authenticated)?,
        ),
    };
    if s.maintenance && req.method != Method::GET && route != Route::Login && !caller.is_some_and(|c| c.admin) {
        return Err(CdsError::maintenance());
    }
    if let Some(c) = &caller {
        check_route(s, c, &req.method, &perm)?;
    }
    let ctx = Ctx { req, method: req.method.clone(), query, caller };
    match &route {
        Route::Login => session::login(s, &ctx),
        Route::Version => session::version(),
        Route::UserLogged => session::logged(s, &ctx),
        Route::Actions if ctx.method == Method::POST => actions::create(s, &ctx),
        Route::Actions => actions::list(s, &ctx),
        Route::ActionRequirements => actions::requirements(s),
        Route::ActionImport => actions::import(s, &ctx),
        Route::Action(g, a) if ctx.method == Method::PUT => actions::update(s, &ctx, g, a),
        Route::Action(g, a) if ctx.method == Method::DELETE => actions::delete(s, &ctx, g, a),
        Route::Action(g, a) => actions::get(s, &ctx, g, a),
        Route::ActionUsage(g, a) => actions::usage(s, &ctx, g, a),
        Route::ActionExport(g, a) => actions::export(s, &ctx, g, a),
        Route::ActionAudits(g, a) => actions::audits(s, g, a),
        Route::ActionRollback(g, a, id) => actions::rollback(s, &ctx, g, a, id),
        Route::Groups if ctx.method == Method::POST => groups::create(s, &ctx),
        Route::Groups => groups::list(s, &ctx),
        Route::GroupPublic => groups::public(s),
        Route::Group(g) if ctx.method == Method::PUT => groups::update(s, &ctx, g),
        Route::Group(g) if ctx.method == Method::DELETE => groups::delete(s, g),
        Route::Group(g) => groups::get(s, &ctx, g),
        Route::GroupUsers(g) => groups::add_users(s, &ctx, g),
        Route::GroupUser(g, u) => groups::remove_user(s, g, u),
        Route::GroupUserAdmin(g, u) if ctx.method == Method::POST => groups::set_admin(s, g, u),
        Route::GroupUserAdmin(g, u) => groups::unset_admin(s, g, u),
        Route::GroupTokens(g) if ctx.method == Method::POST => tokens::generate(s, &ctx, g),
        Route::GroupTokens(g) => tokens::list(s, &ctx, g),
        Route::GroupToken(g, id) => tokens::delete(s, &ctx, g, id),
        Route::GroupActions(id) => actions::group_actions(s, &ctx, id),
        Route::GroupModels(id) => groups::worker_models(s, &ctx, id),
    }
}

/// The route-variable checks of the deprecated auth path.
fn check_route(s: &CdsState, c: &Caller, method: &Method, perm: &Perm<'_>) -> Result<(), CdsError> {
    if c.bypasses() {
        return Ok(());
    }
    let read = *method == Method::GET;
    match perm {
        Perm::None | Perm::Authenticated => Ok(()),
        // A failed check is 403 id 11 whether or not the group exists.
        Perm::GroupName(g) => {
            let group = s.group(g);
            let ok = group.is_some_and(|g| if read { g.is_member(c.user) } else { g.is_admin(c.user) });
            if ok { Ok(()) } else { Err(CdsError::forbidden()) }
        }
        Perm::ActionName(g) => {
            let group = s.group(g).ok_or_else(CdsError::group_not_found)?;
            if read {
                if group.name == SHARED_INFRA || group.is_member(c.user) {
                    Ok(())
                } else {
                    Err(CdsError::not_group_member())
                }
            } else if group.is_admin(c.user) {
                Ok(())
            } else {
                Err(CdsError::not_group_admin())
            }
        }
    }
}

/// The action named by a route: 404 id 20 for the group, then 404 id 3.
pub fn load_action<'s>(s: &'s CdsState, group: &str, name: &str) -> Result<&'s CdsAction, CdsError> {
    let g = s.group(group).ok_or_else(CdsError::group_not_found)?;
    s.default_action_in(g.id, name).ok_or_else(CdsError::action_not_found)
}

/// A `{groupID}` route variable: not a number is 400 id 74, an unknown group 404 id 20,
/// and the caller must be a member unless it is shared.infra (403 id 151).
pub fn numeric_group(s: &CdsState, c: &Caller, raw: &str) -> Result<Id, CdsError> {
    let id: Id = raw.parse().map_err(|_| CdsError::wrong_request())?;
    let g = s.group_by_id(id).ok_or_else(CdsError::group_not_found)?;
    if c.bypasses() || g.name == SHARED_INFRA || g.is_member(c.user) {
        Ok(id)
    } else {
        Err(CdsError::not_group_member())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_path_and_method() {
        let r = |p: &str, m: Method| Route::resolve(p, &m);
        assert_eq!(r("/action", Method::GET), Some(Route::Actions));
        assert_eq!(r("/action/requirement", Method::GET), Some(Route::ActionRequirements));
        assert_eq!(r("/action/import", Method::GET), None);
        assert_eq!(r("/action/g/a", Method::POST), None);
        assert_eq!(
            r("/action/g/a/audit/3/rollback", Method::POST),
            Some(Route::ActionRollback("g".into(), "a".into(), "3".into()))
        );
        assert_eq!(r("/group/public", Method::GET), Some(Route::GroupPublic));
        assert_eq!(r("/group/public", Method::PUT), Some(Route::Group("public".into())));
        assert_eq!(r("/group/7/worker/model", Method::GET), Some(Route::GroupModels("7".into())));
        assert_eq!(r("/group/g/user/u/admin", Method::OPTIONS), Some(Route::GroupUserAdmin("g".into(), "u".into())));
        assert_eq!(r("/action/", Method::GET), None);
        assert_eq!(r("/nope", Method::GET), None);
        assert_eq!(r("", Method::GET), None);
    }
}
