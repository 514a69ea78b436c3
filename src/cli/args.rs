//! The command line as clap reads it: the console (no subcommand), the scripting commands
//! (`get`, `silence`, `export`…) and the commands that help install and configure opsy.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use uuid::Uuid;

/// Shown under `--help`: what opsy reads from the environment, and what its exit codes mean.
const AFTER_HELP: &str = "\
Environment:
  OPSY_CONFIG                  config file (when --config is not given)
  XDG_CONFIG_HOME              where the config is looked for (default ~/.config)
  XDG_STATE_HOME               where the log file goes (default ~/.local/state)
  OPSY_CDS_URL, OPSY_CDS_TOKEN           override (or create) the selected profile's CDS server
  OPSY_WALDUR_URL, OPSY_WALDUR_TOKEN     … its Waldur server
  OPSY_HEIMDALL_URL, OPSY_HEIMDALL_TOKEN … its Heimdall server
  OPSY_ZITADEL_URL, OPSY_ZITADEL_TOKEN   … its ZITADEL server
  OPSY_ZITADEL_ORG_ID          the ZITADEL organisation requests act in
  OPSY_LOG                     log filter, e.g. opsy=debug (default opsy=info)
  NO_COLOR                     any value: no colours in the console or in tables
  COLUMNS                      table width when the terminal does not say
  TERM                         \"dumb\": the console refuses to start (the CLI works)

Exit codes: 0 ok, 1 server or network error, 2 usage or config error,
            3 refused by read-only, 4 not found.

`opsy config path` shows where the config is looked for; `opsy config default` prints the
documented defaults to start a file from.";

#[derive(Debug, Parser)]
#[command(
    name = "opsy",
    version,
    about = "Keyboard-driven console for CDS, Waldur, Heimdall and ZITADEL operators, and its scripting CLI",
    after_help = AFTER_HELP
)]
pub(crate) struct Cli {
    /// Config file (default: $OPSY_CONFIG, else $XDG_CONFIG_HOME/opsy/config.toml, else ~/.config/opsy/config.toml)
    #[arg(long, global = true, value_name = "PATH")]
    pub(crate) config: Option<PathBuf>,
    /// Profile to use (default: default_profile in the config)
    #[arg(long, global = true, value_name = "NAME")]
    pub(crate) profile: Option<String>,
    /// Run against the embedded demo server, with realistic data in every pane
    #[cfg(feature = "demo")]
    #[arg(long, global = true)]
    pub(crate) demo: bool,
    /// Number of Waldur user actions the demo server holds
    #[cfg(feature = "demo")]
    #[arg(long, value_name = "N", default_value_t = 300, global = true)]
    pub(crate) demo_size: usize,
    /// Refuse every change to a server (the console hides those keys; commands exit 3)
    #[arg(long, global = true)]
    pub(crate) read_only: bool,
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// List or show what the console shows
    #[command(subcommand)]
    Get(Get),
    /// Silence Waldur user actions, one request each
    Silence {
        #[arg(required = true, value_name = "UUID")]
        uuids: Vec<Uuid>,
        /// For N days (default: until unsilenced)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=365))]
        days: Option<u16>,
        #[command(flatten)]
        yes: Yes,
    },
    /// Unsilence Waldur user actions, one request each
    Unsilence {
        #[arg(required = true, value_name = "UUID")]
        uuids: Vec<Uuid>,
        #[command(flatten)]
        yes: Yes,
    },
    /// Silence every user action the filters match, in one request the server runs
    BulkSilence {
        #[command(flatten)]
        filters: UserActionFilters,
        /// For N days (default: until unsilenced)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=365))]
        days: Option<u16>,
        #[command(flatten)]
        yes: Yes,
    },
    /// Run one corrective action of a Waldur user action, by its label
    Execute {
        uuid: Uuid,
        label: String,
        #[command(flatten)]
        yes: Yes,
    },
    /// Put a CDS action back in its state before one change of its audit log
    Rollback {
        #[arg(value_name = "CDS-ACTION-PATH")]
        path: String,
        #[arg(value_name = "AUDIT-ID")]
        audit: i64,
        #[command(flatten)]
        yes: Yes,
    },
    /// Add or remove members of a group
    #[command(subcommand)]
    Members(Members),
    /// Print a CDS action's export (YAML or JSON) on standard output
    Export {
        #[arg(value_name = "CDS-ACTION-PATH")]
        path: String,
        #[arg(short = 'f', long, value_enum, default_value_t = ExportFormat::Yaml)]
        format: ExportFormat,
    },
    /// Import a CDS action from a file (YAML, or JSON when the name ends in .json)
    Import {
        file: PathBuf,
        #[command(flatten)]
        yes: Yes,
    },
    /// Print a shell completion script (profile names included: regenerate after adding one)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on standard output
    Man,
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

impl Command {
    /// The commands of the scripting CLI: they never take the terminal over.
    pub(crate) fn scripted(&self) -> bool {
        !matches!(self, Command::Config { command: ConfigCommand::Check { .. } } | Command::Login { .. })
            && !self.is_demo_server()
    }

