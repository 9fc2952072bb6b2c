import { afterEach, beforeEach, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { Database } from "./db/database.js";
import { createAggregateCache } from "./aggregate-cache.js";
import { migrateToLatest } from "./db/migrate.js";
import {
  callerFor,
  createTestDb,
  makeOrgTree,
  makeUser,
  makeVolunteer,
  trpcErrorOf,
} from "./testing/index.js";
import { campaignPeople, periodFrom } from "./campaign/test-fixture.js";
import { problemFixture } from "./problem/test-fixture.js";
import { taskWorld } from "./task/test-fixture.js";
import { dialectOf, openDatabase } from "./db/open-database.js";

// Heavy aggregates kept a few seconds: a viewer's own change shows on their next request, others'
// within the time to live; viewers asking at once share one computation; a failure is not kept.

function counter() {
  let n = 0;
  return { compute: async () => ++n, count: () => n };
}

it("keeps an answer for its time to live, then computes again", async () => {
  let t = 0;
  const cache = createAggregateCache({ ttlMs: 1000, now: () => t });
  const c = counter();
  expect(await cache.get("k", 1, c.compute)).toBe(1);
  t = 600;
  expect(await cache.get("k", null, c.compute)).toBe(1);
  t = 1000;
  expect(await cache.get("k", 1, c.compute)).toBe(2);
  expect(cache.stats()).toMatchObject({ hits: 1, misses: 2 });
});

it("computes a kept answer again ahead of its expiry while serving it, and never serves one past its time", async () => {
  let t = 0;
  const cache = createAggregateCache({ ttlMs: 1000, now: () => t });
  let runs = 0;
  let release = () => {};
  const compute = () => {
    runs++;
    return new Promise<number>((resolve) => (release = () => resolve(runs)));
  };
  const first = cache.get("k", 1, compute);
  release();
  expect(await first).toBe(1);
  t = 800; // past 70 % of its life: served at once, and computed again meanwhile
  expect(await cache.get("k", 2, compute)).toBe(1);
  expect(runs).toBe(2);
  expect(await cache.get("k", 3, compute)).toBe(1);
  expect(runs).toBe(2); // one refresh at a time
  release();
  await Promise.resolve();
  t = 1400; // the first answer has expired; the refreshed one (begun at 800) has not
  expect(await cache.get("k", 1, compute)).toBe(2);
  expect(runs).toBe(2);
  // A viewer who wrote after the refresh began is not served it.
  t = 1600;
  cache.noteWrite(1);
  const own = cache.get("k", 1, compute);
  release();
  expect(await own).toBe(3);
});

it("keeps serving an answer whose refresh failed, until it expires", async () => {
  let t = 0;
  const cache = createAggregateCache({ ttlMs: 1000, now: () => t });
  let fail = false;
  let runs = 0;
  const compute = async () => {
    runs++;
    if (fail) throw new Error("boom");
    return runs;
  };
  expect(await cache.get("k", 1, compute)).toBe(1);
  fail = true;
  t = 900;
  expect(await cache.get("k", 1, compute)).toBe(1);
  await new Promise((r) => setTimeout(r, 0));
  expect(await cache.get("k", 1, compute)).toBe(1);
  fail = false;
  t = 1000;
  expect(await cache.get("k", 1, compute)).toBe(4);
});

it("computes afresh for a viewer who changed something since, and serves that answer to the others", async () => {
  const cache = createAggregateCache({ ttlMs: 1000, now: () => 0 });
  const c = counter();
  expect(await cache.get("k", 1, c.compute)).toBe(1);
  cache.noteWrite(2);
  expect(await cache.get("k", 1, c.compute)).toBe(1);
  expect(await cache.get("k", null, c.compute)).toBe(1);
  expect(await cache.get("k", 2, c.compute)).toBe(2);
  // Computed after 2's write: fresh for 2 and for everyone else.
  expect(await cache.get("k", 2, c.compute)).toBe(2);
  expect(await cache.get("k", 1, c.compute)).toBe(2);
});

it("does not serve a viewer an answer whose computation began before their write ended", async () => {
  const cache = createAggregateCache({ ttlMs: 1000, now: () => 0 });
  let release!: () => void;
  const slow = new Promise<number>((resolve) => (release = () => resolve(1)));
  const first = cache.get("k", 1, () => slow);
  cache.noteWrite(1);
  release();
  expect(await first).toBe(1);
  expect(await cache.get("k", 1, async () => 2)).toBe(2);
});

it("shares one computation among viewers asking at once, and keeps no failure", async () => {
  const cache = createAggregateCache({ ttlMs: 1000, now: () => 0 });
  let runs = 0;
  let fail = true;
  const compute = async () => {
    runs++;
    await new Promise((r) => setTimeout(r, 5));
    if (fail) throw new Error("boom");
    return runs;
  };
  const both = await Promise.allSettled([cache.get("k", 1, compute), cache.get("k", 2, compute)]);
  expect(both.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  expect(runs).toBe(1);
  fail = false;
  expect(await cache.get("k", 1, compute)).toBe(2);
});

// Through the procedures: an admin's own change shows on their very next request.
let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});
afterEach(() => db.destroy());

