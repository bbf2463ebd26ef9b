//! kubectl's printers: `get` tables (and `-o wide|name|json|yaml|jsonpath`),
//! `describe` blocks, and the pod STATUS logic, reproduced from kubectl's source
//! (`pkg/printers/internalversion/printers.go`, `kubectl/pkg/describe/describe.go`,
//! `cli-runtime/pkg/printers`, `kubectl/pkg/cmd/get/get.go`).
//!
//! # Layout
//! - [`tabwriter`]: Go's `text/tabwriter` as `get` and `describe` configure it.
//! - `table`: the row of each kind and the pod STATUS / READY / RESTARTS logic.
//! - `describe`: `kubectl describe` for DaemonSets, pods, nodes, namespaces, Services
//!   and ConfigMaps.
//! - `serial`: `-o json` / `-o yaml` byte for byte as kubectl writes them.
//! - `jsonpath`: `-o jsonpath=…`.
//! - `gotemplate`: `-o go-template=…` (Go's `text/template`, the subset people type).
//! - `customcolumns`: `-o custom-columns=…`.
//! - `stored_columns`: `get` columns of the stored-only kinds (Services, ConfigMaps).
//!
//! Every entry point is a pure function of a [`Store`] and the simulated time.

mod customcolumns;
mod describe;
pub(crate) mod gotemplate;
mod jsonpath;
mod serial;
pub(crate) mod stored_columns;
mod table;
pub mod tabwriter;
mod util;

use crate::clock::SimTime;
use crate::kubectl::parse::OtherKind;
use crate::kubectl::request::{FieldRequirement, GetRequest, OutputFormat, ResourceType, Scope};
use crate::kubectl::ExecResult;
use crate::model::meta::ObjectMeta;
use crate::model::{
    ControllerRevision, DaemonSet, Deployment, Event, GenericObject, Node, Pod, ReplicaSet,
};
use crate::store::Store;
use serde_json::Value;
use std::borrow::Cow;

pub use customcolumns::{parse_spec as parse_custom_columns, Column};
pub use describe::describe_pod_template;
pub use serial::{to_json, to_yaml};
pub use table::{pod_ready_column, pod_status_reason};

