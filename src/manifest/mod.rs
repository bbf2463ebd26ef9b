//! Manifests in: YAML files read the way kubectl reads them, checked the way the API
//! server checks them, and every problem placed on its line for the editor.
//!
//! The pipeline for one file ([`load`]):
//! 1. [`yaml`] cuts it into documents (`---`) and converts each to JSON
//!    (syntax errors in go-yaml's words, with line and column);
//! 2. `apiVersion`/`kind` are checked and mapped ([`kinds`]); removed API versions fail
//!    like on a real cluster, with a [`Diagnostic::hint`] on what to change;
//! 3. [`decode`] checks the JSON tree against [`schema`] (unknown fields, wrong types)
//!    according to `--validate`;
//! 4. the tree is deserialized into the typed model.
//!
//! Defaulting ([`defaults`]) and validation ([`validate`]) are separate steps the API
//! (the simulation) runs on create and update; [`check`] runs everything for the editor.

pub mod decode;
pub mod defaults;
pub mod explain;
pub mod field;
pub mod kinds;
pub mod locate;
pub mod names;
pub mod schema;
pub mod validate;
pub mod yaml;

use crate::model::{DaemonSet, Deployment, GenericObject, Node, Pod, ReplicaSet};
use field::go_quote;
use kinds::Kind;
use serde_json::Value as Json;

pub use explain::explain;
pub use field::{ErrorKind, FieldError};

/// A decoded object.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    /// apps/v1 DaemonSet.
    DaemonSet(Box<DaemonSet>),
    /// v1 Node.
    Node(Box<Node>),
    /// apps/v1 Deployment.
    Deployment(Box<Deployment>),
    /// apps/v1 ReplicaSet.
    ReplicaSet(Box<ReplicaSet>),
    /// v1 Pod.
    Pod(Box<Pod>),
    /// Any other served kind, stored verbatim.
    Generic(Box<GenericObject>),
}

impl Object {
    /// The object's kind.
    pub fn kind(&self) -> &str {
        match self {
            Object::DaemonSet(_) => "DaemonSet",
            Object::Node(_) => "Node",
            Object::Deployment(_) => "Deployment",
            Object::ReplicaSet(_) => "ReplicaSet",
            Object::Pod(_) => "Pod",
            Object::Generic(g) => &g.kind,
        }
    }
    /// The object's name.
    pub fn name(&self) -> &str {
        match self {
            Object::DaemonSet(o) => &o.metadata.name,
            Object::Node(o) => &o.metadata.name,
            Object::Deployment(o) => &o.metadata.name,
            Object::ReplicaSet(o) => &o.metadata.name,
            Object::Pod(o) => &o.metadata.name,
            Object::Generic(o) => &o.metadata.name,
        }
    }
}

/// One object read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The object, as written (not yet defaulted or validated).
    pub object: Object,
    /// 1-based line where the document (or `List` item) starts.
    pub line: usize,
    /// Lines kubectl prints as warnings (`Warning: unknown field "spec.replicas"`).
    pub warnings: Vec<String>,
}

/// kubectl's `--validate` (`true` = strict, `false` = ignore).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FieldValidation {
    /// Unknown fields are errors (the default).
    Strict,
    /// Unknown fields are dropped with a warning.
    Warn,
    /// Unknown fields are dropped silently.
    Ignore,
}

impl FieldValidation {
    /// Parses a `--validate` value as kubectl accepts it.
    pub fn parse(s: &str) -> Result<FieldValidation, String> {
        match s {
            "strict" | "true" => Ok(FieldValidation::Strict),
            "warn" => Ok(FieldValidation::Warn),
            "ignore" | "false" => Ok(FieldValidation::Ignore),
            other => Err(format!(
                "error: invalid - validate option {other:?}; must be one of: strict (or true), warn, ignore (or false)"
            )),
        }
    }
}

/// How bad a diagnostic is.
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize)]
pub enum Severity {
    /// kubectl would fail.
    Error,
    /// kubectl would warn and go on.
    Warning,
}

/// A problem with a place in the file.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// Field path (`spec.template.spec.containers[0].image`), or empty.
    pub path: String,
    /// The complete line(s) kubectl prints.
    pub message: String,
    /// A teaching hint, e.g. how to move a removed API version to apps/v1.
    pub hint: Option<String>,
}

/// The result of reading one file.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadResult {
    /// One entry per object, in file order.
    pub documents: Vec<Result<Loaded, Diagnostic>>,
    /// A problem with the file itself (too large, YAML syntax). kubectl stops reading
    /// at a syntax error; the documents before it are still in `documents` (kubectl
    /// applies those), none after it.
    pub file_error: Option<Diagnostic>,
}

