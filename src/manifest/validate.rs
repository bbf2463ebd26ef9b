//! Validation with the API server's field paths and messages
//! (`pkg/apis/apps/validation`, `pkg/apis/core/validation`, apimachinery's meta
//! validation). Run after defaulting, as the server does.
//!
//! Error order follows the Go code (meta, selector, template, pod spec, strategy), and
//! identical messages are reported once, as `ErrorList.ToAggregate` does.

use super::field::{go_quote, ErrorKind, FieldError};
use super::names;
use crate::model::meta::ObjectMeta;
use crate::model::pod::{Container, NodeSelector, NodeSelectorTerm, PodSpec, PodTemplateSpec};
use crate::model::selector::{LabelSelector, LabelSelectorRequirement};
use crate::model::{DaemonSet, Deployment, IntOrString, Pod, ReplicaSet, Toleration};
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

type Errs = Vec<FieldError>;

/// `ValidateDaemonSet` on create; with `old`, also `ValidateDaemonSetUpdate` and the
/// registry's apps/v1 rule that `spec.selector` is immutable.
pub fn daemonset(ds: &DaemonSet, old: Option<&DaemonSet>) -> Vec<FieldError> {
    let mut errs = Errs::new();
    object_meta(&ds.metadata, "metadata", &mut errs);
    daemonset_spec(ds, &mut errs);
    if let Some(old) = old {
        if ds.spec.selector != old.spec.selector {
            errs.push(invalid_raw(
                "spec.selector",
                ds.spec
                    .selector
                    .as_ref()
                    .map(selector_json)
                    .unwrap_or_else(|| "null".into()),
                "field is immutable",
            ));
        }
    }
    dedup(errs)
}

/// `ValidateDeployment`; with `old`, the apps/v1 rule that `spec.selector` is immutable.
pub fn deployment(d: &Deployment, old: Option<&Deployment>) -> Vec<FieldError> {
    let mut errs = Errs::new();
    object_meta(&d.metadata, "metadata", &mut errs);
    let spec = &d.spec;
    nonnegative(spec.replicas.unwrap_or(1), "spec.replicas", &mut errs);
    workload_selector(spec.selector.as_ref(), &spec.template, &mut errs);
    strategy(d, &mut errs);
    nonnegative(spec.min_ready_seconds, "spec.minReadySeconds", &mut errs);
    if let Some(limit) = spec.revision_history_limit {
        nonnegative(limit, "spec.revisionHistoryLimit", &mut errs);
    }
    if let Some(p) = spec.progress_deadline_seconds {
        nonnegative(p, "spec.progressDeadlineSeconds", &mut errs);
        if p <= spec.min_ready_seconds {
            errs.push(FieldError::invalid(
                "spec.progressDeadlineSeconds",
                p,
                "must be greater than minReadySeconds",
            ));
        }
    }
    if let Some(old) = old {
        immutable_selector(
            spec.selector.as_ref(),
            old.spec.selector.as_ref(),
            &mut errs,
        );
    }
    dedup(errs)
}

/// `ValidateReplicaSet`; with `old`, `spec.selector` is immutable.
pub fn replicaset(rs: &ReplicaSet, old: Option<&ReplicaSet>) -> Vec<FieldError> {
    let mut errs = Errs::new();
    object_meta(&rs.metadata, "metadata", &mut errs);
    let spec = &rs.spec;
    nonnegative(spec.replicas.unwrap_or(1), "spec.replicas", &mut errs);
    nonnegative(spec.min_ready_seconds, "spec.minReadySeconds", &mut errs);
    workload_selector(spec.selector.as_ref(), &spec.template, &mut errs);
    if let Some(old) = old {
        immutable_selector(
            spec.selector.as_ref(),
            old.spec.selector.as_ref(),
            &mut errs,
        );
    }
    dedup(errs)
}

fn immutable_selector(new: Option<&LabelSelector>, old: Option<&LabelSelector>, errs: &mut Errs) {
    if new != old {
        errs.push(invalid_raw(
            "spec.selector",
            new.map(selector_json).unwrap_or_else(|| "null".into()),
            "field is immutable",
        ));
    }
}

/// The selector checks of `ValidateDeploymentSpec` / `ValidateReplicaSetSpec` and
/// `ValidatePodTemplateSpecForReplicaSet`. Both kinds word an empty selector
/// "invalid for deployment", as the Go code does.
fn workload_selector(sel: Option<&LabelSelector>, t: &PodTemplateSpec, errs: &mut Errs) {
    let ok = match sel {
        None => {
            errs.push(FieldError::required("spec.selector", ""));
            true
        }
        Some(s) => {
            let ok = label_selector(s, "spec.selector", errs);
            if s.is_empty() {
                errs.push(invalid_raw(
                    "spec.selector",
                    selector_json(s),
                    "empty selector is invalid for deployment",
                ));
            }
            ok
        }
    };
    if ok {
        // A nil selector selects nothing; an empty one everything.
        let matches = sel.is_some_and(|s| s.matches(&t.metadata.labels));
        if !matches {
            errs.push(invalid_raw(
                "spec.template.metadata.labels",
                labels_json(&t.metadata.labels),
                "`selector` does not match template `labels`",
            ));
        }
        pod_template(t, "spec.template", errs);
        if t.spec.restart_policy != "Always" {
            errs.push(FieldError::not_supported(
                "spec.template.spec.restartPolicy",
                t.spec.restart_policy.as_str(),
                &["Always"],
            ));
        }
        if t.spec.active_deadline_seconds.is_some() {
            errs.push(FieldError::forbidden(
                "spec.template.spec.activeDeadlineSeconds",
                "activeDeadlineSeconds in ReplicaSet is not Supported",
            ));
        }
    }
}

