//! The scheduler, as far as daemon pods need it (§12.1): filters NodeUnschedulable,
//! NodeAffinity, TaintToleration and NodeResourcesFit; binds the pod or leaves it
//! Pending with the real FailedScheduling message, and retries when the cluster
//! changes.

use super::score::{feasible_nodes_to_find, score, Snapshot};
use crate::controller::placement::node_affinity_failure;
use crate::model::meta::Timestamp;
use crate::model::node::taint_keys as tk;
use crate::model::pod::Condition;
use crate::model::taint::{first_untolerated, NO_EXECUTE, NO_SCHEDULE};
use crate::model::{Node, Pod};
use crate::sim::queue::Timer;
use crate::sim::Simulation;
use crate::store::{Key, Store};
use std::collections::BTreeMap;

/// The filters before NodeResourcesFit, in the default profile's order
/// (NodeUnschedulable, TaintToleration, NodeAffinity); the first that fails, as
/// its plugin words it. (NodeName only concerns pods that skip the scheduler.)
fn filter_static(pod: &Pod, node: &Node) -> Option<String> {
    if node.spec.unschedulable
        && !pod.spec.tolerations.iter().any(|t| {
            t.tolerates(&crate::model::Taint {
                key: tk::UNSCHEDULABLE.into(),
                value: String::new(),
                effect: NO_SCHEDULE.into(),
                time_added: None,
            })
        })
    {
        return Some("node(s) were unschedulable".into());
    }
    if let Some(t) = first_untolerated(
        &node.spec.taints,
        &pod.spec.tolerations,
        &[NO_SCHEDULE, NO_EXECUTE],
    ) {
        return Some(format!(
            "node(s) had untolerated taint {{{}: {}}}",
            t.key, t.value
        ));
    }
    if node_affinity_failure(&pod.spec, node).is_some() {
        return Some("node(s) didn't match Pod's node affinity/selector".into());
    }
    None
}

/// NodeResourcesFit: pod count, cpu and memory against what is already requested.
/// `alloc` is the node's allocatable (cpu, memory, pods) in thousandths, `want`
/// the pod's (cpu, memory) requests, `used` (cpu, memory, pods) on the node.
fn filter_fit(
    want: (i128, i128),
    alloc: [Option<i128>; 3],
    used: (i128, i128, i128),
) -> Vec<String> {
    let (used_cpu, used_mem, count) = used;
    let mut reasons = Vec::new();
    if let Some(max) = alloc[2] {
        if (count + 1) * 1000 > max {
            reasons.push("Too many pods".into());
        }
    }
    if want.0 > 0 && alloc[0].is_some_and(|a| used_cpu + want.0 > a) {
        reasons.push("Insufficient cpu".into());
    }
    if want.1 > 0 && alloc[1].is_some_and(|a| used_mem + want.1 > a) {
        reasons.push("Insufficient memory".into());
    }
    reasons
}

/// Why one node does not fit a daemon pod; usage is added up from the store, and
/// only when it could matter (the pod requests resources, or the node is close
/// to its pod limit).
fn filter(store: &Store, pod: &Pod, node: &Node) -> Vec<String> {
    if let Some(r) = filter_static(pod, node) {
        return vec![r];
    }
    let want_cpu = pod.spec.request_milli("cpu");
    let want_mem = pod.spec.request_milli("memory");
    let max_pods = node.allocatable_milli("pods");
    let attributed = store.pods_on_node(&node.metadata.name).count() as i128;
    let near_limit = max_pods.is_some_and(|m| (attributed + 1) * 1000 > m);
    let (mut used_cpu, mut used_mem, mut count) = (0i128, 0i128, 0i128);
    if want_cpu > 0 || want_mem > 0 || near_limit {
        for (_, p) in store.pods_attributed_to(&node.metadata.name) {
            if p.spec.node_name != node.metadata.name || p.is_terminal() {
                continue;
            }
            used_cpu += p.spec.request_milli("cpu");
            used_mem += p.spec.request_milli("memory");
            count += 1;
        }
    }
    let alloc = [
        node.allocatable_milli("cpu"),
        node.allocatable_milli("memory"),
        max_pods,
    ];
    filter_fit((want_cpu, want_mem), alloc, (used_cpu, used_mem, count))
}

