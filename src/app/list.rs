//! The one list component every pane uses: its rows, the filtered and sorted view of them, a
//! cursor that remembers the selected item by its stable key (contract 1: a poll that reorders
//! or removes rows keeps the cursor on the same item, or moves it to the nearest one and says
//! so), and the visible window, which always contains the cursor, so the highlighted row is
//! the one the keys act on, whatever the terminal size did meanwhile.

use std::cmp::Ordering;
use std::collections::HashSet;

use super::keymap::Command;

/// An order on rows, for [`List::rebuild`].
pub(crate) type Order<'a, T> = &'a dyn Fn(&T, &T) -> Ordering;

/// Where the cursor is in a list and what is marked, for the ruler at the bottom right
/// ("201/88951 of 100000 · 12 marked").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Ruler {
    /// The cursor's row, counted from 1; `None` when nothing is shown.
    pub(crate) position: Option<usize>,
    /// Rows shown (after the filter) and rows held.
    pub(crate) shown: usize,
    pub(crate) held: usize,
    /// Shown rows an operation on the marks would act on, and marks the filter hides.
    pub(crate) marked: usize,
    pub(crate) hidden_marks: usize,
    /// A `v` range is open.
    pub(crate) range: bool,
    /// The order, when the list has more than one ("by due", "by name").
    pub(crate) sort: Option<&'static str>,
}

impl Ruler {
    pub(crate) fn sorted(self, sort: &'static str) -> Self {
        Self { sort: Some(sort), ..self }
    }
}

/// A row with a stable identity.
pub(crate) trait Keyed {
    type Key: Clone + Eq + std::hash::Hash + std::fmt::Debug;
    fn key(&self) -> Self::Key;
}

/// How a rebuild went, so the caller can tell the operator when the item they had selected
/// is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resync {
    /// The selected item is still there (maybe at another row).
    Kept,
    /// It disappeared; the cursor moved to the item now at its old position.
    Moved,
    /// Nothing was selected, or the view is empty.
    Empty,
}

#[derive(Debug, Clone)]
pub(crate) struct List<T: Keyed> {
    rows: Vec<T>,
    /// Indices into `rows` that pass the filter, in display order.
    view: Vec<u32>,
    /// The key of the selected item: the source of truth.
    selected: Option<T::Key>,
    /// An item to select once a rebuild shows it (see [`List::expect`]).
    expected: Option<T::Key>,
    /// Its position in `view` (derived, refreshed by every rebuild).
    index: usize,
    /// First visible position.
    offset: usize,
    /// Rows the pane shows at once; set by the pane from the terminal size.
    page: usize,
    /// Marked items, by key: a poll that reorders rows keeps them marked, one that removes a
    /// row drops its mark. A mark hidden by the filter stays, but is never acted on.
    marks: HashSet<T::Key>,
    /// Marked items shown by the filter (derived, kept in step by every change).
    marks_shown: usize,
    /// Where a `v` range started: it runs from there to the cursor, whichever way it moves.
    anchor: Option<T::Key>,
    /// The anchor's position in `view` (derived, refreshed by every rebuild).
    anchor_at: usize,
}

impl<T: Keyed> Default for List<T> {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            view: Vec::new(),
            selected: None,
            expected: None,
            index: 0,
            offset: 0,
            page: 1,
            marks: HashSet::new(),
            marks_shown: 0,
            anchor: None,
            anchor_at: 0,
        }
    }
}

impl<T: Keyed> List<T> {
    /// Every row, filtered or not, in storage order.
    pub(crate) fn rows(&self) -> &[T] {
        &self.rows
    }

    /// Replace the rows (the caller rebuilds the view next).
    pub(crate) fn set_rows(&mut self, rows: Vec<T>) {
        self.rows = rows;
        self.view.clear();
    }

    /// Replace the rows and hand back the old ones (the caller rebuilds the view next).
    pub(crate) fn replace_rows(&mut self, rows: Vec<T>) -> Vec<T> {
        self.view.clear();
        std::mem::replace(&mut self.rows, rows)
    }

