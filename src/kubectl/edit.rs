//! Commands that edit objects in place: `label`, `annotate`, `taint`, `cordon`,
//! `uncordon`, `drain` and `set image`, with kubectl's messages.

use super::apply::{CHANGE_CAUSE, RECORD_WARNING};
use super::delete::matching;
use super::exec::{not_found, ns_of, wait_until, Out, WAIT_LIMIT};
use super::parse::{Cordon, Drain, KeyChange, Label, Resource, SetImage, TaintCmd, Targets};
use super::request::{ResourceType, Scope};
use super::ExecResult;
use crate::model::meta::Timestamp;
use crate::model::taint::NO_EXECUTE;
use crate::model::Taint;
use crate::sim::Simulation;
use crate::store::Key;
use std::collections::BTreeMap;

/// Resolves targets to `(namespace, name)` pairs.
fn resolve(
    sim: &Simulation,
    r: ResourceType,
    targets: &Targets,
    scope: &Scope,
) -> Result<Vec<(String, String)>, String> {
    let ns = match scope {
        Scope::Namespace(n) => n.clone(),
        Scope::All => "default".into(),
    };
    match targets {
        Targets::Names(names) => Ok(names
            .iter()
            .map(|n| {
                let cluster = matches!(r, ResourceType::Nodes | ResourceType::Namespaces);
                (if cluster { String::new() } else { ns.clone() }, n.clone())
            })
            .collect()),
        Targets::Matching { selector, fields } => {
            matching(sim, Resource::Typed(r), scope, selector.as_ref(), fields)
        }
    }
}

fn labels_of(
    sim: &Simulation,
    r: ResourceType,
    key: &Key,
    annotate: bool,
) -> Option<BTreeMap<String, String>> {
    let meta = match r {
        ResourceType::Nodes => &sim.store.node(&key.1)?.metadata,
        ResourceType::Pods => &sim.store.pod(key)?.metadata,
        ResourceType::DaemonSets => &sim.store.daemonset(key)?.metadata,
        ResourceType::Namespaces => {
            if !sim.store.has_object("Namespace", "", &key.1) {
                if super::apply::BUILTIN_NAMESPACES.contains(&key.1.as_str()) {
                    return Some(BTreeMap::new());
                }
                return None;
            }
            &sim.store
                .objects()
                .get(&("Namespace".to_string(), String::new(), key.1.clone()))?
                .metadata
        }
        _ => return None,
    };
    Some(if annotate {
        meta.annotations.clone()
    } else {
        meta.labels.clone()
    })
}

fn store_labels(
    sim: &mut Simulation,
    r: ResourceType,
    key: &Key,
    annotate: bool,
    new: BTreeMap<String, String>,
) -> Result<(), String> {
    let set = |m: &mut crate::model::ObjectMeta| {
        if annotate {
            m.annotations = new.clone();
        } else {
            m.labels = new.clone();
        }
    };
    match r {
        ResourceType::Nodes => sim
            .update_node(&key.1, |n| set(&mut n.metadata))
            .map(|_| ()),
        ResourceType::Pods => sim.update_pod_metadata(key, set),
        ResourceType::DaemonSets => sim
            .update_daemonset(key, |d| set(&mut d.metadata))
            .map(|_| ()),
        ResourceType::Namespaces => {
            let mut obj = sim
                .store
                .objects()
                .get(&("Namespace".to_string(), String::new(), key.1.clone()))
                .cloned()
                .unwrap_or_else(|| crate::model::GenericObject {
                    api_version: "v1".into(),
                    kind: "Namespace".into(),
                    metadata: crate::model::ObjectMeta {
                        name: key.1.clone(),
                        ..Default::default()
                    },
                    body: Default::default(),
                });
            set(&mut obj.metadata);
            sim.apply_object(obj).map(|_| ())
        }
        _ => Err("error: not supported".into()),
    }
}

