//! Path resolution and layering: the embedded default, then the operator's file key by key,
//! then the `OPSY_*` quick-start variables. Each effective value keeps its origin.

use std::collections::BTreeMap;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

use super::colors;
use super::error::ConfigError;
use super::locate::*;
use super::schema::{RawConfig, RawServer};
use super::secrets;
use super::select::profile_list;
use super::urls::*;
use super::{
    AuthKind, Config, EnvOverride, LoadOptions, LoadedConfig, Origin, Polling, Profile, ServerEntry, ServerKind,
    Source, Theme, TokenSource,
};
use crate::app::keymap::{self, Keymap, Overrides};

/// The documented default: the first layer of every load, and the reference for operators.
pub(crate) const DEFAULT_TOML: &str = include_str!("../../../config/default.toml");

/// How errors in the embedded file are located; only a broken build can produce them.
pub(super) const BUILTIN_NAME: &str = "<built-in defaults: opsy config default>";

/// A config file is a few kilobytes; the cap keeps `--config /dev/zero` from eating memory.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// Beyond a day a poll is pointless, and huge values would overflow deadline arithmetic.
const MAX_INTERVAL_SECS: u64 = 86_400;
const MAX_TIMEOUT_SECS: u64 = 3_600;

/// The quick-start variables: (server, url variable, token variable).
const ENV_SERVERS: [(ServerKind, &str, &str); 4] = [
    (ServerKind::Cds, "OPSY_CDS_URL", "OPSY_CDS_TOKEN"),
    (ServerKind::Waldur, "OPSY_WALDUR_URL", "OPSY_WALDUR_TOKEN"),
    (ServerKind::Heimdall, "OPSY_HEIMDALL_URL", "OPSY_HEIMDALL_TOKEN"),
    (ServerKind::Zitadel, "OPSY_ZITADEL_URL", "OPSY_ZITADEL_TOKEN"),
];

/// The ZITADEL organisation for a quick start.
pub(crate) const ENV_ORG_ID: &str = "OPSY_ZITADEL_ORG_ID";

/// The profile created from the environment alone when the file names none.
const ENV_PROFILE: &str = "env";

/// One parsed layer and enough of its text to turn spans into lines.
pub(crate) struct Doc {
    text: String,
    /// `None` for the embedded default.
    path: Option<PathBuf>,
    raw: RawConfig,
}

impl Doc {
    pub(crate) fn parse(text: String, path: Option<PathBuf>) -> Result<Doc, ConfigError> {
        // Some editors start UTF-8 files with a byte order mark; TOML does not expect one.
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let raw = match DeTable::parse(&text) {
            Ok(table) => RawConfig::deserialize(toml::de::Deserializer::from(table))
                .map_err(|e| value_error(&text, path.as_deref(), &e))?,
            Err(e) => return Err(syntax_error(&text, path.as_deref(), &e)),
        };
        Ok(Doc { text, path, raw })
    }

    fn line(&self, span: &Range<usize>) -> usize {
        position(&self.text, span.start).0
    }

    fn source(&self, span: &Range<usize>) -> Source {
        match &self.path {
            None => Source::Default,
            Some(path) => Source::File { path: path.clone(), line: self.line(span) },
        }
    }

    fn error(&self, span: &Range<usize>, key: impl Into<String>, message: impl Into<String>) -> ConfigError {
        ConfigError::new(message).in_file(display_path(self.path.as_deref()), Some(self.line(span))).key(key)
    }

    fn is_builtin(&self) -> bool {
        self.path.is_none()
    }
}

/// Which file to read, and who asked for it (an explicit path must exist).
pub(crate) fn resolve_path(opts: &LoadOptions) -> Option<(PathBuf, Option<&'static str>)> {
    if let Some(path) = &opts.path {
        return Some((path.clone(), Some("--config")));
    }
    let env = &opts.env;
    if let Some(path) = env.non_empty("OPSY_CONFIG") {
        return Some((PathBuf::from(path), Some("$OPSY_CONFIG")));
    }
    // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
    if let Some(xdg) = env.non_empty("XDG_CONFIG_HOME").map(PathBuf::from).filter(|p| p.is_absolute()) {
        return Some((xdg.join("opsy").join("config.toml"), None));
    }
    // `~/.config` on macOS too: operators keep one dotfile layout across machines.
    env.non_empty("HOME").map(|home| (PathBuf::from(home).join(".config").join("opsy").join("config.toml"), None))
}

