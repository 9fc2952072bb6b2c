import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import { startServer } from "@chuangcheng/browser-testing";
import {
  ensureSystemAdmin,
  migrateToLatest,
  openDatabase,
  seedDemo,
  type Database,
} from "@chuangcheng/domain";
import type { BoardState } from "@chuangcheng/domain/rules";
import { benchLogin, measure, verdict, type Figures } from "./measure.js";

// Issue 9's figure: the public 黑白榜 of one 社区 (its current edition, 50 entries with photos) with
// 1,000,000 entries in the database across 300 社区 and 10 years, p99 at 50 connections (target
// < 20 ms), as a ratio of the plain Fastify route measured in the same run. Inserted straight into
// the tables, like the problems: a million entries through tRPC would take the bench longer than the figures.

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const CONNECTIONS = 50;
const ENTRIES = 1_000_000;
const COMMUNITIES = 300;
const STREETS = 10;
const YEARS = 10;
/** The 社区 read in the bench: its current edition has this many entries, each with a photo. */
const CURRENT_ENTRIES = 50;

const WHITE = ["good_deed", "civilized_family", "building_star", "volunteer"] as const;
const BLACK = ["corridor_clutter", "litter", "random_piling", "flying_wire", "green_planting"] as const;
const chinaDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

async function batches<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** The last day of a YYYY-MM month. */
const monthEnd = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

interface BoardData {
  loadS: number;
  dongjieId: number;
  month: string;
  previousMonth: string;
}

