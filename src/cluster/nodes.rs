//! Nodes joining, leaving, failing and recovering, and the node lifecycle
//! controller that mirrors node conditions as taints (`node_lifecycle_controller.go`).

use crate::model::meta::Timestamp;
use crate::model::node::{taint_keys as tk, NodeAddress, NodeInfo};
use crate::model::pod::Condition;
use crate::model::taint::{NO_EXECUTE, NO_SCHEDULE};
use crate::model::{Node, Taint};
use crate::sim::queue::Timer;
use crate::sim::{NodeInput, NodeRuntime, Simulation};
use std::collections::BTreeSet;

/// Condition taints a scenario may give a node, with the condition they stand for.
const CONDITION_TAINTS: &[(&str, &str)] = &[
    (tk::MEMORY_PRESSURE, "MemoryPressure"),
    (tk::DISK_PRESSURE, "DiskPressure"),
    (tk::PID_PRESSURE, "PIDPressure"),
    (tk::NETWORK_UNAVAILABLE, "NetworkUnavailable"),
];

/// Names are DNS-1123 subdomains, as for every object.
pub fn check_dns_subdomain(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !part.starts_with('-')
                && !part.ends_with('-')
        });
    if ok {
        Ok(())
    } else {
        Err(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
        .to_string())
    }
}

impl Simulation {
    /// `sim add-node`: a new node registers, Ready unless `ready: false`.
    pub fn add_node(&mut self, input: NodeInput) -> Result<(), String> {
        if let Err(e) = check_dns_subdomain(&input.name) {
            return Err(format!(
                "The Node \"{}\" is invalid: metadata.name: Invalid value: \"{}\": {e}",
                input.name, input.name
            ));
        }
        if self.store.node(&input.name).is_some() {
            return Err(format!(
                "Error from server (AlreadyExists): nodes \"{}\" already exists",
                input.name
            ));
        }
        let index = self.next_node_index();
        let now = self.now();
        let mut node = Node::default();
        node.metadata.name = input.name.clone();
        let labels = &mut node.metadata.labels;
        labels.insert("kubernetes.io/hostname".into(), input.name.clone());
        labels.insert("kubernetes.io/os".into(), "linux".into());
        labels.insert("kubernetes.io/arch".into(), "amd64".into());
        labels.insert("beta.kubernetes.io/os".into(), "linux".into());
        labels.insert("beta.kubernetes.io/arch".into(), "amd64".into());
        labels.extend(input.labels.clone());
        node.spec.unschedulable = input.unschedulable;
        node.spec.pod_cidr = format!("10.244.{index}.0/24");
        let mut conditions = BTreeSet::new();
        for t in &input.taints {
            if let Some((_, c)) = CONDITION_TAINTS.iter().find(|(k, _)| *k == t.key) {
                conditions.insert(c.to_string());
            }
        }
        let mut taints: Vec<Taint> = input
            .taints
            .iter()
            .filter(|t| {
                !CONDITION_TAINTS.iter().any(|(k, _)| *k == t.key)
                    && t.key != tk::NOT_READY
                    && t.key != tk::UNREACHABLE
                    && t.key != tk::UNSCHEDULABLE
            })
            .cloned()
            .collect();
        let not_ready_taint = input.taints.iter().any(|t| t.key == tk::NOT_READY);
        let ready = input.ready && !not_ready_taint;
        let unreachable = input.taints.iter().any(|t| t.key == tk::UNREACHABLE);
        for t in &mut taints {
            if t.effect == NO_EXECUTE && t.time_added.is_none() {
                t.time_added = Some(Timestamp(now));
            }
        }
        node.spec.taints = taints;
        let mut alloc = input.allocatable.clone();
        alloc.entry("cpu".into()).or_insert_with(|| "4".into());
        alloc
            .entry("memory".into())
            .or_insert_with(|| "16Gi".into());
        alloc.entry("pods".into()).or_insert_with(|| "110".into());
        alloc
            .entry("ephemeral-storage".into())
            .or_insert_with(|| "100Gi".into());
        node.status.capacity = alloc.clone();
        node.status.allocatable = alloc;
        node.status.addresses = vec![
            NodeAddress {
                type_: "InternalIP".into(),
                address: format!("10.0.{}.{}", index / 250, index % 250 + 2),
            },
            NodeAddress {
                type_: "Hostname".into(),
                address: input.name.clone(),
            },
        ];
        node.status.node_info = Some(NodeInfo {
            architecture: "amd64".into(),
            container_runtime_version: "containerd://2.1.4".into(),
            kernel_version: "6.8.0-60-generic".into(),
            kubelet_version: "v1.34.1".into(),
            operating_system: "linux".into(),
            os_image: "Ubuntu 24.04.3 LTS".into(),
        });
        let ready_status = if unreachable {
            "Unknown"
        } else if ready {
            "True"
        } else {
            "False"
        };
        node.status.conditions = node_conditions(ready_status, &conditions, now);
        self.store.put_node(node, now);
        self.node_rt.insert(
            input.name.clone(),
            NodeRuntime {
                kubelet_up: !unreachable,
                conditions,
                index,
                ..Default::default()
            },
        );
        self.removed_nodes.remove(&input.name);
        self.reconcile_node_taints(&input.name);
        self.timeline.record(
            now,
            "node-lifecycle-controller",
            format!(
                "{}: node joined the cluster ({})",
                input.name,
                if ready { "Ready" } else { "NotReady" }
            ),
        );
        Ok(())
    }

