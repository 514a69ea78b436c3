//! From parsed arguments to a running console: logging, config, profile, secrets, sources,
//! the demo server when asked. Every failure is a sentence on stderr and an exit code.

use std::process::ExitCode;
use std::time::Duration;

use color_eyre::eyre::{Result, WrapErr};

use crate::app::keymap::Keymap;
use crate::app::model::{Model, Settings};
use crate::app::paths::Places;
use crate::app::source::SourceInfo;
use crate::backends::{self, Connection};
use crate::cli::{Cli, Command, ConfigCommand, LoginServer};
use crate::config::{self, ConfigError, Env, LoadOptions, ServerKind};

use super::{Backends, RunOptions};

/// Exit code for configuration errors (unknown keys, bad values, missing secrets).
const EXIT_CONFIG: u8 = 2;

pub(crate) fn launch(cli: Cli) -> Result<ExitCode> {
    let env = Env::from_process();
    let _log = init_logging();
    // The runtime's threads (network, decoding, preparing views) run behind the key loop in
    // the scheduler's queue; the key loop and the input thread keep the normal priority.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .worker_threads(2)
        .on_thread_start(backends::background_priority)
        .build()
        .wrap_err("starting the async runtime")?;
    match cli.command {
        Some(ref command) if command.scripted() => Ok(rt.block_on(crate::cli::script(&cli, &env))),
        #[cfg(feature = "demo")]
        Some(Command::DemoServer { port, size }) => rt.block_on(super::demo::serve(port, size)),
        Some(Command::Config { command: ConfigCommand::Check { online } }) => Ok(config_check(&cli, &env, online)),
        Some(Command::Login { server: LoginServer::Cds { ref user } }) => {
            Ok(rt.block_on(super::login::login_cds(&cli, user.clone(), &env)))
        }
        // `completions`, `man`, `config default|path` ran before the runtime existed.
        Some(_) => Ok(ExitCode::SUCCESS),
        None => rt.block_on(console(cli, env)),
    }
}

fn config_check(cli: &Cli, env: &Env, online: bool) -> ExitCode {
    let checked = || -> Result<ExitCode, ExitCode> {
        let loaded = load_config(cli, env)?;
        let selected = config::select_profile(&loaded, cli.profile.as_deref()).map_err(ConfigError::report)?;
        keymap(&loaded, cli.read_only)?;
        let report = config::check_report(&loaded, &selected, env);
        print!("{}", report.text);
        let mut problems = report.problems;
        if online {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| {
                eprintln!("opsy: cannot start the network runtime: {e}");
                ExitCode::from(1)
            })?;
            let (text, failed) = runtime.block_on(super::online::check(&selected, report.tokens));
            print!("{text}");
            problems += failed;
        }
        if problems > 0 {
            eprintln!("opsy: {problems} problem(s) found");
            return Err(ExitCode::from(EXIT_CONFIG));
        }
        Ok(ExitCode::SUCCESS)
    };
    checked().unwrap_or_else(|code| code)
}

pub(super) fn load_config(cli: &Cli, env: &Env) -> Result<config::LoadedConfig, ExitCode> {
    config::load(&LoadOptions { path: cli.config.clone(), env: env.clone() }).map_err(ConfigError::report)
}

fn keymap(loaded: &config::LoadedConfig, read_only: bool) -> Result<Keymap, ExitCode> {
    Keymap::new(&loaded.config.keys, read_only).map_err(|e| {
        eprintln!("config error: [keys]: {e}");
        ExitCode::from(EXIT_CONFIG)
    })
}

/// Everything the console needs from the configuration, checked before the terminal is
/// taken (a token_command may need to prompt, and errors belong on a normal screen).
struct Prepared {
    settings: Settings,
    keymap: Keymap,
    backends: Backends,
    mouse: bool,
    profiles: super::profile::Loader,
    /// Shown in the console at start (and printed on stderr, which the operator sees only
    /// after quitting).
    warnings: Vec<String>,
}

