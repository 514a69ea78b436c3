//! Pane 3: the change feed, one action's history, the before/after diff, and an execution
//! history.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use super::{empty_text, health_spans, split_problems};
use crate::app::dialog::Tone;
use crate::app::freshness::short_age;
use crate::app::model::Model;
use crate::app::panes::PaneUnit;
use crate::app::panes::audits::{DiffTag, DiffView, Executions, Mode, Unit, keeps_history};
use crate::ui::table;
use crate::ui::theme::Theme;
use crate::ui::util::{fit, highlighted, split_line};

pub(crate) fn render(model: &Model, theme: &Theme, frame: &mut Frame, header: Rect, body: Rect) {
    let pane = &model.audits;
    let compact = header.width < 100;
    let health = Unit.health(model);
    let fresh = health_spans(model, &health, theme, compact);
    let (title, fresh) = match (&pane.diff, pane.mode) {
        (Some(d), _) => (format!("{} · audit #{}", d.name, d.audit.id), vec![]),
        (None, Mode::Feed) => ("Recent changes, newest first".to_string(), fresh),
        (None, Mode::Action) => {
            (pane.action.as_ref().map(|a| format!("Audits of {}", a.name)).unwrap_or_default(), fresh)
        }
        (None, Mode::Executions) => (executions_title(model, &pane.executions), fresh),
    };
    frame.render_widget(
        Paragraph::new(split_line(vec![Span::styled(title, theme.header())], fresh, header.width)),
        header,
    );
    if let Some(d) = &pane.diff {
        diff(model, d, theme, frame, body);
        return;
    }
    match pane.mode {
        Mode::Executions if model.sources.executions().is_none() => {
            super::placeholder::needs_server(
                theme,
                frame,
                body,
                "Waldur",
                "waldur",
                "OPSY_WALDUR_URL",
                "OPSY_WALDUR_TOKEN",
            );
        }
        Mode::Feed | Mode::Action if model.sources.actions().next().is_none() => {
            super::placeholder::needs_server(
                theme,
                frame,
                body,
                "CDS or ZITADEL",
                "cds",
                "OPSY_CDS_URL",
                "OPSY_CDS_TOKEN",
            );
        }
        mode => {
            let body = split_problems(model, &health, theme, frame, body);
            match mode {
                Mode::Executions => executions(model, theme, frame, body),
                Mode::Feed => feed(model, theme, frame, body),
                Mode::Action => action_audits(model, theme, frame, body),
            }
        }
    }
}

/// Why the feed is empty for good: no server of the profile keeps a history opsy can read
/// (Heimdall's audit table has no API), and where the history that exists is.
fn no_history(model: &Model) -> String {
    let mut text: Vec<String> = model
        .sources
        .actions()
        .filter_map(|(s, c)| c.history.as_ref().err().map(|why| (s.name, why.trim_end_matches('.'))))
        .map(|(name, why)| if why.starts_with(name) { why.to_string() } else { format!("{name}: {why}") })
        .collect();
    if let Some(w) = model.sources.executions() {
        text.push(format!("x shows {}'s execution history", w.name));
    }
    text.join(". ") + "."
}

fn executions_title(model: &Model, e: &Executions) -> String {
    let name = model.sources.executions().map_or("Waldur", |s| s.name);
    let mut title = format!("{name} execution history (read-only)");
    if let Some(total) = e.total.filter(|t| *t > e.list.rows().len()) {
        title.push_str(&format!(" · newest {} of {total}", e.list.rows().len()));
    }
    title
}

fn ago(model: &Model, t: Option<jiff::Timestamp>) -> String {
    t.map(|t| format!("{} ago", short_age(model.now.duration_since(t).unsigned_abs()))).unwrap_or_else(|| "?".into())
}

fn event_style(theme: &Theme, creation: bool) -> ratatui::style::Style {
    if creation { theme.tone(Tone::Success) } else { theme.base() }
}

fn feed(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let pane = &model.audits;
    if pane.feed.is_empty() {
        let text = if pane.feed_filter.is_active() {
            format!("No change matches the filter “{}”. Esc clears it.", pane.feed_filter.filter.raw.trim())
        } else if !model.sources.actions().any(|(s, _)| keeps_history(model, s.id)) {
            no_history(model)
        } else {
            empty_text(&Unit.health(model), "Loading the action list…", "No audited change yet.")
        };
        table::empty(&text, theme, frame, area);
        return;
    }
    let area = table::around(&pane.feed, theme, frame, area);
    let mixed = model.sources.mixed_actions();
    let source_w: u16 = if mixed { 9 } else { 0 };
    let name_w = area.width.saturating_sub(12 + 14 + 13 + 3 + source_w + u16::from(mixed)).max(8);
    let mut widths = vec![Constraint::Length(12), Constraint::Length(14), Constraint::Length(13)];
    let mut header = vec!["WHEN", "WHO", "EVENT"];
    if mixed {
        widths.push(Constraint::Length(source_w));
        header.push("SOURCE");
    }
    widths.push(Constraint::Length(name_w));
    header.push("ACTION");
    let words = &pane.feed_filter.filter.words;
    table::list(&pane.feed, header, widths, theme, frame, area, |f| {
        let mut cells = vec![
            Cell::from(ago(model, f.change.at)).style(theme.muted()),
            Cell::from(if f.change.by.is_empty() { "—".to_string() } else { fit(&f.change.by, 14) }),
            Cell::from(fit(&f.change.event, 13)).style(event_style(theme, &*f.change.event == "ActionAdd")),
        ];
        if mixed {
            cells.push(Cell::from(model.sources.name(f.source)).style(theme.muted()));
        }
        cells.push(Cell::from(highlighted(fit(&f.name, name_w.into()), words, theme.base(), theme.hit())));
        Row::new(cells)
    });
}

