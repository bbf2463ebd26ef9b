//! `kubectl delete`: by name, by selector, or by file, with cascading for
//! DaemonSets and kubectl's wait for the objects to be gone.

use super::apply::{diag_text, kind_prefix, resolve_namespace, BUILTIN_NAMESPACES};
use super::exec::{not_found, singular, wait_until, Out, WAIT_LIMIT};
use super::parse::{other_kind, CascadeFlag, Delete, DeleteTarget, Resource};
use super::request::{FieldRequirement, ResourceType, Scope};
use super::ExecResult;
use crate::manifest::{self, FieldValidation, Object};
use crate::model::{Pod, Selector};
use crate::sim::{Cascade, Simulation};
use crate::store::Key;

/// What was deleted, so kubectl can wait for it.
enum Gone {
    Pod(Key),
    DaemonSet(Key),
    Deployment(Key),
    ReplicaSet(Key),
}

/// `kubectl delete`.
pub fn delete(sim: &mut Simulation, d: &Delete) -> ExecResult {
    let mut out = Out::new();
    if let Some(w) = &d.warning {
        out.line(w);
    }
    let ns = match &d.scope {
        Scope::Namespace(ns) => ns.clone(),
        Scope::All => "default".to_string(),
    };
    let cascade = match d.cascade {
        CascadeFlag::Background => Cascade::Background,
        CascadeFlag::Foreground => Cascade::Foreground,
        CascadeFlag::Orphan => Cascade::Orphan,
    };
    let mut waits: Vec<Gone> = Vec::new();
    match &d.target {
        DeleteTarget::Names(pairs) => {
            for (r, name) in pairs {
                let _ = delete_one(
                    sim,
                    &mut out,
                    *r,
                    &ns,
                    name,
                    cascade,
                    d.ignore_not_found,
                    None,
                    &mut waits,
                );
            }
        }
        DeleteTarget::Matching {
            resource,
            selector,
            fields,
        } => {
            let targets = match matching(sim, *resource, &d.scope, selector.as_ref(), fields) {
                Ok(t) => t,
                Err(e) => {
                    out.fail(e);
                    return out.done();
                }
            };
            if targets.is_empty() {
                out.line("No resources found");
            }
            for (tns, name) in targets {
                let _ = delete_one(
                    sim, &mut out, *resource, &tns, &name, cascade, false, None, &mut waits,
                );
            }
        }
        DeleteTarget::Files(files) => {
            for file in files {
                let Some(text) = sim.files.get(file).cloned() else {
                    out.fail(format!("error: the path \"{file}\" does not exist"));
                    continue;
                };
                let loaded = manifest::load(&text, file, FieldValidation::Ignore);
                if let Some(e) = &loaded.file_error {
                    out.fail(diag_text(e));
                }
                for doc in loaded.documents {
                    let obj = match doc {
                        Ok(l) => l.object,
                        Err(e) => {
                            out.fail(diag_text(&e));
                            continue;
                        }
                    };
                    let flag = match &d.scope {
                        Scope::Namespace(n) if n != "default" => Some(n.clone()),
                        _ => None,
                    };
                    let (r, mut meta) = match obj {
                        Object::DaemonSet(x) => {
                            (Resource::Typed(ResourceType::DaemonSets), x.metadata)
                        }
                        Object::Pod(x) => (Resource::Typed(ResourceType::Pods), x.metadata),
                        Object::Node(x) => (Resource::Typed(ResourceType::Nodes), x.metadata),
                        Object::Deployment(x) => {
                            (Resource::Typed(ResourceType::Deployments), x.metadata)
                        }
                        Object::ReplicaSet(x) => {
                            (Resource::Typed(ResourceType::ReplicaSets), x.metadata)
                        }
                        Object::Generic(mut g) => {
                            let cluster = manifest::is_cluster_scoped(&g.kind);
                            let r = if g.kind == "Namespace" {
                                Resource::Typed(ResourceType::Namespaces)
                            } else if let Some(k) = other_kind(&g.kind) {
                                Resource::Other(k)
                            } else {
                                // A kind the simulator has no table entry for.
                                if !cluster {
                                    if let Err(e) = resolve_namespace(&mut g.metadata, &flag) {
                                        out.fail(e);
                                        continue;
                                    }
                                }
                                let ns = if cluster {
                                    ""
                                } else {
                                    g.metadata.namespace.as_str()
                                };
                                let prefix = kind_prefix(&g.api_version, &g.kind);
                                match sim.delete_object(&g.kind, ns, &g.metadata.name) {
                                    Ok(()) => out
                                        .line(format!("{prefix} \"{}\" deleted", g.metadata.name)),
                                    Err(e) if d.ignore_not_found && e.contains("(NotFound)") => {}
                                    Err(e) => out.fail(file_err(e, Some(file))),
                                }
                                continue;
                            };
                            if cluster || r == Resource::Typed(ResourceType::Namespaces) {
                                let name = g.metadata.name.clone();
                                let _ = delete_one(
                                    sim,
                                    &mut out,
                                    r,
                                    "",
                                    &name,
                                    cascade,
                                    d.ignore_not_found,
                                    Some(file),
                                    &mut waits,
                                );
                                continue;
                            }
                            (r, g.metadata)
                        }
                    };
                    if r != Resource::Typed(ResourceType::Nodes) {
                        if let Err(e) = resolve_namespace(&mut meta, &flag) {
                            out.fail(e);
                            continue;
                        }
                    }
                    let _ = delete_one(
                        sim,
                        &mut out,
                        r,
                        &meta.namespace,
                        &meta.name,
                        cascade,
                        d.ignore_not_found,
                        Some(file),
                        &mut waits,
                    );
                }
            }
        }
    }
    if d.wait && !waits.is_empty() {
        let pending = |sim: &Simulation| {
            waits.iter().all(|g| match g {
                Gone::Pod(k) => sim.store.pod(k).is_none(),
                Gone::DaemonSet(k) => sim.store.daemonset(k).is_none(),
                Gone::Deployment(k) => sim.store.deployment(k).is_none(),
                Gone::ReplicaSet(k) => sim.store.replicaset(k).is_none(),
            })
        };
        wait_until(sim, WAIT_LIMIT, pending);
    }
    out.done()
}

