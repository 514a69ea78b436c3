//! What a dialog does when it is submitted. Each variant carries the target captured when the
//! dialog opened (contract 1), so a poll that reorders the list cannot redirect the request.

use super::panes::actions::ActionsPurpose;
use super::panes::audits::AuditsPurpose;
use super::panes::groups::GroupsPurpose;
use super::panes::user_actions::UaPurpose;

#[derive(Debug, Clone)]
pub enum Purpose {
    /// Informational dialogs.
    None,
    UserActions(UaPurpose),
    Actions(ActionsPurpose),
    Audits(AuditsPurpose),
    Groups(GroupsPurpose),
}
