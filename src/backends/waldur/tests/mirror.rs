//! Incremental polling against the demo server under churn: rows inserted, deleted, silenced
//! (for a while and for good), unsilenced, silences running out, urgencies and due dates
//! changed. After every poll the rows the pane holds equal a fresh full load, and a quiet poll
//! is one small request.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use opsy_demo::waldur::{Urgency as DemoUrgency, UserActionRow as DemoRow};
use opsy_demo::{DemoOptions, DemoServer, WaldurState};
use uuid::Uuid;

use crate::app::msg::{Feed, Payload};
use crate::app::panes::user_actions::{SearchIndex, UserActionsView};
use crate::app::source::SourceId;
use crate::backends::http::{Auth, ServerOptions};
use crate::backends::waldur::client::WaldurClient;
use crate::backends::waldur::model::{ListQuery, Order, Summary, UserActionRow, triage_order};
use crate::backends::{Backend, Connection, Held};
use crate::domain::secret::Secret;

const ID: SourceId = SourceId(0);

fn t0() -> Timestamp {
    "2025-06-10T09:30:00Z".parse().expect("timestamp")
}

/// The demo seeds some rows as changed "just now"; the clock moves on a few seconds so that
/// they are settled, as on a server that has been up a while.
async fn start(size: usize) -> DemoServer {
    let server =
        DemoServer::start(DemoOptions { size, now: Some(t0()), ..Default::default() }, 0).await.expect("demo starts");
    server.with_waldur(|s| s.set_clock(Some(t0().checked_add(SignedDuration::from_secs(5)).expect("clock"))));
    server
}

/// A server of `size` rows and a pane that has polled it once with the default query.
async fn loaded(size: usize) -> (DemoServer, Pane, ListQuery) {
    let server = start(size).await;
    let mut pane = Pane::new(&server);
    let query = ListQuery::default();
    pane.poll(&query).await;
    (server, pane, query)
}

fn options(server: &DemoServer) -> ServerOptions {
    ServerOptions::new(server.waldur_url(), Auth::Token(Secret::new(server.waldur_token())))
}

fn backend(server: &DemoServer) -> Arc<dyn Backend> {
    crate::backends::waldur::connect(ID, &Connection::new(options(server))).expect("connects").backend
}

/// What a fresh client would show: every row the server lists for `query`, in triage order,
/// then in the query's order.
async fn fresh(server: &DemoServer, query: &ListQuery) -> Vec<UserActionRow> {
    let client = WaldurClient::new(&options(server)).expect("client");
    let mut rows = client.list_user_actions(query).await.expect("full load").rows;
    rows.sort_by(triage_order);
    let mut shared: Vec<Arc<UserActionRow>> = rows.into_iter().map(Arc::new).collect();
    query.order.apply(&mut shared);
    shared.iter().map(|r| (**r).clone()).collect()
}

/// What a fresh client would count for `query`: the server's summary.
async fn fresh_summary(server: &DemoServer, query: &ListQuery) -> Summary {
    let client = WaldurClient::new(&options(server)).expect("client");
    client.summary(query).await.expect("summary")
}

/// The pane's rows after one poll: the new view, or the old one when nothing changed.
struct Pane {
    backend: Arc<dyn Backend>,
    rows: Option<Vec<UserActionRow>>,
    /// The last view whole: its index and counts are checked too.
    view: Option<UserActionsView>,
}

impl Pane {
    fn new(server: &DemoServer) -> Self {
        Self { backend: backend(server), rows: None, view: None }
    }

    /// Polls once; `true` when the poll sent a new view.
    async fn poll(&mut self, query: &ListQuery) -> bool {
        let feed = Feed::UserActions(ID, query.clone());
        match self.backend.fetch(&feed, Held::Previous).await.expect("poll") {
            Payload::UserActions(view) => {
                self.rows = Some(view.rows.iter().map(|r| (**r).clone()).collect());
                self.view = Some(*view);
                true
            }
            Payload::UserActionsCounts(summary) => {
                if let Some(view) = &mut self.view {
                    view.summary = summary;
                }
                false
            }
            Payload::UserActionsUnchanged => false,
            other => panic!("unexpected payload {other:?}"),
        }
    }

    fn rows(&self) -> &[UserActionRow] {
        self.rows.as_deref().expect("a first view")
    }

    /// The row the view shows for `uuid`, as the view holds it (shared, not copied).
    fn held(&self, uuid: Uuid) -> Arc<UserActionRow> {
        let view = self.view.as_ref().expect("a view");
        view.rows.iter().find(|r| r.uuid == uuid).expect("row shown").clone()
    }

