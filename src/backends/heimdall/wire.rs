//! Heimdall's JSON shapes, decoded tolerantly: `null`, an absent key, an unknown key, a
//! number sent as a string and both datetime spellings (`…Z`, `…+00:00` with microseconds) all
//! decode; every string meant for the screen is cleaned on the way in
//! (`docs/wire-heimdall.md`, "Endpoints opsy uses").

use std::borrow::Cow;
#[cfg(test)]
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer};

use crate::backends::de;
use crate::domain::text::{clean_line, clean_text};

/// A name the server matches on (action name, group name, member subject): kept byte for
/// byte because it goes back into paths, queries and bodies. [`Ident::shown`] and `Display`
/// are the cleaned form for the screen; never print [`Ident::raw`].
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Ident(Arc<str>);

impl Ident {
    pub(crate) fn raw(&self) -> &str {
        &self.0
    }

    pub(crate) fn shown(&self) -> Cow<'_, str> {
        clean_line(&self.0)
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown())
    }
}

/// `Debug` shows the cleaned form too: debug output ends up in logs and test failures.
impl fmt::Debug for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.shown())
    }
}

impl PartialEq<str> for Ident {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Ident {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl<'de> Deserialize<'de> for Ident {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de::raw_interned(d).map(Ident)
    }
}

/// A permission verb. `description` is `null` for some rows (#11).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Action {
    #[serde(deserialize_with = "de::i64")]
    pub(crate) id: i64,
    pub(crate) name: Ident,
    #[serde(deserialize_with = "opt_text")]
    pub(crate) description: Option<Box<str>>,
    /// How many endpoint mappings point at this action.
    #[serde(deserialize_with = "de::i64")]
    pub(crate) endpoint_count: i64,
}

/// One page of `GET api/v1/actions/`. The key is `actions`, not `items`, and there is no
/// `has_more`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ActionList {
    #[serde(deserialize_with = "de::list")]
    pub(crate) actions: Vec<Action>,
    /// `None` when absent: paging then ends on an empty page.
    #[serde(deserialize_with = "de::opt_i64")]
    pub(crate) total: Option<i64>,
    #[serde(deserialize_with = "de::i64")]
    pub(crate) skip: i64,
    #[serde(deserialize_with = "de::i64")]
    pub(crate) limit: i64,
}

/// An endpoint an action guards: `(path_pattern, method)` → `action`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct MappingDetail {
    #[serde(deserialize_with = "de::i64")]
    pub(crate) id: i64,
    /// A route template (`/api/v1/users/{user_id}`) or a regex (`/api/v1/datasets/.*`).
    #[serde(deserialize_with = "de::line")]
    pub(crate) path_pattern: Box<str>,
    #[serde(deserialize_with = "de::line")]
    pub(crate) method: Box<str>,
    pub(crate) action: Ident,
    #[serde(deserialize_with = "opt_text")]
    pub(crate) description: Option<Box<str>>,
    /// The CPF of whoever created it.
    #[serde(deserialize_with = "opt_line")]
    pub(crate) created_by: Option<Box<str>>,
    #[serde(deserialize_with = "de::opt_ts")]
    pub(crate) created_at: Option<Timestamp>,
    #[serde(deserialize_with = "de::opt_ts")]
    pub(crate) updated_at: Option<Timestamp>,
}

#[cfg(test)]
/// Which action guards one endpoint (`GET api/v1/mappings/?path=&method=`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Resolution {
    #[serde(deserialize_with = "de::i64")]
    pub(crate) mapping_id: i64,
    pub(crate) action: Ident,
    #[serde(deserialize_with = "de::line")]
    pub(crate) path_pattern: Box<str>,
    #[serde(deserialize_with = "de::line")]
    pub(crate) method: Box<str>,
    #[serde(deserialize_with = "opt_text")]
    pub(crate) description: Option<Box<str>>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Group {
    #[serde(deserialize_with = "de::i64")]
    pub(crate) id: i64,
    /// `^[a-z0-9_:]+$`, often with `:` (`engineering:backend`).
    pub(crate) name: Ident,
    #[serde(deserialize_with = "opt_text")]
    pub(crate) description: Option<Box<str>>,
    #[serde(deserialize_with = "opt_line")]
    pub(crate) created_by: Option<Box<str>>,
    #[serde(deserialize_with = "de::opt_ts")]
    pub(crate) created_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Member {
    /// A CPF for every member added through the API; kept raw because removal puts it in
    /// the path.
    pub(crate) subject: Ident,
    #[serde(deserialize_with = "opt_line")]
    pub(crate) display_name: Option<Box<str>>,
    #[serde(deserialize_with = "de::opt_ts")]
    pub(crate) joined_at: Option<Timestamp>,
    #[serde(deserialize_with = "opt_line")]
    pub(crate) added_by: Option<Box<str>>,
}

/// `GET api/v1/users/me`: who the token says the operator is, and what they hold.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct User {
    #[serde(deserialize_with = "de::i64")]
    pub(crate) id: i64,
    #[serde(deserialize_with = "de::line")]
    pub(crate) cpf: Box<str>,
    #[serde(deserialize_with = "opt_line")]
    pub(crate) display_name: Option<Box<str>>,
    #[serde(deserialize_with = "de::line_list")]
    pub(crate) groups: Box<[Arc<str>]>,
    #[serde(deserialize_with = "de::line_list")]
    pub(crate) roles: Box<[Arc<str>]>,
}

