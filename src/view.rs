//! Snapshots for the page: small, serializable, cheap to build. The page calls
//! [`snapshot`] every frame while a simulation plays, so everything here is one pass
//! over the store with no sorting beyond what the `BTreeMap`s already give.
//!
//! This is the one deliberate UI contract of the engine: the page renders these
//! structs and knows nothing of Kubernetes. Every decision a picture needs (a node's
//! STATUS text, which stage of a rollout a pod is in, how much of the budget is in
//! use, the `rollout status` line) is made here, in the engine's terms.
//!
//! # Shape (JSON, camelCase)
//! ```text
//! { nowMs, clock, timelineLen, rv,
//!   nodes: [{ name, exists, ready, status, cordoned, labels: [[k,v,wellKnown]],
//!             taints: [str], sig, same?, pods: [PodView] }],
//!   unscheduled: [PodView],
//!   daemonsets: [{ name, namespace, desired, current, ready, upToDate, available,
//!                  misscheduled, unavailable, strategy, maxUnavailable, maxSurge,
//!                  maxUnavailableSpec, maxSurgeSpec, unavailableNow, surgeNow,
//!                  minReadySeconds, currentHash, currentRevision, generation,
//!                  observedGeneration, complete, rolloutStatus, nodeSelector,
//!                  revisions: [{ number, hash, image, current }] }],
//!   events: [{ at, type, reason, object, message, count }],
//!   spread: [{ kind, name, namespace, perNode: [n], nodesWithout,
//!              nodesWithMore, unscheduled }] }   // only when a Deployment exists
//! PodView = { name, namespace, owner, node, phase, status, readyText, ready,
//!             available, terminating, updated, hash, revision, image, stage,
//!             availableInMs }
//! ```

use crate::controller::history::{revisions_of, template_hash};
use crate::model::daemonset::REVISION_HASH_LABEL;
use crate::model::{DaemonSet, Node, Pod};
use crate::sim::Simulation;
use serde::Serialize;
use std::collections::BTreeMap;

/// How many of the most recent events a snapshot carries.
pub const RECENT_EVENTS: usize = 60;

/// The whole picture at one instant.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterView {
    /// Simulated milliseconds since the start.
    pub now_ms: u64,
    /// The simulated clock as people read it (`1m30s`).
    pub clock: String,
    /// How many timeline entries exist (fetch the new ones with `timeline_since`).
    pub timeline_len: u64,
    /// Changes whenever any object changes: the page can skip redrawing when equal.
    pub rv: u32,
    /// Nodes by name, then nodes that are gone but still have pods (awaiting pod GC).
    pub nodes: Vec<NodeView>,
    /// Pods not attributed to any node (bare pods the scheduler has not placed).
    pub unscheduled: Vec<PodView>,
    /// DaemonSets by namespace and name.
    pub daemonsets: Vec<DaemonSetView>,
    /// The most recent events, oldest first.
    pub events: Vec<EventView>,
    /// Per DaemonSet and Deployment, how its pods fall on the nodes (the
    /// comparison view): empty when there is no Deployment.
    pub spread: Vec<SpreadView>,
}

/// How one workload's live pods fall on the existing nodes.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpreadView {
    /// `DaemonSet` or `Deployment`.
    pub kind: String,
    /// Its name.
    pub name: String,
    /// Its namespace.
    pub namespace: String,
    /// Live (not terminating) pods per node, in the order of `ClusterView::nodes`
    /// that exist.
    pub per_node: Vec<u32>,
    /// Existing nodes running none of its pods.
    pub nodes_without: u32,
    /// Existing nodes running more than one.
    pub nodes_with_more: u32,
    /// Its live pods not on any node yet (Pending, unscheduled).
    pub unscheduled: u32,
}

/// One node card.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeView {
    /// Node name.
    pub name: String,
    /// False for a node that was deleted while pods still point at it.
    pub exists: bool,
    /// The Ready condition: `True`, `False` or `Unknown`.
    pub ready: String,
    /// The STATUS column of `kubectl get nodes` (`Ready`, `NotReady,SchedulingDisabled`).
    pub status: String,
    /// `spec.unschedulable`.
    pub cordoned: bool,
    /// Labels, sorted by key: `[key, value, wellKnown]` (wellKnown: one of the
    /// labels every node carries, such as `kubernetes.io/hostname`).
    pub labels: Vec<(String, String, bool)>,
    /// Taints as `kubectl describe node` prints them (`key=value:Effect`).
    pub taints: Vec<String>,
    /// A fingerprint of the node and its pods: equal fingerprints draw the same card.
    pub sig: u32,
    /// A stub: the card is unchanged since the last snapshot (only `name` and `sig`
    /// are meaningful). See [`snapshot_with`].
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub same: bool,
    /// Pods attributed to the node (bound there or aimed at it), by name.
    pub pods: Vec<PodView>,
}

