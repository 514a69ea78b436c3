//! Pane 2: groups from every source at once (CDS, Heimdall…). The list (with member counts
//! remembered from the groups opened), one group's view with the tabs its source has
//! (Members, Tokens, Actions, Worker models), and the dispatch of keys and dialogs to the
//! flows in `edit`, `members` and `tokens`; answers are handled in `results` and `feeds`.
//!
//! Every dialog captures its target (source, group, member, token, server) when it opens;
//! polls only ever change what is displayed.

mod edit;
mod feeds;
mod members;
mod ops;
mod results;
mod rows;
mod tokens;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use jiff::Timestamp;

pub(crate) use ops::{GroupTarget, GroupsOp, GroupsPurpose, MemberTarget, TokenTarget};
pub(crate) use results::on_done;
pub(crate) use rows::{GroupActionRow, GroupDetail, GroupRow, GroupsCaps, MemberRow, Tab, TokenRow, WorkerModelRow};

use super::actions;
use super::{Health, Offer, PaneUnit, list_offers};
use crate::app::dialog::{Outcome, Tone};
use crate::app::effect::{Call, Effect};
use crate::app::filter::{Filter, FilterBox, FilterChange, contains_ci};
use crate::app::freshness::Freshness;
use crate::app::keymap::{Command, Scope};
use crate::app::list::{Keyed, List, Resync};
use crate::app::model::Model;
use crate::app::msg::{Feed, Payload};
use crate::app::panes::PaneOp;
use crate::app::source::{Key, SourceId, Sources};
use crate::domain::error::ApiError;

/// Membership counts remembered from the last fetch of a group (list answers have none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Counts {
    pub(crate) admins: usize,
    /// Everyone, admins included.
    pub(crate) members: usize,
}

/// A tab's rows, fetched by the tab's own feed.
#[derive(Debug, Clone)]
pub(crate) struct Listing<T: Keyed> {
    pub(crate) list: List<T>,
    pub(crate) freshness: Freshness,
}

impl<T: Keyed> Default for Listing<T> {
    fn default() -> Self {
        Self { list: List::default(), freshness: Freshness::default() }
    }
}

impl<T: Keyed> Listing<T> {
    fn load(&mut self, rows: Vec<T>, at: Timestamp) {
        self.list.set_rows(rows);
        self.list.rebuild(|_, _| true, None);
        self.freshness.succeeded(at);
    }
}

/// The open group.
#[derive(Debug, Clone)]
pub(crate) struct GroupView {
    pub(crate) source: SourceId,
    pub(crate) key: Key,
    pub(crate) name: String,
    pub(crate) public: bool,
    pub(crate) tab: Tab,
    pub(crate) tabs: &'static [Tab],
    /// The member list has been fetched at least once.
    pub(crate) loaded: bool,
    /// The server says the group does not exist (any more).
    pub(crate) gone: bool,
    /// The server will not list the members for this caller (a definite answer, not an
    /// outage): why.
    pub(crate) members_denied: Option<String>,
    pub(crate) members: List<MemberRow>,
    pub(crate) member_filter: FilterBox,
    /// `o`: by name instead of admins first.
    pub(crate) members_by_name: bool,
    pub(crate) freshness: Freshness,
    /// A member this console just removed: their disappearance is expected, not news.
    pub(crate) removed: Option<Arc<str>>,
    pub(crate) tokens: Listing<TokenRow>,
    /// Set when the server refused the token list: only group admins may see tokens.
    pub(crate) tokens_denied: Option<String>,
    /// What a failed token list probably means, when the server's answer says nothing useful.
    pub(crate) tokens_hint: Option<String>,
    pub(crate) actions: Listing<GroupActionRow>,
    /// Builtin and plugin actions in the same answer, usable by every group.
    pub(crate) builtin_actions: usize,
    pub(crate) models: Listing<WorkerModelRow>,
}

