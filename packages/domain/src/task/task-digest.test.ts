import { beforeEach, describe, expect, it } from "vitest";
import { chinaToday } from "../time.js";
import { addDays } from "../problem/rules.js";
import { taskWorld, type TaskWorld } from "./test-fixture.js";
import { digestCounts, digestDue, digestText, sendTaskDigests } from "./task-digest.js";

// The daily digest: per staff person and China day, 今日到期 / 已逾期 of their own tasks and 待验收 of
// those theirs to check; nothing when all are zero; exactly once a day however often it runs.

let db: TaskWorld["db"], fx: TaskWorld["fx"], base: TaskWorld["base"];
const today = chinaToday();

beforeEach(async () => {
  ({ db, fx, base } = await taskWorld({ periodStart: addDays(today, -60) }));
});

/** A task of 第一网格 due `dueIn` days from today (negative: overdue), made by 李秀英. */
async function task(title: string, dueIn: number, assigneeUserId: number | null) {
  const admin = await fx.as(fx.people.adminA);
  return admin.task.create({
    ...base(),
    title,
    unitId: fx.tree.a.grid,
    assigneeUserId,
    startOn: addDays(today, -30),
    dueOn: addDays(today, dueIn),
  });
}

/** 张伟: 2 due today, 1 overdue, 1 due later, 1 overdue but done; 李秀英: 2 to check (one he submitted). */
async function workload() {
  const worker = await fx.as(fx.people.workerA);
  const admin = await fx.as(fx.people.adminA);
  await task("今日一", 0, fx.people.workerA);
  await task("今日二", 0, fx.people.workerA);
  await task("逾期", -2, fx.people.workerA);
  await task("下周", 7, fx.people.workerA);
  const done = await task("逾期已完成", -5, fx.people.workerA);
  const v = (await worker.task.submit({ id: done.id, version: 1 })).version;
  await admin.task.accept({ id: done.id, version: v });
  const waiting = await task("待验收", 3, fx.people.workerA2);
  await (await fx.as(fx.people.workerA2)).task.submit({ id: waiting.id, version: 1 });
  // Given to nobody and submitted by an admin: for the admins at its 责任单位 (第一网格: none) —
  // this one is at 甲社区 itself, so 李秀英 checks it.
  const unassigned = await admin.task.create({
    ...base(),
    title: "社区自办",
    unitId: fx.tree.a.community,
    startOn: addDays(today, -30),
    dueOn: addDays(today, 3),
  });
  await (await fx.as(fx.people.street)).task.submit({ id: unassigned.id, version: 1 });
}

const digests = () =>
  db
    .selectFrom("notification")
    .select(["user_id", "kind", "title", "body", "link"])
    .where("kind", "=", "task_digest")
    .orderBy("user_id")
    .execute();