/// `deleted from default namespace` for namespaced objects (kubectl v1.36).
fn deleted_line(r: Resource, ns: &str, name: &str) -> String {
    let namespaced = match r {
        Resource::Typed(ResourceType::Nodes | ResourceType::Namespaces) => false,
        Resource::Typed(_) => true,
        Resource::Other(k) => k.namespaced,
    };
    if namespaced {
        format!("{} \"{name}\" deleted from {ns} namespace", singular(r))
    } else {
        format!("{} \"{name}\" deleted", singular(r))
    }
}

fn file_err(e: String, file: Option<&str>) -> String {
    match file {
        Some(f) => super::apply::when(&e, "deleting", f),
        None => e,
    }
}

#[allow(clippy::too_many_arguments)] // one object's delete needs the whole context
fn delete_one(
    sim: &mut Simulation,
    out: &mut Out,
    r: Resource,
    ns: &str,
    name: &str,
    cascade: Cascade,
    ignore_not_found: bool,
    file: Option<&str>,
    waits: &mut Vec<Gone>,
) -> Result<(), ()> {
    let key: Key = (ns.to_string(), name.to_string());
    let result: Result<(), String> = match r {
        Resource::Typed(ResourceType::DaemonSets) => {
            let r = sim.delete_daemonset(&key, cascade);
            if r.is_ok() {
                waits.push(Gone::DaemonSet(key.clone()));
            }
            r
        }
        Resource::Typed(ResourceType::Pods) => {
            let r = sim.delete_pod(&key);
            if r.is_ok() {
                waits.push(Gone::Pod(key.clone()));
            }
            r
        }
        Resource::Typed(ResourceType::Deployments) => {
            let r = sim.delete_deployment(&key, cascade);
            if r.is_ok() {
                waits.push(Gone::Deployment(key.clone()));
            }
            r
        }
        Resource::Typed(ResourceType::ReplicaSets) => {
            let r = sim.delete_replicaset(&key, cascade);
            if r.is_ok() {
                waits.push(Gone::ReplicaSet(key.clone()));
            }
            r
        }
        Resource::Typed(ResourceType::Nodes) => sim.remove_node(name),
        Resource::Typed(ResourceType::Namespaces) => {
            if BUILTIN_NAMESPACES.contains(&name) {
                Err(format!(
                    "Error from server (Forbidden): namespaces \"{name}\" is forbidden: this namespace may not be deleted"
                ))
            } else {
                sim.delete_object("Namespace", "", name)
                    .map_err(|_| not_found(r, name))
            }
        }
        Resource::Typed(ResourceType::ControllerRevisions) => {
            if sim.store.remove_revision(&key).is_some() {
                Ok(())
            } else {
                Err(not_found(r, name))
            }
        }
        Resource::Typed(ResourceType::Events) => {
            Err("error: deleting events is not supported by this simulator".to_string())
        }
        Resource::Other(k) => {
            let ns = if k.namespaced { ns } else { "" };
            sim.delete_object(k.kind, ns, name)
                .map_err(|_| not_found(r, name))
        }
    };
    match result {
        Ok(()) => {
            out.line(deleted_line(r, ns, name));
            Ok(())
        }
        Err(e) => {
            if ignore_not_found && e.contains("(NotFound)") {
                return Ok(());
            }
            out.fail(file_err(e, file));
            Err(())
        }
    }
}

