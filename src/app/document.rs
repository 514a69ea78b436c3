//! A read-only page of styled text: an action's detail, where it is used, a script with line
//! numbers. Backends write it from what their server answered (off the key path); the UI only
//! scrolls and draws it, with the theme's colour for each tone.

use super::dialog::Tone;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Document {
    pub(crate) lines: Vec<DocLine>,
}

/// One line: spans of text, each with a tone. Text is already cleaned of control characters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct DocLine {
    pub(crate) spans: Vec<(String, Tone)>,
    /// Continuation lines of a wrapped value start under the value, not at column 0.
    pub(crate) indent: u16,
}

impl DocLine {
    pub(crate) fn new(text: impl Into<String>, tone: Tone) -> Self {
        Self { spans: vec![(text.into(), tone)], indent: 0 }
    }

    pub(crate) fn plain(text: impl Into<String>) -> Self {
        Self::new(text, Tone::Normal)
    }

    pub(crate) fn span(mut self, text: impl Into<String>, tone: Tone) -> Self {
        self.spans.push((text.into(), tone));
        self
    }

    pub(crate) fn indented(mut self, indent: u16) -> Self {
        self.indent = indent;
        self
    }

    /// The line as plain text (tests).
    #[cfg(test)]
    pub(crate) fn text(&self) -> String {
        self.spans.iter().map(|(t, _)| t.as_str()).collect()
    }
}

impl Document {
    pub(crate) fn push(&mut self, line: DocLine) {
        self.lines.push(line);
    }

    pub(crate) fn heading(&mut self, text: impl Into<String>) {
        self.lines.push(DocLine::new(text, Tone::Heading));
    }

    pub(crate) fn blank(&mut self) {
        self.lines.push(DocLine::default());
    }

    /// "label  value": the label muted, the value wrapped under itself.
    pub(crate) fn field(&mut self, label: &str, value: impl Into<String>) {
        let label = format!("{label:<14}");
        let indent = label.chars().count() as u16;
        self.lines.push(DocLine::new(label, Tone::Muted).span(value, Tone::Normal).indented(indent));
    }

    /// The whole page as plain text, one line per line (tests).
    #[cfg(test)]
    pub(crate) fn text(&self) -> String {
        self.lines.iter().map(DocLine::text).collect::<Vec<_>>().join("\n")
    }
}

/// A line as drawn: spans that fit the width.
pub(crate) type Row = Vec<(String, Tone)>;

impl Document {
    /// The page cut to `width` columns. A line too long goes on under itself: continuation
    /// rows start at the line's indent (so a wrapped value never looks like a new field), and
    /// break after a space when there is one.
    pub(crate) fn wrap(&self, width: u16) -> Vec<Row> {
        let width = usize::from(width.max(1));
        let mut out = Vec::new();
        for line in &self.lines {
            wrap_line(line, width, &mut out);
        }
        out
    }

    /// How many rows [`wrap`](Self::wrap) makes, for scrolling bounds.
    pub(crate) fn height(&self, width: u16) -> usize {
        self.wrap(width).len()
    }
}

fn wrap_line(line: &DocLine, width: usize, out: &mut Vec<Row>) {
    use unicode_width::UnicodeWidthChar;
    let indent = usize::from(line.indent).min(width / 2);
    let mut row: Row = Vec::new();
    let mut used = 0;
    let mut first = true;
    let push_char = |row: &mut Row, c: char, tone: Tone| match row.last_mut() {
        Some((text, t)) if *t == tone => text.push(c),
        _ => row.push((c.to_string(), tone)),
    };
    for (text, tone) in &line.spans {
        for c in text.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width && used > indent {
                // Breaking at a space needs no carrying; inside a word, the word moves down.
                let carried =
                    if c == ' ' { Vec::new() } else { carry_last_word(&mut row, if first { 0 } else { indent }) };
                trim_end(&mut row);
                out.push(std::mem::take(&mut row));
                first = false;
                if indent > 0 {
                    row.push((" ".repeat(indent), Tone::Normal));
                }
                used = indent;
                let moved_a_word = !carried.is_empty();
                for (t, tone) in carried {
                    used += t.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>();
                    row.push((t, tone));
                }
                // A space at the break is the break itself; after a moved word it separates
                // that word from the next.
                if c == ' ' && !moved_a_word {
                    continue;
                }
            }
            push_char(&mut row, c, *tone);
            used += w;
        }
    }
    out.push(row);
}

fn trim_end(row: &mut Row) {
    while let Some((t, _)) = row.last_mut() {
        let kept = t.trim_end().len();
        t.truncate(kept);
        if !t.is_empty() {
            break;
        }
        row.pop();
    }
}

/// Move the last word of `row` to the next row, when the row has a space to break at after
/// `min` columns; otherwise the word is cut where it is.
fn carry_last_word(row: &mut Row, min: usize) -> Row {
    let text: String = row.iter().map(|(t, _)| t.as_str()).collect();
    let Some(space) = text.rfind(' ') else { return Vec::new() };
    let tail_chars = text[space + 1..].chars().count();
    if text[..space].chars().count() <= min || tail_chars == 0 || tail_chars > 40 {
        return Vec::new();
    }
    let mut carried: Row = Vec::new();
    let mut left = tail_chars;
    while left > 0 {
        let Some((t, tone)) = row.last_mut() else { break };
        let n = t.chars().count();
        if n <= left {
            left -= n;
            let (t, tone) = row.pop().unwrap_or_default();
            carried.insert(0, (t, tone));
        } else {
            let split = t.char_indices().nth(n - left).map_or(t.len(), |(i, _)| i);
            let tail = t.split_off(split);
            carried.insert(0, (tail, *tone));
            left = 0;
        }
    }
    carried
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rows: &[Row]) -> Vec<String> {
        rows.iter().map(|r| r.iter().map(|(t, _)| t.as_str()).collect()).collect()
    }

    #[test]
    fn a_wrapped_value_continues_under_itself() {
        let mut d = Document::default();
        d.field("project", "Genomics (11112222-3333-4444-8555-666677778888)");
        let rows = text(&d.wrap(40));
        assert_eq!(rows[0], "project       Genomics", "the word that does not fit goes on the next row");
        assert!(rows.len() >= 3, "{rows:?}");
        for r in &rows[1..] {
            assert!(r.starts_with("              ") && !r[14..].starts_with(' '), "under the value: {rows:?}");
        }
        assert!(rows.iter().all(|r| r.chars().count() <= 40), "{rows:?}");
        let joined: String = rows.iter().map(|r| r.trim()).collect();
        assert_eq!(joined, "project       Genomics(11112222-3333-4444-8555-666677778888)", "nothing lost");
        assert_eq!(d.height(40), rows.len());
    }

    #[test]
    fn words_keep_their_spaces_across_a_break() {
        let mut d = Document::default();
        d.push(DocLine::plain("aaaa bb cc dd").indented(2));
        assert_eq!(text(&d.wrap(7)), ["aaaa bb", "  cc dd"]);
    }

    #[test]
    fn short_lines_stay_whole_and_tones_are_kept() {
        let mut d = Document::default();
        d.push(DocLine::new("a", Tone::Danger).span("b", Tone::Muted));
        assert_eq!(d.wrap(80), vec![vec![("a".to_string(), Tone::Danger), ("b".to_string(), Tone::Muted)]]);
    }
}
