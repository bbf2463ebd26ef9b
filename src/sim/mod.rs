//! The simulation: owns the store, the simulated clock, the seeded generator and the
//! timer queue, and runs the controllers and the node model until nothing is left to
//! do at the current instant.
//!
//! Work happens in small *steps* (one controller sync, one scheduling attempt, one
//! kubelet transition). Each step is recorded in the [`timeline`] with the instant
//! and the cause, so the page can play a rollout one controller sync at a time.

pub mod api;
mod dispatch;
pub mod queue;
pub mod timeline;
mod watch;

use crate::clock::{Millis, SimTime};
use crate::cluster::Timings;
use crate::model::Taint;
use crate::rng::Rng;
use crate::store::{Key, Store};
pub use api::Applied;
use queue::{Queue, Timer};
use std::collections::{BTreeMap, BTreeSet};
pub use timeline::{Timeline, TimelineEntry};
pub use watch::Watch;

/// How `kubectl delete ds` propagates to dependents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cascade {
    /// Remove the DaemonSet now; the garbage collector deletes its pods after.
    Background,
    /// Delete the pods first; the DaemonSet goes when they are gone.
    Foreground,
    /// Remove the DaemonSet and leave its pods running, unowned.
    Orphan,
}

/// A node as a scenario or `sim add-node` describes it.
#[derive(Clone, Debug, Default)]
pub struct NodeInput {
    /// Node name.
    pub name: String,
    /// Labels in addition to the well-known hostname/os/arch labels.
    pub labels: BTreeMap<String, String>,
    /// Taints; condition taints (`node.kubernetes.io/*-pressure`…) set the condition.
    pub taints: Vec<Taint>,
    /// `spec.unschedulable`.
    pub unschedulable: bool,
    /// Ready (default) or NotReady.
    pub ready: bool,
    /// Allocatable resources (`cpu`, `memory`, `pods`); defaults fill the rest.
    pub allocatable: BTreeMap<String, String>,
}

/// Kubelet-side state of one node, which the API objects do not carry.
#[derive(Clone, Debug, Default)]
pub struct NodeRuntime {
    /// Whether the kubelet is reporting (false after `sim fail-node`).
    pub kubelet_up: bool,
    /// Images already pulled on the node.
    pub images: BTreeSet<String>,
    /// Conditions set from scenario condition taints (`MemoryPressure`…).
    pub conditions: BTreeSet<String>,
    /// Next pod IP host part.
    pub next_ip: u32,
    /// Index of the node, for its address.
    pub index: u32,
}

/// Kubelet-side state of one pod.
#[derive(Clone, Debug, Default)]
pub struct PodRuntime {
    /// Current image-pull or crash-loop backoff, in ms.
    pub backoff: Millis,
    /// Bumped whenever a pod's timers are superseded, so stale timers are ignored.
    pub epoch: u64,
    /// Containers (by index, the first 32) whose images the current attempt pulls,
    /// so the kubelet reports `Pulled` for exactly those.
    pub pulling: u32,
}

/// What `sim settle` found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SettleReport {
    /// The instant at which nothing more changed.
    pub settled_at: SimTime,
    /// Simulated time that passed.
    pub elapsed: Millis,
    /// True when the horizon was reached before the cluster settled.
    pub hit_horizon: bool,
    /// One line per DaemonSet whose rollout cannot finish, saying why.
    pub stuck: Vec<String>,
}

/// The longest `sim settle` will advance before giving up (simulated time).
pub const SETTLE_HORIZON: Millis = 6 * 60 * 60 * 1000;