async function generate(dataDir: string): Promise<BoardData> {
  const t0 = performance.now();
  const db: Kysely<Database> = openDatabase(join(dataDir, "bench.db"));
  try {
    await migrateToLatest(db);
    await ensureSystemAdmin(db, { mobile: "13800000000", password: "bench-admin-pass" });
    await seedDemo(db);
    const nowMs = Date.now();
    const now = new Date(nowMs).toISOString();
    const today = chinaDate(nowMs);
    const thisMonth = today.slice(0, 7);
    const [year, month] = thisMonth.split("-").map(Number) as [number, number];
    const months = Array.from({ length: YEARS * 12 }, (_, k) => {
      const d = new Date(Date.UTC(year, month - 1 - k, 1));
      return d.toISOString().slice(0, 7);
    }); // newest first
    const admin = await db
      .selectFrom("user")
      .select("id")
      .where("mobile", "=", "13800000002")
      .executeTakeFirstOrThrow();
    const dongjie = await db
      .selectFrom("org_unit")
      .select("id")
      .where("name", "=", "东街社区")
      .executeTakeFirstOrThrow();

    await db.transaction().execute(async (trx) => {
      // 298 more 社区 under 10 more 街道 (300 with the demo's two), each with one 网格 of 4 楼院.
      for (let s = 0; s < STREETS; s++) {
        const street = await trx
          .insertInto("org_unit")
          .values({ parent_id: null, kind: "street", name: `测试${s + 1}街道`, created_at: now })
          .returning("id")
          .executeTakeFirstOrThrow();
        const perStreet = Math.ceil((COMMUNITIES - 2) / STREETS);
        for (let c = s * perStreet; c < Math.min((s + 1) * perStreet, COMMUNITIES - 2); c++) {
          const community = await trx
            .insertInto("org_unit")
            .values({ parent_id: street.id, kind: "community", name: `测试${c + 1}社区`, created_at: now })
            .returning("id")
            .executeTakeFirstOrThrow();
          const grid = await trx
            .insertInto("org_unit")
            .values({ parent_id: community.id, kind: "grid", name: "第一网格", created_at: now })
            .returning("id")
            .executeTakeFirstOrThrow();
          await trx
            .insertInto("org_unit")
            .values(
              Array.from({ length: 4 }, (_, y) => ({
                parent_id: grid.id,
                kind: "courtyard" as const,
                name: `${c + 1}-${y + 1}号院`,
                created_at: now,
              })),
            )
            .execute();
        }
      }
      const courtyards = await trx
        .selectFrom("org_unit as y")
        .innerJoin("org_unit as g", "g.id", "y.parent_id")
        .select(["y.id", "g.parent_id as community_id"])
        .where("y.kind", "=", "courtyard")
        .orderBy("y.id")
        .execute();
      const byCommunity = new Map<number, number[]>();
      for (const y of courtyards)
        byCommunity.set(y.community_id!, [...(byCommunity.get(y.community_id!) ?? []), y.id]);
      if (byCommunity.size !== COMMUNITIES)
        throw new Error(`board bench: expected ${COMMUNITIES} 社区, got ${byCommunity.size}`);

      // One published edition per 社区 per month, ten years back.
      const editionRows = [...byCommunity.keys()].flatMap((communityId) =>
        months.map((m) => ({
          community_id: communityId,
          month: m,
          title: `${m.replace("-", "年")}月黑白榜`,
          created_by: admin.id,
          created_at: `${m}-01T01:00:00.000Z`,
          published_by: admin.id,
          published_at: `${m}-01T02:00:00.000Z`,
        })),
      );
      const editions: Array<{ id: number; community_id: number; month: string }> = [];
      await batches(editionRows, 1000, async (chunk) => {
        editions.push(
          ...(await trx
            .insertInto("board_edition")
            .values(chunk)
            .returning(["id", "community_id", "month"])
            .execute()),
        );
      });

      // The 东街社区 current edition's 50 first, then the rest spread over every edition.
      const current = editions.find((e) => e.community_id === dongjie.id && e.month === thisMonth)!;
      const others = editions.filter((e) => e !== current);
      const entry = (i: number, edition: { id: number; community_id: number; month: string }) => {
        const white = i % 5 < 3;
        const yards = byCommunity.get(edition.community_id)!;
        const start = `${edition.month}-01`;
        // Most of an old month's entries ended; a few were put right or taken down.
        const state: BoardState = white
          ? "published"
          : i % 7 === 0
            ? "rectified"
            : i % 11 === 0
              ? "withdrawn"
              : "published";
        return {
          community_id: edition.community_id,
          courtyard_id: yards[i % yards.length]!,
          building_id: null,
          kind: white ? ("white" as const) : ("black" as const),
          category: white ? WHITE[i % WHITE.length]! : BLACK[i % BLACK.length]!,
          title: white ? `热心邻里第${i + 1}号` : `${(i % 6) + 1}单元楼道堆放杂物`,
          description: white
            ? "长期义务打扫楼道、照看独居老人，邻里交口称赞。"
            : "楼道内堆放纸箱和旧家具，影响消防通道畅通，经劝导未清理。",
          subject_kind: white ? ("person" as const) : ("place" as const),
          subject_name: white ? `张${(i % 90) + 10}` : `李${(i % 90) + 10}`,
          subject_user_id: null,
          subject_volunteer_id: null,
          consent_by: null,
          consent_at: null,
          source: "staff" as const,
          proposer_user_id: admin.id,
          problem_id: null,
          state,
          reject_reason: null,
          edition_id: edition.id,
          start_date: start,
          end_date: white ? monthEnd(edition.month) : chinaDate(Date.parse(start) + 30 * 86_400_000),
          notice_until: null,
          photos_confirmed_by: admin.id,
          photos_confirmed_at: now,
          approved_by: admin.id,
          approved_at: now,
          rectified_at: state === "rectified" ? now : null,
          withdrawn_at: state === "withdrawn" ? now : null,
          erased_at: null,
          created_at: `${start}T03:00:00.000Z`,
          updated_at: `${start}T03:00:00.000Z`,
        };
      };
      const currentIds: number[] = [];
      await batches(
        // All 50 on the board today (a few put right already).
        Array.from({ length: CURRENT_ENTRIES }, (_, i) => ({ ...entry(i, current), withdrawn_at: null })).map(
          (e) => (e.state === "withdrawn" ? { ...e, state: "published" as const } : e),
        ),
        CURRENT_ENTRIES,
        async (chunk) => {
          const ids = await trx.insertInto("board_entry").values(chunk).returning("id").execute();
          currentIds.push(...ids.map((r) => r.id));
        },
      );
      const rest = ENTRIES - CURRENT_ENTRIES;
      for (let from = 0; from < rest; from += 50_000) {
        const rows = Array.from({ length: Math.min(50_000, rest - from) }, (_, k) => {
          const i = from + k;
          return entry(i, others[i % others.length]!);
        });
        await batches(rows, 500, (chunk) => trx.insertInto("board_entry").values(chunk).execute());
      }
      // A photo (and its thumbnail) for each of the current 50; the bytes are not read by the list.
      await trx
        .insertInto("file")
        .values(
          currentIds.map((ownerId, i) => ({
            storage_key: `bench-board-${i}`,
            thumb_key: `bench-board-thumb-${i}`,
            uploader_id: admin.id,
            byte_size: 180_000,
            thumb_byte_size: 12_000,
            width: 1600,
            height: 1200,
            mime: "image/jpeg",
            owner_type: "board_entry" as const,
            owner_id: ownerId,
            created_at: now,
            attached_at: now,
          })),
        )
        .execute();
    });
    return {
      loadS: (performance.now() - t0) / 1000,
      dongjieId: dongjie.id,
      month: thisMonth,
      previousMonth: months[1]!,
    };
  } finally {
    await db.destroy();
  }
}

