//! The neighbours of the DaemonSet controller, just enough to be truthful: the
//! scheduler, the kubelet, the node lifecycle controller and the pod garbage collector.

use crate::clock::Millis;

pub mod kubelet;
pub mod nodes;
pub mod scheduler;
pub mod score;

/// Durations of the simulated components. Defaults keep the contract's promise: a
/// schedulable pod with a pullable image is Ready within 30 s of simulated time.
#[derive(Clone, Debug, PartialEq)]
pub struct Timings {
    /// From pod creation to the scheduler's binding.
    pub schedule: Millis,
    /// Image pull on a node that does not have the image yet.
    pub image_pull: Millis,
    /// From image present to containers running and Ready.
    pub container_start: Millis,
    /// How long a deleted pod's containers take to stop (capped by its grace period).
    pub termination: Millis,
    /// A crashing container runs this long before it exits.
    pub crash_after: Millis,
    /// `node-monitor-grace-period`: how long a silent kubelet goes unnoticed.
    pub node_monitor_grace: Millis,
    /// Pod GC: how long a deleted node is quarantined before its pods are removed.
    pub pod_gc_quarantine: Millis,
    /// Pod GC period.
    pub pod_gc_period: Millis,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            schedule: 500,
            image_pull: 3_000,
            container_start: 1_000,
            termination: 2_000,
            crash_after: 2_000,
            node_monitor_grace: 40_000,
            pod_gc_quarantine: 40_000,
            pod_gc_period: 20_000,
        }
    }
}
