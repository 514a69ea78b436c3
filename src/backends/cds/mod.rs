//! OVH CDS (API 0.40–0.43): actions with their audits and rollback, groups, members,
//! admins and group tokens. Wire notes: docs/wire-cds.md.

pub(crate) mod adapter;
pub(crate) mod client;
pub(crate) mod edit;
pub(crate) mod glossary;
mod keys;
pub(crate) mod wire;

use std::sync::Arc;

use futures_util::FutureExt;
use futures_util::future::BoxFuture;

use crate::app::effect::{ActionCall, AuditCall, Call, GroupCall};
use crate::app::msg::{AddMembersReport, Feed, Payload, Reply};
use crate::app::panes::actions::ActionsCaps;
use crate::app::panes::groups::{GroupsCaps, Tab};
use crate::app::source::{SourceId, SourceInfo};
use crate::domain::error::ApiError;
use client::CdsClient;
use glossary::{Asked, explain};
use wire::{Expiration, ImportOutcome};

use super::{Backend, Connected, Connection, Held, files, unsupported};

pub(crate) fn connect(id: SourceId, conn: &Connection) -> Result<Connected, ApiError> {
    let client = CdsClient::new(&conn.options)?;
    let mut info = SourceInfo::new("cds", "CDS", client.label());
    info.actions = Some(actions_caps());
    info.groups = Some(groups_caps());
    Ok(Connected { info, backend: Arc::new(Cds { id, client }) })
}

#[cfg(feature = "demo")]
pub(crate) fn demo(server: &opsy_demo::DemoServer) -> Connection {
    use super::http::{Auth, ServerOptions};
    let auth = Auth::Session(crate::domain::secret::Secret::new(server.cds_token()));
    Connection::new(ServerOptions::new(server.cds_url(), auth))
}

fn actions_caps() -> ActionsCaps {
    ActionsCaps {
        detail: true,
        usage: true,
        export: true,
        import: true,
        delete: true,
        // CDS forces `enabled` on Default actions: there is nothing to toggle.
        toggle: false,
        edit: true,
        create: true,
        edit_notes: &[
            "Sent as CDS's import (POST /action/import, YAML): the export format you edited, matched on group and name.",
            "The previous version stays in the action's audit log (a, then R rolls back).",
        ],
        history: Ok(()),
        revert: true,
        facts_header: "P/R",
        owner_label: "group",
        read_only: None,
        delete_notes: &["CDS refuses to delete an action still used by a pipeline or another action (w shows where)."],
        delete_warning: "There is no undo: a deleted action has no audit to roll back to.",
        export_note: "A name ending in .json gets JSON, anything else YAML.",
        import_notes: &[
            "File to read: YAML, or JSON when the name ends in .json (the format of e).",
            "The document's group decides where it goes (none means shared.infra).",
            "An action with the same group and name is replaced; its previous state stays in its audit log.",
        ],
        revert_note: " (CDS records the rollback as a new change)",
        revert_done: "CDS recorded it as a new change",
    }
}

/// CDS's own check, `^[a-zA-Z0-9._-]+$`, done before anything is sent.
pub(crate) fn check_group_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("a name is needed".into());
    }
    match name.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))) {
        Some(c) => Err(format!("“{}” is not allowed: use letters, digits, '.', '_' and '-'", c.escape_default())),
        None => Ok(()),
    }
}

/// A username as typed: sent as it is (CDS says which ones it does not know).
fn check_username(name: &str) -> Result<(String, Option<String>), String> {
    Ok((name.to_string(), None))
}

