//! DaemonSets (apps/v1): spec, update strategy and status.

use super::intstr::IntOrString;
use super::meta::{is_zero, ObjectMeta};
use super::pod::PodTemplateSpec;
use super::selector::LabelSelector;
use serde::{Deserialize, Serialize};

/// A DaemonSet.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DaemonSet {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: DaemonSetSpec,
    #[serde(default)]
    pub status: DaemonSetStatus,
}

/// `apps/v1.DaemonSetSpec`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DaemonSetSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[serde(default)]
    pub template: PodTemplateSpec,
    #[serde(default)]
    pub update_strategy: UpdateStrategy,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub min_ready_seconds: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i64>,
}

/// `apps/v1.DaemonSetUpdateStrategy`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateStrategy {
    #[serde(default, rename = "type", skip_serializing_if = "String::is_empty")]
    pub type_: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdate>,
}

/// `apps/v1.RollingUpdateDaemonSet`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RollingUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_surge: Option<IntOrString>,
}

/// `apps/v1.DaemonSetStatus`. The first four are always written (no omitempty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DaemonSetStatus {
    #[serde(default)]
    pub current_number_scheduled: i64,
    #[serde(default)]
    pub number_misscheduled: i64,
    #[serde(default)]
    pub desired_number_scheduled: i64,
    #[serde(default)]
    pub number_ready: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub observed_generation: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub updated_number_scheduled: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub number_available: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub number_unavailable: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collision_count: Option<i64>,
}

/// The annotation through which apps/v1 exposes the internal template generation.
pub const TEMPLATE_GENERATION_ANNOTATION: &str = "deprecated.daemonset.template.generation";
/// Pod label carrying the revision hash.
pub const REVISION_HASH_LABEL: &str = "controller-revision-hash";
/// Pod label carrying the template generation.
pub const TEMPLATE_GENERATION_LABEL: &str = "pod-template-generation";

impl DaemonSet {
    /// Whether the strategy is RollingUpdate (the default).
    pub fn is_rolling_update(&self) -> bool {
        self.spec.update_strategy.type_ != "OnDelete"
    }
    /// The internal template generation, read back from its annotation.
    pub fn template_generation(&self) -> Option<i64> {
        self.metadata
            .annotations
            .get(TEMPLATE_GENERATION_ANNOTATION)
            .and_then(|v| v.parse().ok())
    }
    /// `(maxSurge, maxUnavailable)` scaled against `desired` nodes, as
    /// `updatedDesiredNodeCounts` does: percentages round up; when both are zero with
    /// desired nodes present, maxUnavailable falls back to 1.
    pub fn budgets(&self, desired: i64) -> (i64, i64) {
        let ru = self.spec.update_strategy.rolling_update.as_ref();
        let scaled = |v: Option<&IntOrString>, default: i64| {
            v.map(|v| v.scaled(desired, true).unwrap_or(default))
                .unwrap_or(default)
        };
        if !self.is_rolling_update() {
            return (0, 0);
        }
        let surge = scaled(ru.and_then(|r| r.max_surge.as_ref()), 0);
        let mut unavailable = scaled(ru.and_then(|r| r.max_unavailable.as_ref()), 1);
        if desired > 0 && surge == 0 && unavailable == 0 {
            unavailable = 1;
        }
        (surge, unavailable)
    }
    /// Whether surge mode is on: maxSurge evaluated against one node is non-zero.
    pub fn allows_surge(&self) -> bool {
        self.is_rolling_update()
            && self
                .spec
                .update_strategy
                .rolling_update
                .as_ref()
                .and_then(|r| r.max_surge.as_ref())
                .is_some_and(|s| s.scaled(1, true).unwrap_or(0) > 0)
    }
}
