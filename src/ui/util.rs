//! Small layout helpers shared by the panes.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// A rectangle of at most `width`×`height`, centred in `area`.
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// Cut `s` to `max` display columns, with an ellipsis when cut.
pub(crate) fn fit(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    // The sum of the characters' widths is not the string's: an emoji's variation selector,
    // a joiner or a control character changes it. The string's width is what is drawn.
    while out.width() + 1 > max && out.pop().is_some() {}
    out.push('…');
    out
}

/// One line with `left` and `right` parts; the right part wins the space it needs and the left
/// part is cut.
pub(crate) fn split_line<'a>(left: Vec<Span<'a>>, right: Vec<Span<'a>>, width: u16) -> Line<'a> {
    let width = usize::from(width);
    let right_w: usize = right.iter().map(|s| s.content.width()).sum();
    let right_w = right_w.min(width);
    // A column of space between the two sides, so that a cut left side never runs into the
    // right one.
    let room = (width - right_w).saturating_sub(usize::from(right_w > 0 && right_w < width));
    let mut spans = Vec::new();
    let mut used = 0;
    for s in left {
        let w = s.content.width();
        if used + w <= room {
            used += w;
            spans.push(s);
        } else {
            let cut = fit(&s.content, room - used);
            used += cut.width();
            spans.push(Span::styled(cut, s.style));
            break;
        }
    }
    if right_w > 0 {
        spans.push(Span::raw(" ".repeat(width.saturating_sub(right_w + used))));
        if right.iter().map(|s| s.content.width()).sum::<usize>() > width {
            let text: String = right.iter().map(|s| s.content.as_ref()).collect();
            let style = right.first().map_or(Style::default(), |s| s.style);
            spans.push(Span::styled(fit(&text, width), style));
        } else {
            spans.extend(right);
        }
    }
    Line::from(spans)
}

/// Word-wrap plain text to `width` display columns (for dialog bodies), measured as the
/// terminal draws it: a wide character (CJK, emoji with U+FE0F) takes two columns. textwrap
/// measures character by character and counts "❤️" as one column, so it is not used here
/// (found by `prop_view_wrap_stays_in_its_width`). A word wider than the row is cut.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        // Leading spaces are kept, and continuation lines hang under them: indentation means
        // something in YAML and in diffs.
        let rest = para.trim_start_matches(' ');
        let indent = &para[..para.len() - rest.len()];
        let indent = if indent.len() < width / 2 { indent } else { "" };
        let width = width - indent.len();
        let start = out.len();
        let mut cur = String::new();
        for word in rest.split(' ') {
            let extra = if cur.is_empty() { 0 } else { 1 };
            if cur.width() + extra + word.width() > width && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if !cur.is_empty() {
                cur.push(' ');
            }
            if word.width() > width {
                // A very long token (an URL, an uuid) is cut into pieces rather than overflowing.
                let mut piece = String::new();
                for c in word.chars() {
                    // Measured with the character in: it may be two columns wide.
                    let longer = format!("{piece}{c}");
                    if longer.width() > width && !piece.is_empty() {
                        out.push(std::mem::take(&mut piece));
                    }
                    piece.push(c);
                }
                cur.push_str(&piece);
            } else {
                cur.push_str(word);
            }
        }
        out.push(cur);
        for line in &mut out[start..] {
            line.insert_str(0, indent);
        }
    }
    out
}

/// `text` as one line, the parts that a filter word matches (case-insensitive) drawn in
/// `hit` on top of `base`: the operator sees why each row is listed.
pub(crate) fn highlighted(text: String, words: &[String], base: Style, hit: Style) -> Line<'static> {
    if words.is_empty() || text.is_empty() {
        return Line::styled(text, base);
    }
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars.iter().map(|c| c.to_lowercase().next().unwrap_or(*c)).collect();
    let mut marked = vec![false; chars.len()];
    for word in words {
        let w: Vec<char> = word.chars().collect();
        if w.is_empty() || w.len() > lower.len() {
            continue;
        }
        for start in 0..=lower.len() - w.len() {
            if lower[start..start + w.len()] == w[..] {
                marked[start..start + w.len()].iter_mut().for_each(|m| *m = true);
            }
        }
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    for (c, m) in chars.iter().zip(&marked) {
        if *m != run_hit && !run.is_empty() {
            let style = if run_hit { base.patch(hit) } else { base };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_hit = *m;
        run.push(*c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hit { base.patch(hit) } else { base }));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_with_an_ellipsis_by_display_width() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
        assert_eq!(fit("東京東京", 5), "東京…");
        assert_eq!(fit("x", 0), "");
    }

    #[test]
    fn a_cut_left_side_keeps_a_space_before_the_right_one() {
        let line = split_line(vec![Span::raw("13 groups · you are Ana Beatriz")], vec![Span::raw("CDS ✓")], 24);
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "13 groups · you a… CDS ✓");
        assert_eq!(text.width(), 24);
    }

    #[test]
    fn wrap_breaks_words_and_long_tokens() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
        // Indentation is kept and continuation lines hang under it.
        assert_eq!(wrap("    - make test now", 12), vec!["    - make", "    test now"]);
        assert_eq!(wrap("  - make", 20), vec!["  - make"]);
    }

    /// Found by `prop_view_fit_never_exceeds_its_columns`: "❤️" is one character of width 1
    /// and a variation selector of width 0, but two columns on screen.
    #[test]
    fn fit_measures_emoji_with_variation_selectors_as_drawn() {
        assert_eq!(fit("❤\u{fe0f}x", 2), "❤…");
        assert_eq!(fit("a\u{0}b", 2).width(), 2);
    }

    /// Found by `prop_view_split_line_fills_exactly_its_width`: the cut left side came out
    /// wider than its room and the padding's width went below zero (a panic in a debug build,
    /// a gigantic allocation in a release one).
    #[test]
    fn a_left_side_of_emoji_is_cut_to_its_room() {
        let left = vec![Span::raw("❤\u{fe0f}❤\u{fe0f}❤\u{fe0f}")];
        let line = split_line(left, vec![Span::raw("ok")], 6);
        assert_eq!(line.width(), 6);
    }

    /// Found by `prop_view_wrap_stays_in_its_width`: long tokens were cut by characters, so
    /// wide ones overflowed.
    #[test]
    fn wrap_cuts_wide_tokens_by_columns() {
        assert_eq!(wrap("東京東京", 3), vec!["東", "京", "東", "京"]);
    }

    #[test]
    fn wrap_measures_wide_characters_by_their_display_width() {
        // Cut by character count, "東京東京" became a 4-column row in a 3-column box.
        let rows = wrap("東京東京", 3);
        assert_eq!(rows, vec!["東", "京", "東", "京"]);
        let rows = wrap("ok 東京の設定ファイル", 8);
        assert!(rows.iter().all(|r| r.width() <= 8), "{rows:?}");
        assert_eq!(rows.concat().replace(' ', ""), "ok東京の設定ファイル", "nothing lost");
        assert_eq!(wrap("", 5), vec![""]);
    }

    #[test]
    fn centered_never_exceeds_the_area() {
        let r = centered(Rect::new(0, 0, 10, 5), 80, 20);
        assert_eq!(r, Rect::new(0, 0, 10, 5));
    }
}
