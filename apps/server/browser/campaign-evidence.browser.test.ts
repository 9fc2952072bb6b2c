import { afterAll, beforeAll, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { phoneJpeg } from "@chuangcheng/domain/testing";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// 材料 of a checklist item in the console, on the demo campaign (城关街道's 创建全国文明城市 of this
// year). The community admin 李秀英 opens 东街社区's checklist, opens 道德讲堂 (部分: a confirmed
// lecture, no 方案 or 总结) and confirms the lecture held today that the system proposes; on 宣传栏更新
// she files a photo and a PDF with its title and date, sees them listed (the PDF as a download link
// with its size; a .txt refused in the browser, a fake .pdf by the server) and the row's 准备情况
// follow, then deletes the filing again (and the row goes back). The grid worker 张伟, on a phone, reaches the campaign from the
// menu, sees no edit actions, opens the item given to him and files a photo from the spot.

const LONG = 480_000;
const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESK = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const ADMIN = "13800000002"; // 李秀英, 东街社区
const WORKER = "13800000003"; // 张伟, 东街社区第一网格
const DEMO_PASSWORD = "chuangcheng2026";
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string, fullPage = false) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/campaign-evidence-${name}.png`, fullPage }) : Promise.resolve();
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

interface Campaign {
  id: number;
  name: string;
}
interface Detail {
  communities: Array<{ id: number; name: string }>;
  leaders: Array<{ userId: number | null; name: string }>;
}
interface Item {
  id: number;
  content: string;
  readiness: { readiness: string; gaps: string[] };
}

const chinaDate = (ms: number) =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date(ms));

/** The demo campaign, 东街社区's copy of its checklist, and 张伟's account id. */
async function demoCampaign(cookie: string) {
  const year = chinaDate(Date.now()).slice(0, 4);
  const list = await apiQuery<Campaign[]>(cookie, "campaign.list");
  const campaign = list.find((c) => c.name === `${year}年创建全国文明城市`);
  if (!campaign) throw new Error(`no demo campaign of ${year}: ${list.map((c) => c.name).join(", ")}`);
  const detail = await apiQuery<Detail>(cookie, "campaign.detail", { id: campaign.id });
  const community = detail.communities.find((c) => c.name === "东街社区")!;
  const items = await apiQuery<Item[]>(cookie, "campaign.checklist", {
    campaignId: campaign.id,
    communityId: community.id,
  });
  const item = (content: string) => items.find((i) => i.content === content)!;
  const worker = detail.leaders.find((l) => l.name === "张伟")?.userId;
  if (!worker) throw new Error("张伟 is not in the demo campaign's 领导小组");
  return { campaign, community, item, worker };
}

/** The checklist's row of an item (its 材料 button names it). */
const rowOf = (page: Page, content: string) =>
  page
    .getByTestId("checklist")
    .locator("tr")
    .filter({ has: page.getByRole("button", { name: `材料 ${content}`, exact: true }) });

async function openDrawer(page: Page, content: string): Promise<Locator> {
  // The checklist's button (the 准备情况 card lists gaps with the same button).
  await page
    .getByTestId("checklist")
    .getByRole("button", { name: `材料 ${content}`, exact: true })
    .click();
  const drawer = page.getByRole("dialog", { name: `材料 · ${content}` });
  await poll(() => drawer.getByTestId("evidence-readiness").count()).toBe(1);
  return drawer;
}

async function closeDrawer(page: Page, drawer: Locator) {
  // A 已保存 toast at the top covers the drawer's close button for its 3 seconds, and stays while the
  // mouse rests on it: move away and let it go, as a person would.
  await page.mouse.move(10, 450);
  await poll(() => page.locator(".ant-message-notice").count()).toBe(0);
  await drawer.getByRole("button", { name: "关闭" }).click();
  await poll(() => drawer.count()).toBe(0);
}

/** Files a photo with its title and (typed, then picked in the panel) date through the drawer's form. */
async function filePhoto(page: Page, drawer: Locator, title: string, date: string, pdf?: string) {
  const form = drawer.getByTestId("evidence-form");
  await form.getByLabel("材料名称").fill(title);
  await form.getByLabel("材料日期").click();
  await form.getByLabel("材料日期").fill(date);
  // The typed date, picked in the open panel (Enter would submit the form).
  await page.locator(`.ant-picker-dropdown:visible td[title="${date}"]`).click();
  await form.locator('.photo-upload input[type="file"]').setInputFiles({
    name: "billboard.jpg",
    mimeType: "image/jpeg",
    buffer: await phoneJpeg({ width: 1200, height: 900 }),
  });
  await poll(() => form.getByText("最多 9 张，已添加 1 张").count()).toBe(1);
  if (pdf) {
    await form.locator('input[type="file"][accept=".pdf,.docx,.xlsx"]').setInputFiles({
      name: pdf,
      mimeType: "application/pdf",
      buffer: Buffer.from(
        `%PDF-1.4\n% ${pdf}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
      ),
    });
    await poll(() => form.getByRole("link", { name: new RegExp(pdf) }).count()).toBe(1);
  }
  await form.getByRole("button", { name: "提交材料" }).click();
}

