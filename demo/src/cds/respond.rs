//! How the API's middleware dresses every answer: CORS headers, `X-Api-Time`,
//! `X-Api-Nanoseconds-Time`, an `Etag` that is only the current Unix time, `Connection:
//! close`, `X-Api-Process-Time` on JSON and 204 answers, 204 with a JSON content type for
//! handlers that wrote nothing, and gzip when the client accepts it (gorilla's
//! `CompressHandler`).

use std::io::Write;
use std::time::Instant;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use flate2::Compression;
use flate2::write::GzEncoder;
use serde::Serialize;

use super::errors::CdsError;
use super::gojson::{self, GoTime};
use super::wire::WireError;

const JSON: &str = "application/json";
/// What Go's `http.DetectContentType` says about YAML or JSON text.
const SNIFFED_TEXT: &str = "text/plain; charset=utf-8";
const TRACING_HEADERS: &str = "X-Cds-Trace-Id, X-Cds-Span-Id, X-Cds-Sampled";

/// A handler's successful answer, before the middleware.
#[derive(Debug)]
pub enum Answer {
    Json {
        status: u16,
        body: Vec<u8>,
        headers: Vec<(&'static str, String)>,
    },
    /// The handler wrote nothing: 204, empty, `Content-Type: application/json`.
    NoContent,
    /// Bytes written straight to the response (export): the content type is sniffed.
    Raw {
        body: Vec<u8>,
    },
    /// `OPTIONS` on any route.
    Preflight,
}

pub type Handled = Result<Answer, CdsError>;

impl Answer {
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Self {
        Self::Json { status, body: gojson::to_vec(value), headers: Vec::new() }
    }

    pub fn ok<T: Serialize + ?Sized>(value: &T) -> Self {
        Self::json(200, value)
    }

    /// A nil value serialised: the body is `null`.
    pub fn null(status: u16) -> Self {
        Self::Json { status, body: b"null".to_vec(), headers: Vec::new() }
    }

    pub fn with_header(mut self, name: &'static str, value: String) -> Self {
        if let Self::Json { headers, .. } = &mut self {
            headers.push((name, value));
        }
        self
    }
}

/// CDS's error body, with a fresh uuid.
pub fn error_answer(e: &CdsError) -> Answer {
    let uuid = uuid::Uuid::new_v4().to_string();
    let message = e.text();
    Answer::json(e.status, &WireError { id: e.id, message: &message, data: None, uuid: &uuid })
}

pub struct Envelope {
    pub received: GoTime,
    pub started: Instant,
    pub gzip: bool,
}

impl Envelope {
    pub fn new(received: GoTime, request_headers: &HeaderMap) -> Self {
        Self { received, started: Instant::now(), gzip: accepts_gzip(request_headers) }
    }

    pub fn render(&self, result: Handled) -> Response {
        let answer = result.unwrap_or_else(|e| error_answer(&e));
        let (status, body, content_type, timed, extra) = match answer {
            Answer::Json { status, body, headers } => (status, body, Some(JSON), true, headers),
            Answer::NoContent => (204, Vec::new(), Some(JSON), true, Vec::new()),
            Answer::Raw { body } => (200, body, Some(SNIFFED_TEXT), false, Vec::new()),
            Answer::Preflight => (200, Vec::new(), None, false, Vec::new()),
        };
        let mut headers = HeaderMap::new();
        self.common_headers(&mut headers);
        if let Some(ct) = content_type {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
        }
        if timed {
            let took = self.started.elapsed().as_nanos().to_string();
            put(&mut headers, "x-api-process-time", &took);
        }
        for (name, value) in extra {
            put(&mut headers, name, &value);
        }
        // An empty body stays empty: a gzip stream of nothing would still be 20 bytes.
        let body = if self.gzip && !body.is_empty() {
            match gzip(&body) {
                Some(zipped) => {
                    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                    headers.append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
                    zipped
                }
                None => body,
            }
        } else {
            body
        };
        let mut resp = Response::new(Body::from(body));
        *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        *resp.headers_mut() = headers;
        resp
    }

    fn common_headers(&self, h: &mut HeaderMap) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET,OPTIONS,PUT,POST,DELETE"));
        let allow = format!(
            "Accept, Origin, Referer, User-Agent, Content-Type, Authorization, Session-Token, Last-Event-Id, If-Modified-Since, Content-Disposition, {TRACING_HEADERS}"
        );
        let expose = format!(
            "Accept, Origin, Referer, User-Agent, Content-Type, Authorization, Session-Token, Last-Event-Id, ETag, Content-Disposition, {TRACING_HEADERS}"
        );
        put(h, "access-control-allow-headers", &allow);
        put(h, "access-control-expose-headers", &expose);
        put(h, "x-api-time", &self.received.rfc3339_seconds());
        let nanos = self.received.at.as_nanosecond().to_string();
        put(h, "x-api-nanoseconds-time", &nanos);
        // Not an entity tag: the server writes the current Unix time in seconds.
        put(h, "etag", &self.received.at.as_second().to_string());
        h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
}

fn put(h: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        h.insert(HeaderName::from_static(name), v);
    }
}

/// gorilla's check: some comma-separated item is exactly `gzip`.
fn accepts_gzip(h: &HeaderMap) -> bool {
    h.get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|e| e.trim() == "gzip")
}

fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    let mut enc = GzEncoder::new(Vec::with_capacity(body.len() / 2 + 32), Compression::default());
    enc.write_all(body).ok()?;
    enc.finish().ok()
}
