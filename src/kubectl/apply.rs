//! `kubectl apply -f`, `kubectl create -f` and `kubectl create namespace`: each
//! object of each file on its own, as kubectl applies them, with the API server's
//! defaulting, validation and messages.

use super::exec::Out;
use super::parse::{other_kind, Apply, Validate};
use super::ExecResult;
use crate::manifest::{self, FieldValidation, Object};
use crate::model::{DaemonSet, GenericObject, ObjectMeta};
use crate::sim::{Applied, Simulation};

/// Annotation `--record` writes (what `rollout history` shows as CHANGE-CAUSE).
pub(crate) const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

/// The warning kubectl prints for `--record`.
pub(crate) const RECORD_WARNING: &str =
    "Flag --record has been deprecated, --record will be removed in the future";

/// Namespaces that exist in every cluster and cannot be deleted.
pub(crate) const BUILTIN_NAMESPACES: &[&str] =
    &["default", "kube-system", "kube-public", "kube-node-lease"];

/// Inserts kubectl's `error when creating "FILE": ` after the `Error from server (X): `
/// prefix of a server error.
pub(crate) fn when(err: &str, verb: &str, file: &str) -> String {
    if let Some(rest) = err.strip_prefix("Error from server (") {
        if let Some((reason, msg)) = rest.split_once("): ") {
            return format!("Error from server ({reason}): error when {verb} \"{file}\": {msg}");
        }
    }
    if let Some(msg) = err.strip_prefix("Error from server: ") {
        return format!("Error from server: error when {verb} \"{file}\": {msg}");
    }
    err.to_string()
}

/// A manifest diagnostic as kubectl prints it.
pub(crate) fn diag_text(d: &manifest::Diagnostic) -> String {
    let m = d.message.trim_end();
    if m.starts_with("error:")
        || m.starts_with("Error from server")
        || m.starts_with("The ")
        || m.starts_with("Warning:")
    {
        m.to_string()
    } else {
        format!("error: {m}")
    }
}

/// `daemonset.apps`, `configmap`, `clusterrole.rbac.authorization.k8s.io`: the
/// resource prefix kubectl prints for a kind from a manifest.
pub(crate) fn kind_prefix(api_version: &str, kind: &str) -> String {
    if let Some(k) = other_kind(kind) {
        return k.qualified_singular();
    }
    let lower = kind.to_ascii_lowercase();
    match api_version.split_once('/') {
        Some((group, _)) if !group.is_empty() => format!("{lower}.{group}"),
        _ => lower,
    }
}

fn validation(v: Validate) -> FieldValidation {
    match v {
        Validate::Strict => FieldValidation::Strict,
        Validate::Warn => FieldValidation::Warn,
        Validate::Ignore => FieldValidation::Ignore,
    }
}

/// Sets the namespace from `-n` or checks it agrees with the object's own.
pub(crate) fn resolve_namespace(
    meta: &mut ObjectMeta,
    flag: &Option<String>,
) -> Result<(), String> {
    match (meta.namespace.is_empty(), flag) {
        (true, Some(f)) => meta.namespace = f.clone(),
        (true, None) => meta.namespace = "default".into(),
        (false, Some(f)) if *f != meta.namespace => {
            return Err(format!(
                "error: the namespace from the provided object \"{}\" does not match the namespace \"{f}\". You must pass '--namespace={}' to perform this operation.",
                meta.namespace, meta.namespace
            ))
        }
        _ => {}
    }
    Ok(())
}

/// `kubectl apply|create -f FILE...`.
pub fn apply(sim: &mut Simulation, a: &Apply) -> ExecResult {
    let mut out = Out::new();
    if a.record.is_some() {
        out.line(RECORD_WARNING);
    }
    for file in &a.files {
        if file == "-" {
            out.fail("error: reading from stdin is not supported here; put the manifest in a file");
            continue;
        }
        let Some(text) = sim.files.get(file).cloned() else {
            out.fail(format!("error: the path \"{file}\" does not exist"));
            continue;
        };
        let loaded = manifest::load(&text, file, validation(a.validate));
        if loaded.documents.is_empty() && loaded.file_error.is_none() {
            out.fail(format!(
                "error: no objects passed to {}",
                if a.create { "create" } else { "apply" }
            ));
            continue;
        }
        for doc in loaded.documents {
            match doc {
                Err(d) => out.fail(diag_text(&d)),
                Ok(l) => {
                    for w in &l.warnings {
                        out.line(warning_text(w));
                    }
                    apply_object(sim, &mut out, l.object, file, a);
                }
            }
        }
        // kubectl applies what it read before a syntax error, then reports it.
        if let Some(d) = &loaded.file_error {
            out.fail(diag_text(d));
        }
    }
    out.done()
}

fn warning_text(w: &str) -> String {
    let m = w.trim_end();
    if m.starts_with("Warning:") || m.starts_with("warning:") {
        m.to_string()
    } else {
        format!("Warning: {m}")
    }
}

