//! `:profile NAME`: another profile's servers without restarting. The loader resolves the
//! profile as at start (the same layered config, `OPSY_*` overrides, token_env /
//! token_command / token), but strictly: a token that cannot be had is an error and the
//! running profile stays, since switching to a profile whose servers all fail helps nobody.
//! The engine then tears the old profile down and builds the new one (`engine.rs`).

use crate::app::keymap::Keymap;
use crate::backends::{self, Connection};
use crate::config::{self, Env, LoadedConfig, ServerKind};

use super::Backends;

/// A profile ready to run.
pub(crate) struct Switched {
    pub(crate) name: String,
    pub(crate) backends: Backends,
    /// With the profile's `read_only` (or `--read-only`) applied.
    pub(crate) keymap: Keymap,
}

/// Builds a profile by name; `Err` says why it cannot be used, in one sentence.
pub(crate) type Loader = std::sync::Arc<dyn Fn(&str) -> Result<Switched, String> + Send + Sync>;

/// The loader of the console: the config read at start, the process environment, and
/// `--read-only` (which holds for every profile of the run).
pub(crate) fn from_config(loaded: LoadedConfig, env: Env, read_only: bool) -> Loader {
    std::sync::Arc::new(move |name| {
        let selected = config::select_profile(&loaded, Some(name)).map_err(|e| plain(&e.to_string()))?;
        let keymap = Keymap::new(&loaded.config.keys, read_only || selected.profile.read_only)
            .map_err(|e| format!("[keys]: {e}"))?;
        let mut backends = Backends::default();
        for kind in ServerKind::ALL {
            let Some(entry) = selected.server(kind) else { continue };
            let options = config::server_options(entry, kind, &env).map_err(|e| plain(&e.to_string()))?;
            let mut conn = Connection::new(options);
            conn.org_id = entry.org_id.clone();
            conn.ui_url = entry.ui_url.clone();
            let connected = backends::connect(kind, backends.next_id(), &conn).map_err(|e| format!("{kind}: {e}"))?;
            backends.add(connected);
        }
        Ok(Switched { name: selected.name, backends, keymap })
    })
}

/// Profile names, for `:profile` and its completion.
pub(crate) fn names(loaded: &LoadedConfig) -> Vec<String> {
    loaded.config.profiles.keys().cloned().collect()
}

/// A config error on one line of the status bar: no "config error:" prefix, no line breaks.
fn plain(text: &str) -> String {
    let text = text.strip_prefix("config error: ").unwrap_or(text);
    text.split('\n').map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" — ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LoadOptions;

    fn loaded(toml: &str) -> (LoadedConfig, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("opsy-profile-{}-{}", std::process::id(), fastrand::u64(..)));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("c.toml");
        std::fs::write(&path, toml).expect("write config");
        let env = Env::from_pairs(&[("PROD_TOKEN", "t0k3n")]);
        let loaded = config::load(&LoadOptions { path: Some(path.clone()), env }).expect("config loads");
        (loaded, dir)
    }

    const TWO: &str = "default_profile = \"staging\"\n\
        [profiles.staging.waldur]\nurl = \"http://127.0.0.1:9/api/\"\ntoken_env = \"PROD_TOKEN\"\n\
        [profiles.prod]\nread_only = true\n[profiles.prod.waldur]\nurl = \"http://127.0.0.1:8/api/\"\ntoken_env = \"PROD_TOKEN\"\n\
        [profiles.broken.waldur]\nurl = \"http://127.0.0.1:7/api/\"\ntoken_env = \"UNSET_TOKEN_VAR\"\n";

    #[test]
    fn a_profile_loads_with_its_read_only_and_its_servers() {
        let (cfg, dir) = loaded(TWO);
        assert_eq!(names(&cfg), ["broken", "prod", "staging"]);
        let load = from_config(cfg, Env::from_pairs(&[("PROD_TOKEN", "t0k3n")]), false);
        let prod = load("prod").expect("prod loads");
        assert_eq!(prod.name, "prod");
        assert!(prod.keymap.read_only(), "read_only = true follows the profile");
        let sources = prod.backends.sources();
        assert_eq!(sources.iter().map(|s| s.server.clone()).collect::<Vec<_>>(), ["127.0.0.1:8"]);
        let staging = load("staging").expect("staging loads");
        assert!(!staging.keymap.read_only());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_missing_token_or_profile_is_a_sentence_and_nothing_is_built() {
        let (cfg, dir) = loaded(TWO);
        let load = from_config(cfg, Env::from_pairs(&[("PROD_TOKEN", "t0k3n")]), true);
        let why = load("broken").err().expect("no token: refused");
        assert!(why.contains("$UNSET_TOKEN_VAR is not set"), "{why}");
        assert!(!why.contains('\n'), "{why}");
        let why = load("prdo").err().expect("unknown profile: refused");
        assert!(why.contains("unknown profile \"prdo\"") && why.contains("prod"), "{why}");
        assert!(load("staging").expect("loads").keymap.read_only(), "--read-only holds for every profile");
        let _ = std::fs::remove_dir_all(dir);
    }
}
