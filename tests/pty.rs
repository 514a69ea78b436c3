//! The real binary in a pseudo-terminal (portable-pty + vt100): it starts on the demo, shows
//! data, quits on `q` with the terminal restored, exits on a hang-up or SIGTERM, and a broken
//! config gives a clear message and exit code 2. Waits on screen contents, never on sleeps.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const DEADLINE: Duration = Duration::from_secs(60);

struct Session {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    output: Receiver<Vec<u8>>,
    reader: std::thread::JoinHandle<()>,
    parser: vt100::Parser,
    raw: Vec<u8>,
    _home: TempDir,
}

/// A scratch directory used as HOME and XDG dirs, so a developer's own config never leaks in.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("opsy-pty-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Session {
    fn start(tag: &str, args: &[&str], setup: impl FnOnce(&std::path::Path)) -> Self {
        Self::spawn(env!("CARGO_BIN_EXE_opsy"), "xterm-256color", tag, args, &[], setup)
    }

    /// Like [`Self::start`], with more environment variables.
    fn start_env(tag: &str, args: &[&str], env: &[(&str, String)], setup: impl FnOnce(&std::path::Path)) -> Self {
        Self::spawn(env!("CARGO_BIN_EXE_opsy"), "xterm-256color", tag, args, env, setup)
    }

    /// Like [`Self::start`], with another `TERM`.
    fn start_on(term: &str, tag: &str, args: &[&str], setup: impl FnOnce(&std::path::Path)) -> Self {
        Self::spawn(env!("CARGO_BIN_EXE_opsy"), term, tag, args, &[], setup)
    }

    /// An interactive shell with job control, as an operator has: `PS1` is `opsy-test$ `.
    #[cfg(unix)]
    fn shell(tag: &str) -> Self {
        let mut s = Self::spawn("bash", "xterm-256color", tag, &["--norc", "--noprofile", "-i"], &[], |_| {});
        s.wait_for("the shell's prompt", |screen| screen.contains("opsy-test$"));
        s
    }

    fn spawn(
        program: &str,
        term: &str,
        tag: &str,
        args: &[&str],
        env: &[(&str, String)],
        setup: impl FnOnce(&std::path::Path),
    ) -> Self {
        let home = TempDir::new(tag);
        setup(&home.0);
        let pair = native_pty_system()
            .openpty(PtySize { rows: 30, cols: 100, pixel_width: 0, pixel_height: 0 })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(&home.0);
        cmd.env("HOME", &home.0);
        cmd.env("XDG_CONFIG_HOME", home.0.join("config"));
        cmd.env("XDG_STATE_HOME", home.0.join("state"));
        cmd.env("TERM", term);
        cmd.env("PS1", "opsy-test$ ");
        cmd.env_remove("VISUAL");
        for (k, v) in env {
            cmd.env(k, v);
        }
        for var in ["OPSY_CONFIG", "OPSY_WALDUR_URL", "OPSY_WALDUR_TOKEN", "OPSY_CDS_URL", "OPSY_CDS_TOKEN", "NO_COLOR"]
        {
            cmd.env_remove(var);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn opsy");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let (tx, output) = channel();
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        let (rows, cols) = (NonZeroU16::new(30).expect("rows"), NonZeroU16::new(100).expect("cols"));
        let parser = vt100::Parser::new(rows, cols, 0);
        Self { master: pair.master, writer, child, output, reader, parser, raw: Vec::new(), _home: home }
    }

    fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.output.recv_timeout(wait) {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
        while let Ok(bytes) = self.output.try_recv() {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    fn wait_for(&mut self, what: &str, ok: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !ok(&self.screen()) {
            assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}; screen:\n{}", self.screen());
            self.pump(Duration::from_millis(100));
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            self.pump(Duration::from_millis(50));
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                self.pump(Duration::from_millis(50));
                return status;
            }
            assert!(start.elapsed() < DEADLINE, "opsy did not exit; screen:\n{}", self.screen());
        }
    }
}

fn contains(raw: &[u8], needle: &[u8]) -> bool {
    raw.windows(needle.len()).any(|w| w == needle)
}

/// The demo opens on the Actions pane with CDS actions listed.
fn rows_shown(screen: &str) -> bool {
    screen.contains("actions · by name") && screen.contains("ACTION") && screen.contains("ago")
}

fn user_actions_shown(screen: &str) -> bool {
    screen.contains("actions · high") && (screen.contains("HIGH") || screen.contains("MED"))
}

