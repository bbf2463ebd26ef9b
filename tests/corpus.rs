//! Real DaemonSet manifests (`tests/manifests/corpus/`, provenance in its SOURCES.md)
//! go through the loader as through a real cluster: the apps/v1 ones load under strict
//! field validation and pass defaulting and validation; the five old ones fail with
//! kubectl's "no matches for kind" error and a hint on moving to apps/v1.
//!
//! A manifest that fails here because of a real field our schema lacks means the
//! schema must learn the field; never relax the strictness of these checks.

use daemonset_sim::manifest::{self, FieldValidation, Object};
use daemonset_sim::model::DaemonSet;
use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/manifests/corpus")
}

/// Every corpus file as (file name, text), sorted by name.
fn corpus_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(corpus_dir())
        .expect("corpus directory")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&p).expect("readable corpus file");
            (name, text)
        })
        .collect();
    files.sort();
    files
}

fn is_old(name: &str) -> bool {
    name.starts_with("old-")
}

/// The DaemonSets of the current (apps/v1) corpus files, loaded strictly and
/// defaulted as the API server stores them, with the file each came from.
///
/// Extension point: a placement check (the pods the real controller would create on a
/// given set of nodes, §3 of the semantics doc) can iterate over this list.
pub fn corpus_daemonsets() -> Vec<(String, DaemonSet)> {
    let mut out = Vec::new();
    for (name, text) in corpus_files().into_iter().filter(|(n, _)| !is_old(n)) {
        let loaded = manifest::load(&text, &name, FieldValidation::Strict);
        for doc in loaded.documents.into_iter().flatten() {
            if let Object::DaemonSet(mut ds) = doc.object {
                manifest::defaults::daemonset(&mut ds);
                out.push((name.clone(), *ds));
            }
        }
    }
    out
}

#[test]
fn the_corpus_is_complete() {
    let files = corpus_files();
    assert_eq!(files.len(), 39, "34 apps/v1 manifests and 5 old ones");
    assert_eq!(files.iter().filter(|(n, _)| is_old(n)).count(), 5);
    assert!(corpus_dir().join("SOURCES.md").exists());
}

#[test]
fn every_apps_v1_manifest_loads_strictly_without_a_false_error() {
    let mut failures = Vec::new();
    for (name, text) in corpus_files().into_iter().filter(|(n, _)| !is_old(n)) {
        let loaded = manifest::load(&text, &name, FieldValidation::Strict);
        if let Some(e) = &loaded.file_error {
            failures.push(format!("{name}:{}: {}", e.line, e.message));
        }
        let mut daemonsets = 0;
        for doc in &loaded.documents {
            match doc {
                Ok(l) => {
                    assert!(l.warnings.is_empty(), "{name}: {:?}", l.warnings);
                    daemonsets += matches!(l.object, Object::DaemonSet(_)) as usize;
                }
                Err(d) => failures.push(format!("{name}:{}: {}", d.line, d.message)),
            }
        }
        if daemonsets == 0 {
            failures.push(format!("{name}: no DaemonSet loaded"));
        }
    }
    assert!(
        failures.is_empty(),
        "false errors:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_apps_v1_daemonset_passes_defaulting_and_validation() {
    let all = corpus_daemonsets();
    assert!(all.len() >= 34, "{} daemonsets", all.len());
    let mut failures = Vec::new();
    for (name, ds) in &all {
        let errs = manifest::validate::daemonset(ds, None);
        if !errs.is_empty() {
            failures.push(manifest::invalid_message(
                "DaemonSet",
                &format!("{name}/{}", ds.metadata.name),
                &errs,
            ));
        }
        assert!(
            ds.spec.revision_history_limit.is_some(),
            "{name}: defaulted"
        );
        assert!(
            !ds.spec.update_strategy.type_.is_empty(),
            "{name}: defaulted"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_editor_check_finds_nothing_wrong_in_apps_v1_manifests() {
    for (name, text) in corpus_files().into_iter().filter(|(n, _)| !is_old(n)) {
        let diags = manifest::check(&text);
        assert!(diags.is_empty(), "{name}: {diags:#?}");
    }
}

#[test]
fn old_api_versions_fail_with_no_matches_for_kind_and_a_hint() {
    for (name, text) in corpus_files().into_iter().filter(|(n, _)| is_old(n)) {
        let loaded = manifest::load(&text, &name, FieldValidation::Strict);
        assert!(loaded.file_error.is_none(), "{name}");
        let failed: Vec<_> = loaded
            .documents
            .iter()
            .filter_map(|d| d.as_ref().err())
            .collect();
        let ds_errors: Vec<_> = failed
            .iter()
            .filter(|d| {
                d.message
                    .contains("no matches for kind \"DaemonSet\" in version")
            })
            .collect();
        assert_eq!(ds_errors.len(), 1, "{name}: {failed:#?}");
        let d = ds_errors[0];
        assert!(
            d.message
                .starts_with("error: resource mapping not found for name: "),
            "{name}"
        );
        assert!(
            d.message.ends_with("\nensure CRDs are installed first"),
            "{name}"
        );
        assert!(d.message.contains(&format!("from \"{name}\"")), "{name}");
        let hint = d.hint.as_deref().unwrap_or_default();
        assert!(hint.contains("set apiVersion: apps/v1"), "{name}: {hint}");
        assert!(
            text.lines()
                .nth(d.line - 1)
                .unwrap()
                .starts_with("apiVersion:"),
            "{name}: line {}",
            d.line
        );
        // Without a selector, the hint spells out the one to add, from the template labels.
        let legacy_selector = text.contains("extensions/v1beta1") && !text.contains("selector:");
        if legacy_selector {
            assert!(hint.contains("matchLabels:\n"), "{name}: {hint}");
        }
        if text.contains("apiVersion: extensions/v1beta1") && !text.contains("updateStrategy") {
            assert!(hint.contains("OnDelete"), "{name}: {hint}");
        }
    }
}
