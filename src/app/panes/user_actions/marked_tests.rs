//! Marks, operations on marked rows, undo and sort in pane 4: the exact calls, none before
//! the confirmation, none to unmarked rows.

use crossterm::event::KeyCode;
use uuid::Uuid;

use crate::app::dialog::Kind;
use crate::app::effect::{Call, Effect, WaldurCall};
use crate::app::model::Model;
use crate::app::msg::{EachReport, Reply};
use crate::app::testing::*;
use crate::app::update::update;
use crate::domain::error::{ApiError, StatusError};

fn uuid(n: u32) -> Uuid {
    Uuid::from_u128(u128::from(n))
}

fn order(m: &Model) -> Vec<u32> {
    m.user_actions.list.shown().map(|r| r.uuid.as_u128() as u32).collect()
}

fn marked(m: &Model) -> Vec<u32> {
    m.user_actions.list.marked().iter().map(|r| r.uuid.as_u128() as u32).collect()
}

fn ok_each(uuids: &[u32]) -> Reply {
    Reply::Each(EachReport { ok: uuids.iter().map(|n| (uuid(*n), String::new())).collect(), failed: vec![] })
}

fn typed_count(m: &Model) -> Option<String> {
    match &m.dialog.as_ref()?.kind {
        Kind::Confirm(c) => c.typed.as_ref().map(|t| t.expected.clone()),
        _ => None,
    }
}

/// Rows 2 and 4 (the first two in severity order) marked with `space`.
fn two_marked() -> Model {
    let mut m = loaded_model();
    assert_eq!(order(&m), [2, 4, 1, 5, 6, 3]);
    update(&mut m, code(KeyCode::Char(' ')));
    update(&mut m, code(KeyCode::Char(' ')));
    assert_eq!(marked(&m), [2, 4]);
    assert_eq!(m.user_actions.list.selected_key().copied(), Some(uuid(1)), "space moves down");
    m
}

#[test]
fn silence_on_marked_rows_names_them_confirms_then_sends_one_request_per_row() {
    let mut m = two_marked();
    no_call(&update(&mut m, key('s')));
    let text = body(&m);
    assert!(text.contains("2 marked user actions"), "{text}");
    assert!(
        text.contains("“Approve pending order: HPC allocation 2”, “Approve pending order: HPC allocation 4”"),
        "{text}"
    );
    no_call(&typed(&mut m, "3"));
    no_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(typed_count(&m), None, "two rows: a plain confirmation, Cancel first");
    assert!(body(&m).contains("Silence for 3 days"), "{}", body(&m));
    no_call(&update(&mut m, code(KeyCode::Enter)));
    assert!(m.dialog.is_none(), "Enter on the default button cancels");
    assert_eq!(marked(&m), [2, 4], "a cancelled operation keeps the marks");

    update(&mut m, key('s'));
    typed(&mut m, "3");
    update(&mut m, code(KeyCode::Enter));
    let (op, call) = only_call(&update(&mut m, key('y')));
    assert_eq!(call, Call::Waldur(WALDUR_ID, WaldurCall::SilenceEach { uuids: vec![uuid(2), uuid(4)], days: Some(3) }));
    assert!(marked(&m).is_empty(), "sent: the marks have done their job");
    done(&mut m, op, Ok(ok_each(&[4, 2])));
    assert_eq!(status(&m), "silenced 2 of 2 — z undo");
}

#[test]
fn z_unsilences_exactly_what_the_last_silence_changed() {
    let mut m = loaded_model();
    // Row 1 was already silenced: silencing it again changes nothing undo should take back.
    let mut rows = standard_rows();
    rows.iter_mut().filter(|r| r.uuid == uuid(1)).for_each(|r| r.is_silenced = true);
    fetched(&mut m, rows);
    for _ in 0..3 {
        update(&mut m, code(KeyCode::Char(' ')));
    }
    assert_eq!(marked(&m), [2, 4, 1]);
    update(&mut m, key('s'));
    update(&mut m, code(KeyCode::Enter));
    let (op, _) = only_call(&update(&mut m, key('y')));
    let failed = ApiError::Status(StatusError { status: 404, message: "gone".into(), ..Default::default() });
    let report =
        EachReport { ok: vec![(uuid(2), String::new()), (uuid(1), String::new())], failed: vec![(uuid(4), failed)] };
    done(&mut m, op, Ok(Reply::Each(report)));
    assert!(
        body(&m).contains("✗ Approve pending order: HPC allocation 4: "),
        "the report names the failure: {}",
        body(&m)
    );
    let said = m.status.as_ref().map(|s| (s.text.clone(), s.tone));
    assert_eq!(said, Some(("silenced 2 of 3, 1 failed — z undo".into(), crate::app::dialog::Tone::Warning)));
    update(&mut m, code(KeyCode::Esc));
    let (op, call) = only_call(&update(&mut m, key('z')));
    assert_eq!(
        call,
        Call::Waldur(WALDUR_ID, WaldurCall::UnsilenceEach { uuids: vec![uuid(2)] }),
        "not 4 (failed), not 1 (was silenced)"
    );
    assert!(m.dialog.is_none(), "undo is one key");
    done(&mut m, op, Ok(ok_each(&[2])));
    assert_eq!(status(&m), "unsilenced 1 of 1");
    update(&mut m, key('z'));
    assert!(status(&m).contains("nothing to undo"), "{}", status(&m));
}

