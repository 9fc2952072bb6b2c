import { beforeEach, describe, expect, it } from "vitest";
import { auditRows, errorShapeOf, makeOrgTree, makeUser, trpcErrorOf } from "../testing/index.js";
import { chinaToday } from "../time.js";
import { addDays } from "../problem/rules.js";
import { taskWorld, type TaskWorld } from "./test-fixture.js";

// 督办 through the router: the street issues a 督办单 on a 社区's task, its 责任人 answers, the street
// clears it; who may do each; the colours with a 街道's own thresholds; each step recorded.

let db: TaskWorld["db"], fx: TaskWorld["fx"], campaignId: number, splitDown: TaskWorld["splitDown"];
let base: TaskWorld["base"];
const today = chinaToday();

beforeEach(async () => {
  ({ db, fx, campaignId, splitDown, base } = await taskWorld());
});

const notices = (userId: number) =>
  db.selectFrom("notification").select(["kind", "title", "link"]).where("user_id", "=", userId).execute();

describe("a 督办单 issued, answered and cleared", () => {
  it("stays on both sides' lists until the issuer clears it; every step on the timeline, in the 操作日志 and told", async () => {
    const t = await splitDown();
    const street = await fx.as(fx.people.street);
    const li = await fx.as(fx.people.adminA);
    expect((await street.task.detail({ id: t.community })).colour).toBeNull();
    const { id, version } = await street.task.supervise({
      taskId: t.community,
      note: "进度滞后，请加快清理",
      replyBy: addDays(today, 2),
    });
    // A hand 督办 is 红 by default: the task shows 红 in the tree and in 我的任务.
    const tree = await street.task.tree({ campaignId });
    expect(tree.tasks.find((x) => x.id === t.community)!.colour).toBe("red");
    expect((await li.task.mine()).find((x) => x.id === t.community)!.colour).toBe("red");
    expect(tree.tasks.find((x) => x.id === t.grid)!.colour).toBeNull();

    const mine = await street.task.supervisions();
    expect(mine.owedByMe).toEqual([]);
    expect(mine.issuedByMe).toMatchObject([
      { id, state: "open", colour: "red", note: "进度滞后，请加快清理", mayClear: true, mayAnswer: false },
    ]);
    const owed = await li.task.supervisions();
    expect(owed.issuedByMe).toEqual([]);
    expect(owed.owedByMe).toMatchObject([
      { id, state: "open", mayAnswer: true, mayClear: false, issuedBy: { name: "王建国" } },
    ]);
    expect(await notices(fx.people.adminA)).toContainEqual({
      kind: "task_supervised",
      title: "红色督办：甲社区楼道整治",
      link: `/admin/tasks?task=${t.community}`,
    });

    // The 责任人 answers in writing; an empty answer is refused by field.
    const empty = await trpcErrorOf(li.task.answerSupervision({ id, version, answer: "  " }));
    expect(empty.code).toBe("BAD_REQUEST");
    const answered = await li.task.answerSupervision({ id, version, answer: "已组织清理1至5单元" });
    expect(answered).toEqual({ id, state: "answered", version: version + 1 });
    expect(await notices(fx.people.street)).toContainEqual({
      kind: "task_supervision_answered",
      title: "督办反馈：甲社区楼道整治",
      link: `/admin/tasks?task=${t.community}`,
    });
    // Answered, not cleared: still on both sides, still 红.
    expect((await street.task.supervisions()).issuedByMe).toMatchObject([
      { id, state: "answered", answer: "已组织清理1至5单元", answeredBy: "李秀英" },
    ]);
    expect((await li.task.supervisions()).owedByMe).toHaveLength(1);
    expect((await street.task.detail({ id: t.community })).colour).toBe("red");

    // The 责任人 cannot clear; the issuer does.
    const byLi = await trpcErrorOf(li.task.clearSupervision({ id, version: answered.version }));
    expect(byLi.code).toBe("FORBIDDEN");
    await street.task.clearSupervision({ id, version: answered.version, note: "已核实" });
    expect(await street.task.supervisions()).toEqual({ issuedByMe: [], owedByMe: [] });
    expect(await li.task.supervisions()).toEqual({ issuedByMe: [], owedByMe: [] });
    const detail = await street.task.detail({ id: t.community });
    expect(detail.colour).toBeNull();
    expect(detail.supervisions).toMatchObject([{ id, state: "cleared", clearedBy: "王建国" }]);
    expect(detail.steps.map((s) => [s.action, s.by])).toEqual([
      ["create", "王建国"],
      ["supervise", "王建国"],
      ["answer", "李秀英"],
      ["clear", "王建国"],
    ]);
    expect(detail.steps[1]!.note).toBe(`红色督办：进度滞后，请加快清理（${addDays(today, 2)} 前反馈）`);
    const audit = (await auditRows(db)).filter(
      (r) => r.target_type === "task" && r.target_id === String(t.community),
    );
    expect(audit.map((r) => r.action)).toEqual([
      "task.create",
      "task.supervise",
      "task.answer_supervision",
      "task.clear_supervision",
    ]);
    // Cleared: no more answers, no second 销号.
    const again = await trpcErrorOf(li.task.answerSupervision({ id, version: version + 2, answer: "补充" }));
    expect(again.code).toBe("CONFLICT");
  });

  it("on a task given to nobody yet, tells the admins of its unit, or of the 社区 above a grid", async () => {
    const street = await fx.as(fx.people.street);
    const li = await fx.as(fx.people.adminA);
    const top = await street.task.create({ ...base(), title: "环境整治", unitId: fx.tree.street });
    const community = await street.task.create({
      ...base(),
      parentId: top.id,
      title: "甲社区车棚整治",
      unitId: fx.tree.a.community,
    });
    const grid = await li.task.create({
      ...base(),
      parentId: community.id,
      title: "一号院车棚清理",
      unitId: fx.tree.a.grid,
    });
    await street.task.supervise({ taskId: community.id, note: "请尽快落实", replyBy: addDays(today, 2) });
    await street.task.supervise({ taskId: grid.id, note: "请指定责任人", replyBy: addDays(today, 2) });
    const told = await db
      .selectFrom("notification")
      .select(["user_id", "title", "body"])
      .where("kind", "=", "task_supervised")
      .orderBy("id")
      .execute();
    // 李秀英 answers for 甲社区 and for its grid (a grid has no admin of its own); nobody of 乙社区, not
    // the grid workers, not the issuer.
    expect(told.map((n) => [n.user_id, n.title])).toEqual([
      [fx.people.adminA, "红色督办：甲社区车棚整治"],
      [fx.people.adminA, "红色督办：一号院车棚清理"],
    ]);
    expect(told[0]!.body).toContain("该任务尚未指定责任人，请责任单位反馈。");
    expect((await li.task.supervisions()).owedByMe).toHaveLength(2);
  });

  it("takes the colour the issuer chooses; a 黄色督办 raises a task with none to 黄", async () => {
    const t = await splitDown();
    const admin = await fx.as(fx.people.adminA);
    await admin.task.supervise({ taskId: t.grid, colour: "yellow", note: "请尽快推进", replyBy: today });
    const tree = await admin.task.tree({ campaignId });
    expect(tree.tasks.find((x) => x.id === t.grid)!.colour).toBe("yellow");
    expect((await (await fx.as(fx.people.workerA)).task.supervisions()).owedByMe).toMatchObject([
      { colour: "yellow", task: { id: t.grid, title: "一号院楼道清理" }, replyOverdue: false },
    ]);
  });
});

