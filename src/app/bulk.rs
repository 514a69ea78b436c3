//! What every operation on marked rows shares, whatever the pane: the dialog names the
//! targets and says how many, more than [`TYPED_ABOVE`] must be typed to confirm, and
//! afterwards a report says what happened to each target.

use super::dialog::{BodyLine, Dialog, Tone, line};
use super::panes::Purpose;
use crate::domain::text::clean_line;

/// Above this many targets the operator types the count to confirm.
pub(crate) const TYPED_ABOVE: usize = 10;

/// Targets named in a dialog before "and N more".
const NAMED: usize = 3;

/// Report lines per target before the rest is summed up.
const REPORTED: usize = 12;

/// "“a”, “b”, “c” and 9 more": the first few targets by name, and how many others.
pub(crate) fn names<'a>(names: impl IntoIterator<Item = &'a str>, count: usize) -> BodyLine {
    let shown: Vec<String> = names.into_iter().take(NAMED).map(|n| format!("“{}”", clean_line(n))).collect();
    let mut text = shown.join(", ");
    if count > shown.len() {
        text.push_str(&format!(" and {} more", count - shown.len()));
    }
    BodyLine::new(text, Tone::Strong)
}

/// The confirmation of an operation on `count` targets: Cancel by default, the count typed
/// when there are more than [`TYPED_ABOVE`].
pub(crate) fn confirm(
    title: &str,
    mut body: Vec<BodyLine>,
    action: &str,
    count: usize,
    danger: bool,
    purpose: Purpose,
) -> Dialog {
    if count > TYPED_ABOVE {
        body.push(line(""));
        body.push(line(format!("Type {count} to confirm.")));
        return Dialog::typed_confirm(title, body, action, &count.to_string(), purpose);
    }
    Dialog::confirm(title, body, action, danger, purpose)
}

/// What happened to one target of an operation on several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outcome {
    pub(crate) name: String,
    /// What the server said: done (with its words, if any), or why not.
    pub(crate) result: Result<String, String>,
}

/// The status line and, when something failed or the server had words, the report: one line
/// per target, failures first.
pub(crate) fn report(title: &str, verb: &str, mut outcomes: Vec<Outcome>) -> (String, Tone, Option<Dialog>) {
    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
    let done = outcomes.len() - failed;
    let mut status = format!("{verb} {done} of {}", outcomes.len());
    if failed > 0 {
        status.push_str(&format!(", {failed} failed"));
    }
    let said = outcomes.iter().any(|o| o.result.as_ref().is_ok_and(|m| !m.is_empty()));
    if failed == 0 && !said {
        return (status, Tone::Success, None);
    }
    outcomes.sort_by_key(|o| o.result.is_ok());
    let tone = if failed > 0 { Tone::Warning } else { Tone::Success };
    let mut body = vec![BodyLine::new(status.clone(), Tone::Strong), line("")];
    for o in outcomes.iter().take(REPORTED) {
        let name = clean_line(&o.name);
        body.push(match &o.result {
            Ok(m) if m.is_empty() => BodyLine::new(format!("✓ {name}"), Tone::Success),
            Ok(m) => BodyLine::new(format!("✓ {name}: {}", clean_line(m)), Tone::Success),
            Err(e) => BodyLine::new(format!("✗ {name}: {}", clean_line(e)), Tone::Danger),
        });
    }
    if outcomes.len() > REPORTED {
        let rest = &outcomes[REPORTED..];
        let rest_failed = rest.iter().filter(|o| o.result.is_err()).count();
        let mut more = format!("… and {} more", rest.len());
        if rest_failed > 0 {
            more.push_str(&format!(" ({rest_failed} of them failed)"));
        }
        body.push(BodyLine::new(more, Tone::Muted));
    }
    (status, tone, Some(Dialog::notice(title, body, tone, None)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_shows_the_first_few_and_counts_the_rest() {
        assert_eq!(names(["a", "b"], 2).text, "“a”, “b”");
        assert_eq!(names(["a", "b", "c", "d"], 12).text, "“a”, “b”, “c” and 9 more");
        assert_eq!(names(["\u{1b}[31mred"], 1).text, "“red”", "server text is cleaned");
    }

    #[test]
    fn more_than_ten_targets_are_confirmed_by_typing_the_count() {
        let small = confirm("t", vec![], "Go", 10, true, Purpose::None);
        let big = confirm("t", vec![], "Go", 11, true, Purpose::None);
        let typed = |d: &Dialog| match &d.kind {
            crate::app::dialog::Kind::Confirm(c) => c.typed.as_ref().map(|t| t.expected.clone()),
            _ => panic!("a confirmation"),
        };
        assert_eq!(typed(&small), None);
        assert_eq!(typed(&big), Some("11".into()));
    }

    #[test]
    fn a_report_lists_failures_first_and_is_quiet_when_all_went_well() {
        let ok = |n: &str| Outcome { name: n.into(), result: Ok(String::new()) };
        let (status, tone, dialog) = report("Silence", "silenced", vec![ok("a"), ok("b")]);
        assert_eq!((status.as_str(), tone, dialog.is_none()), ("silenced 2 of 2", Tone::Success, true));
        let bad = Outcome { name: "c".into(), result: Err("404 gone".into()) };
        let (status, tone, dialog) = report("Silence", "silenced", vec![ok("a"), bad, ok("b")]);
        assert_eq!((status.as_str(), tone), ("silenced 2 of 3, 1 failed", Tone::Warning));
        let body: Vec<String> = dialog.expect("a report").body.into_iter().map(|l| l.text).collect();
        assert_eq!(body, ["silenced 2 of 3, 1 failed", "", "✗ c: 404 gone", "✓ a", "✓ b"]);
    }
}
