//! protojson as ZITADEL's gateway writes and reads it: 64-bit integers as strings, enums by
//! name, durations as `"1.500s"`, timestamps in RFC 3339 with 0, 3, 6 or 9 fraction digits,
//! and zero values left out. On the way in, both the lowerCamelCase and the proto field
//! names are accepted, integers as numbers or strings, and unknown fields are ignored.

use std::time::Duration;

use jiff::Timestamp;
use serde_json::{Map, Value};

use super::errors::GrpcError;

pub fn timestamp(ts: Timestamp) -> String {
    let base = ts.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    let nanos = ts.subsec_nanosecond();
    if nanos == 0 {
        format!("{base}Z")
    } else if nanos % 1_000_000 == 0 {
        format!("{base}.{:03}Z", nanos / 1_000_000)
    } else if nanos % 1_000 == 0 {
        format!("{base}.{:06}Z", nanos / 1_000)
    } else {
        format!("{base}.{nanos:09}Z")
    }
}

pub fn duration(d: Duration) -> String {
    let (secs, nanos) = (d.as_secs(), d.subsec_nanos());
    if nanos == 0 {
        format!("{secs}s")
    } else if nanos % 1_000_000 == 0 {
        format!("{secs}.{:03}s", nanos / 1_000_000)
    } else if nanos % 1_000 == 0 {
        format!("{secs}.{:06}s", nanos / 1_000)
    } else {
        format!("{secs}.{nanos:09}s")
    }
}

pub fn parse_duration(s: &str) -> Option<Duration> {
    let body = s.strip_suffix('s')?;
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) || fraction.len() > 9 {
        return None;
    }
    let secs: u64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let nanos =
        if fraction.is_empty() { 0 } else { fraction.parse::<u32>().ok()? * 10u32.pow(9 - fraction.len() as u32) };
    Some(Duration::new(secs, nanos))
}

/// Go's `time.Duration` in JSON, as event payloads carry it: nanoseconds.
pub fn go_nanos(d: Duration) -> u64 {
    d.as_secs().saturating_mul(1_000_000_000).saturating_add(u64::from(d.subsec_nanos()))
}

/// A request body: empty means the empty message; anything but a JSON object is refused the
/// way the gateway refuses it.
pub fn parse_body(body: &[u8]) -> Result<Map<String, Value>, GrpcError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(GrpcError::invalid_argument("proto: syntax error: unexpected token, expected an object")),
        Err(e) => Err(GrpcError::invalid_argument(format!("proto: syntax error: {e}"))),
    }
}

/// A field by its JSON name or its proto name; `null` counts as absent.
pub fn field<'a>(m: &'a Map<String, Value>, json: &str, proto: &str) -> Option<&'a Value> {
    m.get(json).or_else(|| m.get(proto)).filter(|v| !v.is_null())
}

fn wrong(kind: &str, v: &Value) -> GrpcError {
    GrpcError::invalid_argument(format!("proto: invalid value for {kind} type: {v}"))
}

pub fn u64_of(v: Option<&Value>) -> Result<u64, GrpcError> {
    match v {
        None => Ok(0),
        Some(Value::Number(n)) => n.as_u64().ok_or_else(|| wrong("uint64", &Value::Number(n.clone()))),
        Some(v @ Value::String(s)) => s.parse().map_err(|_| wrong("uint64", v)),
        Some(v) => Err(wrong("uint64", v)),
    }
}

pub fn u32_of(v: Option<&Value>) -> Result<u32, GrpcError> {
    let n = u64_of(v).map_err(|_| wrong("uint32", v.unwrap_or(&Value::Null)))?;
    u32::try_from(n).map_err(|_| wrong("uint32", v.unwrap_or(&Value::Null)))
}

pub fn bool_of(v: Option<&Value>) -> Result<bool, GrpcError> {
    match v {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(v) => Err(wrong("bool", v)),
    }
}

pub fn str_of(v: Option<&Value>) -> Result<&str, GrpcError> {
    match v {
        None => Ok(""),
        Some(Value::String(s)) => Ok(s),
        Some(v) => Err(wrong("string", v)),
    }
}

pub fn strings_of(v: Option<&Value>) -> Result<Vec<String>, GrpcError> {
    match v {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items.iter().map(|i| str_of(Some(i)).map(str::to_string)).collect(),
        Some(v) => Err(wrong("repeated string", v)),
    }
}

/// An enum by name or by number; `names[i]` is the value `i`.
pub fn enum_of(v: Option<&Value>, names: &[&str]) -> Result<usize, GrpcError> {
    match v {
        None => Ok(0),
        Some(Value::Number(n)) => n
            .as_u64()
            .map(|n| n as usize)
            .filter(|n| *n < names.len())
            .ok_or_else(|| wrong("enum", &Value::Number(n.clone()))),
        Some(v @ Value::String(s)) => names.iter().position(|n| n == s).ok_or_else(|| wrong("enum", v)),
        Some(v) => Err(wrong("enum", v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_and_durations_use_protojson_fraction_widths() {
        let t: Timestamp = "2025-03-01T08:00:00.5Z".parse().expect("ts");
        assert_eq!(timestamp(t), "2025-03-01T08:00:00.500Z");
        let t: Timestamp = "2025-03-01T08:00:00.123456Z".parse().expect("ts");
        assert_eq!(timestamp(t), "2025-03-01T08:00:00.123456Z");
        let t: Timestamp = "2025-03-01T08:00:00Z".parse().expect("ts");
        assert_eq!(timestamp(t), "2025-03-01T08:00:00Z");
        assert_eq!(duration(Duration::from_millis(500)), "0.500s");
        assert_eq!(duration(Duration::from_secs(10)), "10s");
        assert_eq!(parse_duration("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_duration("1.5"), None);
    }

    #[test]
    fn integers_come_as_strings_or_numbers_and_wrong_kinds_are_refused() {
        let m = parse_body(br#"{"offset":"20","limit":50,"asc":"yes","sorting_column":"X"}"#).expect("object");
        assert_eq!(u64_of(field(&m, "offset", "offset")), Ok(20));
        assert_eq!(u32_of(field(&m, "limit", "limit")), Ok(50));
        assert!(bool_of(field(&m, "asc", "asc")).is_err());
        assert_eq!(str_of(field(&m, "sortingColumn", "sorting_column")), Ok("X"));
        assert!(parse_body(b"[1]").is_err());
        assert!(parse_body(b"{").is_err());
        assert_eq!(parse_body(b" "), Ok(Map::new()));
        assert!(u32_of(Some(&Value::from(5_000_000_000u64))).is_err());
    }
}