/// `ValidateDeploymentStrategy` and `ValidateRollingUpdateDeployment`.
fn strategy(d: &Deployment, errs: &mut Errs) {
    let s = &d.spec.strategy;
    let path = "spec.strategy";
    match s.type_.as_str() {
        "Recreate" => {
            if s.rolling_update.is_some() {
                errs.push(FieldError::forbidden(
                    "spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'",
                ));
            }
        }
        "RollingUpdate" => {
            let Some(ru) = &s.rolling_update else {
                errs.push(FieldError::required(
                    "spec.strategy.rollingUpdate",
                    "this should be defaulted and never be nil",
                ));
                return;
            };
            let zero = IntOrString::Int(0);
            let mu = ru.max_unavailable.as_ref().unwrap_or(&zero);
            let ms = ru.max_surge.as_ref().unwrap_or(&zero);
            let mu_path = "spec.strategy.rollingUpdate.maxUnavailable";
            positive_int_or_percent(mu, mu_path, errs);
            positive_int_or_percent(ms, "spec.strategy.rollingUpdate.maxSurge", errs);
            if int_or_percent_value(mu) == 0 && int_or_percent_value(ms) == 0 {
                errs.push(invalid_raw(
                    mu_path,
                    mu.json(),
                    "may not be 0 when `maxSurge` is 0",
                ));
            }
            not_more_than_100(mu, mu_path, errs);
        }
        _ => {
            let ru = match &s.rolling_update {
                None => "null".to_string(),
                Some(ru) => format!(
                    "{{\"MaxUnavailable\":{},\"MaxSurge\":{}}}",
                    ru.max_unavailable
                        .as_ref()
                        .map(|v| v.json())
                        .unwrap_or("null".into()),
                    ru.max_surge
                        .as_ref()
                        .map(|v| v.json())
                        .unwrap_or("null".into())
                ),
            };
            errs.push(FieldError {
                path: path.into(),
                kind: ErrorKind::NotSupported,
                value: Some(format!(
                    "{{\"Type\":{},\"RollingUpdate\":{ru}}}",
                    go_quote(&s.type_)
                )),
                detail: "supported values: \"Recreate\", \"RollingUpdate\"".into(),
            });
        }
    }
}

/// `ValidatePodCreate`, the subset that matters for bare pods in the simulator.
pub fn pod(pod: &Pod) -> Vec<FieldError> {
    let mut errs = Errs::new();
    object_meta(&pod.metadata, "metadata", &mut errs);
    pod_spec(&pod.spec, "spec", true, &mut errs);
    dedup(errs)
}

fn dedup(errs: Errs) -> Errs {
    let mut seen = BTreeSet::new();
    errs.into_iter()
        .filter(|e| seen.insert(e.to_string()))
        .collect()
}

fn invalid_raw(path: &str, rendered: String, detail: &str) -> FieldError {
    FieldError {
        path: path.to_string(),
        kind: ErrorKind::Invalid,
        value: Some(rendered),
        detail: detail.to_string(),
    }
}

fn child(path: &str, name: &str) -> String {
    format!("{path}.{name}")
}

fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

// ---------------------------------------------------------------- meta

fn object_meta(meta: &ObjectMeta, path: &str, errs: &mut Errs) {
    if !meta.generate_name.is_empty() {
        // Prefixes may end with a dash.
        let prefix = meta.generate_name.trim_end_matches('-');
        for m in names::dns1123_subdomain(if prefix.is_empty() { "a" } else { prefix }) {
            errs.push(FieldError::invalid(
                &child(path, "generateName"),
                meta.generate_name.as_str(),
                &m,
            ));
        }
    }
    if meta.name.is_empty() {
        if meta.generate_name.is_empty() {
            errs.push(FieldError::required(
                &child(path, "name"),
                "name or generateName is required",
            ));
        }
    } else {
        for m in names::dns1123_subdomain(&meta.name) {
            errs.push(FieldError::invalid(
                &child(path, "name"),
                meta.name.as_str(),
                &m,
            ));
        }
    }
    // kubectl fills in the namespace, so only its syntax can be wrong here.
    if !meta.namespace.is_empty() {
        for m in names::dns1123_label(&meta.namespace) {
            errs.push(FieldError::invalid(
                &child(path, "namespace"),
                meta.namespace.as_str(),
                &m,
            ));
        }
    }
    labels(&meta.labels, &child(path, "labels"), errs);
    annotations(&meta.annotations, &child(path, "annotations"), errs);
}

/// `ValidateLabels`: key syntax, then value syntax, errors at the map's path.
fn labels(map: &BTreeMap<String, String>, path: &str, errs: &mut Errs) {
    for (k, v) in map {
        label_name(k, path, errs);
        for m in names::label_value(v) {
            errs.push(FieldError::invalid(path, v.as_str(), &m));
        }
    }
}

fn label_name(k: &str, path: &str, errs: &mut Errs) {
    for m in names::qualified_name(k) {
        errs.push(FieldError::invalid(path, k, &m));
    }
}

