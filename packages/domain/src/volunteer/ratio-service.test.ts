import type { Kysely } from "kysely";
import { beforeEach, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { ValidationError } from "../errors.js";
import { callerFor, createTestDb, errorShapeOf, makeOrgTree, makeUser, sessionFor, trpcErrorOf } from "../testing/index.js";
import { setRatioTarget } from "./ratio-service.js";

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let admin: number;

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  admin = (await makeUser(db, { role: "community_admin", unitId: tree.a.community })).id;
});

it("refuses an out-of-range 注册率 target with a message on the field, never clamping it", async () => {
  const c = await callerFor(db, admin);
  const fieldErrors = async (targetPermille: number) =>
    errorShapeOf(await trpcErrorOf(c.volunteer.setTarget({ communityId: tree.a.community, targetPermille })), "volunteer.setTarget").data
      .fieldErrors;
  expect(await fieldErrors(1500)).toEqual({ targetPermille: ["目标不能超过100%"] });
  expect(await fieldErrors(0)).toEqual({ targetPermille: ["目标至少为0.1%"] });
  expect(await fieldErrors(102.5)).toEqual({ targetPermille: ["目标最多保留1位小数"] });
  expect((await c.volunteer.ratio({ communityId: tree.a.community })).targetPercent).toBe(10);

  // The service refuses the same for callers that skip the schema.
  const session = await sessionFor(db, admin);
  await expect(setRatioTarget(db, session, { communityId: tree.a.community, targetPermille: 2000 })).rejects.toEqual(
    new ValidationError("targetPermille", "目标不能超过100%"),
  );
  await c.volunteer.setTarget({ communityId: tree.a.community, targetPermille: 1000 });
  expect((await c.volunteer.ratio({ communityId: tree.a.community })).targetPercent).toBe(100);
});
