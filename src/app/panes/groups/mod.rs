//! Pane 2: CDS groups. The list (with member counts remembered from the groups opened), one
//! group's view with its tabs (Members, Tokens, Actions, Worker models), and the dispatch of
//! keys and dialogs to the flows in `edit`, `members` and `tokens`; answers are handled in
//! `results` and `feeds`.
//!
//! Every dialog captures its target (group name and id, username, token id, server) when it
//! opens; polls only ever change what is displayed.

use std::collections::HashMap;

use jiff::Timestamp;

mod edit;
mod feeds;
mod members;
mod ops;
mod results;
mod tokens;

pub use feeds::on_fetched;
pub use ops::{GroupTarget, GroupsOp, GroupsPurpose, MemberTarget, TokenTarget};
use ops::{list_target, server, view_target};
pub use results::{explain, on_done};
use results::{failed, refresh_group};

use self::{edit as group_edit, members as group_members, tokens as group_tokens};
use crate::app::dialog::{BodyLine, Dialog, Outcome, Tone, line};
use crate::app::effect::{Call, Effect};
use crate::app::filter::{Filter, FilterBox, FilterChange, contains_ci};
use crate::app::freshness::Freshness;
use crate::app::keymap::{Command, Scope};
use crate::app::list::{Cursor, Resync, navigate};
use crate::app::model::{Model, Pane, PaneOp};
use crate::app::msg::{Feed, Payload, Reply};
use crate::backends::cds::wire::{
    Action, ActionType, Expiration, Group, GroupRef, SHARED_INFRA, Token, WireStr, WorkerModel,
};
use crate::domain::error::ApiError;

/// A group as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    pub id: i64,
    /// Byte-exact: the feed key and the request path segment.
    pub name: WireStr,
}

impl GroupRow {
    /// `shared.infra` is public, and its members bypass route permission checks (§4).
    pub fn is_public(&self) -> bool {
        self.name == SHARED_INFRA
    }
}

/// Membership counts remembered from the last fetch of a group (the list answer has none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub admins: usize,
    /// Everyone, admins included.
    pub members: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Members,
    Tokens,
    Actions,
    WorkerModels,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Members, Tab::Tokens, Tab::Actions, Tab::WorkerModels];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Members => "Members",
            Tab::Tokens => "Tokens",
            Tab::Actions => "Actions",
            Tab::WorkerModels => "Worker models",
        }
    }

    pub fn cycle(self, forward: bool) -> Tab {
        let i = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0);
        let n = Tab::ALL.len();
        Tab::ALL[if forward { (i + 1) % n } else { (i + n - 1) % n }]
    }
}

/// One member of the open group, admins first.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberRow {
    /// Byte-exact: used in `/group/{g}/user/{u}` paths.
    pub username: WireStr,
    pub fullname: String,
    pub email: String,
    /// Admin of this group.
    pub admin: bool,
    /// CDS administrator: bypasses every group check whatever this group says.
    pub cds_admin: bool,
}

/// An action the group can use as a step (`/group/{id}/action`), Default actions only.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupActionRow {
    pub id: i64,
    /// `group/name`, cleaned.
    pub full_name: String,
    pub own: bool,
    pub description: String,
}

/// A tab's rows, fetched by the tab's own feed.
#[derive(Debug, Clone)]
pub struct Listing<T, K> {
    pub rows: Vec<T>,
    pub cursor: Cursor<K>,
    pub freshness: Freshness,
}

impl<T, K> Default for Listing<T, K> {
    fn default() -> Self {
        Self { rows: Vec::new(), cursor: Cursor::default(), freshness: Freshness::default() }
    }
}

impl<T, K: PartialEq + Clone> Listing<T, K> {
    fn load(&mut self, rows: Vec<T>, at: Timestamp, key: impl Fn(&T) -> K) {
        self.rows = rows;
        self.freshness.succeeded(at);
        let rows = &self.rows;
        self.cursor.resync(rows.len(), |i| key(&rows[i]));
    }

