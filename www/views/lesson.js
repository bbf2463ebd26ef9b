// The lesson panel: a picker over www/lessons/index.json, the lesson's prose (a
// tiny, safe Markdown subset: paragraphs, **bold**, `code`; built with
// textContent only, never parsed as HTML), its goals as a checklist the engine
// checks after every command and frame, a hint shown on request, a reset, and
// "show me", which reloads the lesson and plays its solution (the scenario's steps).

import { h, replace, setText } from "../dom.js";
import { fetchText } from "../files.js";

/** Markdown subset → DOM nodes: paragraphs split on blank lines; **bold**, `code`. */
export function renderProse(text) {
  const paras = String(text || "").trim().split(/\n\s*\n/).filter((p) => p.trim());
  return paras.map((p) => {
    const el = document.createElement("p");
    const flat = p.replace(/\s*\n\s*/g, " ").trim();
    // Tokens: `code` and **bold** (bold may contain code).
    const re = /`([^`]+)`|\*\*(.+?)\*\*/g;
    let at = 0, m;
    while ((m = re.exec(flat))) {
      if (m.index > at) el.appendChild(document.createTextNode(flat.slice(at, m.index)));
      if (m[1] !== undefined) el.appendChild(h("code", null, m[1]));
      else el.appendChild(h("strong", null, ...inlineCode(m[2])));
      at = re.lastIndex;
    }
    if (at < flat.length) el.appendChild(document.createTextNode(flat.slice(at)));
    return { el, hint: /^\*\*Hint:\*\*/.test(flat) };
  });
}

function inlineCode(s) {
  return s.split(/(`[^`]+`)/).filter(Boolean).map((part) =>
    part.startsWith("`") && part.endsWith("`") && part.length > 2 ? h("code", null, part.slice(1, -1)) : part);
}

/** The picker's value for a scenario that came with a link (not a built-in lesson). */
const LINKED = "#linked";

export class LessonView {
  /**
   * hooks: { engine, run(line), afterLoad(info) (the page sets its editor and
   * redraws), onGoals(goals, done) }
   */
  constructor(root, hooks) {
    this.hooks = hooks;
    this.engine = hooks.engine;
    this.root = root;
    this.pick = root.querySelector('[data-role="lesson-pick"]');
    this.body = root.querySelector('[data-role="lesson-body"]');
    this.whatBox = root.querySelector('[data-role="lesson-what"]');
    this.hintBox = root.querySelector('[data-role="lesson-hint"]');
    this.goalList = root.querySelector('[data-role="lesson-goals"]');
    this.statusEl = root.querySelector('[data-role="lesson-status"]');
    this.hintBtn = root.querySelector('[data-action="lesson-hint"]');
    this.resetBtn = root.querySelector('[data-action="lesson-reset"]');
    this.showBtn = root.querySelector('[data-action="lesson-show"]');
    this.predictBtn = root.querySelector('[data-action="lesson-predict"]');
    this.predictBox = root.querySelector('[data-role="lesson-predict-box"]');
    this.index = [];
    this.current = null; // { file, text, info, challenge }
    this.goals = [];
    this.done = false;
    this.stepDelay = 700; // ms between the solution's commands ("show me")
    this.playing = false;
    this.checking = false;
    this.again = false;
    this.pick.addEventListener("change", () => this.open(this.pick.value));
    this.hintBtn.addEventListener("click", () => this.toggleHint());
    this.resetBtn.addEventListener("click", () => this.reopen());
    this.showBtn.addEventListener("click", () => this.showMe());
    this.predictBtn.addEventListener("click", () => this.predict());
    this.setButtons();
  }

  async loadIndex(base) {
    this.base = base;
    try {
      this.index = JSON.parse(await fetchText(new URL("index.json", base)));
    } catch (e) {
      setText(this.statusEl, `The lessons could not be loaded (${e.message || e}).`);
      return;
    }
    for (const l of this.index) {
      this.pick.appendChild(h("option", { value: l.file }, l.title));
    }
  }

  setButtons() {
    const on = !!this.current;
    this.hintBtn.disabled = !on || this.playing;
    this.resetBtn.disabled = !on || this.playing;
    this.showBtn.disabled = !on || this.playing;
    this.predictBtn.hidden = !(on && this.current.predict);
    this.predictBtn.disabled = !on || this.playing;
  }

  /** Loads a lesson (or leaves lesson mode for ""): a fresh cluster from its file. */
  async open(file) {
    if (this.playing) return;
    if (!file) {
      this.current = null;
      this.body.hidden = true;
      setText(this.statusEl, ""); // the goals count was the lesson's
      this.setButtons();
      this.hooks.onLeave && this.hooks.onLeave();
      return;
    }
    if (file === LINKED && this.linked) return this.openText(this.linked.text, this.linked.entry).catch(() => {});
    const entry = this.index.find((l) => l.file === file);
    if (!entry) return;
    if (this.pick.value !== file) this.pick.value = file;
    let text;
    try {
      text = await fetchText(new URL(file, this.base));
    } catch (e) {
      setText(this.statusEl, `The lesson could not be loaded (${e.message || e}).`);
      return;
    }
    return this.openText(text, entry).catch(() => {});
  }

