//! Reader for the recorded exchanges in `tests/fixtures/heimdall/NN-*.txt`: a `### REQUEST`
//! block (request line, headers, blank line, body) and a `### RESPONSE` block (status line,
//! headers, blank line, body). Each body is followed by one newline that is not part of it.

use std::path::{Path, PathBuf};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::backends::http::RawResponse;

pub(super) fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/heimdall")
}

#[derive(Debug, Clone)]
pub(super) struct Recording {
    /// The file name, for failure messages.
    pub(super) name: String,
    /// The `NN` of the file name.
    pub(super) number: u32,
    pub(super) request: Request,
    pub(super) response: RawResponse,
}

#[derive(Debug, Clone)]
pub(super) struct Request {
    pub(super) method: String,
    /// Path and query, as sent.
    pub(super) target: String,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: String,
}

impl Request {
    pub(super) fn path(&self) -> &str {
        self.target.split_once('?').map_or(self.target.as_str(), |(p, _)| p)
    }

    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Every recording, in file order.
pub(super) fn all() -> Vec<Recording> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("tests/fixtures/heimdall is readable")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{name}: {e}"));
            parse(&name, &text).unwrap_or_else(|e| panic!("{name}: {e}"))
        })
        .collect()
}

pub(super) fn parse(name: &str, text: &str) -> Result<Recording, String> {
    let number = name.get(..2).and_then(|n| n.parse().ok()).ok_or("the name does not start with two digits")?;
    let rest = text.strip_prefix("### REQUEST\n").ok_or("no ### REQUEST block")?;
    let (request, response) = rest.split_once("\n### RESPONSE\n").ok_or("no ### RESPONSE block")?;
    let (head, body) = split_block(request);
    let mut lines = head.lines();
    let line = lines.next().ok_or("empty request block")?;
    let (method, target) = line.split_once(' ').ok_or_else(|| format!("bad request line {line:?}"))?;
    // "(no Authorization header)" is a note, not a header.
    let headers =
        lines.filter_map(|l| l.split_once(": ").or_else(|| l.strip_suffix(':').map(|k| (k, "")))).collect::<Vec<_>>();
    let request = Request {
        method: method.to_string(),
        target: target.to_string(),
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: body.to_string(),
    };

    let (head, body) = split_block(response);
    let mut lines = head.lines();
    let status_line = lines.next().ok_or("empty response block")?;
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let mut map = HeaderMap::new();
    for l in lines {
        let (k, v) = l.split_once(": ").ok_or_else(|| format!("bad response header {l:?}"))?;
        let k = HeaderName::from_bytes(k.as_bytes()).map_err(|e| format!("{k}: {e}"))?;
        let v = HeaderValue::from_str(v).map_err(|e| format!("{v}: {e}"))?;
        map.append(k, v);
    }
    let response = RawResponse { status, headers: map, body: bytes::Bytes::from(body.to_string()) };
    if let Some(len) = response.header("content-length") {
        let len: usize = len.parse().map_err(|_| format!("bad content-length {len:?}"))?;
        if len != response.body.len() {
            return Err(format!("content-length {len} but the body has {} bytes", response.body.len()));
        }
    }
    Ok(Recording { name: name.to_string(), number, request, response })
}

/// Head (first line and headers) and body of a block; the body loses the newline that
/// ends the block.
fn split_block(block: &str) -> (&str, &str) {
    match block.split_once("\n\n") {
        Some((head, body)) => (head, body.strip_suffix('\n').unwrap_or(body)),
        None => (block.trim_end_matches('\n'), ""),
    }
}

#[test]
fn the_reader_takes_bodies_and_header_notes_apart() {
    let r = parse(
        "39-x.txt",
        "### REQUEST\nPOST /api/v1/groups/g/members\nAuthorization: Bearer t\nContent-Type: application/json\n\n{\"subject\":\"1\"}\n\n### RESPONSE\nHTTP/1.1 200 OK\ncontent-length: 2\ncontent-type: application/json\n\n{}\n",
    )
    .expect("parses");
    assert_eq!((r.number, r.request.method.as_str(), r.request.path()), (39, "POST", "/api/v1/groups/g/members"));
    assert_eq!(r.request.body, "{\"subject\":\"1\"}");
    assert_eq!(r.request.header("authorization"), Some("Bearer t"));
    assert_eq!((r.response.status, &r.response.body[..]), (200, &b"{}"[..]));

    let r = parse(
        "15-x.txt",
        "### REQUEST\nGET /a/?x=1\n(no Authorization header)\n\n### RESPONSE\nHTTP/1.1 204 No Content\ncontent-type: application/json\n\n\n",
    )
    .expect("parses");
    assert!(r.request.headers.is_empty());
    assert_eq!((r.request.path(), r.request.body.as_str()), ("/a/", ""));
    assert!(r.response.body.is_empty());

    let lying = "### REQUEST\nGET /\n\n### RESPONSE\nHTTP/1.1 200 OK\ncontent-length: 5\n\n{}\n";
    assert!(parse("01-x.txt", lying).is_err());
}
