//! Waldur: user actions sorted by urgency; silence, unsilence, execute corrective actions,
//! and the execution history. Wire notes: docs/wire-waldur.md.

pub(crate) mod client;
pub(crate) mod mirror;
pub(crate) mod model;
mod routes;

use std::sync::Arc;
use std::time::Instant;

use futures_util::future::BoxFuture;
use futures_util::{FutureExt, StreamExt};

use crate::app::effect::{Call, WaldurCall};
use crate::app::msg::{EachReport, Feed, Payload, Reply};
use crate::app::panes::user_actions::UserActionsView;
use crate::app::source::{SourceId, SourceInfo};
use crate::domain::error::ApiError;
use client::WaldurClient;
use mirror::{Mirror, Update};
use model::ListQuery;
use tokio::sync::Mutex;
use uuid::Uuid;

use super::{Backend, Connected, Connection, Held, unsupported};

/// Per-row silencing in parallel, but gently: a few at a time.
const PARALLEL_SILENCES: usize = 4;

pub(crate) fn connect(_id: SourceId, conn: &Connection) -> Result<Connected, ApiError> {
    let client = WaldurClient::new(&conn.options)?;
    let mut info = SourceInfo::new("waldur", "Waldur", client.label());
    info.user_actions = true;
    info.executions = true;
    let web = routes::WebUi::new(conn.ui_url.as_deref(), &conn.options.url);
    info.web_ui = web.as_ref().map(routes::WebUi::root);
    Ok(Connected { info, backend: Arc::new(Waldur { client, web, mirror: Arc::new(Mutex::new(Mirror::default())) }) })
}

#[cfg(feature = "demo")]
pub(crate) fn demo(server: &opsy_demo::DemoServer) -> Connection {
    use super::http::{Auth, ServerOptions};
    let auth = Auth::Token(crate::domain::secret::Secret::new(server.waldur_token()));
    Connection::new(ServerOptions::new(server.waldur_url(), auth))
}

struct Waldur {
    client: WaldurClient,
    web: Option<routes::WebUi>,
    /// Every row the caller has, kept between polls so a poll asks only for what changed.
    /// One poll at a time uses it (the pane's feed changes when `i` is pressed).
    mirror: Arc<Mutex<Mirror>>,
}

impl Backend for Waldur {
    fn fetch<'a>(&'a self, feed: &'a Feed, held: Held) -> BoxFuture<'a, Result<Payload, ApiError>> {
        self.fetch_feed(feed, held).boxed()
    }

    fn probe(&self) -> BoxFuture<'_, Result<String, ApiError>> {
        async move {
            let s = self.client.summary(&model::ListQuery::default()).await?;
            Ok(format!("the token is accepted ({} user actions for this user)", s.total))
        }
        .boxed()
    }

    fn call<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<Reply, ApiError>> {
        self.run(call).boxed()
    }
}

impl Waldur {
    async fn fetch_feed(&self, feed: &Feed, held: Held) -> Result<Payload, ApiError> {
        match feed {
            // The pane filters locally and polls the mirror; a query the server filters (a
            // script's `opsy get user-actions --urgency high`) is one filtered listing.
            Feed::UserActions(_, query) if query.has_server_filters() => {
                let (list, summary) = tokio::join!(self.client.list_user_actions(query), self.client.summary(query));
                Ok(Payload::UserActions(Box::new(UserActionsView::new(list?.rows, summary?))))
            }
            Feed::UserActions(_, query) => self.poll_user_actions(query, held).await,
            Feed::Executions(_) => {
                let page = self.client.list_executions().await?;
                Ok(Payload::Executions { rows: page.rows, total: page.total })
            }
            _ => Err(unsupported("Waldur", "such collection")),
        }
    }

