import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import {
  createSession,
  ensureSystemAdmin,
  localDiskStorage,
  migrateToLatest,
  openDatabase,
  openLedger,
  resolveSession,
  seedDemo,
  type Database,
  type LedgerCell,
} from "@chuangcheng/domain";
import { ledgerStream } from "../src/ledger-export-routes.js";

// Issue 12's figure: a 10,000-row 台账 streamed (packages/domain/src/report/ledger-export.ts through the
// route's ledgerStream) to a sink that only counts bytes, against a baseline of the same rows in the
// same run: the whole workbook built in memory (ExcelJS.Workbook, writeBuffer) as the tRPC exports do,
// photos embedded as pictures. Two ledgers: 志愿服务活动台账 (10,000 activities) and 问题整改台账
// (10,000 problems, each with a photo before and after: 20,000 stored photos, streamed into the zip).
// Each variant runs in its own process, so each peak RSS and heap is its own: time, rows/s, peak RSS
// growth and peak heap growth over the process's state before the export, and the ratios.

const ROWS = Number(process.env.BENCH_LEDGER_ROWS ?? 10_000);
const PHOTO_BYTES = Number(process.env.BENCH_LEDGER_PHOTO_BYTES ?? 12 * 1024);
const here = fileURLToPath(import.meta.url);
const mb = (bytes: number) => bytes / 1024 / 1024;

interface BenchData {
  dbPath: string;
  filesDir: string;
  adminMobile: string;
  communityId: number;
  from: string;
  to: string;
}

async function generate(dataDir: string): Promise<BenchData> {
  const dbPath = join(dataDir, "bench.db");
  const filesDir = join(dataDir, "files");
  const db: Kysely<Database> = openDatabase(dbPath);
  try {
    await migrateToLatest(db);
    await ensureSystemAdmin(db, { mobile: "13800000000", password: "bench-admin-pass" });
    await seedDemo(db);
    const community = await db
      .selectFrom("org_unit")
      .select("id")
      .where("name", "=", "东街社区")
      .executeTakeFirstOrThrow();
    const courtyard = await db
      .selectFrom("org_unit as c")
      .innerJoin("org_unit as g", "g.id", "c.parent_id")
      .select("c.id")
      .where("g.parent_id", "=", community.id)
      .where("c.kind", "=", "courtyard")
      .executeTakeFirstOrThrow();
    const admin = await db
      .selectFrom("user")
      .select("id")
      .where("mobile", "=", "13800000002")
      .executeTakeFirstOrThrow();
    const year = "2020";
    const start = Date.parse(`${year}-01-01T08:00:00+08:00`);
    const storage = localDiskStorage(filesDir);
    const at = new Date().toISOString();
    for (let i = 0; i < ROWS; i += 250) {
      const n = Math.min(250, ROWS - i);
      const when = (k: number) => new Date(start + (i + k) * 30 * 60_000).toISOString();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto("activity")
          .values(
            Array.from({ length: n }, (_, k) => ({
              community_id: community.id,
              kind: "volunteer_service" as const,
              title: `楼道清理志愿服务第${i + k + 1}场`,
              team_id: null,
              starts_at: when(k),
              ends_at: new Date(Date.parse(when(k)) + 7_200_000).toISOString(),
              place_unit_id: null,
              place_text: "东街社区广场",
              capacity: 30,
              description: null,
              status: "published" as const,
              created_by: admin.id,
              created_at: at,
            })),
          )
          .execute();
        const problems = await trx
          .insertInto("problem")
          .values(
            Array.from({ length: n }, (_, k) => ({
              community_id: community.id,
              courtyard_id: courtyard.id,
              building_id: null,
              place: `${(k % 12) + 1}号楼`,
              description: `楼道堆放杂物，影响通行（第${i + k + 1}处）`,
              category: "corridor_clutter" as const,
              source: "patrol" as const,
              referral_origin: null,
              reporter_user_id: admin.id,
              state: "closed" as const,
              assignee_user_id: admin.id,
              deadline: `${year}-12-31`,
              duplicate_of_id: null,
              reject_reason: null,
              referred_department: null,
              rating: null,
              rating_comment: null,
              rated_at: null,
              published: 0,
              published_at: null,
              created_at: when(k),
              updated_at: when(k),
              closed_at: when(k),
            })),
          )
          .returning("id")
          .execute();
        const steps = await trx
          .insertInto("problem_step")
          .values(
            problems.flatMap((p, k) =>
              (["report", "submit"] as const).map((action) => ({
                problem_id: p.id,
                action,
                from_state: null,
                to_state: action === "report" ? ("pending" as const) : ("reviewing" as const),
                actor_user_id: admin.id,
                note: null,
                assignee_user_id: null,
                deadline: null,
                rating: null,
                created_at: when(k),
              })),
            ),
          )
          .returning("id")
          .execute();
        const files = [];
        for (const step of steps) {
          const bytes = randomBytes(PHOTO_BYTES);
          const key = createHash("sha256").update(bytes).digest("hex");
          await storage.put(key, bytes);
          files.push({
            storage_key: key,
            thumb_key: key,
            uploader_id: admin.id,
            byte_size: PHOTO_BYTES,
            thumb_byte_size: PHOTO_BYTES,
            width: 640,
            height: 480,
            mime: "image/jpeg" as const,
            owner_type: "problem_step" as const,
            owner_id: step.id,
            created_at: at,
            attached_at: at,
          });
        }
        await trx.insertInto("file").values(files).execute();
      });
    }
    return {
      dbPath,
      filesDir,
      adminMobile: "13800000002",
      communityId: community.id,
      from: `${year}-01-01`,
      to: `${year}-12-31`,
    };
  } finally {
    await db.destroy();
  }
}

