//! The page's lessons (`www/lessons/*.yaml`): every one is a valid scenario whose
//! solution (its `steps`) reaches all its goals (its `expect`), both as the scenario
//! runner checks them and as the page's live checklist ticks them; no lesson starts
//! already complete; and `www/lessons/index.json` (the page's picker) lists each
//! file once, with its title.

#![cfg(not(target_arch = "wasm32"))]
#![allow(missing_docs)] // test file

use daemonset_sim::scenario::{load, run};
use daemonset_sim_wasm::lesson::Lesson;
use std::path::{Path, PathBuf};

fn lessons_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www/lessons")
}

fn lesson_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(lessons_dir())
        .expect("www/lessons exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_lesson_solution_reaches_all_its_goals() {
    let files = lesson_files();
    assert!(
        files.len() >= 12,
        "at least twelve lessons, found {}",
        files.len()
    );
    let mut bad = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let s = match load(&text) {
            Ok(s) => s,
            Err(e) => {
                bad.push(format!("{name}: not a valid scenario: {e}"));
                continue;
            }
        };
        assert!(s.title.is_some(), "{name}: a lesson needs a title");
        let what = s.what.clone().unwrap_or_default();
        assert!(
            what.contains("**Goal:**") || what.contains("**Challenge.**"),
            "{name}: the prose states the goal"
        );
        assert!(what.contains("**Hint:**"), "{name}: the prose has a hint");
        assert!(s.expect.is_some(), "{name}: a lesson needs goals (expect)");
        let r = run(&s);
        if !r.passed() {
            bad.push(format!(
                "{name}: {}{}",
                r.step_error.map(|e| e.to_string()).unwrap_or_default(),
                r.failures
                    .iter()
                    .map(|f| format!("\n  {f}"))
                    .collect::<String>()
            ));
        }
        // The page's checklist: the same steps, one command at a time.
        let mut sim = s.simulation();
        let mut lesson = Lesson::new(&s, &mut sim);
        let start = lesson.goals(&sim);
        assert!(!start.is_empty(), "{name}: no goals");
        assert!(
            start.iter().any(|g| !g.ok),
            "{name}: every goal already holds before the learner does anything"
        );
        for line in &s.steps {
            let out = daemonset_sim::kubectl::exec(&mut sim, line);
            lesson.observe(&mut sim, line, &out);
        }
        let end = lesson.goals(&sim);
        for g in end.iter().filter(|g| !g.ok) {
            bad.push(format!(
                "{name}: live goal {:?} not reached: {}",
                g.text, g.seen
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_index_lists_every_lesson_with_its_title() {
    let index: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(lessons_dir().join("index.json")).expect("index.json"),
    )
    .expect("index.json is JSON");
    let entries = index.as_array().expect("a list");
    let files = lesson_files();
    assert_eq!(
        entries.len(),
        files.len(),
        "index.json lists every lesson once"
    );
    for (e, path) in entries.iter().zip(&files) {
        let file = path.file_name().unwrap().to_string_lossy();
        assert_eq!(e["file"], file.as_ref());
        let s = load(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(e["title"].as_str(), s.title.as_deref(), "{file}");
    }
}
