//! Who is calling, in the real service's order (`docs/wire-heimdall.md`, Q8): FastAPI's
//! `HTTPBearer` first (no header or no credentials → 403 "Not authenticated", another scheme
//! → 403 "Invalid authentication credentials"), then Heimdall's own check that the scheme is
//! spelled exactly `Bearer` (401), the static API token (only the resolver takes it), the
//! claims (401 when they do not decode), and the user row, created on first sight (500 when
//! the token has no `preferred_username`). Superadmin comes from the client role, re-read on
//! every request.

use axum::http::header;

use super::jwt;
use super::respond::Failure;
use super::state::HeimdallState;
use crate::incoming::Incoming;

/// The Keycloak client and role that make a superadmin.
const CLIENT: &str = "superapp";
const ADMIN_ROLE: &str = "heimdall-admin";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user_id: i64,
    pub cpf: String,
    pub admin: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// The static API token, for the gateway's resolver.
    Gateway,
    User(Caller),
}

pub fn authenticate(s: &mut HeimdallState, req: &Incoming, static_ok: bool) -> Result<Who, Failure> {
    let raw = req.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    // Starlette's `get_authorization_scheme_param`: split at the first space.
    let (scheme, credentials) = raw.split_once(' ').unwrap_or((raw, ""));
    if scheme.is_empty() || credentials.is_empty() {
        return Err(Failure::http(403, "Not authenticated"));
    }
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(Failure::http(403, "Invalid authentication credentials"));
    }
    if scheme != "Bearer" {
        return Err(Failure::http(401, "Invalid authentication credentials"));
    }
    let token = credentials.trim();
    if token == s.static_token {
        return if static_ok {
            Ok(Who::Gateway)
        } else {
            Err(Failure::http(401, "JWT token required for this endpoint"))
        };
    }
    let claims = jwt::claims(token).ok_or_else(|| Failure::http(401, "Invalid authentication credentials"))?;
    let cpf = claims.get("preferred_username").and_then(|v| v.as_str()).filter(|c| !c.is_empty()).ok_or_else(|| {
        Failure::http(
            500,
            "User creation failed: JWT payload missing 'subject' field (should contain CPF from preferred_username)",
        )
    })?;
    let admin = claims
        .pointer(&format!("/resource_access/{CLIENT}/roles"))
        .and_then(|r| r.as_array())
        .is_some_and(|roles| roles.iter().any(|r| r.as_str() == Some(ADMIN_ROLE)));
    let name = claims.get("name").and_then(|v| v.as_str());
    let user_id = s.ensure_user(cpf, name);
    Ok(Who::User(Caller { user_id, cpf: cpf.to_string(), admin }))
}

impl Who {
    /// Every route but the resolver needs a user.
    pub fn user(self) -> Result<Caller, Failure> {
        match self {
            Who::User(c) => Ok(c),
            Who::Gateway => Err(Failure::http(401, "JWT token required for this endpoint")),
        }
    }
}
