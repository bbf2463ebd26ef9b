//! The scenario loader on arbitrary text; a scenario that loads and is small (few
//! nodes, steps and bytes of files) is also run, expectations and all. Neither may
//! panic: a bad file gets a `ScenarioError` with its line and column, a failing step
//! or expectation a report.
#![no_main]

use daemonset_sim::scenario;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(s) = scenario::load(text) else { return };
    let files: usize = s.files.values().map(String::len).sum();
    if s.nodes.len() <= 8 && s.steps.len() <= 20 && files <= 16 * 1024 {
        let report = scenario::run(&s);
        let _ = report.passed();
    }
});
