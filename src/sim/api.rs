//! What the API server does when a user (kubectl) writes: defaulting and generation
//! bookkeeping, namespace checks, deletion with cascade. Validation of manifests
//! lives in [`crate::manifest`]; these methods take objects that already passed it.

use super::{Cascade, Simulation};
use crate::clock::SimTime;
use crate::model::daemonset::TEMPLATE_GENERATION_ANNOTATION;
use crate::model::meta::Timestamp;
use crate::model::{DaemonSet, GenericObject, Node, Pod, ReplicaSet};
use crate::store::Key;
use std::collections::BTreeMap;

/// What an apply did, as kubectl words it (`created`, `configured`, `unchanged`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// A new object.
    Created,
    /// An existing object changed.
    Configured,
    /// Nothing changed.
    Unchanged,
}

impl Applied {
    /// kubectl's word for it.
    pub fn word(self) -> &'static str {
        match self {
            Applied::Created => "created",
            Applied::Configured => "configured",
            Applied::Unchanged => "unchanged",
        }
    }
}

impl Simulation {
    /// `Error from server (NotFound): namespaces "x" not found` unless `ns` exists.
    pub fn check_namespace(&self, ns: &str) -> Result<(), String> {
        if ns == "default"
            || ns == "kube-system"
            || ns == "kube-public"
            || ns == "kube-node-lease"
            || self.store.has_object("Namespace", "", ns)
        {
            Ok(())
        } else {
            Err(format!(
                "Error from server (NotFound): namespaces \"{ns}\" not found"
            ))
        }
    }

    /// Creates or updates a DaemonSet as the API server does (registry strategy):
    /// on create generation 1 and template generation 1; on update the generation
    /// goes up when the spec changed, the template generation when the template
    /// changed; status is kept. `ds` must already be defaulted and validated.
    pub fn apply_daemonset(&mut self, mut ds: DaemonSet) -> Result<Applied, String> {
        if ds.metadata.namespace.is_empty() {
            ds.metadata.namespace = "default".into();
        }
        self.check_namespace(&ds.metadata.namespace)?;
        let key: Key = (ds.metadata.namespace.clone(), ds.metadata.name.clone());
        let now = self.now();
        match self.store.daemonset(&key).cloned() {
            None => {
                ds.status = Default::default();
                ds.metadata.generation = 1;
                ds.metadata.deletion_timestamp = None;
                ds.metadata
                    .annotations
                    .insert(TEMPLATE_GENERATION_ANNOTATION.into(), "1".into());
                self.store.create_daemonset(ds, now);
                self.note_user(format!("daemonset {} created", key.1));
                Ok(Applied::Created)
            }
            Some(_) => {
                let changed = self.update_daemonset(&key, |cur| {
                    cur.spec = ds.spec.clone();
                    cur.metadata.labels = ds.metadata.labels.clone();
                    let tg = cur
                        .metadata
                        .annotations
                        .get(TEMPLATE_GENERATION_ANNOTATION)
                        .cloned();
                    cur.metadata.annotations = ds.metadata.annotations.clone();
                    if let Some(tg) = tg {
                        cur.metadata
                            .annotations
                            .insert(TEMPLATE_GENERATION_ANNOTATION.into(), tg);
                    }
                })?;
                Ok(if changed {
                    Applied::Configured
                } else {
                    Applied::Unchanged
                })
            }
        }
    }