fn apply_object(sim: &mut Simulation, out: &mut Out, obj: Object, file: &str, a: &Apply) {
    match obj {
        Object::DaemonSet(ds) => apply_daemonset(sim, out, *ds, file, a),
        Object::Node(node) => {
            let name = node.metadata.name.clone();
            if a.create && sim.store.node(&name).is_some() {
                out.fail(format!(
                    "Error from server (AlreadyExists): error when creating \"{file}\": nodes \"{name}\" already exists"
                ));
                return;
            }
            match sim.apply_node(*node) {
                Ok(r) => out.line(format!("node/{name} {}", r.word())),
                Err(e) => out.fail(when(&e, "creating", file)),
            }
        }
        Object::Pod(pod) => {
            let mut pod = *pod;
            if let Err(e) = resolve_namespace(&mut pod.metadata, &a.namespace) {
                out.fail(e);
                return;
            }
            let name = pod.metadata.name.clone();
            if sim.store.pod(&pod.key()).is_some() {
                if a.create {
                    out.fail(format!(
                        "Error from server (AlreadyExists): error when creating \"{file}\": pods \"{name}\" already exists"
                    ));
                } else {
                    // Pods are immutable but for a few fields; a re-apply of the same
                    // manifest is what learners do.
                    out.line(format!("pod/{name} unchanged"));
                }
                return;
            }
            match sim.create_pod(pod) {
                Ok(r) => out.line(format!("pod/{name} {}", r.word())),
                Err(e) => out.fail(when(&e, "creating", file)),
            }
        }
        Object::Generic(g) => apply_generic(sim, out, *g, file, a),
        Object::Deployment(d) => apply_deployment(sim, out, *d, file, a),
        Object::ReplicaSet(rs) => apply_replicaset(sim, out, *rs, file, a),
    }
}

/// kubectl's error for a manifest without a name.
fn empty_name(out: &mut Out, plural: &str, kind: &str, ns: &str, file: &str) {
    out.fail(format!(
        "error: error when retrieving current configuration of:\nResource: \"apps/v1, Resource={plural}\", GroupVersionKind: \"apps/v1, Kind={kind}\"\nName: \"\", Namespace: \"{ns}\"\nfrom server for: \"{file}\": resource name may not be empty"
    ));
}

fn apply_deployment(
    sim: &mut Simulation,
    out: &mut Out,
    mut d: crate::model::Deployment,
    file: &str,
    a: &Apply,
) {
    if let Err(e) = resolve_namespace(&mut d.metadata, &a.namespace) {
        out.fail(e);
        return;
    }
    let name = d.metadata.name.clone();
    if name.is_empty() {
        empty_name(
            out,
            "deployments",
            "Deployment",
            &d.metadata.namespace,
            file,
        );
        return;
    }
    let key = (d.metadata.namespace.clone(), name.clone());
    let existing = sim.store.deployment(&key).cloned();
    if a.create && existing.is_some() {
        out.fail(format!(
            "Error from server (AlreadyExists): error when creating \"{file}\": deployments.apps \"{name}\" already exists"
        ));
        return;
    }
    if let Some(cause) = &a.record {
        d.metadata
            .annotations
            .insert(CHANGE_CAUSE.into(), cause.clone());
    }
    manifest::defaults::deployment(&mut d);
    let errs = manifest::validate::deployment(&d, existing.as_ref());
    if !errs.is_empty() {
        out.fail(manifest::invalid_message("Deployment", &name, &errs));
        return;
    }
    let verb = if existing.is_some() {
        "applying patch"
    } else {
        "creating"
    };
    match sim.apply_deployment(d) {
        Ok(r) => out.line(format!("deployment.apps/{name} {}", r.word())),
        Err(e) => out.fail(when(&e, verb, file)),
    }
}

fn apply_replicaset(
    sim: &mut Simulation,
    out: &mut Out,
    mut rs: crate::model::ReplicaSet,
    file: &str,
    a: &Apply,
) {
    if let Err(e) = resolve_namespace(&mut rs.metadata, &a.namespace) {
        out.fail(e);
        return;
    }
    let name = rs.metadata.name.clone();
    if name.is_empty() {
        empty_name(
            out,
            "replicasets",
            "ReplicaSet",
            &rs.metadata.namespace,
            file,
        );
        return;
    }
    let key = (rs.metadata.namespace.clone(), name.clone());
    let existing = sim.store.replicaset(&key).cloned();
    if a.create && existing.is_some() {
        out.fail(format!(
            "Error from server (AlreadyExists): error when creating \"{file}\": replicasets.apps \"{name}\" already exists"
        ));
        return;
    }
    manifest::defaults::replicaset(&mut rs);
    let errs = manifest::validate::replicaset(&rs, existing.as_ref());
    if !errs.is_empty() {
        out.fail(manifest::invalid_message("ReplicaSet", &name, &errs));
        return;
    }
    let verb = if existing.is_some() {
        "applying patch"
    } else {
        "creating"
    };
    match sim.apply_replicaset(rs) {
        Ok(r) => out.line(format!("replicaset.apps/{name} {}", r.word())),
        Err(e) => out.fail(when(&e, verb, file)),
    }
}

