//! Pydantic v2's request validation as FastAPI reports it: each refused field is an item
//! `{type, loc, msg, input, ctx?}`, `loc` mixing strings and integers (a JSON syntax error
//! is located by its character offset: `["body", 11]`).

use serde::Serialize;
use serde_json::{Value, json};

use super::respond::Failure;
use crate::query::python_int;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Loc {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub loc: Vec<Loc>,
    pub msg: String,
    pub input: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ctx: Option<Value>,
}

fn loc(parts: &[&str]) -> Vec<Loc> {
    parts.iter().map(|p| Loc::Key((*p).to_string())).collect()
}

impl Issue {
    fn new(kind: &'static str, at: &[&str], msg: impl Into<String>, input: Value, ctx: Option<Value>) -> Self {
        Self { kind, loc: loc(at), msg: msg.into(), input, ctx }
    }

    pub fn missing(at: &[&str], input: Value) -> Self {
        Self::new("missing", at, "Field required", input, None)
    }

    pub fn string_type(at: &[&str], input: Value) -> Self {
        Self::new("string_type", at, "Input should be a valid string", input, None)
    }

    pub fn not_an_object(input: Value) -> Self {
        Self::new(
            "model_attributes_type",
            &["body"],
            "Input should be a valid dictionary or object to extract fields from",
            input,
            None,
        )
    }
}

/// A query or path integer with optional bounds, as FastAPI's `Query(ge=…, le=…)` checks it.
/// `None` when absent (the caller applies the default).
pub fn int(raw: Option<&str>, at: &[&str], ge: Option<i64>, le: Option<i64>, issues: &mut Vec<Issue>) -> Option<i64> {
    let raw = raw?;
    let Some(v) = python_int(raw) else {
        issues.push(Issue::new(
            "int_parsing",
            at,
            "Input should be a valid integer, unable to parse string as an integer",
            json!(raw),
            None,
        ));
        return None;
    };
    if let Some(min) = ge.filter(|min| v < *min) {
        let msg = format!("Input should be greater than or equal to {min}");
        issues.push(Issue::new("greater_than_equal", at, msg, json!(raw), Some(json!({"ge": min}))));
        return None;
    }
    if let Some(max) = le.filter(|max| v > *max) {
        let msg = format!("Input should be less than or equal to {max}");
        issues.push(Issue::new("less_than_equal", at, msg, json!(raw), Some(json!({"le": max}))));
        return None;
    }
    Some(v)
}

/// A regex as the server spells it, and the check that stands for it.
pub type Pattern = (&'static str, fn(&str) -> bool);

/// The rules of one string field of a body model.
#[derive(Debug, Clone, Copy)]
pub struct StrRule {
    pub required: bool,
    pub min: usize,
    pub max: usize,
    pub pattern: Option<Pattern>,
}

/// One field of a JSON object body: the string, `None` when absent or `null` and allowed;
/// refusals go to `issues`.
pub fn field(body: &Value, name: &str, rule: StrRule, issues: &mut Vec<Issue>) -> Option<String> {
    let at = ["body", name];
    let value = match body.get(name) {
        None | Some(Value::Null) if rule.required => {
            issues.push(Issue::missing(&at, body.clone()));
            return None;
        }
        None | Some(Value::Null) => return None,
        Some(v) => v,
    };
    let Some(s) = value.as_str() else {
        issues.push(Issue::string_type(&at, value.clone()));
        return None;
    };
    let chars = s.chars().count();
    if chars < rule.min {
        let plural = if rule.min == 1 { "" } else { "s" };
        let msg = format!("String should have at least {} character{plural}", rule.min);
        issues.push(Issue::new("string_too_short", &at, msg, value.clone(), Some(json!({"min_length": rule.min}))));
        return None;
    }
    if chars > rule.max {
        let msg = format!("String should have at most {} characters", rule.max);
        issues.push(Issue::new("string_too_long", &at, msg, value.clone(), Some(json!({"max_length": rule.max}))));
        return None;
    }
    if let Some((pattern, ok)) = rule.pattern
        && !ok(s)
    {
        let msg = format!("String should match pattern '{pattern}'");
        issues.push(Issue::new("string_pattern_mismatch", &at, msg, value.clone(), Some(json!({"pattern": pattern}))));
        return None;
    }
    Some(s.to_string())
}

/// The body as FastAPI reads it before anything else: bad JSON is a 422 at once, even
/// without credentials. An empty body is `None`.
pub fn json_body(raw: &[u8]) -> Result<Option<Value>, Failure> {
    if raw.is_empty() {
        return Ok(None);
    }
    serde_json::from_slice(raw).map(Some).map_err(|e| Failure::Validation(vec![json_invalid(raw, &e)]))
}

/// The body a model-typed parameter needs: an object, or `None` and the refusal.
pub fn object_body<'a>(body: Option<&'a Value>, issues: &mut Vec<Issue>) -> Option<&'a Value> {
    match body {
        Some(v @ Value::Object(_)) => Some(v),
        None => {
            issues.push(Issue::missing(&["body"], Value::Null));
            None
        }
        Some(other) => {
            issues.push(Issue::not_an_object(other.clone()));
            None
        }
    }
}

