//! How fresh a pane's data is (contract 7): when it was last fetched, whether a fetch is in
//! flight, the last error. Stale data is kept and marked, never replaced by nothing.

use std::time::Duration;

use jiff::Timestamp;

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Freshness {
    pub(crate) last_ok: Option<Timestamp>,
    pub(crate) in_flight: bool,
    /// Set on failure, cleared by the next success.
    pub(crate) last_error: Option<String>,
    pub(crate) failures: u32,
    /// After a failure: when the poller asks again (the pane says so).
    pub(crate) retry_at: Option<Timestamp>,
    /// Pages done and in all, while a fetch of many pages runs; gone with its answer.
    pub(crate) progress: Option<(usize, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    /// Nothing fetched yet.
    Loading,
    Fresh,
    /// Data is older than it should be, or the last fetch failed.
    Stale,
}

impl Freshness {
    pub(crate) fn started(&mut self) {
        self.in_flight = true;
        self.progress = None;
    }

    /// "page 120/334", while it is true.
    pub(crate) fn progress_text(&self) -> Option<String> {
        let (done, total) = self.progress.filter(|_| self.in_flight)?;
        Some(format!("page {done}/{total}"))
    }

    pub(crate) fn succeeded(&mut self, at: Timestamp) {
        self.in_flight = false;
        self.progress = None;
        self.last_ok = Some(at);
        self.last_error = None;
        self.failures = 0;
    }

    pub(crate) fn failed(&mut self, error: String) {
        self.in_flight = false;
        self.progress = None;
        self.last_error = Some(error);
        self.failures = self.failures.saturating_add(1);
    }

    /// Stale after three missed intervals (at least 30 s), or as soon as a fetch fails.
    pub(crate) fn state(&self, now: Timestamp, interval: Duration) -> State {
        let Some(ok) = self.last_ok else {
            return if self.last_error.is_some() { State::Stale } else { State::Loading };
        };
        if self.last_error.is_some() {
            return State::Stale;
        }
        let limit = (interval * 3).max(Duration::from_secs(30));
        let age = now.duration_since(ok).unsigned_abs();
        if age > limit { State::Stale } else { State::Fresh }
    }
}

/// "12s", "3m", "2h", "4d": an age at a glance.
/// How old data is, as a header says it: "just now", "12 s ago", "3 min ago", "2 h ago".
pub(crate) fn ago(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..2 => "just now".into(),
        2..60 => format!("{s} s ago"),
        60..3600 => format!("{} min ago", s / 60),
        3600..86400 => format!("{} h ago", s / 3600),
        _ => format!("{} d ago", s / 86400),
    }
}

pub(crate) fn short_age(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86400 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    #[test]
    fn lifecycle_loading_fresh_stale() {
        let mut f = Freshness::default();
        let iv = Duration::from_secs(10);
        assert_eq!(f.state(ts("2025-01-01T00:00:00Z"), iv), State::Loading);
        f.started();
        f.succeeded(ts("2025-01-01T00:00:00Z"));
        assert_eq!(f.state(ts("2025-01-01T00:00:29Z"), iv), State::Fresh);
        assert_eq!(f.state(ts("2025-01-01T00:00:31Z"), iv), State::Stale);
        f.failed("boom".into());
        assert_eq!(f.state(ts("2025-01-01T00:00:01Z"), iv), State::Stale);
        assert_eq!(f.last_ok, Some(ts("2025-01-01T00:00:00Z")), "data time is kept");
        assert_eq!(f.failures, 1);
    }

    #[test]
    fn ages_are_short() {
        assert_eq!(short_age(Duration::from_secs(5)), "5s");
        assert_eq!(short_age(Duration::from_secs(150)), "2m");
        assert_eq!(short_age(Duration::from_secs(7300)), "2h");
        assert_eq!(short_age(Duration::from_secs(200_000)), "2d");
    }
}