    /// A full load when the mirror is new, old, or its count disagrees with the server's;
    /// otherwise only the rows changed since the last poll. The view is prepared here, off
    /// the key path, and not sent at all when the pane already shows it.
    async fn poll_user_actions(&self, query: &ListQuery, held: Held) -> Result<Payload, ApiError> {
        let mut mirror = self.mirror.clone().lock_owned().await;
        if held == Held::Nothing {
            mirror.forget_sent();
        }
        let mut server_time = None;
        if !mirror.needs_full(Instant::now()) {
            let found = self.client.changed_since(mirror.expected_changes(), |r| mirror.is_settled(r)).await?;
            server_time = found.server_time();
            if !mirror.take(found, Instant::now()) {
                tracing::info!("user action counts disagree (rows were deleted): loading everything");
                mirror.forget();
            }
        }
        if mirror.needs_full(Instant::now()) {
            let found = self.client.load_mirror().await?;
            server_time = found.server_time();
            mirror.take(found, Instant::now());
        }
        let now = server_time.unwrap_or_else(jiff::Timestamp::now);
        // Filtering, sorting and indexing 100k rows takes tens of milliseconds of CPU: on a
        // thread of its own, behind the key loop in the scheduler's queue.
        let query = query.clone();
        let update = tokio::task::spawn_blocking(move || {
            super::background_priority();
            mirror.view(&query, now)
        })
        .await
        .map_err(|e| ApiError::Local(format!("preparing the user actions: {e}")))?;
        Ok(match update {
            Update::Unchanged => Payload::UserActionsUnchanged,
            Update::Counts(summary) => Payload::UserActionsCounts(summary),
            Update::View(view) => Payload::UserActions(Box::new(view)),
        })
    }

    async fn run(&self, call: &Call) -> Result<Reply, ApiError> {
        let Call::Waldur(_, op) = call else { return Err(unsupported("Waldur", "actions or groups")) };
        let c = &self.client;
        match op {
            WaldurCall::Get { uuid } => {
                let mut ua = c.get_user_action(*uuid).await?;
                self.link(&mut ua);
                Ok(Reply::UserAction(Box::new(ua)))
            }
            WaldurCall::Silence { uuid, days } => Ok(Reply::Silenced(c.silence(*uuid, *days).await?)),
            WaldurCall::Unsilence { uuid } => {
                c.unsilence(*uuid).await?;
                Ok(Reply::Unsilenced)
            }
            WaldurCall::BulkSilence { query, days } => Ok(Reply::BulkSilenced(c.bulk_silence(query, *days).await?)),
            WaldurCall::SilenceEach { uuids, days } => Ok(Reply::Each(
                each(uuids, |uuid| async move { c.silence(uuid, *days).await.map(|_| String::new()) }).await,
            )),
            WaldurCall::UnsilenceEach { uuids } => Ok(Reply::Each(
                each(uuids, |uuid| async move { c.unsilence(uuid).await.map(|()| String::new()) }).await,
            )),
            WaldurCall::ExecuteEach { uuids, label } => {
                let run = |uuid| async move { c.execute(uuid, label).await.map(|r| r.message.to_string()) };
                Ok(Reply::Each(each(uuids, run).await))
            }
            WaldurCall::Execute { uuid, label } => Ok(Reply::Executed(c.execute(*uuid, label).await?)),
            WaldurCall::UpdateActions => Ok(Reply::UpdateScheduled(c.update_actions(None).await?)),
        }
    }
}

/// One request per target, a few at a time, and what each answered.
async fn each<F, Fut>(uuids: &[Uuid], one: F) -> EachReport
where
    F: Fn(Uuid) -> Fut,
    Fut: std::future::Future<Output = Result<String, ApiError>>,
{
    let results: Vec<(Uuid, Result<String, ApiError>)> = futures_util::stream::iter(uuids.iter().copied())
        .map(|uuid| {
            let call = one(uuid);
            async move { (uuid, call.await) }
        })
        .buffer_unordered(PARALLEL_SILENCES)
        .collect()
        .await;
    let mut report = EachReport::default();
    for (uuid, result) in results {
        match result {
            Ok(said) => report.ok.push((uuid, said)),
            Err(e) => report.failed.push((uuid, e)),
        }
    }
    report
}

impl Waldur {
    /// Where the user action and each of its corrective actions open in the web UI (the UI
    /// itself is in `SourceInfo::web_ui`).
    fn link(&self, ua: &mut model::UserAction) {
        let Some(web) = &self.web else { return };
        ua.web_url = web.link(&ua.route_name, &ua.route_params);
        for a in ua.corrective_actions.iter_mut() {
            a.web_url = a.route_name.as_deref().and_then(|route| web.link(route, &a.route_params));
        }
    }
}

#[cfg(test)]
mod tests;
