//! `syncDeployment` (`pkg/controller/deployment`): one ReplicaSet per pod template
//! (named `<deployment>-<hash>`, labelled `pod-template-hash`), rolling updates
//! bounded by maxSurge (rounded up) and maxUnavailable (rounded down),
//! proportional scaling of every active ReplicaSet, Recreate, status, conditions
//! and history cleanup.

use super::deployment_owner_ref;
use crate::controller::history::template_hash;
use crate::model::deployment::{
    DeploymentStatus, WorkloadCondition, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION,
    POD_TEMPLATE_HASH_LABEL, REPLICA_FAILURE, REVISION_ANNOTATION,
};
use crate::model::meta::Timestamp;
use crate::model::revision::InvolvedObject;
use crate::model::{Deployment, PodTemplateSpec, ReplicaSet};
use crate::sim::queue::Timer;
use crate::sim::Simulation;
use crate::store::Key;

/// `ResolveFenceposts`: (maxSurge rounded up, maxUnavailable rounded down); both 0
/// would deadlock, so maxUnavailable becomes 1.
pub fn fenceposts(d: &Deployment) -> (i64, i64) {
    let replicas = d.replicas();
    let Some(ru) = d
        .spec
        .strategy
        .rolling_update
        .as_ref()
        .filter(|_| d.spec.strategy.type_ == "RollingUpdate")
    else {
        return (0, 0);
    };
    let surge = ru
        .max_surge
        .as_ref()
        .and_then(|v| v.scaled(replicas, true).ok())
        .unwrap_or(0);
    let unavailable = ru
        .max_unavailable
        .as_ref()
        .and_then(|v| v.scaled(replicas, false).ok())
        .unwrap_or(0);
    if surge == 0 && unavailable == 0 {
        return (0, 1);
    }
    (surge, unavailable)
}

/// `MaxUnavailable`: the resolved budget, at most the replica count.
pub fn max_unavailable(d: &Deployment) -> i64 {
    if d.spec.strategy.type_ != "RollingUpdate" || d.replicas() == 0 {
        return 0;
    }
    fenceposts(d).1.min(d.replicas())
}

/// `MaxSurge`.
pub fn max_surge(d: &Deployment) -> i64 {
    if d.spec.strategy.type_ != "RollingUpdate" {
        return 0;
    }
    fenceposts(d).0
}

/// The template without the `pod-template-hash` label (`EqualIgnoreHash`).
fn without_hash(t: &PodTemplateSpec) -> PodTemplateSpec {
    let mut t = t.clone();
    t.metadata.labels.remove(POD_TEMPLATE_HASH_LABEL);
    t
}

/// The involved object of a Deployment's events.
pub fn deploy_ref(d: &Deployment) -> InvolvedObject {
    InvolvedObject {
        kind: "Deployment".into(),
        namespace: d.metadata.namespace.clone(),
        name: d.metadata.name.clone(),
        uid: d.metadata.uid.clone(),
    }
}

fn desired_annotation(rs: &ReplicaSet) -> Option<i64> {
    rs.metadata
        .annotations
        .get(DESIRED_REPLICAS_ANNOTATION)
        .and_then(|v| v.parse().ok())
}

/// The ReplicaSets a Deployment controls, oldest first (`ReplicaSetsByCreationTimestamp`).
pub fn replicasets_of(sim: &Simulation, d: &Deployment) -> Vec<ReplicaSet> {
    replicasets_in_store(&sim.store, d)
}

/// [`replicasets_of`] on a store.
pub fn replicasets_in_store(store: &crate::store::Store, d: &Deployment) -> Vec<ReplicaSet> {
    let ns = &d.metadata.namespace;
    let mut v: Vec<ReplicaSet> = store
        .replicasets()
        .range((ns.clone(), String::new())..)
        .take_while(|(k, _)| &k.0 == ns)
        .filter(|(_, r)| {
            r.metadata
                .controller_ref()
                .is_some_and(|o| o.uid == d.metadata.uid)
        })
        .map(|(_, r)| r.clone())
        .collect();
    crate::sort::by(&mut v, |a, b| {
        a.metadata
            .created()
            .cmp(&b.metadata.created())
            .then(a.metadata.name.cmp(&b.metadata.name))
    });
    v
}

