//! `E` edits an action in the operator's editor, `n` creates one from a template there. A
//! pure state machine; the runtime does the editor and the files:
//!
//! text fetched → editor (`Effect::Edit`) → no change: nothing sent → the source checks the
//! text → diff, server named, Cancel focused → fetched again: changed meanwhile? conflict
//! (theirs beside mine: re-edit on top of theirs, apply mine anyway, or drop mine) → applied →
//! the detail is read again and shown. Any error offers the editor again on the operator's
//! text, which stays in its recovery file until it is applied or dropped.

use std::path::PathBuf;

use super::{ActionTarget, ActionsOp, ActionsPurpose, Page, View, start};
use crate::app::dialog::{BodyLine, Dialog, PickItem, Tone, line};
use crate::app::effect::{EditFile, Effect};
use crate::app::list::Pager;
use crate::app::loaded::Loaded;
use crate::app::merge::merge3;
use crate::app::model::Model;
use crate::app::msg::{Edited, Reply};
use crate::app::panes::Purpose;
use crate::app::panes::audits::diff::{DiffTag, diff_lines};
use crate::app::source::{Key, SourceId};
use crate::domain::error::ApiError;

/// What an edit acts on, captured when `E` or `n` was pressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EditTarget {
    pub(crate) source: SourceId,
    /// `None`: a new action, created in `owner`.
    pub(crate) key: Option<Key>,
    /// As messages name it ("platform/build", "a new action in platform").
    pub(crate) name: String,
    pub(crate) owner: Option<String>,
    pub(crate) server: String,
}

/// The one edit in progress.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EditSession {
    pub(crate) target: EditTarget,
    pub(crate) ext: &'static str,
    /// The server's text the operator's changes are made against ("" for a new action): the
    /// left side of the diff, and what the server must still hold for no conflict.
    pub(crate) base: String,
    /// What counts as "no change": the base, or a new action's untouched template.
    pub(crate) pristine: String,
    /// The operator's text as last saved.
    pub(crate) text: String,
    /// The recovery file, once the runtime wrote it.
    pub(crate) file: Option<PathBuf>,
}

impl EditSession {
    fn file_note(&self) -> BodyLine {
        match &self.file {
            Some(f) => BodyLine::new(format!("Your text is kept in {}", f.display()), Tone::Muted),
            None => BodyLine::new("Your text could not be saved to a file.", Tone::Warning),
        }
    }
}

/// `E` on an action.
pub(super) fn edit(m: &mut Model, target: ActionTarget) -> Vec<Effect> {
    if busy(m) {
        return vec![];
    }
    let t = EditTarget {
        source: target.source,
        key: Some(target.key),
        name: target.name,
        owner: target.owner,
        server: target.server,
    };
    start(m, ActionsOp::EditOpen(t))
}

/// `n`: into the selected row's source if it creates actions, else the first that does.
pub(super) fn create(m: &mut Model) -> Vec<Effect> {
    if busy(m) {
        return vec![];
    }
    let selected = m.actions.list.selected().map(|r| r.source);
    let creator = selected
        .filter(|s| m.sources.actions_caps(*s).is_some_and(|c| c.create))
        .or_else(|| m.sources.actions().find(|(_, c)| c.create).map(|(s, _)| s.id));
    let Some(source) = creator else { return vec![] };
    start(m, ActionsOp::NewOwners { source })
}

/// One edit at a time: a second `E` would orphan the first one's recovery file.
fn busy(m: &mut Model) -> bool {
    let Some(s) = &m.actions.edit else { return false };
    let text = format!("finish editing {} first", s.target.name);
    m.set_status(text, Tone::Warning);
    true
}