    /// Changes an existing DaemonSet (`set image`, `patch`, `rollout undo|restart`),
    /// with the API server's generation bookkeeping. Returns whether anything changed.
    pub fn update_daemonset(
        &mut self,
        key: &Key,
        f: impl FnOnce(&mut DaemonSet),
    ) -> Result<bool, String> {
        let Some(old) = self.store.daemonset(key).cloned() else {
            return Err(format!(
                "Error from server (NotFound): daemonsets.apps \"{}\" not found",
                key.1
            ));
        };
        let mut new = old.clone();
        f(&mut new);
        new.status = old.status.clone();
        new.metadata.uid = old.metadata.uid.clone();
        new.metadata.generation = old.metadata.generation;
        if new.spec.template != old.spec.template {
            new.metadata.generation += 1;
            let tg = old.template_generation().unwrap_or(1) + 1;
            new.metadata
                .annotations
                .insert(TEMPLATE_GENERATION_ANNOTATION.into(), tg.to_string());
        } else if new.spec != old.spec {
            new.metadata.generation += 1;
        }
        if new == old {
            return Ok(false);
        }
        self.store.update_daemonset(key, |d| *d = new);
        self.note_user(format!("daemonset {} updated", key.1));
        Ok(true)
    }

    /// Deletes a DaemonSet with the given propagation.
    pub fn delete_daemonset(&mut self, key: &Key, cascade: Cascade) -> Result<(), String> {
        let Some(ds) = self.store.daemonset(key).cloned() else {
            return Err(format!(
                "Error from server (NotFound): daemonsets.apps \"{}\" not found",
                key.1
            ));
        };
        let uid = ds.metadata.uid.clone();
        let pods: Vec<Key> = self.store.pods_owned_by(&uid).cloned().collect();
        let revs: Vec<Key> = self
            .store
            .revisions()
            .iter()
            .filter(|(_, r)| r.metadata.controller_ref().is_some_and(|o| o.uid == uid))
            .map(|(k, _)| k.clone())
            .collect();
        match cascade {
            Cascade::Orphan => {
                for p in &pods {
                    self.store
                        .update_pod(p, |p| p.metadata.owner_references.retain(|o| o.uid != uid));
                }
                for r in &revs {
                    self.store.update_revision(r, |r| {
                        r.metadata.owner_references.retain(|o| o.uid != uid)
                    });
                }
                self.store.remove_daemonset(key);
            }
            Cascade::Background => {
                self.store.remove_daemonset(key);
                for p in &pods {
                    self.delete_pod_graceful(p);
                }
                for r in &revs {
                    self.store.remove_revision(r);
                }
            }
            Cascade::Foreground => {
                let now = self.now();
                self.store
                    .update_daemonset(key, |d| mark_foreground_deletion(&mut d.metadata, now));
                for p in &pods {
                    self.delete_pod_graceful(p);
                }
                for r in &revs {
                    self.store.remove_revision(r);
                }
                self.finish_foreground_deletions();
            }
        }
        self.note_user(format!("daemonset {} deleted ({cascade:?})", key.1));
        Ok(())
    }

    /// Removes objects being deleted in the foreground once their dependents are
    /// gone: DaemonSets and ReplicaSets when their pods are, then Deployments when
    /// their ReplicaSets are.
    pub(crate) fn finish_foreground_deletions(&mut self) {
        let store = &self.store;
        let no_pods = |uid: &str| store.pods_owned_by(uid).next().is_none();
        let ds = dependents_gone(store.daemonsets(), |d| &d.metadata, no_pods);
        let rs = dependents_gone(store.replicasets(), |r| &r.metadata, no_pods);
        for k in ds {
            self.store.remove_daemonset(&k);
        }
        for k in rs {
            self.store.remove_replicaset(&k);
        }
        // After the ReplicaSets just removed: a Deployment may go in the same pass.
        let store = &self.store;
        let no_rs = |uid: &str| {
            !store
                .replicasets()
                .values()
                .any(|r| r.metadata.controller_ref().is_some_and(|o| o.uid == uid))
        };
        let deploys = dependents_gone(store.deployments(), |d| &d.metadata, no_rs);
        for k in deploys {
            self.store.remove_deployment(&k);
        }
    }

    /// `kubectl delete pod`: graceful deletion.
    pub fn delete_pod(&mut self, key: &Key) -> Result<(), String> {
        if self.store.pod(key).is_none() {
            return Err(format!(
                "Error from server (NotFound): pods \"{}\" not found",
                key.1
            ));
        }
        self.note_user(format!("pod {} deleted", key.1));
        self.delete_pod_graceful(key);
        Ok(())
    }

