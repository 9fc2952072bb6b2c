import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it } from "vitest";
import { makeUser, sessionFor, trpcErrorOf } from "../testing/index.js";
import { readSheet } from "../excel/workbook.js";
import { chinaToday } from "../time.js";
import { addDays } from "../problem/rules.js";
import { taskWorld, type TaskWorld } from "./test-fixture.js";
import { importTasks } from "./task-import.js";
import { parseDateCell, splitItems, TASK_EXPORT_COLUMNS, TASK_IMPORT_COLUMNS } from "./task-sheet.js";

// The 任务分解表 through the router: a good sheet (parents after their children, people by mobile,
// 测评内容 linked) makes the tree; a sheet with any bad row writes nothing and says every error with
// its line and column; the export reads back in the same columns with state, progress and 督办.

let db: TaskWorld["db"], fx: TaskWorld["fx"], campaignId: number;
let mobiles: Record<string, string>;
let itemA: { id: number; content: string };
const today = chinaToday();
const due = addDays(today, 20);

beforeEach(async () => {
  ({ db, fx, campaignId } = await taskWorld());
  const users = await db.selectFrom("user").select(["id", "mobile"]).execute();
  mobiles = Object.fromEntries(users.map((u) => [u.id, u.mobile]));
  itemA = await db
    .selectFrom("campaign_item")
    .select(["id", "content"])
    .where("campaign_id", "=", campaignId)
    .where("community_id", "=", fx.tree.a.community)
    .orderBy("sort")
    .executeTakeFirstOrThrow();
});

type Row = Partial<Record<(typeof TASK_IMPORT_COLUMNS)[number], string | number | Date>>;

async function sheetOf(rows: Row[], header: readonly string[] = TASK_IMPORT_COLUMNS): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("任务分解表");
  ws.addRow([...header]);
  for (const r of rows) ws.addRow(header.map((h) => r[h as keyof Row] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer()).toString("base64");
}

const row = (title: string, more: Row = {}): Row => ({
  任务: title,
  责任单位: "甲社区",
  开始日期: today,
  时限: due,
  ...more,
});

async function counts() {
  const n = async (table: "task" | "task_step" | "task_item" | "audit_log") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    task: await n("task"),
    step: await n("task_step"),
    item: await n("task_item"),
    audit: await n("audit_log"),
  };
}

