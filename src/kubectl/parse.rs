//! Syntax only: a command line in, a [`Command`] out, or the error kubectl (or the
//! simulator) prints. Nothing here looks at the cluster.
//!
//! # Format
//!
//! ```text
//! line     = ws* ( "#" anything | "kubectl" word* | "sim" word* )?
//! word     = split as a POSIX shell splits (quotes, backslash escapes)
//! flag     = "--name=value" | "--name" value | "-x" value | "-xvalue" | "-x=value"
//! resource = TYPE | TYPE "/" NAME | TYPE[,TYPE...]     (ds, daemonsets.apps, po, no…)
//! ```
//!
//! Flags are parsed as pflag parses them: a boolean flag never takes the next word
//! as its value (`--watch=false`, not `--watch false`), every other flag does, and
//! `--` ends the flags. Each verb has its own table of flags; anything else is
//! `error: unknown flag: --foo`.

use super::request::{FieldRequirement, GetRequest, OutputFormat, ResourceType, Scope};
use crate::model::{Selector, Taint};

/// A parse failure: the complete text to print (without a trailing newline).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError(pub String);

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError(msg.into()))
}

/// A kind the simulator stores but does not simulate (ConfigMap, ServiceAccount…).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OtherKind {
    /// `ConfigMap`.
    pub kind: &'static str,
    /// `configmaps`.
    pub plural: &'static str,
    /// API group (`""` for the core group).
    pub group: &'static str,
    /// False for cluster-scoped kinds.
    pub namespaced: bool,
}

impl OtherKind {
    /// `configmaps`, `clusterroles.rbac.authorization.k8s.io`: the name in messages.
    pub fn qualified_plural(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_string()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }
    /// `configmap`, `clusterrole.rbac.authorization.k8s.io`: the name in `x/name` output.
    pub fn qualified_singular(&self) -> String {
        let s = self.kind.to_ascii_lowercase();
        if self.group.is_empty() {
            s
        } else {
            format!("{s}.{}", self.group)
        }
    }
}

/// A resource type as named on a command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    /// One the simulator models and prints itself.
    Typed(ResourceType),
    /// A stored-only kind.
    Other(OtherKind),
}

/// `(kind, plural, group, namespaced, aliases)` of the stored-only kinds.
const OTHER_KINDS: &[(&str, &str, &str, bool, &[&str])] = &[
    ("ServiceAccount", "serviceaccounts", "", true, &["sa"]),
    ("ConfigMap", "configmaps", "", true, &["cm"]),
    ("Secret", "secrets", "", true, &[]),
    ("Service", "services", "", true, &["svc"]),
    (
        "PersistentVolumeClaim",
        "persistentvolumeclaims",
        "",
        true,
        &["pvc"],
    ),
    ("PersistentVolume", "persistentvolumes", "", false, &["pv"]),
    (
        "PriorityClass",
        "priorityclasses",
        "scheduling.k8s.io",
        false,
        &["pc"],
    ),
    (
        "ClusterRole",
        "clusterroles",
        "rbac.authorization.k8s.io",
        false,
        &[],
    ),
    (
        "ClusterRoleBinding",
        "clusterrolebindings",
        "rbac.authorization.k8s.io",
        false,
        &[],
    ),
    ("Role", "roles", "rbac.authorization.k8s.io", true, &[]),
    (
        "RoleBinding",
        "rolebindings",
        "rbac.authorization.k8s.io",
        true,
        &[],
    ),
    ("StatefulSet", "statefulsets", "apps", true, &["sts"]),
    ("Job", "jobs", "batch", true, &[]),
    ("CronJob", "cronjobs", "batch", true, &["cj"]),
    (
        "PodDisruptionBudget",
        "poddisruptionbudgets",
        "policy",
        true,
        &["pdb"],
    ),
    (
        "StorageClass",
        "storageclasses",
        "storage.k8s.io",
        false,
        &["sc"],
    ),
    ("CSIDriver", "csidrivers", "storage.k8s.io", false, &[]),
    ("RuntimeClass", "runtimeclasses", "node.k8s.io", false, &[]),
    (
        "NetworkPolicy",
        "networkpolicies",
        "networking.k8s.io",
        true,
        &["netpol"],
    ),
    ("Ingress", "ingresses", "networking.k8s.io", true, &["ing"]),
    (
        "IngressClass",
        "ingressclasses",
        "networking.k8s.io",
        false,
        &[],
    ),
    (
        "CustomResourceDefinition",
        "customresourcedefinitions",
        "apiextensions.k8s.io",
        false,
        &["crd", "crds"],
    ),
    ("Lease", "leases", "coordination.k8s.io", true, &[]),
    ("ResourceQuota", "resourcequotas", "", true, &["quota"]),
    ("LimitRange", "limitranges", "", true, &["limits"]),
];

/// The stored-only kind with this `kind` name (`ConfigMap`), if known.
pub fn other_kind(kind: &str) -> Option<OtherKind> {
    OTHER_KINDS.iter().find(|k| k.0 == kind).map(|k| OtherKind {
        kind: k.0,
        plural: k.1,
        group: k.2,
        namespaced: k.3,
    })
}

/// Resolves `ds`, `daemonset`, `daemonsets.apps`, `daemonsets.v1.apps`, `po`, `no`…
pub fn resource_type(word: &str) -> Option<Resource> {
    let lower = word.to_ascii_lowercase();
    // TYPE[.VERSION].GROUP: split off the group, check it belongs to the type.
    let (base, group) = match lower.split_once('.') {
        Some((b, g)) => (b.to_string(), Some(g.to_string())),
        None => (lower.clone(), None),
    };
    let group_ok = |want: &str| match &group {
        None => true,
        Some(g) => {
            let g = g.strip_prefix("v1.").unwrap_or(g);
            g == want || (want.is_empty() && g == "v1")
        }
    };
    let typed = match base.as_str() {
        "ds" | "daemonset" | "daemonsets" if group_ok("apps") => Some(ResourceType::DaemonSets),
        "po" | "pod" | "pods" if group_ok("") => Some(ResourceType::Pods),
        "deploy" | "deployment" | "deployments" if group_ok("apps") => {
            Some(ResourceType::Deployments)
        }
        "rs" | "replicaset" | "replicasets" if group_ok("apps") => Some(ResourceType::ReplicaSets),
        "no" | "node" | "nodes" if group_ok("") => Some(ResourceType::Nodes),
        "controllerrevision" | "controllerrevisions" if group_ok("apps") => {
            Some(ResourceType::ControllerRevisions)
        }
        "ev" | "event" | "events" if group_ok("") || group_ok("events.k8s.io") => {
            Some(ResourceType::Events)
        }
        "ns" | "namespace" | "namespaces" if group_ok("") => Some(ResourceType::Namespaces),
        _ => None,
    };
    if let Some(t) = typed {
        return Some(Resource::Typed(t));
    }
    OTHER_KINDS
        .iter()
        .find(|k| {
            (base == k.1 || base == k.0.to_ascii_lowercase() || k.4.contains(&base.as_str()))
                && group_ok(k.2)
        })
        .map(|k| {
            Resource::Other(OtherKind {
                kind: k.0,
                plural: k.1,
                group: k.2,
                namespaced: k.3,
            })
        })
}

fn resource_or_error(word: &str) -> Result<Resource, ParseError> {
    resource_type(word).ok_or_else(|| {
        ParseError(format!(
            "error: the server doesn't have a resource type \"{word}\""
        ))
    })
}

/// `kubectl apply|create -f` field validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validate {
    /// Reject unknown fields (the default; `true`).
    Strict,
    /// Warn about unknown fields.
    Warn,
    /// Drop unknown fields silently (`false`, `ignore`).
    Ignore,
}

/// `kubectl apply -f FILE` / `kubectl create -f FILE`.
#[derive(Clone, Debug, PartialEq)]
pub struct Apply {
    /// True for `create` (existing objects are an error).
    pub create: bool,
    /// The files, in order.
    pub files: Vec<String>,
    /// `--validate`.
    pub validate: Validate,
    /// `-n` when given.
    pub namespace: Option<String>,
    /// `--record`: the command line to store as `kubernetes.io/change-cause`.
    pub record: Option<String>,
    /// `--dry-run=client|server`.
    pub dry_run: DryRun,
    /// `-o`: print the objects instead of `KIND/NAME created` (Table: not given).
    pub output: OutputFormat,
}

/// `--dry-run`: where the request stops (kubectl's `DryRunStrategy`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DryRun {
    /// Not a dry run.
    None,
    /// kubectl sends nothing: new objects print as read from the file.
    Client,
    /// The API server defaults and validates, then stores nothing.
    Server,
}

/// `kubectl scale TYPE/NAME --replicas=N`.
#[derive(Clone, Debug, PartialEq)]
pub struct Scale {
    /// What to scale.
    pub targets: Vec<(Resource, String)>,
    /// `--replicas`.
    pub replicas: i64,
    /// `-n`.
    pub namespace: Option<String>,
}

/// `kubectl get`: one request per resource group on the line.
#[derive(Clone, Debug, PartialEq)]
pub struct Get {
    /// Requests for the modelled kinds, in order.
    pub requests: Vec<GetRequest>,
    /// Stored-only kinds asked for, with names.
    pub others: Vec<(OtherKind, Vec<String>)>,
    /// Namespace scope.
    pub scope: Scope,
    /// Whether the modelled and stored-only parts interleave as given (other first).
    pub others_first: bool,
    /// For a bare list of types mixing modelled and stored-only kinds (`get all`,
    /// `get pods,svc,ds`): every type in the order given, so blocks print in that order.
    pub order: Vec<Resource>,
    /// `-o wide` (stored-only kinds with columns of their own, such as Services).
    pub wide: bool,
    /// `-o`, for the stored-only kinds (the requests carry their own copy).
    pub output: OutputFormat,
    /// `-l`, for the stored-only kinds.
    pub selector: Option<Selector>,
}

/// `kubectl describe TYPE [NAME...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Describe {
    /// The type (of the stored-only kinds, Services and ConfigMaps describe).
    pub resource: Resource,
    /// Names (empty: every object of the type in scope).
    pub names: Vec<String>,
    /// Scope.
    pub scope: Scope,
    /// `-l`.
    pub selector: Option<Selector>,
}

/// How `kubectl delete` propagates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CascadeFlag {
    /// `background` (default; `true`).
    Background,
    /// `foreground`.
    Foreground,
    /// `orphan` (`false`).
    Orphan,
}

/// What `kubectl delete` deletes.
#[derive(Clone, Debug, PartialEq)]
pub enum DeleteTarget {
    /// `TYPE NAME...` / `TYPE/NAME...`.
    Names(Vec<(Resource, String)>),
    /// `TYPE -l SEL` / `TYPE --all` / `TYPE --field-selector F`.
    Matching {
        /// The type.
        resource: Resource,
        /// `-l`.
        selector: Option<Selector>,
        /// `--field-selector`.
        fields: Vec<FieldRequirement>,
    },
    /// `-f FILE...`.
    Files(Vec<String>),
}

