//! OVH CDS actions and groups (docs/wire-cds.md; routes of 0.40–0.43). Paths have no
//! trailing slash; every name goes into the path percent-encoded. Success may be 200, 201 or
//! 204, with a JSON body, an empty body or a literal `null`; errors are
//! `{"id","message","data","uuid"}`.

use bytes::Bytes;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use reqwest::{Method, RequestBuilder};
use serde::Serialize;

#[cfg(test)]
use crate::backends::cds::wire::Requirement;
use crate::backends::cds::wire::{
    Action, ActionPath, AuditAction, Expiration, ExportFormat, Group, GroupRef, ImportOutcome, Token, Usage, WireStr,
    WorkerModel,
};
use crate::backends::de::interning;
use crate::backends::http::{HttpClient, RawResponse, ServerOptions, segment};
use crate::domain::error::{ApiError, StatusError};
use crate::domain::secret::Secret;
use crate::domain::text::clean_line;

/// With this header the server treats a `Session-Token` as a persistent, DB-stored key, and
/// `POST /login` creates one.
const X_REQUESTED_WITH: &str = "x-requested-with";
const CDS_SDK: &str = "X-CDS-SDK";

#[derive(Debug, Clone)]
pub(crate) struct CdsClient {
    http: HttpClient,
}

impl CdsClient {
    pub(crate) fn new(opts: &ServerOptions) -> Result<Self, ApiError> {
        Ok(Self { http: HttpClient::new(opts)? })
    }

    pub(crate) fn label(&self) -> &str {
        self.http.label()
    }

    /// `POST /login`: trade a username and password for a persistent session token, to be
    /// used with `Auth::Session`. Sent without any auth header, whatever this client was
    /// built with, because the route needs none and a stale token must not leak here.
    pub(crate) async fn login(&self, username: &str, password: &Secret) -> Result<Secret, ApiError> {
        let body = LoginBody { username, password: password.expose() };
        let req = HttpClient::json_body(self.req(Method::POST, "login")?, &body)?;
        let (client, req) = req.build_split();
        let mut req = req.map_err(|e| ApiError::Local(format!("building the login request: {e}")))?;
        let headers = req.headers_mut();
        headers.remove(AUTHORIZATION);
        headers.remove("session-token");
        headers.insert(HeaderName::from_static(X_REQUESTED_WITH), HeaderValue::from_static(CDS_SDK));
        let resp = self.exec(RequestBuilder::from_parts(client, req)).await?;
        let answer: Option<LoginAnswer> = self.http.decode(&resp, "login answer")?;
        let token = answer.map(|a| a.token).filter(|t| !t.is_empty());
        // The same key also comes back as a response header.
        let token = token.or_else(|| resp.header("session-token").map(str::to_string).filter(|t| !t.is_empty()));
        match token {
            Some(t) => Ok(Secret::new(t)),
            None => Err(self.decode_error("login answer", "no session token in the answer")),
        }
    }

    // ----- actions -----

    /// A1: every Default action the caller can see, with audits but without steps.
    pub(crate) async fn list_actions(&self) -> Result<Vec<Action>, ApiError> {
        let resp = self.exec(self.req(Method::GET, "action")?).await?;
        self.many(&resp, "action list")
    }

    /// A2: `action.group_id` (or its `group`) must name a group the caller administers; steps
    /// are referenced by `id`. Answers 201 with the stored action.
    // Kept for the contract tests of the demo's A2 route; the console creates actions by import.
    #[cfg(test)]
    pub(crate) async fn create_action(&self, action: &Action) -> Result<Action, ApiError> {
        needs_group(action)?;
        let req = HttpClient::json_body(self.req(Method::POST, "action")?, action)?;
        let resp = self.exec(req).await?;
        self.one(&resp, "created action")
    }

    /// A3: one action with its steps and audits.
    pub(crate) async fn get_action(&self, path: &ActionPath) -> Result<Action, ApiError> {
        let resp = self.exec(self.req(Method::GET, &action_path(path, "")?)?).await?;
        self.one(&resp, "action")
    }

