//! The scripting CLI, as a script runs it: the real binary, standard input not a terminal,
//! against the demo server started here (frozen clock, fixed seed) so that outputs are
//! snapshots and every request the binary sent can be asserted byte for byte.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use opsy_demo::{DemoOptions, DemoServer, RecordedRequest};

/// One demo server and a scratch HOME for one test.
struct Demo {
    server: DemoServer,
    rt: tokio::runtime::Runtime,
    home: PathBuf,
}

/// What one run of the binary gave.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Demo {
    fn start(tag: &str) -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
        let now = "2026-06-01T12:00:00Z".parse().expect("timestamp");
        let options = DemoOptions { size: 12, now: Some(now), ..DemoOptions::default() };
        let server = rt.block_on(DemoServer::start(options, 0)).expect("demo server");
        let home = std::env::temp_dir().join(format!("opsy-cli-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home).expect("scratch home");
        Self { server, rt, home }
    }

    /// The binary with the four demo servers in its environment and nothing of the developer's.
    fn command(&self, args: &[&str]) -> Command {
        let s = &self.server;
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_opsy"));
        cmd.args(args)
            .current_dir(&self.home)
            .env_clear()
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .env("XDG_STATE_HOME", self.home.join("state"))
            .env("OPSY_WALDUR_URL", s.waldur_url())
            .env("OPSY_WALDUR_TOKEN", s.waldur_token())
            .env("OPSY_CDS_URL", s.cds_url())
            .env("OPSY_CDS_TOKEN", s.cds_token())
            .env("OPSY_HEIMDALL_URL", s.heimdall_url())
            .env("OPSY_HEIMDALL_TOKEN", s.heimdall_token())
            .env("OPSY_ZITADEL_URL", s.zitadel_url())
            .env("OPSY_ZITADEL_TOKEN", s.zitadel_token())
            .env("OPSY_ZITADEL_ORG_ID", s.zitadel_org_id())
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_command(self.command(args))
    }

    fn run_command(&self, mut cmd: Command) -> Run {
        let out = cmd.output().expect("run opsy");
        let port = format!(":{}", self.server.addr().port());
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).replace(&port, ":PORT"),
            stderr: String::from_utf8_lossy(&out.stderr).replace(&port, ":PORT"),
        }
    }

    /// Every request that is not a read, in order.
    fn changes(&self) -> Vec<RecordedRequest> {
        self.server.requests().into_iter().filter(|r| r.method != "GET").collect()
    }

    fn user_action_uuids(&self, n: usize) -> Vec<String> {
        let run = self.run(&["get", "user-actions", "-o", "json"]);
        let rows: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
        rows.as_array().expect("array").iter().take(n).map(|r| r["uuid"].as_str().expect("uuid").to_string()).collect()
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.home.join(name);
        std::fs::write(&path, text).expect("write");
        path
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.home);
        let _ = &self.rt;
    }
}

fn simple(uuid: &str) -> String {
    uuid.replace('-', "")
}

#[test]
fn get_user_actions_in_every_output_format() {
    let demo = Demo::start("formats");
    for format in ["table", "wide", "json", "yaml"] {
        let run = demo.run(&["get", "user-actions", "-o", format]);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "-o {format}");
        insta::assert_snapshot!(format!("user_actions_{format}"), run.stdout);
    }
    // Only reads were sent, each with the query the console sends.
    assert!(demo.changes().is_empty());
}