/// `kubectl delete`.
#[derive(Clone, Debug, PartialEq)]
pub struct Delete {
    /// What.
    pub target: DeleteTarget,
    /// `--cascade`.
    pub cascade: CascadeFlag,
    /// Deprecation warning to print first (`--cascade=false`).
    pub warning: Option<String>,
    /// Namespace scope.
    pub scope: Scope,
    /// `--wait` (default true).
    pub wait: bool,
    /// `--ignore-not-found`.
    pub ignore_not_found: bool,
}

/// One label or annotation change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyChange {
    /// `k=v`.
    Set(String, String),
    /// `k-`.
    Remove(String),
}

/// Which objects a label/annotate/taint/cordon command touches.
#[derive(Clone, Debug, PartialEq)]
pub enum Targets {
    /// Named objects.
    Names(Vec<String>),
    /// `-l` / `--all` / `--field-selector`.
    Matching {
        /// `-l`.
        selector: Option<Selector>,
        /// `--field-selector`.
        fields: Vec<FieldRequirement>,
    },
}

/// `kubectl label` and `kubectl annotate`.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// True for `annotate`.
    pub annotate: bool,
    /// The type.
    pub resource: ResourceType,
    /// Which objects.
    pub targets: Targets,
    /// The changes, in order.
    pub changes: Vec<KeyChange>,
    /// `--overwrite`.
    pub overwrite: bool,
    /// Namespace scope.
    pub scope: Scope,
}

/// `kubectl taint nodes`.
#[derive(Clone, Debug, PartialEq)]
pub struct TaintCmd {
    /// Which nodes.
    pub targets: Targets,
    /// Taints to add (in order).
    pub add: Vec<Taint>,
    /// Taints to remove: key and optional effect.
    pub remove: Vec<(String, String)>,
    /// `--overwrite`.
    pub overwrite: bool,
}

/// `kubectl cordon|uncordon`.
#[derive(Clone, Debug, PartialEq)]
pub struct Cordon {
    /// True for cordon, false for uncordon.
    pub cordon: bool,
    /// Which nodes.
    pub targets: Targets,
}

/// `kubectl drain NODE`.
#[derive(Clone, Debug, PartialEq)]
pub struct Drain {
    /// Which nodes.
    pub targets: Targets,
    /// `--ignore-daemonsets`.
    pub ignore_daemonsets: bool,
    /// `--force`.
    pub force: bool,
    /// `--delete-emptydir-data` (or the deprecated `--delete-local-data`).
    pub delete_emptydir_data: bool,
    /// Deprecation warning to print first.
    pub warning: Option<String>,
    /// `--pod-selector`.
    pub pod_selector: Option<Selector>,
}

/// `kubectl set image`.
#[derive(Clone, Debug, PartialEq)]
pub struct SetImage {
    /// The DaemonSet or (when `deployment`) the Deployment.
    pub name: String,
    /// True for a Deployment.
    pub deployment: bool,
    /// `(container or "*", image)`.
    pub images: Vec<(String, String)>,
    /// Namespace.
    pub namespace: Option<String>,
    /// `--record`.
    pub record: Option<String>,
}

/// `kubectl patch --type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchType {
    /// Strategic merge (default).
    Strategic,
    /// RFC 7386 merge patch.
    Merge,
    /// RFC 6902 JSON patch.
    Json,
}

/// `kubectl patch`.
#[derive(Clone, Debug, PartialEq)]
pub struct Patch {
    /// The type (only DaemonSets, nodes and pods are patched).
    pub resource: ResourceType,
    /// The name.
    pub name: String,
    /// `--type`.
    pub patch_type: PatchType,
    /// `-p` text, or `--patch-file` name.
    pub patch: PatchSource,
    /// Namespace.
    pub namespace: Option<String>,
    /// `--record`.
    pub record: Option<String>,
}

/// Where a patch comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatchSource {
    /// `-p TEXT`.
    Inline(String),
    /// `--patch-file NAME`.
    File(String),
}

/// `kubectl rollout` subcommands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RolloutAction {
    /// `status`.
    Status,
    /// `history`.
    History,
    /// `undo`.
    Undo,
    /// `restart`.
    Restart,
    /// `pause`.
    Pause,
    /// `resume`.
    Resume,
}

/// `kubectl rollout ACTION ds/NAME`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rollout {
    /// Which subcommand.
    pub action: RolloutAction,
    /// The resource type named.
    pub resource: Resource,
    /// The name.
    pub name: String,
    /// Namespace.
    pub namespace: Option<String>,
    /// `--watch` (status; default true).
    pub watch: bool,
    /// `--timeout` in ms (status; 0 = none).
    pub timeout: u64,
    /// `--revision` (history, status).
    pub revision: i64,
    /// `--to-revision` (undo).
    pub to_revision: i64,
}

/// `sim add-node` arguments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AddNode {
    /// Node name.
    pub name: String,
    /// `--labels`.
    pub labels: Vec<(String, String)>,
    /// `--taints`.
    pub taints: Vec<Taint>,
    /// `--cpu`, `--memory`, `--pods`.
    pub allocatable: Vec<(String, String)>,
    /// `--unschedulable`.
    pub unschedulable: bool,
    /// `--not-ready`.
    pub not_ready: bool,
}

/// `sim` verbs.
#[derive(Clone, Debug, PartialEq)]
pub enum Sim {
    /// `sim add-node NAME [--labels] [--taints] [--cpu] [--memory] [--pods]`.
    AddNode(AddNode),
    /// `sim remove-node NAME`.
    RemoveNode(String),
    /// `sim fail-node NAME`.
    FailNode(String),
    /// `sim recover-node NAME`.
    RecoverNode(String),
    /// `sim image-fails IMAGE`.
    ImageFails(String),
    /// `sim image-crashes IMAGE`.
    ImageCrashes(String),
    /// `sim fail-pod POD [-n NS]`.
    FailPod {
        /// Namespace.
        namespace: Option<String>,
        /// Pod name.
        name: String,
    },
    /// `sim advance DURATION` (ms).
    Advance(u64),
    /// `sim settle`.
    Settle,
    /// `sim why DS [NODE] [-n NS]`.
    Why {
        /// Namespace.
        namespace: Option<String>,
        /// DaemonSet name.
        name: String,
        /// One node, or all.
        node: Option<String>,
    },
    /// `sim help` / `sim`.
    Help,
}

/// One parsed command line.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// A blank line or a comment.
    Empty,
    /// `kubectl` alone or `kubectl --help`.
    KubectlHelp,
    /// `kubectl version`.
    Version,
    /// `kubectl apply|create -f`.
    Apply(Apply),
    /// `kubectl create namespace NAME`.
    CreateNamespace(String),
    /// `kubectl create serviceaccount NAME [-n NS]`: (namespace, name).
    CreateServiceAccount(Option<String>, String),
    /// `kubectl get`.
    Get(Get),
    /// `kubectl describe`.
    Describe(Describe),
    /// `kubectl delete`.
    Delete(Delete),
    /// `kubectl label|annotate`.
    Label(Label),
    /// `kubectl taint`.
    Taint(TaintCmd),
    /// `kubectl cordon|uncordon`.
    Cordon(Cordon),
    /// `kubectl drain`.
    Drain(Drain),
    /// `kubectl set image`.
    SetImage(SetImage),
    /// `kubectl patch`.
    Patch(Patch),
    /// `kubectl rollout`.
    Rollout(Rollout),
    /// `kubectl explain PATH`.
    Explain(String),
    /// `kubectl scale`.
    Scale(Scale),
    /// A `sim` verb.
    Sim(Sim),
}

// ----- flags -----

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bool,
    Value,
    /// A value flag that may also stand alone (`--cascade` means `background`).
    OptValue(&'static str),
}

struct FlagSpec {
    long: &'static str,
    short: Option<char>,
    kind: Kind,
}

const fn flag(long: &'static str, short: Option<char>, kind: Kind) -> FlagSpec {
    FlagSpec { long, short, kind }
}

const NAMESPACE: FlagSpec = flag("namespace", Some('n'), Kind::Value);
const ALL_NAMESPACES: FlagSpec = flag("all-namespaces", Some('A'), Kind::Bool);
const SELECTOR: FlagSpec = flag("selector", Some('l'), Kind::Value);
const FIELD_SELECTOR: FlagSpec = flag("field-selector", None, Kind::Value);
const FILENAME: FlagSpec = flag("filename", Some('f'), Kind::Value);
const HELP: FlagSpec = flag("help", Some('h'), Kind::Bool);
const ALL: FlagSpec = flag("all", None, Kind::Bool);
const OVERWRITE: FlagSpec = flag("overwrite", None, Kind::Bool);
const RECORD: FlagSpec = flag("record", None, Kind::Bool);

/// Flags of real kubectl the simulator does not implement: a clear message instead
/// of "unknown flag".
const UNSUPPORTED: &[&str] = &[
    "dry-run",
    "server-side",
    "kustomize",
    "k",
    "recursive",
    "R",
    "no-headers",
    "sort-by",
    "label-columns",
    "L",
    "chunk-size",
    "output-watch-events",
    "watch-only",
    "raw",
    "prune",
    "force-conflicts",
    "field-manager",
    "subresource",
    "context",
    "cluster",
    "kubeconfig",
    "user",
    "server",
    "s",
    "token",
    "as",
    "v",
    "local",
    "template",
    "show-kind",
    "show-managed-fields",
    "edit",
    "save-config",
    "windows-line-endings",
    "chunk-size",
];

