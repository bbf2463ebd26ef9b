// DaemonSet vs Deployment: where each workload's pods are, one cell per node, and
// the two numbers that matter for a per-node agent — nodes with none and nodes
// with more than one. The engine counts (view.spread); this only draws. Shown
// while the cluster has a Deployment. The buttons add and remove nodes through
// command lines, so the terminal shows what they did.

import { h, replace } from "../dom.js";
import { q } from "./nodes.js";

export class CompareView {
  constructor(root, { run }) {
    this.panel = root.querySelector('[data-role="compare-panel"]');
    this.box = root.querySelector('[data-role="compare"]');
    this.run = run;
    this.key = "";
    this.names = [];
    this.panel.addEventListener("click", (e) => {
      const b = e.target.closest("[data-compare]");
      if (!b || !this.panel.contains(b)) return;
      // Names are reserved at once, so quick clicks ask for different nodes.
      if (b.dataset.compare === "add") {
        const name = this.nextName();
        this.names = [...this.names, name];
        this.run(`sim add-node ${q(name)}`);
      } else if (this.names.length) {
        const name = this.names[this.names.length - 1];
        this.names = this.names.slice(0, -1);
        this.run(`sim remove-node ${q(name)}`);
      }
    });
  }

  /** The first free name after the last node's (`node-3` → `node-4`, `node-500` →
   * `node-501`), in the same numbering width. */
  nextName() {
    const taken = new Set(this.names);
    const last = this.names[this.names.length - 1] || "node-0";
    const m = /^(.*?)(\d+)$/.exec(last);
    const [prefix, width, from] = m ? [m[1], m[2].length, Number(m[2]) + 1] : ["node-", 1, this.names.length + 1];
    for (let i = from; ; i++) {
      const name = prefix + String(i).padStart(width, "0");
      if (!taken.has(name)) return name;
    }
  }

  render(v) {
    const spread = v.spread || [];
    this.panel.hidden = spread.length === 0;
    if (!spread.length) return;
    const names = v.nodes.filter((n) => n.exists).map((n) => n.name);
    this.names = names;
    const key = names.length + "|" + names[0] + "|" + JSON.stringify(spread);
    if (key === this.key) return;
    this.key = key;
    const rows = spread.map((s) => {
      const label = `${s.kind} ${s.name}`;
      const cells = s.perNode.map((c, i) =>
        h("span", { class: "cell " + (c === 0 ? "none" : c === 1 ? "one" : "many"), title: `${names[i]}: ${c}` }));
      return h("div", { class: "spread-row", dataset: { testid: `spread-${s.kind.toLowerCase()}` } },
        h("div", { class: "spread-head" },
          h("strong", null, label),
          h("span", { class: s.nodesWithout ? "bad" : "good", dataset: { testid: "without" } },
            `${s.nodesWithout} of ${names.length} nodes without an agent`),
          h("span", { class: s.nodesWithMore ? "bad" : "good", dataset: { testid: "more" } },
            `${s.nodesWithMore} with more than one`),
          s.unscheduled ? h("span", { class: "bad" }, `${s.unscheduled} not scheduled`) : null),
        h("div", { class: "cells", role: "img",
          "aria-label": `${label}: ${s.nodesWithout} nodes without an agent, ${s.nodesWithMore} with more than one` }, cells));
    });
    replace(this.box, ...rows);
  }
}
