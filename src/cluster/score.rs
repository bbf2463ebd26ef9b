//! kube-scheduler's default scoring, plugin by plugin, and the per-pass snapshot
//! it reads (`pkg/scheduler/framework/plugins/*`). Every plugin's raw scores are
//! normalized to 0–100 as upstream does, then summed with the default profile's
//! weights: TaintToleration 3, NodeAffinity 2, PodTopologySpread 2,
//! NodeResourcesFit 1, NodeResourcesBalancedAllocation 1. ImageLocality and
//! InterPodAffinity are not modelled.

use crate::controller::placement::term_matches;
use crate::model::pod::NodeSelectorTerm;
use crate::model::taint::PREFER_NO_SCHEDULE;
use crate::model::{Node, Pod, PodSpec};
use crate::store::Store;
use std::collections::BTreeMap;

/// `framework.MaxNodeScore`.
pub const MAX_NODE_SCORE: i64 = 100;
/// `schedutil.DefaultMilliCPURequest`, in thousandths of a millicore.
const DEFAULT_CPU_MILLI: i128 = 100 * 1000;
/// `schedutil.DefaultMemoryRequest` (200 MiB), in thousandths of a byte.
const DEFAULT_MEMORY_MILLI: i128 = 200 * 1024 * 1024 * 1000;
/// The well-known zone label.
pub const ZONE_LABEL: &str = "topology.kubernetes.io/zone";
const REGION_LABEL: &str = "topology.kubernetes.io/region";

/// What the scheduler's cache knows about one node (`NodeInfo`).
#[derive(Clone, Debug, Default)]
pub struct NodeUse {
    /// Summed requests of the pods on the node (`Requested`), cpu and memory.
    pub cpu: i128,
    /// Memory.
    pub mem: i128,
    /// Requests with the 100m / 200Mi defaults for containers that set none
    /// (`NonZeroRequested`).
    pub nz_cpu: i128,
    /// Memory, non-zero.
    pub nz_mem: i128,
    /// Pods on the node.
    pub pods: i128,
}

/// A pod's (cpu, memory) requests with the defaults for containers that set none:
/// summed over containers, at least the largest init container's.
pub fn nonzero_requests(spec: &PodSpec) -> (i128, i128) {
    let get = |c: &crate::model::pod::Container, r: &str, def: i128| -> i128 {
        c.resources
            .as_ref()
            .and_then(|x| x.requests.get(r).or_else(|| x.limits.get(r)))
            .and_then(|v| {
                crate::model::quantity::parse_milli(&crate::model::quantity::value_to_string(v))
            })
            .unwrap_or(def)
    };
    let sum = |r: &str, def: i128| -> i128 {
        let s: i128 = spec.containers.iter().map(|c| get(c, r, def)).sum();
        let i = spec
            .init_containers
            .iter()
            .map(|c| get(c, r, def))
            .max()
            .unwrap_or(0);
        s.max(i)
    };
    (
        sum("cpu", DEFAULT_CPU_MILLI),
        sum("memory", DEFAULT_MEMORY_MILLI),
    )
}

/// The scheduler cache for one pass: nodes in the node tree's order (zones
/// interleaved), their usage, and per controller the count of its pods per node.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// Node names, zones interleaved as `nodeTree.list()` orders them.
    pub order: Vec<String>,
    /// Usage, by position in `order`.
    pub usage: Vec<NodeUse>,
    /// Position of each node in `order`.
    pub index: BTreeMap<String, usize>,
    /// Owner uid → pods of that owner per node (`PodsWithOwnerRef`), built on demand.
    pub owned: BTreeMap<String, Vec<u32>>,
    /// The nodes, by position (a pass never changes them).
    pub nodes: Vec<Node>,
    /// Allocatable (cpu, memory, pods) in thousandths, parsed once.
    pub alloc: Vec<[Option<i128>; 3]>,
    /// Owner uid → its pods per zone (by `zone_idx`) over all nodes (for pods
    /// without required node affinity), built on demand.
    pub zones: BTreeMap<String, Vec<i64>>,
    /// Distinct zone label values ("" for nodes without one).
    pub zone_values: Vec<String>,
    /// Each node's zone, as an index into `zone_values`.
    pub zone_idx: Vec<usize>,
    /// Whether each node has the zone label.
    pub zone_labelled: Vec<bool>,
    /// Whether each node has the `kubernetes.io/hostname` label.
    pub host_labelled: Vec<bool>,
    /// Whether any node carries the zone label.
    pub has_zones: bool,
}

fn zone_key(n: &Node) -> String {
    let l = &n.metadata.labels;
    let region = l.get(REGION_LABEL).map(String::as_str).unwrap_or("");
    let zone = l.get(ZONE_LABEL).map(String::as_str).unwrap_or("");
    if region.is_empty() && zone.is_empty() {
        String::new()
    } else {
        format!("{region}:\x00:{zone}")
    }
}

