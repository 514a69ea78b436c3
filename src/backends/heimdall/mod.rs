//! Heimdall Admin Service (prefeitura-rio): a FastAPI service that keeps a catalog of
//! permission verbs ("actions" such as `user:read`), the endpoint mappings each one guards,
//! and groups of users identified by CPF, and asks a Cerbos policy server who may change
//! them. Its actions have no state and nothing to run, so opsy offers a read-only catalog
//! (with mappings), the groups and their members (add/remove by CPF), and who the operator
//! is. The wire contract and every quirk the code relies on are in `docs/wire-heimdall.md`.

pub(crate) mod adapter;
pub(crate) mod client;
pub(crate) mod cpf;
pub(crate) mod errors;
pub(crate) mod glossary;
pub(crate) mod wire;

use std::sync::Arc;

use futures_util::FutureExt;
use futures_util::future::BoxFuture;

use super::{Backend, Connected, Connection, Held, unsupported};
use crate::app::effect::{ActionCall, Call, GroupCall};
use crate::app::msg::{About, AddMembersReport, Feed, Payload, Reply};
use crate::app::panes::actions::ActionsCaps;
use crate::app::panes::groups::{GroupsCaps, Tab};
use crate::app::source::{Key, SourceId, SourceInfo};
use crate::domain::error::ApiError;
use client::HeimdallClient;
use cpf::Cpf;

pub(crate) fn connect(id: SourceId, conn: &Connection) -> Result<Connected, ApiError> {
    let client = HeimdallClient::new(&conn.options)?;
    let mut info = SourceInfo::new("heimdall", "Heimdall", client.label());
    info.actions = Some(actions_caps());
    info.groups = Some(groups_caps());
    info.about = true;
    Ok(Connected { info, backend: Arc::new(Heimdall { id, client }) })
}

#[cfg(feature = "demo")]
pub(crate) fn demo(server: &opsy_demo::DemoServer) -> Connection {
    use super::http::{Auth, ServerOptions};
    let auth = Auth::Bearer(crate::domain::secret::Secret::new(server.heimdall_token()));
    Connection::new(ServerOptions::new(server.heimdall_url(), auth))
}

fn actions_caps() -> ActionsCaps {
    ActionsCaps {
        detail: true,
        history: Err("Heimdall keeps an audit table but no API reads it: there is no history to show".into()),
        facts_header: "ENDPOINTS",
        read_only: Some("Heimdall's actions are a catalogue of permission verbs: opsy shows them read-only"),
        ..ActionsCaps::default()
    }
}

/// Heimdall's own check on create, `^[a-z0-9_:]+$`, done before anything is sent.
fn check_group_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("a name is needed".into());
    }
    match name.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | ':'))) {
        Some(c) => Err(format!(
            "“{}” is not allowed: Heimdall takes lowercase letters, digits, '_' and ':'",
            c.escape_default()
        )),
        None => Ok(()),
    }
}

/// 11 digits (dots and dash allowed); wrong check digits are a warning, not a refusal.
fn check_cpf(input: &str) -> Result<(String, Option<String>), String> {
    let parsed = Cpf::parse(input).map_err(|e| e.to_string())?;
    let warning = parsed.warning.map(|w| format!("{}: {w}", parsed.cpf));
    Ok((parsed.cpf.as_str().to_string(), warning))
}

fn groups_caps() -> GroupsCaps {
    GroupsCaps {
        tabs: &[Tab::Members],
        create: true,
        rename: false,
        delete: true,
        add_members: true,
        remove_members: true,
        admins: false,
        member_noun: "CPF",
        detail_header: "ADDED",
        member_example: "123.456.789-09 98765432100",
        check_member: check_cpf,
        check_name: check_group_name,
        name_example: "e.g. rio:saude:admins",
        create_notes: &["Lowercase letters, digits, '_' and ':'.", "Creating groups needs Heimdall's superadmin role."],
        add_note: "A CPF Heimdall does not know yet gets a user created for it.",
        remove_note: "They lose what the group's roles grant at once: Heimdall checks membership on every request.",
        rename_note: "",
        delete_note: "Its memberships and role assignments go too. There is no undo.",
        delete_counts_actions: false,
        public_note: "",
        token_expirations: &[],
    }
}

struct Heimdall {
    id: SourceId,
    client: HeimdallClient,
}

impl Backend for Heimdall {
    fn fetch<'a>(&'a self, feed: &'a Feed, _held: Held) -> BoxFuture<'a, Result<Payload, ApiError>> {
        self.fetch_feed(feed).boxed()
    }

