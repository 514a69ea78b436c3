//! Django REST framework behaviour the views rely on: content negotiation, request body
//! parsing, serializer field validation and its error shapes, and the response envelope
//! (`Content-Type: application/json` without charset, `Allow`, `Vary`).

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use serde::Serialize;
use serde_json::{Map, Value};

use super::wire::{Detail, OrderedMap};
use crate::query::{QueryDict, python_int};

/// A view's JSON answer before rendering.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Payload,
    pub headers: Vec<(HeaderName, String)>,
}

/// JSON bytes, or the work to produce them once the state lock is released: a 300-row page
/// is serialised outside the lock so that parallel page requests use every core.
pub enum Payload {
    Ready(Vec<u8>),
    Deferred(Box<dyn FnOnce() -> Vec<u8> + Send>),
}

impl Payload {
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            Self::Ready(bytes) => bytes,
            Self::Deferred(produce) => produce(),
        }
    }
}

impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Ready(bytes) => write!(f, "Ready({})", String::from_utf8_lossy(bytes)),
            Self::Deferred(_) => f.write_str("Deferred"),
        }
    }
}

pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    // Our own wire structs always serialise; an empty object would still be valid JSON.
    serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec())
}

/// An unhandled exception: Django's HTML 500 page, not JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crash;

pub type Answer = Result<Reply, Crash>;

impl Reply {
    pub fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Self {
        Self { status, body: Payload::Ready(to_json(value)), headers: Vec::new() }
    }

    /// A 200 whose JSON is produced later, by `render`, outside the state lock.
    pub fn ok_later(produce: impl FnOnce() -> Vec<u8> + Send + 'static) -> Self {
        Self { status: StatusCode::OK, body: Payload::Deferred(Box::new(produce)), headers: Vec::new() }
    }

    pub fn ok<T: Serialize + ?Sized>(value: &T) -> Self {
        Self::json(StatusCode::OK, value)
    }

    pub fn detail(status: StatusCode, message: &str) -> Self {
        Self::json(status, &Detail { detail: message })
    }

    pub fn with_header(mut self, name: HeaderName, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// `{"field": ["message"], …}` in the given order.
pub fn field_errors(errors: &[(&str, String)]) -> Reply {
    let shaped: Vec<(&str, [&str; 1])> = errors.iter().map(|(k, m)| (*k, [m.as_str()])).collect();
    Reply::json(StatusCode::BAD_REQUEST, &OrderedMap(&shaped))
}

pub fn field_error(field: &str, message: &str) -> Reply {
    field_errors(&[(field, message.to_string())])
}

/// Which renderer answers: JSON, or the browsable API for browsers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Html,
}

/// DRF's `DefaultContentNegotiation`: media ranges by precedence (specific with parameters,
/// specific, `type/*`, `*/*`), then client order; the JSON renderer is tried first.
pub fn negotiate(headers: &HeaderMap) -> Option<Format> {
    let accept = match headers.get(header::ACCEPT) {
        Some(v) => String::from_utf8_lossy(v.as_bytes()).into_owned(),
        None => "*/*".to_string(),
    };
    let ranges: Vec<(String, String, u8)> = accept
        .split(',')
        .map(|token| {
            let mut parts = token.split(';');
            let full = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let params: Vec<&str> = parts.map(str::trim).filter(|p| !p.is_empty()).collect();
            let (main, sub) = full.split_once('/').map_or((full.clone(), String::new()), |(m, s)| (m.into(), s.into()));
            let only_q = params.iter().all(|p| p.to_ascii_lowercase().starts_with("q="));
            let precedence = if main == "*" {
                0
            } else if sub == "*" {
                1
            } else if only_q {
                2
            } else {
                3
            };
            (main, sub, precedence)
        })
        .collect();
    for precedence in [3, 2, 1, 0] {
        for (format, main, sub) in [(Format::Json, "application", "json"), (Format::Html, "text", "html")] {
            let hit = ranges
                .iter()
                .filter(|r| r.2 == precedence)
                .any(|(m, s, _)| (m == "*" || m == main) && (s == "*" || s == sub));
            if hit {
                return Some(format);
            }
        }
    }
    None
}

/// Turn a reply into the HTTP response, adding the headers every DRF view sends.
pub fn render(reply: Reply, format: Format, allow: &str, view_name: &str) -> Response {
    let (content_type, body) = match format {
        Format::Json => ("application/json", Body::from(reply.body.into_bytes())),
        Format::Html => ("text/html; charset=utf-8", Body::from(browsable(&reply.body.into_bytes(), view_name))),
    };
    let mut resp = Response::new(body);
    *resp.status_mut() = reply.status;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::VARY, HeaderValue::from_static("Accept"));
    if let Ok(v) = HeaderValue::from_str(allow) {
        h.insert(header::ALLOW, v);
    }
    for (name, value) in reply.headers {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.append(name, v);
        }
    }
    resp
}

/// A much reduced browsable API page: enough for a browser to show the JSON.
fn browsable(json: &[u8], view_name: &str) -> String {
    let pretty = serde_json::from_slice::<Value>(json)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_default();
    let escaped = pretty.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    format!(
        "<!DOCTYPE html>\n<html><head><title>{view_name} – Django REST framework</title></head>\n<body><h1>{view_name}</h1><pre>{escaped}</pre></body></html>\n"
    )
}

