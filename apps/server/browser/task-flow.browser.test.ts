import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { phoneJpeg } from "@chuangcheng/domain/testing";
import { adminSteps } from "./admin-steps.js";
import { chooseOption } from "./choose-option.js";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { baseUrl, browserSession } from "./pages.js";

// Issue 11's browser flow, through the console as people use it, on a campaign of its own (the demo
// campaign's tasks are other flows' to read):
// 1. the street admin 王建国 imports a 任务分解表 with one bad row (an unknown 责任人), reads the error
//    by line and column, fixes the row (the person by mobile) and imports it;
// 2. the community admin 李秀英 splits her 社区's task and gives the sub-task to the grid worker 张伟;
// 3. 张伟, on a phone, reports progress with a photo and submits it for 验收;
// 4. 李秀英 sends it back once, 张伟 submits again, she accepts it (a drag on the 看板 from 待验收 to
//    已完成): the parent's bar goes 0 → 100 %;
// 5. 王建国 issues a 红色督办 on the overdue task of 西关社区; its 责任人 赵丽华 answers it in writing;
//    the 督办 stays on both sides' 我的任务 until 王建国 clears it (销号).

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESK = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const STREET_ADMIN = "13800000001"; // 王建国, 城关街道
const COMMUNITY_ADMIN = "13800000002"; // 李秀英, 东街社区
const GRID_WORKER = "13800000003"; // 张伟, 东街社区第一网格
const XIGUAN_ADMIN = "13800000005"; // 赵丽华, 西关社区
const DEMO_PASSWORD = "chuangcheng2026";
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string, fullPage = false) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/task-flow-${name}.png`, fullPage }) : Promise.resolve();
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

/** A China date (YYYY-MM-DD) `days` from now (UTC+8 all year). */
const chinaDate = (days = 0) =>
  new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

const HEADER = [
  "任务",
  "上级任务",
  "责任单位",
  "责任人",
  "开始日期",
  "时限",
  "优先级",
  "权重",
  "关联测评内容",
  "说明",
];

async function sheet(rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("任务分解表");
  ws.addRow(HEADER);
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function open(mobile: string, viewport = DESK) {
  const page = await session.page(viewport);
  page.setDefaultTimeout(45_000);
  await adminSteps(page).login(mobile, DEMO_PASSWORD);
  return page;
}

/** The tree's row of a task, found by its title's button. */
const row = (page: Page, title: string) =>
  page
    .getByTestId("task-tree")
    .locator("tr")
    .filter({ has: page.getByRole("button", { name: title, exact: true }) });
const percentOf = (r: Locator) => r.locator(".ant-progress-indicator").textContent();

it(
  "a 任务分解表 imported, split down, reported, sent back, accepted, and a 红色督办 answered and cleared",
  { timeout: 600_000 },
  async () => {
    const stamp = Date.now() % 100_000;
    const street = await apiLogin(STREET_ADMIN, DEMO_PASSWORD);
    const tree = await apiQuery<Array<{ id: number; name: string }>>("", "org.publicTree");
    const chengguan = tree.find((u) => u.name === "城关街道")!.id;
    const year = new Date().getFullYear();
    const { id: campaignId } = await apiMutate<{ id: number }>(street, "campaign.create", {
      name: `任务分解演练 ${stamp}`,
      kind: "national_civilized_city",
      scopeUnitId: chengguan,
      periodStart: `${year}-01-01`,
      periodEnd: `${year + 1}-12-31`,
    });
    const top = `环境整治攻坚${stamp}`;
    const dongjie = `东街社区环境整治${stamp}`;
    const xiguan = `西关社区环境整治${stamp}`;
    const lanes = `东街背街小巷整治${stamp}`;
    const rows = (lanesAssignee: string) => [
      // The sub-tasks come before their parent: the import orders them parents first.
      [
        dongjie,
        top,
        "东街社区",
        "李秀英",
        chinaDate(-30),
        chinaDate(20),
        "重要",
        "",
        "",
        "楼道堆物、飞线充电",
      ],
      [xiguan, top, "西关社区", "赵丽华", chinaDate(-30), chinaDate(-10), "紧急", "", "", ""],
      [lanes, top, "东街社区", lanesAssignee, chinaDate(-5), chinaDate(40), "", "", "", ""],
      [top, "", "城关街道", "", chinaDate(-30), chinaDate(40), "重要", "", "", "全街道环境整治"],
    ];

    // 1. 王建国 imports the sheet: one row names someone unknown; nothing is imported until it is fixed.
    const desk = await open(STREET_ADMIN);
    await desk.goto(`${baseUrl()}/admin/tasks/tree?campaign=${campaignId}`);
    await poll(() => desk.title()).toBe("任务分解 - 创城通管理后台");
    await poll(() => desk.getByTestId("task-count").textContent()).toBe("共 0 项任务");
    await desk.getByRole("button", { name: "导入任务分解表" }).click();
    let dialog = desk.getByRole("dialog", { name: "导入任务分解表" });
    await dialog.locator('input[type="file"]').setInputFiles({
      name: "任务分解表.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await sheet(rows("王小明")),
    });
    await dialog.getByRole("button", { name: "导入" }).click();
    const errors = dialog.getByTestId("task-import-errors");
    await poll(() => errors.textContent()).toContain("未导入任何任务");
    const bad = errors.locator("tbody tr").filter({ hasText: "王小明" });
    expect(await bad.count()).toBe(1);
    expect(await bad.locator("td").nth(0).textContent()).toBe("4");
    expect(await bad.locator("td").nth(1).textContent()).toBe("责任人");
    await shot(desk, "1-import-error");
    // Fixed: the person by mobile this time.
    await dialog.locator('input[type="file"]').setInputFiles({
      name: "任务分解表（改）.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await sheet(rows(COMMUNITY_ADMIN)),
    });
    await dialog.getByRole("button", { name: "导入" }).click();
    await poll(() => desk.getByText("已导入 4 项任务").count()).toBe(1);
    await poll(() => dialog.count()).toBe(0);
    await poll(() => desk.getByTestId("task-count").textContent()).toBe("共 4 项任务");
    expect(await row(desk, lanes).locator("td").nth(3).textContent()).toBe("李秀英");
    expect(await row(desk, xiguan).textContent()).toContain("已逾期10天");
    await shot(desk, "1-imported");

    // 2. 李秀英 splits her 社区's task and gives the sub-task to 张伟.
    const admin = await open(COMMUNITY_ADMIN);
    await admin.goto(`${baseUrl()}/admin/tasks/tree?campaign=${campaignId}`);
    await row(admin, dongjie).getByRole("button", { name: "拆分子任务" }).click();
    dialog = admin.getByRole("dialog", { name: `拆分子任务：${dongjie}` });
    const sub = `第一网格楼道清理${stamp}`;
    await dialog.getByLabel("任务名称").fill(sub);
    await chooseOption(admin, dialog, "责任单位", "城关街道 / 东街社区 / 东街社区第一网格");
    await chooseOption(admin, dialog, "责任人", "张伟（网格员 · 东街社区第一网格）");
    await shot(admin, "2-split");
    await dialog.getByRole("button", { name: "保存" }).click();
    await poll(() => row(admin, sub).count()).toBe(1);
    expect(await percentOf(row(admin, dongjie))).toBe("0%");

    // 3. 张伟, on his phone: 汇报进展 with a photo, then 提交验收.
    const phone = await open(GRID_WORKER, PHONE);
    await phone.goto(`${baseUrl()}/admin/tasks`);
    await poll(() => phone.title()).toBe("我的任务 - 创城通管理后台");
    const card = phone.getByTestId("task-card").filter({ hasText: sub });
    await poll(() => card.count()).toBe(1);
    await card.getByRole("button", { name: "汇报进展" }).click();
    let step = phone.getByRole("dialog", { name: `汇报进展：${sub}` });
    await step.getByLabel("完成进度").fill("80");
    await step.getByLabel("进展情况").fill("1至4单元楼道已清理，5单元还有两辆电动车");
    await step.locator('input[type="file"]').setInputFiles({
      name: "corridor.jpg",
      mimeType: "image/jpeg",
      buffer: await phoneJpeg({ width: 1200, height: 900 }),
    });
    await poll(() => step.locator(".ant-upload-list-item-done").count()).toBe(1);
    await shot(phone, "3-report");
    await step.getByRole("button", { name: "提交汇报" }).click();
    await poll(() => card.textContent()).toContain("80%");
    await card.getByRole("button", { name: "提交验收" }).click();
    step = phone.getByRole("dialog", { name: `提交验收：${sub}` });
    await step.getByLabel("完成情况").fill("已全部清理完毕，请验收");
    await step.getByRole("button", { name: "提交验收" }).click();
    await poll(() => card.textContent()).toContain("待验收");
    await shot(phone, "3-submitted");

    // 4. 李秀英 sends it back once; 张伟 submits again; she accepts, and the parent's bar moves.
    await admin.reload();
    await row(admin, sub).getByRole("button", { name: sub }).click();
    let drawer = admin.getByTestId("task-detail");
    await poll(() => drawer.textContent()).toContain("待验收");
    expect(await drawer.getByRole("img", { name: "照片 1" }).count()).toBe(1);
    await drawer.getByRole("button", { name: "退回" }).click();
    step = admin.getByRole("dialog", { name: `退回：${sub}` });
    await step.getByRole("button", { name: "退回" }).click();
    await poll(() => step.getByText("请填写退回原因").count()).toBe(1);
    await step.getByLabel("退回原因").fill("5单元的电动车还在，请清走后再提交");
    await step.getByRole("button", { name: "退回" }).click();
    await poll(() => drawer.textContent()).toContain("进行中");
    expect(await drawer.getByTestId("task-step").first().textContent()).toContain("5单元的电动车还在");

    await phone.reload();
    await poll(() => card.textContent()).toContain("进行中");
    await card.getByRole("button", { name: "提交验收" }).click();
    step = phone.getByRole("dialog", { name: `提交验收：${sub}` });
    await step.getByLabel("完成情况").fill("电动车已劝离，楼道畅通");
    await step.getByRole("button", { name: "提交验收" }).click();
    await poll(() => card.count()).toBe(1);
    await poll(() => card.textContent()).toContain("待验收");

    // This time on the 看板: the card dragged from 待验收 to 已完成 asks for 验收通过.
    await admin.goto(`${baseUrl()}/admin/tasks/tree?campaign=${campaignId}&view=board`);
    const waiting = admin
      .getByRole("region", { name: "待验收" })
      .getByTestId("board-card")
      .filter({ hasText: sub });
    await poll(() => waiting.count()).toBe(1);
    await waiting.dragTo(admin.getByRole("region", { name: "已完成" }));
    step = admin.getByRole("dialog", { name: `验收通过：${sub}` });
    await step.getByLabel("验收意见").fill("经现场查看，符合要求");
    await step.getByRole("button", { name: "验收通过" }).click();
    await poll(() =>
      admin
        .getByRole("region", { name: "已完成" })
        .getByTestId("board-card")
        .filter({ hasText: sub })
        .count(),
    ).toBe(1);
    await shot(admin, "4-board");
    await admin.getByText("树状", { exact: true }).click();
    await poll(() => percentOf(row(admin, dongjie))).toBe("100%");
    // The street's task: one of its three leaf tasks done.
    await poll(() => percentOf(row(admin, top))).toBe("33%");
    await shot(admin, "4-accepted");
    await phone.reload();
    await poll(() => phone.getByTestId("task-card").filter({ hasText: sub }).count()).toBe(0);

    // 5. 王建国 issues a 红色督办 on 西关社区's overdue task.
    await desk.reload();
    await row(desk, xiguan).getByRole("button", { name: xiguan }).click();
    drawer = desk.getByTestId("task-detail");
    await drawer.getByRole("button", { name: "督办", exact: true }).click();
    step = desk.getByRole("dialog", { name: `督办：${xiguan}` });
    expect(await step.getByRole("radio", { name: "红色" }).isChecked()).toBe(true);
    await step.getByLabel("督办内容").fill("已逾期10天，请说明原因并于3日内完成");
    await step.getByRole("button", { name: "发出督办" }).click();
    const card5 = drawer.getByTestId("supervision");
    await poll(() => card5.textContent()).toContain("待反馈");
    await shot(desk, "5-supervised");

    // 赵丽华 finds it on 我的任务 and answers in writing.
    const xg = await open(XIGUAN_ADMIN, PHONE);
    await xg.goto(`${baseUrl()}/admin/tasks`);
    const owed = xg
      .getByRole("region", { name: "待我反馈的督办" })
      .getByTestId("supervision")
      .filter({ hasText: xiguan });
    await poll(() => owed.count()).toBe(1);
    await owed.getByRole("button", { name: "反馈" }).click();
    step = xg.getByRole("dialog", { name: "反馈督办" });
    await step.getByLabel("反馈内容").fill("因雨天推迟，已增派人手，12月10日前完成");
    await step.getByRole("button", { name: "提交反馈" }).click();
    await poll(() => owed.textContent()).toContain("已反馈");
    await shot(xg, "5-answered", true);

    // Still on both sides until 王建国 clears it.
    await desk.goto(`${baseUrl()}/admin/tasks`);
    const issued = desk
      .getByRole("region", { name: "我发出的督办" })
      .getByTestId("supervision")
      .filter({ hasText: xiguan });
    await poll(() => issued.textContent()).toContain("因雨天推迟");
    await issued.getByRole("button", { name: "销号" }).click();
    step = desk.getByRole("dialog", { name: "督办销号" });
    await step.getByRole("button", { name: "销号" }).click();
    await poll(() => issued.count()).toBe(0);
    await xg.reload();
    await poll(() => xg.getByText(xiguan).count()).toBeGreaterThan(0);
    expect(await owed.count()).toBe(0);
  },
);