    fn probe(&self) -> BoxFuture<'_, Result<String, ApiError>> {
        async move {
            let me = self.client.me().await?;
            let roles = if me.roles.is_empty() { "no roles".to_string() } else { me.roles.join(", ") };
            Ok(format!("signed in as {} ({roles})", me.cpf))
        }
        .boxed()
    }

    fn call<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<Reply, ApiError>> {
        self.run(call).boxed()
    }
}

fn group_name(key: &Key) -> Result<&str, ApiError> {
    match key {
        Key::Text(name) => Ok(name),
        other => Err(ApiError::Local(format!("not a Heimdall group key: {other:?}"))),
    }
}

impl Heimdall {
    async fn fetch_feed(&self, feed: &Feed) -> Result<Payload, ApiError> {
        let c = &self.client;
        match feed {
            Feed::Actions(_) => {
                let rows = c.list_actions().await?.iter().map(|a| adapter::action_row(self.id, a)).collect();
                Ok(Payload::Actions(rows))
            }
            Feed::Groups(_) => {
                let rows = c.list_groups().await?.iter().map(|g| adapter::group_row(self.id, g)).collect();
                Ok(Payload::Groups(rows))
            }
            Feed::Group(_, key) => {
                let members = c.members(group_name(key)?).await?;
                Ok(Payload::Group(adapter::group_detail(key, &members)))
            }
            Feed::About(_) => {
                let me = c.me().await?;
                Ok(Payload::About(About { whoami: Some(adapter::whoami(&me)), history: None }))
            }
            _ => Err(unsupported("Heimdall", "such collection")),
        }
    }

    async fn run(&self, call: &Call) -> Result<Reply, ApiError> {
        let c = &self.client;
        match call {
            Call::Action(_, ActionCall::Detail { key: Key::NumText(id, name), .. }) => {
                let (action, mappings) = tokio::join!(c.get_action(*id), c.mappings_for(name));
                Ok(Reply::Document(adapter::action_detail(&action?, &mappings?)))
            }
            Call::Group(_, op) => self.group(op).await,
            _ => Err(unsupported("Heimdall", "such request")),
        }
    }

    async fn group(&self, op: &GroupCall) -> Result<Reply, ApiError> {
        let c = &self.client;
        match op {
            GroupCall::Create { name } => {
                let g = c.create_group(name, "").await?;
                Ok(Reply::GroupCreated { key: Key::text(g.name.raw()) })
            }
            GroupCall::Delete(key) => {
                c.delete_group(group_name(key)?).await?;
                Ok(Reply::Done)
            }
            GroupCall::AddMembers { group, members } => {
                Ok(Reply::MembersAdded(self.add_each(group_name(group)?, members).await))
            }
            GroupCall::RemoveMember { group, member } => {
                let group = group_name(group)?;
                c.remove_member(group, member).await?;
                // Heimdall answers 204 whatever happened: only the list says whether it worked.
                if c.members(group).await?.iter().any(|m| m.subject.raw() == &**member) {
                    return Err(ApiError::Local(format!(
                        "Heimdall answered 204 (done) but {} is still a member of {}: nothing was removed",
                        crate::domain::text::clean_line(member),
                        crate::domain::text::clean_line(group)
                    )));
                }
                Ok(Reply::Done)
            }
            _ => Err(unsupported("Heimdall", "such group change")),
        }
    }

    /// One `POST …/members` per CPF. An answer that is about the group or the caller (no
    /// permission, group unknown, server down) would repeat for every CPF: the rest are then
    /// not sent.
    async fn add_each(&self, group: &str, members: &[String]) -> AddMembersReport {
        let mut report = AddMembersReport::default();
        let mut rest = members.iter();
        for raw in rest.by_ref() {
            let result = match Cpf::parse(raw) {
                Ok(p) => self.client.add_member(group, &p.cpf).await,
                Err(e) => Err(ApiError::Local(e.to_string())),
            };
            match result {
                Ok(_) => report.added.push(raw.clone()),
                Err(e @ ApiError::Local(_)) => report.failed.push((raw.clone(), e)),
                Err(e) => {
                    let about_the_group = matches!(e.status(), Some(401 | 403 | 404) | None) || e.is_transient();
                    report.failed.push((raw.clone(), e));
                    if about_the_group {
                        break;
                    }
                }
            }
        }
        report.not_tried = rest.cloned().collect();
        report
    }
}

#[cfg(test)]
mod tests;
