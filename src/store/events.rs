//! Event storage. A settle of 5,000 nodes records 300,000 events; as `Event`
//! values (an `ObjectMeta` and a dozen strings each) they took half the memory and
//! a tenth of the time. Here each event is a few integers: its strings (involved
//! object, reason, message, source) are interned once, repeats are found through a
//! hash index, and the `Event` values kubectl prints are built only when someone
//! reads them (and kept until the next event is recorded).

use super::hash_index::{hash_ids, hash_strs, HashIndex};
use crate::clock::SimTime;
use crate::model::meta::Timestamp;
use crate::model::revision::{EventSource, InvolvedObject};
use crate::model::{Event, ObjectMeta};
use std::sync::OnceLock;

/// Strings stored once, named by number.
#[derive(Clone, Debug, Default)]
struct Interner {
    strings: Vec<Box<str>>,
    index: HashIndex,
}

impl Interner {
    fn intern(&mut self, s: &str) -> u32 {
        let h = hash_strs(&[s]);
        if let Some(i) = self.index.find(h, |i| &*self.strings[i as usize] == s) {
            return i;
        }
        let i = self.strings.len() as u32;
        self.strings.push(s.into());
        self.index.insert(h, i);
        i
    }
    fn get(&self, i: u32) -> &str {
        &self.strings[i as usize]
    }
}

/// One recorded event: interned strings and the counters aggregation changes.
#[derive(Clone, Debug)]
struct Recorded {
    /// (kind, namespace, name, uid) of the involved object, interned.
    involved: [u32; 4],
    reason: u32,
    message: u32,
    type_: u32,
    component: u32,
    host: u32,
    first: SimTime,
    last: SimTime,
    count: i64,
    resource_version: u64,
}

/// Every event, oldest first, with aggregation of repeats.
#[derive(Clone, Debug, Default)]
pub struct Events {
    list: Vec<Recorded>,
    strings: Interner,
    /// Events by the hash of (involved object, reason, message).
    index: HashIndex,
    /// The events as API objects, built on first read after a change.
    built: OnceLock<Vec<Event>>,
}

impl Events {
    /// Number of events.
    pub fn len(&self) -> usize {
        self.list.len()
    }
    /// Whether no event was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
    /// The aggregation count of the newest event.
    pub fn last_count(&self) -> Option<i64> {
        self.list.last().map(|r| r.count)
    }

    /// Records an event, or counts a repeat of the same (object, reason, message).
    /// `next_rv` gives a new event its resourceVersion.
    #[allow(clippy::too_many_arguments)] // mirrors the recorder's Eventf signature
    pub fn record(
        &mut self,
        now: SimTime,
        involved: [&str; 4],
        type_: &str,
        reason: &str,
        message: &str,
        component: &str,
        host: &str,
        next_rv: impl FnOnce() -> u64,
    ) {
        let inv = involved.map(|s| self.strings.intern(s));
        let (reason, message) = (self.strings.intern(reason), self.strings.intern(message));
        // Interned first, so finding a repeat compares numbers, not strings.
        let h = hash_ids(&[inv[0], inv[1], inv[2], inv[3], reason, message]);
        let list = &self.list;
        let found = self.index.find(h, |i| {
            let r = &list[i as usize];
            r.involved == inv && r.reason == reason && r.message == message
        });
        self.built.take();
        if let Some(i) = found {
            let r = &mut self.list[i as usize];
            r.count += 1;
            r.last = now;
            return;
        }
        let i = self.list.len() as u32;
        let rec = Recorded {
            involved: inv,
            reason,
            message,
            type_: self.strings.intern(type_),
            component: self.strings.intern(component),
            host: self.strings.intern(host),
            first: now,
            last: now,
            count: 1,
            resource_version: next_rv(),
        };
        self.list.push(rec);
        self.index.insert(h, i);
    }

    /// The `i`-th event (0-based) as an API object.
    fn build(&self, i: usize) -> Event {
        let r = &self.list[i];
        let s = |n: u32| self.strings.get(n).to_string();
        let [kind, namespace, name, uid] = r.involved.map(s);
        let n = i as u64 + 1;
        let meta = ObjectMeta {
            name: format!(
                "{}.{:016x}",
                name,
                n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 1
            ),
            namespace: if namespace.is_empty() {
                "default".into()
            } else {
                namespace.clone()
            },
            creation_timestamp: Some(Timestamp(r.first)),
            resource_version: r.resource_version.to_string(),
            ..Default::default()
        };
        Event {
            metadata: meta,
            involved_object: InvolvedObject {
                kind,
                namespace,
                name,
                uid,
            },
            reason: s(r.reason),
            message: s(r.message),
            type_: s(r.type_),
            source: EventSource {
                component: s(r.component),
                host: s(r.host),
            },
            first_timestamp: Timestamp(r.first),
            last_timestamp: Timestamp(r.last),
            count: r.count,
        }
    }

    /// All events as API objects, oldest first.
    pub fn all(&self) -> &[Event] {
        self.built
            .get_or_init(|| (0..self.list.len()).map(|i| self.build(i)).collect())
    }

    /// The newest `n` events, oldest first, built without building the others.
    pub fn recent(&self, n: usize) -> Vec<Event> {
        let from = self.list.len().saturating_sub(n);
        (from..self.list.len()).map(|i| self.build(i)).collect()
    }
}
