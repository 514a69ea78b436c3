//! The demo ZITADEL's database, and the commands that change it. Every change appends an
//! event to the log the Admin API serves, in the real server's shape: `action.added` with
//! every field, `action.changed` with only the fields that changed, and payload-less
//! `action.deactivated`/`action.reactivated`. Tests reach it through
//! `DemoServer::with_zitadel`.

use std::time::Duration;

use jiff::Timestamp;
use serde_json::{Map, Value};

use super::errors::GrpcError;
use super::model::{ActionState, Binding, Editor, Org, Role, ZitadelAction, ZitadelEvent, ZitadelUser};
use super::protojson::go_nanos;
use crate::clock::Clock;

pub const ADDED: &str = "action.added";
pub const CHANGED: &str = "action.changed";
pub const DEACTIVATED: &str = "action.deactivated";
pub const REACTIVATED: &str = "action.reactivated";

/// The fields of an update (a full replace on the wire; only differences become an event).
#[derive(Debug, Clone, PartialEq)]
pub struct ActionFields {
    pub name: String,
    pub script: String,
    pub timeout: Duration,
    pub allowed_to_fail: bool,
}

#[derive(Debug)]
pub struct ZitadelState {
    pub(crate) clock: Clock,
    pub(crate) orgs: Vec<Org>,
    pub(crate) users: Vec<ZitadelUser>,
    pub(crate) actions: Vec<ZitadelAction>,
    pub(crate) events: Vec<ZitadelEvent>,
    pub(crate) bindings: Vec<Binding>,
    pub(crate) rng: fastrand::Rng,
    pub(crate) last_id: u64,
}

impl ZitadelState {
    pub(crate) fn empty(clock: Clock, seed: u64) -> Self {
        let mut rng = fastrand::Rng::with_seed(seed ^ 0x5a17_ade1);
        // Snowflake-looking ids: 18 digits, growing with creation time.
        let last_id = 280_000_000_000_000_000 + rng.u64(0..10_000_000_000_000_000);
        Self {
            clock,
            orgs: Vec::new(),
            users: Vec::new(),
            actions: Vec::new(),
            events: Vec::new(),
            bindings: Vec::new(),
            rng,
            last_id,
        }
    }

    pub(crate) fn next_id(&mut self) -> String {
        self.last_id += self.rng.u64(1_000_000..90_000_000);
        self.last_id.to_string()
    }

    // ----- public inspection and tweaking, for tests -----

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Freeze the clock at `at`, or follow the real clock with `None`.
    pub fn set_clock(&mut self, at: Option<Timestamp>) {
        self.clock = Clock::new(at);
    }

    pub fn orgs(&self) -> &[Org] {
        &self.orgs
    }

    pub fn org_by_name(&self, name: &str) -> Option<&Org> {
        self.orgs.iter().find(|o| o.name == name)
    }

    pub fn users(&self) -> &[ZitadelUser] {
        &self.users
    }

    pub fn user_by_token(&self, token: &str) -> Option<&ZitadelUser> {
        self.users.iter().find(|u| !u.token.is_empty() && u.token == token)
    }

    /// The first user with `role` and a token.
    pub fn token_user(&self, role: Role) -> Option<&ZitadelUser> {
        self.users.iter().find(|u| u.role == role && !u.token.is_empty())
    }

    pub fn actions(&self) -> &[ZitadelAction] {
        &self.actions
    }

    pub fn action(&self, id: &str) -> Option<&ZitadelAction> {
        self.actions.iter().find(|a| a.id == id)
    }

    pub fn action_named(&self, org: &str, name: &str) -> Option<&ZitadelAction> {
        self.actions.iter().find(|a| a.org == org && a.name == name)
    }

    /// The whole event log, oldest first.
    pub fn events(&self) -> &[ZitadelEvent] {
        &self.events
    }

