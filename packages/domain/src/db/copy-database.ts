import SQLite from "better-sqlite3";
import { existsSync } from "node:fs";
import { Kysely, sql, SqliteDialect } from "kysely";
import { migrations } from "../migrations/index.js";
import type { Database } from "./database.js";
import { migrateToLatest } from "./migrate.js";
import { dialectOf } from "./open-database.js";

// The data move from SQLite to PostgreSQL (npm run migrate-to-postgres): the target gets the same
// schema version, then every table in foreign-key order, ids kept, in one PostgreSQL transaction,
// read from one SQLite read transaction (a consistent snapshot). Nothing here names a table: the
// tables, columns, identity columns and foreign keys come from the two catalogs, so a new table
// needs nothing. A refusal or a failure leaves the target as it was (not even the schema stays).

/** Why the move was refused; the message is for operators (Chinese, then English). */
export class CopyRefused extends Error {}

export interface CopyProgress {
  table: string;
  /** rows of `table` copied so far */
  copied: number;
  /** rows of `table` in the source */
  total: number;
}

export interface CopiedTable {
  table: string;
  rows: number;
}

export interface CopyResult {
  /** the newest migration, the same in source and target */
  schemaVersion: string;
  /** in the order they were copied (referenced tables first) */
  tables: CopiedTable[];
  /** from the first read to the commit */
  ms: number;
}

export interface CopyOptions {
  /** after each batch of rows inserted, and once for an empty table: copied === total when a table is done */
  onProgress?: (progress: CopyProgress) => void;
  /** rows per INSERT (default 1000) */
  batchRows?: number;
}

const MIGRATION_TABLES = /^kysely_migration/;
/**
 * Rows kept by triggers, counts (problem_state_tally …) and a search's grams (volunteer_name_gram): not
 * copied, since the target's triggers build them from the rows copied; checked like the others, the
 * counts also by their sum.
 */
const DERIVED_TABLES = /_tally$|_name_gram$/;
const COUNT_TABLES = /_tally$/;
/**
 * Numbers that only say "changed" to a cache (board_revision): neither copied nor checked, since the
 * target's triggers number its own changes.
 */
const CHANGE_COUNTERS = /_revision$/;
const DEFAULT_BATCH_ROWS = 1000;

type Row = Record<string, unknown>;

/**
 * The SQLite database `file`, opened read-only for a move: nothing the copy does can change it.
 * Refuses (CopyRefused) a missing file or one that is not an SQLite database.
 */
export function openSqliteSource(file: string): Kysely<Database> {
  if (!existsSync(file)) throw new CopyRefused(`源数据库不存在 (no such file): ${file}`);
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    sqlite.pragma("busy_timeout = 5000");
    sqlite.prepare("select count(*) from sqlite_master").get();
  } catch (err) {
    sqlite.close();
    if (err instanceof SQLite.SqliteError && /^SQLITE_(NOTADB|CORRUPT)/.test(err.code)) {
      throw new CopyRefused(`不是 SQLite 数据库文件 (not an SQLite database, ${err.code}): ${file}`);
    }
    throw err;
  }
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/**
 * Copies every table of the SQLite database `from` into the PostgreSQL database `to`: migrates `to`
 * to the source's schema version, inserts the rows with their ids, sets each identity sequence past
 * the largest id, and checks each table's row count and id sum before committing.
 *
 * Refuses (CopyRefused) a source that is not at this code's latest migration (or is from a newer
 * version) and a target that already holds rows in any table; then nothing is written.
 */
