//! `kubectl apply -f`, `kubectl create -f` and `kubectl create namespace`: each
//! object of each file on its own, as kubectl applies them, with the API server's
//! defaulting, validation and messages.

use super::exec::Out;
use super::parse::{other_kind, Apply, DryRun, Validate};
use super::print::{format_doc, stored_value};
use super::request::OutputFormat;
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

/// One object applied, kept for `-o` (printed after all of them, as kubectl does).
struct Done {
    kind: String,
    namespace: String,
    name: String,
    applied: Applied,
    file: String,
}

/// `kubectl apply|create -f FILE...`. A dry run applies to a copy of the cluster,
/// so it sees what the API server would say, and keeps nothing.
pub fn apply(sim: &mut Simulation, a: &Apply) -> ExecResult {
    let mut done = Vec::new();
    if a.dry_run == DryRun::None {
        let out = run(sim, a, &mut done);
        return print_objects(sim, sim, a, &done, out).done();
    }
    let mut scratch = sim.clone();
    let out = run(&mut scratch, a, &mut done);
    print_objects(sim, &scratch, a, &done, out).done()
}

/// Reports one applied object: `KIND/NAME created` (with kubectl's dry-run suffix),
/// `KIND/NAME` for `-o name`, or nothing yet for the object printers.
#[allow(clippy::too_many_arguments)]
fn report(
    out: &mut Out,
    done: &mut Vec<Done>,
    a: &Apply,
    prefix: &str,
    kind: &str,
    namespace: &str,
    name: &str,
    applied: Applied,
    file: &str,
) {
    match a.output {
        OutputFormat::Table => {
            // PrintFlagsWithDryRunStrategy; a client dry run never asks the server,
            // so apply says "configured" and create "created" for existing objects.
            let word = match (a.dry_run, applied) {
                (DryRun::None, r) => r.word().to_string(),
                (DryRun::Client, Applied::Created) => "created (dry run)".into(),
                (DryRun::Client, _) if a.create => "created (dry run)".into(),
                (DryRun::Client, _) => "configured (dry run)".into(),
                (DryRun::Server, r) => format!("{} (server dry run)", r.word()),
            };
            out.line(format!("{prefix}/{name} {word}"));
        }
        OutputFormat::Name => out.line(format!("{prefix}/{name}")),
        _ => done.push(Done {
            kind: kind.to_string(),
            namespace: namespace.to_string(),
            name: name.to_string(),
            applied,
            file: file.to_string(),
        }),
    }
}

/// `-o json|yaml|jsonpath|go-template`: the objects, one alone or several as a List.
/// A server dry run shows them as stored (defaults filled in); a client dry run shows
/// a new object as read from the file and an existing one as the server has it
/// (kubectl's apply fetches it and sends no patch).
fn print_objects(
    live: &Simulation,
    after: &Simulation,
    a: &Apply,
    done: &[Done],
    mut out: Out,
) -> Out {
    if done.is_empty() {
        return out;
    }
    let mut items: Vec<serde_json::Value> = done
        .iter()
        .filter_map(|d| match a.dry_run {
            DryRun::Client if a.create || d.applied == Applied::Created => client_value(live, a, d),
            DryRun::Client => stored_value(&live.store, &d.kind, &d.namespace, &d.name),
            DryRun::Server => server_value(live, after, d),
            DryRun::None => stored_value(&after.store, &d.kind, &d.namespace, &d.name),
        })
        .collect();
    let doc = if items.len() == 1 {
        items.pop().unwrap_or_default()
    } else {
        serde_json::json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {}})
    };
    let (text, error) = format_doc(&a.output, &doc);
    out.raw(&text);
    if let Some(e) = error {
        out.fail(e);
    }
    out
}

/// What a server dry run answers: the object defaulted and admitted, but neither
/// written (no resourceVersion for a new one) nor seen by a controller (the status of
/// a new DaemonSet is all zeros, an existing object keeps its status).
fn server_value(live: &Simulation, after: &Simulation, d: &Done) -> Option<serde_json::Value> {
    let mut v = stored_value(&after.store, &d.kind, &d.namespace, &d.name)?;
    let before = stored_value(&live.store, &d.kind, &d.namespace, &d.name);
    let m = v.as_object_mut()?;
    match before {
        Some(b) => {
            for (k, p) in [
                ("status", "/status"),
                ("resourceVersion", "/metadata/resourceVersion"),
            ] {
                let target = if k == "status" {
                    Some(&mut *m)
                } else {
                    m.get_mut("metadata").and_then(|x| x.as_object_mut())
                };
                if let (Some(t), Some(old)) = (target, b.pointer(p)) {
                    t.insert(k.into(), old.clone());
                }
            }
        }
        None => {
            if let Some(meta) = m.get_mut("metadata").and_then(|x| x.as_object_mut()) {
                meta.remove("resourceVersion");
            }
            let status = if d.kind == "DaemonSet" {
                serde_json::json!({"currentNumberScheduled": 0, "desiredNumberScheduled": 0, "numberMisscheduled": 0, "numberReady": 0})
            } else {
                serde_json::json!({})
            };
            m.insert("status".into(), status);
        }
    }
    Some(v)
}

