//! Keypress → frame latency at 100k user actions (p50/p99/max over many keys), and memory held
//! per user action. Criterion reports means; the budget is a p99, so this harness records
//! every sample. Run: `cargo bench --bench keypress`.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use opsy::bench::Console;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Counts live heap bytes so the rows' footprint can be measured.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{name:<44} n={:<6} p50 {:>8.3} ms   p99 {:>8.3} ms   max {:>8.3} ms",
        samples.len(),
        percentile(&samples, 0.50).as_secs_f64() * 1e3,
        percentile(&samples, 0.99).as_secs_f64() * 1e3,
        samples.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
}

/// One key: the model's update, then the frame, timed apart.
fn update_then_draw(model: &mut Console, terminal: &mut Terminal<TestBackend>, code: KeyCode) -> (Duration, Duration) {
    let t = Instant::now();
    model.key(code);
    let update = t.elapsed();
    let t = Instant::now();
    terminal.draw(|f| model.draw(f)).expect("draw");
    (update, t.elapsed())
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and expects speed.
    let quick = !std::env::args().any(|a| a == "--bench");
    let rows_n = if quick { 3_000 } else { common::ROWS };
    let pages = common::pages(rows_n);

    let before = LIVE.load(Ordering::Relaxed);
    let rows = common::decode(&pages);
    let held = LIVE.load(Ordering::Relaxed) - before;
    let pages_for_polls = pages;
    println!(
        "memory: {rows_n} user actions hold {:.1} MB = {} bytes per row",
        held as f64 / 1e6,
        held / rows_n as isize
    );

    let before = LIVE.load(Ordering::Relaxed);
    let mut model = common::console_with(rows);
    let in_model = LIVE.load(Ordering::Relaxed) - before;
    println!("memory: the loaded model adds {} bytes per row (search index, view)", in_model / rows_n as isize);

    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    let key = |code: KeyCode| code;
    let mut frame = |model: &mut Console, code: KeyCode| {
        let terminal = &mut terminal;
        let t = Instant::now();
        model.key(code);
        terminal.draw(|f| model.draw(f)).expect("draw");
        t.elapsed()
    };
    let n = if quick { 200 } else { 5_000 };

    let mut moves = Vec::with_capacity(n);
    for i in 0..n {
        let k = if (i / 500) % 2 == 0 { KeyCode::Char('j') } else { KeyCode::Char('k') };
        moves.push(frame(&mut model, key(k)));
    }
    report("j/k move, 100k rows, 160x48", moves);

    let mut pages_ = Vec::with_capacity(n / 10);
    for i in 0..n / 10 {
        let k = if i % 2 == 0 { KeyCode::PageDown } else { KeyCode::PageUp };
        pages_.push(frame(&mut model, key(k)));
    }
    report("half page down/up", pages_);

    let mut typing = Vec::new();
    for _ in 0..if quick { 3 } else { 20 } {
        typing.push(frame(&mut model, key(KeyCode::Char('/'))));
        for c in "k8s".chars() {
            typing.push(frame(&mut model, key(KeyCode::Char(c))));
        }
        typing.push(frame(&mut model, key(KeyCode::Esc)));
    }
    report("filter typing '/k8s' then Esc (full rescans)", typing);

    // The same, split: the model update alone (filtering 100k rows) and the frame alone.
    let (mut upd, mut drw) = (Vec::new(), Vec::new());
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    for _ in 0..if quick { 3 } else { 20 } {
        for code in [KeyCode::Char('/'), KeyCode::Char('k'), KeyCode::Char('8'), KeyCode::Char('s'), KeyCode::Esc] {
            let (u, d) = update_then_draw(&mut model, &mut terminal, code);
            upd.push(u);
            drw.push(d);
        }
    }
    report("  of which update (filter) only", upd);
    report("  of which draw only", drw);

    // A broad word: `a` is in nearly every row, so the filtered view keeps most of 100k rows,
    // and Backspace widens it back to all of them.
    let (mut narrow, mut widen, mut drw) = (Vec::new(), Vec::new(), Vec::new());
    model.key(KeyCode::Char('/'));
    for i in 0..if quick { 10 } else { 400 } {
        let (code, into) =
            if i % 2 == 0 { (KeyCode::Char('a'), &mut narrow) } else { (KeyCode::Backspace, &mut widen) };
        let (u, d) = update_then_draw(&mut model, &mut terminal, code);
        into.push(u);
        drw.push(d);
    }
    model.key(KeyCode::Esc);
    report("broad filter: 'a' typed, update only", narrow);
    report("  Backspace, update only", widen);
    report("  the frame after either", drw);

    // A poll's answer arriving on the key loop: the rows come sorted and indexed (built on the
    // poller's task), so this is what a key waits for at worst when it lands during a poll.
    let mut applies = Vec::new();
    for _ in 0..if quick { 3 } else { 30 } {
        let ready = model.prepare(common::decode(&pages_for_polls));
        model.settle();
        let t = Instant::now();
        model.apply(ready);
        applies.push(t.elapsed());
    }
    report("a poll's answer applied (100k rows)", applies);
    model.settle();

    // `o` asks the poller for the rows in the next order (nothing is sorted on the key loop);
    // an answer in another order than severity is then placed as the poller ordered it.
    let mut sorts = Vec::new();
    for _ in 0..if quick { 5 } else { 25 } {
        sorts.push(frame(&mut model, key(KeyCode::Char('o'))));
    }
    report("o: the next order (severity, due, newest, project, type)", sorts);
    for (presses, name) in [(1, "due date"), (2, "project")] {
        for _ in 0..presses {
            model.key(KeyCode::Char('o'));
        }
        let mut applies = Vec::new();
        for _ in 0..if quick { 3 } else { 20 } {
            let ready = model.prepare(common::decode(&pages_for_polls));
            model.settle();
            let t = Instant::now();
            model.apply(ready);
            applies.push(t.elapsed());
        }
        report(&format!("a poll's answer applied, ordered by {name}"), applies);
        model.settle();
    }
    for _ in 0..2 {
        model.key(KeyCode::Char('o'));
    }

    let mut dialogs = Vec::new();
    for _ in 0..if quick { 20 } else { 500 } {
        dialogs.push(frame(&mut model, key(KeyCode::Char('s'))));
        dialogs.push(frame(&mut model, key(KeyCode::Esc)));
    }
    report("open/close the silence dialog", dialogs);
}
