//! ZITADEL over its REST gateway (docs/wire-zitadel.md): Management API v1 for actions and
//! flows, Admin API v1 for the events behind an action's history. The base URL is the
//! instance root; every management request names the organisation in `x-zitadel-orgid` when
//! the profile sets one (without it ZITADEL uses the token's own organisation).

use std::collections::HashSet;
use std::time::Duration;

use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;

use super::duration;
use super::errors::{self, ACTION_NOT_CHANGED};
use super::events::{Event, ListEventsResponse};
use super::flows::FLOW_TYPES;
#[cfg(test)]
use super::flows::{Binding, bindings_of};
use super::glossary::{self, Api};
use super::history::ActionSnapshot;
use super::wire::{Action, Details, Flow, GetActionResponse, GetFlowResponse, ListActionsResponse, MutationResponse};
use crate::backends::de::interning;
use crate::backends::http::{HttpClient, RawResponse, ServerOptions, segment};
use crate::domain::error::ApiError;

const ORG_HEADER: &str = "x-zitadel-orgid";
/// Actions per page. Sent explicitly: without a limit the server picks its own default, and
/// above 1000 it refuses the query.
pub(crate) const PAGE_LIMIT: u32 = 200;
/// 100 000 actions: far beyond any real organisation, small enough to stop a server that
/// keeps answering full pages.
const MAX_PAGES: usize = 500;
/// Events per page (the server caps a page at 1000).
pub(crate) const EVENTS_LIMIT: u32 = 200;
const MAX_EVENT_PAGES: usize = 50;

#[derive(Debug, Clone)]
pub(crate) struct ZitadelClient {
    http: HttpClient,
    org_header: Option<HeaderValue>,
}

/// The answer to a deactivate or reactivate. Neither carries the action's new state (the
/// `creationDate` in `details` is the time of the event): refetch with
/// [`ZitadelClient::get_action`] to show it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Toggled {
    Changed(Details),
    /// The server said the action was already in the requested state: nothing happened, and
    /// that is what the operator wanted.
    AlreadyInState,
}

/// The answer to an update (a full replace). Like [`Toggled`], not the new state.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Updated {
    Changed(Details),
    /// Every field already had the value sent.
    Unchanged,
}

/// Whether this token may read the Admin API's events (the history view).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventsAccess {
    Readable,
    /// 403: the token has no `events.read`; there is no history to show, which is not an error.
    Denied,
}

impl ZitadelClient {
    /// `org_id`, when set, is sent on every management request; it must be a valid header
    /// value, which is checked here rather than on the first request.
    pub(crate) fn new(opts: &ServerOptions, org_id: Option<String>) -> Result<Self, ApiError> {
        let org_id = org_id.map(|o| o.trim().to_string()).filter(|o| !o.is_empty());
        let org_header = match &org_id {
            Some(o) => Some(HeaderValue::from_str(o).map_err(|_| {
                ApiError::Local(format!("the ZITADEL organisation id {o:?} cannot be sent in an HTTP header"))
            })?),
            None => None,
        };
        Ok(Self { http: HttpClient::new(opts)?, org_header })
    }

    pub(crate) fn label(&self) -> &str {
        self.http.label()
    }

    #[cfg(test)]
    pub(crate) fn org_id(&self) -> Option<&str> {
        self.org_header.as_ref().and_then(|h| h.to_str().ok())
    }

    // ----- actions -----

    /// Every action of the organisation, by name ascending, all pages. Pages are fetched one
    /// after the other (an offset needs the previous page's count); an action that shifts
    /// between pages while they load is kept once.
    pub(crate) async fn list_actions(&self) -> Result<Vec<Action>, ApiError> {
        let mut actions: Vec<Action> = Vec::new();
        let mut seen = HashSet::new();
        let mut offset: u64 = 0;
        for _ in 0..MAX_PAGES {
            let body = ListActionsBody {
                query: ListQuery { offset: offset.to_string(), limit: PAGE_LIMIT, asc: true },
                sorting_column: "ACTION_FIELD_NAME_NAME",
            };
            let req = HttpClient::json_body(self.management(Method::POST, "actions/_search")?, &body)?;
            let resp = self.exec(req, Api::Management).await?;
            let page: ListActionsResponse = interning(|| self.http.decode(&resp, "action list"))?;
            let got = page.result.len() as u64;
            let total = page.details.total_result;
            actions.extend(page.result.into_iter().filter(|a| seen.insert(a.id.raw().to_string())));
            offset += got;
            // An empty page ends the walk even if the count promised more (rows deleted
            // meanwhile); without a count, a short page is the last.
            if got == 0 || (total > 0 && offset >= total) || (total == 0 && got < u64::from(PAGE_LIMIT)) {
                break;
            }
        }
        Ok(actions)
    }