fn prefix(r: ResourceType) -> &'static str {
    match r {
        ResourceType::Nodes => "node",
        ResourceType::Pods => "pod",
        ResourceType::DaemonSets => "daemonset.apps",
        ResourceType::Namespaces => "namespace",
        ResourceType::ControllerRevisions => "controllerrevision.apps",
        ResourceType::Events => "event",
        ResourceType::Deployments => "deployment.apps",
        ResourceType::ReplicaSets => "replicaset.apps",
    }
}

fn validate_label(k: &str, v: Option<&str>, annotate: bool) -> Result<(), String> {
    let errs = crate::manifest::names::qualified_name(k);
    if let Some(e) = errs.first() {
        let what = if annotate { "annotation" } else { "label" };
        return Err(format!("error: invalid {what} spec: {k}: {e}"));
    }
    if !annotate {
        if let Some(v) = v {
            let errs = crate::manifest::names::label_value(v);
            if let Some(e) = errs.first() {
                return Err(format!("error: invalid label value: \"{k}={v}\": {e}"));
            }
        }
    }
    Ok(())
}

/// `kubectl label` / `kubectl annotate`.
pub fn label(sim: &mut Simulation, l: &Label) -> ExecResult {
    let mut out = Out::new();
    for c in &l.changes {
        let r = match c {
            KeyChange::Set(k, v) => validate_label(k, Some(v), l.annotate),
            KeyChange::Remove(k) => validate_label(k, None, l.annotate),
        };
        if let Err(e) = r {
            out.fail(e);
            return out.done();
        }
    }
    let targets = match resolve(sim, l.resource, &l.targets, &l.scope) {
        Ok(t) => t,
        Err(e) => {
            out.fail(e);
            return out.done();
        }
    };
    if targets.is_empty() {
        out.line("No resources found");
        return out.done();
    }
    let r = Resource::Typed(l.resource);
    for key in targets {
        let Some(old) = labels_of(sim, l.resource, &key, l.annotate) else {
            out.fail(not_found(r, &key.1));
            continue;
        };
        let mut new = old.clone();
        let mut conflict = Vec::new();
        for c in &l.changes {
            match c {
                KeyChange::Set(k, v) => {
                    if let Some(cur) = old.get(k) {
                        if cur != v && !l.overwrite {
                            conflict.push(format!("'{k}' already has a value ({cur})"));
                            continue;
                        }
                    }
                    new.insert(k.clone(), v.clone());
                }
                KeyChange::Remove(k) => {
                    if new.remove(k).is_none() && !l.annotate {
                        out.line(format!("label \"{k}\" not found."));
                    }
                }
            }
        }
        if !conflict.is_empty() {
            if l.annotate {
                out.fail(format!(
                    "error: --overwrite is false but found the following declared annotation(s): {}",
                    conflict.join(", ")
                ));
            } else {
                out.fail(format!(
                    "error: {}, and --overwrite is false",
                    conflict.join(", ")
                ));
            }
            continue;
        }
        let word = if l.annotate {
            "annotated"
        } else if new == old {
            "not labeled"
        } else {
            let len = |m: &BTreeMap<String, String>| {
                serde_json::to_string(m).map(|s| s.len()).unwrap_or(0)
            };
            if !l.overwrite && len(&new) < len(&old) {
                "unlabeled"
            } else {
                "labeled"
            }
        };
        if new != old {
            if let Err(e) = store_labels(sim, l.resource, &key, l.annotate, new) {
                out.fail(e);
                continue;
            }
        }
        out.line(format!("{}/{} {word}", prefix(l.resource), key.1));
    }
    out.done()
}

