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
use ratatui::layout::{Constraint, Layout};

use crate::app::model::Model;
use theme::Theme;

pub(crate) fn view(model: &Model, frame: &mut Frame) {
    let theme = Theme::new(model.settings.mono);
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let [tabs, header, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);

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

#[cfg(test)]
mod tests;
