//! How the real service dresses its answers: `{"error","status_code"}` from its own
//! exception handlers, FastAPI's `{"detail"}` for unknown routes and methods, the 422 body,
//! the outage bodies, Starlette's empty 307, and 204 with a JSON content type and no body.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Serialize;

use super::validate::Issue;

const JSON: &str = "application/json";

/// A handler's success.
#[derive(Debug)]
pub enum Answer {
    Json(u16, Vec<u8>),
    /// 204: `content-type: application/json`, empty body.
    NoContent,
}

impl Answer {
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Self {
        Self::Json(status, serde_json::to_vec(value).unwrap_or_default())
    }

    pub fn ok<T: Serialize + ?Sized>(value: &T) -> Self {
        Self::json(200, value)
    }
}

/// Everything that is not a success.
#[derive(Debug)]
pub enum Failure {
    /// An `HTTPException`: `{"error": message, "status_code": status}`.
    Http(u16, String),
    /// 422 `{"error":"Validation error","details":[…]}`.
    Validation(Vec<Issue>),
    /// 503 from the Cerbos health gate.
    CerbosDown,
    /// 503 from `/readyz`: the whole report (serialised JSON) in `error`.
    NotReady(String),
    /// No route: FastAPI's own 404.
    NoRoute,
    /// The path matched a route of another method: 405, `allow` naming that route's method.
    WrongMethod(&'static str),
    /// Starlette's `redirect_slashes`: the absolute URL to go to.
    Redirect(String),
}

impl Failure {
    pub fn http(status: u16, message: impl Into<String>) -> Self {
        Self::Http(status, message.into())
    }
}

pub type Handled = Result<Answer, Failure>;

pub fn render(result: Handled) -> Response {
    match result {
        Ok(Answer::Json(status, body)) => json_response(status, body),
        Ok(Answer::NoContent) => json_response(204, Vec::new()),
        Err(failure) => render_failure(failure),
    }
}

/// Keys in the order the service writes them (a `json!` map would sort them).
#[derive(Serialize)]
struct HttpError<'a> {
    error: &'a str,
    status_code: u16,
}

#[derive(Serialize)]
struct ValidationError<'a> {
    error: &'static str,
    details: &'a [Issue],
}

#[derive(Serialize)]
struct Outage {
    error: &'static str,
    status_code: u16,
    service: &'static str,
    retry_after: &'static str,
}

#[derive(Serialize)]
struct Detail {
    detail: &'static str,
}

fn render_failure(failure: Failure) -> Response {
    match failure {
        Failure::Http(status, message) => {
            json_response(status, to_vec(&HttpError { error: &message, status_code: status }))
        }
        Failure::Validation(issues) => {
            json_response(422, to_vec(&ValidationError { error: "Validation error", details: &issues }))
        }
        Failure::CerbosDown => json_response(
            503,
            to_vec(&Outage {
                error: "Authorization service temporarily unavailable",
                status_code: 503,
                service: "Cerbos Authorization Service",
                retry_after: "Please try again in a few moments",
            }),
        ),
        Failure::NotReady(report) => {
            json_response(503, format!(r#"{{"error":{report},"status_code":503}}"#).into_bytes())
        }
        Failure::NoRoute => json_response(404, to_vec(&Detail { detail: "Not Found" })),
        Failure::WrongMethod(allow) => {
            let mut resp = json_response(405, to_vec(&Detail { detail: "Method Not Allowed" }));
            resp.headers_mut().insert(header::ALLOW, HeaderValue::from_static(allow));
            resp
        }
        Failure::Redirect(location) => {
            let mut resp = bare(307, Vec::new());
            if let Ok(v) = HeaderValue::from_str(&location) {
                resp.headers_mut().insert(header::LOCATION, v);
            }
            resp
        }
    }
}

fn to_vec<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

fn json_response(status: u16, body: Vec<u8>) -> Response {
    let mut resp = bare(status, body);
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    resp
}

fn bare(status: u16, body: Vec<u8>) -> Response {
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    resp.headers_mut().insert(header::SERVER, HeaderValue::from_static("uvicorn"));
    resp
}