/// `ValidateAnnotations`: keys are qualified names (checked lower-cased), total size
/// at most 256 KiB.
fn annotations(map: &BTreeMap<String, String>, path: &str, errs: &mut Errs) {
    let mut total = 0usize;
    for (k, v) in map {
        for m in names::qualified_name(&k.to_ascii_lowercase()) {
            errs.push(FieldError::invalid(path, k.as_str(), &m));
        }
        total += k.len() + v.len();
    }
    const LIMIT: usize = 256 * 1024;
    if total > LIMIT {
        errs.push(FieldError::too_long(path, LIMIT));
    }
}

// ---------------------------------------------------------------- DaemonSet

fn daemonset_spec(ds: &DaemonSet, errs: &mut Errs) {
    let spec = &ds.spec;
    let selector_ok = match &spec.selector {
        Some(sel) => label_selector(sel, "spec.selector", errs),
        None => true,
    };
    if selector_ok {
        let matches = spec
            .selector
            .as_ref()
            .is_some_and(|s| s.matches(&spec.template.metadata.labels));
        if !matches {
            errs.push(invalid_raw(
                "spec.template.metadata.labels",
                labels_json(&spec.template.metadata.labels),
                "`selector` does not match template `labels`",
            ));
        }
    }
    if let Some(sel) = &spec.selector {
        if sel.is_empty() {
            errs.push(invalid_raw(
                "spec.selector",
                selector_json(sel),
                "empty selector is invalid for daemonset",
            ));
        }
    }
    pod_template(&spec.template, "spec.template", errs);
    let ps = &spec.template.spec;
    if ps.restart_policy != "Always" {
        errs.push(FieldError::not_supported(
            "spec.template.spec.restartPolicy",
            ps.restart_policy.as_str(),
            &["Always"],
        ));
    }
    if ps.active_deadline_seconds.is_some() {
        errs.push(FieldError::forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            "activeDeadlineSeconds in DaemonSet is not Supported",
        ));
    }
    nonnegative(spec.min_ready_seconds, "spec.minReadySeconds", errs);
    update_strategy(ds, errs);
    if let Some(limit) = spec.revision_history_limit {
        nonnegative(limit, "spec.revisionHistoryLimit", errs);
    }
}

fn nonnegative(v: i64, path: &str, errs: &mut Errs) {
    if v < 0 {
        errs.push(FieldError::invalid(
            path,
            v,
            "must be greater than or equal to 0",
        ));
    }
}

fn update_strategy(ds: &DaemonSet, errs: &mut Errs) {
    let s = &ds.spec.update_strategy;
    let path = "spec.updateStrategy";
    match s.type_.as_str() {
        "OnDelete" => {}
        "RollingUpdate" => {
            let Some(ru) = &s.rolling_update else {
                errs.push(FieldError::required(&child(path, "rollingUpdate"), ""));
                return;
            };
            let rpath = child(path, "rollingUpdate");
            let zero = IntOrString::Int(0);
            let mu = ru.max_unavailable.as_ref().unwrap_or(&zero);
            let ms = ru.max_surge.as_ref().unwrap_or(&zero);
            let mu_path = child(&rpath, "maxUnavailable");
            let ms_path = child(&rpath, "maxSurge");
            positive_int_or_percent(mu, &mu_path, errs);
            positive_int_or_percent(ms, &ms_path, errs);
            not_more_than_100(mu, &mu_path, errs);
            not_more_than_100(ms, &ms_path, errs);
            let has_unavailable = int_or_percent_value(mu) != 0;
            let has_surge = int_or_percent_value(ms) != 0;
            if has_unavailable && has_surge {
                errs.push(invalid_raw(
                    &ms_path,
                    ms.json(),
                    "may not be set when maxUnavailable is non-zero",
                ));
            } else if !has_unavailable && !has_surge {
                errs.push(FieldError::required(
                    &mu_path,
                    "cannot be 0 when maxSurge is 0",
                ));
            }
        }
        _ => {
            // The internal struct has no JSON tags: Go field names.
            let ru = match &s.rolling_update {
                None => "null".to_string(),
                Some(ru) => format!(
                    "{{\"MaxUnavailable\":{},\"MaxSurge\":{}}}",
                    ru.max_unavailable
                        .as_ref()
                        .map(|v| v.json())
                        .unwrap_or("0".into()),
                    ru.max_surge
                        .as_ref()
                        .map(|v| v.json())
                        .unwrap_or("0".into())
                ),
            };
            errs.push(FieldError {
                path: path.into(),
                kind: ErrorKind::NotSupported,
                value: Some(format!(
                    "{{\"Type\":{},\"RollingUpdate\":{ru}}}",
                    go_quote(&s.type_)
                )),
                detail: "supported values: \"RollingUpdate\", \"OnDelete\"".into(),
            });
        }
    }
}

fn positive_int_or_percent(v: &IntOrString, path: &str, errs: &mut Errs) {
    match v {
        IntOrString::Str(s) => {
            if !names::is_valid_percent(s) {
                errs.push(FieldError::invalid(path, s.as_str(), names::PERCENT_MSG));
            }
        }
        IntOrString::Int(n) => nonnegative(*n, path, errs),
    }
}

fn percent_value(v: &IntOrString) -> Option<i64> {
    match v {
        IntOrString::Str(s) if names::is_valid_percent(s) => s[..s.len() - 1].parse().ok(),
        _ => None,
    }
}

