import Fastify, { type FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storeUpload, type Database, type FileStorage } from "@chuangcheng/domain";
import {
  callerFor,
  createTestDb,
  makeOrgTree,
  makeUser,
  memoryStorage,
  solidPng,
} from "@chuangcheng/domain/testing";
import { scheduleBoardRetention } from "./board-retention-schedule.js";

// The server's schedule of the 黑榜 retention erasure: it runs when the server is ready and then on its
// interval, takes the photos' bytes away too, logs counts and never a name, and closing waits for it.

const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY);

let db: Kysely<Database>;
let storage: FileStorage;
let app: FastifyInstance;
let logged: string[];
let people: { worker: number; admin: number; resident: number };
let courtyard: number;

beforeEach(async () => {
  db = await createTestDb();
  storage = memoryStorage();
  const tree = await makeOrgTree(db);
  courtyard = tree.a.courtyard;
  people = {
    worker: (await makeUser(db, { role: "grid_worker", unitId: tree.a.grid, name: "张伟" })).id,
    admin: (await makeUser(db, { role: "community_admin", unitId: tree.a.community, name: "李秀英" })).id,
    resident: (
      await makeUser(db, {
        role: "resident",
        name: "刘芳",
        unitId: tree.a.community,
        communityId: tree.a.community,
        courtyardId: tree.a.courtyard,
      })
    ).id,
  };
  logged = [];
  app = Fastify({ logger: { level: "info", stream: { write: (line: string) => void logged.push(line) } } });
});

afterEach(async () => {
  await app.close();
  await db.destroy();
});

/** A 黑榜 entry naming 刘芳, with a photo, approved and taken down today, through the procedures. */
let shade = 0;
async function takenDownEntry() {
  shade += 40;
  const worker = await callerFor(db, people.worker);
  const admin = await callerFor(db, people.admin);
  const photo = await storeUpload(db, storage, {
    uploaderId: people.worker,
    input: await solidPng(40, 30, [shade, 20, 30]),
  });
  const { id } = await worker.board.propose({
    category: "corridor_clutter",
    courtyardId: courtyard,
    title: "刘芳家门口堆物",
    description: "刘芳在3单元楼道堆放纸箱。",
    subjectKind: "place",
    subjectUserId: people.resident,
    photos: [photo.id],
  });
  await admin.board.confirmPhotos({ id });
  await admin.board.approve({ id });
  await admin.board.withdraw({ id, reason: "刘芳已清理" });
  const file = await db
    .selectFrom("file")
    .select(["storage_key", "thumb_key"])
    .where("id", "=", photo.id)
    .executeTakeFirstOrThrow();
  return { id, photoId: photo.id, keys: [file.storage_key, file.thumb_key] };
}

const entry = (id: number) =>
  db
    .selectFrom("board_entry")
    .select(["title", "subject_name", "subject_user_id", "erased_at"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();

describe("scheduleBoardRetention", () => {
  it("erases at start what is past its retention, photos and their bytes with it, and logs counts without names", async () => {
    const old = await takenDownEntry();
    const recent = await takenDownEntry();
    // Two years on: both are past the year. The first run starts when the server is ready.
    const schedule = scheduleBoardRetention(app, { db, storage, everyMs: 60_000, now: () => inDays(730) });
    await app.ready();
    await schedule.run();
    for (const e of [old, recent]) {
      expect(await entry(e.id)).toMatchObject({
        title: "楼道堆物（个人信息已按保存期限删除）",
        subject_name: null,
        subject_user_id: null,
        erased_at: expect.any(String),
      });
      expect(await db.selectFrom("file").select("id").where("id", "=", e.photoId).execute()).toEqual([]);
      for (const key of e.keys) expect(await storage.exists(key)).toBe(false);
    }
    const lines = logged.map((l) => JSON.parse(l) as Record<string, unknown>);
    const erasure = lines.filter(
      (l) => l.msg === "erased the personal data of 黑榜 entries past their retention period",
    );
    expect(erasure).toEqual([
      expect.objectContaining({ entries: 2, appeals: 0, photos: 2, auditRows: 2, filesRemoved: 2 }),
    ]);
    expect(logged.join("\n")).not.toContain("刘芳");
  });

  it("leaves an entry within its retention, runs again on its interval, and logs nothing when nothing was due", async () => {
    const { id } = await takenDownEntry();
    let now = inDays(30);
    const schedule = scheduleBoardRetention(app, { db, storage, everyMs: 25, now: () => now });
    await app.ready();
    await schedule.run();
    expect((await entry(id)).erased_at).toBeNull();
    expect(logged.join("\n")).not.toContain("erased");
    now = inDays(400);
    // The interval's next run (every 25 ms here) erases it.
    for (let i = 0; i < 200 && (await entry(id)).erased_at === null; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect((await entry(id)).erased_at).not.toBeNull();
  });

  it("logs a failure and tries again at the next run", async () => {
    const { id } = await takenDownEntry();
    let fail = true;
    const failing = db.withPlugin({
      transformQuery: (args) => {
        if (fail && args.node.kind === "UpdateQueryNode") throw new Error("database is locked");
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    });
    const schedule = scheduleBoardRetention(app, { db: failing, storage, now: () => inDays(400) });
    await schedule.run();
    expect(logged.some((l) => l.includes("黑榜 retention erasure failed"))).toBe(true);
    expect((await entry(id)).erased_at).toBeNull();
    fail = false;
    await schedule.run();
    expect((await entry(id)).erased_at).not.toBeNull();
  });

  it("closing the server waits for a run in progress", async () => {
    const { id } = await takenDownEntry();
    // Every query a little slow: the run is still going when close is called.
    const slow = db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        await new Promise((r) => setTimeout(r, 5));
        return args.result;
      },
    });
    const schedule = scheduleBoardRetention(app, { db: slow, storage, now: () => inDays(400) });
    const running = schedule.run();
    await app.close();
    expect((await entry(id)).erased_at).not.toBeNull();
    await running;
  });
});
