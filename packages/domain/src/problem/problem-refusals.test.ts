import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { errorShapeOf, trpcErrorOf } from "../testing/index.js";
import { chinaToday } from "../time.js";
import { addDays } from "./rules.js";
import { problemFixture, problemRowCounts, type ProblemFixture } from "./test-fixture.js";

// Bad input, each refused with a Chinese message naming its field (never a 500), and nothing of a
// refused call stored: no problem, no step, no notice, no audit row, no photo attached.

let fx: ProblemFixture;
beforeEach(async () => {
  fx = await problemFixture();
});
afterEach(() => fx.cleanup());

/** The call's refusal: its code, message and the fields it names. */
async function refusal(call: Promise<unknown>, path = "problem") {
  const error = await trpcErrorOf(call);
  const shape = errorShapeOf(error, path);
  return { code: error.code, message: shape.message, fields: Object.keys(shape.data.fieldErrors ?? {}) };
}

/** Runs a call that must be refused and shows that the database is as it was. */
async function refusedWithoutTrace(call: () => Promise<unknown>) {
  const before = await problemRowCounts(fx.db);
  const result = await refusal(call());
  expect(await problemRowCounts(fx.db)).toEqual(before);
  return result;
}

const report = (
  courtyardId: number,
  extra: Partial<{ description: string; photos: number[]; buildingId: number }> = {},
) => ({
  courtyardId,
  description: extra.description ?? "楼道堆物",
  category: "corridor_clutter" as const,
  photos: extra.photos ?? [],
  ...(extra.buildingId ? { buildingId: extra.buildingId } : {}),
});

