import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { apiLogin, apiQuery } from "./api.js";
import { chooseOption } from "./choose-option.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// 准备情况 of the demo campaign (城关街道's 创建全国文明城市 of this year) in the console. The street
// admin 王建国 sees 东街社区 and 西关社区 side by side per 测评项目 and in all, 东街社区 ahead (the demo
// filed evidence and confirmed a 道德讲堂 there), orders them by readiness, and opens 东街社区: its
// counts, its gaps (材料 of a gap opens the item's evidence) and its checklist. The 社区 admin 李秀英
// sees her own 社区 alone, on a phone.

const LONG = 300_000;
const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESK = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const STREET = "13800000001"; // 王建国, 城关街道
const ADMIN = "13800000002"; // 李秀英, 东街社区
const DEMO_PASSWORD = "chuangcheng2026";
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string, fullPage = false) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/campaign-readiness-${name}.png`, fullPage }) : Promise.resolve();
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

interface Readiness {
  communities: Array<{
    id: number;
    name: string;
    items: number;
    complete: number;
    partial: number;
    missing: number;
    readyPercent: number;
    gaps: Array<{ itemId: number; content: string; gaps: string[] }>;
  }>;
}

const chinaYear = () =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date()).slice(0, 4);

async function demoCampaign(cookie: string) {
  const list = await apiQuery<Array<{ id: number; name: string }>>(cookie, "campaign.list");
  const campaign = list.find((c) => c.name === `${chinaYear()}年创建全国文明城市`);
  if (!campaign) throw new Error(`no demo campaign: ${list.map((c) => c.name).join(", ")}`);
  return campaign;
}

it(
  "王建国 compares 东街社区 and 西关社区 side by side and opens 东街社区's gaps and checklist",
  { timeout: LONG },
  async () => {
    const cookie = await apiLogin(STREET, DEMO_PASSWORD);
    const campaign = await demoCampaign(cookie);
    const expected = await apiQuery<Readiness>(cookie, "campaign.readiness", { campaignId: campaign.id });
    const dongjie = expected.communities.find((c) => c.name === "东街社区")!;
    const xiguan = expected.communities.find((c) => c.name === "西关社区")!;
    // The demo's evidence puts 东街社区 ahead: more items ready, or as many and fewer missing.
    expect(
      dongjie.readyPercent > xiguan.readyPercent ||
        (dongjie.readyPercent === xiguan.readyPercent && dongjie.missing < xiguan.missing),
    ).toBe(true);

    const page = await session.page(DESK);
    page.setDefaultTimeout(45_000);
    await adminSteps(page).login(STREET, DEMO_PASSWORD);
    await page.goto(`${baseUrl()}/admin/campaigns/${campaign.id}`);
    const card = page.getByTestId("readiness");
    const compare = card.getByTestId("readiness-compare");
    await poll(() => compare.count()).toBe(1);

    // Side by side, ordered by readiness: 东街社区 first, its share in the overall row above 西关社区's.
    const heads = compare.getByTestId("readiness-community");
    await poll(() => heads.allTextContents()).toEqual(["东街社区", "西关社区"]);
    const overall = compare.getByTestId("readiness-overall").getByTestId("readiness-share");
    expect(await overall.nth(0).getAttribute("data-percent")).toBe(String(dongjie.readyPercent));
    expect(await overall.nth(1).getAttribute("data-percent")).toBe(String(xiguan.readyPercent));
    expect(await overall.nth(0).textContent()).toBe(
      `${dongjie.readyPercent}%${dongjie.complete}/${dongjie.items}`,
    );
    // A row per 测评项目, a cell per 社区.
    const rows = compare.locator("tbody tr.ant-table-row");
    expect(await rows.count()).toBeGreaterThan(3);
    expect(await rows.first().getByTestId("readiness-share").count()).toBe(2);
    await shot(page, "street");

    // Lowest first, then back.
    // By keyboard (choose-option.ts): a click on antd's sliding list can land on another option.
    await chooseOption(page, card, "社区排序", "按准备率从低到高");
    if (dongjie.readyPercent !== xiguan.readyPercent)
      await poll(() => heads.allTextContents()).toEqual(["西关社区", "东街社区"]);

    // 西关社区 opens its checklist; then 东街社区 does, with its own counts and gaps.
    await heads.filter({ hasText: "西关社区" }).click();
    await page.waitForURL(new RegExp(`[?&]community=${xiguan.id}`));
    const summary = card.getByTestId("readiness-summary");
    await poll(() => summary.textContent()).toContain(`西关社区 · 共 ${xiguan.items} 项`);
    await heads.filter({ hasText: "东街社区" }).click();
    await page.waitForURL(new RegExp(`[?&]community=${dongjie.id}`));
    await poll(() => summary.textContent()).toContain(`东街社区 · 共 ${dongjie.items} 项`);
    expect(await card.getByTestId("readiness-complete").textContent()).toBe(`齐全${dongjie.complete}`);
    expect(await card.getByTestId("readiness-missing").textContent()).toBe(`缺失${dongjie.missing}`);
    expect(await card.getByRole("progressbar", { name: "东街社区 准备率" }).count()).toBe(1);
    const checklist = page.locator("#campaign-checklist");
    await poll(() => checklist.locator(".ant-card-head").textContent()).toContain("东街社区");
    await poll(() => checklist.getByTestId("checklist-group").count()).toBeGreaterThan(3);

    // The gaps, each in words; 材料 opens that item's evidence.
    const gaps = card.getByTestId("readiness-gaps");
    expect(await gaps.textContent()).toContain(`待补齐（${dongjie.gaps.length} 项） · 东街社区`);
    const gap = dongjie.gaps[0]!;
    const row = gaps.getByTestId("readiness-gap").first();
    expect(await row.textContent()).toContain(gap.content);
    expect(await row.textContent()).toContain(gap.gaps[0]!);
    await shot(page, "dongjie", true);
    await row.getByRole("button", { name: `材料 ${gap.content}` }).click();
    const drawer = page.getByRole("dialog", { name: `材料 · ${gap.content}` });
    await poll(() => drawer.count()).toBe(1);
    await shot(page, "gap-drawer");
    await drawer.getByRole("button", { name: "关闭" }).first().click();
    await poll(() => drawer.count()).toBe(0);
  },
);

it("李秀英 sees 东街社区's 准备情况 alone on a phone, per 测评项目", { timeout: LONG }, async () => {
  const cookie = await apiLogin(ADMIN, DEMO_PASSWORD);
  const campaign = await demoCampaign(cookie);
  const expected = await apiQuery<Readiness>(cookie, "campaign.readiness", { campaignId: campaign.id });
  expect(expected.communities.map((c) => c.name)).toEqual(["东街社区"]);

  const page = await session.page(PHONE);
  page.setDefaultTimeout(45_000);
  await adminSteps(page).login(ADMIN, DEMO_PASSWORD);
  await page.goto(`${baseUrl()}/admin/campaigns/${campaign.id}`);
  const card = page.getByTestId("readiness");
  await poll(() => card.getByTestId("readiness-summary").textContent()).toContain("东街社区");
  expect(await card.getByTestId("readiness-compare").count()).toBe(0);
  const projects = card.getByTestId("readiness-projects").locator("tbody tr.ant-table-row");
  await poll(() => projects.count()).toBeGreaterThan(3);
  await card.scrollIntoViewIfNeeded();
  await shot(page, "phone");
});
