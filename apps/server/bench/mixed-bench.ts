import { randomBytes } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "@chuangcheng/browser-testing";
import { benchLogin } from "./measure.js";
import { prepareOneOff } from "./mixed-one-off.js";
import {
  IMPORT_ROWS,
  RESIDENTS,
  SIGNUP_ACTIVITIES,
  SIGNUP_PLACES,
  generateMixed,
  importFile,
  type MixedData,
} from "./mixed-data.js";
import { answeredUsers, p99ByWindow, runLoad, stats } from "./mixed-load.js";
import {
  ONE_OFF_DELAY_MS,
  SECONDS,
  SEED,
  WINDOW_MS,
  offeredLine,
  printComparison,
  printRun,
  type MixedFigures,
  type RowFigures,
  type SignUpOutcomes,
} from "./mixed-report.js";
import { callsBetween, gcBetween, scrape } from "./mixed-scrape.js";
import { model } from "./mixed-model.js";

// Issue 13's first figure: mixed load in one run, modelled as people rather than as saturating loops.
//
// The load model. The issue asks for "200 portal users at the same time as 10 admins": people on
// phones and at desks, each tapping, reading the answer and tapping again a few seconds later. A
// closed loop that fires its next request the instant the previous one answers (autocannon's
// connections, the previous version of this bench) is not a user: 200 of them are a flood that
// offers whatever the server can take, so every group's latency is the queue's length (p99 in seconds
// on 2 cores) and the admins' heavier loops starve everyone else. Here each virtual user (mixed-load.ts)
// is an async loop of its own: send one request, wait for the answer, think, repeat.
//   - 200 residents on the portal, each their own session, a page every 2–6 s (think time uniform):
//     首页 (the one batched request of the home's 8 queries) 30 %, 活动 list 20 %, 黑白榜 20 %,
//     志愿者证 20 %, 报名 (activity.signUp POST, one of 40 upcoming activities of 10 places) 10 %.
//   - 10 街道 admins refreshing report.streetDashboard every 1–3 s: "street dashboard at 10 connections".
//   - 20 东街社区 admins each opening the roster (its first page) and running its 4 searches in turn
//     every 0.5–1.5 s, on 50,000 volunteers: "roster at 20 connections".
//   - 5 街道 admins refreshing campaign.readiness every 2–5 s.
//   - 2 s in: one 10,000-row 志愿者 import preview and one 台账 package (the campaign ledger zip of
//     东街社区); both must finish (they may run past the phase's end). Each is sent from a process of its
//     own (mixed-one-off.ts), so that moving their 80 MB does not stall the process that times the users.
// Every admin is an account of their own (mixed-data.ts), so the server's 10 s per-caller caches of
// dashboards and readiness are as shared as they would be in life: not across callers. The offered
// load (users ÷ mean think time, as if answers were instant) is about 50 + 5 + 20 + 1.4 ≈ 76 req/s;
// the header prints it and the tables the rate achieved. Each user has its own seeded sequence
// (mulberry32), so both runs send the same actions with the same think times. A request unanswered
// when the phase ends counts with the time it had waited; a user that got no answer at all misses
// the target whatever the percentiles say.
//
// The server's event-loop delay p99 comes from its /metrics (prom-client resets the histogram at each
// scrape: one scrape before the load, one after). The built server (dist/main.js) on SQLite, the whole
// load twice on copies of the same data: DB_READERS=0 (the baseline: every query on the event loop's
// one connection) and the default pool of read-only connections. Prints figures; asserts nothing.

const DIST = fileURLToPath(new URL("../dist", import.meta.url));
const NODE_MODULES = fileURLToPath(new URL("../../../node_modules", import.meta.url));
const load = () => loadavg().map((l) => Number(l.toFixed(2)));

