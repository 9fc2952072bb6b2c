import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { join } from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import {
  ensureSystemAdmin,
  localDiskStorage,
  migrateToLatest,
  openDatabase,
  seedDemo,
} from "@chuangcheng/domain";
import { buildServer } from "../src/server.js";
import { loadDataKeys } from "../src/data-key.js";
import { createSqliteReaders } from "../src/sqlite-readers.js";

// The real server plus one plain JSON route: the baseline every other figure is a ratio of; and the
// same procedures through tRPC's official adapter at /trpc-official, to compare with the lean handler.
const dataDir = process.env.DATA_DIR!;
mkdirSync(dataDir, { recursive: true });
// BENCH_DB_URL: a PostgreSQL database (the same figures beside SQLite); else the SQLite file in DATA_DIR,
// read through DB_READERS reader threads as the server does (default 4; 0: every query on the event loop).
const sqliteFile = process.env.BENCH_DB_URL ? null : join(dataDir, "bench.db");
const readerCount = Number(process.env.DB_READERS ?? 4);
const readers = sqliteFile && readerCount > 0 ? createSqliteReaders(sqliteFile, readerCount) : null;
const db = openDatabase(process.env.BENCH_DB_URL || sqliteFile!, { readers });
await migrateToLatest(db);
await ensureSystemAdmin(db, { mobile: "13800000000", password: "bench-admin-pass" });
await seedDemo(db);
// tRPC's official Fastify adapter beside the lean handler, on the same server and database.
const app = await buildServer({
  db,
  keys: loadDataKeys(dataDir, undefined).keys,
  logLevel: "silent",
  trpcMounts: { lean: "/trpc", official: "/trpc-official" },
  files: { storage: localDiskStorage(join(dataDir, "files")) },
  readers,
});
app.get("/bench/plain", async () => ({ hello: "world", at: 1 }));
// The same route with a body of a given size (?kb=17): what the bytes alone of a big answer cost.
const bodies = new Map<number, string>();
app.get<{ Querystring: { kb?: string } }>("/bench/plain-sized", async (req, reply) => {
  const kb = Math.min(Number(req.query.kb ?? 1) || 1, 1024);
  let body = bodies.get(kb);
  if (body === undefined) {
    body = JSON.stringify({ text: "创".repeat(Math.max(0, Math.round((kb * 1024 - 12) / 3))) });
    bodies.set(kb, body);
  }
  return reply.type("application/json").send(body);
});
// The photo bench (files-bench.ts): the process's peak RSS so far, and a plain copy of a request
// body to disk, the baseline of an upload.
// The time this thread has spent collecting garbage so far, in µs: per request, what a route's
// allocations cost beside its CPU.
let gcUs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcUs += entry.duration * 1000;
}).observe({ entryTypes: ["gc"] });
/** This (the event loop's) thread's CPU time in µs, on Linux (10 ms ticks); null elsewhere. */
function mainThreadCpuUs(): number | null {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}
app.get("/bench/rss", async () => {
  const cpu = process.cpuUsage();
  return {
    gcUs,
    mainThreadCpuUs: mainThreadCpuUs(),
    maxRssKb: process.resourceUsage().maxRSS,
    rssKb: process.memoryUsage().rss / 1024,
    // The server's CPU time so far, all its threads: per request, a figure the bench's client cannot blur.
    cpuUs: cpu.user + cpu.system,
  };
});
await app.register(async (scope) => {
  scope.addContentTypeParser("*", (_req, _payload, done) => done(null));
  scope.post("/bench/copy", async (req) => {
    const file = join(dataDir, `copy-${req.id}`);
    await pipeline(req.raw, createWriteStream(file));
    await rm(file);
    return { ok: true };
  });
});
async function stop() {
  await app.close();
  await readers?.close();
  await db.destroy();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
