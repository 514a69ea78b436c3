//! Every request the demo receives, kept so that tests can assert the exact bytes a client put
//! on the wire (method, path, query, headers, body) instead of trusting the client's intent.

use std::collections::VecDeque;
use std::sync::Mutex;

use axum::http::request::Parts;
use bytes::Bytes;

/// Oldest requests are dropped beyond this: `opsy --demo` polls for hours and must not grow.
const KEEP: usize = 4096;

#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    pub method: String,
    /// Raw path, still percent-encoded.
    pub path: String,
    /// Raw query string without the `?`; `None` when the URL had none.
    pub query: Option<String>,
    /// Header names are lowercase; values that are not UTF-8 are decoded lossily.
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

impl RecordedRequest {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON, or `None` when empty or not JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// Decoded query pairs in the order they were sent.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        super::query::QueryDict::parse(self.query.as_deref()).pairs().to_vec()
    }
}

#[derive(Debug, Default)]
pub struct Recorder {
    seen: Mutex<VecDeque<RecordedRequest>>,
}

impl Recorder {
    pub fn record(&self, parts: &Parts, body: &Bytes) {
        let entry = RecordedRequest {
            method: parts.method.as_str().to_string(),
            path: parts.uri.path().to_string(),
            query: parts.uri.query().map(str::to_string),
            headers: parts
                .headers
                .iter()
                .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect(),
            body: body.clone(),
        };
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() >= KEEP {
            seen.pop_front();
        }
        seen.push_back(entry);
    }

    pub fn all(&self) -> Vec<RecordedRequest> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned().collect()
    }

    /// The query string of each request kept, oldest first: cheaper than `all` for a caller
    /// that polls it often.
    pub fn queries(&self) -> Vec<Option<String>> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).iter().map(|r| r.query.clone()).collect()
    }

    pub fn clear(&self) {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}
