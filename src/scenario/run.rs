//! Runs a scenario: builds the cluster, runs each step through
//! [`crate::kubectl::exec`], writes the transcript a terminal would show, then checks
//! `expect` exactly as `scenarios.md` ("What `expect` keys mean, precisely") says.

use super::format::{Expect, Scenario, DEFAULT_SEED};
use crate::kubectl::parse::{parse, Command, Sim};
use crate::kubectl::{exec, ExecResult};
use crate::model::{Pod, Taint};
use crate::sim::{NodeInput, Simulation, Watch};
use crate::store::Key;
use std::collections::BTreeMap;
use std::fmt;

/// One expectation that did not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectFailure {
    /// The key (`pods_on`, `status.numberReady`, `max_unavailable_seen`…).
    pub key: String,
    /// What the scenario wants.
    pub wanted: String,
    /// What the run produced.
    pub seen: String,
}

impl fmt::Display for ExpectFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expect.{}: wanted {}, seen {}",
            self.key, self.wanted, self.seen
        )
    }
}

/// A step that failed where it must not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepError {
    /// 1-based step number.
    pub step: usize,
    /// The command line.
    pub line: String,
    /// Its output.
    pub output: String,
}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "step {} failed: {}\n{}",
            self.step,
            self.line,
            self.output.trim_end()
        )
    }
}

/// What a run produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunReport {
    /// `$ command` lines and their output, byte-identical run to run.
    pub transcript: String,
    /// Expectations that did not hold (empty when the steps did not all run).
    pub failures: Vec<ExpectFailure>,
    /// The step that failed, if one did where it must not.
    pub step_error: Option<StepError>,
}

impl RunReport {
    /// Whether every step ran as it should and every expectation held.
    pub fn passed(&self) -> bool {
        self.failures.is_empty() && self.step_error.is_none()
    }
}

/// `namespace/name` or `name` (namespace `default`).
pub fn daemonset_key(s: &str) -> Key {
    match s.split_once('/') {
        Some((ns, n)) => (ns.to_string(), n.to_string()),
        None => ("default".to_string(), s.to_string()),
    }
}

impl Scenario {
    /// The initial cluster: nodes added as the file lists them, files in place,
    /// timings and seed applied. Nodes the simulation refuses are skipped (`load`
    /// has already rejected what it can).
    pub fn simulation(&self) -> Simulation {
        let mut sim = Simulation::new(self.seed.unwrap_or(DEFAULT_SEED));
        if let Some(t) = &self.timings {
            let set = |v: &Option<String>, slot: &mut u64| {
                if let Some(ms) = v
                    .as_deref()
                    .and_then(|s| crate::clock::parse_duration(s).ok())
                {
                    *slot = ms;
                }
            };
            set(&t.schedule, &mut sim.timings.schedule);
            set(&t.image_pull, &mut sim.timings.image_pull);
            set(&t.container_start, &mut sim.timings.container_start);
            set(&t.termination, &mut sim.timings.termination);
            set(&t.crash_after, &mut sim.timings.crash_after);
            set(&t.node_monitor_grace, &mut sim.timings.node_monitor_grace);
            set(&t.pod_gc_quarantine, &mut sim.timings.pod_gc_quarantine);
            set(&t.pod_gc_period, &mut sim.timings.pod_gc_period);
        }
        for n in &self.nodes {
            let input = NodeInput {
                name: n.name.clone(),
                labels: n.labels.clone(),
                taints: n
                    .taints
                    .iter()
                    .map(|t| Taint {
                        key: t.key.clone(),
                        value: t.value.clone().unwrap_or_default(),
                        effect: t.effect.clone(),
                        time_added: None,
                    })
                    .collect(),
                unschedulable: n.unschedulable,
                ready: n.ready,
                allocatable: n.allocatable.clone(),
            };
            let _ = sim.add_node(input);
        }
        sim.files = self.files.clone();
        sim.run_instant();
        sim
    }
}

