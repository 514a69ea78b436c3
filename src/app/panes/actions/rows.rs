//! What the Actions pane holds, whatever the source: one row per action, and the
//! capabilities each source declares for its actions.

use std::cmp::Ordering;
use std::sync::Arc;

use jiff::Timestamp;

use crate::app::filter::{Filter, contains_ci};
use crate::app::list::Keyed;
use crate::app::source::{Key, SourceId, Sources};

/// Who changed an action last (or created it).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Change {
    /// The change's id in the source's history (what a revert names).
    pub(crate) audit_id: i64,
    pub(crate) at: Option<Timestamp>,
    /// Empty when the source does not say.
    pub(crate) by: Arc<str>,
    /// The source's name for the change ("ActionUpdate", "changed").
    pub(crate) event: Arc<str>,
}

/// One row of the Actions pane. Strings are cleaned for display by the backend.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ActionRow {
    pub(crate) source: SourceId,
    pub(crate) key: Key,
    /// "group/name", "log context", "user:read".
    pub(crate) name: String,
    /// The TYPE/STATE column: "Default", "active", "inactive", "permission".
    pub(crate) kind: String,
    /// First line of the description.
    pub(crate) description: String,
    /// The source's short facts: "1/1" (CDS parameters/requirements), "10s, may fail",
    /// "3 endpoints".
    pub(crate) facts: String,
    /// `Some(active)` for sources whose actions can be switched on and off.
    pub(crate) active: Option<bool>,
    /// The caller may change it (the server says so).
    pub(crate) editable: bool,
    /// The group or organisation that owns it, raw (CDS group, ZITADEL org id).
    pub(crate) owner: Option<Arc<str>>,
    pub(crate) created: Option<Change>,
    pub(crate) changed: Option<Change>,
    /// What `y` copies: the path or id an operator pastes elsewhere.
    pub(crate) copy: String,
}

impl Keyed for ActionRow {
    type Key = (SourceId, Key);
    fn key(&self) -> Self::Key {
        (self.source, self.key.clone())
    }
}

/// What one source's actions can do. Keys a source cannot do are not offered on its rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ActionsCaps {
    pub(crate) detail: bool,
    pub(crate) usage: bool,
    pub(crate) export: bool,
    pub(crate) import: bool,
    pub(crate) delete: bool,
    pub(crate) toggle: bool,
    /// `E` opens an action in the operator's editor.
    pub(crate) edit: bool,
    /// `n` creates one from a template in the editor.
    pub(crate) create: bool,
    /// Lines of the diff confirmation: which request applies an edit, and why.
    pub(crate) edit_notes: &'static [&'static str],
    /// `a` shows the action's history in the Audits pane; `Err(why)` says why it cannot
    /// (a token without the right to read it). May change once the source answers `About`.
    pub(crate) history: Result<(), String>,
    /// `R` in the Audits pane puts an action back to its state before a change.
    pub(crate) revert: bool,
    /// Header of the facts column when only this source is shown.
    pub(crate) facts_header: &'static str,
    /// What owns an action: "group", "org".
    pub(crate) owner_label: &'static str,
    /// Why nothing can be changed here (a read-only catalogue), said in the detail.
    pub(crate) read_only: Option<&'static str>,
    /// Lines of the delete confirmation: what the server does, and whether there is an undo.
    pub(crate) delete_notes: &'static [&'static str],
    pub(crate) delete_warning: &'static str,
    /// How the export dialog's file name picks the format.
    pub(crate) export_note: &'static str,
    /// Lines of the import prompt.
    pub(crate) import_notes: &'static [&'static str],
    /// What the confirmation of a revert adds: " (CDS records the rollback as a new change)".
    pub(crate) revert_note: &'static str,
    /// What the status says after a revert: "CDS recorded it as a new change".
    pub(crate) revert_done: &'static str,
}

impl Default for ActionsCaps {
    /// Read-only: a source opts in to each capability.
    fn default() -> Self {
        Self {
            detail: true,
            usage: false,
            export: false,
            import: false,
            delete: false,
            toggle: false,
            edit: false,
            create: false,
            edit_notes: &[],
            history: Err("this source keeps no history of its actions".into()),
            revert: false,
            facts_header: "",
            owner_label: "group",
            read_only: None,
            delete_notes: &[],
            delete_warning: "",
            export_note: "",
            import_notes: &[],
            revert_note: "",
            revert_done: "",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Sort {
    #[default]
    Name,
    /// Most recently changed first.
    LastChange,
}

impl Sort {
    pub(crate) fn next(self) -> Self {
        match self {
            Sort::Name => Sort::LastChange,
            Sort::LastChange => Sort::Name,
        }
    }

    pub(crate) fn describe(self) -> &'static str {
        match self {
            Sort::Name => "by name",
            Sort::LastChange => "by last change",
        }
    }

    pub(crate) fn order(self, a: &ActionRow, b: &ActionRow) -> Ordering {
        let by_name = || a.name.cmp(&b.name).then_with(|| a.source.cmp(&b.source));
        match self {
            Sort::Name => by_name(),
            Sort::LastChange => {
                let at = |r: &ActionRow| r.changed.as_ref().and_then(|c| c.at);
                at(b).cmp(&at(a)).then_with(by_name)
            }
        }
    }
}

/// Words match name, type and description; `type:` matches the type or state; `source:` the
/// row's source.
pub(crate) fn matches(r: &ActionRow, f: &Filter, sources: &Sources) -> bool {
    if f.action_type.as_deref().is_some_and(|t| !r.kind.eq_ignore_ascii_case(t)) {
        return false;
    }
    if !f.source_matches(r.source, sources) {
        return false;
    }
    f.words.iter().all(|w| contains_ci(&r.name, w) || contains_ci(&r.kind, w) || contains_ci(&r.description, w))
}

/// "3d ago by jdoe", or "3d ago" when the source does not say who.
pub(crate) fn change_text(c: &Change, now: Timestamp) -> String {
    let when =
        c.at.map(|t| format!("{} ago", crate::app::freshness::short_age(now.duration_since(t).unsigned_abs())))
            .unwrap_or_else(|| "?".into());
    if c.by.is_empty() { when } else { format!("{when} by {}", c.by) }
}