/// One pod chip.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodView {
    /// Pod name.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// The DaemonSet that controls it, if any.
    pub owner: Option<String>,
    /// The node it is bound to or aimed at (empty if none).
    pub node: String,
    /// `status.phase`.
    pub phase: String,
    /// The STATUS column of `kubectl get pods` (`Running`, `ContainerCreating`,
    /// `Terminating`, `ImagePullBackOff`…).
    pub status: String,
    /// The READY column (`1/1`).
    pub ready_text: String,
    /// The Ready condition is True.
    pub ready: bool,
    /// Ready for at least the DaemonSet's `minReadySeconds`.
    pub available: bool,
    /// Has a deletion timestamp.
    pub terminating: bool,
    /// Runs the DaemonSet's current template.
    pub updated: bool,
    /// Its `controller-revision-hash` label.
    pub hash: String,
    /// The revision number that hash belongs to (0 when unknown).
    pub revision: i64,
    /// Image of the first container.
    pub image: String,
    /// Rollout lane stage: `old`, `terminating`, `new`, `ready`, `available`
    /// (`bare` for pods no DaemonSet controls).
    pub stage: &'static str,
    /// For a ready pod not yet available: milliseconds until it is (minReadySeconds).
    pub available_in_ms: Option<u64>,
}

/// One DaemonSet: the `kubectl get ds` counters and the rollout's state.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DaemonSetView {
    /// Name.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// DESIRED (`status.desiredNumberScheduled`).
    pub desired: i64,
    /// CURRENT (`status.currentNumberScheduled`).
    pub current: i64,
    /// READY (`status.numberReady`).
    pub ready: i64,
    /// UP-TO-DATE (`status.updatedNumberScheduled`).
    pub up_to_date: i64,
    /// AVAILABLE (`status.numberAvailable`).
    pub available: i64,
    /// MISSCHEDULED (`status.numberMisscheduled`).
    pub misscheduled: i64,
    /// `status.numberUnavailable`.
    pub unavailable: i64,
    /// `RollingUpdate` or `OnDelete`.
    pub strategy: String,
    /// maxUnavailable scaled against DESIRED (what the controller allows).
    pub max_unavailable: i64,
    /// maxSurge scaled against DESIRED.
    pub max_surge: i64,
    /// maxUnavailable as written (`1`, `25%`).
    pub max_unavailable_spec: String,
    /// maxSurge as written (`0`, `10%`).
    pub max_surge_spec: String,
    /// Desired nodes with no available, non-terminating pod of this DaemonSet now.
    pub unavailable_now: i64,
    /// Nodes running more than one non-terminating pod of it now (surge in use).
    pub surge_now: i64,
    /// `spec.minReadySeconds`.
    pub min_ready_seconds: i64,
    /// Hash of the current template.
    pub current_hash: String,
    /// Revision number of the current template (0 before the controller made it).
    pub current_revision: i64,
    /// `metadata.generation`.
    pub generation: i64,
    /// `status.observedGeneration`.
    pub observed_generation: i64,
    /// The rollout is finished (what `rollout status` waits for).
    pub complete: bool,
    /// The line `kubectl rollout status --watch=false` would print.
    pub rollout_status: String,
    /// Container names of the template (for `kubectl set image ds/NAME C=IMAGE`).
    pub containers: Vec<String>,
    /// Image of the first container of the template.
    pub image: String,
    /// `nodeSelector` of the template, `k=v` each.
    pub node_selector: Vec<String>,
    /// Revisions, oldest first.
    pub revisions: Vec<RevisionView>,
}

/// One ControllerRevision in the history list.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RevisionView {
    /// REVISION.
    pub number: i64,
    /// The hash in its name.
    pub hash: String,
    /// Image of the first container of the template it stores.
    pub image: String,
    /// The DaemonSet's current template.
    pub current: bool,
}

/// One event, as the Events table of `kubectl describe` shows it.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventView {
    /// Last seen, simulated ms.
    pub at_ms: u64,
    /// `Normal` or `Warning`.
    #[serde(rename = "type")]
    pub type_: String,
    /// Reason (`SuccessfulCreate`).
    pub reason: String,
    /// `kind/name` of the object it is about.
    pub object: String,
    /// From (component).
    pub from: String,
    /// The message.
    pub message: String,
    /// How many times it was seen.
    pub count: i64,
}

/// The STATUS column of `kubectl get nodes`.
pub fn node_status_text(node: &Node) -> String {
    let mut s = match node.ready_status() {
        "True" => "Ready".to_string(),
        _ => "NotReady".to_string(),
    };
    if node.spec.unschedulable {
        s.push_str(",SchedulingDisabled");
    }
    s
}

fn fnv(h: &mut u32, bytes: &[u8]) {
    for b in bytes {
        *h ^= *b as u32;
        *h = h.wrapping_mul(0x0100_0193);
    }
}

/// Per-DaemonSet facts the pod views need.
struct DsInfo<'a> {
    ds: &'a DaemonSet,
    hash: String,
    template_generation: Option<i64>,
    hash_to_rev: BTreeMap<String, i64>,
}

