//! The servers one command talks to: the selected profile's (or the embedded demo's), reached
//! through the same backends as the console. Only the kinds a command needs are connected, so
//! `opsy get user-actions` never runs the CDS token command.

use std::sync::Arc;

use crate::app::effect::Call;
use crate::app::msg::{Feed, Payload, Reply};
use crate::app::source::{SourceInfo, Sources};
use crate::backends::{self, Connection, Held};
use crate::config::{self, ConfigError, Env, LoadOptions, ServerKind};
use crate::domain::error::ApiError;
use crate::runtime::Backends;

use super::args::Cli;
use super::exit::{Exit, Failure, Outcome};

pub(crate) struct Session {
    backends: Backends,
    sources: Sources,
    /// Each source's connection, by position (the CDS export reads bytes, not rows).
    connections: Vec<Arc<Connection>>,
    read_only: bool,
    profile: String,
    #[cfg(feature = "demo")]
    demo: Option<opsy_demo::DemoServer>,
}

impl Session {
    /// Connect the servers of `kinds` that the profile has; the demo's when `--demo`.
    pub(crate) async fn open(cli: &Cli, env: &Env, kinds: &[ServerKind]) -> Outcome<Session> {
        #[cfg(feature = "demo")]
        if cli.demo {
            return Self::demo(cli, kinds).await;
        }
        let loaded =
            config::load(&LoadOptions { path: cli.config.clone(), env: env.clone() }).map_err(config_failure)?;
        for w in &loaded.warnings {
            eprintln!("opsy: warning: {w}");
        }
        let selected = config::select_profile(&loaded, cli.profile.as_deref()).map_err(config_failure)?;
        let mut session = Session::empty(cli.read_only || selected.profile.read_only, selected.name.clone());
        for &kind in kinds {
            let Some(entry) = selected.server(kind) else { continue };
            let mut conn = Connection::new(config::server_options(entry, kind, env).map_err(config_failure)?);
            conn.org_id = entry.org_id.clone();
            conn.ui_url = entry.ui_url.clone();
            session.add(kind, conn)?;
        }
        Ok(session)
    }

    #[cfg(feature = "demo")]
    async fn demo(cli: &Cli, kinds: &[ServerKind]) -> Outcome<Session> {
        let options = opsy_demo::DemoOptions { size: cli.demo_size, ..Default::default() };
        let server = opsy_demo::DemoServer::start(options, 0)
            .await
            .map_err(|e| Failure::new(Exit::Server, format!("starting the embedded demo server: {e}")))?;
        let mut session = Session::empty(cli.read_only, "demo".into());
        for &kind in kinds {
            let Some(conn) = backends::demo(kind, &server) else { continue };
            session.add(kind, conn)?;
        }
        session.demo = Some(server);
        Ok(session)
    }

    fn empty(read_only: bool, profile: String) -> Self {
        Session {
            backends: Backends::default(),
            sources: Sources::default(),
            connections: Vec::new(),
            read_only,
            profile,
            #[cfg(feature = "demo")]
            demo: None,
        }
    }

    fn add(&mut self, kind: ServerKind, conn: Connection) -> Outcome<()> {
        let connected = backends::connect(kind, self.backends.next_id(), &conn)
            .map_err(|e| Failure::usage(format!("{kind}: {e} (see `opsy config check`)")))?;
        self.backends.add(connected);
        self.connections.push(Arc::new(conn));
        self.sources = self.backends.sources();
        Ok(())
    }

    pub(crate) fn sources(&self) -> &Sources {
        &self.sources
    }

    /// The source of this kind, or why there is none.
    pub(crate) fn source(&self, kind: &str) -> Outcome<&SourceInfo> {
        self.sources.iter().find(|s| s.kind == kind).ok_or_else(|| self.missing(&[kind]))
    }

    /// No server of these kinds in the profile: where to add one.
    pub(crate) fn missing(&self, kinds: &[&str]) -> Failure {
        let tables: Vec<String> = kinds.iter().map(|k| format!("[profiles.{}.{k}]", self.profile)).collect();
        Failure::usage(format!(
            "profile {:?} has no {} server: add {} to the config \
             (`opsy config path` says where it is, `opsy config default` shows the keys)",
            self.profile,
            kinds.join(" or "),
            tables.join(" or ")
        ))
    }

    pub(crate) fn connection(&self, source: &SourceInfo) -> Option<&Connection> {
        self.connections.get(usize::from(source.id.0)).map(|c| &**c)
    }

    /// Changes are refused, before anything is sent, under `--read-only` or a read-only profile.
    pub(crate) fn allow_changes(&self, what: &str) -> Outcome<()> {
        if self.read_only {
            return Err(Failure::new(
                Exit::ReadOnly,
                format!(
                    "refused: {what} changes a server, and opsy is read-only (--read-only or the profile's read_only)"
                ),
            ));
        }
        Ok(())
    }

    pub(crate) async fn fetch(&self, feed: &Feed) -> Result<Payload, ApiError> {
        // A script's process holds nothing of any earlier answer.
        self.backends.fetch(feed, Held::Nothing).await
    }

    pub(crate) async fn call(&self, call: &Call) -> Result<Reply, ApiError> {
        self.backends.call(call).await
    }

    pub(crate) async fn close(self) {
        #[cfg(feature = "demo")]
        if let Some(server) = self.demo {
            server.shutdown().await;
        }
    }
}

fn config_failure(e: ConfigError) -> Failure {
    Failure::new(Exit::Usage, format!("{e}\n  (`opsy config check` explains the effective config)"))
}
