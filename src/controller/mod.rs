//! The DaemonSet controller (k8s `pkg/controller/daemon`). Decisions are pure
//! functions of a [`SyncView`] (a read-only view of the store); the simulation
//! applies the resulting [`Action`]s, records events and the timeline.
//!
//! One sync (`syncDaemonSet`, §6): claim pods (adopt/release), construct history,
//! `manage` placement; only if `manage` changed nothing, advance a RollingUpdate;
//! clean up history; write status.

pub mod history;
pub mod manage;
pub mod placement;
pub mod pods;
pub mod status;
pub mod update;

use crate::clock::SimTime;
use crate::model::revision::InvolvedObject;
use crate::model::{DaemonSet, Node, Pod};
use crate::sim::Simulation;
use crate::store::{Key, Store};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

pub use pods::preview_pod;

/// Failed-pod backoff per (DaemonSet uid, observed generation, node): (delay, last).
pub type FailedPodBackoff = BTreeMap<(String, i64, String), (u64, SimTime)>;

/// At most this many creations (and deletions) per sync (`BurstReplicas`): keeps
/// one DaemonSet from flooding the API server.
pub const BURST_REPLICAS: usize = 250;
/// First slow-start batch size (`SlowStartInitialBatchSize`).
pub const SLOW_START_INITIAL_BATCH: usize = 1;

/// Something the controller wants done.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Create a daemon pod aimed at `node`.
    Create {
        /// Target node.
        node: String,
        /// Why, for the timeline.
        why: Cow<'static, str>,
    },
    /// Delete a pod.
    Delete {
        /// The pod.
        pod: Key,
        /// The node it is attributed to.
        node: String,
        /// Why, for the timeline.
        why: Cow<'static, str>,
    },
}

/// The outcome of applying a sync's actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Applied {
    /// There was nothing to do.
    Nothing,
    /// Everything was issued.
    Done,
    /// A pod creation was refused; the rest of the slow-start batches were skipped.
    CreateFailed,
}

/// What one sync looks at: the DaemonSet, the nodes, and its pods by node. Nodes,
/// placements and pods are parallel vectors in node-name order, so the per-node
/// loops of `manage`, `rolling_update` and `status` never search a map.
pub struct SyncView<'a> {
    /// The DaemonSet.
    pub ds: &'a DaemonSet,
    /// The current revision's hash.
    pub hash: String,
    /// The DaemonSet's template generation.
    pub template_generation: Option<i64>,
    /// Now.
    pub now: SimTime,
    /// Node names, in order.
    pub nodes: Vec<&'a String>,
    /// The controller's verdict for each node (parallel to `nodes`).
    pub placements: &'a [placement::Placement],
    /// Claimed pods on each node (`pods[i]` for `nodes[i]`); terminal pods that
    /// are being deleted are left out.
    pub pods: PodsByNode<'a>,
    /// Claimed pods aimed at nodes that no longer exist, by node name.
    pub elsewhere: BTreeMap<&'a str, Vec<&'a Pod>>,
}

/// Pods grouped by node: one vector in node order and where each node's run
/// starts, so building a view allocates twice rather than once per node.
pub struct PodsByNode<'a> {
    pods: Vec<&'a Pod>,
    /// `starts[i]..starts[i + 1]` are node i's pods.
    starts: Vec<u32>,
}