fn groups_caps() -> GroupsCaps {
    GroupsCaps {
        tabs: &[Tab::Members, Tab::Tokens, Tab::Actions, Tab::WorkerModels],
        create: true,
        rename: true,
        delete: true,
        add_members: true,
        remove_members: true,
        admins: true,
        member_noun: "username",
        detail_header: "EMAIL",
        member_example: "alice bob, carol",
        check_member: check_username,
        check_name: check_group_name,
        name_example: "e.g. platform-team",
        create_notes: &["Letters, digits, '.', '_' and '-'. You become its first member and admin."],
        add_note: "They join as plain members (A promotes).",
        remove_note: "They lose access to the group's actions, tokens and projects (CDS caches permissions: up to 2 minutes).",
        rename_note: "Members, admins, tokens and actions stay with it. Anything that names the group (exported action files, scripts, cdsctl commands) must use the new name.",
        delete_note: "Its memberships, tokens and project permissions go too. There is no undo.",
        delete_counts_actions: true,
        public_note: "shared.infra is the public group: every CDS user relies on its actions and worker models.",
        token_expirations: &[
            ("session", "short-lived: expires with a CDS session"),
            ("daily", "expires after a day"),
            ("persistent", "never expires: revoke it when it is no longer needed"),
        ],
    }
}

struct Cds {
    id: SourceId,
    client: CdsClient,
}

impl Backend for Cds {
    fn fetch<'a>(&'a self, feed: &'a Feed, _held: Held) -> BoxFuture<'a, Result<Payload, ApiError>> {
        self.fetch_feed(feed).boxed()
    }

    fn probe(&self) -> BoxFuture<'_, Result<String, ApiError>> {
        async move {
            let n = self.client.list_groups(false, false).await?.len();
            Ok(format!("the token is accepted (a member of {n} group{})", if n == 1 { "" } else { "s" }))
        }
        .boxed()
    }

    fn call<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<Reply, ApiError>> {
        self.run(call).boxed()
    }
}

impl Cds {
    async fn fetch_feed(&self, feed: &Feed) -> Result<Payload, ApiError> {
        let c = &self.client;
        match feed {
            Feed::Actions(_) => Ok(Payload::Actions(adapter::actions::rows(self.id, &c.list_actions().await?))),
            Feed::Audits(_, key) => {
                let path = keys::action_path(key)?;
                let audits = c.action_audits(&path).await.map_err(|e| explain(e, Asked::Action))?;
                Ok(Payload::Audits(adapter::actions::audit_rows(audits)))
            }
            // withPublic: shared.infra is listed even for non-members.
            Feed::Groups(_) => {
                Ok(Payload::Groups(adapter::groups::group_rows(self.id, c.list_groups(true, false).await?)))
            }
            Feed::Group(_, key) => {
                let group = c.get_group(keys::group_name(key)?).await.map_err(|e| explain(e, Asked::Group))?;
                Ok(Payload::Group(adapter::groups::detail(&group)))
            }
            Feed::GroupTab(_, key, Tab::Tokens) => {
                let tokens = c.list_tokens(keys::group_name(key)?).await.map_err(|e| explain(e, Asked::Tokens))?;
                Ok(Payload::Tokens(adapter::groups::tokens(tokens)))
            }
            Feed::GroupTab(_, key, Tab::Actions) => {
                let list = c.group_actions(keys::group_id(key)?).await?;
                let (rows, builtins) =
                    adapter::groups::group_actions(&list, keys::group_name(key)?, keys::group_id(key)?);
                Ok(Payload::GroupActions { rows, builtins })
            }
            Feed::GroupTab(_, key, Tab::WorkerModels) => {
                let list = c.worker_models(keys::group_id(key)?).await?;
                Ok(Payload::WorkerModels(adapter::groups::worker_models(list, keys::group_name(key)?)))
            }
            _ => Err(unsupported("CDS", "such collection")),
        }
    }

    async fn run(&self, call: &Call) -> Result<Reply, ApiError> {
        match call {
            Call::Action(_, op) => self.action(op).await.map_err(|e| explain(e, Asked::Action)),
            Call::Audit(_, AuditCall::Revert { key, audit }) => {
                let path = keys::action_path(key)?;
                self.client.rollback_action(&path, *audit).await.map_err(|e| explain(e, Asked::Action))?;
                Ok(Reply::Done)
            }
            Call::Group(_, op) => self.group(op).await,
            Call::Waldur(..) => Err(unsupported("CDS", "user actions")),
        }
    }