fn apply_daemonset(sim: &mut Simulation, out: &mut Out, mut ds: DaemonSet, file: &str, a: &Apply) {
    if let Err(e) = resolve_namespace(&mut ds.metadata, &a.namespace) {
        out.fail(e);
        return;
    }
    let name = ds.metadata.name.clone();
    if name.is_empty() {
        out.fail(format!(
            "error: error when retrieving current configuration of:\nResource: \"apps/v1, Resource=daemonsets\", GroupVersionKind: \"apps/v1, Kind=DaemonSet\"\nName: \"\", Namespace: \"{}\"\nfrom server for: \"{file}\": resource name may not be empty",
            ds.metadata.namespace
        ));
        return;
    }
    let key = (ds.metadata.namespace.clone(), name.clone());
    let existing = sim.store.daemonset(&key).cloned();
    if a.create && existing.is_some() {
        out.fail(format!(
            "Error from server (AlreadyExists): error when creating \"{file}\": daemonsets.apps \"{name}\" already exists"
        ));
        return;
    }
    if let Some(cause) = &a.record {
        ds.metadata
            .annotations
            .insert(CHANGE_CAUSE.into(), cause.clone());
    }
    manifest::defaults::daemonset(&mut ds);
    let errs = manifest::validate::daemonset(&ds, existing.as_ref());
    if !errs.is_empty() {
        out.fail(manifest::invalid_message("DaemonSet", &name, &errs));
        return;
    }
    let verb = if existing.is_some() {
        "applying patch"
    } else {
        "creating"
    };
    match sim.apply_daemonset(ds) {
        Ok(r) => out.line(format!("daemonset.apps/{name} {}", r.word())),
        Err(e) => out.fail(when(&e, verb, file)),
    }
}

fn apply_generic(sim: &mut Simulation, out: &mut Out, mut g: GenericObject, file: &str, a: &Apply) {
    let cluster = manifest::is_cluster_scoped(&g.kind);
    if !cluster {
        if let Err(e) = resolve_namespace(&mut g.metadata, &a.namespace) {
            out.fail(e);
            return;
        }
    }
    let prefix = kind_prefix(&g.api_version, &g.kind);
    let name = g.metadata.name.clone();
    let exists = sim.store.has_object(
        &g.kind,
        if cluster { "" } else { &g.metadata.namespace },
        &name,
    ) || (g.kind == "Namespace" && BUILTIN_NAMESPACES.contains(&name.as_str()));
    if a.create && exists {
        out.fail(format!(
            "Error from server (AlreadyExists): error when creating \"{file}\": {} \"{name}\" already exists",
            manifest::resource_plural(&g.kind)
        ));
        return;
    }
    if g.kind == "Namespace"
        && BUILTIN_NAMESPACES.contains(&name.as_str())
        && !sim.store.has_object("Namespace", "", &name)
    {
        // A built-in namespace re-applied: nothing to change.
        out.line(format!("{prefix}/{name} unchanged"));
        return;
    }
    let verb = if exists { "applying patch" } else { "creating" };
    match sim.apply_object(g) {
        Ok(r) => out.line(format!("{prefix}/{name} {}", r.word())),
        Err(e) => out.fail(when(&e, verb, file)),
    }
}

/// `kubectl create namespace NAME`.
pub fn create_namespace(sim: &mut Simulation, name: &str) -> ExecResult {
    let mut out = Out::new();
    let errs = manifest::names::dns1123_label(name);
    if let Some(e) = errs.first() {
        out.fail(format!(
            "The Namespace \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": {e}"
        ));
        return out.done();
    }
    if BUILTIN_NAMESPACES.contains(&name) || sim.store.has_object("Namespace", "", name) {
        out.fail(format!(
            "Error from server (AlreadyExists): namespaces \"{name}\" already exists"
        ));
        return out.done();
    }
    let ns = GenericObject {
        api_version: "v1".into(),
        kind: "Namespace".into(),
        metadata: ObjectMeta {
            name: name.to_string(),
            ..Default::default()
        },
        body: Default::default(),
    };
    match sim.apply_object(ns) {
        Ok(Applied::Created) | Ok(_) => out.line(format!("namespace/{name} created")),
        Err(e) => out.fail(e),
    }
    out.done()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_errors_gain_the_file_context() {
        assert_eq!(
            when("Error from server (NotFound): namespaces \"x\" not found", "creating", "ds.yaml"),
            "Error from server (NotFound): error when creating \"ds.yaml\": namespaces \"x\" not found"
        );
        assert_eq!(when("plain", "creating", "f"), "plain");
    }

    #[test]
    fn kind_prefixes_follow_the_group() {
        assert_eq!(kind_prefix("apps/v1", "DaemonSet"), "daemonset.apps");
        assert_eq!(kind_prefix("v1", "ServiceAccount"), "serviceaccount");
        assert_eq!(
            kind_prefix("rbac.authorization.k8s.io/v1", "ClusterRole"),
            "clusterrole.rbac.authorization.k8s.io"
        );
        assert_eq!(
            kind_prefix("example.com/v1", "Widget"),
            "widget.example.com"
        );
    }
}
