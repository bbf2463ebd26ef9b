//! `kubectl patch`: JSON merge patch (RFC 7386), strategic merge patch (lists of
//! named things merge by key, the rest replace) and JSON patch (RFC 6902). The
//! result is defaulted and validated as an update, then written through the
//! Simulation API so generation bookkeeping happens.

use super::apply::{CHANGE_CAUSE, RECORD_WARNING};
use super::exec::{not_found, ns_of, Out};
use super::parse::{Patch, PatchSource, PatchType, Resource};
use super::request::ResourceType;
use super::ExecResult;
use crate::model::{DaemonSet, Node};
use crate::sim::Simulation;
use crate::store::Key;
use serde_json::{Map, Value};

/// `kubectl patch`.
pub fn patch(sim: &mut Simulation, p: &Patch) -> ExecResult {
    let mut out = Out::new();
    if p.record.is_some() {
        out.line(RECORD_WARNING);
    }
    let text = match &p.patch {
        PatchSource::Inline(t) => t.clone(),
        PatchSource::File(f) => match sim.files.get(f) {
            Some(t) => t.clone(),
            None => {
                out.fail(format!(
                    "error: unable to read patch file: open {f}: no such file or directory"
                ));
                return out.done();
            }
        },
    };
    // kubectl accepts YAML as well as JSON for -p.
    let patch: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(_) => match serde_yaml::from_str::<Value>(&text) {
            Ok(v) if !v.is_null() => v,
            Ok(_) | Err(_) => {
                out.fail(format!(
                    "error: unable to parse \"{text}\": yaml: did not find expected node content"
                ));
                return out.done();
            }
        },
    };
    let r = Resource::Typed(p.resource);
    let key: Key = match p.resource {
        ResourceType::Nodes => (String::new(), p.name.clone()),
        _ => (ns_of(&p.namespace), p.name.clone()),
    };
    let current: Value = match p.resource {
        ResourceType::DaemonSets => match sim.store.daemonset(&key) {
            Some(d) => with_type(serde_json::to_value(d), "apps/v1", "DaemonSet"),
            None => return fail_with(out, not_found(r, &p.name)),
        },
        ResourceType::Nodes => match sim.store.node(&key.1) {
            Some(n) => with_type(serde_json::to_value(n), "v1", "Node"),
            None => return fail_with(out, not_found(r, &p.name)),
        },
        ResourceType::Pods => match sim.store.pod(&key) {
            Some(x) => with_type(serde_json::to_value(x), "v1", "Pod"),
            None => return fail_with(out, not_found(r, &p.name)),
        },
        _ => {
            return fail_with(
                out,
                "error: patching this kind is not supported by this simulator".into(),
            )
        }
    };
    let patched = match p.patch_type {
        PatchType::Merge => {
            if !patch.is_object() {
                return fail_with(out, format!(
                    "Error from server (BadRequest): json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                    json_kind(&patch)
                ));
            }
            merge_patch(&current, &patch)
        }
        PatchType::Strategic => {
            if !patch.is_object() {
                return fail_with(out, format!(
                    "Error from server (BadRequest): json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                    json_kind(&patch)
                ));
            }
            strategic_merge(&current, &patch, "")
        }
        PatchType::Json => match json_patch(&current, &patch) {
            Ok(v) => v,
            Err(e) => return fail_with(out, e),
        },
    };
    let word_of = |changed: bool| {
        if changed {
            "patched"
        } else {
            "patched (no change)"
        }
    };
    match p.resource {
        ResourceType::DaemonSets => {
            let old = sim.store.daemonset(&key).cloned().expect("checked above");
            let mut new: DaemonSet = match serde_json::from_value(strip_type(patched)) {
                Ok(d) => d,
                Err(e) => {
                    return fail_with(out, format!(
                        "Error from server (BadRequest): DaemonSet in version \"v1\" cannot be handled as a DaemonSet: {e}"
                    ))
                }
            };
            if new.metadata.name != old.metadata.name
                || new.metadata.namespace != old.metadata.namespace
            {
                return fail_with(out, format!(
                    "The DaemonSet \"{}\" is invalid: metadata.name: Invalid value: \"{}\": field is immutable",
                    old.metadata.name, new.metadata.name
                ));
            }
            if let Some(cause) = &p.record {
                new.metadata
                    .annotations
                    .insert(CHANGE_CAUSE.into(), cause.clone());
            }
            crate::manifest::defaults::daemonset(&mut new);
            let errs = crate::manifest::validate::daemonset(&new, Some(&old));
            if !errs.is_empty() {
                return fail_with(
                    out,
                    crate::manifest::invalid_message("DaemonSet", &old.metadata.name, &errs),
                );
            }
            match sim.update_daemonset(&key, |d| {
                d.spec = new.spec.clone();
                d.metadata.labels = new.metadata.labels.clone();
                d.metadata.annotations = new.metadata.annotations.clone();
                d.metadata.finalizers = new.metadata.finalizers.clone();
            }) {
                Ok(changed) => out.line(format!("daemonset.apps/{} {}", p.name, word_of(changed))),
                Err(e) => out.fail(e),
            }
        }
        ResourceType::Nodes => {
            let new: Node = match serde_json::from_value(strip_type(patched)) {
                Ok(n) => n,
                Err(e) => {
                    return fail_with(out, format!(
                        "Error from server (BadRequest): Node in version \"v1\" cannot be handled as a Node: {e}"
                    ))
                }
            };
            for t in &new.spec.taints {
                if !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&t.effect.as_str()) {
                    return fail_with(out, format!(
                        "The Node \"{}\" is invalid: spec.taints[0].effect: Unsupported value: \"{}\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
                        p.name, t.effect
                    ));
                }
            }
            match sim.update_node(&p.name, |n| {
                n.metadata.labels = new.metadata.labels.clone();
                n.metadata.annotations = new.metadata.annotations.clone();
                n.spec.taints = new.spec.taints.clone();
                n.spec.unschedulable = new.spec.unschedulable;
            }) {
                Ok(changed) => out.line(format!("node/{} {}", p.name, word_of(changed))),
                Err(e) => out.fail(e),
            }
        }
        ResourceType::Pods => {
            let old = sim.store.pod(&key).cloned().expect("checked above");
            let new: crate::model::Pod = match serde_json::from_value(strip_type(patched)) {
                Ok(x) => x,
                Err(e) => {
                    return fail_with(out, format!(
                        "Error from server (BadRequest): Pod in version \"v1\" cannot be handled as a Pod: {e}"
                    ))
                }
            };
            if new.spec != old.spec {
                return fail_with(out, format!(
                    "The Pod \"{}\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
                    p.name
                ));
            }
            let before = old.metadata.clone();
            match sim.update_pod_metadata(&key, |m| {
                m.labels = new.metadata.labels.clone();
                m.annotations = new.metadata.annotations.clone();
            }) {
                Ok(()) => {
                    let changed = sim.store.pod(&key).is_some_and(|x| {
                        x.metadata.labels != before.labels
                            || x.metadata.annotations != before.annotations
                    });
                    out.line(format!("pod/{} {}", p.name, word_of(changed)))
                }
                Err(e) => out.fail(e),
            }
        }
        _ => unreachable!("filtered above"),
    }
    out.done()
}

