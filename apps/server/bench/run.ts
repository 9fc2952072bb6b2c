import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { initialJsSize } from "./bundle-size.js";
import { benchLogin, DURATION_S, type Figures } from "./measure.js";
import { filesBench } from "./files-bench.js";
import { problemsBench } from "./problems-bench.js";
import { boardBench } from "./board-bench.js";
import { ledgerBench } from "./ledger-bench.js";
import { ledgerExportBench } from "./ledger-export-bench.js";
import { readinessBench } from "./readiness-bench.js";
import { taskTreeBench } from "./task-tree-bench.js";
import { taskDigestBench } from "./task-digest-bench.js";
import { dashboardBench } from "./dashboard-bench.js";
import { summaryBench } from "./summary-bench.js";
import { offloadBench } from "./offload-bench.js";
import { architectureBench } from "./architecture-bench.js";
import { certificateBench } from "./certificate-bench.js";
import { mixedBench } from "./mixed-bench.js";
import { benchServer, bestOf, CONNECTIONS, ROUNDS, sqliteHttpBench } from "./http-bench.js";
import { benchPostgres } from "./postgres.js";
import { importBench, volunteerBench, type VolunteerFigures } from "./volunteer-bench.js";
import type { LoadTimes } from "./volunteer-data.js";

// `npm run bench`: HTTP throughput of the product against a plain Fastify route measured in the same
// run, the volunteer figures at 50,000, and the initial JavaScript of both apps; the main figures again
// with the server on PostgreSQL, side by side with SQLite. Prints figures; asserts nothing.

// `npm run bench -- http`: auth.me and org.publicTree against the plain route, with and without readers.
if (process.argv.slice(2).includes("http")) {
  await sqliteHttpBench();
  process.exit(0);
}
// `npm run bench -- architecture`: one process with reader threads against node:cluster, on 50,000 volunteers.
if (process.argv.slice(2).includes("architecture")) {
  await architectureBench();
  process.exit(0);
}
// `npm run bench -- files`: the photo figures alone.
if (process.argv.slice(2).includes("files")) {
  await filesBench();
  process.exit(0);
}
// `npm run bench -- board`: the public 黑白榜 among a million entries alone.
if (process.argv.slice(2).includes("board")) {
  await boardBench();
  process.exit(0);
}
// `npm run bench -- ledger`: the 台账 zip of 1 GB of evidence streamed alone.
if (process.argv.slice(2).includes("ledger")) {
  await ledgerBench();
  process.exit(0);
}
// `npm run bench -- ledger-export`: 10,000-row 台账 streamed against the in-memory workbook alone.
if (process.argv.slice(2).includes("ledger-export")) {
  await ledgerExportBench();
  process.exit(0);
}
// `npm run bench -- readiness`: campaign.readiness of a street of 30 社区 with 5 years of data alone.
if (process.argv.slice(2).includes("readiness")) {
  await readinessBench();
  process.exit(0);
}
// `npm run bench -- tasks`: the task tree of a 2,000-task campaign and the daily digest for 5,000 staff alone.
if (process.argv.slice(2).includes("tasks")) {
  await taskTreeBench();
  await taskDigestBench();
  process.exit(0);
}
// `npm run bench -- dashboard`: the 数据看板 of a street of 30 社区 with 5 years of data alone.
if (process.argv.slice(2).includes("dashboard")) {
  await dashboardBench();
  process.exit(0);
}
// `npm run bench -- offload`: a 10,000-row import's Excel parse on a worker thread against the event loop alone.
if (process.argv.slice(2).includes("offload")) {
  await offloadBench();
  process.exit(0);
}
// `npm run bench -- summary`: the 工作总结 of a street of 30 社区 over a year and its .docx alone.
if (process.argv.slice(2).includes("summary")) {
  await summaryBench();
  process.exit(0);
}
// `npm run bench -- certificate`: the 志愿服务证明 PDF (and .docx) build alone.
if (process.argv.slice(2).includes("certificate")) {
  await certificateBench();
  process.exit(0);
}
// `npm run bench -- mixed`: portal, admin, import and 台账 package load at once, DB_READERS=0 beside the default.
if (process.argv.slice(2).includes("mixed")) {
  await mixedBench();
  process.exit(0);
}
// `npm run bench -- problems`: the problem list at 200,000 and the 整改台账 alone.
if (process.argv.slice(2).includes("problems")) {
  await problemsBench();
  process.exit(0);
}

