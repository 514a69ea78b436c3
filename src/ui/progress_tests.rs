//! Load progress in the pane header: "page 3/9" while a long load runs, gone with its answer;
//! a report for a fetch that is not running is ignored.

use super::tests::{render, text};
use crate::app::msg::{Feed, Msg};
use crate::app::testing::{WALDUR_ID, fetched, loaded_model, model, standard_rows};
use crate::app::update::update;

fn header(m: &mut crate::app::model::Model, w: u16, h: u16) -> String {
    text(&render(m, w, h)).lines().nth(1).unwrap_or_default().to_string()
}

#[test]
fn the_first_load_and_a_reload_show_their_pages_until_the_answer() {
    let mut m = model();
    update(&mut m, crate::app::testing::key('4'));
    let feed = Feed::UserActions(WALDUR_ID, m.user_actions.query());
    update(&mut m, Msg::FetchStarted(feed.clone()));
    update(&mut m, Msg::Progress { feed: feed.clone(), done: 3, total: 9 });
    for (w, h) in [(80, 24), (160, 48)] {
        let line = header(&mut m, w, h);
        assert!(line.contains("loading from") && line.contains("page 3/9"), "{w}x{h}: {line}");
    }
    fetched(&mut m, standard_rows());
    assert!(!header(&mut m, 160, 48).contains("page"), "gone with the answer");

    update(&mut m, Msg::FetchStarted(feed.clone()));
    update(&mut m, Msg::Progress { feed: feed.clone(), done: 120, total: 334 });
    assert!(header(&mut m, 160, 48).contains("page 120/334"), "{}", header(&mut m, 160, 48));
    fetched(&mut m, standard_rows());
    assert!(!header(&mut m, 160, 48).contains("page"));
}

#[test]
fn a_report_for_a_fetch_not_running_is_ignored() {
    let mut m = loaded_model();
    let feed = Feed::UserActions(WALDUR_ID, m.user_actions.query());
    m.dirty = false;
    update(&mut m, Msg::Progress { feed, done: 2, total: 5 });
    assert!(!m.dirty, "nothing to draw");
    assert!(!header(&mut m, 160, 48).contains("page"));
}
