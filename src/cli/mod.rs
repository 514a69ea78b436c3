//! Command line: parse, then start the console (no subcommand), or run one scripting command
//! over the same clients, config and profiles (`get`, `silence`, `export`…), or one of the
//! commands that help install opsy (`completions`, `man`, `config default|path`). Errors go
//! to stderr with the documented exit code; the terminal is never left broken.

mod args;
mod confirm;
mod exit;
mod get;
mod install;
mod mutate;
mod render;
mod session;
mod transfer;
mod yaml;

use std::process::ExitCode;

use clap::Parser;

pub(crate) use args::{Cli, Command, ConfigCommand, LoginServer};
use exit::{Exit, Outcome};
use session::Session;

use crate::config::{Env, ServerKind};

pub fn main() -> ExitCode {
    crate::runtime::memory::tune();
    let cli = Cli::parse();
    if let Err(e) = crate::runtime::terminal::install_hooks() {
        eprintln!("opsy: cannot install the panic handler: {e}");
    }
    if let Some(code) = install::run(&cli) {
        return code;
    }
    match crate::runtime::launch::launch(cli) {
        Ok(code) => code,
        Err(e) => {
            crate::runtime::terminal::restore();
            // A sentence and its causes, not a backtrace: this is for operators.
            let mut causes = e.chain();
            eprintln!("opsy: {}", causes.next().map(ToString::to_string).unwrap_or_default());
            for cause in causes {
                eprintln!("  because: {cause}");
            }
            ExitCode::from(1)
        }
    }
}

/// One scripting command, on the runtime `launch` built: connect what it needs, run it, say
/// why it failed on stderr, and exit with the documented code.
pub(crate) async fn script(cli: &Cli, env: &Env) -> ExitCode {
    let Some(command) = &cli.command else { return Exit::Usage.code() };
    let outcome = async {
        let session = Session::open(cli, env, kinds(command)).await?;
        let result = dispatch(&session, command).await;
        session.close().await;
        result
    }
    .await;
    match outcome {
        Ok(exit) => exit.code(),
        Err(failure) => {
            eprintln!("opsy: {}", failure.message);
            failure.exit.code()
        }
    }
}

fn kinds(command: &Command) -> &'static [ServerKind] {
    match command {
        Command::Get(get) => get::kinds(get),
        Command::Silence { .. } | Command::Unsilence { .. } | Command::BulkSilence { .. } | Command::Execute { .. } => {
            &[ServerKind::Waldur]
        }
        Command::Rollback { .. } | Command::Export { .. } | Command::Import { .. } => &[ServerKind::Cds],
        Command::Members(_) => &[ServerKind::Cds, ServerKind::Zitadel, ServerKind::Heimdall],
        _ => &[],
    }
}

async fn dispatch(session: &Session, command: &Command) -> Outcome {
    match command {
        Command::Get(get) => get::run(session, get).await,
        Command::Export { path, format } => transfer::export(session, path, *format).await,
        other => mutate::run(session, other).await,
    }
}
