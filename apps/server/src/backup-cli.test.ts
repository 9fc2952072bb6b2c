import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase, seedDemo, seedDemoVolunteers } from "@chuangcheng/domain";
import { runBackupCli } from "./backup-cli.js";
import { BACKUP_DIR, DATABASE_FILE, writePidFile } from "./data-dir.js";
import { KEY_FILE, loadDataKeys } from "./data-key.js";

let dataDir: string;
let lines: string[];
const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
const cli = (env: Record<string, string>, ...argv: string[]) =>
  runBackupCli(argv, { DATA_DIR: dataDir, ...env }, out);
const said = () => lines.join("\n");

beforeEach(async () => {
  lines = [];
  dataDir = mkdtempSync(join(tmpdir(), "cc-cli-"));
  const { keys } = loadDataKeys(dataDir, undefined);
  const db = openDatabase(join(dataDir, DATABASE_FILE));
  await migrateToLatest(db);
  await seedDemo(db);
  await seedDemoVolunteers(db, keys); // encrypted 身份证号: restore must check the key
  await db.destroy();
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe("npm run backup", () => {
  it("writes DATA_DIR/backups/…, says where, how big, how many it removed, and where the key is (never the key)", async () => {
    expect(await cli({ BACKUP_KEEP: "2" }, "backup")).toBe(0);
    expect(await cli({ BACKUP_KEEP: "2" }, "backup")).toBe(0);
    lines = [];
    expect(await cli({ BACKUP_KEEP: "2" }, "backup")).toBe(0);

    const backups = readdirSync(join(dataDir, BACKUP_DIR)).sort();
    expect(backups).toHaveLength(2);
    expect(backups[0]).toMatch(/^chuangcheng-\d{8}-\d{6}(-\d+)?\.db$/);
    expect(said()).toMatch(
      new RegExp(`备份完成 \\(backup written\\): ${join(dataDir, BACKUP_DIR)}/chuangcheng-\\d{8}-\\d{6}`),
    );
    expect(said()).toMatch(/大小 size: \d+\.\d KB, \d+ 页 pages/);
    expect(said()).toContain("删除旧备份 removed: 1 (保留最近 2 份 keeping the last 2)");
    expect(said()).toContain(`提醒: 请把 ${join(dataDir, KEY_FILE)} 与备份一起妥善保管`);

    lines = [];
    const key = Buffer.alloc(32, 5).toString("base64");
    expect(await cli({ DATA_KEY: key }, "backup", "--keep", "1", "--dir", join(dataDir, "elsewhere"))).toBe(
      0,
    );
    expect(readdirSync(join(dataDir, "elsewhere"))).toHaveLength(1);
    expect(said()).toContain("环境变量 DATA_KEY 的值");
    expect(said()).not.toContain(key);
  });

  it("refuses a bad count or option as a usage error naming it, and a bad configuration like the server does", async () => {
    expect(await cli({ BACKUP_KEEP: "zero" }, "backup")).toBe(2);
    expect(said()).toContain('BACKUP_KEEP="zero": 应为不小于 1 的整数');
    expect(await cli({}, "backup", "--keep", "0")).toBe(2);
    expect(said()).toContain('--keep="0"');
    expect(await cli({}, "backup", "--verbose")).toBe(2);
    expect(await cli({ PORT: "nope" }, "backup")).toBe(1);
    expect(said()).toContain("PORT=");
    expect(await cli({}, "unknown")).toBe(2);
    expect(said()).toContain("npm run restore -- FILE");
    expect(existsSync(join(dataDir, BACKUP_DIR))).toBe(false);
  });

  it("refuses on a server configured with DATABASE_URL, giving the pg_dump and pg_restore commands (never the URL)", async () => {
    const env = { DATABASE_URL: "postgres://cc:s3cret-pw@db.example.cn:5432/chuangcheng" };
    expect(await cli(env, "backup")).toBe(1);
    expect(said()).toContain(
      'PostgreSQL 请用 pg_dump 备份：pg_dump --format=custom --file=chuangcheng-$(date +%Y%m%d-%H%M%S).dump "$DATABASE_URL"',
    );
    expect(await cli(env, "restore", "chuangcheng-20260101-000000.dump")).toBe(1);
    expect(said()).toContain(
      'pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" FILE.dump',
    );
    expect(said()).not.toMatch(/s3cret|db\.example/);
    // Nothing was copied or replaced: the SQLite file is not the database in use.
    expect(existsSync(join(dataDir, BACKUP_DIR))).toBe(false);
    expect(readdirSync(dataDir).filter((f) => f.includes("before-restore"))).toEqual([]);
  });
});

describe("npm run restore", () => {
  async function oneBackup(): Promise<string> {
    await cli({}, "backup");
    const [name] = readdirSync(join(dataDir, BACKUP_DIR));
    lines = [];
    return name!;
  }

  it("restores a backup named as listed, keeps the previous database, and says to start the server", async () => {
    const name = await oneBackup();
    expect(await cli({}, "restore")).toBe(2);
    expect(said()).toContain(`  ${name}`);
    lines = [];

    expect(await cli({}, "restore", name)).toBe(0);
    expect(said()).toContain(`已恢复 (restored): ${join(dataDir, DATABASE_FILE)}`);
    expect(said()).toContain(`来自 from: ${join(dataDir, BACKUP_DIR, name)}`);
    expect(said()).toMatch(
      /原数据库已保留 \(previous database kept\): .*chuangcheng\.db\.before-restore-\d{8}-\d{6}/,
    );
    expect(said()).toContain("npm start");
    expect(readdirSync(dataDir).filter((f) => f.includes("before-restore"))).toHaveLength(1);
  });

  it("refuses while a server's pid file names a live process: stop the server first", async () => {
    const name = await oneBackup();
    writePidFile(dataDir, process.pid); // this test process stands in for the running server
    expect(await cli({}, "restore", name)).toBe(1);
    expect(said()).toContain(
      `服务正在运行 (pid ${process.pid}), 先停止服务再恢复 (the server is running: stop it first, then restore)`,
    );
    expect(readdirSync(dataDir).filter((f) => f.includes("before-restore"))).toEqual([]);
  });

  it("refuses a file that is not a database, naming it", async () => {
    const notes = join(dataDir, "notes.txt");
    writeFileSync(notes, "not a database");
    expect(await cli({}, "restore", notes)).toBe(1);
    expect(said()).toBe(`不是 SQLite 数据库文件 (not an SQLite database): ${notes}`);
    expect(await cli({}, "restore", join(dataDir, "missing.db"))).toBe(1);
    expect(said()).toContain("备份文件不存在");
  });

  it("into a new folder, refuses without the backup's key and restores once data.key is there", async () => {
    const backup = join(dataDir, BACKUP_DIR, await oneBackup());
    const fresh = mkdtempSync(join(tmpdir(), "cc-cli-new-"));
    try {
      expect(await runBackupCli(["restore", backup], { DATA_DIR: fresh }, out)).toBe(1);
      expect(said()).toContain("缺少 data.key");
      expect(existsSync(join(fresh, KEY_FILE))).toBe(false); // no new key was made up
      copyFileSync(join(dataDir, KEY_FILE), join(fresh, KEY_FILE));
      expect(await runBackupCli(["restore", backup], { DATA_DIR: fresh }, out)).toBe(0);
      expect(readdirSync(fresh).sort()).toEqual([DATABASE_FILE, KEY_FILE]);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