    /// The view's filter index is the one its rows would get from scratch, and its counts
    /// are the server's.
    fn check_index_and_counts(&self, server_counts: &Summary, when: &str) {
        let view = self.view.as_ref().expect("a first view");
        let scratch = SearchIndex::build(&view.rows);
        for i in 0..view.rows.len() {
            assert_eq!(view.search.text(i), scratch.text(i), "{when}: index entry of row {i}");
        }
        assert_eq!(view.search.text(view.rows.len()), "", "{when}: no entry past the rows");
        assert_eq!(&view.summary, server_counts, "{when}: counts");
    }
}

/// Ten seconds later on the server's clock, `change` applied to the rows in `uuids` with that
/// time (for `modified`).
fn later(server: &DemoServer, uuids: &[Uuid], mut change: impl FnMut(&mut DemoRow, Timestamp)) {
    later_on(server, |s, now| {
        for uuid in uuids {
            change(s.row_mut(*uuid).expect("row"), now);
        }
    });
}

/// Ten seconds later on the server's clock, `change` applied to the server with that time.
fn later_on(server: &DemoServer, change: impl FnOnce(&mut WaldurState, Timestamp)) {
    server.with_waldur(|s| {
        let now = s.now().checked_add(SignedDuration::from_secs(10)).expect("clock");
        s.set_clock(Some(now));
        change(s, now);
    });
}

/// `GET /api/…?query` of every request the server saw, in order.
fn targets(server: &DemoServer) -> Vec<String> {
    server.requests().iter().map(|r| format!("{} {}?{}", r.method, r.path, r.query.as_deref().unwrap_or(""))).collect()
}

fn uuids(rows: &[UserActionRow]) -> Vec<Uuid> {
    rows.iter().map(|r| r.uuid).collect()
}

/// One round of churn, stamped with the server's clock moved on by `step`.
fn churn(server: &DemoServer, rng: &mut fastrand::Rng, round: usize, step: SignedDuration) {
    server.with_waldur(|s| {
        let now = s.now().checked_add(step).expect("clock");
        s.set_clock(Some(now));
        let all: Vec<Uuid> = s.rows().iter().map(|r| r.uuid).collect();
        let pick = |rng: &mut fastrand::Rng| all[rng.usize(..all.len())];
        for i in 0..3 {
            let mut row =
                DemoRow::new(Uuid::from_u128(rng.u128(..)), "pending_order", &format!("new {round}.{i}"), now);
            row.urgency = [DemoUrgency::Low, DemoUrgency::Medium, DemoUrgency::High][rng.usize(..3)];
            row.due_date = Some(now.checked_add(SignedDuration::from_hours(rng.i64(-48..240))).expect("due"));
            s.insert(row);
        }
        // Deletions only every third round: the other rounds must be read incrementally.
        if round % 3 == 2 {
            for _ in 0..2 {
                s.remove(pick(rng));
            }
        }
        let (a, b, c, d) = (pick(rng), pick(rng), pick(rng), pick(rng));
        if let Some(r) = s.row_mut(a) {
            r.silence(Some(1), now);
        }
        if let Some(r) = s.row_mut(b) {
            r.silence(None, now);
        }
        if let Some(r) = s.row_mut(c) {
            r.unsilence(now);
        }
        if let Some(r) = s.row_mut(d) {
            r.urgency = DemoUrgency::High;
            // Due now on even rounds (overdue by the next poll: the counts are taken again);
            // in three days on odd ones, where the counts of the changed rows are adjusted.
            let due = if round.is_multiple_of(2) { SignedDuration::ZERO } else { SignedDuration::from_hours(72) };
            r.due_date = Some(now.checked_add(due).expect("due"));
            r.modified = now;
        }
    });
}

#[tokio::test]
async fn after_every_poll_under_churn_the_rows_equal_a_fresh_full_load() {
    let server = start(900).await;
    let mut pane = Pane::new(&server);
    let mut rng = fastrand::Rng::with_seed(7);
    let mut full_loads = 0;
    // Orders other than severity too: a poll's changes are placed into the ordered view.
    let queries = [
        ListQuery::default(),
        ListQuery { include_silenced: true, ..Default::default() },
        ListQuery { order: Order::Project, ..Default::default() },
        ListQuery { include_silenced: true, order: Order::Due, ..Default::default() },
    ];
    for query in &queries {
        let query = query.clone();
        let label = format!("{query}, ordered {}", query.order.describe());
        for round in 0..12 {
            // Every fourth round jumps two days: the one-day silences run out, due dates pass.
            let step = if round % 4 == 3 { SignedDuration::from_hours(48) } else { SignedDuration::from_secs(7) };
            churn(&server, &mut rng, round, step);
            server.clear_requests();
            pane.poll(&query).await;
            if targets(&server).iter().any(|t| t.contains("o=created")) {
                full_loads += 1;
            }
            let want = fresh(&server, &query).await;
            assert_eq!(uuids(pane.rows()), uuids(&want), "{label}: round {round}: the same rows in the same order");
            assert_eq!(pane.rows(), &want[..], "{label}: round {round}: every field as a full load has it");
            pane.check_index_and_counts(&fresh_summary(&server, &query).await, &format!("{label}: round {round}"));
        }
    }
    assert_eq!(
        full_loads,
        1 + queries.len() * 4,
        "the first poll and the four rounds with deletions per query; the rest were walks"
    );
}