#[test]
fn a_single_silence_is_undone_by_z() {
    let mut m = loaded_model();
    update(&mut m, key('s'));
    let (op, _) = only_call(&update(&mut m, code(KeyCode::Enter)));
    done(
        &mut m,
        op,
        Ok(Reply::Silenced(crate::backends::waldur::model::SilenceResponse {
            status: "silenced".into(),
            duration_days: None,
        })),
    );
    assert!(status(&m).ends_with("— z undo"), "{}", status(&m));
    let (_, call) = only_call(&update(&mut m, key('z')));
    assert_eq!(call, Call::Waldur(WALDUR_ID, WaldurCall::UnsilenceEach { uuids: vec![uuid(2)] }));
}

#[test]
fn marks_hidden_by_the_filter_are_left_out_and_said() {
    let mut m = two_marked();
    update(&mut m, key('/'));
    typed(&mut m, "allocation 4");
    update(&mut m, code(KeyCode::Enter));
    assert_eq!(order(&m), [4]);
    let r = m.user_actions.list.ruler();
    assert_eq!((r.marked, r.hidden_marks), (1, 1));
    update(&mut m, key('s'));
    assert!(body(&m).contains("1 more marked but hidden by the filter are left out"), "{}", body(&m));
    update(&mut m, code(KeyCode::Enter));
    let (_, call) = only_call(&update(&mut m, key('y')));
    assert_eq!(call, Call::Waldur(WALDUR_ID, WaldurCall::SilenceEach { uuids: vec![uuid(4)], days: None }));
}

#[test]
fn a_range_marks_from_its_start_to_the_cursor_and_esc_clears_range_then_marks() {
    let mut m = loaded_model();
    update(&mut m, key('j'));
    update(&mut m, key('v'));
    update(&mut m, key('j'));
    update(&mut m, key('j'));
    assert_eq!(marked(&m), [4, 1, 5], "the open range counts");
    assert!(m.user_actions.list.ruler().range);
    update(&mut m, code(KeyCode::Esc));
    assert!(marked(&m).is_empty(), "Esc drops an open range");
    update(&mut m, key('v'));
    update(&mut m, key('k'));
    update(&mut m, key('v'));
    assert_eq!(marked(&m), [1, 5], "v again marks the range, upwards too");
    assert!(!m.user_actions.list.ruler().range);
    update(&mut m, code(KeyCode::Esc));
    assert!(marked(&m).is_empty());
}

#[test]
fn marks_follow_their_rows_through_a_poll_and_vanish_with_them() {
    let mut m = two_marked();
    let rows: Vec<_> = standard_rows().into_iter().filter(|r| r.uuid != uuid(2)).collect();
    fetched(&mut m, rows);
    assert_eq!(marked(&m), [4]);
    assert_eq!(m.user_actions.list.ruler().hidden_marks, 0, "a row gone is not a hidden mark");
}

#[test]
fn unsilence_on_marks_acts_only_on_the_silenced_ones() {
    let mut m = loaded_model();
    let mut rows = standard_rows();
    rows.iter_mut().filter(|r| r.uuid == uuid(4)).for_each(|r| r.is_silenced = true);
    fetched(&mut m, rows);
    update(&mut m, code(KeyCode::Char(' ')));
    update(&mut m, code(KeyCode::Char(' ')));
    no_call(&update(&mut m, key('u')));
    assert!(body(&m).contains("1 marked are not silenced and are left as they are"), "{}", body(&m));
    let (_, call) = only_call(&update(&mut m, key('y')));
    assert_eq!(call, Call::Waldur(WALDUR_ID, WaldurCall::UnsilenceEach { uuids: vec![uuid(4)] }));
}

