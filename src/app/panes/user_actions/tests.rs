//! `update` tests for every User Actions flow: no terminal, no network, a frozen clock.

use crossterm::event::KeyCode;
use uuid::Uuid;

use super::*;
use crate::app::dialog::{Focus, Kind, Tone};
use crate::app::effect::{Call, WaldurCall};
use crate::app::keymap::{Keymap, Overrides};
use crate::app::model::Model;
use crate::app::msg::Msg;
use crate::app::msg::Reply;
use crate::app::testing::*;
use crate::app::update::update;
use crate::backends::waldur::model::{BulkSilenceResponse, ExecuteResponse, SilenceResponse};
use crate::domain::error::ApiError;
use crate::domain::error::StatusError;

fn uuid(n: u32) -> Uuid {
    Uuid::from_u128(u128::from(n))
}

fn order(m: &Model) -> Vec<u32> {
    m.user_actions.list.shown().map(|r| r.uuid.as_u128() as u32).collect()
}

fn dialog_kind(m: &Model) -> &Kind {
    &m.dialog.as_ref().expect("a dialog is open").kind
}

fn select(m: &mut Model, n: u32) {
    update(m, key('g'));
    while m.user_actions.list.selected_key().copied() != Some(uuid(n)) {
        let before = m.user_actions.list.index();
        update(m, key('j'));
        assert_ne!(before, m.user_actions.list.index(), "row {n} not in view");
    }
}

#[test]
fn rows_are_sorted_by_severity_not_by_the_servers_text_order() {
    let m = loaded_model();
    assert_eq!(order(&m), vec![2, 4, 1, 5, 6, 3]);
    assert_eq!(m.user_actions.list.selected_key().copied(), Some(uuid(2)), "first row selected");
}

#[test]
fn silence_for_days_sends_the_captured_uuid_then_refreshes() {
    let mut m = loaded_model();
    select(&mut m, 4);
    assert!(update(&mut m, key('s')).is_empty());
    assert!(matches!(dialog_kind(&m), Kind::Prompt(_)));
    typed(&mut m, "7");
    let effects = update(&mut m, code(KeyCode::Enter));
    let (op, call) = only_call(&effects);
    assert_eq!(call, Call::Waldur(WALDUR_ID, WaldurCall::Silence { uuid: uuid(4), days: Some(7) }));
    assert!(m.dialog.is_none());
    assert_eq!(m.ops.len(), 1, "pending while in flight");
    let after =
        done(&mut m, op, Ok(Reply::Silenced(SilenceResponse { status: "silenced".into(), duration_days: Some(7) })));
    assert_eq!(after, vec![Effect::Refresh(m.user_actions.feed().expect("a feed"))]);
    assert!(m.ops.is_empty());
    let status = m.status.as_ref().expect("status");
    assert!(status.text.contains("for 7 days"), "{}", status.text);
    assert_eq!(status.tone, Tone::Success);
}

#[test]
fn a_row_silenced_by_the_operator_disappears_without_a_warning() {
    let mut m = loaded_model();
    update(&mut m, key('s'));
    let (op, _) = only_call(&update(&mut m, code(KeyCode::Enter)));
    done(&mut m, op, Ok(Reply::Silenced(SilenceResponse { status: "silenced".into(), duration_days: None })));
    fetched(&mut m, standard_rows().into_iter().filter(|r| r.uuid != uuid(2)).collect());
    let status = m.status.as_ref().expect("status");
    assert!(status.text.starts_with("silenced"), "success message kept: {}", status.text);
    // A later, unexpected disappearance is reported again.
    fetched(&mut m, rows(&[(1, "medium", None)]));
    assert!(m.status.as_ref().is_some_and(|s| s.text.contains("gone")));
}

#[test]
fn empty_days_silences_permanently() {
    let mut m = loaded_model();
    update(&mut m, key('s'));
    let (_, call) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(call, Call::Waldur(WALDUR_ID, WaldurCall::Silence { uuid: uuid(2), days: None }));
}

