//! Observing one DaemonSet over time, for the scenario runner's
//! `max_unavailable_seen` and `max_pods_per_node_seen`, and `sim why`.

use super::Simulation;
use crate::controller::placement::node_should_run;
use crate::model::{DaemonSet, Pod};
use crate::store::Key;
use std::collections::BTreeMap;

/// Running maxima for one DaemonSet, updated after every change while `active`.
#[derive(Clone, Debug, PartialEq)]
pub struct Watch {
    /// The DaemonSet (namespace, name).
    pub key: Key,
    /// Counting starts when this is set (after the first `sim settle`).
    pub active: bool,
    /// Most desired nodes without an available, non-terminating pod at any instant.
    pub max_unavailable_seen: i64,
    /// Most non-terminal pods (terminating included) attributed to one node.
    pub max_pods_per_node_seen: i64,
}

impl Watch {
    /// A watch on `key`, not yet active.
    pub fn new(key: Key) -> Watch {
        Watch {
            key,
            active: false,
            max_unavailable_seen: 0,
            max_pods_per_node_seen: 0,
        }
    }
}

/// Whether a pod belongs to the DaemonSet for the contract's counts: controlled by
/// it, or matching its selector with no controller at all (it would adopt them).
fn belongs(ds: &DaemonSet, p: &Pod) -> bool {
    match p.metadata.controller_ref() {
        Some(o) => o.uid == ds.metadata.uid,
        None => ds
            .spec
            .selector
            .as_ref()
            .is_some_and(|s| !s.is_empty() && s.matches(&p.metadata.labels)),
    }
}

impl Simulation {
    /// `(unavailable desired nodes, most pods on one node)` for a DaemonSet now.
    pub fn daemonset_counts(&self, key: &Key) -> (i64, i64) {
        let Some(ds) = self.store.daemonset(key) else {
            return (0, 0);
        };
        let now = self.now();
        let mut per_node: BTreeMap<&str, (i64, bool)> = BTreeMap::new();
        for p in self
            .store
            .pods()
            .range((key.0.clone(), String::new())..)
            .take_while(|(k, _)| k.0 == key.0)
            .map(|(_, p)| p)
        {
            if !belongs(ds, p) || p.is_terminal() {
                continue;
            }
            let Some(node) = p.target_node() else {
                continue;
            };
            let e = per_node.entry(node).or_insert((0, false));
            e.0 += 1;
            if !p.metadata.is_deleting() && p.is_available(ds.spec.min_ready_seconds, now) {
                e.1 = true;
            }
        }
        let mut unavailable = 0;
        for (name, node) in self.store.nodes() {
            if node_should_run(ds, node).should_run
                && !per_node.get(name.as_str()).is_some_and(|e| e.1)
            {
                unavailable += 1;
            }
        }
        let most = per_node.values().map(|e| e.0).max().unwrap_or(0);
        (unavailable, most)
    }

    pub(crate) fn update_watch(&mut self) {
        let Some(w) = &self.watch else { return };
        if !w.active {
            return;
        }
        let (u, m) = self.daemonset_counts(&w.key);
        let w = self.watch.as_mut().expect("checked");
        w.max_unavailable_seen = w.max_unavailable_seen.max(u);
        w.max_pods_per_node_seen = w.max_pods_per_node_seen.max(m);
    }

    /// `sim why ds/NAME [NODE]`: for every node (or one), whether the DaemonSet
    /// should run there and, if not, the first failing reason in the controller's words.
    pub fn why(&self, key: &Key, node: Option<&str>) -> Result<String, String> {
        let Some(ds) = self.store.daemonset(key) else {
            return Err(format!(
                "Error from server (NotFound): daemonsets.apps \"{}\" not found",
                key.1
            ));
        };
        if let Some(n) = node {
            if self.store.node(n).is_none() {
                return Err(format!(
                    "Error from server (NotFound): nodes \"{n}\" not found"
                ));
            }
        }
        let mut rows = vec![[
            "NODE".to_string(),
            "RUNS POD".to_string(),
            "WHY".to_string(),
        ]];
        for (name, n) in self.store.nodes() {
            if node.is_some_and(|x| x != name) {
                continue;
            }
            let p = node_should_run(ds, n);
            let has_pod = self
                .store
                .pods_on_node(name)
                .filter_map(|k| self.store.pod(k))
                .any(|pod| {
                    pod.metadata
                        .controller_ref()
                        .is_some_and(|o| o.uid == ds.metadata.uid)
                        && !pod.metadata.is_deleting()
                });
            let (verdict, why) = match (p.should_run, p.should_continue_running) {
                (true, _) => (
                    "yes",
                    self.scheduling_note(ds, name).unwrap_or_else(|| {
                        "eligible: selector, affinity and taints all allow it".into()
                    }),
                ),
                (false, true) if has_pod => (
                    "keeps",
                    format!("misscheduled: {}", p.reason.unwrap_or_default()),
                ),
                (false, _) => ("no", p.reason.unwrap_or_default()),
            };
            rows.push([name.clone(), verdict.to_string(), why]);
        }
        let w0 = rows.iter().map(|r| r[0].len()).max().unwrap_or(0) + 3;
        let w1 = rows.iter().map(|r| r[1].len()).max().unwrap_or(0) + 3;
        let mut out = String::new();
        for r in rows {
            out.push_str(&format!("{:<w0$}{:<w1$}{}\n", r[0], r[1], r[2]));
        }
        Ok(out)
    }

    /// For an eligible node whose pod is stuck Pending, the scheduler's message.
    fn scheduling_note(&self, ds: &DaemonSet, node: &str) -> Option<String> {
        self.store
            .pods_on_node(node)
            .filter_map(|k| self.store.pod(k))
            .find_map(|p| {
                if p.metadata
                    .controller_ref()
                    .is_none_or(|o| o.uid != ds.metadata.uid)
                    || !p.spec.node_name.is_empty()
                {
                    return None;
                }
                let c = p
                    .condition("PodScheduled")
                    .filter(|c| c.status == "False")?;
                Some(format!("eligible, but its pod is Pending: {}", c.message))
            })
    }
}