/// The object as kubectl read it from the file: its namespace filled in and, for
/// apply, the `last-applied-configuration` annotation kubectl adds before sending.
fn client_value(live: &Simulation, a: &Apply, d: &Done) -> Option<serde_json::Value> {
    use serde::Deserialize;
    let text = live.files.get(&d.file)?;
    let mut doc = serde_yaml::Deserializer::from_str(text)
        .filter_map(|de| serde_json::Value::deserialize(de).ok())
        .find(|v| {
            v.get("kind").and_then(|k| k.as_str()) == Some(d.kind.as_str())
                && v.pointer("/metadata/name").and_then(|n| n.as_str()) == Some(d.name.as_str())
        })?;
    let meta = doc.get_mut("metadata")?.as_object_mut()?;
    if !d.namespace.is_empty() {
        meta.insert("namespace".into(), d.namespace.clone().into());
    }
    if !a.create {
        const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
        let annotations = meta
            .entry("annotations")
            .or_insert_with(|| serde_json::json!({}));
        if let Some(m) = annotations.as_object_mut() {
            m.remove(LAST_APPLIED);
        }
        let modified = serde_json::to_string(&doc).ok()? + "\n";
        if let Some(m) = doc
            .pointer_mut("/metadata/annotations")
            .and_then(|v| v.as_object_mut())
        {
            m.insert(LAST_APPLIED.into(), modified.into());
        }
    }
    Some(doc)
}

fn run(sim: &mut Simulation, a: &Apply, done: &mut Vec<Done>) -> Out {
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
                    apply_object(sim, &mut out, done, l.object, file, a);
                }
            }
        }
        // kubectl applies what it read before a syntax error, then reports it.
        if let Some(d) = &loaded.file_error {
            out.fail(diag_text(d));
        }
    }
    out
}

fn warning_text(w: &str) -> String {
    let m = w.trim_end();
    if m.starts_with("Warning:") || m.starts_with("warning:") {
        m.to_string()
    } else {
        format!("Warning: {m}")
    }
}

