import { afterAll, beforeAll, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { apiLogin, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// 数据看板 (issue 11). The street admin 王建国 opens it from the side navigation: 东街社区 and 西关社区
// side by side in the ranking, each figure as the features' own screens give it (volunteer.ratio,
// campaign.readiness, task.tree — not the dashboard's procedures), a chart switched to its table, and
// the drill-down to 东街社区 by its link (?community=). The 社区 admin 李秀英 sees her own 社区's view,
// on a desk and on a phone. ECharts is not in what the console's index.html loads.

const LONG = 300_000;
const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESK = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const STREET = "13800000001"; // 王建国, 城关街道
const ADMIN = "13800000002"; // 李秀英, 东街社区
const DEMO_PASSWORD = "chuangcheng2026";
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/dashboard-${name}.png`, fullPage: true }) : Promise.resolve();
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

interface Unit {
  id: number;
  name: string;
  kind: string;
  parentId: number | null;
}
interface Task {
  unit: { id: number; name: string };
  state: string;
  overdue: boolean;
}

const pct = (v: number | null) => (v === null ? "—" : `${v}%`);

/** What the features' own screens say of a 社区, computed here without the dashboard's procedures. */
async function expected(cookie: string) {
  const units = await apiQuery<Unit[]>(cookie, "org.tree");
  const campaigns = await apiQuery<Array<{ id: number; name: string; stage: string; periodStart: string }>>(
    cookie,
    "campaign.list",
  );
  const tasks: Task[] = [];
  const readiness = new Map<number, number | null>();
  for (const c of campaigns) {
    tasks.push(...(await apiQuery<{ tasks: Task[] }>(cookie, "task.tree", { campaignId: c.id })).tasks);
  }
  // Each 社区's current campaign, as the dashboard picks it: the latest-starting one not ended that has
  // a checklist for the 社区 (other flows of the run make campaigns of their own).
  const current = new Map<number, { start: string; id: number; readyPercent: number | null }>();
  for (const c of campaigns.filter((c) => c.stage !== "ended")) {
    const ready = await apiQuery<{ communities: Array<{ id: number; items: number; readyPercent: number }> }>(
      cookie,
      "campaign.readiness",
      { campaignId: c.id },
    );
    for (const r of ready.communities.filter((r) => r.items > 0)) {
      const had = current.get(r.id);
      if (!had || c.periodStart > had.start || (c.periodStart === had.start && c.id > had.id)) {
        current.set(r.id, { start: c.periodStart, id: c.id, readyPercent: r.readyPercent });
      }
    }
  }
  for (const [id, c] of current) readiness.set(id, c.readyPercent);
  const communityOf = (unitId: number): number | null => {
    for (let u = units.find((x) => x.id === unitId); u; u = units.find((x) => x.id === u!.parentId)) {
      if (u.kind === "community") return u.id;
    }
    return null;
  };
  const of = async (name: string) => {
    const community = units.find((u) => u.name === name && u.kind === "community")!;
    const mine = tasks.filter((t) => communityOf(t.unit.id) === community.id);
    const counted = mine.filter((t) => t.state !== "cancelled").length;
    const done = mine.filter((t) => t.state === "done").length;
    const ratio = await apiQuery<{ ratioPercent: number | null; targetPercent: number; registered: number }>(
      cookie,
      "volunteer.ratio",
      { communityId: community.id },
    );
    return {
      id: community.id,
      tasks: mine.length,
      completion: counted === 0 ? null : Math.round((done / counted) * 1000) / 10,
      overdue: mine.filter((t) => t.overdue).length,
      ratio: ratio.ratioPercent,
      target: ratio.targetPercent,
      readiness: readiness.get(community.id) ?? null,
    };
  };
  return { dongjie: await of("东街社区"), xiguan: await of("西关社区") };
}

/** The cells of the ranking's row of a 社区, by column title. */
async function rankingRow(table: Locator, name: string) {
  const heads = (await table.locator("thead th").allInnerTexts()).map((t) => t.trim());
  const row = table
    .locator("tbody tr.ant-table-row")
    .filter({ has: table.page().getByRole("link", { name, exact: true }) });
  const cells = (await row.locator("td").allInnerTexts()).map((t) => t.trim());
  return Object.fromEntries(heads.map((h, i) => [h, cells[i] ?? ""]));
}

it(
  "王建国 compares 东街社区 and 西关社区 in the ranking and drills down to 东街社区",
  { timeout: LONG },
  async () => {
    const cookie = await apiLogin(STREET, DEMO_PASSWORD);
    const want = await expected(cookie);
    // The demo gives 东街社区 its tasks (split from the street) and 西关社区 none.
    expect(want.dongjie.tasks).toBeGreaterThan(0);

    // ECharts is its own chunk, loaded by the charts: the console's first load does not name it.
    const html = await (await fetch(`${baseUrl()}/admin/`)).text();
    expect(html).toContain("<script");
    expect(html).not.toMatch(/echarts/i);

    const page = await session.page(DESK);
    page.setDefaultTimeout(45_000);
    await adminSteps(page).login(STREET, DEMO_PASSWORD);
    const echartsLoaded: string[] = [];
    page.on("response", (r) => /echarts/i.test(r.url()) && echartsLoaded.push(r.url()));
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "数据看板" }).click();
    await page.waitForURL(/\/admin\/dashboard$/);
    const ranking = page.getByTestId("dashboard-ranking");
    const table = ranking.getByRole("table");
    await poll(() => table.getByRole("link").allInnerTexts()).toEqual(
      expect.arrayContaining(["东街社区", "西关社区"]),
    );
    for (const [name, w] of [
      ["东街社区", want.dongjie],
      ["西关社区", want.xiguan],
    ] as const) {
      const row = await rankingRow(table, name);
      expect(row["任务完成率"]).toBe(pct(w.completion));
      expect(row["逾期数"]).toBe(String(w.overdue));
      expect(row["志愿者占比"]).toBe(`${pct(w.ratio)}（目标 ${w.target}%）`);
      expect(row["测评准备齐全率"]).toBe(pct(w.readiness));
    }

    // The charts draw (ECharts fetched now), and one switches to its table: the same figures in rows.
    const states = page.getByTestId("street-task-states");
    await poll(() => states.locator("[data-testid=echart] svg").count()).toBe(1);
    expect(echartsLoaded.length).toBeGreaterThan(0);
    await states.getByText("表", { exact: true }).click();
    const stateRows = states.getByRole("table").locator("tbody tr.ant-table-row");
    await poll(() => stateRows.count()).toBe(2);
    const dongjieStates = (await stateRows.filter({ hasText: "东街社区" }).locator("td").allInnerTexts())
      .slice(1)
      .map(Number);
    expect(dongjieStates.reduce((a, b) => a + b, 0)).toBe(want.dongjie.tasks);

    // 导出 gives the table as CSV with the same header.
    const download = page.waitForEvent("download");
    await ranking.getByRole("button", { name: "导出社区排名" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^城关街道_社区排名_\d{4}-\d{2}\.csv$/);
    await shot(page, "street-1440");

    // Drill-down: 东街社区's own view, its figures as in the ranking.
    await table.getByRole("link", { name: "东街社区", exact: true }).click();
    await page.waitForURL(new RegExp(`/admin/dashboard\\?community=${want.dongjie.id}$`));
    const view = page.getByTestId("community-dashboard");
    await poll(() =>
      view.getByTestId("figure-completion").locator(".ant-statistic-content").innerText(),
    ).toBe(pct(want.dongjie.completion));
    expect(await view.getByTestId("figure-overdue").locator(".ant-statistic-content").innerText()).toBe(
      `${want.dongjie.overdue}项`,
    );
    await poll(() => view.locator("[data-testid=echart] svg").count()).toBeGreaterThan(3);
    await expect.poll(() => page.getByRole("link", { name: "街道对比" }).count()).toBe(1);
    await shot(page, "community-street-admin-1440");
  },
);

it("李秀英 sees 东街社区's own dashboard, on a desk and on a phone", { timeout: LONG }, async () => {
  const want = await expected(await apiLogin(STREET, DEMO_PASSWORD));
  for (const [viewport, name] of [
    [DESK, "1440"],
    [PHONE, "390"],
  ] as const) {
    const page = await session.page(viewport);
    page.setDefaultTimeout(45_000);
    await adminSteps(page).login(ADMIN, DEMO_PASSWORD);
    await page.goto(`${baseUrl()}/admin/dashboard`);
    const view = page.getByTestId("community-dashboard");
    await poll(() =>
      view.getByTestId("figure-completion").locator(".ant-statistic-content").innerText(),
    ).toBe(pct(want.dongjie.completion));
    expect(
      await view.getByTestId("figure-volunteer-ratio").locator(".ant-statistic-content").innerText(),
    ).toBe(pct(want.dongjie.ratio));
    // No street comparison for a 社区's admin.
    expect(await page.getByTestId("dashboard-ranking").count()).toBe(0);
    expect(await page.getByRole("link", { name: "街道对比" }).count()).toBe(0);
    // 测评准备情况 as a table: its 测评项目 rows add up to the 社区's items.
    const readiness = view.getByTestId("dashboard-readiness");
    await readiness.getByText("表", { exact: true }).click();
    await poll(() => readiness.getByRole("table").locator("tbody tr.ant-table-row").count()).toBeGreaterThan(
      0,
    );
    await poll(() => view.locator("[data-testid=echart] svg").count()).toBeGreaterThan(3);
    await shot(page, `community-${name}`);
  }
});
