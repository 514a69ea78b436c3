//! What ZITADEL's answers mean for an operator, in plain words (the `hint` of a
//! [`StatusError`]). The server's own words are terse error keys or ids, and the same status
//! means different things on the Management and the Admin API.

use super::errors::{
    self, ACTION_EXISTS, ACTION_NOT_ACTIVE, ACTION_NOT_CHANGED, ACTION_NOT_FOUND, ACTION_NOT_INACTIVE, Known,
    NOT_FOUND, ORG_MISSING, PERMISSION_DENIED, UNAUTHENTICATED,
};
use crate::domain::error::ApiError;

/// Which API answered: permissions differ between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Api {
    /// `/management/v1`: per-organisation, `org.action.*` and `org.flow.*`.
    Management,
    /// `/admin/v1/events`: instance-wide, `events.read`.
    Events,
}

pub(crate) const ALREADY_INACTIVE: &str = "The action is already inactive: there was nothing to deactivate.";
pub(crate) const ALREADY_ACTIVE: &str = "The action is already active: there was nothing to reactivate.";
pub(crate) const NOTHING_CHANGED: &str = "The action already has exactly these values: nothing was changed.";
pub(crate) const TOKEN_REFUSED: &str = "ZITADEL refused the token: a personal access token may have expired or been \
     removed, or an access token lacks the scope urn:zitadel:iam:org:project:id:zitadel:aud.";
pub(crate) const NO_EVENTS_READ: &str = "Reading the history needs events.read, which only the instance roles \
     IAM_OWNER and IAM_OWNER_VIEWER hold: an organisation-level token cannot see it.";
pub(crate) const NO_ACTION_PERMISSION: &str = "This token lacks org.action.read (to list) or org.action.write (to \
     change) in this organisation, or the x-zitadel-orgid header names an organisation where it has no role.";
pub(crate) const NO_SUCH_ORG: &str =
    "The organisation id sent in x-zitadel-orgid does not exist on this instance: check the org id of the profile.";
pub(crate) const ACTION_GONE: &str = "The action does not exist in this organisation: it was deleted, or it belongs \
     to another organisation than the one in x-zitadel-orgid.";
pub(crate) const NAME_TAKEN: &str = "Another action in this organisation already has this name.";

/// Attach the plain-words hint that fits `e`, if any.
pub(crate) fn explain(e: ApiError, api: Api) -> ApiError {
    match hint(&e, api) {
        Some(h) => e.with_hint(h),
        None => e,
    }
}

fn hint(e: &ApiError, api: Api) -> Option<&'static str> {
    let known: [(Known, &'static str); 6] = [
        (ACTION_NOT_ACTIVE, ALREADY_INACTIVE),
        (ACTION_NOT_INACTIVE, ALREADY_ACTIVE),
        (ACTION_NOT_CHANGED, NOTHING_CHANGED),
        (ACTION_EXISTS, NAME_TAKEN),
        (ORG_MISSING, NO_SUCH_ORG),
        (ACTION_NOT_FOUND, ACTION_GONE),
    ];
    if let Some((_, h)) = known.iter().find(|(k, _)| errors::is(e, *k)) {
        return Some(h);
    }
    let (status, code) = (e.status()?, e.code());
    if status == 401 || code == Some(UNAUTHENTICATED) {
        return Some(TOKEN_REFUSED);
    }
    if status == 403 || code == Some(PERMISSION_DENIED) {
        return Some(match api {
            Api::Events => NO_EVENTS_READ,
            Api::Management => NO_ACTION_PERMISSION,
        });
    }
    if api == Api::Management && (status == 404 || code == Some(NOT_FOUND)) {
        return Some(ACTION_GONE);
    }
    None
}
