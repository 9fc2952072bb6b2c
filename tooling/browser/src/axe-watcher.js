// Runs in every page of a browser test (injected by accessibility.ts before the page's own scripts).
// Plain JavaScript on purpose: it is sent to the page as written.
/* global window, document, location, MutationObserver */
(() => {
  if (window.top !== window) return; // frames are checked as part of their page
  // A new tab's about:blank, checked before the test navigates away on a slow machine, is not ours.
  if (location.protocol === "about:") return;
  let timer;
  let running = null;
  let again = false;

  // Finite animations (a dialog fading in) make text briefly low-contrast: wait until they end.
  const settled = async () => {
    for (let i = 0; i < 40; i++) {
      const moving = document
        .getAnimations()
        .filter((a) => a.playState === "running" && a.effect?.getTiming().iterations !== Infinity);
      if (moving.length === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const run = async () => {
    await settled();
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    const findings = result.violations.flatMap((v) =>
      v.nodes
        .filter((n) => ["serious", "critical"].includes(n.impact ?? v.impact ?? ""))
        .map((n) => ({
          rule: v.id,
          impact: n.impact ?? v.impact,
          help: v.help,
          target: n.target.map(String).join(" "),
          path: location.pathname + location.search,
          html: n.html.slice(0, 300),
        })),
    );
    if (findings.length > 0) await window.__ccAxeReport(findings);
    return findings.length;
  };

  const check = () => {
    if (running) {
      again = true;
      return running;
    }
    running = run().finally(() => {
      running = null;
      if (again) {
        again = false;
        schedule();
      }
    });
    return running;
  };

  // Quiet for 400 ms after the last change: the page has rendered what it was going to render.
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void check(), 400);
  };

  window.__ccAxeCheck = () => {
    clearTimeout(timer);
    return check();
  };
  const start = () => {
    new MutationObserver(schedule).observe(document.documentElement, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
    schedule();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
