//! The file as written: every field optional (a layer only says what it changes) and spanned
//! (so that provenance and errors can name the line). `deny_unknown_fields` everywhere, so a
//! typo is an error instead of a silently ignored setting.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    pub(crate) default_profile: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) profiles: BTreeMap<Spanned<String>, RawProfile>,
    pub(crate) polling: Option<RawPolling>,
    pub(crate) ui: Option<RawUi>,
    /// `[keys.<scope>] <binding> = [keys…]`; scopes and bindings are checked against the keymap
    /// registry, not here, so that their errors can list what exists.
    #[serde(default)]
    pub(crate) keys: RawKeys,
}

/// scope → binding → keys, each with its position.
pub(crate) type RawKeys = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<Vec<String>>>>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProfile {
    pub(crate) cds: Option<Spanned<RawServer>>,
    pub(crate) waldur: Option<Spanned<RawServer>>,
    pub(crate) heimdall: Option<Spanned<RawServer>>,
    pub(crate) zitadel: Option<Spanned<RawServer>>,
    /// Refuse every change to a server with this profile (the console and the commands).
    pub(crate) read_only: Option<Spanned<bool>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawServer {
    pub(crate) url: Option<Spanned<String>>,
    pub(crate) token: Option<Spanned<String>>,
    pub(crate) token_env: Option<Spanned<String>>,
    pub(crate) token_command: Option<Spanned<String>>,
    /// A string rather than an enum: which values are valid depends on the server kind, and
    /// the error should say so.
    pub(crate) auth: Option<Spanned<String>>,
    pub(crate) insecure: Option<Spanned<bool>>,
    pub(crate) timeout_secs: Option<Spanned<u64>>,
    /// ZITADEL only: the organisation every request acts in.
    pub(crate) org_id: Option<Spanned<String>>,
    /// Waldur only: the web UI (HomePort) that "open in Waldur" links point at.
    pub(crate) ui_url: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPolling {
    pub(crate) interval_secs: Option<Spanned<u64>>,
    pub(crate) hidden_interval_secs: Option<Spanned<u64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawUi {
    pub(crate) theme: Option<Spanned<String>>,
    pub(crate) mouse: Option<Spanned<bool>>,
    /// `[ui.colors]`: style by meaning; keys are checked in `load` so the error can list them.
    #[serde(default)]
    pub(crate) colors: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// What a value of each leaf key should look like, for hints after a type error.
pub(crate) fn expected_form(leaf: &str) -> Option<&'static str> {
    Some(match leaf {
        "default_profile" => "the name of a profile, e.g. default_profile = \"prod\"",
        "url" => "a quoted URL, e.g. url = \"https://waldur.example.com/api/\"",
        "token" => "a quoted string (better: token_env or token_command)",
        "token_env" => "the name of an environment variable, e.g. token_env = \"WALDUR_TOKEN\"",
        "token_command" => "a quoted shell command, e.g. token_command = \"pass show waldur\"",
        "auth" => "one of \"token\", \"bearer\", \"session\" (depending on the server)",
        "insecure" | "mouse" | "read_only" => "true or false, without quotes",
        "timeout_secs" | "interval_secs" | "hidden_interval_secs" => "a whole number of seconds, without quotes",
        "theme" => "\"default\" or \"mono\"",
        "org_id" => "a quoted organisation id, e.g. org_id = \"69629012906488334\"",
        "ui_url" => "a quoted URL, e.g. ui_url = \"https://waldur.example.com/\"",
        "profiles" => "tables like [profiles.prod.waldur]",
        "polling" => "a table: [polling] on a line of its own, its keys below it",
        "ui" => "a table: [ui] on a line of its own, its keys below it",
        "keys" => "tables like [keys.user_actions] with silence = [\"s\"]",
        _ => return None,
    })
}
