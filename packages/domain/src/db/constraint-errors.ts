/**
 * True for the error a database raises when an insert or update would duplicate a unique key:
 * SQLite's SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY (better-sqlite3) and PostgreSQL's 23505 (pg).
 *
 * Services check "does it exist yet?" before they insert, and answer in Chinese when it does. On
 * SQLite that check is enough: one transaction runs at a time. PostgreSQL runs two requests creating
 * the same thing (the same mobile, the same 身份证号) side by side: both checks pass and the database
 * refuses the second insert. trpc.ts turns that refusal into CONFLICT instead of a 500.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/**
 * True for PostgreSQL's answer when two transactions waited on each other's rows (40P01, deadlock
 * detected) or could not be ordered (40001, serialization failure): it aborts one of them, which did
 * nothing wrong and succeeds when run again. Two 派遣 of problems of the same 社区 and categories, in
 * different orders, can meet this way on the counts the triggers keep (problem_state_tally).
 * SQLite runs one writing transaction at a time and never raises it.
 */
export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "40P01" || code === "40001";
}
