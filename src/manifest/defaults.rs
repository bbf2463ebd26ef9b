//! API defaulting (`pkg/apis/apps/v1/defaults.go`, `pkg/apis/core/v1/defaults.go`).
//!
//! Applied on create and update before validation, so `kubectl get -o yaml` shows
//! what a real cluster shows, and validation sees what the real one sees (a lone
//! `maxSurge: 1` fails because `maxUnavailable` was defaulted to 1).

use crate::model::meta::Extra;
use crate::model::pod::{Container, PodSpec};
use crate::model::{DaemonSet, IntOrString, RollingUpdate};
use serde_json::{json, Value as Json};

/// `SetDefaults_DaemonSet` plus the pod template's defaults.
pub fn daemonset(ds: &mut DaemonSet) {
    let strategy = &mut ds.spec.update_strategy;
    if strategy.type_.is_empty() {
        strategy.type_ = "RollingUpdate".into();
    }
    if strategy.type_ == "RollingUpdate" {
        let ru = strategy
            .rolling_update
            .get_or_insert_with(RollingUpdate::default);
        if ru.max_unavailable.is_none() {
            ru.max_unavailable = Some(IntOrString::Int(1));
        }
        if ru.max_surge.is_none() {
            ru.max_surge = Some(IntOrString::Int(0));
        }
    }
    if ds.spec.revision_history_limit.is_none() {
        ds.spec.revision_history_limit = Some(10);
    }
    pod_spec(&mut ds.spec.template.spec);
}

/// `SetDefaults_Deployment`: replicas 1, RollingUpdate with 25%/25%,
/// revisionHistoryLimit 10, progressDeadlineSeconds 600, plus the template's defaults.
pub fn deployment(d: &mut crate::model::Deployment) {
    use crate::model::deployment::RollingUpdateDeployment;
    if d.spec.replicas.is_none() {
        d.spec.replicas = Some(1);
    }
    let s = &mut d.spec.strategy;
    if s.type_.is_empty() {
        s.type_ = "RollingUpdate".into();
    }
    if s.type_ == "RollingUpdate" {
        let ru = s
            .rolling_update
            .get_or_insert_with(RollingUpdateDeployment::default);
        if ru.max_unavailable.is_none() {
            ru.max_unavailable = Some(IntOrString::Str("25%".into()));
        }
        if ru.max_surge.is_none() {
            ru.max_surge = Some(IntOrString::Str("25%".into()));
        }
    }
    if d.spec.revision_history_limit.is_none() {
        d.spec.revision_history_limit = Some(10);
    }
    if d.spec.progress_deadline_seconds.is_none() {
        d.spec.progress_deadline_seconds = Some(600);
    }
    pod_spec(&mut d.spec.template.spec);
}

/// `SetDefaults_ReplicaSet`: replicas 1, plus the template's defaults.
pub fn replicaset(rs: &mut crate::model::ReplicaSet) {
    if rs.spec.replicas.is_none() {
        rs.spec.replicas = Some(1);
    }
    pod_spec(&mut rs.spec.template.spec);
}

/// `SetDefaults_Pod`: the pod spec defaults, then what only pods get
/// (`enableServiceLinks: true`, and with `hostNetwork` each `hostPort` set to its
/// `containerPort`).
pub fn pod(pod: &mut crate::model::Pod) {
    pod_spec(&mut pod.spec);
    pod.spec
        .extra
        .entry("enableServiceLinks")
        .or_insert_with(|| json!(true));
    if pod.spec.host_network {
        for c in pod
            .spec
            .init_containers
            .iter_mut()
            .chain(pod.spec.containers.iter_mut())
        {
            for p in &mut c.ports {
                if p.host_port.unwrap_or(0) == 0 {
                    p.host_port = p.container_port;
                }
            }
        }
    }
}

/// `SetDefaults_PodSpec` and the defaults of everything inside a pod spec
/// (containers, ports, probes, env field refs, volumes).
pub fn pod_spec(spec: &mut PodSpec) {
    if spec.dns_policy.is_empty() {
        spec.dns_policy = "ClusterFirst".into();
    }
    if spec.restart_policy.is_empty() {
        spec.restart_policy = "Always".into();
    }
    if spec.termination_grace_period_seconds.is_none() {
        spec.termination_grace_period_seconds = Some(30);
    }
    if spec.scheduler_name.is_empty() {
        spec.scheduler_name = "default-scheduler".into();
    }
    if !spec.extra.contains_key("securityContext") || spec.extra["securityContext"].is_null() {
        spec.extra.insert("securityContext".into(), json!({}));
    }
    for c in spec
        .init_containers
        .iter_mut()
        .chain(spec.containers.iter_mut())
    {
        container(c);
    }
    if let Some(Json::Array(volumes)) = spec.extra.get_mut("volumes") {
        for v in volumes.iter_mut().filter_map(Json::as_object_mut) {
            volume(v);
        }
    }
}

