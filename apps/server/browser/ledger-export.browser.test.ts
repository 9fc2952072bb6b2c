import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { apiLogin, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { browserSession } from "./pages.js";

// 报表与导出 · 台账导出: the community admin 李秀英 opens the page from the menu, picks 本年 and exports
// 东街社区's 志愿服务活动台账; the saved workbook is opened and its rows compared with the activities
// the API lists for 东街社区 this year (published ones), date and place included.

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const ADMIN = "13800000002"; // 李秀英, 东街社区
const DEMO_PASSWORD = "chuangcheng2026";
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/ledger-export-${name}.png`, fullPage: true }) : Promise.resolve();

interface Activity {
  id: number;
  communityName: string;
  title: string;
  startsAt: string;
  place: string;
  status: "published" | "cancelled";
}

const chinaDate = (iso: string) =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date(iso));

/** 东街社区's published activities starting this (China) year, through the API. */
async function thisYearsActivities(cookie: string, year: string) {
  const all: Activity[] = [];
  for (let page = 1; ; page++) {
    const { items, hasMore } = await apiQuery<{ items: Activity[]; hasMore: boolean }>(
      cookie,
      "activity.list",
      {
        page,
        pageSize: 100,
      },
    );
    all.push(...items);
    if (!hasMore) break;
  }
  return all.filter(
    (a) =>
      a.communityName === "东街社区" && a.status === "published" && chinaDate(a.startsAt).startsWith(year),
  );
}

it("李秀英 exports 东街社区's 志愿服务活动台账 for 本年", { timeout: 180_000 }, async () => {
  const year = chinaDate(new Date().toISOString()).slice(0, 4);
  const cookie = await apiLogin(ADMIN, DEMO_PASSWORD);
  const expected = await thisYearsActivities(cookie, year);
  expect(expected.length).toBeGreaterThan(0);

  const page = await session.page({ width: 1280, height: 900 });
  page.setDefaultTimeout(45_000);
  await adminSteps(page).login(ADMIN, DEMO_PASSWORD);
  await page.getByRole("menuitem", { name: /报表与导出/ }).click();
  await page.getByRole("link", { name: "台账导出" }).click();
  await page.waitForURL(/\/admin\/reports\/ledgers$/);
  await expect.poll(() => page.getByRole("heading", { name: "台账导出" }).count()).toBe(1);
  // The unit: 李秀英's 社区, chosen for her.
  await expect
    .poll(() =>
      page.getByLabel("单位").locator("xpath=ancestor::div[contains(@class,'ant-select')][1]").textContent(),
    )
    .toContain("东街社区");
  // The period: 本年 from the quick picks.
  await page.getByLabel("期间").click();
  await page.locator(".ant-picker-presets:visible").getByText("本年", { exact: true }).click();
  await expect.poll(() => page.getByLabel("期间").inputValue()).toBe(`${year}-01-01`);
  expect(await page.locator("#ledger-period-end").inputValue()).toBe(`${year}-12-31`);
  // Each ledger's card lists its columns.
  const columns = page.getByLabel("志愿服务活动台账的列");
  for (const c of ["活动名称", "活动日期", "活动地点", "参加人数", "服务时长（小时）"]) {
    expect(await columns.getByText(c, { exact: true }).count()).toBe(1);
  }
  await shot(page, "page");

  const [saved] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "导出志愿服务活动台账" }).click(),
  ]);
  expect(saved.suggestedFilename()).toBe(`东街社区-志愿服务活动台账-${year}0101-${year}1231.xlsx`);
  const status = page.getByRole("status").filter({ hasText: "已完成" });
  await expect.poll(() => status.textContent()).toContain(`共${expected.length}条`);
  const bar = page.getByRole("progressbar", { name: "志愿服务活动台账导出进度" });
  await expect.poll(() => bar.getAttribute("aria-valuenow")).toBe("100");
  // The bar's width eases in: let it finish before the picture.
  await page.waitForTimeout(600);
  await shot(page, "done");

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile((await saved.path())!)) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push(Array.from({ length: 10 }, (_, i) => row.getCell(i + 1).text)));
  const header = rows.findIndex((r) => r[0] === "序号");
  expect(rows[header]).toEqual([
    "序号",
    "活动名称",
    "活动类型",
    "活动日期",
    "活动时间",
    "活动地点",
    "组织单位",
    "报名人数",
    "参加人数",
    "服务时长（小时）",
  ]);
  const body = rows.slice(header + 1);
  expect(body.map((r) => r[0])).toEqual(expected.map((_, i) => String(i + 1)));
  // The same activities, earliest first, each with its China date and place.
  const byTime = [...expected].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id - b.id);
  expect(body.map((r) => [r[1], r[3], r[5]])).toEqual(
    byTime.map((a) => [a.title, chinaDate(a.startsAt), a.place]),
  );
});