console.info(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(", ")}`,
);
const postgres = await benchPostgres();
if ("skipped" in postgres) {
  console.info(`PostgreSQL column skipped: ${postgres.skipped}`);
} else {
  console.info(`PostgreSQL from ${postgres.source}: ${postgres.durability}`);
}
const pg = "skipped" in postgres ? null : postgres;

try {
  type Http = { plain: Figures; me: Figures; tree: Figures };
  let sqliteHttp: Http;
  const server = await benchServer();
  try {
    const session = { cookie: await benchLogin(server.baseUrl, "13800000002") };
    const [plain, me, officialMe, tree, officialTree] = (await bestOf(server, [
      ["/bench/plain", {}],
      ["/trpc/auth.me", session],
      ["/trpc-official/auth.me", session],
      ["/trpc/org.publicTree", {}],
      ["/trpc-official/org.publicTree", {}],
    ])) as [Figures, Figures, Figures, Figures, Figures];
    sqliteHttp = { plain, me, tree };
    const rows = [
      { name: "plain Fastify JSON route (baseline)", ...plain },
      { name: "auth.me over tRPC, with session", ...me },
      { name: "org.publicTree over tRPC", ...tree },
      { name: "auth.me, official Fastify adapter", ...officialMe },
      { name: "org.publicTree, official Fastify adapter", ...officialTree },
    ];
    console.info(
      `\nHTTP on SQLite (${CONNECTIONS} connections, ${DURATION_S}s each, best of ${ROUNDS} rounds, server in a child process, same machine)`,
    );
    console.table(
      rows.map((r) => ({
        route: r.name,
        "req/s": Math.round(r.rps),
        "p50 ms": r.p50,
        "p99 ms": r.p99,
        "ratio to plain": (r.rps / plain.rps).toFixed(2),
      })),
    );
    console.info(`auth.me ratio ${(me.rps / plain.rps).toFixed(2)} (target >= 0.50)`);
    // trpc-http.ts stays only while it is measurably faster than the official adapter.
    console.info("\nLean tRPC handler (/trpc) against tRPC's official Fastify adapter (/trpc-official)");
    console.table(
      [
        { procedure: "auth.me", lean: me, official: officialMe },
        { procedure: "org.publicTree", lean: tree, official: officialTree },
      ].map((r) => ({
        procedure: r.procedure,
        "lean req/s": Math.round(r.lean.rps),
        "official req/s": Math.round(r.official.rps),
        "lean p99 ms": r.lean.p99,
        "official p99 ms": r.official.p99,
        "lean / official": (r.lean.rps / r.official.rps).toFixed(2),
      })),
    );
  } finally {
    await server.stop();
  }

  // The same demo data and routes with the server on PostgreSQL.
  let pgHttp: Http | null = null;
  if (pg) {
    const database = await pg.database("cc_bench_http");
    try {
      const onPg = await benchServer(database.url);
      try {
        const session = { cookie: await benchLogin(onPg.baseUrl, "13800000002") };
        const [plain, me, tree] = (await bestOf(onPg, [
          ["/bench/plain", {}],
          ["/trpc/auth.me", session],
          ["/trpc/org.publicTree", {}],
        ])) as [Figures, Figures, Figures];
        pgHttp = { plain, me, tree };
        console.info(
          `\nHTTP on PostgreSQL (${CONNECTIONS} connections, ${DURATION_S}s each, best of ${ROUNDS} rounds)`,
        );
        console.table(
          [
            { name: "plain Fastify JSON route (baseline)", ...plain },
            { name: "auth.me over tRPC, with session", ...me },
            { name: "org.publicTree over tRPC", ...tree },
          ].map((r) => ({
            route: r.name,
            "req/s": Math.round(r.rps),
            "p50 ms": r.p50,
            "p99 ms": r.p99,
            "ratio to plain": (r.rps / plain.rps).toFixed(2),
          })),
        );
      } finally {
        await onPg.stop();
      }
    } finally {
      await database.drop();
    }
  }

  let sqliteVolunteers: VolunteerFigures | null = null;
  let pgVolunteers: VolunteerFigures | null = null;
  if (process.env.BENCH_SKIP_VOLUNTEERS !== "1") {
    sqliteVolunteers = await volunteerBench("SQLite");
    importBench();
    if (pg) {
      const database = await pg.database("cc_bench_volunteers");
      try {
        pgVolunteers = await volunteerBench("PostgreSQL", database.url);
      } finally {
        await database.drop();
      }
    }
  }

  printComparison(sqliteHttp, pgHttp, sqliteVolunteers, pgVolunteers);
  await filesBench();
  await problemsBench();
  await boardBench();
  await ledgerBench();
  await ledgerExportBench();
  await readinessBench();
  await taskTreeBench();
  await taskDigestBench();
  await summaryBench();
  await certificateBench();
  await mixedBench();
} finally {
  await pg?.stop();
}

/** The main figures in one table: SQLite, PostgreSQL, and PostgreSQL's as a share of SQLite's. */
function printComparison(
  sqliteHttp: { plain: Figures; me: Figures; tree: Figures },
  pgHttp: { plain: Figures; me: Figures; tree: Figures } | null,
  sqliteV: VolunteerFigures | null,
  pgV: VolunteerFigures | null,
) {
  type Row = {
    figure: string;
    unit: string;
    sqlite: number | string;
    pg: number | string | null;
    ratio?: boolean;
  };
  const rows: Row[] = [];
  const both = (figure: string, connections: number, s: Figures, p: Figures | undefined) => {
    rows.push({
      figure: `${figure} (${connections} conn.)`,
      unit: "req/s",
      sqlite: Math.round(s.rps),
      pg: p ? Math.round(p.rps) : null,
      ratio: true,
    });
    rows.push({
      figure: `${figure} (${connections} conn.)`,
      unit: "p99 ms",
      sqlite: s.p99,
      pg: p?.p99 ?? null,
      ratio: true,
    });
  };
  both("plain Fastify JSON route (baseline)", CONNECTIONS, sqliteHttp.plain, pgHttp?.plain);
  both("auth.me", CONNECTIONS, sqliteHttp.me, pgHttp?.me);
  both("org.publicTree", CONNECTIONS, sqliteHttp.tree, pgHttp?.tree);
  if (sqliteV) {
    both("roster at 50,000: 王* + 医疗", 20, sqliteV.roster, pgV?.roster);
    both("roster at 50,000: 李* + 为老服务, by hours", 20, sqliteV.rosterSorted, pgV?.rosterSorted);
    both("roster at 50,000: 尾号 1234", 20, sqliteV.tail, pgV?.tail);
    both("roster at 50,000: 姓名含 建国", 20, sqliteV.contains, pgV?.contains);
    both("volunteer.ratio (东街社区)", 20, sqliteV.ratio, pgV?.ratio);
    both("roster at 50,000: 王* + 医疗", 1, sqliteV.rosterOne, pgV?.rosterOne);
    const outcome = (v: VolunteerFigures) =>
      `${v.race.won} won / ${v.race.full} 名额已满 / ${v.race.other} other`;
    rows.push({
      figure: "sign-up race: 200 at once for 20 places",
      unit: "outcome",
      sqlite: outcome(sqliteV),
      pg: pgV ? outcome(pgV) : null,
    });
    rows.push({
      figure: "sign-up race: 200 at once for 20 places",
      unit: "ms, all answered",
      sqlite: Math.round(sqliteV.race.ms),
      pg: pgV ? Math.round(pgV.race.ms) : null,
      ratio: true,
    });
    const load = (figure: string, of: (l: LoadTimes) => number) =>
      rows.push({
        figure,
        unit: "s",
        sqlite: round1(of(sqliteV.load)),
        pg: pgV ? round1(of(pgV.load)) : null,
        ratio: true,
      });
    load("load 50,000 volunteers with their skills", (l) => l.volunteersS);
    load("load 500,000 sign-ups", (l) => l.signupsS);
    load("load all the bench data (+ demo, activities, racers)", (l) => l.totalS);
  }
  console.info(
    `\nMain figures, SQLite beside PostgreSQL (same machine, same run; load average now ${loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")})`,
  );
  if (!pgHttp) console.info("PostgreSQL column skipped: no PostgreSQL (see the first lines)");
  console.table(
    rows.map((r) => ({
      figure: r.figure,
      unit: r.unit,
      SQLite: r.sqlite,
      PostgreSQL: r.pg ?? "skipped",
      "PostgreSQL / SQLite":
        r.ratio && typeof r.pg === "number" && typeof r.sqlite === "number"
          ? (r.pg / r.sqlite).toFixed(2)
          : "",
    })),
  );
}

function round1(n: number) {
  return Math.round(n * 10) / 10;
}

const apps = [
  { name: "portal", dir: "../../portal/dist", base: "/", targetKb: 170 },
  { name: "admin", dir: "../../admin/dist", base: "/admin/", targetKb: 450 },
];
console.info("\nInitial JavaScript (what index.html loads before any lazy route)");
console.table(
  apps.map((a) => {
    const size = initialJsSize(fileURLToPath(new URL(a.dir, import.meta.url)), a.base);
    const kb = size.gzipBytes / 1024;
    return {
      app: a.name,
      files: size.files.length,
      "raw KB": (size.rawBytes / 1024).toFixed(1),
      "gzip KB": kb.toFixed(1),
      "target KB": a.targetKb,
      within: kb <= a.targetKb ? "yes" : "NO",
    };
  }),
);
