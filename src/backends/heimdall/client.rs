//! `HeimdallClient`: the Heimdall Admin Service's `api/v1` over the shared HTTP layer, with
//! `Authorization: Bearer <JWT>`. Collection routes always end with `/`, item routes never
//! (the server redirects both ways and its redirect loses the proxy prefix); every answer,
//! error or not, goes through [`HeimdallClient::one`], [`HeimdallClient::many`] or
//! [`HeimdallClient::none`], so the recorded fixtures test the exact code path used here.
//! See `docs/wire-heimdall.md`.

use std::collections::HashMap;
use std::time::Duration;

use reqwest::{Method, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::cpf::Cpf;
use super::errors;
use super::glossary;
use super::wire::{Action, ActionList, AddMemberAnswer, Group, MappingDetail, Member, User};
#[cfg(test)]
use super::wire::{Health, Resolution};
use crate::backends::de::interning;
use crate::backends::http::{Auth, HttpClient, RawResponse, ServerOptions, segment};
use crate::domain::error::{ApiError, StatusError};
use crate::domain::text::clean_line;

/// The server's cap on `limit`; asking more is a 422.
pub(crate) const PAGE_SIZE: i64 = 100;
/// 20 000 actions. A permission catalog has hundreds: a server still announcing more
/// after this many pages is looping, not big.
pub(crate) const MAX_PAGES: usize = 200;
/// One slow Cerbos call stalls the whole server for seconds (a member add took 7 s), so a
/// shorter deadline would report healthy servers as down.
pub(crate) const MIN_TIMEOUT: Duration = Duration::from_secs(10);
/// Heimdall caps action names at 100 characters.
#[cfg(test)]
const MAX_ACTION_NAME: usize = 100;

/// Which call an answer belongs to: the glossary explains the same status differently per
/// call (a 403 on member listing is not a 403 on adding one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    ListActions,
    GetAction,
    // opsy shows Heimdall's actions read-only: these calls only answer the recorded
    // exchanges in the tests (their 403-inside-a-500 is what the glossary is for).
    #[cfg_attr(not(test), expect(dead_code, reason = "action writes exist only in tests"))]
    CreateAction,
    #[cfg_attr(not(test), expect(dead_code, reason = "action writes exist only in tests"))]
    UpdateAction,
    #[cfg_attr(not(test), expect(dead_code, reason = "action writes exist only in tests"))]
    DeleteAction,
    Mappings,
    #[cfg_attr(not(test), expect(dead_code, reason = "resolving an endpoint exists only in tests"))]
    Resolve,
    ListGroups,
    CreateGroup,
    DeleteGroup,
    Members,
    AddMember,
    RemoveMember,
    Me,
    Ready,
    /// Anything else (tests, probes of unknown routes).
    #[cfg_attr(not(test), expect(dead_code, reason = "only the tests probe unknown routes"))]
    Other,
}

impl Op {
    fn what(self) -> &'static str {
        match self {
            Self::ListActions => "action list",
            Self::GetAction => "action",
            Self::CreateAction => "created action",
            Self::UpdateAction => "updated action",
            Self::DeleteAction => "action deletion",
            Self::Mappings => "mapping list",
            Self::Resolve => "endpoint resolution",
            Self::ListGroups => "group list",
            Self::CreateGroup => "created group",
            Self::DeleteGroup => "group deletion",
            Self::Members => "member list",
            Self::AddMember => "add-member answer",
            Self::RemoveMember => "member removal",
            Self::Me => "current user",
            Self::Ready => "readiness report",
            Self::Other => "answer",
        }
    }
}

/// A partial action update: only the fields given are sent.
#[cfg(test)]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct ActionChange<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<&'a str>,
}

#[derive(Debug, Clone)]
pub(crate) struct HeimdallClient {
    http: HttpClient,
}

impl HeimdallClient {
    /// `opts.url` is the service's base, e.g. `https://services.example.com/heimdall-admin`.
    /// Only a Bearer token (a Keycloak JWT) or no auth at all (health probes) make sense.
    pub(crate) fn new(opts: &ServerOptions) -> Result<Self, ApiError> {
        if matches!(opts.auth, Auth::Token(_) | Auth::Session(_)) {
            return Err(ApiError::Local(
                "Heimdall takes a Bearer token (a Keycloak JWT): set auth = \"bearer\" for this server".into(),
            ));
        }
        let mut opts = opts.clone();
        opts.timeout = opts.timeout.max(MIN_TIMEOUT);
        Ok(Self { http: HttpClient::new(&opts)? })
    }

    pub(crate) fn label(&self) -> &str {
        self.http.label()
    }

