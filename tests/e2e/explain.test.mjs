// kubectl explain on the page: its descriptions are not in the wasm (they are not
// needed for the first view); the worker fetches www/explain-descriptions.txt once,
// before the first command that mentions explain, and the command then prints the
// same text as the native CLI (the wasm tests compare whole transcripts).

import { open, shot, term, assert } from "./harness.mjs";

export const tests = [
  {
    name: "explain: descriptions are fetched on first use, not on first view, and explain prints them",
    async fn({ context, url }) {
      const fetched = [];
      const onRequest = (r) => { if (r.url().includes("explain-descriptions")) fetched.push(r.url()); };
      context.on("request", onRequest);
      try {
        const { page, problems } = await open(context, url);
        await page.locator("[data-pod]").first().waitFor();
        assert(fetched.length === 0, `fetched on the first view: ${fetched}`);
        const out = await term(page, "kubectl explain ds.spec.updateStrategy");
        assert(fetched.length === 1, `fetched once for explain: ${fetched}`);
        for (const want of [
          "GROUP:      apps\nKIND:       DaemonSet\nVERSION:    v1",
          "FIELD: updateStrategy <DaemonSetUpdateStrategy>",
          "DESCRIPTION:\n    An update strategy to replace existing DaemonSet pods with new pods.",
          "  rollingUpdate\t<RollingUpdateDaemonSet>\n    Rolling update config params. Present only if type = \"RollingUpdate\".",
          "  type\t<string>\n  enum: OnDelete, RollingUpdate",
        ]) {
          assert(out.includes(want), `explain output lacks ${JSON.stringify(want)}:\n${out}`);
        }
        const meta = await term(page, "kubectl explain pod.metadata.namespace");
        assert(/Must be a DNS_LABEL\. Cannot be updated\./.test(meta) && !/not loaded/.test(meta), `a second explain: ${meta}`);
        const bad = await term(page, "kubectl explain ds.spec.nope");
        assert(/field "nope" does not exist/.test(bad), `an unknown field: ${bad}`);
        assert(fetched.length === 1, `fetched only once: ${fetched}`);
        await shot(page, "70-explain", { fullPage: false });
        assert(!problems.length, problems.join("\n"));
      } finally {
        context.off("request", onRequest);
      }
    },
  },
];