    /// `sim remove-node` / `kubectl delete node`: the Node object is deleted. Pods
    /// bound there are left to the pod garbage collector.
    pub fn remove_node(&mut self, name: &str) -> Result<(), String> {
        if self.store.remove_node(name).is_none() {
            return Err(format!(
                "Error from server (NotFound): nodes \"{name}\" not found"
            ));
        }
        self.node_rt.remove(name);
        let now = self.now();
        self.removed_nodes.insert(name.to_string(), now);
        // The GC runs every period; it confirms the node is gone after the quarantine.
        let period = self.timings.pod_gc_period.max(1);
        let due = now.ms() + self.timings.pod_gc_quarantine;
        let tick = due.div_ceil(period) * period;
        self.queue.push(crate::clock::SimTime(tick), Timer::PodGc);
        self.timeline.record(
            now,
            "user",
            format!("{name}: node removed from the cluster"),
        );
        Ok(())
    }

    /// `sim fail-node`: the kubelet stops reporting. After the node monitor grace
    /// period the node lifecycle controller marks it Unknown and taints it.
    pub fn fail_node(&mut self, name: &str) -> Result<(), String> {
        let Some(node) = self.store.node(name) else {
            return Err(format!(
                "Error from server (NotFound): nodes \"{name}\" not found"
            ));
        };
        let uid = node.metadata.uid.clone();
        let rt = self.node_rt.get_mut(name).expect("runtime for every node");
        if !rt.kubelet_up {
            return Err(format!("node {name} has already failed"));
        }
        rt.kubelet_up = false;
        let grace = self.timings.node_monitor_grace;
        self.schedule(
            grace,
            Timer::NodeMonitorGrace {
                node: name.to_string(),
                uid,
            },
        );
        let now = self.now();
        self.timeline
            .record(now, "kubelet", format!("{name}: kubelet stopped reporting"));
        Ok(())
    }

    /// `sim recover-node`: the kubelet reports again; Ready, taints lifted, pods
    /// report Ready again and pending kubelet work resumes.
    pub fn recover_node(&mut self, name: &str) -> Result<(), String> {
        if self.store.node(name).is_none() {
            return Err(format!(
                "Error from server (NotFound): nodes \"{name}\" not found"
            ));
        }
        let rt = self.node_rt.get_mut(name).expect("runtime for every node");
        if rt.kubelet_up
            && self
                .store
                .node(name)
                .is_some_and(|n| n.ready_status() == "True")
        {
            return Err(format!("node {name} is not failed"));
        }
        rt.kubelet_up = true;
        let now = self.now();
        self.store.update_node(name, |n| {
            set_ready_condition(
                n,
                "True",
                "KubeletReady",
                "kubelet is posting ready status",
                now,
            )
        });
        self.reconcile_node_taints(name);
        self.timeline.record(
            now,
            "kubelet",
            format!("{name}: kubelet reporting again, node Ready"),
        );
        self.kubelet_resync_node(name);
        Ok(())
    }

    /// The node monitor grace period ran out: Ready becomes Unknown and the pods on
    /// the node are marked NotReady (`MarkPodsNotReady`).
    pub(crate) fn node_grace_expired(&mut self, name: &str, uid: &str) {
        let Some(node) = self.store.node(name) else {
            return;
        };
        if node.metadata.uid != uid || self.node_rt.get(name).is_none_or(|r| r.kubelet_up) {
            return;
        }
        let now = self.now();
        self.store.update_node(name, |n| {
            set_ready_condition(
                n,
                "Unknown",
                "NodeStatusUnknown",
                "Kubelet stopped posting node status.",
                now,
            )
        });
        self.reconcile_node_taints(name);
        let pods: Vec<_> = self.store.pods_on_node(name).cloned().collect();
        for key in pods {
            if self
                .store
                .pod(&key)
                .is_some_and(|p| p.spec.node_name == name)
            {
                self.store
                    .update_pod(&key, |p| crate::cluster::kubelet::set_ready(p, false, now));
            }
        }
        self.store.record_event(
            now,
            node_ref(name),
            "Normal",
            "NodeNotReady",
            format!("Node {name} status is now: NodeNotReady"),
            "node-controller",
            "",
        );
        self.timeline.record(now, "node-lifecycle-controller", format!("{name}: no status for {}s: Ready=Unknown, tainted unreachable; its pods marked NotReady", self.timings.node_monitor_grace / 1000));
    }