describe("who may issue, answer and clear", () => {
  it("issues only from above the 责任单位: never its own admin, the 责任人, nor another 社区", async () => {
    const t = await splitDown();
    const input = (taskId: number) => ({ taskId, note: "请加快", replyBy: addDays(today, 3) });
    // 李秀英 administers 甲社区: the 社区's own task is not hers to supervise, its 网格's is.
    const li = await fx.as(fx.people.adminA);
    expect((await trpcErrorOf(li.task.supervise(input(t.community)))).code).toBe("FORBIDDEN");
    expect((await li.task.detail({ id: t.community })).maySupervise).toBe(false);
    expect((await li.task.detail({ id: t.grid })).maySupervise).toBe(true);
    const zhao = await fx.as(fx.people.adminB);
    expect((await trpcErrorOf(zhao.task.supervise(input(t.grid)))).code).toBe("FORBIDDEN");
    const worker = await fx.as(fx.people.workerA);
    expect((await trpcErrorOf(worker.task.supervise(input(t.grid)))).code).toBe("FORBIDDEN");
    // The street's own task: nobody above it but a system admin.
    const street = await fx.as(fx.people.street);
    expect((await trpcErrorOf(street.task.supervise(input(t.top)))).code).toBe("FORBIDDEN");
    const sys = await fx.as((await makeUser(db, { role: "system_admin", name: "系统管理员" })).id);
    await sys.task.supervise(input(t.top));
    expect(await db.selectFrom("task_supervision").select(["task_id", "unit_id"]).execute()).toEqual([
      { task_id: t.top, unit_id: null },
    ]);
  });

  it("refuses a 督办 on a finished or cancelled task (CONFLICT), and writes nothing", async () => {
    const t = await splitDown();
    const street = await fx.as(fx.people.street);
    const li = await fx.as(fx.people.adminA);
    const worker = await fx.as(fx.people.workerA);
    let v = (await worker.task.submit({ id: t.grid, version: 1 })).version;
    await li.task.accept({ id: t.grid, version: v });
    const done = await trpcErrorOf(street.task.supervise({ taskId: t.grid, note: "请加快", replyBy: today }));
    expect(done.code).toBe("CONFLICT");
    expect(done.message).toBe("任务已完成，不能督办");
    v = (await street.task.detail({ id: t.community })).version;
    await street.task.cancel({ id: t.community, version: v, note: "并入街道整治" });
    const cancelled = await trpcErrorOf(
      street.task.supervise({ taskId: t.community, note: "请加快", replyBy: today }),
    );
    expect(cancelled.code).toBe("CONFLICT");
    expect(cancelled.message).toBe("任务已取消，不能督办");
    expect(await db.selectFrom("task_supervision").select("id").execute()).toEqual([]);
  });

  it("refuses a reply day before today by field", async () => {
    const t = await splitDown();
    const street = await fx.as(fx.people.street);
    const err = await trpcErrorOf(
      street.task.supervise({ taskId: t.community, note: "请加快", replyBy: addDays(today, -1) }),
    );
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toBe("反馈期限不能早于今天");
  });

  it("answers: the 责任人 or an admin of the 责任单位, never the issuer nor another 社区; clears: the issuer or an admin of the issuer's unit", async () => {
    const t = await splitDown();
    const li = await fx.as(fx.people.adminA);
    const { id, version } = await li.task.supervise({ taskId: t.grid, note: "请加快", replyBy: today });
    expect((await trpcErrorOf(li.task.answerSupervision({ id, version, answer: "自答" }))).code).toBe(
      "FORBIDDEN",
    );
    const zhao = await fx.as(fx.people.adminB);
    expect((await trpcErrorOf(zhao.task.answerSupervision({ id, version, answer: "越界" }))).code).toBe(
      "FORBIDDEN",
    );
    const other = await fx.as(fx.people.workerA2);
    expect((await trpcErrorOf(other.task.answerSupervision({ id, version, answer: "代答" }))).code).toBe(
      "FORBIDDEN",
    );
    // The street (an admin of the 网格 too) may answer for it, and clear it: it is above 李秀英's 社区.
    const street = await fx.as(fx.people.street);
    const a = await street.task.answerSupervision({ id, version, answer: "街道代为反馈" });
    const worker = await fx.as(fx.people.workerA);
    expect((await trpcErrorOf(worker.task.clearSupervision({ id, version: a.version }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await trpcErrorOf(zhao.task.clearSupervision({ id, version: a.version }))).code).toBe(
      "FORBIDDEN",
    );
    await street.task.clearSupervision({ id, version: a.version });
  });

  it("refuses the second of two people acting on one 督办单 at once (stale version)", async () => {
    const t = await splitDown();
    const street = await fx.as(fx.people.street);
    const { id, version } = await street.task.supervise({
      taskId: t.community,
      note: "请加快",
      replyBy: today,
    });
    const li = await fx.as(fx.people.adminA);
    await li.task.answerSupervision({ id, version, answer: "已处理" });
    const stale = await trpcErrorOf(li.task.answerSupervision({ id, version, answer: "再答一次" }));
    expect(stale.code).toBe("CONFLICT");
    const staleClear = await trpcErrorOf(street.task.clearSupervision({ id, version }));
    expect(staleClear.code).toBe("CONFLICT");
    const row = await db
      .selectFrom("task_supervision")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: "answered", answer: "已处理", version: version + 1 });
  });
});

