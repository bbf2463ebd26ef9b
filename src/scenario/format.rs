//! The scenario file, field by field (the contract is `scenarios.md`).
//!
//! ```yaml
//! name: rolling-update-one-at-a-time     # required, kebab-case id
//! title: Rolling update, one node at a time
//! what: |                                # lesson text, Markdown
//!   ...
//! seed: 7                                # extension: the generator's seed (default 1)
//! timings: {image_pull: 5s}              # extension: component durations
//! nodes:                                 # required: the initial cluster
//!   - name: node-1
//!     labels: {disktype: ssd}
//!     taints: [{key: dedicated, value: monitoring, effect: NoSchedule}]
//!     unschedulable: false
//!     ready: true
//!     allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
//! files: {ds.yaml: "..."}                # what `-f NAME` reads
//! steps: [kubectl apply -f ds.yaml, sim settle]   # required
//! expect:
//!   daemonset: log-collector             # which DaemonSet the keys below speak of
//!   pods_on: [node-1]                    # exactly one of its pods there
//!   no_pods_on: [node-2]                 # none there
//!   status: {numberAvailable: 2}         # listed .status keys (missing = 0)
//!   pod_images: {node-1: "fluentd:v1.15"}
//!   max_unavailable_seen: 1              # after the first `sim settle`, equal
//!   max_pods_per_node_seen: 2            # after the first `sim settle`, equal
//!   deployment: web                      # which Deployment the keys below speak of
//!   replicas_on: {node-1: 2, node-2: 0}  # its non-terminating pods per node
//!                                        # (`<none>`: not yet scheduled)
//!   deployment_status: {readyReplicas: 4} # listed .status keys (missing = 0)
//!   output_contains: ["rolled out"]      # the last step's output
//!   error_contains: ["spec.selector"]    # the last step must fail with these
//! ```
//!
//! Unknown keys anywhere are an error that names the nearest known key.

use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// A scenario.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Kebab-case id.
    pub name: String,
    /// Shown on the page.
    #[serde(default)]
    pub title: Option<String>,
    /// The lesson text (Markdown).
    #[serde(default)]
    pub what: Option<String>,
    /// Seed of the simulation's generator (extension; default [`DEFAULT_SEED`]).
    #[serde(default)]
    pub seed: Option<u64>,
    /// Component durations (extension).
    #[serde(default)]
    pub timings: Option<TimingsSpec>,
    /// The initial cluster.
    pub nodes: Vec<NodeSpec>,
    /// Files that `kubectl ... -f NAME` reads.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// Command lines, run in order.
    pub steps: Vec<String>,
    /// What must hold after the last step.
    #[serde(default)]
    pub expect: Option<Expect>,
}

/// The seed used when a scenario gives none.
pub const DEFAULT_SEED: u64 = 1;

/// A node of the initial cluster.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeSpec {
    /// Node name.
    pub name: String,
    /// Labels besides the well-known hostname/os/arch ones.
    #[serde(default, deserialize_with = "string_map")]
    pub labels: BTreeMap<String, String>,
    /// Taints.
    #[serde(default)]
    pub taints: Vec<TaintSpec>,
    /// `spec.unschedulable` (cordoned).
    #[serde(default)]
    pub unschedulable: bool,
    /// Ready (default true).
    #[serde(default = "yes")]
    pub ready: bool,
    /// Allocatable resources.
    #[serde(default, deserialize_with = "string_map")]
    pub allocatable: BTreeMap<String, String>,
}

fn yes() -> bool {
    true
}

/// A taint of an initial node.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaintSpec {
    /// Key.
    pub key: String,
    /// Value (optional).
    #[serde(default, deserialize_with = "string_scalar_opt")]
    pub value: Option<String>,
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
    pub effect: String,
}

/// Overrides of the simulated components' durations (`500ms`, `3s`…).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimingsSpec {
    /// Pod creation to binding.
    #[serde(default)]
    pub schedule: Option<String>,
    /// Image pull.
    #[serde(default)]
    pub image_pull: Option<String>,
    /// Image present to Ready.
    #[serde(default)]
    pub container_start: Option<String>,
    /// Container stop after deletion.
    #[serde(default)]
    pub termination: Option<String>,
    /// How long a crashing container runs.
    #[serde(default)]
    pub crash_after: Option<String>,
    /// How long a silent kubelet goes unnoticed.
    #[serde(default)]
    pub node_monitor_grace: Option<String>,
    /// Pod GC quarantine of a deleted node.
    #[serde(default)]
    pub pod_gc_quarantine: Option<String>,
    /// Pod GC period.
    #[serde(default)]
    pub pod_gc_period: Option<String>,
}

