//! The `:` history on disk: one command a line in `<state dir>/history`, private to the
//! user (commands name profiles and filters). Reading or writing it never stops the console:
//! a failure is a sentence the console says once.

use std::io::Write;
use std::path::{Path, PathBuf};

/// `$XDG_STATE_HOME/opsy/history` (or the platform's equivalent).
pub(crate) fn path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "opsy")?;
    Some(dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir()).join("history"))
}

/// The commands, oldest first; no file yet is an empty history.
pub(crate) fn read(path: &Path) -> Result<Vec<String>, String> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).lines().map(str::to_string).collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("cannot read the command history {}: {e}", path.display())),
    }
}

/// Replace the file with `lines` (written aside, then renamed: a crash never leaves half).
pub(crate) fn write(path: &Path, lines: &[String]) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot write the command history {}: {e}", path.display());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let aside = path.with_extension("new");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&aside).map_err(fail)?;
    let mut text = lines.join("\n");
    text.push('\n');
    file.write_all(text.as_bytes()).map_err(fail)?;
    drop(file);
    std::fs::rename(&aside, path).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_lines_read_back_and_a_missing_file_is_empty() {
        let dir = std::env::temp_dir().join(format!("opsy-history-{}-{}", std::process::id(), fastrand::u64(..)));
        let file = dir.join("sub/history");
        assert_eq!(read(&file), Ok(vec![]));
        let lines = vec!["profile prod".to_string(), "filter high".to_string()];
        write(&file, &lines).expect("written");
        assert_eq!(read(&file), Ok(lines));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_that_cannot_be_written_is_a_sentence_naming_it() {
        let dir = std::env::temp_dir().join(format!("opsy-history-ro-{}-{}", std::process::id(), fastrand::u64(..)));
        std::fs::create_dir_all(&dir).expect("dir");
        // A directory where the file should be: neither readable as text nor replaceable.
        let file = dir.join("history");
        std::fs::create_dir_all(file.join("x")).expect("blocking dir");
        let why = write(&file, &["q".to_string()]).expect_err("cannot replace a directory");
        assert!(why.starts_with("cannot write the command history") && why.contains("history"), "{why}");
        let why = read(&file).expect_err("a directory is not a history");
        assert!(why.starts_with("cannot read the command history"), "{why}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
