//! Strings that go back to the server byte for byte, the shared group name, and the tolerant
//! field decoders the CDS types use.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::audit::AuditAction;
use crate::backends::de;
use crate::domain::text::{clean_line, clean_text};

/// The group CDS falls back to when a path or a document names none.
pub(crate) const SHARED_INFRA: &str = "shared.infra";

/// A server string that opsy may send back or write out: [`WireStr::raw`] is byte-exact (for
/// paths, request bodies, files), [`WireStr::shown`] and `Display` are cleaned for the
/// terminal. Equality and hashing use the raw value, which is what the server matches on.
#[derive(Clone, Default)]
pub(crate) struct WireStr {
    raw: Arc<str>,
    shown: Arc<str>,
}

impl WireStr {
    /// A one-line value (names): line breaks and tabs show as spaces.
    pub(crate) fn new(raw: impl Into<Arc<str>>) -> Self {
        let raw = raw.into();
        let shown = shared_clean(&raw, clean_line(&raw));
        Self { raw, shown }
    }

    /// A multi-line value (descriptions, scripts): line breaks are kept on screen.
    pub(crate) fn text(raw: impl Into<Arc<str>>) -> Self {
        let raw = raw.into();
        let shown = shared_clean(&raw, clean_text(&raw));
        Self { raw, shown }
    }

    /// Byte-exact, as the server sent it. Never print this to the terminal.
    pub(crate) fn raw(&self) -> &str {
        &self.raw
    }

    /// Safe to print.
    pub(crate) fn shown(&self) -> &str {
        &self.shown
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }
}

/// Most names are already clean: then the two views share one allocation.
pub(super) fn shared_clean(raw: &Arc<str>, cleaned: std::borrow::Cow<'_, str>) -> Arc<str> {
    match cleaned {
        std::borrow::Cow::Borrowed(_) => raw.clone(),
        std::borrow::Cow::Owned(s) => Arc::from(s),
    }
}

impl PartialEq for WireStr {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl Eq for WireStr {}

impl std::hash::Hash for WireStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.raw.hash(state);
    }
}

impl PartialEq<str> for WireStr {
    fn eq(&self, other: &str) -> bool {
        &*self.raw == other
    }
}

impl PartialEq<&str> for WireStr {
    fn eq(&self, other: &&str) -> bool {
        &*self.raw == *other
    }
}

impl fmt::Display for WireStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

/// Debug escapes control characters itself, so the raw value is safe in logs and tells the
/// truth about what the server sent.
impl fmt::Debug for WireStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.raw, f)
    }
}

impl From<&str> for WireStr {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl From<String> for WireStr {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

impl<'de> Deserialize<'de> for WireStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self::new(de::raw_interned(d)?))
    }
}

impl Serialize for WireStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

pub(super) fn wire_text<'de, D: Deserializer<'de>>(d: D) -> Result<WireStr, D::Error> {
    Ok(WireStr::text(de::raw_interned(d)?))
}

/// A string kept exactly as sent, for text that is only ever cleaned at render time (audit
/// snapshots can be large and are diffed line by line first). `null` or a wrong shape is "".
pub(super) fn raw_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => s,
        _ => String::new(),
    })
}

/// A nested object that may be `null`, absent or of the wrong shape: `None` then, instead of
/// failing the object that holds it.
pub(super) fn opt_obj<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    Ok(match serde_json::Value::deserialize(d)? {
        v @ serde_json::Value::Object(_) => serde_json::from_value(v).ok(),
        _ => None,
    })
}

pub(super) fn obj<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned + Default,
{
    Ok(opt_obj(d)?.unwrap_or_default())
}

pub(super) fn opt_boxed_audit<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Box<AuditAction>>, D::Error> {
    Ok(opt_obj(d)?.map(Box::new))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backends::cds::wire::*;

    #[test]
    fn wire_strings_keep_raw_bytes_and_show_clean_ones() {
        let w = WireStr::text("make\tall\u{1b}[2J\n");
        assert_eq!(w.raw(), "make\tall\u{1b}[2J\n");
        assert_eq!(w.shown(), "make    all\n");
        let n = WireStr::new("build");
        assert!(Arc::ptr_eq(&n.raw, &n.shown));
    }

    #[test]
    fn paths_default_to_shared_infra_and_display_cleaned() {
        assert_eq!(ActionPath::parse("build"), ActionPath::new(SHARED_INFRA, "build"));
        assert_eq!(ActionPath::parse("grp/a/b"), ActionPath::new("grp", "a/b"));
        assert_eq!(ActionPath::new("g", "x\u{1b}[31my").to_string(), "g/xy");
    }

    #[test]
    fn expiration_round_trips_codes_and_strings() {
        for e in Expiration::ALL {
            assert_eq!(Expiration::from_code(e.code()), Some(e));
            assert_eq!(Expiration::parse(e.as_str()), Some(e));
        }
        assert_eq!(Expiration::from_code(0), None);
    }
}