/// The file's text, `None` when a default location simply has no file.
fn read_file(path: &Path, explicit: Option<&str>) -> Result<Option<String>, ConfigError> {
    let fail = |what: String| ConfigError::new(what).in_file(path, None);
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return match explicit {
                None => Ok(None),
                Some(by) => Err(fail(format!("config file not found (given by {by})"))
                    .hint("check the path, or start one from `opsy config default`")),
            };
        }
        Err(e) => return Err(fail(format!("cannot open the config file: {e}"))),
    };
    let meta = file.metadata().map_err(|e| fail(format!("cannot read the config file: {e}")))?;
    if meta.is_dir() {
        return Err(fail("is a directory, not a config file".into()).hint("point to the config.toml inside it"));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("cannot read the config file: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(format!(
            "the config file is larger than {} KiB; is this the right file?",
            MAX_FILE_BYTES >> 10
        )));
    }
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let (line, _) = position(&String::from_utf8_lossy(e.as_bytes()), e.utf8_error().valid_up_to());
        ConfigError::new("the config file is not valid UTF-8").in_file(path, Some(line))
    })
}

/// Read and layer the configuration. Nothing here touches the network or runs a token command.
pub(crate) fn load(opts: &LoadOptions) -> Result<LoadedConfig, ConfigError> {
    let default = Doc::parse(DEFAULT_TOML.to_string(), None)?;
    let mut warnings = Vec::new();
    let file = match resolve_path(opts) {
        Some((path, explicit)) => read_file(&path, explicit)?.map(|text| (path, text)),
        None => {
            warnings.push("neither $XDG_CONFIG_HOME nor $HOME is set: no config file was read".to_string());
            None
        }
    };
    let file = file.map(|(path, text)| Doc::parse(text, Some(path))).transpose()?;
    let mut loaded = layer(&default, file.as_ref(), &opts.env)?;
    loaded.warnings.splice(0..0, warnings);
    Ok(loaded)
}

/// Layer `default`, then `file`, then the environment.
pub(crate) fn layer(default: &Doc, file: Option<&Doc>, env: &super::Env) -> Result<LoadedConfig, ConfigError> {
    let layers: Vec<&Doc> = std::iter::once(default).chain(file).collect();
    let mut b = Builder { origins: Vec::new(), warnings: Vec::new() };

    let profiles = b.profiles(&layers)?;
    let default_profile = b.default_profile(&layers, &profiles)?;
    let polling = b.polling(&layers)?;
    let ui = b.ui(&layers)?;
    let keys = b.keys(&layers)?;
    let mut config = Config { default_profile, profiles, polling, ui, keys };
    let env_overrides = b.env(&mut config, env)?;

    if let Some(doc) = file {
        let has_token = doc.raw.profiles.values().any(|p| servers(p).any(|(_, s)| s.get_ref().token.is_some()));
        if has_token && let Some(path) = &doc.path {
            b.warnings.extend(secrets::permission_warning(path));
        }
    }
    Ok(LoadedConfig {
        config,
        file: file.and_then(|d| d.path.clone()),
        origins: b.origins,
        warnings: b.warnings,
        env_overrides,
        env_org_id: env.non_empty(ENV_ORG_ID).map(|v| v.trim().to_string()),
    })
}

fn servers(p: &super::schema::RawProfile) -> impl Iterator<Item = (ServerKind, &Spanned<RawServer>)> {
    [
        (ServerKind::Cds, p.cds.as_ref()),
        (ServerKind::Waldur, p.waldur.as_ref()),
        (ServerKind::Heimdall, p.heimdall.as_ref()),
        (ServerKind::Zitadel, p.zitadel.as_ref()),
    ]
    .into_iter()
    .filter_map(|(k, s)| Some((k, s?)))
}