/// Python's `json` reports the character offset of the problem and its own wording.
fn json_invalid(raw: &[u8], e: &serde_json::Error) -> Issue {
    let text = String::from_utf8_lossy(raw);
    let line_start: usize = text.split('\n').take(e.line().saturating_sub(1)).map(|l| l.chars().count() + 1).sum();
    let column = if e.is_eof() { e.column() } else { e.column().saturating_sub(1) };
    let shown = e.to_string();
    let reason = if shown.starts_with("expected `:`") {
        "Expecting ':' delimiter"
    } else if shown.starts_with("expected `,` or") {
        "Expecting ',' delimiter"
    } else if shown.starts_with("key must be a string") {
        "Expecting property name enclosed in double quotes"
    } else if shown.starts_with("trailing characters") {
        "Extra data"
    } else if shown.starts_with("EOF while parsing a string") {
        "Unterminated string starting at"
    } else {
        "Expecting value"
    };
    Issue {
        kind: "json_invalid",
        loc: vec![Loc::Key("body".into()), Loc::Index(line_start + column)],
        msg: "JSON decode error".into(),
        input: json!({}),
        ctx: Some(json!({"error": reason})),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_json_is_located_like_python_does() {
        let issue = |raw: &[u8]| match json_body(raw) {
            Err(Failure::Validation(mut issues)) if issues.len() == 1 => issues.remove(0),
            other => panic!("not one issue: {other:?}"),
        };
        assert_eq!(
            serde_json::to_string(&issue(br#"{"subject":"#)).expect("json"),
            r#"{"type":"json_invalid","loc":["body",11],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}}"#
        );
        let issue = issue(br#"{"a" 1}"#);
        assert_eq!(issue.loc[1], Loc::Index(5));
        assert_eq!(issue.ctx, Some(json!({"error": "Expecting ':' delimiter"})));
        assert!(matches!(json_body(b""), Ok(None)));
    }

    #[test]
    fn query_ints_report_what_fastapi_reports() {
        let mut issues = Vec::new();
        assert_eq!(int(Some("101"), &["query", "limit"], Some(1), Some(100), &mut issues), None);
        assert_eq!(int(Some("abc"), &["query", "limit"], Some(1), Some(100), &mut issues), None);
        assert_eq!(int(Some("7"), &["query", "limit"], Some(1), Some(100), &mut issues), Some(7));
        assert_eq!(int(None, &["query", "limit"], Some(1), Some(100), &mut issues), None);
        assert_eq!(
            serde_json::to_string(&issues).expect("json"),
            r#"[{"type":"less_than_equal","loc":["query","limit"],"msg":"Input should be less than or equal to 100","input":"101","ctx":{"le":100}},{"type":"int_parsing","loc":["query","limit"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"abc"}]"#
        );
    }
}