/// `FindNewReplicaSet`: the oldest ReplicaSet whose template equals the Deployment's.
pub fn find_new(d: &Deployment, rss: &[ReplicaSet]) -> Option<usize> {
    let want = without_hash(&d.spec.template);
    rss.iter()
        .position(|r| without_hash(&r.spec.template) == want)
}

/// `SetDeploymentCondition`: same status and reason change nothing; same status
/// keeps the transition time; otherwise the condition moves to the end.
fn set_condition(status: &mut DeploymentStatus, mut c: WorkloadCondition) {
    if let Some(cur) = status.conditions.iter().find(|x| x.type_ == c.type_) {
        if cur.status == c.status && cur.reason == c.reason {
            return;
        }
        if cur.status == c.status {
            c.last_transition_time = cur.last_transition_time;
        }
    }
    status.conditions.retain(|x| x.type_ != c.type_);
    status.conditions.push(c);
}

fn condition(
    type_: &str,
    status: &str,
    reason: &str,
    message: String,
    now: Timestamp,
) -> WorkloadCondition {
    WorkloadCondition {
        type_: type_.into(),
        status: status.into(),
        last_update_time: Some(now),
        last_transition_time: Some(now),
        reason: reason.into(),
        message,
    }
}

impl Simulation {
    /// One sync of a Deployment.
    pub(crate) fn sync_deployment(&mut self, key: &Key) {
        let Some(d) = self.store.deployment(key).cloned() else {
            return;
        };
        if d.metadata.is_deleting() {
            // `syncStatusOnly`: a Deployment being deleted only reports.
            self.sync_deployment_status(key, false);
            return;
        }
        // Adopt orphaned ReplicaSets the selector matches.
        if let Some(sel) = d.spec.selector.as_ref().filter(|s| !s.is_empty()) {
            let orphans: Vec<Key> = self
                .store
                .replicasets()
                .iter()
                .filter(|(k, r)| {
                    k.0 == key.0
                        && r.metadata.controller_ref().is_none()
                        && !r.metadata.is_deleting()
                        && sel.matches(&r.metadata.labels)
                })
                .map(|(k, _)| k.clone())
                .collect();
            let owner = deployment_owner_ref(&d);
            for k in orphans {
                self.store
                    .update_replicaset(&k, |r| r.metadata.owner_references.push(owner.clone()));
            }
        }
        let rss = replicasets_of(self, &d);
        let new_idx = find_new(&d, &rss);
        let scaling = rss
            .iter()
            .filter(|r| r.replicas() > 0)
            .any(|r| desired_annotation(r).is_some_and(|x| x != d.replicas()));
        if d.spec.paused || scaling {
            // `sync`: scale only, no new ReplicaSet.
            let new = new_idx.map(|i| rss[i].clone());
            let olds: Vec<ReplicaSet> = rss
                .iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != new_idx)
                .map(|(_, r)| r.clone())
                .collect();
            if let Some(n) = &new {
                self.sync_revision(&d, n, &olds);
            }
            self.deploy_scale(&d, new.as_ref(), &olds);
            self.sync_deployment_status(key, false);
            return;
        }
        if d.spec.strategy.type_ == "Recreate" {
            self.rollout_recreate(&d, rss, new_idx);
        } else {
            self.rollout_rolling(&d, rss, new_idx);
        }
    }

    /// Brings the new ReplicaSet's revision to max(old)+1 and copies it to the Deployment.
    fn sync_revision(&mut self, d: &Deployment, new: &ReplicaSet, olds: &[ReplicaSet]) -> i64 {
        let max_old = olds.iter().map(|r| r.revision()).max().unwrap_or(0);
        let rev = if new.revision() <= max_old {
            max_old + 1
        } else {
            new.revision()
        };
        let nkey = (new.metadata.namespace.clone(), new.metadata.name.clone());
        if new.revision() != rev {
            self.store.update_replicaset(&nkey, |r| {
                r.metadata
                    .annotations
                    .insert(REVISION_ANNOTATION.into(), rev.to_string());
            });
        }
        let dkey = (d.metadata.namespace.clone(), d.metadata.name.clone());
        self.store.update_deployment(&dkey, |x| {
            x.metadata
                .annotations
                .insert(REVISION_ANNOTATION.into(), rev.to_string());
        });
        rev
    }

    /// Creates the ReplicaSet for the current template with `replicas`.
    fn create_new_rs(&mut self, d: &Deployment, olds: &[ReplicaSet], replicas: i64) -> ReplicaSet {
        let now = self.now();
        let hash = template_hash(&d.spec.template, None);
        let mut rs = ReplicaSet::default();
        rs.metadata.name = format!("{}-{hash}", d.metadata.name);
        rs.metadata.namespace = d.metadata.namespace.clone();
        rs.metadata.labels = d.spec.template.metadata.labels.clone();
        rs.metadata
            .labels
            .insert(POD_TEMPLATE_HASH_LABEL.into(), hash.clone());
        for (k, v) in &d.metadata.annotations {
            if k != "kubectl.kubernetes.io/last-applied-configuration"
                && !k.starts_with("deployment.kubernetes.io/")
            {
                rs.metadata.annotations.insert(k.clone(), v.clone());
            }
        }
        let rev = olds.iter().map(|r| r.revision()).max().unwrap_or(0) + 1;
        rs.metadata
            .annotations
            .insert(REVISION_ANNOTATION.into(), rev.to_string());
        rs.metadata
            .annotations
            .insert(DESIRED_REPLICAS_ANNOTATION.into(), d.replicas().to_string());
        rs.metadata.annotations.insert(
            MAX_REPLICAS_ANNOTATION.into(),
            (d.replicas() + max_surge(d)).to_string(),
        );
        rs.metadata.owner_references = vec![deployment_owner_ref(d)];
        rs.metadata.generation = 1;
        rs.spec.replicas = Some(replicas);
        rs.spec.min_ready_seconds = d.spec.min_ready_seconds;
        let mut sel = d.spec.selector.clone().unwrap_or_default();
        sel.match_labels
            .insert(POD_TEMPLATE_HASH_LABEL.into(), hash.clone());
        rs.spec.selector = Some(sel);
        rs.spec.template = d.spec.template.clone();
        rs.spec
            .template
            .metadata
            .labels
            .insert(POD_TEMPLATE_HASH_LABEL.into(), hash);
        let key = self.store.create_replicaset(rs, now);
        let dkey = (d.metadata.namespace.clone(), d.metadata.name.clone());
        let name = key.1.clone();
        if replicas > 0 {
            self.store.record_event(
                now,
                deploy_ref(d),
                "Normal",
                "ScalingReplicaSet",
                format!("Scaled up replica set {name} from 0 to {replicas}"),
                "deployment-controller",
                "",
            );
        }
        self.timeline.record(
            now,
            "deployment-controller",
            format!(
                "{}: created replica set {name} (revision {rev}, {replicas} replicas)",
                d.metadata.name
            ),
        );
        let ts = Timestamp(now);
        self.store.update_deployment(&dkey, |x| {
            x.metadata
                .annotations
                .insert(REVISION_ANNOTATION.into(), rev.to_string());
            if x.spec.progress_deadline_seconds.is_some() {
                set_condition(
                    &mut x.status,
                    condition(
                        "Progressing",
                        "True",
                        "NewReplicaSetCreated",
                        format!("Created new replica set \"{name}\""),
                        ts,
                    ),
                );
            }
        });
        self.store.replicaset(&key).cloned().expect("just created")
    }

    /// `scaleReplicaSet`: sets the size and the desired/max annotations; records
    /// `Scaled up|down replica set X from A to B` when the size changed.
    fn scale_rs(&mut self, d: &Deployment, rs: &ReplicaSet, size: i64) -> bool {
        let now = self.now();
        let key = (rs.metadata.namespace.clone(), rs.metadata.name.clone());
        let old = rs.replicas();
        let desired = d.replicas().to_string();
        let max = (d.replicas() + max_surge(d)).to_string();
        let needs = old != size
            || rs.metadata.annotations.get(DESIRED_REPLICAS_ANNOTATION) != Some(&desired)
            || rs.metadata.annotations.get(MAX_REPLICAS_ANNOTATION) != Some(&max);
        if !needs {
            return false;
        }
        self.store.update_replicaset(&key, |r| {
            if r.spec.replicas != Some(size) {
                r.metadata.generation += 1;
            }
            r.spec.replicas = Some(size);
            r.metadata
                .annotations
                .insert(DESIRED_REPLICAS_ANNOTATION.into(), desired.clone());
            r.metadata
                .annotations
                .insert(MAX_REPLICAS_ANNOTATION.into(), max.clone());
        });
        if old != size {
            let op = if old < size { "up" } else { "down" };
            self.store.record_event(
                now,
                deploy_ref(d),
                "Normal",
                "ScalingReplicaSet",
                format!(
                    "Scaled {op} replica set {} from {old} to {size}",
                    rs.metadata.name
                ),
                "deployment-controller",
                "",
            );
            self.timeline.record(
                now,
                "deployment-controller",
                format!(
                    "{}: scaled {op} {} from {old} to {size}",
                    d.metadata.name, rs.metadata.name
                ),
            );
        }
        old != size
    }

    /// `scale`: a replica count change spread over the active ReplicaSets in
    /// proportion to their size (`GetReplicaSetProportion`).
    fn deploy_scale(&mut self, d: &Deployment, new: Option<&ReplicaSet>, olds: &[ReplicaSet]) {
        let mut all: Vec<&ReplicaSet> = olds.iter().collect();
        if let Some(n) = new {
            all.push(n);
        }
        let active: Vec<&ReplicaSet> = all.iter().copied().filter(|r| r.replicas() > 0).collect();
        let target = match active.len() {
            0 => new.or_else(|| olds.last()),
            1 => Some(active[0]),
            _ => None,
        };
        if let Some(rs) = target {
            if rs.replicas() != d.replicas() {
                let rs = rs.clone();
                self.scale_rs(d, &rs, d.replicas());
            }
            return;
        }
        let saturated = new.is_some_and(|n| {
            n.replicas() == d.replicas()
                && desired_annotation(n) == Some(d.replicas())
                && n.status.available_replicas == d.replicas()
        });
        if saturated {
            for o in olds.iter().filter(|r| r.replicas() > 0) {
                let o = o.clone();
                self.scale_rs(d, &o, 0);
            }
            return;
        }
        if d.spec.strategy.type_ != "RollingUpdate" {
            return;
        }
        let mut active: Vec<ReplicaSet> = active.into_iter().cloned().collect();
        let total: i64 = active.iter().map(|r| r.replicas()).sum();
        let allowed = if d.replicas() > 0 {
            d.replicas() + max_surge(d)
        } else {
            0
        };
        let to_add = allowed - total;
        // Larger first; equal sizes: newer first when growing, older first when shrinking.
        crate::sort::by(&mut active, |a, b| {
            b.replicas().cmp(&a.replicas()).then_with(|| {
                let c = a
                    .metadata
                    .created()
                    .cmp(&b.metadata.created())
                    .then(a.metadata.name.cmp(&b.metadata.name));
                if to_add > 0 {
                    c.reverse()
                } else {
                    c
                }
            })
        });
        let mut added = 0i64;
        let mut sizes: Vec<i64> = Vec::new();
        for rs in &active {
            if to_add != 0 {
                let p = proportion(rs, d, to_add, added);
                sizes.push(rs.replicas() + p);
                added += p;
            } else {
                sizes.push(rs.replicas());
            }
        }
        for (i, rs) in active.iter().enumerate() {
            if i == 0 && to_add != 0 {
                sizes[0] = (sizes[0] + to_add - added).max(0);
            }
            self.scale_rs(d, rs, sizes[i]);
        }
    }

    fn rollout_rolling(&mut self, d: &Deployment, rss: Vec<ReplicaSet>, new_idx: Option<usize>) {
        let key = (d.metadata.namespace.clone(), d.metadata.name.clone());
        let mut olds: Vec<ReplicaSet> = rss
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != new_idx)
            .map(|(_, r)| r.clone())
            .collect();
        let new = match new_idx {
            Some(i) => {
                self.sync_revision(d, &rss[i], &olds);
                self.store
                    .replicaset(&(
                        rss[i].metadata.namespace.clone(),
                        rss[i].metadata.name.clone(),
                    ))
                    .cloned()
                    .expect("exists")
            }
            None => {
                let n = new_rs_replicas(d, &olds, None);
                self.create_new_rs(d, &olds, n)
            }
        };
        // reconcileNewReplicaSet
        let mut scaled = false;
        if new.replicas() > d.replicas() {
            scaled = self.scale_rs(d, &new, d.replicas());
        } else if new.replicas() < d.replicas() {
            let n = new_rs_replicas(d, &olds, Some(&new));
            scaled = self.scale_rs(d, &new, n);
        }
        if scaled {
            self.sync_deployment_status(&key, false);
            return;
        }
        // reconcileOldReplicaSets
        let old_count: i64 = olds.iter().map(|r| r.replicas()).sum();
        if old_count > 0 {
            let all_count = old_count + new.replicas();
            let min_available = d.replicas() - max_unavailable(d);
            let new_unavailable = new.replicas() - new.status.available_replicas;
            let max_scaled_down = all_count - min_available - new_unavailable;
            if max_scaled_down > 0 {
                // cleanupUnhealthyReplicas, oldest first.
                let mut cleaned = 0i64;
                for o in olds.iter_mut() {
                    if cleaned >= max_scaled_down {
                        break;
                    }
                    if o.replicas() == 0 || o.replicas() == o.status.available_replicas {
                        continue;
                    }
                    let n =
                        (max_scaled_down - cleaned).min(o.replicas() - o.status.available_replicas);
                    let size = o.replicas() - n;
                    self.scale_rs(d, o, size);
                    o.spec.replicas = Some(size);
                    cleaned += n;
                }
                // scaleDownOldReplicaSetsForRollingUpdate
                let available: i64 = olds
                    .iter()
                    .map(|r| r.status.available_replicas)
                    .sum::<i64>()
                    + new.status.available_replicas;
                let mut down = 0i64;
                if available > min_available {
                    let total = available - min_available;
                    for o in olds.iter_mut() {
                        if down >= total {
                            break;
                        }
                        if o.replicas() == 0 {
                            continue;
                        }
                        let n = o.replicas().min(total - down);
                        let size = o.replicas() - n;
                        self.scale_rs(d, o, size);
                        o.spec.replicas = Some(size);
                        down += n;
                    }
                }
                if cleaned + down > 0 {
                    self.sync_deployment_status(&key, false);
                    return;
                }
            }
        }
        self.sync_deployment_status(&key, true);
    }

    fn rollout_recreate(&mut self, d: &Deployment, rss: Vec<ReplicaSet>, new_idx: Option<usize>) {
        let key = (d.metadata.namespace.clone(), d.metadata.name.clone());
        let olds: Vec<ReplicaSet> = rss
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != new_idx)
            .map(|(_, r)| r.clone())
            .collect();
        let mut down = false;
        for o in olds.iter().filter(|r| r.replicas() > 0) {
            down |= self.scale_rs(d, o, 0);
        }
        if down {
            self.sync_deployment_status(&key, false);
            return;
        }
        // Wait until no old pod is running (terminating pods included).
        let old_running = olds.iter().any(|o| {
            self.store
                .pods_owned_by(&o.metadata.uid)
                .filter_map(|k| self.store.pod(k))
                .any(|p| !p.is_terminal())
        });
        if old_running {
            self.sync_deployment_status(&key, false);
            return;
        }
        let new = match new_idx {
            Some(i) => {
                self.sync_revision(d, &rss[i], &olds);
                rss[i].clone()
            }
            None => self.create_new_rs(d, &olds, d.replicas()),
        };
        self.scale_rs(d, &new, d.replicas());
        self.sync_deployment_status(&key, true);
    }

    /// `cleanupDeployment`: deletes the oldest fully scaled-down ReplicaSets beyond
    /// `revisionHistoryLimit`.
    fn cleanup_history(&mut self, d: &Deployment) {
        let limit = d.spec.revision_history_limit.unwrap_or(10).max(0) as usize;
        let rss = replicasets_of(self, d);
        let new_idx = find_new(d, &rss);
        let mut cleanable: Vec<&ReplicaSet> = rss
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != new_idx)
            .map(|(_, r)| r)
            .filter(|r| r.replicas() == 0 && r.status.replicas == 0 && !r.metadata.is_deleting())
            .collect();
        if cleanable.len() <= limit {
            return;
        }
        crate::sort::by_key(&mut cleanable, |r| (r.revision(), r.metadata.created()));
        let n = cleanable.len() - limit;
        let gone: Vec<Key> = cleanable[..n]
            .iter()
            .map(|r| (r.metadata.namespace.clone(), r.metadata.name.clone()))
            .collect();
        let now = self.now();
        for k in gone {
            self.store.remove_replicaset(&k);
            self.timeline.record(
                now,
                "deployment-controller",
                format!(
                    "{}: deleted old replica set {} (revisionHistoryLimit)",
                    d.metadata.name, k.1
                ),
            );
        }
    }

    /// `syncRolloutStatus`: counts, the Available and Progressing conditions, and
    /// (when `may_clean`, the rollout being complete) history cleanup.
    fn sync_deployment_status(&mut self, key: &Key, may_clean: bool) {
        let Some(d) = self.store.deployment(key).cloned() else {
            return;
        };
        let now = self.now();
        let ts = Timestamp(now);
        let rss = replicasets_of(self, &d);
        let new_idx = find_new(&d, &rss);
        let sum = |f: &dyn Fn(&ReplicaSet) -> i64| rss.iter().map(f).sum::<i64>();
        let mut s = d.status.clone();
        s.observed_generation = d.metadata.generation;
        s.replicas = sum(&|r| r.status.replicas);
        s.updated_replicas = new_idx.map(|i| rss[i].status.replicas).unwrap_or(0);
        s.ready_replicas = sum(&|r| r.status.ready_replicas);
        s.available_replicas = sum(&|r| r.status.available_replicas);
        s.unavailable_replicas = (d.replicas() - s.available_replicas).max(0);
        if s.available_replicas >= d.replicas() - max_unavailable(&d) {
            set_condition(
                &mut s,
                condition(
                    "Available",
                    "True",
                    "MinimumReplicasAvailable",
                    "Deployment has minimum availability.".into(),
                    ts,
                ),
            );
        } else {
            set_condition(
                &mut s,
                condition(
                    "Available",
                    "False",
                    "MinimumReplicasUnavailable",
                    "Deployment does not have minimum availability.".into(),
                    ts,
                ),
            );
        }
        let complete = s.updated_replicas == d.replicas()
            && s.replicas == d.replicas()
            && s.available_replicas == d.replicas()
            && s.observed_generation >= d.metadata.generation;
        let new_name = new_idx.map(|i| rss[i].metadata.name.clone());
        let what = |suffix: &str| match &new_name {
            Some(n) => format!("ReplicaSet \"{n}\" {suffix}"),
            None => format!("Deployment \"{}\" {suffix}", d.metadata.name),
        };
        let mut wake = None;
        if let Some(deadline) = d.spec.progress_deadline_seconds {
            let cur = s
                .conditions
                .iter()
                .find(|c| c.type_ == "Progressing")
                .cloned();
            let is_complete = s.replicas == s.updated_replicas
                && cur
                    .as_ref()
                    .is_some_and(|c| c.reason == "NewReplicaSetAvailable");
            if !is_complete {
                let old_olds = d.status.replicas - d.status.updated_replicas;
                let new_olds = s.replicas - s.updated_replicas;
                let progressing = s.updated_replicas > d.status.updated_replicas
                    || new_olds < old_olds
                    || s.ready_replicas > d.status.ready_replicas
                    || s.available_replicas > d.status.available_replicas;
                if complete {
                    set_condition(
                        &mut s,
                        condition(
                            "Progressing",
                            "True",
                            "NewReplicaSetAvailable",
                            what("has successfully progressed."),
                            ts,
                        ),
                    );
                } else if progressing {
                    let mut c = condition(
                        "Progressing",
                        "True",
                        "ReplicaSetUpdated",
                        what("is progressing."),
                        ts,
                    );
                    if let Some(cur) = &cur {
                        if cur.status == "True" {
                            c.last_transition_time = cur.last_transition_time;
                        }
                    }
                    s.conditions.retain(|x| x.type_ != "Progressing");
                    s.conditions.push(c);
                    wake = Some(deadline as u64 * 1000 + 1000);
                } else if let Some(cur) = &cur {
                    let updated = cur.last_update_time.map(|t| t.0).unwrap_or_default();
                    let timed_out = cur.reason != "ProgressDeadlineExceeded"
                        && now.since(updated) > deadline as u64 * 1000;
                    if timed_out {
                        set_condition(
                            &mut s,
                            condition(
                                "Progressing",
                                "False",
                                "ProgressDeadlineExceeded",
                                what("has timed out progressing."),
                                ts,
                            ),
                        );
                    } else if cur.reason != "ProgressDeadlineExceeded" {
                        let at = updated.plus(deadline as u64 * 1000 + 1000);
                        wake = Some(at.since(now).max(1));
                    }
                }
            }
        } else {
            s.conditions.retain(|c| c.type_ != "Progressing");
        }
        // `getReplicaFailures`: the new ReplicaSet's ReplicaFailure, else an old
        // one's, becomes the Deployment's (its update time is the transition time).
        let failure = new_idx
            .map(|i| &rss[i])
            .into_iter()
            .chain(rss.iter())
            .flat_map(|r| &r.status.conditions)
            .find(|c| c.type_ == REPLICA_FAILURE);
        match failure {
            Some(f) => set_condition(
                &mut s,
                WorkloadCondition {
                    last_update_time: f.last_transition_time,
                    ..f.clone()
                },
            ),
            None => s.conditions.retain(|c| c.type_ != REPLICA_FAILURE),
        }
        if s != d.status {
            self.store.update_deployment(key, |x| x.status = s);
        }
        if let Some(w) = wake {
            let at = now.plus(w);
            let t = Timer::SyncDeployment(key.clone());
            if !self.queue.contains_by(at, &t) {
                self.queue.push(at, t);
            }
        }
        if may_clean && complete {
            self.cleanup_history(&d);
        }
    }
}

