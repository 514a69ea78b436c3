//! How one ordered view becomes the next after a poll that changed a few rows: runs of the
//! old rows kept as they were, with the new rows put between them. The rows and the filter
//! index follow the same plan, so each row's index entry is copied, not computed again, and
//! neither is sorted again: at 100k rows and 1 % churn a poll merges 1,000 rows instead of
//! sorting and indexing 100,000.

use std::ops::Range;

/// One piece of the next view, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// These positions of the old view, as they were.
    Old(Range<usize>),
    /// This new row (its index among the new rows).
    New(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Splice {
    pieces: Vec<Piece>,
}

impl Splice {
    /// The plan that drops the old positions `gone` (ascending, no repeats) and puts new row
    /// `i` just before old position `at[i]` (`at` ascending; `old_len` puts it last).
    pub(crate) fn plan(old_len: usize, gone: &[usize], at: &[usize]) -> Self {
        let mut pieces = Vec::with_capacity(gone.len() + 2 * at.len() + 1);
        let (mut from, mut g, mut n) = (0usize, gone.iter().peekable(), at.iter().enumerate().peekable());
        loop {
            // The next place the old rows stop running: a row dropped or a row put in.
            let next_gone = g.peek().map(|&&p| p);
            let next_new = n.peek().map(|&(_, &p)| p);
            let stop = match (next_gone, next_new) {
                (None, None) => break,
                (Some(p), None) | (None, Some(p)) => p,
                (Some(a), Some(b)) => a.min(b),
            }
            .min(old_len);
            if stop > from {
                pieces.push(Piece::Old(from..stop));
                from = stop;
            }
            // New rows first: one put "before position p" precedes old row p, dropped or not.
            if let Some((i, _)) = n.next_if(|&(_, &p)| p.min(old_len) == stop) {
                pieces.push(Piece::New(i));
            } else if g.next_if(|&&p| p == stop).is_some() {
                from = stop + 1;
            } else {
                // A dropped position past the end: nothing to drop.
                g.next();
            }
        }
        if from < old_len {
            pieces.push(Piece::Old(from..old_len));
        }
        Self { pieces }
    }

    pub(crate) fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// How many rows the next view has.
    pub(crate) fn len(&self) -> usize {
        self.pieces.iter().map(|p| if let Piece::Old(r) = p { r.len() } else { 1 }).sum()
    }

    /// The next view's items, moved out of the old ones (no clone of the rows kept: cloning a
    /// row's `Arc` writes to its count, and that is a cache miss per row at 100k rows). A
    /// plan made for another length than `old`'s gives what it can and never panics.
    pub(crate) fn apply<T>(&self, old: Vec<T>, new: Vec<T>) -> Vec<T> {
        let mut out = Vec::with_capacity(self.len());
        let mut old = old.into_iter().enumerate().peekable();
        let mut new: Vec<Option<T>> = new.into_iter().map(Some).collect();
        for piece in &self.pieces {
            match piece {
                Piece::Old(range) => {
                    while old.next_if(|(i, _)| *i < range.start).is_some() {}
                    while let Some((_, item)) = old.next_if(|(i, _)| range.contains(i)) {
                        out.push(item);
                    }
                }
                Piece::New(i) => out.extend(new.get_mut(*i).and_then(Option::take)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn drops_and_inserts_land_where_asked() {
        // Old: a b c d e; drop b and d; put X before c, Y at the end, W first.
        let old: Vec<char> = "abcde".chars().collect();
        let plan = Splice::plan(5, &[1, 3], &[0, 2, 5]);
        let out: String = plan.apply(old, vec!['W', 'X', 'Y']).into_iter().collect();
        assert_eq!(out, "WaXceY");
        assert_eq!(plan.len(), 6);
    }

    #[test]
    fn a_row_put_at_a_dropped_position_takes_its_place() {
        let plan = Splice::plan(3, &[1], &[1]);
        let out: String = plan.apply(vec!['a', 'b', 'c'], vec!['B']).into_iter().collect();
        assert_eq!(out, "aBc");
    }

    #[test]
    fn nothing_changed_keeps_everything_in_one_run() {
        let plan = Splice::plan(4, &[], &[]);
        assert_eq!(plan.pieces(), &[Piece::Old(0..4)]);
        assert!(Splice::plan(0, &[], &[]).pieces().is_empty());
    }

    proptest! {
        /// The plan gives what removing and inserting one by one would, in a sorted list.
        #[test]
        fn splicing_a_sorted_list_equals_editing_it(
            old in proptest::collection::btree_set(0u32..1000, 0..60),
            drop_mask in proptest::collection::vec(any::<bool>(), 60),
            added in proptest::collection::btree_set(0u32..1000, 0..20),
        ) {
            let old: Vec<u32> = old.into_iter().map(|v| v * 2).collect();
            let added: Vec<u32> = added.into_iter().map(|v| v * 2 + 1).collect();
            let gone: Vec<usize> = (0..old.len()).filter(|i| drop_mask[*i]).collect();
            let at: Vec<usize> = added.iter().map(|v| old.partition_point(|o| o < v)).collect();
            let mut expected: Vec<u32> =
                old.iter().enumerate().filter(|(i, _)| !drop_mask[*i]).map(|(_, v)| *v).collect();
            expected.extend(&added);
            expected.sort_unstable();
            let plan = Splice::plan(old.len(), &gone, &at);
            prop_assert_eq!(plan.len(), expected.len());
            prop_assert_eq!(plan.apply(old, added), expected);
        }
    }
}
