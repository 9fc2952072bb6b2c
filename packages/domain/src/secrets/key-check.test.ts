import { afterEach, beforeEach, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import { createTestDb, makeOrgTree, makeVolunteer, TEST_KEYS } from "../testing/index.js";
import { deriveDataKeys, generateMasterKey } from "./data-keys.js";
import { keysReadStoredData } from "./key-check.js";

// A server refuses to start with a master key that cannot read the 身份证号 already stored (main.ts):
// two servers of one database with different keys would each write data the other cannot read.

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});
afterEach(() => db.destroy());

it("accepts any key while no 身份证号 is stored", async () => {
  expect(await keysReadStoredData(db, deriveDataKeys(generateMasterKey()))).toBe(true);
});

it("accepts the key the stored 身份证号 were encrypted with and refuses another", async () => {
  const tree = await makeOrgTree(db);
  await makeVolunteer(db, { courtyardId: tree.a.courtyard });
  expect(await keysReadStoredData(db, TEST_KEYS)).toBe(true);
  expect(await keysReadStoredData(db, deriveDataKeys(generateMasterKey()))).toBe(false);
});
