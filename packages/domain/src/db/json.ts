import type { ColumnType } from "kysely";

/*
 * JSON values kept in text columns (volunteer.service_times, activity.skills).
 *
 * Not Kysely's JSONColumnType<T>: it types a select as the parsed T, but SQLite hands back the text,
 * so every read would be a string typed as an array unless a plugin parsed it. Kysely's
 * ParseJSONResultsPlugin guesses by shape ("[…]", "{…}") and would also turn audit_log.before/after
 * and any user text that happens to look like JSON (an activity titled "[1]") into objects.
 *
 * Instead a JSON column's type is its text, branded with what the text holds: writes go through
 * toJson(value) and reads through fromJson(text), and the compiler refuses both a plain string
 * written and the text used as if it were parsed. Both directions stay visible at the call site.
 *
 * PostgreSQL: the columns may stay text (the same code runs), or become jsonb: the pg driver then
 * returns parsed values, which fromJson passes through, and takes toJson's text as a jsonb parameter.
 */

declare const jsonContent: unique symbol;

/** JSON text that holds a T. */
export type JsonText<T> = string & { readonly [jsonContent]: T };

/** A text column holding the JSON of a T; may be left out on insert where the column has a default. */
export type JsonColumn<T> = ColumnType<JsonText<T>, JsonText<T> | undefined, JsonText<T>>;

/** The text to store for a JSON column. */
export function toJson<T>(value: T): JsonText<T> {
  return JSON.stringify(value) as JsonText<T>;
}

/** The value a JSON column holds (SQLite returns its text; a PostgreSQL jsonb column, the value). */
export function fromJson<T>(stored: JsonText<T>): T {
  return (typeof stored === "string" ? JSON.parse(stored) : stored) as T;
}
