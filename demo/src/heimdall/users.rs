//! `api/v1/users/me`: the caller's row with the group names and role names it holds.
//! `superadmin` comes from the token's client role on every request, not from a group.

use super::auth::Caller;
use super::respond::{Answer, Failure, Handled};
use super::state::HeimdallState;
use super::wire::UserOut;

pub fn me(s: &HeimdallState, caller: &Caller) -> Handled {
    let user =
        s.users.iter().find(|u| u.id == caller.user_id).ok_or_else(|| Failure::http(500, "Internal server error"))?;
    let mut groups: Vec<&str> = Vec::new();
    let mut roles: Vec<&str> = Vec::new();
    for m in s.memberships.iter().filter(|m| m.user_id == user.id) {
        if let Some(g) = s.groups.iter().find(|g| g.id == m.group_id) {
            groups.push(&g.name);
            roles.extend(g.roles.iter().map(String::as_str));
        }
    }
    if caller.admin {
        roles.push("superadmin");
    }
    groups.sort_unstable();
    roles.sort_unstable();
    roles.dedup();
    Ok(Answer::ok(&UserOut { id: user.id, cpf: &user.cpf, display_name: user.display_name.as_deref(), groups, roles }))
}
