//! Pure rendering of the model. Builds widgets only for visible rows; never changes state and
//! decides nothing about what is possible: it draws what the pane offers. Must not panic at
//! any size, down to 1×1.

mod chrome;
mod dialog;
mod document;
mod help;
mod link;
mod panes;
#[cfg(test)]
mod props;
mod table;
pub(crate) mod theme;
mod util;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::model::Model;
use theme::Theme;

pub(crate) fn view(model: &Model, frame: &mut Frame) {
    let theme = Theme::new(model.settings.mono, model.settings.colors);
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let [tabs, header, body, status, hints] = rows(area);

    chrome::tabs(model, &theme, frame, tabs);
    panes::render(model, &theme, frame, header, body);
    chrome::status(model, &theme, frame, status);
    chrome::hints(model, &theme, frame, hints);

    if let Some(d) = &model.dialog {
        dialog::render(d, &model.keymap, model.settings.hyperlinks, &theme, frame, area);
    }
    if let Some(h) = &model.help {
        help::render(model, h, &theme, frame, area);
    }
}

/// Tabs, header, body, status line and hint bar, top to bottom. Split by hand: below five
/// rows the layout solver has several equal answers and picks one by chance, so the same
/// model drew differently from one run to the next. Rows go to the tabs first, then the
/// hint bar, the status line, the header, and what is left to the body.
fn rows(area: Rect) -> [Rect; 5] {
    let row = |y: u16, height: u16| Rect { y, height, ..area };
    let (top, h) = (area.y, area.height);
    let tabs = row(top, h.min(1));
    let hints = if h >= 2 { row(top + h - 1, 1) } else { row(top + h, 0) };
    let status = if h >= 3 { row(top + h - 2, 1) } else { row(top + h.saturating_sub(1), 0) };
    let header = if h >= 4 { row(top + 1, 1) } else { row(top + h.min(1), 0) };
    let body = row(top + h.min(2), h.saturating_sub(4));
    [tabs, header, body, status, hints]
}

#[cfg(test)]
mod command_line_tests;
#[cfg(test)]
mod progress_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod theme_tests;