#[test]
fn user_actions_come_in_true_severity_order_with_the_filters_sent_to_the_server() {
    let demo = Demo::start("order");
    let run = demo.run(&["get", "user-actions", "-o", "json", "--include-silenced"]);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let rank = |u: &str| match u {
        "high" => 0,
        "medium" => 1,
        "low" => 2,
        _ => 3,
    };
    let ranks: Vec<i32> =
        rows.as_array().expect("array").iter().map(|r| rank(r["urgency"].as_str().unwrap_or(""))).collect();
    assert!(ranks.len() > 3 && ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");

    demo.server.clear_requests();
    let run = demo.run(&["get", "user-actions", "--urgency", "high", "--type", "pending_order", "--overdue"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list = demo.server.requests().into_iter().find(|r| r.path.ends_with("/user-actions/")).expect("list request");
    let pairs = list.query_pairs();
    for (k, v) in [("urgency", "high"), ("action_type", "pending_order"), ("overdue", "true")] {
        assert!(pairs.contains(&(k.to_string(), v.to_string())), "{k}={v} in {pairs:?}");
    }
}

#[test]
fn get_actions_groups_and_audits_as_tables_and_json() {
    let demo = Demo::start("reads");
    let run = demo.run(&["get", "actions", "--source", "cds"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("actions_cds_table", run.stdout);

    let all = demo.run(&["get", "actions", "-o", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&all.stdout).expect("json");
    let sources: std::collections::BTreeSet<&str> =
        rows.as_array().expect("array").iter().filter_map(|r| r["source"].as_str()).collect();
    assert_eq!(sources.into_iter().collect::<Vec<_>>(), ["cds", "heimdall", "zitadel"]);

    let audits = demo.run(&["get", "audits", "data-eng/dbt-run", "-o", "yaml"]);
    assert_eq!(audits.code, 0, "{}", audits.stderr);
    insta::assert_snapshot!("audits_yaml", audits.stdout);

    let group = demo.run(&["get", "group", "cds/data-eng"]);
    assert_eq!(group.code, 0, "{}", group.stderr);
    insta::assert_snapshot!("group_data_eng", group.stdout);

    let detail = demo.run(&["get", "action", "cds/data-eng/dbt-run", "-o", "json"]);
    let record: serde_json::Value = serde_json::from_str(&detail.stdout).expect("json");
    assert_eq!(record["id"], "data-eng/dbt-run");
    assert!(record["detail"].as_array().is_some_and(|l| !l.is_empty()), "{record}");
}

#[test]
fn exit_codes_are_the_documented_ones() {
    let demo = Demo::start("codes");
    let not_found = demo.run(&["get", "audits", "data-eng/no-such-action"]);
    assert_eq!(not_found.code, 4, "{not_found:?}");
    assert!(not_found.stderr.contains("no action \"data-eng/no-such-action\""), "{}", not_found.stderr);

    let usage = demo.run(&["get", "action", "nowhere"]);
    assert_eq!(usage.code, 2, "{usage:?}");
    let unknown_flag = demo.run(&["get", "user-actions", "--urgncy", "high"]);
    assert_eq!(unknown_flag.code, 2, "{unknown_flag:?}");

    let mut cmd = demo.command(&["get", "user-actions"]);
    cmd.env("OPSY_WALDUR_URL", "http://127.0.0.1:1/api/");
    let down = demo.run_command(cmd);
    assert_eq!(down.code, 1, "{down:?}");

    let missing = demo.run(&["--profile", "nope", "get", "groups"]);
    assert_eq!(missing.code, 2, "{missing:?}");
    assert!(missing.stderr.contains("unknown profile"), "{}", missing.stderr);

    let only_waldur = demo.write("waldur.toml", "[profiles.w.waldur]\nurl = \"http://127.0.0.1:1/api/\"\n");
    let mut cmd = demo.command(&["--config", only_waldur.to_str().expect("path"), "get", "groups"]);
    cmd.env_remove("OPSY_CDS_URL").env_remove("OPSY_ZITADEL_URL").env_remove("OPSY_HEIMDALL_URL");
    let no_server = demo.run_command(cmd);
    assert_eq!(no_server.code, 2, "{no_server:?}");
    assert!(no_server.stderr.contains("add [profiles.w.cds] or [profiles.w.zitadel]"), "{}", no_server.stderr);

    let gone = demo.run(&["unsilence", "--yes", "00000000-0000-4000-8000-000000000001"]);
    assert_eq!(gone.code, 4, "{gone:?}");
    assert!(gone.stderr.starts_with("00000000-0000-4000-8000-000000000001: failed:"), "{}", gone.stderr);
}

#[test]
fn silence_sends_one_request_per_distinct_target_and_reports_each() {
    let demo = Demo::start("silence");
    let uuids = demo.user_action_uuids(2);
    demo.server.clear_requests();
    let run = demo.run(&["silence", "--days", "7", "--yes", &uuids[0], &uuids[1], &uuids[0]]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, format!("{}: silenced for 7 days\n{}: silenced for 7 days\n", uuids[0], uuids[1]));
    let sent = demo.changes();
    let paths: Vec<&str> = sent.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            format!("/api/user-actions/{}/silence/", simple(&uuids[0])),
            format!("/api/user-actions/{}/silence/", simple(&uuids[1]))
        ]
    );
    for r in &sent {
        assert_eq!(r.method, "POST");
        assert_eq!(r.json(), Some(serde_json::json!({"duration_days": 7})), "{r:?}");
    }
}

#[test]
fn without_yes_and_without_a_terminal_nothing_is_sent() {
    let demo = Demo::start("noyes");
    let uuids = demo.user_action_uuids(1);
    demo.server.clear_requests();
    for args in [
        vec!["silence", uuids[0].as_str()],
        vec!["bulk-silence", "--urgency", "low"],
        vec!["members", "add", "data-eng", "lrossi"],
        vec!["rollback", "data-eng/dbt-run", "1213"],
    ] {
        let run = demo.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.contains("pass --yes"), "{args:?}: {}", run.stderr);
    }
    assert!(demo.changes().is_empty(), "{:?}", demo.changes());
}

#[test]
fn read_only_refuses_every_change_with_exit_3_before_any_request() {
    let demo = Demo::start("readonly");
    let uuid = "00000000-0000-4000-8000-000000000002";
    demo.server.clear_requests();
    let flag = demo.run(&["--read-only", "silence", "--yes", uuid]);
    assert_eq!(flag.code, 3, "{flag:?}");
    assert!(flag.stderr.contains("read-only"), "{}", flag.stderr);

    let config = demo.write("config.toml", "[profiles.prod]\nread_only = true\n[profiles.prod.waldur]\nurl = \"http://127.0.0.1:1/api/\"\n[profiles.prod.cds]\nurl = \"http://127.0.0.1:1/\"\n");
    for args in [
        vec!["unsilence", "--yes", uuid],
        vec!["members", "remove", "--yes", "data-eng", "dkowalski"],
        vec!["import", "--yes", "action.yml"],
    ] {
        let mut full = vec!["--config", config.to_str().expect("utf-8 path")];
        full.extend(args.iter());
        let run = demo.run(&full);
        assert_eq!(run.code, 3, "{args:?}: {run:?}");
    }
    assert!(demo.changes().is_empty(), "{:?}", demo.changes());
    let check = demo.run(&["--config", config.to_str().expect("utf-8 path"), "config", "check"]);
    assert!(check.stdout.contains("profile:     prod (defined: prod), read-only"), "{}", check.stdout);
}

#[test]
fn members_add_and_remove_name_exactly_the_users_given() {
    let demo = Demo::start("members");
    demo.server.clear_requests();
    let add = demo.run(&["members", "add", "--yes", "data-eng", "lrossi", "efischer", "nobody-at-all"]);
    assert_eq!(add.code, 4, "{add:?}");
    assert!(add.stdout.contains("efischer: already a member of data-eng: nothing sent"), "{}", add.stdout);
    assert!(add.stdout.contains("lrossi: added to data-eng"), "{}", add.stdout);
    assert!(add.stderr.contains("nobody-at-all: failed: unknown user"), "{}", add.stderr);
    let sent: Vec<(String, Option<serde_json::Value>)> =
        demo.changes().iter().map(|r| (format!("{} {}", r.method, r.path), r.json())).collect();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(sent.iter().all(|(line, _)| line == "POST /cdsapi/group/data-eng/user"), "{sent:?}");

    demo.server.clear_requests();
    let remove = demo.run(&["members", "remove", "--yes", "data-eng", "dkowalski"]);
    assert_eq!(remove.code, 0, "{remove:?}");
    let sent: Vec<String> = demo.changes().iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    assert_eq!(sent, ["DELETE /cdsapi/group/data-eng/user/dkowalski"]);
}

#[test]
fn export_prints_the_servers_document_and_import_reads_it_back() {
    let demo = Demo::start("export");
    let yaml = demo.run(&["export", "data-eng/dbt-run"]);
    assert_eq!(yaml.code, 0, "{yaml:?}");
    assert!(yaml.stdout.starts_with("version: v1.0\nname: dbt-run\ngroup: data-eng\n"), "{}", yaml.stdout);
    let json = demo.run(&["export", "data-eng/dbt-run", "-f", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("json export");
    assert_eq!(doc["name"], "dbt-run");

    let file = demo.write("dbt-run.yml", &yaml.stdout.replace("dbt-run", "dbt-run-copy"));
    demo.server.clear_requests();
    let import = demo.run(&["import", "--yes", file.to_str().expect("utf-8 path")]);
    assert_eq!((import.code, import.stdout.as_str()), (0, "data-eng/dbt-run-copy: created\n"), "{import:?}");
    let sent = demo.changes();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].header("content-type"), Some("application/x-yaml"));
}

#[test]
fn rollback_refuses_a_creation_and_reverts_an_update_once() {
    let demo = Demo::start("rollback");
    demo.server.clear_requests();
    let creation = demo.run(&["rollback", "--yes", "data-eng/dbt-run", "1212"]);
    assert_eq!(creation.code, 2, "{creation:?}");
    let unknown = demo.run(&["rollback", "--yes", "data-eng/dbt-run", "99"]);
    assert_eq!(unknown.code, 4, "{unknown:?}");
    assert!(demo.changes().is_empty());
    let update = demo.run(&["rollback", "--yes", "data-eng/dbt-run", "1213"]);
    assert_eq!(update.code, 0, "{update:?}");
    let sent: Vec<String> = demo.changes().iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    assert_eq!(sent, ["POST /cdsapi/action/data-eng/dbt-run/audit/1213/rollback"]);
}

#[test]
fn help_completions_man_and_config_commands_work_without_a_server() {
    let demo = Demo::start("install");
    let help = demo.run(&["--help"]);
    assert_eq!(help.code, 0);
    for var in ["OPSY_CONFIG", "OPSY_WALDUR_TOKEN", "OPSY_LOG", "NO_COLOR", "Exit codes"] {
        assert!(help.stdout.contains(var), "{var} in --help");
    }
    let config = demo.write("profiles.toml", "default_profile = \"prod\"\n[profiles.prod.waldur]\nurl = \"https://w.example/api/\"\n[profiles.staging.waldur]\nurl = \"https://s.example/api/\"\n");
    let bash = demo.run(&["--config", config.to_str().expect("path"), "completions", "bash"]);
    assert_eq!(bash.code, 0, "{bash:?}");
    assert!(bash.stdout.contains("prod staging"), "profile names in the completions");
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let run = demo.run(&["completions", shell]);
        assert!(run.code == 0 && run.stdout.contains("bulk-silence"), "{shell}: {run:?}");
    }
    let man = demo.run(&["man"]);
    assert!(man.code == 0 && man.stdout.contains(".TH opsy"), "{man:?}");
    let default = demo.run(&["config", "default"]);
    assert!(default.stdout.contains("[polling]") && default.stdout.contains("interval_secs = 10"));
    let path = demo.run(&["config", "path"]);
    let expected = Path::new(&demo.home).join("config").join("opsy").join("config.toml");
    assert!(path.stdout.contains(&format!("this one: {}", expected.display())), "{}", path.stdout);
    assert!(demo.server.requests().is_empty(), "no request for any of these");
}
