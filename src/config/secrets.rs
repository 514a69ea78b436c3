//! Turning a token source into a token, at the moment a server is used, and the warning for
//! tokens sitting in a file others can read. Errors say which variable or command failed and
//! why; they never contain the token.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::error::ConfigError;
use super::{AuthKind, Env, ServerEntry, ServerKind, TokenSource};
use crate::backends::http::{Auth, ServerOptions};
use crate::domain::secret::Secret;
use crate::domain::text::{clean_line, truncate_chars};

/// Long enough for a password manager to ask for a passphrase on another terminal, short enough
/// that a hung command does not look like a hung opsy.
pub(crate) const TOKEN_COMMAND_TIMEOUT: Duration = Duration::from_secs(10);

/// A token is short; anything larger is a command printing the wrong thing.
const MAX_OUTPUT_BYTES: usize = 64 * 1024;

/// Everything the HTTP layer needs for one server, with its token resolved.
pub(crate) fn server_options(entry: &ServerEntry, kind: ServerKind, env: &Env) -> Result<ServerOptions, ConfigError> {
    if !kind.valid_auth().contains(&entry.auth) {
        let names: Vec<&str> = kind.valid_auth().iter().map(|a| a.name()).collect();
        return Err(ConfigError::new(format!(
            "auth = {:?} is not valid for {kind} (valid: {})",
            entry.auth.name(),
            names.join(", ")
        )));
    }
    let secret = resolve_token(&entry.token, kind, env, TOKEN_COMMAND_TIMEOUT).map_err(ConfigError::token_problem)?;
    Ok(options_with(entry, secret))
}

/// The options of a server whose token is already in hand.
pub(crate) fn options_with(entry: &ServerEntry, secret: Secret) -> ServerOptions {
    let auth = match entry.auth {
        AuthKind::Token => Auth::Token(secret),
        AuthKind::Bearer => Auth::Bearer(secret),
        AuthKind::Session => Auth::Session(secret),
    };
    let mut opts = ServerOptions::new(entry.url.trim(), auth);
    opts.insecure = entry.insecure;
    opts.timeout = Duration::from_secs(entry.timeout_secs);
    opts
}

pub(crate) fn resolve_token(
    source: &TokenSource,
    kind: ServerKind,
    env: &Env,
    timeout: Duration,
) -> Result<Secret, ConfigError> {
    let secret = match source {
        TokenSource::None => {
            return Err(ConfigError::new(format!("no token is configured for the {kind} server")).hint(format!(
                "set token_env, token_command or token under [profiles.<name>.{kind}]{}",
                match kind {
                    ServerKind::Cds => ", or export OPSY_CDS_TOKEN",
                    ServerKind::Waldur => ", or export OPSY_WALDUR_TOKEN",
                    ServerKind::Heimdall => ", or export OPSY_HEIMDALL_TOKEN",
                    ServerKind::Zitadel => ", or export OPSY_ZITADEL_TOKEN",
                }
            )));
        }
        TokenSource::Inline(secret) => secret.expose().trim().to_string(),
        TokenSource::Env(var) => match env.get(var) {
            None => {
                return Err(ConfigError::new(format!("${var} is not set (the {kind} token comes from it)"))
                    .key(var.clone())
                    .hint(format!("export {var}=… before starting opsy, or use token_command")));
            }
            Some(v) if v.trim().is_empty() => {
                return Err(ConfigError::new(format!("${var} is set but empty (the {kind} token comes from it)"))
                    .key(var.clone()));
            }
            Some(v) => v.trim().to_string(),
        },
        TokenSource::Command(cmd) => run_token_command(cmd, timeout)
            .map_err(|why| ConfigError::new(format!("token_command `{cmd}` for {kind} {why}")))?,
    };
    if secret.is_empty() {
        return Err(ConfigError::new(format!("the {kind} token is empty")));
    }
    if secret.contains(['\n', '\r']) {
        // The source is named by kind only: a command printing two lines may well spell its
        // token out in its own text.
        let from = match source {
            TokenSource::Env(var) => format!("${var}"),
            TokenSource::Command(_) => "token_command".to_string(),
            _ => "the config file".to_string(),
        };
        return Err(ConfigError::new(format!("the {kind} token from {from} spans several lines"))
            .hint("a token is one line; e.g. token_command = \"pass show waldur | head -n1\""));
    }
    Ok(Secret::new(secret))
}

