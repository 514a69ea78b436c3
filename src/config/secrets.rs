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
use crate::api::http::{Auth, ServerOptions};
use crate::domain::secret::Secret;
use crate::domain::text::{clean_line, truncate_chars};

/// Long enough for a password manager to ask for a passphrase on another terminal, short enough
/// that a hung command does not look like a hung opsy.
pub(crate) const TOKEN_COMMAND_TIMEOUT: Duration = Duration::from_secs(10);

/// A token is short; anything larger is a command printing the wrong thing.
const MAX_OUTPUT_BYTES: usize = 64 * 1024;

/// Everything the HTTP layer needs for one server, with its token resolved.
pub fn server_options(entry: &ServerEntry, kind: ServerKind, env: &Env) -> Result<ServerOptions, ConfigError> {
    if !kind.valid_auth().contains(&entry.auth) {
        let names: Vec<&str> = kind.valid_auth().iter().map(|a| a.name()).collect();
        return Err(ConfigError::new(format!(
            "auth = {:?} is not valid for {kind} (valid: {})",
            entry.auth.name(),
            names.join(", ")
        )));
    }
    let secret = resolve_token(&entry.token, kind, env, TOKEN_COMMAND_TIMEOUT)?;
    let auth = match entry.auth {
        AuthKind::Token => Auth::Token(secret),
        AuthKind::Bearer => Auth::Bearer(secret),
        AuthKind::Session => Auth::Session(secret),
    };
    let mut opts = ServerOptions::new(entry.url.trim(), auth);
    opts.insecure = entry.insecure;
    opts.timeout = Duration::from_secs(entry.timeout_secs);
    Ok(opts)
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
                    _ => "",
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
        return Err(ConfigError::new(format!("the {kind} token ({}) spans several lines", source.describe()))
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
