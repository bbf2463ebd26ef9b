#![allow(clippy::disallowed_methods)] // benchmarks time with the wall clock
//! Benchmarks that print figures (not timed tests): run with
//! `cargo bench --bench engine`. Machines here are noisy, so compare ratios within
//! one run rather than absolute times across runs; the CPU time printed beside the
//! wall time leaves out waiting for cores that other processes hold.
//!
//! 1. 5,000 nodes × 10 DaemonSets from empty to settled (50,000 pods);
//!    goal ≤ 0.5 s native.
//! 2. A full rolling update over 5,000 nodes with maxUnavailable 10%; goal ≤ 1 s.
//! 3. A 50,000-replica Deployment scheduled over 5,000 nodes in 3 zones (the
//!    scheduler filters and scores `percentageOfNodesToScore` of the nodes per
//!    pod: 10% here, 500 nodes), from apply to every pod available.

use daemonset_sim::model::pod::Container;
use daemonset_sim::model::{DaemonSet, IntOrString, LabelSelector, RollingUpdate};
use daemonset_sim::sim::{NodeInput, Simulation};
use std::time::Instant;

/// The native CLI's allocator (crates/cli/Cargo.toml says why), so the figures are the CLI's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn daemonset(name: &str, max_unavailable: Option<&str>) -> DaemonSet {
    let mut ds = DaemonSet::default();
    ds.metadata.name = name.into();
    ds.metadata.namespace = "default".into();
    let mut sel = LabelSelector::default();
    sel.match_labels.insert("app".into(), name.into());
    ds.spec.selector = Some(sel);
    ds.spec
        .template
        .metadata
        .labels
        .insert("app".into(), name.into());
    ds.spec.template.spec.containers.push(Container {
        name: name.into(),
        image: format!("registry.example/{name}:1.0"),
        ..Default::default()
    });
    ds.spec.update_strategy.type_ = "RollingUpdate".into();
    ds.spec.update_strategy.rolling_update = Some(RollingUpdate {
        max_unavailable: Some(
            max_unavailable.map_or(IntOrString::Int(1), |s| IntOrString::Str(s.into())),
        ),
        max_surge: Some(IntOrString::Int(0)),
    });
    ds
}

fn cluster(nodes: usize) -> Simulation {
    let mut sim = Simulation::new(42);
    sim.timeline.disabled = true;
    for i in 0..nodes {
        sim.add_node(NodeInput {
            name: format!("node-{i:05}"),
            ready: true,
            ..Default::default()
        })
        .expect("node");
    }
    sim
}

/// Peak resident memory of this process so far (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Time this thread has spent on a CPU (Linux schedstat), in seconds: unlike wall
/// time it does not count waiting while other processes hold the machine's cores.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e9)
}

fn main() {
    // `cargo bench --bench engine -- settle` runs only the benchmarks whose name
    // contains "settle" (cargo passes `--bench` itself; flags are ignored).
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f));
    if wanted("settle_5000_nodes_x_10_daemonsets") {
        settle_bench();
    }
    if wanted("rolling_update_5000_nodes_max_unavailable_10pct") {
        rolling_update_bench();
    }
    if wanted("deployment_50000_pods_over_5000_nodes") {
        deployment_bench();
    }
}

fn settle_bench() {
    // 1. Empty to settled.
    let mut sim = cluster(5_000);
    let t = Instant::now();
    let cpu = cpu_seconds();
    for i in 0..10 {
        sim.apply_daemonset(daemonset(&format!("agent-{i}"), None))
            .expect("apply");
    }
    let report = sim.settle();
    let elapsed = t.elapsed();
    let cpu = cpu_seconds() - cpu;
    let ready: i64 = sim
        .store
        .daemonsets()
        .values()
        .map(|d| d.status.number_available)
        .sum();
    println!(
        "bench settle_5000_nodes_x_10_daemonsets: {:.3} s wall ({:.3} s on CPU), {} pods available, {} simulated, peak RSS {:.0} MiB",
        elapsed.as_secs_f64(),
        cpu,
        ready,
        daemonset_sim::clock::format_clock(report.elapsed),
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    println!("  work: {:?}", sim.stats);
    assert_eq!(ready, 50_000, "every pod must be available");
}

fn rolling_update_bench() {
    // 2. Rolling update, maxUnavailable 10%.
    let mut sim = cluster(5_000);
    sim.apply_daemonset(daemonset("agent", Some("10%")))
        .expect("apply");
    sim.settle();
    let key = ("default".to_string(), "agent".to_string());
    let t = Instant::now();
    let cpu = cpu_seconds();
    sim.update_daemonset(&key, |d| {
        d.spec.template.spec.containers[0].image = "registry.example/agent:2.0".into()
    })
    .expect("update");
    let report = sim.settle();
    let elapsed = t.elapsed();
    let cpu = cpu_seconds() - cpu;
    let st = &sim.store.daemonset(&key).expect("ds").status;
    println!(
        "bench rolling_update_5000_nodes_max_unavailable_10pct: {:.3} s wall ({:.3} s on CPU), {}/{} updated, {} simulated, peak RSS {:.0} MiB",
        elapsed.as_secs_f64(),
        cpu,
        st.updated_number_scheduled,
        st.desired_number_scheduled,
        daemonset_sim::clock::format_clock(report.elapsed),
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    assert_eq!(st.updated_number_scheduled, 5_000);
}

fn deployment_bench() {
    // 3. 50,000 replicas over 5,000 nodes in 3 zones.
    let mut sim = Simulation::new(42);
    sim.timeline.disabled = true;
    for i in 0..5_000 {
        let zone = ["a", "b", "c"][i % 3];
        sim.add_node(NodeInput {
            name: format!("node-{i:05}"),
            ready: true,
            labels: [(
                "topology.kubernetes.io/zone".to_string(),
                format!("zone-{zone}"),
            )]
            .into_iter()
            .collect(),
            ..Default::default()
        })
        .expect("node");
    }
    let manifest = r#"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 50000
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: registry.example/web:1.0
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
"#;
    sim.files.insert("web.yaml".into(), manifest.into());
    let t = Instant::now();
    let cpu = cpu_seconds();
    let r = daemonset_sim::kubectl::exec(&mut sim, "kubectl apply -f web.yaml");
    assert!(r.ok, "{}", r.output);
    let report = sim.settle();
    let elapsed = t.elapsed();
    let cpu = cpu_seconds() - cpu;
    let key = ("default".to_string(), "web".to_string());
    let st = &sim.store.deployment(&key).expect("deployment").status;
    let mut per_node = std::collections::BTreeMap::<&str, u32>::new();
    for p in sim.store.pods().values() {
        *per_node.entry(p.spec.node_name.as_str()).or_default() += 1;
    }
    let (min, max) = (
        per_node.values().min().copied().unwrap_or(0),
        per_node.values().max().copied().unwrap_or(0),
    );
    println!(
        "bench deployment_50000_pods_over_5000_nodes: {:.3} s wall ({:.3} s on CPU), {} pods available, {} nodes used, {min}..{max} pods per node, {} simulated, peak RSS {:.0} MiB",
        elapsed.as_secs_f64(),
        cpu,
        st.available_replicas,
        per_node.len(),
        daemonset_sim::clock::format_clock(report.elapsed),
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    println!("  work: {:?}", sim.stats);
    assert_eq!(st.available_replicas, 50_000);
}
