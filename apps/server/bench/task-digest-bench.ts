import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql, type Kysely } from "kysely";
import {
  ensureSystemAdmin,
  migrateToLatest,
  openDatabase,
  seedDemo,
  sendTaskDigests,
  type Database,
} from "@chuangcheng/domain";
import { verdict } from "./measure.js";

// Issue 11's figure: the daily task digest (每日任务提醒) for 5,000 staff — how long sending the day's
// digests takes, and that a second run sends none (exactly once). The staff (grid workers of the demo
// 网格, and 100 社区 admins who assigned their tasks) and ~20,000 tasks are inserted straight into
// the tables of a fresh SQLite database: per worker a task due today, one overdue, two due later,
// and for one in five a task awaiting its assigner's 验收; one worker in ten has nothing due (no
// digest). Baseline measured in the same run: a plain insert of 5,000 notices (the floor of writing
// one notice per person).

const STAFF = 5_000;
const ADMINS = 100;
const DAY = 86_400_000;
const chinaDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
async function batches<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

async function generate(db: Kysely<Database>, nowMs: number) {
  const t0 = performance.now();
  await migrateToLatest(db);
  await ensureSystemAdmin(db, { mobile: "13800000000", password: "bench-admin-pass" });
  await seedDemo(db);
  const at = new Date(nowMs).toISOString();
  const units = await db
    .selectFrom("org_unit")
    .select(["id", "kind", "parent_id"])
    .where("kind", "in", ["street", "community", "grid"])
    .execute();
  const street = units.find((u) => u.kind === "street")!.id;
  const communities = units.filter((u) => u.kind === "community").map((u) => u.id);
  const grids = units.filter((u) => u.kind === "grid");
  let tasks = 0;
  await db.transaction().execute(async (trx) => {
    const people = Array.from({ length: STAFF + ADMINS }, (_, i) => ({
      mobile: `139${String(i).padStart(8, "0")}`,
      name: i < STAFF ? `网格员${i + 1}` : `社区管理员${i - STAFF + 1}`,
      password_hash: "bench-no-login",
      community_id: null,
      courtyard_id: null,
      created_at: at,
      password_changed_at: at,
    }));
    const ids: number[] = [];
    await batches(people, 500, async (chunk) =>
      ids.push(...(await trx.insertInto("user").values(chunk).returning("id").execute()).map((r) => r.id)),
    );
    const workers = ids.slice(0, STAFF).map((id, i) => ({ id, grid: grids[i % grids.length]! }));
    const admins = ids.slice(STAFF).map((id, i) => ({ id, community: communities[i % communities.length]! }));
    await batches(
      [
        ...workers.map((w) => ({ user_id: w.id, role: "grid_worker" as const, org_unit_id: w.grid.id })),
        ...admins.map((a) => ({ user_id: a.id, role: "community_admin" as const, org_unit_id: a.community })),
      ],
      500,
      (chunk) =>
        trx
          .insertInto("role_grant")
          .values(chunk.map((g) => ({ ...g, granted_by: null, created_at: at })))
          .execute(),
    );
    const { id: campaignId } = await trx
      .insertInto("campaign")
      .values({
        name: "创建全国文明城市（每日提醒压测）",
        kind: "national_civilized_city",
        scope_unit_id: street,
        period_start: chinaDate(nowMs - 180 * DAY),
        period_end: chinaDate(nowMs + 180 * DAY),
        stage: "implementing",
        created_by: admins[0]!.id,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const rows = workers.flatMap((w, i) => {
      const assigner = admins[i % ADMINS]!.id;
      // One worker in ten has only tasks due later: no digest for them.
      const offsets = i % 10 === 9 ? [3, 5, 8, 13] : [0, -((i % 9) + 1), 5, 13];
      return offsets.map((days, k) => {
        const pending = k === 2 && i % 5 === 0;
        return {
          campaign_id: campaignId,
          parent_id: null,
          sort: ++tasks,
          title: `任务${tasks}`,
          description: "",
          unit_id: w.grid.id,
          assignee_user_id: w.id,
          assigned_by: assigner,
          start_on: chinaDate(nowMs - 30 * DAY),
          due_on: chinaDate(nowMs + days * DAY),
          priority: "normal" as const,
          state: pending ? ("pending_acceptance" as const) : ("in_progress" as const),
          progress: 50,
          weight: null,
          cancel_reason: null,
          created_at: at,
          updated_at: at,
        };
      });
    });
    await batches(rows, 500, (chunk) => trx.insertInto("task").values(chunk).execute());
  });
  return { tasks, loadS: (performance.now() - t0) / 1000 };
}

export async function taskDigestBench() {
  const dataDir = mkdtempSync(join(tmpdir(), "cc-tdbench-"));
  const db = openDatabase(join(dataDir, "bench.db"));
  try {
    // 09:00 China time today: the hour the server would send them.
    const nowMs = Date.parse(`${chinaDate(Date.now())}T09:00:00+08:00`);
    const now = new Date(nowMs);
    const data = await generate(db, nowMs);
    console.info(
      `\n每日任务提醒 on SQLite: ${STAFF.toLocaleString()} grid workers and ${ADMINS} 社区 admins, ${data.tasks.toLocaleString()} tasks, generated in ${data.loadS.toFixed(1)} s`,
    );
    const userIds = (
      await db.selectFrom("role_grant").select("user_id").where("role", "=", "grid_worker").execute()
    ).map((r) => r.user_id);
    // Baseline: 5,000 notices written plainly, 500 a statement (as notify writes them).
    const b0 = performance.now();
    const at = now.toISOString();
    await batches(userIds.slice(0, STAFF), 500, (chunk) =>
      db
        .insertInto("notification")
        .values(
          chunk.map((user_id) => ({
            user_id,
            kind: "task_digest" as const,
            title: "基线",
            body: "基线",
            link: null,
            event_key: "bench.baseline",
            created_at: at,
          })),
        )
        .execute(),
    );
    const baselineMs = performance.now() - b0;
    const runs: Array<{ run: string; people: number; sent: number; ms: number }> = [];
    const run = async (name: string, when: Date) => {
      const t0 = performance.now();
      const r = await sendTaskDigests(db, when);
      runs.push({ run: name, ...r, ms: performance.now() - t0 });
      return r;
    };
    const first = await run("first run of the day", now);
    const second = await run("second run, an hour later", new Date(nowMs + 3_600_000));
    const [third] = await Promise.all([
      run("two runs at once (a)", new Date(nowMs + 7_200_000)),
      run("two runs at once (b)", new Date(nowMs + 7_200_000)),
    ]);
    void third;
    const today = chinaDate(nowMs);
    const stored = await db
      .selectFrom("notification")
      .select((eb) => [
        eb.fn.countAll<number | string>().as("n"),
        eb.fn.count<number | string>("user_id").distinct().as("people"),
      ])
      .where("event_key", "=", `task.digest:${today}`)
      .executeTakeFirstOrThrow();
    const sample = await db
      .selectFrom("notification")
      .select(["body"])
      .where("event_key", "=", `task.digest:${today}`)
      .groupBy("body")
      .orderBy(sql`count(*)`, "desc")
      .limit(3)
      .execute();
    console.table(
      [
        { run: "baseline: plain insert of 5,000 notices", people: STAFF, sent: STAFF, ms: baselineMs },
        ...runs,
      ].map((r) => ({
        run: r.run,
        "people with a digest": r.people,
        "notices written": r.sent,
        ms: Math.round(r.ms),
        "ratio to baseline": (r.ms / baselineMs).toFixed(1),
      })),
    );
    const once = Number(stored.n) === first.people && Number(stored.people) === first.people;
    console.info(
      `digests stored for ${today}: ${Number(stored.n).toLocaleString()} notices for ${Number(stored.people).toLocaleString()} people (first run: ${first.sent.toLocaleString()} sent; later runs: ${runs
        .slice(1)
        .map((r) => r.sent)
        .join(
          ", ",
        )} sent) — exactly once: ${verdict(once && second.sent === 0 && runs.slice(1).every((r) => r.sent === 0))}`,
    );
    console.info(`most common digests: ${sample.map((s) => s.body).join(" | ")}`);
  } finally {
    await db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