/// Reads a manifest file as `kubectl apply -f <file_name> --validate=<validation>` would.
pub fn load(text: &str, file_name: &str, validation: FieldValidation) -> LoadResult {
    let mut documents = Vec::new();
    if text.len() > yaml::MAX_INPUT_BYTES {
        return LoadResult {
            documents,
            file_error: Some(too_large(text, file_name)),
        };
    }
    for doc in yaml::split_documents(text) {
        if yaml::is_blank(doc.text) {
            continue;
        }
        let json = match yaml::parse(&doc) {
            Ok(j) => j,
            Err(e) => {
                return LoadResult {
                    documents,
                    file_error: Some(syntax_diagnostic(&e, file_name)),
                }
            }
        };
        for item in expand(json, &doc) {
            documents.push(load_object(item, file_name, validation).map_err(|d| d.diagnostic));
        }
    }
    LoadResult {
        documents,
        file_error: None,
    }
}

fn too_large(text: &str, file_name: &str) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        line: 1,
        col: 1,
        path: String::new(),
        message: format!(
            "error: error reading {file_name}: the file is {} bytes; the limit is {} bytes (4 MiB)",
            text.len(),
            yaml::MAX_INPUT_BYTES
        ),
        hint: Some("Real API servers refuse requests larger than 3 MiB; split the file.".into()),
    }
}

fn syntax_diagnostic(e: &yaml::SyntaxError, file_name: &str) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        line: e.line,
        col: e.col,
        path: String::new(),
        message: format!(
            "error: error parsing {file_name}: error converting YAML to JSON: {}",
            e.message
        ),
        hint: None,
    }
}

/// One object to decode: its JSON, its document, and its path prefix in the document
/// (`items[2]` for an element of a `kind: List`).
struct Item<'a> {
    json: Json,
    doc: yaml::Document<'a>,
    prefix: String,
}

impl Item<'_> {
    /// Absolute (line, col) of a field path inside this item.
    fn locate(&self, path: &str) -> (usize, usize) {
        let full = if path.is_empty() {
            self.prefix.clone()
        } else if self.prefix.is_empty() {
            path.to_string()
        } else {
            format!("{}.{path}", self.prefix)
        };
        let (line, col, _) = locate::locate(self.doc.text, &locate::parse_path(&full));
        (self.doc.first_line + line - 1, col)
    }
}

/// Flattens `kind: List` documents into their items, as kubectl does.
fn expand<'a>(json: Json, doc: &yaml::Document<'a>) -> Vec<Item<'a>> {
    if json.is_null() {
        return Vec::new();
    }
    let is_list = json
        .get("kind")
        .and_then(Json::as_str)
        .is_some_and(|k| k == "List" || k.ends_with("List") && k.len() > 4)
        && json.get("items").is_some_and(Json::is_array);
    if is_list {
        let items = json
            .get("items")
            .and_then(Json::as_array)
            .cloned()
            .unwrap_or_default();
        return items
            .into_iter()
            .enumerate()
            .filter(|(_, j)| !j.is_null())
            .map(|(i, j)| Item {
                json: j,
                doc: doc.clone(),
                prefix: format!("items[{i}]"),
            })
            .collect();
    }
    vec![Item {
        json,
        doc: doc.clone(),
        prefix: String::new(),
    }]
}

/// A document that failed, with everything [`check`] wants to know.
struct Failure {
    diagnostic: Diagnostic,
}

fn fail(item: &Item<'_>, path: &str, message: String, hint: Option<String>) -> Failure {
    let (line, col) = item.locate(path);
    Failure {
        diagnostic: Diagnostic {
            severity: Severity::Error,
            line,
            col,
            path: path.to_string(),
            message,
            hint,
        },
    }
}

const STOP_VALIDATE: &str =
    "if you choose to ignore these errors, turn validation off with --validate=false";