fn pod_view(pod: &Pod, ds: Option<&DsInfo<'_>>, now: crate::clock::SimTime) -> PodView {
    let hash = pod
        .metadata
        .labels
        .get(REVISION_HASH_LABEL)
        .cloned()
        .unwrap_or_default();
    let terminating = pod.metadata.is_deleting();
    let ready = pod.is_ready();
    let min_ready = ds.map(|d| d.ds.spec.min_ready_seconds).unwrap_or(0);
    let available = pod.is_available(min_ready, now);
    let updated = ds
        .is_some_and(|d| crate::controller::pods::is_updated(pod, &d.hash, d.template_generation));
    let available_in_ms = countdown(pod, min_ready, available, now);
    let stage = match ds {
        None => "bare",
        Some(_) if terminating => "terminating",
        Some(_) if !updated => "old",
        Some(_) if available => "available",
        Some(_) if ready => "ready",
        Some(_) => "new",
    };
    PodView {
        name: pod.metadata.name.clone(),
        namespace: pod.metadata.namespace.clone(),
        owner: ds.map(|d| d.ds.metadata.name.clone()),
        node: pod.target_node().unwrap_or_default().to_string(),
        phase: pod.status.phase.clone(),
        status: crate::kubectl::print::pod_status_reason(pod),
        ready_text: crate::kubectl::print::pod_ready_column(pod),
        ready,
        available,
        terminating,
        updated,
        revision: ds
            .and_then(|d| d.hash_to_rev.get(&hash).copied())
            .unwrap_or(0),
        hash,
        image: pod
            .spec
            .containers
            .first()
            .map(|c| c.image.clone())
            .unwrap_or_default(),
        stage,
        available_in_ms,
    }
}

fn intstr_text(v: Option<&crate::model::IntOrString>, default: &str) -> String {
    match v {
        None => default.to_string(),
        Some(v) => match serde_json::to_value(v) {
            Ok(serde_json::Value::String(s)) => s,
            Ok(other) => other.to_string(),
            Err(_) => default.to_string(),
        },
    }
}

/// The line `kubectl rollout status ds/NAME --watch=false` prints for a DaemonSet
/// (kubectl's `DaemonSetStatusViewer`).
pub fn rollout_status_line(ds: &DaemonSet) -> String {
    if !ds.is_rolling_update() {
        return "rollout status is only available for RollingUpdate strategy type".into();
    }
    let s = &ds.status;
    if ds.metadata.generation > s.observed_generation {
        return "Waiting for daemon set spec update to be observed...".into();
    }
    let name = &ds.metadata.name;
    if s.updated_number_scheduled < s.desired_number_scheduled {
        return format!(
            "Waiting for daemon set \"{name}\" rollout to finish: {} out of {} new pods have been updated...",
            s.updated_number_scheduled, s.desired_number_scheduled
        );
    }
    if s.number_available < s.desired_number_scheduled {
        return format!(
            "Waiting for daemon set \"{name}\" rollout to finish: {} of {} updated pods are available...",
            s.number_available, s.desired_number_scheduled
        );
    }
    format!("daemon set \"{name}\" successfully rolled out")
}

/// Builds the snapshot the page draws.
pub fn snapshot(sim: &Simulation) -> ClusterView {
    snapshot_with(sim, &mut |_, _| false)
}

/// Labels every node carries (`kubernetes.io/hostname`, `kubernetes.io/os`,
/// `beta.kubernetes.io/arch`…), which a card can fold away.
pub fn is_well_known_label(key: &str) -> bool {
    key.starts_with("kubernetes.io/") || key.starts_with("beta.kubernetes.io/")
}

fn countdown(
    pod: &Pod,
    min_ready: i64,
    available: bool,
    now: crate::clock::SimTime,
) -> Option<u64> {
    if !pod.is_ready() || available || min_ready <= 0 {
        return None;
    }
    let since = pod
        .condition("Ready")
        .and_then(|c| c.last_transition_time)
        .map(|t| t.0)
        .unwrap_or_default();
    // Available once strictly more than minReadySeconds have passed.
    Some(since.plus(min_ready as u64 * 1000 + 1).since(now))
}

