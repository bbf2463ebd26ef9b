// <daemonset-sim>: the simulator as a custom element for documentation sites. One
// script tag (this ES module) defines it; each instance owns its own engine (a
// worker running the WebAssembly simulator), so several instances on a page never
// disturb each other.
//
//   <script type="module" src="/path/to/www/daemonset-sim.js"></script>
//   <daemonset-sim scenario="preset:one-pod-per-node" views="nodes,terminal"></daemonset-sim>
//   <daemonset-sim views="terminal,lesson">
//     <script type="application/yaml">name: demo ...</script>
//   </daemonset-sim>
//
// Attributes: scenario (a URL, `preset:NAME` for a built-in lesson, the fragment of
// a copied link `#v1.…` — any value starting with `#` is read as one — or an inline
// <script type="application/yaml"> child),
// views (any of nodes,editor,rollout,terminal,lesson), theme (auto|light|dark),
// autoplay (plays the scenario's steps after loading), speed (autoplay pace, ×1 =
// one command per 0.8 s), app (the full simulator page that "Copy link" points at;
// default ../index.html next to this script). Simulated time moves only with
// commands (`sim settle`, `sim advance`, the Settle button): the same lines give the
// same output as the CLI.
//
// Links: "Copy link" makes a link to the app page whose fragment holds this
// element's scenario and every command since (www/link.js). The element never reads
// or writes the host page's URL: the host's fragment is the host's (anchors), and a
// crafted docs URL must not be able to put state into its examples. A docs writer
// who wants to embed a learner's state pastes the link's fragment into `scenario`.
//
// Script API: el.ready (Promise), el.exec(line) → Promise<{ok, output}>,
// el.load(yamlText), el.reset(), el.snapshot() → Promise<{ nodes, pods,
// daemonsets, time }>. Events: `change` (after every command; detail { line, ok,
// output }), `goal` (detail { goal, goals, done } when a goal is newly reached),
// `link` (detail { href } after "Copy link"; el.linkUrl() gives the link without
// copying it).
//
// Keyboard: with the element focused, Space plays / pauses the scenario's steps and
// → runs the next one. Controller events are narrated in an ARIA live region; the
// `projector` attribute gives large type and no chrome; prefers-reduced-motion
// plays steps without pauses or transitions.
//
// Everything shown is text (textContent): nothing from a scenario is parsed as HTML.

import { Engine } from "./engine.js";
import { renderProse } from "./views/lesson.js";
import { fetchText } from "./files.js";
import { encodeState, decodeState, copyText, LinkError } from "./link.js";

const ALL_VIEWS = ["nodes", "editor", "rollout", "terminal", "lesson"];
const DEFAULT_VIEWS = ["nodes", "rollout", "terminal", "lesson"];
const LESSONS = new URL("./lessons/", import.meta.url);
/** The full simulator page that links open (the element's `app` attribute overrides it). */
const APP_PAGE = new URL("../index.html", import.meta.url);
const EMPTY = "name: empty\nnodes: [{name: node-1}, {name: node-2}, {name: node-3}]\nsteps: []\n";
/** The title shown for a link made on the app page from a free-play cluster. */
const EMPTY_LINKED = "name: linked-cluster\ntitle: A cluster from a link\nnodes: []\nsteps: []\n";

