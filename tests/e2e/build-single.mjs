// Builds the single-file export: one HTML file with everything inlined, for
// workshops with bad Wi-Fi (open it from disk: file:// works).
//   node tests/e2e/build-single.mjs OUT.html      (run by `cargo xtask dist`)
//
// Chromium refuses fetch() and module imports of file:// URLs, so nothing may be
// loaded from beside the file:
// - the page's modules (www/main.js and what it imports, the lazily loaded
//   CodeMirror bundle included, still evaluated only when first needed) → one
//   esbuild ES module in an inline <script type="module">;
// - the engine's worker (www/engine-worker.js + the wasm-bindgen glue) → one
//   classic-script bundle in a non-executable <script type="text/plain"
//   id="dsim-worker">, which www/engine.js turns into a Blob URL worker;
// - the WebAssembly → base64 in <script type="application/octet-stream"
//   id="dsim-wasm"> (non-executable), handed to the worker with its source;
// - kubectl explain's descriptions (www/explain-descriptions.txt, fetched by the
//   worker on first use elsewhere) → a JS string literal in <script type="text/plain"
//   id="dsim-explain">, handed to the worker with its source;
// - the lessons (index.json and the YAML files) → a JSON map read by www/files.js
//   instead of fetch();
// - www/style.css → an inline <style>.
// The file carries its own Content-Security-Policy: the inline script and style are
// allowed by their sha256 hashes only, the worker by `worker-src blob:`.

import { build } from "esbuild";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const www = path.join(root, "www");
const out = path.resolve(process.argv[2] || path.join(root, "dist/daemonset-sim.html"));

const wasmFile = path.join(www, "pkg/daemonset_sim_wasm_bg.wasm");
if (!fs.existsSync(wasmFile)) {
  console.error("www/pkg is missing: run `cargo xtask build-web` first.");
  process.exit(2);
}

async function bundle(entry, format) {
  const r = await build({
    entryPoints: [path.join(www, entry)],
    bundle: true,
    write: false,
    format,
    minify: true,
    legalComments: "eof",
    target: ["chrome100", "firefox100", "safari15"],
    logLevel: "error",
    // The worker's `import.meta.url` is only used when no inlined wasm is given.
    logOverride: { "empty-import-meta": "silent" },
  });
  return r.outputFiles[0].text;
}

/** Makes JS text safe inside a <script> element (no early `</script`). */
const scriptSafe = (js) => js.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");

const main = await bundle("main.js", "esm");
const worker = await bundle("engine-worker.js", "iife");
const wasm = fs.readFileSync(wasmFile).toString("base64");
const explain = fs.readFileSync(path.join(www, "explain-descriptions.txt"), "utf8");

const lessons = {};
const lessonDir = path.join(www, "lessons");
for (const f of fs.readdirSync(lessonDir).sort()) {
  if (f.endsWith(".json") || f.endsWith(".yaml")) lessons[`lessons/${f}`] = fs.readFileSync(path.join(lessonDir, f), "utf8");
}

const css = fs.readFileSync(path.join(www, "style.css"), "utf8").replace(/<\/style/gi, "<\\/style");
const moduleJs = scriptSafe(`globalThis.__dsimFiles = ${JSON.stringify(lessons)};\n${main}`);
const sha = (s) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;
const csp = [
  "default-src 'none'",
  `script-src ${sha(moduleJs)} 'wasm-unsafe-eval'`,
  "worker-src blob:",
  `style-src ${sha(css)}`,
  "style-src-attr 'unsafe-inline'",
  "img-src data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

let html = fs.readFileSync(path.join(root, "index.html"), "utf8");
const drop = [
  /<meta http-equiv="Content-Security-Policy"[^>]*>\n?/,
  /<link rel="stylesheet"[^>]*>\n?/,
  /<link rel="modulepreload"[^>]*>\n?/,
  /<link rel="preload"[^>]*>\n?/,
  /<script type="module" src="[^"]*"><\/script>\n?/,
];
for (const re of drop) {
  if (!re.test(html)) throw new Error(`index.html changed: ${re} not found (update tests/e2e/build-single.mjs)`);
  html = html.replace(re, "");
}
const head = [
  `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
  `<style>${css}</style>`,
  `<script type="application/octet-stream" id="dsim-wasm">${wasm}</script>`,
  `<script type="text/plain" id="dsim-worker">${scriptSafe(worker)}</script>`,
  `<script type="text/plain" id="dsim-explain">${scriptSafe(JSON.stringify(explain))}</script>`,
  `<script type="module">${moduleJs}</script>`,
].join("\n");
html = html.replace("</head>", () => `${head}\n</head>`); // a function: `$` in the JS is not a pattern
html = html.replace("<title>daemonset-sim — ", "<title>daemonset-sim (single file) — ");

fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, html);
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.error(`single file: ${path.relative(process.cwd(), out) || out}: ${kib(html.length)} (page JS ${kib(main.length)}, worker JS ${kib(worker.length)}, wasm base64 ${kib(wasm.length)}, ${Object.keys(lessons).length} lesson files)`);
