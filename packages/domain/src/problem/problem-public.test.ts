import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { servableFile } from "../file-access.js";
import { auditRows, errorShapeOf, makeProblem, sessionFor, sheetsOf, trpcErrorOf } from "../testing/index.js";
import { monthFigures } from "./problem-public.js";
import { LEDGER_MAX_ROWS } from "./problem-ledger.js";
import { problemFixture, type ProblemFixture } from "./test-fixture.js";

// What leaves the 社区: the portal's figures and feed (public, nothing of the reporter), who may see a
// problem's photos, and the 整改台账 with its photos embedded.

let fx: ProblemFixture;
beforeEach(async () => {
  fx = await problemFixture();
});
afterEach(() => fx.cleanup());

/** A 随手拍 taken all the way to 已办结 through the router; returns its id and photo ids. */
async function solved(description = "楼道堆物") {
  const { people } = fx;
  const before = await fx.photo(people.resident);
  const { id } = await (
    await fx.as(people.resident)
  ).problem.report({
    courtyardId: fx.tree.a.courtyard,
    description,
    category: "corridor_clutter",
    photos: [before],
  });
  const admin = await fx.as(people.admin);
  await admin.problem.dispatch({ id, assigneeId: people.worker });
  const after = await fx.photo(people.worker);
  await (await fx.as(people.worker)).problem.submit({ id, note: "已清理干净", photos: [after] });
  await admin.problem.review({ id, decision: "approve" });
  return { id, before, after };
}

describe("the portal's figures for this month", () => {
  it("counts 受理 by filing time and 办结 by closing time in China's month, with the 按期办结率", async () => {
    const { db, tree } = fx;
    const now = new Date("2026-12-20T04:00:00Z");
    const c = tree.a.courtyard;
    // Filed 12-01 00:30 in China (still 11-30 in UTC): December's. Filed 11-30 23:30 China: November's.
    await makeProblem(db, { courtyardId: c, createdAt: "2026-11-30T16:30:00.000Z" });
    await makeProblem(db, { courtyardId: c, createdAt: "2026-11-30T15:30:00.000Z" });
    // Closed in December: on its deadline day (late evening, China), the day after, and well before.
    await makeProblem(db, {
      courtyardId: c,
      state: "closed",
      deadline: "2026-12-10",
      createdAt: "2026-12-05T01:00:00.000Z",
      closedAt: "2026-12-10T15:30:00.000Z",
    });
    await makeProblem(db, {
      courtyardId: c,
      state: "closed",
      deadline: "2026-12-10",
      createdAt: "2026-12-05T01:00:00.000Z",
      closedAt: "2026-12-10T16:30:00.000Z",
    });
    await makeProblem(db, {
      courtyardId: c,
      state: "closed",
      deadline: "2026-12-20",
      createdAt: "2026-11-20T01:00:00.000Z",
      closedAt: "2026-12-02T01:00:00.000Z",
    });
    // 社区 B's do not count.
    await makeProblem(db, { courtyardId: tree.b.courtyard, createdAt: "2026-12-05T01:00:00.000Z" });
    expect(await monthFigures(db, tree.a.community, now)).toEqual({
      month: "2026-12",
      accepted: 3,
      closed: 3,
      onTime: 2,
      onTimeRate: 67,
    });
    expect(await monthFigures(db, tree.b.community, now)).toEqual({
      month: "2026-12",
      accepted: 1,
      closed: 0,
      onTime: 0,
      onTimeRate: null,
    });
  });

  it("answers anyone through the router, and refuses what is not a 社区", async () => {
    await solved();
    const anon = await fx.as(null);
    expect(await anon.problem.publicFigures({ communityId: fx.tree.a.community })).toMatchObject({
      accepted: 1,
      closed: 1,
      onTime: 1,
      onTimeRate: 100,
    });
    expect((await trpcErrorOf(anon.problem.publicFigures({ communityId: fx.tree.a.courtyard }))).code).toBe(
      "NOT_FOUND",
    );
  });
});

describe("the feed of solved problems", () => {
  it("shows what an admin published, with the photos before and after, nothing of who reported or fixed it", async () => {
    const first = await solved("楼道堆放纸箱");
    const second = await solved("单元门口小广告");
    await solved("没有公开的这一条");
    const admin = await fx.as(fx.people.admin);
    await admin.problem.setPublished({ id: first.id, published: true });
    await admin.problem.setPublished({ id: second.id, published: true });
    const anon = await fx.as(null);
    const feed = await anon.problem.publicFeed({ communityId: fx.tree.a.community, pageSize: 1 });
    expect(feed.hasMore).toBe(true);
    expect(feed.items.map((p) => p.description)).toEqual(["单元门口小广告"]);
    const all = await anon.problem.publicFeed({ communityId: fx.tree.a.community });
    expect(
      all.items.map((p) => [p.id, p.beforePhotos.map((x) => x.id), p.afterPhotos.map((x) => x.id)]),
    ).toEqual([
      [second.id, [second.before], [second.after]],
      [first.id, [first.before], [first.after]],
    ]);
    expect(Object.keys(all.items[0]!).sort()).toEqual([
      "afterPhotos",
      "beforePhotos",
      "categoryLabel",
      "closedAt",
      "courtyardName",
      "createdAt",
      "description",
      "id",
      "place",
    ]);
    expect(JSON.stringify(all)).not.toMatch(/刘芳|张伟|李秀英/);
    expect((await anon.problem.publicFeed({ communityId: fx.tree.b.community })).items).toEqual([]);
    // Taken off again.
    await admin.problem.setPublished({ id: first.id, published: false });
    expect(
      (await anon.problem.publicFeed({ communityId: fx.tree.a.community })).items.map((p) => p.id),
    ).toEqual([second.id]);
  });
});

