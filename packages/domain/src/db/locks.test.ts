import { afterEach, beforeEach, expect, it } from "vitest";
import { sql, type Kysely } from "kysely";
import type { Database } from "./database.js";
import { whileHoldingLock } from "./locks.js";
import { createTestDb, testDatabaseKind } from "../testing/index.js";

// whileHoldingLock: servers starting together on one PostgreSQL database take turns (main.ts). Two
// holders in one process stand for two processes here: each holds its own pooled connection.
// apps/server/browser/two-servers.browser.test.ts starts two real servers at once.

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});
afterEach(() => db.destroy());

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

it.runIf(testDatabaseKind === "postgres")(
  "lets one holder of a lock run at a time, then the next",
  async () => {
    const steps: string[] = [];
    const holder = (name: string) =>
      whileHoldingLock(db, "locks-test", async () => {
        steps.push(`${name} in`);
        await pause(100);
        steps.push(`${name} out`);
        return name;
      });
    expect(await Promise.all([holder("first"), holder("second")])).toEqual(["first", "second"]);
    // Whichever got the lock first, the other came in only after it left.
    expect([
      ["first in", "first out", "second in", "second out"],
      ["second in", "second out", "first in", "first out"],
    ]).toContainEqual(steps);
  },
);

it("releases the lock when the work fails, and passes the error on", async () => {
  await expect(
    whileHoldingLock(db, "locks-test", () => Promise.reject(new Error("migration failed"))),
  ).rejects.toThrow("migration failed");
  expect(await whileHoldingLock(db, "locks-test", async () => "again")).toBe("again");
  if (testDatabaseKind === "postgres") {
    // Not merely re-entered by the same pooled connection: no advisory lock is left held.
    const held = await sql<{
      n: number;
    }>`select count(*) as n from pg_locks where locktype = 'advisory'`.execute(db);
    expect(held.rows[0]?.n).toBe(0);
  }
});
