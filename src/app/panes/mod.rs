//! The registry of panes: the one place that lists them. Each pane is a unit (a folder) that
//! describes, in [`PaneUnit`], its key scopes, what it offers right now, how it runs a
//! command, its filter, its feeds and their health. Dispatch, the hint bar, `?` and
//! `--read-only` all read [`PaneUnit::offers`]; nothing outside a pane decides what a key may
//! do there.

pub(crate) mod actions;
pub(crate) mod audits;
pub(crate) mod groups;
pub(crate) mod user_actions;

use jiff::Timestamp;

use super::dialog::Outcome;
use super::effect::Effect;
use super::filter::{FilterBox, FilterChange};
use super::freshness::Freshness;
use super::keymap::{Command, Scope};
use super::model::Model;
use super::msg::{Feed, Payload, Reply};
use super::source::SourceId;
use crate::domain::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Pane {
    Actions,
    Groups,
    Audits,
    UserActions,
}

impl Pane {
    pub(crate) const ALL: [Pane; 4] = [Pane::Actions, Pane::Groups, Pane::Audits, Pane::UserActions];

    pub(crate) fn unit(self) -> &'static dyn PaneUnit {
        match self {
            Pane::Actions => &actions::Unit,
            Pane::Groups => &groups::Unit,
            Pane::Audits => &audits::Unit,
            Pane::UserActions => &user_actions::Unit,
        }
    }

    pub(crate) fn title(self) -> &'static str {
        match self {
            Pane::Actions => "Actions",
            Pane::Groups => "Groups",
            Pane::Audits => "Audits",
            Pane::UserActions => "User Actions",
        }
    }

    /// For narrow terminals.
    pub(crate) fn short_title(self) -> &'static str {
        match self {
            Pane::Actions => "Act",
            Pane::Groups => "Grp",
            Pane::Audits => "Aud",
            Pane::UserActions => "UA",
        }
    }

    pub(crate) fn number(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).map_or(0, |i| i + 1)
    }

    pub(crate) fn cycle(self, forward: bool) -> Pane {
        let i = self.number() - 1;
        let n = Pane::ALL.len();
        Pane::ALL[if forward { (i + 1) % n } else { (i + n - 1) % n }]
    }

    /// The pane a feed's answer belongs to (`About` belongs to the sources, not a pane).
    fn of_feed(feed: &Feed) -> Option<Pane> {
        Some(match feed {
            Feed::Actions(_) => Pane::Actions,
            Feed::Audits(..) | Feed::Executions(_) => Pane::Audits,
            Feed::Groups(_) | Feed::Group(..) | Feed::GroupTab(..) => Pane::Groups,
            Feed::UserActions(..) => Pane::UserActions,
            Feed::About(_) => return None,
        })
    }
}

/// One command a view can take, and whether it can run now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Offer {
    pub(crate) cmd: Command,
    /// The scope whose binding (keys, hint) this offer uses.
    pub(crate) scope: Scope,
    /// `Err(why)`: offered here, but not right now (pressing it says why).
    pub(crate) ready: Result<(), String>,
}

impl Offer {
    pub(crate) fn new(scope: Scope, cmd: Command) -> Self {
        Self { cmd, scope, ready: Ok(()) }
    }

    /// Offered only when `ready`; `why` otherwise.
    pub(crate) fn when(scope: Scope, cmd: Command, ready: bool, why: &str) -> Self {
        Self { cmd, scope, ready: if ready { Ok(()) } else { Err(why.to_string()) } }
    }
}

/// The movement keys of a list, and `y`: what every list view offers.
pub(crate) fn list_offers(out: &mut Vec<Offer>) {
    for cmd in [Command::Down, Command::Up, Command::Top, Command::Bottom, Command::HalfPageDown, Command::HalfPageUp] {
        out.push(Offer::new(Scope::Global, cmd));
    }
}

/// How healthy one source's data is in a pane.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Health<'a> {
    pub(crate) source: SourceId,
    pub(crate) freshness: &'a Freshness,
}

