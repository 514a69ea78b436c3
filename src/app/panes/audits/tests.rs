//! `update` tests for the Audits pane: feed, audit list, diff, rollback, executions.

use crossterm::event::KeyCode;

use super::*;
use crate::app::dialog::{Focus, Kind};
use crate::app::panes::Pane;
use crate::app::testing::*;
use crate::app::update::update;

fn audits_model() -> Model {
    let mut m = cds_loaded();
    m.pane = Pane::Audits;
    m
}

fn build() -> Key {
    cds_action("platform", "build")
}

fn audit_rows(rows: Vec<crate::backends::cds::wire::AuditAction>) -> Payload {
    Payload::Audits(crate::backends::cds::adapter::actions::audit_rows(rows))
}

fn audit_ids(m: &Model) -> Vec<i64> {
    m.audits.action.as_ref().map(|a| a.list.shown().map(|r| r.id).collect()).unwrap_or_default()
}

fn open_build_audits(m: &mut Model) {
    while m.audits.feed.selected().map(|f| f.key.clone()) != Some(build()) {
        update(m, key('j'));
    }
    update(m, code(KeyCode::Enter));
    assert_eq!(m.audits.mode, Mode::Action);
    fetched_feed(m, Feed::Audits(CDS_ID, build()), Ok(audit_rows(cds_audits())));
}

#[test]
fn the_feed_lists_the_latest_change_of_each_action_newest_first() {
    let m = audits_model();
    let feed: Vec<&FeedRow> = m.audits.feed.shown().collect();
    let names: Vec<&str> = feed.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["platform/deploy", "data-eng/etl", "platform/build", "shared.infra/notify"]);
    assert_eq!(&*feed[0].change.by, "bob");
    assert_eq!(&*feed[3].change.event, "ActionAdd");
    assert_eq!(Unit.refresh(&m), vec![Feed::Actions(CDS_ID)], "no fan-out: the list feeds the feed");
}

#[test]
fn enter_opens_the_audit_list_and_then_a_coloured_diff() {
    let mut m = audits_model();
    open_build_audits(&mut m);
    assert_eq!(audit_ids(&m), [103, 102, 101]);
    update(&mut m, code(KeyCode::Enter));
    let d = m.audits.diff.as_ref().expect("diff open");
    let added: Vec<&str> = d.lines.iter().filter(|l| l.tag == DiffTag::Added).map(|l| l.text.as_str()).collect();
    let removed: Vec<&str> = d.lines.iter().filter(|l| l.tag == DiffTag::Removed).map(|l| l.text.as_str()).collect();
    assert_eq!(added, ["+ requirements:", "+ - binary: make", "+   - make test"]);
    assert!(removed.is_empty(), "{removed:?}");
    assert!(d.lines[0].tag == DiffTag::Hunk && d.lines[0].text.starts_with("@@"));
    update(&mut m, code(KeyCode::Esc));
    assert!(m.audits.diff.is_none());
    update(&mut m, code(KeyCode::Esc));
    assert_eq!(m.audits.mode, Mode::Feed);
}

#[test]
fn rollback_is_refused_on_the_creation_and_says_why() {
    let mut m = audits_model();
    open_build_audits(&mut m);
    update(&mut m, key('G'));
    let effects = update(&mut m, key('R'));
    assert!(effects.is_empty());
    let text = body(&m);
    assert!(text.contains("created the action"), "{text}");
    assert!(matches!(&m.dialog.as_ref().expect("notice").kind, Kind::Notice(_)));
}

#[test]
fn rollback_confirms_the_state_before_the_change_and_shows_what_it_undoes() {
    let mut m = audits_model();
    open_build_audits(&mut m);
    assert!(update(&mut m, key('R')).is_empty());
    let text = body(&m);
    assert!(text.contains("Return platform/build to its state BEFORE this change"), "{text}");
    assert!(text.contains("audit #103") && text.contains(CDS), "{text}");
    assert!(text.contains("+   - make test"), "the diff it undoes: {text}");
    assert!(text.contains("  default: out"), "with the unchanged line above it: {text}");
    assert!(
        matches!(&m.dialog.as_ref().expect("confirm").kind, Kind::Confirm(c) if c.focus == Focus::Cancel && c.danger)
    );
    assert!(update(&mut m, code(KeyCode::Enter)).is_empty(), "Enter on Cancel sends nothing");
    update(&mut m, key('R'));
    let (op, call) = only_call(&update(&mut m, key('y')));
    assert_eq!(call, Call::Audit(CDS_ID, AuditCall::Revert { key: build(), audit: 103 }));
    let after = done(&mut m, op, Ok(Reply::Done));
    assert_eq!(after, vec![Effect::Refresh(Feed::Audits(CDS_ID, build())), Effect::Refresh(Feed::Actions(CDS_ID))]);
    assert!(m.status.as_ref().is_some_and(|s| s.text.contains("rolled back platform/build")));
    assert!(status(&m).contains("CDS recorded it as a new change"), "{}", status(&m));
}

#[test]
fn rollback_from_the_diff_view_targets_the_audit_shown() {
    let mut m = audits_model();
    open_build_audits(&mut m);
    update(&mut m, key('j'));
    update(&mut m, code(KeyCode::Enter));
    // A poll arrives with a new audit on top: the diff still shows #102, and R rolls back #102.
    let mut rows = cds_audits();
    let mut newest = rows[0].clone();
    newest.id = 104;
    rows.insert(0, newest);
    fetched_feed(&mut m, Feed::Audits(CDS_ID, build()), Ok(audit_rows(rows)));
    update(&mut m, key('R'));
    let (_, call) = only_call(&update(&mut m, key('y')));
    assert_eq!(call, Call::Audit(CDS_ID, AuditCall::Revert { key: build(), audit: 102 }));
}