/// Runs a scenario and checks its expectations.
pub fn run(scenario: &Scenario) -> RunReport {
    let mut sim = scenario.simulation();
    let expect = scenario.expect.clone().unwrap_or_default();
    let ds_key = expect.daemonset.as_deref().map(daemonset_key);
    if let Some(k) = &ds_key {
        sim.watch = Some(Watch::new(k.clone()));
    }
    let mut report = RunReport::default();
    let mut template_labels: Option<BTreeMap<String, String>> = None;
    let mut last: Option<ExecResult> = None;
    let wants_error = expect.error_contains.is_some();
    for (i, line) in scenario.steps.iter().enumerate() {
        let is_last = i + 1 == scenario.steps.len();
        report.transcript.push_str(&format!("$ {line}\n"));
        let r = exec(&mut sim, line);
        report.transcript.push_str(&r.output);
        if !r.output.is_empty() && !r.output.ends_with('\n') {
            report.transcript.push('\n');
        }
        if matches!(parse(line), Ok(Command::Sim(Sim::Settle))) {
            if let Some(w) = sim.watch.as_mut() {
                if !w.active {
                    w.active = true;
                    // The instant the settle ended counts too.
                    sim.update_watch();
                }
            }
        }
        if let Some(k) = &ds_key {
            if let Some(ds) = sim.store.daemonset(k) {
                template_labels = Some(ds.spec.template.metadata.labels.clone());
            }
        }
        if !r.ok && (!is_last || !wants_error) {
            report.step_error = Some(StepError {
                step: i + 1,
                line: line.clone(),
                output: r.output.clone(),
            });
            return report;
        }
        last = Some(r);
    }
    report.failures = check(
        &sim,
        &expect,
        ds_key.as_ref(),
        template_labels.as_ref(),
        last.as_ref(),
    );
    report
}

/// `replicas_on` and `deployment_status`: the Deployment's pods are those of the
/// ReplicaSets it controls.
fn check_deployment(
    sim: &Simulation,
    e: &Expect,
    key: &Key,
    fail: &mut dyn FnMut(String, String, String),
) {
    let Some(d) = sim.store.deployment(key) else {
        if e.needs_deployment() {
            fail(
                "deployment".into(),
                format!("deployment {:?}", key.1),
                "it does not exist".into(),
            );
        }
        return;
    };
    if let Some(want) = &e.replicas_on {
        let mut got: BTreeMap<String, i64> = BTreeMap::new();
        for rs in crate::workload::deployment::replicasets_in_store(&sim.store, d) {
            for k in sim.store.pods_owned_by(&rs.metadata.uid) {
                let Some(p) = sim.store.pod(k) else { continue };
                if p.metadata.is_deleting() || p.is_terminal() {
                    continue;
                }
                let node = if p.spec.node_name.is_empty() {
                    "<none>".to_string()
                } else {
                    p.spec.node_name.clone()
                };
                *got.entry(node).or_default() += 1;
            }
        }
        for (node, n) in want {
            let g = got.get(node).copied().unwrap_or(0);
            if g != *n {
                fail(
                    format!("replicas_on.{node}"),
                    n.to_string(),
                    format!("{g} (all: {got:?})"),
                );
            }
        }
    }
    if let Some(status) = &e.deployment_status {
        let v = serde_json::to_value(&d.status).unwrap_or_default();
        for (k, want) in status {
            let got = v.get(k).and_then(serde_json::Value::as_i64).unwrap_or(0);
            if got != *want {
                fail(
                    format!("deployment_status.{k}"),
                    want.to_string(),
                    got.to_string(),
                );
            }
        }
    }
}

/// The DaemonSet's non-terminating pods attributed to each node: controlled by it,
/// or (when it no longer exists) matching its last template labels.
fn pods_by_node<'a>(
    sim: &'a Simulation,
    key: &Key,
    template_labels: Option<&BTreeMap<String, String>>,
) -> BTreeMap<String, Vec<&'a Pod>> {
    let ds = sim.store.daemonset(key);
    let mut out: BTreeMap<String, Vec<&Pod>> = BTreeMap::new();
    for (k, p) in sim.store.pods() {
        if k.0 != key.0 || p.metadata.is_deleting() {
            continue;
        }
        let belongs = match ds {
            Some(ds) => p
                .metadata
                .controller_ref()
                .is_some_and(|o| o.uid == ds.metadata.uid),
            None => template_labels.is_some_and(|l| {
                !l.is_empty() && l.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v))
            }),
        };
        if !belongs {
            continue;
        }
        if let Some(n) = p.target_node() {
            out.entry(n.to_string()).or_default().push(p);
        }
    }
    out
}

