//! What each feed fetches. Runs on the pollers' tasks.

use super::clients::Clients;
use crate::app::{Feed, Payload};
use crate::domain::error::ApiError;

pub async fn fetch(clients: &Clients, feed: &Feed) -> Result<Payload, ApiError> {
    match feed {
        Feed::UserActions(query) => {
            let waldur = clients.waldur.as_ref().ok_or_else(|| not_configured("Waldur"))?;
            // The summary honours the same filters; both in parallel.
            let (list, summary) = tokio::join!(waldur.list_user_actions(query), waldur.summary(query));
            Ok(Payload::UserActions { rows: list?.rows, summary: summary? })
        }
        Feed::Executions => {
            let waldur = clients.waldur.as_ref().ok_or_else(|| not_configured("Waldur"))?;
            let page = waldur.list_executions().await?;
            Ok(Payload::Executions { rows: page.rows, total: page.total })
        }
        Feed::CdsActions => {
            let cds = clients.cds.as_ref().ok_or_else(|| not_configured("CDS"))?;
            Ok(Payload::CdsActions(cds.list_actions().await?))
        }
        Feed::CdsAudits(path) => {
            let cds = clients.cds.as_ref().ok_or_else(|| not_configured("CDS"))?;
            Ok(Payload::CdsAudits(cds.action_audits(path).await?))
        }
        Feed::CdsGroups => {
            let cds = clients.cds.as_ref().ok_or_else(|| not_configured("CDS"))?;
            // withPublic: shared.infra is listed even for non-members (the app de-duplicates).
            Ok(Payload::CdsGroups(cds.list_groups(true, false).await?))
        }
        Feed::CdsGroup(name) => {
            let cds = clients.cds.as_ref().ok_or_else(|| not_configured("CDS"))?;
            Ok(Payload::CdsGroup(Box::new(cds.get_group(name.raw()).await?)))
        }
        Feed::CdsTokens(name) => {
            let cds = clients.cds.as_ref().ok_or_else(|| not_configured("CDS"))?;
            Ok(Payload::CdsTokens(cds.list_tokens(name.raw()).await?))
        }
        Feed::CdsGroupActions(id) => {
            let cds = clients.cds.as_ref().ok_or_else(|| not_configured("CDS"))?;
            Ok(Payload::CdsGroupActions(cds.group_actions(*id).await?))
        }
        Feed::CdsWorkerModels(id) => {
            let cds = clients.cds.as_ref().ok_or_else(|| not_configured("CDS"))?;
            Ok(Payload::CdsWorkerModels(cds.worker_models(*id).await?))
        }
    }
}

pub fn not_configured(server: &str) -> ApiError {
    ApiError::Local(format!("no {server} server in this profile"))
}