impl GroupView {
    pub(crate) fn new(row: &GroupRow, tabs: &'static [Tab], page: usize) -> Self {
        let mut v = Self {
            source: row.source,
            key: row.key.clone(),
            name: row.name.clone(),
            public: row.public,
            tab: Tab::Members,
            tabs,
            loaded: false,
            gone: false,
            members_denied: None,
            members: List::default(),
            member_filter: FilterBox::default(),
            members_by_name: false,
            freshness: Freshness::default(),
            removed: None,
            tokens: Listing::default(),
            tokens_denied: None,
            tokens_hint: None,
            actions: Listing::default(),
            builtin_actions: 0,
            models: Listing::default(),
        };
        v.set_page(page);
        v
    }

    fn set_page(&mut self, page: usize) {
        self.members.set_page(page);
        self.tokens.list.set_page(page);
        self.actions.list.set_page(page);
        self.models.list.set_page(page);
    }

    pub(crate) fn selected_member(&self) -> Option<&MemberRow> {
        self.members.selected()
    }

    pub(crate) fn admins(&self) -> usize {
        self.members.rows().iter().filter(|m| m.admin).count()
    }

    /// The feed behind the visible tab (what `r` refreshes).
    pub(crate) fn tab_feed(&self) -> Feed {
        match self.tab {
            Tab::Members => Feed::Group(self.source, self.key.clone()),
            tab => Feed::GroupTab(self.source, self.key.clone(), tab),
        }
    }

    /// The members are polled whatever the tab (counts, targets), plus the tab's own feed.
    pub(crate) fn feeds(&self) -> Vec<Feed> {
        let mut feeds = vec![Feed::Group(self.source, self.key.clone())];
        let tab = self.tab_feed();
        if !feeds.contains(&tab) {
            feeds.push(tab);
        }
        feeds
    }

    fn cycle_tab(&mut self, forward: bool) {
        let n = self.tabs.len().max(1);
        let i = self.tabs.iter().position(|t| *t == self.tab).unwrap_or(0);
        self.tab = self.tabs.get(if forward { (i + 1) % n } else { (i + n - 1) % n }).copied().unwrap_or_default();
    }

    fn refilter_members(&mut self) -> Resync {
        let f = &self.member_filter.filter;
        // Admins first, then as the server listed them; or by name.
        let admins_first = |a: &MemberRow, b: &MemberRow| b.admin.cmp(&a.admin);
        let by_name = |a: &MemberRow, b: &MemberRow| a.shown.to_lowercase().cmp(&b.shown.to_lowercase());
        let order: crate::app::list::Order<'_, MemberRow> = if self.members_by_name { &by_name } else { &admins_first };
        self.members.rebuild(|_, r| member_matches(r, f), Some(order))
    }

    pub(crate) fn members_order(&self) -> &'static str {
        if self.members_by_name { "by name" } else { "admins first" }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct GroupsPane {
    pub(crate) list: List<GroupRow>,
    pub(crate) filter: FilterBox,
    /// One record per source: a source that fails is stale on its own.
    pub(crate) health: BTreeMap<SourceId, Freshness>,
    /// Counts of the groups opened so far.
    pub(crate) counts: HashMap<(SourceId, Key), Counts>,
    pub(crate) open: Option<GroupView>,
    /// A group this console just deleted: its disappearance from the list is the expected
    /// result, not news that should replace the success message.
    pub(crate) deleted: Option<(SourceId, Key)>,
}

impl GroupsPane {
    pub(crate) fn selected(&self) -> Option<&GroupRow> {
        self.list.selected()
    }

