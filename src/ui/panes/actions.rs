//! Pane 1: the action list of every source, one action's detail page and where it is used.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row};

use super::{empty_text, health_spans, split_problems};
use crate::app::dialog::Tone;
use crate::app::loaded::Loaded;
use crate::app::model::Model;
use crate::app::panes::PaneUnit;
use crate::app::panes::actions::{ActionRow, Page, Unit, View, change_text};
use crate::ui::table;
use crate::ui::theme::Theme;
use crate::ui::util::{fit, highlighted, split_line};

pub(crate) fn render(model: &Model, theme: &Theme, frame: &mut Frame, header: Rect, body: Rect) {
    let pane = &model.actions;
    let health = Unit.health(model);
    let compact = header.width < 100;
    let fresh = health_spans(model, &health, theme, compact);
    let none = model.sources.actions().next().is_none();
    let title = match &pane.screen {
        _ if none => "Actions".to_string(),
        View::List => format!("{} actions · {}", pane.list.rows().len(), pane.sort.describe()),
        View::Detail(p) => format!("Action {}{}", p.target.name, source_suffix(model, p)),
        View::Usage(p) => format!("Where {} is used", p.target.name),
    };
    frame.render_widget(
        Paragraph::new(split_line(vec![Span::styled(title, theme.header())], fresh, header.width)),
        header,
    );
    if none {
        super::placeholder::needs_server(
            theme,
            frame,
            body,
            "CDS, ZITADEL or Heimdall",
            "cds",
            "OPSY_CDS_URL",
            "OPSY_CDS_TOKEN",
        );
        return;
    }
    let body = split_problems(model, &health, theme, frame, body);
    match &pane.screen {
        View::List => list(model, theme, frame, body),
        View::Detail(p) | View::Usage(p) => page(p, model.find.highlight(), theme, frame, body),
    }
}

/// " · ZITADEL" when several sources share the pane.
fn source_suffix(model: &Model, p: &Page) -> String {
    if model.sources.mixed_actions() { format!(" · {}", model.sources.name(p.target.source)) } else { String::new() }
}

fn page(p: &Page, find: Option<&str>, theme: &Theme, frame: &mut Frame, area: Rect) {
    match &p.doc {
        Loaded::Loading => table::empty("Loading…", theme, frame, area),
        Loaded::Failed(e) => {
            let lines: Vec<ratatui::text::Line> =
                e.lines().map(|l| ratatui::text::Line::styled(l.to_string(), theme.error())).collect();
            frame.render_widget(Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }), area);
        }
        Loaded::Ready(doc) => crate::ui::document::render(doc, &p.pager, find, theme, frame, area),
    }
}

fn list(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let pane = &model.actions;
    if pane.list.is_empty() {
        let text = if pane.list.rows().is_empty() {
            empty_text(&Unit.health(model), "Loading actions…", "No actions visible to you on this server.")
        } else {
            format!("No action matches the filter “{}”. Esc clears it.", pane.filter.filter.raw.trim())
        };
        table::empty(&text, theme, frame, area);
        return;
    }
    let area = table::around(&pane.list, theme, frame, area);
    let mixed = model.sources.mixed_actions();
    let wide = area.width >= 120;
    let source_w: u16 = if mixed { 9 } else { 0 };
    let change_w: u16 = if wide { 26 } else { 18 };
    let type_w: u16 = if wide { (pane.widest.kind as u16).clamp(4, 12) } else { 0 };
    let facts_w: u16 = if mixed || pane.list.rows().iter().any(|r| r.facts.len() > 5) { 12 } else { 5 };
    let columns = 3 + u16::from(wide) + u16::from(mixed);
    // The name is what the operator acts on: it gets its full width before the description
    // gets anything, up to half the screen.
    let others = source_w + facts_w + change_w + type_w + columns;
    let room = area.width.saturating_sub(others + 8);
    let name_w = (pane.widest.name as u16).max(12).min(room.max(12)).min((area.width / 2).max(26));
    let desc_w = area.width.saturating_sub(others + name_w).max(4);
    let mut widths = Vec::new();
    let mut header = Vec::new();
    if mixed {
        widths.push(Constraint::Length(source_w));
        header.push("SOURCE");
    }
    widths.push(Constraint::Length(name_w));
    header.push("ACTION");
    if wide {
        widths.push(Constraint::Length(type_w));
        header.push(if mixed { "KIND" } else { "TYPE" });
    }
    widths.extend([Constraint::Length(desc_w), Constraint::Length(facts_w), Constraint::Length(change_w)]);
    let facts_header = match model.sources.actions().collect::<Vec<_>>().as_slice() {
        [(_, caps)] if !caps.facts_header.is_empty() => caps.facts_header,
        _ => "DETAILS",
    };
    // At 80 columns the description has about nine: a header it can show whole.
    let desc_header = if desc_w < "DESCRIPTION".len() as u16 { "ABOUT" } else { "DESCRIPTION" };
    header.extend([desc_header, facts_header, "LAST CHANGE"]);
    let w = Widths { source: source_w, name: name_w, desc: desc_w, facts: facts_w, change: change_w };
    table::list(&pane.list, header, widths, theme, frame, area, |r| row(model, r, wide, mixed, &w, theme));
}

struct Widths {
    source: u16,
    name: u16,
    desc: u16,
    facts: u16,
    change: u16,
}

fn row<'a>(model: &Model, r: &'a ActionRow, wide: bool, mixed: bool, w: &Widths, theme: &Theme) -> Row<'a> {
    let mut cells = Vec::new();
    if mixed {
        cells.push(Cell::from(fit(model.sources.name(r.source), w.source.into())).style(theme.muted()));
    }
    let words = &model.actions.filter.filter.words;
    cells.push(Cell::from(highlighted(fit(&r.name, w.name.into()), words, theme.base(), theme.hit())));
    if wide {
        let style = match r.active {
            Some(false) => theme.tone(Tone::Warning),
            _ => theme.muted(),
        };
        cells.push(Cell::from(r.kind.clone()).style(style));
    }
    let keeps_history = model.sources.actions_caps(r.source).is_some_and(|c| c.history.is_ok());
    let change = match &r.changed {
        Some(c) => change_text(c, model.now),
        None if keeps_history => "no audit".into(),
        None => "—".into(),
    };
    cells.extend([
        Cell::from(highlighted(fit(&r.description, w.desc.into()), words, theme.muted(), theme.hit())),
        Cell::from(fit(&r.facts, w.facts.into())),
        Cell::from(fit(&change, w.change.into())).style(theme.muted()),
    ]);
    Row::new(cells)
}
