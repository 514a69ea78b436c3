//! Pane 4: summary line with freshness, the triage table (visible rows only), the detail view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row};

use super::{empty_text, health_spans, split_problems};
use crate::app::model::Model;
use crate::app::panes::user_actions::{Detail, Unit, detail_document, due_text, is_overdue, silence_marker};
use crate::app::panes::{PaneOp, PaneUnit};
use crate::backends::waldur::model::{Urgency, UserActionRow};
use crate::ui::table;
use crate::ui::theme::Theme;
use crate::ui::util::{fit, highlighted, split_line};

pub(crate) fn render(model: &Model, theme: &Theme, frame: &mut Frame, header: Rect, body: Rect) {
    let ua = &model.user_actions;
    let compact = header.width < 100;
    let health = Unit.health(model);
    let fresh = health_spans(model, &health, theme, compact);
    let summary = summary_spans(model, theme, compact);
    frame.render_widget(Paragraph::new(split_line(summary, fresh, header.width)), header);
    if ua.source.is_none() {
        super::placeholder::needs_server(
            theme,
            frame,
            body,
            "Waldur",
            "waldur",
            "OPSY_WALDUR_URL",
            "OPSY_WALDUR_TOKEN",
        );
        return;
    }
    let body = split_problems(model, &health, theme, frame, body);
    match &ua.detail {
        Some(d) => detail(model, d, theme, frame, body),
        None => triage_table(model, theme, frame, body),
    }
}

fn summary_spans<'a>(model: &Model, theme: &Theme, compact: bool) -> Vec<Span<'a>> {
    let ua = &model.user_actions;
    let Some(s) = &ua.summary else { return vec![Span::styled("User actions", theme.header())] };
    let medium = if compact { "med" } else { "medium" };
    let mut spans = vec![
        Span::styled(format!("{} actions", s.total), theme.header()),
        Span::raw(" · "),
        Span::styled(format!("high {}", s.by_urgency.high), theme.urgency(Urgency::High)),
        Span::raw(" · "),
        Span::styled(format!("{medium} {}", s.by_urgency.medium), theme.urgency(Urgency::Medium)),
        Span::raw(" · "),
        Span::styled(format!("low {}", s.by_urgency.low), theme.urgency(Urgency::Low)),
        Span::raw(" · "),
        Span::styled(format!("overdue {}", s.overdue), if s.overdue > 0 { theme.overdue() } else { theme.base() }),
    ];
    if ua.include_silenced {
        spans.push(Span::styled(" · incl. silenced", theme.muted()));
    }
    spans
}

/// Column widths for a given table width: fixed columns first, the title takes the rest; wider
/// terminals get an organisation and a created column.
struct Columns {
    ty: u16,
    project: u16,
    org: Option<u16>,
    created: bool,
    title: u16,
}

const MARKER: u16 = 1;
const URG: u16 = 4;
const DUE: u16 = 11;
const SIL: u16 = 4;
const CREATED: u16 = 8;

fn columns(width: u16) -> Columns {
    let (ty, project, org, created) = match width {
        0..100 => (9, 14, None, false),
        100..130 => (17, 20, None, false),
        130..150 => (17, 22, Some(18), false),
        _ => (17, 26, Some(20), true),
    };
    let count = 7 + u16::from(org.is_some()) + u16::from(created);
    let fixed = MARKER + URG + DUE + ty + project + org.unwrap_or(0) + if created { CREATED } else { 0 } + SIL;
    let title = width.saturating_sub(fixed + count.saturating_sub(1)).max(8);
    Columns { ty, project, org, created, title }
}

impl Columns {
    fn widths(&self) -> Vec<Constraint> {
        let mut w = vec![MARKER, URG, self.title, DUE, self.ty, self.project];
        w.extend(self.org);
        if self.created {
            w.push(CREATED);
        }
        w.push(SIL);
        w.into_iter().map(Constraint::Length).collect()
    }

    fn header(&self) -> Vec<&'static str> {
        let mut h = vec!["", "URG", "TITLE", "DUE", "TYPE", "PROJECT"];
        if self.org.is_some() {
            h.push("ORGANIZATION");
        }
        if self.created {
            h.push("CREATED");
        }
        h.push("SIL");
        h
    }
}

/// Built-in types get a short name in narrow tables; unknown ones are shown as sent.
fn type_label(t: &str, width: u16) -> String {
    let short = match t {
        "pending_order" if width < 13 => "order",
        "expiring_resource" if width < 17 => "expiring",
        other => other,
    };
    fit(short, usize::from(width))
}

fn triage_table(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let ua = &model.user_actions;
    if ua.list.is_empty() {
        let text = if ua.list.rows().is_empty() {
            empty_text(
                &Unit.health(model),
                "Loading user actions…",
                "Nothing to triage: the server has no pending user actions for you.",
            )
        } else {
            format!("No user action matches the filter “{}”. Esc clears it.", ua.filter.filter.raw.trim())
        };
        table::empty(&text, theme, frame, area);
        return;
    }
    let area = table::around(&ua.list, theme, frame, area);
    let cols = columns(area.width);
    let pending: Vec<uuid::Uuid> = model
        .ops
        .values()
        .filter_map(|p| match &p.op {
            PaneOp::UserActions(op) => op.target_uuid(),
            _ => None,
        })
        .collect();
    table::list(&ua.list, cols.header(), cols.widths(), theme, frame, area, |r| {
        let busy = pending.contains(&r.uuid);
        row(model, r, busy, &cols, theme)
    });
}

fn row<'a>(model: &Model, r: &'a UserActionRow, busy: bool, cols: &Columns, theme: &Theme) -> Row<'a> {
    let now = model.now;
    let silenced = r.silenced_at(now);
    let dim = |s: Style| if silenced { s.patch(theme.muted()) } else { s };
    let urgency = match r.urgency {
        Urgency::High => "HIGH",
        Urgency::Medium => "MED",
        Urgency::Low => "LOW",
        Urgency::Unknown => "?",
    };
    let due_style = if is_overdue(r, now) { theme.overdue() } else { theme.base() };
    let w = |n: u16| usize::from(n);
    let words = &model.user_actions.filter.filter.words;
    let hl = |text: String, style: Style| highlighted(text, words, style, theme.hit());
    let mut cells = vec![
        Cell::from(if busy { "⋯" } else { "" }).style(theme.key()),
        Cell::from(urgency).style(theme.urgency(r.urgency)),
        Cell::from(hl(fit(&r.title, w(cols.title)), dim(theme.base()))),
        Cell::from(due_text(r, now)).style(dim(due_style)),
        Cell::from(type_label(r.action_type(), cols.ty)).style(dim(theme.base())),
        Cell::from(hl(fit(r.scope_name(), w(cols.project)), dim(theme.base()))),
    ];
    if let Some(ow) = cols.org {
        cells.push(Cell::from(hl(fit(r.organization_name(), w(ow)), dim(theme.base()))));
    }
    if cols.created {
        let age = r.created().map(|c| crate::app::freshness::short_age(now.duration_since(c).unsigned_abs()));
        cells.push(Cell::from(age.map(|a| format!("{a} ago")).unwrap_or_default()).style(theme.muted()));
    }
    cells.push(Cell::from(silence_marker(r, now)).style(theme.muted()));
    Row::new(cells)
}

fn detail(model: &Model, d: &Detail, theme: &Theme, frame: &mut Frame, area: Rect) {
    let doc = detail_document(d, model.now);
    crate::ui::document::render(&doc, &d.pager, model.find.highlight(), theme, frame, area);
}
