//! The table every list draws: visible rows only (the list's window, which always holds the
//! cursor), a bold header, the cursor row highlighted, a gutter of marks when rows are
//! marked, a scrollbar when the list is longer than the screen, and a muted sentence when
//! there is nothing to show.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{
    HighlightSpacing, Paragraph, Row, Scrollbar, ScrollbarOrientation, ScrollbarState, Table, TableState,
};

use crate::app::list::{Keyed, List};
use crate::ui::theme::Theme;

/// The visible positions of `list` in `area` (one line for the column header), and the
/// cursor's row inside them.
pub(crate) fn window<T: Keyed>(list: &List<T>, area: Rect) -> (usize, usize, usize) {
    list.window(usize::from(area.height.saturating_sub(1)))
}

/// The visible rows of `list`, each turned into a table row by `row`, drawn with the cursor
/// row highlighted.
pub(crate) fn list<'a, T: Keyed>(
    list: &'a List<T>,
    header: Vec<&'static str>,
    widths: Vec<Constraint>,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    row: impl FnMut(&'a T) -> Row<'a>,
) {
    let (start, end, selected) = window(list, area);
    let rows = (start..end).filter_map(|i| list.at(i)).map(row);
    table(rows, header, widths, selected, theme, frame, area);
}

/// Draw what goes around a list's table (the marks on the left, the scrollbar on the right)
/// and return the area left for the table itself. Panes size their columns to that area.
pub(crate) fn around<T: Keyed>(list: &List<T>, theme: &Theme, frame: &mut Frame, area: Rect) -> Rect {
    let mut table = area;
    let (start, end, _) = window(list, area);
    let rows = usize::from(area.height.saturating_sub(1));
    if list.len() > rows && area.width > 20 && rows >= 3 {
        let bar = Rect { x: area.right() - 1, y: area.y + 1, width: 1, height: area.height - 1 };
        // The bar's thumb follows the window, not the cursor: it shows what part is on screen.
        let mut state = ScrollbarState::new(list.len().saturating_sub(rows) + 1).position(start);
        let scrollbar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("│"))
            .track_style(theme.muted())
            .thumb_symbol("┃")
            .thumb_style(theme.key());
        frame.render_stateful_widget(scrollbar, bar, &mut state);
        table.width -= 1;
    }
    if list.has_marks() && table.width > 20 {
        for (row, position) in (start..end).enumerate() {
            if list.is_marked_at(position) {
                let y = table.y + 1 + u16::try_from(row).unwrap_or(u16::MAX);
                if y < table.bottom() {
                    let cell = Rect { x: table.x, y, width: 1, height: 1 };
                    frame.render_widget(Span::styled("●", theme.marked()), cell);
                }
            }
        }
        table.x += 2;
        table.width -= 2;
    }
    table
}

pub(crate) fn table<'a>(
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

pub(crate) fn empty(text: &str, theme: &Theme, frame: &mut Frame, area: Rect) {
    frame.render_widget(
        Paragraph::new(text.to_string()).style(theme.muted()).wrap(ratatui::widgets::Wrap { trim: false }),
        area,
    );
}