/// The whole simulated cluster.
#[derive(Clone, Debug)]
pub struct Simulation {
    /// The API server's objects.
    pub store: Store,
    now: SimTime,
    pub(crate) rng: Rng,
    pub(crate) queue: Queue,
    /// Durations of the simulated components.
    pub timings: Timings,
    /// DaemonSets whose sync is due at the current instant.
    pub(crate) dirty: BTreeSet<Key>,
    /// ReplicaSets whose sync is due at the current instant.
    pub(crate) dirty_rs: BTreeSet<Key>,
    /// Deployments whose sync is due at the current instant.
    pub(crate) dirty_deploy: BTreeSet<Key>,
    /// Pods waiting for the scheduler.
    pub(crate) unscheduled: BTreeSet<Key>,
    /// `nextStartNodeIndex`: where the scheduler's next search for feasible nodes starts.
    pub(crate) sched_next_start: usize,
    /// Pods the scheduler could not place; retried when the cluster changes.
    pub(crate) unschedulable: BTreeSet<Key>,
    pub(crate) node_rt: BTreeMap<String, NodeRuntime>,
    /// Kubelet state of pods, by the store's pod slot, tagged with the slot's
    /// generation (a stale tag means the pod is gone: the state starts over).
    pod_rt: Vec<(u32, PodRuntime)>,
    /// Images whose pulls fail (`sim image-fails`).
    pub failing_images: BTreeSet<String>,
    /// Images whose containers exit at once (`sim image-crashes`).
    pub crashing_images: BTreeSet<String>,
    pub(crate) failed_pod_backoff: crate::controller::FailedPodBackoff,
    /// Nodes removed, with the instant, for the pod garbage collector.
    pub(crate) removed_nodes: BTreeMap<String, SimTime>,
    /// Files that `kubectl apply -f NAME` reads.
    pub files: BTreeMap<String, String>,
    /// Every step taken, for the page's player and scrubber.
    pub timeline: Timeline,
    node_count: u32,
    /// Metrics of one DaemonSet for the scenario runner.
    pub watch: Option<Watch>,
    /// Work counters, for benchmarks and the page's status line.
    pub stats: Stats,
    /// Consecutive failed syncs per DaemonSet, for the work queue's rate limiter.
    pub(crate) sync_failures: BTreeMap<Key, u32>,
    /// The same for ReplicaSets (their controller has its own work queue).
    pub(crate) rs_sync_failures: BTreeMap<Key, u32>,
}

/// How much work the simulation has done.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// DaemonSet syncs.
    pub syncs: u64,
    /// Timers fired.
    pub timers: u64,
    /// Simulated instants run.
    pub instants: u64,
    /// Nodes the scheduler ran its filters on (pods not pinned to one node).
    pub nodes_filtered: u64,
    /// Nodes the scheduler scored.
    pub nodes_scored: u64,
}

impl Simulation {
    /// An empty cluster with default timings.
    pub fn new(seed: u64) -> Simulation {
        Simulation {
            store: Store::new(),
            now: SimTime(0),
            rng: Rng::new(seed),
            queue: Queue::default(),
            timings: Timings::default(),
            dirty: BTreeSet::new(),
            dirty_rs: BTreeSet::new(),
            dirty_deploy: BTreeSet::new(),
            unscheduled: BTreeSet::new(),
            unschedulable: BTreeSet::new(),
            sched_next_start: 0,
            node_rt: BTreeMap::new(),
            pod_rt: Vec::new(),
            failing_images: BTreeSet::new(),
            crashing_images: BTreeSet::new(),
            failed_pod_backoff: Default::default(),
            removed_nodes: BTreeMap::new(),
            files: BTreeMap::new(),
            timeline: Timeline::default(),
            node_count: 0,
            watch: None,
            stats: Stats::default(),
            sync_failures: BTreeMap::new(),
            rs_sync_failures: BTreeMap::new(),
        }
    }

    /// The current simulated instant.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Kubelet state of a node (None for unknown nodes).
    pub fn node_runtime(&self, name: &str) -> Option<&NodeRuntime> {
        self.node_rt.get(name)
    }

    /// The kubelet state of a pod (a fresh one if the pod has none yet), or None
    /// if there is no such pod.
    pub(crate) fn pod_rt_mut(&mut self, key: &Key) -> Option<&mut PodRuntime> {
        let (id, generation) = self.store.pod_incarnation(key)?;
        let i = id.0 as usize;
        if self.pod_rt.len() <= i {
            self.pod_rt.resize(i + 1, (u32::MAX, PodRuntime::default()));
        }
        let slot = &mut self.pod_rt[i];
        if slot.0 != generation {
            *slot = (generation, PodRuntime::default());
        }
        Some(&mut slot.1)
    }

    /// The kubelet state of a pod, if it has any.
    pub(crate) fn pod_rt(&self, key: &Key) -> Option<&PodRuntime> {
        let (id, generation) = self.store.pod_incarnation(key)?;
        self.pod_rt
            .get(id.0 as usize)
            .filter(|slot| slot.0 == generation)
            .map(|slot| &slot.1)
    }