impl<'a> PodsByNode<'a> {
    /// Each node's pods, in node order.
    pub fn iter(&self) -> impl Iterator<Item = &[&'a Pod]> + '_ {
        self.starts
            .windows(2)
            .map(|w| &self.pods[w[0] as usize..w[1] as usize])
    }
}

impl<'a> std::ops::Index<usize> for PodsByNode<'a> {
    type Output = [&'a Pod];
    fn index(&self, i: usize) -> &[&'a Pod] {
        &self.pods[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

/// `NodeShouldRunDaemonPod` for every node in name order, computed once per sync.
pub fn placements(nodes: &BTreeMap<String, Node>, ds: &DaemonSet) -> Vec<placement::Placement> {
    let tolerations = placement::with_daemon_tolerations(&ds.spec.template.spec);
    nodes
        .values()
        .map(|node| placement::node_should_run_with(ds, &tolerations, node))
        .collect()
}

impl<'a> SyncView<'a> {
    /// Builds the view from the pods the DaemonSet controls.
    pub fn build(
        store: &'a Store,
        ds: &'a DaemonSet,
        hash: String,
        now: SimTime,
        placements: &'a [placement::Placement],
    ) -> SyncView<'a> {
        // The owner index is in (node, key) order: one merge with the node list.
        let nodes: Vec<&String> = store.nodes().keys().collect();
        let mut flat: Vec<&Pod> = Vec::new();
        let mut starts = vec![0u32; nodes.len() + 1];
        let mut elsewhere: BTreeMap<&str, Vec<&Pod>> = BTreeMap::new();
        let mut i = 0;
        for (node, _, pod) in store.owned_pods_by_node(&ds.metadata.uid) {
            if node.is_empty() || (pod.is_terminal() && pod.metadata.is_deleting()) {
                continue;
            }
            while i < nodes.len() && nodes[i].as_str() < node {
                i += 1;
                starts[i] = flat.len() as u32;
            }
            if i < nodes.len() && nodes[i] == node {
                flat.push(pod);
            } else {
                elsewhere.entry(node).or_default().push(pod);
            }
        }
        while i < nodes.len() {
            i += 1;
            starts[i] = flat.len() as u32;
        }
        let pods = PodsByNode { pods: flat, starts };
        SyncView {
            ds,
            hash,
            template_generation: ds.template_generation(),
            now,
            nodes,
            placements,
            pods,
            elsewhere,
        }
    }
}

/// The event reference for a DaemonSet.
pub fn ds_ref(ds: &DaemonSet) -> InvolvedObject {
    InvolvedObject {
        kind: "DaemonSet".into(),
        namespace: ds.metadata.namespace.clone(),
        name: ds.metadata.name.clone(),
        uid: ds.metadata.uid.clone(),
    }
}

/// Which pods a DaemonSet adopts (orphans matching its selector) and releases
/// (its own pods that no longer match), per `ClaimPods`.
fn claim(store: &Store, ds: &DaemonSet) -> (Vec<Key>, Vec<Key>) {
    let selector = ds.spec.selector.clone().unwrap_or_default().compile();
    let mut adopt = Vec::new();
    let mut release = Vec::new();
    for (_, key, p) in store.owned_pods_by_node("") {
        if key.0 != ds.metadata.namespace {
            continue;
        }
        if !p.metadata.is_deleting() && selector.matches(&p.metadata.labels) {
            adopt.push(key.clone());
        }
    }
    for (_, key, p) in store.owned_pods_by_node(&ds.metadata.uid) {
        if !p.metadata.is_deleting() && !selector.matches(&p.metadata.labels) {
            release.push(key.clone());
        }
    }
    // The index walks by node; the claims are made in key order.
    adopt.sort_unstable();
    release.sort_unstable();
    (adopt, release)
}

impl Simulation {
    /// `syncDaemonSet` for one key.
    pub(crate) fn sync_daemonset(&mut self, key: &Key) {
        let Some(ds) = self.store.daemonset(key).cloned() else {
            return;
        };
        let now = self.now();
        let selector_empty = ds.spec.selector.as_ref().is_none_or(|s| s.is_empty());
        if ds.spec.selector.as_ref().is_some_and(|s| s.is_empty()) {
            self.store.record_event(
                now,
                ds_ref(&ds),
                "Warning",
                "SelectingAll",
                "This daemon set is selecting all pods. A non-empty selector is required.".into(),
                "daemonset-controller",
                "",
            );
            return;
        }
        if ds.metadata.is_deleting() || selector_empty {
            return;
        }
        // Adoption and release.
        let (adopt, release) = claim(&self.store, &ds);
        let oref = history::owner_ref(&ds);
        for k in adopt {
            self.store
                .update_pod(&k, |p| p.metadata.owner_references.push(oref.clone()));
            self.timeline.record(
                now,
                "daemonset-controller",
                format!(
                    "{}: adopted orphan pod {} (its labels match the selector)",
                    ds.metadata.name, k.1
                ),
            );
        }
        for k in release {
            let uid = ds.metadata.uid.clone();
            self.store
                .update_pod(&k, |p| p.metadata.owner_references.retain(|o| o.uid != uid));
            self.timeline.record(
                now,
                "daemonset-controller",
                format!(
                    "{}: released pod {} (its labels no longer match the selector)",
                    ds.metadata.name, k.1
                ),
            );
        }
        // History.
        let (rev_actions, hash) = history::construct_history(&self.store, &ds);
        for a in rev_actions {
            match a {
                history::RevisionAction::Create(rev) => {
                    let n = rev.revision;
                    let name = rev.metadata.name.clone();
                    self.store.add_revision(*rev, now);
                    self.timeline.record(
                        now,
                        "daemonset-controller",
                        format!(
                            "{}: new template stored as revision {n} ({name})",
                            ds.metadata.name
                        ),
                    );
                }
                history::RevisionAction::Adopt(k) => {
                    self.store
                        .update_revision(&k, |r| r.metadata.owner_references.push(oref.clone()));
                }
                history::RevisionAction::Release(k) => {
                    let uid = ds.metadata.uid.clone();
                    self.store.update_revision(&k, |r| {
                        r.metadata.owner_references.retain(|o| o.uid != uid)
                    });
                }
                history::RevisionAction::Renumber(k, n) => {
                    self.store.update_revision(&k, |r| r.revision = n);
                    self.timeline.record(
                        now,
                        "daemonset-controller",
                        format!(
                            "{}: template matches {}, renumbered to revision {n}",
                            ds.metadata.name, k.1
                        ),
                    );
                }
                history::RevisionAction::Delete(k) => {
                    self.store.remove_revision(&k);
                }
            }
        }
        // manage, then (only if manage changed nothing) the rolling update. One view
        // serves all three steps unless an action changed the pods.
        let placements = placements(self.store.nodes(), &ds);
        let (m, update_actions, status_before) = {
            let view = SyncView::build(&self.store, &ds, hash.clone(), now, &placements);
            let m = manage::manage(&view, &self.failed_pod_backoff);
            let u = if m.actions.is_empty() && ds.is_rolling_update() {
                update::rolling_update(&view, &mut self.rng)
            } else {
                Vec::new()
            };
            let st = (m.actions.is_empty() && u.is_empty()).then(|| status::compute(&view));
            (m, u, st)
        };
        for (t, reason, msg) in &m.events {
            self.store.record_event(
                now,
                ds_ref(&ds),
                t,
                reason,
                msg.clone(),
                "daemonset-controller",
                "",
            );
        }
        for node in &m.backoff_next {
            let bkey = (
                ds.metadata.uid.clone(),
                ds.status.observed_generation,
                node.clone(),
            );
            let delay = match self.failed_pod_backoff.get(&bkey) {
                Some((d, _)) => (d * 2).min(manage::FAILED_POD_BACKOFF_MAX_MS),
                None => manage::FAILED_POD_BACKOFF_INITIAL_MS,
            };
            self.failed_pod_backoff.insert(bkey, (delay, now));
        }
        if let Some(after) = m.requeue_after {
            self.schedule(after, crate::sim::queue::Timer::SyncDaemonSet(key.clone()));
        }
        let create_failed = self.apply_actions(&ds, &hash, m.actions) == Applied::CreateFailed
            || self.apply_actions(&ds, &hash, update_actions) == Applied::CreateFailed;
        if create_failed {
            // The sync returns an error; the work queue retries it with backoff.
            let delay = Simulation::retry_delay(&mut self.sync_failures, key);
            self.schedule_retry(
                delay,
                crate::sim::queue::Timer::RetryFailedSync(key.clone()),
            );
        } else {
            self.sync_failures.remove(key);
        }
        // Clean up history.
        for k in history::cleanup_history(&self.store, &ds, &hash) {
            self.store.remove_revision(&k);
        }
        // Status.
        let (status, wake) = match status_before {
            Some(st) => st,
            None => {
                let view = SyncView::build(&self.store, &ds, hash, now, &placements);
                status::compute(&view)
            }
        };
        if let Some(after) = wake {
            self.schedule(after, crate::sim::queue::Timer::SyncDaemonSet(key.clone()));
        }
        let cur = self.store.daemonset(key).map(|d| d.status.clone());
        if cur.as_ref() != Some(&status) {
            self.store.update_daemonset(key, |d| d.status = status);
        }
    }

    /// Applies creates (in slow-start batches, at most [`BURST_REPLICAS`]) and
    /// deletes (at most [`BURST_REPLICAS`]).
    fn apply_actions(&mut self, ds: &DaemonSet, hash: &str, actions: Vec<Action>) -> Applied {
        if actions.is_empty() {
            return Applied::Nothing;
        }
        let now = self.now();
        let mut creates = Vec::new();
        let mut deletes = Vec::new();
        for a in actions {
            match a {
                Action::Create { node, why } => creates.push((node, why)),
                Action::Delete { pod, node, why } => deletes.push((pod, node, why)),
            }
        }
        creates.truncate(BURST_REPLICAS);
        deletes.truncate(BURST_REPLICAS);
        let mut seen = BTreeSet::new();
        deletes.retain(|(k, _, _)| seen.insert(k.clone()));
        for (key, node, why) in deletes {
            let Some(name) = self.store.pod(&key).map(|p| p.metadata.name.clone()) else {
                continue;
            };
            self.delete_pod_graceful(&key);
            self.store.record_event(
                now,
                ds_ref(ds),
                "Normal",
                "SuccessfulDelete",
                format!("Deleted pod: {name}"),
                "daemonset-controller",
                "",
            );
            self.timeline.record(
                now,
                "daemonset-controller",
                format!("{node}: deleted pod {name} ({why})"),
            );
        }
        let base = (!creates.is_empty()).then(|| pods::daemon_pod_for_any_node(ds, hash));
        let mut batch = SLOW_START_INITIAL_BATCH;
        let mut i = 0;
        while i < creates.len() {
            let end = (i + batch).min(creates.len());
            let mut failed = false;
            for (node, why) in &creates[i..end] {
                let base = base.as_ref().expect("built when there are creates");
                match self.create_daemon_pod(ds, base, node) {
                    Ok(name) => {
                        self.store.record_event(
                            now,
                            ds_ref(ds),
                            "Normal",
                            "SuccessfulCreate",
                            format!("Created pod: {name}"),
                            "daemonset-controller",
                            "",
                        );
                        self.timeline.record(
                            now,
                            "daemonset-controller",
                            format!("{node}: created pod {name} ({why})"),
                        );
                    }
                    Err(e) => {
                        failed = true;
                        self.store.record_event(
                            now,
                            ds_ref(ds),
                            "Warning",
                            "FailedCreate",
                            format!("Error creating: {e}"),
                            "daemonset-controller",
                            "",
                        );
                        self.timeline.record(
                            now,
                            "daemonset-controller",
                            format!("{node}: could not create a pod: {e}"),
                        );
                    }
                }
            }
            if failed {
                return Applied::CreateFailed;
            }
            i = end;
            batch *= 2;
        }
        Applied::Done
    }

    /// Creates one daemon pod through the API server's admission checks.
    /// `base` is [`pods::daemon_pod_for_any_node`] for `ds`.
    fn create_daemon_pod(
        &mut self,
        ds: &DaemonSet,
        base: &Pod,
        node: &str,
    ) -> Result<String, String> {
        let mut pod = base.clone();
        pods::aim_at_node(&mut pod, node);
        self.admit_controller_pod(&mut pod, &ds.metadata.name)?;
        let name = self.generate_pod_name(&pod.metadata.namespace, &ds.metadata.name);
        pod.metadata.name = name.clone();
        let now = self.now();
        self.store.add_pod(pod, now);
        Ok(name)
    }

    /// One line per DaemonSet whose RollingUpdate cannot finish: new pods that are
    /// not becoming available (image pull failures, crash loops, unschedulable).
    pub(crate) fn stuck_rollouts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for ds in self.store.daemonsets().values() {
            let s = &ds.status;
            let all_available = s.number_available >= s.desired_number_scheduled;
            let all_updated = s.updated_number_scheduled >= s.desired_number_scheduled;
            // Under OnDelete old pods are expected to stay; only missing availability is news.
            if all_available && (all_updated || !ds.is_rolling_update()) {
                continue;
            }
            let mut reasons: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (_, p) in self.store.owned_pods(&ds.metadata.uid) {
                if p.is_ready() || p.metadata.is_deleting() {
                    continue;
                }
                let why = crate::cluster::kubelet::waiting_reason(p);
                reasons
                    .entry(why)
                    .or_default()
                    .push(p.target_node().unwrap_or("?").to_string());
            }
            let detail = reasons
                .iter()
                .map(|(r, nodes)| format!("{r} on {}", nodes.join(", ")))
                .collect::<Vec<_>>()
                .join("; ");
            let what = if ds.is_rolling_update() {
                format!(
                    "daemonset \"{}\" rollout is stuck: {} of {} nodes updated, {} available",
                    ds.metadata.name,
                    s.updated_number_scheduled,
                    s.desired_number_scheduled,
                    s.number_available
                )
            } else {
                format!(
                    "daemonset \"{}\" is not fully available: {} of {} nodes available",
                    ds.metadata.name, s.number_available, s.desired_number_scheduled
                )
            };
            out.push(if detail.is_empty() {
                what
            } else {
                format!("{what} ({detail})")
            });
        }
        out
    }
}
