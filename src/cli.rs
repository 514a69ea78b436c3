//! Command line: parse, load the config, start the console (or the demo server, or a config
//! check). Errors go to stderr with a non-zero exit code; the terminal is never left broken.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "opsy", version, about = "Keyboard-driven console for CDS and Waldur operators")]
pub(crate) struct Cli {
    /// Config file (default: $OPSY_CONFIG, else $XDG_CONFIG_HOME/opsy/config.toml, else ~/.config/opsy/config.toml)
    #[arg(long, global = true, value_name = "PATH")]
    pub(crate) config: Option<PathBuf>,
    /// Profile to use (default: default_profile in the config)
    #[arg(long, global = true, value_name = "NAME")]
    pub(crate) profile: Option<String>,
    /// Run against the embedded demo server, with realistic data in every pane
    #[cfg(feature = "demo")]
    #[arg(long)]
    pub(crate) demo: bool,
    /// Number of Waldur user actions the demo server holds
    #[cfg(feature = "demo")]
    #[arg(long, value_name = "N", default_value_t = 300)]
    pub(crate) demo_size: usize,
    /// Disable every key that changes data on a server
    #[arg(long)]
    pub(crate) read_only: bool,
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run only the embedded demo server (for trying opsy and for tests)
    #[cfg(feature = "demo")]
    DemoServer {
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Number of Waldur user actions
        #[arg(long, default_value_t = 300)]
        size: usize,
    },
    /// Configuration commands
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Log in to a server and print the session token for your secret store
    Login {
        #[command(subcommand)]
        server: LoginServer,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum LoginServer {
    /// POST /login on the profile's CDS server (persistent session, like cdsctl)
    Cds {
        /// Username (asked when absent)
        #[arg(long)]
        user: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum ConfigCommand {
    /// Validate the config and print every value with where it came from
    Check {
        /// Also make one cheap authenticated request per server and report its answer
        #[arg(long)]
        online: bool,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = crate::runtime::terminal::install_hooks() {
        eprintln!("opsy: cannot install the panic handler: {e}");
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
