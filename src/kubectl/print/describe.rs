//! `kubectl describe` (`kubectl/pkg/describe/describe.go`): each describer writes
//! `Key:\tvalue` lines with two-space indentation levels into Go's tabwriter
//! (padding 2), so alignment, column blocks and trailing spaces come out as kubectl's.

use super::util::{age, format_labels, rfc1123z, selector_string, since, Quantity};
use super::{tabwriter, Obj};
use crate::clock::SimTime;
use crate::model::pod::{Container, ContainerState, ContainerStatus};
use crate::model::{
    DaemonSet, Deployment, Event, GenericObject, Node, Pod, PodTemplateSpec, ReplicaSet, Taint,
    Toleration,
};
use crate::store::Store;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Text with tabwriter cells, indented by two spaces per level (`PrefixWriter`).
#[derive(Default)]
struct W(String);

impl W {
    fn w(&mut self, level: usize, s: &str) {
        for _ in 0..level {
            self.0.push_str("  ");
        }
        self.0.push_str(s);
    }
    fn done(self) -> String {
        tabwriter::DESCRIBE.format(&self.0)
    }
}

pub(super) fn describe_obj(store: &Store, now: SimTime, o: &Obj) -> String {
    match o {
        Obj::Ds(ds) => describe_daemonset(store, now, ds),
        Obj::Pod(p) => describe_pod(store, now, p),
        Obj::Node(n) => describe_node(store, now, n),
        Obj::Ns(ns) => describe_namespace(ns),
        Obj::Rev(_) | Obj::Event(_) => describe_generic(store, now, o),
        Obj::Deploy(d) => describe_deployment(store, now, d),
        Obj::Rs(rs) => describe_replicaset(store, now, rs),
    }
}

/// `running / waiting / succeeded / failed` of the pods a controller owns.
fn pod_phases(store: &Store, uid: &str) -> (usize, usize, usize, usize) {
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    for p in store.pods_owned_by(uid).filter_map(|k| store.pod(k)) {
        match p.status.phase.as_str() {
            "Running" => running += 1,
            "Pending" => waiting += 1,
            "Succeeded" => succeeded += 1,
            "Failed" => failed += 1,
            _ => {}
        }
    }
    (running, waiting, succeeded, failed)
}

/// `DeploymentDescriber`.
fn describe_deployment(store: &Store, now: SimTime, d: &Deployment) -> String {
    let mut w = W::default();
    let m = &d.metadata;
    w.w(0, &format!("Name:\t{}\n", m.name));
    w.w(0, &format!("Namespace:\t{}\n", m.namespace));
    w.w(
        0,
        &format!("CreationTimestamp:\t{}\n", rfc1123z(m.creation_timestamp)),
    );
    print_labels(&mut w, "Labels", &m.labels);
    print_annotations(&mut w, "Annotations", &m.annotations);
    w.w(
        0,
        &format!("Selector:\t{}\n", selector_string(d.spec.selector.as_ref())),
    );
    let s = &d.status;
    w.w(
        0,
        &format!(
            "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
            d.replicas(),
            s.updated_replicas,
            s.replicas,
            s.available_replicas,
            s.unavailable_replicas
        ),
    );
    w.w(0, &format!("StrategyType:\t{}\n", d.spec.strategy.type_));
    w.w(
        0,
        &format!("MinReadySeconds:\t{}\n", d.spec.min_ready_seconds),
    );
    if let Some(ru) = &d.spec.strategy.rolling_update {
        let show = |v: &Option<crate::model::IntOrString>| {
            v.as_ref()
                .map(|v| v.to_string())
                .unwrap_or_else(|| "0".into())
        };
        w.w(
            0,
            &format!(
                "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
                show(&ru.max_unavailable),
                show(&ru.max_surge)
            ),
        );
    }
    pod_template(&mut w, &d.spec.template);
    workload_conditions(&mut w, &s.conditions);
    let rss = crate::workload::deployment::replicasets_in_store(store, d);
    let new_idx = crate::workload::deployment::find_new(d, &rss);
    let list = |v: Vec<&ReplicaSet>| {
        if v.is_empty() {
            return "<none>".to_string();
        }
        v.iter()
            .map(|r| {
                format!(
                    "{} ({}/{} replicas created)",
                    r.metadata.name,
                    r.status.replicas,
                    r.replicas()
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let olds: Vec<&ReplicaSet> = rss
        .iter()
        .enumerate()
        .filter(|(i, r)| Some(*i) != new_idx && r.replicas() != 0)
        .map(|(_, r)| r)
        .collect();
    w.w(0, &format!("OldReplicaSets:\t{}\n", list(olds)));
    w.w(
        0,
        &format!(
            "NewReplicaSet:\t{}\n",
            list(new_idx.map(|i| &rss[i]).into_iter().collect())
        ),
    );
    describe_events(
        &mut w,
        now,
        store
            .events_for("Deployment", &m.namespace, &m.name)
            .collect(),
    );
    w.done()
}

/// `ReplicaSetDescriber`.
/// A Deployment's or ReplicaSet's conditions, as `describeDeployment` and
/// `describeReplicaSet` print them (nothing when there are none).
fn workload_conditions(w: &mut W, conditions: &[crate::model::deployment::WorkloadCondition]) {
    if conditions.is_empty() {
        return;
    }
    w.w(0, "Conditions:\n  Type\tStatus\tReason\n");
    w.w(1, "----\t------\t------\n");
    for c in conditions {
        w.w(1, &format!("{} \t{}\t{}\n", c.type_, c.status, c.reason));
    }
}

fn describe_replicaset(store: &Store, now: SimTime, rs: &ReplicaSet) -> String {
    let mut w = W::default();
    let m = &rs.metadata;
    w.w(0, &format!("Name:\t{}\n", m.name));
    w.w(0, &format!("Namespace:\t{}\n", m.namespace));
    w.w(
        0,
        &format!(
            "Selector:\t{}\n",
            selector_string(rs.spec.selector.as_ref())
        ),
    );
    print_labels(&mut w, "Labels", &m.labels);
    print_annotations(&mut w, "Annotations", &m.annotations);
    if let Some(c) = m.controller_ref() {
        w.w(0, &format!("Controlled By:\t{}/{}\n", c.kind, c.name));
    }
    w.w(
        0,
        &format!(
            "Replicas:\t{} current / {} desired\n",
            rs.status.replicas,
            rs.replicas()
        ),
    );
    let (running, waiting, succeeded, failed) = pod_phases(store, &m.uid);
    w.w(0, &format!("Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n"));
    pod_template(&mut w, &rs.spec.template);
    workload_conditions(&mut w, &rs.status.conditions);
    describe_events(
        &mut w,
        now,
        store
            .events_for("ReplicaSet", &m.namespace, &m.name)
            .collect(),
    );
    w.done()
}

fn print_labels(w: &mut W, title: &str, labels: &BTreeMap<String, String>) {
    w.w(0, &format!("{title}:\t"));
    if labels.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    for (i, (k, v)) in labels.iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        w.w(0, &format!("{k}={v}\n"));
    }
}

const MAX_ANNOTATION_LEN: usize = 140;

fn shorten(s: &str, max: usize) -> String {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}...", &s[..cut])
    } else {
        s.to_string()
    }
}

fn print_annotations(w: &mut W, title: &str, annotations: &BTreeMap<String, String>) {
    w.w(0, &format!("{title}:\t"));
    let keys: Vec<&String> = annotations
        .keys()
        .filter(|k| k.as_str() != "kubectl.kubernetes.io/last-applied-configuration")
        .collect();
    if keys.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    for (i, k) in keys.into_iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        let value = annotations[k].strip_suffix('\n').unwrap_or(&annotations[k]);
        if value.len() + k.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            w.w(0, &format!("{k}:\n"));
            for s in value.split('\n') {
                w.w(0, &format!("\t  {}\n", shorten(s, MAX_ANNOTATION_LEN - 2)));
            }
        } else {
            w.w(0, &format!("{k}: {value}\n"));
        }
    }
}

