import type SQLite from "better-sqlite3";

/**
 * A read's rows as its columns' names and one array of values per row. better-sqlite3 builds a row
 * object through V8's embedder API, one property at a time; asking for arrays and building the objects
 * here in JavaScript, where every row of a statement shares one shape, reads a 2,000-row task tree in
 * about half the time (bench/task-tree-bench.ts). Arrays are also what a reader thread posts back:
 * cheaper to copy between threads than objects that repeat every key.
 */
export interface RowArrays {
  columns: string[];
  rows: unknown[][];
}

const columnsOf = new WeakMap<SQLite.Statement, string[]>();

/** `statement`'s rows for `parameters` as arrays; the statement is left as it was found (it is shared through the cache). */
export function readArrays(statement: SQLite.Statement, parameters: readonly unknown[]): RowArrays {
  let columns = columnsOf.get(statement);
  if (!columns) {
    columns = statement.columns().map((c) => c.name);
    columnsOf.set(statement, columns);
  }
  statement.raw(true);
  try {
    return { columns, rows: statement.all(parameters as unknown[]) as unknown[][] };
  } finally {
    statement.raw(false);
  }
}

/** The rows as objects, a later column of the same name winning as it does in better-sqlite3. */
export function asObjects({ columns, rows }: RowArrays): Array<Record<string, unknown>> {
  const n = columns.length;
  const out = new Array<Record<string, unknown>>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const values = rows[r]!;
    const row: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) row[columns[i]!] = values[i];
    out[r] = row;
  }
  return out;
}

/** `statement`'s rows for `parameters` as objects, as `statement.all` gives them, built faster. */
export function readRows(statement: SQLite.Statement, parameters: readonly unknown[]) {
  return asObjects(readArrays(statement, parameters));
}