/// Like [`snapshot`], but a node for which `unchanged(name, sig)` is true is sent as
/// a stub (`name`, `sig`, `same: true`): the page keeps drawing what it has. Use it
/// with the fingerprints of the last snapshot sent, to move only what changed.
pub fn snapshot_with(
    sim: &Simulation,
    unchanged: &mut dyn FnMut(&str, u32) -> bool,
) -> ClusterView {
    let store = &sim.store;
    let now = sim.now();

    // Per-DaemonSet facts, keyed by uid (pods name their controller by uid).
    let mut infos: BTreeMap<&str, DsInfo<'_>> = BTreeMap::new();
    for ds in store.daemonsets().values() {
        let revs = revisions_of(store, ds);
        let hash = template_hash(&ds.spec.template, ds.status.collision_count);
        let hash_to_rev = crate::sort::map_of(revs.iter().map(|r| {
            let h = r
                .metadata
                .labels
                .get(REVISION_HASH_LABEL)
                .cloned()
                .unwrap_or_else(|| {
                    r.metadata
                        .name
                        .rsplit('-')
                        .next()
                        .unwrap_or_default()
                        .to_string()
                });
            (h, r.revision)
        }));
        infos.insert(
            ds.metadata.uid.as_str(),
            DsInfo {
                ds,
                hash,
                template_generation: ds.template_generation(),
                hash_to_rev,
            },
        );
    }
    let info_of = |pod: &Pod| -> Option<&DsInfo<'_>> {
        let r = pod.metadata.controller_ref()?;
        if r.kind != "DaemonSet" {
            return None;
        }
        infos.get(r.uid.as_str())
    };

    // Per DaemonSet: (nodes with an available pod, nodes with >1 live pods).
    let mut budget_use: BTreeMap<&str, (i64, i64)> = BTreeMap::new();

    let mut nodes = Vec::with_capacity(store.nodes().len());
    let mut node_names: Vec<(&str, Option<&Node>)> = store
        .nodes()
        .iter()
        .map(|(n, node)| (n.as_str(), Some(node)))
        .collect();
    for n in store.nodes_with_pods() {
        if store.node(n).is_none() {
            node_names.push((n.as_str(), None));
        }
    }
    for (name, node) in node_names {
        // First pass, no allocation: the card's fingerprint and the budget in use.
        let mut sig: u32 = 0x811c_9dc5;
        let mut live_per_ds: BTreeMap<&str, (i64, bool)> = BTreeMap::new();
        for key in store.pods_on_node(name) {
            let Some(pod) = store.pod(key) else { continue };
            fnv(&mut sig, pod.metadata.resource_version.as_bytes());
            fnv(&mut sig, pod.metadata.name.as_bytes());
            let info = info_of(pod);
            let min_ready = info.map(|i| i.ds.spec.min_ready_seconds).unwrap_or(0);
            let available = pod.is_available(min_ready, now);
            if let Some(ms) = countdown(pod, min_ready, available, now) {
                // Countdowns change without a write: make the card redraw.
                fnv(&mut sig, &(ms / 1000).to_le_bytes());
            }
            if let Some(i) = info {
                if !pod.metadata.is_deleting() && !pod.is_terminal() {
                    let e = live_per_ds.entry(i.ds.metadata.uid.as_str()).or_default();
                    e.0 += 1;
                    e.1 |= available;
                }
            }
        }
        for (uid, (live, avail)) in live_per_ds {
            let e = budget_use.entry(uid).or_default();
            if avail {
                e.0 += 1;
            }
            if live > 1 {
                e.1 += 1;
            }
        }
        match node {
            Some(node) => fnv(&mut sig, node.metadata.resource_version.as_bytes()),
            None => fnv(&mut sig, b"gone"),
        }
        if unchanged(name, sig) {
            nodes.push(NodeView {
                name: name.to_string(),
                sig,
                same: true,
                ..Default::default()
            });
            continue;
        }
        // Second pass: the card's contents.
        let pods = store
            .pods_on_node(name)
            .filter_map(|key| store.pod(key))
            .map(|pod| pod_view(pod, info_of(pod), now))
            .collect();
        let view = match node {
            Some(node) => NodeView {
                name: name.to_string(),
                exists: true,
                ready: node.ready_status().to_string(),
                status: node_status_text(node),
                cordoned: node.spec.unschedulable,
                labels: node
                    .metadata
                    .labels
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone(), is_well_known_label(k)))
                    .collect(),
                taints: node.spec.taints.iter().map(|t| t.to_string()).collect(),
                sig,
                same: false,
                pods,
            },
            None => NodeView {
                name: name.to_string(),
                exists: false,
                ready: "Unknown".into(),
                status: "Deleted".into(),
                sig,
                pods,
                ..Default::default()
            },
        };
        nodes.push(view);
    }

    let unscheduled = store
        .pods()
        .values()
        .filter(|p| p.target_node().is_none())
        .map(|p| pod_view(p, info_of(p), now))
        .collect();

    let daemonsets = store
        .daemonsets()
        .values()
        .map(|ds| {
            let s = &ds.status;
            let info = infos.get(ds.metadata.uid.as_str());
            let (max_surge, max_unavailable) = ds.budgets(s.desired_number_scheduled);
            let ru = ds.spec.update_strategy.rolling_update.as_ref();
            let (avail_nodes, surge_now) = budget_use
                .get(ds.metadata.uid.as_str())
                .copied()
                .unwrap_or_default();
            let current_hash = info.map(|i| i.hash.clone()).unwrap_or_default();
            let revisions: Vec<RevisionView> = revisions_of(store, ds)
                .iter()
                .map(|r| {
                    let hash = r
                        .metadata
                        .labels
                        .get(REVISION_HASH_LABEL)
                        .cloned()
                        .unwrap_or_default();
                    let image = crate::controller::history::template_of(r)
                        .and_then(|t| t.spec.containers.first().map(|c| c.image.clone()))
                        .unwrap_or_default();
                    RevisionView {
                        number: r.revision,
                        current: hash == current_hash,
                        hash,
                        image,
                    }
                })
                .collect();
            let current_revision = revisions
                .iter()
                .find(|r| r.current)
                .map(|r| r.number)
                .unwrap_or(0);
            let complete = ds.is_rolling_update()
                && ds.metadata.generation <= s.observed_generation
                && s.updated_number_scheduled >= s.desired_number_scheduled
                && s.number_available >= s.desired_number_scheduled;
            DaemonSetView {
                name: ds.metadata.name.clone(),
                namespace: ds.metadata.namespace.clone(),
                desired: s.desired_number_scheduled,
                current: s.current_number_scheduled,
                ready: s.number_ready,
                up_to_date: s.updated_number_scheduled,
                available: s.number_available,
                misscheduled: s.number_misscheduled,
                unavailable: s.number_unavailable,
                strategy: if ds.is_rolling_update() {
                    "RollingUpdate"
                } else {
                    "OnDelete"
                }
                .into(),
                max_unavailable,
                max_surge,
                max_unavailable_spec: intstr_text(ru.and_then(|r| r.max_unavailable.as_ref()), "1"),
                max_surge_spec: intstr_text(ru.and_then(|r| r.max_surge.as_ref()), "0"),
                unavailable_now: (s.desired_number_scheduled - avail_nodes).max(0),
                surge_now,
                min_ready_seconds: ds.spec.min_ready_seconds,
                current_hash,
                current_revision,
                generation: ds.metadata.generation,
                observed_generation: s.observed_generation,
                complete,
                rollout_status: rollout_status_line(ds),
                containers: ds
                    .spec
                    .template
                    .spec
                    .containers
                    .iter()
                    .map(|c| c.name.clone())
                    .collect(),
                image: ds
                    .spec
                    .template
                    .spec
                    .containers
                    .first()
                    .map(|c| c.image.clone())
                    .unwrap_or_default(),
                node_selector: ds
                    .spec
                    .template
                    .spec
                    .node_selector
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect(),
                revisions,
            }
        })
        .collect();

    let events = store
        .recent_events(RECENT_EVENTS)
        .iter()
        .map(|e| EventView {
            at_ms: e.last_timestamp.0.ms(),
            type_: e.type_.clone(),
            reason: e.reason.clone(),
            object: format!(
                "{}/{}",
                e.involved_object.kind.to_ascii_lowercase(),
                e.involved_object.name
            ),
            from: e.source.component.clone(),
            message: e.message.clone(),
            count: e.count,
        })
        .collect();

    ClusterView {
        now_ms: now.ms(),
        clock: now.to_string(),
        timeline_len: sim.timeline.len() as u64,
        rv: store_version(sim),
        nodes,
        unscheduled,
        daemonsets,
        events,
        spread: spread(sim),
    }
}

