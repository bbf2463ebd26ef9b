//! Parsed requests shared by the command parser (`parse`/`exec`) and the printers
//! (`print`), so each side can be written and tested alone.

use crate::model::Selector;

/// A resource type as kubectl names it, after alias resolution
/// (`ds`, `daemonset`, `daemonsets`, `daemonsets.apps` → `DaemonSets`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ResourceType {
    /// daemonsets.apps
    DaemonSets,
    /// pods
    Pods,
    /// nodes (cluster-scoped)
    Nodes,
    /// controllerrevisions.apps
    ControllerRevisions,
    /// events
    Events,
    /// namespaces (cluster-scoped)
    Namespaces,
    /// deployments.apps
    Deployments,
    /// replicasets.apps
    ReplicaSets,
}

/// Which namespaces a request covers.
#[derive(Clone, Debug, PartialEq)]
pub enum Scope {
    /// `-A` / `--all-namespaces`.
    All,
    /// `-n NS` (default `default`).
    Namespace(String),
}

/// `-o` formats.
#[derive(Clone, Debug, PartialEq)]
pub enum OutputFormat {
    /// The default table.
    Table,
    /// `-o wide`.
    Wide,
    /// `-o json`.
    Json,
    /// `-o yaml`.
    Yaml,
    /// `-o name`.
    Name,
    /// `-o jsonpath=TEMPLATE`.
    JsonPath(String),
    /// `-o go-template=TEMPLATE` (or `template=`, or `--template`).
    GoTemplate(String),
    /// `-o custom-columns=HEADER:PATH,…`.
    CustomColumns(Vec<crate::kubectl::print::Column>),
}

/// One field selector requirement (`spec.nodeName=node-1`, `status.phase!=Running`).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldRequirement {
    /// The field path.
    pub field: String,
    /// True for `=`/`==`, false for `!=`.
    pub equals: bool,
    /// The value.
    pub value: String,
}

/// A `kubectl get` request.
#[derive(Clone, Debug, PartialEq)]
pub struct GetRequest {
    /// Resource types, in the order given (`get ds,pods`).
    pub resources: Vec<ResourceType>,
    /// Names (empty: list everything).
    pub names: Vec<String>,
    /// Namespace scope.
    pub scope: Scope,
    /// `-l`.
    pub selector: Option<Selector>,
    /// `--field-selector`.
    pub field_selector: Vec<FieldRequirement>,
    /// `-o`.
    pub output: OutputFormat,
    /// `--show-labels`.
    pub show_labels: bool,
    /// Prefix names with their kind even for one type: this request is one block of
    /// a `get` that asked for several kinds (`get all`).
    pub with_kind: bool,
}