#[test]
fn demo_shows_rows_and_quits_on_q_with_the_terminal_restored() {
    let mut s = Session::start("quit", &["--demo"], |_| {});
    s.wait_for("user actions from the demo server", rows_shown);
    assert!(s.parser.screen().alternate_screen(), "runs on the alternate screen");
    assert!(s.parser.screen().hide_cursor(), "cursor hidden while running");
    s.send(b"q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert!(!s.parser.screen().alternate_screen(), "alternate screen left");
    assert!(!s.parser.screen().hide_cursor(), "cursor shown again");
    assert!(contains(&s.raw, b"\x1b[?2004l"), "bracketed paste turned off");
    assert!(contains(&s.raw, b"\x1b[?2026h"), "frames use synchronized output");
}

#[test]
fn the_pane_keys_reach_the_app() {
    let mut s = Session::start("keys", &["--demo"], |_| {});
    s.wait_for("rows", rows_shown);
    s.send(b"?");
    s.wait_for("the help overlay", |sc| sc.contains("Rebind any key"));
    s.send(b"\x1b");
    s.wait_for("help closed", |sc| !sc.contains("Rebind any key"));
    s.send(b"4");
    s.wait_for("the User Actions pane", user_actions_shown);
    s.send(b"x");
    s.wait_for("the corrective action picker", |sc| sc.contains("Execute a corrective action"));
    s.send(b"\x1b");
    s.wait_for("picker closed", |sc| !sc.contains("Execute a corrective action"));
    s.send(b"2");
    s.wait_for("the Groups pane", |sc| sc.contains("shared.infra") && sc.contains("MEMBERS"));
    s.send(b"q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_hangup_ends_the_process_and_restores_the_terminal() {
    let mut s = Session::start("hup", &["--demo"], |_| {});
    s.wait_for("rows", rows_shown);
    // Closing the master side is what a dropped SSH connection does to the pty. Every copy of
    // it must go, including the reader thread's: drop its channel, make the app draw once so
    // its blocked read returns, and let it finish.
    let Session { master, mut writer, mut child, output, reader, .. } = s;
    drop(output);
    writer.write_all(b"j").expect("a key");
    writer.flush().expect("flush");
    reader.join().expect("reader thread");
    drop(writer);
    drop(master);
    let start = Instant::now();
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            break;
        }
        assert!(start.elapsed() < DEADLINE, "opsy kept running after the terminal went away");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(unix)]
#[test]
fn sigterm_exits_cleanly() {
    let mut s = Session::start("term", &["--demo"], |_| {});
    s.wait_for("rows", rows_shown);
    let pid = s.child.process_id().expect("pid");
    let status = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().expect("kill");
    assert!(status.success());
    let exit = s.wait_exit();
    assert_eq!(exit.exit_code(), 143, "128 + SIGTERM, as shells expect");
    assert!(!s.parser.screen().alternate_screen(), "alternate screen left after SIGTERM");
    assert!(!s.parser.screen().hide_cursor());
}

#[cfg(unix)]
#[test]
fn sighup_exits_129_with_the_terminal_restored() {
    let mut s = Session::start("sighup", &["--demo"], |_| {});
    s.wait_for("rows", rows_shown);
    let pid = s.child.process_id().expect("pid");
    let status = std::process::Command::new("kill").args(["-HUP", &pid.to_string()]).status().expect("kill");
    assert!(status.success());
    let exit = s.wait_exit();
    assert_eq!(exit.exit_code(), 129, "128 + SIGHUP, as shells expect");
    assert!(!s.parser.screen().alternate_screen(), "alternate screen left after SIGHUP");
}

#[test]
fn an_unknown_config_key_exits_2_with_a_clear_message() {
    let mut s = Session::start("badcfg", &["--config", "bad.toml"], |dir| {
        std::fs::write(dir.join("bad.toml"), "[polling]\nintervl_secs = 5\n").expect("write config");
    });
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 2, "screen:\n{}", s.screen());
    let text = s.screen();
    assert!(text.contains("bad.toml:2"), "{text}");
    assert!(text.contains("unknown key \"intervl_secs\""), "{text}");
    assert!(text.contains("interval_secs"), "suggests the right key: {text}");
    assert!(!contains(&s.raw, b"\x1b[?1049h"), "never entered full-screen mode");
}