#[test]
fn invalid_days_are_refused_before_sending_and_the_input_is_kept() {
    for bad in ["0", "366", "abc", "-3", "7.5"] {
        let mut m = loaded_model();
        update(&mut m, key('s'));
        typed(&mut m, bad);
        let effects = update(&mut m, code(KeyCode::Enter));
        assert!(calls(&effects).is_empty(), "{bad} was sent");
        match dialog_kind(&m) {
            Kind::Prompt(p) => {
                assert!(p.error.as_deref().is_some_and(|e| e.contains("1 to 365")), "{bad}: {:?}", p.error);
                assert_eq!(p.input.text(), bad);
            }
            other => panic!("prompt closed: {other:?}"),
        }
    }
    assert_eq!(parse_days("365"), Ok(Some(365)));
    assert_eq!(parse_days(" 1 "), Ok(Some(1)));
}

#[test]
fn a_link_action_is_reported_as_opening_in_waldur_and_y_copies_its_url() {
    let url = "https://waldur.example.com/marketplace-order-details/00000000000000000000000000000002/";
    for with_url in [true, false] {
        let mut m = loaded_model();
        // `x` loads the live corrective actions first (they are computed per request).
        let (_, load) = only_call(&update(&mut m, key('x')));
        assert_eq!(load, Call::Waldur(WALDUR_ID, WaldurCall::Get { uuid: uuid(2) }));
        assert!(m.dialog.is_none(), "no picker before the live actions arrive");
        let op = *m.ops.keys().next().expect("op");
        let mut live = full(2);
        if with_url {
            live.corrective_actions[0].web_url = Some(url.into());
        }
        answer_load(&mut m, &[Effect::Call { op, call: load }], live);
        assert!(matches!(dialog_kind(&m), Kind::Picker(p) if p.items.len() == 3));
        let (op, call) = only_call(&update(&mut m, code(KeyCode::Enter)));
        assert_eq!(
            call,
            Call::Waldur(WALDUR_ID, WaldurCall::Execute { uuid: uuid(2), label: "View Order Details".into() })
        );
        done(&mut m, op, Ok(Reply::Executed(ExecuteResponse { action: "navigate".into(), ..Default::default() })));
        let d = m.dialog.as_ref().expect("result shown");
        let text: Vec<&str> = d.body.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(d.title, "Open in Waldur: View Order Details", "nothing was executed");
        assert!(text.iter().any(|l| l.contains("Nothing ran")), "{text:?}");
        assert!(!status(&m).contains("executed"), "{}", status(&m));
        if with_url {
            assert!(d.body.iter().any(|l| l.link.as_deref() == Some(url)), "the URL is a link: {text:?}");
            assert!(matches!(&d.kind, Kind::Notice(n) if n.copy.as_deref() == Some(url)), "y copies the URL");
        } else {
            assert!(text.iter().any(|l| l.contains("marketplace-orders.details")), "the page is named: {text:?}");
            // No route name and JSON to copy: the web UI's root, and the page named to find there.
            let root = "https://waldur.example.com/";
            assert!(matches!(&d.kind, Kind::Notice(n) if n.copy.as_deref() == Some(root)), "{:?}", d.kind);
        }
    }
}

#[test]
fn execute_with_confirmation_defaults_to_cancel() {
    let mut m = loaded_model();
    open_picker(&mut m);
    update(&mut m, key('j'));
    assert!(calls(&update(&mut m, code(KeyCode::Enter))).is_empty(), "Approve Order must be confirmed");
    match dialog_kind(&m) {
        Kind::Confirm(c) => assert_eq!(c.focus, Focus::Cancel),
        other => panic!("{other:?}"),
    }
    let body: String = m.dialog.as_ref().map(|d| d.body.iter().map(|l| l.text.clone()).collect()).unwrap_or_default();
    assert!(body.contains("Approve Order") && body.contains(SERVER), "names action and server: {body}");
    // Enter on the default button cancels; nothing is sent.
    assert!(calls(&update(&mut m, code(KeyCode::Enter))).is_empty());
    assert!(m.dialog.is_none());
    // Again, and confirm with `y`.
    open_picker(&mut m);
    update(&mut m, key('j'));
    update(&mut m, code(KeyCode::Enter));
    let (_, call) = only_call(&update(&mut m, key('y')));
    assert_eq!(call, Call::Waldur(WALDUR_ID, WaldurCall::Execute { uuid: uuid(2), label: "Approve Order".into() }));
}

