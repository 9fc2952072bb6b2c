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
// and better-sqlite3 cannot add one, so the SQLite connection carries a function, zh_sort_key(name),
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

/** The SQL function name the SQLite connection registers (open-database.ts). */
export const SORT_KEY_FUNCTION = "zh_sort_key";

const HAN_BLOCKS: Array<[number, number]> = [
  [0x3400, 0x4dbf], // CJK Unified Ideographs Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
];
const HAN_FIRST = 0x3400;
const HAN_LAST = 0x9fff;
// Key units, in ICU's order for Chinese (which puts Han before the other scripts): a digit, space or
// punctuation mark below 0x1000 stands for itself; a Chinese character is 0x1000 + its rank; a letter
// below 0x1000 (Latin, Greek, Cyrillic) is 0x8000 + its code point; anything else is 0xE000 followed
// by the character itself.
const RANK_BASE = 0x1000;
const LETTER_BASE = 0x8000;
const OTHER_MARK = "\ue000";

let ranks: Uint16Array | undefined;

/** Each Chinese character's place in pinyin order, built once (about 0.1 s) on the first name sort. */
function pinyinRanks(): Uint16Array {
  if (ranks) return ranks;
  const chars: string[] = [];
  for (const [from, to] of HAN_BLOCKS)
    for (let cp = from; cp <= to; cp++) chars.push(String.fromCharCode(cp));
  chars.sort(new Intl.Collator("zh").compare);
  const table = new Uint16Array(HAN_LAST - HAN_FIRST + 1).fill(0xffff);
  chars.forEach((c, rank) => (table[c.charCodeAt(0) - HAN_FIRST] = rank));
  return (ranks = table);
}

/** A string whose code-point order is the pinyin order of `text` (see above). */
export function pinyinSortKey(text: string): string {
  const table = pinyinRanks();
  let key = "";
  for (const ch of text.toLowerCase()) {
    const cp = ch.codePointAt(0)!;
    const rank = cp >= HAN_FIRST && cp <= HAN_LAST ? table[cp - HAN_FIRST]! : 0xffff;
    if (rank !== 0xffff) key += String.fromCharCode(RANK_BASE + rank);
    else if (cp < RANK_BASE) key += /\p{L}/u.test(ch) ? String.fromCharCode(LETTER_BASE + cp) : ch;
    else key += OTHER_MARK + ch;
  }
  return key;
}