impl User {
    /// The role Heimdall grants from the token's `heimdall-admin` client role: the only one
    /// Cerbos lets write, or list members.
    #[cfg(test)]
    pub(crate) fn is_superadmin(&self) -> bool {
        self.roles.iter().any(|r| &**r == "superadmin")
    }
}

/// `POST …/members` answers the same whether the member was added now or already there.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AddMemberAnswer {
    /// `member_added`.
    #[serde(deserialize_with = "de::line")]
    pub(crate) status: Box<str>,
    pub(crate) group: Ident,
    pub(crate) subject: Ident,
}

#[cfg(test)]
/// `GET api/v1/healthz` and `GET api/v1/readyz` (when ready; not ready is a 503 whose
/// `error` holds this same object).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Health {
    /// `healthy`, `ready` or `not_ready`.
    #[serde(deserialize_with = "de::line")]
    pub(crate) status: Box<str>,
    /// `database`, `cache`, `cerbos` and `overall` on readiness; empty on liveness.
    #[serde(deserialize_with = "checks")]
    pub(crate) checks: BTreeMap<Box<str>, bool>,
    #[serde(deserialize_with = "de::line")]
    pub(crate) service: Box<str>,
    #[serde(deserialize_with = "de::opt_ts")]
    pub(crate) timestamp: Option<Timestamp>,
}

fn opt_string<'de, D: Deserializer<'de>>(d: D, clean: fn(&str) -> Cow<'_, str>) -> Result<Option<Box<str>>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Some(clean(&s).into()),
        serde_json::Value::Number(n) => Some(n.to_string().into()),
        _ => None,
    })
}

/// A one-line string that may be `null` (kept apart from an empty string).
fn opt_line<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Box<str>>, D::Error> {
    opt_string(d, clean_line)
}

/// A multi-line text that may be `null`.
fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Box<str>>, D::Error> {
    opt_string(d, clean_text)
}

#[cfg(test)]
/// Readiness checks by name; values that are not booleans are dropped.
fn checks<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<Box<str>, bool>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Object(map) => {
            map.iter().filter_map(|(k, v)| Some((clean_line(k).into(), v.as_bool()?))).collect()
        }
        _ => BTreeMap::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_null_unknown_and_stringly_fields_decode() {
        let a: Action = serde_json::from_str(r#"{"id":"7","name":"user:read","extra":{"x":1}}"#).expect("decodes");
        assert_eq!((a.id, a.name.raw(), a.description, a.endpoint_count), (7, "user:read", None, 0));
        let a: Action =
            serde_json::from_str(r#"{"id":7,"name":"x","description":null,"endpoint_count":null}"#).expect("decodes");
        assert_eq!((a.description, a.endpoint_count), (None, 0));
        let l: ActionList = serde_json::from_str(r#"{"actions":null}"#).expect("decodes");
        assert_eq!((l.actions.len(), l.total), (0, None));
        let l: ActionList = serde_json::from_str(r#"{"actions":[{"id":1},"junk"],"total":"130"}"#).expect("decodes");
        assert_eq!((l.actions.len(), l.total), (1, Some(130)));
    }

    #[test]
    fn both_datetime_forms_decode_to_the_same_instant() {
        let m = |ts: &str| -> Member {
            serde_json::from_value(serde_json::json!({"subject":"1","joined_at":ts})).expect("decodes")
        };
        let python = m("2026-12-02T05:00:59.450638+00:00").joined_at;
        let zulu = m("2026-12-02T05:00:59.450638Z").joined_at;
        assert!(python.is_some());
        assert_eq!(python, zulu);
        // Python drops the fraction when it is zero.
        assert!(m("2026-12-02T05:00:59+00:00").joined_at.is_some());
        assert_eq!(m("yesterday").joined_at, None);
    }

    #[test]
    fn screen_strings_are_cleaned_and_identifiers_kept_raw() {
        let m: Member = serde_json::from_str(
            r#"{"subject":"123\u001b[2J","display_name":"Ana\u001b]0;pwned\u0007 Lima\u202e","added_by":null}"#,
        )
        .expect("decodes");
        assert_eq!(m.display_name.as_deref(), Some("Ana Lima"));
        assert_eq!(m.subject.raw(), "123\u{1b}[2J");
        assert_eq!(m.subject.to_string(), "123");
        assert_eq!(format!("{:?}", m.subject), "\"123\"");
        assert_eq!(m.added_by, None);
    }

    #[test]
    fn superadmin_is_read_from_the_roles() {
        let u: User = serde_json::from_str(r#"{"id":1,"cpf":"11111111111","roles":["superadmin"],"groups":null}"#)
            .expect("decodes");
        assert!(u.is_superadmin());
        assert!(u.groups.is_empty());
        let u: User = serde_json::from_str(r#"{"roles":["auditor"]}"#).expect("decodes");
        assert!(!u.is_superadmin());
    }

    #[test]
    fn readiness_checks_keep_only_booleans() {
        let h: Health = serde_json::from_str(
            r#"{"status":"ready","checks":{"database":true,"cerbos":false,"odd":"yes"},"timestamp":"2026-12-02T05:01:05.539186+00:00"}"#,
        )
        .expect("decodes");
        assert_eq!(h.checks.len(), 2);
        assert_eq!(h.checks.get("cerbos"), Some(&false));
        assert!(h.timestamp.is_some());
    }
}
