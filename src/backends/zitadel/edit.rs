//! `E` for ZITADEL: the action's script, with its name, timeout and allowedToFail in a
//! short header of `//` comments, so the editor can highlight the file as JavaScript. The
//! PUT (`/management/v1/actions/{id}`) replaces all four fields, so all four are in the
//! text and all four are sent. See docs/wire-zitadel.md.

use std::time::Duration;

use super::duration;
use super::wire::Action;
use crate::domain::error::ApiError;

/// Everything after this line is the script, byte for byte.
const SCRIPT_LINE: &str = "// ---- the script: everything below this line is sent as it is ----";

/// ZITADEL's limits (the API validator): a name of 1 to 200 characters, a timeout of at most
/// 20 s, a script of 1 to 40 000 bytes.
const MAX_NAME: usize = 200;
const MAX_TIMEOUT: Duration = Duration::from_secs(20);
const MAX_SCRIPT: usize = 40_000;

/// The four fields a PUT replaces.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fields {
    pub(crate) name: String,
    pub(crate) timeout: Duration,
    pub(crate) allowed_to_fail: bool,
    pub(crate) script: String,
}

/// The text the operator edits. The file ends with one newline more than the script (most
/// editors add one on save); [`parse`] takes it off again.
pub(crate) fn text(a: &Action) -> String {
    format!(
        "// name: {}\n// timeout: {}\n// allowedToFail: {}\n{SCRIPT_LINE}\n{}\n",
        a.name.raw(),
        duration::format(a.timeout),
        a.allowed_to_fail,
        a.script.raw()
    )
}

/// The header's fields and the script, or what is wrong, with its line.
pub(crate) fn parse(text: &str) -> Result<Fields, ApiError> {
    let bad = |line: usize, what: String| ApiError::Local(format!("line {line}: {what}"));
    let (mut name, mut timeout, mut allowed) = (None, None, None);
    let mut rest = text;
    let mut line = 0;
    loop {
        line += 1;
        let Some((current, after)) = rest.split_once('\n') else {
            return Err(ApiError::Local(format!(
                "the line {SCRIPT_LINE:?} is missing: opsy cannot tell where the script starts"
            )));
        };
        rest = after;
        let current = current.trim_end_matches('\r');
        if current == SCRIPT_LINE {
            break;
        }
        let Some(field) = current.strip_prefix("//") else {
            return Err(bad(line, "above the script line only // name:, // timeout: and // allowedToFail: go".into()));
        };
        let Some((key, value)) = field.split_once(':') else { continue };
        let value = value.trim();
        match key.trim() {
            "name" => name = Some(value.to_string()),
            "timeout" => {
                let t = duration::parse(value).filter(|t| *t <= MAX_TIMEOUT).ok_or_else(|| {
                    bad(line, format!("timeout {value:?}: write seconds like 10s or 1.5s, at most 20s"))
                })?;
                timeout = Some(t);
            }
            "allowedToFail" => {
                let b =
                    value.parse().map_err(|_| bad(line, format!("allowedToFail {value:?}: write true or false")))?;
                allowed = Some(b);
            }
            other => return Err(bad(line, format!("unknown field {other:?} (name, timeout, allowedToFail)"))),
        }
    }
    let name = name.filter(|n| !n.is_empty()).ok_or_else(|| ApiError::Local("// name: needs a value".into()))?;
    if name.chars().count() > MAX_NAME {
        return Err(ApiError::Local(format!("the name is longer than {MAX_NAME} characters")));
    }
    let script = rest.strip_suffix('\n').unwrap_or(rest).to_string();
    if script.trim().is_empty() {
        return Err(bad(line + 1, "the script is empty: ZITADEL needs one".into()));
    }
    if script.len() > MAX_SCRIPT {
        return Err(ApiError::Local(format!(
            "the script is {} bytes; ZITADEL takes at most {MAX_SCRIPT}",
            script.len()
        )));
    }
    Ok(Fields { name, timeout: timeout.unwrap_or_default(), allowed_to_fail: allowed.unwrap_or(false), script })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action() -> Action {
        serde_json::from_str(
            r#"{"id":"1","name":"log context","script":"function log(ctx, api) {\n  api.v1.log(ctx)\n}","timeout":"10s","allowedToFail":true}"#,
        )
        .unwrap_or_default()
    }

    #[test]
    fn the_text_round_trips_to_the_same_fields() {
        let a = action();
        let t = text(&a);
        assert!(t.starts_with("// name: log context\n// timeout: 10s\n// allowedToFail: true\n"), "{t}");
        let f = parse(&t).map_err(|e| e.to_string());
        assert_eq!(
            f,
            Ok(Fields {
                name: "log context".into(),
                timeout: Duration::from_secs(10),
                allowed_to_fail: true,
                script: a.script.raw().to_string(),
            })
        );
    }

    #[test]
    fn a_bad_header_says_which_line() {
        let t = text(&action()).replace("timeout: 10s", "timeout: soon");
        let e = parse(&t).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("line 2:") && e.contains("timeout"), "{e}");
        let t = text(&action()).replace("// allowedToFail: true", "// allowedToFail: maybe");
        assert!(parse(&t).err().map(|e| e.to_string()).unwrap_or_default().contains("line 3:"));
        let t = text(&action()).replace(SCRIPT_LINE, "// the script");
        assert!(parse(&t).err().map(|e| e.to_string()).unwrap_or_default().contains("line 5: above the script line"));
        let t = "// name: x\n";
        assert!(parse(t).err().map(|e| e.to_string()).unwrap_or_default().contains("missing"));
        let t = text(&action()).replace("timeout: 10s", "timeout: 30s");
        assert!(parse(&t).err().map(|e| e.to_string()).unwrap_or_default().contains("at most 20s"));
    }
}
