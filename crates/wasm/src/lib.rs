//! WebAssembly bindings: the only code that knows about JavaScript.
//!
//! One opaque handle, [`Simulator`], wraps a [`Simulation`] and the operation history
//! the page's scrubber walks. Methods take and return small values: strings, numbers,
//! and plain objects built with serde-wasm-bindgen from the engine's
//! [`daemonset_sim::view`] structs. Engine errors become JS `Error`s with the engine's
//! message. A panic is reported to `globalThis.__dsimPanic(message)` when the page
//! defines it (and to the console), so the page can say so plainly and offer a reset.

#![allow(clippy::new_without_default)] // a JS constructor, not a Rust default

mod history;
pub mod lesson;

use daemonset_sim::sim::Simulation;
use history::{History, Op};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Installs the panic hook. Runs once when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let msg = info.to_string();
        let global = js_sys::global();
        if let Ok(f) = js_sys::Reflect::get(&global, &JsValue::from_str("__dsimPanic")) {
            if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                let _ = f.call1(&JsValue::NULL, &JsValue::from_str(&msg));
            }
        }
    }));
}

/// The engine's version (the crate version), for the page's footer and bug reports.
#[wasm_bindgen]
pub fn engine_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Hands `kubectl explain` its descriptions (www/explain-descriptions.txt): this wasm
/// is built without them to keep the page's first load small. The worker calls it
/// before the first command that mentions `explain`; later calls change nothing.
#[wasm_bindgen]
pub fn load_explain_descriptions(text: &str) -> Result<(), JsError> {
    daemonset_sim::manifest::explain::load_descriptions(text).map_err(|e| JsError::new(&e))
}

fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Scenario facts the page shows when it loads one.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ScenarioInfo {
    name: String,
    title: String,
    what: String,
    steps: Vec<String>,
    files: Vec<(String, String)>,
}

impl Simulator {
    /// Runs one command line, records it and lets the lesson goals see it.
    fn exec_result(&mut self, line: &str) -> daemonset_sim::kubectl::ExecResult {
        let op = Op::Exec(line.to_string());
        let out = history::apply(&mut self.sim, &op).unwrap_or_default();
        self.record(op);
        self.lesson.observe(&mut self.sim, line, &out);
        out
    }

    fn record(&mut self, op: Op) {
        if self.recording {
            self.history.record(op, &self.sim);
        }
    }
}

/// A simulated cluster driven from JavaScript.
#[wasm_bindgen]
pub struct Simulator {
    sim: Simulation,
    history: History,
    /// False while the page builds its starting cluster (see `pause_history`).
    recording: bool,
    /// Node fingerprints as of the last `view_delta_json` (what the page has drawn).
    sent: std::collections::BTreeMap<String, u32>,
    /// The loaded scenario's goals (its `expect`), checked live by `goals`.
    lesson: lesson::Lesson,
}

#[wasm_bindgen]
impl Simulator {
    /// An empty cluster with the given seed.
    #[wasm_bindgen(constructor)]
    pub fn new(seed: u32) -> Simulator {
        let sim = Simulation::new(seed as u64);
        let history = History::new(&sim);
        Simulator {
            sim,
            history,
            recording: true,
            sent: Default::default(),
            lesson: Default::default(),
        }
    }

    /// Replaces the cluster with the one a scenario file describes (its nodes and
    /// files; the steps are returned for the page to offer, not run).
    ///
    /// # Errors
    /// The scenario's diagnostics, one per line, when the text is not a valid scenario.
    pub fn load_scenario(&mut self, text: &str) -> Result<JsValue, JsError> {
        let s = daemonset_sim::scenario::load(text).map_err(|e| JsError::new(&e.to_string()))?;
        self.sim = s.simulation();
        self.lesson = lesson::Lesson::new(&s, &mut self.sim);
        self.history = History::new(&self.sim);
        self.sent.clear();
        to_js(&ScenarioInfo {
            name: s.name.clone(),
            title: s.title.clone().unwrap_or_default(),
            what: s.what.clone().unwrap_or_default(),
            steps: s.steps.iter().map(|st| st.to_string()).collect(),
            files: s
                .files
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        })
    }

