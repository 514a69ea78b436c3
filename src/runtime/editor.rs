//! The operator's editor for `Effect::Edit`: `$VISUAL`, else `$EDITOR`, else `vi`, split like
//! a shell word list (`code --wait`, `emacs -nw`). The text goes to a private file in the
//! state directory, which is also the recovery file: it stays until the app says `Forget`.
//! The console hands the terminal over around [`run`] (`terminal::pause`/`resume`); tests
//! run it without a terminal.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::app::effect::EditFile;
use crate::app::msg::Edited;

/// Where edit files go and which editor opens them.
#[derive(Debug, Clone)]
pub(crate) struct EditorSetup {
    pub(crate) dir: PathBuf,
    /// `None`: read `$VISUAL`/`$EDITOR` when the editor starts.
    pub(crate) command: Option<Vec<String>>,
    /// The editor gets the console's terminal; tests give it none.
    pub(crate) terminal: bool,
}

impl EditorSetup {
    /// `<state dir>/edits`, the directory next to the log file.
    pub(crate) fn from_env() -> Self {
        let dir = directories::ProjectDirs::from("", "", "opsy")
            .map(|d| d.state_dir().unwrap_or_else(|| d.data_local_dir()).to_path_buf())
            .unwrap_or_else(std::env::temp_dir);
        Self { dir: dir.join("edits"), command: None, terminal: true }
    }
}

/// `$VISUAL`, else `$EDITOR`, else `vi`; empty variables count as unset.
pub(crate) fn command_from(visual: Option<&str>, editor: Option<&str>) -> Vec<String> {
    [visual, editor]
        .into_iter()
        .flatten()
        .map(split_words)
        .find(|w| !w.is_empty())
        .unwrap_or_else(|| vec!["vi".to_string()])
}

/// A shell's word splitting, without expansion: blanks separate, quotes group, a backslash
/// takes the next character as it is.
pub(crate) fn split_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') | (None, '\\') => {
                if let Some(n) = chars.next() {
                    word.push(n);
                }
                in_word = true;
            }
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// Write the file, run the editor on it and wait, read the file back. Blocking.
pub(crate) fn run(setup: &EditorSetup, file: EditFile) -> Edited {
    let path = match write(setup, &file) {
        Ok(p) => p,
        Err(e) => return Edited { path: file.path, result: Err(format!("cannot write the edit file: {e}")) },
    };
    let command = setup.command.clone().unwrap_or_else(|| {
        command_from(std::env::var("VISUAL").ok().as_deref(), std::env::var("EDITOR").ok().as_deref())
    });
    let result = launch(&command, &path, setup.terminal)
        .and_then(|()| std::fs::read_to_string(&path).map_err(|e| format!("cannot read {} back: {e}", path.display())));
    Edited { path: Some(path), result }
}

fn launch(command: &[String], path: &Path, terminal: bool) -> Result<(), String> {
    let shown = command.join(" ");
    let Some((program, args)) = command.split_first() else { return Err("no editor command".into()) };
    let mut cmd = Command::new(program);
    cmd.args(args).arg(path);
    if !terminal {
        cmd.stdin(Stdio::null()).stdout(Stdio::null());
    }
    tracing::info!(editor = %shown, file = %path.display(), "editor started");
    let status =
        cmd.status().map_err(|e| format!("cannot start the editor {shown:?}: {e} (set $VISUAL or $EDITOR)"))?;
    if status.success() { Ok(()) } else { Err(format!("the editor {shown:?} exited with {status}")) }
}

static SERIAL: AtomicU64 = AtomicU64::new(0);

