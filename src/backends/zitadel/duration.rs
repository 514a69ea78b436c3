//! `google.protobuf.Duration` in protojson: seconds with an optional fraction and an `s`
//! suffix (`"10s"`, `"0.500s"`, `"1.5s"`). Event payloads carry Go's `time.Duration`
//! instead: an integer count of nanoseconds. See docs/wire-zitadel.md.

use std::time::Duration;

/// `"1.5s"` → 1.5 s. Anything else (no `s`, a negative value, more than nine fraction digits,
/// an overflow) is `None`: the caller decides what a broken value means.
pub(crate) fn parse(s: &str) -> Option<Duration> {
    let body = s.trim().strip_suffix('s')?;
    let (whole, fraction) = match body.split_once('.') {
        Some((w, f)) => (w, f),
        None => (body, ""),
    };
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) || fraction.len() > 9 {
        return None;
    }
    let secs: u64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let nanos = if fraction.is_empty() {
        0
    } else {
        let scale = 10u32.pow(9 - fraction.len() as u32);
        fraction.parse::<u32>().ok()? * scale
    };
    Some(Duration::new(secs, nanos))
}

/// The form protojson writes: whole seconds bare, otherwise 3, 6 or 9 fraction digits.
pub(crate) fn format(d: Duration) -> String {
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

/// Go's `time.Duration` as a JSON number of nanoseconds. Struct payloads pass through a
/// float64 on the server, so `1e+10` and `10000000000.0` are the same value.
pub(crate) fn from_go_nanos(v: &serde_json::Value) -> Option<Duration> {
    match v {
        serde_json::Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                return Some(Duration::from_nanos(u));
            }
            let f = n.as_f64()?;
            (f.is_finite() && f >= 0.0 && f < u64::MAX as f64).then(|| Duration::from_nanos(f.round() as u64))
        }
        // Not what the server writes, but a string in the protojson form is unambiguous.
        serde_json::Value::String(s) => parse(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protojson_forms_parse() {
        assert_eq!(parse("10s"), Some(Duration::from_secs(10)));
        assert_eq!(parse("0.500s"), Some(Duration::from_millis(500)));
        assert_eq!(parse("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(parse("0.000000001s"), Some(Duration::from_nanos(1)));
        assert_eq!(parse(".25s"), Some(Duration::from_millis(250)));
        assert_eq!(parse("0s"), Some(Duration::ZERO));
    }

    #[test]
    fn broken_forms_are_refused() {
        for bad in ["10", "s", "-1s", "1.2.3s", "1.0000000001s", "1,5s", "ten s", "", "99999999999999999999s"] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn formatting_matches_protojson_and_round_trips() {
        assert_eq!(format(Duration::from_secs(10)), "10s");
        assert_eq!(format(Duration::from_millis(500)), "0.500s");
        assert_eq!(format(Duration::from_millis(1500)), "1.500s");
        assert_eq!(format(Duration::from_micros(1)), "0.000001s");
        assert_eq!(format(Duration::from_nanos(7)), "0.000000007s");
        assert_eq!(format(Duration::ZERO), "0s");
        for d in [Duration::from_millis(1234), Duration::from_nanos(1_000_000_001), Duration::from_secs(20)] {
            assert_eq!(parse(&format(d)), Some(d));
        }
    }

    #[test]
    fn go_nanoseconds_read_as_numbers() {
        let v: serde_json::Value =
            serde_json::from_str("[10000000000, 1e+10, 500000000.0, -5, \"2s\", true]").expect("json");
        let got: Vec<Option<Duration>> = v.as_array().expect("array").iter().map(from_go_nanos).collect();
        assert_eq!(
            got,
            [
                Some(Duration::from_secs(10)),
                Some(Duration::from_secs(10)),
                Some(Duration::from_millis(500)),
                None,
                Some(Duration::from_secs(2)),
                None
            ]
        );
    }
}
