//! The `:` line: history walked with Up/Down and kept for the next session, Tab completion of
//! names and arguments, `:profile`, and Ctrl-Z (a key the command line shares the `?` page
//! with).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::app::history::History;
use crate::app::msg::Msg;
use crate::app::testing::{code, key, model, status, typed};
use crate::app::update::update;

fn line(m: &Model) -> String {
    m.command_line.as_ref().map(|f| f.text()).unwrap_or_default()
}

/// `:` then `text`, without Enter.
fn open(m: &mut Model, text: &str) {
    update(m, key(':'));
    typed(m, text);
}

#[test]
fn a_command_run_is_saved_once_and_up_brings_it_back() {
    let mut m = model();
    open(&mut m, "freeze");
    let effects = update(&mut m, code(KeyCode::Enter));
    assert_eq!(effects, vec![Effect::SaveHistory(vec!["freeze".into()])]);
    assert!(m.frozen);
    open(&mut m, "freeze");
    assert_eq!(update(&mut m, code(KeyCode::Enter)), vec![], "the same command again: nothing to save");

    open(&mut m, "hel");
    update(&mut m, code(KeyCode::Up));
    assert_eq!(line(&m), "freeze");
    update(&mut m, code(KeyCode::Down));
    assert_eq!(line(&m), "hel", "back to what was being typed");
    update(&mut m, code(KeyCode::Esc));
    assert!(m.command_line.is_none());
}

#[test]
fn history_from_earlier_sessions_is_walked_newest_first() {
    let mut m = model();
    m.history = History::from_lines(["profile prod", "filter high", "refresh"]);
    open(&mut m, "");
    for expected in ["refresh", "filter high", "profile prod", "profile prod"] {
        update(&mut m, code(KeyCode::Up));
        assert_eq!(line(&m), expected);
    }
    let effects = update(&mut m, code(KeyCode::Enter));
    assert_eq!(
        effects.first(),
        Some(&Effect::SaveHistory(vec!["filter high".into(), "refresh".into(), "profile prod".into()])),
        "a command run again moves to the newest place"
    );
}

#[test]
fn a_history_that_cannot_be_written_is_said_once() {
    let mut m = model();
    update(&mut m, Msg::HistoryUnsaved("cannot write the command history /x/history: read-only".into()));
    assert!(status(&m).contains("cannot write the command history") && status(&m).contains("this session only"));
    m.status = None;
    update(&mut m, Msg::HistoryUnsaved("cannot write the command history /x/history: read-only".into()));
    assert_eq!(m.status, None, "said once");
}

#[test]
fn tab_completes_a_unique_name_and_lists_several() {
    let mut m = model();
    open(&mut m, "fr");
    update(&mut m, code(KeyCode::Tab));
    assert_eq!(line(&m), "freeze");
    update(&mut m, code(KeyCode::Esc));

    open(&mut m, "pro");
    update(&mut m, code(KeyCode::Tab));
    assert_eq!(line(&m), "profile ", "a command with an argument gets its space");
    update(&mut m, code(KeyCode::Esc));

    open(&mut m, "f");
    update(&mut m, code(KeyCode::Tab));
    assert_eq!(line(&m), "f", "filter and freeze share only the f");
    assert_eq!(m.command_choices, ["filter", "freeze"], "the choices, in the hint bar");
    let hints: Vec<String> = crate::app::hints::hints(&m).into_iter().map(|(k, _)| k).collect();
    assert_eq!(hints[..2], ["filter", "freeze"]);
    typed(&mut m, "r");
    assert!(m.command_choices.is_empty(), "typing clears them");
    let hints: Vec<String> = crate::app::hints::hints(&m).into_iter().map(|(k, _)| k).collect();
    assert_eq!(hints[..2], ["tab", "up/down"], "the keys of the : line are hinted");
}

#[test]
fn tab_completes_profile_names_and_on_off() {
    let mut m = model();
    m.settings.profiles = vec!["prod-eu".into(), "prod-us".into(), "staging".into()];
    open(&mut m, "profile s");
    update(&mut m, code(KeyCode::Tab));
    assert_eq!(line(&m), "profile staging");
    update(&mut m, code(KeyCode::Esc));

    open(&mut m, "profile p");
    update(&mut m, code(KeyCode::Tab));
    assert_eq!(line(&m), "profile prod-", "the common part, then the choices");
    assert_eq!(m.command_choices, ["prod-eu", "prod-us"]);
    update(&mut m, code(KeyCode::Esc));

    open(&mut m, "silenced of");
    update(&mut m, code(KeyCode::Tab));
    assert_eq!(line(&m), "silenced off");
    update(&mut m, code(KeyCode::Esc));

    open(&mut m, "zz");
    update(&mut m, code(KeyCode::Tab));
    assert_eq!(line(&m), "zz");
    assert_eq!(m.command_choices, ["nothing completes “zz”"]);
}

#[test]
fn profile_alone_lists_and_a_name_asks_the_runtime_to_switch() {
    let mut m = model();
    m.settings.profiles = vec!["prod".into(), "staging".into()];
    let current = m.settings.profile.clone();
    assert_eq!(run(&mut m, "profile"), vec![]);
    assert_eq!(status(&m), format!("profile {current}; profiles: prod, staging (:profile NAME switches)"));
    assert_eq!(run(&mut m, &format!("profile {current}")), vec![]);
    assert_eq!(status(&m), format!("already on profile {current}"));
    assert_eq!(run(&mut m, "profile staging"), vec![Effect::SwitchProfile("staging".into())]);
    assert_eq!(status(&m), "switching to profile staging…");
}

#[test]
fn ctrl_z_asks_to_suspend_and_is_rebindable() {
    let mut m = model();
    let ctrl_z = Msg::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
    assert_eq!(update(&mut m, ctrl_z.clone()), vec![Effect::Suspend]);
    open(&mut m, "filt");
    assert_eq!(update(&mut m, ctrl_z.clone()), vec![Effect::Suspend], "from the : line too");
    assert_eq!(line(&m), "filt", "which is still there after fg");
    update(&mut m, code(KeyCode::Esc));
    let mut overrides = crate::app::keymap::Overrides::new();
    overrides.entry("global".into()).or_default().insert("suspend".into(), vec!["ctrl-s".into()]);
    let mut m = crate::app::testing::model_with(crate::app::keymap::Keymap::new(&overrides, false).expect("keymap"));
    assert_eq!(update(&mut m, ctrl_z), vec![]);
    let ctrl_s = Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(update(&mut m, ctrl_s), vec![Effect::Suspend]);
}

#[test]
fn no_switch_while_a_request_is_in_flight() {
    let mut m = crate::app::testing::loaded_model();
    m.settings.profiles = vec!["staging".into()];
    typed(&mut m, "s7");
    let effects = update(&mut m, code(KeyCode::Enter));
    assert_eq!(crate::app::testing::calls(&effects).len(), 1, "a silence in flight");
    assert_eq!(run(&mut m, "profile staging"), vec![]);
    assert!(status(&m).contains("1 request(s) in flight"), "{}", status(&m));
}