/// Ctrl-Z under a job-control shell: the console leaves the alternate screen and shows the
/// cursor, the shell says it stopped, and `fg` brings it back fully drawn and taking keys.
#[cfg(unix)]
#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_redraws() {
    let mut s = Session::shell("suspend");
    s.send(format!("{} --demo\r", env!("CARGO_BIN_EXE_opsy")).as_bytes());
    s.wait_for("rows", rows_shown);
    assert!(s.parser.screen().alternate_screen());
    let before = s.raw.len();
    s.send(b"\x1a");
    s.wait_for("the shell saying the job stopped", |screen| screen.contains("Stopped"));
    assert!(!s.parser.screen().alternate_screen(), "the main screen is back");
    assert!(!s.parser.screen().hide_cursor(), "the cursor is shown to the shell");
    assert!(!rows_shown(&s.screen()), "the console is not drawn over the shell");
    let handed_back = &s.raw[before..];
    assert!(contains(handed_back, b"\x1b[?2004l"), "bracketed paste off before stopping");
    assert!(contains(handed_back, b"\x1b[?1049l"), "alternate screen left before stopping");

    let stopped_at = s.raw.len();
    s.send(b"fg\r");
    let start = Instant::now();
    while !(s.parser.screen().alternate_screen() && s.parser.screen().hide_cursor() && rows_shown(&s.screen())) {
        assert!(start.elapsed() < DEADLINE, "not drawn again after fg; screen:\n{}", s.screen());
        s.pump(Duration::from_millis(100));
    }
    // The screen was cleared on the way back, so the rows on it are a new frame.
    let back = String::from_utf8_lossy(&s.raw[stopped_at..]).into_owned();
    let cleared = back.find("\x1b[2J").expect("the screen is cleared after fg");
    assert!(back[cleared..].contains("ACTION"), "the whole frame is drawn after the clear");
    s.send(b"4");
    s.wait_for("keys reach the console after fg", user_actions_shown);
    s.send(b"q");
    s.wait_for("the shell's prompt after quitting", |screen| {
        // The command line, `fg`, and the prompt that comes back when opsy exits.
        screen.lines().filter(|l| l.starts_with("opsy-test$")).count() >= 3 && !rows_shown(screen)
    });
    s.send(b"exit\r");
    s.wait_exit();
}

/// The `:` history of an earlier session comes back with Up, and what is run now is written
/// to the state directory for the next one.
#[test]
fn the_command_history_survives_the_session() {
    let mut s = Session::start("history", &["--demo"], |dir| {
        std::fs::create_dir_all(dir.join("state/opsy")).expect("state dir");
        std::fs::write(dir.join("state/opsy/history"), "refresh\nsilenced on\n").expect("history");
    });
    s.wait_for("rows", rows_shown);
    s.send(b":");
    s.send(b"\x1b[A");
    s.wait_for("the newest command of the last session", |screen| screen.contains(":silenced on"));
    s.send(b"\x15freeze\r");
    s.wait_for("the command run", |screen| screen.contains("FROZEN"));
    s.send(b"q");
    assert!(s.wait_exit().success());
    let saved = std::fs::read_to_string(s._home.0.join("state/opsy/history")).expect("history written");
    assert_eq!(saved, "refresh\nsilenced on\nfreeze\n");
}

/// A `dumb` terminal cannot draw the console: a sentence pointing to the CLI, exit 1, and not
/// one escape sequence; the CLI itself still runs there.
#[test]
fn term_dumb_refuses_the_console_and_points_to_the_cli() {
    let mut s = Session::start_on("dumb", "dumb", &["--demo"], |_| {});
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 1, "screen:\n{}", s.screen());
    let text = s.screen();
    assert!(text.contains("TERM=dumb") && text.contains("opsy get"), "{text}");
    assert!(!contains(&s.raw, b"\x1b[?1049h"), "never entered full-screen mode");
    assert!(!contains(&s.raw, b"\x1b["), "no escape sequence at all on a dumb terminal");

    let mut s = Session::start_on("dumb-cli", "dumb", &["config", "default"], |_| {});
    assert_eq!(s.wait_exit().exit_code(), 0, "the CLI still works: {}", s.screen());
    assert!(String::from_utf8_lossy(&s.raw).contains("[polling]"), "{}", s.screen());
}

#[test]
fn a_missing_token_starts_anyway_and_says_why_in_that_servers_pane() {
    let mut s = Session::start("notoken", &[], |dir| {
        let cfg = "[profiles.p.waldur]\nurl = \"https://waldur.example.invalid/api/\"\ntoken_env = \"OPSY_TEST_UNSET_TOKEN\"\n";
        std::fs::create_dir_all(dir.join("config/opsy")).expect("config dir");
        std::fs::write(dir.join("config/opsy/config.toml"), cfg).expect("write config");
    });
    // The only server's pane is the one on screen; it names the variable that is not set.
    s.wait_for("the reason in the pane", |screen| screen.contains("OPSY_TEST_UNSET_TOKEN"));
    assert!(s.screen().contains("✗ Waldur"), "{}", s.screen());
    s.send(b"q");
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 0);
}