    /// A4: replaces the whole action (parameters, requirements, steps). Edit an action just
    /// read with [`Self::get_action`], as the UI does; `path` is where it lives *now*, so a
    /// rename or a group change is a PUT to the old path.
    #[cfg(test)]
    pub(crate) async fn update_action(&self, path: &ActionPath, action: &Action) -> Result<Action, ApiError> {
        needs_group(action)?;
        let req = HttpClient::json_body(self.req(Method::PUT, &action_path(path, "")?)?, action)?;
        let resp = self.exec(req).await?;
        self.one(&resp, "updated action")
    }

    /// A5: 204. An action still used by a pipeline or another action is refused with 403 id 11.
    pub(crate) async fn delete_action(&self, path: &ActionPath) -> Result<(), ApiError> {
        self.exec(self.req(Method::DELETE, &action_path(path, "")?)?).await.map(drop)
    }

    /// A6: the pipelines and actions that use this one.
    pub(crate) async fn action_usage(&self, path: &ActionPath) -> Result<Usage, ApiError> {
        let resp = self.exec(self.req(Method::GET, &action_path(path, "/usage")?)?).await?;
        Ok(self.opt(&resp, "action usage")?.unwrap_or_default())
    }

    /// A7: the export document, byte for byte, to be written to a file. Its `Content-Type` is
    /// whatever Go sniffed, so it is neither checked nor used.
    pub(crate) async fn export_action(&self, path: &ActionPath, format: ExportFormat) -> Result<Bytes, ApiError> {
        let mut url = self.http.url(&action_path(path, "/export")?)?;
        url.query_pairs_mut().append_pair("format", format.as_query());
        let resp = self.exec(self.http.request(Method::GET, url)).await?;
        if resp.body.is_empty() {
            // Writing an empty file would look like a successful export.
            return Err(self.decode_error("action export", "the server sent an empty document"));
        }
        Ok(resp.body)
    }

    /// A8: upsert by (group, name) from an export document. The `Content-Type` is exactly
    /// `application/x-yaml` or `application/json`: any parameter (`; charset=…`) is refused.
    /// Use [`ExportFormat::from_file_name`] to pick the format the way cdsctl does.
    pub(crate) async fn import_action(
        &self,
        format: ExportFormat,
        document: impl Into<Bytes>,
    ) -> Result<ImportOutcome, ApiError> {
        let req = self.req(Method::POST, "action/import")?.header(CONTENT_TYPE, format.content_type());
        let resp = self.exec(req.body(document.into())).await?;
        let action = self.one(&resp, "imported action")?;
        Ok(if resp.status == 201 { ImportOutcome::Created(action) } else { ImportOutcome::Updated(action) })
    }

    /// A9: newest first; `data_before`/`data_after` are export YAML here.
    pub(crate) async fn action_audits(&self, path: &ActionPath) -> Result<Vec<AuditAction>, ApiError> {
        let resp = self.exec(self.req(Method::GET, &action_path(path, "/audit")?)?).await?;
        self.many(&resp, "audit list")
    }

    /// A10: restore the state *before* audit `audit_id`; the server reads no body, so none is
    /// sent. Only `ActionUpdate` rows can be rolled back.
    pub(crate) async fn rollback_action(&self, path: &ActionPath, audit_id: i64) -> Result<Action, ApiError> {
        let suffix = format!("/audit/{audit_id}/rollback");
        let resp = self.exec(self.req(Method::POST, &action_path(path, &suffix)?)?).await?;
        self.one(&resp, "rolled back action")
    }

    /// A11: the distinct `binary` requirement values across all actions (`null` when none).
    #[cfg(test)]
    pub(crate) async fn requirements(&self) -> Result<Vec<Requirement>, ApiError> {
        let resp = self.exec(self.req(Method::GET, "action/requirement")?).await?;
        self.many(&resp, "requirement list")
    }

    /// A12: the step picker list for a group: every Builtin and Plugin action plus the Default
    /// actions of the group and of `shared.infra`. Takes the numeric id, not the name.
    pub(crate) async fn group_actions(&self, group_id: i64) -> Result<Vec<Action>, ApiError> {
        let resp = self.exec(self.req(Method::GET, &format!("group/{group_id}/action"))?).await?;
        self.many(&resp, "group action list")
    }

    // ----- groups -----

