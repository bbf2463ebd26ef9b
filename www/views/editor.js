// Manifest editor. The first view is a plain <textarea> (fast); CodeMirror 6 (line
// numbers, YAML highlighting, undo, search, lint underlines) is loaded lazily from
// www/vendor/codemirror.js and takes over with the same text. Diagnostics come from
// the engine (the API server's words); the text survives reloads (localStorage).

import { h, replace } from "../dom.js";
import { PRESETS } from "../presets.js";

const TEXT_KEY = "dsim.manifest";
const CHECK_DELAY = 250; // ms after the last keystroke
const PERSIST_LIMIT = 2 * 1024 * 1024; // don't try to store more than this (quota)

// CodeMirror's look, from the page's custom properties (they cross the shadow root).
const THEME = {
  "&": { height: "100%", fontSize: "0.85rem", backgroundColor: "var(--panel)", color: "var(--ink)" },
  "&.cm-focused": { outline: "3px solid var(--focus)", outlineOffset: "-3px" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.45" },
  ".cm-gutters": { backgroundColor: "var(--chip)", color: "var(--muted)", borderRightColor: "var(--line)" },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--active-line)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--ink)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground": { backgroundColor: "var(--selection) !important" },
  ".cm-tooltip": { backgroundColor: "var(--panel)", color: "var(--ink)", border: "1px solid var(--line)" },
  ".cm-panels": { backgroundColor: "var(--chip)", color: "var(--ink)" },
  ".cm-panels input, .cm-panels button": { color: "var(--ink)" },
  ".cm-tooltip-lint": { fontFamily: "var(--mono)", fontSize: "0.85rem", maxWidth: "40rem", whiteSpace: "pre-wrap" },
  ".cm-lintRange-error": { textDecoration: "underline wavy var(--bad)", textUnderlineOffset: "3px", backgroundImage: "none" },
  ".cm-lintRange-warning": { textDecoration: "underline wavy var(--warn)", textUnderlineOffset: "3px", backgroundImage: "none" },
};

export class EditorView {
  constructor(root, { check, preview, apply, selectedNode }) {
    this.checkFn = check;
    this.previewFn = preview;
    this.applyFn = apply;
    this.selectedNode = selectedNode;
    this.host = root.querySelector('[data-role="editor-host"]');
    this.list = root.querySelector('[data-role="diagnostics"]');
    this.previewBox = root.querySelector('[data-role="preview"]');
    this.previewBtn = root.querySelector('[data-action="preview"]');
    this.presetSel = root.querySelector('[data-role="preset"]');
    this.cm = null;
    this.diags = [];
    this.timer = 0;
    let text = null;
    try {
      text = localStorage.getItem(TEXT_KEY);
    } catch { /* storage disabled */ }
    if (text === null) text = PRESETS[0].text;
    this.textarea = h("textarea", { class: "plain-editor", spellcheck: "false", autocapitalize: "off", "aria-label": "Manifest (YAML)", dataset: { testid: "editor-textarea" } });
    this.textarea.value = text;
    this.textarea.addEventListener("input", () => this.changed());
    this.textarea.addEventListener("keydown", (e) => this.keys(e));
    replace(this.host, this.textarea);

    replace(this.presetSel, h("option", { value: "" }, "choose…"), PRESETS.map((p) => h("option", { value: p.id }, p.title)));
    this.presetSel.addEventListener("change", () => {
      const p = PRESETS.find((x) => x.id === this.presetSel.value);
      if (p) this.setText(p.text);
      this.presetSel.value = "";
    });
    root.querySelector('[data-action="apply"]').addEventListener("click", () => this.apply());
    this.previewBtn.addEventListener("click", () => {
      const on = this.previewBtn.getAttribute("aria-pressed") !== "true";
      this.previewBtn.setAttribute("aria-pressed", String(on));
      this.previewBox.hidden = !on;
      if (on) this.renderPreview();
    });
    this.list.addEventListener("click", (e) => {
      const li = e.target.closest("[data-line]");
      if (li) this.goto(Number(li.dataset.line), Number(li.dataset.col));
    });
    this.check();
  }

