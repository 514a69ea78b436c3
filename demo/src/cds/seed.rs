//! Building the demo CDS: people and groups, Builtins, the Default actions with weeks of
//! audit history by different people, the pipeline jobs that use actions, worker models and
//! group tokens. Everything derives from the seed and the clock, so a frozen clock gives the
//! same bytes on every run.

use jiff::Timestamp;

use super::export::snapshot;
use super::gojson::GoTime;
use super::model::{
    ActionKind, AuditEvent, AuditRow, CdsAction, GroupToken, Id, Parameter, PipelineJob, Project, Requirement, Step,
    WorkerModelRow,
};
use super::seed_actions::{Def, Target, defs};
use super::state::CdsState;
use super::{seed_builtins, seed_people, tokens};
use crate::clock::{Clock, MICROS_PER_SECOND, add_micros};

/// Europe/Paris in summer: the zone the demo's API server runs in.
const SERVER_OFFSET: i32 = 2 * 3600;
const MICROS_PER_HOUR: i64 = 3600 * MICROS_PER_SECOND;

pub fn generate(seed: u64, clock: Clock) -> CdsState {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0xc0de_5eed);
    let mut state = CdsState {
        clock,
        server_offset: SERVER_OFFSET,
        users: Vec::new(),
        groups: Vec::new(),
        actions: seed_builtins::actions(),
        audits: Vec::new(),
        tokens: Vec::new(),
        projects: Vec::new(),
        jobs: Vec::new(),
        models: Vec::new(),
        sessions: Vec::new(),
        rng: fastrand::Rng::with_seed(seed.rotate_left(17)),
        maintenance: false,
        next_id: 1000,
    };
    state.users = seed_people::users(|| {
        let mut bytes = [0u8; 16];
        for b in &mut bytes {
            *b = rng.u8(..);
        }
        uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
    });
    state.groups = seed_people::groups(&state.users);
    let now = state.now();
    for (i, def) in defs().into_iter().enumerate() {
        let action = build(&mut state, def, 200 + i as Id);
        history(&mut state, action, i, now);
    }
    state.projects = projects(&state);
    state.jobs = jobs(&state);
    state.models = models(&state, now);
    state.tokens = group_tokens(&mut state, now);
    state
}

fn group_id(s: &CdsState, name: &str) -> Id {
    s.group(name).map_or(0, |g| g.id)
}

fn user_id(s: &CdsState, name: &str) -> Id {
    s.user(name).map_or(0, |u| u.id)
}

fn build(s: &mut CdsState, def: Def, id: Id) -> CdsAction {
    let mut parameters = def.params;
    for p in &mut parameters {
        p.id = s.fresh_id();
    }
    let mut requirements = def.reqs;
    for r in &mut requirements {
        r.id = s.fresh_id();
    }
    let mut steps = Vec::new();
    for st in def.steps {
        let child = match st.target {
            Target::Builtin(name) | Target::Action("", name) => s.builtin_or_plugin(name),
            Target::Action(group, name) => {
                let gid = group_id(s, group);
                s.default_action_in(gid, name)
            }
        };
        let Some(child) = child.cloned() else { continue };
        let mut params = Vec::new();
        for (name, value) in st.params {
            let declared = child.parameters.iter().find(|p| p.name == name);
            let kind = declared.map_or("string", |p| p.kind.as_str());
            let mut p = Parameter::new(name, kind, value, declared.map_or("", |p| p.description.as_str()));
            p.id = s.fresh_id();
            params.push(p);
        }
        steps.push(Step {
            child: child.id,
            step_name: st.step_name.into(),
            enabled: st.enabled,
            optional: st.optional,
            always_executed: st.always,
            parameters: params,
        });
    }
    let action = CdsAction {
        id,
        group: Some(group_id(s, def.group)),
        name: def.name.into(),
        kind: ActionKind::Default,
        description: def.description.into(),
        enabled: true,
        deprecated: def.name == "k8s-rollback",
        parameters,
        requirements,
        steps,
    };
    s.actions.push(action.clone());
    action
}

