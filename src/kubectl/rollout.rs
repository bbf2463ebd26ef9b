//! `kubectl rollout status|history|undo|restart|pause|resume` for DaemonSets
//! (§9.5, §15.4, §15.6). `status` watches by advancing simulated time.

use super::exec::{not_found, ns_of, plural, singular, Out};
use super::parse::{Resource, Rollout, RolloutAction};
use super::request::ResourceType;
use super::ExecResult;
use crate::controller::history::{revisions_of, template_of, template_patch};
use crate::model::DaemonSet;
use crate::sim::{Simulation, SETTLE_HORIZON};
use crate::store::Key;

/// The change-cause annotation `rollout history` shows.
const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";
/// The template annotation `rollout restart` sets.
const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";

/// `kubectl rollout ...`.
pub fn rollout(sim: &mut Simulation, r: &Rollout) -> ExecResult {
    let mut out = Out::new();
    let t = match r.resource {
        Resource::Typed(ResourceType::DaemonSets) => ResourceType::DaemonSets,
        Resource::Typed(ResourceType::Deployments) => {
            super::rollout_deploy::rollout(sim, &mut out, r);
            return out.done();
        }
        Resource::Other(k) if matches!(k.kind, "StatefulSet") => {
            out.fail(format!(
                "error: {} are stored but not simulated here; only DaemonSets roll out",
                k.qualified_plural()
            ));
            return out.done();
        }
        other => {
            let kind = match other {
                Resource::Typed(t) => super::parse::typed_kind(t).to_string(),
                Resource::Other(k) => k.kind.to_string(),
            };
            let what = match r.action {
                RolloutAction::Status => {
                    format!("error: no status viewer has been implemented for {kind}")
                }
                RolloutAction::History | RolloutAction::Undo => {
                    format!("error: no history viewer has been implemented for \"{kind}\"")
                }
                RolloutAction::Restart => format!(
                    "error: {} \"{}\" restarting is not supported",
                    plural(other),
                    r.name
                ),
                RolloutAction::Pause => format!(
                    "error: {} \"{}\" pausing is not supported",
                    plural(other),
                    r.name
                ),
                RolloutAction::Resume => format!(
                    "error: {} \"{}\" resuming is not supported",
                    plural(other),
                    r.name
                ),
            };
            out.fail(what);
            return out.done();
        }
    };
    let res = Resource::Typed(t);
    let key: Key = (ns_of(&r.namespace), r.name.clone());
    let Some(ds) = sim.store.daemonset(&key).cloned() else {
        out.fail(not_found(res, &r.name));
        return out.done();
    };
    let prefix = format!("{}/{}", singular(res), r.name);
    match r.action {
        RolloutAction::Pause | RolloutAction::Resume => {
            let what = if r.action == RolloutAction::Pause {
                "pausing"
            } else {
                "resuming"
            };
            out.fail(format!(
                "error: {} \"{}\" {what} is not supported",
                plural(res),
                r.name
            ));
        }
        RolloutAction::Restart => {
            let at = sim.now().rfc3339();
            if ds.spec.template.metadata.annotations.get(RESTARTED_AT) == Some(&at) {
                out.fail(format!(
                    "error: failed to create patch for {prefix}: if restart has already been triggered within the past second, please wait before attempting to trigger another"
                ));
            } else {
                match sim.update_daemonset(&key, |d| {
                    d.spec
                        .template
                        .metadata
                        .annotations
                        .insert(RESTARTED_AT.into(), at.clone());
                }) {
                    Ok(_) => out.line(format!("{prefix} restarted")),
                    Err(e) => out.fail(e),
                }
            }
        }
        RolloutAction::History => history(sim, &mut out, &ds, &prefix, r.revision),
        RolloutAction::Undo => undo(sim, &mut out, &ds, &key, &prefix, r.to_revision),
        RolloutAction::Status => status(sim, &mut out, r, &|sim| {
            sim.store.daemonset(&key).map(status_message)
        }),
    }
    out.done()
}

fn history(sim: &Simulation, out: &mut Out, ds: &DaemonSet, prefix: &str, revision: i64) {
    let revs = revisions_of(&sim.store, ds);
    if revision > 0 {
        let Some(rev) = revs.iter().find(|r| r.revision == revision) else {
            out.fail("error: unable to find the specified revision");
            return;
        };
        let Some(template) = template_of(rev) else {
            out.fail("error: unable to find the specified revision");
            return;
        };
        revision_template(out, prefix, revision, &template);
        return;
    }
    if revs.is_empty() {
        out.line("No rollout history found.");
        return;
    }
    let rows = revs
        .iter()
        .map(|r| (r.revision, r.metadata.annotations.get(CHANGE_CAUSE)));
    history_table(out, prefix, rows);
}

/// `rollout history --revision=N`: the header and the revision's pod template.
pub(super) fn revision_template(
    out: &mut Out,
    prefix: &str,
    revision: i64,
    template: &crate::model::PodTemplateSpec,
) {
    out.line(format!("{prefix} with revision #{revision}"));
    let text = super::print::describe_pod_template(template);
    out.raw(&text);
    if !text.ends_with('\n') {
        out.raw("\n");
    }
    out.raw("\n");
}

