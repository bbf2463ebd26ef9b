// Event log (as `kubectl describe` shows Events) and the controller's step log (the
// engine's timeline: every sync, binding and kubelet transition with its cause).

import { h, replace, fmtMs } from "../dom.js";

const MAX_STEPS = 400;

export class EventsView {
  constructor(root, { timelineSince }) {
    this.box = root.querySelector('[data-role="events"]');
    this.timelineSince = timelineSince;
    this.mode = "events";
    this.lastEventsKey = "";
    this.stepsLen = 0;
    const head = root.querySelector(".events .panel-head");
    this.tabs = h("div", { class: "tabs", role: "tablist", "aria-label": "Log" },
      h("button", { type: "button", role: "tab", class: "tab", "aria-selected": "true", dataset: { mode: "events", testid: "tab-events" } }, "Events"),
      h("button", { type: "button", role: "tab", class: "tab", "aria-selected": "false", dataset: { mode: "steps", testid: "tab-steps" } }, "Controller steps"));
    head.appendChild(this.tabs);
    this.tabs.addEventListener("click", (e) => {
      const b = e.target.closest("[data-mode]");
      if (!b) return;
      this.mode = b.dataset.mode;
      for (const t of this.tabs.children) t.setAttribute("aria-selected", String(t === b));
      this.lastEventsKey = "";
      this.stepsLen = -1;
      this.render(this.last);
    });
    this.last = null;
  }

  render(v) {
    if (!v) return;
    this.last = v;
    if (this.mode === "events") this.renderEvents(v.events);
    else this.renderSteps(v.timelineLen);
  }

  renderEvents(events) {
    const key = events.length + ":" + (events.length ? events[events.length - 1].atMs + "/" + events[events.length - 1].count + "/" + events[0].message : "");
    if (key === this.lastEventsKey) return;
    this.lastEventsKey = key;
    if (!events.length) {
      replace(this.box, h("p", { class: "muted" }, "No events yet."));
      return;
    }
    const rows = events.map((e) => h("tr", { class: e.type === "Warning" ? "warning" : "" },
      h("td", { class: "num" }, fmtMs(e.atMs)),
      h("td", null, e.type),
      h("td", null, e.reason),
      h("td", null, e.object),
      h("td", { class: "muted" }, e.from),
      h("td", { class: "msg" }, e.count > 1 ? `${e.message} (x${e.count})` : e.message)));
    const table = h("table", { class: "event-table" },
      h("thead", null, h("tr", null, ["AT", "TYPE", "REASON", "OBJECT", "FROM", "MESSAGE"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, rows));
    replace(this.box, table);
  }

  async renderSteps(len) {
    if (len === this.stepsLen || this.loadingSteps) return;
    if (len < this.stepsLen || this.stepsLen < 0 || len - this.stepsLen > MAX_STEPS) {
      // Went back in time (or too far ahead): redraw the tail.
      this.box.replaceChildren(h("ol", { class: "steps" }));
      this.stepsLen = Math.max(0, len - MAX_STEPS);
    }
    const list = this.box.querySelector("ol.steps") || this.box.appendChild(h("ol", { class: "steps" }));
    this.loadingSteps = true;
    let entries;
    try {
      entries = await this.timelineSince(this.stepsLen, MAX_STEPS);
    } finally {
      this.loadingSteps = false;
    }
    if (this.mode !== "steps") return;
    const muted = list.querySelector("li.muted");
    if (muted && entries.length) muted.remove();
    for (const e of entries) {
      list.appendChild(h("li", { class: "step actor-" + e.actor.replace(/[^a-z-]/g, "") },
        h("span", { class: "num" }, fmtMs(e.at_ms)), " ",
        h("span", { class: "actor" }, e.actor), " ",
        h("span", { class: "what" }, e.what)));
    }
    while (list.childElementCount > MAX_STEPS) list.firstElementChild.remove();
    if (!list.childElementCount) list.appendChild(h("li", { class: "muted" }, "Nothing has happened yet."));
    this.stepsLen = len;
  }
}