fn prepare(cli: &Cli, env: &Env) -> Result<Prepared, ExitCode> {
    use std::io::IsTerminal;
    if let Some(why) = unusable_term(std::env::var_os("TERM").as_deref()) {
        eprintln!("{why}");
        return Err(ExitCode::from(1));
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "opsy: the console needs a terminal (stdin or stdout is redirected). \
             For scripts: opsy get …, opsy silence …, opsy export … (opsy --help lists them)."
        );
        return Err(ExitCode::from(1));
    }
    let loaded = load_config(cli, env)?;
    for w in &loaded.warnings {
        eprintln!("opsy: warning: {w}");
        tracing::warn!("{w}");
    }
    // A profile's `read_only` removes the same keys as `--read-only`.
    let profile_read_only = !demo_requested(cli)
        && config::select_profile(&loaded, cli.profile.as_deref()).is_ok_and(|s| s.profile.read_only);
    let keymap = keymap(&loaded, cli.read_only || profile_read_only)?;
    let polling = &loaded.config.polling;
    // NO_COLOR (https://no-color.org): any non-empty value.
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let mut settings = Settings {
        interval: Duration::from_secs(polling.interval_secs),
        hidden_interval: Duration::from_secs(polling.hidden_interval_secs),
        mono: matches!(loaded.config.ui.theme, config::Theme::Mono) || no_color,
        // Terminals without OSC 8 ignore it (`dumb` ones never get this far).
        hyperlinks: true,
        profiles: super::profile::names(&loaded),
        colors: loaded.config.ui.colors,
        clipboard: clipboard_route(),
        places: Places {
            cwd: std::env::current_dir().ok(),
            home: directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf()),
        },
        ..Settings::default()
    };
    let mut backends = Backends::default();
    if !demo_requested(cli) {
        let selected = config::select_profile(&loaded, cli.profile.as_deref()).map_err(ConfigError::report)?;
        settings.profile = selected.name.clone();
        for kind in ServerKind::ALL {
            let Some(entry) = selected.server(kind) else { continue };
            add_source(&mut backends, kind, entry, env)?;
        }
    }
    let mouse = loaded.config.ui.mouse;
    let warnings = loaded.warnings.clone();
    let profiles = super::profile::from_config(loaded, env.clone(), cli.read_only);
    Ok(Prepared { settings, keymap, backends, mouse, profiles, warnings })
}

/// One configured server. A token that cannot be obtained does not stop the others: that
/// source starts failed, with the reason in its panes. A URL the HTTP layer refuses is a
/// configuration error.
fn add_source(
    backends: &mut Backends,
    kind: ServerKind,
    entry: &config::ServerEntry,
    env: &Env,
) -> Result<(), ExitCode> {
    let id = backends.next_id();
    match config::server_options(entry, kind, env) {
        Ok(options) => {
            let mut conn = Connection::new(options);
            conn.org_id = entry.org_id.clone();
            conn.ui_url = entry.ui_url.clone();
            let connected = backends::connect(kind, id, &conn).map_err(api_error)?;
            backends.add(connected);
        }
        Err(e) if e.is_token_problem() => {
            tracing::warn!("{kind}: {e}");
            let tokenless =
                crate::backends::http::ServerOptions::new(entry.url.trim(), crate::backends::http::Auth::None);
            let info = match backends::connect(kind, id, &Connection::new(tokenless)) {
                Ok(c) => c.info,
                Err(_) => SourceInfo::new(kind.name(), kind.name(), entry.url.clone()),
            };
            backends.add_broken(info, e.message.clone());
        }
        Err(e) => return Err(e.report()),
    }
    Ok(())
}

/// A terminal that cannot move the cursor (`TERM=dumb`: Emacs' shell, some CI logs) would
/// get a screen of escape sequences. Said before anything is drawn; the CLI needs none of it.
fn unusable_term(term: Option<&std::ffi::OsStr>) -> Option<String> {
    let term = term?.to_str()?;
    (term == "dumb").then(|| {
        "opsy: the console cannot run on TERM=dumb (it needs a terminal that can move the cursor and \
         draw colours). Use a full terminal (TERM=xterm-256color, tmux, …), or the CLI, which works \
         anywhere: opsy get user-actions, opsy get actions, opsy silence … (opsy --help lists them)."
            .to_string()
    })
}

/// How `y` reaches the clipboard from here; inside tmux, whether tmux lets it through.
fn clipboard_route() -> crate::app::clipboard::Route {
    use crate::app::clipboard::Route;
    let route = Route::detect(std::env::var("TMUX").ok().as_deref(), std::env::var("STY").ok().as_deref());
    if route != Route::Tmux {
        return route;
    }
    let option = |name: &str| {
        let out = std::process::Command::new("tmux")
            .args(["show-options", "-gv", name])
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())?;
        Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    match (option("set-clipboard").as_deref(), option("allow-passthrough").as_deref()) {
        // Asked and answered: neither way through.
        (Some("off" | "external"), Some("off")) => Route::TmuxBlocked,
        _ => Route::Tmux,
    }
}

fn demo_requested(cli: &Cli) -> bool {
    #[cfg(feature = "demo")]
    return cli.demo;
    #[cfg(not(feature = "demo"))]
    {
        let _ = cli;
        false
    }
}

