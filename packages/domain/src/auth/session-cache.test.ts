import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import { openDatabase } from "../db/open-database.js";
import { migrateToLatest } from "../db/migrate.js";
import { createSession, resolveSession } from "./session-service.js";
import { countDataVersionReads } from "../testing/data-version-reads.js";
import {
  callerForToken,
  FACTORY_PASSWORD,
  makeOrgTree,
  makeUser,
  recordingCookies,
} from "../testing/index.js";

// The session cache (session-cache.ts): a request whose session is unchanged is answered without the
// database; a logout, a revoked role, a changed password or a renamed unit take effect on the very
// next request. SQLite only (PostgreSQL asks the database every time), so the database is opened
// here with a query counter rather than through createTestDb.

let db: Kysely<Database>;
let queries: number;

beforeEach(async () => {
  queries = 0;
  db = openDatabase(":memory:", { onQuery: () => queries++ });
  await migrateToLatest(db);
});
afterEach(() => db.destroy());

async function staffWithToken() {
  const tree = await makeOrgTree(db);
  const admin = await makeUser(db, { role: "street_admin", unitId: tree.street });
  const worker = await makeUser(db, { role: "community_admin", unitId: tree.a.community });
  const { token } = await createSession(db, worker.id);
  return { tree, admin, worker, token };
}

it("answers an unchanged session from the cache, without a query", async () => {
  const { token } = await staffWithToken();
  const first = await resolveSession(db, token);
  const before = queries;
  const second = await resolveSession(db, token);
  expect(queries).toBe(before);
  expect(second).toEqual(first);
  expect(Object.isFrozen(second!.user)).toBe(true);
});

it("ends the session on the very next request after logout", async () => {
  const { token } = await staffWithToken();
  expect(await resolveSession(db, token)).not.toBeNull();
  const cookies = recordingCookies();
  await (await callerForToken(db, token, cookies)).auth.logout();
  expect(await resolveSession(db, token)).toBeNull();
});

it("drops a revoked role on the very next request", async () => {
  const { admin, worker, token } = await staffWithToken();
  const grants = (await resolveSession(db, token))!.grants;
  expect(grants.map((g) => g.role)).toEqual(["community_admin"]);
  const adminToken = (await createSession(db, admin.id)).token;
  await (await callerForToken(db, adminToken)).auth.users.revokeRole({ grantId: grants[0]!.id });
  const after = await resolveSession(db, token);
  expect(after?.user.id).toBe(worker.id);
  expect(after?.grants).toEqual([]);
});

it("ends the other sessions on the very next request after a password change", async () => {
  const { worker, token } = await staffWithToken();
  const phone = (await createSession(db, worker.id)).token;
  expect(await resolveSession(db, phone)).not.toBeNull();
  await (
    await callerForToken(db, token)
  ).auth.changePassword({
    oldPassword: FACTORY_PASSWORD,
    newPassword: "a-new-Password-2026",
  });
  expect(await resolveSession(db, phone)).toBeNull();
});

it("shows a renamed unit on the very next request", async () => {
  const { tree, token } = await staffWithToken();
  expect((await resolveSession(db, token))!.grants[0]!.unitName).not.toBe("更名社区");
  await db.updateTable("org_unit").set({ name: "更名社区" }).where("id", "=", tree.a.community).execute();
  expect((await resolveSession(db, token))!.grants[0]!.unitName).toBe("更名社区");
});

it("asks the database again once the sliding renewal is due, and renews it", async () => {
  const { token } = await staffWithToken();
  const now = new Date();
  await resolveSession(db, token, now);
  const later = new Date(now.getTime() + 2 * 60 * 60 * 1000);
  const before = queries;
  expect(await resolveSession(db, token, later)).not.toBeNull();
  expect(queries).toBeGreaterThan(before);
  const row = await db.selectFrom("session").select("last_seen_at").executeTakeFirstOrThrow();
  expect(row.last_seen_at).toBe(later.toISOString());
});

it("answers auth.me with the same object while the session is unchanged, and shows 关怀模式 switched on at once", async () => {
  const { token } = await staffWithToken();
  const me = async () => (await callerForToken(db, token)).auth.me();
  const first = await me();
  expect(await me()).toBe(first);
  expect(first.careMode).not.toBe(true);
  await (await callerForToken(db, token)).auth.setCareMode({ on: true });
  const after = await me();
  expect(after.careMode).toBe(true);
  expect(await me()).toBe(after);
});

it("ends a session deleted by another process on the file on the very next request", async () => {
  // Another connection is another process to SQLite: data_version is what tells this one.
  const dir = mkdtempSync(join(tmpdir(), "cc-session-cache-"));
  const here = openDatabase(join(dir, "cc.db"));
  const there = openDatabase(join(dir, "cc.db"));
  try {
    await migrateToLatest(here);
    const tree = await makeOrgTree(here);
    const worker = await makeUser(here, { role: "community_admin", unitId: tree.a.community });
    const { token } = await createSession(here, worker.id);
    const first = await resolveSession(here, token);
    expect(await resolveSession(here, token)).toBe(first);
    await there.deleteFrom("session").execute();
    expect(await resolveSession(here, token)).toBeNull();
  } finally {
    await here.destroy();
    await there.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});

it("reads data_version once for requests that arrive together, and afresh for the next ones", async () => {
  const { token } = await staffWithToken();
  await resolveSession(db, token);
  const reads = countDataVersionReads();
  try {
    const together = await Promise.all(Array.from({ length: 5 }, () => resolveSession(db, token)));
    expect(together.every((s) => s !== null && s === together[0])).toBe(true);
    expect(reads.count).toBe(1);
    await resolveSession(db, token);
    expect(reads.count).toBe(2);
  } finally {
    reads.restore();
  }
});