#[test]
fn high_severity_is_confirmed_even_when_the_server_does_not_ask() {
    let mut m = loaded_model();
    let mut detail = full(2);
    for a in &mut detail.corrective_actions {
        a.confirmation_required = false;
    }
    let effects = update(&mut m, key('x'));
    answer_load(&mut m, &effects, detail);
    assert!(calls(&update(&mut m, key('3'))).is_empty(), "Reject Order is severity high");
    assert!(matches!(dialog_kind(&m), Kind::Confirm(c) if c.danger));
}

#[test]
fn execute_errors_show_the_servers_words_verbatim() {
    let mut m = loaded_model();
    open_picker(&mut m);
    let (op, _) = only_call(&update(&mut m, key('1')));
    let err = ApiError::Status(StatusError {
        server: SERVER.into(),
        status: 404,
        message: "Action not found or not permitted".into(),
        ..Default::default()
    });
    let effects = done(&mut m, op, Err(err));
    assert_eq!(effects, vec![Effect::Refresh(m.user_actions.feed().expect("a feed"))]);
    let d = m.dialog.as_ref().expect("error shown");
    let text: String = d.body.iter().map(|l| l.text.clone()).collect::<Vec<_>>().join("\n");
    assert!(text.contains("Action not found or not permitted"), "{text}");
    assert!(text.contains("resolved"), "404 explained: {text}");
    assert_eq!(m.status.as_ref().map(|s| s.tone), Some(Tone::Danger));
}

#[test]
fn a_result_never_replaces_a_dialog_being_typed_in() {
    let mut m = loaded_model();
    open_picker(&mut m);
    let (op, _) = only_call(&update(&mut m, key('1')));
    update(&mut m, key('s'));
    typed(&mut m, "1");
    done(&mut m, op, Ok(Reply::Executed(ExecuteResponse { action: "completed".into(), ..Default::default() })));
    match dialog_kind(&m) {
        Kind::Prompt(p) => assert_eq!(p.input.text(), "1"),
        other => panic!("{other:?}"),
    }
    assert_eq!(m.queued.len(), 1);
    update(&mut m, code(KeyCode::Esc));
    assert!(matches!(dialog_kind(&m), Kind::Notice(_)), "queued result shown after");
}

#[test]
fn bulk_silence_by_facets_uses_the_server_query_after_a_typed_count() {
    let mut m = loaded_model();
    update(&mut m, key('/'));
    typed(&mut m, "urgency:high");
    update(&mut m, code(KeyCode::Enter));
    assert_eq!(order(&m), vec![2, 4]);
    update(&mut m, key('S'));
    typed(&mut m, "14");
    assert!(calls(&update(&mut m, code(KeyCode::Enter))).is_empty(), "count first, then typed confirmation");
    let body: String = m.dialog.as_ref().map(|d| d.body.iter().map(|l| l.text.clone()).collect()).unwrap_or_default();
    assert!(body.contains("Silence 2 user actions for 14 days"), "{body}");
    // The wrong count keeps the button disabled.
    typed(&mut m, "3");
    assert!(calls(&update(&mut m, code(KeyCode::Enter))).is_empty());
    update(&mut m, code(KeyCode::Backspace));
    typed(&mut m, "2");
    let (op, call) = only_call(&update(&mut m, code(KeyCode::Enter)));
    let query = ListQuery { urgency: Some(crate::backends::waldur::model::Urgency::High), ..Default::default() };
    assert_eq!(call, Call::Waldur(WALDUR_ID, WaldurCall::BulkSilence { query, days: Some(14) }));
    done(
        &mut m,
        op,
        Ok(Reply::BulkSilenced(BulkSilenceResponse {
            status: "bulk_silenced".into(),
            count: 2,
            duration_days: Some(14),
        })),
    );
    assert!(m.dialog.is_none());
    assert!(m.status.as_ref().is_some_and(|s| s.text == "silenced 2 user actions — z undo"));
}

