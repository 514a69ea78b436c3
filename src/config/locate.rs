//! Where in a file a problem is: byte offsets to lines, spans to dotted keys, and the errors
//! that name the file, the line, the key and the closest known key.

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use super::error::ConfigError;
use super::load::BUILTIN_NAME;
use super::schema::expected_form;

pub(super) fn display_path(path: Option<&Path>) -> PathBuf {
    path.map_or_else(|| PathBuf::from(BUILTIN_NAME), Path::to_path_buf)
}

/// 1-based (line, column) of a byte offset; offsets past the end land on the last line.
pub(super) fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

pub(super) fn syntax_error(text: &str, path: Option<&Path>, e: &toml::de::Error) -> ConfigError {
    // Only the message, never the error's own Display: that quotes the source line, which may
    // hold a token.
    let mut message = format!("invalid TOML: {}", e.message().replace('\n', "; "));
    // Name the repeated key: it is a key, never a value, so it cannot be a secret.
    if e.message().starts_with("duplicate key")
        && let Some(key) = e.span().and_then(|s| text.get(s))
        && !key.is_empty()
        && key.len() <= 64
        && key.chars().all(|c| c.is_ascii_alphanumeric() || "_-.\"".contains(c))
    {
        message.push_str(&format!(" {}", key.trim_matches('"')));
    }
    let err = ConfigError::new(message).hint("`opsy config default` prints every key with its syntax");
    match e.span() {
        Some(span) => {
            let (line, column) = position(text, span.start);
            err.in_file(display_path(path), Some(line)).column(column)
        }
        None => err.in_file(display_path(path), None),
    }
}

/// A serde error (unknown key, wrong type) rephrased with the dotted key it is about.
pub(super) fn value_error(text: &str, path: Option<&Path>, e: &toml::de::Error) -> ConfigError {
    let span = e.span();
    let line = span.as_ref().map(|s| position(text, s.start).0);
    let key_path = match (&span, DeTable::parse(text)) {
        (Some(span), Ok(table)) => key_at(table.get_ref(), span).unwrap_or_default(),
        _ => Vec::new(),
    };
    let dotted = key_path.join(".");
    let message = e.message();
    let err = if let Some(unknown) = message.strip_prefix("unknown field `") {
        // serde lists the known fields in backquotes: "unknown field `x`, expected `a` or `b`".
        let mut quoted = unknown.split('`');
        let name = quoted.next().unwrap_or_default().to_string();
        let known: Vec<&str> = quoted.skip(1).step_by(2).collect();
        let table = match key_path.len() {
            0 | 1 => "the top level".to_string(),
            n => format!("[{}]", key_path[..n - 1].join(".")),
        };
        let mut err =
            ConfigError::new(format!("unknown key {name:?} in {table} (known: {})", known.join(", "))).key(&dotted);
        if let Some(close) = closest(&name, &known) {
            err = err.hint(format!("did you mean {close:?}?"));
        }
        err
    } else {
        let leaf = key_path.last().map_or("", String::as_str);
        // serde quotes the offending value; for a token that value is the secret.
        let shown = if leaf == "token" {
            "invalid type for a token (the value is not shown)".to_string()
        } else {
            plain_serde(message)
        };
        let mut err = ConfigError::new(if dotted.is_empty() { shown } else { format!("{dotted}: {shown}") });
        if !dotted.is_empty() {
            err = err.key(&dotted);
        }
        if key_path.len() == 3 && key_path[0] == "keys" {
            err.hint(format!("write a list of keys, e.g. {leaf} = [\"z\"] (an empty list unbinds)"))
        } else {
            match expected_form(leaf) {
                Some(form) => err.hint(format!("{leaf} takes {form}")),
                None => err,
            }
        }
    };
    err.in_file(display_path(path), line)
}

/// serde's vocabulary in TOML's terms: the operator wrote a table or a list, not a struct,
/// map or sequence.
pub(super) fn plain_serde(message: &str) -> String {
    let mut out = message.replace('\n', "; ");
    if let Some(at) = out.find("expected struct ") {
        out.replace_range(at.., "expected a table");
    }
    out.replace("expected a map", "expected a table")
        .replace("expected a sequence", "expected a list")
        .replace("expected u64", "expected a whole number, 0 or more")
}

/// The dotted path of the key whose name or value is exactly (or most tightly) at `span`.
pub(super) fn key_at(table: &DeTable<'_>, span: &Range<usize>) -> Option<Vec<String>> {
    fn walk(
        table: &DeTable<'_>,
        span: &Range<usize>,
        prefix: &mut Vec<String>,
        best: &mut Option<(usize, Vec<String>)>,
    ) {
        for (k, v) in table.iter() {
            prefix.push(k.get_ref().to_string());
            for s in [k.span(), v.span()] {
                if s.start <= span.start && span.end <= s.end.max(s.start + 1) {
                    let width = s.end - s.start;
                    if best.as_ref().is_none_or(|(w, _)| width <= *w) {
                        *best = Some((width, prefix.clone()));
                    }
                }
            }
            match v.get_ref() {
                DeValue::Table(t) => walk(t, span, prefix, best),
                DeValue::Array(items) => {
                    for item in items {
                        if let DeValue::Table(t) = item.get_ref() {
                            walk(t, span, prefix, best);
                        }
                    }
                }
                _ => {}
            }
            prefix.pop();
        }
    }
    let mut best = None;
    walk(table, span, &mut Vec::new(), &mut best);
    best.map(|(_, path)| path)
}

/// The known name a typo most likely meant, if one is close enough to be a good guess. Two
/// swapped letters count as one edit (optimal string alignment), since that is how keys are
/// most often mistyped: `wlaudr` is two edits from `waldur`, not four.
pub(crate) fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::osa_distance(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}
