//! Taints and tolerations, and whether one tolerates the other
//! (`core/v1/toleration.go`).

use super::meta::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A node taint.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Taint {
    #[serde(default)]
    pub key: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    #[serde(default)]
    pub effect: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_added: Option<Timestamp>,
}

impl fmt::Display for Taint {
    /// `key=value:Effect`, as `kubectl describe node` prints taints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.is_empty() {
            write!(f, "{}:{}", self.key, self.effect)
        } else {
            write!(f, "{}={}:{}", self.key, self.value, self.effect)
        }
    }
}

/// A pod toleration.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Toleration {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub operator: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub effect: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toleration_seconds: Option<i64>,
}

/// Taint effects.
pub const NO_SCHEDULE: &str = "NoSchedule";
/// Taint effects.
pub const PREFER_NO_SCHEDULE: &str = "PreferNoSchedule";
/// Taint effects.
pub const NO_EXECUTE: &str = "NoExecute";

impl Toleration {
    /// `ToleratesTaint`: effect, key and operator/value must all agree.
    pub fn tolerates(&self, taint: &Taint) -> bool {
        if !self.effect.is_empty() && self.effect != taint.effect {
            return false;
        }
        if !self.key.is_empty() && self.key != taint.key {
            return false;
        }
        match self.operator.as_str() {
            "Exists" => true,
            "" | "Equal" => self.value == taint.value,
            // Lt/Gt sit behind an alpha gate that is off: never tolerate.
            _ => false,
        }
    }

    /// Whether two tolerations are the same apart from `tolerationSeconds`
    /// (how the controller decides to replace a user toleration with its own).
    pub fn same_rule(&self, other: &Toleration) -> bool {
        self.key == other.key
            && self.operator == other.operator
            && self.value == other.value
            && self.effect == other.effect
    }

    /// An `Exists` toleration of `key` with `effect` and no time limit.
    pub fn exists(key: &str, effect: &str) -> Toleration {
        Toleration {
            key: key.into(),
            operator: "Exists".into(),
            effect: effect.into(),
            ..Default::default()
        }
    }
}

impl fmt::Display for Toleration {
    /// kubectl describe's form: `key=value:Effect for 300s`, `op=Exists` for any key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        if self.key.is_empty() {
            s.push_str("op=Exists");
        } else {
            s.push_str(&self.key);
            if !self.value.is_empty() {
                s.push('=');
                s.push_str(&self.value);
            } else if self.operator == "Exists" {
                s.push_str(" op=Exists");
            }
        }
        if !self.effect.is_empty() {
            s.push(':');
            s.push_str(&self.effect);
        }
        if let Some(secs) = self.toleration_seconds {
            s.push_str(&format!(" for {secs}s"));
        }
        f.write_str(&s)
    }
}

/// The first taint among `taints` with one of `effects` that no toleration tolerates.
pub fn first_untolerated<'a>(
    taints: &'a [Taint],
    tolerations: &[Toleration],
    effects: &[&str],
) -> Option<&'a Taint> {
    taints.iter().find(|t| {
        effects.contains(&t.effect.as_str()) && !tolerations.iter().any(|tol| tol.tolerates(t))
    })
}

/// Parses `key=value:Effect` or `key:Effect` (and `key-`, `key:Effect-` for removal),
/// as `kubectl taint` and `sim add-node --taints` take them.
pub fn parse_taint_spec(s: &str) -> Result<(Taint, bool), String> {
    let (body, remove) = match s.strip_suffix('-') {
        Some(b) => (b, true),
        None => (s, false),
    };
    let (kv, effect) = match body.rsplit_once(':') {
        Some((kv, e)) => (kv, e.to_string()),
        None if remove => (body, String::new()),
        None => return Err(format!("invalid taint spec: {s}")),
    };
    if !effect.is_empty()
        && ![NO_SCHEDULE, PREFER_NO_SCHEDULE, NO_EXECUTE].contains(&effect.as_str())
    {
        return Err(format!(
            "invalid taint spec: {s}, unsupported taint effect {effect:?}"
        ));
    }
    let (key, value) = match kv.split_once('=') {
        Some((k, v)) => (k.to_string(), v.to_string()),
        None => (kv.to_string(), String::new()),
    };
    if key.is_empty() {
        return Err(format!("invalid taint spec: {s}"));
    }
    Ok((
        Taint {
            key,
            value,
            effect,
            time_added: None,
        },
        remove,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taint(k: &str, v: &str, e: &str) -> Taint {
        Taint {
            key: k.into(),
            value: v.into(),
            effect: e.into(),
            time_added: None,
        }
    }

    #[test]
    fn toleration_matching_follows_effect_key_and_operator() {
        let t = taint("dedicated", "gpu", NO_SCHEDULE);
        let any = Toleration {
            operator: "Exists".into(),
            ..Default::default()
        };
        assert!(any.tolerates(&t));
        let key_only = Toleration {
            key: "dedicated".into(),
            operator: "Exists".into(),
            ..Default::default()
        };
        assert!(key_only.tolerates(&t));
        let wrong_value = Toleration {
            key: "dedicated".into(),
            value: "cpu".into(),
            ..Default::default()
        };
        assert!(!wrong_value.tolerates(&t));
        let wrong_effect = Toleration {
            key: "dedicated".into(),
            operator: "Exists".into(),
            effect: NO_EXECUTE.into(),
            ..Default::default()
        };
        assert!(!wrong_effect.tolerates(&t));
        let equal = Toleration {
            key: "dedicated".into(),
            operator: "Equal".into(),
            value: "gpu".into(),
            ..Default::default()
        };
        assert!(equal.tolerates(&t));
    }

    #[test]
    fn taint_specs_parse_as_kubectl_taint_takes_them() {
        let (t, rm) = parse_taint_spec("dedicated=gpu:NoSchedule").unwrap();
        assert_eq!(
            (t.key.as_str(), t.value.as_str(), t.effect.as_str(), rm),
            ("dedicated", "gpu", "NoSchedule", false)
        );
        let (t, rm) = parse_taint_spec("dedicated:NoSchedule-").unwrap();
        assert_eq!((t.key.as_str(), rm), ("dedicated", true));
        assert!(parse_taint_spec("k=v:Sometimes").is_err());
        assert!(parse_taint_spec("k=v").is_err());
    }
}