    // ----- actions -----

    /// Every action, sorted by name then id. The server pages without any order and moves an
    /// updated row to the end, so pages read around a write can repeat one row and miss
    /// another: rows are kept once per id, and when fewer distinct rows than the announced
    /// total came back, every page is read once more.
    pub(crate) async fn list_actions(&self) -> Result<Vec<Action>, ApiError> {
        let first = self.read_pages().await?;
        let pages = if first.moved() { self.read_pages().await? } else { first };
        Ok(pages.into_sorted())
    }

    async fn read_pages(&self) -> Result<ActionPages, ApiError> {
        let mut pages = ActionPages::default();
        let mut skip = 0;
        for _ in 0..MAX_PAGES {
            let query = [("skip", skip.to_string()), ("limit", PAGE_SIZE.to_string())];
            let resp = self.send(self.req(Method::GET, "api/v1/actions/", &query)?).await?;
            match pages.add(self.one(&resp, Op::ListActions)?) {
                Some(next) => skip = next,
                None => return Ok(pages),
            }
        }
        Err(ApiError::Decode {
            server: self.label().to_string(),
            what: Op::ListActions.what(),
            detail: format!(
                "still not at the end after {MAX_PAGES} pages of {PAGE_SIZE}; the server's total is not to be trusted"
            ),
        })
    }

    pub(crate) async fn get_action(&self, id: i64) -> Result<Action, ApiError> {
        let resp = self.send(self.req(Method::GET, &format!("api/v1/actions/{id}"), &[])?).await?;
        self.one(&resp, Op::GetAction)
    }

    /// Needs a Heimdall admin; a refusal comes back as a 500 (see the glossary).
    #[cfg(test)]
    pub(crate) async fn create_action(&self, name: &str, description: &str) -> Result<Action, ApiError> {
        check_name("action", name, MAX_ACTION_NAME, create_char)?;
        let body = NameBody { name, description };
        let req = HttpClient::json_body(self.req(Method::POST, "api/v1/actions/", &[])?, &body)?;
        let resp = self.send(req).await?;
        self.one(&resp, Op::CreateAction)
    }

    /// A rename may use capitals and `-`, which creation refuses.
    #[cfg(test)]
    pub(crate) async fn update_action(&self, id: i64, change: &ActionChange<'_>) -> Result<Action, ApiError> {
        if change.name.is_none() && change.description.is_none() {
            return Err(ApiError::Local("nothing to change in this action".into()));
        }
        if let Some(name) = change.name {
            check_name("action", name, MAX_ACTION_NAME, rename_char)?;
        }
        let req = HttpClient::json_body(self.req(Method::PUT, &format!("api/v1/actions/{id}"), &[])?, change)?;
        let resp = self.send(req).await?;
        self.one(&resp, Op::UpdateAction)
    }

    /// Cascades: the action's endpoint mappings and every role's grant of it go too.
    #[cfg(test)]
    pub(crate) async fn delete_action(&self, id: i64) -> Result<(), ApiError> {
        let resp = self.send(self.req(Method::DELETE, &format!("api/v1/actions/{id}"), &[])?).await?;
        self.none(&resp, Op::DeleteAction)
    }

    /// The endpoints `action` guards, by `(path_pattern, method)`. The server's filter is a
    /// case-insensitive substring with LIKE wildcards (`read` also finds `dataset:read`), so
    /// only exact matches are kept.
    pub(crate) async fn mappings_for(&self, action: &str) -> Result<Vec<MappingDetail>, ApiError> {
        let query = [("action_filter", action.to_string())];
        let resp = self.send(self.req(Method::GET, "api/v1/mappings/list", &query)?).await?;
        Ok(exact_mappings(action, self.many(&resp, Op::Mappings)?))
    }

    /// Which action guards `method path` (a 404 when none does).
    #[cfg(test)]
    pub(crate) async fn resolve(&self, path: &str, method: &str) -> Result<Resolution, ApiError> {
        let query = [("path", path.to_string()), ("method", method.to_string())];
        let resp = self.send(self.req(Method::GET, "api/v1/mappings/", &query)?).await?;
        self.one(&resp, Op::Resolve)
    }

    // ----- groups and members -----

    /// Every group (not paginated), by name.
    pub(crate) async fn list_groups(&self) -> Result<Vec<Group>, ApiError> {
        let resp = self.send(self.req(Method::GET, "api/v1/groups/", &[])?).await?;
        let mut groups: Vec<Group> = self.many(&resp, Op::ListGroups)?;
        groups.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        Ok(groups)
    }