describe("importing a 任务分解表", () => {
  it("makes the tree parents first, finds people by name or mobile and links 测评内容", async () => {
    const street = await fx.as(fx.people.street);
    const fileBase64 = await sheetOf([
      row("一号院楼道清理", {
        上级任务: "甲社区楼道整治",
        责任单位: "甲社区第一网格",
        责任人: mobiles[fx.people.workerA]!,
        关联测评内容: itemA.content,
        权重: 2,
      }),
      row("二号院楼道清理", { 上级任务: "甲社区楼道整治", 责任单位: "甲社区第一网格", 责任人: "刘洋" }),
      row("甲社区楼道整治", { 上级任务: "环境整治", 责任人: "李秀英", 优先级: "紧急", 说明: "含楼道、车棚" }),
      // A date typed as a date cell, not as text.
      row("环境整治", { 责任单位: "测试街道", 开始日期: new Date(`${today}T00:00:00Z`) }),
    ]);
    const before = await counts();
    expect(await street.task.importSheet({ campaignId, fileBase64 })).toEqual({ imported: true, created: 4 });

    const tasks = await db
      .selectFrom("task")
      .select([
        "id",
        "title",
        "parent_id",
        "unit_id",
        "assignee_user_id",
        "priority",
        "weight",
        "description",
        "start_on",
        "sort",
      ])
      .where("campaign_id", "=", campaignId)
      .execute();
    const by = (title: string) => tasks.find((t) => t.title === title)!;
    expect(by("环境整治")).toMatchObject({
      parent_id: null,
      unit_id: fx.tree.street,
      assignee_user_id: null,
      start_on: today,
    });
    expect(by("甲社区楼道整治")).toMatchObject({
      parent_id: by("环境整治").id,
      assignee_user_id: fx.people.adminA,
      priority: "urgent",
      description: "含楼道、车棚",
    });
    expect(by("一号院楼道清理")).toMatchObject({
      parent_id: by("甲社区楼道整治").id,
      assignee_user_id: fx.people.workerA,
      weight: 2,
    });
    expect(by("二号院楼道清理")).toMatchObject({
      parent_id: by("甲社区楼道整治").id,
      assignee_user_id: fx.people.workerA2,
    });
    // Siblings keep the order of the sheet.
    expect(by("一号院楼道清理").sort).toBeLessThan(by("二号院楼道清理").sort);
    const links = await db.selectFrom("task_item").select(["task_id", "item_id"]).execute();
    expect(links).toEqual([{ task_id: by("一号院楼道清理").id, item_id: itemA.id }]);

    // One row of the 操作日志 says the import; each task's own creation is on its timeline.
    const after = await counts();
    expect(after.task - before.task).toBe(4);
    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "target_type", "target_id", "after"])
      .where("action", "=", "task.import")
      .execute();
    expect(audit).toEqual([
      {
        action: "task.import",
        target_type: "campaign",
        target_id: String(campaignId),
        after: JSON.stringify({ rows: 4 }),
      },
    ]);
    const listed = await (
      await fx.as(fx.people.street)
    ).audit.list({ page: 1, pageSize: 10, action: "task.import" });
    expect(listed.items.map((r) => [r.subject, r.changes.map((c) => [c.label, c.after])])).toEqual([
      ["创城活动 2027年创建全国文明城市", [["行数", "4"]]],
    ]);
  });

  it("says every bad row by line and column, and writes nothing", async () => {
    await makeUser(db, { role: "grid_worker", unitId: fx.tree.a.grid, name: "赵敏" });
    await makeUser(db, { role: "grid_worker", unitId: fx.tree.a.grid, name: "赵敏" });
    const street = await fx.as(fx.people.street);
    const fileBase64 = await sheetOf([
      /* 2 */ row("环境整治"),
      /* 3 */ row("楼道清理", { 上级任务: "环境整治", 责任人: "王小明" }),
      /* 4 */ row("车棚清理", { 上级任务: "环境整治", 责任单位: "甲社区第一网格", 责任人: "赵敏" }),
      /* 5 */ row("丙社区整治", { 责任单位: "丙社区" }),
      /* 6 */ row("时限倒挂", { 开始日期: due, 时限: today }),
      /* 7 */ row("日期有误", { 开始日期: "2027-02-30" }),
      /* 8 */ row("权重有误", { 上级任务: "环境整治", 权重: -1 }),
      /* 9 */ row("", { 说明: "忘了写任务名称" }),
      /* 10 */ row("孤儿任务", { 上级任务: "不存在的任务" }),
      /* 11 */ row("第二级", { 上级任务: "环境整治" }),
      /* 12 */ row("第三级", { 上级任务: "第二级", 责任单位: "甲社区第一网格" }),
      /* 13 */ row("第四级", { 上级任务: "第三级", 责任单位: "甲社区一号院" }),
      /* 14 */ row("第五级", { 上级任务: "第四级", 责任单位: "甲社区1号楼" }),
      /* 15 */ row("测评不符", { 关联测评内容: "没有这一项" }),
    ]);
    const before = await counts();
    const res = await street.task.importSheet({ campaignId, fileBase64 });
    expect(res.imported).toBe(false);
    if (res.imported) return;
    expect(res.errors).toEqual([
      { line: 3, column: "责任人", message: "找不到“王小明”" },
      { line: 4, column: "责任人", message: "有2人名为“赵敏”，请填写其手机号" },
      { line: 5, column: "责任单位", message: "找不到单位“丙社区”" },
      { line: 6, column: "时限", message: "时限不能早于开始日期" },
      { line: 7, column: "开始日期", message: "“2027-02-30”不是有效日期，应为 年-月-日，如 2027-03-01" },
      { line: 8, column: "权重", message: "权重不能小于0" },
      { line: 9, column: "任务", message: "请填写任务名称" },
      {
        line: 10,
        column: "上级任务",
        message: "找不到“不存在的任务”：上级任务须是本表中的任务或该活动已有的任务",
      },
      { line: 14, column: "上级任务", message: "任务最多分解到 4 级" },
      { line: 15, column: "关联测评内容", message: "找不到测评内容“没有这一项”" },
    ]);
    // The good rows (2, 11–13) were made and then rolled back with the rest: nothing remains.
    expect(await counts()).toEqual(before);
  });

  it("refuses a unit outside the campaign or outside the importer's units, by row", async () => {
    // A campaign of 甲社区 alone: 乙社区 is outside it, even for the street admin.
    const admin = await fx.as(fx.people.adminA);
    const own = await admin.campaign.create({
      name: "甲社区创文",
      kind: "national_civilized_city",
      scopeUnitId: fx.tree.a.community,
      periodStart: today,
      periodEnd: addDays(today, 365),
    });
    const street = await fx.as(fx.people.street);
    const res = await street.task.importSheet({
      campaignId: own.id,
      fileBase64: await sheetOf([row("乙社区任务", { 责任单位: "乙社区" }), row("甲社区任务")]),
    });
    expect(res).toEqual({
      imported: false,
      errors: [{ line: 2, column: "责任单位", message: "责任单位须在该创城活动的范围内" }],
    });
    // 甲社区's admin may not give 乙社区 work in the street's campaign.
    const across = await admin.task.importSheet({
      campaignId,
      fileBase64: await sheetOf([row("甲社区任务"), row("乙社区任务", { 责任单位: "乙社区" })]),
    });
    expect(across).toEqual({
      imported: false,
      errors: [{ line: 3, column: "责任单位", message: "您无权给“乙社区”分派任务" }],
    });
    expect((await counts()).task).toBe(0);
  });

  it("takes an existing task of the campaign as 上级任务, a name made unique by the unit, and refuses a loop", async () => {
    const street = await fx.as(fx.people.street);
    await street.task.create({
      campaignId,
      title: "已有任务",
      unitId: fx.tree.a.community,
      startOn: today,
      dueOn: due,
      priority: "normal",
    });
    // Another 刘洋, of 乙社区: in 甲社区's grid only one 刘洋 can be 责任人.
    await makeUser(db, { role: "grid_worker", unitId: fx.tree.b.grid, name: "刘洋" });
    const good = await street.task.importSheet({
      campaignId,
      fileBase64: await sheetOf([
        row("子任务", { 上级任务: "已有任务", 责任单位: "甲社区/甲社区第一网格", 责任人: "刘洋" }),
      ]),
    });
    expect(good).toEqual({ imported: true, created: 1 });
    const child = await db
      .selectFrom("task")
      .select(["parent_id", "assignee_user_id"])
      .where("title", "=", "子任务")
      .executeTakeFirstOrThrow();
    expect(child.assignee_user_id).toBe(fx.people.workerA2);

    const loop = await street.task.importSheet({
      campaignId,
      fileBase64: await sheetOf([row("甲", { 上级任务: "乙" }), row("乙", { 上级任务: "甲" })]),
    });
    expect(loop.imported).toBe(false);
    if (!loop.imported)
      expect(loop.errors.map((e) => [e.line, e.column])).toEqual([
        [2, "上级任务"],
        [3, "上级任务"],
      ]);
  });

  it("refuses a sheet without the columns, an empty one and one that is no Excel file", async () => {
    const street = await fx.as(fx.people.street);
    const call = async (fileBase64: string) => street.task.importSheet({ campaignId, fileBase64 });
    expect(await call(await sheetOf([row("环境整治")], ["任务", "责任单位"]))).toEqual({
      imported: false,
      errors: [
        { line: 1, column: "表头", message: "缺少列：上级任务、责任人、开始日期、时限（请使用导入模板）" },
      ],
    });
    expect(await call(await sheetOf([]))).toMatchObject({ imported: false, errors: [{ column: "文件" }] });
    expect(await call(Buffer.from("not a workbook").toString("base64"))).toMatchObject({
      imported: false,
      errors: [{ column: "文件", message: "无法读取，请上传 .xlsx 格式的 Excel 文件" }],
    });
  });

  it("rolls back on its own when called outside a transaction", async () => {
    const session = await sessionFor(db, fx.people.street);
    const before = await counts();
    const res = await importTasks(db, session, {
      campaignId,
      fileBase64: await sheetOf([
        row("环境整治"),
        row("楼道清理", { 上级任务: "环境整治", 责任人: "王小明" }),
      ]),
    });
    expect(res.imported).toBe(false);
    expect(await counts()).toEqual(before);
    const ok = await importTasks(db, session, { campaignId, fileBase64: await sheetOf([row("环境整治")]) });
    expect(ok).toEqual({ imported: true, created: 1 });
    expect((await counts()).task).toBe(before.task + 1);
  });

  it("is refused to a grid worker and a resident, as are the template and the export", async () => {
    const fileBase64 = await sheetOf([row("环境整治")]);
    for (const who of [fx.people.workerA, fx.people.resident]) {
      const c = await fx.as(who);
      expect((await trpcErrorOf(c.task.importSheet({ campaignId, fileBase64 }))).code).toBe("FORBIDDEN");
      expect((await trpcErrorOf(c.task.importTemplate({ campaignId }))).code).toBe("FORBIDDEN");
      expect((await trpcErrorOf(c.task.exportSheet({ campaignId }))).code).toBe("FORBIDDEN");
    }
    expect((await counts()).task).toBe(0);
  });
});

