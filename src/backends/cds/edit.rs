//! `E` and `n` for CDS. The operator edits the action's export YAML (A7) and opsy sends the
//! document back with the import (A8, `Content-Type: application/x-yaml`), not with the PUT
//! (A4): the PUT takes the JSON model, whose steps name their actions by numeric id, while
//! the export document names them by `group/name` and the import resolves them the way the
//! server does. The import matches on (group, name), so the document must keep both: a
//! changed name or group would create a second action instead of changing this one, and is
//! refused here with its line. See docs/wire-cds.md.

use libyaml_safer::{EventData, Parser};

use super::wire::ActionPath;
use crate::domain::error::ApiError;

/// The group CDS puts a document without `group:` in.
pub(crate) const SHARED_INFRA: &str = "shared.infra";

/// Where a checked document goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checked {
    pub(crate) path: ActionPath,
}

/// The commented document `n` opens: valid as it is, so the operator only changes values.
pub(crate) fn template(group: &str) -> String {
    format!(
        "# A new CDS action in the group {group}. Lines starting with # are comments.\n\
         # Save and quit to see the diff before anything is sent; quit without a change to cancel.\n\
         # Format: the one `e` exports and `I` imports (parameters, requirements, steps).\n\
         version: v1.0\n\
         name: my-action\n\
         group: {group}\n\
         description: What this action does\n\
         parameters:\n\
         \x20 target:\n\
         \x20   type: string\n\
         \x20   default: world\n\
         \x20   description: Who to greet\n\
         requirements:\n\
         - binary: bash\n\
         steps:\n\
         - script:\n\
         \x20 - echo \"hello {{{{.target}}}}\"\n"
    )
}

/// The checks opsy can do before sending: well-formed YAML, one mapping, a name, and for an
/// edit the same group and name as the action opened (`editing`).
pub(crate) fn check(text: &str, editing: Option<&ActionPath>) -> Result<Checked, ApiError> {
    let fields = top_level(text).map_err(ApiError::Local)?;
    let find = |key: &str| fields.iter().find(|f| f.key == key);
    let name = match find("name") {
        Some(Field { value: Some(v), .. }) if !v.trim().is_empty() => v.clone(),
        Some(f) => return Err(ApiError::Local(format!("line {}: name: needs a value", f.line))),
        None => return Err(ApiError::Local("the document has no name: (line 1 on an export)".into())),
    };
    let group_field = find("group");
    let group = match group_field.and_then(|f| f.value.clone()) {
        Some(g) if !g.trim().is_empty() => g,
        _ => SHARED_INFRA.to_string(),
    };
    if let Some(was) = editing {
        let line_of = |f: Option<&Field>| f.map_or(1, |f| f.line);
        if name != was.name {
            return Err(ApiError::Local(format!(
                "line {}: name: is {name:?}, but you are editing {:?}. CDS's import matches on group and name, so \
                 this would create a second action: keep the name (a rename is not done by editing)",
                line_of(find("name")),
                was.name
            )));
        }
        if group != was.group {
            return Err(ApiError::Local(format!(
                "line {}: group: is {group:?}, but the action is in {:?}. The import would create a copy there: \
                 keep the group",
                line_of(group_field),
                was.group
            )));
        }
    }
    Ok(Checked { path: ActionPath::new(group, name) })
}

/// One key of the document's top mapping: its scalar value (`None` for a list or map), and
/// its line, counted from 1.
#[derive(Debug)]
struct Field {
    key: String,
    value: Option<String>,
    line: u64,
}

fn top_level(text: &str) -> Result<Vec<Field>, String> {
    let mut input = text.as_bytes();
    let mut parser = Parser::new();
    parser.set_input_string(&mut input);
    let mut depth = 0usize;
    let mut documents = 0;
    let mut key: Option<(String, u64)> = None;
    let mut out = Vec::new();
    let mut mapping = false;
    loop {
        let event = parser.parse().map_err(|e| format!("not valid YAML: {e}"))?;
        let line = event.start_mark.line + 1;
        let not_a_map = || format!("line {line}: the document must be a mapping (version:, name:, group:, steps: …)");
        match event.data {
            EventData::StreamEnd => break,
            EventData::DocumentStart { .. } => {
                documents += 1;
                if documents > 1 {
                    return Err(format!("line {line}: one document only (a second one starts here)"));
                }
            }
            EventData::MappingStart { .. } | EventData::SequenceStart { .. } => {
                if depth == 0 {
                    if !matches!(event.data, EventData::MappingStart { .. }) {
                        return Err(not_a_map());
                    }
                    mapping = true;
                } else if depth == 1 {
                    match key.take() {
                        Some((k, l)) => out.push(Field { key: k, value: None, line: l }),
                        None => return Err(format!("line {line}: a key must be plain text")),
                    }
                }
                depth += 1;
            }
            EventData::MappingEnd | EventData::SequenceEnd => depth = depth.saturating_sub(1),
            EventData::Scalar { value, .. } => match depth {
                0 if value.trim().is_empty() => {}
                0 => return Err(not_a_map()),
                1 => match key.take() {
                    None => key = Some((value, line)),
                    Some((k, l)) => out.push(Field { key: k, value: Some(value), line: l }),
                },
                _ => {}
            },
            EventData::Alias { .. } if depth == 1 => {
                if let Some((k, l)) = key.take() {
                    out.push(Field { key: k, value: None, line: l });
                }
            }
            _ => {}
        }
    }
    if !mapping {
        return Err("the document is empty".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "version: v1.0\nname: build\ngroup: platform\nsteps:\n- script:\n  - make\n";

    #[test]
    fn an_export_passes_and_names_where_it_goes() {
        let path = ActionPath::new("platform", "build");
        assert_eq!(check(DOC, Some(&path)).map(|c| c.path), Ok(path));
        let bare = "name: lint\nsteps: []\n";
        assert_eq!(check(bare, None).map(|c| c.path), Ok(ActionPath::new(SHARED_INFRA, "lint")));
    }

    #[test]
    fn a_rename_or_a_move_is_refused_with_its_line() {
        let path = ActionPath::new("platform", "build");
        let renamed = DOC.replace("name: build", "name: build2");
        let e = check(&renamed, Some(&path)).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("line 2:") && e.contains("second action"), "{e}");
        let moved = DOC.replace("group: platform", "group: web");
        let e = check(&moved, Some(&path)).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("line 3:"), "{e}");
    }

    #[test]
    fn broken_yaml_says_where() {
        let e = check("name: build\nsteps: [\n  - oops: : :\n", None).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("not valid YAML") && e.contains("line"), "{e}");
        let e = check("- a\n- b\n", None).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("line 1:") && e.contains("mapping"), "{e}");
        let e = check("# only comments\n", None).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("empty"), "{e}");
    }

    #[test]
    fn the_template_is_a_valid_new_action_in_its_group() {
        let t = template("platform");
        assert_eq!(check(&t, None).map(|c| c.path), Ok(ActionPath::new("platform", "my-action")));
        assert!(t.contains("{{.target}}"), "{t}");
    }
}