/// `NewRSNewReplicas` for RollingUpdate: grow the new ReplicaSet while all
/// ReplicaSets together stay within replicas + maxSurge.
fn new_rs_replicas(d: &Deployment, olds: &[ReplicaSet], new: Option<&ReplicaSet>) -> i64 {
    if d.spec.strategy.type_ != "RollingUpdate" {
        return d.replicas();
    }
    let cur_new = new.map(|n| n.replicas()).unwrap_or(0);
    let current: i64 = olds.iter().map(|r| r.replicas()).sum::<i64>() + cur_new;
    let max_total = d.replicas() + max_surge(d);
    if current >= max_total {
        return cur_new;
    }
    let up = (max_total - current).min(d.replicas() - cur_new);
    cur_new + up
}

/// `GetReplicaSetProportion`.
fn proportion(rs: &ReplicaSet, d: &Deployment, to_add: i64, added: i64) -> i64 {
    if rs.replicas() == 0 || to_add == 0 || to_add == added {
        return 0;
    }
    let fraction = if d.replicas() == 0 {
        -rs.replicas()
    } else {
        let deployment_replicas = d.replicas() + max_surge(d);
        let annotated = rs
            .metadata
            .annotations
            .get(MAX_REPLICAS_ANNOTATION)
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(d.status.replicas);
        if annotated == 0 {
            0
        } else {
            let f = (rs.replicas() * deployment_replicas) as f64 / annotated as f64;
            f.round() as i64 - rs.replicas()
        }
    };
    let allowed = to_add - added;
    if to_add > 0 {
        fraction.min(allowed)
    } else {
        fraction.max(allowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::deployment::RollingUpdateDeployment;
    use crate::model::IntOrString;

    fn dep(replicas: i64, surge: IntOrString, unavailable: IntOrString) -> Deployment {
        let mut d = Deployment::default();
        d.spec.replicas = Some(replicas);
        d.spec.strategy.type_ = "RollingUpdate".into();
        d.spec.strategy.rolling_update = Some(RollingUpdateDeployment {
            max_surge: Some(surge),
            max_unavailable: Some(unavailable),
        });
        d
    }

    #[test]
    fn surge_rounds_up_and_unavailable_rounds_down() {
        let p = |s: &str| IntOrString::Str(s.into());
        assert_eq!(fenceposts(&dep(10, p("25%"), p("25%"))), (3, 2));
        assert_eq!(fenceposts(&dep(3, p("25%"), p("25%"))), (1, 0));
        assert_eq!(fenceposts(&dep(1, p("0%"), p("25%"))), (0, 1));
    }
}
