//! Deterministic demo data: the same seed and clock give the same rows, byte for byte. Rows
//! follow the built-in providers' rules (docs/wire-waldur.md) as if the last refresh ran a few
//! hours ago: pending orders are always `high`, expiring resources get their urgency from the
//! offering's reminder schedule, descriptions are as of that refresh while `days_until_due`
//! is computed per request.

use std::collections::HashMap;
use std::sync::Arc;

use fastrand::Rng;
use jiff::Timestamp;
use uuid::Uuid;

use super::corrective::{self, Plan};
use super::model::{
    DemoUser, ExecutionRow, OrderKind, OrderRef, ProviderRow, QuotaRef, QuotaScope, Related, ResourceRef, RouteParams,
    Urgency, UserActionRow,
};
use super::names::{DEFAULT_REMINDERS, OFFERINGS, ORGANISATION_QUOTA, ORGANISATIONS, PEOPLE, PROJECT_QUOTAS, PROJECTS};
use crate::clock::{MICROS_PER_DAY, add_micros, midnight, utc_day};

const HOUR: i64 = 3_600_000_000;

pub struct Seeded {
    pub users: Vec<DemoUser>,
    pub rows: Vec<UserActionRow>,
    pub executions: Vec<ExecutionRow>,
    pub providers: Vec<ProviderRow>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Order,
    Resource,
    ProjectQuota,
    OrganisationQuota,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Silence {
    None,
    Permanent,
    Temporary,
    Expired,
}

/// The first rows cover every case, so even `--demo-size 8` shows each kind and silence state.
const SHOWCASE: [(Kind, Silence); 8] = [
    (Kind::Order, Silence::None),
    (Kind::Resource, Silence::None),
    (Kind::ProjectQuota, Silence::None),
    (Kind::OrganisationQuota, Silence::None),
    (Kind::Order, Silence::Permanent),
    (Kind::Resource, Silence::Temporary),
    (Kind::Resource, Silence::Expired),
    (Kind::Resource, Silence::None),
];

fn uuid4(rng: &mut Rng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.u128(..).to_le_bytes()).into_uuid()
}

fn token(rng: &mut Rng) -> String {
    format!("{:032x}{:08x}", rng.u128(..), rng.u32(..))
}

/// Repeated strings share one allocation.
#[derive(Default)]
struct Strings(HashMap<String, Arc<str>>);

impl Strings {
    fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.0.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.0.insert(s.to_string(), a.clone());
        a
    }
}

/// The fixed context rows refer to: uuids of organisations, projects and offerings.
struct World {
    organisations: Vec<Uuid>,
    projects: Vec<Uuid>,
    offerings: Vec<Uuid>,
}

struct Generator<'a> {
    rng: &'a mut Rng,
    now: Timestamp,
    world: World,
    strings: Strings,
    /// Per-project counter so resource names are unique and readable.
    resource_counter: Vec<u32>,
}

pub fn generate(size: usize, seed: u64, now: Timestamp) -> Seeded {
    let mut rng = Rng::with_seed(seed);
    let users = vec![
        DemoUser { uuid: uuid4(&mut rng), username: "demo.operator".into(), token: token(&mut rng), is_staff: false },
        DemoUser { uuid: uuid4(&mut rng), username: "staff".into(), token: token(&mut rng), is_staff: true },
    ];
    let world = World {
        organisations: ORGANISATIONS.iter().map(|_| uuid4(&mut rng)).collect(),
        projects: PROJECTS.iter().map(|_| uuid4(&mut rng)).collect(),
        offerings: OFFERINGS.iter().map(|_| uuid4(&mut rng)).collect(),
    };
    let mut g =
        Generator { rng: &mut rng, now, world, strings: Strings::default(), resource_counter: vec![0; PROJECTS.len()] };
    let mut rows = Vec::with_capacity(size);
    for i in 0..size {
        let (kind, silence) = match SHOWCASE.get(i) {
            Some(&forced) => forced,
            None => (g.pick_kind(), g.pick_silence()),
        };
        let mut row = match kind {
            // About one order in 37 is in a project where the user lost ORDER.APPROVE since.
            Kind::Order => g.order(i % 37 != 36),
            Kind::Resource => g.resource(i < SHOWCASE.len()),
            Kind::ProjectQuota => g.quota(QuotaScope::Project),
            Kind::OrganisationQuota => g.quota(QuotaScope::Organization),
        };
        g.silence(&mut row, silence);
        rows.push(row);
    }
    let executions = executions(g.rng, &users, &rows, now);
    let providers = providers(g.rng, &rows, now);
    Seeded { users, rows, executions, providers }
}