/// The comparison view's data: every DaemonSet and Deployment with its live pods
/// per existing node. Empty unless a Deployment exists (the view shows only then).
pub fn spread(sim: &Simulation) -> Vec<SpreadView> {
    let store = &sim.store;
    if store.deployments().is_empty() {
        return Vec::new();
    }
    let index: BTreeMap<&str, usize> = crate::sort::map_of(
        store
            .nodes()
            .keys()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i)),
    );
    let count = |uids: &[&str]| -> (Vec<u32>, u32) {
        let mut per = vec![0u32; index.len()];
        let mut unscheduled = 0;
        for uid in uids {
            for (_, p) in store.owned_pods(uid) {
                if p.metadata.is_deleting() || p.is_terminal() {
                    continue;
                }
                match index.get(p.spec.node_name.as_str()) {
                    Some(&i) => per[i] += 1,
                    None if p.spec.node_name.is_empty() => unscheduled += 1,
                    None => {}
                }
            }
        }
        (per, unscheduled)
    };
    let view =
        |kind: &str, meta: &crate::model::ObjectMeta, (per, unscheduled): (Vec<u32>, u32)| {
            SpreadView {
                kind: kind.into(),
                name: meta.name.clone(),
                namespace: meta.namespace.clone(),
                nodes_without: per.iter().filter(|c| **c == 0).count() as u32,
                nodes_with_more: per.iter().filter(|c| **c > 1).count() as u32,
                per_node: per,
                unscheduled,
            }
        };
    let mut out: Vec<SpreadView> = store
        .daemonsets()
        .values()
        .map(|d| view("DaemonSet", &d.metadata, count(&[d.metadata.uid.as_str()])))
        .collect();
    for d in store.deployments().values() {
        let rss = crate::workload::deployment::replicasets_in_store(store, d);
        let uids: Vec<&str> = rss.iter().map(|r| r.metadata.uid.as_str()).collect();
        out.push(view("Deployment", &d.metadata, count(&uids)));
    }
    out
}

/// A number that changes whenever the store or the clock changes: equal numbers mean
/// an identical snapshot, so the page can skip building one.
pub fn store_version(sim: &Simulation) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    fnv(&mut h, &sim.now().ms().to_le_bytes());
    fnv(&mut h, &(sim.timeline.len() as u64).to_le_bytes());
    fnv(&mut h, &(sim.store.event_count() as u64).to_le_bytes());
    if let Some(count) = sim.store.last_event_count() {
        fnv(&mut h, &count.to_le_bytes());
    }
    let mut g: u32 = 0x811c_9dc5;
    for n in sim.store.nodes().values() {
        fnv(&mut g, n.metadata.resource_version.as_bytes());
    }
    for p in sim.store.pods().values() {
        fnv(&mut g, p.metadata.resource_version.as_bytes());
    }
    for d in sim.store.daemonsets().values() {
        fnv(&mut g, d.metadata.resource_version.as_bytes());
    }
    for d in sim.store.deployments().values() {
        fnv(&mut g, d.metadata.resource_version.as_bytes());
    }
    fnv(&mut h, &g.to_le_bytes());
    h
}