/// A profile with `read_only = true` starts read-only: the badge is on the first screen.
#[test]
fn a_read_only_profile_starts_with_the_read_only_badge() {
    let mut s = Session::start("ro-profile", &[], |dir| {
        let cfg = "[profiles.prod]\nread_only = true\n[profiles.prod.waldur]\nurl = \"https://waldur.example.invalid/api/\"\ntoken_env = \"OPSY_TEST_UNSET_TOKEN\"\n";
        std::fs::create_dir_all(dir.join("config/opsy")).expect("config dir");
        std::fs::write(dir.join("config/opsy/config.toml"), cfg).expect("write config");
    });
    s.wait_for("the read-only badge", |screen| screen.contains("READ-ONLY") && screen.contains("opsy · prod"));
    s.send(b"q");
    assert_eq!(s.wait_exit().exit_code(), 0);
}

/// Issue 9.15: the warning about a readable file holding a token printed before the console
/// took the screen, so it was seen only after quitting. It is on the first screen now.
#[cfg(unix)]
#[test]
fn a_config_warning_is_shown_inside_the_console() {
    use std::os::unix::fs::PermissionsExt;
    let mut s = Session::start("warn", &[], |dir| {
        let cfg = "[profiles.p.waldur]\nurl = \"https://waldur.example.invalid/api/\"\ntoken = \"inline-secret\"\n";
        std::fs::create_dir_all(dir.join("config/opsy")).expect("config dir");
        let file = dir.join("config/opsy/config.toml");
        std::fs::write(&file, cfg).expect("write config");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    });
    s.wait_for("the warning in the console", |screen| screen.contains("Configuration warning"));
    assert!(s.screen().contains("chmod 600"), "{}", s.screen());
    assert!(!s.screen().contains("inline-secret"), "the token itself is never shown");
    s.send(b"\r");
    s.wait_for("the notice closed", |screen| !screen.contains("Configuration warning"));
    s.send(b"q");
    assert_eq!(s.wait_exit().exit_code(), 0);
}

/// `opsy login cds` asks for the password on the terminal without echoing it, logs in, and
/// leaves the terminal as it found it (echo back on).
#[cfg(unix)]
#[test]
fn login_asks_for_the_password_without_echo() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
    let server = rt.block_on(opsy_demo::DemoServer::start(Default::default(), 0)).expect("demo server");
    let url = server.cds_url();
    let mut s = Session::start("login", &["--config", "c.toml", "login", "cds", "--user", "jdoe"], |dir| {
        let cfg = format!("[profiles.p.cds]\nurl = \"{url}\"\ntoken_env = \"OPSY_TEST_CDS_TOKEN\"\n");
        std::fs::write(dir.join("c.toml"), cfg).expect("write config");
    });
    s.wait_for("the password prompt", |screen| screen.contains("password for jdoe"));
    // The prompt is written just before echo goes off: type only once it is off, as a person
    // (who cannot type within microseconds of the prompt) would.
    let start = Instant::now();
    while s.master.get_termios().is_some_and(|t| t.local_flags.contains(nix::sys::termios::LocalFlags::ECHO)) {
        assert!(start.elapsed() < DEADLINE, "echo never went off");
        std::thread::sleep(Duration::from_millis(5));
    }
    s.send(b"demo\r");
    let status = s.wait_exit();
    let screen = s.screen();
    assert_eq!(status.exit_code(), 0, "{screen}");
    let prompt = screen.lines().find(|l| l.contains("password for jdoe")).unwrap_or_default();
    assert!(prompt.trim_end().ends_with(':'), "the password was echoed: {prompt:?}");
    assert!(screen.contains("export OPSY_TEST_CDS_TOKEN='"), "{screen}");
    drop(server);
}

