//! Full load of Waldur user actions over HTTP from the embedded demo server on loopback, as
//! the poller does it (first page, then the rest in parallel), for 10k and 100k rows.
//! Run: `cargo bench --bench load`.

use std::time::Instant;

use opsy_demo::{DemoOptions, DemoServer};

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let sizes: &[usize] = if quick { &[1_000] } else { &[10_000, 100_000] };
    for &size in sizes {
        rt.block_on(async {
            let server = DemoServer::start(DemoOptions { size, ..Default::default() }, 0).await.expect("demo server");
            let url = server.waldur_url();
            let load = || opsy::bench::load_user_actions(&url, server.waldur_token());
            // One warm-up so the server has its sorted order cached, as it has after the first poll.
            load().await.expect("warm-up");
            let mut times = Vec::new();
            let mut rows = 0;
            for _ in 0..if quick { 1 } else { 5 } {
                let t = Instant::now();
                rows = load().await.expect("list");
                times.push(t.elapsed());
            }
            times.sort();
            println!(
                "load {size:>6} seeded ({rows} visible) over loopback: median {:>7.1} ms, best {:>7.1} ms ({} pages of 300)",
                times[times.len() / 2].as_secs_f64() * 1e3,
                times[0].as_secs_f64() * 1e3,
                rows.div_ceil(300)
            );
            server.shutdown().await;
        });
    }
}
