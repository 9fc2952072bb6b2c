import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ADMIN_PASSWORD } from "./global-setup.js";
import { baseUrl, browserSession } from "./pages.js";

// Both built apps under the server's Content-Security-Policy: they render, log in (a mutation, so
// through the Origin check) and report no violation; and no page may frame the console.

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

/** Collects CSP violations as the page reports them (event) and as Chromium logs them (console). */
async function watchViolations(page: Page) {
  const console: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) console.push(m.text());
  });
  // Page code as text: this package is typed for Node, without the DOM.
  await page.addInitScript({
    content: `window.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        window.__violations.push(e.violatedDirective + " " + e.blockedURI));`,
  });
  return async () => [...console, ...(await page.evaluate<string[]>("window.__violations"))];
}

it("the portal home and its login run under the CSP without a violation", async () => {
  const page = await session.page();
  const violations = await watchViolations(page);
  const response = await page.goto(`${baseUrl()}/`);
  expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  await page.waitForLoadState("networkidle");
  expect(await page.locator("#root *").count()).toBeGreaterThan(0);

  await page.goto(`${baseUrl()}/login`);
  await page.locator("#login_mobile").fill("13800000004");
  await page.locator("#login_password").fill("chuangcheng2026");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL(/\/me$/);
  await expect.poll(() => page.getByTestId("me-name").textContent()).toBe("刘芳");
  expect(await violations()).toEqual([]);
});

it("the admin login and console run under the CSP without a violation", async () => {
  const page = await session.page({ width: 1366, height: 860 });
  const violations = await watchViolations(page);
  await page.goto(`${baseUrl()}/admin/login`);
  await page.getByLabel("手机号").fill("13800000000");
  await page.getByLabel("密码", { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/login"));
  // antd's CSS-in-JS styles the tree page: menus, tree, cards.
  await page.getByRole("menuitem", { name: "组织架构" }).click();
  await expect.poll(() => page.getByRole("treeitem", { name: "东街社区", exact: true }).count()).toBe(1);
  await page.waitForLoadState("networkidle");
  expect(await violations()).toEqual([]);
});

it("no page can frame the console, not even one of the same origin", async () => {
  const page = await session.page({ width: 1366, height: 860 });
  const refused: string[] = [];
  page.on("console", (m) => void refused.push(m.text()));
  // A page of the server's own origin that frames the admin login. The browser serves it from the
  // route (the server has no such page), so it is a whole page from the start: the axe check that
  // runs on every page finds its language, title and frame name.
  const probe = `${baseUrl()}/frame-probe`;
  await page.route(probe, (route) =>
    route.fulfill({
      contentType: "text/html; charset=utf-8",
      body: `<!doctype html><html lang="zh-CN"><head><title>嵌入探测</title></head><body>
        <main><h1>嵌入探测</h1><iframe title="管理后台登录" src="${baseUrl()}/admin/login"></iframe></main>
        </body></html>`,
    }),
  );
  await page.goto(probe);
  await expect.poll(() => refused.some((t) => t.includes("frame-ancestors"))).toBe(true);
  const framed = page.frames().find((f) => f !== page.mainFrame());
  expect(await framed?.locator("button").count()).toBe(0);
});
