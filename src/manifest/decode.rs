//! Strict decoding against the schema, as the API server's JSON decoder does it.
//!
//! The server decodes the body kubectl sends (JSON with sorted keys) into Go structs.
//! A value of the wrong JSON type stops decoding with an `encoding/json` error
//! (`json: cannot unmarshal string into Go struct field DaemonSetSpec.spec.minReadySeconds
//! of type int32`); unknown fields are collected in document order and, under
//! `fieldValidation=Strict`, reported together. We walk the JSON tree the same way.
//!
//! Manifests written for go-yaml v2 (YAML 1.1) also get its scalar habits back where the
//! schema wants a number or a boolean: `0644` is octal, `yes`/`on` are true.

use super::schema::{Struct, T};
use serde_json::Value as Json;

/// What strict decoding found.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Report {
    /// The first fatal decode error: its message and the field path (with indices).
    pub type_error: Option<(String, String)>,
    /// Paths of unknown fields (`spec.template.spec.containers[0].foo`), in order.
    pub unknown: Vec<String>,
}

/// Checks `root` against `schema`; with `prune`, unknown fields are removed.
pub fn check(root: &mut Json, schema: &'static Struct, prune: bool) -> Report {
    let mut report = Report::default();
    let mut walker = Walker {
        report: &mut report,
        prune,
    };
    walker.object(root, schema, "", "");
    report
}

struct Walker<'r> {
    report: &'r mut Report,
    prune: bool,
}

fn join(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_string()
    } else {
        format!("{base}.{key}")
    }
}

fn json_kind(v: &Json) -> String {
    match v {
        Json::Null => "null".into(),
        Json::Bool(_) => "bool".into(),
        Json::Number(_) => "number".into(),
        Json::String(_) => "string".into(),
        Json::Array(_) => "array".into(),
        Json::Object(_) => "object".into(),
    }
}

