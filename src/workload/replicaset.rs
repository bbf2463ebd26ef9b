//! `syncReplicaSet`: keep `spec.replicas` active pods matching the selector.
//! Creates go in slow-start batches (1, 2, 4…) of at most `burstReplicas` (500)
//! per sync and stop at the first failed batch; deletes take the first pods of
//! the `ActivePodsWithRanks` order. Where the pods run is the scheduler's business.

use super::rank;
use super::replicaset_owner_ref;
use crate::model::deployment::{WorkloadCondition, REPLICA_FAILURE};
use crate::model::meta::Timestamp;
use crate::model::revision::InvolvedObject;
use crate::model::{Pod, ReplicaSet, Toleration};
use crate::sim::queue::Timer;
use crate::sim::Simulation;
use crate::store::Key;
use std::collections::BTreeMap;

/// `burstReplicas`: the most pods one sync creates or deletes.
pub const BURST_REPLICAS: usize = 500;

/// The involved object of a ReplicaSet's events.
pub fn rs_ref(rs: &ReplicaSet) -> InvolvedObject {
    InvolvedObject {
        kind: "ReplicaSet".into(),
        namespace: rs.metadata.namespace.clone(),
        name: rs.metadata.name.clone(),
        uid: rs.metadata.uid.clone(),
    }
}

/// The tolerations the DefaultTolerationSeconds admission plugin adds to every
/// pod that does not tolerate these taints already (300 s).
fn default_toleration_seconds(tolerations: &mut Vec<Toleration>) {
    for key in [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    ] {
        let has = tolerations.iter().any(|t| {
            (t.key == key || t.key.is_empty()) && (t.effect.is_empty() || t.effect == "NoExecute")
        });
        if !has {
            tolerations.push(Toleration {
                key: key.into(),
                operator: "Exists".into(),
                effect: "NoExecute".into(),
                toleration_seconds: Some(300),
                ..Default::default()
            });
        }
    }
}

/// The pod a ReplicaSet creates, before the API server names it.
pub fn pod_from_template(rs: &ReplicaSet) -> Pod {
    let t = &rs.spec.template;
    let mut pod = Pod::default();
    pod.metadata.generate_name = format!("{}-", rs.metadata.name);
    pod.metadata.namespace = rs.metadata.namespace.clone();
    pod.metadata.labels = t.metadata.labels.clone();
    pod.metadata.annotations = t.metadata.annotations.clone();
    pod.metadata.finalizers = t.metadata.finalizers.clone();
    pod.metadata.owner_references = vec![replicaset_owner_ref(rs)];
    pod.spec = t.spec.clone();
    default_toleration_seconds(&mut pod.spec.tolerations);
    pod.status.phase = "Pending".into();
    pod
}

/// What one pass over a ReplicaSet's pods found.
#[derive(Default)]
struct Census {
    replicas: i64,
    labeled: i64,
    ready: i64,
    available: i64,
    /// Ms until a ready pod becomes available.
    wake: Option<u64>,
    /// Why this sync could not create a pod (`manageReplicasErr`).
    create_error: Option<String>,
}

