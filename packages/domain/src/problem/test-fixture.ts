import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import { createContextInner } from "../context.js";
import { createCaller } from "../root.js";
import { storeUpload } from "../files/files-service.js";
import { localDiskStorage } from "../files/storage.js";
import { solidPng } from "../files/test-images.js";
import { TEST_KEYS, createTestDb, makeOrgTree, makeUnit, makeUser, sessionFor } from "../testing/index.js";

// For the problem feature's tests: two 社区 (A with two 网格), a person in every role, photo uploads on
// a throwaway disk store, and callers that carry that store (the 整改台账 reads photos from it).

export async function problemFixture(db?: Kysely<Database>) {
  db ??= await createTestDb();
  const tree = await makeOrgTree(db);
  const grid2 = await makeUnit(db, "grid", tree.a.community, { name: "甲社区第二网格" });
  const courtyard2 = await makeUnit(db, "courtyard", grid2, { name: "甲社区二号院" });
  const user = async (opts: Parameters<typeof makeUser>[1]) => (await makeUser(db, opts)).id;
  const people = {
    resident: await user({
      name: "刘芳",
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    }),
    neighbour: await user({
      name: "陈静",
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    }),
    residentB: await user({
      name: "乙居民",
      role: "resident",
      unitId: tree.b.community,
      communityId: tree.b.community,
      courtyardId: tree.b.courtyard,
    }),
    worker: await user({ name: "张伟", role: "grid_worker", unitId: tree.a.grid }),
    worker2: await user({ name: "王强", role: "grid_worker", unitId: grid2 }),
    workerB: await user({ name: "乙网格员", role: "grid_worker", unitId: tree.b.grid }),
    admin: await user({ name: "李秀英", role: "community_admin", unitId: tree.a.community }),
    admin2: await user({ name: "周敏", role: "community_admin", unitId: tree.a.community }),
    adminB: await user({ name: "赵丽华", role: "community_admin", unitId: tree.b.community }),
    street: await user({ name: "王建国", role: "street_admin", unitId: tree.street }),
    system: await user({ name: "系统管理员", role: "system_admin" }),
  };
  const root = mkdtempSync(join(tmpdir(), "cc-problem-"));
  const storage = localDiskStorage(root);
  let shade = 0;
  /** An upload by `userId`, not yet attached: its id goes into `photos`. */
  const photo = async (userId: number) => {
    shade = (shade + 37) % 200;
    const ref = await storeUpload(db, storage, {
      uploaderId: userId,
      input: await solidPng(64, 48, [shade, 120, 200 - shade]),
    });
    return ref.id;
  };
  /** `n` uploads, one after another (photos show in upload order). */
  const photos = async (userId: number, n: number) => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) ids.push(await photo(userId));
    return ids;
  };
  const as = async (userId: number | null) =>
    createCaller(
      createContextInner({
        db,
        session: userId === null ? null : await sessionFor(db, userId),
        keys: TEST_KEYS,
        fileStorage: storage,
      }),
    );
  /** A 随手拍 by the resident in 社区 A's first 楼院. */
  const reported = async (
    opts: {
      description?: string;
      category?: Parameters<Awaited<ReturnType<typeof as>>["problem"]["report"]>[0]["category"];
    } = {},
  ) => {
    const me = await as(people.resident);
    return (
      await me.problem.report({
        courtyardId: tree.a.courtyard,
        description: opts.description ?? "3单元楼道堆放杂物",
        category: opts.category ?? "corridor_clutter",
        photos: [await photo(people.resident)],
      })
    ).id;
  };
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  return { db, tree, grid2, courtyard2, people, storage, photo, photos, as, reported, cleanup };
}

export type ProblemFixture = Awaited<ReturnType<typeof problemFixture>>;

/** Counts of the rows a problem consists of, to show that a refused call stored nothing. */
export async function problemRowCounts(db: Kysely<Database>) {
  const count = async (table: "problem" | "problem_step" | "notification" | "audit_log") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const attached = Number(
    (
      await db
        .selectFrom("file")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("owner_id", "is not", null)
        .executeTakeFirstOrThrow()
    ).n,
  );
  return {
    problems: await count("problem"),
    steps: await count("problem_step"),
    notifications: await count("notification"),
    audit: await count("audit_log"),
    attachedFiles: attached,
  };
}
