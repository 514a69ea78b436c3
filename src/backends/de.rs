//! Tolerant field decoders shared by every dialect: `null`, an absent key and a value of the
//! wrong shape all decode to the field's default instead of failing the whole payload, and
//! every string is cleaned of terminal control sequences on the way in.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer};
use uuid::Uuid;

use super::waldur::model::RowScope;
use crate::domain::text::{clean_line, clean_text};

thread_local! {
    static INTERNER: RefCell<Option<HashSet<Arc<str>>>> = const { RefCell::new(None) };
    static SCOPES: RefCell<Option<HashSet<Arc<RowScope>>>> = const { RefCell::new(None) };
}

/// Run a decode with string interning switched on for this thread: repeated values (project,
/// organisation, type names) then share one allocation. Outside a scope nothing is interned,
/// so memory never accumulates between polls.
pub(crate) fn interning<T>(f: impl FnOnce() -> T) -> T {
    INTERNER.with(|i| *i.borrow_mut() = Some(HashSet::new()));
    SCOPES.with(|i| *i.borrow_mut() = Some(HashSet::new()));
    let out = f();
    INTERNER.with(|i| *i.borrow_mut() = None);
    SCOPES.with(|i| *i.borrow_mut() = None);
    out
}

/// Share one allocation between list rows with the same type, project and organisation.
pub(crate) fn intern_scope(scope: RowScope) -> Arc<RowScope> {
    SCOPES.with(|i| match i.borrow_mut().as_mut() {
        Some(set) => match set.get(&scope) {
            Some(found) => found.clone(),
            None => {
                let a = Arc::new(scope);
                set.insert(a.clone());
                a
            }
        },
        None => Arc::new(scope),
    })
}

pub(crate) fn intern(s: &str) -> Arc<str> {
    INTERNER.with(|i| match i.borrow_mut().as_mut() {
        Some(set) => match set.get(s) {
            Some(found) => found.clone(),
            None => {
                let a: Arc<str> = Arc::from(s);
                set.insert(a.clone());
                a
            }
        },
        None => Arc::from(s),
    })
}

/// Any JSON value, handed to `f` as text: strings as they are, numbers and booleans
/// printed, everything else (null, objects, arrays) as `None`. A visitor rather than a
/// `serde_json::Value` keeps the hot decode path free of intermediate allocations.
fn with_str<'de, D, T, F>(d: D, f: F) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(Option<&str>) -> T,
{
    struct V<F>(F);
    impl<'de, T, F: FnOnce(Option<&str>) -> T> serde::de::Visitor<'de> for V<F> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_str<E>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(Some(v)))
        }
        fn visit_i64<E>(self, v: i64) -> Result<T, E> {
            Ok((self.0)(Some(&v.to_string())))
        }
        fn visit_u64<E>(self, v: u64) -> Result<T, E> {
            Ok((self.0)(Some(&v.to_string())))
        }
        fn visit_f64<E>(self, v: f64) -> Result<T, E> {
            Ok((self.0)(Some(&v.to_string())))
        }
        fn visit_bool<E>(self, v: bool) -> Result<T, E> {
            Ok((self.0)(Some(if v { "true" } else { "false" })))
        }
        fn visit_unit<E>(self) -> Result<T, E> {
            Ok((self.0)(None))
        }
        fn visit_none<E>(self) -> Result<T, E> {
            Ok((self.0)(None))
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<T, D2::Error> {
            with_str(d, self.0)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<T, A::Error> {
            while a.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Ok((self.0)(None))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<T, A::Error> {
            while a.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
            Ok((self.0)(None))
        }
    }
    d.deserialize_any(V(f))
}

/// A value read from its text where it lies (`""` for null, objects and arrays), with no
/// copy: for enums decoded on every row of 100k.
pub(crate) fn parsed<'de, D: Deserializer<'de>, T>(d: D, parse: impl FnOnce(&str) -> T) -> Result<T, D::Error> {
    with_str(d, |s| parse(s.unwrap_or_default()))
}

pub(crate) fn line<'de, D: Deserializer<'de>>(d: D) -> Result<Box<str>, D::Error> {
    with_str(d, |s| s.map(|s| clean_line(s).into()).unwrap_or_default())
}

/// [`line`], shared: for strings several holders keep (the poller's mirror and the pane).
pub(crate) fn shared_line<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
    with_str(d, |s| Arc::from(&*clean_line(s.unwrap_or_default())))
}

pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Box<str>, D::Error> {
    with_str(d, |s| s.map(|s| clean_text(s).into()).unwrap_or_default())
}

pub(crate) fn interned<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
    with_str(d, |s| intern(&clean_line(s.unwrap_or_default())))
}

pub(crate) fn opt_interned<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Arc<str>>, D::Error> {
    with_str(d, |s| s.map(|s| intern(&clean_line(s))))
}

