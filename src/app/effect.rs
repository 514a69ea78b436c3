//! Work the model asks the runtime to do. Destructive work is data, emitted only after the
//! operator confirmed it, and addressed to the source whose row the operator saw.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use uuid::Uuid;

use super::msg::{Feed, OpId};
use super::source::{Key, SourceId};
use crate::backends::waldur::model::ListQuery;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Call {
    Action(SourceId, ActionCall),
    Audit(SourceId, AuditCall),
    Group(SourceId, GroupCall),
    Waldur(SourceId, WaldurCall),
}

impl Call {
    pub(crate) fn source(&self) -> SourceId {
        match self {
            Call::Action(s, _) | Call::Audit(s, _) | Call::Group(s, _) | Call::Waldur(s, _) => *s,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ActionCall {
    /// The detail page; `fresh` drops what the backend cached for it (`r` in the detail).
    Detail {
        key: Key,
        fresh: bool,
    },
    /// Where the action is used.
    Usage(Key),
    Delete(Key),
    /// Activate or deactivate, then read the action back.
    SetActive {
        key: Key,
        active: bool,
    },
    /// Fetch the export and write it to `dest`, in the format the source picks from the file
    /// name; an existing file is only replaced when `overwrite` (the operator confirmed).
    Export {
        key: Key,
        dest: PathBuf,
        overwrite: bool,
    },
    /// Read `file` and import it; the format follows the file name.
    Import {
        file: PathBuf,
    },
    /// The action as the text the operator edits (`Reply::EditText`).
    EditText(Key),
    /// Where the caller may create actions (`Reply::Owners`).
    Owners,
    /// The commented text a new action in `owner` starts from (`Reply::EditText`).
    Template {
        owner: String,
    },
    /// Check an edited text without sending it; `key` is `None` for a new action.
    CheckEdit {
        key: Option<Key>,
        text: String,
    },
    /// Send the edited text (`Reply::EditApplied`).
    ApplyEdit {
        key: Option<Key>,
        text: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum AuditCall {
    /// Put the action back in its state before change `audit`.
    Revert { key: Key, audit: i64 },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum GroupCall {
    Create {
        name: String,
    },
    Rename {
        group: Key,
        new: String,
    },
    Delete(Key),
    /// One request per member, answered with an `AddMembersReport`.
    AddMembers {
        group: Key,
        members: Vec<String>,
    },
    RemoveMember {
        group: Key,
        member: Arc<str>,
    },
    /// One `RemoveMember` per member, in order, answered with `MembersRemoved`: the runtime
    /// sends them, whatever the backend.
    RemoveMembers {
        group: Key,
        members: Vec<Arc<str>>,
    },
    SetAdmin {
        group: Key,
        member: Arc<str>,
        admin: bool,
    },
    /// `expiration` is one of the source's `GroupsCaps::token_expirations`.
    GenerateToken {
        group: Key,
        expiration: &'static str,
        description: String,
    },
    RevokeToken {
        group: Key,
        id: i64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum WaldurCall {
    Get {
        uuid: Uuid,
    },
    Silence {
        uuid: Uuid,
        days: Option<u16>,
    },
    /// One request per row: marked rows, or a filter the server cannot express.
    SilenceEach {
        uuids: Vec<Uuid>,
        days: Option<u16>,
    },
    Unsilence {
        uuid: Uuid,
    },
    UnsilenceEach {
        uuids: Vec<Uuid>,
    },
    BulkSilence {
        query: ListQuery,
        days: Option<u16>,
    },
    Execute {
        uuid: Uuid,
        label: String,
    },
    /// The same corrective action, by its label, on each row.
    ExecuteEach {
        uuids: Vec<Uuid>,
        label: String,
    },
    UpdateActions,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Effect {
    Call {
        op: OpId,
        call: Call,
    },
    /// Poll this feed now (after a mutation, or `r`).
    Refresh(Feed),
    /// Put text on the clipboard (OSC 52, works over SSH).
    Copy(String),
    /// Keep the `:` history (oldest first) for the next session.
    SaveHistory(Vec<String>),
    /// Tear down this profile's pollers and requests and run another profile (`:profile`).
    SwitchProfile(String),
    /// Hand the terminal back to the shell and stop (Ctrl-Z); redraw everything on `fg`.
    Suspend,
    /// List a directory to complete the path typed in a prompt (`Msg::Listed` answers).
    ListDir {
        dir: std::path::PathBuf,
        typed: String,
    },
    /// Open text in the operator's editor (`Msg::Edited` answers).
    Edit(EditFile),
    /// Remove a recovery file: its text was applied or dropped.
    Forget(PathBuf),
}

/// Text for the operator's editor. The file lives in the state directory, private (0600),
/// and stays there until the app says `Forget`: it is also the recovery file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EditFile {
    /// The recovery file of an earlier round, or `None` for a new file named after `stem`.
    pub(crate) path: Option<PathBuf>,
    pub(crate) stem: String,
    /// The file name's extension, so the editor highlights it ("yaml", "js").
    pub(crate) ext: String,
    pub(crate) text: String,
}

/// What the runtime needs to keep a feed fresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Subscription {
    pub(crate) feed: Feed,
    pub(crate) interval: Duration,
}
