//! OSC 8 hyperlinks over text already drawn. Ratatui has no link cells, so each cell of the
//! area gets its character wrapped in the link's open and close sequences, with its width
//! forced to one column; terminals join neighbouring cells with the same link `id` into one
//! link, and terminals without OSC 8 ignore the sequences.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;

/// Make the cells of `area` a link to `url`. The URL comes from a server or the config: only
/// printable ASCII is kept (a URL needs nothing else), so it cannot end the sequence early
/// or smuggle a control sequence in.
pub(crate) fn hyperlink(buf: &mut Buffer, area: Rect, url: &str) {
    let url: String = url.chars().filter(|c| c.is_ascii_graphic()).collect();
    if url.is_empty() {
        return;
    }
    let id = format!("{:x}", fnv(&url));
    let one = NonZeroU16::MIN;
    for x in area.left()..area.right().min(buf.area.right()) {
        for y in area.top()..area.bottom().min(buf.area.bottom()) {
            let cell = &mut buf[(x, y)];
            let symbol = cell.symbol().to_string();
            cell.set_symbol(&format!("\x1b]8;id={id};{url}\x1b\\{symbol}\x1b]8;;\x1b\\"));
            cell.set_diff_option(CellDiffOption::ForcedWidth(one));
        }
    }
}

/// A stable id per URL, so that every cell of one link is one link to the terminal.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cell_carries_the_link_and_hostile_bytes_are_dropped() {
        let mut buf = Buffer::with_lines(["open here"]);
        hyperlink(&mut buf, Rect::new(0, 0, 4, 1), "https://w.example.com/a\x1b]8;;evil\x07 b");
        let first = buf[(0, 0)].symbol().to_string();
        assert!(first.starts_with("\x1b]8;id="), "{first:?}");
        assert!(first.contains(";https://w.example.com/a]8;;evilb\x1b\\o\x1b]8;;\x1b\\"), "{first:?}");
        assert_eq!(buf[(0, 0)].diff_option, CellDiffOption::ForcedWidth(NonZeroU16::MIN));
        assert_eq!(buf[(4, 0)].symbol(), " ", "outside the area nothing changes");
        assert_eq!(first.matches('\x1b').count(), 4, "two sequences, nothing else");
    }
}