impl Generator<'_> {
    fn pick_kind(&mut self) -> Kind {
        match self.rng.u8(0..100) {
            0..42 => Kind::Order,
            42..91 => Kind::Resource,
            91..97 => Kind::ProjectQuota,
            _ => Kind::OrganisationQuota,
        }
    }

    fn pick_silence(&mut self) -> Silence {
        match self.rng.u8(0..100) {
            0..6 => Silence::Permanent,
            6..11 => Silence::Temporary,
            11..14 => Silence::Expired,
            _ => Silence::None,
        }
    }

    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo { lo } else { self.rng.i64(lo..hi) }
    }

    fn ago(&mut self, min: i64, max: i64) -> Timestamp {
        let back = self.between(min, max);
        add_micros(self.now, -back)
    }

    fn resource_name(&mut self, project: usize, suffix: &str) -> String {
        self.resource_counter[project] += 1;
        format!("{}-{}-{:02}", PROJECTS[project].slug, suffix, self.resource_counter[project])
    }

    /// Context columns shared by every project-scoped row.
    fn base(&mut self, action_type: &str, title: &str, project: usize) -> UserActionRow {
        let org = PROJECTS[project].organisation;
        let mut row = UserActionRow::new(uuid4(self.rng), action_type, "", self.now);
        row.action_type = self.strings.get(action_type);
        row.title = Arc::from(title);
        row.project_name = self.strings.get(PROJECTS[project].name);
        row.project_uuid = Some(self.world.projects[project]);
        row.organization_name = self.strings.get(ORGANISATIONS[org].name);
        row.organization_uuid = Some(self.world.organisations[org]);
        row
    }

    fn order(&mut self, can_approve: bool) -> UserActionRow {
        let project = self.rng.usize(..PROJECTS.len());
        let offering = self.rng.usize(..OFFERINGS.len());
        let o = &OFFERINGS[offering];
        let days_pending = if self.rng.bool() { self.between(1, 7) } else { self.between(1, 15) };
        let order_created = self.ago(days_pending * MICROS_PER_DAY, (days_pending + 1) * MICROS_PER_DAY);
        let first_seen = add_micros(order_created, MICROS_PER_DAY + self.between(0, 6 * HOUR)).min(self.now);
        let last_refresh = self.ago(0, 6 * HOUR).max(first_seen);
        let days_at_refresh = (last_refresh.as_microsecond() - order_created.as_microsecond()) / MICROS_PER_DAY;
        let kind = match self.rng.u8(0..100) {
            0..60 => OrderKind::Create,
            60..88 => OrderKind::Update,
            _ => OrderKind::Terminate,
        };
        let person = &PEOPLE[self.rng.usize(..PEOPLE.len())];
        let domain = ORGANISATIONS[PROJECTS[project].organisation].domain;
        let cents = self.between(i64::from(o.cost_cents.0), i64::from(o.cost_cents.1) + 1);
        let estimated_cost = (cents > 0 && self.rng.u8(0..100) >= 10)
            .then(|| Arc::from(format!("{}.{:02}00000", cents / 100, cents % 100)));
        let email = (self.rng.u8(0..100) >= 5).then(|| self.strings.get(&format!("{}@{domain}", person.login)));
        let resource_name = self.resource_name(project, o.suffix);

        let mut row = self.base("pending_order", &format!("Approve pending order: {}", o.name), project);
        row.title = self.strings.get(&row.title);
        row.description = self.strings.get(&format!("Order has been pending approval for {days_at_refresh} days."));
        // The base rule on max(0, 7 - days pending) is at most 7 days away: always high.
        row.urgency = base_urgency((7 - days_at_refresh).max(0));
        row.due_date = Some(add_micros(order_created, 7 * MICROS_PER_DAY));
        row.created = first_seen;
        row.modified = last_refresh;
        row.related_object_name =
            self.strings.get(&format!("type: {}, offering: {}, created_by: {}", kind.label(), o.name, person.name));
        row.related_object_type = self.strings.get("Order");
        let order_uuid = uuid4(self.rng);
        row.related =
            Related::Order(OrderRef { uuid: order_uuid, kind, estimated_cost, created_by_email: email, can_approve });
        row.route_name = self.strings.get("marketplace-orders.details");
        row.route_params = RouteParams::Uuid { key: "order_uuid", value: order_uuid };
        row.offering_name = self.strings.get(o.name);
        row.offering_uuid = Some(self.world.offerings[offering]);
        row.offering_type = self.strings.get(o.kind);
        row.resource_name = Arc::from(resource_name);
        row.resource_uuid = Some(uuid4(self.rng));
        row.order_type = self.strings.get(kind.label());
        row
    }

    /// `showcase` rows are fresh, terminable and mid-schedule (medium on the default schedule).
    fn resource(&mut self, showcase: bool) -> UserActionRow {
        let project = self.rng.usize(..PROJECTS.len());
        let offering = if showcase { 0 } else { self.rng.usize(..OFFERINGS.len()) };
        let o = &OFFERINGS[offering];
        let reminders: &[i64] = if o.reminders.is_empty() { &DEFAULT_REMINDERS } else { o.reminders };
        let furthest = reminders.iter().copied().max().unwrap_or(30);
        let stale = !showcase && self.rng.u8(0..100) < 2;
        let (last_refresh, days_at_refresh, end_day) = if stale {
            // The refresh task has not run since the resource's end date passed.
            let end_day = utc_day(self.now) - self.between(1, 3);
            let refresh_day = end_day - self.between(1, 3);
            let last_refresh = add_micros(midnight(refresh_day), self.between(0, MICROS_PER_DAY));
            (last_refresh, end_day - refresh_day, end_day)
        } else {
            let last_refresh = self.ago(0, 6 * HOUR);
            let days = if showcase { 5 } else { self.between(1, furthest + 1) };
            (last_refresh, days, utc_day(last_refresh) + days)
        };
        let name = self.resource_name(project, o.suffix);
        let mut row = self.base("expiring_resource", &format!("Resource expiring: {name}"), project);
        row.description = match days_at_refresh {
            0 => self.strings.get("Resource expires today."),
            1 => self.strings.get("Resource expires tomorrow."),
            n => self.strings.get(&format!("Resource will expire in {n} days.")),
        };
        row.urgency = schedule_urgency(days_at_refresh, reminders);
        row.due_date = Some(midnight(end_day));
        let entered = add_micros(midnight(end_day - furthest), self.between(0, 6 * HOUR));
        row.created = entered.min(last_refresh);
        row.modified = last_refresh;
        let resource_uuid = uuid4(self.rng);
        row.related_object_name = Arc::from(name.as_str());
        row.related_object_type = self.strings.get("resource");
        row.related =
            Related::Resource(ResourceRef { uuid: resource_uuid, can_terminate: showcase || self.rng.u8(0..100) < 70 });
        row.route_name = self.strings.get("marketplace-resource-details");
        row.route_params = RouteParams::Uuid { key: "resource_uuid", value: resource_uuid };
        row.offering_name = self.strings.get(o.name);
        row.offering_uuid = Some(self.world.offerings[offering]);
        row.offering_type = self.strings.get(o.kind);
        row.resource_name = Arc::from(name);
        row.resource_uuid = Some(resource_uuid);
        row
    }

    /// No due date: these rows exercise NULL ordering. Organisation rows have no project.
    fn quota(&mut self, scope: QuotaScope) -> UserActionRow {
        let project = self.rng.usize(..PROJECTS.len());
        let pct = self.between(80, 126) as u64;
        let mut row = match scope {
            QuotaScope::Project => {
                let (quota, unit, typical) = PROJECT_QUOTAS[self.rng.usize(..PROJECT_QUOTAS.len())];
                let limit = typical * self.between(1, 5) as u64;
                let state = if pct >= 100 { "exceeded" } else { "nearly exhausted" };
                let title = format!("Quota {state}: {quota} in {}", PROJECTS[project].name);
                let mut row = self.base("quota_threshold", &title, project);
                row.description = Arc::from(format!("{} of {limit} {unit} used ({pct}%).", limit * pct / 100));
                row.related_object_name = self.strings.get(PROJECTS[project].name);
                row.related_object_type = self.strings.get("project");
                row.related = Related::Quota(QuotaRef {
                    scope,
                    scope_uuid: self.world.projects[project],
                    quota_name: self.strings.get(quota),
                    usage: limit * pct / 100,
                    limit,
                });
                row.route_name = self.strings.get("project-quotas");
                row.route_params = RouteParams::Uuid { key: "uuid", value: self.world.projects[project] };
                row
            }
            QuotaScope::Organization => {
                let org = PROJECTS[project].organisation;
                let (quota, unit, typical) = ORGANISATION_QUOTA;
                let state = if pct >= 100 { "exhausted" } else { "nearly exhausted" };
                let mut row = UserActionRow::new(
                    uuid4(self.rng),
                    "quota_threshold",
                    &format!("{quota} {state}: {}", ORGANISATIONS[org].name),
                    self.now,
                );
                row.action_type = self.strings.get("quota_threshold");
                row.description = Arc::from(format!("{} of {typical} {unit} used ({pct}%).", typical * pct / 100));
                row.organization_name = self.strings.get(ORGANISATIONS[org].name);
                row.organization_uuid = Some(self.world.organisations[org]);
                row.related_object_name = row.organization_name.clone();
                row.related_object_type = self.strings.get("organization");
                row.related = Related::Quota(QuotaRef {
                    scope,
                    scope_uuid: self.world.organisations[org],
                    quota_name: self.strings.get(quota),
                    usage: typical * pct / 100,
                    limit: typical,
                });
                row.route_name = self.strings.get("organization-quotas");
                row.route_params = RouteParams::Uuid { key: "uuid", value: self.world.organisations[org] };
                row
            }
        };
        row.urgency = match pct {
            100.. => Urgency::High,
            90..100 => Urgency::Medium,
            _ => Urgency::Low,
        };
        row.created = self.ago(HOUR, 20 * MICROS_PER_DAY);
        row.modified = self.ago(0, 2 * HOUR).max(row.created);
        row
    }

    /// Silences happen between the row's creation and now; `silenced_until` is an exact
    /// `silenced_at + N×24h`.
    fn silence(&mut self, row: &mut UserActionRow, silence: Silence) {
        let span = self.now.as_microsecond() - row.created.as_microsecond();
        match silence {
            Silence::None => {}
            Silence::Permanent => {
                let at = add_micros(row.created, self.between(0, span));
                row.is_silenced = true;
                row.silenced_at = Some(at);
                row.modified = row.modified.max(at);
            }
            Silence::Temporary => {
                let days = self.between(1, 31);
                let at = add_micros(row.created, self.between(0, span));
                let mut until = add_micros(at, days * MICROS_PER_DAY);
                if until <= self.now {
                    until = add_micros(self.now, self.between(HOUR, 10 * MICROS_PER_DAY));
                }
                row.silenced_at = Some(at);
                row.silenced_until = Some(until);
                row.modified = row.modified.max(at);
            }
            Silence::Expired if span > 2 * HOUR => {
                let days = self.between(1, 8);
                let until = add_micros(row.created, self.between(HOUR, span - HOUR));
                let at = add_micros(until, -days * MICROS_PER_DAY).max(row.created);
                row.silenced_at = Some(at);
                row.silenced_until = Some(until);
                row.modified = row.modified.max(at);
            }
            Silence::Expired => {}
        }
    }
}

