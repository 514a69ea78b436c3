//! Pane 2: the group list of every source, and the frame of one group's view (its tabs are
//! drawn by `group_view`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row};

use super::{empty_text, health_spans, split_problems};
use crate::app::dialog::Tone;
use crate::app::model::Model;
use crate::app::panes::PaneUnit;
use crate::app::panes::groups::{GroupRow, Unit};
use crate::app::source::Key;
use crate::ui::table;
use crate::ui::theme::Theme;
use crate::ui::util::{fit, highlighted, split_line};

pub(crate) fn render(model: &Model, theme: &Theme, frame: &mut Frame, header: Rect, body: Rect) {
    let pane = &model.groups;
    let compact = header.width < 100;
    let health = Unit.health(model);
    let fresh = health_spans(model, &health, theme, compact);
    let none = model.sources.groups().next().is_none();
    let title = match &pane.open {
        _ if none => vec![Span::styled("Groups", theme.header())],
        Some(v) => super::group_view::title(model, v, theme),
        None => {
            let n = pane.list.rows().len();
            let mut t = vec![Span::styled(format!("{n} group{}", if n == 1 { "" } else { "s" }), theme.header())];
            let who: Vec<String> = model
                .sources
                .groups()
                .filter_map(|(s, _)| s.whoami.as_ref().map(|w| format!("{}: you are {w}", s.name)))
                .collect();
            if who.is_empty() {
                t.push(Span::styled(" · member counts fill in as groups are opened", theme.muted()));
            } else {
                t.push(Span::styled(format!(" · {}", who.join(" · ")), theme.muted()));
            }
            t
        }
    };
    frame.render_widget(Paragraph::new(split_line(title, fresh, header.width)), header);
    if none {
        super::placeholder::needs_server(
            theme,
            frame,
            body,
            "CDS or Heimdall",
            "cds",
            "OPSY_CDS_URL",
            "OPSY_CDS_TOKEN",
        );
        return;
    }
    let body = split_problems(model, &health, theme, frame, body);
    match &pane.open {
        Some(v) => super::group_view::render(model, v, theme, frame, body),
        None => list(model, theme, frame, body),
    }
}

fn list(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let pane = &model.groups;
    if pane.list.is_empty() {
        let text = if pane.list.rows().is_empty() {
            let create = if model.sources.groups().any(|(_, c)| c.create) && !model.read_only() {
                "You are in no group on this server (n creates one)."
            } else {
                "You are in no group on this server."
            };
            empty_text(&Unit.health(model), "Loading groups…", create)
        } else {
            format!("No group matches the filter “{}”. Esc clears it.", pane.filter.filter.raw.trim())
        };
        table::empty(&text, theme, frame, area);
        return;
    }
    let area = table::around(&pane.list, theme, frame, area);
    let mixed = model.sources.mixed_groups();
    let wide = area.width >= 120;
    let source_w: u16 = if mixed { 9 } else { 0 };
    let name_w: u16 = if wide { 40 } else { 24 };
    let id_w: u16 = if wide { 7 } else { 0 };
    let columns = 4 + u16::from(wide) + u16::from(mixed);
    let fixed = source_w + name_w + id_w + 7 + 6 + columns - 1;
    let note_w = area.width.saturating_sub(fixed).max(4);
    let mut widths = Vec::new();
    let mut header = Vec::new();
    if mixed {
        widths.push(Constraint::Length(source_w));
        header.push("SOURCE");
    }
    widths.push(Constraint::Length(name_w));
    header.push("GROUP");
    if wide {
        widths.push(Constraint::Length(id_w));
        header.push("ID");
    }
    widths.extend([Constraint::Length(7), Constraint::Length(6), Constraint::Length(note_w)]);
    header.extend(["MEMBERS", "ADMINS", "ABOUT"]);
    table::list(&pane.list, header, widths, theme, frame, area, |r| row(model, r, wide, mixed, name_w, note_w, theme));
}

fn row<'a>(model: &Model, r: &GroupRow, wide: bool, mixed: bool, name_w: u16, note_w: u16, theme: &Theme) -> Row<'a> {
    let counts = model.groups.counts.get(&(r.source, r.key.clone()));
    let admins = model.sources.groups_caps(r.source).is_some_and(|c| c.admins);
    // Right-aligned under their headers; "–" until the group has been opened.
    let count = |n: Option<usize>, w: usize| match n {
        Some(n) => Cell::from(format!("{n:>w$}")),
        None => Cell::from(format!("{:>w$}", "–")).style(theme.muted()),
    };
    let mut cells = Vec::new();
    if mixed {
        cells.push(Cell::from(model.sources.name(r.source)).style(theme.muted()));
    }
    let words = &model.groups.filter.filter.words;
    cells.push(Cell::from(highlighted(fit(&r.name, name_w.into()), words, theme.base(), theme.hit())));
    if wide {
        let id = match &r.key {
            Key::NumText(id, _) | Key::Num(id) => id.to_string(),
            _ => String::new(),
        };
        cells.push(Cell::from(id).style(theme.muted()));
    }
    cells.push(count(counts.map(|c| c.members), 7));
    cells.push(if admins { count(counts.map(|c| c.admins), 6) } else { Cell::from("") });
    let note = if r.public {
        let text = if wide {
            "public: its members bypass route permission checks"
        } else {
            "public: members bypass permission checks"
        };
        Cell::from(fit(text, note_w.into())).style(theme.tone(Tone::Warning))
    } else if admins && counts.is_some_and(|c| c.admins == 0) {
        let source = model.sources.name(r.source);
        Cell::from(fit(&format!("no admin: only {source} admins can manage it"), note_w.into()))
            .style(theme.tone(Tone::Warning))
    } else if !r.description.is_empty() {
        Cell::from(fit(&r.description, note_w.into())).style(theme.muted())
    } else {
        Cell::from("")
    };
    cells.push(note);
    Row::new(cells)
}