    pub(crate) fn refilter(&mut self, sources: &Sources, narrowing: bool) -> Resync {
        let f = &self.filter.filter;
        let keep = |_: usize, r: &GroupRow| group_matches(r, f, sources);
        if narrowing {
            return self.list.narrow(keep);
        }
        let by_name = |a: &GroupRow, b: &GroupRow| a.name.cmp(&b.name).then_with(|| a.source.cmp(&b.source));
        self.list.rebuild(keep, Some(&by_name))
    }
}

/// Words match the group name and description; `source:` the row's source.
fn group_matches(r: &GroupRow, f: &Filter, sources: &Sources) -> bool {
    f.source_matches(r.source, sources)
        && f.words.iter().all(|w| contains_ci(&r.name, w) || contains_ci(&r.description, w))
}

fn member_matches(r: &MemberRow, f: &Filter) -> bool {
    f.words.iter().all(|w| contains_ci(&r.shown, w) || contains_ci(&r.name, w) || contains_ci(&r.detail, w))
}

/// Rows of a table in the group view: its tab bar takes one.
pub(crate) fn view_page(m: &Model) -> usize {
    m.table_rows().saturating_sub(1).max(1)
}

fn caps(m: &Model, source: SourceId) -> Option<&GroupsCaps> {
    m.sources.groups_caps(source)
}

/// What the open group's current tab offers.
fn view_offers(m: &Model, v: &GroupView, out: &mut Vec<Offer>) {
    list_offers(out);
    let Some(c) = caps(m, v.source) else { return };
    let g = Scope::Group;
    if v.tab == Tab::Members {
        let ready = v.loaded && !v.gone && v.members_denied.is_none();
        let why = if v.gone {
            "this group no longer exists"
        } else if v.members_denied.is_some() {
            "the server does not let you see this group's members"
        } else {
            "wait for the member list to load"
        };
        if c.add_members {
            out.push(Offer::when(g, Command::AddMember, ready, why));
        }
        let member = v.selected_member().is_some();
        if c.remove_members && ready && !v.members.is_empty() {
            out.push(Offer::new(Scope::Global, Command::Mark));
            out.push(Offer::new(Scope::Global, Command::MarkRange));
        }
        let removable = member || v.members.has_marks();
        if c.remove_members {
            out.push(Offer::when(
                g,
                Command::RemoveMember,
                ready && removable,
                if ready { "select a member first" } else { why },
            ));
        }
        if c.admins {
            out.push(Offer::when(
                g,
                Command::ToggleAdmin,
                ready && member,
                if ready { "select a member first" } else { why },
            ));
        }
        out.push(Offer::new(Scope::Global, Command::Filter));
        out.push(Offer::new(Scope::Global, Command::Sort));
    } else {
        let elsewhere = "members are changed on the Members tab ([ and ] switch tabs)";
        for (cmd, yes) in [
            (Command::AddMember, c.add_members),
            (Command::RemoveMember, c.remove_members),
            (Command::ToggleAdmin, c.admins),
        ] {
            if yes {
                out.push(Offer::when(g, cmd, false, elsewhere));
            }
        }
    }
    if v.tabs.contains(&Tab::Tokens) && v.tab != Tab::Tokens {
        out.push(Offer::new(g, Command::Tokens));
    }
    if v.tab == Tab::Tokens {
        let t = Scope::Tokens;
        let admin = v.tokens_denied.is_none();
        out.push(Offer::when(t, Command::GenerateToken, admin, "only the group's admins can generate its tokens"));
        let selected = v.tokens.list.selected().is_some();
        out.push(Offer::when(t, Command::RevokeToken, admin && selected, "select a token first"));
    }
    if v.tab == Tab::Actions {
        let listed = v.actions.list.selected().is_some_and(|a| actions::listed(m, v.source, &a.name));
        out.push(Offer::when(
            Scope::Global,
            Command::Open,
            listed,
            "this action is not in the Actions pane's list (yet): refresh it there",
        ));
    }
    if v.tabs.len() > 1 {
        out.push(Offer::new(g, Command::NextTab));
        out.push(Offer::new(g, Command::PrevTab));
    }
    out.push(Offer::new(Scope::Global, Command::CopyId));
    out.push(Offer::new(Scope::Global, Command::Back));
}

pub(crate) struct Unit;

impl PaneUnit for Unit {
    fn scopes(&self, m: &Model) -> Vec<Scope> {
        match &m.groups.open {
            None => vec![Scope::Groups],
            Some(v) if v.tab == Tab::Tokens => vec![Scope::Tokens, Scope::Group],
            Some(_) => vec![Scope::Group],
        }
    }