    /// Needs a Heimdall admin; 409 when the name is taken.
    pub(crate) async fn create_group(&self, name: &str, description: &str) -> Result<Group, ApiError> {
        check_name("group", name, usize::MAX, create_char)?;
        let body = NameBody { name, description };
        let req = HttpClient::json_body(self.req(Method::POST, "api/v1/groups/", &[])?, &body)?;
        let resp = self.send(req).await?;
        self.one(&resp, Op::CreateGroup)
    }

    pub(crate) async fn delete_group(&self, name: &str) -> Result<(), ApiError> {
        let path = format!("api/v1/groups/{}", seg(name)?);
        let resp = self.send(self.req(Method::DELETE, &path, &[])?).await?;
        self.none(&resp, Op::DeleteGroup)
    }

    /// Newest first. Only Heimdall admins may list members: everyone else gets a 403, even
    /// members of the group.
    pub(crate) async fn members(&self, group: &str) -> Result<Vec<Member>, ApiError> {
        let path = format!("api/v1/groups/{}/members", seg(group)?);
        let resp = self.send(self.req(Method::GET, &path, &[])?).await?;
        let mut members: Vec<Member> = self.many(&resp, Op::Members)?;
        members.sort_by(|a, b| b.joined_at.cmp(&a.joined_at).then_with(|| a.subject.cmp(&b.subject)));
        Ok(members)
    }

    /// Idempotent: adding a member again answers the same. An unknown group is a 403 (and the
    /// server creates the CPF's user row all the same).
    pub(crate) async fn add_member(&self, group: &str, cpf: &Cpf) -> Result<AddMemberAnswer, ApiError> {
        let path = format!("api/v1/groups/{}/members", seg(group)?);
        let body = SubjectBody { subject: cpf.as_str() };
        let req = HttpClient::json_body(self.req(Method::POST, &path, &[])?, &body)?;
        let resp = self.send(req).await?;
        self.one(&resp, Op::AddMember)
    }

    /// `subject` as listed by [`Self::members`] (not necessarily a CPF).
    ///
    /// **The answer proves nothing**: once the caller may remove members, Heimdall answers 204
    /// whether or not the subject was a member, the group exists, or the subject is a CPF.
    /// Callers must list the members again to know the outcome.
    pub(crate) async fn remove_member(&self, group: &str, subject: &str) -> Result<(), ApiError> {
        let path = format!("api/v1/groups/{}/members/{}", seg(group)?, seg(subject)?);
        let resp = self.send(self.req(Method::DELETE, &path, &[])?).await?;
        self.none(&resp, Op::RemoveMember)
    }

    // ----- who am I, is it up -----

    /// The operator's CPF, groups and roles (`superadmin` when the token carries the admin
    /// client role): a good start-up check of the token.
    pub(crate) async fn me(&self) -> Result<User, ApiError> {
        let resp = self.send(self.req(Method::GET, "api/v1/users/me", &[])?).await?;
        self.one(&resp, Op::Me)
    }

    /// Ready, or a 503 saying which check failed (database, cache, cerbos).
    #[cfg(test)]
    pub(crate) async fn readiness(&self) -> Result<Health, ApiError> {
        let resp = self.send(self.req(Method::GET, "api/v1/readyz", &[])?).await?;
        self.one(&resp, Op::Ready)
    }

    // ----- answers: every response goes through one of these -----

    /// A single object; an error status becomes an explained error.
    pub(crate) fn one<T: DeserializeOwned>(&self, resp: &RawResponse, op: Op) -> Result<T, ApiError> {
        self.check(resp, op)?;
        if resp.body.trim_ascii().is_empty() {
            return Err(ApiError::Decode {
                server: self.label().to_string(),
                what: op.what(),
                detail: "empty answer".into(),
            });
        }
        interning(|| self.http.decode(resp, op.what()))
    }

    /// A list: `null` means empty, and an entry of the wrong shape is skipped rather than
    /// failing the whole list.
    pub(crate) fn many<T: DeserializeOwned>(&self, resp: &RawResponse, op: Op) -> Result<Vec<T>, ApiError> {
        self.check(resp, op)?;
        if resp.body.trim_ascii().is_empty() {
            return Err(ApiError::Decode {
                server: self.label().to_string(),
                what: op.what(),
                detail: "empty answer".into(),
            });
        }
        let items: Option<Vec<serde_json::Value>> = self.http.decode(resp, op.what())?;
        Ok(interning(|| items.unwrap_or_default().into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect()))
    }

    /// A 204: its `content-type: application/json` announces a body that is not there, so
    /// the body is never parsed.
    pub(crate) fn none(&self, resp: &RawResponse, op: Op) -> Result<(), ApiError> {
        self.check(resp, op)
    }