    /// Edit the rows in place (the caller rebuilds the view next).
    pub(crate) fn rows_mut(&mut self) -> &mut Vec<T> {
        self.view.clear();
        &mut self.rows
    }

    /// Rows shown (after the filter).
    pub(crate) fn len(&self) -> usize {
        self.view.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.view.is_empty()
    }

    /// The row shown at `position`.
    pub(crate) fn at(&self, position: usize) -> Option<&T> {
        self.rows.get(*self.view.get(position)? as usize)
    }

    /// The shown rows, in display order.
    pub(crate) fn shown(&self) -> impl Iterator<Item = &T> {
        self.view.iter().filter_map(|i| self.rows.get(*i as usize))
    }

    /// The selected row, if the cursor is on one (never a row other than the one remembered).
    pub(crate) fn selected(&self) -> Option<&T> {
        let row = self.at(self.index)?;
        (Some(row.key()) == self.selected).then_some(row)
    }

    pub(crate) fn selected_key(&self) -> Option<&T::Key> {
        self.selected.as_ref()
    }

    /// The cursor's position in the view.
    #[cfg(test)]
    pub(crate) fn index(&self) -> usize {
        self.index
    }

    /// Why the list breaks its own invariants, if it does: a list with rows has its cursor on
    /// a shown row, on the remembered key, and inside the window a page of `page` rows
    /// shows (the property tests check this after every message).
    #[cfg(test)]
    pub(crate) fn broken(&self, page: usize) -> Option<String> {
        let len = self.view.len();
        if len == 0 {
            return self.selected.as_ref().map(|k| format!("empty view but {k:?} selected"));
        }
        let (start, end, _) = (self.offset, (self.offset + page.max(1)).min(len), ());
        let why = if self.page != page.max(1) {
            format!("page {} but the screen shows {page} rows", self.page)
        } else if self.index >= len {
            format!("cursor {} past the view's {len} rows", self.index)
        } else if self.selected().is_none() {
            format!("cursor {} is not on the remembered {:?}", self.index, self.selected)
        } else if !(start..end).contains(&self.index) {
            format!("cursor {} outside the window {start}..{end}", self.index)
        } else if self.window(page) != (start, end, self.index - start) {
            format!("drawn window {:?} is not the model's {start}..{end}", self.window(page))
        } else {
            return None;
        };
        Some(why)
    }

    /// The selected row if it is on screen (inside the model's window).
    #[cfg(test)]
    pub(crate) fn selected_visible(&self) -> Option<&T> {
        let on_screen = (self.offset..self.offset + self.page.max(1)).contains(&self.index);
        self.selected().filter(|_| on_screen)
    }

    /// Put the cursor on `key` now if it is shown, else on the next rebuild that shows it
    /// (a group just created arrives with the next poll). Until then the cursor stays where
    /// it is, on the row it highlights: the keys never act on a row other than the one seen.
    pub(crate) fn expect(&mut self, key: T::Key) {
        if !self.select(&key) {
            self.expected = Some(key);
        }
    }

    pub(crate) fn find(&self, mut pred: impl FnMut(&T) -> bool) -> Option<&T> {
        self.rows.iter().find(|r| pred(r))
    }

    /// Recompute the view from every row: those `keep` accepts (given their storage index),
    /// in storage order or sorted by `order`. The cursor stays on the same item if it is
    /// still shown.
    pub(crate) fn rebuild(&mut self, keep: impl Fn(usize, &T) -> bool, order: Option<Order<'_, T>>) -> Resync {
        let rows = &self.rows;
        // Into the same allocation: at 100k rows a new one cost its page faults and the old
        // one's unmapping on every keystroke.
        self.view.clear();
        self.view.extend((0..rows.len()).filter(|&i| keep(i, &rows[i])).map(|i| u32::try_from(i).unwrap_or(u32::MAX)));
        if let Some(order) = order {
            self.view.sort_by(|a, b| order(&rows[*a as usize], &rows[*b as usize]));
        }
        self.resync()
    }

