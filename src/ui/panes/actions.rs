//! Pane 1: the action list, one action's detail (parameters, requirements, steps) and usage.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Wrap};

use super::freshness_spans;
use super::list::table;
use crate::app::model::Model;
use crate::app::panes::actions::{ActionRow, Loaded, Sort, View, change_text};
use crate::backends::cds::wire::{Action, ActionType, Usage};
use crate::ui::theme::Theme;
use crate::ui::util::{fit, split_line};

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, header: Rect, body: Rect) {
    let pane = &model.actions;
    let compact = header.width < 100;
    let fresh = freshness_spans(model, &pane.freshness, model.settings.servers.cds.as_deref(), theme, compact);
    let title = match &pane.screen {
        _ if model.settings.servers.cds.is_none() => "Actions".to_string(),
        View::List => {
            let sort = match pane.sort {
                Sort::Name => "by name",
                Sort::LastChange => "by last change",
            };
            format!("{} actions · {sort}", pane.rows.len())
        }
        View::Detail { path, .. } => format!("Action {path}"),
        View::Usage { path, .. } => format!("Where {path} is used"),
    };
    frame.render_widget(
        Paragraph::new(split_line(vec![Span::styled(title, theme.header())], fresh, header.width)),
        header,
    );
    if model.settings.servers.cds.is_none() {
        super::placeholder::needs_server(theme, frame, body, "CDS", "cds", "OPSY_CDS_URL", "OPSY_CDS_TOKEN");
        return;
    }
    match &pane.screen {
        View::List => list(model, theme, frame, body),
        View::Detail { action, scroll, .. } => loaded(action, *scroll, theme, frame, body, |a| detail(a, theme)),
        View::Usage { usage, scroll, .. } => loaded(usage, *scroll, theme, frame, body, |u| usage_lines(u, theme)),
    }
}

fn loaded<T>(
    state: &Loaded<T>,
    scroll: usize,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    lines: impl FnOnce(&T) -> Vec<Line<'static>>,
) {
    let lines = match state {
        Loaded::Loading => vec![Line::styled("Loading…", theme.muted())],
        Loaded::Failed(e) => e.lines().map(|l| Line::styled(l.to_string(), theme.error())).collect(),
        Loaded::Ready(v) => lines(v),
    };
    let scroll = scroll.min(lines.len().saturating_sub(1)) as u16;
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)), area);
}

fn list(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let pane = &model.actions;
    if pane.view.is_empty() {
        let text = if pane.freshness.last_ok.is_none() && pane.freshness.last_error.is_none() {
            "Loading actions…".to_string()
        } else if pane.rows.is_empty() {
            "No actions visible to you on this server.".to_string()
        } else {
            format!("No action matches the filter “{}”. Esc clears it.", pane.filter.filter.raw.trim())
        };
        frame.render_widget(Paragraph::new(text).style(theme.muted()), area);
        return;
    }
    let wide = area.width >= 120;
    let name_w: u16 = if wide { 40 } else { 26 };
    let change_w: u16 = if wide { 26 } else { 18 };
    let type_w: u16 = if wide { 8 } else { 0 };
    let fixed = name_w + 5 + change_w + type_w + if wide { 4 } else { 3 };
    let desc_w = area.width.saturating_sub(fixed).max(4);
    let mut widths = vec![Constraint::Length(name_w)];
    let mut header = vec!["ACTION"];
    if wide {
        widths.push(Constraint::Length(type_w));
        header.push("TYPE");
    }
    widths.extend([Constraint::Length(desc_w), Constraint::Length(5), Constraint::Length(change_w)]);
    header.extend(["DESCRIPTION", "P/R", "LAST CHANGE"]);
    let height = usize::from(area.height.saturating_sub(1));
    let start = pane.cursor.offset.min(pane.view.len());
    let end = (start + height).min(pane.view.len());
    let rows = (start..end).filter_map(|i| pane.row(i)).map(|r| row(model, r, wide, [name_w, desc_w, change_w], theme));
    table(rows, header, widths, pane.cursor.index.saturating_sub(start), theme, frame, area);
}

fn row<'a>(
    model: &Model,
    r: &'a ActionRow,
    wide: bool,
    [name_w, desc_w, change_w]: [u16; 3],
    theme: &Theme,
) -> Row<'a> {
    let mut cells = vec![Cell::from(fit(&r.full_name, name_w.into())).style(theme.base())];
    if wide {
        cells.push(Cell::from(r.kind.clone()).style(theme.muted()));
    }
    let change = r.changed.as_ref().map(|c| change_text(c, model.now)).unwrap_or_else(|| "no audit".into());
    cells.extend([
        Cell::from(fit(&r.description, desc_w.into())).style(theme.muted()),
        Cell::from(format!("{}/{}", r.params, r.reqs)),
        Cell::from(fit(&change, change_w.into())).style(theme.muted()),
    ]);
    Row::new(cells)
}

