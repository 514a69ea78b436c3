//! `UserActionFilter` (django-filter) plus the view's own silence rule (docs/wire-waldur.md).
//! Parsing mirrors the form fields: empty values are skipped, booleans take `true/false/1/0`
//! in any case, bad values are collected per field and answered with one 400.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};

use super::model::{Urgency, UserActionRow};
use crate::query::QueryDict;

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Filters {
    /// Only the literal `true` reveals silenced rows (quirk 2).
    pub include_silenced: bool,
    pub is_silenced: Option<bool>,
    pub urgency: Option<Urgency>,
    pub action_type: Option<String>,
    pub overdue: Option<bool>,
    /// A valid value here makes the real server crash (quirk 4).
    pub due_within_days: bool,
    pub created_after: Option<Timestamp>,
    pub created_before: Option<Timestamp>,
}

/// Field errors in the filterset's declaration order, as the 400 body lists them.
pub type FieldErrors = Vec<(&'static str, String)>;

impl Filters {
    pub fn parse(q: &QueryDict) -> Result<Self, FieldErrors> {
        let mut errors = Vec::new();
        let present = |name: &str| q.get(name).filter(|v| !v.is_empty());
        let mut f = Filters {
            include_silenced: q.get("include_silenced") == Some("true"),
            is_silenced: present("is_silenced").and_then(boolean),
            action_type: present("action_type").map(str::to_string),
            overdue: present("overdue").and_then(boolean),
            ..Default::default()
        };
        if let Some(raw) = present("urgency") {
            match Urgency::parse(raw) {
                Some(u) => f.urgency = Some(u),
                None => errors
                    .push(("urgency", format!("Select a valid choice. {raw} is not one of the available choices."))),
            }
        }
        if let Some(raw) = q.get("due_within_days").map(str::trim).filter(|v| !v.is_empty()) {
            if raw.parse::<f64>().is_ok_and(f64::is_finite) {
                f.due_within_days = true;
            } else {
                errors.push(("due_within_days", "Enter a number.".to_string()));
            }
        }
        for (name, slot) in [("created_after", &mut f.created_after), ("created_before", &mut f.created_before)] {
            if let Some(raw) = q.get(name).map(str::trim).filter(|v| !v.is_empty()) {
                match parse_datetime(raw) {
                    Some(ts) => *slot = Some(ts),
                    None => errors.push((name, "Enter a valid date/time.".to_string())),
                }
            }
        }
        if errors.is_empty() { Ok(f) } else { Err(errors) }
    }

    pub fn matches(&self, row: &UserActionRow, now: Timestamp) -> bool {
        if !self.include_silenced && row.is_effectively_silenced(now) {
            return false;
        }
        if self.is_silenced.is_some_and(|want| row.is_silenced != want) {
            return false;
        }
        if self.urgency.is_some_and(|u| row.urgency != u) {
            return false;
        }
        if self.action_type.as_deref().is_some_and(|t| *row.action_type != *t) {
            return false;
        }
        if let Some(want) = self.overdue {
            let overdue = row.due_date.is_some_and(|due| due < now);
            if overdue != want {
                return false;
            }
        }
        if self.created_after.is_some_and(|after| row.created < after) {
            return false;
        }
        if self.created_before.is_some_and(|before| row.created > before) {
            return false;
        }
        true
    }

    /// The next instant after `now` at which [`matches`](Self::matches) could change for this
    /// row without the row changing: a temporary silence ending, a due date passing.
    pub fn changes_at(&self, row: &UserActionRow, now: Timestamp) -> Option<Timestamp> {
        let silence_end = row.silenced_until.filter(|until| !self.include_silenced && *until > now);
        let due = row.due_date.filter(|due| self.overdue.is_some() && *due >= now);
        match (silence_end, due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// django-filter's `BooleanWidget`: anything else means "no filter".
fn boolean(raw: &str) -> Option<bool> {
    match raw.to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// Django's `DateTimeField`: `YYYY-MM-DD`, or date and time separated by `T` or a space, with
/// optional seconds, fraction and `Z`/`±HH[:MM]` offset; naive values are UTC (`TIME_ZONE`).
pub fn parse_datetime(raw: &str) -> Option<Timestamp> {
    let s = raw.trim();
    let (date, rest) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut d = date.split('-');
    let (year, month, day) = (d.next()?, d.next()?, d.next()?);
    if d.next().is_some() || year.len() != 4 || !(1..=2).contains(&month.len()) || !(1..=2).contains(&day.len()) {
        return None;
    }
    let (year, month, day) = (digits(year)? as i16, digits(month)? as i8, digits(day)? as i8);
    let Some(rest) = rest else {
        let dt = DateTime::new(year, month, day, 0, 0, 0, 0).ok()?;
        return TimeZone::UTC.to_timestamp(dt).ok();
    };
    let rest = rest.trim_end();
    let (clock, offset) = split_offset(rest)?;
    let (hms, fraction) = match clock.split_once(['.', ',']) {
        Some((hms, frac)) => (hms, Some(frac)),
        None => (clock, None),
    };
    let mut parts = hms.split(':');
    let hour = two_digits(parts.next()?)?;
    let minute = two_digits(parts.next()?)?;
    let second = match parts.next() {
        Some(s) => two_digits(s)?,
        None if fraction.is_none() => 0,
        None => return None,
    };
    if parts.next().is_some() {
        return None;
    }
    let nanos = match fraction {
        Some(f) if !f.is_empty() && f.len() <= 12 && f.bytes().all(|b| b.is_ascii_digit()) => {
            let micros: String = f.chars().chain(std::iter::repeat('0')).take(6).collect();
            digits(&micros)? as i32 * 1000
        }
        Some(_) => return None,
        None => 0,
    };
    let dt = DateTime::new(year, month, day, hour as i8, minute as i8, second as i8, nanos).ok()?;
    offset.to_timestamp(dt).ok()
}

/// Splits `HH:MM[:SS[.f]]` from a trailing `Z` or `±HH[[:]MM]`.
fn split_offset(s: &str) -> Option<(&str, Offset)> {
    let s = s.trim_end();
    if let Some(clock) = s.strip_suffix('Z') {
        return Some((clock.trim_end(), Offset::UTC));
    }
    let Some(i) = s.rfind(['+', '-']) else {
        return Some((s, Offset::UTC));
    };
    let (clock, tz) = (s[..i].trim_end(), &s[i..]);
    let sign = if tz.starts_with('-') { -1 } else { 1 };
    let body = tz[1..].replace(':', "");
    if !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match body.len() {
        2 => (digits(&body)?, 0),
        4 => (digits(&body[..2])?, digits(&body[2..])?),
        _ => return None,
    };
    let offset = Offset::from_seconds(sign * (h as i32 * 3600 + m as i32 * 60)).ok()?;
    Some((clock, offset))
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn two_digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 2 {
        return None;
    }
    digits(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    fn parse(q: &str) -> Result<Filters, FieldErrors> {
        Filters::parse(&QueryDict::parse(Some(q)))
    }

    #[test]
    fn include_silenced_is_only_the_literal_lowercase_true() {
        assert!(parse("include_silenced=true").expect("ok").include_silenced);
        for other in ["True", "1", "TRUE", "yes", ""] {
            assert!(!parse(&format!("include_silenced={other}")).expect("ok").include_silenced, "{other}");
        }
    }

    #[test]
    fn booleans_take_django_filter_spellings_and_ignore_the_rest() {
        assert_eq!(parse("is_silenced=TRUE").expect("ok").is_silenced, Some(true));
        assert_eq!(parse("is_silenced=0").expect("ok").is_silenced, Some(false));
        assert_eq!(parse("is_silenced=maybe").expect("ok").is_silenced, None);
        assert_eq!(parse("overdue=False").expect("ok").overdue, Some(false));
    }

    #[test]
    fn bad_values_are_reported_per_field_in_declaration_order() {
        let errors = parse("created_before=nope&urgency=urgent&due_within_days=x").expect_err("invalid");
        assert_eq!(
            errors,
            vec![
                ("urgency", "Select a valid choice. urgent is not one of the available choices.".to_string()),
                ("due_within_days", "Enter a number.".to_string()),
                ("created_before", "Enter a valid date/time.".to_string()),
            ]
        );
        assert_eq!(parse("urgency=&action_type=&created_after=").expect("empty values skip"), Filters::default());
        assert!(parse("due_within_days=2.5").expect("valid").due_within_days);
    }

    #[test]
    fn datetimes_parse_like_django_forms() {
        assert_eq!(parse_datetime("2025-06-01"), Some(ts("2025-06-01T00:00:00Z")));
        assert_eq!(parse_datetime("2025-06-01T12:30"), Some(ts("2025-06-01T12:30:00Z")));
        assert_eq!(parse_datetime("2025-06-01 12:30:15.5"), Some(ts("2025-06-01T12:30:15.5Z")));
        assert_eq!(parse_datetime("2025-06-01T12:30:15+02:00"), Some(ts("2025-06-01T10:30:15Z")));
        assert_eq!(parse_datetime("2025-06-01T12:30:15-0130"), Some(ts("2025-06-01T14:00:15Z")));
        assert_eq!(parse_datetime("2025-06-01T12:30:15.123456Z"), Some(ts("2025-06-01T12:30:15.123456Z")));
        // A `+` sent unencoded arrives as a space: the offset is lost and the value is invalid.
        for bad in [
            "2025-06-01T12:30:15 02:00",
            "2025-13-01",
            "yesterday",
            "2025-06-01T25:00",
            "25-06-01",
            "",
            "2025-06-01T12:30+0é0",
            "2025-06-01T12:3é",
            "2025-06-01Té",
            "é025-06-01",
            "2025-06-01T12:30:15.1234567890123",
        ] {
            assert_eq!(parse_datetime(bad), None, "{bad}");
        }
    }

    #[test]
    fn matching_applies_the_silence_rule_and_overdue() {
        let now = ts("2025-06-10T00:00:00Z");
        let mut row = UserActionRow::new(Uuid::from_u128(1), "pending_order", "t", ts("2025-06-01T00:00:00Z"));
        row.due_date = Some(ts("2025-06-09T00:00:00Z"));
        let all = Filters::default();
        assert!(all.matches(&row, now));
        row.silenced_until = Some(ts("2025-06-11T00:00:00Z"));
        assert!(!all.matches(&row, now));
        assert_eq!(all.changes_at(&row, now), Some(ts("2025-06-11T00:00:00Z")));
        assert!(all.matches(&row, ts("2025-06-11T00:00:01Z")), "an expired silence shows again");
        let overdue = Filters { overdue: Some(true), include_silenced: true, ..Default::default() };
        assert!(overdue.matches(&row, now));
        row.due_date = None;
        assert!(!overdue.matches(&row, now));
        assert!(Filters { overdue: Some(false), include_silenced: true, ..Default::default() }.matches(&row, now));
    }
}
