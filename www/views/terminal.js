// The kubectl terminal: one input line, an output log, history on ↑/↓ (kept across
// reloads) and Tab completion supplied by the engine (verbs, resources, names).

import { h } from "../dom.js";

const HISTORY_KEY = "dsim.termHistory";
const MAX_LINES = 2000; // output blocks kept; older ones are dropped

export class TerminalView {
  constructor(root, { exec, complete }) {
    this.exec = exec;
    this.complete = complete;
    this.out = root.querySelector('[data-role="term-out"]');
    this.form = root.querySelector('[data-role="term-form"]');
    this.input = root.querySelector('[data-role="term-input"]');
    this.history = [];
    try {
      this.history = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]").filter((x) => typeof x === "string").slice(-200);
    } catch { /* unreadable history: start empty */ }
    this.hpos = this.history.length;
    this.draft = "";
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      const line = this.input.value;
      this.input.value = "";
      if (!line.trim()) return;
      this.remember(line);
      this.exec(line);
    });
    this.input.addEventListener("keydown", (e) => this.onKey(e));
  }

  remember(line) {
    if (this.history[this.history.length - 1] !== line) this.history.push(line);
    if (this.history.length > 200) this.history.splice(0, this.history.length - 200);
    this.hpos = this.history.length;
    try {
      localStorage.setItem(HISTORY_KEY, JSON.stringify(this.history));
    } catch { /* storage full or disabled: history lives for this page only */ }
  }

  onKey(e) {
    if (e.key === "ArrowUp") {
      if (this.hpos === this.history.length) this.draft = this.input.value;
      if (this.hpos > 0) this.hpos--;
      this.input.value = this.history[this.hpos] ?? this.draft;
      e.preventDefault();
      queueMicrotask(() => this.input.setSelectionRange(this.input.value.length, this.input.value.length));
    } else if (e.key === "ArrowDown") {
      if (this.hpos < this.history.length) this.hpos++;
      this.input.value = this.hpos === this.history.length ? this.draft : this.history[this.hpos];
      e.preventDefault();
    } else if (e.key === "Tab" && !e.shiftKey) {
      const line = this.input.value;
      if (!line.trim() && !e.ctrlKey) return; // let Tab leave an empty prompt (keyboard users)
      e.preventDefault();
      this.tab(line);
    } else if (e.key === "l" && e.ctrlKey) {
      e.preventDefault();
      this.out.replaceChildren();
    }
  }

  async tab(line) {
    const cands = await this.complete(line);
    if (this.input.value !== line) return; // typed on meanwhile
    if (!cands.length) return;
    const cut = /\s$/.test(line) || !line ? line.length : line.search(/\S+$/);
    const word = line.slice(cut);
    // Longest common prefix of the candidates.
    let common = cands[0];
    for (const c of cands) {
      let i = 0;
      while (i < common.length && i < c.length && common[i] === c[i]) i++;
      common = common.slice(0, i);
    }
    if (cands.length === 1) this.input.value = line.slice(0, cut) + cands[0] + " ";
    else if (common.length > word.length) this.input.value = line.slice(0, cut) + common;
    else this.print("", cands.join("  "), "hint");
  }

  /** Prints a command and its output. */
  print(line, output, kind = "ok") {
    const block = h("div", { class: "term-block " + kind });
    if (line) block.appendChild(h("div", { class: "term-cmd" }, h("span", { class: "prompt", "aria-hidden": "true" }, "$ "), line));
    if (output) block.appendChild(h("pre", { class: "term-text" }, output.replace(/\n$/, "")));
    this.out.appendChild(block);
    while (this.out.childElementCount > MAX_LINES) this.out.firstElementChild.remove();
    this.out.scrollTop = this.out.scrollHeight;
  }

  /** Puts a command in the prompt without running it (lesson steps). */
  suggest(line) {
    this.input.value = line;
    this.input.focus();
  }
}