    /// Narrow the current view (typing one more letter of a filter): only rows already
    /// shown can match, in the order they are shown.
    pub(crate) fn narrow(&mut self, keep: impl Fn(usize, &T) -> bool) -> Resync {
        let rows = &self.rows;
        self.view.retain(|i| keep(*i as usize, &rows[*i as usize]));
        self.resync()
    }

    /// Re-find the selected key and the marks after the view changed.
    fn resync(&mut self) -> Resync {
        self.resync_marks();
        let result = self.resync_cursor();
        self.resync_anchor();
        result
    }

    fn resync_cursor(&mut self) -> Resync {
        if let Some(wanted) = self.expected.take()
            && let Some(i) = (0..self.view.len()).find(|&i| self.at(i).is_some_and(|r| r.key() == wanted))
        {
            self.move_to(i);
            return Resync::Kept;
        }
        let len = self.view.len();
        let result = if len == 0 {
            let had = self.selected.take().is_some();
            self.index = 0;
            if had { Resync::Moved } else { Resync::Empty }
        } else if let Some(wanted) = self.selected.clone() {
            // The old position is the best first guess: a poll rarely moves the selected item.
            if self.at(self.index).is_some_and(|r| r.key() == wanted) {
                Resync::Kept
            } else if let Some(i) = (0..len).find(|&i| self.at(i).is_some_and(|r| r.key() == wanted)) {
                self.index = i;
                Resync::Kept
            } else {
                self.index = self.index.min(len - 1);
                self.selected = self.at(self.index).map(Keyed::key);
                Resync::Moved
            }
        } else {
            self.index = self.index.min(len - 1);
            self.selected = self.at(self.index).map(Keyed::key);
            Resync::Empty
        };
        self.scroll_into_view();
        result
    }

    pub(crate) fn ruler(&self) -> Ruler {
        let shown = self.view.len();
        Ruler {
            position: (shown > 0).then_some(self.index + 1),
            shown,
            held: self.rows.len(),
            marked: self.marked_count(),
            hidden_marks: self.hidden_marks(),
            range: self.anchor.is_some(),
            sort: None,
        }
    }

    /// Marks belong to rows the list still holds; the count of shown ones follows the view.
    fn resync_marks(&mut self) {
        if self.marks.is_empty() {
            self.marks_shown = 0;
            return;
        }
        let held: HashSet<T::Key> = self.rows.iter().map(Keyed::key).filter(|k| self.marks.contains(k)).collect();
        self.marks = held;
        self.marks_shown = self.shown().filter(|r| self.marks.contains(&r.key())).count();
    }

    /// A range whose first row left the view ends: what it covered is no longer what the
    /// operator saw.
    fn resync_anchor(&mut self) {
        let Some(anchor) = self.anchor.clone() else { return };
        match self.position_of(&anchor) {
            Some(i) => self.anchor_at = i,
            None => self.anchor = None,
        }
    }

    fn position_of(&self, key: &T::Key) -> Option<usize> {
        (0..self.view.len()).find(|&i| self.at(i).is_some_and(|r| &r.key() == key))
    }

    /// `space`: mark or unmark the selected row, then move down, so marks go row by row.
    pub(crate) fn toggle_mark(&mut self) {
        let Some(key) = self.selected().map(Keyed::key) else { return };
        if self.marks.remove(&key) {
            self.marks_shown = self.marks_shown.saturating_sub(1);
        } else {
            self.marks.insert(key);
            self.marks_shown += 1;
        }
        self.move_by(1);
    }

    /// `v`: start a range at the cursor; pressed again, mark every row of the range and end
    /// it. Returns whether a range is now open.
    pub(crate) fn toggle_range(&mut self) -> bool {
        if self.anchor.is_some() {
            self.commit_range();
            return false;
        }
        self.anchor = self.selected().map(Keyed::key);
        self.anchor_at = self.index;
        self.anchor.is_some()
    }

