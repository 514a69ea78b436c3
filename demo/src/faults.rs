//! Test hooks that make the demo misbehave the way real deployments do: a Django crash page,
//! a proxy's error, a slow answer, a connection cut mid-body.

use std::sync::Mutex;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;

/// A misbehaviour applied to the next `times` requests whose target (path plus `?query`)
/// contains `path_contains`. Faults are tried in the order they were injected.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// Django's HTML "Server Error (500)" page.
    Html500 { path_contains: String, times: usize },
    /// Any status with any body, e.g. a proxy's 502 page or a JSON error the spec does not list.
    Status { path_contains: String, status: u16, body: String, content_type: String, times: usize },
    /// Wait before handling the request normally.
    Delay { path_contains: String, delay: Duration, times: usize },
    /// Send the headers and part of the body, then close the connection.
    DropConnection { path_contains: String, times: usize },
}

impl Fault {
    fn pattern(&self) -> &str {
        match self {
            Self::Html500 { path_contains, .. }
            | Self::Status { path_contains, .. }
            | Self::Delay { path_contains, .. }
            | Self::DropConnection { path_contains, .. } => path_contains,
        }
    }

    fn remaining(&self) -> usize {
        match self {
            Self::Html500 { times, .. }
            | Self::Status { times, .. }
            | Self::Delay { times, .. }
            | Self::DropConnection { times, .. } => *times,
        }
    }

    fn matches(&self, target: &str) -> bool {
        self.remaining() > 0 && target.contains(self.pattern())
    }

    fn consume(&mut self) {
        match self {
            Self::Html500 { times, .. }
            | Self::Status { times, .. }
            | Self::Delay { times, .. }
            | Self::DropConnection { times, .. } => *times = times.saturating_sub(1),
        }
    }
}

/// What the server does instead of (or before) answering normally.
pub enum Effect {
    Delay(Duration),
    Respond(Response),
}

#[derive(Debug, Default)]
pub struct Faults {
    pending: Mutex<Vec<Fault>>,
}

impl Faults {
    pub fn inject(&self, fault: Fault) {
        self.pending.lock().unwrap_or_else(|e| e.into_inner()).push(fault);
    }

    /// The effect of the first fault matching `target`, using up one of its `times`.
    pub fn take(&self, target: &str) -> Option<Effect> {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let fault = pending.iter_mut().find(|f| f.matches(target))?;
        fault.consume();
        let effect = match fault {
            Fault::Html500 { .. } => Effect::Respond(super::pages::server_error()),
            Fault::Status { status, body, content_type, .. } => {
                Effect::Respond(status_response(*status, body, content_type))
            }
            Fault::Delay { delay, .. } => Effect::Delay(*delay),
            Fault::DropConnection { .. } => Effect::Respond(dropped()),
        };
        pending.retain(|f| f.remaining() > 0);
        Some(effect)
    }
}

fn status_response(status: u16, body: &str, content_type: &str) -> Response {
    let mut resp = Response::new(Body::from(body.to_string()));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(v) = HeaderValue::from_str(content_type) {
        resp.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    resp
}

/// A 200 that promises more bytes than it sends: the body stream fails after the first chunk
/// (a real error, not an early end, or hyper would wait for the rest), so hyper closes the
/// connection and the client sees a truncated answer.
fn dropped() -> Response {
    let chunks: [Result<Bytes, std::io::Error>; 2] = [
        Ok(Bytes::from_static(b"[{\"uuid\":\"")),
        Err(std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "demo fault: connection dropped")),
    ];
    let mut resp = Response::new(Body::from_stream(futures_util::stream::iter(chunks)));
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    resp.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from_static("4096"));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_apply_in_order_and_wear_out() {
        let f = Faults::default();
        f.inject(Fault::Html500 { path_contains: "summary".into(), times: 1 });
        f.inject(Fault::Delay { path_contains: "user-actions".into(), delay: Duration::from_millis(5), times: 2 });
        assert!(matches!(f.take("/api/user-actions/summary/"), Some(Effect::Respond(_))));
        assert!(matches!(f.take("/api/user-actions/summary/"), Some(Effect::Delay(_))));
        assert!(matches!(f.take("/api/user-actions/?page=2"), Some(Effect::Delay(_))));
        assert!(f.take("/api/user-actions/").is_none());
        assert!(f.take("/api/other/").is_none());
    }

    #[test]
    fn zero_times_never_fires() {
        let f = Faults::default();
        f.inject(Fault::DropConnection { path_contains: String::new(), times: 0 });
        assert!(f.take("/anything").is_none());
    }
}
