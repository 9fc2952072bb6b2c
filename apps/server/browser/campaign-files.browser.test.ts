import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { testPdf } from "@chuangcheng/domain/testing";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// A campaign's files and its checklist in Excel, in the console. 王建国 (street) uploads the 实施方案 of
// 西关社区's own 文明社区 campaign under 活动文件; 赵丽华 (西关社区) finds it there and downloads it,
// exports the checklist (the workbook has every item), imports a sheet with a broken row (the error
// by 行号 and 列, nothing imported), then the corrected sheet, and finds the new item at the end.
// A campaign of its own: the demo campaign is other flows' to read.

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const STREET_ADMIN = "13800000001"; // 王建国, 城关街道
const XIGUAN_ADMIN = "13800000005"; // 赵丽华, 西关社区
const DEMO_PASSWORD = "chuangcheng2026";
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string, fullPage = false) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/campaign-files-${name}.png`, fullPage }) : Promise.resolve();
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

const COLUMNS = ["序号", "测评项目", "测评内容", "测评标准", "测评方式", "分值", "所需材料", "测量指标"];

async function sheet(rows: Array<Array<string | number>>) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("测评体系");
  ws.addRow(COLUMNS);
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function open(mobile: string) {
  const page = await session.page({ width: 1280, height: 900 });
  page.setDefaultTimeout(45_000);
  await adminSteps(page).login(mobile, DEMO_PASSWORD);
  return page;
}

it("活动文件 and the checklist to and from Excel", { timeout: 300_000 }, async () => {
  const street = await apiLogin(STREET_ADMIN, DEMO_PASSWORD);
  const tree = await apiQuery<Array<{ id: number; name: string }>>("", "org.publicTree");
  const xiguan = tree.find((u) => u.name === "西关社区")!.id;
  const year = new Date().getFullYear();
  const name = `${year}年西关社区文明社区创建 ${Date.now() % 10000}`;
  const { id } = await apiMutate<{ id: number }>(street, "campaign.create", {
    name,
    kind: "civilized_community",
    scopeUnitId: xiguan,
    periodStart: `${year}-01-01`,
    periodEnd: `${year}-12-31`,
  });

  // 王建国 uploads the 实施方案.
  const desk = await open(STREET_ADMIN);
  await desk.goto(`${baseUrl()}/admin/campaigns/${id}`);
  const card = desk.getByTestId("campaign-documents");
  await poll(() => card.textContent()).toContain("还没有活动文件");
  await card.getByRole("button", { name: "上传活动文件" }).click();
  await card.locator('input[type="file"][accept=".pdf,.docx,.xlsx"]').setInputFiles({
    name: "西关社区文明社区创建实施方案.pdf",
    mimeType: "application/pdf",
    buffer: testPdf("西关社区文明社区创建实施方案"),
  });
  await poll(() => card.getByText("西关社区文明社区创建实施方案.pdf").count()).toBeGreaterThan(0);
  await card.getByRole("button", { name: "保存" }).click();
  // Listed on the card once saved (the upload list inside the form links the file too, before).
  await poll(() => card.locator("form").count()).toBe(0);
  const link = card.locator(".ant-list-item").getByRole("link", { name: /西关社区文明社区创建实施方案\.pdf/ });
  await poll(() => link.count()).toBe(1);
  await shot(desk, "documents");

  // 赵丽华 finds it and downloads the same bytes.
  const page = await open(XIGUAN_ADMIN);
  await page.goto(`${baseUrl()}/admin/campaigns/${id}`);
  const theirs = page.getByTestId("campaign-documents").getByRole("link", { name: /实施方案\.pdf/ });
  await poll(() => theirs.count()).toBe(1);
  const [pdf] = await Promise.all([page.waitForEvent("download"), theirs.click()]);
  expect(pdf.suggestedFilename()).toBe("西关社区文明社区创建实施方案.pdf");
  expect((await readFile((await pdf.path())!)).equals(testPdf("西关社区文明社区创建实施方案"))).toBe(true);

  // The checklist as a workbook: a row per item, in the checklist's order.
  const checklist = page.getByTestId("checklist");
  await poll(() => checklist.textContent()).toContain("道德讲堂");
  const [exported] = await Promise.all([
    page.waitForEvent("download"),
    checklist.getByRole("button", { name: "导出Excel" }).click(),
  ]);
  expect(exported.suggestedFilename()).toBe(`西关社区-${name}-测评体系.xlsx`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile((await exported.path())!)) as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.getWorksheet("测评体系")!.eachRow((row) => rows.push(COLUMNS.map((_, i) => row.getCell(i + 1).text)));
  expect(rows[0]).toEqual(COLUMNS);
  const items = await apiQuery<Array<{ content: string }>>(street, "campaign.checklist", {
    campaignId: id,
    communityId: xiguan,
  });
  expect(rows.slice(1).map((r) => r[2])).toEqual(items.map((i) => i.content));
  expect(rows.find((r) => r[2] === "道德讲堂")![7]).toBe("每月道德讲堂2次");

  // A sheet with a broken row: said by line and column; nothing imported.
  const good = [
    1,
    "文明风尚",
    "文明餐桌宣传",
    "小区餐饮店张贴光盘行动宣传品。",
    "实地考察",
    1,
    "图片",
    "每季度图片",
  ];
  const bad = [2, "文明风尚", "公筷公勺", "餐饮店提供公筷公勺。", "抽查", 1, "图片", ""];
  await checklist.getByRole("button", { name: "导入Excel" }).click();
  const dialog = page.getByRole("dialog", { name: "导入测评体系" });
  const choose = async (buffer: Buffer) =>
    dialog.locator('input[type="file"]').setInputFiles({
      name: "测评体系.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer,
    });
  await choose(await sheet([good, bad]));
  await dialog.getByRole("button", { name: "导入", exact: true }).click();
  await poll(() => dialog.textContent()).toContain("表格有 1 处错误，未导入任何内容");
  const errorRow = dialog.locator(".ant-table-tbody tr").filter({ hasText: "测评方式" });
  expect(await errorRow.locator("td").allTextContents()).toEqual([
    "3",
    "测评方式",
    "应为 实地考察、材料审核、问卷调查、网上申报",
  ]);
  await shot(page, "import-errors");
  expect(
    (await apiQuery<unknown[]>(street, "campaign.checklist", { campaignId: id, communityId: xiguan })).length,
  ).toBe(items.length);

  // Corrected: both rows added after the items there were.
  await choose(await sheet([good, [...bad.slice(0, 4), "实地考察", ...bad.slice(5)]]));
  await dialog.getByRole("button", { name: "导入", exact: true }).click();
  await poll(() => dialog.count()).toBe(0);
  await poll(() => page.getByText("已导入 2 项").count()).toBe(1);
  const after = await apiQuery<Array<{ content: string }>>(street, "campaign.checklist", {
    campaignId: id,
    communityId: xiguan,
  });
  expect(after.map((i) => i.content).slice(-2)).toEqual(["文明餐桌宣传", "公筷公勺"]);
  await poll(() => checklist.textContent()).toContain("公筷公勺");
  await shot(page, "checklist-after", true);
});
