//! The demo Heimdall's data, the same for the same seed: the 130 permission verbs and 9
//! endpoint mappings of the recorded server, groups with `:` in their names, CPF users with
//! valid check digits, some without a display name, members added over the past year.

use std::collections::HashSet;

use super::model::{HeimdallAction, HeimdallGroup, HeimdallUser, Mapping, Membership};
use super::state::HeimdallState;
use crate::clock::{Clock, MICROS_PER_DAY, MICROS_PER_SECOND, add_micros};

const RESOURCES: [&str; 13] = [
    "user",
    "group",
    "role",
    "report",
    "dataset",
    "dashboard",
    "alert",
    "job",
    "secret",
    "bucket",
    "cluster",
    "ticket",
    "invoice",
];
const VERBS: [&str; 10] =
    ["read", "list", "create", "update", "delete", "export", "import", "approve", "share", "audit"];

/// `(path_pattern, method, action, description)`, in creation order (ids 1…).
const MAPPINGS: [(&str, &str, &str, Option<&str>); 9] = [
    ("/api/v1/users/{user_id}", "GET", "user:read", Some("Read one user")),
    ("/api/v1/users/", "GET", "user:read", Some("List users")),
    ("/api/v1/users/me", "GET", "user:read", None),
    ("/api/v1/users/", "POST", "user:create", Some("Create user")),
    ("/api/v1/groups/", "GET", "group:list", Some("List groups")),
    ("/api/v1/groups/", "POST", "group:create", Some("Create group")),
    ("/api/v1/groups/{group_name}", "DELETE", "group:delete", Some("Delete group")),
    ("/api/v1/reports/{id}/export", "GET", "report:export", Some("Export a report")),
    ("/api/v1/datasets/.*", "GET", "dataset:read", Some("Regex path")),
];

/// `(name, description, roles its members hold, how many members)`, in creation order.
const GROUPS: [(&str, &str, &[&str], usize); 8] = [
    ("engineering:backend", "Backend engineers", &["developer"], 9),
    ("ops_team", "Operations", &["auditor"], 6),
    ("data_analysts:read", "Read-only analysts", &["viewer"], 5),
    ("empty_group", "No members", &[], 0),
    ("rio:saude:admins", "Secretaria Municipal de Saúde: administradores", &["health_admin"], 4),
    ("rio:educacao:editores", "Secretaria de Educação: editores de conteúdo", &["editor"], 7),
    ("eng", "Engenharia (todas as equipes)", &["developer"], 12),
    ("data:analysts", "Escritório de Dados: analistas", &["viewer", "auditor"], 8),
];

const FIRST: [&str; 20] = [
    "Ana", "Bruno", "Carla", "Diego", "Eduarda", "Felipe", "Gabriela", "Henrique", "Isabela", "João", "Larissa",
    "Marcos", "Natália", "Otávio", "Paula", "Rafael", "Sofia", "Thiago", "Vanessa", "Wagner",
];
const LAST: [&str; 16] = [
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Lima",
    "Pereira",
    "Costa",
    "Ferreira",
    "Almeida",
    "Ribeiro",
    "Carvalho",
    "Gomes",
    "Martins",
    "Araújo",
    "Barbosa",
    "Conceição",
];
const OTHER_USERS: usize = 36;

