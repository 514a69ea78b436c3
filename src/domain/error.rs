//! What can go wrong talking to a server, in words an operator can act on. Lives in the domain
//! so that `app` can react to it (a 404 means "resolved", a 403 gets explained) without
//! depending on the HTTP layer.

use std::fmt;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ApiError {
    /// No connection could be made (refused, DNS, TLS handshake).
    Connect { server: String, detail: String },
    /// No complete answer within the deadline.
    Timeout { server: String, after: Duration },
    /// The connection broke while the answer was being read.
    Dropped { server: String, detail: String },
    /// The server answered with an error status and a body we could read.
    Status(StatusError),
    /// Like [`Self::Status`], for an answer whose status says "server error" but whose body
    /// says the request itself was refused, so retrying cannot help: Heimdall reports a
    /// permission denial as `500 "…: 403: …"`, and a token without the claim it needs as a
    /// 500 too. Shown exactly like `Status`; only [`Self::is_transient`] differs.
    Refused(StatusError),
    /// The server answered something that is not the JSON we asked for (an HTML error page,
    /// a proxy's login form…).
    NotJson { server: String, status: u16, content_type: String, snippet: String },
    /// The JSON did not have the shape of the contract.
    Decode { server: String, what: &'static str, detail: String },
    /// The answer exceeded the size cap.
    TooLarge { server: String, limit: usize },
    /// A local problem before anything was sent (bad URL, missing token…).
    Local(String),
}

/// An error status with the server's own words kept verbatim.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct StatusError {
    pub(crate) server: String,
    pub(crate) status: u16,
    /// The server's message (Waldur `detail`/`error`/field errors, CDS `message`), cleaned.
    pub(crate) message: String,
    /// CDS error id (`{"id":11,…}`).
    pub(crate) code: Option<i64>,
    /// CDS error uuid, the only correlation id operators can give to the CDS team.
    pub(crate) correlation: Option<String>,
    /// What the answer means for the operator, in plain words, when the server's own words
    /// are terse or misleading. Set by the backend's glossary, which knows its server's
    /// quirks (a CDS error id, a Heimdall 403 wrapped in a 500…). Not part of `Display`:
    /// screens show it on a line of its own.
    pub(crate) hint: Option<String>,
}

impl ApiError {
    pub(crate) fn status(&self) -> Option<u16> {
        match self {
            Self::Status(s) | Self::Refused(s) => Some(s.status),
            Self::NotJson { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub(crate) fn code(&self) -> Option<i64> {
        match self {
            Self::Status(s) | Self::Refused(s) => s.code,
            _ => None,
        }
    }

    /// The backend's plain-words explanation, if it has one (see [`StatusError::hint`]).
    pub(crate) fn hint(&self) -> Option<&str> {
        match self {
            Self::Status(s) | Self::Refused(s) => s.hint.as_deref(),
            _ => None,
        }
    }

    /// Attach a plain-words explanation to a status error (other errors explain themselves).
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        if let Self::Status(s) | Self::Refused(s) = &mut self {
            s.hint = Some(hint.into());
        }
        self
    }

    /// Transport-level failures are worth retrying with backoff; an answer is not.
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            Self::Connect { .. } | Self::Timeout { .. } | Self::Dropped { .. } => true,
            Self::Status(s) => s.status >= 500,
            Self::Refused(_) => false,
            Self::NotJson { status, .. } => *status >= 500,
            _ => false,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Connect { server, detail } => write!(f, "cannot reach {server}: {detail}"),
            Self::Timeout { server, after } => {
                write!(f, "{server} did not answer within {}s", after.as_secs())
            }
            Self::Dropped { server, detail } => {
                write!(f, "connection to {server} dropped: {detail}")
            }
            Self::Status(s) | Self::Refused(s) => {
                write!(f, "{} answered {}", s.server, s.status)?;
                if let Some(code) = s.code {
                    write!(f, " (id {code})")?;
                }
                if !s.message.is_empty() {
                    write!(f, ": {}", s.message)?;
                }
                if let Some(c) = &s.correlation {
                    write!(f, " [error {c}]")?;
                }
                Ok(())
            }
            Self::NotJson { server, status, content_type, snippet } => {
                let kind = if content_type.is_empty() { "a non-JSON body" } else { content_type.as_str() };
                write!(f, "{server} answered {status} with {kind} instead of JSON")?;
                if !snippet.is_empty() {
                    write!(f, ": {snippet}")?;
                }
                Ok(())
            }
            Self::Decode { server, what, detail } => {
                write!(f, "unexpected {what} from {server}: {detail}")
            }
            Self::TooLarge { server, limit } => {
                write!(f, "{server} sent more than {} MiB; refusing to hold it", limit / (1024 * 1024))
            }
            Self::Local(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_errors_keep_the_server_words_and_ids() {
        let e = ApiError::Status(StatusError {
            server: "cds.example.com".into(),
            status: 403,
            message: "forbidden (from: cannot delete action build is used in other actions or pipelines)".into(),
            code: Some(11),
            correlation: Some("5d1c".into()),
            hint: None,
        });
        assert_eq!(
            e.to_string(),
            "cds.example.com answered 403 (id 11): forbidden (from: cannot delete action build is used in other actions or pipelines) [error 5d1c]"
        );
        assert!(!e.is_transient());
        assert_eq!(e.code(), Some(11));
    }

    #[test]
    fn a_refusal_inside_a_500_reads_like_any_status_but_is_not_retried() {
        let s = StatusError {
            server: "heimdall".into(),
            status: 500,
            message: "Failed to update action: 403: Insufficient permissions to update actions".into(),
            ..Default::default()
        };
        let plain = ApiError::Status(s.clone());
        let refused = ApiError::Refused(s).with_hint("forbidden");
        assert_eq!(refused.to_string(), plain.to_string());
        assert_eq!((refused.status(), refused.hint()), (Some(500), Some("forbidden")));
        assert!(plain.is_transient());
        assert!(!refused.is_transient());
    }

    #[test]
    fn html_pages_are_described_not_dumped() {
        let e = ApiError::NotJson {
            server: "waldur".into(),
            status: 500,
            content_type: "text/html".into(),
            snippet: "Server Error (500)".into(),
        };
        assert_eq!(e.to_string(), "waldur answered 500 with text/html instead of JSON: Server Error (500)");
        assert!(e.is_transient());
    }
}
