import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { checkCharacter } from "@chuangcheng/domain/rules";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESKTOP = { width: 1366, height: 860 };

/**
 * The demo's 刘芳 first; on a retry a new resident of her 楼院, with a 身份证号 of their own: the
 * failed attempt may have left 刘芳 registered, approved or signed up.
 */
let attempts = 0;
async function residentFor(attempt: number) {
  const sequence = String(2 + 2 * attempt).padStart(3, "0"); // even: a woman
  const first17 = `11010519491231${sequence}`.slice(0, 17);
  const check = checkCharacter(first17);
  const person = {
    mobile: "13800000004",
    password: "chuangcheng2026",
    name: "刘芳",
    idNumber: first17 + check.toLowerCase(), // typed with a small x: the form reads it as X
    wrongIdNumber: first17 + (check === "1" ? "2" : "1"),
    masked: `110105********${(first17 + check).slice(-4)}`,
    activity: attempt === 0 ? "清理楼道小广告" : `清理楼道小广告（第${attempt + 1}次）`,
  };
  if (attempt === 0) return person;
  const retry = { ...person, mobile: String(13912340500 + attempt), name: `刘芳${"甲乙丙"[attempt - 1]}` };
  const tree = await apiQuery<Array<{ id: number; kind: string; name: string }>>("", "org.publicTree");
  await apiMutate("", "auth.registerResident", {
    mobile: retry.mobile,
    password: retry.password,
    name: retry.name,
    communityId: tree.find((u) => u.kind === "community" && u.name === "东街社区")!.id,
    courtyardId: tree.find((u) => u.kind === "courtyard" && u.name === "邮政局家属院")!.id,
  });
  return retry;
}

async function residentLogin(page: Page, person: { mobile: string; password: string }) {
  await page.goto(`${baseUrl()}/login?next=%2Fvolunteer`);
  await page.locator("#login_mobile").fill(person.mobile);
  await page.locator("#login_password").fill(person.password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL(/\/volunteer$/);
}

it("a resident registers as a volunteer, is approved, signs up, is checked in and out, and sees the hours", async () => {
  const person = await residentFor(attempts++);
  const resident = await session.page();
  await residentLogin(resident, person);
  await resident.getByTestId("volunteer-invite").waitFor();

  // Registration: a wrong check character is refused beside the field, then corrected.
  await resident.goto(`${baseUrl()}/volunteer/register`);
  const idField = resident.getByTestId("volunteer-id-number");
  const idInput = resident.getByLabel("身份证号", { exact: true });
  await idInput.pressSequentially(person.wrongIdNumber);
  await resident.getByLabel("手机号", { exact: true }).click(); // the field is checked on blur
  await expect
    .poll(() => idField.locator(".adm-form-item-feedback-error").textContent())
    .toBe("身份证号校验位不正确，请核对");

  await idInput.fill("");
  await idInput.pressSequentially(person.idNumber);
  await expect.poll(() => resident.getByTestId("volunteer-gender").textContent()).toBe("女");
  expect(await resident.getByTestId("volunteer-birth-date").textContent()).toContain("1949");
  expect(await idField.locator(".adm-form-item-feedback-error").count()).toBe(0);
  await resident.getByLabel("手机号", { exact: true }).fill(person.mobile);
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
  await steps.approve(person.name);

  await resident.reload();
  await expect.poll(() => resident.getByTestId("volunteer-status").textContent()).toBe("已注册");
  await resident.getByTestId("volunteer-card").waitFor();
  expect(await resident.getByTestId("volunteer-id-masked").textContent()).toContain(person.masked);
  expect(await resident.getByTestId("volunteer-hours").textContent()).toBe("0");

  const title = person.activity;
  await steps.createActivity(title, 20);

  // The resident signs up in the portal.
  await resident.goto(`${baseUrl()}/activities`);
  await resident.getByTestId("activity-item").filter({ hasText: title }).click();
  await resident.getByTestId("activity-signup").click();
  await expect.poll(() => resident.getByTestId("activity-state").textContent()).toContain("已报名");

  await steps.checkInOutAndConfirm(title, person.name);

  // The confirmed hours count on the volunteer card.
  await resident.goto(`${baseUrl()}/volunteer`);
  await expect.poll(() => resident.getByTestId("volunteer-hours").textContent()).toBe("2");
  expect(await resident.getByTestId("volunteer-to-next").textContent()).toContain("98");
  await resident.goto(`${baseUrl()}/activities/mine`);
  await expect
    .poll(() => resident.getByTestId("my-activity-item").filter({ hasText: title }).count())
    .toBe(1);

  // The server agrees with the screens.
  const cookie = await apiLogin(person.mobile, person.password);
  const mine = await apiQuery<{ hours: number; star: { label: string } }>(cookie, "volunteer.mine");
  expect(mine).toMatchObject({ hours: 2, star: { label: "未评星" } });
});
