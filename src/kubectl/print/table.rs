//! The rows of `kubectl get` (`printers.go`) and the pod STATUS / READY / RESTARTS
//! logic the page reuses.

use super::util::{age, format_label_selector, format_labels, or_none};
use super::{tabwriter, type_info, Obj};
use crate::clock::SimTime;
use crate::kubectl::request::ResourceType;
use crate::model::meta::Timestamp;
use crate::model::{Node, Pod};

/// Renders one table (header and rows) through kubectl's tabwriter.
pub(super) fn render(
    r: ResourceType,
    objs: &[Obj],
    now: SimTime,
    wide: bool,
    with_kind: bool,
    with_namespace: bool,
    show_labels: bool,
) -> String {
    let (mut header, wide_header): (Vec<&str>, Vec<&str>) = match r {
        ResourceType::DaemonSets => (
            vec![
                "NAME",
                "DESIRED",
                "CURRENT",
                "READY",
                "UP-TO-DATE",
                "AVAILABLE",
                "NODE SELECTOR",
                "AGE",
            ],
            vec!["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        ResourceType::Pods => (
            vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            vec!["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
        ),
        ResourceType::Nodes => (
            vec!["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            vec![
                "INTERNAL-IP",
                "EXTERNAL-IP",
                "OS-IMAGE",
                "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ],
        ),
        ResourceType::ControllerRevisions => {
            (vec!["NAME", "CONTROLLER", "REVISION", "AGE"], vec![])
        }
        ResourceType::Events => (
            vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
            vec![
                "LAST SEEN",
                "TYPE",
                "REASON",
                "OBJECT",
                "SUBOBJECT",
                "SOURCE",
                "MESSAGE",
                "FIRST SEEN",
                "COUNT",
                "NAME",
            ],
        ),
        ResourceType::Namespaces => (vec!["NAME", "STATUS", "AGE"], vec![]),
        ResourceType::Deployments => (
            vec!["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            vec!["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        ResourceType::ReplicaSets => (
            vec!["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
            vec!["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
    };
    let events = r == ResourceType::Events;
    if wide {
        if events {
            header = wide_header;
        } else {
            header.extend(wide_header);
        }
    }
    let namespaced = type_info(r).namespaced;
    let mut text = String::new();
    let mut push_row = |cells: Vec<String>, ns: &str, labels: String| {
        let mut row: Vec<String> = Vec::new();
        if with_namespace && namespaced {
            row.push(ns.to_string());
        }
        row.extend(cells);
        if show_labels {
            row.push(labels);
        }
        text.push_str(&row.join("\t"));
        text.push('\n');
    };
    push_row(
        header.iter().map(|s| s.to_string()).collect(),
        "NAMESPACE",
        "LABELS".into(),
    );
    for o in objs {
        let mut cells = row(o, now, wide);
        if with_kind && !events {
            cells[0] = format!("{}/{}", type_info(r).singular, cells[0]);
        }
        push_row(cells, &o.meta().namespace, format_labels(&o.meta().labels));
    }
    tabwriter::GET.format(&text)
}

fn row(o: &Obj, now: SimTime, wide: bool) -> Vec<String> {
    let m = o.meta();
    let created = age(now, m.creation_timestamp);
    match o {
        Obj::Deploy(d) => {
            let s = &d.status;
            let mut c = vec![
                m.name.clone(),
                format!("{}/{}", s.ready_replicas, d.replicas()),
                s.updated_replicas.to_string(),
                s.available_replicas.to_string(),
                created,
            ];
            if wide {
                c.extend(template_cells(
                    &d.spec.template.spec.containers,
                    d.spec.selector.as_ref(),
                ));
            }
            c
        }
        Obj::Rs(rs) => {
            let mut c = vec![
                m.name.clone(),
                rs.replicas().to_string(),
                rs.status.replicas.to_string(),
                rs.status.ready_replicas.to_string(),
                created,
            ];
            if wide {
                c.extend(template_cells(
                    &rs.spec.template.spec.containers,
                    rs.spec.selector.as_ref(),
                ));
            }
            c
        }
        Obj::Ds(ds) => {
            let s = &ds.status;
            let mut c = vec![
                m.name.clone(),
                s.desired_number_scheduled.to_string(),
                s.current_number_scheduled.to_string(),
                s.number_ready.to_string(),
                s.updated_number_scheduled.to_string(),
                s.number_available.to_string(),
                format_labels(&ds.spec.template.spec.node_selector),
                created,
            ];
            if wide {
                let cs = &ds.spec.template.spec.containers;
                c.push(
                    cs.iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                );
                c.push(
                    cs.iter()
                        .map(|c| c.image.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                );
                c.push(format_label_selector(ds.spec.selector.as_ref()));
            }
            c
        }
        Obj::Pod(p) => {
            let info = pod_info(p);
            let restarts = match info.last_restart {
                Some(t) if info.restarts != 0 => {
                    format!("{} ({} ago)", info.restarts, super::util::since(now, t.0))
                }
                _ => info.restarts.to_string(),
            };
            let mut c = vec![m.name.clone(), info.ready, info.reason, restarts, created];
            if wide {
                let gates = p
                    .spec
                    .extra
                    .get("readinessGates")
                    .and_then(|g| g.as_array());
                let gates = match gates {
                    Some(g) if !g.is_empty() => {
                        let ok = g
                            .iter()
                            .filter(|gate| {
                                let t = gate
                                    .get("conditionType")
                                    .and_then(|t| t.as_str())
                                    .unwrap_or("");
                                p.condition(t).is_some_and(|c| c.status == "True")
                            })
                            .count();
                        format!("{ok}/{}", g.len())
                    }
                    _ => "<none>".into(),
                };
                c.extend([
                    or_none(&p.status.pod_ip),
                    or_none(&p.spec.node_name),
                    "<none>".into(),
                    gates,
                ]);
            }
            c
        }
        Obj::Node(n) => {
            let info = n.status.node_info.clone().unwrap_or_default();
            let mut c = vec![
                m.name.clone(),
                node_status(n),
                node_roles(n),
                created,
                info.kubelet_version.clone(),
            ];
            if wide {
                let addr = |t: &str| {
                    n.status
                        .addresses
                        .iter()
                        .find(|a| a.type_ == t)
                        .map(|a| a.address.clone())
                        .unwrap_or_else(|| "<none>".into())
                };
                let unknown = |s: &str| {
                    if s.is_empty() {
                        "<unknown>".to_string()
                    } else {
                        s.to_string()
                    }
                };
                c.extend([
                    addr("InternalIP"),
                    addr("ExternalIP"),
                    unknown(&info.os_image),
                    unknown(&info.kernel_version),
                    unknown(&info.container_runtime_version),
                ]);
            }
            c
        }
        Obj::Rev(rev) => {
            let controller = match m.controller_ref() {
                Some(r) => {
                    let group = r.api_version.split_once('/').map(|(g, _)| g).unwrap_or("");
                    let gk = if group.is_empty() {
                        r.kind.clone()
                    } else {
                        format!("{}.{}", r.kind, group)
                    };
                    format!("{}/{}", gk.to_lowercase(), r.name)
                }
                None => "<none>".into(),
            };
            vec![
                m.name.clone(),
                controller,
                rev.revision.to_string(),
                created,
            ]
        }
        Obj::Event(e) => {
            let first = age(now, Some(e.first_timestamp));
            let last = age(now, Some(e.last_timestamp));
            let object = if e.involved_object.name.is_empty() {
                e.involved_object.kind.to_lowercase()
            } else {
                format!(
                    "{}/{}",
                    e.involved_object.kind.to_lowercase(),
                    e.involved_object.name
                )
            };
            let message = e.message.trim().to_string();
            if wide {
                let source = if e.source.host.is_empty() {
                    e.source.component.clone()
                } else {
                    format!("{}, {}", e.source.component, e.source.host)
                };
                let count = if e.count == 0 { 1 } else { e.count };
                vec![
                    last,
                    e.type_.clone(),
                    e.reason.clone(),
                    object,
                    String::new(),
                    source,
                    message,
                    first,
                    count.to_string(),
                    m.name.clone(),
                ]
            } else {
                vec![last, e.type_.clone(), e.reason.clone(), object, message]
            }
        }
        Obj::Ns(ns) => {
            let phase = ns
                .body
                .get("status")
                .and_then(|s| s.get("phase"))
                .and_then(|p| p.as_str())
                .unwrap_or("Active")
                .to_string();
            vec![m.name.clone(), phase, created]
        }
    }
}

/// `-o wide`'s CONTAINERS, IMAGES and SELECTOR of a workload (`layoutContainerCells`).
fn template_cells(
    cs: &[crate::model::pod::Container],
    selector: Option<&crate::model::LabelSelector>,
) -> [String; 3] {
    [
        cs.iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(","),
        cs.iter()
            .map(|c| c.image.as_str())
            .collect::<Vec<_>>()
            .join(","),
        format_label_selector(selector),
    ]
}

/// `printNode`'s STATUS: `Ready`/`NotReady` from the Ready condition (`Unknown` when
/// the node has none), plus `SchedulingDisabled` when cordoned.
pub(super) fn node_status(n: &Node) -> String {
    let mut status: Vec<&str> = Vec::new();
    if let Some(c) = n.status.conditions.iter().rfind(|c| c.type_ == "Ready") {
        status.push(if c.status == "True" {
            "Ready"
        } else {
            "NotReady"
        });
    }
    if status.is_empty() {
        status.push("Unknown");
    }
    if n.spec.unschedulable {
        status.push("SchedulingDisabled");
    }
    status.join(",")
}

/// `findNodeRoles`, sorted: `node-role.kubernetes.io/<role>` labels and
/// `kubernetes.io/role=<role>`; `<none>` without any.
pub(super) fn node_roles(n: &Node) -> String {
    let mut roles: Vec<&str> = Vec::new();
    for (k, v) in &n.metadata.labels {
        if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
            if !role.is_empty() {
                roles.push(role);
            }
        } else if k == "kubernetes.io/role" && !v.is_empty() {
            roles.push(v);
        }
    }
    crate::sort::sort(&mut roles);
    roles.dedup();
    if roles.is_empty() {
        "<none>".into()
    } else {
        roles.join(",")
    }
}

struct PodInfo {
    ready: String,
    reason: String,
    restarts: i64,
    last_restart: Option<Timestamp>,
}

fn pod_info(pod: &Pod) -> PodInfo {
    let total = pod.spec.containers.len()
        + pod
            .spec
            .init_containers
            .iter()
            .filter(|c| c.extra.get("restartPolicy").and_then(|v| v.as_str()) == Some("Always"))
            .count();
    let mut ready = 0;
    let mut restarts = 0;
    let mut last_restart: Option<Timestamp> = None;
    let mut reason = if pod.status.reason.is_empty() {
        pod.status.phase.clone()
    } else {
        pod.status.reason.clone()
    };
    if pod
        .status
        .conditions
        .iter()
        .any(|c| c.type_ == "PodScheduled" && c.reason == "SchedulingGated")
    {
        reason = "SchedulingGated".into();
    }
    let mut has_running = false;
    for cs in pod.status.container_statuses.iter().rev() {
        restarts += cs.restart_count;
        if let Some(t) = cs
            .last_state
            .terminated
            .as_ref()
            .and_then(|t| t.finished_at)
        {
            if last_restart.is_none_or(|l| l < t) {
                last_restart = Some(t);
            }
        }
        let st = &cs.state;
        if let Some(w) = st.waiting.as_ref().filter(|w| !w.reason.is_empty()) {
            reason = w.reason.clone();
        } else if let Some(t) = &st.terminated {
            reason = if t.reason.is_empty() {
                format!("ExitCode:{}", t.exit_code)
            } else {
                t.reason.clone()
            };
        } else if cs.ready && st.running.is_some() {
            has_running = true;
            ready += 1;
        }
    }
    if reason == "Completed" && has_running {
        reason = if pod.is_ready() {
            "Running".into()
        } else {
            "NotReady".into()
        };
    }
    if pod.metadata.deletion_timestamp.is_some() {
        if pod.status.reason == "NodeLost" {
            reason = "Unknown".into();
        } else if !pod.is_terminal() {
            reason = "Terminating".into();
        }
    }
    PodInfo {
        ready: format!("{ready}/{total}"),
        reason,
        restarts,
        last_restart,
    }
}

/// The STATUS column of `kubectl get pods` (`printPod`): the pod's reason or phase,
/// overridden by the most relevant container state (`ContainerCreating`,
/// `ErrImagePull`, `ImagePullBackOff`, `CrashLoopBackOff`, `Completed`, `Error`…),
/// then `Terminating` for a pod being deleted.
pub fn pod_status_reason(pod: &Pod) -> String {
    pod_info(pod).reason
}

/// The READY column of `kubectl get pods`: ready containers / containers (`1/1`).
pub fn pod_ready_column(pod: &Pod) -> String {
    pod_info(pod).ready
}
