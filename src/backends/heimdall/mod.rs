//! Heimdall Admin Service (prefeitura-rio): a FastAPI service that keeps a catalog of
//! permission verbs ("actions" such as `user:read`), the endpoint mappings each one guards,
//! and groups of users identified by CPF, and asks a Cerbos policy server who may change
//! them. Its actions have no state and nothing to run, so opsy offers a read-only catalog
//! (with mappings), the groups and their members (add/remove by CPF), and who the operator
//! is. The wire contract and every quirk the code relies on are in `docs/wire-heimdall.md`.

// The panes adopt this backend in their own change; until then only the tests call it.
#![cfg_attr(not(test), expect(dead_code, reason = "wired into the panes by the app change"))]

pub(crate) mod client;
pub(crate) mod cpf;
pub(crate) mod errors;
pub(crate) mod glossary;
pub(crate) mod wire;

#[cfg(test)]
mod tests;
