import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { phoneJpeg } from "@chuangcheng/domain/testing";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// The console's 黑白榜: the grid worker 张伟 proposes a 黑榜 楼道堆物 entry with a photo on his phone;
// the 社区's admin 李秀英 sees it in her 待审核 queue, where a bulk 审核通过 reports what failed and why
// (unconfirmed photos; her own entry, which she may not approve); she confirms the photos and approves
// it from the drawer for next month (this month's edition is already published by the demo data),
// prepares and publishes next month's edition, and a second 发布 from a page opened before is refused
// with the server's message. Then 申诉处理 and 黑白榜设置 (a field error in Chinese).

const LONG = 240_000;
const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESK = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const ADMIN = "13800000002"; // 李秀英, 东街社区
const WORKER = "13800000003"; // 张伟, 东街社区第一网格 (邮政局家属院, 房管所家属院)
const DEMO_PASSWORD = "chuangcheng2026";
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/board-${name}.png` }) : Promise.resolve();
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });
async function open(viewport: { width: number; height: number }) {
  const page = await session.page(viewport);
  page.setDefaultTimeout(45_000);
  return page;
}

/** The month after today's, China time: YYYY-MM. */
function nextMonth(): string {
  const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
  const [y, m] = today.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}
const monthTitle = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月 东街社区红黑榜`;