/// The version just before `next`, undoing one kind of edit (`kind` picks which; the next
/// applicable one is used when it does not apply).
fn previous(next: &CdsAction, kind: usize) -> CdsAction {
    let mut prev = next.clone();
    for attempt in 0..5 {
        match (kind + attempt) % 5 {
            0 => {
                if let Some(p) = prev.parameters.iter_mut().find(|p| !p.value.is_empty() && p.kind != "text") {
                    p.value = match p.kind.as_str() {
                        "number" => p.value.parse::<i64>().map_or_else(|_| "1".into(), |n| (n * 2).to_string()),
                        "boolean" => if p.value == "true" { "false" } else { "true" }.into(),
                        "list" => {
                            let mut items: Vec<&str> = p.value.split(';').collect();
                            items.rotate_left(1);
                            items.join(";")
                        }
                        _ => format!("{}-legacy", p.value),
                    };
                    return prev;
                }
            }
            1 if prev.steps.len() > 1 => {
                prev.steps.pop();
                return prev;
            }
            2 => {
                let extra = if prev.requirements.iter().any(|r| r.value == "curl") { "wget" } else { "curl" };
                prev.requirements.push(Requirement { id: next.id * 100 + 7, ..Requirement::of("binary", extra) });
                return prev;
            }
            3 if prev.parameters.len() > 1 => {
                prev.parameters.pop();
                return prev;
            }
            4 => {
                prev.description = format!("TODO: document. {}", prev.description.split('.').next().unwrap_or(""));
                return prev;
            }
            _ => {}
        }
    }
    prev
}

/// An ActionAdd a few weeks ago, then one to four updates by other people.
fn history(s: &mut CdsState, action: CdsAction, i: usize, now: Timestamp) {
    let updates = 1 + i % 4;
    let mut current = action.clone();
    let mut versions = vec![action];
    for k in 0..updates {
        current = previous(&current, i + k);
        versions.push(current.clone());
    }
    versions.reverse();
    let group = versions[0].group.and_then(|g| s.group_by_id(g)).cloned();
    let mut authors: Vec<String> = group
        .map(|g| {
            let mut admins: Vec<Id> = g.members.iter().filter(|m| m.admin).map(|m| m.user).collect();
            admins.extend(g.members.iter().filter(|m| !m.admin).map(|m| m.user));
            admins.iter().filter_map(|u| s.user_by_id(*u)).map(|u| u.username.clone()).collect()
        })
        .unwrap_or_default();
    if authors.is_empty() {
        authors.push(seed_people::ADMIN.into());
    }
    let start_days = 38 - (i as i64 % 9);
    let mut at = add_micros(now, -(start_days * 24 * MICROS_PER_HOUR) + (i as i64 * 37 % 600) * 60 * MICROS_PER_SECOND);
    let mut before: Option<Box<super::wire::WireAction>> = None;
    for (k, v) in versions.iter().enumerate() {
        let fraction = ((i as i64 * 7919 + k as i64 * 104_729) % 1_000_000).max(1);
        let created = GoTime::with_offset(add_micros(at, fraction), SERVER_OFFSET);
        let after = Box::new(snapshot(s, v));
        let id = s.fresh_id();
        s.audits.push(AuditRow {
            id,
            action_id: v.id,
            triggered_by: authors[(i + k) % authors.len()].clone(),
            created,
            event: if before.is_some() { AuditEvent::ActionUpdate } else { AuditEvent::ActionAdd },
            before: before.take(),
            after: after.clone(),
        });
        before = Some(after);
        let gap_hours = 24 * (3 + ((i + k) % 5) as i64) + (k as i64 * 5 % 11);
        at = add_micros(at, gap_hours * MICROS_PER_HOUR);
    }
}