/// Run `sh -c cmd` and return its trimmed stdout. The error part says what went wrong, with
/// the first line of the command's stderr when there is one.
fn run_token_command(cmd: &str, timeout: Duration) -> Result<String, String> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start: {e}"))?;
    // Both pipes are drained on threads: a command filling one while we wait on the other
    // would deadlock.
    let (tx, rx) = mpsc::channel::<(bool, Vec<u8>)>();
    for (is_stdout, pipe) in [
        (true, child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>)),
        (false, child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>)),
    ] {
        let Some(pipe) = pipe else { continue };
        let tx = tx.clone();
        std::thread::spawn(move || {
            let _ = tx.send((is_stdout, drain(pipe)));
        });
    }
    drop(tx);

    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("did not finish within {} s", timeout.as_secs_f32()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("could not be waited for: {e}")),
        }
    };
    // A background process the command started may keep the pipes open; do not wait for it
    // beyond the deadline.
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    while let Ok((is_stdout, bytes)) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        if is_stdout { stdout = bytes } else { stderr = bytes }
    }
    let stderr_line = String::from_utf8_lossy(&stderr)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| truncate_chars(&clean_line(l), 200).into_owned());
    let with_stderr = |what: String| match &stderr_line {
        Some(line) => format!("{what}: {line}"),
        None => what,
    };
    if !status.success() {
        let code = status.code().map_or_else(|| "killed by a signal".to_string(), |c| format!("exit status {c}"));
        return Err(with_stderr(format!("failed ({code})")));
    }
    let out = String::from_utf8(stdout).map_err(|_| "printed something that is not UTF-8 text".to_string())?;
    let token = out.trim();
    if token.is_empty() {
        return Err(with_stderr("printed nothing".to_string()));
    }
    Ok(token.to_string())
}

fn drain(mut pipe: impl Read) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut buf = [0u8; 4096];
    // Keep reading past the cap so that the command never blocks on a full pipe.
    while let Ok(n) = pipe.read(&mut buf) {
        if n == 0 {
            break;
        }
        if kept.len() < MAX_OUTPUT_BYTES {
            kept.extend_from_slice(&buf[..n.min(MAX_OUTPUT_BYTES - kept.len())]);
        }
    }
    kept
}

