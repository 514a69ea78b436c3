//! Pane 3: the change feed, one action's audits, the before/after diff, and Waldur executions.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use super::freshness_spans;
use super::list::{empty, table};
use crate::app::freshness::short_age;
use crate::app::model::Model;
use crate::app::panes::audits::{DiffTag, DiffView, Mode};
use crate::backends::cds::wire::AuditEvent;
use crate::ui::theme::Theme;
use crate::ui::util::{fit, split_line};

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, header: Rect, body: Rect) {
    let pane = &model.audits;
    let compact = header.width < 100;
    let servers = &model.settings.servers;
    let (title, fresh) = match (&pane.diff, pane.mode) {
        (Some(d), _) => (format!("{} · audit #{}", d.path, d.audit.id), vec![]),
        (None, Mode::Feed) => (
            "Recent changes, newest first".to_string(),
            freshness_spans(model, &model.actions.freshness, servers.cds.as_deref(), theme, compact),
        ),
        (None, Mode::Action) => {
            let a = pane.action.as_ref();
            let title = a.map(|a| format!("Audits of {}", a.path)).unwrap_or_default();
            let fresh = a.map(|a| freshness_spans(model, &a.freshness, servers.cds.as_deref(), theme, compact));
            (title, fresh.unwrap_or_default())
        }
        (None, Mode::Executions) => (
            executions_title(&pane.executions),
            freshness_spans(model, &pane.executions.freshness, servers.waldur.as_deref(), theme, compact),
        ),
    };
    frame.render_widget(
        Paragraph::new(split_line(vec![Span::styled(title, theme.header())], fresh, header.width)),
        header,
    );
    if let Some(d) = &pane.diff {
        diff(d, theme, frame, body);
        return;
    }
    match pane.mode {
        Mode::Executions => executions(model, theme, frame, body),
        _ if servers.cds.is_none() => {
            super::placeholder::needs_server(theme, frame, body, "CDS", "cds", "OPSY_CDS_URL", "OPSY_CDS_TOKEN");
        }
        Mode::Feed => feed(model, theme, frame, body),
        Mode::Action => action_audits(model, theme, frame, body),
    }
}

fn executions_title(e: &crate::app::panes::audits::Executions) -> String {
    let mut title = "Waldur execution history (read-only)".to_string();
    if let Some(total) = e.total.filter(|t| *t > e.rows.len()) {
        title.push_str(&format!(" · newest {} of {total}", e.rows.len()));
    }
    title
}

fn ago(model: &Model, t: Option<jiff::Timestamp>) -> String {
    t.map(|t| format!("{} ago", short_age(model.now.duration_since(t).unsigned_abs()))).unwrap_or_else(|| "?".into())
}

fn event_style(theme: &Theme, e: &AuditEvent) -> ratatui::style::Style {
    match e {
        AuditEvent::ActionAdd => theme.tone(crate::app::dialog::Tone::Success),
        _ => theme.base(),
    }
}

fn feed(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let pane = &model.audits;
    if pane.feed.is_empty() {
        let loading = model.actions.freshness.last_ok.is_none();
        empty(if loading { "Loading the action list…" } else { "No audited change yet." }, theme, frame, area);
        return;
    }
    let c = &pane.feed_cursor;
    let height = usize::from(area.height.saturating_sub(1));
    let start = c.offset.min(pane.feed.len());
    let end = (start + height).min(pane.feed.len());
    let name_w = area.width.saturating_sub(12 + 14 + 13 + 3).max(8);
    let rows = pane.feed[start..end].iter().map(|f| {
        Row::new(vec![
            Cell::from(ago(model, f.change.at)).style(theme.muted()),
            Cell::from(fit(&f.change.by, 14)),
            Cell::from(f.change.event.to_string()).style(event_style(theme, &f.change.event)),
            Cell::from(fit(&f.full_name, name_w.into())),
        ])
    });
    let widths =
        vec![Constraint::Length(12), Constraint::Length(14), Constraint::Length(13), Constraint::Length(name_w)];
    table(rows, vec!["WHEN", "WHO", "EVENT", "ACTION"], widths, c.index.saturating_sub(start), theme, frame, area);
}