fn projects(s: &CdsState) -> Vec<Project> {
    let g = |n: &str| group_id(s, n);
    let project =
        |id, key: &str, name: &str, groups: Vec<Id>| Project { id, key: key.into(), name: name.into(), groups };
    vec![
        project(1, "PLAT", "Platform", vec![g("platform")]),
        project(2, "PAY", "Payments", vec![g("payments")]),
        project(3, "DATA", "Data Lake", vec![g("data-eng")]),
        project(4, "MOB", "Mobile Apps", vec![g("mobile")]),
        project(5, "SEC", "Security Tooling", vec![g("security"), g("platform")]),
        project(6, "WEB", "Web Storefront", vec![g("payments"), g("platform")]),
    ]
}

/// Pipeline ids overlap project ids on purpose: non-admins only see usages whose pipeline
/// id is one of their project ids (the server's bug), and the demo should show some.
fn jobs(s: &CdsState) -> Vec<PipelineJob> {
    let a = |group: &str, name: &str| s.action(group, name).map_or(0, |a| a.id);
    let si = super::model::SHARED_INFRA;
    let job =
        |project, pipeline_id, pipeline: &str, stage_id, stage: &str, job_id, job: &str, uses: Vec<Id>| PipelineJob {
            project,
            pipeline_id,
            pipeline_name: pipeline.into(),
            stage_id,
            stage_name: stage.into(),
            job_id,
            job_name: job.into(),
            uses,
        };
    vec![
        job(1, 1, "build-api", 11, "Build", 501, "Docker image", vec![a(si, "docker-build"), a(si, "go-test")]),
        job(
            1,
            2,
            "deploy-prod",
            12,
            "Deploy",
            502,
            "Deploy to prod",
            vec![a("platform", "k8s-deploy"), a(si, "slack-notify")],
        ),
        job(2, 3, "payments-ci", 13, "Build", 503, "Build & test", vec![a(si, "docker-build"), a(si, "go-test")]),
        job(
            2,
            4,
            "payments-release",
            14,
            "Release",
            504,
            "Canary",
            vec![a("platform", "canary-release"), a("security", "trivy-scan")],
        ),
        job(
            6,
            5,
            "storefront-deploy",
            15,
            "Deploy",
            505,
            "Helm",
            vec![a(si, "helm-deploy"), a("platform", "k8s-deploy")],
        ),
        job(
            5,
            6,
            "sec-audit",
            16,
            "Scan",
            506,
            "Scan images",
            vec![a("security", "trivy-scan"), a("security", "secret-scan"), a("security", "sbom-generate")],
        ),
        job(
            3,
            7,
            "etl-nightly",
            17,
            "Run",
            507,
            "Spark job",
            vec![a("data-eng", "spark-submit"), a("data-eng", "data-quality-check")],
        ),
        job(4, 8, "android", 18, "Build", 508, "Gradle", vec![a("mobile", "android-build")]),
        job(4, 9, "ios", 19, "Build", 509, "Xcode", vec![a("mobile", "ios-build"), a("mobile", "fastlane-release")]),
        job(3, 10, "dbt-hourly", 20, "Transform", 510, "dbt", vec![a("data-eng", "dbt-run"), a(si, "slack-notify")]),
    ]
}

