// Text files the page reads (the lessons): fetched from beside the page, or, in the
// single-file export (tests/e2e/build-single.mjs), taken from the map that file
// carries in `globalThis.__dsimFiles` ({ "lessons/index.json": text, … }), because
// a page opened from disk may not fetch() file:// URLs.

/** The text at `url` (a URL object or string). Throws with the HTTP status on failure. */
export async function fetchText(url) {
  const href = String(url);
  const inlined = globalThis.__dsimFiles;
  if (inlined) {
    for (const [name, text] of Object.entries(inlined)) {
      if (href.endsWith(`/${name}`)) return text;
    }
    throw new Error(`${href.split("/").pop()} is not in this file`);
  }
  const r = await fetch(url);
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return r.text();
}
