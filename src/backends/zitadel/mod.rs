//! ZITADEL (Management API v1 actions and flows, Admin API v1 events) as a source of
//! actions: list, detail with the flow triggers an action is bound to, deactivate and
//! reactivate, and, for tokens that may read events, a history that can be reverted by
//! PUTting an earlier state back. The wire quirks this relies on are in docs/wire-zitadel.md.

pub(crate) mod adapter;
pub(crate) mod client;
pub(crate) mod duration;
pub(crate) mod edit;
pub(crate) mod errors;
pub(crate) mod events;
pub(crate) mod flows;
pub(crate) mod glossary;
pub(crate) mod history;
pub(crate) mod wire;

use std::sync::{Arc, Mutex};

use futures_util::FutureExt;
use futures_util::future::BoxFuture;

use super::{Backend, Connected, Connection, Held, unsupported};
use crate::app::effect::{ActionCall, AuditCall, Call};
use crate::app::msg::{About, Feed, Payload, Reply};
use crate::app::panes::actions::ActionsCaps;
use crate::app::source::{Key, SourceId, SourceInfo};
use crate::domain::error::ApiError;
use client::{EventsAccess, Toggled, ZitadelClient};
use wire::Flow;

pub(crate) fn connect(id: SourceId, conn: &Connection) -> Result<Connected, ApiError> {
    let client = ZitadelClient::new(&conn.options, conn.org_id.clone())?;
    let mut info = SourceInfo::new("zitadel", "ZITADEL", client.label());
    info.actions = Some(actions_caps());
    info.about = true;
    Ok(Connected { info, backend: Arc::new(Zitadel { id, client, flows: Mutex::new(None) }) })
}

#[cfg(feature = "demo")]
pub(crate) fn demo(server: &opsy_demo::DemoServer) -> Connection {
    use super::http::{Auth, ServerOptions};
    let auth = Auth::Bearer(crate::domain::secret::Secret::new(server.zitadel_token()));
    let mut conn = Connection::new(ServerOptions::new(server.zitadel_url(), auth));
    conn.org_id = Some(server.zitadel_org_id().to_string());
    conn
}

fn actions_caps() -> ActionsCaps {
    ActionsCaps {
        detail: true,
        toggle: true,
        edit: true,
        edit_notes: &[
            "Sent as ZITADEL's UpdateAction (PUT /management/v1/actions/{id}): name, script, timeout and allowedToFail are all replaced.",
        ],
        // Known once the token's right to read events has been probed (`About`).
        history: Err("checking whether this token may read ZITADEL's events…".into()),
        revert: true,
        facts_header: "TIMEOUT",
        owner_label: "organisation",
        revert_note: " (opsy PUTs the earlier name, script, timeout and allowedToFail back; ZITADEL records it as a new change)",
        revert_done: "ZITADEL recorded it as a new change",
        ..ActionsCaps::default()
    }
}

struct Zitadel {
    id: SourceId,
    client: ZitadelClient,
    /// The flows, fetched once for "where is it bound" and kept until `r` in a detail: one
    /// request per flow type is too much to repeat for every action opened.
    flows: Mutex<Option<Vec<Flow>>>,
}

impl Backend for Zitadel {
    fn fetch<'a>(&'a self, feed: &'a Feed, _held: Held) -> BoxFuture<'a, Result<Payload, ApiError>> {
        self.fetch_feed(feed).boxed()
    }

    fn probe(&self) -> BoxFuture<'_, Result<String, ApiError>> {
        async move {
            let n = self.client.list_actions().await?.len();
            Ok(format!("the token may list actions ({n} in the organisation)"))
        }
        .boxed()
    }

    fn call<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<Reply, ApiError>> {
        self.run(call).boxed()
    }
}

fn action_id(key: &Key) -> Result<&str, ApiError> {
    match key {
        Key::Text(id) => Ok(id),
        other => Err(ApiError::Local(format!("not a ZITADEL action key: {other:?}"))),
    }
}

impl Zitadel {
    async fn fetch_feed(&self, feed: &Feed) -> Result<Payload, ApiError> {
        match feed {
            Feed::Actions(_) => {
                let actions = self.client.list_actions().await?;
                Ok(Payload::Actions(actions.iter().map(|a| adapter::row(self.id, a)).collect()))
            }
            Feed::Audits(_, key) => {
                let events = self.client.action_events(action_id(key)?).await?;
                Ok(Payload::Audits(adapter::audit_rows(&history::fold(&events))))
            }
            Feed::About(_) => {
                let history = match self.client.probe_events().await? {
                    EventsAccess::Readable => Ok(()),
                    EventsAccess::Denied => Err(format!(
                        "no history for ZITADEL actions: {}",
                        glossary::NO_EVENTS_READ.trim_end_matches('.')
                    )),
                };
                Ok(Payload::About(About { whoami: None, history: Some(history) }))
            }
            _ => Err(unsupported("ZITADEL", "such collection")),
        }
    }

    async fn run(&self, call: &Call) -> Result<Reply, ApiError> {
        match call {
            Call::Action(_, ActionCall::Detail { key, fresh }) => {
                let id = action_id(key)?;
                let action = self.client.get_action(id).await?;
                let flows = self.flows(*fresh).await?;
                Ok(Reply::Document(adapter::detail(&action, &flows::bindings_of(&flows, id))))
            }
            Call::Action(_, ActionCall::SetActive { key, active }) => {
                let id = action_id(key)?;
                let toggled =
                    if *active { self.client.reactivate(id).await? } else { self.client.deactivate(id).await? };
                // The answer is not the new state: read it back.
                let action = self.client.get_action(id).await?;
                let row = Box::new(adapter::row(self.id, &action));
                Ok(Reply::ActionToggled { row, already: toggled == Toggled::AlreadyInState })
            }
            Call::Audit(_, AuditCall::Revert { key, audit }) => {
                let id = action_id(key)?;
                // Fold the history as the server has it now, not as it was shown.
                let revisions = history::fold(&self.client.action_events(id).await?);
                let sequence = u64::try_from(*audit).unwrap_or_default();
                let Some(change) = revisions.iter().find(|r| r.sequence == sequence) else {
                    return Err(ApiError::Local(format!("ZITADEL no longer has event #{audit} of this action")));
                };
                self.client.revert_to(id, &change.before).await?;
                Ok(Reply::Done)
            }
            Call::Action(_, ActionCall::EditText(key)) => {
                let action = self.client.get_action(action_id(key)?).await?;
                Ok(Reply::EditText { text: edit::text(&action), ext: "js" })
            }
            Call::Action(_, ActionCall::CheckEdit { text, .. }) => {
                edit::parse(text)?;
                Ok(Reply::Done)
            }
            Call::Action(_, ActionCall::ApplyEdit { key: Some(key), text }) => {
                let id = action_id(key)?;
                let f = edit::parse(text)?;
                self.client.update_action(id, &f.name, &f.script, f.timeout, f.allowed_to_fail).await?;
                Ok(Reply::EditApplied { key: key.clone(), name: f.name, created: false })
            }
            _ => Err(unsupported("ZITADEL", "such request")),
        }
    }

    async fn flows(&self, fresh: bool) -> Result<Vec<Flow>, ApiError> {
        if !fresh && let Some(cached) = self.flows.lock().ok().and_then(|f| f.clone()) {
            return Ok(cached);
        }
        let flows = self.client.flows().await?;
        if let Ok(mut slot) = self.flows.lock() {
            *slot = Some(flows.clone());
        }
        Ok(flows)
    }
}

#[cfg(test)]
mod tests;
