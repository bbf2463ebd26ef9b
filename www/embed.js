// embed.html: the iframe route (shared/design/embedding.md §3.1), for documentation
// platforms that allow an <iframe> but no script tag. One <daemonset-sim> fills the
// frame, set up from this page's own URL only (nothing of the host is read):
//   embed.html#v1.…                a copied link's state (see www/link.js)
//   embed.html#scenario=NAME       a built-in lesson (the element's preset:NAME)
//   ?views=…&theme=…&speed=…&projector&autoplay   the element's attributes
// Any other fragment is treated as a link, so a broken one gets the element's clear
// message. The frame tells its parent its height (postMessage
// { type: "daemonset-sim:height", height }) for hosts that resize iframes; it sends
// nothing else and listens to nothing.

import "./daemonset-sim.js";

const el = document.createElement("daemonset-sim");
const q = new URLSearchParams(location.search);
for (const a of ["views", "theme", "speed"]) if (q.has(a)) el.setAttribute(a, q.get(a));
for (const a of ["projector", "autoplay"]) if (q.has(a)) el.setAttribute(a, "");
const preset = /^#scenario=([a-z0-9-]{1,80})$/i.exec(location.hash);
if (preset) el.setAttribute("scenario", `preset:${preset[1]}`);
else if (location.hash.length > 1) el.setAttribute("scenario", location.hash);
document.querySelector("[data-embed]").appendChild(el);

if (window.parent !== window) {
  let last = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) window.parent.postMessage({ type: "daemonset-sim:height", height: (last = height) }, "*");
  }).observe(document.body);
}
