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
 * antd's dialogs zoom in for 0.3 s. Playwright's "stable" check passes on two equal frames, which a
 * loaded CI machine can give mid-zoom: a click then aims where the button is not yet, lands on nothing
 * and is lost without an error (two confirm dialogs lost their OK click so in CI, with antZoomIn
 * running at the click). Here a dialog and its mask take 1 ms (not 0: antd waits for animationend).
 * Only dialogs: they sit where they are drawn, while a popover placed by its trigger is measured
 * during its animation, and shortening that one puts it out of the viewport.
 */
const NO_DIALOG_MOTION = `.ant-modal, .ant-modal-mask {
  animation-duration: 1ms !important; animation-delay: 0s !important;
  transition-duration: 1ms !important; transition-delay: 0s !important;
}`;

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
      await context.addInitScript((css: string) => {
        const add = () => {
          const style = document.createElement("style");
          style.textContent = css;
          document.documentElement.append(style);
        };
        // Runs as the document is created: before the parser has made <html>, wait until it has (and
        // before the page's scripts run).
        if (document.documentElement) add();
        else document.addEventListener("readystatechange", add, { once: true });
      }, NO_DIALOG_MOTION);
      open.push({ context, watch: await watchAccessibility(context) });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      described.push(recordPage(page));
      return page;
    },
  };
}

export const baseUrl = () => inject("baseUrl");