impl Snapshot {
    /// Builds the snapshot from the store.
    pub fn build(store: &Store) -> Snapshot {
        // nodeTree: nodes grouped by zone, zones in first-seen order, then taken
        // one from each zone in turn.
        let mut zones: Vec<(String, Vec<&String>)> = Vec::new();
        let mut has_zones = false;
        for (name, n) in store.nodes() {
            has_zones |= n.metadata.labels.contains_key(ZONE_LABEL);
            let z = zone_key(n);
            match zones.iter_mut().find(|(k, _)| *k == z) {
                Some((_, v)) => v.push(name),
                None => zones.push((z, vec![name])),
            }
        }
        let mut order = Vec::with_capacity(store.nodes().len());
        let mut i = 0;
        while order.len() < store.nodes().len() {
            for (_, v) in &zones {
                if let Some(n) = v.get(i) {
                    order.push((*n).clone());
                }
            }
            i += 1;
        }
        let index: BTreeMap<String, usize> = order
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
        let mut usage = vec![NodeUse::default(); order.len()];
        for (i, name) in order.iter().enumerate() {
            let u = &mut usage[i];
            for k in store.pods_on_node(name) {
                let Some(p) = store.pod(k) else { continue };
                if p.spec.node_name != *name || p.is_terminal() {
                    continue;
                }
                u.add(p);
            }
        }
        let nodes: Vec<Node> = order
            .iter()
            .map(|n| store.node(n).expect("listed").clone())
            .collect();
        let alloc = nodes
            .iter()
            .map(|n| {
                [
                    n.allocatable_milli("cpu"),
                    n.allocatable_milli("memory"),
                    n.allocatable_milli("pods"),
                ]
            })
            .collect();
        let mut zone_values: Vec<String> = Vec::new();
        let mut zone_idx = Vec::with_capacity(nodes.len());
        for n in &nodes {
            let z = n
                .metadata
                .labels
                .get(ZONE_LABEL)
                .map(String::as_str)
                .unwrap_or("");
            let i = match zone_values.iter().position(|v| v == z) {
                Some(i) => i,
                None => {
                    zone_values.push(z.to_string());
                    zone_values.len() - 1
                }
            };
            zone_idx.push(i);
        }
        let zone_labelled = nodes
            .iter()
            .map(|n| n.metadata.labels.contains_key(ZONE_LABEL))
            .collect();
        let host_labelled = nodes
            .iter()
            .map(|n| n.metadata.labels.contains_key("kubernetes.io/hostname"))
            .collect();
        Snapshot {
            order,
            usage,
            index,
            owned: BTreeMap::new(),
            nodes,
            alloc,
            zones: BTreeMap::new(),
            zone_values,
            zone_idx,
            zone_labelled,
            host_labelled,
            has_zones,
        }
    }

    /// Makes sure `owned[uid]` (and, with zones, `zones[uid]`) are built.
    pub fn ensure_owned(&mut self, store: &Store, uid: &str) {
        if !self.owned.contains_key(uid) {
            let mut v = vec![0u32; self.order.len()];
            for (_, p) in store.owned_pods(uid) {
                if p.spec.node_name.is_empty() || p.is_terminal() {
                    continue;
                }
                if let Some(&i) = self.index.get(&p.spec.node_name) {
                    v[i] += 1;
                }
            }
            if self.has_zones {
                let mut z = vec![0i64; self.zone_values.len()];
                for (i, c) in v.iter().enumerate() {
                    z[self.zone_idx[i]] += *c as i64;
                }
                self.zones.insert(uid.to_string(), z);
            }
            self.owned.insert(uid.to_string(), v);
        }
    }

    /// Records a binding the pass just made.
    pub fn bind(&mut self, pod: &Pod, node: &str) {
        let Some(&i) = self.index.get(node) else {
            return;
        };
        self.usage[i].add(pod);
        if let Some(uid) = pod.metadata.owner_references.first().map(|o| &o.uid) {
            if let Some(v) = self.owned.get_mut(uid) {
                v[i] += 1;
            }
            let zone = self.zone_idx[i];
            if let Some(z) = self.zones.get_mut(uid) {
                z[zone] += 1;
            }
        }
    }
}

impl NodeUse {
    fn add(&mut self, p: &Pod) {
        self.cpu += p.spec.request_milli("cpu");
        self.mem += p.spec.request_milli("memory");
        let (c, m) = nonzero_requests(&p.spec);
        self.nz_cpu += c;
        self.nz_mem += m;
        self.pods += 1;
    }
}

