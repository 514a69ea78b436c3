//! One poller per feed: its interval with ±10 % jitter, one request in flight at a time,
//! exponential backoff on errors up to 60 s, `r` to fetch now, and a freeze switch.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, mpsc, watch};
use tokio::task::JoinHandle;

use super::backends::Backends;
use crate::app::msg::{Feed, Msg};
use crate::backends::Held;
use crate::backends::progress::{self, Reporter};

const MAX_BACKOFF: Duration = Duration::from_secs(60);

pub(crate) struct Poller {
    task: JoinHandle<()>,
    refresh: Arc<Notify>,
    interval: watch::Sender<Duration>,
}

impl Poller {
    pub(crate) fn spawn(
        feed: Feed,
        interval: Duration,
        backends: Arc<Backends>,
        frozen: watch::Receiver<bool>,
        tx: mpsc::UnboundedSender<Msg>,
    ) -> Self {
        let refresh = Arc::new(Notify::new());
        let (interval_tx, interval_rx) = watch::channel(interval);
        let task = tokio::spawn(run(feed, backends, frozen, interval_rx, refresh.clone(), tx));
        Self { task, refresh, interval: interval_tx }
    }

    /// Fetch as soon as the current request (if any) is done. Several calls coalesce.
    pub(crate) fn refresh(&self) {
        self.refresh.notify_one();
    }

    pub(crate) fn set_interval(&self, interval: Duration) {
        self.interval.send_if_modified(|cur| {
            let changed = *cur != interval;
            *cur = interval;
            changed
        });
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn run(
    feed: Feed,
    backends: Arc<Backends>,
    mut frozen: watch::Receiver<bool>,
    mut interval: watch::Receiver<Duration>,
    refresh: Arc<Notify>,
    tx: mpsc::UnboundedSender<Msg>,
) {
    let mut failures: u32 = 0;
    // The pane holds nothing of this poller's answers until the first one succeeds.
    let mut held = Held::Nothing;
    loop {
        if tx.send(Msg::FetchStarted(feed.clone())).is_err() {
            return;
        }
        let report = {
            let (tx, feed) = (tx.clone(), feed.clone());
            Reporter::new(Arc::new(move |done, total| {
                let _ = tx.send(Msg::Progress { feed: feed.clone(), done, total });
            }))
        };
        let result = progress::scope(report, backends.fetch(&feed, held)).await;
        if result.is_ok() {
            held = Held::Previous;
        }
        failures = if result.as_ref().is_err_and(|e| e.is_transient()) { failures.saturating_add(1) } else { 0 };
        if let Err(e) = &result {
            tracing::warn!(?feed, error = %e, failures, "poll failed");
        }
        let at = jiff::Timestamp::now();
        // Drawn once per answer: the pane says when the next attempt comes.
        let mut delay = next_delay(*interval.borrow(), failures, fastrand::f64());
        let next = at.checked_add(delay).ok();
        if tx.send(Msg::Fetched { feed: feed.clone(), at, result, next }).is_err() {
            return;
        }
        loop {
            let frozen_now = *frozen.borrow();
            tokio::select! {
                _ = refresh.notified() => break,
                _ = tokio::time::sleep(delay), if !frozen_now => break,
                changed = frozen.changed() => if changed.is_err() { return },
                changed = interval.changed() => {
                    if changed.is_err() { return }
                    delay = next_delay(*interval.borrow(), failures, fastrand::f64());
                }
            }
        }
    }
}

/// The wait before the next fetch: the interval with ±10 % jitter (so many operators do not
/// hit the server in lockstep), doubled per consecutive failure up to a minute.
pub(crate) fn next_delay(interval: Duration, failures: u32, unit_random: f64) -> Duration {
    let base = if failures == 0 { interval } else { interval.saturating_mul(1u32 << failures.min(6)).min(MAX_BACKOFF) };
    let jitter = 0.9 + 0.2 * unit_random.clamp(0.0, 1.0);
    base.mul_f64(jitter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_within_ten_percent() {
        let iv = Duration::from_secs(10);
        assert_eq!(next_delay(iv, 0, 0.0), Duration::from_secs(9));
        assert_eq!(next_delay(iv, 0, 1.0), Duration::from_secs(11));
        assert_eq!(next_delay(iv, 0, 0.5), Duration::from_secs(10));
    }

    #[test]
    fn backoff_doubles_and_caps_at_a_minute() {
        let iv = Duration::from_secs(10);
        assert_eq!(next_delay(iv, 1, 0.5), Duration::from_secs(20));
        assert_eq!(next_delay(iv, 2, 0.5), Duration::from_secs(40));
        assert_eq!(next_delay(iv, 3, 0.5), Duration::from_secs(60));
        assert_eq!(next_delay(iv, 30, 0.5), Duration::from_secs(60));
    }
}