    pub(crate) async fn get_action(&self, id: &str) -> Result<Action, ApiError> {
        let req = self.management(Method::GET, &format!("actions/{}", segment(id)))?;
        let resp = self.exec(req, Api::Management).await?;
        let answer: GetActionResponse = interning(|| self.http.decode(&resp, "action"))?;
        answer.action.ok_or_else(|| ApiError::Decode {
            server: self.label().to_string(),
            what: "action",
            detail: "the answer has no action".into(),
        })
    }

    /// `_deactivate`; an action that is already inactive answers `Errors.Action.NotActive`,
    /// which is [`Toggled::AlreadyInState`].
    pub(crate) async fn deactivate(&self, id: &str) -> Result<Toggled, ApiError> {
        self.toggle(id, "_deactivate", errors::ACTION_NOT_ACTIVE).await
    }

    /// `_reactivate`; `Errors.Action.NotInactive` is [`Toggled::AlreadyInState`].
    pub(crate) async fn reactivate(&self, id: &str) -> Result<Toggled, ApiError> {
        self.toggle(id, "_reactivate", errors::ACTION_NOT_INACTIVE).await
    }

    async fn toggle(&self, id: &str, verb: &str, already: errors::Known) -> Result<Toggled, ApiError> {
        let req = self.management(Method::POST, &format!("actions/{}/{verb}", segment(id)))?;
        let req = HttpClient::json_body(req, &Empty {})?;
        match self.exec(req, Api::Management).await {
            Ok(resp) => Ok(Toggled::Changed(self.mutation_details(&resp)?)),
            Err(e) if errors::is(&e, already) => Ok(Toggled::AlreadyInState),
            Err(e) => Err(e),
        }
    }

    /// `PUT`: a full replace of name, script, timeout and allowedToFail (the state is not
    /// touched). `name` and `script` go out byte for byte: pass `WireStr::raw()`.
    pub(crate) async fn update_action(
        &self,
        id: &str,
        name: &str,
        script: &str,
        timeout: Duration,
        allowed_to_fail: bool,
    ) -> Result<Updated, ApiError> {
        let body = UpdateBody { name, script, timeout: duration::format(timeout), allowed_to_fail };
        let req = HttpClient::json_body(self.management(Method::PUT, &format!("actions/{}", segment(id)))?, &body)?;
        match self.exec(req, Api::Management).await {
            Ok(resp) => Ok(Updated::Changed(self.mutation_details(&resp)?)),
            Err(e) if errors::is(&e, ACTION_NOT_CHANGED) => Ok(Updated::Unchanged),
            Err(e) => Err(e),
        }
    }

    /// Put an action back the way it was after an earlier event (a snapshot from
    /// [`super::history::fold`]). Refused locally when the history did not reach back to
    /// the action's creation, because then some fields are not known.
    pub(crate) async fn revert_to(&self, id: &str, to: &ActionSnapshot) -> Result<Updated, ApiError> {
        if !to.complete {
            return Err(ApiError::Local(
                "cannot revert: the history does not reach back to the action's creation, so some fields are unknown"
                    .into(),
            ));
        }
        if to.removed {
            return Err(ApiError::Local("cannot revert to a point after the action was deleted".into()));
        }
        self.update_action(id, to.name.raw(), to.script.raw(), to.timeout, to.allowed_to_fail).await
    }

    // ----- flows -----

    /// The four v1 flow types. A flow type the server does not know (an older instance
    /// without SAML flows answers 400 or 404) is left out instead of failing the lot.
    pub(crate) async fn flows(&self) -> Result<Vec<Flow>, ApiError> {
        let mut flows = Vec::with_capacity(FLOW_TYPES.len());
        for (id, _) in FLOW_TYPES {
            let req = self.management(Method::GET, &format!("flows/{id}"))?;
            let resp = match self.exec(req, Api::Management).await {
                Ok(resp) => resp,
                Err(e) if matches!(e.status(), Some(400 | 404)) => continue,
                Err(e) => return Err(e),
            };
            let answer: GetFlowResponse = interning(|| self.http.decode(&resp, "flow"))?;
            let mut flow = answer.flow.unwrap_or_default();
            // An empty flow may come back without its type.
            if flow.flow_type.id.is_empty() {
                flow.flow_type.id = id.into();
            }
            flows.push(flow);
        }
        Ok(flows)
    }

