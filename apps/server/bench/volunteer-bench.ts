import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "@chuangcheng/browser-testing";
import { loadDataKeys } from "../src/data-key.js";
import { generate, type LoadTimes } from "./volunteer-data.js";
import { measure, type Figures } from "./measure.js";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export interface VolunteerFigures {
  load: LoadTimes;
  roster: Figures;
  rosterSorted: Figures;
  tail: Figures;
  contains: Figures;
  ratio: Figures;
  rosterOne: Figures;
  ratioOne: Figures;
  race: { won: number; full: number; other: number; ms: number };
}

/**
 * Issue 3's figures: roster search and ratio at scale and the sign-up race, on SQLite (a file) or on
 * PostgreSQL (`databaseUrl`, an empty database of its own). Prints them and returns them.
 */
export async function volunteerBench(label: string, databaseUrl?: string): Promise<VolunteerFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), "cc-vbench-"));
  try {
    const { keys } = loadDataKeys(dataDir, undefined);
    const data = await generate(databaseUrl ?? join(dataDir, "bench.db"), keys);
    console.info(
      `\nVolunteers on ${label}: ${data.volunteers.toLocaleString()} registered, ${data.signups.toLocaleString()} sign-ups generated in ${data.load.totalS.toFixed(1)} s (the volunteers with their skills ${data.load.volunteersS.toFixed(1)} s, the sign-ups ${data.load.signupsS.toFixed(1)} s)`,
    );

    const server = await startServer({
      entry: here("./bench-server.ts"),
      args: ["--import", "tsx"],
      env: { DATA_DIR: dataDir, BENCH_DB_URL: databaseUrl ?? "" },
    });
    try {
      const login = await fetch(`${server.baseUrl}/trpc/auth.login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ mobile: "13800000002", password: "chuangcheng2026" }),
      });
      const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
      const q = (path: string, input: unknown) =>
        `${server.baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
      const plain = await measure(`${server.baseUrl}/bench/plain`, {}, 20);
      const roster = await measure(
        q("volunteer.roster", { name: "王", skill: "medical", page: 1, pageSize: 20 }),
        { cookie },
        20,
      );
      const rosterSorted = await measure(
        q("volunteer.roster", { name: "李", skill: "elderly_care", sort: "hours", page: 1, pageSize: 20 }),
        { cookie },
        20,
      );
      // The search box: 手机尾号 (an index of the mobile's last four) and a part of a name (a scan of the 社区's names).
      const tail = await measure(
        q("volunteer.roster", { search: "1234", page: 1, pageSize: 20 }),
        { cookie },
        20,
      );
      const contains = await measure(
        q("volunteer.roster", { search: "建国", page: 1, pageSize: 20 }),
        { cookie },
        20,
      );
      const ratio = await measure(q("volunteer.ratio", { communityId: data.communityId }), { cookie }, 20);
      const plainOne = await measure(`${server.baseUrl}/bench/plain`, {}, 1);
      const rosterOne = await measure(
        q("volunteer.roster", { name: "王", skill: "medical", page: 1, pageSize: 20 }),
        { cookie },
        1,
      );
      const ratioOne = await measure(q("volunteer.ratio", { communityId: data.communityId }), { cookie }, 1);
      console.table(
        [
          ["plain Fastify JSON route (baseline)", 20, plain, ""],
          ["volunteer.roster 王* + 医疗", 20, roster, "< 50"],
          ["volunteer.roster 李* + 为老服务, by hours", 20, rosterSorted, "< 50"],
          ["volunteer.roster 尾号 1234", 20, tail, "< 50"],
          ["volunteer.roster 姓名含 建国", 20, contains, "< 50"],
          ["volunteer.ratio (东街社区, with 网格)", 20, ratio, ""],
          ["plain Fastify JSON route (baseline)", 1, plainOne, ""],
          ["volunteer.roster 王* + 医疗", 1, rosterOne, ""],
          ["volunteer.ratio (东街社区, with 网格)", 1, ratioOne, "< 20"],
        ].map(([name, connections, r, target]) => {
          const m = r as Figures;
          return {
            route: name as string,
            connections: connections as number,
            "req/s": Math.round(m.rps),
            "p50 ms": m.p50,
            "p99 ms": m.p99,
            "p99 target ms": target as string,
            "ratio to plain": (m.rps / (connections === 1 ? plainOne : plain).rps).toFixed(3),
          };
        }),
      );

      // 200 volunteers, each with their own session, ask for the last 20 places at once.
      const t0 = performance.now();
      const results = await Promise.all(
        data.raceTokens.map((token) =>
          fetch(`${server.baseUrl}/trpc/activity.signUp`, {
            method: "POST",
            headers: { "content-type": "application/json", cookie: `cc_session=${token}` },
            body: JSON.stringify({ activityId: data.raceActivityId }),
          }).then((r) => r.status),
        ),
      );
      const ms = performance.now() - t0;
      const won = results.filter((s) => s === 200).length;
      const full = results.filter((s) => s === 409).length;
      const other = results.length - won - full;
      console.info(
        `Sign-up race: ${results.length} concurrent sign-ups for 20 places -> ${won} succeeded, ${full} refused 名额已满, ${other} other, all answered in ${Math.round(ms)} ms`,
      );
      return {
        load: data.load,
        roster,
        rosterSorted,
        tail,
        contains,
        ratio,
        rosterOne,
        ratioOne,
        race: { won, full, other, ms },
      };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The Excel import of 10,000 rows (SQLite), in a process of its own so that its peak memory is the import's. */
export function importBench() {
  const out = execFileSync(process.execPath, ["--import", "tsx", here("./import-bench.ts"), "10000"], {
    encoding: "utf8",
  });
  const imp = JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, number>;
  console.info(
    `Excel import: ${imp.rows} rows (${imp.fileKb} KB) -> ${imp.imported} imported, ${imp.errors} errors in ${(imp.importMs! / 1000).toFixed(2)} s (target < 10 s); ` +
      `parsing the file alone (baseline) ${(imp.parseMs! / 1000).toFixed(2)} s, ratio ${(imp.importMs! / imp.parseMs!).toFixed(1)}x; peak RSS ${imp.peakRssMb} MB (max RSS ${imp.maxRssMb} MB)`,
  );
}
