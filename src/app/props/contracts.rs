//! The contracts of docs/ARCHITECTURE.md as checks on one message: the model before, the
//! message, the model and the effects after. `Session` carries what spans messages: the rows
//! the operator saw when a dialog chain began, and the requests in flight.

use std::collections::{BTreeMap, BTreeSet};

use crossterm::event::KeyCode;

use crate::app::effect::{ActionCall, AuditCall, Call, Effect, GroupCall, WaldurCall};
use crate::app::model::{Model, table_rows};
use crate::app::msg::{Msg, OpId};
use crate::app::panes::Pane;
use crate::app::panes::actions::View;
use crate::app::panes::audits::Mode;
use crate::app::panes::groups::{Tab, view_page};
use crate::backends::waldur::model::{ListQuery, Order};

/// A thing a mutation can be aimed at, as the operator could see it.
type Target = String;

fn action(s: impl std::fmt::Debug, k: impl std::fmt::Debug) -> Target {
    format!("action {s:?} {k:?}")
}
fn audit(id: i64) -> Target {
    format!("audit {id}")
}
fn group(s: impl std::fmt::Debug, k: impl std::fmt::Debug) -> Target {
    format!("group {s:?} {k:?}")
}
fn member(id: &str) -> Target {
    format!("member {id}")
}
fn token(id: i64) -> Target {
    format!("token {id}")
}
fn user_action(u: uuid::Uuid) -> Target {
    format!("ua {u}")
}
fn user_action_shown(u: uuid::Uuid) -> Target {
    format!("ua shown {u}")
}
/// The rows a query selects. Its order is never sent and selects nothing: a bulk silence
/// asked while the rows are shown by due date acts on the same rows as one in severity order.
fn query(q: &ListQuery) -> Target {
    format!("query {:?}", ListQuery { order: Order::default(), ..q.clone() })
}

/// What the operator sees selected, on screen, in the visible view (and, for the
/// user actions' bulk commands, every row the filter shows and the query it stands for).
pub(super) fn seen(m: &Model) -> BTreeSet<Target> {
    let mut out = BTreeSet::new();
    match m.pane {
        Pane::Actions => match &m.actions.screen {
            View::List => {
                if let Some(r) = m.actions.list.selected_visible() {
                    out.insert(action(r.source, &r.key));
                }
            }
            View::Detail(p) | View::Usage(p) => {
                out.insert(action(p.target.source, &p.target.key));
            }
        },
        Pane::Audits => {
            let a = &m.audits;
            if let Some(d) = &a.diff {
                out.insert(action(d.source, &d.key));
                out.insert(audit(d.audit.id));
            } else {
                match a.mode {
                    Mode::Feed => {
                        if let Some(r) = a.feed.selected_visible() {
                            out.insert(action(r.source, &r.key));
                            out.insert(audit(r.change.audit_id));
                        }
                    }
                    Mode::Action => {
                        if let Some(x) = &a.action {
                            out.insert(action(x.source, &x.key));
                            if let Some(r) = x.list.selected_visible() {
                                out.insert(audit(r.id));
                            }
                        }
                    }
                    Mode::Executions => {}
                }
            }
        }
        Pane::Groups => match &m.groups.open {
            None => {
                if let Some(r) = m.groups.list.selected_visible() {
                    out.insert(group(r.source, &r.key));
                }
            }
            Some(v) => {
                out.insert(group(v.source, &v.key));
                match v.tab {
                    Tab::Members => {
                        if let Some(r) = v.members.selected_visible() {
                            out.insert(member(&r.id));
                        }
                        out.extend(v.members.marked().into_iter().map(|r| member(&r.id)));
                    }
                    Tab::Tokens => {
                        if let Some(r) = v.tokens.list.selected_visible() {
                            out.insert(token(r.id));
                        }
                    }
                    _ => {}
                }
            }
        },
        Pane::UserActions => {
            let p = &m.user_actions;
            match &p.detail {
                Some(d) => {
                    out.insert(user_action(d.row.uuid));
                }
                None => {
                    if let Some(r) = p.list.selected_visible() {
                        out.insert(user_action(r.uuid));
                    }
                    out.extend(p.list.shown().map(|r| user_action_shown(r.uuid)));
                    // The filter's facets are the server's side of what the rows show.
                    out.insert(query(&p.filter.filter.server_query(p.include_silenced)));
                }
            }
        }
    }
    out
}

