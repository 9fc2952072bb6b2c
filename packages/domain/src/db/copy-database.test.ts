import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql, type Kysely } from "kysely";
import { Migrator } from "kysely/migration";
import type { Database } from "./database.js";
import { copyDatabase, CopyRefused, type CopyProgress } from "./copy-database.js";
import { migrateToLatest } from "./migrate.js";
import { openDatabase } from "./open-database.js";
import { migrations } from "../migrations/index.js";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "../seed/demo-data.js";
import { seedDemoVolunteers } from "../seed/demo-volunteers.js";
import { seedDemoProblems } from "../seed/demo-problems.js";
import { seedDemoBoard } from "../seed/demo-board.js";
import { seedDemoCampaign } from "../seed/demo-campaign.js";
import { DEFAULT_BOARD_SETTINGS } from "../board/rules.js";
import { localDiskStorage } from "../files/storage.js";
import { ensureSystemAdmin } from "../seed/bootstrap.js";
import {
  callerFor,
  callerForToken,
  createPostgresDatabase,
  recordingCookies,
  TEST_DATABASE_URL,
  TEST_KEYS,
  trpcErrorOf,
  type ScratchPostgres,
} from "../testing/index.js";

// The data move (npm run migrate-to-postgres) from an SQLite database into a new PostgreSQL database
// of its own on TEST_DATABASE_URL's server. Runs in the suite's PostgreSQL run (npm run test:pg),
// which says so when PostgreSQL is not available.

type Row = Record<string, unknown>;

const admin = DEMO_ACCOUNTS.find((a) => a.role === "community_admin" && a.unit === "东街社区")!;
const streetAdmin = DEMO_ACCOUNTS.find((a) => a.role === "street_admin")!;