fn action_audits(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(a) = &model.audits.action else { return };
    if a.rows.is_empty() {
        let loading = a.freshness.last_ok.is_none() && a.freshness.last_error.is_none();
        empty(if loading { "Loading audits…" } else { "No audit rows for this action." }, theme, frame, area);
        return;
    }
    let height = usize::from(area.height.saturating_sub(1));
    let start = a.cursor.offset.min(a.rows.len());
    let end = (start + height).min(a.rows.len());
    let rows = a.rows[start..end].iter().map(|r| {
        let when = r.created.map(|t| t.strftime("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
        let rollback = if r.can_roll_back() { "R rolls back" } else { "creation" };
        Row::new(vec![
            Cell::from(format!("#{}", r.id)).style(theme.muted()),
            Cell::from(when),
            Cell::from(ago(model, r.created)).style(theme.muted()),
            Cell::from(fit(&r.triggered_by, 14)),
            Cell::from(r.event_type.to_string()).style(event_style(theme, &r.event_type)),
            Cell::from(rollback).style(theme.muted()),
        ])
    });
    let widths = vec![
        Constraint::Length(7),
        Constraint::Length(16),
        Constraint::Length(9),
        Constraint::Length(14),
        Constraint::Length(13),
        Constraint::Length(12),
    ];
    let header = vec!["AUDIT", "WHEN (UTC)", "", "WHO", "EVENT", ""];
    table(rows, header, widths, a.cursor.index.saturating_sub(start), theme, frame, area);
}

fn diff(d: &DiffView, theme: &Theme, frame: &mut Frame, area: Rect) {
    let when = d.audit.created.map(|t| t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()).unwrap_or_default();
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} by {}", d.audit.event_type, d.audit.triggered_by), theme.header()),
        Span::styled(format!("  {when}"), theme.muted()),
        Span::styled(
            if d.audit.can_roll_back() { "  R returns the action to the state before this change" } else { "" },
            theme.muted(),
        ),
    ])];
    if d.lines.is_empty() {
        lines.push(Line::styled("No difference between before and after.", theme.muted()));
    }
    let tone = |t: DiffTag| match t {
        DiffTag::Added => theme.tone(crate::app::dialog::Tone::Added),
        DiffTag::Removed => theme.tone(crate::app::dialog::Tone::Removed),
        DiffTag::Hunk | DiffTag::Header => theme.key(),
        DiffTag::Context => theme.base(),
    };
    lines.extend(d.lines.iter().map(|l| Line::styled(l.text.clone(), tone(l.tag))));
    let scroll = d.scroll.min(lines.len().saturating_sub(1)) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}

fn executions(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let e = &model.audits.executions;
    if model.settings.servers.waldur.is_none() {
        super::placeholder::needs_server(
            theme,
            frame,
            area,
            "Waldur",
            "waldur",
            "OPSY_WALDUR_URL",
            "OPSY_WALDUR_TOKEN",
        );
        return;
    }
    if e.rows.is_empty() {
        let loading = e.freshness.last_ok.is_none() && e.freshness.last_error.is_none();
        empty(if loading { "Loading executions…" } else { "Nothing executed yet." }, theme, frame, area);
        return;
    }
    let height = usize::from(area.height.saturating_sub(1));
    let start = e.cursor.offset.min(e.rows.len());
    let end = (start + height).min(e.rows.len());
    let meta_w = area.width.saturating_sub(12 + 24 + 30 + 3).max(4);
    let rows = e.rows[start..end].iter().map(|x| {
        let (result, style) = if x.success {
            ("✓ ok".to_string(), theme.tone(crate::app::dialog::Tone::Success))
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
    let widths =
        vec![Constraint::Length(12), Constraint::Length(24), Constraint::Length(30), Constraint::Length(meta_w)];
    table(
        rows,
        vec!["WHEN", "ACTION", "RESULT", "METADATA"],
        widths,
        e.cursor.index.saturating_sub(start),
        theme,
        frame,
        area,
    );
}
