import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ensureSystemAdmin, migrateToLatest, openDatabase, seedDemo } from "@chuangcheng/domain";
import { buildServer } from "../src/server.js";
import { loadDataKeys } from "../src/data-key.js";

// The real server plus one plain JSON route: the baseline every other figure is a ratio of.
const dataDir = process.env.DATA_DIR!;
mkdirSync(dataDir, { recursive: true });
const db = openDatabase(join(dataDir, "bench.db"));
await migrateToLatest(db);
await ensureSystemAdmin(db, { mobile: "13800000000", password: "bench-admin-pass" });
await seedDemo(db);
const app = await buildServer({ db, keys: loadDataKeys(dataDir, undefined).keys, logLevel: "silent" });
app.get("/bench/plain", async () => ({ hello: "world", at: 1 }));
process.on("SIGTERM", () => void app.close().then(() => db.destroy()).then(() => process.exit(0)));
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
