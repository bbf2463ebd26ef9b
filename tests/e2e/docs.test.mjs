// The example documentation page (www/docs-example.html): three <daemonset-sim>
// instances, each added with one script tag, load their scenarios (a preset, an
// inline YAML child, a URL), do not disturb each other, follow the host's dark mode,
// and `el.exec` prints exactly what the native CLI prints for the same lines.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { root, shot, assert } from "./harness.mjs";

async function openDocs(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console.error: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(url + "www/docs-example.html");
  await page.waitForFunction(() => customElements.get("daemonset-sim"), null, { timeout: 20000 });
  await page.evaluate(() => Promise.all([...document.querySelectorAll("daemonset-sim")].map((e) => e.ready)));
  return { page, problems };
}

async function noProblems(page, problems, what) {
  const csp = await page.evaluate(() => window.__cspViolations);
  assert(!csp.length, `${what}: CSP violations: ${csp.join("; ")}`);
  assert(!problems.length, `${what}: ${problems.join("\n")}`);
}

const snap = (page, id) => page.evaluate((i) => document.getElementById(i).snapshot(), id);

/** The native CLI's transcript for `scenario` with `lines` as its steps. */
function cliTranscript(scenarioText, lines) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dsim-cli-"));
  const file = path.join(dir, "s.yaml");
  const steps = "steps:\n" + lines.map((l) => `  - ${JSON.stringify(l)}\n`).join("");
  fs.writeFileSync(file, scenarioText.replace(/^steps: \[\]\n/m, steps));
  let out;
  try {
    out = execFileSync("cargo", ["run", "-q", "-p", "daemonset-sim-cli", "--", "run", file], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    out = String(e.stdout || "");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out.replace(/\n(PASS|FAIL)[^\n]*\n?$/, "\n");
}

const SCENARIO = `name: cli-parity
title: CLI parity
nodes:
  - name: cp-1
    labels: {node-role.kubernetes.io/control-plane: ""}
    taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]
  - name: node-1
  - name: node-2
files:
  ds.yaml: |
    apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      name: agent
    spec:
      selector:
        matchLabels: {app: agent}
      template:
        metadata:
          labels: {app: agent}
        spec:
          containers:
            - name: agent
              image: busybox:1.36
steps: []
`;
const LINES = [
  "kubectl apply -f ds.yaml",
  "sim settle",
  "kubectl get ds",
  "kubectl get pods -o wide",
  "sim add-node node-3 --labels zone=b",
  "kubectl set image ds/agent agent=busybox:1.37",
  "sim advance 10s",
  "kubectl rollout status ds/agent --watch=false",
  "sim settle",
  "kubectl describe ds agent",
  "kubectl get pods --foo",
];

export const tests = [
  {
    name: "docs page: three instances load their own scenarios and do not disturb each other",
    async fn({ context, url }) {
      const { page, problems } = await openDocs(context, url);
      const ids = ["sim-nodes", "sim-selector", "sim-rollout"];
      const before = {};
      for (const id of ids) before[id] = await snap(page, id);
      assert(before["sim-nodes"].nodes.length === 3, `preset: 3 nodes, got ${before["sim-nodes"].nodes.length}`);
      assert(before["sim-selector"].nodes.map((n) => n.name).join() === "node-1,node-2", "inline YAML scenario");
      assert(before["sim-rollout"].nodes.length === 3, "URL scenario");
      // Commands in one instance change only that one.
      const r = await page.evaluate(() => document.getElementById("sim-selector").exec("kubectl apply -f ds.yaml"));
      assert(r.ok && r.output.includes("daemonset.apps/ssd-cache created"), `exec: ${JSON.stringify(r)}`);
      await page.evaluate(() => document.getElementById("sim-selector").exec("sim settle"));
      await page.evaluate(() => document.getElementById("sim-nodes").exec("sim add-node node-9"));
      const after = {};
      for (const id of ids) after[id] = await snap(page, id);
      assert(after["sim-selector"].pods.length === 1 && after["sim-selector"].pods[0].node === "node-1", `selector pods: ${JSON.stringify(after["sim-selector"].pods)}`);
      assert(after["sim-nodes"].nodes.length === 4 && after["sim-nodes"].pods.length === 0, "nodes instance: its own node added, no pods from the other instance");
      assert(JSON.stringify(after["sim-rollout"]) === JSON.stringify(before["sim-rollout"]), "the third instance is untouched");
      // The terminal inside the shadow root shows the command and its output.
      const term = await page.evaluate(() => document.getElementById("sim-selector").shadowRoot.querySelector(".term-out").textContent);
      assert(term.includes("$ kubectl apply -f ds.yaml") && term.includes("ssd-cache created"), `terminal: ${term}`);
      // change and goal events; show me reaches the lesson's goals.
      const events = await page.evaluate(async () => {
        const el = document.getElementById("sim-nodes");
        const seen = { change: 0, goal: 0, done: false };
        el.addEventListener("change", () => seen.change++);
        el.addEventListener("goal", (e) => { seen.goal++; if (e.detail.done) seen.done = true; });
        el.setAttribute("speed", "100");
        await el.play();
        return { ...seen, goals: el.goals.map((g) => g.ok) };
      });
      assert(events.change >= 7 && events.goal >= 1 && events.done && events.goals.every(Boolean), `events: ${JSON.stringify(events)}`);
      await shot(page, "30-docs-page");
      // reset goes back to the scenario's start.
      await page.evaluate(() => document.getElementById("sim-nodes").reset());
      const reset = await snap(page, "sim-nodes");
      assert(reset.nodes.length === 3 && reset.pods.length === 0 && reset.time === before["sim-nodes"].time, "reset");
      await noProblems(page, problems, "docs page");
    },
  },
  {
    name: "docs page: el.exec prints what the CLI prints for the same lines; theme follows the host",
    async fn({ context, url }) {
      const { page, problems } = await openDocs(context, url);
      const got = await page.evaluate(async ({ scenario, lines }) => {
        const el = document.getElementById("sim-selector");
        await el.load(scenario);
        let t = "";
        for (const line of lines) {
          const r = await el.exec(line);
          t += `$ ${line}\n${r.output}${r.output && !r.output.endsWith("\n") ? "\n" : ""}`;
        }
        return t;
      }, { scenario: SCENARIO, lines: LINES });
      const want = cliTranscript(SCENARIO, LINES);
      assert(want.includes("$ kubectl describe ds agent") && want.includes("unknown flag: --foo"), `CLI transcript:\n${want}`);
      assert(got === want, `el.exec differs from the CLI.\n--- element\n${got}\n--- CLI\n${want}`);
      // Dark mode: the host's data-theme marker, live; theme="dark" stays dark.
      const themes = async () => page.evaluate(() => [...document.querySelectorAll("daemonset-sim")].map((e) => e.shadowRoot.querySelector(".wrap").dataset.theme));
      assert((await themes()).join() === "light,light,dark", `light host: ${await themes()}`);
      await page.evaluate(() => { document.documentElement.dataset.theme = "dark"; });
      await page.waitForFunction(() => [...document.querySelectorAll("daemonset-sim")].every((e) => e.shadowRoot.querySelector(".wrap").dataset.theme === "dark"));
      await shot(page, "31-docs-page-dark");
      await page.evaluate(() => { document.documentElement.classList.add("x"); document.documentElement.dataset.theme = "light"; });
      await page.waitForFunction(() => document.getElementById("sim-nodes").shadowRoot.querySelector(".wrap").dataset.theme === "light");
      await noProblems(page, problems, "docs page parity");
    },
  },
  {
    name: "docs page: the keyboard alone plays an instance's example; events are narrated",
    async fn({ context, url }) {
      const { page, problems } = await openDocs(context, url);
      const wrap = page.locator("#sim-rollout .wrap");
      await wrap.focus();
      await page.keyboard.press("ArrowRight"); // kubectl apply -f ds.yaml
      await page.waitForFunction(() => document.getElementById("sim-rollout").shadowRoot.querySelector(".term-out").textContent.includes("log-agent created"));
      // The narration follows the command's output (it is fetched after it).
      const narrated = () => page.evaluate(() => document.getElementById("sim-rollout").shadowRoot.querySelector('[role="log"].narrate').textContent);
      await page.waitForFunction(() => /\S/.test(document.getElementById("sim-rollout").shadowRoot.querySelector('[role="log"].narrate').textContent), null, { timeout: 5000 })
        .catch(async () => { throw new Error(`nothing narrated: ${JSON.stringify(await narrated())}`); });
      const narration = await narrated();
      assert(/daemonset-controller|kubelet|scheduler|apiserver|kubectl/.test(narration), `narrated: ${narration}`);
      await page.evaluate(() => document.getElementById("sim-rollout").setAttribute("speed", "50"));
      await page.keyboard.press(" "); // plays the rest
      await page.waitForFunction(() => {
        const el = document.getElementById("sim-rollout");
        return el.goals.length && el.goals.every((g) => g.ok) && !el.playing;
      }, null, { timeout: 20000 });
      const out = await page.evaluate(() => document.getElementById("sim-rollout").shadowRoot.querySelector(".term-out").textContent);
      assert(out.includes('daemon set "log-agent" successfully rolled out'), `played to the end:\n${out}`);
      const others = await snap(page, "sim-nodes");
      assert(others.pods.length === 0, "the other instances did not move");
      await noProblems(page, problems, "keyboard");
    },
  },
  {
    name: "docs page: a broken scenario gives a clear message and an empty cluster; markup stays text",
    async fn({ context, url }) {
      const { page, problems } = await openDocs(context, url);
      const r = await page.evaluate(async () => {
        const mk = (attrs, inline) => {
          const el = document.createElement("daemonset-sim");
          for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
          if (inline) {
            const s = document.createElement("script");
            s.type = "application/yaml";
            s.textContent = inline;
            el.appendChild(s);
          }
          document.body.appendChild(el);
          return el;
        };
        const bad = mk({ scenario: "preset:no-such-lesson", views: "nodes,terminal" });
        const broken = mk({ views: "lesson,terminal" }, "name: x\nnodes: [{name: n1}]\nsteps: []\nwhat: '<img src=x onerror=\"window.__pwned=1\">'\nbogus: 1\n");
        const hostile = mk({ views: "lesson,terminal" }, "name: x\ntitle: '<b>t</b>'\nnodes: [{name: n1}]\nsteps: []\nwhat: '<img src=x onerror=\"window.__pwned=1\"> **b**'\n");
        await Promise.all([bad.ready, broken.ready, hostile.ready]);
        await new Promise((res) => setTimeout(res, 200));
        const text = (el) => el.shadowRoot.querySelector(".wrap").textContent;
        const alert = (el) => (el.shadowRoot.querySelector('[role="alert"]') || {}).textContent || "";
        const out = {
          bad: alert(bad), badNodes: (await bad.snapshot()).nodes.length,
          broken: alert(broken),
          hostileTags: [...hostile.shadowRoot.querySelectorAll("img, b, script")].length,
          hostileText: text(hostile), pwned: window.__pwned === 1,
        };
        for (const el of [bad, broken, hostile]) el.remove();
        return out;
      });
      assert(/no built-in scenario named "no-such-lesson"/.test(r.bad) && r.badNodes === 3, `missing preset: ${JSON.stringify(r)}`);
      assert(/bogus/.test(r.broken), `invalid scenario named: ${r.broken}`);
      assert(!r.pwned && r.hostileTags === 0 && r.hostileText.includes("<img src=x"), `hostile text stays text: ${JSON.stringify(r)}`);
      await noProblems(page, problems, "broken scenarios");
    },
  },
  {
    name: "docs page: reduced motion plays without pauses; projector mode hides the chrome",
    async fn({ context, url }) {
      const { page, problems } = await openDocs(context, url);
      await page.emulateMedia({ reducedMotion: "reduce" });
      const ms = await page.evaluate(async () => {
        const el = document.getElementById("sim-nodes");
        el.setAttribute("speed", "0.1"); // 8 s between commands with motion
        const t0 = performance.now();
        await el.play();
        return performance.now() - t0;
      });
      assert(ms < 5000, `reduced motion: the 7 commands played in ${Math.round(ms)} ms`);
      const r = await page.evaluate(() => {
        const el = document.getElementById("sim-rollout");
        el.setAttribute("projector", "");
        const wrap = el.shadowRoot.querySelector(".wrap");
        const settle = [...wrap.querySelectorAll("button")].find((b) => b.textContent === "Settle");
        const on = { cls: wrap.classList.contains("projector"), settleShown: getComputedStyle(settle).display !== "none", font: parseFloat(getComputedStyle(wrap).fontSize) };
        el.removeAttribute("projector");
        return { ...on, off: wrap.classList.contains("projector"), fontOff: parseFloat(getComputedStyle(wrap).fontSize) };
      });
      assert(r.cls && !r.settleShown && !r.off && r.font > r.fontOff, `projector: ${JSON.stringify(r)}`);
      await noProblems(page, problems, "motion and projector");
    },
  },
];
