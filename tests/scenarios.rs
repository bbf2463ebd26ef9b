//! The scenario suite: every `tests/scenarios/*.yaml` is loaded, run through the
//! same runner the CLI uses, and checked; each is run twice and the transcripts
//! must be byte-identical. Every failure of every file is reported, not just the
//! first.

use daemonset_sim::scenario::{load, run};
use std::path::PathBuf;

fn scenario_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_scenario_passes_and_runs_deterministically() {
    let files = scenario_files();
    assert!(!files.is_empty(), "no scenario files found");
    let mut problems: Vec<String> = Vec::new();
    for path in &files {
        let name = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(path)
            .display()
            .to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{name}: cannot read: {e}"));
                continue;
            }
        };
        let scenario = match load(&text) {
            Ok(s) => s,
            Err(e) => {
                problems.push(format!("{name}:{e}"));
                continue;
            }
        };
        let first = run(&scenario);
        if let Some(e) = &first.step_error {
            problems.push(format!("{name}: {e}"));
        }
        for f in &first.failures {
            problems.push(format!("{name}: {f}"));
        }
        let second = run(&scenario);
        if second.transcript != first.transcript {
            let line = first
                .transcript
                .lines()
                .zip(second.transcript.lines())
                .position(|(a, b)| a != b)
                .map(|i| i + 1)
                .unwrap_or(0);
            problems.push(format!(
                "{name}: the transcript differs between two runs (first at line {line})"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} scenario files have problems:\n{}",
        problems.len(),
        files.len(),
        problems.join("\n")
    );
}
