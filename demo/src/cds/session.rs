//! Who is calling and the unauthenticated helpers: `POST /login`, `GET /mon/version`,
//! `GET /user/logged`.
//!
//! A `Session-Token` sent with `X-Requested-With: X-CDS-SDK` is looked up as a persistent
//! key (each user's seeded token, and keys from logins that sent the header); without the
//! header only the session store counts (logins without it). `Authorization: Bearer` takes
//! the same persistent keys, standing in for CDS's JWTs.

use axum::http::header;
use serde::Deserialize;

use super::errors::CdsError;
use super::model::Id;
use super::respond::{Answer, Handled};
use super::router::Ctx;
use super::state::{CdsState, Session};
use super::wire::{WireLogin, WireVersion};
use crate::incoming::Incoming;
use crate::query::QueryDict;

const SDK: &str = "X-CDS-SDK";

fn header<'a>(req: &'a Incoming, name: &str) -> Option<&'a str> {
    req.headers.get(name).and_then(|v| v.to_str().ok())
}

pub fn authenticate(s: &CdsState, req: &Incoming, query: &QueryDict) -> Option<Id> {
    if let Some(auth) = header(req, header::AUTHORIZATION.as_str())
        && let Some(token) = auth.strip_prefix("Bearer ")
    {
        return persistent(s, token.trim());
    }
    let sdk = header(req, "x-requested-with") == Some(SDK);
    let token = header(req, "session-token").filter(|t| !t.is_empty());
    match (token, sdk) {
        (Some(t), true) => persistent(s, t),
        (Some(t), false) => plain(s, t),
        (None, _) => query.get("session").filter(|t| !t.is_empty()).and_then(|t| plain(s, t)),
    }
}

fn persistent(s: &CdsState, token: &str) -> Option<Id> {
    s.users
        .iter()
        .find(|u| u.token == token)
        .map(|u| u.id)
        .or_else(|| s.sessions.iter().find(|x| x.persistent && x.token == token).map(|x| x.user))
}

fn plain(s: &CdsState, token: &str) -> Option<Id> {
    s.sessions.iter().find(|x| !x.persistent && x.token == token).map(|x| x.user)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginBody {
    username: String,
    password: String,
}

/// 200 `{"user","token"}`, the key also in the `Session-Token` header; bad credentials are
/// 400 id 25.
pub fn login(s: &mut CdsState, ctx: &Ctx<'_>) -> Handled {
    let body: LoginBody =
        serde_json::from_slice(&ctx.req.body).map_err(|e| CdsError::wrong_request().with_from(e.to_string()))?;
    let user = s
        .users
        .iter()
        .find(|u| u.username == body.username && u.password == body.password && !body.password.is_empty())
        .cloned()
        .ok_or_else(CdsError::invalid_credentials)?;
    let token = s.random_uuid();
    let persistent = ctx.header(header::HeaderName::from_static("x-requested-with")) == Some(SDK);
    s.sessions.push(Session { token: token.clone(), user: user.id, persistent });
    let answer = WireLogin { user: CdsState::wire_user(&user), token: token.clone() };
    Ok(Answer::ok(&answer).with_header("session-token", token))
}

pub fn version() -> Handled {
    Ok(Answer::ok(&WireVersion {
        version: "0.43.1+opsy-demo",
        architecture: "amd64",
        os: "linux",
        git_hash: "75a1d4416e53d55740f185184b18285b66e5e735",
        build_time: "2019-12-05T10:08:11Z",
        db_migrate: None,
    }))
}

/// 200 `null` when the `Session-Token` is known, 401 otherwise.
pub fn logged(s: &CdsState, ctx: &Ctx<'_>) -> Handled {
    let token = ctx.header(header::HeaderName::from_static("session-token")).unwrap_or("");
    let known = !token.is_empty() && (persistent(s, token).is_some() || plain(s, token).is_some());
    if known { Ok(Answer::null(200)) } else { Err(CdsError::not_authenticated()) }
}

impl CdsState {
    /// A v4-shaped uuid from the demo's seeded generator.
    pub(crate) fn random_uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        for b in &mut bytes {
            *b = self.rng.u8(..);
        }
        uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
    }
}
