//! (being written)

/// Whether objects of `kind` live outside namespaces.
pub fn is_cluster_scoped(kind: &str) -> bool {
    matches!(
        kind,
        "Namespace" | "Node" | "ClusterRole" | "ClusterRoleBinding" | "PriorityClass"
            | "StorageClass" | "CSIDriver" | "CustomResourceDefinition" | "PersistentVolume"
            | "RuntimeClass" | "ValidatingWebhookConfiguration" | "MutatingWebhookConfiguration"
            | "APIService" | "PodSecurityPolicy" | "IngressClass"
    )
}

/// The resource name kubectl prints for a kind in messages (`configmaps`,
/// `serviceaccounts`, `clusterroles.rbac.authorization.k8s.io`).
pub fn resource_plural(kind: &str) -> String {
    let lower = kind.to_ascii_lowercase();
    let plural = if lower.ends_with('s') { format!("{lower}es") } else if lower.ends_with('y') { format!("{}ies", &lower[..lower.len() - 1]) } else { format!("{lower}s") };
    match kind {
        "DaemonSet" | "Deployment" | "ReplicaSet" | "StatefulSet" | "ControllerRevision" => format!("{plural}.apps"),
        "ClusterRole" | "ClusterRoleBinding" | "Role" | "RoleBinding" => format!("{plural}.rbac.authorization.k8s.io"),
        "PriorityClass" => format!("{plural}.scheduling.k8s.io"),
        "StorageClass" | "CSIDriver" => format!("{plural}.storage.k8s.io"),
        "PodDisruptionBudget" => format!("{plural}.policy"),
        _ => plural,
    }
}