type Variant = "activities-stream" | "activities-memory" | "problems-stream" | "problems-memory";

interface Result {
  variant: Variant;
  rows: number;
  bytes: number;
  ms: number;
  rssGrowthMb: number;
  heapGrowthMb: number;
  /** heap after a full GC once the file is written, over the heap before: what the export kept */
  retainedHeapMb: number;
}

/** A consumer that takes each chunk on the next turn of the event loop and counts it. */
function countingSink() {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      setImmediate(done);
    },
  });
  return { sink, bytes: () => bytes };
}

/** In the child: one export, with RSS and heap sampled every 10 ms. */
async function runVariant(variant: Variant, data: BenchData): Promise<Result> {
  const db: Kysely<Database> = openDatabase(data.dbPath);
  const storage = localDiskStorage(data.filesDir);
  const user = await db
    .selectFrom("user")
    .select("id")
    .where("mobile", "=", data.adminMobile)
    .executeTakeFirstOrThrow();
  const session = (await resolveSession(db, (await createSession(db, user.id)).token))!;
  const kind = variant.startsWith("activities") ? "activities" : "problems";
  global.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  const t0 = performance.now();
  const ledger = await openLedger(db, session, kind, {
    unitId: data.communityId,
    from: data.from,
    to: data.to,
  });
  let bytes = 0;
  if (variant.endsWith("stream")) {
    const { sink, bytes: counted } = countingSink();
    const { stream, done } = ledgerStream(ledger, storage, new AbortController().signal);
    stream.pipe(sink);
    await done;
    await new Promise((resolve) => sink.on("finish", resolve));
    bytes = counted();
  } else {
    // The baseline: every row in memory, then the whole workbook built and written to a buffer.
    const rows: LedgerCell[][] = [];
    for await (const r of ledger.rows()) rows.push(r);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(ledger.info.title);
    ws.addRow(ledger.info.columns.map((c) => c.header));
    for (const r of rows) ws.addRow(r);
    if (ledger.photos) {
      // Pictures embedded beside their rows, as the tRPC 整改台账 does (problem.exportLedger).
      let i = 0;
      for await (const photo of ledger.photos()) {
        const stream = await storage.get(photo.storageKey);
        if (!stream) continue;
        const parts: Buffer[] = [];
        for await (const c of stream) parts.push(c as Buffer);
        const data = Buffer.concat(parts);
        const id = wb.addImage({ buffer: data as unknown as ExcelJS.Buffer, extension: "jpeg" });
        const row = Math.floor(i / 2) + 1;
        ws.addImage(id, {
          tl: { col: 10 + (i % 2), row },
          ext: { width: 120, height: 90 },
          editAs: "oneCell",
        });
        i++;
      }
    }
    bytes = (await wb.xlsx.writeBuffer()).byteLength;
  }
  const ms = performance.now() - t0;
  clearInterval(timer);
  global.gc?.();
  const retained = process.memoryUsage().heapUsed - base.heapUsed;
  await db.destroy();
  return {
    variant,
    rows: ledger.count,
    bytes,
    ms,
    rssGrowthMb: mb(peakRss - base.rss),
    heapGrowthMb: mb(peakHeap - base.heapUsed),
    retainedHeapMb: mb(retained),
  };
}

