//! The manifest loader on arbitrary text: `manifest::load` under every field
//! validation mode and `manifest::check` (the editor's diagnostics) must never panic;
//! bad input gets diagnostics. Small inputs are also applied to a one-node cluster
//! (`kubectl apply -f`), which adds defaulting and the API server's validation.
#![no_main]

use daemonset_sim::kubectl::exec;
use daemonset_sim::manifest::{self, FieldValidation};
use daemonset_sim::sim::{NodeInput, Simulation};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for mode in [
        FieldValidation::Strict,
        FieldValidation::Warn,
        FieldValidation::Ignore,
    ] {
        let _ = manifest::load(text, "fuzz.yaml", mode);
    }
    let _ = manifest::check(text);
    if text.len() <= 4096 {
        let mut sim = Simulation::new(1);
        let _ = sim.add_node(NodeInput {
            name: "node-1".into(),
            ready: true,
            ..Default::default()
        });
        sim.files.insert("fuzz.yaml".into(), text.to_string());
        let _ = exec(&mut sim, "kubectl apply -f fuzz.yaml");
        let _ = exec(&mut sim, "kubectl get all -A -o yaml");
    }
});
