// Tiny DOM helpers. Everything user-provided goes through textContent or
// setAttribute: this module never parses markup (no innerHTML anywhere in the page).

/**
 * h("div", { class: "x", dataset: { testid: "y" }, onclick: fn }, child, "text")
 * Strings and numbers become text nodes; null/false children are skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") el.className = v;
      else if (k === "dataset") Object.assign(el.dataset, v);
      else if (k === "text") el.textContent = v;
      else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces all children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** Sets text only when it changed (avoids needless style/layout work). */
export function setText(el, text) {
  const t = String(text);
  if (el.textContent !== t) el.textContent = t;
}

/** `prefers-reduced-motion: reduce`, live. */
const motionQuery = typeof matchMedia === "function" ? matchMedia("(prefers-reduced-motion: reduce)") : null;
export function reducedMotion() {
  return !!(motionQuery && motionQuery.matches);
}

/** Formats simulated milliseconds as the engine does (`1m30s`, `2.5s`). */
export function fmtMs(ms) {
  ms = Math.max(0, Math.round(ms));
  const total = Math.floor(ms / 1000), frac = ms % 1000;
  const hh = Math.floor(total / 3600), mm = Math.floor((total % 3600) / 60), ss = total % 60;
  let out = "";
  if (hh) out += hh + "h";
  if (mm) out += mm + "m";
  if (ss || frac || !out) out += frac ? `${ss}.${String(frac).padStart(3, "0").replace(/0+$/, "")}s` : `${ss}s`;
  return out;
}
