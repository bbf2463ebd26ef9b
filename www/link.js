// Links that carry the whole state in the URL fragment (never sent to a server):
//
//   index.html#v1.<base64url(deflate-raw(JSON))>
//
// The JSON is { scenario, lesson, setup, ops, editor, cluster } (see `checkState`):
// the scenario text (or the setup operations the page ran before its scrubber's
// start) and the operations since, in the engine's own form (crates/wasm
// history.rs: ["x", line], ["f", name, text], ["s"], ["a", ms], ["r", limit, steps,
// 0|1]). The engine is deterministic, so replaying them gives exactly the state the
// link was made from.
//
// Bounded both ways: a link longer than MAX_LINK_CHARS is neither made nor opened,
// and decompression stops as soon as the output passes MAX_STATE_BYTES, so a
// "zip bomb" costs nothing. Whatever a link holds is data: the page shows it as
// text and the engine parses it; nothing in it is ever HTML or script.

export const LINK_VERSION = 1;
export const LINK_PREFIX = `v${LINK_VERSION}.`;
/** The longest fragment made or opened (characters after `#`). */
export const MAX_LINK_CHARS = 32 * 1024;
/** The most JSON a link may unpack to (bytes). */
export const MAX_STATE_BYTES = 256 * 1024;
/** The most operations (setup + ops) a link may replay. */
export const MAX_OPS = 20000;

/** A link that cannot be made or opened; `message` is meant for the learner. */
export class LinkError extends Error {}

const kib = (n) => `${Math.ceil(n / 1024)} KiB`;

function toBase64Url(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new LinkError("This link is damaged: it has characters a simulator link never contains (was it cut or edited?).");
  }
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  let bin;
  try {
    bin = atob(b64);
  } catch {
    throw new LinkError("This link is damaged: its data is not valid base64url.");
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function deflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates, giving up as soon as the output passes `max` bytes. */
async function inflate(bytes, max) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > max) {
        reader.cancel().catch(() => {});
        throw new LinkError(`This link unpacks to more than ${kib(max)}, the most a link may hold; it was not opened.`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof LinkError) throw e;
    throw new LinkError("This link is damaged: its compressed data is truncated or corrupt (was it cut short when it was copied?).");
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

const isStr = (x) => typeof x === "string";

/**
 * Checks a decoded state's shape (types only: the engine judges the contents) and
 * returns it with defaults. Throws LinkError naming what is wrong.
 */
export function checkState(s) {
  const bad = (what) => { throw new LinkError(`This link does not hold a simulator state: ${what}.`); };
  if (!s || typeof s !== "object" || Array.isArray(s)) bad("it is not an object");
  const out = { scenario: null, lesson: "", setup: [], ops: [], editor: null, cluster: "" };
  if (s.scenario !== undefined && s.scenario !== null) {
    if (!isStr(s.scenario)) bad("its scenario is not text");
    out.scenario = s.scenario;
  }
  for (const k of ["lesson", "cluster"]) {
    if (s[k] === undefined) continue;
    if (!isStr(s[k]) || s[k].length > 200) bad(`its ${k} is not a short name`);
    out[k] = s[k];
  }
  if (s.editor !== undefined && s.editor !== null) {
    if (!isStr(s.editor)) bad("its editor text is not text");
    out.editor = s.editor;
  }
  for (const k of ["setup", "ops"]) {
    if (s[k] === undefined) continue;
    if (!Array.isArray(s[k])) bad(`its ${k} is not a list`);
    if (!s[k].every((op) => Array.isArray(op) && isStr(op[0]))) bad(`its ${k} holds something that is not an operation`);
    out[k] = s[k];
  }
  if (out.setup.length + out.ops.length > MAX_OPS) bad(`it has more than ${MAX_OPS} operations`);
  if (out.scenario !== null && out.setup.length) bad("it has both a scenario and setup operations");
  return out;
}

/** The fragment (without `#`) for `state`. Throws LinkError when it would be too long. */
export async function encodeState(state) {
  const json = new TextEncoder().encode(JSON.stringify({ v: LINK_VERSION, ...state }));
  if (json.length > MAX_STATE_BYTES) {
    throw new LinkError(`This state is too big for a link (${kib(json.length)} of data; at most ${kib(MAX_STATE_BYTES)}).`);
  }
  const frag = LINK_PREFIX + toBase64Url(await deflate(json));
  if (frag.length > MAX_LINK_CHARS) {
    throw new LinkError(`This state is too big for a link (${kib(frag.length)} once compressed; at most ${kib(MAX_LINK_CHARS)}). Reset or use a smaller cluster, then copy again.`);
  }
  return frag;
}

/** Whether a fragment (with or without `#`) is meant for the simulator at all. */
export function isLinkFragment(fragment) {
  return /^#?v\d+\./.test(String(fragment || ""));
}

/** The checked state in a fragment (with or without `#`). Throws LinkError. */
export async function decodeState(fragment) {
  let frag = String(fragment || "");
  if (frag.startsWith("#")) frag = frag.slice(1);
  if (frag.length > MAX_LINK_CHARS) {
    throw new LinkError(`This link is too long (${kib(frag.length)}; at most ${kib(MAX_LINK_CHARS)}); it was not opened.`);
  }
  const m = /^v(\d+)\.(.*)$/s.exec(frag);
  if (!m) throw new LinkError("This is not a daemonset-sim link (it should start with #v1.).");
  if (m[1] !== String(LINK_VERSION)) {
    throw new LinkError(`This link is version ${m[1].slice(0, 6)}; this page opens version ${LINK_VERSION} links only.`);
  }
  const bytes = await inflate(fromBase64Url(m[2]), MAX_STATE_BYTES);
  let json;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new LinkError("This link is damaged: its contents are not valid JSON text.");
  }
  if (json && typeof json === "object" && !Array.isArray(json) && json.v !== LINK_VERSION) {
    throw new LinkError(json.v === undefined ? "This link does not hold a simulator state: it has no version."
      : `This link says it is version ${String(json.v).slice(0, 6)}; this page opens version ${LINK_VERSION} links only.`);
  }
  return checkState(json);
}

/** Puts `text` on the clipboard; false when the browser refuses (no permission). */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