    /// G1: the caller's groups (all of them for a CDS admin). `with_public` adds `shared.infra`
    /// (possibly twice); `without_default` drops the default group.
    pub(crate) async fn list_groups(
        &self,
        with_public: bool,
        without_default: bool,
    ) -> Result<Vec<GroupRef>, ApiError> {
        let mut url = self.http.url("group")?;
        if with_public {
            url.query_pairs_mut().append_pair("withPublic", "true");
        }
        if without_default {
            url.query_pairs_mut().append_pair("withoutDefault", "true");
        }
        let resp = self.exec(self.http.request(Method::GET, url)).await?;
        self.many(&resp, "group list")
    }

    /// G2: only `shared.infra`.
    #[cfg(test)]
    pub(crate) async fn public_groups(&self) -> Result<Vec<GroupRef>, ApiError> {
        let resp = self.exec(self.req(Method::GET, "group/public")?).await?;
        self.many(&resp, "public group list")
    }

    /// G3: 201; the caller becomes member and admin.
    pub(crate) async fn create_group(&self, name: &str) -> Result<GroupRef, ApiError> {
        let req = HttpClient::json_body(self.req(Method::POST, "group")?, &NameBody { name })?;
        let resp = self.exec(req).await?;
        self.one(&resp, "created group")
    }

    /// G4: with admins and users, and tokens when the caller administers the group.
    pub(crate) async fn get_group(&self, name: &str) -> Result<Group, ApiError> {
        let resp = self.exec(self.req(Method::GET, &group_path(name, &[])?)?).await?;
        self.one(&resp, "group")
    }

    /// G5: renames the group to `group.name` and **replaces its whole membership** with
    /// `group.admins` and `group.users`. Only for a group just read; member changes go through
    /// the `/user` endpoints instead.
    pub(crate) async fn put_group(&self, name: &str, group: &Group) -> Result<Group, ApiError> {
        let req = HttpClient::json_body(self.req(Method::PUT, &group_path(name, &[])?)?, group)?;
        let resp = self.exec(req).await?;
        self.one(&resp, "updated group")
    }

    /// Rename the cdsctl way: GET the group, change its name, PUT the whole object back, so
    /// the membership the PUT replaces is the one just read. Refuses to PUT when the group as
    /// read would lose members (an entry that did not decode, a member without a username).
    pub(crate) async fn rename_group(&self, old: &str, new: &str) -> Result<Group, ApiError> {
        let resp = self.exec(self.req(Method::GET, &group_path(old, &[])?)?).await?;
        let mut group: Group = self.one(&resp, "group")?;
        let sent = serde_json::from_slice::<serde_json::Value>(&resp.body).unwrap_or_default();
        let count = |key: &str| sent.get(key).and_then(|v| v.as_array()).map_or(0, Vec::len);
        let all_named = group.members().all(|(u, _)| !u.username.is_empty());
        if count("admins") != group.admins.len() || count("users") != group.users.len() || !all_named {
            return Err(ApiError::Local(format!(
                "not renaming {}: its member list did not read cleanly, and the rename would replace it",
                clean_line(old)
            )));
        }
        group.name = WireStr::new(new);
        self.put_group(old, &group).await
    }

    /// G6: 204. The group's actions go with it (foreign key cascade).
    pub(crate) async fn delete_group(&self, name: &str) -> Result<(), ApiError> {
        self.exec(self.req(Method::DELETE, &group_path(name, &[])?)?).await.map(drop)
    }

    /// G7: adds plain members (a JSON array of usernames); existing members are skipped. An
    /// unknown username makes the server answer 500 id 1.
    pub(crate) async fn add_users<S: AsRef<str>>(&self, group: &str, usernames: &[S]) -> Result<(), ApiError> {
        let names: Vec<&str> = usernames.iter().map(AsRef::as_ref).collect();
        let req = HttpClient::json_body(self.req(Method::POST, &group_path(group, &["user"])?)?, &names)?;
        self.exec(req).await.map(drop)
    }

    /// G8: 204. Removing the last admin is refused (400 id 34).
    pub(crate) async fn remove_user(&self, group: &str, username: &str) -> Result<(), ApiError> {
        let path = group_path(group, &["user", username])?;
        self.exec(self.req(Method::DELETE, &path)?).await.map(drop)
    }

    /// G9: make a member admin (they must be a member first). No body.
    pub(crate) async fn set_admin(&self, group: &str, username: &str) -> Result<(), ApiError> {
        let path = group_path(group, &["user", username, "admin"])?;
        self.exec(self.req(Method::POST, &path)?).await.map(drop)
    }