impl Simulation {
    /// One sync of a ReplicaSet.
    pub(crate) fn sync_replicaset(&mut self, key: &Key) {
        let Some(rs) = self.store.replicaset(key).cloned() else {
            return;
        };
        let uid = rs.metadata.uid.clone();
        let selector = rs.spec.selector.clone().unwrap_or_default();
        // Adopt orphans the selector matches (ClaimPods), unless the RS is going away.
        if !rs.metadata.is_deleting() && !selector.is_empty() {
            let orphans: Vec<Key> = self
                .store
                .pods_owned_by("")
                .filter(|k| k.0 == key.0)
                .filter(|k| {
                    self.store.pod(k).is_some_and(|p| {
                        !p.metadata.is_deleting()
                            && !p.is_terminal()
                            && selector.matches(&p.metadata.labels)
                    })
                })
                .cloned()
                .collect();
            let owner = replicaset_owner_ref(&rs);
            for k in orphans {
                self.store
                    .update_pod(&k, |p| p.metadata.owner_references.push(owner.clone()));
            }
        }
        // One pass over the owned pods gives both the diff and the status; a
        // create only adds not-ready pods, so the status follows without a second
        // pass (50,000-replica ReplicaSets sync a hundred times while growing).
        let mut c = self.rs_census(&rs);
        if !rs.metadata.is_deleting() {
            let want = rs.replicas().max(0) as usize;
            let have = c.replicas as usize;
            if have < want {
                let (created, refused) = self.rs_create(&rs, (want - have).min(BURST_REPLICAS));
                c.replicas += created as i64;
                c.labeled += created as i64;
                c.create_error = refused;
            }
            if c.create_error.is_some() {
                // The work queue's rate limiter retries with backoff; until
                // something changes (a ServiceAccount appears: see
                // `Queue::promote_retries`) this cannot succeed, so `sim settle`
                // ignores it.
                let delay = Simulation::retry_delay(&mut self.rs_sync_failures, key);
                self.schedule_retry(delay, Timer::RetryReplicaSet(key.clone()));
            } else {
                self.rs_sync_failures.remove(key);
            }
            if have > want {
                let active: Vec<Key> = self
                    .store
                    .pods_owned_by(&uid)
                    .filter(|k| {
                        self.store
                            .pod(k)
                            .is_some_and(|p| !p.is_terminal() && !p.metadata.is_deleting())
                    })
                    .cloned()
                    .collect();
                let n = (have - want).min(BURST_REPLICAS);
                self.rs_delete(&rs, &active, n);
                c = self.rs_census(&rs);
            }
        }
        self.rs_write_status(key, &rs, c);
    }

    /// Creates `n` pods in slow-start batches; returns how many were created and
    /// the first refusal, if a create failed (the rest of the batches are skipped).
    fn rs_create(&mut self, rs: &ReplicaSet, n: usize) -> (usize, Option<String>) {
        let now = self.now();
        let mut batch = 1usize;
        let mut done = 0usize;
        let mut created = 0usize;
        while done < n {
            let end = (done + batch).min(n);
            let mut failed = None;
            for _ in done..end {
                let mut pod = pod_from_template(rs);
                match self.admit_controller_pod(&mut pod, &rs.metadata.name) {
                    Ok(()) => {
                        let name =
                            self.generate_pod_name(&pod.metadata.namespace, &rs.metadata.name);
                        pod.metadata.name = name.clone();
                        self.store.add_pod(pod, now);
                        created += 1;
                        self.store.record_event(
                            now,
                            rs_ref(rs),
                            "Normal",
                            "SuccessfulCreate",
                            format!("Created pod: {name}"),
                            "replicaset-controller",
                            "",
                        );
                        self.timeline.record(
                            now,
                            "replicaset-controller",
                            format!("{}: created pod {name}", rs.metadata.name),
                        );
                    }
                    Err(e) => {
                        self.store.record_event(
                            now,
                            rs_ref(rs),
                            "Warning",
                            "FailedCreate",
                            format!("Error creating: {e}"),
                            "replicaset-controller",
                            "",
                        );
                        failed.get_or_insert(e);
                    }
                }
            }
            if failed.is_some() {
                return (created, failed);
            }
            done = end;
            batch *= 2;
        }
        (created, None)
    }