  keys(e) {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault();
      this.apply();
    }
  }

  getText() {
    return this.cm ? this.cm.view.state.doc.toString() : this.textarea.value;
  }

  setText(text) {
    if (this.cm) {
      const v = this.cm.view;
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
    } else {
      this.textarea.value = text;
      this.changed();
    }
  }

  changed() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), CHECK_DELAY);
  }

  async apply() {
    this.check();
    await this.applyFn(this.getText());
    if (!this.previewBox.hidden) this.renderPreview();
  }

  /** Asks the engine for diagnostics, shows them in the list and as underlines. */
  async check() {
    clearTimeout(this.timer);
    const text = this.getText();
    this.persist(text);
    const seq = (this.checkSeq = (this.checkSeq || 0) + 1);
    const diags = (await this.checkFn(text)) || [];
    if (seq !== this.checkSeq) return; // a newer text is being checked
    this.diags = diags;
    this.renderList(diags);
    if (this.cm) this.cm.show(diags);
    if (!this.previewBox.hidden) this.renderPreview();
  }

  persist(text) {
    if (text.length > PERSIST_LIMIT) return;
    try {
      localStorage.setItem(TEXT_KEY, text);
    } catch { /* quota: keep the last stored text */ }
  }

  renderList(diags) {
    if (!diags.length) {
      replace(this.list, h("li", { class: "ok", dataset: { testid: "no-problems" } }, "No problems found."));
      return;
    }
    replace(this.list, diags.slice(0, 50).map((d) => h("li", {
      class: "diag " + (d.severity === "warning" ? "warning" : "error"),
      dataset: { line: d.line, col: d.col, testid: "diagnostic" },
      tabindex: 0,
      title: "Go to the line",
    },
      h("span", { class: "diag-pos" }, `line ${d.line}${d.col ? ":" + d.col : ""}`),
      " ",
      h("span", { class: "diag-msg" }, d.message),
      d.hint ? h("span", { class: "diag-hint" }, ` — ${d.hint}`) : null)),
      diags.length > 50 ? h("li", { class: "muted" }, `…and ${diags.length - 50} more`) : null);
  }

  goto(line, col) {
    if (this.cm) {
      this.cm.goto(line, col);
      return;
    }
    const lines = this.textarea.value.split("\n");
    let pos = 0;
    for (let i = 0; i < Math.min(line - 1, lines.length); i++) pos += lines[i].length + 1;
    pos += Math.max(0, (col || 1) - 1);
    this.textarea.focus();
    this.textarea.setSelectionRange(pos, pos);
  }

  async renderPreview() {
    const seq = (this.previewSeq = (this.previewSeq || 0) + 1);
    const p = await this.previewFn(this.getText(), this.selectedNode() || "");
    if (seq !== this.previewSeq) return;
    if (!p || p.error) {
      replace(this.previewBox, h("p", { class: "muted" }, p && p.error ? p.error : "Nothing to preview."));
      return;
    }
    const lines = p.lines.map((l) => h("span", { class: "pl" + (l.added ? " added" : ""), title: l.added || undefined, dataset: l.added ? { testid: "preview-added" } : undefined }, l.text + "\n"));
    replace(this.previewBox,
      h("p", { class: "preview-head" }, `The pod the controller creates for node ${p.node}. `,
        h("mark", { class: "added-key" }, "Highlighted"), " lines are added by the controller, not written in your template."),
      h("pre", { class: "preview-yaml", tabindex: "0", "aria-label": "The pod the controller creates (YAML)" }, lines));
  }

  /** Loads CodeMirror and moves the text into it. Safe to call more than once. */
  async upgrade() {
    if (this.cm || this.loading) return this.loading;
    this.loading = (async () => {
      const CM = await import("../vendor/codemirror.js");
      const self = this;
      const hadFocus = document.activeElement === this.textarea;
      // CodeMirror goes into a shadow root: there its styles are constructed style
      // sheets (allowed by the page's CSP, which forbids inline <style> elements),
      // and the page's own CSS cannot leak in. Colours come in as custom properties.
      const shell = h("div", { class: "cm-shell" });
      const shadow = shell.attachShadow({ mode: "open" });
      const mount = document.createElement("div");
      mount.className = "cm-mount";
      mount.style.height = "100%";
      shadow.appendChild(mount);
      const view = new CM.EditorView({
        root: shadow,
        parent: mount,
        doc: this.textarea.value,
        extensions: [
          CM.basicSetup,
          CM.yaml(),
          CM.lintGutter(),
          CM.EditorView.theme(THEME),
          CM.syntaxHighlighting(CM.HighlightStyle.define([
            { tag: [CM.tags.propertyName, CM.tags.definition(CM.tags.propertyName)], color: "var(--syn-key)" },
            { tag: [CM.tags.string, CM.tags.special(CM.tags.string), CM.tags.content], color: "var(--syn-string)" },
            { tag: [CM.tags.number, CM.tags.bool, CM.tags.null, CM.tags.keyword, CM.tags.atom], color: "var(--syn-atom)" },
            { tag: [CM.tags.comment, CM.tags.lineComment], color: "var(--syn-comment)", fontStyle: "italic" },
            { tag: [CM.tags.meta, CM.tags.processingInstruction, CM.tags.labelName, CM.tags.typeName], color: "var(--syn-meta)" },
            { tag: [CM.tags.punctuation, CM.tags.separator, CM.tags.squareBracket, CM.tags.brace], color: "var(--muted)" },
          ])),
          CM.keymap.of([{ key: "Mod-Enter", run: () => { self.apply(); return true; } }]),
          CM.EditorView.updateListener.of((u) => { if (u.docChanged) self.changed(); }),
          CM.EditorView.contentAttributes.of({ "aria-label": "Manifest (YAML)", "data-testid": "editor-content" }),
        ],
      });
      const toCm = (diags) => {
        const doc = view.state.doc;
        return diags.map((d) => {
          const line = doc.line(Math.min(Math.max(1, d.line || 1), doc.lines));
          const from = Math.min(line.from + Math.max(0, (d.col || 1) - 1), line.to);
          const to = line.to > from ? line.to : Math.min(from + 1, doc.length);
          return { from, to, severity: d.severity === "warning" ? "warning" : "error", message: d.hint ? `${d.message}\n${d.hint}` : d.message, source: d.path || undefined };
        });
      };
      this.cm = {
        view,
        show: (diags) => view.dispatch(CM.setDiagnostics(view.state, toCm(diags))),
        goto: (line, col) => {
          const doc = view.state.doc;
          const l = doc.line(Math.min(Math.max(1, line), doc.lines));
          const pos = Math.min(l.from + Math.max(0, (col || 1) - 1), l.to);
          view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
          view.focus();
        },
      };
      this.host.replaceChildren(shell);
      view.dom.dataset.testid = "codemirror";
      this.cm.show(this.diags);
      if (hadFocus) view.focus();
    })().catch((e) => {
      // The plain editor keeps working.
      console.warn("code editor unavailable:", e);
      this.loading = null;
    });
    return this.loading;
  }
}