    /// Creates a bare pod (from a manifest); the scheduler and kubelet take it on.
    pub fn create_pod(&mut self, mut pod: Pod) -> Result<Applied, String> {
        if pod.metadata.namespace.is_empty() {
            pod.metadata.namespace = "default".into();
        }
        self.check_namespace(&pod.metadata.namespace)?;
        if self.store.pod(&pod.key()).is_some() {
            return Ok(Applied::Unchanged);
        }
        pod.status = Default::default();
        pod.status.phase = "Pending".into();
        let now = self.now();
        self.store.add_pod(pod, now);
        Ok(Applied::Created)
    }

    /// Changes a pod's metadata (`kubectl label|annotate pods`).
    pub fn update_pod_metadata(
        &mut self,
        key: &Key,
        f: impl FnOnce(&mut crate::model::ObjectMeta),
    ) -> Result<(), String> {
        if !self.store.update_pod(key, |p| f(&mut p.metadata)) {
            return Err(format!(
                "Error from server (NotFound): pods \"{}\" not found",
                key.1
            ));
        }
        Ok(())
    }

    /// Creates or updates a Node object from a manifest (`kubectl apply` of a Node).
    pub fn apply_node(&mut self, node: Node) -> Result<Applied, String> {
        let name = node.metadata.name.clone();
        if self.store.node(&name).is_some() {
            let changed = self.update_node(&name, |n| {
                n.metadata.labels = node.metadata.labels.clone();
                n.metadata.annotations = node.metadata.annotations.clone();
                n.spec.taints = node.spec.taints.clone();
                n.spec.unschedulable = node.spec.unschedulable;
            })?;
            return Ok(if changed {
                Applied::Configured
            } else {
                Applied::Unchanged
            });
        }
        let mut input = super::NodeInput {
            name,
            labels: node.metadata.labels.clone(),
            taints: node.spec.taints.clone(),
            unschedulable: node.spec.unschedulable,
            ready: true,
            allocatable: node.status.allocatable.clone(),
        };
        input.labels.retain(|_, _| true);
        self.add_node(input)?;
        Ok(Applied::Created)
    }

    /// Changes a node (labels, annotations, taints, `spec.unschedulable`). The node
    /// lifecycle controller then keeps the condition taints in step.
    pub fn update_node(&mut self, name: &str, f: impl FnOnce(&mut Node)) -> Result<bool, String> {
        let Some(before) = self.store.node(name).cloned() else {
            return Err(format!(
                "Error from server (NotFound): nodes \"{name}\" not found"
            ));
        };
        self.store.update_node(name, f);
        self.reconcile_node_taints(name);
        Ok(self.store.node(name) != Some(&before))
    }

    /// Creates or updates any other object (Namespace, ServiceAccount, ConfigMap…).
    pub fn apply_object(&mut self, mut obj: GenericObject) -> Result<Applied, String> {
        let cluster_scoped = crate::manifest::is_cluster_scoped(&obj.kind);
        if cluster_scoped {
            obj.metadata.namespace.clear();
        } else {
            if obj.metadata.namespace.is_empty() {
                obj.metadata.namespace = "default".into();
            }
            self.check_namespace(&obj.metadata.namespace)?;
        }
        // Applying over what the cluster made itself (the `kubernetes` Service, a
        // `kube-root-ca.crt`) updates that object.
        self.store
            .materialize_builtin(&obj.kind, &obj.metadata.namespace, &obj.metadata.name);
        let existing = self
            .store
            .objects()
            .get(&(
                obj.kind.clone(),
                obj.metadata.namespace.clone(),
                obj.metadata.name.clone(),
            ))
            .cloned();
        if obj.kind == "Service" {
            self.default_service(&mut obj, existing.as_ref());
        }
        if obj.kind == "Secret" && !obj.body.contains_key("type") {
            // SetDefaults_Secret.
            obj.body.insert("type".into(), "Opaque".into());
        }
        if let Some(e) = &existing {
            if e.body == obj.body
                && e.metadata.labels == obj.metadata.labels
                && e.metadata.annotations == obj.metadata.annotations
            {
                return Ok(Applied::Unchanged);
            }
        }
        let now = self.now();
        let (kind, ns) = (obj.kind.clone(), obj.metadata.namespace.clone());
        let new = self.store.put_object(obj, now);
        if kind == "ConfigMap" {
            self.store.reconcile_root_ca(&ns, now);
        }
        // A ServiceAccount, PriorityClass or Namespace may be what failed creations lacked.
        self.queue.promote_retries();
        Ok(if new {
            Applied::Created
        } else {
            Applied::Configured
        })
    }