/// `BaseActionProvider.get_urgency`.
fn base_urgency(days_remaining: i64) -> Urgency {
    match days_remaining {
        ..=7 => Urgency::High,
        8..=14 => Urgency::Medium,
        _ => Urgency::Low,
    }
}

/// `ExpiringResourceProvider._get_urgency_from_schedule`: the position of the last reminder
/// reached, split into thirds of the schedule; schedules of one or two entries only make the
/// last reminder high.
pub fn schedule_urgency(days_remaining: i64, reminders: &[i64]) -> Urgency {
    let active = reminders.iter().filter(|&&r| r >= days_remaining).count();
    if reminders.is_empty() || active == 0 {
        return Urgency::Low;
    }
    let position = (active - 1) as f64;
    let total = reminders.len() as f64;
    if reminders.len() <= 2 {
        return if active == reminders.len() { Urgency::High } else { Urgency::Low };
    }
    let third = total / 3.0;
    if position >= 2.0 * third {
        Urgency::High
    } else if position >= third {
        Urgency::Medium
    } else {
        Urgency::Low
    }
}

/// Past executions of the demo user (and one of the staff user, which the demo user must never
/// see), oldest first, ids increasing with time.
fn executions(rng: &mut Rng, users: &[DemoUser], rows: &[UserActionRow], now: Timestamp) -> Vec<ExecutionRow> {
    let candidates: Vec<&UserActionRow> =
        rows.iter().filter(|r| !corrective::for_row(r).is_empty()).take(500).collect();
    if candidates.is_empty() {
        return Vec::new();
    }
    let count = (rows.len() / 10).clamp(3, 12);
    let mut out: Vec<ExecutionRow> = Vec::with_capacity(count + 1);
    for n in 0..=count {
        let row = candidates[rng.usize(..candidates.len())];
        let actions = corrective::for_row(row);
        // Terminating would have silenced the row for good; leave it out of the history.
        let labels: Vec<&str> = actions
            .iter()
            .map(|a| a.label)
            .filter(|l| corrective::plan(row, l) != Some(Plan::AcknowledgeExpiration))
            .collect();
        let label = labels[rng.usize(..labels.len())];
        let (success, error_message, execution_metadata) = match corrective::plan(row, label) {
            Some(Plan::ApproveStub { order_uuid }) => {
                (true, String::new(), format!("{{'order_uuid': '{}'}}", order_uuid.simple()))
            }
            Some(Plan::NotImplemented(message)) => (false, message, "{}".to_string()),
            _ => (true, String::new(), "{}".to_string()),
        };
        let executed_at = add_micros(now, -rng.i64(HOUR..20 * MICROS_PER_DAY));
        out.push(ExecutionRow {
            id: 0,
            user_uuid: users[if n == count { 1 } else { 0 }].uuid,
            action_uuid: row.uuid,
            corrective_action_label: label.to_string(),
            executed_at: executed_at.min(now),
            success,
            error_message,
            execution_metadata,
        });
    }
    out.sort_by_key(|e| e.executed_at);
    for (i, e) in out.iter_mut().enumerate() {
        e.id = i as i64 + 1;
    }
    out
}

