//! Where rows come from. A *source* is one configured server of one backend (CDS, Waldur,
//! Heimdall, ZITADEL…). The app never names a backend: it knows each source only through the
//! [`SourceInfo`] its backend wrote, which says what the source can do in each pane. Keys a
//! source cannot do are not offered for its rows; dialogs take their wording from here.

use std::sync::Arc;

use super::panes::actions::ActionsCaps;
use super::panes::groups::GroupsCaps;

/// A source of the running profile, by position in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub(crate) struct SourceId(pub(crate) u8);

/// An item's identity inside its source (an action, a group, a member). The backend that made
/// the row picks the variant and reads it back; the app only stores and compares it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Key {
    #[expect(dead_code, reason = "for backends whose items have only a number")]
    Num(i64),
    Text(Arc<str>),
    NumText(i64, Arc<str>),
    Pair(Arc<str>, Arc<str>),
}

impl Key {
    pub(crate) fn text(s: impl Into<Arc<str>>) -> Self {
        Key::Text(s.into())
    }

    pub(crate) fn pair(a: impl Into<Arc<str>>, b: impl Into<Arc<str>>) -> Self {
        Key::Pair(a.into(), b.into())
    }
}

/// What one source is and can do, written by its backend at start-up.
#[derive(Debug, Clone)]
pub(crate) struct SourceInfo {
    pub(crate) id: SourceId,
    /// The backend's config name (`cds`, `waldur`…): also the `source:` filter facet.
    pub(crate) kind: &'static str,
    /// The backend's display name ("CDS", "ZITADEL").
    pub(crate) name: &'static str,
    /// The server, as dialogs name it (host and port).
    pub(crate) server: String,
    /// Rows in the Actions pane, and what can be done to them.
    pub(crate) actions: Option<ActionsCaps>,
    /// Rows in the Groups pane, and what can be done to them.
    pub(crate) groups: Option<GroupsCaps>,
    /// Feeds the User Actions pane.
    pub(crate) user_actions: bool,
    /// Has an execution history for the Audits pane.
    pub(crate) executions: bool,
    /// Answers `Feed::About`: who the operator is, what the token may do.
    pub(crate) about: bool,
    /// Who the operator is on this server, when it says (Heimdall's `users/me`).
    pub(crate) whoami: Option<String>,
    /// The server's web UI, for links (Waldur's HomePort).
    pub(crate) web_ui: Option<String>,
    /// The source could not be set up (its token command failed…): its panes say why, the
    /// other sources keep working.
    pub(crate) broken: Option<String>,
}

impl SourceInfo {
    pub(crate) fn new(kind: &'static str, name: &'static str, server: impl Into<String>) -> Self {
        Self {
            id: SourceId::default(),
            kind,
            name,
            server: server.into(),
            actions: None,
            groups: None,
            user_actions: false,
            executions: false,
            about: false,
            whoami: None,
            web_ui: None,
            broken: None,
        }
    }
}

/// Every source of the running profile, in registration order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sources {
    list: Vec<SourceInfo>,
}

impl Sources {
    /// Number the sources in order; at most 255 (a profile has one per backend).
    pub(crate) fn new(list: Vec<SourceInfo>) -> Self {
        let list = list
            .into_iter()
            .take(usize::from(u8::MAX))
            .enumerate()
            .map(|(i, mut s)| {
                s.id = SourceId(i as u8);
                s
            })
            .collect();
        Self { list }
    }

    pub(crate) fn get(&self, id: SourceId) -> Option<&SourceInfo> {
        self.list.get(usize::from(id.0))
    }

    pub(crate) fn get_mut(&mut self, id: SourceId) -> Option<&mut SourceInfo> {
        self.list.get_mut(usize::from(id.0))
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &SourceInfo> {
        self.list.iter()
    }

    /// "CDS" for messages; "?" for an id that belongs to no source (never expected).
    pub(crate) fn name(&self, id: SourceId) -> &'static str {
        self.get(id).map_or("?", |s| s.name)
    }

    /// The server a dialog names, e.g. "cds.example.com".
    pub(crate) fn server(&self, id: SourceId) -> String {
        self.get(id).map_or_else(|| "?".into(), |s| s.server.clone())
    }

    pub(crate) fn actions(&self) -> impl Iterator<Item = (&SourceInfo, &ActionsCaps)> {
        self.list.iter().filter_map(|s| s.actions.as_ref().map(|c| (s, c)))
    }

    pub(crate) fn groups(&self) -> impl Iterator<Item = (&SourceInfo, &GroupsCaps)> {
        self.list.iter().filter_map(|s| s.groups.as_ref().map(|c| (s, c)))
    }

    pub(crate) fn actions_caps(&self, id: SourceId) -> Option<&ActionsCaps> {
        self.get(id)?.actions.as_ref()
    }

    pub(crate) fn groups_caps(&self, id: SourceId) -> Option<&GroupsCaps> {
        self.get(id)?.groups.as_ref()
    }

    /// The source that feeds the User Actions pane (a profile has at most one Waldur).
    pub(crate) fn user_actions(&self) -> Option<&SourceInfo> {
        self.list.iter().find(|s| s.user_actions)
    }

    pub(crate) fn executions(&self) -> Option<&SourceInfo> {
        self.list.iter().find(|s| s.executions)
    }

    /// The source a `source:` facet names: its kind or name in any case, or the start of
    /// exactly one source's (`source:zit`).
    pub(crate) fn by_name(&self, name: &str) -> Option<SourceId> {
        let exact = |s: &&SourceInfo| s.kind.eq_ignore_ascii_case(name) || s.name.eq_ignore_ascii_case(name);
        if let Some(s) = self.list.iter().find(exact) {
            return Some(s.id);
        }
        let starts =
            |full: &str| full.as_bytes().get(..name.len()).is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()));
        let mut prefixed = self.list.iter().filter(|s| !name.is_empty() && (starts(s.kind) || starts(s.name)));
        match (prefixed.next(), prefixed.next()) {
            (Some(s), None) => Some(s.id),
            _ => None,
        }
    }

    /// Several sources share the pane: rows then show which one they come from.
    pub(crate) fn mixed_actions(&self) -> bool {
        self.actions().count() > 1
    }

    pub(crate) fn mixed_groups(&self) -> bool {
        self.groups().count() > 1
    }
}
