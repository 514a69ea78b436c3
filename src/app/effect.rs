//! Work the model asks the runtime to do. Destructive work is data, emitted only after the
//! operator confirmed it.

use std::time::Duration;

use std::path::PathBuf;

use uuid::Uuid;

use super::msg::{Feed, OpId};
use crate::backends::cds::wire::{ActionPath, Expiration, ExportFormat};
use crate::backends::waldur::model::ListQuery;

#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    WaldurGet {
        uuid: Uuid,
    },
    WaldurSilence {
        uuid: Uuid,
        days: Option<u16>,
    },
    WaldurSilenceEach {
        uuids: Vec<Uuid>,
        days: Option<u16>,
    },
    WaldurUnsilence {
        uuid: Uuid,
    },
    WaldurBulkSilence {
        query: ListQuery,
        days: Option<u16>,
    },
    WaldurExecute {
        uuid: Uuid,
        label: String,
    },
    WaldurUpdateActions,
    CdsGetAction(ActionPath),
    CdsUsage(ActionPath),
    CdsDeleteAction(ActionPath),
    /// Fetch the export and write it to `dest`; an existing file is only replaced when
    /// `overwrite` (the operator confirmed).
    CdsExport {
        path: ActionPath,
        format: ExportFormat,
        dest: PathBuf,
        overwrite: bool,
    },
    /// Read `file` and import it; the format follows the file name (`.json` or YAML).
    CdsImport {
        file: PathBuf,
    },
    CdsRollback {
        path: ActionPath,
        audit_id: i64,
    },
    CdsCreateGroup {
        name: String,
    },
    /// GET then PUT of the whole group (the cdsctl way), so the membership is kept.
    CdsRenameGroup {
        old: String,
        new: String,
    },
    CdsDeleteGroup {
        name: String,
    },
    /// One `POST /group/{g}/user` per username, answered with an `AddMembersReport`.
    CdsAddMembers {
        group: String,
        usernames: Vec<String>,
    },
    CdsRemoveMember {
        group: String,
        username: String,
    },
    CdsSetAdmin {
        group: String,
        username: String,
    },
    CdsRemoveAdmin {
        group: String,
        username: String,
    },
    CdsGenerateToken {
        group: String,
        expiration: Expiration,
        description: String,
    },
    CdsRevokeToken {
        group: String,
        id: i64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Call {
        op: OpId,
        call: Call,
    },
    /// Poll this feed now (after a mutation, or `r`).
    Refresh(Feed),
    /// Put text on the clipboard (OSC 52, works over SSH).
    Copy(String),
}

/// What the runtime needs to keep a feed fresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub feed: Feed,
    pub interval: Duration,
}