    /// The API server's Service defaults; the cluster IP is kept from the stored
    /// object (it is immutable) or allocated.
    fn default_service(&self, obj: &mut GenericObject, existing: Option<&GenericObject>) {
        use crate::model::service;
        let stored_ip = existing
            .and_then(|e| e.body.get("spec"))
            .and_then(|s| s.get("clusterIP"))
            .and_then(|ip| ip.as_str())
            .map(String::from);
        let (ns, name) = (obj.metadata.namespace.clone(), obj.metadata.name.clone());
        let taken: Vec<String> = self
            .store
            .objects()
            .iter()
            .filter(|((kind, _, _), _)| kind == "Service")
            .filter_map(|(_, o)| {
                o.body
                    .get("spec")?
                    .get("clusterIP")?
                    .as_str()
                    .map(String::from)
            })
            .chain([service::KUBERNETES_SERVICE_IP.to_string()])
            .collect();
        service::default_service(&mut obj.body, || {
            stored_ip.unwrap_or_else(|| service::allocate_cluster_ip(&ns, &name, &taken))
        });
    }

    /// The `kubernetes` Service every cluster has in `default` (the API server
    /// recreates it if deleted), unless a stored object of that name stands in for it.
    pub fn kubernetes_service(&self) -> Option<GenericObject> {
        self.store.kubernetes_service()
    }

    /// Deletes any other object. Deleting a namespace deletes what is in it. The
    /// objects the cluster keeps for itself (the `kubernetes` Service, each
    /// namespace's `kube-root-ca.crt`) come straight back as new objects, as the API
    /// server and the root-ca-cert-publisher recreate them.
    pub fn delete_object(&mut self, kind: &str, ns: &str, name: &str) -> Result<(), String> {
        let builtin = self.store.builtin_object(kind, ns, name);
        let removed = self.store.remove_object(kind, ns, name);
        if let Some(mut again) = builtin {
            again.metadata.uid.clear();
            let now = self.now();
            self.store.put_object(again, now);
            return Ok(());
        }
        if removed.is_none() {
            return Err(format!(
                "Error from server (NotFound): {} \"{name}\" not found",
                crate::manifest::resource_plural(kind)
            ));
        }
        if kind == "Namespace" {
            let dss: Vec<Key> = self
                .store
                .daemonsets()
                .keys()
                .filter(|k| k.0 == name)
                .cloned()
                .collect();
            for k in dss {
                let _ = self.delete_daemonset(&k, Cascade::Background);
            }
            let pods: Vec<Key> = self
                .store
                .pods()
                .keys()
                .filter(|k| k.0 == name)
                .cloned()
                .collect();
            for k in pods {
                self.delete_pod_graceful(&k);
            }
            let others: Vec<(String, String, String)> = self
                .store
                .objects()
                .keys()
                .filter(|k| k.1 == name)
                .cloned()
                .collect();
            for (k, n, nm) in others {
                self.store.remove_object(&k, &n, &nm);
            }
        }
        Ok(())
    }

    /// Records a user action on the timeline.
    pub(crate) fn note_user(&mut self, what: String) {
        let now = self.now();
        self.timeline.record(now, "user", what);
    }