    pub fn events_of(&self, aggregate_id: &str) -> Vec<&ZitadelEvent> {
        self.events.iter().filter(|e| e.aggregate_id == aggregate_id).collect()
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Create an action as `editor_id` would through the API (an `action.added` event, state
    /// active), e.g. to fill several pages. Returns its id.
    pub fn add_action(&mut self, org: &str, editor_id: &str, fields: ActionFields) -> String {
        let at = self.clock.now();
        let editor = self.editor_of(editor_id);
        self.create(org, fields, &editor, at)
    }

    /// Set the state behind the API's back (no event), for tests that need a given state.
    pub fn force_state(&mut self, id: &str, state: ActionState) -> bool {
        match self.actions.iter_mut().find(|a| a.id == id) {
            Some(a) => {
                a.state = state;
                true
            }
            None => false,
        }
    }

    // ----- commands, as the API runs them -----

    pub(crate) fn editor_of(&self, user_id: &str) -> Editor {
        let user = self.users.iter().find(|u| u.id == user_id);
        Editor {
            user_id: user_id.to_string(),
            display_name: user.map(|u| u.display_name.clone()).unwrap_or_default(),
            service: "Management-API".into(),
        }
    }

    pub(crate) fn create(&mut self, org: &str, f: ActionFields, editor: &Editor, at: Timestamp) -> String {
        let id = self.next_id();
        let mut payload = Map::new();
        payload.insert("name".into(), Value::String(f.name.clone()));
        if !f.script.is_empty() {
            payload.insert("script".into(), Value::String(f.script.clone()));
        }
        if !f.timeout.is_zero() {
            payload.insert("timeout".into(), Value::from(go_nanos(f.timeout)));
        }
        payload.insert("allowedToFail".into(), Value::Bool(f.allowed_to_fail));
        self.actions.push(ZitadelAction {
            id: id.clone(),
            org: org.to_string(),
            name: f.name,
            script: f.script,
            timeout: f.timeout,
            allowed_to_fail: f.allowed_to_fail,
            state: ActionState::Active,
            created: at,
            changed: at,
            sequence: 0,
        });
        let idx = self.actions.len() - 1;
        self.append(idx, ADDED, Some(Value::Object(payload)), editor, at);
        id
    }

    fn index_in(&self, org: &str, id: &str) -> Result<usize, GrpcError> {
        self.actions.iter().position(|a| a.id == id && a.org == org).ok_or_else(GrpcError::action_not_found)
    }

    /// The update command: only the fields that differ go into the event; no difference at
    /// all is a precondition failure.
    pub(crate) fn change(
        &mut self,
        org: &str,
        id: &str,
        f: ActionFields,
        editor: &Editor,
        at: Timestamp,
    ) -> Result<(u64, Timestamp), GrpcError> {
        let idx = self.index_in(org, id)?;
        if f.name != self.actions[idx].name && self.action_named(org, &f.name).is_some() {
            return Err(GrpcError::action_exists());
        }
        let a = &mut self.actions[idx];
        let mut payload = Map::new();
        if f.name != a.name {
            payload.insert("name".into(), Value::String(f.name.clone()));
            a.name = f.name;
        }
        if f.script != a.script {
            payload.insert("script".into(), Value::String(f.script.clone()));
            a.script = f.script;
        }
        if f.timeout != a.timeout {
            payload.insert("timeout".into(), Value::from(go_nanos(f.timeout)));
            a.timeout = f.timeout;
        }
        if f.allowed_to_fail != a.allowed_to_fail {
            payload.insert("allowedToFail".into(), Value::Bool(f.allowed_to_fail));
            a.allowed_to_fail = f.allowed_to_fail;
        }
        if payload.is_empty() {
            return Err(GrpcError::not_changed());
        }
        Ok((self.append(idx, CHANGED, Some(Value::Object(payload)), editor, at), at))
    }

    pub(crate) fn set_state(
        &mut self,
        org: &str,
        id: &str,
        to: ActionState,
        editor: &Editor,
        at: Timestamp,
    ) -> Result<(u64, Timestamp), GrpcError> {
        let idx = self.index_in(org, id)?;
        match (self.actions[idx].state, to) {
            (ActionState::Inactive, ActionState::Inactive) => return Err(GrpcError::not_active()),
            (ActionState::Active, ActionState::Active) => return Err(GrpcError::not_inactive()),
            _ => {}
        }
        self.actions[idx].state = to;
        let kind = if to == ActionState::Active { REACTIVATED } else { DEACTIVATED };
        Ok((self.append(idx, kind, None, editor, at), at))
    }

    fn append(&mut self, idx: usize, event_type: &str, payload: Option<Value>, editor: &Editor, at: Timestamp) -> u64 {
        let a = &mut self.actions[idx];
        a.sequence += 1;
        a.changed = at;
        let event = ZitadelEvent {
            aggregate_type: "action".into(),
            aggregate_id: a.id.clone(),
            resource_owner: a.org.clone(),
            sequence: a.sequence,
            at,
            editor: editor.clone(),
            event_type: event_type.into(),
            payload,
        };
        let seq = a.sequence;
        self.events.push(event);
        seq
    }
}
