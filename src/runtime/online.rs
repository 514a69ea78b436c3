//! `opsy config check --online`: one cheap authenticated request per configured server, with
//! the answer in a line, so that a wrong token is found before the console is opened (the
//! offline check only knows that a token could be obtained, not that the server takes it).

use std::fmt::Write;
use std::time::Instant;

use crate::app::source::SourceId;
use crate::backends::{self, Connection};
use crate::config::{self, Selected, ServerKind};
use crate::domain::secret::Secret;
use crate::domain::text::clean_line;

/// The report's lines, and how many servers failed.
pub(super) async fn check(selected: &Selected, tokens: Vec<(ServerKind, Secret)>) -> (String, usize) {
    let mut out = String::from("\nonline (one request per server):\n");
    let mut failed = 0;
    for (kind, secret) in tokens {
        let Some(entry) = selected.server(kind) else { continue };
        let mut conn = Connection::new(config::options_with(entry, secret));
        conn.org_id = entry.org_id.clone();
        conn.ui_url = entry.ui_url.clone();
        let started = Instant::now();
        let answer = match backends::connect(kind, SourceId(0), &conn) {
            Ok(c) => c.backend.probe().await,
            Err(e) => Err(e),
        };
        let ms = started.elapsed().as_millis();
        let line = match answer {
            Ok(said) => format!("ok, {} ({ms} ms)", clean_line(&said)),
            Err(e) => {
                failed += 1;
                let hint = e.hint().map(|h| format!("; {}", clean_line(&h.replace('\n', " ")))).unwrap_or_default();
                format!("FAILED: {}{hint}", clean_line(&e.to_string()))
            }
        };
        let _ = writeln!(out, "  {:<9} {line}", kind.name());
    }
    (out, failed)
}

#[cfg(all(test, feature = "demo"))]
mod tests {
    use super::*;
    use crate::config::{AuthKind, Profile, ServerEntry, TokenSource};

    fn entry(url: String, auth: AuthKind) -> ServerEntry {
        ServerEntry {
            url,
            token: TokenSource::None,
            auth,
            insecure: false,
            timeout_secs: 10,
            org_id: None,
            ui_url: None,
        }
    }

    #[tokio::test]
    async fn each_server_is_asked_once_and_a_refused_token_is_a_failure() {
        let server = opsy_demo::DemoServer::start(Default::default(), 0).await.expect("demo");
        let mut zitadel = entry(server.zitadel_url(), AuthKind::Bearer);
        zitadel.org_id = Some(server.zitadel_org_id().to_string());
        let profile = Profile {
            cds: Some(entry(server.cds_url(), AuthKind::Session)),
            waldur: Some(entry(server.waldur_url(), AuthKind::Token)),
            heimdall: Some(entry(server.heimdall_url(), AuthKind::Bearer)),
            zitadel: Some(zitadel),
            read_only: false,
        };
        let selected = Selected { name: "t".into(), profile };
        let good = vec![
            (ServerKind::Cds, Secret::new(server.cds_token())),
            (ServerKind::Waldur, Secret::new(server.waldur_token())),
            (ServerKind::Heimdall, Secret::new(server.heimdall_token())),
            (ServerKind::Zitadel, Secret::new(server.zitadel_token())),
        ];
        let (text, failed) = check(&selected, good).await;
        assert_eq!(failed, 0, "{text}");
        assert!(text.contains("waldur    ok, the token is accepted"), "{text}");
        assert!(text.contains("heimdall  ok, signed in as"), "{text}");
        assert!(!text.contains(server.waldur_token()), "no token in the report");

        let wrong =
            vec![(ServerKind::Waldur, Secret::new("0000wrong0000")), (ServerKind::Cds, Secret::new("nope-nope"))];
        let (text, failed) = check(&selected, wrong).await;
        assert_eq!(failed, 2, "{text}");
        assert!(text.contains("waldur    FAILED: ") && text.contains("401"), "{text}");
        assert!(!text.contains("0000wrong0000"), "{text}");
    }
}
