// The DaemonSet-vs-Deployment view: hidden until a Deployment exists; then one
// row per workload with its nodes-without-an-agent and more-than-one counters,
// following add/remove node buttons; and lesson 17 (a 50-replica log agent on
// 500 nodes) reaches its goals with the counters the engine computed.

import { open, shot, term, idle, assert } from "./harness.mjs";

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent-deploy
spec:
  replicas: 3
  selector:
    matchLabels: {app: agent-deploy}
  template:
    metadata:
      labels: {app: agent-deploy}
    spec:
      containers:
        - name: agent
          image: fluent/fluent-bit:3.0
`;

async function counters(page, kind) {
  const row = page.getByTestId(`spread-${kind}`);
  return {
    without: await row.getByTestId("without").innerText(),
    more: await row.getByTestId("more").innerText(),
    cells: await row.locator(".cell").count(),
  };
}

export const tests = [
  {
    name: "compare: the preset's DaemonSet follows added nodes, a Deployment does not; counters say so",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      assert(await page.getByTestId("compare-panel").isHidden(), "hidden without a Deployment");
      await page.evaluate((text) => window.__dsim.engine.putFile("agent-deploy.yaml", text), DEPLOY);
      await term(page, "kubectl apply -f agent-deploy.yaml");
      await term(page, "sim settle");
      await idle(page);
      await page.getByTestId("compare-panel").waitFor();
      let d = await counters(page, "deployment");
      const ds0 = await counters(page, "daemonset");
      const n = d.cells;
      assert(n >= 3 && d.without.startsWith(`${n - 3} of ${n} nodes`), `3 replicas on 3 of ${n} nodes: ${JSON.stringify(d)}`);
      await page.getByTestId("compare-add").click();
      await page.getByTestId("compare-add").click();
      await idle(page);
      await term(page, "sim settle");
      await idle(page);
      await page.waitForFunction((m) => new RegExp(`of ${m} nodes`).test(document.querySelector('[data-testid="spread-deployment"] [data-testid="without"]')?.textContent || ""), n + 2);
      d = await counters(page, "deployment");
      const ds1 = await counters(page, "daemonset");
      assert(d.without.startsWith(`${n - 1} of ${n + 2} nodes`) && d.cells === n + 2, `new nodes get no replica: ${JSON.stringify(d)}`);
      const out = await page.getByTestId("term-out").innerText();
      assert(/\$ sim add-node node-4\n[^$]*\$ sim add-node node-5\n/.test(out), `the buttons' command lines are in the terminal: ${out}`);
      // The preset's DaemonSet follows: the new nodes run its pod.
      assert(ds1.cells === n + 2 && parseInt(ds1.without) === parseInt(ds0.without), `DaemonSet: ${JSON.stringify([ds0, ds1])}`);
      await shot(page, "70-compare-nodes-added");
      await page.getByTestId("compare-remove").click();
      await idle(page);
      await term(page, "sim settle");
      await idle(page);
      await page.waitForFunction((m) => new RegExp(`of ${m} nodes`).test(document.querySelector('[data-testid="spread-deployment"] [data-testid="without"]')?.textContent || ""), n + 1);
      const csp = await page.evaluate(() => window.__cspViolations);
      assert(!csp.length && !problems.length, `${csp.join("; ")} ${problems.join("\n")}`);
    },
  },
  {
    name: "compare: lesson 17, a 50-replica log agent on 500 nodes, leaves 450 nodes without an agent",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url, { query: "?lesson=17-logging-agent-as-deployment" });
      await page.locator('[data-testid="goal"]').first().waitFor();
      await page.evaluate(() => { window.__dsim.lesson.stepDelay = 50; });
      await page.getByTestId("lesson-show").click();
      await page.waitForFunction(() => /All goals reached/.test(document.querySelector('[data-testid="lesson-status"]').textContent), null, { timeout: 60000 });
      await idle(page);
      const d = await counters(page, "deployment");
      const s = await counters(page, "daemonset");
      assert(d.without.startsWith("450 of 500 nodes without an agent"), `deployment: ${JSON.stringify(d)}`);
      assert(d.more.startsWith("0 with more than one"), `spread one per node: ${JSON.stringify(d)}`);
      assert(s.without.startsWith("0 of 500 nodes without an agent") && s.cells === 500, `daemonset: ${JSON.stringify(s)}`);
      await page.getByTestId("compare-panel").scrollIntoViewIfNeeded();
      await shot(page, "71-compare-lesson-500-nodes");
      const csp = await page.evaluate(() => window.__cspViolations);
      assert(!csp.length && !problems.length, `${csp.join("; ")} ${problems.join("\n")}`);
    },
  },
];
