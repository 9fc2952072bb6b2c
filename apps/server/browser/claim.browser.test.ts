import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { baseUrl, browserSession } from "./pages.js";

// A volunteer the 社区 registered from a paper form (the demo's 冯德胜: 已注册, 1.5 confirmed hours, no
// account) opens an account on the portal with the mobile of the form. The 志愿者 page offers the record
// instead of the registration form; a wrong last four of the 身份证号 is refused, the right one claims it.

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

/** expect.poll with room for a loaded machine: pages may take a few seconds to answer. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole("listbox", { name: label }).getByRole("option", { name: option, exact: true }).click();
}

it("an imported volunteer registers with the paper form's mobile and claims the record by the last 4 of the 身份证号", async () => {
  // What the 社区 holds: the record, its mobile and (for the test to play the person) the 身份证号.
  const admin = await apiLogin("13800000002", "chuangcheng2026");
  const roster = await apiQuery<{
    items: Array<{ id: number; mobile: string; hours: number; status: string }>;
  }>(admin, "volunteer.roster", { name: "冯德胜" });
  const paper = roster.items[0]!;
  expect(paper).toMatchObject({ status: "registered", hours: 1.5 });
  const { idNumber } = await apiMutate<{ idNumber: string }>(admin, "volunteer.revealIdNumber", {
    id: paper.id,
  });
  const last4 = idNumber.slice(-4);
  const wrong = last4 === "0000" ? "1111" : "0000";

  // The person opens an account on the portal with the same mobile.
  const page = await session.page();
  await page.goto(`${baseUrl()}/register`);
  await page.locator("#register_name").fill("冯德胜");
  await page.locator("#register_mobile").fill(paper.mobile);
  await page.locator("#register_password").fill("feng-pass-2026");
  await page.locator("#register_confirmPassword").fill("feng-pass-2026");
  await choose(page, "所在社区", "东街社区");
  await choose(page, "所在楼院", "建安小区");
  await page.getByRole("button", { name: "注册", exact: true }).click();
  await page.waitForURL(/\/me$/);

  // 我的志愿者 offers the record, masked, before any registration form.
  await page.goto(`${baseUrl()}/volunteer`);
  const offer = page.getByTestId("volunteer-claim");
  await offer.waitFor();
  expect(await offer.textContent()).toContain("我们找到了您在社区登记的志愿者信息");
  const record = await page.getByTestId("claim-record").textContent();
  expect(record).toContain("冯*胜");
  expect(record).toContain(`${idNumber.slice(0, 4)}**************`);
  expect(record).toContain("东街社区");
  expect(record).not.toContain(last4);
  expect(await page.getByTestId("volunteer-invite").count()).toBe(0);

  // A wrong last four is refused beside the field, saying how many tries are left.
  const field = page.locator(".adm-form-item:has(#claim_idLast4)");
  await page.locator("#claim_idLast4").fill(wrong);
  await page.getByRole("button", { name: "确认是本人" }).click();
  await eventually(() => field.locator(".adm-form-item-feedback-error").textContent()).toBe(
    "身份证号后4位不正确，今天还可尝试4次",
  );
  await eventually(() => page.getByTestId("claim-tries").textContent()).toContain("今天还可输错 4 次");

  // The right one (an X may be typed in lower case) links the record: 已注册, with its hours.
  await page.locator("#claim_idLast4").fill(last4.toLowerCase());
  await page.getByRole("button", { name: "确认是本人" }).click();
  await page.getByTestId("volunteer-card").waitFor();
  await eventually(() => page.getByTestId("volunteer-status").textContent()).toBe("已注册");
  expect(await page.getByTestId("volunteer-name").textContent()).toBe("冯德胜");
  expect(await page.getByTestId("volunteer-hours").textContent()).toBe("1.5");
  expect(await page.getByTestId("volunteer-id-masked").textContent()).toBe(
    `${idNumber.slice(0, 6)}********${last4}`,
  );
  await eventually(() => page.getByTestId("volunteer-history-item").count()).toBe(1);

  // The server agrees: the account now holds the imported record itself, not a copy.
  const cookie = await apiLogin(paper.mobile, "feng-pass-2026");
  const mine = await apiQuery<{ id: number; status: string; hours: number }>(cookie, "volunteer.mine");
  expect(mine).toMatchObject({ id: paper.id, status: "registered", hours: 1.5 });
  expect(await apiQuery(cookie, "volunteer.claimable")).toBeNull();
});
