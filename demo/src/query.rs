//! Query strings the way Python servers read and rewrite them: Django's `QueryDict` (last value
//! wins, blank values kept, `+` is a space) and `urllib.parse.urlencode` over a sorted dict,
//! which is how DRF rebuilds the URLs of its `Link` header.

/// The decoded pairs of a query string, in the order they were sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryDict {
    pairs: Vec<(String, String)>,
}

impl QueryDict {
    pub fn parse(raw: Option<&str>) -> Self {
        let pairs = raw
            .unwrap_or("")
            .split('&')
            .filter(|part| !part.is_empty())
            .map(|part| match part.split_once('=') {
                Some((k, v)) => (decode_component(k), decode_component(v)),
                None => (decode_component(part), String::new()),
            })
            .collect();
        Self { pairs }
    }

    /// Django's `QueryDict.get`: the last value sent under `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// `parse_qs` then `urlencode(sorted(d.items()), doseq=True)` with `key` replaced (`Some`) or
    /// removed (`None`): keys sorted, each key's values kept in the order they came.
    pub fn rebuilt_with(&self, key: &str, value: Option<&str>) -> String {
        let mut grouped: Vec<(&str, Vec<&str>)> = Vec::new();
        for (k, v) in &self.pairs {
            if k == key {
                continue;
            }
            match grouped.iter_mut().find(|(g, _)| g == k) {
                Some((_, values)) => values.push(v),
                None => grouped.push((k, vec![v])),
            }
        }
        if let Some(v) = value {
            grouped.push((key, vec![v]));
        }
        grouped.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = String::new();
        for (k, values) in grouped {
            for v in values {
                if !out.is_empty() {
                    out.push('&');
                }
                out.push_str(&quote_plus(k));
                out.push('=');
                out.push_str(&quote_plus(v));
            }
        }
        out
    }
}

/// `+` becomes a space, `%XX` a byte; invalid UTF-8 is replaced, as Python's `unquote` does.
pub fn decode_component(s: &str) -> String {
    decode(s, true)
}

/// A URL path as Django routes it: `%XX` decoded, `+` kept.
pub fn decode_path(s: &str) -> String {
    decode(s, false)
}

fn decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' if plus_is_space => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Python's `quote_plus(s, safe='')`: only `A-Za-z0-9_.-~` stay as they are.
pub fn quote_plus(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Python's `int(str)`: surrounding whitespace, a sign, and single underscores between digits
/// are accepted. Values beyond `i64` saturate (callers only compare them with small bounds).
pub fn python_int(s: &str) -> Option<i64> {
    let t = s.trim();
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    let mut value: i64 = 0;
    for c in digits.chars() {
        match c {
            '_' => continue,
            '0'..='9' => value = value.saturating_mul(10).saturating_add(i64::from(c as u8 - b'0')),
            _ => return None,
        }
    }
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_value_wins_and_blanks_are_kept() {
        let q = QueryDict::parse(Some("a=1&b&a=2&&c=x+y%2By"));
        assert_eq!(q.get("a"), Some("2"));
        assert_eq!(q.get("b"), Some(""));
        assert_eq!(q.get("c"), Some("x y+y"));
        assert_eq!(q.get("d"), None);
    }

    #[test]
    fn broken_escapes_and_bad_utf8_do_not_fail() {
        assert_eq!(decode_component("%"), "%");
        assert_eq!(decode_component("%4"), "%4");
        assert_eq!(decode_component("%zz"), "%zz");
        assert_eq!(decode_component("%ff"), "\u{fffd}");
        assert_eq!(decode_component("100%25"), "100%");
        assert_eq!(decode_path("/a+b/%7e/"), "/a+b/~/");
    }

    #[test]
    fn rebuilt_queries_are_sorted_and_requoted() {
        let q = QueryDict::parse(Some("page_size=2&created_after=2025-01-01T00:00:00%2B00:00&page=3&b=1&b=0"));
        assert_eq!(
            q.rebuilt_with("page", Some("4")),
            "b=1&b=0&created_after=2025-01-01T00%3A00%3A00%2B00%3A00&page=4&page_size=2"
        );
        assert_eq!(q.rebuilt_with("page", None), "b=1&b=0&created_after=2025-01-01T00%3A00%3A00%2B00%3A00&page_size=2");
        assert_eq!(QueryDict::parse(None).rebuilt_with("page", None), "");
    }

    #[test]
    fn python_int_accepts_what_python_accepts() {
        assert_eq!(python_int(" 12 "), Some(12));
        assert_eq!(python_int("+3"), Some(3));
        assert_eq!(python_int("-3"), Some(-3));
        assert_eq!(python_int("1_000"), Some(1000));
        assert_eq!(python_int("99999999999999999999999"), Some(i64::MAX));
        for bad in ["", "1.0", "1e3", "_1", "1__0", "0x10", "ten", "-"] {
            assert_eq!(python_int(bad), None, "{bad}");
        }
    }
}