    fn help_scopes(&self) -> &'static [Scope] {
        &[Scope::Groups, Scope::Group, Scope::Tokens]
    }

    fn filter_help(&self) -> &'static [(Scope, &'static str)] {
        &[
            (Scope::Groups, "words match the group's name; source:<server> where sources mix"),
            (Scope::Group, "words match member names and details"),
        ]
    }

    fn offers(&self, m: &Model) -> Vec<Offer> {
        let mut out = Vec::new();
        if m.sources.groups().next().is_none() {
            return out;
        }
        if let Some(v) = &m.groups.open {
            view_offers(m, v, &mut out);
            return out;
        }
        list_offers(&mut out);
        let selected = m.groups.selected();
        let sel_caps = selected.and_then(|r| caps(m, r.source));
        if m.sources.groups().any(|(_, c)| c.create) {
            out.push(Offer::new(Scope::Groups, Command::NewGroup));
        }
        if sel_caps.is_some_and(|c| c.rename) {
            out.push(Offer::new(Scope::Groups, Command::RenameGroup));
        }
        if sel_caps.is_some_and(|c| c.delete) {
            out.push(Offer::new(Scope::Groups, Command::DeleteGroup));
        }
        if selected.is_some() {
            out.push(Offer::new(Scope::Global, Command::Open));
        }
        out.push(Offer::new(Scope::Global, Command::Filter));
        if m.groups.filter.is_active() {
            out.push(Offer::new(Scope::Global, Command::Back));
        }
        if selected.is_some() {
            out.push(Offer::new(Scope::Global, Command::CopyId));
        }
        out
    }

    fn run(&self, m: &mut Model, cmd: Command) -> Vec<Effect> {
        if m.groups.open.is_some() {
            return view_command(self, m, cmd);
        }
        let pane = &mut m.groups;
        if pane.list.navigate(cmd) {
            return vec![];
        }
        match cmd {
            Command::Open => {
                let page = view_page(m);
                let Some(row) = m.groups.selected().cloned() else { return vec![] };
                let tabs = caps(m, row.source).map_or(&[Tab::Members][..], |c| c.tabs);
                m.groups.open = Some(GroupView::new(&row, tabs, page));
                m.status = None;
                vec![]
            }
            Command::Back => {
                self.edit_filter(m, &mut |f| f.set(""));
                vec![]
            }
            Command::Filter => {
                m.groups.filter.open("words in the group name or description; source:…");
                vec![]
            }
            Command::CopyId => {
                let Some(row) = m.groups.selected() else { return vec![] };
                let text = match &row.key {
                    Key::NumText(_, name) | Key::Text(name) => name.to_string(),
                    _ => row.name.clone(),
                };
                let what = row.name.clone();
                m.copy(&what, text)
            }
            Command::NewGroup => edit::new_group(m),
            Command::RenameGroup => edit::rename(m),
            Command::DeleteGroup => edit::delete(m),
            _ => vec![],
        }
    }

    fn filter<'m>(&self, m: &'m Model) -> Option<&'m FilterBox> {
        match &m.groups.open {
            None => Some(&m.groups.filter),
            Some(v) if v.tab == Tab::Members => Some(&v.member_filter),
            Some(_) => None,
        }
    }

    fn facets(&self, m: &Model) -> Vec<&'static str> {
        if m.groups.open.is_none() && m.sources.mixed_groups() { vec!["source:…"] } else { vec![] }
    }

    fn ruler(&self, m: &Model) -> Option<crate::app::list::Ruler> {
        match &m.groups.open {
            None => Some(m.groups.list.ruler()),
            Some(v) => match v.tab {
                Tab::Members => Some(v.members.ruler().sorted(v.members_order())),
                Tab::Tokens => Some(v.tokens.list.ruler()),
                Tab::Actions => Some(v.actions.list.ruler()),
                Tab::WorkerModels => Some(v.models.list.ruler()),
            },
        }
    }

    fn edit_filter(&self, m: &mut Model, edit: &mut dyn FnMut(&mut FilterBox) -> FilterChange) {
        if let Some(v) = m.groups.open.as_mut() {
            if edit(&mut v.member_filter) != FilterChange::Unchanged {
                v.refilter_members();
            }
            return;
        }
        m.clear_filter_status();
        if let FilterChange::Changed { narrowing } = edit(&mut m.groups.filter) {
            m.groups.refilter(&m.sources, narrowing);
        }
        if let Some(why) = m.groups.filter.filter.problem(&m.sources) {
            m.set_filter_status(why);
        }
    }

    fn feeds(&self, m: &Model) -> Vec<Feed> {
        let mut feeds: Vec<Feed> = m.sources.groups().map(|(s, _)| Feed::Groups(s.id)).collect();
        if let Some(v) = &m.groups.open {
            feeds.extend(v.feeds());
        }
        feeds
    }

    fn refresh(&self, m: &Model) -> Vec<Feed> {
        match &m.groups.open {
            Some(v) => vec![v.tab_feed()],
            None => m.sources.groups().map(|(s, _)| Feed::Groups(s.id)).collect(),
        }
    }

    fn on_fetched(&self, m: &mut Model, feed: Feed, at: Timestamp, result: Result<Payload, ApiError>) {
        feeds::on_fetched(m, feed, at, result);
    }

    fn freshness_mut<'m>(&self, m: &'m mut Model, feed: &Feed) -> Option<&'m mut Freshness> {
        let pane = &mut m.groups;
        match feed {
            Feed::Groups(s) => Some(pane.health.entry(*s).or_default()),
            Feed::Group(s, k) => pane.open.as_mut().filter(|v| v.source == *s && &v.key == k).map(|v| &mut v.freshness),
            Feed::GroupTab(s, k, tab) => {
                pane.open.as_mut().filter(|v| v.source == *s && &v.key == k).and_then(|v| match tab {
                    Tab::Tokens => Some(&mut v.tokens.freshness),
                    Tab::Actions => Some(&mut v.actions.freshness),
                    Tab::WorkerModels => Some(&mut v.models.freshness),
                    Tab::Members => None,
                })
            }
            _ => None,
        }
    }

    fn health<'m>(&self, m: &'m Model) -> Vec<Health<'m>> {
        match &m.groups.open {
            None => m.groups.health.iter().map(|(s, f)| Health { source: *s, freshness: f }).collect(),
            Some(v) => {
                let freshness = match v.tab {
                    Tab::Members => &v.freshness,
                    Tab::Tokens => &v.tokens.freshness,
                    Tab::Actions => &v.actions.freshness,
                    Tab::WorkerModels => &v.models.freshness,
                };
                vec![Health { source: v.source, freshness }]
            }
        }
    }

    fn resize(&self, m: &mut Model) {
        let (page, view) = (m.table_rows(), view_page(m));
        m.groups.list.set_page(page);
        if let Some(v) = m.groups.open.as_mut() {
            v.set_page(view);
        }
    }

    fn in_sub_view(&self, m: &Model) -> bool {
        m.groups.open.is_some()
    }
}

