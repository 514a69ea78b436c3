//! A `Document` on screen: wrapped the same way the model counts its rows, scrolled by its
//! pager, each span in its tone's colour.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::document::Document;
use crate::app::list::Pager;

pub(crate) fn render(doc: &Document, pager: &Pager, theme: &Theme, frame: &mut Frame, area: Rect) {
    let rows = doc.wrap(area.width);
    let offset = pager.offset.min(rows.len().saturating_sub(1));
    let lines: Vec<Line> = rows
        .into_iter()
        .skip(offset)
        .take(usize::from(area.height))
        .map(|row| {
            Line::from(row.into_iter().map(|(text, tone)| Span::styled(text, theme.tone(tone))).collect::<Vec<_>>())
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
