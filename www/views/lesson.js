// The lesson panel: a picker over www/lessons/index.json, the lesson's prose (a
// tiny, safe Markdown subset: paragraphs, **bold**, `code`; built with
// textContent only, never parsed as HTML), its goals as a checklist the engine
// checks after every command and frame, a hint shown on request, a reset, and
// "show me", which reloads the lesson and plays its solution (the scenario's steps).

import { h, replace, setText } from "../dom.js";

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
    this.resetBtn.addEventListener("click", () => this.current && this.open(this.current.file));
    this.showBtn.addEventListener("click", () => this.showMe());
    this.setButtons();
  }

  async loadIndex(base) {
    this.base = base;
    try {
      const r = await fetch(new URL("index.json", base));
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      this.index = await r.json();
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
  }

  /** Loads a lesson (or leaves lesson mode for ""): a fresh cluster from its file. */
  async open(file) {
    if (this.playing) return;
    if (!file) {
      this.current = null;
      this.body.hidden = true;
      this.setButtons();
      this.hooks.onLeave && this.hooks.onLeave();
      return;
    }
    const entry = this.index.find((l) => l.file === file);
    if (!entry) return;
    if (this.pick.value !== file) this.pick.value = file;
    let text;
    try {
      const r = await fetch(new URL(file, this.base));
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      text = await r.text();
    } catch (e) {
      setText(this.statusEl, `The lesson could not be loaded (${e.message || e}).`);
      return;
    }
    let info;
    try {
      info = await this.engine.loadScenario(text);
    } catch (e) {
      setText(this.statusEl, `The lesson is not a valid scenario: ${e.message || e}`);
      return;
    }
    if (!info) return;
    this.current = { file, text, info, challenge: !!entry.challenge };
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
    await this.open(this.current.file);
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