    fn commit_range(&mut self) {
        if let Some((first, last)) = self.range() {
            for i in first..=last {
                if let Some(key) = self.at(i).map(Keyed::key)
                    && self.marks.insert(key)
                {
                    self.marks_shown += 1;
                }
            }
        }
        self.anchor = None;
    }

    /// The open range, as view positions `first..=last`.
    pub(crate) fn range(&self) -> Option<(usize, usize)> {
        self.anchor.as_ref()?;
        if self.view.is_empty() {
            return None;
        }
        Some((self.anchor_at.min(self.index), self.anchor_at.max(self.index)))
    }

    /// `Esc`: end an open range first, then drop the marks. Whether there was anything to clear.
    pub(crate) fn clear_marks(&mut self) -> bool {
        if self.anchor.take().is_some() {
            return true;
        }
        if self.marks.is_empty() {
            return false;
        }
        self.marks.clear();
        self.marks_shown = 0;
        true
    }

    /// An operation on the marks was sent: they have done their job (acting on them twice by
    /// mistake would be worse than marking again).
    pub(crate) fn drop_marks(&mut self) {
        self.anchor = None;
        self.marks.clear();
        self.marks_shown = 0;
    }

    /// Whether an operation would act on marked rows rather than the cursor's.
    pub(crate) fn has_marks(&self) -> bool {
        self.anchor.is_some() || !self.marks.is_empty()
    }

    /// Whether the row shown at `position` is marked or inside the open range.
    pub(crate) fn is_marked_at(&self, position: usize) -> bool {
        self.range().is_some_and(|(first, last)| (first..=last).contains(&position))
            || (!self.marks.is_empty() && self.at(position).is_some_and(|r| self.marks.contains(&r.key())))
    }

    /// How many shown rows an operation on the marks would act on (the range included).
    pub(crate) fn marked_count(&self) -> usize {
        let in_range = self.range().map_or(0, |(first, last)| {
            (first..=last).filter(|&i| self.at(i).is_some_and(|r| !self.marks.contains(&r.key()))).count()
        });
        self.marks_shown + in_range
    }

    /// Marks the filter hides: kept, but never acted on (the operator cannot see them).
    pub(crate) fn hidden_marks(&self) -> usize {
        self.marks.len().saturating_sub(self.marks_shown)
    }

    /// The rows an operation on the marks acts on: marked or in the range, shown, in display
    /// order. Empty when nothing is marked.
    pub(crate) fn marked(&self) -> Vec<&T> {
        if !self.has_marks() {
            return Vec::new();
        }
        (0..self.view.len()).filter(|&i| self.is_marked_at(i)).filter_map(|i| self.at(i)).collect()
    }

    /// Put the cursor on `key` if it is shown.
    pub(crate) fn select(&mut self, key: &T::Key) -> bool {
        match (0..self.view.len()).find(|&i| self.at(i).is_some_and(|r| &r.key() == key)) {
            Some(i) => {
                self.move_to(i);
                true
            }
            None => false,
        }
    }

    fn move_to(&mut self, position: usize) {
        if self.view.is_empty() {
            return;
        }
        self.index = position.min(self.view.len() - 1);
        self.selected = self.at(self.index).map(Keyed::key);
        self.scroll_into_view();
    }

    fn move_by(&mut self, delta: isize) {
        let target = (self.index as isize).saturating_add(delta).max(0) as usize;
        self.move_to(target);
    }

    /// The movement keys every list shares. Returns whether `cmd` was one of them.
    pub(crate) fn navigate(&mut self, cmd: Command) -> bool {
        let half = (self.page / 2).max(1) as isize;
        match cmd {
            Command::Down => self.move_by(1),
            Command::Up => self.move_by(-1),
            Command::Top => self.move_to(0),
            Command::Bottom => self.move_to(usize::MAX),
            Command::HalfPageDown => self.move_by(half),
            Command::HalfPageUp => self.move_by(-half),
            _ => return false,
        }
        true
    }

    /// The pane's height changed: keep the cursor on screen.
    pub(crate) fn set_page(&mut self, page: usize) {
        self.page = page.max(1);
        self.scroll_into_view();
    }

