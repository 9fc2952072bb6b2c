import { sql, type Expression, type SqlBool } from "kysely";
import { dialectOf, type Db } from "./open-database.js";

/**
 * `value LIKE pattern`, ignoring case on both databases. PostgreSQL's LIKE ignores no case: lower()
 * on both sides ("alice" finds Alice Wang; it also lowers letters beyond ASCII). SQLite's LIKE ignores
 * the case of ASCII letters already, and its lower() lowers nothing else, so lower() there would only
 * cost: a 社区's 50,000 names were searched in twice the time with it. The escape character is named,
 * as SQLite has none by default and PostgreSQL's is the backslash.
 */
export function likeIgnoringCase(
  db: Db,
  value: Expression<string | null>,
  pattern: string,
): Expression<SqlBool> {
  return dialectOf(db) === "postgres"
    ? sql<SqlBool>`lower(${value}) like lower(${pattern}) escape '\\'`
    : sql<SqlBool>`${value} like ${pattern} escape '\\'`;
}

/**
 * `value` starts with `prefix`, as a range the column's index can serve. The upper bound is the prefix
 * followed by U+FFFF, which code-point order (SQLite's BINARY, PostgreSQL's "C") and ICU put after every
 * character, but an operating system's collation (a PostgreSQL database created with zh_CN.UTF-8) may
 * ignore: on PostgreSQL the comparison is made in "C", so the match is the same whatever the database's
 * collation. Digits-only prefixes (mobiles) need no U+FFFF: the bound is the next number, in any collation.
 */
export function startsWith(db: Db, value: Expression<string | null>, prefix: string): Expression<SqlBool> {
  if (/^\d+$/.test(prefix)) return startsWithDigits(value, prefix);
  const bounded = dialectOf(db) === "postgres" ? sql`${value} collate "C"` : value;
  return sql<SqlBool>`(${bounded} >= ${prefix} and ${bounded} < ${`${prefix}\uffff`})`;
}

/** `value` starts with the digits `prefix` (a mobile's first digits): needs no collation. */
export function startsWithDigits(value: Expression<string | null>, prefix: string): Expression<SqlBool> {
  const next = nextDigits(prefix);
  return next === null
    ? sql<SqlBool>`${value} >= ${prefix}`
    : sql<SqlBool>`(${value} >= ${prefix} and ${value} < ${next})`;
}

/** The smallest digit string after every string starting with `digits` ("1389" → "139"), null for "99…". */
function nextDigits(digits: string): string | null {
  const trimmed = digits.replace(/9+$/, "");
  if (trimmed === "") return null;
  return trimmed.slice(0, -1) + String(Number(trimmed.at(-1)) + 1);
}
