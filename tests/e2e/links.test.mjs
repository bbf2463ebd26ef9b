// Links (www/link.js): "Copy link" puts the scenario (or the page's setup) and every
// operation since in the URL fragment; opening the link replays to exactly the same
// engine state (the full snapshots are compared). Broken, truncated, wrong-version,
// oversized, zip-bomb and hostile links give a clear message over an empty cluster,
// and nothing inside a link runs as script.

import { open, shot, term, idle, setEditor, assert } from "./harness.mjs";

async function noProblems(page, problems, what) {
  const csp = await page.evaluate(() => window.__cspViolations);
  assert(!csp.length, `${what}: CSP violations: ${csp.join("; ")}`);
  assert(!problems.length, `${what}: ${problems.join("\n")}`);
}

/** The engine's complete snapshot and the terminal's transcript of commands. */
async function engineState(page) {
  await idle(page);
  return page.evaluate(async () => {
    const e = window.__dsim.engine;
    return { view: await e.view(), ops: await e.historyOps(), pods: (await e.timelineSince(0, 100000)).length };
  });
}

/** Clicks "Copy link" and returns the link the page shows. */
async function copyLink(page) {
  await page.getByTestId("copy-link").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="link-out"]').value.includes("#v1."));
  return page.getByTestId("link-out").inputValue();
}

/** Opens `href` in a fresh tab (the page boots from the fragment). */
async function openHref(context, url, href) {
  return open(context, url, { query: href.slice(href.indexOf("index.html") + "index.html".length), clearStorage: false });
}

function sameState(a, b, what) {
  const ja = JSON.stringify(a.view), jb = JSON.stringify(b.view);
  assert(ja === jb, `${what}: the snapshots differ\nmade:   ${ja.slice(0, 600)}\nopened: ${jb.slice(0, 600)}`);
  assert(JSON.stringify(a.ops) === JSON.stringify(b.ops), `${what}: the operation logs differ`);
  assert(a.pods === b.pods, `${what}: timelines differ (${a.pods} vs ${b.pods} entries)`);
}

/** Makes a fragment from raw JSON text in the page (deflate-raw + base64url, as link.js does). */
async function rawFragment(page, json, { prefix = "v1.", zeros = 0 } = {}) {
  return page.evaluate(async ({ json, prefix, zeros }) => {
    const bytes = zeros ? new Uint8Array(zeros).fill(0x20) : new TextEncoder().encode(json);
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    const out = new Uint8Array(await new Response(stream).arrayBuffer());
    let bin = "";
    for (const b of out) bin += String.fromCharCode(b);
    return prefix + btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }, { json, prefix, zeros });
}

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '"><script>window.__pwned=1</script>',
  "javascript:window.__pwned=1",
  "<svg onload=window.__pwned=1>",
  "{{constructor.constructor('window.__pwned=1')()}}",
];