#[test]
fn execute_on_marks_offers_what_runs_and_confirms_before_one_request_per_row() {
    let mut m = two_marked();
    let effects = update(&mut m, key('x'));
    let (_, call) = only_call(&effects);
    assert_eq!(call, Call::Waldur(WALDUR_ID, WaldurCall::Get { uuid: uuid(2) }), "the first marked row's actions");
    no_call(&answer_load(&mut m, &effects, full(2)));
    let Some(Kind::Picker(p)) = m.dialog.as_ref().map(|d| &d.kind) else { panic!("a picker") };
    let labels: Vec<&str> = p.items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels, ["Approve Order"], "actions that only open the web UI are left out");
    no_call(&update(&mut m, code(KeyCode::Enter)));
    assert!(body(&m).contains("Execute “Approve Order”"), "{}", body(&m));
    let (op, call) = only_call(&update(&mut m, key('y')));
    let expected = WaldurCall::ExecuteEach { uuids: vec![uuid(2), uuid(4)], label: "Approve Order".into() };
    assert_eq!(call, Call::Waldur(WALDUR_ID, expected));
    let report =
        EachReport { ok: vec![(uuid(2), "Order approved".into()), (uuid(4), "Order approved".into())], failed: vec![] };
    let after = done(&mut m, op, Ok(Reply::Each(report)));
    assert!(after.iter().any(|e| matches!(e, Effect::Refresh(_))), "the list is refreshed");
    assert!(body(&m).contains("✓ Approve pending order: HPC allocation 2: Order approved"), "{}", body(&m));
}

#[test]
fn more_than_ten_marked_are_confirmed_by_typing_their_count() {
    let mut m = model();
    let specs: Vec<(u32, &str, Option<&str>)> = (1..=12).map(|n| (n, "high", None)).collect();
    fetched(&mut m, rows(&specs));
    update(&mut m, key('v'));
    update(&mut m, key('G'));
    update(&mut m, key('s'));
    assert!(body(&m).contains("and 9 more"), "{}", body(&m));
    update(&mut m, code(KeyCode::Enter));
    assert_eq!(typed_count(&m), Some("12".into()));
    no_call(&typed(&mut m, "11"));
    no_call(&update(&mut m, code(KeyCode::Enter)));
    assert!(m.dialog.is_some(), "a wrong count sends nothing");
    no_call(&update(&mut m, key('y')));
    assert!(m.dialog.is_some(), "y types, it does not confirm");
    update(&mut m, ctrl('u'));
    no_call(&typed(&mut m, "12"));
    let effects = update(&mut m, code(KeyCode::Enter));
    let (_, call) = only_call(&effects);
    let Call::Waldur(_, WaldurCall::SilenceEach { uuids, .. }) = call else { panic!("{call:?}") };
    assert_eq!(uuids.len(), 12);
}

#[test]
fn o_asks_for_the_next_order_and_the_rows_take_it_when_they_come() {
    let mut m = loaded_model();
    update(&mut m, key('j'));
    let on = m.user_actions.list.selected_key().copied();
    let effects = update(&mut m, key('o'));
    assert!(effects.is_empty(), "nothing sorted or sent by the key itself: the new query's poller fetches");
    assert_eq!(order(&m), [2, 4, 1, 5, 6, 3], "until the answer, the rows keep their order…");
    assert_eq!(m.user_actions.list.ruler().sorted(m.user_actions.shown_order().describe()).sort, Some("by severity"));
    assert!(status(&m).starts_with("ordering the user actions by due date"), "{}", status(&m));
    assert_eq!(m.user_actions.query().order, crate::backends::waldur::model::Order::Due);
    fetched(&mut m, standard_rows());
    assert_eq!(order(&m), [6, 2, 4, 1, 3, 5], "soonest due first, none last");
    assert_eq!(m.user_actions.list.selected_key().copied(), on, "the cursor stays on its row");
    assert_eq!(m.user_actions.shown_order().describe(), "by due date");
    assert!(m.status.is_none(), "the answer ends the progress message");
    update(&mut m, key('o'));
    fetched(&mut m, standard_rows());
    assert_eq!(order(&m), [6, 5, 4, 3, 2, 1], "newest created first");
    update(&mut m, key('o'));
    fetched(&mut m, standard_rows());
    let by_project: Vec<u32> = [2, 4, 1, 5, 6, 3].into_iter().filter(|n| n % 3 != 0).chain([6, 3]).collect();
    assert_eq!(order(&m), by_project, "Climate Lab before Genomics, ties in severity order");
    // An answer to the old query arriving late is not taken for the new order.
    let old = m.user_actions.query();
    update(&mut m, key('o'));
    let summary = summary_of(&standard_rows());
    fetched_for(&mut m, old, standard_rows(), summary);
    assert_eq!(order(&m), by_project);
    update(&mut m, key('o'));
    fetched(&mut m, standard_rows());
    assert_eq!(order(&m), [2, 4, 1, 5, 6, 3], "back to severity");
}