it("shows a 社区 admin's new target and a new volunteer on their next volunteer.ratio", async () => {
  const tree = await makeOrgTree(db);
  const admin = await makeUser(db, { role: "community_admin", unitId: tree.a.community });
  const aggregates = createAggregateCache({ ttlMs: 60_000 });
  const as = await callerFor(db, admin.id, undefined, { aggregates });
  const first = await as.volunteer.ratio({ communityId: tree.a.community });
  expect(await as.volunteer.ratio({ communityId: tree.a.community })).toEqual(first);
  // Another's change (a volunteer added behind the cache) waits for the time to live …
  await makeVolunteer(db, { courtyardId: tree.a.courtyard });
  expect((await as.volunteer.ratio({ communityId: tree.a.community })).registered).toBe(first.registered);
  // … the admin's own change shows at once, and so does everything else computed since.
  await as.volunteer.setTarget({ communityId: tree.a.community, targetPermille: 123 });
  const after = await as.volunteer.ratio({ communityId: tree.a.community });
  expect(after.targetPercent).toBe(12.3);
  expect(after.registered).toBe(first.registered + 1);
});

it("never answers a caller from what was kept for roles they no longer hold", async () => {
  const tree = await makeOrgTree(db);
  const admin = await makeUser(db, { role: "community_admin", unitId: tree.a.community });
  const street = await makeUser(db, { role: "street_admin", unitId: tree.street });
  const aggregates = createAggregateCache({ ttlMs: 60_000 });
  const as = await callerFor(db, admin.id, undefined, { aggregates });
  await as.volunteer.ratio({ communityId: tree.a.community });
  const grant = await db
    .selectFrom("role_grant")
    .select("id")
    .where("user_id", "=", admin.id)
    .executeTakeFirstOrThrow();
  await (await callerFor(db, street.id)).auth.users.revokeRole({ grantId: grant.id });
  const revoked = await callerFor(db, admin.id, undefined, { aggregates });
  await expect(revoked.volunteer.ratio({ communityId: tree.a.community })).rejects.toThrow();
});

it("shows anyone a unit renamed by an admin on the next publicTree, and keeps it while nothing changes", async () => {
  // SQLite: public aggregates follow the write version of their tables, not the time to live.
  const sqlite = openDatabase(":memory:");
  try {
    await migrateToLatest(sqlite);
    const tree = await makeOrgTree(sqlite);
    const aggregates = createAggregateCache({ ttlMs: 60_000 });
    const visitor = await callerFor(sqlite, null, undefined, { aggregates });
    const before = await visitor.org.publicTree();
    expect(await visitor.org.publicTree()).toEqual(before);
    expect(aggregates.stats().hits).toBe(1);
    await sqlite
      .updateTable("org_unit")
      .set({ name: "新名社区" })
      .where("id", "=", tree.a.community)
      .execute();
    const after = await visitor.org.publicTree();
    expect(after.find((u) => u.id === tree.a.community)?.name).toBe("新名社区");
  } finally {
    await sqlite.destroy();
  }
});

it("shows a problem filed, dispatched or renamed by others on anyone's next problem.list, and keeps the list while nothing changes", async () => {
  // SQLite: the list is kept per caller while none of the tables it reads was written.
  const sqlite = openDatabase(":memory:");
  await migrateToLatest(sqlite);
  const fx = await problemFixture(sqlite);
  try {
    const aggregates = createAggregateCache({ ttlMs: 60_000 });
    const admin = await callerFor(sqlite, fx.people.admin, undefined, { aggregates });
    const street = await callerFor(sqlite, fx.people.street, undefined, { aggregates });
    const page = { page: 1, pageSize: 20 };
    expect((await admin.problem.list(page)).total).toBe(0);
    expect((await admin.problem.list(page)).total).toBe(0);
    expect(aggregates.stats()).toMatchObject({ hits: 1, misses: 1 });

    // A resident's 随手拍, through a caller without the cache: the admin's next list has it.
    const id = await fx.reported();
    const listed = await admin.problem.list(page);
    expect(listed.total).toBe(1);
    expect(listed.counts.pending).toBe(1);
    // Another admin of the 社区 dispatches it: the street admin, who never asked before, and the
    // first admin both see 整改中 at once.
    const other = await fx.as(fx.people.admin2);
    await other.problem.dispatch({ id, version: listed.items[0]!.version, assigneeId: fx.people.worker });
    expect((await street.problem.list(page)).items[0]).toMatchObject({
      state: "rectifying",
      assigneeName: "张伟",
    });
    expect((await admin.problem.list(page)).counts).toMatchObject({ pending: 0, rectifying: 1 });
    // The 责任人's name changed behind the procedures (another table the list reads): shown at once.
    await sqlite.updateTable("user").set({ name: "张伟伟" }).where("id", "=", fx.people.worker).execute();
    expect((await admin.problem.list(page)).items[0]?.assigneeName).toBe("张伟伟");
    // And another filter is another answer, not the kept one.
    expect((await admin.problem.list({ ...page, state: "pending" })).total).toBe(0);
  } finally {
    fx.cleanup();
    await sqlite.destroy();
  }
});