  /**
   * Loads a scenario from its text as the current lesson: a lesson file's, or the
   * scenario a link carries (`entry` null: it is offered in the picker as "linked
   * scenario"). Throws (after saying so in the status line) when the text is not a
   * valid scenario.
   */
  async openText(text, entry) {
    if (this.playing) return null;
    let info;
    try {
      info = await this.engine.loadScenario(text);
    } catch (e) {
      setText(this.statusEl, `The lesson is not a valid scenario: ${e.message || e}`);
      throw e;
    }
    if (!info) return null;
    if (!entry) {
      entry = { file: LINKED, title: `linked scenario: ${info.title || info.name}`, challenge: false, predict: false };
      this.linked = { text, entry };
      let opt = this.pick.querySelector(`option[value="${LINKED}"]`);
      if (!opt) {
        opt = h("option", { value: LINKED });
        this.pick.appendChild(opt);
      }
      setText(opt, entry.title);
    }
    if (this.pick.value !== entry.file) this.pick.value = entry.file;
    this.current = { file: entry.file, entry, text, info, challenge: !!entry.challenge, predict: !!entry.predict };
    this.predictBox.hidden = true;
    this.predictBox.replaceChildren();
    this.done = false;
    this.sig = null;
    this.body.hidden = false;
    const parts = renderProse(info.what);
    replace(this.whatBox, ...parts.filter((p) => !p.hint).map((p) => p.el));
    replace(this.hintBox, ...parts.filter((p) => p.hint).map((p) => p.el));
    this.hintBox.hidden = true;
    this.hintBtn.setAttribute("aria-expanded", "false");
    this.hintBtn.textContent = "Hint";
    this.showBtn.textContent = entry.challenge ? "Show me a solution" : "Show me";
    this.setButtons();
    await this.hooks.afterLoad(info);
    await this.check();
    return info;
  }

  /** Starts the current lesson again from its text. */
  reopen() {
    if (!this.current) return Promise.resolve(null);
    return this.openText(this.current.text, this.current.entry).catch(() => null);
  }

  toggleHint() {
    const show = this.hintBox.hidden;
    this.hintBox.hidden = !show;
    this.hintBtn.setAttribute("aria-expanded", String(show));
    this.hintBtn.textContent = show ? "Hide hint" : "Hint";
  }

  /** Reloads the lesson and plays its solution, one command at a time. */
  async showMe() {
    if (!this.current || this.playing) return;
    await this.reopen();
    this.playing = true;
    this.setButtons();
    try {
      for (const line of this.current.info.steps) {
        await this.hooks.run(line);
        if (this.stepDelay > 0) await new Promise((r) => setTimeout(r, this.stepDelay));
      }
    } finally {
      this.playing = false;
      this.setButtons();
    }
    await this.check();
  }

  /**
   * Prediction: sets the lesson up (its steps up to the first `sim settle`), asks
   * what will happen to each node's pod, then plays the rest of the solution and
   * shows the truth, with each miss explained (`sim why` for that node).
   */
  async predict() {
    if (!this.current || this.playing) return;
    await this.reopen();
    const steps = this.current.info.steps;
    const cut = steps.findIndex((l) => l.trim() === "sim settle") + 1;
    this.playing = true;
    this.setButtons();
    try {
      for (const line of steps.slice(0, cut)) await this.hooks.run(line);
    } finally {
      this.playing = false;
      this.setButtons();
    }
    const before = await this.engine.view();
    const ds = before && before.daemonsets[0];
    if (!ds) return;
    const rest = steps.slice(cut);
    const nodes = before.nodes.map((n) => n.name);
    const box = this.predictBox;
    const selects = nodes.map((name) => {
      const sel = h("select", { name, dataset: { testid: "predict-choice", node: name } },
        ...OUTCOMES.map(([v, label]) => h("option", { value: v }, label)));
      sel.value = podsOf(before, ds, name).length ? "keeps" : "none";
      return h("label", { class: "predict-row" }, h("span", null, name), sel);
    });
    const go = h("button", { type: "submit", class: "btn primary", dataset: { testid: "predict-check" } }, "Check my prediction");
    replace(box,
      h("p", null, h("strong", null, "Predict: "), `what will the solution (${rest.length} more commands) do to each node's ${ds.name} pod?`),
      ...selects, go);
    box.hidden = false;
    box.onsubmit = async (e) => {
      e.preventDefault();
      const guess = Object.fromEntries(nodes.map((n) => [n, box.querySelector(`select[name="${CSS.escape(n)}"]`).value]));
      go.disabled = true;
      this.playing = true;
      this.setButtons();
      try {
        for (const line of rest) {
          await this.hooks.run(line);
          if (this.stepDelay > 0) await new Promise((r) => setTimeout(r, Math.min(this.stepDelay, 300)));
        }
      } finally {
        this.playing = false;
        this.setButtons();
      }
      const after = await this.engine.view();
      const all = [...new Set([...nodes, ...after.nodes.map((n) => n.name)])];
      const items = [];
      let hits = 0;
      for (const n of all) {
        const truth = outcome(podsOf(before, ds, n), podsOf(after, ds, n));
        const g = guess[n];
        const hit = g === undefined || g === truth;
        if (g !== undefined && hit) hits++;
        const label = OUTCOMES.find(([v]) => v === truth)[1];
        const li = h("li", { dataset: { testid: "predict-result", node: n, hit: String(hit) } },
          h("span", { class: hit ? "hit" : "miss" }, hit ? "✓ " : "✗ "),
          `${n}: ${label}`, g === undefined ? " (a new node: nothing to predict)" : hit ? "" : ` — you said “${OUTCOMES.find(([v]) => v === g)[1]}”`);
        if (!hit) li.appendChild(h("span", { class: "predict-why" }, await this.explain(ds, n, truth, after)));
        items.push(li);
      }
      replace(box, h("p", null, h("strong", null, `You predicted ${hits} of ${nodes.length} nodes right.`)),
        h("ul", { class: "predict-result", dataset: { testid: "predict-results" } }, ...items));
      await this.check();
    };
  }

