//! `updateDaemonSetStatus` (§8): the counters `kubectl get ds` shows.

use super::pods::{is_updated, oldest_first};
use super::SyncView;
use crate::model::{DaemonSetStatus, Pod};

/// Computes the status; `observedGeneration` is the DaemonSet's generation.
/// Also returns the instant (ms from now) at which a ready pod becomes available,
/// so the controller can requeue itself then.
pub fn compute(view: &SyncView<'_>) -> (DaemonSetStatus, Option<u64>) {
    let ds = view.ds;
    let mut s = DaemonSetStatus {
        collision_count: ds.status.collision_count,
        observed_generation: ds.metadata.generation,
        ..Default::default()
    };
    let min_ready = ds.spec.min_ready_seconds;
    let mut wake: Option<u64> = None;
    for (i, pods) in view.pods.iter().enumerate() {
        let run = view.placements[i].should_run;
        // When any pod turned Ready, the pod-update handler requeues the
        // DaemonSet at minReadySeconds + 1 s, when it will be available (a surge
        // pod beside an old one included).
        for p in pods {
            if min_ready > 0 && p.is_ready() && !p.is_available(min_ready, view.now) {
                if let Some(c) = p.condition("Ready") {
                    let since = c.last_transition_time.map(|t| t.0).unwrap_or_default();
                    let at = since.plus(min_ready as u64 * 1000 + 1000);
                    let delay = at.since(view.now).max(1);
                    wake = Some(wake.map_or(delay, |w| w.min(delay)));
                }
            }
        }
        let pods = Some(pods).filter(|p| !p.is_empty());
        if run {
            s.desired_number_scheduled += 1;
            if let Some(pods) = pods {
                s.current_number_scheduled += 1;
                let oldest = if pods.len() == 1 {
                    pods[0]
                } else {
                    let mut sorted: Vec<&Pod> = pods.to_vec();
                    oldest_first(&mut sorted);
                    sorted[0]
                };
                if oldest.is_ready() {
                    s.number_ready += 1;
                    if oldest.is_available(min_ready, view.now) {
                        s.number_available += 1;
                    }
                }
                if is_updated(oldest, &view.hash, view.template_generation) {
                    s.updated_number_scheduled += 1;
                }
            }
        } else if pods.is_some() {
            s.number_misscheduled += 1;
        }
    }
    s.number_unavailable = s.desired_number_scheduled - s.number_available;
    (s, wake)
}