/// The answers of an edit's requests.
pub(super) fn on_done(m: &mut Model, op: ActionsOp, result: Result<Reply, ApiError>) -> Vec<Effect> {
    match (op, result) {
        (ActionsOp::EditOpen(target), Ok(Reply::EditText { text, ext })) => {
            let session = EditSession { target, ext, base: text.clone(), pristine: text.clone(), text, file: None };
            open_editor(m, session)
        }
        (ActionsOp::NewOwners { source }, Ok(Reply::Owners(owners))) => owners_known(m, source, owners),
        (ActionsOp::NewTemplate(target), Ok(Reply::EditText { text, ext })) => {
            let session = EditSession { target, ext, base: String::new(), pristine: text.clone(), text, file: None };
            open_editor(m, session)
        }
        (ActionsOp::EditCheck(target), Ok(_)) if same(m, &target) => confirm(m),
        (ActionsOp::EditRefetch(target), Ok(Reply::EditText { text, .. })) if same(m, &target) => refetched(m, text),
        (ActionsOp::EditApply(target), Ok(Reply::EditApplied { key, name, created })) => {
            applied(m, target, key, name, created)
        }
        (op @ (ActionsOp::EditOpen(_) | ActionsOp::NewOwners { .. } | ActionsOp::NewTemplate(_)), Err(e)) => {
            let body = super::results::failure_body(format!("Failed while {}.", super::results::label(&op)), &e);
            m.set_status(format!("failed: {}", super::results::label(&op)), Tone::Danger);
            m.show(Dialog::notice("Cannot edit", body, Tone::Danger, None));
            vec![]
        }
        (ActionsOp::EditCheck(t) | ActionsOp::EditRefetch(t) | ActionsOp::EditApply(t), Err(e)) if same(m, &t) => {
            failed(m, &e)
        }
        (op, _) => {
            m.set_status(format!("unexpected answer while {}", super::results::label(&op)), Tone::Warning);
            vec![]
        }
    }
}

fn same(m: &Model, target: &EditTarget) -> bool {
    m.actions.edit.as_ref().is_some_and(|s| &s.target == target)
}

fn open_editor(m: &mut Model, session: EditSession) -> Vec<Effect> {
    let file = EditFile {
        path: session.file.clone(),
        stem: file_stem(&session.target),
        ext: session.ext.to_string(),
        text: session.text.clone(),
    };
    m.set_progress(format!("editing {} in your editor…", session.target.name));
    m.actions.edit = Some(session);
    vec![Effect::Edit(file)]
}

/// `platform-build`, `new-platform`: which action a recovery file holds, readable in a listing.
fn file_stem(t: &EditTarget) -> String {
    let name = match (&t.key, &t.owner) {
        (None, Some(owner)) => format!("new-{owner}"),
        _ => t.name.clone(),
    };
    name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' }).collect()
}

/// The editor closed.
pub(crate) fn on_edited(m: &mut Model, edited: Edited) -> Vec<Effect> {
    m.clear_progress();
    let Some(session) = m.actions.edit.as_mut() else {
        return vec![];
    };
    if edited.path.is_some() {
        session.file = edited.path;
    }
    let text = match edited.result {
        Ok(text) => text,
        Err(why) => {
            let e = ApiError::Local(why);
            return failed(m, &e);
        }
    };
    session.text = text;
    if session.text == session.pristine {
        let session = m.actions.edit.take();
        let name = session.as_ref().map(|s| s.target.name.clone()).unwrap_or_default();
        m.set_status(format!("no change to {name}: nothing sent"), Tone::Muted);
        return forget(session);
    }
    let target = session.target.clone();
    start(m, ActionsOp::EditCheck(target))
}

/// The operator's text, for the request `start` builds (the op names only its target).
pub(super) fn text_of(m: &Model) -> String {
    m.actions.edit.as_ref().map(|s| s.text.clone()).unwrap_or_default()
}

fn forget(session: Option<EditSession>) -> Vec<Effect> {
    session.and_then(|s| s.file).map(Effect::Forget).into_iter().collect()
}

fn diff_body(before: &str, after: &str) -> Vec<BodyLine> {
    diff_lines(before, after)
        .into_iter()
        .map(|d| {
            let tone = match d.tag {
                DiffTag::Hunk => Tone::Info,
                DiffTag::Added => Tone::Added,
                DiffTag::Removed => Tone::Removed,
                DiffTag::Context => Tone::Normal,
            };
            BodyLine::new(d.text, tone)
        })
        .collect()
}

