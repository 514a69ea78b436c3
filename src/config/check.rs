//! `opsy config check`: what opsy will actually use, where each value came from, and whether
//! each token can be obtained, without ever showing a token.

use std::fmt::Write;

use super::secrets::{TOKEN_COMMAND_TIMEOUT, resolve_token};
use super::{Env, Loaded, Selected, ServerKind, Source};
use crate::domain::text::clean_line;

/// The report as plain text, one fact per line. Token sources are resolved (commands run) so
/// that a broken one shows up here rather than on first use.
pub fn check_report(loaded: &Loaded, selected: &Selected, env: &Env) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "opsy config check");
    let _ = writeln!(out);
    match &loaded.file {
        Some(path) => {
            let _ = writeln!(out, "config file: {}", clean_line(&path.display().to_string()));
        }
        None => {
            let _ = writeln!(out, "config file: none (built-in defaults and environment only)");
        }
    }
    let names: Vec<&str> = loaded.config.profiles.keys().map(String::as_str).collect();
    let _ = writeln!(
        out,
        "profile:     {} (defined: {})",
        clean_line(&selected.name),
        if names.is_empty() { "none".to_string() } else { clean_line(&names.join(", ")).into_owned() }
    );

    let _ = writeln!(out);
    let _ = writeln!(out, "servers:");
    for kind in ServerKind::ALL {
        let Some(entry) = selected.server(kind) else {
            let _ = writeln!(out, "  {:<9} not configured (add [profiles.{}.{kind}] with a url)", kind.name(), selected.name);
            continue;
        };
        let url_source = server_source(loaded, selected, kind, "url");
        let _ = writeln!(out, "  {:<9} {} ({url_source})", kind.name(), clean_line(&entry.url));
        let _ = writeln!(
            out,
            "  {:<9} auth {}, TLS verification {}, timeout {} s",
            "",
            entry.auth.name(),
            if entry.insecure { "OFF" } else { "on" },
            entry.timeout_secs
        );
        let status = match resolve_token(&entry.token, kind, env, TOKEN_COMMAND_TIMEOUT) {
            Ok(_) => "ok".to_string(),
            Err(e) => {
                let shown = e.to_string();
                let shown = shown.strip_prefix("config error: ").unwrap_or(&shown).replace("\n  hint:", "; hint:");
                format!("ERROR: {}", clean_line(&shown))
            }
        };
        let _ = writeln!(out, "  {:<9} token: {}: {status}", "", clean_line(&entry.token.describe()));
    }

    let _ = writeln!(out);
    let _ = writeln!(out, "settings (effective value, then where it came from):");
    let rows: Vec<(String, String)> = loaded
        .origins
        .iter()
        .map(|o| (clean_line(&format!("{} = {}", o.key, o.value)).into_owned(), o.source.to_string()))
        .collect();
    let width = rows.iter().map(|(kv, _)| kv.chars().count()).max().unwrap_or(0);
    for (kv, source) in rows {
        let _ = writeln!(out, "  {kv:<width$}  {}", clean_line(&source));
    }

    let _ = writeln!(out);
    if loaded.warnings.is_empty() {
        let _ = writeln!(out, "warnings: none");
    } else {
        let _ = writeln!(out, "warnings:");
        for w in &loaded.warnings {
            let _ = writeln!(out, "  - {}", clean_line(w));
        }
    }
    out
}

/// Where a field of the selected server came from: an `OPSY_*` variable wins over the file.
fn server_source(loaded: &Loaded, selected: &Selected, kind: ServerKind, field: &str) -> Source {
    let from_env = loaded.env_overrides.iter().find(|o| o.kind == kind && (field == "url") == o.url.is_some());
    if let Some(o) = from_env {
        return Source::Env(o.var.clone());
    }
    loaded
        .origin(&format!("profiles.{}.{kind}.{field}", selected.name))
        .map_or(Source::Default, |o| o.source.clone())
}
