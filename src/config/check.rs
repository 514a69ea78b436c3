//! `opsy config check`: what opsy will actually use, where each value came from, and whether
//! each token can be obtained, without ever showing a token.

use std::fmt::Write;

use super::secrets::{TOKEN_COMMAND_TIMEOUT, resolve_token};
use super::{Env, LoadedConfig, Selected, ServerKind, Source};
use crate::domain::secret::Secret;
use crate::domain::text::clean_line;

/// The report, and how many problems it found (a token that cannot be obtained): the command
/// exits non-zero when there is any, so scripts can rely on it.
#[derive(Debug, Clone)]
pub(crate) struct CheckReport {
    pub(crate) text: String,
    pub(crate) problems: usize,
    /// The tokens obtained, for `--online` (so a token_command runs once).
    pub(crate) tokens: Vec<(ServerKind, Secret)>,
}

/// The report as plain text, one fact per line. Token sources are resolved (commands run) so
/// that a broken one shows up here rather than on first use.
pub(crate) fn check_report(loaded: &LoadedConfig, selected: &Selected, env: &Env) -> CheckReport {
    let mut problems = 0;
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
        "profile:     {} (defined: {}){}",
        clean_line(&selected.name),
        if names.is_empty() { "none".to_string() } else { clean_line(&names.join(", ")).into_owned() },
        if selected.profile.read_only { ", read-only: nothing can be changed with it" } else { "" }
    );

    let _ = writeln!(out);
    let _ = writeln!(out, "servers:");
    let mut tokens = Vec::new();
    for kind in ServerKind::ALL {
        let Some(entry) = selected.server(kind) else {
            let _ = writeln!(
                out,
                "  {:<9} not configured (add [profiles.{}.{kind}] with a url)",
                kind.name(),
                selected.name
            );
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
        if kind == ServerKind::Zitadel {
            let org = match &entry.org_id {
                Some(id) => format!("{} ({})", clean_line(id), server_source(loaded, selected, kind, "org_id")),
                None => "the token's own (no org_id)".to_string(),
            };
            let _ = writeln!(out, "  {:<9} organisation {org}", "");
        }
        if kind == ServerKind::Waldur {
            let ui = match &entry.ui_url {
                Some(url) => format!("{} ({})", clean_line(url), server_source(loaded, selected, kind, "ui_url")),
                None => "the API's host (no ui_url)".to_string(),
            };
            let _ = writeln!(out, "  {:<9} web UI {ui}", "");
        }
        let status = match resolve_token(&entry.token, kind, env, TOKEN_COMMAND_TIMEOUT) {
            Ok(secret) => {
                tokens.push((kind, secret));
                "ok".to_string()
            }
            Err(e) => {
                problems += 1;
                let shown = e.to_string();
                let shown = shown.strip_prefix("config error: ").unwrap_or(&shown).replace("\n  hint:", "; hint:");
                format!("ERROR: {}", clean_line(&shown))
            }
        };
        let from = token_source(loaded, selected, kind).map(|s| format!(" ({s})")).unwrap_or_default();
        let _ =
            writeln!(out, "  {:<9} token: {}{}: {status}", "", clean_line(&entry.token.describe()), clean_line(&from));
    }

    let _ = writeln!(out);
    let _ = writeln!(out, "settings (effective value, then where it came from):");
    let rows: Vec<(String, String)> = loaded
        .origins
        .iter()
        .map(|o| (mask(&clean_line(&format!("{} = {}", o.key, o.value)), &tokens), o.source.to_string()))
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
    CheckReport { text: mask(&out, &tokens), problems, tokens }
}

/// A token_command like `echo abc` holds its own token: wherever a resolved token appears, it
/// is masked. Very short tokens are left alone: masking them would garble the report, and no
/// server issues them.
fn mask(text: &str, secrets: &[(ServerKind, Secret)]) -> String {
    let mut out = text.to_string();
    for (_, secret) in secrets.iter().filter(|(_, s)| s.expose().chars().count() >= 4) {
        out = out.replace(secret.expose(), "***");
    }
    out
}

/// Where the token source of the selected server was written; `None` for an `OPSY_*_TOKEN`
/// variable, which names itself.
fn token_source(loaded: &LoadedConfig, selected: &Selected, kind: ServerKind) -> Option<Source> {
    if loaded.env_overrides.iter().any(|o| o.kind == kind && o.url.is_none()) {
        return None;
    }
    ["token", "token_env", "token_command"]
        .iter()
        .find_map(|f| loaded.origin(&format!("profiles.{}.{kind}.{f}", selected.name)))
        .map(|o| o.source.clone())
}

