//! `opsy export` and `opsy import`: a CDS action as a file, the format cdsctl uses. The export
//! goes to standard output (`> file` is the shell's business, so nothing is ever overwritten
//! by opsy); the import reads a file and is a change like any other.

use std::path::Path;

use crate::app::effect::{ActionCall, Call};
use crate::app::msg::Reply;
use crate::app::source::Key;
use crate::backends::cds::client::CdsClient;
use crate::backends::cds::wire::{ActionPath, ExportFormat as WireFormat};

use super::args::{ExportFormat, Yes};
use super::confirm::confirm;
use super::exit::{Exit, Failure, Outcome};
use super::get::find_action;
use super::render::write_out;
use super::session::Session;

/// The action is found in the list first: the export names exactly the action listed, with
/// its byte-exact group and name.
pub(crate) async fn export(session: &Session, path: &str, format: ExportFormat) -> Outcome {
    let (source, row) = find_action(session, "cds", path).await?;
    let Key::Pair(group, name) = &row.key else {
        return Err(Failure::usage(format!("{path} is not a CDS action path")));
    };
    let conn = session.connection(source).ok_or_else(|| Failure::usage("no CDS connection"))?;
    let client = CdsClient::new(&conn.options).map_err(|e| Failure::api("connecting to CDS", &e))?;
    let wire = match format {
        ExportFormat::Yaml => WireFormat::Yaml,
        ExportFormat::Json => WireFormat::Json,
    };
    let body = client
        .export_action(&ActionPath::new(&**group, &**name), wire)
        .await
        .map_err(|e| Failure::api(&format!("exporting {path}"), &e))?;
    let mut text = String::from_utf8_lossy(&body).into_owned();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    write_out(&text)?;
    Ok(Exit::Ok)
}

pub(crate) async fn import(session: &Session, file: &Path, yes: Yes) -> Outcome {
    session.allow_changes("import")?;
    let source = session.source("cds")?;
    if !file.is_file() {
        return Err(Failure::usage(format!("{} is not a file", file.display())));
    }
    let format = if file.to_string_lossy().ends_with(".json") { "JSON" } else { "YAML" };
    confirm(
        yes,
        &format!(
            "import {} ({format}) into CDS on {}, replacing any action with the same group and name",
            file.display(),
            source.server
        ),
    )?;
    let call = Call::Action(source.id, ActionCall::Import { file: file.to_path_buf() });
    match session.call(&call).await {
        Ok(Reply::Imported { created, name }) => {
            println!(
                "{name}: {}",
                if created { "created" } else { "replaced (its previous state is in its audit log)" }
            );
            Ok(Exit::Ok)
        }
        Ok(_) => Ok(Exit::Ok),
        Err(e) => Err(Failure::api(&format!("importing {}", file.display()), &e)),
    }
}