    /// Sets the clock (tests only).
    pub fn debug_set_now(&mut self, t: SimTime) {
        self.set_now_for_tests(t);
    }
}

/// What the API server does on writes to Deployments and ReplicaSets.
impl Simulation {
    /// Creates or updates a Deployment (defaulted and validated already): generation
    /// 1 on create, +1 when the spec changes; status and the revision annotation kept.
    pub fn apply_deployment(&mut self, mut d: crate::model::Deployment) -> Result<Applied, String> {
        use crate::model::deployment::REVISION_ANNOTATION;
        if d.metadata.namespace.is_empty() {
            d.metadata.namespace = "default".into();
        }
        self.check_namespace(&d.metadata.namespace)?;
        let key: Key = (d.metadata.namespace.clone(), d.metadata.name.clone());
        let now = self.now();
        match self.store.deployment(&key).cloned() {
            None => {
                d.status = Default::default();
                d.metadata.generation = 1;
                d.metadata.deletion_timestamp = None;
                self.store.create_deployment(d, now);
                self.note_user(format!("deployment {} created", key.1));
                Ok(Applied::Created)
            }
            Some(_) => {
                let changed = self.update_deployment(&key, |cur| {
                    cur.spec = d.spec.clone();
                    cur.metadata.labels = d.metadata.labels.clone();
                    let rev = cur.metadata.annotations.get(REVISION_ANNOTATION).cloned();
                    cur.metadata.annotations = d.metadata.annotations.clone();
                    if let Some(rev) = rev {
                        cur.metadata
                            .annotations
                            .insert(REVISION_ANNOTATION.into(), rev);
                    }
                })?;
                Ok(if changed {
                    Applied::Configured
                } else {
                    Applied::Unchanged
                })
            }
        }
    }

    /// Changes an existing Deployment with the generation bookkeeping; returns
    /// whether anything changed.
    pub fn update_deployment(
        &mut self,
        key: &Key,
        f: impl FnOnce(&mut crate::model::Deployment),
    ) -> Result<bool, String> {
        let Some(old) = self.store.deployment(key).cloned() else {
            return Err(format!(
                "Error from server (NotFound): deployments.apps \"{}\" not found",
                key.1
            ));
        };
        let mut new = old.clone();
        f(&mut new);
        new.status = old.status.clone();
        let spec_changed = new.spec != old.spec;
        keep_server_fields(&mut new.metadata, &old.metadata, spec_changed);
        if new == old {
            return Ok(false);
        }
        self.store.update_deployment(key, |d| *d = new);
        self.note_user(format!("deployment {} updated", key.1));
        Ok(true)
    }

    /// Creates or updates a ReplicaSet (defaulted and validated already).
    pub fn apply_replicaset(
        &mut self,
        mut rs: crate::model::ReplicaSet,
    ) -> Result<Applied, String> {
        if rs.metadata.namespace.is_empty() {
            rs.metadata.namespace = "default".into();
        }
        self.check_namespace(&rs.metadata.namespace)?;
        let key: Key = (rs.metadata.namespace.clone(), rs.metadata.name.clone());
        let now = self.now();
        match self.store.replicaset(&key).cloned() {
            None => {
                rs.status = Default::default();
                rs.metadata.generation = 1;
                rs.metadata.deletion_timestamp = None;
                self.store.create_replicaset(rs, now);
                self.note_user(format!("replicaset {} created", key.1));
                Ok(Applied::Created)
            }
            Some(_) => {
                let changed = self.update_replicaset(&key, |cur| {
                    cur.spec = rs.spec.clone();
                    cur.metadata.labels = rs.metadata.labels.clone();
                    cur.metadata.annotations = rs.metadata.annotations.clone();
                })?;
                Ok(if changed {
                    Applied::Configured
                } else {
                    Applied::Unchanged
                })
            }
        }
    }

