//! File paths typed in a field: `~` is the home directory, a relative path is under the
//! directory opsy was started in (shown in the dialog), and Tab completes like a shell. The
//! directory itself is read by the runtime (`Effect::ListDir`); this module only decides.

use std::path::PathBuf;

/// Where relative paths and `~` point; both may be unknown (no `$HOME`, a deleted cwd).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Places {
    pub(crate) cwd: Option<PathBuf>,
    pub(crate) home: Option<PathBuf>,
}

/// One entry of a listed directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) is_dir: bool,
}

/// The result of Tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Completion {
    /// The new text of the field, when it grew.
    pub(crate) text: Option<String>,
    /// What is left to choose from, or why nothing matched.
    pub(crate) note: Option<String>,
}

impl Places {
    /// The path the operator means by `typed`.
    pub(crate) fn resolve(&self, typed: &str) -> PathBuf {
        let expanded = match (typed.strip_prefix('~'), &self.home) {
            (Some(""), Some(home)) => home.clone(),
            (Some(rest), Some(home)) if rest.starts_with('/') => home.join(rest.trim_start_matches('/')),
            _ => PathBuf::from(typed),
        };
        match &self.cwd {
            Some(cwd) if expanded.is_relative() => cwd.join(expanded),
            _ => expanded,
        }
    }

    /// The directory to list for completing `typed`, and the name prefix to match in it.
    pub(crate) fn to_complete(&self, typed: &str) -> (PathBuf, String) {
        match typed.rfind('/') {
            Some(i) => (self.resolve(&typed[..=i]), typed[i + 1..].to_string()),
            None if typed == "~" => (self.resolve("~/"), String::new()),
            None => (self.resolve("."), typed.to_string()),
        }
    }

    /// A line for dialogs that take a relative path.
    pub(crate) fn relative_note(&self) -> String {
        match &self.cwd {
            Some(cwd) => format!("A relative path is under {}; ~ is your home. Tab completes.", cwd.display()),
            None => "Give a full path: the current directory is unknown. Tab completes.".to_string(),
        }
    }
}

/// Extend `typed` with what every match of its last component shares, as a shell does.
pub(crate) fn complete(typed: &str, entries: &[Entry]) -> Completion {
    let (head, prefix) = match typed.rfind('/') {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None if typed == "~" => ("~/", ""),
        None => ("", typed),
    };
    let show_hidden = prefix.starts_with('.');
    let mut matches: Vec<&Entry> =
        entries.iter().filter(|e| e.name.starts_with(prefix) && (show_hidden || !e.name.starts_with('.'))).collect();
    matches.sort_by(|a, b| a.name.cmp(&b.name));
    match matches.as_slice() {
        [] if prefix.is_empty() && entries.is_empty() => {
            Completion { text: None, note: Some("this directory is empty".into()) }
        }
        [] if prefix.is_empty() => Completion { text: None, note: Some("only hidden files here: type . first".into()) },
        [] => Completion { text: None, note: Some(format!("nothing here starts with “{prefix}”")) },
        [one] => {
            let slash = if one.is_dir { "/" } else { "" };
            Completion { text: Some(format!("{head}{}{slash}", one.name)), note: None }
        }
        many => {
            let common = common_prefix(many.iter().map(|e| e.name.as_str()));
            let text = (common.len() > prefix.len()).then(|| format!("{head}{common}"));
            let names: Vec<String> =
                many.iter().take(8).map(|e| if e.is_dir { format!("{}/", e.name) } else { e.name.clone() }).collect();
            let more = if many.len() > 8 { format!(" … ({} in all)", many.len()) } else { String::new() };
            Completion { text, note: Some(format!("{}{more}", names.join("  "))) }
        }
    }
}

fn common_prefix<'a>(mut names: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = names.next() else { return String::new() };
    let mut end = first.len();
    for name in names {
        end = first[..end].chars().zip(name.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a.len_utf8()).sum();
    }
    first[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places() -> Places {
        Places { cwd: Some("/work".into()), home: Some("/home/ops".into()) }
    }
    fn e(name: &str, is_dir: bool) -> Entry {
        Entry { name: name.into(), is_dir }
    }

    #[test]
    fn tilde_is_home_and_relative_is_under_the_start_directory() {
        let p = places();
        assert_eq!(p.resolve("~/ops/a.yml"), PathBuf::from("/home/ops/ops/a.yml"));
        assert_eq!(p.resolve("~"), PathBuf::from("/home/ops"));
        assert_eq!(p.resolve("a.yml"), PathBuf::from("/work/a.yml"));
        assert_eq!(p.resolve("/etc/a.yml"), PathBuf::from("/etc/a.yml"));
        // `~user` is not expanded: it would need the password database.
        assert_eq!(p.resolve("~bob/a"), PathBuf::from("/work/~bob/a"));
        let unknown = Places::default();
        assert_eq!(unknown.resolve("~/a"), PathBuf::from("~/a"));
        assert!(unknown.relative_note().contains("full path"));
        assert!(p.relative_note().contains("/work"));
    }

    #[test]
    fn the_directory_to_list_is_the_typed_one() {
        let p = places();
        assert_eq!(p.to_complete("~/ops/k8s"), (PathBuf::from("/home/ops/ops/"), "k8s".into()));
        assert_eq!(p.to_complete("k8s"), (PathBuf::from("/work/."), "k8s".into()));
        assert_eq!(p.to_complete("~"), (PathBuf::from("/home/ops/"), String::new()));
    }

    #[test]
    fn tab_completes_a_unique_match_and_extends_a_shared_prefix() {
        let entries = [e("k8s-deploy.yml", false), e("k8s-rollback.yml", false), e("docs", true), e(".hidden", false)];
        let one = complete("~/ops/do", &entries);
        assert_eq!(one, Completion { text: Some("~/ops/docs/".into()), note: None });
        let many = complete("~/ops/k8s", &entries);
        assert_eq!(many.text.as_deref(), Some("~/ops/k8s-"));
        assert_eq!(many.note.as_deref(), Some("k8s-deploy.yml  k8s-rollback.yml"));
        let none = complete("zz", &entries);
        assert_eq!(none.text, None);
        assert!(none.note.is_some_and(|n| n.contains("zz")));
        assert_eq!(complete("", &entries).note.as_deref(), Some("docs/  k8s-deploy.yml  k8s-rollback.yml"));
        assert_eq!(complete(".h", &entries).text.as_deref(), Some(".hidden"));
        assert_eq!(
            complete("~/", &[e(".bashrc", false)]).note.as_deref(),
            Some("only hidden files here: type . first")
        );
        assert_eq!(complete("~/", &[]).note.as_deref(), Some("this directory is empty"));
        let accents = [e("été-1", false), e("été-2", false)];
        assert_eq!(complete("é", &accents).text.as_deref(), Some("été-"));
    }
}
