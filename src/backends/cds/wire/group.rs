//! Groups, their members and their tokens (spec 5.6 to 5.8).

use std::fmt;
use std::sync::Arc;

use jiff::Timestamp;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::raw::*;
use crate::backends::de;
use crate::domain::secret::Secret;

/// `sdk.Group`. Lists carry only `id` and `name` (use [`GroupRef`]); `GET /group/{g}`
/// adds `admins` and `users` (disjoint, sorted by username) and, for admins of the group,
/// `tokens`.
///
/// `Serialize` writes the PUT body: `name`, `admins` and `users` with their usernames.
/// That PUT replaces the whole membership, so only send a group read just before.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Group {
    #[serde(deserialize_with = "de::i64")]
    pub(crate) id: i64,
    /// Byte-exact: used in paths and sent back on PUT.
    pub(crate) name: WireStr,
    #[serde(deserialize_with = "de::list")]
    pub(crate) admins: Vec<User>,
    #[serde(deserialize_with = "de::list")]
    pub(crate) users: Vec<User>,
    #[serde(deserialize_with = "de::list")]
    pub(crate) tokens: Vec<Token>,
}

impl Group {
    /// Everyone in the group, admins first (cdsctl's `group user list` order), with their
    /// admin flag for this group.
    pub(crate) fn members(&self) -> impl Iterator<Item = (&User, bool)> {
        self.admins.iter().map(|u| (u, true)).chain(self.users.iter().map(|u| (u, false)))
    }
}

impl Serialize for Group {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Group", 3)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("admins", &self.admins)?;
        st.serialize_field("users", &self.users)?;
        st.end()
    }
}

/// A user as embedded in a group's `admins`/`users`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct User {
    #[serde(deserialize_with = "de::i64")]
    pub(crate) id: i64,
    /// Byte-exact: used in `/group/{g}/user/{u}` paths and in the group PUT body.
    pub(crate) username: WireStr,
    #[serde(deserialize_with = "de::line")]
    pub(crate) fullname: Box<str>,
    #[serde(deserialize_with = "de::line")]
    pub(crate) email: Box<str>,
    /// CDS administrator (bypasses every group check), not admin of this group.
    #[serde(deserialize_with = "de::bool")]
    pub(crate) admin: bool,
    #[serde(deserialize_with = "de::interned")]
    pub(crate) origin: Arc<str>,
}

/// The server looks members up by `username` alone.
impl Serialize for User {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("User", 1)?;
        st.serialize_field("username", &self.username)?;
        st.end()
    }
}

/// How long a group token lives. The wire uses ints 1/2/3 in answers and strings in the
/// generate request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Expiration {
    Session,
    Daily,
    Persistent,
}

impl Expiration {
    pub(crate) const ALL: [Self; 3] = [Self::Session, Self::Daily, Self::Persistent];

    pub(crate) fn from_code(code: i64) -> Option<Self> {
        match code {
            1 => Some(Self::Session),
            2 => Some(Self::Daily),
            3 => Some(Self::Persistent),
            _ => None,
        }
    }

    #[cfg(test)]
    pub(crate) fn code(self) -> i64 {
        match self {
            Self::Session => 1,
            Self::Daily => 2,
            Self::Persistent => 3,
        }
    }

    /// The spelling the generate request takes; anything else makes the server answer 500.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::Daily => "daily",
            Self::Persistent => "persistent",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

impl fmt::Display for Expiration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Expiration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

fn opt_expiration<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Expiration>, D::Error> {
    Ok(de::opt_i64(d)?.and_then(Expiration::from_code))
}

/// Never cleaned and never printable: it is handed to workers and hatcheries verbatim.
fn secret<'de, D: Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
    Ok(Secret::new(raw_string(d)?))
}

/// A legacy worker/hatchery token bound to a group.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub(crate) struct Token {
    /// `0` in the generate answer (the server does not read the id back): the real id, the
    /// one revoke needs, only appears in the list.
    #[serde(deserialize_with = "de::i64")]
    pub(crate) id: i64,
    /// Set in the generate answer, `0` in list results.
    #[serde(deserialize_with = "de::i64")]
    pub(crate) group_id: i64,
    #[serde(deserialize_with = "de::interned")]
    pub(crate) group_name: Arc<str>,
    /// In the generate answer, the secret itself (64 hex chars, shown once). In the list, the
    /// stored hash, which is useless as a credential but still not for display.
    #[serde(deserialize_with = "secret")]
    pub(crate) token: Secret,
    #[serde(deserialize_with = "de::line")]
    pub(crate) description: Box<str>,
    /// The creator's full name, not a username.
    #[serde(deserialize_with = "de::line")]
    pub(crate) creator: Box<str>,
    /// `None` for a code this client does not know.
    #[serde(deserialize_with = "opt_expiration")]
    pub(crate) expiration: Option<Expiration>,
    #[serde(deserialize_with = "de::opt_ts")]
    pub(crate) created: Option<Timestamp>,
}

impl Default for Token {
    fn default() -> Self {
        Self {
            id: 0,
            group_id: 0,
            group_name: "".into(),
            token: Secret::new(String::new()),
            description: "".into(),
            creator: "".into(),
            expiration: None,
            created: None,
        }
    }
}
