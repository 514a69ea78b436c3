//! `prop_sanitize_*`: whatever a server sends, the cleaned text carries no control character
//! (C0, DEL, C1) but the line breaks a multi-line text keeps, no ESC, no bidi override; and
//! cleaning is idempotent and leaves plain text alone.

use proptest::prelude::*;

use super::text::{clean_line, clean_text};
use crate::props::{config, nasty_string};

/// What must never reach the terminal from a server string.
fn forbidden(c: char, multiline: bool) -> bool {
    (c.is_control() && !(multiline && c == '\n'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Hostile text, and escape sequences of every family with hostile bodies.
fn input() -> impl Strategy<Value = String> {
    let intro = proptest::sample::select(vec![
        "\u{1b}[", "\u{1b}]", "\u{1b}P", "\u{1b}_", "\u{1b}(", "\u{9b}", "\u{9d}", "\u{1b}",
    ]);
    let end = proptest::sample::select(vec!["m", "\u{7}", "\u{1b}\\", "\u{9c}", "", "H", "\u{1b}"]);
    let sequence = (intro, nasty_string(8), end).prop_map(|(i, body, e)| format!("{i}{body}{e}"));
    proptest::collection::vec(prop_oneof![nasty_string(12), sequence], 0..6).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn prop_sanitize_line_leaves_no_control(s in input()) {
        let out = clean_line(&s);
        prop_assert!(!out.chars().any(|c| forbidden(c, false)), "{:?} → {:?}", s, out);
        prop_assert_eq!(clean_line(&out), out.clone(), "cleaning twice changes nothing");
    }

    #[test]
    fn prop_sanitize_text_keeps_only_line_breaks(s in input()) {
        let out = clean_text(&s);
        prop_assert!(!out.chars().any(|c| forbidden(c, true)), "{:?} → {:?}", s, out);
        prop_assert_eq!(clean_text(&out), out.clone(), "cleaning twice changes nothing");
    }

    #[test]
    fn prop_sanitize_keeps_plain_text(s in "[ -~]{0,40}|[a-zé東京ü –]{0,20}") {
        prop_assert_eq!(clean_line(&s), s.as_str());
        prop_assert_eq!(clean_text(&s), s.as_str());
    }
}