    pub(crate) fn next_node_index(&mut self) -> u32 {
        self.node_count += 1;
        self.node_count
    }

    /// The delay before retrying a sync that failed (a pod could not be created):
    /// the controllers' work queues back off per item, 5 ms doubling up to 1000 s
    /// (`DefaultControllerRateLimiter`). `failures` counts each key's consecutive
    /// failures; a successful sync removes its key.
    pub(crate) fn retry_delay(failures: &mut BTreeMap<Key, u32>, key: &Key) -> Millis {
        let n = failures.entry(key.clone()).or_insert(0);
        let delay = (5u64 << (*n).min(30)).min(1_000_000);
        *n += 1;
        delay
    }

    /// Arms a work-queue retry `after` ms from now (see [`Queue::push_retry`]).
    pub(crate) fn schedule_retry(&mut self, after: Millis, timer: Timer) {
        self.queue.push_retry(self.now.plus(after), timer);
    }

    /// Arms a timer `after` ms from now.
    pub(crate) fn schedule(&mut self, after: Millis, timer: Timer) {
        self.queue.push(self.now.plus(after), timer);
    }

    /// Whether anything is due at the current instant.
    pub fn has_work_now(&self) -> bool {
        !self.dirty.is_empty()
            || !self.dirty_rs.is_empty()
            || !self.dirty_deploy.is_empty()
            || !self.unscheduled.is_empty()
            || self.queue.peek_time().is_some_and(|t| t <= self.now)
    }

    /// Performs one unit of work due now: one DaemonSet sync, one scheduling pass,
    /// or one timer. Returns false when nothing is due at this instant.
    pub fn step_once(&mut self) -> bool {
        self.route_changes();
        // Kubelets and the scheduler act first; the controller then syncs once for
        // everything that happened at this instant, as its work queue coalesces keys.
        if self.queue.peek_time().is_some_and(|t| t <= self.now) {
            let (_, timer) = self.queue.pop().expect("peeked");
            self.stats.timers += 1;
            self.fire(timer);
        } else if !self.unscheduled.is_empty() {
            self.schedule_pending();
        } else if let Some(key) = self.dirty.pop_first() {
            self.stats.syncs += 1;
            self.sync_daemonset(&key);
        } else if let Some(key) = self.dirty_rs.pop_first() {
            self.stats.syncs += 1;
            self.sync_replicaset(&key);
        } else if let Some(key) = self.dirty_deploy.pop_first() {
            self.stats.syncs += 1;
            self.sync_deployment(&key);
        } else {
            return false;
        }
        self.route_changes();
        true
    }

    /// Does everything due at the current instant.
    pub fn run_instant(&mut self) {
        // A cap that real inputs never reach; it keeps a pathological feedback loop
        // from hanging the page.
        self.stats.instants += 1;
        let mut budget = 10_000_000u64;
        while self.step_once() {
            budget -= 1;
            if budget == 0 {
                break;
            }
        }
    }

    /// Moves the clock to the next armed timer (if it is not after `limit`) and runs
    /// that instant. Returns false when no timer is due by `limit`.
    pub fn advance_to_next(&mut self, limit: SimTime) -> bool {
        self.run_instant();
        match self.queue.peek_time() {
            Some(t) if t <= limit => {
                self.now = t.max(self.now);
                self.run_instant();
                true
            }
            _ => false,
        }
    }

    /// `sim advance D`: runs every instant up to now + `d`, then stops the clock there.
    pub fn advance(&mut self, d: Millis) {
        self.advance_observed(d, &mut |_| {});
    }

    /// Like [`Simulation::advance`], calling `observe` after every simulated instant.
    pub fn advance_observed(&mut self, d: Millis, observe: &mut dyn FnMut(&Simulation)) {
        let limit = self.now.plus(d);
        self.run_instant();
        observe(self);
        while self.advance_to_next(limit) {
            observe(self);
        }
        self.now = limit;
        self.run_instant();
        observe(self);
    }

    /// `sim settle`: advance until no controller has work and no timer that could
    /// change anything is armed. Retries that cannot change state (image pull and
    /// crash-loop backoff) are ignored.
    pub fn settle(&mut self) -> SettleReport {
        self.settle_observed(&mut |_| {})
    }

