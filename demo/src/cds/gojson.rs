//! JSON and times exactly as Go's `encoding/json` writes them: `<`, `>`, `&`, U+2028 and
//! U+2029 escaped as `\u003c`…, `\b` and `\f` as `\u0008`/`\u000c`, no trailing newline; and
//! `time.Time` as RFC 3339 with trailing zeros of the fraction trimmed and `Z` for UTC.

use std::fmt;
use std::io;

use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};
use serde::{Serialize, Serializer};
use serde_json::ser::{CharEscape, Formatter};

use super::yaml::Yaml;

/// `json.Marshal(v)`. Our own wire structs always serialise; `null` stands in otherwise.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, GoFormatter);
    if value.serialize(&mut ser).is_err() {
        return b"null".to_vec();
    }
    out
}

pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    String::from_utf8(to_vec(value)).unwrap_or_default()
}

/// A tree in the given key order (Go struct field order, or sorted map keys), as JSON.
pub fn yaml_tree_to_json(tree: &Yaml) -> Vec<u8> {
    to_vec(&JsonTree(tree))
}

struct JsonTree<'a>(&'a Yaml);

impl Serialize for JsonTree<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Yaml::Str(v) => s.serialize_str(v),
            Yaml::Bool(b) => s.serialize_bool(*b),
            Yaml::Seq(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&JsonTree(item))?;
                }
                seq.end()
            }
            Yaml::Map(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, &JsonTree(v))?;
                }
                map.end()
            }
        }
    }
}

struct GoFormatter;

impl Formatter for GoFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let escape = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[start..i])?;
            writer.write_all(escape.as_bytes())?;
            start = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn write_char_escape<W: ?Sized + io::Write>(&mut self, writer: &mut W, escape: CharEscape) -> io::Result<()> {
        let s: &[u8] = match escape {
            CharEscape::Quote => b"\\\"",
            CharEscape::ReverseSolidus => b"\\\\",
            CharEscape::Solidus => b"/",
            CharEscape::Backspace => b"\\u0008",
            CharEscape::FormFeed => b"\\u000c",
            CharEscape::LineFeed => b"\\n",
            CharEscape::CarriageReturn => b"\\r",
            CharEscape::Tab => b"\\t",
            CharEscape::AsciiControl(byte) => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let buf = [b'\\', b'u', b'0', b'0', HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xF)]];
                return writer.write_all(&buf);
            }
        };
        writer.write_all(s)
    }
}

/// A `time.Time` read back from PostgreSQL: an instant (microsecond precision) in the
/// server's zone, kept as a fixed offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct GoTime {
    pub at: Timestamp,
    pub offset_secs: i32,
}

impl GoTime {
    pub fn utc(at: Timestamp) -> Self {
        Self { at, offset_secs: 0 }
    }

    pub fn with_offset(at: Timestamp, offset_secs: i32) -> Self {
        Self { at, offset_secs }
    }

    /// `time.RFC3339` (no fraction), as in the `X-Api-Time` header.
    pub fn rfc3339_seconds(&self) -> String {
        let mut s = self.to_string();
        if let Some(dot) = s.find('.') {
            let zone_at = s[dot..].find(['Z', '+', '-']).map_or(s.len(), |z| dot + z);
            s.replace_range(dot..zone_at, "");
        }
        s
    }
}

impl fmt::Display for GoTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let offset = Offset::from_seconds(self.offset_secs).unwrap_or(Offset::UTC);
        let dt = TimeZone::fixed(offset).to_datetime(self.at);
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            dt.year(),
            dt.month(),
            dt.day(),
            dt.hour(),
            dt.minute(),
            dt.second()
        )?;
        let nanos = dt.subsec_nanosecond();
        if nanos != 0 {
            let frac = format!("{nanos:09}");
            write!(f, ".{}", frac.trim_end_matches('0'))?;
        }
        if self.offset_secs == 0 {
            return f.write_str("Z");
        }
        let sign = if self.offset_secs < 0 { '-' } else { '+' };
        let abs = self.offset_secs.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60)
    }
}

impl Serialize for GoTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_like_go() {
        let s = to_string("a<b>&c\u{2028}\u{8}\u{c}\n\t\"\\/\u{1}é");
        assert_eq!(s, r#""a\u003cb\u003e\u0026c\u2028\u0008\u000c\n\t\"\\/\u0001é""#);
    }

    #[test]
    fn times_trim_fractions_and_use_z_for_utc() {
        let t: Timestamp = "2019-10-14T07:12:44.318551Z".parse().expect("ts");
        assert_eq!(GoTime::with_offset(t, 7200).to_string(), "2019-10-14T09:12:44.318551+02:00");
        let t: Timestamp = "2019-09-02T10:00:00.120Z".parse().expect("ts");
        assert_eq!(GoTime::utc(t).to_string(), "2019-09-02T10:00:00.12Z");
        assert_eq!(GoTime::with_offset(t, 7200).rfc3339_seconds(), "2019-09-02T12:00:00+02:00");
        let t: Timestamp = "2019-09-02T10:00:00Z".parse().expect("ts");
        assert_eq!(GoTime::with_offset(t, -5400).to_string(), "2019-09-02T08:30:00-01:30");
    }
}
