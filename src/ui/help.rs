//! The `?` overlay, generated from the keymap registry so it can never disagree with the keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::theme::Theme;
use crate::app::keymap::{BINDINGS, Scope};
use crate::app::model::{Help, Model};

pub(crate) fn render(model: &Model, help: &Help, theme: &Theme, frame: &mut Frame, area: Rect) {
    let rect = super::util::centered(area, area.width.saturating_sub(4).min(90), area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border())
        .title(Span::styled(" Keys ", theme.header()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines = lines(model, theme, inner.width >= 100);
    let max_scroll = lines.len().saturating_sub(usize::from(inner.height));
    let scroll = help.pager.offset.min(max_scroll) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

fn scope_order(model: &Model) -> Vec<Scope> {
    let mut order = model.pane.unit().help_scopes().to_vec();
    // The current pane's keys first, then everything else in registry order.
    for s in Scope::ALL {
        if !order.contains(&s) {
            order.push(s);
        }
    }
    order
}

/// `with_ids`: show each binding's config name too (wide terminals; narrow ones keep the
/// meaning and the danger mark, which matter more).
pub(crate) fn lines<'a>(model: &Model, theme: &Theme, with_ids: bool) -> Vec<Line<'a>> {
    let km = &model.keymap;
    let mut out =
        vec![Line::styled("Rebind any key in the config: [keys.<scope>] <binding> = [\"key\", …]", theme.muted())];
    if model.read_only() {
        out.push(Line::styled(
            "Started with --read-only: every key that changes data on a server is disabled.",
            theme.tone(crate::app::dialog::Tone::Warning),
        ));
    }
    for scope in scope_order(model) {
        out.push(Line::raw(""));
        out.push(Line::from(vec![
            Span::styled(scope.title().to_string(), theme.header()),
            Span::styled(format!("  [keys.{}]", scope.name()), theme.muted()),
        ]));
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
            let keys = km.label(b.scope, b.command);
            let mut spans =
                vec![Span::styled(format!("  {keys:<18}"), theme.key()), Span::raw(format!("{:<34}", b.desc))];
            if with_ids {
                spans.push(Span::styled(format!("{:<20}", b.id), theme.muted()));
            }
            if b.dangerous {
                if model.read_only() {
                    spans.push(Span::styled("off: --read-only", theme.tone(crate::app::dialog::Tone::Warning)));
                } else {
                    spans.push(Span::styled("changes data", theme.tone(crate::app::dialog::Tone::Danger)));
                }
            }
            out.push(Line::from(spans));
        }
        if scope == Scope::UserActions {
            out.push(Line::styled(
                "  filter: words match title, type, project, organisation; facets urgency:high type:pending_order overdue !overdue",
                theme.muted(),
            ));
        }
    }
    out
}