/// A token in a file that group or others can read is a token others can use.
pub(crate) fn permission_warning(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        (mode & 0o077 != 0).then(|| {
            format!(
                "{} contains a token and is readable by group or others (mode {:03o}); run: chmod 600 {}",
                path.display(),
                mode & 0o777,
                shell_quote(&path.display().to_string())
            )
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

#[cfg(unix)]
fn shell_quote(s: &str) -> String {
    if s.chars().all(|c| c.is_ascii_alphanumeric() || "/._-~+".contains(c)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "s3cr3t-T0KEN-value";

    fn entry(token: TokenSource, auth: AuthKind) -> ServerEntry {
        ServerEntry {
            url: "https://w.example.com/api/".into(),
            token,
            auth,
            insecure: true,
            timeout_secs: 7,
            org_id: None,
            ui_url: None,
        }
    }

    fn resolve(source: TokenSource, env: &[(&str, &str)]) -> Result<Secret, ConfigError> {
        resolve_token(&source, ServerKind::Waldur, &Env::from_pairs(env), Duration::from_secs(5))
    }

    fn message(e: &ConfigError) -> String {
        format!("{e} {e:?}")
    }

    #[test]
    fn server_options_carry_url_auth_tls_and_timeout() {
        let env = Env::from_pairs(&[("W", SECRET)]);
        let o = server_options(&entry(TokenSource::Env("W".into()), AuthKind::Token), ServerKind::Waldur, &env)
            .expect("resolves");
        assert!(matches!(&o.auth, Auth::Token(s) if s.expose() == SECRET));
        assert_eq!(
            (o.url.as_str(), o.insecure, o.timeout),
            ("https://w.example.com/api/", true, Duration::from_secs(7))
        );
        let o = server_options(&entry(TokenSource::Env("W".into()), AuthKind::Bearer), ServerKind::Waldur, &env)
            .expect("resolves");
        assert!(matches!(&o.auth, Auth::Bearer(s) if s.expose() == SECRET));
        let o = server_options(&entry(TokenSource::Env("W".into()), AuthKind::Session), ServerKind::Cds, &env)
            .expect("resolves");
        assert!(matches!(&o.auth, Auth::Session(s) if s.expose() == SECRET));
        let err = server_options(&entry(TokenSource::Env("W".into()), AuthKind::Session), ServerKind::Waldur, &env)
            .expect_err("session is CDS only");
        assert!(err.to_string().contains("valid: token, bearer"), "{err}");
        assert!(!format!("{o:?}").contains(SECRET));
    }

    #[test]
    fn inline_and_env_tokens_resolve_and_missing_ones_say_which_variable() {
        assert_eq!(resolve(TokenSource::Inline(Secret::new(SECRET)), &[]).expect("inline").expose(), SECRET);
        assert_eq!(
            resolve(TokenSource::Env("W".into()), &[("W", &format!(" {SECRET}\n"))]).expect("env").expose(),
            SECRET
        );
        let err = resolve(TokenSource::Env("WALDUR_TOKEN".into()), &[]).expect_err("unset");
        assert!(err.to_string().contains("$WALDUR_TOKEN is not set"), "{err}");
        assert_eq!(err.key.as_deref(), Some("WALDUR_TOKEN"));
        let err = resolve(TokenSource::Env("W".into()), &[("W", "  ")]).expect_err("empty");
        assert!(err.to_string().contains("$W is set but empty"), "{err}");
        let err = resolve(TokenSource::None, &[]).expect_err("none");
        assert!(err.to_string().contains("no token is configured for the waldur server"), "{err}");
        assert!(err.to_string().contains("OPSY_WALDUR_TOKEN"), "{err}");
        let err =
            resolve(TokenSource::Env("W".into()), &[("W", &format!("{SECRET}\nsecond line"))]).expect_err("2 lines");
        assert!(err.to_string().contains("several lines") && !message(&err).contains(SECRET), "{err}");
    }

    #[test]
    fn token_command_success_trims_stdout() {
        let s = resolve(TokenSource::Command(format!("printf '  {SECRET}\\n\\n'")), &[]).expect("runs");
        assert_eq!(s.expose(), SECRET);
        // stderr chatter (a password manager's prompt) does not matter on success.
        let s = resolve(TokenSource::Command(format!("echo unlocking >&2; echo {SECRET}")), &[]).expect("runs");
        assert_eq!(s.expose(), SECRET);
    }

    #[test]
    fn token_command_failure_reports_exit_status_and_first_stderr_line() {
        let cmd = "echo; echo 'gpg: decryption failed: No secret key' >&2; echo more >&2; exit 3";
        let err = resolve(TokenSource::Command(cmd.into()), &[]).expect_err("fails");
        let shown = err.to_string();
        assert!(shown.contains("failed (exit status 3): gpg: decryption failed: No secret key"), "{shown}");
        assert!(
            shown.ends_with("exit 3` for waldur failed (exit status 3): gpg: decryption failed: No secret key"),
            "only the first line: {shown}"
        );
        // A failing command's stdout may hold a partial token: never shown.
        // (The printed value is computed so that the command's own text does not contain it.)
        let err = resolve(TokenSource::Command("echo partial-$((6*7)); exit 1".into()), &[]).expect_err("fails");
        assert!(!message(&err).contains("partial-42"), "{err}");
    }

    #[test]
    fn token_command_with_empty_output_or_too_slow_is_an_error() {
        let err = resolve(TokenSource::Command("echo 'vault sealed' >&2".into()), &[]).expect_err("empty");
        assert!(err.to_string().contains("printed nothing: vault sealed"), "{err}");
        let err = resolve(TokenSource::Command("true".into()), &[]).expect_err("empty");
        assert!(err.to_string().ends_with("printed nothing"), "{err}");
        let slow = resolve_token(
            &TokenSource::Command("sleep 5".into()),
            ServerKind::Cds,
            &Env::default(),
            Duration::from_millis(200),
        );
        let err = slow.expect_err("timed out");
        assert!(err.to_string().contains("did not finish within 0.2 s"), "{err}");
        let err = resolve(TokenSource::Command(format!("printf '{SECRET}\\nuser: me\\n'")), &[]).expect_err("2 lines");
        assert!(err.to_string().contains("head -n1") && !message(&err).contains(SECRET), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn chmod_hint_quotes_paths_for_the_shell() {
        assert_eq!(shell_quote("/home/u/.config/opsy/config.toml"), "/home/u/.config/opsy/config.toml");
        assert_eq!(shell_quote("/tmp/my config.toml"), "'/tmp/my config.toml'");
        assert_eq!(shell_quote("/tmp/it's"), "'/tmp/it'\\''s'");
    }
}