fn view_command(unit: &Unit, m: &mut Model, cmd: Command) -> Vec<Effect> {
    let Some(v) = m.groups.open.as_mut() else { return vec![] };
    let moved = match v.tab {
        Tab::Members => v.members.navigate(cmd),
        Tab::Tokens => v.tokens.list.navigate(cmd),
        Tab::Actions => v.actions.list.navigate(cmd),
        Tab::WorkerModels => v.models.list.navigate(cmd),
    };
    if moved {
        return vec![];
    }
    match cmd {
        Command::Back if v.tab == Tab::Members && v.members.clear_marks() => {}
        Command::Mark if v.tab == Tab::Members => v.members.toggle_mark(),
        Command::Sort if v.tab == Tab::Members => {
            v.members_by_name = !v.members_by_name;
            v.refilter_members();
            let text = format!("members {}", v.members_order());
            m.set_status(text, Tone::Muted);
        }
        Command::MarkRange if v.tab == Tab::Members => {
            let text = if v.members.toggle_range() {
                "range started: move to extend it, v marks it, Esc drops it"
            } else {
                "range marked"
            };
            m.set_status(text, Tone::Muted);
        }
        Command::Back if v.member_filter.is_active() && v.tab == Tab::Members => {
            unit.edit_filter(m, &mut |f| f.set(""));
        }
        Command::Back => {
            let key = (v.source, v.key.clone());
            m.groups.open = None;
            // Back on the list, on the group just left (the filter may hide it).
            m.groups.list.select(&key);
        }
        Command::Filter => v.member_filter.open("words in the member's id, name or detail"),
        Command::NextTab => v.cycle_tab(true),
        Command::PrevTab => v.cycle_tab(false),
        Command::Tokens => v.tab = Tab::Tokens,
        Command::CopyId => {
            let text = match v.tab {
                Tab::Members => v.selected_member().map(|r| r.id.to_string()),
                Tab::Tokens => v.tokens.list.selected().map(|t| t.id.to_string()),
                _ => None,
            };
            let text = text.unwrap_or_else(|| v.name.clone());
            return m.copy(&text.clone(), text);
        }
        Command::Open if v.tab == Tab::Actions => {
            let Some(name) = v.actions.list.selected().map(|a| a.name.clone()) else { return vec![] };
            let source = v.source;
            m.jump(super::Pane::Actions);
            return actions::open_by_name(m, source, &name);
        }
        Command::AddMember => return members::add(m),
        Command::RemoveMember => return members::remove(m),
        Command::ToggleAdmin => return members::toggle_admin(m),
        Command::GenerateToken => return tokens::generate(m),
        Command::RevokeToken => return tokens::revoke(m),
        _ => {}
    }
    vec![]
}

