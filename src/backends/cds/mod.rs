//! OVH CDS: actions, audits and rollback, groups, members, admins and group tokens.

pub mod client;
pub mod wire;
