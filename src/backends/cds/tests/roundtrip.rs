//! CDS's own import/export fixtures (tests/fixtures at tag 0.43.1, copied unchanged): each
//! `action_X.yml` imported through `CdsClient::import_action` and exported again through
//! `CdsClient::export_action` gives `action_X_expected.yml` byte for byte. The expected files
//! were written by `cdsctl action export > file`, and cdsctl prints the body followed by a
//! newline: that newline is added here, exactly as cdsctl adds it.

use crate::backends::cds::client::CdsClient;
use crate::backends::cds::wire::{ActionPath, ExportFormat, ImportOutcome};
use crate::backends::http::{Auth, ServerOptions};
use crate::domain::secret::Secret;
use opsy_demo::{DemoOptions, DemoServer};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cds");

async fn start() -> DemoServer {
    let now = "2025-06-10T09:30:00Z".parse().expect("timestamp");
    DemoServer::start(DemoOptions { size: 10, now: Some(now), ..Default::default() }, 0).await.expect("demo starts")
}

fn admin(server: &DemoServer) -> CdsClient {
    let opts = ServerOptions::new(server.cds_url(), Auth::Session(Secret::new(server.cds_admin_token())));
    CdsClient::new(&opts).expect("client")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

async fn round_trip(fixture_name: &str, action: &str) {
    let server = start().await;
    let client = admin(&server);
    let imported = client.import_action(ExportFormat::Yaml, fixture(&format!("{fixture_name}.yml"))).await;
    let imported = imported.unwrap_or_else(|e| panic!("{fixture_name}: import failed: {e}"));
    assert!(matches!(imported, ImportOutcome::Created(_)), "{fixture_name}: a new action is a 201");
    assert_eq!(imported.action().name, action);

    let path = ActionPath::new("shared.infra", action);
    let body = client.export_action(&path, ExportFormat::Yaml).await.expect("export");
    let mut as_cdsctl_prints_it = body.to_vec();
    as_cdsctl_prints_it.push(b'\n');
    let expected = fixture(&format!("{fixture_name}_expected.yml"));
    assert_eq!(
        String::from_utf8_lossy(&as_cdsctl_prints_it),
        String::from_utf8_lossy(&expected),
        "{fixture_name}: export differs from CDS's"
    );
    assert_eq!(as_cdsctl_prints_it, expected, "{fixture_name}: bytes differ");

    // The exact request the client sent: the document untouched, the exact content type.
    let sent = server.requests().into_iter().find(|r| r.path == "/cdsapi/action/import").expect("import request");
    assert_eq!(sent.header("content-type"), Some("application/x-yaml"));
    assert_eq!(sent.body.to_vec(), fixture(&format!("{fixture_name}.yml")));

    // Importing the export again is an update of the same action, and changes nothing.
    let again = client.import_action(ExportFormat::Yaml, body.clone()).await.expect("re-import");
    assert!(matches!(again, ImportOutcome::Updated(_)));
    assert_eq!(again.action().id, imported.action().id);
    let second = client.export_action(&path, ExportFormat::Yaml).await.expect("export again");
    assert_eq!(second, body);
}

#[tokio::test]
async fn enabled_fixture_round_trips() {
    round_trip("action_enabled", "CDS_TestIT_Enabled").await;
}

#[tokio::test]
async fn disabled_fixture_round_trips() {
    round_trip("action_disabled", "CDS_TestIT_Disabled").await;
}

#[tokio::test]
async fn git_clone_fixture_round_trips() {
    round_trip("action_git_clone", "CDS_TestIT_GitClone").await;
}
