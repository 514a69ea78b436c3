//! How pane 4 words times and states: "in 3d", "2d overdue", "until … (in 7d)".

use std::time::Duration;

use jiff::Timestamp;

use crate::backends::waldur::model::UserActionRow;

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Whether it is silenced, in words that cannot be read the wrong way round: "no",
/// "permanently", "until 2025-06-08 12:00 UTC (in 7d)", "no (a silence ended …)".
pub(crate) fn silence_state(r: &UserActionRow, now: Timestamp) -> String {
    if r.is_silenced {
        return "permanently".into();
    }
    match r.silenced_until() {
        Some(until) if until > now => {
            let left = Duration::from_secs(until.duration_since(now).as_secs().max(0) as u64);
            format!("until {} (in {})", until.strftime("%Y-%m-%d %H:%M UTC"), rounded(left))
        }
        Some(until) => format!("no (a silence ended {})", until.strftime("%Y-%m-%d %H:%M UTC")),
        None => "no".into(),
    }
}

/// A duration as a person reads it: to the nearest day, hour or minute, so that a silence of
/// 7 days shows 7d right after it is set, not 6d.
pub(crate) fn rounded(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => "<1m".into(),
        60..3_570 => format!("{}m", (s + 30) / 60),
        3_570..84_600 => format!("{}h", (s + 1_800) / 3_600),
        _ => format!("{}d", (s + 43_200) / 86_400),
    }
}

pub(crate) fn days_text(days: Option<u16>) -> String {
    match days {
        None => "permanently".into(),
        Some(1) => "for 1 day".into(),
        Some(n) => format!("for {n} days"),
    }
}

/// Relative due date: "in 3d", "2d overdue", "in 5h", "—". Within a day, in hours; beyond,
/// in calendar days as the server counts them.
pub(crate) fn due_text(r: &UserActionRow, now: Timestamp) -> String {
    let Some(due) = r.due() else { return "—".into() };
    let secs = due.duration_since(now).as_secs();
    let hours = secs.abs() / 3_600;
    if secs.abs() < 86_400 {
        return match (secs >= 0, hours) {
            (true, 0) => "due now".into(),
            (true, h) => format!("in {h}h"),
            (false, 0) => "<1h overdue".into(),
            (false, h) => format!("{h}h overdue"),
        };
    }
    match r.days_until_due(now).unwrap_or_default() {
        d if d > 0 => format!("in {d}d"),
        0 => "due today".into(),
        d => format!("{}d overdue", -d),
    }
}

pub(crate) fn is_overdue(r: &UserActionRow, now: Timestamp) -> bool {
    r.due().is_some_and(|d| d < now)
}

/// Short silence marker for the table.
pub(crate) fn silence_marker(r: &UserActionRow, now: Timestamp) -> String {
    if r.is_silenced {
        return "perm".into();
    }
    match r.silenced_until() {
        Some(until) if until > now => {
            let left = Duration::from_secs(until.duration_since(now).as_secs().max(0) as u64);
            rounded(left)
        }
        _ => String::new(),
    }
}
