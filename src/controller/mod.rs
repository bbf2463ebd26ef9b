//! The DaemonSet controller (k8s `pkg/controller/daemon`).

use std::collections::BTreeMap;

/// Failed-pod backoff per (DaemonSet uid, generation, node): (next delay ms, last at).
pub type FailedPodBackoff = BTreeMap<(String, i64, String), (u64, crate::clock::SimTime)>;

impl crate::sim::Simulation {
    pub(crate) fn sync_daemonset(&mut self, _key: &crate::store::Key) {}
    pub(crate) fn schedule_pending(&mut self) {
        self.unscheduled.clear();
    }
    pub(crate) fn fire(&mut self, _t: crate::sim::queue::Timer) {}
    pub(crate) fn route_changes(&mut self) {
        self.store.take_changes();
    }
    pub(crate) fn stuck_rollouts(&self) -> Vec<String> {
        vec![]
    }
}
