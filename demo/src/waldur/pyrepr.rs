//! Python's `repr`/`str` of JSON-decoded values: the real server turns a JSON column into text
//! with `str(dict)` (execution metadata) and echoes non-string inputs through `str()`.

use serde_json::Value;

/// `str(value)`: strings as they are, everything else as `repr`.
pub fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => py_repr(other),
    }
}

pub fn py_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) => py_float(f),
            _ => n.to_string(),
        },
        Value::String(s) => py_string(s),
        Value::Array(items) => format!("[{}]", items.iter().map(py_repr).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter().map(|(k, v)| format!("{}: {}", py_string(k), py_repr(v))).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn py_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 { format!("{f:.1}") } else { format!("{f}") }
}

/// Single quotes unless the text has a single quote and no double quote, as CPython does.
fn py_string(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reprs_look_like_python() {
        assert_eq!(py_repr(&json!({})), "{}");
        assert_eq!(py_repr(&json!({"order_uuid": "5c1e"})), "{'order_uuid': '5c1e'}");
        assert_eq!(py_repr(&json!([1, 2.5, 3.0, null, true, "it's"])), "[1, 2.5, 3.0, None, True, \"it's\"]");
        assert_eq!(py_repr(&json!("a\u{1b}b\n")), "'a\\x1bb\\n'");
        assert_eq!(py_str(&json!("plain")), "plain");
        assert_eq!(py_str(&json!(12)), "12");
        assert_eq!(py_str(&json!(false)), "False");
    }
}