    async fn action(&self, op: &ActionCall) -> Result<Reply, ApiError> {
        let c = &self.client;
        match op {
            ActionCall::Detail { key, .. } => {
                Ok(Reply::Document(adapter::actions::detail(&c.get_action(&keys::action_path(key)?).await?)))
            }
            ActionCall::Usage(key) => {
                Ok(Reply::Document(adapter::actions::usage(&c.action_usage(&keys::action_path(key)?).await?)))
            }
            ActionCall::Delete(key) => {
                c.delete_action(&keys::action_path(key)?).await?;
                Ok(Reply::Done)
            }
            ActionCall::Export { key, dest, overwrite } => {
                let format = wire::ExportFormat::from_file_name(&dest.to_string_lossy());
                let body = c.export_action(&keys::action_path(key)?, format).await?;
                files::write_export(dest, &body, *overwrite).await
            }
            ActionCall::Import { file } => {
                let bytes = files::read_import(file).await?;
                let format = wire::ExportFormat::from_file_name(&file.to_string_lossy());
                let (created, action) = match c.import_action(format, bytes).await? {
                    ImportOutcome::Created(a) => (true, a),
                    ImportOutcome::Updated(a) => (false, a),
                };
                Ok(Reply::Imported { created, name: action.full_name() })
            }
            ActionCall::SetActive { .. } => Err(unsupported("CDS", "enable/disable for actions")),
            ActionCall::EditText(key) => {
                let body = c.export_action(&keys::action_path(key)?, wire::ExportFormat::Yaml).await?;
                let text = String::from_utf8(body.to_vec())
                    .map_err(|_| ApiError::Local("the export is not UTF-8 text: it cannot be edited here".into()))?;
                Ok(Reply::EditText { text, ext: "yaml" })
            }
            ActionCall::Owners => Ok(Reply::Owners(self.admin_groups().await?)),
            ActionCall::Template { owner } => Ok(Reply::EditText { text: edit::template(owner), ext: "yaml" }),
            ActionCall::CheckEdit { key, text } => {
                let editing = key.as_ref().map(keys::action_path).transpose()?;
                edit::check(text, editing.as_ref())?;
                Ok(Reply::Done)
            }
            ActionCall::ApplyEdit { key, text } => self.apply_edit(key.as_ref(), text).await,
        }
    }

    /// The import is an upsert: for a new action, a name already taken would silently replace
    /// that action, so it is looked up first.
    async fn apply_edit(&self, key: Option<&crate::app::source::Key>, text: &str) -> Result<Reply, ApiError> {
        let c = &self.client;
        let editing = key.map(keys::action_path).transpose()?;
        let checked = edit::check(text, editing.as_ref())?;
        if editing.is_none() {
            match c.get_action(&checked.path).await {
                Ok(_) => {
                    return Err(ApiError::Local(format!(
                        "{}/{} already exists: nothing was sent. Pick another name, or edit that action with E",
                        checked.path.group, checked.path.name
                    )));
                }
                Err(e) if e.status() == Some(404) => {}
                Err(e) => return Err(e),
            }
        }
        let (created, action) = match c.import_action(wire::ExportFormat::Yaml, text.to_string()).await? {
            ImportOutcome::Created(a) => (true, a),
            ImportOutcome::Updated(a) => (false, a),
        };
        let path = action.path().unwrap_or(checked.path);
        Ok(Reply::EditApplied { key: keys::action(&path), name: format!("{}/{}", path.group, path.name), created })
    }

    /// The groups whose actions the caller may write: where the server marks an action
    /// `editable` (admin of its group, or a CDS admin), plus the caller's other groups that
    /// answer their token list, which CDS gives only to the group's admins (G11: 200 for an
    /// admin, 403 otherwise): a group administered that has no action yet.
    async fn admin_groups(&self) -> Result<Vec<String>, ApiError> {
        let (actions, listed) = tokio::join!(self.client.list_actions(), self.client.list_groups(false, false));
        let mut groups: Vec<String> =
            actions?.iter().filter(|a| a.editable).filter_map(|a| a.path().map(|p| p.group)).collect();
        let others: Vec<String> =
            listed?.into_iter().map(|g| g.name.raw().to_string()).filter(|n| !groups.contains(n)).collect();
        let probes = futures_util::future::join_all(others.iter().map(|g| self.client.list_tokens(g))).await;
        groups.extend(others.into_iter().zip(probes).filter(|(_, r)| r.is_ok()).map(|(g, _)| g));
        groups.sort();
        groups.dedup();
        Ok(groups)
    }

