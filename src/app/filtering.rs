//! The `/` line of whichever pane is visible: keys, paste and `:filter` all edit it through
//! here, and the pane recomputes its view and keeps its cursor in sight.

use crossterm::event::KeyEvent;

use super::dialog::Tone;
use super::filter::{FilterBox, FilterChange};
use super::model::{Model, Pane};

/// The visible pane's filter line, if it has one.
pub fn filter_box(model: &Model) -> Option<&FilterBox> {
    match model.pane {
        Pane::UserActions => Some(&model.user_actions.filter),
        Pane::Actions => Some(&model.actions.filter),
        Pane::Groups => Some(&model.groups.filter),
        Pane::Audits => None,
    }
}

/// Whether keys go to a filter line being typed.
pub fn editing(model: &Model) -> bool {
    filter_box(model).is_some_and(FilterBox::is_editing)
}

/// Apply `edit` to the visible pane's filter and refilter that pane.
pub fn edit(model: &mut Model, edit: impl FnOnce(&mut FilterBox) -> FilterChange) {
    let (now, page) = (model.now, model.table_rows());
    match model.pane {
        Pane::UserActions => {
            let p = &mut model.user_actions;
            let change = edit(&mut p.filter);
            p.filter_changed(change, now);
            p.cursor.scroll_into_view(page, p.view.len());
            if let Some(bad) = p.filter.filter.unknown.first() {
                let text =
                    format!("filter: “{bad}” not understood (urgency:high|medium|low, type:…, overdue, !overdue)");
                model.set_status(text, Tone::Warning);
            }
        }
        Pane::Actions => {
            let p = &mut model.actions;
            let change = edit(&mut p.filter);
            p.filter_changed(change);
            p.cursor.scroll_into_view(page, p.view.len());
        }
        Pane::Groups => {
            let p = &mut model.groups;
            let change = edit(&mut p.filter);
            p.filter_changed(change);
            p.cursor.scroll_into_view(page, p.view.len());
        }
        Pane::Audits => {}
    }
}

pub fn on_key(model: &mut Model, key: &KeyEvent) {
    edit(model, |f| f.on_key(key));
}

pub fn on_paste(model: &mut Model, text: &str) {
    edit(model, |f| f.on_paste(text));
}