    fn check(&self, resp: &RawResponse, op: Op) -> Result<(), ApiError> {
        if resp.is_success() {
            return Ok(());
        }
        let mut fields = Vec::new();
        let err = self.http.status_error(resp, |v| {
            let body = errors::read(v);
            fields = body.fields;
            StatusError { message: body.message, ..Default::default() }
        });
        Err(glossary::explain(err, op, &fields))
    }

    // ----- plumbing -----

    fn req(&self, method: Method, path: &str, query: &[(&str, String)]) -> Result<RequestBuilder, ApiError> {
        let mut url = self.http.url(path)?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        Ok(self.http.request(method, url))
    }

    async fn send(&self, req: RequestBuilder) -> Result<RawResponse, ApiError> {
        self.http.send(req).await
    }
}

/// Pages of the action list as they arrive: one row per id, the later copy winning (a row
/// seen twice moved because it was updated, so the second copy is the newer one).
#[derive(Debug, Default)]
pub(crate) struct ActionPages {
    rows: HashMap<i64, Action>,
    received: i64,
    total: Option<i64>,
}

impl ActionPages {
    /// Take one page; the `skip` of the next one, or `None` at the end: an empty page, or as
    /// many rows received as the server says it has.
    pub(crate) fn add(&mut self, page: ActionList) -> Option<i64> {
        self.total = page.total.or(self.total);
        if page.actions.is_empty() {
            return None;
        }
        self.received += page.actions.len() as i64;
        for a in page.actions {
            // Without an id a row cannot be told apart, opened or acted on.
            if a.id > 0 {
                self.rows.insert(a.id, a);
            }
        }
        match self.total {
            Some(total) if self.received >= total => None,
            _ => Some(self.received),
        }
    }

    /// Fewer distinct rows than announced: rows moved between pages while they were read.
    pub(crate) fn moved(&self) -> bool {
        self.total.is_some_and(|t| (self.rows.len() as i64) < t)
    }

    pub(crate) fn into_sorted(self) -> Vec<Action> {
        let mut rows: Vec<Action> = self.rows.into_values().collect();
        rows.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        rows
    }
}

/// Keep the mappings of exactly `action`, by `(path_pattern, method)`.
pub(crate) fn exact_mappings(action: &str, mut rows: Vec<MappingDetail>) -> Vec<MappingDetail> {
    rows.retain(|m| m.action == action);
    rows.sort_by(|a, b| (&a.path_pattern, &a.method, a.id).cmp(&(&b.path_pattern, &b.method, b.id)));
    rows
}

#[derive(Serialize)]
struct NameBody<'a> {
    name: &'a str,
    description: &'a str,
}

#[derive(Serialize)]
struct SubjectBody<'a> {
    subject: &'a str,
}

/// `^[a-z0-9_:]+$`: what the server accepts for a new action or group.
fn create_char(c: char) -> bool {
    matches!(c, 'a'..='z' | '0'..='9' | '_' | ':')
}

/// `^[a-zA-Z0-9_:-]+$`: what an action update accepts.
#[cfg(test)]
fn rename_char(c: char) -> bool {
    matches!(c, 'a'..='z' | 'A'..='Z' | '0'..='9' | '_' | ':' | '-')
}

/// The server would answer a bad name with a 422; say what is allowed before sending.
fn check_name(kind: &str, name: &str, max: usize, allowed: fn(char) -> bool) -> Result<(), ApiError> {
    let rule =
        if allowed('A') { "letters, digits, '_', ':' and '-'" } else { "lowercase letters a-z, digits, '_' and ':'" };
    if name.is_empty() {
        return Err(ApiError::Local(format!("a {kind} name cannot be empty: use {rule}")));
    }
    if let Some(bad) = name.chars().find(|c| !allowed(*c)) {
        return Err(ApiError::Local(format!(
            "a {kind} name may only hold {rule}; {:?} has '{}'",
            clean_line(name),
            bad.escape_debug()
        )));
    }
    if name.chars().count() > max {
        return Err(ApiError::Local(format!("a {kind} name has at most {max} characters")));
    }
    Ok(())
}

/// A path segment from a name. `.` and `..` are refused: URL resolution would turn
/// `groups/../actions/1` into another route.
fn seg(name: &str) -> Result<String, ApiError> {
    match name {
        "" => Err(ApiError::Local("an empty name cannot be used in a request path".into())),
        "." | ".." => Err(ApiError::Local(format!("{name:?} cannot be used as a name in a request path"))),
        _ => Ok(segment(name)),
    }
}