/// A new private file, or the given recovery file rewritten with `text`.
fn write(setup: &EditorSetup, file: &EditFile) -> std::io::Result<PathBuf> {
    create_private_dir(&setup.dir)?;
    let path = match &file.path {
        Some(p) => p.clone(),
        None => {
            let serial = SERIAL.fetch_add(1, Ordering::Relaxed);
            let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S");
            setup.dir.join(format!("{}-{stamp}-{}-{serial}.{}", file.stem, std::process::id(), file.ext))
        }
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).truncate(true);
    if file.path.is_none() {
        options.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(&path)?;
    f.write_all(file.text.as_bytes())?;
    f.sync_all()?;
    Ok(path)
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// The text was applied or dropped: its recovery file goes, and the copies editors leave
/// beside it (emacs saves the text as it was to `file~`; vim's and emacs's autosaves go when
/// they quit, but not after a crash), which hold the operator's text too.
pub(crate) fn forget(path: &Path) {
    for file in std::iter::once(path.to_path_buf()).chain(leftovers(path)) {
        if let Err(e) = std::fs::remove_file(&file)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(file = %file.display(), error = %e, "cannot remove an edit file");
        }
    }
}

/// Edits never applied nor dropped (an Esc, a crash, another opsy at work): counted at start,
/// so the text they hold is not forgotten.
pub(crate) fn kept(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.') && !n.starts_with('#') && !n.ends_with('~'))
        .count()
}

/// `file~`, `#file#`, `.file.swp`: what emacs and vim write next to the file they edit.
fn leftovers(path: &Path) -> Vec<std::path::PathBuf> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else { return vec![] };
    [format!("{name}~"), format!("#{name}#"), format!(".{name}.swp")].into_iter().map(|n| dir.join(n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgetting_an_edit_removes_the_copies_editors_leave_beside_it() {
        let dir = std::env::temp_dir().join(format!("opsy-forget-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("a.yaml");
        let others = ["a.yaml~", "#a.yaml#", ".a.yaml.swp", "b.yaml"];
        for name in std::iter::once("a.yaml").chain(others) {
            std::fs::write(dir.join(name), "text").expect("write");
        }
        assert_eq!(kept(&dir), 2, "a.yaml and b.yaml, not what editors left");
        forget(&file);
        let left: Vec<String> =
            std::fs::read_dir(&dir).expect("list").filter_map(|e| e.ok()?.file_name().into_string().ok()).collect();
        assert_eq!(left, ["b.yaml"], "another edit's file stays");
        std::fs::remove_dir_all(&dir).expect("clean up");
    }

    #[test]
    fn the_editor_is_visual_then_editor_then_vi_split_like_a_shell() {
        assert_eq!(command_from(Some("code --wait"), Some("nano")), ["code", "--wait"]);
        assert_eq!(command_from(None, Some("emacs -nw")), ["emacs", "-nw"]);
        assert_eq!(command_from(Some("  "), Some("")), ["vi"]);
        assert_eq!(command_from(None, None), ["vi"]);
        assert_eq!(
            split_words(r#"'/opt/my editor/bin/ed' -c "set ft=yaml" a\ b"#),
            ["/opt/my editor/bin/ed", "-c", "set ft=yaml", "a b"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private_survives_the_edit_and_goes_when_forgotten() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("opsy-editor-test-{}", std::process::id()));
        let setup = EditorSetup {
            dir: dir.clone(),
            command: Some(vec!["sed".into(), "-i".into(), "s/old/new/".into()]),
            terminal: false,
        };
        let file = EditFile { path: None, stem: "platform-build".into(), ext: "yaml".into(), text: "old\n".into() };
        let edited = run(&setup, file);
        assert_eq!(edited.result, Ok("new\n".to_string()));
        let path = edited.path.unwrap_or_default();
        assert!(path.starts_with(&dir) && path.to_string_lossy().ends_with(".yaml"), "{}", path.display());
        let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777).unwrap_or(0);
        assert_eq!(mode, 0o600);
        let again =
            EditFile { path: Some(path.clone()), stem: String::new(), ext: String::new(), text: "old old\n".into() };
        assert_eq!(run(&setup, again).result, Ok("new old\n".to_string()), "the recovery file is reused");
        forget(&path);
        assert!(!path.exists());
        let failing = EditorSetup { command: Some(vec!["false".into()]), ..setup };
        let file = EditFile { path: None, stem: "x".into(), ext: "yaml".into(), text: "t".into() };
        let edited = run(&failing, file);
        assert!(edited.result.is_err_and(|e| e.contains("exited")));
        assert!(edited.path.as_ref().is_some_and(|p| p.exists()), "the text stays in its file");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