describe("the daily task digest", () => {
  it("counts each person's own: due today, overdue, and what awaits their 验收", async () => {
    await workload();
    const counts = await digestCounts(db, today);
    expect(Object.fromEntries(counts)).toEqual({
      [fx.people.workerA]: { dueToday: 2, overdue: 1, pendingAcceptance: 0, supervisions: 0 },
      [fx.people.adminA]: { dueToday: 0, overdue: 0, pendingAcceptance: 2, supervisions: 0 },
    });
    // Tomorrow: the two due today are overdue.
    expect((await digestCounts(db, addDays(today, 1))).get(fx.people.workerA)).toEqual({
      dueToday: 0,
      overdue: 3,
      pendingAcceptance: 0,
      supervisions: 0,
    });
    // One person's only (the on-request preview).
    const one = await digestCounts(db, today, [fx.people.adminA]);
    expect([...one.keys()]).toEqual([fx.people.adminA]);
  });

  it("sends one digest per person with something to count, once a day however often it runs", async () => {
    await workload();
    const now = new Date();
    expect(await sendTaskDigests(db, now)).toEqual({ people: 2, sent: 2 });
    const first = await digests();
    const [m, d] = [Number(today.slice(5, 7)), Number(today.slice(8, 10))];
    expect(first).toEqual([
      {
        user_id: fx.people.adminA,
        kind: "task_digest",
        title: `每日任务提醒（${m}月${d}日）`,
        body: "待验收 2 项。",
        link: "/admin/tasks",
      },
      {
        user_id: fx.people.workerA,
        kind: "task_digest",
        title: `每日任务提醒（${m}月${d}日）`,
        body: "今日到期 2 项、已逾期 1 项。",
        link: "/admin/tasks",
      },
    ]);
    // Run again, twice at once, and after more work came in: nobody hears twice today.
    await task("又一项", 0, fx.people.workerA2);
    expect(await sendTaskDigests(db, now)).toEqual({ people: 3, sent: 1 });
    const again = await Promise.all([sendTaskDigests(db, now), sendTaskDigests(db, now)]);
    expect(again.map((r) => r.sent)).toEqual([0, 0]);
    expect(await digests()).toHaveLength(3);
    // The next day is a new digest.
    const tomorrow = new Date(now.getTime() + 86_400_000);
    const next = await Promise.all([sendTaskDigests(db, tomorrow), sendTaskDigests(db, tomorrow)]);
    expect(next[0].sent + next[1].sent).toBe(3);
    expect(await digests()).toHaveLength(6);
  });

  it("counts the 督办单 awaiting the 责任人's answer, until answered", async () => {
    const later = await task("下周", 7, fx.people.workerA);
    const street = await fx.as(fx.people.street);
    const { id } = await street.task.supervise({
      taskId: later.id,
      note: "请加快进度",
      replyBy: addDays(today, 2),
    });
    expect((await digestCounts(db, today)).get(fx.people.workerA)).toEqual({
      dueToday: 0,
      overdue: 0,
      pendingAcceptance: 0,
      supervisions: 1,
    });
    await (await fx.as(fx.people.workerA)).task.answerSupervision({ id, version: 1, answer: "已增派人手" });
    expect((await digestCounts(db, today)).has(fx.people.workerA)).toBe(false);
  });

  it("sends nothing when nobody has anything to count", async () => {
    await task("下周", 7, fx.people.workerA);
    expect(await sendTaskDigests(db)).toEqual({ people: 0, sent: 0 });
    expect(await digests()).toEqual([]);
  });

  it("is for staff only: not an account deleted (注销) nor one without a staff role", async () => {
    await task("今日一", 0, fx.people.workerA);
    await task("今日二", 0, fx.people.workerA2);
    expect((await digestCounts(db, today)).size).toBe(2);
    await db.deleteFrom("role_grant").where("user_id", "=", fx.people.workerA).execute();
    await db
      .updateTable("user")
      .set({ deleted_at: new Date().toISOString() })
      .where("id", "=", fx.people.workerA2)
      .execute();
    expect((await digestCounts(db, today)).size).toBe(0);
  });

  it("previews the caller's own on request, and says whether it was sent", async () => {
    await workload();
    const worker = await fx.as(fx.people.workerA);
    expect(await worker.task.digest()).toEqual({
      day: today,
      dueToday: 2,
      overdue: 1,
      pendingAcceptance: 0,
      supervisions: 0,
      text: "今日到期 2 项、已逾期 1 项",
      sentAt: null,
    });
    await sendTaskDigests(db);
    expect((await worker.task.digest()).sentAt).toEqual(expect.any(String));
    const idle = await (await fx.as(fx.people.workerB)).task.digest();
    expect(idle).toMatchObject({
      dueToday: 0,
      overdue: 0,
      pendingAcceptance: 0,
      supervisions: 0,
      text: null,
      sentAt: null,
    });
  });
});

describe("digest rules", () => {
  it("leaves out the parts that are zero", () => {
    const none = { dueToday: 0, overdue: 0, pendingAcceptance: 0, supervisions: 0 };
    expect(digestText({ dueToday: 2, overdue: 1, pendingAcceptance: 3, supervisions: 1 })).toBe(
      "今日到期 2 项、已逾期 1 项、待验收 3 项、待反馈督办 1 项",
    );
    expect(digestText({ ...none, pendingAcceptance: 3 })).toBe("待验收 3 项");
    expect(digestText(none)).toBe("");
  });

  it("is due from 08:00 China time", () => {
    expect(digestDue(new Date("2026-12-02T23:59:00Z"))).toBe(false); // 07:59 on the 3rd
    expect(digestDue(new Date("2026-12-03T00:00:00Z"))).toBe(true); // 08:00
    expect(digestDue(new Date("2026-12-03T15:59:00Z"))).toBe(true); // 23:59
    expect(digestDue(new Date("2026-12-03T16:00:00Z"))).toBe(false); // 00:00 on the 4th
  });
});
