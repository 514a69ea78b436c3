//! Plain words for CDS's terse answers (docs/wire-cds.md, error ids), attached to the error
//! as its hint. Some ids mean different things on different routes, so the caller says which
//! kind of request it was.

use crate::domain::error::ApiError;

/// What was asked, as far as the meaning of an error goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Asked {
    /// Reading or changing an action (get, usage, delete, export, import, rollback).
    Action,
    /// Creating, renaming or deleting a group.
    Group,
    /// Renaming a group (GET then PUT of the whole group).
    Rename,
    /// Adding, removing, promoting or demoting a member.
    Member,
    /// Promoting a member to admin.
    Promote,
    /// Listing a group's tokens.
    Tokens,
}

pub(crate) fn explain(e: ApiError, asked: Asked) -> ApiError {
    match hint(&e, asked) {
        Some(h) => e.with_hint(h),
        None => e,
    }
}

fn hint(e: &ApiError, asked: Asked) -> Option<&'static str> {
    let member_op = matches!(asked, Asked::Member | Asked::Promote);
    let group_op = !matches!(asked, Asked::Action);
    match (e.status(), e.code()) {
        (Some(400), Some(34)) if group_op => Some(
            "CDS will not remove the last admin of a group. Make another member admin first (A on them), then remove this one.",
        ),
        (Some(403), Some(11)) if group_op => Some(
            "Only admins of this group (or CDS admins) may change it. CDS answers the same for a group that does not exist.",
        ),
        (Some(403), None) if group_op => Some("Only admins of this group (or CDS admins) may do this."),
        (Some(404), Some(38)) if member_op => Some("CDS does not know this user (or no longer does)."),
        (Some(400), Some(74)) if member_op => Some("This user is not a member of the group (any more)."),
        (Some(500), Some(1)) if asked == Asked::Promote => Some(
            "CDS answers 500 'internal server error' when the user is not a member of the group: add them first (a).",
        ),
        (Some(500), Some(1)) if asked == Asked::Rename => Some(
            "CDS answers 500 'internal server error' when a member listed in the group is no longer a CDS user; a CDS admin must clean the membership first.",
        ),
        (Some(500), _) if asked == Asked::Tokens => {
            Some("CDS answers 500 here to a CDS admin or shared.infra member who is not a member of the group.")
        }
        (Some(500), Some(1)) if group_op => {
            Some("CDS does not say more about this error; its logs do (quote the error id above).")
        }
        (Some(409), Some(33)) => Some("A group with this name already exists, maybe one you cannot see."),
        (Some(400), Some(32 | 24)) => Some("CDS refused the name: use letters, digits, '.', '_' and '-' only."),
        (Some(400), Some(63)) => Some(
            "CDS will not rename a group that has no admin (the rename sends the admin list back): someone must be promoted first, by a CDS admin.",
        ),
        (Some(403), Some(11)) => Some(
            "Forbidden: group admins may change a group, members may read it. CDS also answers this when an action is still in use: press w on it to see where.",
        ),
        (_, Some(10)) => {
            Some("Not authenticated: the CDS token is missing, wrong or expired (opsy login cds gets a new one).")
        }
        (_, Some(150)) => {
            Some("You are not an admin of this action's group: only its admins (or CDS admins) may change it.")
        }
        (_, Some(151)) => Some("You are not a member of this group, so you cannot read it."),
        (_, Some(3)) => Some("The action does not exist (any more): someone may have deleted or renamed it."),
        (_, Some(20)) => Some("The group does not exist (any more)."),
        (_, Some(60)) => Some("CDS is in maintenance mode: only reads work until it ends."),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::error::StatusError;

    fn err(status: u16, code: Option<i64>) -> ApiError {
        ApiError::Status(StatusError { server: "cds".into(), status, code, ..Default::default() })
    }

    fn said(status: u16, code: Option<i64>, asked: Asked) -> String {
        explain(err(status, code), asked).hint().unwrap_or_default().to_string()
    }

    #[test]
    fn the_same_id_means_different_things_on_different_routes() {
        assert!(said(500, Some(1), Asked::Promote).contains("not a member of the group"));
        assert!(said(500, Some(1), Asked::Rename).contains("no longer a CDS user"));
        assert!(said(500, Some(1), Asked::Member).contains("its logs do"));
        assert!(said(403, Some(11), Asked::Member).contains("Only admins of this group"));
        assert!(said(403, Some(11), Asked::Action).contains("still in use"));
        assert!(said(500, None, Asked::Tokens).contains("not a member of the group"));
    }

    #[test]
    fn permission_and_lookup_ids_are_explained() {
        assert!(said(401, Some(10), Asked::Action).contains("opsy login cds"));
        assert!(said(403, Some(151), Asked::Action).contains("not a member"));
        assert!(said(404, Some(3), Asked::Action).contains("does not exist"));
        assert!(said(400, Some(34), Asked::Member).contains("last admin"));
        assert!(said(503, Some(60), Asked::Group).contains("maintenance"));
        assert_eq!(said(418, None, Asked::Action), "", "no hint for an answer it does not know");
    }
}