    /// Runs one command line (kubectl or `sim` verbs): `{ ok, output }`.
    pub fn exec(&mut self, line: &str) -> Result<JsValue, JsError> {
        let out = self.exec_result(line);
        to_js(&out)
    }

    /// The loaded scenario's goals (one per `expect` key), checked against the
    /// simulation as it is now: `[{ text, ok, seen }]` (empty without a scenario).
    pub fn goals(&mut self) -> Result<JsValue, JsError> {
        self.lesson.note(&mut self.sim);
        to_js(&self.lesson.goals(&self.sim))
    }

    /// Stores a file for `kubectl apply -f NAME` (the editor's text).
    pub fn put_file(&mut self, name: &str, text: &str) {
        let op = Op::PutFile(name.to_string(), text.to_string());
        history::apply(&mut self.sim, &op);
        self.record(op);
    }

    /// One unit of work (one controller sync, one scheduling pass or one timer),
    /// moving the clock to the next timer when nothing is due now. Returns false
    /// when nothing is left to do.
    pub fn step(&mut self) -> bool {
        let did = history::step(&mut self.sim);
        if did {
            self.record(Op::Step);
        }
        did
    }

    /// Steps until one DaemonSet controller sync has run (at most `limit` units of
    /// work). Returns the number of units done (0 when nothing is left).
    pub fn step_sync(&mut self, limit: u32) -> u32 {
        let mut n = 0;
        while n < limit {
            let sync_due = daemonset_sim::view::pending_syncs(&self.sim) > 0;
            if !self.step() {
                break;
            }
            n += 1;
            if sync_due {
                break;
            }
        }
        n
    }

    /// Runs `ms` simulated milliseconds.
    pub fn advance(&mut self, ms: f64) {
        let ms = if ms.is_finite() && ms > 0.0 {
            ms.round() as u64
        } else {
            0
        };
        if ms == 0 {
            return;
        }
        let op = Op::Advance(ms);
        history::apply(&mut self.sim, &op);
        self.record(op);
    }

    /// Runs up to `ms` simulated milliseconds, but stops early, between two units of
    /// work, once `budget_ms` of wall-clock time has been spent, so a frame stays
    /// short on a big cluster (the simulation then runs slower than asked). Returns
    /// the simulated milliseconds actually run. The operation is recorded with the
    /// number of units done, so `seek` reproduces the state exactly.
    pub fn advance_budget(&mut self, ms: f64, budget_ms: f64) -> f64 {
        let ms = if ms.is_finite() && ms > 0.0 {
            ms.round() as u64
        } else {
            0
        };
        if ms == 0 {
            return 0.0;
        }
        let start = self.sim.now();
        let limit = start.plus(ms);
        let t0 = js_sys::Date::now();
        let (steps, finished) = history::run_toward(&mut self.sim, limit, u64::MAX, &mut || {
            js_sys::Date::now() - t0 <= budget_ms
        });
        if steps > 0 || finished {
            self.record(Op::Run {
                limit_ms: limit.ms(),
                steps,
                finished,
            });
        }
        self.sim.now().since(start) as f64
    }

    /// The simulated clock in milliseconds.
    pub fn now_ms(&self) -> f64 {
        self.sim.now().ms() as f64
    }

    /// When the next timer fires (simulated ms), or -1 when none is armed.
    pub fn next_timer_ms(&self) -> f64 {
        daemonset_sim::view::next_timer_ms(&self.sim)
            .map(|t| t as f64)
            .unwrap_or(-1.0)
    }

    /// Whether work is due at the current instant.
    pub fn busy(&self) -> bool {
        self.sim.has_work_now()
    }

    /// A number that changes whenever the snapshot would change.
    pub fn version(&self) -> u32 {
        daemonset_sim::view::store_version(&self.sim)
    }

