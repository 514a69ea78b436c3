//! `prop_view_*`: drawing any state at any size never panics, and draws only inside the
//! frame's area: the same model drawn at two origins gives the same cells, and nothing
//! around the area is touched.

use proptest::prelude::*;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::app::model::Model;
use crate::app::panes::Pane;
use crate::app::props::scenario::{resolve, session, start};
use crate::app::update::update;

/// The model drawn in a `width`×`height` area whose top-left corner is at `(x, y)` of a
/// larger screen; the whole screen comes back.
fn draw_at(m: &Model, x: u16, y: u16) -> Result<Buffer, TestCaseError> {
    let area = Rect { x, y, width: m.width, height: m.height };
    let backend = TestBackend::new(m.width + x + 2, m.height + y + 2);
    let options = TerminalOptions { viewport: Viewport::Fixed(area) };
    let mut t = Terminal::with_options(backend, options).map_err(|e| TestCaseError::fail(e.to_string()))?;
    t.draw(|f| super::view(m, f)).map_err(|e| TestCaseError::fail(e.to_string()))?;
    Ok(t.backend().buffer().clone())
}

fn check(m: &Model) -> Result<(), TestCaseError> {
    let (w, h) = (m.width, m.height);
    let home = draw_at(m, 0, 0)?;
    failure_shown(m, &home)?;
    let away = draw_at(m, 3, 2)?;
    for row in 0..h + 4 {
        for col in 0..w + 5 {
            let inside = (3..3 + w).contains(&col) && (2..2 + h).contains(&row);
            let cell = &away[(col, row)];
            if inside {
                let same = &home[(col - 3, row - 2)];
                prop_assert_eq!(
                    cell,
                    same,
                    "cell ({}, {}) of {}x{} differs when drawn elsewhere",
                    col - 3,
                    row - 2,
                    w,
                    h
                );
            } else {
                prop_assert_eq!(cell.symbol(), " ", "cell ({}, {}) outside the {}x{} area was drawn", col, row, w, h);
            }
        }
    }
    Ok(())
}

/// A failing source is never drawn as if it had nothing to say: its pane's tab carries ✗
/// (checked where the four tabs fit and nothing covers them).
fn failure_shown(m: &Model, screen: &Buffer) -> Result<(), TestCaseError> {
    let failing = Pane::ALL.iter().any(|p| p.unit().health(m).iter().any(|h| h.freshness.last_error.is_some()));
    if !failing || m.width < 80 || m.height < 5 || m.dialog.is_some() || m.help.is_some() {
        return Ok(());
    }
    let tabs: String = (0..m.width).map(|x| screen[(x, 0)].symbol()).collect();
    prop_assert!(tabs.contains('✗'), "a source is failing, yet the tabs read {:?}", tabs);
    Ok(())
}

proptest! {
    #![proptest_config(crate::props::config())]

    #[test]
    fn prop_view_fit_never_exceeds_its_columns(s in crate::props::nasty_string(40), max in 0usize..50) {
        use unicode_width::UnicodeWidthStr;
        let out = super::util::fit(&s, max);
        prop_assert!(out.width() <= max, "fit({:?}, {}) = {:?} is {} columns", s, max, out, out.width());
    }

    #[test]
    fn prop_view_split_line_fills_exactly_its_width(
        left in proptest::collection::vec(crate::props::nasty_string(12), 0..4),
        right in proptest::collection::vec(crate::props::nasty_string(12), 0..3),
        width in 0u16..60,
    ) {
        let spans = |v: Vec<String>| v.into_iter().map(ratatui::text::Span::raw).collect::<Vec<_>>();
        let line = super::util::split_line(spans(left), spans(right), width);
        prop_assert!(line.width() <= usize::from(width), "{:?} is {} columns for {}", line, line.width(), width);
    }

    // A line is never wider than asked, unless it is one character that is wider by itself
    // (the long run found U+17D8, three columns; ❤ with U+FE0F is two): no wrapping can fit
    // that one. Dialog text is
    // cleaned before it is wrapped (control characters have no width to agree on), so the
    // property wraps cleaned text.
    #[test]
    fn prop_view_wrap_stays_in_its_width(text in crate::props::nasty_string(120), width in 1usize..40) {
        use unicode_width::UnicodeWidthStr;
        let text = crate::domain::text::clean_text(&text);
        for l in super::util::wrap(&text, width) {
            // One visible character with its combining or variation marks (❤ + U+FE0F).
            let one_wide_char = l.chars().filter(|c| unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0) > 0).count() == 1;
            prop_assert!(l.width() <= width || one_wide_char, "{:?} is {} columns for {}", l, l.width(), width);
        }
    }

    #[test]
    fn prop_view_draws_inside_its_area(start in start(), steps in session(25), read_only in any::<bool>()) {
        let mut m = start.model(read_only);
        check(&m)?;
        for step in &steps {
            let msg = resolve(step, &m);
            update(&mut m, msg);
            check(&m)?;
        }
    }
}
