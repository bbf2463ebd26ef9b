// Flow-level page tests: each one acts as a person would, through the page.

import { open, shot, term, termAfter, idle, setEditor, assert } from "./harness.mjs";

const nodeCard = (page, name) => page.locator(`[data-testid="node"][data-node="${name}"]`);

async function noProblems(page, problems, what) {
  const csp = await page.evaluate(() => window.__cspViolations);
  assert(!csp.length, `${what}: CSP violations: ${csp.join("; ")}`);
  assert(!problems.length, `${what}: ${problems.join("\n")}`);
}

async function settle(page) {
  await page.getByTestId("settle").click();
}

/** Parses a kubectl table (header row + rows) into objects keyed by column. */
function table(text) {
  const lines = text.split("\n").filter((l) => l.trim() && !l.startsWith("$"));
  const head = lines.findIndex((l) => /^\s*(NAMESPACE|NAME)\s/.test(l));
  assert(head >= 0, `no table in:\n${text}`);
  const cols = [];
  const re = /\S+(?: \S+)*/g;
  let m;
  while ((m = re.exec(lines[head]))) cols.push({ name: m[0], at: m.index });
  return lines.slice(head + 1).map((l) => {
    const row = {};
    cols.forEach((c, i) => {
      const end = i + 1 < cols.length ? cols[i + 1].at : l.length;
      row[c.name] = l.slice(c.at, end).trim();
    });
    return row;
  });
}