fn load_object(
    mut item: Item<'_>,
    file: &str,
    validation: FieldValidation,
) -> Result<Loaded, Failure> {
    let line = item.locate("").0;
    if !item.json.is_object() {
        let message = if validation == FieldValidation::Ignore {
            format!(
                "error: unable to decode {file:?}: json: cannot unmarshal {} into Go value of type struct {{ APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }}",
                json_kind(&item.json)
            )
        } else {
            format!("error: error validating {file:?}: error validating data: invalid object to validate; {STOP_VALIDATE}")
        };
        return Err(fail(&item, "", message, None));
    }
    let api_version = item.json.get("apiVersion").cloned().unwrap_or(Json::Null);
    let kind = item.json.get("kind").cloned().unwrap_or(Json::Null);
    let mut problems = Vec::new();
    match &api_version {
        Json::Null => problems.push("apiVersion not set"),
        Json::String(_) => {}
        _ => problems.push("apiVersion isn't string type"),
    }
    match &kind {
        Json::Null => problems.push("kind not set"),
        Json::String(_) => {}
        _ => problems.push("kind isn't string type"),
    }
    let api_version = api_version.as_str().unwrap_or_default().to_string();
    let kind = kind.as_str().unwrap_or_default().to_string();
    if !problems.is_empty() || api_version.is_empty() || kind.is_empty() {
        let message = if validation == FieldValidation::Ignore {
            let what = if kind.is_empty() {
                "Kind"
            } else {
                "apiVersion"
            };
            format!(
                "error: unable to decode {file:?}: Object '{what}' is missing in '{}'",
                item.json
            )
        } else {
            if problems.is_empty() {
                problems.push(if kind.is_empty() {
                    "kind not set"
                } else {
                    "apiVersion not set"
                });
            }
            let list = if problems.len() == 1 {
                problems[0].to_string()
            } else {
                format!("[{}]", problems.join(", "))
            };
            format!(
                "error: error validating {file:?}: error validating data: {list}; {STOP_VALIDATE}"
            )
        };
        let hint = Some("Every manifest starts with apiVersion: and kind: (for a DaemonSet: apiVersion: apps/v1, kind: DaemonSet).".to_string());
        return Err(fail(&item, "", message, hint));
    }
    let meta_str = |key: &str| {
        item.json
            .pointer(&format!("/metadata/{key}"))
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let (name, namespace) = (meta_str("name"), meta_str("namespace"));
    let schema: &'static schema::Struct = match kinds::classify(&api_version, &kind) {
        Kind::Unmapped => {
            let message = format!(
                "error: resource mapping not found for name: {} namespace: {} from {}: no matches for kind {} in version {}\nensure CRDs are installed first",
                go_quote(&name),
                go_quote(&namespace),
                go_quote(file),
                go_quote(&kind),
                go_quote(&api_version)
            );
            let hint = removed_hint(&item.json, &api_version, &kind);
            return Err(fail(&item, "apiVersion", message, hint));
        }
        Kind::Generic => {
            return match serde_json::from_value::<GenericObject>(item.json.clone()) {
                Ok(g) => Ok(Loaded {
                    object: Object::Generic(Box::new(g)),
                    line,
                    warnings: Vec::new(),
                }),
                Err(e) => Err(fail(
                    &item,
                    "metadata",
                    bad_request(file, &kind, &api_version, &e.to_string()),
                    None,
                )),
            };
        }
        Kind::DaemonSet => &schema::DAEMON_SET,
        Kind::Pod => &schema::POD,
        Kind::Deployment => &schema::DEPLOYMENT,
        Kind::ReplicaSet => &schema::REPLICA_SET,
        Kind::Node => &schema::NODE,
    };
    let report = decode::check(
        &mut item.json,
        schema,
        validation != FieldValidation::Strict,
    );
    if let Some((msg, path)) = &report.type_error {
        return Err(fail(
            &item,
            path,
            bad_request(file, &kind, &api_version, msg),
            None,
        ));
    }
    let mut warnings = Vec::new();
    if !report.unknown.is_empty() {
        match validation {
            FieldValidation::Strict => {
                let list: Vec<String> = report
                    .unknown
                    .iter()
                    .map(|p| format!("unknown field {}", go_quote(p)))
                    .collect();
                let msg = format!("strict decoding error: {}", list.join(", "));
                let hint = unknown_field_hint(&kind, &report.unknown);
                return Err(fail(
                    &item,
                    &report.unknown[0],
                    bad_request(file, &kind, &api_version, &msg),
                    hint,
                ));
            }
            FieldValidation::Warn => {
                warnings = report
                    .unknown
                    .iter()
                    .map(|p| format!("Warning: unknown field {}", go_quote(p)))
                    .collect();
            }
            FieldValidation::Ignore => {}
        }
    }
    let object = match kind.as_str() {
        "DaemonSet" => {
            serde_json::from_value(item.json.clone()).map(|o| Object::DaemonSet(Box::new(o)))
        }
        "Pod" => serde_json::from_value(item.json.clone()).map(|o| Object::Pod(Box::new(o))),
        "Deployment" => {
            serde_json::from_value(item.json.clone()).map(|o| Object::Deployment(Box::new(o)))
        }
        "ReplicaSet" => {
            serde_json::from_value(item.json.clone()).map(|o| Object::ReplicaSet(Box::new(o)))
        }
        _ => serde_json::from_value(item.json.clone()).map(|o| Object::Node(Box::new(o))),
    };
    match object {
        Ok(object) => Ok(Loaded {
            object,
            line,
            warnings,
        }),
        Err(e) => Err(fail(
            &item,
            "",
            bad_request(file, &kind, &api_version, &e.to_string()),
            None,
        )),
    }
}