describe("the template and the export", () => {
  it("gives the columns, with the example on the help sheet (never imported)", async () => {
    const street = await fx.as(fx.people.street);
    const file = await street.task.importTemplate({ campaignId });
    expect(file.fileName).toBe("2027年创建全国文明城市-任务分解表导入模板.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, "base64") as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["任务分解表", "填写说明"]);
    const sheet = await readSheet(file.base64);
    expect(sheet).toEqual({ header: [...TASK_IMPORT_COLUMNS], rows: [] });
    const help = wb.getWorksheet("填写说明")!;
    const example = help.getRow(help.rowCount).values as unknown[];
    expect(example.slice(1, 4)).toEqual(["环境卫生整治", "", "测试街道"]);
    // The example, copied into the first sheet as it is, imports.
    const copied = await sheetOf([
      Object.fromEntries(TASK_IMPORT_COLUMNS.map((c, i) => [c, String(example[i + 1] ?? "")])),
    ]);
    expect(await street.task.importSheet({ campaignId, fileBase64: copied })).toEqual({
      imported: true,
      created: 1,
    });
  });

  it("exports the tasks in the import's columns with state, rolled-up progress and 督办, filtered", async () => {
    const street = await fx.as(fx.people.street);
    await street.task.importSheet({
      campaignId,
      fileBase64: await sheetOf([
        row("环境整治", { 责任单位: "测试街道" }),
        row("甲社区楼道整治", { 上级任务: "环境整治", 责任人: "李秀英", 关联测评内容: itemA.content }),
        row("一号院楼道清理", {
          上级任务: "甲社区楼道整治",
          责任单位: "甲社区第一网格",
          责任人: mobiles[fx.people.workerA]!,
          时限: addDays(today, 2),
        }),
        row("一号院车棚清理", { 上级任务: "甲社区楼道整治", 责任单位: "甲社区第一网格" }),
        row("乙社区楼道整治", { 上级任务: "环境整治", 责任单位: "乙社区", 优先级: "重要", 权重: 3 }),
      ]),
    });
    // The grid worker's task done: 甲社区's half done; the street's (乙社区 weighs 3 to 甲社区's 1) 1/8.
    const task = await db
      .selectFrom("task")
      .select(["id", "version"])
      .where("title", "=", "一号院楼道清理")
      .executeTakeFirstOrThrow();
    const worker = await fx.as(fx.people.workerA);
    const { version } = await worker.task.submit({ id: task.id, version: task.version });
    await (await fx.as(fx.people.adminA)).task.accept({ id: task.id, version });

    const read = async (input: Parameters<typeof street.task.exportSheet>[0]) => {
      const file = await street.task.exportSheet(input);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(file.base64, "base64") as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      const rows: string[][] = [];
      ws.eachRow((r) =>
        rows.push(Array.from({ length: TASK_EXPORT_COLUMNS.length }, (_, i) => r.getCell(i + 1).text)),
      );
      return rows;
    };
    const all = await read({ campaignId });
    expect(all[0]).toEqual([...TASK_EXPORT_COLUMNS]);
    expect(all.slice(1)).toEqual([
      ["环境整治", "", "测试街道", "", today, due, "一般", "", "", "", "未开始", "13%", ""],
      [
        "甲社区楼道整治",
        "环境整治",
        "甲社区",
        "李秀英",
        today,
        due,
        "一般",
        "",
        itemA.content,
        "",
        "未开始",
        "50%",
        "",
      ],
      [
        "一号院楼道清理",
        "甲社区楼道整治",
        "甲社区第一网格",
        "张伟",
        today,
        addDays(today, 2),
        "一般",
        "",
        "",
        "",
        "已完成",
        "100%",
        "",
      ],
      [
        "一号院车棚清理",
        "甲社区楼道整治",
        "甲社区第一网格",
        "",
        today,
        due,
        "一般",
        "",
        "",
        "",
        "未开始",
        "0%",
        "",
      ],
      ["乙社区楼道整治", "环境整治", "乙社区", "", today, due, "重要", "3", "", "", "未开始", "0%", ""],
    ]);
    // By unit (as the list: the 责任单位 itself), 督办, state, item, due range, 责任人.
    expect((await read({ campaignId, unitId: fx.tree.a.grid })).slice(1).map((r) => r[0])).toEqual([
      "一号院楼道清理",
      "一号院车棚清理",
    ]);
    expect((await read({ campaignId, colours: ["none"] })).slice(1).map((r) => r[0])).toEqual([
      "环境整治",
      "甲社区楼道整治",
      "一号院楼道清理",
      "一号院车棚清理",
      "乙社区楼道整治",
    ]);
    expect((await read({ campaignId, states: ["done"] })).slice(1).map((r) => r[0])).toEqual([
      "一号院楼道清理",
    ]);
    expect((await read({ campaignId, itemId: itemA.id })).slice(1).map((r) => r[0])).toEqual([
      "甲社区楼道整治",
    ]);
    expect((await read({ campaignId, dueTo: addDays(today, 5) })).slice(1).map((r) => r[0])).toEqual([
      "一号院楼道清理",
    ]);
    expect((await read({ campaignId, assigneeUserId: fx.people.adminA })).slice(1).map((r) => r[0])).toEqual([
      "甲社区楼道整治",
    ]);
    // The export goes back in: a new campaign's tree from it (names are unique here).
    const again = await street.campaign.create({
      name: "2028年创文",
      kind: "national_civilized_city",
      scopeUnitId: fx.tree.street,
      periodStart: today,
      periodEnd: addDays(today, 365),
    });
    const file = await street.task.exportSheet({ campaignId });
    expect(await street.task.importSheet({ campaignId: again.id, fileBase64: file.base64 })).toEqual({
      imported: true,
      created: 5,
    });
  });

  it("writes a 责任人 whose name another member of staff shares as the mobile, so the export imports again", async () => {
    const street = await fx.as(fx.people.street);
    // Another 张伟, a grid worker of 乙社区: by name alone the import would ask which one is meant.
    await makeUser(db, { role: "grid_worker", unitId: fx.tree.b.grid, name: "张伟" });
    await street.task.importSheet({
      campaignId,
      fileBase64: await sheetOf([
        row("环境整治", { 责任单位: "测试街道" }),
        row("甲社区楼道整治", { 上级任务: "环境整治", 责任人: "李秀英" }),
        row("一号院楼道清理", {
          上级任务: "甲社区楼道整治",
          责任单位: "甲社区第一网格",
          责任人: mobiles[fx.people.workerA]!,
        }),
      ]),
    });
    const file = await street.task.exportSheet({ campaignId });
    const sheet = await readSheet(file.base64);
    expect(sheet.rows.map((r) => r.cells["责任人"] ?? "")).toEqual([
      "",
      "李秀英",
      mobiles[fx.people.workerA],
    ]);

    // The exported sheet, read back into a campaign of its own, names the same people.
    const { id: again } = await street.campaign.create({
      name: "2028年创建全国文明城市",
      kind: "national_civilized_city",
      scopeUnitId: fx.tree.street,
      periodStart: today,
      periodEnd: addDays(today, 365),
    });
    expect(await street.task.importSheet({ campaignId: again, fileBase64: file.base64 })).toEqual({
      imported: true,
      created: 3,
    });
    const people = await db
      .selectFrom("task")
      .select(["title", "assignee_user_id"])
      .where("campaign_id", "=", again)
      .orderBy("id")
      .execute();
    expect(people).toEqual([
      { title: "环境整治", assignee_user_id: null },
      { title: "甲社区楼道整治", assignee_user_id: fx.people.adminA },
      { title: "一号院楼道清理", assignee_user_id: fx.people.workerA },
    ]);
  });

  it("colours 督办 in the export: a task due within three days is 蓝", async () => {
    const street = await fx.as(fx.people.street);
    await street.task.importSheet({
      campaignId,
      fileBase64: await sheetOf([row("临期任务", { 时限: addDays(today, 1) })]),
    });
    const file = await street.task.exportSheet({ campaignId, colours: ["blue"] });
    const sheet = await readSheet(file.base64);
    expect(sheet.rows.map((r) => [r.cells["任务"], r.cells["督办"]])).toEqual([["临期任务", "蓝色（临期）"]]);
    expect(
      (await readSheet((await street.task.exportSheet({ campaignId, colours: ["red"] })).base64)).rows,
    ).toEqual([]);
  });
});

describe("cells as people write them", () => {
  it("reads dates in the usual forms, and refuses others", () => {
    expect(parseDateCell("2027-03-01")).toBe("2027-03-01");
    expect(parseDateCell("2027/3/1")).toBe("2027-03-01");
    expect(parseDateCell("2027年3月1日")).toBe("2027-03-01");
    expect(parseDateCell("2027.03.01")).toBe("2027-03-01");
    expect(parseDateCell("46447")).toBe("2027-03-01");
    expect(parseDateCell("2027-02-30")).toBeNull();
    expect(parseDateCell("下周一")).toBeNull();
    expect(parseDateCell("3/1")).toBeNull();
  });

  it("reads a date cell of Excel as the day it shows", async () => {
    const fileBase64 = await sheetOf([{ 任务: "x", 开始日期: new Date("2027-03-01T00:00:00Z") }]);
    const sheet = await readSheet(fileBase64);
    expect(parseDateCell(sheet.rows[0]!.cells["开始日期"]!)).toBe("2027-03-01");
  });

  it("splits 测评内容 on 、 and ；", () => {
    expect(splitItems("公益广告、 楼道整洁；车棚;公益广告")).toEqual(["公益广告", "楼道整洁", "车棚"]);
  });
});