/// `request.data`: an empty body is `{}` whatever its type; JSON and form bodies are parsed;
/// anything else is refused with 415.
pub fn request_data(headers: &HeaderMap, body: &Bytes) -> Result<Value, Reply> {
    if body.is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    let raw_type = headers.get(header::CONTENT_TYPE).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let media = raw_type.as_deref().unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match media.as_str() {
        "application/json" => serde_json::from_slice(body)
            .map_err(|e| Reply::detail(StatusCode::BAD_REQUEST, &format!("JSON parse error - {e}"))),
        "application/x-www-form-urlencoded" => {
            let form = QueryDict::parse(Some(&String::from_utf8_lossy(body)));
            let mut map = Map::new();
            for (k, _) in form.pairs() {
                if let Some(v) = form.get(k) {
                    map.insert(k.clone(), Value::String(v.to_string()));
                }
            }
            Ok(Value::Object(map))
        }
        _ => Err(Reply::json(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &Detail { detail: &format!("Unsupported media type \"{}\" in request.", raw_type.unwrap_or_default()) },
        )),
    }
}

/// A serializer's top-level check: the data must be a dict.
pub fn as_object(data: &Value) -> Result<&Map<String, Value>, Reply> {
    let kind = match data {
        Value::Object(map) => return Ok(map),
        Value::Null => return Err(field_error("non_field_errors", "No data provided")),
        Value::Array(_) => "list",
        Value::String(_) => "str",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
    };
    Err(field_error("non_field_errors", &format!("Invalid data. Expected a dictionary, but got {kind}.")))
}

/// DRF `IntegerField` input: ints, integral floats and numeric strings (`"7"`, `" 7 "`,
/// `"7.0"`); not booleans.
pub fn integer(field: &str, v: &Value) -> Result<i64, Reply> {
    let invalid = || field_error(field, "A valid integer is required.");
    match v {
        Value::Null => Err(field_error(field, "This field may not be null.")),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Ok(i),
            (None, Some(f)) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 => Ok(f as i64),
            _ => Err(invalid()),
        },
        Value::String(s) if s.len() > 1000 => Err(field_error(field, "String value too large.")),
        Value::String(s) => {
            // DRF strips a trailing `.0…` before `int()`.
            let t = s.trim_end();
            let t = match t.rfind('.') {
                Some(dot) if t[dot + 1..].bytes().all(|b| b == b'0') => &t[..dot],
                _ => t,
            };
            python_int(t).ok_or_else(invalid)
        }
        _ => Err(invalid()),
    }
}

/// DRF `CharField` (trimmed, not blank, not null).
pub fn required_text(field: &str, obj: &Map<String, Value>) -> Result<String, Reply> {
    let text = match obj.get(field) {
        None => return Err(field_error(field, "This field is required.")),
        Some(Value::Null) => return Err(field_error(field, "This field may not be null.")),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => super::pyrepr::py_repr(&Value::Number(n.clone())),
        Some(_) => return Err(field_error(field, "Not a valid string.")),
    };
    if text.contains('\0') {
        return Err(field_error(field, "Null characters are not allowed."));
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(field_error(field, "This field may not be blank."));
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn accept(v: &str) -> Option<Format> {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_str(v).expect("header"));
        negotiate(&h)
    }

    #[test]
    fn negotiation_prefers_json_and_serves_browsers_html() {
        assert_eq!(negotiate(&HeaderMap::new()), Some(Format::Json));
        assert_eq!(accept("application/json"), Some(Format::Json));
        assert_eq!(accept("*/*"), Some(Format::Json));
        assert_eq!(accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"), Some(Format::Html));
        assert_eq!(accept("application/xml"), None);
        assert_eq!(accept("text/*"), Some(Format::Html));
    }

    #[test]
    fn integers_are_parsed_like_drf() {
        assert_eq!(integer("d", &json!(7)).ok(), Some(7));
        assert_eq!(integer("d", &json!(7.0)).ok(), Some(7));
        assert_eq!(integer("d", &json!(" 7 ")).ok(), Some(7));
        assert_eq!(integer("d", &json!("7.00")).ok(), Some(7));
        for bad in [json!(7.5), json!(true), json!("seven"), json!([7]), json!({})] {
            let r = integer("d", &bad).expect_err("invalid");
            assert_eq!(
                String::from_utf8_lossy(&r.body.into_bytes()),
                r#"{"d":["A valid integer is required."]}"#,
                "{bad}"
            );
        }
        let r = integer("d", &Value::Null).expect_err("null");
        assert_eq!(String::from_utf8_lossy(&r.body.into_bytes()), r#"{"d":["This field may not be null."]}"#);
    }

    #[test]
    fn bodies_follow_drf_parsers() {
        let mut h = HeaderMap::new();
        assert_eq!(request_data(&h, &Bytes::new()).ok(), Some(json!({})));
        let r = request_data(&h, &Bytes::from_static(b"{}")).expect_err("no content type");
        assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
        assert_eq!(request_data(&h, &Bytes::from_static(b"null")).ok(), Some(Value::Null));
        assert_eq!(request_data(&h, &Bytes::from_static(b"{")).expect_err("bad json").status, StatusCode::BAD_REQUEST);
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
        assert_eq!(
            request_data(&h, &Bytes::from_static(b"duration_days=3&duration_days=7")).ok(),
            Some(json!({"duration_days": "7"}))
        );
    }

    #[test]
    fn top_level_data_must_be_a_dict() {
        let msg =
            |v: Value| String::from_utf8_lossy(&as_object(&v).expect_err("not a dict").body.into_bytes()).into_owned();
        assert_eq!(msg(Value::Null), r#"{"non_field_errors":["No data provided"]}"#);
        assert_eq!(msg(json!([])), r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}"#);
    }
}
