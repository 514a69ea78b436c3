//! The table every list pane draws: visible rows only, a bold header, the cursor row
//! highlighted, and a muted sentence when there is nothing to show.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{HighlightSpacing, Paragraph, Row, Table, TableState};

use crate::app::list::Cursor;
use crate::ui::theme::Theme;

/// The visible slice of a list of `len` rows in `area` (one line for the column header), and
/// the cursor's row inside it. The window always contains the cursor, whatever the offset.
pub fn window<K>(cursor: &Cursor<K>, len: usize, area: Rect) -> (usize, usize, usize) {
    let height = usize::from(area.height.saturating_sub(1)).max(1);
    let index = cursor.index.min(len.saturating_sub(1));
    let start = cursor.offset.min(index).max((index + 1).saturating_sub(height));
    let end = (start + height).min(len);
    (start, end, index - start)
}

pub fn table<'a>(
    rows: impl IntoIterator<Item = Row<'a>>,
    header: Vec<&'static str>,
    widths: Vec<Constraint>,
    selected: usize,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let t = Table::new(rows, widths)
        .header(Row::new(header).style(theme.header()))
        .column_spacing(1)
        .highlight_spacing(HighlightSpacing::Never)
        .row_highlight_style(theme.selected());
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(t, area, &mut state);
}

pub fn empty(text: &str, theme: &Theme, frame: &mut Frame, area: Rect) {
    frame.render_widget(
        Paragraph::new(text.to_string()).style(theme.muted()).wrap(ratatui::widgets::Wrap { trim: false }),
        area,
    );
}
