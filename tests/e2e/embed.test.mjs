// embed.html, the iframe route: a link's fragment or `#scenario=NAME` in its own URL
// sets up one <daemonset-sim>; inside an iframe on another page it works and reports
// its height; a broken fragment gets the link's message.

import { assert, shot } from "./harness.mjs";

async function frameHost(context, url, src) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(url + "__blank");
  const height = await page.evaluate(async (src) => {
    const got = new Promise((r) => addEventListener("message", (e) => { if (e.data && e.data.type === "daemonset-sim:height" && e.data.height > 200) r(e.data.height); }));
    const f = document.createElement("iframe");
    f.src = src;
    f.title = "DaemonSet simulator";
    f.style.cssText = "width: 900px; height: 700px; border: 0";
    document.body.appendChild(f);
    return got;
  }, src);
  const frame = page.frames().find((f) => f.url().includes("embed.html"));
  await frame.waitForFunction(() => document.querySelector("daemonset-sim") && document.querySelector("daemonset-sim").engine);
  await frame.evaluate(() => document.querySelector("daemonset-sim").ready.catch(() => {}));
  return { page, frame, problems, height };
}

export const tests = [
  {
    name: "embed.html in an iframe: #scenario=NAME and a copied link's fragment load; a broken one gets a message",
    async fn({ context, url }) {
      const a = await frameHost(context, url, `${url}www/embed.html?views=lesson,nodes,terminal&theme=dark#scenario=node-selector-ssd`);
      const info = await a.frame.evaluate(async () => {
        const el = document.querySelector("daemonset-sim");
        for (const l of ["kubectl apply -f ds.yaml", "sim settle"]) await el.exec(l);
        return { title: el.shadowRoot.querySelector(".title").textContent, dark: el.shadowRoot.querySelector(".wrap").dataset.theme,
          href: await el.linkUrl(), view: await el.engine.view() };
      });
      assert(/ssd/i.test(info.title) && info.dark === "dark", `preset and theme from the URL: ${JSON.stringify([info.title, info.dark])}`);
      assert(a.height > 200, `height reported: ${a.height}`);
      await shot(a.page, "55-embed-iframe", { fullPage: false });
      const hash = new URL(info.href).hash;
      const b = await frameHost(context, url, `${url}www/embed.html?views=nodes,terminal${hash}`);
      const view = await b.frame.evaluate(() => document.querySelector("daemonset-sim").engine.view());
      assert(JSON.stringify(view) === JSON.stringify(info.view), "the link's fragment replays in the iframe");
      const c = await frameHost(context, url, `${url}www/embed.html#<img src=x onerror=alert(1)>`);
      const msg = await c.frame.evaluate(() => document.querySelector("daemonset-sim").shadowRoot.querySelector(".error").textContent);
      assert(/This link could not be opened/.test(msg) && /not a daemonset-sim link/.test(msg), `broken: ${msg}`);
      for (const x of [a, b, c]) assert(!x.problems.length, x.problems.join("\n"));
    },
  },
];