it(
  "张伟 proposes a 黑榜 entry on the phone; 李秀英 confirms its photos, approves it and publishes the month's edition once",
  { timeout: LONG },
  async () => {
    const title = `3号楼2单元楼道堆放旧家具 ${Date.now() % 100000}`;
    const month = nextMonth();

    // 张伟 on his phone: 黑榜, 楼道堆物, his 楼院, a title and what he saw, a photo, 提交审核.
    const phone = await open(PHONE);
    await adminSteps(phone).login(WORKER, DEMO_PASSWORD);
    await phone.goto(`${baseUrl()}/admin/board/new`);
    await poll(() => phone.title()).toBe("提名上榜 - 创城通管理后台");
    await phone
      .locator("label")
      .filter({ hasText: /^黑榜$/ })
      .click();
    await phone
      .locator("label")
      .filter({ hasText: /^楼道堆物$/ })
      .click();
    await phone
      .locator("label")
      .filter({ hasText: /^邮政局家属院$/ })
      .click();
    // A grid worker may link a resident of the 楼院 too (board.residentOptions); this one links nobody.
    await poll(() => phone.getByLabel("关联居民（选填）").isEnabled()).toBe(true);
    await phone.getByLabel("标题").fill(title);
    await phone.getByLabel("情况说明").fill("楼道内堆放旧沙发和纸箱，堵塞消防通道，多次提醒未清理。");
    await phone.locator('input[type="file"]').setInputFiles({
      name: "clutter.jpg",
      mimeType: "image/jpeg",
      buffer: await phoneJpeg({ width: 1200, height: 900 }),
    });
    await poll(() => phone.locator(".ant-upload-list-item-done").count()).toBe(1);
    await shot(phone, "phone-propose");
    // The form is no wider than the phone.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.getByRole("button", { name: "提交审核" }).click();
    await phone.waitForURL(/\/admin\/board\/\d+/);
    const entryId = Number(/\/board\/(\d+)/.exec(phone.url())![1]);
    const workerDetail = phone.getByTestId("board-detail");
    await poll(() => workerDetail.textContent()).toContain("待审核");
    expect(await workerDetail.textContent()).toContain(title);
    // A grid worker proposes; he does not approve.
    expect(await workerDetail.getByRole("button", { name: "审核通过" }).count()).toBe(0);
    await shot(phone, "phone-proposed");
    // His list on the phone: a state picker instead of the tabs, 全部 to begin with.
    await phone.goto(`${baseUrl()}/admin/board`);
    await poll(() => phone.getByRole("link", { name: title }).count()).toBe(1);
    expect(await phone.getByLabel("按状态筛选").count()).toBe(1);
    await poll(() => phone.locator(".ant-table-wrapper .ant-spin-spinning").count()).toBe(0);
    // The rows fade back in once loaded: the picture is taken when they are fully there.
    await poll(() =>
      phone.evaluate(() =>
        Array.from(document.querySelectorAll(".ant-table-wrapper *"))
          .map((el) => Number(getComputedStyle(el).opacity))
          .every((o) => o === 1 || o === 0),
      ),
    ).toBe(true);
    await shot(phone, "phone-list");

    // 李秀英's own entry, proposed through the API: she may not approve it herself.
    const admin = await apiLogin(ADMIN, DEMO_PASSWORD);
    const tree = await apiQuery<Array<{ id: number; name: string }>>("", "org.publicTree");
    const own = await apiMutate<{ id: number }>(admin, "board.propose", {
      category: "good_deed",
      courtyardId: tree.find((u) => u.name === "邮政局家属院")!.id,
      title: `义务清扫楼道 ${Date.now() % 100000}`,
      description: "每天清早义务清扫楼道。",
      subjectKind: "household",
      subjectName: "5号楼1单元 王家",
      photos: [],
    });

    // Her 待审核 queue (the tab she lands on): a bulk 审核通过 of both says what failed, and why.
    const desk = await open(DESK);
    await adminSteps(desk).login(ADMIN, DEMO_PASSWORD);
    await desk.goto(`${baseUrl()}/admin/board`);
    await poll(() => desk.title()).toBe("黑白榜 - 创城通管理后台");
    await poll(() => desk.getByRole("link", { name: title }).count()).toBe(1);
    await desk.getByRole("checkbox", { name: `选择条目 #${entryId}` }).check();
    await desk.getByRole("checkbox", { name: `选择条目 #${own.id}` }).check();
    await shot(desk, "desk-queue");
    await desk.getByRole("button", { name: "审核通过（2）" }).click();
    const summary = desk.getByRole("dialog").filter({ hasText: "批量审核通过" });
    await poll(() => summary.textContent()).toContain("成功 0 条，未成功 2 条");
    const failures = summary.getByTestId("board-batch-failures");
    expect(await failures.textContent()).toContain(
      `#${entryId}：请先确认照片中的人脸、车牌已打码，再通过审核`,
    );
    expect(await failures.textContent()).toContain(`#${own.id}：审核须由提名人以外的管理员进行`);
    await shot(desk, "desk-batch-result");
    await summary.getByRole("button", { name: "知道了" }).click();

    // The filters stay in the address: 黑榜 only.
    await desk.getByLabel("按榜别筛选").click();
    await desk
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: "黑榜" })
      .click();
    await desk.waitForURL(/kind=black/);
    await desk.reload();
    await poll(() => desk.getByRole("link", { name: title }).count()).toBe(1);
    expect(await desk.getByRole("link", { name: /义务清扫楼道/ }).count()).toBe(0);

    // The drawer: confirm the photos, then approve it for next month.
    await desk.getByRole("link", { name: title }).click();
    const detail = desk.getByTestId("board-detail");
    await poll(() => detail.textContent()).toContain("未确认");
    expect(await detail.getByRole("img", { name: "照片 1" }).count()).toBe(1);
    expect(await detail.textContent()).toContain("关联居民账号否");
    await detail.getByRole("button", { name: "确认照片已打码" }).click();
    await poll(() => detail.textContent()).toContain("已确认");
    await detail.getByRole("button", { name: "审核通过" }).click();
    const approve = desk.getByRole("dialog", { name: "审核通过" });
    await approve.getByLabel("公示开始日期").fill(`${month}-01`);
    await approve.getByLabel("公示开始日期").press("Enter");
    await shot(desk, "desk-approve");
    await approve.getByRole("button", { name: "审核通过" }).click();
    await poll(() => detail.textContent()).toContain("已公示");
    expect(await detail.textContent()).toContain(`${monthTitle(month)}（未发布）`);
    expect(await detail.textContent()).toContain("未显示：所在期次未发布");
    await shot(desk, "desk-drawer");

    // 期次发布: prepare next month's, preview it, publish; a page opened before tries again and is refused.
    await desk.goto(`${baseUrl()}/admin/board/editions`);
    await poll(() => desk.title()).toBe("期次发布 - 创城通管理后台");
    await desk.getByLabel("月份").fill(month);
    await desk.getByLabel("月份").press("Enter");
    await desk.getByRole("button", { name: "准备期次" }).click();
    const preview = desk.getByTestId("edition-preview");
    await poll(() => preview.textContent()).toContain(title);
    expect(await preview.textContent()).toContain(`预览：${monthTitle(month)}（未发布）`);
    await shot(desk, "desk-edition-preview");

    // A second admin page, opened before: its 发布 is asked, and confirmed only after the first went through.
    const stale = await desk.context().newPage();
    stale.setDefaultTimeout(45_000);
    await stale.setViewportSize(DESK);
    await stale.goto(`${baseUrl()}/admin/board/editions`);
    const publishName = `发布 ${monthTitle(month)}`;
    await stale.getByRole("button", { name: publishName }).click();
    const staleConfirm = stale.getByRole("dialog").filter({ hasText: `发布 ${monthTitle(month)}？` });
    await poll(() => staleConfirm.count()).toBe(1);

    await desk.bringToFront();
    await desk.getByRole("button", { name: publishName }).click();
    await desk.getByRole("dialog").getByRole("button", { name: "发布", exact: true }).click();
    const row = desk.getByRole("row", { name: new RegExp(monthTitle(month)) });
    await poll(() => row.textContent()).toContain("已发布");
    expect(await desk.getByRole("button", { name: publishName }).count()).toBe(0);

    await stale.bringToFront();
    await staleConfirm.getByRole("button", { name: "发布", exact: true }).click();
    await poll(() => stale.getByTestId("edition-refusal").textContent()).toContain(
      "该期红黑榜已发布，不能重复发布",
    );
    await shot(stale, "desk-edition-refused");
    await stale.close();

    // Published: the entry's drawer says where it stands now.
    await desk.goto(`${baseUrl()}/admin/board/${entryId}?state=all`);
    await poll(() => desk.getByTestId("board-detail").textContent()).toContain(
      `${monthTitle(month)}（已发布）`,
    );
    expect(await desk.getByTestId("board-detail").textContent()).toContain("未显示：未到公示日期");
  },
);