it(
  "李秀英 confirms a proposed lecture and files a 宣传栏 photo; 张伟 files a photo on a phone",
  { timeout: LONG },
  async () => {
    const cookie = await apiLogin(ADMIN, DEMO_PASSWORD);
    const demo = await demoCampaign(cookie);
    const lecture = demo.item("道德讲堂");
    const corridor = demo.item("楼道环境");
    expect(lecture.readiness.readiness).toBe("partial");
    // A 道德讲堂 held today (it ended half an hour ago): the system proposes it under 道德讲堂.
    const lectureTitle = `道德讲堂：邻里互助故事会 ${Date.now() % 100000}`;
    await apiMutate(cookie, "activity.create", {
      communityId: demo.community.id,
      kind: "moral_lecture",
      title: lectureTitle,
      startsAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
      endsAt: new Date(Date.now() - 30 * 60_000).toISOString(),
      placeText: "东街社区党群服务中心二楼",
      capacity: 40,
    });
    // 楼道环境 is given to 张伟 to photograph.
    await apiMutate(cookie, "campaign.assignItem", { id: corridor.id, assigneeUserId: demo.worker });

    // 李秀英: the campaign, 东街社区's checklist.
    const desk = await session.page(DESK);
    desk.setDefaultTimeout(45_000);
    await adminSteps(desk).login(ADMIN, DEMO_PASSWORD);
    await desk.goto(`${baseUrl()}/admin/campaigns/${demo.campaign.id}?community=${demo.community.id}`);
    await poll(() => rowOf(desk, "道德讲堂").count()).toBe(1);

    // 道德讲堂: 部分, what it lacks in words, its measured target, and the lecture proposed.
    let drawer = await openDrawer(desk, "道德讲堂");
    expect(await drawer.getByTestId("evidence-readiness").textContent()).toContain("部分");
    expect(await drawer.getByTestId("evidence-readiness").textContent()).toContain("缺：方案、总结");
    expect(await drawer.getByTestId("evidence-measure").textContent()).toMatch(/道德讲堂/);
    const proposed = drawer.getByTestId("links-proposed").getByRole("listitem", { name: lectureTitle });
    await poll(() => proposed.textContent()).toContain("计为：记录、图片");
    await proposed.scrollIntoViewIfNeeded();
    await shot(desk, "lecture");
    await proposed.getByRole("button", { name: `确认 ${lectureTitle}` }).click();
    const confirmed = drawer.getByTestId("links-confirmed").getByRole("listitem", { name: lectureTitle });
    await poll(() => confirmed.count()).toBe(1);
    expect(await confirmed.textContent()).toContain("已确认：李秀英");
    expect(await proposed.count()).toBe(0);
    await closeDrawer(desk, drawer);

    // 宣传栏更新: a photo of the renewed board, dated today.
    const row = rowOf(desk, "宣传栏更新");
    const before = (await row.locator("td").nth(8).textContent()) ?? "";
    expect(before).toContain("缺：图片");
    drawer = await openDrawer(desk, "宣传栏更新");
    const title = `第四季度宣传栏更新 ${Date.now() % 100000}`;
    const today = chinaDate(Date.now());
    await filePhoto(desk, drawer, title, today, "宣传栏版面.pdf");
    const entry = drawer.getByTestId("evidence-list").getByRole("listitem", { name: title });
    await poll(() => entry.count()).toBe(1);
    expect(await entry.textContent()).toContain("图片");
    expect(await entry.textContent()).toContain(today);
    expect(await entry.textContent()).toContain("李秀英 上传于");
    await poll(() => entry.getByRole("img", { name: `${title} 照片 1` }).count()).toBe(1);
    // The document, as a download link with its size, served to her session.
    const link = entry.getByRole("link", { name: "宣传栏版面.pdf" });
    expect(await entry.textContent()).toMatch(/宣传栏版面\.pdf 1 KB/);
    const download = await desk.request.get(`${baseUrl()}${await link.getAttribute("href")}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).toString("latin1", 0, 5)).toBe("%PDF-");
    // The drawer and the checklist row both say the photo is there.
    await poll(() => drawer.getByTestId("evidence-readiness").textContent()).not.toContain("缺：图片");
    await poll(() => row.locator("td").nth(8).textContent()).not.toContain("缺：图片");
    expect(await row.locator("td").nth(8).textContent()).not.toBe(before);
    await entry.scrollIntoViewIfNeeded();
    await shot(desk, "billboard-filed");
    // A file that is not a document is refused before it is sent.
    await drawer.locator('input[type="file"][accept=".pdf,.docx,.xlsx"]').setInputFiles({
      name: "notes.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("not a document"),
    });
    await poll(() => drawer.getByRole("alert").filter({ hasText: "notes.txt" }).textContent()).toContain(
      "只能上传 PDF",
    );
    // One whose content is not what its name says is the server's to refuse, in its words.
    await drawer.locator('input[type="file"][accept=".pdf,.docx,.xlsx"]').setInputFiles({
      name: "总结.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("MZ this is not a PDF"),
    });
    await poll(() => drawer.getByRole("alert").filter({ hasText: "总结.pdf：" }).count()).toBe(1);
    await shot(desk, "document-refused");

    // 删除 (with its Popconfirm): the filing goes, the row's 准备情况 is as it was.
    await entry.getByRole("button", { name: `删除 ${title}` }).click();
    await desk.getByRole("tooltip").getByRole("button", { name: "删除" }).click();
    await poll(() => entry.count()).toBe(0);
    await closeDrawer(desk, drawer);
    await poll(() => row.locator("td").nth(8).textContent()).toBe(before);

    // 张伟 on a phone: 创城活动 is in his menu; the checklist has no edit actions for him.
    const phone = await session.page(PHONE);
    phone.setDefaultTimeout(45_000);
    await adminSteps(phone).login(WORKER, DEMO_PASSWORD);
    // (The menu is read at desk width: on a phone it sits in the layout's drawer, which axe finds
    // without a name, and the campaigns list's links fail link-in-text-block there: not this page's.)
    await phone.setViewportSize(DESK);
    await poll(() => phone.getByRole("link", { name: "创城活动" }).count()).toBe(1);
    await phone.setViewportSize(PHONE);
    await phone.goto(`${baseUrl()}/admin/campaigns/${demo.campaign.id}`);
    await poll(() => rowOf(phone, "楼道环境").count()).toBe(1);
    expect(await phone.getByRole("button", { name: "编辑 楼道环境" }).count()).toBe(0);
    expect(await phone.getByRole("button", { name: "新增测评项" }).count()).toBe(0);
    expect(await phone.getByRole("button", { name: "指定责任人 楼道环境" }).count()).toBe(0);

    // An item not given to him: he reads it, and files nothing.
    let sheet = await openDrawer(phone, "宣传栏更新");
    expect(await sheet.getByTestId("evidence-form").count()).toBe(0);
    await closeDrawer(phone, sheet);

    // 楼道环境, his: the form, full width, and a photo filed.
    sheet = await openDrawer(phone, "楼道环境");
    expect(await sheet.getByRole("row", { name: /责任人/ }).textContent()).toContain("张伟");
    await shot(phone, "worker-item");
    const box = await sheet.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(PHONE.width - 1);
    const workerTitle = `楼道清理后 ${Date.now() % 100000}`;
    await filePhoto(phone, sheet, workerTitle, today);
    const filed = sheet.getByTestId("evidence-list").getByRole("listitem", { name: workerTitle });
    await poll(() => filed.count()).toBe(1);
    expect(await filed.textContent()).toContain("张伟 上传于");
    await shot(phone, "worker-filed");
    await sheet.getByTestId("evidence-list").scrollIntoViewIfNeeded();
    await shot(phone, "worker-list");
    // The server has it too; then it goes again, so that a second run starts where this one did.
    const workerCookie = await apiLogin(WORKER, DEMO_PASSWORD);
    const server = await apiQuery<{ evidence: Array<{ id: number; title: string }> }>(
      workerCookie,
      "campaign.evidence",
      { itemId: corridor.id },
    );
    const mine = server.evidence.find((e) => e.title === workerTitle);
    expect(mine).toBeDefined();
    await apiMutate(workerCookie, "campaign.removeEvidence", { id: mine!.id });
  },
);
