//! Arbitrary command lines (`kubectl::exec`) against a small cluster with a
//! DaemonSet applied and settled: the input is split on newlines and at most 20
//! lines are run, in order, on one simulation. No line may panic; a bad one gets an
//! error message (`ok: false`).
#![no_main]

use daemonset_sim::kubectl::exec;
use daemonset_sim::sim::{NodeInput, Simulation};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const DS: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: web
  labels: {app: web}
spec:
  selector:
    matchLabels: {app: web}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 1}
  template:
    metadata:
      labels: {app: web}
    spec:
      tolerations: [{key: dedicated, operator: Exists, effect: NoSchedule}]
      containers:
      - name: web
        image: nginx:1.25
        resources: {requests: {cpu: 100m, memory: 64Mi}}
";

const DS_SURGE: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  minReadySeconds: 5
  updateStrategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 0, maxSurge: 1}
  template:
    metadata:
      labels: {app: agent}
    spec:
      nodeSelector: {disktype: ssd}
      containers:
      - name: agent
        image: busybox:1.36
";

/// Three nodes (one labelled, one tainted), `web` applied and settled; the files
/// `ds.yaml` and `agent.yaml` are there for `apply -f` / `delete -f`.
fn base() -> &'static Simulation {
    static BASE: OnceLock<Simulation> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut sim = Simulation::new(1);
        for (i, name) in ["node-1", "node-2", "node-3"].iter().enumerate() {
            let mut n = NodeInput {
                name: name.to_string(),
                ready: true,
                ..Default::default()
            };
            if i == 1 {
                n.labels.insert("disktype".into(), "ssd".into());
            }
            sim.add_node(n).expect("valid node");
        }
        sim.files.insert("ds.yaml".into(), DS.into());
        sim.files.insert("agent.yaml".into(), DS_SURGE.into());
        for line in [
            "kubectl taint nodes node-3 dedicated=x:NoSchedule",
            "kubectl apply -f ds.yaml",
            "sim settle",
        ] {
            let r = exec(&mut sim, line);
            assert!(r.ok, "{line}: {}", r.output);
        }
        sim
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut sim = base().clone();
    for line in text.split('\n').take(20) {
        let _ = exec(&mut sim, line);
    }
});
