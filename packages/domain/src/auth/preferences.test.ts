import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { callerFor, createTestDb, errorShapeOf, makeOrgTree, makeUser, trpcErrorOf } from "../testing/index.js";

let db: Kysely<Database>;
let residentId: number;
let neighbourId: number;

beforeEach(async () => {
  db = await createTestDb();
  const tree = await makeOrgTree(db);
  residentId = (await makeUser(db, { mobile: "13700000001", role: "resident", unitId: tree.a.community })).id;
  neighbourId = (await makeUser(db, { mobile: "13700000002", role: "resident", unitId: tree.a.community })).id;
});

describe("auth.setCareMode", () => {
  it("is unset on a new account, so the phone's own choice stands", async () => {
    expect((await (await callerFor(db, residentId)).auth.me()).careMode).toBeNull();
  });

  it("keeps the choice on the account: every later session of the owner sees it, nobody else's changes", async () => {
    await (await callerFor(db, residentId)).auth.setCareMode({ on: true });
    // A new session stands for a new phone: it reads the choice from the account.
    expect((await (await callerFor(db, residentId)).auth.me()).careMode).toBe(true);
    expect((await (await callerFor(db, neighbourId)).auth.me()).careMode).toBeNull();

    await (await callerFor(db, residentId)).auth.setCareMode({ on: false });
    expect((await (await callerFor(db, residentId)).auth.me()).careMode).toBe(false);
  });

  it("refuses anything but yes or no, naming the field in Chinese", async () => {
    const caller = await callerFor(db, residentId);
    const error = await trpcErrorOf(caller.auth.setCareMode({ on: "yes" as unknown as boolean }));
    expect(errorShapeOf(error, "auth.setCareMode").data.fieldErrors).toEqual({ on: ["请选择是否开启关怀模式"] });
    expect((await caller.auth.me()).careMode).toBeNull();
  });
});
