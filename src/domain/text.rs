//! Server strings are untrusted: they are cleaned once, when they are decoded, so that nothing
//! later (table, dialog, status line, log) can forward a terminal escape sequence.

use std::borrow::Cow;

/// Clean a string meant for one line: control characters, escape sequences and bidi
/// overrides are removed; tabs and line breaks become single spaces.
pub(crate) fn clean_line(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// Clean a multi-line text (descriptions, YAML, error pages): like [`clean_line`] but line
/// breaks are kept (`\r\n` becomes `\n`) and a tab becomes four spaces.
pub(crate) fn clean_text(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

fn clean(s: &str, multiline: bool) -> Cow<'_, str> {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI and OSC introducers start sequences of their own.
            '\u{9b}' => skip_csi_body(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string_body(&mut chars),
            '\n' if multiline => out.push('\n'),
            '\r' if multiline => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\t' if multiline => out.push_str("    "),
            '\n' | '\r' | '\t' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After ESC: CSI (`ESC [`), string sequences (`ESC ]`, `ESC P`, `ESC X`, `ESC ^`, `ESC _`),
/// or a two-character sequence (`ESC c`, `ESC (B`…).
fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi_body(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string_body(chars),
        // nF sequences carry intermediate bytes before their final byte.
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            while let Some(&n) = chars.peek() {
                chars.next();
                if !('\u{20}'..='\u{2f}').contains(&n) {
                    break;
                }
            }
        }
        _ => {}
    }
}

fn skip_csi_body(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

/// OSC/DCS/PM/APC bodies end with BEL, ST (`ESC \`) or C1 ST.
fn skip_string_body(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// Shorten `s` to at most `max` characters, marking the cut with an ellipsis.
pub(crate) fn truncate_chars(s: &str, max: usize) -> Cow<'_, str> {
    if s.chars().count() <= max {
        return Cow::Borrowed(s);
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ascii_is_borrowed() {
        assert!(matches!(clean_line("hello world"), Cow::Borrowed(_)));
    }

    #[test]
    fn strips_csi_osc_and_c1() {
        assert_eq!(clean_line("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(clean_line("x\u{1b}]0;pwned\u{7}y"), "xy");
        assert_eq!(clean_line("x\u{1b}]52;c;ZXZpbA==\u{1b}\\y"), "xy");
        assert_eq!(clean_line("x\u{9b}2Jy"), "xy");
        assert_eq!(clean_line("x\u{1b}(By"), "xy");
        assert_eq!(clean_line("bell\u{7}del\u{7f}nul\u{0}"), "belldelnul");
    }

    #[test]
    fn strips_bidi_overrides() {
        assert_eq!(clean_line("abc\u{202e}fed\u{202c}"), "abcfed");
        assert_eq!(clean_line("\u{2066}x\u{2069}"), "x");
    }

    #[test]
    fn keeps_unicode_text() {
        assert_eq!(clean_line("Müller – 東京"), "Müller – 東京");
    }

    #[test]
    fn line_breaks_depend_on_mode() {
        assert_eq!(clean_line("a\r\nb\tc"), "a b c");
        assert_eq!(clean_text("a\r\nb\tc\rd"), "a\nb    c\nd");
    }

    #[test]
    fn truncates_with_ellipsis() {
        assert_eq!(truncate_chars("abcdef", 4), "abc…");
        assert_eq!(truncate_chars("abc", 4), "abc");
    }
}
