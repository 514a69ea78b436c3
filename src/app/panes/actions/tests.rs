//! `update` tests for the Actions pane flows.

use crossterm::event::KeyCode;

use std::path::PathBuf;

use super::*;
use crate::app::dialog::{Focus, Kind};
use crate::app::effect::{ActionCall, Call};
use crate::app::keymap::{Command, Keymap, Overrides};
use crate::app::msg::Msg;
use crate::app::msg::{Feed, Reply};
use crate::app::source::Key;
use crate::app::testing::*;
use crate::app::update::update;
use crate::domain::error::{ApiError, StatusError};

fn names(m: &Model) -> Vec<String> {
    m.actions.list.shown().map(|r| r.name.clone()).collect()
}

fn path(g: &str, n: &str) -> Key {
    cds_action(g, n)
}

fn call(op: ActionCall) -> Call {
    Call::Action(CDS_ID, op)
}

fn select(m: &mut Model, name: &str) {
    update(m, key('g'));
    while m.actions.list.selected().map(|r| r.name.as_str()) != Some(name) {
        let before = m.actions.list.index();
        update(m, key('j'));
        assert_ne!(before, m.actions.list.index(), "{name} not in view");
    }
}

fn find<'m>(m: &'m Model, key: &Key) -> &'m ActionRow {
    m.actions.list.find(|r| &r.key == key).expect("row")
}

fn detail_of(name: &str) -> Reply {
    let a = cds_actions().into_iter().find(|a| a.name == name).expect("fixture action");
    Reply::Document(crate::backends::cds::adapter::actions::detail(&a))
}

#[test]
fn the_list_is_sorted_by_name_or_by_last_change() {
    let mut m = cds_loaded();
    assert_eq!(names(&m), ["data-eng/etl", "platform/build", "platform/deploy", "shared.infra/notify"]);
    update(&mut m, key('o'));
    assert_eq!(names(&m), ["platform/deploy", "data-eng/etl", "platform/build", "shared.infra/notify"]);
    assert_eq!(m.actions.list.selected().map(|r| r.name.as_str()), Some("data-eng/etl"), "selection kept");
    let r = find(&m, &path("platform", "build"));
    assert_eq!(change_text(r.changed.as_ref().expect("changed"), m.now), "2d ago by jdoe");
    assert_eq!(r.facts, "1/1", "one parameter, one requirement");
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
    let (op, c) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(c, call(ActionCall::Detail { key: path("platform", "build"), fresh: false }));
    assert!(matches!(&m.actions.screen, View::Detail(Page { doc: Loaded::Loading, .. })));
    // The operator goes back and opens another one before the first answer arrives.
    update(&mut m, code(KeyCode::Esc));
    update(&mut m, key('j'));
    let (op2, _) = only_call(&update(&mut m, code(KeyCode::Enter)));
    done(&mut m, op, Ok(detail_of("build")));
    assert!(
        matches!(&m.actions.screen, View::Detail(Page { doc: Loaded::Loading, target, .. }) if target.key == path("platform", "deploy"))
    );
    done(&mut m, op2, Ok(detail_of("deploy")));
    assert!(
        matches!(&m.actions.screen, View::Detail(Page { doc: Loaded::Ready(d), .. }) if d.text().starts_with("platform/deploy"))
    );
}

