import { createHash, randomBytes } from "node:crypto";
import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import { startServer } from "@chuangcheng/browser-testing";
import {
  appRouter,
  createCallerFactory,
  createContextInner,
  createSession,
  ensureSystemAdmin,
  localDiskStorage,
  migrateToLatest,
  openDatabase,
  resolveSession,
  seedDemo,
  type Database,
} from "@chuangcheng/domain";
import { loadDataKeys } from "../src/data-key.js";
import { benchLogin, verdict } from "./measure.js";

// Issue 10's figure: the 台账 zip of 1 GB of evidence streamed through the real server (a child
// process on SQLite) to a sink that only counts bytes: time, MB/s, and the server's peak RSS (target
// < 300 MB), beside a baseline of the same run: the same files read from the store without zipping.
// 500 files of 2 MB of random bytes (incompressible, like photos and PDFs) are written straight into
// the file store, with their file and evidence rows, under 东街社区's copy of a street campaign.

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const FILES = Number(process.env.BENCH_LEDGER_FILES ?? 500);
const FILE_BYTES = 2 * 1024 * 1024;
const RSS_TARGET_MB = 300;
const mb = (bytes: number) => bytes / 1024 / 1024;

interface LedgerData {
  campaignId: number;
  communityId: number;
  keys: string[];
  loadS: number;
}

