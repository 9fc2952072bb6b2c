import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeBoardEdition, makeBoardEntry } from "../board/test-fixture.js";
import { ForbiddenError, ValidationError } from "../errors.js";
import { addDays } from "../problem/rules.js";
import { taskWorld, type TaskWorld } from "../task/test-fixture.js";
import {
  auditRows,
  makeActivity,
  makeFileRow,
  makeProblem,
  makeSignup,
  makeVolunteer,
  sessionFor,
} from "../testing/index.js";
import { chinaToday } from "../time.js";
import { LEDGERS, type LedgerKind } from "./ledger-catalog.js";
import { openLedger, recordLedgerExport, writeLedgerXlsx } from "./ledger-export.js";

// The 台账 of the 报表与导出 page, on the database the suite runs on: each ledger's cells against the
// records made here, the 红黑榜台账's masking, who may export what, and the period's checks.

let w: TaskWorld;
const today = chinaToday();
const year = today.slice(0, 4);
const period = { from: `${year}-01-01`, to: `${year}-12-31` };
/** Inside this year, whatever today is: 10:00 China time on the 2nd of the month of today. */
const day = `${today.slice(0, 7)}-02`;
const at = (hhmm: string) => `${day}T${hhmm}:00+08:00`;

beforeAll(async () => {
  w = await taskWorld();
}, 60_000);
afterAll(async () => {
  await w?.db.destroy();
});

/** The ledger as a person opens it: the sheet's rows below the header, each as cell texts. */
async function exported(
  userId: number,
  kind: LedgerKind,
  input: { unitId: number; from: string; to: string },
) {
  const session = await sessionFor(w.db, userId);
  const ledger = await openLedger(w.db, session, kind, input);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const written = await writeLedgerXlsx(ledger, out);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  const numbers: number[] = [];
  ws.eachRow((row, n) => {
    const cells: string[] = [];
    for (let i = 1; i <= LEDGERS[kind].columns.length; i++) cells.push(row.getCell(i).text);
    rows.push(cells);
    numbers.push(n);
  });
  const header = rows.findIndex((r) => r[0] === "序号");
  // The first row below the header, as values (a photo cell is a link).
  const links = ws.getRow(numbers[header]! + 1).values as ExcelJS.CellValue[];
  return { ledger, written, title: rows[0]![0], header: rows[header]!, rows: rows.slice(header + 1), links };
}

