//! `opsy --demo` and `opsy demo-server`: the demo server of the `opsy-demo` crate, and every
//! backend pointed at it. Only in builds with the `demo` feature (the default).

use std::process::ExitCode;

use color_eyre::eyre::{Result, WrapErr, eyre};
use opsy_demo::{DemoOptions, DemoServer};

use super::Backends;
use crate::backends;
use crate::config::ServerKind;

/// Start the demo server on a free loopback port, with a source for every dialect it speaks.
pub(crate) async fn start(size: usize) -> Result<(DemoServer, Backends)> {
    let server = DemoServer::start(DemoOptions { size, ..Default::default() }, 0)
        .await
        .wrap_err("starting the embedded demo server")?;
    let mut all = Backends::default();
    for kind in ServerKind::ALL {
        let Some(conn) = backends::demo(kind, &server) else { continue };
        let connected = backends::connect(kind, all.next_id(), &conn).map_err(|e| eyre!("{e}"))?;
        all.add(connected);
    }
    Ok((server, all))
}

/// `opsy demo-server`: run it alone until Ctrl-C, printing how to point opsy at it.
pub(crate) async fn serve(port: u16, size: usize) -> Result<ExitCode> {
    let server = DemoServer::start(DemoOptions { size, ..Default::default() }, port)
        .await
        .wrap_err_with(|| format!("starting the demo server on 127.0.0.1:{port}"))?;
    println!("opsy demo server on http://{}", server.addr());
    println!("  waldur:   {}  token: {}", server.waldur_url(), server.waldur_token());
    println!("  cds:      {}  session token: {}", server.cds_url(), server.cds_token());
    println!("  heimdall: {}  bearer JWT (superadmin): {}", server.heimdall_url(), server.heimdall_token());
    println!(
        "  zitadel:  {}  PAT (IAM owner): {}  org: {}",
        server.zitadel_url(),
        server.zitadel_token(),
        server.zitadel_org_id()
    );
    // One line to paste: the quick-start variables for all four servers.
    println!(
        "  try: OPSY_WALDUR_URL={} OPSY_WALDUR_TOKEN={} OPSY_CDS_URL={} OPSY_CDS_TOKEN={} \\\n       \
         OPSY_HEIMDALL_URL={} OPSY_HEIMDALL_TOKEN={} \\\n       \
         OPSY_ZITADEL_URL={} OPSY_ZITADEL_TOKEN={} OPSY_ZITADEL_ORG_ID={} opsy",
        server.waldur_url(),
        server.waldur_token(),
        server.cds_url(),
        server.cds_token(),
        server.heimdall_url(),
        server.heimdall_token(),
        server.zitadel_url(),
        server.zitadel_token(),
        server.zitadel_org_id()
    );
    tokio::signal::ctrl_c().await.wrap_err("waiting for Ctrl-C")?;
    server.shutdown().await;
    Ok(ExitCode::SUCCESS)
}
