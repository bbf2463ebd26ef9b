// Boot: start the engine, build a starting cluster, wire the views, and pace the
// simulation with requestAnimationFrame (JS owns wall time; the engine owns
// simulated time). Every user action becomes a command line, echoed in the terminal.

import { Engine } from "./engine.js";
import { NodesView } from "./views/nodes.js";
import { TerminalView } from "./views/terminal.js";
import { EventsView } from "./views/events.js";
import { RolloutView } from "./views/rollout.js";
import { EditorView } from "./views/editor.js";
import { LessonView } from "./views/lesson.js";
import { CLUSTERS } from "./presets.js";
import { setText, fmtMs } from "./dom.js";
// Not needed for the first view, so not loaded with it: links (www/link.js, fetched
// when the page is first idle or when a link is opened) and the DaemonSet vs
// Deployment panel (www/views/compare.js, once a Deployment exists).
const linkModule = () => import("./link.js");

const MANIFEST_FILE = "daemonset.yaml";
let manifestFile = MANIFEST_FILE; // a lesson's editor edits its own file (ds.yaml…)
const MAX_FRAME_MS = 100; // a stalled tab does not make the simulation jump ahead
const ENGINE_BUDGET_MS = 12; // engine work per frame (in its worker); beyond it the simulation runs slower

const root = document.querySelector("[data-dsim-app]");
const $ = (sel) => root.querySelector(sel);
const state = { setupOps: [], playing: false, speed: 10, lastT: 0, view: null, firstPod: false, busy: false, behind: false, frameWork: [] };

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
const nodes = new NodesView(root, { run: (line) => run(line), why: (ns, name, node) => engine.why(ns, name, node) });
const rollout = new RolloutView(root, { run: (line) => run(line) });
let compare = null;
let compareLoading = null;
/** Draws the comparison panel, loading its module when there is first something to compare. */
function renderCompare(view) {
  if (compare) {
    compare.render(view);
  } else if ((view.spread || []).length && !compareLoading) {
    compareLoading = import("./views/compare.js").then(({ CompareView }) => {
      compare = new CompareView(root, { run: (line) => run(line) });
      compare.render(state.view);
    });
  }
}
const events = new EventsView(root, { timelineSince: (seq, max) => engine.timelineSince(seq, max) });
const editor = new EditorView(root, {
  check: (text) => engine.check(text),
  preview: (text, node) => engine.preview(text, node),
  apply: async (text) => {
    await engine.putFile(manifestFile, text);
    return run(`kubectl apply -f ${manifestFile}`);
  },
  selectedNode: () => nodes.selected,
});

/** The preset the Cluster selector showed before a lesson brought its own cluster;
 * leaving the lesson goes back to it. */
let presetBeforeLesson = "basic";

const lesson = new LessonView(root, {
  engine,
  run: (line) => run(line),
  afterLoad: async (info) => {
    togglePlay(false);
    const names = info.files.map(([n]) => n);
    const file = names.includes("ds.yaml") ? "ds.yaml" : names[0];
    manifestFile = file || MANIFEST_FILE;
    if (file) editor.setText(info.files.find(([n]) => n === file)[1]);
    // The cluster is the lesson's now, not the preset the selector named.
    if (clusterSel.value !== "lesson") presetBeforeLesson = clusterSel.value;
    clusterSel.value = "lesson";
    terminal.print("", `# lesson: ${info.title || info.name} (a fresh cluster; files: ${names.join(", ") || "none"})`, "hint");
    await refresh(true);
  },
  onLeave: () => {
    manifestFile = MANIFEST_FILE;
    clusterSel.value = presetBeforeLesson;
    return setupCluster(clusterSel.value, { keepLesson: true });
  },
});

/** Runs one command line, prints it with its output, redraws. */
async function run(line) {
  const res = await engine.exec(line);
  terminal.print(line, res.output, res.ok ? "ok" : "error");
  await refresh(true);
  lesson.check();
  return res;
}

/** Asks the engine for what changed and draws it. */
async function refresh(force = false) {
  draw(await engine.refresh(force));
}

