import SQLite from "better-sqlite3";
import pg from "pg";
import { Kysely, PostgresAdapter, PostgresDialect, type LogEvent, type Transaction } from "kysely";
import type { Database } from "./database.js";
import { prepareConnection } from "./sqlite-connection.js";
import { registerWriteWatch, RoutingSqliteDialect, type SqliteReaders } from "./sqlite-driver.js";

export type Db = Kysely<Database> | Transaction<Database>;

/** The two databases 创城通 runs on: SQLite (one file, the embedded default) and PostgreSQL. */
export type DatabaseKind = "sqlite" | "postgres";

export interface OpenDatabaseOptions {
  /** PostgreSQL only: most connections the pool holds (default 10). */
  poolSize?: number;
  /**
   * PostgreSQL only: where an idle pooled connection's error goes (the server restarted, the network
   * dropped it). The pool replaces the connection; without a listener Node would end the process.
   */
  onPoolError?: (error: Error) => void;
  /** Each query's duration in milliseconds, as Kysely measures it (the server's /metrics). */
  onQuery?: (ms: number) => void;
  /**
   * SQLite only: where reads outside a transaction run (the server's read-only connections on worker
   * threads, sqlite-reader.ts), so that no read waits on the event loop. Without it every query runs
   * on the one connection.
   */
  readers?: SqliteReaders | null;
  /**
   * SQLite with readers: a read whose statement has run, on average so far, in less than this many ms
   * stays on the event loop when the connection is free (default 1: sqlite-driver.ts, INLINE_MS).
   */
  inlineReadMs?: number;
}

/** True for a PostgreSQL connection URL (postgres://… or postgresql://…), false for a SQLite file. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/**
 * Opens the database `target` names: a PostgreSQL URL (postgres://user:password@host:5432/db, or
 * postgres://user@/db?host=/run/postgresql for a unix socket) through a `pg` pool, else a SQLite file
 * (created when missing; ":memory:" for a private in-memory database).
 */
export function openDatabase(target: string, opts: OpenDatabaseOptions = {}): Kysely<Database> {
  if (isPostgresUrl(target)) {
    return new Kysely<Database>({
      dialect: new PostgresDialect({ pool: createPostgresPool(target, opts) }),
      ...queryLog(opts),
    });
  }
  return openSqlite(target, opts);
}

/** Which database `db` (or a transaction on it) runs on. */
export function dialectOf(db: Db | Kysely<unknown>): DatabaseKind {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/**
 * A `pg` pool for `url` whose bigint (int8: count(*), sum() of integers) and numeric (avg(), sum()
 * of bigints) results come back as numbers, as they do on SQLite, instead of pg's default strings.
 * The parsers belong to this pool only; pg's global ones stay as they are for other code in the process.
 */
export function createPostgresPool(url: string, opts: OpenDatabaseOptions = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, types: numericTypes });
  pool.on(
    "error",
    opts.onPoolError ?? ((error) => console.error("PostgreSQL pool: idle connection failed:", error.message)),
  );
  return pool;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

function parseInt8(text: string): number {
  const value = Number(text);
  // Counts and sums of this schema stay far below 2^53; a bigger one is a bug, not a value to round.
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} does not fit a JavaScript number`);
  return value;
}

const numericTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID) return parseInt8;
    if (oid === NUMERIC_OID) return Number;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Kysely's log option reporting each query's duration, when asked for; none otherwise (no cost). */
function queryLog(opts: OpenDatabaseOptions) {
  const report = opts.onQuery;
  if (!report) return {};
  return {
    log: (event: LogEvent) => report(event.queryDurationMillis),
  };
}

/**
 * Opens (or creates) the SQLite database. WAL lets readers run beside the one writer, NORMAL sync
 * is safe under WAL, and busy_timeout stops a second process (a CLI, a backup) from failing at once.
 */
function openSqlite(file: string, opts: OpenDatabaseOptions = {}): Kysely<Database> {
  const sqlite = new SQLite(file);
  if (file !== ":memory:") sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  prepareConnection(sqlite);
  const dialect = new RoutingSqliteDialect(
    sqlite,
    file === ":memory:" ? null : (opts.readers ?? null),
    opts.inlineReadMs,
  );
  const db = new Kysely<Database>({ dialect, ...queryLog(opts) });
  registerWriteWatch(db, dialect);
  return db;
}