/// Flags and positional words after pflag-style parsing.
struct Parsed {
    flags: Vec<(&'static str, String)>,
    args: Vec<String>,
}

impl Parsed {
    fn has(&self, long: &str) -> bool {
        self.flags.iter().any(|(n, _)| *n == long)
    }
    fn last(&self, long: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(n, _)| *n == long)
            .map(|(_, v)| v.as_str())
    }
    fn all(&self, long: &str) -> Vec<String> {
        self.flags
            .iter()
            .filter(|(n, _)| *n == long)
            .map(|(_, v)| v.clone())
            .collect()
    }
    /// A boolean flag's value (`--x`, `--x=true|false`).
    fn bool(&self, long: &str, default: bool) -> bool {
        match self.last(long) {
            None => default,
            Some(v) => parse_bool(v).unwrap_or(default),
        }
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

/// Parses `words` against `specs` as pflag does. `path` is the command path for
/// messages (`kubectl get`).
fn parse_flags(words: &[String], specs: &[FlagSpec], path: &str) -> Result<Parsed, ParseError> {
    let usage = |msg: String| ParseError(format!("error: {msg}\nSee '{path} --help' for usage."));
    let mut out = Parsed {
        flags: Vec::new(),
        args: Vec::new(),
    };
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if w == "--" {
            out.args.extend(words[i..].iter().cloned());
            break;
        }
        if let Some(body) = w.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let Some(spec) = specs.iter().find(|s| s.long == name) else {
                if UNSUPPORTED.contains(&name) {
                    return err(format!(
                        "error: --{name} is not supported by this simulator"
                    ));
                }
                return Err(usage(format!("unknown flag: --{name}")));
            };
            let value = match (spec.kind, inline) {
                (Kind::Bool, Some(v)) => {
                    if parse_bool(&v).is_none() {
                        return Err(usage(format!(
                            "invalid argument \"{v}\" for \"--{name}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax"
                        )));
                    }
                    v
                }
                (Kind::Bool, None) => "true".to_string(),
                (_, Some(v)) => v,
                (Kind::OptValue(d), None) => d.to_string(),
                (Kind::Value, None) => {
                    if i < words.len() {
                        i += 1;
                        words[i - 1].clone()
                    } else {
                        return Err(usage(format!("flag needs an argument: --{name}")));
                    }
                }
            };
            out.flags.push((spec.long, value));
            continue;
        }
        if w.len() > 1 && w.starts_with('-') && !is_negative_number(w) {
            // Shorthand cluster: -A, -oyaml, -n=ns, -n ns, -Al sel.
            let chars: Vec<char> = w[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                let Some(spec) = specs.iter().find(|s| s.short == Some(c)) else {
                    if UNSUPPORTED.contains(&c.to_string().as_str()) {
                        return err(format!("error: -{c} is not supported by this simulator"));
                    }
                    return Err(usage(format!("unknown shorthand flag: '{c}' in {w}")));
                };
                let rest: String = chars[j + 1..].iter().collect();
                match spec.kind {
                    Kind::Bool => {
                        if let Some(v) = rest.strip_prefix('=') {
                            if parse_bool(v).is_none() {
                                return Err(usage(format!(
                                    "invalid argument \"{v}\" for \"-{c}, --{}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax",
                                    spec.long
                                )));
                            }
                            out.flags.push((spec.long, v.to_string()));
                            break;
                        }
                        out.flags.push((spec.long, "true".into()));
                        j += 1;
                    }
                    Kind::Value | Kind::OptValue(_) => {
                        let v = if let Some(v) = rest.strip_prefix('=') {
                            v.to_string()
                        } else if !rest.is_empty() {
                            rest
                        } else if let Kind::OptValue(d) = spec.kind {
                            d.to_string()
                        } else if i < words.len() {
                            i += 1;
                            words[i - 1].clone()
                        } else {
                            return Err(usage(format!("flag needs an argument: '{c}' in {w}")));
                        };
                        out.flags.push((spec.long, v));
                        break;
                    }
                }
            }
            continue;
        }
        out.args.push(w.clone());
    }
    Ok(out)
}

fn is_negative_number(w: &str) -> bool {
    w.len() > 1 && w[1..].bytes().all(|b| b.is_ascii_digit())
}

fn scope_of(p: &Parsed) -> Scope {
    if p.bool("all-namespaces", false) {
        Scope::All
    } else {
        Scope::Namespace(p.last("namespace").unwrap_or("default").to_string())
    }
}

fn namespace_of(p: &Parsed) -> Option<String> {
    p.last("namespace").map(str::to_string)
}

fn check_namespace_flag(p: &Parsed) -> Result<(), ParseError> {
    if let Some(ns) = p.last("namespace") {
        if ns.is_empty() {
            return err("error: a namespace must be specified when using --namespace");
        }
    }
    Ok(())
}

fn selector_of(p: &Parsed) -> Result<Option<Selector>, ParseError> {
    match p.last("selector") {
        None => Ok(None),
        Some(s) => Selector::parse(s)
            .map(Some)
            .map_err(|e| ParseError(format!("error: {e}"))),
    }
}

/// Parses `--field-selector` text (`a=b,c!=d`).
pub fn parse_field_selector(s: &str) -> Result<Vec<FieldRequirement>, String> {
    let mut out = Vec::new();
    for part in s.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (field, equals, value) = if let Some((f, v)) = part.split_once("!=") {
            (f, false, v)
        } else if let Some((f, v)) = part.split_once("==") {
            (f, true, v)
        } else if let Some((f, v)) = part.split_once('=') {
            (f, true, v)
        } else {
            return Err(format!(
                "invalid selector: '{s}'; can't understand '{part}'"
            ));
        };
        out.push(FieldRequirement {
            field: field.trim().to_string(),
            equals,
            value: value.trim().to_string(),
        });
    }
    Ok(out)
}

fn fields_of(p: &Parsed) -> Result<Vec<FieldRequirement>, ParseError> {
    match p.last("field-selector") {
        None => Ok(Vec::new()),
        Some(s) => parse_field_selector(s).map_err(|e| ParseError(format!("error: {e}"))),
    }
}

/// The formats `-o` accepts here, as kubectl lists them in its error.
const OUTPUT_FORMATS: &str = "custom-columns,go-template,json,jsonpath,name,template,wide,yaml";

fn output_of(p: &Parsed) -> Result<OutputFormat, ParseError> {
    let Some(o) = p.last("output") else {
        return Ok(OutputFormat::Table);
    };
    Ok(match o {
        "" => OutputFormat::Table,
        "wide" => OutputFormat::Wide,
        "json" => OutputFormat::Json,
        "yaml" => OutputFormat::Yaml,
        "name" => OutputFormat::Name,
        _ => {
            // `-o FORMAT=ARG`, or `-o FORMAT --template ARG` (template_flags.go).
            let (format, arg) = match p.last("template").filter(|t| !t.is_empty()) {
                Some(t) => (o, t),
                None => o.split_once('=').unwrap_or((o, "")),
            };
            match format {
                "jsonpath" | "go-template" | "template" if arg.is_empty() => {
                    return err("error: template format specified but no template given");
                }
                "jsonpath" => OutputFormat::JsonPath(arg.to_string()),
                "go-template" | "template" => {
                    if let Err(e) = crate::kubectl::print::gotemplate::check(arg) {
                        return err(e.kubectl_message(arg));
                    }
                    OutputFormat::GoTemplate(arg.to_string())
                }
                "custom-columns" => OutputFormat::CustomColumns(
                    crate::kubectl::print::parse_custom_columns(arg)
                        .map_err(|e| ParseError(format!("error: {e}")))?,
                ),
                _ => {
                    return err(format!(
                        "error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: {OUTPUT_FORMATS}"
                    ))
                }
            }
        }
    })
}

/// Splits `TYPE/NAME` words (all of them must be in that form) or `TYPE NAME...`.
/// Returns `(resource, name)` pairs, or the bare type with no names.
/// `(resource, name)` pairs, or the bare types when no name was given.
type ResourceArgs = (Vec<(Resource, String)>, Option<Vec<Resource>>);

/// What `kubectl get all` lists: the API's "all" category.
const ALL_CATEGORY: &[&str] = &[
    "pods",
    "services",
    "daemonsets",
    "deployments",
    "replicasets",
    "statefulsets",
    "cronjobs",
    "jobs",
];

fn resource_args(args: &[String]) -> Result<ResourceArgs, ParseError> {
    if args.is_empty() {
        return Ok((Vec::new(), None));
    }
    if args[0].contains('/') {
        let mut pairs = Vec::new();
        for a in args {
            let Some((t, n)) = a.split_once('/') else {
                return err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'");
            };
            if n.is_empty() || t.is_empty() {
                return err(
                    "error: arguments in resource/name form must have a single resource and name",
                );
            }
            pairs.push((resource_or_error(t)?, n.to_string()));
        }
        return Ok((pairs, None));
    }
    let mut types = Vec::new();
    for t in args[0].split(',') {
        if t.is_empty() {
            continue;
        }
        if t == "all" {
            // The "all" category, in the order kubectl prints it (kinds this
            // simulator has no table for, such as replicationcontrollers, left out).
            for kind in ALL_CATEGORY {
                let r = resource_or_error(kind)?;
                if !types.contains(&r) {
                    types.push(r);
                }
            }
            continue;
        }
        types.push(resource_or_error(t)?);
    }
    if args[1..].iter().any(|a| a.contains('/')) {
        return err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'");
    }
    let mut pairs = Vec::new();
    for n in &args[1..] {
        for t in &types {
            pairs.push((*t, n.clone()));
        }
    }
    if pairs.is_empty() {
        Ok((pairs, Some(types)))
    } else {
        Ok((pairs, None))
    }
}

// ----- entry point -----

/// Splits a line into words as a POSIX shell does (None: unterminated quote).
pub fn words(line: &str) -> Option<Vec<String>> {
    shlex::split(line)
}

/// Parses one command line.
///
/// # Errors
/// The text kubectl (or the simulator) prints for a malformed line.
pub fn parse(line: &str) -> Result<Command, ParseError> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok(Command::Empty);
    }
    let Some(words) = shlex::split(trimmed) else {
        return err("error: unterminated quote or trailing backslash in the command line");
    };
    let Some((first, rest)) = words.split_first() else {
        return Ok(Command::Empty);
    };
    match first.as_str() {
        "kubectl" => parse_kubectl(rest, trimmed),
        "sim" => parse_sim(rest).map(Command::Sim),
        other => err(format!(
            "{other}: command not found (commands start with \"kubectl\" or \"sim\")"
        )),
    }
}

/// kubectl's top-level commands, for "did you mean" suggestions.
const KUBECTL_VERBS: &[&str] = &[
    "annotate", "apply", "cordon", "create", "delete", "describe", "drain", "explain", "get",
    "label", "patch", "rollout", "scale", "set", "taint", "uncordon", "version",
];

/// Real kubectl commands this simulator does not implement.
const KUBECTL_UNSUPPORTED: &[&str] = &[
    "edit",
    "replace",
    "autoscale",
    "expose",
    "run",
    "logs",
    "exec",
    "attach",
    "port-forward",
    "proxy",
    "cp",
    "top",
    "auth",
    "debug",
    "diff",
    "kustomize",
    "wait",
    "events",
    "api-resources",
    "api-versions",
    "config",
    "cluster-info",
    "certificate",
    "plugin",
    "completion",
    "alpha",
    "options",
];

/// Levenshtein distance, for suggestions.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn unknown_command(word: &str, parent: &str, known: &[&str]) -> ParseError {
    let mut msg = format!("error: unknown command \"{word}\" for \"{parent}\"");
    let suggestions: Vec<&&str> = known
        .iter()
        .filter(|k| distance(word, k) <= 2 || k.starts_with(word))
        .collect();
    if !suggestions.is_empty() {
        msg.push_str("\n\nDid you mean this?");
        for s in suggestions {
            msg.push_str("\n\t");
            msg.push_str(s);
        }
    }
    ParseError(msg)
}

/// Global flags that may come before the verb and take a value.
fn takes_value_before_verb(w: &str) -> bool {
    matches!(w, "-n" | "--namespace")
}

