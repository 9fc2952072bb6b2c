import { type Kysely, sql } from "kysely";
import { Migrator } from "kysely/migration";
import { migrations } from "../migrations/index.js";
import type { Database } from "./database.js";

function migrator(db: Kysely<Database>) {
  // Migrations are listed in code (not read from a folder) so that a bundled server carries them.
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/** Runs every pending migration; throws (with the failing migration named) rather than start half-migrated. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    const where = failed ? ` (migration ${failed.migrationName})` : "";
    throw new Error(`database migration failed${where}: ${String(error instanceof Error ? error.message : error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** The name of the newest applied migration, or null on an empty database. */
export async function schemaVersion(db: Kysely<Database>): Promise<string | null> {
  const all = await migrator(db).getMigrations();
  const applied = all.filter((m) => m.executedAt !== undefined);
  return applied.at(-1)?.name ?? null;
}

export async function ping(db: Kysely<Database>): Promise<boolean> {
  const row = await sql<{ ok: number }>`select 1 as ok`.execute(db);
  return row.rows[0]?.ok === 1;
}
