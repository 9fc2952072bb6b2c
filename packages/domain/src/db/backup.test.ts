import SQLite from "better-sqlite3";
import {
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
  closeSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TEST_KEYS } from "../testing/index.js";
import { deriveDataKeys } from "../secrets/data-keys.js";
import { seedDemo } from "../seed/demo-data.js";
import { seedDemoVolunteers } from "../seed/demo-volunteers.js";
import { backupDatabase, BackupError, listBackups, restoreDatabase } from "./backup.js";
import { migrateToLatest } from "./migrate.js";
import { openDatabase } from "./open-database.js";

let dir: string;
let dbFile: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "cc-backup-"));
  dbFile = join(dir, "chuangcheng.db");
  const db = openDatabase(dbFile);
  await migrateToLatest(db);
  await db.destroy();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = (iso: string) => new Date(iso);
const count = (file: string, sql: string) => {
  const db = new SQLite(file, { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
};

describe("backupDatabase", () => {
  it("copies a database another connection keeps writing to, with every write committed before it began", async () => {
    const writer = new SQLite(dbFile);
    writer.pragma("journal_mode = WAL");
    writer.exec("create table probe (n integer not null)");
    const insert = writer.prepare("insert into probe (n) values (?)");
    let n = 0;
    let writing = true;
    const loop = () => {
      if (!writing) return;
      insert.run(++n);
      setImmediate(loop);
    };
    loop();
    await new Promise((r) => setTimeout(r, 50));
    const committedBefore = n;
    const result = await backupDatabase(dbFile, {
      dir: join(dir, "backups"),
      now: at("2026-12-02T03:15:00"),
    });
    writing = false;
    writer.close();

    expect(committedBefore).toBeGreaterThan(0);
    expect(basename(result.file)).toBe("chuangcheng-20261202-031500.db");
    expect(result.bytes).toBe(statSync(result.file).size);
    expect(result.pages).toBeGreaterThan(1);
    expect(result.removed).toEqual([]);
    expect(count(result.file, "select count(*) from probe")).toBeGreaterThanOrEqual(committedBefore);
    // One self-contained file: no write-ahead log travels with it.
    expect(count(result.file, "pragma journal_mode") as unknown).toBe("delete");
    expect(readdirSync(join(dir, "backups"))).toEqual(["chuangcheng-20261202-031500.db"]);
  });

  it("keeps the last N backups, by the time in their names, and leaves other files alone", async () => {
    const backups = join(dir, "backups");
    await backupDatabase(dbFile, { dir: backups, now: at("2026-11-30T23:59:59") });
    writeFileSync(join(backups, "notes.txt"), "not a backup");
    await backupDatabase(dbFile, { dir: backups, now: at("2026-12-01T00:00:00") });
    await backupDatabase(dbFile, { dir: backups, now: at("2026-12-01T09:00:00") });
    // Two in the same second: the second gets "-2" and still counts as the newer.
    await backupDatabase(dbFile, { dir: backups, now: at("2026-12-02T03:15:00") });
    const last = await backupDatabase(dbFile, { dir: backups, now: at("2026-12-02T03:15:00"), keep: 3 });

    expect(basename(last.file)).toBe("chuangcheng-20261202-031500-2.db");
    expect(last.removed.map((f) => basename(f))).toEqual([
      "chuangcheng-20261130-235959.db",
      "chuangcheng-20261201-000000.db",
    ]);
    expect(listBackups(backups).map((f) => basename(f))).toEqual([
      "chuangcheng-20261201-090000.db",
      "chuangcheng-20261202-031500.db",
      "chuangcheng-20261202-031500-2.db",
    ]);
    expect(existsSync(join(backups, "notes.txt"))).toBe(true);
    await expect(backupDatabase(dbFile, { dir: backups, keep: 0 })).rejects.toThrow(RangeError);
  });

  it("says so when there is no database to back up", async () => {
    await expect(backupDatabase(join(dir, "missing.db"), { dir: join(dir, "backups") })).rejects.toThrow(
      /数据库文件不存在.*missing\.db/,
    );
    expect(listBackups(join(dir, "backups"))).toEqual([]);
  });
});

describe("restoreDatabase", () => {
  async function backupWith(rows: number): Promise<string> {
    const db = new SQLite(dbFile);
    db.exec("create table if not exists probe (n integer not null)");
    for (let i = 0; i < rows; i++) db.prepare("insert into probe (n) values (?)").run(i);
    db.close();
    return (await backupDatabase(dbFile, { dir: join(dir, "backups") })).file;
  }

  it("puts the backup in place, keeps the replaced database, and removes a stale write-ahead log", async () => {
    const backup = await backupWith(3);
    const live = new SQLite(dbFile);
    live.prepare("insert into probe (n) values (99)").run();
    live.close();
    writeFileSync(`${dbFile}-wal`, "stale");
    writeFileSync(`${dbFile}-shm`, "stale");

    const result = restoreDatabase(backup, dbFile, { keys: null, now: at("2026-12-02T04:00:00") });

    expect(result.file).toBe(dbFile);
    expect(result.safetyCopy).toBe(`${dbFile}.before-restore-20261202-040000`);
    expect(result.schemaVersion).toMatch(/^\d{4}-\d{2}-\d{2}T\d{4}-/);
    expect(count(dbFile, "select count(*) from probe")).toBe(3);
    expect(count(result.safetyCopy!, "select count(*) from probe")).toBe(4);
    expect(existsSync(`${dbFile}-wal`)).toBe(false);
    expect(existsSync(`${dbFile}-shm`)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith(".restoring"))).toEqual([]);
  });

  it("restores into an empty folder, and the server's openDatabase and migrations accept the result", async () => {
    const backup = await backupWith(2);
    const target = join(dir, "fresh", "chuangcheng.db");
    const result = restoreDatabase(backup, target, { keys: null });
    expect(result.safetyCopy).toBeNull();
    const db = openDatabase(target);
    expect(await migrateToLatest(db)).toEqual([]);
    await db.destroy();
    expect(count(target, "select count(*) from probe")).toBe(2);
  });

  it("refuses while another connection holds the target open: stop the server first", async () => {
    const backup = await backupWith(1);
    const server = openDatabase(dbFile);
    await migrateToLatest(server); // the server's connection, in WAL mode, idle
    try {
      expect(() => restoreDatabase(backup, dbFile, { keys: null })).toThrow(
        /先停止服务再恢复.*stop the server first/,
      );
      expect(
        readdirSync(dir).filter((f) => f.includes("before-restore") || f.endsWith(".restoring")),
      ).toEqual([]);
    } finally {
      await server.destroy();
    }
    expect(restoreDatabase(backup, dbFile, { keys: null }).safetyCopy).not.toBeNull();
  });

  it("refuses a file that is not a sound 创城通 database, naming it", async () => {
    const text = join(dir, "notes.txt");
    writeFileSync(text, "hello");
    expect(() => restoreDatabase(text, dbFile, { keys: null })).toThrow(BackupError);
    expect(() => restoreDatabase(text, dbFile, { keys: null })).toThrow(
      `不是 SQLite 数据库文件 (not an SQLite database): ${text}`,
    );
    expect(() => restoreDatabase(join(dir, "nope.db"), dbFile, { keys: null })).toThrow(/备份文件不存在/);

    const other = join(dir, "other.db");
    new SQLite(other).exec("create table t (x)").close();
    expect(() => restoreDatabase(other, dbFile, { keys: null })).toThrow(/不是创城通的数据库.*other\.db/);

    const newer = join(dir, "newer.db");
    const backup = await backupWith(0);
    restoreDatabase(backup, newer, { keys: null });
    new SQLite(newer)
      .prepare("insert into kysely_migration (name, timestamp) values (?, ?)")
      .run("2099-01-01T0000-future", "x");
    expect(() => restoreDatabase(newer, dbFile, { keys: null })).toThrow(
      /备份来自更新的版本.*2099-01-01T0000-future/,
    );

    const damaged = join(dir, "damaged.db");
    restoreDatabase(await backupWith(2000), damaged, { keys: null });
    const fd = openSync(damaged, "r+");
    writeSync(fd, Buffer.alloc(4096 * 3, 0xab), 0, 4096 * 3, 4096);
    closeSync(fd);
    expect(() => restoreDatabase(damaged, dbFile, { keys: null })).toThrow(/备份文件已损坏.*damaged\.db/);
    // Nothing was replaced along the way.
    expect(readdirSync(dir).filter((f) => f.includes("chuangcheng.db.before-restore"))).toEqual([]);
  });

  it("refuses a backup holding 身份证号 without the key it was made with", async () => {
    const db = openDatabase(dbFile);
    await seedDemo(db);
    await seedDemoVolunteers(db, TEST_KEYS);
    await db.destroy();
    const backup = (await backupDatabase(dbFile, { dir: join(dir, "backups") })).file;
    const target = join(dir, "restored", "chuangcheng.db");

    expect(() => restoreDatabase(backup, target, { keys: null })).toThrow(/缺少 data\.key/);
    expect(() => restoreDatabase(backup, target, { keys: deriveDataKeys(Buffer.alloc(32, 7)) })).toThrow(
      /data\.key 与备份不匹配/,
    );
    expect(existsSync(target)).toBe(false);
    expect(restoreDatabase(backup, target, { keys: TEST_KEYS }).file).toBe(target);
  });
});
