//! A full load of a big account reports its pages while it runs: in order, ending at the
//! last page, never more than a few a second; a small account (one page) says nothing.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use opsy_demo::{DemoOptions, DemoServer};

use crate::app::msg::Feed;
use crate::app::source::SourceId;
use crate::backends::http::{Auth, ServerOptions};
use crate::backends::progress::{self, EVERY, Reporter};
use crate::backends::waldur::client::PAGE_SIZE;
use crate::backends::waldur::model::ListQuery;
use crate::backends::{Connection, Held};
use crate::domain::secret::Secret;

/// Polls the demo's user actions once, as the poller does; returns the reports and how long
/// the load took.
async fn poll(size: usize) -> (Vec<(usize, usize)>, std::time::Duration) {
    let server = DemoServer::start(DemoOptions { size, ..Default::default() }, 0).await.expect("demo");
    let options = ServerOptions::new(server.waldur_url(), Auth::Token(Secret::new(server.waldur_token())));
    let backend = crate::backends::waldur::connect(SourceId(0), &Connection::new(options)).expect("connects").backend;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let into = seen.clone();
    let reporter = Reporter::new(Arc::new(move |done, total| into.lock().expect("lock").push((done, total))));
    let feed = Feed::UserActions(SourceId(0), ListQuery::default());
    let start = Instant::now();
    progress::scope(reporter, backend.fetch(&feed, Held::Nothing)).await.expect("the load");
    let took = start.elapsed();
    let seen = seen.lock().expect("lock").clone();
    (seen, took)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_load_reports_its_pages_in_order_up_to_the_last() {
    let (seen, took) = poll(PAGE_SIZE * 8).await;
    let total = seen.first().map(|(_, t)| *t).expect("some report");
    assert!(total >= 8, "every row the caller has, silenced ones included: {seen:?}");
    assert_eq!(seen.first(), Some(&(1, total)), "the first page is said at once");
    assert_eq!(seen.last(), Some(&(total, total)), "and the load ends at the last page");
    assert!(seen.iter().all(|(_, t)| *t == total), "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "in order: {seen:?}");
    let allowed = 2 + (took.as_millis() / EVERY.as_millis()) as usize;
    assert!(seen.len() <= allowed, "{} reports in {took:?}", seen.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_page_account_reports_nothing() {
    let (seen, _) = poll(20).await;
    assert_eq!(seen, vec![]);
}
