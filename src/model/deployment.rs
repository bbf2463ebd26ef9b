//! Deployments and ReplicaSets (apps/v1): spec, strategy and status, with the
//! annotations the deployment controller writes.

use super::intstr::IntOrString;
use super::meta::{is_zero, ObjectMeta};
use super::pod::PodTemplateSpec;
use super::selector::LabelSelector;
use serde::{Deserialize, Serialize};

/// `deployment.kubernetes.io/revision` on Deployments and their ReplicaSets.
pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";
/// `deployment.kubernetes.io/desired-replicas` on ReplicaSets.
pub const DESIRED_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/desired-replicas";
/// `deployment.kubernetes.io/max-replicas` on ReplicaSets.
pub const MAX_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/max-replicas";
/// The label that tells the ReplicaSets of one Deployment apart.
pub const POD_TEMPLATE_HASH_LABEL: &str = "pod-template-hash";

/// A Deployment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: DeploymentSpec,
    #[serde(default)]
    pub status: DeploymentStatus,
}

/// `apps/v1.DeploymentSpec`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[serde(default)]
    pub template: PodTemplateSpec,
    #[serde(default)]
    pub strategy: DeploymentStrategy,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub min_ready_seconds: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub paused: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress_deadline_seconds: Option<i64>,
}

/// `apps/v1.DeploymentStrategy`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentStrategy {
    #[serde(default, rename = "type", skip_serializing_if = "String::is_empty")]
    pub type_: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateDeployment>,
}

/// `apps/v1.RollingUpdateDeployment`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RollingUpdateDeployment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_surge: Option<IntOrString>,
}

/// `apps/v1.DeploymentStatus`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentStatus {
    #[serde(default, skip_serializing_if = "is_zero")]
    pub observed_generation: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub replicas: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub updated_replicas: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ready_replicas: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub available_replicas: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unavailable_replicas: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<WorkloadCondition>,
}

/// The condition a ReplicaSet (and its Deployment) carries while pods cannot be
/// created.
pub const REPLICA_FAILURE: &str = "ReplicaFailure";

/// A Deployment or ReplicaSet condition.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadCondition {
    #[serde(rename = "type")]
    pub type_: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update_time: Option<super::Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<super::Timestamp>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

/// A ReplicaSet.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSet {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: ReplicaSetSpec,
    #[serde(default)]
    pub status: ReplicaSetStatus,
}

/// `apps/v1.ReplicaSetSpec`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSetSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i64>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub min_ready_seconds: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[serde(default)]
    pub template: PodTemplateSpec,
}

/// `apps/v1.ReplicaSetStatus`; `replicas` is always written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSetStatus {
    #[serde(default)]
    pub replicas: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub fully_labeled_replicas: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ready_replicas: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub available_replicas: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub observed_generation: i64,
    /// `ReplicaFailure` while pods cannot be created (no `lastUpdateTime` here).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<WorkloadCondition>,
}

impl Deployment {
    /// `spec.replicas` (defaulted to 1).
    pub fn replicas(&self) -> i64 {
        self.spec.replicas.unwrap_or(1)
    }
}

impl ReplicaSet {
    /// `spec.replicas` (defaulted to 1).
    pub fn replicas(&self) -> i64 {
        self.spec.replicas.unwrap_or(1)
    }
    /// The `deployment.kubernetes.io/revision` annotation as a number (0 when absent).
    pub fn revision(&self) -> i64 {
        self.metadata
            .annotations
            .get(REVISION_ANNOTATION)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }
}
