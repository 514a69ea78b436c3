//! Who is calling: DRF `TokenAuthentication` (keyword `Token`, any case) and, standing in for
//! Waldur's personal access and OIDC tokens, `Bearer` with the same keys (docs/wire-waldur.md).

use axum::http::{HeaderMap, header};

use super::state::{UserId, WaldurState};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthError {
    /// No `Authorization` header, or a scheme no authenticator claims.
    Missing,
    Invalid(&'static str),
}

impl AuthError {
    pub fn message(self) -> &'static str {
        match self {
            Self::Missing => "Authentication credentials were not provided.",
            Self::Invalid(m) => m,
        }
    }
}

pub fn authenticate(headers: &HeaderMap, state: &WaldurState) -> Result<UserId, AuthError> {
    let Some(raw) = headers.get(header::AUTHORIZATION) else {
        return Err(AuthError::Missing);
    };
    // Split on ASCII whitespace like Python's `bytes.split()`; the header may be Latin-1.
    let value = String::from_utf8_lossy(raw.as_bytes());
    let parts: Vec<&str> = value.split_ascii_whitespace().collect();
    let Some(keyword) = parts.first() else {
        return Err(AuthError::Missing);
    };
    if !keyword.eq_ignore_ascii_case("token") && !keyword.eq_ignore_ascii_case("bearer") {
        return Err(AuthError::Missing);
    }
    match parts.len() {
        1 => Err(AuthError::Invalid("Invalid token. No credentials provided.")),
        2 => state.user_by_token(parts[1]).ok_or(AuthError::Invalid("Invalid token.")),
        _ => Err(AuthError::Invalid("Invalid token. Token string should not contain spaces.")),
    }
}
