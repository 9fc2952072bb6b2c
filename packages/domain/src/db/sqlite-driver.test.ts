import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { sql, type Kysely } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Database } from "./database.js";
import { migrateToLatest } from "./migrate.js";
import { openDatabase, type Db } from "./open-database.js";
import { writeWatchOf, type SqliteReaders } from "./sqlite-driver.js";
import { openSqliteReader, type SqliteReadConnection } from "./sqlite-reader.js";
import { countDataVersionReads } from "../testing/data-version-reads.js";

// The SQLite driver: reads outside a transaction go to the readers (the server's worker threads; here
// a read-only connection on this thread), writes and transactions take turns on the one connection,
// and the write watch tells caches when a table may have changed.

let dir: string;
let file: string;
let db: Kysely<Database>;
let reader: SqliteReadConnection;
let sent: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "cc-sqlite-driver-"));
  file = join(dir, "test.db");
  sent = [];
  const readers: SqliteReaders = {
    async all(sql, parameters) {
      reader ??= openSqliteReader(file);
      sent.push(sql);
      return reader.all(sql, parameters);
    },
  };
  // Reads that averaged under 50 ms stay here: far above what a loaded CI machine can make of these
  // one-row statements, so the load cannot change a route these tests expect (the default is 1 ms).
  db = openDatabase(file, { readers, inlineReadMs: INLINE_TEST_MS });
  await migrateToLatest(db);
  sent = [];
});

const INLINE_TEST_MS = 50;

afterEach(async () => {
  await db.destroy();
  reader?.close();
  reader = undefined as unknown as SqliteReadConnection;
  rmSync(dir, { recursive: true, force: true });
});

const addStreet = (d: Db, name: string) =>
  d
    .insertInto("org_unit")
    .values({
      kind: "street",
      name,
      parent_id: null,
      households: null,
      population: null,
      created_at: "2026-12-01T00:00:00Z",
    })
    .returning("id")
    .execute();
const streets = (d: Kysely<Database>) =>
  d.selectFrom("org_unit").select("name").where("kind", "=", "street").orderBy("id").execute();

/**
 * A transaction that has written the street `name` and waits, open, until `finish()`; then commits,
 * or with `rollBack` fails and rolls back.
 */
async function openTransaction(name: string, opts: { rollBack?: boolean } = {}) {
  let inside!: () => void;
  const held = new Promise<void>((resolve) => (inside = resolve));
  let finish!: () => void;
  const released = new Promise<void>((resolve) => (finish = resolve));
  const transaction = db.transaction().execute(async (trx) => {
    await addStreet(trx, name);
    inside();
    await released;
    if (opts.rollBack) throw new Error("roll back");
  });
  await held;
  return { transaction, finish };
}

it("sends a read outside a transaction to the readers, and keeps writes and a transaction's reads on the one connection", async () => {
  await addStreet(db, "城关街道");
  expect(sent).toEqual([]);
  expect(await streets(db)).toEqual([{ name: "城关街道" }]);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatch(/^select/);
  await db.transaction().execute(async (trx) => {
    expect((await trx.selectFrom("org_unit").select("name").execute()).map((r) => r.name)).toEqual([
      "城关街道",
    ]);
  });
  expect(sent).toHaveLength(1);
});

it("keeps a cheap read on the event loop once it knows it, but never while a transaction is open", async () => {
  await addStreet(db, "城关街道");
  // The first run has no cost to go by: it goes to a reader, which times it.
  expect(await streets(db)).toEqual([{ name: "城关街道" }]);
  expect(sent).toHaveLength(1);
  // Learned cheap (under INLINE_TEST_MS): answered here from then on, no message to a reader.
  for (let i = 0; i < 10; i++) expect(await streets(db)).toEqual([{ name: "城关街道" }]);
  expect(sent).toHaveLength(1);
  const { transaction, finish } = await openTransaction("未提交街道");
  // The one connection is inside someone's transaction: the read goes to a reader and sees none of it.
  expect(await streets(db)).toEqual([{ name: "城关街道" }]);
  expect(sent).toHaveLength(2);
  finish();
  await transaction;
  expect((await streets(db)).map((s) => s.name)).toEqual(["城关街道", "未提交街道"]);
});

it("sends every read to the readers when none is cheap enough", async () => {
  await addStreet(db, "城关街道");
  const elsewhere: string[] = [];
  const strict = openDatabase(file, {
    readers: {
      all: async (sql, parameters) => {
        elsewhere.push(sql);
        return (reader ??= openSqliteReader(file)).all(sql, parameters);
      },
    },
    inlineReadMs: 0,
  });
  try {
    for (let i = 0; i < 5; i++) expect(await streets(strict)).toEqual([{ name: "城关街道" }]);
    expect(elsewhere).toHaveLength(5);
  } finally {
    await strict.destroy();
  }
});

it("lets a read outside see only what was committed, and the writer's next read see its write", async () => {
  const { transaction, finish } = await openTransaction("未提交街道");
  // The open transaction's row is not visible to a read outside it, and the read does not wait for it.
  expect(await streets(db)).toEqual([]);
  finish();
  await transaction;
  expect(await streets(db)).toEqual([{ name: "未提交街道" }]);
});