#[test]
fn bulk_silence_with_free_words_silences_exactly_the_rows_shown() {
    let mut m = loaded_model();
    update(&mut m, key('/'));
    typed(&mut m, "genomics");
    update(&mut m, code(KeyCode::Enter));
    let shown = order(&m);
    assert_eq!(shown, vec![6, 3], "rows 3 and 6 are in Genomics");
    update(&mut m, key('S'));
    update(&mut m, code(KeyCode::Enter));
    typed(&mut m, "2");
    let (_, call) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(call, Call::Waldur(WALDUR_ID, WaldurCall::SilenceEach { uuids: vec![uuid(6), uuid(3)], days: None }));
}

#[test]
fn bulk_silence_reports_when_the_server_count_differs() {
    let mut m = loaded_model();
    update(&mut m, key('S'));
    update(&mut m, code(KeyCode::Enter));
    typed(&mut m, "6");
    let (op, _) = only_call(&update(&mut m, code(KeyCode::Enter)));
    done(
        &mut m,
        op,
        Ok(Reply::BulkSilenced(BulkSilenceResponse { status: "bulk_silenced".into(), count: 7, duration_days: None })),
    );
    let body: String = m.dialog.as_ref().map(|d| d.body.iter().map(|l| l.text.clone()).collect()).unwrap_or_default();
    assert!(body.contains("You confirmed 6"), "{body}");
}

#[test]
fn the_selection_follows_its_item_when_a_poll_reorders() {
    let mut m = loaded_model();
    select(&mut m, 5);
    let idx_before = m.user_actions.list.index();
    // Row 5 becomes high urgency and jumps to the top.
    fetched(
        &mut m,
        rows(&[
            (1, "medium", None),
            (2, "high", None),
            (3, "low", None),
            (4, "high", None),
            (5, "high", Some("2025-05-01T00:00:00Z")),
        ]),
    );
    assert_eq!(m.user_actions.list.selected_key().copied(), Some(uuid(5)));
    assert_eq!(m.user_actions.list.index(), 0);
    assert_ne!(idx_before, 0);
    assert_eq!(m.user_actions.selected().map(|r| r.uuid), Some(uuid(5)));
}

#[test]
fn a_vanished_selection_moves_visibly_to_the_nearest_row() {
    let mut m = loaded_model();
    select(&mut m, 1);
    let rows = standard_rows().into_iter().filter(|r| r.uuid != uuid(1)).collect();
    fetched(&mut m, rows);
    assert_eq!(m.user_actions.list.selected_key().copied(), Some(uuid(5)));
    assert!(m.status.as_ref().is_some_and(|s| s.text.contains("gone")));
}

#[test]
fn a_dialog_keeps_its_target_when_the_list_changes_underneath() {
    let mut m = loaded_model();
    select(&mut m, 4);
    update(&mut m, key('s'));
    typed(&mut m, "3");
    // A poll removes row 4: the cursor moves, the dialog's target does not.
    let rows = standard_rows().into_iter().filter(|r| r.uuid != uuid(4)).collect();
    fetched(&mut m, rows);
    assert_ne!(m.user_actions.list.selected_key().copied(), Some(uuid(4)));
    match dialog_kind(&m) {
        Kind::Prompt(p) => assert_eq!(p.input.text(), "3", "typed input survives polls"),
        other => panic!("{other:?}"),
    }
    let (_, call) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(call, Call::Waldur(WALDUR_ID, WaldurCall::Silence { uuid: uuid(4), days: Some(3) }));
}

#[test]
fn the_same_request_is_never_sent_twice_while_in_flight() {
    let mut m = loaded_model();
    update(&mut m, key('s'));
    only_call(&update(&mut m, code(KeyCode::Enter)));
    update(&mut m, key('s'));
    assert!(calls(&update(&mut m, code(KeyCode::Enter))).is_empty(), "double submit refused");
    assert!(m.status.as_ref().is_some_and(|s| s.text.contains("already in progress")));
    // Another operation on the same item is allowed.
    open_picker(&mut m);
    assert_eq!(calls(&update(&mut m, key('1'))).len(), 1);
}

