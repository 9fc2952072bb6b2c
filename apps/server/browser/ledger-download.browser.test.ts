import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { apiLogin, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// 下载台账 on the demo campaign (城关街道's 创建全国文明城市 of this year): the community admin 李秀英
// downloads 东街社区's whole package from the campaign page, then only 宣传氛围's; each zip is opened
// and read: the index workbook at the top, a folder per item, the 宣传栏 photo the demo filed and the
// sign-in sheet of the 道德讲堂 it confirmed.

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const ADMIN = "13800000002"; // 李秀英, 东街社区
const DEMO_PASSWORD = "chuangcheng2026";
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/ledger-download-${name}.png` }) : Promise.resolve();

interface Campaign {
  id: number;
  name: string;
}

async function demoCampaign(cookie: string) {
  const year = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date()).slice(0, 4);
  const campaign = (await apiQuery<Campaign[]>(cookie, "campaign.list")).find(
    (c) => c.name === `${year}年创建全国文明城市`,
  );
  if (!campaign) throw new Error(`no demo campaign of ${year}`);
  const detail = await apiQuery<{ communities: Array<{ id: number; name: string }> }>(
    cookie,
    "campaign.detail",
    {
      id: campaign.id,
    },
  );
  return { campaign, community: detail.communities.find((c) => c.name === "东街社区")! };
}

/** Clicks 下载台账 and opens what the browser saved. */
async function download(page: Page) {
  const [saved] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "下载台账" }).click(),
  ]);
  const zip = await JSZip.loadAsync(await readFile((await saved.path())!));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await zip.file("待审材料索引表.xlsx")!.async("arraybuffer")) as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push(Array.from({ length: 7 }, (_, i) => row.getCell(i + 1).text)));
  const header = rows.findIndex((r) => r[0] === "序号");
  return { name: saved.suggestedFilename(), zip, header: rows[header], rows: rows.slice(header + 1) };
}

it("李秀英 downloads 东街社区's 台账, whole and one 测评项目", { timeout: 180_000 }, async () => {
  const cookie = await apiLogin(ADMIN, DEMO_PASSWORD);
  const demo = await demoCampaign(cookie);
  const page = await session.page({ width: 1280, height: 900 });
  page.setDefaultTimeout(45_000);
  await adminSteps(page).login(ADMIN, DEMO_PASSWORD);
  await page.goto(`${baseUrl()}/admin/campaigns/${demo.campaign.id}?community=${demo.community.id}`);
  const link = page.getByRole("link", { name: "下载台账" });
  await link.scrollIntoViewIfNeeded();
  await shot(page, "card");

  const whole = await download(page);
  expect(whole.name).toBe(`东街社区-${demo.campaign.name}-台账.zip`);
  expect(whole.header).toEqual(["序号", "测评项目", "测评内容", "材料名称", "类型", "日期", "文件路径"]);
  const names = Object.keys(whole.zip.files);
  expect(names[0]).toBe("待审材料索引表.xlsx");
  // Every file the index names is in the zip.
  for (const r of whole.rows.filter((r) => r[6] !== "")) expect(names, r[6]).toContain(r[6]);
  // The demo's 宣传栏 photo (filed under 宣传栏设置), a JPEG as stored, in its item's folder.
  const photo = whole.rows.find((r) => r[2]!.includes("宣传栏") && r[4] === "图片");
  expect(photo?.[6]).toMatch(/^\d{2} 宣传氛围\/\d{2} 宣传栏.+\/\d{4}-\d{2}-\d{2} 宣传栏更新后照片-1\.jpg$/);
  const bytes = await whole.zip.file(photo![6]!)!.async("nodebuffer");
  expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  // The 道德讲堂 the demo confirmed, as its sign-in sheet.
  const sheet = whole.rows.find((r) => r[2] === "道德讲堂" && r[4] === "活动签到表");
  expect(sheet?.[6]).toMatch(/签到表\.xlsx$/);

  // Only 宣传氛围.
  const select = page.getByLabel("测评项目");
  await select.click();
  await page.locator(".ant-select-dropdown:visible").getByTitle("宣传氛围", { exact: true }).click();
  await expect.poll(() => link.getAttribute("href")).toContain(`project=${encodeURIComponent("宣传氛围")}`);
  await shot(page, "project");
  const one = await download(page);
  expect(one.name).toBe(`东街社区-${demo.campaign.name}-宣传氛围-台账.zip`);
  expect(new Set(one.rows.map((r) => r[1]))).toEqual(new Set(["宣传氛围"]));
  expect(one.rows.map((r) => r[6])).toContain(photo![6]);
});
