//! Which profile the console uses: `--profile`, else `default_profile`, else the only one.

use super::error::ConfigError;
use super::locate::closest;
use super::{LoadedConfig, Profile, Selected, ServerEntry, ServerKind, TokenSource};

pub(super) fn profile_list(names: &[&str]) -> String {
    if names.is_empty() { "no profiles are defined".to_string() } else { format!("profiles: {}", names.join(", ")) }
}

/// `--profile`, else `default_profile`, else the only profile, else no profile at all (every
/// server `None`). The `OPSY_*` variables then override the chosen profile's url and token.
pub(crate) fn select_profile(loaded: &LoadedConfig, name: Option<&str>) -> Result<Selected, ConfigError> {
    let profiles = &loaded.config.profiles;
    let known: Vec<&str> = profiles.keys().map(String::as_str).collect();
    let chosen = match name.or(loaded.config.default_profile.as_deref()) {
        Some(n) => match profiles.get_key_value(n) {
            Some(p) => Some(p),
            None => {
                let err = ConfigError::new(format!("unknown profile {n:?} ({})", profile_list(&known))).key("profile");
                return Err(match closest(n, &known) {
                    Some(close) => err.hint(format!("did you mean {close:?}?")),
                    None => {
                        err.hint(format!("define it in the config file as [profiles.{n}.waldur] / [profiles.{n}.cds]"))
                    }
                });
            }
        },
        None if profiles.len() <= 1 => profiles.iter().next(),
        None => {
            let err = ConfigError::new(format!(
                "several profiles and no default_profile ({}); which one?",
                profile_list(&known)
            ))
            .key("default_profile")
            .hint("pass --profile NAME, or set default_profile = \"NAME\" at the top of the config file");
            // The fix goes on the file's first line: say so, as every other file error does.
            return Err(match &loaded.file {
                Some(path) => err.in_file(path.clone(), Some(1)),
                None => err,
            });
        }
    };
    let (name, mut profile) = match chosen {
        Some((n, p)) => (n.clone(), p.clone()),
        None => (Selected::NONE.to_string(), Profile::default()),
    };
    for o in loaded.env_overrides.iter().filter(|o| o.url.is_some()) {
        let url = o.url.clone().unwrap_or_default();
        let slot = profile.server_mut(o.kind);
        match slot {
            Some(entry) => entry.url = url,
            None => *slot = Some(ServerEntry::new(o.kind, url)),
        }
    }
    for o in loaded.env_overrides.iter().filter(|o| o.url.is_none()) {
        if let Some(entry) = profile.server_mut(o.kind) {
            entry.token = TokenSource::Env(o.var.clone());
        }
    }
    if let (Some(org), Some(entry)) = (&loaded.env_org_id, profile.server_mut(ServerKind::Zitadel)) {
        entry.org_id = Some(org.clone());
    }
    Ok(Selected { name, profile })
}