    /// Changes an existing ReplicaSet (generation +1 when the spec changes).
    pub fn update_replicaset(
        &mut self,
        key: &Key,
        f: impl FnOnce(&mut crate::model::ReplicaSet),
    ) -> Result<bool, String> {
        let Some(old) = self.store.replicaset(key).cloned() else {
            return Err(format!(
                "Error from server (NotFound): replicasets.apps \"{}\" not found",
                key.1
            ));
        };
        let mut new = old.clone();
        f(&mut new);
        new.status = old.status.clone();
        let spec_changed = new.spec != old.spec;
        keep_server_fields(&mut new.metadata, &old.metadata, spec_changed);
        if new == old {
            return Ok(false);
        }
        self.store.update_replicaset(key, |r| *r = new);
        Ok(true)
    }

    /// What the API server's admission does to a pod a controller creates: the
    /// service account and priority class must exist; the priority is resolved.
    pub(crate) fn admit_controller_pod(&self, pod: &mut Pod, owner: &str) -> Result<(), String> {
        let ns = pod.metadata.namespace.clone();
        let sa = pod.spec.service_account_name.clone();
        if !sa.is_empty() && sa != "default" && !self.store.has_object("ServiceAccount", &ns, &sa) {
            return Err(format!(
                "pods \"{owner}-\" is forbidden: error looking up service account {ns}/{sa}: serviceaccount \"{sa}\" not found"
            ));
        }
        let pc = pod.spec.priority_class_name.clone();
        if !pc.is_empty() {
            match pc.as_str() {
                "system-node-critical" => pod.spec.priority = Some(2_000_001_000),
                "system-cluster-critical" => pod.spec.priority = Some(2_000_000_000),
                _ => {
                    let Some(obj) = self.store.objects().get(&(
                        "PriorityClass".to_string(),
                        String::new(),
                        pc.clone(),
                    )) else {
                        return Err(format!(
                            "pods \"{owner}-\" is forbidden: no PriorityClass with name {pc} was found"
                        ));
                    };
                    pod.spec.priority = obj.body.get("value").and_then(|v| v.as_i64());
                }
            }
        } else {
            pod.spec.priority = Some(0);
        }
        if pod.spec.service_account_name.is_empty() {
            pod.spec.service_account_name = "default".into();
        }
        Ok(())
    }

    /// `generateName: <prefix>-`: the API server appends five random characters
    /// (from the seeded generator), retrying on a name already taken.
    pub(crate) fn generate_pod_name(&mut self, ns: &str, prefix: &str) -> String {
        loop {
            let candidate = format!("{prefix}-{}", self.rng.name_suffix(5));
            if self
                .store
                .pod(&(ns.to_string(), candidate.clone()))
                .is_none()
            {
                return candidate;
            }
        }
    }

    /// Deletes a ReplicaSet: background and foreground delete its pods (the
    /// garbage collector's work), orphan releases them.
    pub fn delete_replicaset(&mut self, key: &Key, cascade: Cascade) -> Result<(), String> {
        let Some(rs) = self.store.replicaset(key).cloned() else {
            return Err(format!(
                "Error from server (NotFound): replicasets.apps \"{}\" not found",
                key.1
            ));
        };
        self.delete_replicaset_cascading(key, &rs, cascade);
        self.note_user(format!("replicaset {} deleted ({cascade:?})", key.1));
        Ok(())
    }

    /// The API server and garbage collector's part of deleting a ReplicaSet.
    /// Foreground: the ReplicaSet stays, with a deletion timestamp and the
    /// `foregroundDeletion` finalizer, until its pods are gone
    /// ([`Simulation::finish_foreground_deletions`]).
    fn delete_replicaset_cascading(&mut self, key: &Key, rs: &ReplicaSet, cascade: Cascade) {
        let uid = rs.metadata.uid.clone();
        let pods: Vec<Key> = self.store.pods_owned_by(&uid).cloned().collect();
        match cascade {
            Cascade::Orphan => {
                self.store.remove_replicaset(key);
                for p in &pods {
                    self.store
                        .update_pod(p, |p| p.metadata.owner_references.retain(|o| o.uid != uid));
                }
            }
            Cascade::Background => {
                self.store.remove_replicaset(key);
                for p in &pods {
                    self.delete_pod_graceful(p);
                }
            }
            Cascade::Foreground => {
                let now = self.now();
                self.store
                    .update_replicaset(key, |r| mark_foreground_deletion(&mut r.metadata, now));
                for p in &pods {
                    self.delete_pod_graceful(p);
                }
            }
        }
    }

