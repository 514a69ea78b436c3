//! What Heimdall's answers mean for the operator, in plain words, set on
//! [`StatusError::hint`](crate::domain::error::StatusError::hint). Heimdall's own words are
//! often misleading: a permission denial comes back as a 500, an unknown group as a 403, an
//! expired token is never refused (`docs/wire-heimdall.md`, "Quirks and what opsy does").

use super::client::Op;
use super::errors::FieldError;
use crate::domain::error::ApiError;

/// Attach the hint for `err`, an answer to `op`. A 500 that reports a refusal becomes
/// [`ApiError::Refused`], so that nobody retries it.
pub(crate) fn explain(err: ApiError, op: Op, fields: &[FieldError]) -> ApiError {
    let ApiError::Status(s) = &err else {
        return err;
    };
    let (status, message) = (s.status, s.message.as_str());
    let refused = status == 500 && (inner_403(message) || message.contains("JWT payload missing 'subject'"));
    let plain = hint(status, message, op, fields);
    let err = match err {
        ApiError::Status(s) if refused => ApiError::Refused(s),
        other => other,
    };
    match plain {
        Some(h) => err.with_hint(h),
        None => err,
    }
}

/// The actions router wraps its Cerbos `HTTPException(403)` in a 500:
/// `"Failed to update action: 403: Insufficient permissions to update actions"`.
fn inner_403(message: &str) -> bool {
    message.contains(": 403:") || message.starts_with("403:")
}

fn hint(status: u16, message: &str, op: Op, fields: &[FieldError]) -> Option<String> {
    let text = |s: &str| Some(s.to_string());
    match status {
        300..=399 => text(
            "Heimdall redirects when a path's trailing slash does not match its route, and the redirect loses the proxy's path prefix, so opsy does not follow it. Check the configured URL: it should end with the service prefix, e.g. https://host/heimdall-admin.",
        ),
        401 if message.contains("JWT token required") => text(
            "This call needs a user's JWT: Heimdall's static API token only works for resolving an endpoint to its action.",
        ),
        401 => text(
            "Heimdall refused the token. The scheme must be spelled exactly 'Bearer' and the token must be a JWT. An expired token is not the cause: Heimdall checks neither expiry nor signature.",
        ),
        403 if message == "Not authenticated" => text(
            "No token reached Heimdall (missing or empty Authorization header): set this server's token in the profile.",
        ),
        403 if message == "Invalid authentication credentials" => {
            text("The Authorization header does not use the Bearer scheme: Heimdall takes 'Bearer <JWT>' only.")
        }
        403 => Some(forbidden(op)),
        404 if message == "Not Found" => text(
            "Heimdall has no such route: check that the configured URL ends with the service prefix (e.g. /heimdall-admin) and nothing more.",
        ),
        404 => match op {
            Op::GetAction => {
                text("The action does not exist (any more): someone may have deleted it. Refresh the list.")
            }
            Op::Members | Op::DeleteGroup => text("The group does not exist (any more). Refresh the list."),
            Op::Resolve => text("No mapping guards this endpoint: Heimdall has no action for it."),
            _ => None,
        },
        405 => {
            text("Heimdall has this path but not for this method: the server runs another version than opsy expects.")
        }
        400 if message.contains("not found") && matches!(op, Op::UpdateAction | Op::DeleteAction) => {
            text("The action is gone: someone deleted it meanwhile. Refresh the list.")
        }
        400 if message.contains("already exists") => text("An action with this name already exists."),
        409 => text("A group with this name already exists."),
        422 => Some(validation(fields)),
        500 if inner_403(message) => {
            text("forbidden: you lack the permission (Heimdall reports this 403 inside a 500).")
        }
        500 if message.contains("JWT payload missing 'subject'") => text(
            "The token has no 'preferred_username' claim, which Heimdall takes as your CPF: use a user token from Keycloak, not a service account's.",
        ),
        500 if message.contains("Cerbos") || message.contains("unavailable") => text(
            "Heimdall's authorization service (Cerbos) is down: changes fail until it is back. Reading actions, groups and your own user still works.",
        ),
        502 | 504 => text(
            "The proxy in front of Heimdall got no answer in time. One slow Cerbos call stalls the whole server, so this may pass.",
        ),
        503 if op == Op::Ready => {
            text("Heimdall reports itself not ready: changes and member listing fail until every check passes again.")
        }
        503 => text(
            "Heimdall's health monitor says Cerbos or Redis is not ready: changes and member listing fail closed until it recovers, which takes up to 30 s after the service is back. Reads still work.",
        ),
        _ => None,
    }
}