it("makes a write outside a transaction wait for the open transaction instead of joining it", async () => {
  const order: string[] = [];
  const open = await openTransaction("事务内", { rollBack: true });
  const transaction = open.transaction.catch(() => order.push("rolled back"));
  const finish = open.finish;
  const outside = addStreet(db, "事务外").then(() => order.push("outside written"));
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(order).toEqual([]);
  finish();
  await Promise.all([transaction, outside]);
  // The rollback took only the transaction's row: the outside write was not part of it.
  expect(order).toEqual(["rolled back", "outside written"]);
  expect(await streets(db)).toEqual([{ name: "事务外" }]);
});

it("refuses a write sent to a reader", () => {
  reader ??= openSqliteReader(file);
  expect(() => reader.all("insert into org_unit (kind, name) values ('street', 'x')", [])).toThrow();
});

it("changes a table's write version on a write to it, again at commit, and on another process's commit", async () => {
  const watch = writeWatchOf(db)!;
  expect(watch).not.toBeNull();
  const before = watch.version(["org_unit"]);
  const other = watch.version(["session"]);
  await addStreet(db, "城关街道");
  const afterWrite = watch.version(["org_unit"]);
  expect(afterWrite).not.toBe(before);
  expect(watch.version(["session"])).toBe(other);

  let duringTransaction = "";
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("org_unit").set({ name: "新名" }).execute();
    duringTransaction = watch.version(["org_unit"]);
  });
  // A cache filled while the transaction was open must not count as fresh after its commit.
  expect(watch.version(["org_unit"])).not.toBe(duringTransaction);

  const settled = watch.version(["session"]);
  const cli = new SQLite(file);
  cli.prepare("update org_unit set name = 'CLI改名'").run();
  cli.close();
  expect(watch.version(["session"])).not.toBe(settled);
});

it("has a write watch on an in-memory database too, and none on a transaction", async () => {
  const memory = openDatabase(":memory:");
  try {
    expect(writeWatchOf(memory)).not.toBeNull();
    await db.transaction().execute(async (trx) => {
      expect(writeWatchOf(trx)).toBeNull();
    });
  } finally {
    await memory.destroy();
  }
});

it("keeps the turn through a failed commit until the rollback, so the next transaction is not caught in it", async () => {
  // A deferred foreign key fails the commit and leaves the transaction open (SQLite's rule): Kysely
  // then rolls it back. The transaction queued behind it must begin only after that rollback.
  const failing = db.transaction().execute(async (trx) => {
    await sql`pragma defer_foreign_keys = on`.execute(trx);
    await trx
      .insertInto("org_unit")
      .values({
        kind: "community",
        name: "无上级",
        parent_id: 999_999,
        households: null,
        population: null,
        created_at: "2026-12-01T00:00:00Z",
      })
      .execute();
  });
  const next = db.transaction().execute((trx) => addStreet(trx, "下一个"));
  await expect(failing).rejects.toThrow(/FOREIGN KEY/);
  await next;
  expect(await streets(db)).toEqual([{ name: "下一个" }]);
  expect(await db.selectFrom("org_unit").select("name").where("name", "=", "无上级").execute()).toEqual([]);
});

it("gives the event loop turns during a long transaction; a read made meanwhile sees only what was committed", async () => {
  // A timer due during 3,000 inserts runs before the last of them, and its read sees none of them.
  let inserted = 0;
  let insertedWhenFired = -1;
  let seenMeanwhile = -1;
  const timer = new Promise<void>((resolve) =>
    setTimeout(() => {
      insertedWhenFired = inserted;
      void streets(db).then((rows) => {
        seenMeanwhile = rows.length;
        resolve();
      });
    }, 1),
  );
  await db.transaction().execute(async (trx) => {
    for (; inserted < 3_000; inserted++) await addStreet(trx, `街道${inserted}`);
    await timer;
  });
  // Without the turns the timer would have waited for all 3,000.
  expect(insertedWhenFired).toBeGreaterThanOrEqual(0);
  expect(insertedWhenFired).toBeLessThan(3_000);
  expect(seenMeanwhile).toBe(0);
  expect(await streets(db)).toHaveLength(3_000);
});

it("reads data_version once for the callers of versionSoon that ask together, after all of them asked", async () => {
  const watch = writeWatchOf(db)!;
  await addStreet(db, "城关街道");
  const before = watch.version(["session"]);
  const reads = countDataVersionReads();
  try {
    const first = watch.versionSoon(["session"]);
    // Another process commits after the first caller asked: the shared read, made later, sees it.
    const cli = new SQLite(file);
    cli.prepare("update org_unit set name = 'CLI改名'").run();
    cli.close();
    const second = watch.versionSoon(["org_unit"]);
    const [a, b] = await Promise.all([first, second]);
    expect(reads.count).toBe(1);
    expect(a).not.toBe(before);
    expect(a).toBe(watch.version(["session"]));
    expect(b).toBe(watch.version(["org_unit"]));
    // Asked after that read was handed out: a read of its own (the two checks above read too).
    const counted = reads.count;
    await watch.versionSoon(["session"]);
    expect(reads.count).toBe(counted + 1);
  } finally {
    reads.restore();
  }
});

it("fails the callers of versionSoon, not the process, when the read fails", async () => {
  const memory = openDatabase(":memory:");
  const watch = writeWatchOf(memory)!;
  // Kysely closes the connection on destroy only once it has been used.
  await sql`select 1`.execute(memory);
  await memory.destroy();
  await expect(watch.versionSoon(["session"])).rejects.toThrow();
});
