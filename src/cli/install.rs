//! What an installed opsy needs besides itself: shell completions, the man page, the default
//! config and where the config is looked for. None of these reads the network or needs a
//! runtime, so they run before anything else starts.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;
use clap::builder::PossibleValuesParser;

use super::args::{Cli, Command, ConfigCommand};
use super::exit::Exit;
use super::render::write_out;
use crate::config::{self, Env, LoadOptions};

/// `Some(code)` when the command was one of these; `None` for everything else.
pub(crate) fn run(cli: &Cli) -> Option<ExitCode> {
    let env = Env::from_process();
    let result = match cli.command.as_ref()? {
        Command::Completions { shell } => completions(*shell, &profile_names(cli, &env)),
        Command::Man => man(),
        Command::Config { command: ConfigCommand::Default } => write_out(config::DEFAULT_TOML).map_err(|f| f.message),
        Command::Config { command: ConfigCommand::Path } => write_out(&path_report(cli, &env)).map_err(|f| f.message),
        _ => return None,
    };
    Some(match result {
        Ok(()) => Exit::Ok.code(),
        Err(e) => {
            eprintln!("opsy: {e}");
            Exit::Server.code()
        }
    })
}

/// The profiles of the config, for completing `--profile`; none when it cannot be read
/// (completions must still install).
fn profile_names(cli: &Cli, env: &Env) -> Vec<String> {
    config::load(&LoadOptions { path: cli.config.clone(), env: env.clone() })
        .map(|loaded| loaded.config.profiles.keys().cloned().collect())
        .unwrap_or_default()
}

/// The clap command, with `--profile` completing to `names`.
fn command(names: &[String]) -> clap::Command {
    let cmd = Cli::command();
    if names.is_empty() {
        return cmd;
    }
    let names = names.to_vec();
    cmd.mut_arg("profile", move |a| a.value_parser(PossibleValuesParser::new(names)))
}

fn completions(shell: clap_complete::Shell, names: &[String]) -> Result<(), String> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command(names), "opsy", &mut out);
    write_bytes(&out)
}

fn man() -> Result<(), String> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out).map_err(|e| format!("writing the man page: {e}"))?;
    write_bytes(&out)
}

fn write_bytes(bytes: &[u8]) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("writing to standard output: {e}")),
        _ => Ok(()),
    }
}

/// Where the config is looked for, in order, and which file would be read.
fn path_report(cli: &Cli, env: &Env) -> String {
    let opts = LoadOptions { path: cli.config.clone(), env: env.clone() };
    let mut text = String::from(
        "opsy reads the first of:\n  --config PATH\n  $OPSY_CONFIG\n  $XDG_CONFIG_HOME/opsy/config.toml\n  ~/.config/opsy/config.toml\n",
    );
    match config::resolve_path(&opts) {
        Some((path, by)) => {
            let state = if path.is_file() { "exists" } else { "does not exist: the built-in defaults apply" };
            let by = by.map(|b| format!(", given by {b}")).unwrap_or_default();
            text.push_str(&format!("this one: {} ({state}{by})\n", path.display()));
        }
        None => text.push_str("none applies (no HOME): the built-in defaults apply\n"),
    }
    text.push_str("Start a file from `opsy config default`.\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn completions_offer_the_configured_profiles() {
        let mut out = Vec::new();
        let names = vec!["prod".to_string(), "staging-eu".to_string()];
        clap_complete::generate(clap_complete::Shell::Bash, &mut command(&names), "opsy", &mut out);
        let script = String::from_utf8(out).expect("utf-8");
        assert!(script.contains("prod staging-eu"), "profile names are completed");
        assert!(script.contains("user-actions") && script.contains("bulk-silence"), "subcommands are completed");
    }

    #[test]
    fn the_man_page_names_every_command_and_the_environment() {
        let mut out = Vec::new();
        clap_mangen::Man::new(Cli::command()).render(&mut out).expect("render");
        let page = String::from_utf8(out).expect("utf-8");
        assert!(page.starts_with(".ie"), "{}", &page[..40.min(page.len())]);
        for word in ["opsy\\-get", "OPSY_CONFIG", "Exit codes"] {
            assert!(page.contains(word), "{word} in the man page");
        }
    }

    #[test]
    fn the_path_report_says_which_file_and_whether_it_exists() {
        let cli = Cli::try_parse_from(["opsy", "config", "path"]).expect("parse");
        let env = Env::from_pairs(&[("HOME", "/nonexistent-home")]);
        let text = path_report(&cli, &env);
        assert!(text.contains("this one: /nonexistent-home/.config/opsy/config.toml (does not exist"), "{text}");
    }
}
