//! Loading and polling Waldur user actions over HTTP from the embedded demo server on loopback,
//! for 10k and 100k rows, through a byte-counting proxy:
//! - a full load as the poller does it (every page, decoded, the pane's view prepared), beside
//!   a parallel fetch of the same pages that decodes nothing (what `curl` in parallel does);
//! - the requests and bytes of a poll after 1 % of the rows changed, and of a quiet poll.
//!
//! The server (with the proxy) and the client run on runtimes of their own, as two processes
//! would. With `OPSY_BENCH_SPLIT=1` the server's threads keep to the second core and the
//! client's to the first, as if the server were another machine: what the client's decoding
//! adds to a load is then its own, not the server's serialising slowed by sharing the cores.
//!
//! Run: `cargo bench --bench load` (and `OPSY_BENCH_SPLIT=1 cargo bench --bench load`).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use opsy::bench::{Polled, UserActionsPoller};
use opsy_demo::{DemoOptions, DemoServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const FULL_LOAD_QUERY: &str = "include_silenced=true&o=created&page_size=300";

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let split = std::env::var("OPSY_BENCH_SPLIT").is_ok_and(|v| v == "1");
    let server_rt = common::runtime(split.then_some(1));
    let client_rt = common::runtime(split.then_some(0));
    if split {
        common::pin_to_cpu(0);
    }
    let sizes: &[usize] = if quick { &[1_000] } else { &[10_000, 100_000] };
    let polls = if quick { 1 } else { 5 };
    for &size in sizes {
        // A 10k load takes about 100 ms, within reach of a scheduler's or hypervisor's hiccup:
        // more runs for its median.
        let runs = if quick {
            1
        } else if size < 100_000 {
            15
        } else {
            5
        };
        let (server, proxy) = server_rt.block_on(async {
            let server = DemoServer::start(DemoOptions { size, ..Default::default() }, 0).await.expect("demo server");
            let proxy = Proxy::start(server.addr()).await;
            (server, proxy)
        });
        client_rt.block_on(async {
            let url = format!("http://{}/api/", proxy.addr);
            let token = server.waldur_token().to_string();

            // Warm-up: the server caches its sorted order, as it has after the first poll.
            UserActionsPoller::new(&url, &token).expect("poller").poll().await.expect("warm-up");

            let steal_before = common::steal_ticks();
            let window = Instant::now();
            let mut loads = Vec::new();
            let (mut load_bytes, mut load_requests) = (0, 0);
            for _ in 0..runs {
                let poller = UserActionsPoller::new(&url, &token).expect("poller");
                server.clear_requests();
                let before = proxy.bytes();
                let t = Instant::now();
                let polled = poller.poll().await.expect("full load");
                loads.push(t.elapsed());
                assert!(matches!(polled, Polled::View(n) if n > 0), "{polled:?}");
                load_bytes = proxy.bytes() - before;
                load_requests = server.requests().len();
            }
            let mut fetches = Vec::new();
            for _ in 0..runs {
                let t = Instant::now();
                parallel_fetch(&url, &token).await;
                fetches.push(t.elapsed());
            }
            let (load, fetch) = (median(&mut loads), median(&mut fetches));
            let steal_window = window.elapsed();
            println!(
                "{size:>6} rows: full load {:>7.1} ms ({load_requests} requests, {:.1} MB); parallel fetch of the same pages without decoding {:>7.1} ms; ratio {:.2} (medians of {runs})",
                ms(load),
                load_bytes as f64 / 1e6,
                ms(fetch),
                load.as_secs_f64() / fetch.as_secs_f64()
            );
            common::report_steal(&steal_before, steal_window);

            let poller = UserActionsPoller::new(&url, &token).expect("poller");
            poller.poll().await.expect("first load");
            let mut churned = Vec::new();
            for round in 0..polls {
                // The rows change between two polls, then the next poll comes (more than the
                // commit slack and the one-second resolution of `Date` later, as with the
                // shortest interval opsy allows, 2 s).
                common::churn(&server, size / 100, round);
                tokio::time::sleep(Duration::from_millis(2_100)).await;
                churned.push(measure(&server, &proxy, &poller).await);
            }
            let mut quiet = Vec::new();
            for _ in 0..polls {
                tokio::time::sleep(Duration::from_millis(2_100)).await;
                quiet.push(measure(&server, &proxy, &poller).await);
            }
            report(size, "after 1 % of the rows changed", &mut churned, load_bytes);
            report(size, "quiet (nothing changed)", &mut quiet, load_bytes);
        });
        server_rt.block_on(server.shutdown());
    }
}

/// One poll: its requests, bytes on the wire (headers included) and time.
async fn measure(server: &DemoServer, proxy: &Proxy, poller: &UserActionsPoller) -> (usize, u64, Duration) {
    server.clear_requests();
    let before = proxy.bytes();
    let t = Instant::now();
    poller.poll().await.expect("poll");
    (server.requests().len(), proxy.bytes() - before, t.elapsed())
}

fn report(size: usize, what: &str, polls: &mut [(usize, u64, Duration)], full_bytes: u64) {
    polls.sort_by_key(|p| p.1);
    let (requests, bytes, time) = polls[polls.len() / 2];
    println!(
        "{size:>6} rows: poll {what}: {requests} requests, {:.1} kB ({:.2} % of a full load), {:.1} ms (median of {})",
        bytes as f64 / 1e3,
        bytes as f64 * 100.0 / full_bytes as f64,
        ms(time),
        polls.len()
    );
}

/// Every page of a full load, six in flight, bodies read and dropped: the network and server
/// cost alone, for comparison with the client's full load.
async fn parallel_fetch(url: &str, token: &str) {
    let http = reqwest::Client::new();
    let get = |page: usize| {
        let target = if page == 1 {
            format!("{url}user-actions/?{FULL_LOAD_QUERY}")
        } else {
            format!("{url}user-actions/?{FULL_LOAD_QUERY}&page={page}")
        };
        http.get(target).header("Authorization", format!("Token {token}")).send()
    };
    let first = get(1).await.expect("page 1");
    let total: usize = first.headers()["x-result-count"].to_str().expect("count").parse().expect("count");
    first.bytes().await.expect("body");
    let pages = total.div_ceil(300);
    // Each page on a task of its own, as the client's pages are: curl's transfers in
    // parallel are not polled one after another by a single thread either.
    futures_util::stream::iter(2..=pages)
        .map(|p| {
            let page = get(p);
            tokio::spawn(async move { page.await.expect("page").bytes().await.expect("body").len() })
        })
        .buffer_unordered(6)
        .for_each(|_| async {})
        .await;
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A TCP proxy that counts the bytes the server sends back.
struct Proxy {
    addr: std::net::SocketAddr,
    received: Arc<AtomicU64>,
}

impl Proxy {
    async fn start(upstream: std::net::SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy binds");
        let addr = listener.local_addr().expect("proxy address");
        let received = Arc::new(AtomicU64::new(0));
        let counter = received.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let counter = counter.clone();
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(upstream).await else { return };
                    let (mut cr, mut cw) = client.into_split();
                    let (mut sr, mut sw) = server.into_split();
                    let up = tokio::spawn(async move { tokio::io::copy(&mut cr, &mut sw).await });
                    let mut buf = vec![0u8; 64 * 1024];
                    while let Ok(n) = sr.read(&mut buf).await {
                        if n == 0 || cw.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                        counter.fetch_add(n as u64, Ordering::Relaxed);
                    }
                    up.abort();
                });
            }
        });
        Self { addr, received }
    }

    fn bytes(&self) -> u64 {
        self.received.load(Ordering::Relaxed)
    }
}
