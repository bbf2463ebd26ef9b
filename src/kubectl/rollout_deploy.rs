//! `kubectl rollout status|history|undo|restart|pause|resume` for Deployments
//! (`DeploymentStatusViewer`, `DeploymentHistoryViewer`, `DeploymentRollbacker`):
//! the revisions are the ReplicaSets' `deployment.kubernetes.io/revision`.

use super::exec::{not_found, ns_of, plural, singular, Out};
use super::parse::{Resource, Rollout, RolloutAction};
use super::request::ResourceType;
use crate::model::deployment::POD_TEMPLATE_HASH_LABEL;
use crate::model::{Deployment, ReplicaSet};
use crate::sim::Simulation;
use crate::store::Key;
use crate::workload::deployment::replicasets_in_store;

const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";
const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";

/// `DeploymentStatusViewer.Status`.
pub fn status_message(d: &Deployment) -> Result<(String, bool), String> {
    let s = &d.status;
    let name = &d.metadata.name;
    if d.metadata.generation > s.observed_generation {
        return Ok((
            "Waiting for deployment spec update to be observed...".into(),
            false,
        ));
    }
    if s.conditions
        .iter()
        .any(|c| c.type_ == "Progressing" && c.reason == "ProgressDeadlineExceeded")
    {
        return Err(format!(
            "deployment \"{name}\" exceeded its progress deadline"
        ));
    }
    if s.updated_replicas < d.replicas() {
        return Ok((
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {} out of {} new replicas have been updated...",
                s.updated_replicas,
                d.replicas()
            ),
            false,
        ));
    }
    if s.replicas > s.updated_replicas {
        return Ok((
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...",
                s.replicas - s.updated_replicas
            ),
            false,
        ));
    }
    if s.available_replicas < s.updated_replicas {
        return Ok((
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {} of {} updated replicas are available...",
                s.available_replicas, s.updated_replicas
            ),
            false,
        ));
    }
    Ok((
        format!("deployment \"{name}\" successfully rolled out"),
        true,
    ))
}

fn without_hash(rs: &ReplicaSet) -> crate::model::PodTemplateSpec {
    let mut t = rs.spec.template.clone();
    t.metadata.labels.remove(POD_TEMPLATE_HASH_LABEL);
    t
}

/// Entry point for `Resource::Typed(Deployments)`.
pub fn rollout(sim: &mut Simulation, out: &mut Out, r: &Rollout) {
    let res = Resource::Typed(ResourceType::Deployments);
    let key: Key = (ns_of(&r.namespace), r.name.clone());
    let Some(d) = sim.store.deployment(&key).cloned() else {
        out.fail(not_found(res, &r.name));
        return;
    };
    let prefix = format!("{}/{}", singular(res), r.name);
    match r.action {
        RolloutAction::Status => {
            let k = key.clone();
            super::rollout::status(sim, out, r, &|sim| {
                sim.store.deployment(&k).map(status_message)
            })
        }
        RolloutAction::Pause | RolloutAction::Resume => {
            let pause = r.action == RolloutAction::Pause;
            if d.spec.paused == pause {
                out.fail(format!(
                    "error: {} \"{}\" is {}",
                    plural(res),
                    r.name,
                    if pause {
                        "already paused"
                    } else {
                        "not paused"
                    }
                ));
                return;
            }
            match sim.update_deployment(&key, |x| x.spec.paused = pause) {
                Ok(_) => out.line(format!(
                    "{prefix} {}",
                    if pause { "paused" } else { "resumed" }
                )),
                Err(e) => out.fail(e),
            }
        }
        RolloutAction::Restart => {
            if d.spec.paused {
                out.fail(format!(
                    "error: deployments \"{}\" is paused; resume it first with 'kubectl rollout resume' and try again",
                    r.name
                ));
                return;
            }
            let at = sim.now().rfc3339();
            match sim.update_deployment(&key, |x| {
                x.spec
                    .template
                    .metadata
                    .annotations
                    .insert(RESTARTED_AT.into(), at.clone());
            }) {
                Ok(_) => out.line(format!("{prefix} restarted")),
                Err(e) => out.fail(e),
            }
        }
        RolloutAction::History => {
            let mut rss = replicasets_in_store(&sim.store, &d);
            rss.retain(|x| x.revision() > 0);
            crate::sort::by_key(&mut rss, |x| x.revision());
            if r.revision > 0 {
                let Some(rs) = rss.iter().find(|x| x.revision() == r.revision) else {
                    out.fail(format!(
                        "error: unable to find the specified revision {}",
                        r.revision
                    ));
                    return;
                };
                super::rollout::revision_template(out, &prefix, r.revision, &rs.spec.template);
                return;
            }
            if rss.is_empty() {
                out.line("No rollout history found.");
                return;
            }
            let rows = rss
                .iter()
                .map(|x| (x.revision(), x.metadata.annotations.get(CHANGE_CAUSE)));
            super::rollout::history_table(out, &prefix, rows);
        }
        RolloutAction::Undo => {
            if d.spec.paused {
                out.fail("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
                return;
            }
            let rss = replicasets_in_store(&sim.store, &d);
            let to = r.to_revision;
            let target = if to > 0 {
                rss.iter().find(|x| x.revision() == to)
            } else {
                let mut sorted: Vec<&ReplicaSet> =
                    rss.iter().filter(|x| x.revision() > 0).collect();
                crate::sort::by_key(&mut sorted, |x| std::cmp::Reverse(x.revision()));
                sorted.get(1).copied()
            };
            let Some(target) = target else {
                if to > 0 {
                    out.fail(format!(
                        "error: unable to find specified revision {to} in history"
                    ));
                } else {
                    out.fail(format!(
                        "error: no rollout history found for deployment \"{}\"",
                        r.name
                    ));
                }
                return;
            };
            let template = without_hash(target);
            if template == d.spec.template {
                out.line(format!(
                    "{prefix} skipped rollback (current template already matches revision {to})"
                ));
                return;
            }
            match sim.update_deployment(&key, |x| x.spec.template = template) {
                Ok(_) => out.line(format!("{prefix} rolled back")),
                Err(e) => out.fail(e),
            }
        }
    }
}