    /// Where action `id` runs: (flow, trigger) names, from [`flows`](Self::flows).
    #[cfg(test)]
    pub(crate) async fn bindings(&self, id: &str) -> Result<Vec<Binding>, ApiError> {
        Ok(bindings_of(&self.flows().await?, id))
    }

    // ----- history (Admin API) -----

    /// Every event of action `id`, oldest first, paged by the sequence cursor. A 403 means
    /// the token has no `events.read` (see [`errors::is_denied`] and the hint it carries).
    pub(crate) async fn action_events(&self, id: &str) -> Result<Vec<Event>, ApiError> {
        let mut events: Vec<Event> = Vec::new();
        let mut after: Option<u64> = None;
        for _ in 0..MAX_EVENT_PAGES {
            let body = EventsBody {
                aggregate_types: &["action"],
                aggregate_id: Some(id),
                asc: true,
                limit: EVENTS_LIMIT,
                sequence: after.map(|s| s.to_string()),
            };
            let page = self.search_events(&body).await?;
            let got = page.len();
            let last = page.iter().map(|e| e.sequence).max();
            events.extend(page.into_iter().filter(|e| after.is_none_or(|a| e.sequence > a)));
            // A server that ignores the cursor would send the same page forever.
            match last {
                Some(l) if got >= EVENTS_LIMIT as usize && after.is_none_or(|a| l > a) => after = Some(l),
                _ => break,
            }
        }
        Ok(events)
    }

    /// One cheap events query, to decide whether to offer a history view at all.
    pub(crate) async fn probe_events(&self) -> Result<EventsAccess, ApiError> {
        let body = EventsBody { aggregate_types: &["action"], aggregate_id: None, asc: true, limit: 1, sequence: None };
        match self.search_events(&body).await {
            Ok(_) => Ok(EventsAccess::Readable),
            Err(e) if errors::is_denied(&e) => Ok(EventsAccess::Denied),
            Err(e) => Err(e),
        }
    }

    /// Events are instance-wide: no organisation header (with one, the server would check the
    /// permission inside that organisation instead of the instance).
    async fn search_events(&self, body: &EventsBody<'_>) -> Result<Vec<Event>, ApiError> {
        let url = self.http.url("admin/v1/events/_search")?;
        let req = HttpClient::json_body(self.http.request(Method::POST, url), body)?;
        let resp = self.exec(req, Api::Events).await?;
        let answer: ListEventsResponse = interning(|| self.http.decode(&resp, "event list"))?;
        Ok(answer.events)
    }

    // ----- plumbing -----

    fn management(&self, method: Method, path: &str) -> Result<reqwest::RequestBuilder, ApiError> {
        let url = self.http.url(&format!("management/v1/{path}"))?;
        let req = self.http.request(method, url);
        Ok(match &self.org_header {
            Some(v) => req.header(HeaderName::from_static(ORG_HEADER), v.clone()),
            None => req,
        })
    }

    async fn exec(&self, req: reqwest::RequestBuilder, api: Api) -> Result<RawResponse, ApiError> {
        let resp = self.http.send(req).await?;
        if resp.is_success() {
            Ok(resp)
        } else {
            Err(glossary::explain(self.http.status_error(&resp, errors::read_error), api))
        }
    }

    fn mutation_details(&self, resp: &RawResponse) -> Result<Details, ApiError> {
        let answer: MutationResponse = self.http.decode(resp, "change answer")?;
        Ok(answer.details)
    }
}

#[derive(Serialize)]
struct ListActionsBody {
    query: ListQuery,
    #[serde(rename = "sortingColumn")]
    sorting_column: &'static str,
}

/// `zitadel.v1.ListQuery`: `offset` is a uint64, so a string; `limit` a uint32, a number.
#[derive(Serialize)]
struct ListQuery {
    offset: String,
    limit: u32,
    asc: bool,
}

#[derive(Serialize)]
struct UpdateBody<'a> {
    name: &'a str,
    script: &'a str,
    timeout: String,
    #[serde(rename = "allowedToFail")]
    allowed_to_fail: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EventsBody<'a> {
    aggregate_types: &'a [&'a str],
    #[serde(skip_serializing_if = "Option::is_none")]
    aggregate_id: Option<&'a str>,
    asc: bool,
    limit: u32,
    /// The cursor: events after this sequence.
    #[serde(skip_serializing_if = "Option::is_none")]
    sequence: Option<String>,
}

#[derive(Serialize)]
struct Empty {}
