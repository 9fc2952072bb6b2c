import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { checkCharacter } from "@chuangcheng/domain/rules";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { baseUrl, browserSession } from "./pages.js";

// 注销账号 on the portal: a resident who registered, became a volunteer and signed up for an activity
// deletes the account on 我的; afterwards the number no longer logs in, and registers afresh.

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const PASSWORD = "lin-pass-2026";
/** Set SCREENSHOT_DIR to keep a picture of the sheet at phone width (390 px) for a look. */
const SHOTS = process.env.SCREENSHOT_DIR;

async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole("listbox", { name: label }).getByRole("option", { name: option, exact: true }).click();
}

async function register(page: Page, name: string, mobile: string) {
  await page.goto(`${baseUrl()}/register`);
  await page.locator("#register_name").fill(name);
  await page.locator("#register_mobile").fill(mobile);
  await page.locator("#register_password").fill(PASSWORD);
  await page.locator("#register_confirmPassword").fill(PASSWORD);
  await choose(page, "所在社区", "东街社区");
  await choose(page, "所在楼院", "建安小区");
  await page.getByRole("button", { name: "注册", exact: true }).click();
  await page.waitForURL(/\/me$/);
}

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

// A new mobile and 身份证号 on a retry: the failed attempt may have left its resident registered.
let attempts = 0;

it("a volunteer deletes their account on 我的: signed out, sign-up released, the number registers again", async () => {
  const attempt = attempts++;
  const mobile = attempt === 0 ? "13912340077" : String(13912340850 + attempt);
  const page = await session.page();
  await register(page, "林晓燕", mobile);
  await expect.poll(() => page.getByTestId("me-name").textContent()).toBe("林晓燕");

  // Set-up the screens need not show: a volunteer registration, approved, and an activity to sign up for.
  const tree = await apiQuery<Array<{ id: number; kind: string; name: string }>>("", "org.publicTree");
  const courtyard = tree.find((u) => u.kind === "courtyard" && u.name === "建安小区")!;
  const community = tree.find((u) => u.kind === "community" && u.name === "东街社区")!;
  const resident = await apiLogin(mobile, PASSWORD);
  const first17 = `41010519851118${String(71 + 2 * attempt).padStart(3, "0")}`;
  const volunteer = await apiMutate<{ id: number }>(resident, "volunteer.register", {
    name: "林晓燕",
    idNumber: first17 + checkCharacter(first17),
    mobile,
    courtyardId: courtyard.id,
    politicalStatus: "masses",
    skills: ["elderly_care"],
    serviceTimes: ["weekend_morning"],
    dataConsent: true,
  });
  const admin = await apiLogin("13800000002", "chuangcheng2026");
  await apiMutate(admin, "volunteer.review", { ids: [volunteer.id], action: "approve" });
  const activity = await apiMutate<{ id: number }>(admin, "activity.create", {
    communityId: community.id,
    kind: "volunteer_service",
    title: "敬老院包饺子",
    startsAt: inHours(48),
    endsAt: inHours(50),
    placeText: "东街敬老院",
    capacity: 10,
  });

  // The resident signs up in the portal.
  await page.goto(`${baseUrl()}/activities/${activity.id}`);
  await page.getByTestId("activity-signup").click();
  await expect.poll(() => page.getByTestId("activity-state").textContent()).toContain("已报名");
  expect(
    (await apiQuery<{ signedCount: number }>(admin, "activity.detail", { id: activity.id })).signedCount,
  ).toBe(1);

  // 我的 → 注销账号: the sheet says what happens and asks for the password.
  await page.goto(`${baseUrl()}/me`);
  await page.getByTestId("me-delete-account").waitFor();
  await page.getByTestId("me-delete-account").scrollIntoViewIfNeeded();
  if (SHOTS) await page.screenshot({ path: join(SHOTS, "me-account-390.png") });
  await page.getByTestId("me-delete-account").click();
  const sheet = page.getByTestId("delete-account-sheet");
  await sheet.waitFor();
  const text = await page.getByTestId("delete-account-consequences").textContent();
  for (const words of ["志愿者登记与个人信息", "志愿服务时长将匿名保留", "活动将被取消", "不可恢复"])
    expect(text).toContain(words);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, "account-deletion-390.png") });

  // Not ticked: refused beside the box. Wrong password: refused beside the password field.
  await sheet.getByRole("button", { name: "确认注销" }).click();
  await expect
    .poll(() =>
      page.getByTestId("delete-account-understood").locator(".adm-form-item-feedback-error").textContent(),
    )
    .toBe("请确认您已了解注销的后果");
  await page.getByTestId("delete-account-understood").locator(".adm-checkbox").click();
  await sheet.getByLabel("登录密码", { exact: true }).fill("not-my-password");
  await sheet.getByRole("button", { name: "确认注销" }).click();
  const passwordError = page.locator(
    ".adm-form-item:has(#deleteAccount_password) .adm-form-item-feedback-error",
  );
  await expect.poll(() => passwordError.textContent()).toBe("密码不正确");
  if (SHOTS) await page.screenshot({ path: join(SHOTS, "account-deletion-error-390.png") });

  await sheet.getByLabel("登录密码", { exact: true }).fill(PASSWORD);
  await sheet.getByRole("button", { name: "确认注销" }).click();
  await page.waitForURL(`${baseUrl()}/`);
  await expect.poll(() => page.locator(".adm-toast-main").textContent()).toContain("账号已注销");
  if (SHOTS) await page.screenshot({ path: join(SHOTS, "account-deleted-home-390.png") });

  // The place went back, the old session is gone, and the number no longer logs in.
  expect(
    (await apiQuery<{ signedCount: number }>(admin, "activity.detail", { id: activity.id })).signedCount,
  ).toBe(0);
  await expect(apiQuery(resident, "auth.me")).rejects.toThrow("请先登录");
  await page.goto(`${baseUrl()}/login`);
  await page.locator("#login_mobile").fill(mobile);
  await page.locator("#login_password").fill(PASSWORD);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  const loginError = page.locator(".adm-form-item:has(#login_password) .adm-form-item-feedback-error");
  await expect.poll(() => loginError.textContent()).toBe("手机号或密码错误");

  // The same number registers again: a new account with nothing of the old one.
  await register(page, "林新", mobile);
  await expect.poll(() => page.getByTestId("me-name").textContent()).toBe("林新");
  const again = await apiLogin(mobile, PASSWORD);
  expect(await apiQuery(again, "volunteer.mine")).toBeNull();
});

it("a staff member sees that an admin deletes their account", async () => {
  const page = await session.page();
  await page.goto(`${baseUrl()}/login`);
  await page.locator("#login_mobile").fill("13800000003"); // 张伟, grid worker
  await page.locator("#login_password").fill("chuangcheng2026");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL(/\/me$|\/$/);
  await page.goto(`${baseUrl()}/me`);
  const entry = page.getByTestId("me-delete-account");
  await expect.poll(() => entry.textContent()).toContain("工作人员账号由管理员管理");
  await page.getByTestId("me-delete-account").scrollIntoViewIfNeeded();
  if (SHOTS) await page.screenshot({ path: join(SHOTS, "me-account-staff-390.png") });
  await entry.click();
  expect(await page.getByTestId("delete-account-sheet").count()).toBe(0);
});
