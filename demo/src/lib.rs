//! The embedded demo server that `opsy --demo` starts in-process and `opsy demo-server` runs
//! alone. It implements the servers' wire contracts, quirks included, so that the client is
//! exercised the way a real server would exercise it. Each dialect lives under its own path
//! prefix (Waldur: `/api/`, CDS: `/cdsapi`); tests can inspect every request and inject faults.

pub mod cds;
mod clock;
mod faults;
pub mod heimdall;
mod incoming;
mod pages;
mod query;
mod recorder;
pub mod waldur;
pub mod zitadel;

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::response::Response;
use jiff::Timestamp;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use cds::CdsState;
pub use faults::Fault;
pub use heimdall::HeimdallState;
pub use recorder::RecordedRequest;
pub use waldur::WaldurState;
pub use zitadel::ZitadelState;

use faults::{Effect, Faults};
use incoming::Incoming;
use recorder::Recorder;

/// The seed used unless told otherwise: the demo shows the same data on every start.
pub const DEFAULT_SEED: u64 = 0x0b5e_55ed_2025;
/// Request bodies beyond this are refused (Django's `DATA_UPLOAD_MAX_MEMORY_SIZE`).
const MAX_BODY: usize = 2_621_440;

#[derive(Debug, Clone, PartialEq)]
pub struct DemoOptions {
    /// Number of Waldur user actions to seed.
    pub size: usize,
    pub seed: u64,
    /// A frozen clock for tests and snapshots; `None` follows the real clock.
    pub now: Option<Timestamp>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self { size: 300, seed: DEFAULT_SEED, now: None }
    }
}

struct Shared {
    waldur: Mutex<WaldurState>,
    cds: Mutex<CdsState>,
    zitadel: Mutex<ZitadelState>,
    heimdall: Mutex<HeimdallState>,
    recorder: Recorder,
    faults: Faults,
    local: SocketAddr,
}