/// The last layer that sets a value wins.
fn last<'d, T>(
    layers: &[&'d Doc],
    get: impl Fn(&'d RawConfig) -> Option<&'d Spanned<T>>,
) -> Option<(&'d Doc, &'d Spanned<T>)> {
    layers.iter().rev().find_map(|d| get(&d.raw).map(|v| (*d, v)))
}

struct Builder {
    origins: Vec<Origin>,
    warnings: Vec<String>,
}

impl Builder {
    fn origin(&mut self, key: String, value: String, source: Source) {
        self.origins.push(Origin { key, value, source });
    }

    fn profiles(&mut self, layers: &[&Doc]) -> Result<BTreeMap<String, Profile>, ConfigError> {
        // A profile is replaced as a whole by a later layer: mixing the servers of two
        // definitions of "prod" would send one file's token to the other's URL.
        let mut out: BTreeMap<String, (Profile, Vec<Origin>)> = BTreeMap::new();
        for doc in layers {
            for (name, raw) in &doc.raw.profiles {
                if name.get_ref().trim().is_empty() {
                    return Err(doc
                        .error(&name.span(), "profiles", "a profile name is empty")
                        .hint("name profiles after their environment, e.g. [profiles.prod.waldur]"));
                }
                let mut origins = Vec::new();
                let mut profile = Profile::default();
                for (kind, server) in servers(raw) {
                    let entry = self.server(doc, name.get_ref(), kind, server, &mut origins)?;
                    *profile.server_mut(kind) = Some(entry);
                }
                if let Some(ro) = &raw.read_only {
                    profile.read_only = *ro.get_ref();
                    origins.push(Origin {
                        key: format!("profiles.{}.read_only", name.get_ref()),
                        value: ro.get_ref().to_string(),
                        source: doc.source(&ro.span()),
                    });
                }
                out.insert(name.get_ref().clone(), (profile, origins));
            }
        }
        let mut profiles = BTreeMap::new();
        for (name, (profile, origins)) in out {
            self.origins.extend(origins);
            profiles.insert(name, profile);
        }
        Ok(profiles)
    }

    fn server(
        &mut self,
        doc: &Doc,
        profile: &str,
        kind: ServerKind,
        raw: &Spanned<RawServer>,
        origins: &mut Vec<Origin>,
    ) -> Result<ServerEntry, ConfigError> {
        let prefix = format!("profiles.{profile}.{kind}");
        let table_span = raw.span();
        let raw = raw.get_ref();
        let mut origin = |field: &str, value: String, source: Source| {
            origins.push(Origin { key: format!("{prefix}.{field}"), value, source });
        };

        let Some(url) = &raw.url else {
            return Err(doc
                .error(&table_span, format!("{prefix}.url"), format!("[{prefix}] has no url"))
                .hint(format!("add the server's base URL, e.g. url = \"{}\"", example_url(kind))));
        };
        validate_url(url.get_ref()).map_err(|why| {
            doc.error(
                &url.span(),
                format!("{prefix}.url"),
                format!("{prefix}.url = {:?} {why}", redact_url(url.get_ref())),
            )
            .hint(format!("write the full base URL, e.g. url = \"{}\"", example_url(kind)))
        })?;
        if let Some(w) = plain_http_warning(url.get_ref(), &prefix) {
            self.warnings.push(w);
        }
        origin("url", format!("{:?}", redact_url(url.get_ref())), doc.source(&url.span()));

        let mut sources: Vec<(&str, &Spanned<String>)> =
            [("token", &raw.token), ("token_env", &raw.token_env), ("token_command", &raw.token_command)]
                .into_iter()
                .filter_map(|(n, v)| Some((n, v.as_ref()?)))
                .collect();
        sources.sort_by_key(|(_, v)| v.span().start);
        let token = match sources.as_slice() {
            [] => TokenSource::None,
            [(first, a), (second, b), ..] => {
                return Err(doc
                    .error(
                        &b.span(),
                        format!("{prefix}.{second}"),
                        format!(
                            "{prefix} has both {first} (line {}) and {second}; a server takes one token source",
                            doc.line(&a.span())
                        ),
                    )
                    .hint(
                        "keep exactly one of token_env (a variable), token_command (a command) or token (the value)",
                    ));
            }
            [(field, value)] => {
                let key = format!("{prefix}.{field}");
                let v = value.get_ref();
                let span = value.span();
                let source = doc.source(&span);
                match *field {
                    "token" => {
                        if v.trim().is_empty() {
                            return Err(doc
                                .error(&span, key, format!("{prefix}.token is empty"))
                                .hint("remove it, or better use token_env or token_command"));
                        }
                        origin(field, "\"***\"".into(), source);
                        TokenSource::Inline(crate::domain::secret::Secret::new(v.trim()))
                    }
                    "token_env" => {
                        let name = v.trim();
                        if name.is_empty() || name.starts_with('$') || name.contains(['=', '\0', ' ']) {
                            return Err(doc
                                .error(&span, key, format!("{prefix}.token_env = {v:?} is not a variable name"))
                                .hint("write the bare name, e.g. token_env = \"WALDUR_TOKEN\""));
                        }
                        origin(field, format!("{v:?}"), source);
                        TokenSource::Env(name.to_string())
                    }
                    _ => {
                        if v.trim().is_empty() {
                            return Err(doc
                                .error(&span, key, format!("{prefix}.token_command is empty"))
                                .hint("a command that prints the token, e.g. token_command = \"pass show waldur\""));
                        }
                        origin(field, format!("{v:?}"), source);
                        TokenSource::Command(v.clone())
                    }
                }
            }
        };

        let auth = match &raw.auth {
            None => {
                origin("auth", format!("{:?}", kind.default_auth().name()), Source::Default);
                kind.default_auth()
            }
            Some(a) => {
                let valid = kind.valid_auth();
                let names: Vec<&str> = valid.iter().map(|a| a.name()).collect();
                let Some(auth) = AuthKind::from_name(a.get_ref()).filter(|x| valid.contains(x)) else {
                    return Err(doc
                        .error(
                            &a.span(),
                            format!("{prefix}.auth"),
                            format!(
                                "{prefix}.auth = {:?} is not valid for {kind} (valid: {})",
                                a.get_ref(),
                                names.join(", ")
                            ),
                        )
                        .hint(auth_hint(kind)));
                };
                origin("auth", format!("{:?}", auth.name()), doc.source(&a.span()));
                auth
            }
        };

        let insecure = match &raw.insecure {
            None => {
                origin("insecure", "false".into(), Source::Default);
                false
            }
            Some(v) => {
                origin("insecure", v.get_ref().to_string(), doc.source(&v.span()));
                *v.get_ref()
            }
        };
        if insecure {
            self.warnings.push(format!(
                "TLS certificate verification is off for {prefix} (insecure = true): anyone on the path can read its token"
            ));
        }

        let timeout_secs = match &raw.timeout_secs {
            None => {
                origin("timeout_secs", ServerEntry::DEFAULT_TIMEOUT_SECS.to_string(), Source::Default);
                ServerEntry::DEFAULT_TIMEOUT_SECS
            }
            Some(v) => {
                let secs = *v.get_ref();
                if !(1..=MAX_TIMEOUT_SECS).contains(&secs) {
                    return Err(doc
                        .error(
                            &v.span(),
                            format!("{prefix}.timeout_secs"),
                            format!("{prefix}.timeout_secs = {secs} is outside 1..={MAX_TIMEOUT_SECS} seconds"),
                        )
                        .hint(format!("the default is {}", ServerEntry::DEFAULT_TIMEOUT_SECS)));
                }
                origin("timeout_secs", secs.to_string(), doc.source(&v.span()));
                secs
            }
        };

        let org_id = match &raw.org_id {
            None => None,
            Some(v) if kind != ServerKind::Zitadel => {
                return Err(elsewhere(
                    doc,
                    v,
                    &prefix,
                    "org_id",
                    ServerKind::Zitadel,
                    "only ZITADEL has organisations",
                ));
            }
            Some(v) => {
                let id = v.get_ref().trim();
                if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c.is_control()) {
                    return Err(doc
                        .error(
                            &v.span(),
                            format!("{prefix}.org_id"),
                            format!("{prefix}.org_id = {:?} is not an organisation id", v.get_ref()),
                        )
                        .hint(
                            "copy the organisation's id from ZITADEL's console, e.g. org_id = \"69629012906488334\"",
                        ));
                }
                origin("org_id", format!("{id:?}"), doc.source(&v.span()));
                Some(id.to_string())
            }
        };

        let ui_url = match &raw.ui_url {
            None => None,
            Some(v) if kind != ServerKind::Waldur => {
                return Err(elsewhere(doc, v, &prefix, "ui_url", ServerKind::Waldur, "only Waldur links to a web UI"));
            }
            Some(v) => {
                if let Err(why) = validate_url(v.get_ref()) {
                    return Err(doc
                        .error(&v.span(), format!("{prefix}.ui_url"), format!("{prefix}.ui_url {why}"))
                        .hint("the address of Waldur's web UI, e.g. ui_url = \"https://waldur.example.com/\""));
                }
                origin("ui_url", format!("{:?}", v.get_ref().trim()), doc.source(&v.span()));
                Some(v.get_ref().trim().to_string())
            }
        };

        Ok(ServerEntry { url: url.get_ref().trim().to_string(), token, auth, insecure, timeout_secs, org_id, ui_url })
    }

    fn default_profile(
        &mut self,
        layers: &[&Doc],
        profiles: &BTreeMap<String, Profile>,
    ) -> Result<Option<String>, ConfigError> {
        let Some((doc, name)) = last(layers, |r| r.default_profile.as_ref()) else {
            return Ok(None);
        };
        if !profiles.contains_key(name.get_ref()) {
            let known: Vec<&str> = profiles.keys().map(String::as_str).collect();
            let mut err = doc.error(
                &name.span(),
                "default_profile",
                format!("default_profile = {:?} names no profile ({})", name.get_ref(), profile_list(&known)),
            );
            err = match closest(name.get_ref(), &known) {
                Some(close) => err.hint(format!("did you mean {close:?}?")),
                None => err.hint(format!("define it with [profiles.{}.waldur] or [profiles.{}.cds]", name, name)),
            };
            return Err(err);
        }
        let origin = Origin {
            key: "default_profile".into(),
            value: format!("{:?}", name.get_ref()),
            source: doc.source(&name.span()),
        };
        // First in the report, as in the file.
        self.origins.insert(0, origin);
        Ok(Some(name.get_ref().clone()))
    }

    fn polling(&mut self, layers: &[&Doc]) -> Result<Polling, ConfigError> {
        let defaults = Polling::default();
        let mut seconds = |field: &str, get: &dyn Fn(&RawConfig) -> Option<&Spanned<u64>>, fallback: u64| {
            let key = format!("polling.{field}");
            let Some((doc, v)) = last(layers, get) else {
                self.origin(key, fallback.to_string(), Source::Default);
                return Ok((fallback, None));
            };
            let secs = *v.get_ref();
            if secs < Polling::FLOOR_SECS {
                return Err(doc
                    .error(
                        &v.span(),
                        &key,
                        format!("{key} = {secs} is below the floor of {} seconds", Polling::FLOOR_SECS),
                    )
                    .hint("polling faster only loads the server; press r to refresh at once"));
            }
            if secs > MAX_INTERVAL_SECS {
                return Err(doc
                    .error(
                        &v.span(),
                        &key,
                        format!("{key} = {secs} is above the ceiling of {MAX_INTERVAL_SECS} seconds"),
                    )
                    .hint("press f to freeze polling instead"));
            }
            self.origin(key, secs.to_string(), doc.source(&v.span()));
            Ok((secs, Some(doc)))
        };
        let (interval_secs, _) =
            seconds("interval_secs", &|r| r.polling.as_ref()?.interval_secs.as_ref(), defaults.interval_secs)?;
        let (hidden, hidden_doc) = seconds(
            "hidden_interval_secs",
            &|r| r.polling.as_ref()?.hidden_interval_secs.as_ref(),
            defaults.hidden_interval_secs,
        )?;
        // Hidden panes never poll faster than the visible one; only an explicit setting deserves
        // a warning, a default below a raised interval is simply raised along.
        if hidden < interval_secs && hidden_doc.is_some_and(|d| !d.is_builtin()) {
            self.warnings.push(format!(
                "polling.hidden_interval_secs = {hidden} is below interval_secs = {interval_secs}; using {interval_secs}"
            ));
        }
        if hidden < interval_secs
            && let Some(o) = self.origins.iter_mut().find(|o| o.key == "polling.hidden_interval_secs")
        {
            // The report shows what is used, not what was written.
            o.value = interval_secs.to_string();
        }
        Ok(Polling { interval_secs, hidden_interval_secs: hidden.max(interval_secs) })
    }

    fn ui(&mut self, layers: &[&Doc]) -> Result<super::Ui, ConfigError> {
        let mut ui = super::Ui::default();
        match last(layers, |r| r.ui.as_ref()?.theme.as_ref()) {
            None => self.origin("ui.theme".into(), format!("{:?}", ui.theme.name()), Source::Default),
            Some((doc, t)) => {
                let names: Vec<&str> = Theme::ALL.iter().map(|t| t.name()).collect();
                ui.theme = Theme::from_name(t.get_ref()).ok_or_else(|| {
                    doc.error(
                        &t.span(),
                        "ui.theme",
                        format!("ui.theme = {:?} is not a theme (themes: {})", t.get_ref(), names.join(", ")),
                    )
                    .hint("NO_COLOR in the environment selects mono by itself")
                })?;
                self.origin("ui.theme".into(), format!("{:?}", ui.theme.name()), doc.source(&t.span()));
            }
        }
        match last(layers, |r| r.ui.as_ref()?.mouse.as_ref()) {
            None => self.origin("ui.mouse".into(), ui.mouse.to_string(), Source::Default),
            Some((doc, m)) => {
                ui.mouse = *m.get_ref();
                self.origin("ui.mouse".into(), ui.mouse.to_string(), doc.source(&m.span()));
            }
        }
        // Later layers override key by key, like everything else.
        for doc in layers {
            let Some(raw) = doc.raw.ui.as_ref() else { continue };
            for (name, value) in &raw.colors {
                let key = format!("ui.colors.{}", name.get_ref());
                let Some(slot) = ui.colors.slot(name.get_ref()) else {
                    let mut err = doc.error(
                        &name.span(),
                        &key,
                        format!(
                            "unknown colour {:?} under [ui.colors] (colours: {})",
                            name.get_ref(),
                            colors::KEYS.join(", ")
                        ),
                    );
                    if let Some(close) = closest(name.get_ref(), &colors::KEYS) {
                        err = err.hint(format!("did you mean {close:?}?"));
                    }
                    return Err(err);
                };
                *slot = Some(colors::parse_style(value.get_ref()).map_err(|why| {
                    doc.error(&value.span(), &key, format!("{key} = {:?}: {why}", value.get_ref())).hint(colors::FORM)
                })?);
                self.origin(key, format!("{:?}", value.get_ref()), doc.source(&value.span()));
            }
        }
        Ok(ui)
    }

    fn keys(&mut self, layers: &[&Doc]) -> Result<Overrides, ConfigError> {
        let mut keys = Config::default().keys;
        let mut set: BTreeMap<(String, String), (&Doc, Range<usize>)> = BTreeMap::new();
        for doc in layers {
            for (scope, entries) in &doc.raw.keys {
                let scope_ok = keymap::Scope::from_name(scope.get_ref()).is_some();
                if !scope_ok {
                    let scopes: Vec<&str> = keymap::Scope::ALL.iter().map(|s| s.name()).collect();
                    let mut err = doc.error(
                        &scope.span(),
                        format!("keys.{scope}"),
                        format!("unknown key scope [keys.{scope}] (scopes: {})", scopes.join(", ")),
                    );
                    if let Some(close) = closest(scope.get_ref(), &scopes) {
                        err = err.hint(format!("did you mean [keys.{close}]?"));
                    }
                    return Err(err);
                }
                for (id, list) in entries {
                    let key = format!("keys.{scope}.{id}");
                    keymap::validate_override(scope.get_ref(), id.get_ref(), list.get_ref()).map_err(|msg| {
                        let ids: Vec<&str> = keymap::BINDINGS
                            .iter()
                            .filter(|b| b.scope.name() == scope.get_ref())
                            .map(|b| b.id)
                            .collect();
                        if ids.contains(&id.get_ref().as_str()) {
                            doc.error(&list.span(), &key, format!("[keys.{scope}] {id}: {msg}"))
                        } else {
                            let err = doc.error(&id.span(), &key, msg);
                            match closest(id.get_ref(), &ids) {
                                Some(close) => err.hint(format!("did you mean {close:?}?")),
                                None => err,
                            }
                        }
                    })?;
                    keys.entry(scope.get_ref().clone())
                        .or_default()
                        .insert(id.get_ref().clone(), list.get_ref().clone());
                    set.insert((scope.get_ref().clone(), id.get_ref().clone()), (doc, list.span()));
                }
            }
        }
        if let Err(msg) = Keymap::new(&keys, false) {
            return Err(self.key_conflict(&set, msg));
        }
        for (scope, entries) in &keys {
            for (id, list) in entries {
                let source = match set.get(&(scope.clone(), id.clone())) {
                    Some((doc, span)) => doc.source(span),
                    None => Source::Default,
                };
                self.origin(format!("keys.{scope}.{id}"), format!("{list:?}"), source);
            }
        }
        Ok(keys)
    }

    /// Blame a key conflict on the first entry, in file order, whose addition causes it.
    fn key_conflict(&self, set: &BTreeMap<(String, String), (&Doc, Range<usize>)>, whole: String) -> ConfigError {
        let mut entries: Vec<_> = set.iter().collect();
        entries.sort_by_key(|(_, (doc, span))| (!doc.is_builtin(), span.start));
        let mut keys = Config::default().keys;
        for ((scope, id), (doc, span)) in entries {
            let list = match doc.raw.keys.get(scope.as_str()).and_then(|m| m.get(id.as_str())) {
                Some(l) => l.get_ref().clone(),
                None => continue,
            };
            keys.entry(scope.clone()).or_default().insert(id.clone(), list);
            if let Err(msg) = Keymap::new(&keys, false) {
                return doc
                    .error(span, format!("keys.{scope}.{id}"), msg)
                    .hint("a key does one thing per scope: rebind the other binding too, or pick a free key");
            }
        }
        ConfigError::new(whole)
    }

    fn env(&mut self, config: &mut Config, env: &super::Env) -> Result<Vec<EnvOverride>, ConfigError> {
        let mut overrides = Vec::new();
        for (kind, url_var, token_var) in ENV_SERVERS {
            if let Some(url) = env.non_empty(url_var) {
                let url = url.trim();
                validate_url(url).map_err(|why| {
                    ConfigError::new(format!("${url_var} = {:?} {why}", redact_url(url)))
                        .key(url_var)
                        .hint(format!("set it to the server's base URL, e.g. {}", example_url(kind)))
                })?;
                overrides.push(EnvOverride { kind, var: url_var.to_string(), url: Some(url.to_string()) });
            }
            if env.non_empty(token_var).is_some() {
                overrides.push(EnvOverride { kind, var: token_var.to_string(), url: None });
            }
        }
        if overrides.is_empty() {
            return Ok(overrides);
        }
        if config.profiles.is_empty() {
            config.profiles.insert(ENV_PROFILE.to_string(), Profile::default());
        }
        let target = match (&config.default_profile, config.profiles.len()) {
            (Some(name), _) => name.clone(),
            (None, 1) => config.profiles.keys().next().cloned().unwrap_or_default(),
            // Several profiles and no default: the variables go to whichever --profile names.
            _ => "(selected)".to_string(),
        };
        let effective = |origins: &mut Vec<Origin>, key: String, value: String, var: &str| {
            // The variable replaces what the file said, so the file's origin no longer applies.
            let field_prefix = key.rsplit_once('.').map_or(String::new(), |(p, _)| format!("{p}."));
            let is_token = key.ends_with(".token");
            let replaced = |x: &Origin| {
                x.key == key || (is_token && x.key.strip_prefix(&field_prefix).is_some_and(|f| f.starts_with("token")))
            };
            // Keep the report's order: the variable's line goes where the file's was.
            let at = origins.iter().position(replaced).unwrap_or(origins.len());
            origins.retain(|x| !replaced(x));
            origins.insert(at.min(origins.len()), Origin { key, value, source: Source::Env(var.to_string()) });
        };
        for o in &overrides {
            let has_url = overrides.iter().any(|x| x.kind == o.kind && x.url.is_some())
                || config.profiles.values().any(|p| p.server(o.kind).is_some());
            match &o.url {
                Some(url) => effective(
                    &mut self.origins,
                    format!("profiles.{target}.{}.url", o.kind),
                    format!("{:?}", redact_url(url)),
                    &o.var,
                ),
                None if has_url => effective(
                    &mut self.origins,
                    format!("profiles.{target}.{}.token", o.kind),
                    "\"***\"".into(),
                    &o.var,
                ),
                None => self.warnings.push(format!(
                    "${} is set but no {} URL is configured: set ${} or url in [profiles.<name>.{}]",
                    o.var,
                    o.kind,
                    ENV_SERVERS.iter().find(|(k, ..)| *k == o.kind).map_or("", |(_, u, _)| u),
                    o.kind
                )),
            }
        }
        Ok(overrides)
    }
}

/// A key that belongs to another kind of server, named at its line with where it goes.
fn elsewhere(
    doc: &Doc,
    v: &toml::Spanned<String>,
    prefix: &str,
    key: &str,
    owner: ServerKind,
    why: &str,
) -> ConfigError {
    doc.error(&v.span(), format!("{prefix}.{key}"), format!("{prefix}.{key}: {why}"))
        .hint(format!("move it to [profiles.<name>.{owner}], or remove it"))
}

#[cfg(test)]
mod tests;