fn print_tolerations(w: &mut W, title: &str, tolerations: &[Toleration]) {
    w.w(0, &format!("{title}:\t"));
    if tolerations.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    let mut sorted: Vec<&Toleration> = tolerations.iter().collect();
    crate::sort::by(&mut sorted, |a, b| a.key.cmp(&b.key));
    for (i, t) in sorted.into_iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        let mut s = t.key.clone();
        if !t.value.is_empty() {
            let _ = write!(s, "={}", t.value);
        }
        if !t.effect.is_empty() {
            let _ = write!(s, ":{}", t.effect);
        }
        if t.operator == "Exists" && t.value.is_empty() {
            s.push_str(if !t.key.is_empty() || !t.effect.is_empty() {
                " op=Exists"
            } else {
                "op=Exists"
            });
        }
        if let Some(secs) = t.toleration_seconds {
            let _ = write!(s, " for {secs}s");
        }
        w.w(0, &format!("{s}\n"));
    }
}

fn print_taints(w: &mut W, title: &str, taints: &[Taint]) {
    w.w(0, &format!("{title}:\t"));
    if taints.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    let mut sorted: Vec<&Taint> = taints.iter().collect();
    crate::sort::by_key(&mut sorted, |t| format!("{},{}", t.effect, t.key));
    for (i, t) in sorted.into_iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        w.w(0, &format!("{t}\n"));
    }
}

fn describe_events(w: &mut W, now: SimTime, events: Vec<&Event>) {
    if events.is_empty() {
        w.w(0, "Events:\t<none>\n");
        return;
    }
    let mut events = events;
    crate::sort::by_key(&mut events, |e| e.last_timestamp);
    w.w(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.w(1, "----\t------\t----\t----\t-------\n");
    for e in events {
        let first = since(now, e.first_timestamp.0);
        let interval = if e.count > 1 {
            format!(
                "{} (x{} over {})",
                since(now, e.last_timestamp.0),
                e.count,
                first
            )
        } else {
            first
        };
        w.w(
            1,
            &format!(
                "{}\t{}\t{}\t{}\t{}\n",
                e.type_,
                e.reason,
                interval,
                e.source.component,
                e.message.trim()
            ),
        );
    }
}

// ---------------------------------------------------------------- DaemonSet

fn describe_daemonset(store: &Store, now: SimTime, ds: &DaemonSet) -> String {
    let mut w = W::default();
    let m = &ds.metadata;
    w.w(0, &format!("Name:\t{}\n", m.name));
    w.w(0, &format!("Namespace:\t{}\n", m.namespace));
    w.w(
        0,
        &format!(
            "Selector:\t{}\n",
            selector_string(ds.spec.selector.as_ref())
        ),
    );
    w.w(
        0,
        &format!(
            "Node-Selector:\t{}\n",
            format_labels(&ds.spec.template.spec.node_selector)
        ),
    );
    print_labels(&mut w, "Labels", &m.labels);
    print_annotations(&mut w, "Annotations", &m.annotations);
    let s = &ds.status;
    w.w(
        0,
        &format!(
            "Desired Number of Nodes Scheduled: {}\n",
            s.desired_number_scheduled
        ),
    );
    w.w(
        0,
        &format!(
            "Current Number of Nodes Scheduled: {}\n",
            s.current_number_scheduled
        ),
    );
    w.w(
        0,
        &format!(
            "Number of Nodes Scheduled with Up-to-date Pods: {}\n",
            s.updated_number_scheduled
        ),
    );
    w.w(
        0,
        &format!(
            "Number of Nodes Scheduled with Available Pods: {}\n",
            s.number_available
        ),
    );
    w.w(
        0,
        &format!("Number of Nodes Misscheduled: {}\n", s.number_misscheduled),
    );
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    let selector = ds.spec.selector.as_ref().map(|s| s.compile());
    for p in store.pods().values() {
        if p.metadata.namespace != m.namespace
            || !selector
                .as_ref()
                .is_some_and(|s| s.matches(&p.metadata.labels))
            || p.metadata.controller_ref().is_none_or(|r| r.uid != m.uid)
        {
            continue;
        }
        match p.status.phase.as_str() {
            "Running" => running += 1,
            "Pending" => waiting += 1,
            "Succeeded" => succeeded += 1,
            "Failed" => failed += 1,
            _ => {}
        }
    }
    w.w(0, &format!("Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n"));
    pod_template(&mut w, &ds.spec.template);
    describe_events(
        &mut w,
        now,
        store
            .events_for("DaemonSet", &m.namespace, &m.name)
            .collect(),
    );
    w.done()
}

/// The `Pod Template:` block (`DescribePodTemplate`) as `rollout history
/// --revision=N` prints it: kubectl's `printTemplate` writes it through a bare
/// `PrefixWriter` with no tabwriter, so the `Key:\tvalue` separators stay literal
/// tabs. (`describe ds` aligns the same block through its tabwriter.)
pub fn describe_pod_template(template: &PodTemplateSpec) -> String {
    let mut w = W::default();
    pod_template(&mut w, template);
    w.0
}

fn pod_template(w: &mut W, t: &PodTemplateSpec) {
    w.w(0, "Pod Template:\n");
    print_labels(w, "  Labels", &t.metadata.labels);
    if !t.metadata.annotations.is_empty() {
        print_annotations(w, "  Annotations", &t.metadata.annotations);
    }
    if !t.spec.service_account_name.is_empty() {
        w.w(
            1,
            &format!("Service Account:\t{}\n", t.spec.service_account_name),
        );
    }
    if !t.spec.init_containers.is_empty() {
        containers(w, "Init Containers", &t.spec.init_containers, None, "  ");
    }
    containers(w, "Containers", &t.spec.containers, None, "  ");
    volumes(w, t.spec.extra.get("volumes"), "  ");
    if !t.spec.priority_class_name.is_empty() {
        w.w(
            1,
            &format!("Priority Class Name:\t{}\n", t.spec.priority_class_name),
        );
    }
    print_labels(w, "  Node-Selectors", &t.spec.node_selector);
    print_tolerations(w, "  Tolerations", &t.spec.tolerations);
}

// ---------------------------------------------------------------- containers

fn str_of<'a>(v: Option<&'a Value>, key: &str) -> &'a str {
    v.and_then(|v| v.get(key))
        .and_then(|v| v.as_str())
        .unwrap_or("")
}

