//! `-o yaml`: the same records as `-o json`, written with libyaml-safer's emitter (a safe
//! port of libyaml that the workspace already builds for the demo's CDS exports; serde_yaml
//! is deprecated and its forks wrap the C-derived `unsafe-libyaml`). The emitter takes care
//! of indentation and of quoting what the syntax needs; this file only makes sure a string
//! never reads back as another type (`"true"`, `"1.0"`, `"null"` stay strings).

use libyaml_safer::{Emitter, Encoding, Event, MappingStyle, ScalarStyle, SequenceStyle};
use serde_json::Value;

use super::exit::{Exit, Failure, Outcome};

pub(crate) fn to_string(value: &Value) -> Outcome<String> {
    let mut out = Vec::new();
    {
        let mut emitter = Emitter::new();
        emitter.set_output_string(&mut out);
        emitter.set_unicode(true);
        emitter.set_indent(2);
        emitter.set_width(-1);
        let mut emit = |e: Event| emitter.emit(e).map_err(|e| e.to_string());
        let result = (|| {
            emit(Event::stream_start(Encoding::Utf8))?;
            emit(Event::document_start(None, &[], true))?;
            node(&mut emit, value)?;
            emit(Event::document_end(true))?;
            emit(Event::stream_end())
        })();
        result.map_err(|e| Failure::new(Exit::Server, format!("writing YAML: {e}")))?;
    }
    String::from_utf8(out).map_err(|e| Failure::new(Exit::Server, format!("writing YAML: {e}")))
}

fn node(emit: &mut impl FnMut(Event) -> Result<(), String>, value: &Value) -> Result<(), String> {
    let plain = |s: &str| Event::scalar(None, None, s, true, false, ScalarStyle::Plain);
    match value {
        Value::Null => emit(plain("null")),
        Value::Bool(b) => emit(plain(if *b { "true" } else { "false" })),
        Value::Number(n) => emit(plain(&n.to_string())),
        Value::String(s) => emit(Event::scalar(None, None, s, true, true, style(s))),
        Value::Array(items) => {
            emit(Event::sequence_start(None, None, true, SequenceStyle::Block))?;
            for item in items {
                node(emit, item)?;
            }
            emit(Event::sequence_end())
        }
        Value::Object(map) => {
            emit(Event::mapping_start(None, None, true, MappingStyle::Block))?;
            for (k, v) in map {
                emit(Event::scalar(None, None, k, true, true, style(k)))?;
                node(emit, v)?;
            }
            emit(Event::mapping_end())
        }
    }
}

/// Plain only for text no YAML reader could take for a number, a boolean, a null or a date:
/// it starts with a letter, `_` or `/`, and is not one of YAML 1.1's words. Everything else is
/// double-quoted; the emitter still quotes a plain string whose characters need it.
fn style(s: &str) -> ScalarStyle {
    const WORDS: &[&str] = &["null", "true", "false", "yes", "no", "on", "off", "y", "n"];
    let starts_well = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '/');
    let word = WORDS.iter().any(|w| s.eq_ignore_ascii_case(w));
    if s.contains('\n') {
        ScalarStyle::Literal
    } else if starts_well && !word && s.trim() == s {
        ScalarStyle::Plain
    } else {
        ScalarStyle::DoubleQuoted
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn records_become_a_sequence_of_mappings_with_sorted_keys() {
        let v = json!([{"uuid": "5f0c7d1e", "urgency": "high", "days": 3, "silenced": false, "due": null}]);
        assert_eq!(
            to_string(&v).expect("yaml"),
            "- days: 3\n  due: null\n  silenced: false\n  urgency: high\n  uuid: \"5f0c7d1e\"\n"
        );
    }

    #[test]
    fn strings_that_look_like_other_types_are_quoted() {
        let v = json!({"a": "true", "b": "1.5", "c": "null", "d": "2026-12-02T10:00:00Z", "e": "", "f": "No"});
        let text = to_string(&v).expect("yaml");
        for line in ["a: \"true\"", "b: \"1.5\"", "c: \"null\"", "d: \"2026-12-02T10:00:00Z\"", "e: \"\"", "f: \"No\""]
        {
            assert!(text.contains(line), "{line} in\n{text}");
        }
    }

    #[test]
    fn syntax_characters_and_line_breaks_survive() {
        let v = json!({"t": "key: value # not a comment", "m": "two\nlines\n", "x": []});
        let text = to_string(&v).expect("yaml");
        assert!(text.contains("t: 'key: value # not a comment'") || text.contains("t: \"key: value"), "{text}");
        assert!(text.contains("m: |"), "{text}");
        assert!(text.contains("x: []"), "{text}");
    }
}
