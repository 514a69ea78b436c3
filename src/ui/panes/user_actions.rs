//! Pane 4: summary line with freshness, the triage table (visible rows only), the detail view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Wrap};

use super::freshness_spans;
use crate::app::loaded::Loaded;
use crate::app::model::{Model, PaneOp};
use crate::app::panes::user_actions::{Detail, due_text, is_overdue, silence_marker, silence_state};
use crate::backends::waldur::model::{Urgency, UserAction, UserActionRow};
use crate::ui::theme::Theme;
use crate::ui::util::{fit, split_line};

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, header: Rect, body: Rect) {
    let ua = &model.user_actions;
    let compact = header.width < 100;
    let fresh = freshness_spans(model, &ua.freshness, model.settings.servers.waldur.as_deref(), theme, compact);
    let summary = summary_spans(model, theme, compact);
    frame.render_widget(Paragraph::new(split_line(summary, fresh, header.width)), header);
    if model.settings.servers.waldur.is_none() {
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
    if ua.rows.is_empty() || ua.view.is_empty() {
        let text = if ua.freshness.last_ok.is_none() && ua.freshness.last_error.is_none() {
            "Loading user actions…".to_string()
        } else if ua.rows.is_empty() {
            if ua.freshness.last_ok.is_some() {
                "Nothing to triage: the server has no pending user actions for you.".to_string()
            } else {
                "No data yet: the server could not be reached (see above). Press r to retry.".to_string()
            }
        } else {
            format!("No user action matches the filter “{}”. Esc clears it.", ua.filter.filter.raw.trim())
        };
        frame.render_widget(Paragraph::new(text).style(theme.muted()).wrap(Wrap { trim: true }), area);
        return;
    }
    let cols = columns(area.width);
    let height = usize::from(area.height.saturating_sub(1));
    let start = ua.cursor.offset.min(ua.view.len());
    let end = (start + height).min(ua.view.len());
    let pending: Vec<uuid::Uuid> = model
        .ops
        .values()
        .filter_map(|p| match &p.op {
            PaneOp::UserActions(op) => op.target_uuid(),
            _ => None,
        })
        .collect();
    let rows = (start..end).filter_map(|i| ua.row(i)).map(|r| {
        let busy = pending.contains(&r.uuid);
        row(model, r, busy, &cols, theme)
    });
    let selected = ua.cursor.index.saturating_sub(start);
    super::list::table(rows, cols.header(), cols.widths(), selected, theme, frame, area);
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
    let mut cells = vec![
        Cell::from(if busy { "⋯" } else { "" }).style(theme.key()),
        Cell::from(urgency).style(theme.urgency(r.urgency)),
        Cell::from(fit(&r.title, w(cols.title))).style(dim(theme.base())),
        Cell::from(due_text(r, now)).style(dim(due_style)),
        Cell::from(type_label(r.action_type(), cols.ty)).style(dim(theme.base())),
        Cell::from(fit(r.scope_name(), w(cols.project))).style(dim(theme.base())),
    ];
    if let Some(ow) = cols.org {
        cells.push(Cell::from(fit(r.organization_name(), w(ow))).style(dim(theme.base())));
    }
    if cols.created {
        let age = r.created().map(|c| crate::app::freshness::short_age(now.duration_since(c).unsigned_abs()));
        cells.push(Cell::from(age.map(|a| format!("{a} ago")).unwrap_or_default()).style(theme.muted()));
    }
    cells.push(Cell::from(silence_marker(r, now)).style(theme.muted()));
    Row::new(cells)
}

fn detail(model: &Model, d: &Detail, theme: &Theme, frame: &mut Frame, area: Rect) {
    let now = model.now;
    let mut lines = Vec::new();
    if d.gone {
        lines.push(Line::styled(
            "This user action is no longer in the list (resolved, or silenced elsewhere). Shown as last seen.",
            theme.stale(),
        ));
    }
    let r = &d.row;
    lines.push(Line::styled(r.title.to_string(), theme.header()));
    lines.push(Line::from(vec![
        label("urgency", theme),
        Span::styled(r.urgency.as_str(), theme.urgency(r.urgency)),
        Span::raw("   "),
        Span::styled(due_text(r, now), if is_overdue(r, now) { theme.overdue() } else { theme.base() }),
        Span::styled(
            r.due().map(|d| format!("  (due {})", d.strftime("%Y-%m-%d %H:%M UTC"))).unwrap_or_default(),
            theme.muted(),
        ),
    ]));
    lines.push(field("type", r.action_type().to_string(), theme));
    lines.push(field("silence", silence_state(r, now), theme));
    lines.push(field("uuid", r.uuid.simple().to_string(), theme));
    lines.push(Line::raw(""));
    match &d.full {
        Loaded::Loading => lines.push(Line::styled("Loading the details and corrective actions…", theme.muted())),
        Loaded::Failed(e) => {
            lines.extend(e.lines().map(|l| Line::styled(l.to_string(), theme.error())));
            lines.push(Line::styled("r retries.", theme.muted()));
        }
        Loaded::Ready(full) => full_lines(full, theme, &mut lines),
    }
    let scroll = d.scroll.min(lines.len().saturating_sub(1)) as u16;
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)), area);
}

