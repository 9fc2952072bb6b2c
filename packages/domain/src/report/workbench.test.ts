import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import {
  callerFor,
  createTestDb,
  makeActivity,
  makeOrgTree,
  makeSignup,
  makeUser,
  makeVolunteer,
  sessionFor,
  trpcErrorOf,
} from "../testing/index.js";
import { workbench } from "./workbench.js";

// The 工作台's figures, each in the caller's own units: 待审核 registrations, today's activities (Beijing
// day) and hours waiting for confirmation.

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
// Saturday 2026-12-05, 10:00 in Beijing.
const NOW = new Date("2026-12-05T02:00:00.000Z");
const at = (iso: string) => new Date(iso).toISOString();

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  for (const c of [tree.a, tree.b]) {
    await makeVolunteer(db, { courtyardId: c.courtyard, status: "pending" });
    await makeVolunteer(db, { courtyardId: c.courtyard, status: "registered" });
  }
  await makeVolunteer(db, { courtyardId: tree.a.courtyard, status: "pending" });
});

async function figures(userId: number) {
  return workbench(db, await sessionFor(db, userId), NOW);
}

describe("workbench", () => {
  it("counts a community admin's 待审核, today's activities and pending hours, of their 社区 only", async () => {
    const admin = (await makeUser(db, { role: "community_admin", unitId: tree.a.community })).id;
    // Today in Beijing: 00:30 (the day before in UTC) and 09:00–11:00; one yesterday, one tomorrow, one cancelled, one in 社区 B.
    const early = await makeActivity(db, {
      communityId: tree.a.community,
      title: "晨练",
      startsAt: at("2026-12-04T16:30:00Z"),
      endsAt: at("2026-12-04T17:30:00Z"),
    });
    const morning = await makeActivity(db, {
      communityId: tree.a.community,
      title: "清理楼道小广告",
      startsAt: at("2026-12-05T01:00:00Z"),
      endsAt: at("2026-12-05T03:00:00Z"),
    });
    const yesterday = await makeActivity(db, {
      communityId: tree.a.community,
      title: "昨天的",
      startsAt: at("2026-12-04T01:00:00Z"),
      endsAt: at("2026-12-04T03:00:00Z"),
    });
    await makeActivity(db, {
      communityId: tree.a.community,
      title: "明天的",
      startsAt: at("2026-12-05T16:00:00Z"),
      endsAt: at("2026-12-05T18:00:00Z"),
    });
    const called = await makeActivity(db, {
      communityId: tree.a.community,
      title: "取消的",
      startsAt: at("2026-12-05T05:00:00Z"),
      endsAt: at("2026-12-05T06:00:00Z"),
    });
    await db.updateTable("activity").set({ status: "cancelled" }).where("id", "=", called).execute();
    const inB = await makeActivity(db, {
      communityId: tree.b.community,
      title: "乙社区的",
      startsAt: at("2026-12-05T01:00:00Z"),
      endsAt: at("2026-12-05T03:00:00Z"),
    });

    const people = await Promise.all(
      [1, 2, 3].map(() => makeVolunteer(db, { courtyardId: tree.a.courtyard })),
    );
    await makeSignup(db, {
      activityId: morning,
      volunteerId: people[0]!.id,
      checkInAt: at("2026-12-05T01:00:00Z"),
    });
    await makeSignup(db, { activityId: morning, volunteerId: people[1]!.id });
    // Checked out, waiting for confirmation: two yesterday, one this morning; one in 社区 B.
    const done = {
      checkInAt: at("2026-12-04T01:00:00Z"),
      checkOutAt: at("2026-12-04T03:00:00Z"),
      minutes: 120,
    };
    await makeSignup(db, { activityId: yesterday, volunteerId: people[0]!.id, ...done });
    await makeSignup(db, { activityId: yesterday, volunteerId: people[1]!.id, ...done });
    await makeSignup(db, { activityId: early, volunteerId: people[2]!.id, ...done });
    const b = await makeVolunteer(db, { courtyardId: tree.b.courtyard });
    await makeSignup(db, { activityId: inB, volunteerId: b.id, ...done });

    const w = await figures(admin);
    expect(w.date).toBe("2026-12-05");
    expect(w.pendingReview).toBe(2);
    expect(w.today.map((a) => [a.title, a.signedCount, a.checkedIn])).toEqual([
      ["晨练", 1, 1],
      ["清理楼道小广告", 2, 1],
    ]);
    expect(w.pendingHours).toEqual({
      total: 3,
      activities: [
        { id: early, title: "晨练", startsAt: at("2026-12-04T16:30:00Z"), count: 1 },
        { id: yesterday, title: "昨天的", startsAt: at("2026-12-04T01:00:00Z"), count: 2 },
      ],
    });
  });

  it("adds up the 社区 under a street admin", async () => {
    const street = (await makeUser(db, { role: "street_admin", unitId: tree.street })).id;
    expect((await figures(street)).pendingReview).toBe(3);
  });

  it("gives a grid worker today's activities to check people in at, without reviews or hours", async () => {
    const worker = (await makeUser(db, { role: "grid_worker", unitId: tree.a.grid })).id;
    await makeActivity(db, {
      communityId: tree.a.community,
      title: "清理楼道小广告",
      startsAt: at("2026-12-05T01:00:00Z"),
      endsAt: at("2026-12-05T03:00:00Z"),
    });
    await makeActivity(db, {
      communityId: tree.b.community,
      title: "乙社区的",
      startsAt: at("2026-12-05T01:00:00Z"),
      endsAt: at("2026-12-05T03:00:00Z"),
    });
    const w = await figures(worker);
    expect(w).toMatchObject({ pendingReview: null, pendingHours: null });
    expect(w.today.map((a) => a.title)).toEqual(["清理楼道小广告"]);
  });

  it("is for staff only", async () => {
    const resident = (
      await makeUser(db, { role: "resident", unitId: tree.a.community, communityId: tree.a.community })
    ).id;
    expect((await trpcErrorOf((await callerFor(db, resident)).report.workbench())).code).toBe("FORBIDDEN");
    const admin = (await makeUser(db, { role: "community_admin", unitId: tree.a.community })).id;
    expect((await (await callerFor(db, admin)).report.workbench()).pendingReview).toBe(2);
  });
});
