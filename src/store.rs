//! The in-memory API server: typed object maps, resourceVersion and uid counters,
//! and a log of changes the simulation turns into controller work. It is the only
//! place objects are written, so indexes and the change log can never drift.

use crate::clock::SimTime;
use crate::model::meta::Timestamp;
use crate::model::revision::InvolvedObject;
use crate::model::{
    ControllerRevision, DaemonSet, Deployment, Event, GenericObject, Node, Pod, ReplicaSet,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;

mod builtin;
mod events;
mod hash_index;
mod pods;
pub use events::Events;
use pods::Indexed;

pub use builtin::{BUILTIN_NAMESPACES, ROOT_CA_CONFIGMAP};
pub use pods::{PodId, Pods};

/// `(namespace, name)`.
pub type Key = (String, String);

/// Which kind of object a change touched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A node.
    Node,
    /// A pod.
    Pod,
    /// A DaemonSet.
    DaemonSet,
    /// A ControllerRevision.
    Revision,
    /// A Deployment.
    Deployment,
    /// A ReplicaSet.
    ReplicaSet,
}

/// One write to the store, as a watch event.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The kind of object.
    pub kind: Kind,
    /// Its key (namespace is empty for nodes).
    pub key: Key,
    /// Added, Modified or Deleted.
    pub op: Op,
    /// For pods and revisions: the controller's uid (empty when none).
    pub owner: String,
}

/// Watch event types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// Created.
    Added,
    /// Updated.
    Modified,
    /// Removed.
    Deleted,
}

/// The object store.
#[derive(Clone, Debug, Default)]
pub struct Store {
    nodes: BTreeMap<String, Node>,
    pods: Pods,
    daemonsets: BTreeMap<Key, DaemonSet>,
    revisions: BTreeMap<Key, ControllerRevision>,
    deployments: BTreeMap<Key, Deployment>,
    replicasets: BTreeMap<Key, ReplicaSet>,
    /// Other kinds, by `(kind, namespace, name)`.
    objects: BTreeMap<(String, String, String), GenericObject>,
    events: Events,
    /// Pods by the uid of their controller, then by (attributed node or `""`,
    /// key): node order is what a DaemonSet sync walks.
    pods_by_owner: BTreeMap<String, BTreeMap<(String, Key), PodId>>,
    /// Pods by the node they are attributed to (bound or aimed at).
    pods_by_node: BTreeMap<String, BTreeMap<Key, PodId>>,
    resource_version: u64,
    uid_counter: u64,
    changes: Vec<Change>,
    /// DaemonSets, Deployments and ReplicaSets by uid: every pod write names its
    /// controller by uid, and routing it to a sync must not scan the controllers.
    controllers: BTreeMap<String, (Kind, Key)>,
}

impl Store {
    /// A new, empty store.
    pub fn new() -> Store {
        Store::default()
    }

    fn next_rv(&mut self) -> String {
        self.resource_version += 1;
        self.resource_version.to_string()
    }