async function refusal(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

describe("台账 exports", () => {
  it("志愿服务活动台账: each activity with its date, place, people and confirmed hours", async () => {
    const a = w.fx.tree.a;
    const activity = await makeActivity(w.db, {
      communityId: a.community,
      title: "重阳敬老志愿服务",
      startsAt: at("09:00"),
      endsAt: at("11:30"),
    });
    await makeActivity(w.db, {
      communityId: w.fx.tree.b.community,
      title: "乙社区活动",
      startsAt: at("09:00"),
      endsAt: at("10:00"),
    });
    const v1 = await makeVolunteer(w.db, { courtyardId: a.courtyard, name: "王小红" });
    const v2 = await makeVolunteer(w.db, { courtyardId: a.courtyard, name: "李明" });
    const v3 = await makeVolunteer(w.db, { courtyardId: a.courtyard, name: "赵刚" });
    const s1 = await makeSignup(w.db, {
      activityId: activity,
      volunteerId: v1.id,
      checkInAt: at("09:00"),
      checkOutAt: at("11:00"),
      minutes: 120,
    });
    await makeSignup(w.db, {
      activityId: activity,
      volunteerId: v2.id,
      checkInAt: at("09:10"),
      checkOutAt: at("11:30"),
      minutes: 140,
    });
    await makeSignup(w.db, { activityId: activity, volunteerId: v3.id });
    // One confirmed (2 h), one still waiting: only confirmed hours count.
    await w.db
      .updateTable("activity_signup")
      .set({ hours_status: "confirmed", confirmed_minutes: 120 })
      .where("id", "=", s1)
      .execute();

    const x = await exported(w.fx.people.adminA, "activities", { unitId: a.community, ...period });
    expect(x.title).toBe("志愿服务活动台账");
    expect(x.header).toEqual(LEDGERS.activities.columns.map((c) => c.header));
    expect(x.rows).toEqual([
      ["1", "重阳敬老志愿服务", "志愿服务", day, "09:00-11:30", "社区广场", "甲社区", "3", "2", "2"],
    ]);
    expect(x.written).toBe(1);
    expect(x.ledger.count).toBe(1);
    expect(x.ledger.fileName).toBe(`甲社区-志愿服务活动台账-${year}0101-${year}1231.xlsx`);
    // The street sees both 社区.
    const street = await exported(w.fx.people.street, "activities", { unitId: w.fx.tree.street, ...period });
    expect(street.rows.map((r) => r[1]).sort()).toEqual(["乙社区活动", "重阳敬老志愿服务"]);
  });

  it("道德讲堂台账: only 道德讲堂, with 主题, 主讲人 as recorded and 参加人数", async () => {
    const a = w.fx.tree.a;
    const lecture = await makeActivity(w.db, {
      communityId: a.community,
      kind: "moral_lecture",
      title: "孝老爱亲",
      startsAt: at("14:00"),
      endsAt: at("16:00"),
    });
    await w.db
      .updateTable("activity")
      .set({ description: "主讲人：陈老师\n讲述身边的孝老故事" })
      .where("id", "=", lecture)
      .execute();
    const v = await makeVolunteer(w.db, { courtyardId: a.courtyard });
    await makeSignup(w.db, { activityId: lecture, volunteerId: v.id, checkInAt: at("14:00") });
    const x = await exported(w.fx.people.adminA, "lectures", { unitId: a.community, ...period });
    expect(x.rows).toEqual([
      ["1", day, "14:00-16:00", "孝老爱亲", "陈老师", "社区广场", "1", "主讲人：陈老师 讲述身边的孝老故事"],
    ]);
  });

  it("问题整改台账: the problems of the period with links to their photos", async () => {
    const a = w.fx.tree.a;
    const id = await makeProblem(w.db, {
      courtyardId: a.courtyard,
      state: "closed",
      createdAt: new Date(at("08:30")).toISOString(),
    });
    const step = await w.db
      .selectFrom("problem_step")
      .select("id")
      .where("problem_id", "=", id)
      .executeTakeFirstOrThrow();
    const file = await makeFileRow(w.db, w.fx.people.workerA);
    await w.db
      .updateTable("file")
      .set({ owner_type: "problem_step", owner_id: step.id })
      .where("id", "=", file)
      .execute();
    // Last year's problem is outside the period.
    await makeProblem(w.db, {
      courtyardId: a.courtyard,
      createdAt: `${Number(year) - 1}-06-01T02:00:00.000Z`,
    });
    const x = await exported(w.fx.people.adminA, "problems", { unitId: a.community, ...period });
    expect(x.rows).toHaveLength(1);
    expect(x.rows[0]!.slice(0, 6)).toEqual([
      "1",
      "楼道堆放杂物",
      expect.any(String),
      "甲社区一号院",
      expect.stringContaining("08:30"),
      expect.any(String),
    ]);
    expect(x.rows[0]![8]).toBe("已办结");
    expect(x.rows[0]![10]).toBe("整改前照片");
    expect(x.links[11]).toEqual({ text: "整改前照片", hyperlink: `照片/问题${id}-整改前.jpg` });
    expect(x.ledger.fileName.endsWith(".zip")).toBe(true);
    const photos = [];
    for await (const p of x.ledger.photos!()) photos.push(p);
    const key = await w.db
      .selectFrom("file")
      .select("storage_key")
      .where("id", "=", file)
      .executeTakeFirstOrThrow();
    expect(photos).toEqual([{ path: `照片/问题${id}-整改前.jpg`, storageKey: key.storage_key }]);
    // A grid worker exports their 网格's.
    const g = await exported(w.fx.people.workerA, "problems", { unitId: a.grid, ...period });
    expect(g.rows).toHaveLength(1);
  });

  it("红黑榜台账: entries by edition, a 黑榜 person never by full name", async () => {
    const a = w.fx.tree.a;
    const month = today.slice(0, 7);
    const edition = await makeBoardEdition(w.db, {
      communityId: a.community,
      month,
      publishedBy: w.fx.people.adminA,
    });
    await makeBoardEntry(w.db, {
      courtyardId: a.courtyard,
      category: "litter",
      proposerId: w.fx.people.workerA,
      state: "published",
      subjectKind: "person",
      subjectName: "张明华",
      title: "张明华乱扔垃圾",
      editionId: edition,
    });
    await makeBoardEntry(w.db, {
      courtyardId: a.courtyard,
      category: "good_deed",
      proposerId: w.fx.people.workerA,
      state: "published",
      subjectName: "王秀兰",
      consented: true,
      editionId: edition,
    });
    // Not in a published edition: not in the ledger.
    await makeBoardEntry(w.db, {
      courtyardId: a.courtyard,
      category: "litter",
      proposerId: w.fx.people.workerA,
      state: "pending",
    });
    const x = await exported(w.fx.people.adminA, "board", { unitId: a.community, ...period });
    expect(x.rows).toHaveLength(2);
    const black = x.rows.find((r) => r[2] === "黑榜")!;
    const white = x.rows.find((r) => r[2] === "白榜")!;
    expect(black[1]).toMatch(/甲社区/);
    expect(black[4]).toBe("甲社区一号院");
    expect(black[7]).toBe("已公示");
    // Default settings: no name at all for a 黑榜 person; the title names "某居民".
    expect(black[5]).toBe("某居民乱扔垃圾");
    expect(black[6]).toBe("甲社区一号院");
    expect(JSON.stringify(x.rows)).not.toContain("张明华");
    // With 社区 masking chosen: 张**, still never the full name.
    await w.db
      .insertInto("board_setting")
      .values({
        community_id: a.community,
        black_visibility: "residents",
        black_name_display: "masked",
        black_max_days: 30,
        white_days: 30,
        notice_days: 3,
        rectified_removal: "at_end",
        retention_days: 180,
        updated_by: null,
        updated_at: new Date().toISOString(),
      })
      .execute();
    const masked = await exported(w.fx.people.adminA, "board", { unitId: a.community, ...period });
    const b2 = masked.rows.find((r) => r[2] === "黑榜")!;
    expect(b2[5]).toBe("张**乱扔垃圾");
    expect(b2[6]).toBe("甲社区一号院 张**");
    expect(JSON.stringify(masked.rows)).not.toContain("张明华");
    // A consenting 白榜 person by name.
    expect(white[6]).toBe("王秀兰");
  });

  it("任务落实台账 and 志愿者注册资料", async () => {
    const { community, grid } = await w.splitDown();
    const x = await exported(w.fx.people.adminA, "tasks", {
      unitId: w.fx.tree.a.community,
      from: today,
      to: addDays(today, 30),
    });
    expect(x.rows.map((r) => [r[1], r[2], r[3], r[4], r[6], r[9], r[10]])).toEqual([
      ["甲社区楼道整治", "2027年创建全国文明城市", "甲社区", "李秀英", addDays(today, 20), "未开始", "否"],
      [
        "一号院楼道清理",
        "2027年创建全国文明城市",
        "甲社区第一网格",
        "张伟",
        addDays(today, 20),
        "未开始",
        "否",
      ],
    ]);
    expect([community, grid]).toHaveLength(2);
    const v = await exported(w.fx.people.adminA, "volunteers", { unitId: w.fx.tree.a.community, ...period });
    expect(v.rows.map((r) => r[1])).toContain("王小红");
    expect(v.rows.every((r) => /^\d{6}\*+\w{4}$/.test(r[4]!))).toBe(true);
    // Registered after the period: left out.
    const before = await exported(w.fx.people.adminA, "volunteers", {
      unitId: w.fx.tree.a.community,
      from: "2000-01-01",
      to: "2000-12-31",
    });
    expect(before.rows).toEqual([]);
    expect(before.ledger.count).toBe(0);
  });

  it("refuses whoever may not export, before reading anything", async () => {
    const s = (id: number) => sessionFor(w.db, id);
    const b = w.fx.tree.b.community;
    const err = await refusal(
      openLedger(w.db, await s(w.fx.people.adminA), "activities", { unitId: b, ...period }),
    );
    expect(err).toBeInstanceOf(ForbiddenError);
    expect((err as Error).message).toBe("没有权限导出乙社区的志愿服务活动台账");
    for (const kind of ["volunteers", "activities", "lectures", "problems", "board", "tasks"] as const) {
      const r = await refusal(
        openLedger(w.db, await s(w.fx.people.resident), kind, { unitId: w.fx.tree.a.community, ...period }),
      );
      expect(r).toBeInstanceOf(ForbiddenError);
    }
    // A grid worker: their 网格's problems and volunteers, not the 社区's activities or board.
    for (const kind of ["activities", "board", "tasks"] as const) {
      expect(
        await refusal(
          openLedger(w.db, await s(w.fx.people.workerA), kind, { unitId: w.fx.tree.a.community, ...period }),
        ),
      ).toBeInstanceOf(ForbiddenError);
    }
    expect(
      await refusal(
        openLedger(w.db, await s(w.fx.people.workerA), "problems", { unitId: w.fx.tree.b.grid, ...period }),
      ),
    ).toBeInstanceOf(ForbiddenError);
  });

  it("says which field is wrong: the period and the unit", async () => {
    const session = await sessionFor(w.db, w.fx.people.adminA);
    const unitId = w.fx.tree.a.community;
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ unitId, from: "2026-12-31", to: "2026-01-01" }, "from", "开始日期不能晚于结束日期"],
      [{ unitId, from: "2016-01-01", to: "2026-01-01" }, "to", "导出期间不能超过10年，请缩短期间"],
      [{ unitId, from: "2026-02-30", to: "2026-03-01" }, "from", "开始日期格式应为 年-月-日，如 2026-01-01"],
      [{ unitId, from: "2026-01-01" }, "to", "请选择结束日期"],
      [{ unitId: 999_999, ...period }, "unitId", "所选单位不存在，请重新选择"],
      [{ unitId: "1; drop table user", ...period }, "unitId", "请选择要导出台账的单位"],
      [
        { unitId: w.fx.tree.a.grid, ...period },
        "unitId",
        "志愿服务活动台账按社区或街道导出，请选择社区或街道",
      ],
    ];
    for (const [input, field, message] of cases) {
      const err = await refusal(openLedger(w.db, session, "activities", input as never));
      expect(err).toBeInstanceOf(ValidationError);
      expect({ field: (err as ValidationError).field, message: (err as Error).message }).toEqual({
        field,
        message,
      });
    }
    // Ten years less a day is allowed.
    await openLedger(w.db, session, "activities", { unitId, from: "2016-01-02", to: "2026-01-01" });
    const kind = await refusal(openLedger(w.db, session, "salaries", { unitId, ...period }));
    expect((kind as ValidationError).field).toBe("kind");
  });

  it("writes the export to the 操作日志", async () => {
    const session = await sessionFor(w.db, w.fx.people.adminA);
    const ledger = await openLedger(w.db, session, "activities", {
      unitId: w.fx.tree.a.community,
      ...period,
    });
    await recordLedgerExport(w.db, session, ledger);
    const row = (await auditRows(w.db)).filter((r) => r.action === "report.ledger_export").at(-1)!;
    expect(row.org_unit_id).toBe(w.fx.tree.a.community);
    expect(row.after).toEqual({
      filter: `志愿服务活动台账，甲社区，${period.from} 至 ${period.to}`,
      rows: ledger.count,
    });
  });
});
