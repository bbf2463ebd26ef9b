//! The pods a DaemonSet creates (§5): name, labels, owner reference, and the spec
//! with the controller's tolerations and a node affinity aimed at one node.

use super::history::owner_ref;
use super::placement::with_daemon_tolerations;
use crate::model::daemonset::{REVISION_HASH_LABEL, TEMPLATE_GENERATION_LABEL};
use crate::model::pod::{Affinity, NodeAffinity, NodeSelector, NodeSelectorTerm};
use crate::model::selector::LabelSelectorRequirement;
use crate::model::{DaemonSet, Pod};

/// The pod the controller creates for `node`, before the API server names it
/// (`generateName: <ds>-`). This is also what the editor's preview shows.
pub fn preview_pod(ds: &DaemonSet, node_name: &str, hash: &str) -> Pod {
    let mut pod = daemon_pod_for_any_node(ds, hash);
    aim_at_node(&mut pod, node_name);
    pod
}

/// Points a pod from [`daemon_pod_for_any_node`] at `node_name` (its node
/// affinity's `metadata.name In [node]` term).
pub fn aim_at_node(pod: &mut Pod, node_name: &str) {
    if let Some(f) = pod
        .spec
        .affinity
        .as_mut()
        .and_then(|a| a.node_affinity.as_mut())
        .and_then(|n| n.required.as_mut())
        .and_then(|r| r.node_selector_terms.first_mut())
        .and_then(|t| t.match_fields.first_mut())
    {
        f.values = vec![node_name.to_string()];
    }
}

/// [`preview_pod`] with the node left blank: a sync creating hundreds of pods
/// builds it once and aims a copy at each node.
pub fn daemon_pod_for_any_node(ds: &DaemonSet, hash: &str) -> Pod {
    let node_name = "";
    let t = &ds.spec.template;
    let mut pod = Pod::default();
    pod.metadata.generate_name = format!("{}-", ds.metadata.name);
    pod.metadata.namespace = ds.metadata.namespace.clone();
    pod.metadata.labels = t.metadata.labels.clone();
    pod.metadata
        .labels
        .insert(REVISION_HASH_LABEL.into(), hash.into());
    if let Some(g) = ds.template_generation() {
        pod.metadata
            .labels
            .insert(TEMPLATE_GENERATION_LABEL.into(), g.to_string());
    }
    pod.metadata.annotations = t.metadata.annotations.clone();
    pod.metadata.finalizers = t.metadata.finalizers.clone();
    pod.metadata.owner_references = vec![owner_ref(ds)];
    pod.spec = t.spec.clone();
    pod.spec.tolerations = with_daemon_tolerations(&t.spec);
    let mut affinity = pod.spec.affinity.take().unwrap_or_default();
    let mut node_affinity = affinity.node_affinity.take().unwrap_or_default();
    node_affinity.required = Some(NodeSelector {
        node_selector_terms: vec![NodeSelectorTerm {
            match_expressions: vec![],
            match_fields: vec![LabelSelectorRequirement {
                key: "metadata.name".into(),
                operator: "In".into(),
                values: vec![node_name.to_string()],
            }],
        }],
    });
    affinity.node_affinity = Some(NodeAffinity { ..node_affinity });
    pod.spec.affinity = Some(Affinity { ..affinity });
    pod.status.phase = "Pending".into();
    pod
}

/// Orders the pods on one node as the controller does when it must keep one:
/// scheduled before unscheduled, then older first, then by name.
pub fn oldest_first(pods: &mut [&Pod]) {
    pods.sort_by(|a, b| {
        let sa = a.spec.node_name.is_empty();
        let sb = b.spec.node_name.is_empty();
        sa.cmp(&sb)
            .then(a.metadata.created().cmp(&b.metadata.created()))
            .then(a.metadata.name.cmp(&b.metadata.name))
    });
}

/// `IsPodUpdated`: the pod carries the current hash, or the current template
/// generation in its `pod-template-generation` label.
pub fn is_updated(pod: &Pod, hash: &str, template_generation: Option<i64>) -> bool {
    let by_hash = pod
        .metadata
        .labels
        .get(REVISION_HASH_LABEL)
        .map(String::as_str)
        == Some(hash);
    if by_hash {
        return true;
    }
    let by_generation = template_generation.is_some_and(|g| {
        pod.metadata
            .labels
            .get(TEMPLATE_GENERATION_LABEL)
            .is_some_and(|v| v.parse::<i64>().ok() == Some(g))
    });
    by_hash || by_generation
}