fn json_kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "bool",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

/// The server's 400 for a body it cannot decode, as kubectl prints it.
fn bad_request(file: &str, kind: &str, api_version: &str, msg: &str) -> String {
    let version = api_version.rsplit('/').next().unwrap_or(api_version);
    format!(
        "Error from server (BadRequest): error when creating {}: {kind} in version {} cannot be handled as a {kind}: {msg}",
        go_quote(file),
        go_quote(version)
    )
}

fn unknown_field_hint(kind: &str, unknown: &[String]) -> Option<String> {
    if kind == "DaemonSet" && unknown.iter().any(|p| p == "spec.replicas") {
        return Some("A DaemonSet has no replicas: it runs one pod on every node its template selects. Remove spec.replicas (use nodeSelector, affinity or tolerations to choose nodes).".into());
    }
    if kind == "DaemonSet" && unknown.iter().any(|p| p == "spec.templateGeneration") {
        return Some(
            "spec.templateGeneration existed only in extensions/v1beta1; remove it.".into(),
        );
    }
    None
}

/// What to change to move a manifest off a removed API version.
fn removed_hint(json: &Json, api_version: &str, kind: &str) -> Option<String> {
    let (release, replacement) = kinds::removed(api_version, kind)?;
    if kind != "DaemonSet" {
        return Some(format!(
            "{kind} in {api_version} was removed in Kubernetes {release}: use apiVersion: {replacement}."
        ));
    }
    let mut steps = vec![format!(
        "DaemonSet in {api_version} was removed in Kubernetes {release}. To apply this manifest:\n- set apiVersion: apps/v1"
    )];
    let has_selector = json.pointer("/spec/selector").is_some_and(|s| !s.is_null());
    if !has_selector {
        let labels = json
            .pointer("/spec/template/metadata/labels")
            .and_then(Json::as_object)
            .filter(|m| !m.is_empty());
        match labels {
            Some(l) => {
                let mut s = String::from("- add spec.selector.matchLabels with the pod template's labels (apps/v1 requires a selector and no longer copies it from the template):\n    selector:\n      matchLabels:");
                for (k, v) in l {
                    s.push_str(&format!("\n        {k}: {}", v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())));
                }
                steps.push(s);
            }
            None => steps.push("- add labels to spec.template.metadata.labels and the same spec.selector.matchLabels (apps/v1 requires a selector that matches the template)".into()),
        }
    }
    let strategy = json
        .pointer("/spec/updateStrategy/type")
        .and_then(Json::as_str);
    if api_version == "extensions/v1beta1" && strategy.is_none() {
        steps.push("- note the default update strategy changes from OnDelete (extensions/v1beta1) to RollingUpdate: pods are replaced as soon as the template changes; add spec.updateStrategy.type: OnDelete to keep the old behaviour".into());
    }
    if json.pointer("/spec/templateGeneration").is_some() {
        steps.push("- remove spec.templateGeneration (it does not exist in apps/v1)".into());
    }
    Some(steps.join("\n"))
}