    pub fn selected(&self) -> Option<&T> {
        self.rows.get(self.cursor.index).filter(|_| self.cursor.selected.is_some())
    }
}

/// The open group.
#[derive(Debug, Clone)]
pub struct GroupView {
    pub name: WireStr,
    /// From the list, then from the group's own answer; 0 while unknown.
    pub id: i64,
    pub tab: Tab,
    /// The member list has been fetched at least once.
    pub loaded: bool,
    /// The server says the group does not exist (any more).
    pub gone: bool,
    pub members: Vec<MemberRow>,
    pub cursor: Cursor<WireStr>,
    pub freshness: Freshness,
    /// A member this console just removed: their disappearance is expected, not news.
    pub removed: Option<WireStr>,
    pub tokens: Listing<Token, i64>,
    /// Set when CDS refused the token list: only group admins may see tokens.
    pub tokens_denied: Option<String>,
    /// What a failed token list probably means, when CDS's answer says nothing useful.
    pub tokens_hint: Option<&'static str>,
    pub actions: Listing<GroupActionRow, i64>,
    /// Builtin and Plugin actions in the same answer, usable by every group.
    pub builtin_actions: usize,
    pub models: Listing<WorkerModel, i64>,
}

impl GroupView {
    pub fn new(name: WireStr, id: i64) -> Self {
        Self {
            name,
            id,
            tab: Tab::Members,
            loaded: false,
            gone: false,
            members: Vec::new(),
            cursor: Cursor::default(),
            freshness: Freshness::default(),
            removed: None,
            tokens: Listing::default(),
            tokens_denied: None,
            tokens_hint: None,
            actions: Listing::default(),
            builtin_actions: 0,
            models: Listing::default(),
        }
    }

    pub fn selected_member(&self) -> Option<&MemberRow> {
        let m = self.members.get(self.cursor.index)?;
        (Some(&m.username) == self.cursor.selected.as_ref()).then_some(m)
    }

    pub fn admins(&self) -> usize {
        self.members.iter().filter(|m| m.admin).count()
    }

    pub fn is_member(&self, username: &str) -> bool {
        self.members.iter().any(|m| m.username == username)
    }

    /// The feed behind the visible tab (what `r` refreshes).
    pub fn tab_feed(&self) -> Feed {
        match self.tab {
            Tab::Tokens => Feed::CdsTokens(self.name.clone()),
            Tab::Actions if self.id != 0 => Feed::CdsGroupActions(self.id),
            Tab::WorkerModels if self.id != 0 => Feed::CdsWorkerModels(self.id),
            _ => Feed::CdsGroup(self.name.clone()),
        }
    }

    /// The members are polled whatever the tab (counts, targets), plus the tab's own feed.
    pub fn feeds(&self) -> Vec<Feed> {
        let mut feeds = vec![Feed::CdsGroup(self.name.clone())];
        let tab = self.tab_feed();
        if !feeds.contains(&tab) {
            feeds.push(tab);
        }
        feeds
    }

    fn load_members(&mut self, group: &Group) {
        self.members = group
            .members()
            .map(|(u, admin)| MemberRow {
                username: u.username.clone(),
                fullname: u.fullname.to_string(),
                email: u.email.to_string(),
                admin,
                cds_admin: u.admin,
            })
            .collect();
    }
}

#[derive(Debug, Clone, Default)]
pub struct GroupsPane {
    pub rows: Vec<GroupRow>,
    pub view: Vec<u32>,
    pub cursor: Cursor<WireStr>,
    pub filter: FilterBox,
    pub freshness: Freshness,
    /// Counts of the groups opened so far, by name.
    pub counts: HashMap<WireStr, Counts>,
    pub open: Option<GroupView>,
    /// A group this console just deleted: its disappearance from the list is the expected
    /// result, not news that should replace the success message.
    pub deleted: Option<WireStr>,
}

impl GroupsPane {
    pub fn row(&self, view_index: usize) -> Option<&GroupRow> {
        self.rows.get(*self.view.get(view_index)? as usize)
    }

