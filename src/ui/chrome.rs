//! Tabs, status line and hint bar: the frame around every pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::util::{fit, split_line};
use crate::app::dialog::{Focus, Kind};
use crate::app::filter::FilterBox;
use crate::app::filtering::filter_box;
use crate::app::keymap::{BINDINGS, Command, Scope};
use crate::app::model::{Model, Pane};

const SPINNER: [&str; 4] = ["⠋", "⠙", "⠸", "⠴"];

pub fn spinner(model: &Model) -> &'static str {
    SPINNER[model.spinner % SPINNER.len()]
}

pub fn tabs(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut left = Vec::new();
    for pane in Pane::ALL {
        let style = if pane == model.pane { theme.tab_active() } else { theme.tab() };
        let label = if area.width < 60 { short_title(pane) } else { pane.title() };
        left.push(Span::styled(format!(" {} {label} ", pane.number()), style));
        left.push(Span::raw(" "));
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

fn short_title(pane: Pane) -> &'static str {
    match pane {
        Pane::Actions => "Act",
        Pane::Groups => "Grp",
        Pane::Audits => "Aud",
        Pane::UserActions => "UA",
    }
}

pub fn status(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
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
    let input = match &model.command_line {
        Some(t) => Some((":", t)),
        None => filter_box(model).and_then(|f| f.input.as_ref()).map(|t| ("/", t)),
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
    let left = match (&model.status, super::panes::fetch_error(model)) {
        (Some(s), _) => vec![Span::styled(s.text.clone(), theme.tone(s.tone))],
        (None, Some(e)) => vec![Span::styled(format!("✗ {e}"), theme.error())],
        (None, None) => vec![],
    };
    frame.render_widget(Paragraph::new(split_line(left, right, area.width)), area);
}

fn filter_info(model: &Model) -> Option<String> {
    let fb = filter_box(model).filter(|f| f.is_active())?;
    let (shown, total) = match model.pane {
        Pane::UserActions => (model.user_actions.view.len(), model.user_actions.rows.len()),
        Pane::Groups => (model.groups.view.len(), model.groups.rows.len()),
        _ => (model.actions.view.len(), model.actions.rows.len()),
    };
    Some(format!("filter “{}” {shown} of {total}", fit(fb.filter.raw.trim(), 24)))
}

pub fn hints(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
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

/// (keys, description) for what can be done right now, read from the keymap registry.
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
        return vec![p("enter", "run"), p("esc", "cancel"), p("q", "quit"), p("help", "")];
    }
    if filter_box(model).is_some_and(FilterBox::is_editing) {
        if model.pane == Pane::Groups {
            return vec![p("enter", "keep filter"), p("esc", "clear"), p("words", "in the group name")];
        }
        let mut out = vec![p("enter", "keep filter"), p("esc", "clear")];
        // Each pane's own facets: only User Actions has the server's urgency and due date.
        match model.pane {
            Pane::UserActions => out.extend(["urgency:high", "type:…", "overdue", "!overdue"].map(|f| p(f, ""))),
            Pane::Actions => out.push(p("type:Default", "")),
            _ => {}
        }
        return out;
    }
    let mut out = Vec::new();
    let pane_has_server = model.feed_of(model.pane).is_some();
    if pane_has_server {
        for scope in model.key_scopes().into_iter().filter(|s| *s != Scope::Global) {
            for b in BINDINGS.iter().filter(|b| {
                b.scope == scope
                    && !b.hint.is_empty()
                    && km.enabled(b.scope, b.command)
                    && pane_offers(model, b.command)
            }) {
                out.push((km.label(b.scope, b.command), b.hint.to_string()));
            }
        }
        if in_sub_view(model) {
            out.push(p(&km.label(Scope::Global, Command::Back), "back"));
        } else {
            for cmd in [Command::Open, Command::Filter].into_iter().filter(|c| pane_offers(model, *c)) {
                out.push((km.label(Scope::Global, cmd), desc(cmd)));
            }
        }
    }
    for cmd in [Command::Quit, Command::Help] {
        out.push((km.label(Scope::Global, cmd), desc(cmd)));
    }
    out
}

/// Whether the visible pane, in its current view, can do `cmd`. Keys a source cannot do are
/// hidden rather than shown and refused.
fn pane_offers(model: &Model, cmd: Command) -> bool {
    use crate::app::panes::audits::Mode;
    match model.pane {
        Pane::Actions => {
            let in_list = model.actions.screen == crate::app::panes::actions::View::List;
            let list_only =
                matches!(cmd, Command::ActionSort | Command::ActionImport | Command::Filter | Command::Open);
            (in_list || !list_only) && crate::app::panes::actions::allowed(model, cmd)
        }
        Pane::Audits => {
            let a = &model.audits;
            match (a.diff.is_some(), a.mode, cmd) {
                (true, _, Command::AuditRollback) => a.diff.as_ref().is_some_and(|d| d.audit.can_roll_back()),
                (true, _, _) => false,
                (false, Mode::Feed, Command::AuditRollback | Command::Filter) => false,
                (false, Mode::Feed, Command::AuditDiff) => false,
                (false, Mode::Action, Command::Open | Command::Filter) => false,
                (false, Mode::Executions, Command::AuditExecutions) => true,
                (false, Mode::Executions, _) => false,
                (false, _, Command::AuditExecutions) => model.settings.servers.waldur.is_some(),
                _ => true,
            }
        }
        Pane::Groups => crate::app::panes::groups::offers(model, cmd),
        _ => true,
    }
}

/// A detail, usage or diff view is open: Esc goes back.
fn in_sub_view(model: &Model) -> bool {
    use crate::app::panes::actions::View;
    use crate::app::panes::audits::Mode;
    match model.pane {
        Pane::UserActions => model.user_actions.detail.is_some(),
        Pane::Actions => model.actions.screen != View::List,
        Pane::Audits => model.audits.diff.is_some() || model.audits.mode != Mode::Feed,
        Pane::Groups => model.groups.open.is_some(),
    }
}

fn desc(cmd: Command) -> String {
    crate::app::keymap::binding(Scope::Global, cmd).map_or(String::new(), |b| b.hint.to_string())
}