function draw(r) {
  if (!r || !r.changed) return;
  const view = r.view;
  state.view = view;
  setText(clockEl, view.clock);
  nodes.render(view);
  if (nodes.selected) nodes.explain({ quiet: true });
  rollout.render(view);
  renderCompare(view);
  events.render(view);
  updateScrubber(r.history);
  if (lesson.current) lesson.check();
  if (!state.firstPod && view.nodes.some((n) => n.pods.length)) {
    state.firstPod = true;
    performance.mark("dsim:first-pod");
  }
}

// ----- player -----
const playBtn = $('[data-action="play"]');
const clockEl = $('[data-role="clock"]');
const speedSel = $('[data-role="speed"]');
const scrubber = $('[data-role="scrubber"]');
const scrubLabel = $('[data-role="scrub-label"]');

function updatePlay() {
  playBtn.textContent = state.playing ? "Pause" : "Play";
  playBtn.setAttribute("aria-pressed", String(state.playing));
}
function updateScrubber(h) {
  if (!h) return;
  if (scrubber.max !== String(h.len)) scrubber.max = String(h.len);
  if (document.activeElement !== scrubber || !state.scrubbing) {
    if (scrubber.value !== String(h.pos)) scrubber.value = String(h.pos);
  }
  const later = h.len - h.pos;
  const text = `${fmtMs(h.time)} · ${h.label}${later ? ` (${later} later step${later === 1 ? "" : "s"} kept)` : ""}`;
  setText(scrubLabel, text);
  scrubber.setAttribute("aria-valuetext", text);
}
function togglePlay(on = !state.playing) {
  state.playing = on && engine.crashed === null;
  if (!state.playing) {
    state.behind = false;
    clockEl.classList.remove("behind");
  }
  updatePlay();
}
playBtn.addEventListener("click", () => togglePlay());
speedSel.addEventListener("change", () => { state.speed = Number(speedSel.value) || 1; });
state.speed = Number(speedSel.value) || 10;
$('[data-action="step"]').addEventListener("click", () => stepSync());
$('[data-action="settle"]').addEventListener("click", () => run("sim settle"));
scrubber.addEventListener("input", async () => {
  togglePlay(false);
  state.scrubbing = true;
  await engine.seek(Number(scrubber.value));
  await refresh(true);
  state.scrubbing = false;
});

async function stepSync() {
  togglePlay(false);
  await engine.stepSync();
  await refresh(true);
}

async function seekBy(delta) {
  togglePlay(false);
  const pos = await engine.historyPos();
  await engine.seek(Math.max(0, pos + delta));
  await refresh(true);
}

// One engine round trip at a time; wall time keeps counting while it is away.
async function frame(t) {
  requestAnimationFrame(frame);
  if (state.busy || engine.crashed !== null || !state.ready) return;
  const dt = state.playing && state.lastT ? Math.min(MAX_FRAME_MS, t - state.lastT) : 0;
  state.lastT = t;
  state.busy = true;
  try {
    const r = await engine.frame(dt * state.speed, ENGINE_BUDGET_MS);
    const w0 = performance.now();
    draw(r);
    if (state.playing) {
      state.behind = !!r.behind;
      clockEl.classList.toggle("behind", state.behind);
      state.frameWork.push(performance.now() - w0);
      if (state.frameWork.length > 2000) state.frameWork.shift();
    }
  } finally {
    state.busy = false;
  }
}

document.addEventListener("keydown", (e) => {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
  const t = e.target;
  if (t.closest && t.closest("input, textarea, select, button, [contenteditable], .cm-shell, a")) return;
  if (e.key === " ") { e.preventDefault(); togglePlay(); }
  else if (e.key === "ArrowRight") { e.preventDefault(); stepSync(); }
  else if (e.key === "ArrowLeft") { e.preventDefault(); seekBy(-1); }
});