describe("who may see a problem's photos (file-access rule problem_step)", () => {
  it("the reporter, the 责任人 and staff of its units; anyone once published; nobody else", async () => {
    const { people, db } = fx;
    const { id, before, after } = await solved();
    const sees = async (userId: number | null, fileId: number) =>
      (await servableFile(db, userId === null ? null : await sessionFor(db, userId), fileId, "thumb")) !==
      null;
    for (const fileId of [before, after]) {
      expect(await sees(people.resident, fileId)).toBe(true);
      expect(await sees(people.worker, fileId)).toBe(true);
      expect(await sees(people.admin, fileId)).toBe(true);
      expect(await sees(people.street, fileId)).toBe(true);
      expect(await sees(people.neighbour, fileId)).toBe(false);
      expect(await sees(people.worker2, fileId)).toBe(false);
      expect(await sees(people.adminB, fileId)).toBe(false);
      expect(await sees(null, fileId)).toBe(false);
    }
    await (await fx.as(people.admin)).problem.setPublished({ id, published: true });
    expect(await sees(null, before)).toBe(true);
    expect(await sees(people.neighbour, after)).toBe(true);
  });
});

describe("the 整改台账", () => {
  it("lists every problem of the filter in the inspection's columns, a photo before and after embedded, and is audited", async () => {
    const { id } = await solved("楼道堆放纸箱");
    const pending = await fx.reported();
    const admin = await fx.as(fx.people.admin);
    const file = await admin.problem.exportLedger({ communityId: fx.tree.a.community });
    expect(file.fileName).toMatch(/^问题整改台账-\d{8}\.xlsx$/);
    const rows = (await sheetsOf(file.base64))["整改台账"]!;
    expect(rows[0]![0]).toBe("问题整改台账");
    expect(rows[1]![0]).toBe("筛选条件：甲社区");
    const header = rows.findIndex((r) => r[0] === "序号");
    expect(rows[header]).toEqual([
      "序号",
      "问题描述",
      "类别",
      "位置",
      "发现时间",
      "来源",
      "责任人",
      "时限",
      "整改情况",
      "办结时间",
      "整改前照片",
      "整改后照片",
    ]);
    const body = rows.slice(header + 1);
    expect(body.map((r) => [r[0], r[1], r[2], r[3], r[5], r[6], r[8]])).toEqual([
      ["1", "3单元楼道堆放杂物", "楼道堆物", "甲社区一号院", "随手拍", "", "待受理"],
      ["2", "楼道堆放纸箱", "楼道堆物", "甲社区一号院", "随手拍", "张伟", "已办结：已清理干净"],
    ]);
    expect(body[1]![9]).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);
    // Two pictures, both on the closed problem's row (the pending one has a photo before too: three).
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, "base64") as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("整改台账")!;
    let headerRow = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(1).text === "序号") headerRow = n;
    });
    // [data row (1 = first), column (0-based)] of each picture's top-left corner.
    const images = ws
      .getImages()
      .map((img) => [Math.floor(img.range.tl.nativeRow) + 1 - headerRow, Math.floor(img.range.tl.nativeCol)]);
    expect(images.sort()).toEqual([
      [1, 10],
      [2, 10],
      [2, 11],
    ]);
    expect(pending).toBeGreaterThan(id);
    const audit = (await auditRows(fx.db)).filter((r) => r.action === "problem.export");
    expect(audit).toMatchObject([
      {
        target_type: "org_unit",
        target_id: String(fx.tree.a.community),
        after: { filter: "甲社区", rows: 2 },
      },
    ]);
  });

  it("takes any filter, and refuses another 社区 or more than the limit", async () => {
    await solved();
    await fx.reported();
    const admin = await fx.as(fx.people.admin);
    const closed = await sheetsOf((await admin.problem.exportLedger({ state: "closed" })).base64);
    expect(closed["整改台账"]![1]![0]).toBe("筛选条件：已办结");
    expect(closed["整改台账"]!.filter((r) => /^\d+$/.test(r[0] ?? ""))).toHaveLength(1);
    expect((await trpcErrorOf(admin.problem.exportLedger({ communityId: fx.tree.b.community }))).code).toBe(
      "FORBIDDEN",
    );
    // More rows than one file holds: refused by field, with the way out.
    const now = new Date().toISOString();
    const values = Array.from({ length: LEDGER_MAX_ROWS }, () => ({
      community_id: fx.tree.a.community,
      courtyard_id: fx.tree.a.courtyard,
      building_id: null,
      place: null,
      description: "批量",
      category: "other" as const,
      source: "patrol" as const,
      referral_origin: null,
      reporter_user_id: null,
      state: "pending" as const,
      assignee_user_id: null,
      deadline: null,
      duplicate_of_id: null,
      reject_reason: null,
      referred_department: null,
      rating: null,
      rating_comment: null,
      rated_at: null,
      published_at: null,
      created_at: now,
      updated_at: now,
      closed_at: null,
    }));
    for (let i = 0; i < values.length; i += 500)
      await fx.db
        .insertInto("problem")
        .values(values.slice(i, i + 500))
        .execute();
    const error = await trpcErrorOf(admin.problem.exportLedger({}));
    expect(errorShapeOf(error, "problem.exportLedger")).toMatchObject({
      message: `符合条件的问题超过${LEDGER_MAX_ROWS}条，请缩小发现时间的范围后再导出`,
      data: {
        fieldErrors: { from: [`符合条件的问题超过${LEDGER_MAX_ROWS}条，请缩小发现时间的范围后再导出`] },
      },
    });
  });
});
