//! ZITADEL error bodies (docs/wire-zitadel.md, "Errors"). The v1 REST gateway answers
//! `{"code": 5, "message": "Errors.Action.NotFound (COMMAND-Sfg2t)", "details": [{"@type",
//! "id", "message"}]}` with the HTTP status of the gRPC code; Connect-style answers name the
//! code (`"code": "not_found"`). The message may be translated, so the error id in the
//! parentheses (`COMMAND-Sfg2t`) is the stable handle; the `Errors.…` key is only there when
//! the server did not translate.
//!
//! In the [`StatusError`] opsy keeps: `code` = the numeric gRPC code, `message` = the text
//! without its `(id)` suffix, cleaned, and `correlation` = the error id.

use crate::domain::error::{ApiError, StatusError};
use crate::domain::text::clean_line;

pub(crate) const NOT_FOUND: i64 = 5;
pub(crate) const PERMISSION_DENIED: i64 = 7;
pub(crate) const FAILED_PRECONDITION: i64 = 9;
pub(crate) const UNAUTHENTICATED: i64 = 16;

/// gRPC status codes by their Connect names.
const CODES: [(&str, i64); 16] = [
    ("canceled", 1),
    ("unknown", 2),
    ("invalid_argument", 3),
    ("deadline_exceeded", 4),
    ("not_found", NOT_FOUND),
    ("already_exists", 6),
    ("permission_denied", PERMISSION_DENIED),
    ("resource_exhausted", 8),
    ("failed_precondition", FAILED_PRECONDITION),
    ("aborted", 10),
    ("out_of_range", 11),
    ("unimplemented", 12),
    ("internal", 13),
    ("unavailable", 14),
    ("data_loss", 15),
    ("unauthenticated", UNAUTHENTICATED),
];

/// A ZITADEL error both ways it can be recognised: by id (stable) or by key (untranslated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Known {
    pub(crate) key: &'static str,
    pub(crate) id: &'static str,
}

pub(crate) const ACTION_NOT_ACTIVE: Known = Known { key: "Errors.Action.NotActive", id: "COMMAND-Dgj92" };
pub(crate) const ACTION_NOT_INACTIVE: Known = Known { key: "Errors.Action.NotInactive", id: "COMMAND-J53zh" };
pub(crate) const ACTION_NOT_CHANGED: Known = Known { key: "Errors.Action.NotChanged", id: "COMMAND-dg4t2" };
pub(crate) const ACTION_NOT_FOUND: Known = Known { key: "Errors.Action.NotFound", id: "COMMAND-Sfg2t" };
pub(crate) const ACTION_EXISTS: Known = Known { key: "Errors.Action.AlreadyExists", id: "" };
pub(crate) const ORG_MISSING: Known = Known { key: "Errors.Org.NotFound", id: "AUTH-Bs7Ds" };

/// `name` as a gRPC code: a Connect name (any case), or a number written as a string.
pub(crate) fn grpc_code(name: &str) -> Option<i64> {
    let name = name.trim();
    if let Ok(n) = name.parse::<i64>() {
        return Some(n);
    }
    CODES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, c)| *c)
}

pub(crate) fn read_error(v: &serde_json::Value) -> StatusError {
    let code = match v.get("code") {
        Some(serde_json::Value::Number(n)) => n.as_i64(),
        Some(serde_json::Value::String(s)) => grpc_code(s),
        _ => None,
    };
    // Old gateways also wrote the text under `error`.
    let raw = v.get("message").or_else(|| v.get("error")).and_then(|m| m.as_str()).unwrap_or_default();
    let (text, id_in_text) = split_id(raw);
    let id = detail_id(v).or(id_in_text);
    StatusError {
        message: clean_line(text).trim().to_string(),
        code,
        correlation: id.map(|i| clean_line(i).into_owned()).filter(|i| !i.is_empty()),
        ..Default::default()
    }
}

/// `"Errors.Action.NotFound (COMMAND-Sfg2t)"` → the text and the id, when the parentheses
/// hold something shaped like an id (no spaces, a dash).
fn split_id(message: &str) -> (&str, Option<&str>) {
    let trimmed = message.trim_end();
    if let Some(inner) = trimmed.strip_suffix(')')
        && let Some(open) = inner.rfind(" (")
    {
        let id = &inner[open + 2..];
        if !id.is_empty() && id.contains('-') && !id.contains(char::is_whitespace) {
            return (&inner[..open], Some(id));
        }
    }
    (message, None)
}

/// The first error id in `details`: grpc-gateway puts it at `id`, Connect under `debug.id`.
fn detail_id(v: &serde_json::Value) -> Option<&str> {
    v.get("details")?.as_array()?.iter().find_map(|d| {
        d.get("id")
            .or_else(|| d.get("debug").and_then(|x| x.get("id")))
            .and_then(|i| i.as_str())
            .filter(|i| !i.is_empty())
    })
}

/// The error id (`COMMAND-Dgj92`) of a ZITADEL answer.
pub(crate) fn error_id(e: &ApiError) -> Option<&str> {
    match e {
        ApiError::Status(s) => s.correlation.as_deref(),
        _ => None,
    }
}

/// The untranslated key (`Errors.Action.NotActive`), when the server sent one.
pub(crate) fn error_key(e: &ApiError) -> Option<&str> {
    match e {
        ApiError::Status(s) if s.message.starts_with("Errors.") => {
            Some(s.message.split_whitespace().next().unwrap_or_default())
        }
        _ => None,
    }
}

pub(crate) fn is(e: &ApiError, known: Known) -> bool {
    let by_id = !known.id.is_empty() && error_id(e) == Some(known.id);
    by_id || error_key(e) == Some(known.key)
}

/// A 403 (or a PermissionDenied code behind another status).
pub(crate) fn is_denied(e: &ApiError) -> bool {
    e.status() == Some(403) || e.code() == Some(PERMISSION_DENIED)
}
