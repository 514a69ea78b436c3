//! `prop_cds_yaml_*`: the export documents' decoders survive any bytes, and what the
//! encoders write reads back to the same document, in YAML, in JSON and across the two.
//! Documents are the round-trip fixtures with lines dropped, doubled or retyped.

use proptest::prelude::*;
use proptest::test_runner::Config;

use super::entity::{ExportAction, from_json, from_yaml};

/// `PROPTEST_CASES`, or a few dozen for the everyday suite (as the console's properties).
fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(64);
    Config { cases, ..Config::default() }
}

const FIXTURES: &[&str] = &[
    include_str!("../../../tests/fixtures/cds/action_git_clone.yml"),
    include_str!("../../../tests/fixtures/cds/action_enabled.yml"),
    include_str!("../../../tests/fixtures/cds/action_disabled.yml"),
];

/// Pieces that YAML reads in more than one way: quotes, anchors, tags, flow collections,
/// block scalars, numbers and booleans as strings, odd characters.
const PIECES: &[&str] = &[
    "'",
    "\"",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!str ",
    "!!int ",
    "{",
    "}",
    "[",
    "]",
    "|",
    "|-\n    x",
    ">",
    "#",
    "~",
    "null",
    "true",
    "yes",
    "0x1F",
    "1e3",
    "\t",
    "\n",
    "  ",
    "\u{0}",
    "\u{1b}[31m",
    "\u{202e}",
    "é",
    "東",
    "\\",
    "{{.git.url}}",
    "script",
    "gitClone",
    "parameters",
    "requirements",
    "steps",
    "type",
    "default",
    "binary",
];

#[derive(Debug, Clone)]
enum Edit {
    Drop(usize),
    Double(usize),
    Type(usize, usize, usize),
}

fn document() -> impl Strategy<Value = Vec<u8>> {
    let edit = prop_oneof![
        any::<usize>().prop_map(Edit::Drop),
        any::<usize>().prop_map(Edit::Double),
        (any::<usize>(), any::<usize>(), 0..PIECES.len()).prop_map(|(l, at, p)| Edit::Type(l, at, p)),
    ];
    let edited =
        (proptest::sample::select(FIXTURES), proptest::collection::vec(edit, 0..4)).prop_map(|(text, edits)| {
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            for e in edits {
                let n = lines.len().max(1);
                match e {
                    Edit::Drop(l) if !lines.is_empty() => {
                        lines.remove(l % n);
                    }
                    Edit::Double(l) if !lines.is_empty() => lines.insert(l % n, lines[l % n].clone()),
                    Edit::Type(l, at, p) if !lines.is_empty() => {
                        let line = &mut lines[l % n];
                        let at = line
                            .char_indices()
                            .map(|(i, _)| i)
                            .nth(at % (line.chars().count() + 1))
                            .unwrap_or(line.len());
                        line.insert_str(at, PIECES[p]);
                    }
                    _ => {}
                }
            }
            lines.join("\n").into_bytes()
        });
    prop_oneof![4 => edited, 1 => proptest::collection::vec(any::<u8>(), 0..200)]
}

/// Written, then read back and written again: the same text (the first writing settles what
/// the encoder normalises, like a script's final line break).
fn settles(doc: &ExportAction) -> Result<(), TestCaseError> {
    let yaml = doc.to_yaml().map_err(TestCaseError::fail)?;
    let back = from_yaml(yaml.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e:?} reading\n{yaml}")))?;
    let again = back.to_yaml().map_err(TestCaseError::fail)?;
    let back2 = from_yaml(again.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e:?} reading\n{again}")))?;
    prop_assert_eq!(back2.to_yaml().map_err(TestCaseError::fail)?, again, "YAML does not settle");

    let json = back.to_json();
    let from = from_json(&json)
        .map_err(|e| TestCaseError::fail(format!("{e:?} reading {}", String::from_utf8_lossy(&json))))?;
    prop_assert_eq!(from.to_json(), json, "JSON does not read back to itself");
    // Compared as written: a step's bodies are a map, their order in memory means nothing.
    prop_assert_eq!(from.to_yaml(), back.to_yaml(), "JSON and YAML disagree on the document");
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn prop_cds_yaml_reads_back_what_it_writes(input in document()) {
        if let Ok(doc) = from_yaml(&input) {
            settles(&doc)?;
        }
        if let Ok(doc) = from_json(&input) {
            settles(&doc)?;
        }
    }
}
