import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@chuangcheng/domain";
import {
  createPostgresDatabase,
  TEST_DATABASE_URL,
  TEST_KEYS,
  type ScratchPostgres,
} from "@chuangcheng/domain/testing";
import type { Kysely } from "kysely";
import { buildServer } from "./server.js";

// /healthz on PostgreSQL (the SQLite answer is in server.test.ts). Runs in the server's PostgreSQL pass.

if (!TEST_DATABASE_URL)
  console.info("PostgreSQL not available (TEST_DATABASE_URL unset): /healthz on PostgreSQL not tested");

describe.runIf(TEST_DATABASE_URL)("/healthz on PostgreSQL", () => {
  let scratch: ScratchPostgres;
  let db: Kysely<Database>;
  beforeEach(async () => {
    scratch = await createPostgresDatabase({ prefix: "cc_healthz" });
    db = openDatabase(scratch.url, { poolSize: 2 });
  });
  afterEach(async () => {
    await db.destroy();
    await scratch.drop();
  });

  it("says the database is up, that it is PostgreSQL, and its schema version", async () => {
    const app = await buildServer({ db, keys: TEST_KEYS, logLevel: "silent" });
    try {
      const res = await app.inject({ url: "/healthz" });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: "ok", database: true, databaseKind: "postgres" });
      expect(res.json().schemaVersion).toMatch(/^\d{4}-\d{2}-\d{2}T\d{4}-[a-z-]+$/);
    } finally {
      await app.close();
    }
  });
});
