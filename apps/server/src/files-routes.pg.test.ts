import { describe } from "vitest";
import { openDatabase } from "@chuangcheng/domain";
import { createPostgresDatabase, TEST_DATABASE_URL } from "@chuangcheng/domain/testing";
import { fileRouteCases } from "./files-routes.test-cases.js";

// The photo routes of files-routes.test.ts on PostgreSQL, in the server's PostgreSQL pass.

if (!TEST_DATABASE_URL)
  console.info("PostgreSQL not available (TEST_DATABASE_URL unset): photo routes on PostgreSQL not tested");

describe.runIf(TEST_DATABASE_URL)("photo routes on PostgreSQL", () => {
  fileRouteCases(async () => {
    const scratch = await createPostgresDatabase({ prefix: "cc_files" });
    const db = openDatabase(scratch.url, { poolSize: 4 });
    return {
      db,
      close: async () => {
        await db.destroy();
        await scratch.drop();
      },
    };
  });
});