#[test]
fn audits_of_another_action_are_dropped() {
    let mut m = audits_model();
    open_build_audits(&mut m);
    let other = cds_action("platform", "deploy");
    fetched_feed(&mut m, Feed::Audits(CDS_ID, other), Ok(audit_rows(vec![])));
    assert_eq!(audit_ids(&m).len(), 3);
}

#[test]
fn x_shows_the_waldur_execution_history_read_only() {
    let mut m = audits_model();
    update(&mut m, key('x'));
    assert_eq!(m.audits.mode, Mode::Executions);
    let feeds: Vec<_> = m.subscriptions().into_iter().map(|s| s.feed).collect();
    assert!(feeds.contains(&Feed::Executions(WALDUR_ID)), "{feeds:?}");
    let rows: Vec<Execution> = serde_json::from_str(
        r#"[{"id":17,"corrective_action_label":"View Order Details","executed_at":"2025-06-01T12:03:11.402113+00:00","success":true,"error_message":"","execution_metadata":"{}"},
            {"id":16,"corrective_action_label":"Escalate","executed_at":"2025-06-01T11:00:00+00:00","success":false,"error_message":"API action not implemented: Escalate","execution_metadata":"{'order_uuid': '5c1e'}"}]"#,
    )
    .expect("executions decode");
    let result = Ok(Payload::Executions { rows, total: Some(450) });
    fetched_feed(&mut m, Feed::Executions(WALDUR_ID), result);
    assert_eq!(m.audits.executions.list.rows().len(), 2);
    assert_eq!(m.audits.executions.total, Some(450), "the server's count is kept for the header");
    assert!(update(&mut m, key('R')).is_empty(), "nothing to mutate there");
    update(&mut m, key('x'));
    assert_eq!(m.audits.mode, Mode::Feed);
}

#[test]
fn diff_lines_mark_removals_and_additions() {
    let lines = diff_lines("a\nb\nc\n", "a\nB\nc\n");
    let tags: Vec<DiffTag> = lines.iter().map(|l| l.tag).collect();
    assert_eq!(tags, [DiffTag::Hunk, DiffTag::Context, DiffTag::Removed, DiffTag::Added, DiffTag::Context]);
    assert_eq!(lines[2].text, "- b");
    assert_eq!(lines[3].text, "+ B");
    assert_eq!(lines[1].text, "  a");
    // A removed YAML item keeps its own dash apart from the diff's.
    assert_eq!(diff_lines("- binary: curl\n", "")[1].text, "- - binary: curl");
    let indented = diff_lines("  f() {\n  \t\treturn;\n  }\n", "  f() {\n  \t\treturn 1;\n  }\n");
    assert_eq!(indented[3].text, "+           return 1;", "{indented:?}");
    let hostile = diff_lines("", "x\u{1b}]52;c;AAAA\u{7}y\n");
    assert_eq!(hostile[1].text, "+ xy");
}

/// Issue 9.8: `/` was silently ignored in the feed, one action's audits and the executions.
#[test]
fn slash_filters_every_audits_list() {
    let mut m = audits_model();
    let filter = |m: &mut Model, text: &str| {
        update(m, key('/'));
        typed(m, text);
        update(m, code(KeyCode::Enter));
    };
    filter(&mut m, "platform");
    let names: Vec<&str> = m.audits.feed.shown().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["platform/deploy", "platform/build"]);
    update(&mut m, code(KeyCode::Esc));
    assert_eq!(m.audits.feed.shown().count(), 4, "Esc clears it");

    open_build_audits(&mut m);
    filter(&mut m, "bob");
    assert_eq!(audit_ids(&m), [102], "one action's audits by who");
    update(&mut m, code(KeyCode::Esc));
    update(&mut m, code(KeyCode::Esc));

    update(&mut m, key('x'));
    let rows: Vec<Execution> = serde_json::from_str(
        r#"[{"id":17,"corrective_action_label":"View Order Details","executed_at":"2025-06-01T12:03:11Z","success":true},
            {"id":16,"corrective_action_label":"Escalate","executed_at":"2025-06-01T11:00:00Z","success":false}]"#,
    )
    .expect("executions decode");
    fetched_feed(&mut m, Feed::Executions(WALDUR_ID), Ok(Payload::Executions { rows, total: Some(2) }));
    filter(&mut m, "escalate");
    let shown: Vec<&str> = m.audits.executions.list.shown().map(|e| &*e.corrective_action_label).collect();
    assert_eq!(shown, ["Escalate"]);
}

#[test]
fn o_orders_the_feed_by_action_then_by_who() {
    let mut m = audits_model();
    let names = |m: &Model| m.audits.feed.shown().map(|f| f.name.clone()).collect::<Vec<_>>();
    update(&mut m, key('o'));
    assert_eq!(names(&m), ["data-eng/etl", "platform/build", "platform/deploy", "shared.infra/notify"]);
    assert_eq!(Unit.ruler(&m).and_then(|r| r.sort), Some("by action"));
    update(&mut m, key('o'));
    let who: Vec<String> = m.audits.feed.shown().map(|f| f.change.by.to_string()).collect();
    let mut sorted = who.clone();
    sorted.sort();
    assert_eq!(who, sorted, "by who");
    update(&mut m, key('o'));
    assert_eq!(names(&m), ["platform/deploy", "data-eng/etl", "platform/build", "shared.infra/notify"]);
}
