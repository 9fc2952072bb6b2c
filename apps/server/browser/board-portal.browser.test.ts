import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { phoneJpeg } from "@chuangcheng/domain/testing";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { baseUrl, browserSession } from "./pages.js";

// 黑白榜 on the resident's phone (390 px): a resident nominates a neighbour's 好人好事 with a photo and
// finds it in 我的推荐 as 待审核; once a 社区 admin approves it and publishes the month's edition, the
// board shows it in the 白榜 with the neighbour's name masked, to the resident and to a visitor (who
// picks the 社区 and is told the 黑榜 is for its residents). A resident a grid worker links to a 黑榜
// entry is told before it shows, opens the notice from 消息 and files an 申诉; the admin's decision
// then shows on the notice. Staff act through the API (the console's own flow is tested elsewhere).

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const PASSWORD = "board-portal-2026";
const DEMO_PASSWORD = "chuangcheng2026";
const ADMIN = "13800000002"; // 李秀英, 东街社区
const GRID_WORKER = "13800000003"; // 张伟, 东街社区第一网格
const NEIGHBOUR = "王秀兰";

const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true }) : Promise.resolve();

interface Unit {
  id: number;
  kind: string;
  name: string;
  parentId: number | null;
}

async function eastCommunity() {
  const tree = await apiQuery<Unit[]>("", "org.publicTree");
  const community = tree.find((u) => u.kind === "community" && u.name === "东街社区")!.id;
  const courtyard = tree.find((u) => u.kind === "courtyard" && u.name === "邮政局家属院")!.id;
  return { community, courtyard };
}

async function registerResident(mobile: string, name: string) {
  const { community, courtyard } = await eastCommunity();
  await apiMutate("", "auth.registerResident", {
    mobile,
    password: PASSWORD,
    name,
    communityId: community,
    courtyardId: courtyard,
  });
  return apiLogin(mobile, PASSWORD);
}

async function login(page: Page, mobile: string) {
  await page.goto(`${baseUrl()}/login?next=%2F`);
  await page.locator("#login_mobile").fill(mobile);
  await page.locator("#login_password").fill(PASSWORD);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

async function uploadAs(cookie: string, jpeg: Buffer): Promise<number> {
  const body = new FormData();
  body.append("file", new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }), "clutter.jpg");
  const res = await fetch(`${baseUrl()}/api/files`, { method: "POST", headers: { cookie }, body });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

/** Publishes this month's edition of the 社区 unless another test already did (a second publish is refused). */
async function publishThisMonth(admin: string, communityId: number) {
  const { id } = await apiMutate<{ id: number }>(admin, "board.prepareEdition", { communityId });
  const editions = await apiQuery<Array<{ id: number; publishedAt: string | null }>>(
    admin,
    "board.editions",
    {
      communityId,
    },
  );
  if (editions.find((e) => e.id === id)?.publishedAt === null) {
    await apiMutate(admin, "board.publishEdition", { id });
  }
}

/** Scrolls through the page so that every lazy photo loads, then waits until they have. */
async function loadAllPhotos(page: Page) {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 400) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 50));
    }
    window.scrollTo(0, 0);
  });
  await expect
    .poll(() =>
      page
        .locator("img")
        .evaluateAll((imgs) =>
          imgs.every((i) => (i as unknown as { complete: boolean; naturalWidth: number }).naturalWidth > 0),
        ),
    )
    .toBe(true);
}

const formItem = (page: Page, label: string): Locator =>
  page.locator(".adm-form-item").filter({ has: page.locator("label", { hasText: label }) });
const fieldErrors = (item: Locator) => item.locator(".adm-form-item-feedback-error").allTextContents();

interface MyBoard {
  nominations: Array<{ id: number; title: string; state: string }>;
  notices: Array<{ id: number; state: string; canAppeal: boolean; appeals: Array<{ reason: string }> }>;
}

