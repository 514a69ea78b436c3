//! `api/v1/healthz` and `api/v1/readyz`, no auth. Not ready puts the whole report inside
//! `error` (an object where every other error has a string).

use super::respond::{Answer, Failure, Handled};
use super::state::HeimdallState;
use super::wire::{Checks, Liveness, Readiness, python_iso};

const SERVICE: &str = "heimdall-admin-service";

pub fn healthz(s: &HeimdallState) -> Handled {
    Ok(Answer::ok(&Liveness { status: "healthy", service: SERVICE, timestamp: python_iso(s.clock.now()) }))
}

pub fn readyz(s: &HeimdallState) -> Handled {
    let cerbos = !s.cerbos_down;
    let checks = Checks { database: true, cache: true, cerbos, overall: cerbos };
    let timestamp = python_iso(s.clock.now());
    if cerbos {
        return Ok(Answer::ok(&Readiness { status: "ready", checks, service: SERVICE, timestamp, errors: Vec::new() }));
    }
    let report = Readiness {
        status: "not_ready",
        checks,
        service: SERVICE,
        timestamp,
        errors: vec!["Cerbos health check failed"],
    };
    Err(Failure::NotReady(serde_json::to_string(&report).unwrap_or_default()))
}
