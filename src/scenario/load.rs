//! YAML text → [`Scenario`], or an error that says where (line and column) and
//! what, with the nearest known key for a misspelt one.

use super::format::{Scenario, DEPLOYMENT_STATUS_FIELDS, STATUS_FIELDS};
use crate::kubectl::parse::distance;
use std::fmt;

/// Why a text is not a valid scenario, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub col: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    /// `line:col: message`; the CLI prefixes the file name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}",
            self.line.max(1),
            self.col.max(1),
            self.message
        )
    }
}

impl std::error::Error for ScenarioError {}

/// Every key the format knows, per mapping, for suggestions.
const KEY_SETS: &[&[&str]] = &[
    &[
        "name", "title", "what", "seed", "timings", "nodes", "files", "steps", "expect",
    ],
    &[
        "name",
        "labels",
        "taints",
        "unschedulable",
        "ready",
        "allocatable",
    ],
    &["key", "value", "effect"],
    &[
        "daemonset",
        "pods_on",
        "no_pods_on",
        "status",
        "pod_images",
        "max_unavailable_seen",
        "max_pods_per_node_seen",
        "deployment",
        "replicas_on",
        "deployment_status",
        "output_contains",
        "error_contains",
    ],
    &[
        "schedule",
        "image_pull",
        "container_start",
        "termination",
        "crash_after",
        "node_monitor_grace",
        "pod_gc_quarantine",
        "pod_gc_period",
    ],
];

/// The known key closest to `key` among `known`, if close enough to be a typo.
pub fn nearest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let best = known.iter().min_by_key(|k| distance(key, k))?;
    let d = distance(key, best);
    let limit = (key.len().max(best.len()) / 3).max(2);
    (d <= limit || best.starts_with(key) || key.starts_with(best)).then_some(*best)
}

/// Rewrites serde's `unknown field` / `missing field` messages into the format's words.
fn rewrite(msg: &str) -> String {
    let (prefix, body) = match msg
        .find("unknown field `")
        .or_else(|| msg.find("missing field `"))
    {
        Some(i) => (&msg[..i], &msg[i..]),
        None => return msg.to_string(),
    };
    let name_of = |s: &str| -> Option<String> {
        let start = s.find('`')? + 1;
        let end = start + s[start..].find('`')?;
        Some(s[start..end].to_string())
    };
    let Some(field) = name_of(body) else {
        return msg.to_string();
    };
    if body.starts_with("missing") {
        return format!("{prefix}missing key \"{field}\"");
    }
    // The known keys: from serde's list, or our tables.
    let listed: Vec<String> = body
        .split_once("expected")
        .map(|(_, rest)| {
            rest.split('`')
                .enumerate()
                .filter(|(i, _)| i % 2 == 1)
                .map(|(_, s)| s.to_string())
                .collect()
        })
        .unwrap_or_default();
    let known: Vec<&str> = if listed.is_empty() {
        KEY_SETS
            .iter()
            .flat_map(|set| set.iter().copied())
            .collect()
    } else {
        listed.iter().map(String::as_str).collect()
    };
    match nearest(&field, &known) {
        Some(n) => format!("{prefix}unknown key \"{field}\", did you mean \"{n}\"?"),
        None => format!(
            "{prefix}unknown key \"{field}\" (known keys: {})",
            known.join(", ")
        ),
    }
}

/// The 1-based line and column of the first line (at or after `from_line`) whose
/// text contains `needle`.
fn find(text: &str, needle: &str, from_line: usize) -> (usize, usize) {
    for (i, l) in text.lines().enumerate() {
        if i + 1 < from_line {
            continue;
        }
        if let Some(c) = l.find(needle) {
            return (i + 1, c + 1);
        }
    }
    (1, 1)
}

fn at(text: &str, needle: &str, message: String) -> ScenarioError {
    let (line, col) = find(text, needle, 1);
    ScenarioError { line, col, message }
}

