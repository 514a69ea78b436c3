//! The seeded instance: two organisations, the machine users whose PATs the demo hands out,
//! the people who edited the actions, and ten actions with their histories, replayed through
//! the same commands the API runs so that the event log and the current state agree.

use std::time::Duration;

use jiff::Timestamp;

use super::model::{ActionState, Binding, Editor, Org, Role, ZitadelUser};
use super::scripts;
use super::state::{ActionFields, ZitadelState};
use crate::clock::{self, Clock};

pub const ACME: &str = "ACME";
pub const CONTOSO: &str = "Contoso";

fn token(rng: &mut fastrand::Rng) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..64).map(|_| ALPHABET[rng.usize(..ALPHABET.len())] as char).collect()
}

fn fields(name: &str, script: &str, timeout_ms: u64, allowed_to_fail: bool) -> ActionFields {
    ActionFields {
        name: name.into(),
        script: script.into(),
        timeout: Duration::from_millis(timeout_ms),
        allowed_to_fail,
    }
}

pub(crate) fn generate(seed: u64, clock: Clock) -> ZitadelState {
    let mut s = ZitadelState::empty(clock, seed);
    let now = clock.now();
    let acme = s.next_id();
    let contoso = s.next_id();
    s.orgs = vec![Org { id: acme.clone(), name: ACME.into() }, Org { id: contoso.clone(), name: CONTOSO.into() }];

    let user = |s: &mut ZitadelState, user_name: &str, display: &str, org: &str, role: Role, with_token: bool| {
        let id = s.next_id();
        let token = if with_token { token(&mut s.rng) } else { String::new() };
        s.users.push(ZitadelUser {
            id: id.clone(),
            user_name: user_name.into(),
            display_name: display.into(),
            org: org.into(),
            role,
            token,
        });
        s.editor_of(&id)
    };
    user(&mut s, "ops-automation", "Ops Automation", &acme, Role::IamOwner, true);
    user(&mut s, "acme-operator", "ACME Operator", &acme, Role::OrgOwner, true);
    user(&mut s, "acme-reporting", "ACME Reporting", &acme, Role::None, true);
    let maja = user(&mut s, "maja.lindqvist", "Maja Lindqvist", &acme, Role::OrgOwner, false);
    let tomas = user(&mut s, "tomas.ferreira", "Tomás Ferreira", &acme, Role::OrgOwner, false);
    let priya = user(&mut s, "priya.raman", "Priya Raman", &acme, Role::OrgOwner, false);
    let jonas = user(&mut s, "jonas.weber", "Jonas Weber", &acme, Role::IamOwner, false);
    let li = user(&mut s, "li.wei", "Li Wei", &contoso, Role::OrgOwner, false);

    // Days ago, at a working hour that differs per event.
    let ago = |days: i64, hour: i64| clock::add_micros(clock::add_days(now, -days), hour * 3_600_000_000);
    let mut h = History { s: &mut s };

    let claims = h.add(&acme, fields("addClaims", scripts::ADD_CLAIMS_V1, 5_000, false), &maja, ago(120, 1));
    h.change(&acme, &claims, |f| f.script = scripts::ADD_CLAIMS_V2.into(), &tomas, ago(60, 2));
    h.change(
        &acme,
        &claims,
        |f| {
            f.timeout = Duration::from_secs(10);
            f.allowed_to_fail = true;
        },
        &priya,
        ago(30, 3),
    );
    h.change(
        &acme,
        &claims,
        |f| {
            f.name = "addCustomClaims".into();
            f.script = scripts::ADD_CUSTOM_CLAIMS.into();
        },
        &maja,
        ago(3, 4),
    );

    let metadata =
        h.add(&acme, fields("setMetadataFromIdp", scripts::SET_METADATA_V1, 5_000, false), &tomas, ago(90, 1));
    h.change(&acme, &metadata, |f| f.script = scripts::SET_METADATA.into(), &tomas, ago(10, 5));

    let deny = h.add(&acme, fields("denyDisabledUsers", scripts::DENY_DISABLED, 500, false), &priya, ago(80, 2));
    h.toggle(&acme, &deny, ActionState::Inactive, &jonas, ago(7, 6));

    let log = h.add(&acme, fields("logContext", scripts::LOG_CONTEXT, 1_500, true), &jonas, ago(200, 3));
    h.toggle(&acme, &log, ActionState::Inactive, &jonas, ago(150, 1));
    h.toggle(&acme, &log, ActionState::Active, &maja, ago(149, 2));

    let groups = h.add(&acme, fields("mapIdpGroupsToRoles", scripts::MAP_GROUPS_V1, 10_000, true), &maja, ago(45, 1));
    h.change(&acme, &groups, |f| f.script = scripts::MAP_GROUPS.into(), &maja, ago(44, 2));

    let saml = h.add(&acme, fields("addSamlAttributes", scripts::SAML_ATTRIBUTES, 3_000, false), &priya, ago(30, 5));

    let risky = h.add(&acme, fields("flagRiskyLogins", scripts::FLAG_RISKY, 2_000, true), &tomas, ago(20, 3));
    h.toggle(&acme, &risky, ActionState::Inactive, &priya, ago(2, 1));

    let legacy = h.add(&acme, fields("checkLegacyEmailDomain", scripts::LEGACY_DOMAIN, 0, false), &jonas, ago(400, 2));
    h.toggle(&acme, &legacy, ActionState::Inactive, &jonas, ago(300, 4));

    let tenant = h.add(&contoso, fields("addTenantClaim", scripts::TENANT_CLAIM, 10_000, true), &li, ago(15, 2));
    // Names are unique per organisation only.
    h.add(&contoso, fields("logContext", scripts::CONTOSO_LOG, 1_000, false), &li, ago(14, 3));

    let bind = |org: &str, flow_type: u8, trigger_type: u8, actions: &[&String], at: Timestamp| Binding {
        org: org.into(),
        flow_type,
        trigger_type,
        actions: actions.iter().map(|a| a.to_string()).collect(),
        at,
    };
    s.bindings = vec![
        bind(&acme, 1, 1, &[&metadata], ago(90, 2)),
        bind(&acme, 1, 2, &[&log], ago(199, 1)),
        bind(&acme, 1, 3, &[&groups, &log], ago(44, 3)),
        bind(&acme, 2, 4, &[&claims], ago(119, 1)),
        bind(&acme, 2, 5, &[&claims], ago(119, 2)),
        bind(&acme, 3, 1, &[&deny, &risky], ago(20, 4)),
        bind(&acme, 3, 3, &[&log], ago(199, 2)),
        bind(&acme, 4, 6, &[&saml], ago(30, 6)),
        bind(&contoso, 2, 5, &[&tenant], ago(15, 3)),
    ];
    s
}

/// Replays a seeded history through the state's commands. A seed that breaks a command's
/// rule is a bug in this file, so it is only logged, never a panic at start-up.
struct History<'a> {
    s: &'a mut ZitadelState,
}

impl History<'_> {
    fn add(&mut self, org: &str, f: ActionFields, by: &Editor, at: Timestamp) -> String {
        self.s.create(org, f, by, at)
    }

    fn change(&mut self, org: &str, id: &str, edit: impl FnOnce(&mut ActionFields), by: &Editor, at: Timestamp) {
        let Some(a) = self.s.action(id) else { return };
        let mut f = ActionFields {
            name: a.name.clone(),
            script: a.script.clone(),
            timeout: a.timeout,
            allowed_to_fail: a.allowed_to_fail,
        };
        edit(&mut f);
        if let Err(e) = self.s.change(org, id, f, by, at) {
            tracing::warn!("zitadel demo seed: change of {id} refused: {e:?}");
        }
    }

    fn toggle(&mut self, org: &str, id: &str, to: ActionState, by: &Editor, at: Timestamp) {
        if let Err(e) = self.s.set_state(org, id, to, by, at) {
            tracing::warn!("zitadel demo seed: state change of {id} refused: {e:?}");
        }
    }
}
