//! The demo CDS's database and the renderings every handler shares: an action as the API
//! loads it (steps recursively, requirements flattened), audit rows in their two encodings,
//! users as groups embed them. Tests reach it through `DemoServer::with_cds`.

use jiff::Timestamp;

use super::export::export_of;
use super::gojson::{self, GoTime};
use super::model::{
    ActionKind, AuditRow, CdsAction, CdsGroup, CdsUser, GroupToken, Id, PipelineJob, Project, SHARED_INFRA, Step,
    WorkerModelRow,
};
use super::wire::{NoPermissions, WireAction, WireAudit, WireGroupRef, WireParameter, WireRequirement, WireUser};
use crate::clock::Clock;

/// Steps nested deeper than this are not loaded (writes refuse loops, but a test may build
/// one through `with_cds`).
const MAX_DEPTH: usize = 16;

/// A key handed out by `POST /login`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Session {
    pub token: String,
    pub user: Id,
    /// Logged in with `X-Requested-With: X-CDS-SDK`: a DB-persisted key.
    pub persistent: bool,
}

#[derive(Debug)]
pub struct CdsState {
    pub(crate) clock: Clock,
    /// The API server's zone: times read back from PostgreSQL carry it.
    pub(crate) server_offset: i32,
    pub(crate) users: Vec<CdsUser>,
    pub(crate) groups: Vec<CdsGroup>,
    pub(crate) actions: Vec<CdsAction>,
    pub(crate) audits: Vec<AuditRow>,
    pub(crate) tokens: Vec<GroupToken>,
    pub(crate) projects: Vec<Project>,
    pub(crate) jobs: Vec<PipelineJob>,
    pub(crate) models: Vec<WorkerModelRow>,
    pub(crate) sessions: Vec<Session>,
    pub(crate) rng: fastrand::Rng,
    pub(crate) maintenance: bool,
    pub(crate) next_id: Id,
}

/// Who is calling, with the two facts that bypass route checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caller {
    pub user: Id,
    pub admin: bool,
    pub shared_infra: bool,
}

impl Caller {
    /// CDS admins and shared.infra members skip every route-variable check.
    pub fn bypasses(&self) -> bool {
        self.admin || self.shared_infra
    }
}

impl CdsState {
    // ----- public inspection and tweaking, for tests -----

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Freeze the clock at `at`, or follow the real clock with `None`.
    pub fn set_clock(&mut self, at: Option<Timestamp>) {
        self.clock = Clock::new(at);
    }

    pub fn users(&self) -> &[CdsUser] {
        &self.users
    }

    pub fn user(&self, username: &str) -> Option<&CdsUser> {
        self.users.iter().find(|u| u.username == username)
    }

    pub fn groups(&self) -> &[CdsGroup] {
        &self.groups
    }

    pub fn group(&self, name: &str) -> Option<&CdsGroup> {
        self.groups.iter().find(|g| g.name == name)
    }

    pub fn actions(&self) -> &[CdsAction] {
        &self.actions
    }

    /// A Default action by group name and action name (case-insensitive, like the SQL).
    pub fn action(&self, group: &str, name: &str) -> Option<&CdsAction> {
        let gid = self.group(group)?.id;
        self.default_action_in(gid, name)
    }

    /// The action's audit rows, newest first.
    pub fn audits_of(&self, action: Id) -> Vec<&AuditRow> {
        let mut rows: Vec<&AuditRow> = self.audits.iter().filter(|r| r.action_id == action).collect();
        rows.sort_by(|a, b| b.created.at.cmp(&a.created.at).then(b.id.cmp(&a.id)));
        rows
    }

    pub fn tokens(&self) -> &[GroupToken] {
        &self.tokens
    }

    pub fn worker_models(&self) -> &[WorkerModelRow] {
        &self.models
    }

    /// Maintenance mode: non-GET requests of non-admins get 503 id 60.
    pub fn set_maintenance(&mut self, on: bool) {
        self.maintenance = on;
    }

    // ----- lookups -----

    pub(crate) fn fresh_id(&mut self) -> Id {
        self.next_id += 1;
        self.next_id
    }

