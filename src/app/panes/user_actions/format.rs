//! How pane 4 words times and states: "in 3d", "2d overdue", "silenced until …".

use std::time::Duration;

use jiff::Timestamp;

use crate::backends::waldur::model::UserActionRow;

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "permanently silenced", "silenced until 2025-06-08 12:00", "silence ended …", "active".
pub(crate) fn silence_state(r: &UserActionRow, now: Timestamp) -> String {
    if r.is_silenced {
        return "permanently silenced".into();
    }
    match r.silenced_until() {
        Some(until) if until > now => format!("silenced until {}", until.strftime("%Y-%m-%d %H:%M UTC")),
        Some(until) => format!("active (silence ended {})", until.strftime("%Y-%m-%d %H:%M UTC")),
        None => "active".into(),
    }
}

pub(crate) fn days_text(days: Option<u16>) -> String {
    match days {
        None => "permanently".into(),
        Some(1) => "for 1 day".into(),
        Some(n) => format!("for {n} days"),
    }
}

/// Relative due date: "in 3d", "2d overdue", "today", "—".
pub(crate) fn due_text(r: &UserActionRow, now: Timestamp) -> String {
    let Some(due) = r.due() else { return "—".into() };
    let secs = due.duration_since(now).as_secs();
    let days = secs.abs() / 86_400;
    let hours = secs.abs() / 3_600;
    match (secs >= 0, days, hours) {
        (true, 0, 0) => "due now".into(),
        (true, 0, h) => format!("in {h}h"),
        (true, d, _) => format!("in {d}d"),
        (false, 0, 0) => "<1h overdue".into(),
        (false, 0, h) => format!("{h}h overdue"),
        (false, d, _) => format!("{d}d overdue"),
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
            crate::app::freshness::short_age(left)
        }
        _ => String::new(),
    }
}