// ----- cluster setup -----
const clusterSel = $('[data-role="cluster-preset"]');
async function setupCluster(name, { applyManifest = true, keepLesson = false } = {}) {
  const lines = CLUSTERS[name] || CLUSTERS.basic;
  if (lesson.current && !keepLesson) {
    // A preset cluster ends the lesson (its goals speak of the lesson's cluster).
    if (Object.hasOwn(CLUSTERS, name)) presetBeforeLesson = name;
    lesson.pick.value = "";
    await lesson.open("");
    return;
  }
  togglePlay(false);
  await engine.reset();
  await engine.pauseHistory();
  // What a link replays before the scrubber's start (see www/link.js).
  const setup = lines.map((l) => ["x", l]);
  const results = await engine.execMany(lines);
  const failed = results.filter((r) => !r.ok);
  if (lines.length > 12) terminal.print(`${lines[0]}  … (${lines.length} nodes)`, failed.map((r) => r.output).join(""), failed.length ? "error" : "ok");
  else for (const r of results) terminal.print(r.line, r.ok ? "" : r.output, r.ok ? "ok" : "error");
  if (applyManifest) {
    const text = editor.getText();
    await engine.putFile(manifestFile, text);
    setup.push(["f", manifestFile, text]);
    // Big clusters are not settled up front: the first view stays fast, Play runs it.
    const more = [`kubectl apply -f ${manifestFile}`];
    if (lines.length <= 100) more.push("sim settle");
    for (const r of await engine.execMany(more)) terminal.print(r.line, r.output, r.ok ? "ok" : "error");
    for (const l of more) setup.push(["x", l]);
  }
  state.setupOps = setup;
  await engine.markStart();
  await refresh(true);
}
clusterSel.addEventListener("change", () => setupCluster(clusterSel.value));
$('[data-action="reset"]').addEventListener("click", () => (lesson.current ? lesson.reopen() : setupCluster(clusterSel.value)));
$('[data-action="crash-reset"]').addEventListener("click", async () => {
  state.ready = false;
  await engine.load();
  crashBox.hidden = true;
  root.classList.remove("crashed");
  terminal.print("", "# the engine was restarted; your manifest is unchanged", "hint");
  await setupCluster(clusterSel.value, { applyManifest: false });
  editor.check();
  state.ready = true;
});

// ----- links (www/link.js): the scenario or setup, the operations since, the editor -----
const linkBox = $('[data-role="linkbox"]');
const linkOut = $('[data-role="link-out"]');
const linkMsg = $('[data-role="link-msg"]');
const linkError = $('[data-role="link-error"]');

/** What a link needs to rebuild exactly this state. */
async function currentState() {
  const s = { ops: await engine.historyOps(), editor: editor.getText() };
  if (lesson.current) {
    s.scenario = lesson.current.text;
    if (lesson.index.some((l) => l.file === lesson.current.file)) s.lesson = lesson.current.file;
  } else {
    s.setup = state.setupOps;
    s.cluster = clusterSel.value;
  }
  return s;
}

function showLinkBox(message, url) {
  setText(linkMsg, message);
  linkOut.value = url || "";
  linkOut.hidden = !url;
  linkBox.hidden = false;
}

async function copyLink() {
  const { encodeState, copyText, LinkError } = await linkModule();
  let frag;
  try {
    frag = await encodeState(await currentState());
  } catch (e) {
    showLinkBox(e instanceof LinkError ? e.message : `No link: ${e.message || e}`, "");
    return;
  }
  const url = new URL(location.href);
  url.hash = frag;
  history.replaceState(null, "", url.href);
  state.openedHash = url.hash;
  const copied = await copyText(url.href);
  showLinkBox(copied ? `Link copied (${frag.length.toLocaleString("en")} characters). Opening it replays to exactly this state:`
    : "Copy this link (the browser did not allow copying it for you). Opening it replays to exactly this state:", url.href);
  linkOut.focus();
  linkOut.select();
}
$('[data-action="copy-link"]').addEventListener("click", () => copyLink());
$('[data-action="link-close"]').addEventListener("click", () => { linkBox.hidden = true; });
$('[data-action="link-error-close"]').addEventListener("click", () => { linkError.hidden = true; });