fn label(k: &str, theme: &Theme) -> Span<'static> {
    Span::styled(format!("{k:<14}"), theme.muted())
}

fn field(k: &str, v: String, theme: &Theme) -> Line<'static> {
    Line::from(vec![label(k, theme), Span::raw(v)])
}

/// What only the live detail has: description, context, corrective actions.
fn full_lines(r: &UserAction, theme: &Theme, lines: &mut Vec<Line<'static>>) {
    let opt_uuid = |u: Option<uuid::Uuid>| u.map(|u| format!("  ({})", u.hyphenated())).unwrap_or_default();
    for l in r.description.lines() {
        lines.push(Line::raw(l.to_string()));
    }
    lines.push(Line::raw(""));
    lines.push(field("object", format!("{} ({})", r.related_object_name, r.related_object_type), theme));
    lines.push(field("project", format!("{}{}", r.project_name, opt_uuid(r.project_uuid)), theme));
    lines.push(field("organization", format!("{}{}", r.organization_name, opt_uuid(r.organization_uuid)), theme));
    lines.push(field(
        "offering",
        format!("{} {}{}", r.offering_name, r.offering_type, opt_uuid(r.offering_uuid)),
        theme,
    ));
    lines.push(field("resource", format!("{}{}", r.resource_name, opt_uuid(r.resource_uuid)), theme));
    if !r.order_type.is_empty() {
        lines.push(field("order type", r.order_type.to_string(), theme));
    }
    let ts =
        |t: Option<jiff::Timestamp>| t.map(|t| t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()).unwrap_or_default();
    lines.push(field("created", ts(r.created), theme));
    lines.push(field("modified", ts(r.modified), theme));
    if !r.route_name.is_empty() {
        lines.push(field("web UI route", format!("{} {}", r.route_name, r.route_params), theme));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!("Corrective actions ({})", r.corrective_actions.len()), theme.header()));
    for (i, a) in r.corrective_actions.iter().enumerate() {
        let kind = if a.is_navigation() { "opens in Waldur" } else { "runs on the server" };
        lines.push(Line::from(vec![
            Span::styled(format!(" {}. ", i + 1), theme.key()),
            Span::styled(crate::domain::text::clean_line(&a.label).into_owned(), theme.header()),
            Span::raw(format!("  {} · ", a.category)),
            Span::styled(a.severity.as_str(), theme.severity(a.severity)),
            Span::styled(format!(" · {} {kind}", a.method), theme.muted()),
            Span::styled(if a.confirmation_required { " · confirm" } else { "" }, theme.muted()),
        ]));
        if !a.permissions_required.is_empty() {
            let perms: Vec<&str> = a.permissions_required.iter().map(|p| &**p).collect();
            lines.push(Line::styled(format!("      needs {}", perms.join(", ")), theme.muted()));
        }
        if let Some(route) = &a.route_name {
            lines.push(Line::styled(format!("      route {route} {}", a.route_params), theme.muted()));
        }
        if !a.metadata.is_empty() {
            lines.push(Line::styled(format!("      metadata {}", a.metadata), theme.muted()));
        }
    }
}
