// Boot: load the engine, build a starting cluster, wire the views, and pace the
// simulation with requestAnimationFrame (JS owns wall time; the engine owns
// simulated time). Every user action becomes a command line, echoed in the terminal.

import { Engine } from "./engine.js";
import { NodesView } from "./views/nodes.js";
import { TerminalView } from "./views/terminal.js";
import { EventsView } from "./views/events.js";
import { RolloutView } from "./views/rollout.js";
import { EditorView } from "./views/editor.js";
import { CLUSTERS } from "./presets.js";
import { setText, fmtMs } from "./dom.js";

const MANIFEST_FILE = "daemonset.yaml";
const MAX_FRAME_MS = 100; // a stalled tab does not make the simulation jump ahead

const root = document.querySelector("[data-dsim-app]");
const $ = (sel) => root.querySelector(sel);
const state = { playing: false, speed: 10, lastT: 0, version: -2, view: null, firstPod: false, cluster: "basic" };

// ----- theme -----
const themeBtn = $('[data-action="theme"]');
function setTheme(t) {
  document.documentElement.dataset.theme = t;
  themeBtn.textContent = t === "dark" ? "Light" : "Dark";
  themeBtn.setAttribute("aria-pressed", String(t === "dark"));
  themeBtn.title = `Switch to the ${t === "dark" ? "light" : "dark"} theme`;
}
let savedTheme = null;
try { savedTheme = localStorage.getItem("dsim.theme"); } catch { /* no storage */ }
setTheme(savedTheme || (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"));
themeBtn.addEventListener("click", () => {
  const t = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
  setTheme(t);
  try { localStorage.setItem("dsim.theme", t); } catch { /* no storage */ }
});

// ----- engine -----
const engine = new Engine();
const crashBox = $('[data-role="crash"]');
engine.onCrash = (msg) => {
  state.playing = false;
  updatePlay();
  setText($('[data-role="crash-message"]'), msg ? `(${msg})` : "");
  crashBox.hidden = false;
  root.classList.add("crashed");
};

// ----- views -----
const terminal = new TerminalView(root, {
  exec: (line) => run(line),
  complete: (line) => engine.complete(line),
});
const nodes = new NodesView(root, { run: (line) => run(line) });
const rollout = new RolloutView(root, { run: (line) => run(line) });
const events = new EventsView(root, { timelineSince: (seq, max) => engine.timelineSince(seq, max) });
const editor = new EditorView(root, {
  check: (text) => engine.check(text),
  preview: (text, node) => engine.preview(text, node),
  apply: (text) => {
    engine.putFile(MANIFEST_FILE, text);
    run(`kubectl apply -f ${MANIFEST_FILE}`);
  },
  selectedNode: () => nodes.selected,
});

/** Runs one command line, prints it with its output, redraws. */
function run(line) {
  const res = engine.exec(line);
  terminal.print(line, res.output, res.ok ? "ok" : "error");
  render(true);
  return res;
}

function render(force = false) {
  const v = engine.stateVersion();
  if (!force && v === state.version) return;
  state.version = v;
  const view = engine.view();
  if (!view) return;
  state.view = view;
  setText($('[data-role="clock"]'), view.clock);
  nodes.render(view);
  rollout.render(view);
  events.render(view);
  if (!state.firstPod && view.nodes.some((n) => n.pods.length)) {
    state.firstPod = true;
    performance.mark("dsim:first-pod");
  }
  updateScrubber();
}

// ----- player -----
const playBtn = $('[data-action="play"]');
const speedSel = $('[data-role="speed"]');
const scrubber = $('[data-role="scrubber"]');
const scrubLabel = $('[data-role="scrub-label"]');

function updatePlay() {
  playBtn.textContent = state.playing ? "Pause" : "Play";
  playBtn.setAttribute("aria-pressed", String(state.playing));
}
function updateScrubber() {
  const len = engine.historyLen();
  const pos = engine.historyPos();
  if (scrubber.max !== String(len)) scrubber.max = String(len);
  if (scrubber.value !== String(pos)) scrubber.value = String(pos);
  const text = `${fmtMs(engine.historyTime(pos))} · ${engine.historyLabel(pos)}${pos < len ? ` (${len - pos} later step${len - pos === 1 ? "" : "s"} kept)` : ""}`;
  setText(scrubLabel, text);
  scrubber.setAttribute("aria-valuetext", text);
}
function togglePlay(on = !state.playing) {
  state.playing = on && !engine.crashed;
  updatePlay();
}
playBtn.addEventListener("click", () => togglePlay());
speedSel.addEventListener("change", () => { state.speed = Number(speedSel.value) || 1; });
state.speed = Number(speedSel.value) || 10;
$('[data-action="step"]').addEventListener("click", () => stepSync());
$('[data-action="settle"]').addEventListener("click", () => run("sim settle"));
scrubber.addEventListener("input", () => {
  togglePlay(false);
  engine.seek(Number(scrubber.value));
  render(true);
});

function stepSync() {
  togglePlay(false);
  engine.stepSync();
  render(true);
}

// The last frames' work in ms (engine + drawing), for the size/speed report.
state.frameWork = [];
function frame(t) {
  const w0 = performance.now();
  if (state.playing && state.lastT) {
    const dt = Math.min(MAX_FRAME_MS, t - state.lastT);
    if (dt > 0) engine.advance(dt * state.speed);
  }
  state.lastT = t;
  render();
  if (state.playing) {
    state.frameWork.push(performance.now() - w0);
    if (state.frameWork.length > 2000) state.frameWork.shift();
  }
  requestAnimationFrame(frame);
}

document.addEventListener("keydown", (e) => {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
  const t = e.target;
  if (t.closest && t.closest("input, textarea, select, button, [contenteditable], .cm-editor, a")) return;
  if (e.key === " ") { e.preventDefault(); togglePlay(); }
  else if (e.key === "ArrowRight") { e.preventDefault(); stepSync(); }
  else if (e.key === "ArrowLeft") {
    e.preventDefault();
    togglePlay(false);
    engine.seek(Math.max(0, engine.historyPos() - 1));
    render(true);
  }
});

// ----- cluster setup -----
const clusterSel = $('[data-role="cluster-preset"]');
function setupCluster(name, { applyManifest = true } = {}) {
  const lines = CLUSTERS[name] || CLUSTERS.basic;
  state.cluster = name;
  engine.call((s) => s.reset(engine.seed));
  engine.call((s) => s.pause_history());
  let failed = 0;
  for (const l of lines) if (!engine.exec(l).ok) failed++;
  if (lines.length > 12) terminal.print(`${lines[0]}  … (${lines.length} nodes)`, failed ? `${failed} failed` : "", failed ? "error" : "ok");
  else for (const l of lines) terminal.print(l, "", "ok");
  if (applyManifest) {
    engine.putFile(MANIFEST_FILE, editor.getText());
    const res = engine.exec(`kubectl apply -f ${MANIFEST_FILE}`);
    terminal.print(`kubectl apply -f ${MANIFEST_FILE}`, res.output, res.ok ? "ok" : "error");
    const s = engine.exec("sim settle");
    terminal.print("sim settle", s.output, s.ok ? "ok" : "error");
  }
  engine.markStart();
  render(true);
}
clusterSel.addEventListener("change", () => setupCluster(clusterSel.value));
$('[data-action="reset"]').addEventListener("click", () => setupCluster(clusterSel.value));
$('[data-action="crash-reset"]').addEventListener("click", async () => {
  await engine.load();
  crashBox.hidden = true;
  root.classList.remove("crashed");
  terminal.print("", "# the engine was restarted; your manifest is unchanged", "hint");
  setupCluster(clusterSel.value, { applyManifest: false });
  editor.check();
});

// ----- boot -----
async function boot() {
  await engine.load();
  setText($('[data-role="version"]'), `engine ${engine.version()}`);
  const params = new URLSearchParams(location.search);
  const cluster = params.get("cluster");
  if (cluster && CLUSTERS[cluster]) clusterSel.value = cluster;
  setupCluster(clusterSel.value);
  editor.check();
  updatePlay();
  requestAnimationFrame(frame);
  window.__dsim = { ready: true, engine, state, editor };
  document.documentElement.dataset.ready = "true";
  // The code editor is not needed for the first view: load it when the page is idle.
  const later = window.requestIdleCallback || ((f) => setTimeout(f, 200));
  later(() => editor.upgrade());
  root.querySelector('[data-role="editor-host"]').addEventListener("focusin", () => editor.upgrade(), { once: true });
}

boot().catch((e) => {
  console.error(e);
  engine.onCrash(String(e && e.message || e));
});