export async function boardBench() {
  const dataDir = mkdtempSync(join(tmpdir(), "cc-bbench-"));
  try {
    const data = await generate(dataDir);
    console.info(
      `\n黑白榜 on SQLite: ${ENTRIES.toLocaleString()} entries across ${COMMUNITIES} 社区 and ${YEARS} years generated in ${data.loadS.toFixed(1)} s`,
    );
    const server = await startServer({
      entry: here("./bench-server.ts"),
      args: ["--import", "tsx", ...(process.env.PROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] : [])],
      env: { DATA_DIR: dataDir, BENCH_DB_URL: "" },
      timeoutMs: 120_000,
    });
    try {
      const resident = { cookie: await benchLogin(server.baseUrl, "13800000004") };
      // As the portal asks: its tRPC client batches every call, one alone as `?batch=1`.
      const q = (input: unknown) =>
        `${server.baseUrl}/trpc/board.publicList?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: input }))}`;
      // Asked as a phone's browser asks, accepting gzip (a kept board goes out zipped, trpc-http.ts);
      // the first row without it shows what the unzipped bytes cost.
      const browser = { "accept-encoding": "gzip, deflate, br" };
      const boards: Array<[string, Record<string, string>, unknown]> = [
        ["东街社区 this month, a visitor, no gzip", {}, { communityId: data.dongjieId }],
        ["东街社区 this month, a visitor (白榜)", browser, { communityId: data.dongjieId }],
        [
          "东街社区 this month, a resident (白榜 + 黑榜)",
          { ...browser, ...resident },
          { communityId: data.dongjieId },
        ],
        [
          "东街社区 last month (archive), a resident",
          { ...browser, ...resident },
          { communityId: data.dongjieId, month: data.previousMonth },
        ],
      ];
      // What the first one answers, before measuring: the 50 entries with their photos.
      const first = await fetch(q(boards[0]![2]), { headers: resident });
      const body = (await first.json()) as Array<{
        result?: { data?: { white: Array<{ photos: unknown[] }>; black: unknown[] } };
      }>;
      const shown = body[0]?.result?.data;
      if (!first.ok || !shown) throw new Error(`board bench: publicList answered ${first.status}`);
      const entries = shown.white.length + shown.black.length;
      if (entries !== CURRENT_ENTRIES || shown.white.some((e) => e.photos.length !== 1))
        throw new Error(`board bench: expected ${CURRENT_ENTRIES} entries with a photo each, got ${entries}`);

      const plain = await measure(`${server.baseUrl}/bench/plain`, {}, CONNECTIONS);
      // The bytes alone: a plain route answering as many as the board does, so the figures show what
      // writing and reading them costs on this machine (the bench's client shares its two cores).
      const kb = Math.round(Buffer.byteLength(JSON.stringify(body)) / 1024);
      const sized = await measure(`${server.baseUrl}/bench/plain-sized?kb=${kb}`, {}, CONNECTIONS);
      const figures: Array<[string, Figures, number]> = [];
      for (const [name, session, input] of boards) {
        const s0 = performance.now();
        const one = await fetch(q(input), { headers: session });
        if (!one.ok) throw new Error(`board bench: ${name} answered ${one.status}`);
        await one.arrayBuffer();
        const alone = performance.now() - s0;
        figures.push([name, await measure(q(input), session, CONNECTIONS), alone]);
      }
      console.info(
        `board.publicList with ${ENTRIES.toLocaleString()} entries (${CURRENT_ENTRIES} on this month's board, each with a photo; ${CONNECTIONS} connections)`,
      );
      console.table(
        [
          ["plain Fastify JSON route (baseline)", plain, 0] as [string, Figures, number],
          [`plain route answering ${kb} KB (the board's size)`, sized, 0] as [string, Figures, number],
          ...figures,
        ].map(([name, m, alone], i) => ({
          route: name,
          "req/s": Math.round(m.rps),
          "p50 ms": m.p50,
          "p99 ms": m.p99,
          "p99 target ms": i < 2 ? "" : "< 20",
          within: i < 2 ? "" : m.rps === 0 ? "MISSED (no answer in 10 s)" : verdict(m.p99 < 20),
          "one alone ms": i < 2 ? "" : Math.round(alone),
          "ratio to plain": (m.rps / plain.rps).toFixed(3),
          "ratio to same size": (m.rps / sized.rps).toFixed(3),
          "server CPU µs/req": m.cpuUs ?? "",
        })),
      );
      return { plain, boards: figures };
    } finally {
      await server.stop();
    }
  } finally {
    if (process.env.BENCH_KEEP_DATA === "1") console.info(`board bench data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}
