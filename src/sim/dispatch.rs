//! Turning store changes into work (the informers' event handlers) and timers into
//! component actions.

use super::queue::Timer;
use super::Simulation;
use crate::store::{Key, Kind, Op};

impl Simulation {
    /// Routes the store's recent changes: DaemonSets to sync, pods to schedule,
    /// unschedulable pods to retry.
    pub(crate) fn route_changes(&mut self) {
        let changes = self.store.take_changes();
        if changes.is_empty() {
            return;
        }
        let mut all_ds = false;
        let mut retry = false;
        for c in changes {
            match c.kind {
                Kind::Node => {
                    all_ds = true;
                    retry = true;
                }
                Kind::DaemonSet => {
                    if c.op != Op::Deleted {
                        self.dirty.insert(c.key);
                    }
                }
                Kind::Deployment => {
                    if c.op != Op::Deleted {
                        self.dirty_deploy.insert(c.key);
                    }
                }
                Kind::ReplicaSet => {
                    if c.op != Op::Deleted {
                        self.dirty_rs.insert(c.key.clone());
                    }
                    if let Some(k) = self.controller_key(Kind::Deployment, &c.key.0, &c.owner) {
                        self.dirty_deploy.insert(k);
                    }
                }
                Kind::Pod | Kind::Revision => {
                    if c.kind == Kind::Pod {
                        if c.op == Op::Deleted {
                            retry = true;
                            self.unschedulable.remove(&c.key);
                        } else if c.op == Op::Added {
                            if let Some(p) = self.store.pod(&c.key) {
                                if p.spec.node_name.is_empty() {
                                    let after = self.timings.schedule;
                                    self.schedule(after, Timer::Schedule(c.key.clone()));
                                } else {
                                    let k = c.key.clone();
                                    self.kubelet_pod_bound(&k);
                                }
                            }
                        }
                    }
                    if !c.owner.is_empty() {
                        if let Some(k) = self.controller_key(Kind::DaemonSet, &c.key.0, &c.owner) {
                            self.dirty.insert(k);
                        } else if let Some(k) =
                            self.controller_key(Kind::ReplicaSet, &c.key.0, &c.owner)
                        {
                            self.dirty_rs.insert(k);
                        }
                    }
                    // Orphans (or pods just released): DaemonSets whose selector matches may adopt.
                    if c.kind == Kind::Pod && c.owner.is_empty() {
                        if let Some(p) = self.store.pod(&c.key) {
                            let labels = p.metadata.labels.clone();
                            let ns = c.key.0.clone();
                            let keys: Vec<Key> =
                                self.store
                                    .daemonsets()
                                    .iter()
                                    .filter(|(k, d)| {
                                        k.0 == ns
                                            && d.spec.selector.as_ref().is_some_and(|s| {
                                                !s.is_empty() && s.matches(&labels)
                                            })
                                    })
                                    .map(|(k, _)| k.clone())
                                    .collect();
                            self.dirty.extend(keys);
                            let rs: Vec<Key> =
                                self.store
                                    .replicasets()
                                    .iter()
                                    .filter(|(k, r)| {
                                        k.0 == ns
                                            && r.spec.selector.as_ref().is_some_and(|s| {
                                                !s.is_empty() && s.matches(&labels)
                                            })
                                    })
                                    .map(|(k, _)| k.clone())
                                    .collect();
                            self.dirty_rs.extend(rs);
                        }
                    }
                }
            }
        }
        if all_ds {
            let keys: Vec<Key> = self.store.daemonsets().keys().cloned().collect();
            self.dirty.extend(keys);
        }
        if retry {
            self.retry_unschedulable_soon();
        }
        self.finish_foreground_deletions();
        self.update_watch();
    }

    /// The controller of kind `kind` in namespace `ns` with this uid.
    fn controller_key(&self, kind: Kind, ns: &str, uid: &str) -> Option<Key> {
        if uid.is_empty() {
            return None;
        }
        self.store
            .controller_by_uid(uid)
            .filter(|(k, key)| *k == kind && key.0 == ns)
            .map(|(_, key)| key.clone())
    }

    /// A timer fired.
    pub(crate) fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::SyncDaemonSet(key) | Timer::RetryFailedSync(key) => {
                self.dirty.insert(key);
            }
            Timer::SyncReplicaSet(key) | Timer::RetryReplicaSet(key) => {
                self.dirty_rs.insert(key);
            }
            Timer::SyncDeployment(key) => {
                self.dirty_deploy.insert(key);
            }
            Timer::Schedule(key) => {
                self.unscheduled.insert(key);
            }
            Timer::RetryUnschedulable => {
                let keys: Vec<Key> = self.unschedulable.iter().cloned().collect();
                self.unscheduled.extend(keys);
            }
            Timer::Pod {
                key,
                uid,
                epoch,
                step,
            } => self.kubelet_step(key, &uid, epoch, step),
            Timer::NodeMonitorGrace { node, uid } => self.node_grace_expired(&node, &uid),
            Timer::PodGc => self.pod_gc(),
        }
    }

    /// The pod garbage collector: pods bound to nodes deleted at least a quarantine
    /// ago are force-deleted.
    fn pod_gc(&mut self) {
        let now = self.now();
        let quarantine = self.timings.pod_gc_quarantine;
        let gone: Vec<String> = self
            .removed_nodes
            .iter()
            .filter(|(n, at)| now.since(**at) >= quarantine && self.store.node(n).is_none())
            .map(|(n, _)| n.clone())
            .collect();
        for node in gone {
            let keys: Vec<Key> = self.store.pods_on_node(&node).cloned().collect();
            for key in keys {
                if self
                    .store
                    .pod(&key)
                    .is_some_and(|p| p.spec.node_name == node)
                {
                    self.store.remove_pod(&key);
                    self.timeline.record(
                        now,
                        "pod-gc",
                        format!("{node}: deleted orphaned pod {} (its node is gone)", key.1),
                    );
                }
            }
            self.removed_nodes.remove(&node);
        }
    }
}
