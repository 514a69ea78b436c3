//! Local files for export and import. An existing file is never replaced unless the operator
//! confirmed it: `create_new` makes the check and the creation one atomic step.

use std::path::Path;

use tokio::io::AsyncWriteExt;

use crate::app::msg::Reply;
use crate::domain::error::ApiError;

/// Largest file `I` will read: an action document is a few kilobytes.
const MAX_IMPORT: u64 = 16 * 1024 * 1024;

pub(crate) async fn write_export(dest: &Path, body: &[u8], overwrite: bool) -> Result<Reply, ApiError> {
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = match options.open(dest).await {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Ok(Reply::ExportTargetExists { dest: dest.to_path_buf() });
        }
        Err(e) => return Err(local(dest, "create", &e)),
    };
    file.write_all(body).await.map_err(|e| local(dest, "write", &e))?;
    file.flush().await.map_err(|e| local(dest, "write", &e))?;
    Ok(Reply::Exported { dest: dest.to_path_buf(), bytes: body.len() })
}

pub(crate) async fn read_import(file: &Path) -> Result<Vec<u8>, ApiError> {
    let meta = tokio::fs::metadata(file).await.map_err(|e| local(file, "read", &e))?;
    if !meta.is_file() {
        return Err(ApiError::Local(format!("{} is not a file", file.display())));
    }
    if meta.len() > MAX_IMPORT {
        return Err(ApiError::Local(format!("{} is larger than 16 MiB: not an action document", file.display())));
    }
    tokio::fs::read(file).await.map_err(|e| local(file, "read", &e))
}

fn local(path: &Path, verb: &str, e: &std::io::Error) -> ApiError {
    ApiError::Local(format!("cannot {verb} {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn never_overwrites_without_confirmation() {
        let dir = std::env::temp_dir().join(format!("opsy-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let dest = dir.join("a.yml");
        let _ = std::fs::remove_file(&dest);
        assert!(matches!(write_export(&dest, b"one", false).await, Ok(Reply::Exported { bytes: 3, .. })));
        assert!(matches!(write_export(&dest, b"two", false).await, Ok(Reply::ExportTargetExists { .. })));
        assert_eq!(std::fs::read(&dest).expect("read"), b"one");
        assert!(matches!(write_export(&dest, b"three", true).await, Ok(Reply::Exported { bytes: 5, .. })));
        assert_eq!(std::fs::read(&dest).expect("read"), b"three");
        assert_eq!(read_import(&dest).await.expect("reads"), b"three");
        let err = read_import(&dir.join("missing.yml")).await.expect_err("missing");
        assert!(err.to_string().contains("missing.yml"), "{err}");
        let err = read_import(&dir).await.expect_err("a directory");
        assert!(err.to_string().contains("not a file"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
