// The only module that talks to the engine. The WebAssembly Simulator lives in a
// worker (www/engine-worker.js) so the page's frames and input never wait for a
// simulation step; every call here is asynchronous and answered in order. Engine
// crashes (a panic, i.e. a wasm trap) become one "crashed" state; `load()` then
// starts a fresh engine. No Kubernetes logic lives here: the page forwards command
// lines and draws the engine's snapshots.

let inlineWorker = null;

/**
 * The worker's script: engine-worker.js beside this module, or, in the single-file
 * export (tests/e2e/build-single.mjs), a Blob URL made once from the worker bundle,
 * the base64 wasm and explain's descriptions that file carries in non-executable
 * <script> tags.
 */
function workerScript() {
  const src = typeof document !== "undefined" && document.getElementById("dsim-worker");
  const wasm = src && document.getElementById("dsim-wasm");
  if (!src || !wasm || src.type !== "text/plain") return { url: new URL("./engine-worker.js", import.meta.url), type: "module" };
  if (!inlineWorker) {
    // The export also carries kubectl explain's descriptions (a JS string literal).
    const explain = document.getElementById("dsim-explain");
    const head = `self.__dsimWasmBase64 = ${JSON.stringify(wasm.textContent.trim())};\n`
      + (explain ? `self.__dsimExplain = ${explain.textContent.trim()};\n` : "");
    inlineWorker = URL.createObjectURL(new Blob([head, src.textContent], { type: "text/javascript" }));
  }
  return { url: inlineWorker, type: "classic" };
}

export class Engine {
  constructor() {
    this.worker = null;
    this.pending = new Map();
    this.nextId = 1;
    this.crashed = null; // the panic message once the engine has crashed
    this.onCrash = () => {};
    this.seed = 1;
    this.nodeCache = new Map();
  }

  /** Starts (or restarts, after a crash) the engine. */
  async load() {
    if (this.worker) this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error("engine restarted"));
    this.pending.clear();
    this.crashed = null;
    this.nodeCache = new Map();
    const script = workerScript();
    this.worker = new Worker(script.url, { type: script.type, name: "daemonset-sim engine" });
    this.worker.onmessage = (e) => this.answer(e.data);
    this.worker.onerror = (e) => this.crash(`the engine failed: ${e.message || "worker error"}`);
    this.engineVersion = await this.request("version");
    return this;
  }

  answer({ id, value, error, crashed }) {
    const p = this.pending.get(id);
    this.pending.delete(id);
    if (crashed !== undefined) {
      this.crash(crashed);
      if (p) p.resolve(p.fallback);
      return;
    }
    if (!p) return;
    if (error !== undefined) p.reject(new Error(error));
    else p.resolve(value);
  }

  crash(msg) {
    if (this.crashed !== null) return;
    this.crashed = String(msg);
    for (const p of this.pending.values()) p.resolve(p.fallback);
    this.pending.clear();
    this.onCrash(this.crashed);
  }

  /** Calls `method` in the engine; resolves to `fallback` once it has crashed. */
  request(method, args = [], fallback) {
    if (this.crashed !== null || !this.worker) return Promise.resolve(fallback);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, fallback });
      this.worker.postMessage({ id, method, args });
    });
  }

  version() { return this.engineVersion || ""; }
  reset() { this.nodeCache = new Map(); return this.request("reset", [this.seed]); }
  pauseHistory() { return this.request("pauseHistory"); }
  markStart() { return this.request("markStart"); }
  exec(line) { return this.request("exec", [line], { ok: false, output: "error: the engine is not running" }); }
  execMany(lines) { return this.request("execMany", [lines], []); }
  putFile(name, text) { return this.request("putFile", [name, text]); }
  stepSync(limit = 100000) { return this.request("stepSync", [limit], 0); }
  complete(line) { return this.request("complete", [line], []); }
  why(ns, name, node) { return this.request("why", [ns, name, node], { ok: false, output: "" }); }
  timelineSince(seq, max = 200) { return this.request("timelineSince", [seq, max], []); }
  seek(i) { return this.request("seek", [i]); }
  historyPos() { return this.request("historyPos", [], 0); }
  loadScenario(text) { return this.request("loadScenario", [text], null); }
  /** The loaded scenario's goals, checked now: [{ text, ok, seen }]. */
  goals() { return this.request("goals", [], []); }
  debugPanic() { return this.request("debugPanic"); }
  /** The operations since the scrubber's start, up to its position (what a link carries). */
  async historyOps() { return JSON.parse(await this.request("historyOps", [], "[]")); }
  /**
   * Replays operations in the engine's own form (see www/link.js); resolves to one
   * { ok, output } per command (null for the rest). Rejects with the engine's
   * message on a malformed or overlong operation.
   */
  applyOps(ops) { return this.request("applyOps", [JSON.stringify(ops)], []); }
  /** The complete snapshot, parsed (tests compare these). */
  async view() {
    const json = await this.request("fullView", [], null);
    return json === null ? null : JSON.parse(json);
  }

  /** Diagnostics for manifest text; an engine error becomes one diagnostic. */
  async check(text) {
    try {
      return await this.request("check", [text], []);
    } catch (e) {
      return [{ severity: "error", line: 1, col: 1, path: "", message: String(e.message || e), hint: "" }];
    }
  }

  /** The pod the controller would create; `{ error }` when there is nothing to show. */
  preview(text, node = "") {
    return this.request("preview", [text, node], { error: "the engine is not running" });
  }

  /**
   * Plays `ms` simulated milliseconds (at most `budget` ms of engine work), then
   * returns { changed, view, history, behind }; `view` has every node filled in.
   */
  async frame(ms, budget) {
    return this.snapshot(await this.request("frame", [ms, budget], { changed: false }));
  }

  /** The snapshot if anything changed (or always, with force). */
  async refresh(force = false) {
    return this.snapshot(await this.request("view", [force], { changed: false }));
  }

  snapshot(r) {
    if (!r || !r.changed) return r || { changed: false };
    const v = JSON.parse(r.json);
    const next = new Map();
    v.nodes = v.nodes.map((n) => {
      const full = n.same ? this.nodeCache.get(n.name) : n;
      next.set(n.name, full);
      return full;
    });
    this.nodeCache = next;
    return { changed: true, view: v, history: r.history, behind: r.behind };
  }
}
