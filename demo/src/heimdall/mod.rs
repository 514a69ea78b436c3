//! The Heimdall side of the demo server: the Heimdall Admin Service's `api/v1` as a real
//! server answered it (`docs/wire-heimdall.md`), quirks included, mounted under
//! `/heimdall-admin` as behind its proxy. Routes: health and readiness, actions (list, get,
//! create, update, delete), mappings (list, resolve), groups (list, create, delete),
//! members (list, add, remove) and `users/me`. Roles, users and mapping changes are not
//! served (404, where the real service has them).

mod actions;
mod auth;
mod groups;
mod health;
mod jwt;
mod like;
mod mappings;
mod model;
mod respond;
mod router;
mod seed;
mod state;
mod users;
mod validate;
mod wire;

#[cfg(test)]
mod tests;

pub use jwt::{keycloak_claims, unsigned_jwt};
pub use model::{HeimdallAction, HeimdallGroup, HeimdallUser, Mapping, Membership};
pub use state::HeimdallState;

pub(crate) use router::{PREFIX, handle};

use crate::clock::Clock;

/// Seed the service's database as of the clock's now.
pub(crate) fn build(seed: u64, clock: Clock) -> HeimdallState {
    seed::generate(seed, clock)
}

/// The superadmin's and the plain user's tokens for this state.
pub(crate) fn tokens(s: &HeimdallState) -> [String; 2] {
    let name = |cpf: &str| s.user(cpf).and_then(|u| u.display_name.clone()).unwrap_or_default();
    [
        unsigned_jwt(&keycloak_claims(s.admin_cpf(), &name(s.admin_cpf()), true)),
        unsigned_jwt(&keycloak_claims(s.user_cpf(), &name(s.user_cpf()), false)),
    ]
}

/// Whether `path` is under the Heimdall prefix (and not merely starting with its letters).
pub(crate) fn mounted(path: &str) -> bool {
    path.strip_prefix(PREFIX).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}
