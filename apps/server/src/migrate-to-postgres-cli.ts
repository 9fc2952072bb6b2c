import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  copyDatabase,
  CopyRefused,
  isPostgresUrl,
  openDatabase,
  openSqliteSource,
  type CopyProgress,
} from "@chuangcheng/domain";
import type { Output } from "./backup-cli.js";
import { ConfigError, describeDatabaseUrl, loadConfig, type Config } from "./config.js";
import { DATABASE_FILE, runningServerPid } from "./data-dir.js";
import { KEY_FILE } from "./data-key.js";

// `npm run migrate-to-postgres -- --from data/chuangcheng.db --to $DATABASE_URL`: moves an SQLite
// installation's data into a new, empty PostgreSQL database (copyDatabase in the domain). The SQLite
// file is opened read-only and stays as it was. Exit code 0 done, 1 refused or failed, 2 usage.

const USAGE = [
  "用法 usage:",
  "  npm run migrate-to-postgres -- --from data/chuangcheng.db --to postgres://用户:密码@主机:5432/数据库",
  "    --from  SQLite 数据库文件 (默认 DATA_DIR/chuangcheng.db)",
  "    --to    空的 PostgreSQL 数据库 (默认 DATABASE_URL), 先用 createdb 新建",
].join("\n");

/** A table this big also reports its progress on the way. */
const PROGRESS_EVERY = 100_000;

class UsageError extends Error {}

export async function runMigrateToPostgresCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: Output,
): Promise<number> {
  try {
    return await migrate(argv, env, out);
  } catch (err) {
    if (err instanceof UsageError) {
      out.error(`${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof CopyRefused) {
      out.error(err.message);
      return 1;
    }
    if ((err as { code?: string }).code === "3D000") {
      out.error("目标数据库不存在, 请先创建 (the target database does not exist: createdb it first)");
      return 1;
    }
    const message = err instanceof Error ? err.message : String(err);
    out.error(`迁移失败, 目标数据库未写入任何数据 (the move failed, nothing was written): ${message}`);
    return 1;
  }
}

async function migrate(argv: string[], env: NodeJS.ProcessEnv, out: Output): Promise<number> {
  let values: { from?: string; to?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { from: { type: "string" }, to: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    out.log(USAGE);
    return 0;
  }
  const config = loadConfig(env);
  const from = resolve(values.from ?? join(config.DATA_DIR, DATABASE_FILE));
  const to = values.to ?? config.DATABASE_URL;
  if (!to) throw new UsageError("缺少 --to (and DATABASE_URL is not set)");
  if (!isPostgresUrl(to)) {
    throw new UsageError("--to 应为 PostgreSQL 连接地址, 如 postgres://用户:密码@主机:5432/数据库");
  }
  // A write the server makes after the snapshot is read would be left behind in SQLite.
  const pid = runningServerPid(dirname(from));
  if (pid !== null) {
    throw new CopyRefused(
      `服务正在运行 (pid ${pid}), 先停止服务再迁移 (the server is running on this database: stop it first)`,
    );
  }

  const source = openSqliteSource(from);
  const target = openDatabase(to, { poolSize: 2 });
  try {
    out.log(`迁移 (moving) ${from} → PostgreSQL ${describeDatabaseUrl(to)}`);
    const result = await copyDatabase(source, target, { onProgress: progress(out) });
    const total = result.tables.reduce((sum, t) => sum + t.rows, 0);
    out.log(
      `完成 (done): ${result.tables.length} 张表 tables, ${total} 行 rows, 用时 ${(result.ms / 1000).toFixed(1)} 秒 s` +
        ` (schema ${result.schemaVersion}); 每张表的行数与 id 已核对 (counts and ids verified)`,
    );
    out.log(`  SQLite 文件未改动 (left as it was): ${from}`);
    out.log(keyReminder(config, from));
    return 0;
  } finally {
    await source.destroy();
    await target.destroy();
  }
}

/** A line per table as it is done, and per 100,000 rows of a big one, so a long move shows it is moving. */
function progress(out: Output) {
  let shown = { table: "", step: 0 };
  return ({ table, copied, total }: CopyProgress) => {
    if (copied === total) {
      out.log(`  ${table.padEnd(24)} ${copied} 行 rows`);
      return;
    }
    const step = Math.floor(copied / PROGRESS_EVERY);
    if (step === 0 || (table === shown.table && step === shown.step)) return;
    shown = { table, step };
    out.log(`  … ${table} ${copied} / ${total}`);
  };
}

/**
 * The 身份证号 stay encrypted with the SQLite server's key: every server on PostgreSQL needs that
 * key as DATA_KEY. Says where the key is, never the key.
 */
function keyReminder(config: Config, from: string): string {
  const where = config.DATA_KEY
    ? "环境变量 DATA_KEY 的值 (the DATA_KEY value used here)"
    : existsSync(join(dirname(from), KEY_FILE))
      ? `${join(dirname(from), KEY_FILE)} 的内容 (DATA_KEY="$(cat ${join(dirname(from), KEY_FILE)})")`
      : `原服务 DATA_DIR 中 ${KEY_FILE} 的内容 (the old server's ${KEY_FILE})`;
  return (
    `  提醒 reminder: PostgreSQL 上的每台服务都必须设置与原服务相同的 DATA_KEY, 即 ${where}; ` +
    "否则身份证号无法读取 (every server on PostgreSQL needs the old server's key as DATA_KEY)"
  );
}
