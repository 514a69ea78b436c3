//! Heimdall's error bodies (`docs/wire-heimdall.md`, "Error bodies"): its own
//! `{"error": string | object, "status_code"}`, FastAPI's `{"detail": string | list}`, and
//! the 422 `{"error":"Validation error","details":[{loc,msg,type,input,ctx}]}` whose `loc`
//! mixes strings and integers. Everything read here is cleaned for the terminal.

use serde_json::Value;

use crate::domain::text::{clean_line, truncate_chars};

/// Longest message kept: an outage message quotes a whole Python exception.
const MAX_MESSAGE: usize = 600;
/// Longest echo of a refused input value.
const MAX_INPUT: usize = 40;

/// What an error body says, read once for both the message and the glossary.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ErrorBody {
    /// The server's words, one line, cleaned (field errors included).
    pub(crate) message: String,
    /// The fields a 422 refused, in the server's order.
    pub(crate) fields: Vec<FieldError>,
}

/// One entry of a 422's `details` (or of FastAPI's `detail` list).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct FieldError {
    /// `query.limit`, `body.subject`, `body[11]` (a character offset, for bad JSON).
    pub(crate) loc: String,
    /// The last named part of `loc` (`limit`, `subject`), or `loc` when none is named.
    pub(crate) field: String,
    pub(crate) msg: String,
    /// Pydantic's error type (`string_pattern_mismatch`, `missing`, `json_invalid`…).
    pub(crate) kind: String,
    /// The refused value, when it is a plain value worth echoing.
    pub(crate) input: Option<String>,
}

impl FieldError {
    fn render(&self) -> String {
        let mut out = if self.loc.is_empty() { self.msg.clone() } else { format!("{}: {}", self.loc, self.msg) };
        if let Some(input) = &self.input {
            out.push_str(&format!(" (got {input})"));
        }
        out
    }
}

pub(crate) fn read(v: &Value) -> ErrorBody {
    let fields = [v.get("details"), v.get("detail")]
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flat_map(|items| items.iter().map(field_error))
        .collect::<Vec<_>>();
    let head = match (v.get("error"), v.get("detail")) {
        (Some(Value::String(s)), _) | (None, Some(Value::String(s))) => s.clone(),
        (Some(obj @ Value::Object(_)), _) => readiness(obj),
        (Some(Value::Null) | None, Some(Value::Array(_))) => String::new(),
        (Some(Value::Null) | None, _) if !fields.is_empty() => String::new(),
        (Some(other), _) => scalar(other),
        (None, Some(other)) => scalar(other),
        (None, None) => fallback(v),
    };
    let listed = fields.iter().map(FieldError::render).collect::<Vec<_>>().join("; ");
    let message = match (head.trim().is_empty(), listed.is_empty()) {
        (_, true) => head,
        (true, false) => listed,
        (false, false) => format!("{head}: {listed}"),
    };
    ErrorBody { message: truncate_chars(clean_line(&message).trim(), MAX_MESSAGE).into_owned(), fields }
}

fn field_error(item: &Value) -> FieldError {
    let parts = item.get("loc").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let mut loc = String::new();
    for part in parts {
        match part {
            Value::Number(n) => loc.push_str(&format!("[{n}]")),
            Value::String(s) => {
                if !loc.is_empty() {
                    loc.push('.');
                }
                loc.push_str(s);
            }
            other => {
                if !loc.is_empty() {
                    loc.push('.');
                }
                loc.push_str(&other.to_string());
            }
        }
    }
    let field = parts.iter().rev().find_map(Value::as_str).filter(|_| parts.len() > 1).unwrap_or(&loc).to_string();
    let text = |key: &str| item.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let kind = text("type");
    let mut msg = text("msg");
    // Bad JSON says only "JSON decode error"; Python's own reason is in `ctx.error`.
    if let Some(reason) = item.get("ctx").and_then(|c| c.get("error")).and_then(Value::as_str) {
        msg = format!("{msg} ({reason})");
    }
    let input = match item.get("input") {
        _ if kind == "missing" => None,
        Some(Value::String(s)) => Some(format!("{:?}", truncate_chars(s, MAX_INPUT))),
        Some(v @ (Value::Number(_) | Value::Bool(_))) => Some(v.to_string()),
        _ => None,
    };
    let clean = |s: String| clean_line(&s).into_owned();
    FieldError { loc: clean(loc), field: clean(field), msg: clean(msg), kind: clean(kind), input: input.map(clean) }
}