/// A client that cannot even be built (a URL the HTTP layer refuses): said, exit 2.
fn api_error(e: crate::domain::error::ApiError) -> ExitCode {
    eprintln!("opsy: {e}");
    ExitCode::from(EXIT_CONFIG)
}

async fn console(cli: Cli, env: Env) -> Result<ExitCode> {
    let Prepared { settings, keymap, backends, mouse, profiles, warnings } = match prepare(&cli, &env) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    #[cfg(feature = "demo")]
    let (settings, backends, demo) = if cli.demo {
        let (server, demo_backends) = super::demo::start(cli.demo_size).await?;
        (Settings { profile: "demo".into(), ..settings }, demo_backends, Some(server))
    } else {
        (settings, backends, None)
    };
    let mut model = Model::new(settings, backends.sources(), keymap, jiff::Timestamp::now());
    model.warn(&warnings);
    tracing::info!(profile = %model.settings.profile, demo = demo_requested(&cli), "console starting");
    let result = super::run(RunOptions { model, backends, mouse, profiles: Some(profiles) }).await;
    #[cfg(feature = "demo")]
    if let Some(server) = demo {
        server.shutdown().await;
    }
    result.map(|()| super::events::signal_exit().map_or(ExitCode::SUCCESS, ExitCode::from))
}

/// Log lines waiting for the writer thread, at most.
const LOG_LINES_BUFFERED: usize = 1024;

/// Log to a file in the state directory, never to the terminal (it belongs to the UI).
fn init_logging() -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dirs = directories::ProjectDirs::from("", "", "opsy")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir()).to_path_buf();
    let appender = super::logfile::open(&dir).ok()?;
    // The channel to the writer thread is allocated whole up front: the default of 128,000
    // lines is 4 MB held for good (40 bytes a row at 100k user actions), for a log that
    // writes a few lines a poll. Past the limit a burst drops lines rather than block.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LOG_LINES_BUFFERED)
        .lossy(true)
        .finish(appender);
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    let filter = log_filter(std::env::var("OPSY_LOG").ok().as_deref());
    let format = tracing_subscriber::fmt::layer().with_writer(writer).with_ansi(false);
    tracing_subscriber::registry().with(format).with(filter).try_init().ok()?;
    Some(guard)
}

/// `OPSY_LOG`: `target=level` pairs and a bare default level, comma-separated (`debug`,
/// `opsy=debug,reqwest=info`), the syntax `Targets` parses; anything it does not understand
/// falls back to `opsy=info`. (`EnvFilter`'s span and field filters were never documented,
/// and its regex engine was the only reason for `regex-automata` in the binary.)
fn log_filter(var: Option<&str>) -> tracing_subscriber::filter::Targets {
    var.and_then(|v| v.parse().ok())
        .unwrap_or_else(|| tracing_subscriber::filter::Targets::new().with_target("opsy", tracing::Level::INFO))
}

#[cfg(test)]
mod tests {
    use tracing::Level;

    use super::log_filter;

    #[test]
    fn only_a_dumb_terminal_is_refused() {
        use std::ffi::OsStr;
        let why = super::unusable_term(Some(OsStr::new("dumb"))).expect("dumb is refused");
        assert!(why.contains("TERM=dumb") && why.contains("opsy get"), "{why}");
        for ok in ["xterm-256color", "screen", "tmux-256color", "linux", ""] {
            assert_eq!(super::unusable_term(Some(OsStr::new(ok))), None, "{ok}");
        }
        assert_eq!(super::unusable_term(None), None, "no TERM at all: let the terminal answer");
    }

    #[test]
    fn opsy_log_takes_levels_and_target_pairs_and_defaults_to_opsy_info() {
        let default = log_filter(None);
        assert!(default.would_enable("opsy::runtime", &Level::INFO));
        assert!(!default.would_enable("opsy::runtime", &Level::DEBUG));
        assert!(!default.would_enable("hyper", &Level::INFO));
        let all = log_filter(Some("debug"));
        assert!(all.would_enable("hyper", &Level::DEBUG) && !all.would_enable("hyper", &Level::TRACE));
        let pairs = log_filter(Some("opsy=trace,reqwest=warn"));
        assert!(pairs.would_enable("opsy::backends", &Level::TRACE));
        assert!(pairs.would_enable("reqwest", &Level::WARN) && !pairs.would_enable("reqwest", &Level::INFO));
        assert!(!log_filter(Some("opsy=loud")).would_enable("opsy", &Level::DEBUG), "bad value: the default");
    }
}
