import type { Insertable, Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { ActivityKind, Database, TaskTable } from "../db/database.js";
import type { ProblemState } from "../problem/rules.js";
import { createCampaign } from "../campaign/campaign-service.js";
import { campaignReadiness } from "../campaign/campaign-readiness.js";
import { campaignPeople } from "../campaign/test-fixture.js";
import {
  callerFor,
  createTestDb,
  makeActivity,
  makeProblem,
  makeSignup,
  makeVolunteer,
  sessionFor,
  trpcErrorOf,
} from "../testing/index.js";
import { communityDashboard, streetDashboard } from "./dashboard-service.js";
import { monthsEndingWith } from "./dashboard-data.js";

// 数据看板: figures of 社区 甲 worked out by hand from the rows made here (today is 2026-12-05 in China),
// and 乙 beside it on the street's; who may read which.

type NewTask = Insertable<TaskTable>;

// Saturday 2026-12-05, 10:00 in Beijing.
const NOW = new Date("2026-12-05T02:00:00.000Z");

let db: Kysely<Database>;
let fx: Awaited<ReturnType<typeof campaignPeople>>;
let campaignId: number;

async function task(values: Partial<NewTask> & Pick<NewTask, "unit_id" | "state" | "start_on" | "due_on">) {
  const row = await db
    .insertInto("task")
    .values({
      campaign_id: campaignId,
      parent_id: null,
      sort: 0,
      title: "任务",
      description: "",
      assignee_user_id: null,
      assigned_by: null,
      priority: "normal",
      progress: 0,
      weight: null,
      cancel_reason: null,
      created_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
      ...values,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** 甲's dashboard (or the 社区 and month of `input`) as `who` sees it, by default 甲's admin. */
async function dashboardOf(who = fx.people.adminA, input: { communityId?: number; month?: string } = {}) {
  return communityDashboard(
    db,
    await sessionFor(db, who),
    { communityId: fx.tree.a.community, ...input },
    NOW,
  );
}

beforeEach(async () => {
  db = await createTestDb();
  fx = await campaignPeople(db);
  const { tree, people } = fx;
  campaignId = (
    await createCampaign(
      db,
      await sessionFor(db, people.street),
      {
        name: "2026年创建全国文明城市",
        kind: "national_civilized_city",
        scopeUnitId: tree.street,
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
      },
      NOW,
    )
  ).id;
  const A = tree.a;
  // Tasks of 甲: done, cancelled, 15 days overdue (红), 2 days overdue (黄), due in 2 days (蓝), and a parent
  // whose own percentage (0) is behind pace but whose sub-tasks are 2 of 3 done (rolled up 67: no colour).
  const nov = { start_on: "2026-11-01", due_on: "2026-11-20" };
  await task({ ...nov, unit_id: A.community, state: "done", progress: 100 });
  await task({ ...nov, unit_id: A.grid, state: "cancelled" });
  await task({
    ...nov,
    unit_id: A.grid,
    state: "in_progress",
    title: "楼道清理",
    assignee_user_id: people.workerA,
  });
  await task({
    unit_id: A.grid,
    state: "not_started",
    start_on: "2026-11-25",
    due_on: "2026-12-03",
    title: "宣传栏更新",
  });
  await task({
    unit_id: A.community,
    state: "in_progress",
    start_on: "2026-12-01",
    due_on: "2026-12-07",
    progress: 50,
    title: "临期任务",
  });
  const span = { start_on: "2026-11-05", due_on: "2026-12-25" };
  const parent = await task({ ...span, unit_id: A.community, state: "in_progress" });
  const sub = { ...span, parent_id: parent, unit_id: A.grid };
  await task({ ...sub, state: "done" });
  await task({ ...sub, state: "done" });
  await task({ ...sub, state: "in_progress", progress: 90 });
  // 乙: one task a day overdue; the street's own task counts for no 社区.
  await task({
    unit_id: tree.b.community,
    state: "in_progress",
    start_on: "2026-11-01",
    due_on: "2026-12-04",
    title: "乙社区任务",
  });
  await task({ unit_id: tree.street, state: "in_progress", start_on: "2026-11-01", due_on: "2026-11-02" });

  // Problems of 甲, the last one 乙's: state, deadline, created, closed. December in China begins 2026-11-30T16:00Z.
  const problems: Array<[ProblemState, string, string, string | null, number?]> = [
    ["closed", "2026-12-05", "2026-11-30T17:00:00.000Z", "2026-12-03T17:00:00.000Z"],
    ["closed", "2026-12-02", "2026-11-30T15:00:00.000Z", "2026-12-05T03:00:00.000Z"],
    ["rectifying", "2026-12-04", "2026-12-02T02:00:00.000Z", null],
    ["closed", "2026-10-30", "2026-10-10T02:00:00.000Z", "2026-10-20T02:00:00.000Z"],
    ["reviewing", "2026-12-01", "2026-11-20T02:00:00.000Z", null, tree.b.courtyard],
  ];
  for (const [state, deadline, createdAt, closedAt, courtyardId = A.courtyard] of problems)
    await makeProblem(db, { courtyardId, state, deadline, createdAt, closedAt });

  // Volunteers: 甲 2 registered (1 pending) of 3000 residents, target 0.5 %.
  const v = await makeVolunteer(db, { courtyardId: A.courtyard });
  await makeVolunteer(db, { courtyardId: A.courtyard });
  await makeVolunteer(db, { courtyardId: A.courtyard, status: "pending" });
  await db
    .insertInto("community_setting")
    .values({ community_id: A.community, volunteer_target_permille: 5 })
    .execute();

  // Activities of 甲: 3 in December (two 道德讲堂, one held), one on 30 November at 23:30 China time, one cancelled.
  const activity = (startsAt: string, endsAt: string, kind: ActivityKind = "volunteer_service") =>
    makeActivity(db, { communityId: A.community, startsAt, endsAt, kind });
  const service = await activity("2026-12-01T01:00:00Z", "2026-12-01T03:00:00Z");
  const signup = await makeSignup(db, {
    activityId: service,
    volunteerId: v.id,
    checkInAt: "2026-12-01T01:00:00Z",
    checkOutAt: "2026-12-01T02:30:00Z",
    minutes: 90,
  });
  await db
    .updateTable("activity_signup")
    .set({ hours_status: "confirmed", confirmed_minutes: 90 })
    .where("id", "=", signup)
    .execute();
  await activity("2026-12-02T11:00:00Z", "2026-12-02T12:30:00Z", "moral_lecture");
  await activity("2026-12-20T11:00:00Z", "2026-12-20T12:30:00Z", "moral_lecture");
  await activity("2026-11-30T15:30:00Z", "2026-11-30T15:50:00Z");
  const called = await activity("2026-12-03T01:00:00Z", "2026-12-03T02:00:00Z");
  await db.updateTable("activity").set({ status: "cancelled" }).where("id", "=", called).execute();
});

describe("communityDashboard", () => {
  it("counts 甲's tasks by state and 督办 colour (rolled-up progress), and lists the overdue, most overdue first", async () => {
    const d = await dashboardOf();
    expect(d.asOf).toBe("2026-12-05");
    expect(d.month).toBe("2026-12");
    expect(d.months).toEqual(["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]);
    expect(d.tasks).toEqual({
      total: 9,
      byState: { not_started: 1, in_progress: 4, pending_acceptance: 0, done: 3, cancelled: 1 },
      byColour: { blue: 1, yellow: 1, red: 1 },
      overdue: 2,
      supervised: 0,
      completionPercent: 37.5,
    });
    expect(d.overdueTotal).toBe(2);
    expect(
      d.overdueTasks.map((t) => [t.title, t.daysOverdue, t.colour, t.assigneeName, t.communityName]),
    ).toEqual([
      ["楼道清理", 15, "red", "张伟", "甲社区"],
      ["宣传栏更新", 2, "yellow", null, "甲社区"],
    ]);
  });

  it("colours as the task screens do: the 街道's thresholds, and a 督办单 not cleared raises the colour", async () => {
    const soon = await db
      .selectFrom("task")
      .select("id")
      .where("title", "=", "临期任务")
      .executeTakeFirstOrThrow();
    const supervision = await db
      .insertInto("task_supervision")
      .values({
        task_id: soon.id,
        unit_id: fx.tree.street,
        issued_by: fx.people.street,
        colour: "red",
        note: "进度滞后",
        reply_by: "2026-12-06",
        state: "open",
        created_at: NOW.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const raised = await dashboardOf();
    expect(raised.tasks).toMatchObject({ byColour: { blue: 0, yellow: 1, red: 2 }, supervised: 1 });
    // Cleared (销号): off the dashboard. The 街道's own thresholds: 红 only beyond 20 days overdue.
    await db
      .updateTable("task_supervision")
      .set({ state: "cleared" })
      .where("id", "=", supervision.id)
      .execute();
    await db
      .insertInto("supervision_setting")
      .values({
        street_id: fx.tree.street,
        blue_days: 3,
        red_after_days: 20,
        pace_gap: 30,
        updated_by: null,
        updated_at: NOW.toISOString(),
      })
      .execute();
    const own = await dashboardOf();
    expect(own.tasks).toMatchObject({ byColour: { blue: 1, yellow: 2, red: 0 }, supervised: 0 });
  });

  it("counts problems by China month: opened, closed, on time, overdue today and the median days to close", async () => {
    const d = await dashboardOf();
    expect(d.problems).toMatchObject({
      opened: 2,
      closed: 2,
      closedOnTime: 1,
      onTimePercent: 50,
      overdue: 1,
      medianDaysToClose: 3.8,
    });
    expect(d.problems.months.slice(-3)).toEqual([
      { month: "2026-10", opened: 1, closed: 1 },
      { month: "2026-11", opened: 1, closed: 0 },
      { month: "2026-12", opened: 2, closed: 2 },
    ]);
    // November asked for: its trend ends there, and nothing closed in it.
    const nov = await dashboardOf(fx.people.adminA, { month: "2026-11" });
    expect(nov.problems).toMatchObject({
      opened: 1,
      closed: 0,
      onTimePercent: null,
      medianDaysToClose: null,
      overdue: 1,
    });
    expect(nov.months.at(-1)).toBe("2026-11");
  });

  it("gives volunteers against the target, activities and hours per month, and this month's 道德讲堂", async () => {
    const d = await dashboardOf();
    expect(d.volunteers).toEqual({
      registered: 2,
      population: 3000,
      ratioPercent: 0.07,
      targetPercent: 0.5,
      reached: false,
    });
    expect(d.activities.slice(-2)).toEqual([
      { month: "2026-11", activities: 1, hours: 0 },
      { month: "2026-12", activities: 3, hours: 1.5 },
    ]);
    expect(d.lectures).toEqual({ held: 1, planned: 2, target: 2 });
  });

  it("gives readiness by 测评项目 as the campaign's own readiness has it", async () => {
    const d = await dashboardOf();
    const own = await campaignReadiness(db, await sessionFor(db, fx.people.adminA), { campaignId }, NOW);
    const mine = own.communities.find((c) => c.id === fx.tree.a.community)!;
    expect(d.readiness.campaign).toEqual({ id: campaignId, name: "2026年创建全国文明城市" });
    expect(d.readiness.items).toBeGreaterThan(0);
    expect(d.readiness).toMatchObject({
      items: mine.items,
      complete: mine.complete,
      partial: mine.partial,
      missing: mine.missing,
    });
    expect(d.readiness.projects.map((p) => [p.project, p.items, p.complete])).toEqual(
      mine.projects.map((p) => [p.project, p.items, p.complete]),
    );
  });

  it("is for 甲's staff and those above; refused for 乙's admin, and for a unit that is not a 社区", async () => {
    const { people, tree } = fx;
    const worker = await dashboardOf(people.workerA);
    expect(worker.tasks.total).toBe(9);
    const street = await dashboardOf(people.street);
    expect(street.tasks.total).toBe(9);
    for (const who of [people.adminB, people.workerB]) {
      await expect(dashboardOf(who)).rejects.toMatchObject({ kind: "forbidden" });
    }
    await expect(dashboardOf(people.street, { communityId: tree.a.grid })).rejects.toMatchObject({
      kind: "invalid",
    });
  });
});

describe("streetDashboard", () => {
  it("puts each 社区 side by side with the same figures as its own dashboard, and the street's overdue list", async () => {
    const session = await sessionFor(db, fx.people.street);
    const d = await streetDashboard(db, session, {}, NOW);
    expect(d.street).toEqual({ id: fx.tree.street, name: "测试街道" });
    expect(d.communities.map((c) => c.name)).toEqual(["甲社区", "乙社区"]);
    const a = await dashboardOf(fx.people.street);
    const { asOf: _a, month: _m, months: _ms, overdueTasks: _o, overdueTotal: _t, ...figures } = a;
    expect(d.communities[0]).toEqual(figures);
    const b = d.communities[1]!;
    expect(b.tasks).toMatchObject({
      total: 1,
      overdue: 1,
      byColour: { blue: 0, yellow: 1, red: 0 },
      completionPercent: 0,
    });
    expect(b.problems).toMatchObject({ opened: 0, overdue: 1 });
    expect(b.volunteers).toMatchObject({ registered: 0, targetPercent: 10 });
    expect(d.overdueTotal).toBe(3);
    expect(d.overdueTasks.map((t) => [t.communityName, t.daysOverdue])).toEqual([
      ["甲社区", 15],
      ["甲社区", 2],
      ["乙社区", 1],
    ]);
  });

  it("is for the street's staff only", async () => {
    const { people, tree } = fx;
    for (const who of [people.adminA, people.workerA]) {
      await expect(
        streetDashboard(db, await sessionFor(db, who), { streetId: tree.street }, NOW),
      ).rejects.toMatchObject({ kind: "forbidden" });
      await expect(streetDashboard(db, await sessionFor(db, who), {}, NOW)).rejects.toMatchObject({
        kind: "forbidden",
      });
    }
    await expect(
      streetDashboard(db, await sessionFor(db, people.street), { streetId: tree.a.community }, NOW),
    ).rejects.toMatchObject({ kind: "invalid" });
  });
});

describe("the router", () => {
  it("refuses residents, and a month not shaped YYYY-MM in Chinese", async () => {
    const resident = await callerFor(db, fx.people.resident);
    expect(
      (await trpcErrorOf(resident.report.communityDashboard({ communityId: fx.tree.a.community }))).code,
    ).toBe("FORBIDDEN");
    const admin = await callerFor(db, fx.people.adminA);
    const bad = await trpcErrorOf(
      admin.report.communityDashboard({ communityId: fx.tree.a.community, month: "2026-13" }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toContain("月份格式应为 2026-12");
    const ok = await admin.report.communityDashboard({ communityId: fx.tree.a.community });
    expect(ok.name).toBe("甲社区");
  });

  it("counts the trend's months across a year's end", () => {
    expect(monthsEndingWith("2027-02", 6)).toEqual([
      "2026-09",
      "2026-10",
      "2026-11",
      "2026-12",
      "2027-01",
      "2027-02",
    ]);
  });
});
