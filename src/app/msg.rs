//! Everything that can happen to the model. Time arrives with the messages that need it; the
//! model never reads a clock. Feeds and answers are addressed to a source, never to a backend
//! by name: a backend turns its server's answers into these rows before they arrive here.

use crossterm::event::KeyEvent;
use jiff::Timestamp;

use super::document::Document;
use super::panes::actions::ActionRow;
use super::panes::audits::AuditRow;
use super::panes::groups::{GroupActionRow, GroupDetail, GroupRow, Tab, TokenRow, WorkerModelRow};
use super::panes::user_actions::UserActionsView;
use super::source::{Key, SourceId};
use crate::backends::waldur::model::{
    BulkSilenceResponse, ExecuteResponse, Execution, ListQuery, SilenceResponse, Summary, UpdateActionsResponse,
    UserAction,
};
use crate::domain::error::ApiError;
use crate::domain::secret::Secret;

/// A collection a poller keeps fresh. Parameters are part of the key: changing them starts a
/// new poller, and a late answer for the old parameters is recognised and dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Feed {
    /// A source's actions, for the Actions pane (and the Audits pane's feed of changes).
    Actions(SourceId),
    /// One action's history.
    Audits(SourceId, Key),
    Groups(SourceId),
    /// One group's members.
    Group(SourceId, Key),
    /// One of a group's other tabs.
    GroupTab(SourceId, Key, Tab),
    /// Who the operator is and what the token may do, asked once and on `r`.
    About(SourceId),
    UserActions(SourceId, ListQuery),
    Executions(SourceId),
}

impl Feed {
    pub(crate) fn source(&self) -> SourceId {
        match self {
            Feed::Actions(s)
            | Feed::Audits(s, _)
            | Feed::Groups(s)
            | Feed::Group(s, _)
            | Feed::GroupTab(s, ..)
            | Feed::About(s)
            | Feed::UserActions(s, _)
            | Feed::Executions(s) => *s,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Payload {
    Actions(Vec<ActionRow>),
    /// Newest first.
    Audits(Vec<AuditRow>),
    Groups(Vec<GroupRow>),
    Group(GroupDetail),
    Tokens(Vec<TokenRow>),
    /// Actions a group can use as steps, and how many builtin ones every group has.
    GroupActions {
        rows: Vec<GroupActionRow>,
        builtins: usize,
    },
    WorkerModels(Vec<WorkerModelRow>),
    About(About),
    /// Sorted, indexed and counted off the key path.
    UserActions(Box<UserActionsView>),
    /// Nothing the pane shows has changed since the last answer.
    UserActionsUnchanged,
    /// The same rows; the counts moved (a due date passed).
    UserActionsCounts(Summary),
    /// The newest page of the history, and how many executions the server has in all.
    Executions {
        rows: Vec<Execution>,
        total: Option<usize>,
    },
}

/// What a source says about the operator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct About {
    /// "11111111111 · groups eng, rio:saude · roles admin".
    pub(crate) whoami: Option<String>,
    /// Whether the token can read the actions' history; `Err` says why not.
    pub(crate) history: Option<Result<(), String>>,
}

/// How adding several members went, one request per member: one typo must not block the
/// others.
#[derive(Debug, Clone, Default)]
pub(crate) struct AddMembersReport {
    pub(crate) added: Vec<String>,
    /// Names the server says it does not know.
    pub(crate) unknown: Vec<String>,
    /// What the server's answer for an unknown name looks like, when it is not obvious.
    pub(crate) unknown_hint: Option<&'static str>,
    /// Any other error, kept verbatim.
    pub(crate) failed: Vec<(String, ApiError)>,
    /// Not sent: an earlier answer showed the rest would fail the same way (no right on the
    /// group, group gone, server unreachable).
    pub(crate) not_tried: Vec<String>,
}

/// Identifies one mutation or one-off request, so its answer finds its way back.
pub(crate) type OpId = u64;

#[derive(Debug, Clone)]
pub(crate) enum Reply {
    /// A page to show: an action's detail, where it is used.
    Document(Document),
    /// The server acknowledged a change and has nothing more to say.
    Done,
    /// An action's state was set; `row` is how the server has it now, fetched after the
    /// change (the change's own answer is not the new state).
    ActionToggled {
        row: Box<ActionRow>,
        already: bool,
    },
    /// Export written: where, and how many bytes.
    Exported {
        dest: std::path::PathBuf,
        bytes: usize,
    },
    /// The export target exists and overwriting was not confirmed: nothing was written.
    ExportTargetExists {
        dest: std::path::PathBuf,
    },
    Imported {
        created: bool,
        name: String,
    },
    /// A group created, as the server now names it.
    GroupCreated {
        key: Key,
    },
    /// A group renamed: its new key.
    GroupRenamed {
        key: Key,
    },
    MembersAdded(AddMembersReport),
    /// What each removal answered.
    MembersRemoved(Vec<(std::sync::Arc<str>, Result<(), ApiError>)>),
    /// A generated token: the only time the server sends its secret.
    TokenGenerated {
        secret: Secret,
    },
    Silenced(SilenceResponse),
    Unsilenced,
    BulkSilenced(BulkSilenceResponse),
    /// One request per target (marked rows, or a filter the server cannot express).
    Each(EachReport),
    Executed(ExecuteResponse),
    UpdateScheduled(UpdateActionsResponse),
    /// One user action with everything, corrective actions computed live for the caller.
    UserAction(Box<UserAction>),
    /// An action as the text the operator edits, and its file extension.
    EditText {
        text: String,
        ext: &'static str,
    },
    /// Where the caller may create actions (CDS: groups it administers).
    Owners(Vec<String>),
    /// An edit applied: the action's key and name now, and whether it was created.
    EditApplied {
        key: Key,
        name: String,
        created: bool,
    },
}

/// The editor closed: the text it left in `path`, or why there is none.
#[derive(Debug, Clone)]
pub(crate) struct Edited {
    /// The recovery file, once it was written.
    pub(crate) path: Option<std::path::PathBuf>,
    pub(crate) result: Result<String, String>,
}

/// What each target of a per-target operation answered: the server's words when it did it
/// (empty for most), or its error.
#[derive(Debug, Clone, Default)]
pub(crate) struct EachReport {
    pub(crate) ok: Vec<(uuid::Uuid, String)>,
    pub(crate) failed: Vec<(uuid::Uuid, ApiError)>,
}

#[derive(Debug, Clone)]
pub(crate) enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// The wall clock, sent now and then; the model redraws only if something visible changed.
    Clock(Timestamp),
    /// Animation frame while something is in flight.
    Spin,
    FetchStarted(Feed),
    /// A long fetch has `done` of `total` pages (Waldur's full load; a few a second at most).
    Progress {
        feed: Feed,
        done: usize,
        total: usize,
    },
    Fetched {
        feed: Feed,
        at: Timestamp,
        result: Result<Payload, ApiError>,
        /// When the poller will ask again (after a failure: the backed-off retry).
        next: Option<Timestamp>,
    },
    Done {
        op: OpId,
        result: Result<Reply, ApiError>,
    },
    /// The directory listed for a path completion; `typed` is the text it completes.
    Listed {
        typed: String,
        entries: Result<Vec<crate::app::paths::Entry>, String>,
    },
    /// The operator's editor closed.
    Edited(Edited),
    /// The `:` history could not be written: why.
    HistoryUnsaved(String),
    /// The OS asked us to stop (SIGTERM/SIGHUP) or the terminal went away.
    Shutdown(String),
}