fn parse_kubectl(words: &[String], line: &str) -> Result<Command, ParseError> {
    // Find the verb: the first word that is not a flag (skipping `-n NS`).
    let mut i = 0;
    let mut pre: Vec<String> = Vec::new();
    while i < words.len() && words[i].starts_with('-') {
        pre.push(words[i].clone());
        if takes_value_before_verb(&words[i]) && i + 1 < words.len() {
            pre.push(words[i + 1].clone());
            i += 1;
        }
        i += 1;
    }
    if i >= words.len() {
        if pre.iter().any(|w| w == "--help" || w == "-h") || pre.is_empty() {
            return Ok(Command::KubectlHelp);
        }
        if pre.iter().any(|w| w == "--version") {
            return Ok(Command::Version);
        }
        let p = parse_flags(&pre, &[NAMESPACE, HELP], "kubectl")?;
        let _ = p;
        return Ok(Command::KubectlHelp);
    }
    let verb = words[i].as_str();
    let mut rest: Vec<String> = pre;
    rest.extend(words[i + 1..].iter().cloned());
    match verb {
        "apply" => parse_apply(&rest, false, line),
        "create" => parse_create(&rest, line),
        "get" => parse_get(&rest),
        "describe" => parse_describe(&rest),
        "delete" => parse_delete(&rest),
        "label" => parse_label(&rest, false),
        "annotate" => parse_label(&rest, true),
        "taint" => parse_taint(&rest),
        "cordon" => parse_cordon(&rest, true),
        "uncordon" => parse_cordon(&rest, false),
        "drain" => parse_drain(&rest),
        "set" => parse_set(&rest, line),
        "patch" => parse_patch(&rest, line),
        "rollout" => parse_rollout(&rest),
        "scale" => parse_scale(&rest),
        "explain" => parse_explain(&rest),
        "version" => {
            parse_flags(
                &rest,
                &[
                    NAMESPACE,
                    HELP,
                    flag("client", None, Kind::Bool),
                    flag("output", Some('o'), Kind::Value),
                ],
                "kubectl version",
            )?;
            Ok(Command::Version)
        }
        v if KUBECTL_UNSUPPORTED.contains(&v) => err(format!(
            "error: \"kubectl {v}\" is not supported by this simulator"
        )),
        v => Err(unknown_command(v, "kubectl", KUBECTL_VERBS)),
    }
}

fn help_requested(p: &Parsed) -> bool {
    p.bool("help", false)
}

fn help_text(path: &str, usage: &str) -> ParseError {
    // Help is not an error, but it is answered without touching the cluster; exec
    // turns a ParseError starting with "Usage:" into ok output.
    ParseError(format!("Usage:\n  {path} {usage}"))
}

/// Whether a parse "error" is really help text (printed with success).
pub fn is_help(e: &ParseError) -> bool {
    e.0.starts_with("Usage:") || e.0.starts_with("kubectl controls")
}

fn parse_apply(words: &[String], create: bool, line: &str) -> Result<Command, ParseError> {
    let path = if create {
        "kubectl create"
    } else {
        "kubectl apply"
    };
    let p = parse_flags(
        words,
        &[
            FILENAME,
            NAMESPACE,
            HELP,
            RECORD,
            flag("validate", None, Kind::OptValue("strict")),
            flag("wait", None, Kind::Bool),
            flag("overwrite", None, Kind::Bool),
            flag("force", None, Kind::Bool),
            flag("dry-run", None, Kind::OptValue("unchanged")),
            flag("output", Some('o'), Kind::Value),
            flag("template", None, Kind::Value),
        ],
        path,
    )?;
    if help_requested(&p) {
        return Err(help_text(
            path,
            "-f FILENAME [--validate=strict|warn|false] [--dry-run=none|client|server] [-o json|yaml|name|go-template=...|jsonpath=...] [-n NAMESPACE]",
        ));
    }
    check_namespace_flag(&p)?;
    let files = p.all("filename");
    if files.is_empty() {
        return err("error: must specify one of -f and -k");
    }
    if let Some(a) = p.args.first() {
        if create {
            return Err(unknown_command(
                a,
                "kubectl create",
                &["namespace", "serviceaccount"],
            ));
        }
        return err(format!(
            "error: Unexpected args: [{}]\nSee '{path} -h' for help and examples",
            p.args.join(" ")
        ));
    }
    let validate = match p.last("validate").unwrap_or("strict") {
        "strict" | "true" => Validate::Strict,
        "warn" => Validate::Warn,
        "ignore" | "false" => Validate::Ignore,
        other => {
            return err(format!(
                "error: invalid - validate option \"{other}\"; must be one of: strict (or true), warn, ignore (or false)"
            ))
        }
    };
    // GetDryRunStrategy: a bare --dry-run and "true" mean client.
    let dry_run = match p.last("dry-run").unwrap_or("none") {
        "none" | "false" => DryRun::None,
        "client" | "unchanged" | "true" => DryRun::Client,
        "server" => DryRun::Server,
        other => {
            return err(format!(
            "error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
        ))
        }
    };
    let output = output_of(&p)?;
    if matches!(output, OutputFormat::Wide | OutputFormat::CustomColumns(_)) {
        return err(format!(
            "error: unable to match a printer suitable for the output format \"{}\", allowed formats are: go-template,json,jsonpath,name,template,yaml",
            p.last("output").unwrap_or("")
        ));
    }
    Ok(Command::Apply(Apply {
        create,
        files,
        validate,
        namespace: namespace_of(&p),
        record: p.bool("record", false).then(|| line.to_string()),
        dry_run,
        output,
    }))
}

fn parse_create(words: &[String], line: &str) -> Result<Command, ParseError> {
    // `create namespace NAME` / `create ns NAME`, otherwise `create -f`.
    let first_pos = words.iter().position(|w| !w.starts_with('-'));
    let is_ns = first_pos.is_some_and(|i| {
        // Skip values of -f / -n.
        let prev_takes_value = i > 0
            && matches!(
                words[i - 1].as_str(),
                "-f" | "--filename" | "-n" | "--namespace"
            );
        !prev_takes_value && matches!(words[i].as_str(), "namespace" | "ns")
    });
    if is_ns {
        let i = first_pos.expect("checked");
        let mut rest = words.to_vec();
        rest.remove(i);
        let p = parse_flags(&rest, &[NAMESPACE, HELP], "kubectl create namespace")?;
        if help_requested(&p) {
            return Err(help_text("kubectl create namespace", "NAME"));
        }
        return match p.args.as_slice() {
            [] => err("error: exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples"),
            [n] => Ok(Command::CreateNamespace(n.clone())),
            more => err(format!(
                "error: exactly one NAME is required, got {}\nSee 'kubectl create namespace -h' for help and examples",
                more.len()
            )),
        };
    }
    if let Some(i) = first_pos {
        let prev_takes_value = i > 0
            && matches!(
                words[i - 1].as_str(),
                "-f" | "--filename" | "-n" | "--namespace"
            );
        if !prev_takes_value && matches!(words[i].as_str(), "serviceaccount" | "sa") {
            let mut rest = words.to_vec();
            rest.remove(i);
            let path = "kubectl create serviceaccount";
            let p = parse_flags(&rest, &[NAMESPACE, HELP], path)?;
            if help_requested(&p) {
                return Err(help_text(path, "NAME [-n NAMESPACE]"));
            }
            check_namespace_flag(&p)?;
            return match p.args.as_slice() {
                [n] => Ok(Command::CreateServiceAccount(namespace_of(&p), n.clone())),
                args => err(format!(
                    "error: exactly one NAME is required, got {}\nSee '{path} -h' for help and examples",
                    args.len()
                )),
            };
        }
        if !prev_takes_value {
            let w = words[i].as_str();
            if matches!(
                w,
                "configmap"
                    | "cm"
                    | "secret"
                    | "deployment"
                    | "deploy"
                    | "job"
                    | "cronjob"
                    | "service"
                    | "svc"
                    | "role"
                    | "rolebinding"
                    | "clusterrole"
                    | "clusterrolebinding"
                    | "priorityclass"
                    | "pc"
                    | "quota"
                    | "ingress"
                    | "poddisruptionbudget"
                    | "pdb"
                    | "token"
            ) {
                return err(format!(
                    "error: \"kubectl create {w}\" is not supported by this simulator; write a manifest and use \"kubectl create -f FILE\""
                ));
            }
            return Err(unknown_command(
                w,
                "kubectl create",
                &["namespace", "serviceaccount"],
            ));
        }
    }
    parse_apply(words, true, line)
}

fn parse_get(words: &[String]) -> Result<Command, ParseError> {
    let p = parse_flags(
        words,
        &[
            NAMESPACE,
            ALL_NAMESPACES,
            SELECTOR,
            FIELD_SELECTOR,
            flag("output", Some('o'), Kind::Value),
            flag("template", None, Kind::Value),
            flag("show-labels", None, Kind::Bool),
            flag("watch", Some('w'), Kind::Bool),
            FILENAME,
            HELP,
        ],
        "kubectl get",
    )?;
    if help_requested(&p) {
        return Err(help_text("kubectl get", "[(-o|--output=)json|yaml|name|wide|custom-columns=...|go-template=...|jsonpath=...] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]"));
    }
    check_namespace_flag(&p)?;
    if p.bool("watch", false) {
        return err("error: --watch is not supported by this simulator; use \"sim advance\" or \"sim settle\", then get again");
    }
    if p.has("filename") {
        return err("error: \"kubectl get -f\" is not supported by this simulator; name the resource instead (kubectl get ds NAME)");
    }
    if p.args.is_empty() {
        return err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
    }
    let scope = scope_of(&p);
    let selector = selector_of(&p)?;
    let fields = fields_of(&p)?;
    let output = output_of(&p)?;
    let show_labels = p.bool("show-labels", false);
    let (pairs, bare) = resource_args(&p.args)?;
    if scope == Scope::All && !pairs.is_empty() {
        return err("error: a resource cannot be retrieved by name across all namespaces");
    }
    let mut get = Get {
        requests: Vec::new(),
        others: Vec::new(),
        scope: scope.clone(),
        others_first: false,
        order: Vec::new(),
        wide: output == OutputFormat::Wide,
        output: output.clone(),
        selector: selector.clone(),
    };
    let mk = |t: ResourceType, names: Vec<String>| GetRequest {
        resources: vec![t],
        names,
        scope: scope.clone(),
        selector: selector.clone(),
        field_selector: fields.clone(),
        output: output.clone(),
        show_labels,
        with_kind: false,
    };
    let push = |r: Resource, names: Vec<String>, get: &mut Get| match r {
        Resource::Typed(t) => {
            // Merge consecutive requests for the same type.
            if let Some(last) = get.requests.last_mut() {
                if last.resources == vec![t] && !names.is_empty() && !last.names.is_empty() {
                    last.names.extend(names);
                    return;
                }
            }
            get.requests.push(mk(t, names));
        }
        Resource::Other(k) => {
            if get.requests.is_empty() {
                get.others_first = true;
            }
            get.others.push((k, names));
        }
    };
    if let Some(types) = bare {
        // `get ds,pods`: one request with every modelled type, in order.
        let typed: Vec<ResourceType> = types
            .iter()
            .filter_map(|r| match r {
                Resource::Typed(t) => Some(*t),
                Resource::Other(_) => None,
            })
            .collect();
        for r in &types {
            if let Resource::Other(k) = r {
                if typed.is_empty() {
                    get.others_first = true;
                }
                get.others.push((*k, Vec::new()));
            }
        }
        if !typed.is_empty() {
            let mut req = mk(typed[0], Vec::new());
            req.resources = typed;
            get.requests.push(req);
        }
        // Several kinds, some of them stored-only: one block per kind in the order
        // given, names prefixed with their kind (as for `get ds,pods`).
        if !get.others.is_empty() && types.len() > 1 {
            get.order = types;
        }
    } else {
        for (r, n) in pairs {
            push(r, vec![n], &mut get);
        }
    }
    Ok(Command::Get(get))
}

/// The types `kubectl describe` answers: the modelled ones, Services and ConfigMaps.
fn describable(r: Resource) -> Result<Resource, ParseError> {
    match r {
        Resource::Other(k) if !matches!(k.kind, "Service" | "ConfigMap") => err(format!(
            "error: describing {} is not supported by this simulator",
            k.qualified_plural()
        )),
        r => Ok(r),
    }
}

