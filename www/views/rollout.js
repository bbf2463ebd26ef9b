// Rollout progression: the `rollout status` line, budget gauges (maxUnavailable,
// maxSurge), progress bars, a lane per node (old → terminating → new → ready →
// available, with the minReadySeconds countdown), the revision history with undo,
// and a set-image form. Stages and counts come from the engine's snapshot.

import { h, replace, setText } from "../dom.js";
import { q } from "./nodes.js";

const STAGES = [
  ["old", "old pod"],
  ["terminating", "terminating"],
  ["new", "new pod"],
  ["ready", "ready"],
  ["available", "available"],
];
const MAX_LANES = 60; // beyond this many nodes, lanes give way to stage totals

export class RolloutView {
  constructor(root, { run }) {
    this.run = run;
    this.box = root.querySelector('[data-role="rollout"]');
    this.picker = root.querySelector('[data-role="rollout-ds"]');
    this.chosen = "";
    this.lastKey = "";
    this.picker.addEventListener("change", () => {
      this.chosen = this.picker.value;
      this.lastKey = "";
      if (this.last) this.render(this.last);
    });
    this.build();
  }

  build() {
    this.statusLine = h("pre", { class: "rollout-status", dataset: { testid: "rollout-status" }, role: "status" });
    this.gauges = h("div", { class: "gauges" });
    this.lanes = h("div", { class: "lanes", dataset: { testid: "lanes" } });
    this.historyBox = h("div", { class: "history", dataset: { testid: "history" } });
    this.imageForm = h("form", { class: "set-image", autocomplete: "off" },
      h("label", null, "Container ", h("select", { name: "container", dataset: { testid: "set-image-container" } })),
      h("label", null, "Image ", h("input", { name: "image", placeholder: "fluentd:v1.16", spellcheck: "false", dataset: { testid: "set-image-image" } })),
      h("button", { type: "submit", class: "btn primary", dataset: { testid: "set-image" } }, "Set image"),
      h("button", { type: "button", class: "btn", title: "kubectl rollout undo", dataset: { testid: "undo", action: "undo" } }, "Undo"),
      h("button", { type: "button", class: "btn", title: "kubectl rollout restart", dataset: { action: "restart" } }, "Restart"));
    this.imageForm.addEventListener("submit", (e) => {
      e.preventDefault();
      const ds = this.current();
      const img = this.imageForm.elements.image.value.trim();
      const c = this.imageForm.elements.container.value;
      if (!ds || !img || !c) return;
      this.run(`kubectl set image ds/${q(ds.name)} ${q(c + "=" + img)}${ns(ds)}`);
    });
    this.imageForm.addEventListener("click", (e) => {
      const b = e.target.closest("button[data-action]");
      const ds = this.current();
      if (!b || !ds) return;
      this.run(`kubectl rollout ${b.dataset.action} ds/${q(ds.name)}${ns(ds)}`);
    });
    this.historyBox.addEventListener("click", (e) => {
      const b = e.target.closest("button[data-revision]");
      const ds = this.current();
      if (b && ds) this.run(`kubectl rollout undo ds/${q(ds.name)} --to-revision=${Number(b.dataset.revision)}${ns(ds)}`);
    });
    this.empty = h("p", { class: "muted" }, "Apply a DaemonSet, then change its image (here or with kubectl set image) to watch a rolling update.");
    replace(this.box, this.empty);
  }

  current() {
    if (!this.last) return null;
    return this.last.daemonsets.find((d) => d.name === this.chosen) || null;
  }

  render(v) {
    this.last = v;
    const names = v.daemonsets.map((d) => d.name);
    if (this.picker.dataset.names !== names.join("\n")) {
      this.picker.dataset.names = names.join("\n");
      replace(this.picker, names.map((n) => h("option", { value: n }, n)));
    }
    if (!names.includes(this.chosen)) {
      // Prefer one that is rolling out.
      const busy = v.daemonsets.find((d) => !d.complete);
      this.chosen = (busy || v.daemonsets[0] || { name: "" }).name;
    }
    if (this.picker.value !== this.chosen) this.picker.value = this.chosen;
    const ds = this.current();
    if (!ds) {
      if (this.box.firstChild !== this.empty) replace(this.box, this.empty);
      this.lastKey = "";
      return;
    }
    if (this.box.firstChild === this.empty) {
      replace(this.box, this.statusLine, this.gauges, this.imageForm, this.lanes, this.historyBox);
    }
    setText(this.statusLine, `$ kubectl rollout status ds/${ds.name} --watch=false\n${ds.rolloutStatus}`);
    this.statusLine.classList.toggle("done", ds.complete);
    this.renderGauges(ds);
    this.renderForm(ds);
    this.renderLanes(ds, v.nodes);
    this.renderHistory(ds);
  }