export async function copyDatabase(
  from: Kysely<Database>,
  to: Kysely<Database>,
  opts: CopyOptions = {},
): Promise<CopyResult> {
  if (dialectOf(from) !== "sqlite" || dialectOf(to) !== "postgres") {
    throw new Error("copyDatabase copies an SQLite database into a PostgreSQL one");
  }
  const started = performance.now();
  // One read transaction: a consistent snapshot even if something writes the file meanwhile.
  const result = await from.transaction().execute(async (source) => {
    const schemaVersion = await checkSourceVersion(source);
    const sourceTables = await sqliteTables(source);
    return to.transaction().execute(async (target) => {
      await refuseNonEmpty(target);
      // Inside the copy's transaction: a refusal or failure later rolls the schema back as well.
      await migrateToLatest(target);
      const targetVersion = await newestMigration(target);
      if (targetVersion !== schemaVersion) {
        throw new CopyRefused(
          `目标数据库的版本 (${targetVersion}) 与源数据库 (${schemaVersion}) 不同 (schema versions differ)`,
        );
      }
      const tables = await postgresTables(target);
      checkSameTables(sourceTables, tables);

      const copied: CopiedTable[] = [];
      const ordered = dependencyOrder(tables);
      for (const table of ordered) {
        if (DERIVED_TABLES.test(table.name) || CHANGE_COUNTERS.test(table.name)) continue;
        const rows = await copyTable(source, target, table, opts);
        copied.push({ table: table.name, rows });
      }
      // Built by the target's triggers as the rows went in; checked against the source below.
      for (const table of ordered.filter((t) => DERIVED_TABLES.test(t.name))) {
        const rows = await countRows(target, table.name);
        copied.push({ table: table.name, rows });
        opts.onProgress?.({ table: table.name, copied: rows, total: rows });
      }
      for (const table of tables) await resetIdentity(target, table);
      for (const table of tables.filter((t) => !CHANGE_COUNTERS.test(t.name))) {
        await verifyTable(source, target, table);
      }
      return { schemaVersion, tables: copied };
    });
  });
  return { ...result, ms: Math.round(performance.now() - started) };
}

// --- schema version ---------------------------------------------------------------------------

async function checkSourceVersion(source: Kysely<Database>): Promise<string> {
  const hasMigrations = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(source);
  if (hasMigrations.rows.length === 0) {
    throw new CopyRefused("源数据库不是创城通的数据库 (no kysely_migration table)");
  }
  const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
    source,
  );
  const names = applied.rows.map((r) => r.name);
  const unknown = names.find((name) => !(name in migrations));
  if (unknown) {
    throw new CopyRefused(
      `源数据库来自更新的版本 (migration ${unknown} is unknown to this program): 请用与源数据库相同或更新的程序迁移`,
    );
  }
  const latest = Object.keys(migrations).at(-1)!;
  const newest = names.at(-1) ?? null;
  if (names.length !== Object.keys(migrations).length || newest !== latest) {
    throw new CopyRefused(
      `源数据库尚未升级到本版本 (source at ${newest ?? "no migration"}, this program at ${latest}): ` +
        "先用本版本在源数据库上启动一次服务 (不设 DATABASE_URL, 启动时自动升级), 停止服务后再迁移 " +
        "(start this version once on the SQLite database so it migrates, stop it, then move)",
    );
  }
  return newest;
}

async function newestMigration(db: Kysely<Database>): Promise<string | null> {
  const { rows } = await sql<{ name: string }>`select max(name) as name from kysely_migration`.execute(db);
  return rows[0]?.name ?? null;
}

// --- catalogs ---------------------------------------------------------------------------------

interface TableInfo {
  name: string;
  columns: string[];
  /** the identity column (PostgreSQL), if any */
  identity: { column: string; always: boolean } | null;
  /** foreign keys: this table's column → the referenced table and column */
  references: Array<{ column: string; table: string; refColumn: string }>;
}

async function sqliteTables(source: Kysely<Database>): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ table: string; column: string }>`
    select m.name as "table", c.name as "column"
      from sqlite_master m, pragma_table_info(m.name) c
     where m.type = 'table' and m.name not like 'sqlite\\_%' escape '\\'
     order by m.name, c.cid`.execute(source);
  const tables = new Map<string, string[]>();
  for (const r of rows) {
    if (MIGRATION_TABLES.test(r.table)) continue;
    tables.set(r.table, [...(tables.get(r.table) ?? []), r.column]);
  }
  return tables;
}