impl Walker<'_> {
    fn type_error(&mut self, what: &str, parent: &str, go_path: &str, go_type: &str, path: &str) {
        if self.report.type_error.is_none() {
            self.report.type_error = Some((
                format!("json: cannot unmarshal {what} into Go struct field {parent}.{go_path} of type {go_type}"),
                path.to_string(),
            ));
        }
    }

    fn fatal(&mut self, message: String, path: &str) {
        if self.report.type_error.is_none() {
            self.report.type_error = Some((message, path.to_string()));
        }
    }

    /// A struct value at `path` (display path) / `go_path` (Go's field stack).
    fn object(&mut self, v: &mut Json, s: &'static Struct, path: &str, go_path: &str) {
        let Json::Object(map) = v else { return };
        let mut keys: Vec<String> = map.keys().cloned().collect();
        crate::sort::sort(&mut keys);
        for key in keys {
            let child_path = join(path, &key);
            match s.field(&key) {
                None => {
                    self.report.unknown.push(child_path);
                    if self.prune {
                        map.remove(&key);
                    }
                }
                Some(_) if map[&key].is_null() => {
                    // Go leaves the zero value for null: the same as an absent field.
                    map.remove(&key);
                }
                Some(field) => {
                    let child = map.get_mut(&key).expect("key just listed");
                    self.value(child, &field.ty, s.name, &child_path, &join(go_path, &key));
                }
            }
        }
    }

    fn value(&mut self, v: &mut Json, ty: &T, parent: &str, path: &str, go_path: &str) {
        if v.is_null() {
            return; // Go leaves the zero value for null.
        }
        match ty {
            T::Any => {}
            T::Str | T::Time => {
                if !v.is_string() {
                    self.type_error(&json_kind(v), parent, go_path, "string", path);
                }
            }
            T::Int32 | T::Int64 => self.integer(v, ty, parent, path, go_path),
            T::Bool => {
                if let Some(b) = v.as_str().and_then(yaml11_bool) {
                    *v = Json::Bool(b);
                }
                if !v.is_boolean() {
                    self.type_error(&json_kind(v), parent, go_path, "bool", path);
                }
            }
            T::IntOrStr => {
                if !v.is_string() {
                    self.integer(v, &T::Int32, parent, path, go_path);
                }
            }
            T::Quantity => match v {
                Json::String(s) => {
                    if let Err(m) = check_quantity(s.trim()) {
                        self.fatal(m.to_string(), path);
                    }
                }
                Json::Number(_) => {}
                _ => self.fatal(QUANTITY_FORMAT.to_string(), path),
            },
            T::Obj(s) => {
                if v.is_object() {
                    self.object(v, s, path, go_path);
                } else {
                    self.type_error(&json_kind(v), parent, go_path, &ty.go_name(), path);
                }
            }
            T::List(item) => {
                if let Json::Array(items) = v {
                    for (i, it) in items.iter_mut().enumerate() {
                        if it.is_null() && matches!(item, T::Obj(_)) {
                            *it = Json::Object(Default::default());
                        }
                        self.value(it, item, parent, &format!("{path}[{i}]"), go_path);
                    }
                } else {
                    self.type_error(&json_kind(v), parent, go_path, &ty.go_name(), path);
                }
            }
            T::Map(item) => {
                if let Json::Object(m) = v {
                    for (k, it) in m.iter_mut() {
                        self.value(it, item, parent, &format!("{path}[{k}]"), go_path);
                    }
                } else {
                    self.type_error(&json_kind(v), parent, go_path, &ty.go_name(), path);
                }
            }
        }
    }

    fn integer(&mut self, v: &mut Json, ty: &T, parent: &str, path: &str, go_path: &str) {
        if let Some(n) = v.as_str().and_then(yaml11_octal) {
            *v = Json::from(n);
        }
        let (min, max) = match ty {
            T::Int32 => (i32::MIN as i64, i32::MAX as i64),
            _ => (i64::MIN, i64::MAX),
        };
        let go_type = ty.go_name();
        match v {
            Json::Number(n) => {
                let int = n.as_i64().or_else(|| {
                    n.as_f64()
                        .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e18)
                        .map(|f| f as i64)
                });
                match int {
                    Some(i) if (min..=max).contains(&i) => *v = Json::from(i),
                    _ => {
                        let text = n.to_string();
                        self.type_error(&format!("number {text}"), parent, go_path, &go_type, path)
                    }
                }
            }
            other => {
                let kind = json_kind(other);
                self.type_error(&kind, parent, go_path, &go_type, path)
            }
        }
    }
}

/// go-yaml v2 reads `0644` as octal; serde_yaml (YAML 1.2) leaves it a string.
fn yaml11_octal(s: &str) -> Option<i64> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let oct = digits
        .strip_prefix("0o")
        .or_else(|| digits.strip_prefix('0'))?;
    if oct.is_empty() || !oct.chars().all(|c| ('0'..='7').contains(&c)) {
        return None;
    }
    let n = i64::from_str_radix(oct, 8).ok()?;
    Some(if neg { -n } else { n })
}

/// go-yaml v2's YAML 1.1 booleans.
fn yaml11_bool(s: &str) -> Option<bool> {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// `resource.ErrFormatWrong`.
pub const QUANTITY_FORMAT: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// `resource.ParseQuantity`'s checks: the format, then the suffix.
pub fn check_quantity(s: &str) -> Result<(), &'static str> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let num_len = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    if num_len == 0 {
        return Err(QUANTITY_FORMAT);
    }
    let suffix = &body[num_len..];
    let letters = suffix
        .find(|c: char| !"eEinumkKMGTP".contains(c))
        .unwrap_or(suffix.len());
    let rest = suffix[letters..]
        .strip_prefix(['+', '-'])
        .unwrap_or(&suffix[letters..]);
    if !rest.chars().all(|c| c.is_ascii_digit()) {
        return Err(QUANTITY_FORMAT);
    }
    if body[..num_len].matches('.').count() > 1 {
        return Err("unable to parse quantity's suffix");
    }
    let known = [
        "", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u",
    ];
    let exponent = (suffix.starts_with(['e', 'E']))
        && suffix[1..]
            .strip_prefix(['+', '-'])
            .unwrap_or(&suffix[1..])
            .chars()
            .all(|c| c.is_ascii_digit())
        && suffix.len() > 1;
    if known.contains(&suffix) || exponent {
        Ok(())
    } else {
        Err("unable to parse quantity's suffix")
    }
}