/// `/readyz`'s 503 puts its whole report in `error`: say what is not ready and why.
fn readiness(obj: &Value) -> String {
    let status = obj.get("status").and_then(Value::as_str).unwrap_or("error");
    let failing: Vec<&str> = obj
        .get("checks")
        .and_then(Value::as_object)
        .map(|checks| {
            checks
                .iter()
                .filter(|(name, ok)| *name != "overall" && ok.as_bool() == Some(false))
                .map(|(n, _)| n.as_str())
                .collect()
        })
        .unwrap_or_default();
    let errors: Vec<String> = obj
        .get("errors")
        .and_then(Value::as_array)
        .map(|e| e.iter().map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string())).collect())
        .unwrap_or_default();
    let mut out = status.to_string();
    if !errors.is_empty() {
        out.push_str(": ");
        out.push_str(&errors.join("; "));
    }
    if !failing.is_empty() {
        out.push_str(&format!(" (failing: {})", failing.join(", ")));
    }
    out
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A body in no known shape: show it, shortened, rather than nothing.
fn fallback(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => truncate_chars(&other.to_string(), 200).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plain_and_fastapi_messages() {
        assert_eq!(
            read(&json!({"error":"Group 'nope' not found","status_code":404})).message,
            "Group 'nope' not found"
        );
        assert_eq!(read(&json!({"detail":"Not Found"})).message, "Not Found");
        assert_eq!(read(&json!({"error":42})).message, "42");
        assert_eq!(read(&json!({"unexpected":true})).message, r#"{"unexpected":true}"#);
        assert_eq!(read(&Value::Null).message, "");
    }

    #[test]
    fn validation_lists_every_field_with_mixed_locs() {
        let body = read(&json!({"error":"Validation error","details":[
            {"type":"greater_than_equal","loc":["query","skip"],"msg":"Input should be greater than or equal to 0","input":"-1","ctx":{"ge":0}},
            {"type":"json_invalid","loc":["body",11],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}},
            {"type":"missing","loc":["body","subject"],"msg":"Field required","input":{}}
        ]}));
        assert_eq!(
            body.message,
            "Validation error: query.skip: Input should be greater than or equal to 0 (got \"-1\"); body[11]: JSON decode error (Expecting value); body.subject: Field required"
        );
        let fields: Vec<(&str, &str)> = body.fields.iter().map(|f| (f.loc.as_str(), f.field.as_str())).collect();
        assert_eq!(fields, [("query.skip", "skip"), ("body[11]", "body"), ("body.subject", "subject")]);
    }

    #[test]
    fn fastapi_detail_lists_are_read_like_details() {
        let body =
            read(&json!({"detail":[{"loc":["path","action_id"],"msg":"bad","type":"int_parsing","input":"abc"}]}));
        assert_eq!(body.message, "path.action_id: bad (got \"abc\")");
        assert_eq!(body.fields.len(), 1);
    }

    #[test]
    fn readiness_objects_say_what_failed() {
        let body = read(
            &json!({"error":{"status":"not_ready","checks":{"database":true,"cache":true,"cerbos":false,"overall":false},
            "errors":["Cerbos health check failed"]},"status_code":503}),
        );
        assert_eq!(body.message, "not_ready: Cerbos health check failed (failing: cerbos)");
    }

    #[test]
    fn hostile_text_is_cleaned_and_long_text_cut() {
        let body = read(&json!({"error":"bad\u{1b}[2J\u{1b}]0;x\u{7}thing\nhere"}));
        assert_eq!(body.message, "badthing here");
        let body = read(&json!({"error": "x".repeat(5000)}));
        assert_eq!(body.message.chars().count(), MAX_MESSAGE);
        let body =
            read(&json!({"details":[{"loc":["body","subject"],"msg":"m","type":"t","input":"\u{1b}[31m".repeat(30)}]}));
        assert!(!body.message.contains('\u{1b}'), "{}", body.message);
    }
}
