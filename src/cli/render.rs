//! Output of the `get` commands. `table` and `wide` are for people: aligned columns cut to the
//! terminal's width, the header in bold on a terminal. `json` and `yaml` are for scripts: one
//! object per row with stable keys (README, "Scripting"), times in RFC 3339, nothing cut and
//! no colour ever.

use std::io::{self, IsTerminal, Write};

use jiff::Timestamp;
use serde_json::Value;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::args::Format;
use super::exit::{Exit, Failure, Outcome};

/// A column of a table; `wide` ones only with `-o wide`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub(crate) header: &'static str,
    pub(crate) wide: bool,
}

pub(crate) const fn col(header: &'static str) -> Column {
    Column { header, wide: false }
}

pub(crate) const fn wide(header: &'static str) -> Column {
    Column { header, wide: true }
}

/// Rows as a table shows them and as a script reads them, in the same order.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    pub(crate) columns: Vec<Column>,
    pub(crate) cells: Vec<Vec<String>>,
    pub(crate) records: Vec<Value>,
}

impl Listing {
    pub(crate) fn new(columns: &[Column]) -> Self {
        Self { columns: columns.to_vec(), ..Self::default() }
    }

    pub(crate) fn push(&mut self, cells: Vec<String>, record: Value) {
        self.cells.push(cells);
        self.records.push(record);
    }
}

/// How the terminal (if any) takes the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Screen {
    /// Columns to fit in; `None` when the output goes to a file or a pipe (nothing is cut).
    pub(crate) width: Option<usize>,
    pub(crate) bold: bool,
}

impl Screen {
    /// A terminal on stdout: its width (else `COLUMNS`, else 80), bold unless `NO_COLOR`.
    pub(crate) fn detect() -> Self {
        if !io::stdout().is_terminal() {
            return Screen { width: None, bold: false };
        }
        let columns = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok());
        let width = crossterm::terminal::size().ok().map(|(w, _)| usize::from(w)).filter(|w| *w > 0).or(columns);
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Screen { width: Some(width.unwrap_or(80)), bold: !no_color }
    }
}

/// Print a listing in the format asked for.
pub(crate) fn print_listing(listing: &Listing, format: Format) -> Outcome<()> {
    let text = match format {
        Format::Table | Format::Wide => table(listing, format == Format::Wide, Screen::detect()),
        Format::Json => json_rows(&listing.records),
        Format::Yaml => super::yaml::to_string(&Value::Array(listing.records.clone()))?,
    };
    write_out(&text)
}

/// Print one object: `text` for people, `record` for scripts.
pub(crate) fn print_one(text: &str, record: &Value, format: Format) -> Outcome<()> {
    let out = match format {
        Format::Table | Format::Wide => text.to_string(),
        Format::Json => serde_json::to_string_pretty(record).map(|s| s + "\n").map_err(encode_failure)?,
        Format::Yaml => super::yaml::to_string(record)?,
    };
    write_out(&out)
}

/// A JSON array with one object per line: valid JSON for `jq`, and still one row per line
/// for `grep`.
pub(crate) fn json_rows(records: &[Value]) -> String {
    if records.is_empty() {
        return "[]\n".into();
    }
    let mut out = String::from("[\n");
    for (i, r) in records.iter().enumerate() {
        out.push_str(&r.to_string());
        out.push_str(if i + 1 < records.len() { ",\n" } else { "\n" });
    }
    out.push_str("]\n");
    out
}

/// Aligned columns, two spaces apart. On a terminal too narrow, the widest columns give way
/// first (cut with `…`), never the first one, which names the row.
pub(crate) fn table(listing: &Listing, wide_too: bool, screen: Screen) -> String {
    let shown: Vec<usize> = (0..listing.columns.len()).filter(|&i| wide_too || !listing.columns[i].wide).collect();
    let mut widths: Vec<usize> = shown.iter().map(|&i| listing.columns[i].header.width()).collect();
    for row in &listing.cells {
        for (w, &i) in widths.iter_mut().zip(&shown) {
            *w = (*w).max(row.get(i).map_or(0, |c| c.width()));
        }
    }
    if let Some(limit) = screen.width {
        fit(&mut widths, limit);
    }
    let mut out = String::new();
    let header: Vec<String> = shown.iter().map(|&i| listing.columns[i].header.to_string()).collect();
    let line = join(&header, &widths);
    if screen.bold {
        out.push_str(&format!("\u{1b}[1m{line}\u{1b}[0m\n"));
    } else {
        out.push_str(&line);
        out.push('\n');
    }
    for row in &listing.cells {
        let cells: Vec<String> = shown.iter().map(|&i| row.get(i).cloned().unwrap_or_default()).collect();
        out.push_str(&join(&cells, &widths));
        out.push('\n');
    }
    out
}

