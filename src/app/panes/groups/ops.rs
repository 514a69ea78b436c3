//! What the Groups dialogs act on (captured when they open) and the requests in flight.

use std::sync::Arc;

use crate::app::effect::GroupCall;
use crate::app::model::Model;
use crate::app::source::{Key, SourceId};

/// What a group dialog acts on, captured when it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GroupTarget {
    pub(crate) source: SourceId,
    pub(crate) key: Key,
    pub(crate) name: String,
    pub(crate) server: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MemberTarget {
    pub(crate) group: GroupTarget,
    /// Byte-exact, as requests name them.
    pub(crate) id: Arc<str>,
    pub(crate) shown: String,
    pub(crate) name: String,
    pub(crate) admin: bool,
    /// They were the group's only admin when the dialog opened.
    pub(crate) last_admin: bool,
}

impl MemberTarget {
    /// "alice (Alice Martin)".
    pub(crate) fn who(&self) -> String {
        if self.name.is_empty() || self.name == self.shown {
            self.shown.clone()
        } else {
            format!("{} ({})", self.shown, self.name)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TokenTarget {
    pub(crate) group: GroupTarget,
    pub(crate) id: i64,
    pub(crate) description: String,
}

impl TokenTarget {
    /// "token #9 “ci”".
    pub(crate) fn label(&self) -> String {
        if self.description.is_empty() {
            format!("token #{}", self.id)
        } else {
            format!("token #{} “{}”", self.id, self.description)
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum GroupsPurpose {
    /// Several sources can create groups: which one.
    CreateWhere {
        sources: Vec<SourceId>,
    },
    Create {
        source: SourceId,
        server: String,
    },
    Rename(GroupTarget),
    Delete {
        target: GroupTarget,
        actions: Option<usize>,
    },
    /// The members known when the prompt opened, in case the group view has moved on; the
    /// text last warned about, so that the same text submitted again is sent.
    AddMembers {
        group: GroupTarget,
        members: Vec<Arc<str>>,
        warned: Option<String>,
    },
    Remove(MemberTarget),
    /// The marked members, in the order shown.
    RemoveMarked(Vec<MemberTarget>),
    Demote(MemberTarget),
    TokenExpiration(GroupTarget),
    TokenDescription {
        group: GroupTarget,
        expiration: &'static str,
    },
    Revoke(TokenTarget),
}

/// A group mutation in flight, with what its result message needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum GroupsOp {
    Create {
        source: SourceId,
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
        members: Vec<String>,
        already: Vec<String>,
    },
    Remove(MemberTarget),
    /// One request per member, answered by one report. Never empty.
    RemoveMany {
        group: GroupTarget,
        members: Vec<MemberTarget>,
    },
    Promote(MemberTarget),
    Demote(MemberTarget),
    Generate {
        group: GroupTarget,
        expiration: &'static str,
        description: String,
    },
    Revoke(TokenTarget),
}

impl GroupsOp {
    pub(crate) fn source(&self) -> SourceId {
        match self {
            GroupsOp::Create { source, .. } => *source,
            GroupsOp::Rename { target, .. } | GroupsOp::Delete { target, .. } => target.source,
            GroupsOp::Add { group, .. } | GroupsOp::Generate { group, .. } | GroupsOp::RemoveMany { group, .. } => {
                group.source
            }
            GroupsOp::Remove(t) | GroupsOp::Promote(t) | GroupsOp::Demote(t) => t.group.source,
            GroupsOp::Revoke(t) => t.group.source,
        }
    }

    /// Same target and same operation: a key repeat, not a second intention.
    pub(crate) fn same_flight(&self, other: &GroupsOp) -> bool {
        use GroupsOp as O;
        let member = |o: &GroupsOp| match o {
            O::Remove(t) | O::Promote(t) | O::Demote(t) => Some((t.group.source, t.group.key.clone(), t.id.clone())),
            _ => None,
        };
        let whole = |o: &GroupsOp| match o {
            O::Rename { target, .. } | O::Delete { target, .. } => Some((target.source, target.key.clone())),
            _ => None,
        };
        let same_group = |a: &GroupTarget, b: &GroupTarget| a.source == b.source && a.key == b.key;
        match (self, other) {
            (O::Create { source: s, name: a, .. }, O::Create { source: t, name: b, .. }) => s == t && a == b,
            (O::Add { group: a, members: x, .. }, O::Add { group: b, members: y, .. }) => {
                same_group(a, b) && x.iter().any(|u| y.contains(u))
            }
            (O::Generate { group: a, .. }, O::Generate { group: b, .. }) => same_group(a, b),
            (O::RemoveMany { group: a, members: x }, O::RemoveMany { group: b, members: y }) => {
                same_group(a, b) && x.iter().any(|u| y.iter().any(|v| v.id == u.id))
            }
            (O::Revoke(a), O::Revoke(b)) => same_group(&a.group, &b.group) && a.id == b.id,
            _ => match (member(self), member(other)) {
                (Some(a), Some(b)) => a == b,
                _ => matches!((whole(self), whole(other)), (Some(a), Some(b)) if a == b),
            },
        }
    }

    pub(super) fn call(&self) -> GroupCall {
        match self {
            GroupsOp::Create { name, .. } => GroupCall::Create { name: name.clone() },
            GroupsOp::Rename { target, new } => GroupCall::Rename { group: target.key.clone(), new: new.clone() },
            GroupsOp::Delete { target, .. } => GroupCall::Delete(target.key.clone()),
            GroupsOp::Add { group, members, .. } => {
                GroupCall::AddMembers { group: group.key.clone(), members: members.clone() }
            }
            GroupsOp::Remove(t) => GroupCall::RemoveMember { group: t.group.key.clone(), member: t.id.clone() },
            GroupsOp::RemoveMany { group, members } => GroupCall::RemoveMembers {
                group: group.key.clone(),
                members: members.iter().map(|t| t.id.clone()).collect(),
            },
            GroupsOp::Promote(t) => {
                GroupCall::SetAdmin { group: t.group.key.clone(), member: t.id.clone(), admin: true }
            }
            GroupsOp::Demote(t) => {
                GroupCall::SetAdmin { group: t.group.key.clone(), member: t.id.clone(), admin: false }
            }
            GroupsOp::Generate { group, expiration, description } => {
                GroupCall::GenerateToken { group: group.key.clone(), expiration, description: description.clone() }
            }
            GroupsOp::Revoke(t) => GroupCall::RevokeToken { group: t.group.key.clone(), id: t.id },
        }
    }

    pub(crate) fn label(&self) -> String {
        match self {
            GroupsOp::Create { name, server, .. } => format!("creating group {name} on {server}"),
            GroupsOp::Rename { target, new } => format!("renaming {} to {new} on {}", target.name, target.server),
            GroupsOp::Delete { target, .. } => format!("deleting group {} on {}", target.name, target.server),
            GroupsOp::Add { group, members, .. } => {
                // Typed or pasted: cleaned before it reaches the status line.
                let names: Vec<_> = members.iter().map(|u| crate::domain::text::clean_line(u)).collect();
                format!("adding {} to {}", names.join(", "), group.name)
            }
            GroupsOp::Remove(t) => format!("removing {} from {}", t.shown, t.group.name),
            GroupsOp::RemoveMany { group, members } => {
                format!("removing {} members from {}", members.len(), group.name)
            }
            GroupsOp::Promote(t) => format!("making {} an admin of {}", t.shown, t.group.name),
            GroupsOp::Demote(t) => format!("making {} a plain member of {}", t.shown, t.group.name),
            GroupsOp::Generate { group, expiration, .. } => {
                format!("generating a {expiration} token for {}", group.name)
            }
            GroupsOp::Revoke(t) => format!("revoking {} of {}", t.label(), t.group.name),
        }
    }

    /// The member this operation is about, for a pending marker on their row.
    pub(crate) fn member(&self) -> Option<(SourceId, &Key, &Arc<str>)> {
        match self {
            GroupsOp::Remove(t) | GroupsOp::Promote(t) | GroupsOp::Demote(t) => {
                Some((t.group.source, &t.group.key, &t.id))
            }
            _ => None,
        }
    }
}

/// The group under the list cursor, as a dialog target.
pub(super) fn list_target(m: &Model) -> Option<GroupTarget> {
    let row = m.groups.selected()?;
    Some(GroupTarget {
        source: row.source,
        key: row.key.clone(),
        name: row.name.clone(),
        server: m.sources.server(row.source),
    })
}

/// The open group, as a dialog target.
pub(super) fn view_target(m: &Model) -> Option<GroupTarget> {
    let v = m.groups.open.as_ref()?;
    Some(GroupTarget { source: v.source, key: v.key.clone(), name: v.name.clone(), server: m.sources.server(v.source) })
}
