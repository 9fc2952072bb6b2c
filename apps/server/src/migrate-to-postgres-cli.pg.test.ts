import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql, type Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createCaller,
  createContextInner,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  migrateToLatest,
  openDatabase,
  resolveSession,
  seedDemo,
  seedDemoVolunteers,
  type Database,
  type DataKeys,
} from "@chuangcheng/domain";
import { createPostgresDatabase, TEST_DATABASE_URL, type ScratchPostgres } from "@chuangcheng/domain/testing";
import { generate } from "../bench/volunteer-data.js";
import { DATABASE_FILE, writePidFile } from "./data-dir.js";
import { KEY_FILE, loadDataKeys } from "./data-key.js";
import { runMigrateToPostgresCli } from "./migrate-to-postgres-cli.js";

// npm run migrate-to-postgres, end to end: a DATA_DIR as an SQLite server leaves it (database and key
// file) → a new PostgreSQL database on TEST_DATABASE_URL's server → the domain on PostgreSQL. Runs in
// the server's PostgreSQL pass (npm test: the *.pg.test.ts files, after the SQLite pass).

if (!TEST_DATABASE_URL) {
  console.info("PostgreSQL not available (TEST_DATABASE_URL unset): npm run migrate-to-postgres not tested");
}

type Row = Record<string, unknown>;

let dataDir: string;
let lines: string[];
const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
const said = () => lines.join("\n");
const cli = (env: Record<string, string>, ...argv: string[]) =>
  runMigrateToPostgresCli(argv, { DATA_DIR: dataDir, ...env }, out);

