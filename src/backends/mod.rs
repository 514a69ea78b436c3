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

/// Puts the calling thread behind the key loop: work done for a later frame (the network,
/// decoding pages, preparing a poll's rows, freeing the old ones) then waits while a key is
/// handled and drawn. Only the calling thread changes, on Linux; elsewhere this does nothing.
///
/// `SCHED_IDLE` rather than a nice value: at nice 10 the scheduler still gave these threads
/// slices of a few milliseconds in the middle of a frame (measured: draws of 1 ms took 3–8 ms
/// while a poll's view was prepared). A `SCHED_IDLE` thread yields the core when the key loop
/// wakes, though not always at once: right after a frame the key loop may wait up to a tick
/// (docs/ARCHITECTURE.md, "Who runs first"), which is why the background does little. Where Linux groups a terminal session's processes for scheduling (autogroup,
/// on by default) it waits only for opsy's own key loop; where it does not, on a machine whose
/// cores are all busy, polls take longer while keys stay first.
pub(crate) fn background_priority() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: sched_setscheduler reads a plain struct and changes only the calling thread's
    // policy (pid 0); setpriority the same for its nice value.
    unsafe {
        let param = libc::sched_param { sched_priority: 0 };
        if libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) != 0 {
            libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 10);
        }
    }
}

/// The answer a backend gives for a feed or call it does not serve (never expected: the app
/// only asks a source for what its `SourceInfo` offers).
pub(crate) fn unsupported(source: &str, what: &str) -> ApiError {
    ApiError::Local(format!("{source} has no {what}"))
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod priority_tests {
    /// The calling thread, and only it, goes to the idle policy.
    #[test]
    fn background_work_runs_at_idle_priority_and_only_on_its_thread() {
        // SAFETY: sched_getscheduler takes a plain integer (0: the calling thread).
        let policy = || unsafe { libc::sched_getscheduler(0) };
        let before = policy();
        let inside = std::thread::spawn(move || {
            super::background_priority();
            policy()
        })
        .join()
        .expect("thread");
        assert_eq!(inside, libc::SCHED_IDLE);
        assert_eq!(policy(), before, "the caller's own thread is untouched");
    }
}
