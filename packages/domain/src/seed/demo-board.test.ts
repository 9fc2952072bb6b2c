import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { ensureSystemAdmin } from "./bootstrap.js";
import { seedDemo } from "./demo-data.js";
import { seedDemoBoard } from "./demo-board.js";
import { localDiskStorage } from "../files/storage.js";
import { callerFor, createTestDb } from "../testing/index.js";

// The demo board: what a new installation shows on 东街社区's 黑白榜, made through the board services.

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

it("gives 东街社区 this month's and last month's editions, a nomination to review and a notice to 刘芳", async () => {
  const db = await createTestDb();
  const root = mkdtempSync(join(tmpdir(), "cc-demo-board-"));
  roots.push(root);
  await ensureSystemAdmin(db, { mobile: "13800000000", password: "demo-admin-pass" });
  await seedDemo(db);
  await seedDemoBoard(db, localDiskStorage(root));
  const userId = async (mobile: string) =>
    (await db.selectFrom("user").select("id").where("mobile", "=", mobile).executeTakeFirstOrThrow()).id;
  const dongjie = (
    await db.selectFrom("org_unit").select("id").where("name", "=", "东街社区").executeTakeFirstOrThrow()
  ).id;

  const visitor = await callerFor(db, null);
  const board = await visitor.board.publicList({ communityId: dongjie });
  expect(board.white.map((e) => e.subject)).toEqual(["孙秀兰", "3号楼2单元 王家", "房管所家属院"]);
  expect(board.blackVisible).toBe(false);
  expect(await visitor.board.publicEditions({ communityId: dongjie })).toHaveLength(2);

  const resident = await callerFor(db, await userId("13800000004"));
  const asResident = await resident.board.publicList({ communityId: dongjie });
  expect(asResident.black.map((e) => e.title)).toEqual(["绿化带内私自种菜"]);
  expect(asResident.rectifiedLastMonth.map((e) => e.title)).toEqual(["2号楼3单元楼道堆放纸箱"]);
  const mine = await resident.board.mine();
  expect(mine.notices).toMatchObject([{ title: "1号楼电动车飞线充电", canAppeal: true }]);
  expect(mine.nominations).toMatchObject([{ state: "pending" }]);

  const admin = await callerFor(db, await userId("13800000002"));
  expect((await admin.board.list({ state: "pending" })).total).toBe(1);
  await db.destroy();
});
