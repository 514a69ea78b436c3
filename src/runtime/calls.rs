//! Mutations and one-off requests, each on its own task; the answer comes back as `Msg::Done`.

use futures_util::StreamExt;

use super::clients::Clients;
use super::fetch::not_configured;
use crate::app::msg::AddMembersReport;
use crate::app::{Call, Reply};
use crate::backends::cds::client::CdsClient;
use crate::backends::cds::wire::ExportFormat;
use crate::domain::error::ApiError;

/// Per-row silencing in parallel, but gently: a few at a time.
const PARALLEL_SILENCES: usize = 4;

pub async fn execute(clients: &Clients, call: Call) -> Result<Reply, ApiError> {
    let waldur = || clients.waldur.as_ref().ok_or_else(|| not_configured("Waldur"));
    let cds = || clients.cds.as_ref().ok_or_else(|| not_configured("CDS"));
    match call {
        Call::WaldurGet { uuid } => Ok(Reply::UserAction(Box::new(waldur()?.get_user_action(uuid).await?))),
        Call::WaldurSilence { uuid, days } => Ok(Reply::Silenced(waldur()?.silence(uuid, days).await?)),
        Call::WaldurUnsilence { uuid } => {
            waldur()?.unsilence(uuid).await?;
            Ok(Reply::Unsilenced)
        }
        Call::WaldurBulkSilence { query, days } => Ok(Reply::BulkSilenced(waldur()?.bulk_silence(&query, days).await?)),
        Call::WaldurSilenceEach { uuids, days } => {
            let client = waldur()?;
            let results: Vec<_> = futures_util::stream::iter(uuids)
                .map(|uuid| async move { (uuid, client.silence(uuid, days).await) })
                .buffer_unordered(PARALLEL_SILENCES)
                .collect()
                .await;
            let ok = results.iter().filter(|(_, r)| r.is_ok()).count();
            let failed = results.into_iter().filter_map(|(u, r)| r.err().map(|e| (u, e))).collect();
            Ok(Reply::SilencedEach { ok, failed })
        }
        Call::WaldurExecute { uuid, label } => Ok(Reply::Executed(waldur()?.execute(uuid, &label).await?)),
        Call::WaldurUpdateActions => Ok(Reply::UpdateScheduled(waldur()?.update_actions(None).await?)),
        Call::CdsGetAction(path) => Ok(Reply::CdsAction(Box::new(cds()?.get_action(&path).await?))),
        Call::CdsUsage(path) => Ok(Reply::CdsUsage(cds()?.action_usage(&path).await?)),
        Call::CdsDeleteAction(path) => {
            cds()?.delete_action(&path).await?;
            Ok(Reply::CdsDeleted)
        }
        Call::CdsRollback { path, audit_id } => {
            Ok(Reply::CdsAction(Box::new(cds()?.rollback_action(&path, audit_id).await?)))
        }
        Call::CdsExport { path, format, dest, overwrite } => {
            let body = cds()?.export_action(&path, format).await?;
            super::files::write_export(&dest, &body, overwrite).await
        }
        Call::CdsImport { file } => {
            let bytes = super::files::read_import(&file).await?;
            let format = ExportFormat::from_file_name(&file.to_string_lossy());
            Ok(Reply::Imported(Box::new(cds()?.import_action(format, bytes).await?)))
        }
        Call::CdsCreateGroup { name } => Ok(Reply::CdsGroupCreated(cds()?.create_group(&name).await?)),
        Call::CdsRenameGroup { old, new } => {
            Ok(Reply::CdsGroupRenamed(Box::new(cds()?.rename_group(&old, &new).await?)))
        }
        Call::CdsDeleteGroup { name } => {
            cds()?.delete_group(&name).await?;
            Ok(Reply::CdsDeleted)
        }
        Call::CdsAddMembers { group, usernames } => {
            Ok(Reply::CdsMembersAdded(add_each(cds()?, &group, usernames).await))
        }
        Call::CdsRemoveMember { group, username } => {
            cds()?.remove_user(&group, &username).await?;
            Ok(Reply::CdsGroupChanged)
        }
        Call::CdsSetAdmin { group, username } => {
            cds()?.set_admin(&group, &username).await?;
            Ok(Reply::CdsGroupChanged)
        }
        Call::CdsRemoveAdmin { group, username } => {
            cds()?.remove_admin(&group, &username).await?;
            Ok(Reply::CdsGroupChanged)
        }
        Call::CdsGenerateToken { group, expiration, description } => {
            Ok(Reply::CdsTokenGenerated(Box::new(cds()?.generate_token(&group, expiration, &description).await?)))
        }
        Call::CdsRevokeToken { group, id } => {
            cds()?.delete_token(&group, id).await?;
            Ok(Reply::CdsDeleted)
        }
    }
}

/// One `POST /group/{g}/user` per username, in order: CDS adds a list all or nothing, and
/// answers 500 id 1 for a username it does not know, so one typo would block everyone.
/// An answer that is not about the user (no right on the group, group gone, server down)
/// would repeat for every name: the rest are then not sent.
async fn add_each(cds: &CdsClient, group: &str, usernames: Vec<String>) -> AddMembersReport {
    let mut report = AddMembersReport::default();
    let mut rest = usernames.into_iter();
    for name in rest.by_ref() {
        match cds.add_users(group, std::slice::from_ref(&name)).await {
            Ok(()) => report.added.push(name),
            Err(e) if e.status() == Some(500) && e.code() == Some(1) => report.unknown.push(name),
            Err(e) => {
                let about_the_group = matches!(e.status(), Some(401 | 403 | 404) | None) || e.is_transient();
                report.failed.push((name, e));
                if about_the_group {
                    break;
                }
            }
        }
    }
    report.not_tried = rest.collect();
    report
}

#[cfg(test)]
#[path = "calls_tests.rs"]
mod tests;
