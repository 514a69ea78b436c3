//! The demo's notion of "now": the real clock, or a frozen instant so that tests and snapshots
//! see the same `days_until_due`, silences and overdue counts on every run.

use jiff::Timestamp;

pub const MICROS_PER_SECOND: i64 = 1_000_000;
pub const MICROS_PER_DAY: i64 = 86_400 * MICROS_PER_SECOND;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    frozen: Option<Timestamp>,
}

impl Clock {
    pub fn new(frozen: Option<Timestamp>) -> Self {
        Self { frozen: frozen.map(to_micros) }
    }

    /// Microsecond precision, like the PostgreSQL columns the real server reads back.
    pub fn now(&self) -> Timestamp {
        self.frozen.unwrap_or_else(|| to_micros(Timestamp::now()))
    }
}

pub fn to_micros(ts: Timestamp) -> Timestamp {
    Timestamp::from_microsecond(ts.as_microsecond()).unwrap_or(ts)
}

/// `ts + micros`, saturating at the ends of jiff's range instead of failing.
pub fn add_micros(ts: Timestamp, micros: i64) -> Timestamp {
    let target = ts.as_microsecond().saturating_add(micros);
    Timestamp::from_microsecond(target).unwrap_or(if micros < 0 { Timestamp::MIN } else { Timestamp::MAX })
}

pub fn add_days(ts: Timestamp, days: i64) -> Timestamp {
    add_micros(ts, days.saturating_mul(MICROS_PER_DAY))
}

/// Days since 1970-01-01 of the UTC calendar date of `ts`.
pub fn utc_day(ts: Timestamp) -> i64 {
    ts.as_second().div_euclid(86_400)
}

/// Midnight UTC of the day `day` (as counted by [`utc_day`]).
pub fn midnight(day: i64) -> Timestamp {
    Timestamp::from_second(day.saturating_mul(86_400)).unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_clock_is_truncated_to_microseconds() {
        let t: Timestamp = "2025-06-01T12:00:00.123456789Z".parse().expect("ts");
        let c = Clock::new(Some(t));
        assert_eq!(c.now().to_string(), "2025-06-01T12:00:00.123456Z");
    }

    #[test]
    fn utc_days_and_midnights_round_trip() {
        let t: Timestamp = "2025-06-01T23:59:59Z".parse().expect("ts");
        assert_eq!(midnight(utc_day(t)).to_string(), "2025-06-01T00:00:00Z");
        let before_epoch: Timestamp = "1969-12-31T12:00:00Z".parse().expect("ts");
        assert_eq!(utc_day(before_epoch), -1);
        assert_eq!(add_micros(Timestamp::MAX, 5), Timestamp::MAX);
    }
}
