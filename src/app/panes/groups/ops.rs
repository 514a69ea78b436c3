//! What the Groups dialogs act on (captured when they open) and the requests in flight.

use super::*;

/// What a group dialog acts on, captured when it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupTarget {
    pub name: WireStr,
    pub id: i64,
    pub server: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberTarget {
    pub group: GroupTarget,
    pub username: WireStr,
    pub fullname: String,
    pub admin: bool,
    /// They were the group's only admin when the dialog opened.
    pub last_admin: bool,
}

impl MemberTarget {
    /// "alice (Alice Martin)".
    pub fn who(&self) -> String {
        if self.fullname.is_empty() || self.fullname == self.username.shown() {
            self.username.shown().to_string()
        } else {
            format!("{} ({})", self.username, self.fullname)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenTarget {
    pub group: GroupTarget,
    pub id: i64,
    pub description: String,
}

impl TokenTarget {
    /// "token #9 “ci”".
    pub fn label(&self) -> String {
        if self.description.is_empty() {
            format!("token #{}", self.id)
        } else {
            format!("token #{} “{}”", self.id, self.description)
        }
    }
}

#[derive(Debug, Clone)]
pub enum GroupsPurpose {
    Create {
        server: String,
    },
    Rename(GroupTarget),
    Delete {
        target: GroupTarget,
        actions: Option<usize>,
    },
    /// The members known when the prompt opened, in case the group view has moved on.
    AddMembers {
        group: GroupTarget,
        members: Vec<WireStr>,
    },
    Remove(MemberTarget),
    Demote(MemberTarget),
    TokenExpiration(GroupTarget),
    TokenDescription {
        group: GroupTarget,
        expiration: Expiration,
    },
    Revoke(TokenTarget),
}

/// A group mutation in flight, with what its result message needs.
#[derive(Debug, Clone, PartialEq)]
pub enum GroupsOp {
    Create {
        name: String,
        server: String,
    },
    Rename {
        target: GroupTarget,
        new: String,
    },
    Delete {
        target: GroupTarget,
        actions: Option<usize>,
    },
    /// `already`: typed names that were members already, reported without a request.
    Add {
        group: GroupTarget,
        usernames: Vec<String>,
        already: Vec<String>,
    },
    Remove(MemberTarget),
    Promote(MemberTarget),
    Demote(MemberTarget),
    Generate {
        group: GroupTarget,
        expiration: Expiration,
        description: String,
    },
    Revoke(TokenTarget),
}

impl GroupsOp {
    /// Same target and same operation: a key repeat, not a second intention.
    pub fn same_flight(&self, other: &GroupsOp) -> bool {
        use GroupsOp as O;
        let member = |o: &GroupsOp| match o {
            O::Remove(t) | O::Promote(t) | O::Demote(t) => Some((t.group.name.clone(), t.username.clone())),
            _ => None,
        };
        let whole = |o: &GroupsOp| match o {
            O::Rename { target, .. } | O::Delete { target, .. } => Some(target.name.clone()),
            _ => None,
        };
        match (self, other) {
            (O::Create { name: a, .. }, O::Create { name: b, .. }) => a == b,
            (O::Add { group: a, usernames: x, .. }, O::Add { group: b, usernames: y, .. }) => {
                a.name == b.name && x.iter().any(|u| y.contains(u))
            }
            (O::Generate { group: a, .. }, O::Generate { group: b, .. }) => a.name == b.name,
            (O::Revoke(a), O::Revoke(b)) => a.id == b.id,
            _ => match (member(self), member(other)) {
                (Some(a), Some(b)) => a == b,
                _ => matches!((whole(self), whole(other)), (Some(a), Some(b)) if a == b),
            },
        }
    }

    pub(super) fn call(&self) -> Call {
        let raw = |t: &GroupTarget| t.name.raw().to_string();
        match self {
            GroupsOp::Create { name, .. } => Call::CdsCreateGroup { name: name.clone() },
            GroupsOp::Rename { target, new } => Call::CdsRenameGroup { old: raw(target), new: new.clone() },
            GroupsOp::Delete { target, .. } => Call::CdsDeleteGroup { name: raw(target) },
            GroupsOp::Add { group, usernames, .. } => {
                Call::CdsAddMembers { group: raw(group), usernames: usernames.clone() }
            }
            GroupsOp::Remove(t) => Call::CdsRemoveMember { group: raw(&t.group), username: t.username.raw().into() },
            GroupsOp::Promote(t) => Call::CdsSetAdmin { group: raw(&t.group), username: t.username.raw().into() },
            GroupsOp::Demote(t) => Call::CdsRemoveAdmin { group: raw(&t.group), username: t.username.raw().into() },
            GroupsOp::Generate { group, expiration, description } => {
                Call::CdsGenerateToken { group: raw(group), expiration: *expiration, description: description.clone() }
            }
            GroupsOp::Revoke(t) => Call::CdsRevokeToken { group: raw(&t.group), id: t.id },
        }
    }

    pub fn label(&self) -> String {
        match self {
            GroupsOp::Create { name, server } => format!("creating group {name} on {server}"),
            GroupsOp::Rename { target, new } => format!("renaming {} to {new} on {}", target.name, target.server),
            GroupsOp::Delete { target, .. } => format!("deleting group {} on {}", target.name, target.server),
            GroupsOp::Add { group, usernames, .. } => {
                // Typed or pasted: cleaned before it reaches the status line.
                let names: Vec<_> = usernames.iter().map(|u| crate::domain::text::clean_line(u)).collect();
                format!("adding {} to {}", names.join(", "), group.name)
            }
            GroupsOp::Remove(t) => format!("removing {} from {}", t.username, t.group.name),
            GroupsOp::Promote(t) => format!("making {} an admin of {}", t.username, t.group.name),
            GroupsOp::Demote(t) => format!("making {} a plain member of {}", t.username, t.group.name),
            GroupsOp::Generate { group, expiration, .. } => {
                format!("generating a {expiration} token for {}", group.name)
            }
            GroupsOp::Revoke(t) => format!("revoking {} of {}", t.label(), t.group.name),
        }
    }

    /// The member this operation is about, for a pending marker on their row.
    pub fn member(&self) -> Option<(&WireStr, &WireStr)> {
        match self {
            GroupsOp::Remove(t) | GroupsOp::Promote(t) | GroupsOp::Demote(t) => Some((&t.group.name, &t.username)),
            _ => None,
        }
    }
}

pub(super) fn server(model: &Model) -> String {
    model.settings.servers.cds.clone().unwrap_or_else(|| "CDS".into())
}

/// The group under the list cursor, as a dialog target.
pub(super) fn list_target(model: &Model) -> Option<GroupTarget> {
    let row = model.groups.selected()?;
    Some(GroupTarget { name: row.name.clone(), id: row.id, server: server(model) })
}

/// The open group, as a dialog target.
pub(super) fn view_target(model: &Model) -> Option<GroupTarget> {
    let v = model.groups.open.as_ref()?;
    Some(GroupTarget { name: v.name.clone(), id: v.id, server: server(model) })
}