/// One object as `get` sees it.
#[derive(Clone, Debug)]
pub(crate) enum Obj<'a> {
    Ds(&'a DaemonSet),
    Pod(&'a Pod),
    Node(&'a Node),
    Rev(&'a ControllerRevision),
    Event(&'a Event),
    Ns(Box<Cow<'a, GenericObject>>),
    Deploy(&'a Deployment),
    Rs(&'a ReplicaSet),
}

impl Obj<'_> {
    pub(crate) fn meta(&self) -> &ObjectMeta {
        match self {
            Obj::Ds(o) => &o.metadata,
            Obj::Pod(o) => &o.metadata,
            Obj::Node(o) => &o.metadata,
            Obj::Rev(o) => &o.metadata,
            Obj::Event(o) => &o.metadata,
            Obj::Ns(o) => &o.metadata,
            Obj::Deploy(o) => &o.metadata,
            Obj::Rs(o) => &o.metadata,
        }
    }

    /// The object as the API server returns it (with `apiVersion` and `kind`).
    pub(crate) fn to_value(&self) -> Value {
        let (v, api, kind) = match self {
            Obj::Ds(o) => (serde_json::to_value(o), "apps/v1", "DaemonSet"),
            Obj::Pod(o) => (serde_json::to_value(o), "v1", "Pod"),
            Obj::Node(o) => (serde_json::to_value(o), "v1", "Node"),
            Obj::Rev(o) => (serde_json::to_value(o), "apps/v1", "ControllerRevision"),
            Obj::Event(o) => (serde_json::to_value(o), "v1", "Event"),
            Obj::Ns(o) => (serde_json::to_value(o.as_ref()), "v1", "Namespace"),
            Obj::Deploy(o) => (serde_json::to_value(o), "apps/v1", "Deployment"),
            Obj::Rs(o) => (serde_json::to_value(o), "apps/v1", "ReplicaSet"),
        };
        let mut v = v.unwrap_or(Value::Null);
        if let Value::Object(m) = &mut v {
            m.insert("apiVersion".into(), Value::String(api.into()));
            m.insert("kind".into(), Value::String(kind.into()));
        }
        v
    }
}

/// The stored object of `kind` as `-o json` shows it, if it exists.
pub(crate) fn stored_value(store: &Store, kind: &str, ns: &str, name: &str) -> Option<Value> {
    let key = (ns.to_string(), name.to_string());
    let obj = match kind {
        "DaemonSet" => Obj::Ds(store.daemonset(&key)?),
        "Pod" => Obj::Pod(store.pod(&key)?),
        "Node" => Obj::Node(store.node(name)?),
        "Deployment" => Obj::Deploy(store.deployment(&key)?),
        "ReplicaSet" => Obj::Rs(store.replicaset(&key)?),
        _ => {
            let g = store
                .objects()
                .get(&(kind.to_string(), ns.to_string(), name.to_string()))?;
            return serde_json::to_value(g).ok();
        }
    };
    Some(obj.to_value())
}

/// `doc` printed by an `-o` object printer (json, yaml, jsonpath, go-template,
/// custom-columns): what `get` and `apply`/`create -o` write, and the error line
/// kubectl prints after it when the printer fails.
pub(crate) fn format_doc(output: &OutputFormat, doc: &Value) -> (String, Option<String>) {
    let with_newline = |mut s: String| {
        // kubectl writes no newline of its own; a terminal transcript needs one.
        if !s.is_empty() && !s.ends_with('\n') {
            s.push('\n');
        }
        s
    };
    match output {
        OutputFormat::Json => (to_json(doc), None),
        OutputFormat::Yaml => (to_yaml(doc), None),
        OutputFormat::JsonPath(t) => match jsonpath::execute(t, doc) {
            Ok(s) => (with_newline(s), None),
            Err(e) => (String::new(), Some(format!("error: {e}"))),
        },
        OutputFormat::GoTemplate(t) => {
            let (s, error) = gotemplate::kubectl_print(t, doc);
            (with_newline(s), error)
        }
        OutputFormat::CustomColumns(c) => match customcolumns::render(c, doc) {
            Ok(s) => (s, None),
            Err(e) => (String::new(), Some(format!("error: {e}"))),
        },
        OutputFormat::Table | OutputFormat::Wide | OutputFormat::Name => (String::new(), None),
    }
}

/// kubectl's names for a resource type.
pub(crate) struct TypeInfo {
    /// `daemonsets.apps` (NotFound errors).
    pub plural: &'static str,
    /// `daemonset.apps` (`-o name`, the NAME prefix of mixed tables).
    pub singular: &'static str,
    /// `apps/v1, Resource=daemonsets` (list errors).
    pub gvr: &'static str,
    /// Namespaced or cluster-scoped.
    pub namespaced: bool,
    /// Field selectors the API server accepts.
    pub fields: &'static [&'static str],
}

pub(crate) fn type_info(r: ResourceType) -> TypeInfo {
    const META: &[&str] = &["metadata.name", "metadata.namespace"];
    match r {
        ResourceType::DaemonSets => TypeInfo {
            plural: "daemonsets.apps",
            singular: "daemonset.apps",
            gvr: "apps/v1, Resource=daemonsets",
            namespaced: true,
            fields: META,
        },
        ResourceType::Pods => TypeInfo {
            plural: "pods",
            singular: "pod",
            gvr: "/v1, Resource=pods",
            namespaced: true,
            fields: &[
                "metadata.name",
                "metadata.namespace",
                "spec.nodeName",
                "spec.restartPolicy",
                "spec.schedulerName",
                "spec.serviceAccountName",
                "spec.hostNetwork",
                "status.phase",
                "status.podIP",
                "status.podIPs",
                "status.nominatedNodeName",
            ],
        },
        ResourceType::Nodes => TypeInfo {
            plural: "nodes",
            singular: "node",
            gvr: "/v1, Resource=nodes",
            namespaced: false,
            fields: &["metadata.name", "spec.unschedulable"],
        },
        ResourceType::ControllerRevisions => TypeInfo {
            plural: "controllerrevisions.apps",
            singular: "controllerrevision.apps",
            gvr: "apps/v1, Resource=controllerrevisions",
            namespaced: true,
            fields: META,
        },
        ResourceType::Events => TypeInfo {
            plural: "events",
            singular: "event",
            gvr: "/v1, Resource=events",
            namespaced: true,
            fields: &[
                "metadata.name",
                "metadata.namespace",
                "involvedObject.kind",
                "involvedObject.namespace",
                "involvedObject.name",
                "involvedObject.uid",
                "involvedObject.apiVersion",
                "involvedObject.resourceVersion",
                "involvedObject.fieldPath",
                "reason",
                "reportingComponent",
                "source",
                "type",
            ],
        },
        ResourceType::Deployments => TypeInfo {
            plural: "deployments.apps",
            singular: "deployment.apps",
            gvr: "apps/v1, Resource=deployments",
            namespaced: true,
            fields: META,
        },
        ResourceType::ReplicaSets => TypeInfo {
            plural: "replicasets.apps",
            singular: "replicaset.apps",
            gvr: "apps/v1, Resource=replicasets",
            namespaced: true,
            fields: META,
        },
        ResourceType::Namespaces => TypeInfo {
            plural: "namespaces",
            singular: "namespace",
            gvr: "/v1, Resource=namespaces",
            namespaced: false,
            fields: &["metadata.name", "status.phase"],
        },
    }
}

/// All objects of one type, in the API server's order (by namespace, then name).
pub(crate) fn list(store: &Store, r: ResourceType) -> Vec<Obj<'_>> {
    match r {
        ResourceType::DaemonSets => store.daemonsets().values().map(Obj::Ds).collect(),
        ResourceType::Pods => store.pods().values().map(Obj::Pod).collect(),
        ResourceType::Nodes => store.nodes().values().map(Obj::Node).collect(),
        ResourceType::ControllerRevisions => store.revisions().values().map(Obj::Rev).collect(),
        ResourceType::Deployments => store.deployments().values().map(Obj::Deploy).collect(),
        ResourceType::ReplicaSets => store.replicasets().values().map(Obj::Rs).collect(),
        ResourceType::Events => {
            // Event names are `<object>.<hex time>`: sorted by name, the events of one
            // object come out oldest first.
            let mut evs: Vec<(usize, &Event)> = store.events().iter().enumerate().collect();
            crate::sort::by(&mut evs, |(ia, a), (ib, b)| {
                (
                    &a.metadata.namespace,
                    format!("{}.", a.involved_object.name),
                    a.first_timestamp,
                    ia,
                )
                    .cmp(&(
                        &b.metadata.namespace,
                        format!("{}.", b.involved_object.name),
                        b.first_timestamp,
                        ib,
                    ))
            });
            evs.into_iter().map(|(_, e)| Obj::Event(e)).collect()
        }
        ResourceType::Namespaces => store
            .namespaces()
            .into_iter()
            .map(|n| Obj::Ns(Box::new(n)))
            .collect(),
    }
}

fn field_value(o: &Obj, field: &str) -> String {
    let m = o.meta();
    match (o, field) {
        (_, "metadata.name") => m.name.clone(),
        (_, "metadata.namespace") => m.namespace.clone(),
        (Obj::Pod(p), "spec.nodeName") => p.spec.node_name.clone(),
        (Obj::Pod(p), "spec.restartPolicy") => p.spec.restart_policy.clone(),
        (Obj::Pod(p), "spec.schedulerName") => p.spec.scheduler_name.clone(),
        (Obj::Pod(p), "spec.serviceAccountName") => p.spec.service_account_name.clone(),
        (Obj::Pod(p), "spec.hostNetwork") => p.spec.host_network.to_string(),
        (Obj::Pod(p), "status.phase") => p.status.phase.clone(),
        (Obj::Pod(p), "status.podIP") | (Obj::Pod(p), "status.podIPs") => p.status.pod_ip.clone(),
        (Obj::Node(n), "spec.unschedulable") => n.spec.unschedulable.to_string(),
        (Obj::Event(e), f) => match f {
            "involvedObject.kind" => e.involved_object.kind.clone(),
            "involvedObject.namespace" => e.involved_object.namespace.clone(),
            "involvedObject.name" => e.involved_object.name.clone(),
            "involvedObject.uid" => e.involved_object.uid.clone(),
            "reason" => e.reason.clone(),
            "source" | "reportingComponent" => e.source.component.clone(),
            "type" => e.type_.clone(),
            _ => String::new(),
        },
        (Obj::Ns(n), "status.phase") => n
            .body
            .get("status")
            .and_then(|s| s.get("phase"))
            .and_then(|p| p.as_str())
            .unwrap_or("Active")
            .to_string(),
        _ => String::new(),
    }
}

fn field_selector_string(reqs: &[FieldRequirement]) -> String {
    reqs.iter()
        .map(|r| {
            format!(
                "{}{}{}",
                r.field,
                if r.equals { "=" } else { "!=" },
                r.value
            )
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Objects of one type a request selects, or the API server's error.
fn select<'a>(
    store: &'a Store,
    req: &GetRequest,
    r: ResourceType,
    errors: &mut Vec<String>,
) -> Vec<Obj<'a>> {
    let info = type_info(r);
    if let Some(bad) = req
        .field_selector
        .iter()
        .find(|f| !info.fields.contains(&f.field.as_str()))
    {
        errors.push(format!(
            "Error from server (BadRequest): Unable to find \"{}\" that match label selector \"{}\", field selector \"{}\": field label not supported: {}",
            info.gvr,
            req.selector.as_ref().map(|s| s.to_string()).unwrap_or_default(),
            field_selector_string(&req.field_selector),
            bad.field
        ));
        return Vec::new();
    }
    let in_scope = |o: &Obj| match &req.scope {
        Scope::All => true,
        Scope::Namespace(ns) => !info.namespaced || &o.meta().namespace == ns,
    };
    let matches = |o: &Obj| {
        req.selector
            .as_ref()
            .is_none_or(|s| s.matches(&o.meta().labels))
            && req
                .field_selector
                .iter()
                .all(|f| (field_value(o, &f.field) == f.value) == f.equals)
    };
    let all: Vec<Obj> = list(store, r).into_iter().filter(|o| in_scope(o)).collect();
    if req.names.is_empty() {
        return all.into_iter().filter(|o| matches(o)).collect();
    }
    let mut out = Vec::new();
    for name in &req.names {
        match all.iter().find(|o| &o.meta().name == name) {
            Some(o) if matches(o) => out.push(o.clone()),
            Some(_) => {}
            None => errors.push(not_found(r, name)),
        }
    }
    out
}

pub(crate) fn not_found(r: ResourceType, name: &str) -> String {
    format!(
        "Error from server (NotFound): {} \"{}\" not found",
        type_info(r).plural,
        name
    )
}

fn finish(mut output: String, errors: Vec<String>) -> ExecResult {
    for e in &errors {
        output.push_str(e);
        output.push('\n');
    }
    ExecResult {
        ok: errors.is_empty(),
        output,
    }
}

/// `kubectl get`.
pub fn get(store: &Store, now: SimTime, req: &GetRequest) -> ExecResult {
    if req.scope == Scope::All && !req.names.is_empty() {
        return ExecResult {
            ok: false,
            output: "error: a resource cannot be retrieved by name across all namespaces\n".into(),
        };
    }
    let mut errors = Vec::new();
    let groups = select_groups(store, req, &mut errors);
    let namespace = match &req.scope {
        Scope::Namespace(ns) => ns.as_str(),
        Scope::All => "",
    };
    match &req.output {
        OutputFormat::Table | OutputFormat::Wide => {
            let wide = req.output == OutputFormat::Wide;
            let with_kind = groups.len() > 1 || req.with_kind;
            let mut out = String::new();
            for (r, objs) in &groups {
                if objs.is_empty() {
                    continue;
                }
                let text = table::render(
                    *r,
                    objs,
                    now,
                    wide,
                    with_kind,
                    req.scope == Scope::All,
                    req.show_labels,
                );
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&text);
            }
            if out.is_empty() && errors.is_empty() {
                let all_namespaced =
                    req.scope != Scope::All && groups.iter().all(|(r, _)| type_info(*r).namespaced);
                out = if all_namespaced {
                    format!("No resources found in {namespace} namespace.\n")
                } else {
                    "No resources found\n".into()
                };
            }
            finish(out, errors)
        }
        OutputFormat::Name
        | OutputFormat::Json
        | OutputFormat::Yaml
        | OutputFormat::JsonPath(_)
        | OutputFormat::GoTemplate(_)
        | OutputFormat::CustomColumns(_) => {
            let single = req.names.len() == 1 && groups.len() == 1;
            print_items(&req.output, items_of(&groups), single, errors)
        }
    }
}

/// One object as an `-o` printer (name, json, yaml, jsonpath, go-template,
/// custom-columns) sees it, whatever its kind.
pub(crate) struct Item {
    /// `daemonset.apps`, `service`: the `-o name` prefix.
    pub prefix: String,
    /// metadata.name.
    pub name: String,
    /// The object as the API server returns it.
    pub value: Value,
}

fn items_of(groups: &[(ResourceType, Vec<Obj>)]) -> Vec<Item> {
    groups
        .iter()
        .flat_map(|(r, objs)| {
            objs.iter().map(|o| Item {
                prefix: type_info(*r).singular.to_string(),
                name: o.meta().name.clone(),
                value: o.to_value(),
            })
        })
        .collect()
}

/// The objects a `get` of modelled kinds selects, for an `-o` printer; errors
/// (NotFound, unsupported field selectors) are added to `errors`.
pub(crate) fn get_items(store: &Store, req: &GetRequest, errors: &mut Vec<String>) -> Vec<Item> {
    items_of(&select_groups(store, req, errors))
}

/// The objects of each kind asked for (each kind once, in the order given).
fn select_groups<'a>(
    store: &'a Store,
    req: &GetRequest,
    errors: &mut Vec<String>,
) -> Vec<(ResourceType, Vec<Obj<'a>>)> {
    let mut types: Vec<ResourceType> = Vec::new();
    for r in &req.resources {
        if !types.contains(r) {
            types.push(*r);
        }
    }
    types
        .into_iter()
        .map(|r| (r, select(store, req, r, errors)))
        .collect()
}

/// The objects of a stored-only kind a `get` selects (the cluster's own included),
/// by namespace and name; NotFound errors for missing names go to `errors`.
pub(crate) fn select_stored<'a>(
    store: &'a Store,
    k: &OtherKind,
    names: &[String],
    scope: &Scope,
    selector: Option<&crate::model::Selector>,
    errors: &mut Vec<String>,
) -> Vec<Cow<'a, GenericObject>> {
    let in_scope = |o: &GenericObject| match scope {
        Scope::Namespace(ns) if k.namespaced => &o.metadata.namespace == ns,
        _ => true,
    };
    let all: Vec<Cow<GenericObject>> = store
        .objects_of_kind(k.kind)
        .into_iter()
        .filter(|o| in_scope(o))
        .collect();
    let matches = |o: &GenericObject| selector.is_none_or(|s| s.matches(&o.metadata.labels));
    if names.is_empty() {
        return all.into_iter().filter(|o| matches(o)).collect();
    }
    let mut out = Vec::new();
    for name in names {
        match all.iter().find(|o| &o.metadata.name == name) {
            Some(o) if matches(o) => out.push(o.clone()),
            Some(_) => {}
            None => errors.push(format!(
                "Error from server (NotFound): {} \"{name}\" not found",
                k.qualified_plural()
            )),
        }
    }
    out
}

/// [`select_stored`] as `-o` printer items.
pub(crate) fn stored_items(
    store: &Store,
    k: &OtherKind,
    names: &[String],
    scope: &Scope,
    selector: Option<&crate::model::Selector>,
    errors: &mut Vec<String>,
) -> Vec<Item> {
    select_stored(store, k, names, scope, selector, errors)
        .into_iter()
        .map(|o| Item {
            prefix: k.qualified_singular(),
            name: o.metadata.name.clone(),
            value: serde_json::to_value(o.as_ref()).unwrap_or(Value::Null),
        })
        .collect()
}

/// `get -o name|json|yaml|jsonpath|go-template|custom-columns` of `items`, then
/// `errors`. `single`: one object was asked for by name, so it prints bare rather
/// than in a `kind: List` (kubectl's `singleItemImplied`); a list prints even when
/// empty, as kubectl's printGeneric does.
pub(crate) fn print_items(
    output: &OutputFormat,
    items: Vec<Item>,
    single: bool,
    mut errors: Vec<String>,
) -> ExecResult {
    if *output == OutputFormat::Name {
        let mut out = String::new();
        for i in &items {
            out.push_str(&format!("{}/{}\n", i.prefix, i.name));
        }
        return finish(out, errors);
    }
    let items: Vec<Value> = items.into_iter().map(|i| i.value).collect();
    if single && items.is_empty() {
        return finish(String::new(), errors);
    }
    if items.is_empty() && matches!(output, OutputFormat::CustomColumns(_)) && !errors.is_empty() {
        return finish(String::new(), errors);
    }
    let doc = if single && items.len() == 1 {
        items.into_iter().next().unwrap_or(Value::Null)
    } else {
        serde_json::json!({
            "apiVersion": "v1",
            "items": items,
            "kind": "List",
            "metadata": {"resourceVersion": ""},
        })
    };
    let (out, error) = format_doc(output, &doc);
    if let Some(e) = error {
        errors.insert(0, e);
    }
    finish(out, errors)
}

/// `kubectl describe` of one stored-only object (a Service or a ConfigMap).
pub(crate) fn describe_stored(store: &Store, now: SimTime, o: &GenericObject) -> String {
    describe::describe_stored(store, now, o)
}

/// `kubectl describe TYPE [NAME] -n NAMESPACE`. An empty `name` describes every
/// object of the type in the namespace; a name that matches nothing exactly
/// describes the objects whose names start with it, as kubectl does.
pub fn describe(
    store: &Store,
    now: SimTime,
    resource: ResourceType,
    namespace: &str,
    name: &str,
) -> ExecResult {
    let info = type_info(resource);
    let all: Vec<Obj> = list(store, resource)
        .into_iter()
        .filter(|o| !info.namespaced || o.meta().namespace == namespace)
        .collect();
    let chosen: Vec<&Obj> = if name.is_empty() {
        all.iter().collect()
    } else if let Some(o) = all.iter().find(|o| o.meta().name == name) {
        vec![o]
    } else {
        let prefixed: Vec<&Obj> = all
            .iter()
            .filter(|o| o.meta().name.starts_with(name))
            .collect();
        if prefixed.is_empty() {
            return finish(String::new(), vec![not_found(resource, name)]);
        }
        prefixed
    };
    if chosen.is_empty() {
        let out = if info.namespaced {
            format!("No resources found in {namespace} namespace.\n")
        } else {
            "No resources found\n".into()
        };
        return ExecResult {
            ok: true,
            output: out,
        };
    }
    let texts: Vec<String> = chosen
        .iter()
        .map(|o| describe::describe_obj(store, now, o))
        .collect();
    ExecResult {
        ok: true,
        output: texts.join("\n\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(prefix: &str, name: &str) -> Item {
        Item {
            prefix: prefix.into(),
            name: name.into(),
            value: serde_json::json!({"kind": "ConfigMap", "metadata": {"name": name}}),
        }
    }

    #[test]
    fn one_object_asked_by_name_prints_bare_anything_else_as_a_list() {
        let yaml = |items, single| print_items(&OutputFormat::Yaml, items, single, vec![]).output;
        assert_eq!(
            yaml(vec![item("configmap", "a")], true),
            "kind: ConfigMap\nmetadata:\n  name: a\n"
        );
        // Asked by name, found twice (`get cm a a`): kubectl coerces to a List.
        assert!(
            yaml(vec![item("configmap", "a"), item("configmap", "a")], true)
                .starts_with("apiVersion: v1\nitems:\n")
        );
        // Listed, found once: still a List.
        assert!(yaml(vec![item("configmap", "a")], false).starts_with("apiVersion: v1\nitems:\n"));
        assert_eq!(
            yaml(vec![], false),
            "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"
        );
    }

    #[test]
    fn a_missing_single_object_prints_only_the_error() {
        let not_found = "Error from server (NotFound): configmaps \"a\" not found".to_string();
        let r = print_items(&OutputFormat::Json, vec![], true, vec![not_found.clone()]);
        assert!(!r.ok);
        assert_eq!(r.output, format!("{not_found}\n"));
        let r = print_items(
            &OutputFormat::Name,
            vec![item("service", "b")],
            false,
            vec![not_found],
        );
        assert_eq!(
            r.output,
            "service/b\nError from server (NotFound): configmaps \"a\" not found\n"
        );
    }
}
