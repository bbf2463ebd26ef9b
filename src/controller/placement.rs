//! Which nodes should run a daemon pod (`NodeShouldRunDaemonPod`): the template's
//! nodeName, nodeSelector and required node affinity, then taints against the
//! template's tolerations plus the ones the controller adds (§3, §4 of the
//! semantics reference). Resources are deliberately not considered: they are the
//! scheduler's business.

use crate::model::node::taint_keys as tk;
use crate::model::pod::{NodeSelectorTerm, PodSpec};
use crate::model::selector::Requirement;
use crate::model::taint::{first_untolerated, NO_EXECUTE, NO_SCHEDULE};
use crate::model::{DaemonSet, Node, Toleration};

/// The controller's verdict for one node.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    /// A new daemon pod should be created here if none exists.
    pub should_run: bool,
    /// An existing daemon pod may stay.
    pub should_continue_running: bool,
    /// Why not (the first failing check), in the controller's terms.
    pub reason: Option<String>,
}

/// The tolerations every daemon pod gets (`AddOrUpdateDaemonPodTolerations`), in order.
pub fn daemon_tolerations(host_network: bool) -> Vec<Toleration> {
    let mut out = vec![
        Toleration::exists(tk::NOT_READY, NO_EXECUTE),
        Toleration::exists(tk::UNREACHABLE, NO_EXECUTE),
        Toleration::exists(tk::DISK_PRESSURE, NO_SCHEDULE),
        Toleration::exists(tk::MEMORY_PRESSURE, NO_SCHEDULE),
        Toleration::exists(tk::PID_PRESSURE, NO_SCHEDULE),
        Toleration::exists(tk::UNSCHEDULABLE, NO_SCHEDULE),
    ];
    if host_network {
        out.push(Toleration::exists(tk::NETWORK_UNAVAILABLE, NO_SCHEDULE));
    }
    out
}

/// The template's tolerations with the daemon tolerations added or, where the same
/// rule exists (ignoring tolerationSeconds), replacing it.
pub fn with_daemon_tolerations(spec: &PodSpec) -> Vec<Toleration> {
    let mut out = spec.tolerations.clone();
    for t in daemon_tolerations(spec.host_network) {
        match out.iter_mut().find(|o| o.same_rule(&t)) {
            Some(existing) => *existing = t,
            None => out.push(t),
        }
    }
    out
}

/// Whether one node selector term matches (expressions and fields ANDed; a term
/// with neither matches nothing).
pub fn term_matches(term: &NodeSelectorTerm, node: &Node) -> bool {
    if term.match_expressions.is_empty() && term.match_fields.is_empty() {
        return false;
    }
    let labels_ok = term.match_expressions.iter().all(|e| {
        Requirement::from_expression(&e.key, &e.operator, &e.values).matches(&node.metadata.labels)
    });
    let fields_ok = term.match_fields.iter().all(|f| {
        if f.key != "metadata.name" || f.values.len() != 1 {
            return false;
        }
        match f.operator.as_str() {
            "In" => f.values[0] == node.metadata.name,
            "NotIn" => f.values[0] != node.metadata.name,
            _ => false,
        }
    });
    labels_ok && fields_ok
}

/// nodeSelector AND required node affinity; on failure, a sentence saying why.
pub fn node_affinity_failure(spec: &PodSpec, node: &Node) -> Option<String> {
    if spec.node_selector.is_empty() && spec.affinity.is_none() {
        return None;
    }
    for (k, v) in &spec.node_selector {
        match node.metadata.labels.get(k) {
            None => return Some(format!("nodeSelector {k}={v}: the node has no label {k}")),
            Some(have) if have != v => {
                return Some(format!(
                    "nodeSelector {k}={v}: the node's label is {k}={have}"
                ))
            }
            _ => {}
        }
    }
    let required = spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|na| na.required.as_ref());
    if let Some(req) = required {
        if !req
            .node_selector_terms
            .iter()
            .any(|t| term_matches(t, node))
        {
            let first = req.node_selector_terms.first().map(describe_term_failure);
            return Some(format!(
                "required node affinity: no term matches{}",
                first
                    .flatten()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default()
            ));
        }
    }
    None
}

fn describe_term_failure(term: &NodeSelectorTerm) -> Option<String> {
    let e = term.match_expressions.first()?;
    Some(format!(
        "{} {} [{}]",
        e.key,
        e.operator,
        e.values.join(", ")
    ))
}

/// `NodeShouldRunDaemonPod` for a DaemonSet's template.
pub fn node_should_run(ds: &DaemonSet, node: &Node) -> Placement {
    node_should_run_with(ds, &with_daemon_tolerations(&ds.spec.template.spec), node)
}