fn fail_with(mut out: Out, msg: String) -> ExecResult {
    out.fail(msg);
    out.done()
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        Value::Null => "null",
        Value::Object(_) => "object",
    }
}

fn with_type(v: Result<Value, serde_json::Error>, api: &str, kind: &str) -> Value {
    let mut v = v.unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert("apiVersion".into(), Value::String(api.into()));
        m.insert("kind".into(), Value::String(kind.into()));
    }
    v
}

fn strip_type(mut v: Value) -> Value {
    if let Value::Object(m) = &mut v {
        m.remove("apiVersion");
        m.remove("kind");
        // The server ignores status in a patch of the main resource.
        m.remove("status");
    }
    v
}

/// RFC 7386 JSON merge patch.
pub fn merge_patch(target: &Value, patch: &Value) -> Value {
    let Value::Object(p) = patch else {
        return patch.clone();
    };
    let mut t = match target {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    for (k, v) in p {
        if v.is_null() {
            t.remove(k);
        } else {
            let cur = t.get(k).cloned().unwrap_or(Value::Null);
            t.insert(k.clone(), merge_patch(&cur, v));
        }
    }
    Value::Object(t)
}

/// The merge key of a list field under strategic merge (`patchMergeKey`), by field
/// name; lists not listed here are replaced.
fn merge_key(path: &str, field: &str) -> Option<&'static str> {
    Some(match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "volumes"
        | "imagePullSecrets"
        | "resourceClaims" => "name",
        "env" => "name",
        "volumeMounts" => "mountPath",
        "volumeDevices" => "devicePath",
        "ports" if path.ends_with("containers[]") || path.ends_with("initContainers[]") => {
            "containerPort"
        }
        "hostAliases" => "ip",
        "ownerReferences" => "uid",
        "conditions" => "type",
        "topologySpreadConstraints" => "topologyKey",
        "readinessGates" => "conditionType",
        _ => return None,
    })
}

