//! `api/v1/mappings/`: which endpoints each action guards. The list's `action_filter` is a
//! case-insensitive substring with LIKE wildcards, not the exact match its docs promise
//! (`docs/wire-heimdall.md`, Q1); the resolver is the one route the static token may call.

use super::like::contains_ci;
use super::respond::{Answer, Failure, Handled};
use super::state::HeimdallState;
use super::validate::Issue;
use super::wire::{MappingOut, ResolutionOut};
use crate::query::QueryDict;

pub fn list(s: &HeimdallState, query: &QueryDict) -> Handled {
    let filter = query.get("action_filter");
    let mut rows: Vec<MappingOut<'_>> = s
        .mappings
        .iter()
        .filter_map(|m| {
            let action = s.action(m.action_id)?;
            filter.is_none_or(|f| contains_ci(&action.name, f)).then_some(MappingOut {
                id: m.id,
                path_pattern: &m.path_pattern,
                method: &m.method,
                action: &action.name,
                description: m.description.as_deref(),
                created_by: m.created_by.as_deref(),
                created_at: m.created_at,
                updated_at: m.updated_at,
            })
        })
        .collect();
    rows.sort_by(|a, b| (a.path_pattern, a.method).cmp(&(b.path_pattern, b.method)));
    Ok(Answer::ok(&rows))
}

pub fn resolve(s: &HeimdallState, query: &QueryDict) -> Handled {
    let (path, method) = (query.get("path"), query.get("method"));
    let mut issues = Vec::new();
    if path.is_none() {
        issues.push(Issue::missing(&["query", "path"], serde_json::Value::Null));
    }
    if method.is_none() {
        issues.push(Issue::missing(&["query", "method"], serde_json::Value::Null));
    }
    let (Some(path), Some(method)) = (path, method) else {
        return Err(Failure::Validation(issues));
    };
    let method = method.to_ascii_uppercase();
    let candidates = s.mappings.iter().filter(|m| m.method == method);
    // A literal pattern beats a template or a regex.
    let found = candidates
        .clone()
        .find(|m| m.path_pattern == path)
        .or_else(|| candidates.clone().find(|m| pattern_matches(&m.path_pattern, path)));
    let Some(m) = found else {
        return Err(Failure::http(404, format!("No mapping found for {method} {path}")));
    };
    let action = s.action(m.action_id).map_or("", |a| a.name.as_str());
    Ok(Answer::ok(&ResolutionOut {
        mapping_id: m.id,
        action,
        path_pattern: &m.path_pattern,
        method: &m.method,
        description: m.description.as_deref(),
    }))
}

/// The patterns in use: `{name}` for one path segment, `.*` for anything, the rest literal.
fn pattern_matches(pattern: &str, path: &str) -> bool {
    if let Some(head) = pattern.strip_suffix(".*") {
        return path.starts_with(head) && !head.contains('{');
    }
    let (p, t): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    p.len() == t.len()
        && p.iter().zip(&t).all(|(p, t)| if p.starts_with('{') && p.ends_with('}') { !t.is_empty() } else { p == t })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_and_regex_tails_match() {
        assert!(pattern_matches("/api/v1/users/{user_id}", "/api/v1/users/42"));
        assert!(!pattern_matches("/api/v1/users/{user_id}", "/api/v1/users/"));
        assert!(pattern_matches("/api/v1/datasets/.*", "/api/v1/datasets/a/b"));
        assert!(pattern_matches("/api/v1/reports/{id}/export", "/api/v1/reports/7/export"));
        assert!(!pattern_matches("/api/v1/reports/{id}/export", "/api/v1/reports/7"));
    }
}