fn providers(rng: &mut Rng, rows: &[UserActionRow], now: Timestamp) -> Vec<ProviderRow> {
    let count = |t: &str| rows.iter().filter(|r| &*r.action_type == t).count();
    let mut ran = |minutes: i64| Some(add_micros(now, -(minutes * 60_000_000 + rng.i64(0..60_000_000))));
    vec![
        ProviderRow {
            id: 4,
            app_name: "booking".into(),
            provider_class: "waldur_mastermind.booking.user_actions.PendingBookingProvider".into(),
            action_type: "pending_booking".into(),
            is_enabled: false,
            schedule: "0 */6 * * *".into(),
            last_execution: None,
            last_execution_status: String::new(),
        },
        ProviderRow {
            id: 1,
            app_name: "marketplace".into(),
            provider_class: "waldur_mastermind.marketplace.user_actions.PendingOrderProvider".into(),
            action_type: "pending_order".into(),
            is_enabled: true,
            schedule: "0 */6 * * *".into(),
            last_execution: ran(133),
            last_execution_status: format!("COMPLETED: {} queued, 0 errors", count("pending_order")),
        },
        ProviderRow {
            id: 2,
            app_name: "marketplace".into(),
            provider_class: "waldur_mastermind.marketplace.user_actions.ExpiringResourceProvider".into(),
            action_type: "expiring_resource".into(),
            is_enabled: true,
            schedule: "0 */6 * * *".into(),
            last_execution: ran(131),
            last_execution_status: format!("COMPLETED: {} queued, 0 errors", count("expiring_resource")),
        },
        ProviderRow {
            id: 3,
            app_name: "structure".into(),
            provider_class: "waldur_core.structure.user_actions.QuotaThresholdProvider".into(),
            action_type: "quota_threshold".into(),
            is_enabled: true,
            schedule: "30 */2 * * *".into(),
            last_execution: ran(47),
            last_execution_status: format!("COMPLETED: {} queued, 1 errors", count("quota_threshold")),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2025-06-10T09:30:00Z".parse().expect("ts")
    }

    #[test]
    fn the_same_seed_gives_the_same_data() {
        let a = generate(300, 7, now());
        let b = generate(300, 7, now());
        assert_eq!(a.rows, b.rows);
        assert_eq!(a.users, b.users);
        assert_eq!(a.executions, b.executions);
        let c = generate(300, 8, now());
        assert_ne!(a.rows[0].uuid, c.rows[0].uuid);
    }

    #[test]
    fn tiny_sizes_work() {
        let empty = generate(0, 1, now());
        assert!(empty.rows.is_empty() && empty.executions.is_empty());
        assert_eq!(generate(1, 1, now()).rows.len(), 1);
    }

    #[test]
    fn some_orders_offer_only_viewing() {
        let s = generate(300, 2, now());
        let view_only = s.rows.iter().filter(|r| matches!(&r.related, Related::Order(o) if !o.can_approve)).count();
        assert!(view_only > 0);
    }

    #[test]
    fn tokens_are_forty_hex_and_distinct() {
        let s = generate(1, 1, now());
        for u in &s.users {
            assert_eq!(u.token.len(), 40);
            assert!(u.token.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        }
        assert_ne!(s.users[0].token, s.users[1].token);
        assert!(s.users[1].is_staff && !s.users[0].is_staff);
    }

    #[test]
    fn showcase_rows_cover_every_kind_and_silence() {
        let s = generate(8, 3, now());
        let n = now();
        let types: Vec<&str> = s.rows.iter().map(|r| &*r.action_type).collect();
        assert_eq!(
            types,
            [
                "pending_order",
                "expiring_resource",
                "quota_threshold",
                "quota_threshold",
                "pending_order",
                "expiring_resource",
                "expiring_resource",
                "expiring_resource"
            ]
        );
        assert!(s.rows[3].project_uuid.is_none() && s.rows[3].project_name.is_empty());
        assert!(s.rows[4].is_silenced);
        assert!(s.rows[5].is_temporarily_silenced(n) && !s.rows[5].is_silenced);
        assert!(s.rows[6].silenced_until.is_some_and(|u| u < n) && !s.rows[6].is_effectively_silenced(n));
        assert_eq!(s.rows[1].urgency, Urgency::Medium);
        assert!(corrective::for_row(&s.rows[1]).iter().any(|a| a.label == "Terminate Resource"));
    }

    #[test]
    fn rows_follow_the_provider_rules() {
        let s = generate(2000, 11, now());
        let n = now();
        let mut past = 0;
        let mut future = 0;
        for r in &s.rows {
            assert!(r.created <= r.modified && r.modified <= n, "{r:?}");
            match &*r.action_type {
                "pending_order" => {
                    assert_eq!(r.urgency, Urgency::High);
                    assert!(r.description.starts_with("Order has been pending approval for "));
                    assert!(r.title.starts_with("Approve pending order: "));
                }
                "expiring_resource" => {
                    let due = r.due_date.expect("due date");
                    assert_eq!(due.as_second() % 86_400, 0, "end date at midnight");
                    assert!(r.title.starts_with("Resource expiring: "));
                }
                "quota_threshold" => assert!(r.due_date.is_none()),
                other => panic!("unexpected type {other}"),
            }
            match r.due_date {
                Some(d) if d < n => past += 1,
                Some(_) => future += 1,
                None => {}
            }
        }
        assert!(past > 100 && future > 100, "due dates on both sides of now: {past} past, {future} future");
        let silenced = s.rows.iter().filter(|r| r.is_effectively_silenced(n)).count();
        assert!((100..300).contains(&silenced), "{silenced}");
        let mut uuids: Vec<Uuid> = s.rows.iter().map(|r| r.uuid).collect();
        uuids.sort();
        uuids.dedup();
        assert_eq!(uuids.len(), s.rows.len());
    }

    #[test]
    fn schedule_urgency_matches_the_provider() {
        let d = &DEFAULT_REMINDERS;
        assert_eq!(schedule_urgency(30, d), Urgency::Low);
        assert_eq!(schedule_urgency(8, d), Urgency::Low);
        assert_eq!(schedule_urgency(7, d), Urgency::Medium);
        assert_eq!(schedule_urgency(2, d), Urgency::Medium);
        assert_eq!(schedule_urgency(1, d), Urgency::High);
        assert_eq!(schedule_urgency(31, d), Urgency::Low);
        assert_eq!(schedule_urgency(3, &[14, 3]), Urgency::High);
        assert_eq!(schedule_urgency(10, &[14, 3]), Urgency::Low);
        assert_eq!(schedule_urgency(7, &[30, 7, 1]), Urgency::Medium);
    }

    #[test]
    fn executions_are_history_of_both_users_with_python_repr_metadata() {
        let s = generate(300, 5, now());
        assert!(s.executions.len() >= 4);
        assert!(s.executions.windows(2).all(|w| w[0].executed_at <= w[1].executed_at && w[0].id < w[1].id));
        assert!(s.executions.iter().any(|e| e.user_uuid == s.users[1].uuid));
        for e in &s.executions {
            assert!(e.execution_metadata == "{}" || e.execution_metadata.starts_with("{'order_uuid': '"));
            assert_eq!(e.success, e.error_message.is_empty());
        }
    }
}
