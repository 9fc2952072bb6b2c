import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { createTestDb, makeFileRow, trpcErrorOf } from "../testing/index.js";
import { chinaToday } from "../time.js";
import { CHECKLIST_COLUMNS } from "./checklist-columns.js";
import { campaignPeople, periodFrom } from "./test-fixture.js";

// The checklist to and from Excel: an export imports back unchanged; a sheet with broken rows imports
// nothing and says each error with its line and column; replace archives what has evidence.

let db: Kysely<Database>;
let fx: Awaited<ReturnType<typeof campaignPeople>>;
let campaignId: number;
const copyOf = () => ({ campaignId, communityId: fx.tree.a.community });

beforeEach(async () => {
  db = await createTestDb();
  fx = await campaignPeople(db);
  ({ id: campaignId } = await (
    await fx.as(fx.people.street)
  ).campaign.create({
    name: "2027年创建全国文明城市",
    kind: "national_civilized_city",
    ...periodFrom(1),
    scopeUnitId: fx.tree.street,
  }));
});

async function sheetOf(rows: Array<Array<string | number>>, header: readonly string[] = CHECKLIST_COLUMNS) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("测评体系");
  ws.addRow([...header]);
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString("base64");
}

describe("the checklist in Excel", () => {
  it("exports the copy in order, in Chinese, and the export imports back as the same items", async () => {
    const admin = await fx.as(fx.people.adminA);
    const before = await admin.campaign.checklist(copyOf());
    const file = await admin.campaign.exportChecklist(copyOf());
    expect(file.fileName).toBe("甲社区-2027年创建全国文明城市-测评体系.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, "base64") as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("测评体系")!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...CHECKLIST_COLUMNS]);
    expect(ws.rowCount).toBe(before.length + 1);
    const lecture = before.findIndex((i) => i.content === "道德讲堂");
    expect((ws.getRow(lecture + 2).values as unknown[]).slice(5)).toEqual([
      "材料审核",
      before[lecture]!.points,
      expect.stringContaining("记录"),
      "每月道德讲堂2次",
    ]);

    const result = await admin.campaign.importChecklist({
      ...copyOf(),
      fileBase64: file.base64,
      mode: "replace",
    });
    expect(result).toEqual({ imported: true, added: before.length, removed: before.length, archived: 0 });
    const after = await admin.campaign.checklist(copyOf());
    const fields = (i: (typeof before)[number]) => [
      i.project,
      i.content,
      i.standard,
      i.method,
      i.points,
      i.evidence,
      i.measure,
    ];
    expect(after.map(fields)).toEqual(before.map(fields));
  });

  it("imports nothing from a sheet with broken rows, and names each error's line and column", async () => {
    const admin = await fx.as(fx.people.adminA);
    const before = await admin.campaign.checklist(copyOf());
    const fileBase64 = await sheetOf([
      [1, "宣传氛围", "电子屏公益广告", "小区电子屏每日播放公益广告。", "实地考察", 2, "图片", ""],
      [2, "宣传氛围", "", "缺内容的一行。", "抽查", "两分", "图片、视频", "每月跳舞3次"],
      [3, "志愿服务", "志愿服务活动", "每月至少4次。", "材料审核", 200, "记录", "每月志愿服务4次"],
    ]);
    const result = await admin.campaign.importChecklist({ ...copyOf(), fileBase64, mode: "append" });
    expect(result).toEqual({
      imported: false,
      errors: [
        { line: 3, column: "测评方式", message: "应为 实地考察、材料审核、问卷调查、网上申报" },
        { line: 3, column: "分值", message: "请填写数字" },
        {
          line: 3,
          column: "所需材料",
          message: "“视频”不是材料类型，应为 方案、图片、记录、总结、报道、台账",
        },
        {
          line: 3,
          column: "测量指标",
          message: "活动类型“跳舞”无效，应为 志愿服务、道德讲堂、文体活动、宣传教育",
        },
        { line: 3, column: "测评内容", message: "请填写测评内容" },
        { line: 4, column: "分值", message: "分值最多100分" },
      ],
    });
    expect(await admin.campaign.checklist(copyOf())).toEqual(before);
  });

  it("refuses a sheet without the columns, an empty one and a file that is no workbook", async () => {
    const admin = await fx.as(fx.people.adminA);
    const run = (fileBase64: string) =>
      admin.campaign.importChecklist({ ...copyOf(), fileBase64, mode: "append" });
    expect(await run(await sheetOf([["a", "b"]], ["名称", "说明"]))).toEqual({
      imported: false,
      errors: [
        {
          line: 1,
          column: "表头",
          message:
            "缺少列：测评项目、测评内容、测评标准、测评方式、分值、所需材料（请使用导出的表格或导入模板）",
        },
      ],
    });
    expect(await run(await sheetOf([]))).toEqual({
      imported: false,
      errors: [{ line: 2, column: "文件", message: "表格中没有测评项目" }],
    });
    expect(await run(Buffer.from("not a workbook").toString("base64"))).toEqual({
      imported: false,
      errors: [{ line: 0, column: "文件", message: "无法读取，请上传 .xlsx 格式的 Excel 文件" }],
    });
  });

  it("appends after the items there are; replacing archives an item with evidence instead of deleting it", async () => {
    const admin = await fx.as(fx.people.adminA);
    const before = await admin.campaign.checklist(copyOf());
    const row = [
      1,
      "宣传氛围",
      "电子屏公益广告",
      "小区电子屏每日播放公益广告。",
      "实地考察",
      2,
      "图片",
      "每季度图片",
    ];
    const appended = await admin.campaign.importChecklist({
      ...copyOf(),
      fileBase64: await sheetOf([row]),
      mode: "append",
    });
    expect(appended).toEqual({ imported: true, added: 1, removed: 0, archived: 0 });
    const withNew = await admin.campaign.checklist(copyOf());
    expect(withNew.at(-1)).toMatchObject({
      content: "电子屏公益广告",
      measure: { kind: "evidence_per_quarter", evidenceKind: "photo" },
    });

    const charter = before.find((i) => i.content === "居民公约公示")!;
    await admin.campaign.addEvidence({
      itemId: charter.id,
      kind: "photo",
      title: "居民公约上墙",
      date: chinaToday(),
      photos: [await makeFileRow(db, fx.people.adminA)],
    });
    const replaced = await admin.campaign.importChecklist({
      ...copyOf(),
      fileBase64: await sheetOf([row]),
      mode: "replace",
    });
    expect(replaced).toEqual({ imported: true, added: 1, removed: withNew.length - 1, archived: 1 });
    expect((await admin.campaign.checklist(copyOf())).map((i) => i.content)).toEqual(["电子屏公益广告"]);
    const kept = await db
      .selectFrom("campaign_item")
      .select("archived_at")
      .where("id", "=", charter.id)
      .executeTakeFirstOrThrow();
    expect(kept.archived_at).not.toBeNull();
  });

  it("is for the copy's admins: a grid worker may export but not import, another 社区's admin neither", async () => {
    const file = await (await fx.as(fx.people.adminA)).campaign.exportChecklist(copyOf());
    const worker = await fx.as(fx.people.workerA);
    // The same sheet, compared cell by cell: the zip inside an .xlsx stamps each part with the time of
    // writing, so two exports a second apart differ in their bytes.
    const cells = async (base64: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(base64, "base64") as unknown as ArrayBuffer);
      return wb.worksheets.map((ws) => ws.getSheetValues());
    };
    const theirs = await worker.campaign.exportChecklist(copyOf());
    expect(await cells(theirs.base64)).toEqual(await cells(file.base64));
    const input = { ...copyOf(), fileBase64: file.base64, mode: "append" as const };
    expect((await trpcErrorOf(worker.campaign.importChecklist(input))).code).toBe("FORBIDDEN");
    const other = await fx.as(fx.people.adminB);
    expect((await trpcErrorOf(other.campaign.exportChecklist(copyOf()))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf(other.campaign.importChecklist(input))).code).toBe("FORBIDDEN");
  });
});
