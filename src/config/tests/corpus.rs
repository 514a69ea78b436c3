//! The invalid-config corpus (bottom's pattern): every file under `fixtures/config/invalid`
//! states in its header what its error must say, and the error must name the file and line.
//! Every file under `fixtures/config/valid` must load and select a profile.
//!
//! Header lines: `# expect: <substring>` (one or more), `# absent: <substring>` (a secret that
//! must not be echoed), `# line: <n>`, optionally `# column: <n>`.

use std::path::{Path, PathBuf};

use crate::config::{Env, LoadOptions, load, select_profile};

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config").join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

fn header<'a>(text: &'a str, tag: &str) -> Vec<&'a str> {
    let prefix = format!("# {tag}: ");
    text.lines().filter_map(|l| l.strip_prefix(prefix.as_str())).map(str::trim_end).collect()
}

fn number(text: &str, tag: &str, file: &Path) -> Option<usize> {
    header(text, tag).first().map(|n| n.parse().unwrap_or_else(|_| panic!("{}: bad `# {tag}:` header", file.display())))
}

fn opts(path: &Path) -> LoadOptions {
    // An empty environment: no OPSY_* variable may leak in from the machine running the tests.
    LoadOptions { path: Some(path.to_path_buf()), env: Env::from_pairs(&[]) }
}

#[test]
fn every_invalid_file_fails_with_its_message_file_and_line() {
    let mut failures = Vec::new();
    for file in fixtures("invalid") {
        let text = std::fs::read_to_string(&file).expect("fixture is readable");
        let expects = header(&text, "expect");
        let line = number(&text, "line", &file);
        assert!(!expects.is_empty() && line.is_some(), "{}: needs `# expect:` and `# line:` headers", file.display());
        let err = match load(&opts(&file)) {
            Ok(_) => {
                failures.push(format!("{}: loaded, but should have failed", file.display()));
                continue;
            }
            Err(e) => e,
        };
        let shown = err.to_string();
        let debug = format!("{err:?}");
        let mut location = format!("{}:{}:", file.display(), line.unwrap_or_default());
        if let Some(column) = number(&text, "column", &file) {
            location.push_str(&format!("{column}:"));
        }
        if !shown.starts_with(&format!("config error: {location}")) {
            failures.push(format!("{}: expected location {location:?} in\n{shown}", file.display()));
        }
        if err.file.as_deref() != Some(file.as_path()) || err.line.map(|l| l as usize) != line {
            failures.push(format!("{}: fields file={:?} line={:?}", file.display(), err.file, err.line));
        }
        for want in expects {
            if !shown.contains(want) {
                failures.push(format!("{}: expected {want:?} in\n{shown}", file.display()));
            }
        }
        for secret in header(&text, "absent") {
            if shown.contains(secret) || debug.contains(secret) {
                failures.push(format!("{}: the secret {secret:?} is echoed in\n{shown}\n{debug}", file.display()));
            }
        }
        if err.exit_code() != 2 {
            failures.push(format!("{}: exit code {}", file.display(), err.exit_code()));
        }
    }
    assert!(failures.is_empty(), "{} corpus failures:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn every_valid_file_loads_and_selects_a_profile() {
    let mut failures = Vec::new();
    for file in fixtures("valid") {
        match load(&opts(&file)) {
            Ok(loaded) => {
                if loaded.file.as_deref() != Some(file.as_path()) {
                    failures.push(format!("{}: Loaded::file is {:?}", file.display(), loaded.file));
                }
                if let Err(e) = select_profile(&loaded, None) {
                    failures.push(format!("{}: {e}", file.display()));
                }
            }
            Err(e) => failures.push(format!("{}: {e}", file.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_full_valid_file_means_what_it_says() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config/valid/full.toml");
    let loaded = load(&opts(&file)).expect("loads");
    let c = &loaded.config;
    assert_eq!((c.polling.interval_secs, c.polling.hidden_interval_secs), (5, 30));
    assert_eq!(c.ui.theme, crate::config::Theme::Mono);
    assert!(c.ui.mouse);
    assert_eq!(c.keys["user_actions"]["silence"], ["Z", "ctrl-s"]);
    assert_eq!(c.keys["global"]["quit"], ["q"]);
    // Untouched bindings keep their defaults.
    assert_eq!(c.keys["global"]["down"], ["j", "down"]);
    crate::app::keymap::Keymap::new(&c.keys, false).expect("the effective keys form a keymap");

    let prod = select_profile(&loaded, None).expect("default profile");
    assert_eq!(prod.name, "prod");
    assert!(
        prod.profile.cds.is_some()
            && prod.profile.waldur.is_some()
            && prod.profile.heimdall.is_some()
            && prod.profile.zitadel.is_some()
    );
    let staging = select_profile(&loaded, Some("staging")).expect("named profile");
    assert!(staging.profile.cds.is_none());
    let w = staging.profile.waldur.expect("waldur");
    assert_eq!((w.auth, w.timeout_secs), (crate::config::AuthKind::Bearer, 5));
    // localhost over plain http is the demo/dev case and does not warn; nothing else is off.
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}
