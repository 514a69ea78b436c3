//! An action's state after each of its events, rebuilt by folding the events in sequence
//! order (docs/wire-zitadel.md, "Revert"). `action.added` carries every field;
//! `action.changed` carries only the fields that changed, so the state at an event is known
//! only by replaying everything before it. This is what a before/after diff shows and what a
//! revert PUTs back.

use std::time::Duration;

use jiff::Timestamp;

use super::duration;
use super::events::{ACTION_ADDED, ACTION_CHANGED, ACTION_DEACTIVATED, ACTION_REACTIVATED, ACTION_REMOVED, Event};
use super::wire::{ActionState, WireStr};

/// The fields a PUT can set, plus the state the toggles set.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ActionSnapshot {
    pub(crate) name: WireStr,
    pub(crate) script: WireStr,
    pub(crate) timeout: Duration,
    pub(crate) allowed_to_fail: bool,
    pub(crate) state: ActionState,
    /// False until an `action.added` has been folded in: before that the fields are guesses
    /// (defaults), not the server's values, and must not be sent back.
    pub(crate) complete: bool,
    pub(crate) removed: bool,
}

#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Name,
    Script,
    Timeout,
    AllowedToFail,
    State,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventKind {
    Added,
    Changed,
    Deactivated,
    Reactivated,
    Removed,
    /// An event type this version of opsy does not know: shown, but changes nothing.
    Other,
}

impl EventKind {
    /// Our words when the server sent no translated label, in the server's own style.
    fn label(self) -> Option<&'static str> {
        Some(match self {
            EventKind::Added => "Action added",
            EventKind::Changed => "Action changed",
            EventKind::Deactivated => "Action deactivated",
            EventKind::Reactivated => "Action reactivated",
            EventKind::Removed => "Action removed",
            EventKind::Other => return None,
        })
    }

    fn of(event_type: &str) -> Self {
        match event_type {
            ACTION_ADDED => Self::Added,
            ACTION_CHANGED => Self::Changed,
            ACTION_DEACTIVATED => Self::Deactivated,
            ACTION_REACTIVATED => Self::Reactivated,
            ACTION_REMOVED => Self::Removed,
            _ => Self::Other,
        }
    }
}

/// One event with the state just before and just after it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Revision {
    pub(crate) sequence: u64,
    pub(crate) at: Option<Timestamp>,
    pub(crate) editor: Box<str>,
    pub(crate) kind: EventKind,
    /// The server's label for the event (`action.changed` when it sent none).
    pub(crate) label: Box<str>,
    pub(crate) before: ActionSnapshot,
    pub(crate) after: ActionSnapshot,
}

impl Revision {
    #[cfg(test)]
    pub(crate) fn changed(&self) -> Vec<Field> {
        changes(&self.before, &self.after)
    }
}

/// Fold the events of one action, in sequence order whatever order they came in; a
/// sequence seen twice (pages that overlap) counts once, and events of other aggregate
/// types are ignored.
pub(crate) fn fold(events: &[Event]) -> Vec<Revision> {
    let mut sorted: Vec<&Event> = events
        .iter()
        .filter(|e| e.aggregate.aggregate_type.name.is_empty() || &*e.aggregate.aggregate_type.name == "action")
        .collect();
    sorted.sort_by_key(|e| e.sequence);
    sorted.dedup_by_key(|e| e.sequence);
    let mut state = ActionSnapshot::default();
    let mut out = Vec::with_capacity(sorted.len());
    for e in sorted {
        let kind = EventKind::of(&e.event_type.name);
        let before = state.clone();
        apply(&mut state, kind, e);
        let label = e.event_type.localized.shown();
        out.push(Revision {
            sequence: e.sequence,
            at: e.creation_date,
            editor: e.editor.shown().into(),
            kind,
            label: if label.is_empty() {
                kind.label().map_or_else(|| e.event_type.name.clone(), Into::into)
            } else {
                label.into()
            },
            before,
            after: state.clone(),
        });
    }
    out
}

fn apply(s: &mut ActionSnapshot, kind: EventKind, e: &Event) {
    let p = &e.payload;
    let text = |key: &str| p.get(key).and_then(|v| v.as_str());
    match kind {
        EventKind::Added => {
            *s = ActionSnapshot {
                name: WireStr::new(text("name").unwrap_or_default()),
                script: WireStr::text(text("script").unwrap_or_default()),
                timeout: p.get("timeout").and_then(duration::from_go_nanos).unwrap_or_default(),
                allowed_to_fail: p.get("allowedToFail").and_then(|v| v.as_bool()).unwrap_or_default(),
                state: ActionState::Active,
                complete: true,
                removed: false,
            };
        }
        EventKind::Changed => {
            if let Some(name) = text("name") {
                s.name = WireStr::new(name);
            }
            if let Some(script) = text("script") {
                s.script = WireStr::text(script);
            }
            if let Some(t) = p.get("timeout").and_then(duration::from_go_nanos) {
                s.timeout = t;
            }
            if let Some(b) = p.get("allowedToFail").and_then(|v| v.as_bool()) {
                s.allowed_to_fail = b;
            }
        }
        EventKind::Deactivated => s.state = ActionState::Inactive,
        EventKind::Reactivated => s.state = ActionState::Active,
        EventKind::Removed => s.removed = true,
        EventKind::Other => {}
    }
}

#[cfg(test)]
pub(crate) fn changes(before: &ActionSnapshot, after: &ActionSnapshot) -> Vec<Field> {
    let mut out = Vec::new();
    if before.name != after.name {
        out.push(Field::Name);
    }
    if before.script != after.script {
        out.push(Field::Script);
    }
    if before.timeout != after.timeout {
        out.push(Field::Timeout);
    }
    if before.allowed_to_fail != after.allowed_to_fail {
        out.push(Field::AllowedToFail);
    }
    if before.state != after.state {
        out.push(Field::State);
    }
    out
}

/// The state right after the event with `sequence`, for "revert to here".
#[cfg(test)]
pub(crate) fn state_at(revisions: &[Revision], sequence: u64) -> Option<&ActionSnapshot> {
    revisions.iter().find(|r| r.sequence == sequence).map(|r| &r.after)
}
