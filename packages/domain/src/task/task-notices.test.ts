import { beforeEach, describe, expect, it } from "vitest";
import { sessionFor, trpcErrorOf } from "../testing/index.js";
import { chinaToday } from "../time.js";
import { addDays } from "../problem/rules.js";
import { taskWorld, type TaskWorld } from "./test-fixture.js";
import { noticeTaskAssigned, noticeTaskStep } from "./task-notices.js";
import { taskOrThrow } from "./task-access.js";

// The 责任人's inbox: a task given to them, sent back with the reason, passed; each told once, and
// nobody told of what they did themselves.

let db: TaskWorld["db"], fx: TaskWorld["fx"], base: TaskWorld["base"];
const today = chinaToday();

beforeEach(async () => {
  ({ db, fx, base } = await taskWorld());
});

const fields = (over: Record<string, unknown> = {}) => ({
  ...base(),
  title: "一号院楼道清理",
  unitId: fx.tree.a.grid,
  dueOn: addDays(today, 10),
  ...over,
});

const inbox = (userId: number) =>
  db
    .selectFrom("notification")
    .select(["kind", "title", "body", "link"])
    .where("user_id", "=", userId)
    .orderBy("id")
    .execute();

describe("task notices", () => {
  it("tells the 责任人 of a task given to them, sent back with the reason, and passed", async () => {
    const admin = await fx.as(fx.people.adminA);
    const worker = await fx.as(fx.people.workerA);
    const { id } = await admin.task.create(fields({ assigneeUserId: fx.people.workerA }));
    let v = (await worker.task.detail({ id })).version;
    ({ version: v } = await worker.task.submit({ id, version: v }));
    ({ version: v } = await admin.task.return({ id, version: v, note: "二单元还有杂物" }));
    ({ version: v } = await worker.task.submit({ id, version: v }));
    ({ version: v } = await admin.task.return({ id, version: v, note: "照片不清楚" }));
    ({ version: v } = await worker.task.submit({ id, version: v }));
    await admin.task.accept({ id, version: v });
    expect(await inbox(fx.people.workerA)).toEqual([
      {
        kind: "task_assigned",
        title: "新任务：一号院楼道清理",
        body: `李秀英 将任务“一号院楼道清理”交给你办理，时限 ${addDays(today, 10)}。`,
        link: `/admin/tasks?task=${id}`,
      },
      {
        kind: "task_returned",
        title: "任务退回：一号院楼道清理",
        body: "李秀英 退回了任务“一号院楼道清理”，原因：二单元还有杂物",
        link: `/admin/tasks?task=${id}`,
      },
      {
        kind: "task_returned",
        title: "任务退回：一号院楼道清理",
        body: "李秀英 退回了任务“一号院楼道清理”，原因：照片不清楚",
        link: `/admin/tasks?task=${id}`,
      },
      {
        kind: "task_accepted",
        title: "验收通过：一号院楼道清理",
        body: "李秀英 验收通过了任务“一号院楼道清理”。",
        link: `/admin/tasks?task=${id}`,
      },
    ]);
    // The one who acted hears nothing of their own steps.
    expect(await inbox(fx.people.adminA)).toEqual([]);
  });

  it("tells the new 责任人 when an edit changes it, and nobody when it stays", async () => {
    const admin = await fx.as(fx.people.adminA);
    const { id } = await admin.task.create(fields());
    expect(await inbox(fx.people.workerA)).toEqual([]);
    let v = (await admin.task.detail({ id })).version;
    const edit = (assigneeUserId: number | null, title = "一号院楼道清理") =>
      admin.task
        .update({ ...fields({ assigneeUserId, title }), id, version: v })
        .then((r) => (v = r.version));
    await edit(fx.people.workerA);
    await edit(fx.people.workerA, "一号院楼道清理（含车棚）");
    await edit(fx.people.workerA2);
    expect((await inbox(fx.people.workerA)).map((n) => n.kind)).toEqual(["task_assigned"]);
    expect((await inbox(fx.people.workerA2)).map((n) => n.title)).toEqual(["新任务：一号院楼道清理"]);
    // A retried edit with the version it already used is refused: nothing sent again.
    const retry = await trpcErrorOf(
      admin.task.update({ ...fields({ assigneeUserId: fx.people.workerA }), id, version: v - 1 }),
    );
    expect(retry.code).toBe("CONFLICT");
    expect(await inbox(fx.people.workerA)).toHaveLength(1);
  });

  it("tells once of a task given away and back within a minute, again after it", async () => {
    const admin = await fx.as(fx.people.adminA);
    const { id } = await admin.task.create(fields());
    const session = await sessionFor(db, fx.people.adminA);
    const task = { id, title: "一号院楼道清理", dueOn: today };
    const at = new Date("2026-12-03T02:00:10Z");
    const give = (to: number, from: number | null, when: Date) =>
      noticeTaskAssigned(db, session, { ...task, assigneeUserId: to }, from, when);
    expect(await give(fx.people.workerA, null, at)).toBe(1);
    expect(await give(fx.people.workerA2, fx.people.workerA, new Date(at.getTime() + 10_000))).toBe(1);
    expect(await give(fx.people.workerA, fx.people.workerA2, new Date(at.getTime() + 20_000))).toBe(0);
    expect(await give(fx.people.workerA, fx.people.workerA2, new Date(at.getTime() + 3_600_000))).toBe(1);
    // Given to oneself, or unchanged: nobody is told.
    expect(await give(fx.people.adminA, null, at)).toBe(0);
    expect(await give(fx.people.workerA, fx.people.workerA, new Date(at.getTime() + 7_200_000))).toBe(0);
    expect(await inbox(fx.people.workerA)).toHaveLength(2);
    expect(await inbox(fx.people.workerA2)).toHaveLength(1);
  });

  it("writes a step's notice once however often it is called", async () => {
    const admin = await fx.as(fx.people.adminA);
    const { id } = await admin.task.create(fields({ assigneeUserId: fx.people.workerA }));
    const session = await sessionFor(db, fx.people.adminA);
    const task = await taskOrThrow(db, id);
    const step = { note: "材料不全", version: 5 };
    expect(await noticeTaskStep(db, session, "return", task, step)).toBe(1);
    expect(await noticeTaskStep(db, session, "return", task, step)).toBe(0);
    expect(await noticeTaskStep(db, session, "accept", task, step)).toBe(1);
    expect(await noticeTaskStep(db, session, "accept", task, { ...step, version: 6 })).toBe(0);
    // Steps that tell nobody.
    for (const action of ["start", "report", "submit", "cancel"] as const)
      expect(await noticeTaskStep(db, session, action, task, step)).toBe(0);
    expect((await inbox(fx.people.workerA)).map((n) => n.kind)).toEqual([
      "task_assigned",
      "task_returned",
      "task_accepted",
    ]);
  });
});
