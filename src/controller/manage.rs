//! Per-node reconciliation (`manage` / `podsShouldBeOnNode`, §7): which nodes need a
//! pod, and which pods must go (surplus, failed, succeeded, misplaced, or aimed at a
//! node that no longer exists).

use super::pods::{is_updated, oldest_first};
use super::{Action, SyncView};
use crate::model::pod::phase;
use crate::model::Pod;

/// Initial failed-pod backoff (1 s), doubling to the maximum (15 min).
pub const FAILED_POD_BACKOFF_INITIAL_MS: u64 = 1_000;
/// Maximum failed-pod backoff.
pub const FAILED_POD_BACKOFF_MAX_MS: u64 = 15 * 60 * 1_000;

/// What `manage` decided.
#[derive(Debug, Default)]
pub struct Manage {
    /// Creates and deletes, in order.
    pub actions: Vec<Action>,
    /// Warning/Normal events about failed or succeeded pods: (type, reason, message).
    pub events: Vec<(&'static str, &'static str, String)>,
    /// Backoff entries to arm: (node, delay).
    pub backoff_next: Vec<String>,
    /// Sync again after this many ms (failed-pod backoff still running).
    pub requeue_after: Option<u64>,
}

/// Runs `manage` over every node (and over pods aimed at nodes that are gone).
pub fn manage(view: &SyncView<'_>, backoff: &super::FailedPodBackoff) -> Manage {
    let mut out = Manage::default();
    let ds = view.ds;
    let surge = ds.allows_surge();
    for (i, name) in view.nodes.iter().copied().enumerate() {
        let placement = &view.placements[i];
        let pods = &view.pods[i];
        let exists = !pods.is_empty();
        if placement.should_run && !exists {
            out.actions.push(Action::Create {
                node: name.clone(),
                why: "no daemon pod on a node that should run one".into(),
            });
            continue;
        }
        if placement.should_continue_running {
            let mut running: Vec<&Pod> = Vec::new();
            for p in pods {
                if p.metadata.is_deleting() {
                    continue;
                }
                if p.status.phase == phase::FAILED {
                    let bkey = (
                        ds.metadata.uid.clone(),
                        ds.status.observed_generation,
                        name.clone(),
                    );
                    if let Some((delay, last)) = backoff.get(&bkey) {
                        let elapsed = view.now.since(*last);
                        if elapsed < *delay {
                            let remaining = delay - elapsed;
                            out.requeue_after =
                                Some(out.requeue_after.map_or(remaining, |r| r.min(remaining)));
                            continue;
                        }
                    }
                    out.backoff_next.push(name.clone());
                    out.events.push((
                        "Warning",
                        "FailedDaemonPod",
                        format!(
                            "Found failed daemon pod {}/{} on node {}, will try to kill it",
                            p.metadata.namespace, p.metadata.name, name
                        ),
                    ));
                    out.actions.push(Action::Delete {
                        pod: p.key(),
                        node: name.clone(),
                        why: "failed daemon pod".into(),
                    });
                    continue;
                }
                if p.status.phase == phase::SUCCEEDED {
                    out.events.push((
                        "Normal",
                        "SucceededDaemonPod",
                        format!(
                            "Found succeeded daemon pod {}/{} on node {}, will try to delete it",
                            p.metadata.namespace, p.metadata.name, name
                        ),
                    ));
                    out.actions.push(Action::Delete {
                        pod: p.key(),
                        node: name.clone(),
                        why: "succeeded daemon pod".into(),
                    });
                    continue;
                }
                running.push(p);
            }
            if !surge {
                if running.len() > 1 {
                    oldest_first(&mut running);
                    for p in &running[1..] {
                        out.actions.push(Action::Delete {
                            pod: p.key(),
                            node: name.clone(),
                            why: "more than one daemon pod on the node; the oldest stays".into(),
                        });
                    }
                }
            } else if running.is_empty() {
                if placement.should_run {
                    out.actions.push(Action::Create { node: name.clone(), why: "no running daemon pod on the node (surge allows a new one beside a terminating one)".into() });
                }
            } else if running.len() > 1 {
                oldest_first(&mut running);
                let new_pod = running
                    .iter()
                    .find(|p| is_updated(p, &view.hash, view.template_generation))
                    .copied();
                let old_pod = running
                    .iter()
                    .find(|p| !is_updated(p, &view.hash, view.template_generation))
                    .copied();
                for p in &running {
                    let keep = new_pod.is_some_and(|n| std::ptr::eq(n, *p))
                        || old_pod.is_some_and(|o| std::ptr::eq(o, *p));
                    if !keep {
                        out.actions.push(Action::Delete {
                            pod: p.key(),
                            node: name.clone(),
                            why: "surplus daemon pod on the node".into(),
                        });
                    }
                }
                if let (Some(n), Some(o)) = (new_pod, old_pod) {
                    if !o.is_ready() {
                        out.actions.push(Action::Delete {
                            pod: o.key(),
                            node: name.clone(),
                            why: "old pod is not ready and a new pod is here".into(),
                        });
                    } else if n.is_available(ds.spec.min_ready_seconds, view.now) {
                        out.actions.push(Action::Delete {
                            pod: o.key(),
                            node: name.clone(),
                            why: "new pod is available; surge pod replaces the old one".into(),
                        });
                    }
                }
            }
        } else if exists {
            for p in pods {
                if !p.metadata.is_deleting() {
                    let why = placement.reason.clone().unwrap_or_default();
                    out.actions.push(Action::Delete {
                        pod: p.key(),
                        node: name.clone(),
                        why: format!("the node should not run this pod: {why}").into(),
                    });
                }
            }
        }
    }
    // Unscheduled pods aimed at nodes that no longer exist: the pod GC never sees them.
    for (name, pods) in &view.elsewhere {
        let name = name.to_string();
        for p in pods {
            if p.spec.node_name.is_empty() && !p.metadata.is_deleting() {
                out.actions.push(Action::Delete {
                    pod: p.key(),
                    node: name.clone(),
                    why: "pending pod aimed at a node that no longer exists".into(),
                });
            }
        }
    }
    out
}
