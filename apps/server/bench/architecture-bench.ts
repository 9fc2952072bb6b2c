import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "@chuangcheng/browser-testing";
import { loadDataKeys } from "../src/data-key.js";
import { DATABASE_FILE } from "../src/data-dir.js";
import { benchLogin, measure, type Figures } from "./measure.js";
import { generate } from "./volunteer-data.js";

// Issue 13's choice, measured: the built server on 50,000 volunteers as one process with every query
// on the event loop (DB_READERS=0, the baseline), as one process with reads on 4 reader threads (the
// chosen design), and as 2 processes of node:cluster on one SQLite file (the rejected alternative).
// Roster searches at 20 connections, alone and while a 10-connection flood of another search runs
// (the "heavy neighbour"), and auth.me at 10 connections.

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const CLUSTER = fileURLToPath(new URL("./cluster-main.mjs", import.meta.url));

interface Setup {
  name: string;
  entry: string;
  env: Record<string, string>;
}

const SETUPS: Setup[] = [
  { name: "1 process, DB_READERS=0 (baseline)", entry: MAIN, env: { DB_READERS: "0" } },
  { name: "1 process, DB_READERS=4 (chosen)", entry: MAIN, env: { DB_READERS: "4" } },
  {
    name: "node:cluster, 2 processes, DB_READERS=0",
    entry: CLUSTER,
    env: { DB_READERS: "0", CLUSTER_WORKERS: "2", CLUSTER_ENTRY: MAIN },
  },
];

export async function architectureBench() {
  const dataDir = mkdtempSync(join(tmpdir(), "cc-archbench-"));
  try {
    const { keys } = loadDataKeys(dataDir, undefined);
    const data = await generate(join(dataDir, DATABASE_FILE), keys, {
      volunteers: 50_000,
      activities: 1_000,
      perActivity: 20,
      racers: 0,
    });
    console.info(
      `\nArchitecture bench: ${data.volunteers.toLocaleString()} volunteers in ${data.load.totalS.toFixed(1)} s`,
    );
    const rows = [];
    for (const setup of SETUPS) {
      const server = await startServer({
        entry: setup.entry,
        env: { ...setup.env, DATA_DIR: dataDir, SEED_DEMO: "0", LOG_LEVEL: "error" },
        timeoutMs: 120_000,
      });
      try {
        // The cluster's second process may still be starting when the first answers.
        await new Promise((r) => setTimeout(r, 3000));
        const cookie = await benchLogin(server.baseUrl, "13800000002");
        const q = (input: unknown) =>
          `${server.baseUrl}/trpc/volunteer.roster?input=${encodeURIComponent(JSON.stringify(input))}`;
        const light = q({ name: "王", skill: "medical", page: 1, pageSize: 20 });
        // Heavy: the whole 社区 sorted by 服务时长, which has no index (about 20 ms alone). A name search
        // was the neighbour until the name grams (migration 2026-12-16T0000) made it 1 ms.
        const heavy = q({ sort: "hours", page: 1, pageSize: 20 });
        const me = await measure(`${server.baseUrl}/trpc/auth.me`, { cookie }, 10);
        const alone = await measure(light, { cookie }, 20);
        const [beside, neighbour] = await Promise.all([
          measure(light, { cookie }, 20),
          measure(heavy, { cookie }, 10),
        ]);
        const row = (what: string, f: Figures) => ({
          setup: setup.name,
          what,
          "req/s": Math.round(f.rps),
          "p50 ms": f.p50,
          "p99 ms": f.p99,
        });
        rows.push(
          row("auth.me, 10 conn.", me),
          row("roster 王* + 医疗, 20 conn.", alone),
          row("same, beside 10 conn. of 按服务时长排序", beside),
          row("the neighbour: 按服务时长排序, 10 conn.", neighbour),
        );
      } finally {
        await server.stop();
      }
    }
    console.info(
      "\nOne process with reader threads against node:cluster (same data, same run; latency seen by the client)",
    );
    console.table(rows);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await architectureBench();
