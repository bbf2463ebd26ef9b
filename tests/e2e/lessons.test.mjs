// Lesson panel tests: goals tick live as the learner types, the hint and "show me"
// work, every lesson's solution reaches all its goals in the browser, and lesson
// prose is only ever text.

import { open, shot, term, idle, assert } from "./harness.mjs";

async function goals(page) {
  return page.$$eval('[data-testid="goal"]', (els) => els.map((e) => ({ text: e.textContent, ok: e.dataset.ok === "true" })));
}

async function noProblems(page, problems, what) {
  const csp = await page.evaluate(() => window.__cspViolations);
  assert(!csp.length, `${what}: CSP violations: ${csp.join("; ")}`);
  assert(!problems.length, `${what}: ${problems.join("\n")}`);
}

export const tests = [
  {
    name: "lesson: goals tick live as commands run; hint; show me reaches every goal",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url, { query: "?lesson=01-one-pod-per-node" });
      await page.getByTestId("lesson-body").waitFor();
      await page.locator('[data-testid="goal"]').first().waitFor();
      let g = await goals(page);
      assert(g.length >= 3, `goals shown: ${JSON.stringify(g)}`);
      assert(g.every((x) => !x.ok), `nothing is reached before the learner acts: ${JSON.stringify(g)}`);
      const what = await page.getByTestId("lesson-what").innerText();
      assert(what.includes("DaemonSet") && !what.includes("**"), `prose rendered: ${what}`);
      assert(await page.getByTestId("lesson-hint-text").isHidden(), "hint hidden at first");
      await page.getByTestId("lesson-hint").click();
      assert((await page.getByTestId("lesson-hint-text").innerText()).includes("sim add-node node-4"), "hint shown");
      // The learner's own commands tick goals.
      await term(page, "kubectl apply -f ds.yaml");
      await term(page, "sim settle");
      await term(page, "sim add-node node-4");
      await term(page, "sim settle");
      await idle(page);
      await page.waitForFunction(() => document.querySelector('[data-testid="goal"][data-ok="true"]'));
      g = await goals(page);
      assert(g.some((x) => x.ok) && g.some((x) => !x.ok), `some goals reached, not all: ${JSON.stringify(g)}`);
      await shot(page, "20-lesson-in-progress");
      await page.evaluate(() => { window.__dsim.lesson.stepDelay = 50; });
      await page.getByTestId("lesson-show").click();
      await page.waitForFunction(() => /All goals reached/.test(document.querySelector('[data-testid="lesson-status"]').textContent), null, { timeout: 20000 });
      g = await goals(page);
      assert(g.every((x) => x.ok), `all goals after show me: ${JSON.stringify(g)}`);
      await page.waitForTimeout(700); // pod arrival / departure animations end (a still picture)
      await shot(page, "21-lesson-done");
      // Reset starts again: goals unticked.
      await page.getByTestId("lesson-reset").click();
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="goal"]')].every((e) => e.dataset.ok === "false"));
      // The Cluster selector names the lesson's cluster, not a preset it is not.
      const shown = () => page.$eval('[data-testid="cluster-preset"]', (s) => s.selectedOptions[0].textContent);
      assert(/lesson/.test(await shown()), `cluster selector during the lesson: ${await shown()}`);
      // Picking a preset leaves the lesson and builds that preset.
      await page.getByTestId("cluster-preset").selectOption("mixed");
      await page.waitForFunction(() => document.querySelector('[data-testid="lesson-pick"]').value === "");
      await idle(page);
      assert(/mixed/.test(await shown()), `cluster selector after picking a preset: ${await shown()}`);
      await page.locator('[data-node="gpu-1"]').waitFor();
      assert((await page.getByTestId("lesson-status").innerText()) === "", "no goal count is left from the lesson");
      assert(await page.getByTestId("lesson-show").isDisabled(), "Show me is off without a lesson");
      await page.waitForTimeout(700); // node arrival animations end (a still picture)
      await shot(page, "22-lesson-left-for-preset");
      await noProblems(page, problems, "lesson");
    },
  },
  {
    name: "lesson: every lesson's solution reaches all its goals in the browser",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      const results = await page.evaluate(async () => {
        const l = window.__dsim.lesson;
        l.stepDelay = 0;
        const out = [];
        for (const { file } of l.index) {
          await l.open(file);
          await l.showMe();
          await l.check();
          out.push({ file, goals: l.goals.length, missed: l.goals.filter((g) => !g.ok).map((g) => `${g.text}: ${g.seen}`) });
        }
        return out;
      });
      assert(results.length >= 12, `lessons in the picker: ${results.length}`);
      const bad = results.filter((r) => !r.goals || r.missed.length);
      assert(!bad.length, `lessons not reaching their goals:\n${JSON.stringify(bad, null, 2)}`);
      await noProblems(page, problems, "all lessons");
    },
  },
  {
    name: "lesson: predict first, then see the truth with the misses explained",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url, { query: "?lesson=02-node-selector-ssd" });
      await page.getByTestId("lesson-predict").click();
      await page.locator('[data-testid="predict-choice"]').first().waitFor();
      const choices = await page.$$eval('[data-testid="predict-choice"]', (els) => els.map((e) => e.dataset.node));
      assert(choices.join() === "node-1,node-2,node-3", `nodes to predict: ${choices}`);
      await page.selectOption('[data-testid="predict-choice"][data-node="node-1"]', "keeps"); // wrong: the label goes
      await page.selectOption('[data-testid="predict-choice"][data-node="node-2"]', "gains");
      await page.selectOption('[data-testid="predict-choice"][data-node="node-3"]', "keeps");
      await page.evaluate(() => { window.__dsim.lesson.stepDelay = 0; });
      await page.getByTestId("predict-check").click();
      await page.locator('[data-testid="predict-results"]').waitFor({ timeout: 20000 });
      const res = await page.$$eval('[data-testid="predict-result"]', (els) => els.map((e) => ({ node: e.dataset.node, hit: e.dataset.hit, text: e.textContent })));
      const by = Object.fromEntries(res.map((r) => [r.node, r]));
      assert(by["node-1"].hit === "false" && /loses its pod/.test(by["node-1"].text) && /nodeSelector ssd=true/.test(by["node-1"].text), `node-1 miss explained: ${by["node-1"].text}`);
      assert(by["node-2"].hit === "true" && by["node-3"].hit === "true", `hits: ${JSON.stringify(res)}`);
      assert((await page.getByTestId("lesson-predict-box").innerText()).includes("2 of 3"), "score shown");
      await page.waitForFunction(() => /All goals reached/.test(document.querySelector('[data-testid="lesson-status"]').textContent));
      await shot(page, "22-lesson-predict");
      await noProblems(page, problems, "predict");
    },
  },
  {
    name: "lesson: the keyboard alone picks a lesson, opens the hint and plays the solution",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      await page.focus('[data-testid="lesson-pick"]');
      await page.keyboard.press("ArrowDown"); // the first lesson
      await page.locator('[data-testid="goal"]').first().waitFor();
      const tabTo = async (testid) => {
        for (let i = 0; i < 12; i++) {
          await page.keyboard.press("Tab");
          if (await page.evaluate((t) => document.activeElement && document.activeElement.dataset.testid === t, testid)) return;
        }
        throw new Error(`Tab never reached ${testid}`);
      };
      await tabTo("lesson-hint");
      await page.keyboard.press("Enter");
      assert(await page.getByTestId("lesson-hint-text").isVisible(), "hint opened with Enter");
      await page.evaluate(() => { window.__dsim.lesson.stepDelay = 20; });
      await tabTo("lesson-show");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => /All goals reached/.test(document.querySelector('[data-testid="lesson-status"]').textContent), null, { timeout: 20000 });
      await noProblems(page, problems, "keyboard lesson");
    },
  },
  {
    name: "lesson prose is text: markup in a lesson never becomes elements",
    async fn({ context, url }) {
      const { page, problems } = await open(context, url);
      const r = await page.evaluate(async () => {
        const { renderProse } = await import("/www/views/lesson.js");
        const box = document.createElement("div");
        for (const p of renderProse('<img src=x onerror="window.__pwned=1"> **<b>bold</b>** `<script>x</script>`\n\n**Hint:** <a href="javascript:1">x</a>')) box.appendChild(p.el);
        document.body.appendChild(box);
        await new Promise((res) => setTimeout(res, 100));
        const tags = [...box.querySelectorAll("*")].map((e) => e.tagName.toLowerCase());
        box.remove();
        return { tags, pwned: window.__pwned === 1, text: box.textContent };
      });
      assert(!r.pwned, "script ran");
      assert(r.tags.every((t) => ["p", "strong", "code"].includes(t)), `only p/strong/code elements: ${r.tags}`);
      assert(r.text.includes("<img src=x"), "markup shown as text");
      await noProblems(page, problems, "prose");
    },
  },
];