#[test]
fn read_only_removes_mutations_and_says_why() {
    let mut m = model_with(Keymap::new(&Overrides::new(), true).expect("keymap"));
    fetched(&mut m, standard_rows());
    for k in ['s', 'u', 'x', 'S', 'U'] {
        assert!(update(&mut m, key(k)).is_empty());
        assert!(m.dialog.is_none(), "{k} opened a dialog in read-only mode");
        assert!(m.status.as_ref().is_some_and(|s| s.text.contains("read-only")), "{k}: {:?}", m.status);
    }
    // Reading still works: the detail loads.
    let (_, call) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(call, Call::Waldur(WALDUR_ID, WaldurCall::Get { uuid: uuid(2) }));
    assert!(m.user_actions.detail.is_some());
}

#[test]
fn unsilence_only_applies_to_silenced_rows() {
    let mut m = loaded_model();
    assert!(calls(&update(&mut m, key('u'))).is_empty());
    assert!(m.status.as_ref().is_some_and(|s| s.text.contains("not silenced")));
    let mut rows = standard_rows();
    rows[1].is_silenced = true;
    m.user_actions.include_silenced = true;
    fetched(&mut m, rows);
    let (_, call) = only_call(&update(&mut m, key('u')));
    assert_eq!(call, Call::Waldur(WALDUR_ID, WaldurCall::Unsilence { uuid: uuid(2) }));
}

#[test]
fn toggling_silenced_changes_the_feed_and_drops_late_answers_for_the_old_one() {
    let mut m = loaded_model();
    let old = m.user_actions.query();
    update(&mut m, key('i'));
    assert!(m.user_actions.include_silenced);
    assert_ne!(m.user_actions.query(), old);
    let feeds: Vec<_> = m.subscriptions().into_iter().map(|s| s.feed).collect();
    assert!(feeds.contains(&m.user_actions.feed().expect("a feed")), "{feeds:?}");
    // A late answer for the old query must not overwrite the view.
    fetched_for(&mut m, old, rows(&[(9, "high", None)]), Default::default());
    assert_eq!(order(&m), vec![2, 4, 1, 5, 6, 3]);
}

#[test]
fn filter_narrows_live_and_esc_clears_it() {
    let mut m = loaded_model();
    update(&mut m, key('/'));
    typed(&mut m, "clim");
    assert_eq!(order(&m), vec![2, 4, 1, 5], "rows outside Climate Lab hidden while typing");
    update(&mut m, code(KeyCode::Esc));
    assert_eq!(order(&m).len(), 6);
    assert!(!m.user_actions.filter.is_editing());
    update(&mut m, key('/'));
    typed(&mut m, "overdue");
    update(&mut m, code(KeyCode::Enter));
    assert_eq!(order(&m), vec![2, 6]);
    update(&mut m, code(KeyCode::Esc));
    assert_eq!(order(&m).len(), 6, "Esc in the list clears an applied filter");
}

#[test]
fn detail_view_loads_live_and_keeps_what_was_opened_when_it_disappears() {
    let mut m = loaded_model();
    let effects = update(&mut m, code(KeyCode::Enter));
    assert!(matches!(&m.user_actions.detail, Some(Detail { full: Loaded::Loading, .. })));
    answer_load(&mut m, &effects, full(2));
    let d = m.user_actions.detail.as_ref().expect("detail");
    assert!(matches!(&d.full, Loaded::Ready(f) if f.corrective_actions.len() == 3));
    let rows = standard_rows().into_iter().filter(|r| r.uuid != uuid(2)).collect();
    fetched(&mut m, rows);
    let d = m.user_actions.detail.as_ref().expect("detail still open");
    assert!(d.gone);
    assert_eq!(d.row.uuid, uuid(2));
    // Acting from the detail view still targets the item that was opened.
    update(&mut m, code(KeyCode::Esc));
    update(&mut m, code(KeyCode::Enter));
    update(&mut m, code(KeyCode::Esc));
    let mut m = loaded_model();
    let effects = update(&mut m, code(KeyCode::Enter));
    answer_load(&mut m, &effects, full(2));
    fetched(&mut m, standard_rows().into_iter().filter(|r| r.uuid != uuid(2)).collect());
    update(&mut m, key('s'));
    let (_, call) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(call, Call::Waldur(WALDUR_ID, WaldurCall::Silence { uuid: uuid(2), days: None }));
}

