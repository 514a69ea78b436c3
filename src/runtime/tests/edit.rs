//! `E` and `n` through the whole app, with `EDITOR` a small script: the exact requests (none
//! before the confirmation; the import or PUT carries exactly the edit), an unchanged file
//! that sends nothing, invalid YAML that keeps the text, and a change on the server while the
//! editor is open.

use std::path::{Path, PathBuf};

use crossterm::event::KeyCode;

use super::harness::Harness;
use crate::app::dialog::Kind;
use crate::backends::cds::client::CdsClient;
use crate::backends::cds::wire::{ActionPath, ExportFormat};
use crate::config::ServerKind;
use crate::runtime::editor::EditorSetup;

/// A scratch directory: the editor scripts, and the edit (recovery) files under `edits/`.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("opsy-edit-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Self(dir)
    }

    fn edits(&self) -> PathBuf {
        self.0.join("edits")
    }

    /// The recovery files left.
    fn left(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.edits())
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default()
    }

    /// An executable `sh` script that plays the editor; `$1` is the file.
    fn editor(&self, name: &str, body: &str) -> EditorSetup {
        let path = self.0.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("script");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        EditorSetup { dir: self.edits(), command: Some(vec![path.to_string_lossy().into_owned()]), terminal: false }
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("file");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn sh_quote(p: &Path) -> String {
    format!("'{}'", p.to_string_lossy().replace('\'', r"'\''"))
}

/// Someone else, with the demo operator's token: reads and imports like cdsctl would.
fn cds_client(h: &Harness) -> CdsClient {
    let conn = crate::backends::demo(ServerKind::Cds, &h.server).expect("cds demo");
    CdsClient::new(&conn.options).expect("client")
}

async fn export(h: &Harness, path: &ActionPath) -> String {
    let bytes = cds_client(h).export_action(path, ExportFormat::Yaml).await.expect("export");
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

/// A platform action (the demo operator administers the group) whose export has steps.
async fn platform_action(h: &mut Harness) -> (ActionPath, String) {
    let names: Vec<String> = h.server.with_cds(|s| {
        let platform = s.group("platform").map(|g| g.id).expect("platform");
        s.actions().iter().filter(|a| a.group == Some(platform)).map(|a| a.name.clone()).collect()
    });
    for name in names {
        let path = ActionPath::new("platform", name);
        let text = export(h, &path).await;
        if text.contains("\nsteps:\n") {
            return (path, text);
        }
    }
    panic!("no platform action with steps");
}

async fn select(h: &mut Harness, full: &str) {
    h.keys("1/").await;
    h.keys(full).await;
    h.key(KeyCode::Enter).await;
    let selected = h.model().actions.list.selected().map(|r| r.name.clone());
    assert_eq!(selected.as_deref(), Some(full), "{}", h.screen());
}

fn with_step(text: &str, line: &str) -> String {
    text.replacen("\nsteps:\n", &format!("\nsteps:\n- script:\n  - {line}\n"), 1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_is_shown_as_a_diff_sent_only_after_y_and_carries_exactly_the_edit() {
    let mut h = Harness::start().await;
    let scratch = Scratch::new("apply");
    let (path, original) = platform_action(&mut h).await;
    let edited = with_step(&original, "echo edited-by-the-test");
    let src = scratch.file("edited.yaml", &edited);
    h.engine.set_editor(scratch.editor("editor.sh", &format!("cp {} \"$1\"", sh_quote(&src))));
    let full = format!("{}/{}", path.group, path.name);
    select(&mut h, &full).await;
    let source = h.model().actions.list.selected().map(|r| r.source).expect("selected");
    let server = h.model().sources.server(source);
    h.server.clear_requests();

    h.keys("E").await;
    let screen = h.screen();
    assert!(screen.contains("Apply edit") && screen.contains(&format!("Change {full}")), "{screen}");
    assert!(screen.contains(&format!("on {server}")), "the server is named: {screen}");
    assert!(screen.contains("+ - script:") && screen.contains("+   - echo edited-by-the-test"), "{screen}");
    assert!(screen.contains("POST /action/import"), "the note says which request: {screen}");
    let sent: Vec<_> = h.server.requests().into_iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    assert_eq!(sent, [format!("GET /cdsapi/action/{full}/export")], "only the read before the confirmation");
    assert_eq!(scratch.left().len(), 1, "the text is in its recovery file");

    h.key(KeyCode::Enter).await;
    assert!(h.requests("POST", "/action/import").is_empty(), "Enter on the default button cancels");
    assert!(h.screen().contains("not applied: your text is kept in"), "{}", h.screen());
    assert_eq!(scratch.left().len(), 1, "cancelling keeps the text");
    for f in scratch.left() {
        let _ = std::fs::remove_file(f);
    }

    h.server.clear_requests();
    h.keys("E").await;
    h.keys("y").await;
    let imports = h.requests("POST", "/action/import");
    assert_eq!(imports.len(), 1, "{:?}", h.server.requests());
    assert_eq!(imports[0].header("content-type"), Some("application/x-yaml"));
    assert_eq!(String::from_utf8_lossy(&imports[0].body), edited, "the body is exactly the edited file");
    let exports = h.requests("GET", "/export");
    assert_eq!(exports.len(), 2, "read to edit, then again to catch a concurrent change");
    assert!(
        !h.requests("GET", &format!("/cdsapi/action/{full}")).iter().all(|r| r.path.ends_with("/export")),
        "read back"
    );
    assert_eq!(export(&h, &path).await, edited, "the server has the edit");
    let screen = h.screen();
    assert!(screen.contains(&format!("updated {full}")), "{screen}");
    assert!(screen.contains("echo edited-by-the-test"), "the detail shows the action as it is now: {screen}");
    assert!(scratch.left().is_empty(), "the recovery file goes once applied");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unchanged_file_sends_nothing() {
    let mut h = Harness::start().await;
    let scratch = Scratch::new("unchanged");
    let (path, _) = platform_action(&mut h).await;
    h.engine.set_editor(scratch.editor("editor.sh", "exit 0"));
    select(&mut h, &format!("{}/{}", path.group, path.name)).await;
    h.server.clear_requests();
    h.keys("E").await;
    assert!(h.model().dialog.is_none(), "{}", h.screen());
    assert!(h.screen().contains("no change to platform/"), "{}", h.screen());
    assert!(h.server.requests().iter().all(|r| r.method == "GET"), "{:?}", h.server.requests());
    assert!(scratch.left().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_yaml_is_refused_with_its_line_and_the_text_kept() {
    let mut h = Harness::start().await;
    let scratch = Scratch::new("invalid");
    let (path, _) = platform_action(&mut h).await;
    let broken = scratch.file("broken.yaml", "version: v1.0\nname: x\nsteps: [\n  - oops: : :\n");
    h.engine.set_editor(scratch.editor("editor.sh", &format!("cp {} \"$1\"", sh_quote(&broken))));
    select(&mut h, &format!("{}/{}", path.group, path.name)).await;
    h.server.clear_requests();
    h.keys("E").await;
    let screen = h.screen();
    assert!(screen.contains("Edit not applied") && screen.contains("not valid YAML"), "{screen}");
    assert!(screen.contains("line "), "the message has its line: {screen}");
    assert!(screen.contains("Reopen the editor on your text"), "{screen}");
    let left = scratch.left();
    assert_eq!(left.len(), 1);
    let kept = std::fs::read_to_string(&left[0]).unwrap_or_default();
    assert!(kept.contains("oops"), "the file holds the operator's text");
    let named =
        h.model().dialog.as_ref().is_some_and(|d| d.body.iter().any(|l| l.text.contains(&*left[0].to_string_lossy())));
    assert!(named, "the message names the recovery file");
    assert!(h.server.requests().iter().all(|r| r.method == "GET"), "nothing sent");

    // Reopened: the same text comes back in the editor, and is refused the same way.
    h.keys("1").await;
    assert!(matches!(h.model().dialog.as_ref().map(|d| &d.kind), Some(Kind::Picker(_))), "{}", h.screen());
    h.keys("2").await;
    assert!(scratch.left().is_empty(), "dropping deletes the file");
    assert!(h.server.requests().iter().all(|r| r.method == "GET"), "nothing sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_by_the_server_shows_its_words_and_offers_the_editor_again() {
    let mut h = Harness::start().await;
    let scratch = Scratch::new("refused");
    let (path, original) = platform_action(&mut h).await;
    let edited =
        with_step(&original, "echo x").replacen("- script:\n  - echo x\n", "- nosuchgroup/nosuchaction: {}\n", 1);
    let src = scratch.file("edited.yaml", &edited);
    h.engine.set_editor(scratch.editor("editor.sh", &format!("cp {} \"$1\"", sh_quote(&src))));
    select(&mut h, &format!("{}/{}", path.group, path.name)).await;
    h.keys("E").await;
    h.keys("y").await;
    assert_eq!(h.requests("POST", "/action/import").len(), 1);
    let screen = h.screen();
    assert!(screen.contains("Edit not applied") && screen.contains("does not exist"), "{screen}");
    assert!(screen.contains("Reopen the editor on your text"), "{screen}");
    assert_eq!(scratch.left().len(), 1, "the text is kept");
    assert_eq!(export(&h, &path).await, original, "nothing changed on the server");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_on_the_server_while_the_editor_is_open_is_not_overwritten() {
    let mut h = Harness::start().await;
    let scratch = Scratch::new("conflict");
    let (path, original) = platform_action(&mut h).await;
    let mine = with_step(&original, "echo mine");
    let src = scratch.file("mine.yaml", &mine);
    let gate = scratch.0.join("gate");
    let made = std::process::Command::new("mkfifo").arg(&gate).status().expect("mkfifo");
    assert!(made.success());
    let mark = scratch.0.join("opened-once");
    // The first time, the editor waits for the test to change the server, then saves the
    // operator's edit; the second time (re-edit on top of theirs) it saves what it was given.
    let body = format!(
        "if [ ! -e {mark} ]; then touch {mark}; read _ < {gate}; cp {src} \"$1\"; fi",
        mark = sh_quote(&mark),
        gate = sh_quote(&gate),
        src = sh_quote(&src)
    );
    h.engine.set_editor(scratch.editor("editor.sh", &body));
    let full = format!("{}/{}", path.group, path.name);
    select(&mut h, &full).await;

    h.press(KeyCode::Char('E'));
    h.step_until(|m| m.actions.edit.is_some()).await;
    let theirs = format!("{original}- script:\n  - echo theirs\n");
    cds_client(&h).import_action(ExportFormat::Yaml, theirs.clone()).await.expect("their import");
    let theirs = export(&h, &path).await;
    h.server.clear_requests();
    tokio::task::spawn_blocking(move || std::fs::write(&gate, "go\n")).await.expect("gate").expect("open gate");
    h.settle().await;

    assert!(h.screen().contains("Apply edit"), "{}", h.screen());
    h.keys("y").await;
    let screen = h.screen();
    assert!(screen.contains("changed on") && screen.contains("while you were editing"), "{screen}");
    assert!(screen.contains("Theirs") && screen.contains("echo theirs"), "{screen}");
    assert!(screen.contains("Yours") && screen.contains("echo mine"), "{screen}");
    assert!(h.requests("POST", "/action/import").is_empty(), "nothing overwritten");
    assert_eq!(export(&h, &path).await, theirs);

    // Re-edit on top of theirs: both changes, then the diff against theirs, then applied.
    h.keys("1").await;
    assert!(h.screen().contains("Apply edit"), "{}", h.screen());
    h.keys("y").await;
    let imports = h.requests("POST", "/action/import");
    assert_eq!(imports.len(), 1, "{:?}", h.server.requests());
    let body = String::from_utf8_lossy(&imports[0].body).into_owned();
    assert!(body.contains("echo mine") && body.contains("echo theirs"), "{body}");
    assert!(!body.contains("<<<<<<<"), "{body}");
    assert!(scratch.left().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zitadel_edit_puts_all_four_fields_back() {
    let mut h = Harness::start().await;
    let scratch = Scratch::new("zitadel");
    let org = h.server.zitadel_org_id().to_string();
    let (id, name, script, allowed) = h.server.with_zitadel(|s| {
        let a = s.actions().iter().find(|a| a.org == org).expect("an action");
        (a.id.clone(), a.name.clone(), a.script.clone(), a.allowed_to_fail)
    });
    h.engine.set_editor(scratch.editor("editor.sh", r#"sed -i 's|^// timeout: .*|// timeout: 7s|' "$1""#));
    h.keys("1/").await;
    h.keys(&format!("source:zitadel {name}")).await;
    h.key(KeyCode::Enter).await;
    h.server.clear_requests();
    h.keys("E").await;
    let screen = h.screen();
    assert!(screen.contains("+ // timeout: 7s") && screen.contains("PUT /management/v1/actions"), "{screen}");
    assert!(h.server.requests().iter().all(|r| r.method == "GET"), "{:?}", h.server.requests());
    h.keys("y").await;
    let puts = h.requests("PUT", "/management/v1/actions/");
    assert_eq!(puts.len(), 1, "{:?}", h.server.requests());
    assert_eq!(puts[0].path, format!("/zitadel/management/v1/actions/{id}"));
    let body: serde_json::Value = serde_json::from_slice(&puts[0].body).expect("json");
    let expected = serde_json::json!({"name": name, "script": script, "timeout": "7s", "allowedToFail": allowed});
    assert_eq!(body, expected);
    assert!(h.screen().contains(&format!("updated {name}")), "{}", h.screen());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn n_creates_an_action_from_the_template_in_a_group_the_caller_administers() {
    let mut h = Harness::start().await;
    let scratch = Scratch::new("new");
    h.engine.set_editor(scratch.editor("editor.sh", r#"sed -i 's/^name: my-action$/name: made-by-the-test/' "$1""#));
    h.keys("1").await;
    h.server.clear_requests();
    h.keys("n").await;
    if let Some(Kind::Picker(p)) = h.model().dialog.as_ref().map(|d| &d.kind) {
        let i = p.items.iter().position(|i| i.label == "platform").expect("platform offered");
        h.keys(&(i + 1).to_string()).await;
    }
    let screen = h.screen();
    assert!(screen.contains("Create action") && screen.contains("+ name: made-by-the-test"), "{screen}");
    assert!(h.requests("POST", "").is_empty(), "nothing sent before y");
    h.keys("y").await;
    let imports = h.requests("POST", "/action/import");
    assert_eq!(imports.len(), 1, "{:?}", h.server.requests());
    assert!(String::from_utf8_lossy(&imports[0].body).contains("name: made-by-the-test\ngroup: platform\n"));
    assert!(h.server.with_cds(|s| s.action("platform", "made-by-the-test").is_some()), "created");
    assert!(h.screen().contains("created platform/made-by-the-test"), "{}", h.screen());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heimdall_rows_cannot_be_edited_and_help_and_the_key_say_why() {
    let mut h = Harness::start().await;
    h.keys("1/").await;
    h.keys("source:heimdall").await;
    h.key(KeyCode::Enter).await;
    assert!(h.model().actions.list.selected().is_some(), "{}", h.screen());
    let hints = h.screen();
    assert!(!hints.lines().last().unwrap_or_default().contains("E edit"), "not in the hints: {hints}");
    h.server.clear_requests();
    h.keys("E").await;
    assert!(h.screen().contains("catalogue of permission verbs"), "{}", h.screen());
    assert!(h.server.requests().is_empty() && h.model().actions.edit.is_none());
    h.keys("?").await;
    let help = crate::app::help::document(h.model(), 160);
    let line = help.lines.iter().map(|l| l.text()).find(|t| t.contains("edit in $VISUAL")).unwrap_or_default();
    assert!(line.contains("not here:") && line.contains("read-only"), "{line}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zitadel_conflict_can_still_be_applied_on_purpose() {
    let mut h = Harness::start().await;
    let scratch = Scratch::new("zitadel-conflict");
    let org = h.server.zitadel_org_id().to_string();
    let (id, name, script, allowed) = h.server.with_zitadel(|s| {
        let a = s.actions().iter().find(|a| a.org == org).expect("an action");
        (a.id.clone(), a.name.clone(), a.script.clone(), a.allowed_to_fail)
    });
    let gate = scratch.0.join("gate");
    assert!(std::process::Command::new("mkfifo").arg(&gate).status().expect("mkfifo").success());
    let body = format!("read _ < {}; sed -i 's|^// timeout: .*|// timeout: 9s|' \"$1\"", sh_quote(&gate));
    h.engine.set_editor(scratch.editor("editor.sh", &body));
    h.keys("1/").await;
    h.keys(&format!("source:zitadel {name}")).await;
    h.key(KeyCode::Enter).await;

    h.press(KeyCode::Char('E'));
    h.step_until(|m| m.actions.edit.is_some()).await;
    let conn = crate::backends::demo(ServerKind::Zitadel, &h.server).expect("zitadel demo");
    let someone =
        crate::backends::zitadel::client::ZitadelClient::new(&conn.options, conn.org_id.clone()).expect("client");
    let theirs = format!("{script}\n// theirs");
    someone.update_action(&id, &name, &theirs, std::time::Duration::from_secs(3), allowed).await.expect("their PUT");
    h.server.clear_requests();
    tokio::task::spawn_blocking(move || std::fs::write(&gate, "go\n")).await.expect("gate").expect("open gate");
    h.settle().await;
    h.keys("y").await;
    let screen = h.screen();
    assert!(screen.contains("while you were editing") && screen.contains("// theirs"), "{screen}");
    assert!(h.requests("PUT", "/actions/").is_empty(), "nothing overwritten yet");

    h.keys("2").await;
    let puts = h.requests("PUT", "/management/v1/actions/");
    assert_eq!(puts.len(), 1, "{:?}", h.server.requests());
    let sent: serde_json::Value = serde_json::from_slice(&puts[0].body).expect("json");
    let expected = serde_json::json!({"name": name, "script": script, "timeout": "9s", "allowedToFail": allowed});
    assert_eq!(sent, expected, "mine, as edited, replaces theirs");
    assert!(scratch.left().is_empty());
}