/// `getIntOrPercentValue`: a malformed string counts as 0 (Go's `IntValue`).
fn int_or_percent_value(v: &IntOrString) -> i64 {
    match (percent_value(v), v) {
        (Some(p), _) => p,
        (None, IntOrString::Int(n)) => *n,
        (None, IntOrString::Str(s)) => s.parse().unwrap_or(0),
    }
}

fn not_more_than_100(v: &IntOrString, path: &str, errs: &mut Errs) {
    if percent_value(v).is_some_and(|p| p > 100) {
        errs.push(invalid_raw(path, v.json(), "must not be greater than 100%"));
    }
}

// ---------------------------------------------------------------- selectors

/// `ValidateLabelSelector`; returns whether the selector compiles
/// (`LabelSelectorAsSelector` succeeds).
fn label_selector(sel: &LabelSelector, path: &str, errs: &mut Errs) -> bool {
    let mut ok = true;
    for (i, e) in sel.match_expressions.iter().enumerate() {
        ok &= selector_requirement(e, &index(&child(path, "matchExpressions"), i), errs);
    }
    labels(&sel.match_labels, &child(path, "matchLabels"), errs);
    ok && sel
        .match_labels
        .iter()
        .all(|(k, v)| names::qualified_name(k).is_empty() && names::label_value(v).is_empty())
}

fn selector_requirement(e: &LabelSelectorRequirement, path: &str, errs: &mut Errs) -> bool {
    let before = errs.len();
    match e.operator.as_str() {
        "In" | "NotIn" => {
            if e.values.is_empty() {
                errs.push(FieldError::required(
                    &child(path, "values"),
                    "must be specified when `operator` is 'In' or 'NotIn'",
                ));
            }
        }
        "Exists" | "DoesNotExist" => {
            if !e.values.is_empty() {
                errs.push(FieldError::forbidden(
                    &child(path, "values"),
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                ));
            }
        }
        op => errs.push(FieldError::invalid(
            &child(path, "operator"),
            op,
            "not a valid selector operator",
        )),
    }
    label_name(&e.key, &child(path, "key"), errs);
    for (i, v) in e.values.iter().enumerate() {
        for m in names::label_value(v) {
            errs.push(FieldError::invalid(
                &index(&child(path, "values"), i),
                v.as_str(),
                &m,
            ));
        }
    }
    errs.len() == before
}

/// A `*metav1.LabelSelector` as Go marshals it (matchLabels first).
pub fn selector_json(sel: &LabelSelector) -> String {
    let mut parts = Vec::new();
    if !sel.match_labels.is_empty() {
        parts.push(format!(
            "\"matchLabels\":{}",
            labels_json(&sel.match_labels)
        ));
    }
    if !sel.match_expressions.is_empty() {
        let exprs: Vec<String> = sel
            .match_expressions
            .iter()
            .map(|e| {
                let mut s = format!(
                    "{{\"key\":{},\"operator\":{}",
                    go_quote(&e.key),
                    go_quote(&e.operator)
                );
                if !e.values.is_empty() {
                    let vals: Vec<String> = e.values.iter().map(|v| go_quote(v)).collect();
                    s.push_str(&format!(",\"values\":[{}]", vals.join(",")));
                }
                s.push('}');
                s
            })
            .collect();
        parts.push(format!("\"matchExpressions\":[{}]", exprs.join(",")));
    }
    format!("{{{}}}", parts.join(","))
}

/// A label map as JSON; an absent map is Go's nil map, `null`.
fn labels_json(map: &BTreeMap<String, String>) -> String {
    if map.is_empty() {
        return "null".into();
    }
    serde_json::to_string(map).unwrap_or_else(|_| "null".into())
}

// ---------------------------------------------------------------- pods

/// `ValidatePodTemplateSpec`: note the labels path is `<template>.labels`, not
/// `<template>.metadata.labels`, exactly as the Go code builds it.
fn pod_template(t: &PodTemplateSpec, path: &str, errs: &mut Errs) {
    labels(&t.metadata.labels, &child(path, "labels"), errs);
    annotations(&t.metadata.annotations, &child(path, "annotations"), errs);
    pod_spec(&t.spec, &child(path, "spec"), false, errs);
}