    /// G10: 204. The server does not protect the last admin here: a group can end up with none.
    pub(crate) async fn remove_admin(&self, group: &str, username: &str) -> Result<(), ApiError> {
        let path = group_path(group, &["user", username, "admin"])?;
        self.exec(self.req(Method::DELETE, &path)?).await.map(drop)
    }

    /// G11: the group's tokens (with their real ids; `token` holds a hash, not the secret).
    /// Group admins only: others get a 403 with a `null` body, reported as a permission error.
    pub(crate) async fn list_tokens(&self, group: &str) -> Result<Vec<Token>, ApiError> {
        let req = self.req(Method::GET, &group_path(group, &["token"])?)?;
        let resp = self.send_admin_only(req, group, "list its tokens").await?;
        self.many(&resp, "token list")
    }

    /// G12: the answer carries the secret (shown once) but `id` 0: list the tokens to learn
    /// the id a revoke needs.
    pub(crate) async fn generate_token(
        &self,
        group: &str,
        expiration: Expiration,
        description: &str,
    ) -> Result<Token, ApiError> {
        let body = TokenRequest { expiration, description };
        let req = HttpClient::json_body(self.req(Method::POST, &group_path(group, &["token"])?)?, &body)?;
        let resp = self.exec(req).await?;
        self.one(&resp, "generated token")
    }

    /// G13: answers 200 `null`. The server deletes by id alone, whatever the group.
    pub(crate) async fn delete_token(&self, group: &str, token_id: i64) -> Result<(), ApiError> {
        let id = token_id.to_string();
        let req = self.req(Method::DELETE, &group_path(group, &["token", &id])?)?;
        let resp = self.send_admin_only(req, group, "revoke its tokens").await?;
        if resp.status == 204 {
            // A CDS admin who is not a member of the group gets 204 and nothing is deleted
            //: reporting success would show a revoked token that still works.
            return Err(ApiError::Status(StatusError {
                server: self.label().to_string(),
                status: 204,
                message: format!(
                    "the token was not revoked: CDS only deletes tokens for members of {} (server bug); join the group and retry",
                    clean_line(group)
                ),
                ..Default::default()
            }));
        }
        Ok(())
    }

    /// G14: enabled, non-deprecated worker models of the group and of `shared.infra`.
    pub(crate) async fn worker_models(&self, group_id: i64) -> Result<Vec<WorkerModel>, ApiError> {
        let resp = self.exec(self.req(Method::GET, &format!("group/{group_id}/worker/model"))?).await?;
        self.many(&resp, "worker model list")
    }

    // ----- plumbing -----

    fn req(&self, method: Method, path: &str) -> Result<RequestBuilder, ApiError> {
        Ok(self.http.request(method, self.http.url(path)?))
    }

    async fn exec(&self, req: RequestBuilder) -> Result<RawResponse, ApiError> {
        let resp = self.http.send(req).await?;
        if resp.is_success() { Ok(resp) } else { Err(self.http.status_error(&resp, read_error)) }
    }

    /// Token routes answer a non-admin with 403 and a bare `null`: say what is missing
    /// instead of a bare status.
    async fn send_admin_only(&self, req: RequestBuilder, group: &str, to: &str) -> Result<RawResponse, ApiError> {
        let resp = self.http.send(req).await?;
        if resp.is_success() {
            return Ok(resp);
        }
        let body = resp.body.trim_ascii();
        if resp.status == 403 && (body.is_empty() || body == b"null") {
            return Err(ApiError::Status(StatusError {
                server: self.label().to_string(),
                status: 403,
                message: format!("forbidden: only admins of group {} can {to}", clean_line(group)),
                ..Default::default()
            }));
        }
        Err(self.http.status_error(&resp, read_error))
    }

    /// A body that may be empty or `null`.
    fn opt<T: serde::de::DeserializeOwned>(
        &self,
        resp: &RawResponse,
        what: &'static str,
    ) -> Result<Option<T>, ApiError> {
        if resp.body.trim_ascii().is_empty() {
            return Ok(None);
        }
        interning(|| self.http.decode(resp, what))
    }