/// What a request acts on, and whether it changes a server (an export writes a local file
/// and reads the server; a detail only reads).
fn aimed_at(call: &Call) -> (Vec<Target>, bool) {
    match call {
        Call::Action(s, c) => match c {
            ActionCall::Detail { .. } | ActionCall::Usage(_) => (vec![], false),
            ActionCall::Export { key, .. } => (vec![action(s, key)], false),
            ActionCall::Delete(key) | ActionCall::SetActive { key, .. } => (vec![action(s, key)], true),
            ActionCall::Import { .. } | ActionCall::ApplyEdit { key: None, .. } => (vec![], true),
            ActionCall::ApplyEdit { key: Some(key), .. } => (vec![action(s, key)], true),
            ActionCall::EditText(key) => (vec![action(s, key)], false),
            ActionCall::Owners | ActionCall::Template { .. } | ActionCall::CheckEdit { .. } => (vec![], false),
        },
        Call::Audit(s, AuditCall::Revert { key, audit: id }) => (vec![action(s, key), audit(*id)], true),
        Call::Group(s, c) => match c {
            GroupCall::Create { .. } => (vec![], true),
            GroupCall::Rename { group: g, .. }
            | GroupCall::Delete(g)
            | GroupCall::AddMembers { group: g, .. }
            | GroupCall::GenerateToken { group: g, .. } => (vec![group(s, g)], true),
            GroupCall::RemoveMember { group: g, member: who } | GroupCall::SetAdmin { group: g, member: who, .. } => {
                (vec![group(s, g), member(who)], true)
            }
            GroupCall::RevokeToken { group: g, id } => (vec![group(s, g), token(*id)], true),
            GroupCall::RemoveMembers { group: g, members } => {
                (std::iter::once(group(s, g)).chain(members.iter().map(|who| member(who))).collect(), true)
            }
        },
        Call::Waldur(_, c) => match c {
            WaldurCall::Get { .. } => (vec![], false),
            WaldurCall::Silence { uuid, .. } | WaldurCall::Unsilence { uuid } | WaldurCall::Execute { uuid, .. } => {
                (vec![user_action(*uuid)], true)
            }
            WaldurCall::SilenceEach { uuids, .. }
            | WaldurCall::UnsilenceEach { uuids }
            | WaldurCall::ExecuteEach { uuids, .. } => (uuids.iter().map(|u| user_action_shown(*u)).collect(), true),
            WaldurCall::BulkSilence { query: q, .. } => (vec![query(q)], true),
            WaldurCall::UpdateActions => (vec![], true),
        },
    }
}

/// What spans the messages of one session.
#[derive(Debug, Default)]
pub(super) struct Session {
    /// Rows seen when the current dialog chain began, and while it went on.
    witness: BTreeSet<Target>,
    /// What the filter showed when the chain began: a per-row bulk silence covers exactly it.
    shown_at_start: BTreeSet<Target>,
    /// The marked rows when the chain began: an operation on marks covers exactly them.
    marked_at_start: BTreeSet<Target>,
    /// Requests sent and not answered yet.
    in_flight: BTreeMap<OpId, Call>,
}

impl Session {
    /// Before a message: a key pressed with no dialog open starts a new chain from what is on
    /// screen; requests still in flight (a detail being loaded) keep their targets seen.
    pub(super) fn before(&mut self, m: &Model, msg: &Msg) {
        if !matches!(msg, Msg::Key(_)) {
            return;
        }
        let now = seen(m);
        if m.dialog.is_none() && m.help.is_none() {
            self.shown_at_start = now.iter().filter(|t| t.starts_with("ua shown")).cloned().collect();
            self.marked_at_start = if m.pane == Pane::UserActions && m.user_actions.detail.is_none() {
                m.user_actions.list.marked().into_iter().map(|r| user_action_shown(r.uuid)).collect()
            } else {
                BTreeSet::new()
            };
            self.witness = now;
            for call in self.in_flight.values() {
                self.witness.extend(aimed_at(call).0);
                if let Call::Waldur(_, WaldurCall::Get { uuid }) = call {
                    self.witness.insert(user_action(*uuid));
                }
                if let Call::Action(s, ActionCall::Detail { key, .. } | ActionCall::Usage(key)) = call {
                    self.witness.insert(action(s, key));
                }
            }
        } else {
            self.witness.extend(now);
        }
    }

    /// After a message: every contract that one message can break.
    pub(super) fn after(&mut self, before: &Model, msg: &Msg, m: &Model, effects: &[Effect]) -> Result<(), String> {
        lists_on_screen(m)?;
        dialog_target_kept(before, msg, m)?;
        failure_recorded(msg, m)?;
        if let Msg::Done { op, .. } = msg {
            self.in_flight.remove(op);
        }
        let mut sent: Vec<&Call> = Vec::new();
        for e in effects {
            let Effect::Call { op, call } = e else { continue };
            let (targets, mutates) = aimed_at(call);
            if mutates && m.keymap.read_only() {
                return Err(format!("read-only, yet {call:?} was sent"));
            }
            if mutates && !confirmed(before, msg, call) {
                return Err(format!("{call:?} sent without a confirmation, on {msg:?}"));
            }
            if is_undo(before, call) {
                // `z` unsilences what the last silence changed: rows seen when they were
                // silenced, hidden since.
            } else if let Some(t) = targets.iter().find(|t| !self.witness.contains(*t)) {
                return Err(format!("{call:?} aims at {t}, which the operator did not see: {:?}", self.witness));
            } else if let Call::Waldur(
                _,
                each @ (WaldurCall::SilenceEach { .. }
                | WaldurCall::UnsilenceEach { .. }
                | WaldurCall::ExecuteEach { .. }),
            ) = call
            {
                let each_target: BTreeSet<Target> = targets.iter().cloned().collect();
                let marked = !self.marked_at_start.is_empty();
                let expected = if marked { &self.marked_at_start } else { &self.shown_at_start };
                // Unsilencing marked rows leaves out the ones that are not silenced.
                let fits = match each {
                    WaldurCall::UnsilenceEach { .. } => marked && each_target.is_subset(expected),
                    WaldurCall::ExecuteEach { .. } => marked && each_target == *expected,
                    _ => each_target == *expected,
                };
                if !fits {
                    return Err(format!("{call:?} is not the rows marked or shown: {expected:?}"));
                }
            }
            if mutates && (sent.contains(&call) || self.in_flight.values().any(|c| c == call)) {
                return Err(format!("{call:?} sent twice"));
            }
            sent.push(call);
            self.in_flight.insert(*op, call.clone());
        }
        Ok(())
    }
}

