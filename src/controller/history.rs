//! Revision history (§9): one ControllerRevision per distinct pod template, named
//! `<ds>-<hash>`, numbered so the current template always has the highest number
//! (rolling back renumbers the old revision), pruned to `revisionHistoryLimit` old
//! revisions without removing any a live pod still uses.

use crate::model::daemonset::REVISION_HASH_LABEL;
use crate::model::{ControllerRevision, DaemonSet, OwnerReference, PodTemplateSpec};
use crate::store::{Key, Store};

/// The patch a revision stores: the whole template, replacing the old one.
pub fn template_patch(template: &PodTemplateSpec) -> serde_json::Value {
    let mut t = serde_json::to_value(template).expect("templates serialize");
    if let Some(obj) = t.as_object_mut() {
        obj.insert("$patch".into(), "replace".into());
    }
    serde_json::json!({ "spec": { "template": t } })
}

/// The pod template a revision stores.
pub fn template_of(rev: &ControllerRevision) -> Option<PodTemplateSpec> {
    let mut t = rev.data.get("spec")?.get("template")?.clone();
    t.as_object_mut()?.remove("$patch");
    serde_json::from_value(t).ok()
}

/// FNV-1a, 32 bits: the hash the real controller uses for templates.
fn fnv32a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= *b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The template hash: FNV-32a of the template (and collision count), its decimal
/// digits mapped onto the API server's safe alphabet (`rand.SafeEncodeString`).
pub fn template_hash(template: &PodTemplateSpec, collision_count: Option<i64>) -> String {
    let mut bytes = serde_json::to_vec(template).expect("templates serialize");
    if let Some(c) = collision_count {
        bytes.extend_from_slice(&c.to_le_bytes());
    }
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    fnv32a(&bytes)
        .to_string()
        .bytes()
        .map(|b| ALPHABET[b as usize % ALPHABET.len()] as char)
        .collect()
}

/// The DaemonSet's revisions (controlled by it), sorted by revision number.
pub fn revisions_of<'a>(store: &'a Store, ds: &DaemonSet) -> Vec<&'a ControllerRevision> {
    let mut revs: Vec<&ControllerRevision> = store
        .revisions()
        .values()
        .filter(|r| r.metadata.namespace == ds.metadata.namespace)
        .filter(|r| {
            r.metadata
                .controller_ref()
                .is_some_and(|o| o.uid == ds.metadata.uid)
        })
        .collect();
    revs.sort_by_key(|r| (r.revision, r.metadata.name.clone()));
    revs
}

/// A change to the revision list.
#[derive(Clone, Debug, PartialEq)]
pub enum RevisionAction {
    /// Create this revision.
    Create(Box<ControllerRevision>),
    /// Adopt an orphan revision (set the controller reference).
    Adopt(Key),
    /// Release a revision whose labels no longer match.
    Release(Key),
    /// Give a revision a new number.
    Renumber(Key, i64),
    /// Delete a revision.
    Delete(Key),
}