/// The value of a field selector's field on a pod (the fields the API server indexes).
pub(crate) fn pod_field(p: &Pod, field: &str) -> Option<String> {
    Some(match field {
        "metadata.name" => p.metadata.name.clone(),
        "metadata.namespace" => p.metadata.namespace.clone(),
        "spec.nodeName" => p.spec.node_name.clone(),
        "spec.restartPolicy" => p.spec.restart_policy.clone(),
        "spec.schedulerName" => p.spec.scheduler_name.clone(),
        "spec.serviceAccountName" => p.spec.service_account_name.clone(),
        "spec.hostNetwork" => p.spec.host_network.to_string(),
        "status.phase" => p.status.phase.clone(),
        "status.podIP" => p.status.pod_ip.clone(),
        "status.nominatedNodeName" => String::new(),
        _ => return None,
    })
}

fn unsupported_field(
    gvr: &str,
    sel: Option<&Selector>,
    fields: &[FieldRequirement],
    bad: &str,
) -> String {
    let fs: Vec<String> = fields
        .iter()
        .map(|f| {
            format!(
                "{}{}{}",
                f.field,
                if f.equals { "=" } else { "!=" },
                f.value
            )
        })
        .collect();
    format!(
        "Error from server (BadRequest): Unable to find \"{gvr}\" that match label selector \"{}\", field selector \"{}\": field label not supported: {bad}",
        sel.map(|s| s.to_string()).unwrap_or_default(),
        fs.join(",")
    )
}