describe("黑白榜 on the phone", () => {
  // A new mobile on a retry (1396669010x): the failed attempt may have left its resident registered.
  // Each test counts its own attempts.
  let nominateAttempts = 0;
  let noticeAttempts = 0;

  it("a nomination with a photo goes 待审核 → on the 白榜 with the neighbour's name masked", async () => {
    const nominator = String(13966690001 + 100 * nominateAttempts++);
    const cookie = await registerResident(nominator, "推荐人甲");
    const page = await session.page();
    await login(page, nominator);

    // 首页 → 黑白榜 (nothing published yet for this month, or another test's edition) → 推荐身边好人.
    await expect.poll(() => page.getByTestId("home-board-link").textContent()).toContain("黑白榜");
    await shot(page, "board-home");
    await page.getByTestId("home-board-link").click();
    await page.waitForURL((url) => url.pathname === "/board");
    await expect.poll(() => page.getByTestId("board-edition").count()).toBe(1);
    await page.getByTestId("board-nominate-link").click();
    await page.waitForURL((url) => url.pathname === "/board/nominate");

    // Nothing filled in: the form names what is missing beside each field.
    await expect.poll(() => page.getByLabel("所在楼院").textContent()).toContain("邮政局家属院");
    await page.getByRole("button", { name: "提交推荐" }).click();
    await expect.poll(() => fieldErrors(formItem(page, "推荐类别"))).toEqual(["请选择推荐类别"]);
    expect(await fieldErrors(formItem(page, "被推荐人姓名"))).toEqual(["请填写被推荐人的姓名"]);
    expect(await fieldErrors(formItem(page, "标题"))).toEqual(["请填写标题"]);
    await shot(page, "board-nominate-errors");

    await formItem(page, "推荐类别").getByText("好人好事", { exact: true }).click();
    await page.getByLabel("被推荐人姓名").fill(NEIGHBOUR);
    await page.getByLabel("标题").fill("冒雪为独居老人送菜");
    await page
      .getByLabel("事迹说明")
      .fill(`大雪封路那几天，${NEIGHBOUR}阿姨每天给3号楼的独居老人送菜送药，还帮忙清扫楼道积雪。`);
    await page.locator(".photo-picker input[type='file']").setInputFiles([
      {
        name: "IMG_0100.jpg",
        mimeType: "image/jpeg",
        buffer: await phoneJpeg({ width: 1200, height: 900 }),
      },
    ]);
    await expect.poll(() => page.getByRole("img", { name: "第1张照片" }).count()).toBe(1);
    await shot(page, "board-nominate-filled");
    await page.getByRole("button", { name: "提交推荐" }).click();
    const done = page.getByTestId("board-nominated");
    await expect
      .poll(() => done.getByRole("heading", { name: "推荐已提交" }).count(), { timeout: 30_000 })
      .toBe(1);

    await shot(page, "board-nominated");

    // Stored once as a 待审核 白榜 nomination; 我的推荐 says so.
    const mine = await apiQuery<MyBoard>(cookie, "board.mine");
    expect(mine.nominations).toHaveLength(1);
    const entryId = mine.nominations[0]!.id;
    expect(mine.nominations[0]).toMatchObject({ title: "冒雪为独居老人送菜", state: "pending" });
    await done.getByRole("button", { name: "我的推荐" }).click();
    await page.waitForURL((url) => url.pathname === "/board/mine");
    const item = page.locator(`[data-testid='board-my-nomination'][data-entry-id='${entryId}']`);
    await expect.poll(() => item.getByTestId("board-my-nomination-state").textContent()).toBe("待审核");
    await shot(page, "board-mine-pending");

    // 李秀英 (not the proposer) approves it and publishes the month's edition.
    const admin = await apiLogin(ADMIN, DEMO_PASSWORD);
    const { community, courtyard } = await eastCommunity();
    await apiMutate(admin, "board.approve", { id: entryId });
    await publishThisMonth(admin, community);

    // The board: the entry in the 白榜, the neighbour only as 王**, even where the text named her.
    await page.goto(`${baseUrl()}/board`);
    const entry = page.locator(`[data-testid='board-white'] [data-entry-id='${entryId}']`);
    await expect.poll(() => entry.getByTestId("board-entry-subject").textContent()).toBe("王**");
    const text = (await entry.textContent()) ?? "";
    expect(text).toContain("冒雪为独居老人送菜");
    expect(text).toContain("王**阿姨每天给3号楼的独居老人送菜送药");
    expect(text).toContain("好人好事");
    expect(text).toContain("邮政局家属院");
    expect(await page.locator("body").textContent()).not.toContain(NEIGHBOUR);
    const photo = entry.getByRole("img", { name: "冒雪为独居老人送菜的照片 1" });
    await expect
      .poll(() => photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    expect(await page.getByTestId("board-counts").textContent()).toMatch(/好人好事\s*\d+/);
    await loadAllPhotos(page);
    await shot(page, "board-resident");
    // 关怀模式: the same board in its larger type.
    await page.evaluate(() => document.documentElement.classList.add("care-mode"));
    await shot(page, "board-resident-care");
    await page.evaluate(() => document.documentElement.classList.remove("care-mode"));

    // The 楼院 filter: another 楼院 of the 社区 does not list it; back to 全部楼院 does.
    await page.getByLabel("楼院").click();
    await page.getByRole("option", { name: "房管所家属院" }).click();
    await expect.poll(() => page.url()).toContain("courtyard=");
    await expect.poll(() => entry.count()).toBe(0);
    await page.getByLabel("楼院").click();
    await page.getByRole("option", { name: "全部楼院" }).click();
    await expect.poll(() => entry.count()).toBe(1);

    // 我的推荐: 已公示. 往期榜单 lists this month's edition and opens it.
    await page.getByRole("link", { name: "往期榜单" }).click();
    await page.waitForURL((url) => url.pathname === "/board/editions");
    const month = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" })
      .format(new Date())
      .slice(0, 7);
    const edition = page.locator(`[data-testid='board-editions'] a[data-month='${month}']`);
    await expect.poll(() => edition.textContent()).toContain("东街社区红黑榜");
    await shot(page, "board-editions");
    await edition.click();
    await page.waitForURL((url) => url.pathname === "/board" && url.search.includes(`month=${month}`));
    await expect.poll(() => entry.count()).toBe(1);
    await page.goto(`${baseUrl()}/board/mine`);
    await expect.poll(() => item.getByTestId("board-my-nomination-state").textContent()).toBe("已公示");

    // A visitor: picks 东街社区; the 白榜 shows, the 黑榜 is for its residents.
    const visitor = await session.page();
    await visitor.goto(`${baseUrl()}/board`);
    await expect.poll(() => visitor.getByTestId("board-choose").count()).toBe(1);
    await visitor.getByLabel("社区").click();
    await visitor.getByRole("option", { name: "东街社区" }).click();
    const seen = visitor.locator(`[data-testid='board-white'] [data-entry-id='${entryId}']`);
    await expect.poll(() => seen.getByTestId("board-entry-subject").textContent()).toBe("王**");
    expect(await visitor.getByTestId("board-black-hidden").textContent()).toContain(
      "黑榜仅向东街社区已登录的居民公开",
    );
    expect(await visitor.locator("body").textContent()).not.toContain(NEIGHBOUR);
    expect(visitor.url()).toContain(`community=${community}`);
    await loadAllPhotos(visitor);
    await shot(visitor, "board-visitor");
    expect(courtyard).toBeGreaterThan(0);
  }, 120_000);

  it("a resident linked to a 黑榜 entry opens the notice from 消息, appeals, and reads the decision", async () => {
    const linked = String(13966690002 + 100 * noticeAttempts++);
    const cookie = await registerResident(linked, "被告知乙");
    const me = await apiQuery<{ id: number }>(cookie, "auth.me");
    const { courtyard } = await eastCommunity();

    // 张伟 proposes a 楼道堆物 entry with a photo, linked to the resident; 李秀英 confirms the photo and approves.
    const worker = await apiLogin(GRID_WORKER, DEMO_PASSWORD);
    const photo = await uploadAs(worker, await phoneJpeg({ width: 1000, height: 750 }));
    const { id } = await apiMutate<{ id: number }>(worker, "board.propose", {
      category: "corridor_clutter",
      courtyardId: courtyard,
      title: "2号楼1单元楼道堆放杂物",
      description: "2号楼1单元一楼楼道长期堆放纸箱和旧家具，堵塞消防通道。",
      subjectKind: "place",
      subjectUserId: me.id,
      photos: [photo],
      submit: true,
    });
    const admin = await apiLogin(ADMIN, DEMO_PASSWORD);
    await apiMutate(admin, "board.confirmPhotos", { id });
    await apiMutate(admin, "board.approve", { id });

    // 消息 → the notice: what, where, from when, and until when an 申诉 is open.
    const page = await session.page();
    await login(page, linked);
    // 关怀模式 (this resident's choice): the home's large tiles include 黑白榜; the pages below in its large type.
    await page.goto(`${baseUrl()}/me`);
    const care = page.getByRole("switch", { name: "关怀模式" });
    await care.click();
    await expect.poll(() => care.getAttribute("aria-checked")).toBe("true");
    await page.goto(`${baseUrl()}/`);
    const tile = page.getByRole("navigation", { name: "常用功能" }).getByRole("link", { name: /黑白榜/ });
    await expect.poll(() => tile.count()).toBe(1);
    await shot(page, "board-care-home");
    await tile.click();
    await page.waitForURL((url) => url.pathname === "/board");
    await expect.poll(() => page.getByTestId("board-edition").count()).toBe(1);
    await page.goto(`${baseUrl()}/messages`);
    await page.getByTestId("notice-item").filter({ hasText: "黑榜公示告知" }).click();
    await page.waitForURL((url) => url.pathname === `/board/notices/${id}`);
    const notice = page.getByTestId("board-notice");
    await expect.poll(() => notice.getByRole("heading", { name: "2号楼1单元楼道堆放杂物" }).count()).toBe(1);
    // Approved, but not on the board before the notice period ends: 待公示.
    expect(await notice.getByTestId("board-notice-state").textContent()).toBe("待公示");
    expect(await notice.getByTestId("board-notice-hint").textContent()).toMatch(
      /请在\d{4}年\d+月\d+日（含当日）前提出申诉/,
    );
    expect(await notice.textContent()).toContain("邮政局家属院");
    await shot(page, "board-notice");

    // An empty 申诉 is refused beside its field; a real one goes through and the page says 申诉中.
    await page.getByRole("button", { name: "提交申诉" }).click();
    await expect.poll(() => fieldErrors(formItem(page, "申诉理由"))).toEqual(["请填写申诉理由"]);
    await page.getByLabel("申诉理由").fill("这些纸箱是楼上邻居装修留下的，不是我家的，我已经联系物业清理。");
    await page.locator(".photo-picker input[type='file']").setInputFiles([
      {
        name: "IMG_0200.jpg",
        mimeType: "image/jpeg",
        buffer: await phoneJpeg({ width: 900, height: 900 }),
      },
    ]);
    await expect.poll(() => page.getByRole("img", { name: "第1张照片" }).count()).toBe(1);
    await page.getByRole("button", { name: "提交申诉" }).click();
    await expect
      .poll(() => notice.getByTestId("board-notice-state").textContent(), { timeout: 30_000 })
      .toBe("申诉中");
    expect(await page.getByTestId("board-appeal-form").count()).toBe(0);
    expect(await page.getByTestId("board-appeal-outcome").textContent()).toBe("社区正在处理您的申诉");
    const mine = await apiQuery<MyBoard>(cookie, "board.mine");
    expect(mine.notices.find((n) => n.id === id)).toMatchObject({ state: "appealing", canAppeal: false });
    await shot(page, "board-notice-appealed");

    // 李秀英 (not the proposer) upholds it with a reason: the notice shows the outcome.
    await apiMutate(admin, "board.decideAppeal", {
      id,
      decision: "upheld",
      reason: "经网格员现场核实，杂物属于该户，请尽快清理。",
    });
    await page.reload();
    await expect
      .poll(() => page.getByTestId("board-appeal-outcome").textContent())
      .toBe("申诉未被采纳，维持公示");
    expect(await page.getByTestId("board-appeals").textContent()).toContain("处理意见：经网格员现场核实");
    expect(await page.getByTestId("board-notice-hint").textContent()).toContain("您的申诉未被采纳");
    expect(await page.getByTestId("board-appeal-form").count()).toBe(0);
    await shot(page, "board-notice-decided");

    // 我的推荐 lists the notice too.
    await page.goto(`${baseUrl()}/board/mine`);
    await expect.poll(() => page.getByTestId("board-my-notice").count()).toBe(1);
    await shot(page, "board-mine-notice");
  }, 120_000);
});
