import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { apiLogin, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// 打印红黑榜: 李秀英 (东街社区's admin) opens this month's edition of the demo board as a poster, without the
// console's frame: the title, 红榜 and 黑榜 with a photo each, 上期已整改, and two QR codes (the portal's
// board of this edition, which a visitor's phone then opens, and 随手拍). Chromium prints it to PDF (A4,
// then A3 from the page's own @page size); the PDF has the title in it. A grid worker may not print.

const session = browserSession();
const work = mkdtempSync(join(tmpdir(), "board-print-"));
beforeAll(() => session.start());
afterAll(async () => {
  await session.stop();
  rmSync(work, { recursive: true, force: true });
});

const ADMIN = "13800000002"; // 李秀英, 东街社区
const WORKER = "13800000003"; // 张伟, grid worker: proposes, does not moderate
const DEMO_PASSWORD = "chuangcheng2026";
/** Set SCREENSHOT_DIR to keep the poster's PNG and PDFs for a look; else they go to a temp dir. */
const OUT = process.env.SCREENSHOT_DIR ?? work;
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

/** This month, China time: YYYY-MM. */
const thisMonth = () =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date()).slice(0, 7);
const monthTitle = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月 东街社区红黑榜`;

async function communityId(name: string): Promise<number> {
  const cookie = await apiLogin(ADMIN, DEMO_PASSWORD);
  const units = await apiQuery<Array<{ id: number; name: string; kind: string }>>(cookie, "org.tree");
  const unit = units.find((u) => u.kind === "community" && u.name === name);
  if (!unit) throw new Error(`no 社区 ${name}`);
  return unit.id;
}

/** Every image drawn (the photos from /files and the QR codes): nothing prints half-loaded. */
async function imagesLoaded(page: Page) {
  await page.waitForFunction(
    () =>
      document.querySelectorAll("img.poster-qr-code[data-ready]").length === 2 &&
      Array.from(document.images).every((img) => img.complete && img.naturalWidth > 0),
    undefined,
    { timeout: 30_000 },
  );
}

/**
 * Pages of a PDF Chromium wrote: its page objects (the uncompressed /Type /Page dictionaries) and each
 * page's size in millimetres (Chromium rounds the page box to whole CSS pixels: 595.92 pt for A4's 210 mm).
 */
function pdfPages(pdf: Buffer): { count: number; sizes: string[] } {
  const text = pdf.toString("latin1");
  const count = text.match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0;
  const mm = (pt: string) => Math.round((Number(pt) * 25.4) / 72);
  const sizes = [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map(
    (m) => `${mm(m[1]!)}x${mm(m[2]!)}`,
  );
  return { count, sizes };
}

/** The PDF's text by pdftotext (poppler-utils), or null where it is not installed. */
function pdfText(file: string): string | null {
  try {
    return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

it("李秀英 prints this month's 东街社区 红黑榜 as an A4 and an A3 poster with its QR codes", async () => {
  const id = await communityId("东街社区");
  const month = thisMonth();
  const title = monthTitle(month);
  const page = await session.page({ width: 1000, height: 1300 });
  page.setDefaultTimeout(30_000);
  await adminSteps(page).login(ADMIN, DEMO_PASSWORD);
  await page.goto(`${baseUrl()}/admin/board/print?communityId=${id}&month=${month}`);
  await poll(() => page.getByTestId("poster-title").textContent()).toBe(title);
  await poll(() => page.title()).toBe("打印红黑榜 - 创城通管理后台");

  // No console frame: no navigation, no header with the user; the settings and 打印 instead.
  expect(await page.locator(".ant-layout-sider, .console-header").count()).toBe(0);
  expect(await page.getByRole("button", { name: "打印" }).isEnabled()).toBe(true);

  // 红榜 and 黑榜 from the demo board, each with its photo; the 黑榜 entry still in its notice period
  // (1号楼电动车飞线充电) is not on the board yet; last month's 楼道堆物 is listed as 上期已整改.
  const red = page.getByRole("region", { name: /^红榜/ });
  const black = page.getByRole("region", { name: /^黑榜/ });
  await poll(() => red.getByTestId("poster-entry").count()).toBeGreaterThanOrEqual(3);
  expect(await red.textContent()).toContain("十年如一日照顾瘫痪母亲");
  expect(await red.textContent()).toContain("孙秀兰");
  expect(await red.getByRole("img", { name: "十年如一日照顾瘫痪母亲的照片" }).count()).toBe(1);
  expect(await black.textContent()).toContain("绿化带内私自种菜");
  expect(await black.textContent()).not.toContain("飞线充电");
  expect(await black.getByRole("img", { name: "绿化带内私自种菜的照片" }).count()).toBe(1);
  const fixed = page.getByRole("region", { name: /^上期已整改/ });
  expect(await fixed.textContent()).toContain("2号楼3单元楼道堆放纸箱");

  // The QR codes: the portal's board of this edition and 随手拍, on the address the admin reached.
  await imagesLoaded(page);
  const boardLink = await page.getByRole("img", { name: "线上红黑榜二维码" }).getAttribute("data-url");
  expect(boardLink).toBe(`${baseUrl()}/board?community=${id}&month=${month}`);
  expect(await page.getByRole("img", { name: "随手拍二维码" }).getAttribute("data-url")).toBe(
    `${baseUrl()}/problems/new`,
  );
  expect(await page.getByText("扫码查看线上红黑榜").count()).toBe(1);
  expect(await page.getByText("扫码随手拍", { exact: true }).count()).toBe(1);

  // In print only the poster: the settings bar is gone.
  await page.emulateMedia({ media: "print" });
  expect(await page.getByRole("button", { name: "打印" }).isVisible()).toBe(false);
  // Back to the default (page.pdf prints with print media unless screen was asked for).
  await page.emulateMedia({ media: null });

  await page.setViewportSize({ width: 794, height: 1123 });
  await page.screenshot({ path: join(OUT, "board-print-a4.png"), fullPage: true });
  const a4File = join(OUT, "board-print-a4.pdf");
  const a4 = await page.pdf({ path: a4File, format: "A4", printBackground: true });
  const a4Pages = pdfPages(a4);
  expect(a4Pages.count).toBeGreaterThanOrEqual(1);
  expect(a4Pages.sizes[0]).toBe("210x297");
  const a4Text = pdfText(a4File);
  if (a4Text !== null) {
    expect(a4Text.replace(/\s+/g, "")).toContain(title.replace(/\s+/g, ""));
    for (const words of ["红榜", "黑榜", "上期已整改", "扫码查看线上红黑榜", "扫码随手拍"])
      expect(a4Text).toContain(words);
  }

  // A3: the page's own @page size (preferCSSPageSize), the poster scaled up to fill it.
  await page.getByRole("group", { name: "纸张" }).getByText("A3", { exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get("size") === "A3");
  await poll(() => page.getByTestId("board-print").getAttribute("data-size")).toBe("A3");
  await imagesLoaded(page);
  await page.setViewportSize({ width: 1123, height: 1587 });
  await page.screenshot({ path: join(OUT, "board-print-a3.png"), fullPage: true });
  const a3File = join(OUT, "board-print-a3.pdf");
  const a3 = await page.pdf({ path: a3File, preferCSSPageSize: true, printBackground: true });
  const a3Pages = pdfPages(a3);
  expect(a3Pages.count).toBeGreaterThanOrEqual(1);
  expect(a3Pages.sizes[0]).toBe("297x420");
  const a3Text = pdfText(a3File);
  if (a3Text !== null) expect(a3Text.replace(/\s+/g, "")).toContain(title.replace(/\s+/g, ""));

  // The first QR code opens the online board of the same edition, for a visitor on a phone.
  const phone = await session.page();
  await phone.goto(boardLink!);
  await poll(() => phone.getByTestId("board-edition-title").textContent()).toBe(title);
});

it("one 楼院's poster lists only its entries; a grid worker may not print, a visitor is sent to log in", async () => {
  const id = await communityId("东街社区");
  const cookie = await apiLogin(ADMIN, DEMO_PASSWORD);
  const units = await apiQuery<Array<{ id: number; name: string; kind: string }>>(cookie, "org.tree");
  const housing = units.find((u) => u.kind === "courtyard" && u.name === "房管所家属院")!;
  const month = thisMonth();

  const page = await session.page({ width: 1000, height: 1300 });
  await adminSteps(page).login(ADMIN, DEMO_PASSWORD);
  await page.goto(
    `${baseUrl()}/admin/board/print?communityId=${id}&month=${month}&courtyardId=${housing.id}`,
  );
  await poll(() => page.getByTestId("poster-title").textContent()).toBe(
    `${monthTitle(month)}（房管所家属院）`,
  );
  const entries = page.getByTestId("poster-entry");
  await poll(() => entries.count()).toBeGreaterThanOrEqual(1);
  for (const text of await entries.allTextContents()) expect(text).toContain("房管所家属院");
  expect(await page.getByRole("img", { name: "线上红黑榜二维码" }).getAttribute("data-url")).toBe(
    `${baseUrl()}/board?community=${id}&month=${month}&courtyard=${housing.id}`,
  );

  const worker = await session.page({ width: 1000, height: 1300 });
  await adminSteps(worker).login(WORKER, DEMO_PASSWORD);
  await worker.goto(`${baseUrl()}/admin/board/print?communityId=${id}`);
  await poll(() => worker.getByText("没有权限").count()).toBe(1);
  expect(await worker.getByTestId("board-poster").count()).toBe(0);

  const visitor = await session.page({ width: 1000, height: 1300 });
  await visitor.goto(`${baseUrl()}/admin/board/print?communityId=${id}`);
  await visitor.waitForURL((url) => url.pathname.endsWith("/login"));
  expect(new URL(visitor.url()).searchParams.get("next")).toBe(`/board/print?communityId=${id}`);
});
