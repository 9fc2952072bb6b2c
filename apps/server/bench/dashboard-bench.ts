import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql, type Insertable, type Kysely } from "kysely";
import { openDatabase, type Database } from "@chuangcheng/domain";
import type { TaskState } from "@chuangcheng/domain/rules";
import { benchLogin, measureRoutes, startBenchServer, type BenchRoute } from "./measure.js";
import { COMMUNITIES, YEARS, generate } from "./readiness-data.js";

// Issue 11's figure: report.streetDashboard of a street of 30 社区 with 5 years of data — the readiness
// bench's data (activities, ~200,000 problems, volunteers, a 5-year campaign of 40 items per 社区) and
// 100,000 tasks in it — server time p99 (target < 100 ms) at 10 connections, beside auth.me and the
// 社区 admin's own report.communityDashboard, measured in the same run.

const TARGET_MS = 100;
const TASKS = 100_000;
const DAY = 86_400_000;
const chinaDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Per 社区 and year, 12 tasks at the 社区 with ~655 sub-tasks at its 网格, due dates spread over the
 * year. Due more than a month ago: done, 4 % cancelled, 0.5 % left open (overdue); later: every state.
 */
export async function insertTasks(db: Kysely<Database>, campaignId: number) {
  const units = await db
    .selectFrom("org_unit as g")
    .innerJoin("org_unit as c", "c.id", "g.parent_id")
    .innerJoin("org_unit as s", "s.id", "c.parent_id")
    .select(["c.id as community", "g.id as grid"])
    .where("g.kind", "=", "grid")
    .where("s.name", "=", "城关街道")
    .execute();
  const gridOf = new Map<number, number>();
  for (const u of units) if (!gridOf.has(u.community)) gridOf.set(u.community, u.grid);
  const communities = [...gridOf.keys()];
  const perYear = Math.round(TASKS / communities.length / YEARS);
  const nowMs = Date.now();
  const now = new Date(nowMs).toISOString();
  let id = Number(
    (
      await db
        .selectFrom("task")
        .select((eb) => eb.fn.max("id").as("m"))
        .executeTakeFirst()
    )?.m ?? 0,
  );
  const rows: Array<Insertable<Database["task"]>> = [];
  let seq = 0;
  for (const community of communities) {
    for (let y = YEARS - 1; y >= 0; y--) {
      const parents: number[] = [];
      for (let i = 0; i < perYear; i++) {
        const top = i < 12;
        const n = seq++;
        // Due dates spread over the year (this year's up to six weeks ahead), a month's work each.
        const dueMs = nowMs - y * 365 * DAY - (n % 365) * DAY + 42 * DAY;
        const past = dueMs < nowMs - 30 * DAY;
        const state: TaskState = past
          ? n % 25 === 0
            ? "cancelled"
            : n % 200 === 1
              ? "in_progress"
              : "done"
          : (["not_started", "in_progress", "pending_acceptance", "done", "in_progress"] as const)[n % 5]!;
        const taskId = ++id;
        if (top) parents.push(taskId);
        rows.push({
          id: taskId,
          campaign_id: campaignId,
          parent_id: top ? null : parents[n % parents.length]!,
          sort: i,
          title: top ? `第${i + 1}月创城重点任务` : `网格任务${i}`,
          description: "",
          unit_id: top ? community : gridOf.get(community)!,
          assignee_user_id: null,
          assigned_by: null,
          start_on: chinaDate(dueMs - 30 * DAY),
          due_on: chinaDate(dueMs),
          priority: "normal",
          state,
          progress: state === "done" ? 100 : (n * 7) % 100,
          weight: null,
          cancel_reason: state === "cancelled" ? "调整" : null,
          created_at: now,
          updated_at: now,
        });
      }
    }
  }
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 400)
      await trx
        .insertInto("task")
        .values(rows.slice(i, i + 400))
        .execute();
  });
  return rows.length;
}

/** The sizes issue 11 names for the street dashboard's data, beside the 100,000 tasks. */
const ISSUE_SIZES = { volunteer: 50_000, problem: 200_000, activity: 20_000 } as const;