async function postgresTables(target: Kysely<Database>): Promise<TableInfo[]> {
  const columns = await sql<{ table: string; column: string; identity: string | null }>`
    select c.table_name as "table", c.column_name as "column", c.identity_generation as identity
      from information_schema.columns c
      join information_schema.tables t using (table_schema, table_name)
     where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
     order by c.table_name, c.ordinal_position`.execute(target);
  const keys = await sql<{ table: string; column: string; refTable: string; refColumn: string }>`
    select cl.relname as "table", a.attname as "column", rf.relname as "refTable", ra.attname as "refColumn"
      from pg_constraint k
      join pg_class cl on cl.oid = k.conrelid
      join pg_class rf on rf.oid = k.confrelid
      cross join lateral unnest(k.conkey, k.confkey) as u(col, refcol)
      join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.col
      join pg_attribute ra on ra.attrelid = k.confrelid and ra.attnum = u.refcol
     where k.contype = 'f' and cl.relnamespace = current_schema()::regnamespace`.execute(target);
  const tables = new Map<string, TableInfo>();
  for (const r of columns.rows) {
    if (MIGRATION_TABLES.test(r.table)) continue;
    let info = tables.get(r.table);
    if (!info) tables.set(r.table, (info = { name: r.table, columns: [], identity: null, references: [] }));
    info.columns.push(r.column);
    if (r.identity) info.identity = { column: r.column, always: r.identity === "ALWAYS" };
  }
  for (const r of keys.rows) {
    tables.get(r.table)?.references.push({ column: r.column, table: r.refTable, refColumn: r.refColumn });
  }
  return [...tables.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Same migrations should mean same tables and columns; a difference is a bug in a migration. */
function checkSameTables(source: Map<string, string[]>, target: TableInfo[]) {
  const problems: string[] = [];
  for (const table of target) {
    const columns = source.get(table.name);
    if (!columns) problems.push(`${table.name}: only in the target`);
    else if ([...columns].sort().join() !== [...table.columns].sort().join())
      problems.push(`${table.name}: columns (${columns.join(", ")}) vs (${table.columns.join(", ")})`);
  }
  for (const name of source.keys())
    if (!target.some((t) => t.name === name)) problems.push(`${name}: only in the source`);
  if (problems.length > 0) {
    throw new Error(`the SQLite and PostgreSQL schemas differ at the same version: ${problems.join("; ")}`);
  }
}

/** Referenced tables before the tables referring to them; otherwise by name. */
function dependencyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (table: TableInfo, path: string[]) => {
    if (state.get(table.name) === "done") return;
    if (state.get(table.name) === "visiting") {
      throw new Error(`foreign keys form a cycle: ${[...path, table.name].join(" → ")}`);
    }
    state.set(table.name, "visiting");
    for (const ref of table.references) {
      const referenced = byName.get(ref.table);
      // A table referring to itself (org_unit.parent_id) is ordered row by row instead (selfOrder).
      if (referenced && referenced !== table) visit(referenced, [...path, table.name]);
    }
    state.set(table.name, "done");
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

// --- copying ----------------------------------------------------------------------------------

async function refuseNonEmpty(target: Kysely<Database>) {
  const { rows } = await sql<{ table: string }>`
    select table_name as "table" from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(target);
  const filled: string[] = [];
  for (const { table } of rows) {
    if (MIGRATION_TABLES.test(table)) continue;
    const any = await sql`select 1 from ${sql.table(table)} limit 1`.execute(target);
    if (any.rows.length > 0) filled.push(table);
  }
  if (filled.length > 0) {
    throw new CopyRefused(
      `目标数据库不是空的, 未写入任何数据 (the target holds rows, nothing was written): ${filled.join(", ")}。` +
        "请用一个新建的空数据库 (createdb), 且迁移前不要在上面启动服务 (the server creates the system admin at start)",
    );
  }
}

async function copyTable(
  source: Kysely<Database>,
  target: Kysely<Database>,
  table: TableInfo,
  opts: CopyOptions,
): Promise<number> {
  const total = await countRows(source, table.name);
  const perInsert = Math.max(1, opts.batchRows ?? DEFAULT_BATCH_ROWS);
  const insert = (rows: Row[]) => insertRows(target, table, rows);
  let copied = 0;
  const selfRefs = table.references.filter((r) => r.table === table.name);
  if (selfRefs.length > 0) {
    // Rows referring to rows of the same table (a unit under its parent): referenced rows first,
    // whatever their ids (a unit moved under a newer one). Such tables are trees, held in memory.
    const rows = selfOrder(table, selfRefs, await readAll(source, table.name));
    for (let i = 0; i < rows.length; i += perInsert) {
      await insert(rows.slice(i, i + perInsert));
      copied = Math.min(rows.length, i + perInsert);
      opts.onProgress?.({ table: table.name, copied, total });
    }
  } else {
    // By rowid, a batch at a time: 500,000 sign-ups never sit in memory at once.
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const batch = await sql<Row & { __rowid: number }>`
        select rowid as __rowid, * from ${sql.table(table.name)}
         where rowid > ${after} order by rowid limit ${perInsert}`.execute(source);
      if (batch.rows.length === 0) break;
      after = batch.rows.at(-1)!.__rowid;
      await insert(batch.rows);
      copied += batch.rows.length;
      opts.onProgress?.({ table: table.name, copied, total });
    }
  }
  if (copied !== total) {
    throw new Error(`${table.name}: read ${copied} rows of ${total}`);
  }
  // An empty table is reported too: every table ends with one report of copied === total.
  if (total === 0) opts.onProgress?.({ table: table.name, copied, total });
  return copied;
}

async function readAll(source: Kysely<Database>, table: string): Promise<Row[]> {
  const { rows } = await sql<Row>`select * from ${sql.table(table)} order by rowid`.execute(source);
  return rows;
}

/** Rows ordered so that each comes after the rows of the same table it refers to. */
function selfOrder(table: TableInfo, refs: TableInfo["references"], rows: Row[]): Row[] {
  const byKey = new Map<string, Map<unknown, Row>>();
  for (const ref of refs) {
    if (!byKey.has(ref.refColumn)) byKey.set(ref.refColumn, new Map(rows.map((r) => [r[ref.refColumn], r])));
  }
  const ordered: Row[] = [];
  const state = new Map<Row, "visiting" | "done">();
  const visit = (row: Row) => {
    if (state.get(row) === "done") return;
    if (state.get(row) === "visiting") throw new Error(`${table.name}: rows refer to each other in a cycle`);
    state.set(row, "visiting");
    for (const ref of refs) {
      const value = row[ref.column];
      const parent = value === null || value === undefined ? undefined : byKey.get(ref.refColumn)!.get(value);
      if (parent && parent !== row) visit(parent);
    }
    state.set(row, "done");
    ordered.push(row);
  };
  for (const row of rows) visit(row);
  return ordered;
}

/**
 * One INSERT per batch with the rows as a single JSON parameter, turned into rows of the table's own
 * type by json_populate_recordset: each value converted to its column's type by PostgreSQL (a
 * number stays a number, text stays the same text). Measured with the bench data (50,000 volunteers,
 * 500,000 sign-ups) about twice as fast as a multi-row VALUES list of parameters, and no batch runs
 * into PostgreSQL's limit of 65,535 parameters.
 */
async function insertRows(target: Kysely<Database>, table: TableInfo, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const name = sql.table(table.name);
  const columns = sql.join(table.columns.map((c) => sql.ref(c)));
  // Identity columns "by default" (idColumn) take the given ids as they are; "always" would need this.
  const overriding = table.identity?.always ? sql` overriding system value` : sql``;
  const json = JSON.stringify(rows, table.columns);
  try {
    await sql`insert into ${name} (${columns})${overriding}
              select ${columns} from json_populate_recordset(null::${name}, ${json}::json)`.execute(target);
  } catch (err) {
    const first = rows[0]!;
    const where = table.identity ? ` (ids ${String(first[table.identity.column])}…)` : "";
    throw new Error(`copying ${table.name}${where} failed: ${(err as Error).message}`, { cause: err });
  }
}

/** The next id a server inserts follows the largest copied one (or is 1 in an empty table). */
async function resetIdentity(target: Kysely<Database>, table: TableInfo) {
  if (!table.identity) return;
  const column = sql.ref(table.identity.column);
  await sql`select setval(pg_get_serial_sequence(${quoteIdent(table.name)}, ${table.identity.column}),
                          coalesce(max(${column}), 1), max(${column}) is not null)
              from ${sql.table(table.name)}`.execute(target);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function countRows(db: Kysely<Database>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
    db,
  );
  return Number(rows[0]!.n);
}

/** Count and id sum of one side (numbers from better-sqlite3, maybe strings from pg: compared as numbers). */
async function fingerprint(db: Kysely<Database>, table: TableInfo): Promise<string> {
  const id = table.identity
    ? sql.ref(table.identity.column)
    : COUNT_TABLES.test(table.name)
      ? sql.ref("n")
      : sql`0`;
  const { rows } = await sql<{ n: number | string; ids: number | string | null }>`
    select count(*) as n, coalesce(sum(${id}), 0) as ids from ${sql.table(table.name)}`.execute(db);
  return `${Number(rows[0]!.n)} rows, ${table.identity ? "id" : "count"} sum ${Number(rows[0]!.ids)}`;
}

async function verifyTable(source: Kysely<Database>, target: Kysely<Database>, table: TableInfo) {
  const [expected, got] = [await fingerprint(source, table), await fingerprint(target, table)];
  if (expected !== got) {
    throw new Error(
      `verification failed for ${table.name}: source ${expected}, target ${got}; nothing was written`,
    );
  }
}
