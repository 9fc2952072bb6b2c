import Fastify, { type FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Database } from "@chuangcheng/domain";
import { createTestDb, makeOrgTree, makeUser } from "@chuangcheng/domain/testing";
import { scheduleTaskDigests } from "./task-digest-schedule.js";

// The server's schedule of the daily task digest: nothing before 08:00 China time, then each
// person's digest once, however often it runs and across a restart; logs counts only.

let db: Kysely<Database>;
const apps: FastifyInstance[] = [];
let logged: string[];
let worker: number;

/** 2026-12-03 at `hour`:30 China time. */
const chinaAt = (hour: number) => new Date(Date.UTC(2026, 11, 3, hour - 8, 30));

beforeEach(async () => {
  db = await createTestDb();
  const tree = await makeOrgTree(db);
  worker = (await makeUser(db, { role: "grid_worker", unitId: tree.a.grid, name: "张伟" })).id;
  const admin = (await makeUser(db, { role: "community_admin", unitId: tree.a.community, name: "李秀英" }))
    .id;
  const at = new Date().toISOString();
  const { id: campaignId } = await db
    .insertInto("campaign")
    .values({
      name: "2027年创建全国文明城市",
      kind: "national_civilized_city",
      scope_unit_id: tree.street,
      period_start: "2026-01-01",
      period_end: "2027-12-31",
      stage: "implementing",
      created_by: admin,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const task = (title: string, dueOn: string) => ({
    campaign_id: campaignId,
    parent_id: null,
    sort: 1,
    title,
    description: "",
    unit_id: tree.a.grid,
    assignee_user_id: worker,
    assigned_by: admin,
    start_on: "2026-11-01",
    due_on: dueOn,
    priority: "normal" as const,
    state: "in_progress" as const,
    weight: null,
    cancel_reason: null,
    created_at: at,
    updated_at: at,
  });
  await db
    .insertInto("task")
    .values([task("楼道清理", "2026-12-03"), task("宣传栏更新", "2026-12-01")])
    .execute();
  logged = [];
});

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  await db.destroy();
});

function server(now: () => Date) {
  const app = Fastify({
    logger: { level: "info", stream: { write: (line: string) => void logged.push(line) } },
  });
  apps.push(app);
  return { app, ...scheduleTaskDigests(app, { db, now, everyMs: 60_000 }) };
}

const digests = () =>
  db
    .selectFrom("notification")
    .select(["user_id", "kind", "body"])
    .where("kind", "=", "task_digest")
    .execute();

it("sends nothing before 08:00 China time, then each digest once, across runs and a restart", async () => {
  let now = chinaAt(7);
  const first = server(() => now);
  await first.app.ready();
  await first.run();
  expect(await digests()).toEqual([]);
  now = chinaAt(9);
  await first.run();
  await first.run();
  const sent = await digests();
  expect(sent).toEqual([{ user_id: worker, kind: "task_digest", body: "今日到期 1 项、已逾期 1 项。" }]);
  // A restart later that day: a new server on the same database sends nothing again.
  await first.app.close();
  now = chinaAt(15);
  const second = server(() => now);
  await second.app.ready();
  await Promise.all([second.run(), server(() => now).run()]);
  expect(await digests()).toEqual(sent);
  const lines = logged.filter((l) => l.includes("daily task digests"));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('"sent":1');
  expect(lines.join("\n")).not.toContain("张伟");
});
