import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { phoneJpeg, testDocx, testPdf } from "@chuangcheng/domain/testing";
import { adminSteps } from "./admin-steps.js";
import { chooseOption } from "./choose-option.js";
import { apiLogin, apiQuery } from "./api.js";
import { browserSession } from "./pages.js";

// Issue 10's browser flow, end to end, through the console as people use it:
// 1. the street admin 王建国 creates a 全国文明城市 campaign for 城关街道 from the built-in 测评体系;
// 2. the community admin of 东街社区, 李秀英, finds it under 创城活动 and opens her 社区's checklist;
// 3. 道德讲堂 is 部分 from the existing activities: the demo's 道德讲堂 is proposed as its record and
//    already counts towards its measured target (≥ 2 a month);
// 4. she uploads a 宣传栏 photo under 宣传栏设置, which turns 齐全;
// 5. she uploads the 道德讲堂 总结 (and its 方案) as documents and confirms the proposed activity: every
//    kind of evidence the item needs is there, and only its measured target is left;
// 6. she grades a 模拟测评 round and finds its estimated score listed;
// 7. she downloads 东街社区's 台账 zip and opens it: the 待审材料索引表 names her files, and they are in it;
// 8. she opens 常态工作日历: this month's 道德讲堂 (每月 2 次) is 待完成, with how many were held so far (or
//    已完成, where the server counts two this month).
//
// Why 宣传栏设置 and not 道德讲堂 turns 齐全: 道德讲堂 is 齐全 only with 方案、记录、图片、总结 AND at least
// two 道德讲堂 in every month of the period so far (community-template.ts; rules.ts readinessOf). The
// demo holds one, 12 days before the server started (seed/demo-volunteers.ts), so the month it falls in
// has one, not two, and the month in progress has none: no period that includes it can be met from the
// demo data. Making up lectures to reach the target would test our fixtures, not the story; so the
// item that honestly turns 齐全 is the one the 宣传栏 photo goes to, and 道德讲堂 is checked to have all
// its evidence with only the target left (or 齐全, should other flows of the run have met it).
//
// A campaign of its own (the demo campaign is other flows' to read), named so that no other flow's
// search finds it; it confirms the demo lecture only within itself.

