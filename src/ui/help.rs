//! The `?` overlay: the page `app::help` writes, scrolled by its pager.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Borders, Clear};

use super::theme::Theme;
use crate::app::model::{Help, Model};

pub(crate) fn render(model: &Model, help: &Help, theme: &Theme, frame: &mut Frame, area: Rect) {
    let (w, h) = crate::app::help::inner_size(area.width, area.height);
    let rect = super::util::centered(area, w + 2, h + 2);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border())
        .title(Span::styled(" Keys ", theme.header()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let doc = crate::app::help::document(model, inner.width);
    super::document::render(&doc, &help.pager, None, theme, frame, inner);
}
