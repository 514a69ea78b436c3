//! How far a long load is ("page 120/334"), told to whoever polls. A backend reports pages
//! as they land with [`pages`]; the poller decides where the news goes by running the fetch
//! inside [`scope`]. Outside a scope (the CLI, tests) reporting does nothing, so no backend
//! signature carries a channel. Reports are thinned to a few per second: the pane redraws on
//! each, and a load of 334 pages must not cost the key loop 334 frames.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Between two reports at least this long, except the first and the last.
pub(crate) const EVERY: Duration = Duration::from_millis(250);

/// Where reports go: pages done, pages in all.
pub(crate) type Sink = Arc<dyn Fn(usize, usize) + Send + Sync>;

#[derive(Clone)]
pub(crate) struct Reporter {
    sink: Sink,
    last: Arc<Mutex<Option<Instant>>>,
}

impl Reporter {
    pub(crate) fn new(sink: Sink) -> Self {
        Self { sink, last: Arc::new(Mutex::new(None)) }
    }

    fn report(&self, done: usize, total: usize) {
        let now = Instant::now();
        let Ok(mut last) = self.last.lock() else { return };
        let due = done >= total || last.is_none_or(|at| now.duration_since(at) >= EVERY);
        if due {
            *last = Some(now);
            (self.sink)(done, total);
        }
    }
}

tokio::task_local! {
    static REPORTER: Reporter;
}

/// Run `fut` with its page reports going to `reporter`.
pub(crate) async fn scope<F: std::future::Future>(reporter: Reporter, fut: F) -> F::Output {
    REPORTER.scope(reporter, fut).await
}

/// `done` of `total` pages have arrived (a load of one page says nothing).
pub(crate) fn pages(done: usize, total: usize) {
    if total > 1 {
        let _ = REPORTER.try_with(|r| r.report(done.min(total), total));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Seen = Arc<Mutex<Vec<(usize, usize)>>>;

    fn collecting() -> (Reporter, Seen) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let into = seen.clone();
        let sink: Sink = Arc::new(move |d, t| into.lock().expect("lock").push((d, t)));
        (Reporter::new(sink), seen)
    }

    #[tokio::test]
    async fn reports_are_thinned_but_the_first_and_the_last_always_go() {
        let (reporter, seen) = collecting();
        scope(reporter, async {
            for done in 1..=300 {
                pages(done, 300);
            }
        })
        .await;
        let seen = seen.lock().expect("lock").clone();
        assert_eq!(seen.first(), Some(&(1, 300)));
        assert_eq!(seen.last(), Some(&(300, 300)));
        assert!(seen.len() <= 3, "a burst of 300 pages is a couple of reports: {seen:?}");
    }

    #[tokio::test]
    async fn outside_a_scope_or_for_one_page_nothing_is_said() {
        pages(1, 10);
        let (reporter, seen) = collecting();
        scope(reporter, async { pages(1, 1) }).await;
        assert!(seen.lock().expect("lock").is_empty());
    }
}
