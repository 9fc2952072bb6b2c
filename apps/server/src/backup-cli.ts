import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  backupDatabase,
  BACKUP_KEEP_DEFAULT,
  BackupError,
  listBackups,
  restoreDatabase,
  type DataKeys,
} from "@chuangcheng/domain";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { BACKUP_DIR, DATABASE_FILE, PID_FILE, runningServerPid } from "./data-dir.js";
import { KEY_FILE, loadDataKeys } from "./data-key.js";

// `npm run backup` and `npm run restore -- FILE`: the same configuration as the server (DATA_DIR,
// DATA_KEY), short messages for the operator, exit code 0 done, 1 refused or failed, 2 usage.

export interface Output {
  log: (line: string) => void;
  error: (line: string) => void;
}

const USAGE = [
  "用法 usage:",
  "  npm run backup [-- --keep N --dir DIR]   备份数据库到 DATA_DIR/backups, 保留最近 N 份 (BACKUP_KEEP, 默认 14)",
  "  npm run restore -- FILE                  用备份替换 DATA_DIR 中的数据库 (先停止服务)",
].join("\n");

export async function runBackupCli(argv: string[], env: NodeJS.ProcessEnv, out: Output): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "backup") return await backup(rest, env, out);
    if (command === "restore") return restore(rest, env, out);
    out.error(USAGE);
    return 2;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof BackupError || err instanceof UsageError) {
      out.error(err.message);
      return err instanceof UsageError ? 2 : 1;
    }
    throw err;
  }
}

class UsageError extends Error {}

/** parseArgs, its complaints (an unknown option, a missing value) turned into a usage error. */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
}

async function backup(args: string[], env: NodeJS.ProcessEnv, out: Output): Promise<number> {
  const { values } = usage(() =>
    parseArgs({ args, options: { keep: { type: "string" }, dir: { type: "string" } } }),
  );
  const config = loadConfig(env);
  refuseOnPostgres(config, "backup");
  const keep =
    values.keep !== undefined ? keepCount("--keep", values.keep) : keepCount("BACKUP_KEEP", env.BACKUP_KEEP);
  const dir = values.dir !== undefined ? resolve(values.dir) : join(config.DATA_DIR, BACKUP_DIR);
  const result = await backupDatabase(join(config.DATA_DIR, DATABASE_FILE), { dir, keep });

  out.log(`备份完成 (backup written): ${result.file}`);
  out.log(`  大小 size: ${formatBytes(result.bytes)}, ${result.pages} 页 pages`);
  out.log(`  删除旧备份 removed: ${result.removed.length} (保留最近 ${keep} 份 keeping the last ${keep})`);
  out.log(keyReminder(config));
  return 0;
}

/**
 * These commands copy the SQLite file in DATA_DIR; with DATABASE_URL the data is in PostgreSQL, whose
 * own tools take a consistent copy of a live database. The URL stays in the variable, never printed.
 */
function refuseOnPostgres(config: Config, command: "backup" | "restore") {
  if (!config.DATABASE_URL) return;
  throw new BackupError(
    command === "backup"
      ? 'PostgreSQL 请用 pg_dump 备份：pg_dump --format=custom --file=chuangcheng-$(date +%Y%m%d-%H%M%S).dump "$DATABASE_URL"\n' +
          "(DATABASE_URL is set: npm run backup copies only the SQLite file in DATA_DIR)"
      : 'PostgreSQL 请用 pg_restore 恢复 (先停止所有服务)：pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" FILE.dump\n' +
          "(DATABASE_URL is set: npm run restore replaces only the SQLite file in DATA_DIR)",
  );
}

function keepCount(name: string, raw: string | undefined): number {
  if (raw === undefined || raw === "") return BACKUP_KEEP_DEFAULT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${name}=${JSON.stringify(raw)}: 应为不小于 1 的整数 (a whole number ≥ 1)`);
  return n;
}

/** Where the key is, never the key: without it the backup's 身份证号 cannot be read. */
function keyReminder(config: Config): string {
  const where = config.DATA_KEY
    ? "环境变量 DATA_KEY 的值 (the DATA_KEY value)"
    : join(config.DATA_DIR, KEY_FILE);
  return `  提醒: 请把 ${where} 与备份一起妥善保管 (keep the key with the backups), 缺少它身份证号无法读取`;
}

function restore(args: string[], env: NodeJS.ProcessEnv, out: Output): number {
  const { positionals } = usage(() => parseArgs({ args, allowPositionals: true }));
  const config = loadConfig(env);
  refuseOnPostgres(config, "restore");
  const backups = join(config.DATA_DIR, BACKUP_DIR);
  const [given] = positionals;
  if (!given || positionals.length > 1) {
    const available = listBackups(backups);
    out.error(USAGE);
    out.error(
      available.length
        ? `可用备份 (in ${backups}):\n${available.map((f) => `  ${basename(f)}`).join("\n")}`
        : `${backups} 中没有备份`,
    );
    return 2;
  }
  // A bare name from the list above is found in DATA_DIR/backups.
  const file = existsSync(given) || !existsSync(join(backups, given)) ? resolve(given) : join(backups, given);

  const pid = runningServerPid(config.DATA_DIR);
  if (pid !== null) {
    throw new BackupError(
      `服务正在运行 (pid ${pid}), 先停止服务再恢复 (the server is running: stop it first, then restore).\n` +
        `若服务确已停止, 删除 ${join(config.DATA_DIR, PID_FILE)} 后重试`,
    );
  }
  const result = restoreDatabase(file, join(config.DATA_DIR, DATABASE_FILE), { keys: availableKeys(config) });

  out.log(`已恢复 (restored): ${result.file}`);
  out.log(`  来自 from: ${file} (${result.schemaVersion ?? "空库 empty"})`);
  if (result.safetyCopy) out.log(`  原数据库已保留 (previous database kept): ${result.safetyCopy}`);
  out.log("  现在可以启动服务 (now start the server): npm start");
  return 0;
}

/** DATA_KEY or an existing key file; null when neither (loadDataKeys would create a new, useless one). */
function availableKeys(config: Config): DataKeys | null {
  if (!config.DATA_KEY && !existsSync(join(config.DATA_DIR, KEY_FILE))) return null;
  return loadDataKeys(config.DATA_DIR, config.DATA_KEY).keys;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
