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