    pub fn selected(&self) -> Option<&GroupRow> {
        let row = self.row(self.cursor.index)?;
        (Some(&row.name) == self.cursor.selected.as_ref()).then_some(row)
    }

    pub fn find(&self, name: &WireStr) -> Option<&GroupRow> {
        self.rows.iter().find(|r| &r.name == name)
    }

    /// `withPublic` may list `shared.infra` twice: one row per group, sorted by name.
    pub fn load(&mut self, list: Vec<GroupRef>) -> Resync {
        let mut rows: Vec<GroupRow> = Vec::with_capacity(list.len());
        for g in list {
            if g.name.is_empty() || rows.iter().any(|r| r.name == g.name || (g.id != 0 && r.id == g.id)) {
                continue;
            }
            rows.push(GroupRow { id: g.id, name: g.name });
        }
        rows.sort_by(|a, b| a.name.shown().cmp(b.name.shown()));
        self.rows = rows;
        let rows = &self.rows;
        self.counts.retain(|name, _| rows.iter().any(|r| &r.name == name));
        self.refilter(false)
    }

    pub fn refilter(&mut self, narrowing: bool) -> Resync {
        let f = &self.filter.filter;
        let rows = &self.rows;
        let keep = |i: &u32| matches(&rows[*i as usize], f);
        self.view = if narrowing {
            self.view.iter().copied().filter(keep).collect()
        } else {
            (0..rows.len() as u32).filter(keep).collect()
        };
        let (view, rows) = (&self.view, &self.rows);
        self.cursor.resync(view.len(), |i| rows[view[i] as usize].name.clone())
    }

    pub fn filter_changed(&mut self, change: FilterChange) {
        if let FilterChange::Changed { narrowing } = change {
            self.refilter(narrowing);
        }
    }

    /// The feeds this pane needs polled.
    pub fn feeds(&self) -> Vec<Feed> {
        let mut feeds = vec![Feed::CdsGroups];
        if let Some(v) = &self.open {
            feeds.extend(v.feeds());
        }
        feeds
    }
}

/// Words match the group name; facets of other panes mean nothing here.
fn matches(r: &GroupRow, f: &Filter) -> bool {
    f.words.iter().all(|w| contains_ci(r.name.shown(), w))
}

/// The key scopes in effect, most specific first: the list, a group, or its tokens tab.
pub fn scopes(model: &Model) -> Vec<Scope> {
    match &model.groups.open {
        None => vec![Scope::Groups, Scope::Global],
        Some(v) if v.tab == Tab::Tokens => vec![Scope::Tokens, Scope::Group, Scope::Global],
        Some(_) => vec![Scope::Group, Scope::Global],
    }
}

/// The feed `r` refreshes: the list, or the open group's visible tab.
pub fn feed_of(model: &Model) -> Feed {
    model.groups.open.as_ref().map_or(Feed::CdsGroups, GroupView::tab_feed)
}

/// Whether the current view can do `cmd` (keys it cannot do are hidden from the hints).
pub fn offers(model: &Model, cmd: Command) -> bool {
    let pane = &model.groups;
    let Some(v) = &pane.open else {
        return match cmd {
            Command::Open | Command::RenameGroup | Command::DeleteGroup | Command::CopyId => pane.selected().is_some(),
            _ => true,
        };
    };
    let members = v.tab == Tab::Members && !v.gone;
    match cmd {
        Command::Open | Command::Filter => false,
        Command::AddMember => members && v.loaded,
        Command::RemoveMember | Command::ToggleAdmin => members && v.selected_member().is_some(),
        Command::Tokens => v.tab != Tab::Tokens,
        Command::GenerateToken => v.tab == Tab::Tokens && v.tokens_denied.is_none(),
        Command::RevokeToken => v.tab == Tab::Tokens && v.tokens_denied.is_none() && v.tokens.selected().is_some(),
        _ => true,
    }
}