/// `constructHistory`: the actions to take and the current revision's hash.
pub fn construct_history(store: &Store, ds: &DaemonSet) -> (Vec<RevisionAction>, String) {
    let mut actions = Vec::new();
    let selector = ds.spec.selector.clone().unwrap_or_default().compile();
    let uid = &ds.metadata.uid;
    let mut mine: Vec<(Key, &ControllerRevision)> = Vec::new();
    for (k, r) in store
        .revisions()
        .range((ds.metadata.namespace.clone(), String::new())..)
    {
        if k.0 != ds.metadata.namespace {
            break;
        }
        let matches = selector.matches(&r.metadata.labels);
        match r.metadata.controller_ref() {
            Some(o) if o.uid == *uid => {
                if matches {
                    mine.push((k.clone(), r));
                } else {
                    actions.push(RevisionAction::Release(k.clone()));
                }
            }
            None if matches && !r.metadata.is_deleting() => {
                actions.push(RevisionAction::Adopt(k.clone()));
                mine.push((k.clone(), r));
            }
            _ => {}
        }
    }
    let patch = template_patch(&ds.spec.template);
    let (matching, others): (Vec<_>, Vec<_>) = mine.iter().partition(|(_, r)| r.data == patch);
    let max_other = others.iter().map(|(_, r)| r.revision).max().unwrap_or(0);
    let next = max_other + 1;
    let hash;
    if matching.is_empty() {
        hash = template_hash(&ds.spec.template, ds.status.collision_count);
        let mut rev = ControllerRevision::default();
        rev.metadata.name = format!("{}-{}", ds.metadata.name, hash);
        rev.metadata.namespace = ds.metadata.namespace.clone();
        rev.metadata.labels = ds.spec.template.metadata.labels.clone();
        rev.metadata
            .labels
            .insert(REVISION_HASH_LABEL.into(), hash.clone());
        rev.metadata.annotations = ds.metadata.annotations.clone();
        rev.metadata.owner_references = vec![owner_ref(ds)];
        rev.data = patch;
        rev.revision = next;
        actions.push(RevisionAction::Create(Box::new(rev)));
    } else {
        // Duplicates: keep the highest-numbered, delete the rest.
        let keep = matching
            .iter()
            .max_by_key(|(_, r)| r.revision)
            .expect("non-empty");
        for (k, _) in &matching {
            if k != &keep.0 {
                actions.push(RevisionAction::Delete(k.clone()));
            }
        }
        if keep.1.revision < next {
            actions.push(RevisionAction::Renumber(keep.0.clone(), next));
        }
        hash = keep
            .1
            .metadata
            .labels
            .get(REVISION_HASH_LABEL)
            .cloned()
            .unwrap_or_else(|| template_hash(&ds.spec.template, ds.status.collision_count));
    }
    (actions, hash)
}

/// `cleanupHistory`: old revisions beyond the limit, oldest first, skipping any
/// whose hash a live pod carries.
pub fn cleanup_history(store: &Store, ds: &DaemonSet, current_hash: &str) -> Vec<Key> {
    let limit = ds.spec.revision_history_limit.unwrap_or(10).max(0) as usize;
    let old: Vec<&ControllerRevision> = revisions_of(store, ds)
        .into_iter()
        .filter(|r| {
            r.metadata
                .labels
                .get(REVISION_HASH_LABEL)
                .map(String::as_str)
                != Some(current_hash)
        })
        .collect();
    if old.len() <= limit {
        return vec![];
    }
    // Hashes still carried by a pod (terminating and terminal ones included).
    let live_hashes: std::collections::BTreeSet<&String> = store
        .owned_pods(&ds.metadata.uid)
        .filter_map(|(_, p)| p.metadata.labels.get(REVISION_HASH_LABEL))
        .collect();
    let mut to_delete = old.len() - limit;
    let mut out = Vec::new();
    for r in old {
        if to_delete == 0 {
            break;
        }
        let h = r
            .metadata
            .labels
            .get(REVISION_HASH_LABEL)
            .cloned()
            .unwrap_or_default();
        if live_hashes.contains(&h) {
            continue;
        }
        out.push((r.metadata.namespace.clone(), r.metadata.name.clone()));
        to_delete -= 1;
    }
    out
}

/// The controller reference a DaemonSet puts on what it owns.
pub fn owner_ref(ds: &DaemonSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: "DaemonSet".into(),
        name: ds.metadata.name.clone(),
        uid: ds.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_and_use_the_safe_alphabet() {
        let mut t = PodTemplateSpec::default();
        t.metadata.labels.insert("app".into(), "web".into());
        let h = template_hash(&t, None);
        assert_eq!(h, template_hash(&t, None));
        assert!(h.len() <= 10 && h.chars().all(|c| "bcdfghjklmnpqrstvwxz2456789".contains(c)));
        assert_ne!(h, template_hash(&t, Some(1)));
    }

    #[test]
    fn stored_templates_round_trip() {
        let mut t = PodTemplateSpec::default();
        t.spec.node_selector.insert("ssd".into(), "true".into());
        let rev = ControllerRevision {
            data: template_patch(&t),
            ..Default::default()
        };
        assert_eq!(template_of(&rev), Some(t));
    }
}