    /// Like [`Simulation::settle`], calling `observe` after every simulated instant.
    pub fn settle_observed(&mut self, observe: &mut dyn FnMut(&Simulation)) -> SettleReport {
        let start = self.now;
        let limit = start.plus(SETTLE_HORIZON);
        self.run_instant();
        observe(self);
        let mut hit_horizon = false;
        while let Some(t) = self.queue.next_significant_time() {
            if t > limit {
                hit_horizon = true;
                break;
            }
            // Run every instant up to t (insignificant timers included, for truth).
            while self.advance_to_next(t) {
                observe(self);
            }
        }
        SettleReport {
            settled_at: self.now,
            elapsed: self.now.since(start),
            hit_horizon,
            stuck: self.stuck_rollouts(),
        }
    }

    pub(crate) fn set_now_for_tests(&mut self, t: SimTime) {
        self.now = t;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::pod::Container;
    use crate::model::{DaemonSet, LabelSelector};

    pub(crate) fn web_ds() -> DaemonSet {
        let mut ds = DaemonSet::default();
        ds.metadata.name = "web".into();
        ds.metadata.namespace = "default".into();
        let mut sel = LabelSelector::default();
        sel.match_labels.insert("app".into(), "web".into());
        ds.spec.selector = Some(sel);
        ds.spec
            .template
            .metadata
            .labels
            .insert("app".into(), "web".into());
        ds.spec.template.spec.containers.push(Container {
            name: "web".into(),
            image: "nginx:1.25".into(),
            ..Default::default()
        });
        ds
    }

    fn cluster(n: usize) -> Simulation {
        let mut sim = Simulation::new(1);
        for i in 1..=n {
            sim.add_node(NodeInput {
                name: format!("node-{i}"),
                ready: true,
                ..Default::default()
            })
            .unwrap();
        }
        sim
    }

    #[test]
    fn one_pod_per_node_becomes_ready_within_thirty_seconds() {
        let mut sim = cluster(3);
        sim.apply_daemonset(web_ds()).unwrap();
        let r = sim.settle();
        assert!(r.elapsed <= 30_000, "{r:?}");
        let ds = sim
            .store
            .daemonset(&("default".into(), "web".into()))
            .unwrap();
        assert_eq!(ds.status.desired_number_scheduled, 3);
        assert_eq!(ds.status.number_available, 3);
        assert_eq!(ds.status.updated_number_scheduled, 3);
        assert_eq!(sim.store.pods().len(), 3);
    }

    #[test]
    fn rolling_update_replaces_every_pod_one_at_a_time() {
        let mut sim = cluster(4);
        sim.apply_daemonset(web_ds()).unwrap();
        sim.settle();
        let key: Key = ("default".into(), "web".into());
        sim.watch = Some(Watch::new(key.clone()));
        sim.watch.as_mut().unwrap().active = true;
        sim.update_daemonset(&key, |d| {
            d.spec.template.spec.containers[0].image = "nginx:1.26".into()
        })
        .unwrap();
        sim.settle();
        let ds = sim.store.daemonset(&key).unwrap();
        assert_eq!(ds.status.updated_number_scheduled, 4, "{:?}", ds.status);
        assert_eq!(ds.status.number_available, 4);
        assert!(sim
            .store
            .pods()
            .values()
            .all(|p| p.spec.containers[0].image == "nginx:1.26"));
        let w = sim.watch.as_ref().unwrap();
        assert_eq!((w.max_unavailable_seen, w.max_pods_per_node_seen), (1, 1));
    }

    #[test]
    fn broken_image_stalls_at_the_budget() {
        let mut sim = cluster(4);
        sim.apply_daemonset(web_ds()).unwrap();
        sim.settle();
        let key: Key = ("default".into(), "web".into());
        sim.image_fails("nginx:broken");
        sim.update_daemonset(&key, |d| {
            d.spec.template.spec.containers[0].image = "nginx:broken".into()
        })
        .unwrap();
        let r = sim.settle();
        assert!(!r.hit_horizon);
        assert_eq!(r.stuck.len(), 1, "{r:?}");
        let ds = sim.store.daemonset(&key).unwrap();
        assert_eq!(
            (
                ds.status.updated_number_scheduled,
                ds.status.number_available
            ),
            (1, 3)
        );
    }
}