/// How `findNodesThatFitPod` words nodes that the NodeAffinity PreFilter removed
/// (a daemon pod's `metadata.name In [node]` term leaves one candidate).
const PREFILTERED: &str = "node(s) didn't satisfy plugin(s) [NodeAffinity]";

/// The FailedScheduling message: `0/3 nodes are available: 1 Insufficient cpu, 2
/// node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: …`.
fn failed_message(
    total: usize,
    per_node: &[Vec<String>],
    extra_affinity_failures: usize,
) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    if extra_affinity_failures > 0 {
        counts.insert(PREFILTERED.into(), extra_affinity_failures);
    }
    let mut resource_only = 0;
    for reasons in per_node {
        for r in reasons {
            *counts.entry(r.clone()).or_default() += 1;
        }
        if reasons
            .iter()
            .all(|r| r.starts_with("Insufficient") || r == "Too many pods")
        {
            resource_only += 1;
        }
    }
    let mut parts: Vec<String> = counts.iter().map(|(r, n)| format!("{n} {r}")).collect();
    parts.sort();
    let mut msg = format!("0/{total} nodes are available: {}.", parts.join(", "));
    let mut pre = Vec::new();
    if resource_only > 0 {
        pre.push(format!(
            "{resource_only} No preemption victims found for incoming pod"
        ));
    }
    if total - resource_only > 0 {
        pre.push(format!(
            "{} Preemption is not helpful for scheduling",
            total - resource_only
        ));
    }
    pre.sort();
    msg.push_str(&format!(
        " preemption: 0/{total} nodes are available: {}.",
        pre.join(", ")
    ));
    msg
}

impl Simulation {
    /// Tries to bind every pod waiting for the scheduler.
    pub(crate) fn schedule_pending(&mut self) {
        let keys: Vec<Key> = std::mem::take(&mut self.unscheduled).into_iter().collect();
        // The scheduler cache of this pass, built when the first pod that is not
        // aimed at one node needs it.
        let mut snap: Option<Snapshot> = None;
        for key in keys {
            self.schedule_one(&key, &mut snap);
        }
    }

    /// Places a pod no node affinity pins to one node: filters nodes from where
    /// the last cycle stopped until `numFeasibleNodesToFind` fit, scores them,
    /// and picks the best (ties by reservoir sampling from the seeded generator).
    fn place(&mut self, pod: &Pod, snap: &mut Snapshot) -> Result<String, String> {
        let all = snap.order.len();
        if all == 0 {
            return Err("no nodes available to schedule pods".into());
        }
        let want = feasible_nodes_to_find(all);
        let start = self.sched_next_start % all;
        let mut feasible: Vec<usize> = Vec::new();
        let mut failed: Vec<Vec<String>> = Vec::new();
        let mut processed = 0;
        let want_res = (
            pod.spec.request_milli("cpu"),
            pod.spec.request_milli("memory"),
        );
        for j in 0..all {
            let i = (start + j) % all;
            processed += 1;
            let reasons = match filter_static(pod, &snap.nodes[i]) {
                Some(r) => vec![r],
                None => {
                    let u = &snap.usage[i];
                    filter_fit(want_res, snap.alloc[i], (u.cpu, u.mem, u.pods))
                }
            };
            if reasons.is_empty() {
                feasible.push(i);
                if feasible.len() >= want {
                    break;
                }
            } else {
                failed.push(reasons);
            }
        }
        self.sched_next_start = (start + processed) % all;
        self.stats.nodes_filtered += processed as u64;
        if feasible.is_empty() {
            return Err(failed_message(all, &failed, 0));
        }
        if feasible.len() == 1 {
            return Ok(snap.order[feasible[0]].clone());
        }
        let scores = score(&self.store, snap, pod, &feasible);
        self.stats.nodes_scored += feasible.len() as u64;
        let mut best = 0;
        let mut best_total = scores[0].total();
        let mut ties = 1u64;
        for (k, s) in scores.iter().enumerate().skip(1) {
            let t = s.total();
            if t > best_total {
                best = k;
                best_total = t;
                ties = 1;
            } else if t == best_total {
                ties += 1;
                if self.rng.below(ties) == 0 {
                    best = k;
                }
            }
        }
        Ok(snap.order[feasible[best]].clone())
    }