fn pod_spec(spec: &PodSpec, path: &str, is_pod: bool, errs: &mut Errs) {
    let volumes = volumes(spec.extra.get("volumes"), &child(path, "volumes"), errs);
    containers(
        &spec.containers,
        &volumes,
        &child(path, "containers"),
        true,
        errs,
    );
    containers(
        &spec.init_containers,
        &volumes,
        &child(path, "initContainers"),
        false,
        errs,
    );
    for (list, name) in [
        (&spec.containers, "containers"),
        (&spec.init_containers, "initContainers"),
    ] {
        if spec.host_network {
            host_network_ports(list, &child(path, name), is_pod, errs);
        }
    }
    match spec.restart_policy.as_str() {
        "Always" | "OnFailure" | "Never" => {}
        "" => errs.push(FieldError::required(&child(path, "restartPolicy"), "")),
        p => errs.push(FieldError::not_supported(
            &child(path, "restartPolicy"),
            p,
            &["Always", "OnFailure", "Never"],
        )),
    }
    match spec.dns_policy.as_str() {
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None" => {}
        "" => errs.push(FieldError::required(&child(path, "dnsPolicy"), "")),
        p => errs.push(FieldError::not_supported(
            &child(path, "dnsPolicy"),
            p,
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        )),
    }
    labels(&spec.node_selector, &child(path, "nodeSelector"), errs);
    if let Some(na) = spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
    {
        let apath = child(&child(path, "affinity"), "nodeAffinity");
        if let Some(req) = &na.required {
            node_selector(
                req,
                &child(&apath, "requiredDuringSchedulingIgnoredDuringExecution"),
                errs,
            );
        }
        if let Some(Json::Array(prefs)) = na
            .extra
            .get("preferredDuringSchedulingIgnoredDuringExecution")
        {
            let ppath = child(&apath, "preferredDuringSchedulingIgnoredDuringExecution");
            for (i, p) in prefs.iter().enumerate() {
                let w = p.get("weight").and_then(Json::as_i64).unwrap_or(0);
                if !(1..=100).contains(&w) {
                    errs.push(FieldError::invalid(
                        &child(&index(&ppath, i), "weight"),
                        w,
                        "must be in the range 1-100",
                    ));
                }
                if let Some(term) = p
                    .get("preference")
                    .and_then(|t| serde_json::from_value::<NodeSelectorTerm>(t.clone()).ok())
                {
                    node_selector_term(&term, &child(&index(&ppath, i), "preference"), errs);
                }
            }
        }
    }
    for (field, value) in [
        ("serviceAccountName", &spec.service_account_name),
        ("nodeName", &spec.node_name),
        ("priorityClassName", &spec.priority_class_name),
    ] {
        if !value.is_empty() {
            for m in names::dns1123_subdomain(value) {
                errs.push(FieldError::invalid(&child(path, field), value.as_str(), &m));
            }
        }
    }
    if let Some(v) = spec.active_deadline_seconds {
        if !(1..=i32::MAX as i64).contains(&v) {
            errs.push(FieldError::invalid(
                &child(path, "activeDeadlineSeconds"),
                v,
                "must be between 1 and 2147483647, inclusive",
            ));
        }
    }
    for field in ["hostname", "subdomain"] {
        if let Some(Json::String(v)) = spec.extra.get(field) {
            if !v.is_empty() {
                for m in names::dns1123_label(v) {
                    errs.push(FieldError::invalid(&child(path, field), v.as_str(), &m));
                }
            }
        }
    }
    tolerations(&spec.tolerations, &child(path, "tolerations"), errs);
    if let Some(v) = spec.termination_grace_period_seconds {
        nonnegative(v, &child(path, "terminationGracePeriodSeconds"), errs);
    }
}

/// `ValidateVolumes`: names, and exactly one source; returns the volume names.
fn volumes(v: Option<&Json>, path: &str, errs: &mut Errs) -> BTreeSet<String> {
    let mut names_seen = BTreeSet::new();
    let Some(Json::Array(vols)) = v else {
        return names_seen;
    };
    for (i, vol) in vols.iter().enumerate() {
        let vpath = index(path, i);
        let Some(obj) = vol.as_object() else { continue };
        let sources: Vec<&String> = obj.keys().filter(|k| k.as_str() != "name").collect();
        if sources.is_empty() {
            errs.push(FieldError::required(&vpath, "must specify a volume type"));
        } else if sources.len() > 1 {
            errs.push(FieldError::forbidden(
                &child(&vpath, sources[1]),
                "may not specify more than 1 volume type",
            ));
        }
        if let Some(hp) = obj.get("hostPath") {
            if hp
                .get("path")
                .and_then(Json::as_str)
                .unwrap_or("")
                .is_empty()
            {
                errs.push(FieldError::required(
                    &child(&child(&vpath, "hostPath"), "path"),
                    "",
                ));
            }
        }
        let name = obj.get("name").and_then(Json::as_str).unwrap_or("");
        let npath = child(&vpath, "name");
        if name.is_empty() {
            errs.push(FieldError::required(&npath, ""));
        } else {
            for m in names::dns1123_label(name) {
                errs.push(FieldError::invalid(&npath, name, &m));
            }
        }
        if !names_seen.insert(name.to_string()) {
            errs.push(FieldError::duplicate(&npath, name));
        }
    }
    names_seen
}

fn containers(
    list: &[Container],
    volumes: &BTreeSet<String>,
    path: &str,
    regular: bool,
    errs: &mut Errs,
) {
    if regular && list.is_empty() {
        errs.push(FieldError::required(path, ""));
    }
    let mut seen = BTreeSet::new();
    for (i, c) in list.iter().enumerate() {
        let cpath = index(path, i);
        let npath = child(&cpath, "name");
        if c.name.is_empty() {
            errs.push(FieldError::required(&npath, ""));
        } else {
            for m in names::dns1123_label(&c.name) {
                errs.push(FieldError::invalid(&npath, c.name.as_str(), &m));
            }
        }
        if c.image.is_empty() {
            errs.push(FieldError::required(&child(&cpath, "image"), ""));
        }
        ports(c, &child(&cpath, "ports"), errs);
        if let Some(Json::Array(env)) = c.extra.get("env") {
            for (j, e) in env.iter().enumerate() {
                if e.get("name")
                    .and_then(Json::as_str)
                    .unwrap_or("")
                    .is_empty()
                {
                    errs.push(FieldError::required(
                        &child(&index(&child(&cpath, "env"), j), "name"),
                        "",
                    ));
                }
            }
        }
        if let Some(Json::Array(mounts)) = c.extra.get("volumeMounts") {
            let mut paths = BTreeSet::new();
            for (j, m) in mounts.iter().enumerate() {
                let mpath = index(&child(&cpath, "volumeMounts"), j);
                let name = m.get("name").and_then(Json::as_str).unwrap_or("");
                if name.is_empty() {
                    errs.push(FieldError::required(&child(&mpath, "name"), ""));
                }
                if !volumes.contains(name) {
                    errs.push(FieldError::not_found(&child(&mpath, "name"), name));
                }
                let mount_path = m.get("mountPath").and_then(Json::as_str).unwrap_or("");
                if mount_path.is_empty() {
                    errs.push(FieldError::required(&child(&mpath, "mountPath"), ""));
                } else if !paths.insert(mount_path.to_string()) {
                    errs.push(FieldError::invalid(
                        &child(&mpath, "mountPath"),
                        mount_path,
                        "must be unique",
                    ));
                }
            }
        }
        match c.image_pull_policy.as_str() {
            "Always" | "IfNotPresent" | "Never" => {}
            "" => errs.push(FieldError::required(&child(&cpath, "imagePullPolicy"), "")),
            p => errs.push(FieldError::not_supported(
                &child(&cpath, "imagePullPolicy"),
                p,
                &["Always", "IfNotPresent", "Never"],
            )),
        }
        if !seen.insert(c.name.clone()) {
            errs.push(FieldError::duplicate(&npath, c.name.as_str()));
        }
    }
}