/// [`node_should_run`] with the template's tolerations (daemon ones included)
/// computed once by the caller, for loops over many nodes.
pub fn node_should_run_with(ds: &DaemonSet, tolerations: &[Toleration], node: &Node) -> Placement {
    let spec = &ds.spec.template.spec;
    let no = |reason: String| Placement {
        should_run: false,
        should_continue_running: false,
        reason: Some(reason),
    };
    if !spec.node_name.is_empty() && spec.node_name != node.metadata.name {
        return no(format!(
            "the template's spec.nodeName is {}",
            spec.node_name
        ));
    }
    if let Some(why) = node_affinity_failure(spec, node) {
        return no(why);
    }
    if first_untolerated(&node.spec.taints, tolerations, &[NO_SCHEDULE, NO_EXECUTE]).is_none() {
        return Placement {
            should_run: true,
            should_continue_running: true,
            reason: None,
        };
    }
    if let Some(t) = first_untolerated(&node.spec.taints, tolerations, &[NO_EXECUTE]) {
        return no(format!(
            "taint {t} is not tolerated: no pod here, and an existing one is removed"
        ));
    }
    let t = first_untolerated(&node.spec.taints, tolerations, &[NO_SCHEDULE])
        .expect("some taint failed");
    Placement {
        should_run: false,
        should_continue_running: true,
        reason: Some(format!(
            "taint {t} is not tolerated: no new pod, but an existing one may stay"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::pod::{Affinity, NodeAffinity, NodeSelector};
    use crate::model::selector::LabelSelectorRequirement;
    use crate::model::Taint;

    fn node(labels: &[(&str, &str)], taints: &[(&str, &str)]) -> Node {
        let mut n = Node::default();
        n.metadata.name = "node-1".into();
        for (k, v) in labels {
            n.metadata.labels.insert(k.to_string(), v.to_string());
        }
        for (k, e) in taints {
            n.spec.taints.push(Taint {
                key: k.to_string(),
                value: String::new(),
                effect: e.to_string(),
                time_added: None,
            });
        }
        n
    }

    fn ds() -> DaemonSet {
        DaemonSet::default()
    }

    #[test]
    fn untolerated_noschedule_keeps_existing_pod_but_creates_none() {
        let p = node_should_run(&ds(), &node(&[], &[("dedicated", NO_SCHEDULE)]));
        assert!(!p.should_run && p.should_continue_running);
    }

    #[test]
    fn untolerated_noexecute_removes_the_pod() {
        let p = node_should_run(&ds(), &node(&[], &[("dedicated", NO_EXECUTE)]));
        assert!(!p.should_run && !p.should_continue_running);
    }

    #[test]
    fn prefer_no_schedule_is_ignored_and_cordon_is_tolerated() {
        let p = node_should_run(
            &ds(),
            &node(
                &[],
                &[("x", "PreferNoSchedule"), (tk::UNSCHEDULABLE, NO_SCHEDULE)],
            ),
        );
        assert!(p.should_run);
    }

    #[test]
    fn not_ready_noschedule_is_not_auto_tolerated() {
        let p = node_should_run(
            &ds(),
            &node(
                &[],
                &[(tk::NOT_READY, NO_SCHEDULE), (tk::NOT_READY, NO_EXECUTE)],
            ),
        );
        assert!(!p.should_run && p.should_continue_running);
    }

    #[test]
    fn network_unavailable_is_tolerated_only_with_host_network() {
        let n = node(&[], &[(tk::NETWORK_UNAVAILABLE, NO_SCHEDULE)]);
        assert!(!node_should_run(&ds(), &n).should_run);
        let mut d = ds();
        d.spec.template.spec.host_network = true;
        assert!(node_should_run(&d, &n).should_run);
    }

    #[test]
    fn node_selector_and_affinity_must_both_match() {
        let mut d = ds();
        d.spec
            .template
            .spec
            .node_selector
            .insert("ssd".into(), "true".into());
        assert!(!node_should_run(&d, &node(&[], &[])).should_run);
        assert!(node_should_run(&d, &node(&[("ssd", "true")], &[])).should_run);
        d.spec.template.spec.affinity = Some(Affinity {
            node_affinity: Some(NodeAffinity {
                required: Some(NodeSelector {
                    node_selector_terms: vec![NodeSelectorTerm {
                        match_expressions: vec![LabelSelectorRequirement {
                            key: "zone".into(),
                            operator: "In".into(),
                            values: vec!["a".into(), "b".into()],
                        }],
                        match_fields: vec![],
                    }],
                }),
                ..Default::default()
            }),
            ..Default::default()
        });
        assert!(!node_should_run(&d, &node(&[("ssd", "true")], &[])).should_run);
        assert!(node_should_run(&d, &node(&[("ssd", "true"), ("zone", "b")], &[])).should_run);
    }

    #[test]
    fn user_not_ready_toleration_seconds_are_overwritten() {
        let mut spec = PodSpec::default();
        spec.tolerations.push(Toleration {
            toleration_seconds: Some(30),
            ..Toleration::exists(tk::NOT_READY, NO_EXECUTE)
        });
        let tols = with_daemon_tolerations(&spec);
        assert_eq!(tols.iter().filter(|t| t.key == tk::NOT_READY).count(), 1);
        assert_eq!(tols[0].toleration_seconds, None);
    }
}
