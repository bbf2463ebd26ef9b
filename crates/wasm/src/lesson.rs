//! Live goals of a lesson: a scenario's `expect`, split into one goal per key (one
//! per `status` field and per `pod_images` node), each checked against the live
//! simulation with [`daemonset_sim::scenario::check`] after every command, so the
//! page ticks a goal the moment it holds.
//!
//! Pure Rust (no JavaScript types): the page calls it through [`crate::Simulator`],
//! and the native test `tests/lessons_native.rs` drives it with each lesson's steps.

use daemonset_sim::kubectl::parse::{parse, Command, Sim};
use daemonset_sim::kubectl::ExecResult;
use daemonset_sim::scenario::{check, daemonset_key, Expect, Scenario};
use daemonset_sim::sim::{Simulation, Watch};
use daemonset_sim::store::Key;
use serde::Serialize;
use std::collections::BTreeMap;

/// One goal and whether it holds now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Goal {
    /// The goal in plain words.
    pub text: String,
    /// Whether it holds in the current simulation.
    pub ok: bool,
    /// What was seen when it does not hold (empty when it does).
    pub seen: String,
}

/// A loaded lesson's goals and what they need to remember between commands.
#[derive(Clone, Debug, Default)]
pub struct Lesson {
    goals: Vec<(String, Expect)>,
    key: Option<Key>,
    template_labels: Option<BTreeMap<String, String>>,
    last: Option<ExecResult>,
}

impl Lesson {
    /// The goals of `scenario` (none when it has no `expect`). Arms the
    /// simulation's watch for the `max_*_seen` goals.
    pub fn new(scenario: &Scenario, sim: &mut Simulation) -> Lesson {
        let e = scenario.expect.clone().unwrap_or_default();
        let key = e.daemonset.as_deref().map(daemonset_key);
        if let Some(k) = &key {
            sim.watch = Some(Watch::new(k.clone()));
        }
        let ds = key.as_ref().map(|k| k.1.clone()).unwrap_or_default();
        let one = |f: &dyn Fn(&mut Expect)| {
            let mut x = Expect {
                daemonset: e.daemonset.clone(),
                ..Expect::default()
            };
            f(&mut x);
            x
        };
        let mut goals = Vec::new();
        if let Some(nodes) = &e.pods_on {
            goals.push((
                format!("one {ds} pod on each of {}", nodes.join(", ")),
                one(&|x| x.pods_on = Some(nodes.clone())),
            ));
        }
        if let Some(nodes) = &e.no_pods_on {
            goals.push((
                format!("no {ds} pod on {}", nodes.join(", ")),
                one(&|x| x.no_pods_on = Some(nodes.clone())),
            ));
        }
        for (k, v) in e.status.iter().flatten() {
            let column = match k.as_str() {
                "desiredNumberScheduled" => "DESIRED",
                "currentNumberScheduled" => "CURRENT",
                "numberReady" => "READY",
                "updatedNumberScheduled" => "UP-TO-DATE",
                "numberAvailable" => "AVAILABLE",
                _ => "",
            };
            let text = if column.is_empty() {
                format!("status.{k} is {v}")
            } else {
                format!("{column} is {v} (status.{k})")
            };
            goals.push((
                text,
                one(&|x| x.status = Some(BTreeMap::from([(k.clone(), *v)]))),
            ));
        }
        for (node, image) in e.pod_images.iter().flatten() {
            goals.push((
                format!("{node} runs {image}"),
                one(&|x| x.pod_images = Some(BTreeMap::from([(node.clone(), image.clone())]))),
            ));
        }
        if let Some(n) = e.max_unavailable_seen {
            let text = if n == 0 {
                "no node ever without an available pod (after the first rollout)".to_string()
            } else {
                format!("at most {n} node(s) unavailable at once, and that budget used")
            };
            goals.push((text, one(&|x| x.max_unavailable_seen = Some(n))));
        }
        if let Some(n) = e.max_pods_per_node_seen {
            goals.push((
                format!("at most {n} pod(s) on one node at once, and reached"),
                one(&|x| x.max_pods_per_node_seen = Some(n)),
            ));
        }
        let dep = e.deployment.clone().unwrap_or_default();
        let one_deploy = |f: &dyn Fn(&mut Expect)| {
            let mut x = Expect {
                deployment: e.deployment.clone(),
                ..Expect::default()
            };
            f(&mut x);
            x
        };
        for (node, n) in e.replicas_on.iter().flatten() {
            let text = if node == "<none>" {
                format!("{n} {dep} pod(s) not scheduled")
            } else {
                format!("{n} {dep} pod(s) on {node}")
            };
            goals.push((
                text,
                one_deploy(&|x| x.replicas_on = Some(BTreeMap::from([(node.clone(), *n)]))),
            ));
        }
        for (k, v) in e.deployment_status.iter().flatten() {
            goals.push((
                format!("{dep}: status.{k} is {v}"),
                one_deploy(&|x| x.deployment_status = Some(BTreeMap::from([(k.clone(), *v)]))),
            ));
        }
        if let Some(subs) = &e.output_contains {
            goals.push((
                format!("the last command printed {}", quoted(subs)),
                one(&|x| x.output_contains = Some(subs.clone())),
            ));
        }
        if let Some(subs) = &e.error_contains {
            goals.push((
                format!("the last command failed with {}", quoted(subs)),
                one(&|x| x.error_contains = Some(subs.clone())),
            ));
        }
        Lesson {
            goals,
            key,
            template_labels: None,
            last: None,
        }
    }

