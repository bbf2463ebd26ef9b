// Accessibility scans with axe-core (pinned in package.json): the app page (lesson
// panel open, editor open, light and dark themes, a link's message) and the example
// docs page (its three elements, Shadow DOM included) have no serious or critical
// violation. Lesser ones are printed, not failed.
//
// axe is injected through the DevTools protocol (page.addScriptTag would need an
// inline script, which the page's own CSP rightly refuses), so the page runs under
// its real policy.

import fs from "node:fs";
import path from "node:path";
import { here, open, assert } from "./harness.mjs";

const AXE = fs.readFileSync(path.join(here, "node_modules/axe-core/axe.min.js"), "utf8");

/** Runs axe on the page; returns violations of impact serious or critical, and the rest. */
async function scan(page) {
  // No half-faded pods mid-animation (axe would judge their contrast mid-fade).
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.waitForTimeout(50);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Runtime.evaluate", { expression: AXE });
  const res = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 4).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary.split("\n").slice(1, 3).join(" ")}`),
    }));
  });
  await cdp.detach();
  return {
    bad: res.filter((v) => v.impact === "serious" || v.impact === "critical"),
    minor: res.filter((v) => v.impact !== "serious" && v.impact !== "critical"),
  };
}

function report(what, { bad, minor }) {
  for (const v of minor) console.log(`     ${what}: (${v.impact}) ${v.id}: ${v.help} ×${v.nodes.length}`);
  assert(!bad.length, `${what}: serious or critical accessibility violations:\n${bad.map((v) =>
    `  ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join("\n    ")}`).join("\n")}`);
}

export const tests = [
  {
    name: "a11y: the app page (lesson open, editor open, dark theme, a link's message) has no serious or critical axe violation",
    async fn({ context, url }) {
      const { page } = await open(context, url, { query: "?lesson=02-node-selector-ssd" });
      await page.locator('[data-testid="goal"]').first().waitFor();
      await page.getByTestId("lesson-hint").click();
      report("app, lesson open", await scan(page));
      await page.locator('[data-testid="editor"]').click();
      await page.locator(".cm-editor").waitFor({ timeout: 15000 });
      await page.getByTestId("preview-toggle").click();
      await page.getByTestId("copy-link").click();
      await page.getByTestId("link-out").waitFor();
      report("app, editor open", await scan(page));
      await page.getByTestId("theme").click();
      report("app, dark theme", await scan(page));
      const b = await open(context, url, { query: "#v1.broken", clearStorage: false });
      await b.page.getByTestId("link-error").waitFor();
      report("app, broken link", await scan(b.page));
    },
  },
  {
    name: "a11y: the docs page with three <daemonset-sim> (hint and link box open) has no serious or critical axe violation",
    async fn({ context, url }) {
      const page = await context.newPage();
      await page.goto(url + "www/docs-example.html");
      await page.waitForFunction(() => customElements.get("daemonset-sim"));
      await page.evaluate(async () => {
        const els = [...document.querySelectorAll("daemonset-sim")];
        await Promise.all(els.map((e) => e.ready));
        for (const e of els) await e.exec("sim settle");
        els[0].shadowRoot.querySelector("button[aria-expanded]").click();
        els[1].shadowRoot.querySelector("button[title^='Copy a link']").click();
        await new Promise((r) => els[1].addEventListener("link", r, { once: true }));
      });
      report("docs page", await scan(page));
      await page.evaluate(() => document.documentElement.setAttribute("data-theme", "dark"));
      await page.waitForTimeout(100);
      report("docs page, dark", await scan(page));
    },
  },
  {
    name: "a11y: embed.html (the iframe route) has no serious or critical axe violation",
    async fn({ context, url }) {
      const page = await context.newPage();
      await page.goto(url + "www/embed.html?views=lesson,nodes,rollout,terminal#scenario=one-pod-per-node");
      await page.waitForFunction(() => document.querySelector("daemonset-sim") && document.querySelector("daemonset-sim").engine);
      await page.evaluate(async () => {
        const el = document.querySelector("daemonset-sim");
        await el.ready;
        await el.exec("kubectl apply -f ds.yaml");
      });
      report("embed.html", await scan(page));
    },
  },
];
