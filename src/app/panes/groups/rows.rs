//! What the Groups pane holds, whatever the source: groups, members, and the rows of a group's
//! other tabs, plus the capabilities each source declares for its groups.

use std::sync::Arc;

use jiff::Timestamp;

use crate::app::list::Keyed;
use crate::app::source::{Key, SourceId};

/// A group as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupRow {
    pub(crate) source: SourceId,
    pub(crate) key: Key,
    /// Cleaned for display; what a typed confirmation asks for.
    pub(crate) name: String,
    pub(crate) description: String,
    /// Everyone relies on it (CDS `shared.infra`): marked, and its delete warns.
    pub(crate) public: bool,
}

impl Keyed for GroupRow {
    type Key = (SourceId, Key);
    fn key(&self) -> Self::Key {
        (self.source, self.key.clone())
    }
}

/// One member of the open group, admins first.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MemberRow {
    /// Byte-exact: what requests name (a username, a CPF).
    pub(crate) id: Arc<str>,
    /// `id` cleaned for display.
    pub(crate) shown: String,
    /// Full or display name.
    pub(crate) name: String,
    /// Email, or when and by whom they were added.
    pub(crate) detail: String,
    /// Admin of this group.
    pub(crate) admin: bool,
    /// Administrator of the whole server: bypasses every group check.
    pub(crate) super_admin: bool,
}

impl Keyed for MemberRow {
    type Key = Arc<str>;
    fn key(&self) -> Arc<str> {
        self.id.clone()
    }
}

/// A group's members, as one answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupDetail {
    /// The group's key as the answer has it (a numeric id may only be known now).
    pub(crate) key: Key,
    pub(crate) members: Vec<MemberRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TokenRow {
    pub(crate) id: i64,
    pub(crate) description: String,
    pub(crate) creator: String,
    pub(crate) expiration: String,
    pub(crate) created: Option<Timestamp>,
}

impl Keyed for TokenRow {
    type Key = i64;
    fn key(&self) -> i64 {
        self.id
    }
}

/// An action the group can use as a step.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupActionRow {
    pub(crate) id: i64,
    /// `group/name`, cleaned.
    pub(crate) name: String,
    /// The group's own (else a public group's).
    pub(crate) own: bool,
    pub(crate) description: String,
}

impl Keyed for GroupActionRow {
    type Key = i64;
    fn key(&self) -> i64 {
        self.id
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WorkerModelRow {
    pub(crate) id: i64,
    /// Prefixed with its group when it is another group's.
    pub(crate) name: String,
    pub(crate) own: bool,
    pub(crate) kind: String,
    pub(crate) image: String,
    /// "3 spawn errors", "restricted".
    pub(crate) note: String,
    pub(crate) warning: bool,
}

impl Keyed for WorkerModelRow {
    type Key = i64;
    fn key(&self) -> i64 {
        self.id
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum Tab {
    #[default]
    Members,
    Tokens,
    Actions,
    WorkerModels,
}

impl Tab {
    pub(crate) fn title(self) -> &'static str {
        match self {
            Tab::Members => "Members",
            Tab::Tokens => "Tokens",
            Tab::Actions => "Actions",
            Tab::WorkerModels => "Worker models",
        }
    }
}

/// A member as typed: normalised, or why it cannot be sent. A warning (a CPF whose check
/// digits are wrong) is shown once; the same text submitted again is sent.
pub(crate) type MemberCheck = fn(&str) -> Result<(String, Option<String>), String>;

/// What one source's groups can do, and the words its dialogs use.
#[derive(Debug, Clone)]
pub(crate) struct GroupsCaps {
    /// The group view's tabs; `Members` first.
    pub(crate) tabs: &'static [Tab],
    pub(crate) create: bool,
    pub(crate) rename: bool,
    pub(crate) delete: bool,
    pub(crate) add_members: bool,
    pub(crate) remove_members: bool,
    /// Members can be made admins of the group.
    pub(crate) admins: bool,
    /// "username", "CPF".
    pub(crate) member_noun: &'static str,
    /// Header of the member detail column: "EMAIL", "ADDED".
    pub(crate) detail_header: &'static str,
    pub(crate) member_example: &'static str,
    pub(crate) check_member: MemberCheck,
    /// The server's rule for group names, checked before anything is sent.
    pub(crate) check_name: fn(&str) -> Result<(), String>,
    pub(crate) name_example: &'static str,
    /// Lines of the new-group prompt (the name rule, who becomes admin).
    pub(crate) create_notes: &'static [&'static str],
    pub(crate) add_note: &'static str,
    pub(crate) remove_note: &'static str,
    pub(crate) rename_note: &'static str,
    pub(crate) delete_note: &'static str,
    /// A group's actions go with it: the delete confirmation counts them.
    pub(crate) delete_counts_actions: bool,
    /// Why the public group is special, for its delete confirmation.
    pub(crate) public_note: &'static str,
    /// Token lifetimes offered by `n` on the Tokens tab: (wire value, meaning).
    pub(crate) token_expirations: &'static [(&'static str, &'static str)],
}