async function generate(dataDir: string): Promise<LedgerData> {
  const t0 = performance.now();
  const db: Kysely<Database> = openDatabase(join(dataDir, "bench.db"));
  try {
    await migrateToLatest(db);
    await ensureSystemAdmin(db, { mobile: "13800000000", password: "bench-admin-pass" });
    await seedDemo(db);
    const street = await db
      .selectFrom("user")
      .select("id")
      .where("mobile", "=", "13800000001")
      .executeTakeFirstOrThrow();
    const unit = (name: string) =>
      db.selectFrom("org_unit").select("id").where("name", "=", name).executeTakeFirstOrThrow();
    const [streetUnit, dongjie] = await Promise.all([unit("城关街道"), unit("东街社区")]);
    const session = (await resolveSession(db, (await createSession(db, street.id)).token))!;
    const caller = createCallerFactory(appRouter)(
      createContextInner({ db, session, keys: loadDataKeys(dataDir, undefined).keys }),
    );
    const year = new Date().getFullYear();
    const { id: campaignId } = await caller.campaign.create({
      name: `${year}年创建全国文明城市`,
      kind: "national_civilized_city",
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      scopeUnitId: streetUnit.id,
    });
    const items = await caller.campaign.checklist({ campaignId, communityId: dongjie.id });

    // The bytes straight into the store, then one file row and one evidence row per file.
    const storage = localDiskStorage(join(dataDir, "files"));
    const keys: string[] = [];
    const at = new Date().toISOString();
    for (let i = 0; i < FILES; i++) {
      const bytes = randomBytes(FILE_BYTES);
      const key = createHash("sha256").update(bytes).digest("hex");
      await storage.put(key, bytes);
      keys.push(key);
    }
    await db.transaction().execute(async (trx) => {
      for (const [i, key] of keys.entries()) {
        const item = items[i % items.length]!;
        const day = String((i % 28) + 1).padStart(2, "0");
        const month = String((i % 11) + 1).padStart(2, "0");
        const { id: evidenceId } = await trx
          .insertInto("campaign_evidence")
          .values({
            item_id: item.id,
            kind: "photo",
            title: `${item.content}现场照片${i + 1}`,
            evidence_date: `${year}-${month}-${day}`,
            note: null,
            created_by: street.id,
            created_at: at,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("file")
          .values({
            storage_key: key,
            thumb_key: key,
            uploader_id: street.id,
            byte_size: FILE_BYTES,
            thumb_byte_size: FILE_BYTES,
            width: 2048,
            height: 1536,
            mime: "image/jpeg",
            owner_type: "campaign_evidence",
            owner_id: evidenceId,
            created_at: at,
            attached_at: at,
          })
          .execute();
      }
    });
    return { campaignId, communityId: dongjie.id, keys, loadS: (performance.now() - t0) / 1000 };
  } finally {
    await db.destroy();
  }
}

/** Reads a response body to the end, counting its bytes and keeping none. */
async function drain(res: Response): Promise<number> {
  let n = 0;
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return n;
    n += value.byteLength;
  }
}

/** The baseline: every stored file read from the store in turn, counted and dropped. */
async function readAllFiles(dataDir: string, keys: readonly string[]): Promise<number> {
  const storage = localDiskStorage(join(dataDir, "files"));
  let n = 0;
  for (const key of keys) {
    for await (const chunk of createReadStream(storage.pathOf(key))) n += (chunk as Buffer).length;
  }
  return n;
}

export async function ledgerBench() {
  const dataDir = mkdtempSync(join(tmpdir(), "cc-lbench-"));
  try {
    const data = await generate(dataDir);
    const server = await startServer({
      entry: here("./bench-server.ts"),
      args: ["--import", "tsx"],
      env: { DATA_DIR: dataDir, BENCH_DB_URL: "" },
      timeoutMs: 120_000,
    });
    try {
      const cookie = await benchLogin(server.baseUrl, "13800000002");
      const rss = async () =>
        (await (await fetch(`${server.baseUrl}/bench/rss`)).json()) as {
          maxRssKb: number;
          rssKb: number;
          cpuUs: number;
          mainThreadCpuUs: number | null;
        };
      const url = `${server.baseUrl}/api/campaigns/${data.campaignId}/ledger.zip?communityId=${data.communityId}`;

      // Baseline first (the files are in the page cache either way: they were just written).
      const t0 = performance.now();
      const baselineBytes = await readAllFiles(dataDir, data.keys);
      const baselineMs = performance.now() - t0;

      const before = await rss();
      let sampledPeakKb = before.rssKb;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          sampledPeakKb = Math.max(sampledPeakKb, (await rss()).rssKb);
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const t1 = performance.now();
      const res = await fetch(url, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`ledger bench: ${res.status} ${await res.text()}`);
      const zipBytes = await drain(res);
      const zipMs = performance.now() - t1;
      sampling = false;
      await sampler;
      const after = await rss();

      const storedMb = mb(FILES * FILE_BYTES);
      console.info(
        `\n台账 zip (${FILES} files of ${mb(FILE_BYTES)} MB of random bytes = ${storedMb.toFixed(0)} MB, stored uncompressed in the zip; server in a child process on SQLite; data generated in ${data.loadS.toFixed(1)} s)`,
      );
      console.table([
        {
          figure: "download the whole 台账 zip to a counting sink",
          value: Math.round(zipMs),
          unit: "ms",
          "MB/s": (mb(zipBytes) / (zipMs / 1000)).toFixed(0),
          bytes: `${mb(zipBytes).toFixed(1)} MB`,
        },
        {
          // All the server's threads: the event loop's share is what other requests wait behind.
          figure: "the server's CPU time during the download",
          value: Math.round((after.cpuUs - before.cpuUs) / 1000),
          unit: "ms",
          "MB/s": "",
          bytes: "",
        },
        {
          figure: "of which the event loop's thread",
          value:
            after.mainThreadCpuUs !== null && before.mainThreadCpuUs !== null
              ? Math.round((after.mainThreadCpuUs - before.mainThreadCpuUs) / 1000)
              : "",
          unit: "ms",
          "MB/s": "",
          bytes: "",
        },
        {
          figure: "baseline: read the same files from the store, no zip, no HTTP",
          value: Math.round(baselineMs),
          unit: "ms",
          "MB/s": (mb(baselineBytes) / (baselineMs / 1000)).toFixed(0),
          bytes: `${mb(baselineBytes).toFixed(1)} MB`,
        },
      ]);
      const peakMb = after.maxRssKb / 1024;
      console.table([
        { figure: "server peak RSS before the download", MB: Math.round(before.maxRssKb / 1024) },
        { figure: "server RSS sampled every 50 ms during it, highest", MB: Math.round(sampledPeakKb / 1024) },
        { figure: "server peak RSS after it (getrusage maxRSS)", MB: Math.round(peakMb) },
      ]);
      console.info(
        `zip / baseline time ${(zipMs / baselineMs).toFixed(2)}; server peak RSS ${peakMb.toFixed(0)} MB (target < ${RSS_TARGET_MB} MB): ${verdict(peakMb < RSS_TARGET_MB)}; the package is ${(zipBytes / baselineBytes).toFixed(4)} × its files`,
      );
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
