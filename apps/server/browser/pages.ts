import { afterEach, inject } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { recordPage, serverLogTail } from "./failure-report.js";
import {
  describeFindings,
  launchBrowser,
  watchAccessibility,
  type AccessibilityWatch,
} from "@chuangcheng/browser-testing";

/**
 * One browser per test file; each test gets fresh contexts (no shared cookies). Every page a test
 * opens is checked by axe-core as it goes (tooling/browser/src/accessibility.ts): after each test,
 * the pages still open are checked once more, and a serious or critical violation fails the test.
 */
export function browserSession() {
  let browser: Browser | undefined;
  let open: { context: BrowserContext; watch: AccessibilityWatch }[] = [];
  let described: (() => Promise<string>)[] = [];

  afterEach(async ({ task }) => {
    const contexts = open;
    open = [];
    const pages = described;
    described = [];
    // Read before the contexts close: what each page showed when the test failed.
    const reports =
      task.result?.state === "fail" ? await Promise.all(pages.map((describe) => describe())) : [];
    const findings = [];
    for (const { context, watch } of contexts) {
      for (const page of context.pages()) await watch.checkNow(page);
      findings.push(...watch.take());
      await context.close();
    }
    const problems: string[] = [];
    if (reports.length > 0) {
      const pagesShown = reports.map((r, i) => `page ${i + 1}\n${r}`).join("\n\n");
      const serverSaid = serverLogTail(inject("serverLog"));
      problems.push(
        `What the pages showed when the test failed:\n\n${pagesShown}\n\nserver log:\n${serverSaid}`,
      );
    }
    if (findings.length > 0) problems.push(`无障碍检查未通过 (axe-core):\n${describeFindings(findings)}`);
    if (problems.length > 0) throw new Error(problems.join("\n\n"));
  });

  return {
    async start() {
      browser = await launchBrowser();
    },
    async stop() {
      await browser?.close();
    },
    async page(viewport = { width: 390, height: 844 }): Promise<Page> {
      if (!browser) throw new Error("browserSession not started");
      const context = await browser.newContext({ viewport, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
      open.push({ context, watch: await watchAccessibility(context) });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      described.push(recordPage(page));
      return page;
    },
  };
}

export const baseUrl = () => inject("baseUrl");