#[test]
fn copy_id_copies_the_hex_uuid() {
    let mut m = loaded_model();
    let effects = update(&mut m, key('y'));
    assert_eq!(effects, vec![Effect::Copy(format!("{:032x}", 2))]);
}

#[test]
fn clock_ticks_redraw_only_when_what_they_show_changes() {
    let mut m = loaded_model();
    let tick = |m: &mut Model, at: &str| {
        m.dirty = false;
        update(m, Msg::Clock(at.parse().expect("ts")));
        m.dirty
    };
    // The data (fetched at 12:00:00) ages in seconds on screen during its first minute…
    assert!(tick(&mut m, "2025-06-03T12:00:05Z"), "just now → 5 s ago");
    assert!(tick(&mut m, "2025-06-03T12:00:20Z"));
    assert!(!tick(&mut m, "2025-06-03T12:00:20.5Z"), "same second: nothing to draw");
    assert!(tick(&mut m, "2025-06-03T12:00:21Z"));
    // …then in minutes.
    assert!(tick(&mut m, "2025-06-03T12:02:10Z"));
    assert!(!tick(&mut m, "2025-06-03T12:02:40Z"), "still 2 min ago");
}

#[test]
fn fetch_errors_keep_the_data_and_mark_it_stale() {
    let mut m = loaded_model();
    let feed = m.user_actions.feed().expect("a feed");
    fetched_feed(&mut m, feed, Err(ApiError::Local("boom".into())));
    assert_eq!(order(&m).len(), 6, "stale data kept");
    assert_eq!(m.user_actions.freshness.last_error.as_deref(), Some("boom"));
}

#[test]
fn refresh_asks_the_poller_and_its_notice_clears_when_the_answer_arrives() {
    let mut m = loaded_model();
    let effects = update(&mut m, key('r'));
    assert_eq!(effects, vec![Effect::Refresh(m.user_actions.feed().expect("a feed"))]);
    assert!(m.status.is_some());
    fetched(&mut m, standard_rows());
    assert!(m.status.is_none());
}

#[test]
fn executing_from_the_detail_view_uses_the_loaded_actions_and_reloads_after() {
    let mut m = loaded_model();
    let effects = update(&mut m, code(KeyCode::Enter));
    answer_load(&mut m, &effects, full(2));
    assert!(calls(&update(&mut m, key('x'))).is_empty(), "no second load: the detail has them");
    assert!(matches!(dialog_kind(&m), Kind::Picker(_)));
    let (op, _) = only_call(&update(&mut m, key('1')));
    let after =
        done(&mut m, op, Ok(Reply::Executed(ExecuteResponse { action: "navigate".into(), ..Default::default() })));
    assert!(after.contains(&Effect::Refresh(m.user_actions.feed().expect("a feed"))));
    assert!(
        after.iter().any(|e| matches!(e, Effect::Call { call: Call::Waldur(WALDUR_ID, WaldurCall::Get { uuid: u }), .. } if *u == uuid(2))),
        "the detail shows the new state: {after:?}"
    );
}

#[test]
fn a_resolved_action_cannot_be_executed_and_says_why() {
    let mut m = loaded_model();
    let effects = update(&mut m, key('x'));
    let (op, _) = only_call(&effects);
    let err = ApiError::Status(StatusError {
        server: SERVER.into(),
        status: 404,
        message: "No UserAction matches the given query.".into(),
        ..Default::default()
    });
    done(&mut m, op, Err(err));
    let d = m.dialog.as_ref().expect("explained");
    let text: String = d.body.iter().map(|l| l.text.clone()).collect::<Vec<_>>().join("\n");
    assert!(text.contains("No UserAction matches the given query.") && text.contains("resolved"), "{text}");
}

#[test]
fn a_progress_message_goes_when_its_answer_arrives_and_a_poll_does_not_end_it_early() {
    let mut m = loaded_model();
    let effects = update(&mut m, key('x'));
    assert!(m.status.as_ref().is_some_and(|s| s.progress && s.text.starts_with("loading the corrective actions")));
    fetched(&mut m, standard_rows());
    assert!(m.status.as_ref().is_some_and(|s| s.progress), "a poll does not end a request's progress");
    answer_load(&mut m, &effects, full(2));
    assert!(m.status.is_none(), "{:?}", m.status);
}

