//! Shared set-up for the benchmarks: 100k realistic user actions from the demo seed, split
//! into the pages the client really receives, and a console holding them.

#![allow(dead_code)]

use jiff::Timestamp;
use opsy::bench::{Console, UserActions};

pub const ROWS: usize = 100_000;
pub const PAGE: usize = 300;

pub fn now() -> Timestamp {
    "2025-06-03T12:00:00Z".parse().expect("fixed clock")
}

/// The seeded rows as wire JSON, one byte vector per page of 300.
pub fn pages(rows: usize) -> Vec<Vec<u8>> {
    let all = opsy_demo::waldur::wire_json(rows, opsy_demo::DEFAULT_SEED, now());
    let values: Vec<serde_json::Value> = serde_json::from_slice(&all).expect("seed json");
    values.chunks(PAGE).map(|c| serde_json::to_vec(c).expect("page json")).collect()
}

/// Decode pages exactly as the client does (interning per page).
pub fn decode(pages: &[Vec<u8>]) -> UserActions {
    UserActions::decode(pages).expect("decodes")
}

pub fn console_with(rows: UserActions) -> Console {
    Console::with_user_actions(rows, 160, 48, now())
}

/// `n` rows of the demo's Waldur change, spread over the set (which ones moves with `round`):
/// urgencies flip, some are silenced for a day, some unsilenced. Each is stamped with the
/// server's clock, as Django's `auto_now` does.
pub fn churn(server: &opsy_demo::DemoServer, n: usize, round: usize) {
    use opsy_demo::waldur::Urgency;
    server.with_waldur(|s| {
        let now = s.now();
        let uuids: Vec<_> = s.rows().iter().map(|r| r.uuid).collect();
        let step = (uuids.len() / n.max(1)).max(1);
        for (i, uuid) in uuids.iter().skip(round % step).step_by(step).take(n).enumerate() {
            let Some(row) = s.row_mut(*uuid) else { continue };
            match i % 4 {
                0 => row.silence(Some(1), now),
                1 => row.unsilence(now),
                _ => {
                    row.urgency = if row.urgency == Urgency::High { Urgency::Low } else { Urgency::High };
                    row.modified = now;
                }
            }
        }
    });
}

/// Ticks each core spent stolen by the hypervisor (the 8th field of its `/proc/stat` line):
/// time a virtual machine's core did not run while the guest believed it did. A key whose
/// frame is stalled this way takes longer on the wall clock with no more work done.
pub fn steal_ticks() -> Vec<u64> {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    stat.lines()
        .filter(|l| l.starts_with("cpu") && l.as_bytes().get(3).is_some_and(u8::is_ascii_digit))
        .map(|l| l.split_whitespace().nth(8).and_then(|v| v.parse().ok()).unwrap_or(0))
        .collect()
}

pub fn report_steal(before: &[u64], wall: std::time::Duration) {
    let per_core: Vec<String> = steal_ticks()
        .iter()
        .zip(before)
        .enumerate()
        .map(|(cpu, (after, before))| {
            format!("core {cpu} {:.1} %", (after - before) as f64 / 100.0 / wall.as_secs_f64() * 100.0)
        })
        .collect();
    println!("  time stolen by the hypervisor over that window: {}", per_core.join(", "));
}

/// Keep the calling thread on one core.
pub fn pin_to_cpu(cpu: usize) {
    // SAFETY: a zeroed cpu_set_t is empty; CPU_SET and sched_setaffinity only touch this
    // thread's affinity.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

/// A multi-threaded runtime whose threads (the blocking pool's too) keep to `cpu` if given.
pub fn runtime(cpu: Option<usize>) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .on_thread_start(move || {
            if let Some(cpu) = cpu {
                pin_to_cpu(cpu);
            }
        })
        .build()
        .expect("runtime")
}