/** BENCH_LEDGER_STREAM_HEAP_MB caps the streamed variants' old generation (off by default). */
const STREAM_HEAP_MB = Number(process.env.BENCH_LEDGER_STREAM_HEAP_MB ?? 0);
const heapLimit = (variant: Variant) =>
  variant.endsWith("stream") && STREAM_HEAP_MB > 0 ? [`--max-old-space-size=${STREAM_HEAP_MB}`] : [];

function child(variant: Variant, data: BenchData): Promise<Result> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [
        ...heapLimit(variant),
        "--expose-gc",
        "--import",
        "tsx",
        here,
        "--child",
        variant,
        JSON.stringify(data),
      ],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    proc.stdout.on("data", (c: Buffer) => (out += c.toString()));
    proc.on("error", reject);
    proc.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${variant} exited with ${code}`));
      const line = out.trim().split("\n").at(-1)!;
      resolve(JSON.parse(line) as Result);
    });
  });
}

export async function ledgerExportBench() {
  const dataDir = mkdtempSync(join(tmpdir(), "cc-ledger-export-bench-"));
  try {
    const t0 = performance.now();
    const data = await generate(dataDir);
    console.log(
      `\n台账导出 (issue 12): ${ROWS} rows per ledger; the 问题整改台账 with ${2 * ROWS} photos of ${PHOTO_BYTES / 1024} KB; data made in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const results: Result[] = [];
    for (const v of [
      "activities-stream",
      "activities-memory",
      "problems-stream",
      "problems-memory",
    ] as const) {
      results.push(await child(v, data));
    }
    console.table(
      results.map((r) => ({
        variant: r.variant,
        rows: r.rows,
        "file MB": mb(r.bytes).toFixed(1),
        "time s": (r.ms / 1000).toFixed(2),
        "rows/s": Math.round(r.rows / (r.ms / 1000)),
        "peak RSS growth MB": r.rssGrowthMb.toFixed(1),
        "peak heap growth MB": r.heapGrowthMb.toFixed(1),
        "retained heap MB": r.retainedHeapMb.toFixed(1),
      })),
    );
    for (const kind of ["activities", "problems"] as const) {
      const s = results.find((r) => r.variant === `${kind}-stream`)!;
      const m = results.find((r) => r.variant === `${kind}-memory`)!;
      console.log(
        `${kind}: streamed / in-memory — time ${(s.ms / m.ms).toFixed(2)}×, peak RSS growth ${(s.rssGrowthMb / Math.max(0.1, m.rssGrowthMb)).toFixed(2)}×, peak heap growth ${(s.heapGrowthMb / Math.max(0.1, m.heapGrowthMb)).toFixed(2)}×`,
      );
    }
    return results;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") {
  const result = await runVariant(process.argv[3] as Variant, JSON.parse(process.argv[4]!) as BenchData);
  console.log(JSON.stringify(result));
  process.exit(0);
} else if (process.argv[1] === here) {
  await ledgerExportBench();
}