fn parse_describe(words: &[String]) -> Result<Command, ParseError> {
    let p = parse_flags(
        words,
        &[
            NAMESPACE,
            ALL_NAMESPACES,
            SELECTOR,
            HELP,
            flag("show-events", None, Kind::Bool),
        ],
        "kubectl describe",
    )?;
    if help_requested(&p) {
        return Err(help_text(
            "kubectl describe",
            "(-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [flags]",
        ));
    }
    check_namespace_flag(&p)?;
    if p.args.is_empty() {
        return err("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.");
    }
    let (pairs, bare) = resource_args(&p.args)?;
    let resource;
    let mut names = Vec::new();
    if let Some(types) = bare {
        if types.len() != 1 {
            return err("error: describe takes one resource type at a time");
        }
        resource = describable(types[0])?;
    } else {
        let first = pairs[0].0;
        resource = describable(first)?;
        for (r, n) in pairs {
            if r != first {
                return err("error: describe takes one resource type at a time");
            }
            names.push(n);
        }
    }
    Ok(Command::Describe(Describe {
        resource,
        names,
        scope: scope_of(&p),
        selector: selector_of(&p)?,
    }))
}

fn parse_delete(words: &[String]) -> Result<Command, ParseError> {
    let p = parse_flags(
        words,
        &[
            NAMESPACE,
            ALL_NAMESPACES,
            SELECTOR,
            FIELD_SELECTOR,
            FILENAME,
            ALL,
            HELP,
            flag("cascade", None, Kind::OptValue("background")),
            flag("wait", None, Kind::Bool),
            flag("ignore-not-found", None, Kind::Bool),
            flag("grace-period", None, Kind::Value),
            flag("force", None, Kind::Bool),
            flag("now", None, Kind::Bool),
            flag("timeout", None, Kind::Value),
            flag("output", Some('o'), Kind::Value),
        ],
        "kubectl delete",
    )?;
    if help_requested(&p) {
        return Err(help_text("kubectl delete", "([-f FILENAME] | TYPE [(NAME | -l label | --all)]) [--cascade=background|foreground|orphan] [flags]"));
    }
    check_namespace_flag(&p)?;
    let (cascade, warning) = match p.last("cascade").unwrap_or("background") {
        "background" => (CascadeFlag::Background, None),
        "foreground" => (CascadeFlag::Foreground, None),
        "orphan" => (CascadeFlag::Orphan, None),
        "true" => (
            CascadeFlag::Background,
            Some("warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.".to_string()),
        ),
        "false" => (
            CascadeFlag::Orphan,
            Some("warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.".to_string()),
        ),
        other => {
            return err(format!(
                "error: invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\"."
            ))
        }
    };
    if let Some(g) = p.last("grace-period") {
        if g.parse::<i64>().is_err() {
            return err(format!(
                "error: invalid argument \"{g}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{g}\": invalid syntax\nSee 'kubectl delete --help' for usage."
            ));
        }
    }
    let files = p.all("filename");
    let selector = selector_of(&p)?;
    let fields = fields_of(&p)?;
    let all = p.bool("all", false);
    let target = if !files.is_empty() {
        if !p.args.is_empty() {
            return err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
        }
        DeleteTarget::Files(files)
    } else {
        if p.args.is_empty() {
            return err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
        }
        let (pairs, bare) = resource_args(&p.args)?;
        match bare {
            Some(types) => {
                if selector.is_none() && fields.is_empty() && !all {
                    return err("error: resource(s) were provided, but no name was specified");
                }
                if types.len() != 1 {
                    return err("error: delete by selector takes one resource type at a time");
                }
                DeleteTarget::Matching {
                    resource: types[0],
                    selector: if all && selector.is_none() {
                        Some(Selector::default())
                    } else {
                        selector
                    },
                    fields,
                }
            }
            None => {
                if selector.is_some() || all {
                    return err("error: name cannot be provided when a selector is specified");
                }
                DeleteTarget::Names(pairs)
            }
        }
    };
    Ok(Command::Delete(Delete {
        target,
        cascade,
        warning,
        scope: scope_of(&p),
        wait: p.bool("wait", true),
        ignore_not_found: p.bool("ignore-not-found", false),
    }))
}

/// Splits `label`/`annotate` positionals into resources and changes, as kubectl does:
/// the first word that looks like `k=v` or `k-` starts the changes.
fn split_changes(
    args: &[String],
    annotate: bool,
) -> Result<(Vec<String>, Vec<KeyChange>), ParseError> {
    let what = if annotate { "annotation" } else { "label" };
    let pos = args
        .iter()
        .position(|a| a.contains('=') || (a.ends_with('-') && a.len() > 1));
    let (res, changes) = match pos {
        Some(i) => (&args[..i], &args[i..]),
        None => (args, &args[..0]),
    };
    let mut out = Vec::new();
    for c in changes {
        if let Some((k, v)) = c.split_once('=') {
            if k.is_empty() {
                return err(format!("error: invalid {what} spec: {c}"));
            }
            out.push(KeyChange::Set(k.to_string(), v.to_string()));
        } else if let Some(k) = c.strip_suffix('-') {
            out.push(KeyChange::Remove(k.to_string()));
        } else {
            return err(format!("error: invalid {what} spec: {c}"));
        }
    }
    Ok((res.to_vec(), out))
}

fn parse_label(words: &[String], annotate: bool) -> Result<Command, ParseError> {
    let path = if annotate {
        "kubectl annotate"
    } else {
        "kubectl label"
    };
    let p = parse_flags(
        words,
        &[
            NAMESPACE,
            ALL_NAMESPACES,
            SELECTOR,
            FIELD_SELECTOR,
            OVERWRITE,
            ALL,
            HELP,
            FILENAME,
            flag("list", None, Kind::Bool),
            flag("resource-version", None, Kind::Value),
        ],
        path,
    )?;
    if help_requested(&p) {
        return Err(help_text(path, "[--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]"));
    }
    check_namespace_flag(&p)?;
    if p.bool("list", false) {
        return err("error: --list is not supported by this simulator; use \"kubectl get TYPE NAME --show-labels\"");
    }
    if p.has("filename") {
        return err(format!(
            "error: \"{path} -f\" is not supported by this simulator; name the resource instead"
        ));
    }
    let (res, changes) = split_changes(&p.args, annotate)?;
    if res.is_empty() {
        return err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
    }
    if changes.is_empty() {
        return err(format!(
            "error: at least one {} update is required",
            if annotate { "annotation" } else { "label" }
        ));
    }
    // Same key both set and removed.
    for c in &changes {
        if let KeyChange::Remove(k) = c {
            if changes
                .iter()
                .any(|o| matches!(o, KeyChange::Set(k2, _) if k2 == k))
            {
                return err(format!(
                    "error: can not both modify and remove {} in the same command",
                    if annotate { "an annotation" } else { "a label" }
                ));
            }
        }
    }
    let (pairs, bare) = resource_args(&res)?;
    let selector = selector_of(&p)?;
    let fields = fields_of(&p)?;
    let all = p.bool("all", false);
    let (resource, targets) = match bare {
        Some(types) => {
            if types.len() != 1 {
                return err(format!("error: {path} takes one resource type at a time"));
            }
            let t = match types[0] {
                Resource::Typed(t) => t,
                Resource::Other(k) => {
                    return err(format!(
                        "error: {path} of {} is not supported by this simulator",
                        k.qualified_plural()
                    ))
                }
            };
            if selector.is_none() && fields.is_empty() && !all {
                return err("error: resource(s) were provided, but no name was specified");
            }
            (
                t,
                Targets::Matching {
                    selector: Some(selector.unwrap_or_default()),
                    fields,
                },
            )
        }
        None => {
            if selector.is_some() || all {
                return err("error: name cannot be provided when a selector is specified");
            }
            let first = pairs[0].0;
            if pairs.iter().any(|(r, _)| *r != first) {
                return err(format!("error: {path} takes one resource type at a time"));
            }
            let t = match first {
                Resource::Typed(t) => t,
                Resource::Other(k) => {
                    return err(format!(
                        "error: {path} of {} is not supported by this simulator",
                        k.qualified_plural()
                    ))
                }
            };
            (
                t,
                Targets::Names(pairs.into_iter().map(|(_, n)| n).collect()),
            )
        }
    };
    if matches!(
        resource,
        ResourceType::Events
            | ResourceType::ControllerRevisions
            | ResourceType::Deployments
            | ResourceType::ReplicaSets
    ) {
        return err(format!(
            "error: {path} supports nodes, pods, daemonsets and namespaces in this simulator"
        ));
    }
    Ok(Command::Label(Label {
        annotate,
        resource,
        targets,
        changes,
        overwrite: p.bool("overwrite", false),
        scope: scope_of(&p),
    }))
}

fn node_targets(p: &Parsed, path: &str, args: &[String]) -> Result<Targets, ParseError> {
    let selector = selector_of(p)?;
    let all = p.has("all") && p.bool("all", false);
    if args.is_empty() {
        if selector.is_some() || all {
            return Ok(Targets::Matching {
                selector: Some(selector.unwrap_or_default()),
                fields: Vec::new(),
            });
        }
        let verb = path.trim_start_matches("kubectl ");
        return err(format!(
            "error: USAGE: {verb} NODE [flags]\nSee '{path} -h' for help and examples"
        ));
    }
    if selector.is_some() {
        return err("error: error: cannot specify both a node name and a --selector option");
    }
    Ok(Targets::Names(args.to_vec()))
}

