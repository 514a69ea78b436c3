//! Where Actions-pane rows come from, and what each source can do. Keys a source cannot do
//! are hidden from hints for its rows, not merely refused. Heimdall and ZITADEL plug in here.

use super::keymap::Command;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceKind {
    Cds,
}

/// The operations a source supports on its actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Caps {
    pub get: bool,
    pub delete: bool,
    pub toggle: bool,
    pub audits: bool,
    pub rollback: bool,
    pub export: bool,
    pub import: bool,
    pub usage: bool,
}

impl SourceKind {
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Cds => "CDS",
        }
    }

    pub fn caps(self) -> Caps {
        match self {
            // CDS forces `enabled` on Default actions: there is nothing to toggle (§5.1).
            SourceKind::Cds => Caps {
                get: true,
                delete: true,
                toggle: false,
                audits: true,
                rollback: true,
                export: true,
                import: true,
                usage: true,
            },
        }
    }
}

impl Caps {
    /// Whether an Actions-pane command is possible with these capabilities. Commands that are
    /// not source operations are always possible.
    pub fn allows(self, cmd: Command) -> bool {
        match cmd {
            Command::Open => self.get,
            Command::ActionDelete => self.delete,
            Command::ActionToggle => self.toggle,
            Command::ActionAudits => self.audits,
            Command::AuditRollback => self.rollback,
            Command::ActionExport => self.export,
            Command::ActionImport => self.import,
            Command::ActionUsage => self.usage,
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cds_can_do_everything_but_toggle() {
        let caps = SourceKind::Cds.caps();
        assert!(!caps.allows(Command::ActionToggle));
        for cmd in [
            Command::ActionDelete,
            Command::ActionExport,
            Command::ActionImport,
            Command::ActionUsage,
            Command::ActionAudits,
        ] {
            assert!(caps.allows(cmd), "{cmd:?}");
        }
        assert!(caps.allows(Command::Down), "navigation is not a capability");
    }
}