describe("refused by field, nothing stored", () => {
  it("a 随手拍 in another 社区's 楼院", async () => {
    const me = await fx.as(fx.people.resident);
    const photos = [await fx.photo(fx.people.resident)];
    expect(
      await refusedWithoutTrace(() => me.problem.report(report(fx.tree.b.courtyard, { photos }))),
    ).toEqual({
      code: "BAD_REQUEST",
      message: "只能上报本社区楼院的问题",
      fields: ["courtyardId"],
    });
    // A 楼栋 of another 楼院, or a 网格 given as the 楼院, likewise by field.
    expect(
      (
        await refusal(
          me.problem.report(report(fx.tree.a.courtyard, { photos, buildingId: fx.tree.b.building })),
        )
      ).fields,
    ).toEqual(["buildingId"]);
    expect((await refusal(me.problem.report(report(fx.tree.a.grid, { photos })))).fields).toEqual([
      "courtyardId",
    ]);
  });

  it("a 巡查 outside the grid worker's 网格 (another 网格 of his 社区, or another 社区)", async () => {
    const worker = await fx.as(fx.people.worker);
    const photos = [await fx.photo(fx.people.worker)];
    for (const courtyardId of [fx.courtyard2, fx.tree.b.courtyard]) {
      expect(
        await refusedWithoutTrace(() =>
          worker.problem.create({ ...report(courtyardId, { photos }), source: "patrol" }),
        ),
      ).toEqual({
        code: "FORBIDDEN",
        message: "只能在您负责的楼院登记问题",
        fields: [],
      });
    }
    // 督查 is the admins'.
    expect(
      await refusal(
        worker.problem.create({ ...report(fx.tree.a.courtyard, { photos }), source: "inspection" }),
      ),
    ).toMatchObject({ fields: ["source"] });
  });

  it("a deadline in the past", async () => {
    const id = await fx.reported();
    const admin = await fx.as(fx.people.admin);
    const yesterday = addDays(chinaToday(), -1);
    expect(
      await refusedWithoutTrace(() =>
        admin.problem.dispatch({ id, assigneeId: fx.people.worker, deadline: yesterday }),
      ),
    ).toEqual({
      code: "BAD_REQUEST",
      message: "处置时限不能早于今天",
      fields: ["deadline"],
    });
    expect(
      (await refusal(admin.problem.dispatch({ id, assigneeId: fx.people.worker, deadline: "2026-02-30" })))
        .fields,
    ).toEqual(["deadline"]);
    expect(
      (
        await refusal(
          admin.problem.batchDispatch({ items: [{ id }], assigneeId: fx.people.worker, deadline: yesterday }),
        )
      ).fields,
    ).toEqual(["deadline"]);
    expect((await admin.problem.detail({ id })).state).toBe("pending");
  });

  it("a 责任人 who is not staff of the problem's 社区", async () => {
    const id = await fx.reported();
    const admin = await fx.as(fx.people.admin);
    for (const assigneeId of [fx.people.workerB, fx.people.neighbour, fx.people.street]) {
      expect(await refusedWithoutTrace(() => admin.problem.dispatch({ id, assigneeId }))).toEqual({
        code: "BAD_REQUEST",
        message: "责任人应为本社区的网格员或社区管理员",
        fields: ["assigneeId"],
      });
    }
  });

  it("复查 by the 责任人 themselves", async () => {
    const id = await fx.reported();
    const admin = await fx.as(fx.people.admin);
    await admin.problem.dispatch({ id, assigneeId: fx.people.admin });
    await admin.problem.submit({ id, note: "已清理", photos: [await fx.photo(fx.people.admin)] });
    for (const decision of ["approve", "return"] as const) {
      expect(
        await refusedWithoutTrace(() => admin.problem.review({ id, decision, note: "自己查自己" })),
      ).toEqual({
        code: "FORBIDDEN",
        message: "不能复查自己整改的问题，请由责任人以外的工作人员复查",
        fields: [],
      });
    }
    // Someone else may.
    await (await fx.as(fx.people.admin2)).problem.review({ id, decision: "approve" });
    expect((await admin.problem.detail({ id })).state).toBe("closed");
  });

  it("an illegal state move, in Chinese, as CONFLICT", async () => {
    const id = await fx.reported();
    const admin = await fx.as(fx.people.admin);
    expect(await refusedWithoutTrace(() => admin.problem.review({ id, decision: "approve" }))).toEqual({
      code: "CONFLICT",
      message: "该问题当前为“待受理”，不能复查通过",
      fields: [],
    });
    await admin.problem.reject({ id, reason: "untrue", note: "现场未发现" });
    expect((await refusal(admin.problem.dispatch({ id, assigneeId: fx.people.worker }))).message).toBe(
      "该问题当前为“不予受理”，不能派遣",
    );
    expect((await refusal(admin.problem.reassign({ id, assigneeId: fx.people.worker }))).message).toBe(
      "该问题当前为“不予受理”，不能改派",
    );
    expect((await refusal(admin.problem.setPublished({ id, published: true }))).message).toBe(
      "只有已办结的问题可以公开展示",
    );
    expect(
      (await refusal((await fx.as(fx.people.resident)).problem.rate({ id, rating: "satisfied" }))).message,
    ).toBe("问题办结后才能评价");
  });

  it("text of 5,000 characters, naming the field", async () => {
    const me = await fx.as(fx.people.resident);
    const photos = [await fx.photo(fx.people.resident)];
    const long = "堆".repeat(5000);
    expect(
      await refusedWithoutTrace(() =>
        me.problem.report(report(fx.tree.a.courtyard, { photos, description: long })),
      ),
    ).toEqual({
      code: "BAD_REQUEST",
      message: "问题描述最多1000字",
      fields: ["description"],
    });
    expect(
      (await refusal(me.problem.report({ ...report(fx.tree.a.courtyard, { photos }), place: long }))).message,
    ).toBe("具体位置最多100字");
    expect(
      (await refusal(me.problem.report(report(fx.tree.a.courtyard, { photos, description: "   " })))).message,
    ).toBe("请填写问题描述");
    const id = await fx.reported();
    const admin = await fx.as(fx.people.admin);
    expect(
      await refusal(admin.problem.reject({ id, reason: "not_our_duty", department: long })),
    ).toMatchObject({ fields: ["department"] });
    expect(
      await refusal(admin.problem.dispatch({ id, assigneeId: fx.people.worker, note: long })),
    ).toMatchObject({ fields: ["note"], message: "派遣说明最多500字" });
  });

  it("10 photos", async () => {
    const me = await fx.as(fx.people.resident);
    const ten = await fx.photos(fx.people.resident, 10);
    expect(
      await refusedWithoutTrace(() => me.problem.report(report(fx.tree.a.courtyard, { photos: ten }))),
    ).toEqual({
      code: "BAD_REQUEST",
      message: "最多上传 9 张照片",
      fields: ["photos"],
    });
    // Nine go through.
    const { id } = await me.problem.report(report(fx.tree.a.courtyard, { photos: ten.slice(0, 9) }));
    expect((await me.problem.myDetail({ id })).beforePhotos).toHaveLength(9);
    // And the 整改上报 likewise.
    const admin = await fx.as(fx.people.admin);
    await admin.problem.dispatch({ id, assigneeId: fx.people.worker });
    const worker = await fx.as(fx.people.worker);
    const after = await fx.photos(fx.people.worker, 10);
    expect((await refusal(worker.problem.submit({ id, note: "已清理", photos: after }))).fields).toEqual([
      "photos",
    ]);
    expect((await refusal(worker.problem.submit({ id, note: "已清理", photos: [] }))).message).toBe(
      "请至少上传1张整改后的照片",
    );
  });

  it("a 随手拍 without a photo, or with someone else's upload, leaves no problem behind", async () => {
    const me = await fx.as(fx.people.resident);
    expect(await refusedWithoutTrace(() => me.problem.report(report(fx.tree.a.courtyard)))).toEqual({
      code: "BAD_REQUEST",
      message: "请至少上传1张问题照片",
      fields: ["photos"],
    });
    // Refused only after the problem and its step were written: the transaction takes them back.
    const theirs = await fx.photo(fx.people.neighbour);
    expect(
      await refusedWithoutTrace(() => me.problem.report(report(fx.tree.a.courtyard, { photos: [theirs] }))),
    ).toMatchObject({
      code: "BAD_REQUEST",
      fields: ["photos"],
    });
    // A photo already on another problem cannot be reused.
    const used = await fx.photo(fx.people.resident);
    await me.problem.report(report(fx.tree.a.courtyard, { photos: [used] }));
    expect(
      await refusedWithoutTrace(() => me.problem.report(report(fx.tree.a.courtyard, { photos: [used] }))),
    ).toMatchObject({
      message: "这张照片已用于其他记录，请重新上传",
    });
  });

  it("不予受理 without what its reason needs", async () => {
    const id = await fx.reported();
    const admin = await fx.as(fx.people.admin);
    expect(
      (await refusedWithoutTrace(() => admin.problem.reject({ id, reason: "duplicate" }))).fields,
    ).toEqual(["duplicateOfId"]);
    expect(
      (await refusedWithoutTrace(() => admin.problem.reject({ id, reason: "duplicate", duplicateOfId: id })))
        .fields,
    ).toEqual(["duplicateOfId"]);
    const inB = (
      await (
        await fx.as(fx.people.residentB)
      ).problem.report({ ...report(fx.tree.b.courtyard), photos: [await fx.photo(fx.people.residentB)] })
    ).id;
    expect(
      await refusedWithoutTrace(() => admin.problem.reject({ id, reason: "duplicate", duplicateOfId: inB })),
    ).toMatchObject({
      message: "重复的问题应为本社区的另一条问题",
      fields: ["duplicateOfId"],
    });
    expect(
      (await refusedWithoutTrace(() => admin.problem.reject({ id, reason: "not_our_duty" }))).fields,
    ).toEqual(["department"]);
    expect((await refusedWithoutTrace(() => admin.problem.reject({ id, reason: "untrue" }))).fields).toEqual([
      "note",
    ]);
  });

  it("a category the 社区 switched off", async () => {
    const admin = await fx.as(fx.people.admin);
    await admin.problem.setCategory({
      communityId: fx.tree.a.community,
      code: "corridor_clutter",
      label: "楼道堆物",
      timeLimitDays: 3,
      enabled: false,
    });
    const me = await fx.as(fx.people.resident);
    expect(
      await refusedWithoutTrace(async () =>
        me.problem.report(report(fx.tree.a.courtyard, { photos: [await fx.photo(fx.people.resident)] })),
      ),
    ).toEqual({
      code: "BAD_REQUEST",
      message: "该问题类别已停用，请重新选择",
      fields: ["category"],
    });
    expect((await me.problem.categories({})).map((c) => c.code)).not.toContain("corridor_clutter");
  });

  it("someone else's report: not found for another resident, their 我的随手拍 stays their own", async () => {
    const id = await fx.reported();
    const neighbour = await fx.as(fx.people.neighbour);
    expect(await refusal(neighbour.problem.myDetail({ id }))).toMatchObject({
      code: "NOT_FOUND",
      message: "问题不存在",
    });
    expect(await refusal(neighbour.problem.rate({ id, rating: "unsatisfied" }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await neighbour.problem.mine({})).items).toEqual([]);
    expect((await (await fx.as(fx.people.resident)).problem.mine({})).items.map((p) => p.id)).toEqual([id]);
  });
});

describe("emoji", () => {
  it("is accepted and comes back as written, counted as one character each", async () => {
    const me = await fx.as(fx.people.resident);
    const description = "楼道里的垃圾🚮没人管😡，请尽快处理🙏🏻 👨‍👩‍👧";
    const { id } = await me.problem.report({
      ...report(fx.tree.a.courtyard, { photos: [await fx.photo(fx.people.resident)] }),
      description,
      place: "🏠3单元",
    });
    expect(await me.problem.myDetail({ id })).toMatchObject({ description, place: "🏠3单元" });
    expect(await (await fx.as(fx.people.admin)).problem.detail({ id })).toMatchObject({ description });
    // 1,000 emoji are 1,000 characters (2,000 UTF-16 units): within the limit.
    const many = "🚮".repeat(1000);
    const again = await me.problem.report({
      ...report(fx.tree.a.courtyard, { photos: [await fx.photo(fx.people.resident)] }),
      description: many,
    });
    expect((await me.problem.myDetail({ id: again.id })).description).toBe(many);
  });
});

describe("two people acting on one problem at once", () => {
  it("two 派遣 at the same moment: exactly one wins, the other is told to refresh", async () => {
    const id = await fx.reported();
    const [a, b] = [await fx.as(fx.people.admin), await fx.as(fx.people.admin2)];
    const results = await Promise.allSettled([
      a.problem.dispatch({ id, version: 1, assigneeId: fx.people.worker }),
      b.problem.dispatch({ id, version: 1, assigneeId: fx.people.worker2 }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect([lost[0]!.reason.code, lost[0]!.reason.message]).toEqual([
      "CONFLICT",
      "该问题刚被他人处理，请刷新后查看",
    ]);
    const detail = await a.problem.detail({ id });
    expect(detail.version).toBe(2);
    expect(detail.steps.filter((s) => s.action === "dispatch")).toHaveLength(1);
    const assigned = await fx.db
      .selectFrom("notification")
      .select("user_id")
      .where("kind", "=", "problem_assigned")
      .execute();
    expect(assigned.map((n) => n.user_id)).toEqual([detail.assigneeId]);
  });

  it("a move from a stale screen (the version it showed) is refused even when the state would allow it", async () => {
    const id = await fx.reported();
    const admin = await fx.as(fx.people.admin);
    await admin.problem.dispatch({ id, version: 1, assigneeId: fx.people.worker });
    // Someone else changed the 责任人 while this admin's screen still showed version 2.
    await (await fx.as(fx.people.admin2)).problem.reassign({ id, version: 2, assigneeId: fx.people.worker2 });
    expect(
      await refusedWithoutTrace(() =>
        admin.problem.reassign({ id, version: 2, assigneeId: fx.people.admin }),
      ),
    ).toEqual({
      code: "CONFLICT",
      message: "该问题刚被他人处理，请刷新后查看",
      fields: [],
    });
  });

  it("批量派遣 says which went through: a problem dispatched meanwhile fails alone, leaving no trace", async () => {
    const [first, second, third] = [await fx.reported(), await fx.reported(), await fx.reported()];
    const admin = await fx.as(fx.people.admin);
    await (await fx.as(fx.people.admin2)).problem.dispatch({ id: second, assigneeId: fx.people.worker2 });
    const before = await problemRowCounts(fx.db);
    const result = await admin.problem.batchDispatch({
      items: [{ id: first, version: 1 }, { id: second, version: 1 }, { id: third }],
      assigneeId: fx.people.worker,
    });
    expect(result).toEqual({
      succeeded: 2,
      results: [
        { id: first, ok: true, message: null, version: 2 },
        { id: second, ok: false, message: "该问题刚被他人处理，请刷新后查看", version: null },
        { id: third, ok: true, message: null, version: 2 },
      ],
    });
    const after = await problemRowCounts(fx.db);
    expect(after.steps - before.steps).toBe(2);
    expect(after.audit - before.audit).toBe(2);
    expect((await admin.problem.detail({ id: second })).assigneeId).toBe(fx.people.worker2);
    // A problem of another 社区 in the batch refuses the whole call.
    const inB = (
      await (
        await fx.as(fx.people.residentB)
      ).problem.report({ ...report(fx.tree.b.courtyard), photos: [await fx.photo(fx.people.residentB)] })
    ).id;
    const fourth = await fx.reported();
    expect(
      await refusedWithoutTrace(() =>
        admin.problem.batchDispatch({ items: [{ id: fourth }, { id: inB }], assigneeId: fx.people.worker }),
      ),
    ).toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