pub fn generate(seed: u64, clock: Clock) -> HeimdallState {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x4e1d_da11_0000_0001);
    let now = clock.now();
    let mut used = HashSet::new();
    let mut cpf = || loop {
        let c = random_cpf(&mut rng);
        if used.insert(c.clone()) {
            break c;
        }
    };
    let admin_cpf = cpf();
    let user_cpf = cpf();
    let others: Vec<String> = (0..OTHER_USERS).map(|_| cpf()).collect();

    let mut rng = fastrand::Rng::with_seed(seed ^ 0x4e1d_da11_0000_0002);
    let at = |days_ago: i64, rng: &mut fastrand::Rng| {
        let jitter = rng.i64(0..MICROS_PER_DAY);
        add_micros(now, -(days_ago * MICROS_PER_DAY) + jitter.min(days_ago * MICROS_PER_DAY) - MICROS_PER_SECOND)
    };

    let actions: Vec<HeimdallAction> = RESOURCES
        .iter()
        .flat_map(|r| VERBS.iter().map(move |v| (*r, *v)))
        .enumerate()
        .map(|(i, (r, v))| HeimdallAction {
            id: i as i64 + 1,
            name: format!("{r}:{v}"),
            description: Some(format!("{} {r} resources", capitalised(v))),
        })
        .collect();
    let mut actions = actions;
    // The recorded catalog's last verb has no description.
    if let Some(last) = actions.last_mut() {
        last.description = None;
    }

    let mapping_base = at(420, &mut rng);
    let mappings = MAPPINGS
        .iter()
        .enumerate()
        .filter_map(|(i, (path, method, action, description))| {
            let action_id = actions.iter().find(|a| a.name == *action)?.id;
            let created_at = add_micros(mapping_base, i as i64 * 31_337 + rng.i64(0..1_000_000));
            Some(Mapping {
                id: i as i64 + 1,
                path_pattern: (*path).into(),
                method: (*method).into(),
                action_id,
                description: description.map(str::to_string),
                created_by: Some(admin_cpf.clone()),
                created_at,
                updated_at: created_at,
            })
        })
        .collect();

    let mut users = vec![
        HeimdallUser { id: 1, cpf: admin_cpf.clone(), display_name: Some("Ana Beatriz Costa".into()) },
        HeimdallUser { id: 2, cpf: user_cpf.clone(), display_name: Some("Maria Eduarda Lima".into()) },
    ];
    for (i, c) in others.iter().enumerate() {
        // Users added by CPF who never logged in have no name yet.
        let display_name = (rng.usize(0..6) != 0).then(|| {
            format!(
                "{} {} {}",
                FIRST[rng.usize(0..FIRST.len())],
                LAST[rng.usize(0..LAST.len())],
                LAST[rng.usize(0..LAST.len())]
            )
        });
        users.push(HeimdallUser { id: i as i64 + 3, cpf: c.clone(), display_name });
    }

    let mut groups = Vec::new();
    let mut memberships = Vec::new();
    for (i, (name, description, roles, size)) in GROUPS.iter().enumerate() {
        let id = i as i64 + 1;
        groups.push(HeimdallGroup {
            id,
            name: (*name).into(),
            description: Some((*description).into()),
            created_by: Some(admin_cpf.clone()),
            created_at: at(400 - i as i64 * 7, &mut rng),
            roles: roles.iter().map(|r| r.to_string()).collect(),
        });
        let mut picked = HashSet::new();
        while picked.len() < *size {
            picked.insert(rng.usize(0..others.len()) + 3);
        }
        let mut picked: Vec<usize> = picked.into_iter().collect();
        picked.sort_unstable();
        for user_id in picked {
            let added_by = (rng.usize(0..8) != 0).then(|| admin_cpf.clone());
            memberships.push(Membership {
                group_id: id,
                user_id: user_id as i64,
                joined_at: at(rng.i64(1..380), &mut rng),
                added_by,
            });
        }
    }
    // The plain user belongs to two groups, like the recorded member 33333333333.
    for (group_id, days) in [(1, 200), (2, 90)] {
        memberships.push(Membership {
            group_id,
            user_id: 2,
            joined_at: at(days, &mut rng),
            added_by: Some(admin_cpf.clone()),
        });
    }

    HeimdallState {
        clock,
        next_action_id: actions.len() as i64 + 1,
        actions,
        mappings,
        next_group_id: groups.len() as i64 + 1,
        groups,
        next_user_id: users.len() as i64 + 1,
        users,
        memberships,
        cerbos_down: false,
        churn: None,
        admin_cpf,
        user_cpf,
        static_token: format!("heimdall-static-{:016x}", seed.rotate_left(17) ^ 0x5a5a_5a5a),
    }
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Nine random digits and their two check digits; never all the same digit.
fn random_cpf(rng: &mut fastrand::Rng) -> String {
    loop {
        let d: Vec<u32> = (0..9).map(|_| rng.u32(0..10)).collect();
        if d.iter().all(|x| *x == d[0]) {
            continue;
        }
        let [a, b] = check_digits(&d);
        return d.iter().chain([a, b].iter()).map(|x| char::from_digit(*x, 10).unwrap_or('0')).collect();
    }
}

/// Weighted sums with weights counting down to 2, times 10, modulo 11, 10 read as 0.
pub(crate) fn check_digits(first9: &[u32]) -> [u32; 2] {
    let digit = |ds: &[u32]| {
        let top = ds.len() as u32 + 1;
        let sum: u32 = ds.iter().enumerate().map(|(i, d)| d * (top - i as u32)).sum();
        (sum * 10 % 11) % 10
    };
    let first = digit(first9);
    let mut ten = first9.to_vec();
    ten.push(first);
    [first, digit(&ten)]
}