fn models(s: &CdsState, now: Timestamp) -> Vec<WorkerModelRow> {
    let ago = |hours: i64| GoTime::with_offset(add_micros(now, -hours * MICROS_PER_HOUR + 431_337), SERVER_OFFSET);
    let caps = |bins: &[&str]| bins.iter().map(|b| Requirement::of("binary", b)).collect::<Vec<_>>();
    let model = |id, name: &str, description: &str, kind: &str, image: &str, group: &str| WorkerModelRow {
        id,
        name: name.into(),
        description: description.into(),
        kind: kind.into(),
        image: image.into(),
        flavor: String::new(),
        group: group_id(s, group),
        disabled: false,
        deprecated: false,
        restricted: false,
        official: group == super::model::SHARED_INFRA,
        capabilities: Vec::new(),
        registered_os: "linux".into(),
        registered_arch: "amd64".into(),
        last_registration: ago(20 + id),
        user_last_modified: ago(24 * 30 + id),
        created_by: user_id(s, "asmith"),
        nb_spawn_err: 0,
        last_spawn_err: String::new(),
        date_last_spawn_err: None,
        memory: 0,
        private_registry: None,
    };
    let si = super::model::SHARED_INFRA;
    vec![
        WorkerModelRow {
            capabilities: caps(&["bash", "curl", "docker", "git", "jq"]),
            memory: 4096,
            ..model(
                1,
                "debian12-docker",
                "Debian 12 with Docker in Docker",
                "docker",
                "registry.internal/cds/debian12:2024.05",
                si,
            )
        },
        WorkerModelRow {
            capabilities: caps(&["bash", "git", "go", "go-junit-report"]),
            memory: 2048,
            ..model(2, "golang-1.22", "Go 1.22 toolchain", "docker", "registry.internal/cds/golang:1.22", si)
        },
        WorkerModelRow {
            flavor: "b2-7".into(),
            capabilities: caps(&["bash", "git", "python3"]),
            ..model(3, "ubuntu-22.04", "Ubuntu 22.04 VM", "openstack", "Ubuntu 22.04", si)
        },
        WorkerModelRow {
            deprecated: true,
            ..model(4, "centos7-legacy", "Do not use: EOL", "docker", "registry.internal/cds/centos:7", si)
        },
        WorkerModelRow {
            capabilities: caps(&["bash", "helm", "kubectl", "vault"]),
            memory: 1024,
            private_registry: Some(("registry.platform.internal".into(), "cds-puller".into())),
            created_by: user_id(s, "cdubois"),
            ..model(
                5,
                "k8s-tools",
                "kubectl, helm and vault",
                "docker",
                "registry.platform.internal/tools/k8s:1.29",
                "platform",
            )
        },
        WorkerModelRow {
            capabilities: caps(&["java", "spark-submit"]),
            memory: 8192,
            created_by: user_id(s, "efischer"),
            ..model(
                6,
                "spark-3.5",
                "Spark 3.5 client for YARN",
                "docker",
                "registry.internal/data/spark:3.5.1",
                "data-eng",
            )
        },
        WorkerModelRow {
            disabled: true,
            ..model(7, "spark-2.4", "Spark 2.4 (disabled)", "docker", "registry.internal/data/spark:2.4.8", "data-eng")
        },
        WorkerModelRow {
            flavor: "mac-m2".into(),
            registered_os: "darwin".into(),
            registered_arch: "arm64".into(),
            capabilities: caps(&["fastlane", "xcodebuild", "xcrun"]),
            restricted: true,
            nb_spawn_err: 3,
            last_spawn_err: "quota exceeded for flavor mac-m2".into(),
            date_last_spawn_err: Some(ago(2)),
            created_by: user_id(s, "jpetit"),
            ..model(8, "macos-xcode15", "macOS 14 with Xcode 15", "openstack", "macOS 14.4 Xcode 15.3", "mobile")
        },
    ]
}

fn group_tokens(s: &mut CdsState, now: Timestamp) -> Vec<GroupToken> {
    let specs: [(&str, &str, i64, &str, i64); 5] = [
        ("platform", "John Doe", 1, "debug session on gra-prod", 3),
        ("platform", "Claire Dubois", 2, "nightly hatchery", 30),
        ("platform", "John Doe", 3, "swarm hatchery gra", 400),
        ("data-eng", "Eva Fischer", 3, "yarn hatchery", 900),
        ("payments", "Fernando García", 2, "pci runners", 50),
    ];
    let mut out = Vec::new();
    for (group, creator, expiration, description, hours_ago) in specs {
        let secret: String = (0..64).map(|_| char::from(b"0123456789abcdef"[s.rng.usize(..16)])).collect();
        let id = s.fresh_id();
        out.push(GroupToken {
            id,
            group: group_id(s, group),
            hash: tokens::stored_hash(&secret),
            description: description.into(),
            creator: creator.into(),
            expiration,
            created: GoTime::utc(add_micros(now, -hours_ago * MICROS_PER_HOUR + 120_000)),
        });
    }
    out
}