    fn schedule_one(&mut self, key: &Key, snap: &mut Option<Snapshot>) {
        let Some(pod) = self.store.pod(key) else {
            return;
        };
        if !pod.spec.node_name.is_empty() || pod.metadata.is_deleting() || pod.is_terminal() {
            return;
        }
        let total = self.store.nodes().len();
        let target = pod.target_node().map(str::to_string);
        if target.is_none() {
            let pod = pod.clone();
            let s = snap.get_or_insert_with(|| Snapshot::build(&self.store));
            let mut s2 = std::mem::take(s);
            let result = self.place(&pod, &mut s2);
            if let Ok(node) = &result {
                s2.bind(&pod, node);
            }
            *snap.as_mut().expect("set above") = s2;
            self.finish_scheduling(key, &pod.metadata.uid, result);
            return;
        }
        let mut per_node: Vec<Vec<String>> = Vec::new();
        let mut chosen = None;
        // A daemon pod's matchFields term names one node (the NodeAffinity
        // PreFilter narrows to it); every other node fails node affinity.
        let candidates: Vec<(&String, &Node)> = match &target {
            Some(t) => self.store.nodes().get_key_value(t).into_iter().collect(),
            None => self.store.nodes().iter().collect(),
        };
        let others = total - candidates.len();
        for _ in 0..others.min(1) {
            per_node.push(vec![PREFILTERED.into()]);
        }
        for (name, node) in candidates {
            let reasons = filter(&self.store, pod, node);
            if reasons.is_empty() && chosen.is_none() {
                chosen = Some(name.clone());
            } else {
                per_node.push(reasons);
            }
        }
        let extra_affinity_failures = others.saturating_sub(1);
        let result = match chosen {
            Some(node) => Ok(node),
            None if total == 0 => Err("no nodes available to schedule pods".to_string()),
            None => Err(failed_message(total, &per_node, extra_affinity_failures)),
        };
        let uid = pod.metadata.uid.clone();
        if let (Ok(node), Some(s)) = (&result, snap.as_mut()) {
            s.bind(pod, node);
        }
        self.finish_scheduling(key, &uid, result);
    }

    /// Binds the pod (PodScheduled True, `Scheduled` event, the kubelet takes
    /// over) or leaves it Pending with the FailedScheduling message.
    fn finish_scheduling(&mut self, key: &Key, uid: &str, result: Result<String, String>) {
        let now = self.now();
        let who = ["Pod", key.0.as_str(), &key.1, uid];
        match result {
            Ok(node) => {
                self.unschedulable.remove(key);
                self.store.update_pod(key, |p| {
                    p.spec.node_name = node.clone();
                    p.status.conditions.retain(|c| c.type_ != "PodScheduled");
                    p.status.conditions.push(Condition {
                        type_: "PodScheduled".into(),
                        status: "True".into(),
                        last_transition_time: Some(Timestamp(now)),
                        ..Default::default()
                    });
                });
                self.store.record_event_about(
                    now,
                    who,
                    "Normal",
                    "Scheduled",
                    &format!("Successfully assigned {}/{} to {node}", key.0, key.1),
                    "default-scheduler",
                    "",
                );
                self.timeline
                    .record(now, "scheduler", format!("{node}: bound pod {}", key.1));
                self.kubelet_pod_bound(key);
            }
            Err(msg) => {
                let first_time = self.unschedulable.insert(key.clone());
                self.store.update_pod(key, |p| {
                    p.status.conditions.retain(|c| c.type_ != "PodScheduled");
                    p.status.conditions.push(Condition {
                        type_: "PodScheduled".into(),
                        status: "False".into(),
                        reason: "Unschedulable".into(),
                        message: msg.clone(),
                        last_transition_time: Some(Timestamp(now)),
                        ..Default::default()
                    });
                });
                self.store.record_event_about(
                    now,
                    who,
                    "Warning",
                    "FailedScheduling",
                    &msg,
                    "default-scheduler",
                    "",
                );
                if first_time {
                    self.timeline.record(
                        now,
                        "scheduler",
                        format!("pod {} stays Pending: {msg}", key.1),
                    );
                }
            }
        }
    }

    /// Something changed that may let unschedulable pods fit: retry them shortly.
    pub(crate) fn retry_unschedulable_soon(&mut self) {
        if self.unschedulable.is_empty() {
            return;
        }
        let at = self.now().plus(1_000);
        if !self.queue.contains_by(at, &Timer::RetryUnschedulable) {
            self.queue.push(at, Timer::RetryUnschedulable);
        }
    }
}
