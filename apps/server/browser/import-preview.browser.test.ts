import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import ExcelJS from "exceljs";
import { checkCharacter } from "@chuangcheng/domain/rules";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// The Excel import in two steps: the console previews what a file would do (a new person, an
// imported person whose mobile changed, a person who registered on the portal and is left alone),
// the admin confirms, the roster shows the result and the 操作日志 the update with its before/after.

const session = browserSession();
let dir = "";
beforeAll(async () => {
  await session.start();
  dir = await mkdtemp(join(tmpdir(), "cc-import-"));
});
afterAll(async () => {
  await session.stop();
  await rm(dir, { recursive: true, force: true });
});

const DESK = { width: 1400, height: 900 };
const ADMIN = "13800000002"; // 李秀英, 东街社区
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true }) : Promise.resolve();

const idNumber = (seq: number) => {
  const first17 = `430102197805${String(10 + seq).padStart(2, "0")}${String(200 + seq).padStart(3, "0")}`;
  return first17 + checkCharacter(first17);
};
const COLUMNS = ["姓名", "身份证号", "手机号", "楼院", "政治面貌", "服务技能", "服务时间", "监护人同意"];
const row = (name: string, seq: number, mobile: string) => [
  name,
  idNumber(seq),
  mobile,
  "建安小区",
  "群众",
  "环卫",
  "周末上午",
  "否",
];