/// What must hold after the last step.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The DaemonSet the other keys speak of (`name` or `namespace/name`).
    #[serde(default)]
    pub daemonset: Option<String>,
    /// Nodes that run exactly one of its pods.
    #[serde(default)]
    pub pods_on: Option<Vec<String>>,
    /// Nodes that run none.
    #[serde(default)]
    pub no_pods_on: Option<Vec<String>>,
    /// `.status` keys and values.
    #[serde(default)]
    pub status: Option<BTreeMap<String, i64>>,
    /// Image of the first container of the pod on each node.
    #[serde(default, deserialize_with = "string_map_opt")]
    pub pod_images: Option<BTreeMap<String, String>>,
    /// Largest number of desired nodes without an available pod, after the first settle.
    #[serde(default)]
    pub max_unavailable_seen: Option<i64>,
    /// Largest number of its pods on one node, after the first settle.
    #[serde(default)]
    pub max_pods_per_node_seen: Option<i64>,
    /// The Deployment `replicas_on` and `deployment_status` speak of.
    #[serde(default)]
    pub deployment: Option<String>,
    /// Its non-terminating pods per node (`<none>` for pods not yet scheduled).
    #[serde(default)]
    pub replicas_on: Option<BTreeMap<String, i64>>,
    /// Its `.status` keys and values.
    #[serde(default)]
    pub deployment_status: Option<BTreeMap<String, i64>>,
    /// Substrings of the last step's output.
    #[serde(default)]
    pub output_contains: Option<Vec<String>>,
    /// The last step must fail, with these substrings in its output.
    #[serde(default)]
    pub error_contains: Option<Vec<String>>,
}

impl Expect {
    /// Whether any key needs `deployment`.
    pub fn needs_deployment(&self) -> bool {
        self.replicas_on.is_some() || self.deployment_status.is_some()
    }
    /// Whether any key needs `daemonset`.
    pub fn needs_daemonset(&self) -> bool {
        self.pods_on.is_some()
            || self.no_pods_on.is_some()
            || self.status.is_some()
            || self.pod_images.is_some()
            || self.max_unavailable_seen.is_some()
            || self.max_pods_per_node_seen.is_some()
    }
}

/// The `.status` fields of a Deployment, as `expect.deployment_status` may name them.
pub const DEPLOYMENT_STATUS_FIELDS: &[&str] = &[
    "observedGeneration",
    "replicas",
    "updatedReplicas",
    "readyReplicas",
    "availableReplicas",
    "unavailableReplicas",
];

/// The `.status` fields of a DaemonSet, as `expect.status` may name them.
pub const STATUS_FIELDS: &[&str] = &[
    "currentNumberScheduled",
    "numberMisscheduled",
    "desiredNumberScheduled",
    "numberReady",
    "observedGeneration",
    "updatedNumberScheduled",
    "numberAvailable",
    "numberUnavailable",
    "collisionCount",
];

fn scalar_to_string<E: serde::de::Error>(v: serde_yaml::Value) -> Result<String, E> {
    match v {
        serde_yaml::Value::String(s) => Ok(s),
        serde_yaml::Value::Number(n) => Ok(n.to_string()),
        serde_yaml::Value::Bool(b) => Ok(b.to_string()),
        serde_yaml::Value::Null => Ok(String::new()),
        _ => Err(E::custom("expected a string")),
    }
}

/// A map whose values may be written as numbers or booleans (`pods: 110`).
fn string_map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    let m = BTreeMap::<String, serde_yaml::Value>::deserialize(d)?;
    let mut out = BTreeMap::new();
    for (k, v) in m {
        out.insert(k, scalar_to_string(v)?);
    }
    Ok(out)
}

fn string_map_opt<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<BTreeMap<String, String>>, D::Error> {
    string_map(d).map(Some)
}

fn string_scalar_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = serde_yaml::Value::deserialize(d)?;
    scalar_to_string(v).map(Some)
}
