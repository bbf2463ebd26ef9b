// Builds www/vendor/codemirror.js, the lazily loaded editor bundle, from
// www/vendor/codemirror.entry.js with esbuild (versions pinned in package.json).
// The output is committed so the page needs no build step beyond the wasm one.
//   node tests/e2e/build-editor.mjs
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
await build({
  entryPoints: [path.join(root, "www/vendor/codemirror.entry.js")],
  outfile: path.join(root, "www/vendor/codemirror.js"),
  bundle: true,
  format: "esm",
  minify: true,
  legalComments: "eof",
  target: ["chrome100", "firefox100", "safari15"],
  nodePaths: [path.join(here, "node_modules")],
  logLevel: "info",
});
