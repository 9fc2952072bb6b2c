import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import {
  auditRows,
  createTestDb,
  makeActivity,
  makeDocumentRow,
  makeFileRow,
  makeProblem,
  makeSignup,
  makeVolunteer,
  sessionFor,
  sheetsOf,
} from "../testing/index.js";
import { makeBoardEdition, makeBoardEntry } from "../board/test-fixture.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { chinaToday } from "../time.js";
import {
  LEDGER_INDEX_HEADER,
  LEDGER_INDEX_NAME,
  ledgerPlan,
  recordLedgerDownload,
  safeFileName,
  safeSegment,
  type LedgerEntry,
  type LedgerPlan,
} from "./campaign-ledger.js";
import { campaignPeople, chinaTime, monthBack, periodFrom } from "./test-fixture.js";

// The 台账 package's plan: the folders and names of every file (sanitised for Windows), the index
// workbook's rows, the linked records written out (names masked), and who may take it.

let db: Kysely<Database>;
let fx: Awaited<ReturnType<typeof campaignPeople>>;
let campaignId: number;
let items: Awaited<ReturnType<typeof checklistOf>>;

const checklistOf = async () =>
  (await fx.as(fx.people.street)).campaign.checklist({ campaignId, communityId: fx.tree.a.community });
const item = (content: string) => items.find((i) => i.content === content)!;

beforeEach(async () => {
  db = await createTestDb();
  fx = await campaignPeople(db);
  const period = periodFrom(2);
  ({ id: campaignId } = await (
    await fx.as(fx.people.street)
  ).campaign.create({
    name: "2027年创建全国文明城市",
    kind: "national_civilized_city",
    periodStart: period.periodStart,
    periodEnd: period.periodEnd,
    scopeUnitId: fx.tree.street,
  }));
  items = await checklistOf();
});

const planAs = async (
  userId: number,
  extra: { project?: string; communityId?: number; campaignId?: number } = {},
) =>
  ledgerPlan(db, await sessionFor(db, userId), {
    campaignId: extra.campaignId ?? campaignId,
    communityId: extra.communityId ?? fx.tree.a.community,
    project: extra.project,
  });

const generated = (plan: LedgerPlan, path: string) => {
  const entry = plan.entries.find((e): e is Extract<LedgerEntry, { kind: "generated" }> => e.path === path);
  if (!entry) throw new Error(`no generated entry ${path}`);
  return entry.build();
};
const sheetRows = async (plan: LedgerPlan, path: string) =>
  Object.values(await sheetsOf((await generated(plan, path)).toString("base64")))[0]!;

