use std::path::PathBuf;

use super::*;
use crate::app::keymap::BINDINGS;
use crate::config::test_support::TempDir;
use crate::config::{Env, Selected, Ui, select_profile};

const FILE: &str = "/home/u/.config/opsy/config.toml";

/// Layer `text` as the operator's file over the real default, without touching the disk.
fn user(text: &str, env: &[(&str, &str)]) -> Result<LoadedConfig, ConfigError> {
    let default = Doc::parse(DEFAULT_TOML.to_string(), None)?;
    let file = Doc::parse(text.to_string(), Some(PathBuf::from(FILE)))?;
    layer(&default, Some(&file), &Env::from_pairs(env))
}

fn defaults_only(env: &[(&str, &str)]) -> LoadedConfig {
    let default = Doc::parse(DEFAULT_TOML.to_string(), None).expect("default.toml parses");
    layer(&default, None, &Env::from_pairs(env)).expect("defaults load")
}

fn source(loaded: &LoadedConfig, key: &str) -> Source {
    loaded.origin(key).unwrap_or_else(|| panic!("no origin for {key}: {:#?}", loaded.origins)).source.clone()
}

fn at(line: usize) -> Source {
    Source::File { path: PathBuf::from(FILE), line }
}

fn opts(path: Option<&str>, env: &[(&str, &str)]) -> LoadOptions {
    LoadOptions { path: path.map(PathBuf::from), env: Env::from_pairs(env) }
}

#[test]
fn resolution_order_is_flag_then_opsy_config_then_xdg_then_home() {
    let all = [("OPSY_CONFIG", "/b.toml"), ("XDG_CONFIG_HOME", "/xdg"), ("HOME", "/home/u")];
    let pick = |o: &LoadOptions| resolve_path(o).map(|(p, by)| (p.display().to_string(), by));
    assert_eq!(pick(&opts(Some("/a.toml"), &all)), Some(("/a.toml".into(), Some("--config"))));
    assert_eq!(pick(&opts(None, &all)), Some(("/b.toml".into(), Some("$OPSY_CONFIG"))));
    assert_eq!(pick(&opts(None, &all[1..])), Some(("/xdg/opsy/config.toml".into(), None)));
    assert_eq!(pick(&opts(None, &all[2..])), Some(("/home/u/.config/opsy/config.toml".into(), None)));
    // Empty values mean unset; a relative XDG_CONFIG_HOME is invalid per the XDG spec.
    let odd = [("OPSY_CONFIG", ""), ("XDG_CONFIG_HOME", "relative/dir"), ("HOME", "/home/u")];
    assert_eq!(pick(&opts(None, &odd)), Some(("/home/u/.config/opsy/config.toml".into(), None)));
    assert_eq!(pick(&opts(None, &[])), None);
}

#[test]
fn an_explicit_path_must_exist_but_a_default_location_may_be_empty() {
    let tmp = TempDir::new();
    let missing = tmp.path().join("nope.toml");
    let err = load(&LoadOptions { path: Some(missing.clone()), env: Env::default() }).expect_err("missing --config");
    assert!(err.to_string().contains(&missing.display().to_string()), "{err}");
    assert!(err.to_string().contains("--config"), "{err}");
    let env_path = missing.display().to_string();
    let err = load(&opts(None, &[("OPSY_CONFIG", &env_path)])).expect_err("missing $OPSY_CONFIG");
    assert!(err.to_string().contains("$OPSY_CONFIG"), "{err}");

    let home = tmp.path().display().to_string();
    let loaded = load(&opts(None, &[("HOME", &home)])).expect("no file at the default location is fine");
    assert_eq!(loaded.file, None);
    assert_eq!(loaded.config, Config::default());

    let in_home = tmp.write(".config/opsy/config.toml", "[polling]\ninterval_secs = 20\n", 0o600);
    let loaded = load(&opts(None, &[("HOME", &home)])).expect("loads");
    assert_eq!(loaded.file.as_deref(), Some(in_home.as_path()));
    assert_eq!(loaded.config.polling.interval_secs, 20);
    assert_eq!(source(&loaded, "polling.interval_secs"), Source::File { path: in_home, line: 2 });

    let xdg = tmp.path().join("xdg");
    let in_xdg = tmp.write("xdg/opsy/config.toml", "[polling]\ninterval_secs = 30\n", 0o600);
    let loaded = load(&opts(None, &[("HOME", &home), ("XDG_CONFIG_HOME", &xdg.display().to_string())])).expect("xdg");
    assert_eq!(loaded.file.as_deref(), Some(in_xdg.as_path()));
    assert_eq!(loaded.config.polling.interval_secs, 30);
}