    pub(crate) fn now_go(&self) -> GoTime {
        GoTime::with_offset(self.now(), self.server_offset)
    }

    pub(crate) fn user_by_id(&self, id: Id) -> Option<&CdsUser> {
        self.users.iter().find(|u| u.id == id)
    }

    pub(crate) fn group_by_id(&self, id: Id) -> Option<&CdsGroup> {
        self.groups.iter().find(|g| g.id == id)
    }

    pub(crate) fn shared_infra_id(&self) -> Id {
        self.group(SHARED_INFRA).map_or(0, |g| g.id)
    }

    pub(crate) fn action_by_id(&self, id: Id) -> Option<&CdsAction> {
        self.actions.iter().find(|a| a.id == id)
    }

    pub(crate) fn default_action_in(&self, group: Id, name: &str) -> Option<&CdsAction> {
        let lower = name.to_lowercase();
        self.actions
            .iter()
            .find(|a| a.kind == ActionKind::Default && a.group == Some(group) && a.name.to_lowercase() == lower)
    }

    pub(crate) fn builtin_or_plugin(&self, name: &str) -> Option<&CdsAction> {
        self.actions.iter().find(|a| matches!(a.kind, ActionKind::Builtin | ActionKind::Plugin) && a.name == name)
    }

    pub(crate) fn caller(&self, user: Id) -> Option<Caller> {
        let u = self.user_by_id(user)?;
        let shared_infra = self.group(SHARED_INFRA).is_some_and(|g| g.is_member(user));
        Some(Caller { user, admin: u.admin, shared_infra })
    }

    /// `CheckUserIsGroupAdmin`: group admins, and CDS admins whatever the group.
    pub(crate) fn is_group_admin(&self, caller: &Caller, group: &CdsGroup) -> bool {
        caller.admin || group.is_admin(caller.user)
    }

    /// Ids of the groups the caller belongs to.
    pub(crate) fn groups_of(&self, user: Id) -> Vec<Id> {
        self.groups.iter().filter(|g| g.is_member(user)).map(|g| g.id).collect()
    }

    /// Where a child action lives, for messages and exports: `group/name` or `id: N`.
    pub(crate) fn group_name(&self, id: Option<Id>) -> Option<String> {
        id.and_then(|id| self.group_by_id(id)).map(|g| g.name.clone())
    }

    // ----- renderings -----

    pub(crate) fn wire_user(u: &CdsUser) -> WireUser {
        WireUser {
            id: u.id,
            username: u.username.clone(),
            fullname: u.fullname.clone(),
            email: u.email.clone(),
            admin: u.admin,
            origin: u.origin.clone(),
            favorites: None,
            permissions: NoPermissions {},
        }
    }

    fn group_ref(&self, id: Option<Id>) -> Option<WireGroupRef> {
        let g = self.group_by_id(id?)?;
        Some(WireGroupRef { id: g.id, name: g.name.clone() })
    }

