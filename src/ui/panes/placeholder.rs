//! Panes whose server is not configured say which server they need and how to add it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::ui::theme::Theme;

/// "This pane needs a CDS server" and the two ways to add one.
pub(crate) fn needs_server(
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    name: &str,
    key: &str,
    url_env: &str,
    token_env: &str,
) {
    let lines = vec![
        Line::styled(format!("This pane needs a {name} server, and the current profile has none."), theme.header()),
        Line::raw(""),
        Line::raw("Add one to your config (opsy config check shows where it is):"),
        Line::styled(format!("  [profiles.<name>.{key}]"), theme.key()),
        Line::styled("  url = \"https://…\"", theme.key()),
        Line::styled("  token_env = \"…\"   # or token_command = \"pass show …\"", theme.key()),
        Line::raw(""),
        Line::raw(format!("or, for a quick start, set {url_env} and {token_env}.")),
        Line::raw("Try everything on the embedded demo server: opsy --demo"),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
