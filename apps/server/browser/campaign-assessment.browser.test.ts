import { afterAll, beforeAll, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { apiLogin, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// 模拟测评 in the console, on the demo campaign (城关街道's 创建全国文明城市 of this year). The community
// admin 李秀英 opens 东街社区's copy, grades a first round (four items A, one C#) and sees the estimated
// score run at the top as she goes, each item's 准备情况 beside it; saves it and finds it listed with its
// score; grades a second round (the C# item now A, one more B); compares the two: per 测评项目 and per
// item side by side, the changed items highlighted; then deletes the first round.

const LONG = 600_000;
const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESK = { width: 1280, height: 900 };
const ADMIN = "13800000002"; // 李秀英, 东街社区
const DEMO_PASSWORD = "chuangcheng2026";
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string, fullPage = false) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/campaign-assessment-${name}.png`, fullPage }) : Promise.resolve();
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

interface Item {
  id: number;
  project: string;
  content: string;
  points: number;
}

const chinaDate = (ms: number) =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date(ms));
const score = (n: number) => String(Math.round(n * 100) / 100);

/** The demo campaign and 东街社区's copy of its checklist. */
async function demoCopy() {
  const cookie = await apiLogin(ADMIN, DEMO_PASSWORD);
  const year = chinaDate(Date.now()).slice(0, 4);
  const list = await apiQuery<Array<{ id: number; name: string }>>(cookie, "campaign.list");
  const campaign = list.find((c) => c.name === `${year}年创建全国文明城市`);
  if (!campaign) throw new Error(`no demo campaign of ${year}: ${list.map((c) => c.name).join(", ")}`);
  const detail = await apiQuery<{ communities: Array<{ id: number; name: string }> }>(
    cookie,
    "campaign.detail",
    { id: campaign.id },
  );
  const community = detail.communities.find((c) => c.name === "东街社区")!;
  const items = await apiQuery<Item[]>(cookie, "campaign.checklist", {
    campaignId: campaign.id,
    communityId: community.id,
  });
  return { campaign, items };
}

async function grade(drawer: Locator, content: string, label: string) {
  await drawer
    .getByRole("radiogroup", { name: `等级 ${content}`, exact: true })
    .getByText(label)
    .click();
}

/** Grades a new round and saves it; the running score is checked before saving. */
async function gradeRound(
  page: Page,
  title: string,
  marks: Array<[Item, "A（100%）" | "B（66%）" | "C#（0%）"]>,
  expected: number,
  shotName?: string,
) {
  const card = page.getByTestId("assessments");
  await card.getByRole("button", { name: "新建模拟测评" }).click();
  const drawer = page.getByRole("dialog", { name: "新建模拟测评" });
  await poll(() => drawer.getByTestId("assessment-project").count()).toBeGreaterThan(3);
  const summary = drawer.getByTestId("assessment-summary");
  expect(await summary.textContent()).toContain("估算得分0/");
  await drawer.getByLabel("测评名称").fill(title);
  for (const [item, label] of marks) await grade(drawer, item.content, label);
  await drawer.getByLabel(`说明 ${marks[0]![0].content}`).fill("方案、记录、照片齐全");
  await poll(() => summary.textContent()).toContain(`估算得分${score(expected)}/`);
  expect(await summary.textContent()).toContain(`已评项数${marks.length}/`);
  // Each item shows its 准备情况 to guide the grade.
  const row = drawer
    .locator("tr")
    .filter({ has: page.getByRole("radiogroup", { name: `等级 ${marks[0]![0].content}` }) });
  if (shotName) await shot(page, shotName);
  expect(await row.textContent()).toMatch(/齐全|部分|缺失/);
  await drawer.getByRole("button", { name: "保存" }).click();
  await poll(() => drawer.count()).toBe(0);
  const listed = card.getByRole("row").filter({ hasText: title });
  await poll(() => listed.count()).toBe(1);
  expect(await listed.getByTestId("assessment-score").textContent()).toMatch(
    new RegExp(`^${score(expected)} / `),
  );
  expect(await listed.textContent()).toContain("李秀英");
}

it(
  "李秀英 grades two rounds of 模拟测评 for 东街社区, compares them, and deletes the first",
  { timeout: LONG },
  async () => {
    const { campaign, items } = await demoCopy();
    const [a1, a2, a3, a4, c5, b6] = items.filter(
      (i, n) => items.findIndex((j) => j.content === i.content) === n,
    ) as [Item, Item, Item, Item, Item, Item];
    const first = a1.points + a2.points + a3.points + a4.points;
    const second = first + c5.points + b6.points * 0.66;
    const stamp = String(Date.now()).slice(-6);
    const round1 = `第一轮自查 ${stamp}`;
    const round2 = `第二轮自查 ${stamp}`;

    const page = await session.page(DESK);
    page.setDefaultTimeout(90_000);
    await adminSteps(page).login(ADMIN, DEMO_PASSWORD);
    await page.goto(`${baseUrl()}/admin/campaigns/${campaign.id}`);
    const card = page.getByTestId("assessments");
    await poll(() => card.textContent()).toContain("模拟测评 · 东街社区");
    // The checklist above is long: let it render before scrolling down to the card (slow on a loaded machine).
    await poll(() => page.getByTestId("checklist-group").count()).toBeGreaterThan(3);
    await card.scrollIntoViewIfNeeded();

    await gradeRound(
      page,
      round1,
      [
        [a1, "A（100%）"],
        [a2, "A（100%）"],
        [a3, "A（100%）"],
        [a4, "A（100%）"],
        [c5, "C#（0%）"],
      ],
      first,
      "grading",
    );
    await gradeRound(
      page,
      round2,
      [
        [a1, "A（100%）"],
        [a2, "A（100%）"],
        [a3, "A（100%）"],
        [a4, "A（100%）"],
        [c5, "A（100%）"],
        [b6, "B（66%）"],
      ],
      second,
    );
    await shot(page, "list", true);

    // A saved round opens read only, with its grades and note.
    await card.getByRole("button", { name: round1, exact: true }).click();
    const view = page.getByRole("dialog", { name: round1 });
    const viewRow = view.locator("tr").filter({ hasText: c5.content });
    await poll(() => viewRow.first().textContent()).toContain("C#（0%）");
    expect(await view.textContent()).toContain("方案、记录、照片齐全");
    expect(await view.getByRole("button", { name: "保存" }).count()).toBe(0);
    await view.getByRole("button", { name: "关闭" }).click();
    await poll(() => view.count()).toBe(0);

    // 对比: the newest against the one before it, by default.
    await card.getByRole("button", { name: "对比" }).click();
    const compare = page.getByRole("dialog", { name: "模拟测评对比" });
    const result = compare.getByTestId("assessment-compare");
    await poll(() => result.count()).toBe(1);
    expect(await result.textContent()).toContain(`轮次一：${round1}`);
    expect(await result.textContent()).toContain(`轮次二：${round2}`);
    expect(await compare.getByTestId("assessment-diff-total").textContent()).toBe(
      `+${score(second - first)}`,
    );
    const itemRows = compare.getByTestId("assessment-compare-items").locator("tbody tr.ant-table-row");
    const changed = itemRows.filter({ hasText: c5.content });
    expect(await changed.getAttribute("class")).toContain("assessment-diff");
    expect(await changed.textContent()).toContain("C#（0%）");
    expect(await changed.textContent()).toContain("A（100%）");
    expect(await changed.textContent()).toContain(`+${score(c5.points)}`);
    const same = itemRows.filter({ hasText: a1.content }).first();
    expect(await same.getAttribute("class")).not.toContain("assessment-diff");
    const projectRow = compare
      .getByTestId("assessment-compare-projects")
      .locator("tbody tr.ant-table-row")
      .filter({ hasText: c5.project });
    expect(await projectRow.getAttribute("class")).toContain("assessment-diff");
    await shot(page, "compare");
    await compare.getByRole("switch", { name: "只看有差异的项" }).click();
    await poll(() => itemRows.count()).toBe(2);
    await shot(page, "compare-changed");
    await compare.getByRole("button", { name: "关闭" }).click();
    await poll(() => compare.count()).toBe(0);

    // 删除 the first round.
    const row1 = card.getByRole("row").filter({ hasText: round1 });
    await row1.getByRole("button", { name: `删除 ${round1}` }).click();
    await page.locator(".ant-popconfirm").getByRole("button", { name: "删除" }).click();
    await poll(() => row1.count()).toBe(0);
    expect(await card.getByRole("row").filter({ hasText: round2 }).count()).toBe(1);
  },
);
