//! A request as the demo's dialects see it: read completely before any handler runs, so that
//! handlers are plain synchronous functions over the shared state.

use std::net::SocketAddr;

use axum::http::{HeaderMap, Method, header};
use bytes::Bytes;

#[derive(Debug, Clone)]
pub struct Incoming {
    pub method: Method,
    /// Raw path, still percent-encoded.
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The listening address, used when a client sends no `Host`.
    pub local: SocketAddr,
}

impl Incoming {
    /// `request.build_absolute_uri()` without the query: scheme and host as the client sent
    /// them (so behind a proxy the links name the internal host, like the real server's).
    pub fn absolute_path(&self) -> String {
        let host = self
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| !h.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| self.local.to_string());
        format!("http://{host}{}", self.path)
    }

    /// Path and query as one string, for matching faults.
    pub fn target(&self) -> String {
        match &self.query {
            Some(q) => format!("{}?{q}", self.path),
            None => self.path.clone(),
        }
    }
}