/// Contract 3: a change to a server is sent by a capital letter, which no one types by habit
/// (`U`, `A` promoting a member), or by a key pressed in a dialog whose default is Cancel.
/// `u` alone acts at once by design (README, User Actions): it only takes back a silence.
fn confirmed(before: &Model, msg: &Msg, call: &Call) -> bool {
    let Msg::Key(k) = msg else { return false };
    let capital = matches!(k.code, KeyCode::Char(c) if c.is_uppercase());
    let unsilence = matches!(call, Call::Waldur(_, WaldurCall::Unsilence { .. }));
    before.dialog.is_some() || capital || unsilence || is_undo(before, call)
}

/// `z`: exactly the rows the last silence changed, unsilenced.
fn is_undo(before: &Model, call: &Call) -> bool {
    let Call::Waldur(_, WaldurCall::UnsilenceEach { uuids }) = call else { return false };
    let Some(undo) = &before.user_actions.undo else { return false };
    before.dialog.is_none() && undo.iter().map(|r| r.uuid).collect::<Vec<_>>() == *uuids
}

/// Every list, the visible pane's and the hidden ones', keeps its cursor on a shown row and
/// inside the window the screen shows at the current size.
fn lists_on_screen(m: &Model) -> Result<(), String> {
    let page = table_rows(m.height);
    let mut checks = vec![
        ("actions", m.actions.list.broken(page)),
        ("audits feed", m.audits.feed.broken(page)),
        ("executions", m.audits.executions.list.broken(page)),
        ("user actions", m.user_actions.list.broken(page)),
        ("groups", m.groups.list.broken(page)),
    ];
    if let Some(a) = &m.audits.action {
        checks.push(("action audits", a.list.broken(page)));
    }
    if let Some(v) = &m.groups.open {
        let page = view_page(m);
        checks.push(("members", v.members.broken(page)));
        checks.push(("tokens", v.tokens.list.broken(page)));
        checks.push(("group actions", v.actions.list.broken(page)));
        checks.push(("worker models", v.models.list.broken(page)));
    }
    match checks.into_iter().find_map(|(name, why)| why.map(|w| format!("{name}: {w}"))) {
        Some(why) => Err(format!("at {}×{}: {why}", m.width, m.height)),
        None => Ok(()),
    }
}

/// Contract 2: a failed poll is kept as the failure of its feed (never as an empty answer),
/// for every feed a view still wants.
fn failure_recorded(msg: &Msg, m: &Model) -> Result<(), String> {
    let Msg::Fetched { feed, result: Err(e), .. } = msg else { return Ok(()) };
    // A refusal or a deleted group is a definite answer, kept and shown as such.
    let answered = m.groups.open.as_ref().is_some_and(|v| match feed {
        crate::app::msg::Feed::Group(..) => v.members_denied.is_some() || v.gone,
        crate::app::msg::Feed::GroupTab(..) => v.tokens_denied.is_some() || v.gone,
        _ => false,
    });
    if answered {
        return Ok(());
    }
    let mut probe = m.clone();
    match crate::app::panes::freshness_mut(&mut probe, feed) {
        Some(f) if f.last_error.is_none() => Err(format!("{feed:?} failed ({e}) but its freshness says {f:?}")),
        _ => Ok(()),
    }
}

/// A dialog's captured target never changes while it is open: only the operator's keys
/// close or replace it; answers and polls that arrive meanwhile wait their turn.
fn dialog_target_kept(before: &Model, msg: &Msg, m: &Model) -> Result<(), String> {
    if matches!(msg, Msg::Key(_)) {
        return Ok(());
    }
    let Some(was) = &before.dialog else { return Ok(()) };
    let now = m.dialog.as_ref().map(|d| format!("{:?}", d.purpose));
    let then = format!("{:?}", was.purpose);
    if now.as_deref() != Some(then.as_str()) {
        return Err(format!("{msg:?} changed the open dialog's target from {then} to {now:?}"));
    }
    Ok(())
}
