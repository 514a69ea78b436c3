//! Settings: the embedded `config/default.toml`, the operator's file on top of it key by key,
//! then a few `OPSY_*` environment variables for a quick start. Every effective value remembers
//! where it came from (`opsy config check`), every mistake names file, line, key and a fix,
//! and no token is ever printed (contract 5).

mod check;
pub(crate) mod colors;
mod error;
mod load;
mod locate;
#[cfg(test)]
mod props;
mod schema;
mod secrets;
mod select;
#[cfg(test)]
mod test_support;
mod urls;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

pub(crate) use check::check_report;
pub(crate) use error::ConfigError;
pub(crate) use load::{DEFAULT_TOML, load, resolve_path};
pub(crate) use secrets::{options_with, server_options};
pub(crate) use select::select_profile;

use crate::domain::secret::Secret;

/// The effective settings after layering.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Config {
    pub(crate) default_profile: Option<String>,
    pub(crate) profiles: BTreeMap<String, Profile>,
    pub(crate) polling: Polling,
    pub(crate) ui: Ui,
    /// Every binding of `app::keymap::BINDINGS` with its effective keys (defaults included), ready
    /// for `Keymap::new`.
    pub(crate) keys: crate::app::keymap::Overrides,
}

impl Default for Config {
    /// The built-in defaults without any file; a unit test keeps this equal to `default.toml`.
    fn default() -> Self {
        let mut keys = crate::app::keymap::Overrides::new();
        for b in crate::app::keymap::BINDINGS {
            keys.entry(b.scope.name().to_string())
                .or_default()
                .insert(b.id.to_string(), b.keys.iter().map(|k| k.to_string()).collect());
        }
        Self { default_profile: None, profiles: BTreeMap::new(), polling: Polling::default(), ui: Ui::default(), keys }
    }
}

/// The servers of one environment; any subset may be present.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Profile {
    pub(crate) cds: Option<ServerEntry>,
    pub(crate) waldur: Option<ServerEntry>,
    pub(crate) heimdall: Option<ServerEntry>,
    pub(crate) zitadel: Option<ServerEntry>,
    /// `read_only = true`: as if `--read-only` were always given with this profile.
    pub(crate) read_only: bool,
}

impl Profile {
    pub(crate) fn server(&self, kind: ServerKind) -> Option<&ServerEntry> {
        match kind {
            ServerKind::Cds => self.cds.as_ref(),
            ServerKind::Waldur => self.waldur.as_ref(),
            ServerKind::Heimdall => self.heimdall.as_ref(),
            ServerKind::Zitadel => self.zitadel.as_ref(),
        }
    }