export const tests = [
  {
    name: "loads with no console errors and shows pods on nodes",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      await page.locator('[data-testid="pod"]').first().waitFor();
      await page.locator('[data-testid="codemirror"]').waitFor({ timeout: 15000 });
      assert(await nodeCard(page, "control-plane").count() === 1, "control-plane node card");
      // fluentd-elasticsearch tolerates the control-plane taint: a pod there too.
      await nodeCard(page, "control-plane").locator('[data-testid="pod"]').first().waitFor();
      await shot(page, "01-loaded-light");
      await noProblems(page, problems, "on load");
    },
  },
  {
    name: "add a node and see its pod",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      await page.getByTestId("node-name").fill("node-9");
      await page.getByTestId("node-labels").fill("zone=b");
      await page.getByTestId("add-node").click();
      await nodeCard(page, "node-9").waitFor();
      await settle(page);
      const pod = nodeCard(page, "node-9").locator('[data-testid="pod"]');
      await pod.first().waitFor();
      await page.waitForFunction(() => {
        const s = document.querySelector('[data-node="node-9"] [data-testid="pod-status"]');
        return s && s.textContent === "Running";
      });
      const termText = await page.getByTestId("term-out").innerText();
      assert(termText.includes("sim add-node node-9 --labels zone=b"), "the terminal shows what the button did");
      await shot(page, "02-node-added");
      await noProblems(page, problems, "add node");
    },
  },
  {
    name: "label a node to satisfy a nodeSelector",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      await page.getByTestId("preset").selectOption("nginx-fast-storage");
      await page.getByTestId("apply").click();
      await settle(page);
      // node-2 has ssd=true in the starting cluster; node-1 does not.
      const nginxOn = (n) => nodeCard(page, n).locator('[data-testid="pod"][data-pod^="nginx-fast-storage-"]');
      await nginxOn("node-2").first().waitFor();
      assert(await nginxOn("node-1").count() === 0, "no nginx pod on node-1 before labelling");
      await nodeCard(page, "node-1").click();
      await page.getByTestId("node-labels").fill("ssd=true");
      await page.getByTestId("label-node").click();
      await settle(page);
      await nginxOn("node-1").first().waitFor();
      // The "why" panel follows the cluster: node-1 now satisfies the selector.
      await page.waitForFunction(() => {
        const t = document.querySelector('[data-testid="why"]').innerText;
        return t.includes("ds/nginx-fast-storage on node-1") && !t.includes("has no label ssd");
      }, null, { timeout: 5000 });
      await shot(page, "03-node-labelled");
      await noProblems(page, problems, "label");
    },
  },
  {
    name: "an invalid manifest shows the API server's error at its line",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      await page.locator('[data-testid="codemirror"]').waitFor({ timeout: 15000 });
      const text = [
        "apiVersion: apps/v1",
        "kind: DaemonSet",
        "metadata:",
        "  name: broken",
        "spec:",
        "  selector:",
        "    matchLabels:",
        "      app: one",
        "  template:",
        "    metadata:",
        "      labels:",
        "        app: two",
        "    spec:",
        "      containers:",
        "      - name: c",
        "        image: busybox:1.36",
        "",
      ].join("\n");
      // Type it as a person would: select all, then type.
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+a");
      await page.keyboard.insertText(text);
      const diag = page.getByTestId("diagnostic").first();
      await diag.waitFor({ timeout: 5000 });
      const msg = await diag.innerText();
      assert(/does not match/.test(msg), `selector mismatch reported: ${msg}`);
      const line = Number(await diag.getAttribute("data-line"));
      assert(line >= 10 && line <= 12, `reported at the template labels (line ${line}): ${msg}`);
      // Underlined in the editor at that line.
      await page.waitForFunction((l) => {
        const lines = document.querySelector(".cm-shell").shadowRoot.querySelectorAll(".cm-content .cm-line");
        return lines[l - 1] && lines[l - 1].querySelector(".cm-lintRange-error, .cm-lintRange-warning");
      }, line);
      const out = await termAfter(page, () => page.getByTestId("apply").click());
      assert(/does not match/.test(out), `apply is refused with the same words: ${out}`);
      await shot(page, "04-invalid-manifest");
      await noProblems(page, problems, "invalid manifest");
    },
  },
  {
    name: "a rolling update plays to the end and the counters match kubectl get ds",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      // Layout boxes (offset*), not painted boxes: an enter animation's transform
      // is not a layout jump.
      const layout = () => page.evaluate(() => [...document.querySelectorAll(".panel, .node")].map((e) => {
        let top = 0;
        for (let n = e; n; n = n.offsetParent) top += n.offsetTop;
        return `${e.dataset.node || e.classList[1]}:${top},${e.offsetHeight}`;
      }).join(" "));
      await page.getByTestId("set-image-image").fill("quay.io/fluentd_elasticsearch/fluentd:v2.6.0");
      await page.getByTestId("set-image").click();
      const before = await layout();
      await page.getByTestId("speed").selectOption("25");
      await page.getByTestId("play").click();
      await page.waitForFunction(() => /Waiting for daemon set|of \d+ updated/.test(document.querySelector('[data-testid="rollout-status"]').textContent) || document.querySelector('[data-testid="lanes"] [data-stage="terminating"] .lane-pod'), null, { timeout: 20000 });
      await shot(page, "05-rollout-in-progress");
      await page.getByTestId("speed").selectOption("100");
      await page.waitForFunction(() => document.querySelector('[data-testid="rollout-status"]').textContent.includes("successfully rolled out"), null, { timeout: 60000 });
      await page.getByTestId("play").click(); // pause
      const after = await layout();
      assert(before === after, `no layout jumps while the rollout played:\n${before}\n${after}`);
      const out = await term(page, "kubectl get ds -A");
      const row = table(out).find((r) => r.NAME === "fluentd-elasticsearch");
      assert(row, `fluentd row in:\n${out}`);
      const cells = await page.locator('[data-testid="counters"] tr[data-ds="fluentd-elasticsearch"] td').allInnerTexts();
      const page6 = cells.slice(0, 5);
      const kube = [row.DESIRED, row.CURRENT, row.READY, row["UP-TO-DATE"], row.AVAILABLE];
      assert(JSON.stringify(page6) === JSON.stringify(kube), `page ${page6} vs kubectl ${kube}`);
      assert(row.DESIRED === row.AVAILABLE && row.DESIRED === row["UP-TO-DATE"], `rolled out: ${JSON.stringify(row)}`);
      const hist = await page.getByTestId("history").innerText();
      assert(/REVISION 2/.test(hist), `history lists revision 2: ${hist}`);
      await shot(page, "06-rollout-done");
      await noProblems(page, problems, "rollout");
    },
  },
  {
    name: "stepping back shows exactly the earlier state",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      await page.getByTestId("set-image-image").fill("quay.io/fluentd_elasticsearch/fluentd:v2.6.0");
      await page.getByTestId("set-image").click();
      for (let i = 0; i < 4; i++) await page.getByTestId("step").click();
      await idle(page);
      const pos = Number(await page.getByTestId("scrubber").inputValue());
      const earlier = await page.evaluate(async () => JSON.stringify(await window.__dsim.engine.view()));
      await page.waitForTimeout(700); // leaving pods finish their animation
      const earlierCards = await page.getByTestId("nodes").innerText();
      for (let i = 0; i < 12; i++) await page.getByTestId("step").click();
      await page.getByTestId("settle").click();
      await idle(page);
      const later = await page.evaluate(async () => JSON.stringify(await window.__dsim.engine.view()));
      assert(later !== earlier, "the state moved on");
      // Back with the scrubber, as a person drags it.
      await page.getByTestId("scrubber").evaluate((el, p) => {
        el.value = String(p);
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }, pos);
      await idle(page);
      const again = await page.evaluate(async () => JSON.stringify(await window.__dsim.engine.view()));
      assert(again === earlier, "the snapshot after going back equals the earlier one");
      await page.waitForTimeout(700); // leaving pods finish their animation
      const cardsNow = await page.getByTestId("nodes").innerText();
      assert(cardsNow === earlierCards, `the node cards show the earlier state:\n--- then\n${earlierCards}\n--- now\n${cardsNow}`);
      // The keyboard goes back too (← on the page).
      await page.locator("body").click({ position: { x: 5, y: 990 } });
      await page.keyboard.press("ArrowLeft");
      await idle(page);
      assert(Number(await page.getByTestId("scrubber").inputValue()) === pos - 1, "← steps back one");
      await shot(page, "07-stepped-back");
      await noProblems(page, problems, "step back");
    },
  },
  {
    name: "script-injection payloads are shown as text and execute nothing",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      const payloads = [
        `<img src=x onerror="window.__pwned='img'">`,
        `"><script>window.__pwned='script'</script>`,
        `<svg onload="window.__pwned='svg'">`,
        `javascript:window.__pwned='js'`,
        `';window.__pwned='quote';//`,
        `{{constructor.constructor('window.__pwned=1')()}}`,
        `<iframe srcdoc="<script>parent.__pwned='iframe'</script>">`,
      ];
      for (const p of payloads) {
        // Node names (the engine refuses them, and says why, as text).
        await page.getByTestId("node-name").fill(p);
        await page.getByTestId("node-labels").fill(`note=${p}`);
        await page.getByTestId("add-node").click();
        // Labels on an existing node.
        await page.getByTestId("node-name").fill("node-1");
        await page.getByTestId("node-labels").fill(`x=${p}`);
        await page.getByTestId("label-node").click();
        // Annotations (free text: accepted) and the terminal itself.
        await term(page, `kubectl annotate nodes node-1 note=${JSON.stringify(p).replace(/\$/g, "")} --overwrite`);
        await term(page, p);
      }
      // Manifests: payloads in names, labels, annotations and images.
      const manifest = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: evil
  annotations:
    a: ${JSON.stringify(payloads[0])}
    b: ${JSON.stringify(payloads[1])}
spec:
  selector:
    matchLabels: {app: evil}
  template:
    metadata:
      labels: {app: evil}
      annotations:
        c: ${JSON.stringify(payloads[2])}
    spec:
      containers:
      - name: c
        image: ${JSON.stringify(payloads[1])}
`;
      await setEditor(page, manifest);
      await page.getByTestId("apply").click();
      await settle(page);
      await term(page, "kubectl describe node node-1");
      await term(page, "kubectl get pods -o wide");
      await setEditor(page, `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: ${payloads[0]}\n`);
      await page.getByTestId("apply").click();
      await page.getByTestId("preview-toggle").click();
      await page.waitForTimeout(300);
      const pwned = await page.evaluate(() => window.__pwned);
      assert(pwned === undefined, `a payload ran: ${pwned}`);
      const injected = await page.evaluate(() => document.querySelectorAll("body img, body script, body svg, body iframe").length);
      assert(injected === 0, `${injected} injected elements in the page`);
      const text = await page.getByTestId("term-out").innerText();
      assert(text.includes(payloads[0]) && text.includes(payloads[1]), "payloads are displayed as text");
      await shot(page, "08-injection");
      await noProblems(page, problems, "injection");
    },
  },
  {
    name: "a 10 MB paste gives a clear error and the page stays responsive",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      await page.locator('[data-testid="codemirror"]').waitFor({ timeout: 15000 });
      const t0 = Date.now();
      await page.evaluate(() => {
        const head = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: huge\n  annotations:\n    blob: \"";
        const body = "x".repeat(10 * 1024 * 1024);
        const text = head + body + "\"\n";
        const dt = new DataTransfer();
        dt.setData("text/plain", text);
        const target = document.querySelector(".cm-shell").shadowRoot.querySelector(".cm-content");
        target.focus();
        target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
      });
      const diag = page.getByTestId("diagnostic").first();
      await diag.waitFor({ timeout: 15000 });
      const msg = await diag.innerText();
      const took = Date.now() - t0;
      assert(/too large|too long|limit/i.test(msg), `a clear size error: ${msg}`);
      // Responsive: a round trip and a click are prompt.
      const r0 = Date.now();
      await page.evaluate(() => 1);
      await page.getByTestId("play").click();
      await page.waitForFunction(() => document.querySelector('[data-testid="play"]').textContent === "Pause", null, { timeout: 2000 });
      await page.getByTestId("play").click();
      const rt = Date.now() - r0;
      assert(rt < 2000, `responsive after the paste (${rt} ms)`);
      const out = await termAfter(page, () => page.getByTestId("apply").click());
      assert(/too large|limit|exceed/i.test(out), `apply refuses it clearly: ${out.slice(0, 300)}`);
      console.log(`     10 MB paste: diagnostic after ${took} ms; interaction round trip ${rt} ms`);
      await shot(page, "09-huge-paste");
      await noProblems(page, problems, "10 MB paste");
    },
  },
  {
    name: "a YAML alias bomb gives a clear error and the page stays responsive",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      const bomb = [
        "apiVersion: apps/v1",
        "kind: DaemonSet",
        "metadata:",
        "  name: lol",
        '  annotations: {a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]}',
        "spec:",
        "  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        "  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
        "  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
        "  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
        "  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
        "  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
        "  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
        "  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
        "",
      ].join("\n");
      const t0 = Date.now();
      await setEditor(page, bomb);
      const diag = page.getByTestId("diagnostic").first();
      await diag.waitFor({ timeout: 10000 });
      const msg = await diag.innerText();
      assert(/alias|repetition|recursion|too many|limit/i.test(msg), `a clear alias error: ${msg}`);
      const out = await termAfter(page, () => page.getByTestId("apply").click());
      assert(/alias|repetition|recursion|too many|limit|error/i.test(out), `apply refuses it: ${out.slice(0, 300)}`);
      const took = Date.now() - t0;
      assert(took < 8000, `answered promptly (${took} ms)`);
      await page.getByTestId("step").click();
      await shot(page, "10-alias-bomb");
      await noProblems(page, problems, "alias bomb");
    },
  },
  {
    name: "an engine panic is reported plainly, reset works, the manifest is kept",
    async fn({ context, url }) {
      const { page } = await open(context, url);
      const mine = "# my own notes, keep me\n" + (await page.evaluate(() => window.__dsim.editor.getText()));
      await setEditor(page, mine);
      await page.evaluate(() => window.__dsim.engine.debugPanic());
      await page.getByTestId("crash").waitFor();
      const banner = await page.getByTestId("crash").innerText();
      assert(/crashed/i.test(banner) && /debug_panic/.test(banner), `banner: ${banner}`);
      await shot(page, "11-crashed");
      await page.locator('[data-action="crash-reset"]').click();
      await page.getByTestId("crash").waitFor({ state: "hidden" });
      assert((await page.evaluate(() => window.__dsim.editor.getText())) === mine, "manifest kept after the reset");
      await page.locator('[data-testid="node"]').first().waitFor();
      const out = await term(page, "kubectl get nodes");
      assert(/control-plane/.test(out), `engine works again: ${out}`);
    },
  },
  {
    name: "dark theme, reduced motion, keyboard, history and completion",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      await page.getByTestId("theme").click();
      assert(await page.evaluate(() => document.documentElement.dataset.theme) === "dark", "dark theme on");
      await page.locator('[data-testid="codemirror"]').waitFor({ timeout: 15000 });
      await shot(page, "12-dark");
      // Keyboard: Space plays and pauses when no control has focus.
      await page.locator("body").click({ position: { x: 5, y: 990 } });
      await page.keyboard.press("Space");
      assert(await page.getByTestId("play").innerText() === "Pause", "Space plays");
      await page.keyboard.press("Space");
      assert(await page.getByTestId("play").innerText() === "Play", "Space pauses");
      // Terminal: Tab completes verbs, resources and names; ↑ recalls.
      const input = page.getByTestId("term-input");
      await input.fill("kubectl get no");
      await input.press("Tab");
      await page.waitForFunction(() => document.querySelector('[data-testid="term-input"]').value === "kubectl get nodes ", null, { timeout: 3000 });
      await input.fill("kubectl cordon contr");
      await input.press("Tab");
      await page.waitForFunction(() => document.querySelector('[data-testid="term-input"]').value === "kubectl cordon control-plane ", null, { timeout: 3000 });
      await termAfter(page, () => input.press("Enter"));
      await input.press("ArrowUp");
      assert(await input.inputValue() === "kubectl cordon control-plane ", "↑ recalls the last command");
      // Reduced motion: new pods appear without animation.
      await page.emulateMedia({ reducedMotion: "reduce" });
      await page.getByTestId("node-name").fill("calm-1");
      await page.getByTestId("add-node").click();
      await settle(page);
      const anim = await nodeCard(page, "calm-1").locator('[data-testid="pod"]').first().evaluate((el) => getComputedStyle(el).animationName);
      assert(anim === "none", `no animation under reduced motion (${anim})`);
      await noProblems(page, problems, "keyboard");
    },
  },
  {
    name: "the manifest survives a reload and the preview marks what the controller adds",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      await page.getByTestId("preset").selectOption("node-exporter");
      await page.waitForTimeout(400); // persisted after the check delay
      await page.reload();
      await page.waitForFunction(() => window.__dsim && window.__dsim.ready);
      const text = await page.evaluate(() => window.__dsim.editor.getText());
      assert(text.includes("name: node-exporter") && text.includes("hostPID: true"), "text survived the reload");
      await page.getByTestId("preview-toggle").click();
      await page.getByTestId("preview-added").first().waitFor();
      const added = await page.getByTestId("preview-added").allInnerTexts();
      const all = added.join("\n");
      assert(/node\.kubernetes\.io\/unreachable/.test(all), `tolerations marked: ${all}`);
      assert(/node\.kubernetes\.io\/network-unavailable/.test(all), `hostNetwork adds network-unavailable: ${all}`);
      assert(/metadata\.name/.test(all), `node affinity marked: ${all}`);
      await shot(page, "13-preview");
      await noProblems(page, problems, "preview");
    },
  },
];
