//! `prop_config_*`: a configuration file is either accepted, and then the app starts with it
//! (keymap, profile, one source per server), or rejected with an error naming the line to
//! fix. Files are the valid fixtures with lines dropped, doubled, given other values, keys
//! or tables, or a character typed anywhere.

use std::path::PathBuf;

use proptest::prelude::*;

use super::load::{DEFAULT_TOML, Doc, layer};
use super::{Env, LoadedConfig, ServerKind, select_profile, server_options};
use crate::app::keymap::Keymap;
use crate::app::model::{Model, Settings};
use crate::app::msg::Msg;
use crate::app::source::{SourceId, SourceInfo, Sources};
use crate::backends::Connection;
use crate::props::config;

const FILE: &str = "/home/u/.config/opsy/config.toml";

const VALID: &[&str] = &[
    include_str!("../../tests/fixtures/config/valid/full.toml"),
    include_str!("../../tests/fixtures/config/valid/inline_tables.toml"),
    include_str!("../../tests/fixtures/config/valid/keys_swapped.toml"),
    include_str!("../../tests/fixtures/config/valid/single_profile.toml"),
    include_str!("../../tests/fixtures/config/valid/profile_without_servers.toml"),
    include_str!("../../tests/fixtures/config/valid/empty.toml"),
];

const KEYS: &[&str] = &[
    "url",
    "auth",
    "token",
    "token_env",
    "token_file",
    "insecure",
    "timeout_secs",
    "org_id",
    "ui_url",
    "default_profile",
    "interval_secs",
    "hidden_interval_secs",
    "theme",
    "mouse",
    "quit",
    "silence",
    "delete",
    "down",
    "up",
    "confirm",
    "cancel",
    "filter",
    "help",
    "bogus",
];

const VALUES: &[&str] = &[
    "\"https://cds.example.com/cdsapi\"",
    "\"http://localhost:1/\"",
    "\"https://u:p@x.example\"",
    "\"ftp://x\"",
    "\"\"",
    "\" \"",
    "\"not a url\"",
    "\"https://[::1]:8443/api/\"",
    "\"https://x.example/\\u0000\"",
    "0",
    "1",
    "2",
    "-1",
    "30",
    "86400",
    "9223372036854775807",
    "1e3",
    "1.5",
    "true",
    "false",
    "\"token\"",
    "\"bearer\"",
    "\"session\"",
    "\"mono\"",
    "\"prod\"",
    "\"staging\"",
    "[]",
    "[\"q\"]",
    "[\"ctrl-c\", \"q\"]",
    "[\"s\"]",
    "[\"f99\"]",
    "[\"\"]",
    "[1]",
    "{}",
    "{ url = \"https://x.example\" }",
    "\"$HOME\"",
    "\"CDS_TOKEN\"",
    "\"/etc/hostname\"",
    "2025-06-01T00:00:00Z",
];

const TABLES: &[&str] = &[
    "[profiles.prod.cds]",
    "[profiles.prod.waldur]",
    "[profiles.prod.heimdall]",
    "[profiles.prod.zitadel]",
    "[profiles.x.waldur]",
    "[profiles.prod]",
    "[polling]",
    "[ui]",
    "[keys.global]",
    "[keys.user_actions]",
    "[keys.actions]",
    "[keys.dialogs]",
    "[keys.nope]",
    "[profiles]",
    "[[profiles.prod.cds]]",
    "[keys]",
];

#[derive(Debug, Clone)]
enum Edit {
    Drop(usize),
    Double(usize),
    Value(usize, usize),
    Key(usize, usize),
    Table(usize, usize),
    Type(usize, char),
}