fn describe_pods(pods: &[&Pod]) -> String {
    if pods.is_empty() {
        return "0 pods".into();
    }
    let names: Vec<String> = pods
        .iter()
        .map(|p| format!("{} ({})", p.metadata.name, p.status.phase))
        .collect();
    format!(
        "{} pod{}: {}",
        pods.len(),
        if pods.len() == 1 { "" } else { "s" },
        names.join(", ")
    )
}

fn list(v: &[String]) -> String {
    format!("[{}]", v.join(", "))
}

fn quoted_list(v: &[String]) -> String {
    let q: Vec<String> = v.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", q.join(", "))
}

/// Checks every `expect` key against the simulation after the last step.
pub fn check(
    sim: &Simulation,
    e: &Expect,
    key: Option<&Key>,
    template_labels: Option<&BTreeMap<String, String>>,
    last: Option<&ExecResult>,
) -> Vec<ExpectFailure> {
    let mut f = Vec::new();
    let mut fail = |key: String, wanted: String, seen: String| {
        f.push(ExpectFailure { key, wanted, seen });
    };
    if let Some(key) = key {
        let by_node = pods_by_node(sim, key, template_labels);
        let none: Vec<&Pod> = Vec::new();
        let on = |n: &str| by_node.get(n).unwrap_or(&none);
        if let Some(nodes) = &e.pods_on {
            let bad: Vec<String> = nodes
                .iter()
                .filter(|n| on(n).len() != 1)
                .map(|n| format!("{n}: {}", describe_pods(on(n))))
                .collect();
            if !bad.is_empty() {
                fail(
                    "pods_on".into(),
                    format!(
                        "exactly one pod of daemonset {:?} on each of {}",
                        key.1,
                        list(nodes)
                    ),
                    bad.join("; "),
                );
            }
        }
        if let Some(nodes) = &e.no_pods_on {
            let bad: Vec<String> = nodes
                .iter()
                .filter(|n| !on(n).is_empty())
                .map(|n| format!("{n}: {}", describe_pods(on(n))))
                .collect();
            if !bad.is_empty() {
                fail(
                    "no_pods_on".into(),
                    format!("no pod of daemonset {:?} on {}", key.1, list(nodes)),
                    bad.join("; "),
                );
            }
        }
        if let Some(status) = &e.status {
            match sim.store.daemonset(key) {
                None => fail(
                    "status".into(),
                    format!("{status:?}"),
                    format!("daemonset {:?} does not exist", key.1),
                ),
                Some(ds) => {
                    let v = serde_json::to_value(&ds.status).unwrap_or_default();
                    for (k, want) in status {
                        let got = v.get(k).and_then(serde_json::Value::as_i64).unwrap_or(0);
                        if got != *want {
                            fail(format!("status.{k}"), want.to_string(), got.to_string());
                        }
                    }
                }
            }
        }
        if let Some(images) = &e.pod_images {
            for (node, want) in images {
                let pods = on(node);
                if pods.len() != 1 {
                    fail(
                        format!("pod_images.{node}"),
                        format!("{want:?} (one pod)"),
                        describe_pods(pods),
                    );
                    continue;
                }
                let got = pods[0]
                    .spec
                    .containers
                    .first()
                    .map(|c| c.image.clone())
                    .unwrap_or_default();
                if got != *want {
                    fail(
                        format!("pod_images.{node}"),
                        format!("{want:?}"),
                        format!("{got:?}"),
                    );
                }
            }
        }
        let watch = sim.watch.as_ref();
        if let Some(want) = e.max_unavailable_seen {
            let got = watch.map(|w| w.max_unavailable_seen).unwrap_or(0);
            if got != want {
                fail(
                    "max_unavailable_seen".into(),
                    want.to_string(),
                    got.to_string(),
                );
            }
        }
        if let Some(want) = e.max_pods_per_node_seen {
            let got = watch.map(|w| w.max_pods_per_node_seen).unwrap_or(0);
            if got != want {
                fail(
                    "max_pods_per_node_seen".into(),
                    want.to_string(),
                    got.to_string(),
                );
            }
        }
    }
    if let Some(name) = &e.deployment {
        check_deployment(sim, e, &daemonset_key(name), &mut fail);
    }
    let output = last.map(|r| r.output.as_str()).unwrap_or("");
    let shown = || format!("{:?}", output.trim_end());
    if let Some(subs) = &e.output_contains {
        let missing: Vec<String> = subs
            .iter()
            .filter(|s| !output.contains(s.as_str()))
            .cloned()
            .collect();
        if !missing.is_empty() {
            fail(
                "output_contains".into(),
                format!(
                    "the last step's output to contain {}",
                    quoted_list(&missing)
                ),
                shown(),
            );
        }
    }
    if let Some(subs) = &e.error_contains {
        if last.is_some_and(|r| r.ok) {
            fail(
                "error_contains".into(),
                "the last step to fail".into(),
                format!("it succeeded: {}", shown()),
            );
        } else {
            let missing: Vec<String> = subs
                .iter()
                .filter(|s| !output.contains(s.as_str()))
                .cloned()
                .collect();
            if !missing.is_empty() {
                fail(
                    "error_contains".into(),
                    format!("the last step's error to contain {}", quoted_list(&missing)),
                    shown(),
                );
            }
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load;

    fn run_text(text: &str) -> RunReport {
        run(&load(text).expect("valid scenario"))
    }

    #[test]
    fn the_transcript_shows_each_command_and_its_output() {
        let r = run_text(
            "name: t\nnodes: [{name: node-1}]\nsteps:\n  - '# a comment'\n  - sim advance 5s\n",
        );
        assert_eq!(
            r.transcript,
            "$ # a comment\n$ sim advance 5s\nadvanced 5s (clock: 5s)\n"
        );
        assert!(r.passed());
    }

    #[test]
    fn a_failing_step_fails_the_scenario() {
        let r = run_text(
            "name: t\nnodes: [{name: node-1}]\nsteps: [kubectl get pods --foo, sim settle]\n",
        );
        let e = r.step_error.expect("step error");
        assert_eq!(e.step, 1);
        assert!(e.output.contains("unknown flag: --foo"));
        assert!(
            !r.transcript.contains("sim settle"),
            "later steps do not run"
        );
    }

    #[test]
    fn error_contains_lets_the_last_step_fail_and_checks_its_text() {
        let ok = run_text(
            "name: t\nnodes: [{name: node-1}]\nsteps: [kubectl get pods --foo]\nexpect: {error_contains: [\"unknown flag: --foo\"]}\n",
        );
        assert!(ok.passed(), "{:?}", ok);
        let wrong = run_text(
            "name: t\nnodes: [{name: node-1}]\nsteps: [kubectl get pods --foo]\nexpect: {error_contains: [\"something else\"]}\n",
        );
        assert_eq!(wrong.failures.len(), 1);
        assert_eq!(wrong.failures[0].key, "error_contains");
        let succeeded = run_text(
            "name: t\nnodes: [{name: node-1}]\nsteps: [sim advance 1s]\nexpect: {error_contains: [\"x\"]}\n",
        );
        assert!(succeeded.failures[0].seen.starts_with("it succeeded"));
    }

    #[test]
    fn output_contains_names_what_is_missing() {
        let r = run_text(
            "name: t\nnodes: [{name: node-1}]\nsteps: [sim advance 1s]\nexpect: {output_contains: [advanced, nope]}\n",
        );
        assert_eq!(r.failures.len(), 1);
        assert!(r.failures[0].wanted.contains("\"nope\""));
        assert!(!r.failures[0].wanted.contains("advanced"));
    }

    #[test]
    fn daemonset_keys_report_what_was_seen_when_it_does_not_exist() {
        let r = run_text(
            "name: t\nnodes: [{name: node-1}]\nsteps: [sim settle]\nexpect: {daemonset: web, pods_on: [node-1], no_pods_on: [node-1], status: {numberReady: 1}, max_unavailable_seen: 0}\n",
        );
        let keys: Vec<&str> = r.failures.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, vec!["pods_on", "status"]);
        assert!(r.failures[0].seen.contains("node-1: 0 pods"));
    }
}