fn parse_scale(words: &[String]) -> Result<Command, ParseError> {
    let path = "kubectl scale";
    let p = parse_flags(
        words,
        &[
            NAMESPACE,
            HELP,
            flag("replicas", None, Kind::Value),
            flag("current-replicas", None, Kind::Value),
        ],
        path,
    )?;
    if help_requested(&p) {
        return Err(help_text(
            path,
            "[--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME)",
        ));
    }
    check_namespace_flag(&p)?;
    let Some(r) = p.last("replicas") else {
        return err("error: required flag(s) \"replicas\" not set");
    };
    let replicas: i64 = match r.parse() {
        Ok(n) if n >= 0 => n,
        Ok(_) => {
            return err("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
        }
        Err(_) => {
            return err(format!(
                "error: invalid argument \"{r}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{r}\": invalid syntax"
            ))
        }
    };
    let (pairs, bare) = resource_args(&p.args)?;
    if bare.is_some() || pairs.is_empty() {
        return err("error: resource(s) were provided, but no name was specified");
    }
    Ok(Command::Scale(Scale {
        targets: pairs,
        replicas,
        namespace: namespace_of(&p),
    }))
}

fn parse_cordon(words: &[String], cordon: bool) -> Result<Command, ParseError> {
    let path = if cordon {
        "kubectl cordon"
    } else {
        "kubectl uncordon"
    };
    let p = parse_flags(
        words,
        &[
            SELECTOR,
            HELP,
            NAMESPACE,
            flag("dry-run-unused", None, Kind::Bool),
        ],
        path,
    )?;
    if help_requested(&p) {
        return Err(help_text(path, "NODE"));
    }
    let targets = node_targets(&p, path, &p.args)?;
    Ok(Command::Cordon(Cordon { cordon, targets }))
}

fn parse_drain(words: &[String]) -> Result<Command, ParseError> {
    let p = parse_flags(
        words,
        &[
            SELECTOR,
            HELP,
            NAMESPACE,
            flag("ignore-daemonsets", None, Kind::Bool),
            flag("force", None, Kind::Bool),
            flag("delete-emptydir-data", None, Kind::Bool),
            flag("delete-local-data", None, Kind::Bool),
            flag("grace-period", None, Kind::Value),
            flag("timeout", None, Kind::Value),
            flag("pod-selector", None, Kind::Value),
            flag("disable-eviction", None, Kind::Bool),
            flag("skip-wait-for-delete-timeout", None, Kind::Value),
        ],
        "kubectl drain",
    )?;
    if help_requested(&p) {
        return Err(help_text(
            "kubectl drain",
            "NODE [--ignore-daemonsets] [--force] [--delete-emptydir-data]",
        ));
    }
    let targets = node_targets(&p, "kubectl drain", &p.args)?;
    let local = p.bool("delete-local-data", false);
    let pod_selector = match p.last("pod-selector") {
        None => None,
        Some(s) => Some(Selector::parse(s).map_err(|e| ParseError(format!("error: {e}")))?),
    };
    Ok(Command::Drain(Drain {
        targets,
        ignore_daemonsets: p.bool("ignore-daemonsets", false),
        force: p.bool("force", false),
        delete_emptydir_data: p.bool("delete-emptydir-data", false) || local,
        warning: local.then(|| {
            "Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.".to_string()
        }),
        pod_selector,
    }))
}

fn parse_taint(words: &[String]) -> Result<Command, ParseError> {
    let p = parse_flags(
        words,
        &[SELECTOR, OVERWRITE, ALL, HELP, NAMESPACE],
        "kubectl taint",
    )?;
    if help_requested(&p) {
        return Err(help_text(
            "kubectl taint",
            "NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N",
        ));
    }
    let args = &p.args;
    if args.is_empty() {
        return err("error: at least one taint update is required");
    }
    // First word: node/NAME, or the type followed by names.
    let (names, specs): (Vec<String>, &[String]) = if let Some((t, n)) = args[0].split_once('/') {
        check_taint_type(t)?;
        (vec![n.to_string()], &args[1..])
    } else {
        check_taint_type(&args[0])?;
        let rest = &args[1..];
        let pos = rest
            .iter()
            .position(|a| a.contains(':') || a.contains('=') || a.ends_with('-'))
            .unwrap_or(rest.len());
        (rest[..pos].to_vec(), &rest[pos..])
    };
    let selector = selector_of(&p)?;
    let all = p.bool("all", false);
    let targets = if names.is_empty() {
        if selector.is_none() && !all {
            return err("error: at least one taint update is required");
        }
        Targets::Matching {
            selector: Some(selector.unwrap_or_default()),
            fields: Vec::new(),
        }
    } else {
        Targets::Names(names)
    };
    if specs.is_empty() {
        return err("error: at least one taint update is required");
    }
    let mut add = Vec::new();
    let mut remove = Vec::new();
    for s in specs {
        let (t, rm) = crate::model::taint::parse_taint_spec(s)
            .map_err(|e| ParseError(format!("error: {e}")))?;
        if rm {
            remove.push((t.key, t.effect));
        } else {
            if t.effect.is_empty() {
                return err(format!("error: invalid taint spec: {s}"));
            }
            add.push(t);
        }
    }
    let mut both = Vec::new();
    for t in &add {
        if remove
            .iter()
            .any(|(k, e)| *k == t.key && (e.is_empty() || *e == t.effect))
        {
            both.push(t.to_string());
        }
    }
    if !both.is_empty() {
        return err(format!(
            "error: can not both modify and remove the following taint(s) in the same command: {}",
            both.join(", ")
        ));
    }
    for (i, t) in add.iter().enumerate() {
        if add[..i]
            .iter()
            .any(|o| o.key == t.key && o.effect == t.effect)
        {
            return err(format!(
                "error: can not specify taint key {} with the same effect multiple times",
                t.key
            ));
        }
    }
    Ok(Command::Taint(TaintCmd {
        targets,
        add,
        remove,
        overwrite: p.bool("overwrite", false),
    }))
}

fn check_taint_type(t: &str) -> Result<(), ParseError> {
    match resource_type(t) {
        Some(Resource::Typed(ResourceType::Nodes)) => Ok(()),
        Some(_) => err(format!(
            "error: invalid resource type {t}, only node types are supported"
        )),
        None => err(format!(
            "error: the server doesn't have a resource type \"{t}\""
        )),
    }
}

fn parse_set(words: &[String], line: &str) -> Result<Command, ParseError> {
    let Some(sub) = words.iter().position(|w| !w.starts_with('-')) else {
        return err("error: Required subcommand not specified. Use \"kubectl set image\".\nSee 'kubectl set -h' for help and examples");
    };
    if words[sub] != "image" {
        let known = [
            "env",
            "image",
            "resources",
            "selector",
            "serviceaccount",
            "subject",
        ];
        if known.contains(&words[sub].as_str()) {
            return err(format!(
                "error: \"kubectl set {}\" is not supported by this simulator; use \"kubectl patch\"",
                words[sub]
            ));
        }
        return Err(unknown_command(&words[sub], "kubectl set", &known));
    }
    let mut rest = words.to_vec();
    rest.remove(sub);
    let p = parse_flags(
        &rest,
        &[NAMESPACE, HELP, RECORD, ALL, SELECTOR, FILENAME],
        "kubectl set image",
    )?;
    if help_requested(&p) {
        return Err(help_text("kubectl set image", "(-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N"));
    }
    check_namespace_flag(&p)?;
    let pos = p
        .args
        .iter()
        .position(|a| a.contains('='))
        .unwrap_or(p.args.len());
    let (res, imgs) = p.args.split_at(pos);
    if res.is_empty() {
        return err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
    }
    if imgs.is_empty() {
        return err("error: at least one image update is required");
    }
    let (pairs, bare) = resource_args(res)?;
    if bare.is_some() {
        return err("error: resource(s) were provided, but no name was specified");
    }
    if pairs.len() != 1 {
        return err("error: set image takes one DaemonSet at a time in this simulator");
    }
    let (r, name) = pairs.into_iter().next().expect("one");
    let deployment = r == Resource::Typed(ResourceType::Deployments);
    match r {
        Resource::Typed(ResourceType::DaemonSets | ResourceType::Deployments) => {}
        Resource::Typed(ResourceType::Pods) => {
            return err("error: \"kubectl set image\" on a pod is not supported by this simulator (pod images are immutable except the image field; change the DaemonSet instead)");
        }
        Resource::Typed(ResourceType::ReplicaSets) => {
            return err(
                "error: set image on ReplicaSets is not supported by this simulator; set the Deployment's image",
            );
        }
        Resource::Other(k) if k.kind == "StatefulSet" => {
            return err(format!(
                "error: {} are stored but not simulated; only DaemonSets roll out here",
                k.qualified_plural()
            ));
        }
        _ => {
            let what = match r {
                Resource::Typed(t) => typed_kind(t).to_string(),
                Resource::Other(k) => k.kind.to_string(),
            };
            return err(format!(
                "error: cannot set image on a {what}: it has no pod template"
            ));
        }
    }
    let mut images = Vec::new();
    for i in imgs {
        let Some((c, img)) = i.split_once('=') else {
            return err(format!("error: invalid image update: {i}"));
        };
        if c.is_empty() || img.is_empty() {
            return err(format!("error: invalid image update: {i}"));
        }
        images.push((c.to_string(), img.to_string()));
    }
    Ok(Command::SetImage(SetImage {
        name,
        deployment,
        images,
        namespace: namespace_of(&p),
        record: p.bool("record", false).then(|| line.to_string()),
    }))
}

/// The Kind of a modelled resource type.
pub fn typed_kind(t: ResourceType) -> &'static str {
    match t {
        ResourceType::DaemonSets => "DaemonSet",
        ResourceType::Pods => "Pod",
        ResourceType::Nodes => "Node",
        ResourceType::ControllerRevisions => "ControllerRevision",
        ResourceType::Events => "Event",
        ResourceType::Namespaces => "Namespace",
        ResourceType::Deployments => "Deployment",
        ResourceType::ReplicaSets => "ReplicaSet",
    }
}

fn parse_patch(words: &[String], line: &str) -> Result<Command, ParseError> {
    let p = parse_flags(
        words,
        &[
            NAMESPACE,
            HELP,
            RECORD,
            flag("type", None, Kind::Value),
            flag("patch", Some('p'), Kind::Value),
            flag("patch-file", None, Kind::Value),
            FILENAME,
        ],
        "kubectl patch",
    )?;
    if help_requested(&p) {
        return Err(help_text(
            "kubectl patch",
            "(-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [--type=strategic|merge|json]",
        ));
    }
    check_namespace_flag(&p)?;
    let patch_type = match p.last("type").unwrap_or("strategic") {
        "strategic" => PatchType::Strategic,
        "merge" => PatchType::Merge,
        "json" => PatchType::Json,
        other => {
            return err(format!(
                "error: --type must be one of [json merge strategic], not \"{other}\""
            ))
        }
    };
    let patch =
        match (p.last("patch"), p.last("patch-file")) {
            (Some(_), Some(_)) => {
                return err("error: cannot specify --patch and --patch-file together")
            }
            (Some(t), None) => PatchSource::Inline(t.to_string()),
            (None, Some(f)) => PatchSource::File(f.to_string()),
            (None, None) => return err(
                "error: must specify --patch or --patch-file containing the contents of the patch",
            ),
        };
    if p.args.is_empty() {
        return err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
    }
    let (pairs, bare) = resource_args(&p.args)?;
    if bare.is_some() {
        return err("error: resource(s) were provided, but no name was specified");
    }
    if pairs.len() != 1 {
        return err("error: patch takes one object at a time in this simulator");
    }
    let (r, name) = pairs.into_iter().next().expect("one");
    let resource = match r {
        Resource::Typed(
            t @ (ResourceType::DaemonSets | ResourceType::Nodes | ResourceType::Pods),
        ) => t,
        Resource::Typed(t) => {
            return err(format!(
                "error: patching {} is not supported by this simulator",
                typed_kind(t)
            ))
        }
        Resource::Other(k) => {
            return err(format!(
                "error: patching {} is not supported by this simulator",
                k.qualified_plural()
            ))
        }
    };
    Ok(Command::Patch(Patch {
        resource,
        name,
        patch_type,
        patch,
        namespace: namespace_of(&p),
        record: p.bool("record", false).then(|| line.to_string()),
    }))
}