/// Where a field of the selected server came from: an `OPSY_*` variable wins over the file.
fn server_source(loaded: &LoadedConfig, selected: &Selected, kind: ServerKind, field: &str) -> Source {
    if field == "org_id" && loaded.env_org_id.is_some() {
        return Source::Env(super::load::ENV_ORG_ID.to_string());
    }
    let from_env = loaded.env_overrides.iter().find(|o| o.kind == kind && (field == "url") == o.url.is_some());
    if let Some(o) = from_env {
        return Source::Env(o.var.clone());
    }
    loaded.origin(&format!("profiles.{}.{kind}.{field}", selected.name)).map_or(Source::Default, |o| o.source.clone())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::config::load::{DEFAULT_TOML, Doc, layer};
    use crate::config::select_profile;

    const SECRETS: [&str; 3] = ["inline-secret-1", "env-secret-2", "command-secret-3"];

    fn loaded(env: &Env) -> LoadedConfig {
        let text = format!(
            "default_profile = \"prod\"\n\
             [profiles.prod.cds]\nurl = \"https://cds.example.com/cdsapi\"\ntoken = \"{}\"\n\
             [profiles.prod.waldur]\nurl = \"https://w.example.com/api/\"\ntoken_env = \"W_TOKEN\"\n\
             [profiles.prod.heimdall]\nurl = \"https://h.example.com/\"\ntoken_command = \"echo {}\"\n\
             [profiles.prod.zitadel]\nurl = \"https://z.example.com/\"\ntoken_env = \"Z_TOKEN\"\n\
             [polling]\ninterval_secs = 15\n",
            SECRETS[0], SECRETS[2]
        );
        let default = Doc::parse(DEFAULT_TOML.to_string(), None).expect("default");
        let file = Doc::parse(text, Some(PathBuf::from("/etc/opsy.toml"))).expect("file");
        layer(&default, Some(&file), env).expect("loads")
    }

    #[test]
    fn the_report_shows_sources_and_token_status_but_never_a_token() {
        let env = Env::from_pairs(&[("W_TOKEN", SECRETS[1]), ("OPSY_CDS_URL", "https://cds2.example.com/")]);
        let l = loaded(&env);
        let s = select_profile(&l, None).expect("prod");
        let checked = check_report(&l, &s, &env);
        assert_eq!(checked.problems, 1, "the unset $Z_TOKEN");
        let report = checked.text;
        for secret in SECRETS {
            assert!(!report.contains(secret), "{secret} leaked:\n{report}");
        }
        assert!(report.contains("config file: /etc/opsy.toml"), "{report}");
        assert!(report.contains("profile:     prod"), "{report}");
        assert!(report.contains("https://cds2.example.com/ ($OPSY_CDS_URL)"), "{report}");
        assert!(report.contains("https://w.example.com/api/ (/etc/opsy.toml:6)"), "{report}");
        assert!(report.contains("token: token = *** (/etc/opsy.toml:4): ok"), "{report}");
        assert!(report.contains("token: environment variable $W_TOKEN (/etc/opsy.toml:7): ok"), "{report}");
        // This command holds its own token, so even the command is masked.
        assert!(report.contains("token: token_command `echo ***` (/etc/opsy.toml:10): ok"), "{report}");
        assert!(
            report.contains("token: environment variable $Z_TOKEN (/etc/opsy.toml:13): ERROR: $Z_TOKEN is not set"),
            "{report}"
        );
        let interval = report.lines().find(|l| l.contains("polling.interval_secs = 15")).expect("interval line");
        assert!(interval.trim_end().ends_with("/etc/opsy.toml:15"), "{interval}");
        let hidden = report.lines().find(|l| l.contains("polling.hidden_interval_secs = 60")).expect("hidden line");
        assert!(hidden.trim_end().ends_with("default"), "{hidden}");
        assert!(report.contains("keys.user_actions.silence = [\"s\"]"), "{report}");
        // The variable's value replaces the file's in the settings, too.
        let cds_url = report.lines().find(|l| l.contains("profiles.prod.cds.url = ")).expect("cds url line");
        assert!(cds_url.contains("cds2.example.com") && cds_url.trim_end().ends_with("$OPSY_CDS_URL"), "{cds_url}");
        assert!(!report.contains("https://cds.example.com/cdsapi"), "{report}");
    }

    #[test]
    fn no_profile_and_warnings_are_reported() {
        let default = Doc::parse(DEFAULT_TOML.to_string(), None).expect("default");
        let env = Env::from_pairs(&[("OPSY_WALDUR_TOKEN", "x")]);
        let l = layer(&default, None, &env).expect("loads");
        let s = select_profile(&l, None).expect("env profile");
        let checked = check_report(&l, &s, &env);
        assert_eq!(checked.problems, 0);
        let report = checked.text;
        assert!(report.contains("config file: none"), "{report}");
        assert!(report.contains("waldur    not configured"), "{report}");
        assert!(report.contains("warnings:\n  - $OPSY_WALDUR_TOKEN is set but no waldur URL"), "{report}");
    }
}