/// Kubernetes strategic merge patch, for the directives and list semantics
/// manifests use (`$patch: replace|delete`, `$retainKeys` ignored,
/// `$deleteFromPrimitiveList/…` unsupported).
pub fn strategic_merge(target: &Value, patch: &Value, path: &str) -> Value {
    let Value::Object(p) = patch else {
        return patch.clone();
    };
    if p.get("$patch").and_then(Value::as_str) == Some("replace") {
        let mut m = p.clone();
        m.remove("$patch");
        return Value::Object(m);
    }
    if p.get("$patch").and_then(Value::as_str) == Some("delete") {
        return Value::Null;
    }
    let mut t = match target {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    for (k, v) in p {
        if k.starts_with('$') {
            continue;
        }
        if v.is_null() {
            t.remove(k);
            continue;
        }
        let cur = t.get(k).cloned().unwrap_or(Value::Null);
        let merged = match (v, merge_key(path, k)) {
            (Value::Array(items), Some(key)) => {
                let base = cur.as_array().cloned().unwrap_or_default();
                Value::Array(merge_list(&base, items, key, &format!("{path}.{k}[]")))
            }
            (Value::Array(_), None) => v.clone(),
            (Value::Object(_), _) => {
                let m = strategic_merge(&cur, v, &format!("{path}.{k}"));
                if m.is_null() {
                    t.remove(k);
                    continue;
                }
                m
            }
            _ => v.clone(),
        };
        t.insert(k.clone(), merged);
    }
    Value::Object(t)
}

fn merge_list(base: &[Value], patch: &[Value], key: &str, path: &str) -> Vec<Value> {
    if patch
        .iter()
        .any(|i| i.get("$patch").and_then(Value::as_str) == Some("replace"))
    {
        return patch
            .iter()
            .filter(|i| i.get("$patch").is_none())
            .cloned()
            .collect();
    }
    let mut out: Vec<Value> = base.to_vec();
    for item in patch {
        let id = item.get(key).cloned();
        let directive = item.get("$patch").and_then(Value::as_str);
        let pos = id
            .as_ref()
            .and_then(|id| out.iter().position(|o| o.get(key) == Some(id)));
        match (directive, pos) {
            (Some("delete"), Some(i)) => {
                out.remove(i);
            }
            (Some("delete"), None) => {}
            (_, Some(i)) => {
                let m = strategic_merge(&out[i], item, path);
                out[i] = m;
            }
            (_, None) => {
                let mut m = item.clone();
                if let Value::Object(o) = &mut m {
                    o.remove("$patch");
                }
                out.push(m);
            }
        }
    }
    out
}

fn pointer_tokens(ptr: &str) -> Result<Vec<String>, String> {
    if ptr.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = ptr.strip_prefix('/') else {
        return Err(format!("JSON pointer must start with \"/\": \"{ptr}\""));
    };
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

fn op_err(op: &str, path: &str, why: &str) -> String {
    format!("The request is invalid: the server rejected our request due to an error in our request: {op} operation does not apply: {why}: {path}")
}

/// RFC 6902 JSON patch (add, remove, replace, move, copy, test).
pub fn json_patch(doc: &Value, patch: &Value) -> Result<Value, String> {
    let Value::Array(ops) = patch else {
        return Err(format!(
            "Error from server (BadRequest): json: cannot unmarshal {} into Go value of type jsonpatch.Patch",
            json_kind(patch)
        ));
    };
    let mut doc = doc.clone();
    for op in ops {
        let name = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        let tokens =
            pointer_tokens(path).map_err(|e| format!("Error from server (BadRequest): {e}"))?;
        match name {
            "add" | "replace" | "test" => {
                let value = op
                    .get("value")
                    .cloned()
                    .ok_or_else(|| format!("Error from server (BadRequest): missing value for {name} operation at {path}"))?;
                match name {
                    "add" => add_at(&mut doc, &tokens, value, true)
                        .map_err(|w| op_err("add", path, &w))?,
                    "replace" => add_at(&mut doc, &tokens, value, false)
                        .map_err(|w| op_err("replace", path, &w))?,
                    _ => {
                        let cur = get_at(&doc, &tokens);
                        if cur != Some(&value) {
                            return Err(format!(
                                "The request is invalid: the server rejected our request due to an error in our request: testing value {path} failed: test failed"
                            ));
                        }
                    }
                }
            }
            "remove" => {
                remove_at(&mut doc, &tokens).map_err(|w| op_err("remove", path, &w))?;
            }
            "move" | "copy" => {
                let from = op.get("from").and_then(Value::as_str).unwrap_or("");
                let ft = pointer_tokens(from)
                    .map_err(|e| format!("Error from server (BadRequest): {e}"))?;
                let v = get_at(&doc, &ft)
                    .cloned()
                    .ok_or_else(|| op_err(name, from, "doc is missing from path"))?;
                if name == "move" {
                    remove_at(&mut doc, &ft).map_err(|w| op_err("move", from, &w))?;
                }
                add_at(&mut doc, &tokens, v, true).map_err(|w| op_err(name, path, &w))?;
            }
            other => {
                return Err(format!(
                    "Error from server (BadRequest): Unexpected kind: {other}"
                ))
            }
        }
    }
    Ok(doc)
}

fn get_at<'a>(doc: &'a Value, tokens: &[String]) -> Option<&'a Value> {
    let mut cur = doc;
    for t in tokens {
        cur = match cur {
            Value::Object(m) => m.get(t)?,
            Value::Array(a) => a.get(t.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn add_at(doc: &mut Value, tokens: &[String], value: Value, insert: bool) -> Result<(), String> {
    let Some((last, parent)) = tokens.split_last() else {
        *doc = value;
        return Ok(());
    };
    let mut cur = doc;
    for t in parent {
        cur = match cur {
            Value::Object(m) => m.get_mut(t).ok_or("doc is missing path")?,
            Value::Array(a) => {
                let i: usize = t.parse().map_err(|_| "invalid array index")?;
                a.get_mut(i).ok_or("doc is missing path")?
            }
            _ => return Err("doc is missing path".into()),
        };
    }
    match cur {
        Value::Object(m) => {
            if !insert && !m.contains_key(last) {
                return Err("doc is missing key".into());
            }
            m.insert(last.clone(), value);
        }
        Value::Array(a) => {
            if last == "-" && insert {
                a.push(value);
            } else {
                let i: usize = last.parse().map_err(|_| "invalid array index")?;
                if insert {
                    if i > a.len() {
                        return Err("index out of bounds".into());
                    }
                    a.insert(i, value);
                } else {
                    let slot = a.get_mut(i).ok_or("index out of bounds")?;
                    *slot = value;
                }
            }
        }
        _ => return Err("doc is missing path".into()),
    }
    Ok(())
}

fn remove_at(doc: &mut Value, tokens: &[String]) -> Result<(), String> {
    let Some((last, parent)) = tokens.split_last() else {
        return Err("cannot remove the whole document".into());
    };
    let mut cur = doc;
    for t in parent {
        cur = match cur {
            Value::Object(m) => m.get_mut(t).ok_or("doc is missing path")?,
            Value::Array(a) => {
                let i: usize = t.parse().map_err(|_| "invalid array index")?;
                a.get_mut(i).ok_or("doc is missing path")?
            }
            _ => return Err("doc is missing path".into()),
        };
    }
    match cur {
        Value::Object(m) => {
            m.remove(last).ok_or("doc is missing key")?;
        }
        Value::Array(a) => {
            let i: usize = last.parse().map_err(|_| "invalid array index")?;
            if i >= a.len() {
                return Err("index out of bounds".into());
            }
            a.remove(i);
        }
        _ => return Err("doc is missing path".into()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_rfc_7386() {
        let t = json!({"a": "b", "c": {"d": "e", "f": "g"}});
        let p = json!({"a": "z", "c": {"f": null}});
        assert_eq!(merge_patch(&t, &p), json!({"a": "z", "c": {"d": "e"}}));
        // Lists are replaced wholesale.
        let t = json!({"l": [1, 2]});
        assert_eq!(merge_patch(&t, &json!({"l": [3]})), json!({"l": [3]}));
    }

    #[test]
    fn strategic_merge_merges_containers_by_name_and_replaces_tolerations() {
        let t = json!({"spec": {"template": {"spec": {
            "containers": [{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:1"}],
            "tolerations": [{"key": "x", "operator": "Exists"}]
        }}}});
        let p = json!({"spec": {"template": {"spec": {
            "containers": [{"name": "b", "image": "b:2"}],
            "tolerations": [{"key": "y", "operator": "Exists"}]
        }}}});
        let r = strategic_merge(&t, &p, "");
        assert_eq!(
            r["spec"]["template"]["spec"]["containers"],
            json!([{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:2"}])
        );
        assert_eq!(
            r["spec"]["template"]["spec"]["tolerations"],
            json!([{"key": "y", "operator": "Exists"}])
        );
        let del = json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "$patch": "delete"}]}}}});
        let r = strategic_merge(&t, &del, "");
        assert_eq!(
            r["spec"]["template"]["spec"]["containers"],
            json!([{"name": "b", "image": "b:1"}])
        );
    }

    #[test]
    fn json_patch_supports_the_common_operations() {
        let d = json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "a:1"}]}}}});
        let p = json!([
            {"op": "test", "path": "/spec/template/spec/containers/0/name", "value": "a"},
            {"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "a:2"},
            {"op": "add", "path": "/spec/minReadySeconds", "value": 5},
            {"op": "add", "path": "/spec/template/spec/containers/-", "value": {"name": "b"}},
        ]);
        let r = json_patch(&d, &p).unwrap();
        assert_eq!(
            r["spec"]["template"]["spec"]["containers"][0]["image"],
            json!("a:2")
        );
        assert_eq!(r["spec"]["minReadySeconds"], json!(5));
        assert_eq!(
            r["spec"]["template"]["spec"]["containers"][1]["name"],
            json!("b")
        );
        let bad = json!([{"op": "test", "path": "/spec/minReadySeconds", "value": 9}]);
        assert!(json_patch(&r, &bad).unwrap_err().contains("test failed"));
        let rm = json!([{"op": "remove", "path": "/spec/minReadySeconds"}]);
        assert!(json_patch(&r, &rm).unwrap()["spec"]
            .get("minReadySeconds")
            .is_none());
        assert!(json_patch(&d, &json!([{"op": "remove", "path": "/nope"}])).is_err());
        assert!(json_patch(&d, &json!({"op": "add"})).is_err());
    }
}