  async explain(ds, node, truth, after) {
    const exists = after.nodes.some((n) => n.name === node);
    if (!exists) return "The node was removed from the cluster; the pod garbage collector deleted its pod.";
    let why = "";
    try {
      const r = await this.engine.why(ds.namespace, ds.name, node);
      if (r && r.ok) why = whyColumn(r.output);
    } catch { /* no explanation */ }
    const tail = why ? ` The controller's view of ${node} now: ${why}.` : "";
    switch (truth) {
      case "gains": return `The node became eligible for the DaemonSet, so the controller created a pod there.${tail}`;
      case "loses": return `The node stopped being eligible, so the controller deleted its pod.${tail}`;
      case "replaced": return `The pod template changed and the update strategy replaced this node's pod with one from the new template.${tail}`;
      case "keeps": return ds.strategy === "OnDelete"
        ? `With OnDelete the controller never replaces a running pod: only a pod you delete comes back from the new template.${tail}`
        : `Nothing required a new pod here: the pod kept running.${tail}`;
      default: return `The node never qualified for a pod.${tail}`;
    }
  }

  /** Re-checks the goals (coalesced: at most one request in flight). */
  async check() {
    if (!this.current) return;
    if (this.checking) {
      this.again = true;
      return;
    }
    this.checking = true;
    try {
      do {
        this.again = false;
        const goals = await this.engine.goals();
        this.render(goals || []);
      } while (this.again);
    } finally {
      this.checking = false;
    }
  }

  render(goals) {
    const sig = JSON.stringify(goals.map((g) => [g.text, g.ok]));
    if (sig === this.sig) return;
    this.sig = sig;
    this.goals = goals;
    replace(this.goalList, ...goals.map((g) => h("li", {
      class: g.ok ? "goal ok" : "goal",
      dataset: { testid: "goal", ok: String(g.ok) },
      title: g.ok ? "reached" : g.seen,
    },
    h("span", { class: "tick", "aria-hidden": "true" }, g.ok ? "✓" : "○"),
    h("span", { class: "sr-only" }, g.ok ? "Reached: " : "Not yet: "),
    g.text)));
    const n = goals.filter((g) => g.ok).length;
    const done = goals.length > 0 && n === goals.length;
    setText(this.statusEl, done ? "All goals reached. Well done!" : `${n} of ${goals.length} goals reached`);
    this.statusEl.classList.toggle("done", done);
    if (done && !this.done) this.hooks.onGoals && this.hooks.onGoals(goals, true);
    this.done = done;
  }
}

const OUTCOMES = [
  ["keeps", "keeps its pod"],
  ["gains", "gains a pod"],
  ["loses", "loses its pod"],
  ["replaced", "gets a new pod (replaced)"],
  ["none", "has no pod before or after"],
];

/** Non-terminating pods of DaemonSet `ds` on `node` in a snapshot. */
function podsOf(view, ds, node) {
  const n = view.nodes.find((x) => x.name === node);
  if (!n) return [];
  return n.pods.filter((p) => p.owner === ds.name && p.namespace === ds.namespace && !p.terminating).map((p) => p.name);
}

function outcome(before, after) {
  if (!before.length && !after.length) return "none";
  if (!before.length) return "gains";
  if (!after.length) return "loses";
  return before.some((p) => after.includes(p)) ? "keeps" : "replaced";
}

/** The WHY column of `sim why` output (one node). */
function whyColumn(text) {
  const lines = String(text).split("\n").filter((l) => l.trim());
  if (lines.length < 2) return "";
  const at = lines[0].indexOf("WHY");
  return at >= 0 ? lines[1].slice(at).trim() : lines[1].trim();
}
