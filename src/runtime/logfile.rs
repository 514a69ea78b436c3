//! The log file: one per day, the last week kept, `opsy.log` pointing at today's. The
//! directory is private (0700) and every log file 0600: requests are logged, and an operator's
//! server names and errors are nobody else's business on a shared jump host.

use std::path::Path;

use tracing_appender::rolling::{RollingFileAppender, Rotation};

/// Days of logs kept; older files are deleted as days roll over.
const KEPT_DAYS: usize = 7;

pub(super) fn open(dir: &Path) -> std::io::Result<RollingFileAppender> {
    std::fs::create_dir_all(dir)?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("opsy")
        .filename_suffix("log")
        .max_log_files(KEPT_DAYS)
        .latest_symlink("opsy.log")
        .build(dir)
        .map_err(std::io::Error::other)?;
    make_private(dir)?;
    Ok(appender)
}

/// 0700 on the directory (so a file created later at the next day's rollover is private too),
/// 0600 on the files already there.
#[cfg(unix)]
fn make_private(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    for entry in std::fs::read_dir(dir)?.flatten() {
        let is_log = entry.file_name().to_str().is_some_and(|n| n.starts_with("opsy.") && n.ends_with(".log"));
        if is_log && entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_private(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn logs_are_private_rotated_and_reachable_as_opsy_log() {
        let tmp = std::env::temp_dir().join(format!("opsy-log-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let mut appender = open(&tmp).expect("log opens");
        appender.write_all(b"hello\n").expect("write");
        appender.flush().expect("flush");
        let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode(&tmp), 0o700);
        let files: Vec<_> = std::fs::read_dir(&tmp)
            .expect("dir")
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(mode(&files[0]), 0o600, "{}", files[0].display());
        let name = files[0].file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        assert!(name.starts_with("opsy.") && name.ends_with(".log") && name.len() > 8, "dated: {name}");
        let latest = std::fs::read_to_string(tmp.join("opsy.log")).expect("opsy.log points at today's file");
        assert_eq!(latest, "hello\n");
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
