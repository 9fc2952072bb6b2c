import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, type Transaction } from "kysely";
import type { Database } from "./database.js";

export type Db = Kysely<Database> | Transaction<Database>;

/**
 * Opens (or creates) the SQLite database. WAL lets readers run beside the one writer, NORMAL sync
 * is safe under WAL, and busy_timeout stops a second process (a CLI, a backup) from failing at once.
 */
export function openDatabase(file: string): Kysely<Database> {
  const sqlite = new SQLite(file);
  if (file !== ":memory:") sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  cacheStatements(sqlite);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/**
 * Kysely prepares every query anew; preparing costs more than running a small query. Statements are
 * reused by their SQL text (parameters are bound per call). Safe because better-sqlite3 runs a
 * statement synchronously to completion; Kysely's streaming (iterate) is not used here.
 */
function cacheStatements(sqlite: SQLite.Database, max = 1000) {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      if (cache.size >= max) cache.clear();
      statement = prepare(source);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof sqlite.prepare;
}
