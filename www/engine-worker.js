// The engine's thread: a module worker that owns the WebAssembly Simulator, so that
// a slow simulation step (a big cluster, `sim settle`) never blocks the page's
// frames or input. It answers { id, method, args } messages in order with
// { id, value } | { id, error } | { id, crashed }. After a panic (a trap) it answers
// only `crashed`: the page then starts a fresh worker.

import init, { Simulator, engine_version, load_explain_descriptions } from "./pkg/daemonset_sim_wasm.js";

let sim = null;
let crashed = null;
let lastVersion = -1;

// The wasm panic hook calls this (with the panic message) before the trap.
self.__dsimPanic = (msg) => {
  crashed = String(msg);
};

/** The wasm: beside this script, or inlined as base64 by the single-file export. */
function wasmSource() {
  const b64 = self.__dsimWasmBase64;
  if (!b64) return new URL("./pkg/daemonset_sim_wasm_bg.wasm", import.meta.url);
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

const ready = init({ module_or_path: wasmSource() })
  .then(() => {
    sim = new Simulator(1);
  });

// `kubectl explain`'s descriptions are not in the wasm (they are not needed for the
// first view): they are fetched, once, before the first call whose arguments mention
// `explain` (a command line, a scenario's steps, a link's operations), so the command
// then answers exactly as the native CLI does. The single-file export inlines them.
let explainLoaded = false;

async function loadExplain() {
  const text = self.__dsimExplain !== undefined ? self.__dsimExplain
    : await fetch(new URL("./explain-descriptions.txt", import.meta.url)).then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.text();
    });
  load_explain_descriptions(text);
  explainLoaded = true;
}

function history() {
  const pos = sim.history_pos();
  return { pos, len: sim.history_len(), time: sim.history_time(pos), label: sim.history_label(pos) };
}

/** The delta snapshot (JSON text) when anything changed since the last one. */
function snapshot(force) {
  const v = sim.version();
  if (!force && v === lastVersion) return { changed: false };
  lastVersion = v;
  return { changed: true, json: sim.view_delta_json(), history: history() };
}

const methods = {
  version: () => engine_version(),
  reset: (seed) => { sim.reset(seed); lastVersion = -1; },
  pauseHistory: () => sim.pause_history(),
  markStart: () => sim.mark_start(),
  exec: (line) => sim.exec(line),
  /** Runs lines in order; returns [{ line, ok, output }]. */
  execMany: (lines) => lines.map((line) => ({ line, ...sim.exec(line) })),
  putFile: (name, text) => sim.put_file(name, text),
  stepSync: (limit) => sim.step_sync(limit),
  check: (text) => sim.check_manifest(text),
  preview: (text, node) => {
    try {
      return sim.preview(text, node);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) throw e;
      return { error: String(e && e.message || e) };
    }
  },
  complete: (line) => sim.complete(line),
  why: (ns, name, node) => {
    try {
      return { ok: true, output: sim.why(ns, name, node) };
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) throw e;
      return { ok: false, output: String(e && e.message || e) };
    }
  },
  timelineSince: (seq, max) => sim.timeline_since(seq, max),
  seek: (i) => sim.seek(i),
  historyPos: () => sim.history_pos(),
  loadScenario: (text) => sim.load_scenario(text),
  goals: () => sim.goals(),
  /** Plays `ms` of simulated time within `budget` ms of work, then the snapshot. */
  frame: (ms, budget) => {
    const got = ms > 0 ? sim.advance_budget(ms, budget) : 0;
    return { ...snapshot(false), behind: ms > 0 && got < ms };
  },
  view: (force) => snapshot(force),
  /** The complete snapshot (tests compare these). */
  fullView: () => sim.view_json(),
  debugPanic: () => sim.debug_panic(),
  historyOps: () => sim.history_ops_json(),
  applyOps: (json) => sim.apply_ops_json(json),
};

// Messages are answered strictly in order, also while one waits for a fetch.
let queue = Promise.resolve();
self.onmessage = (e) => {
  queue = queue.then(() => handle(e.data));
};

async function handle({ id, method, args }) {
  try {
    await ready;
  } catch (err) {
    self.postMessage({ id, crashed: `the engine failed to load: ${err && err.message || err}` });
    return;
  }
  if (crashed !== null) {
    self.postMessage({ id, crashed });
    return;
  }
  if (!explainLoaded && args && JSON.stringify(args).includes("explain")) {
    // On failure explain says its descriptions could not be fetched; all else works.
    await loadExplain().catch(() => {});
  }
  try {
    self.postMessage({ id, value: methods[method](...(args || [])) });
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError || crashed !== null) {
      crashed = crashed || String(err && err.message || err);
      self.postMessage({ id, crashed });
    } else {
      self.postMessage({ id, error: String(err && err.message || err) });
    }
  }
}