/// `numFeasibleNodesToFind`: all nodes below 100; else the adaptive percentage
/// (50% − nodes/125, at least 5%), at least 100 nodes.
pub fn feasible_nodes_to_find(all: usize) -> usize {
    if all < 100 {
        return all;
    }
    let mut pct = 50 - all as i64 / 125;
    if pct < 5 {
        pct = 5;
    }
    let n = all as i64 * pct / 100;
    (n.max(100)) as usize
}

/// `DefaultNormalizeScore`.
fn default_normalize(scores: &mut [i64], reverse: bool) {
    let max = scores.iter().copied().max().unwrap_or(0);
    if max == 0 {
        if reverse {
            scores.iter_mut().for_each(|s| *s = MAX_NODE_SCORE);
        }
        return;
    }
    for s in scores.iter_mut() {
        let v = MAX_NODE_SCORE * *s / max;
        *s = if reverse { MAX_NODE_SCORE - v } else { v };
    }
}

/// A preferred node affinity term.
#[derive(serde::Deserialize)]
struct Preferred {
    #[serde(default)]
    weight: i64,
    #[serde(default)]
    preference: NodeSelectorTerm,
}

fn preferred_terms(spec: &PodSpec) -> Vec<Preferred> {
    spec.affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|na| {
            na.extra
                .get("preferredDuringSchedulingIgnoredDuringExecution")
        })
        .and_then(|v| serde_json::from_value::<Vec<Preferred>>(v.clone()).ok())
        .unwrap_or_default()
}

/// One feasible node's scores per plugin, after normalization and weighting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeScores {
    /// TaintToleration × 3.
    pub taint: i64,
    /// NodeAffinity × 2.
    pub affinity: i64,
    /// NodeResourcesFit (LeastAllocated) × 1.
    pub fit: i64,
    /// NodeResourcesBalancedAllocation × 1.
    pub balanced: i64,
    /// PodTopologySpread × 2.
    pub spread: i64,
}

impl NodeScores {
    /// The weighted sum.
    pub fn total(&self) -> i64 {
        self.taint + self.affinity + self.fit + self.balanced + self.spread
    }
}

/// Whether the default topology spreading applies (`buildDefaultConstraints`):
/// the pod's controller is a ReplicaSet, whose selector then selects it.
/// (Services, ReplicationControllers and StatefulSets selecting a pod would too;
/// they are not modelled.)
fn spread_owner(pod: &Pod) -> Option<&str> {
    pod.metadata
        .controller_ref()
        .filter(|o| o.kind == "ReplicaSet")
        .map(|_| pod.metadata.owner_references[0].uid.as_str())
}