fn forbidden(op: Op) -> String {
    match op {
        Op::Members => "Only Heimdall admins may list a group's members (Cerbos 'group:view_members'); even members of the group cannot.",
        Op::AddMember | Op::RemoveMember => "You lack the permission to change this group's members, or the group does not exist: Heimdall answers 403 for an unknown group.",
        Op::CreateGroup | Op::DeleteGroup => "Only Heimdall admins may create or delete groups.",
        _ => "Heimdall's policy (Cerbos) refused this: it needs a Heimdall admin.",
    }
    .to_string()
}

fn validation(fields: &[FieldError]) -> String {
    if fields.is_empty() {
        return "Heimdall refused the request's fields.".to_string();
    }
    let listed = fields.iter().map(|f| format!("{}: {}", f.field, f.msg)).collect::<Vec<_>>().join("; ");
    let mut out = format!("Heimdall refused {}: {listed}.", if fields.len() == 1 { "a field" } else { "these fields" });
    if fields.iter().any(|f| f.field == "subject") {
        out.push_str(" A CPF is exactly 11 digits.");
    }
    if fields.iter().any(|f| f.field == "name") {
        out.push_str(" Names use lowercase letters, digits, '_' and ':'.");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::error::StatusError;

    fn status(status: u16, message: &str) -> ApiError {
        ApiError::Status(StatusError { server: "h".into(), status, message: message.into(), ..Default::default() })
    }

    #[test]
    fn a_403_inside_a_500_is_forbidden_and_not_transient() {
        let e = explain(
            status(500, "Failed to delete action: 403: Insufficient permissions to delete actions"),
            Op::DeleteAction,
            &[],
        );
        assert!(matches!(e, ApiError::Refused(_)), "{e:?}");
        assert!(!e.is_transient());
        assert_eq!(e.hint(), Some("forbidden: you lack the permission (Heimdall reports this 403 inside a 500)."));
    }

    #[test]
    fn an_outage_500_stays_transient() {
        let e = explain(
            status(
                500,
                "Failed to create action: Service 'Cerbos Authorization Service' is currently unavailable: boom",
            ),
            Op::CreateAction,
            &[],
        );
        assert!(matches!(e, ApiError::Status(_)));
        assert!(e.is_transient());
        assert!(e.hint().is_some_and(|h| h.contains("Cerbos") && h.contains("down")), "{:?}", e.hint());
    }

    #[test]
    fn the_same_403_means_different_things_per_call() {
        let members = explain(status(403, "Permission denied to view members of group 'g'"), Op::Members, &[]);
        assert!(members.hint().is_some_and(|h| h.contains("group:view_members")));
        let add = explain(status(403, "Permission denied to add member to group 'nope'"), Op::AddMember, &[]);
        assert!(add.hint().is_some_and(|h| h.contains("does not exist")));
        let none = explain(status(403, "Not authenticated"), Op::AddMember, &[]);
        assert!(none.hint().is_some_and(|h| h.contains("No token")));
    }

    #[test]
    fn other_errors_are_left_alone() {
        let e = ApiError::Local("x".into());
        assert_eq!(explain(e.clone(), Op::Me, &[]), e);
        assert_eq!(explain(status(418, "teapot"), Op::Me, &[]).hint(), None);
    }
}
