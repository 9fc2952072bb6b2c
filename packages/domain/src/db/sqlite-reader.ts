import SQLite from "better-sqlite3";
import { prepareConnection } from "./sqlite-connection.js";
import { readArrays, type RowArrays } from "./sqlite-rows.js";

/** A read-only connection to a 创城通 SQLite file, for a thread that only reads (the server's readers). */
export interface SqliteReadConnection {
  /** The rows as arrays with their columns' names (db/sqlite-rows.ts), and how long the statement ran. */
  all(sql: string, parameters: readonly unknown[]): RowArrays & { ms: number };
  close(): void;
}

/**
 * Opens `file` read-only: the same functions and statement cache as the writing connection, and a
 * busy timeout for the moment a checkpoint holds the WAL. Refuses any write (query_only), so a
 * statement sent here by mistake fails instead of writing outside the one connection's turns.
 */
export function openSqliteReader(file: string): SqliteReadConnection {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("query_only = ON");
  prepareConnection(sqlite);
  return {
    all: (sql, parameters) => {
      const started = performance.now();
      const read = readArrays(sqlite.prepare(sql), parameters);
      return { ...read, ms: performance.now() - started };
    },
    close: () => sqlite.close(),
  };
}