    fn is_demo_server(&self) -> bool {
        #[cfg(feature = "demo")]
        return matches!(self, Command::DemoServer { .. });
        #[cfg(not(feature = "demo"))]
        false
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum Get {
    /// Waldur user actions, most urgent first (the console's order)
    UserActions {
        #[command(flatten)]
        filters: UserActionFilters,
        #[command(flatten)]
        output: Output,
    },
    /// Actions of every source (CDS, ZITADEL, Heimdall), by name
    Actions {
        /// Only this source's actions
        #[arg(long, value_enum)]
        source: Option<ActionSource>,
        #[command(flatten)]
        output: Output,
    },
    /// One action and its detail page
    Action {
        /// The source and the action as `get actions` lists it, e.g. cds/shared.infra/build-go
        #[arg(value_name = "SOURCE/ID-OR-PATH")]
        target: String,
        #[command(flatten)]
        output: Output,
    },
    /// Groups of every source
    Groups {
        #[command(flatten)]
        output: Output,
    },
    /// One group's members (NAME, or SOURCE/NAME when several sources have it)
    Group {
        name: String,
        #[command(flatten)]
        output: Output,
    },
    /// A CDS action's audit log, newest first
    Audits {
        #[arg(value_name = "CDS-ACTION-PATH")]
        path: String,
        #[command(flatten)]
        output: Output,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum Members {
    /// Add users to a group, one request each
    Add {
        group: String,
        #[arg(required = true, value_name = "USER")]
        users: Vec<String>,
        #[command(flatten)]
        yes: Yes,
    },
    /// Remove one user from a group
    Remove {
        group: String,
        user: String,
        #[command(flatten)]
        yes: Yes,
    },
}

/// The filters Waldur applies itself (the same query the console sends).
#[derive(Debug, Clone, Args)]
pub(crate) struct UserActionFilters {
    #[arg(long, value_enum)]
    pub(crate) urgency: Option<UrgencyArg>,
    /// Only this action type, e.g. pending_order
    #[arg(long = "type", value_name = "T")]
    pub(crate) action_type: Option<String>,
    /// Only actions past their due date
    #[arg(long)]
    pub(crate) overdue: bool,
    /// Also silenced actions
    #[arg(long)]
    pub(crate) include_silenced: bool,
}

#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct Output {
    /// table: aligned columns; wide: more of them; json and yaml: one object per row
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Table)]
    pub(crate) format: Format,
}

#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct Yes {
    /// Do it without asking (required when standard input is not a terminal)
    #[arg(long, short = 'y')]
    pub(crate) yes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Table,
    Wide,
    Json,
    Yaml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    Yaml,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum UrgencyArg {
    High,
    Medium,
    Low,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ActionSource {
    Cds,
    Zitadel,
    Heimdall,
}

impl ActionSource {
    pub(crate) fn kind(self) -> &'static str {
        match self {
            Self::Cds => "cds",
            Self::Zitadel => "zitadel",
            Self::Heimdall => "heimdall",
        }
    }
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
    /// Print the documented default config (a starting point for your own file)
    Default,
    /// Print where opsy looks for its config file, and which one it would read
    Path,
}