#[test]
fn usage_opens_its_view_and_shows_errors_in_place() {
    let mut m = cds_loaded();
    let (op, c) = only_call(&update(&mut m, key('w')));
    assert_eq!(c, call(ActionCall::Usage(path("data-eng", "etl"))));
    let err = ApiError::Status(StatusError {
        server: CDS.into(),
        status: 403,
        message: "User is not a group's member".into(),
        code: Some(151),
        correlation: None,
        hint: Some("You are not a member of this group, so you cannot read it.".into()),
    });
    done(&mut m, op, Err(err));
    match &m.actions.screen {
        View::Usage(Page { doc: Loaded::Failed(text), .. }) => {
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
    let (op, c) = only_call(&update(&mut m, key('y')));
    assert_eq!(c, call(ActionCall::Delete(path("platform", "build"))));
    let after = done(&mut m, op, Ok(Reply::Done));
    assert_eq!(after, vec![Effect::Refresh(Feed::Actions(CDS_ID))]);
    assert!(m.status.as_ref().is_some_and(|s| s.text.contains("deleted platform/build")));
    // The refresh no longer lists it: the operator's own delete is reported as such, not as
    // "the selected action is gone".
    let rest: Vec<_> = cds_actions().into_iter().filter(|a| a.name != "build").collect();
    fetched_feed(&mut m, Feed::Actions(CDS_ID), Ok(cds_action_rows(&rest)));
    assert!(status(&m).contains("deleted platform/build"), "{}", status(&m));
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
        hint: Some("… still in use: press w on it to see where.".into()),
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
    fetched_feed(&mut m, Feed::Actions(CDS_ID), Ok(cds_action_rows(&rest)));
    assert_ne!(m.actions.list.selected().map(|r| r.name.as_str()), Some("platform/build"));
    let (_, c) = only_call(&update(&mut m, key('y')));
    assert_eq!(c, call(ActionCall::Delete(path("platform", "build"))));
}

#[test]
fn export_prompts_for_a_path_and_never_overwrites_silently() {
    let mut m = cds_loaded();
    select(&mut m, "platform/build");
    update(&mut m, key('e'));
    match &m.dialog.as_ref().expect("prompt").kind {
        Kind::Prompt(p) => assert_eq!(p.input.text(), "build.yml"),
        other => panic!("{other:?}"),
    }
    let (op, c) = only_call(&update(&mut m, code(KeyCode::Enter)));
    let dest = PathBuf::from("build.yml");
    assert_eq!(c, call(ActionCall::Export { key: path("platform", "build"), dest: dest.clone(), overwrite: false }));
    done(&mut m, op, Ok(Reply::ExportTargetExists { dest: dest.clone() }));
    assert!(body(&m).contains("build.yml already exists"));
    let (op, c) = only_call(&update(&mut m, key('y')));
    assert_eq!(c, call(ActionCall::Export { key: path("platform", "build"), dest: dest.clone(), overwrite: true }));
    done(&mut m, op, Ok(Reply::Exported { dest, bytes: 120 }));
    assert!(m.status.as_ref().is_some_and(|s| s.text.contains("exported platform/build to build.yml (120 bytes)")));
}

#[test]
fn export_to_a_json_name_keeps_the_name_the_backend_reads_the_format_from() {
    let mut m = cds_loaded();
    update(&mut m, key('e'));
    for _ in 0..3 {
        update(&mut m, code(KeyCode::Backspace));
    }
    typed(&mut m, "json");
    let (_, c) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert!(matches!(c, Call::Action(_, ActionCall::Export { ref dest, .. }) if dest == &PathBuf::from("etl.json")));
}

#[test]
fn import_reports_created_or_updated() {
    let mut m = cds_loaded();
    update(&mut m, key('I'));
    typed(&mut m, "actions/build.yml");
    let (op, c) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(c, call(ActionCall::Import { file: PathBuf::from("actions/build.yml") }));
    let after = done(&mut m, op, Ok(Reply::Imported { created: false, name: "platform/build".into() }));
    assert_eq!(after, vec![Effect::Refresh(Feed::Actions(CDS_ID))]);
    let status = &m.status.as_ref().expect("status").text;
    assert!(status.contains("updated platform/build") && status.contains("roll back"), "{status}");
    update(&mut m, key('I'));
    typed(&mut m, "new.yml");
    let (op, _) = only_call(&update(&mut m, code(KeyCode::Enter)));
    done(&mut m, op, Ok(Reply::Imported { created: true, name: "shared.infra/notify".into() }));
    assert!(m.status.as_ref().is_some_and(|s| s.text.starts_with("created shared.infra/notify")));
}

#[test]
fn a_jumps_to_the_audits_of_the_action() {
    let mut m = cds_loaded();
    select(&mut m, "platform/deploy");
    update(&mut m, key('a'));
    assert_eq!(m.pane, crate::app::panes::Pane::Audits);
    let feeds: Vec<_> = m.subscriptions().into_iter().map(|s| s.feed).collect();
    assert!(feeds.contains(&Feed::Audits(CDS_ID, path("platform", "deploy"))), "{feeds:?}");
}

#[test]
fn keys_the_source_cannot_do_are_not_offered() {
    let mut m = cds_loaded();
    let offered: Vec<Command> = Unit.offers(&m).into_iter().map(|o| o.cmd).collect();
    assert!(!offered.contains(&Command::ActionToggle), "CDS cannot enable or disable: {offered:?}");
    assert!(offered.contains(&Command::ActionDelete));
    no_call(&update(&mut m, key('t')));
    assert!(m.dialog.is_none());
}

#[test]
fn keys_on_an_action_the_caller_cannot_change_say_why_before_any_dialog() {
    let mut m = cds_model();
    let mut actions = cds_actions();
    for a in &mut actions {
        a.editable = false;
    }
    fetched_feed(&mut m, Feed::Actions(CDS_ID), Ok(cds_action_rows(&actions)));
    no_call(&update(&mut m, key('D')));
    assert!(m.dialog.is_none(), "no confirmation for a delete the server would refuse");
    assert!(status(&m).contains("may not change"), "{}", status(&m));
}

#[test]
fn read_only_removes_delete_and_import_but_not_export() {
    let mut m = cds_model();
    m.keymap = Keymap::new(&Overrides::new(), true).expect("keymap").into();
    fetched_feed(&mut m, Feed::Actions(CDS_ID), Ok(cds_action_rows(&cds_actions())));
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

#[test]
fn a_pane_shown_with_data_older_than_its_interval_fetches_at_once() {
    let mut m = cds_loaded();
    let later: jiff::Timestamp = "2025-06-03T12:00:20Z".parse().expect("ts");
    update(&mut m, crate::app::msg::Msg::Clock(later));
    // Never fetched while hidden: asked for at once.
    let effects = update(&mut m, key('2'));
    assert!(effects.contains(&Effect::Refresh(Feed::Groups(CDS_ID))), "{effects:?}");
    // Fetched 20 s ago, polled every 10 s when visible: asked for at once too.
    let effects = update(&mut m, key('1'));
    assert_eq!(effects, vec![Effect::Refresh(Feed::Actions(CDS_ID))]);
    // Fresh data is not fetched again.
    let result = Ok(cds_action_rows(&cds_actions()));
    update(&mut m, crate::app::msg::Msg::Fetched { feed: Feed::Actions(CDS_ID), at: later, result, next: None });
    update(&mut m, key('2'));
    assert!(!update(&mut m, key('1')).iter().any(|e| matches!(e, Effect::Refresh(_))));
}

fn places(m: &mut Model) {
    m.settings.places = crate::app::paths::Places { cwd: Some("/work".into()), home: Some("/home/ops".into()) };
}

fn listed(m: &mut Model, typed: &str, names: &[(&str, bool)]) {
    let entries = names.iter().map(|(n, d)| crate::app::paths::Entry { name: n.to_string(), is_dir: *d }).collect();
    update(m, Msg::Listed { typed: typed.into(), entries: Ok(entries) });
}

fn field(m: &Model) -> (String, Option<String>) {
    match &m.dialog.as_ref().expect("prompt").kind {
        Kind::Prompt(p) => (p.input.text(), p.note.clone()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn tab_completes_a_path_from_the_typed_directory_and_tilde_is_home() {
    let mut m = cds_loaded();
    places(&mut m);
    update(&mut m, key('I'));
    typed(&mut m, "~/ops/k8s");
    let fx = update(&mut m, code(KeyCode::Tab));
    assert_eq!(fx, vec![Effect::ListDir { dir: PathBuf::from("/home/ops/ops/"), typed: "~/ops/k8s".into() }]);
    let dir = [("k8s-deploy.yml", false), ("k8s-rollback.yml", false), ("docs", true)];
    listed(&mut m, "~/ops/k8s", &dir);
    assert_eq!(field(&m), ("~/ops/k8s-".into(), Some("k8s-deploy.yml  k8s-rollback.yml".into())));
    typed(&mut m, "d");
    assert_eq!(field(&m).1, None, "typing clears the choices");
    // A listing for text the operator has typed past is dropped.
    listed(&mut m, "~/ops/k8s", &dir);
    assert_eq!(field(&m).0, "~/ops/k8s-d");
    update(&mut m, code(KeyCode::Tab));
    listed(&mut m, "~/ops/k8s-d", &dir);
    assert_eq!(field(&m).0, "~/ops/k8s-deploy.yml");
    let (_, c) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(c, call(ActionCall::Import { file: PathBuf::from("/home/ops/ops/k8s-deploy.yml") }));
}

#[test]
fn a_failed_import_keeps_the_typed_path_for_the_next_try() {
    let mut m = cds_loaded();
    places(&mut m);
    update(&mut m, key('I'));
    typed(&mut m, "actions/buld.yml");
    let (op, c) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(c, call(ActionCall::Import { file: PathBuf::from("/work/actions/buld.yml") }));
    let missing = ApiError::Local("reading /work/actions/buld.yml: No such file or directory".into());
    done(&mut m, op, Err(missing));
    update(&mut m, code(KeyCode::Enter));
    assert!(m.dialog.is_none(), "the failure notice closed");
    update(&mut m, key('I'));
    assert_eq!(field(&m).0, "actions/buld.yml");
    // Ctrl-U clears it in one key, as in a shell.
    update(
        &mut m,
        Msg::Key(crossterm::event::KeyEvent::new(KeyCode::Char('u'), crossterm::event::KeyModifiers::CONTROL)),
    );
    assert_eq!(field(&m).0, "");
}

#[test]
fn file_dialogs_say_where_a_relative_path_goes() {
    let mut m = cds_loaded();
    places(&mut m);
    select(&mut m, "platform/build");
    update(&mut m, key('e'));
    assert!(body(&m).contains("A relative path is under /work"), "{}", body(&m));
    let (_, c) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert!(
        matches!(c, Call::Action(_, ActionCall::Export { ref dest, .. }) if dest == &PathBuf::from("/work/build.yml"))
    );
}

#[test]
fn a_rebound_confirm_key_confirms_and_the_old_one_does_not() {
    let mut o = Overrides::new();
    o.entry("dialogs".into()).or_default().insert("confirm".into(), vec!["o".into()]);
    let mut m = cds_loaded();
    m.keymap = Keymap::new(&o, false).expect("keymap").into();
    select(&mut m, "platform/build");
    update(&mut m, key('D'));
    no_call(&update(&mut m, key('y')));
    assert!(m.dialog.is_some(), "y is no longer confirm");
    let hints = crate::app::hints::hints(&m);
    assert!(hints.contains(&("o".to_string(), "confirm".to_string())), "{hints:?}");
    let (_, c) = only_call(&update(&mut m, key('o')));
    assert_eq!(c, call(ActionCall::Delete(path("platform", "build"))));
}

/// Issue 9.14: over a slow link, Esc then `o` arrives as Alt-o; it must still clear the
/// filter and then sort.
#[test]
fn esc_and_a_key_arriving_together_are_both_taken() {
    let mut m = cds_loaded();
    update(&mut m, key('/'));
    typed(&mut m, "platform");
    update(&mut m, code(KeyCode::Enter));
    assert_eq!(names(&m).len(), 2);
    let alt_o = crossterm::event::KeyEvent::new(KeyCode::Char('o'), crossterm::event::KeyModifiers::ALT);
    update(&mut m, Msg::Key(alt_o));
    assert_eq!(names(&m).len(), 4, "Esc cleared the filter");
    assert_eq!(names(&m)[0], "platform/deploy", "then o sorted by last change");
}

// ----- ZITADEL and Heimdall rows next to CDS's -----

fn select_source(m: &mut Model, filter: &str) {
    update(m, key('/'));
    typed(m, filter);
    update(m, code(KeyCode::Enter));
}

#[test]
fn the_source_facet_keeps_one_server_and_each_row_brings_its_own_keys() {
    let mut m = mixed_loaded();
    assert_eq!(names(&m).len(), 4 + 3 + 4, "every source's rows in one list");
    select_source(&mut m, "source:zitadel");
    assert!(m.actions.list.shown().all(|r| r.source == ZITADEL_ID), "{:?}", names(&m));
    assert_eq!(names(&m).len(), 3);
    let offered: Vec<Command> =
        m.pane.unit().offers(&m).into_iter().filter(|o| o.ready.is_ok()).map(|o| o.cmd).collect();
    assert!(offered.contains(&Command::ActionToggle) && !offered.contains(&Command::ActionDelete), "{offered:?}");
    select_source(&mut m, "");
    update(&mut m, code(KeyCode::Esc));
    select_source(&mut m, "source:heimdall");
    let offered: Vec<Command> =
        m.pane.unit().offers(&m).into_iter().filter(|o| o.ready.is_ok()).map(|o| o.cmd).collect();
    for cmd in [Command::ActionToggle, Command::ActionDelete, Command::ActionExport, Command::ActionAudits] {
        assert!(!offered.contains(&cmd), "{cmd:?} offered on a read-only Heimdall action: {offered:?}");
    }
}

#[test]
fn the_source_facet_takes_the_start_of_one_server_name() {
    let mut m = mixed_loaded();
    select_source(&mut m, "source:ZIT");
    assert!(m.actions.list.shown().all(|r| r.source == ZITADEL_ID), "{:?}", names(&m));
    assert_eq!(names(&m).len(), 3);
    assert_eq!(m.sources.by_name("h"), Some(HEIMDALL_ID));
    // The start of no name: nothing, and the filter says so.
    assert_eq!(m.sources.by_name("zz"), None);
    assert_eq!(m.sources.by_name(""), None);
    select_source(&mut m, "");
    update(&mut m, code(KeyCode::Esc));
    select_source(&mut m, "source:zz");
    assert_eq!(names(&m).len(), 0);
    let status = m.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("no source “zz”"), "{status}");
}

#[test]
fn a_zitadel_toggle_is_confirmed_then_read_back_and_already_is_not_a_failure() {
    let mut m = mixed_loaded();
    select_source(&mut m, "source:zitadel add custom claims");
    let row = m.actions.list.selected().cloned().expect("the active action");
    assert_eq!((row.kind.as_str(), row.active), ("active", Some(true)));
    no_call(&update(&mut m, key('t')));
    let text = body(&m);
    assert!(text.contains("Deactivate the action add custom claims"), "{text}");
    assert!(text.contains("69629012906488334") && text.contains(ZITADEL), "names its organisation and server: {text}");
    let (op, c) = only_call(&update(&mut m, key('y')));
    assert_eq!(c, Call::Action(ZITADEL_ID, ActionCall::SetActive { key: row.key.clone(), active: false }));
    let mut now_inactive = row.clone();
    now_inactive.active = Some(false);
    now_inactive.kind = "inactive".into();
    let after = done(&mut m, op, Ok(Reply::ActionToggled { row: Box::new(now_inactive.clone()), already: false }));
    assert!(after.contains(&Effect::Refresh(Feed::Actions(ZITADEL_ID))), "the list is read again: {after:?}");
    assert!(status(&m).contains("add custom claims is now inactive"), "{}", status(&m));
    assert_eq!(find(&m, &row.key).active, Some(false), "the row shows the state read back");

    update(&mut m, key('t'));
    let (op, _) = only_call(&update(&mut m, key('y')));
    done(&mut m, op, Ok(Reply::ActionToggled { row: Box::new(now_inactive), already: true }));
    assert!(status(&m).contains("was already inactive"), "{}", status(&m));
    assert!(m.dialog.is_none(), "no failure notice");
}

#[test]
fn a_zitadel_detail_shows_where_the_action_is_bound() {
    let mut m = mixed_loaded();
    select_source(&mut m, "source:zitadel add custom claims");
    let (op, c) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert!(matches!(c, Call::Action(ZITADEL_ID, ActionCall::Detail { .. })), "{c:?}");
    let action = zitadel_actions().into_iter().next().expect("fixture");
    let bindings = [crate::backends::zitadel::flows::Binding {
        flow: "Complement Token".into(),
        trigger: "Pre access token creation".into(),
    }];
    let doc = crate::backends::zitadel::adapter::detail(&action, &bindings);
    done(&mut m, op, Ok(Reply::Document(doc)));
    let View::Detail(page) = &m.actions.screen else { panic!("detail open") };
    let crate::app::loaded::Loaded::Ready(doc) = &page.doc else { panic!("loaded") };
    let text = doc.text();
    assert!(text.contains("Complement Token") && text.contains("Pre access token creation"), "{text}");
    assert!(text.contains("setClaim('tier', 'gold')"), "the script: {text}");
}

#[test]
fn a_takes_the_action_to_audits_and_esc_brings_the_operator_back() {
    let mut m = cds_loaded();
    update(&mut m, key('a'));
    assert_eq!(m.pane, crate::app::panes::Pane::Audits);
    assert_eq!(m.audits.mode, crate::app::panes::audits::Mode::Action);
    update(&mut m, code(KeyCode::Esc));
    assert_eq!(m.pane, crate::app::panes::Pane::Actions, "back where the operator pressed a");
    assert_eq!(m.audits.mode, crate::app::panes::audits::Mode::Feed);
    update(&mut m, code(KeyCode::Esc));
    assert_eq!(m.pane, crate::app::panes::Pane::Actions, "nothing further back");
}

/// `E`, `n` and what follows, answered as the runtime would.
mod edit {
    use super::*;
    use crate::app::effect::{ActionCall, Call, Effect};
    use crate::app::msg::{Edited, Msg, Reply};
    use crate::domain::error::ApiError;

    const BASE: &str = "name: build\ngroup: platform\nsteps:\n- script:\n  - make\n";

    fn call(effects: &[Effect]) -> (u64, ActionCall) {
        effects
            .iter()
            .find_map(|e| match e {
                Effect::Call { op, call: Call::Action(_, c) } => Some((*op, c.clone())),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no request in {effects:?}"))
    }

    fn done(m: &mut Model, effects: &[Effect], reply: Result<Reply, ApiError>) -> Vec<Effect> {
        let (op, _) = call(effects);
        update(m, Msg::Done { op, result: reply })
    }

    fn saved(m: &mut Model, text: &str) -> Vec<Effect> {
        update(m, Msg::Edited(Edited { path: Some("/s/edits/f.yaml".into()), result: Ok(text.into()) }))
    }

    fn open(m: &mut Model) -> Vec<Effect> {
        let effects = update(m, key('E'));
        assert!(matches!(call(&effects).1, ActionCall::EditText(_)), "E reads the text first");
        done(m, &effects, Ok(Reply::EditText { text: BASE.into(), ext: "yaml" }))
    }

    #[test]
    fn nothing_is_sent_until_y_and_then_only_after_the_server_still_has_what_was_edited() {
        let mut m = cds_loaded();
        let effects = open(&mut m);
        assert!(matches!(effects.as_slice(), [Effect::Edit(f)] if f.text == BASE && f.path.is_none()));
        let mine = BASE.replace("make", "make all");
        let effects = saved(&mut m, &mine);
        assert!(matches!(call(&effects).1, ActionCall::CheckEdit { text, .. } if text == mine), "checked, not sent");
        done(&mut m, &effects, Ok(Reply::Done));
        assert!(m.dialog.is_some(), "the diff is shown");
        let effects = update(&mut m, code(KeyCode::Enter));
        assert!(effects.is_empty() && m.dialog.is_none(), "Enter cancels: {effects:?}");
        assert!(m.actions.edit.is_none());

        open(&mut m);
        let effects = saved(&mut m, &mine);
        done(&mut m, &effects, Ok(Reply::Done));
        let effects = update(&mut m, key('y'));
        assert!(matches!(call(&effects).1, ActionCall::EditText(_)), "read again before sending");
        let effects = done(&mut m, &effects, Ok(Reply::EditText { text: BASE.into(), ext: "yaml" }));
        match call(&effects).1 {
            ActionCall::ApplyEdit { key: Some(_), text } => assert_eq!(text, mine),
            other => panic!("expected the apply, got {other:?}"),
        }
        let key = cds_action("platform", "build");
        let effects =
            done(&mut m, &effects, Ok(Reply::EditApplied { key, name: "platform/build".into(), created: false }));
        assert!(effects.iter().any(|e| matches!(e, Effect::Forget(p) if p.ends_with("f.yaml"))), "{effects:?}");
        assert!(
            effects.iter().any(|e| matches!(e, Effect::Call { call: Call::Action(_, ActionCall::Detail { .. }), .. }))
        );
        assert!(m.actions.edit.is_none());
    }

    #[test]
    fn a_second_e_before_the_editor_opened_starts_nothing() {
        let mut m = cds_loaded();
        let first = update(&mut m, key('E'));
        assert!(!first.is_empty());
        assert!(update(&mut m, key('E')).is_empty(), "one edit at a time");
        assert!(update(&mut m, key('n')).is_empty(), "not a new one either");
    }

    #[test]
    fn an_unchanged_text_sends_nothing_and_forgets_the_file() {
        let mut m = cds_loaded();
        open(&mut m);
        let effects = saved(&mut m, BASE);
        assert!(matches!(effects.as_slice(), [Effect::Forget(_)]), "{effects:?}");
        assert!(m.actions.edit.is_none() && m.dialog.is_none());
    }

    #[test]
    fn a_conflict_offers_a_merge_that_keeps_both_changes() {
        let mut m = cds_loaded();
        open(&mut m);
        let mine = BASE.replace("make", "make all");
        let effects = saved(&mut m, &mine);
        done(&mut m, &effects, Ok(Reply::Done));
        let effects = update(&mut m, key('y'));
        let theirs = BASE.replace("name: build\n", "name: build\ndescription: theirs\n");
        let effects = done(&mut m, &effects, Ok(Reply::EditText { text: theirs.clone(), ext: "yaml" }));
        assert!(effects.is_empty(), "nothing sent on a conflict: {effects:?}");
        let effects = update(&mut m, key('1'));
        match effects.as_slice() {
            [Effect::Edit(f)] => {
                assert_eq!(f.text, theirs.replace("make", "make all"));
                assert_eq!(f.path.as_deref(), Some(std::path::Path::new("/s/edits/f.yaml")), "the same file");
            }
            other => panic!("expected the editor again, got {other:?}"),
        }
        assert_eq!(m.actions.edit.as_ref().map(|s| s.base.clone()), Some(theirs), "the diff is now against theirs");
    }

    #[test]
    fn a_refusal_offers_the_editor_on_the_same_text_or_dropping_it() {
        let mut m = cds_loaded();
        open(&mut m);
        let effects = saved(&mut m, "name: [\n");
        done(&mut m, &effects, Err(ApiError::Local("not valid YAML: line 2 column 1".into())));
        let effects = update(&mut m, key('1'));
        assert!(matches!(effects.as_slice(), [Effect::Edit(f)] if f.text == "name: [\n"), "{effects:?}");
        let effects = saved(&mut m, "name: [\n");
        done(&mut m, &effects, Err(ApiError::Local("not valid YAML: line 2 column 1".into())));
        let effects = update(&mut m, key('2'));
        assert!(matches!(effects.as_slice(), [Effect::Forget(_)]), "{effects:?}");
        assert!(m.actions.edit.is_none());
    }

    #[test]
    fn read_only_and_sources_that_cannot_edit_do_not_offer_e() {
        let m = cds_loaded();
        let offered = |m: &Model| {
            crate::app::panes::Pane::Actions
                .unit()
                .offers(m)
                .iter()
                .any(|o| o.cmd == crate::app::keymap::Command::ActionEdit && o.ready.is_ok())
        };
        assert!(offered(&m));
        let mut ro = cds_loaded();
        ro.keymap = std::sync::Arc::new(crate::app::keymap::Keymap::new(&Default::default(), true).expect("keymap"));
        let effects = update(&mut ro, key('E'));
        assert!(effects.is_empty() && ro.actions.edit.is_none(), "read-only removes E");
    }
}