/**
 * Brings the readiness bench's rows (sized for issue 10) up to ISSUE_SIZES by copying its own rows
 * (every column but the id) in the same 社区, so that the new ones are spread as the old. Returns
 * each table's count after.
 */
async function topUp(db: Kysely<Database>): Promise<Record<keyof typeof ISSUE_SIZES, number>> {
  const out = {} as Record<keyof typeof ISSUE_SIZES, number>;
  for (const [table, target] of Object.entries(ISSUE_SIZES) as Array<[keyof typeof ISSUE_SIZES, number]>) {
    const count = async () =>
      Number(
        (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n,
      );
    const columns = (
      await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)
    ).rows
      .map((c) => c.name)
      .filter((c) => c !== "id");
    const list = sql.join(columns.map((c) => sql.ref(c)));
    for (let n = await count(); n < target; n = await count())
      await sql`insert into ${sql.table(table)} (${list}) select ${list} from ${sql.table(table)} order by id limit ${target - n}`.execute(
        db,
      );
    out[table] = await count();
  }
  return out;
}

export async function dashboardBench() {
  const dataDir = mkdtempSync(join(tmpdir(), "cc-dbench-"));
  try {
    const data = await generate(dataDir);
    const db: Kysely<Database> = openDatabase(join(dataDir, "bench.db"));
    let tasks = 0;
    let sizes: Awaited<ReturnType<typeof topUp>>;
    try {
      tasks = await insertTasks(db, data.campaignId);
      sizes = await topUp(db);
    } finally {
      await db.destroy();
    }
    console.info(
      `\n数据看板 on SQLite: ${COMMUNITIES} 社区, ${YEARS} years, generated in ${data.loadS.toFixed(1)} s:`,
    );
    console.table([
      Object.fromEntries(
        Object.entries({ ...data.rows, ...sizes, task: tasks }).map(([t, n]) => [t, n.toLocaleString()]),
      ),
    ]);
    const server = await startBenchServer(dataDir);
    try {
      const street = { cookie: await benchLogin(server.baseUrl, "13800000001") };
      const community = { cookie: await benchLogin(server.baseUrl, "13800000002") };
      const url = (path: string, input: unknown) =>
        `${server.baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
      const streetUrl = url("report.streetDashboard", {});
      const s0 = performance.now();
      const res = await fetch(streetUrl, { headers: street });
      const body = (await res.json()) as {
        result?: {
          data?: {
            communities: Array<{ tasks: { total: number; overdue: number }; problems: { opened: number } }>;
          };
        };
      };
      const answer = body.result?.data;
      if (!res.ok || !answer || answer.communities.length !== COMMUNITIES)
        throw new Error(
          `dashboard bench: answered ${res.status} with ${answer?.communities.length ?? 0} 社区`,
        );
      const total = answer.communities.reduce((n, c) => n + c.tasks.total, 0);
      console.info(
        `street answer: ${answer.communities.length} 社区, ${total.toLocaleString()} tasks counted, ${answer.communities.reduce((n, c) => n + c.tasks.overdue, 0)} overdue, ${answer.communities.reduce((n, c) => n + c.problems.opened, 0)} problems this month; first request ${Math.round(performance.now() - s0)} ms`,
      );
      const dongjie = await fetch(url("org.tree", undefined), { headers: community });
      const units = ((await dongjie.json()) as { result: { data: Array<{ id: number; name: string }> } })
        .result.data;
      const communityId = units.find((u) => u.name === "东街社区")!.id;
      const routes: BenchRoute[] = [
        ["auth.me, street admin (baseline)", `${server.baseUrl}/trpc/auth.me`, street, false],
        ["report.streetDashboard: 30 社区", streetUrl, street, true],
        [
          "report.communityDashboard, 社区 admin: 东街社区",
          url("report.communityDashboard", { communityId }),
          community,
          true,
        ],
      ];
      await measureRoutes("数据看板", routes, [10], TARGET_MS);
    } finally {
      await server.stop();
    }
  } finally {
    if (process.env.BENCH_KEEP_DATA === "1") console.info(`dashboard bench data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

// `npx tsx bench/dashboard-bench.ts` runs it alone (as `npm run bench -- dashboard`).
if (import.meta.url === `file://${process.argv[1]}`) await dashboardBench();