#[cfg(test)]
mod tests {
    use super::super::schema::DAEMON_SET;
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_fields_are_listed_with_their_full_paths_in_sorted_order() {
        let mut v = json!({"spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "a", "imagePullPolcy": "x"}]}}}, "zzz": 1});
        let r = check(&mut v, &DAEMON_SET, true);
        assert_eq!(
            r.unknown,
            vec![
                "spec.replicas",
                "spec.template.spec.containers[0].imagePullPolcy",
                "zzz"
            ]
        );
        assert!(v["spec"].get("replicas").is_none());
        assert!(r.type_error.is_none());
    }

    #[test]
    fn wrong_types_read_like_encoding_json() {
        let mut v = json!({"spec": {"minReadySeconds": "ten"}});
        let r = check(&mut v, &DAEMON_SET, false);
        assert_eq!(
            r.type_error.unwrap().0,
            "json: cannot unmarshal string into Go struct field DaemonSetSpec.spec.minReadySeconds of type int32"
        );
        let mut v = json!({"metadata": {"labels": {"tier": 1}}});
        let r = check(&mut v, &DAEMON_SET, false);
        assert_eq!(
            r.type_error.unwrap().0,
            "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"
        );
        let mut v = json!({"spec": {"template": {"spec": {"containers": {"name": "a"}}}}});
        let r = check(&mut v, &DAEMON_SET, false);
        assert_eq!(
            r.type_error.unwrap().0,
            "json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container"
        );
        let mut v =
            json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "image": 5}]}}}});
        let r = check(&mut v, &DAEMON_SET, false);
        let (msg, path) = r.type_error.unwrap();
        assert_eq!(msg, "json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string");
        assert_eq!(path, "spec.template.spec.containers[0].image");
    }

    #[test]
    fn yaml_1_1_octal_modes_and_booleans_are_read_as_go_yaml_reads_them() {
        let mut v = json!({"spec": {"template": {"spec": {"hostNetwork": "yes", "volumes": [{"name": "c", "configMap": {"name": "x", "defaultMode": "0644"}}]}}}});
        let r = check(&mut v, &DAEMON_SET, false);
        assert_eq!(r, Report::default());
        assert_eq!(
            v["spec"]["template"]["spec"]["volumes"][0]["configMap"]["defaultMode"],
            420
        );
        assert_eq!(v["spec"]["template"]["spec"]["hostNetwork"], true);
    }

    #[test]
    fn null_fields_read_as_absent_like_go_zero_values() {
        let mut v = json!({"metadata": {"creationTimestamp": null}, "spec": {"template": {"spec": {"containers": [{"name": "a", "args": null}, null]}}}});
        assert_eq!(check(&mut v, &DAEMON_SET, false), Report::default());
        assert!(v["metadata"].get("creationTimestamp").is_none());
        assert!(v["spec"]["template"]["spec"]["containers"][0]
            .get("args")
            .is_none());
        assert!(v["spec"]["template"]["spec"]["containers"][1].is_object());
    }

    #[test]
    fn quantities_are_checked_as_parse_quantity_does() {
        assert!(check_quantity("100m").is_ok());
        assert!(check_quantity("1.5Gi").is_ok());
        assert!(check_quantity("1e3").is_ok());
        assert_eq!(check_quantity("lots"), Err(QUANTITY_FORMAT));
        assert_eq!(check_quantity("1Gb"), Err(QUANTITY_FORMAT));
        assert_eq!(
            check_quantity("1Kii"),
            Err("unable to parse quantity's suffix")
        );
    }
}
