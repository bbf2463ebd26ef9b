//! RollingUpdate (§10): which old pods to delete (no surge) or which nodes get a
//! surge pod (surge), within the budget.
//!
//! Assumptions: `manage` ran in this sync without creating or deleting anything, so
//! every node has at most the pods it should.
//!
//! Invariants (without surge): the number of desired nodes without an available pod
//! does not grow beyond maxUnavailable because of the rollout; unavailable old pods
//! are replaced whatever the budget; a node never holds two daemon pods. With surge:
//! at most maxSurge nodes hold a not-yet-available new pod beside an old one.

use super::pods::is_updated;
use super::{Action, SyncView};
use crate::model::Pod;
use crate::rng::Rng;

/// `findUpdatedPodsOnNode`: at most one new and one old non-terminating pod, or
/// `None` when there are more (left to `manage`).
fn new_and_old<'a>(
    view: &SyncView<'a>,
    pods: &[&'a Pod],
) -> Option<(Option<&'a Pod>, Option<&'a Pod>)> {
    let (mut new, mut old) = (None, None);
    for p in pods.iter().copied() {
        if p.metadata.is_deleting() {
            continue;
        }
        if is_updated(p, &view.hash, view.template_generation) {
            if new.is_some() {
                return None;
            }
            new = Some(p);
        } else {
            if old.is_some() {
                return None;
            }
            old = Some(p);
        }
    }
    Some((new, old))
}

/// `rollingUpdate`: the actions for this sync. Node order is random, as Go's map
/// iteration is in the real controller (here: from the seeded generator).
pub fn rolling_update(view: &SyncView<'_>, rng: &mut Rng) -> Vec<Action> {
    let ds = view.ds;
    let min_ready = ds.spec.min_ready_seconds;
    let now = view.now;
    // Every desired node takes part, with or without pods; so does every node with pods.
    let mut nodes: Vec<(String, bool, &[&Pod])> = Vec::new();
    let mut desired = 0i64;
    for (i, name) in view.nodes.iter().enumerate() {
        let run = view.placements[i].should_run;
        if run {
            desired += 1;
        }
        if run || !view.pods[i].is_empty() {
            nodes.push((name.to_string(), run, &view.pods[i]));
        }
    }
    for (name, pods) in &view.elsewhere {
        nodes.push((name.to_string(), false, pods));
    }
    rng.shuffle(&mut nodes);
    let (max_surge, max_unavailable) = ds.budgets(desired);
    let mut actions = Vec::new();
    if max_surge == 0 {
        let mut unavailable = 0i64;
        let mut allowed: Vec<(&Pod, &String)> = Vec::new();
        let mut candidates: Vec<(&Pod, &String)> = Vec::new();
        for (name, _, pods) in &nodes {
            let Some((new, old)) = new_and_old(view, pods) else {
                unavailable += 1;
                continue;
            };
            match (new, old) {
                (None, None) | (Some(_), Some(_)) => unavailable += 1,
                (Some(n), None) => {
                    if !n.is_available(min_ready, now) {
                        unavailable += 1;
                    }
                }
                (None, Some(o)) => {
                    if !o.is_available(min_ready, now) {
                        // Replaced whatever the budget, but it uses the budget up.
                        allowed.push((o, name));
                        unavailable += 1;
                    } else if unavailable < max_unavailable {
                        candidates.push((o, name));
                    }
                }
            }
        }
        let remaining = (max_unavailable - unavailable).clamp(0, candidates.len() as i64) as usize;
        for (p, node) in allowed {
            actions.push(Action::Delete {
                pod: p.key(),
                node: node.clone(),
                why: "rolling update: old pod is not available, replaced whatever the budget"
                    .into(),
            });
        }
        for (p, node) in candidates.into_iter().take(remaining) {
            actions.push(Action::Delete {
                pod: p.key(),
                node: node.clone(),
                why: format!(
                    "rolling update: old pod deleted, {} of {} unavailable allowed",
                    unavailable + 1,
                    max_unavailable
                )
                .into(),
            });
            unavailable += 1;
        }
    } else {
        let mut surge_in_use = 0i64;
        let mut available = 0i64;
        let mut old_to_delete: Vec<(&Pod, &String, String)> = Vec::new();
        let mut may_delete_later: Vec<(&Pod, &String)> = Vec::new();
        let mut allowed_new: Vec<&String> = Vec::new();
        let mut candidate_new: Vec<&String> = Vec::new();
        for (name, run, pods) in &nodes {
            let Some((new, old)) = new_and_old(view, pods) else {
                surge_in_use += 1;
                continue;
            };
            if old.is_some_and(|o| o.is_available(min_ready, now))
                || new.is_some_and(|n| n.is_available(min_ready, now))
            {
                available += 1;
            }
            match (new, old) {
                (_, None) => {}
                (None, Some(o)) => {
                    if !o.is_available(min_ready, now) {
                        if !run {
                            old_to_delete.push((o, name, "rolling update: unavailable old pod on a node that should not run one".into()));
                        } else {
                            allowed_new.push(name);
                        }
                    } else if !run {
                        may_delete_later.push((o, name));
                    } else if surge_in_use < max_surge {
                        candidate_new.push(name);
                    }
                }
                (Some(n), Some(o)) => {
                    if !n.is_available(min_ready, now) {
                        surge_in_use += 1;
                    } else {
                        old_to_delete.push((
                            o,
                            name,
                            "rolling update: new pod available, old pod deleted".into(),
                        ));
                    }
                }
            }
        }
        let remaining = (max_surge - surge_in_use).clamp(0, candidate_new.len() as i64) as usize;
        for node in allowed_new {
            actions.push(Action::Create { node: node.clone(), why: "rolling update: old pod not available, new pod created whatever the surge budget".into() });
        }
        for (i, node) in candidate_new.into_iter().take(remaining).enumerate() {
            actions.push(Action::Create {
                node: node.clone(),
                why: format!(
                    "rolling update: surge pod created beside the old one, {} of {} surge allowed",
                    surge_in_use + i as i64 + 1,
                    max_surge
                )
                .into(),
            });
        }
        for (p, node, why) in old_to_delete {
            actions.push(Action::Delete {
                pod: p.key(),
                node: node.clone(),
                why: why.into(),
            });
        }
        for (p, node) in may_delete_later {
            if available > desired {
                available -= 1;
                actions.push(Action::Delete {
                    pod: p.key(),
                    node: node.clone(),
                    why: "rolling update: old pod on a node that should no longer run one".into(),
                });
            }
        }
    }
    actions
}
