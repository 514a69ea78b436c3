//! The bytes `y` writes: OSC 52 asks the operator's terminal (across SSH too) to set its
//! clipboard. tmux takes a bare one with `set-clipboard on` and passes one wrapped in its DCS
//! passthrough (every ESC inside doubled) with `allow-passthrough on` (3.3+), so it gets both;
//! GNU screen passes only the wrapped one (README, "Clipboard").

use crate::app::clipboard::Route;

/// screen forwards at most 768 bytes of one DCS string: long texts go in several.
const SCREEN_CHUNK: usize = 512;

pub(crate) fn sequence(route: Route, text: &str) -> Vec<u8> {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let osc = format!("\x1b]52;c;{encoded}\x07");
    match route {
        // Sent anyway when tmux seems to block it: an option may change while we run.
        Route::Tmux | Route::TmuxBlocked => {
            format!("{osc}\x1bPtmux;{}\x1b\\", osc.replace('\x1b', "\x1b\x1b")).into_bytes()
        }
        Route::Direct => osc.into_bytes(),
        Route::Screen => osc
            .as_bytes()
            .chunks(SCREEN_CHUNK)
            .flat_map(|chunk| [b"\x1bP".as_slice(), chunk, b"\x1b\\"].concat())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_is_plain_osc_52() {
        assert_eq!(sequence(Route::Direct, "abc"), b"\x1b]52;c;YWJj\x07");
    }

    #[test]
    fn tmux_gets_it_bare_and_in_dcs_passthrough_with_inner_escapes_doubled() {
        // Bare for `set-clipboard on`, wrapped for `allow-passthrough on`.
        let expected = b"\x1b]52;c;YWJj\x07\x1bPtmux;\x1b\x1b]52;c;YWJj\x07\x1b\\";
        assert_eq!(sequence(Route::Tmux, "abc"), expected);
        assert_eq!(sequence(Route::TmuxBlocked, "abc"), expected);
    }

    #[test]
    fn screen_wraps_each_chunk_in_its_own_dcs_string() {
        assert_eq!(sequence(Route::Screen, "abc"), b"\x1bP\x1b]52;c;YWJj\x07\x1b\\");
        let long = "x".repeat(600);
        let bytes = sequence(Route::Screen, &long);
        let strings = bytes.windows(2).filter(|w| w == b"\x1bP").count();
        assert_eq!(strings, 2, "800 bytes of OSC go in two DCS strings");
        let inner: Vec<u8> = String::from_utf8(bytes)
            .expect("ascii")
            .split("\x1b\\")
            .flat_map(|s| s.strip_prefix("\x1bP").unwrap_or(s).bytes().collect::<Vec<_>>())
            .collect();
        assert_eq!(inner, sequence(Route::Direct, &long), "the chunks put together are the OSC 52");
    }
}