const LONG = 600_000;
const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESK = { width: 1280, height: 900 };
const STREET_ADMIN = "13800000001"; // 王建国, 城关街道
const COMMUNITY_ADMIN = "13800000002"; // 李秀英, 东街社区
const DEMO_PASSWORD = "chuangcheng2026";
const DEMO_LECTURE = "道德讲堂：身边好人故事会"; // seed/demo-volunteers.ts
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string, fullPage = false) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/campaign-flow-${name}.png`, fullPage }) : Promise.resolve();
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

/** A China date (YYYY-MM-DD) `days` from now (UTC+8 all year). */
const chinaDate = (days = 0) =>
  new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

async function open(mobile: string) {
  const page = await session.page(DESK);
  page.setDefaultTimeout(45_000);
  await adminSteps(page).login(mobile, DEMO_PASSWORD);
  return page;
}

/** Types a date into a date field and picks it in the open panel (Enter would submit the form). */
async function fillDate(page: Page, label: string, date: string) {
  await page.getByLabel(label, { exact: true }).fill(date);
  await page.getByTitle(date, { exact: true }).filter({ visible: true }).click();
}

/** Chooses files through the file dialog a button opens, as a person does. */
async function upload(page: Page, button: Locator, file: { name: string; mimeType: string; buffer: Buffer }) {
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), button.click()]);
  await chooser.setFiles(file);
}

/** The checklist (东街社区's copy) and an item's row, found by its 材料 button. */
const checklist = (page: Page) => page.getByTestId("checklist");
const rowOf = (page: Page, content: string) =>
  checklist(page)
    .getByRole("row")
    .filter({ has: page.getByRole("button", { name: `材料 ${content}`, exact: true }) });

/** The text of the checklist's 准备情况 cell of an item. */
async function readinessCell(page: Page, content: string) {
  const headers = await checklist(page).getByRole("columnheader").allTextContents();
  const column = headers.indexOf("准备情况");
  expect(column, headers.join("|")).toBeGreaterThan(0);
  return (await rowOf(page, content).getByRole("cell").nth(column).textContent()) ?? "";
}

async function openDrawer(page: Page, content: string) {
  await checklist(page)
    .getByRole("button", { name: `材料 ${content}`, exact: true })
    .click();
  const drawer = page.getByRole("dialog", { name: `材料 · ${content}` });
  await poll(() => drawer.getByRole("row", { name: /准备情况/ }).count()).toBe(1);
  return drawer;
}

/** The drawer's 准备情况 and 测量结果 rows, as text. */
const drawerRow = async (drawer: Locator, label: "准备情况" | "测量结果") =>
  (await drawer.getByRole("row", { name: new RegExp(`^${label}`) }).textContent()) ?? "";

async function closeDrawer(page: Page, drawer: Locator) {
  // The 材料已上传 toast covers the drawer's close button while the mouse rests on it: move away.
  await page.mouse.move(10, 450);
  await drawer.getByRole("button", { name: "关闭" }).click();
  await poll(() => drawer.count()).toBe(0);
}

/** Files one document of a kind under the item open in `drawer`, with its title (dated today). */
async function fileDocument(
  page: Page,
  drawer: Locator,
  kind: string,
  title: string,
  file: { name: string; mimeType: string; buffer: Buffer },
) {
  const form = drawer.getByRole("region", { name: "上传材料" });
  await chooseOption(page, form, "材料类型", kind);
  await form.getByLabel("材料名称").fill(title);
  await upload(page, form.getByRole("button", { name: "上传文件" }), file);
  // Uploaded: listed as a link with its name and size.
  await poll(() => form.getByRole("link", { name: new RegExp(file.name.replace(".", "\\.")) }).count()).toBe(
    1,
  );
  await form.getByRole("button", { name: "提交材料" }).click();
  const entry = drawer.getByRole("listitem", { name: title, exact: true });
  await poll(() => entry.count()).toBe(1);
  expect(await entry.textContent()).toContain(kind);
  expect(await entry.getByRole("link", { name: file.name }).count()).toBe(1);
}

it(
  "issue 10: a campaign from the template, 东街社区's evidence, 模拟测评, 台账 and the calendar of duties",
  { timeout: LONG },
  async () => {
    const stamp = String(Date.now()).slice(-6);
    const name = `城关街道创建全国文明城市全流程 ${stamp}`;
    // From the first of last month (the demo's 道德讲堂, 12 days ago, falls in the period whatever the
    // day) to the end of next year.
    const today = chinaDate();
    const [year, month] = today.split("-").map(Number) as [number, number];
    const periodStart =
      month === 1 ? `${year - 1}-12-01` : `${year}-${String(month - 1).padStart(2, "0")}-01`;
    const periodEnd = `${year + 1}-12-31`;

    // 1. 王建国: 创城活动 → 新建创城活动, 全国文明城市 for 城关街道.
    const street = await open(STREET_ADMIN);
    await street.getByRole("link", { name: "创城活动" }).click();
    await street.getByRole("button", { name: "新建创城活动" }).click();
    await poll(() => street.title()).toBe("新建创城活动 - 创城通管理后台");
    await street.getByLabel("活动名称").fill(name);
    // 全国文明城市 is the kind a new campaign starts with.
    const form = street.getByRole("main");
    await poll(() => form.getByTitle("全国文明城市", { exact: true }).count()).toBe(1);
    await fillDate(street, "开始日期", periodStart);
    await fillDate(street, "结束日期", periodEnd);
    await chooseOption(street, form, "所属街道或社区", "城关街道（街道）");
    await shot(street, "new");
    await street.getByRole("button", { name: "创建" }).click();
    await street.waitForURL(/\/admin\/campaigns\/\d+$/);
    const scope = street.getByRole("row").filter({ hasText: "范围" }).first();
    await poll(() => scope.textContent()).toContain("城关街道");
    expect(await scope.textContent()).toContain("全国文明城市");
    expect(await scope.textContent()).toContain(`${periodStart} 至 ${periodEnd}`);
    // Made from the template: every 社区 of the street has its copy, 38 items in 9 测评项目.
    await poll(() => street.getByTestId("checklist-group").count()).toBe(9);

    // 2. 李秀英: 创城活动 → the campaign → 东街社区's checklist.
    const page = await open(COMMUNITY_ADMIN);
    await page.getByRole("link", { name: "创城活动" }).click();
    await page.getByRole("link", { name, exact: true }).click();
    await page.waitForURL(/\/admin\/campaigns\/\d+$/);
    await poll(() => rowOf(page, "道德讲堂").count()).toBe(1);
    expect(await page.getByText("模拟测评 · 东街社区").count()).toBe(1);

    // 3. 道德讲堂: 部分, from the activity the 社区 already held (none of its evidence filed yet).
    const lectureBefore = await readinessCell(page, "道德讲堂");
    expect(lectureBefore).toContain("部分");
    expect(lectureBefore).toContain("缺：方案、记录、图片、总结");
    let drawer = await openDrawer(page, "道德讲堂");
    expect(await drawerRow(drawer, "准备情况")).toContain("部分");
    // Its target is measured from the activities held: not met yet, and counted.
    const target = await drawerRow(drawer, "测量结果");
    expect(target).toContain("未达标");
    expect(target).toMatch(/道德讲堂 (\d+年)?\d+月 仅[01]次/);
    const proposed = drawer
      .getByRole("region", { name: "待确认的记录" })
      .getByRole("listitem", { name: DEMO_LECTURE });
    await poll(() => proposed.textContent()).toContain("计为：记录、图片");
    await proposed.scrollIntoViewIfNeeded();
    await shot(page, "lecture-partial");
    await closeDrawer(page, drawer);

    // 4. 宣传栏设置: 缺失, then a photo of the 宣传栏 (dated today, the form's default): 齐全.
    expect(await readinessCell(page, "宣传栏设置")).toContain("缺失");
    drawer = await openDrawer(page, "宣传栏设置");
    const photoTitle = `邮政局家属院宣传栏 ${stamp}`;
    const photoForm = drawer.getByRole("region", { name: "上传材料" });
    await photoForm.getByLabel("材料名称").fill(photoTitle);
    // The 添加照片 card is the upload's button.
    await upload(page, photoForm.getByRole("button", { name: "添加照片" }), {
      name: "宣传栏.jpg",
      mimeType: "image/jpeg",
      buffer: await phoneJpeg({ width: 1200, height: 900 }),
    });
    await poll(() => photoForm.getByText("最多 9 张，已添加 1 张").count()).toBe(1);
    await photoForm.getByRole("button", { name: "提交材料" }).click();
    const photo = drawer.getByRole("listitem", { name: photoTitle, exact: true });
    await poll(() => photo.getByRole("img", { name: `${photoTitle} 照片 1` }).count()).toBe(1);
    expect(await photo.textContent()).toContain(today);
    await poll(() => drawerRow(drawer, "准备情况")).toContain("齐全");
    await drawer.getByRole("row", { name: /^准备情况/ }).scrollIntoViewIfNeeded();
    await shot(page, "billboard-complete");
    await closeDrawer(page, drawer);
    await poll(() => readinessCell(page, "宣传栏设置")).toContain("齐全");

    // 5. 道德讲堂: the 总结 and the 方案 as documents, and the proposed activity confirmed.
    drawer = await openDrawer(page, "道德讲堂");
    const summary = { name: "道德讲堂活动总结.docx", buffer: testDocx(`东街社区道德讲堂活动总结 ${stamp}`) };
    const plan = { name: "道德讲堂活动方案.pdf", buffer: testPdf(`东街社区道德讲堂活动方案 ${stamp}`) };
    await fileDocument(page, drawer, "总结", `道德讲堂活动总结 ${stamp}`, {
      ...summary,
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    });
    await poll(() => drawerRow(drawer, "准备情况")).toContain("缺：方案、记录、图片");
    await fileDocument(page, drawer, "方案", `道德讲堂活动方案 ${stamp}`, {
      ...plan,
      mimeType: "application/pdf",
    });
    await poll(() => drawerRow(drawer, "准备情况")).toContain("缺：记录、图片");
    await proposed.getByRole("button", { name: `确认 ${DEMO_LECTURE}` }).click();
    const confirmed = drawer
      .getByRole("region", { name: "已确认的记录" })
      .getByRole("listitem", { name: DEMO_LECTURE });
    await poll(() => confirmed.textContent()).toContain("已确认：李秀英");
    expect(await proposed.count()).toBe(0);
    // Every kind of evidence it needs is there; what is left is its target, and the item is 齐全
    // exactly when that is met (with the demo data alone it is not: see the top of the file).
    await poll(() => drawerRow(drawer, "准备情况")).not.toContain("缺：");
    const met = (await drawerRow(drawer, "测量结果")).includes("已达标");
    expect(await drawerRow(drawer, "准备情况")).toContain(met ? "齐全" : "部分");
    await drawer.getByRole("row", { name: /^准备情况/ }).scrollIntoViewIfNeeded();
    await shot(page, "lecture-evidence");
    await confirmed.scrollIntoViewIfNeeded();
    await shot(page, "lecture-confirmed");
    await closeDrawer(page, drawer);
    const lectureAfter = await readinessCell(page, "道德讲堂");
    expect(lectureAfter).not.toContain("缺：");
    expect(lectureAfter).toContain(met ? "齐全" : "部分");

    // 6. 模拟测评: 宣传栏设置 A (2 分), 道德讲堂 B (66% of 3 分): 3.98 of 100.
    const round = `迎检前模拟测评 ${stamp}`;
    await page.getByRole("button", { name: "新建模拟测评" }).click();
    const grading = page.getByRole("dialog", { name: "新建模拟测评" });
    await grading.getByLabel("测评名称").fill(round);
    await grading
      .getByRole("radiogroup", { name: "等级 宣传栏设置", exact: true })
      .getByText("A（100%）")
      .click();
    await grading
      .getByRole("radiogroup", { name: "等级 道德讲堂", exact: true })
      .getByText("B（66%）")
      .click();
    await grading.getByLabel("说明 道德讲堂").fill("方案、签到、图片、总结齐全，每月场次不足");
    // Each item's 准备情况 beside its grade.
    const billboardRow = grading
      .getByRole("row")
      .filter({ has: page.getByRole("radiogroup", { name: "等级 宣传栏设置", exact: true }) });
    expect(await billboardRow.textContent()).toContain("齐全");
    const summaryBox = grading.getByTestId("assessment-summary");
    await poll(() => summaryBox.textContent()).toContain("估算得分3.98/ 100");
    expect(await summaryBox.textContent()).toContain("已评项数2/ 38");
    await shot(page, "grading");
    await grading.getByRole("button", { name: "保存" }).click();
    await poll(() => grading.count()).toBe(0);
    const listed = page.getByTestId("assessments").getByRole("row").filter({ hasText: round });
    await poll(() => listed.getByTestId("assessment-score").textContent()).toBe("3.98 / 100");
    expect(await listed.textContent()).toContain("李秀英");

    // 7. 下载台账: the zip, opened; the index lists her files, and each is in the zip as uploaded.
    const download = page.getByRole("link", { name: "下载台账" });
    await download.scrollIntoViewIfNeeded();
    await shot(page, "ledger");
    const [saved] = await Promise.all([page.waitForEvent("download"), download.click()]);
    expect(saved.suggestedFilename()).toBe(`东街社区-${name}-台账.zip`);
    const zip = await JSZip.loadAsync(await readFile((await saved.path())!));
    const names = Object.keys(zip.files);
    expect(names[0]).toBe("待审材料索引表.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await zip.file("待审材料索引表.xlsx")!.async("arraybuffer")) as ArrayBuffer);
    const sheet = wb.getWorksheet("待审材料索引表")!;
    const cells: string[][] = [];
    sheet.eachRow((row) => cells.push(Array.from({ length: 7 }, (_, i) => row.getCell(i + 1).text)));
    const header = cells.findIndex((r) => r[0] === "序号");
    expect(cells[header]).toEqual(["序号", "测评项目", "测评内容", "材料名称", "类型", "日期", "文件路径"]);
    const rows = cells.slice(header + 1);
    expect(rows.map((r) => r[0])).toEqual(rows.map((_, i) => String(i + 1)));
    // Every item has its line; those with nothing filed say so, with no file.
    expect(new Set(rows.map((r) => r[2])).size).toBe(38);
    const empty = rows.filter((r) => r[3] === "（暂无材料）");
    expect(empty).toHaveLength(36);
    expect(empty.every((r) => r[6] === "")).toBe(true);
    const files = rows.filter((r) => r[3] !== "（暂无材料）");
    for (const r of files) expect(names, r[3]).toContain(r[6]);
    const rowFor = (content: string, type: string) => {
      const found = files.filter((r) => r[2] === content && r[4] === type);
      expect(found, `${content} ${type}`).toHaveLength(1);
      return found[0]!;
    };
    // The 宣传栏 photo: a JPEG, in 宣传栏设置's folder under 宣传氛围.
    const photoRow = rowFor("宣传栏设置", "图片");
    expect(photoRow.slice(1, 6)).toEqual(["宣传氛围", "宣传栏设置", photoTitle, "图片", today]);
    expect(photoRow[6]).toMatch(
      new RegExp(`^\\d{2} 宣传氛围/\\d{2} 宣传栏设置/${today} ${photoTitle}-1\\.jpg$`),
    );
    const jpeg = await zip.file(photoRow[6]!)!.async("nodebuffer");
    expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    // The 总结 and the 方案, byte for byte as uploaded, under their names.
    for (const [type, file] of [
      ["总结", summary],
      ["方案", plan],
    ] as const) {
      const r = rowFor("道德讲堂", type);
      expect(r[1]).toBe("文明风尚");
      expect(r[6]).toMatch(
        new RegExp(`^\\d{2} 文明风尚/\\d{2} 道德讲堂/${today} ${file.name.replace(".", "\\.")}$`),
      );
      expect((await zip.file(r[6]!)!.async("nodebuffer")).equals(file.buffer)).toBe(true);
    }
    // The confirmed activity, as its sign-in sheet (a workbook).
    const signIn = rowFor("道德讲堂", "活动签到表");
    expect(signIn[3]).toBe(DEMO_LECTURE);
    expect(signIn[6]).toMatch(/签到表\.xlsx$/);
    const signInBook = new ExcelJS.Workbook();
    await signInBook.xlsx.load((await zip.file(signIn[6]!)!.async("arraybuffer")) as ArrayBuffer);
    expect(signInBook.worksheets.length).toBeGreaterThan(0);
    // Nothing of another item or 社区 slipped in: only the four files filed or confirmed here.
    expect(files).toHaveLength(4);
    expect(names).toHaveLength(5);

    // 8. 常态工作日历: this month's 道德讲堂 is due (待完成, with how many were held so far) as the server
    // counts it; 已完成 only where it counts two this month (the demo alone holds none this month).
    // On this long page the side menu, taller than the screen, stays where it is and does not scroll:
    // 常态工作日历 lies below the screen's edge. She folds 志愿服务 away to reach it.
    const nav = page.getByRole("navigation", { name: "主导航" });
    const volunteerGroup = nav.getByRole("menuitem", { name: "志愿服务", exact: true });
    await volunteerGroup.click();
    await poll(() => volunteerGroup.getAttribute("aria-expanded")).toBe("false");
    await nav.getByRole("link", { name: "常态工作日历" }).click();
    await page.waitForURL(/\/admin\/calendar/);
    const thisMonth = today.slice(0, 7);
    await poll(() => page.getByTestId("duty-view-title").textContent()).toBe(`${year}年${month}月`);
    const tree = await apiQuery<Array<{ id: number; kind: string; name: string }>>("", "org.publicTree");
    const communityId = tree.find((u) => u.kind === "community" && u.name === "东街社区")!.id;
    const served = await apiQuery<{
      rules: Array<{
        id: number;
        title: string;
        times: number;
        cells: Array<{ period: string; state: string; done: number; times: number; progress: string }>;
      }>;
    }>(await apiLogin(COMMUNITY_ADMIN, DEMO_PASSWORD), "campaign.calendar", {
      communityId,
      view: thisMonth,
    });
    const lectureRule = served.rules.find((r) => r.title === "道德讲堂");
    expect(lectureRule, served.rules.map((r) => r.title).join("|")).toBeDefined();
    expect(lectureRule!.times).toBe(2);
    const lectureCell = lectureRule!.cells.find((c) => c.period === thisMonth)!;
    expect(lectureCell.state).toBe(lectureCell.done >= 2 ? "done" : "due");
    const lectureRow = page
      .getByTestId("duty-table")
      .locator("tr")
      .filter({ has: page.locator(".duty-rule-title").getByText("道德讲堂", { exact: true }) });
    await poll(() => lectureRow.count()).toBe(1);
    expect(await lectureRow.textContent()).toContain("每月 2 次");
    const lectureMonth = lectureRow.getByTestId(`duty-cell-${lectureRule!.id}-${thisMonth}`);
    const stateTag = lectureMonth.locator(".duty-cell-head .ant-tag").first();
    if (lectureCell.state === "due") {
      expect(lectureCell.progress).toBe(`已办 ${lectureCell.done} 次，需 2 次`);
      await poll(() => stateTag.textContent()).toBe("待完成");
      expect(await lectureMonth.textContent()).toContain(lectureCell.progress);
    } else {
      await poll(() => stateTag.textContent()).toBe("已完成");
      expect(await lectureMonth.textContent()).toContain(lectureCell.progress);
    }
    await lectureRow.scrollIntoViewIfNeeded();
    await shot(page, "calendar");
  },
);