fn ports(c: &Container, path: &str, errs: &mut Errs) {
    let mut seen = BTreeSet::new();
    for (i, p) in c.ports.iter().enumerate() {
        let ppath = index(path, i);
        if let Some(Json::String(name)) = p.extra.get("name") {
            if !name.is_empty() {
                let msgs = names::port_name(name);
                if !msgs.is_empty() {
                    for m in msgs {
                        errs.push(FieldError::invalid(
                            &child(&ppath, "name"),
                            name.as_str(),
                            &m,
                        ));
                    }
                } else if !seen.insert(name.clone()) {
                    errs.push(FieldError::duplicate(&child(&ppath, "name"), name.as_str()));
                }
            }
        }
        match p.container_port.unwrap_or(0) {
            0 => errs.push(FieldError::required(&child(&ppath, "containerPort"), "")),
            n => {
                for m in names::port_num(n) {
                    errs.push(FieldError::invalid(&child(&ppath, "containerPort"), n, &m));
                }
            }
        }
        if let Some(hp) = p.host_port.filter(|h| *h != 0) {
            for m in names::port_num(hp) {
                errs.push(FieldError::invalid(&child(&ppath, "hostPort"), hp, &m));
            }
        }
        match p.extra.get("protocol").and_then(Json::as_str).unwrap_or("") {
            "TCP" | "UDP" | "SCTP" => {}
            "" => errs.push(FieldError::required(&child(&ppath, "protocol"), "")),
            other => errs.push(FieldError::not_supported(
                &child(&ppath, "protocol"),
                other,
                &["SCTP", "TCP", "UDP"],
            )),
        }
    }
}

/// `validateHostNetwork`: in a pod, hostPort must equal containerPort; in a template
/// an unset hostPort is allowed (the pod gets it defaulted).
fn host_network_ports(list: &[Container], path: &str, is_pod: bool, errs: &mut Errs) {
    for (i, c) in list.iter().enumerate() {
        for (j, p) in c.ports.iter().enumerate() {
            let hp = p.host_port.unwrap_or(0);
            let cp = p.container_port.unwrap_or(0);
            if (is_pod || hp != 0) && hp != cp {
                errs.push(FieldError::invalid(
                    &child(&index(&child(&index(path, i), "ports"), j), "hostPort"),
                    hp,
                    "must match `containerPort` when `hostNetwork` is true",
                ));
            }
        }
    }
}

fn node_selector(ns: &NodeSelector, path: &str, errs: &mut Errs) {
    let tpath = child(path, "nodeSelectorTerms");
    if ns.node_selector_terms.is_empty() {
        errs.push(FieldError::required(
            &tpath,
            "must have at least one node selector term",
        ));
        return;
    }
    for (i, t) in ns.node_selector_terms.iter().enumerate() {
        node_selector_term(t, &index(&tpath, i), errs);
    }
}