    pub(crate) fn server_mut(&mut self, kind: ServerKind) -> &mut Option<ServerEntry> {
        match kind {
            ServerKind::Cds => &mut self.cds,
            ServerKind::Waldur => &mut self.waldur,
            ServerKind::Heimdall => &mut self.heimdall,
            ServerKind::Zitadel => &mut self.zitadel,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ServerEntry {
    pub(crate) url: String,
    pub(crate) token: TokenSource,
    pub(crate) auth: AuthKind,
    pub(crate) insecure: bool,
    pub(crate) timeout_secs: u64,
    /// ZITADEL: the organisation every request acts in (`x-zitadel-orgid`); `None` means the
    /// token's own organisation.
    pub(crate) org_id: Option<String>,
    /// Waldur: the web UI's base URL for links; `None` means the API's host.
    pub(crate) ui_url: Option<String>,
}

impl ServerEntry {
    pub(crate) const DEFAULT_TIMEOUT_SECS: u64 = 30;

    /// An entry with the per-kind defaults, as created by `OPSY_<KIND>_URL` alone.
    pub(crate) fn new(kind: ServerKind, url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            token: TokenSource::None,
            auth: kind.default_auth(),
            insecure: false,
            timeout_secs: Self::DEFAULT_TIMEOUT_SECS,
            org_id: None,
            ui_url: None,
        }
    }
}

/// Where a server's token comes from. Only `Inline` holds the value, and `Secret` hides it
/// from `Debug` and `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenSource {
    None,
    Inline(Secret),
    Env(String),
    Command(String),
}

impl TokenSource {
    /// How the source is written, for reports: never the secret itself.
    pub(crate) fn describe(&self) -> String {
        match self {
            TokenSource::None => "none".to_string(),
            TokenSource::Inline(_) => "token = ***".to_string(),
            TokenSource::Env(var) => format!("environment variable ${var}"),
            TokenSource::Command(cmd) => format!("token_command `{cmd}`"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum AuthKind {
    Token,
    Bearer,
    Session,
}

impl AuthKind {
    pub(crate) const ALL: [AuthKind; 3] = [AuthKind::Token, AuthKind::Bearer, AuthKind::Session];

    pub(crate) fn name(self) -> &'static str {
        match self {
            AuthKind::Token => "token",
            AuthKind::Bearer => "bearer",
            AuthKind::Session => "session",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<AuthKind> {
        AuthKind::ALL.into_iter().find(|a| a.name() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum ServerKind {
    Cds,
    Waldur,
    Heimdall,
    Zitadel,
}

impl ServerKind {
    pub(crate) const ALL: [ServerKind; 4] =
        [ServerKind::Cds, ServerKind::Waldur, ServerKind::Heimdall, ServerKind::Zitadel];

    /// The table name under `[profiles.<name>]`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            ServerKind::Cds => "cds",
            ServerKind::Waldur => "waldur",
            ServerKind::Heimdall => "heimdall",
            ServerKind::Zitadel => "zitadel",
        }
    }

    /// The header each dialect understands; the first is the default.
    pub(crate) fn valid_auth(self) -> &'static [AuthKind] {
        match self {
            ServerKind::Cds => &[AuthKind::Session, AuthKind::Bearer],
            ServerKind::Waldur => &[AuthKind::Token, AuthKind::Bearer],
            ServerKind::Heimdall | ServerKind::Zitadel => &[AuthKind::Bearer],
        }
    }

    pub(crate) fn default_auth(self) -> AuthKind {
        self.valid_auth()[0]
    }
}

impl fmt::Display for ServerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Polling {
    pub(crate) interval_secs: u64,
    pub(crate) hidden_interval_secs: u64,
}

impl Polling {
    /// Below this a poller would hammer the server for no visible gain (DESIGN "Polling").
    pub(crate) const FLOOR_SECS: u64 = 2;
}

impl Default for Polling {
    fn default() -> Self {
        Self { interval_secs: 10, hidden_interval_secs: 60 }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Theme {
    #[default]
    Default,
    Mono,
}

impl Theme {
    pub(crate) const ALL: [Theme; 2] = [Theme::Default, Theme::Mono];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Theme::Default => "default",
            Theme::Mono => "mono",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.name() == name)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Ui {
    pub(crate) theme: Theme,
    pub(crate) mouse: bool,
    pub(crate) colors: colors::Colors,
}

/// A snapshot of the environment, so that loading and token resolution are testable without
/// touching the process environment. `Debug` shows variable names only: values may be tokens.
#[derive(Clone, Default)]
pub(crate) struct Env {
    vars: BTreeMap<String, String>,
}

impl Env {
    pub(crate) fn from_process() -> Env {
        // Variables that are not valid UTF-8 cannot hold a URL, path or token opsy could use.
        let vars = std::env::vars_os().filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)));
        Env { vars: vars.collect() }
    }

    #[cfg(test)]
    pub(crate) fn from_pairs(pairs: &[(&str, &str)]) -> Env {
        Env { vars: pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// Set and not empty: `VAR=` in a shell usually means "unset it".
    pub(crate) fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.trim().is_empty())
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Env").field("vars", &self.vars.keys().collect::<Vec<_>>()).finish()
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct LoadOptions {
    /// `--config PATH`
    pub(crate) path: Option<PathBuf>,
    pub(crate) env: Env,
}

/// The result of [`load`]: the settings, the file they came from, the provenance of every
/// effective value and the warnings the caller should show or log.
#[derive(Debug, Clone)]
pub(crate) struct LoadedConfig {
    pub(crate) config: Config,
    pub(crate) file: Option<PathBuf>,
    pub(crate) origins: Vec<Origin>,
    pub(crate) warnings: Vec<String>,
    /// `OPSY_<KIND>_URL` / `OPSY_<KIND>_TOKEN`, applied by [`select_profile`] to whichever profile
    /// is selected, so that `--profile` and the variables combine.
    pub(crate) env_overrides: Vec<EnvOverride>,
    /// `OPSY_ZITADEL_ORG_ID`, applied to the selected profile's ZITADEL server.
    pub(crate) env_org_id: Option<String>,
}

impl LoadedConfig {
    /// Where an effective value came from, by dotted key.
    pub(crate) fn origin(&self, key: &str) -> Option<&Origin> {
        self.origins.iter().find(|o| o.key == key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EnvOverride {
    pub(crate) kind: ServerKind,
    pub(crate) var: String,
    /// `Some(url)` for `OPSY_<KIND>_URL`; `None` for the token variable, which stays in the
    /// environment and is read when the server is used.
    pub(crate) url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    /// Dotted, e.g. `profiles.prod.waldur.url`.
    pub(crate) key: String,
    /// As TOML would write it; secrets are shown as `***`.
    pub(crate) value: String,
    pub(crate) source: Source,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    Default,
    File { path: PathBuf, line: usize },
    Env(String),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::File { path, line } => write!(f, "{}:{line}", path.display()),
            Source::Env(var) => write!(f, "${var}"),
        }
    }
}

/// The profile chosen for this run, with the environment overrides applied.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Selected {
    pub(crate) name: String,
    pub(crate) profile: Profile,
}

impl Selected {
    /// The name used when there is no profile at all: every pane then says it has no server.
    pub(crate) const NONE: &'static str = "(none)";

    pub(crate) fn server(&self, kind: ServerKind) -> Option<&ServerEntry> {
        self.profile.server(kind)
    }
}

#[cfg(test)]
mod tests;
