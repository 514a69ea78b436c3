//! The demo's Default actions: what a CDS shared by several teams accumulates. Every
//! parameter type, most requirement types, multi-line scripts, builtin steps and steps that
//! run other actions. Listed in dependency order: a step only names an action defined above.

use super::model::{Parameter, Requirement};

pub struct Def {
    pub group: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub params: Vec<Parameter>,
    pub reqs: Vec<Requirement>,
    pub steps: Vec<StepDef>,
}

pub enum Target {
    Builtin(&'static str),
    Action(&'static str, &'static str),
}

pub struct StepDef {
    pub target: Target,
    pub step_name: &'static str,
    pub enabled: bool,
    pub optional: bool,
    pub always: bool,
    pub params: Vec<(&'static str, &'static str)>,
}

impl StepDef {
    fn new(target: Target, params: Vec<(&'static str, &'static str)>) -> Self {
        Self { target, step_name: "", enabled: true, optional: false, always: false, params }
    }

    fn named(mut self, name: &'static str) -> Self {
        self.step_name = name;
        self
    }

    fn optional(mut self) -> Self {
        self.optional = true;
        self
    }

    fn always(mut self) -> Self {
        self.always = true;
        self
    }

    fn disabled(mut self) -> Self {
        self.enabled = false;
        self
    }
}

fn script(text: &'static str) -> StepDef {
    StepDef::new(Target::Builtin("Script"), vec![("script", text)])
}

fn git_clone() -> StepDef {
    StepDef::new(
        Target::Builtin("GitClone"),
        vec![
            ("branch", "{{.git.branch}}"),
            ("commit", "{{.git.hash}}"),
            ("depth", "50"),
            ("directory", "{{.cds.workspace}}"),
            ("submodules", "true"),
            ("tag", "{{.git.tag}}"),
            ("url", "{{.git.url}}"),
        ],
    )
}

fn upload(path: &'static str) -> StepDef {
    StepDef::new(Target::Builtin("Artifact Upload"), vec![("path", path), ("tag", "{{.cds.version}}")])
}

fn download(path: &'static str, pattern: &'static str) -> StepDef {
    StepDef::new(
        Target::Builtin("Artifact Download"),
        vec![("path", path), ("pattern", pattern), ("tag", "{{.cds.version}}")],
    )
}

fn junit(path: &'static str) -> StepDef {
    StepDef::new(Target::Builtin("JUnitReport"), vec![("path", path)])
}

fn coverage(path: &'static str) -> StepDef {
    StepDef::new(Target::Builtin("Coverage"), vec![("format", "cobertura"), ("minimum", "70"), ("path", path)])
}

fn run(group: &'static str, name: &'static str, params: Vec<(&'static str, &'static str)>) -> StepDef {
    StepDef::new(Target::Action(group, name), params)
}

fn p(name: &str, kind: &str, value: &str, description: &str) -> Parameter {
    Parameter::new(name, kind, value, description)
}

fn bin(v: &str) -> Requirement {
    Requirement::of("binary", v)
}

const SI: &str = "shared.infra";

pub fn defs() -> Vec<Def> {
    vec![
        Def {
            group: SI,
            name: "docker-build",
            description: "Build a Docker image from the workspace and tag it with the CDS version.",
            params: vec![
                p("image", "string", "", "Image name, without registry (e.g. payments/api)"),
                p("tag", "string", "{{.cds.version}}", "Tag of the built image"),
                p("dockerfile", "string", "Dockerfile", "Path of the Dockerfile, relative to the workspace"),
                p("buildArgs", "text", "", "One KEY=value per line, passed as --build-arg").advanced(),
                p("push", "boolean", "true", "Push the image once built"),
            ],
            reqs: vec![bin("docker"), Requirement::of("memory", "4096")],
            steps: vec![
                script("#!/bin/bash\nset -euo pipefail\n\nARGS=\"\"\nwhile IFS= read -r line; do\n\t[ -n \"$line\" ] && ARGS=\"$ARGS --build-arg $line\"\ndone <<< \"{{.buildArgs}}\"\n\ndocker build $ARGS -f {{.dockerfile}} -t registry.internal/{{.image}}:{{.tag}} .\nif [ \"{{.push}}\" = \"true\" ]; then\n  docker push registry.internal/{{.image}}:{{.tag}}\nfi\n")
                    .named("build image"),
            ],
        },
        Def {
            group: SI,
            name: "docker-push",
            description: "Retag an image and push it to another registry.",
            params: vec![
                p("image", "string", "", "Image to push"),
                p("registry", "list", "registry.internal;registry.eu-west.internal;docker.io", "Target registry"),
                p("dockerCredentials", "env", "DOCKER_AUTH", "Variable holding the registry credentials"),
            ],
            reqs: vec![bin("docker"), Requirement::of("network", "registry.internal:443")],
            steps: vec![script("docker pull {{.image}}\ndocker tag {{.image}} {{.registry}}/{{.image}}\ndocker push {{.registry}}/{{.image}}")],
        },
        Def {
            group: SI,
            name: "go-test",
            description: "Run Go unit tests with the race detector and publish JUnit and coverage reports.",
            params: vec![
                p("packages", "string", "./...", "Packages to test"),
                p("timeout", "number", "600", "Test timeout in seconds"),
                p("race", "boolean", "true", "Enable the race detector"),
            ],
            reqs: vec![bin("go"), bin("go-junit-report"), Requirement::of("model", "shared.infra/golang-1.22")],
            steps: vec![
                git_clone(),
                script("#!/bin/bash\nset -e\ncd {{.cds.workspace}}\nRACE=\"\"\n[ \"{{.race}}\" = \"true\" ] && RACE=\"-race\"\ngo test $RACE -timeout {{.timeout}}s -coverprofile=coverage.out -v {{.packages}} 2>&1 | tee test.log\ngo-junit-report < test.log > junit.xml\ngocover-cobertura < coverage.out > coverage.xml")
                    .named("unit tests"),
                junit("./junit.xml").always(),
                coverage("./coverage.xml").optional(),
            ],
        },
        Def {
            group: SI,
            name: "go-build",
            description: "Cross-compile a Go binary and upload it as an artifact.",
            params: vec![
                p("main", "string", "./cmd/server", "Main package"),
                p("goos", "list", "linux;darwin;windows", "Target OS"),
                p("goarch", "list", "amd64;arm64", "Target architecture"),
                p("ldflags", "string", "-s -w -X main.version={{.cds.version}}", "Linker flags").advanced(),
            ],
            reqs: vec![bin("go")],
            steps: vec![
                git_clone(),
                script("cd {{.cds.workspace}}\nCGO_ENABLED=0 GOOS={{.goos}} GOARCH={{.goarch}} go build -ldflags \"{{.ldflags}}\" -o dist/app-{{.goos}}-{{.goarch}} {{.main}}"),
                upload("dist/app-{{.goos}}-{{.goarch}}"),
            ],
        },
        Def {
            group: SI,
            name: "npm-ci",
            description: "Install node dependencies from the lockfile and run the test script.",
            params: vec![
                p("nodeVersion", "list", "20;18;22", "Node.js version"),
                p("npmToken", "pgp-key", "proj-npm-signing", "Key used to verify signed packages").advanced(),
            ],
            reqs: vec![bin("npm"), bin("node")],
            steps: vec![script("set -e\nnpm ci --no-audit\nnpm test -- --reporters=jest-junit"), junit("./junit.xml")],
        },
        Def {
            group: SI,
            name: "helm-lint",
            description: "Lint a Helm chart and render it against each values file.",
            params: vec![p("chart", "string", "./chart", "Chart directory")],
            reqs: vec![bin("helm")],
            steps: vec![script("helm lint {{.chart}}\nfor f in {{.chart}}/values-*.yaml; do\n  helm template test {{.chart}} -f \"$f\" > /dev/null\ndone")],
        },
        Def {
            group: SI,
            name: "helm-deploy",
            description: "Upgrade or install a Helm release and wait for it to be ready.",
            params: vec![
                p("release", "string", "{{.cds.application}}", "Release name"),
                p("namespace", "string", "default", "Kubernetes namespace"),
                p("chart", "string", "./chart", "Chart directory or reference"),
                p("values", "text", "image:\n  tag: {{.cds.version}}\n", "Extra values, YAML"),
                p("timeout", "number", "300", "Seconds to wait for the rollout"),
                p("kubeconfig", "ssh-key", "proj-kube-deployer", "Credentials of the deployer").advanced(),
            ],
            reqs: vec![bin("helm"), bin("kubectl"), Requirement::of("network", "kube-api.internal:6443")],
            steps: vec![script("#!/bin/bash\nset -euo pipefail\ncat > /tmp/values.yaml <<'EOF'\n{{.values}}\nEOF\nhelm upgrade --install {{.release}} {{.chart}} \\\n  --namespace {{.namespace}} --create-namespace \\\n  -f /tmp/values.yaml --wait --timeout {{.timeout}}s")
                .named("helm upgrade")],
        },
        Def {
            group: SI,
            name: "terraform-plan",
            description: "terraform init and plan; the plan file is kept as an artifact for the apply job.",
            params: vec![
                p("workdir", "string", "./infra", "Terraform root module"),
                p("workspace", "pipeline", "", "Pipeline whose environment names the workspace"),
                p("varFile", "string", "", "Optional .tfvars file"),
            ],
            reqs: vec![bin("terraform"), Requirement::of("os-architecture", "linux/amd64")],
            steps: vec![
                script("cd {{.workdir}}\nterraform init -input=false\nterraform workspace select {{.workspace}} || terraform workspace new {{.workspace}}\nterraform plan -input=false -out=plan.tfplan ${TF_VAR_FILE:+-var-file={{.varFile}}}"),
                upload("{{.workdir}}/plan.tfplan"),
            ],
        },
        Def {
            group: SI,
            name: "slack-notify",
            description: "Post the pipeline status to a Slack channel.",
            params: vec![
                p("channel", "string", "#deployments", "Channel to post to"),
                p("webhook", "env", "SLACK_WEBHOOK_URL", "Variable holding the incoming webhook URL"),
                p("onlyOnFailure", "boolean", "false", "Stay quiet when the pipeline succeeds"),
            ],
            reqs: vec![bin("curl"), Requirement::of("network", "hooks.slack.com:443")],
            steps: vec![script("if [ \"{{.onlyOnFailure}}\" = \"true\" ] && [ \"{{.cds.status}}\" = \"Success\" ]; then exit 0; fi\ncurl -fsS -X POST -H 'Content-type: application/json' \\\n  --data \"{\\\"channel\\\": \\\"{{.channel}}\\\", \\\"text\\\": \\\"{{.cds.project}}/{{.cds.workflow}} #{{.cds.version}}: {{.cds.status}}\\\"}\" \\\n  \"${{{.webhook}}}\"")
                .always()],
        },
        Def {
            group: SI,
            name: "sonar-scan",
            description: "Static analysis with SonarQube; fails the job when the quality gate fails.",
            params: vec![
                p("projectKey", "string", "{{.cds.project}}-{{.cds.application}}", "Sonar project key"),
                p("sources", "string", "src", "Source directories"),
                p("waitGate", "boolean", "true", "Wait for the quality gate"),
            ],
            reqs: vec![bin("sonar-scanner"), Requirement::new("service", "sonarqube", "sonarqube:9.9-community")],
            steps: vec![script("sonar-scanner -Dsonar.projectKey={{.projectKey}} -Dsonar.sources={{.sources}} -Dsonar.qualitygate.wait={{.waitGate}}")],
        },
        Def {
            group: "platform",
            name: "k8s-deploy",
            description: "Deploy the application's chart to a cluster, then check the rollout.",
            params: vec![
                p("cluster", "list", "gra-prod;sbg-prod;rbx-staging", "Target cluster"),
                p("namespace", "string", "{{.cds.application}}", "Namespace"),
                p("replicas", "number", "3", "Replica count"),
            ],
            reqs: vec![bin("kubectl"), Requirement::of("model", "platform/k8s-tools")],
            steps: vec![
                git_clone(),
                run(SI, "helm-deploy", vec![("namespace", "{{.namespace}}"), ("timeout", "600"), ("values", "replicaCount: {{.replicas}}\n")]),
                script("kubectl --context {{.cluster}} -n {{.namespace}} rollout status deploy/{{.cds.application}} --timeout=5m").named("rollout status"),
            ],
        },
        Def {
            group: "platform",
            name: "k8s-rollback",
            description: "Roll a deployment back to its previous ReplicaSet.",
            params: vec![p("cluster", "list", "gra-prod;sbg-prod;rbx-staging", "Target cluster"), p("deployment", "string", "", "Deployment name")],
            reqs: vec![bin("kubectl")],
            steps: vec![script("kubectl --context {{.cluster}} rollout undo deploy/{{.deployment}}\nkubectl --context {{.cluster}} rollout status deploy/{{.deployment}}")],
        },
        Def {
            group: "platform",
            name: "canary-release",
            description: "Send 10% of the traffic to the new version, watch the error rate, then promote.",
            params: vec![
                p("weight", "number", "10", "Canary traffic weight (%)"),
                p("maxErrorRate", "string", "0.5", "Abort above this error rate (%)"),
                p("observe", "number", "900", "Observation window in seconds"),
            ],
            reqs: vec![bin("kubectl"), bin("jq")],
            steps: vec![
                run("platform", "k8s-deploy", vec![("replicas", "1")]).named("deploy canary"),
                script("#!/bin/bash\nset -e\nsleep {{.observe}}\nRATE=$(curl -s \"http://prometheus.internal/api/v1/query?query=job:http_errors:rate5m{app='{{.cds.application}}'}\" | jq -r '.data.result[0].value[1]')\necho \"error rate: $RATE\"\nawk \"BEGIN { exit !($RATE < {{.maxErrorRate}}) }\"")
                    .named("observe"),
                run("platform", "k8s-deploy", vec![]).named("promote"),
                run(SI, "slack-notify", vec![("channel", "#releases")]).always(),
            ],
        },
        Def {
            group: "platform",
            name: "nginx-reload",
            description: "Test the nginx configuration and reload it without dropping connections.",
            params: vec![p("hosts", "text", "edge-1.gra\nedge-2.gra\nedge-1.sbg", "One host per line")],
            reqs: vec![bin("ssh"), Requirement::new("hostname", "hostname", "bastion-1.gra")],
            steps: vec![script("for h in {{.hosts}}; do\n  ssh \"$h\" 'sudo nginx -t && sudo systemctl reload nginx'\ndone")],
        },
        Def {
            group: "platform",
            name: "vault-read-secret",
            description: "Read a secret from Vault into the job's environment.",
            params: vec![
                p("path", "string", "secret/data/{{.cds.project}}", "Vault path"),
                p("field", "string", "", "Field to export"),
                p("role", "ssh-key", "proj-vault-approle", "AppRole credentials").advanced(),
            ],
            reqs: vec![bin("vault")],
            steps: vec![script("export VAULT_ADDR=https://vault.internal:8200\nworker export SECRET \"$(vault kv get -field={{.field}} {{.path}})\"")],
        },
        Def {
            group: "platform",
            name: "cert-renew",
            description: "Renew TLS certificates that expire within the given number of days.",
            params: vec![p("days", "number", "30", "Renew when expiring within this many days"), p("dryRun", "boolean", "false", "Only report")],
            reqs: vec![bin("certbot")],
            steps: vec![script("certbot renew --deploy-hook 'systemctl reload nginx' $( [ \"{{.dryRun}}\" = \"true\" ] && echo --dry-run )")],
        },
        Def {
            group: "data-eng",
            name: "spark-submit",
            description: "Submit a Spark job to the YARN cluster and wait for it.",
            params: vec![
                p("jar", "string", "target/etl.jar", "Application jar"),
                p("mainClass", "string", "com.example.etl.Main", "Main class"),
                p("executors", "number", "8", "Number of executors"),
                p("executorMemory", "string", "4g", "Memory per executor"),
                p("conf", "text", "spark.sql.shuffle.partitions=200\nspark.dynamicAllocation.enabled=false", "Extra --conf, one per line").advanced(),
            ],
            reqs: vec![bin("spark-submit"), Requirement::of("model", "data-eng/spark-3.5"), Requirement::new("memory", "memory", "8192")],
            steps: vec![
                download("target", "etl.*\\.jar"),
                script("#!/bin/bash\nset -e\nCONF=\"\"\nwhile read -r c; do CONF=\"$CONF --conf $c\"; done <<< \"{{.conf}}\"\nspark-submit --master yarn --deploy-mode cluster \\\n  --num-executors {{.executors}} --executor-memory {{.executorMemory}} \\\n  $CONF --class {{.mainClass}} {{.jar}}"),
            ],
        },
        Def {
            group: "data-eng",
            name: "dbt-run",
            description: "dbt deps, run and test against the warehouse.",
            params: vec![
                p("target", "list", "prod;staging;dev", "dbt target"),
                p("select", "string", "", "Model selection (empty: everything)"),
                p("fullRefresh", "boolean", "false", "Rebuild incremental models"),
            ],
            reqs: vec![bin("dbt"), Requirement::new("service", "postgres", "postgres:15-alpine")],
            steps: vec![
                git_clone(),
                script("dbt deps\ndbt run --target {{.target}} ${SELECT:+--select {{.select}}} $( [ \"{{.fullRefresh}}\" = \"true\" ] && echo --full-refresh )\ndbt test --target {{.target}}"),
                junit("target/run_results.xml").optional(),
            ],
        },
        Def {
            group: "data-eng",
            name: "airflow-dag-deploy",
            description: "Validate DAGs, run the dbt models they need, and sync them to the Airflow bucket.",
            params: vec![p("dagFolder", "string", "dags/", "Folder holding the DAGs"), p("bucket", "string", "gs://airflow-prod-dags", "Destination bucket")],
            reqs: vec![bin("python3"), bin("gsutil")],
            steps: vec![
                git_clone(),
                script("python3 -m py_compile {{.dagFolder}}*.py\npython3 -c 'from airflow.models import DagBag; assert not DagBag(\"{{.dagFolder}}\").import_errors'").named("validate"),
                run("data-eng", "dbt-run", vec![("target", "prod")]),
                script("gsutil -m rsync -d -r {{.dagFolder}} {{.bucket}}/dags").named("sync"),
            ],
        },
        Def {
            group: "data-eng",
            name: "kafka-topic-create",
            description: "Create a Kafka topic if it does not exist.",
            params: vec![
                p("topic", "string", "", "Topic name"),
                p("partitions", "number", "12", "Partitions"),
                p("replication", "number", "3", "Replication factor"),
            ],
            reqs: vec![bin("kafka-topics"), Requirement::of("network", "kafka-1.internal:9092")],
            steps: vec![script("kafka-topics --bootstrap-server kafka-1.internal:9092 --create --if-not-exists \\\n  --topic {{.topic}} --partitions {{.partitions}} --replication-factor {{.replication}}")],
        },
        Def {
            group: "data-eng",
            name: "data-quality-check",
            description: "Run Great Expectations suites on yesterday's partitions.",
            params: vec![p("suite", "string", "daily", "Expectation suite"), p("failOnWarning", "boolean", "false", "Treat warnings as failures")],
            reqs: vec![bin("great_expectations")],
            steps: vec![script("great_expectations checkpoint run {{.suite}}"), upload("uncommitted/data_docs").optional()],
        },
        Def {
            group: "payments",
            name: "pci-scan",
            description: "PCI DSS checks on the cardholder data environment images.",
            params: vec![p("image", "string", "", "Image to scan"), p("level", "list", "strict;standard", "Ruleset")],
            reqs: vec![bin("docker"), Requirement::of("hostname", "pci-runner-1.par")],
            steps: vec![script("docker run --rm pci-audit:latest --ruleset {{.level}} {{.image}}")],
        },
        Def {
            group: "payments",
            name: "payments-e2e",
            description: "Build the payments API image and run the end-to-end suite against a sandbox acquirer.",
            params: vec![
                p("acquirer", "list", "sandbox-adyen;sandbox-stripe", "Acquirer sandbox"),
                p("suites", "string", "./e2e", "Venom suites"),
            ],
            reqs: vec![bin("venom")],
            steps: vec![
                run(SI, "docker-build", vec![("image", "payments/api"), ("push", "false")]),
                run("", "plugin-venom", vec![("path", "./e2e"), ("parallel", "4")]).named("e2e"),
                junit("./results/*.xml").always(),
            ],
        },
        Def {
            group: "payments",
            name: "release-notes",
            description: "Generate release notes from merged pull requests since the last tag.",
            params: vec![p("since", "string", "", "Previous tag (empty: latest)")],
            reqs: vec![bin("git"), bin("gh")],
            steps: vec![
                git_clone(),
                script("gh pr list --state merged --search \"merged:>$(git log -1 --format=%cI {{.since}})\" --json title,number --jq '.[] | \"- \\(.title) (#\\(.number))\"' > NOTES.md"),
                StepDef::new(Target::Builtin("Release"), vec![("artifacts", "NOTES.md"), ("releaseNote", "See NOTES.md"), ("tag", "{{.cds.release.version}}"), ("title", "{{.cds.release.version}}")]),
            ],
        },
        Def {
            group: "security",
            name: "trivy-scan",
            description: "Scan an image for known vulnerabilities; fail on HIGH and CRITICAL.",
            params: vec![
                p("image", "string", "", "Image reference"),
                p("severity", "list", "HIGH,CRITICAL;CRITICAL;MEDIUM,HIGH,CRITICAL", "Severities that fail the job"),
                p("ignoreUnfixed", "boolean", "true", "Ignore vulnerabilities without a fix"),
            ],
            reqs: vec![bin("trivy")],
            steps: vec![script("trivy image --exit-code 1 --severity {{.severity}} $( [ \"{{.ignoreUnfixed}}\" = \"true\" ] && echo --ignore-unfixed ) {{.image}}")],
        },
        Def {
            group: "security",
            name: "secret-scan",
            description: "Look for committed secrets with gitleaks.",
            params: vec![p("config", "string", ".gitleaks.toml", "gitleaks configuration")],
            reqs: vec![bin("gitleaks")],
            steps: vec![git_clone(), script("gitleaks detect --source {{.cds.workspace}} --config {{.config}} --report-format sarif --report-path leaks.sarif"), upload("leaks.sarif").always()],
        },
        Def {
            group: "security",
            name: "sbom-generate",
            description: "Produce a CycloneDX SBOM and sign it.",
            params: vec![p("image", "string", "", "Image reference"), p("signingKey", "pgp-key", "sec-sbom-signing", "Key used to sign the SBOM")],
            reqs: vec![bin("syft"), bin("cosign")],
            steps: vec![script("syft {{.image}} -o cyclonedx-json > sbom.json\ncosign sign-blob --key env://COSIGN_KEY sbom.json > sbom.json.sig"), upload("sbom.json*")],
        },
        Def {
            group: "mobile",
            name: "android-build",
            description: "Assemble and sign the Android release bundle.",
            params: vec![
                p("flavor", "list", "prod;beta;internal", "Product flavor"),
                p("keystore", "ssh-key", "mobile-upload-keystore", "Upload keystore").advanced(),
                p("versionCode", "number", "{{.cds.run.number}}", "versionCode"),
            ],
            reqs: vec![bin("java"), Requirement::of("memory", "6144")],
            steps: vec![
                git_clone(),
                script("./gradlew clean bundle{{.flavor}}Release -PversionCode={{.versionCode}}\njarsigner -keystore upload.jks app/build/outputs/bundle/{{.flavor}}Release/app.aab upload").named("gradle bundle"),
                upload("app/build/outputs/bundle/*/app.aab"),
            ],
        },
        Def {
            group: "mobile",
            name: "ios-build",
            description: "Archive the iOS app with xcodebuild and export the IPA.",
            params: vec![
                p("scheme", "string", "Storefront", "Xcode scheme"),
                p("configuration", "list", "Release;Debug", "Build configuration"),
                p("exportOptions", "text", "<plist>\n  <dict><key>method</key><string>app-store</string></dict>\n</plist>", "ExportOptions.plist content"),
            ],
            reqs: vec![bin("xcodebuild"), Requirement::of("os-architecture", "darwin/arm64"), Requirement::of("model", "mobile/macos-xcode15")],
            steps: vec![
                git_clone(),
                script("#!/bin/zsh\nset -e\nprintf '%s' \"{{.exportOptions}}\" > ExportOptions.plist\nxcodebuild -scheme {{.scheme}} -configuration {{.configuration}} -archivePath build/app.xcarchive archive\nxcodebuild -exportArchive -archivePath build/app.xcarchive -exportOptionsPlist ExportOptions.plist -exportPath build/"),
                upload("build/*.ipa"),
            ],
        },
        Def {
            group: "mobile",
            name: "fastlane-release",
            description: "Build with ios-build then ship it with fastlane.",
            params: vec![p("lane", "list", "beta;release", "Fastlane lane"), p("changelog", "text", "", "What's new")],
            reqs: vec![bin("fastlane")],
            steps: vec![
                run("mobile", "ios-build", vec![("configuration", "Release")]),
                script("fastlane ios {{.lane}} changelog:\"{{.changelog}}\""),
                run(SI, "slack-notify", vec![("channel", "#mobile-releases")]).always().disabled(),
            ],
        },
        Def {
            group: "mobile",
            name: "testflight-upload",
            description: "Upload an IPA to TestFlight.",
            params: vec![p("ipa", "string", "build/Storefront.ipa", "IPA path"), p("apiKey", "env", "ASC_API_KEY", "App Store Connect key")],
            reqs: vec![bin("xcrun")],
            steps: vec![download("build", ".*\\.ipa"), script("xcrun altool --upload-app -f {{.ipa}} -t ios --apiKey ${{{.apiKey}}}")],
        },
    ]
}