/// `SetDefaults_Container`, `SetDefaults_ContainerPort`, probe and env defaults.
fn container(c: &mut Container) {
    if c.image_pull_policy.is_empty() {
        c.image_pull_policy = pull_policy_for(&c.image).into();
    }
    if c.termination_message_path.is_empty() {
        c.termination_message_path = "/dev/termination-log".into();
    }
    if c.termination_message_policy.is_empty() {
        c.termination_message_policy = "File".into();
    }
    for p in &mut c.ports {
        p.extra.entry("protocol").or_insert_with(|| json!("TCP"));
    }
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(Json::Object(p)) = c.extra.get_mut(probe) {
            for (k, v) in [
                ("timeoutSeconds", 1),
                ("periodSeconds", 10),
                ("successThreshold", 1),
                ("failureThreshold", 3),
            ] {
                p.entry(k).or_insert_with(|| json!(v));
            }
            handler(p);
        }
    }
    if let Some(Json::Object(lc)) = c.extra.get_mut("lifecycle") {
        for hook in ["postStart", "preStop"] {
            if let Some(Json::Object(h)) = lc.get_mut(hook) {
                handler(h);
            }
        }
    }
    if let Some(Json::Array(env)) = c.extra.get_mut("env") {
        for e in env.iter_mut() {
            if let Some(Json::Object(fr)) = e.pointer_mut("/valueFrom/fieldRef") {
                fr.entry("apiVersion").or_insert_with(|| json!("v1"));
            }
            if let Some(Json::Object(rr)) = e.pointer_mut("/valueFrom/resourceFieldRef") {
                rr.entry("divisor").or_insert_with(|| json!("0"));
            }
        }
    }
}

/// `SetDefaults_HTTPGetAction`: scheme HTTP.
fn handler(h: &mut Extra) {
    if let Some(Json::Object(get)) = h.get_mut("httpGet") {
        get.entry("scheme").or_insert_with(|| json!("HTTP"));
    }
}

/// Volume source defaults: `defaultMode: 420` (0644), hostPath `type: ""`.
fn volume(v: &mut Extra) {
    for src in ["configMap", "secret", "downwardAPI", "projected"] {
        if let Some(Json::Object(s)) = v.get_mut(src) {
            s.entry("defaultMode").or_insert_with(|| json!(420));
        }
    }
    if let Some(Json::Object(hp)) = v.get_mut("hostPath") {
        hp.entry("type").or_insert_with(|| json!(""));
    }
    if let Some(Json::Object(dw)) = v.get_mut("downwardAPI") {
        if let Some(Json::Array(items)) = dw.get_mut("items") {
            for it in items {
                if let Some(Json::Object(fr)) = it.get_mut("fieldRef") {
                    fr.entry("apiVersion").or_insert_with(|| json!("v1"));
                }
            }
        }
    }
}

/// The default `imagePullPolicy`: `Always` for `:latest` or no tag, else
/// `IfNotPresent` (a digest counts as pinned).
pub fn pull_policy_for(image: &str) -> &'static str {
    if image.contains('@') {
        return "IfNotPresent";
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.rsplit_once(':') {
        Some((_, "latest")) | None => "Always",
        Some(_) => "IfNotPresent",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::pod::ContainerPort;

    #[test]
    fn rolling_update_defaults_fill_budgets_and_history() {
        let mut ds = DaemonSet::default();
        daemonset(&mut ds);
        let ru = ds.spec.update_strategy.rolling_update.as_ref().unwrap();
        assert_eq!(ds.spec.update_strategy.type_, "RollingUpdate");
        assert_eq!(ru.max_unavailable, Some(IntOrString::Int(1)));
        assert_eq!(ru.max_surge, Some(IntOrString::Int(0)));
        assert_eq!(ds.spec.revision_history_limit, Some(10));
    }

    #[test]
    fn on_delete_keeps_rolling_update_absent() {
        let mut ds = DaemonSet::default();
        ds.spec.update_strategy.type_ = "OnDelete".into();
        daemonset(&mut ds);
        assert!(ds.spec.update_strategy.rolling_update.is_none());
    }

    #[test]
    fn pod_spec_defaults_match_the_api_server() {
        let mut spec = PodSpec {
            containers: vec![Container {
                name: "a".into(),
                image: "nginx:1.25".into(),
                ports: vec![ContainerPort {
                    container_port: Some(80),
                    ..Default::default()
                }],
                ..Default::default()
            }],
            ..Default::default()
        };
        pod_spec(&mut spec);
        assert_eq!(spec.restart_policy, "Always");
        assert_eq!(spec.dns_policy, "ClusterFirst");
        assert_eq!(spec.scheduler_name, "default-scheduler");
        assert_eq!(spec.termination_grace_period_seconds, Some(30));
        let c = &spec.containers[0];
        assert_eq!(c.image_pull_policy, "IfNotPresent");
        assert_eq!(c.termination_message_path, "/dev/termination-log");
        assert_eq!(c.termination_message_policy, "File");
        assert_eq!(c.ports[0].extra["protocol"], "TCP");
    }

    #[test]
    fn latest_or_untagged_images_are_always_pulled() {
        assert_eq!(pull_policy_for("nginx"), "Always");
        assert_eq!(pull_policy_for("nginx:latest"), "Always");
        assert_eq!(pull_policy_for("registry:5000/nginx"), "Always");
        assert_eq!(pull_policy_for("registry:5000/nginx:1.2"), "IfNotPresent");
        assert_eq!(pull_policy_for("nginx@sha256:abc"), "IfNotPresent");
    }
}
