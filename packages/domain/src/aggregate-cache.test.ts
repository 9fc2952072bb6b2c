import { afterEach, beforeEach, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { Database } from "./db/database.js";
import type { AuthSession } from "./context.js";
import { createAggregateCache } from "./aggregate-cache.js";
import { callerFor, createTestDb, makeOrgTree, makeUser, makeVolunteer } from "./testing/index.js";

// Heavy aggregates kept a few seconds per caller: the caller's own change shows on their next request,
// others' within the time to live; a revoked role never reuses an answer; a failure is not kept.

const session = (userId: number, grants: Array<[string, number]> = [["street_admin", 1]]) =>
  ({
    sessionId: 1,
    user: { id: userId },
    grants: grants.map(([role, unit], i) => ({ id: i + 1, role, orgUnitId: unit, unitName: "" })),
  }) as unknown as AuthSession;

function counter() {
  let n = 0;
  return { compute: async () => ++n, count: () => n };
}

it("keeps an answer for its time to live, then computes again", async () => {
  let t = 0;
  const cache = createAggregateCache({ ttlMs: 1000, now: () => t });
  const c = counter();
  expect(await cache.get("k", session(1), c.compute)).toBe(1);
  t = 999;
  expect(await cache.get("k", session(1), c.compute)).toBe(1);
  t = 1000;
  expect(await cache.get("k", session(1), c.compute)).toBe(2);
  expect(cache.stats()).toMatchObject({ hits: 1, misses: 2 });
});

it("computes afresh for a caller who changed something, not for the others", async () => {
  const t = 0;
  const cache = createAggregateCache({ ttlMs: 1000, now: () => t });
  const c = counter();
  await cache.get("k", session(1), c.compute);
  await cache.get("k", session(2), c.compute);
  cache.noteWrite(2);
  expect(await cache.get("k", session(1), c.compute)).toBe(1);
  expect(await cache.get("k", session(2), c.compute)).toBe(3);
});

it("never answers a caller whose roles changed from what was kept for the old roles", async () => {
  const cache = createAggregateCache({ ttlMs: 1000, now: () => 0 });
  const c = counter();
  await cache.get("k", session(1, [["street_admin", 1]]), c.compute);
  expect(await cache.get("k", session(1, []), c.compute)).toBe(2);
  expect(await cache.get("k", session(1, [["community_admin", 5]]), c.compute)).toBe(3);
});

it("shares one computation among callers asking at once, and keeps no failure", async () => {
  const cache = createAggregateCache({ ttlMs: 1000, now: () => 0 });
  let runs = 0;
  let fail = true;
  const compute = async () => {
    runs++;
    await new Promise((r) => setTimeout(r, 5));
    if (fail) throw new Error("boom");
    return runs;
  };
  const both = await Promise.allSettled([
    cache.get("k", session(1), compute),
    cache.get("k", session(1), compute),
  ]);
  expect(both.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  expect(runs).toBe(1);
  fail = false;
  expect(await cache.get("k", session(1), compute)).toBe(2);
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