    /// Records a command line and its result (after it ran).
    pub fn observe(&mut self, sim: &mut Simulation, line: &str, r: &ExecResult) {
        if matches!(parse(line), Ok(Command::Sim(Sim::Settle))) {
            self.activate(sim);
        }
        self.last = Some(r.clone());
        self.note(sim);
    }

    /// Starts counting the `max_*_seen` goals once the DaemonSet has settled
    /// (every desired node has an available pod), as the first `sim settle` does
    /// in a scenario run: the page also lets time run without that command.
    pub fn note(&mut self, sim: &mut Simulation) {
        if let Some(k) = &self.key {
            if let Some(ds) = sim.store.daemonset(k) {
                self.template_labels = Some(ds.spec.template.metadata.labels.clone());
                let s = &ds.status;
                let settled = s.desired_number_scheduled > 0
                    && s.number_available == s.desired_number_scheduled
                    && s.updated_number_scheduled == s.desired_number_scheduled;
                if settled {
                    self.activate(sim);
                }
            }
        }
    }

    fn activate(&self, sim: &mut Simulation) {
        if let Some(w) = sim.watch.as_mut() {
            w.active = true;
        }
    }

    /// Every goal, checked now. Goals about the DaemonSet hold only once it has
    /// existed (so "no pod on node-2" does not tick before anything was applied).
    pub fn goals(&self, sim: &Simulation) -> Vec<Goal> {
        self.goals
            .iter()
            .map(|(text, e)| {
                if e.needs_daemonset() && self.template_labels.is_none() {
                    return Goal {
                        text: text.clone(),
                        ok: false,
                        seen: "the DaemonSet does not exist yet".into(),
                    };
                }
                let f = check(
                    sim,
                    e,
                    self.key.as_ref(),
                    self.template_labels.as_ref(),
                    self.last.as_ref(),
                );
                Goal {
                    text: text.clone(),
                    ok: f.is_empty(),
                    seen: f
                        .iter()
                        .map(|x| x.seen.clone())
                        .collect::<Vec<_>>()
                        .join("; "),
                }
            })
            .collect()
    }
}

fn quoted(v: &[String]) -> String {
    v.iter()
        .map(|s| format!("\u{201c}{s}\u{201d}"))
        .collect::<Vec<_>>()
        .join(", ")
}