fn apply_object(
    sim: &mut Simulation,
    out: &mut Out,
    done: &mut Vec<Done>,
    obj: Object,
    file: &str,
    a: &Apply,
) {
    match obj {
        Object::DaemonSet(ds) => apply_daemonset(sim, out, done, *ds, file, a),
        Object::Node(node) => {
            let name = node.metadata.name.clone();
            if a.create && sim.store.node(&name).is_some() && a.dry_run != DryRun::Client {
                out.fail(format!(
                    "Error from server (AlreadyExists): error when creating \"{file}\": nodes \"{name}\" already exists"
                ));
                return;
            }
            match sim.apply_node(*node) {
                Ok(r) => report(out, done, a, "node", "Node", "", &name, r, file),
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
                if a.create && a.dry_run != DryRun::Client {
                    out.fail(format!(
                        "Error from server (AlreadyExists): error when creating \"{file}\": pods \"{name}\" already exists"
                    ));
                } else {
                    // Pods are immutable but for a few fields; a re-apply of the same
                    // manifest is what learners do.
                    let ns = pod.metadata.namespace.clone();
                    report(
                        out,
                        done,
                        a,
                        "pod",
                        "Pod",
                        &ns,
                        &name,
                        Applied::Unchanged,
                        file,
                    );
                }
                return;
            }
            let ns = pod.metadata.namespace.clone();
            match sim.create_pod(pod) {
                Ok(r) => report(out, done, a, "pod", "Pod", &ns, &name, r, file),
                Err(e) => out.fail(when(&e, "creating", file)),
            }
        }
        Object::Generic(g) => apply_generic(sim, out, done, *g, file, a),
        Object::Deployment(d) => apply_deployment(sim, out, done, *d, file, a),
        Object::ReplicaSet(rs) => apply_replicaset(sim, out, done, *rs, file, a),
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
    done: &mut Vec<Done>,
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
    if a.create && existing.is_some() && a.dry_run != DryRun::Client {
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
    let ns = d.metadata.namespace.clone();
    match sim.apply_deployment(d) {
        Ok(r) => report(
            out,
            done,
            a,
            "deployment.apps",
            "Deployment",
            &ns,
            &name,
            r,
            file,
        ),
        Err(e) => out.fail(when(&e, verb, file)),
    }
}

fn apply_replicaset(
    sim: &mut Simulation,
    out: &mut Out,
    done: &mut Vec<Done>,
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
    if a.create && existing.is_some() && a.dry_run != DryRun::Client {
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
    let ns = rs.metadata.namespace.clone();
    match sim.apply_replicaset(rs) {
        Ok(r) => report(
            out,
            done,
            a,
            "replicaset.apps",
            "ReplicaSet",
            &ns,
            &name,
            r,
            file,
        ),
        Err(e) => out.fail(when(&e, verb, file)),
    }
}

fn apply_daemonset(
    sim: &mut Simulation,
    out: &mut Out,
    done: &mut Vec<Done>,
    mut ds: DaemonSet,
    file: &str,
    a: &Apply,
) {
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
    if a.create && existing.is_some() && a.dry_run != DryRun::Client {
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
    let ns = ds.metadata.namespace.clone();
    match sim.apply_daemonset(ds) {
        Ok(r) => report(
            out,
            done,
            a,
            "daemonset.apps",
            "DaemonSet",
            &ns,
            &name,
            r,
            file,
        ),
        Err(e) => out.fail(when(&e, verb, file)),
    }
}

fn apply_generic(
    sim: &mut Simulation,
    out: &mut Out,
    done: &mut Vec<Done>,
    mut g: GenericObject,
    file: &str,
    a: &Apply,
) {
    let cluster = manifest::is_cluster_scoped(&g.kind);
    if !cluster {
        if let Err(e) = resolve_namespace(&mut g.metadata, &a.namespace) {
            out.fail(e);
            return;
        }
    }
    let prefix = kind_prefix(&g.api_version, &g.kind);
    let name = g.metadata.name.clone();
    let ns = if cluster { "" } else { &g.metadata.namespace };
    let exists = sim.store.has_object(&g.kind, ns, &name)
        || sim.store.builtin_object(&g.kind, ns, &name).is_some()
        || (g.kind == "Namespace" && BUILTIN_NAMESPACES.contains(&name.as_str()));
    if a.create && exists && a.dry_run != DryRun::Client {
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
        report(
            out,
            done,
            a,
            &prefix,
            &g.kind,
            "",
            &name,
            Applied::Unchanged,
            file,
        );
        return;
    }
    let verb = if exists { "applying patch" } else { "creating" };
    let (kind, ns) = (g.kind.clone(), g.metadata.namespace.clone());
    match sim.apply_object(g) {
        Ok(r) => report(out, done, a, &prefix, &kind, &ns, &name, r, file),
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
    match sim.apply_object(bare_object("Namespace", "", name)) {
        Ok(Applied::Created) | Ok(_) => out.line(format!("namespace/{name} created")),
        Err(e) => out.fail(e),
    }
    out.done()
}

/// A core/v1 object with only a name, as kubectl's generators post it.
fn bare_object(kind: &str, ns: &str, name: &str) -> GenericObject {
    GenericObject {
        api_version: "v1".into(),
        kind: kind.into(),
        metadata: ObjectMeta {
            name: name.to_string(),
            namespace: ns.to_string(),
            ..Default::default()
        },
        body: Default::default(),
    }
}

/// `kubectl create serviceaccount NAME`: kubectl builds the object and posts it;
/// the API server's refusals come back as `failed to create serviceaccount: …`.
pub fn create_service_account(sim: &mut Simulation, ns: &str, name: &str) -> ExecResult {
    let mut out = Out::new();
    let refused = |why: String| format!("error: failed to create serviceaccount: {why}");
    if let Some(e) = manifest::names::dns1123_subdomain(name).first() {
        out.fail(refused(format!(
            "ServiceAccount \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": {e}"
        )));
        return out.done();
    }
    if let Err(e) = sim.check_namespace(ns) {
        out.fail(refused(e.replace("Error from server (NotFound): ", "")));
        return out.done();
    }
    // `default` exists in every namespace (the serviceaccounts controller's).
    if sim.store.has_object("ServiceAccount", ns, name)
        || sim
            .store
            .builtin_object("ServiceAccount", ns, name)
            .is_some()
    {
        out.fail(refused(format!(
            "serviceaccounts \"{name}\" already exists"
        )));
        return out.done();
    }
    match sim.apply_object(bare_object("ServiceAccount", ns, name)) {
        Ok(_) => out.line(format!("serviceaccount/{name} created")),
        Err(e) => out.fail(refused(e)),
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
