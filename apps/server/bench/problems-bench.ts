import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import { startServer } from "@chuangcheng/browser-testing";
import {
  ensureSystemAdmin,
  localDiskStorage,
  migrateToLatest,
  openDatabase,
  processPhoto,
  seedDemo,
  type Database,
} from "@chuangcheng/domain";
import { phoneJpeg } from "@chuangcheng/domain/testing";
import { benchLogin, measure, verdict, type Figures } from "./measure.js";

// Issue 8's problem figures on SQLite:
// - the console's problem list (filters, counts per state, the overdue count) at 200,000 problems
//   across 30 社区, p99 at 20 connections (target < 50 ms), as a community admin and as a street
//   admin, beside the plain Fastify route measured in the same run;
// - the Excel 整改台账 of 1,000 problems, each with a photo before and after (target < 15 s).
// The problems are a fixture inserted straight into the tables (like the volunteers), not made
// through the procedures: 200,000 reports through tRPC would take the bench longer than the figures.

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const CONNECTIONS = 20;
const PROBLEMS = 200_000;
const COMMUNITIES = 30;
const LEDGER_ROWS = 1_000;
/** The ledger's problems are all found on this China date, which no other generated problem is. */
const LEDGER_DAY = "2024-06-01";

const CATEGORIES = [
  "exposed_garbage",
  "corridor_clutter",
  "random_piling",
  "illegal_construction",
  "posters_graffiti",
  "street_vending",
  "bike_parking",
  "facility_damage",
  "other",
] as const;
// Mostly finished ones, as after a year of use; a fifth still open.
const STATES = [
  "closed",
  "closed",
  "closed",
  "closed",
  "closed",
  "closed",
  "rectifying",
  "rectifying",
  "reviewing",
  "pending",
  "rejected",
] as const;
const SOURCES = ["snapshot", "patrol", "inspection", "referral"] as const;

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const chinaDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

async function batches<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

interface ProblemData {
  loadS: number;
  dongjieId: number;
  ledgerCommunityId: number;
  overdue: number;
}