    /// Keeps the lifecycle taints in step with conditions and `spec.unschedulable`:
    /// not-ready / unreachable (NoSchedule and NoExecute), pressure and
    /// network-unavailable (NoSchedule), unschedulable (NoSchedule).
    pub(crate) fn reconcile_node_taints(&mut self, name: &str) {
        let Some(node) = self.store.node(name) else {
            return;
        };
        let rt = self.node_rt.get(name).cloned().unwrap_or_default();
        let now = self.now();
        let ready = node.ready_status().to_string();
        let mut want: Vec<(&str, &str)> = Vec::new();
        match ready.as_str() {
            "False" => {
                want.push((tk::NOT_READY, NO_SCHEDULE));
                want.push((tk::NOT_READY, NO_EXECUTE));
            }
            "Unknown" => {
                want.push((tk::UNREACHABLE, NO_SCHEDULE));
                want.push((tk::UNREACHABLE, NO_EXECUTE));
            }
            _ => {}
        }
        for (key, cond) in CONDITION_TAINTS {
            if rt.conditions.contains(*cond) {
                want.push((key, NO_SCHEDULE));
            }
        }
        if node.spec.unschedulable {
            want.push((tk::UNSCHEDULABLE, NO_SCHEDULE));
        }
        let managed = [
            tk::NOT_READY,
            tk::UNREACHABLE,
            tk::UNSCHEDULABLE,
            tk::MEMORY_PRESSURE,
            tk::DISK_PRESSURE,
            tk::PID_PRESSURE,
            tk::NETWORK_UNAVAILABLE,
        ];
        self.store.update_node(name, |n| {
            n.spec.taints.retain(|t| {
                !managed.contains(&t.key.as_str())
                    || want.contains(&(t.key.as_str(), t.effect.as_str()))
            });
            for (k, e) in &want {
                if !n.has_taint(k, e) {
                    n.spec.taints.push(Taint {
                        key: k.to_string(),
                        value: String::new(),
                        effect: e.to_string(),
                        time_added: Some(Timestamp(now)),
                    });
                }
            }
        });
    }
}

/// The conditions a node reports.
fn node_conditions(
    ready: &str,
    pressure: &BTreeSet<String>,
    now: crate::clock::SimTime,
) -> Vec<Condition> {
    let c = |t: &str, status: bool, reason: &str, msg: &str| Condition {
        type_: t.into(),
        status: if status {
            "True".into()
        } else {
            "False".into()
        },
        last_heartbeat_time: Some(Timestamp(now)),
        last_transition_time: Some(Timestamp(now)),
        reason: reason.into(),
        message: msg.into(),
    };
    let mut out = vec![
        c(
            "MemoryPressure",
            pressure.contains("MemoryPressure"),
            if pressure.contains("MemoryPressure") {
                "KubeletHasInsufficientMemory"
            } else {
                "KubeletHasSufficientMemory"
            },
            if pressure.contains("MemoryPressure") {
                "kubelet has insufficient memory available"
            } else {
                "kubelet has sufficient memory available"
            },
        ),
        c(
            "DiskPressure",
            pressure.contains("DiskPressure"),
            if pressure.contains("DiskPressure") {
                "KubeletHasDiskPressure"
            } else {
                "KubeletHasNoDiskPressure"
            },
            if pressure.contains("DiskPressure") {
                "kubelet has disk pressure"
            } else {
                "kubelet has no disk pressure"
            },
        ),
        c(
            "PIDPressure",
            pressure.contains("PIDPressure"),
            if pressure.contains("PIDPressure") {
                "KubeletHasInsufficientPID"
            } else {
                "KubeletHasSufficientPID"
            },
            if pressure.contains("PIDPressure") {
                "kubelet has insufficient PID available"
            } else {
                "kubelet has sufficient PID available"
            },
        ),
    ];
    if pressure.contains("NetworkUnavailable") {
        out.insert(
            0,
            c(
                "NetworkUnavailable",
                true,
                "NoRouteCreated",
                "Node created without a route",
            ),
        );
    }
    let mut r = c(
        "Ready",
        true,
        "KubeletReady",
        "kubelet is posting ready status",
    );
    r.status = ready.into();
    if ready == "False" {
        r.reason = "KubeletNotReady".into();
        r.message = "container runtime network not ready: NetworkReady=false".into();
    } else if ready == "Unknown" {
        r.reason = "NodeStatusUnknown".into();
        r.message = "Kubelet stopped posting node status.".into();
    }
    out.push(r);
    out
}

fn set_ready_condition(
    n: &mut Node,
    status: &str,
    reason: &str,
    msg: &str,
    now: crate::clock::SimTime,
) {
    if let Some(c) = n.status.conditions.iter_mut().find(|c| c.type_ == "Ready") {
        if c.status != status {
            c.last_transition_time = Some(Timestamp(now));
        }
        c.status = status.into();
        c.reason = reason.into();
        c.message = msg.into();
        c.last_heartbeat_time = Some(Timestamp(now));
    }
}

/// The event reference for a node.
pub fn node_ref(name: &str) -> crate::model::revision::InvolvedObject {
    crate::model::revision::InvolvedObject {
        kind: "Node".into(),
        namespace: String::new(),
        name: name.into(),
        uid: name.into(),
    }
}
