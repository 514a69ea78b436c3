//! The real binary through a pseudo-terminal while it polls: a demo server in this process holds
//! the user actions (100k under `cargo bench`), the console (the release binary, client only)
//! polls it every 2 s, and 1 % of the rows change between polls. Measured:
//! - key → frame latency of `j`/`k` while polls arrive (30 polls), and of a broad filter
//!   keystroke (`/` then `a`, Backspace, `a`, …);
//! - RSS after the first load and after 30 polls, per row held;
//! - CPU of the console over an idle window with polling on and no keys (60 s; set
//!   `OPSY_BENCH_IDLE_SECS=300` for five minutes), and over a window with churn.
//!
//! Run: `cargo bench --bench polling`. With `OPSY_BENCH_SPLIT=1` the demo server runs on the
//! second core and the console on the first, as if the server were another machine.

mod common;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use opsy_demo::{DemoOptions, DemoServer};
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// The end of a synchronized update: the console wraps every frame in one.
const FRAME_END: &[u8] = b"\x1b[?2026l";

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let size = if quick { 2_000 } else { 100_000 };
    let polls = if quick { 2 } else { 30 };
    let idle_secs: u64 = std::env::var("OPSY_BENCH_IDLE_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let idle = if quick { Duration::from_secs(3) } else { Duration::from_secs(idle_secs) };

    // OPSY_BENCH_SPLIT=1: the demo server on the second core and the console on the first, as
    // if the server were another machine (a real Waldur is). By default both share both cores.
    let split = std::env::var("OPSY_BENCH_SPLIT").is_ok_and(|v| v == "1");
    let rt = common::runtime(split.then_some(1));
    if split {
        // This thread and the pty reader play the operator's terminal: the console's machine.
        common::pin_to_cpu(0);
    }
    let server = rt.block_on(DemoServer::start(DemoOptions { size, ..Default::default() }, 0)).expect("demo server");
    let held = server.with_waldur(|s| s.rows().len());
    let mut console = Console::start(&server, split);

    console.frame_after(b"4");
    let loaded_in = wait_for(|| walks(&server) >= 1, Duration::from_secs(120));
    std::thread::sleep(Duration::from_millis(500));
    let rss_first = console.rss();
    println!(
        "{size} rows: loaded and first walk done {:.1} s after start; RSS {:.1} MB = {} bytes per row held",
        loaded_in.as_secs_f64(),
        rss_first as f64 / 1e6,
        rss_first / held as u64
    );
    println!("  of which {}", console.rss_parts());

    // Polls with churn, and keys all along.
    let start_walks = walks(&server);
    let cpu_before = console.cpu_ticks();
    let steal_before = common::steal_ticks();
    let window = Instant::now();
    let mut moves = Vec::new();
    let mut last_churn = walks(&server);
    let mut i = 0usize;
    loop {
        let seen = walks(&server);
        if seen >= start_walks + polls {
            break;
        }
        if seen != last_churn {
            on_server(split, || common::churn(&server, size / 100, seen));
            last_churn = seen;
        }
        let key: &[u8] = if (i / 100).is_multiple_of(2) { b"j" } else { b"k" };
        moves.push(console.frame_after(key));
        i += 1;
        std::thread::sleep(Duration::from_millis(20));
    }
    let busy_cpu = console.cpu_since(cpu_before, window.elapsed());
    report(&format!("j/k during {polls} polls with 1 % churn"), &mut moves);
    common::report_steal(&steal_before, window.elapsed());
    println!("  console CPU over that window (keys every 20 ms included): {busy_cpu:.1} % of one core");
    let rss_polled = console.rss();
    println!(
        "{size} rows: RSS after {polls} polls {:.1} MB = {} bytes per row held ({:+.1} % against the first load)",
        rss_polled as f64 / 1e6,
        rss_polled / held as u64,
        (rss_polled as f64 / rss_first as f64 - 1.0) * 100.0
    );
    println!("  of which {}", console.rss_parts());

    console.frame_after(b"/");
    let steal_before = common::steal_ticks();
    let window = Instant::now();
    let mut typing = Vec::new();
    for n in 0..if quick { 10 } else { 200 } {
        let key: &[u8] = if n % 2 == 0 { b"a" } else { b"\x7f" };
        typing.push(console.frame_after(key));
    }
    console.frame_after(b"\x1b");
    report("broad filter keystroke ('a', Backspace)", &mut typing);
    common::report_steal(&steal_before, window.elapsed());

    // Idle: polling on, nothing changes, no keys.
    std::thread::sleep(Duration::from_secs(3));
    let before = console.cpu_ticks();
    let t = Instant::now();
    let idle_walks = walks(&server);
    std::thread::sleep(idle);
    println!(
        "idle with polling on for {} s ({} polls, nothing changed, no keys): {:.2} % of one core",
        idle.as_secs(),
        walks(&server) - idle_walks,
        console.cpu_since(before, t.elapsed())
    );

    // Churn without keys: what polling itself costs when rows change.
    let before = console.cpu_ticks();
    let t = Instant::now();
    let churn_walks = walks(&server);
    let mut last = churn_walks;
    while t.elapsed() < idle.min(Duration::from_secs(60)) {
        let seen = walks(&server);
        if seen != last {
            on_server(split, || common::churn(&server, size / 100, seen));
            last = seen;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    println!(
        "polling with 1 % churn, no keys, {} s ({} polls): {:.2} % of one core",
        t.elapsed().as_secs(),
        walks(&server) - churn_walks,
        console.cpu_since(before, t.elapsed())
    );
    console.quit();
    rt.block_on(server.shutdown());
}

/// How many incremental polls the server has seen (walks start with a page 1 of `o=-modified`
/// sized to the expected change; the probe before a full load asks for one row too, so only
/// requests after the last full-load page count).
fn walks(server: &DemoServer) -> usize {
    // Only the query strings: this runs between keys, on the console's core when split.
    let queries = server.request_queries();
    let last_full = queries.iter().rposition(|q| q.as_deref().is_some_and(|q| q.contains("o=created")));
    let Some(last_full) = last_full else { return 0 };
    queries[last_full..]
        .iter()
        .filter(|q| q.as_deref().is_some_and(|q| q.contains("o=-modified") && !q.contains("page=")))
        .count()
}

/// Run `work`, a change to the server's rows, where the server runs: with `split`, on its core,
/// so that the console's core does none of the server's work.
fn on_server(split: bool, work: impl FnOnce() + Send) {
    if !split {
        return work();
    }
    std::thread::scope(|s| {
        s.spawn(|| {
            common::pin_to_cpu(1);
            work();
        })
        .join()
        .expect("churn thread");
    });
}

fn wait_for(mut done: impl FnMut() -> bool, limit: Duration) -> Duration {
    let t = Instant::now();
    while !done() {
        assert!(t.elapsed() < limit, "gave up waiting after {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
    t.elapsed()
}

fn report(name: &str, samples: &mut [Duration]) {
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1e3;
    println!(
        "{name:<48} n={:<5} p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>7.2} ms",
        samples.len(),
        at(0.5),
        at(0.99),
        at(1.0)
    );
}

struct Console {
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    output: Receiver<Vec<u8>>,
    home: PathBuf,
}

impl Console {
    fn start(server: &DemoServer, split: bool) -> Self {
        let home = std::env::temp_dir().join(format!("opsy-bench-polling-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home).expect("temp dir");
        let config = home.join("config.toml");
        std::fs::write(&config, "[polling]\ninterval_secs = 2\nhidden_interval_secs = 2\n").expect("config");
        let pair = native_pty_system()
            .openpty(PtySize { rows: 48, cols: 160, pixel_width: 0, pixel_height: 0 })
            .expect("open a pty");
        let mut cmd = if split {
            let mut cmd = CommandBuilder::new("taskset");
            cmd.args(["-c", "0", env!("CARGO_BIN_EXE_opsy")]);
            cmd
        } else {
            CommandBuilder::new(env!("CARGO_BIN_EXE_opsy"))
        };
        cmd.arg("--config");
        cmd.arg(&config);
        cmd.env("HOME", &home);
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("OPSY_WALDUR_URL", server.waldur_url());
        cmd.env("OPSY_WALDUR_TOKEN", server.waldur_token());
        let child = pair.slave.spawn_command(cmd).expect("spawn opsy");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    return;
                }
            }
        });
        let mut console = Self { _master: pair.master, writer, child, output, home };
        console.wait_frame(Duration::from_secs(30)).expect("a first frame");
        console
    }

    /// Send `keys` and time the frame they cause: from the write to the end of the next
    /// synchronized update. Output already waiting (a clock redraw) is drained first.
    fn frame_after(&mut self, keys: &[u8]) -> Duration {
        while self.output.try_recv().is_ok() {}
        let t = Instant::now();
        self.writer.write_all(keys).expect("write keys");
        self.writer.flush().expect("flush");
        self.wait_frame(Duration::from_secs(10)).expect("a frame after the key");
        t.elapsed()
    }

    fn wait_frame(&mut self, limit: Duration) -> Option<()> {
        let deadline = Instant::now() + limit;
        let mut tail: Vec<u8> = Vec::new();
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.output.recv_timeout(left) {
                Ok(chunk) => {
                    tail.extend_from_slice(&chunk);
                    if tail.windows(FRAME_END.len()).any(|w| w == FRAME_END) {
                        return Some(());
                    }
                    let keep = tail.len().saturating_sub(FRAME_END.len());
                    tail.drain(..keep);
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    /// Resident set size in bytes.
    fn rss(&self) -> u64 {
        self.status_bytes("VmRSS:")
    }

    /// What of the RSS is the process's own memory (heap, stacks) and what the pages of the
    /// binary and libraries mapped from the page cache: the budget counts both, the rows
    /// only the first.
    fn rss_parts(&self) -> String {
        let (anon, file) = (self.status_bytes("RssAnon:"), self.status_bytes("RssFile:"));
        format!("anonymous {:.1} MB, the binary's and libraries' pages {:.1} MB", anon as f64 / 1e6, file as f64 / 1e6)
    }

    fn status_bytes(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).expect("status");
        let kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect(field);
        kb * 1024
    }

    /// User plus system time in clock ticks.
    fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).expect("stat");
        let after_name = &stat[stat.rfind(')').expect("comm") + 2..];
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime")
    }

    /// Percent of one core used since `before` (the kernel counts 100 ticks per second).
    fn cpu_since(&self, before: u64, wall: Duration) -> f64 {
        (self.cpu_ticks() - before) as f64 / 100.0 / wall.as_secs_f64() * 100.0
    }

    fn quit(mut self) {
        let _ = self.writer.write_all(b"q");
        let _ = self.writer.flush();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.home);
    }
}
