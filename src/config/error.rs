//! A configuration mistake, phrased for the operator who has to fix it: where (file, line,
//! column), which key, what is wrong and, when we know it, what would be right.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConfigError {
    pub(crate) file: Option<PathBuf>,
    /// 1-based. `u32` keeps the error small enough to return by value everywhere; files are
    /// capped far below 4 G lines.
    pub(crate) line: Option<u32>,
    /// 1-based; only for TOML syntax errors, where the line alone is not enough.
    pub(crate) column: Option<u32>,
    /// Dotted, e.g. `polling.interval_secs`, or the environment variable at fault.
    pub(crate) key: Option<String>,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
    /// See [`ConfigError::is_token_problem`].
    pub(crate) token: bool,
}

impl ConfigError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self { file: None, line: None, column: None, key: None, message: message.into(), hint: None, token: false }
    }

    pub(crate) fn in_file(mut self, file: impl Into<PathBuf>, line: Option<usize>) -> Self {
        self.file = Some(file.into());
        self.line = line.and_then(|l| u32::try_from(l).ok());
        self
    }

    pub(crate) fn column(mut self, column: usize) -> Self {
        self.column = u32::try_from(column).ok();
        self
    }

    pub(crate) fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The token could not be obtained (variable unset, command failed): the server is
    /// configured correctly, it just cannot be used right now.
    pub(crate) fn is_token_problem(&self) -> bool {
        self.token
    }

    pub(crate) fn token_problem(mut self) -> Self {
        self.token = true;
        self
    }

    /// Configuration errors exit with 2, like a usage error: nothing was attempted yet.
    pub(crate) fn exit_code(&self) -> u8 {
        2
    }

    /// Print the error for the operator and give the exit code, for `map_err` in commands
    /// that stop at the first configuration problem.
    pub(crate) fn report(self) -> std::process::ExitCode {
        eprintln!("{self}");
        std::process::ExitCode::from(self.exit_code())
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("config error: ")?;
        if let Some(file) = &self.file {
            write!(f, "{}:", file.display())?;
            if let Some(line) = self.line {
                write!(f, "{line}:")?;
                if let Some(column) = self.column {
                    write!(f, "{column}:")?;
                }
            }
            f.write_str(" ")?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_hint() {
        let e = ConfigError::new("polling.interval_secs = 1 is below the floor of 2 seconds")
            .in_file("/home/u/.config/opsy/config.toml", Some(3))
            .key("polling.interval_secs")
            .hint("use 2 or more");
        assert_eq!(
            e.to_string(),
            "config error: /home/u/.config/opsy/config.toml:3: polling.interval_secs = 1 is below the floor of 2 \
             seconds\n  hint: use 2 or more"
        );
        assert_eq!(e.exit_code(), 2);
        let e = ConfigError::new("invalid TOML").in_file("c.toml", Some(2)).column(7);
        assert_eq!(e.to_string(), "config error: c.toml:2:7: invalid TOML");
        assert_eq!(ConfigError::new("unknown profile").to_string(), "config error: unknown profile");
    }
}