/** Opens the link in `fragment`: an exact replay, or a clear message and an empty cluster. */
async function openLink(fragment) {
  state.openedHash = fragment;
  togglePlay(false);
  linkError.hidden = true;
  let link;
  try {
    link = await linkModule();
  } catch (e) {
    await linkFailed(`It could not be opened: ${e.message || e}`);
    return;
  }
  const { decodeState, LinkError } = link;
  try {
    const s = await decodeState(fragment);
    if (s.scenario !== null) {
      const entry = lesson.index.find((l) => l.file === s.lesson) || null;
      let info;
      try {
        info = await lesson.openText(s.scenario, entry);
      } catch (e) {
        throw new LinkError(`Its scenario is not valid: ${e.message || e}`);
      }
      if (!info) throw new LinkError("Its scenario could not be loaded.");
    } else {
      if (lesson.current) {
        lesson.pick.value = "";
        lesson.current = null;
        lesson.body.hidden = true;
        lesson.setButtons();
      }
      manifestFile = MANIFEST_FILE;
      if (Object.hasOwn(CLUSTERS, s.cluster)) clusterSel.value = s.cluster;
      else if (clusterSel.value === "lesson") clusterSel.value = presetBeforeLesson;
      await engine.reset();
      await engine.pauseHistory();
      await engine.applyOps(s.setup);
      state.setupOps = s.setup;
      await engine.markStart();
      terminal.print("", `# opened a link: its cluster (${s.setup.length} setup operations), then its ${s.ops.length} operations`, "hint");
    }
    const results = await engine.applyOps(s.ops);
    let shown = 0;
    results.forEach((r, i) => {
      if (r && shown++ < 200) terminal.print(s.ops[i][1], r.output, r.ok ? "ok" : "error");
    });
    if (s.editor !== null) editor.setText(s.editor);
    await refresh(true);
    await lesson.check();
    showLinkBox(`Opened a link: ${s.ops.length} operation${s.ops.length === 1 ? "" : "s"} replayed.`, "");
  } catch (e) {
    const msg = e instanceof LinkError ? e.message : `It could not be replayed: ${e.message || e}`;
    await linkFailed(msg);
  }
}

async function linkFailed(message) {
  if (lesson.current) {
    lesson.pick.value = "";
    lesson.current = null;
    lesson.body.hidden = true;
    lesson.setButtons();
  }
  manifestFile = MANIFEST_FILE;
  clusterSel.value = "empty";
  await engine.reset();
  await engine.markStart();
  state.setupOps = [];
  await refresh(true);
  setText($('[data-role="link-error-msg"]'), message);
  linkError.hidden = false;
  terminal.print("", `# the link could not be opened: ${message}`, "error");
}

window.addEventListener("hashchange", () => {
  if (!state.ready || location.hash === state.openedHash) return;
  const hash = location.hash;
  linkModule().then(({ isLinkFragment }) => {
    if (isLinkFragment(hash)) openLink(hash);
  });
});

// ----- boot -----
async function boot() {
  await engine.load();
  setText($('[data-role="version"]'), `engine ${engine.version()}`);
  const params = new URLSearchParams(location.search);
  const cluster = params.get("cluster");
  if (cluster && CLUSTERS[cluster]) clusterSel.value = cluster;
  const link = location.hash.length > 1 ? location.hash : "";
  if (!link) await setupCluster(clusterSel.value);
  await lesson.loadIndex(new URL("./lessons/", import.meta.url));
  const wanted = params.get("lesson");
  if (link) {
    await openLink(link);
  } else if (wanted && lesson.index.some((l) => l.file === wanted || l.file === `${wanted}.yaml`)) {
    await lesson.open(lesson.index.find((l) => l.file === wanted || l.file === `${wanted}.yaml`).file);
  }
  editor.check();
  updatePlay();
  state.ready = true;
  requestAnimationFrame(frame);
  window.__dsim = { ready: true, engine, state, editor, lesson };
  document.documentElement.dataset.ready = "true";
  performance.mark("dsim:ready"); // tests/e2e/report.mjs: the first view is complete
  // The code editor is not needed for the first view: load it when the page is idle.
  const later = window.requestIdleCallback || ((f) => setTimeout(f, 200));
  later(() => {
    editor.upgrade();
    linkModule();
  });
  root.querySelector('[data-role="editor-host"]').addEventListener("focusin", () => editor.upgrade(), { once: true });
}

boot().catch((e) => {
  console.error(e);
  engine.crash(String(e && e.message || e));
});
