import { afterAll, beforeAll, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { phoneJpeg } from "@chuangcheng/domain/testing";
import { apiLogin, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// 常态工作日历 in the console. 李秀英 (东街社区's admin) opens it from the menu; where the 社区 has no
// rules yet she takes the defaults. 道德讲堂 this month reads as the server counts it (待完成 while
// fewer than two lectures were held) with its progress; she adds a manual duty of her own, ticks it
// with a photo (已完成, the photo and the tick on the month's calendar), withdraws the tick and ticks
// again, looks at the quarter, and deletes the duty: archived, because it was ticked. 王建国 (城关街道)
// follows a reminder's link to 东街社区's month and picks the 社区 from a select; 张伟 (grid worker) reads
// it on a phone, with 打卡 only on his own duties. Every page and dialog is checked by axe on the way.
// Only the duty made here is changed; the demo's rules stay as they are.

const LONG = 300_000;
const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESK = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const ADMIN = "13800000002"; // 李秀英, 东街社区
const STREET_ADMIN = "13800000001"; // 王建国, 城关街道
const WORKER = "13800000003"; // 张伟, 东街社区第一网格
const DEMO_PASSWORD = "chuangcheng2026";
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string, fullPage = false) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/duty-calendar-${name}.png`, fullPage }) : Promise.resolve();
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

const STATE_LABELS: Record<string, string> = {
  done: "已完成",
  due: "待完成",
  overdue: "已逾期",
  upcoming: "未开始",
  not_set: "未设立",
};

interface Calendar {
  rules: Array<{
    id: number;
    title: string;
    mayTick: boolean;
    cells: Array<{
      period: string;
      label: string;
      state: string;
      done: number;
      times: number;
      progress: string;
    }>;
  }>;
}

const chinaDate = (ms: number) =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date(ms));
const dayText = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

async function dongjieId(): Promise<number> {
  const tree = await apiQuery<Array<{ id: number; kind: string; name: string }>>("", "org.publicTree");
  return tree.find((u) => u.kind === "community" && u.name === "东街社区")!.id;
}

/** Checks the page as it is now (the watcher checks on its own too), and keeps a picture of it. */
async function checked(page: Page, name: string, fullPage = false) {
  await page.evaluate("window.__ccAxeCheck()");
  await shot(page, name, fullPage);
}

/** The table's row of a rule, by its title. */
const rowOf = (page: Page, title: string): Locator =>
  page
    .getByTestId("duty-table")
    .locator("tr")
    .filter({ has: page.locator(".duty-rule-title").getByText(title, { exact: true }) });

it("李秀英 keeps 东街社区's calendar of recurring duties", { timeout: LONG }, async () => {
  const communityId = await dongjieId();
  const cookie = await apiLogin(ADMIN, DEMO_PASSWORD);
  const today = chinaDate(Date.now());
  const month = today.slice(0, 7);
  const monthLabel = `${month.slice(0, 4)}年${Number(month.slice(5))}月`;

  const page = await session.page(DESK);
  page.setDefaultTimeout(30_000);
  await adminSteps(page).login(ADMIN, DEMO_PASSWORD);
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "常态工作日历" }).click();
  await page.waitForURL(/\/admin\/calendar/);
  await poll(() => page.title()).toContain("常态工作日历");
  await poll(() => page.getByTestId("duty-view-title").textContent()).toBe(monthLabel);

  // The demo's rules, or the defaults where 东街社区 has none yet.
  const defaults = page.getByRole("button", { name: "使用默认常态工作（7项）" });
  await poll(async () => (await defaults.count()) + (await rowOf(page, "道德讲堂").count())).toBeGreaterThan(
    0,
  );
  if ((await defaults.count()) > 0) {
    await checked(page, "defaults");
    await defaults.click();
    await poll(() => page.getByText("已添加 7 项默认常态工作").count()).toBe(1);
  }

  // 道德讲堂 this month: as the server counts it, 待完成 while fewer than two were held.
  const lecture = rowOf(page, "道德讲堂");
  await poll(() => lecture.count()).toBe(1);
  const served = await apiQuery<Calendar>(cookie, "campaign.calendar", { communityId, view: month });
  const lectureCell = served.rules.find((r) => r.title === "道德讲堂")!.cells[0]!;
  expect(lectureCell.period).toBe(month);
  expect(lectureCell.state).toBe(lectureCell.done >= 2 ? "done" : "due");
  if (lectureCell.state === "due") expect(lectureCell.progress).toBe(`已办 ${lectureCell.done} 次，需 2 次`);
  const lectureText = await lecture.textContent();
  expect(lectureText).toContain(STATE_LABELS[lectureCell.state]);
  expect(lectureText).toContain(lectureCell.progress);
  expect(lectureText).toContain("每月 2 次");
  expect(lectureText).toContain("举办活动：道德讲堂");
  // The quarterly 宣传栏更新 shows its quarter in the month view.
  const billboard = rowOf(page, "宣传栏更新");
  if ((await billboard.count()) > 0) expect(await billboard.textContent()).toMatch(/第[1-4]季度/);
  await poll(() => page.getByTestId("duty-month").count()).toBe(1);
  await checked(page, "month");

  // A manual duty of her own.
  const title = `楼道巡查${Date.now() % 100000}`;
  await page.getByRole("button", { name: "新增常态工作" }).click();
  const add = page.getByRole("dialog", { name: /新增常态工作/ });
  await add.getByLabel("工作名称").fill(title);
  await add.getByLabel("每期次数").fill("1");
  expect(await add.textContent()).toContain("人工打卡（附照片）");
  await checked(page, "add-modal");
  await add.getByRole("button", { name: "保存" }).click();
  await poll(() => add.count()).toBe(0);
  const mine = rowOf(page, title);
  await poll(() => mine.count()).toBe(1);
  expect(await mine.textContent()).toContain("待完成");
  expect(await mine.textContent()).toContain("已办 0 次，需 1 次");
  expect(await mine.textContent()).toContain("人工打卡（附照片）");

  // 打卡 with a photo: 已完成, the photo in the cell and the tick on today in the month's calendar.
  const tick = async () => {
    await mine.getByRole("button", { name: `打卡 ${title} ${monthLabel}` }).click();
    const dialog = page.getByRole("dialog", { name: `打卡：${title}（${monthLabel}）` });
    await poll(() => dialog.getByLabel("完成日期").inputValue()).toBe(today);
    await dialog.getByLabel("情况说明").fill("逐栋检查楼道杂物与消防通道");
    await dialog.locator('.photo-upload input[type="file"]').setInputFiles({
      name: "corridor.jpg",
      mimeType: "image/jpeg",
      buffer: await phoneJpeg({ width: 1200, height: 900 }),
    });
    await poll(() => dialog.getByText("最多 9 张，已添加 1 张").count()).toBe(1);
    await poll(() => dialog.locator(".ant-upload-list-item-done").count()).toBe(1);
    return dialog;
  };
  let dialog = await tick();
  await checked(page, "tick-modal");
  await dialog.getByRole("button", { name: "打卡", exact: true }).click();
  await poll(() => dialog.count()).toBe(0);
  await poll(() => mine.textContent()).toContain("已完成");
  expect(await mine.textContent()).not.toContain("待完成");
  expect(await mine.textContent()).toContain("逐栋检查楼道杂物与消防通道");
  await poll(() => mine.getByRole("img", { name: `${title} ${dayText(today)} 照片 1` }).count()).toBe(1);
  const day = page.getByTestId("duty-month").locator(`td[data-date="${today}"]`);
  await poll(() => day.textContent()).toContain(`${title} 打卡`);
  await mine.scrollIntoViewIfNeeded();
  await checked(page, "ticked");

  // 撤销 takes the tick back; a second tick makes it 已完成 again.
  await mine.getByRole("button", { name: `撤销 ${title} ${dayText(today)} 的打卡` }).click();
  await page.getByRole("tooltip").getByRole("button", { name: "撤销" }).click();
  await poll(() => mine.textContent()).toContain("待完成");
  expect(await day.textContent()).not.toContain(`${title} 打卡`);
  dialog = await tick();
  await dialog.getByRole("button", { name: "打卡", exact: true }).click();
  await poll(() => mine.textContent()).toContain("已完成");

  // The quarter: a cell a month for a monthly duty, this month's done.
  await page.locator(".ant-segmented").getByText("季度", { exact: true }).click();
  const quarter = `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5)) - 1) / 3) + 1}`;
  await page.waitForURL((url) => url.searchParams.get("period") === quarter);
  expect(new URL(page.url()).searchParams.get("community")).toBe(String(communityId));
  await poll(() => mine.locator(".duty-cell").count()).toBe(3);
  expect(
    await page.getByTestId(`duty-cell-${await ruleId(cookie, communityId, title)}-${month}`).textContent(),
  ).toContain("已完成");
  expect(await page.getByTestId("duty-month").count()).toBe(0);
  await checked(page, "quarter", true);
  await page.locator(".ant-segmented").getByText("月", { exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get("period") === month);
  // 上一月 and back with 本月.
  await page.getByRole("button", { name: "上一月" }).click();
  await page.waitForURL((url) => url.searchParams.get("period") !== month);
  await page.getByRole("button", { name: "本月" }).click();
  await page.waitForURL((url) => url.searchParams.get("period") === month);

  // 删除: archived, because it was ticked.
  await mine.getByRole("button", { name: `删除 ${title}` }).click();
  await page.getByRole("tooltip").getByRole("button", { name: "删除" }).click();
  await poll(() => page.getByText("已归档：该工作有打卡记录，记录保留备查").count()).toBe(1);
  await poll(() => mine.count()).toBe(0);
  const after = await apiQuery<Calendar>(cookie, "campaign.calendar", { communityId, view: month });
  expect(after.rules.some((r) => r.title === title)).toBe(false);
});

async function ruleId(cookie: string, communityId: number, title: string): Promise<number> {
  const month = chinaDate(Date.now()).slice(0, 7);
  const cal = await apiQuery<Calendar>(cookie, "campaign.calendar", { communityId, view: month });
  return cal.rules.find((r) => r.title === title)!.id;
}

it("王建国 follows a reminder's link to 东街社区's month and picks a 社区", { timeout: LONG }, async () => {
  const communityId = await dongjieId();
  const month = chinaDate(Date.now()).slice(0, 7);
  const before = `${Number(month.slice(0, 4)) - (month.endsWith("-01") ? 1 : 0)}-${
    month.endsWith("-01") ? "12" : String(Number(month.slice(5)) - 1).padStart(2, "0")
  }`;
  const cookie = await apiLogin(STREET_ADMIN, DEMO_PASSWORD);
  const page = await session.page(DESK);
  page.setDefaultTimeout(30_000);
  await adminSteps(page).login(STREET_ADMIN, DEMO_PASSWORD);
  // As a 逾期 reminder links it: last month of 东街社区.
  await page.goto(`${baseUrl()}/admin/calendar?community=${communityId}&period=${before}`);
  const picker = page.getByRole("combobox", { name: "社区" });
  await poll(() => page.locator(".duty-toolbar").textContent()).toContain("东街社区");
  await poll(() => page.getByTestId("duty-view-title").textContent()).toBe(
    `${before.slice(0, 4)}年${Number(before.slice(5))}月`,
  );
  // Every cell reads as the server has it, by its state's label and its progress (or, without rules,
  // the empty state says so).
  const served = await apiQuery<Calendar>(cookie, "campaign.calendar", { communityId, view: before });
  const table = page.getByTestId("duty-table");
  const shown = served.rules.reduce((n, r) => n + r.cells.length, 0);
  if (shown === 0) await poll(() => table.locator(".ant-empty").count()).toBe(1);
  else await poll(() => table.locator(".duty-cell").count()).toBe(shown);
  for (const rule of served.rules) {
    for (const cell of rule.cells) {
      const onPage = page.getByTestId(`duty-cell-${rule.id}-${cell.period}`);
      expect(await onPage.locator(".duty-cell-head .ant-tag").first().textContent(), rule.title).toBe(
        STATE_LABELS[cell.state],
      );
      expect(await onPage.textContent(), rule.title).toContain(cell.progress);
    }
  }
  // Last month is over, and every rule of this run was set up today (the demo seed installs
  // 东街社区's rules when the server starts; the first flow adds its own): nobody owed last month,
  // so a duty of it is 已完成 where done and 未设立 where not, never 已逾期, 待完成 or 未开始.
  const lastMonth = served.rules.flatMap((r) =>
    r.cells.filter((c) => c.period === before).map((c) => ({ title: r.title, ...c })),
  );
  for (const c of lastMonth) expect(c.state, c.title).toBe(c.done >= c.times ? "done" : "not_set");
  const monthly = table.locator(`[data-testid$="-${before}"]`);
  expect(await monthly.count()).toBe(lastMonth.length);
  for (const text of await monthly.allTextContents()) {
    expect(text).toMatch(/已完成|未设立/);
    expect(text).not.toMatch(/已逾期|待完成|未开始/);
  }
  await checked(page, "street");
  // Another 社区 of the street, from the select.
  await picker.click();
  const other = page.locator(".ant-select-item-option").filter({ hasNotText: "东街社区" }).first();
  const otherName = (await other.textContent()) ?? "";
  await other.click();
  await page.waitForURL((url) => url.searchParams.get("community") !== String(communityId));
  expect(new URL(page.url()).searchParams.get("period")).toBe(before);
  await poll(() => page.locator(".duty-toolbar").textContent()).toContain(otherName);
  expect(await page.locator(".duty-toolbar").textContent()).not.toContain("东街社区");
});

it(
  "张伟, a grid worker, reads his 社区's calendar on a phone and may tick only his own duties",
  { timeout: LONG },
  async () => {
    const communityId = await dongjieId();
    const month = chinaDate(Date.now()).slice(0, 7);
    const cookie = await apiLogin(WORKER, DEMO_PASSWORD);
    const served = await apiQuery<Calendar & { mayEdit: boolean }>(cookie, "campaign.calendar", {
      communityId,
      view: month,
    });
    expect(served.mayEdit).toBe(false);
    const page = await session.page(PHONE);
    page.setDefaultTimeout(30_000);
    await adminSteps(page).login(WORKER, DEMO_PASSWORD);
    await page.goto(`${baseUrl()}/admin/calendar`);
    // His own 社区, no select to pick one; nothing to edit.
    await poll(() => page.locator(".duty-toolbar").textContent()).toContain("东街社区");
    expect(await page.getByRole("combobox", { name: "社区" }).count()).toBe(0);
    await poll(() => page.getByTestId("duty-table").locator(".duty-cell").count()).toBe(
      served.rules.reduce((n, r) => n + r.cells.length, 0),
    );
    expect(await page.getByRole("button", { name: "新增常态工作" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^编辑 / }).count()).toBe(0);
    // 打卡 only where the server says he may (a manual duty he answers for), for a period under way.
    const tickable = served.rules.filter(
      (r) => r.mayTick && r.cells.some((c) => c.state === "due" || c.state === "overdue"),
    );
    expect(await page.getByRole("button", { name: /^打卡 / }).count()).toBe(tickable.length);
    await checked(page, "worker-phone");
  },
);