/// Everything wrong with a file, for the editor: syntax, unknown fields, removed API
/// versions, type errors, and defaulting+validation errors (create semantics), each
/// at its line, sorted by line.
pub fn check(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if text.len() > yaml::MAX_INPUT_BYTES {
        return vec![too_large(text, "manifest")];
    }
    let file = "manifest.yaml";
    for doc in yaml::split_documents(text) {
        if yaml::is_blank(doc.text) {
            continue;
        }
        let json = match yaml::parse(&doc) {
            Ok(j) => j,
            Err(e) => {
                out.push(syntax_diagnostic(&e, file));
                continue;
            }
        };
        for item in expand(json, &doc) {
            // Each unknown field gets its own diagnostic at its own line.
            let mut probe = item.json.clone();
            let schema = match (
                probe.get("apiVersion").and_then(Json::as_str),
                probe.get("kind").and_then(Json::as_str),
            ) {
                (Some(v), Some(k)) => match kinds::classify(v, k) {
                    Kind::DaemonSet => Some(&schema::DAEMON_SET),
                    Kind::Pod => Some(&schema::POD),
                    Kind::Node => Some(&schema::NODE),
                    _ => None,
                },
                _ => None,
            };
            if let Some(schema) = schema {
                let report = decode::check(&mut probe, schema, true);
                if report.type_error.is_none() {
                    for p in &report.unknown {
                        let (line, col) = item.locate(p);
                        out.push(Diagnostic {
                            severity: Severity::Error,
                            line,
                            col,
                            path: p.clone(),
                            message: format!("unknown field {}", go_quote(p)),
                            hint: unknown_field_hint(
                                probe["kind"].as_str().unwrap_or_default(),
                                std::slice::from_ref(p),
                            ),
                        });
                    }
                }
            }
            let located = Item {
                json: item.json.clone(),
                doc: item.doc.clone(),
                prefix: item.prefix.clone(),
            };
            match load_object(item, file, FieldValidation::Ignore) {
                Err(f) => out.push(f.diagnostic),
                Ok(loaded) => {
                    let errors = match loaded.object {
                        Object::DaemonSet(mut ds) => {
                            defaults::daemonset(&mut ds);
                            validate::daemonset(&ds, None)
                        }
                        Object::Pod(mut pod) => {
                            defaults::pod(&mut pod);
                            validate::pod(&pod)
                        }
                        Object::Deployment(mut d) => {
                            defaults::deployment(&mut d);
                            validate::deployment(&d, None)
                        }
                        Object::ReplicaSet(mut rs) => {
                            defaults::replicaset(&mut rs);
                            validate::replicaset(&rs, None)
                        }
                        _ => Vec::new(),
                    };
                    for e in errors {
                        let (line, col) = located.locate(&e.path);
                        out.push(Diagnostic {
                            severity: Severity::Error,
                            line,
                            col,
                            path: e.path.clone(),
                            message: e.to_string(),
                            hint: None,
                        });
                    }
                }
            }
        }
    }
    // Ignore-mode decoding reports missing kinds differently; the editor wants the
    // strict (default) wording.
    for d in &mut out {
        if d.message.starts_with("error: unable to decode") && d.message.contains("is missing in") {
            d.message = format!(
                "error: error validating {file:?}: error validating data: {}; {STOP_VALIDATE}",
                if d.message.contains("'Kind'") {
                    "kind not set"
                } else {
                    "apiVersion not set"
                }
            );
        }
    }
    crate::sort::by_key(&mut out, |d| (d.line, d.col));
    out
}

/// kubectl's message for a 422 Invalid: one error inline, several as a `* ` list.
pub fn invalid_message(kind: &str, name: &str, errors: &[FieldError]) -> String {
    let prefix = format!("The {kind} {} is invalid: ", go_quote(name));
    match errors {
        [] => format!("The {kind} {} is invalid", go_quote(name)),
        [one] => format!("{prefix}{one}"),
        many => {
            let mut s = format!("{prefix}\n");
            let lines: Vec<String> = many.iter().map(|e| format!("* {e}")).collect();
            s.push_str(&lines.join("\n"));
            s
        }
    }
}

/// Whether objects of `kind` live outside namespaces.
pub fn is_cluster_scoped(kind: &str) -> bool {
    matches!(
        kind,
        "Namespace"
            | "Node"
            | "ClusterRole"
            | "ClusterRoleBinding"
            | "PriorityClass"
            | "StorageClass"
            | "CSIDriver"
            | "CustomResourceDefinition"
            | "PersistentVolume"
            | "RuntimeClass"
            | "ValidatingWebhookConfiguration"
            | "MutatingWebhookConfiguration"
            | "APIService"
            | "PodSecurityPolicy"
            | "IngressClass"
    )
}

/// The resource name kubectl prints for a kind in messages (`configmaps`,
/// `serviceaccounts`, `clusterroles.rbac.authorization.k8s.io`).
pub fn resource_plural(kind: &str) -> String {
    let lower = kind.to_ascii_lowercase();
    let plural = if lower.ends_with('s') {
        format!("{lower}es")
    } else if lower.ends_with('y') {
        format!("{}ies", &lower[..lower.len() - 1])
    } else {
        format!("{lower}s")
    };
    match kind {
        "DaemonSet" | "Deployment" | "ReplicaSet" | "StatefulSet" | "ControllerRevision" => {
            format!("{plural}.apps")
        }
        "ClusterRole" | "ClusterRoleBinding" | "Role" | "RoleBinding" => {
            format!("{plural}.rbac.authorization.k8s.io")
        }
        "PriorityClass" => format!("{plural}.scheduling.k8s.io"),
        "StorageClass" | "CSIDriver" => format!("{plural}.storage.k8s.io"),
        "PodDisruptionBudget" => format!("{plural}.policy"),
        _ => plural,
    }
}

#[cfg(test)]
mod tests;
