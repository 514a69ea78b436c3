//! The Builtin actions CDS 0.43 ships and how the export format spells them as step bodies
//!: `script`, a struct body with named fields, or a bare string.

/// The action a `script:` step runs; its one parameter is `script`.
pub const SCRIPT: &str = "Script";

/// A step body written as a struct: the export key, the Builtin it runs, and the struct's
/// fields in Go declaration order (which is also the parameters it sets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StructBody {
    pub key: &'static str,
    pub action: &'static str,
    pub fields: &'static [&'static str],
}

pub const STRUCT_BODIES: [StructBody; 7] = [
    StructBody { key: "coverage", action: "Coverage", fields: &["format", "minimum", "path"] },
    StructBody { key: "artifactDownload", action: "Artifact Download", fields: &["path", "pattern", "tag"] },
    StructBody { key: "artifactUpload", action: "Artifact Upload", fields: &["destination", "path", "tag"] },
    StructBody {
        key: "serveStaticFiles",
        action: "Serve Static Files",
        fields: &["destination", "entrypoint", "name", "path", "static-key"],
    },
    StructBody {
        key: "gitClone",
        action: "GitClone",
        fields: &[
            "branch",
            "commit",
            "depth",
            "directory",
            "password",
            "privateKey",
            "submodules",
            "tag",
            "url",
            "user",
        ],
    },
    StructBody {
        key: "gitTag",
        action: "GitTag",
        fields: &["path", "prefix", "tagLevel", "tagMessage", "tagMetadata", "tagPrerelease"],
    },
    StructBody { key: "release", action: "Release", fields: &["artifacts", "releaseNote", "tag", "title"] },
];

/// A step body written as one string: the export key, the Builtin, and the parameter the
/// string fills (none for `deploy`, whose export is always the same template).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextBody {
    pub key: &'static str,
    pub action: &'static str,
    pub param: Option<&'static str>,
}

pub const TEXT_BODIES: [TextBody; 3] = [
    TextBody { key: "jUnitReport", action: "JUnitReport", param: Some("path") },
    TextBody { key: "checkout", action: "CheckoutApplication", param: Some("directory") },
    TextBody { key: "deploy", action: "DeployApplication", param: None },
];

/// What a `deploy` step always exports as.
pub const DEPLOY_TEMPLATE: &str = "{{.cds.application}}";

/// gitClone values equal to these defaults are left out of an export.
pub const GIT_CLONE_DEFAULTS: [(&str, &str); 3] = [("depth", "50"), ("submodules", "true"), ("tag", "{{.git.tag}}")];
