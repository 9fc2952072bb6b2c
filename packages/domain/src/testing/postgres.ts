import { randomBytes } from "node:crypto";
import pg from "pg";
import { Kysely, PostgresDialect } from "kysely";
import type { Database } from "../db/database.js";
import { createPostgresPool, openDatabase, type DatabaseKind } from "../db/open-database.js";
import { migrateToLatest } from "../db/migrate.js";

// The domain suite on PostgreSQL. TEST_DATABASE_URL names a server (tooling/postgres/start-test-cluster.sh
// starts a throwaway one); the suite never writes to that database itself, only to databases it creates
// beside it: the global setup (postgres-global-setup.ts) migrates one template per run, each vitest worker
// copies it once into a database of its own, and every test empties that database's tables again
// (TRUNCATE … RESTART IDENTITY, so ids start at 1 as in a fresh SQLite database). The teardown drops them.

/** The PostgreSQL server tests run on, or null: then every test database is an in-memory SQLite one. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || null;

/** Which database createTestDb() gives: for tests that check something only one of them has. */
export const testDatabaseKind: DatabaseKind = TEST_DATABASE_URL ? "postgres" : "sqlite";

/** Set by the global setup in the test workers: the prefix of this run's databases. */
export const RUN_ENV = "CC_TEST_PG_RUN";

/** `url` naming database `name` instead (also for postgres://user@/db?host=/socket URLs, which URL cannot parse). */
export function withDatabaseName(url: string, name: string): string {
  const m = /^(postgres(?:ql)?:\/\/[^/?#]*)(\/[^?#]*)?(.*)$/i.exec(url);
  if (!m) throw new Error("withDatabaseName: not a postgres:// URL");
  return `${m[1]}/${encodeURIComponent(name)}${m[3]}`;
}

const ident = (name: string) => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  return `"${name}"`;
};

/** Runs `sql` on the server's maintenance connection (the database TEST_DATABASE_URL names). */
async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface ScratchPostgres {
  name: string;
  /** the URL of the new database (TEST_DATABASE_URL with its name) */
  url: string;
  /** drops the database, ending whatever connections are still open to it */
  drop(): Promise<void>;
}

/**
 * A new, empty database on the server of `serverUrl` (default TEST_DATABASE_URL), migrated unless
 * `migrate: false`. For tests that need a database of their own, e.g. two servers on one database or
 * a data move; drop() it when done.
 */
export async function createPostgresDatabase(
  opts: { serverUrl?: string; prefix?: string; migrate?: boolean; template?: string } = {},
): Promise<ScratchPostgres> {
  const serverUrl = opts.serverUrl ?? TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("createPostgresDatabase: TEST_DATABASE_URL is not set");
  const name = `${opts.prefix ?? "cc_scratch"}_${randomBytes(4).toString("hex")}`;
  await createDatabase(serverUrl, name, opts.template);
  const url = withDatabaseName(serverUrl, name);
  if (opts.migrate !== false && !opts.template) {
    const db = openDatabase(url, { poolSize: 1 });
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
  }
  return { name, url, drop: () => dropDatabases(serverUrl, [name]) };
}

async function createDatabase(serverUrl: string, name: string, template?: string): Promise<void> {
  const from = template ? ` template ${ident(template)}` : "";
  // Two workers copying one template at the same moment may see "source database is being accessed
  // by other users" for an instant: try again a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      await onServer(serverUrl, (c) => c.query(`create database ${ident(name)}${from}`));
      return;
    } catch (error) {
      if (attempt >= 20 || (error as { code?: string }).code !== "55006") throw error;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

/** Drops the databases named (and those starting with `prefix_`), ending their connections. */
export async function dropDatabases(serverUrl: string, names: string[], prefix?: string): Promise<void> {
  await onServer(serverUrl, async (c) => {
    const all = new Set(names);
    if (prefix) {
      const { rows } = await c.query<{ datname: string }>(
        "select datname from pg_database where starts_with(datname, $1)",
        [`${prefix}_`],
      );
      for (const r of rows) all.add(r.datname);
    }
    for (const name of all) await c.query(`drop database if exists ${ident(name)} with (force)`);
  });
}

/** Global setup: migrates this run's template database; returns its prefix. */
export async function preparePostgresRun(serverUrl: string): Promise<string> {
  const run = `cc_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await createDatabase(serverUrl, `${run}_template`);
  const db = openDatabase(withDatabaseName(serverUrl, `${run}_template`), { poolSize: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return run;
}

interface WorkerDatabase {
  pool: pg.Pool;
  /** the statements emptying every table but the migrations' and restarting the ids at 1 */
  reset: string;
}

let worker: Promise<WorkerDatabase> | undefined;

async function openWorkerDatabase(serverUrl: string): Promise<WorkerDatabase> {
  const run = process.env[RUN_ENV];
  if (!run) {
    throw new Error(
      `createTestDb on PostgreSQL needs the global setup src/testing/postgres-global-setup.ts of @chuangcheng/domain (${RUN_ENV} is unset)`,
    );
  }
  // One database per vitest worker slot, copied from the template by the first test file in it.
  const name = `${run}_w${process.env.VITEST_POOL_ID ?? "0"}`;
  const exists = await onServer(serverUrl, (c) =>
    c.query("select 1 from pg_database where datname = $1", [name]).then((r) => r.rowCount === 1),
  );
  if (!exists) await createDatabase(serverUrl, name, `${run}_template`);
  const pool = createPostgresPool(withDatabaseName(serverUrl, name));
  const { rows } = await pool.query<{ table_name: string; identity: string | null }>(
    `select t.table_name, max(c.column_name) filter (where c.is_identity = 'YES') as identity
       from information_schema.tables t join information_schema.columns c using (table_schema, table_name)
      where t.table_schema = current_schema() and t.table_type = 'BASE TABLE' and t.table_name not like 'kysely\\_%'
      group by t.table_name order by t.table_name`,
  );
  const quoted = (t: string) => `"${t}"`;
  // DELETE with the foreign keys' triggers off (session_replication_role, a superuser's setting, as in
  // the throwaway test cluster) takes about 3 ms a test; TRUNCATE … RESTART IDENTITY, which any owner
  // may run, about 25 ms. Measured on PostgreSQL 15 with this schema's 17 tables.
  const fast = [
    "set session_replication_role = replica",
    ...rows.map((r) => `delete from ${quoted(r.table_name)}`),
    ...rows
      .filter((r) => r.identity)
      .map(
        (r) => `select setval(pg_get_serial_sequence('${quoted(r.table_name)}', '${r.identity}'), 1, false)`,
      ),
    "set session_replication_role = default",
  ].join(";\n");
  try {
    await pool.query(fast);
    return { pool, reset: fast };
  } catch (error) {
    if ((error as { code?: string }).code !== "42501") throw error; // not a superuser: the slower way
    return {
      pool,
      reset: `truncate ${rows.map((r) => quoted(r.table_name)).join(", ")} restart identity cascade`,
    };
  }
}

/**
 * An empty, migrated PostgreSQL database for one test: this worker's database with every table
 * emptied. The Kysely instance shares the worker's pool, so the test's db.destroy() leaves it open
 * for the next test.
 */
export async function createPostgresTestDb(serverUrl: string): Promise<Kysely<Database>> {
  const { pool, reset } = await (worker ??= openWorkerDatabase(serverUrl));
  await pool.query(reset);
  const shared = { connect: () => pool.connect(), end: async () => {}, options: pool.options };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: shared }) });
}
