import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startServer, type RunningServer } from "@chuangcheng/browser-testing";
import { phoneJpeg } from "@chuangcheng/domain/testing";
import { browserSession } from "./pages.js";

// Issue 9's story of the 黑白榜, end to end through both apps, in a 社区 of its own (南湖社区):
// a resident nominates a neighbour's 好人好事 with a photo; the grid worker records a 楼道堆物 problem on
// patrol and proposes a 黑榜 entry from it, linked to the resident 刘芳; an admin confirms its photo and
// approves it; 刘芳 is told, opens the notice and appeals; a second admin upholds the entry (维持) with a
// reason and 刘芳 is told; the admin approves the nomination into the same month and publishes the
// month's edition; once the notice period is over 刘芳 reads the 黑榜 entry with neither her name nor
// her mobile in the page; the problem is put right and closed, and the entry shows 已整改; the print
// view renders both boards and prints on one A3 page.
//
// A 黑榜 entry linked to a person shows only after the notice period (the day after notice_until), so
// this file runs its own server with a clock it can move on (shifted-clock.mjs): the steps before the
// notice ends run on today, the rest four days on. The resident and the grid worker are on phones
// (390×844), the admins at a desk.

const LONG = 240_000;
const session = browserSession();
const work = mkdtempSync(join(tmpdir(), "board-flow-"));
const SHOTS = process.env.SCREENSHOT_DIR ?? work;
const CLOCK_FILE = join(work, "clock-shift");
const ENTRY = process.env.BROWSER_TEST_ENTRY ?? fileURLToPath(new URL("../dist/main.js", import.meta.url));
const SYSTEM_ADMIN_PASSWORD = "board-flow-admin-2026";
const PASSWORD = "board-flow-2026";

const DESK = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const COMMUNITY = "南湖社区";
const GRID = "南湖社区第一网格";
const COURTYARD = "水电局家属院";
// Unused by every other browser file (grep 135660 in apps/server/browser).
const ADMIN = { mobile: "13566010001", name: "周海燕" };
const SECOND_ADMIN = { mobile: "13566010002", name: "吴志刚" };
const WORKER = { mobile: "13566010003", name: "陈建军" };
const LIU_FANG = { mobile: "13566010004", name: "刘芳" };
const NOMINATOR = { mobile: "13566010005", name: "赵晓梅" };
const NEIGHBOUR = "王秀兰";

const NOMINATION_TITLE = "冒雪为独居老人送菜";
const ENTRY_TITLE = "2号楼1单元楼道堆放杂物";
const PROBLEM_TEXT = "2号楼1单元一楼楼道堆放纸箱和旧家具，堵塞消防通道";

let server: RunningServer;
/** What the steps learn and hand on: ids, dates, the 社区's units. */
const story = {
  communityId: 0,
  courtyardId: 0,
  nominationId: 0,
  problemId: 0,
  entryId: 0,
  /** the 黑榜 entry's first day on the board (after 刘芳's notice period), YYYY-MM-DD */
  startDate: "",
};

const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });
const shot = (page: Page, name: string, fullPage = false) =>
  page.screenshot({ path: join(SHOTS, `board-flow-${name}.png`), fullPage });
const chinaToday = () => new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
const monthTitle = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月 ${COMMUNITY}红黑榜`;

async function open(viewport: { width: number; height: number }) {
  const page = await session.page(viewport);
  page.setDefaultTimeout(45_000);
  return page;
}

// The product's tRPC endpoint on this file's server, for set-up a browser step does not need to show.
async function trpc<T>(cookie: string, path: string, input?: unknown, query = false): Promise<T> {
  const headers = { cookie, origin: server.baseUrl, "content-type": "application/json" };
  const res = query
    ? await fetch(
        `${server.baseUrl}/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
        { headers },
      )
    : await fetch(`${server.baseUrl}/trpc/${path}`, {
        method: "POST",
        headers,
        body: input === undefined ? "" : JSON.stringify(input),
      });
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!body.result) throw new Error(`${path}: ${res.status} ${body.error?.message}`);
  return body.result.data;
}