/** The whole mixed load once, against the built server on a copy of the data in `dataDir`. */
async function runOnce(
  entry: string,
  label: string,
  dataDir: string,
  data: MixedData,
  importPath: string,
  env: Record<string, string>,
): Promise<MixedFigures> {
  const token = randomBytes(24).toString("hex");
  const server = await startServer({
    entry,
    // BENCH_SERVER_ARGS: Node's flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    ...(process.env.BENCH_SERVER_ARGS ? { args: process.env.BENCH_SERVER_ARGS.split(" ") } : {}),
    env: { DATA_DIR: dataDir, METRICS_TOKEN: token, SEED_DEMO: "0", ...env },
    timeoutMs: 180_000,
  });
  try {
    // The import and the package: a 东街社区 admin signed in by password (the demo account).
    const community = await benchLogin(server.baseUrl, "13800000002");
    const outcomes: SignUpOutcomes = { ok: 0, server: 0, messages: new Map() };
    const { people, rows } = model(data, outcomes);

    // The import and the package, each from a process of its own (mixed-one-off.ts), loaded now.
    const importJob = await prepareOneOff({
      kind: "import",
      url: server.baseUrl,
      cookie: community,
      communityId: data.communityId,
      file: importPath,
      rows: IMPORT_ROWS,
    });
    const packageJob = await prepareOneOff({
      kind: "package",
      url: `${server.baseUrl}/api/campaigns/${data.campaignId}/ledger.zip?communityId=${data.communityId}`,
      cookie: community,
    });

    // Warm-up: each GET answers, three times in a row (the first request compiles and fills caches).
    for (const row of rows) {
      for (let i = 0; i < 3; i++) {
        for (const probe of row.probes) {
          const res = await fetch(`${server.baseUrl}${probe.path}`, { headers: { cookie: probe.cookie } });
          const body = await res.text();
          if (!res.ok)
            throw new Error(`mixed bench: ${row.name} answered ${res.status}: ${body.slice(0, 300)}`);
        }
      }
    }
    // Each row's requests alone (one at a time, 5 rounds, the median): the baseline of its latency.
    const alone = new Map<string, number>();
    for (const row of rows) {
      if (row.probes.length === 0) continue;
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        for (const probe of row.probes) {
          const t0 = performance.now();
          await (
            await fetch(`${server.baseUrl}${probe.path}`, { headers: { cookie: probe.cookie } })
          ).arrayBuffer();
          times.push(performance.now() - t0);
        }
      }
      times.sort((x, y) => x - y);
      alone.set(row.name, Math.round(times[Math.floor(times.length / 2)]! * 10) / 10);
    }

    const before = await scrape(server, token); // resets the event-loop histogram: what follows is the load's alone
    const loadStart = load();
    const running = runLoad(server.baseUrl, people, { durationMs: SECONDS * 1000, seed: SEED });
    await new Promise((r) => setTimeout(r, ONE_OFF_DELAY_MS));
    const [importRun, packageRun] = [importJob.go(), packageJob.go()];
    const result = await running;
    // The event-loop delay of the load's SECONDS (the import or the package may still be running).
    const after = await scrape(server, token);
    const loadEnd = load();
    const [importPreview, ledgerPackage] = await Promise.all([importRun, packageRun]);

    const anyAnswer = answeredUsers(result.samples);
    const figures: RowFigures[] = rows.map((row) => {
      const samples = result.samples.filter((x) => row.actions.includes(x.action));
      return {
        name: row.name,
        ...(row.targetMs === undefined ? {} : { targetMs: row.targetMs }),
        aloneMs: alone.get(row.name) ?? NaN,
        ...stats(samples, result.durationMs, anyAnswer),
        byWindow: p99ByWindow(samples, result.durationMs, WINDOW_MS),
      };
    });
    const run: MixedFigures = {
      label,
      rows: figures,
      rps: result.samples.filter((x) => x.answered).length / (result.durationMs / 1000),
      clientLoop: result.clientLoop,
      importPreview,
      ledgerPackage,
      eventLoop: after?.eventLoop ?? null,
      calls: callsBetween(before, after),
      gc: gcBetween(before, after),
      loadStart,
      loadEnd,
    };
    printRun(run, outcomes, result.samples);
    return run;
  } finally {
    await server.stop();
  }
}

const DEFAULT_BASE_LABEL = "DB_READERS=0 (baseline: one connection on the event loop)";

