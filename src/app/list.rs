//! A cursor over a filtered, sorted view that remembers the selected item by its stable id,
//! never by row index (contract 1): a poll that reorders or removes rows keeps the cursor on
//! the same item, or moves it to the nearest one and says so.

use super::keymap::Command;

/// How a re-sync went, so the caller can tell the operator when the item they had selected
/// is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resync {
    /// The selected item is still there (maybe at another row).
    Kept,
    /// It disappeared; the cursor moved to the item now at its old position.
    Moved,
    /// Nothing was selected, or the view is empty.
    Empty,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor<K> {
    /// The id of the selected item: the source of truth.
    pub selected: Option<K>,
    /// Its row in the current view (derived, refreshed by `resync`).
    pub index: usize,
    /// First visible row.
    pub offset: usize,
}

impl<K> Default for Cursor<K> {
    fn default() -> Self {
        Self { selected: None, index: 0, offset: 0 }
    }
}

impl<K: PartialEq + Clone> Cursor<K> {
    /// Re-find the selected id after the view changed. `key_at(i)` gives the id at row `i`.
    pub fn resync(&mut self, len: usize, key_at: impl Fn(usize) -> K) -> Resync {
        if len == 0 {
            let had = self.selected.take().is_some();
            self.index = 0;
            self.offset = 0;
            return if had { Resync::Moved } else { Resync::Empty };
        }
        let Some(wanted) = self.selected.clone() else {
            self.index = self.index.min(len - 1);
            self.selected = Some(key_at(self.index));
            return Resync::Empty;
        };
        // The old row is the best first guess: a poll rarely moves the selected item.
        if self.index < len && key_at(self.index) == wanted {
            return Resync::Kept;
        }
        if let Some(i) = (0..len).find(|&i| key_at(i) == wanted) {
            self.index = i;
            return Resync::Kept;
        }
        self.index = self.index.min(len - 1);
        self.selected = Some(key_at(self.index));
        Resync::Moved
    }

    /// Move by `delta` rows (clamped) and select what is there.
    pub fn move_by(&mut self, delta: isize, len: usize, key_at: impl Fn(usize) -> K) {
        if len == 0 {
            return;
        }
        let target = (self.index as isize).saturating_add(delta).clamp(0, len as isize - 1);
        self.index = target as usize;
        self.selected = Some(key_at(self.index));
    }

    pub fn move_to(&mut self, index: usize, len: usize, key_at: impl Fn(usize) -> K) {
        if len == 0 {
            return;
        }
        self.index = index.min(len - 1);
        self.selected = Some(key_at(self.index));
    }

    /// Keep the cursor row inside a viewport of `height` rows, scrolling as little as possible.
    pub fn scroll_into_view(&mut self, height: usize, len: usize) {
        let height = height.max(1);
        if self.index < self.offset {
            self.offset = self.index;
        } else if self.index >= self.offset + height {
            self.offset = self.index + 1 - height;
        }
        // Never leave empty space at the bottom when the list could fill it.
        let max_offset = len.saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }
}

/// The movement keys every list shares. Returns whether `cmd` was one of them.
pub fn navigate<K: PartialEq + Clone>(
    cursor: &mut Cursor<K>,
    cmd: Command,
    len: usize,
    page: usize,
    key_at: impl Fn(usize) -> K,
) -> bool {
    let half = (page / 2).max(1) as isize;
    match cmd {
        Command::Down => cursor.move_by(1, len, key_at),
        Command::Up => cursor.move_by(-1, len, key_at),
        Command::Top => cursor.move_to(0, len, key_at),
        Command::Bottom => cursor.move_to(usize::MAX, len, key_at),
        Command::HalfPageDown => cursor.move_by(half, len, key_at),
        Command::HalfPageUp => cursor.move_by(-half, len, key_at),
        _ => return false,
    }
    cursor.scroll_into_view(page, len);
    true
}

/// The scrolling keys of a text view (detail, usage, diff). Returns whether `cmd` was one.
pub fn scroll(offset: &mut usize, cmd: Command, page: usize) -> bool {
    match cmd {
        Command::Down => *offset += 1,
        Command::Up => *offset = offset.saturating_sub(1),
        Command::Top => *offset = 0,
        Command::HalfPageDown => *offset += (page / 2).max(1),
        Command::HalfPageUp => *offset = offset.saturating_sub((page / 2).max(1)),
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor_on(ids: &[u32], id: u32) -> Cursor<u32> {
        let mut c = Cursor::default();
        let idx = ids.iter().position(|x| *x == id).expect("present");
        c.move_to(idx, ids.len(), |i| ids[i]);
        c
    }

    #[test]
    fn a_reorder_keeps_the_same_item() {
        let before = [1, 2, 3, 4];
        let mut c = cursor_on(&before, 3);
        let after = [3, 4, 1, 2];
        assert_eq!(c.resync(after.len(), |i| after[i]), Resync::Kept);
        assert_eq!((c.selected, c.index), (Some(3), 0));
    }

    #[test]
    fn a_removed_item_moves_to_the_nearest_and_says_so() {
        let before = [1, 2, 3, 4];
        let mut c = cursor_on(&before, 3);
        let after = [1, 2, 4];
        assert_eq!(c.resync(after.len(), |i| after[i]), Resync::Moved);
        assert_eq!((c.selected, c.index), (Some(4), 2));
        let after = [1];
        assert_eq!(c.resync(after.len(), |i| after[i]), Resync::Moved);
        assert_eq!((c.selected, c.index), (Some(1), 0));
        assert_eq!(c.resync(0, |_| 0), Resync::Moved);
        assert_eq!(c.selected, None);
    }

    #[test]
    fn first_data_selects_the_first_row() {
        let mut c = Cursor::<u32>::default();
        let rows = [7, 8];
        assert_eq!(c.resync(2, |i| rows[i]), Resync::Empty);
        assert_eq!(c.selected, Some(7));
    }

    #[test]
    fn moves_clamp_and_scrolling_follows() {
        let rows: Vec<u32> = (0..100).collect();
        let mut c = Cursor::default();
        c.move_by(-5, rows.len(), |i| rows[i]);
        assert_eq!(c.index, 0);
        c.move_by(30, rows.len(), |i| rows[i]);
        c.scroll_into_view(10, rows.len());
        assert_eq!((c.index, c.offset), (30, 21));
        c.move_by(1000, rows.len(), |i| rows[i]);
        c.scroll_into_view(10, rows.len());
        assert_eq!((c.index, c.offset, c.selected), (99, 90, Some(99)));
        c.move_to(0, rows.len(), |i| rows[i]);
        c.scroll_into_view(10, rows.len());
        assert_eq!(c.offset, 0);
    }
}