async function apiLogin(mobile: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${server.baseUrl}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.baseUrl },
    body: JSON.stringify({ mobile, password }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!res.ok || !cookie) throw new Error(`login ${mobile} failed: ${res.status}`);
  return cookie;
}

async function portalLogin(page: Page, mobile: string) {
  await page.goto(`${server.baseUrl}/login?next=%2F`);
  await page.locator("#login_mobile").fill(mobile);
  await page.locator("#login_password").fill(PASSWORD);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

async function consoleLogin(page: Page, mobile: string) {
  await page.goto(`${server.baseUrl}/admin/login`);
  await page.getByLabel("手机号").fill(mobile);
  await page.getByLabel("密码", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/login"));
}

/** The server's clock moves on to `date` (China), at the time of day it is now. */
async function moveClockTo(date: string) {
  const days = Math.round(
    (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${chinaToday()}T00:00:00Z`)) / 86_400_000,
  );
  writeFileSync(CLOCK_FILE, String(days * 86_400_000));
  // The server reads the file at most every 100 ms.
  await new Promise((r) => setTimeout(r, 300));
}

/** Every photo of the page loaded (lazy ones scrolled into view first). */
async function photosLoaded(page: Page) {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 400) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 50));
    }
    window.scrollTo(0, 0);
  });
  await poll(() =>
    page
      .locator("img")
      .evaluateAll((imgs) => imgs.every((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0)),
  ).toBe(true);
}

/** Pages of a PDF Chromium wrote and the first page's size in millimetres. */
function pdfPages(pdf: Buffer): { count: number; size: string } {
  const text = pdf.toString("latin1");
  const count = text.match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0;
  const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(text);
  const mm = (pt: string | undefined) => Math.round((Number(pt) * 25.4) / 72);
  return { count, size: `${mm(box?.[1])}x${mm(box?.[2])}` };
}

beforeAll(async () => {
  writeFileSync(CLOCK_FILE, "0");
  server = await startServer({
    entry: ENTRY,
    args: ["--import", new URL("./shifted-clock.mjs", import.meta.url).href],
    env: {
      ADMIN_PASSWORD: SYSTEM_ADMIN_PASSWORD,
      SEED_DEMO: "1",
      REGISTRATIONS_PER_HOUR: "1000",
      CLOCK_SHIFT_FILE: CLOCK_FILE,
    },
  });
  await session.start();

  // The system admin sets up 南湖社区 under the demo 城关街道: one 网格, one 楼院, its two admins and
  // its grid worker; the residents register themselves.
  const system = await apiLogin("13800000000", SYSTEM_ADMIN_PASSWORD);
  const tree = await trpc<Array<{ id: number; kind: string; name: string }>>(
    "",
    "org.publicTree",
    undefined,
    true,
  );
  const street = tree.find((u) => u.kind === "street" && u.name === "城关街道")!.id;
  const community = await trpc<{ id: number }>(system, "org.create", {
    parentId: street,
    name: COMMUNITY,
    households: 800,
    population: 2100,
  });
  const grid = await trpc<{ id: number }>(system, "org.create", { parentId: community.id, name: GRID });
  const courtyard = await trpc<{ id: number }>(system, "org.create", { parentId: grid.id, name: COURTYARD });
  for (const name of ["1号楼", "2号楼"]) await trpc(system, "org.create", { parentId: courtyard.id, name });
  story.communityId = community.id;
  story.courtyardId = courtyard.id;
  for (const [who, role, unitId] of [
    [ADMIN, "community_admin", community.id],
    [SECOND_ADMIN, "community_admin", community.id],
    [WORKER, "grid_worker", grid.id],
  ] as const) {
    await trpc(system, "auth.users.createStaff", { ...who, password: PASSWORD, role, unitId });
  }
  for (const who of [LIU_FANG, NOMINATOR]) {
    await trpc("", "auth.registerResident", {
      ...who,
      password: PASSWORD,
      communityId: community.id,
      courtyardId: courtyard.id,
    });
  }
}, LONG);

afterAll(async () => {
  await session.stop();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("黑白榜, issue 9's story: 推荐, 黑榜 from a problem, 申诉, 维持, 发布, 已整改, 打印", () => {
  it(
    "赵晓梅 nominates her neighbour's 好人好事 with a photo; 我的推荐 says 待审核",
    { timeout: LONG },
    async () => {
      const page = await open(PHONE);
      await portalLogin(page, NOMINATOR.mobile);
      await page.locator(".tab-layout-bar").getByText("黑白榜", { exact: true }).click();
      await page.waitForURL((url) => url.pathname === "/board");
      // Nothing published in 南湖社区 yet.
      await poll(() => page.getByTestId("board-edition").textContent()).toContain("本社区还没有发布红黑榜");
      await page.getByTestId("board-nominate-link").click();
      await page.waitForURL((url) => url.pathname === "/board/nominate");
      await poll(() => page.getByLabel("所在楼院").textContent()).toContain(COURTYARD);
      await page
        .locator(".adm-form-item")
        .filter({ has: page.locator("label", { hasText: "推荐类别" }) })
        .getByText("好人好事", { exact: true })
        .click();
      await page.getByLabel("被推荐人姓名").fill(NEIGHBOUR);
      await page.getByLabel("标题").fill(NOMINATION_TITLE);
      await page
        .getByLabel("事迹说明")
        .fill(`大雪封路那几天，${NEIGHBOUR}阿姨每天给1号楼的独居老人送菜送药，还帮忙清扫楼道积雪。`);
      await page.locator(".photo-picker input[type='file']").setInputFiles({
        name: "IMG_0301.jpg",
        mimeType: "image/jpeg",
        buffer: await phoneJpeg({ width: 1200, height: 900, orientation: 6 }),
      });
      await poll(() => page.getByRole("img", { name: "第1张照片" }).count()).toBe(1);
      await shot(page, "1-nominate", true);
      await page.getByRole("button", { name: "提交推荐" }).click();
      const done = page.getByTestId("board-nominated");
      await poll(() => done.getByRole("heading", { name: "推荐已提交" }).count()).toBe(1);

      await done.getByRole("button", { name: "我的推荐" }).click();
      await page.waitForURL((url) => url.pathname === "/board/mine");
      const item = page.getByTestId("board-my-nomination").filter({ hasText: NOMINATION_TITLE });
      await poll(() => item.getByTestId("board-my-nomination-state").textContent()).toBe("待审核");
      story.nominationId = Number(await item.getAttribute("data-entry-id"));
      expect(story.nominationId).toBeGreaterThan(0);
      await shot(page, "1-mine-pending");
    },
  );

  it(
    "陈建军 records the 楼道堆物 problem on patrol and proposes a 黑榜 entry from it, linked to 刘芳; " +
      "周海燕 dispatches the problem, confirms the photo and approves the entry",
    { timeout: LONG },
    async () => {
      // On his phone: 新建巡查问题 in his only 楼院, 楼道堆物, a photo, what he saw.
      const phone = await open(PHONE);
      await consoleLogin(phone, WORKER.mobile);
      await phone.goto(`${server.baseUrl}/admin/problems/new`);
      await poll(() => phone.title()).toBe("新建巡查问题 - 创城通管理后台");
      await poll(() => phone.getByRole("radio", { name: COURTYARD }).isChecked()).toBe(true);
      await phone
        .locator("label")
        .filter({ hasText: /^楼道堆物$/ })
        .click();
      await phone.getByLabel("问题描述").fill(PROBLEM_TEXT);
      await phone.locator('input[type="file"]').setInputFiles({
        name: "patrol.jpg",
        mimeType: "image/jpeg",
        buffer: await phoneJpeg({ width: 1200, height: 900 }),
      });
      await poll(() => phone.locator(".ant-upload-list-item-done").count()).toBe(1);
      await phone.getByRole("button", { name: "提交" }).click();
      await poll(() => phone.getByLabel("问题描述").inputValue()).toBe("");
      const admin = await apiLogin(ADMIN.mobile);
      const problems = await trpc<{ items: Array<{ id: number; description: string }> }>(
        admin,
        "problem.list",
        { source: "patrol", page: 1, pageSize: 10 },
        true,
      );
      expect(problems.items.map((p) => p.description)).toEqual([PROBLEM_TEXT]);
      story.problemId = problems.items[0]!.id;

      // 提名上榜 offers the problem under 关联问题 and the 楼院's residents under 关联居民
      // (board.residentOptions): 陈建军 links 刘芳 himself, as the issue's story has it.
      await phone.goto(`${server.baseUrl}/admin/board/new`);
      await poll(() => phone.title()).toBe("提名上榜 - 创城通管理后台");
      await phone
        .locator("label")
        .filter({ hasText: /^楼道堆物$/ })
        .click();
      await poll(() => phone.getByRole("radio", { name: COURTYARD }).isChecked()).toBe(true);
      await phone.getByLabel("关联问题（选填）").click();
      const option = phone
        .locator(".ant-select-dropdown:visible .ant-select-item-option")
        .filter({ hasText: `#${story.problemId} 楼道堆物` });
      await poll(() => option.count()).toBe(1);
      await option.click();
      await phone.getByLabel("标题").fill(ENTRY_TITLE);
      await phone
        .getByLabel("情况说明")
        .fill("一楼楼道长期堆放纸箱和旧家具，堵塞消防通道，网格员多次提醒未清理。");
      await phone.getByLabel("关联居民（选填）").click();
      await phone.getByLabel("关联居民（选填）").fill("刘");
      const resident = phone
        .locator(".ant-select-dropdown:visible .ant-select-item-option")
        .filter({ hasText: LIU_FANG.name });
      await poll(() => resident.count()).toBe(1);
      // Her mobile shows masked, enough to tell two 刘芳 apart.
      expect(await resident.textContent()).toContain(`${LIU_FANG.mobile.slice(0, 3)}****${LIU_FANG.mobile.slice(-4)}`);
      await resident.click();
      await phone.locator('input[type="file"]').setInputFiles({
        name: "clutter.jpg",
        mimeType: "image/jpeg",
        buffer: await phoneJpeg({ width: 1000, height: 750 }),
      });
      await poll(() => phone.locator(".ant-upload-list-item-done").count()).toBe(1);
      await shot(phone, "2-propose-form", true);
      await phone.getByRole("button", { name: "提交审核" }).click();
      await phone.waitForURL(/\/admin\/board\/\d+/);
      story.entryId = Number(/\/board\/(\d+)/.exec(phone.url())![1]);
      // His list shows it 待审核, from the problem.
      await phone.goto(`${server.baseUrl}/admin/board/${story.entryId}?state=all`);
      const mine = phone.getByTestId("board-detail");
      await poll(() => mine.textContent()).toContain("待审核");
      expect(await mine.textContent()).toContain("关联居民账号是");
      expect(await mine.getByRole("button", { name: "审核通过" }).count()).toBe(0);

      // 周海燕 at her desk: 派遣 the problem to 陈建军 from its drawer.
      const desk = await open(DESK);
      await consoleLogin(desk, ADMIN.mobile);
      await desk.goto(`${server.baseUrl}/admin/problems/${story.problemId}`);
      const problem = desk.getByTestId("problem-detail");
      await poll(() => problem.locator(".ant-descriptions").first().textContent()).toContain("待受理");
      await problem.getByRole("button", { name: "派遣", exact: true }).click();
      const dispatch = desk.getByRole("dialog", { name: "派遣" });
      await dispatch.getByLabel("责任人").click();
      await dispatch.getByLabel("责任人").fill(WORKER.name);
      await desk
        .locator(".ant-select-dropdown:visible .ant-select-item-option")
        .filter({ hasText: WORKER.name })
        .first()
        .click();
      await poll(() => dispatch.getByLabel("处置时限").inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await dispatch.getByRole("button", { name: "派遣" }).click();
      await poll(() => problem.locator(".ant-descriptions").first().textContent()).toContain("整改中");

      // Her 待审核 queue: the entry, from the problem; she confirms its photo and approves it.
      await desk.goto(`${server.baseUrl}/admin/board`);
      await poll(() => desk.getByRole("link", { name: ENTRY_TITLE }).count()).toBe(1);
      await desk.getByRole("link", { name: ENTRY_TITLE }).click();
      const detail = desk.getByTestId("board-detail");
      await poll(() => detail.textContent()).toContain("未确认");
      expect(await detail.textContent()).toContain("问题整改");
      expect(await detail.getByRole("img", { name: "照片 1" }).count()).toBe(1);
      await detail.getByRole("button", { name: "确认照片已打码" }).click();
      await poll(() => detail.textContent()).toContain("已确认");
      await detail.getByRole("button", { name: "审核通过" }).click();
      const approve = desk.getByRole("dialog", { name: "审核通过" });
      await approve.getByRole("button", { name: "审核通过" }).click();
      await poll(() => detail.textContent()).toContain("已公示");
      // Not on the board while 刘芳 may still 申诉.
      expect(await detail.textContent()).toContain("未显示");
      await shot(desk, "2-approved-drawer");

      const entry = await trpc<{ state: string; startDate: string; noticeUntil: string }>(
        admin,
        "board.detail",
        { id: story.entryId },
        true,
      );
      expect(entry.state).toBe("published");
      expect(entry.startDate > entry.noticeUntil).toBe(true);
      expect(entry.noticeUntil > chinaToday()).toBe(true);
      story.startDate = entry.startDate;
    },
  );

  it(
    "刘芳 sees the notice (bell, 消息) and appeals with a reason and a photo",
    { timeout: LONG },
    async () => {
      const page = await open(PHONE);
      await portalLogin(page, LIU_FANG.mobile);
      const bell = page.getByTestId("notification-bell");
      await poll(() => bell.getAttribute("aria-label")).toBe("消息通知，1条未读");
      await shot(page, "3-home-bell");
      await page.getByRole("link", { name: "消息通知，1条未读" }).click();
      await page.waitForURL((url) => url.pathname === "/messages");
      const notice = page.getByTestId("notice-item").filter({ hasText: "黑榜公示告知" });
      await poll(() => notice.count()).toBe(1);
      expect(await notice.textContent()).toContain(ENTRY_TITLE);
      await notice.click();
      await page.waitForURL((url) => url.pathname === `/board/notices/${story.entryId}`);
      const card = page.getByTestId("board-notice");
      await poll(() => card.getByRole("heading", { name: ENTRY_TITLE }).count()).toBe(1);
      expect(await card.getByTestId("board-notice-state").textContent()).toBe("待公示");
      expect(await card.getByTestId("board-notice-hint").textContent()).toMatch(
        /请在\d{4}年\d+月\d+日（含当日）前提出申诉/,
      );
      await shot(page, "3-notice", true);

      await page.getByLabel("申诉理由").fill("纸箱是楼上邻居装修留下的，不是我家的，我已联系物业清理。");
      await page.locator(".photo-picker input[type='file']").setInputFiles({
        name: "IMG_0302.jpg",
        mimeType: "image/jpeg",
        buffer: await phoneJpeg({ width: 900, height: 900 }),
      });
      await poll(() => page.getByRole("img", { name: "第1张照片" }).count()).toBe(1);
      await page.getByRole("button", { name: "提交申诉" }).click();
      await poll(() => card.getByTestId("board-notice-state").textContent()).toBe("申诉中");
      expect(await page.getByTestId("board-appeal-outcome").textContent()).toBe("社区正在处理您的申诉");
      await shot(page, "3-appealed", true);

      // 我的 → 黑白榜: 我的推荐 lists the notice too.
      await page.goto(`${server.baseUrl}/board/mine`);
      await poll(() => page.getByTestId("board-my-notice").count()).toBe(1);
    },
  );

  it(
    "吴志刚, a second admin, upholds the entry (维持) with a reason in 申诉处理; 刘芳 is told",
    { timeout: LONG },
    async () => {
      const desk = await open(DESK);
      await consoleLogin(desk, SECOND_ADMIN.mobile);
      await desk.goto(`${server.baseUrl}/admin/board/appeals`);
      await poll(() => desk.title()).toBe("申诉处理 - 创城通管理后台");
      const card = desk.getByTestId("board-appeal").filter({ hasText: ENTRY_TITLE });
      await poll(() => card.textContent()).toContain("纸箱是楼上邻居装修留下的");
      expect(await card.getByRole("img", { name: "照片 1" }).count()).toBeGreaterThanOrEqual(1);
      await card.getByText("维持（申诉不成立）").click();
      await card.getByLabel("处理意见").fill("经网格员现场核实并调取监控，杂物属该户所有，维持公示。");
      await shot(desk, "4-appeal-decide");
      await card.getByRole("button", { name: "提交处理决定" }).click();
      await poll(() => card.count()).toBe(0);

      const page = await open(PHONE);
      await portalLogin(page, LIU_FANG.mobile);
      await poll(() => page.getByTestId("notification-bell").getAttribute("aria-label")).toBe(
        "消息通知，1条未读",
      );
      await page.goto(`${server.baseUrl}/messages`);
      const told = page.getByTestId("notice-item").filter({ hasText: "申诉未被采纳" });
      await poll(() => told.count()).toBe(1);
      expect(await told.textContent()).toContain("杂物属该户所有");
      await told.click();
      await page.waitForURL((url) => url.pathname === `/board/notices/${story.entryId}`);
      await poll(() => page.getByTestId("board-appeal-outcome").textContent()).toBe("申诉未被采纳，维持公示");
      expect(await page.getByTestId("board-appeals").textContent()).toContain("处理意见：经网格员现场核实");
      await shot(page, "4-notice-decided", true);
    },
  );

  it(
    "周海燕 approves the nomination into the same month and publishes the month's edition",
    { timeout: LONG },
    async () => {
      const month = story.startDate.slice(0, 7);
      const desk = await open(DESK);
      await consoleLogin(desk, ADMIN.mobile);
      await desk.goto(`${server.baseUrl}/admin/board`);
      await poll(() => desk.getByRole("link", { name: NOMINATION_TITLE }).count()).toBe(1);
      await desk.getByRole("link", { name: NOMINATION_TITLE }).click();
      const detail = desk.getByTestId("board-detail");
      await poll(() => detail.textContent()).toContain("待审核");
      expect(await detail.textContent()).toContain("居民推荐");
      await detail.getByRole("button", { name: "审核通过" }).click();
      const approve = desk.getByRole("dialog", { name: "审核通过" });
      // On the board from the day the 黑榜 entry is: one edition, both boards.
      await approve.getByLabel("公示开始日期").fill(story.startDate);
      await approve.getByLabel("公示开始日期").press("Enter");
      await approve.getByRole("button", { name: "审核通过" }).click();
      await poll(() => detail.textContent()).toContain("已公示");
      expect(await detail.textContent()).toContain(`${monthTitle(month)}（未发布）`);

      await desk.goto(`${server.baseUrl}/admin/board/editions`);
      await poll(() => desk.title()).toBe("期次发布 - 创城通管理后台");
      await desk.getByLabel("月份").fill(month);
      await desk.getByLabel("月份").press("Enter");
      await desk.getByRole("button", { name: "准备期次" }).click();
      const preview = desk.getByTestId("edition-preview");
      await poll(() => preview.textContent()).toContain(NOMINATION_TITLE);
      expect(await preview.textContent()).toContain(ENTRY_TITLE);
      await shot(desk, "5-edition-preview", true);
      await desk.getByRole("button", { name: `发布 ${monthTitle(month)}` }).click();
      await desk.getByRole("dialog").getByRole("button", { name: "发布", exact: true }).click();
      await poll(() =>
        desk.getByRole("row", { name: new RegExp(monthTitle(month)) }).textContent(),
      ).toContain("已发布");

      // 赵晓梅 is told her nomination went through.
      const resident = await apiLogin(NOMINATOR.mobile);
      const mine = await trpc<{ nominations: Array<{ id: number; state: string }> }>(
        resident,
        "board.mine",
        undefined,
        true,
      );
      expect(mine.nominations).toEqual([
        expect.objectContaining({ id: story.nominationId, state: "published" }),
      ]);
    },
  );

  it(
    "after the notice period, 刘芳's 黑白榜 tab shows the 黑榜 entry without her name or mobile",
    { timeout: LONG },
    async () => {
      await moveClockTo(story.startDate);
      const page = await open(PHONE);
      await portalLogin(page, LIU_FANG.mobile);
      await page.locator(".tab-layout-bar").getByText("黑白榜", { exact: true }).click();
      await page.waitForURL((url) => url.pathname === "/board");
      await poll(() => page.getByTestId("board-edition-title").textContent()).toBe(
        monthTitle(story.startDate.slice(0, 7)),
      );
      const entry = page.locator(`[data-testid='board-black'] [data-entry-id='${story.entryId}']`);
      await poll(() => entry.count()).toBe(1);
      expect(await entry.textContent()).toContain(ENTRY_TITLE);
      expect(await entry.textContent()).toContain(COURTYARD);
      expect(await entry.getByTestId("board-entry-rectified").count()).toBe(0);
      const praise = page.locator(`[data-testid='board-white'] [data-entry-id='${story.nominationId}']`);
      await poll(() => praise.getByTestId("board-entry-subject").textContent()).toBe("王**");
      await photosLoaded(page);

      const html = await page.content();
      for (const secret of [LIU_FANG.name, LIU_FANG.mobile, "135****0004", NEIGHBOUR]) {
        expect(html).not.toContain(secret);
      }
      await shot(page, "6-board-liu-fang", true);
    },
  );

  it(
    "陈建军 reports it put right, 周海燕's 复查 closes the problem, and the entry shows 已整改",
    { timeout: LONG },
    async () => {
      // 陈建军 on his phone: 我的待办, 整改完成 with a photo after.
      const phone = await open(PHONE);
      await consoleLogin(phone, WORKER.mobile);
      await phone.goto(`${server.baseUrl}/admin/problems/todo`);
      await poll(() => phone.title()).toBe("我的待办 - 创城通管理后台");
      const card = phone.getByTestId("problem-card").filter({ hasText: PROBLEM_TEXT });
      await poll(() => card.count()).toBe(1);
      await card.getByRole("button", { name: "整改完成" }).click();
      const submit = phone.getByRole("dialog", { name: "上报整改完成" });
      await submit.locator('input[type="file"]').setInputFiles({
        name: "after.jpg",
        mimeType: "image/jpeg",
        buffer: await phoneJpeg({ width: 1200, height: 900 }),
      });
      await poll(() => submit.locator(".ant-upload-list-item-done").count()).toBe(1);
      await submit.getByLabel("整改情况").fill("纸箱和旧家具已清走，楼道畅通");
      await shot(phone, "7-submit-fixed");
      await submit.getByRole("button", { name: "提交" }).click();
      await poll(() => card.textContent()).toContain("待复查");

      // 周海燕: 复查通过 in the problem's drawer, with the photo after.
      const desk = await open(DESK);
      await consoleLogin(desk, ADMIN.mobile);
      await desk.goto(`${server.baseUrl}/admin/problems/${story.problemId}`);
      const problem = desk.getByTestId("problem-detail");
      await poll(() => problem.locator(".ant-descriptions").first().textContent()).toContain("待复查");
      expect(await desk.getByRole("img", { name: "整改后照片 1" }).count()).toBe(1);
      await problem.getByRole("button", { name: "复查通过" }).click();
      const review = desk.getByRole("dialog", { name: "复查通过" });
      await review.getByLabel("复查意见").fill("现场已清理干净");
      await review.getByRole("button", { name: "复查通过" }).click();
      await poll(() => problem.locator(".ant-descriptions").first().textContent()).toContain("已办结");

      // The entry followed its problem: 已整改 in the console, with the problem's photo after, which
      // (like every 黑榜 photo) the admin confirms free of faces and plates before it is published.
      await desk.goto(`${server.baseUrl}/admin/board/${story.entryId}?state=all`);
      const detail = desk.getByTestId("board-detail");
      await poll(() => detail.textContent()).toContain("已整改");
      const afterInDrawer = detail.getByRole("region", { name: "整改后照片" });
      await poll(() => afterInDrawer.getByRole("img", { name: "整改后照片 1" }).count()).toBe(1);
      const page = await open(PHONE);
      await portalLogin(page, LIU_FANG.mobile);
      await page.goto(`${server.baseUrl}/board`);
      const entry = page.locator(`[data-testid='board-black'] [data-entry-id='${story.entryId}']`);
      await poll(() => entry.getByTestId("board-entry-rectified").textContent()).toBe("已整改");
      expect(await entry.getByRole("img", { name: "整改后照片 1" }).count()).toBe(0);

      await shot(desk, "7-drawer-after-photo");
      await detail.getByRole("button", { name: "确认照片已打码" }).click();
      await poll(() => detail.getByRole("button", { name: "确认照片已打码" }).count()).toBe(0);
      await page.reload();
      await poll(() => entry.getByRole("img", { name: "整改后照片 1" }).count()).toBe(1);
      expect(await entry.getByRole("img", { name: "整改前照片 1" }).count()).toBe(1);
      await photosLoaded(page);
      expect(await page.content()).not.toContain(LIU_FANG.name);
      await shot(page, "7-board-rectified", true);
      await entry.screenshot({ path: join(SHOTS, "board-flow-7-entry-rectified.png") });
    },
  );

  it("the print view renders both boards, and prints on one A3 page", { timeout: LONG }, async () => {
    const month = story.startDate.slice(0, 7);
    const page = await open({ width: 1000, height: 1300 });
    await consoleLogin(page, ADMIN.mobile);
    await page.goto(`${server.baseUrl}/admin/board/print?communityId=${story.communityId}&month=${month}`);
    await poll(() => page.getByTestId("poster-title").textContent()).toBe(monthTitle(month));
    const red = page.getByRole("region", { name: /^红榜/ });
    const black = page.getByRole("region", { name: /^黑榜/ });
    await poll(() => red.getByTestId("poster-entry").count()).toBe(1);
    expect(await red.textContent()).toContain(NOMINATION_TITLE);
    expect(await red.textContent()).toContain("王**");
    expect(await black.getByTestId("poster-entry").count()).toBe(1);
    expect(await black.textContent()).toContain(ENTRY_TITLE);
    expect(await black.textContent()).toContain("已整改");
    expect(await black.getByRole("img", { name: "整改后照片 1" }).count()).toBe(1);
    expect(await page.content()).not.toContain(LIU_FANG.name);

    await page.getByRole("group", { name: "纸张" }).getByText("A3", { exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("size") === "A3");
    await poll(() => page.getByTestId("board-print").getAttribute("data-size")).toBe("A3");
    await page.waitForFunction(
      () =>
        document.querySelectorAll("img.poster-qr-code[data-ready]").length === 2 &&
        Array.from(document.images).every((img) => img.complete && img.naturalWidth > 0),
      undefined,
      { timeout: 30_000 },
    );
    await page.setViewportSize({ width: 1123, height: 1587 });
    await shot(page, "8-poster-a3", true);
    const file = join(SHOTS, "board-flow-8-poster-a3.pdf");
    const pdf = await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(pdfPages(pdf)).toEqual({ count: 1, size: "297x420" });

    // The printed page as a picture (poppler-utils), and its text: both boards, both entries.
    execFileSync("pdftoppm", ["-png", "-r", "40", file, join(SHOTS, "board-flow-8-poster-a3-pdf")]);
    expect(readdirSync(SHOTS).filter((f) => f.startsWith("board-flow-8-poster-a3-pdf"))).toHaveLength(1);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    for (const words of [
      "红榜",
      "黑榜",
      NOMINATION_TITLE,
      ENTRY_TITLE,
      "已整改",
      monthTitle(month).replace(/\s+/g, ""),
    ])
      expect(text).toContain(words);
    expect(text).not.toContain(LIU_FANG.name);
  });
});
