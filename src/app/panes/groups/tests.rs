//! `update` tests for the Groups pane flows.

use crossterm::event::KeyCode;

use super::*;
use crate::app::dialog::{Focus, Kind};
use crate::app::effect::GroupCall;
use crate::app::keymap::{Keymap, Overrides};
use crate::app::msg::{AddMembersReport, Reply};
use crate::app::testing::*;
use crate::app::update::update;
use crate::backends::cds::glossary::{Asked, explain};
use crate::domain::error::StatusError;
use crate::domain::secret::Secret;

fn dialog_error(m: &Model) -> Option<String> {
    match &m.dialog.as_ref()?.kind {
        Kind::Prompt(p) => p.error.clone(),
        Kind::Confirm(c) => c.error.clone(),
        _ => None,
    }
}

fn err(status: u16, code: Option<i64>, message: &str) -> ApiError {
    ApiError::Status(StatusError {
        server: CDS.into(),
        status,
        message: message.into(),
        code,
        correlation: Some("5d1c".into()),
        hint: None,
    })
}

/// An error as the CDS backend hands it over: the server's words and its glossary's hint.
fn hinted(status: u16, code: Option<i64>, message: &str, asked: Asked) -> ApiError {
    explain(err(status, code, message), asked)
}

fn select_member(m: &mut Model, username: &str) {
    update(m, key('g'));
    while m.groups.open.as_ref().and_then(|v| v.selected_member()).map(|r| r.shown.as_str()) != Some(username) {
        let before = m.groups.open.as_ref().map(|v| v.members.index());
        update(m, key('j'));
        assert_ne!(before, m.groups.open.as_ref().map(|v| v.members.index()), "{username} not in the group");
    }
}

fn select_group(m: &mut Model, name: &str) {
    update(m, key('g'));
    while m.groups.selected().map(|r| r.name.as_str()) != Some(name) {
        let before = m.groups.list.index();
        update(m, key('j'));
        assert_ne!(before, m.groups.list.index(), "{name} not in the list");
    }
}

