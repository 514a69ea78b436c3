//! The bare HTML pages Django answers with when no view produced JSON: unknown URLs and
//! unhandled exceptions (DEBUG off). Clients must cope with them (docs/wire-waldur.md).

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

const HTML: &str = "text/html; charset=utf-8";

fn page(status: StatusCode, title: &str, text: &str) -> Response {
    let body = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>{title}</title>\n</head>\n<body>\n  <h1>{title}</h1><p>{text}</p>\n</body>\n</html>\n"
    );
    html(status, body)
}

pub fn html(status: StatusCode, body: String) -> Response {
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = status;
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(HTML));
    resp
}

pub fn server_error() -> Response {
    page(StatusCode::INTERNAL_SERVER_ERROR, "Server Error (500)", "")
}

pub fn not_found() -> Response {
    page(StatusCode::NOT_FOUND, "Not Found", "The requested resource was not found on this server.")
}

pub fn bad_request() -> Response {
    page(StatusCode::BAD_REQUEST, "Bad Request (400)", "")
}

/// Django's `APPEND_SLASH`: an empty permanent redirect to the same URL with a slash.
pub fn append_slash(path: &str, query: Option<&str>) -> Response {
    let location = match query {
        Some(q) => format!("{path}/?{q}"),
        None => format!("{path}/"),
    };
    let mut resp = html(StatusCode::MOVED_PERMANENTLY, String::new());
    if let Ok(v) = HeaderValue::from_str(&location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}
