//! The wasm boundary in a real browser (headless Chromium through chromedriver):
//! the handle works, the view has its documented shape, errors arrive as errors,
//! going back in time gives exactly the earlier state, and the engine compiled to
//! wasm replays every scenario's transcript identically to the native build.
//!
//! ```text
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test -p daemonset-sim-wasm --target wasm32-unknown-unknown --tests
//! ```
//! The expected hashes come from the same scenarios run by the engine compiled
//! natively, in `build.rs`, on every build: no golden file to keep up to date.

#![allow(missing_docs)] // test file

include!(concat!(env!("OUT_DIR"), "/scenarios.rs"));

/// FNV-1a 64 of a transcript: stable across targets.
fn fnv64(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// `name hash` lines for every scenario (as build.rs computes them natively).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn transcript_hashes() -> String {
    let mut out = String::new();
    for (name, text) in SCENARIOS {
        let answer = match daemonset_sim::scenario::load(text) {
            Ok(s) => format!(
                "{:016x}",
                fnv64(&daemonset_sim::scenario::run(&s).transcript)
            ),
            Err(_) => "invalid".to_string(),
        };
        out.push_str(&format!("{name} {answer}\n"));
    }
    out
}

/// The native engine's hashes, from build.rs.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
const NATIVE: &str = include_str!(concat!(env!("OUT_DIR"), "/native_transcripts.txt"));

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::*;
    use daemonset_sim_wasm::Simulator;
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn get(v: &JsValue, key: &str) -> JsValue {
        js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap()
    }

    #[wasm_bindgen_test]
    fn wasm_transcripts_equal_the_native_ones() {
        assert!(!SCENARIOS.is_empty(), "the scenario suite is included");
        // As the page's worker does before explain runs (the wasm has no texts).
        daemonset_sim_wasm::load_explain_descriptions(include_str!(
            "../../../www/explain-descriptions.txt"
        ))
        .unwrap();
        assert!(
            !NATIVE.contains(" panicked"),
            "the native engine panicked on a scenario:\n{NATIVE}"
        );
        let wasm = transcript_hashes();
        for (w, n) in wasm.lines().zip(NATIVE.lines()) {
            assert_eq!(
                w, n,
                "the wasm engine's transcript differs from the native one"
            );
        }
        assert_eq!(wasm.lines().count(), NATIVE.lines().count());
    }

    #[wasm_bindgen_test]
    fn a_loaded_lesson_s_goals_tick_as_commands_run() {
        let mut s = Simulator::new(1);
        s.load_scenario(include_str!("../../../www/lessons/14-delete-cascade.yaml"))
            .unwrap();
        let oks = |s: &mut Simulator| -> Vec<bool> {
            js_sys::Array::from(&s.goals().unwrap())
                .iter()
                .map(|g| {
                    assert!(get(&g, "text").as_string().is_some_and(|t| !t.is_empty()));
                    assert!(get(&g, "seen").is_string());
                    get(&g, "ok") == JsValue::TRUE
                })
                .collect()
        };
        assert_eq!(
            oks(&mut s),
            vec![false, false],
            "nothing reached at the start"
        );
        for line in [
            "kubectl apply -f ds.yaml",
            "sim settle",
            "kubectl delete ds log-agent",
            "sim settle",
        ] {
            s.exec(line).unwrap();
        }
        assert_eq!(oks(&mut s), vec![true, false], "pods gone; output not yet");
        s.exec("kubectl get pods -l app=log-agent").unwrap();
        assert_eq!(oks(&mut s), vec![true, true]);
        let mut free = Simulator::new(1);
        assert_eq!(js_sys::Array::from(&free.goals().unwrap()).length(), 0);
    }

    #[wasm_bindgen_test]
    fn the_handle_runs_commands_and_returns_ok_and_output() {
        let mut s = Simulator::new(7);
        let r = s.exec("sim add-node node-1 --labels disktype=ssd").unwrap();
        assert_eq!(get(&r, "ok"), JsValue::TRUE);
        let r = s.exec("kubectl get nodes").unwrap();
        let out = get(&r, "output").as_string().unwrap();
        assert!(out.contains("node-1"), "{out}");
        let r = s.exec("kubectl frobnicate").unwrap();
        assert_eq!(get(&r, "ok"), JsValue::FALSE);
    }

    #[wasm_bindgen_test]
    fn the_view_has_its_documented_shape() {
        let mut s = Simulator::new(1);
        s.exec("sim add-node node-1").unwrap();
        s.exec("sim add-node node-2 --taints dedicated=x:NoSchedule")
            .unwrap();
        s.put_file(
            "ds.yaml",
            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: a\n        image: agent:1\n",
        );
        let r = s.exec("kubectl apply -f ds.yaml").unwrap();
        assert_eq!(get(&r, "ok"), JsValue::TRUE, "{:?}", get(&r, "output"));
        s.exec("sim settle").unwrap();
        let v = s.view().unwrap();
        for key in [
            "nowMs",
            "clock",
            "timelineLen",
            "rv",
            "nodes",
            "unscheduled",
            "daemonsets",
            "events",
        ] {
            assert!(!get(&v, key).is_undefined(), "view.{key}");
        }
        let nodes = js_sys::Array::from(&get(&v, "nodes"));
        assert_eq!(nodes.length(), 2);
        let n1 = nodes.get(0);
        for key in [
            "name", "exists", "ready", "status", "cordoned", "labels", "taints", "sig", "pods",
        ] {
            assert!(!get(&n1, key).is_undefined(), "node.{key}");
        }
        let pods = js_sys::Array::from(&get(&n1, "pods"));
        assert_eq!(pods.length(), 1, "one agent pod on node-1");
        let p = pods.get(0);
        for key in [
            "name",
            "owner",
            "phase",
            "status",
            "readyText",
            "ready",
            "available",
            "terminating",
            "updated",
            "hash",
            "revision",
            "image",
            "stage",
        ] {
            assert!(!get(&p, key).is_undefined(), "pod.{key}");
        }
        assert_eq!(get(&p, "status").as_string().unwrap(), "Running");
        let n2 = nodes.get(1);
        assert_eq!(
            js_sys::Array::from(&get(&n2, "pods")).length(),
            0,
            "the taint keeps it off node-2"
        );
        let ds = js_sys::Array::from(&get(&v, "daemonsets")).get(0);
        for key in [
            "name",
            "desired",
            "current",
            "ready",
            "upToDate",
            "available",
            "misscheduled",
            "strategy",
            "maxUnavailable",
            "maxSurge",
            "rolloutStatus",
            "revisions",
        ] {
            assert!(!get(&ds, key).is_undefined(), "ds.{key}");
        }
        assert_eq!(get(&ds, "desired").as_f64(), Some(1.0));
        // The JSON form carries the same snapshot.
        let json: serde_json::Value = serde_json::from_str(&s.view_json()).unwrap();
        assert_eq!(json["daemonsets"][0]["desired"], 1);
    }

    #[wasm_bindgen_test]
    fn engine_errors_reach_js_as_errors() {
        let mut s = Simulator::new(1);
        assert!(s.load_scenario("name: [unterminated").is_err());
        assert!(s.preview("kind: ConfigMap\n", "n").is_err());
        let diags = s
            .check_manifest("apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: x}\nspec: {}\n")
            .unwrap();
        assert!(
            js_sys::Array::from(&diags).length() > 0,
            "diagnostics for an empty spec"
        );
    }

    #[wasm_bindgen_test]
    fn seeking_back_gives_exactly_the_earlier_state() {
        let mut s = Simulator::new(3);
        for n in 1..=4 {
            s.exec(&format!("sim add-node node-{n}")).unwrap();
        }
        s.put_file(
            "ds.yaml",
            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n",
        );
        s.exec("kubectl apply -f ds.yaml").unwrap();
        s.exec("sim settle").unwrap();
        s.exec("kubectl set image ds/web web=nginx:1.26").unwrap();
        let mut marks = Vec::new();
        for _ in 0..60 {
            s.step_sync(1000);
            s.advance(250.0);
            s.advance_budget(400.0, 0.0);
            marks.push((s.history_pos(), s.view_json()));
        }
        for (pos, view) in marks.iter().rev().step_by(7) {
            s.seek(*pos);
            assert_eq!(&s.view_json(), view, "state at position {pos}");
        }
        // A new action after going back starts a new branch.
        s.seek(marks[3].0);
        s.exec("kubectl get ds").unwrap();
        assert_eq!(s.history_len(), marks[3].0 + 1);
    }
}
