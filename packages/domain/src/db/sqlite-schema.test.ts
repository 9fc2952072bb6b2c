import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrateToLatest } from "./migrate.js";
import { openDatabase } from "./open-database.js";

// The migrations were made portable to PostgreSQL after they had shipped on SQLite. They may only be
// edited on one condition: the SQLite schema they produce stays exactly the same, byte for byte, so an
// existing database and a new one never differ. The fixture is sqlite_master of a database migrated
// with the migrations as they were before that change. A new migration changes the schema on purpose:
// regenerate the fixture then (UPDATE_SQLITE_SCHEMA=1 npx vitest run src/db/sqlite-schema.test.ts) and
// review its diff, which must only add what the new migration adds.

const FIXTURE = fileURLToPath(new URL("./fixtures/sqlite-schema.json", import.meta.url));

interface SchemaRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

async function migratedSchema(): Promise<SchemaRow[]> {
  const db = openDatabase(":memory:");
  try {
    await migrateToLatest(db);
    const { rows } = await sql<SchemaRow>`
      select type, name, tbl_name, sql from sqlite_master order by type, name`.execute(db);
    return rows;
  } finally {
    await db.destroy();
  }
}

describe("the SQLite schema", () => {
  it("is exactly what the migrations produced before they were made portable (plus later migrations)", async () => {
    const schema = await migratedSchema();
    if (process.env.UPDATE_SQLITE_SCHEMA === "1")
      writeFileSync(FIXTURE, JSON.stringify(schema, null, 2) + "\n");
    const stored = JSON.parse(readFileSync(FIXTURE, "utf8")) as SchemaRow[];
    expect(schema).toEqual(stored);
    // The fixture itself is not empty or partial: every table of the app is in it.
    expect(stored.filter((r) => r.type === "table").map((r) => r.name)).toEqual(
      expect.arrayContaining([
        "org_unit",
        "user",
        "session",
        "volunteer",
        "activity_signup",
        "kysely_migration",
      ]),
    );
  });
});
