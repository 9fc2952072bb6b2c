import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openDatabase } from "@chuangcheng/domain";
import { createPostgresDatabase, type ScratchPostgres } from "@chuangcheng/domain/testing";

// The PostgreSQL the bench measures beside SQLite, on this machine: BENCH_DATABASE_URL, else
// TEST_DATABASE_URL (a server the bench creates its databases beside, and drops them after), else a
// throwaway cluster started with tooling/postgres/start-test-cluster.sh and stopped at the end.
// BENCH_POSTGRES=0 leaves PostgreSQL out.

export interface BenchPostgres {
  /** where it came from, for the printed header */
  source: string;
  /** fsync and synchronous_commit of that server: whether a commit waits for the disk */
  durability: string;
  /** a new, empty (migrated) database of its own */
  database(prefix: string): Promise<ScratchPostgres>;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const START = `${ROOT}tooling/postgres/start-test-cluster.sh`;
const STOP = `${ROOT}tooling/postgres/stop-test-cluster.sh`;

/** The PostgreSQL to measure, or the reason there is none. */
export async function benchPostgres(): Promise<BenchPostgres | { skipped: string }> {
  if (process.env.BENCH_POSTGRES === "0") return { skipped: "BENCH_POSTGRES=0" };
  const given = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (given) {
    const source = process.env.BENCH_DATABASE_URL ? "BENCH_DATABASE_URL" : "TEST_DATABASE_URL";
    return open(given, source, async () => {});
  }
  if (!existsSync(START)) return { skipped: `no BENCH_DATABASE_URL or TEST_DATABASE_URL, and no ${START}` };
  let printed: string;
  try {
    printed = execFileSync(START, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const reason = String((error as { stderr?: string }).stderr ?? error)
      .trim()
      .split("\n")[0];
    return { skipped: `no BENCH_DATABASE_URL or TEST_DATABASE_URL, and no throwaway cluster (${reason})` };
  }
  const value = (name: string) => new RegExp(`${name}='([^']*)'`).exec(printed)?.[1];
  const url = value("TEST_DATABASE_URL");
  const dir = value("CC_PG_DIR");
  if (!url || !dir) throw new Error(`start-test-cluster.sh printed no URL:\n${printed}`);
  return open(url, "a throwaway cluster (tooling/postgres/start-test-cluster.sh)", async () => {
    execFileSync(STOP, [dir], { stdio: "inherit" });
  });
}

async function open(serverUrl: string, source: string, stop: () => Promise<void>): Promise<BenchPostgres> {
  const db = openDatabase(serverUrl, { poolSize: 1 });
  let durability: string;
  try {
    const setting = async (name: string) =>
      (
        await db
          .selectNoFrom((eb) => eb.fn<string>("current_setting", [eb.val(name)]).as("v"))
          .executeTakeFirstOrThrow()
      ).v;
    durability = `PostgreSQL ${await setting("server_version")}, fsync ${await setting("fsync")}, synchronous_commit ${await setting("synchronous_commit")}`;
  } finally {
    await db.destroy();
  }
  return {
    source,
    durability,
    database: (prefix) => createPostgresDatabase({ serverUrl, prefix }),
    stop,
  };
}