it("keeps a campaign's task tree per caller while nothing it reads is written, and shows a rename at once", async () => {
  const world = await taskWorld();
  try {
    const { fx, campaignId } = world;
    const ids = await world.splitDown();
    const aggregates = createAggregateCache({ ttlMs: 60_000 });
    const street = await callerFor(world.db, fx.people.street, undefined, { aggregates });
    const first = await street.task.tree({ campaignId });
    const again = await street.task.tree({ campaignId });
    // Kept on SQLite (the write watch); PostgreSQL has none and computes every time.
    if (dialectOf(world.db) === "sqlite") expect(again).toBe(first);
    else expect(again).toEqual(first);
    await world.db
      .updateTable("task")
      .set({ title: "一号院楼道清理（复查）" })
      .where("id", "=", ids.grid)
      .execute();
    await world.db.updateTable("user").set({ name: "张伟伟" }).where("id", "=", fx.people.workerA).execute();
    const grid = (await street.task.tree({ campaignId })).tasks.find((t) => t.id === ids.grid);
    expect(grid).toMatchObject({ title: "一号院楼道清理（复查）", assignee: { name: "张伟伟" } });
  } finally {
    await world.db.destroy();
  }
});

it("shares a street's 数据看板 among all who may read it, checks every caller, and shows a viewer's own change", async () => {
  const tree = await makeOrgTree(db);
  const one = await makeUser(db, { role: "street_admin", unitId: tree.street });
  const two = await makeUser(db, { role: "street_admin", unitId: tree.street });
  const outsider = await makeUser(db, { role: "community_admin", unitId: tree.a.community });
  const aggregates = createAggregateCache({ ttlMs: 60_000 });
  const a = await callerFor(db, one.id, undefined, { aggregates });
  const b = await callerFor(db, two.id, undefined, { aggregates });
  const first = await a.report.streetDashboard({ streetId: tree.street });
  // The second admin gets the answer already computed: one computation for the street.
  expect(await b.report.streetDashboard({ streetId: tree.street })).toBe(first);
  expect(await b.report.streetDashboard({})).toBe(first);
  // Kept or not, a caller who may not read the street is refused.
  const refused = await trpcErrorOf(
    (await callerFor(db, outsider.id, undefined, { aggregates })).report.streetDashboard({
      streetId: tree.street,
    }),
  );
  expect(refused.code).toBe("FORBIDDEN");
  // B's own change: B's next dashboard is computed afresh and shows it.
  await b.volunteer.setTarget({ communityId: tree.a.community, targetPermille: 123 });
  const after = await b.report.streetDashboard({ streetId: tree.street });
  expect(after).not.toBe(first);
  expect(after.communities.find((c) => c.id === tree.a.community)!.volunteers.targetPercent).toBe(12.3);
});

it("shares a campaign's readiness only among callers who read the same 社区", async () => {
  const fx = await campaignPeople(db);
  const aggregates = createAggregateCache({ ttlMs: 60_000 });
  const as = (userId: number) => callerFor(db, userId, undefined, { aggregates });
  const { periodStart, periodEnd } = periodFrom(3);
  const { id } = await (
    await as(fx.people.street)
  ).campaign.create({
    name: "2027年创建全国文明城市",
    kind: "national_civilized_city",
    periodStart,
    periodEnd,
    scopeUnitId: fx.tree.street,
  });
  const street = await (await as(fx.people.street)).campaign.readiness({ campaignId: id });
  expect(street.communities.map((c) => c.name)).toEqual(["甲社区", "乙社区"]);
  const adminA = await (await as(fx.people.adminA)).campaign.readiness({ campaignId: id });
  expect(adminA.communities.map((c) => c.name)).toEqual(["甲社区"]);
  // 甲社区's grid worker reads what its admin reads: the same answer, not the street's.
  expect(await (await as(fx.people.workerA)).campaign.readiness({ campaignId: id })).toBe(adminA);
  const adminB = await (await as(fx.people.adminB)).campaign.readiness({ campaignId: id });
  expect(adminB.communities.map((c) => c.name)).toEqual(["乙社区"]);
});