describe("a 街道's thresholds", () => {
  it("are read and set by its admins, within bounds, and colour its tasks", async () => {
    const t = await splitDown();
    const street = await fx.as(fx.people.street);
    expect(await street.task.supervisionSettings({ streetId: fx.tree.street })).toEqual({
      streetId: fx.tree.street,
      blueDays: 3,
      redAfterDays: 7,
      paceGap: 30,
      custom: false,
      defaults: { blueDays: 3, redAfterDays: 7, paceGap: 30 },
    });
    // Due in 20 days: no colour with the defaults, 蓝 when the 街道 warns 20 days ahead.
    expect((await street.task.detail({ id: t.grid })).colour).toBeNull();
    await street.task.setSupervisionSettings({
      streetId: fx.tree.street,
      blueDays: 20,
      redAfterDays: 10,
      paceGap: 50,
    });
    expect((await street.task.detail({ id: t.grid })).colour).toBe("blue");
    expect((await street.task.tree({ campaignId })).tasks.map((x) => x.colour)).toEqual([
      "blue",
      "blue",
      "blue",
    ]);
    expect((await (await fx.as(fx.people.workerA)).task.mine())[0]!.colour).toBe("blue");
    expect(await street.task.supervisionSettings({ streetId: fx.tree.street })).toMatchObject({
      blueDays: 20,
      custom: true,
    });
    const [row] = (await auditRows(db)).filter((r) => r.action === "task.supervision_settings");
    expect(row).toMatchObject({
      target_type: "org_unit",
      target_id: String(fx.tree.street),
      before: { blueDays: 3, redAfterDays: 7, paceGap: 30 },
      after: { blueDays: 20, redAfterDays: 10, paceGap: 50 },
    });
  });

  it("refuses values out of bounds by field, a unit that is not a 街道, and admins below or elsewhere", async () => {
    const street = await fx.as(fx.people.street);
    const at = { streetId: fx.tree.street, blueDays: 3, redAfterDays: 7, paceGap: 30 };
    for (const [field, value] of [
      ["blueDays", 31],
      ["blueDays", -1],
      ["redAfterDays", 0],
      ["redAfterDays", 91],
      ["paceGap", 101],
      ["paceGap", 2.5],
    ] as const) {
      const err = await trpcErrorOf(street.task.setSupervisionSettings({ ...at, [field]: value }));
      expect(err.code, `${field} ${value}`).toBe("BAD_REQUEST");
      const shape = errorShapeOf(err, "task.setSupervisionSettings");
      expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual([field]);
    }
    await street.task.setSupervisionSettings({ ...at, blueDays: 0, redAfterDays: 90, paceGap: 100 });
    const notStreet = await trpcErrorOf(street.task.supervisionSettings({ streetId: fx.tree.a.community }));
    expect(notStreet.code).toBe("BAD_REQUEST");
    const li = await fx.as(fx.people.adminA);
    expect((await trpcErrorOf(li.task.setSupervisionSettings(at))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf(li.task.supervisionSettings({ streetId: fx.tree.street }))).code).toBe(
      "FORBIDDEN",
    );
    // Another 街道's admin.
    const other = await makeOrgTree(db);
    const otherAdmin = await fx.as((await makeUser(db, { role: "street_admin", unitId: other.street })).id);
    expect((await trpcErrorOf(otherAdmin.task.setSupervisionSettings(at))).code).toBe("FORBIDDEN");
    await otherAdmin.task.setSupervisionSettings({ ...at, streetId: other.street, blueDays: 9 });
    // Each 街道 its own: ours keeps what it set.
    expect(await street.task.supervisionSettings({ streetId: fx.tree.street })).toMatchObject({
      blueDays: 0,
    });
  });
});
