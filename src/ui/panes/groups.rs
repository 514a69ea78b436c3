//! Pane 2: the group list, and the frame of one group's view (its tabs are drawn by
//! `group_view`). Shared helpers for the tables of both live here.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row};

use super::freshness_spans;
use super::list::{empty, table, window};
use crate::app::dialog::Tone;
use crate::app::model::Model;
use crate::app::panes::groups::{GroupRow, visible_freshness};
use crate::ui::theme::Theme;
use crate::ui::util::{fit, split_line};

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, header: Rect, body: Rect) {
    let pane = &model.groups;
    let server = model.settings.servers.cds.as_deref();
    let compact = header.width < 100;
    let fresh = freshness_spans(model, visible_freshness(pane), server, theme, compact);
    let title = match (&pane.open, server) {
        (_, None) => vec![Span::styled("Groups", theme.header())],
        (Some(v), _) => super::group_view::title(model, v, theme),
        (None, _) => {
            let n = pane.rows.len();
            vec![
                Span::styled(format!("{n} group{}", if n == 1 { "" } else { "s" }), theme.header()),
                Span::styled(" · member counts fill in as groups are opened", theme.muted()),
            ]
        }
    };
    frame.render_widget(Paragraph::new(split_line(title, fresh, header.width)), header);
    if server.is_none() {
        super::placeholder::needs_server(theme, frame, body, "CDS", "cds", "OPSY_CDS_URL", "OPSY_CDS_TOKEN");
        return;
    }
    match &pane.open {
        Some(v) => super::group_view::render(model, v, theme, frame, body),
        None => list(model, theme, frame, body),
    }
}

fn list(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let pane = &model.groups;
    if pane.view.is_empty() {
        let text = if pane.freshness.last_ok.is_none() && pane.freshness.last_error.is_none() {
            "Loading groups…".to_string()
        } else if pane.rows.is_empty() {
            "You are in no group on this server (n creates one).".to_string()
        } else {
            format!("No group matches the filter “{}”. Esc clears it.", pane.filter.filter.raw.trim())
        };
        empty(&text, theme, frame, area);
        return;
    }
    let wide = area.width >= 120;
    let name_w: u16 = if wide { 40 } else { 24 };
    let id_w: u16 = if wide { 7 } else { 0 };
    let fixed = name_w + id_w + 7 + 6 + if wide { 4 } else { 3 };
    let note_w = area.width.saturating_sub(fixed).max(4);
    let mut widths = vec![Constraint::Length(name_w)];
    let mut header = vec!["GROUP"];
    if wide {
        widths.push(Constraint::Length(id_w));
        header.push("ID");
    }
    widths.extend([Constraint::Length(7), Constraint::Length(6), Constraint::Length(note_w)]);
    header.extend(["MEMBERS", "ADMINS", ""]);
    let (start, end, selected) = window(&pane.cursor, pane.view.len(), area);
    let rows = (start..end).filter_map(|i| pane.row(i)).map(|r| row(model, r, wide, name_w, note_w, theme));
    table(rows, header, widths, selected, theme, frame, area);
}

fn row<'a>(model: &Model, r: &GroupRow, wide: bool, name_w: u16, note_w: u16, theme: &Theme) -> Row<'a> {
    let counts = model.groups.counts.get(&r.name);
    // Right-aligned under their headers; "–" until the group has been opened.
    let count = |n: Option<usize>, w: usize| match n {
        Some(n) => Cell::from(format!("{n:>w$}")),
        None => Cell::from(format!("{:>w$}", "–")).style(theme.muted()),
    };
    let mut cells = vec![Cell::from(fit(r.name.shown(), name_w.into()))];
    if wide {
        cells.push(Cell::from(r.id.to_string()).style(theme.muted()));
    }
    cells.push(count(counts.map(|c| c.members), 7));
    cells.push(count(counts.map(|c| c.admins), 6));
    let note = if r.is_public() {
        let text = if wide {
            "public: its members bypass route permission checks"
        } else {
            "public: members bypass permission checks"
        };
        Cell::from(fit(text, note_w.into())).style(theme.tone(Tone::Warning))
    } else if counts.is_some_and(|c| c.admins == 0) {
        Cell::from(fit("no admin: only CDS admins can manage it", note_w.into())).style(theme.tone(Tone::Warning))
    } else {
        Cell::from("")
    };
    cells.push(note);
    Row::new(cells)
}
