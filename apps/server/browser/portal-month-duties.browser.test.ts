import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { baseUrl, browserSession } from "./pages.js";

// Issue 10: 首页's 本月安排. The demo resident 刘芳 of 东街社区 sees this month's 道德讲堂 (每月 2 次) with
// the dates of the 社区's published 道德讲堂 activities; an upcoming one opens the activity, a held
// one is greyed as 已举办. axe checks each page as it goes (pages.ts). With SCREENSHOT_DIR set, the
// card is left as screenshots at 390 × 844, in the normal mode and in 关怀模式.

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const PASSWORD = "chuangcheng2026";
const ADMIN = "13800000002"; // 李秀英, 东街社区's admin
const RESIDENT = "13800000004"; // 刘芳, of 东街社区

const CHINA_OFFSET = 8 * 3_600_000;
/** The China date (YYYY-MM-DD) of an instant. */
const chinaDate = (at: string | number) =>
  new Date(new Date(at).getTime() + CHINA_OFFSET).toISOString().slice(0, 10);
/** 2026-12-16 → 12月16日 周三 */
function dayText(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 周${"日一二三四五六"[d.getUTCDay()]}`;
}

interface DutyRule {
  title: string;
  doneBy: string;
  activityKind: string | null;
  forResidents: boolean;
}
interface Activity {
  id: number;
  kind: string;
  title: string;
  status: string;
  startsAt: string;
}

/**
 * 东街社区 and its 道德讲堂 rule. The demo seed gives the 社区 the default rules; on a seed without
 * them, 李秀英 installs them, as the calendar offers to a 社区 that never had any.
 */
async function lectureRule(admin: string, month: string) {
  const tree = await apiQuery<Array<{ id: number; kind: string; name: string }>>(admin, "org.publicTree");
  const community = tree.find((u) => u.kind === "community" && u.name === "东街社区")!;
  const calendar = () =>
    apiQuery<{ defaultsAvailable: boolean; rules: DutyRule[] }>(admin, "campaign.calendar", {
      communityId: community.id,
      view: month,
    });
  const first = await calendar();
  let rules = first.rules;
  if (!rules.some((r) => r.title === "道德讲堂")) {
    expect(first.defaultsAvailable, "东街社区 has rules, but no 道德讲堂: the demo seed changed").toBe(true);
    await apiMutate(admin, "campaign.installDefaultDuties", { communityId: community.id });
    rules = (await calendar()).rules;
  }
  const rule = rules.find((r) => r.title === "道德讲堂")!;
  expect(rule).toMatchObject({ doneBy: "activity", forResidents: true });
  return { community, kind: rule.activityKind! };
}

/** The 社区's published activities of `kind` starting this China month, newest first (activity.list). */
async function publishedThisMonth(admin: string, communityId: number, kind: string, month: string) {
  const found: Activity[] = [];
  for (let page = 1; ; page++) {
    const { items, hasMore } = await apiQuery<{ items: Activity[]; hasMore: boolean }>(
      admin,
      "activity.list",
      {
        communityId,
        page,
        pageSize: 100,
      },
    );
    found.push(
      ...items.filter(
        (a) => a.kind === kind && a.status === "published" && chinaDate(a.startsAt).startsWith(month),
      ),
    );
    // Newest first: once a page reaches back before the month, the rest is older still.
    if (!hasMore || items.some((a) => chinaDate(a.startsAt) < `${month}-01`)) break;
  }
  return found;
}

/**
 * A 道德讲堂 still to come this month, on the month's last evening (or in half an hour, on that
 * evening itself), created by 李秀英: a record of this test's own, which no other test reads.
 */
async function upcomingLecture(admin: string, communityId: number, kind: string, month: string) {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const lastEvening = Date.UTC(y, m, 0, 12); // 20:00 in China on the month's last day
  const startsAt = Math.max(lastEvening, Date.now() + 30 * 60_000);
  expect(chinaDate(startsAt).slice(0, 7), "no time left this month for an upcoming 道德讲堂").toBe(month);
  const title = `道德讲堂：邻里守望故事会 ${Date.now() % 100_000}`;
  const { id } = await apiMutate<{ id: number }>(admin, "activity.create", {
    communityId,
    kind,
    title,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 90 * 60_000).toISOString(),
    placeText: "东街社区党群服务中心二楼",
    capacity: 40,
  });
  return { id, kind, title, status: "published", startsAt: new Date(startsAt).toISOString() };
}

/** A phone that has answered the 关怀模式 offer, with 关怀模式 on if `care` (kept on this phone). */
async function phone(care: boolean): Promise<Page> {
  const page = await session.page({ width: 390, height: 844 });
  await page.addInitScript((on) => {
    if (window.localStorage.getItem("cc.test-prepared")) return;
    window.localStorage.setItem("cc.test-prepared", "1");
    window.localStorage.setItem("cc.careModeOffered", "1");
    if (on) window.localStorage.setItem("cc.careMode", "1");
  }, care);
  return page;
}

async function login(page: Page, mobile: string, password: string) {
  await page.goto(`${baseUrl()}/login`);
  await page.locator("#login_mobile").fill(mobile);
  await page.locator("#login_password").fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

async function shoot(page: Page, card: Locator, name: string) {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(dir, `${name}.png`) });
  await card.screenshot({ path: join(dir, `${name}-card.png`) });
}

/** Nothing of the card reaches past a 390 px screen, and the page does not scroll sideways. */
function overflow(page: Page, card: Locator) {
  return card.evaluate((root) => {
    const width = document.documentElement.clientWidth;
    const out = [...root.querySelectorAll("*")]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .map((el) => `${el.className} 「${(el.textContent ?? "").slice(0, 16)}」`);
    if (document.documentElement.scrollWidth > width + 1)
      out.push(`页面宽 ${document.documentElement.scrollWidth}px`);
    return out;
  });
}

/** The 道德讲堂 item of 本月安排 shows each of `lectures` on its date, upcoming ones as links. */
async function expectLectures(card: Locator, lectures: Activity[]) {
  const duty = card.getByRole("listitem", { name: "道德讲堂", exact: true });
  await expect.poll(() => duty.count()).toBe(1);
  expect(await duty.getByRole("heading", { level: 3 }).textContent()).toBe("道德讲堂");
  expect(await duty.textContent()).toContain("每月 2 次");
  const dates = duty.getByRole("list", { name: "道德讲堂本月日期" }).getByTestId("home-month-date");
  expect(await dates.count()).toBe(lectures.length);
  const now = Date.now();
  for (const a of lectures) {
    const entry = dates.filter({ hasText: a.title });
    expect(await entry.count(), a.title).toBe(1);
    expect(await entry.textContent()).toContain(dayText(chinaDate(a.startsAt)));
    const starts = new Date(a.startsAt).getTime();
    // One starting within the minute may be either; the rest are plainly held or to come.
    if (starts < now - 60_000) {
      expect(await entry.getAttribute("data-held")).toBe("true");
      expect(await entry.textContent()).toContain("已举办");
      expect(await entry.getByRole("link").count()).toBe(0);
    } else if (starts > now + 60_000) {
      expect(await entry.getAttribute("data-held")).toBe("false");
      expect(await entry.getByRole("link").getAttribute("href")).toBe(`/activities/${a.id}`);
    }
  }
  return duty;
}

/**
 * A duty held as activities with none dated this month says 本月待安排; any other shows its text
 * only. (campaign.residentMonth says how each duty is done once it gives `doneBy`.)
 */
async function expectPending(card: Locator, resident: string) {
  const { duties } = await apiQuery<{
    duties: Array<{ title: string; doneBy?: string; activities: unknown[] }>;
  }>(resident, "campaign.residentMonth");
  expect(await card.getByTestId("home-month-duty").count()).toBe(duties.length);
  for (const d of duties) {
    const item = card.getByRole("listitem", { name: d.title, exact: true });
    const pending = d.doneBy === "activity" && d.activities.length === 0;
    expect([d.title, (await item.textContent())!.includes("本月待安排")]).toEqual([d.title, pending]);
  }
}

it("刘芳 sees 本月安排 with this month's 道德讲堂 dates, and opens the upcoming one", async () => {
  const month = chinaDate(Date.now()).slice(0, 7);
  const admin = await apiLogin(ADMIN, PASSWORD);
  const { community, kind } = await lectureRule(admin, month);
  const seeded = await publishedThisMonth(admin, community.id, kind, month);
  const created = await upcomingLecture(admin, community.id, kind, month);
  const lectures = [...seeded, created];

  const page = await phone(false);
  await login(page, RESIDENT, PASSWORD);
  await page.goto(`${baseUrl()}/`);
  const card = page.getByRole("region", { name: "本月安排" });
  await expect.poll(() => card.count()).toBe(1);
  const [y, m] = month.split("-").map(Number);
  expect(await card.textContent()).toContain(`${y}年${m}月`);
  const duty = await expectLectures(card, lectures);
  await expectPending(card, await apiLogin(RESIDENT, PASSWORD));
  expect(await overflow(page, card)).toEqual([]);
  const care = await page.evaluate(() => document.documentElement.classList.contains("care-mode"));
  await shoot(page, card, `month-duties-${care ? "care-liufang" : "normal"}`);

  // The upcoming 道德讲堂 opens its detail page.
  await duty.getByRole("link", { name: new RegExp(created.title) }).click();
  await page.waitForURL(`${baseUrl()}/activities/${created.id}`);
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(created.title);
});

it("in 关怀模式, 本月安排 is on the simplified home, large: text ≥ 18 px, dates ≥ 48 px to tap", async () => {
  // A resident of this test's own (关怀模式 follows the account: the demo resident's stays as it is).
  const admin = await apiLogin(ADMIN, PASSWORD);
  const tree = await apiQuery<Array<{ id: number; kind: string; name: string }>>(admin, "org.publicTree");
  const mobile = `139${String(Date.now()).slice(-8)}`;
  await apiMutate("", "auth.registerResident", {
    mobile,
    password: "month-duties-2026",
    name: "关怀本月",
    communityId: tree.find((u) => u.kind === "community" && u.name === "东街社区")!.id,
    courtyardId: tree.find((u) => u.kind === "courtyard" && u.name === "建安小区")!.id,
  });
  const month = chinaDate(Date.now()).slice(0, 7);
  const { community, kind } = await lectureRule(admin, month);
  const lectures = await publishedThisMonth(admin, community.id, kind, month);
  expect(lectures.length).toBeGreaterThan(0);

  const page = await phone(true);
  await login(page, mobile, "month-duties-2026");
  await page.goto(`${baseUrl()}/`);
  await expect.poll(() => page.getByRole("navigation", { name: "常用功能" }).count()).toBe(1);
  const card = page.getByRole("region", { name: "本月安排" });
  await expect.poll(() => card.count()).toBe(1);
  await expectLectures(card, lectures);
  // The upcoming 道德讲堂 of the test above, at least, is there to tap.
  expect(await card.getByRole("link").count()).toBeGreaterThan(0);
  const small = await card.evaluate((root) => {
    const problems: string[] = [];
    for (const el of root.querySelectorAll("*")) {
      const own = [...el.childNodes].some(
        (n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== "",
      );
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (own && size < 18 - 0.01) problems.push(`字号 ${size}px：${el.textContent}`);
    }
    for (const a of root.querySelectorAll("a")) {
      const box = a.getBoundingClientRect();
      if (box.height < 48 - 0.5) problems.push(`点击区域高 ${box.height}px：${a.textContent}`);
    }
    return problems;
  });
  expect(small).toEqual([]);
  expect(await overflow(page, card)).toEqual([]);
  await shoot(page, card, "month-duties-care");
});
