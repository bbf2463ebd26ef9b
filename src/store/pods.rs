//! Pods in a slab: each stored pod has a dense [`PodId`], and the store's indexes
//! (by controller, by node) hold ids, so walking a DaemonSet's 5,000 pods is 5,000
//! array reads rather than 5,000 searches by `(namespace, name)` string keys.
//! Iteration is still by key, as the `BTreeMap` it replaces iterated.

use super::hash_index::{hash_strs, HashIndex};
use super::Key;
use crate::model::Pod;
use std::collections::BTreeMap;
use std::ops::RangeBounds;

/// Where a pod lives in the slab. Ids of removed pods are reused, so an id is
/// only meaningful while the pod it was taken from is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PodId(pub(crate) u32);

/// What the store's indexes hold a pod under: its controller's uid (`""` for
/// none) and the node it is attributed to. Kept beside the pod so an update can
/// tell whether the indexes must change without copying these before the write.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Indexed {
    pub owner: String,
    pub node: Option<String>,
    /// The key the pod is stored under.
    pub key: Key,
}

impl Indexed {
    pub fn of(key: Key, p: &Pod) -> Indexed {
        Indexed {
            key,
            owner: p
                .metadata
                .controller_ref()
                .map(|r| r.uid.clone())
                .unwrap_or_default(),
            node: p.target_node().map(str::to_string),
        }
    }
    /// Whether `p` would be indexed as `self` is.
    pub fn still(&self, p: &Pod) -> bool {
        p.metadata.controller_ref().map_or("", |r| r.uid.as_str()) == self.owner
            && p.target_node() == self.node.as_deref()
    }
}

/// All pods: a slab plus the key index (the `BTreeMap<Key, Pod>` API callers use).
#[derive(Clone, Debug, Default)]
pub struct Pods {
    /// Boxed: a pod is ~900 bytes, and growing a vector of 50,000 of them inline
    /// copied it all at every doubling.
    slots: Vec<Option<Box<(Pod, Indexed)>>>,
    /// How many pods each slot has held: with the id it names one pod for good,
    /// so state kept beside the store (the kubelet's) can tell a reused slot.
    generations: Vec<u32>,
    free: Vec<u32>,
    /// For iteration in key order.
    by_key: BTreeMap<Key, PodId>,
    /// For lookups by key: hashing beats a tree search with string compares.
    by_hash: HashIndex,
}

fn key_hash(key: &Key) -> u64 {
    hash_strs(&[&key.0, &key.1])
}

impl Pods {
    /// Number of pods.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }
    /// Whether there are no pods.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
    /// The pod with this key.
    pub fn get(&self, key: &Key) -> Option<&Pod> {
        self.id(key).map(|id| self.by_id(id))
    }
    /// Whether a pod with this key exists.
    pub fn contains_key(&self, key: &Key) -> bool {
        self.id(key).is_some()
    }
    /// The id of the pod with this key.
    pub fn id(&self, key: &Key) -> Option<PodId> {
        self.by_hash
            .find(key_hash(key), |i| {
                self.slots[i as usize]
                    .as_ref()
                    .is_some_and(|slot| slot.1.key == *key)
            })
            .map(PodId)
    }
    /// The slot and generation of the pod with this key: a name for this pod
    /// that no later pod shares.
    pub(crate) fn incarnation(&self, key: &Key) -> Option<(PodId, u32)> {
        self.id(key).map(|id| (id, self.generations[id.0 as usize]))
    }
    /// The pod stored under `id` (which must be live).
    pub fn by_id(&self, id: PodId) -> &Pod {
        &self.slots[id.0 as usize]
            .as_ref()
            .expect("pod ids in indexes are live")
            .0
    }
    pub(crate) fn slot_mut(&mut self, id: PodId) -> &mut (Pod, Indexed) {
        self.slots[id.0 as usize]
            .as_mut()
            .expect("pod ids in indexes are live")
    }
    pub(crate) fn indexed(&self, id: PodId) -> &Indexed {
        &self.slots[id.0 as usize]
            .as_ref()
            .expect("pod ids in indexes are live")
            .1
    }
    /// Keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &Key> {
        self.by_key.keys()
    }
    /// Pods, in key order.
    pub fn values(&self) -> impl Iterator<Item = &Pod> {
        self.by_key.values().map(|&id| self.by_id(id))
    }
    /// `(key, pod)` in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&Key, &Pod)> {
        self.by_key.iter().map(|(k, &id)| (k, self.by_id(id)))
    }
    /// `(key, pod)` for keys in `range`, in order.
    pub fn range<R: RangeBounds<Key>>(&self, range: R) -> impl Iterator<Item = (&Key, &Pod)> {
        self.by_key.range(range).map(|(k, &id)| (k, self.by_id(id)))
    }

    /// Stores a pod under `key` (which must be new) and returns its id.
    pub(crate) fn insert(&mut self, key: Key, pod: Pod) -> PodId {
        let h = key_hash(&key);
        let indexed = Indexed::of(key.clone(), &pod);
        let slot = Some(Box::new((pod, indexed)));
        let id = match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = slot;
                self.generations[i as usize] = self.generations[i as usize].wrapping_add(1);
                PodId(i)
            }
            None => {
                self.slots.push(slot);
                self.generations.push(0);
                PodId(self.slots.len() as u32 - 1)
            }
        };
        self.by_key.insert(key, id);
        self.by_hash.insert(h, id.0);
        id
    }
    /// Removes the pod with this key.
    pub(crate) fn remove(&mut self, key: &Key) -> Option<(PodId, Pod, Indexed)> {
        let id = self.by_key.remove(key)?;
        self.by_hash.remove(key_hash(key), id.0);
        let (pod, indexed) = *self.slots[id.0 as usize].take().expect("live id");
        self.free.push(id.0);
        Some((id, pod, indexed))
    }
}

impl<'a> IntoIterator for &'a Pods {
    type Item = (&'a Key, &'a Pod);
    type IntoIter = Box<dyn Iterator<Item = (&'a Key, &'a Pod)> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}