/// When the next armed timer fires (simulated ms), if any: what "step" jumps to
/// when nothing is due at the current instant.
pub fn next_timer_ms(sim: &Simulation) -> Option<u64> {
    sim.queue.peek_time().map(|t| t.ms())
}

/// How many controller syncs (DaemonSet, ReplicaSet, Deployment) are due at the
/// current instant.
pub fn pending_syncs(sim: &Simulation) -> usize {
    sim.dirty.len() + sim.dirty_rs.len() + sim.dirty_deploy.len()
}

/// "What the controller creates": the pod for one node, as YAML, with the lines the
/// controller adds to the template marked.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewView {
    /// The node the pod is aimed at.
    pub node: String,
    /// The template hash its `controller-revision-hash` label carries.
    pub hash: String,
    /// The pod as YAML, line by line.
    pub lines: Vec<PreviewLine>,
}

/// One line of the preview.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewLine {
    /// The text.
    pub text: String,
    /// Why the controller added it, when it did.
    pub added: Option<String>,
}

/// The pod the DaemonSet in `text` (the first DaemonSet document) would get on
/// `node`, with the tolerations, node affinity, labels and owner reference the
/// controller adds marked.
///
/// # Errors
/// A sentence saying why there is nothing to preview.
pub fn preview(text: &str, node: &str) -> Result<PreviewView, String> {
    use crate::manifest::{self, FieldValidation, Object, Severity};
    let errors = manifest::check(text)
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        return Err(format!(
            "The manifest has {errors} error{}: the API server would refuse it, so the controller creates nothing. Fix what is listed above to see its pod.",
            if errors == 1 { "" } else { "s" }
        ));
    }
    let loaded = manifest::load(text, "manifest.yaml", FieldValidation::Strict);
    let mut ds = loaded
        .documents
        .into_iter()
        .filter_map(Result::ok)
        .find_map(|l| match l.object {
            Object::DaemonSet(ds) => Some(*ds),
            _ => None,
        })
        .ok_or("No DaemonSet in the manifest: nothing to preview.")?;
    if ds.metadata.namespace.is_empty() {
        ds.metadata.namespace = "default".into();
    }
    crate::manifest::defaults::daemonset(&mut ds);
    if ds.template_generation().is_none() {
        ds.metadata.annotations.insert(
            crate::model::daemonset::TEMPLATE_GENERATION_ANNOTATION.into(),
            "1".into(),
        );
    }
    let hash = template_hash(&ds.spec.template, None);
    let pod = crate::controller::pods::preview_pod(&ds, node, &hash);
    // kubectl's `-o yaml` writer (sorted keys, Go's quoting): the pod reads as
    // `kubectl get pod -o yaml` would print it, and serde_yaml's serializer stays
    // out of the page's wasm.
    let yaml =
        crate::kubectl::print::to_yaml(&serde_json::to_value(&pod).map_err(|e| e.to_string())?);
    let mut lines: Vec<PreviewLine> = yaml
        .lines()
        .map(|l| PreviewLine {
            text: l.to_string(),
            added: None,
        })
        .collect();
    let texts: Vec<&str> = yaml.lines().collect();
    let mark = |lines: &mut Vec<PreviewLine>, r: std::ops::Range<usize>, why: &str| {
        for l in &mut lines[r] {
            l.added.get_or_insert_with(|| why.to_string());
        }
    };
    if let Some(labels) = yaml_block(&texts, &["metadata", "labels"]) {
        for i in labels.clone() {
            let t = texts[i].trim_start();
            if t.starts_with(REVISION_HASH_LABEL)
                || t.starts_with(crate::model::daemonset::TEMPLATE_GENERATION_LABEL)
            {
                mark(
                    &mut lines,
                    i..i + 1,
                    "label added by the controller: which revision made this pod",
                );
            }
        }
    }
    if let Some(r) = yaml_block(&texts, &["metadata", "ownerReferences"]) {
        mark(
            &mut lines,
            (r.start - 1)..r.end,
            "owner reference: the DaemonSet controls this pod",
        );
    }
    if let Some(r) = yaml_block(
        &texts,
        &[
            "spec",
            "affinity",
            "nodeAffinity",
            "requiredDuringSchedulingIgnoredDuringExecution",
        ],
    ) {
        mark(
            &mut lines,
            (r.start - 1)..r.end,
            "node affinity added by the controller: this pod may only run on its node",
        );
    }
    if let Some(r) = yaml_block(&texts, &["spec", "tolerations"]) {
        let original = &ds.spec.template.spec.tolerations;
        let indent = texts[r.start - 1].len() - texts[r.start - 1].trim_start().len();
        let mut item = None::<usize>;
        let mut idx = 0usize;
        for i in r {
            let t = texts[i];
            if t.len() - t.trim_start().len() == indent && t.trim_start().starts_with("- ") {
                item = Some(idx);
                idx += 1;
            }
            if let Some(k) = item {
                if pod
                    .spec
                    .tolerations
                    .get(k)
                    .is_some_and(|tol| !original.contains(tol))
                {
                    mark(
                        &mut lines,
                        i..i + 1,
                        "toleration added by the DaemonSet controller",
                    );
                }
            }
        }
    }
    Ok(PreviewView {
        node: node.to_string(),
        hash,
        lines,
    })
}