/// `kubectl taint nodes`.
pub fn taint(sim: &mut Simulation, t: &TaintCmd) -> ExecResult {
    let mut out = Out::new();
    let targets = match resolve(sim, ResourceType::Nodes, &t.targets, &Scope::All) {
        Ok(t) => t,
        Err(e) => {
            out.fail(e);
            return out.done();
        }
    };
    if targets.is_empty() {
        out.line("No resources found");
        return out.done();
    }
    let now = sim.now();
    for (_, name) in targets {
        let Some(node) = sim.store.node(&name).cloned() else {
            out.fail(not_found(Resource::Typed(ResourceType::Nodes), &name));
            continue;
        };
        let old = node.spec.taints.clone();
        // Adding a taint whose key and effect exist needs --overwrite.
        if !t.overwrite {
            let dup: Vec<&Taint> = t
                .add
                .iter()
                .filter(|a| old.iter().any(|o| o.key == a.key && o.effect == a.effect))
                .collect();
            if !dup.is_empty() {
                let errs: Vec<String> = dup
                    .iter()
                    .map(|a| format!("node {name} already has {} taint(s) with same effect(s) and --overwrite is false", a.key))
                    .collect();
                out.fail(format!("error: {}", aggregate(&errs)));
                continue;
            }
        }
        // The new list: the added taints first, then the old ones they do not replace.
        let mut new: Vec<Taint> = t
            .add
            .iter()
            .map(|a| {
                let mut a = a.clone();
                if a.effect == NO_EXECUTE {
                    a.time_added = Some(Timestamp(now));
                }
                a
            })
            .collect();
        for o in &old {
            if !new.iter().any(|n| n.key == o.key && n.effect == o.effect) {
                new.push(o.clone());
            }
        }
        let added = !t.add.is_empty();
        let mut errs = Vec::new();
        let mut deleted = false;
        for (k, e) in &t.remove {
            let before = new.len();
            new.retain(|x| !(x.key == *k && (e.is_empty() || x.effect == *e)));
            if new.len() == before {
                let spec = if e.is_empty() {
                    k.clone()
                } else {
                    format!("{k}:{e}")
                };
                errs.push(format!("taint \"{spec}\" not found"));
            } else {
                deleted = true;
            }
        }
        if !errs.is_empty() {
            out.fail(format!("error: {}", aggregate(&errs)));
            continue;
        }
        let word = if (added && deleted) || t.overwrite {
            "modified"
        } else if added {
            "tainted"
        } else {
            "untainted"
        };
        if let Err(e) = sim.update_node(&name, |n| n.spec.taints = new) {
            out.fail(e);
            continue;
        }
        out.line(format!("node/{name} {word}"));
    }
    out.done()
}

/// `utilerrors.NewAggregate(errs).Error()`: one error alone, several in brackets.
fn aggregate(errs: &[String]) -> String {
    if errs.len() == 1 {
        errs[0].clone()
    } else {
        format!("[{}]", errs.join(", "))
    }
}

/// Cordons or uncordons one node, printing kubectl's line.
fn set_cordon(sim: &mut Simulation, out: &mut Out, name: &str, cordon: bool) -> bool {
    let Some(node) = sim.store.node(name) else {
        out.fail(not_found(Resource::Typed(ResourceType::Nodes), name));
        return false;
    };
    let word = if cordon { "cordoned" } else { "uncordoned" };
    if node.spec.unschedulable == cordon {
        out.line(format!("node/{name} already {word}"));
        return true;
    }
    match sim.update_node(name, |n| n.spec.unschedulable = cordon) {
        Ok(_) => {
            out.line(format!("node/{name} {word}"));
            true
        }
        Err(e) => {
            out.fail(e);
            false
        }
    }
}

/// `kubectl cordon|uncordon`.
pub fn cordon(sim: &mut Simulation, c: &Cordon) -> ExecResult {
    let mut out = Out::new();
    let targets = match resolve(sim, ResourceType::Nodes, &c.targets, &Scope::All) {
        Ok(t) => t,
        Err(e) => {
            out.fail(e);
            return out.done();
        }
    };
    for (_, name) in targets {
        set_cordon(sim, &mut out, &name, c.cordon);
    }
    out.done()
}

const DAEMONSET_FATAL: &str = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
const DAEMONSET_WARNING: &str = "ignoring DaemonSet-managed Pods";
const LOCAL_STORAGE_FATAL: &str =
    "Pods with local storage (use --delete-emptydir-data to override)";
const LOCAL_STORAGE_WARNING: &str = "deleting Pods with local storage";
const UNMANAGED_FATAL: &str = "Pods declare no controller (use --force to override)";
const UNMANAGED_WARNING: &str = "deleting Pods that declare no controller";

