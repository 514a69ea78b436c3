//! Where an action lives (`group/name`) and the `{id, name}` group reference.

use std::fmt;

use serde::Deserialize;

use super::raw::*;
use crate::backends::de;
use crate::domain::text::clean_line;

/// Where an action lives: `group/name`, the way cdsctl and the UI name it. Both parts are
/// byte-exact because they go into request paths; `Display` cleans them for the screen.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct ActionPath {
    pub(crate) group: String,
    pub(crate) name: String,
}

impl ActionPath {
    pub(crate) fn new(group: impl Into<String>, name: impl Into<String>) -> Self {
        Self { group: group.into(), name: name.into() }
    }

    /// `group/name`, or a bare `name` meaning `shared.infra` (cdsctl's rule). The name
    /// is everything after the first `/`, since group names cannot contain one.
    #[cfg(test)]
    pub(crate) fn parse(s: &str) -> Self {
        match s.split_once('/') {
            Some((g, n)) if !g.is_empty() => Self::new(g, n),
            Some((_, n)) => Self::new(SHARED_INFRA, n),
            None => Self::new(SHARED_INFRA, s),
        }
    }
}

impl fmt::Display for ActionPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", clean_line(&self.group), clean_line(&self.name))
    }
}

/// `{"id","name"}`: how lists and actions refer to a group.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(default)]
pub(crate) struct GroupRef {
    #[serde(deserialize_with = "de::i64")]
    pub(crate) id: i64,
    /// Byte-exact: used in `/group/{name}` paths.
    pub(crate) name: WireStr,
}
