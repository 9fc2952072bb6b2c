import { afterEach, beforeEach, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { Database } from "./db/database.js";
import { createContextInner } from "./context.js";
import { createTestDb, makeUnit, trpcErrorOf } from "./testing/index.js";
import { createCallerFactory, publicProcedure, router, transactional } from "./trpc.js";

// A mutation's one transaction: a run PostgreSQL aborted to break a deadlock (40P01) or could not
// serialise (40001) runs again from the start, its writes rolled back; any other failure is final.

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});
afterEach(() => db.destroy());

const dbError = (code: string, message: string) => Object.assign(new Error(message), { code });

/** A mutation that writes a 社区 each run and fails its first `failures` runs with `error`. */
function failingMutation(failures: number, error: () => Error) {
  let runs = 0;
  const app = router({
    write: publicProcedure.use(transactional).mutation(async ({ ctx }) => {
      runs++;
      const street = await makeUnit(ctx.db as Kysely<Database>, "street", null, { name: "测试街道" });
      await makeUnit(ctx.db as Kysely<Database>, "community", street, { name: `第${runs}次写入` });
      if (runs <= failures) throw error();
      return runs;
    }),
  });
  const caller = createCallerFactory(app)(createContextInner({ db }));
  return { caller, runs: () => runs };
}

const unitNames = async () =>
  (await db.selectFrom("org_unit").select("name").where("kind", "=", "community").execute()).map(
    (r) => r.name,
  );

it("runs a mutation aborted by a deadlock again, and keeps only the writes of the run that succeeded", async () => {
  const m = failingMutation(2, () => dbError("40P01", "deadlock detected"));
  expect(await m.caller.write()).toBe(3);
  expect(m.runs()).toBe(3);
  expect(await unitNames()).toEqual(["第3次写入"]);
});

it("runs a serialization failure again too", async () => {
  const m = failingMutation(1, () => dbError("40001", "could not serialize access"));
  expect(await m.caller.write()).toBe(2);
  expect(await unitNames()).toEqual(["第2次写入"]);
});

it("gives up after three runs, with nothing written", async () => {
  const m = failingMutation(10, () => dbError("40P01", "deadlock detected"));
  const error = await trpcErrorOf(m.caller.write());
  expect(error.code).toBe("INTERNAL_SERVER_ERROR");
  expect(m.runs()).toBe(3);
  expect(await unitNames()).toEqual([]);
});

it("does not run again a mutation that failed for any other reason", async () => {
  const m = failingMutation(1, () => dbError("23502", "null value in column"));
  const error = await trpcErrorOf(m.caller.write());
  expect(error.code).toBe("INTERNAL_SERVER_ERROR");
  expect(m.runs()).toBe(1);
  expect(await unitNames()).toEqual([]);
});
