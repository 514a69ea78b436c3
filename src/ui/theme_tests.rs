//! `[ui.colors]` on screen: a custom selection covers the whole cursor row in its colours
//! (no cell keeps its own, nothing dimmed), muted text takes its colour, and mono ignores both.

use ratatui::style::{Color, Modifier};

use super::tests::{assert_readable, find, render, text};
use crate::app::testing::loaded_model;
use crate::config::colors::{Colors, parse_style};

fn custom() -> Colors {
    Colors {
        selected: Some(parse_style("black on #ffd75f bold").expect("style")),
        muted: Some(parse_style("lightblue").expect("style")),
        ..Colors::default()
    }
}

#[test]
fn a_custom_selection_colours_the_whole_cursor_row_and_stays_readable() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut m = loaded_model();
        m.settings.colors = custom();
        let b = render(&mut m, w, h);
        let name = format!("custom_selection_{w}x{h}");
        assert_readable(&b, &name);
        insta::assert_snapshot!(name.clone(), text(&b));

        // The cursor is on the first row, under the column header.
        let (_, y) = find(&b, "URG  TITLE").map(|(x, y)| (x, y + 1)).expect("the table");
        let mut seen = 0;
        for x in 0..b.area.width {
            let cell = &b[(x, y)];
            if cell.symbol() == " " && cell.bg != Color::Rgb(0xff, 0xd7, 0x5f) {
                continue;
            }
            seen += 1;
            let at = format!("{name}: cell ({x},{y}) {:?}", cell.symbol());
            assert_eq!((cell.fg, cell.bg), (Color::Black, Color::Rgb(0xff, 0xd7, 0x5f)), "{at}");
            assert!(cell.modifier.contains(Modifier::BOLD), "{at}");
            assert!(!cell.modifier.intersects(Modifier::DIM | Modifier::REVERSED), "{at}: no cell dims or swaps it");
        }
        assert!(seen > 20, "the row is drawn in the selection colours ({seen} cells)");

        // Muted text off the cursor row (the CREATED column's ages, at 160) takes its colour.
        let Some((x, header)) = find(&b, "CREATED") else { continue };
        let below = (header + 1..b.area.height).find(|row| *row != y && b[(x, *row)].symbol() != " ");
        let muted = below.map(|row| &b[(x, row)]).expect("an age under CREATED");
        assert_eq!(muted.fg, Color::LightBlue, "{name}: muted takes its colour");
        assert!(!muted.modifier.contains(Modifier::DIM), "{name}: and is not dimmed as well");
    }
}

#[test]
fn mono_ignores_the_custom_colours() {
    let mut m = loaded_model();
    m.settings.colors = custom();
    m.settings.mono = true;
    let b = render(&mut m, 160, 48);
    let (_, y) = find(&b, "Approve pending order: HPC allocation 2").expect("the selected row");
    assert!(b[(0, y)].modifier.contains(Modifier::REVERSED), "mono's own selection");
    assert!((0..b.area.width).all(|x| b[(x, y)].bg == Color::Reset), "no colour at all");
}