it(
  "申诉处理 and 黑白榜设置 open for the admin; a setting out of range is refused by field, in Chinese",
  { timeout: LONG },
  async () => {
    const desk = await open(DESK);
    await adminSteps(desk).login(ADMIN, DEMO_PASSWORD);
    await desk.goto(`${baseUrl()}/admin/board/appeals`);
    await poll(() => desk.title()).toBe("申诉处理 - 创城通管理后台");
    await poll(() => desk.locator(".ant-spin").count()).toBe(0);
    await shot(desk, "desk-appeals");

    await desk.goto(`${baseUrl()}/admin/board/settings`);
    await poll(() => desk.title()).toBe("黑白榜设置 - 创城通管理后台");
    const days = desk.getByLabel("黑榜最长公示天数");
    await poll(() => days.inputValue()).toBe("30");
    await days.fill("45");
    await desk.getByRole("button", { name: "保存", exact: true }).click();
    await poll(() => desk.getByText("黑榜公示最长30天").count()).toBe(1);
    await days.fill("20");
    await desk.getByRole("button", { name: "保存", exact: true }).click();
    await poll(() => desk.getByText("已保存黑白榜设置").count()).toBe(1);
    await shot(desk, "desk-settings");
    // Put back as the demo had it.
    const admin = await apiLogin(ADMIN, DEMO_PASSWORD);
    const tree = await apiQuery<Array<{ id: number; name: string }>>("", "org.publicTree");
    const communityId = tree.find((u) => u.name === "东街社区")!.id;
    const saved = await apiQuery<{ blackMaxDays: number }>(admin, "board.settings", { communityId });
    expect(saved.blackMaxDays).toBe(20);
    await apiMutate(admin, "board.setSettings", { ...saved, communityId, blackMaxDays: 30 });
  },
);

