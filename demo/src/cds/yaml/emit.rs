//! `yaml.Marshal` as go-yaml v2 does it: the encoder picks a style per scalar (plain, or
//! double-quoted when the plain form would read back as another type, or literal when the
//! string has a line break) and libyaml's emitter, which go-yaml ported, may still fall back
//! to single or double quotes. libyaml-safer is a port of the same emitter, so only the
//! encoder's half is written here.

use libyaml_safer::{Emitter, Encoding, Event, MappingStyle, ScalarStyle, SequenceStyle};

use super::resolve::plain_reads_back_as_string;

/// A document to marshal. Map entries are written in the given order: the caller sorts Go
/// map keys with [`super::keys::key_cmp`] and leaves struct fields in declaration order.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Str(String),
    Bool(bool),
    Seq(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    pub fn str(s: impl Into<String>) -> Self {
        Self::Str(s.into())
    }
}

/// The style go-yaml's `stringv` asks for (the emitter may override plain).
pub fn requested_style(s: &str) -> ScalarStyle {
    if s.contains('\n') {
        ScalarStyle::Literal
    } else if plain_reads_back_as_string(s) && !has_astral(s) {
        ScalarStyle::Plain
    } else {
        ScalarStyle::DoubleQuoted
    }
}

/// go-yaml v2's `is_printable` stops at U+FFFD: characters beyond the BMP are escaped as
/// `\UXXXXXXXX` in double quotes, where libyaml-safer would write them as they are.
fn has_astral(s: &str) -> bool {
    s.chars().any(|c| u32::from(c) > 0xFFFF)
}

/// The whole document, ending with a line break like `yaml.Marshal`'s output.
pub fn marshal(doc: &Yaml) -> Result<String, String> {
    let mut out = Vec::new();
    {
        let mut emitter = Emitter::new();
        emitter.set_output_string(&mut out);
        emitter.set_unicode(true);
        emitter.set_width(80);
        emitter.set_indent(2);
        let mut emit = |e: Event| emitter.emit(e).map_err(|e| e.to_string());
        emit(Event::stream_start(Encoding::Utf8))?;
        emit(Event::document_start(None, &[], true))?;
        node(&mut emit, doc)?;
        emit(Event::document_end(true))?;
        emit(Event::stream_end())?;
    }
    let text = String::from_utf8(out).map_err(|e| e.to_string())?;
    Ok(escape_astral(text))
}

fn node(emit: &mut impl FnMut(Event) -> Result<(), String>, n: &Yaml) -> Result<(), String> {
    match n {
        Yaml::Str(s) => emit(Event::scalar(None, None, s, true, true, requested_style(s))),
        Yaml::Bool(b) => {
            emit(Event::scalar(None, None, if *b { "true" } else { "false" }, true, true, ScalarStyle::Plain))
        }
        Yaml::Seq(items) => {
            emit(Event::sequence_start(None, None, true, SequenceStyle::Block))?;
            for item in items {
                node(emit, item)?;
            }
            emit(Event::sequence_end())
        }
        Yaml::Map(entries) => {
            emit(Event::mapping_start(None, None, true, MappingStyle::Block))?;
            for (k, v) in entries {
                emit(Event::scalar(None, None, k, true, true, requested_style(k)))?;
                node(emit, v)?;
            }
            emit(Event::mapping_end())
        }
    }
}

/// Every string holding a character beyond the BMP was sent double-quoted, so each such
/// character in the output sits inside double quotes and takes go-yaml's escape. (Line
/// folding still counts it as one column, where go-yaml counts ten: long lines of emoji may
/// fold elsewhere.)
fn escape_astral(text: String) -> String {
    if !has_astral(&text) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if u32::from(c) > 0xFFFF {
            out.push_str(&format!("\\U{:08X}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(&str, Yaml)]) -> Yaml {
        Yaml::Map(entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    fn out(doc: &Yaml) -> String {
        marshal(doc).expect("marshal")
    }

    #[test]
    fn styles_follow_go_yaml() {
        assert_eq!(requested_style("build"), ScalarStyle::Plain);
        for s in ["", "10", "true", "yes", "~", "null", "1:20", "2019-10-01", "1.5"] {
            assert_eq!(requested_style(s), ScalarStyle::DoubleQuoted, "{s:?}");
        }
        assert_eq!(requested_style("a\nb"), ScalarStyle::Literal);
    }

    #[test]
    fn sequences_in_mappings_are_not_indented() {
        let doc = map(&[("requirements", Yaml::Seq(vec![map(&[("binary", Yaml::str("bash"))])]))]);
        assert_eq!(out(&doc), "requirements:\n- binary: bash\n");
    }

    #[test]
    fn the_emitter_falls_back_to_quotes() {
        let doc = Yaml::Seq(
            [
                "#!/bin/bash",
                "",
                "\techo -e \"",
                "on: ${X}...",
                "{{.git.branch}}",
                "10",
                "it's",
                "- x",
                "a #b",
                "a# b",
                " lead",
                "trail ",
                "yes",
            ]
            .into_iter()
            .map(Yaml::str)
            .collect(),
        );
        assert_eq!(
            out(&doc),
            "- '#!/bin/bash'\n- \"\"\n- \"\\techo -e \\\"\"\n- 'on: ${X}...'\n- '{{.git.branch}}'\n- \"10\"\n- it's\n- '- x'\n- 'a #b'\n- a# b\n- ' lead'\n- 'trail '\n- \"yes\"\n"
        );
    }

    #[test]
    fn long_plain_scalars_fold_at_80_columns() {
        let doc = map(&[(
            "description",
            Yaml::str("Download Artifacts which were uploaded using CDS_SplitUploadArtifact action."),
        )]);
        assert_eq!(
            out(&doc),
            "description: Download Artifacts which were uploaded using CDS_SplitUploadArtifact\n  action.\n"
        );
    }

    #[test]
    fn multi_line_strings_are_literal_blocks_and_bools_plain() {
        let doc = map(&[("value", Yaml::str("line one\nline two")), ("advanced", Yaml::Bool(true))]);
        assert_eq!(out(&doc), "value: |-\n  line one\n  line two\nadvanced: true\n");
        let trailing = map(&[("v", Yaml::str("a\n"))]);
        assert_eq!(out(&trailing), "v: |\n  a\n");
    }

    #[test]
    fn empty_collections_are_flow_and_astral_characters_escaped() {
        let doc = map(&[("m", Yaml::Map(vec![])), ("s", Yaml::Seq(vec![])), ("e", Yaml::str("ok 🚀"))]);
        assert_eq!(out(&doc), "m: {}\ns: []\ne: \"ok \\U0001F680\"\n");
    }
}