const CSS = `
:host { display: block; --bg: #ffffff; --fg: #1b1f24; --muted: #5a6270; --line: #d5d9e0; --panel: #f7f8fa;
  --chip: #eef1f5; --accent: #1f5fd1; --accent-ink: #ffffff; --ok: #137a3a; --warn: #8a5a00; --bad: #b3261e;
  --term-bg: #0f1419; --term-fg: #d8dee9;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.95rem; margin: 1rem 0; }
:host([hidden]) { display: none; }
.wrap { background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 10px; padding: 0.7rem 0.8rem;
  display: flex; flex-direction: column; gap: 0.6rem; font-family: inherit; }
.wrap.dark { --bg: #14181e; --fg: #e6e9ee; --muted: #9aa3b2; --line: #2c333d; --panel: #1b2027; --chip: #232932;
  --accent: #5b9bff; --accent-ink: #0b0d10; --ok: #5fd38d; --warn: #e0b250; --bad: #ff8a80; --term-bg: #0b0e12; }
.bar { display: flex; flex-wrap: wrap; gap: 0.4rem 0.8rem; align-items: center; }
.title { font-weight: 700; margin-right: auto; }
.clock, .status { font-family: var(--mono); font-size: 0.8rem; color: var(--muted); }
button { font: inherit; font-size: 0.85rem; border: 1px solid var(--line); background: var(--panel); color: var(--fg);
  border-radius: 6px; padding: 0.2rem 0.6rem; cursor: pointer; }
button.primary { background: var(--accent); color: var(--accent-ink); border-color: var(--accent); }
button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
button:disabled { opacity: 0.55; cursor: default; }
.nodes { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.45rem; }
.node { border: 1px solid var(--line); border-radius: 8px; padding: 0.35rem 0.5rem; background: var(--panel); min-height: 3.6rem; }
.node.notready { border-style: dashed; }
.node-head { display: flex; justify-content: space-between; gap: 0.4rem; font-weight: 600; font-size: 0.85rem; }
.node-state { font-weight: 400; color: var(--muted); font-size: 0.75rem; }
.pod { font-family: var(--mono); font-size: 0.72rem; margin-top: 0.2rem; padding: 0.05rem 0.3rem; border-radius: 4px;
  background: var(--chip); border-left: 3px solid var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.pod.ready { border-left-color: var(--ok); }
.pod.pending { border-left-color: var(--warn); }
.pod.terminating { border-left-color: var(--bad); opacity: 0.7; }
table { border-collapse: collapse; font-family: var(--mono); font-size: 0.75rem; width: 100%; }
th, td { text-align: left; padding: 0.1rem 0.5rem 0.1rem 0; white-space: nowrap; }
th { color: var(--muted); font-weight: 600; }
.term { background: var(--term-bg); color: var(--term-fg); border-radius: 8px; padding: 0.4rem 0.6rem; }
.term-out { font-family: var(--mono); font-size: 0.75rem; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 16rem;
  overflow-y: auto; margin: 0; }
.term-out .cmd { color: #9ecbff; }
.term-out .err { color: #ff9d95; }
.term-in { display: flex; gap: 0.4rem; align-items: center; font-family: var(--mono); font-size: 0.8rem; margin-top: 0.3rem; }
.term-in input { flex: 1; font: inherit; background: transparent; color: inherit; border: 1px solid #3a4350; border-radius: 4px; padding: 0.2rem 0.4rem; }
textarea { width: 100%; box-sizing: border-box; min-height: 12rem; font-family: var(--mono); font-size: 0.75rem; background: var(--panel);
  color: var(--fg); border: 1px solid var(--line); border-radius: 6px; padding: 0.4rem; }
.lesson p { margin: 0 0 0.4rem; line-height: 1.4; }
.lesson code { font-family: var(--mono); font-size: 0.85em; background: var(--chip); padding: 0 0.2em; border-radius: 3px; }
.goals { list-style: none; margin: 0.2rem 0 0; padding: 0; }
.goals li { display: flex; gap: 0.4rem; }
.goals li.ok { color: var(--ok); }
.error { border-left: 4px solid var(--bad); padding: 0.3rem 0.5rem; background: var(--chip); white-space: pre-wrap; font-size: 0.85rem; }
.narrate { font-size: 0.78rem; color: var(--muted); min-height: 1.2em; overflow-wrap: anywhere; }
.hint { border-left: 3px solid var(--accent); padding: 0.2rem 0.5rem; background: var(--chip); margin-top: 0.3rem; }
.hint[hidden] { display: none; }
.linkbox { display: flex; flex-wrap: wrap; gap: 0.3rem 0.6rem; align-items: center; font-size: 0.8rem; }
.linkbox[hidden] { display: none; }
.linkbox input { flex: 1; min-width: 10rem; font-family: var(--mono); font-size: 0.75rem; background: var(--panel); color: var(--fg);
  border: 1px solid var(--line); border-radius: 4px; padding: 0.15rem 0.3rem; }
.wrap:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.projector { font-size: 1.35rem; }
.projector .bar button:not(.keep), .projector .clock { display: none; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
`;

