// Page tests: `node tests/e2e/run.mjs [filter]`. Starts its own static server on
// 127.0.0.1 serving the repo root, drives Debian's Chromium with playwright-core,
// runs every test in tests/e2e/*.test.mjs (each exports `tests`: [{ name, fn }]),
// saves screenshots to tests/e2e/artifacts/, and exits non-zero on any failure.
// Needs the wasm build in www/pkg (`cargo xtask build-web`); hosting.test.mjs needs
// a dist/ made from the same sources (`cargo xtask dist`; `cargo xtask test` does both).

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { here, root, serve, launch, artifacts } from "./harness.mjs";

const filter = process.argv[2] || "";
if (!fs.existsSync(path.join(root, "www/pkg/daemonset_sim_wasm_bg.wasm"))) {
  console.error("www/pkg/daemonset_sim_wasm_bg.wasm is missing: run `cargo xtask build-web` first.");
  process.exit(2);
}
fs.mkdirSync(artifacts, { recursive: true });

const files = fs.readdirSync(here).filter((f) => f.endsWith(".test.mjs")).sort();
const all = [];
for (const f of files) {
  const mod = await import(pathToFileURL(path.join(here, f)).href);
  for (const t of mod.tests) all.push({ file: f, ...t });
}
const selected = all.filter((t) => !filter || t.name.includes(filter) || t.file.includes(filter));

const server = await serve();
const browser = await launch();
let failed = 0;
const started = Date.now();
for (const t of selected) {
  const t0 = Date.now();
  try {
    await Promise.race([
      t.fn({ context: browser.context, url: server.url }),
      new Promise((_, rej) => setTimeout(() => rej(new Error("timed out after 90 s")), 90_000)),
    ]);
    console.log(`ok   ${t.name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${t.name} (${Date.now() - t0} ms)\n     ${String(e && e.stack || e).split("\n").slice(0, 200).join("\n     ")}`);
  } finally {
    for (const p of browser.context.pages()) await p.close().catch(() => {});
  }
}
await browser.close();
await server.close();
console.log(`\n${selected.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s); screenshots in ${path.relative(process.cwd(), artifacts) || artifacts}`);
process.exit(failed ? 1 : 0);
