//! Waldur user actions (docs/wire-waldur.md). Every path ends with `/`; pages are
//! fetched in parallel once `X-Result-Count` is known; `Link` hosts are never followed.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use futures_util::StreamExt;
use jiff::Timestamp;
use reqwest::Method;
use serde::Serialize;
use uuid::Uuid;

use crate::backends::de::interning;
use crate::backends::http::{HttpClient, RawResponse, ServerOptions};
use crate::backends::waldur::mirror::Found;
use crate::backends::waldur::model::{
    BulkSilenceResponse, ExecuteResponse, Execution, ListQuery, SilenceResponse, Stamp, Summary, UpdateActionsResponse,
    UserAction, UserActionRow,
};
use crate::domain::error::{ApiError, StatusError};
use crate::domain::text::clean_line;

/// The server's page size cap: larger values are silently cut to this.
pub(crate) const PAGE_SIZE: usize = 300;
/// Pages in flight at once: enough to load 100k rows at the server's speed without
/// hammering it.
const PARALLEL_PAGES: usize = 6;

#[derive(Debug, Clone)]
pub(crate) struct WaldurClient {
    http: HttpClient,
}

/// Rows of every page, deduplicated by uuid (rows may shift between pages while loading),
/// with the count the server announced.
#[derive(Debug, Clone, Default)]
pub(crate) struct Listing<T> {
    pub(crate) rows: Vec<T>,
    pub(crate) total: Option<usize>,
}

impl WaldurClient {
    pub(crate) fn new(opts: &ServerOptions) -> Result<Self, ApiError> {
        Ok(Self { http: HttpClient::new(opts)? })
    }

    pub(crate) fn label(&self) -> &str {
        self.http.label()
    }

    /// Every user action matching `q`, all pages, as list rows (details come from
    /// [`get_user_action`](Self::get_user_action)).
    pub(crate) async fn list_user_actions(&self, q: &ListQuery) -> Result<Listing<UserActionRow>, ApiError> {
        let mut listing = self.list_all::<UserActionRow>("user-actions/", &q.pairs(), "user action list").await?;
        let mut seen = HashSet::with_capacity(listing.rows.len());
        listing.rows.retain(|r| !r.uuid.is_nil() && seen.insert(r.uuid));
        Ok(listing)
    }

    /// Every row the caller has, silenced ones included, for the poller's mirror: first the
    /// newest `modified` (so that whatever changes while the pages load is asked for again by
    /// the next walk), then every page in creation order, which a change to a row never
    /// reorders (only a deletion shifts the pages; the next poll's count check sees it).
    pub(crate) async fn load_mirror(&self) -> Result<Found, ApiError> {
        let (newest, at) = self.newest_modified().await?;
        let q = [("include_silenced", "true".to_string()), ("o", "created".to_string())];
        let mut listing = self.list_all::<UserActionRow>("user-actions/", &q, "user action list").await?;
        let mut seen = HashSet::with_capacity(listing.rows.len());
        listing.rows.retain(|r| !r.uuid.is_nil() && seen.insert(r.uuid));
        Ok(Found::All { rows: listing.rows, newest, at })
    }

