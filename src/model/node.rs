//! Nodes: labels, taints, unschedulable, Ready condition and allocatable resources.

use super::meta::{is_false, Extra, ObjectMeta};
use super::pod::Condition;
use super::taint::Taint;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A node.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Node {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: NodeSpec,
    #[serde(default)]
    pub status: NodeStatus,
}

/// `v1.NodeSpec`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeSpec {
    #[serde(default, skip_serializing_if = "is_false")]
    pub unschedulable: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taints: Vec<Taint>,
    #[serde(default, rename = "podCIDR", skip_serializing_if = "String::is_empty")]
    pub pod_cidr: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `v1.NodeStatus`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeStatus {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub allocatable: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<NodeAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_info: Option<NodeInfo>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `v1.NodeAddress`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NodeAddress {
    #[serde(rename = "type")]
    pub type_: String,
    pub address: String,
}

/// `v1.NodeSystemInfo` (the fields `kubectl get nodes -o wide` prints).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeInfo {
    pub architecture: String,
    pub container_runtime_version: String,
    pub kernel_version: String,
    pub kubelet_version: String,
    pub operating_system: String,
    pub os_image: String,
}

/// Well-known taint keys set by the node lifecycle controller.
pub mod taint_keys {
    /// Ready=False.
    pub const NOT_READY: &str = "node.kubernetes.io/not-ready";
    /// Ready=Unknown (kubelet stopped reporting).
    pub const UNREACHABLE: &str = "node.kubernetes.io/unreachable";
    /// `spec.unschedulable` (cordoned).
    pub const UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";
    /// MemoryPressure=True.
    pub const MEMORY_PRESSURE: &str = "node.kubernetes.io/memory-pressure";
    /// DiskPressure=True.
    pub const DISK_PRESSURE: &str = "node.kubernetes.io/disk-pressure";
    /// PIDPressure=True.
    pub const PID_PRESSURE: &str = "node.kubernetes.io/pid-pressure";
    /// NetworkUnavailable=True.
    pub const NETWORK_UNAVAILABLE: &str = "node.kubernetes.io/network-unavailable";
    /// The control-plane taint kubeadm sets.
    pub const CONTROL_PLANE: &str = "node-role.kubernetes.io/control-plane";
}

impl Node {
    /// The status of the Ready condition: `True`, `False` or `Unknown`.
    pub fn ready_status(&self) -> &str {
        self.status
            .conditions
            .iter()
            .find(|c| c.type_ == "Ready")
            .map(|c| c.status.as_str())
            .unwrap_or("Unknown")
    }
    /// Whether the node carries a taint with this key and effect.
    pub fn has_taint(&self, key: &str, effect: &str) -> bool {
        self.spec
            .taints
            .iter()
            .any(|t| t.key == key && t.effect == effect)
    }
    /// Allocatable `resource` in thousandths (0 when absent).
    pub fn allocatable_milli(&self, resource: &str) -> Option<i128> {
        self.status
            .allocatable
            .get(resource)
            .and_then(|q| super::quantity::parse_milli(q))
    }
    /// The node's internal IP, if any.
    pub fn internal_ip(&self) -> &str {
        self.status
            .addresses
            .iter()
            .find(|a| a.type_ == "InternalIP")
            .map(|a| a.address.as_str())
            .unwrap_or("")
    }
}
