import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditRows, trpcErrorOf } from "../testing/index.js";
import { chinaToday } from "../time.js";
import { addDays } from "./rules.js";
import { problemFixture, type ProblemFixture } from "./test-fixture.js";

// The loop end to end through the router: 随手拍 → 派遣 → 整改上报 → 复查 → 办结 → 评价, with the
// timeline, the notices, the audit rows and who sees what at each step.

let fx: ProblemFixture;
beforeEach(async () => {
  fx = await problemFixture();
});
afterEach(() => fx.cleanup());

const noticesOf = (userId: number) =>
  fx.db
    .selectFrom("notification")
    .select(["kind", "title", "link", "event_key"])
    .where("user_id", "=", userId)
    .orderBy("id")
    .execute();

describe("a 随手拍 from report to 办结", () => {
  it("goes 待受理 → 整改中 → 待复查 → 已办结, one timeline step each, the reporter told at 派遣 and 办结", async () => {
    const { people, tree } = fx;
    const resident = await fx.as(people.resident);
    const before = await fx.photos(people.resident, 2);
    const { id } = await resident.problem.report({
      courtyardId: tree.a.courtyard,
      buildingId: tree.a.building,
      place: "3单元楼道",
      description: "楼道里堆满纸箱，挡住了消防栓",
      category: "corridor_clutter",
      photos: before,
    });

    const admin = await fx.as(people.admin);
    let detail = await admin.problem.detail({ id });
    expect(detail).toMatchObject({
      state: "pending",
      source: "snapshot",
      categoryLabel: "楼道堆物",
      courtyardName: "甲社区一号院",
      buildingName: "甲社区1号楼",
      place: "3单元楼道",
      reporter: { name: "刘芳" },
      nextActions: ["dispatch", "reject"],
      version: 1,
    });
    expect(detail.beforePhotos.map((p) => p.id)).toEqual(before);
    expect(detail.steps.map((s) => s.action)).toEqual(["report"]);
    // The people who may be made 责任人: the 楼院's own grid worker first, then the other grid worker, then admins.
    const assignees = await admin.problem.assignees({
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    });
    expect(assignees.map((a) => [a.name, a.inGrid])).toEqual([
      ["张伟", true],
      ["王强", false],
      ["李秀英", false],
      ["周敏", false],
    ]);

    // 派遣 with the category's 处置时限 (楼道堆物: 3 days).
    const dispatched = await admin.problem.dispatch({
      id,
      version: detail.version,
      assigneeId: people.worker,
      note: "请尽快清理",
    });
    expect(dispatched).toEqual({ version: 2, deadline: addDays(chinaToday(), 3) });
    expect(await noticesOf(people.resident)).toEqual([
      {
        kind: "problem_dispatched",
        title: "您反映的问题已受理",
        link: `/problems/${id}`,
        event_key: `problem:${id}:dispatch`,
      },
    ]);
    expect((await noticesOf(people.worker)).map((n) => [n.kind, n.link])).toEqual([
      ["problem_assigned", `/admin/problems/${id}`],
    ]);

    // The grid worker sent to fix it is not told who reported it (a resident's 随手拍).
    const worker = await fx.as(people.worker);
    const seenByWorker = await worker.problem.detail({ id });
    expect(seenByWorker.reporter).toBeNull();
    expect(seenByWorker.steps[0]!.actorName).toBe("居民");
    expect(JSON.stringify(seenByWorker)).not.toContain("刘芳");

    // The grid worker's 我的待办, then the 整改上报 with a photo after.
    expect((await worker.problem.todo({})).items.map((p) => [p.id, p.state, p.deadline])).toEqual([
      [id, "rectifying", dispatched.deadline],
    ]);
    expect((await worker.problem.detail({ id })).nextActions).toEqual(["submit"]);
    const after = await fx.photos(people.worker, 1);
    await worker.problem.submit({ id, version: 2, note: "已清理纸箱，楼道畅通", photos: after });
    // Whoever dispatched it is asked to 复查; the 责任人 may not 复查 their own work.
    expect((await noticesOf(people.admin)).map((n) => n.kind)).toEqual(["problem_review"]);
    expect((await worker.problem.detail({ id })).nextActions).toEqual([]);
    expect((await worker.problem.reviewQueue({})).items).toEqual([]);
    expect((await admin.problem.reviewQueue({})).items.map((p) => p.id)).toEqual([id]);

    // The resident sees progress but not the photo after until it is 办结.
    let mine = await resident.problem.myDetail({ id });
    expect(mine).toMatchObject({ state: "reviewing", afterPhotos: [], canRate: false });

    await admin.problem.review({ id, version: 3, decision: "approve", note: "现场查看已整改" });
    detail = await admin.problem.detail({ id });
    expect(detail).toMatchObject({ state: "closed", version: 4, canPublish: true, overdue: false });
    expect(detail.closedAt).not.toBeNull();
    expect(detail.afterPhotos.map((p) => p.id)).toEqual(after);
    expect(detail.steps.map((s) => [s.action, s.actorName, s.toState])).toEqual([
      ["report", "刘芳", "pending"],
      ["dispatch", "李秀英", "rectifying"],
      ["submit", "张伟", "reviewing"],
      ["approve", "李秀英", "closed"],
    ]);
    expect(detail.steps[1]).toMatchObject({
      assigneeName: "张伟",
      deadline: dispatched.deadline,
      note: "请尽快清理",
    });
    expect(detail.steps[2]!.photos.map((p) => p.id)).toEqual(after);
    expect((await noticesOf(people.resident)).map((n) => n.kind)).toEqual([
      "problem_dispatched",
      "problem_done",
    ]);

    // The reporter now sees both photos, staff only as 社区工作人员, and rates it.
    mine = await resident.problem.myDetail({ id });
    expect(mine.beforePhotos.map((p) => p.id)).toEqual(before);
    expect(mine.afterPhotos.map((p) => p.id)).toEqual(after);
    expect(mine.steps.map((s) => [s.action, s.actor])).toEqual([
      ["report", "me"],
      ["dispatch", "staff"],
      ["submit", "staff"],
      ["approve", "staff"],
    ]);
    expect(JSON.stringify(mine)).not.toContain("张伟");
    expect(JSON.stringify(mine)).not.toContain("李秀英");
    expect(mine.canRate).toBe(true);
    expect(await resident.problem.rate({ id, rating: "satisfied", comment: "处理很及时👍" })).toMatchObject({
      state: "closed",
      reopened: false,
    });
    expect((await resident.problem.myDetail({ id })).steps.at(-1)).toMatchObject({
      action: "rate",
      rating: "satisfied",
      note: "处理很及时👍",
    });
    const again = await trpcErrorOf(resident.problem.rate({ id, rating: "unsatisfied" }));
    expect([again.code, again.message]).toEqual(["CONFLICT", "您已评价过该问题"]);

    // Every staff move is in the 操作日志, named as a problem.
    const audit = (await auditRows(fx.db)).map((r) => [r.action, r.target_type, r.target_id]);
    expect(audit).toEqual([
      ["problem.dispatch", "problem", String(id)],
      ["problem.submit", "problem", String(id)],
      ["problem.close", "problem", String(id)],
    ]);
    const log = await (await fx.as(people.system)).audit.list({ page: 1, pageSize: 10 });
    expect(log.items.map((r) => r.subject)).toEqual([
      `问题 #${id} 楼道堆物 · 甲社区一号院`,
      `问题 #${id} 楼道堆物 · 甲社区一号院`,
      `问题 #${id} 楼道堆物 · 甲社区一号院`,
    ]);
    expect(log.items.at(-1)!.changes.map((c) => [c.label, c.before, c.after])).toEqual([
      ["状态", "待受理", "整改中"],
      ["责任人", null, "张伟"],
      ["处置时限", null, dispatched.deadline],
    ]);
  });

  it("退回 sends it back to 整改中 with the reason, told to the 责任人; a second 整改上报 is what the 复查 sees", async () => {
    const { people } = fx;
    const id = await fx.reported();
    const admin = await fx.as(people.admin);
    const worker = await fx.as(people.worker);
    await admin.problem.dispatch({ id, assigneeId: people.worker });
    await worker.problem.submit({ id, note: "已清理", photos: await fx.photos(people.worker, 1) });
    const missing = await trpcErrorOf(admin.problem.review({ id, decision: "return" }));
    expect([missing.code, missing.message]).toEqual(["BAD_REQUEST", "请填写退回原因"]);
    await admin.problem.review({ id, decision: "return", note: "楼道里还有两辆自行车" });
    expect((await worker.problem.todo({})).items.map((p) => p.state)).toEqual(["rectifying"]);
    expect((await noticesOf(people.worker)).map((n) => n.kind)).toEqual([
      "problem_assigned",
      "problem_returned",
    ]);
    const second = await fx.photos(people.worker, 2);
    await worker.problem.submit({ id, note: "自行车已移走", photos: second });
    const detail = await admin.problem.detail({ id });
    expect(detail.afterPhotos.map((p) => p.id)).toEqual(second);
    expect(detail.steps.map((s) => s.action)).toEqual(["report", "dispatch", "submit", "return", "submit"]);
    expect(detail.steps[3]!.note).toBe("楼道里还有两辆自行车");
    // The resident sees that it was sent back, not the internal reason.
    const mine = await (await fx.as(people.resident)).problem.myDetail({ id });
    expect(mine.steps.find((s) => s.action === "return")).toMatchObject({ actor: "staff", note: null });
  });

  it("不满意 sends a 办结 problem back to 待复查 once; the second 不满意 leaves it closed", async () => {
    const { people } = fx;
    const id = await fx.reported();
    const admin = await fx.as(people.admin);
    const worker = await fx.as(people.worker);
    const resident = await fx.as(people.resident);
    await admin.problem.dispatch({ id, assigneeId: people.worker });
    await worker.problem.submit({ id, note: "已清理", photos: await fx.photos(people.worker, 1) });
    await admin.problem.review({ id, decision: "approve" });
    await admin.problem.setPublished({ id, published: true });

    expect(await resident.problem.rate({ id, rating: "unsatisfied", comment: "没有清理干净" })).toMatchObject(
      { state: "reviewing", reopened: true },
    );
    const detail = await admin.problem.detail({ id });
    // Off the portal's feed while it is open again; the rating lives on in the timeline.
    expect(detail).toMatchObject({
      state: "reviewing",
      reopenedOnce: true,
      published: false,
      rating: null,
      closedAt: null,
    });
    expect(detail.steps.slice(-2).map((s) => [s.action, s.rating, s.note])).toEqual([
      ["rate", "unsatisfied", "没有清理干净"],
      ["reopen", null, "没有清理干净"],
    ]);
    // The one who closed it is asked to look again.
    expect((await noticesOf(people.admin)).map((n) => n.title)).toEqual([
      "有问题待复查",
      "居民对整改结果不满意",
    ]);

    await admin.problem.review({ id, decision: "approve", note: "已复查，清理干净" });
    expect(await resident.problem.rate({ id, rating: "unsatisfied" })).toMatchObject({
      state: "closed",
      reopened: false,
    });
    expect(await admin.problem.detail({ id })).toMatchObject({ state: "closed", rating: "unsatisfied" });
  });

  it("不予受理 as 重复 links the problem it repeats; 非社区职责 names the department; the reporter is told", async () => {
    const { people } = fx;
    const first = await fx.reported();
    const second = await fx.reported({ description: "同一处楼道堆物" });
    const third = await fx.reported({ description: "小区外马路上井盖缺失", category: "facility_damage" });
    const admin = await fx.as(people.admin);
    await admin.problem.reject({ id: second, reason: "duplicate", duplicateOfId: first });
    await admin.problem.reject({ id: third, reason: "not_our_duty", department: "市政管理处" });
    expect(await admin.problem.detail({ id: second })).toMatchObject({
      state: "rejected",
      rejectReason: "duplicate",
      duplicateOf: { id: first, state: "pending" },
      nextActions: [],
    });
    const mine = await (await fx.as(people.resident)).problem.myDetail({ id: third });
    expect(mine).toMatchObject({
      state: "rejected",
      rejectReason: "not_our_duty",
      referredDepartment: "市政管理处",
    });
    expect(mine.steps.at(-1)).toMatchObject({ action: "reject", note: "非社区职责；已转交市政管理处" });
    expect((await noticesOf(people.resident)).map((n) => n.kind)).toEqual([
      "problem_rejected",
      "problem_rejected",
    ]);
  });

  it("改派 gives it to another 责任人 or deadline; the new 责任人 sees it even outside their 网格", async () => {
    const { people } = fx;
    const id = await fx.reported();
    const admin = await fx.as(people.admin);
    await admin.problem.dispatch({ id, assigneeId: people.worker });
    const later = addDays(chinaToday(), 10);
    expect(await admin.problem.reassign({ id, assigneeId: people.worker2, deadline: later })).toEqual({
      version: 3,
      deadline: later,
    });
    const worker2 = await fx.as(people.worker2);
    expect((await worker2.problem.todo({})).items.map((p) => p.id)).toEqual([id]);
    expect((await worker2.problem.detail({ id })).nextActions).toEqual(["submit"]);
    // The first grid worker may still 复查 it later (his 网格), but it is no longer his to report.
    const old = await trpcErrorOf(
      (await fx.as(people.worker)).problem.submit({
        id,
        note: "x",
        photos: await fx.photos(people.worker, 1),
      }),
    );
    expect([old.code, old.message]).toEqual(["FORBIDDEN", "只有该问题的责任人可以上报整改结果"]);
  });

  it("a grid worker files a 巡查 in his 网格, which a community admin dispatches, publishes and the portal shows", async () => {
    const { people, tree } = fx;
    const worker = await fx.as(people.worker);
    const { id } = await worker.problem.create({
      source: "patrol",
      courtyardId: tree.a.courtyard,
      description: "绿化带里有人种菜",
      category: "green_vegetables",
      photos: await fx.photos(people.worker, 1),
    });
    const admin = await fx.as(people.admin);
    await admin.problem.dispatch({ id, assigneeId: people.worker2 });
    await (
      await fx.as(people.worker2)
    ).problem.submit({ id, note: "已恢复绿化", photos: await fx.photos(people.worker2, 1) });
    // The grid worker who filed it may 复查 someone else's work in his 网格.
    expect((await worker.problem.reviewQueue({})).items.map((p) => p.id)).toEqual([id]);
    await worker.problem.review({ id, decision: "approve" });
    await admin.problem.setPublished({ id, published: true });
    const feed = await (await fx.as(null)).problem.publicFeed({ communityId: tree.a.community });
    expect(
      feed.items.map((p) => [p.id, p.categoryLabel, p.beforePhotos.length, p.afterPhotos.length]),
    ).toEqual([[id, "毁绿种菜", 1, 1]]);
    expect(JSON.stringify(feed)).not.toMatch(/张伟|王强|李秀英|reporter/);
    // The grid worker who filed it hears of the 派遣 (in the console); of the 办结 he did himself, nothing.
    expect((await noticesOf(people.worker)).map((n) => [n.kind, n.link])).toEqual([
      ["problem_dispatched", `/admin/problems/${id}`],
    ]);
  });
});
