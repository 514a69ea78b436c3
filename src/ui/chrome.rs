//! Tabs, status line and hint bar: the frame around every pane. The hints are the visible
//! pane's ready offers; nothing here decides what a key can do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::util::{fit, split_line};
use crate::app::dialog::{Focus, Kind};
use crate::app::freshness::State;
use crate::app::keymap::{BINDINGS, Command, Scope, binding};
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

pub(crate) fn tabs(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut left = Vec::new();
    for pane in Pane::ALL {
        let style = if pane == model.pane { theme.tab_active() } else { theme.tab() };
        let label = if area.width < 60 { pane.short_title() } else { pane.title() };
        left.push(Span::styled(format!(" {} {label} ", pane.number()), style));
        if let Some(mark) = tab_mark(model, pane) {
            left.push(Span::styled(mark, theme.error()));
        } else {
            left.push(Span::raw(" "));
        }
    }
    let mut right = Vec::new();
    if model.read_only() {
        right.push(Span::styled(" READ-ONLY ", theme.badge()));
        right.push(Span::raw(" "));
    }
    if model.frozen {
        right.push(Span::styled(" FROZEN ", theme.stale()));
        right.push(Span::raw(" "));
    }
    right.push(Span::styled(format!("opsy · {} ", model.settings.profile), theme.muted()));
    frame.render_widget(Paragraph::new(split_line(left, right, area.width)), area);
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
    let input = match &model.command_line {
        Some(t) => Some((":", t)),
        None => filter.and_then(|f| f.input.as_ref()).map(|t| ("/", t)),
    };
    if let Some((prefix, textarea)) = input {
        let right_w: u16 = right.iter().map(|s| s.width() as u16).sum();
        let input_w = area.width.saturating_sub(right_w + 1).max(2);
        frame.render_widget(Paragraph::new(Line::from(Span::styled(prefix, theme.key()))), area);
        let input_area = Rect { x: area.x + 1, width: input_w.saturating_sub(1), ..area };
        frame.render_widget(textarea, input_area);
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

fn filter_info(model: &Model) -> Option<String> {
    let unit = model.pane.unit();
    let fb = unit.filter(model).filter(|f| f.is_active())?;
    let text = format!("filter “{}”", fit(fb.filter.raw.trim(), 24));
    Some(match unit.counts(model) {
        Some((shown, total)) => format!("{text} {shown} of {total}"),
        None => text,
    })
}

pub(crate) fn hints(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let pairs = hint_pairs(model);
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

/// (keys, description) for what can be done right now: the dialog's keys, or the pane's ready
/// offers in the pane's order, then quit and help.
fn hint_pairs(model: &Model) -> Vec<(String, String)> {
    let km = &model.keymap;
    let p = |k: &str, d: &str| (k.to_string(), d.to_string());
    if model.help.is_some() {
        return vec![p(&km.label(Scope::Global, Command::Down), "scroll"), p("esc/?", "close")];
    }
    if let Some(d) = &model.dialog {
        return match &d.kind {
            Kind::Prompt(_) => vec![p("enter", "submit"), p("esc", "cancel")],
            Kind::Confirm(c) if c.typed.is_some() && c.focus == Focus::Input => {
                vec![
                    p("type", "the text shown"),
                    p("enter", "confirm when it matches"),
                    p("tab", "buttons"),
                    p("esc", "cancel"),
                ]
            }
            Kind::Confirm(_) => vec![
                p(&km.label(Scope::Dialog, Command::Confirm), "confirm"),
                p(&km.label(Scope::Dialog, Command::Cancel), "cancel"),
                p(&km.label(Scope::Dialog, Command::FocusNext), "focus"),
                p(&km.label(Scope::Dialog, Command::Activate), "press focused"),
            ],
            Kind::Picker(_) => vec![p("j/k", "move"), p("enter", "pick"), p("1-9", "pick n"), p("esc", "cancel")],
            Kind::Notice(n) if n.copy.is_some() => vec![p("y", "copy"), p("enter/esc", "close")],
            Kind::Notice(_) => vec![p("enter/esc", "close")],
            Kind::Secret(s) if s.armed => vec![p("y", "copy"), p("esc", "close: the token is gone for good")],
            Kind::Secret(_) => vec![p("y", "copy"), p("enter/esc", "close (shown once)")],
        };
    }
    if model.command_line.is_some() {
        return vec![p("enter", "run"), p("esc", "cancel"), p(":help", "commands")];
    }
    if model.pane.unit().filter(model).is_some_and(|f| f.is_editing()) {
        let mut out = vec![p("enter", "keep filter"), p("esc", "clear")];
        let facets = model.pane.unit().facets(model);
        if facets.is_empty() {
            out.push(p("words", "filter the list"));
        }
        out.extend(facets.into_iter().map(|f| p(f, "")));
        return out;
    }
    let unit = model.pane.unit();
    let sub_view = unit.in_sub_view(model);
    let mut out = Vec::new();
    // The view's own keys, most specific scope first and in keymap order, then the shared
    // ones: open, filter, back.
    let scopes = model.key_scopes();
    let rank = |o: &crate::app::panes::Offer| match (o.scope, o.cmd) {
        (Scope::Global, Command::Open) => (usize::MAX, 0),
        (Scope::Global, Command::Filter) => (usize::MAX, 1),
        (Scope::Global, _) => (usize::MAX, 2),
        (scope, cmd) => (
            scopes.iter().position(|s| *s == scope).unwrap_or(usize::MAX - 1),
            BINDINGS.iter().position(|b| b.scope == scope && b.command == cmd).unwrap_or(usize::MAX),
        ),
    };
    let mut offers: Vec<_> = unit.offers(model).into_iter().filter(|o| o.ready.is_ok()).collect();
    offers.sort_by_key(rank);
    for offer in offers {
        let Some(b) = binding(offer.scope, offer.cmd) else { continue };
        let hint = match offer.cmd {
            Command::Back if sub_view => "back",
            Command::Back => "clear filter",
            _ => b.hint,
        };
        if hint.is_empty() || !km.enabled(offer.scope, offer.cmd) {
            continue;
        }
        let pair = (km.label(offer.scope, offer.cmd), hint.to_string());
        if !out.contains(&pair) {
            out.push(pair);
        }
    }
    for cmd in [Command::Quit, Command::Help] {
        let hint = binding(Scope::Global, cmd).map_or("", |b| b.hint);
        out.push((km.label(Scope::Global, cmd), hint.to_string()));
    }
    out
}
