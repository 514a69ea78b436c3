//! CDS error definitions: a stable id, the HTTP status it maps to, the English message,
//! and optionally the detail the server appends as ` (from: …)`.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CdsError {
    pub id: i64,
    pub status: u16,
    pub message: &'static str,
    pub detail: Option<String>,
}

macro_rules! errors {
    ($($fn:ident => ($id:expr, $status:expr, $msg:expr);)*) => {
        impl CdsError {
            $(pub fn $fn() -> Self {
                Self { id: $id, status: $status, message: $msg, detail: None }
            })*
        }
    };
}

errors! {
    internal => (1, 500, "internal server error");
    action_not_found => (3, 404, "action does not exist");
    not_authenticated => (10, 401, "not authenticated");
    forbidden => (11, 403, "forbidden");
    group_not_found => (20, 404, "group does not exist");
    invalid_name => (24, 400, "invalid name");
    invalid_credentials => (25, 400, "invalid user or password");
    group_pattern => (32, 400, "group name must respect '^[a-zA-Z0-9.-_-]{1,}$'");
    group_exists => (33, 409, "group already exists");
    last_admin => (34, 400, "not enough group admin left");
    not_found => (38, 404, "resource not found");
    maintenance => (60, 503, "service currently unavailable or down for maintenance");
    need_admin => (63, 400, "need at least 1 administrator");
    wrong_request => (74, 400, "wrong request");
    already_exists => (75, 409, "already exists");
    invalid_requirement => (98, 400, "Invalid job requirement");
    duplicate_model => (123, 400, "Invalid job requirements: you can't select multiple worker models");
    duplicate_hostname => (124, 400, "Invalid job requirements: you can't select multiple hostname");
    not_group_admin => (150, 403, "User is not a group's admin");
    not_group_member => (151, 403, "User is not a group's member");
    malformed_step => (167, 400, "Malformatted step");
}

impl CdsError {
    /// `sdk.NewErrorFrom(err, detail)`: the detail shows as ` (from: detail)`.
    pub fn with_from(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn text(&self) -> String {
        match &self.detail {
            Some(d) => format!("{} (from: {d})", self.message),
            None => self.message.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_suffixed() {
        let e = CdsError::forbidden().with_from("cannot delete action build is used in other actions or pipelines");
        assert_eq!((e.id, e.status), (11, 403));
        assert_eq!(e.text(), "forbidden (from: cannot delete action build is used in other actions or pipelines)");
        assert_eq!(CdsError::not_found().text(), "resource not found");
    }
}
