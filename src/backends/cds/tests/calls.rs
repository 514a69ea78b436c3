//! CDS's per-username add loop against a tiny local server that answers like CDS: 204 for a
//! known user, 500 id 1 for an unknown one, 403 id 11 without rights on the group.

use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};

use crate::app::source::SourceId;
use crate::backends::cds::*;
use crate::backends::http::{Auth, ServerOptions};
use crate::domain::secret::Secret;

type Seen = Arc<Mutex<Vec<(String, String)>>>;

async fn answer(State(seen): State<Seen>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let body = axum::body::to_bytes(req.into_body(), 1 << 16).await.unwrap_or_default();
    let body = String::from_utf8_lossy(&body).into_owned();
    if let Ok(mut s) = seen.lock() {
        s.push((path.clone(), body.clone()));
    }
    let error = |status: u16, id: i64, message: &str| {
        let json = format!(r#"{{"id":{id},"message":"{message}","data":null,"uuid":"u-{id}"}}"#);
        let status = axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::IM_A_TEAPOT);
        (status, [("content-type", "application/json")], json).into_response()
    };
    match (path.as_str(), body.as_str()) {
        (p, _) if p.contains("/locked/") => error(403, 11, "forbidden"),
        (_, r#"["ghost"]"#) => error(500, 1, "internal server error"),
        _ => axum::http::StatusCode::NO_CONTENT.into_response(),
    }
}

async fn server() -> (Cds, Seen) {
    let seen = Seen::default();
    let app = axum::Router::new().fallback(answer).with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let opts = ServerOptions::new(format!("http://{addr}/cdsapi"), Auth::Session(Secret::new("t")));
    (Cds { id: SourceId(0), client: CdsClient::new(&opts).expect("client") }, seen)
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn one_request_per_username_so_an_unknown_one_blocks_nobody() {
    let (cds, seen) = server().await;
    let report = cds.add_each("grp", &names(&["alice", "ghost", "bob"])).await;
    assert_eq!(report.added, names(&["alice", "bob"]));
    assert_eq!(report.unknown, names(&["ghost"]));
    assert!(report.failed.is_empty() && report.not_tried.is_empty());
    let seen = seen.lock().expect("seen").clone();
    let bodies: Vec<&str> = seen.iter().map(|(_, b)| b.as_str()).collect();
    assert_eq!(bodies, [r#"["alice"]"#, r#"["ghost"]"#, r#"["bob"]"#]);
    assert!(seen.iter().all(|(p, _)| p == "/cdsapi/group/grp/user"), "{seen:?}");
}

#[tokio::test]
async fn a_refusal_about_the_group_stops_before_repeating_itself() {
    let (cds, seen) = server().await;
    let report = cds.add_each("locked", &names(&["alice", "bob", "carol"])).await;
    assert!(report.added.is_empty());
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].1.code(), Some(11));
    assert_eq!(report.not_tried, names(&["bob", "carol"]));
    assert_eq!(seen.lock().expect("seen").len(), 1);
}
