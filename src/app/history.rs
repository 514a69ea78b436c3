//! The `:` line's history: Up and Down walk the commands typed before, in this session and
//! earlier ones (the runtime keeps them in a small file in the state directory). Each command
//! is kept once, at its latest use, and only the newest [`CAP`] are kept.

/// How many commands are kept.
pub(crate) const CAP: usize = 500;

#[derive(Debug, Clone, Default)]
pub(crate) struct History {
    /// Oldest first, no duplicates.
    entries: Vec<String>,
    /// The entry shown while walking; `None` while the operator types their own line.
    at: Option<usize>,
    /// What the operator had typed before walking into the history.
    draft: String,
    /// Whether the operator was told that the file cannot be written (said once).
    pub(crate) warned: bool,
}

impl History {
    /// From the file's lines, oldest first: blank lines dropped, a repeated command kept at
    /// its latest place, the newest [`CAP`].
    pub(crate) fn from_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> Self {
        let mut h = History::default();
        for line in lines {
            h.push(line);
        }
        h
    }

    pub(crate) fn lines(&self) -> &[String] {
        &self.entries
    }

    /// Remember a command run; `false` when the history is the same as before (it was
    /// already the newest).
    pub(crate) fn push(&mut self, line: &str) -> bool {
        self.reset();
        let line = line.trim();
        if line.is_empty() || self.entries.last().is_some_and(|l| l == line) {
            return false;
        }
        self.entries.retain(|l| l != line);
        self.entries.push(line.to_string());
        if self.entries.len() > CAP {
            self.entries.drain(..self.entries.len() - CAP);
        }
        true
    }

    /// One command further back, remembering `typed` when the walk starts; `None` at the
    /// oldest (the line stays as it is).
    pub(crate) fn older(&mut self, typed: &str) -> Option<&str> {
        let next = match self.at {
            None => {
                self.draft = typed.to_string();
                self.entries.len().checked_sub(1)?
            }
            Some(i) => i.checked_sub(1)?,
        };
        self.at = Some(next);
        self.entries.get(next).map(String::as_str)
    }

    /// One command forward; past the newest, the line the operator was typing.
    pub(crate) fn newer(&mut self) -> Option<&str> {
        let i = self.at?;
        if i + 1 < self.entries.len() {
            self.at = Some(i + 1);
            return self.entries.get(i + 1).map(String::as_str);
        }
        self.at = None;
        Some(self.draft.as_str())
    }

    /// The operator typed: the next Up starts from the newest again.
    pub(crate) fn reset(&mut self) {
        self.at = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_and_down_walk_back_and_return_to_what_was_typed() {
        let mut h = History::from_lines(["refresh", "profile prod", "help"]);
        assert_eq!(h.older("fil"), Some("help"));
        assert_eq!(h.older("ignored"), Some("profile prod"));
        assert_eq!(h.older(""), Some("refresh"));
        assert_eq!(h.older(""), None, "the oldest stays");
        assert_eq!(h.newer(), Some("profile prod"));
        assert_eq!(h.newer(), Some("help"));
        assert_eq!(h.newer(), Some("fil"), "past the newest: the draft");
        assert_eq!(h.newer(), None);
    }

    #[test]
    fn commands_are_kept_once_at_their_latest_use_and_capped() {
        let mut h = History::from_lines(["a", "", "b", "a", "  "]);
        assert_eq!(h.lines(), ["b", "a"]);
        assert!(!h.push("a"), "already the newest");
        assert!(h.push("b"));
        assert_eq!(h.lines(), ["a", "b"]);
        let many: Vec<String> = (0..CAP + 20).map(|i| format!("filter {i}")).collect();
        let h = History::from_lines(many.iter().map(String::as_str));
        assert_eq!(h.lines().len(), CAP);
        assert_eq!(h.lines().first().map(String::as_str), Some("filter 20"), "the oldest go");
    }

    #[test]
    fn an_empty_history_leaves_the_line_alone() {
        let mut h = History::default();
        assert_eq!(h.older("x"), None);
        assert_eq!(h.newer(), None);
    }
}