/// Rows of a table in the group view: the tab bar takes one.
pub fn view_page(model: &Model) -> usize {
    model.table_rows().saturating_sub(1).max(1)
}

pub fn on_command(model: &mut Model, cmd: Command) -> Option<Vec<Effect>> {
    model.settings.servers.cds.as_ref()?;
    if model.groups.open.is_some() {
        return view_command(model, cmd);
    }
    let page = model.table_rows();
    let pane = &mut model.groups;
    let (view, rows) = (&pane.view, &pane.rows);
    if navigate(&mut pane.cursor, cmd, view.len(), page, |i| rows[view[i] as usize].name.clone()) {
        return Some(vec![]);
    }
    match cmd {
        Command::Open => {
            let row = pane.selected()?.clone();
            pane.open = Some(GroupView::new(row.name, row.id));
            model.status = None;
        }
        Command::Back if pane.filter.is_active() => {
            let change = pane.filter.set("");
            pane.filter_changed(change);
        }
        Command::Filter => pane.filter.open("words in the group name"),
        Command::CopyId => {
            let name = pane.selected()?.name.clone();
            model.set_status(format!("copied {name} (OSC 52)"), Tone::Success);
            return Some(vec![Effect::Copy(name.raw().to_string())]);
        }
        Command::NewGroup => return Some(group_edit::new_group(model)),
        Command::RenameGroup => return Some(group_edit::rename(model)),
        Command::DeleteGroup => return Some(group_edit::delete(model)),
        _ => return None,
    }
    Some(vec![])
}

fn view_command(model: &mut Model, cmd: Command) -> Option<Vec<Effect>> {
    let page = view_page(model);
    let list_page = model.table_rows();
    let v = model.groups.open.as_mut()?;
    let moved = match v.tab {
        Tab::Members => {
            let m = &v.members;
            navigate(&mut v.cursor, cmd, m.len(), page, |i| m[i].username.clone())
        }
        Tab::Tokens => {
            let l = &mut v.tokens;
            let rows = &l.rows;
            navigate(&mut l.cursor, cmd, rows.len(), page, |i| rows[i].id)
        }
        Tab::Actions => {
            let l = &mut v.actions;
            let rows = &l.rows;
            navigate(&mut l.cursor, cmd, rows.len(), page, |i| rows[i].id)
        }
        Tab::WorkerModels => {
            let l = &mut v.models;
            let rows = &l.rows;
            navigate(&mut l.cursor, cmd, rows.len(), page, |i| rows[i].id)
        }
    };
    if moved {
        return Some(vec![]);
    }
    match cmd {
        Command::Back => {
            let name = v.name.clone();
            model.groups.open = None;
            // Back on the list, on the group just left (the filter may hide it).
            let pane = &mut model.groups;
            if let Some(i) = pane.view.iter().position(|i| pane.rows[*i as usize].name == name) {
                let (view, rows) = (&pane.view, &pane.rows);
                pane.cursor.move_to(i, view.len(), |i| rows[view[i] as usize].name.clone());
                pane.cursor.scroll_into_view(list_page, pane.view.len());
            }
        }
        Command::NextTab => v.tab = v.tab.cycle(true),
        Command::PrevTab => v.tab = v.tab.cycle(false),
        Command::Tokens => v.tab = Tab::Tokens,
        Command::CopyId => {
            let text = match v.tab {
                Tab::Members => v.selected_member()?.username.raw().to_string(),
                Tab::Tokens => v.tokens.selected()?.id.to_string(),
                _ => v.name.raw().to_string(),
            };
            model.set_status(format!("copied {} (OSC 52)", crate::domain::text::clean_line(&text)), Tone::Success);
            return Some(vec![Effect::Copy(text)]);
        }
        Command::AddMember | Command::RemoveMember | Command::ToggleAdmin if !offers(model, cmd) => {
            let why = match model.groups.open.as_ref() {
                Some(v) if v.gone => "this group no longer exists",
                Some(v) if v.tab != Tab::Members => "members are changed on the Members tab ([ and ] switch tabs)",
                Some(v) if !v.loaded => "wait for the member list to load",
                _ => "select a member first",
            };
            model.set_status(why, Tone::Warning);
        }
        Command::AddMember => return Some(group_members::add(model)),
        Command::RemoveMember => return Some(group_members::remove(model)),
        Command::ToggleAdmin => return Some(group_members::toggle_admin(model)),
        Command::GenerateToken => return Some(group_tokens::generate(model)),
        Command::RevokeToken => return Some(group_tokens::revoke(model)),
        Command::Filter | Command::Open => {}
        _ => return None,
    }
    Some(vec![])
}

