import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrateToLatest, openDatabase, ping, type Database } from "@chuangcheng/domain";
import {
  callerFor,
  makeActivity,
  makeOrgTree,
  makeUser,
  makeVolunteer,
  TEST_KEYS,
} from "@chuangcheng/domain/testing";
import { createSqliteReaders, type SqliteReaderPool } from "./sqlite-readers.js";
import { buildServer } from "./server.js";

// The read-only SQLite connections on worker threads (DB_READERS): reads outside a transaction run
// there, and the rules that depend on the one writer still hold — the capacity race above all.

let dir: string;
let readers: SqliteReaderPool;
let db: Kysely<Database>;
let served: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cc-readers-"));
  const file = join(dir, "chuangcheng.db");
  const pool = createSqliteReaders(file, 2);
  served = 0;
  // Counts the reads the threads answer, to see which queries went there.
  readers = {
    ...pool,
    all: (sql, parameters) => {
      served++;
      return pool.all(sql, parameters);
    },
  };
  db = openDatabase(file, { readers });
  await migrateToLatest(db);
});

afterAll(async () => {
  await db?.destroy();
  await readers?.close();
  rmSync(dir, { recursive: true, force: true });
});

it("answers reads on the reader threads with what the writer committed", async () => {
  const before = served;
  const tree = await makeOrgTree(db);
  expect(await ping(db)).toBe(true);
  const units = await db
    .selectFrom("org_unit")
    .select(["id", "name"])
    .where("parent_id", "=", tree.street)
    .orderBy("id")
    .execute();
  expect(units.map((u) => u.name)).toEqual(["甲社区", "乙社区"]);
  expect(served).toBeGreaterThanOrEqual(before + 2);
});

it("gives 20 places to exactly 20 of 200 residents signing up at once", async () => {
  const tree = await makeOrgTree(db);
  const activityId = await makeActivity(db, {
    communityId: tree.a.community,
    startsAt: "2030-05-01T01:00:00.000Z",
    endsAt: "2030-05-01T03:00:00.000Z",
    capacity: 20,
  });
  const callers = [];
  for (let i = 0; i < 200; i++) {
    const user = await makeUser(db, {
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    });
    await makeVolunteer(db, { courtyardId: tree.a.courtyard, userId: user.id });
    callers.push(await callerFor(db, user.id));
  }
  const before = served;
  const results = await Promise.allSettled(callers.map((c) => c.activity.signUp({ activityId })));
  const won = results.filter((r) => r.status === "fulfilled").length;
  const full = results.filter(
    (r) => r.status === "rejected" && (r.reason as Error).message.includes("名额已满"),
  ).length;
  expect({ won, full, other: 200 - won - full }).toEqual({ won: 20, full: 180, other: 0 });
  const row = await db
    .selectFrom("activity")
    .select("signed_count")
    .where("id", "=", activityId)
    .executeTakeFirstOrThrow();
  expect(row.signed_count).toBe(20);
  // The sign-ups' reads ran inside their transactions, on the one connection, not on the readers.
  expect(served).toBeLessThanOrEqual(before + 1);
  expect(readers.stats()).toMatchObject({ size: 2, queued: 0 });
});

it("fails a read the database refuses with its SQLite message, and keeps serving", async () => {
  await expect(readers.all("select * from no_such_table", [])).rejects.toThrow(/no such table/);
  expect(await ping(db)).toBe(true);
});

it("says on /healthz that the readers answer, and how busy they are", async () => {
  const app = await buildServer({ db, keys: TEST_KEYS, logLevel: "silent", readers });
  try {
    const res = await app.inject({ url: "/healthz" });
    expect(res.json()).toMatchObject({
      status: "ok",
      database: true,
      readers: { size: 2, busy: 0, queued: 0 },
    });
  } finally {
    await app.close();
  }
});