    /// The snapshot the page draws (see `daemonset_sim::view`).
    pub fn view(&self) -> Result<JsValue, JsError> {
        to_js(&daemonset_sim::view::snapshot(&self.sim))
    }

    /// The same snapshot as JSON text (cheaper to move for large clusters).
    pub fn view_json(&self) -> String {
        serde_json::to_string(&daemonset_sim::view::snapshot(&self.sim)).unwrap_or_default()
    }

    /// The snapshot as JSON text, with nodes unchanged since the previous call sent
    /// as stubs (`{ name, sig, same: true }`): the page reuses what it drew. The first
    /// call, and the first after `seek`, `reset` or `load_scenario`, is complete.
    pub fn view_delta_json(&mut self) -> String {
        let sent = &self.sent;
        let mut next = std::collections::BTreeMap::new();
        let view = daemonset_sim::view::snapshot_with(&self.sim, &mut |name, sig| {
            next.insert(name.to_string(), sig);
            sent.get(name) == Some(&sig)
        });
        self.sent = next;
        serde_json::to_string(&view).unwrap_or_default()
    }

    /// Timeline entries from `seq` on, at most `max`: `[{ seq, atMs, actor, what }]`.
    pub fn timeline_since(&self, seq: f64, max: u32) -> Result<JsValue, JsError> {
        let seq = if seq.is_finite() && seq > 0.0 {
            seq as u64
        } else {
            0
        };
        let all = self.sim.timeline.since(seq);
        let from = all.len().saturating_sub(max as usize);
        to_js(&all[from..])
    }

    /// Editor diagnostics for manifest text: `[{ severity, line, col, path, message, hint }]`.
    pub fn check_manifest(&self, text: &str) -> Result<JsValue, JsError> {
        to_js(&daemonset_sim::manifest::check(text))
    }

    /// "What the controller creates": the pod the DaemonSet in `text` would get on
    /// `node` (the first node when empty), as YAML with the lines the controller
    /// added marked.
    ///
    /// # Errors
    /// When the text holds no valid DaemonSet.
    pub fn preview(&self, text: &str, node: &str) -> Result<JsValue, JsError> {
        let node = if node.is_empty() {
            self.sim
                .store
                .nodes()
                .keys()
                .next()
                .cloned()
                .unwrap_or_else(|| "node-1".into())
        } else {
            node.to_string()
        };
        let p = daemonset_sim::view::preview(text, &node).map_err(|e| JsError::new(&e))?;
        to_js(&p)
    }

    /// Position of the scrubber: how many operations the current state has applied.
    pub fn history_pos(&self) -> u32 {
        self.history.pos as u32
    }

    /// How many operations are recorded (including ones after the position).
    pub fn history_len(&self) -> u32 {
        self.history.entries.len() as u32
    }

    /// Simulated ms after operation `i` (0 for the start).
    pub fn history_time(&self, i: u32) -> f64 {
        if i == 0 {
            return self.history_start_ms();
        }
        self.history
            .entries
            .get(i as usize - 1)
            .map(|e| e.at_ms as f64)
            .unwrap_or(-1.0)
    }

    fn history_start_ms(&self) -> f64 {
        self.history.rebuild_start_ms() as f64
    }

    /// The first operation index whose instant is at or after `ms` (for a time
    /// scrubber), or the length when none is.
    pub fn history_index_at(&self, ms: f64) -> u32 {
        let ms = ms.max(0.0) as u64;
        let i = self.history.entries.partition_point(|e| e.at_ms < ms);
        (i as u32 + 1).min(self.history.entries.len() as u32)
    }