    /// A single object: an empty or `null` answer is a broken contract.
    fn one<T: serde::de::DeserializeOwned>(&self, resp: &RawResponse, what: &'static str) -> Result<T, ApiError> {
        self.opt(resp, what)?.ok_or_else(|| self.decode_error(what, "empty answer"))
    }

    /// A list: `null` (or nothing) means empty, and an entry of the wrong shape is skipped
    /// rather than failing the whole list (as `de::list` does for nested lists).
    fn many<T: serde::de::DeserializeOwned>(&self, resp: &RawResponse, what: &'static str) -> Result<Vec<T>, ApiError> {
        let items: Vec<serde_json::Value> = self.opt(resp, what)?.unwrap_or_default();
        Ok(interning(|| items.into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect()))
    }

    fn decode_error(&self, what: &'static str, detail: &str) -> ApiError {
        ApiError::Decode { server: self.label().to_string(), what, detail: detail.to_string() }
    }
}

#[derive(Serialize)]
struct LoginBody<'a> {
    username: &'a str,
    password: &'a str,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct LoginAnswer {
    #[serde(deserialize_with = "raw_token")]
    token: String,
}

/// The session key is a credential: kept byte-exact, never cleaned or shown.
fn raw_token<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::Deserialize;
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => s,
        _ => String::new(),
    })
}

#[derive(Serialize)]
struct NameBody<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct TokenRequest<'a> {
    expiration: Expiration,
    description: &'a str,
}

/// The server would only say "wrong request" (400 id 74) for an action without a group.
#[cfg(test)]
fn needs_group(action: &Action) -> Result<(), ApiError> {
    match action.owner_id() {
        Some(_) => Ok(()),
        None => Err(ApiError::Local(format!("action {} has no group to save it in", action.name))),
    }
}

/// A path segment from a name. `.` and `..` are refused rather than sent: URL resolution
/// would turn `group/../user/x` into `/user/x`, a different (and destructive) route.
fn seg(name: &str) -> Result<String, ApiError> {
    match name {
        "" => Err(ApiError::Local("an empty name cannot be used in a request path".into())),
        "." | ".." => Err(ApiError::Local(format!("{name:?} cannot be used as a name in a request path"))),
        _ => Ok(segment(name)),
    }
}

fn action_path(p: &ActionPath, suffix: &str) -> Result<String, ApiError> {
    Ok(format!("action/{}/{}{suffix}", seg(&p.group)?, seg(&p.name)?))
}

fn group_path(group: &str, rest: &[&str]) -> Result<String, ApiError> {
    let mut path = format!("group/{}", seg(group)?);
    for part in rest {
        path.push('/');
        path.push_str(&seg(part)?);
    }
    Ok(path)
}

/// CDS error bodies. Like cdsclient, the body counts only when `message` is non-empty;
/// otherwise the HTTP status alone describes the error.
pub(crate) fn read_error(v: &serde_json::Value) -> StatusError {
    let message = v.get("message").and_then(|m| m.as_str()).map(|m| clean_line(m).trim().to_string());
    match message {
        Some(message) if !message.is_empty() => StatusError {
            message,
            code: v.get("id").and_then(serde_json::Value::as_i64),
            correlation: v
                .get("uuid")
                .and_then(|u| u.as_str())
                .map(|u| clean_line(u).trim().to_string())
                .filter(|u| !u.is_empty()),
            ..Default::default()
        },
        _ => StatusError::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_count_only_with_a_message() {
        let e = read_error(
            &serde_json::json!({"id":150,"message":"User is not a group's admin","data":null,"uuid":"5d1c"}),
        );
        assert_eq!(
            (e.code, e.message.as_str(), e.correlation.as_deref()),
            (Some(150), "User is not a group's admin", Some("5d1c"))
        );
        let e = read_error(&serde_json::json!({"id":11,"message":"","uuid":"x"}));
        assert_eq!(e, StatusError::default());
        assert_eq!(read_error(&serde_json::Value::Null), StatusError::default());
    }

    #[test]
    fn dot_segments_never_reach_a_path() {
        assert!(group_path("..", &["user", "x"]).is_err());
        assert!(group_path("g", &["user", "."]).is_err());
        assert!(action_path(&ActionPath::new("", "a"), "").is_err());
        assert_eq!(group_path("a b", &["user", "j/d"]).ok().as_deref(), Some("group/a%20b/user/j%2Fd"));
    }
}
