import { sql, type Expression, type OrderByItemBuilder } from "kysely";
import { dialectOf, type Db } from "./open-database.js";

// What SQLite and PostgreSQL order differently unless told, told the same way to both.
//
// NULLs: SQLite holds NULL smaller than any value (first going up, last going down); PostgreSQL holds
// it larger. Every ORDER BY over a column that may be NULL says where NULLs go: as SQLite always did,
// so the 街道 (no parent) heads the organisation tree on both.
//
// Names: a Chinese user looks for 姓名 in pinyin order (阿明, 白雪, 陈静 … 赵六), the order of the
// phone book and of every roster printed in China; code-point order (SQLite's BINARY, PostgreSQL's
// "C") scatters them by radical instead (刘芳, 张伟, 李娜 …). PostgreSQL sorts by ICU's Chinese
// collation, "zh-x-icu" (every mainstream build has ICU; Debian's does). SQLite has no such collation
// and better-sqlite3 cannot add one, so the SQLite connection carries a function, zh_sort_key(name)
// (pinyin-sort-key.ts),
// giving a key whose plain (BINARY) order is that same pinyin order: each Chinese character's rank in
// Node's ICU pinyin order (ICU gives every character a primary weight of its own, so the character-
// by-character comparison is ICU's), digits before and letters after characters, case ignored. For names
// written in Chinese characters both databases give the same order; a test pins it on both.
// The key is computed while sorting, not stored: sorting a 社区 of 50,000 by name costs SQLite a few
// tens of milliseconds more than reading the (community_id, name) index in order would.

/** `asc`/`desc` with NULLs where SQLite puts them: first going up, last going down. */
export function nullsLow(direction: "asc" | "desc") {
  return (ob: OrderByItemBuilder) => (direction === "asc" ? ob.asc().nullsFirst() : ob.desc().nullsLast());
}

/** The expression to ORDER BY for names in pinyin order (see above). */
export function byName(db: Db, name: Expression<string | null>): Expression<string | null> {
  return dialectOf(db) === "postgres"
    ? sql<string | null>`${name} collate "zh-x-icu"`
    : sql<string | null>`zh_sort_key(${name})`;
}