fn parse_rollout(words: &[String]) -> Result<Command, ParseError> {
    let subs = ["history", "pause", "restart", "resume", "status", "undo"];
    let Some(sub) = words.iter().position(|w| !w.starts_with('-')) else {
        return Err(help_text(
            "kubectl rollout",
            "SUBCOMMAND (history|pause|restart|resume|status|undo) TYPE/NAME",
        ));
    };
    let action = match words[sub].as_str() {
        "status" => RolloutAction::Status,
        "history" => RolloutAction::History,
        "undo" => RolloutAction::Undo,
        "restart" => RolloutAction::Restart,
        "pause" => RolloutAction::Pause,
        "resume" => RolloutAction::Resume,
        other => return Err(unknown_command(other, "kubectl rollout", &subs)),
    };
    let path = format!("kubectl rollout {}", words[sub]);
    let mut rest = words.to_vec();
    rest.remove(sub);
    let mut specs = vec![NAMESPACE, HELP, FILENAME, SELECTOR];
    match action {
        RolloutAction::Status => {
            specs.push(flag("watch", Some('w'), Kind::Bool));
            specs.push(flag("timeout", None, Kind::Value));
            specs.push(flag("revision", None, Kind::Value));
        }
        RolloutAction::History => specs.push(flag("revision", None, Kind::Value)),
        RolloutAction::Undo => specs.push(flag("to-revision", None, Kind::Value)),
        _ => {}
    }
    let p = parse_flags(&rest, &specs, &path)?;
    if help_requested(&p) {
        return Err(help_text(&path, "(TYPE NAME | TYPE/NAME) [flags]"));
    }
    check_namespace_flag(&p)?;
    if p.has("filename") || p.has("selector") {
        return err(format!("error: \"{path}\" with -f or -l is not supported by this simulator; name the resource (ds/NAME)"));
    }
    if p.args.is_empty() {
        return err("error: required resource not specified");
    }
    let (pairs, bare) = resource_args(&p.args)?;
    if bare.is_some() {
        return err("error: resource(s) were provided, but no name was specified");
    }
    if pairs.len() != 1 {
        return err(format!(
            "error: {path} takes one object at a time in this simulator"
        ));
    }
    let int_flag = |name: &str| -> Result<i64, ParseError> {
        match p.last(name) {
            None => Ok(0),
            Some(v) => v.parse::<i64>().map_err(|_| {
                ParseError(format!(
                    "error: invalid argument \"{v}\" for \"--{name}\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee '{path} --help' for usage."
                ))
            }),
        }
    };
    let timeout = match p.last("timeout") {
        None => 0,
        Some(t) => crate::clock::parse_duration(t).map_err(|_| {
            ParseError(format!(
                "error: invalid argument \"{t}\" for \"--timeout\" flag: time: invalid duration \"{t}\"\nSee '{path} --help' for usage."
            ))
        })?,
    };
    let (resource, name) = pairs.into_iter().next().expect("one");
    Ok(Command::Rollout(Rollout {
        action,
        resource,
        name,
        namespace: namespace_of(&p),
        watch: p.bool("watch", true),
        timeout,
        revision: int_flag("revision")?,
        to_revision: int_flag("to-revision")?,
    }))
}

fn parse_explain(words: &[String]) -> Result<Command, ParseError> {
    let p = parse_flags(
        words,
        &[
            HELP,
            NAMESPACE,
            flag("recursive", None, Kind::Bool),
            flag("api-version", None, Kind::Value),
            flag("output", Some('o'), Kind::Value),
        ],
        "kubectl explain",
    )?;
    if help_requested(&p) {
        return Err(help_text("kubectl explain", "TYPE[.FIELD...]"));
    }
    if p.bool("recursive", false) {
        return err("error: --recursive is not supported by this simulator");
    }
    match p.args.as_slice() {
        [] => err("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources."),
        [one] => Ok(Command::Explain(one.clone())),
        _ => err("error: We accept only this format: explain RESOURCE\nSee 'kubectl explain -h' for help and examples"),
    }
}

// ----- sim -----

const SIM_VERBS: &[&str] = &[
    "add-node",
    "remove-node",
    "fail-node",
    "recover-node",
    "image-fails",
    "image-crashes",
    "fail-pod",
    "advance",
    "settle",
    "why",
];

/// The `sim` help text.
pub const SIM_HELP: &str = "The simulator's own verbs (what a real cluster does by itself):

  sim add-node NAME [--labels k=v,...] [--taints k=v:Effect,...] [--cpu N] [--memory Q] [--pods N]
  sim remove-node NAME      the machine is gone; pod GC removes its pods
  sim fail-node NAME        the kubelet stops reporting (Ready=Unknown, unreachable taints)
  sim recover-node NAME     the kubelet reports again
  sim image-fails IMAGE     pulls of IMAGE fail from now on (ImagePullBackOff)
  sim image-crashes IMAGE   containers from IMAGE exit right after starting (CrashLoopBackOff)
  sim fail-pod POD          the kubelet evicts the pod (phase Failed, reason Evicted)
  sim advance DURATION      move the simulated clock (500ms, 30s, 5m)
  sim settle                advance until nothing more changes
  sim why DAEMONSET [NODE]  why the DaemonSet runs (or not) on each node
";

fn one_arg(p: &Parsed, verb: &str, what: &str) -> Result<String, ParseError> {
    match p.args.as_slice() {
        [one] => Ok(one.clone()),
        [] => err(format!(
            "error: sim {verb} needs {what}\nUsage: sim {verb} {}",
            what.to_ascii_uppercase()
                .replace(' ', "_")
                .replace("A_", "")
                .replace("AN_", "")
        )),
        more => err(format!(
            "error: sim {verb} takes one {what}, got {}: {}",
            more.len(),
            more.join(" ")
        )),
    }
}

