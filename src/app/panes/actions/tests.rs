//! `update` tests for the Actions pane flows.

use crossterm::event::KeyCode;

use super::*;
use crate::app::dialog::{Focus, Kind};
use crate::app::keymap::{Keymap, Overrides};
use crate::app::model::Pane;
use crate::app::msg::{Msg, Payload};
use crate::app::testing::*;
use crate::app::update::update;
use crate::domain::error::StatusError;

fn names(m: &Model) -> Vec<String> {
    m.actions.view.iter().map(|i| m.actions.rows[*i as usize].full_name.clone()).collect()
}

fn path(g: &str, n: &str) -> ActionPath {
    ActionPath::new(g, n)
}

fn select(m: &mut Model, name: &str) {
    update(m, key('g'));
    while m.actions.selected().map(|r| r.full_name.as_str()) != Some(name) {
        let before = m.actions.cursor.index;
        update(m, key('j'));
        assert_ne!(before, m.actions.cursor.index, "{name} not in view");
    }
}

#[test]
fn the_list_is_sorted_by_name_or_by_last_change() {
    let mut m = cds_loaded();
    assert_eq!(names(&m), ["data-eng/etl", "platform/build", "platform/deploy", "shared.infra/notify"]);
    update(&mut m, key('o'));
    assert_eq!(names(&m), ["platform/deploy", "data-eng/etl", "platform/build", "shared.infra/notify"]);
    assert_eq!(m.actions.selected().map(|r| r.full_name.as_str()), Some("data-eng/etl"), "selection kept");
    let r = m.actions.find(&path("platform", "build")).expect("row");
    assert_eq!(change_text(r.changed.as_ref().expect("changed"), m.now), "2d ago by jdoe");
    assert_eq!((r.params, r.reqs), (1, 1));
}

#[test]
fn the_filter_matches_name_type_and_description() {
    let mut m = cds_loaded();
    update(&mut m, key('/'));
    typed(&mut m, "k8s");
    assert_eq!(names(&m), ["platform/deploy"]);
    update(&mut m, code(KeyCode::Esc));
    update(&mut m, key('/'));
    typed(&mut m, "platform");
    update(&mut m, code(KeyCode::Enter));
    assert_eq!(names(&m).len(), 2);
}

#[test]
fn enter_loads_the_detail_and_ignores_a_late_answer_for_another_action() {
    let mut m = cds_loaded();
    select(&mut m, "platform/build");
    let (op, call) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(call, Call::CdsGetAction(path("platform", "build")));
    assert!(matches!(&m.actions.screen, View::Detail { action: Loaded::Loading, .. }));
    // The operator goes back and opens another one before the first answer arrives.
    update(&mut m, code(KeyCode::Esc));
    update(&mut m, key('j'));
    let (op2, _) = only_call(&update(&mut m, code(KeyCode::Enter)));
    let build = cds_actions().into_iter().find(|a| a.name == "build").expect("build");
    done(&mut m, op, Ok(Reply::CdsAction(Box::new(build))));
    assert!(
        matches!(&m.actions.screen, View::Detail { action: Loaded::Loading, path: open, .. } if *open == path("platform", "deploy"))
    );
    let deploy = cds_actions().into_iter().find(|a| a.name == "deploy").expect("deploy");
    done(&mut m, op2, Ok(Reply::CdsAction(Box::new(deploy))));
    assert!(matches!(&m.actions.screen, View::Detail { action: Loaded::Ready(a), .. } if a.name == "deploy"));
}