/// Shrink the widest column (never the first, never under 8) until the row fits `limit`.
fn fit(widths: &mut [usize], limit: usize) {
    let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
    while total(widths) > limit {
        let Some((i, &w)) = widths.iter().enumerate().skip(1).max_by_key(|(_, w)| **w) else { return };
        if w <= 8 {
            return;
        }
        widths[i] = w - 1;
    }
}

fn join(cells: &[String], widths: &[usize]) -> String {
    let mut line = String::new();
    for (n, (cell, &w)) in cells.iter().zip(widths).enumerate() {
        let cut = cut(cell, w);
        line.push_str(&cut);
        if n + 1 < cells.len() {
            line.push_str(&" ".repeat(w.saturating_sub(cut.width()) + 2));
        }
    }
    line.trim_end().to_string()
}

/// At most `width` columns of `s`: wide characters count two, the cut ends with `…`.
pub(crate) fn cut(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// RFC 3339 in UTC to the second, or JSON null.
pub(crate) fn time(t: Option<Timestamp>) -> Value {
    t.map_or(Value::Null, |t| Value::String(t.round(jiff::Unit::Second).unwrap_or(t).to_string()))
}

/// A table cell for a time: "2026-12-02 10:15" (UTC), or "-".
pub(crate) fn time_cell(t: Option<Timestamp>) -> String {
    t.map_or_else(|| "-".into(), |t| t.strftime("%Y-%m-%d %H:%M").to_string())
}

pub(crate) fn write_out(text: &str) -> Outcome<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // `opsy get … | head`: the reader has what it wanted.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::new(Exit::Server, format!("writing to standard output: {e}"))),
        Ok(()) => Ok(()),
    }
}

fn encode_failure(e: serde_json::Error) -> Failure {
    Failure::new(Exit::Server, format!("encoding the output: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn listing() -> Listing {
        let mut l = Listing::new(&[col("NAME"), col("DESCRIPTION"), wide("OWNER")]);
        l.push(vec!["a".into(), "a long description of the row".into(), "alice".into()], json!({"name": "a"}));
        l.push(vec!["bb".into(), "東京 short".into(), "bob".into()], json!({"name": "bb"}));
        l
    }

    #[test]
    fn a_table_aligns_columns_and_hides_wide_ones() {
        let text = table(&listing(), false, Screen { width: None, bold: false });
        assert_eq!(text, "NAME  DESCRIPTION\na     a long description of the row\nbb    東京 short\n");
        let wide = table(&listing(), true, Screen { width: None, bold: false });
        assert!(wide.lines().next().is_some_and(|h| h.ends_with("OWNER")), "{wide}");
        assert!(wide.contains("東京 short                     bob"), "{wide}");
    }

    #[test]
    fn a_narrow_terminal_cuts_the_widest_column_by_display_width() {
        let text = table(&listing(), false, Screen { width: Some(20), bold: true });
        for line in text.lines().skip(1) {
            assert!(line.width() <= 20, "{line:?}");
        }
        assert!(text.starts_with("\u{1b}[1mNAME"), "{text}");
        assert!(text.contains("a     a long descri…"), "{text}");
        assert_eq!(cut("東京東京", 5), "東京…");
    }

    #[test]
    fn json_rows_are_one_object_per_line_and_valid_json() {
        let text = json_rows(&listing().records);
        assert_eq!(text, "[\n{\"name\":\"a\"},\n{\"name\":\"bb\"}\n]\n");
        let back: Value = serde_json::from_str(&text).expect("valid json");
        assert_eq!(back.as_array().map(Vec::len), Some(2));
        assert_eq!(json_rows(&[]), "[]\n");
    }

    #[test]
    fn times_are_rfc3339_utc_to_the_second() {
        let t: Timestamp = "2026-12-02T10:15:30.700Z".parse().expect("ts");
        assert_eq!(time(Some(t)), json!("2026-12-02T10:15:31Z"));
        assert_eq!(time(None), Value::Null);
        assert_eq!(time_cell(Some(t)), "2026-12-02 10:15");
    }
}