fn parse_sim(words: &[String]) -> Result<Sim, ParseError> {
    let Some((verb, rest)) = words.split_first() else {
        return Ok(Sim::Help);
    };
    let path = format!("sim {verb}");
    match verb.as_str() {
        "help" | "--help" | "-h" => Ok(Sim::Help),
        "add-node" => {
            let p = parse_flags(
                rest,
                &[
                    HELP,
                    flag("labels", None, Kind::Value),
                    flag("taints", None, Kind::Value),
                    flag("cpu", None, Kind::Value),
                    flag("memory", None, Kind::Value),
                    flag("pods", None, Kind::Value),
                    flag("unschedulable", None, Kind::Bool),
                    flag("not-ready", None, Kind::Bool),
                ],
                &path,
            )?;
            let name = one_arg(&p, "add-node", "a node name")?;
            let mut args = AddNode {
                name,
                ..Default::default()
            };
            for l in p.all("labels") {
                for kv in l.split(',').filter(|s| !s.is_empty()) {
                    let Some((k, v)) = kv.split_once('=') else {
                        return err(format!("error: invalid label \"{kv}\": use key=value"));
                    };
                    args.labels.push((k.to_string(), v.to_string()));
                }
            }
            for t in p.all("taints") {
                for spec in t.split(',').filter(|s| !s.is_empty()) {
                    let (taint, rm) = crate::model::taint::parse_taint_spec(spec)
                        .map_err(|e| ParseError(format!("error: {e}")))?;
                    if rm || taint.effect.is_empty() {
                        return err(format!("error: invalid taint spec: {spec}"));
                    }
                    args.taints.push(taint);
                }
            }
            for (flagname, res) in [("cpu", "cpu"), ("memory", "memory"), ("pods", "pods")] {
                if let Some(v) = p.last(flagname) {
                    if crate::model::quantity::parse_milli(v).is_none() {
                        return err(format!("error: invalid --{flagname} quantity \"{v}\""));
                    }
                    args.allocatable.push((res.to_string(), v.to_string()));
                }
            }
            args.unschedulable = p.bool("unschedulable", false);
            args.not_ready = p.bool("not-ready", false);
            Ok(Sim::AddNode(args))
        }
        "remove-node" | "fail-node" | "recover-node" => {
            let p = parse_flags(rest, &[HELP], &path)?;
            let name = one_arg(&p, verb, "a node name")?;
            Ok(match verb.as_str() {
                "remove-node" => Sim::RemoveNode(name),
                "fail-node" => Sim::FailNode(name),
                _ => Sim::RecoverNode(name),
            })
        }
        "image-fails" | "image-crashes" => {
            let p = parse_flags(rest, &[HELP], &path)?;
            let image = one_arg(&p, verb, "an image")?;
            Ok(if verb == "image-fails" {
                Sim::ImageFails(image)
            } else {
                Sim::ImageCrashes(image)
            })
        }
        "fail-pod" => {
            let p = parse_flags(rest, &[HELP, NAMESPACE], &path)?;
            let name = one_arg(&p, verb, "a pod name")?;
            let name = name
                .strip_prefix("pod/")
                .or_else(|| name.strip_prefix("pods/"))
                .unwrap_or(&name)
                .to_string();
            Ok(Sim::FailPod {
                namespace: namespace_of(&p),
                name,
            })
        }
        "advance" => {
            let p = parse_flags(rest, &[HELP], &path)?;
            let d = one_arg(&p, verb, "a duration")?;
            let ms =
                crate::clock::parse_duration(&d).map_err(|e| ParseError(format!("error: {e}")))?;
            if ms > crate::sim::SETTLE_HORIZON * 4 {
                return err(format!(
                    "error: sim advance takes at most {} at a time",
                    crate::clock::format_clock(crate::sim::SETTLE_HORIZON * 4)
                ));
            }
            Ok(Sim::Advance(ms))
        }
        "settle" => {
            let p = parse_flags(rest, &[HELP], &path)?;
            if !p.args.is_empty() {
                return err(format!(
                    "error: sim settle takes no arguments, got: {}",
                    p.args.join(" ")
                ));
            }
            Ok(Sim::Settle)
        }
        "why" => {
            let p = parse_flags(rest, &[HELP, NAMESPACE], &path)?;
            let (ds, node) = match p.args.as_slice() {
                [] => {
                    return err("error: sim why needs a DaemonSet\nUsage: sim why DAEMONSET [NODE]")
                }
                [d] => (d.clone(), None),
                [d, n] => (d.clone(), Some(n.clone())),
                more => {
                    return err(format!(
                        "error: sim why takes a DaemonSet and at most one node, got: {}",
                        more.join(" ")
                    ))
                }
            };
            let name = match ds.split_once('/') {
                Some((t, n)) => {
                    if resource_type(t) != Some(Resource::Typed(ResourceType::DaemonSets)) {
                        return err(format!("error: sim why explains DaemonSets, not \"{t}\""));
                    }
                    n.to_string()
                }
                None => ds,
            };
            let node = node.map(|n| {
                n.strip_prefix("node/")
                    .or_else(|| n.strip_prefix("nodes/"))
                    .unwrap_or(&n)
                    .to_string()
            });
            Ok(Sim::Why {
                namespace: namespace_of(&p),
                name,
                node,
            })
        }
        other => {
            let mut msg = format!("error: unknown sim command \"{other}\"");
            let close: Vec<&&str> = SIM_VERBS
                .iter()
                .filter(|v| distance(other, v) <= 2)
                .collect();
            if let Some(c) = close.first() {
                msg.push_str(&format!(", did you mean \"{c}\"?"));
            }
            msg.push_str(&format!("\nknown: {}", SIM_VERBS.join(", ")));
            err(msg)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(line: &str) -> Command {
        match parse(line) {
            Ok(c) => c,
            Err(e) => panic!("{line}: {e}"),
        }
    }

    fn fails(line: &str) -> String {
        match parse(line) {
            Ok(c) => panic!("{line}: parsed as {c:?}"),
            Err(e) => e.0,
        }
    }

    #[test]
    fn blank_lines_and_comments_are_empty() {
        assert_eq!(ok(""), Command::Empty);
        assert_eq!(ok("   "), Command::Empty);
        assert_eq!(ok("# kubectl get ds"), Command::Empty);
    }

    #[test]
    fn flag_forms_agree() {
        for line in [
            "kubectl get pods -n kube-system",
            "kubectl get pods --namespace kube-system",
            "kubectl get pods --namespace=kube-system",
            "kubectl get pods -nkube-system",
            "kubectl get pods -n=kube-system",
            "kubectl -n kube-system get pods",
        ] {
            let Command::Get(g) = ok(line) else {
                panic!("{line}")
            };
            assert_eq!(g.scope, Scope::Namespace("kube-system".into()), "{line}");
            assert_eq!(g.requests[0].resources, vec![ResourceType::Pods]);
        }
    }

    #[test]
    fn resource_forms_resolve() {
        for line in [
            "kubectl get ds web",
            "kubectl get ds/web",
            "kubectl get daemonset.apps/web",
            "kubectl get daemonsets web",
            "kubectl get daemonsets.apps web",
            "kubectl get daemonsets.v1.apps web",
        ] {
            let Command::Get(g) = ok(line) else {
                panic!("{line}")
            };
            assert_eq!(g.requests.len(), 1, "{line}");
            assert_eq!(
                g.requests[0].resources,
                vec![ResourceType::DaemonSets],
                "{line}"
            );
            assert_eq!(g.requests[0].names, vec!["web".to_string()], "{line}");
        }
        let Command::Get(g) = ok("kubectl get ds,po,no -A") else {
            panic!()
        };
        assert_eq!(
            g.requests[0].resources,
            vec![
                ResourceType::DaemonSets,
                ResourceType::Pods,
                ResourceType::Nodes
            ]
        );
        assert_eq!(g.scope, Scope::All);
        let Command::Get(g) = ok("kubectl get controllerrevisions") else {
            panic!()
        };
        assert_eq!(
            g.requests[0].resources,
            vec![ResourceType::ControllerRevisions]
        );
        let Command::Get(g) = ok("kubectl get ev") else {
            panic!()
        };
        assert_eq!(g.requests[0].resources, vec![ResourceType::Events]);
        let Command::Get(g) = ok("kubectl get ns") else {
            panic!()
        };
        assert_eq!(g.requests[0].resources, vec![ResourceType::Namespaces]);
    }

    #[test]
    fn output_and_selectors_parse() {
        let Command::Get(g) =
            ok("kubectl get pods -o wide -l app=web --field-selector spec.nodeName=node-1")
        else {
            panic!()
        };
        let r = &g.requests[0];
        assert_eq!(r.output, OutputFormat::Wide);
        assert!(r.selector.is_some());
        assert_eq!(r.field_selector[0].field, "spec.nodeName");
        assert_eq!(r.field_selector[0].value, "node-1");
        let Command::Get(g) = ok("kubectl get ds web -o jsonpath='{.status.numberReady}'") else {
            panic!()
        };
        assert_eq!(
            g.requests[0].output,
            OutputFormat::JsonPath("{.status.numberReady}".into())
        );
        let Command::Get(g) = ok("kubectl get ds -oyaml") else {
            panic!()
        };
        assert_eq!(g.requests[0].output, OutputFormat::Yaml);
    }

    #[test]
    fn quoting_follows_the_shell() {
        let Command::Patch(p) =
            ok(r#"kubectl patch ds web --type=merge -p '{"spec":{"minReadySeconds":5}}'"#)
        else {
            panic!()
        };
        assert_eq!(
            p.patch,
            PatchSource::Inline(r#"{"spec":{"minReadySeconds":5}}"#.into())
        );
        assert_eq!(p.patch_type, PatchType::Merge);
        let Command::Patch(p) = ok(r#"kubectl patch ds/web -p "{\"spec\":{}}""#) else {
            panic!()
        };
        assert_eq!(p.patch, PatchSource::Inline(r#"{"spec":{}}"#.into()));
        assert_eq!(p.patch_type, PatchType::Strategic);
        assert!(fails("kubectl get ds 'web").contains("unterminated"));
    }

    #[test]
    fn unknown_things_fail_as_kubectl_fails_them() {
        assert_eq!(
            fails("kubectl get pods --foo"),
            "error: unknown flag: --foo\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            fails("kubectl get pods -x"),
            "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            fails("kubectl get foo"),
            "error: the server doesn't have a resource type \"foo\""
        );
        assert!(fails("kubectl gett pods").starts_with(
            "error: unknown command \"gett\" for \"kubectl\"\n\nDid you mean this?\n\tget"
        ));
        assert_eq!(
            fails("kubectl frobnicate"),
            "error: unknown command \"frobnicate\" for \"kubectl\""
        );
        assert_eq!(
            fails("kubectl get pods -n"),
            "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            fails("kubectl get pods --namespace"),
            "error: flag needs an argument: --namespace\nSee 'kubectl get --help' for usage."
        );
        assert!(fails("kubectl rollout status ds/web --watch=maybe").contains("strconv.ParseBool"));
        assert!(fails("kubectl get").contains("Required resource not specified."));
        assert_eq!(
            fails("kubectl delete pods"),
            "error: resource(s) were provided, but no name was specified"
        );
        assert!(
            fails("kubectl delete").starts_with("error: You must provide one or more resources")
        );
        assert_eq!(
            fails("kubectl apply"),
            "error: must specify one of -f and -k"
        );
        assert_eq!(
            fails("kubectl label nodes node-1"),
            "error: at least one label update is required"
        );
        assert_eq!(
            fails("kubectl taint nodes node-1"),
            "error: at least one taint update is required"
        );
        assert!(fails("kubectl cordon").starts_with("error: USAGE: cordon NODE [flags]"));
        assert_eq!(
            fails("kubectl rollout status"),
            "error: required resource not specified"
        );
        assert!(fails("kubectl rollout frob ds/web")
            .starts_with("error: unknown command \"frob\" for \"kubectl rollout\""));
        assert!(fails("foo bar").contains("command not found"));
        assert!(fails("sim frob").starts_with("error: unknown sim command \"frob\""));
        assert!(fails("sim advance soon").contains("invalid duration"));
    }

    #[test]
    fn delete_cascade_maps_booleans_as_kubectl_does() {
        let Command::Delete(d) = ok("kubectl delete ds web --cascade=false") else {
            panic!()
        };
        assert_eq!(d.cascade, CascadeFlag::Orphan);
        assert!(d.warning.is_some());
        let Command::Delete(d) = ok("kubectl delete ds web --cascade=true") else {
            panic!()
        };
        assert_eq!(d.cascade, CascadeFlag::Background);
        let Command::Delete(d) = ok("kubectl delete ds web --cascade") else {
            panic!()
        };
        assert_eq!(d.cascade, CascadeFlag::Background);
        let Command::Delete(d) = ok("kubectl delete daemonset/web --cascade=foreground") else {
            panic!()
        };
        assert_eq!(d.cascade, CascadeFlag::Foreground);
        assert!(fails("kubectl delete ds web --cascade=sideways")
            .starts_with("error: invalid cascade value (sideways)"));
        let Command::Delete(d) =
            ok("kubectl delete pod -l app=web --field-selector spec.nodeName=node-1")
        else {
            panic!()
        };
        assert!(matches!(d.target, DeleteTarget::Matching { .. }));
    }

    #[test]
    fn label_and_taint_split_names_from_changes() {
        let Command::Label(l) =
            ok("kubectl label nodes node-1 node-2 disktype=ssd old- --overwrite")
        else {
            panic!()
        };
        assert_eq!(
            l.targets,
            Targets::Names(vec!["node-1".into(), "node-2".into()])
        );
        assert_eq!(
            l.changes,
            vec![
                KeyChange::Set("disktype".into(), "ssd".into()),
                KeyChange::Remove("old".into())
            ]
        );
        assert!(l.overwrite);
        let Command::Taint(t) =
            ok("kubectl taint nodes node-1 dedicated=gpu:NoSchedule other:NoExecute-")
        else {
            panic!()
        };
        assert_eq!(t.add.len(), 1);
        assert_eq!(t.remove, vec![("other".into(), "NoExecute".into())]);
        let Command::Taint(t) = ok("kubectl taint node/node-1 dedicated-") else {
            panic!()
        };
        assert_eq!(t.remove, vec![("dedicated".into(), String::new())]);
    }

    #[test]
    fn rollout_and_set_image_parse() {
        let Command::Rollout(r) = ok("kubectl rollout status ds/web --watch=false --timeout=90s")
        else {
            panic!()
        };
        assert_eq!(r.action, RolloutAction::Status);
        assert!(!r.watch);
        assert_eq!(r.timeout, 90_000);
        let Command::Rollout(r) = ok("kubectl rollout undo daemonset web --to-revision=1") else {
            panic!()
        };
        assert_eq!(r.to_revision, 1);
        assert_eq!(r.name, "web");
        let Command::SetImage(s) = ok("kubectl set image ds/web nginx=nginx:1.25 -n prod") else {
            panic!()
        };
        assert_eq!(s.images, vec![("nginx".into(), "nginx:1.25".into())]);
        assert_eq!(s.namespace.as_deref(), Some("prod"));
    }

    #[test]
    fn sim_verbs_parse() {
        let Command::Sim(Sim::AddNode(a)) = ok(
            "sim add-node node-4 --labels disktype=ssd,zone=a --taints gpu=true:NoSchedule --cpu 4",
        ) else {
            panic!()
        };
        assert_eq!(a.name, "node-4");
        assert_eq!(a.labels.len(), 2);
        assert_eq!(a.taints.len(), 1);
        assert_eq!(ok("sim advance 1m30s"), Command::Sim(Sim::Advance(90_000)));
        assert_eq!(ok("sim settle"), Command::Sim(Sim::Settle));
        assert_eq!(
            ok("sim why ds/web node-1"),
            Command::Sim(Sim::Why {
                namespace: None,
                name: "web".into(),
                node: Some("node-1".into())
            })
        );
    }

    #[test]
    fn nothing_panics_on_odd_input() {
        for line in [
            "kubectl",
            "kubectl -",
            "kubectl --",
            "kubectl -n",
            "kubectl get -",
            "kubectl get /",
            "kubectl get ds/",
            "kubectl get /web",
            "kubectl label",
            "kubectl taint",
            "kubectl taint nodes",
            "kubectl taint nodes n :",
            "kubectl taint nodes n =:",
            "kubectl set",
            "kubectl set image",
            "kubectl set image ds/x =",
            "kubectl rollout",
            "kubectl rollout undo ds/x --to-revision=x",
            "sim",
            "sim add-node",
            "sim why",
            "kubectl patch",
            "kubectl patch ds",
            "kubectl create",
            "kubectl create ns",
            "kubectl delete -f",
            "kubectl get pods -l '!!'",
            "kubectl get pods --field-selector x",
            "kubectl -A",
            "kubectl explain",
            "sim fail-pod",
            "\"",
            "kubectl get ds -o",
            "kubectl drain",
            "kubectl get pods -Aw",
            "kubectl get ds -o=",
            "kubectl -nx",
            "kubectl get ds -- -x",
            "kubectl label nodes n =x",
            "kubectl annotate ds web -",
            "sim advance 99999999999999999h",
        ] {
            let _ = parse(line);
        }
    }
}
