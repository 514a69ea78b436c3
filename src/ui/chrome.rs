//! Tabs, status line and hint bar: the frame around every pane. The hints come from
//! `app::hints`; nothing here decides what a key can do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::util::{fit, split_line};
use crate::app::freshness::State;
use crate::app::list::Ruler;
use crate::app::model::Model;
use crate::app::panes::Pane;

const SPINNER: [&str; 4] = ["⠋", "⠙", "⠸", "⠴"];

pub(crate) fn spinner(model: &Model) -> &'static str {
    SPINNER[model.spinner % SPINNER.len()]
}

/// A mark on a pane's tab when a source behind it is failing (✗) or its data is old (!).
fn tab_mark(model: &Model, pane: Pane) -> Option<&'static str> {
    let health = pane.unit().health(model);
    let interval = model.interval_of(pane);
    let states: Vec<State> = health.iter().map(|h| h.freshness.state(model.now, interval)).collect();
    if health.iter().any(|h| h.freshness.last_error.is_some()) {
        Some("✗")
    } else if states.contains(&State::Stale) {
        Some("!")
    } else {
        None
    }
}

/// The tab row: each pane's tab with its failure mark on the left, the badges and the profile
/// on the right. The marks must stay visible (a failing source is never hidden), so the
/// tabs shorten their titles, then the profile leaves, before anything cuts them.
pub(crate) fn tabs(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let tabs = |short: bool| {
        let mut left = Vec::new();
        for pane in Pane::ALL {
            let style = if pane == model.pane { theme.tab_active() } else { theme.tab() };
            let label = if short { pane.short_title() } else { pane.title() };
            left.push(Span::styled(format!(" {} {label} ", pane.number()), style));
            if let Some(mark) = tab_mark(model, pane) {
                left.push(Span::styled(mark, theme.error()));
            } else {
                left.push(Span::raw(" "));
            }
        }
        left
    };
    let mut badges = Vec::new();
    if model.read_only() {
        badges.push(Span::styled(" READ-ONLY ", theme.badge()));
        badges.push(Span::raw(" "));
    }
    if model.frozen {
        badges.push(Span::styled(" FROZEN ", theme.stale()));
        badges.push(Span::raw(" "));
    }
    let mut right = badges.clone();
    right.push(Span::styled(format!("opsy · {} ", model.settings.profile), theme.muted()));
    let width = |spans: &[Span<'_>]| spans.iter().map(Span::width).sum::<usize>();
    let fits = |left: &[Span<'_>], right: &[Span<'_>]| width(left) + 1 + width(right) <= usize::from(area.width);
    let full = tabs(area.width < 60);
    let line = if fits(&full, &right) {
        split_line(full, right, area.width)
    } else if fits(&tabs(true), &right) {
        split_line(tabs(true), right, area.width)
    } else {
        split_line(tabs(true), badges, area.width)
    };
    frame.render_widget(Paragraph::new(line), area);
}

pub(crate) fn status(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut right = Vec::new();
    if let Some(info) = filter_info(model) {
        right.push(Span::styled(info, theme.muted()));
    }
    if !model.ops.is_empty() {
        if !right.is_empty() {
            right.push(Span::raw(" · "));
        }
        right.push(Span::styled(format!("{} {} in flight ", spinner(model), model.ops.len()), theme.key()));
    }
    let filter = model.pane.unit().filter(model);
    let input = match (&model.command_line, &model.find.input) {
        (Some(t), _) => Some((":", t)),
        (None, Some(t)) => Some(("/", t)),
        (None, None) => filter.and_then(|f| f.input.as_ref()).map(|t| ("/", t)),
    };
    if let Some((prefix, textarea)) = input {
        let right_w: u16 = right.iter().map(|s| s.width() as u16).sum();
        let input_w = area.width.saturating_sub(right_w + 1).max(2);
        frame.render_widget(Paragraph::new(Line::from(Span::styled(prefix, theme.key()))), area);
        let input_area = Rect { x: area.x + 1, width: input_w.saturating_sub(1), ..area };
        frame.render_widget(textarea.widget(), input_area);
        let rest = Rect { x: area.x + input_w, width: area.width.saturating_sub(input_w), ..area };
        frame.render_widget(Paragraph::new(Line::from(right)).right_aligned(), rest);
        return;
    }
    let left = match &model.status {
        Some(s) => vec![Span::styled(s.text.clone(), theme.tone(s.tone))],
        None => vec![],
    };
    frame.render_widget(Paragraph::new(split_line(left, right, area.width)), area);
}

/// The right of the status line: the filter, where the cursor is ("201/88951 of 100000"),
/// what is marked, and the order (vim's ruler, for every list).
fn filter_info(model: &Model) -> Option<String> {
    let unit = model.pane.unit();
    let filter =
        unit.filter(model).filter(|f| f.is_active()).map(|fb| format!("filter “{}”", fit(fb.filter.raw.trim(), 24)));
    // Help covers the list: where its cursor is means nothing there (and would peek out).
    let ruler = if model.help.is_some() { None } else { unit.ruler(model) };
    let mut parts: Vec<String> = filter.into_iter().collect();
    if let Some(r) = ruler {
        parts.extend(ruler_parts(&r));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

fn ruler_parts(r: &Ruler) -> Vec<String> {
    let mut parts = Vec::new();
    if r.held == 0 {
        return parts;
    }
    let at = r.position.unwrap_or(0);
    parts.push(if r.shown == r.held { format!("{at}/{}", r.shown) } else { format!("{at}/{} of {}", r.shown, r.held) });
    if r.marked > 0 || r.hidden_marks > 0 || r.range {
        let mut text = format!("{} marked", r.marked);
        if r.hidden_marks > 0 {
            text.push_str(&format!(" ({} hidden)", r.hidden_marks));
        }
        if r.range {
            text.push_str(" (range)");
        }
        parts.push(text);
    }
    if let Some(sort) = r.sort {
        parts.push(sort.to_string());
    }
    parts
}

pub(crate) fn hints(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let pairs = crate::app::hints::hints(model);
    // Whole hints only: drop the ones that do not fit rather than cutting one in half, but
    // always keep the last one (help or cancel) so the way out is visible.
    let width =
        |(k, d): &(String, String)| k.chars().count() + if d.is_empty() { 0 } else { d.chars().count() + 1 } + 2;
    let last = pairs.last().map_or(0, width);
    let mut budget = usize::from(area.width).saturating_sub(last);
    let mut shown: Vec<&(String, String)> = Vec::new();
    for (i, p) in pairs.iter().enumerate() {
        if i + 1 == pairs.len() || width(p) <= budget {
            budget = budget.saturating_sub(width(p));
            shown.push(p);
        }
    }
    let mut spans = Vec::new();
    for (key, desc) in shown {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key.clone(), theme.key()));
        if !desc.is_empty() {
            spans.push(Span::styled(format!(" {desc}"), theme.muted()));
        }
    }
    frame.render_widget(Paragraph::new(split_line(spans, vec![], area.width)), area);
}
