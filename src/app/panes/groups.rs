//! Pane 2: CDS groups. The list (with member counts remembered from the groups opened), one
//! group's view with its tabs (Members, Tokens, Actions, Worker models), and the dispatch of
//! keys, dialogs and results to the flows in `group_edit`, `group_members` and `group_tokens`.
//!
//! Every dialog captures its target (group name and id, username, token id, server) when it
//! opens; polls only ever change what is displayed.

use std::collections::HashMap;

use jiff::Timestamp;

use super::{group_edit, group_members, group_tokens};
use crate::app::dialog::{BodyLine, Dialog, Outcome, Tone, line};
use crate::app::effect::{Call, Effect};
use crate::app::filter::{Filter, FilterBox, FilterChange, contains_ci};
use crate::app::freshness::Freshness;
use crate::app::keymap::{Command, Scope};
use crate::app::list::{Cursor, Resync, navigate};
use crate::app::model::{Model, Pane, PaneOp};
use crate::app::msg::{Feed, Payload, Reply};
use crate::domain::cds::{Action, ActionType, Expiration, Group, GroupRef, SHARED_INFRA, Token, WireStr, WorkerModel};
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

    fn filter_changed(&mut self, change: FilterChange) {
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

/// What a group dialog acts on, captured when it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupTarget {
    pub name: WireStr,
    pub id: i64,
    pub server: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberTarget {
    pub group: GroupTarget,
    pub username: WireStr,
    pub fullname: String,
    pub admin: bool,
    /// They were the group's only admin when the dialog opened.
    pub last_admin: bool,
}

impl MemberTarget {
    /// "alice (Alice Martin)".
    pub fn who(&self) -> String {
        if self.fullname.is_empty() || self.fullname == self.username.shown() {
            self.username.shown().to_string()
        } else {
            format!("{} ({})", self.username, self.fullname)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenTarget {
    pub group: GroupTarget,
    pub id: i64,
    pub description: String,
}

impl TokenTarget {
    /// "token #9 “ci”".
    pub fn label(&self) -> String {
        if self.description.is_empty() {
            format!("token #{}", self.id)
        } else {
            format!("token #{} “{}”", self.id, self.description)
        }
    }
}

#[derive(Debug, Clone)]
pub enum GroupsPurpose {
    Create {
        server: String,
    },
    Rename(GroupTarget),
    Delete {
        target: GroupTarget,
        actions: Option<usize>,
    },
    /// The members known when the prompt opened, in case the group view has moved on.
    AddMembers {
        group: GroupTarget,
        members: Vec<WireStr>,
    },
    Remove(MemberTarget),
    Demote(MemberTarget),
    TokenExpiration(GroupTarget),
    TokenDescription {
        group: GroupTarget,
        expiration: Expiration,
    },
    Revoke(TokenTarget),
}

/// A group mutation in flight, with what its result message needs.
#[derive(Debug, Clone, PartialEq)]
pub enum GroupsOp {
    Create {
        name: String,
        server: String,
    },
    Rename {
        target: GroupTarget,
        new: String,
    },
    Delete {
        target: GroupTarget,
        actions: Option<usize>,
    },
    /// `already`: typed names that were members already, reported without a request.
    Add {
        group: GroupTarget,
        usernames: Vec<String>,
        already: Vec<String>,
    },
    Remove(MemberTarget),
    Promote(MemberTarget),
    Demote(MemberTarget),
    Generate {
        group: GroupTarget,
        expiration: Expiration,
        description: String,
    },
    Revoke(TokenTarget),
}

impl GroupsOp {
    /// Same target and same operation: a key repeat, not a second intention.
    pub fn same_flight(&self, other: &GroupsOp) -> bool {
        use GroupsOp as O;
        let member = |o: &GroupsOp| match o {
            O::Remove(t) | O::Promote(t) | O::Demote(t) => Some((t.group.name.clone(), t.username.clone())),
            _ => None,
        };
        let whole = |o: &GroupsOp| match o {
            O::Rename { target, .. } | O::Delete { target, .. } => Some(target.name.clone()),
            _ => None,
        };
        match (self, other) {
            (O::Create { name: a, .. }, O::Create { name: b, .. }) => a == b,
            (O::Add { group: a, usernames: x, .. }, O::Add { group: b, usernames: y, .. }) => {
                a.name == b.name && x.iter().any(|u| y.contains(u))
            }
            (O::Generate { group: a, .. }, O::Generate { group: b, .. }) => a.name == b.name,
            (O::Revoke(a), O::Revoke(b)) => a.id == b.id,
            _ => match (member(self), member(other)) {
                (Some(a), Some(b)) => a == b,
                _ => matches!((whole(self), whole(other)), (Some(a), Some(b)) if a == b),
            },
        }
    }

    fn call(&self) -> Call {
        let raw = |t: &GroupTarget| t.name.raw().to_string();
        match self {
            GroupsOp::Create { name, .. } => Call::CdsCreateGroup { name: name.clone() },
            GroupsOp::Rename { target, new } => Call::CdsRenameGroup { old: raw(target), new: new.clone() },
            GroupsOp::Delete { target, .. } => Call::CdsDeleteGroup { name: raw(target) },
            GroupsOp::Add { group, usernames, .. } => {
                Call::CdsAddMembers { group: raw(group), usernames: usernames.clone() }
            }
            GroupsOp::Remove(t) => Call::CdsRemoveMember { group: raw(&t.group), username: t.username.raw().into() },
            GroupsOp::Promote(t) => Call::CdsSetAdmin { group: raw(&t.group), username: t.username.raw().into() },
            GroupsOp::Demote(t) => Call::CdsRemoveAdmin { group: raw(&t.group), username: t.username.raw().into() },
            GroupsOp::Generate { group, expiration, description } => {
                Call::CdsGenerateToken { group: raw(group), expiration: *expiration, description: description.clone() }
            }
            GroupsOp::Revoke(t) => Call::CdsRevokeToken { group: raw(&t.group), id: t.id },
        }
    }

    pub fn label(&self) -> String {
        match self {
            GroupsOp::Create { name, server } => format!("creating group {name} on {server}"),
            GroupsOp::Rename { target, new } => format!("renaming {} to {new} on {}", target.name, target.server),
            GroupsOp::Delete { target, .. } => format!("deleting group {} on {}", target.name, target.server),
            GroupsOp::Add { group, usernames, .. } => {
                // Typed or pasted: cleaned before it reaches the status line.
                let names: Vec<_> = usernames.iter().map(|u| crate::domain::text::clean_line(u)).collect();
                format!("adding {} to {}", names.join(", "), group.name)
            }
            GroupsOp::Remove(t) => format!("removing {} from {}", t.username, t.group.name),
            GroupsOp::Promote(t) => format!("making {} an admin of {}", t.username, t.group.name),
            GroupsOp::Demote(t) => format!("making {} a plain member of {}", t.username, t.group.name),
            GroupsOp::Generate { group, expiration, .. } => {
                format!("generating a {expiration} token for {}", group.name)
            }
            GroupsOp::Revoke(t) => format!("revoking {} of {}", t.label(), t.group.name),
        }
    }

    /// The member this operation is about, for a pending marker on their row.
    pub fn member(&self) -> Option<(&WireStr, &WireStr)> {
        match self {
            GroupsOp::Remove(t) | GroupsOp::Promote(t) | GroupsOp::Demote(t) => Some((&t.group.name, &t.username)),
            _ => None,
        }
    }
}

pub(super) fn server(model: &Model) -> String {
    model.settings.servers.cds.clone().unwrap_or_else(|| "CDS".into())
}

/// The group under the list cursor, as a dialog target.
pub(super) fn list_target(model: &Model) -> Option<GroupTarget> {
    let row = model.groups.selected()?;
    Some(GroupTarget { name: row.name.clone(), id: row.id, server: server(model) })
}

/// The open group, as a dialog target.
pub(super) fn view_target(model: &Model) -> Option<GroupTarget> {
    let v = model.groups.open.as_ref()?;
    Some(GroupTarget { name: v.name.clone(), id: v.id, server: server(model) })
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

pub fn on_done(model: &mut Model, op: GroupsOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    match op {
        op @ (GroupsOp::Create { .. } | GroupsOp::Rename { .. } | GroupsOp::Delete { .. }) => {
            group_edit::on_done(model, op, result)
        }
        op @ (GroupsOp::Add { .. } | GroupsOp::Remove(_) | GroupsOp::Promote(_) | GroupsOp::Demote(_)) => {
            group_members::on_done(model, op, result)
        }
        op @ (GroupsOp::Generate { .. } | GroupsOp::Revoke(_)) => group_tokens::on_done(model, op, result),
    }
}

/// After any change: the group (its members, counts) and the list.
pub(super) fn refresh_group(name: &WireStr) -> Vec<Effect> {
    vec![Effect::Refresh(Feed::CdsGroup(name.clone())), Effect::Refresh(Feed::CdsGroups)]
}

/// A failure: the server's words verbatim, then what they mean, in a notice queued behind
/// whatever the operator is typing in.
pub(super) fn failed(model: &mut Model, title: &str, what: String, e: &ApiError, op: &GroupsOp) {
    let mut body = vec![BodyLine::new(what.clone(), Tone::Strong), line("")];
    body.push(BodyLine::new(e.to_string(), Tone::Danger));
    if let Some(hint) = explain(e, op) {
        body.push(line(""));
        body.push(line(hint));
    }
    model.set_status(what, Tone::Danger);
    model.show(Dialog::notice(title, body, Tone::Danger, None));
}

/// Plain words for what CDS answers on group routes (§3, §7); the server's own message is
/// always shown as well.
pub fn explain(e: &ApiError, op: &GroupsOp) -> Option<&'static str> {
    let member_op = matches!(op, GroupsOp::Remove(_) | GroupsOp::Promote(_) | GroupsOp::Demote(_));
    match (e.status(), e.code()) {
        (Some(400), Some(34)) => Some(
            "CDS will not remove the last admin of a group. Make another member admin first (A on them), then remove this one.",
        ),
        (Some(403), Some(11)) => Some(
            "Only admins of this group (or CDS admins) may change it. CDS answers the same for a group that does not exist.",
        ),
        (Some(403), None) => Some("Only admins of this group (or CDS admins) may do this."),
        (Some(404), Some(38)) if member_op => Some("CDS does not know this user (or no longer does)."),
        (Some(400), Some(74)) if member_op => Some("This user is not a member of the group (any more)."),
        (Some(500), Some(1)) if matches!(op, GroupsOp::Promote(_)) => Some(
            "CDS answers 500 'internal server error' when the user is not a member of the group: add them first (a).",
        ),
        (Some(500), Some(1)) if matches!(op, GroupsOp::Rename { .. }) => Some(
            "CDS answers 500 'internal server error' when a member listed in the group is no longer a CDS user; a CDS admin must clean the membership first.",
        ),
        (Some(500), Some(1)) => Some("CDS does not say more about this error; its logs do (quote the error id above)."),
        (Some(409), Some(33)) => Some("A group with this name already exists, maybe one you cannot see."),
        (Some(400), Some(32 | 24)) => Some("CDS refused the name: use letters, digits, '.', '_' and '-' only."),
        (Some(400), Some(63)) => Some(
            "CDS will not rename a group that has no admin (the rename sends the admin list back): someone must be promoted first, by a CDS admin.",
        ),
        _ => super::actions::explain(e),
    }
}

/// A group feed answered. Answers for a group or tab that is no longer open are dropped
/// (except counts, which are worth keeping whoever asked).
pub fn on_fetched(model: &mut Model, feed: Feed, at: Timestamp, result: Result<Payload, ApiError>) {
    match (feed, result) {
        (Feed::CdsGroups, Ok(Payload::CdsGroups(list))) => on_list(model, at, list),
        (Feed::CdsGroups, Err(e)) => model.groups.freshness.failed(e.to_string()),
        (Feed::CdsGroup(name), Ok(Payload::CdsGroup(group))) => on_group(model, &name, at, Ok(*group)),
        (Feed::CdsGroup(name), Err(e)) => on_group(model, &name, at, Err(e)),
        (Feed::CdsTokens(name), result) => {
            let Some(v) = model.groups.open.as_mut().filter(|v| v.name == name) else { return };
            match result {
                Ok(Payload::CdsTokens(rows)) => {
                    v.tokens_denied = None;
                    v.tokens_hint = None;
                    v.tokens.load(rows, at, |t| t.id);
                }
                // A definite answer, not a failed fetch: non-admins may not see tokens.
                Err(e) if e.status() == Some(403) => {
                    v.tokens_denied = Some(e.to_string());
                    v.tokens.load(Vec::new(), at, |t| t.id);
                }
                Err(e) => {
                    v.tokens_hint = (e.status() == Some(500)).then_some(
                        "CDS answers 500 here to a CDS admin or shared.infra member who is not a member of the group.",
                    );
                    v.tokens.freshness.failed(e.to_string());
                }
                Ok(_) => {}
            }
        }
        (Feed::CdsGroupActions(id), result) => {
            let Some(v) = model.groups.open.as_mut().filter(|v| v.id == id) else { return };
            match result {
                Ok(Payload::CdsGroupActions(list)) => {
                    let (rows, builtins) = group_action_rows(&list, &v.name, id);
                    v.builtin_actions = builtins;
                    v.actions.load(rows, at, |r| r.id);
                }
                Err(e) => v.actions.freshness.failed(e.to_string()),
                Ok(_) => {}
            }
        }
        (Feed::CdsWorkerModels(id), result) => {
            let Some(v) = model.groups.open.as_mut().filter(|v| v.id == id) else { return };
            match result {
                Ok(Payload::CdsWorkerModels(rows)) => v.models.load(rows, at, |m| m.id),
                Err(e) => v.models.freshness.failed(e.to_string()),
                Ok(_) => {}
            }
        }
        (feed, _) => tracing::warn!(?feed, "payload does not match its feed"),
    }
}

/// The group's own Default actions first, then `shared.infra`'s; Builtin and Plugin actions
/// are only counted (every group has them).
fn group_action_rows(list: &[Action], name: &WireStr, id: i64) -> (Vec<GroupActionRow>, usize) {
    let mut builtins = 0;
    let mut rows = Vec::new();
    for a in list {
        if a.kind != ActionType::Default {
            builtins += 1;
            continue;
        }
        // The embedded group names the owner; the bare id is the fallback.
        let own = match &a.group {
            Some(g) if !g.name.is_empty() => &g.name == name,
            _ => a.owner_id() == Some(id),
        };
        let group = match &a.group {
            Some(g) if !g.name.is_empty() => g.name.shown().to_string(),
            _ if own => name.shown().to_string(),
            _ => "?".into(),
        };
        rows.push(GroupActionRow {
            id: a.id,
            full_name: format!("{group}/{}", a.name),
            own,
            description: a.description.shown().lines().next().unwrap_or("").to_string(),
        });
    }
    rows.sort_by(|a, b| b.own.cmp(&a.own).then_with(|| a.full_name.cmp(&b.full_name)));
    (rows, builtins)
}

fn on_list(model: &mut Model, at: Timestamp, list: Vec<GroupRef>) {
    let page = model.table_rows();
    let pane = &mut model.groups;
    let before = pane.cursor.selected.clone();
    let resync = pane.load(list);
    pane.freshness.succeeded(at);
    pane.cursor.scroll_into_view(page, pane.view.len());
    if let Some(v) = pane.open.as_mut()
        && v.id == 0
        && let Some(row) = pane.rows.iter().find(|r| r.name == v.name)
    {
        v.id = row.id;
    }
    let expected = before.is_some() && before == pane.deleted;
    if resync == Resync::Moved && !expected && before.is_some() && model.pane == Pane::Groups && pane.open.is_none() {
        model.set_status("the selected group is gone (deleted or renamed); cursor moved", Tone::Warning);
    }
}

fn on_group(model: &mut Model, name: &WireStr, at: Timestamp, result: Result<Group, ApiError>) {
    let page = view_page(model);
    let visible = model.pane == Pane::Groups;
    let pane = &mut model.groups;
    match &result {
        Ok(g) => {
            let counts = Counts { admins: g.admins.len(), members: g.admins.len() + g.users.len() };
            pane.counts.insert(name.clone(), counts);
        }
        Err(e) if is_gone(e) => {
            pane.counts.remove(name);
        }
        Err(_) => {}
    }
    let Some(v) = pane.open.as_mut().filter(|v| &v.name == name) else { return };
    match result {
        Ok(group) => {
            if group.id != 0 {
                v.id = group.id;
            }
            v.load_members(&group);
            v.loaded = true;
            v.gone = false;
            v.freshness.succeeded(at);
            let before = v.cursor.selected.clone();
            let m = &v.members;
            let resync = v.cursor.resync(m.len(), |i| m[i].username.clone());
            v.cursor.scroll_into_view(page, m.len());
            let expected = before.is_some() && before == v.removed;
            if resync == Resync::Moved && before.is_some() && !expected && visible {
                let who = before.map(|u| u.shown().to_string()).unwrap_or_default();
                model.set_status(format!("{who} is no longer in the group; cursor moved"), Tone::Warning);
            }
        }
        Err(e) => {
            v.gone = is_gone(&e);
            v.freshness.failed(e.to_string());
        }
    }
}

/// 404 id 20: the group does not exist (any more).
fn is_gone(e: &ApiError) -> bool {
    e.status() == Some(404) && e.code() == Some(20)
}

pub fn on_filter_key(model: &mut Model, key: &crossterm::event::KeyEvent) {
    let page = model.table_rows();
    let pane = &mut model.groups;
    let change = pane.filter.on_key(key);
    pane.filter_changed(change);
    pane.cursor.scroll_into_view(page, pane.view.len());
}

pub fn on_paste_filter(model: &mut Model, text: &str) {
    let change = model.groups.filter.on_paste(text);
    model.groups.filter_changed(change);
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
#[path = "groups_tests.rs"]
mod tests;