/// The lines inside the block of a nested mapping key (serde_yaml's layout: two
/// spaces per level, sequence items at the key's own indentation). The key's own
/// line is `start - 1`.
fn yaml_block(lines: &[&str], path: &[&str]) -> Option<std::ops::Range<usize>> {
    let indent_of = |l: &str| l.len() - l.trim_start().len();
    let (mut from, mut to) = (0usize, lines.len());
    let mut indent = 0usize;
    for key in path {
        let want = format!("{key}:");
        let at = (from..to).find(|&i| {
            indent_of(lines[i]) == indent && {
                let t = lines[i].trim_start();
                t == want || t.starts_with(&format!("{want} "))
            }
        })?;
        let end = (at + 1..to)
            .find(|&i| {
                let l = lines[i];
                let ind = indent_of(l);
                ind < indent || (ind == indent && !l.trim_start().starts_with("- "))
            })
            .unwrap_or(to);
        from = at + 1;
        to = end;
        indent += 2;
    }
    Some(from..to)
}

/// Words of the command language, for the terminal's tab completion.
const KUBECTL_VERBS: &[&str] = &[
    "annotate", "apply", "cordon", "create", "delete", "describe", "drain", "explain", "get",
    "label", "patch", "rollout", "scale", "set", "taint", "uncordon",
];
const SIM_VERBS: &[&str] = &[
    "add-node",
    "advance",
    "fail-node",
    "fail-pod",
    "image-crashes",
    "image-fails",
    "recover-node",
    "remove-node",
    "settle",
    "why",
];
const RESOURCES: &[&str] = &[
    "all",
    "cm",
    "configmaps",
    "controllerrevisions",
    "daemonsets",
    "deploy",
    "deployments",
    "ds",
    "namespaces",
    "nodes",
    "pods",
    "replicasets",
    "rs",
    "services",
    "svc",
];
const ROLLOUT_VERBS: &[&str] = &["history", "pause", "restart", "resume", "status", "undo"];

