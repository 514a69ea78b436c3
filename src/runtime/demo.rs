//! `opsy --demo` and `opsy demo-server`: the demo server of the `opsy-demo` crate, and clients
//! pointed at it. Only in builds with the `demo` feature (the default).

use std::process::ExitCode;

use color_eyre::eyre::{Result, WrapErr, eyre};
use opsy_demo::{DemoOptions, DemoServer};

use super::Clients;
use crate::backends::cds::client::CdsClient;
use crate::backends::http::{Auth, ServerOptions};
use crate::backends::waldur::client::WaldurClient;
use crate::domain::secret::Secret;

/// Start the demo server on a free loopback port, with clients for every dialect it speaks.
pub(crate) async fn start(size: usize) -> Result<(DemoServer, Clients)> {
    let server = DemoServer::start(DemoOptions { size, ..Default::default() }, 0)
        .await
        .wrap_err("starting the embedded demo server")?;
    let mut clients = Clients::default();
    let waldur = ServerOptions::new(server.waldur_url(), Auth::Token(Secret::new(server.waldur_token())));
    clients.waldur = Some(WaldurClient::new(&waldur).map_err(|e| eyre!("{e}"))?);
    let cds = ServerOptions::new(server.cds_url(), Auth::Session(Secret::new(server.cds_token())));
    clients.cds = Some(CdsClient::new(&cds).map_err(|e| eyre!("{e}"))?);
    Ok((server, clients))
}

/// `opsy demo-server`: run it alone until Ctrl-C, printing how to point opsy at it.
pub(crate) async fn serve(port: u16, size: usize) -> Result<ExitCode> {
    let server = DemoServer::start(DemoOptions { size, ..Default::default() }, port)
        .await
        .wrap_err_with(|| format!("starting the demo server on 127.0.0.1:{port}"))?;
    println!("opsy demo server on http://{}", server.addr());
    println!("  waldur: {}  token: {}", server.waldur_url(), server.waldur_token());
    println!("  cds:    {}  session token: {}", server.cds_url(), server.cds_token());
    println!(
        "  try: OPSY_WALDUR_URL={} OPSY_WALDUR_TOKEN={} OPSY_CDS_URL={} OPSY_CDS_TOKEN={} opsy",
        server.waldur_url(),
        server.waldur_token(),
        server.cds_url(),
        server.cds_token()
    );
    tokio::signal::ctrl_c().await.wrap_err("waiting for Ctrl-C")?;
    server.shutdown().await;
    Ok(ExitCode::SUCCESS)
}
