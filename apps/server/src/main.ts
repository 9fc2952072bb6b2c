import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  certificateFontFile,
  consoleSms,
  ensureSystemAdmin,
  keysReadStoredData,
  localDiskStorage,
  migrateToLatest,
  openDatabase,
  seedDemo,
  seedDemoProblems,
  seedDemoBoard,
  seedDemoCampaign,
  seedDemoVolunteers,
  whileHoldingLock,
  MISSING_FONT_MESSAGE,
} from "@chuangcheng/domain";
import { ConfigError, describeDatabaseUrl, loadConfig, mutationOrigins, type Config } from "./config.js";
import { DATABASE_FILE, removePidFile, writePidFile } from "./data-dir.js";
import { KEY_FILE, loadDataKeys } from "./data-key.js";
import { scheduleBoardRetention } from "./board-retention-schedule.js";
import { scheduleDutyReminders } from "./duty-reminder-schedule.js";
import { scheduleTaskDigests } from "./task-digest-schedule.js";
import { scheduleFileCleanup } from "./files-routes.js";
import { buildServer } from "./server.js";
import { createMetrics } from "./metrics.js";
import { createWorkerPool } from "./worker-pool.js";
import { createSqliteReaders } from "./sqlite-readers.js";

async function main() {
  const config = loadConfig();
  mkdirSync(config.DATA_DIR, { recursive: true });
  const { keys } = loadDataKeys(config.DATA_DIR, config.DATA_KEY);
  // PostgreSQL when DATABASE_URL is set; else the SQLite file in DATA_DIR, which still holds the key file.
  // /metrics (METRICS_TOKEN): the database reports each query's duration to it.
  const metrics = config.METRICS_TOKEN ? createMetrics() : null;
  // Excel parsing and .docx/PDF building on worker threads (OFFLOAD_WORKERS; 0: on the event loop).
  const pool =
    config.OFFLOAD_WORKERS > 0 ? createWorkerPool(config.OFFLOAD_WORKERS, config.OFFLOAD_NICE) : null;
  if (pool) metrics?.watchPool(pool.stats);
  // On SQLite, reads outside a transaction go to read-only connections on worker threads (DB_READERS).
  const sqliteFile = config.DATABASE_URL ? null : join(config.DATA_DIR, DATABASE_FILE);
  const readers =
    sqliteFile && config.DB_READERS > 0 ? createSqliteReaders(sqliteFile, config.DB_READERS) : null;
  if (readers) metrics?.watchPool(readers.stats, "sqlite_readers");
  const db = openDatabase(config.DATABASE_URL ?? sqliteFile!, {
    ...(metrics ? { onQuery: metrics.observeQuery } : {}),
    readers,
  });
  // Uploaded photos, by content hash; several servers need this folder on one shared volume.
  const storage = localDiskStorage(join(config.DATA_DIR, "files"));
  // Servers starting together on one PostgreSQL database take turns here: the second finds the
  // migrations, the system admin and the demo data the first made, instead of making them again.
  const { applied, admin, seeded } = await whileHoldingLock(db, "startup", async () => {
    const applied = await migrateToLatest(db);
    // Every server of a database needs the same master key (DATA_KEY): refuse one that cannot read the data.
    if (!(await keysReadStoredData(db, keys))) throw new ConfigError(wrongKeyMessage(config));
    const admin = await ensureSystemAdmin(db, {
      mobile: config.ADMIN_PHONE,
      password: config.ADMIN_PASSWORD,
    });
    const seeded = config.SEED_DEMO ? await seedDemo(db) : false;
    if (seeded) {
      await seedDemoVolunteers(db, keys);
      await seedDemoProblems(db, storage);
      await seedDemoBoard(db, storage);
      await seedDemoCampaign(db, storage);
    }
    return { applied, admin, seeded };
  });

  const app = await buildServer({
    db,
    keys,
    files: { storage },
    logLevel: config.LOG_LEVEL,
    cookieSecure: config.COOKIE_SECURE,
    allowedOrigins: mutationOrigins(config),
    trustProxy: config.TRUST_PROXY,
    publicUrl: config.PUBLIC_URL,
    registrationsPerHour: config.REGISTRATIONS_PER_HOUR,
    // console: development only, the codes land in the server log (the mobile masked).
    sms: config.SMS_TRANSPORT === "console" ? consoleSms((line) => app.log.warn(line)) : null,
    ...(metrics && config.METRICS_TOKEN ? { metrics: { metrics, token: config.METRICS_TOKEN } } : {}),
    ...(pool ? { offload: pool } : {}),
    readers,
  });
  if (applied.length > 0) app.log.info({ migrations: applied }, "database migrated");
  // The 志愿服务证明 PDF needs a Chinese font (fonts-noto-cjk); without it only that download fails (503).
  if (!certificateFontFile()) app.log.error(MISSING_FONT_MESSAGE);
  // Uploads never attached to anything within a day: at start, then hourly.
  scheduleFileCleanup(app, { db, storage });
  // 黑榜 entries past their 社区's retention period lose their personal data: at start, then every 6 hours.
  scheduleBoardRetention(app, { db, storage });
  // Recurring duties due soon or left undone reach their 责任人's inbox, once each: at start, then hourly.
  scheduleDutyReminders(app, { db });
  // Each staff person's 每日任务提醒, once a day from 08:00 China time: at start, then hourly.
  scheduleTaskDigests(app, { db });
  if (seeded) app.log.info("demo data created (SEED_DEMO=0 to skip)");

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down");
    await app.close();
    await pool?.close();
    // Readers first: the last connection to close folds the write-ahead log back into the file and
    // removes it, and that must be the one that writes.
    await readers?.close();
    await db.destroy();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  await app.listen({ port: config.PORT, host: config.HOST });
  // Tells `npm run restore` a server is using this folder. Removed on exit; one left by a killed
  // server names a dead process, which restore ignores.
  writePidFile(config.DATA_DIR);
  process.on("exit", () => removePidFile(config.DATA_DIR));
  const base = `http://localhost:${config.PORT}`;
  const lines = [
    "",
    "创城通 is running:",
    `  居民端 portal      ${base}/`,
    `  管理后台 admin     ${base}/admin/`,
    `  health             ${base}/healthz`,
    `  data               ${config.DATA_DIR}`,
  ];
  if (config.DATABASE_URL)
    lines.push(`  database           PostgreSQL ${describeDatabaseUrl(config.DATABASE_URL)}`);
  if (config.SMS_TRANSPORT === "console") {
    lines.push("  SMS                console: verification codes go to this log (development only)");
  }
  if (admin.created) {
    lines.push(`  system admin       ${admin.mobile}`);
    // Printed once, on the start that created the account; only its hash is stored.
    if (admin.generatedPassword)
      lines.push(`  generated password ${admin.generatedPassword}  (shown only this once)`);
  }
  console.info(lines.join("\n") + "\n");
}

/** Which key was wrong and where the right one is, never the key. */
function wrongKeyMessage(config: Config): string {
  const used = config.DATA_KEY ? "DATA_KEY" : join(config.DATA_DIR, KEY_FILE);
  const shared = config.DATABASE_URL
    ? "；多台服务器共用一个数据库时，每台都须设置同一个 DATA_KEY (every server of one database needs the same DATA_KEY)"
    : "";
  return `数据密钥不匹配: ${used} 无法读取数据库中已加密的身份证号，请使用创建这些数据时的密钥 (this key cannot read the stored personal data)${shared}`;
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error("创城通 failed to start:", err);
  }
  process.exit(1);
});