/// A running demo server. Dropping it stops the server; [`shutdown`](Self::shutdown) also
/// waits for it.
pub struct DemoServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    waldur_token: String,
    waldur_staff_token: String,
    cds_tokens: [String; 3],
    zitadel_ids: ZitadelIds,
    heimdall_tokens: [String; 2],
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl DemoServer {
    /// Seed the data and listen on `127.0.0.1:port` (`0` picks a free port).
    pub async fn start(opts: DemoOptions, port: u16) -> io::Result<DemoServer> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let addr = listener.local_addr()?;
        let clock = clock::Clock::new(opts.now);
        // 100k rows take a moment to generate: keep the runtime's worker free meanwhile.
        let state = tokio::task::spawn_blocking(move || waldur::build(opts.size, opts.seed, clock))
            .await
            .map_err(io::Error::other)?;
        let cds = cds::build(opts.seed, clock);
        let cds_token = |name: &str| cds.user(name).map(|u| u.token.clone()).unwrap_or_default();
        let cds_tokens = [cds_token(cds::OPERATOR), cds_token(cds::ADMIN), cds_token(cds::MEMBER)];
        let zitadel = zitadel::build(opts.seed, clock);
        let zitadel_ids = ZitadelIds::of(&zitadel);
        let heimdall = heimdall::build(opts.seed, clock);
        let heimdall_tokens = heimdall::tokens(&heimdall);
        let waldur_token = state.demo_user().token.clone();
        let waldur_staff_token = state.staff_user().token.clone();
        let shared = Arc::new(Shared {
            waldur: Mutex::new(state),
            cds: Mutex::new(cds),
            zitadel: Mutex::new(zitadel),
            heimdall: Mutex::new(heimdall),
            recorder: Recorder::default(),
            faults: Faults::default(),
            local: addr,
        });
        let app = Router::new().fallback(serve_request).with_state(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let server = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(e) = server.await {
                tracing::warn!("demo server stopped: {e}");
            }
        });
        Ok(DemoServer {
            addr,
            shared,
            waldur_token,
            waldur_staff_token,
            cds_tokens,
            zitadel_ids,
            heimdall_tokens,
            stop: Some(stop),
            task: Some(task),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Base URL of the Waldur API, with its trailing slash.
    pub fn waldur_url(&self) -> String {
        format!("http://{}/api/", self.addr)
    }

    /// The demo user's DRF token (40 hex characters); this user owns every user action.
    pub fn waldur_token(&self) -> &str {
        &self.waldur_token
    }

    /// A staff user's token: needed for `/user-action-providers/`; owns no user actions.
    pub fn waldur_staff_token(&self) -> &str {
        &self.waldur_staff_token
    }

    /// Base URL of the CDS API, without a trailing slash.
    pub fn cds_url(&self) -> String {
        format!("http://{}{}", self.addr, cds::PREFIX)
    }

    /// The demo operator's persistent session token (`Session-Token` with
    /// `X-Requested-With: X-CDS-SDK`): admin of `platform` and `data-eng`, member of
    /// `payments`, not in `shared.infra`.
    pub fn cds_token(&self) -> &str {
        &self.cds_tokens[0]
    }

    /// A CDS administrator's session token: every check passes.
    pub fn cds_admin_token(&self) -> &str {
        &self.cds_tokens[1]
    }

    /// A user with member rights only (plain member of `platform`), to exercise 403s.
    pub fn cds_member_token(&self) -> &str {
        &self.cds_tokens[2]
    }

    /// Base URL of the ZITADEL instance, without a trailing slash: opsy appends
    /// `/management/v1/…` and `/admin/v1/…`.
    pub fn zitadel_url(&self) -> String {
        format!("http://{}{}", self.addr, zitadel::PREFIX)
    }

    /// An IAM_OWNER's personal access token: every organisation, and the Admin API's events.
    pub fn zitadel_token(&self) -> &str {
        &self.zitadel_ids.iam_token
    }

    /// An ORG_OWNER's personal access token (organisation `ACME`): manages its actions, gets
    /// 403 on the Admin API's events and on other organisations.
    pub fn zitadel_org_token(&self) -> &str {
        &self.zitadel_ids.org_token
    }

    /// The id of `ACME`, the organisation both tokens' users belong to.
    pub fn zitadel_org_id(&self) -> &str {
        &self.zitadel_ids.org_id
    }

    /// Read or change the ZITADEL data directly.
    pub fn with_zitadel<R>(&self, f: impl FnOnce(&mut ZitadelState) -> R) -> R {
        let mut state = self.shared.zitadel.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut state)
    }

    /// Base URL of the Heimdall Admin Service, as behind its proxy, without a trailing slash.
    pub fn heimdall_url(&self) -> String {
        format!("http://{}{}", self.addr, heimdall::PREFIX)
    }

    /// A superadmin's JWT (unsigned, as the service never checks signatures): its
    /// `preferred_username` is a CPF and its `resource_access.superapp.roles` holds
    /// `heimdall-admin`.
    pub fn heimdall_token(&self) -> &str {
        &self.heimdall_tokens[0]
    }

    /// A plain user's JWT: a member of `engineering:backend` and `ops_team`, not an admin, so
    /// member listing and every change are refused.
    pub fn heimdall_user_token(&self) -> &str {
        &self.heimdall_tokens[1]
    }

    /// Every request received so far (the most recent 4096), oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.recorder.all()
    }

    /// The query string of each recorded request, oldest first: cheaper than `requests` for a
    /// caller that polls it often.
    pub fn request_queries(&self) -> Vec<Option<String>> {
        self.shared.recorder.queries()
    }

    pub fn clear_requests(&self) {
        self.shared.recorder.clear();
    }

    pub fn inject(&self, fault: Fault) {
        self.shared.faults.inject(fault);
    }

    /// Read or change the Waldur data directly, e.g. to insert a row with a hostile title.
    pub fn with_waldur<R>(&self, f: impl FnOnce(&mut WaldurState) -> R) -> R {
        let mut state = self.shared.waldur.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut state)
    }

    /// Read or change the CDS data directly.
    pub fn with_cds<R>(&self, f: impl FnOnce(&mut CdsState) -> R) -> R {
        let mut state = self.shared.cds.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut state)
    }

    /// Read or change the Heimdall data directly (or take its Cerbos down).
    pub fn with_heimdall<R>(&self, f: impl FnOnce(&mut HeimdallState) -> R) -> R {
        let mut state = self.shared.heimdall.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut state)
    }

    /// Stop accepting, let requests in flight finish (at most 2 s), then stop.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(2), task).await.is_err() {
                abort.abort();
            }
        }
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // Nobody waits here, and a delayed request must not keep the port open.
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

async fn serve_request(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        return pages::bad_request();
    };
    shared.recorder.record(&parts, &body);
    let incoming = Incoming {
        method: parts.method,
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        headers: parts.headers,
        body,
        local: shared.local,
    };
    match shared.faults.take(&incoming.target()) {
        Some(Effect::Respond(resp)) => return resp,
        Some(Effect::Delay(delay)) => tokio::time::sleep(delay).await,
        None => {}
    }
    if incoming.path.starts_with("/api/") {
        waldur::handle(&shared.waldur, &incoming)
    } else if incoming.path.starts_with(cds::PREFIX) {
        cds::handle(&shared.cds, &incoming)
    } else if incoming.path.starts_with(zitadel::PREFIX) {
        zitadel::handle(&shared.zitadel, &incoming)
    } else if heimdall::mounted(&incoming.path) {
        heimdall::handle(&shared.heimdall, &incoming)
    } else {
        pages::not_found()
    }
}

/// The ZITADEL credentials the demo hands out, read once from the seed.
struct ZitadelIds {
    iam_token: String,
    org_token: String,
    org_id: String,
}

impl ZitadelIds {
    fn of(s: &ZitadelState) -> Self {
        let token = |role| s.token_user(role).map(|u| u.token.clone()).unwrap_or_default();
        Self {
            iam_token: token(zitadel::Role::IamOwner),
            org_token: token(zitadel::Role::OrgOwner),
            org_id: s.org_by_name(zitadel::ACME).map(|o| o.id.clone()).unwrap_or_default(),
        }
    }
}