/// Issue 9.6: silencing from the detail view said "no longer in the list" next to a field
/// reading "silence active".
#[test]
fn silencing_from_the_detail_says_so_and_shows_the_silence_rounded_as_read() {
    let mut m = loaded_model();
    let effects = update(&mut m, code(KeyCode::Enter));
    answer_load(&mut m, &effects, full(2));
    let page = |m: &Model| {
        let d = m.user_actions.detail.as_ref().expect("detail");
        super::detail::document(d, m.now).lines.iter().map(|l| l.text()).collect::<Vec<_>>().join("\n")
    };
    assert!(page(&m).contains("silenced      no"), "{}", page(&m));
    update(&mut m, key('s'));
    typed(&mut m, "7");
    let (op, _) = only_call(&update(&mut m, code(KeyCode::Enter)));
    done(&mut m, op, Ok(Reply::Silenced(SilenceResponse { status: "silenced".into(), duration_days: Some(7) })));
    let rows = standard_rows().into_iter().filter(|r| r.uuid != uuid(2)).collect();
    fetched(&mut m, rows);
    let text = page(&m);
    assert!(text.contains("Silenced from here"), "{text}");
    assert!(!text.contains("no longer in the list"), "{text}");
    assert!(text.contains("(in 7d)"), "7 days right after, not 6d: {text}");
}

#[test]
fn durations_round_the_way_a_person_reads_them() {
    use super::format::rounded;
    use std::time::Duration;
    let d = |s: u64| rounded(Duration::from_secs(s));
    assert_eq!(d(7 * 86_400 - 5), "7d");
    assert_eq!(d(3 * 86_400 - 3_600), "3d");
    assert_eq!(d(2 * 86_400 + 13 * 3_600), "3d");
    assert_eq!(d(5 * 3_600 - 60), "5h");
    assert_eq!(d(90), "2m");
    assert_eq!(d(10), "<1m");
}

/// Issue 9.7: a half-typed facet left "“urgency:lo” not understood" on screen after the
/// whole filter was typed; an old failure stayed during an outage; nothing ever expired.
#[test]
fn status_messages_belong_to_their_moment() {
    let mut m = loaded_model();
    update(&mut m, key('/'));
    typed(&mut m, "urgency:lo");
    assert!(status(&m).contains("not understood"), "{}", status(&m));
    typed(&mut m, "w");
    update(&mut m, code(KeyCode::Enter));
    assert_eq!(status(&m), "", "the remark about the half-typed word is gone");

    // A failure is replaced by the pane's own account of the outage.
    m.set_status("failed: silencing “x”", Tone::Danger);
    let feed = m.user_actions.feed().expect("a feed");
    fetched_feed(&mut m, feed, Err(ApiError::Local("connection refused".into())));
    assert_eq!(status(&m), "", "the pane's problem line says what is wrong now");

    // News fades on the clock.
    m.set_status("silenced “x” for 7 days", Tone::Success);
    let later = m.now.checked_add(jiff::SignedDuration::from_secs(11)).expect("time");
    update(&mut m, Msg::Clock(later));
    assert_eq!(status(&m), "");
}

/// Issue 9.12: G and End did not move in help.
#[test]
fn help_scrolls_to_its_very_end_and_back() {
    let mut m = loaded_model();
    update(&mut m, Msg::Resize { width: 80, height: 24 });
    update(&mut m, key('?'));
    update(&mut m, key('G'));
    let (w, h) = crate::app::help::inner_size(80, 24);
    let total = crate::app::help::document(&m, w).wrap(w).len();
    let offset = m.help.as_ref().expect("help open").pager.offset;
    assert_eq!(offset, total - usize::from(h), "the last line is at the bottom");
    update(&mut m, code(KeyCode::Home));
    assert_eq!(m.help.as_ref().expect("help open").pager.offset, 0);
    update(&mut m, code(KeyCode::End));
    assert_eq!(m.help.as_ref().expect("help open").pager.offset, offset);
}