/** 28 more 社区 under the demo's 街道 (30 with 东街 and 西关), each with 3 网格 of 4 楼院, and the problems. */
async function generate(dataDir: string): Promise<ProblemData> {
  const t0 = performance.now();
  const db: Kysely<Database> = openDatabase(join(dataDir, "bench.db"));
  try {
    await migrateToLatest(db);
    await ensureSystemAdmin(db, { mobile: "13800000000", password: "bench-admin-pass" });
    await seedDemo(db);
    const nowMs = Date.now();
    const now = new Date(nowMs).toISOString();
    const street = await db
      .selectFrom("org_unit")
      .select("id")
      .where("kind", "=", "street")
      .executeTakeFirstOrThrow();
    const worker = await db
      .selectFrom("user")
      .select("id")
      .where("mobile", "=", "13800000003")
      .executeTakeFirstOrThrow();

    // Photos: two before and two after, processed as an upload would be, stored once in the files
    // store; the 1,000 ledger problems' file rows point at them (the store is keyed by content).
    const storage = localDiskStorage(join(dataDir, "files"));
    const photos: Awaited<ReturnType<typeof processPhoto>>[] = [];
    for (const [i, orientation] of [1, 6, 1, 6].entries()) {
      const p = await processPhoto(
        await phoneJpeg({ width: 1600 + i * 40, height: 1200, noise: true, orientation, quality: 85 }),
      );
      await storage.put(sha256(p.image.data), p.image.data);
      await storage.put(sha256(p.thumb.data), p.thumb.data);
      photos.push(p);
    }

    let overdue = 0;
    const ledgerCommunityId = await db.transaction().execute(async (trx) => {
      for (let c = 0; c < COMMUNITIES - 2; c++) {
        const community = await trx
          .insertInto("org_unit")
          .values({
            parent_id: street.id,
            kind: "community",
            name: `测试${c + 1}社区`,
            households: 3000,
            population: 8000,
            created_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        for (let g = 0; g < 3; g++) {
          const grid = await trx
            .insertInto("org_unit")
            .values({ parent_id: community.id, kind: "grid", name: `第${g + 1}网格`, created_at: now })
            .returning("id")
            .executeTakeFirstOrThrow();
          await trx
            .insertInto("org_unit")
            .values(
              Array.from({ length: 4 }, (_, y) => ({
                parent_id: grid.id,
                kind: "courtyard" as const,
                name: `${c + 1}-${g + 1}-${y + 1}号院`,
                created_at: now,
              })),
            )
            .execute();
        }
      }
      const courtyards = await trx
        .selectFrom("org_unit as y")
        .innerJoin("org_unit as g", "g.id", "y.parent_id")
        .innerJoin("org_unit as c", "c.id", "g.parent_id")
        .select(["y.id", "c.id as community_id", "c.name as community_name"])
        .where("y.kind", "=", "courtyard")
        .where("c.parent_id", "=", street.id)
        .orderBy("y.id")
        .execute();
      const byCommunity = new Map<number, number[]>();
      for (const y of courtyards)
        byCommunity.set(y.community_id, [...(byCommunity.get(y.community_id) ?? []), y.id]);
      const communityIds = [...byCommunity.keys()];
      if (communityIds.length !== COMMUNITIES)
        throw new Error(`expected ${COMMUNITIES} 社区, got ${communityIds.length}`);
      const dongjieId = courtyards.find((y) => y.community_name === "东街社区")!.community_id;
      const ledgerId = communityIds.find((id) => id !== dongjieId)!;

      // Found over the last year (never on LEDGER_DAY); deadlines from 60 days ago to 30 days ahead.
      const today = chinaDate(nowMs);
      const rows = Array.from({ length: PROBLEMS }, (_, i) => {
        const communityId = communityIds[i % COMMUNITIES]!;
        const yards = byCommunity.get(communityId)!;
        const state = STATES[(i * 7) % STATES.length]!;
        const createdMs = nowMs - ((i * 7919) % 365) * 86_400_000 - (i % 86_400) * 1000;
        const deadline =
          state === "pending" || state === "rejected"
            ? null
            : chinaDate(nowMs + (((i * 31) % 90) - 60) * 86_400_000);
        if (deadline !== null && (state === "rectifying" || state === "reviewing") && deadline < today)
          overdue++;
        return {
          community_id: communityId,
          courtyard_id: yards[i % yards.length]!,
          place: `${(i % 6) + 1}单元楼道`,
          description: `问题${i + 1}：${(i % 6) + 1}单元门口有杂物堆放，影响通行`,
          category: CATEGORIES[(i * 13) % CATEGORIES.length]!,
          source: SOURCES[i % SOURCES.length]!,
          state,
          assignee_user_id: state === "pending" || state === "rejected" ? null : worker.id,
          deadline,
          reject_reason: state === "rejected" ? ("untrue" as const) : null,
          created_at: new Date(createdMs).toISOString(),
          updated_at: new Date(createdMs + 3_600_000).toISOString(),
          closed_at: state === "closed" ? new Date(createdMs + 86_400_000).toISOString() : null,
        };
      });
      await batches(rows, 500, (chunk) => trx.insertInto("problem").values(chunk).execute());

      // The ledger's 1,000: found on LEDGER_DAY, closed, each with a 上报 and a 整改上报 carrying a photo.
      const dayStart = Date.parse(`${LEDGER_DAY}T00:00:00+08:00`);
      const yards = byCommunity.get(ledgerId)!;
      const ledger = Array.from({ length: LEDGER_ROWS }, (_, i) => ({
        community_id: ledgerId,
        courtyard_id: yards[i % yards.length]!,
        place: `${(i % 6) + 1}号楼东侧`,
        description: `台账问题${i + 1}：绿地内堆放建筑垃圾，已清理`,
        category: CATEGORIES[i % CATEGORIES.length]!,
        source: SOURCES[i % SOURCES.length]!,
        state: "closed" as const,
        assignee_user_id: worker.id,
        deadline: "2024-06-03",
        created_at: new Date(dayStart + i * 60_000).toISOString(),
        updated_at: new Date(dayStart + i * 60_000 + 3_600_000).toISOString(),
        closed_at: new Date(dayStart + 86_400_000 + i * 60_000).toISOString(),
      }));
      const ledgerIds: number[] = [];
      await batches(ledger, 500, async (chunk) => {
        const ids = await trx.insertInto("problem").values(chunk).returning("id").execute();
        ledgerIds.push(...ids.map((r) => r.id));
      });
      const steps = ledgerIds.flatMap((problemId, i) => [
        {
          problem_id: problemId,
          action: "report" as const,
          from_state: null,
          to_state: "pending" as const,
          actor_user_id: worker.id,
          created_at: ledger[i]!.created_at,
        },
        {
          problem_id: problemId,
          action: "submit" as const,
          from_state: "rectifying" as const,
          to_state: "reviewing" as const,
          actor_user_id: worker.id,
          note: "已清运建筑垃圾，恢复绿地",
          created_at: ledger[i]!.updated_at,
        },
      ]);
      const stepIds: number[] = [];
      await batches(steps, 500, async (chunk) => {
        const ids = await trx.insertInto("problem_step").values(chunk).returning("id").execute();
        stepIds.push(...ids.map((r) => r.id));
      });
      const files = stepIds.map((stepId, k) => {
        // Even steps are 上报 (photos 0, 1), odd ones 整改上报 (photos 2, 3).
        const p = photos[(k % 2) * 2 + (Math.floor(k / 2) % 2)]!;
        return {
          storage_key: sha256(p.image.data),
          thumb_key: sha256(p.thumb.data),
          uploader_id: worker.id,
          byte_size: p.image.data.length,
          thumb_byte_size: p.thumb.data.length,
          width: p.image.width,
          height: p.image.height,
          mime: p.mime,
          owner_type: "problem_step" as const,
          owner_id: stepId,
          created_at: now,
          attached_at: now,
        };
      });
      await batches(files, 500, (chunk) => trx.insertInto("file").values(chunk).execute());
      return { dongjieId, ledgerId };
    });
    return {
      loadS: (performance.now() - t0) / 1000,
      dongjieId: ledgerCommunityId.dongjieId,
      ledgerCommunityId: ledgerCommunityId.ledgerId,
      overdue,
    };
  } finally {
    await db.destroy();
  }
}

export async function problemsBench() {
  const dataDir = mkdtempSync(join(tmpdir(), "cc-pbench-"));
  try {
    const data = await generate(dataDir);
    console.info(
      `\nProblems on SQLite: ${(PROBLEMS + LEDGER_ROWS).toLocaleString()} across ${COMMUNITIES} 社区 (${data.overdue.toLocaleString()} overdue) generated in ${data.loadS.toFixed(1)} s`,
    );
    const server = await startServer({
      entry: here("./bench-server.ts"),
      args: ["--import", "tsx"],
      env: { DATA_DIR: dataDir, BENCH_DB_URL: "" },
      timeoutMs: 120_000,
    });
    try {
      const admin = { cookie: await benchLogin(server.baseUrl, "13800000002") };
      const street = { cookie: await benchLogin(server.baseUrl, "13800000001") };
      const q = (input: unknown) =>
        `${server.baseUrl}/trpc/problem.list?input=${encodeURIComponent(JSON.stringify(input))}`;
      const page = { page: 1, pageSize: 20 };
      // Check once what each list answers (and that the overdue count is there) before measuring.
      for (const session of [admin, street]) {
        const res = await fetch(q({ ...page, overdue: true }), { headers: session });
        if (!res.ok)
          throw new Error(`problems bench: problem.list answered ${res.status}: ${await res.text()}`);
      }
      // The ledger first, on an idle server (a list request still running would delay it). The street admin exports one 社区's problems found on LEDGER_DAY (the 1,000 with photos).
      const input = { communityId: data.ledgerCommunityId, from: LEDGER_DAY, to: LEDGER_DAY };
      const t0 = performance.now();
      const res = await fetch(`${server.baseUrl}/trpc/problem.exportLedger`, {
        method: "POST",
        headers: { "content-type": "application/json", ...street },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as { result?: { data?: { base64: string } } };
      const ms = performance.now() - t0;
      const base64 = body.result?.data?.base64;
      if (!res.ok || !base64)
        throw new Error(
          `problems bench: exportLedger answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`,
        );
      const bytes = Buffer.from(base64, "base64");
      const images = bytes.toString("latin1").match(/xl\/media\/image\d+\.jpe?g/g)?.length ?? 0;
      console.info(
        `Excel 整改台账: ${LEDGER_ROWS.toLocaleString()} problems with a photo before and after -> ${(bytes.length / 1024 / 1024).toFixed(2)} MB .xlsx in ${(ms / 1000).toFixed(2)} s (target < 15 s: ${verdict(ms < 15_000)}); ${images > 0 ? "images embedded" : "NO images found in the file"}`,
      );
      const plain = await measure(`${server.baseUrl}/bench/plain`, {}, CONNECTIONS);
      const lists: Array<[string, Record<string, string>, unknown]> = [
        ["东街社区 admin: default list", admin, page],
        [
          "东街社区 admin: 整改中 + 楼道堆物",
          admin,
          { ...page, state: "rectifying", category: "corridor_clutter" },
        ],
        ["东街社区 admin: overdue", admin, { ...page, overdue: true }],
        ["街道 admin (30 社区): default list", street, page],
        [
          "街道 admin (30 社区): 整改中 + 楼道堆物",
          street,
          { ...page, state: "rectifying", category: "corridor_clutter" },
        ],
        ["街道 admin (30 社区): overdue", street, { ...page, overdue: true }],
      ];
      const figures: Array<[string, Figures]> = [];
      const single: number[] = [];
      for (const [name, session, input] of lists) {
        // One request alone first: the time one answer takes with nobody else waiting.
        const s0 = performance.now();
        const one = await fetch(q(input), { headers: session });
        if (!one.ok) throw new Error(`problems bench: ${name} answered ${one.status}`);
        await one.arrayBuffer();
        single.push(performance.now() - s0);
        figures.push([name, await measure(q(input), session, CONNECTIONS)]);
      }
      console.info(
        `problem.list at ${PROBLEMS.toLocaleString()} problems (each answer has the page, the total, the counts per state and the overdue count; ${CONNECTIONS} connections)`,
      );
      console.table(
        [["plain Fastify JSON route (baseline)", plain] as [string, Figures], ...figures].map(
          ([name, m], i) => ({
            route: name,
            "req/s": Math.round(m.rps),
            "p50 ms": m.p50,
            "p99 ms": m.p99,
            "p99 target ms": i === 0 ? "" : "< 50",
            // No answer at all within autocannon's 10 s timeout shows as 0 req/s and p99 0: that is a miss.
            within: i === 0 ? "" : m.rps === 0 ? "MISSED (no answer in 10 s)" : verdict(m.p99 < 50),
            "one alone ms": i === 0 ? "" : Math.round(single[i - 1]!),
            "ratio to plain": (m.rps / plain.rps).toFixed(3),
          }),
        ),
      );

      return { plain, lists: figures, ledgerMs: ms, ledgerBytes: bytes.length };
    } finally {
      await server.stop();
    }
  } finally {
    // BENCH_KEEP_DATA=1 keeps the generated database to look at query plans.
    if (process.env.BENCH_KEEP_DATA === "1") console.info(`problems bench data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}