/// A change run on a terminal without `--yes` asks there: `n` sends nothing, `y` sends the one
/// request.
#[cfg(unix)]
#[test]
fn a_change_asks_on_the_terminal_and_n_sends_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
    let server = rt.block_on(opsy_demo::DemoServer::start(Default::default(), 0)).expect("demo server");
    let cfg =
        format!("[profiles.p.waldur]\nurl = \"{}\"\ntoken = \"{}\"\n", server.waldur_url(), server.waldur_token());
    let uuid = "00000000-0000-4000-8000-00000000abcd";
    let setup = |dir: &std::path::Path| {
        std::fs::write(dir.join("c.toml"), &cfg).expect("write config");
        std::fs::set_permissions(dir.join("c.toml"), std::fs::Permissions::from_mode(0o600)).expect("chmod");
    };
    let posts = || server.requests().into_iter().filter(|r| r.method == "POST").count();

    let mut s = Session::start("ask-no", &["--config", "c.toml", "silence", uuid], setup);
    s.wait_for("the question", |screen| screen.contains("[y/N]"));
    assert!(s.screen().contains("silence 1 user action until unsilenced on 127.0.0.1"), "{}", s.screen());
    s.send(b"n\r");
    assert_eq!(s.wait_exit().exit_code(), 2, "{}", s.screen());
    assert_eq!(posts(), 0, "nothing sent after n");

    let mut s = Session::start("ask-yes", &["--config", "c.toml", "silence", uuid], setup);
    s.wait_for("the question", |screen| screen.contains("[y/N]"));
    s.send(b"y\r");
    // The demo has no such user action: the one request is answered 404, exit 4.
    assert_eq!(s.wait_exit().exit_code(), 4, "{}", s.screen());
    let sent: Vec<String> = server.requests().into_iter().filter(|r| r.method == "POST").map(|r| r.path).collect();
    assert_eq!(sent, [format!("/api/user-actions/{}/silence/", uuid.replace('-', ""))]);
}

/// `E` hands the terminal to `$EDITOR`: opsy leaves the alternate screen and raw mode, the
/// editor gets every key typed (a `read` would hang if opsy's event reader took them), and
/// opsy comes back on the alternate screen, redrawn.
#[cfg(unix)]
#[test]
fn the_editor_gets_the_terminal_and_opsy_comes_back_redrawn() {
    let editor = std::env::temp_dir().join(format!("opsy-pty-editor-{}.sh", std::process::id()));
    // The editor also prints its nice value and scheduling policy (fields 19 and 41 of
    // /proc/PID/stat): opsy's runtime threads run at idle priority, and the editor must not
    // inherit it.
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'EDITOR-RUNNING on %s sched %s\\n' \"$(basename \"$1\")\" \"$(cut -d' ' -f19,41 /proc/$$/stat 2>/dev/null | tr ' ' /)\"\nread answer\nprintf 'GOT-%s\\n' \"$answer\"\nread again\n",
    )
    .expect("editor script");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let env = [("EDITOR", editor.to_string_lossy().into_owned())];
    let mut s = Session::start_env("edit", &["--demo"], &env, |_| {});
    s.wait_for("rows", rows_shown);
    s.send(b"/platform/k8s-deploy\r");
    s.wait_for("the filtered row", |sc| sc.contains("1 of"));
    s.send(b"E");
    s.wait_for("the editor", |sc| sc.contains("EDITOR-RUNNING on platform-k8s-deploy"));
    #[cfg(target_os = "linux")]
    {
        let stat = std::fs::read_to_string("/proc/self/stat").expect("own stat");
        let fields: Vec<&str> = stat[stat.rfind(')').expect("comm") + 2..].split(' ').collect();
        // Fields 19 and 41 of the whole line are 17 and 39 after the name.
        let ours = format!("sched {}/{}", fields[16], fields[38]);
        assert!(
            s.screen().contains(&ours),
            "the editor runs with the priority of whoever started opsy ({ours}):\n{}",
            s.screen()
        );
    }
    assert!(!s.parser.screen().alternate_screen(), "the editor runs on the main screen");
    assert!(!s.parser.screen().hide_cursor(), "with the cursor shown");
    assert!(contains(&s.raw, b"\x1b[?2004l"), "bracketed paste off for the editor");
    // Cooked mode: the line is echoed and reaches the editor whole.
    s.send(b"typed-in-the-editor\r");
    s.wait_for("the editor's answer", |sc| sc.contains("GOT-typed-in-the-editor"));
    s.send(b"\r");
    s.wait_for("opsy back, redrawn", |sc| sc.contains("no change to platform/k8s-deploy") && sc.contains("ACTION"));
    assert!(s.parser.screen().alternate_screen(), "back on the alternate screen");
    assert!(s.parser.screen().hide_cursor(), "cursor hidden again");
    assert!(!s.screen().contains("EDITOR-RUNNING"), "the editor's text is not left on opsy's screen");
    s.send(b"q");
    assert!(s.wait_exit().success());
    let _ = std::fs::remove_file(&editor);
}
