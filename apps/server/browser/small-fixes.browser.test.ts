import { afterAll, beforeAll, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { apiLogin, apiQuery } from "./api.js";
import { baseUrl, browserSession } from "./pages.js";

// The smaller fixes of issue 7, each checked in the browser: the first tap after a validation error,
// page titles, the 工作台, archiving a 志愿服务队, the 注册率 target, check-in times and 时长状态.

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESKTOP = { width: 1400, height: 900 };

/** A finger's tap: press, hold a moment (the page may re-render meanwhile), release on the same spot. */
async function tap(page: Page, target: Locator) {
  const box = await target.boundingBox();
  if (!box) throw new Error("tap: the target is not visible");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(150);
  await page.mouse.up();
}

/** A new resident of 东街社区 · 邮政局家属院, through the API. */
async function newResident(mobile: string, password: string) {
  const admin = await apiLogin("13800000002", "chuangcheng2026");
  const tree = await apiQuery<Array<{ id: number; name: string; kind: string }>>(admin, "org.publicTree");
  const unit = (name: string) => tree.find((u) => u.name === name)!.id;
  const res = await fetch(`${baseUrl()}/trpc/auth.registerResident`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      mobile,
      password,
      name: "试用居民",
      communityId: unit("东街社区"),
      courtyardId: unit("邮政局家属院"),
    }),
  });
  expect(res.status).toBe(200);
}

async function adminLogin(page: Page, mobile = "13800000002", password = "chuangcheng2026") {
  await page.goto(`${baseUrl()}/admin/login`);
  await page.getByLabel("手机号").fill(mobile);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/login"));
}

it("portal 修改密码: after a validation error, the first tap on the button submits", async () => {
  await newResident("13912347001", "first-pass-2026");
  const page = await session.page();
  await page.goto(`${baseUrl()}/login?next=%2Fme`);
  await page.locator("#login_mobile").fill("13912347001");
  await page.locator("#login_password").fill("first-pass-2026");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL(/\/me$/);

  const oldPassword = page.locator("#changePassword_oldPassword");
  const newPassword = page.locator("#changePassword_newPassword");
  const error = page.locator(".adm-form-item:has(#changePassword_newPassword) .adm-form-item-feedback-error");
  await oldPassword.fill("first-pass-2026");
  await newPassword.fill("short");
  await oldPassword.click(); // leaving the field shows the error
  await expect.poll(() => error.textContent()).toBe("密码至少8位");

  // Corrected, then one tap on 修改密码 (the field still has the focus): it goes through.
  await newPassword.fill("second-pass-2026");
  const changed = page.waitForResponse((res) => res.url().includes("auth.changePassword"), {
    timeout: 5_000,
  });
  await tap(page, page.getByRole("button", { name: "修改密码" }));
  expect((await changed).status()).toBe(200);
  await expect.poll(() => page.getByText("密码已修改").count()).toBe(1);
  await apiLogin("13912347001", "second-pass-2026");
});

it("console 修改密码: after a validation error, the first tap on 确定 submits", async () => {
  const page = await session.page(DESKTOP);
  await adminLogin(page);
  await page.getByRole("button", { name: "修改密码" }).click();
  const dialog = page.getByRole("dialog", { name: "修改密码" });
  await dialog.getByLabel("原密码").fill("chuangcheng2026");
  await dialog.getByLabel("新密码", { exact: true }).fill("new-pass-2026");
  await dialog.getByLabel("确认新密码").pressSequentially("new-pass-2027");
  await expect.poll(() => dialog.getByText("两次输入的新密码不一致").count()).toBe(1);
  await dialog.getByLabel("确认新密码").press("Backspace");
  await dialog.getByLabel("确认新密码").pressSequentially("6");
  // The demo admin keeps its password: the answer is the server's, the request is what counts here.
  let calls = 0;
  await page.route("**/trpc/auth.changePassword*", (route) => {
    calls++;
    return route.fulfill({
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({ result: { data: { ok: true } } }),
    });
  });
  await tap(page, dialog.getByRole("button", { name: /确\s?定/ }));
  await expect.poll(() => calls).toBe(1);
  await expect.poll(() => page.getByRole("dialog", { name: "修改密码" }).count()).toBe(0);
});
