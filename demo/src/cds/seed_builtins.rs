//! The Builtin actions of CDS 0.43 (with their parameters and defaults) and one Plugin.

use super::model::{ActionKind, CdsAction, Id, Parameter};

fn p(name: &str, kind: &str, value: &str, description: &str) -> Parameter {
    Parameter::new(name, kind, value, description)
}

fn builtin(id: Id, name: &str, description: &str, parameters: Vec<Parameter>) -> CdsAction {
    CdsAction {
        id,
        group: None,
        name: name.into(),
        kind: ActionKind::Builtin,
        description: description.into(),
        enabled: true,
        deprecated: false,
        parameters,
        requirements: Vec::new(),
        steps: Vec::new(),
    }
}

pub fn actions() -> Vec<CdsAction> {
    let mut out = vec![
        builtin(
            1,
            "Script",
            "Execute a script, written in your favorite language.",
            vec![p(
                "script",
                "text",
                "",
                "Content of your script. You can put #!/bin/bash, or #!/bin/perl at first line.",
            )],
        ),
        builtin(
            2,
            "GitClone",
            "Clone a repository into a new directory.",
            vec![
                p(
                    "branch",
                    "string",
                    "{{.git.branch}}",
                    "Instead of pointing the newly created HEAD to the branch pointed to by the cloned repository's HEAD, point to {{.git.branch}} branch instead.",
                ),
                p("commit", "string", "{{.git.hash}}", "Set the current branch head (HEAD) to the commit."),
                p(
                    "depth",
                    "string",
                    "50",
                    "gitClone use a depth of 50 by default. You can remove --depth with the value 'false'.",
                ),
                p("directory", "string", "{{.cds.workspace}}", "The name of a directory to clone into."),
                p("password", "string", "", "Set the password to be able to git clone from https with authentication."),
                p("privateKey", "ssh-key", "", "Set the private key to be able to git clone from ssh."),
                p(
                    "submodules",
                    "boolean",
                    "true",
                    "gitClone clones submodules by default, you can set 'false' to avoid this.",
                ),
                p("tag", "string", "{{.git.tag}}", "Useful when you want to git clone a specific tag."),
                p(
                    "url",
                    "string",
                    "{{.git.url}}",
                    "URL must contain information about the transport protocol, the address of the remote server, and the path to the repository.",
                ),
                p("user", "string", "", "Set the user to be able to git clone from https with authentication."),
            ],
        ),
        builtin(
            3,
            "JUnitReport",
            "This action parses a given Junit formatted XML file to extract its test results.",
            vec![p("path", "string", "", "Path to junit xml file.")],
        ),
        builtin(
            4,
            "Artifact Upload",
            "This action can be used to upload artifacts in CDS.",
            vec![
                p(
                    "destination",
                    "string",
                    "",
                    "Destination of this artifact. Use the name of integration attached on your project",
                ),
                p("path", "string", "", "Path of file to upload, example: ./src/yourFile.json"),
                p(
                    "tag",
                    "string",
                    "{{.cds.version}}",
                    "Artifact will be uploaded with a tag, generally {{.cds.version}}.",
                ),
            ],
        ),
        builtin(
            5,
            "Artifact Download",
            "This action can be used to retrieve an artifact previously uploaded by an Artifact Upload.",
            vec![
                p("path", "string", "", "Path where artifacts will be downloaded"),
                p(
                    "pattern",
                    "string",
                    "",
                    "Empty: download all files. Otherwise, enter regexp pattern to choose file: (fileA|fileB)",
                ),
                p("tag", "string", "{{.cds.version}}", "Artifact are uploaded with a tag, generally {{.cds.version}}"),
            ],
        ),
        builtin(
            6,
            "CheckoutApplication",
            "CDS Builtin Action. Checkout a repository into a new directory.",
            vec![p("directory", "string", "{{.cds.workspace}}", "The name of a directory to clone into.")],
        ),
        builtin(
            7,
            "DeployApplication",
            "Deploy an application, useful only if you have a Deployment Platform associated to your current application.",
            vec![],
        ),
        builtin(
            8,
            "Serve Static Files",
            "This action can be used to serve static files from a directory.",
            vec![
                p(
                    "destination",
                    "string",
                    "",
                    "Destination of uploading. Use the name of integration attached on your project",
                ),
                p("entrypoint", "string", "index.html", "Filename of your entrypoint (in case of a web application)"),
                p("name", "string", "", "Name to display in CDS UI and identify your static files"),
                p(
                    "path",
                    "string",
                    "",
                    "Path where static files will be uploaded (example: mywebsite/*). If it's a file, the entrypoint would be set to this filename by default.",
                ),
                p(
                    "static-key",
                    "string",
                    "",
                    "Indicate a static-key which will be a reference to keep the same generated URL.",
                ),
            ],
        ),
        builtin(
            9,
            "Release",
            "This action creates a release on the git repository linked to the application, if repository manager implements it.",
            vec![
                p("artifacts", "string", "", "Set a list of artifacts, separate by ','. You can also use regexp."),
                p("releaseNote", "text", "", "Set a release note for the release."),
                p("tag", "string", "{{.cds.release.version}}", "Tag attached to the release."),
                p("title", "string", "{{.cds.release.version}}", "Set a title for the release."),
            ],
        ),
        builtin(
            10,
            "Coverage",
            "CDS Builtin Action. Parse given file to extract coverage results.",
            vec![
                p("format", "list", "cobertura;lcov;clover", "Coverage report format."),
                p("minimum", "string", "", "Minimum percentage of coverage required (-1 means no minimum)."),
                p("path", "string", "", "Path of the coverage report file."),
            ],
        ),
        builtin(
            11,
            "GitTag",
            "Tag the current branch and push it. Semver used if fully compatible with https://semver.org.",
            vec![
                p("path", "string", "{{.cds.workspace}}", "The path to your git directory."),
                p("prefix", "string", "", "Prefix for tag name."),
                p(
                    "tagLevel",
                    "list",
                    "major;minor;patch",
                    "Set the level of the tag. Must be 'major' or 'minor' or 'patch'.",
                ),
                p("tagMessage", "string", "", "Set a message for the tag."),
                p(
                    "tagMetadata",
                    "string",
                    "",
                    "Metadata of the tag. Example: cds.42 on a tag 1.0.0 will return 1.0.0+cds.42.",
                ),
                p(
                    "tagPrerelease",
                    "string",
                    "",
                    "Prerelease version of the tag. Example: alpha on a tag 1.0.0 will return 1.0.0-alpha.",
                ),
            ],
        ),
    ];
    out.push(CdsAction {
        id: 12,
        group: None,
        name: "plugin-venom".into(),
        kind: ActionKind::Plugin,
        description: "This plugin helps you to run venom integration tests.".into(),
        enabled: true,
        deprecated: false,
        parameters: vec![
            p("path", "string", "./tests", "Path containing venom test suites"),
            p("exclude", "string", "", "Exclude some files, one file per line"),
            p("parallel", "number", "2", "Launch test suites in parallel"),
            p("output", "string", "./results", "Directory where output xunit result files"),
        ],
        requirements: vec![super::model::Requirement::of("plugin", "plugin-venom")],
        steps: Vec::new(),
    });
    out
}