fn int_or_str(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn fake_hex(seed: &str) -> String {
    let mut out = String::new();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for round in 0..4u64 {
        for b in seed.bytes().chain(round.to_le_bytes()) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let _ = write!(out, "{h:016x}");
    }
    out
}

fn image_repo(image: &str) -> String {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last_slash = no_digest.rfind('/').map(|i| i + 1).unwrap_or(0);
    let repo = match no_digest[last_slash..].rfind(':') {
        Some(c) => &no_digest[..last_slash + c],
        None => no_digest,
    };
    let first = repo.split('/').next().unwrap_or("");
    if !repo.contains('/') {
        format!("docker.io/library/{repo}")
    } else if !(first.contains('.') || first.contains(':') || first == "localhost") {
        format!("docker.io/{repo}")
    } else {
        repo.to_string()
    }
}

fn containers(w: &mut W, label: &str, cs: &[Container], pod: Option<&Pod>, space: &str) {
    let none = if cs.is_empty() { " <none>" } else { "" };
    w.w(0, &format!("{space}{label}:{none}\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for c in cs {
        let status: Option<&ContainerStatus> = pod.and_then(|p| {
            p.status
                .container_statuses
                .iter()
                .find(|s| s.name == c.name)
        });
        w.w(1, &format!("{name_indent}{}:\n", c.name));
        let started = status.is_some_and(|s| {
            s.state.running.is_some()
                || s.state.terminated.is_some()
                || s.last_state.terminated.is_some()
        });
        let uid = pod.map(|p| p.metadata.uid.as_str()).unwrap_or("");
        if status.is_some() {
            let id = if started {
                format!("containerd://{}", fake_hex(&format!("{uid}/{}", c.name)))
            } else {
                String::new()
            };
            w.w(2, &format!("Container ID:\t{id}\n"));
        }
        w.w(2, &format!("Image:\t{}\n", c.image));
        if status.is_some() {
            let id = if started {
                format!("{}@sha256:{}", image_repo(&c.image), fake_hex(&c.image))
            } else {
                String::new()
            };
            w.w(2, &format!("Image ID:\t{id}\n"));
        }
        let proto = |p: &crate::model::pod::ContainerPort| {
            p.extra
                .get("protocol")
                .and_then(|v| v.as_str())
                .unwrap_or("TCP")
                .to_string()
        };
        let ports: Vec<String> = c
            .ports
            .iter()
            .map(|p| format!("{}/{}", p.container_port.unwrap_or(0), proto(p)))
            .collect();
        let host_ports: Vec<String> = c
            .ports
            .iter()
            .map(|p| format!("{}/{}", p.host_port.unwrap_or(0), proto(p)))
            .collect();
        let (ports, host_ports) = (ports.join(", "), host_ports.join(", "));
        if ports.contains(',') {
            w.w(2, &format!("Ports:\t{ports}\n"));
        } else {
            w.w(
                2,
                &format!(
                    "Port:\t{}\n",
                    if ports.is_empty() { "<none>" } else { &ports }
                ),
            );
        }
        if host_ports.contains(',') {
            w.w(2, &format!("Host Ports:\t{host_ports}\n"));
        } else {
            w.w(
                2,
                &format!(
                    "Host Port:\t{}\n",
                    if host_ports.is_empty() {
                        "<none>"
                    } else {
                        &host_ports
                    }
                ),
            );
        }
        for (key, title) in [("command", "Command"), ("args", "Args")] {
            if let Some(list) = c
                .extra
                .get(key)
                .and_then(|v| v.as_array())
                .filter(|a| !a.is_empty())
            {
                w.w(2, &format!("{title}:\n"));
                for item in list {
                    for line in item.as_str().unwrap_or("").split('\n') {
                        w.w(3, &format!("{line}\n"));
                    }
                }
            }
        }
        if let Some(s) = status {
            state(w, "State", &s.state);
            if s.last_state.terminated.is_some() {
                state(w, "Last State", &s.last_state);
            }
            w.w(
                2,
                &format!("Ready:\t{}\n", if s.ready { "True" } else { "False" }),
            );
            w.w(2, &format!("Restart Count:\t{}\n", s.restart_count));
        }
        if let Some(r) = &c.resources {
            for (title, list) in [("Limits", &r.limits), ("Requests", &r.requests)] {
                if !list.is_empty() {
                    w.w(2, &format!("{title}:\n"));
                }
                for (name, q) in list {
                    let q = Quantity::parse(&crate::model::quantity::value_to_string(q));
                    w.w(3, &format!("{name}:\t{q}\n"));
                }
            }
        }
        for (key, title) in [
            ("livenessProbe", "Liveness"),
            ("readinessProbe", "Readiness"),
            ("startupProbe", "Startup"),
        ] {
            if let Some(p) = c.extra.get(key) {
                w.w(2, &format!("{title}:\t{}\n", probe(p)));
            }
        }
        if let Some(from) = c
            .extra
            .get("envFrom")
            .and_then(|v| v.as_array())
            .filter(|a| !a.is_empty())
        {
            w.w(2, "Environment Variables from:\n");
            for e in from {
                let (kind, r) = if let Some(r) = e.get("configMapRef") {
                    ("ConfigMap", r)
                } else if let Some(r) = e.get("secretRef") {
                    ("Secret", r)
                } else {
                    ("", &Value::Null)
                };
                let optional = r.get("optional").and_then(|v| v.as_bool()).unwrap_or(false);
                let prefix = str_of(Some(e), "prefix");
                let name = str_of(Some(r), "name");
                if prefix.is_empty() {
                    w.w(3, &format!("{name}\t{kind}\tOptional: {optional}\n"));
                } else {
                    w.w(
                        3,
                        &format!("{name}\t{kind} with prefix '{prefix}'\tOptional: {optional}\n"),
                    );
                }
            }
        }
        env(w, c, pod);
        mounts(w, c);
    }
}

fn state(w: &mut W, name: &str, s: &ContainerState) {
    if let Some(r) = &s.running {
        w.w(2, &format!("{name}:\tRunning\n"));
        w.w(3, &format!("Started:\t{}\n", rfc1123z(r.started_at)));
    } else if let Some(wt) = &s.waiting {
        w.w(2, &format!("{name}:\tWaiting\n"));
        if !wt.reason.is_empty() {
            w.w(3, &format!("Reason:\t{}\n", wt.reason));
        }
    } else if let Some(t) = &s.terminated {
        w.w(2, &format!("{name}:\tTerminated\n"));
        if !t.reason.is_empty() {
            w.w(3, &format!("Reason:\t{}\n", t.reason));
        }
        w.w(3, &format!("Exit Code:\t{}\n", t.exit_code));
        w.w(3, &format!("Started:\t{}\n", rfc1123z(None)));
        w.w(3, &format!("Finished:\t{}\n", rfc1123z(t.finished_at)));
    } else {
        w.w(2, &format!("{name}:\tWaiting\n"));
    }
}

fn probe(p: &Value) -> String {
    let n = |k: &str, d: i64| p.get(k).and_then(|v| v.as_i64()).unwrap_or(d);
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        n("initialDelaySeconds", 0),
        n("timeoutSeconds", 1),
        n("periodSeconds", 10),
        n("successThreshold", 1),
        n("failureThreshold", 3)
    );
    let join_host_port = |h: &str, port: &str| {
        if h.contains(':') {
            format!("[{h}]:{port}")
        } else {
            format!("{h}:{port}")
        }
    };
    if let Some(e) = p.get("exec") {
        let cmd: Vec<&str> = e
            .get("command")
            .and_then(|c| c.as_array())
            .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
            .unwrap_or_default();
        return format!("exec [{}] {attrs}", cmd.join(" "));
    }
    if let Some(h) = p.get("httpGet") {
        let scheme = str_of(Some(h), "scheme").to_lowercase();
        let scheme = if scheme.is_empty() {
            "http".to_string()
        } else {
            scheme
        };
        let port = int_or_str(h.get("port"));
        let host = str_of(Some(h), "host");
        let hostport = if port.is_empty() {
            host.to_string()
        } else {
            join_host_port(host, &port)
        };
        let mut path = str_of(Some(h), "path").to_string();
        if !path.is_empty() && !path.starts_with('/') {
            path.insert(0, '/');
        }
        return format!("http-get {scheme}://{hostport}{path} {attrs}");
    }
    if let Some(t) = p.get("tcpSocket") {
        return format!(
            "tcp-socket {}:{} {attrs}",
            str_of(Some(t), "host"),
            int_or_str(t.get("port"))
        );
    }
    if let Some(g) = p.get("grpc") {
        return format!(
            "grpc <pod>:{} {} {attrs}",
            int_or_str(g.get("port")),
            str_of(Some(g), "service")
        );
    }
    format!("unknown {attrs}")
}

fn env(w: &mut W, c: &Container, pod: Option<&Pod>) {
    let list = c
        .extra
        .get("env")
        .and_then(|v| v.as_array())
        .cloned()
        .unwrap_or_default();
    w.w(
        2,
        if list.is_empty() {
            "Environment:\t<none>\n"
        } else {
            "Environment:\n"
        },
    );
    for e in &list {
        let name = str_of(Some(e), "name");
        let Some(from) = e.get("valueFrom") else {
            for (i, s) in str_of(Some(e), "value").split('\n').enumerate() {
                if i == 0 {
                    w.w(3, &format!("{name}:\t{s}\n"));
                } else {
                    w.w(3, &format!("\t{s}\n"));
                }
            }
            continue;
        };
        if let Some(f) = from.get("fieldRef") {
            let path = str_of(Some(f), "fieldPath");
            let api = f.get("apiVersion").and_then(|v| v.as_str()).unwrap_or("v1");
            let value = pod.map(|p| field_path(p, path)).unwrap_or_default();
            w.w(3, &format!("{name}:\t{value} ({api}:{path})\n"));
        } else if let Some(r) = from.get("resourceFieldRef") {
            let resource = str_of(Some(r), "resource");
            let (kind, res) = resource.split_once('.').unwrap_or(("", resource));
            let q = c.resources.as_ref().and_then(|rs| match kind {
                "limits" => rs.limits.get(res),
                "requests" => rs.requests.get(res),
                _ => None,
            });
            let mut value = q
                .map(crate::model::quantity::value_to_string)
                .unwrap_or_else(|| "0".into());
            if value == "0" && (resource == "limits.cpu" || resource == "limits.memory") {
                value = "node allocatable".into();
            }
            w.w(3, &format!("{name}:\t{value} ({resource})\n"));
        } else if let Some(s) = from.get("secretKeyRef") {
            let optional = s.get("optional").and_then(|v| v.as_bool()).unwrap_or(false);
            w.w(
                3,
                &format!(
                    "{name}:\t<set to the key '{}' in secret '{}'>\tOptional: {optional}\n",
                    str_of(Some(s), "key"),
                    str_of(Some(s), "name")
                ),
            );
        } else if let Some(s) = from.get("configMapKeyRef") {
            let optional = s.get("optional").and_then(|v| v.as_bool()).unwrap_or(false);
            w.w(
                3,
                &format!(
                    "{name}:\t<set to the key '{}' of config map '{}'>\tOptional: {optional}\n",
                    str_of(Some(s), "key"),
                    str_of(Some(s), "name")
                ),
            );
        }
    }
}

fn field_path(p: &Pod, path: &str) -> String {
    match path {
        "metadata.name" => p.metadata.name.clone(),
        "metadata.namespace" => p.metadata.namespace.clone(),
        "metadata.uid" => p.metadata.uid.clone(),
        "spec.nodeName" => p.spec.node_name.clone(),
        "spec.serviceAccountName" => p.spec.service_account_name.clone(),
        "status.podIP" | "status.podIPs" => p.status.pod_ip.clone(),
        "status.hostIP" | "status.hostIPs" => p.status.host_ip.clone(),
        _ => String::new(),
    }
}

fn mounts(w: &mut W, c: &Container) {
    let mut list = c
        .extra
        .get("volumeMounts")
        .and_then(|v| v.as_array())
        .cloned()
        .unwrap_or_default();
    w.w(
        2,
        if list.is_empty() {
            "Mounts:\t<none>\n"
        } else {
            "Mounts:\n"
        },
    );
    crate::sort::by(&mut list, |a, b| {
        str_of(Some(a), "mountPath").cmp(str_of(Some(b), "mountPath"))
    });
    for m in &list {
        let mut flags = vec![
            if m.get("readOnly").and_then(|v| v.as_bool()).unwrap_or(false) {
                "ro".to_string()
            } else {
                "rw".to_string()
            },
        ];
        let sub = str_of(Some(m), "subPath");
        if !sub.is_empty() {
            flags.push(format!("path={sub:?}"));
        }
        w.w(
            3,
            &format!(
                "{} from {} ({})\n",
                str_of(Some(m), "mountPath"),
                str_of(Some(m), "name"),
                flags.join(",")
            ),
        );
    }
}

fn volumes(w: &mut W, vols: Option<&Value>, space: &str) {
    let list = vols.and_then(|v| v.as_array()).cloned().unwrap_or_default();
    if list.is_empty() {
        w.w(0, &format!("{space}Volumes:\t<none>\n"));
        return;
    }
    w.w(0, &format!("{space}Volumes:\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for v in &list {
        w.w(1, &format!("{name_indent}{}:\n", str_of(Some(v), "name")));
        let opt = |x: &Value| x.get("optional").and_then(|o| o.as_bool()).unwrap_or(false);
        if let Some(h) = v.get("hostPath") {
            let t = h
                .get("type")
                .map(|t| t.as_str().unwrap_or("").to_string())
                .unwrap_or_else(|| "<none>".into());
            w.w(2, &format!(
                "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{t}\n",
                str_of(Some(h), "path")
            ));
        } else if let Some(e) = v.get("emptyDir") {
            let limit = e
                .get("sizeLimit")
                .map(crate::model::quantity::value_to_string)
                .unwrap_or_else(|| "<unset>".into());
            w.w(2, &format!(
                "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{limit}\n",
                str_of(Some(e), "medium")
            ));
        } else if let Some(s) = v.get("secret") {
            w.w(2, &format!(
                "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n",
                str_of(Some(s), "secretName"),
                opt(s)
            ));
        } else if let Some(c) = v.get("configMap") {
            w.w(2, &format!(
                "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n",
                str_of(Some(c), "name"),
                opt(c)
            ));
        } else if let Some(c) = v.get("persistentVolumeClaim") {
            w.w(2, &format!(
                "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n",
                str_of(Some(c), "claimName"),
                c.get("readOnly").and_then(|o| o.as_bool()).unwrap_or(false)
            ));
        } else if let Some(d) = v.get("downwardAPI") {
            w.w(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
            for item in d
                .get("items")
                .and_then(|i| i.as_array())
                .into_iter()
                .flatten()
            {
                if let Some(f) = item.get("fieldRef") {
                    w.w(
                        3,
                        &format!(
                            "{} -> {}\n",
                            str_of(Some(f), "fieldPath"),
                            str_of(Some(item), "path")
                        ),
                    );
                }
                if let Some(f) = item.get("resourceFieldRef") {
                    w.w(
                        3,
                        &format!(
                            "{} -> {}\n",
                            str_of(Some(f), "resource"),
                            str_of(Some(item), "path")
                        ),
                    );
                }
            }
        } else if let Some(p) = v.get("projected") {
            w.w(
                2,
                "Type:\tProjected (a volume that contains injected data from multiple sources)\n",
            );
            for s in p
                .get("sources")
                .and_then(|i| i.as_array())
                .into_iter()
                .flatten()
            {
                if let Some(x) = s.get("secret") {
                    w.w(
                        2,
                        &format!(
                            "SecretName:\t{}\n    Optional:\t{}\n",
                            str_of(Some(x), "name"),
                            opt(x)
                        ),
                    );
                } else if s.get("downwardAPI").is_some() {
                    w.w(2, "DownwardAPI:\ttrue\n");
                } else if let Some(x) = s.get("configMap") {
                    w.w(
                        2,
                        &format!(
                            "ConfigMapName:\t{}\n    Optional:\t{}\n",
                            str_of(Some(x), "name"),
                            opt(x)
                        ),
                    );
                } else if let Some(x) = s.get("serviceAccountToken") {
                    let secs = x
                        .get("expirationSeconds")
                        .and_then(|e| e.as_i64())
                        .unwrap_or(3600);
                    w.w(2, &format!("TokenExpirationSeconds:\t{secs}\n"));
                }
            }
        } else {
            w.w(1, "<unknown>\n");
        }
    }
}

// ---------------------------------------------------------------- Pod

fn qos_class(p: &Pod) -> String {
    if !p.status.qos_class.is_empty() {
        return p.status.qos_class.clone();
    }
    let mut requests: BTreeMap<&str, i128> = BTreeMap::new();
    let mut limits: BTreeMap<&str, i128> = BTreeMap::new();
    let mut guaranteed = true;
    for c in p
        .spec
        .containers
        .iter()
        .chain(p.spec.init_containers.iter())
    {
        let r = c.resources.clone().unwrap_or_default();
        let mut c_limits = 0;
        for res in ["cpu", "memory"] {
            let lim = r
                .limits
                .get(res)
                .map(|q| Quantity::parse(&crate::model::quantity::value_to_string(q)).milli)
                .unwrap_or(0);
            let req = r
                .requests
                .get(res)
                .map(|q| Quantity::parse(&crate::model::quantity::value_to_string(q)).milli)
                .unwrap_or(lim);
            if req > 0 {
                *requests.entry(res).or_default() += req;
            }
            if lim > 0 {
                *limits.entry(res).or_default() += lim;
                c_limits += 1;
            }
        }
        if c_limits < 2 {
            guaranteed = false;
        }
    }
    if requests.is_empty() && limits.is_empty() {
        return "BestEffort".into();
    }
    if guaranteed && requests == limits {
        return "Guaranteed".into();
    }
    "Burstable".into()
}

fn describe_pod(store: &Store, now: SimTime, p: &Pod) -> String {
    let mut w = W::default();
    let m = &p.metadata;
    w.w(0, &format!("Name:\t{}\n", m.name));
    w.w(0, &format!("Namespace:\t{}\n", m.namespace));
    w.w(0, &format!("Priority:\t{}\n", p.spec.priority.unwrap_or(0)));
    if !p.spec.priority_class_name.is_empty() {
        w.w(
            0,
            &format!("Priority Class Name:\t{}\n", p.spec.priority_class_name),
        );
    }
    let sa = if p.spec.service_account_name.is_empty() {
        "default"
    } else {
        &p.spec.service_account_name
    };
    w.w(0, &format!("Service Account:\t{sa}\n"));
    if p.spec.node_name.is_empty() {
        w.w(0, "Node:\t<none>\n");
    } else {
        w.w(
            0,
            &format!("Node:\t{}/{}\n", p.spec.node_name, p.status.host_ip),
        );
    }
    if p.status.start_time.is_some() {
        w.w(
            0,
            &format!("Start Time:\t{}\n", rfc1123z(p.status.start_time)),
        );
    }
    print_labels(&mut w, "Labels", &m.labels);
    print_annotations(&mut w, "Annotations", &m.annotations);
    match m.deletion_timestamp {
        Some(d) if !p.is_terminal() => {
            w.w(
                0,
                &format!("Status:\tTerminating (lasts {})\n", since(now, d.0)),
            );
            w.w(
                0,
                &format!(
                    "Termination Grace Period:\t{}s\n",
                    m.deletion_grace_period_seconds.unwrap_or(30)
                ),
            );
        }
        _ => w.w(0, &format!("Status:\t{}\n", p.status.phase)),
    }
    if !p.status.reason.is_empty() {
        w.w(0, &format!("Reason:\t{}\n", p.status.reason));
    }
    if !p.status.message.is_empty() {
        w.w(0, &format!("Message:\t{}\n", p.status.message));
    }
    w.w(0, &format!("IP:\t{}\n", p.status.pod_ip));
    if p.status.pod_ip.is_empty() {
        w.w(0, "IPs:\t<none>\n");
    } else {
        w.w(0, "IPs:\n");
        w.w(1, &format!("IP:\t{}\n", p.status.pod_ip));
    }
    if let Some(r) = m.controller_ref() {
        w.w(0, &format!("Controlled By:\t{}/{}\n", r.kind, r.name));
    }
    if !p.spec.init_containers.is_empty() {
        containers(
            &mut w,
            "Init Containers",
            &p.spec.init_containers,
            Some(p),
            "",
        );
    }
    containers(&mut w, "Containers", &p.spec.containers, Some(p), "");
    if !p.status.conditions.is_empty() {
        w.w(0, "Conditions:\n  Type\tStatus\n");
        for c in &p.status.conditions {
            w.w(1, &format!("{} \t{} \n", c.type_, c.status));
        }
    }
    volumes(&mut w, p.spec.extra.get("volumes"), "");
    w.w(0, &format!("QoS Class:\t{}\n", qos_class(p)));
    print_labels(&mut w, "Node-Selectors", &p.spec.node_selector);
    print_tolerations(&mut w, "Tolerations", &p.spec.tolerations);
    describe_events(
        &mut w,
        now,
        store.events_for("Pod", &m.namespace, &m.name).collect(),
    );
    w.done()
}

// ---------------------------------------------------------------- Node

fn describe_node(store: &Store, now: SimTime, n: &Node) -> String {
    let mut w = W::default();
    let m = &n.metadata;
    w.w(0, &format!("Name:\t{}\n", m.name));
    w.w(0, &format!("Roles:\t{}\n", super::table::node_roles(n)));
    print_labels(&mut w, "Labels", &m.labels);
    print_annotations(&mut w, "Annotations", &m.annotations);
    w.w(
        0,
        &format!("CreationTimestamp:\t{}\n", rfc1123z(m.creation_timestamp)),
    );
    print_taints(&mut w, "Taints", &n.spec.taints);
    w.w(0, &format!("Unschedulable:\t{}\n", n.spec.unschedulable));
    let ready = n.status.conditions.iter().find(|c| c.type_ == "Ready");
    w.w(0, "Lease:\n");
    w.w(1, &format!("HolderIdentity:\t{}\n", m.name));
    w.w(1, "AcquireTime:\t<unset>\n");
    let renew = ready
        .and_then(|c| c.last_heartbeat_time)
        .or(Some(crate::model::Timestamp(now)));
    w.w(1, &format!("RenewTime:\t{}\n", rfc1123z(renew)));
    if !n.status.conditions.is_empty() {
        w.w(
            0,
            "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
        );
        w.w(
            1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for c in &n.status.conditions {
            w.w(
                1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    c.type_,
                    c.status,
                    rfc1123z(c.last_heartbeat_time),
                    rfc1123z(c.last_transition_time),
                    c.reason,
                    c.message
                ),
            );
        }
    }
    w.w(0, "Addresses:\n");
    for a in &n.status.addresses {
        w.w(1, &format!("{}:\t{}\n", a.type_, a.address));
    }
    for (title, list) in [
        ("Capacity", &n.status.capacity),
        ("Allocatable", &n.status.allocatable),
    ] {
        if !list.is_empty() {
            w.w(0, &format!("{title}:\n"));
            for (k, v) in list {
                w.w(0, &format!("  {k}:\t{v}\n"));
            }
        }
    }
    let info = n.status.node_info.clone().unwrap_or_default();
    let extra = n.status.extra.get("nodeInfo");
    w.w(0, "System Info:\n");
    w.w(
        0,
        &format!("  Machine ID:\t{}\n", str_of(extra, "machineID")),
    );
    w.w(
        0,
        &format!("  System UUID:\t{}\n", str_of(extra, "systemUUID")),
    );
    w.w(0, &format!("  Boot ID:\t{}\n", str_of(extra, "bootID")));
    w.w(0, &format!("  Kernel Version:\t{}\n", info.kernel_version));
    w.w(0, &format!("  OS Image:\t{}\n", info.os_image));
    w.w(
        0,
        &format!("  Operating System:\t{}\n", info.operating_system),
    );
    w.w(0, &format!("  Architecture:\t{}\n", info.architecture));
    w.w(
        0,
        &format!(
            "  Container Runtime Version:\t{}\n",
            info.container_runtime_version
        ),
    );
    w.w(
        0,
        &format!("  Kubelet Version:\t{}\n", info.kubelet_version),
    );
    w.w(
        0,
        &format!(
            "  Kube-Proxy Version:\t{}\n",
            str_of(extra, "kubeProxyVersion")
        ),
    );
    if !n.spec.pod_cidr.is_empty() {
        w.w(0, &format!("PodCIDR:\t{}\n", n.spec.pod_cidr));
    }
    if let Some(cidrs) = n.spec.extra.get("podCIDRs").and_then(|v| v.as_array()) {
        let c: Vec<&str> = cidrs.iter().filter_map(|x| x.as_str()).collect();
        if !c.is_empty() {
            w.w(0, &format!("PodCIDRs:\t{}\n", c.join(",")));
        }
    }
    if let Some(id) = n.spec.extra.get("providerID").and_then(|v| v.as_str()) {
        w.w(0, &format!("ProviderID:\t{id}\n"));
    }
    node_resources(&mut w, store, now, n);
    describe_events(&mut w, now, store.events_for("Node", "", &m.name).collect());
    w.done()
}

fn pod_requests_limits(p: &Pod) -> (BTreeMap<String, Quantity>, BTreeMap<String, Quantity>) {
    let sum = |cs: &[Container], limits: bool| {
        let mut out: BTreeMap<String, Quantity> = BTreeMap::new();
        for c in cs {
            let Some(r) = &c.resources else { continue };
            let list = if limits || r.requests.is_empty() {
                &r.limits
            } else {
                &r.requests
            };
            for (k, v) in list {
                out.entry(k.clone())
                    .or_default()
                    .add(Quantity::parse(&crate::model::quantity::value_to_string(v)));
            }
        }
        out
    };
    let merge_init = |mut main: BTreeMap<String, Quantity>, limits: bool| {
        for c in &p.spec.init_containers {
            let Some(r) = &c.resources else { continue };
            let list = if limits { &r.limits } else { &r.requests };
            for (k, v) in list {
                let q = Quantity::parse(&crate::model::quantity::value_to_string(v));
                let e = main.entry(k.clone()).or_default();
                if q.milli > e.milli {
                    *e = q;
                }
            }
        }
        main
    };
    (
        merge_init(sum(&p.spec.containers, false), false),
        merge_init(sum(&p.spec.containers, true), true),
    )
}

fn node_resources(w: &mut W, store: &Store, now: SimTime, n: &Node) {
    let pods: Vec<&Pod> = store
        .pods()
        .values()
        .filter(|p| p.spec.node_name == n.metadata.name && !p.is_terminal())
        .collect();
    w.w(
        0,
        &format!("Non-terminated Pods:\t({} in total)\n", pods.len()),
    );
    w.w(
        1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    w.w(
        1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let alloc = if n.status.allocatable.is_empty() {
        &n.status.capacity
    } else {
        &n.status.allocatable
    };
    let alloc_q = |k: &str| alloc.get(k).map(|v| Quantity::parse(v)).unwrap_or_default();
    let (cpu_alloc, mem_alloc) = (alloc_q("cpu").milli, alloc_q("memory").value());
    let pct = |num: i128, den: i128| {
        if den == 0 {
            0
        } else {
            (num as f64 / den as f64 * 100.0) as i64
        }
    };
    let get = |m: &BTreeMap<String, Quantity>, k: &str| m.get(k).copied().unwrap_or_default();
    let mut total_req: BTreeMap<String, Quantity> = BTreeMap::new();
    let mut total_lim: BTreeMap<String, Quantity> = BTreeMap::new();
    for p in &pods {
        let (req, lim) = pod_requests_limits(p);
        let (cr, cl, mr, ml) = (
            get(&req, "cpu"),
            get(&lim, "cpu"),
            get(&req, "memory"),
            get(&lim, "memory"),
        );
        w.w(
            1,
            &format!(
                "{}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}\n",
                p.metadata.namespace,
                p.metadata.name,
                cr,
                pct(cr.milli, cpu_alloc),
                cl,
                pct(cl.milli, cpu_alloc),
                mr,
                pct(mr.value(), mem_alloc),
                ml,
                pct(ml.value(), mem_alloc),
                age(now, p.metadata.creation_timestamp)
            ),
        );
        for (k, v) in req {
            total_req.entry(k).or_default().add(v);
        }
        for (k, v) in lim {
            total_lim.entry(k).or_default().add(v);
        }
    }
    w.w(
        0,
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    w.w(1, "Resource\tRequests\tLimits\n");
    w.w(1, "--------\t--------\t------\n");
    let (cr, cl) = (get(&total_req, "cpu"), get(&total_lim, "cpu"));
    w.w(
        1,
        &format!(
            "cpu\t{} ({}%)\t{} ({}%)\n",
            cr,
            pct(cr.milli, cpu_alloc),
            cl,
            pct(cl.milli, cpu_alloc)
        ),
    );
    let (mr, ml) = (get(&total_req, "memory"), get(&total_lim, "memory"));
    w.w(
        1,
        &format!(
            "memory\t{} ({}%)\t{} ({}%)\n",
            mr,
            pct(mr.value(), mem_alloc),
            ml,
            pct(ml.value(), mem_alloc)
        ),
    );
    let es_alloc = alloc_q("ephemeral-storage").value();
    let (er, el) = (
        get(&total_req, "ephemeral-storage"),
        get(&total_lim, "ephemeral-storage"),
    );
    w.w(
        1,
        &format!(
            "ephemeral-storage\t{} ({}%)\t{} ({}%)\n",
            er,
            pct(er.value(), es_alloc),
            el,
            pct(el.value(), es_alloc)
        ),
    );
    for (k, v) in alloc.iter().filter(|(k, _)| k.starts_with("hugepages-")) {
        let a = Quantity::parse(v).value();
        let (r, l) = (get(&total_req, k), get(&total_lim, k));
        w.w(
            1,
            &format!(
                "{k}\t{} ({}%)\t{} ({}%)\n",
                r,
                pct(r.value(), a),
                l,
                pct(l.value(), a)
            ),
        );
    }
    for k in alloc.keys().filter(|k| {
        !k.starts_with("hugepages-")
            && !["cpu", "memory", "ephemeral-storage", "pods"].contains(&k.as_str())
    }) {
        w.w(
            1,
            &format!("{k}\t{}\t{}\n", get(&total_req, k), get(&total_lim, k)),
        );
    }
}

// ---------------------------------------------------------------- others

fn describe_namespace(ns: &GenericObject) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", ns.metadata.name));
    print_labels(&mut w, "Labels", &ns.metadata.labels);
    print_annotations(&mut w, "Annotations", &ns.metadata.annotations);
    let phase = ns
        .body
        .get("status")
        .and_then(|s| s.get("phase"))
        .and_then(|p| p.as_str())
        .unwrap_or("Active");
    w.w(0, &format!("Status:\t{phase}\n"));
    w.w(0, "\nNo resource quota.\n\nNo LimitRange resource.\n");
    w.done()
}

fn describe_generic(store: &Store, now: SimTime, o: &Obj) -> String {
    let mut w = W::default();
    let m = o.meta();
    w.w(0, &format!("Name:\t{}\n", m.name));
    w.w(0, &format!("Namespace:\t{}\n", m.namespace));
    print_labels(&mut w, "Labels", &m.labels);
    print_annotations(&mut w, "Annotations", &m.annotations);
    let kind = match o {
        Obj::Rev(_) => "ControllerRevision",
        _ => "Event",
    };
    describe_events(
        &mut w,
        now,
        store.events_for(kind, &m.namespace, &m.name).collect(),
    );
    w.done()
}

// ---------------------------------------------------------------- stored-only kinds

/// `kubectl describe` of a stored-only object: Services and ConfigMaps (the parser
/// refuses the other kinds).
pub(super) fn describe_stored(store: &Store, now: SimTime, o: &GenericObject) -> String {
    let events: Vec<&Event> = store
        .events_for(&o.kind, &o.metadata.namespace, &o.metadata.name)
        .collect();
    match o.kind.as_str() {
        "ConfigMap" => describe_configmap(now, o, events),
        _ => describe_service(now, o, events),
    }
}

/// `describeService`. Endpoints are always `<none>`: the simulator runs no
/// EndpointSlice controller, so there are no EndpointSlices for kubectl to read —
/// what a cluster shows while none exist, not what it shows once pods are ready.
fn describe_service(now: SimTime, svc: &GenericObject, events: Vec<&Event>) -> String {
    let mut w = W::default();
    let m = &svc.metadata;
    let spec = svc.body.get("spec");
    let text = |key: &str| str_of(spec, key).to_string();
    let list = |key: &str| crate::model::service::string_list(spec, key);
    w.w(0, &format!("Name:\t{}\n", m.name));
    w.w(0, &format!("Namespace:\t{}\n", m.namespace));
    print_labels(&mut w, "Labels", &m.labels);
    print_annotations(&mut w, "Annotations", &m.annotations);
    let selector: BTreeMap<String, String> = spec
        .and_then(|s| s.get("selector"))
        .and_then(Value::as_object)
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    w.w(0, &format!("Selector:\t{}\n", format_labels(&selector)));
    w.w(0, &format!("Type:\t{}\n", text("type")));
    if !text("ipFamilyPolicy").is_empty() {
        w.w(
            0,
            &format!("IP Family Policy:\t{}\n", text("ipFamilyPolicy")),
        );
    }
    let or_none = |v: Vec<String>| {
        if v.is_empty() {
            "<none>".to_string()
        } else {
            v.join(",")
        }
    };
    w.w(
        0,
        &format!("IP Families:\t{}\n", or_none(list("ipFamilies"))),
    );
    w.w(0, &format!("IP:\t{}\n", text("clusterIP")));
    w.w(0, &format!("IPs:\t{}\n", or_none(list("clusterIPs"))));
    if !list("externalIPs").is_empty() {
        w.w(
            0,
            &format!("External IPs:\t{}\n", list("externalIPs").join(",")),
        );
    }
    if !text("loadBalancerIP").is_empty() {
        w.w(
            0,
            &format!("Desired LoadBalancer IP:\t{}\n", text("loadBalancerIP")),
        );
    }
    if !text("externalName").is_empty() {
        w.w(0, &format!("External Name:\t{}\n", text("externalName")));
    }
    let ports = spec
        .and_then(|s| s.get("ports"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for p in &ports {
        let name = Some(str_of(Some(p), "name"))
            .filter(|n| !n.is_empty())
            .unwrap_or("<unset>");
        let proto = str_of(Some(p), "protocol");
        let port = p.get("port").and_then(Value::as_i64).unwrap_or(0);
        w.w(0, &format!("Port:\t{name}\t{port}/{proto}\n"));
        w.w(
            0,
            &format!("TargetPort:\t{}/{proto}\n", int_or_str(p.get("targetPort"))),
        );
        let node_port = p.get("nodePort").and_then(Value::as_i64).unwrap_or(0);
        if node_port != 0 {
            w.w(0, &format!("NodePort:\t{name}\t{node_port}/{proto}\n"));
        }
        w.w(0, "Endpoints:\t<none>\n");
    }
    w.w(
        0,
        &format!("Session Affinity:\t{}\n", text("sessionAffinity")),
    );
    if !text("externalTrafficPolicy").is_empty() {
        w.w(
            0,
            &format!(
                "External Traffic Policy:\t{}\n",
                text("externalTrafficPolicy")
            ),
        );
    }
    if !text("internalTrafficPolicy").is_empty() {
        w.w(
            0,
            &format!(
                "Internal Traffic Policy:\t{}\n",
                text("internalTrafficPolicy")
            ),
        );
    }
    let health = spec
        .and_then(|s| s.get("healthCheckNodePort"))
        .and_then(Value::as_i64)
        .unwrap_or(0);
    if health != 0 {
        w.w(0, &format!("HealthCheck NodePort:\t{health}\n"));
    }
    if !list("loadBalancerSourceRanges").is_empty() {
        w.w(
            0,
            &format!(
                "LoadBalancer Source Ranges:\t{}\n",
                list("loadBalancerSourceRanges").join(",")
            ),
        );
    }
    if !text("trafficDistribution").is_empty() {
        w.w(
            0,
            &format!("Traffic Distribution:\t{}\n", text("trafficDistribution")),
        );
    }
    describe_events(&mut w, now, events);
    w.done()
}

/// `ConfigMapDescriber`: each text key with its value under `----`, binary keys
/// with their decoded size, keys in order (Go ranges over a map; the order of
/// several keys varies from run to run there).
fn describe_configmap(now: SimTime, cm: &GenericObject, events: Vec<&Event>) -> String {
    let mut w = W::default();
    let m = &cm.metadata;
    w.w(0, &format!("Name:\t{}\n", m.name));
    w.w(0, &format!("Namespace:\t{}\n", m.namespace));
    print_labels(&mut w, "Labels", &m.labels);
    print_annotations(&mut w, "Annotations", &m.annotations);
    w.w(0, "\nData\n====\n");
    if let Some(data) = cm.body.get("data").and_then(Value::as_object) {
        for (k, v) in data {
            w.w(0, &format!("{k}:\n----\n"));
            w.w(0, &format!("{}\n", v.as_str().unwrap_or_default()));
            w.w(0, "\n");
        }
    }
    w.w(0, "\nBinaryData\n====\n");
    if let Some(data) = cm.body.get("binaryData").and_then(Value::as_object) {
        for (k, v) in data {
            w.w(
                0,
                &format!(
                    "{k}: {} bytes\n",
                    base64_len(v.as_str().unwrap_or_default())
                ),
            );
        }
    }
    w.w(0, "\n");
    describe_events(&mut w, now, events);
    w.done()
}

/// The number of bytes standard base64 text decodes to.
fn base64_len(b64: &str) -> usize {
    let chars = b64.bytes().filter(|c| !c.is_ascii_whitespace()).count();
    let padding = b64.bytes().rev().take_while(|&c| c == b'=').count();
    (chars / 4 * 3).saturating_sub(padding)
}

#[cfg(test)]
mod tests {
    use super::base64_len;

    #[test]
    fn binary_data_sizes_are_decoded_sizes() {
        assert_eq!(base64_len("AAECAwQF"), 6);
        assert_eq!(base64_len("AAECAw=="), 4);
        assert_eq!(base64_len("AAECAwQ="), 5);
        assert_eq!(base64_len(""), 0);
    }
}