#[test]
fn usage_opens_its_view_and_shows_errors_in_place() {
    let mut m = cds_loaded();
    let (op, call) = only_call(&update(&mut m, key('w')));
    assert_eq!(call, Call::CdsUsage(path("data-eng", "etl")));
    let err = ApiError::Status(StatusError {
        server: CDS.into(),
        status: 403,
        message: "User is not a group's member".into(),
        code: Some(151),
        correlation: None,
        hint: None,
    });
    done(&mut m, op, Err(err));
    match &m.actions.screen {
        View::Usage { usage: Loaded::Failed(text), .. } => {
            assert!(text.contains("User is not a group's member") && text.contains("not a member"), "{text}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn delete_is_confirmed_with_cancel_by_default_and_names_target_and_server() {
    let mut m = cds_loaded();
    select(&mut m, "platform/build");
    no_call(&update(&mut m, key('D')));
    let text = body(&m);
    assert!(text.contains("platform/build") && text.contains(CDS), "{text}");
    assert!(
        matches!(&m.dialog.as_ref().expect("dialog").kind, Kind::Confirm(c) if c.focus == Focus::Cancel && c.danger)
    );
    no_call(&update(&mut m, code(KeyCode::Enter)));
    assert!(m.dialog.is_none(), "Enter on the default button cancelled");
    update(&mut m, key('D'));
    let (op, call) = only_call(&update(&mut m, key('y')));
    assert_eq!(call, Call::CdsDeleteAction(path("platform", "build")));
    let after = done(&mut m, op, Ok(Reply::CdsDeleted));
    assert_eq!(after, vec![Effect::Refresh(crate::app::msg::Feed::CdsActions)]);
    assert!(m.status.as_ref().is_some_and(|s| s.text.contains("deleted platform/build")));
}

#[test]
fn a_delete_refused_because_in_use_shows_the_server_words() {
    let mut m = cds_loaded();
    update(&mut m, key('D'));
    let (op, _) = only_call(&update(&mut m, key('y')));
    let message = "forbidden (from: cannot delete action etl is used in other actions or pipelines)";
    let err = ApiError::Status(StatusError {
        server: CDS.into(),
        status: 403,
        message: message.into(),
        code: Some(11),
        correlation: Some("5d1c".into()),
        hint: None,
    });
    done(&mut m, op, Err(err));
    let text = body(&m);
    assert!(text.contains(message), "{text}");
    assert!(text.contains("5d1c"), "the error uuid is available: {text}");
    assert!(text.contains("press w"), "{text}");
}

#[test]
fn the_delete_target_is_kept_when_the_list_changes_underneath() {
    let mut m = cds_loaded();
    select(&mut m, "platform/build");
    update(&mut m, key('D'));
    let rest: Vec<_> = cds_actions().into_iter().filter(|a| a.name != "build").collect();
    update(
        &mut m,
        Msg::Fetched { feed: crate::app::msg::Feed::CdsActions, at: now(), result: Ok(Payload::CdsActions(rest)) },
    );
    assert_ne!(m.actions.selected().map(|r| r.full_name.as_str()), Some("platform/build"));
    let (_, call) = only_call(&update(&mut m, key('y')));
    assert_eq!(call, Call::CdsDeleteAction(path("platform", "build")));
}

#[test]
fn export_prompts_for_a_path_and_never_overwrites_silently() {
    let mut m = cds_loaded();
    select(&mut m, "platform/build");
    update(&mut m, key('e'));
    match &m.dialog.as_ref().expect("prompt").kind {
        Kind::Prompt(p) => assert_eq!(crate::app::dialog::input_text(&p.input), "build.yml"),
        other => panic!("{other:?}"),
    }
    let (op, call) = only_call(&update(&mut m, code(KeyCode::Enter)));
    let dest = PathBuf::from("build.yml");
    assert_eq!(
        call,
        Call::CdsExport {
            path: path("platform", "build"),
            format: ExportFormat::Yaml,
            dest: dest.clone(),
            overwrite: false
        }
    );
    done(&mut m, op, Ok(Reply::ExportTargetExists { dest: dest.clone() }));
    assert!(body(&m).contains("build.yml already exists"));
    let (op, call) = only_call(&update(&mut m, key('y')));
    assert_eq!(
        call,
        Call::CdsExport {
            path: path("platform", "build"),
            format: ExportFormat::Yaml,
            dest: dest.clone(),
            overwrite: true
        }
    );
    done(&mut m, op, Ok(Reply::Exported { dest, bytes: 120 }));
    assert!(m.status.as_ref().is_some_and(|s| s.text.contains("exported platform/build to build.yml (120 bytes)")));
}

#[test]
fn export_to_a_json_name_asks_for_json() {
    let mut m = cds_loaded();
    update(&mut m, key('e'));
    for _ in 0..3 {
        update(&mut m, code(KeyCode::Backspace));
    }
    typed(&mut m, "json");
    let (_, call) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert!(
        matches!(call, Call::CdsExport { format: ExportFormat::Json, ref dest, .. } if dest == &PathBuf::from("etl.json"))
    );
}

#[test]
fn import_reports_created_or_updated() {
    let mut m = cds_loaded();
    update(&mut m, key('I'));
    typed(&mut m, "actions/build.yml");
    let (op, call) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(call, Call::CdsImport { file: PathBuf::from("actions/build.yml") });
    let build = cds_actions().into_iter().find(|a| a.name == "build").expect("build");
    let after = done(&mut m, op, Ok(Reply::Imported(Box::new(ImportOutcome::Updated(build)))));
    assert_eq!(after, vec![Effect::Refresh(crate::app::msg::Feed::CdsActions)]);
    let status = &m.status.as_ref().expect("status").text;
    assert!(status.contains("updated platform/build") && status.contains("roll back"), "{status}");
    update(&mut m, key('I'));
    typed(&mut m, "new.yml");
    let (op, _) = only_call(&update(&mut m, code(KeyCode::Enter)));
    let notify = cds_actions().into_iter().find(|a| a.name == "notify").expect("notify");
    done(&mut m, op, Ok(Reply::Imported(Box::new(ImportOutcome::Created(notify)))));
    assert!(m.status.as_ref().is_some_and(|s| s.text.starts_with("created shared.infra/notify")));
}

#[test]
fn a_jumps_to_the_audits_of_the_action() {
    let mut m = cds_loaded();
    select(&mut m, "platform/deploy");
    update(&mut m, key('a'));
    assert_eq!(m.pane, Pane::Audits);
    let feeds: Vec<_> = m.subscriptions().into_iter().map(|s| s.feed).collect();
    assert!(feeds.contains(&crate::app::msg::Feed::CdsAudits(path("platform", "deploy"))), "{feeds:?}");
}

#[test]
fn keys_the_source_cannot_do_are_refused_with_a_reason() {
    let mut m = cds_loaded();
    no_call(&update(&mut m, key('t')));
    assert!(m.status.as_ref().is_some_and(|s| s.text.contains("CDS actions cannot do that")));
    assert!(!allowed(&m, Command::ActionToggle));
}

#[test]
fn read_only_removes_delete_and_import_but_not_export() {
    let mut m = cds_model();
    m.keymap = Keymap::new(&Overrides::new(), true).expect("keymap");
    update(
        &mut m,
        Msg::Fetched {
            feed: crate::app::msg::Feed::CdsActions,
            at: now(),
            result: Ok(Payload::CdsActions(cds_actions())),
        },
    );
    for k in ['D', 'I'] {
        no_call(&update(&mut m, key(k)));
        assert!(m.dialog.is_none());
    }
    update(&mut m, key('e'));
    assert!(m.dialog.is_some(), "export only reads the server");
}

#[test]
fn the_command_line_filter_applies_to_the_visible_pane() {
    let mut m = cds_loaded();
    update(&mut m, key(':'));
    typed(&mut m, "filter k8s");
    update(&mut m, code(KeyCode::Enter));
    assert_eq!(names(&m), ["platform/deploy"]);
    assert_eq!(m.user_actions.filter.filter.raw, "", "other panes keep their own filter");
}