fn action_audits(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(a) = &model.audits.action else { return };
    if a.list.is_empty() {
        let text = if a.filter.is_active() {
            format!("No audit matches the filter “{}”. Esc clears it.", a.filter.filter.raw.trim())
        } else {
            empty_text(&Unit.health(model), "Loading audits…", "No audit rows for this action.")
        };
        table::empty(&text, theme, frame, area);
        return;
    }
    let area = table::around(&a.list, theme, frame, area);
    let revert = model.sources.actions_caps(a.source).is_some_and(|c| c.revert);
    // Wide enough for the source's event names ("ActionUpdate", "Action deactivated").
    let event_w = a.list.rows().iter().map(|r| r.event.chars().count()).max().unwrap_or(0).clamp(13, 20) as u16;
    // The relative age goes first when the columns do not fit: the date is the fact.
    let with_ago = area.width >= 7 + 16 + 9 + 14 + event_w + 12 + 5;
    let mut widths = vec![Constraint::Length(7), Constraint::Length(16)];
    let mut header = vec!["AUDIT", "WHEN (UTC)"];
    if with_ago {
        widths.push(Constraint::Length(9));
        header.push("");
    }
    widths.extend([Constraint::Length(14), Constraint::Length(event_w), Constraint::Length(12)]);
    header.extend(["WHO", "EVENT", ""]);
    table::list(&a.list, header, widths, theme, frame, area, |r| {
        let when = r.at.map(|t| t.strftime("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
        let note = match (&r.no_revert, revert) {
            (None, true) => "R rolls back",
            (Some(_), _) if r.creation => "creation",
            _ => "",
        };
        let mut cells = vec![Cell::from(format!("#{}", r.id)).style(theme.muted()), Cell::from(when)];
        if with_ago {
            cells.push(Cell::from(ago(model, r.at)).style(theme.muted()));
        }
        cells.extend([
            Cell::from(fit(&r.by, 14)),
            Cell::from(fit(&r.event, event_w.into())).style(event_style(theme, r.creation)),
            Cell::from(note).style(theme.muted()),
        ]);
        Row::new(cells)
    });
}

fn diff(model: &Model, d: &DiffView, theme: &Theme, frame: &mut Frame, area: Rect) {
    let when = d.audit.at.map(|t| t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()).unwrap_or_default();
    let revert = model.sources.actions_caps(d.source).is_some_and(|c| c.revert) && d.audit.no_revert.is_none();
    let who = if d.audit.by.is_empty() { String::new() } else { format!(" by {}", d.audit.by) };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{}{who}", d.audit.event), theme.header()),
        Span::styled(format!("  {when}"), theme.muted()),
        Span::styled(if revert { "  R returns the action to the state before this change" } else { "" }, theme.muted()),
    ])];
    if d.lines.is_empty() {
        lines.push(Line::styled("No difference between before and after.", theme.muted()));
    }
    let tone = |t: DiffTag| match t {
        DiffTag::Added => theme.tone(Tone::Added),
        DiffTag::Removed => theme.tone(Tone::Removed),
        DiffTag::Hunk => theme.key(),
        DiffTag::Context => theme.base(),
    };
    lines.extend(d.lines.iter().map(|l| Line::styled(l.text.clone(), tone(l.tag))));
    let scroll = d.pager.offset.min(lines.len().saturating_sub(1)) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}

fn executions(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let e = &model.audits.executions;
    if e.list.is_empty() {
        let text = if e.filter.is_active() {
            format!("No execution matches the filter “{}”. Esc clears it.", e.filter.filter.raw.trim())
        } else {
            empty_text(&Unit.health(model), "Loading executions…", "Nothing executed yet.")
        };
        table::empty(&text, theme, frame, area);
        return;
    }
    let area = table::around(&e.list, theme, frame, area);
    let meta_w = area.width.saturating_sub(12 + 24 + 30 + 3).max(4);
    let widths =
        vec![Constraint::Length(12), Constraint::Length(24), Constraint::Length(30), Constraint::Length(meta_w)];
    table::list(&e.list, vec!["WHEN", "ACTION", "RESULT", "METADATA"], widths, theme, frame, area, |x| {
        let (result, style) = if x.success {
            ("✓ ok".to_string(), theme.tone(Tone::Success))
        } else {
            (format!("✗ {}", x.error_message), theme.error())
        };
        Row::new(vec![
            Cell::from(ago(model, x.executed_at)).style(theme.muted()),
            Cell::from(fit(&x.corrective_action_label, 24)),
            Cell::from(fit(&result, 30)).style(style),
            Cell::from(fit(&x.execution_metadata, meta_w.into())).style(theme.muted()),
        ])
    });
}
