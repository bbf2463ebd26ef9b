// The only module that calls the WebAssembly exports. It owns the Simulator handle,
// turns engine traps into one "crashed" state the page can show, and can start a
// fresh engine instance (a new module instance) after a crash. No Kubernetes logic
// lives here: the page forwards command lines and draws the engine's snapshots.

const PKG = new URL("./pkg/daemonset_sim_wasm.js", import.meta.url).href;

let instance = 0;

export class Engine {
  constructor() {
    this.mod = null;
    this.sim = null;
    this.crashed = null; // the panic message once the engine has crashed
    this.onCrash = () => {};
    this.seed = 1;
  }

  /** Loads (or reloads, after a crash) the engine and creates a simulator. */
  async load() {
    // A panic inside Rust calls this before the trap reaches the caller.
    globalThis.__dsimPanic = (msg) => {
      this.crashed = String(msg);
    };
    // A fresh URL gives a fresh module instance (and a fresh wasm memory) after a crash.
    const url = instance++ === 0 ? PKG : `${PKG}?instance=${instance}`;
    const mod = await import(url);
    const wasmUrl = new URL("./pkg/daemonset_sim_wasm_bg.wasm", import.meta.url);
    await mod.default({ module_or_path: wasmUrl });
    this.mod = mod;
    this.sim = new mod.Simulator(this.seed);
    this.crashed = null;
    return this;
  }

  /** Calls `fn(sim)`, turning an engine trap into the crashed state. */
  call(fn, fallback) {
    if (this.crashed !== null || !this.sim) return fallback;
    try {
      return fn(this.sim);
    } catch (e) {
      // Engine errors (JsError) are ordinary Errors; a trap is a RuntimeError.
      if (e instanceof WebAssembly.RuntimeError || this.crashed !== null) {
        this.crashed = this.crashed || String(e && e.message || e);
        this.sim = null;
        this.onCrash(this.crashed);
        return fallback;
      }
      throw e;
    }
  }

  version() { return this.mod ? this.mod.engine_version() : ""; }
  exec(line) { return this.call((s) => s.exec(line), { ok: false, output: "error: the engine is not running" }); }
  putFile(name, text) { return this.call((s) => s.put_file(name, text)); }
  step() { return this.call((s) => s.step(), false); }
  stepSync(limit = 100000) { return this.call((s) => s.step_sync(limit), 0); }
  advance(ms) { return this.call((s) => s.advance(ms)); }
  nowMs() { return this.call((s) => s.now_ms(), 0); }
  nextTimerMs() { return this.call((s) => s.next_timer_ms(), -1); }
  busy() { return this.call((s) => s.busy(), false); }
  stateVersion() { return this.call((s) => s.version(), -1); }
  view() { return this.call((s) => JSON.parse(s.view_json()), null); }
  timelineSince(seq, max = 200) { return this.call((s) => s.timeline_since(seq, max), []); }
  complete(line) { return this.call((s) => s.complete(line), []); }
  markStart() { return this.call((s) => s.mark_start()); }
  historyPos() { return this.call((s) => s.history_pos(), 0); }
  historyLen() { return this.call((s) => s.history_len(), 0); }
  historyTime(i) { return this.call((s) => s.history_time(i), 0); }
  historyLabel(i) { return this.call((s) => s.history_label(i), ""); }
  seek(i) { return this.call((s) => s.seek(i)); }
  loadScenario(text) { return this.call((s) => s.load_scenario(text), null); }
  debugPanic() { return this.call((s) => s.debug_panic()); }

  /** Diagnostics for manifest text; an engine error becomes one diagnostic. */
  check(text) {
    return this.call((s) => {
      try {
        return s.check_manifest(text);
      } catch (e) {
        if (e instanceof WebAssembly.RuntimeError) throw e;
        return [{ severity: "error", line: 1, col: 1, path: "", message: String(e.message || e), hint: "" }];
      }
    }, []);
  }

  /** The pod the controller would create; `{ error }` when the text has no valid DaemonSet. */
  preview(text, node = "") {
    return this.call((s) => {
      try {
        return s.preview(text, node);
      } catch (e) {
        if (e instanceof WebAssembly.RuntimeError) throw e;
        return { error: String(e.message || e) };
      }
    }, { error: "the engine is not running" });
  }
}
