//! The timer queue: everything that will happen later, ordered by (instant, arming
//! order) so ties always break the same way.

use crate::clock::SimTime;
use crate::store::Key;
use std::collections::BTreeMap;

/// Something that happens at a later instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Timer {
    /// A DaemonSet asked to be synced again (minReadySeconds, failed-pod backoff).
    SyncDaemonSet(Key),
    /// A sync failed (a pod could not be created) and the work queue's rate
    /// limiter retries it. Insignificant for `sim settle` until something changes
    /// that could make it succeed (see [`Queue::promote_retries`]).
    RetryFailedSync(Key),
    /// Retry scheduling pods the scheduler could not place.
    RetryUnschedulable,
    /// A kubelet transition of a pod; `epoch` guards against superseded timers.
    Pod {
        /// The pod.
        key: Key,
        /// Its uid when the timer was armed.
        uid: String,
        /// The kubelet epoch when the timer was armed.
        epoch: u64,
        /// What happens.
        step: PodStep,
    },
    /// The node monitor grace period ran out for a node that stopped reporting.
    NodeMonitorGrace {
        /// The node.
        node: String,
        /// Its uid when the timer was armed.
        uid: String,
    },
    /// The pod garbage collector looks for pods bound to deleted nodes.
    PodGc,
    /// The scheduler's turn for one new pod.
    Schedule(Key),
    /// A ReplicaSet asked to be synced again (minReadySeconds).
    SyncReplicaSet(Key),
    /// A Deployment asked to be synced again (progress deadline).
    SyncDeployment(Key),
    /// A ReplicaSet's pod creation failed; the rate limiter retries it.
    RetryReplicaSet(Key),
}

/// Kubelet transitions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodStep {
    /// Image pulled (or pull failed) and containers created.
    ImagePulled,
    /// Retry a failed image pull after backoff.
    RetryPull,
    /// Containers are running; the pod turns Ready (no probes).
    Started,
    /// A crashing container exits.
    Crash,
    /// Restart a crashed container after backoff.
    Restart,
    /// Containers stopped after a deletion; the object is removed.
    Terminated,
}

impl Timer {
    /// Whether this timer can change anything a learner cares about; `sim settle`
    /// stops when only insignificant timers remain.
    pub fn significant(&self) -> bool {
        !matches!(
            self,
            Timer::Pod {
                step: PodStep::RetryPull | PodStep::Restart,
                ..
            } | Timer::RetryFailedSync(_)
                // A progress-deadline check only flips a condition.
                | Timer::SyncDeployment(_)
                | Timer::RetryReplicaSet(_)
        )
    }
}

/// A min-queue of timers.
#[derive(Clone, Debug, Default)]
pub struct Queue {
    items: BTreeMap<(SimTime, u64), Timer>,
    seq: u64,
    significant: usize,
}

impl Queue {
    /// Arms `timer` at `at`.
    pub fn push(&mut self, at: SimTime, timer: Timer) {
        self.seq += 1;
        if timer.significant() {
            self.significant += 1;
        }
        self.items.insert((at, self.seq), timer);
    }
    /// Arms a work-queue retry: as client-go's delaying queue does (`AddAfter`), a
    /// key already waiting keeps the earlier of its two instants, so repeated
    /// failures leave one retry armed, not one per failure.
    pub fn push_retry(&mut self, at: SimTime, timer: Timer) {
        let armed = self
            .items
            .iter()
            .find(|(_, t)| **t == timer)
            .map(|(k, _)| *k);
        if let Some(k) = armed {
            if k.0 <= at {
                return;
            }
            if let Some(old) = self.items.remove(&k) {
                if old.significant() {
                    self.significant -= 1;
                }
            }
        }
        self.push(at, timer);
    }
    /// The earliest instant with a timer.
    pub fn peek_time(&self) -> Option<SimTime> {
        self.items.keys().next().map(|k| k.0)
    }
    /// Removes and returns the earliest timer.
    pub fn pop(&mut self) -> Option<(SimTime, Timer)> {
        let ((t, _), timer) = self.items.pop_first()?;
        if timer.significant() {
            self.significant -= 1;
        }
        Some((t, timer))
    }
    /// The earliest instant with a significant timer.
    pub fn next_significant_time(&self) -> Option<SimTime> {
        if self.significant == 0 {
            return None;
        }
        self.items
            .iter()
            .find(|(_, t)| t.significant())
            .map(|(k, _)| k.0)
    }
    /// Turns armed failed-sync retries into ordinary (significant) syncs at the same
    /// instants: something changed (a ServiceAccount or PriorityClass appeared) that
    /// may let them succeed, so `sim settle` must wait for them.
    pub fn promote_retries(&mut self) {
        for t in self.items.values_mut() {
            match t {
                Timer::RetryFailedSync(k) => *t = Timer::SyncDaemonSet(std::mem::take(k)),
                Timer::RetryReplicaSet(k) => *t = Timer::SyncReplicaSet(std::mem::take(k)),
                _ => continue,
            }
            self.significant += 1;
        }
    }
    /// Number of armed timers.
    pub fn len(&self) -> usize {
        self.items.len()
    }
    /// Whether no timer is armed.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    /// Whether a timer equal to `timer` is armed at or before `at`.
    pub fn contains_by(&self, at: SimTime, timer: &Timer) -> bool {
        self.items.range(..=(at, u64::MAX)).any(|(_, t)| t == timer)
    }
}
