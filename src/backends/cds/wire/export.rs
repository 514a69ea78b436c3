//! The export/import document formats and the import outcome (spec 5.9, A7, A8).

use super::*;

/// The two encodings of an exported action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum ExportFormat {
    #[default]
    Yaml,
    Json,
}

impl ExportFormat {
    /// cdsctl's rule for imports and exports: JSON when the file name ends in `.json`
    /// (case-sensitive), YAML for anything else.
    pub(crate) fn from_file_name(name: &str) -> Self {
        if name.ends_with(".json") { Self::Json } else { Self::Yaml }
    }

    /// The `?format=` value of an export.
    pub(crate) fn as_query(self) -> &'static str {
        match self {
            Self::Yaml => "yaml",
            Self::Json => "json",
        }
    }

    /// The import `Content-Type`: exactly this, no parameters, or the server answers 400.
    pub(crate) fn content_type(self) -> &'static str {
        match self {
            Self::Yaml => "application/x-yaml",
            Self::Json => "application/json",
        }
    }
}

/// An import is an upsert by (group, name): the status says which it was.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ImportOutcome {
    /// 201: a new action.
    Created(Action),
    /// 200: an existing action was replaced.
    Updated(Action),
}

#[cfg(test)]
impl ImportOutcome {
    pub(crate) fn action(&self) -> &Action {
        match self {
            Self::Created(a) | Self::Updated(a) => a,
        }
    }
}
