import type SQLite from "better-sqlite3";
import { pinyinSortKey, SORT_KEY_FUNCTION } from "./pinyin-sort-key.js";

// Apart from open-database.ts so that a reader thread (sqlite-reader.ts) loads neither Kysely nor pg.

/** What every connection to a 创城通 SQLite file needs, the one that writes and each reader alike. */
export function prepareConnection(sqlite: SQLite.Database) {
  // Names in pinyin order (ordering.ts): PostgreSQL has ICU's collation, SQLite gets this key.
  sqlite.function(SORT_KEY_FUNCTION, { deterministic: true }, (text: unknown) =>
    typeof text === "string" ? pinyinSortKey(text) : null,
  );
  cacheStatements(sqlite);
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