    /// The rows changed since the last poll, newest first, silenced ones included: pages of
    /// `o=-modified` until a row for which `settled` holds (see [`Mirror::is_settled`]). The
    /// first pages have room for a few more than `expected` rows ([`first_page_size`]), and
    /// later pages double up to the server's cap, each starting at a multiple of its size; a
    /// quiet poll is one request for one row.
    ///
    /// [`Mirror::is_settled`]: super::mirror::Mirror::is_settled
    pub(crate) async fn changed_since(
        &self,
        expected: usize,
        settled: impl Fn(&UserActionRow) -> bool,
    ) -> Result<Found, ApiError> {
        let mut size = first_page_size(expected);
        let mut offset = 0usize;
        let mut rows: Vec<UserActionRow> = Vec::new();
        let (mut total, mut at, mut newest) = (None, None, Stamp::NONE);
        loop {
            let mut q = vec![
                ("include_silenced", "true".to_string()),
                ("o", "-modified".to_string()),
                ("page_size", size.to_string()),
            ];
            let page = offset / size + 1;
            if page > 1 {
                q.push(("page", page.to_string()));
            }
            let resp = match self.get("user-actions/", &q).await {
                Ok(resp) => resp,
                // The set shrank past this page meanwhile: nothing older is left to read.
                Err(e) if e.status() == Some(404) && offset > 0 => break,
                Err(e) => return Err(e),
            };
            let items: Vec<UserActionRow> = self.decode_page(&resp, "user action list")?;
            if offset == 0 {
                total = result_count(&resp);
                at = server_time(&resp);
                newest = items.first().map_or(Stamp::NONE, |r| r.modified);
            }
            let (read, before) = (items.len(), rows.len());
            rows.extend(items.into_iter().take_while(|r| !settled(r)));
            let reached_settled = rows.len() - before < read;
            if reached_settled || read < size {
                break;
            }
            offset += size;
            // Doubling keeps `offset` a multiple of the page size, so pages stay aligned.
            if offset.is_multiple_of(size * 2) && size * 2 <= PAGE_SIZE {
                size *= 2;
            }
        }
        // A row changed during the walk can show up twice; keep its newest version.
        rows.sort_by_key(|r| std::cmp::Reverse(r.modified));
        let mut seen = HashSet::with_capacity(rows.len());
        rows.retain(|r| !r.uuid.is_nil() && seen.insert(r.uuid));
        Ok(Found::Changed { rows, newest, total, at })
    }

    /// The newest `modified` among the caller's rows (`NONE` when they have none), and the
    /// server's clock.
    async fn newest_modified(&self) -> Result<(Stamp, Option<Timestamp>), ApiError> {
        let q =
            [("include_silenced", "true".to_string()), ("o", "-modified".to_string()), ("page_size", "1".to_string())];
        let resp = self.get("user-actions/", &q).await?;
        let top: Vec<UserActionRow> = self.decode_page(&resp, "user action list")?;
        Ok((top.first().map_or(Stamp::NONE, |r| r.modified), server_time(&resp)))
    }

    /// The most recent executions (first page only: this is a history view, newest first).
    pub(crate) async fn list_executions(&self) -> Result<Listing<Execution>, ApiError> {
        let query = [("page_size", PAGE_SIZE.to_string())];
        let resp = self.get("user-action-executions/", &query).await?;
        let rows = self.decode_page(&resp, "execution history")?;
        Ok(Listing { rows, total: result_count(&resp) })
    }

    pub(crate) async fn summary(&self, q: &ListQuery) -> Result<Summary, ApiError> {
        let resp = self.get("user-actions/summary/", &q.pairs()).await?;
        self.http.decode(&resp, "summary")
    }

    /// One action, found even when silenced.
    pub(crate) async fn get_user_action(&self, uuid: Uuid) -> Result<UserAction, ApiError> {
        let resp = self.get(&format!("user-actions/{}/", uuid.simple()), &silenced_too()).await?;
        interning(|| self.http.decode(&resp, "user action"))
    }

    /// `days: None` silences permanently (an empty object, never `null`).
    /// `include_silenced=true` so that re-silencing a silenced row does not 404.
    pub(crate) async fn silence(&self, uuid: Uuid, days: Option<u16>) -> Result<SilenceResponse, ApiError> {
        let path = format!("user-actions/{}/silence/", uuid.simple());
        let resp = self.post(&path, &silenced_too(), &SilenceBody { duration_days: days }).await?;
        self.http.decode(&resp, "silence answer")
    }

    pub(crate) async fn unsilence(&self, uuid: Uuid) -> Result<(), ApiError> {
        let path = format!("user-actions/{}/unsilence/", uuid.simple());
        self.post(&path, &[], &Empty {}).await.map(|_| ())
    }

