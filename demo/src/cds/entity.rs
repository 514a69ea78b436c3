//! `exportentities.Action`: the document `export` writes and `import` reads, in YAML
//! (go-yaml v2) and JSON (encoding/json). Struct fields keep Go's declaration order; maps are
//! sorted the way each encoder sorts them (go-yaml's `keyList.Less`, JSON byte order). A step
//! naming a custom action goes through a map in JSON, so all of its keys come out sorted.

use super::builtins::{STRUCT_BODIES, TEXT_BODIES};
use super::gojson::yaml_tree_to_json;
use super::yaml::{Kind, Node, Resolved, Yaml, key_cmp, load, marshal};

pub const VERSION: &str = "v1.0";

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportAction {
    pub version: String,
    pub name: String,
    pub group: String,
    pub description: String,
    pub enabled: Option<bool>,
    /// A Go map: order does not matter here, each encoder sorts it.
    pub parameters: Vec<(String, ExportParameter)>,
    pub requirements: Vec<ExportRequirement>,
    pub steps: Vec<ExportStep>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportParameter {
    pub kind: String,
    pub default: String,
    pub description: String,
    pub advanced: Option<bool>,
}

/// One requirement: exactly one of these is set on export.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportRequirement {
    pub binary: String,
    pub network: String,
    pub model: String,
    pub hostname: String,
    pub plugin: String,
    pub service_name: String,
    pub service_value: String,
    pub memory: String,
    pub os_arch: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportStep {
    pub name: String,
    pub enabled: Option<bool>,
    pub optional: Option<bool>,
    pub always_executed: Option<bool>,
    /// Exactly one on export; an import with none or several is refused.
    pub bodies: Vec<StepBody>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StepBody {
    /// The whole script; exported one line per item.
    Script(String),
    /// A struct body (`gitClone`, `artifactUpload`…): only non-empty fields are written.
    Fields { key: &'static str, fields: Vec<(&'static str, String)> },
    /// `jUnitReport`, `checkout`, `deploy`.
    Text { key: &'static str, value: String },
    /// `"<group>/<action>"` (or a bare name for shared.infra and Builtins/Plugins).
    Custom { key: String, params: Vec<(String, String)> },
}

impl StepBody {
    fn order(&self) -> usize {
        match self {
            Self::Script(_) => 0,
            Self::Fields { key, .. } => 1 + STRUCT_BODIES.iter().position(|b| b.key == *key).unwrap_or(0),
            Self::Text { key, .. } => {
                1 + STRUCT_BODIES.len() + TEXT_BODIES.iter().position(|b| b.key == *key).unwrap_or(0)
            }
            Self::Custom { .. } => usize::MAX,
        }
    }

    /// The step's key this body is written under.
    fn key(&self) -> &str {
        match self {
            Self::Script(_) => "script",
            Self::Fields { key, .. } | Self::Text { key, .. } => key,
            Self::Custom { key, .. } => key,
        }
    }
}

impl ExportStep {
    /// A key written twice in one step: the last one wins, as in the Go map a step's inline
    /// keys go through (writing both would give a document that reads back otherwise).
    fn put(&mut self, body: StepBody) {
        self.bodies.retain(|b| b.key() != body.key());
        self.bodies.push(body);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Yaml,
    Json,
}

fn str_field(out: &mut Vec<(String, Yaml)>, key: &str, value: &str) {
    if !value.is_empty() {
        out.push((key.to_string(), Yaml::str(value)));
    }
}

fn opt_bool(out: &mut Vec<(String, Yaml)>, key: &str, value: Option<bool>) {
    if let Some(b) = value {
        out.push((key.to_string(), Yaml::Bool(b)));
    }
}

/// A Go map's entries in the encoder's order.
fn go_map(mut entries: Vec<(String, Yaml)>, enc: Encoding) -> Yaml {
    match enc {
        Encoding::Yaml => entries.sort_by(|a, b| key_cmp(&a.0, &b.0)),
        Encoding::Json => entries.sort_by(|a, b| a.0.cmp(&b.0)),
    }
    Yaml::Map(entries)
}

impl ExportAction {
    pub fn to_yaml(&self) -> Result<String, String> {
        marshal(&self.tree(Encoding::Yaml))
    }

    /// `json.Marshal`: compact, no trailing newline.
    pub fn to_json(&self) -> Vec<u8> {
        yaml_tree_to_json(&self.tree(Encoding::Json))
    }

    fn tree(&self, enc: Encoding) -> Yaml {
        let mut out = Vec::new();
        str_field(&mut out, "version", &self.version);
        str_field(&mut out, "name", &self.name);
        str_field(&mut out, "group", &self.group);
        str_field(&mut out, "description", &self.description);
        opt_bool(&mut out, "enabled", self.enabled);
        if !self.parameters.is_empty() {
            let params = self.parameters.iter().map(|(name, p)| (name.clone(), p.tree())).collect();
            out.push(("parameters".into(), go_map(params, enc)));
        }
        if !self.requirements.is_empty() {
            out.push(("requirements".into(), Yaml::Seq(self.requirements.iter().map(|r| r.tree(enc)).collect())));
        }
        if !self.steps.is_empty() {
            out.push(("steps".into(), Yaml::Seq(self.steps.iter().map(|s| s.tree(enc)).collect())));
        }
        Yaml::Map(out)
    }
}

impl ExportParameter {
    fn tree(&self) -> Yaml {
        let mut out = Vec::new();
        str_field(&mut out, "type", &self.kind);
        str_field(&mut out, "default", &self.default);
        str_field(&mut out, "description", &self.description);
        opt_bool(&mut out, "advanced", self.advanced);
        Yaml::Map(out)
    }
}

impl ExportRequirement {
    fn tree(&self, enc: Encoding) -> Yaml {
        let mut out = Vec::new();
        str_field(&mut out, "binary", &self.binary);
        str_field(&mut out, "network", &self.network);
        str_field(&mut out, "model", &self.model);
        str_field(&mut out, "hostname", &self.hostname);
        str_field(&mut out, "plugin", &self.plugin);
        let mut service = Vec::new();
        str_field(&mut service, "name", &self.service_name);
        str_field(&mut service, "value", &self.service_value);
        // go-yaml's omitempty drops an all-zero struct; encoding/json never drops a struct.
        if !service.is_empty() || enc == Encoding::Json {
            out.push(("service".into(), Yaml::Map(service)));
        }
        str_field(&mut out, "memory", &self.memory);
        str_field(&mut out, "os-architecture", &self.os_arch);
        Yaml::Map(out)
    }
}

impl ExportStep {
    fn tree(&self, enc: Encoding) -> Yaml {
        let mut out = Vec::new();
        str_field(&mut out, "name", &self.name);
        opt_bool(&mut out, "enabled", self.enabled);
        opt_bool(&mut out, "optional", self.optional);
        opt_bool(&mut out, "always_executed", self.always_executed);
        let mut bodies: Vec<&StepBody> = self.bodies.iter().collect();
        bodies.sort_by_key(|b| b.order());
        let mut custom = Vec::new();
        for body in bodies {
            match body {
                StepBody::Script(text) => {
                    let lines = text.split('\n').map(Yaml::str).collect();
                    out.push(("script".into(), Yaml::Seq(lines)));
                }
                StepBody::Fields { key, fields } => {
                    let mut map = Vec::new();
                    for (k, v) in fields {
                        str_field(&mut map, k, v);
                    }
                    out.push((key.to_string(), Yaml::Map(map)));
                }
                StepBody::Text { key, value } => out.push((key.to_string(), Yaml::str(value))),
                StepBody::Custom { key, params } => {
                    let map = params.iter().map(|(k, v)| (k.clone(), Yaml::str(v))).collect();
                    custom.push((key.clone(), go_map(map, enc)));
                }
            }
        }
        if custom.is_empty() {
            return Yaml::Map(out);
        }
        match enc {
            // The inline map comes after every struct field, its keys sorted.
            Encoding::Yaml => {
                custom.sort_by(|a, b| key_cmp(&a.0, &b.0));
                out.extend(custom);
                Yaml::Map(out)
            }
            // `Step.MarshalJSON` round-trips through map[string]json.RawMessage.
            Encoding::Json => {
                for entry in custom {
                    if !out.iter().any(|(k, _)| *k == entry.0) {
                        out.push(entry);
                    }
                }
                go_map(out, Encoding::Json)
            }
        }
    }
}

// ----- decoding (import) -----

/// Why a document could not be read: a parse or type error (400 id 74), or a step that does
/// not have exactly one body (400 id 167).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Invalid(String),
    MalformedStep(String),
}

pub fn from_yaml(input: &[u8]) -> Result<ExportAction, DecodeError> {
    let root = load(input).map_err(DecodeError::Invalid)?;
    let mut d = Decoder { enc: Encoding::Yaml, errors: Vec::new() };
    let action = match root {
        Some(node) => d.action(&node),
        None => ExportAction::default(),
    };
    d.finish(action)
}

pub fn from_json(input: &[u8]) -> Result<ExportAction, DecodeError> {
    let value: serde_json::Value = serde_json::from_slice(input).map_err(|e| {
        DecodeError::Invalid(if e.is_eof() { "unexpected end of JSON input".into() } else { e.to_string() })
    })?;
    let mut d = Decoder { enc: Encoding::Json, errors: Vec::new() };
    let action = d.action(&super::yaml::from_json(&value));
    d.finish(action)
}

struct Decoder {
    enc: Encoding,
    errors: Vec<String>,
}

impl Decoder {
    fn finish(mut self, action: ExportAction) -> Result<ExportAction, DecodeError> {
        if self.errors.is_empty() {
            return Ok(action);
        }
        Err(DecodeError::Invalid(match self.enc {
            Encoding::Yaml => format!("yaml: unmarshal errors:\n  {}", self.errors.join("\n  ")),
            // encoding/json reports the first type error only.
            Encoding::Json => self.errors.swap_remove(0),
        }))
    }

    /// go-yaml's `terror` / encoding/json's `UnmarshalTypeError` wording.
    fn type_error(&mut self, node: &Node, into: &str, field: &str) {
        let msg = match self.enc {
            Encoding::Yaml => {
                let value = match &node.kind {
                    Kind::Scalar { text, .. } if text.chars().count() > 10 => {
                        format!(" `{}...`", text.chars().take(7).collect::<String>())
                    }
                    Kind::Scalar { text, .. } => format!(" `{text}`"),
                    _ => String::new(),
                };
                format!("line {}: cannot unmarshal {}{value} into {into}", node.line, node.tag_name())
            }
            Encoding::Json => {
                let what = match &node.kind {
                    Kind::Seq(_) => "array",
                    Kind::Map(_) => "object",
                    Kind::Scalar { res: Resolved::Bool(_), .. } => "bool",
                    Kind::Scalar { res: Resolved::Str, .. } => "string",
                    Kind::Scalar { .. } => "number",
                };
                if field.is_empty() {
                    format!("json: cannot unmarshal {what} into Go value of type {into}")
                } else {
                    format!("json: cannot unmarshal {what} into Go struct field {field} of type {into}")
                }
            }
        };
        self.errors.push(msg);
    }

    fn string(&mut self, node: &Node, field: &str) -> String {
        match &node.kind {
            Kind::Scalar { res: Resolved::Null, .. } => String::new(),
            // go-yaml stores any scalar's text in a string field; encoding/json only a string.
            Kind::Scalar { text, res } if self.enc == Encoding::Yaml || *res == Resolved::Str => text.clone(),
            _ => {
                self.type_error(node, "string", field);
                String::new()
            }
        }
    }

    fn opt_bool(&mut self, node: &Node, field: &str) -> Option<bool> {
        match &node.kind {
            Kind::Scalar { res: Resolved::Bool(b), .. } => Some(*b),
            Kind::Scalar { res: Resolved::Null, .. } => None,
            _ => {
                self.type_error(node, "bool", field);
                None
            }
        }
    }

    fn map<'n>(&mut self, node: &'n Node, into: &str, field: &str) -> Vec<(&'n Node, &'n Node)> {
        match &node.kind {
            Kind::Map(pairs) => pairs.iter().map(|(k, v)| (k, v)).collect(),
            Kind::Scalar { res: Resolved::Null, .. } => Vec::new(),
            _ => {
                self.type_error(node, into, field);
                Vec::new()
            }
        }
    }

    fn seq<'n>(&mut self, node: &'n Node, into: &str, field: &str) -> &'n [Node] {
        match &node.kind {
            Kind::Seq(items) => items,
            Kind::Scalar { res: Resolved::Null, .. } => &[],
            _ => {
                self.type_error(node, into, field);
                &[]
            }
        }
    }

    fn key(node: &Node) -> &str {
        match &node.kind {
            Kind::Scalar { text, .. } => text,
            _ => "",
        }
    }

    fn action(&mut self, node: &Node) -> ExportAction {
        let mut a = ExportAction::default();
        if !matches!(node.kind, Kind::Map(_)) && !node.is_null() {
            self.type_error(node, "exportentities.Action", "");
            return a;
        }
        for (k, v) in self.map(node, "exportentities.Action", "") {
            match Self::key(k) {
                "version" => a.version = self.string(v, "Action.version"),
                "name" => a.name = self.string(v, "Action.name"),
                "group" => a.group = self.string(v, "Action.group"),
                "description" => a.description = self.string(v, "Action.description"),
                "enabled" => a.enabled = self.opt_bool(v, "Action.enabled"),
                "parameters" => {
                    a.parameters.clear();
                    for (pk, pv) in self.map(v, "map[string]exportentities.ParameterValue", "Action.parameters") {
                        let name = self.string(pk, "Action.parameters");
                        let p = self.parameter(pv);
                        a.parameters.retain(|(n, _)| *n != name);
                        a.parameters.push((name, p));
                    }
                }
                "requirements" => {
                    let items = self.seq(v, "[]exportentities.Requirement", "Action.requirements");
                    a.requirements = items.iter().map(|r| self.requirement(r)).collect();
                }
                "steps" => {
                    let items = self.seq(v, "[]exportentities.Step", "Action.steps");
                    a.steps = items.iter().map(|s| self.step(s)).collect();
                }
                _ => {}
            }
        }
        a
    }

    fn parameter(&mut self, node: &Node) -> ExportParameter {
        let mut p = ExportParameter::default();
        for (k, v) in self.map(node, "exportentities.ParameterValue", "Action.parameters") {
            match Self::key(k) {
                "type" => p.kind = self.string(v, "ParameterValue.type"),
                "default" => p.default = self.string(v, "ParameterValue.default"),
                "description" => p.description = self.string(v, "ParameterValue.description"),
                "advanced" => p.advanced = self.opt_bool(v, "ParameterValue.advanced"),
                _ => {}
            }
        }
        p
    }

    fn requirement(&mut self, node: &Node) -> ExportRequirement {
        let mut r = ExportRequirement::default();
        for (k, v) in self.map(node, "exportentities.Requirement", "Action.requirements") {
            match Self::key(k) {
                "binary" => r.binary = self.string(v, "Requirement.binary"),
                "network" => r.network = self.string(v, "Requirement.network"),
                "model" => r.model = self.string(v, "Requirement.model"),
                "hostname" => r.hostname = self.string(v, "Requirement.hostname"),
                "plugin" => r.plugin = self.string(v, "Requirement.plugin"),
                "memory" => r.memory = self.string(v, "Requirement.memory"),
                "os-architecture" => r.os_arch = self.string(v, "Requirement.os-architecture"),
                "service" => {
                    for (sk, sv) in self.map(v, "exportentities.ServiceRequirement", "Requirement.service") {
                        match Self::key(sk) {
                            "name" => r.service_name = self.string(sv, "ServiceRequirement.name"),
                            "value" => r.service_value = self.string(sv, "ServiceRequirement.value"),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        r
    }

    fn step(&mut self, node: &Node) -> ExportStep {
        let mut s = ExportStep::default();
        for (k, v) in self.map(node, "exportentities.Step", "Action.steps") {
            let key = Self::key(k);
            match key {
                "name" => s.name = self.string(v, "Step.name"),
                "enabled" => s.enabled = self.opt_bool(v, "Step.enabled"),
                "optional" => s.optional = self.opt_bool(v, "Step.optional"),
                "always_executed" => s.always_executed = self.opt_bool(v, "Step.always_executed"),
                "script" => {
                    if let Some(body) = self.script(v) {
                        s.put(body);
                    }
                }
                _ => {
                    if let Some(b) = STRUCT_BODIES.iter().find(|b| b.key == key) {
                        if v.is_null() {
                            continue;
                        }
                        let mut fields = Vec::new();
                        for (fk, fv) in self.map(v, "exportentities.Step", "Step") {
                            let name = Self::key(fk);
                            if let Some(f) = b.fields.iter().find(|f| **f == name) {
                                let value = self.string(fv, "Step");
                                fields.retain(|(n, _)| n != f);
                                fields.push((*f, value));
                            }
                        }
                        // A Go map: its keys come out sorted (the declared order), whatever
                        // order the document wrote them in.
                        fields.sort_by_key(|(f, _)| b.fields.iter().position(|d| d == f));
                        s.put(StepBody::Fields { key: b.key, fields });
                    } else if let Some(b) = TEXT_BODIES.iter().find(|b| b.key == key) {
                        if !v.is_null() {
                            let value = self.string(v, "Step");
                            s.put(StepBody::Text { key: b.key, value });
                        }
                    } else {
                        let mut params = Vec::new();
                        for (pk, pv) in self.map(v, "exportentities.StepParameters", "Step") {
                            let name = self.string(pk, "Step");
                            let value = self.string(pv, "Step");
                            params.retain(|(n, _): &(String, String)| *n != name);
                            params.push((name, value));
                        }
                        s.put(StepBody::Custom { key: key.to_string(), params });
                    }
                }
            }
        }
        s
    }

    /// `script` is an `interface{}`: a string, or a list whose items must all be strings.
    /// Anything else is kept as a malformed marker for the step check.
    fn script(&mut self, node: &Node) -> Option<StepBody> {
        match &node.kind {
            Kind::Scalar { res: Resolved::Null, .. } => None,
            Kind::Scalar { text, res: Resolved::Str } => Some(StepBody::Script(text.clone())),
            Kind::Seq(items) => {
                let mut lines = Vec::with_capacity(items.len());
                for item in items {
                    match &item.kind {
                        Kind::Scalar { text, res: Resolved::Str } => lines.push(text.clone()),
                        _ => return Some(StepBody::Text { key: "script", value: String::new() }),
                    }
                }
                Some(StepBody::Script(lines.join("\n")))
            }
            _ => Some(StepBody::Text { key: "script", value: String::new() }),
        }
    }
}

/// The one body of an imported step, or why the step is malformed.
pub fn single_body(step: &ExportStep) -> Result<&StepBody, DecodeError> {
    if let Some(StepBody::Text { key: "script", .. }) =
        step.bodies.iter().find(|b| matches!(b, StepBody::Text { key: "script", .. }))
    {
        return Err(DecodeError::MalformedStep("script must be a string or a string array".into()));
    }
    match step.bodies.as_slice() {
        [one] => Ok(one),
        [] => Err(DecodeError::MalformedStep("a step needs an action".into())),
        _ => Err(DecodeError::MalformedStep("a step can only run one action".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ExportAction {
        ExportAction {
            version: VERSION.into(),
            name: "build".into(),
            group: "platform".into(),
            description: "Build it".into(),
            enabled: None,
            parameters: vec![
                (
                    "target".into(),
                    ExportParameter { kind: "string".into(), default: "dist".into(), ..Default::default() },
                ),
                (
                    "Verbose".into(),
                    ExportParameter {
                        kind: "boolean".into(),
                        default: "true".into(),
                        advanced: Some(true),
                        ..Default::default()
                    },
                ),
            ],
            requirements: vec![
                ExportRequirement { binary: "make".into(), ..Default::default() },
                ExportRequirement {
                    service_name: "pg".into(),
                    service_value: "postgres:14".into(),
                    ..Default::default()
                },
            ],
            steps: vec![
                ExportStep { bodies: vec![StepBody::Script("make <all>\n".into())], ..Default::default() },
                ExportStep {
                    name: "push".into(),
                    optional: Some(true),
                    bodies: vec![StepBody::Custom {
                        key: "platform/docker-push".into(),
                        params: vec![("tag".into(), "1.0".into()), ("image".into(), "app".into())],
                    }],
                    ..Default::default()
                },
            ],
        }
    }

    #[test]
    fn yaml_keeps_struct_order_and_sorts_maps() {
        let yaml = sample().to_yaml().expect("yaml");
        assert_eq!(
            yaml,
            "version: v1.0\nname: build\ngroup: platform\ndescription: Build it\nparameters:\n  Verbose:\n    type: boolean\n    default: \"true\"\n    advanced: true\n  target:\n    type: string\n    default: dist\nrequirements:\n- binary: make\n- service:\n    name: pg\n    value: postgres:14\nsteps:\n- script:\n  - make <all>\n  - \"\"\n- name: push\n  optional: true\n  platform/docker-push:\n    image: app\n    tag: \"1.0\"\n"
        );
    }

    #[test]
    fn json_escapes_like_go_and_sorts_custom_steps() {
        let json = String::from_utf8(sample().to_json()).expect("utf8");
        assert_eq!(
            json,
            r#"{"version":"v1.0","name":"build","group":"platform","description":"Build it","parameters":{"Verbose":{"type":"boolean","default":"true","advanced":true},"target":{"type":"string","default":"dist"}},"requirements":[{"binary":"make","service":{}},{"service":{"name":"pg","value":"postgres:14"}}],"steps":[{"script":["make \u003call\u003e",""]},{"name":"push","optional":true,"platform/docker-push":{"image":"app","tag":"1.0"}}]}"#
        );
    }

    #[test]
    fn both_encodings_read_back_what_they_wrote() {
        let a = sample();
        let from_yaml = from_yaml(a.to_yaml().expect("yaml").as_bytes()).expect("yaml back");
        let from_json = from_json(&a.to_json()).expect("json back");
        for back in [from_yaml, from_json] {
            assert_eq!(back.name, "build");
            assert_eq!(back.steps[0].bodies, vec![StepBody::Script("make <all>\n".into())]);
            assert_eq!(back.steps[1].optional, Some(true));
            assert_eq!(back.requirements[1].service_value, "postgres:14");
            assert_eq!(back.parameters.len(), 2);
        }
    }

    /// Found by `prop_cds_yaml_reads_back_what_it_writes`: a struct body read with its keys
    /// out of order was written back in that order, so the JSON written from the YAML did
    /// not read back to itself.
    #[test]
    fn struct_bodies_come_out_in_go_map_order() {
        let doc = from_yaml(b"steps:\n- gitClone:\n    url: u\n    branch: b\n").expect("reads");
        let json = String::from_utf8(doc.to_json()).expect("utf8");
        assert!(json.contains(r#"{"gitClone":{"branch":"b","url":"u"}}"#), "{json}");
        assert_eq!(from_json(json.as_bytes()).expect("reads back"), doc);
    }

    /// Found by `prop_cds_yaml_reads_back_what_it_writes`: a step key written twice gave
    /// two bodies, written back as two keys the JSON side then merged.
    #[test]
    fn a_step_key_written_twice_keeps_the_last() {
        let doc = from_yaml(b"steps:\n- my/act:\n  my/act:\n    a: b\n").expect("reads");
        let custom = StepBody::Custom { key: "my/act".into(), params: vec![("a".into(), "b".into())] };
        assert_eq!(doc.steps[0].bodies, vec![custom]);
        assert_eq!(from_json(&doc.to_json()).expect("reads back"), doc);
    }

    #[test]
    fn type_errors_read_like_go_yaml() {
        let err = from_yaml(b"name: x\nenabled: maybe\nsteps: 3\n").expect_err("bad");
        assert_eq!(
            err,
            DecodeError::Invalid(
                "yaml: unmarshal errors:\n  line 2: cannot unmarshal !!str `maybe` into bool\n  line 3: cannot unmarshal !!int `3` into []exportentities.Step".into()
            )
        );
        let err = from_json(br#"{"name":3}"#).expect_err("bad");
        assert_eq!(
            err,
            DecodeError::Invalid(
                "json: cannot unmarshal number into Go struct field Action.name of type string".into()
            )
        );
        assert!(matches!(from_json(b"{"), Err(DecodeError::Invalid(m)) if m == "unexpected end of JSON input"));
    }

    #[test]
    fn no_input_makes_the_decoders_panic() {
        let pieces = [
            "a",
            ": ",
            "- ",
            "\n",
            "  ",
            "[",
            "]",
            "{",
            "}",
            "&x ",
            "*x",
            "!!str ",
            "'",
            "\"",
            "#",
            "é",
            "10",
            "yes",
            "steps:\n",
            "- script:\n  - ",
            "\t",
            "2019-01-01T10:10:10+1é:00",
            "? ",
            "|\n",
            ">-\n",
            "%YAML 1.1\n---\n",
            "\\",
            "[!,",
            "\r",
            "|+\n",
            "!",
        ];
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..3000 {
            let doc: String = (0..rng.usize(1..24)).map(|_| pieces[rng.usize(..pieces.len())]).collect();
            let _ = from_json(doc.as_bytes());
            if let Ok(a) = from_yaml(doc.as_bytes()) {
                let _ = a.to_yaml();
                let _ = a.to_json();
            }
        }
        let bytes: Vec<u8> = (0..512).map(|_| rng.u8(..)).collect();
        let _ = from_yaml(&bytes);
    }

    #[test]
    fn yaml_strings_take_any_scalar_and_steps_need_one_body() {
        let a = from_yaml(b"name: 10\nsteps:\n- gitClone:\n    depth: 10\n- {}\n- script: [a, 1]\n").expect("decoded");
        assert_eq!(a.name, "10");
        assert!(single_body(&a.steps[0]).is_ok());
        assert!(matches!(single_body(&a.steps[1]), Err(DecodeError::MalformedStep(_))));
        assert!(matches!(single_body(&a.steps[2]), Err(DecodeError::MalformedStep(_))));
    }
}
