import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { baseUrl, browserSession } from "./pages.js";

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole("listbox", { name: label }).getByRole("option", { name: option, exact: true }).click();
}

async function login(page: Page, mobile: string, password: string) {
  await page.goto(`${baseUrl()}/login`);
  await page.locator("#login_mobile").fill(mobile);
  await page.locator("#login_password").fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
}

// A new mobile on a retry: the failed attempt may have registered the first.
let attempts = 0;

it("a resident registers, logs out, logs in again and sees 我的 with their name", async () => {
  const attempt = attempts++;
  const mobile = attempt === 0 ? "13912340001" : String(13912340700 + attempt);
  const page = await session.page();
  await page.goto(`${baseUrl()}/register`);
  await page.locator("#register_name").fill("周晓梅");
  await page.locator("#register_mobile").fill(mobile);
  await page.locator("#register_password").fill("zhou-pass-2026");
  await page.locator("#register_confirmPassword").fill("zhou-pass-2026");
  await choose(page, "所在社区", "东街社区");
  await choose(page, "所在楼院", "建安小区");
  await page.getByRole("button", { name: "注册", exact: true }).click();

  await page.waitForURL(/\/me$/);
  await expect.poll(() => page.getByTestId("me-name").textContent()).toBe("周晓梅");
  expect(await page.getByTestId("me-courtyard").textContent()).toContain("建安小区");
  expect(await page.getByTestId("me-mobile").textContent()).toContain(`139****${mobile.slice(-4)}`);

  await page.getByRole("button", { name: "退出登录" }).click();
  await page.waitForURL(`${baseUrl()}/`);
  await login(page, mobile, "zhou-pass-2026");
  await page.waitForURL(/\/me$/);
  expect(await page.getByTestId("me-name").textContent()).toBe("周晓梅");
});

it("a wrong password shows the message beside the password field", async () => {
  const page = await session.page();
  await login(page, "13800000004", "not-the-password");
  const error = page.locator(".adm-form-item:has(#login_password) .adm-form-item-feedback-error");
  await expect.poll(() => error.textContent()).toBe("手机号或密码错误");
  expect(page.url()).toContain("/login");
});

it("registration shows the server's field error beside the mobile field", async () => {
  const page = await session.page();
  await page.goto(`${baseUrl()}/register`);
  await page.locator("#register_name").fill("重复号码");
  await page.locator("#register_mobile").fill("13800000004"); // the demo resident's number
  await page.locator("#register_password").fill("another-pass-1");
  await page.locator("#register_confirmPassword").fill("another-pass-1");
  await choose(page, "所在社区", "东街社区");
  await choose(page, "所在楼院", "邮政局家属院");
  await page.getByRole("button", { name: "注册", exact: true }).click();
  const error = page.locator(".adm-form-item:has(#register_mobile) .adm-form-item-feedback-error");
  await expect.poll(() => error.textContent()).toBe("该手机号已注册，请直接登录");
});