let sheet = null;
function styles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on") && typeof v === "function") e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** Dark mode of the host page: its usual markers, then the OS preference. */
function hostIsDark() {
  const html = document.documentElement, body = document.body;
  for (const n of [html, body]) {
    if (!n) continue;
    const t = (n.getAttribute("data-theme") || n.getAttribute("data-bs-theme") || "").toLowerCase();
    if (t === "dark") return true;
    if (t === "light") return false;
    if (n.classList.contains("dark") || n.classList.contains("theme-dark") || n.classList.contains("coal") || n.classList.contains("navy") || n.classList.contains("ayu")) return true;
    if (n.classList.contains("light")) return false;
    const md = n.getAttribute("data-md-color-scheme");
    if (md === "slate") return true;
    if (md === "default") return false;
  }
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}

export class DaemonSetSim extends HTMLElement {
  static get observedAttributes() { return ["theme", "views", "scenario", "projector"]; }

  constructor() {
    super();
    this.shadow = this.attachShadow({ mode: "open" });
    this.shadow.adoptedStyleSheets = [styles()];
    this.engine = null;
    this.scenarioText = null;
    this.info = null;
    this.goals = [];
    this.queue = Promise.resolve();
    this._started = false;
    let resolve, reject;
    this.ready = new Promise((res, rej) => { resolve = res; reject = rej; });
    this._readyResolve = resolve;
    this._readyReject = reject;
    this.ready.catch(() => {}); // an unhandled rejection is not the host page's problem
  }

  connectedCallback() {
    this.build();
    this.applyTheme();
    this.themeObserver = new MutationObserver(() => this.applyTheme());
    for (const n of [document.documentElement, document.body]) {
      if (n) this.themeObserver.observe(n, { attributes: true, attributeFilter: ["class", "data-theme", "data-bs-theme", "data-md-color-scheme"] });
    }
    this.mq = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
    this.onMq = () => this.applyTheme();
    if (this.mq) this.mq.addEventListener("change", this.onMq);
    if (!this._started) {
      this._started = true;
      this.start().then(this._readyResolve, (e) => {
        this.say(`The simulator could not start: ${e && e.message || e}`);
        this._readyReject(e);
      });
    }
  }

  disconnectedCallback() {
    if (this.themeObserver) this.themeObserver.disconnect();
    if (this.mq) this.mq.removeEventListener("change", this.onMq);
  }

  attributeChangedCallback(name) {
    if (!this.wrap) return;
    if (name === "theme") this.applyTheme();
    if (name === "views") { this.build(); this.applyTheme(); this.render(); }
    if (name === "projector") this.wrap.classList.toggle("projector", this.hasAttribute("projector"));
    if (name === "scenario" && this.info) {
      // A new scenario attribute after start: load it (errors are said, not thrown).
      const attr = (this.getAttribute("scenario") || "").trim();
      this.ready.then(() => (isLinkAttr(attr) ? this.openLink(attr) : this.scenarioSource().then((t) => this.load(t))))
        .catch((e) => this.say(`The scenario could not be loaded: ${e && e.message || e}`));
    }
  }

  views() {
    const v = (this.getAttribute("views") || "").split(",").map((s) => s.trim()).filter((s) => ALL_VIEWS.includes(s));
    return v.length ? v : DEFAULT_VIEWS;
  }

  applyTheme() {
    if (!this.wrap) return;
    const t = (this.getAttribute("theme") || "auto").toLowerCase();
    const dark = t === "dark" || (t !== "light" && hostIsDark());
    this.wrap.classList.toggle("dark", dark);
    this.wrap.dataset.theme = dark ? "dark" : "light";
  }

