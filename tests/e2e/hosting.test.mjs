// Hosting (`cargo xtask dist`): dist/ served by a plain static server with README's
// Content-Security-Policy header works (the app page, the editor, a lesson, a link,
// the example docs page) with no CSP violation and no console error; the
// single-file export dist/daemonset-sim.html works opened from file://.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { root, serve, open, shot, term, idle, assert } from "./harness.mjs";

const dist = path.join(root, "dist");

/** README's policy (the line in its Hosting section), checked against index.html's <meta>. */
function readmeCsp() {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const m = /^Content-Security-Policy: (.+)$/m.exec(readme);
  assert(m, "README states the Content-Security-Policy");
  const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(fs.readFileSync(path.join(root, "index.html"), "utf8"));
  assert(meta && meta[1] === m[1], `index.html's <meta> policy differs from README's:\n${meta && meta[1]}\n${m[1]}`);
  return m[1];
}

/** dist/ must be made from the sources being tested. */
function distIsFresh() {
  const same = (rel) => fs.existsSync(path.join(dist, rel))
    && fs.readFileSync(path.join(dist, rel)).equals(fs.readFileSync(path.join(root, rel)));
  const stale = ["index.html", "www/main.js", "www/daemonset-sim.js", "www/link.js", "www/engine.js", "www/style.css",
    "www/pkg/daemonset_sim_wasm_bg.wasm"].filter((f) => !same(f));
  assert(!stale.length, `dist/ is missing or stale (${stale.join(", ")}): run \`cargo xtask dist\``);
  const single = path.join(dist, "daemonset-sim.html");
  assert(fs.existsSync(single) && fs.statSync(single).mtimeMs >= fs.statSync(path.join(dist, "index.html")).mtimeMs - 60_000,
    "dist/daemonset-sim.html is missing or older than dist/: run `cargo xtask dist`");
}