/// Scores the feasible nodes (positions in the snapshot) for `pod`.
pub fn score(store: &Store, snap: &mut Snapshot, pod: &Pod, feasible: &[usize]) -> Vec<NodeScores> {
    if let Some(uid) = spread_owner(pod) {
        snap.ensure_owned(store, uid);
    }
    let snap = &*snap;
    let nodes: Vec<&Node> = feasible.iter().map(|&i| &snap.nodes[i]).collect();
    let n = feasible.len();
    let mut out = vec![NodeScores::default(); n];

    // TaintToleration: intolerable PreferNoSchedule taints, fewer is better.
    let tols: Vec<_> = pod
        .spec
        .tolerations
        .iter()
        .filter(|t| t.effect.is_empty() || t.effect == PREFER_NO_SCHEDULE)
        .collect();
    let mut s: Vec<i64> = nodes
        .iter()
        .map(|node| {
            node.spec
                .taints
                .iter()
                .filter(|t| t.effect == PREFER_NO_SCHEDULE)
                .filter(|t| !tols.iter().any(|tol| tol.tolerates(t)))
                .count() as i64
        })
        .collect();
    default_normalize(&mut s, true);
    for (o, v) in out.iter_mut().zip(&s) {
        o.taint = 3 * v;
    }

    // NodeAffinity: summed weights of the matching preferred terms.
    let terms = preferred_terms(&pod.spec);
    if !terms.is_empty() {
        let mut s: Vec<i64> = nodes
            .iter()
            .map(|node| {
                terms
                    .iter()
                    .filter(|t| t.weight != 0 && term_matches(&t.preference, node))
                    .map(|t| t.weight)
                    .sum()
            })
            .collect();
        default_normalize(&mut s, false);
        for (o, v) in out.iter_mut().zip(&s) {
            o.affinity = 2 * v;
        }
    }

    // NodeResourcesFit LeastAllocated (non-zero requests) and BalancedAllocation
    // (actual requests; skipped for best-effort pods).
    let (pc, pm) = nonzero_requests(&pod.spec);
    let (rc, rm) = (
        pod.spec.request_milli("cpu"),
        pod.spec.request_milli("memory"),
    );
    for (k, (&i, node)) in feasible.iter().zip(&nodes).enumerate() {
        let u = &snap.usage[i];
        let _ = node;
        let alloc = [snap.alloc[i][0].unwrap_or(0), snap.alloc[i][1].unwrap_or(0)];
        // Thousandths of a byte fit in 64 bits for any real node.
        let least = |req: i128, cap: i128| -> i64 {
            let (req, cap) = (req as i64, cap as i64);
            if cap == 0 || req > cap {
                0
            } else {
                (cap - req) * MAX_NODE_SCORE / cap
            }
        };
        let (mut sum, mut w) = (0i64, 0i64);
        for (req, cap) in [(u.nz_cpu + pc, alloc[0]), (u.nz_mem + pm, alloc[1])] {
            if cap == 0 {
                continue;
            }
            sum += least(req, cap);
            w += 1;
        }
        out[k].fit = if w == 0 { 0 } else { sum / w };
        if rc != 0 || rm != 0 {
            let mut fr = Vec::new();
            for (req, cap) in [(u.cpu + rc, alloc[0]), (u.mem + rm, alloc[1])] {
                if cap == 0 {
                    continue;
                }
                fr.push((req as f64 / cap as f64).min(1.0));
            }
            let std = if fr.len() == 2 {
                ((fr[0] - fr[1]) / 2.0).abs()
            } else {
                0.0
            };
            out[k].balanced = ((1.0 - std) * MAX_NODE_SCORE as f64) as i64;
        }
    }

    // PodTopologySpread with the system defaults: hostname maxSkew 3, zone maxSkew 5.
    if let Some(uid) = spread_owner(pod) {
        let counts = &snap.owned[uid];
        let host_w = ((n + 2) as f64).ln();
        // Zone: every zone value among the feasible nodes ("" for unlabelled),
        // pods counted over all nodes that pass the pod's required affinity.
        let nz = snap.zone_values.len();
        let mut present = vec![false; nz];
        let mut zone_counts = vec![0i64; nz];
        if snap.has_zones {
            for &i in feasible {
                present[snap.zone_idx[i]] = true;
            }
            let pinned = !pod.spec.node_selector.is_empty()
                || pod
                    .spec
                    .affinity
                    .as_ref()
                    .and_then(|a| a.node_affinity.as_ref())
                    .is_some_and(|na| na.required.is_some());
            if pinned {
                // Only nodes that pass the pod's required affinity count.
                for (i, node) in snap.nodes.iter().enumerate() {
                    if counts[i] == 0
                        || crate::controller::placement::node_affinity_failure(&pod.spec, node)
                            .is_some()
                    {
                        continue;
                    }
                    zone_counts[snap.zone_idx[i]] += counts[i] as i64;
                }
            } else if let Some(totals) = snap.zones.get(uid) {
                zone_counts.copy_from_slice(totals);
            }
        }
        let topo = present.iter().filter(|p| **p).count();
        let zone_w = ((topo.max(1) + 2) as f64).ln();
        let raw: Vec<i64> = feasible
            .iter()
            .map(|&i| {
                let mut s = 0f64;
                if snap.host_labelled[i] {
                    s += counts[i] as f64 * host_w + 2.0;
                }
                if snap.zone_labelled[i] {
                    s += zone_counts[snap.zone_idx[i]] as f64 * zone_w + 4.0;
                }
                s.round() as i64
            })
            .collect();
        let min = raw.iter().copied().min().unwrap_or(0);
        let max = raw.iter().copied().max().unwrap_or(0);
        for (o, &r) in out.iter_mut().zip(&raw) {
            let v = if max == 0 {
                MAX_NODE_SCORE
            } else {
                MAX_NODE_SCORE * (max + min - r) / max
            };
            o.spread = 2 * v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adaptive_percentage_of_nodes_to_score() {
        assert_eq!(feasible_nodes_to_find(50), 50);
        assert_eq!(feasible_nodes_to_find(100), 100);
        assert_eq!(feasible_nodes_to_find(500), 230); // 46%
        assert_eq!(feasible_nodes_to_find(5000), 500); // 10%
        assert_eq!(feasible_nodes_to_find(6000), 300); // floor at 5%
    }

    #[test]
    fn normalize_reverse_and_zero() {
        let mut s = vec![0, 1, 2];
        default_normalize(&mut s, true);
        assert_eq!(s, vec![100, 50, 0]);
        let mut z = vec![0, 0];
        default_normalize(&mut z, true);
        assert_eq!(z, vec![100, 100]);
        let mut f = vec![0, 0];
        default_normalize(&mut f, false);
        assert_eq!(f, vec![0, 0]);
    }
}