/// `rollout history`: REVISION and CHANGE-CAUSE through a tabwriter with padding 2
/// (kubectl's tabbedString), `<none>` where no change cause was recorded.
pub(super) fn history_table<'a>(
    out: &mut Out,
    prefix: &str,
    revisions: impl Iterator<Item = (i64, Option<&'a String>)>,
) {
    let rows: Vec<(String, &str)> = revisions
        .map(|(n, cause)| (n.to_string(), cause.map_or("<none>", String::as_str)))
        .collect();
    let width = rows
        .iter()
        .map(|r| r.0.len())
        .max()
        .unwrap_or(0)
        .max("REVISION".len())
        + 2;
    out.raw(&format!("{prefix} \n"));
    out.raw(&format!("{:<width$}{}\n", "REVISION", "CHANGE-CAUSE"));
    for (n, c) in rows {
        out.raw(&format!("{n:<width$}{c}\n"));
    }
    out.raw("\n");
}

fn undo(sim: &mut Simulation, out: &mut Out, ds: &DaemonSet, key: &Key, prefix: &str, to: i64) {
    let revs = revisions_of(&sim.store, ds);
    if to == 0 && revs.len() <= 1 {
        out.fail("error: no last revision to roll back to");
        return;
    }
    let target = if to == 0 {
        revs.get(revs.len() - 2).copied()
    } else {
        revs.iter().find(|r| r.revision == to).copied()
    };
    let Some(target) = target else {
        out.fail(format!(
            "error: unable to find specified revision {to} in history"
        ));
        return;
    };
    let Some(template) = template_of(target) else {
        out.fail(format!(
            "error: unable to find specified revision {to} in history"
        ));
        return;
    };
    if template_patch(&ds.spec.template) == target.data {
        out.line(format!(
            "{prefix} skipped rollback (current template already matches revision {to})"
        ));
        return;
    }
    match sim.update_daemonset(key, |d| d.spec.template = template) {
        Ok(_) => out.line(format!("{prefix} rolled back")),
        Err(e) => out.fail(e),
    }
}

/// The status line and whether the rollout is done (`rollout_status.go`).
pub fn status_message(ds: &DaemonSet) -> Result<(String, bool), String> {
    if !ds.is_rolling_update() {
        return Err("rollout status is only available for RollingUpdate strategy type".into());
    }
    let s = &ds.status;
    let name = &ds.metadata.name;
    if ds.metadata.generation > s.observed_generation {
        return Ok((
            "Waiting for daemon set spec update to be observed...".into(),
            false,
        ));
    }
    if s.updated_number_scheduled < s.desired_number_scheduled {
        return Ok((
            format!(
                "Waiting for daemon set \"{name}\" rollout to finish: {} out of {} new pods have been updated...",
                s.updated_number_scheduled, s.desired_number_scheduled
            ),
            false,
        ));
    }
    if s.number_available < s.desired_number_scheduled {
        return Ok((
            format!(
                "Waiting for daemon set \"{name}\" rollout to finish: {} of {} updated pods are available...",
                s.number_available, s.desired_number_scheduled
            ),
            false,
        ));
    }
    Ok((
        format!("daemon set \"{name}\" successfully rolled out"),
        true,
    ))
}

/// The status of the watched object: None when it is gone.
pub(crate) type StatusFn<'a> = dyn Fn(&Simulation) -> Option<Result<(String, bool), String>> + 'a;

/// `rollout status`, watching by advancing simulated time.
pub(crate) fn status(sim: &mut Simulation, out: &mut Out, r: &Rollout, get: &StatusFn) {
    let start = sim.now();
    let deadline = start.plus(if r.timeout > 0 {
        r.timeout
    } else {
        SETTLE_HORIZON
    });
    let mut last: Option<String> = None;
    sim.run_instant();
    loop {
        let Some(st) = get(sim) else {
            out.fail(not_found(r.resource, &r.name));
            return;
        };
        match st {
            Err(e) => {
                out.fail(format!("error: {e}"));
                return;
            }
            Ok((msg, done)) => {
                if last.as_deref() != Some(msg.as_str()) {
                    out.line(&msg);
                    last = Some(msg);
                }
                if done || !r.watch {
                    return;
                }
            }
        }
        // Watch: move to the next thing that can happen. Without --timeout, stop
        // as soon as nothing significant is left (a real kubectl would wait for ever).
        if r.timeout == 0 && sim.queue.next_significant_time().is_none() {
            out.fail("error: timed out waiting for the condition");
            return;
        }
        if sim.now() >= deadline {
            out.fail("error: timed out waiting for the condition");
            return;
        }
        if !sim.advance_to_next(deadline) {
            if r.timeout > 0 {
                let left = deadline.since(sim.now());
                sim.advance(left);
                continue;
            }
            out.fail("error: timed out waiting for the condition");
            return;
        }
    }
}