    /// Deletes the `n` pods `getPodsToDelete` picks: ranked by how many active pods
    /// of the same Deployment (all its ReplicaSets) share their node.
    fn rs_delete(&mut self, rs: &ReplicaSet, active: &[Key], n: usize) {
        let now = self.now();
        // Related pods: those of every ReplicaSet with the same controller.
        let owner_uid = rs.metadata.controller_ref().map(|o| o.uid.clone());
        let mut related_uids = vec![rs.metadata.uid.clone()];
        if let Some(o) = &owner_uid {
            related_uids = self
                .store
                .replicasets()
                .values()
                .filter(|r| r.metadata.controller_ref().is_some_and(|c| &c.uid == o))
                .map(|r| r.metadata.uid.clone())
                .collect();
        }
        let mut on_node: BTreeMap<&str, usize> = BTreeMap::new();
        for u in &related_uids {
            for k in self.store.pods_owned_by(u) {
                if let Some(p) = self.store.pod(k) {
                    if !p.is_terminal() && !p.metadata.is_deleting() {
                        *on_node.entry(p.spec.node_name.as_str()).or_default() += 1;
                    }
                }
            }
        }
        let mut ranked: Vec<(&Pod, usize)> = active
            .iter()
            .filter_map(|k| self.store.pod(k))
            .map(|p| {
                (
                    p,
                    on_node.get(p.spec.node_name.as_str()).copied().unwrap_or(0),
                )
            })
            .collect();
        crate::sort::by(&mut ranked, |a, b| rank::compare(a.0, a.1, b.0, b.1, now));
        let victims: Vec<(Key, String)> = ranked
            .iter()
            .take(n)
            .map(|(p, _)| (p.key(), p.spec.node_name.clone()))
            .collect();
        for (k, node) in victims {
            self.delete_pod_graceful(&k);
            self.store.record_event(
                now,
                rs_ref(rs),
                "Normal",
                "SuccessfulDelete",
                format!("Deleted pod: {}", k.1),
                "replicaset-controller",
                "",
            );
            let on = if node.is_empty() {
                "unscheduled".to_string()
            } else {
                format!("on {node}")
            };
            self.timeline.record(
                now,
                "replicaset-controller",
                format!("{}: deleted pod {} ({on})", rs.metadata.name, k.1),
            );
        }
    }

    /// Counts the active pods (`calculateStatus`), and when the next one becomes
    /// available (for the requeue after minReadySeconds).
    fn rs_census(&self, rs: &ReplicaSet) -> Census {
        let now = self.now();
        let template_labels = &rs.spec.template.metadata.labels;
        let min_ready = rs.spec.min_ready_seconds;
        let mut c = Census::default();
        for (_, p) in self.store.owned_pods(&rs.metadata.uid) {
            if p.is_terminal() || p.metadata.is_deleting() {
                continue;
            }
            c.replicas += 1;
            if template_labels
                .iter()
                .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
            {
                c.labeled += 1;
            }
            if p.is_ready() {
                c.ready += 1;
                if p.is_available(min_ready, now) {
                    c.available += 1;
                } else if let Some(cond) = p.condition("Ready") {
                    let since = cond.last_transition_time.map(|t| t.0).unwrap_or_default();
                    let at = since.plus(min_ready as u64 * 1000 + 1000);
                    let d = at.since(now).max(1);
                    c.wake = Some(c.wake.map_or(d, |w: u64| w.min(d)));
                }
            }
        }
        c
    }

    /// Writes the status if it changed; requeues after minReadySeconds.
    fn rs_write_status(&mut self, key: &Key, rs: &ReplicaSet, c: Census) {
        // `calculateStatus`: a failed create sets ReplicaFailure (once: an existing
        // condition keeps its message and time); a sync without error clears it.
        let mut conditions = rs.status.conditions.clone();
        let failing = conditions.iter().any(|x| x.type_ == REPLICA_FAILURE);
        match c.create_error {
            Some(message) if !failing => conditions.push(WorkloadCondition {
                type_: REPLICA_FAILURE.into(),
                status: "True".into(),
                last_transition_time: Some(Timestamp(self.now())),
                reason: "FailedCreate".into(),
                message,
                ..Default::default()
            }),
            None if failing => conditions.retain(|x| x.type_ != REPLICA_FAILURE),
            _ => {}
        }
        let status = crate::model::deployment::ReplicaSetStatus {
            replicas: c.replicas,
            fully_labeled_replicas: c.labeled,
            ready_replicas: c.ready,
            available_replicas: c.available,
            observed_generation: rs.metadata.generation,
            conditions,
        };
        if self
            .store
            .replicaset(key)
            .is_some_and(|r| r.status != status)
        {
            self.store.update_replicaset(key, |r| r.status = status);
        }
        if let Some(d) = c.wake {
            self.schedule(d, Timer::SyncReplicaSet(key.clone()));
        }
    }
}
