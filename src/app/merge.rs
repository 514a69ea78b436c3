//! A line-based three-way merge, for "re-edit on top of theirs": the operator's changes
//! replayed on the server's newer text. Changes that touch different lines both survive;
//! where both sides changed the same lines (differently), both versions stay in the text
//! between git-style markers, for the operator to settle in the editor.

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// One side's change: base lines `start..end` become `lines`.
#[derive(Debug, Clone)]
struct Hunk<'a> {
    start: usize,
    end: usize,
    lines: Vec<&'a str>,
}

pub(crate) const OURS_MARK: &str = "<<<<<<< yours";
pub(crate) const SPLIT_MARK: &str = "=======";
pub(crate) const THEIRS_MARK: &str = ">>>>>>> theirs (on the server now)";

/// The merged text, and whether any region needs the operator (markers were written).
pub(crate) fn merge3(base: &str, ours: &str, theirs: &str) -> (String, bool) {
    let base_l: Vec<&str> = base.split_inclusive('\n').collect();
    let ours_l: Vec<&str> = ours.split_inclusive('\n').collect();
    let theirs_l: Vec<&str> = theirs.split_inclusive('\n').collect();
    let mine = hunks(&base_l, &ours_l);
    let their = hunks(&base_l, &theirs_l);

    let mut out = String::with_capacity(ours.len().max(theirs.len()));
    let mut conflicted = false;
    let mut at = 0;
    let (mut i, mut j) = (0, 0);
    while i < mine.len() || j < their.len() {
        // The next cluster: every hunk of either side that overlaps it, transitively.
        let first_mine = match (mine.get(i), their.get(j)) {
            (Some(a), Some(b)) => a.start <= b.start,
            (Some(_), None) => true,
            _ => false,
        };
        let seed = if first_mine { &mine[i] } else { &their[j] };
        let (lo, mut hi) = (seed.start, seed.end);
        let (i0, j0) = (i, j);
        loop {
            let grew_mine = mine.get(i).is_some_and(|h| touches(h, lo, hi));
            if grew_mine {
                hi = hi.max(mine[i].end);
                i += 1;
            }
            let grew_their = their.get(j).is_some_and(|h| touches(h, lo, hi));
            if grew_their {
                hi = hi.max(their[j].end);
                j += 1;
            }
            if !grew_mine && !grew_their {
                break;
            }
        }
        push_all(&mut out, &base_l[at..lo]);
        let ours_part = replay(&base_l, lo, hi, &mine[i0..i]);
        let theirs_part = replay(&base_l, lo, hi, &their[j0..j]);
        if i == i0 {
            out.push_str(&theirs_part);
        } else if j == j0 || ours_part == theirs_part {
            out.push_str(&ours_part);
        } else {
            conflicted = true;
            for (mark, part) in [(OURS_MARK, &ours_part), (SPLIT_MARK, &theirs_part)] {
                ensure_newline(&mut out);
                out.push_str(mark);
                out.push('\n');
                out.push_str(part);
            }
            ensure_newline(&mut out);
            out.push_str(THEIRS_MARK);
            out.push('\n');
        }
        at = hi;
    }
    push_all(&mut out, &base_l[at.min(base_l.len())..]);
    (out, conflicted)
}

/// A hunk belongs to the cluster `lo..hi` when their base ranges overlap, or when it inserts
/// at the cluster's start (two insertions at one place conflict).
fn touches(h: &Hunk<'_>, lo: usize, hi: usize) -> bool {
    (h.start < hi && lo < h.end) || h.start == lo || (h.start == h.end && h.start > lo && h.start < hi)
}

fn hunks<'a>(base: &[&'a str], other: &[&'a str]) -> Vec<Hunk<'a>> {
    capture_diff_slices(Algorithm::Myers, base, other)
        .into_iter()
        .filter_map(|op| match op {
            DiffOp::Equal { .. } => None,
            DiffOp::Delete { old_index, old_len, .. } => {
                Some(Hunk { start: old_index, end: old_index + old_len, lines: vec![] })
            }
            DiffOp::Insert { old_index, new_index, new_len } => {
                Some(Hunk { start: old_index, end: old_index, lines: other[new_index..new_index + new_len].to_vec() })
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => Some(Hunk {
                start: old_index,
                end: old_index + old_len,
                lines: other[new_index..new_index + new_len].to_vec(),
            }),
        })
        .collect()
}

/// Base lines `lo..hi` with one side's hunks (all inside that range) applied.
fn replay(base: &[&str], lo: usize, hi: usize, hunks: &[Hunk<'_>]) -> String {
    let mut out = String::new();
    let mut at = lo;
    for h in hunks {
        push_all(&mut out, &base[at..h.start.max(at)]);
        push_all(&mut out, &h.lines);
        at = h.end.max(at);
    }
    push_all(&mut out, &base[at..hi.max(at)]);
    out
}

fn push_all(out: &mut String, lines: &[&str]) {
    for l in lines {
        out.push_str(l);
    }
}

fn ensure_newline(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "name: build\ndescription: old\nsteps:\n- script: make\n- script: test\n";

    #[test]
    fn changes_to_different_lines_both_survive() {
        let ours = BASE.replace("make", "make all");
        let theirs = BASE.replace("old", "theirs");
        let (merged, conflicted) = merge3(BASE, &ours, &theirs);
        assert!(!conflicted);
        assert_eq!(merged, "name: build\ndescription: theirs\nsteps:\n- script: make all\n- script: test\n");
    }

    #[test]
    fn the_same_lines_changed_differently_are_marked_for_the_operator() {
        let ours = BASE.replace("old", "mine");
        let theirs = BASE.replace("old", "theirs");
        let (merged, conflicted) = merge3(BASE, &ours, &theirs);
        assert!(conflicted);
        assert_eq!(
            merged,
            format!(
                "name: build\n{OURS_MARK}\ndescription: mine\n{SPLIT_MARK}\ndescription: theirs\n{THEIRS_MARK}\nsteps:\n- script: make\n- script: test\n"
            )
        );
    }

    #[test]
    fn the_same_change_on_both_sides_is_taken_once() {
        let both = BASE.replace("test", "check");
        assert_eq!(merge3(BASE, &both, &both), (both.clone(), false));
    }

    #[test]
    fn insertions_and_deletions_at_the_ends_merge() {
        let ours = format!("{BASE}- script: deploy\n");
        let theirs = BASE.replacen("name: build\n", "", 1);
        let (merged, conflicted) = merge3(BASE, &ours, &theirs);
        assert!(!conflicted);
        assert_eq!(merged, "description: old\nsteps:\n- script: make\n- script: test\n- script: deploy\n");
    }

    #[test]
    fn unchanged_sides_give_the_other_side() {
        let theirs = BASE.replace("old", "new");
        assert_eq!(merge3(BASE, BASE, &theirs), (theirs.clone(), false));
        assert_eq!(merge3(BASE, &theirs, BASE), (theirs, false));
    }
}
