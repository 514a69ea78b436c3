//! ZITADEL's errors as the v1 REST gateway writes them: the HTTP status of the gRPC code,
//! and `{"code": <number>, "message": "<key> (<id>)", "details": [{"@type", "id", "message"}]}`.
//! The messages here are the untranslated keys.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrpcError {
    pub code: i32,
    /// The message key or text, without the id.
    pub message: String,
    /// ZITADEL's error id (`COMMAND-Dgj92`); empty for gateway errors, which have none.
    pub id: &'static str,
    /// The HTTP status when it is not the code's usual one (405 for a wrong method).
    pub status: Option<u16>,
}

impl GrpcError {
    fn new(code: i32, id: &'static str, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), id, status: None }
    }

    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(3, "", message)
    }

    pub fn action_not_found() -> Self {
        Self::new(5, "COMMAND-Sfg2t", "Errors.Action.NotFound")
    }

    pub fn action_not_found_query() -> Self {
        Self::new(5, "QUERY-Dgff3", "Errors.Action.NotFound")
    }

    pub fn action_exists() -> Self {
        Self::new(6, "V3-DKcYh", "Errors.Action.AlreadyExists")
    }

    pub fn not_active() -> Self {
        Self::new(9, "COMMAND-Dgj92", "Errors.Action.NotActive")
    }

    pub fn not_inactive() -> Self {
        Self::new(9, "COMMAND-J53zh", "Errors.Action.NotInactive")
    }

    pub fn not_changed() -> Self {
        Self::new(9, "COMMAND-dg4t2", "Errors.Action.NotChanged")
    }

    pub fn no_permission() -> Self {
        Self::new(7, "AUTH-5mWD2", "No matching permissions found")
    }

    pub fn org_missing() -> Self {
        Self::new(7, "AUTH-Bs7Ds", "Organisation doesn't exist")
    }

    pub fn header_missing() -> Self {
        Self::new(16, "AUTH-7fs1e", "auth header missing")
    }

    pub fn token_invalid() -> Self {
        Self::new(16, "AUTH-7fs1e", "Errors.Token.Invalid")
    }

    pub fn limit_exceeded() -> Self {
        Self::new(3, "QUERY-4M0fs", "Errors.Query.LimitExceeded")
    }

    /// grpc-gateway's own answer for a path no route matches.
    pub fn route_not_found() -> Self {
        Self::new(5, "", "Not Found")
    }

    pub fn method_not_allowed() -> Self {
        Self { status: Some(405), ..Self::new(12, "", "Method Not Allowed") }
    }

    pub fn http_status(&self) -> u16 {
        self.status.unwrap_or(match self.code {
            3 | 9 | 11 => 400,
            5 => 404,
            6 | 10 => 409,
            7 => 403,
            8 => 429,
            12 => 501,
            14 => 503,
            16 => 401,
            _ => 500,
        })
    }

    pub fn body(&self) -> Vec<u8> {
        let message = if self.id.is_empty() { self.message.clone() } else { format!("{} ({})", self.message, self.id) };
        let details: Vec<Detail<'_>> = if self.id.is_empty() {
            Vec::new()
        } else {
            vec![Detail { kind: "type.googleapis.com/zitadel.v1.ErrorDetail", id: self.id, message: &self.message }]
        };
        serde_json::to_vec(&Body { code: self.code, message: &message, details }).unwrap_or_default()
    }
}

#[derive(Serialize)]
struct Body<'a> {
    code: i32,
    message: &'a str,
    details: Vec<Detail<'a>>,
}

#[derive(Serialize)]
struct Detail<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    id: &'static str,
    message: &'a str,
}