/// Completions for the last word of `line` (the terminal's Tab): verbs, resources
/// and the names of objects in the store, sorted, only those starting with the word.
pub fn completions(sim: &Simulation, line: &str) -> Vec<String> {
    let ends_with_space = line.ends_with(' ') || line.is_empty();
    let words: Vec<&str> = line.split_whitespace().collect();
    let (done, partial) = if ends_with_space {
        (&words[..], "")
    } else {
        (&words[..words.len() - 1], words[words.len() - 1])
    };
    let nodes = || sim.store.nodes().keys().cloned().collect::<Vec<_>>();
    let dss = || {
        sim.store
            .daemonsets()
            .keys()
            .map(|k| k.1.clone())
            .collect::<Vec<_>>()
    };
    let pods = || {
        sim.store
            .pods()
            .keys()
            .map(|k| k.1.clone())
            .collect::<Vec<_>>()
    };
    let deploys = || {
        sim.store
            .deployments()
            .keys()
            .map(|k| k.1.clone())
            .collect::<Vec<_>>()
    };
    let rss = || {
        sim.store
            .replicasets()
            .keys()
            .map(|k| k.1.clone())
            .collect::<Vec<_>>()
    };
    let stored = |kind: &str| {
        sim.store
            .objects_of_kind(kind)
            .iter()
            .map(|o| o.metadata.name.clone())
            .collect::<Vec<_>>()
    };
    let strs = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut cands: Vec<String> = match done {
        [] => strs(&["kubectl", "sim"]),
        ["kubectl"] => strs(KUBECTL_VERBS),
        ["sim"] => strs(SIM_VERBS),
        ["kubectl", "rollout"] => strs(ROLLOUT_VERBS),
        ["kubectl", "set"] => strs(&["image"]),
        ["sim", "why"] => dss().into_iter().map(|d| format!("ds/{d}")).collect(),
        ["kubectl", "set", "image"] | ["kubectl", "rollout", _] => dss()
            .into_iter()
            .map(|d| format!("ds/{d}"))
            .chain(deploys().into_iter().map(|d| format!("deploy/{d}")))
            .collect(),
        ["kubectl", "scale"] => deploys()
            .into_iter()
            .map(|d| format!("deploy/{d}"))
            .chain(rss().into_iter().map(|r| format!("rs/{r}")))
            .collect(),
        ["kubectl", "delete"] => {
            let mut v = strs(RESOURCES);
            v.push("-f".into());
            v
        }
        ["kubectl", "get" | "describe" | "label" | "annotate"] => strs(RESOURCES),
        ["kubectl", "taint"] => strs(&["nodes"]),
        ["kubectl", "cordon" | "uncordon" | "drain"]
        | ["kubectl", "taint" | "label" | "annotate" | "get" | "describe" | "delete", "node" | "nodes" | "no"]
        | ["sim", "remove-node" | "fail-node" | "recover-node"]
        | ["sim", "why", _] => nodes(),
        ["kubectl", _, "ds" | "daemonset" | "daemonsets"] => dss(),
        ["kubectl", _, "pod" | "pods" | "po"] | ["sim", "fail-pod"] => pods(),
        ["kubectl", _, "deploy" | "deployment" | "deployments"] => deploys(),
        ["kubectl", _, "rs" | "replicaset" | "replicasets"] => rss(),
        ["kubectl", _, "svc" | "service" | "services"] => stored("Service"),
        ["kubectl", _, "cm" | "configmap" | "configmaps"] => stored("ConfigMap"),
        ["kubectl", "apply"] => strs(&["-f"]),
        ["kubectl", "create"] => strs(&["-f", "namespace", "serviceaccount"]),
        ["kubectl", "apply" | "create" | "delete", "-f"] => sim.files.keys().cloned().collect(),
        _ => vec![],
    };
    cands.retain(|c| c.starts_with(partial));
    crate::sort::sort(&mut cands);
    cands.dedup();
    cands
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_simulation_has_an_empty_view() {
        let sim = Simulation::new(1);
        let v = snapshot(&sim);
        assert_eq!(v.now_ms, 0);
        assert!(v.nodes.is_empty() && v.daemonsets.is_empty() && v.events.is_empty());
        assert_eq!(v.clock, "0s");
    }

    #[test]
    fn completions_offer_verbs_then_names() {
        let sim = Simulation::new(1);
        assert_eq!(completions(&sim, "kub"), vec!["kubectl"]);
        assert!(completions(&sim, "kubectl ro").contains(&"rollout".to_string()));
        assert_eq!(
            completions(&sim, "sim fail-"),
            vec!["fail-node", "fail-pod"]
        );
    }

    #[test]
    fn completions_know_services_and_configmaps() {
        let sim = Simulation::new(1);
        let get = completions(&sim, "kubectl get ");
        for kind in ["cm", "configmaps", "svc", "services"] {
            assert!(get.contains(&kind.to_string()), "{kind} in {get:?}");
        }
        assert_eq!(
            completions(&sim, "kubectl describe svc k"),
            vec!["kubernetes"]
        );
        assert_eq!(
            completions(&sim, "kubectl get cm "),
            vec!["kube-root-ca.crt"]
        );
    }

    #[test]
    fn completions_know_deployments_and_replicasets() {
        let mut sim = Simulation::new(1);
        sim.files.insert(
            "web.yaml".into(),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: a\n        image: web:1\n".into(),
        );
        assert!(crate::kubectl::exec(&mut sim, "kubectl apply -f web.yaml").ok);
        assert_eq!(completions(&sim, "kubectl sc"), vec!["scale"]);
        let scale = completions(&sim, "kubectl scale ");
        assert!(
            scale.len() == 2 && scale[0] == "deploy/web" && scale[1].starts_with("rs/web-"),
            "{scale:?}"
        );
        assert_eq!(completions(&sim, "kubectl get deploy w"), vec!["web"]);
        assert_eq!(
            completions(&sim, "kubectl rollout status de"),
            vec!["deploy/web"]
        );
        assert!(completions(&sim, "kubectl get ").contains(&"all".to_string()));
        let rs = completions(&sim, "kubectl describe rs ");
        assert!(rs.len() == 1 && rs[0].starts_with("web-"), "{rs:?}");
    }

    #[test]
    fn preview_marks_what_the_controller_adds() {
        let text = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      tolerations:\n      - key: dedicated\n        operator: Exists\n      containers:\n      - name: a\n        image: agent:1\n";
        let p = preview(text, "node-7").unwrap();
        let added: Vec<&str> = p
            .lines
            .iter()
            .filter(|l| l.added.is_some())
            .map(|l| l.text.as_str())
            .collect();
        let all = added.join("\n");
        assert!(all.contains("node.kubernetes.io/unreachable"), "{all}");
        assert!(all.contains("node-7"), "{all}");
        assert!(
            !all.contains("dedicated"),
            "the template's own toleration is not marked: {all}"
        );
        assert!(preview("kind: ConfigMap", "n").is_err());
    }

    #[test]
    fn node_status_text_follows_kubectl() {
        let mut n = Node::default();
        assert_eq!(node_status_text(&n), "NotReady");
        n.status.conditions.push(crate::model::pod::Condition {
            type_: "Ready".into(),
            status: "True".into(),
            ..Default::default()
        });
        n.spec.unschedulable = true;
        assert_eq!(node_status_text(&n), "Ready,SchedulingDisabled");
    }
}
