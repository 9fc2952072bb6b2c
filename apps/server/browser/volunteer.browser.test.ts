import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { apiLogin, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESKTOP = { width: 1366, height: 860 };

async function residentLogin(page: Page) {
  await page.goto(`${baseUrl()}/login?next=%2Fvolunteer`);
  await page.locator("#login_mobile").fill("13800000004");
  await page.locator("#login_password").fill("chuangcheng2026");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL(/\/volunteer$/);
}

it("a resident registers as a volunteer, is approved, signs up, is checked in and out, and sees the hours", async () => {
  const resident = await session.page();
  await residentLogin(resident);
  await resident.getByTestId("volunteer-invite").waitFor();

  // Registration: a wrong check character is refused beside the field, then corrected.
  await resident.goto(`${baseUrl()}/volunteer/register`);
  const idField = resident.getByTestId("volunteer-id-number");
  const idInput = resident.getByLabel("身份证号", { exact: true });
  await idInput.pressSequentially("110105194912310021");
  await resident.getByLabel("手机号", { exact: true }).click(); // the field is checked on blur
  await expect.poll(() => idField.locator(".adm-form-item-feedback-error").textContent()).toBe("身份证号校验位不正确，请核对");

  await idInput.fill("");
  await idInput.pressSequentially("11010519491231002x");
  await expect.poll(() => resident.getByTestId("volunteer-gender").textContent()).toBe("女");
  expect(await resident.getByTestId("volunteer-birth-date").textContent()).toContain("1949");
  expect(await idField.locator(".adm-form-item-feedback-error").count()).toBe(0);
  await resident.getByLabel("手机号", { exact: true }).fill("13800000004");
  await resident.getByText("群众", { exact: true }).click();
  await resident.getByText("环卫", { exact: true }).click();
  await resident.getByText("周末上午", { exact: true }).click();
  await resident.getByTestId("volunteer-data-consent").locator(".adm-checkbox").click();
  await resident.getByTestId("volunteer-submit").click();
  await resident.waitForURL(/\/volunteer$/);
  await expect.poll(() => resident.getByTestId("volunteer-status").textContent()).toBe("待审核");

  // The community admin approves, creates an activity, and later checks the volunteer in and out.
  const admin = await session.page(DESKTOP);
  const steps = adminSteps(admin);
  await steps.login("13800000002", "chuangcheng2026");
  await steps.approve("刘芳");

  await resident.reload();
  await expect.poll(() => resident.getByTestId("volunteer-status").textContent()).toBe("已注册");
  await resident.getByTestId("volunteer-card").waitFor();
  expect(await resident.getByTestId("volunteer-id-masked").textContent()).toContain("110105********002X");
  expect(await resident.getByTestId("volunteer-hours").textContent()).toBe("0");

  const title = "清理楼道小广告";
  await steps.createActivity(title, 20);

  // The resident signs up in the portal.
  await resident.goto(`${baseUrl()}/activities`);
  await resident.getByTestId("activity-item").filter({ hasText: title }).click();
  await resident.getByTestId("activity-signup").click();
  await expect.poll(() => resident.getByTestId("activity-state").textContent()).toContain("已报名");

  await steps.checkInOutAndConfirm(title, "刘芳");

  // The confirmed hours count on the volunteer card.
  await resident.goto(`${baseUrl()}/volunteer`);
  await expect.poll(() => resident.getByTestId("volunteer-hours").textContent()).toBe("2");
  expect(await resident.getByTestId("volunteer-to-next").textContent()).toContain("98");
  await resident.goto(`${baseUrl()}/activities/mine`);
  await expect.poll(() => resident.getByTestId("my-activity-item").filter({ hasText: title }).count()).toBe(1);

  // The server agrees with the screens.
  const cookie = await apiLogin("13800000004", "chuangcheng2026");
  const mine = await apiQuery<{ hours: number; star: { label: string } }>(cookie, "volunteer.mine");
  expect(mine).toMatchObject({ hours: 2, star: { label: "未评星" } });
});