fn node_selector_term(t: &NodeSelectorTerm, path: &str, errs: &mut Errs) {
    for (j, r) in t.match_expressions.iter().enumerate() {
        let rpath = index(&child(path, "matchExpressions"), j);
        match r.operator.as_str() {
            "In" | "NotIn" => {
                if r.values.is_empty() {
                    errs.push(FieldError::required(
                        &child(&rpath, "values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    ));
                }
            }
            "Exists" | "DoesNotExist" => {
                if !r.values.is_empty() {
                    errs.push(FieldError::forbidden(
                        &child(&rpath, "values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    ));
                }
            }
            "Gt" | "Lt" => {
                if r.values.len() != 1 {
                    errs.push(FieldError::required(
                        &child(&rpath, "values"),
                        "must be specified single value when `operator` is 'Lt' or 'Gt'",
                    ));
                }
            }
            op => errs.push(FieldError::invalid(
                &child(&rpath, "operator"),
                op,
                "not a valid selector operator",
            )),
        }
        label_name(&r.key, &child(&rpath, "key"), errs);
    }
    for (j, r) in t.match_fields.iter().enumerate() {
        let rpath = index(&child(path, "matchFields"), j);
        match r.operator.as_str() {
            "In" | "NotIn" => {
                if r.values.len() != 1 {
                    errs.push(FieldError::required(
                        &child(&rpath, "values"),
                        "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
                    ));
                }
            }
            op => errs.push(FieldError::invalid(
                &child(&rpath, "operator"),
                op,
                "not a valid selector operator",
            )),
        }
        if r.key != "metadata.name" {
            errs.push(FieldError::invalid(
                &child(&rpath, "key"),
                r.key.as_str(),
                "not a valid field selector key",
            ));
        } else {
            for (k, v) in r.values.iter().enumerate() {
                for m in names::dns1123_subdomain(v) {
                    errs.push(FieldError::invalid(
                        &index(&child(&rpath, "values"), k),
                        v.as_str(),
                        &m,
                    ));
                }
            }
        }
    }
}

/// `ValidateTolerations`.
fn tolerations(list: &[Toleration], path: &str, errs: &mut Errs) {
    for (i, t) in list.iter().enumerate() {
        let tpath = index(path, i);
        if !t.key.is_empty() {
            label_name(&t.key, &child(&tpath, "key"), errs);
        }
        if t.key.is_empty() && t.operator != "Exists" {
            errs.push(FieldError::invalid(
                &child(&tpath, "operator"),
                t.operator.as_str(),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            ));
        }
        if t.toleration_seconds.is_some() && t.effect != "NoExecute" {
            errs.push(FieldError::invalid(
                &child(&tpath, "effect"),
                t.effect.as_str(),
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            ));
        }
        match t.operator.as_str() {
            "Equal" | "" => {
                let msgs = names::label_value(&t.value);
                if !msgs.is_empty() {
                    errs.push(FieldError::invalid(
                        &child(&tpath, "operator"),
                        t.value.as_str(),
                        &msgs.join(";"),
                    ));
                }
            }
            "Exists" => {
                if !t.value.is_empty() {
                    // The internal struct has no JSON tags: Go field names.
                    let secs = t
                        .toleration_seconds
                        .map(|s| s.to_string())
                        .unwrap_or("null".into());
                    let rendered = format!(
                        "{{\"Key\":{},\"Operator\":{},\"Value\":{},\"Effect\":{},\"TolerationSeconds\":{secs}}}",
                        go_quote(&t.key),
                        go_quote(&t.operator),
                        go_quote(&t.value),
                        go_quote(&t.effect)
                    );
                    errs.push(invalid_raw(
                        &child(&tpath, "operator"),
                        rendered,
                        "value must be empty when `operator` is 'Exists'",
                    ));
                }
            }
            op => errs.push(FieldError::not_supported(
                &child(&tpath, "operator"),
                op,
                &["Equal", "Exists"],
            )),
        }
        if !t.effect.is_empty()
            && !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&t.effect.as_str())
        {
            errs.push(FieldError::not_supported(
                &child(&tpath, "effect"),
                t.effect.as_str(),
                &["NoSchedule", "PreferNoSchedule", "NoExecute"],
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::defaults;
    use super::*;
    use crate::model::pod::ContainerPort;

    fn ds() -> DaemonSet {
        let text = r#"{"metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}},
            "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.25"}]}}}}"#;
        let mut ds: DaemonSet = serde_json::from_str(text).unwrap();
        defaults::daemonset(&mut ds);
        ds
    }

    fn msgs(ds: &DaemonSet) -> Vec<String> {
        daemonset(ds, None).iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn a_valid_daemonset_has_no_errors() {
        assert_eq!(msgs(&ds()), Vec::<String>::new());
    }

    #[test]
    fn a_missing_selector_only_fails_the_template_label_check() {
        let mut d = ds();
        d.spec.selector = None;
        assert_eq!(
            msgs(&d),
            vec!["spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`"]
        );
    }

    #[test]
    fn an_empty_selector_is_rejected_for_daemonsets() {
        let mut d = ds();
        d.spec.selector = Some(LabelSelector::default());
        assert_eq!(
            msgs(&d),
            vec!["spec.selector: Invalid value: {}: empty selector is invalid for daemonset"]
        );
    }

    #[test]
    fn restart_policy_and_active_deadline_are_daemonset_specific() {
        let mut d = ds();
        d.spec.template.spec.restart_policy = "OnFailure".into();
        d.spec.template.spec.active_deadline_seconds = Some(10);
        assert_eq!(
            msgs(&d),
            vec![
                "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"",
                "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported",
            ]
        );
    }

    #[test]
    fn surge_alone_fails_because_max_unavailable_defaults_to_one() {
        let mut d = ds();
        d.spec.update_strategy.rolling_update = Some(crate::model::RollingUpdate {
            max_unavailable: None,
            max_surge: Some(IntOrString::Int(1)),
        });
        defaults::daemonset(&mut d);
        assert_eq!(
            msgs(&d),
            vec!["spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero"]
        );
    }

    #[test]
    fn budget_rules_cover_zero_percent_and_bad_strings() {
        let mut d = ds();
        let ru = d.spec.update_strategy.rolling_update.as_mut().unwrap();
        ru.max_unavailable = Some(IntOrString::Int(0));
        assert_eq!(
            msgs(&d),
            vec!["spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"]
        );
        let ru = d.spec.update_strategy.rolling_update.as_mut().unwrap();
        ru.max_unavailable = Some(IntOrString::Str("150%".into()));
        assert_eq!(
            msgs(&d),
            vec!["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%"]
        );
        let ru = d.spec.update_strategy.rolling_update.as_mut().unwrap();
        ru.max_unavailable = Some(IntOrString::Str("x%".into()));
        let m = msgs(&d);
        assert_eq!(
            m[0],
            format!(
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"x%\": {}",
                names::PERCENT_MSG
            )
        );
        assert_eq!(m[1], "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0");
        let ru = d.spec.update_strategy.rolling_update.as_mut().unwrap();
        ru.max_unavailable = Some(IntOrString::Int(-1));
        assert_eq!(
            msgs(&d)[0],
            "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0"
        );
    }

    #[test]
    fn unknown_strategy_types_show_the_internal_struct() {
        let mut d = ds();
        d.spec.update_strategy.type_ = "Rolling".into();
        d.spec.update_strategy.rolling_update = None;
        assert_eq!(
            msgs(&d),
            vec!["spec.updateStrategy: Unsupported value: {\"Type\":\"Rolling\",\"RollingUpdate\":null}: supported values: \"RollingUpdate\", \"OnDelete\""]
        );
    }

    #[test]
    fn negative_counts_are_rejected() {
        let mut d = ds();
        d.spec.min_ready_seconds = -5;
        d.spec.revision_history_limit = Some(-1);
        assert_eq!(
            msgs(&d),
            vec![
                "spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0",
                "spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
            ]
        );
    }

    #[test]
    fn names_and_labels_are_checked_with_the_api_server_wording() {
        let mut d = ds();
        d.metadata.name = "Web".into();
        d.spec
            .template
            .metadata
            .labels
            .insert("bad key".into(), "x".into());
        let m = msgs(&d);
        assert!(m[0].starts_with(
            "metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain must consist of"
        ));
        assert!(m.iter().any(|e| e.starts_with(
            "spec.template.labels: Invalid value: \"bad key\": name part must consist of"
        )));
    }

    #[test]
    fn container_basics_a_learner_hits() {
        let mut d = ds();
        d.spec.template.spec.containers[0].image.clear();
        let dup = d.spec.template.spec.containers[0].clone();
        d.spec.template.spec.containers.push(dup);
        let m = msgs(&d);
        assert_eq!(
            m[0],
            "spec.template.spec.containers[0].image: Required value"
        );
        assert!(m.contains(
            &"spec.template.spec.containers[1].name: Duplicate value: \"web\"".to_string()
        ));
        d.spec.template.spec.containers.clear();
        assert_eq!(
            msgs(&d),
            vec!["spec.template.spec.containers: Required value"]
        );
    }

    #[test]
    fn host_network_ports_must_agree_only_when_host_port_is_set_in_templates() {
        let mut d = ds();
        d.spec.template.spec.host_network = true;
        d.spec.template.spec.containers[0].ports = vec![ContainerPort {
            container_port: Some(80),
            ..Default::default()
        }];
        defaults::daemonset(&mut d);
        assert!(msgs(&d).is_empty());
        d.spec.template.spec.containers[0].ports[0].host_port = Some(8080);
        assert_eq!(
            msgs(&d),
            vec!["spec.template.spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true"]
        );
    }

    #[test]
    fn toleration_and_affinity_rules() {
        let mut d = ds();
        d.spec.template.spec.tolerations = vec![
            Toleration {
                key: "k".into(),
                operator: "Exist".into(),
                ..Default::default()
            },
            Toleration {
                operator: "Equal".into(),
                value: "v".into(),
                ..Default::default()
            },
        ];
        let m = msgs(&d);
        assert_eq!(m[0], "spec.template.spec.tolerations[0].operator: Unsupported value: \"Exist\": supported values: \"Equal\", \"Exists\"");
        assert_eq!(m[1], "spec.template.spec.tolerations[1].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
        let mut d = ds();
        let aff: crate::model::pod::Affinity = serde_json::from_str(
            r#"{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
                {"matchExpressions":[{"key":"disk","operator":"In"},{"key":"n","operator":"Gt","values":["1","2"]}],
                 "matchFields":[{"key":"metadata.labels","operator":"In","values":["a"]}]}]}}}"#,
        )
        .unwrap();
        d.spec.template.spec.affinity = Some(aff);
        let p = "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]";
        assert_eq!(
            msgs(&d),
            vec![
                format!("{p}.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"),
                format!("{p}.matchExpressions[1].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'"),
                format!("{p}.matchFields[0].key: Invalid value: \"metadata.labels\": not a valid field selector key"),
            ]
        );
    }

    #[test]
    fn the_selector_is_immutable_on_update() {
        let old = ds();
        let mut new = ds();
        new.spec
            .selector
            .as_mut()
            .unwrap()
            .match_labels
            .insert("tier".into(), "x".into());
        new.spec
            .template
            .metadata
            .labels
            .insert("tier".into(), "x".into());
        assert_eq!(
            daemonset(&new, Some(&old)).iter().map(|e| e.to_string()).collect::<Vec<_>>(),
            vec!["spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web\",\"tier\":\"x\"}}: field is immutable"]
        );
    }

    #[test]
    fn volume_mounts_must_name_a_volume() {
        let mut d = ds();
        d.spec.template.spec.containers[0].extra.insert(
            "volumeMounts".into(),
            serde_json::json!([{"name": "data", "mountPath": "/data"}]),
        );
        assert_eq!(
            msgs(&d),
            vec!["spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"data\""]
        );
    }
}