export const tests = [
  {
    name: "link: a copied link replays free play (commands, edits, play, steps) to exactly the same state",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      await term(page, "sim add-node node-9 --labels ssd=true");
      await term(page, "kubectl label nodes node-1 ssd=true");
      await setEditor(page, (await page.evaluate(() => window.__dsim.editor.getText())).replace(/image: (\S+)/, "image: busybox:1.37"));
      await page.getByTestId("apply").click();
      await idle(page);
      // Play for a while (recorded as runs cut by the frame budget), then step syncs.
      await page.getByTestId("play").click();
      await page.waitForTimeout(700);
      await page.getByTestId("play").click();
      await page.getByTestId("step").click();
      await page.getByTestId("step").click();
      await term(page, "sim fail-node node-2");
      await term(page, "sim advance 45s");
      const made = await engineState(page);
      assert(made.ops.some((o) => o[0] === "r") && made.ops.some((o) => o[0] === "s"), `plays and steps recorded: ${JSON.stringify(made.ops.map((o) => o[0]))}`);
      const href = await copyLink(page);
      assert(href.length < 32 * 1024, `link length ${href.length}`);
      console.log(`     free-play link: ${href.length} characters for ${made.ops.length} operations`);
      await shot(page, "50-link-copied", { fullPage: false });
      const b = await openHref(context, url, href);
      await b.page.getByTestId("linkbox").waitFor();
      const opened = await engineState(b.page);
      sameState(made, opened, "free play");
      const out1 = await page.evaluate(() => window.__dsim.engine.exec("kubectl get pods -A -o wide"));
      const out2 = await b.page.evaluate(() => window.__dsim.engine.exec("kubectl get pods -A -o wide"));
      assert(out1.output === out2.output && out1.output.includes("node-9"), `kubectl get pods -A -o wide differs:\n${out1.output}\n---\n${out2.output}`);
      assert(await b.page.evaluate(() => window.__dsim.editor.getText().includes("busybox:1.37")), "editor text restored");
      await b.page.getByTestId("nodes").locator('[data-node="node-9"]').waitFor();
      await shot(b.page, "51-link-opened", { fullPage: false });
      // A link pasted into the same tab (only the fragment changes) opens too.
      await b.page.evaluate(() => { location.hash = "#v1.AAAA"; });
      await b.page.getByTestId("link-error").waitFor();
      assert((await b.page.locator('[data-testid="nodes"] [data-node]').count()) === 0, "a broken link pasted in place empties the cluster");
      await b.page.evaluate((h) => { location.hash = h; }, new URL(href).hash);
      await b.page.getByTestId("nodes").locator('[data-node="node-9"]').waitFor();
      assert(await b.page.getByTestId("link-error").isHidden(), "the good link clears the message");
      sameState(made, await engineState(b.page), "free play, pasted in place");
      await noProblems(page, problems, "maker");
      await noProblems(b.page, b.problems, "opened");
    },
  },
  {
    name: "link: a lesson in progress reopens as the same lesson with the same goals and state",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url, { query: "?lesson=08-rolling-update-max-unavailable" });
      await page.locator('[data-testid="goal"]').first().waitFor();
      const steps = await page.evaluate(() => window.__dsim.lesson.current.info.steps);
      for (const line of steps.slice(0, Math.ceil(steps.length / 2))) await term(page, line);
      await page.getByTestId("step").click();
      const made = await engineState(page);
      const goals = await page.evaluate(() => window.__dsim.engine.goals());
      const href = await copyLink(page);
      const b = await openHref(context, url, href);
      await b.page.locator('[data-testid="goal"]').first().waitFor();
      sameState(made, await engineState(b.page), "lesson");
      assert(JSON.stringify(await b.page.evaluate(() => window.__dsim.engine.goals())) === JSON.stringify(goals), "goals differ");
      assert(await b.page.evaluate(() => window.__dsim.lesson.current.file) === "08-rolling-update-max-unavailable.yaml", "the lesson panel shows the lesson");
      // The rest of the solution still reaches every goal in the opened page.
      for (const line of steps.slice(Math.ceil(steps.length / 2))) await term(b.page, line);
      await b.page.waitForFunction(() => /All goals reached/.test(document.querySelector('[data-testid="lesson-status"]').textContent));
      await noProblems(page, problems, "lesson maker");
      await noProblems(b.page, b.problems, "lesson opened");
    },
  },
  {
    name: "link: broken, truncated, wrong-version, oversized, zip-bomb and hostile links: a clear message and an empty cluster",
    async fn({ context, url }) {
      const { page } = await open(context, url);
      const good = await copyLink(page);
      const goodFrag = good.slice(good.indexOf("#") + 1);
      const cases = [
        ["garbage", "v1.%%%not-base64", /damaged/],
        ["truncated", goodFrag.slice(0, Math.floor(goodFrag.length / 2)), /damaged|truncated/],
        ["cut to one char", goodFrag.slice(0, 4), /damaged/],
        ["wrong version", "v2." + goodFrag.slice(3), /version 2/],
        ["no version", "hello", /not a daemonset-sim link/],
        ["too long", "v1." + "A".repeat(40 * 1024), /too long/],
        ["zip bomb (16 MiB of spaces in a 21 KiB link)", await rawFragment(page, "", { zeros: 16 * 1024 * 1024 }), /more than 256 KiB/],
        ["not JSON", await rawFragment(page, "{not json"), /not valid JSON/],
        ["not an object", await rawFragment(page, '["x"]'), /not an object/],
        ["no version inside", await rawFragment(page, '{"ops":[]}'), /no version/],
        ["ops not a list", await rawFragment(page, '{"v":1,"ops":"sim settle"}'), /not a list/],
        ["scenario not text", await rawFragment(page, '{"v":1,"scenario":{"a":1}}'), /not text/],
        ["invalid scenario", await rawFragment(page, JSON.stringify({ v: 1, scenario: `name: x\nnodes: [{name: "${PAYLOADS[0]}"}]\nbogus: 1\n` })), /scenario is not valid/],
        ["endless run", await rawFragment(page, '{"v":1,"setup":[],"ops":[["r",18446744073709,1,1]]}'), /at most/],
        ["unknown op", await rawFragment(page, JSON.stringify({ v: 1, ops: [["<img src=x onerror=window.__pwned=1>"]] })), /unknown operation/],
        ["markup in the fragment", encodeURIComponent(PAYLOADS[0]), /not a daemonset-sim link/],
        ["script URL", "v1.javascript:alert(1)", /damaged/],
      ];
      await page.close();
      for (const [what, frag, want] of cases) {
        const t0 = Date.now();
        const b = await open(context, url, { query: `#${frag}`, clearStorage: false });
        await b.page.getByTestId("link-error").waitFor({ timeout: 10000 });
        const msg = await b.page.getByTestId("link-error").innerText();
        assert(want.test(msg), `${what}: message ${JSON.stringify(msg)} does not match ${want}`);
        assert(/empty cluster/.test(msg), `${what}: says the cluster is empty`);
        const n = await b.page.locator('[data-testid="nodes"] [data-node]').count();
        assert(n === 0, `${what}: ${n} nodes shown`);
        const pwned = await b.page.evaluate(() => window.__pwned);
        assert(pwned === undefined, `${what}: script ran`);
        if (what === "truncated") {
          await b.page.evaluate(() => window.scrollTo(0, 0));
          await shot(b.page, "52-link-broken", { fullPage: false });
        }
        // The page is alive: a command still works.
        const out = await term(b.page, "sim add-node node-1");
        assert(/node-1/.test(out), `${what}: page alive (${out})`);
        assert(!b.problems.length, `${what}: ${b.problems.join("; ")}`);
        console.log(`     ${what}: ${Date.now() - t0} ms → ${msg.split("\n").join(" ").slice(0, 110)}`);
        await b.page.close();
      }
    },
  },
  {
    name: "link: 1,000 nodes played part-way fit in a short link and replay exactly",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url, { query: "?cluster=huge" });
      await page.getByTestId("play").click();
      await page.waitForTimeout(2000);
      await page.getByTestId("play").click();
      const made = await engineState(page);
      const href = await copyLink(page);
      const t0 = Date.now();
      const b = await openHref(context, url, href);
      await b.page.getByTestId("linkbox").waitFor();
      console.log(`     1,000 nodes, ${made.ops.length} operations: ${href.length} characters; opened in ${Date.now() - t0} ms`);
      assert(href.length < 16 * 1024, `link length ${href.length}`);
      sameState(made, await engineState(b.page), "1,000 nodes");
      await noProblems(page, problems, "huge maker");
      await noProblems(b.page, b.problems, "huge opened");
    },
  },
  {
    name: "link: a state too big for a link is refused with its size, and nothing else changes",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      const before = await engineState(page);
      // Incompressible text (a PRNG's hex) of 300 KiB in the editor.
      await page.evaluate(() => {
        let x = 1, t = "# ";
        while (t.length < 300 * 1024) { x = (x * 1103515245 + 12345) >>> 0; t += x.toString(16); }
        window.__dsim.editor.setText(t);
      });
      await page.getByTestId("copy-link").click();
      await page.getByTestId("linkbox").waitFor();
      const msg = await page.getByTestId("link-msg").innerText();
      assert(/too big for a link \(\d+ KiB of data; at most 256 KiB\)/.test(msg), `message: ${msg}`);
      assert(await page.getByTestId("link-out").isHidden(), "no link offered");
      assert(!(await page.evaluate(() => location.hash)), "the address is unchanged");
      sameState(before, await engineState(page), "after a refused link");
      // 200 KiB of it: under the data bound, over the 32 KiB link bound once compressed.
      await page.evaluate(() => window.__dsim.editor.setText(window.__dsim.editor.getText().slice(0, 200 * 1024)));
      await page.getByTestId("copy-link").click();
      await page.waitForFunction(() => /once compressed/.test(document.querySelector('[data-testid="link-msg"]').textContent));
      assert(/at most 32 KiB/.test(await page.getByTestId("link-msg").innerText()), "the compressed bound is named");
      await noProblems(page, problems, "too big");
    },
  },
  {
    name: "link: injection payloads in the scenario, command log, node names and editor text execute nothing",
    async fn({ context, url }) {
      const { page } = await open(context, url);
      const scenario = `name: evil
title: '${PAYLOADS[1].replace(/'/g, "''")}'
what: |
  ${PAYLOADS[0]} **${PAYLOADS[3]}** \`${PAYLOADS[1]}\`

  **Hint:** ${PAYLOADS[2]}
nodes:
  - name: node-1
    labels: {team: "x"}
steps: []
`;
      const ops = [
        ...PAYLOADS.map((p) => ["x", `sim add-node ${JSON.stringify(p)}`]),
        ["x", `kubectl label nodes node-1 'note=${PAYLOADS[1]}'`],
        ["x", `kubectl annotate nodes node-1 'x=${PAYLOADS[0]}'`],
        ["f", PAYLOADS[0], `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: "${PAYLOADS[1].replace(/"/g, '\\"')}"\n`],
        ["x", `kubectl apply -f '${PAYLOADS[0]}'`],
        ["x", PAYLOADS[4]],
      ];
      const frag = await page.evaluate(async ({ scenario, ops, editor, lesson }) => {
        const { encodeState } = await import("/www/link.js");
        return encodeState({ scenario, ops, editor, lesson });
      }, { scenario, ops, editor: `</textarea>${PAYLOADS[0]}<script>window.__pwned=1</script>`, lesson: PAYLOADS[1].slice(0, 100) });
      await page.close();
      const b = await open(context, url, { query: `#${frag}`, clearStorage: false });
      await b.page.getByTestId("linkbox").waitFor();
      await b.page.waitForTimeout(300);
      const r = await b.page.evaluate(() => ({
        pwned: window.__pwned,
        elements: [...document.querySelectorAll("img, svg, script:not([src]), iframe, object")].length,
        term: document.querySelector('[data-testid="term-out"]').textContent,
        what: document.querySelector('[data-testid="lesson-what"]').textContent,
        picker: document.querySelector('[data-testid="lesson-pick"]').selectedOptions[0].textContent,
      }));
      assert(r.pwned === undefined, "script ran");
      assert(r.elements === 0, `${r.elements} injected elements`);
      assert(r.term.includes("sim add-node") && r.term.includes("<img src=x"), "payloads shown as text in the terminal");
      assert(r.what.includes('<img src=x onerror="window.__pwned=1">'), `prose shown as text: ${r.what}`);
      assert(r.picker.includes("<script>"), `title shown as text: ${r.picker}`);
      const editor = await b.page.evaluate(() => window.__dsim.editor.getText());
      assert(editor.startsWith("</textarea>"), "editor text restored as text");
      await noProblems(b.page, b.problems, "hostile link");
    },
  },
  {
    name: "link: <daemonset-sim> copies a link to the app page that replays its state; scenario=\"#v1.…\" opens one",
    async fn({ context, url }) {
      const page = await context.newPage();
      const problems = [];
      page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
      page.on("pageerror", (e) => problems.push(e.message));
      await page.goto(url + "www/docs-example.html");
      await page.waitForFunction(() => customElements.get("daemonset-sim"));
      await page.evaluate(() => document.getElementById("sim-nodes").ready);
      const href = await page.evaluate(async () => {
        const el = document.getElementById("sim-nodes");
        for (const l of ["kubectl apply -f ds.yaml", "sim settle", "sim add-node node-4", "sim advance 2s"]) await el.exec(l);
        el.shadowRoot.querySelector("button[title^='Copy a link']").click();
        await new Promise((r) => el.addEventListener("link", r, { once: true }));
        return el.shadowRoot.querySelector(".linkbox input").value;
      });
      assert(new URL(href).pathname === "/index.html" && new URL(href).hash.startsWith("#v1."), `element link: ${href.slice(0, 80)}`);
      const elView = await page.evaluate(() => document.getElementById("sim-nodes").engine.view());
      await shot(page, "53-element-link", { fullPage: false });
      const b = await openHref(context, url, href);
      await b.page.getByTestId("linkbox").waitFor();
      const appView = await b.page.evaluate(() => window.__dsim.engine.view());
      assert(JSON.stringify(appView) === JSON.stringify(elView), "the app page replays the element's state exactly");
      // And an element given the fragment opens it too.
      const again = await page.evaluate(async (hash) => {
        const el = document.createElement("daemonset-sim");
        el.setAttribute("scenario", hash);
        el.setAttribute("views", "nodes,terminal");
        document.body.appendChild(el);
        await el.ready;
        const v = await el.engine.view();
        const bad = document.createElement("daemonset-sim");
        bad.setAttribute("scenario", "#v1.broken!!");
        document.body.appendChild(bad);
        await bad.ready;
        return { v, error: bad.shadowRoot.querySelector(".error").textContent };
      }, new URL(href).hash);
      assert(JSON.stringify(again.v) === JSON.stringify(elView), "an element opening the link replays it exactly");
      assert(/This link could not be opened/.test(again.error), `broken link in an element: ${again.error}`);
      // A hostile link given to an element: payloads in the scenario, commands and editor text stay text.
      const hostile = await page.evaluate(async (P) => {
        const { encodeState } = await import("./link.js");
        const scenario = `name: evil\ntitle: '${P[1].replace(/'/g, "''")}'\nwhat: '${P[0].replace(/'/g, "''")}'\nnodes: [{name: node-1}]\nsteps: []\n`;
        const frag = await encodeState({ scenario, editor: P[1], ops: P.map((p) => ["x", `sim add-node ${JSON.stringify(p)}`]) });
        const el = document.createElement("daemonset-sim");
        el.setAttribute("views", "lesson,nodes,editor,terminal");
        el.setAttribute("scenario", `#${frag}`);
        document.body.appendChild(el);
        await el.ready;
        await new Promise((r) => setTimeout(r, 200));
        const root = el.shadowRoot;
        return {
          pwned: window.__pwned,
          injected: root.querySelectorAll("img, svg, script, iframe").length + document.querySelectorAll("body > img, body > svg").length,
          title: root.querySelector(".title").textContent,
          out: root.querySelector(".term-out").textContent,
          editor: root.querySelector("textarea").value,
        };
      }, PAYLOADS);
      assert(hostile.pwned === undefined && hostile.injected === 0, `hostile link in an element: ${JSON.stringify(hostile)}`);
      assert(hostile.title.includes("<script>") && hostile.out.includes("<img src=x") && hostile.editor === PAYLOADS[1], `shown as text: ${JSON.stringify(hostile).slice(0, 300)}`);
      assert(!problems.length, problems.join("\n"));
      await noProblems(b.page, b.problems, "element link opened");
    },
  },
];