    async fn group(&self, op: &GroupCall) -> Result<Reply, ApiError> {
        let c = &self.client;
        match op {
            // The runtime sends these one `RemoveMember` at a time (runtime/backends.rs).
            GroupCall::RemoveMembers { .. } => Err(unsupported("CDS", "several removals in one call")),
            GroupCall::Create { name } => {
                let created = c.create_group(name).await.map_err(|e| explain(e, Asked::Group))?;
                Ok(Reply::GroupCreated { key: keys::group(&created) })
            }
            GroupCall::Rename { group, new } => {
                let renamed =
                    c.rename_group(keys::group_name(group)?, new).await.map_err(|e| explain(e, Asked::Rename))?;
                let id = if renamed.id != 0 { renamed.id } else { keys::group_id(group).unwrap_or(0) };
                Ok(Reply::GroupRenamed { key: crate::app::source::Key::NumText(id, renamed.name.raw().into()) })
            }
            GroupCall::Delete(group) => {
                c.delete_group(keys::group_name(group)?).await.map_err(|e| explain(e, Asked::Group))?;
                Ok(Reply::Done)
            }
            GroupCall::AddMembers { group, members } => {
                Ok(Reply::MembersAdded(self.add_each(keys::group_name(group)?, members).await))
            }
            GroupCall::RemoveMember { group, member } => {
                c.remove_user(keys::group_name(group)?, member).await.map_err(|e| explain(e, Asked::Member))?;
                Ok(Reply::Done)
            }
            GroupCall::SetAdmin { group, member, admin: true } => {
                c.set_admin(keys::group_name(group)?, member).await.map_err(|e| explain(e, Asked::Promote))?;
                Ok(Reply::Done)
            }
            GroupCall::SetAdmin { group, member, admin: false } => {
                c.remove_admin(keys::group_name(group)?, member).await.map_err(|e| explain(e, Asked::Member))?;
                Ok(Reply::Done)
            }
            GroupCall::GenerateToken { group, expiration, description } => {
                let expiration = Expiration::parse(expiration)
                    .ok_or_else(|| ApiError::Local(format!("CDS has no token lifetime {expiration:?}")))?;
                let token = c
                    .generate_token(keys::group_name(group)?, expiration, description)
                    .await
                    .map_err(|e| explain(e, Asked::Group))?;
                Ok(Reply::TokenGenerated { secret: token.token })
            }
            GroupCall::RevokeToken { group, id } => {
                c.delete_token(keys::group_name(group)?, *id).await.map_err(|e| explain(e, Asked::Group))?;
                Ok(Reply::Done)
            }
        }
    }

    /// One `POST /group/{g}/user` per username, in order: CDS adds a list all or nothing,
    /// and answers 500 id 1 for a username it does not know, so one typo would block everyone.
    /// An answer that is not about the user (no right on the group, group gone, server down)
    /// would repeat for every name: the rest are then not sent.
    async fn add_each(&self, group: &str, usernames: &[String]) -> AddMembersReport {
        let mut report = AddMembersReport {
            unknown_hint: Some(
                "CDS answers 500 'internal server error' for a username it does not know: check the spelling.",
            ),
            ..Default::default()
        };
        let mut rest = usernames.iter();
        for name in rest.by_ref() {
            match self.client.add_users(group, std::slice::from_ref(name)).await {
                Ok(()) => report.added.push(name.clone()),
                Err(e) if e.status() == Some(500) && e.code() == Some(1) => report.unknown.push(name.clone()),
                Err(e) => {
                    let about_the_group = matches!(e.status(), Some(401 | 403 | 404) | None) || e.is_transient();
                    report.failed.push((name.clone(), explain(e, Asked::Member)));
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