/// Kept byte for byte because it is sent back to the server as an identifier; render it
/// through `clean_line`.
pub(crate) fn raw_interned<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
    with_str(d, |s| intern(s.unwrap_or_default()))
}

pub(crate) fn bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(matches!(serde_json::Value::deserialize(d)?, serde_json::Value::Bool(true)))
}

pub(crate) fn i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(opt_i64(d)?.unwrap_or_default())
}

pub(crate) fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

pub(crate) fn opt_i32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    Ok(opt_i64(d)?.and_then(|v| i32::try_from(v).ok()))
}

/// RFC 3339 with any offset and optional fraction (`Z`, `+00:00`, `+02:00`).
pub(crate) fn opt_ts<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    with_str(d, |s| s.and_then(|s| s.parse::<Timestamp>().ok()))
}

/// Both spellings (32 hex digits, or hyphenated); anything else is `None`.
pub(crate) fn opt_uuid<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Uuid>, D::Error> {
    with_str(d, |s| s.and_then(|s| Uuid::try_parse(s.trim()).ok()))
}

pub(crate) fn uuid<'de, D: Deserializer<'de>>(d: D) -> Result<Uuid, D::Error> {
    Ok(opt_uuid(d)?.unwrap_or_default())
}

/// A free-form JSON object kept only for display: compact JSON, cleaned.
pub(crate) fn json_line<'de, D: Deserializer<'de>>(d: D) -> Result<Box<str>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => "".into(),
        serde_json::Value::Object(m) if m.is_empty() => "".into(),
        v => clean_line(&v.to_string()).into(),
    })
}

/// A list that may be `null`, absent, or hold items of the wrong shape (skipped).
pub(crate) fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Array(items) => items.into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect(),
        _ => Vec::new(),
    })
}

pub(crate) fn line_list<'de, D: Deserializer<'de>>(d: D) -> Result<Box<[Arc<str>]>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Array(items) => {
            items.iter().filter_map(|v| v.as_str()).map(|s| intern(&clean_line(s))).collect()
        }
        _ => Box::new([]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Default, Debug)]
    #[serde(default)]
    struct Probe {
        #[serde(deserialize_with = "line")]
        s: Box<str>,
        #[serde(deserialize_with = "opt_ts")]
        t: Option<Timestamp>,
        #[serde(deserialize_with = "opt_uuid")]
        u: Option<Uuid>,
        #[serde(deserialize_with = "bool")]
        b: bool,
        #[serde(deserialize_with = "opt_i64")]
        n: Option<i64>,
    }

    fn probe(json: &str) -> Probe {
        serde_json::from_str(json).expect("probe decodes")
    }

    #[test]
    fn nulls_absent_and_wrong_shapes_become_defaults() {
        let p = probe(r#"{"s":null,"t":null,"u":null,"b":null,"n":null,"extra":[1]}"#);
        assert_eq!(&*p.s, "");
        assert!(p.t.is_none() && p.u.is_none() && !p.b && p.n.is_none());
        let p = probe(r#"{"s":{"x":1},"t":"yesterday","u":"nope","b":"true","n":"12"}"#);
        assert_eq!(&*p.s, "");
        assert!(p.t.is_none() && p.u.is_none() && !p.b);
        assert_eq!(p.n, Some(12));
        let p = probe("{}");
        assert!(p.t.is_none());
    }

    #[test]
    fn both_datetime_forms_decode_to_the_same_instant() {
        let a = probe(r#"{"t":"2025-06-01T12:00:00Z"}"#).t;
        let b = probe(r#"{"t":"2025-06-01T12:00:00+00:00"}"#).t;
        let c = probe(r#"{"t":"2025-06-01T14:00:00.000000+02:00"}"#).t;
        assert!(a.is_some());
        assert_eq!(a, b);
        assert_eq!(b, c);
    }

    #[test]
    fn both_uuid_forms_decode_to_the_same_id() {
        let a = probe(r#"{"u":"5f0c7d1e2a3b4c5d8e9f00112233aabb"}"#).u;
        let b = probe(r#"{"u":"5f0c7d1e-2a3b-4c5d-8e9f-00112233aabb"}"#).u;
        assert!(a.is_some());
        assert_eq!(a, b);
    }

    #[test]
    fn strings_are_cleaned_on_decode() {
        let p = probe(r#"{"s":"ok\u001b[2Jbad\u202eevil"}"#);
        assert_eq!(&*p.s, "okbadevil");
    }

    #[test]
    fn interning_shares_allocations_only_inside_a_scope() {
        let (a, b) = interning(|| (intern("proj"), intern("proj")));
        assert!(Arc::ptr_eq(&a, &b));
        let (c, d) = (intern("proj"), intern("proj"));
        assert!(!Arc::ptr_eq(&c, &d));
    }
}
