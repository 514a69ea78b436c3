//! Set-up shared by the CDS demo tests: a demo server on a frozen clock, a client with a
//! persistent session, and the (status, CDS id, message) of a failed call.

use crate::backends::cds::client::CdsClient;
use crate::backends::http::{Auth, ServerOptions};
use crate::domain::error::ApiError;
use crate::domain::secret::Secret;
use opsy_demo::{DemoOptions, DemoServer};

pub(crate) async fn start() -> DemoServer {
    let now = "2025-06-10T09:30:00Z".parse().expect("timestamp");
    DemoServer::start(DemoOptions { size: 10, now: Some(now), ..Default::default() }, 0).await.expect("demo starts")
}

pub(crate) fn client(server: &DemoServer, token: &str) -> CdsClient {
    CdsClient::new(&ServerOptions::new(server.cds_url(), Auth::Session(Secret::new(token)))).expect("client")
}

/// (status, CDS error id, message) of a failed call.
pub(crate) fn failure<T: std::fmt::Debug>(r: Result<T, ApiError>) -> (u16, Option<i64>, String) {
    match r.expect_err("the call fails") {
        ApiError::Status(s) => (s.status, s.code, s.message),
        other => panic!("not a status error: {other:?}"),
    }
}

/// (status, CDS error id) of a failed call.
pub(crate) fn status_and_id<T: std::fmt::Debug>(r: Result<T, ApiError>) -> (u16, Option<i64>) {
    let (status, id, _) = failure(r);
    (status, id)
}