pub fn on_dialog(model: &mut Model, purpose: GroupsPurpose, outcome: Outcome) -> Vec<Effect> {
    if matches!(outcome, Outcome::Cancelled | Outcome::Closed) {
        model.close_dialog();
        return vec![];
    }
    match purpose {
        p @ (GroupsPurpose::Create { .. } | GroupsPurpose::Rename(_) | GroupsPurpose::Delete { .. }) => {
            group_edit::on_dialog(model, p, outcome)
        }
        p @ (GroupsPurpose::AddMembers { .. } | GroupsPurpose::Remove(_) | GroupsPurpose::Demote(_)) => {
            group_members::on_dialog(model, p, outcome)
        }
        p @ (GroupsPurpose::TokenExpiration(_) | GroupsPurpose::TokenDescription { .. } | GroupsPurpose::Revoke(_)) => {
            group_tokens::on_dialog(model, p, outcome)
        }
    }
}

/// Register the operation (single-flight) and ask the runtime to send it.
pub(super) fn start(model: &mut Model, op: GroupsOp) -> Vec<Effect> {
    let call = op.call();
    let label = op.label();
    match model.begin_op(PaneOp::Groups(op), label) {
        Some(id) => vec![Effect::Call { op: id, call }],
        None => vec![],
    }
}

/// The freshness record a group feed updates, if that feed is still wanted.
pub fn freshness_mut<'a>(model: &'a mut Model, feed: &Feed) -> Option<&'a mut Freshness> {
    let pane = &mut model.groups;
    match feed {
        Feed::CdsGroups => Some(&mut pane.freshness),
        Feed::CdsGroup(n) => pane.open.as_mut().filter(|v| &v.name == n).map(|v| &mut v.freshness),
        Feed::CdsTokens(n) => pane.open.as_mut().filter(|v| &v.name == n).map(|v| &mut v.tokens.freshness),
        Feed::CdsGroupActions(id) => pane.open.as_mut().filter(|v| v.id == *id).map(|v| &mut v.actions.freshness),
        Feed::CdsWorkerModels(id) => pane.open.as_mut().filter(|v| v.id == *id).map(|v| &mut v.models.freshness),
        _ => None,
    }
}

/// Whether any group feed is being fetched (for the spinner).
pub fn busy(pane: &GroupsPane) -> bool {
    pane.freshness.in_flight
        || pane.open.as_ref().is_some_and(|v| {
            v.freshness.in_flight
                || v.tokens.freshness.in_flight
                || v.actions.freshness.in_flight
                || v.models.freshness.in_flight
        })
}

/// The freshness the header shows: the list's, or the visible tab's.
pub fn visible_freshness(pane: &GroupsPane) -> &Freshness {
    match &pane.open {
        None => &pane.freshness,
        Some(v) => match v.tab {
            Tab::Members => &v.freshness,
            Tab::Tokens => &v.tokens.freshness,
            Tab::Actions => &v.actions.freshness,
            Tab::WorkerModels => &v.models.freshness,
        },
    }
}

/// A mutation in flight on this member, for a pending marker on their row.
pub fn pending_for<'a>(model: &'a Model, group: &WireStr, username: &WireStr) -> Option<&'a GroupsOp> {
    model.ops.values().find_map(|p| match &p.op {
        PaneOp::Groups(op) if op.member() == Some((group, username)) => Some(op),
        _ => None,
    })
}

#[cfg(test)]
mod tests;