#[test]
fn a_directory_or_an_oversized_file_is_refused() {
    let tmp = TempDir::new();
    let err = load(&LoadOptions { path: Some(tmp.path().to_path_buf()), env: Env::default() }).expect_err("dir");
    assert!(err.to_string().contains("is a directory"), "{err}");
    let big = tmp.write("big.toml", &"#".repeat((MAX_FILE_BYTES + 1) as usize), 0o600);
    let err = load(&LoadOptions { path: Some(big), env: Env::default() }).expect_err("too big");
    assert!(err.to_string().contains("larger than"), "{err}");
    let latin1 = tmp.path().join("latin1.toml");
    std::fs::write(&latin1, b"# ok\n# caf\xe9\n").expect("write");
    let err = load(&LoadOptions { path: Some(latin1.clone()), env: Env::default() }).expect_err("not utf-8");
    assert_eq!((err.file.as_deref(), err.line), (Some(latin1.as_path()), Some(2)), "{err}");
}

#[test]
fn the_builtin_defaults_are_config_default_and_all_come_from_default() {
    let loaded = defaults_only(&[]);
    assert_eq!(loaded.config, Config::default());
    assert_eq!(loaded.config.polling, Polling { interval_secs: 10, hidden_interval_secs: 60 });
    assert_eq!(loaded.config.ui, Ui { theme: Theme::Default, mouse: false, colors: Default::default() });
    assert!(loaded.origins.iter().all(|o| o.source == Source::Default), "{:#?}", loaded.origins);
    assert_eq!(loaded.origin("polling.interval_secs").map(|o| o.value.as_str()), Some("10"));
    assert_eq!(loaded.origin("keys.global.down").map(|o| o.value.as_str()), Some(r#"["j", "down"]"#));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let selected = select_profile(&loaded, None).expect("no profile is fine");
    assert_eq!(selected.name, Selected::NONE);
    assert!(ServerKind::ALL.iter().all(|k| selected.server(*k).is_none()));
}

#[test]
fn a_user_file_overriding_one_key_keeps_every_other_default() {
    let loaded =
        user("# mine\n[polling]\ninterval_secs = 20\n\n[keys.user_actions]\nsilence = [\"Z\"]\n", &[]).expect("loads");
    let c = &loaded.config;
    assert_eq!(c.polling, Polling { interval_secs: 20, hidden_interval_secs: 60 });
    assert_eq!(c.ui, Ui::default());
    assert_eq!(source(&loaded, "polling.interval_secs"), at(3));
    assert_eq!(source(&loaded, "polling.hidden_interval_secs"), Source::Default);
    assert_eq!(source(&loaded, "ui.mouse"), Source::Default);
    assert_eq!(c.keys["user_actions"]["silence"], ["Z"]);
    assert_eq!(source(&loaded, "keys.user_actions.silence"), at(6));
    // The neighbours in the same scope keep their defaults.
    assert_eq!(c.keys["user_actions"]["unsilence"], ["u"]);
    assert_eq!(source(&loaded, "keys.user_actions.unsilence"), Source::Default);
    let mut expected = Config::default().keys;
    expected.entry("user_actions".into()).or_default().insert("silence".into(), vec!["Z".into()]);
    assert_eq!(c.keys, expected);
}

#[test]
fn hidden_panes_never_poll_faster_than_the_visible_one() {
    let raised = user("[polling]\ninterval_secs = 120\n", &[]).expect("loads");
    assert_eq!(raised.config.polling.hidden_interval_secs, 120);
    assert!(raised.warnings.is_empty(), "a default raised along is not worth a warning");
    assert_eq!(raised.origin("polling.hidden_interval_secs").map(|o| o.value.as_str()), Some("120"));
    let explicit = user("[polling]\ninterval_secs = 10\nhidden_interval_secs = 5\n", &[]).expect("loads");
    assert_eq!(explicit.config.polling.hidden_interval_secs, 10);
    assert!(explicit.warnings.iter().any(|w| w.contains("hidden_interval_secs = 5")), "{:?}", explicit.warnings);
}

#[test]
fn servers_get_per_kind_defaults_and_remember_their_lines() {
    let text = "default_profile = \"prod\"\n[profiles.prod.cds]\nurl = \"https://cds.example.com/cdsapi\"\n\
                token_env = \"CDS_TOKEN\"\n[profiles.prod.waldur]\nurl = \"https://w.example.com/api/\"\n\
                token_command = \"pass show waldur\"\nauth = \"bearer\"\ninsecure = true\ntimeout_secs = 7\n\
                [profiles.prod.zitadel]\nurl = \"https://z.example.com\"\n";
    let loaded = user(text, &[]).expect("loads");
    let prod = &loaded.config.profiles["prod"];
    let cds = prod.cds.as_ref().expect("cds");
    assert_eq!((cds.auth, cds.insecure, cds.timeout_secs), (AuthKind::Session, false, 30));
    assert_eq!(cds.token, TokenSource::Env("CDS_TOKEN".into()));
    let waldur = prod.waldur.as_ref().expect("waldur");
    assert_eq!((waldur.auth, waldur.insecure, waldur.timeout_secs), (AuthKind::Bearer, true, 7));
    assert_eq!(waldur.token, TokenSource::Command("pass show waldur".into()));
    let zitadel = prod.zitadel.as_ref().expect("zitadel");
    assert_eq!((zitadel.auth, &zitadel.token), (AuthKind::Bearer, &TokenSource::None));
    assert_eq!(source(&loaded, "default_profile"), at(1));
    assert_eq!(source(&loaded, "profiles.prod.cds.url"), at(3));
    assert_eq!(source(&loaded, "profiles.prod.cds.token_env"), at(4));
    assert_eq!(source(&loaded, "profiles.prod.cds.auth"), Source::Default);
    assert_eq!(source(&loaded, "profiles.prod.waldur.auth"), at(8));
    assert_eq!(source(&loaded, "profiles.prod.waldur.timeout_secs"), at(10));
    assert!(loaded.warnings.iter().any(|w| w.contains("TLS certificate verification is off")), "{:?}", loaded.warnings);
}

#[test]
fn plain_http_warns_except_on_loopback() {
    let remote = user("[profiles.p.waldur]\nurl = \"http://waldur.example.com/api/\"\n", &[]).expect("loads");
    assert!(remote.warnings.iter().any(|w| w.contains("plain http")), "{:?}", remote.warnings);
    for local in ["http://localhost:8000/api/", "http://127.0.0.1:9/", "http://[::1]:9/"] {
        let l = user(&format!("[profiles.p.waldur]\nurl = \"{local}\"\n"), &[]).expect("loads");
        assert!(l.warnings.is_empty(), "{local}: {:?}", l.warnings);
    }
}

#[test]
fn env_variables_alone_form_an_implicit_profile() {
    let env = [("OPSY_WALDUR_URL", "https://w.example.com/api/"), ("OPSY_WALDUR_TOKEN", "tok-123")];
    let loaded = defaults_only(&env);
    assert_eq!(loaded.config.profiles.keys().collect::<Vec<_>>(), ["env"]);
    assert_eq!(source(&loaded, "profiles.env.waldur.url"), Source::Env("OPSY_WALDUR_URL".into()));
    let token = loaded.origin("profiles.env.waldur.token").expect("token origin");
    assert_eq!((token.value.as_str(), &token.source), ("\"***\"", &Source::Env("OPSY_WALDUR_TOKEN".into())));
    let s = select_profile(&loaded, None).expect("the env profile");
    assert_eq!(s.name, "env");
    assert!(s.profile.cds.is_none());
    let w = s.profile.waldur.expect("waldur from env");
    assert_eq!(w.url, "https://w.example.com/api/");
    assert_eq!(w.auth, AuthKind::Token);
    // The token stays in the environment: only its variable's name is kept.
    assert_eq!(w.token, TokenSource::Env("OPSY_WALDUR_TOKEN".into()));
    assert!(!format!("{loaded:?}").contains("tok-123"));
}

#[test]
fn env_variables_override_the_selected_profile_whichever_it_is() {
    let text = "default_profile = \"prod\"\n\
                [profiles.prod.waldur]\nurl = \"https://prod.example.com/api/\"\ntoken_env = \"PROD\"\nauth = \"bearer\"\n\
                [profiles.staging.waldur]\nurl = \"https://staging.example.com/api/\"\n";
    let env = [("OPSY_WALDUR_URL", "https://other.example.com/api/"), ("OPSY_CDS_URL", "https://cds.example.com/")];
    let loaded = user(text, &env).expect("loads");
    assert_eq!(source(&loaded, "profiles.prod.waldur.url"), Source::Env("OPSY_WALDUR_URL".into()));
    let prod = select_profile(&loaded, None).expect("prod");
    let w = prod.profile.waldur.expect("waldur");
    assert_eq!(w.url, "https://other.example.com/api/");
    // Only url is overridden: the file's token source and auth stay.
    assert_eq!((w.token, w.auth), (TokenSource::Env("PROD".into()), AuthKind::Bearer));
    let cds = prod.profile.cds.expect("created by OPSY_CDS_URL");
    assert_eq!((cds.auth, cds.token), (AuthKind::Session, TokenSource::None));
    let staging = select_profile(&loaded, Some("staging")).expect("staging");
    assert_eq!(staging.profile.waldur.expect("waldur").url, "https://other.example.com/api/");
    // The file itself is untouched: the override is applied on selection.
    assert_eq!(
        loaded.config.profiles["prod"].waldur.as_ref().map(|w| w.url.as_str()),
        Some("https://prod.example.com/api/")
    );

    let tokened = user(text, &[("OPSY_WALDUR_TOKEN", "t")]).expect("loads");
    let w = select_profile(&tokened, None).expect("prod").profile.waldur.expect("waldur");
    assert_eq!(
        (w.url.as_str(), w.token),
        ("https://prod.example.com/api/", TokenSource::Env("OPSY_WALDUR_TOKEN".into()))
    );
}

#[test]
fn zitadel_takes_an_organisation_from_the_file_or_the_environment() {
    let text = "[profiles.p.zitadel]\nurl = \"https://id.example.com\"\norg_id = \" 69629012906488334 \"\n";
    let loaded = user(text, &[]).expect("loads");
    let z = select_profile(&loaded, None).expect("p").profile.zitadel.expect("zitadel");
    assert_eq!((z.org_id.as_deref(), z.auth), (Some("69629012906488334"), AuthKind::Bearer));
    assert_eq!(source(&loaded, "profiles.p.zitadel.org_id"), at(3));

    // The variable wins over the file, like the other quick-start variables.
    let loaded = user(text, &[("OPSY_ZITADEL_ORG_ID", "42")]).expect("loads");
    let z = select_profile(&loaded, None).expect("p").profile.zitadel.expect("zitadel");
    assert_eq!(z.org_id.as_deref(), Some("42"));

    // Heimdall and ZITADEL join the quick start.
    let env = [
        ("OPSY_HEIMDALL_URL", "https://h.example.com/heimdall-admin"),
        ("OPSY_HEIMDALL_TOKEN", "jwt"),
        ("OPSY_ZITADEL_URL", "https://id.example.com"),
        ("OPSY_ZITADEL_ORG_ID", "7"),
    ];
    let s = select_profile(&defaults_only(&env), None).expect("env profile");
    let h = s.profile.heimdall.expect("heimdall from env");
    assert_eq!(
        (h.url.as_str(), h.token),
        ("https://h.example.com/heimdall-admin", TokenSource::Env("OPSY_HEIMDALL_TOKEN".into()))
    );
    assert_eq!(s.profile.zitadel.expect("zitadel from env").org_id.as_deref(), Some("7"));
}

#[test]
fn waldur_takes_a_web_ui_url_and_nothing_else_does() {
    let text = "[profiles.p.waldur]\nurl = \"https://w.example.com/api/\"\nui_url = \"https://portal.example.com\"\n";
    let loaded = user(text, &[]).expect("loads");
    let w = select_profile(&loaded, None).expect("p").profile.waldur.expect("waldur");
    assert_eq!(w.ui_url.as_deref(), Some("https://portal.example.com"));
    assert_eq!(source(&loaded, "profiles.p.waldur.ui_url"), at(3));
    let cds = user("[profiles.p.cds]\nurl = \"https://c.example.com/\"\nui_url = \"https://x.example.com/\"\n", &[]);
    let err = cds.expect_err("cds has no ui_url");
    assert_eq!(err_at(&err), (Some("profiles.p.cds.ui_url".to_string()), Some(3)), "{err}");
    let bad = user("[profiles.p.waldur]\nurl = \"https://w.example.com/api/\"\nui_url = \"portal\"\n", &[]);
    let err = bad.expect_err("not a URL");
    assert!(err.to_string().contains("ui_url") && err.line == Some(3), "{err}");
}

#[test]
fn an_organisation_elsewhere_or_malformed_is_an_error_at_its_line() {
    let elsewhere =
        user("[profiles.p.waldur]\nurl = \"https://w.example.com/\"\norg_id = \"1\"\n", &[]).expect_err("waldur");
    assert_eq!(err_at(&elsewhere), (Some("profiles.p.waldur.org_id".to_string()), Some(3)), "{elsewhere}");
    assert!(elsewhere.to_string().contains("only ZITADEL"), "{elsewhere}");
    for bad in ["\"\"", "\"69 62\"", "69629012906488334"] {
        let text = format!("[profiles.p.zitadel]\nurl = \"https://id.example.com\"\norg_id = {bad}\n");
        let err = user(&text, &[]).expect_err(bad);
        assert_eq!(err.line, Some(3), "{bad}: {err}");
        assert!(err.to_string().contains("org_id"), "{bad}: {err}");
    }
}

#[test]
fn env_variables_that_are_empty_or_wrong_are_handled() {
    let loaded = defaults_only(&[("OPSY_WALDUR_URL", ""), ("OPSY_CDS_TOKEN", " ")]);
    assert!(loaded.config.profiles.is_empty(), "empty means unset");
    let default = Doc::parse(DEFAULT_TOML.to_string(), None).expect("parses");
    let err = layer(&default, None, &Env::from_pairs(&[("OPSY_CDS_URL", "cds.example.com")])).expect_err("bad url");
    assert!(err.to_string().contains("$OPSY_CDS_URL"), "{err}");
    assert_eq!(err.key.as_deref(), Some("OPSY_CDS_URL"));
    let err = layer(&default, None, &Env::from_pairs(&[("OPSY_CDS_URL", "https://u:pw-secret@cds.example.com/")]))
        .expect_err("credentials");
    assert!(!err.to_string().contains("pw-secret"), "{err}");
    let orphan = defaults_only(&[("OPSY_WALDUR_TOKEN", "t")]);
    assert!(
        orphan.warnings.iter().any(|w| w.contains("$OPSY_WALDUR_TOKEN is set but no waldur URL")),
        "{:?}",
        orphan.warnings
    );
    assert!(select_profile(&orphan, None).expect("env profile").profile.waldur.is_none());
}

#[test]
fn profile_selection_follows_flag_default_only_then_none() {
    let two =
        "[profiles.a.waldur]\nurl = \"https://a.example.com/\"\n[profiles.b.cds]\nurl = \"https://b.example.com/\"\n";
    let loaded = user(two, &[]).expect("loads");
    assert_eq!(select_profile(&loaded, Some("b")).expect("b").name, "b");
    let err = select_profile(&loaded, None).expect_err("ambiguous");
    assert!(err.to_string().contains("profiles: a, b") && err.to_string().contains("--profile"), "{err}");
    // Found by prop_config_accepted_starts_rejected_names_a_line: the one file error that
    // named no line. The fix goes at the top of the file.
    assert_eq!((err.file.as_deref(), err.line), (Some(std::path::Path::new(FILE)), Some(1)), "{err}");
    let err = select_profile(&loaded, Some("c")).expect_err("unknown");
    assert!(err.to_string().contains("unknown profile \"c\" (profiles: a, b)"), "{err}");

    let with_default = user(&format!("default_profile = \"b\"\n{two}"), &[]).expect("loads");
    let b = select_profile(&with_default, None).expect("default");
    assert_eq!((b.name.as_str(), b.profile.cds.is_some(), b.profile.waldur.is_none()), ("b", true, true));
    assert_eq!(select_profile(&with_default, Some("a")).expect("flag beats default").name, "a");

    let one = user("[profiles.solo.waldur]\nurl = \"https://s.example.com/\"\n", &[]).expect("loads");
    assert_eq!(select_profile(&one, None).expect("the only one").name, "solo");

    let none = defaults_only(&[]);
    let err = select_profile(&none, Some("prod")).expect_err("nothing to select");
    assert!(err.to_string().contains("no profiles are defined"), "{err}");
    assert_eq!(err.exit_code(), 2);
}

#[test]
fn a_later_definition_of_a_profile_is_whole() {
    // Two layers defining the same profile must not mix servers; only the user file has
    // profiles in practice, so this exercises the layering rule directly.
    let a = Doc::parse("[profiles.p.cds]\nurl = \"https://a.example.com/\"\n".into(), None).expect("a");
    let b = Doc::parse("[profiles.p.waldur]\nurl = \"https://b.example.com/\"\n".into(), Some(FILE.into())).expect("b");
    let loaded = layer(&a, Some(&b), &Env::default()).expect("loads");
    let p = &loaded.config.profiles["p"];
    assert!(p.cds.is_none() && p.waldur.is_some());
    assert!(loaded.origin("profiles.p.cds.url").is_none());
}

#[test]
fn a_key_conflict_blames_the_entry_that_causes_it() {
    let err = user("[keys.global]\nquit = [\"q\"]\n[keys.user_actions]\nunsilence = [\"u\"]\nsilence = [\"x\"]\n", &[])
        .expect_err("x is execute");
    assert_eq!(err.line, Some(5), "{err}");
    assert!(err.to_string().contains("bound twice"), "{err}");
    let swapped = user("[keys.user_actions]\nsilence = [\"u\"]\nunsilence = [\"s\"]\n", &[]).expect("a swap is fine");
    crate::app::keymap::Keymap::new(&swapped.config.keys, false).expect("usable");
}

#[test]
fn default_toml_lists_exactly_the_registry_bindings() {
    let raw: RawConfig = toml::from_str(DEFAULT_TOML).expect("default.toml parses");
    let mut listed = 0;
    for (scope, entries) in &raw.keys {
        for (id, keys) in entries {
            listed += 1;
            let binding = BINDINGS
                .iter()
                .find(|b| b.scope.name() == scope.get_ref() && b.id == id.get_ref())
                .unwrap_or_else(|| panic!("default.toml has [keys.{scope}] {id}, the registry does not"));
            assert_eq!(keys.get_ref(), &binding.keys.to_vec(), "[keys.{scope}] {id} drifted from the registry");
        }
    }
    for b in BINDINGS {
        let present = raw.keys.get(b.scope.name()).is_some_and(|m| m.contains_key(b.id));
        assert!(present, "default.toml lacks [keys.{}] {}", b.scope.name(), b.id);
    }
    assert_eq!(listed, BINDINGS.len());
}

#[test]
fn default_toml_documents_every_setting_and_defines_no_profile() {
    let raw: RawConfig = toml::from_str(DEFAULT_TOML).expect("parses");
    assert!(raw.profiles.is_empty() && raw.default_profile.is_none(), "profiles are the operator's");
    for key in [
        "default_profile",
        "url",
        "token_env",
        "token_command",
        "token ",
        "auth",
        "insecure",
        "timeout_secs",
        "interval_secs",
        "hidden_interval_secs",
        "theme",
        "mouse",
        "heimdall",
        "zitadel",
        "OPSY_WALDUR_URL",
        "OPSY_WALDUR_TOKEN",
        "OPSY_CDS_URL",
        "OPSY_CDS_TOKEN",
        "OPSY_HEIMDALL_URL",
        "OPSY_ZITADEL_TOKEN",
        "OPSY_ZITADEL_ORG_ID",
        "org_id",
        "ui_url",
    ] {
        assert!(DEFAULT_TOML.contains(key), "default.toml does not explain {key:?}");
    }
}

#[test]
fn the_commented_example_profiles_load_when_uncommented() {
    let start = DEFAULT_TOML.find("# --- example profiles").expect("start marker");
    let end = DEFAULT_TOML.find("# --- end of example profiles").expect("end marker");
    let example: String = DEFAULT_TOML[start..end]
        .lines()
        .skip(1)
        .map(|l| l.strip_prefix("# ").unwrap_or(l.trim_start_matches('#')))
        .collect::<Vec<_>>()
        .join("\n");
    let loaded = user(&example, &[]).unwrap_or_else(|e| panic!("the example does not load: {e}\n{example}"));
    let prod = select_profile(&loaded, None).expect("default_profile of the example");
    assert_eq!(prod.name, "prod");
    assert!(prod.profile.cds.is_some() && prod.profile.waldur.is_some());
    assert!(loaded.config.profiles.contains_key("staging"));
}

#[cfg(unix)]
#[test]
fn a_readable_file_with_a_token_warns_with_the_chmod_fix() {
    let tmp = TempDir::new();
    let with_token = "[profiles.p.waldur]\nurl = \"https://w.example.com/\"\ntoken = \"inline-secret-42\"\n";
    let open = tmp.write("open.toml", with_token, 0o644);
    let loaded = load(&LoadOptions { path: Some(open.clone()), env: Env::default() }).expect("loads");
    let warning = loaded.warnings.iter().find(|w| w.contains("chmod 600")).expect("permission warning");
    assert!(warning.contains(&open.display().to_string()) && warning.contains("644"), "{warning}");
    assert!(!loaded.warnings.iter().any(|w| w.contains("inline-secret-42")));

    let private = tmp.write("private.toml", with_token, 0o600);
    let loaded = load(&LoadOptions { path: Some(private), env: Env::default() }).expect("loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);

    let no_token = tmp.write("no-token.toml", "[profiles.p.waldur]\nurl = \"https://w.example.com/\"\n", 0o644);
    let loaded = load(&LoadOptions { path: Some(no_token), env: Env::default() }).expect("loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn an_inline_token_never_shows_in_debug_or_origins() {
    let loaded =
        user("[profiles.p.cds]\nurl = \"https://c.example.com/\"\ntoken = \"inline-secret-42\"\n", &[]).expect("loads");
    let selected = select_profile(&loaded, None).expect("p");
    for shown in [format!("{loaded:?}"), format!("{selected:?}"), format!("{:?}", loaded.config)] {
        assert!(!shown.contains("inline-secret-42"), "{shown}");
    }
    assert_eq!(loaded.origin("profiles.p.cds.token").map(|o| o.value.as_str()), Some("\"***\""));
    assert!(
        matches!(selected.profile.cds.map(|c| c.token), Some(TokenSource::Inline(s)) if s.expose() == "inline-secret-42")
    );
}

#[test]
fn odd_input_is_an_error_never_a_panic() {
    for text in [
        "",
        "\0",
        "\u{feff}[ui]\nmouse = true\n",
        "[[polling]]\ninterval_secs = 5\n",
        "polling = [1, 2]\n",
        "[keys]\nglobal = 1\n",
        "[keys.global]\nquit = [1]\n",
        "[keys.global]\nquit = [\"\"]\n",
        "[profiles]\nprod = 1\n",
        "[profiles.prod]\ncds = []\n",
        "[profiles.\"\".cds]\nurl = \"https://c.example.com/\"\n",
        "[profiles.p.cds]\nurl = \"\"\n",
        "[profiles.p.cds]\nurl = \"https://\"\n",
        "[profiles.p.cds]\nurl = \"https://c/\"\ntimeout_secs = 99999999999999999\n",
        "[profiles.p.cds]\nurl = \"https://c/\"\ntoken_command = \"   \"\n",
        "[profiles.p.cds]\nurl = \"https://c/\"\ntoken = \"\"\n",
        "[polling]\ninterval_secs = 18446744073709551615\n",
        "[polling]\ninterval_secs = 1e3\n",
        "[ui]\ntheme = \"\u{202e}mono\"\n",
        "x = \"caf\u{e9}\"\n\u{1b}[31m = 1\n",
        "a.b.c.d.e.f = 1\n",
        "default_profile = 3\n",
    ] {
        if let Err(e) = user(text, &[]) {
            assert!(e.to_string().starts_with("config error: "), "{e}");
        }
    }
    assert!(user("\u{feff}[ui]\nmouse = true\n", &[]).is_ok(), "a BOM is fine");
}

#[test]
fn positions_are_one_based_lines_and_character_columns() {
    assert_eq!(position("", 0), (1, 1));
    assert_eq!(position("ab\ncdé = x", 3), (2, 1));
    assert_eq!(position("ab\ncdé = x", 8), (2, 5));
    assert_eq!(position("ab\n", 99), (2, 1));
    // Inside a multi-byte character: back to its start, never a panic.
    assert_eq!(position("é", 1), (1, 1));
}

#[test]
fn typos_get_a_suggestion_and_unrelated_words_do_not() {
    assert_eq!(closest("intervl_secs", &["interval_secs", "hidden_interval_secs"]), Some("interval_secs"));
    assert_eq!(closest("waldr", &["cds", "waldur", "heimdall", "zitadel"]), Some("waldur"));
    assert_eq!(closest("banana", &["cds", "waldur"]), None);
    // Swapped letters are one edit each, so a doubly swapped key is still recognised.
    assert_eq!(closest("wlaudr", &["cds", "waldur", "heimdall", "zitadel"]), Some("waldur"));
    assert_eq!(closest("intreval_secs", &["interval_secs", "hidden_interval_secs"]), Some("interval_secs"));
}

fn err_at(e: &ConfigError) -> (Option<String>, Option<u32>) {
    (e.key.clone(), e.line)
}

#[test]
fn ui_colors_override_by_key_and_a_bad_value_names_its_line() {
    use ratatui::style::{Color, Modifier, Style};
    let loaded = user("[ui.colors]\nselected = \"black on #ffd75f bold\"\nmuted = \"244\"\n", &[]).expect("loads");
    let colors = loaded.config.ui.colors;
    let selected = Style::default().fg(Color::Black).bg(Color::Rgb(0xff, 0xd7, 0x5f)).add_modifier(Modifier::BOLD);
    assert_eq!(colors.selected, Some(selected));
    assert_eq!(colors.muted, Some(Style::default().fg(Color::Indexed(244))));
    assert_eq!(colors.danger, None, "the others keep the theme's");
    assert_eq!(source(&loaded, "ui.colors.muted"), at(3));

    let bad = user("[ui]\nmouse = false\n[ui.colors]\nselected = \"black on yelow\"\n", &[]).expect_err("bad colour");
    assert_eq!(err_at(&bad), (Some("ui.colors.selected".to_string()), Some(4)), "{bad}");
    let said = bad.to_string();
    assert!(said.contains("\"yelow\" is not a colour") && said.contains("#rrggbb"), "{said}");

    let unknown = user("[ui.colors]\nselectd = \"red\"\n", &[]).expect_err("unknown key");
    assert_eq!(err_at(&unknown), (Some("ui.colors.selectd".to_string()), Some(2)), "{unknown}");
    assert!(unknown.to_string().contains("did you mean \"selected\"?"), "{unknown}");
}