pub(crate) fn on_dialog(m: &mut Model, purpose: GroupsPurpose, outcome: Outcome) -> Vec<Effect> {
    if matches!(outcome, Outcome::Cancelled | Outcome::Closed) {
        m.close_dialog();
        return vec![];
    }
    match purpose {
        p @ (GroupsPurpose::CreateWhere { .. }
        | GroupsPurpose::Create { .. }
        | GroupsPurpose::Rename(_)
        | GroupsPurpose::Delete { .. }) => edit::on_dialog(m, p, outcome),
        p @ (GroupsPurpose::AddMembers { .. }
        | GroupsPurpose::Remove(_)
        | GroupsPurpose::RemoveMarked(_)
        | GroupsPurpose::Demote(_)) => members::on_dialog(m, p, outcome),
        p @ (GroupsPurpose::TokenExpiration(_) | GroupsPurpose::TokenDescription { .. } | GroupsPurpose::Revoke(_)) => {
            tokens::on_dialog(m, p, outcome)
        }
    }
}

/// Register the operation (single-flight) and ask the runtime to send it.
fn start(m: &mut Model, op: GroupsOp) -> Vec<Effect> {
    let call = Call::Group(op.source(), op.call());
    let label = op.label();
    match m.begin_op(PaneOp::Groups(op), label) {
        Some(id) => vec![Effect::Call { op: id, call }],
        None => vec![],
    }
}

/// A mutation in flight on this member, for a pending marker on their row.
pub(crate) fn pending_for<'a>(m: &'a Model, v: &GroupView, member: &Arc<str>) -> Option<&'a GroupsOp> {
    m.ops.values().find_map(|p| match &p.op {
        PaneOp::Groups(op) if op.member().is_some_and(|(s, g, u)| s == v.source && g == &v.key && u == member) => {
            Some(op)
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests;
