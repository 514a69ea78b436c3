//! The order go-yaml v2 writes Go map keys in (`keyList.Less` in sorted.go): runs of digits
//! compare as numbers (`step2` before `step10`), a non-letter sorts before a letter, letters
//! compare by code point (so `Z` before `a`). Struct fields are not sorted: they keep their
//! declaration order, which the callers write out by hand.

use std::cmp::Ordering;

/// `keyList.Less(a, b)` for two string keys.
pub fn key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        // Both non-letters: compare the digit runs starting here as numbers. A leading zero
        // counts as a digit only when a non-zero digit came before it in the same run.
        let mut an: i64 = 0;
        let mut bn: i64 = 0;
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an.wrapping_mul(10).wrapping_add(i64::from(ar[ai] as u8 - b'0'));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn.wrapping_mul(10).wrapping_add(i64::from(br[bi] as u8 - b'0'));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// A total order from [`key_less`], for `sort_by`.
pub fn key_cmp(a: &str, b: &str) -> Ordering {
    if key_less(a, b) {
        Ordering::Less
    } else if key_less(b, a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = keys.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| key_cmp(a, b));
        v
    }

    #[test]
    fn digit_runs_compare_as_numbers() {
        assert_eq!(sorted(&["step10", "step2", "step1"]), ["step1", "step2", "step10"]);
        assert_eq!(sorted(&["a10b", "a9c", "a10a"]), ["a9c", "a10a", "a10b"]);
    }

    #[test]
    fn non_letters_sort_before_letters_and_case_by_code_point() {
        // `_` against `1`: an empty digit run counts as 0, below 1.
        assert_eq!(sorted(&["b", "_b", "a", "Z", "1"]), ["_b", "1", "Z", "a", "b"]);
        assert_eq!(
            sorted(&["tag", "destinationFile", "pattern", "prefixHandle"]),
            ["destinationFile", "pattern", "prefixHandle", "tag"]
        );
        assert_eq!(sorted(&["ab", "a"]), ["a", "ab"]);
        assert_eq!(sorted(&["a-b", "a_b", "a.b"]), ["a-b", "a.b", "a_b"]);
    }

    #[test]
    fn zeros_only_count_inside_a_number() {
        // "a01" vs "a1": equal values, the shorter run first.
        assert_eq!(sorted(&["a01", "a1"]), ["a1", "a01"]);
        assert_eq!(sorted(&["v10", "v100", "v1"]), ["v1", "v10", "v100"]);
    }
}
