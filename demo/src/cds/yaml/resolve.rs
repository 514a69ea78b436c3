//! go-yaml v2's `resolve()` for untagged plain scalars (YAML 1.1 flavoured): what a plain
//! scalar would mean to a reader. The encoder quotes a string exactly when its plain form
//! would read back as something else (`"10"`, `"yes"`, `"~"`, `"2019-10-01"`), and the
//! decoder uses the same rules to tell a bool from a string.

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int,
    Float,
    Timestamp,
    Str,
}

/// `resolve("", s)`: the tag a plain scalar `s` gets.
pub fn resolve(s: &str) -> Resolved {
    let Some(first) = s.bytes().next() else {
        return Resolved::Null;
    };
    if let Some(r) = in_map(s) {
        return r;
    }
    match first {
        b'.' if is_dot_float(s) => return Resolved::Float,
        b'0'..=b'9' | b'+' | b'-' => {
            if is_timestamp(s) {
                return Resolved::Timestamp;
            }
            let plain: String = s.chars().filter(|c| *c != '_').collect();
            if is_go_int(&plain) {
                return Resolved::Int;
            }
            if is_yaml_style_float(&plain) && plain.parse::<f64>().is_ok_and(f64::is_finite) {
                return Resolved::Float;
            }
            if is_binary_literal(&plain) {
                return Resolved::Int;
            }
        }
        _ => {}
    }
    Resolved::Str
}

/// yaml.v2 also quotes base 60 floats (`1:20`) for readers that still parse them.
pub fn is_base60_float(s: &str) -> bool {
    // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    i += 1;
    while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        match (b.get(i), b.get(i + 1)) {
            (Some(b'0'..=b'5'), Some(b'0'..=b'9')) => i += 2,
            (Some(b'0'..=b'9'), _) => i += 1,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// Would the encoder write `s` plain? (yaml.v2 `stringv`: plain unless it resolves to
/// another type or looks like a base 60 float.)
pub fn plain_reads_back_as_string(s: &str) -> bool {
    resolve(s) == Resolved::Str && !is_base60_float(s)
}

fn in_map(s: &str) -> Option<Resolved> {
    Some(match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Resolved::Bool(true),
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => Resolved::Bool(false),
        "~" | "null" | "Null" | "NULL" => Resolved::Null,
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf"
        | "-.INF" => Resolved::Float,
        _ => return None,
    })
}

/// Go's `strconv.ParseFloat` on a scalar starting with `.`: `.5`, `.5e3`.
fn is_dot_float(s: &str) -> bool {
    let rest = &s[1..];
    rest.bytes().next().is_some_and(|c| c.is_ascii_digit()) && s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// `strconv.ParseInt(s, 0, 64)` or else `strconv.ParseUint(s, 0, 64)` succeeds.
fn is_go_int(s: &str) -> bool {
    let (sign, body) = match s.as_bytes().first() {
        Some(b'-') => (Some(true), &s[1..]),
        Some(b'+') => (Some(false), &s[1..]),
        _ => (None, s),
    };
    let (radix, digits) = if let Some(d) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
        (8, d)
    } else if let Some(d) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
        (2, d)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() {
        return false;
    }
    let Ok(value) = u64::from_str_radix(digits, radix) else {
        return false;
    };
    match sign {
        Some(true) => value <= 1 << 63,
        Some(false) => value <= i64::MAX as u64,
        // ParseUint takes what ParseInt refuses, up to u64::MAX.
        None => true,
    }
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// yaml.v2's explicit `0b…` / `-0b…` fallback.
fn is_binary_literal(s: &str) -> bool {
    let digits = s.strip_prefix("0b").or_else(|| s.strip_prefix("-0b"));
    digits.is_some_and(|d| !d.is_empty() && u64::from_str_radix(d, 2).is_ok())
}

/// `parseTimestamp`: `YYYY-M-D`, optionally followed by a time (`T`, `t` or a space).
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let mut i = 5;
    let number = |i: &mut usize, max_len: usize| -> Option<u32> {
        let start = *i;
        while *i - start < max_len && b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        if *i == start { None } else { s[start..*i].parse().ok() }
    };
    let year: u32 = s[..4].parse().unwrap_or(0);
    let Some(month) = number(&mut i, 2) else { return false };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(day) = number(&mut i, 2) else { return false };
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return false;
    }
    if i == b.len() {
        return true;
    }
    let zoned = match b[i] {
        b'T' | b't' => true,
        b' ' => false,
        _ => return false,
    };
    i += 1;
    let (Some(h), true) = (number(&mut i, 2), b.get(i) == Some(&b':')) else { return false };
    i += 1;
    let (Some(m), true) = (number(&mut i, 2), b.get(i) == Some(&b':')) else { return false };
    i += 1;
    let Some(sec) = number(&mut i, 2) else { return false };
    if h > 23 || m > 59 || sec > 59 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if number(&mut i, 9).is_none() {
            return false;
        }
    }
    if !zoned {
        return i == b.len();
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            let z = &s[i + 1..];
            let b = z.as_bytes();
            b.len() == 5 && b[2] == b':' && [b[0], b[1], b[3], b[4]].iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_resolve_like_yaml_v2() {
        for s in ["", "~", "null", "NULL"] {
            assert_eq!(resolve(s), Resolved::Null, "{s:?}");
        }
        for s in ["y", "Yes", "ON", "true"] {
            assert_eq!(resolve(s), Resolved::Bool(true), "{s:?}");
        }
        for s in ["n", "off", "FALSE"] {
            assert_eq!(resolve(s), Resolved::Bool(false), "{s:?}");
        }
        for s in ["10", "-3", "+7", "0x1F", "0o17", "017", "1_000", "0b101", "-0b1", "18446744073709551615"] {
            assert_eq!(resolve(s), Resolved::Int, "{s:?}");
        }
        for s in ["1.5", "1.", ".5", "-.5e3", "1e5", "08", ".inf", "-.Inf", ".NaN", "99999999999999999999"] {
            assert_eq!(resolve(s), Resolved::Float, "{s:?}");
        }
        for s in ["2019-10-01", "2019-1-2", "2019-10-14T09:12:44.318551+02:00", "2019-10-14 09:12:44"] {
            assert_eq!(resolve(s), Resolved::Timestamp, "{s:?}");
        }
        for s in [
            "yess",
            "Truee",
            "0x",
            "1e400",
            "2019-02-30",
            "2019-10-01x",
            "v1.0",
            "1.2.3",
            "-",
            "+",
            ".",
            "50%",
            "0xFFFFFFFFFFFFFFFFFF",
            "{{.git.tag}}",
            "<<",
            "Null ",
            "1:2x",
            "010_-1",
            "2019-01-01T10:10:10+1é:00",
        ] {
            assert_eq!(resolve(s), Resolved::Str, "{s:?}");
        }
    }

    #[test]
    fn base60_floats_are_quoted_on_the_way_out() {
        assert!(is_base60_float("1:20"));
        assert!(is_base60_float("-190:20:30.15"));
        assert!(!is_base60_float("1:60"));
        assert!(!is_base60_float("12"));
        assert!(!plain_reads_back_as_string("1:20"));
        assert!(plain_reads_back_as_string("build"));
    }
}
