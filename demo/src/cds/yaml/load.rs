//! Reading a YAML document the way `yaml.Unmarshal` sees it: libyaml-safer parses it into
//! events, composed here into a tree where each scalar is resolved with go-yaml v2's rules
//! (so the decoder can tell a string from a bool), with the line numbers go-yaml puts in its
//! errors. Aliases are expanded, with a cap so that a "billion laughs" document cannot blow
//! up. (libyaml's own composer tags every untagged scalar `!!str`, which hides what a plain
//! scalar means, hence the events.)

use std::collections::HashMap;

use libyaml_safer::{Event, EventData, Parser, ScalarStyle};

use super::resolve::{Resolved, resolve};

/// Nodes produced at most, aliases expanded.
const MAX_NODES: usize = 50_000;
const MAX_DEPTH: usize = 256;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// 1-based, as go-yaml reports it; 0 when unknown (JSON).
    pub line: u64,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `text` is the scalar as written; `res` what it means.
    Scalar {
        text: String,
        res: Resolved,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// go-yaml's short name for the node's tag, used in its type errors.
    pub fn tag_name(&self) -> &'static str {
        match &self.kind {
            Kind::Seq(_) => "!!seq",
            Kind::Map(_) => "!!map",
            Kind::Scalar { res, .. } => match res {
                Resolved::Null => "!!null",
                Resolved::Bool(_) => "!!bool",
                Resolved::Int => "!!int",
                Resolved::Float => "!!float",
                Resolved::Timestamp => "!!timestamp",
                Resolved::Str => "!!str",
            },
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Scalar { res: Resolved::Null, .. })
    }

    fn size(&self) -> usize {
        match &self.kind {
            Kind::Scalar { .. } => 1,
            Kind::Seq(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
            Kind::Map(pairs) => 1 + pairs.iter().map(|(k, v)| k.size() + v.size()).sum::<usize>(),
        }
    }
}

/// The first document of `input`; `None` when there is none (an empty body).
///
/// libyaml-safer 0.3 panics on a few malformed inputs instead of returning an error: a
/// scalar cut off by the end of the input (avoided by ending the input with a line break,
/// which changes no document that already ends with one), and a tag followed directly by
/// `,` in a flow collection (refused before parsing, as libyaml would in block context).
/// Any other panic is caught and reported as a parse error, so no request can crash it.
pub fn load(input: &[u8]) -> Result<Option<Node>, String> {
    let mut owned = input.to_vec();
    if owned.last() != Some(&b'\n') {
        owned.push(b'\n');
    }
    if tag_before_comma_in_flow(&owned) {
        return Err("yaml: while scanning a tag: did not find expected whitespace or line break".into());
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| compose(&owned)))
        .unwrap_or_else(|_| Err("yaml: the document could not be parsed".into()))
}

/// A `!tag` token followed by `,` inside `[…]` or `{…}` (quotes and comments skipped):
/// the input that reaches libyaml-safer's unfinished branch.
fn tag_before_comma_in_flow(b: &[u8]) -> bool {
    let blank = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r');
    let (mut depth, mut quote, mut comment, mut prev) = (0usize, None::<u8>, false, b'\n');
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if comment {
            comment = c != b'\n' && c != b'\r';
        } else if let Some(q) = quote {
            if c == q {
                quote = None;
            } else if q == b'"' && c == b'\\' {
                i += 1;
            }
        } else {
            let token_start = blank(prev) || matches!(prev, b'[' | b'{' | b',' | b':');
            match c {
                b'#' if blank(prev) => comment = true,
                b'\'' | b'"' if token_start => quote = Some(c),
                b'[' | b'{' => depth += 1,
                b']' | b'}' => depth = depth.saturating_sub(1),
                b'!' if depth > 0 && token_start => {
                    let end = b[i..].iter().position(|&x| blank(x) || matches!(x, b',' | b'[' | b']' | b'{' | b'}'));
                    if end.is_some_and(|e| b[i + e] == b',') {
                        return true;
                    }
                }
                _ => {}
            }
        }
        prev = c;
        i += 1;
    }
    false
}

fn compose(input: &[u8]) -> Result<Option<Node>, String> {
    let mut bytes = input;
    let mut parser = Parser::new();
    parser.set_input_string(&mut bytes);
    let mut c = Composer { parser, anchors: HashMap::new(), budget: MAX_NODES };
    loop {
        let event = c.next()?;
        match event.data {
            EventData::StreamStart { .. } => {}
            EventData::DocumentStart { .. } => break,
            _ => return Ok(None),
        }
    }
    let first = c.next()?;
    c.node(first, 0).map(Some)
}

struct Composer<'a, 'b> {
    parser: Parser<&'a mut &'b [u8]>,
    anchors: HashMap<String, Node>,
    budget: usize,
}

impl Composer<'_, '_> {
    fn next(&mut self) -> Result<Event, String> {
        self.parser.parse().map_err(go_error)
    }

