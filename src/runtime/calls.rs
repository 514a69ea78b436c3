//! Mutations and one-off requests, each on its own task; the answer comes back as `Msg::Done`.

use futures_util::StreamExt;

use super::clients::Clients;
use super::fetch::not_configured;
use crate::app::{Call, Reply};
use crate::domain::cds::ExportFormat;
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
    }
}