/// Objects of a type matching a label and field selector, as `(namespace, name)`.
pub(crate) fn matching(
    sim: &Simulation,
    r: Resource,
    scope: &Scope,
    sel: Option<&Selector>,
    fields: &[FieldRequirement],
) -> Result<Vec<(String, String)>, String> {
    let in_scope = |ns: &str| match scope {
        Scope::All => true,
        Scope::Namespace(n) => n == ns,
    };
    let labels_ok =
        |l: &std::collections::BTreeMap<String, String>| sel.is_none_or(|s| s.matches(l));
    let meta_field = |field: &str, ns: &str, name: &str| -> Option<String> {
        match field {
            "metadata.name" => Some(name.to_string()),
            "metadata.namespace" => Some(ns.to_string()),
            _ => None,
        }
    };
    let check = |get: &dyn Fn(&str) -> Option<String>, gvr: &str| -> Result<bool, String> {
        for f in fields {
            match get(&f.field) {
                None => return Err(unsupported_field(gvr, sel, fields, &f.field)),
                Some(v) => {
                    if (v == f.value) != f.equals {
                        return Ok(false);
                    }
                }
            }
        }
        Ok(true)
    };
    let mut out = Vec::new();
    match r {
        Resource::Typed(ResourceType::Pods) => {
            for (k, p) in sim.store.pods() {
                if in_scope(&k.0)
                    && labels_ok(&p.metadata.labels)
                    && check(&|f| pod_field(p, f), "/v1, Resource=pods")?
                {
                    out.push(k.clone());
                }
            }
            if out.is_empty() {
                // Still validate the fields when nothing is listed.
                check(&|f| pod_field(&Pod::default(), f), "/v1, Resource=pods")?;
            }
        }
        Resource::Typed(ResourceType::DaemonSets) => {
            for (k, d) in sim.store.daemonsets() {
                if in_scope(&k.0)
                    && labels_ok(&d.metadata.labels)
                    && check(
                        &|f| meta_field(f, &k.0, &k.1),
                        "apps/v1, Resource=daemonsets",
                    )?
                {
                    out.push(k.clone());
                }
            }
            check(&|f| meta_field(f, "", ""), "apps/v1, Resource=daemonsets").map(|_| ())?;
        }
        Resource::Typed(ResourceType::Deployments) => {
            for (k, d) in sim.store.deployments() {
                if in_scope(&k.0)
                    && labels_ok(&d.metadata.labels)
                    && check(
                        &|f| meta_field(f, &k.0, &k.1),
                        "apps/v1, Resource=deployments",
                    )?
                {
                    out.push(k.clone());
                }
            }
        }
        Resource::Typed(ResourceType::ReplicaSets) => {
            for (k, d) in sim.store.replicasets() {
                if in_scope(&k.0)
                    && labels_ok(&d.metadata.labels)
                    && check(
                        &|f| meta_field(f, &k.0, &k.1),
                        "apps/v1, Resource=replicasets",
                    )?
                {
                    out.push(k.clone());
                }
            }
        }
        Resource::Typed(ResourceType::Nodes) => {
            for (n, node) in sim.store.nodes() {
                let get = |f: &str| match f {
                    "metadata.name" => Some(n.clone()),
                    "spec.unschedulable" => Some(node.spec.unschedulable.to_string()),
                    _ => None,
                };
                if labels_ok(&node.metadata.labels) && check(&get, "/v1, Resource=nodes")? {
                    out.push((String::new(), n.clone()));
                }
            }
        }
        Resource::Typed(ResourceType::ControllerRevisions) => {
            for (k, rev) in sim.store.revisions() {
                if in_scope(&k.0)
                    && labels_ok(&rev.metadata.labels)
                    && check(
                        &|f| meta_field(f, &k.0, &k.1),
                        "apps/v1, Resource=controllerrevisions",
                    )?
                {
                    out.push(k.clone());
                }
            }
        }
        Resource::Typed(ResourceType::Namespaces) => {
            for ((kind, _, name), o) in sim.store.objects() {
                if kind == "Namespace"
                    && labels_ok(&o.metadata.labels)
                    && check(&|f| meta_field(f, "", name), "/v1, Resource=namespaces")?
                {
                    out.push((String::new(), name.clone()));
                }
            }
        }
        Resource::Typed(ResourceType::Events) => {
            return Err("error: deleting events is not supported by this simulator".into())
        }
        Resource::Other(k) => {
            for o in sim.store.objects_of_kind(k.kind) {
                let (ns, name) = (&o.metadata.namespace, &o.metadata.name);
                if (!k.namespaced || in_scope(ns))
                    && labels_ok(&o.metadata.labels)
                    && check(&|f| meta_field(f, ns, name), &k.qualified_plural())?
                {
                    out.push((ns.clone(), name.clone()));
                }
            }
        }
    }
    Ok(out)
}