#[tokio::test]
async fn a_quiet_poll_is_one_small_request_and_sends_nothing_to_the_pane() {
    let server = start(900).await;
    let mut pane = Pane::new(&server);
    let query = ListQuery::default();
    assert!(pane.poll(&query).await, "the first poll loads everything");
    server.clear_requests();
    assert!(!pane.poll(&query).await, "nothing changed: the pane is not given rows again");
    assert_eq!(
        targets(&server),
        ["GET /api/user-actions/?include_silenced=true&o=-modified&page_size=1"],
        "one request, one row"
    );
}

#[tokio::test]
async fn a_change_is_read_from_the_newest_rows_only() {
    let (server, mut pane, query) = loaded(900).await;
    let target = pane.rows()[5].uuid;
    later(&server, &[target], |row, now| row.silence(None, now));
    server.clear_requests();
    assert!(pane.poll(&query).await);
    assert!(!uuids(pane.rows()).contains(&target), "the silenced row left the pane");
    assert_eq!(
        targets(&server),
        [
            "GET /api/user-actions/?include_silenced=true&o=-modified&page_size=1",
            "GET /api/user-actions/?include_silenced=true&o=-modified&page_size=1&page=2",
        ],
        "the changed row, then one older row to know the walk is over"
    );
}

/// A changed row keeps its old version's scope and title allocations: the rows of a project
/// go on sharing one scope however many polls changed them.
/// Pages are decoded apart, each with its own scopes: the mirror holds one allocation per
/// distinct scope, whichever page a row came on, and a row inserted later shares it too.
#[tokio::test]
async fn rows_of_one_scope_share_one_allocation_across_pages() {
    let (server, mut pane, query) = loaded(900).await;
    let distinct = |pane: &Pane| {
        let rows = &pane.view.as_ref().expect("a view").rows;
        let addresses: std::collections::HashSet<*const _> = rows.iter().map(|r| Arc::as_ptr(&r.scope)).collect();
        let values: std::collections::HashSet<_> = rows.iter().map(|r| (*r.scope).clone()).collect();
        (addresses.len(), values.len())
    };
    let (addresses, values) = distinct(&pane);
    assert!(values < 300, "the demo's 900 rows repeat their scopes ({values} distinct)");
    assert_eq!(addresses, values, "one allocation per scope over three pages");

    let like = pane.rows()[7].clone();
    later_on(&server, |s, now| {
        let template = s.row_mut(like.uuid).expect("row").clone();
        let mut row = DemoRow::new(Uuid::from_u128(7), &template.action_type, "a new one", now);
        row.project_name = template.project_name.clone();
        row.organization_name = template.organization_name.clone();
        s.insert(row);
    });
    assert!(pane.poll(&query).await);
    let (new, old) = (pane.held(Uuid::from_u128(7)), pane.held(like.uuid));
    assert_eq!(new.scope, old.scope);
    assert!(Arc::ptr_eq(&new.scope, &old.scope), "the new row shares the scope held");
}

#[tokio::test]
async fn a_changed_row_shares_what_did_not_change_with_its_old_version() {
    let (server, mut pane, query) = loaded(900).await;
    let target = pane.rows()[5].uuid;
    let before = pane.held(target);
    later(&server, &[target], |row, now| {
        row.urgency = if row.urgency == DemoUrgency::High { DemoUrgency::Low } else { DemoUrgency::High };
        row.modified = now;
    });
    assert!(pane.poll(&query).await);
    let after = pane.held(target);
    assert_ne!(after.urgency, before.urgency, "the change was read");
    assert!(Arc::ptr_eq(&after.scope, &before.scope), "one scope allocation");
    assert!(Arc::ptr_eq(&after.title, &before.title), "one title allocation");
}