it(
  "李秀英 links a resident to a 黑榜 entry; the resident appeals; the street admin 王建国 decides 维持 in 申诉处理",
  { timeout: LONG },
  async () => {
    const title = `楼道乱堆杂物 ${Date.now() % 100000}`;
    const tree = await apiQuery<Array<{ id: number; name: string }>>("", "org.publicTree");
    const communityId = tree.find((u) => u.name === "东街社区")!.id;
    const courtyardId = tree.find((u) => u.name === "邮政局家属院")!.id;
    const mobile = "13666120001";
    const password = "board-console-2026";
    await apiMutate("", "auth.registerResident", {
      mobile,
      password,
      name: "韩素梅",
      communityId,
      courtyardId,
    });

    // 李秀英 proposes from the desk, finding the resident by name.
    const desk = await open(DESK);
    await adminSteps(desk).login(ADMIN, DEMO_PASSWORD);
    await desk.goto(`${baseUrl()}/admin/board/new`);
    await poll(() => desk.title()).toBe("提名上榜 - 创城通管理后台");
    await desk
      .locator("label")
      .filter({ hasText: /^乱堆乱放$/ })
      .click();
    await desk
      .locator("label")
      .filter({ hasText: /^邮政局家属院$/ })
      .click();
    await desk.getByLabel("标题").fill(title);
    await desk.getByLabel("情况说明").fill("单元门口长期堆放杂物，影响通行。");
    await desk.getByLabel("关联居民（选填）").click();
    await desk.getByLabel("关联居民（选填）").fill("韩素");
    // The dropdown's list of residents has a name of its own (antd gives it none).
    await poll(() => desk.locator("#boardPropose_subjectUserId_list").getAttribute("aria-label")).toBe(
      "搜索到的居民",
    );
    await desk
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: "韩素梅" })
      .first()
      .click();
    await shot(desk, "desk-propose-linked");
    await desk.getByRole("button", { name: "提交审核" }).click();
    await desk.waitForURL(/\/admin\/board\/\d+/);
    const id = Number(/\/board\/(\d+)/.exec(desk.url())![1]);
    await poll(() => desk.getByTestId("board-detail").textContent()).toContain("关联居民账号是");

    // The street admin approves it (not the proposer); the resident appeals within the notice period.
    const street = await apiLogin("13800000001", DEMO_PASSWORD);
    await apiMutate(street, "board.approve", { id });
    const resident = await apiLogin(mobile, password);
    await apiMutate(resident, "board.appeal", {
      id,
      reason: "杂物不是我家的，是装修队临时放置。",
      photos: [],
    });

    // 李秀英 proposed it, so she may not decide: the server says so, in Chinese.
    await desk.goto(`${baseUrl()}/admin/board/appeals`);
    const mine = desk.getByTestId("board-appeal").filter({ hasText: title });
    await poll(() => mine.count()).toBe(1);
    await mine.getByText("维持（申诉不成立）").click();
    await mine.getByLabel("处理意见").fill("经核实为该户杂物");
    await mine.getByRole("button", { name: "提交处理决定" }).click();
    await poll(() => desk.getByText("申诉处理须由提名人以外的管理员进行").count()).toBe(1);

    const page = await open(DESK);
    await adminSteps(page).login("13800000001", DEMO_PASSWORD);
    await page.goto(`${baseUrl()}/admin/board/appeals?community=${communityId}`);
    await poll(() => page.title()).toBe("申诉处理 - 创城通管理后台");
    const card = page.getByTestId("board-appeal").filter({ hasText: title });
    await poll(() => card.textContent()).toContain("杂物不是我家的");
    await card.getByText("维持（申诉不成立）").click();
    await card.getByLabel("处理意见").fill("经现场核实，杂物属该户所有，维持公示");
    await shot(page, "desk-appeal-decide");
    await card.getByRole("button", { name: "提交处理决定" }).click();
    await poll(() => card.count()).toBe(0);
    const after = await apiQuery<{ state: string; appeals: Array<{ decision: string | null }> }>(
      street,
      "board.detail",
      { id },
    );
    expect(after.state).toBe("published");
    expect(after.appeals.map((a) => a.decision)).toEqual(["upheld"]);
  },
);
