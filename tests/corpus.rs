//! Real DaemonSet manifests (`tests/manifests/corpus/`, provenance in its SOURCES.md)
//! go through the loader as through a real cluster: the apps/v1 ones load under strict
//! field validation and pass defaulting and validation; the five old ones fail with
//! kubectl's "no matches for kind" error and a hint on moving to apps/v1.
//!
//! Placement: each apps/v1 manifest is applied with `kubectl apply` to a fresh,
//! varied cluster (control plane, cordoned, NotReady, network-unavailable, small,
//! GPU, Windows, Fargate and NoExecute-tainted nodes) and the pods are checked against
//! a hand-written table of where a real cluster puts them ([`PLACEMENTS`]).
//!
//! A manifest that fails here because of a real field our schema lacks means the
//! schema must learn the field; never relax the strictness of these checks.

use daemonset_sim::manifest::{self, FieldValidation, Object};
use daemonset_sim::model::DaemonSet;
use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/manifests/corpus")
}

/// Every corpus file as (file name, text), sorted by name.
fn corpus_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(corpus_dir())
        .expect("corpus directory")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&p).expect("readable corpus file");
            (name, text)
        })
        .collect();
    files.sort();
    files
}

fn is_old(name: &str) -> bool {
    name.starts_with("old-")
}

/// The DaemonSets of the current (apps/v1) corpus files, loaded strictly and
/// defaulted as the API server stores them, with the file each came from.
///
/// Extension point: a placement check (the pods the real controller would create on a
/// given set of nodes, §3 of the semantics doc) can iterate over this list.
pub fn corpus_daemonsets() -> Vec<(String, DaemonSet)> {
    let mut out = Vec::new();
    for (name, text) in corpus_files().into_iter().filter(|(n, _)| !is_old(n)) {
        let loaded = manifest::load(&text, &name, FieldValidation::Strict);
        for doc in loaded.documents.into_iter().flatten() {
            if let Object::DaemonSet(mut ds) = doc.object {
                manifest::defaults::daemonset(&mut ds);
                out.push((name.clone(), *ds));
            }
        }
    }
    out
}

#[test]
fn the_corpus_is_complete() {
    let files = corpus_files();
    assert_eq!(files.len(), 39, "34 apps/v1 manifests and 5 old ones");
    assert_eq!(files.iter().filter(|(n, _)| is_old(n)).count(), 5);
    assert!(corpus_dir().join("SOURCES.md").exists());
}