    pub(crate) fn page(&self) -> usize {
        self.page
    }

    /// Scroll as little as possible so that the cursor row is visible, and never leave empty
    /// space at the bottom when the list could fill it.
    fn scroll_into_view(&mut self) {
        let page = self.page.max(1);
        if self.index < self.offset {
            self.offset = self.index;
        } else if self.index >= self.offset + page {
            self.offset = self.index + 1 - page;
        }
        self.offset = self.offset.min(self.view.len().saturating_sub(page));
    }

    /// The visible positions `start..end` for a table of `height` rows, and the cursor's row
    /// inside it. Always contains the cursor, even if `height` differs from the page the
    /// model last heard of.
    pub(crate) fn window(&self, height: usize) -> (usize, usize, usize) {
        let height = height.max(1);
        let len = self.view.len();
        let index = self.index.min(len.saturating_sub(1));
        let start = self.offset.min(index).max((index + 1).saturating_sub(height));
        let end = (start + height).min(len);
        (start, end, index - start)
    }
}

/// A text page (detail, diff, help) scrolled by the same keys as a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Pager {
    pub(crate) offset: usize,
}

impl Pager {
    /// Returns whether `cmd` scrolled. `lines` is the page's length, `page` its height.
    pub(crate) fn scroll(&mut self, cmd: Command, page: usize, lines: usize) -> bool {
        let half = (page / 2).max(1);
        let last = lines.saturating_sub(page.max(1));
        match cmd {
            Command::Down => self.offset += 1,
            Command::Up => self.offset = self.offset.saturating_sub(1),
            Command::Top => self.offset = 0,
            Command::Bottom => self.offset = last,
            Command::HalfPageDown => self.offset += half,
            Command::HalfPageUp => self.offset = self.offset.saturating_sub(half),
            _ => return false,
        }
        self.offset = self.offset.min(last);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Keyed for u32 {
        type Key = u32;
        fn key(&self) -> u32 {
            *self
        }
    }

    fn list(rows: &[u32]) -> List<u32> {
        let mut l = List::default();
        l.set_rows(rows.to_vec());
        l.rebuild(|_, _| true, None);
        l
    }

    fn on(l: &mut List<u32>, id: u32) {
        assert!(l.select(&id), "{id} shown");
    }

    fn reload(l: &mut List<u32>, rows: &[u32]) -> Resync {
        l.set_rows(rows.to_vec());
        l.rebuild(|_, _| true, None)
    }

    #[test]
    fn a_reorder_keeps_the_same_item() {
        let mut l = list(&[1, 2, 3, 4]);
        on(&mut l, 3);
        assert_eq!(reload(&mut l, &[3, 4, 1, 2]), Resync::Kept);
        assert_eq!((l.selected().copied(), l.index()), (Some(3), 0));
    }

    #[test]
    fn a_removed_item_moves_to_the_nearest_and_says_so() {
        let mut l = list(&[1, 2, 3, 4]);
        on(&mut l, 3);
        assert_eq!(reload(&mut l, &[1, 2, 4]), Resync::Moved);
        assert_eq!((l.selected().copied(), l.index()), (Some(4), 2));
        assert_eq!(reload(&mut l, &[1]), Resync::Moved);
        assert_eq!(l.selected().copied(), Some(1));
        assert_eq!(reload(&mut l, &[]), Resync::Moved);
        assert_eq!(l.selected(), None);
    }

    #[test]
    fn first_data_selects_the_first_row() {
        let mut l = List::<u32>::default();
        assert_eq!(reload(&mut l, &[7, 8]), Resync::Empty);
        assert_eq!(l.selected().copied(), Some(7));
    }

    #[test]
    fn moves_clamp_and_scrolling_follows() {
        let rows: Vec<u32> = (0..100).collect();
        let mut l = list(&rows);
        l.set_page(10);
        l.navigate(Command::Up);
        assert_eq!(l.index(), 0);
        for _ in 0..30 {
            l.navigate(Command::Down);
        }
        assert_eq!((l.index(), l.window(10).0), (30, 21));
        l.navigate(Command::Bottom);
        assert_eq!((l.index(), l.window(10), l.selected().copied()), (99, (90, 100, 9), Some(99)));
        l.navigate(Command::Top);
        assert_eq!(l.window(10).0, 0);
    }

    #[test]
    fn a_smaller_page_keeps_the_cursor_on_screen() {
        let rows: Vec<u32> = (0..100).collect();
        let mut l = list(&rows);
        l.set_page(45);
        l.navigate(Command::Bottom);
        assert_eq!(l.window(45), (55, 100, 44));
        l.set_page(7);
        let (start, end, at) = l.window(7);
        assert_eq!((start, end, at), (93, 100, 6), "the selected row is the last visible one");
        assert_eq!(l.at(start + at).copied(), l.selected().copied());
    }

    #[test]
    fn sorting_and_filtering_keep_the_selection() {
        let mut l = list(&[5, 1, 4, 2, 3]);
        on(&mut l, 4);
        let desc = |a: &u32, b: &u32| b.cmp(a);
        l.rebuild(|_, r| *r != 2, Some(&desc));
        assert_eq!(l.shown().copied().collect::<Vec<_>>(), [5, 4, 3, 1]);
        assert_eq!(l.selected().copied(), Some(4));
        l.narrow(|_, r| *r > 3);
        assert_eq!(l.shown().copied().collect::<Vec<_>>(), [5, 4]);
    }

    /// Found by `prop_update_keeps_the_contracts`: after a group was created under the name
    /// of one already listed, the list remembered that key while its cursor stayed on
    /// another row, so the highlighted row was not the one the keys acted on.
    #[test]
    fn an_expected_item_is_selected_when_it_shows_and_not_before() {
        let mut l = list(&[1, 2, 3]);
        l.expect(3);
        assert_eq!((l.selected().copied(), l.index()), (Some(3), 2), "already shown: selected at once");
        l.expect(9);
        assert_eq!(l.selected().copied(), Some(3), "not shown yet: the cursor stays on what it highlights");
        assert_eq!(reload(&mut l, &[9, 1, 2, 3]), Resync::Kept);
        assert_eq!((l.selected().copied(), l.index()), (Some(9), 0), "the next rebuild that shows it selects it");
    }

    #[test]
    fn marks_are_kept_by_key_counted_when_shown_and_dropped_with_their_rows() {
        let mut l = list(&[1, 2, 3, 4]);
        l.toggle_mark();
        l.toggle_mark();
        assert_eq!((l.marked().into_iter().copied().collect::<Vec<_>>(), l.selected().copied()), (vec![1, 2], Some(3)));
        l.rebuild(|_, r| *r != 2, None);
        assert_eq!((l.marked_count(), l.hidden_marks()), (1, 1), "a filtered-out mark is hidden, not acted on");
        assert_eq!(l.marked().into_iter().copied().collect::<Vec<_>>(), [1]);
        reload(&mut l, &[4, 3, 2]);
        assert_eq!((l.marked_count(), l.hidden_marks()), (1, 0), "row 1 left: its mark with it");
        assert!(l.clear_marks());
        assert!(!l.clear_marks() && !l.has_marks());
    }

    #[test]
    fn a_range_ends_when_its_first_row_leaves_the_view() {
        let mut l = list(&[1, 2, 3, 4]);
        assert!(l.toggle_range());
        l.navigate(Command::Down);
        assert_eq!(l.range(), Some((0, 1)));
        reload(&mut l, &[2, 3, 4]);
        assert_eq!(l.range(), None, "what it covered is no longer what was seen");
    }

    #[test]
    fn the_pager_stops_at_the_last_page() {
        let mut p = Pager::default();
        p.scroll(Command::Bottom, 10, 35);
        assert_eq!(p.offset, 25);
        p.scroll(Command::Down, 10, 35);
        assert_eq!(p.offset, 25);
        p.scroll(Command::HalfPageUp, 10, 35);
        assert_eq!(p.offset, 20);
    }
}