/// What every pane is. Implemented by one zero-sized `Unit` per pane folder.
pub(crate) trait PaneUnit: Sync {
    /// The key scopes of the current view, most specific first (`Global` is added by the
    /// caller).
    fn scopes(&self, m: &Model) -> Vec<Scope>;
    /// Every scope the pane uses in any of its views, for `?` to list first.
    fn help_scopes(&self) -> &'static [Scope];
    /// What `/` understands in the lists of each of those scopes, for `?`.
    fn filter_help(&self) -> &'static [(Scope, &'static str)];
    /// Every command the current view takes, in hint order.
    fn offers(&self, m: &Model) -> Vec<Offer>;
    /// Run a command that [`offers`](Self::offers) said is ready.
    fn run(&self, m: &mut Model, cmd: Command) -> Vec<Effect>;
    /// The `/` line of the current view, if it filters.
    fn filter<'m>(&self, m: &'m Model) -> Option<&'m FilterBox>;
    /// The facets the current view's filter understands besides free words, for the hint
    /// bar while the filter is typed.
    fn facets(&self, m: &Model) -> Vec<&'static str>;
    /// Where the cursor is in the current view's list, if it shows one, and what is marked.
    fn ruler(&self, m: &Model) -> Option<super::list::Ruler>;
    /// Apply `edit` to that line and recompute the view.
    fn edit_filter(&self, m: &mut Model, edit: &mut dyn FnMut(&mut FilterBox) -> FilterChange);
    /// What the pane needs polled.
    fn feeds(&self, m: &Model) -> Vec<Feed>;
    /// What `r` refreshes.
    fn refresh(&self, m: &Model) -> Vec<Feed>;
    /// A feed of this pane answered. Answers for a view no longer open are dropped.
    fn on_fetched(&self, m: &mut Model, feed: Feed, at: Timestamp, result: Result<Payload, ApiError>);
    /// The freshness record of `feed`, if the pane still wants it.
    fn freshness_mut<'m>(&self, m: &'m mut Model, feed: &Feed) -> Option<&'m mut Freshness>;
    /// The data behind the current view, one entry per source (header, tab mark, errors).
    fn health<'m>(&self, m: &'m Model) -> Vec<Health<'m>>;
    /// The terminal changed size: lists keep their cursor on screen.
    fn resize(&self, m: &mut Model);
    /// A detail, usage, diff or group is open: Esc goes back.
    fn in_sub_view(&self, m: &Model) -> bool;
    /// Whether the current view shows a page of text (`/` finds in it). Cheap: the hint bar
    /// asks on every frame.
    fn shows_page(&self, _m: &Model) -> bool {
        false
    }
    /// That page, built when a key needs it.
    fn page(&self, _m: &Model) -> Option<super::document::Document> {
        None
    }
    /// That page's scroll position.
    fn pager_mut<'m>(&self, _m: &'m mut Model) -> Option<&'m mut super::list::Pager> {
        None
    }
}

/// What a dialog does when it is submitted. Each variant carries the target captured when the
/// dialog opened (contract 1), so a poll that reorders the list cannot redirect the request.
#[derive(Debug, Clone)]
pub(crate) enum Purpose {
    /// Informational dialogs.
    None,
    UserActions(user_actions::UserActionsPurpose),
    Actions(actions::ActionsPurpose),
    Audits(audits::AuditsPurpose),
    Groups(groups::GroupsPurpose),
}

/// A mutation or one-off request in flight, with what its answer needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PaneOp {
    UserActions(user_actions::UserActionsOp),
    Actions(actions::ActionsOp),
    Audits(audits::AuditsOp),
    Groups(groups::GroupsOp),
}

impl PaneOp {
    /// Same target and same operation: a second one would be a double submit.
    pub(crate) fn same_flight(&self, other: &PaneOp) -> bool {
        match (self, other) {
            (PaneOp::UserActions(a), PaneOp::UserActions(b)) => a.flight_key() == b.flight_key(),
            (PaneOp::Actions(a), PaneOp::Actions(b)) => a.same_flight(b),
            (PaneOp::Audits(a), PaneOp::Audits(b)) => a.same_flight(b),
            (PaneOp::Groups(a), PaneOp::Groups(b)) => a.same_flight(b),
            _ => false,
        }
    }
}

/// A dialog was answered: its pane acts on the target it captured.
pub(crate) fn on_dialog(m: &mut Model, purpose: Purpose, outcome: Outcome) -> Vec<Effect> {
    match purpose {
        Purpose::None => {
            m.close_dialog();
            vec![]
        }
        Purpose::UserActions(p) => user_actions::on_dialog(m, p, outcome),
        Purpose::Actions(p) => actions::on_dialog(m, p, outcome),
        Purpose::Audits(p) => audits::on_dialog(m, p, outcome),
        Purpose::Groups(p) => groups::on_dialog(m, p, outcome),
    }
}

/// A request answered: its pane says what happened.
pub(crate) fn on_done(m: &mut Model, op: PaneOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    match op {
        PaneOp::UserActions(op) => user_actions::on_done(m, op, result),
        PaneOp::Actions(op) => actions::on_done(m, op, result),
        PaneOp::Audits(op) => audits::on_done(m, op, result),
        PaneOp::Groups(op) => groups::on_done(m, op, result),
    }
}

/// A feed answered: its pane takes it.
pub(crate) fn on_fetched(m: &mut Model, feed: Feed, at: Timestamp, result: Result<Payload, ApiError>) {
    match Pane::of_feed(&feed) {
        Some(pane) => pane.unit().on_fetched(m, feed, at, result),
        None => super::update::on_about(m, feed, result),
    }
}

/// The freshness record a feed updates, if some pane still wants that feed.
pub(crate) fn freshness_mut<'m>(m: &'m mut Model, feed: &Feed) -> Option<&'m mut Freshness> {
    let pane = Pane::of_feed(feed)?;
    pane.unit().freshness_mut(m, feed)
}