/// Parses and checks a scenario.
///
/// # Errors
/// Syntax errors, unknown or missing keys, wrong types, and values the simulator
/// cannot use (duplicate node names, unknown taint effects, bad durations…).
pub fn load(text: &str) -> Result<Scenario, ScenarioError> {
    let s: Scenario = match serde_yaml::from_str(text) {
        Ok(s) => s,
        Err(e) => {
            let (line, col) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((1, 1));
            let mut msg = e.to_string();
            if let Some(i) = msg.rfind(" at line ") {
                msg.truncate(i);
            }
            return Err(ScenarioError {
                line,
                col,
                message: rewrite(&msg),
            });
        }
    };
    check(text, &s)?;
    Ok(s)
}

fn check(text: &str, s: &Scenario) -> Result<(), ScenarioError> {
    let kebab = !s.name.is_empty()
        && s.name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.name.starts_with('-')
        && !s.name.ends_with('-');
    if !kebab {
        return Err(at(
            text,
            "name:",
            format!(
                "name: \"{}\" is not a kebab-case id (lowercase letters, digits and \"-\")",
                s.name
            ),
        ));
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, n) in s.nodes.iter().enumerate() {
        let needle = format!("name: {}", n.name);
        if let Err(e) = crate::cluster::nodes::check_dns_subdomain(&n.name) {
            return Err(at(
                text,
                &needle,
                format!("nodes[{i}].name: \"{}\": {e}", n.name),
            ));
        }
        if seen.contains(&n.name.as_str()) {
            let (first, _) = find(text, &needle, 1);
            let (line, col) = find(text, &needle, first + 1);
            return Err(ScenarioError {
                line,
                col,
                message: format!("nodes[{i}].name: duplicate node \"{}\"", n.name),
            });
        }
        seen.push(&n.name);
        for (j, t) in n.taints.iter().enumerate() {
            if !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&t.effect.as_str()) {
                return Err(at(
                    text,
                    &t.effect,
                    format!(
                        "nodes[{i}].taints[{j}].effect: \"{}\" is not one of NoSchedule, PreferNoSchedule, NoExecute",
                        t.effect
                    ),
                ));
            }
            if t.key.is_empty() {
                return Err(at(
                    text,
                    "taints:",
                    format!("nodes[{i}].taints[{j}].key: must not be empty"),
                ));
            }
        }
        for (k, v) in &n.allocatable {
            if crate::model::quantity::parse_milli(v).is_none() {
                return Err(at(
                    text,
                    "allocatable",
                    format!("nodes[{i}].allocatable.{k}: \"{v}\" is not a quantity"),
                ));
            }
        }
    }
    if let Some(t) = &s.timings {
        let all = [
            ("schedule", &t.schedule),
            ("image_pull", &t.image_pull),
            ("container_start", &t.container_start),
            ("termination", &t.termination),
            ("crash_after", &t.crash_after),
            ("node_monitor_grace", &t.node_monitor_grace),
            ("pod_gc_quarantine", &t.pod_gc_quarantine),
            ("pod_gc_period", &t.pod_gc_period),
        ];
        for (k, v) in all {
            if let Some(v) = v {
                if let Err(e) = crate::clock::parse_duration(v) {
                    return Err(at(text, &format!("{k}:"), format!("timings.{k}: {e}")));
                }
            }
        }
    }
    if let Some(e) = &s.expect {
        if e.needs_daemonset() && e.daemonset.as_deref().is_none_or(str::is_empty) {
            return Err(at(
                text,
                "expect:",
                "expect: pods_on, no_pods_on, status, pod_images and max_*_seen speak of a DaemonSet: add expect.daemonset".into(),
            ));
        }
        if e.needs_deployment() && e.deployment.as_deref().is_none_or(str::is_empty) {
            return Err(at(
                text,
                "expect:",
                "expect: replicas_on and deployment_status speak of a Deployment: add expect.deployment".into(),
            ));
        }
        if let Some(st) = &e.deployment_status {
            for k in st.keys() {
                if !DEPLOYMENT_STATUS_FIELDS.contains(&k.as_str()) {
                    return Err(at(
                        text,
                        &format!("{k}:"),
                        format!(
                            "expect.deployment_status: unknown field {k:?} (known: {})",
                            DEPLOYMENT_STATUS_FIELDS.join(", ")
                        ),
                    ));
                }
            }
        }
        if let Some(st) = &e.status {
            for k in st.keys() {
                if !STATUS_FIELDS.contains(&k.as_str()) {
                    let msg = match nearest(k, STATUS_FIELDS) {
                        Some(n) => format!(
                            "expect.status: unknown status field \"{k}\", did you mean \"{n}\"?"
                        ),
                        None => format!(
                            "expect.status: unknown status field \"{k}\" (known: {})",
                            STATUS_FIELDS.join(", ")
                        ),
                    };
                    return Err(at(text, k, msg));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "name: x\nnodes: [{name: node-1}]\nsteps: [sim settle]\n";

    #[test]
    fn a_minimal_scenario_loads() {
        let s = load(MINIMAL).unwrap();
        assert_eq!(s.name, "x");
        assert_eq!(s.nodes.len(), 1);
        assert!(s.nodes[0].ready);
        assert_eq!(s.steps, vec!["sim settle".to_string()]);
    }

    #[test]
    fn unknown_keys_suggest_the_nearest_one() {
        let e = load("name: x\nnodes: []\nstep: [sim settle]\n").unwrap_err();
        assert_eq!(e.message, "unknown key \"step\", did you mean \"steps\"?");
        assert_eq!(e.line, 3);
        let e = load("name: x\nnodes: [{name: a, lables: {}}]\nsteps: []\n").unwrap_err();
        assert!(
            e.message
                .contains("unknown key \"lables\", did you mean \"labels\"?"),
            "{}",
            e.message
        );
        assert_eq!(e.line, 2);
        let e = load("name: x\nnodes: []\nsteps: []\nexpect: {pods_onn: []}\n").unwrap_err();
        assert!(
            e.message.contains("did you mean \"pods_on\"?"),
            "{}",
            e.message
        );
        let e = load("name: x\nnodes: []\nsteps: []\nzzzzzzzzz: 1\n").unwrap_err();
        assert!(e.message.contains("known keys:"), "{}", e.message);
    }

    #[test]
    fn missing_and_mistyped_keys_say_where() {
        let e = load("name: x\nsteps: []\n").unwrap_err();
        assert!(e.message.contains("missing key \"nodes\""), "{}", e.message);
        let e = load("name: x\nnodes: []\nsteps: {a: b}\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = load("name: x\nnodes: [\n").unwrap_err();
        assert!(e.line >= 2, "{e}");
    }

    #[test]
    fn values_are_checked() {
        let e = load("name: x\nnodes: [{name: a}, {name: a}]\nsteps: []\n").unwrap_err();
        assert!(e.message.contains("duplicate node"), "{}", e.message);
        let e =
            load("name: x\nnodes: [{name: a, taints: [{key: k, effect: Sometimes}]}]\nsteps: []\n")
                .unwrap_err();
        assert!(e.message.contains("Sometimes"), "{}", e.message);
        let e = load("name: x\nnodes: []\nsteps: []\nexpect: {pods_on: [a]}\n").unwrap_err();
        assert!(e.message.contains("expect.daemonset"), "{}", e.message);
        assert_eq!(e.line, 4);
        let e = load(
            "name: x\nnodes: []\nsteps: []\nexpect: {daemonset: d, status: {numberReddy: 1}}\n",
        )
        .unwrap_err();
        assert!(
            e.message.contains("did you mean \"numberReady\""),
            "{}",
            e.message
        );
        let e = load("name: Not Kebab\nnodes: []\nsteps: []\n").unwrap_err();
        assert!(e.message.contains("kebab"), "{}", e.message);
    }

    #[test]
    fn scalars_become_strings_where_kubernetes_wants_strings() {
        let s = load("name: x\nnodes: [{name: a, labels: {gpu: true}, allocatable: {pods: 110}}]\nsteps: []\n").unwrap();
        assert_eq!(s.nodes[0].labels["gpu"], "true");
        assert_eq!(s.nodes[0].allocatable["pods"], "110");
    }
}