fn heading(text: impl Into<String>, theme: &Theme) -> Line<'static> {
    Line::styled(text.into(), theme.header())
}

fn detail(a: &Action, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![heading(a.full_name(), theme)];
    let mut facts = vec![Span::styled(a.kind.to_string(), theme.key())];
    if let Some(g) = &a.group {
        facts.push(Span::raw(format!("  group {}", g.name)));
    }
    facts.push(Span::styled(if a.editable { "  you may edit it" } else { "  read-only for you" }, theme.muted()));
    if a.deprecated {
        facts.push(Span::styled("  DEPRECATED", theme.tone(crate::app::dialog::Tone::Warning)));
    }
    out.push(Line::from(facts));
    for l in a.description.shown().lines() {
        out.push(Line::raw(l.to_string()));
    }
    let audit = |label: &str, x: &Option<Box<crate::backends::cds::wire::AuditAction>>| {
        x.as_ref().map(|x| {
            let when = x.created.map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default();
            Line::styled(format!("{label} {when} by {} ({})", x.triggered_by, x.event_type), theme.muted())
        })
    };
    out.extend(audit("created", &a.first_audit));
    out.extend(audit("changed", &a.last_audit));

    out.push(Line::raw(""));
    out.push(heading(format!("Parameters ({})", a.parameters.len()), theme));
    for p in &a.parameters {
        let mut spans = vec![
            Span::styled(format!("  {:<20}", p.name), theme.key()),
            Span::raw(format!(" {:<8}", p.kind)),
            Span::raw(format!(" default {:?}", p.value.shown())),
        ];
        if p.advanced {
            spans.push(Span::styled(" advanced", theme.muted()));
        }
        out.push(Line::from(spans));
        if !p.description.is_empty() {
            out.push(Line::styled(format!("      {}", p.description), theme.muted()));
        }
    }
    out.push(Line::raw(""));
    out.push(heading(format!("Requirements ({})", a.requirements.len()), theme));
    for r in &a.requirements {
        out.push(Line::raw(format!("  {:<12} {}", r.kind, r.value)));
    }
    out.push(Line::raw(""));
    out.push(heading(format!("Steps ({}), in order", a.actions.len()), theme));
    for (i, s) in a.actions.iter().enumerate() {
        let name =
            if s.step_name.is_empty() { s.name.shown().to_string() } else { format!("{} ({})", s.step_name, s.name) };
        let mut flags = Vec::new();
        if !s.enabled {
            flags.push("disabled");
        }
        if s.optional {
            flags.push("optional");
        }
        if s.always_executed {
            flags.push("always executed");
        }
        let kind = match &s.kind {
            ActionType::Default => {
                s.group.as_ref().map(|g| format!("action of {}", g.name)).unwrap_or_else(|| "action".into())
            }
            other => other.to_string(),
        };
        out.push(Line::from(vec![
            Span::styled(format!("  {:>2}. ", i + 1), theme.key()),
            Span::styled(name, if s.enabled { theme.base() } else { theme.muted() }),
            Span::styled(format!("  {kind}"), theme.muted()),
            Span::styled(
                if flags.is_empty() { String::new() } else { format!("  [{}]", flags.join(", ")) },
                theme.tone(crate::app::dialog::Tone::Warning),
            ),
        ]));
        for p in s.parameters.iter().filter(|p| !p.value.is_empty()) {
            let first = p.value.shown().lines().next().unwrap_or("");
            let more = if p.value.shown().lines().count() > 1 { " …" } else { "" };
            out.push(Line::styled(format!("        {} = {first}{more}", p.name), theme.muted()));
        }
    }
    out
}

fn usage_lines(u: &Usage, theme: &Theme) -> Vec<Line<'static>> {
    let warn = theme.tone(crate::app::dialog::Tone::Warning);
    let mut out = vec![heading(format!("Pipelines ({})", u.pipelines.len()), theme)];
    if u.pipelines.is_empty() {
        out.push(Line::styled("  none visible to you (CDS filters this list by your projects)", theme.muted()));
    }
    for p in &u.pipelines {
        let mut spans = vec![Span::raw(format!(
            "  {} / {} / {} / {}",
            p.project_key(),
            p.pipeline_name(),
            p.stage_name(),
            p.job_name()
        ))];
        if p.warning() {
            spans.push(Span::styled(
                "  ⚠ the action's group has no permission on this project: the job cannot run it",
                warn,
            ));
        }
        out.push(Line::from(spans));
    }
    out.push(Line::raw(""));
    out.push(heading(format!("Actions using it as a step ({})", u.actions.len()), theme));
    if u.actions.is_empty() {
        out.push(Line::styled("  none", theme.muted()));
    }
    for a in &u.actions {
        let mut spans = vec![Span::raw(format!("  {}", a.parent_path()))];
        if a.warning {
            spans.push(Span::styled("  ⚠ from another group than shared.infra or its own", warn));
        }
        out.push(Line::from(spans));
    }
    out
}