fn has_empty_dir(p: &crate::model::Pod) -> bool {
    p.spec
        .extra
        .get("volumes")
        .and_then(|v| v.as_array())
        .is_some_and(|vols| vols.iter().any(|v| v.get("emptyDir").is_some()))
}

/// `kubectl drain NODE` (§15.7): cordon, then evict what may be evicted; pods of
/// DaemonSets stay unless the DaemonSet is gone and `--force` is given.
pub fn drain(sim: &mut Simulation, d: &Drain) -> ExecResult {
    let mut out = Out::new();
    if let Some(w) = &d.warning {
        out.line(w);
    }
    let targets = match resolve(sim, ResourceType::Nodes, &d.targets, &Scope::All) {
        Ok(t) => t,
        Err(e) => {
            out.fail(e);
            return out.done();
        }
    };
    let mut pending: Vec<(String, Vec<String>)> = Vec::new();
    for (_, node) in targets {
        if !set_cordon(sim, &mut out, &node, true) {
            continue;
        }
        // Filters in kubectl's order; each pod ends up deleted, skipped, or an error.
        let mut errors: Vec<(&str, Vec<String>)> = Vec::new();
        let mut warnings: Vec<(&str, Vec<String>)> = Vec::new();
        let mut evict: Vec<Key> = Vec::new();
        let add = |list: &mut Vec<(&'static str, Vec<String>)>, msg: &'static str, pod: String| {
            if let Some(e) = list.iter_mut().find(|e| e.0 == msg) {
                e.1.push(pod);
            } else {
                list.push((msg, vec![pod]));
            }
        };
        let pods: Vec<(Key, crate::model::Pod)> = sim
            .store
            .pods()
            .iter()
            .filter(|(_, p)| p.spec.node_name == node)
            .filter(|(_, p)| {
                d.pod_selector
                    .as_ref()
                    .is_none_or(|s| s.matches(&p.metadata.labels))
            })
            .map(|(k, p)| (k.clone(), p.clone()))
            .collect();
        for (key, p) in pods {
            let id = format!("{}/{}", key.0, key.1);
            let mut delete = true;
            // daemonSetFilter
            if let Some(owner) = p
                .metadata
                .controller_ref()
                .filter(|o| o.kind == "DaemonSet")
            {
                let exists = sim.store.daemonsets().values().any(|ds| {
                    ds.metadata.uid == owner.uid
                        || (ds.metadata.name == owner.name && ds.metadata.namespace == key.0)
                });
                if exists {
                    if d.ignore_daemonsets {
                        add(&mut warnings, DAEMONSET_WARNING, id.clone());
                    } else {
                        add(&mut errors, DAEMONSET_FATAL, id.clone());
                    }
                    continue;
                } else if !d.force {
                    errors.push((
                        "",
                        vec![format!("daemonsets.apps \"{}\" not found", owner.name)],
                    ));
                    continue;
                }
            }
            // localStorageFilter
            if has_empty_dir(&p) && !p.is_terminal() {
                if d.delete_emptydir_data {
                    add(&mut warnings, LOCAL_STORAGE_WARNING, id.clone());
                } else {
                    add(&mut errors, LOCAL_STORAGE_FATAL, id.clone());
                    delete = false;
                }
            }
            // unreplicatedFilter
            if delete && p.metadata.controller_ref().is_none() && !p.is_terminal() {
                if d.force {
                    add(&mut warnings, UNMANAGED_WARNING, id.clone());
                } else {
                    add(&mut errors, UNMANAGED_FATAL, id.clone());
                    delete = false;
                }
            }
            if delete {
                evict.push(key);
            }
        }
        if !errors.is_empty() {
            let msgs: Vec<String> = errors
                .iter()
                .map(|(m, pods)| {
                    if m.is_empty() {
                        pods.join(", ")
                    } else {
                        format!("cannot delete {m}: {}", pods.join(", "))
                    }
                })
                .collect();
            out.fail(format!(
                "error: unable to drain node \"{node}\" due to error: {}, continuing command...",
                aggregate(&msgs)
            ));
            pending.push((node.clone(), msgs));
            continue;
        }
        if !warnings.is_empty() {
            let w: Vec<String> = warnings
                .iter()
                .map(|(m, pods)| format!("{m}: {}", pods.join(", ")))
                .collect();
            out.line(format!("Warning: {}", w.join("; ")));
        }
        for k in &evict {
            out.line(format!("evicting pod {}/{}", k.0, k.1));
        }
        let mut evicted = Vec::new();
        for k in &evict {
            match sim.delete_pod(k) {
                Ok(()) => evicted.push(k.clone()),
                Err(e) => out.fail(e),
            }
        }
        sim.run_instant();
        for k in &evicted {
            out.line(format!("pod/{} evicted", k.1));
        }
        wait_until(sim, WAIT_LIMIT, |s| {
            evicted.iter().all(|k| s.store.pod(k).is_none())
        });
        out.line(format!("node/{node} drained"));
    }
    if !pending.is_empty() {
        out.line("There are pending nodes to be drained:");
        for (n, _) in &pending {
            out.line(format!(" {n}"));
        }
        for (_, msgs) in &pending {
            for m in msgs {
                out.line(m);
            }
        }
    }
    out.done()
}

/// `kubectl set image ds/NAME CONTAINER=IMAGE...`.
pub fn set_image(sim: &mut Simulation, s: &SetImage) -> ExecResult {
    let mut out = Out::new();
    if s.record.is_some() {
        out.line(RECORD_WARNING);
    }
    let key: Key = (ns_of(&s.namespace), s.name.clone());
    if s.deployment {
        return set_image_deployment(sim, s, key, out);
    }
    let Some(ds) = sim.store.daemonset(&key).cloned() else {
        out.fail(not_found(
            Resource::Typed(ResourceType::DaemonSets),
            &s.name,
        ));
        return out.done();
    };
    let mut new = ds.clone();
    if let Err(e) = set_images(
        s,
        &mut new.spec.template.spec,
        &mut new.metadata.annotations,
    ) {
        out.fail(e);
        return out.done();
    }
    if new == ds {
        // kubectl sends no patch and prints nothing.
        return out.done();
    }
    match sim.update_daemonset(&key, |d| {
        d.spec.template = new.spec.template.clone();
        d.metadata.annotations = new.metadata.annotations.clone();
    }) {
        Ok(_) => out.line(format!("daemonset.apps/{} image updated", s.name)),
        Err(e) => out.fail(e),
    }
    out.done()
}

/// `set image`'s edit of a pod template: every named container (or `*`, all of them,
/// init containers included) gets its image, and `--record` its change cause.
fn set_images(
    s: &SetImage,
    spec: &mut crate::model::PodSpec,
    annotations: &mut std::collections::BTreeMap<String, String>,
) -> Result<(), String> {
    for (c, img) in &s.images {
        let mut found = false;
        for ct in spec
            .init_containers
            .iter_mut()
            .chain(spec.containers.iter_mut())
        {
            if c == "*" || ct.name == *c {
                ct.image = img.clone();
                found = true;
            }
        }
        if !found {
            return Err(format!("error: unable to find container named \"{c}\""));
        }
    }
    if let Some(cause) = &s.record {
        annotations.insert(CHANGE_CAUSE.into(), cause.clone());
    }
    Ok(())
}

fn set_image_deployment(sim: &mut Simulation, s: &SetImage, key: Key, mut out: Out) -> ExecResult {
    let Some(d) = sim.store.deployment(&key).cloned() else {
        out.fail(not_found(
            Resource::Typed(ResourceType::Deployments),
            &s.name,
        ));
        return out.done();
    };
    let mut new = d.clone();
    if let Err(e) = set_images(
        s,
        &mut new.spec.template.spec,
        &mut new.metadata.annotations,
    ) {
        out.fail(e);
        return out.done();
    }
    if new == d {
        return out.done();
    }
    match sim.update_deployment(&key, |x| {
        x.spec.template = new.spec.template.clone();
        x.metadata.annotations = new.metadata.annotations.clone();
    }) {
        Ok(_) => out.line(format!("deployment.apps/{} image updated", s.name)),
        Err(e) => out.fail(e),
    }
    out.done()
}
