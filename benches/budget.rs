//! The performance budget of the README ("Performance"), measured with criterion:
//! decode 100k user actions, sort and filter 100k, render one 160×48 frame with 100k loaded.
//! Run: `cargo bench --bench budget`.

mod common;

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn decode(c: &mut Criterion) {
    let pages = common::pages(common::ROWS);
    let bytes: usize = pages.iter().map(Vec::len).sum();
    eprintln!("decode: {} pages, {:.1} MB of JSON", pages.len(), bytes as f64 / 1e6);
    let mut g = c.benchmark_group("decode");
    g.sample_size(10);
    g.bench_function("100k user actions", |b| b.iter(|| black_box(common::decode(&pages))));
    g.finish();
}

fn sort_and_filter(c: &mut Criterion) {
    let rows = common::decode(&common::pages(common::ROWS));
    let mut g = c.benchmark_group("sort_filter");
    g.sample_size(10);
    g.bench_function("load 100k (sort by severity, view, cursor)", |b| {
        b.iter_batched(|| rows.clone(), |rows| black_box(common::console_with(rows)), BatchSize::LargeInput)
    });
    let console = common::console_with(rows);
    g.bench_function("filter 100k: type '/k8s'", |b| {
        b.iter_batched(
            || console.clone(),
            |mut c| {
                for k in ['/', 'k', '8', 's'] {
                    c.key(KeyCode::Char(k));
                }
                black_box(c.shown())
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn render(c: &mut Criterion) {
    let console = common::console_with(common::decode(&common::pages(common::ROWS)));
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    let mut g = c.benchmark_group("render");
    g.bench_function("160x48 frame, 100k loaded", |b| {
        b.iter(|| terminal.draw(|f| console.draw(f)).map(|_| ()).expect("draw"))
    });
    g.finish();
}

criterion_group!(benches, decode, sort_and_filter, render);
criterion_main!(benches);
