//! The table every list draws: visible rows only (the list's window, which always holds the
//! cursor), a bold header, the cursor row highlighted, and a muted sentence when there is
//! nothing to show.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{HighlightSpacing, Paragraph, Row, Table, TableState};

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