/** Every row of `table`, in one order whatever order the database returned them in. */
async function dump(db: Kysely<Database>, table: string): Promise<Row[]> {
  const { rows } = await sql<Row>`select * from ${sql.table(table)}`.execute(db);
  const key = (row: Row) =>
    JSON.stringify(
      Object.keys(row)
        .sort()
        .map((k) => [k, row[k]]),
    );
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

async function tablesOf(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.map((r) => r.name);
}

async function maxId(db: Kysely<Database>, table: "org_unit" | "session"): Promise<number> {
  const { rows } = await sql<{ id: number }>`select max(id) as id from ${sql.table(table)}`.execute(db);
  return Number(rows[0]!.id);
}

/** Where the demo problems' photos went (the bytes are files, not rows: the copy leaves them be). */
const photoDirs: string[] = [];
afterEach(() => {
  for (const dir of photoDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The demo data, plus rows in the tables the demo leaves empty and a unit moved under a newer one. */
async function demoSource(): Promise<Kysely<Database>> {
  const db = openDatabase(":memory:");
  await migrateToLatest(db);
  await ensureSystemAdmin(db, { mobile: "13800000000", password: "system-admin-pass" });
  await seedDemo(db);
  await seedDemoVolunteers(db, TEST_KEYS);
  // Problems with their steps (one 重复 pointing at another problem), photos and notices.
  photoDirs.push(mkdtempSync(join(tmpdir(), "cc-copy-photos-")));
  await seedDemoProblems(db, localDiskStorage(photoDirs.at(-1)!));
  // The 黑白榜: editions, entries, a linked resident's 申诉, a 社区's settings and a renamed category.
  await seedDemoBoard(db, localDiskStorage(photoDirs.at(-1)!));
  // A campaign of the 街道 with its 领导小组, evidence and a confirmed record; a 模拟测评 round (no
  // procedure yet) written as its rows.
  await seedDemoCampaign(db, localDiskStorage(photoDirs.at(-1)!));
  const [firstItem] = await db
    .selectFrom("campaign_item")
    .select(["id", "campaign_id", "community_id"])
    .orderBy("id")
    .limit(1)
    .execute();
  const round = await db
    .insertInto("campaign_assessment")
    .values({
      campaign_id: firstItem!.campaign_id,
      community_id: firstItem!.community_id,
      title: "第一轮模拟测评",
      created_by: null,
      created_at: new Date().toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("campaign_grade")
    .values({ assessment_id: round.id, item_id: firstItem!.id, grade: "B", note: "宣传栏内容未更新" })
    .execute();
  const liuFang = await callerFor(db, await userId(db, "13800000004"));
  const [notice] = (await liuFang.board.mine()).notices;
  await liuFang.board.appeal({ id: notice!.id, reason: "电线是物业接的", photos: [] });

  // A unit whose parent has a higher id: rows of org_unit cannot simply go in id order.
  const street = await callerFor(db, await userId(db, streetAdmin.mobile));
  const dongjie = await unitId(db, "东街社区");
  const newGrid = await street.org.create({ parentId: dongjie, name: "东街社区第九网格" });
  await street.org.move({ id: await unitId(db, "邮政局家属院"), parentId: newGrid.id });
  await street.volunteer.setTarget({ communityId: dongjie, targetPermille: 125 });
  await street.board.setSettings({ communityId: dongjie, ...DEFAULT_BOARD_SETTINGS, noticeDays: 5 });
  await db
    .insertInto("board_category")
    .values({ community_id: dongjie, code: "good_deed", label: "身边好人" })
    .execute();
  await street.problem.setCategory({
    communityId: dongjie,
    code: "illegal_construction",
    label: "私搭乱建",
    timeLimitDays: 20,
    enabled: true,
  });

  // A 工作总结 draft with a person's edit (JSON in text), and a 志愿服务证明 of a volunteer with confirmed hours.
  const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
  const summary = await street.report.generateSummary({
    unitId: dongjie,
    period: { kind: "year", year: Number(today.slice(0, 4)) },
  });
  await street.report.saveSummaryParagraph({
    id: summary.id,
    key: summary.document.paragraphs[0]!.key,
    text: "改过的段落：引号'\"与反斜杠\\",
    version: summary.version,
  });
  const served = await db
    .selectFrom("activity_signup")
    .innerJoin("activity", "activity.id", "activity_signup.activity_id")
    .select(["activity_signup.volunteer_id", "activity.starts_at"])
    .where("activity_signup.hours_status", "=", "confirmed")
    .orderBy("activity.starts_at")
    .executeTakeFirstOrThrow();
  await street.volunteer.issueCertificate({
    volunteerId: served.volunteer_id,
    periodStart: new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(
      new Date(served.starts_at),
    ),
    periodEnd: today,
  });

  // A wrong password: login_failure and an audit row through the domain.
  const anonymous = await callerFor(db, null, recordingCookies(), { clientAddress: "10.1.2.3" });
  await trpcErrorOf(anonymous.auth.login({ mobile: admin.mobile, password: "wrong-password-1" }));

  // Text that a careless copy would change: quotes, a backslash, a newline, %, an emoji, a
  // combining accent, trailing spaces; integers used as booleans; JSON in text columns.
  const now = new Date().toISOString();
  const user = await userId(db, DEMO_ACCOUNTS.find((a) => a.role === "grid_worker")!.mobile);
  await db
    .updateTable("activity")
    .set({ description: "说明'\"\\ 第二行\n100% 🎉 é  " })
    .where("id", "=", (await db.selectFrom("activity").select("id").executeTakeFirstOrThrow()).id)
    .execute();
  await db
    .updateTable("user")
    .set({ must_change_password: 1, temp_password_issued_at: now })
    .where("id", "=", user)
    .execute();
  await db
    .insertInto("password_reset_code")
    .values({
      mobile_key: "m",
      address_key: "a",
      code_hash: null,
      created_at: now,
      expires_at: now,
      tries: 2,
      used_at: null,
    })
    .execute();
  await db.insertInto("volunteer_claim_failure").values({ user_id: user, at: now }).execute();
  return db;
}

async function userId(db: Kysely<Database>, mobile: string): Promise<number> {
  return (await db.selectFrom("user").select("id").where("mobile", "=", mobile).executeTakeFirstOrThrow()).id;
}

async function unitId(db: Kysely<Database>, name: string): Promise<number> {
  return (await db.selectFrom("org_unit").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
}

describe.skipIf(!TEST_DATABASE_URL)("copyDatabase: SQLite → PostgreSQL (npm run test:pg)", () => {
  let target: ScratchPostgres;
  let pg: Kysely<Database>;
  let source: Kysely<Database> | undefined;

  beforeEach(async () => {
    target = await createPostgresDatabase({ prefix: "cc_copy", migrate: false });
    pg = openDatabase(target.url, { poolSize: 2 });
  });
  afterEach(async () => {
    await source?.destroy();
    source = undefined;
    await pg.destroy();
    await target.drop();
  });

  it("copies the demo data: every table, row and column identical, ids kept, the sequences continue, the domain works on the copy", async () => {
    source = await demoSource();
    const progress: CopyProgress[] = [];
    const result = await copyDatabase(source, pg, { onProgress: (p) => progress.push(p), batchRows: 7 });

    expect(result.schemaVersion).toBe(Object.keys(migrations).at(-1));
    const tables = result.tables.map((t) => t.table);
    // Change counters (board_revision) are not copied: the target's triggers numbered its own inserts.
    expect([...tables].sort()).toEqual(
      (await tablesOf(pg)).filter((t) => !t.startsWith("kysely_") && !t.endsWith("_revision")),
    );
    expect((await dump(pg, "board_revision")).length).toBeGreaterThan(0);
    // Referenced tables first: the order follows the foreign keys.
    const before = (a: string, b: string) => expect(tables.indexOf(a)).toBeLessThan(tables.indexOf(b));
    before("org_unit", "user");
    before("user", "volunteer");
    before("team", "volunteer");
    before("volunteer", "activity_signup");
    before("activity", "activity_signup");
    // batchRows 7: the bigger tables went over in several inserts, each reported.
    expect(progress.filter((p) => p.table === "org_unit").length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({
      table: tables.at(-1),
      copied: result.tables.at(-1)!.rows,
      total: result.tables.at(-1)!.rows,
    });

    for (const { table, rows } of result.tables) {
      // Every table of the demo source has rows, so no comparison below is of two empty lists.
      expect(rows, table).toBeGreaterThan(0);
      const [from, to] = [await dump(source, table), await dump(pg, table)];
      expect(to.length, table).toBe(rows);
      // Column by column, types included: 1 stays the number 1, text stays text, JSON stays its text.
      expect(to, table).toStrictEqual(from);
    }
    const [volunteer] = await dump(pg, "volunteer");
    expect(typeof volunteer!.service_times).toBe("string");
    expect(typeof volunteer!.guardian_consent).toBe("number");

    // The sequences continue after the largest copied id: a new unit and a new session through the domain.
    const [units, sessions] = [await maxId(source, "org_unit"), await maxId(source, "session")];
    const street = await callerFor(pg, await userId(pg, streetAdmin.mobile)); // a new session
    expect(await maxId(pg, "session")).toBe(sessions + 1);
    const created = await street.org.create({
      parentId: await unitId(pg, "东街社区"),
      name: "迁移后新建网格",
    });
    expect(created.id).toBe(units + 1);

    // The demo admin logs in with the demo password; the roster reads the same on both databases,
    // and the 身份证号 encrypted in SQLite decrypts on PostgreSQL with the same key.
    const cookies = recordingCookies();
    await (await callerFor(pg, null, cookies)).auth.login({ mobile: admin.mobile, password: DEMO_PASSWORD });
    const onPg = await callerForToken(pg, cookies.token);
    expect((await onPg.auth.me()).name).toBe(admin.name);
    const onSqlite = await callerFor(source, await userId(source, admin.mobile));
    const query = { search: "王", pageSize: 100 } as const;
    const [a, b] = [await onSqlite.volunteer.roster(query), await onPg.volunteer.roster(query)];
    expect(b.total).toBeGreaterThan(0);
    expect(b.total).toBe(a.total);
    expect([...b.items].sort((x, y) => x.id - y.id)).toEqual([...a.items].sort((x, y) => x.id - y.id));
    const someone = b.items[0]!.id;
    expect((await onPg.volunteer.revealIdNumber({ id: someone })).idNumber).toBe(
      (await onSqlite.volunteer.revealIdNumber({ id: someone })).idNumber,
    );
  });

  it("refuses a target that already holds rows, and writes nothing", async () => {
    source = await demoSource();
    await migrateToLatest(pg);
    await ensureSystemAdmin(pg, { mobile: "13900000000", password: "other-admin-pass" });
    const before = Object.fromEntries(
      await Promise.all((await tablesOf(pg)).map(async (t) => [t, await dump(pg, t)] as const)),
    );

    const error = await copyDatabase(source, pg).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CopyRefused);
    expect((error as Error).message).toMatch(/^目标数据库不是空的, 未写入任何数据 .*: role_grant, user。/);

    for (const [table, rows] of Object.entries(before))
      expect(await dump(pg, table), table).toStrictEqual(rows);
  });

  it("refuses a source not migrated to this version, or from a newer one, and creates nothing in the target", async () => {
    source = openDatabase(":memory:");
    const older = Object.keys(migrations).at(-2)!;
    const migrator = new Migrator({ db: source, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo(older)).error).toBeUndefined();

    const notLatest = await copyDatabase(source, pg).catch((e: unknown) => e);
    expect(notLatest).toBeInstanceOf(CopyRefused);
    expect((notLatest as Error).message).toContain(`源数据库尚未升级到本版本 (source at ${older}`);
    expect((notLatest as Error).message).toContain("先用本版本在源数据库上启动一次服务");

    await migrateToLatest(source);
    await source
      .insertInto("kysely_migration" as never)
      .values({ name: "2999-01-01T0000-future", timestamp: "x" } as never)
      .execute();
    const newer = await copyDatabase(source, pg).catch((e: unknown) => e);
    expect(newer).toBeInstanceOf(CopyRefused);
    expect((newer as Error).message).toContain("源数据库来自更新的版本 (migration 2999-01-01T0000-future");

    expect(await tablesOf(pg)).toEqual([]);
  });

  it("rolls everything back, schema included, when a row cannot be written (text holding NUL, which PostgreSQL refuses)", async () => {
    source = await demoSource();
    await source
      .updateTable("user")
      .set({ name: "坏\u0000名字" })
      .where("mobile", "=", admin.mobile)
      .execute();

    const error = await copyDatabase(source, pg).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^copying user \(ids \d+…\) failed: /);
    expect(await tablesOf(pg)).toEqual([]);
  });
});
