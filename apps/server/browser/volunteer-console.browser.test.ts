import { afterAll, beforeAll, expect, it } from "vitest";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// The console's volunteer pages as a new admin uses them: the roster's search in the address, and
// the 操作日志 saying whose record each entry is about. 西关社区's demo data, which no other flow changes.

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESKTOP = { width: 1400, height: 900 };
/** A reload or a new page loads the app and its queries again: more than poll's default second on a busy machine. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });
const XIGUAN_ADMIN = "13800000005";

it("the roster keeps its search and filters in the address through reload, back and forward", async () => {
  const page = await session.page(DESKTOP);
  await adminSteps(page).login(XIGUAN_ADMIN, "chuangcheng2026");
  await page.goto(`${baseUrl()}/admin/volunteers`);
  const names = () => page.locator(".ant-table-tbody tr.ant-table-row td:first-child").allTextContents();
  const search = page.getByLabel("搜索姓名、手机号或手机尾号");
  const statusFilter = page.locator(".ant-select", {
    has: page.getByRole("combobox", { name: "按状态筛选" }),
  });

  // 手机尾号: the last four digits, as people say them.
  await search.fill("1014");
  await search.press("Enter");
  await page.waitForURL(/[?&]q=1014/);
  await poll(names).toEqual(["高永福"]);

  await page.getByRole("combobox", { name: "按状态筛选" }).click();
  await page.locator(".ant-select-dropdown:visible").getByText("待审核", { exact: true }).click();
  await page.waitForURL(/status=pending/);

  await page.reload();
  await poll(names).toEqual(["高永福"]);
  expect(await search.inputValue()).toBe("1014");
  expect(await statusFilter.textContent()).toBe("待审核");

  await page.goBack();
  await page.waitForURL((url) => url.search === "?q=1014");
  await poll(() => statusFilter.textContent()).toBe("状态");
  await page.goBack();
  await page.waitForURL((url) => url.search === "");
  await poll(async () => (await names()).length).toBeGreaterThan(1);
  expect(await search.inputValue()).toBe("");
  await page.goForward();
  await poll(names).toEqual(["高永福"]);

  // An address that is not valid shows the plain roster, not an error.
  await page.goto(`${baseUrl()}/admin/volunteers?page=abc&status=gone&sort=age&community=999999`);
  await poll(async () => (await names()).length).toBeGreaterThan(1);
  await page.waitForURL((url) => !url.search.includes("community"));
});

it("the 操作日志 names whose 身份证号 was shown and whom an approval was for, with the change in Chinese", async () => {
  const page = await session.page(DESKTOP);
  await adminSteps(page).login(XIGUAN_ADMIN, "chuangcheng2026");

  await page.goto(`${baseUrl()}/admin/volunteers?q=1014`);
  await page.getByRole("button", { name: "高永福" }).click();
  await page.getByRole("button", { name: "查看完整身份证号" }).click();
  await page.locator(".ant-modal-confirm").getByRole("button", { name: "查看", exact: true }).click();
  await poll(() => page.getByText("已记入操作日志").count()).toBe(1);

  await page.goto(`${baseUrl()}/admin/volunteers/review`);
  await page.getByRole("button", { name: "通过 林小雨" }).click();
  await poll(() => page.getByRole("button", { name: "通过 林小雨" }).count()).toBe(0);

  await page.goto(`${baseUrl()}/admin/audit`);
  const row = (action: string) => page.locator("tr.ant-table-row", { hasText: action }).first();
  await poll(() => row("查看完整身份证号").textContent()).toContain("志愿者 高永福");
  await poll(() => row("通过志愿者注册").textContent()).toContain("志愿者 林小雨");
  expect(await row("通过志愿者注册").textContent()).toContain("状态：待审核 → 已注册");

  // Expanded: 字段 / 修改前 / 修改后, never the raw JSON.
  await row("通过志愿者注册").locator(".ant-table-row-expand-icon").click();
  const changes = page.locator(".audit-change-table");
  await poll(() => changes.locator("tbody tr").first().textContent()).toBe("状态待审核已注册");
  expect(await changes.locator("thead").textContent()).toBe("字段修改前修改后");
  expect(await page.locator(".ant-table-expanded-row").first().textContent()).not.toContain('"status"');

  // Only this kind of subject, when asked.
  await page.getByRole("combobox", { name: "按对象类型筛选" }).click();
  await page.locator(".ant-select-dropdown:visible").getByText("志愿者", { exact: true }).click();
  // The log's own rows, not those of an expanded change table.
  const subjects = page.locator("tr.ant-table-row:not(.audit-change-table tr) td:nth-child(5)");
  await poll(async () => (await subjects.allTextContents()).every((t) => t.startsWith("志愿者 "))).toBe(true);
  expect(await subjects.count()).toBeGreaterThanOrEqual(2);
});
