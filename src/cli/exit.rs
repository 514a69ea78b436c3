//! The exit codes scripts rely on (documented in `--help` and the README), and the failure
//! that carries one with its message.

use std::process::ExitCode;

use crate::domain::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    Ok = 0,
    /// The server refused or could not be reached.
    Server = 1,
    /// A wrong argument or configuration: nothing was sent.
    Usage = 2,
    /// `--read-only` or the profile's `read_only` refused a change.
    ReadOnly = 3,
    /// The target named does not exist.
    NotFound = 4,
}

impl Exit {
    pub(crate) fn code(self) -> ExitCode {
        ExitCode::from(self as u8)
    }

    /// The worse of two outcomes, for a command with several targets: any server failure
    /// wins over "not found", which wins over success.
    pub(crate) fn worst(self, other: Exit) -> Exit {
        let rank = |e: Exit| match e {
            Exit::Ok => 0,
            Exit::NotFound => 1,
            Exit::Server => 2,
            Exit::ReadOnly => 3,
            Exit::Usage => 4,
        };
        if rank(other) > rank(self) { other } else { self }
    }

    /// A 404 means the target is gone (or never was); anything else is the server's or the
    /// network's.
    pub(crate) fn of(e: &ApiError) -> Exit {
        if e.status() == Some(404) { Exit::NotFound } else { Exit::Server }
    }
}

/// Why a command stopped, said once on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) exit: Exit,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn new(exit: Exit, message: impl Into<String>) -> Self {
        Self { exit, message: message.into() }
    }

    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(Exit::NotFound, message)
    }

    /// A server's answer, with the backend's explanation when it has one.
    pub(crate) fn api(context: &str, e: &ApiError) -> Self {
        Self::new(Exit::of(e), format!("{context}: {}", describe(e)))
    }
}

/// The error and, on a line of its own, what it means (the glossary's hint).
pub(crate) fn describe(e: &ApiError) -> String {
    match e.hint() {
        Some(hint) => format!("{e}\n  {hint}"),
        None => e.to_string(),
    }
}

pub(crate) type Outcome<T = Exit> = Result<T, Failure>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::error::StatusError;

    fn status(code: u16) -> ApiError {
        ApiError::Status(StatusError { status: code, ..Default::default() })
    }

    #[test]
    fn a_404_is_not_found_and_anything_else_from_a_server_is_1() {
        assert_eq!(Exit::of(&status(404)), Exit::NotFound);
        assert_eq!(Exit::of(&status(403)), Exit::Server);
        assert_eq!(Exit::of(&ApiError::Local("no token".into())), Exit::Server);
    }

    #[test]
    fn several_targets_exit_with_the_worst_outcome() {
        assert_eq!(Exit::Ok.worst(Exit::NotFound), Exit::NotFound);
        assert_eq!(Exit::NotFound.worst(Exit::Server), Exit::Server);
        assert_eq!(Exit::Server.worst(Exit::NotFound), Exit::Server);
        assert_eq!(Exit::Server.worst(Exit::Ok), Exit::Server);
        assert_eq!(Exit::Ok.worst(Exit::Ok), Exit::Ok);
    }
}
