import { inject } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "@chuangcheng/browser-testing";

/** One browser per test file; each test gets a fresh context (no shared cookies). */
export function browserSession() {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
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
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
  };
}

export const baseUrl = () => inject("baseUrl");
