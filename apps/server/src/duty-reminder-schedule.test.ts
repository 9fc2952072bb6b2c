import Fastify, { type FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Database } from "@chuangcheng/domain";
import { callerFor, createTestDb, makeOrgTree, makeUser } from "@chuangcheng/domain/testing";
import { scheduleDutyReminders } from "./duty-reminder-schedule.js";

// The server's schedule of the duty reminders: runs when the server is ready, sends each reminder
// once however often it runs, and logs counts only.

let db: Kysely<Database>;
let app: FastifyInstance;
let logged: string[];
let admin: number;

beforeEach(async () => {
  db = await createTestDb();
  const tree = await makeOrgTree(db);
  admin = (await makeUser(db, { role: "community_admin", unitId: tree.a.community, name: "李秀英" })).id;
  await (await callerFor(db, admin)).campaign.installDefaultDuties({ communityId: tree.a.community });
  logged = [];
  app = Fastify({ logger: { level: "info", stream: { write: (line: string) => void logged.push(line) } } });
});

afterEach(async () => {
  await app.close();
  await db.destroy();
});

/** Noon in China on the last day of this China month: every monthly duty not done is due soon. */
function lastDayOfThisMonth(): Date {
  const china = new Date(Date.now() + 8 * 3_600_000);
  const last = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() + 1, 0, 4));
  return last;
}

const notices = () =>
  db.selectFrom("notification").select(["user_id", "kind", "title"]).orderBy("id").execute();

it("reminds the 社区's admins of the duties due at the month's end, once however often it runs", async () => {
  const { run } = scheduleDutyReminders(app, { db, now: lastDayOfThisMonth, everyMs: 60_000 });
  await app.ready();
  await run();
  const first = await notices();
  expect(first.map((n) => n.title)).toEqual(
    expect.arrayContaining(["道德讲堂 即将到期", "志愿服务活动 即将到期", "红黑榜发布 即将到期", "环境卫生大扫除 即将到期"]),
  );
  expect(first.every((n) => n.user_id === admin && n.kind === "duty_due")).toBe(true);
  await run();
  await run();
  expect(await notices()).toEqual(first);
  const lines = logged.filter((l) => l.includes("recurring duties"));
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.join("\n")).not.toContain("李秀英");
});