  build() {
    const views = this.views();
    this.parts = {};
    const p = this.parts;
    p.title = el("span", { class: "title" });
    p.clock = el("span", { class: "clock", "aria-label": "simulated time" }, "0s");
    p.settle = el("button", { type: "button", onclick: () => this.exec("sim settle") }, "Settle");
    p.reset = el("button", { type: "button", onclick: () => this.reset() }, "Reset");
    p.play = el("button", { type: "button", class: "primary", onclick: () => this.play() }, "Show me");
    p.copy = el("button", { type: "button", title: "Copy a link that opens this state in the full simulator", onclick: () => this.copyLink() }, "Copy link");
    p.linkMsg = el("span", { role: "status" });
    p.linkOut = el("input", { readonly: true, spellcheck: "false", "aria-label": "Link to this state" });
    p.linkBox = el("div", { class: "linkbox", hidden: true }, p.linkMsg, p.linkOut);
    p.status = el("span", { class: "sr-only", role: "status" });
    p.narrate = el("div", { class: "narrate", role: "log", "aria-live": "polite", "aria-label": "What the controllers did" });
    const bar = el("div", { class: "bar" }, p.title, p.clock, p.settle, p.reset, p.copy, p.play);
    const sections = [bar, p.linkBox, p.narrate];
    if (views.includes("lesson")) {
      p.what = el("div");
      p.hint = el("div", { class: "hint", hidden: true });
      p.hintBtn = el("button", { type: "button", "aria-expanded": "false", onclick: () => {
        const show = p.hint.hidden;
        p.hint.hidden = !show;
        p.hintBtn.setAttribute("aria-expanded", String(show));
        p.hintBtn.textContent = show ? "Hide hint" : "Hint";
      } }, "Hint");
      p.goals = el("ul", { class: "goals", "aria-label": "Goals" });
      sections.push(el("section", { class: "lesson", "aria-label": "Lesson", "data-view": "lesson" }, p.what, p.goals, p.hintBtn, p.hint));
    }
    if (views.includes("nodes")) {
      p.nodes = el("div", { class: "nodes", "aria-label": "Nodes", "data-view": "nodes" });
      sections.push(p.nodes);
    }
    if (views.includes("rollout")) {
      p.ds = el("tbody");
      sections.push(el("table", { "aria-label": "DaemonSets (kubectl get ds)", "data-view": "rollout" },
        el("thead", null, el("tr", null, ...["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE"].map((c) => el("th", { scope: "col" }, c)))), p.ds));
    }
    if (views.includes("editor")) {
      p.file = "";
      p.editor = el("textarea", { spellcheck: "false", "aria-label": "Manifest" });
      p.apply = el("button", { type: "button", class: "primary", onclick: async () => {
        const name = p.file || "daemonset.yaml";
        await this.call("putFile", name, p.editor.value);
        await this.exec(`kubectl apply -f ${name}`);
      } }, "Apply");
      sections.push(el("div", { "data-view": "editor" }, p.editor, p.apply));
    }
    if (views.includes("terminal")) {
      p.out = el("pre", { class: "term-out", role: "log", "aria-label": "Terminal output", tabindex: "0" });
      p.input = el("input", { "aria-label": "Command", spellcheck: "false", autocapitalize: "off", placeholder: "kubectl get ds" });
      const form = el("form", { class: "term-in", autocomplete: "off" }, el("span", { "aria-hidden": "true" }, "$"), p.input);
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        const line = p.input.value.trim();
        if (!line) return;
        p.input.value = "";
        this.exec(line);
      });
      sections.push(el("div", { class: "term", "data-view": "terminal" }, p.out, form));
    }
    sections.push(p.status);
    this.wrap = el("div", { class: "wrap", part: "container", tabindex: "0", role: "group",
      "aria-label": "DaemonSet simulator (Space plays or pauses the example, → runs its next command)" }, ...sections);
    this.wrap.addEventListener("keydown", (e) => this.onKey(e));
    if (this.hasAttribute("projector")) this.wrap.classList.add("projector");
    this.shadow.replaceChildren(this.wrap);
    this.setBusy(false);
  }

  setBusy(b) {
    this.busy = b;
    for (const k of ["settle", "reset"]) if (this.parts[k]) this.parts[k].disabled = b;
    if (this.parts.play) this.parts.play.disabled = b || !(this.info && this.info.steps.length);
  }

  say(text) {
    if (this.parts && this.parts.status) this.parts.status.textContent = text;
  }

  /** Calls the engine, one call at a time per instance. */
  call(method, ...args) {
    const run = () => this.engine[method](...args);
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => {});
    return p;
  }

  async scenarioSource() {
    const inline = this.querySelector('script[type="application/yaml"]');
    if (inline) return inline.textContent;
    const s = (this.getAttribute("scenario") || "").trim();
    if (!s) return EMPTY;
    let url;
    if (s.startsWith("preset:")) {
      const name = s.slice(7).replace(/[^a-z0-9-]/gi, "");
      const index = JSON.parse(await fetchText(new URL("index.json", LESSONS)));
      const hit = index.find((l) => l.file === `${name}.yaml` || l.file.replace(/^\d+-/, "") === `${name}.yaml`);
      if (!hit) throw new Error(`no built-in scenario named "${name}"`);
      url = new URL(hit.file, LESSONS);
    } else {
      url = new URL(s, document.baseURI);
    }
    const r = await fetch(url);
    if (!r.ok) throw new Error(`the scenario ${url} answered HTTP ${r.status}`);
    return r.text();
  }

  async start() {
    this.engine = new Engine();
    await this.engine.load();
    let text;
    try {
      const attr = (this.getAttribute("scenario") || "").trim();
      if (isLinkAttr(attr) && !this.querySelector('script[type="application/yaml"]')) {
        await this.openLink(attr);
        return;
      }
      text = await this.scenarioSource();
      await this.load(text);
    } catch (e) {
      // A missing or broken scenario: say so plainly and offer an empty cluster.
      await this.load(EMPTY);
      this.showError(e instanceof LinkError ? `This link could not be opened. ${e.message}` : `The scenario could not be loaded: ${e && e.message || e}`);
      return;
    }
    if (this.hasAttribute("autoplay")) this.play();
  }

  showError(text) {
    const p = this.parts;
    if (!p.error) {
      p.error = el("div", { class: "error", role: "alert" });
      this.wrap.insertBefore(p.error, this.wrap.children[1] || null);
    }
    p.error.textContent = text;
  }

  /**
   * Replaces the cluster with the scenario in `yamlText` (its steps are not run).
   * `setup`: operations a link made on the app page starts from (its free-play
   * cluster), run on an empty cluster with the app's seed, before the start.
   */
  async load(yamlText, setup = []) {
    const info = await this.call("loadScenario", String(yamlText));
    this.setup = setup;
    if (setup.length) {
      await this.call("reset", 1);
      await this.call("pauseHistory");
      await this.call("applyOps", setup);
      await this.call("markStart");
    }
    if (this.parts.error) {
      this.parts.error.remove();
      this.parts.error = null;
    }
    this.scenarioText = String(yamlText);
    this.info = info;
    this.goals = [];
    const p = this.parts;
    p.title.textContent = info.title || info.name;
    if (p.what) {
      const parts = renderProse(info.what);
      p.what.replaceChildren(...parts.filter((x) => !x.hint).map((x) => x.el));
      p.hint.replaceChildren(...parts.filter((x) => x.hint).map((x) => x.el));
      p.hint.hidden = true;
      p.hintBtn.hidden = !parts.some((x) => x.hint);
      p.hintBtn.textContent = "Hint";
      p.hintBtn.setAttribute("aria-expanded", "false");
    }
    if (p.narrate) p.narrate.replaceChildren();
    this.cursor = 0;
    this.seq = 0;
    if (p.out) p.out.replaceChildren();
    if (p.editor) {
      const names = info.files.map(([n]) => n);
      p.file = names.includes("ds.yaml") ? "ds.yaml" : (names[0] || "daemonset.yaml");
      const f = info.files.find(([n]) => n === p.file);
      p.editor.value = f ? f[1] : "";
    }
    this.setBusy(false);
    await this.render();
    this.say(`Loaded ${info.title || info.name}.`);
    return info;
  }

  /**
   * Opens a link's state (the fragment of a link the app or an element copied:
   * `#v1.…`): its scenario, or its setup, then its operations. Throws with a clear
   * message (the caller shows it over an empty cluster) when the link is broken.
   */
  async openLink(fragment) {
    const s = await decodeState(fragment);
    await this.load(s.scenario !== null ? s.scenario : EMPTY_LINKED, s.setup);
    const results = await this.call("applyOps", s.ops);
    results.forEach((r, i) => { if (r) this.print(s.ops[i][1], r); });
    if (this.parts.editor && s.editor !== null) this.parts.editor.value = s.editor;
    await this.render();
    await this.narrate();
    this.say(`Opened a link: ${s.ops.length} operations replayed.`);
  }

  /** The state as a link to the full simulator page (see www/link.js). */
  async linkUrl() {
    await this.ready;
    const ops = await this.call("historyOps");
    const state = this.setup && this.setup.length ? { setup: this.setup, ops } : { scenario: this.scenarioText || EMPTY, ops };
    if (this.parts.editor) state.editor = this.parts.editor.value;
    const url = new URL(this.getAttribute("app") || APP_PAGE.href, document.baseURI);
    url.hash = await encodeState(state);
    return url.href;
  }

  async copyLink() {
    const p = this.parts;
    let href;
    try {
      href = await this.linkUrl();
    } catch (e) {
      p.linkMsg.textContent = e instanceof LinkError ? e.message : `No link: ${e && e.message || e}`;
      p.linkOut.hidden = true;
      p.linkBox.hidden = false;
      return null;
    }
    const copied = await copyText(href);
    p.linkMsg.textContent = copied ? "Link copied; it opens this state in the full simulator:" : "Copy this link; it opens this state in the full simulator:";
    p.linkOut.value = href;
    p.linkOut.hidden = false;
    p.linkBox.hidden = false;
    p.linkOut.focus();
    p.linkOut.select();
    this.dispatchEvent(new CustomEvent("link", { detail: { href } }));
    return href;
  }

  /** Back to the start of the current scenario. */
  reset() {
    return this.load(this.scenarioText || EMPTY, this.setup || []);
  }

  /** Runs one command line: resolves to { ok, output } (the CLI's output). */
  async exec(line) {
    await this.ready.catch(() => {});
    const res = await this.call("exec", String(line));
    this.print(line, res);
    await this.render();
    this.say(firstLine(res.output) || `${line}: done`);
    await this.narrate();
    this.dispatchEvent(new CustomEvent("change", { detail: { line: String(line), ok: res.ok, output: res.output } }));
    return { ok: res.ok, output: res.output };
  }

  /** Plays the scenario's steps (the lesson's solution), from the start. */
  async play() {
    if (!this.info || this.playing) return;
    await this.reset();
    return this.resume();
  }

  /** Plays the remaining steps from where the step cursor is (Space pauses). */
  async resume() {
    if (!this.info || this.playing) return;
    this.playing = true;
    this.setBusy(true);
    const speed = Math.max(0.1, Number(this.getAttribute("speed")) || 1);
    const reduce = typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
    try {
      while (this.playing && this.cursor < this.info.steps.length) {
        await this.exec(this.info.steps[this.cursor++]);
        if (!reduce && this.cursor < this.info.steps.length) await new Promise((r) => setTimeout(r, 800 / speed));
      }
    } finally {
      this.playing = false;
      this.setBusy(false);
    }
  }

  /** Pauses a playing solution after the command in progress. */
  pause() { this.playing = false; }

  /** Runs the solution's next step (→). Resolves to its result, or null at the end. */
  next() {
    if (!this.info || this.playing || this.cursor >= this.info.steps.length) return Promise.resolve(null);
    return this.exec(this.info.steps[this.cursor++]);
  }

  onKey(e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.composedPath()[0];
    if (t && t.closest && t.closest("input, textarea, select, button, a")) return;
    if (e.key === " ") {
      e.preventDefault();
      if (this.playing) this.pause();
      else this.resume();
    } else if (e.key === "ArrowRight") {
      e.preventDefault();
      this.next();
    }
  }

  /** { nodes, pods, daemonsets, time } as they are now. */
  async snapshot() {
    await this.ready;
    const v = await this.call("view");
    const pods = [];
    for (const n of v.nodes) for (const p of n.pods) pods.push(plainPod(p));
    for (const p of v.unscheduled || []) pods.push(plainPod(p));
    return {
      time: v.clock,
      timeMs: v.nowMs,
      nodes: v.nodes.map((n) => ({ name: n.name, ready: n.ready, status: n.status, cordoned: n.cordoned, taints: n.taints,
        labels: Object.fromEntries(n.labels.map(([k, val]) => [k, val])) })),
      pods,
      daemonsets: v.daemonsets.map((d) => ({ name: d.name, namespace: d.namespace, desired: d.desired, current: d.current,
        ready: d.ready, upToDate: d.upToDate, available: d.available, misscheduled: d.misscheduled })),
    };
  }

  /** Announces what the controllers did since the last command (the newest three). */
  async narrate() {
    const p = this.parts;
    if (!p.narrate) return;
    const entries = (await this.call("timelineSince", this.seq + 1, 50)) || [];
    if (!entries.length) return;
    this.seq = entries[entries.length - 1].seq;
    const shown = entries.slice(-3).map((x) => `${x.actor}: ${x.what}`);
    const more = entries.length > 3 ? ` (+${entries.length - 3} more)` : "";
    p.narrate.replaceChildren(el("div", null, shown.join(" · ") + more));
  }

  print(line, res) {
    const out = this.parts.out;
    if (!out) return;
    out.appendChild(el("span", { class: "cmd" }, `$ ${line}\n`));
    if (res.output) out.appendChild(el("span", { class: res.ok ? "" : "err" }, res.output.endsWith("\n") ? res.output : `${res.output}\n`));
    while (out.childNodes.length > 400) out.removeChild(out.firstChild);
    out.scrollTop = out.scrollHeight;
  }

  async render() {
    if (!this.engine) return;
    const v = await this.call("view");
    if (!v) return;
    const p = this.parts;
    p.clock.textContent = v.clock;
    if (p.nodes) {
      p.nodes.replaceChildren(...v.nodes.map((n) => el("div", { class: n.ready === "True" ? "node" : "node notready", "data-node": n.name },
        el("div", { class: "node-head" }, el("span", null, n.name), el("span", { class: "node-state" }, n.status)),
        ...n.pods.map((pod) => el("div", {
          class: `pod ${pod.terminating ? "terminating" : pod.ready ? "ready" : pod.phase === "Pending" ? "pending" : ""}`,
          "data-pod": pod.name, title: `${pod.name} · ${pod.status} · ${pod.image}`,
        }, `${pod.name} ${pod.status}`)))));
    }
    if (p.ds) {
      p.ds.replaceChildren(...v.daemonsets.map((d) => el("tr", null,
        ...[d.name, d.desired, d.current, d.ready, d.upToDate, d.available].map((x) => el("td", null, String(x))))));
    }
    const goals = (await this.call("goals")) || [];
    const before = new Set(this.goals.filter((g) => g.ok).map((g) => g.text));
    this.goals = goals;
    if (p.goals) {
      p.goals.replaceChildren(...goals.map((g) => el("li", { class: g.ok ? "ok" : "", "data-ok": String(g.ok), title: g.ok ? "reached" : g.seen },
        el("span", { "aria-hidden": "true" }, g.ok ? "✓" : "○"), el("span", { class: "sr-only" }, g.ok ? "Reached: " : "Not yet: "), g.text)));
    }
    const done = goals.length > 0 && goals.every((g) => g.ok);
    for (const g of goals) {
      if (g.ok && !before.has(g.text)) this.dispatchEvent(new CustomEvent("goal", { detail: { goal: g, goals, done } }));
    }
  }
}

/** A `scenario` starting with `#` is a link's fragment (a broken one gets the link's message). */
function isLinkAttr(attr) {
  return attr.startsWith("#");
}

function plainPod(p) {
  return { name: p.name, namespace: p.namespace, owner: p.owner, node: p.node, phase: p.phase, status: p.status,
    ready: p.ready, image: p.image, terminating: p.terminating };
}

function firstLine(s) {
  return String(s || "").split("\n")[0].slice(0, 200);
}

if (!customElements.get("daemonset-sim")) customElements.define("daemonset-sim", DaemonSetSim);