/// The text passed the source's checks: what changes, where it goes, Cancel focused.
fn confirm(m: &mut Model) -> Vec<Effect> {
    let Some(s) = &m.actions.edit else { return vec![] };
    let t = &s.target;
    let (title, verb, what) = match &t.key {
        Some(_) => ("Apply edit", "Apply", format!("Change {}", t.name)),
        None => ("Create action", "Create", format!("Create {}", t.name)),
    };
    let mut body = vec![BodyLine::new(what, Tone::Strong), line(format!("on {}", t.server))];
    if let Some(caps) = m.sources.actions_caps(t.source) {
        // The first note says how it is sent; the others are about an existing action.
        let notes = if t.key.is_some() { caps.edit_notes } else { &caps.edit_notes[..caps.edit_notes.len().min(1)] };
        body.extend(notes.iter().map(|n| BodyLine::new(*n, Tone::Muted)));
    }
    body.push(line(""));
    body.extend(diff_body(&s.base, &s.text));
    body.push(line(""));
    body.push(s.file_note());
    let d = Dialog::confirm(title, body, verb, false, Purpose::Actions(ActionsPurpose::EditConfirm));
    m.show(d.widened());
    vec![]
}

/// Confirmed: a new action goes straight out; an edit first checks that the server still
/// has what the operator started from.
pub(super) fn confirmed(m: &mut Model) -> Vec<Effect> {
    m.close_dialog();
    let Some(s) = &m.actions.edit else { return vec![] };
    let target = s.target.clone();
    match target.key {
        Some(_) => start(m, ActionsOp::EditRefetch(target)),
        None => apply(m),
    }
}

fn apply(m: &mut Model) -> Vec<Effect> {
    let Some(s) = &m.actions.edit else { return vec![] };
    let target = s.target.clone();
    start(m, ActionsOp::EditApply(target))
}

fn refetched(m: &mut Model, theirs: String) -> Vec<Effect> {
    let Some(s) = &m.actions.edit else { return vec![] };
    if theirs == s.base {
        return apply(m);
    }
    let t = &s.target;
    let mut body = vec![
        BodyLine::new(format!("{} changed on {} while you were editing it.", t.name, t.server), Tone::Warning),
        line("Nothing was sent. What they changed, and what you changed:"),
        line(""),
    ];
    let (their_title, your_title) =
        (BodyLine::new("Theirs (the server now)", Tone::Heading), BodyLine::new("Yours", Tone::Heading));
    let (their_diff, your_diff) = (diff_body(&s.base, &theirs), diff_body(&s.base, &s.text));
    // Side by side where the dialog is wide enough; it stacks them otherwise.
    body.push(BodyLine::pair(their_title, your_title));
    let rows = their_diff.len().max(your_diff.len());
    let (mut left, mut right) = (their_diff.into_iter(), your_diff.into_iter());
    for _ in 0..rows {
        let pair = (left.next().unwrap_or_else(|| line("")), right.next().unwrap_or_else(|| line("")));
        body.push(BodyLine::pair(pair.0, pair.1));
    }
    body.push(line(""));
    body.push(s.file_note());
    let items = vec![
        PickItem {
            label: "Re-edit on top of theirs".into(),
            detail: "your changes replayed on their version; lines you both changed are marked".into(),
            tone: Tone::Normal,
        },
        PickItem {
            label: "Apply mine anyway".into(),
            detail: "replaces their change with your text".into(),
            tone: Tone::Danger,
        },
        PickItem { label: "Drop mine".into(), detail: "keep theirs; your text is deleted".into(), tone: Tone::Normal },
    ];
    let purpose = Purpose::Actions(ActionsPurpose::EditConflict { theirs });
    m.set_status(format!("{} changed on the server meanwhile", t.name), Tone::Warning);
    m.show(Dialog::picker("Changed on the server", body, items, purpose).widened());
    vec![]
}

pub(super) fn on_conflict(m: &mut Model, theirs: String, pick: usize) -> Vec<Effect> {
    m.close_dialog();
    match pick {
        0 => {
            let Some(mut s) = m.actions.edit.take() else { return vec![] };
            let (merged, marked) = merge3(&s.base, &s.text, &theirs);
            s.base = theirs.clone();
            s.pristine = theirs;
            s.text = merged;
            let effects = open_editor(m, s);
            if marked {
                m.set_progress("lines you both changed are between <<<<<<< and >>>>>>>: keep one version");
            }
            effects
        }
        1 => apply(m),
        _ => drop_text(m),
    }
}

fn drop_text(m: &mut Model) -> Vec<Effect> {
    let session = m.actions.edit.take();
    if let Some(s) = &session {
        m.set_status(format!("dropped your edit of {}: nothing sent", s.target.name), Tone::Muted);
    }
    forget(session)
}