beforeEach(() => {
  lines = [];
  dataDir = mkdtempSync(join(tmpdir(), "cc-move-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** The data a SQLite server's DATA_DIR holds after its first start with the demo. */
async function demoDataDir(): Promise<DataKeys> {
  const { keys } = loadDataKeys(dataDir, undefined);
  const db = openDatabase(join(dataDir, DATABASE_FILE));
  await migrateToLatest(db);
  await seedDemo(db);
  await seedDemoVolunteers(db, keys);
  await db.destroy();
  return keys;
}

describe("npm run migrate-to-postgres: refusals before anything is opened", () => {
  const nowhere = "postgres://nobody@127.0.0.1:1/nothing";

  it("asks for --to (or DATABASE_URL) and a PostgreSQL URL, as usage errors", async () => {
    expect(await cli({}, "--from", "x.db")).toBe(2);
    expect(said()).toContain("缺少 --to (and DATABASE_URL is not set)");
    expect(said()).toContain("npm run migrate-to-postgres -- --from data/chuangcheng.db --to postgres://");
    lines = [];
    expect(await cli({}, "--to", "mysql://db/cc")).toBe(2);
    expect(said()).toContain("--to 应为 PostgreSQL 连接地址");
    expect(await cli({}, "--verbose")).toBe(2);
    expect(await cli({ PORT: "nope" }, "--to", nowhere)).toBe(1);
    expect(said()).toContain("PORT=");
  });

  it("refuses a missing source file, one that is not a database, and a database a server is running on", async () => {
    expect(await cli({}, "--to", nowhere)).toBe(1);
    expect(said()).toContain(`源数据库不存在 (no such file): ${join(dataDir, DATABASE_FILE)}`);
    lines = [];
    expect(await cli({}, "--from", join(dataDir, "missing.db"), "--to", nowhere)).toBe(1);
    expect(said()).toContain("源数据库不存在");
    lines = [];
    expect(await cli({}, "--from", join(import.meta.dirname, "config.ts"), "--to", nowhere)).toBe(1);
    expect(said()).toContain("不是 SQLite 数据库文件");

    await demoDataDir();
    writePidFile(dataDir, process.pid); // this test process stands in for the running server
    lines = [];
    expect(await cli({ DATABASE_URL: nowhere })).toBe(1);
    expect(said()).toContain(`服务正在运行 (pid ${process.pid}), 先停止服务再迁移`);
  });
});

describe.skipIf(!TEST_DATABASE_URL)("npm run migrate-to-postgres into PostgreSQL", () => {
  let target: ScratchPostgres;
  let pg: Kysely<Database>;

  beforeEach(async () => {
    target = await createPostgresDatabase({ prefix: "cc_move", migrate: false });
    pg = openDatabase(target.url, { poolSize: 2 });
  });
  afterEach(async () => {
    await pg.destroy();
    await target.drop();
  });

  /** target.url with a password: the output must not show it (the test cluster trusts local users). */
  const withPassword = () => target.url.replace(/^postgres:\/\/([^@/]+)@/, "postgres://$1:hunter2-secret@");

  it("moves the demo DATA_DIR, prints the counts, the time and the DATA_KEY reminder (never the key), and refuses to run twice", async () => {
    await demoDataDir();
    expect(await cli({}, "--to", withPassword())).toBe(0);

    const output = said();
    expect(output).toContain(`迁移 (moving) ${join(dataDir, DATABASE_FILE)} → PostgreSQL postgres:///`);
    expect(output).toMatch(/^ {2}org_unit +\d+ 行 rows$/m);
    expect(output).toMatch(/^ {2}volunteer +14 行 rows$/m);
    expect(output).toMatch(/完成 \(done\): \d+ 张表 tables, \d+ 行 rows, 用时 \d+\.\d 秒 s \(schema \d{4}-/);
    const keyFile = join(dataDir, KEY_FILE);
    expect(output).toContain(
      `提醒 reminder: PostgreSQL 上的每台服务都必须设置与原服务相同的 DATA_KEY, 即 ${keyFile} 的内容 (DATA_KEY="$(cat ${keyFile})")`,
    );
    expect(output).not.toContain(readFileSync(keyFile, "utf8").trim());
    expect(output).not.toContain("hunter2-secret");

    const { rows } = await sql<{ n: number }>`select count(*) as n from volunteer`.execute(pg);
    expect(rows[0]!.n).toBe(14);

    lines = [];
    expect(await cli({ DATABASE_URL: target.url })).toBe(1);
    expect(said()).toContain("目标数据库不是空的, 未写入任何数据");
  });

  it("says the target database does not exist, rather than a driver error", async () => {
    await demoDataDir();
    const missing = target.url.replace(/\/cc_move_[0-9a-f]+/, "/cc_move_missing");
    expect(await cli({}, "--to", missing)).toBe(1);
    expect(said()).toContain("目标数据库不存在, 请先创建");
  });

  it("moves the volunteers bench data: counts equal, sampled rows equal column by column, the sequences continue, the domain reads it with the same key", async () => {
    const file = join(dataDir, DATABASE_FILE);
    const { keys } = loadDataKeys(dataDir, undefined);
    // The bench's 50,000 volunteers and 500,000 sign-ups, scaled down; the full size is measured by hand.
    const bench = await generate(file, keys, {
      volunteers: 3000,
      activities: 300,
      perActivity: 50,
      racers: 20,
    });
    expect(await cli({}, "--from", file, "--to", target.url)).toBe(0);

    const sqlite = openDatabase(file);
    try {
      const tables = (
        await sql<{ name: string }>`
        select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'
         order by name`.execute(sqlite)
      ).rows.map((r) => r.name);
      expect(tables.length).toBeGreaterThan(10);
      for (const table of tables) {
        const count = async (db: Kysely<Database>) =>
          Number(
            (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n,
          );
        expect(await count(pg), table).toBe(await count(sqlite));
      }
      expect(bench.signups).toBe(300 * 50);

      // Every 97th row of the big tables, every row of the small ones, compared column by column.
      for (const [table, where] of [
        ["volunteer", sql`id % 97 = 0`],
        ["activity_signup", sql`id % 97 = 0`],
        ["activity", sql`id % 7 = 0`],
        ["user", sql`true`],
        ["session", sql`true`],
        ["org_unit", sql`true`],
      ] as const) {
        const sample = async (db: Kysely<Database>) =>
          (await sql<Row>`select * from ${sql.table(table)} where ${where} order by id`.execute(db)).rows;
        const [from, to] = [await sample(sqlite), await sample(pg)];
        expect(to.length, table).toBeGreaterThan(0);
        expect(to, table).toStrictEqual(from);
      }
      const skills = sql`select * from volunteer_skill where volunteer_id % 97 = 0 order by volunteer_id, skill`;
      expect((await skills.execute(pg)).rows).toStrictEqual((await skills.execute(sqlite)).rows);

      // A racer signs up on PostgreSQL with the session made on SQLite: the new row's id follows the copied ones.
      const maxSignup = Number(
        (await sql<{ id: number }>`select max(id) as id from activity_signup`.execute(sqlite)).rows[0]!.id,
      );
      const racer = await resolveSession(pg, bench.raceTokens[0]!);
      expect(racer).not.toBeNull();
      const asRacer = createCaller(createContextInner({ db: pg, session: racer, keys }));
      const { signupId } = await asRacer.activity.signUp({ activityId: bench.raceActivityId });
      expect(signupId).toBe(maxSignup + 1);

      // The 东街社区 admin logs in on PostgreSQL: the roster finds the bench volunteers by mobile prefix,
      // and a 身份证号 encrypted by the SQLite server decrypts with the same key.
      const admin = DEMO_ACCOUNTS.find((a) => a.role === "community_admin" && a.unit === "东街社区")!;
      const cookies = { token: "", set: (t: string) => void (cookies.token = t), clear: () => {} };
      await createCaller(createContextInner({ db: pg, cookies, keys })).auth.login({
        mobile: admin.mobile,
        password: DEMO_PASSWORD,
      });
      const asAdmin = createCaller(
        createContextInner({ db: pg, session: await resolveSession(pg, cookies.token), keys }),
      );
      const roster = await asAdmin.volunteer.roster({ search: "1391000012", pageSize: 10 });
      expect(roster.total).toBe(10);
      const first = roster.items[0]!;
      expect((await asAdmin.volunteer.revealIdNumber({ id: first.id })).idNumber).toMatch(
        /^110105\d{11}[\dX]$/,
      );
    } finally {
      await sqlite.destroy();
    }
  });
});
