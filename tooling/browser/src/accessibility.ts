import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { BrowserContext, Page } from "playwright-core";
import { AXE_ALLOWED, type AllowedFinding } from "./axe-allowed.js";

// axe-core checks every page a browser test visits, without the test asking: the script is injected
// into each page of the context, runs whenever the page has settled after a navigation or a change
// (a route change in the single-page apps, a dialog opening), and reports to Node through a binding.
// Only violations of impact "serious" or "critical" count; anything a library forces on us is in
// axe-allowed.ts with the reason.

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  /** the CSS selector axe gives for the offending node */
  target: string;
  /** the page's path (and query) when it was found */
  path: string;
  html: string;
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
// Plain JavaScript read as text: a transpiled function could carry helpers the page does not have.
const WATCHER_SOURCE = readFileSync(new URL("./axe-watcher.js", import.meta.url), "utf8");

function allowed(finding: AxeFinding, allowList: readonly AllowedFinding[]): boolean {
  return allowList.some(
    (a) => a.rule === finding.rule && (a.target === undefined || finding.target.includes(a.target)),
  );
}

export interface AccessibilityWatch {
  /** Checks the page as it is now (waiting for a check already running), and reports what it finds. */
  checkNow(page: Page): Promise<void>;
  /** The findings so far, deduplicated, and forgets them. */
  take(): AxeFinding[];
}

/** Injects axe-core into every page of the context and collects serious and critical violations. */
export async function watchAccessibility(
  context: BrowserContext,
  allowList: readonly AllowedFinding[] = AXE_ALLOWED,
): Promise<AccessibilityWatch> {
  const found = new Map<string, AxeFinding>();
  await context.exposeBinding("__ccAxeReport", (_source, findings: AxeFinding[]) => {
    for (const f of findings) {
      if (allowed(f, allowList)) continue;
      found.set(`${f.rule} ${f.path} ${f.target}`, f);
    }
  });
  await context.addInitScript({ content: `${AXE_SOURCE}\n;${WATCHER_SOURCE}` });
  return {
    async checkNow(page) {
      if (page.isClosed()) return;
      // A page that is not one of ours (a download, about:blank) has no watcher: nothing to check.
      const check = "typeof window.__ccAxeCheck === 'function' ? window.__ccAxeCheck() : -1";
      try {
        await page.evaluate(check);
      } catch (error) {
        // Navigating while asked: check the page it arrived at.
        if (!String(error).includes("Execution context was destroyed")) throw error;
        await page.waitForLoadState();
        await page.evaluate(check);
      }
    },
    take() {
      const list = [...found.values()];
      found.clear();
      return list;
    },
  };
}

/** One line per finding, for a failing test's message. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings
    .map((f) => `${f.rule} (${f.impact}) at ${f.path}: ${f.target} — ${f.help}\n    ${f.html}`)
    .join("\n");
}