    fn wire_parameters(params: &[super::model::Parameter]) -> Option<Vec<WireParameter>> {
        if params.is_empty() {
            return None;
        }
        let mut out: Vec<WireParameter> = params
            .iter()
            .map(|p| WireParameter {
                id: p.id,
                name: p.name.clone(),
                kind: p.kind.clone(),
                value: p.value.clone(),
                description: p.description.clone(),
                advanced: p.advanced,
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Some(out)
    }

    fn own_requirements(a: &CdsAction) -> Vec<WireRequirement> {
        let mut out: Vec<WireRequirement> = a
            .requirements
            .iter()
            .map(|r| WireRequirement { id: r.id, name: r.name.clone(), kind: r.kind.clone(), value: r.value.clone() })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// Own requirements plus those of enabled steps: a step's `model`/`hostname` only when
    /// the parent has none, other types only when not already there.
    fn flat_requirements(&self, a: &CdsAction, depth: usize) -> Vec<WireRequirement> {
        let mut out = Self::own_requirements(a);
        if depth >= MAX_DEPTH {
            return out;
        }
        for step in a.steps.iter().filter(|s| s.enabled) {
            let Some(child) = self.action_by_id(step.child) else { continue };
            for r in self.flat_requirements(child, depth + 1) {
                let unique = matches!(r.kind.as_str(), "model" | "hostname");
                let present = if unique {
                    out.iter().any(|o| o.kind == r.kind)
                } else {
                    out.iter().any(|o| o.kind == r.kind && o.value == r.value)
                };
                if !present {
                    out.push(r);
                }
            }
        }
        out
    }

    fn some_or_null<T>(v: Vec<T>) -> Option<Vec<T>> {
        if v.is_empty() { None } else { Some(v) }
    }

    /// The action as a single GET loads it: steps (recursively) and flattened requirements,
    /// no audits, not editable. This is also the JSON an audit row stores.
    pub(crate) fn wire_action(&self, a: &CdsAction) -> WireAction {
        self.wire_action_at(a, 0)
    }

    fn wire_action_at(&self, a: &CdsAction, depth: usize) -> WireAction {
        let actions = if depth >= MAX_DEPTH {
            Vec::new()
        } else {
            a.steps.iter().filter_map(|s| self.wire_step(s, depth + 1)).collect()
        };
        let requirements = if a.enabled { Self::some_or_null(self.flat_requirements(a, depth)) } else { None };
        self.wire_base(a, requirements, actions)
    }

    /// The fields every serialised action shares; callers decide requirements and steps.
    fn wire_base(
        &self,
        a: &CdsAction,
        requirements: Option<Vec<WireRequirement>>,
        actions: Vec<WireAction>,
    ) -> WireAction {
        WireAction {
            id: a.id,
            group_id: a.group,
            name: a.name.clone(),
            kind: a.kind.as_str().into(),
            description: a.description.clone(),
            enabled: a.enabled,
            deprecated: a.deprecated,
            step_name: String::new(),
            optional: false,
            always_executed: false,
            requirements,
            parameters: Self::wire_parameters(&a.parameters),
            actions,
            group: self.group_ref(a.group),
            first_audit: None,
            last_audit: None,
            editable: false,
        }
    }

    fn wire_step(&self, s: &Step, depth: usize) -> Option<WireAction> {
        let child = self.action_by_id(s.child)?;
        let mut w = self.wire_action_at(child, depth);
        w.step_name = s.step_name.clone();
        w.enabled = s.enabled;
        w.optional = s.optional;
        w.always_executed = s.always_executed;
        w.parameters = Self::wire_parameters(&s.parameters);
        if !s.enabled {
            w.requirements = None;
        }
        Some(w)
    }

    /// A list item (A1, A12): own requirements, no steps.
    pub(crate) fn wire_list_item(&self, a: &CdsAction) -> WireAction {
        self.wire_base(a, Self::some_or_null(Self::own_requirements(a)), Vec::new())
    }

    /// `first_audit`/`last_audit` as stored: JSON snapshots.
    pub(crate) fn with_raw_audits(&self, mut w: WireAction) -> WireAction {
        let rows = self.audits_of(w.id);
        w.last_audit = rows.first().map(|r| Self::audit_json(r));
        w.first_audit = rows.last().map(|r| Self::audit_json(r));
        w
    }

    pub(crate) fn audit_json(r: &AuditRow) -> WireAudit {
        WireAudit {
            id: r.id,
            triggered_by: r.triggered_by.clone(),
            created: r.created,
            event_type: r.event.as_str(),
            action_id: r.action_id,
            data_type: "json",
            data_before: r.before.as_ref().map(|b| gojson::to_string(&**b)).unwrap_or_default(),
            data_after: gojson::to_string(&*r.after),
        }
    }

    /// What `/audit` answers: the snapshots converted to the export YAML. A snapshot that
    /// does not convert is dropped, as the server drops rows whose JSON does not parse.
    pub(crate) fn audit_yaml(r: &AuditRow) -> Option<WireAudit> {
        let before = match &r.before {
            Some(b) => export_of(b).to_yaml().ok()?,
            None => String::new(),
        };
        let after = export_of(&r.after).to_yaml().ok()?;
        Some(WireAudit {
            id: r.id,
            triggered_by: r.triggered_by.clone(),
            created: r.created,
            event_type: r.event.as_str(),
            action_id: r.action_id,
            data_type: "yaml",
            data_before: before,
            data_after: after,
        })
    }
}
