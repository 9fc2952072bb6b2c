import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { localDiskStorage } from "../files/storage.js";
import { callerFor, createTestDb } from "../testing/index.js";
import { seedDemo } from "./demo-data.js";
import { seedDemoProblems } from "./demo-problems.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it("gives a new installation problems in every state, with photos, through the rules of the problem feature", async () => {
  const db = await createTestDb();
  const root = mkdtempSync(join(tmpdir(), "cc-demo-problems-"));
  dirs.push(root);
  await seedDemo(db);
  await seedDemoProblems(db, localDiskStorage(root));
  // The seed acted through sessions of the demo accounts, and leaves none behind.
  expect(await db.selectFrom("session").select("id").execute()).toEqual([]);
  const id = async (mobile: string) =>
    (await db.selectFrom("user").select("id").where("mobile", "=", mobile).executeTakeFirstOrThrow()).id;
  const admin = await callerFor(db, await id("13800000002"));
  const dongjie = (await admin.org.tree()).find((u) => u.name === "东街社区")!.id;

  const list = await admin.problem.list({ communityId: dongjie });
  expect(list.counts).toEqual({
    pending: 3,
    rectifying: 4,
    reviewing: 2,
    closed: 6,
    rejected: 2,
    overdue: 2,
    all: 17,
  });
  // The closed ones went through 派遣, 整改上报 and 复查, one with a 退回, one reopened by a 不满意.
  const closed = await admin.problem.list({ communityId: dongjie, state: "closed" });
  const timelines = await Promise.all(
    closed.items.map(async (p) => (await admin.problem.detail({ id: p.id })).steps.map((s) => s.action)),
  );
  expect(timelines).toContainEqual(["report", "dispatch", "submit", "return", "submit", "approve"]);
  expect(timelines).toContainEqual(["report", "dispatch", "submit", "approve", "rate", "reopen", "approve"]);
  for (const p of closed.items) {
    const detail = await admin.problem.detail({ id: p.id });
    expect(detail.beforePhotos.length).toBeGreaterThan(0);
    expect(detail.afterPhotos.length).toBeGreaterThan(0);
  }

  // The portal: this month's figures and four solved problems published with photos.
  const anon = await callerFor(db, null);
  const feed = await anon.problem.publicFeed({ communityId: dongjie });
  expect(feed.items).toHaveLength(4);
  for (const p of feed.items)
    expect([p.beforePhotos.length > 0, p.afterPhotos.length > 0]).toEqual([true, true]);
  const figures = await anon.problem.publicFigures({ communityId: dongjie });
  expect(figures.accepted).toBeGreaterThan(0);

  // The demo resident follows her 随手拍 and has been told of their progress; the grid worker has his 待办.
  const resident = await callerFor(db, await id("13800000004"));
  const mine = await resident.problem.mine({ pageSize: 50 });
  expect(mine.total).toBe(9);
  expect(mine.items.filter((p) => p.canRate)).toHaveLength(2);
  expect((await resident.notification.unreadCount()).count).toBeGreaterThan(0);
  const worker = await callerFor(db, await id("13800000003"));
  expect((await worker.problem.todo({})).items.map((p) => p.state)).toContain("rectifying");

  // 西关: its own, and nothing of 东街 to its admin.
  const xiguanAdmin = await callerFor(db, await id("13800000005"));
  expect((await xiguanAdmin.problem.list({})).counts).toMatchObject({
    pending: 1,
    rectifying: 1,
    closed: 1,
    all: 3,
  });
});
