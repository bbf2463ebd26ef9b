// Node lifecycle view: the `kubectl get ds` counters, one card per node with its
// labels, taints, state and pods, and the node form. User intents become command
// lines (run(line)), so the terminal shows what every button did.

import { h, replace, setText, reducedMotion } from "../dom.js";

/** Quotes one word for the engine's shell-like splitter, only when needed. */
export function q(word) {
  const s = String(word);
  if (/^[A-Za-z0-9._\/=:,@%+-]+$/.test(s)) return s;
  return "'" + s.replace(/'/g, "'\\''") + "'";
}

function splitList(text) {
  return String(text).split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
}

export class NodesView {
  constructor(root, { run, why, onSelect }) {
    this.root = root;
    this.run = run;
    this.why = why;
    this.onSelect = onSelect;
    this.countersBody = root.querySelector('[data-role="counters"]');
    this.grid = root.querySelector('[data-role="nodes"]');
    this.form = root.querySelector('[data-role="node-form"]');
    this.whyBox = root.querySelector('[data-role="why"]');
    this.summary = root.querySelector('[data-role="summary"]');
    this.cards = new Map(); // node name -> { el, sig, chips: Map(pod -> el) }
    this.selected = "";
    this.lastCounters = "";
    this.daemonsets = [];
    this.wireForm();
    this.grid.addEventListener("click", (e) => {
      const card = e.target.closest(".node");
      if (card && this.grid.contains(card)) this.select(card.dataset.node);
    });
    this.grid.addEventListener("keydown", (e) => {
      if ((e.key === "Enter" || e.key === " ") && e.target.classList.contains("node")) {
        e.preventDefault();
        this.select(e.target.dataset.node);
      }
    });
  }

  wireForm() {
    const f = this.form;
    const val = (n) => f.elements[n].value.trim();
    const need = () => {
      const name = val("name");
      if (!name) {
        f.elements.name.focus();
        f.elements.name.setAttribute("aria-invalid", "true");
        return null;
      }
      f.elements.name.removeAttribute("aria-invalid");
      return name;
    };
    const lines = {
      add: (n) => {
        let l = `sim add-node ${q(n)}`;
        if (val("labels")) l += ` --labels ${q(splitList(val("labels")).join(","))}`;
        if (val("taints")) l += ` --taints ${q(splitList(val("taints")).join(","))}`;
        return [l];
      },
      label: (n) => (val("labels") ? [`kubectl label nodes ${q(n)} ${splitList(val("labels")).map(q).join(" ")} --overwrite`] : []),
      taint: (n) => (val("taints") ? [`kubectl taint nodes ${q(n)} ${splitList(val("taints")).map(q).join(" ")}`] : []),
      cordon: (n) => [`kubectl cordon ${q(n)}`],
      uncordon: (n) => [`kubectl uncordon ${q(n)}`],
      drain: (n) => [`kubectl drain ${q(n)} --ignore-daemonsets`],
      fail: (n) => [`sim fail-node ${q(n)}`],
      recover: (n) => [`sim recover-node ${q(n)}`],
      remove: (n) => [`sim remove-node ${q(n)}`],
    };
    const act = async (op) => {
      const name = need();
      if (!name) return;
      const ls = lines[op](name);
      if (!ls.length) {
        (op === "label" ? f.elements.labels : f.elements.taints).focus();
        return;
      }
      for (const l of ls) await this.run(l);
      if (op !== "remove") this.select(name, false);
    };
    f.addEventListener("submit", (e) => {
      e.preventDefault();
      act("add");
    });
    f.addEventListener("click", (e) => {
      const b = e.target.closest("button[data-op]");
      if (b && b.type !== "submit") act(b.dataset.op);
    });
  }

  /** Picks a node: fills the form and asks the engine why each DaemonSet runs there or not. */
  select(name, explain = true) {
    this.selected = name;
    this.form.elements.name.value = name;
    for (const [n, c] of this.cards) c.el.classList.toggle("selected", n === name);
    if (explain) this.explain();
    if (this.onSelect) this.onSelect(name);
  }

  /**
   * Fills the "why" panel. Echoed in the terminal as `sim why` lines when the
   * learner picks a node; refreshed quietly as the cluster changes.
   */
  async explain({ quiet = false } = {}) {
    const name = this.selected;
    if (!name) return;
    if (quiet && this.explaining) return;
    this.explaining = true;
    try {
      await this.explainNow(name, quiet);
    } finally {
      this.explaining = false;
    }
  }

  async explainNow(name, quiet) {
    const blocks = [];
    if (!this.daemonsets.length) {
      blocks.push(h("p", { class: "muted" }, "No DaemonSet yet: apply one from the Manifest panel."));
    }
    for (const ds of this.daemonsets) {
      const res = quiet
        ? await this.why(ds.namespace, ds.name, name)
        : await this.run(`sim why ds/${q(ds.name)} ${q(name)}${ds.namespace !== "default" ? " -n " + q(ds.namespace) : ""}`);
      blocks.push(h("div", { class: "why-block " + (res.ok ? "" : "error") },
        h("div", { class: "why-title" }, `ds/${ds.name} on ${name}`),
        h("pre", { class: "why-text" }, res.output.trimEnd())));
    }
    if (this.selected !== name) return;
    const key = blocks.map((b) => b.textContent).join("\n");
    if (key === this.whyKey) return;
    this.whyKey = key;
    replace(this.whyBox, h("h3", null, `Why (or why not) on ${name}`), blocks);
  }

  render(v) {
    this.daemonsets = v.daemonsets;
    this.renderCounters(v.daemonsets);
    this.renderNodes(v.nodes);
    const ready = v.nodes.filter((n) => n.exists && n.ready === "True").length;
    const total = v.nodes.filter((n) => n.exists).length;
    const pods = v.nodes.reduce((a, n) => a + n.pods.length, 0) + v.unscheduled.length;
    setText(this.summary, `${total} node${total === 1 ? "" : "s"} (${ready} Ready) · ${pods} pod${pods === 1 ? "" : "s"} · ${v.daemonsets.length} DaemonSet${v.daemonsets.length === 1 ? "" : "s"}`);
  }

  renderCounters(dss) {
    const key = JSON.stringify(dss.map((d) => [d.name, d.desired, d.current, d.ready, d.upToDate, d.available, d.misscheduled, d.nodeSelector]));
    if (key === this.lastCounters) return;
    this.lastCounters = key;
    if (!dss.length) {
      replace(this.countersBody, h("tr", null, h("td", { colspan: 8, class: "muted" }, "No DaemonSets. Pick a preset in the Manifest panel and press Apply.")));
      return;
    }
    replace(this.countersBody, dss.map((d) => h("tr", { dataset: { ds: d.name } },
      h("th", { scope: "row" }, d.name),
      h("td", { dataset: { col: "desired" } }, d.desired),
      h("td", { dataset: { col: "current" } }, d.current),
      h("td", { dataset: { col: "ready" } }, d.ready),
      h("td", { dataset: { col: "up-to-date" } }, d.upToDate),
      h("td", { dataset: { col: "available" } }, d.available),
      h("td", { dataset: { col: "misscheduled" }, class: d.misscheduled ? "warn" : "" }, d.misscheduled),
      h("td", { class: "sel" }, d.nodeSelector.length ? d.nodeSelector.join(",") : "<none>"))));
  }

  renderNodes(nodes) {
    const animate = !reducedMotion();
    const seen = new Set();
    let prev = null;
    for (const n of nodes) {
      seen.add(n.name);
      let c = this.cards.get(n.name);
      if (!c) {
        c = this.makeCard(n.name);
        this.cards.set(n.name, c);
        if (animate) {
          c.el.classList.add("enter");
          c.el.addEventListener("animationend", () => c.el.classList.remove("enter"), { once: true });
        }
      }
      if (c.sig !== n.sig || c.exists !== n.exists) this.fillCard(c, n, animate);
      // Keep DOM order equal to the engine's order without touching settled cards.
      const want = prev ? prev.nextSibling : this.grid.firstChild;
      if (want !== c.el) this.grid.insertBefore(c.el, want);
      prev = c.el;
    }
    for (const [name, c] of this.cards) {
      if (!seen.has(name)) {
        this.cards.delete(name);
        c.el.remove();
      }
    }
    if (!nodes.length && !this.grid.querySelector(".empty")) {
      this.grid.appendChild(h("p", { class: "empty muted" }, "No nodes. Add one below."));
    } else if (nodes.length) {
      const e = this.grid.querySelector(".empty");
      if (e) e.remove();
    }
  }

  makeCard(name) {
    const el = h("article", { class: "node", tabindex: 0, dataset: { node: name, testid: "node" }, "aria-label": `node ${name}` });
    const head = h("header", { class: "node-head" });
    const title = h("h3", { class: "node-name", dataset: { testid: "node-title" } }, name);
    const state = h("span", { class: "node-state", dataset: { testid: "node-state" } });
    head.append(title, state);
    const meta = h("div", { class: "node-meta" });
    const pods = h("ul", { class: "pods", "aria-label": "pods" });
    el.append(head, meta, pods);
    if (name === this.selected) el.classList.add("selected");
    return { el, state, meta, pods, sig: null, exists: null, chips: new Map() };
  }

  fillCard(c, n, animate) {
    c.sig = n.sig;
    c.exists = n.exists;
    const st = !n.exists ? "gone" : n.ready === "True" ? "ready" : n.ready === "False" ? "notready" : "unknown";
    c.el.dataset.state = st;
    c.el.classList.toggle("cordoned", n.cordoned);
    setText(c.state, n.status);
    c.state.className = "node-state badge " + st;
    const own = n.labels.filter((l) => !l[2]);
    const common = n.labels.filter((l) => l[2]);
    const labels = own.map(([k, v]) => h("li", { class: "label", title: `${k}=${v}` }, `${k}=${v}`));
    if (common.length) {
      labels.push(h("li", { class: "label common", title: common.map(([k, v]) => `${k}=${v}`).join("\n") }, `+${common.length} kubernetes.io`));
    }
    const taints = n.taints.map((t) => h("li", { class: "taint", title: t }, t));
    replace(c.meta,
      labels.length ? h("ul", { class: "chips labels", "aria-label": "labels" }, labels) : null,
      taints.length ? h("ul", { class: "chips taints", "aria-label": "taints" }, taints) : null);
    // Pods: update in place, animate arrivals and departures.
    const keep = new Set();
    let prev = null;
    for (const p of n.pods) {
      keep.add(p.name);
      let chip = c.chips.get(p.name);
      if (!chip) {
        chip = h("li", { class: "pod", dataset: { testid: "pod", pod: p.name } });
        c.chips.set(p.name, chip);
        if (animate) {
          chip.classList.add("enter");
          chip.addEventListener("animationend", () => chip.classList.remove("enter"), { once: true });
        }
      }
      this.fillPod(chip, p);
      const want = prev ? prev.nextSibling : c.pods.firstChild;
      if (want !== chip) c.pods.insertBefore(chip, want);
      prev = chip;
    }
    for (const [name, chip] of c.chips) {
      if (keep.has(name)) continue;
      c.chips.delete(name);
      if (animate && chip.isConnected) {
        chip.classList.remove("enter");
        chip.classList.add("leave");
        chip.dataset.testid = "pod-leaving";
        const done = () => chip.remove();
        chip.addEventListener("animationend", done, { once: true });
        setTimeout(done, 600);
      } else chip.remove();
    }
  }

  fillPod(chip, p) {
    const key = [p.status, p.readyText, p.stage, p.revision, p.availableInMs === null ? "" : Math.ceil(p.availableInMs / 1000)].join("|");
    if (chip.dataset.key === key) return;
    chip.dataset.key = key;
    chip.dataset.stage = p.stage;
    chip.dataset.status = p.status;
    const mark = p.terminating ? "✕" : p.ready ? (p.available ? "●" : "◑") : "○";
    chip.title = `${p.namespace}/${p.name}\nimage: ${p.image}\nstatus: ${p.status}  ready: ${p.readyText}` +
      (p.revision ? `\nrevision ${p.revision} (${p.hash})` : "");
    replace(chip,
      h("span", { class: "pod-mark", "aria-hidden": "true" }, mark),
      p.owner && p.name.startsWith(p.owner + "-")
        ? h("span", { class: "pod-name" }, h("span", { class: "pod-owner" }, p.owner), h("span", { class: "pod-suffix" }, p.name.slice(p.owner.length)))
        : h("span", { class: "pod-name" }, h("span", { class: "pod-owner" }, p.name)),
      h("span", { class: "pod-status", dataset: { testid: "pod-status" } }, p.status),
      h("span", { class: "pod-ready" }, p.readyText),
      p.revision ? h("span", { class: "pod-rev", title: `controller-revision-hash ${p.hash}` }, `r${p.revision}`) : null,
      p.availableInMs !== null && p.availableInMs !== undefined ? h("span", { class: "pod-countdown" }, `avail. in ${Math.ceil(p.availableInMs / 1000)}s`) : null);
  }
}
