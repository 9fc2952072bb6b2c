import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ensureSystemAdmin, migrateToLatest, openDatabase, seedDemo } from "@chuangcheng/domain";
import { buildServer } from "../src/server.js";
import { loadDataKeys } from "../src/data-key.js";

// The real server plus one plain JSON route: the baseline every other figure is a ratio of; and the
// same procedures through tRPC's official adapter at /trpc-official, to compare with the lean handler.
const dataDir = process.env.DATA_DIR!;
mkdirSync(dataDir, { recursive: true });
// BENCH_DB_URL: a PostgreSQL database (the same figures beside SQLite); else the SQLite file in DATA_DIR.
const db = openDatabase(process.env.BENCH_DB_URL || join(dataDir, "bench.db"));
await migrateToLatest(db);
await ensureSystemAdmin(db, { mobile: "13800000000", password: "bench-admin-pass" });
await seedDemo(db);
// tRPC's official Fastify adapter beside the lean handler, on the same server and database.
const app = await buildServer({
  db,
  keys: loadDataKeys(dataDir, undefined).keys,
  logLevel: "silent",
  trpcMounts: { lean: "/trpc", official: "/trpc-official" },
});
app.get("/bench/plain", async () => ({ hello: "world", at: 1 }));
async function stop() {
  await app.close();
  await db.destroy();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