  renderGauges(ds) {
    const g = (label, used, max, testid, note) => {
      const pct = max > 0 ? Math.min(100, (used / max) * 100) : used > 0 ? 100 : 0;
      const over = used > max;
      const bar = h("div", { class: "bar" + (over ? " over" : ""), role: "meter", "aria-valuemin": 0, "aria-valuemax": Math.max(max, used), "aria-valuenow": used, "aria-label": label });
      const fill = h("div", { class: "fill" });
      fill.style.width = pct + "%";
      bar.appendChild(fill);
      return h("div", { class: "gauge", dataset: { testid } },
        h("div", { class: "gauge-label" }, h("span", null, label), h("span", { class: "num" }, `${used} / ${max}`)),
        bar, note ? h("div", { class: "gauge-note muted" }, note) : null);
    };
    const key = [ds.name, ds.unavailableNow, ds.maxUnavailable, ds.surgeNow, ds.maxSurge, ds.upToDate, ds.available, ds.desired, ds.strategy].join("|");
    if (this.gaugesKey === key) return;
    this.gaugesKey = key;
    replace(this.gauges,
      ds.strategy === "OnDelete"
        ? h("p", { class: "muted" }, "updateStrategy OnDelete: new pods are only created when you delete old ones.")
        : [
            g("Unavailable", ds.unavailableNow, ds.maxUnavailable, "gauge-unavailable", `budget maxUnavailable: ${ds.maxUnavailableSpec}`),
            g("Surge", ds.surgeNow, ds.maxSurge, "gauge-surge", `budget maxSurge: ${ds.maxSurgeSpec}`),
          ],
      g("Updated", ds.upToDate, ds.desired, "gauge-updated", null),
      g("Available", ds.available, ds.desired, "gauge-available", ds.minReadySeconds ? `minReadySeconds: ${ds.minReadySeconds}` : null));
  }

  renderForm(ds) {
    const sel = this.imageForm.elements.container;
    const key = ds.name + ":" + ds.containers.join(",");
    if (sel.dataset.key !== key) {
      sel.dataset.key = key;
      replace(sel, ds.containers.map((c) => h("option", { value: c }, c)));
      this.imageForm.elements.image.value = ds.image;
    }
  }

  renderLanes(ds, nodes) {
    // Which nodes to show: those with a pod of this DaemonSet.
    const rows = [];
    const totals = Object.fromEntries(STAGES.map(([s]) => [s, 0]));
    for (const n of nodes) {
      const pods = n.pods.filter((p) => p.owner === ds.name && p.namespace === ds.namespace);
      if (!pods.length) continue;
      for (const p of pods) totals[p.stage] = (totals[p.stage] || 0) + 1;
      rows.push([n, pods]);
    }
    const key = ds.name + "|" + rows.length + "|" + rows.slice(0, MAX_LANES).map(([n, ps]) => n.name + ":" + ps.map((p) => p.name + p.stage + (p.availableInMs == null ? "" : Math.ceil(p.availableInMs / 1000))).join(",")).join(";");
    if (key === this.lanesKey) return;
    this.lanesKey = key;
    const head = h("div", { class: "lane lane-head" }, h("span", { class: "lane-node" }, "node"),
      STAGES.map(([s, label]) => h("span", { class: "lane-cell head", dataset: { stage: s } }, label, h("span", { class: "num total" }, ` ${totals[s]}`))));
    const body = rows.slice(0, MAX_LANES).map(([n, pods]) => h("div", { class: "lane", dataset: { node: n.name } },
      h("span", { class: "lane-node" }, n.name),
      STAGES.map(([s]) => h("span", { class: "lane-cell", dataset: { stage: s } },
        pods.filter((p) => p.stage === s).map((p) => h("span", { class: "lane-pod", dataset: { stage: s }, title: `${p.name} (${p.status}${p.revision ? ", revision " + p.revision : ""})` },
          p.revision ? `r${p.revision}` : "•",
          p.availableInMs != null ? h("span", { class: "countdown" }, ` ${Math.ceil(p.availableInMs / 1000)}s`) : null))))));
    const more = rows.length > MAX_LANES ? h("p", { class: "muted" }, `…and ${rows.length - MAX_LANES} more nodes (totals above count all of them).`) : null;
    replace(this.lanes, head, body, more);
  }

  renderHistory(ds) {
    const key = ds.name + "|" + ds.revisions.map((r) => `${r.number}:${r.current}:${r.image}`).join(",");
    if (key === this.historyKey) return;
    this.historyKey = key;
    replace(this.historyBox, h("h3", null, "Revision history"),
      ds.revisions.length
        ? h("ol", { class: "revs" }, ds.revisions.map((r) => h("li", { class: r.current ? "current" : "" },
            h("span", { class: "num" }, `REVISION ${r.number}`), " ",
            h("code", null, r.image), " ",
            r.current ? h("span", { class: "badge ready" }, "current")
              : h("button", { type: "button", class: "btn small", dataset: { revision: r.number } }, `undo to ${r.number}`))))
        : h("p", { class: "muted" }, "No revisions yet."));
  }
}

function ns(ds) {
  return ds.namespace && ds.namespace !== "default" ? ` -n ${q(ds.namespace)}` : "";
}
