//! The demo Heimdall's database, the switch that takes its Cerbos down, and the hook that
//! moves a row between two page reads. Tests reach it through `DemoServer::with_heimdall`.

use jiff::Timestamp;

use super::model::{HeimdallAction, HeimdallGroup, HeimdallUser, Mapping, Membership};
use crate::clock::Clock;

#[derive(Debug)]
pub struct HeimdallState {
    pub(crate) clock: Clock,
    /// Storage order: no `ORDER BY` on the list, and an update moves the row to the end.
    pub(crate) actions: Vec<HeimdallAction>,
    pub(crate) mappings: Vec<Mapping>,
    pub(crate) groups: Vec<HeimdallGroup>,
    pub(crate) users: Vec<HeimdallUser>,
    pub(crate) memberships: Vec<Membership>,
    pub(crate) next_action_id: i64,
    pub(crate) next_group_id: i64,
    pub(crate) next_user_id: i64,
    pub(crate) cerbos_down: bool,
    /// `(skip, action id)`: before serving that page, update that action.
    pub(crate) churn: Option<(i64, i64)>,
    pub(crate) admin_cpf: String,
    pub(crate) user_cpf: String,
    pub(crate) static_token: String,
}

impl HeimdallState {
    // ----- inspection and tweaking, for tests -----

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Freeze the clock at `at`, or follow the real clock with `None`.
    pub fn set_clock(&mut self, at: Option<Timestamp>) {
        self.clock = Clock::new(at);
    }

    /// The superadmin's CPF (the subject of `DemoServer::heimdall_token`).
    pub fn admin_cpf(&self) -> &str {
        &self.admin_cpf
    }

    /// The plain user's CPF (`DemoServer::heimdall_user_token`): a member of some groups,
    /// not an admin.
    pub fn user_cpf(&self) -> &str {
        &self.user_cpf
    }

    /// The gateway's static API token: accepted by the resolver only.
    pub fn static_token(&self) -> &str {
        &self.static_token
    }

    /// Storage order (what the list pages through).
    pub fn actions(&self) -> &[HeimdallAction] {
        &self.actions
    }

    pub fn action(&self, id: i64) -> Option<&HeimdallAction> {
        self.actions.iter().find(|a| a.id == id)
    }

    pub fn action_named(&self, name: &str) -> Option<&HeimdallAction> {
        self.actions.iter().find(|a| a.name == name)
    }

    pub fn mappings(&self) -> &[Mapping] {
        &self.mappings
    }

    pub fn groups(&self) -> &[HeimdallGroup] {
        &self.groups
    }

    pub fn group(&self, name: &str) -> Option<&HeimdallGroup> {
        self.groups.iter().find(|g| g.name == name)
    }

    pub fn users(&self) -> &[HeimdallUser] {
        &self.users
    }

    pub fn user(&self, cpf: &str) -> Option<&HeimdallUser> {
        self.users.iter().find(|u| u.cpf == cpf)
    }

    /// The CPFs in `group`, newest first (the server's order).
    pub fn member_cpfs(&self, group: &str) -> Vec<&str> {
        self.members_of(group).into_iter().map(|(u, _)| u.cpf.as_str()).collect()
    }

    /// Take Cerbos down (or bring it back): member listing and every group or membership
    /// change answer 503, action changes 500, `/readyz` 503; reads keep working.
    pub fn set_cerbos_down(&mut self, down: bool) {
        self.cerbos_down = down;
    }

    /// When the next `GET …/actions/?skip=<skip>` arrives, update action `id` first, as
    /// another admin would between two page reads: the row moves to the end of the table.
    pub fn update_action_before_page(&mut self, skip: i64, id: i64) {
        self.churn = Some((skip, id));
    }

    /// Add an action directly (e.g. with a hostile description); returns its id.
    pub fn insert_action(&mut self, name: &str, description: Option<&str>) -> i64 {
        let id = self.next_action_id;
        self.next_action_id += 1;
        self.actions.push(HeimdallAction { id, name: name.into(), description: description.map(str::to_string) });
        id
    }

    /// Rename a user as shown in member lists.
    pub fn set_display_name(&mut self, cpf: &str, name: Option<&str>) {
        if let Some(u) = self.users.iter_mut().find(|u| u.cpf == cpf) {
            u.display_name = name.map(str::to_string);
        }
    }

    // ----- what the handlers share -----

    /// The user row for `cpf`, created when missing (with the token's `name`, if any).
    pub(crate) fn ensure_user(&mut self, cpf: &str, name: Option<&str>) -> i64 {
        if let Some(u) = self.users.iter().find(|u| u.cpf == cpf) {
            return u.id;
        }
        let id = self.next_user_id;
        self.next_user_id += 1;
        self.users.push(HeimdallUser { id, cpf: cpf.to_string(), display_name: name.map(str::to_string) });
        id
    }

    pub(crate) fn members_of(&self, group: &str) -> Vec<(&HeimdallUser, &Membership)> {
        let Some(g) = self.group(group) else {
            return Vec::new();
        };
        let mut rows: Vec<(&HeimdallUser, &Membership)> = self
            .memberships
            .iter()
            .filter(|m| m.group_id == g.id)
            .filter_map(|m| Some((self.users.iter().find(|u| u.id == m.user_id)?, m)))
            .collect();
        rows.sort_by(|a, b| b.1.joined_at.cmp(&a.1.joined_at).then_with(|| a.0.cpf.cmp(&b.0.cpf)));
        rows
    }

    pub(crate) fn endpoint_count(&self, action_id: i64) -> usize {
        self.mappings.iter().filter(|m| m.action_id == action_id).count()
    }

    /// A PostgreSQL update writes a new row version at the end of the heap.
    pub(crate) fn move_to_end(&mut self, id: i64) {
        if let Some(i) = self.actions.iter().position(|a| a.id == id) {
            let row = self.actions.remove(i);
            self.actions.push(row);
        }
    }
}
