//! `opsy login cds`: `POST /login` the way cdsctl does (persistent session), then hand the
//! session token to the operator in the form their configured secret source needs. The token
//! goes to stdout only, never to the log or stderr.

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use crate::backends::cds::client::CdsClient;
use crate::backends::http::{Auth, ServerOptions};
use crate::cli::Cli;
use crate::config::{self, ConfigError, Env, TokenSource};
use crate::domain::secret::Secret;

pub(crate) async fn login_cds(cli: &Cli, user: Option<String>, env: &Env) -> ExitCode {
    let selected = match super::launch::load_config(cli, env)
        .and_then(|l| config::select_profile(&l, cli.profile.as_deref()).map_err(ConfigError::report))
    {
        Ok(s) => s,
        Err(code) => return code,
    };
    let Some(entry) = selected.profile.cds else {
        eprintln!(
            "opsy: profile {} has no CDS server: add [profiles.{}.cds] url = \"…\", or set OPSY_CDS_URL",
            selected.name, selected.name
        );
        return ExitCode::from(2);
    };
    let client = match CdsClient::new(&ServerOptions {
        auth: Auth::None,
        ..ServerOptions::new(entry.url.clone(), Auth::None)
    }) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("opsy: {e}");
            return ExitCode::from(2);
        }
    };
    let username = match user {
        Some(u) => u,
        None => match ask("CDS username: ") {
            Ok(u) if !u.is_empty() => u,
            _ => {
                eprintln!("opsy: a username is needed");
                return ExitCode::from(1);
            }
        },
    };
    let password = match ask_secret(&format!("password for {username} on {}: ", client.label())) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("opsy: reading the password: {e}");
            return ExitCode::from(1);
        }
    };
    let token = match client.login(&username, &password).await {
        Ok(t) => t,
        Err(e) => {
            eprintln!("opsy: login failed: {e}");
            return ExitCode::from(1);
        }
    };
    tracing::info!(server = client.label(), "cds login succeeded");
    print!("{}", hand_over(&entry.token, &token));
    let _ = io::stdout().flush();
    eprintln!("{}", advice(&entry.token, client.label()));
    ExitCode::SUCCESS
}

/// What goes to stdout: a shell line for an environment variable (so `eval "$(opsy login
/// cds)"` works), else the bare token for the operator's secret store.
/// The token is single-quoted: it comes from the server, and `eval` must not run anything
/// hidden in it. A variable name that is not a shell identifier gets no export line.
fn hand_over(source: &TokenSource, token: &Secret) -> String {
    match source {
        TokenSource::Env(var) if is_shell_name(var) => format!("export {var}={}\n", shell_quote(token.expose())),
        _ => format!("{}\n", token.expose()),
    }
}

fn is_shell_name(var: &str) -> bool {
    let mut chars = var.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `'…'` with each `'` written as `'\''`: nothing inside single quotes is special to sh.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn advice(source: &TokenSource, server: &str) -> String {
    let base = format!("logged in to {server}: the session token is persistent until revoked.");
    match source {
        TokenSource::Env(var) => format!("{base}\nrun: eval \"$(opsy login cds)\" to set ${var}"),
        TokenSource::Command(cmd) => format!("{base}\nstore it where `{cmd}` reads it (for pass: pass insert …)"),
        TokenSource::Inline(_) => {
            format!("{base}\nreplace the token = \"…\" line of your config with it (keep the file mode 600)")
        }
        TokenSource::None => {
            format!("{base}\nconfigure it: token_env, token_command or token in [profiles.<name>.cds]")
        }
    }
}

fn ask(prompt: &str) -> io::Result<String> {
    eprint!("{prompt}");
    io::stderr().flush()?;
    let mut line = String::new();
    io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim().to_string())
}

/// The password without echo on a terminal; a plain line when stdin is a pipe (scripts).
/// rpassword reads the terminal itself with echo off and puts the terminal back when it is
/// done, on Ctrl-C or on a panic (a guard's `Drop`), where raw mode toggled by hand stayed on
/// after a panic; it also keeps its buffers out of reach once read.
fn ask_secret(prompt: &str) -> io::Result<Secret> {
    if !io::stdin().is_terminal() {
        let mut line = String::new();
        io::stdin().lock().read_line(&mut line)?;
        return Ok(Secret::new(line.trim_end_matches(['\r', '\n'])));
    }
    rpassword::prompt_password(prompt).map(Secret::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_env_source_gets_an_export_line() {
        let t = Secret::new("abc123");
        assert_eq!(hand_over(&TokenSource::Env("CDS_TOKEN".into()), &t), "export CDS_TOKEN='abc123'\n");
        assert_eq!(hand_over(&TokenSource::Command("pass show cds".into()), &t), "abc123\n");
        assert!(
            !advice(&TokenSource::Env("CDS_TOKEN".into()), "cds").contains("abc123"),
            "advice never holds the token"
        );
    }

    /// Issue 9.16: a token crafted by the server must not run a command under `eval`.
    #[test]
    fn a_hostile_token_stays_one_quoted_word_for_sh() {
        let hostile = Secret::new("x'; touch /tmp/pwned; echo '$(id)`id`");
        let line = hand_over(&TokenSource::Env("CDS_TOKEN".into()), &hostile);
        assert_eq!(line, "export CDS_TOKEN='x'\\''; touch /tmp/pwned; echo '\\''$(id)`id`'\n");
        let script = format!("{line}printf %s \"$CDS_TOKEN\"");
        if let Ok(out) = std::process::Command::new("sh").arg("-c").arg(script).output() {
            assert_eq!(String::from_utf8_lossy(&out.stdout), hostile.expose(), "sh reads back exactly the token");
        }
        assert_eq!(hand_over(&TokenSource::Env("BAD;NAME".into()), &Secret::new("t")), "t\n");
    }
}
