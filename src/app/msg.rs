//! Everything that can happen to the model. Time arrives with the messages that need it; the
//! model never reads a clock.

use crossterm::event::KeyEvent;
use jiff::Timestamp;

use crate::domain::cds::{Action, ActionPath, AuditAction, ImportOutcome, Usage};
use crate::domain::error::ApiError;
use crate::domain::waldur::{
    BulkSilenceResponse, ExecuteResponse, Execution, ListQuery, SilenceResponse, Summary, UpdateActionsResponse,
    UserAction, UserActionRow,
};

/// A collection a poller keeps fresh. Parameters are part of the key: changing them starts a
/// new poller, and a late answer for the old parameters is recognised and dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Feed {
    UserActions(ListQuery),
    Executions,
    CdsActions,
    CdsAudits(ActionPath),
}

#[derive(Debug, Clone)]
pub enum Payload {
    UserActions { rows: Vec<UserActionRow>, summary: Summary },
    Executions(Vec<Execution>),
    CdsActions(Vec<Action>),
    CdsAudits(Vec<AuditAction>),
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