#[tokio::test]
async fn a_deletion_makes_the_counts_disagree_and_loads_everything() {
    let (server, mut pane, query) = loaded(900).await;
    let gone = pane.rows()[0].uuid;
    server.with_waldur(|s| s.remove(gone));
    server.clear_requests();
    assert!(pane.poll(&query).await);
    assert!(!uuids(pane.rows()).contains(&gone));
    assert_eq!(pane.rows(), &fresh(&server, &query).await[..]);
    let sent = targets(&server);
    assert!(sent.iter().any(|t| t.contains("o=created")), "a full load ran: {sent:?}");
}

#[tokio::test]
async fn a_silence_running_out_brings_the_row_back_without_a_change_on_the_server() {
    let (server, mut pane, query) = loaded(300).await;
    let target = pane.rows()[3].uuid;
    let until = server.with_waldur(|s| {
        let now = s.now().checked_add(SignedDuration::from_secs(5)).expect("clock");
        s.set_clock(Some(now));
        let row = s.row_mut(target).expect("row");
        row.silence(Some(1), now);
        row.silenced_until.expect("until")
    });
    pane.poll(&query).await;
    assert!(!uuids(pane.rows()).contains(&target));
    server.with_waldur(|s| s.set_clock(Some(until.checked_add(SignedDuration::from_secs(1)).expect("clock"))));
    assert!(pane.poll(&query).await, "the view changed although no row did");
    assert!(uuids(pane.rows()).contains(&target), "back once the silence ran out");
    assert_eq!(pane.rows(), &fresh(&server, &query).await[..]);
}

#[tokio::test]
async fn a_walk_doubles_its_pages_and_keeps_them_aligned() {
    let (server, mut pane, query) = loaded(900).await;
    let first: Vec<Uuid> = server.with_waldur(|s| s.rows().iter().take(20).map(|r| r.uuid).collect());
    later(&server, &first, |row, now| {
        row.urgency = DemoUrgency::High;
        row.modified = now;
    });
    server.clear_requests();
    pane.poll(&query).await;
    let pages: Vec<String> = targets(&server)
        .iter()
        .map(|t| t.trim_start_matches("GET /api/user-actions/?include_silenced=true&o=-modified&").to_string())
        .collect();
    // Rows 0, 1, 2–3, 4–7, 8–15, then 16–31 holds the last four changes and the settled row.
    assert_eq!(
        pages,
        [
            "page_size=1",
            "page_size=1&page=2",
            "page_size=2&page=2",
            "page_size=4&page=2",
            "page_size=8&page=2",
            "page_size=16&page=2"
        ]
    );
    assert_eq!(pane.rows(), &fresh(&server, &query).await[..]);
    server.clear_requests();
    later(&server, &[], |_, _| {});
    pane.poll(&query).await;
    assert_eq!(
        targets(&server).len(),
        1,
        "the next quiet walk starts with a page sized for 20 changes: {:?}",
        targets(&server)
    );
}

#[tokio::test]
async fn a_new_poller_gets_the_whole_view_even_when_nothing_changed() {
    // The pane drops an answer for a query it has left (`i` pressed while a poll was in
    // flight); when it comes back, the new poller must not be told "unchanged".
    let server = start(300).await;
    let backend = backend(&server);
    let feed = Feed::UserActions(ID, ListQuery::default());
    assert!(matches!(backend.fetch(&feed, Held::Nothing).await, Ok(Payload::UserActions(_))));
    assert!(matches!(backend.fetch(&feed, Held::Previous).await, Ok(Payload::UserActionsUnchanged)));
    assert!(matches!(backend.fetch(&feed, Held::Nothing).await, Ok(Payload::UserActions(_))));
}

#[tokio::test]
async fn a_due_date_passing_sends_the_counts_only() {
    let server = start(300).await;
    let backend = backend(&server);
    let feed = Feed::UserActions(ID, ListQuery::default());
    let Ok(Payload::UserActions(view)) = backend.fetch(&feed, Held::Nothing).await else { panic!("a first view") };
    let now = server.with_waldur(|s| s.now());
    let next_due = view.rows.iter().filter_map(|r| r.due()).filter(|d| *d > now).min().expect("a due date ahead");
    server.with_waldur(|s| s.set_clock(Some(next_due.checked_add(SignedDuration::from_secs(1)).expect("clock"))));
    let Ok(Payload::UserActionsCounts(summary)) = backend.fetch(&feed, Held::Previous).await else {
        panic!("counts only: no row changed")
    };
    assert_eq!(summary.overdue, view.summary.overdue + 1);
    let client = WaldurClient::new(&options(&server)).expect("client");
    assert_eq!(
        client.summary(&ListQuery::default()).await.expect("summary").overdue,
        summary.overdue,
        "as the server counts"
    );
}