    /// A fresh uid, deterministic (a counter formatted like a UUID).
    pub fn new_uid(&mut self) -> String {
        self.uid_counter += 1;
        let n = self.uid_counter;
        format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            (n.wrapping_mul(0x9E37_79B9)) as u32,
            (n >> 3) & 0xffff,
            n & 0xfff,
            (n >> 5) & 0xfff,
            n.wrapping_mul(0x2545_F491_4F6C_DD1D) & 0xffff_ffff_ffff
        )
    }

    /// Drains the changes recorded since the last call.
    pub fn take_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.changes)
    }

    fn record(&mut self, kind: Kind, key: Key, op: Op) {
        let owner = match kind {
            Kind::Pod => self
                .pods
                .id(&key)
                .map(|id| self.pods.indexed(id).owner.clone()),
            Kind::Revision => self
                .revisions
                .get(&key)
                .and_then(|r| r.metadata.controller_ref())
                .map(|r| r.uid.clone()),
            Kind::ReplicaSet => self
                .replicasets
                .get(&key)
                .and_then(|r| r.metadata.controller_ref())
                .map(|r| r.uid.clone()),
            _ => None,
        };
        self.changes.push(Change {
            kind,
            key,
            op,
            owner: owner.unwrap_or_default(),
        });
    }
    fn record_removed(&mut self, kind: Kind, key: Key, owner: Option<String>) {
        self.changes.push(Change {
            kind,
            key,
            op: Op::Deleted,
            owner: owner.unwrap_or_default(),
        });
    }

    // ----- nodes -----

    /// All nodes, by name.
    pub fn nodes(&self) -> &BTreeMap<String, Node> {
        &self.nodes
    }
    /// One node.
    pub fn node(&self, name: &str) -> Option<&Node> {
        self.nodes.get(name)
    }
    /// Creates or replaces a node, stamping metadata as the API server does.
    pub fn put_node(&mut self, mut node: Node, now: SimTime) {
        let name = node.metadata.name.clone();
        let op = if let Some(old) = self.nodes.get(&name) {
            node.metadata.uid = old.metadata.uid.clone();
            node.metadata.creation_timestamp = old.metadata.creation_timestamp;
            Op::Modified
        } else {
            node.metadata.uid = self.new_uid();
            node.metadata.creation_timestamp = Some(Timestamp(now));
            Op::Added
        };
        node.metadata.resource_version = self.next_rv();
        self.nodes.insert(name.clone(), node);
        self.record(Kind::Node, (String::new(), name), op);
    }
    /// Changes a node in place; returns false if it does not exist.
    pub fn update_node(&mut self, name: &str, f: impl FnOnce(&mut Node)) -> bool {
        let rv = self.resource_version + 1;
        let Some(n) = self.nodes.get_mut(name) else {
            return false;
        };
        let before = n.clone();
        f(n);
        if *n == before {
            return true;
        }
        n.metadata.resource_version = rv.to_string();
        self.resource_version = rv;
        self.record(Kind::Node, (String::new(), name.to_string()), Op::Modified);
        true
    }
    /// Removes a node.
    pub fn remove_node(&mut self, name: &str) -> Option<Node> {
        let n = self.nodes.remove(name)?;
        self.resource_version += 1;
        self.record(Kind::Node, (String::new(), name.to_string()), Op::Deleted);
        Some(n)
    }

    // ----- pods -----

    /// All pods, by key.
    pub fn pods(&self) -> &Pods {
        &self.pods
    }
    /// One pod.
    pub fn pod(&self, key: &Key) -> Option<&Pod> {
        self.pods.get(key)
    }
    /// Keys of pods whose controller has `uid` (`""`: pods with no controller),
    /// in key order.
    pub fn pods_owned_by(&self, uid: &str) -> impl Iterator<Item = &Key> {
        self.owned_pods(uid).map(|(k, _)| k)
    }
    /// Pods whose controller has `uid` (`""`: pods with no controller), in key
    /// order, without looking each one up by key.
    pub fn owned_pods(&self, uid: &str) -> impl Iterator<Item = (&Key, &Pod)> {
        let mut v: Vec<(&Key, &Pod)> = self
            .owned_pods_by_node(uid)
            .map(|(_, k, p)| (k, p))
            .collect();
        v.sort_unstable_by(|a, b| a.0.cmp(b.0));
        v.into_iter()
    }
    /// Pods whose controller has `uid`, in (attributed node, key) order; `""`
    /// stands for pods attributed to no node (they come first).
    pub fn owned_pods_by_node(&self, uid: &str) -> impl Iterator<Item = (&str, &Key, &Pod)> {
        self.pods_by_owner
            .get(uid)
            .into_iter()
            .flatten()
            .map(|((n, k), &id)| (n.as_str(), k, self.pods.by_id(id)))
    }
    /// Keys of pods attributed to `node` (bound there or aimed at it).
    pub fn pods_on_node(&self, node: &str) -> impl Iterator<Item = &Key> {
        self.pods_by_node
            .get(node)
            .into_iter()
            .flat_map(|m| m.keys())
    }
    /// Pods attributed to `node`, in key order, without looking each one up by key.
    pub fn pods_attributed_to(&self, node: &str) -> impl Iterator<Item = (&Key, &Pod)> {
        self.pods_by_node
            .get(node)
            .into_iter()
            .flatten()
            .map(|(k, &id)| (k, self.pods.by_id(id)))
    }
    /// Node names that have attributed pods (including nodes that no longer exist).
    pub fn nodes_with_pods(&self) -> impl Iterator<Item = &String> {
        self.pods_by_node.keys()
    }

    fn index_pod(&mut self, key: &Key, id: PodId, at: &Indexed) {
        self.pods_by_owner
            .entry(at.owner.clone())
            .or_default()
            .insert((at.node.clone().unwrap_or_default(), key.clone()), id);
        if let Some(n) = &at.node {
            self.pods_by_node
                .entry(n.clone())
                .or_default()
                .insert(key.clone(), id);
        }
    }
    fn unindex_pod(&mut self, key: &Key, at: &Indexed) {
        if let Some(s) = self.pods_by_owner.get_mut(&at.owner) {
            s.remove(&(at.node.clone().unwrap_or_default(), key.clone()));
            if s.is_empty() {
                self.pods_by_owner.remove(&at.owner);
            }
        }
        if let Some(n) = &at.node {
            if let Some(s) = self.pods_by_node.get_mut(n) {
                s.remove(key);
                if s.is_empty() {
                    self.pods_by_node.remove(n);
                }
            }
        }
    }

    /// Creates a pod; fills uid, resourceVersion and creationTimestamp.
    pub fn add_pod(&mut self, mut pod: Pod, now: SimTime) -> Key {
        pod.metadata.uid = self.new_uid();
        pod.metadata.creation_timestamp = Some(Timestamp(now));
        pod.metadata.resource_version = self.next_rv();
        let key = pod.key();
        let id = self.pods.insert(key.clone(), pod);
        let at = self.pods.indexed(id).clone();
        self.index_pod(&key, id, &at);
        self.record(Kind::Pod, key.clone(), Op::Added);
        key
    }
    /// The slot and generation of the pod with this key (see [`pods::Pods`]).
    pub(crate) fn pod_incarnation(&self, key: &Key) -> Option<(PodId, u32)> {
        self.pods.incarnation(key)
    }
    /// Changes a pod in place; returns false if it does not exist. Every call is a
    /// write (a new resourceVersion and a watch event), as an update is on a real
    /// API server; callers skip writes that would change nothing.
    pub fn update_pod(&mut self, key: &Key, f: impl FnOnce(&mut Pod)) -> bool {
        let Some(id) = self.pods.id(key) else {
            return false;
        };
        self.resource_version += 1;
        let rv = self.resource_version;
        let (pod, at) = self.pods.slot_mut(id);
        f(pod);
        // Written into the old string: one allocation less per write.
        pod.metadata.resource_version.clear();
        write!(pod.metadata.resource_version, "{rv}").expect("writing to a String");
        if !at.still(pod) {
            let new = Indexed::of(key.clone(), pod);
            let old = std::mem::replace(at, new.clone());
            self.unindex_pod(key, &old);
            self.index_pod(key, id, &new);
        }
        let owner = self.pods.indexed(id).owner.clone();
        self.changes.push(Change {
            kind: Kind::Pod,
            key: key.clone(),
            op: Op::Modified,
            owner,
        });
        true
    }
    /// Removes a pod object for good.
    pub fn remove_pod(&mut self, key: &Key) -> Option<Pod> {
        let (_, pod, at) = self.pods.remove(key)?;
        self.unindex_pod(key, &at);
        self.resource_version += 1;
        let owner = pod.metadata.controller_ref().map(|r| r.uid.clone());
        self.record_removed(Kind::Pod, key.clone(), owner);
        Some(pod)
    }

    // ----- daemonsets -----

    /// All DaemonSets.
    pub fn daemonsets(&self) -> &BTreeMap<Key, DaemonSet> {
        &self.daemonsets
    }
    /// One DaemonSet.
    pub fn daemonset(&self, key: &Key) -> Option<&DaemonSet> {
        self.daemonsets.get(key)
    }
    /// Creates a DaemonSet (uid, generation 1, creationTimestamp).
    pub fn create_daemonset(&mut self, mut ds: DaemonSet, now: SimTime) -> Key {
        ds.metadata.uid = self.new_uid();
        ds.metadata.creation_timestamp = Some(Timestamp(now));
        ds.metadata.resource_version = self.next_rv();
        let key = (ds.metadata.namespace.clone(), ds.metadata.name.clone());
        self.controllers
            .insert(ds.metadata.uid.clone(), (Kind::DaemonSet, key.clone()));
        self.daemonsets.insert(key.clone(), ds);
        self.record(Kind::DaemonSet, key.clone(), Op::Added);
        key
    }
    /// Changes a DaemonSet in place; returns false if it does not exist.
    pub fn update_daemonset(&mut self, key: &Key, f: impl FnOnce(&mut DaemonSet)) -> bool {
        let rv = self.resource_version + 1;
        let Some(ds) = self.daemonsets.get_mut(key) else {
            return false;
        };
        let before = ds.clone();
        f(ds);
        if *ds == before {
            return true;
        }
        ds.metadata.resource_version = rv.to_string();
        self.resource_version = rv;
        self.record(Kind::DaemonSet, key.clone(), Op::Modified);
        true
    }
    /// Removes a DaemonSet object.
    pub fn remove_daemonset(&mut self, key: &Key) -> Option<DaemonSet> {
        let ds = self.daemonsets.remove(key)?;
        self.controllers.remove(&ds.metadata.uid);
        self.resource_version += 1;
        self.record(Kind::DaemonSet, key.clone(), Op::Deleted);
        Some(ds)
    }

    /// The kind and key of the DaemonSet, Deployment or ReplicaSet with this uid.
    pub fn controller_by_uid(&self, uid: &str) -> Option<&(Kind, Key)> {
        self.controllers.get(uid)
    }

    // ----- revisions -----

    /// All ControllerRevisions.
    pub fn revisions(&self) -> &BTreeMap<Key, ControllerRevision> {
        &self.revisions
    }
    /// Creates a revision.
    pub fn add_revision(&mut self, mut rev: ControllerRevision, now: SimTime) -> Key {
        rev.metadata.uid = self.new_uid();
        rev.metadata.creation_timestamp = Some(Timestamp(now));
        rev.metadata.resource_version = self.next_rv();
        let key = (rev.metadata.namespace.clone(), rev.metadata.name.clone());
        self.revisions.insert(key.clone(), rev);
        self.record(Kind::Revision, key.clone(), Op::Added);
        key
    }
    /// Changes a revision in place.
    pub fn update_revision(&mut self, key: &Key, f: impl FnOnce(&mut ControllerRevision)) -> bool {
        let rv = self.resource_version + 1;
        let Some(r) = self.revisions.get_mut(key) else {
            return false;
        };
        let before = r.clone();
        f(r);
        if *r == before {
            return true;
        }
        r.metadata.resource_version = rv.to_string();
        self.resource_version = rv;
        self.record(Kind::Revision, key.clone(), Op::Modified);
        true
    }
    /// Removes a revision.
    pub fn remove_revision(&mut self, key: &Key) -> Option<ControllerRevision> {
        let r = self.revisions.remove(key)?;
        self.resource_version += 1;
        let owner = r.metadata.controller_ref().map(|o| o.uid.clone());
        self.record_removed(Kind::Revision, key.clone(), owner);
        Some(r)
    }

    // ----- deployments and replicasets -----

    /// All Deployments.
    pub fn deployments(&self) -> &BTreeMap<Key, Deployment> {
        &self.deployments
    }
    /// One Deployment.
    pub fn deployment(&self, key: &Key) -> Option<&Deployment> {
        self.deployments.get(key)
    }
    /// Creates a Deployment (uid, creationTimestamp, resourceVersion).
    pub fn create_deployment(&mut self, mut d: Deployment, now: SimTime) -> Key {
        d.metadata.uid = self.new_uid();
        d.metadata.creation_timestamp = Some(Timestamp(now));
        d.metadata.resource_version = self.next_rv();
        let key = (d.metadata.namespace.clone(), d.metadata.name.clone());
        self.controllers
            .insert(d.metadata.uid.clone(), (Kind::Deployment, key.clone()));
        self.deployments.insert(key.clone(), d);
        self.record(Kind::Deployment, key.clone(), Op::Added);
        key
    }
    /// Changes a Deployment in place; returns false if it does not exist.
    pub fn update_deployment(&mut self, key: &Key, f: impl FnOnce(&mut Deployment)) -> bool {
        let rv = self.resource_version + 1;
        let Some(d) = self.deployments.get_mut(key) else {
            return false;
        };
        let before = d.clone();
        f(d);
        if *d == before {
            return true;
        }
        d.metadata.resource_version = rv.to_string();
        self.resource_version = rv;
        self.record(Kind::Deployment, key.clone(), Op::Modified);
        true
    }
    /// Removes a Deployment.
    pub fn remove_deployment(&mut self, key: &Key) -> Option<Deployment> {
        let d = self.deployments.remove(key)?;
        self.controllers.remove(&d.metadata.uid);
        self.resource_version += 1;
        self.record_removed(Kind::Deployment, key.clone(), None);
        Some(d)
    }
    /// All ReplicaSets.
    pub fn replicasets(&self) -> &BTreeMap<Key, ReplicaSet> {
        &self.replicasets
    }
    /// One ReplicaSet.
    pub fn replicaset(&self, key: &Key) -> Option<&ReplicaSet> {
        self.replicasets.get(key)
    }
    /// Creates a ReplicaSet (uid, creationTimestamp, resourceVersion).
    pub fn create_replicaset(&mut self, mut rs: ReplicaSet, now: SimTime) -> Key {
        rs.metadata.uid = self.new_uid();
        rs.metadata.creation_timestamp = Some(Timestamp(now));
        rs.metadata.resource_version = self.next_rv();
        let key = (rs.metadata.namespace.clone(), rs.metadata.name.clone());
        self.controllers
            .insert(rs.metadata.uid.clone(), (Kind::ReplicaSet, key.clone()));
        self.replicasets.insert(key.clone(), rs);
        self.record(Kind::ReplicaSet, key.clone(), Op::Added);
        key
    }
    /// Changes a ReplicaSet in place; returns false if it does not exist.
    pub fn update_replicaset(&mut self, key: &Key, f: impl FnOnce(&mut ReplicaSet)) -> bool {
        let rv = self.resource_version + 1;
        let Some(rs) = self.replicasets.get_mut(key) else {
            return false;
        };
        let before = rs.clone();
        f(rs);
        if *rs == before {
            return true;
        }
        rs.metadata.resource_version = rv.to_string();
        self.resource_version = rv;
        self.record(Kind::ReplicaSet, key.clone(), Op::Modified);
        true
    }
    /// Removes a ReplicaSet.
    pub fn remove_replicaset(&mut self, key: &Key) -> Option<ReplicaSet> {
        let rs = self.replicasets.remove(key)?;
        self.controllers.remove(&rs.metadata.uid);
        self.resource_version += 1;
        let owner = rs.metadata.controller_ref().map(|o| o.uid.clone());
        self.record_removed(Kind::ReplicaSet, key.clone(), owner);
        Some(rs)
    }

    // ----- generic objects -----

    /// Other stored objects by `(kind, namespace, name)`.
    pub fn objects(&self) -> &BTreeMap<(String, String, String), GenericObject> {
        &self.objects
    }
    /// Whether an object of `kind` exists.
    pub fn has_object(&self, kind: &str, ns: &str, name: &str) -> bool {
        self.objects
            .contains_key(&(kind.to_string(), ns.to_string(), name.to_string()))
    }
    /// Creates or replaces a generic object; returns true if it was new.
    pub fn put_object(&mut self, mut obj: GenericObject, now: SimTime) -> bool {
        let k = (
            obj.kind.clone(),
            obj.metadata.namespace.clone(),
            obj.metadata.name.clone(),
        );
        let old = self.objects.get(&k);
        let new = old.is_none();
        match old {
            Some(o) => {
                obj.metadata.uid = o.metadata.uid.clone();
                obj.metadata.creation_timestamp = o.metadata.creation_timestamp;
            }
            None => {
                obj.metadata.uid = self.new_uid();
                obj.metadata.creation_timestamp = Some(Timestamp(now));
            }
        }
        obj.metadata.resource_version = self.next_rv();
        self.objects.insert(k, obj);
        new
    }
    /// Removes a generic object.
    pub fn remove_object(&mut self, kind: &str, ns: &str, name: &str) -> Option<GenericObject> {
        self.objects
            .remove(&(kind.to_string(), ns.to_string(), name.to_string()))
    }

    // ----- events -----

    /// All events, oldest first.
    pub fn events(&self) -> &[Event] {
        self.events.all()
    }
    /// How many events there are (without building them).
    pub fn event_count(&self) -> usize {
        self.events.len()
    }
    /// The aggregation count of the newest event.
    pub fn last_event_count(&self) -> Option<i64> {
        self.events.last_count()
    }
    /// The newest `n` events, oldest first (without building the others).
    pub fn recent_events(&self, n: usize) -> Vec<Event> {
        self.events.recent(n)
    }
    /// Records an event, folding repeats of the same (object, reason, message) into a
    /// count as the event recorder's aggregation does.
    #[allow(clippy::too_many_arguments)] // mirrors the recorder's Eventf signature
    pub fn record_event(
        &mut self,
        now: SimTime,
        involved: InvolvedObject,
        type_: &str,
        reason: &str,
        message: String,
        component: &str,
        host: &str,
    ) {
        let who = [
            involved.kind.as_str(),
            &involved.namespace,
            &involved.name,
            &involved.uid,
        ];
        self.record_event_about(now, who, type_, reason, &message, component, host);
    }
    /// [`Store::record_event`] with the involved object as (kind, namespace, name,
    /// uid) borrowed from wherever the caller has them, so nothing is copied.
    #[allow(clippy::too_many_arguments)] // mirrors the recorder's Eventf signature
    pub fn record_event_about(
        &mut self,
        now: SimTime,
        who: [&str; 4],
        type_: &str,
        reason: &str,
        message: &str,
        component: &str,
        host: &str,
    ) {
        let rv = &mut self.resource_version;
        self.events
            .record(now, who, type_, reason, message, component, host, || {
                *rv += 1;
                *rv
            });
    }
    /// Records an event about the pod stored under `key` (none if it is gone), from
    /// the node it is bound to (the kubelet's events).
    pub fn record_pod_event(
        &mut self,
        now: SimTime,
        key: &Key,
        type_: &str,
        reason: &str,
        message: &str,
        component: &str,
    ) {
        let Some(id) = self.pods.id(key) else { return };
        let p = self.pods.by_id(id);
        let who = ["Pod", &key.0, &key.1, &p.metadata.uid];
        let rv = &mut self.resource_version;
        self.events.record(
            now,
            who,
            type_,
            reason,
            message,
            component,
            &p.spec.node_name,
            || {
                *rv += 1;
                *rv
            },
        );
    }
    /// Events about one object (by kind and name, and namespace when given).
    pub fn events_for<'a>(
        &'a self,
        kind: &'a str,
        ns: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Event> {
        self.events().iter().filter(move |e| {
            e.involved_object.kind == kind
                && e.involved_object.name == name
                && (ns.is_empty() || e.involved_object.namespace == ns)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SimTime;
    use crate::model::OwnerReference;

    fn pod(name: &str, owner: &str) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = name.into();
        p.metadata.namespace = "default".into();
        if !owner.is_empty() {
            p.metadata.owner_references.push(OwnerReference {
                uid: owner.into(),
                controller: Some(true),
                ..Default::default()
            });
        }
        p
    }

    #[test]
    fn owned_pods_walks_only_the_owners_pods() {
        let mut s = Store::new();
        for (n, o) in [("a", "x"), ("b", "y"), ("c", "x"), ("d", ""), ("e", "x")] {
            s.add_pod(pod(n, o), SimTime(0));
        }
        let names =
            |uid: &str| -> Vec<String> { s.owned_pods(uid).map(|(k, _)| k.1.clone()).collect() };
        assert_eq!(names("x"), vec!["a", "c", "e"]);
        assert_eq!(names("y"), vec!["b"]);
        assert_eq!(names(""), vec!["d"]);
        assert!(names("z").is_empty());
    }
}