fn edit() -> impl Strategy<Value = Edit> {
    let line = any::<usize>();
    prop_oneof![
        line.prop_map(Edit::Drop),
        line.prop_map(Edit::Double),
        (line, 0..VALUES.len()).prop_map(|(l, v)| Edit::Value(l, v)),
        (line, 0..KEYS.len(), 0..VALUES.len()).prop_map(|(l, k, v)| Edit::Key(l, k * VALUES.len() + v)),
        (line, 0..TABLES.len()).prop_map(|(l, t)| Edit::Table(l, t)),
        (line, prop_oneof![proptest::sample::select(&b"[]=\"'#.,{} \n\\"[..]).prop_map(char::from), any::<char>()])
            .prop_map(|(l, c)| Edit::Type(l, c)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for e in edits {
        let n = lines.len().max(1);
        match e {
            Edit::Drop(l) if !lines.is_empty() => {
                lines.remove(l % n);
            }
            Edit::Double(l) if !lines.is_empty() => {
                let copy = lines[l % n].clone();
                lines.insert(l % n, copy);
            }
            Edit::Value(l, v) if !lines.is_empty() => {
                let line = &mut lines[l % n];
                if let Some((key, _)) = line.split_once('=') {
                    *line = format!("{key}= {}", VALUES[*v]);
                }
            }
            Edit::Key(l, kv) => {
                let (k, v) = (kv / VALUES.len(), kv % VALUES.len());
                lines.insert(l % (lines.len() + 1), format!("{} = {}", KEYS[k], VALUES[v]));
            }
            Edit::Table(l, t) => lines.insert(l % (lines.len() + 1), TABLES[*t].to_string()),
            Edit::Type(l, c) if !lines.is_empty() => {
                let line = &mut lines[l % n];
                let at =
                    line.char_indices().map(|(i, _)| i).nth(l / n % (line.chars().count() + 1)).unwrap_or(line.len());
                line.insert(at, *c);
            }
            _ => {}
        }
    }
    // A token command would run on the test machine: every token comes from the environment.
    lines.join("\n").replace("token_command", "token_env")
}

fn file() -> impl Strategy<Value = String> {
    (proptest::sample::select(VALID), proptest::collection::vec(edit(), 0..5)).prop_map(|(t, e)| apply(t, &e))
}

/// What `opsy config check` accepts: the file layered over the defaults, the profile chosen,
/// the keymap built.
fn check(text: &str) -> Result<LoadedConfig, super::ConfigError> {
    let default = Doc::parse(DEFAULT_TOML.to_string(), None)?;
    let doc = Doc::parse(text.to_string(), Some(PathBuf::from(FILE)))?;
    let loaded = layer(&default, Some(&doc), &Env::default())?;
    select_profile(&loaded, None)?;
    Ok(loaded)
}

/// What the console does with an accepted file before it takes the terminal: every
/// configured server becomes a source (a token it cannot get makes a broken one), then the
/// model starts.
fn start(loaded: &LoadedConfig, read_only: bool) -> Result<Model, String> {
    let keymap = Keymap::new(&loaded.config.keys, read_only).map_err(|e| format!("keymap: {e}"))?;
    let selected = select_profile(loaded, None).map_err(|e| e.to_string())?;
    let env = Env::default();
    let mut infos: Vec<SourceInfo> = Vec::new();
    for kind in ServerKind::ALL {
        let Some(entry) = selected.server(kind) else { continue };
        let id = SourceId(u8::try_from(infos.len()).unwrap_or(u8::MAX));
        let options = match server_options(entry, kind, &env) {
            Ok(o) => o,
            Err(e) if e.is_token_problem() => {
                crate::backends::http::ServerOptions::new(entry.url.trim(), crate::backends::http::Auth::None)
            }
            Err(e) => return Err(format!("{kind}: {e}")),
        };
        let mut conn = Connection::new(options);
        conn.org_id = entry.org_id.clone();
        conn.ui_url = entry.ui_url.clone();
        let connected = crate::backends::connect(kind, id, &conn).map_err(|e| format!("{kind}: {e}"))?;
        infos.push(connected.info);
    }
    let settings = Settings { profile: selected.name, ..Settings::default() };
    let mut m = Model::new(settings, Sources::new(infos), keymap, crate::app::testing::now());
    crate::app::update::update(&mut m, Msg::Resize { width: 80, height: 24 });
    Ok(m)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn prop_config_accepted_starts_rejected_names_a_line(text in file(), read_only in any::<bool>()) {
        match check(&text) {
            Ok(loaded) => {
                if let Err(why) = start(&loaded, read_only) {
                    return Err(TestCaseError::fail(format!("accepted by config check, yet does not start: {why}")));
                }
            }
            Err(e) => prop_assert!(e.line.is_some(), "rejected without a line: {}", e),
        }
    }
}