/**
 * The first run's server: `[entry, label, env]`. By default this build with every query on the event
 * loop (DB_READERS=0). BENCH_MIXED_AGAINST changes it:
 * - `cluster`: issue 13's rejected alternative, two processes of this build under node:cluster on the
 *   one file (cluster-main.mjs), every query on each one's event loop. Its /metrics answers from either
 *   process, so its event-loop figure is one process's.
 * - another build's dist/ (an older commit's, say), with the default settings, so that two builds meet
 *   the same data and load in the same minutes. It must know every migration of the data.
 */
function baseRun(root: string, entry: string): [string, string, Record<string, string>] {
  const against = process.env.BENCH_MIXED_AGAINST;
  if (against === "cluster") {
    const cluster = fileURLToPath(new URL("./cluster-main.mjs", import.meta.url));
    const env = { DB_READERS: "0", CLUSTER_WORKERS: "2", CLUSTER_ENTRY: entry };
    return [cluster, "node:cluster, 2 processes of this build, DB_READERS=0", env];
  }
  if (against) {
    cpSync(against, join(root, "against", "dist"), { recursive: true });
    const label = `the build in ${against}, DB_READERS default`;
    return [join(root, "against", "dist", "main.js"), label, { DB_READERS: "" }];
  }
  return [entry, DEFAULT_BASE_LABEL, { DB_READERS: "0" }];
}

export async function mixedBench() {
  if (!existsSync(join(DIST, "main.js"))) {
    console.info(
      `\nmixed bench skipped: ${DIST}/main.js is not built (npm run build -w @chuangcheng/server)`,
    );
    return;
  }
  const root = mkdtempSync(join(tmpdir(), "cc-mixed-bench-"));
  try {
    // Both runs on one copy of the build, whatever rebuilds dist/ meanwhile; its packages from the repo's.
    cpSync(DIST, join(root, "server", "dist"), { recursive: true });
    symlinkSync(NODE_MODULES, join(root, "node_modules"));
    const entry = join(root, "server", "dist", "main.js");
    console.info(
      `\nmixed bench: the server built ${statSync(join(DIST, "main.js")).mtime.toISOString()} (dist/main.js, copied)`,
    );
    const base = join(root, "base");
    const pooled = join(root, "pool");
    mkdirSync(base);
    const data = await generateMixed(base);
    console.info(
      `\nMixed-load data (built server, SQLite), generated in ${data.seconds.total.toFixed(1)} s (volunteers ${data.seconds.volunteers.toFixed(1)} s, street ${data.seconds.street.toFixed(1)} s, tasks ${data.seconds.tasks.toFixed(1)} s, evidence files ${data.seconds.files.toFixed(1)} s); ${RESIDENTS} residents with a session and a volunteer card sign up for ${SIGNUP_ACTIVITIES} activities of ${SIGNUP_PLACES} places:`,
    );
    console.table([Object.fromEntries(Object.entries(data.rows).map(([t, n]) => [t, n.toLocaleString()]))]);
    console.info(
      `\nThe load: ${SECONDS} s per run (BENCH_MIXED_SECONDS); ${offeredLine(model(data, { ok: 0, server: 0, messages: new Map() }).people)}`,
    );
    // The second run gets a copy of the data as it was before the first run's sign-ups.
    cpSync(base, pooled, { recursive: true });
    const importPath = join(root, "import.base64");
    writeFileSync(importPath, await importFile());
    const [baseEntry, baseLabel, baseEnv] = baseRun(root, entry);
    const baseline = await runOnce(baseEntry, baseLabel, base, data, importPath, baseEnv);
    // DB_READERS empty: the server's default.
    const pool = await runOnce(
      entry,
      "DB_READERS default (read-only connections on worker threads)",
      pooled,
      data,
      importPath,
      {
        DB_READERS: "",
      },
    );
    printComparison(baseline, pool, baseline.label === DEFAULT_BASE_LABEL ? undefined : baseline.label);
  } finally {
    if (process.env.BENCH_KEEP_DATA === "1") console.info(`mixed bench data kept in ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

// `npx tsx bench/mixed-bench.ts` runs it alone (as `npm run bench -- mixed`).
if (import.meta.url === `file://${process.argv[1]}`) await mixedBench();