    /// The server picks the rows from the query string; the body only carries the duration.
    pub(crate) async fn bulk_silence(&self, q: &ListQuery, days: Option<u16>) -> Result<BulkSilenceResponse, ApiError> {
        let resp = self.post("user-actions/bulk_silence/", &q.pairs(), &SilenceBody { duration_days: days }).await?;
        self.http.decode(&resp, "bulk silence answer")
    }

    pub(crate) async fn execute(&self, uuid: Uuid, label: &str) -> Result<ExecuteResponse, ApiError> {
        let path = format!("user-actions/{}/execute_action/", uuid.simple());
        let resp = self.post(&path, &silenced_too(), &ExecuteBody { action_label: label }).await?;
        self.http.decode(&resp, "execute answer")
    }

    /// Answers 202 and schedules work; nothing changes until a later poll.
    pub(crate) async fn update_actions(
        &self,
        provider_action_type: Option<&str>,
    ) -> Result<UpdateActionsResponse, ApiError> {
        let body = UpdateBody { provider_action_type };
        let resp = self.post("user-actions/update_actions/", &[], &body).await?;
        self.http.decode(&resp, "update_actions answer")
    }

    async fn list_all<T>(
        &self,
        path: &'static str,
        filters: &[(&'static str, String)],
        what: &'static str,
    ) -> Result<Listing<T>, ApiError>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
    {
        let first = self.get(path, &page_query(filters, 1)).await?;
        let mut rows: Vec<T> = self.decode_page(&first, what)?;
        let total = result_count(&first);
        match total {
            Some(total) => {
                let pages = total.div_ceil(PAGE_SIZE).max(1);
                // The pane says "page 120/334" while a big account loads.
                super::super::progress::pages(1, pages);
                let filters: Arc<[(&'static str, String)]> = filters.into();
                // Pages are fetched six at a time, each on a task of its own that decodes it
                // as soon as it has arrived, so pages decode on every core while later ones
                // are still coming. Whichever page is done first makes room for the next
                // request. (Decoding on the blocking pool was tried: with its threads' malloc
                // arenas RSS was 4 % higher after 30 polls at 100k rows, for no faster load.)
                let mut rest = futures_util::stream::iter(2..=pages)
                    .map(|page| {
                        let (client, filters) = (self.clone(), filters.clone());
                        tokio::spawn(async move { (page, client.page_or_end::<T>(path, &filters, page, what).await) })
                    })
                    .buffer_unordered(PARALLEL_PAGES);
                // Rows join the listing as soon as the pages before theirs are in: holding
                // every page until the end left their 8 MB (at 100k rows) freed in the middle
                // of the heap, and RSS a fifth higher for good.
                rows.reserve(total.saturating_sub(rows.len()));
                let mut early: BTreeMap<usize, Vec<T>> = BTreeMap::new();
                let (mut next, mut done) = (2, 1);
                while let Some(joined) = rest.next().await {
                    let (page, found) =
                        joined.map_err(|e| ApiError::Local(format!("loading a page of the {what}: {e}")))?;
                    early.insert(page, found?);
                    while let Some(page_rows) = early.remove(&next) {
                        rows.extend(page_rows);
                        next += 1;
                    }
                    done += 1;
                    super::super::progress::pages(done, pages);
                }
            }
            // No count: walk `rel="next"`, re-issued against our own base URL.
            None => {
                let mut next = next_page(&first);
                let mut guard = 0;
                while let Some(page) = next {
                    guard += 1;
                    if guard > 100_000 {
                        break;
                    }
                    let resp = self.get(path, &page_query(filters, page)).await?;
                    rows.extend(self.decode_page::<T>(&resp, what)?);
                    next = next_page(&resp).filter(|n| *n > page);
                }
            }
        }
        Ok(Listing { rows, total })
    }

    /// One page after the first, decoded. The set may have shrunk between page 1 and this one
    /// (rows resolved or silenced meanwhile): DRF answers 404 "Invalid page." past the end.
    /// That is the end of the list, not a failed poll.
    async fn page_or_end<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        filters: &[(&'static str, String)],
        page: usize,
        what: &'static str,
    ) -> Result<Vec<T>, ApiError> {
        match self.get(path, &page_query(filters, page)).await {
            Ok(resp) => self.decode_page::<T>(&resp, what),
            Err(e) if e.status() == Some(404) => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    fn decode_page<T: serde::de::DeserializeOwned>(
        &self,
        resp: &RawResponse,
        what: &'static str,
    ) -> Result<Vec<T>, ApiError> {
        interning(|| {
            let items: Option<Vec<T>> = self.http.decode(resp, what)?;
            Ok(items.unwrap_or_default())
        })
    }

    async fn get(&self, path: &str, query: &[(&'static str, String)]) -> Result<RawResponse, ApiError> {
        let mut url = self.http.url(path)?;
        append_query(&mut url, query);
        let resp = self.http.send(self.http.request(Method::GET, url)).await?;
        self.check(resp)
    }

    async fn post(
        &self,
        path: &str,
        query: &[(&'static str, String)],
        body: &impl Serialize,
    ) -> Result<RawResponse, ApiError> {
        let mut url = self.http.url(path)?;
        append_query(&mut url, query);
        let req = HttpClient::json_body(self.http.request(Method::POST, url), body)?;
        let resp = self.http.send(req).await?;
        self.check(resp)
    }

    fn check(&self, resp: RawResponse) -> Result<RawResponse, ApiError> {
        if resp.is_success() { Ok(resp) } else { Err(self.http.status_error(&resp, read_error)) }
    }
}

#[derive(Serialize)]
struct SilenceBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    duration_days: Option<u16>,
}

#[derive(Serialize)]
struct ExecuteBody<'a> {
    action_label: &'a str,
}

#[derive(Serialize)]
struct UpdateBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    provider_action_type: Option<&'a str>,
}

#[derive(Serialize)]
struct Empty {}

fn silenced_too() -> [(&'static str, String); 1] {
    [("include_silenced", "true".to_string())]
}

/// The page size of a walk that expects `expected` changed rows: room for a thirty-second
/// more, and the settled row that ends the walk, in as few pages as the server's cap allows,
/// all of one size. Pages of 300 would read up to 299 rows past the changes; equal pages read
/// only the margin (1,000 changes: four pages of 258, not four of 300).
fn first_page_size(expected: usize) -> usize {
    let wanted = expected.saturating_add(expected / 32).saturating_add(1);
    let pages = wanted.div_ceil(PAGE_SIZE).max(1);
    wanted.div_ceil(pages).clamp(1, PAGE_SIZE)
}

fn page_query(filters: &[(&'static str, String)], page: usize) -> Vec<(&'static str, String)> {
    let mut q = filters.to_vec();
    q.push(("page_size", PAGE_SIZE.to_string()));
    if page > 1 {
        q.push(("page", page.to_string()));
    }
    q
}

fn append_query(url: &mut reqwest::Url, query: &[(&'static str, String)]) {
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
    }
}

/// The server's clock when it answered (`Date`, an IMF-fixdate).
fn server_time(resp: &RawResponse) -> Option<Timestamp> {
    let date = resp.header("date")?;
    jiff::fmt::rfc2822::DateTimeParser::new().parse_timestamp(date.trim()).ok()
}

fn result_count(resp: &RawResponse) -> Option<usize> {
    resp.header("x-result-count")?.trim().parse().ok()
}

/// The `page` number of the `rel="next"` link, if any. Only the number is used: the link's
/// scheme and host may be wrong behind a proxy.
pub(crate) fn next_page(resp: &RawResponse) -> Option<usize> {
    let link = resp.header("link")?;
    link.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        if !params.contains("rel=\"next\"") {
            return None;
        }
        let url = url.trim().trim_start_matches('<').trim_end_matches('>');
        let parsed = reqwest::Url::parse(url).ok()?;
        let page = parsed.query_pairs().find(|(k, _)| k == "page")?.1;
        page.parse().ok()
    })
}

/// Waldur error bodies: `{"detail"}`, `{"error"}` (execute_action only), or field errors
/// `{"field": ["msg", …]}`.
pub(crate) fn read_error(v: &serde_json::Value) -> StatusError {
    let message = match v {
        serde_json::Value::Object(map) => {
            if let Some(s) = map.get("detail").or_else(|| map.get("error")).and_then(|d| d.as_str()) {
                s.to_string()
            } else {
                map.iter()
                    .map(|(field, msgs)| {
                        let text = flatten_messages(msgs);
                        if field == "non_field_errors" { text } else { format!("{field}: {text}") }
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            }
        }
        other => flatten_messages(other),
    };
    StatusError { message: clean_line(&message).into_owned(), ..Default::default() }
}

fn flatten_messages(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(flatten_messages).collect::<Vec<_>>().join(" "),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn with_link(link: &str) -> RawResponse {
        let mut headers = HeaderMap::new();
        headers.insert("link", HeaderValue::from_str(link).expect("header"));
        RawResponse { status: 200, headers, body: bytes::Bytes::new() }
    }

    #[test]
    fn a_walk_reads_the_expected_changes_in_pages_of_one_size_with_little_to_spare() {
        assert_eq!(first_page_size(0), 1, "a quiet poll reads one row");
        assert_eq!(first_page_size(10), 11);
        assert_eq!(first_page_size(290), 300);
        assert_eq!(first_page_size(300), 155, "301 + 9 rows in two pages");
        for expected in [0, 1, 5, 31, 299, 300, 301, 999, 1_000, 1_234, 10_000, 100_000] {
            let size = first_page_size(expected);
            assert!((1..=PAGE_SIZE).contains(&size), "{expected}: {size}");
            let pages = (expected + 1).div_ceil(size);
            let read = pages * size;
            // Every change and the settled row fit, with at most a thirty-second more (and the
            // rounding to equal pages) to spare.
            assert!(read > expected, "{expected}: {read}");
            assert!(read <= expected + expected / 32 + pages + 1, "{expected}: reads {read}");
        }
    }

    #[test]
    fn next_page_reads_only_the_page_number() {
        let r = with_link(
            r#"<http://internal:8000/api/user-actions/?page_size=2>; rel="first", <http://internal:8000/api/user-actions/?page=2&page_size=2>; rel="next", <http://internal:8000/api/user-actions/?page=3&page_size=2>; rel="last""#,
        );
        assert_eq!(next_page(&r), Some(2));
        let r = with_link(r#"<https://w/api/x/?page_size=2>; rel="first", <https://w/api/x/?page_size=2>; rel="last""#);
        assert_eq!(next_page(&r), None);
    }

    #[test]
    fn error_shapes_are_all_read() {
        let m = |s: &str| read_error(&serde_json::from_str(s).expect("json")).message;
        assert_eq!(m(r#"{"detail":"Invalid token."}"#), "Invalid token.");
        assert_eq!(m(r#"{"error":"Action not found or not permitted"}"#), "Action not found or not permitted");
        assert_eq!(
            m(r#"{"duration_days":["Duration must be between 1 and 365 days."]}"#),
            "duration_days: Duration must be between 1 and 365 days."
        );
        assert_eq!(m(r#"{"non_field_errors":["No data provided"]}"#), "No data provided");
        assert_eq!(m(r#"["odd","list"]"#), "odd list");
    }

    #[test]
    fn silence_bodies_match_the_request_schema() {
        assert_eq!(serde_json::to_string(&SilenceBody { duration_days: None }).expect("json"), "{}");
        assert_eq!(
            serde_json::to_string(&SilenceBody { duration_days: Some(7) }).expect("json"),
            r#"{"duration_days":7}"#
        );
        assert_eq!(serde_json::to_string(&UpdateBody { provider_action_type: None }).expect("json"), "{}");
    }
}