#[test]
fn every_apps_v1_manifest_loads_strictly_without_a_false_error() {
    let mut failures = Vec::new();
    for (name, text) in corpus_files().into_iter().filter(|(n, _)| !is_old(n)) {
        let loaded = manifest::load(&text, &name, FieldValidation::Strict);
        if let Some(e) = &loaded.file_error {
            failures.push(format!("{name}:{}: {}", e.line, e.message));
        }
        let mut daemonsets = 0;
        for doc in &loaded.documents {
            match doc {
                Ok(l) => {
                    assert!(l.warnings.is_empty(), "{name}: {:?}", l.warnings);
                    daemonsets += matches!(l.object, Object::DaemonSet(_)) as usize;
                }
                Err(d) => failures.push(format!("{name}:{}: {}", d.line, d.message)),
            }
        }
        if daemonsets == 0 {
            failures.push(format!("{name}: no DaemonSet loaded"));
        }
    }
    assert!(
        failures.is_empty(),
        "false errors:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_apps_v1_daemonset_passes_defaulting_and_validation() {
    let all = corpus_daemonsets();
    assert!(all.len() >= 34, "{} daemonsets", all.len());
    let mut failures = Vec::new();
    for (name, ds) in &all {
        let errs = manifest::validate::daemonset(ds, None);
        if !errs.is_empty() {
            failures.push(manifest::invalid_message(
                "DaemonSet",
                &format!("{name}/{}", ds.metadata.name),
                &errs,
            ));
        }
        assert!(
            ds.spec.revision_history_limit.is_some(),
            "{name}: defaulted"
        );
        assert!(
            !ds.spec.update_strategy.type_.is_empty(),
            "{name}: defaulted"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_editor_check_finds_nothing_wrong_in_apps_v1_manifests() {
    for (name, text) in corpus_files().into_iter().filter(|(n, _)| !is_old(n)) {
        let diags = manifest::check(&text);
        assert!(diags.is_empty(), "{name}: {diags:#?}");
    }
}

#[test]
fn old_api_versions_fail_with_no_matches_for_kind_and_a_hint() {
    for (name, text) in corpus_files().into_iter().filter(|(n, _)| is_old(n)) {
        let loaded = manifest::load(&text, &name, FieldValidation::Strict);
        assert!(loaded.file_error.is_none(), "{name}");
        let failed: Vec<_> = loaded
            .documents
            .iter()
            .filter_map(|d| d.as_ref().err())
            .collect();
        let ds_errors: Vec<_> = failed
            .iter()
            .filter(|d| {
                d.message
                    .contains("no matches for kind \"DaemonSet\" in version")
            })
            .collect();
        assert_eq!(ds_errors.len(), 1, "{name}: {failed:#?}");
        let d = ds_errors[0];
        assert!(
            d.message
                .starts_with("error: resource mapping not found for name: "),
            "{name}"
        );
        assert!(
            d.message.ends_with("\nensure CRDs are installed first"),
            "{name}"
        );
        assert!(d.message.contains(&format!("from \"{name}\"")), "{name}");
        let hint = d.hint.as_deref().unwrap_or_default();
        assert!(hint.contains("set apiVersion: apps/v1"), "{name}: {hint}");
        assert!(
            text.lines()
                .nth(d.line - 1)
                .unwrap()
                .starts_with("apiVersion:"),
            "{name}: line {}",
            d.line
        );
        // Without a selector, the hint spells out the one to add, from the template labels.
        let legacy_selector = text.contains("extensions/v1beta1") && !text.contains("selector:");
        if legacy_selector {
            assert!(hint.contains("matchLabels:\n"), "{name}: {hint}");
        }
        if text.contains("apiVersion: extensions/v1beta1") && !text.contains("updateStrategy") {
            assert!(hint.contains("OnDelete"), "{name}: {hint}");
        }
    }
}

// ---------------------------------------------------------------------------------
// Placement: every apps/v1 manifest applied to a realistic cluster, each in its own
// fresh simulation, and the pods checked against what the real DaemonSet controller
// and default scheduler would do (semantics doc §3–§5 and §12). The expected table
// below is written by hand from each manifest; it never asks the engine.
// ---------------------------------------------------------------------------------

use daemonset_sim::kubectl::exec;
use daemonset_sim::sim::Simulation;
use std::collections::{BTreeMap, BTreeSet};

/// The cluster every manifest lands on: a kubeadm control plane and a varied pool of
/// workers. Each line is what a learner would type.
const CLUSTER: &[&str] = &[
    // kubeadm control-plane node: its role label and NoSchedule taint.
    "sim add-node cp-1 --labels node-role.kubernetes.io/control-plane=,node.kubernetes.io/exclude-from-external-load-balancers= --taints node-role.kubernetes.io/control-plane:NoSchedule",
    "sim add-node worker-1",
    // PreferNoSchedule is ignored by the DaemonSet controller (§3 step 3).
    "sim add-node worker-2 --taints dedicated=batch:PreferNoSchedule",
    // Cordoned: node.kubernetes.io/unschedulable:NoSchedule, auto-tolerated (§4).
    "sim add-node worker-cordoned --unschedulable",
    // Ready=False: not-ready:NoSchedule (not auto-tolerated) and not-ready:NoExecute.
    "sim add-node worker-notready --not-ready",
    // NetworkUnavailable=True (e.g. routes not yet created): auto-tolerated only with
    // hostNetwork: true (§4).
    "sim add-node worker-netpending --taints node.kubernetes.io/network-unavailable:NoSchedule",
    // A small edge box: daemon pods whose requests do not fit stay Pending there, but
    // the controller still wants them (§3, "InsufficientResourceError").
    "sim add-node worker-small --cpu 150m --memory 256Mi",
    // GPU node as GKE/EKS set them up: labelled, and tainted so only GPU work lands.
    "sim add-node gpu-1 --labels nvidia.com/gpu.present=true --taints nvidia.com/gpu=present:NoSchedule",
    // GPU node labelled by Node Feature Discovery (PCI vendor 10de = NVIDIA), untainted.
    "sim add-node gpu-2 --labels feature.node.kubernetes.io/pci-10de.present=true",
    // Windows worker (no taint, so selector-less DaemonSets still land there).
    "sim add-node win-1 --labels kubernetes.io/os=windows,beta.kubernetes.io/os=windows",
    // EKS Fargate node: labelled and tainted by EKS.
    "sim add-node fargate-1 --labels eks.amazonaws.com/compute-type=fargate --taints eks.amazonaws.com/compute-type=fargate:NoSchedule",
    // A node reserved for storage with a NoExecute taint.
    "sim add-node storage-1 --taints dedicated=storage:NoExecute",
];

const ALL_NODES: &[&str] = &[
    "cp-1",
    "worker-1",
    "worker-2",
    "worker-cordoned",
    "worker-notready",
    "worker-netpending",
    "worker-small",
    "gpu-1",
    "gpu-2",
    "win-1",
    "fargate-1",
    "storage-1",
];

/// What a real cluster does with one corpus DaemonSet on [`CLUSTER`].
struct Placement {
    file: &'static str,
    /// namespace/name of the DaemonSet.
    ds: &'static str,
    /// Namespace the file does not create (the API server would answer
    /// `namespaces "x" not found`): created first with `kubectl create namespace`.
    namespace: Option<&'static str>,
    /// namespace/name ServiceAccounts the pods use that the file does not create (the
    /// ServiceAccount admission plugin would refuse every pod, `FailedCreate`): created
    /// first, as the project's install instructions do.
    service_accounts: &'static [&'static str],
    /// Nodes that get exactly one daemon pod.
    nodes: &'static [&'static str],
    /// (node, resource) where the pod's requests do not fit the node's allocatable:
    /// the pod stays Pending, unbound, with `Insufficient <resource>`.
    pending: &'static [(&'static str, &'static str)],
    /// Why, in one line.
    why: &'static str,
}

// Node groups, spelled out in each entry so the table reads on its own:
// - "plain" = worker-1, worker-2, worker-cordoned, worker-small, gpu-2, win-1: no taint
//   that blocks a daemon pod (PreferNoSchedule ignored; unschedulable auto-tolerated).
// - cp-1 needs a control-plane toleration; worker-notready a not-ready:NoSchedule one;
//   worker-netpending hostNetwork or a NoSchedule toleration; gpu-1 an nvidia.com/gpu
//   one; fargate-1 an eks NoSchedule one; storage-1 a NoExecute one.
const PLACEMENTS: &[Placement] = &[
    Placement {
        file: "antrea-agent.yaml",
        ds: "kube-system/antrea-agent",
        namespace: None,
        service_accounts: &[],
        nodes: &["cp-1", "worker-1", "worker-2", "worker-cordoned", "worker-notready", "worker-netpending", "worker-small", "gpu-1", "gpu-2", "fargate-1", "storage-1"],
        pending: &[("worker-small", "cpu")],
        why: "NoSchedule+NoExecute Exists tolerate every taint; nodeSelector linux → not win-1; 400m cpu > 150m on worker-small",
    },
    Placement {
        file: "aws-ebs-csi-node.yaml",
        ds: "default/ebs-csi-node",
        namespace: None,
        service_accounts: &["default/ebs-csi-node-sa"],
        nodes: &["cp-1", "worker-1", "worker-2", "worker-cordoned", "worker-notready", "worker-netpending", "worker-small", "gpu-1", "gpu-2", "storage-1"],
        pending: &[],
        why: "operator: Exists tolerates everything; linux selector → not win-1; compute-type NotIn fargate → not fargate-1",
    },
    Placement {
        file: "aws-node.yaml",
        ds: "kube-system/aws-node",
        namespace: None,
        service_accounts: &[],
        nodes: &["cp-1", "worker-1", "worker-2", "worker-cordoned", "worker-notready", "worker-netpending", "worker-small", "gpu-1", "gpu-2", "storage-1"],
        pending: &[],
        why: "tolerates everything; affinity os In linux, arch In amd64/arm64, compute-type NotIn fargate (absent label passes NotIn)",
    },
    Placement {
        file: "cadvisor.yaml",
        ds: "cadvisor/cadvisor",
        namespace: Some("cadvisor"),
        service_accounts: &["cadvisor/cadvisor"],
        nodes: &["worker-1", "worker-2", "worker-cordoned", "worker-small", "gpu-2", "win-1"],
        pending: &[("worker-small", "cpu")],
        why: "no selector, no tolerations: plain nodes only (win-1 too); 400m cpu does not fit worker-small",
    },
    Placement {
        file: "calico-node.yaml",
        ds: "kube-system/calico-node",
        namespace: None,
        service_accounts: &[],
        nodes: &["cp-1", "worker-1", "worker-2", "worker-cordoned", "worker-notready", "worker-netpending", "worker-small", "gpu-1", "gpu-2", "fargate-1", "storage-1"],
        pending: &[("worker-small", "cpu")],
        why: "NoSchedule+NoExecute Exists; linux selector; 250m cpu > 150m",
    },
    Placement {
        file: "cilium.yaml",
        ds: "kube-system/cilium",
        namespace: None,
        service_accounts: &[],
        nodes: ALL_NODES,
        pending: &[],
        why: "operator: Exists and no selector at all → every node, the Windows one included",
    },
    Placement {
        file: "csi-hostpathplugin.yaml",
        ds: "default/csi-hostpathplugin",
        namespace: None,
        service_accounts: &["default/csi-provisioner"],
        nodes: &["worker-1", "worker-2", "worker-cordoned", "worker-small", "gpu-2", "win-1"],
        pending: &[],
        why: "no selector, no tolerations, no hostNetwork: plain nodes only",
    },
    Placement {
        file: "csi-nfs-ephemeral-example.yaml",
        ds: "default/daemonset-nfs-ephemeral",
        namespace: None,
        service_accounts: &[],
        nodes: &["worker-1", "worker-2", "worker-cordoned", "worker-small", "gpu-2"],
        pending: &[],
        why: "linux selector, no tolerations: plain linux nodes",
    },
    Placement {
        file: "csi-nfs-node.yaml",
        ds: "kube-system/csi-nfs-node",
        namespace: None,
        service_accounts: &["kube-system/csi-nfs-node-sa"],
        nodes: &["cp-1", "worker-1", "worker-2", "worker-cordoned", "worker-notready", "worker-netpending", "worker-small", "gpu-1", "gpu-2", "fargate-1", "storage-1"],
        pending: &[],
        why: "operator: Exists; linux selector → every node but win-1",
    },
    Placement {
        file: "datadog-agent.yaml",
        ds: "default/datadog",
        namespace: None,
        service_accounts: &["default/datadog"],
        nodes: &["worker-1", "worker-2", "worker-cordoned", "worker-small", "gpu-2"],
        pending: &[],
        why: "tolerations: null and affinity: {} add nothing; linux selector",
    },
    Placement {
        file: "falco.yaml",
        ds: "default/falco",
        namespace: None,
        service_accounts: &["default/falco"],
        nodes: &["cp-1", "worker-1", "worker-2", "worker-cordoned", "worker-small", "gpu-2", "win-1"],
        pending: &[("worker-small", "memory")],
        why: "control-plane toleration without operator = Equal \"\" matches the valueless kubeadm taint; 512Mi > 256Mi",
    },
    Placement {
        file: "filebeat.yaml",
        ds: "kube-system/filebeat",
        namespace: None,
        service_accounts: &[],
        nodes: &["worker-1", "worker-2", "worker-cordoned", "worker-netpending", "worker-small", "gpu-2", "win-1"],
        pending: &[],
        why: "no tolerations, but hostNetwork: true adds the network-unavailable toleration → worker-netpending",
    },
    Placement {
        file: "fluent-bit.yaml",
        ds: "logging/fluent-bit",
        namespace: Some("logging"),
        service_accounts: &["logging/fluent-bit"],
        nodes: ALL_NODES,
        pending: &[],
        why: "NoSchedule and NoExecute Exists, no selector → every node",
    },
    Placement {
        file: "fluentd-elasticsearch.yaml",
        ds: "kube-system/fluentd-es-v2.2.0",
        namespace: None,
        service_accounts: &[],
        nodes: &["worker-1", "worker-2", "worker-cordoned", "worker-small", "gpu-2", "win-1"],
        pending: &[],
        why: "no selector, no tolerations (the priority class changes nothing here)",
    },
    Placement {
        file: "fluentd.yaml",
        ds: "kube-system/fluentd",
        namespace: None,
        service_accounts: &[],
        nodes: &["cp-1", "worker-1", "worker-2", "worker-cordoned", "worker-small", "gpu-2", "win-1"],
        pending: &[],
        why: "tolerates the control-plane/master NoSchedule taints only",
    },
    Placement {
        file: "istio-cni.yaml",
        ds: "istio-system/istio-cni-node",
        namespace: Some("istio-system"),
        service_accounts: &["istio-system/istio-cni"],
        nodes: &["cp-1", "worker-1", "worker-2", "worker-cordoned", "worker-notready", "worker-netpending", "worker-small", "gpu-1", "gpu-2", "fargate-1", "storage-1"],
        pending: &[],
        why: "NoSchedule+NoExecute Exists; linux selector",
    },
    Placement {
        file: "istio-ztunnel.yaml",
        ds: "istio-system/ztunnel",
        namespace: Some("istio-system"),
        service_accounts: &["istio-system/ztunnel"],
        nodes: ALL_NODES,
        pending: &[],
        why: "NoSchedule+NoExecute Exists and no selector → every node",
    },
    Placement {
        file: "kube-flannel.yaml",
        ds: "kube-flannel/kube-flannel-ds",
        namespace: None,
        service_accounts: &[],
        nodes: &["cp-1", "worker-1", "worker-2", "worker-cordoned", "worker-notready", "worker-netpending", "worker-small", "gpu-1", "gpu-2", "fargate-1"],
        pending: &[],
        why: "Exists/NoSchedule only: storage-1's NoExecute taint keeps it off; not-ready:NoExecute is auto-tolerated; os In linux",
    },
    Placement {
        file: "kube-ovn-ovs-ovn.yaml",
        ds: "kube-system/ovs-ovn",
        namespace: None,
        service_accounts: &[],
        nodes: &["cp-1", "worker-1", "worker-2", "worker-cordoned", "worker-notready", "worker-netpending", "worker-small", "gpu-1", "gpu-2", "fargate-1", "storage-1"],
        pending: &[("worker-small", "cpu")],
        why: "NoSchedule+NoExecute Exists; linux selector; 200m cpu > 150m",
    },
    Placement {
        file: "kube-proxy-windows.yaml",
        ds: "kube-system/kube-proxy-windows",
        namespace: None,
        service_accounts: &["kube-system/kube-proxy"],
        nodes: &["win-1"],
        pending: &[],
        why: "nodeSelector kubernetes.io/os: windows → only win-1 (kubeadm creates the kube-proxy ServiceAccount)",
    },
    Placement {
        file: "kube-router.yaml",
        ds: "kube-system/kube-router",
        namespace: None,
        service_accounts: &[],
        nodes: ALL_NODES,
        pending: &[("worker-small", "cpu")],
        why: "NoSchedule+NoExecute Exists and no selector → every node; 250m cpu > 150m",
    },
    Placement {
        file: "kured.yaml",
        ds: "kube-system/kured",
        namespace: None,
        service_accounts: &[],
        nodes: &["cp-1", "worker-1", "worker-2", "worker-cordoned", "worker-small", "gpu-2", "win-1"],
        pending: &[],
        why: "tolerates the control-plane/master taints only",
    },
    Placement {
        file: "local-volume-provisioner.yaml",
        ds: "default/local-volume-provisioner",
        namespace: None,
        service_accounts: &[],
        nodes: &["worker-1", "worker-2", "worker-cordoned", "worker-small", "gpu-2", "win-1"],
        pending: &[],
        why: "no selector, no tolerations",
    },
    Placement {
        file: "longhorn-manager.yaml",
        ds: "longhorn-system/longhorn-manager",
        namespace: None,
        service_accounts: &[],
        nodes: &["worker-1", "worker-2", "worker-cordoned", "worker-small", "gpu-2", "win-1"],
        pending: &[],
        why: "no selector, no tolerations; the file creates its Namespace and PriorityClass first",
    },
    Placement {
        file: "metallb-speaker.yaml",
        ds: "metallb-system/speaker",
        namespace: None,
        service_accounts: &[],
        nodes: &["cp-1", "worker-1", "worker-2", "worker-cordoned", "worker-netpending", "worker-small", "gpu-2"],
        pending: &[],
        why: "control-plane/master tolerations, hostNetwork → worker-netpending; linux selector",
    },
    Placement {
        file: "multus.yaml",
        ds: "kube-system/kube-multus-ds",
        namespace: None,
        service_accounts: &[],
        nodes: ALL_NODES,
        pending: &[],
        why: "NoSchedule+NoExecute Exists, no selector; 100m cpu fits in 150m",
    },
    Placement {
        file: "nginx-ingress.yaml",
        ds: "nginx-ingress/nginx-ingress",
        namespace: Some("nginx-ingress"),
        service_accounts: &["nginx-ingress/nginx-ingress"],
        nodes: &["worker-1", "worker-2", "worker-cordoned", "worker-small", "gpu-2", "win-1"],
        pending: &[],
        why: "no selector, no tolerations; hostPorts 80/443 free on every node",
    },
    Placement {
        file: "node-exporter.yaml",
        ds: "monitoring/node-exporter",
        namespace: Some("monitoring"),
        service_accounts: &["monitoring/node-exporter"],
        nodes: &["cp-1", "worker-1", "worker-2", "worker-cordoned", "worker-notready", "worker-netpending", "worker-small", "gpu-1", "gpu-2", "fargate-1", "storage-1"],
        pending: &[],
        why: "operator: Exists; linux selector; 112m/200Mi fits worker-small",
    },
    Placement {
        file: "node-problem-detector.yaml",
        ds: "kube-system/node-problem-detector",
        namespace: None,
        service_accounts: &["kube-system/node-problem-detector"],
        nodes: &["cp-1", "worker-1", "worker-2", "worker-cordoned", "worker-notready", "worker-netpending", "worker-small", "gpu-1", "gpu-2", "fargate-1", "storage-1"],
        pending: &[],
        why: "NoSchedule+NoExecute Exists; affinity os In linux",
    },
    Placement {
        file: "nodelocaldns.yaml",
        ds: "kube-system/node-local-dns",
        namespace: None,
        service_accounts: &[],
        nodes: ALL_NODES,
        pending: &[],
        why: "NoSchedule+NoExecute Exists, no selector → every node",
    },
    Placement {
        file: "nvidia-device-plugin.yaml",
        ds: "kube-system/nvidia-device-plugin-daemonset",
        namespace: None,
        service_accounts: &[],
        nodes: &["worker-1", "worker-2", "worker-cordoned", "worker-small", "gpu-1", "gpu-2", "win-1"],
        pending: &[],
        why: "no selector (the static manifest runs everywhere untainted) + the nvidia.com/gpu toleration → gpu-1 too",
    },
    Placement {
        file: "nvidia-gpu-feature-discovery.yaml",
        ds: "default/gpu-feature-discovery",
        namespace: None,
        service_accounts: &[],
        nodes: &["gpu-2"],
        pending: &[],
        why: "ORed affinity terms: gpu-2 matches pci-10de.present; gpu-1 matches gpu.present but its nvidia.com/gpu taint is not tolerated",
    },
    Placement {
        file: "secrets-store-csi-driver.yaml",
        ds: "kube-system/csi-secrets-store",
        namespace: None,
        service_accounts: &["kube-system/secrets-store-csi-driver"],
        nodes: &["cp-1", "worker-1", "worker-2", "worker-cordoned", "worker-notready", "worker-netpending", "worker-small", "gpu-1", "gpu-2", "fargate-1", "storage-1"],
        pending: &[],
        why: "operator: Exists; linux selector",
    },
    Placement {
        file: "weave-net.yaml",
        ds: "kube-system/weave-net",
        namespace: None,
        service_accounts: &[],
        nodes: ALL_NODES,
        pending: &[],
        why: "NoSchedule+NoExecute Exists, no selector; 50m+50m cpu fits in 150m",
    },
];

/// Engine disagreements with the real controller, by file: the assertion stays in
/// the table, and these entries are reported instead of failing (keep it empty).
const KNOWN_ENGINE_BUGS: &[(&str, &str)] = &[];

fn run(sim: &mut Simulation, line: &str) -> String {
    let r = exec(sim, line);
    assert!(r.ok, "`{line}` failed:\n{}", r.output);
    r.output
}

fn cluster() -> Simulation {
    let mut sim = Simulation::new(7);
    for line in CLUSTER {
        run(&mut sim, line);
    }
    run(&mut sim, "sim settle");
    sim
}

/// Applies one corpus file (after its prerequisites), settles, and returns every
/// difference from the expected placement.
fn check_placement(p: &Placement) -> Vec<String> {
    let mut problems = Vec::new();
    let mut sim = cluster();
    if let Some(ns) = p.namespace {
        run(&mut sim, &format!("kubectl create namespace {ns}"));
    }
    for sa in p.service_accounts {
        let (ns, name) = sa.split_once('/').unwrap();
        let file = format!("sa-{ns}-{name}.yaml");
        sim.files.insert(
            file.clone(),
            format!("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {name}\n  namespace: {ns}\n"),
        );
        run(&mut sim, &format!("kubectl apply -f {file}"));
    }
    let text = std::fs::read_to_string(corpus_dir().join(p.file)).unwrap();
    sim.files.insert(p.file.to_string(), text);
    let applied = exec(&mut sim, &format!("kubectl apply -f {}", p.file));
    if !applied.ok {
        return vec![format!("apply failed:\n{}", applied.output)];
    }
    let settled = run(&mut sim, "sim settle");
    let (ns, name) = p.ds.split_once('/').unwrap();
    let key = (ns.to_string(), name.to_string());
    let Some(ds) = sim.store.daemonset(&key).cloned() else {
        return vec![format!(
            "no DaemonSet {}; apply said:\n{}",
            p.ds, applied.output
        )];
    };

    // Pods by node, and whether each is bound.
    let mut on: BTreeMap<String, Vec<bool>> = BTreeMap::new();
    for pod in sim.store.pods().values() {
        let ours = pod
            .metadata
            .owner_references
            .iter()
            .any(|o| o.controller == Some(true) && o.uid == ds.metadata.uid);
        if !ours || pod.metadata.deletion_timestamp.is_some() {
            continue;
        }
        match pod.target_node() {
            Some(n) => on
                .entry(n.to_string())
                .or_default()
                .push(!pod.spec.node_name.is_empty()),
            None => problems.push(format!("pod {} aimed at no node", pod.metadata.name)),
        }
    }
    let want: BTreeSet<&str> = p.nodes.iter().copied().collect();
    let seen: BTreeSet<&str> = on.keys().map(|s| s.as_str()).collect();
    if want != seen {
        let missing: Vec<_> = want.difference(&seen).collect();
        let extra: Vec<_> = seen.difference(&want).collect();
        problems.push(format!(
            "pods on the wrong nodes: missing {missing:?}, unexpected {extra:?}"
        ));
    }
    for (node, bound) in &on {
        if bound.len() != 1 {
            problems.push(format!("{node}: {} pods, want 1", bound.len()));
        }
        let pending = p.pending.iter().find(|(n, _)| n == node);
        let want_bound = pending.is_none();
        if bound.iter().any(|b| *b != want_bound) {
            problems.push(format!(
                "{node}: pod {} but should be {}",
                if want_bound { "left unbound" } else { "bound" },
                if want_bound {
                    "bound"
                } else {
                    "Pending (does not fit)"
                }
            ));
        }
    }
    // The scheduler explains each pod that does not fit.
    for (node, resource) in p.pending {
        let needle = format!("1 Insufficient {resource}");
        let explained = sim.store.events().iter().any(|e| {
            e.reason == "FailedScheduling"
                && e.message.contains(&needle)
                && sim
                    .store
                    .pod(&(ns.to_string(), e.involved_object.name.clone()))
                    .is_some_and(|pod| pod.target_node() == Some(node))
        });
        if !explained {
            problems.push(format!("{node}: no FailedScheduling event with {needle:?}"));
        }
    }
    // No creation failed: namespace, ServiceAccount and PriorityClass all exist.
    for e in sim.store.events() {
        if e.reason == "FailedCreate" || (e.type_ == "Warning" && e.reason != "FailedScheduling") {
            problems.push(format!("event {} {}: {}", e.type_, e.reason, e.message));
        }
    }
    let st = &ds.status;
    let n = p.nodes.len() as i64;
    if (
        st.desired_number_scheduled,
        st.current_number_scheduled,
        st.number_misscheduled,
    ) != (n, n, 0)
    {
        problems.push(format!(
            "status desired/current/misscheduled = {}/{}/{}, want {n}/{n}/0",
            st.desired_number_scheduled, st.current_number_scheduled, st.number_misscheduled
        ));
    }
    if !problems.is_empty() {
        problems.push(format!("(sim settle said: {})", settled.trim()));
    }
    problems
}

#[test]
fn the_placement_table_covers_every_apps_v1_daemonset() {
    let in_corpus: BTreeSet<(String, String)> = corpus_daemonsets()
        .into_iter()
        .map(|(f, ds)| {
            let ns = if ds.metadata.namespace.is_empty() {
                "default".to_string()
            } else {
                ds.metadata.namespace.clone()
            };
            (f, format!("{ns}/{}", ds.metadata.name))
        })
        .collect();
    let in_table: BTreeSet<(String, String)> = PLACEMENTS
        .iter()
        .map(|p| (p.file.to_string(), p.ds.to_string()))
        .collect();
    assert_eq!(in_corpus, in_table);
    for p in PLACEMENTS {
        for n in p.nodes.iter().chain(p.pending.iter().map(|(n, _)| n)) {
            assert!(ALL_NODES.contains(n), "{}: unknown node {n}", p.file);
        }
        for (n, _) in p.pending {
            assert!(p.nodes.contains(n), "{}: pending on {n} but no pod", p.file);
        }
        assert!(!p.why.is_empty());
    }
}

#[test]
fn every_apps_v1_manifest_places_its_pods_as_a_real_cluster_would() {
    let mut failures = Vec::new();
    let mut known = Vec::new();
    for p in PLACEMENTS {
        let problems = check_placement(p);
        let bug = KNOWN_ENGINE_BUGS.iter().find(|(f, _)| *f == p.file);
        match (problems.is_empty(), bug) {
            (true, None) => {}
            (true, Some((f, _))) => failures.push(format!(
                "{f}: listed in KNOWN_ENGINE_BUGS but now placed correctly; remove the entry"
            )),
            (false, Some((f, why))) => known.push(format!(
                "{f} (known engine bug: {why}):\n  {}",
                problems.join("\n  ")
            )),
            (false, None) => failures.push(format!(
                "{} ({}; expected because: {}):\n  {}",
                p.file,
                p.ds,
                p.why,
                problems.join("\n  ")
            )),
        }
    }
    if !known.is_empty() {
        eprintln!("KNOWN_ENGINE_BUGS still failing:\n{}", known.join("\n"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The five old manifests through `kubectl apply`: their other objects are created,
/// the DaemonSet gets the real "no matches for kind" answer and the command fails.
#[test]
fn kubectl_apply_refuses_the_old_manifests() {
    for (name, text) in corpus_files().into_iter().filter(|(n, _)| is_old(n)) {
        let mut sim = cluster();
        sim.files.insert(name.clone(), text);
        let r = exec(&mut sim, &format!("kubectl apply -f {name}"));
        assert!(!r.ok, "{name}: {}", r.output);
        let version = if name.contains("extensions-v1beta1") {
            "extensions/v1beta1"
        } else {
            "apps/v1beta2"
        };
        assert!(
            r.output.contains(&format!(
                "no matches for kind \"DaemonSet\" in version \"{version}\""
            )),
            "{name}: {}",
            r.output
        );
        assert!(sim.store.daemonsets().is_empty(), "{name}");
        assert!(sim.store.pods().is_empty(), "{name}");
    }
}

/// What the table's prerequisites stand for: without them the real API server
/// refuses, and the controller recovers once the user creates what was missing.
#[test]
fn missing_prerequisites_get_the_real_errors() {
    // A namespace the file does not create: the DaemonSet itself is refused.
    let mut sim = cluster();
    let text = std::fs::read_to_string(corpus_dir().join("cadvisor.yaml")).unwrap();
    sim.files.insert("cadvisor.yaml".into(), text);
    let r = exec(&mut sim, "kubectl apply -f cadvisor.yaml");
    assert!(!r.ok);
    assert_eq!(
        r.output.trim_end(),
        "Error from server (NotFound): error when creating \"cadvisor.yaml\": namespaces \"cadvisor\" not found"
    );

    // A ServiceAccount the file does not create: the DaemonSet is stored, every pod
    // creation is refused by ServiceAccount admission (FailedCreate), and the pods
    // appear once the ServiceAccount exists.
    let mut sim = cluster();
    let text = std::fs::read_to_string(corpus_dir().join("datadog-agent.yaml")).unwrap();
    sim.files.insert("datadog-agent.yaml".into(), text);
    run(&mut sim, "kubectl apply -f datadog-agent.yaml");
    run(&mut sim, "sim settle");
    assert!(sim.store.pods().is_empty());
    let failed: Vec<_> = sim
        .store
        .events()
        .iter()
        .filter(|e| e.reason == "FailedCreate")
        .map(|e| e.message.as_str())
        .collect();
    assert!(!failed.is_empty());
    assert!(failed.iter().all(|m| *m
        == "Error creating: pods \"datadog-\" is forbidden: error looking up service account default/datadog: serviceaccount \"datadog\" not found"));
    sim.files.insert(
        "sa.yaml".into(),
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: datadog\n".into(),
    );
    run(&mut sim, "kubectl apply -f sa.yaml");
    run(&mut sim, "sim settle");
    let ds = sim
        .store
        .daemonset(&("default".to_string(), "datadog".to_string()))
        .unwrap();
    assert_eq!(ds.status.desired_number_scheduled, 5);
    assert_eq!(ds.status.current_number_scheduled, 5);
}

/// The scheduler's message for a daemon pod that does not fit its node. A daemon pod's
/// required affinity is one `matchFields metadata.name In [node]` term, so the
/// NodeAffinity PreFilter narrows the candidates to that node, and since the
/// PreFilterResult change every other node gets the absent-node status
/// `node(s) didn't satisfy plugin(s) [NodeAffinity]` (schedule_one.go,
/// findNodesThatFitPod → SetAbsentNodesStatus), not the NodeAffinity Filter's
/// `node(s) didn't match Pod's node affinity/selector`, which it never reaches.
#[test]
fn failed_scheduling_message_for_a_daemon_pod_names_the_prefilter() {
    let mut sim = cluster();
    let text = std::fs::read_to_string(corpus_dir().join("antrea-agent.yaml")).unwrap();
    sim.files.insert("antrea-agent.yaml".into(), text);
    run(&mut sim, "kubectl apply -f antrea-agent.yaml");
    run(&mut sim, "sim settle");
    let msgs: Vec<_> = sim
        .store
        .events()
        .iter()
        .filter(|e| e.reason == "FailedScheduling")
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        msgs,
        ["0/12 nodes are available: 1 Insufficient cpu, 11 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/12 nodes are available: 1 No preemption victims found for incoming pod, 11 Preemption is not helpful for scheduling."]
    );
}