    fn spend(&mut self, n: usize) -> Result<(), String> {
        self.budget = self.budget.checked_sub(n).ok_or("yaml: document contains excessive aliasing")?;
        Ok(())
    }

    fn node(&mut self, event: Event, depth: usize) -> Result<Node, String> {
        if depth > MAX_DEPTH {
            return Err("yaml: exceeded max depth".into());
        }
        self.spend(1)?;
        let line = event.start_mark.line + 1;
        let (anchor, node) = match event.data {
            EventData::Alias { anchor } => {
                let node = self
                    .anchors
                    .get(&anchor)
                    .cloned()
                    .ok_or_else(|| format!("yaml: unknown anchor '{anchor}' referenced"))?;
                self.spend(node.size())?;
                return Ok(node);
            }
            EventData::Scalar { anchor, tag, value, style, .. } => {
                let tag = tag.unwrap_or_default();
                let res = if tag.ends_with(":str") || tag.ends_with(":binary") || tag == "!" {
                    Resolved::Str
                } else if style == ScalarStyle::Plain || !tag.is_empty() {
                    resolve(&value)
                } else {
                    Resolved::Str
                };
                (anchor, Node { line, kind: Kind::Scalar { text: value, res } })
            }
            EventData::SequenceStart { anchor, .. } => {
                let mut items = Vec::new();
                loop {
                    let e = self.next()?;
                    if matches!(e.data, EventData::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(e, depth + 1)?);
                }
                (anchor, Node { line, kind: Kind::Seq(items) })
            }
            EventData::MappingStart { anchor, .. } => {
                let mut pairs = Vec::new();
                loop {
                    let e = self.next()?;
                    if matches!(e.data, EventData::MappingEnd) {
                        break;
                    }
                    let key = self.node(e, depth + 1)?;
                    let e = self.next()?;
                    let value = self.node(e, depth + 1)?;
                    pairs.push((key, value));
                }
                (anchor, Node { line, kind: Kind::Map(pairs) })
            }
            _ => return Err(format!("yaml: line {line}: did not find expected node content")),
        };
        if let Some(a) = anchor {
            self.anchors.insert(a, node.clone());
        }
        Ok(node)
    }
}

fn go_error(e: libyaml_safer::Error) -> String {
    let line = e.problem_mark().map_or(0, |m| m.line + 1);
    format!("yaml: line {line}: {}", e.problem())
}

/// The same tree from a JSON value, so one decoder serves both formats.
pub fn from_json(v: &serde_json::Value) -> Node {
    let scalar = |text: String, res| Node { line: 0, kind: Kind::Scalar { text, res } };
    match v {
        serde_json::Value::Null => scalar(String::new(), Resolved::Null),
        serde_json::Value::Bool(b) => scalar(b.to_string(), Resolved::Bool(*b)),
        serde_json::Value::Number(n) => scalar(n.to_string(), if n.is_f64() { Resolved::Float } else { Resolved::Int }),
        serde_json::Value::String(s) => scalar(s.clone(), Resolved::Str),
        serde_json::Value::Array(items) => Node { line: 0, kind: Kind::Seq(items.iter().map(from_json).collect()) },
        serde_json::Value::Object(map) => Node {
            line: 0,
            kind: Kind::Map(map.iter().map(|(k, v)| (scalar(k.clone(), Resolved::Str), from_json(v))).collect()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_keep_their_text_and_meaning() {
        let n = load(b"a: 10\nb: '10'\nc: yes\nd:\n- x\n").expect("parse").expect("doc");
        let Kind::Map(pairs) = n.kind else { panic!("map") };
        let res: Vec<_> = pairs.iter().map(|(_, v)| v.tag_name()).collect();
        assert_eq!(res, ["!!int", "!!str", "!!bool", "!!seq"]);
        assert_eq!(pairs[3].1.line, 5);
    }

    #[test]
    fn empty_input_has_no_document_and_errors_name_the_line() {
        assert_eq!(load(b"").expect("parse"), None);
        let err = load(b"a: b\nc: [d\n").expect_err("broken");
        assert!(err.starts_with("yaml: line "), "{err}");
    }

    #[test]
    fn inputs_that_panic_libyaml_safer_are_errors() {
        for doc in ["\"\\", "\"a\\", "|\n  a", ">-\n  ]", "[!,\n", "{!,", "[a, !x, b]", "[!x,]"] {
            assert!(load(doc.as_bytes()).is_err() || doc.starts_with('|') || doc.starts_with('>'), "{doc:?}");
        }
        assert!(load(b"[!x a, b]\n").is_ok());
        assert!(load(b"- echo hi !x,y\n").is_ok(), "block context is not touched");
        assert!(load(b"k: '[!x,'\n").is_ok(), "quoted text is not touched");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..8 {
            let prev = format!("*a{}", i - 1);
            doc.push_str(&format!("a{i}: &a{i} [{}]\n", [prev.as_str(); 10].join(", ")));
        }
        assert!(load(doc.as_bytes()).is_err());
    }
}
