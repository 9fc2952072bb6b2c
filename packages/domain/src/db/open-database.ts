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
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}
