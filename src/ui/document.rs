//! A `Document` on screen: wrapped the same way the model counts its rows, scrolled by its
//! pager, each span in its tone's colour.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::document::Document;
use crate::app::list::Pager;

/// `find`: the word `/` found, highlighted wherever it is.
pub(crate) fn render(doc: &Document, pager: &Pager, find: Option<&str>, theme: &Theme, frame: &mut Frame, area: Rect) {
    let words: Vec<String> = find.map(str::to_string).into_iter().collect();
    let rows = doc.wrap(area.width);
    let offset = pager.offset.min(rows.len().saturating_sub(1));
    let lines: Vec<Line> = rows
        .into_iter()
        .skip(offset)
        .take(usize::from(area.height))
        .map(|row| {
            let spans = row
                .into_iter()
                .flat_map(|(text, tone)| super::util::highlighted(text, &words, theme.tone(tone), theme.hit()).spans);
            Line::from(spans.collect::<Vec<Span>>())
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
