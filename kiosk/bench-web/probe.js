/* Start-up probe for measure.sh, loaded by each page (deferred: it never holds back a paint), not part of the look. It prints wall-clock times (epoch ms:
   performance.timeOrigin + a page timestamp, the clock `date +%s%N` reads) to the console, which
   Chromium copies to stderr with --enable-logging=stderr:
   - first-contentful-paint: presentation time of the first frame with content (Paint Timing);
   - complete: presentation time of the last of the [elementtiming] texts and pictures to be painted
     (Element Timing), i.e. the first frame showing the whole screen; 0 for pictures means the browser
     withheld their render time, measure.sh then falls back on "load + fonts, two frames later".
   Two requestAnimationFrame callbacks after load and fonts give "complete-frame" in any case. */
(() => {
  const t = ms => (performance.timeOrigin + ms).toFixed(1);
  const say = (what, ms) => console.log("bench " + what + " " + t(ms));
  say("nav-start", 0);
  new PerformanceObserver(list => list.getEntries().forEach(e => say(e.name, e.startTime)))
    .observe({type: "paint", buffered: true});
  const wanted = document.querySelectorAll("[elementtiming]").length, seen = new Set();
  let last = 0, withheld = 0;
  new PerformanceObserver(list => list.getEntries().forEach(e => {
    if (seen.has(e.identifier)) return;
    seen.add(e.identifier);
    if (e.renderTime > 0) last = Math.max(last, e.renderTime); else withheld++;
    if (seen.size === wanted) console.log("bench complete " + t(last) + " withheld=" + withheld);
  })).observe({type: "element", buffered: true});
  addEventListener("load", () => document.fonts.ready.then(() =>
    requestAnimationFrame(() => requestAnimationFrame(() => say("complete-frame", performance.now())))));
})();