function watch(page) {
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console.error: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("dialog", (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  return problems;
}

async function noViolations(page, problems, what) {
  const csp = await page.evaluate(() => window.__cspViolations || []);
  assert(!csp.length, `${what}: CSP violations: ${csp.join("; ")}`);
  assert(!problems.length, `${what}: ${problems.join("\n")}`);
}

export const tests = [
  {
    name: "dist: served with README's CSP header, the app (editor, lesson, link) and the docs page work with no violation",
    async fn({ context }) {
      const csp = readmeCsp();
      distIsFresh();
      assert(fs.readFileSync(path.join(dist, "_headers"), "utf8").includes(`Content-Security-Policy: ${csp}`), "dist/_headers sets the same policy");
      const server = await serve({ dir: dist, headers: { "content-security-policy": csp } });
      try {
        const { page, problems } = await open(context, server.url);
        const header = await page.evaluate(async () => (await fetch(location.href)).headers.get("content-security-policy"));
        assert(header === csp, `served with the header: ${header}`);
        await page.locator("[data-pod]").first().waitFor();
        assert(await page.getByTestId("crash").isHidden(), "the engine runs under the policy");
        // The lazily loaded editor (CodeMirror) under the policy.
        await page.locator('[data-testid="editor"]').click();
        await page.locator(".cm-editor").waitFor({ timeout: 15000 });
        await page.getByTestId("preset").selectOption("node-exporter");
        await page.getByTestId("apply").click();
        await idle(page);
        const out = await term(page, "kubectl get ds -A");
        assert(/node-exporter/.test(out), `applied under CSP: ${out}`);
        // kubectl explain fetches its descriptions under the policy (connect-src 'self').
        const ex = await term(page, "kubectl explain ds.spec.updateStrategy");
        assert(/Rolling update config params/.test(ex), `explain under CSP: ${ex}`);
        // A lesson, and a link made and opened.
        await page.getByTestId("lesson-pick").selectOption("05-cordon-and-drain.yaml");
        await page.locator('[data-testid="goal"]').first().waitFor();
        await page.evaluate(() => { window.__dsim.lesson.stepDelay = 0; });
        await page.getByTestId("lesson-show").click();
        await page.waitForFunction(() => /All goals reached/.test(document.querySelector('[data-testid="lesson-status"]').textContent), null, { timeout: 20000 });
        await page.getByTestId("copy-link").click();
        await page.waitForFunction(() => document.querySelector('[data-testid="link-out"]').value.includes("#v1."));
        const href = await page.getByTestId("link-out").inputValue();
        const made = await page.evaluate(() => window.__dsim.engine.view());
        await shot(page, "60-dist-csp");
        await noViolations(page, problems, "dist app");
        const b = await open(context, server.url, { query: href.slice(href.indexOf("#")), clearStorage: false });
        await b.page.waitForSelector('[data-testid="linkbox"]:not([hidden]), [data-testid="link-error"]:not([hidden])');
        assert(await b.page.getByTestId("link-error").isHidden(), `the link opened: ${await b.page.getByTestId("link-error").innerText()}`);
        assert(JSON.stringify(await b.page.evaluate(() => window.__dsim.engine.view())) === JSON.stringify(made), "link replayed under CSP");
        await noViolations(b.page, b.problems, "dist link");
        // The docs page, its three instances.
        const docs = await context.newPage();
        const dproblems = watch(docs);
        await docs.addInitScript(() => {
          window.__cspViolations = [];
          document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
        });
        await docs.goto(server.url + "www/docs-example.html");
        await docs.waitForFunction(() => customElements.get("daemonset-sim"));
        const outs = await docs.evaluate(async () => {
          const els = [...document.querySelectorAll("daemonset-sim")];
          await Promise.all(els.map((e) => e.ready));
          const r = [];
          for (const e of els) r.push((await e.exec("kubectl get nodes")).output);
          return r;
        });
        assert(outs.length === 3 && outs.every((o) => /STATUS/.test(o)), `three instances answer: ${JSON.stringify(outs)}`);
        await noViolations(docs, dproblems, "dist docs page");
      } finally {
        await server.close();
      }
      // The control: without 'wasm-unsafe-eval' the engine (in its worker) cannot
      // start, and the page says so instead of dying. This is what the checks above
      // would see if the policy were wrong.
      const strict = csp.replace(" 'wasm-unsafe-eval'", "");
      const bare = await serve({ dir: dist, headers: { "content-security-policy": strict } });
      try {
        const { page } = await open(context, bare.url);
        await page.getByTestId("crash").waitFor();
        const msg = await page.getByTestId("crash").innerText();
        assert(/Content Security/.test(msg) && (await page.locator("[data-pod]").count()) === 0, `without 'wasm-unsafe-eval': ${msg}`);
      } finally {
        await bare.close();
      }
    },
  },
  {
    name: "single-file export: dist/daemonset-sim.html from file:// applies a preset, shows pods, plays a lesson, loads the editor, explains, opens its own links",
    async fn({ context }) {
      distIsFresh();
      const file = path.join(dist, "daemonset-sim.html");
      const html = fs.readFileSync(file, "utf8");
      assert(!/\b(src|href)="(?!data:)[^"#]/.test(html), "the file references nothing beside it");
      const page = await context.newPage();
      const problems = watch(page);
      await page.addInitScript(() => {
        window.__cspViolations = [];
        document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      const t0 = Date.now();
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(() => window.__dsim && window.__dsim.ready, null, { timeout: 20000 });
      await page.locator("[data-pod]").first().waitFor();
      console.log(`     single file: ${(html.length / 1024).toFixed(0)} KiB, first pod ${Date.now() - t0} ms after navigation`);
      // A cluster preset and a manifest preset.
      await page.getByTestId("cluster-preset").selectOption("mixed");
      await idle(page);
      await page.locator('[data-testid="editor"]').click();
      await page.locator(".cm-editor").waitFor({ timeout: 15000 });
      await page.getByTestId("preset").selectOption("nginx-fast-storage");
      await page.getByTestId("apply").click();
      await idle(page);
      const out = await term(page, "sim settle");
      assert(!/error/i.test(out), `settle: ${out}`);
      const pods = await page.evaluate(async () => (await window.__dsim.engine.view()).nodes.flatMap((n) => n.pods.map((p) => `${n.name}/${p.owner}`)));
      assert(pods.some((p) => p.includes("nginx-fast-storage")), `nginx-fast-storage pods: ${pods}`);
      await shot(page, "61-single-file");
      // A lesson from the inlined lessons.
      await page.getByTestId("lesson-pick").selectOption("03-node-affinity-in.yaml");
      await page.locator('[data-testid="goal"]').first().waitFor();
      await page.evaluate(() => { window.__dsim.lesson.stepDelay = 0; });
      await page.getByTestId("lesson-show").click();
      await page.waitForFunction(() => /All goals reached/.test(document.querySelector('[data-testid="lesson-status"]').textContent), null, { timeout: 20000 });
      const n = await page.locator('[data-testid="lesson-pick"] option').count();
      assert(n >= 17, `lessons offered: ${n}`);
      // kubectl explain with the descriptions the file carries (nothing to fetch).
      const ex = await term(page, "kubectl explain ds.spec.updateStrategy");
      assert(/Rolling update config params\. Present only if type = "RollingUpdate"\./.test(ex), `explain in the single file: ${ex}`);
      // A link made in the file opens in the file.
      await page.getByTestId("copy-link").click();
      await page.waitForFunction(() => document.querySelector('[data-testid="link-out"]').value.includes("#v1."));
      const href = await page.getByTestId("link-out").inputValue();
      assert(href.startsWith(pathToFileURL(file).href + "#v1."), `a file:// link: ${href.slice(0, 80)}`);
      const made = await page.evaluate(() => window.__dsim.engine.view());
      await noViolations(page, problems, "single file");
      const again = await context.newPage();
      const problems2 = watch(again);
      await again.goto(href);
      await again.waitForFunction(() => window.__dsim && window.__dsim.ready, null, { timeout: 20000 });
      await again.getByTestId("linkbox").waitFor();
      assert(JSON.stringify(await again.evaluate(() => window.__dsim.engine.view())) === JSON.stringify(made), "the link replays in the single file");
      assert(!problems2.length, problems2.join("\n"));
    },
  },
];
