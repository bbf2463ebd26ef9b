// Shared pieces of the page tests: a static server for the repo root (correct MIME
// types, 127.0.0.1 only), Debian's Chromium through playwright-core (never a
// downloaded browser), and a page opener that records console errors, page errors
// and CSP violations.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, "../..");
export const artifacts = path.join(here, "artifacts");

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".yaml": "text/yaml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/**
 * Serves `dir` (the repo root by default) on 127.0.0.1 (a free port), adding
 * `headers` to every file response. Resolves to { url, close }.
 */
export function serve({ dir = root, headers = {} } = {}) {
  const server = http.createServer((req, res) => {
    let p;
    try {
      p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (p === "/__blank") {
      // An empty page of the same origin (to clear storage before a test).
      res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><link rel="icon" href="data:,"><title>blank</title>');
      return;
    }
    if (p.endsWith("/")) p += "index.html";
    const file = path.join(dir, path.normalize(p));
    if (!file.startsWith(dir + path.sep) || file.includes(`${path.sep}.git${path.sep}`)) {
      res.writeHead(403).end();
      return;
    }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      res.writeHead(200, {
        "content-type": MIME[path.extname(file)] || "application/octet-stream",
        "content-length": st.size,
        "cache-control": "no-cache",
        ...headers,
      });
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** Debian's Chromium, headless, with a fresh profile. */
export async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dsim-e2e-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1600, height: 1000 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the page and waits for the engine. Returns { page, problems } where
 * problems collects console errors, page errors, CSP violations and dialogs.
 */
export async function open(context, baseUrl, { query = "", clearStorage = true } = {}) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.type()} ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  if (clearStorage) {
    await page.goto(baseUrl + "__blank");
    await page.evaluate(() => localStorage.clear());
  }
  await page.goto(baseUrl + "index.html" + query);
  await page.waitForFunction(() => window.__dsim && window.__dsim.ready, null, { timeout: 20000 });
  return { page, problems };
}

/** Saves a screenshot under tests/e2e/artifacts/NAME.png. */
export async function shot(page, name, opts = {}) {
  fs.mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${name}.png`);
  if (opts.fullPage !== false) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true, ...opts });
  return file;
}

/** Types a command into the terminal and returns the output block's text. */
export async function term(page, line) {
  const before = await page.locator('[data-testid="term-out"] .term-block').count();
  const input = page.getByTestId("term-input");
  await input.fill(line);
  await input.press("Enter");
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="term-out"] .term-block').length > n, before);
  return page.locator('[data-testid="term-out"] .term-block').last().innerText();
}

/** Waits until the engine has answered everything asked so far and the page drew it. */
export async function idle(page) {
  await page.evaluate(async () => {
    await window.__dsim.engine.historyPos();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

/** Runs `action` (clicks…) and returns the text of the terminal block it printed. */
export async function termAfter(page, action) {
  const before = await page.locator('[data-testid="term-out"] .term-block').count();
  await action();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="term-out"] .term-block').length > n, before);
  return page.locator('[data-testid="term-out"] .term-block').nth(before).innerText();
}

/** Replaces the editor's text (CodeMirror or the plain textarea). */
export async function setEditor(page, text) {
  await page.evaluate((t) => window.__dsim.editor.setText(t), text);
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