describe("the package's entries", () => {
  it("puts each item's photos in its numbered folder, the records confirmed written out, and the index at the top", async () => {
    const admin = await fx.as(fx.people.adminA);
    const board = item("宣传栏更新");
    const date = chinaToday();
    const photos = [await makeFileRow(db, fx.people.adminA), await makeFileRow(db, fx.people.adminA)];
    await admin.campaign.addEvidence({ itemId: board.id, kind: "photo", title: "宣传栏更新", date, photos });
    // Same title and day again: the names stay unique.
    await admin.campaign.addEvidence({
      itemId: board.id,
      kind: "photo",
      title: "宣传栏更新",
      date,
      photos: [await makeFileRow(db, fx.people.adminA)],
    });

    // A 道德讲堂 held last month with two people signed in, confirmed as evidence.
    const lectureItem = item("道德讲堂");
    const m1 = monthBack(1);
    const lecture = await makeActivity(db, {
      communityId: fx.tree.a.community,
      kind: "moral_lecture",
      title: "道德讲堂：孝老爱亲",
      startsAt: chinaTime(m1, 5, 9),
      endsAt: chinaTime(m1, 5, 11),
    });
    for (const name of ["张三丰", "李四"]) {
      const v = await makeVolunteer(db, { courtyardId: fx.tree.a.courtyard, name });
      await makeSignup(db, {
        activityId: lecture,
        volunteerId: v.id,
        checkInAt: chinaTime(m1, 5, 9),
        checkOutAt: chinaTime(m1, 5, 11),
        minutes: 120,
      });
    }
    await admin.campaign.confirmLink({ itemId: lectureItem.id, recordType: "activity", recordId: lecture });
    // Its 方案, a PDF: under the name it was uploaded with.
    const planDoc = await makeDocumentRow(db, fx.people.adminA, "道德讲堂年度方案.pdf");
    await admin.campaign.addEvidence({
      itemId: lectureItem.id,
      kind: "plan",
      title: "道德讲堂年度方案",
      date,
      documents: [planDoc],
    });
    // A proposed record that nobody confirmed stays out.
    await makeActivity(db, {
      communityId: fx.tree.a.community,
      kind: "moral_lecture",
      title: "道德讲堂：未确认",
      startsAt: chinaTime(m1, 20, 9),
      endsAt: chinaTime(m1, 20, 11),
    });

    // A closed problem and a 黑白榜 edition, confirmed.
    const problem = await makeProblem(db, {
      courtyardId: fx.tree.a.courtyard,
      state: "closed",
      deadline: `${m1}-10`,
      closedAt: chinaTime(m1, 9),
    });
    await admin.campaign.confirmLink({
      itemId: item("问题整改").id,
      recordType: "problem",
      recordId: problem,
    });
    const edition = await makeBoardEdition(db, {
      communityId: fx.tree.a.community,
      month: m1,
      publishedBy: fx.people.adminA,
    });
    await makeBoardEntry(db, {
      courtyardId: fx.tree.a.courtyard,
      category: "good_deed",
      proposerId: fx.people.adminA,
      state: "published",
      subjectName: "王建华",
      editionId: edition,
      startDate: `${m1}-01`,
      endDate: "2099-12-31",
    });
    await admin.campaign.confirmLink({
      itemId: item("红黑榜（善行义举榜）").id,
      recordType: "board_edition",
      recordId: edition,
    });

    const plan = await planAs(fx.people.adminA);
    expect(plan.fileName).toBe("甲社区-2027年创建全国文明城市-台账.zip");
    expect(plan.asciiFileName).toMatch(/^[\x20-\x7e]+$/);
    expect(plan.entries[0]).toMatchObject({ kind: "generated", path: LEDGER_INDEX_NAME });

    const number = (content: string) =>
      String(items.findIndex((i) => i.content === content) + 1).padStart(2, "0");
    const projects = [...new Set(items.map((i) => i.project))];
    const folder = (content: string) => {
      const it = item(content);
      return `${String(projects.indexOf(it.project) + 1).padStart(2, "0")} ${it.project}/${number(content)} ${content}`;
    };
    const paths = plan.entries.map((e) => e.path);
    const boardFolder = folder("宣传栏更新");
    expect(paths.filter((p) => p.startsWith(`${boardFolder}/`))).toEqual([
      `${boardFolder}/${date} 宣传栏更新-1.jpg`,
      `${boardFolder}/${date} 宣传栏更新-2.jpg`,
      `${boardFolder}/${date} 宣传栏更新-1 (2).jpg`,
    ]);
    // The original image's key and size, never the thumbnail's.
    const original = await db
      .selectFrom("file")
      .select(["storage_key", "byte_size"])
      .where("id", "=", photos[0]!)
      .executeTakeFirstOrThrow();
    expect(plan.entries.find((e) => e.path === `${boardFolder}/${date} 宣传栏更新-1.jpg`)).toEqual({
      kind: "stored",
      path: `${boardFolder}/${date} 宣传栏更新-1.jpg`,
      storageKey: original.storage_key,
      bytes: original.byte_size,
    });
    const planPath = `${folder("道德讲堂")}/${date} 道德讲堂年度方案.pdf`;
    const planKey = await db
      .selectFrom("document")
      .select("storage_key")
      .where("id", "=", planDoc)
      .executeTakeFirstOrThrow();
    expect(plan.entries.find((e) => e.path === planPath)).toEqual({
      kind: "stored",
      path: planPath,
      storageKey: planKey.storage_key,
      bytes: 2048,
    });
    expect(plan.storedBytes).toBe(3 * 1000 + 2048);

    const sheetPath = `${folder("道德讲堂")}/${m1}-05 道德讲堂：孝老爱亲-签到表.xlsx`;
    expect(paths, paths.join("\n")).toContain(sheetPath);
    expect(paths.some((p) => p.includes("未确认"))).toBe(false);
    const sheet = await sheetRows(plan, sheetPath);
    const header = sheet.findIndex((r) => r[0] === "序号");
    expect(sheet[header]).toEqual(["序号", "姓名", "签到", "签退", "时长（小时）"]);
    expect(sheet.slice(header + 1).map((r) => [r[1], r[4]])).toEqual([
      ["张**", "2"],
      ["李*", "2"],
    ]);
    expect(JSON.stringify(sheet)).not.toContain("张三丰");

    const problemFolder = folder("问题整改");
    const summaryPath = paths.find((p) => p.startsWith(`${problemFolder}/`) && p.endsWith("-整改记录.txt"))!;
    expect(summaryPath).toMatch(new RegExp(`/${m1}-09 #${problem} .+-整改记录\\.txt$`));
    const summary = (await generated(plan, summaryPath)).toString("utf8");
    expect(summary).toContain(`问题编号：#${problem}`);
    expect(summary).toContain("是否按期办结：是");
    expect(summary).not.toContain("楼道堆放杂物"); // what the reporter wrote stays out

    const boardPath = paths.find((p) => p.startsWith(`${folder("红黑榜（善行义举榜）")}/`))!;
    expect(boardPath.endsWith(".xlsx")).toBe(true);
    const boardSheet = await sheetRows(plan, boardPath);
    const entryRow = boardSheet.find((r) => r[1] === "白榜")!;
    expect(entryRow[4]).toBe("王**");

    // The index: one row per file, an item with nothing filed said so, paths as in the zip.
    const index = await sheetRows(plan, LEDGER_INDEX_NAME);
    const indexHeader = index.findIndex((r) => r[0] === "序号");
    expect(index[indexHeader]).toEqual(LEDGER_INDEX_HEADER);
    const rows = index.slice(indexHeader + 1);
    expect(rows.length).toBe(plan.rows.length);
    expect(rows.map((r) => r[0])).toEqual(rows.map((_, i) => String(i + 1)));
    expect(rows.find((r) => r[6] === `${boardFolder}/${date} 宣传栏更新-1.jpg`)).toEqual([
      expect.any(String),
      item("宣传栏更新").project,
      "宣传栏更新",
      "宣传栏更新",
      "图片",
      date,
      `${boardFolder}/${date} 宣传栏更新-1.jpg`,
    ]);
    expect(rows.find((r) => r[6] === sheetPath)?.slice(3, 6)).toEqual([
      "道德讲堂：孝老爱亲",
      "活动签到表",
      `${m1}-05`,
    ]);
    expect(rows.find((r) => r[6] === planPath)?.slice(3, 6)).toEqual(["道德讲堂年度方案", "方案", date]);
    expect(rows.find((r) => r[2] === "居民公约公示")?.slice(3)).toEqual(["（暂无材料）", "", "", ""]);
    // Every file of the zip is in the index, and every path in the index is in the zip.
    expect(new Set(rows.map((r) => r[6]).filter(Boolean))).toEqual(new Set(paths.slice(1)));
  });

  it("leaves archived items out, takes one 测评项目 with the same numbers, and sanitises names for Windows", async () => {
    const admin = await fx.as(fx.people.adminA);
    const charter = item("居民公约公示");
    await db
      .updateTable("campaign_item")
      .set({ content: 'a/b\\c:d*e?f"g<h>i|j. ' + "长".repeat(80) })
      .where("id", "=", charter.id)
      .execute();
    await admin.campaign.addEvidence({
      itemId: charter.id,
      kind: "photo",
      title: "公约/上墙:照片?",
      date: chinaToday(),
      photos: [await makeFileRow(db, fx.people.adminA)],
    });
    const archived = item("宣传栏更新");
    await db
      .updateTable("campaign_item")
      .set({ archived_at: new Date().toISOString() })
      .where("id", "=", archived.id)
      .execute();

    const plan = await planAs(fx.people.street, { project: charter.project });
    expect(plan.fileName).toBe(`甲社区-2027年创建全国文明城市-${charter.project}-台账.zip`);
    expect(new Set(plan.rows.map((r) => r.project))).toEqual(new Set([charter.project]));
    const file = plan.entries.find((e) => e.kind === "stored")!;
    const segments = file.path.split("/");
    expect(segments).toHaveLength(3);
    for (const s of segments) {
      expect(Array.from(s).length).toBeLessThanOrEqual(60);
      expect(s).not.toMatch(/[\\:*?"<>|]/);
      expect(s).not.toMatch(/[. ]$/);
    }
    // Numbered as in the whole checklist (archived items out).
    const live = items.filter((i) => i.id !== archived.id);
    const n = String(live.findIndex((i) => i.id === charter.id) + 1).padStart(2, "0");
    expect(segments[1]).toBe(`${n} a_b_c_d_e_f_g_h_i_j. ${"长".repeat(60 - 3 - 22)}`);
    expect(segments[2]).toBe(`${chinaToday()} 公约_上墙_照片_-1.jpg`);
    expect(plan.entries.some((e) => e.path.includes("宣传栏更新"))).toBe(false);

    const full = await planAs(fx.people.street);
    expect(full.rows.some((r) => r.content === "宣传栏更新")).toBe(false);
    expect(full.rows.length).toBe(live.length);
  });

  it("opens the whole package with the campaign's own files (实施方案), not a 测评项目's", async () => {
    const street = await fx.as(fx.people.street);
    const plan = await makeDocumentRow(db, fx.people.street, "城关街道创文实施方案.pdf");
    const picture = await makeFileRow(db, fx.people.street);
    await street.campaign.addDocuments({ id: campaignId, documents: [plan], photos: [picture] });
    const today = chinaToday();
    const full = await planAs(fx.people.adminA);
    expect(full.entries.slice(0, 3).map((e) => [e.kind, e.path])).toEqual([
      ["generated", LEDGER_INDEX_NAME],
      ["stored", `00 活动文件/${today} 城关街道创文实施方案.pdf`],
      ["stored", `00 活动文件/${today} 活动图片.jpg`],
    ]);
    expect(full.rows.slice(0, 2)).toEqual([
      {
        no: 1,
        project: "活动文件",
        content: "",
        title: "城关街道创文实施方案",
        type: "活动文件",
        date: today,
        path: `00 活动文件/${today} 城关街道创文实施方案.pdf`,
      },
      {
        no: 2,
        project: "活动文件",
        content: "",
        title: "活动图片",
        type: "活动文件",
        date: today,
        path: `00 活动文件/${today} 活动图片.jpg`,
      },
    ]);
    const one = await planAs(fx.people.adminA, { project: items[0]!.project });
    expect(one.entries.some((e) => e.path.startsWith("00 活动文件/"))).toBe(false);
  });

  it("sanitises segments: forbidden characters, trailing dots, device names, length", () => {
    expect(safeSegment('a/b\\c:d*e?f"g<h>i|j')).toBe("a_b_c_d_e_f_g_h_i_j");
    expect(safeSegment("总结.. ")).toBe("总结");
    expect(safeSegment("CON")).toBe("_CON");
    expect(safeSegment("   ")).toBe("_");
    expect(safeSegment("x\u0001y\ttab")).toBe("x_y tab");
    expect(Array.from(safeSegment("长".repeat(100))).length).toBe(60);
    const name = safeFileName("长".repeat(100), "xlsx");
    expect(Array.from(name).length).toBe(60);
    expect(name.endsWith("长.xlsx")).toBe(true);
  });
});

describe("who may take the package", () => {
  it("the street, the 社区's admins and grid workers; not another 社区, not a resident", async () => {
    for (const who of [fx.people.street, fx.people.adminA, fx.people.workerA]) {
      expect((await planAs(who)).community.name).toBe("甲社区");
    }
    for (const who of [fx.people.adminB, fx.people.workerB, fx.people.resident]) {
      await expect(planAs(who)).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect((await planAs(fx.people.adminB, { communityId: fx.tree.b.community })).community.name).toBe(
      "乙社区",
    );
  });

  it("refuses an unknown campaign, a 社区 outside it and an unknown 测评项目, by field", async () => {
    await expect(planAs(fx.people.street, { campaignId: 999_999 })).rejects.toBeInstanceOf(NotFoundError);
    const outside = planAs(fx.people.street, { communityId: fx.tree.street });
    await expect(outside).rejects.toBeInstanceOf(ValidationError);
    await expect(outside).rejects.toMatchObject({ field: "communityId" });
    await expect(planAs(fx.people.street, { project: "不存在的项目" })).rejects.toMatchObject({
      field: "project",
      message: "该社区的测评体系中没有这个测评项目",
    });
  });

  it("writes who took which package to the 操作日志", async () => {
    const plan = await planAs(fx.people.workerA, { project: item("道德讲堂").project });
    await recordLedgerDownload(db, await sessionFor(db, fx.people.workerA), plan);
    const [row] = (await auditRows(db)).filter((r) => r.action === "campaign.ledger_download");
    expect(row).toMatchObject({
      actor_id: fx.people.workerA,
      target_type: "campaign",
      target_id: String(campaignId),
      org_unit_id: fx.tree.a.community,
      after: { community: "甲社区", project: item("道德讲堂").project, files: plan.entries.length },
    });
  });
});
