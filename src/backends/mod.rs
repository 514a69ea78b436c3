//! One folder per server dialect, over one shared HTTP layer (`http`), one set of tolerant
//! field decoders (`de`) and local files (`files`). Each folder holds its wire types, client,
//! adapter to the panes' rows and pages, error glossary and tests; the demo server's slice of
//! the same dialect lives in the `opsy-demo` crate.
//!
//! A backend reaches the app only as data: the [`SourceInfo`] it describes itself with, and
//! the rows, pages and answers it turns its server's replies into, off the key path. Adding a
//! backend is a folder, a line in [`connect`] (and [`demo`]), and its section in the config
//! schema.

pub(crate) mod cds;
pub(crate) mod de;
pub(crate) mod files;
pub(crate) mod heimdall;
pub(crate) mod http;
pub(crate) mod progress;
#[cfg(test)]
mod props;
pub(crate) mod waldur;
pub(crate) mod zitadel;

use std::sync::Arc;

use futures_util::future::BoxFuture;

use crate::app::effect::Call;
use crate::app::msg::{Feed, Payload, Reply};
use crate::app::source::{SourceId, SourceInfo};
use crate::config::ServerKind;
use crate::domain::error::ApiError;
use http::ServerOptions;

/// A server the runtime polls and sends requests to, on its tasks.
pub(crate) trait Backend: Send + Sync {
    fn fetch<'a>(&'a self, feed: &'a Feed, held: Held) -> BoxFuture<'a, Result<Payload, ApiError>>;
    fn call<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<Reply, ApiError>>;
    /// One cheap authenticated request (`opsy config check --online`): what the server said,
    /// in a few words, or why it refused.
    fn probe(&self) -> BoxFuture<'_, Result<String, ApiError>>;
}

/// What the pane holds of a feed when its poller fetches. A backend that answers "unchanged"
/// may do so only when the pane holds its previous answer: a new poller's pane may hold rows
/// of another query (the answer it discarded when the operator switched away and back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Held {
    Nothing,
    Previous,
}

/// How to reach one server, as the config (or the demo) says.
#[derive(Debug, Clone)]
pub(crate) struct Connection {
    pub(crate) options: ServerOptions,
    /// ZITADEL: the organisation every request acts in (`x-zitadel-orgid`).
    pub(crate) org_id: Option<String>,
    /// Waldur: its web UI, for "open in Waldur" links (`None`: the API's host).
    pub(crate) ui_url: Option<String>,
}

impl Connection {
    pub(crate) fn new(options: ServerOptions) -> Self {
        Self { options, org_id: None, ui_url: None }
    }
}

/// A source ready to use: what the app is told, and what the runtime calls.
pub(crate) struct Connected {
    pub(crate) info: SourceInfo,
    pub(crate) backend: Arc<dyn Backend>,
}

/// Every backend opsy speaks, by its config name.
pub(crate) fn connect(kind: ServerKind, id: SourceId, conn: &Connection) -> Result<Connected, ApiError> {
    match kind {
        ServerKind::Cds => cds::connect(id, conn),
        ServerKind::Waldur => waldur::connect(id, conn),
        ServerKind::Zitadel => zitadel::connect(id, conn),
        ServerKind::Heimdall => heimdall::connect(id, conn),
    }
}

/// Where each backend lives on the demo server, with a token that works there.
#[cfg(feature = "demo")]
pub(crate) fn demo(kind: ServerKind, server: &opsy_demo::DemoServer) -> Option<Connection> {
    match kind {
        ServerKind::Cds => Some(cds::demo(server)),
        ServerKind::Waldur => Some(waldur::demo(server)),
        ServerKind::Zitadel => Some(zitadel::demo(server)),
        ServerKind::Heimdall => Some(heimdall::demo(server)),
    }
}

/// Lowers the calling thread's scheduling priority (nice 10): work done for a later frame
/// (preparing a poll's rows, freeing the old ones) then waits while keys are handled. Only the
/// calling thread changes, on Linux; elsewhere this does nothing.
pub(crate) fn background_priority() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: setpriority and gettid take plain integers and touch only this thread's nice value.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 10);
    }
}

/// The answer a backend gives for a feed or call it does not serve (never expected: the app
/// only asks a source for what its `SourceInfo` offers).
pub(crate) fn unsupported(source: &str, what: &str) -> ApiError {
    ApiError::Local(format!("{source} has no {what}"))
}
