import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from "kysely";

// Frozen like the migrations that use it: changing what it produces would change the schema of
// databases that already exist. Never import app code here (the app's dialectOf lives in
// db/open-database.ts; migrations keep their own copy of that one test so they stay self-contained).

/** True when the migration runs on PostgreSQL. */
export function onPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * The `id` column of a table: `integer primary key autoincrement` on SQLite, exactly as the
 * migrations wrote it before PostgreSQL (a test compares sqlite_master with a stored copy), and an
 * identity column on PostgreSQL. "By default", not "always": copying data over (npm run
 * migrate-to-postgres) keeps the ids it inserts, and then resets the sequence.
 *
 *   .addColumn("id", "integer", idColumn(db))
 */
export function idColumn(db: Kysely<any>): (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return onPostgres(db)
    ? (column) => column.primaryKey().generatedByDefaultAsIdentity()
    : (column) => column.primaryKey().autoIncrement();
}
