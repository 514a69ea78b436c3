//! Everything that can happen to the model. Time arrives with the messages that need it; the
//! model never reads a clock.

use crossterm::event::KeyEvent;
use jiff::Timestamp;

use crate::backends::cds::wire::{
    Action, ActionPath, AuditAction, Group, GroupRef, ImportOutcome, Token, Usage, WireStr, WorkerModel,
};
use crate::backends::waldur::model::{
    BulkSilenceResponse, ExecuteResponse, Execution, ListQuery, SilenceResponse, Summary, UpdateActionsResponse,
    UserAction, UserActionRow,
};
use crate::domain::error::ApiError;

/// A collection a poller keeps fresh. Parameters are part of the key: changing them starts a
/// new poller, and a late answer for the old parameters is recognised and dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Feed {
    UserActions(ListQuery),
    Executions,
    CdsActions,
    CdsAudits(ActionPath),
    /// `GET /group?withPublic=true`: may list `shared.infra` twice.
    CdsGroups,
    /// One group with its admins and members, by name (byte-exact).
    CdsGroup(WireStr),
    /// A group's tokens (group admins only), by group name.
    CdsTokens(WireStr),
    /// The actions a group can use as steps, by group id.
    CdsGroupActions(i64),
    /// The worker models a group can use, by group id.
    CdsWorkerModels(i64),
}

#[derive(Debug, Clone)]
pub enum Payload {
    UserActions {
        rows: Vec<UserActionRow>,
        summary: Summary,
    },
    /// The newest page of the history, and how many executions the server has in all.
    Executions {
        rows: Vec<Execution>,
        total: Option<usize>,
    },
    CdsActions(Vec<Action>),
    CdsAudits(Vec<AuditAction>),
    CdsGroups(Vec<GroupRef>),
    CdsGroup(Box<Group>),
    CdsTokens(Vec<Token>),
    CdsGroupActions(Vec<Action>),
    CdsWorkerModels(Vec<WorkerModel>),
}

/// How adding several members went, one request per username: CDS adds a list all or nothing
/// (an unknown name fails the whole request), so one typo must not block the others.
#[derive(Debug, Clone, Default)]
pub struct AddMembersReport {
    pub added: Vec<String>,
    /// CDS answered 500 id 1, which is what it says for a username it does not know.
    pub unknown: Vec<String>,
    /// Any other error, kept verbatim.
    pub failed: Vec<(String, ApiError)>,
    /// Not sent: an earlier answer showed the rest would fail the same way (no right on the
    /// group, group gone, server unreachable).
    pub not_tried: Vec<String>,
}

/// Identifies one mutation or one-off request, so its answer finds its way back.
pub type OpId = u64;

#[derive(Debug, Clone)]
pub enum Reply {
    Silenced(SilenceResponse),
    Unsilenced,
    BulkSilenced(BulkSilenceResponse),
    /// Per-row silencing (when the filter has words the server cannot express).
    SilencedEach {
        ok: usize,
        failed: Vec<(uuid::Uuid, ApiError)>,
    },
    Executed(ExecuteResponse),
    UpdateScheduled(UpdateActionsResponse),
    /// One user action with everything, corrective actions computed live for the caller.
    UserAction(Box<UserAction>),
    /// A CDS action as the server now has it (get, rollback).
    CdsAction(Box<Action>),
    CdsUsage(Usage),
    CdsDeleted,
    /// Export written: where, and how many bytes.
    Exported {
        dest: std::path::PathBuf,
        bytes: usize,
    },
    /// The export target exists and overwriting was not confirmed: nothing was written.
    ExportTargetExists {
        dest: std::path::PathBuf,
    },
    Imported(Box<ImportOutcome>),
    /// A group created (`id` and `name` as the server echoed them).
    CdsGroupCreated(GroupRef),
    /// A group renamed, as the server now has it.
    CdsGroupRenamed(Box<Group>),
    CdsMembersAdded(AddMembersReport),
    /// A membership or admin change the server acknowledged with an empty body.
    CdsGroupChanged,
    /// A generated token: the only time CDS sends its secret (held as a `Secret`).
    CdsTokenGenerated(Box<Token>),
}

#[derive(Debug, Clone)]
pub enum Msg {
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
    Fetched {
        feed: Feed,
        at: Timestamp,
        result: Result<Payload, ApiError>,
    },
    Done {
        op: OpId,
        at: Timestamp,
        result: Result<Reply, ApiError>,
    },
    /// The OS asked us to stop (SIGTERM/SIGHUP) or the terminal went away.
    Shutdown(String),
}