    /// Deletes a Deployment and (unless orphaned) its ReplicaSets and their pods.
    /// Foreground: the Deployment and its ReplicaSets stay, marked for deletion,
    /// until the pods and then the ReplicaSets are gone (the garbage collector
    /// deletes a dependent that has dependents of its own in the foreground too).
    pub fn delete_deployment(&mut self, key: &Key, cascade: Cascade) -> Result<(), String> {
        let Some(d) = self.store.deployment(key).cloned() else {
            return Err(format!(
                "Error from server (NotFound): deployments.apps \"{}\" not found",
                key.1
            ));
        };
        let uid = d.metadata.uid.clone();
        let rss: Vec<Key> = self
            .store
            .replicasets()
            .iter()
            .filter(|(_, r)| r.metadata.controller_ref().is_some_and(|o| o.uid == uid))
            .map(|(k, _)| k.clone())
            .collect();
        match cascade {
            Cascade::Orphan => {
                self.store.remove_deployment(key);
                for k in &rss {
                    self.store.update_replicaset(k, |r| {
                        r.metadata.owner_references.retain(|o| o.uid != uid)
                    });
                }
            }
            Cascade::Background => {
                self.store.remove_deployment(key);
                for k in &rss {
                    if let Some(rs) = self.store.replicaset(k).cloned() {
                        self.delete_replicaset_cascading(k, &rs, Cascade::Background);
                    }
                }
            }
            Cascade::Foreground => {
                let now = self.now();
                self.store
                    .update_deployment(key, |d| mark_foreground_deletion(&mut d.metadata, now));
                for k in &rss {
                    if let Some(rs) = self.store.replicaset(k).cloned() {
                        self.delete_replicaset_cascading(k, &rs, Cascade::Foreground);
                    }
                }
                self.finish_foreground_deletions();
            }
        }
        self.note_user(format!("deployment {} deleted ({cascade:?})", key.1));
        Ok(())
    }
}

/// What a delete with `propagationPolicy: Foreground` writes: a deletion timestamp
/// and the `foregroundDeletion` finalizer the garbage collector removes last.
fn mark_foreground_deletion(meta: &mut crate::model::ObjectMeta, now: SimTime) {
    meta.deletion_timestamp = Some(Timestamp(now));
    meta.finalizers.push("foregroundDeletion".into());
}

/// The objects of one kind in foreground deletion whose dependents are all gone
/// (`gone` answers for an owner uid).
fn dependents_gone<T>(
    objects: &BTreeMap<Key, T>,
    meta: impl Fn(&T) -> &crate::model::ObjectMeta,
    gone: impl Fn(&str) -> bool,
) -> Vec<Key> {
    objects
        .iter()
        .filter(|(_, o)| in_foreground_deletion(meta(o)) && gone(&meta(o).uid))
        .map(|(k, _)| k.clone())
        .collect()
}

/// Whether an object waits for its dependents to be deleted.
fn in_foreground_deletion(meta: &crate::model::ObjectMeta) -> bool {
    meta.finalizers.iter().any(|f| f == "foregroundDeletion")
}

/// What the API server keeps on an update through the main resource: uid and
/// generation, the latter +1 when `spec_changed`. (Status is the caller's: its type
/// differs per kind.)
fn keep_server_fields(
    new: &mut crate::model::ObjectMeta,
    old: &crate::model::ObjectMeta,
    spec_changed: bool,
) {
    new.uid = old.uid.clone();
    new.generation = old.generation + i64::from(spec_changed);
}