/// The next poll of the CDS groups: the fixture's list and `extra` (one group's JSON).
fn listed(m: &mut Model, extra: &str) {
    let list: Vec<crate::backends::cds::wire::GroupRef> =
        serde_json::from_str(&format!(r#"[{{"id":4,"name":"data-eng"}},{{"id":1,"name":"shared.infra"}},{extra}]"#))
            .expect("groups decode");
    let rows = crate::backends::cds::adapter::groups::group_rows(CDS_ID, list);
    fetched_feed(m, Feed::Groups(CDS_ID), Ok(Payload::Groups(rows)));
}

fn feeds(m: &Model) -> Vec<Feed> {
    m.subscriptions().into_iter().map(|s| s.feed).collect()
}

fn platform() -> Key {
    cds_group_key("platform")
}

fn call(op: GroupCall) -> Call {
    Call::Group(CDS_ID, op)
}

fn offers(m: &Model, cmd: Command) -> bool {
    Unit.offers(m).iter().any(|o| o.cmd == cmd && o.ready.is_ok())
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn refreshes_group(effects: &[Effect]) -> bool {
    effects.contains(&Effect::Refresh(Feed::Group(CDS_ID, platform())))
        && effects.contains(&Effect::Refresh(Feed::Groups(CDS_ID)))
}

fn tokens_payload() -> Payload {
    Payload::Tokens(crate::backends::cds::adapter::groups::tokens(cds_tokens()))
}

#[test]
fn the_list_drops_the_duplicate_shared_infra_and_marks_it_public() {
    let m = groups_loaded();
    let rows: Vec<&GroupRow> = m.groups.list.shown().collect();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["data-eng", "platform", "shared.infra"]);
    assert!(rows[2].public && !rows[1].public);
    assert!(feeds(&m).contains(&Feed::Groups(CDS_ID)));
}

#[test]
fn enter_opens_a_group_admins_first_and_remembers_its_counts() {
    let mut m = groups_loaded();
    select_group(&mut m, "platform");
    no_call(&update(&mut m, code(KeyCode::Enter)));
    assert!(feeds(&m).contains(&Feed::Group(CDS_ID, platform())), "the group is polled once open");
    group_fetched(&mut m, cds_group(&["jdoe"], &["alice", "bob"]));
    let v = m.groups.open.as_ref().expect("open");
    let rows: Vec<(&str, bool)> = v.members.shown().map(|r| (r.shown.as_str(), r.admin)).collect();
    assert_eq!(rows, [("jdoe", true), ("alice", false), ("bob", false)]);
    assert_eq!(v.key, Key::NumText(7, "platform".into()));
    update(&mut m, code(KeyCode::Esc));
    assert!(m.groups.open.is_none());
    assert_eq!(m.groups.selected().map(|r| r.name.as_str()), Some("platform"), "back on the same group");
    assert_eq!(m.groups.counts.get(&(CDS_ID, platform())), Some(&Counts { admins: 1, members: 3 }));
    assert!(!feeds(&m).contains(&Feed::Group(CDS_ID, platform())), "polling stops when closed");
}

#[test]
fn the_member_cursor_follows_the_username_across_polls() {
    let mut m = group_open();
    select_member(&mut m, "bob");
    group_fetched(&mut m, cds_group(&["alice", "jdoe"], &["bob", "carol"]));
    let v = m.groups.open.as_ref().expect("open");
    assert_eq!(v.selected_member().map(|r| r.shown.as_str()), Some("bob"));
    assert_eq!(v.members.index(), 2);
}

#[test]
fn adding_several_members_sends_only_the_new_names_and_sorts_the_answers() {
    let mut m = group_open();
    no_call(&update(&mut m, key('a')));
    typed(&mut m, "alice, dave  erin,dave");
    let (op, c) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(c, call(GroupCall::AddMembers { group: platform(), members: names(&["dave", "erin"]) }));
    let report = AddMembersReport {
        added: vec!["dave".into()],
        unknown: vec!["erin".into()],
        unknown_hint: Some(
            "CDS answers 500 'internal server error' for a username it does not know: check the spelling.",
        ),
        ..Default::default()
    };
    let after = done(&mut m, op, Ok(Reply::MembersAdded(report)));
    assert!(refreshes_group(&after), "{after:?}");
    let text = body(&m);
    assert!(text.contains("Added to platform: dave"), "{text}");
    assert!(text.contains("Already members, nothing sent: alice"), "{text}");
    assert!(text.contains("Unknown to CDS, not added: erin"), "{text}");
    assert!(text.contains("500 'internal server error' for a username it does not know"), "{text}");
    assert_eq!(status(&m), "added 1 of 2 to platform; unknown: erin");
}

#[test]
fn other_add_errors_are_shown_verbatim_and_a_clean_add_is_one_status_line() {
    let mut m = group_open();
    update(&mut m, key('a'));
    typed(&mut m, "dave erin");
    let (op, _) = only_call(&update(&mut m, code(KeyCode::Enter)));
    let report = AddMembersReport {
        failed: vec![("dave".into(), hinted(403, Some(11), "forbidden", Asked::Member))],
        not_tried: vec!["erin".into()],
        ..Default::default()
    };
    done(&mut m, op, Ok(Reply::MembersAdded(report)));
    let text = body(&m);
    assert!(text.contains("Nobody was added") && text.contains("answered 403 (id 11): forbidden"), "{text}");
    assert!(text.contains("Only admins of this group") && text.contains("Not sent") && text.contains("erin"), "{text}");

    let mut m = group_open();
    update(&mut m, key('a'));
    typed(&mut m, "dave bob");
    let (op, _) = only_call(&update(&mut m, code(KeyCode::Enter)));
    done(&mut m, op, Ok(Reply::MembersAdded(AddMembersReport { added: vec!["dave".into()], ..Default::default() })));
    assert!(m.dialog.is_none());
    assert_eq!(status(&m), "added dave to platform; bob was already a member");
}

#[test]
fn adding_only_existing_members_sends_nothing() {
    let mut m = group_open();
    update(&mut m, key('a'));
    typed(&mut m, "alice jdoe");
    no_call(&update(&mut m, code(KeyCode::Enter)));
    assert!(m.dialog.is_none());
    assert_eq!(status(&m), "alice, jdoe are already members of platform: nothing sent");
    update(&mut m, key('a'));
    no_call(&update(&mut m, code(KeyCode::Enter)));
    assert!(dialog_error(&m).is_some(), "an empty prompt stays open with a reason");
}

#[test]
fn group_names_are_validated_before_anything_is_sent() {
    let mut m = groups_loaded();
    update(&mut m, key('n'));
    typed(&mut m, "new team");
    no_call(&update(&mut m, code(KeyCode::Enter)));
    assert!(dialog_error(&m).is_some_and(|e| e.contains("not allowed")), "{:?}", dialog_error(&m));
    for _ in 0..5 {
        update(&mut m, code(KeyCode::Backspace));
    }
    typed(&mut m, "_team.2");
    let (op, c) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(c, call(GroupCall::Create { name: "new_team.2".into() }));
    let key = Key::NumText(31, "new_team.2".into());
    let after = done(&mut m, op, Ok(Reply::GroupCreated { key: key.clone() }));
    assert_eq!(after, vec![Effect::Refresh(Feed::Groups(CDS_ID))]);
    assert_ne!(m.groups.list.selected_key(), Some(&(CDS_ID, key.clone())), "not listed yet: the cursor stays");
    listed(&mut m, r#"{"id":31,"name":"new_team.2"}"#);
    assert_eq!(m.groups.list.selected_key(), Some(&(CDS_ID, key)), "selected once listed");

    let check = crate::backends::cds::check_group_name;
    for bad in ["", "a/b", "été", "x y"] {
        assert!(check(bad).is_err(), "{bad:?}");
    }
    assert!(check("A.b_c-9").is_ok());
}

#[test]
fn rename_is_prefilled_validated_and_sends_old_and_new_names() {
    let mut m = groups_loaded();
    select_group(&mut m, "platform");
    update(&mut m, key('e'));
    match &m.dialog.as_ref().expect("prompt").kind {
        Kind::Prompt(p) => assert_eq!(p.input.text(), "platform"),
        other => panic!("{other:?}"),
    }
    no_call(&update(&mut m, code(KeyCode::Enter)));
    assert!(dialog_error(&m).is_some_and(|e| e.contains("already its name")));
    typed(&mut m, "/ops");
    no_call(&update(&mut m, code(KeyCode::Enter)));
    assert!(dialog_error(&m).is_some());
    for _ in 0..4 {
        update(&mut m, code(KeyCode::Backspace));
    }
    typed(&mut m, "-team");
    let (op, c) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(c, call(GroupCall::Rename { group: platform(), new: "platform-team".into() }));
    let renamed = Key::NumText(7, "platform-team".into());
    done(&mut m, op, Ok(Reply::GroupRenamed { key: renamed.clone() }));
    assert_eq!(status(&m), format!("renamed platform to platform-team on {CDS}"));
    listed(&mut m, r#"{"id":7,"name":"platform-team"}"#);
    assert_eq!(m.groups.list.selected_key(), Some(&(CDS_ID, renamed)), "selected under its new name once listed");
}

#[test]
fn delete_needs_the_typed_name_counts_the_actions_and_keeps_its_target() {
    let mut m = groups_loaded();
    select_group(&mut m, "platform");
    no_call(&update(&mut m, key('D')));
    let text = body(&m);
    assert!(text.contains("platform") && text.contains(CDS), "{text}");
    assert!(text.contains("Its 2 actions are deleted with it"), "{text}");
    typed(&mut m, "platfor");
    no_call(&update(&mut m, code(KeyCode::Enter)));
    assert!(m.dialog.is_some(), "wrong text keeps the dialog open");
    update(&mut m, code(KeyCode::Tab));
    no_call(&update(&mut m, key('y')));
    update(&mut m, code(KeyCode::Tab));
    assert!(matches!(&m.dialog.as_ref().expect("dialog").kind, Kind::Confirm(c) if c.focus == Focus::Input));
    // The list changes underneath: the request still goes to the group typed for.
    let list: Vec<_> = cds_group_list().into_iter().filter(|g| g.name != "data-eng").collect();
    fetched_groups(&mut m, list);
    typed(&mut m, "m");
    let (op, c) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(c, call(GroupCall::Delete(platform())));
    let after = done(&mut m, op, Ok(Reply::Done));
    assert!(after.contains(&Effect::Refresh(Feed::Actions(CDS_ID))), "its actions went with it: {after:?}");
    assert_eq!(status(&m), format!("deleted group platform with its 2 actions on {CDS}"));
    // The refreshed list no longer has it: expected, so the result stays on the status line.
    let list: Vec<_> = cds_group_list().into_iter().filter(|g| g.name != "platform").collect();
    fetched_groups(&mut m, list);
    assert_eq!(status(&m), format!("deleted group platform with its 2 actions on {CDS}"));
}

#[test]
fn remove_member_is_confirmed_cancel_first_and_names_user_group_and_server() {
    let mut m = group_open();
    select_member(&mut m, "bob");
    no_call(&update(&mut m, key('D')));
    let text = body(&m);
    assert!(text.contains("bob (Bob Stone)") && text.contains("platform") && text.contains(CDS), "{text}");
    assert!(
        matches!(&m.dialog.as_ref().expect("dialog").kind, Kind::Confirm(c) if c.focus == Focus::Cancel && c.danger)
    );
    no_call(&update(&mut m, code(KeyCode::Enter)));
    assert!(m.dialog.is_none(), "Enter on the default button cancels");
    update(&mut m, key('D'));
    no_call(&update(&mut m, key('n')));
    assert!(m.dialog.is_none());
    update(&mut m, key('D'));
    let (op, c) = only_call(&update(&mut m, key('y')));
    assert_eq!(c, call(GroupCall::RemoveMember { group: platform(), member: "bob".into() }));
    let after = done(&mut m, op, Ok(Reply::Done));
    assert!(refreshes_group(&after));
    assert_eq!(status(&m), "removed bob from platform");
    // The next poll drops bob: expected, so no "cursor moved" warning replaces the result.
    group_fetched(&mut m, cds_group(&["jdoe"], &["alice"]));
    assert_eq!(status(&m), "removed bob from platform");
}

#[test]
fn the_remove_target_is_kept_when_the_member_list_changes_under_the_dialog() {
    let mut m = group_open();
    select_member(&mut m, "bob");
    update(&mut m, key('D'));
    group_fetched(&mut m, cds_group(&["jdoe", "bob"], &["aaron", "alice", "carol"]));
    let v = m.groups.open.as_ref().expect("open");
    assert_eq!(v.selected_member().map(|r| r.shown.as_str()), Some("bob"), "cursor followed bob");
    assert!(body(&m).contains("bob (Bob Stone)"), "the dialog is unchanged");
    let (_, c) = only_call(&update(&mut m, key('y')));
    assert_eq!(c, call(GroupCall::RemoveMember { group: platform(), member: "bob".into() }));

    // Same with a row that moves under the cursor: the dialog still names whom it captured.
    let mut m = group_open();
    select_member(&mut m, "alice");
    update(&mut m, key('D'));
    group_fetched(&mut m, cds_group(&["jdoe"], &["bob"]));
    let (_, c) = only_call(&update(&mut m, key('y')));
    assert_eq!(c, call(GroupCall::RemoveMember { group: platform(), member: "alice".into() }));
}

#[test]
fn typed_usernames_survive_a_poll() {
    let mut m = group_open();
    update(&mut m, key('a'));
    typed(&mut m, "dave");
    group_fetched(&mut m, cds_group(&["jdoe"], &["alice", "bob", "dave"]));
    no_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(status(&m), "dave is already a member of platform: nothing sent", "the fresh list decides");
}

#[test]
fn demoting_the_last_admin_says_so_and_demoting_one_of_two_does_not() {
    let mut m = group_open();
    select_member(&mut m, "jdoe");
    no_call(&update(&mut m, key('A')));
    let text = body(&m);
    assert!(text.contains("LAST admin of platform") && text.contains("only CDS administrators"), "{text}");
    assert!(matches!(&m.dialog.as_ref().expect("dialog").kind, Kind::Confirm(c) if c.focus == Focus::Cancel));
    let (op, c) = only_call(&update(&mut m, key('y')));
    assert_eq!(c, call(GroupCall::SetAdmin { group: platform(), member: "jdoe".into(), admin: false }));
    done(&mut m, op, Ok(Reply::Done));
    assert!(status(&m).contains("no admin left"), "{}", status(&m));

    let mut m = group_open();
    group_fetched(&mut m, cds_group(&["alice", "jdoe"], &["bob"]));
    select_member(&mut m, "jdoe");
    update(&mut m, key('A'));
    assert!(!body(&m).contains("LAST"), "{}", body(&m));
    assert!(m.dialog.is_some(), "still confirmed");
}

#[test]
fn promoting_is_direct_and_single_flight() {
    let mut m = group_open();
    select_member(&mut m, "alice");
    let (op, c) = only_call(&update(&mut m, key('A')));
    assert_eq!(c, call(GroupCall::SetAdmin { group: platform(), member: "alice".into(), admin: true }));
    assert!(m.dialog.is_none());
    no_call(&update(&mut m, key('A')));
    assert!(status(&m).starts_with("already in progress"), "{}", status(&m));
    let after = done(&mut m, op, Ok(Reply::Done));
    assert!(refreshes_group(&after));
    assert_eq!(status(&m), "alice is now an admin of platform");
}

#[test]
fn permission_and_last_admin_refusals_are_explained_with_the_server_words() {
    let mut m = group_open();
    select_member(&mut m, "bob");
    update(&mut m, key('D'));
    let (op, _) = only_call(&update(&mut m, key('y')));
    let after = done(&mut m, op, Err(hinted(403, Some(11), "forbidden", Asked::Member)));
    assert!(refreshes_group(&after));
    let text = body(&m);
    assert!(text.contains("bob (Bob Stone) was not removed from platform"), "{text}");
    assert!(text.contains("answered 403 (id 11): forbidden [error 5d1c]"), "verbatim: {text}");
    assert!(text.contains("Only admins of this group (or CDS admins) may change it"), "plain words: {text}");

    let mut m = group_open();
    select_member(&mut m, "jdoe");
    update(&mut m, key('D'));
    assert!(body(&m).contains("only admin of platform: CDS will refuse"), "{}", body(&m));
    let (op, _) = only_call(&update(&mut m, key('y')));
    done(&mut m, op, Err(hinted(400, Some(34), "not enough group admin left", Asked::Member)));
    let text = body(&m);
    assert!(text.contains("not enough group admin left") && text.contains("last admin"), "{text}");

    let mut m = group_open();
    select_member(&mut m, "alice");
    let (op, _) = only_call(&update(&mut m, key('A')));
    done(&mut m, op, Err(hinted(403, Some(150), "User is not a group's admin", Asked::Promote)));
    assert!(body(&m).contains("User is not a group's admin") && body(&m).contains("not an admin"), "{}", body(&m));
}

fn on_tokens_tab(m: &mut Model) {
    update(m, key('T'));
    assert_eq!(m.groups.open.as_ref().map(|v| v.tab), Some(Tab::Tokens));
    let tokens = Feed::GroupTab(CDS_ID, platform(), Tab::Tokens);
    assert!(feeds(m).contains(&tokens));
    fetched_feed(m, tokens, Ok(tokens_payload()));
}

const SECRET: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

#[test]
fn a_generated_token_is_shown_once_and_gone_from_the_model_when_closed() {
    let mut m = group_open();
    on_tokens_tab(&mut m);
    no_call(&update(&mut m, key('n')));
    assert!(matches!(&m.dialog.as_ref().expect("picker").kind, Kind::Picker(p) if p.items.len() == 3));
    no_call(&update(&mut m, key('3')));
    typed(&mut m, "ci runner");
    let (op, c) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(
        c,
        call(GroupCall::GenerateToken { group: platform(), expiration: "persistent", description: "ci runner".into() })
    );
    let after = done(&mut m, op, Ok(Reply::TokenGenerated { secret: Secret::new(SECRET) }));
    assert!(after.contains(&Effect::Refresh(Feed::GroupTab(CDS_ID, platform(), Tab::Tokens))), "{after:?}");
    match &m.dialog.as_ref().expect("secret dialog").kind {
        Kind::Secret(s) => assert_eq!(s.secret.expose(), SECRET),
        other => panic!("{other:?}"),
    }
    assert!(body(&m).contains("will not be shown again"), "{}", body(&m));
    assert!(!format!("{m:?}").contains(SECRET), "never in Debug, even while shown");
    assert!(!status(&m).contains(SECRET));
    assert_eq!(update(&mut m, key('y')), vec![Effect::Copy(SECRET.into())]);
    update(&mut m, code(KeyCode::Esc));
    assert!(m.dialog.is_none() && m.queued.is_empty(), "closed");
    assert!(!format!("{m:?}").contains(SECRET));
    let v = m.groups.open.as_ref().expect("open");
    assert!(v.tokens.list.rows().iter().all(|t| !format!("{t:?}").contains(SECRET)), "the list never holds it");
}

#[test]
fn a_token_arriving_while_a_dialog_is_open_waits_behind_it() {
    let mut m = group_open();
    on_tokens_tab(&mut m);
    update(&mut m, key('n'));
    update(&mut m, key('1'));
    let (op, _) = only_call(&update(&mut m, code(KeyCode::Enter)));
    update(&mut m, key('D'));
    done(&mut m, op, Ok(Reply::TokenGenerated { secret: Secret::new(SECRET) }));
    assert!(matches!(&m.dialog.as_ref().expect("revoke").kind, Kind::Confirm(_)), "the open dialog stays");
    update(&mut m, code(KeyCode::Esc));
    assert!(matches!(&m.dialog.as_ref().expect("secret").kind, Kind::Secret(_)));
}

#[test]
fn revoking_a_token_is_confirmed_and_sends_its_id() {
    let mut m = group_open();
    on_tokens_tab(&mut m);
    update(&mut m, key('j'));
    no_call(&update(&mut m, key('D')));
    let text = body(&m);
    assert!(text.contains("token #10 “nightly hatchery”") && text.contains("platform") && text.contains(CDS), "{text}");
    let (op, c) = only_call(&update(&mut m, key('y')));
    assert_eq!(c, call(GroupCall::RevokeToken { group: platform(), id: 10 }));
    let after = done(&mut m, op, Ok(Reply::Done));
    assert!(after.contains(&Effect::Refresh(Feed::GroupTab(CDS_ID, platform(), Tab::Tokens))));
    assert_eq!(status(&m), "revoked token #10 “nightly hatchery” of platform");
}

#[test]
fn non_admins_are_told_why_there_are_no_tokens() {
    let mut m = group_open();
    update(&mut m, code(KeyCode::Char(']')));
    let denied = err(403, None, "forbidden: only admins of group platform can list its tokens");
    fetched_feed(&mut m, Feed::GroupTab(CDS_ID, platform(), Tab::Tokens), Err(denied));
    let v = m.groups.open.as_ref().expect("open");
    assert!(v.tokens_denied.as_deref().is_some_and(|d| d.contains("only admins")));
    assert!(!offers(&m, Command::GenerateToken));
    no_call(&update(&mut m, key('n')));
    assert!(m.dialog.is_none());
    assert!(status(&m).contains("only the group's admins"), "{}", status(&m));
}

#[test]
fn tabs_cycle_and_member_keys_stay_on_the_members_tab() {
    let mut m = group_open();
    let tab = |m: &Model| m.groups.open.as_ref().map(|v| v.tab);
    update(&mut m, code(KeyCode::Char(']')));
    update(&mut m, code(KeyCode::Char(']')));
    assert_eq!(tab(&m), Some(Tab::Actions));
    assert!(feeds(&m).contains(&Feed::GroupTab(CDS_ID, platform(), Tab::Actions)));
    update(&mut m, code(KeyCode::Char('[')));
    update(&mut m, code(KeyCode::Char('[')));
    update(&mut m, code(KeyCode::Char('[')));
    assert_eq!(tab(&m), Some(Tab::WorkerModels));
    assert!(feeds(&m).contains(&Feed::GroupTab(CDS_ID, platform(), Tab::WorkerModels)));
    no_call(&update(&mut m, key('A')));
    assert!(m.dialog.is_none());
    assert!(status(&m).contains("Members tab"), "{}", status(&m));
}

#[test]
fn read_only_removes_every_group_mutation() {
    let mut m = groups_loaded();
    m.keymap = Keymap::new(&Overrides::new(), true).expect("keymap").into();
    select_group(&mut m, "platform");
    for k in ['n', 'e', 'D'] {
        no_call(&update(&mut m, key(k)));
        assert!(m.dialog.is_none(), "{k}");
        assert!(status(&m).starts_with("read-only"), "{k}: {}", status(&m));
    }
    update(&mut m, code(KeyCode::Enter));
    group_fetched(&mut m, cds_group(&["jdoe"], &["alice", "bob"]));
    select_member(&mut m, "alice");
    for k in ['a', 'D', 'A'] {
        no_call(&update(&mut m, key(k)));
        assert!(m.dialog.is_none(), "{k}");
    }
    on_tokens_tab(&mut m);
    for k in ['n', 'D'] {
        no_call(&update(&mut m, key(k)));
        assert!(m.dialog.is_none(), "{k}");
    }
    assert!(m.ops.is_empty());
}

#[test]
fn a_group_that_disappears_is_marked_gone() {
    let mut m = group_open();
    let gone = err(404, Some(20), "group does not exist");
    fetched_feed(&mut m, Feed::Group(CDS_ID, platform()), Err(gone));
    assert!(m.groups.open.as_ref().is_some_and(|v| v.gone));
    assert!(!offers(&m, Command::AddMember));
    assert!(!m.groups.counts.contains_key(&(CDS_ID, platform())));
}

#[test]
fn answers_for_a_group_no_longer_open_are_dropped() {
    let mut m = group_open();
    update(&mut m, code(KeyCode::Esc));
    select_group(&mut m, "data-eng");
    update(&mut m, code(KeyCode::Enter));
    group_fetched(&mut m, cds_group(&["jdoe"], &["alice"]));
    let v = m.groups.open.as_ref().expect("open");
    assert_eq!(v.name, "data-eng");
    assert!(v.members.is_empty(), "platform's late answer is not shown as data-eng's");
    assert_eq!(
        m.groups.counts.get(&(CDS_ID, platform())),
        Some(&Counts { admins: 1, members: 2 }),
        "counts still kept"
    );
}

fn fetched_groups(m: &mut Model, list: Vec<crate::backends::cds::wire::GroupRef>) {
    let rows = crate::backends::cds::adapter::groups::group_rows(CDS_ID, list);
    fetched_feed(m, Feed::Groups(CDS_ID), Ok(Payload::Groups(rows)));
}

// ----- Heimdall groups next to CDS's -----

#[test]
fn heimdall_groups_sit_next_to_cds_ones_and_a_cpf_typo_is_caught_before_sending() {
    let mut m = heimdall_group_open();
    let open = m.groups.open.as_ref().expect("engineering:backend open");
    assert_eq!((open.source, open.name.as_str()), (HEIMDALL_ID, "engineering:backend"));
    let shown: Vec<&str> = open.members.rows().iter().map(|r| r.shown.as_str()).collect();
    assert_eq!(shown, ["444.444.444-44", "333.333.333-33"], "CPFs shown punctuated, newest first");

    no_call(&update(&mut m, key('a')));
    typed(&mut m, "123.456.789-00, 52998224725");
    no_call(&update(&mut m, code(KeyCode::Enter)));
    let warning = match &m.dialog.as_ref().expect("still open").kind {
        Kind::Prompt(p) => p.error.clone().unwrap_or_default(),
        other => panic!("{other:?}"),
    };
    assert!(warning.contains("123.456.789-00") && warning.contains("check digits"), "{warning}");
    let (_, c) = only_call(&update(&mut m, code(KeyCode::Enter)));
    let group = Key::Text("engineering:backend".into());
    assert_eq!(
        c,
        Call::Group(
            HEIMDALL_ID,
            GroupCall::AddMembers { group: group.clone(), members: vec!["12345678900".into(), "52998224725".into()] }
        )
    );
}

#[test]
fn removing_a_heimdall_member_is_confirmed_and_names_them() {
    let mut m = heimdall_group_open();
    no_call(&update(&mut m, key('D')));
    let text = body(&m);
    assert!(text.contains("444.444.444-44") && text.contains("engineering:backend"), "{text}");
    let (_, c) = only_call(&update(&mut m, key('y')));
    assert_eq!(
        c,
        Call::Group(
            HEIMDALL_ID,
            GroupCall::RemoveMember { group: Key::Text("engineering:backend".into()), member: "44444444444".into() }
        )
    );
    // Heimdall has no admins, tokens or renames: those keys are not offered.
    let offered: Vec<Command> = m.pane.unit().offers(&m).into_iter().map(|o| o.cmd).collect();
    assert!(!offered.contains(&Command::ToggleAdmin) && !offered.contains(&Command::Tokens), "{offered:?}");
}

/// Issue 9.8: `/` was silently ignored in a group's members.
#[test]
fn slash_filters_a_groups_members() {
    let mut m = group_open();
    update(&mut m, key('/'));
    typed(&mut m, "ali");
    update(&mut m, code(KeyCode::Enter));
    let shown: Vec<&str> = m.groups.open.as_ref().expect("open").members.shown().map(|r| r.shown.as_str()).collect();
    assert_eq!(shown, ["alice"]);
}

#[test]
fn marked_members_are_removed_after_one_confirmation_and_reported_each() {
    let mut m = group_open();
    select_member(&mut m, "jdoe");
    update(&mut m, code(KeyCode::Char(' ')));
    select_member(&mut m, "bob");
    update(&mut m, code(KeyCode::Char(' ')));
    no_call(&update(&mut m, key('D')));
    let text = body(&m);
    assert!(text.contains("Remove 2 members from the group platform"), "{text}");
    assert!(text.contains("“jdoe”, “bob”"), "{text}");
    assert!(text.contains("all the admins of platform"), "the only admin is among them: {text}");
    let (op, c) = only_call(&update(&mut m, key('y')));
    assert_eq!(c, call(GroupCall::RemoveMembers { group: platform(), members: vec!["jdoe".into(), "bob".into()] }));
    let refused = ApiError::Local("CDS keeps at least one admin".into());
    let after =
        done(&mut m, op, Ok(Reply::MembersRemoved(vec![("jdoe".into(), Err(refused)), ("bob".into(), Ok(()))])));
    assert!(refreshes_group(&after));
    assert_eq!(status(&m), "removed from platform: 1 of 2, 1 failed");
    assert!(body(&m).contains("✗ jdoe"), "{}", body(&m));
    let v = m.groups.open.as_ref().expect("open");
    assert!(!v.members.has_marks(), "the marks were used");
}

#[test]
fn o_orders_members_by_name_and_back_to_admins_first() {
    let mut m = group_open();
    let shown =
        |m: &Model| m.groups.open.as_ref().map(|v| v.members.shown().map(|r| r.shown.clone()).collect::<Vec<_>>());
    assert_eq!(shown(&m), Some(names(&["jdoe", "alice", "bob"])));
    update(&mut m, key('o'));
    assert_eq!(shown(&m), Some(names(&["alice", "bob", "jdoe"])));
    assert_eq!(Unit.ruler(&m).and_then(|r| r.sort), Some("by name"));
    update(&mut m, key('o'));
    assert_eq!(shown(&m), Some(names(&["jdoe", "alice", "bob"])));
}

#[test]
fn enter_on_a_groups_action_opens_it_in_actions_and_esc_comes_back() {
    let mut m = group_open();
    update(&mut m, code(KeyCode::Char(']')));
    update(&mut m, code(KeyCode::Char(']')));
    let (rows, builtins) = crate::backends::cds::adapter::groups::group_actions(&cds_actions(), "platform", 7);
    fetched_feed(
        &mut m,
        Feed::GroupTab(CDS_ID, platform(), Tab::Actions),
        Ok(Payload::GroupActions { rows, builtins }),
    );
    let name = m.groups.open.as_ref().and_then(|v| v.actions.list.selected()).map(|a| a.name.clone());
    assert_eq!(name.as_deref(), Some("platform/build"));
    let (_, c) = only_call(&update(&mut m, code(KeyCode::Enter)));
    assert_eq!(m.pane, crate::app::panes::Pane::Actions);
    assert_eq!(
        c,
        Call::Action(
            CDS_ID,
            crate::app::effect::ActionCall::Detail { key: cds_action("platform", "build"), fresh: false }
        )
    );
    update(&mut m, code(KeyCode::Esc));
    assert_eq!(m.pane, crate::app::panes::Pane::Groups, "Esc closes the detail and comes back");
    assert_eq!(m.groups.open.as_ref().map(|v| v.tab), Some(Tab::Actions), "on the tab it left");
    update(&mut m, code(KeyCode::Enter));
    update(&mut m, key('1'));
    update(&mut m, code(KeyCode::Esc));
    assert_eq!(m.pane, crate::app::panes::Pane::Actions, "after a pane switched by hand, Esc only closes the detail");
}
