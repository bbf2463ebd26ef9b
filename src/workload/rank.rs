//! Which pods a ReplicaSet deletes first when it scales down: `ActivePodsWithRanks`
//! (`pkg/controller/controller_utils.go`) with LogarithmicScaleDown (on by default).

use crate::clock::SimTime;
use crate::model::Pod;
use std::cmp::Ordering;

/// `podPhaseToOrdinal`: Pending < Unknown < Running.
fn phase_ordinal(phase: &str) -> u8 {
    match phase {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    }
}

fn deletion_cost(p: &Pod) -> i64 {
    p.metadata
        .annotations
        .get("controller.kubernetes.io/pod-deletion-cost")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn ready_since(p: &Pod) -> Option<SimTime> {
    p.condition("Ready")
        .filter(|c| c.status == "True")
        .and_then(|c| c.last_transition_time.map(|t| t.0))
}

fn max_restarts(p: &Pod) -> i64 {
    p.status
        .container_statuses
        .iter()
        .map(|c| c.restart_count)
        .max()
        .unwrap_or(0)
}

/// `logarithmicRankDiff`: compares log2 of the ages (in nanoseconds, as Go's
/// `time.Duration`); negative when `t1` is the younger bucket.
fn log_rank_diff(t1: SimTime, t2: SimTime, now: SimTime) -> i64 {
    let r = |t: SimTime| -> i64 {
        let d = now.since(t) as f64 * 1e6;
        if d > 0.0 {
            d.log2() as i64
        } else {
            -1
        }
    };
    r(t1) - r(t2)
}

/// Orders two pods: `Less` first (preferred for deletion). `rank_*` is the number
/// of active related pods on the pod's node ("doubled up" first).
pub fn compare(a: &Pod, ra: usize, b: &Pod, rb: usize, now: SimTime) -> Ordering {
    let less = |x: bool| if x { Ordering::Less } else { Ordering::Greater };
    // 1. Unassigned < assigned.
    let (na, nb) = (&a.spec.node_name, &b.spec.node_name);
    if na != nb && (na.is_empty() || nb.is_empty()) {
        return less(na.is_empty());
    }
    // 2. Pending < Unknown < Running.
    let (pa, pb) = (
        phase_ordinal(&a.status.phase),
        phase_ordinal(&b.status.phase),
    );
    if pa != pb {
        return less(pa < pb);
    }
    // 3. Not ready < ready.
    if a.is_ready() != b.is_ready() {
        return less(!a.is_ready());
    }
    // 4. Lower pod-deletion-cost first.
    let (ca, cb) = (deletion_cost(a), deletion_cost(b));
    if ca != cb {
        return less(ca < cb);
    }
    // 5. Doubled up < not doubled up.
    if ra != rb {
        return less(ra > rb);
    }
    // 6. Ready for less time first (log2 buckets, then uid).
    if let (Some(ta), Some(tb)) = (ready_since(a), ready_since(b)) {
        if ta != tb {
            let d = log_rank_diff(ta, tb, now);
            if d == 0 {
                return less(a.metadata.uid < b.metadata.uid);
            }
            return less(d < 0);
        }
    }
    // 7. More restarts first.
    let (xa, xb) = (max_restarts(a), max_restarts(b));
    if xa != xb {
        return less(xa > xb);
    }
    // 8. Newer first (log2 buckets, then uid).
    let (ta, tb) = (a.metadata.created(), b.metadata.created());
    if ta != tb {
        let d = log_rank_diff(ta, tb, now);
        if d == 0 {
            return less(a.metadata.uid < b.metadata.uid);
        }
        return less(d < 0);
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(node: &str, phase: &str) -> Pod {
        let mut p = Pod::default();
        p.spec.node_name = node.into();
        p.status.phase = phase.into();
        p
    }

    #[test]
    fn unassigned_then_pending_then_doubled_up_go_first() {
        let now = SimTime(100_000);
        let a = pod("", "Pending");
        let b = pod("n1", "Pending");
        assert_eq!(compare(&a, 0, &b, 0, now), Ordering::Less);
        let c = pod("n1", "Running");
        assert_eq!(compare(&b, 0, &c, 0, now), Ordering::Less);
        let d = pod("n2", "Running");
        assert_eq!(compare(&c, 2, &d, 1, now), Ordering::Less);
        assert_eq!(compare(&d, 1, &c, 2, now), Ordering::Greater);
    }
}