/// Esc on a dialog of the flow: nothing is sent, and the text stays in its file.
pub(super) fn set_aside(m: &mut Model) -> Vec<Effect> {
    m.close_dialog();
    if let Some(s) = m.actions.edit.take() {
        let text = match &s.file {
            Some(f) => format!("not applied: your text is kept in {}", f.display()),
            None => "not applied".to_string(),
        };
        m.set_status(text, Tone::Warning);
    }
    vec![]
}

/// A check, refetch or apply failed: the message (with its line, when the source gives one),
/// and the editor again on the operator's text.
fn failed(m: &mut Model, e: &ApiError) -> Vec<Effect> {
    let Some(s) = &m.actions.edit else { return vec![] };
    let what = match &s.target.key {
        Some(_) => format!("{} was not changed.", s.target.name),
        None => format!("The new action in {} was not created.", s.target.owner.as_deref().unwrap_or("?")),
    };
    let mut body = super::results::failure_body(what, e);
    body.push(line(""));
    body.push(s.file_note());
    let items = vec![
        PickItem {
            label: "Reopen the editor on your text".into(),
            detail: "fix it, save and quit: the diff comes back".into(),
            tone: Tone::Normal,
        },
        PickItem {
            label: "Drop your text".into(),
            detail: "nothing is sent; the file is deleted".into(),
            tone: Tone::Normal,
        },
    ];
    m.set_status(
        format!("{}: {}", if s.target.key.is_some() { "not changed" } else { "not created" }, s.target.name),
        Tone::Danger,
    );
    m.show(Dialog::picker("Edit not applied", body, items, Purpose::Actions(ActionsPurpose::EditFailed)).widened());
    vec![]
}

pub(super) fn on_failed(m: &mut Model, pick: usize) -> Vec<Effect> {
    m.close_dialog();
    match pick {
        0 => match m.actions.edit.take() {
            Some(s) => open_editor(m, s),
            None => vec![],
        },
        _ => drop_text(m),
    }
}

/// Applied: the file goes, the list is read again, and the detail shows the action as the
/// server has it now.
fn applied(m: &mut Model, target: EditTarget, key: Key, name: String, created: bool) -> Vec<Effect> {
    let session = m.actions.edit.take();
    let verb = if created { "created" } else { "updated" };
    let status = format!("{verb} {name} on {}", target.server);
    let mut effects = forget(session);
    effects.push(Effect::Refresh(crate::app::msg::Feed::Actions(target.source)));
    let page_target =
        ActionTarget { source: target.source, key, name, owner: target.owner.clone(), server: target.server };
    m.actions.screen =
        View::Detail(Page { target: page_target.clone(), doc: Loaded::Loading, pager: Pager::default() });
    effects.extend(start(m, ActionsOp::Detail { target: page_target, fresh: true }));
    // After the detail's "loading…", which would otherwise replace it.
    m.set_status(status, Tone::Success);
    effects
}

fn owners_known(m: &mut Model, source: SourceId, owners: Vec<String>) -> Vec<Effect> {
    let server = m.sources.server(source);
    let label = m.sources.actions_caps(source).map_or("group", |c| c.owner_label);
    match owners.len() {
        0 => {
            let body = vec![
                BodyLine::new(format!("You administer no {label} on {server}."), Tone::Strong),
                line(format!("Only a {label}'s admins may create actions in it.")),
            ];
            m.show(Dialog::notice("Cannot create an action", body, Tone::Warning, None));
            vec![]
        }
        1 => template(m, source, owners.into_iter().next().unwrap_or_default()),
        _ => {
            let items = owners
                .iter()
                .map(|o| PickItem {
                    label: o.clone(),
                    detail: format!("you administer this {label}"),
                    tone: Tone::Normal,
                })
                .collect();
            let body = vec![BodyLine::new(format!("Create an action on {server} in which {label}?"), Tone::Strong)];
            let purpose = Purpose::Actions(ActionsPurpose::NewOwner { source, owners });
            m.show(Dialog::picker("New action", body, items, purpose));
            vec![]
        }
    }
}

pub(super) fn template(m: &mut Model, source: SourceId, owner: String) -> Vec<Effect> {
    m.close_dialog();
    let target = EditTarget {
        source,
        key: None,
        name: format!("a new action in {owner}"),
        owner: Some(owner),
        server: m.sources.server(source),
    };
    start(m, ActionsOp::NewTemplate(target))
}