async function workbook(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("志愿者导入");
  ws.addRow(COLUMNS);
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * New people on a retry: the failed attempt may have imported or registered the first ones, and an
 * import of a known 身份证号 is an update, not 新增. Attempt 0 keeps the names and numbers below.
 */
let attempts = 0;
function peopleFor(attempt: number) {
  const mark = attempt === 0 ? "" : "甲乙丙"[attempt - 1];
  return {
    newcomer: `周新人${mark}`,
    paper: `陈纸质${mark}`,
    self: `林自登${mark}`,
    selfMobile: attempt === 0 ? "13912340301" : String(13912340870 + attempt),
    /** 身份证号 1-3 on attempt 0, 4-6 on attempt 1… */
    seq: (n: number) => n + 3 * attempt,
  };
}
type People = ReturnType<typeof peopleFor>;

/** What the 社区 had before: 陈纸质 imported from paper, 林自登 registered on the portal by herself. */
async function existingRecords(p: People) {
  const tree = await apiQuery<Array<{ id: number; kind: string; name: string }>>("", "org.publicTree");
  const community = tree.find((u) => u.kind === "community" && u.name === "东街社区")!.id;
  const courtyard = tree.find((u) => u.kind === "courtyard" && u.name === "建安小区")!.id;
  const admin = await apiLogin(ADMIN, "chuangcheng2026");
  const paper = {
    communityId: community,
    fileBase64: (await workbook([row(p.paper, p.seq(1), "13612340001")])).toString("base64"),
  };
  const { previewToken } = await apiMutate<{ previewToken: string }>(admin, "volunteer.importPreview", paper);
  await apiMutate(admin, "volunteer.importConfirm", { ...paper, previewToken });

  await apiMutate("", "auth.registerResident", {
    mobile: p.selfMobile,
    password: "lin-zideng-26",
    name: p.self,
    communityId: community,
    courtyardId: courtyard,
  });
  await apiMutate(await apiLogin(p.selfMobile, "lin-zideng-26"), "volunteer.register", {
    name: p.self,
    idNumber: idNumber(p.seq(2)),
    mobile: p.selfMobile,
    courtyardId: courtyard,
    politicalStatus: "masses",
    skills: ["arts"],
    serviceTimes: ["weekday_evening"],
    dataConsent: true,
  });
  const queue = await apiQuery<{ items: Array<{ id: number; name: string }> }>(
    admin,
    "volunteer.reviewQueue",
    {},
  );
  await apiMutate(admin, "volunteer.review", {
    ids: queue.items.filter((v) => v.name === p.self).map((v) => v.id),
    action: "approve",
  });
}

it("previews a file (新增, 更新 field by field, 跳过 a portal registration), confirms it, and the roster and 操作日志 show it", async () => {
  const p = peopleFor(attempts++);
  await existingRecords(p);
  const file = join(dir, "志愿者导入.xlsx");
  await writeFile(
    file,
    await workbook([
      row(p.newcomer, p.seq(3), "13612340003"),
      row(p.paper, p.seq(1), "13612340009"), // the mobile changed on paper
      row(`${p.self}改`, p.seq(2), "13612340002"), // she registered herself: never overwritten
    ]),
  );

  const page = await session.page(DESK);
  await adminSteps(page).login(ADMIN, "chuangcheng2026");
  await page.goto(`${baseUrl()}/admin/volunteers`);
  await page.getByRole("button", { name: /导\s?入$/ }).click();
  const dialog = page.getByRole("dialog", { name: "导入志愿者" });
  await dialog.locator("input[type=file]").setInputFiles(file);
  await dialog.getByRole("button", { name: /^预\s?览$/ }).click();

  // The preview: counts, the update field by field, the skipped row with its note.
  const summary = dialog.getByTestId("import-summary");
  await summary.waitFor();
  expect(await summary.textContent()).toBe("新增 1更新 1未变 0跳过 1错误 0");
  const updates = dialog.getByTestId("import-updates");
  expect(await updates.locator("tr.ant-table-row").first().textContent()).toBe(`3${p.paper}手机号`);
  expect(await updates.locator(".ant-table-expanded-row").first().textContent()).toContain(
    "手机号1361234000113612340009",
  );
  const skipped = dialog.getByTestId("import-skipped");
  expect(await skipped.locator("tr.ant-table-row").first().textContent()).toBe(
    `4${p.self}改该志愿者由本人在居民端登记，导入不会覆盖；如需修改请在志愿者名册中编辑`,
  );
  await shot(page, "import-preview");

  // 返回修改 keeps the chosen file; 预览 again, then 确认导入.
  await dialog.getByRole("button", { name: "返回修改" }).click();
  await dialog.getByRole("button", { name: /^预\s?览$/ }).click();
  await summary.waitFor();
  await dialog.getByRole("button", { name: "确认导入" }).click();
  await expect
    .poll(() => dialog.getByTestId("import-result").textContent())
    .toBe("导入完成：新增1人、更新1人、未变0人、跳过1人");
  await shot(page, "import-done");
  await dialog.getByRole("button", { name: /^完\s?成$/ }).click();

  // The roster behind the dialog has refreshed: the new person, the new mobile, her own record as she wrote it.
  const rosterRow = (name: string) => page.locator("tr.ant-table-row", { hasText: name }).first();
  await expect.poll(() => rosterRow(p.newcomer).textContent()).toContain("13612340003");
  await expect.poll(() => rosterRow(p.paper).textContent()).toContain("13612340009");
  expect(await rosterRow(p.self).textContent()).toContain(p.selfMobile);
  expect(await page.getByText(`${p.self}改`).count()).toBe(0);

  // The 操作日志: the update with its before and after (mobiles masked), and the import's summary.
  await page.goto(`${baseUrl()}/admin/audit`);
  const auditRow = (action: string) => page.locator("tr.ant-table-row", { hasText: action }).first();
  await expect.poll(() => auditRow("导入更新志愿者资料").textContent()).toContain(`志愿者 ${p.paper}`);
  expect(await auditRow("导入更新志愿者资料").textContent()).toContain("手机号：136****0001 → 136****0009");
  expect(await auditRow("导入志愿者").textContent()).toContain("新增：1");
  const updatesLogged = page
    .locator("tr.ant-table-row", { hasText: "导入更新志愿者资料" })
    .filter({ hasText: new RegExp(`志愿者 (${p.newcomer}|${p.paper}|${p.self})`) }); // this attempt's people
  expect(await updatesLogged.count()).toBe(1);
  await shot(page, "import-audit");

  // Importing the same file again changes nothing: 0 new, 0 updates.
  await page.goto(`${baseUrl()}/admin/volunteers`);
  await page.getByRole("button", { name: /导\s?入$/ }).click();
  await dialog.locator("input[type=file]").setInputFiles(file);
  await dialog.getByRole("button", { name: /^预\s?览$/ }).click();
  await expect.poll(() => summary.textContent()).toBe("新增 0更新 0未变 2跳过 1错误 0");
  expect(await dialog.getByText("文件中的人员资料与系统一致，导入不会改变任何资料。").count()).toBe(1);
});