    /// A label for operation `i` (`kubectl cordon node-2`, `advance 500ms`, `step`).
    pub fn history_label(&self, i: u32) -> String {
        match i
            .checked_sub(1)
            .and_then(|j| self.history.entries.get(j as usize))
        {
            None => "start".into(),
            Some(e) => match &e.op {
                Op::Exec(l) => l.clone(),
                Op::PutFile(n, _) => format!("edit {n}"),
                Op::Step => "step".into(),
                Op::Advance(ms) => format!("advance {}", daemonset_sim::clock::format_clock(*ms)),
                Op::Run { steps: 0, .. } => "play".into(),
                Op::Run {
                    steps,
                    finished: true,
                    ..
                } => format!("play · {steps} step{}", if *steps == 1 { "" } else { "s" }),
                Op::Run { steps, .. } => format!("play · {steps} steps (engine busy)"),
            },
        }
    }

    /// Goes to the state after the first `i` operations (exactly as it was then).
    /// Later operations are kept until a new one is recorded.
    pub fn seek(&mut self, i: u32) {
        let i = (i as usize).min(self.history.entries.len());
        if i == self.history.pos {
            return;
        }
        self.sim = self.history.rebuild(i);
        self.history.pos = i;
        // After going back, a later branch may reuse resourceVersions: redraw all.
        self.sent.clear();
    }

    /// What `sim why ds/NAME NODE -n NAMESPACE` prints, without running it as a
    /// command (not recorded: the page refreshes its "why" panel with it).
    ///
    /// # Errors
    /// The engine's message when the DaemonSet does not exist.
    pub fn why(&self, namespace: &str, name: &str, node: &str) -> Result<String, JsError> {
        let key = (namespace.to_string(), name.to_string());
        let node = if node.is_empty() { None } else { Some(node) };
        self.sim.why(&key, node).map_err(|e| JsError::new(&e))
    }

    /// Tab completions for the last word of a command line.
    pub fn complete(&self, line: &str) -> Vec<String> {
        daemonset_sim::view::completions(&self.sim, line)
    }

    /// The operations from the start of the scrubber to its position, as JSON text
    /// (`[["x", line], ["f", name, text], ["s"], ["a", ms], ["r", limit, steps, 0|1]]`):
    /// with the scenario or setup they started from, a link replays them to exactly
    /// this state.
    pub fn history_ops_json(&self) -> String {
        let ops: Vec<_> = self.history.applied().map(Op::to_json).collect();
        serde_json::Value::Array(ops).to_string()
    }

    /// Applies operations in `history_ops_json`'s form, exactly as the page did
    /// (commands go through `exec`, so lesson goals see them; recorded unless the
    /// history is paused). Returns one `{ ok, output }` per command, `null` for the
    /// others.
    ///
    /// # Errors
    /// When the text is not a list of valid operations, or one would run longer than
    /// a page session could have asked (see `history::MAX_LINKED_OP_MS`); operations
    /// before the bad one stay applied.
    pub fn apply_ops_json(&mut self, json: &str) -> Result<JsValue, JsError> {
        let v: serde_json::Value =
            serde_json::from_str(json).map_err(|e| JsError::new(&format!("operations: {e}")))?;
        let list = v
            .as_array()
            .ok_or_else(|| JsError::new("operations: not a list"))?;
        let mut out = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            let op = Op::from_json(item, self.sim.now().ms())
                .map_err(|e| JsError::new(&format!("operation {}: {e}", i + 1)))?;
            out.push(match op {
                Op::Exec(line) => Some(self.exec_result(&line)),
                other => {
                    history::apply(&mut self.sim, &other);
                    self.record(other);
                    None
                }
            });
        }
        to_js(&out)
    }

    /// Stops recording operations until `mark_start` (the page's setup commands
    /// are not steps a learner scrubs through).
    pub fn pause_history(&mut self) {
        self.recording = false;
    }

    /// Makes the current state the start of the scrubber (after the page's setup).
    pub fn mark_start(&mut self) {
        self.history = History::new(&self.sim);
        self.recording = true;
    }

    /// Forgets everything: an empty cluster with the given seed.
    pub fn reset(&mut self, seed: u32) {
        *self = Simulator::new(seed);
    }

    /// Panics on purpose (tests of the page's crash handling).
    pub fn debug_panic(&self) {
        panic!("debug_panic called: a deliberate engine panic");
    }
}
