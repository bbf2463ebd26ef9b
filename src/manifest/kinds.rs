//! Which `apiVersion`/`kind` pairs the simulated API server serves.
//!
//! DaemonSet, Deployment, ReplicaSet, Pod and Node are simulated. The other kinds a DaemonSet file usually
//! carries (RBAC, ConfigMaps, ServiceAccounts…) are stored as generic objects. Anything
//! else fails the way kubectl fails when discovery has no mapping for it. The API
//! versions removed in Kubernetes 1.16 and later fail the same way, with a hint that
//! says what to change.

/// How a kind is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `apps/v1` DaemonSet.
    DaemonSet,
    /// `apps/v1` Deployment.
    Deployment,
    /// `apps/v1` ReplicaSet.
    ReplicaSet,
    /// `v1` Pod.
    Pod,
    /// `v1` Node.
    Node,
    /// Stored and listed, not simulated.
    Generic,
    /// Not served (unknown, or a removed version).
    Unmapped,
}

/// Kinds served as generic objects, by API version.
const GENERIC: &[(&str, &[&str])] = &[
    (
        "v1",
        &[
            "Namespace",
            "ServiceAccount",
            "ConfigMap",
            "Secret",
            "Service",
            "Endpoints",
            "PersistentVolume",
            "PersistentVolumeClaim",
            "LimitRange",
            "ResourceQuota",
            "PodTemplate",
            "ReplicationController",
            "Event",
        ],
    ),
    (
        "rbac.authorization.k8s.io/v1",
        &["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
    ),
    ("scheduling.k8s.io/v1", &["PriorityClass"]),
    ("policy/v1", &["PodDisruptionBudget"]),
    ("apiextensions.k8s.io/v1", &["CustomResourceDefinition"]),
    (
        "storage.k8s.io/v1",
        &["StorageClass", "CSIDriver", "CSINode", "VolumeAttachment"],
    ),
    ("apps/v1", &["StatefulSet", "ControllerRevision"]),
    ("batch/v1", &["Job", "CronJob"]),
    (
        "networking.k8s.io/v1",
        &["NetworkPolicy", "Ingress", "IngressClass"],
    ),
    (
        "admissionregistration.k8s.io/v1",
        &[
            "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration",
        ],
    ),
    ("node.k8s.io/v1", &["RuntimeClass"]),
    ("apiregistration.k8s.io/v1", &["APIService"]),
    ("coordination.k8s.io/v1", &["Lease"]),
    ("autoscaling/v1", &["HorizontalPodAutoscaler"]),
    ("autoscaling/v2", &["HorizontalPodAutoscaler"]),
    ("discovery.k8s.io/v1", &["EndpointSlice"]),
    ("events.k8s.io/v1", &["Event"]),
];

/// Classifies an `apiVersion`/`kind` pair.
pub fn classify(api_version: &str, kind: &str) -> Kind {
    match (api_version, kind) {
        ("apps/v1", "DaemonSet") => Kind::DaemonSet,
        ("apps/v1", "Deployment") => Kind::Deployment,
        ("apps/v1", "ReplicaSet") => Kind::ReplicaSet,
        ("v1", "Pod") => Kind::Pod,
        ("v1", "Node") => Kind::Node,
        _ if GENERIC
            .iter()
            .any(|(v, kinds)| *v == api_version && kinds.contains(&kind)) =>
        {
            Kind::Generic
        }
        _ => Kind::Unmapped,
    }
}

/// Where a removed API version went, for the hint: (removed in, replacement).
pub fn removed(api_version: &str, kind: &str) -> Option<(&'static str, &'static str)> {
    Some(match (api_version, kind) {
        (
            "extensions/v1beta1" | "apps/v1beta1" | "apps/v1beta2",
            "DaemonSet" | "Deployment" | "ReplicaSet" | "StatefulSet",
        ) => ("1.16", "apps/v1"),
        ("extensions/v1beta1" | "networking.k8s.io/v1beta1", "Ingress") => {
            ("1.22", "networking.k8s.io/v1")
        }
        ("extensions/v1beta1", "NetworkPolicy") => ("1.16", "networking.k8s.io/v1"),
        ("extensions/v1beta1" | "policy/v1beta1", "PodSecurityPolicy") => (
            "1.25",
            "Pod Security Admission (PodSecurityPolicy has no replacement object)",
        ),
        ("rbac.authorization.k8s.io/v1beta1" | "rbac.authorization.k8s.io/v1alpha1", _) => {
            ("1.22", "rbac.authorization.k8s.io/v1")
        }
        ("scheduling.k8s.io/v1beta1" | "scheduling.k8s.io/v1alpha1", "PriorityClass") => {
            ("1.22", "scheduling.k8s.io/v1")
        }
        ("policy/v1beta1", "PodDisruptionBudget") => ("1.25", "policy/v1"),
        ("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition") => {
            ("1.22", "apiextensions.k8s.io/v1")
        }
        (
            "storage.k8s.io/v1beta1",
            "CSIDriver" | "CSINode" | "StorageClass" | "VolumeAttachment",
        ) => ("1.22", "storage.k8s.io/v1"),
        ("batch/v1beta1", "CronJob") => ("1.25", "batch/v1"),
        ("admissionregistration.k8s.io/v1beta1", _) => ("1.22", "admissionregistration.k8s.io/v1"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simulated_generic_and_unknown_kinds_are_told_apart() {
        assert_eq!(classify("apps/v1", "DaemonSet"), Kind::DaemonSet);
        assert_eq!(classify("v1", "ConfigMap"), Kind::Generic);
        assert_eq!(
            classify("rbac.authorization.k8s.io/v1", "ClusterRole"),
            Kind::Generic
        );
        assert_eq!(classify("extensions/v1beta1", "DaemonSet"), Kind::Unmapped);
        assert_eq!(classify("example.com/v1", "Widget"), Kind::Unmapped);
        assert_eq!(classify("v1", "DaemonSet"), Kind::Unmapped);
    }

    #[test]
    fn removed_versions_name_their_replacement() {
        assert_eq!(
            removed("extensions/v1beta1", "DaemonSet"),
            Some(("1.16", "apps/v1"))
        );
        assert_eq!(
            removed("apps/v1beta2", "DaemonSet"),
            Some(("1.16", "apps/v1"))
        );
        assert_eq!(
            removed("rbac.authorization.k8s.io/v1beta1", "ClusterRole")
                .unwrap()
                .1,
            "rbac.authorization.k8s.io/v1"
        );
        assert_eq!(removed("example.com/v1", "Widget"), None);
    }
}
