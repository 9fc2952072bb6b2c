import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { startServer, type RunningServer } from "@chuangcheng/browser-testing";
import { benchLogin, verdict } from "./measure.js";
import {
  IMPORT_ROWS,
  RESIDENTS,
  SIGNUP_ACTIVITIES,
  SIGNUP_PLACES,
  VOLUNTEERS,
  generateMixed,
  importFile,
  type MixedData,
} from "./mixed-data.js";

// Issue 13's first figure: mixed load in one run. For SECONDS, at the same time: 200 residents on the
// portal (home, activity list, 黑白榜, volunteer card, sign-ups: one connection and one session each),
// 10 connections refreshing the street's 数据看板, 20 searching the roster of 50,000 volunteers, 5
// refreshing the street's campaign.readiness; meanwhile one 10,000-row 志愿者 import preview and one
// 台账 package (the campaign ledger zip of 东街社区) — both must finish. The server's event-loop delay
// p99 comes from its /metrics (prom-client resets the histogram at each scrape: one scrape before
// the load, one after). The built server (dist/main.js) on SQLite, the whole load twice on copies
// of the same data: DB_READERS=0 (the baseline: every query on the event loop's one connection) and
// the default pool of read-only connections. Prints figures; asserts nothing.

const DIST = fileURLToPath(new URL("../dist", import.meta.url));
const NODE_MODULES = fileURLToPath(new URL("../../../node_modules", import.meta.url));
const SECONDS = Number(process.env.BENCH_MIXED_SECONDS ?? 20);
/** The import and the package start this long into the load, once every group is running. */
const ONE_OFF_DELAY_MS = 2_000;
const PORTAL_P99_MS = 50;
const ROSTER_P99_MS = 50;
const DASHBOARD_P99_MS = 100;
const EVENT_LOOP_P99_MS = 20;

interface Group {
  name: string;
  /** p99 target in ms, or none (printed only) */
  targetMs?: number;
  portal: boolean;
  connections: number;
  opts: autocannon.Options;
  /** sign-ups only: outcomes by status, and the domain errors' messages */
  outcomes?: { ok: number; server: number; messages: Map<string, number> };
}

interface GroupFigures {
  name: string;
  connections: number;
  targetMs?: number;
  portal: boolean;
  /** the route alone, one request at a time before the load: median ms */
  aloneMs: number;
  /** connections that got at least one answer during the load */
  answeredConnections: number;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  outcomes?: Group["outcomes"];
}

interface OneOff {
  ok: boolean;
  seconds: number;
  detail: string;
}

export interface MixedFigures {
  label: string;
  groups: GroupFigures[];
  importPreview: OneOff;
  ledgerPackage: OneOff;
  eventLoop: Scrape["eventLoop"] | null;
  calls: Array<{ procedure: string; count: number; seconds: number }>;
  loadStart: number[];
  loadEnd: number[];
}

const load = () => loadavg().map((l) => Number(l.toFixed(2)));

/** The groups of the load, against a server at `baseUrl`. */
function groups(baseUrl: string, data: MixedData, cookies: { street: string; community: string }): Group[] {
  const q = (path: string, input?: unknown) =>
    `/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;
  const batch = (calls: Array<[path: string, input?: unknown]>) => {
    const inputs = Object.fromEntries(
      calls.flatMap(([, input], i) => (input === undefined ? [] : [[String(i), input]])),
    );
    return `/trpc/${calls.map(([p]) => p).join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`;
  };
  const communityId = data.communityId;
  // Each portal connection is one resident with their own session.
  let nextResident = 0;
  const asResident = (client: autocannon.Client) =>
    client.setHeaders({
      cookie: `cc_session=${data.residentTokens[nextResident++ % data.residentTokens.length]}`,
    });
  const portal = (name: string, path: string, connections: number): Group => ({
    name,
    targetMs: PORTAL_P99_MS,
    portal: true,
    connections,
    opts: { url: `${baseUrl}${path}`, connections, setupClient: asResident },
  });
  // 报名: each request for the next of the 40 upcoming activities; 10 places each, so most answer
  // 名额已满 or 已报名 once the places are gone — a domain error, never a 5xx.
  const outcomes = { ok: 0, server: 0, messages: new Map<string, number>() };
  let nextActivity = 0;
  const signUps: Group = {
    name: "portal: 报名 activity.signUp (POST)",
    targetMs: PORTAL_P99_MS,
    portal: true,
    connections: 20,
    outcomes,
    opts: {
      url: baseUrl,
      connections: 20,
      headers: { "content-type": "application/json" },
      setupClient: asResident,
      requests: [
        {
          method: "POST",
          path: "/trpc/activity.signUp",
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({
              activityId: data.signupActivityIds[nextActivity++ % data.signupActivityIds.length],
            }),
          }),
          onResponse: (status, body) => {
            if (status === 200) outcomes.ok++;
            else if (status >= 500) outcomes.server++;
            if (status === 200) return;
            let message = `HTTP ${status}`;
            try {
              message = (JSON.parse(body) as { error?: { message?: string } }).error?.message ?? message;
            } catch {
              // not JSON: the status says it
            }
            outcomes.messages.set(message, (outcomes.messages.get(message) ?? 0) + 1);
          },
        },
      ],
    },
  };
  const admin = (
    name: string,
    cookie: string,
    connections: number,
    paths: string[],
    targetMs?: number,
  ): Group => ({
    name,
    ...(targetMs === undefined ? {} : { targetMs }),
    portal: false,
    connections,
    opts: {
      url: `${baseUrl}${paths[0]}`,
      connections,
      headers: { cookie },
      ...(paths.length > 1 ? { requests: paths.map((path) => ({ method: "GET" as const, path })) } : {}),
    },
  });
  return [
    // 首页 as the portal loads it: one batched request of the cards' queries.
    portal(
      "portal: 首页 (8 queries in one batch)",
      batch([
        ["auth.me"],
        ["campaign.residentMonth"],
        ["problem.publicFigures", { communityId }],
        ["problem.publicFeed", { communityId, page: 1, pageSize: 3 }],
        ["volunteer.publicRatio", { communityId }],
        ["volunteer.mine"],
        ["activity.upcoming"],
        ["notification.unreadCount"],
      ]),
      60,
    ),
    portal("portal: 活动 activity.upcoming", q("activity.upcoming"), 40),
    portal("portal: 黑白榜 board.publicList", q("board.publicList", { communityId }), 40),
    portal("portal: 志愿者证 volunteer.mine", q("volunteer.mine"), 40),
    signUps,
    admin(
      "admin: report.streetDashboard (30 社区)",
      cookies.street,
      10,
      [q("report.streetDashboard", {})],
      DASHBOARD_P99_MS,
    ),
    admin(
      `admin: volunteer.roster at ${VOLUNTEERS.toLocaleString()} (4 searches in turn)`,
      cookies.community,
      20,
      [
        q("volunteer.roster", { name: "王", skill: "medical", page: 1, pageSize: 20 }),
        q("volunteer.roster", { name: "李", skill: "elderly_care", sort: "hours", page: 1, pageSize: 20 }),
        q("volunteer.roster", { search: "1234", page: 1, pageSize: 20 }),
        q("volunteer.roster", { search: "建国", page: 1, pageSize: 20 }),
      ],
      ROSTER_P99_MS,
    ),
    admin("admin: campaign.readiness (street, 30 社区)", cookies.street, 5, [
      q("campaign.readiness", { campaignId: data.campaignId }),
    ]),
  ];
}

interface Scrape {
  /** prom-client's event-loop delay figures, since the previous scrape (each scrape resets them) */
  eventLoop: { p99Ms: number; maxMs: number; meanMs: number };
  /** tRPC calls by procedure since the server started: count and seconds */
  calls: Map<string, { count: number; seconds: number }>;
}

/** The server's /metrics: event-loop delay since the last scrape, and the tRPC calls' totals. */
async function scrape(server: RunningServer, token: string): Promise<Scrape | null> {
  const res = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) return null;
  const lines = (await res.text()).split("\n");
  const value = (name: string) => {
    const line = lines.find((l) => l.startsWith(`${name} `));
    return line ? Number(line.split(" ")[1]) * 1000 : NaN;
  };
  const calls = new Map<string, { count: number; seconds: number }>();
  for (const line of lines) {
    const m = /^chuangcheng_trpc_call_duration_seconds_(sum|count)\{.*procedure="([^"]+)".*\} (\S+)$/.exec(
      line,
    );
    if (!m) continue;
    const entry = calls.get(m[2]!) ?? { count: 0, seconds: 0 };
    if (m[1] === "sum") entry.seconds += Number(m[3]);
    else entry.count += Number(m[3]);
    calls.set(m[2]!, entry);
  }
  return {
    eventLoop: {
      p99Ms: value("nodejs_eventloop_lag_p99_seconds"),
      maxMs: value("nodejs_eventloop_lag_max_seconds"),
      meanMs: value("nodejs_eventloop_lag_mean_seconds"),
    },
    calls,
  };
}

/** The calls between two scrapes, by procedure, most server time first. */
function callsBetween(before: Scrape | null, after: Scrape | null) {
  if (!after) return [];
  return [...after.calls]
    .map(([procedure, a]) => {
      const b = before?.calls.get(procedure) ?? { count: 0, seconds: 0 };
      return { procedure, count: a.count - b.count, seconds: a.seconds - b.seconds };
    })
    .filter((c) => c.count > 0)
    .sort((x, y) => y.seconds - x.seconds);
}

async function timed(what: () => Promise<string>): Promise<OneOff> {
  const t0 = performance.now();
  try {
    const detail = await what();
    return { ok: true, seconds: (performance.now() - t0) / 1000, detail };
  } catch (error) {
    return {
      ok: false,
      seconds: (performance.now() - t0) / 1000,
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The whole mixed load once, against the built server on a copy of the data in `dataDir`. */
async function runOnce(
  entry: string,
  label: string,
  dataDir: string,
  data: MixedData,
  fileBase64: string,
  env: Record<string, string>,
): Promise<MixedFigures> {
  const token = randomBytes(24).toString("hex");
  const server = await startServer({
    entry,
    env: { DATA_DIR: dataDir, METRICS_TOKEN: token, SEED_DEMO: "0", ...env },
    timeoutMs: 180_000,
  });
  try {
    const cookies = {
      street: await benchLogin(server.baseUrl, "13800000001"),
      community: await benchLogin(server.baseUrl, "13800000002"),
    };
    const list = groups(server.baseUrl, data, cookies);
    const pathsOf = (g: Group) =>
      g.opts.requests?.map((r) => r.path!) ?? [new URL(g.opts.url).pathname + new URL(g.opts.url).search];
    const cookieOf = (g: Group) =>
      g.portal ? `cc_session=${data.residentTokens[0]}` : (g.opts.headers as { cookie: string }).cookie;

    // Warm-up: each GET answers, three times in a row (the first request compiles and fills caches).
    for (const g of list) {
      if (g.outcomes) continue;
      for (let i = 0; i < 3; i++) {
        for (const path of pathsOf(g)) {
          const res = await fetch(`${server.baseUrl}${path}`, { headers: { cookie: cookieOf(g) } });
          const body = await res.text();
          if (!res.ok)
            throw new Error(`mixed bench: ${g.name} answered ${res.status}: ${body.slice(0, 300)}`);
        }
      }
    }
    const preview = () =>
      fetch(`${server.baseUrl}/trpc/volunteer.importPreview`, {
        method: "POST",
        headers: { cookie: cookies.community, "content-type": "application/json" },
        body: JSON.stringify({ communityId: data.communityId, fileBase64 }),
      });

    // Each route alone first (one request at a time, 5 times, the median): the baseline of its latency.
    const alone: number[] = [];
    for (const g of list) {
      if (g.outcomes) {
        alone.push(NaN);
        continue;
      }
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        for (const path of pathsOf(g)) {
          const t0 = performance.now();
          await (await fetch(`${server.baseUrl}${path}`, { headers: { cookie: cookieOf(g) } })).arrayBuffer();
          times.push(performance.now() - t0);
        }
      }
      times.sort((a, b) => a - b);
      alone.push(Math.round(times[Math.floor(times.length / 2)]!));
    }

    const before = await scrape(server, token); // resets the event-loop histogram: what follows is the load's alone
    const loadStart = load();
    // A slow answer is recorded as its latency rather than cut off at autocannon's 10 s.
    // Which connections got any answer at all: a starved connection shows here, not in the percentiles.
    const answered = list.map(() => new Set<autocannon.Client>());
    const running = list.map((g, i) =>
      autocannon({
        ...g.opts,
        duration: SECONDS,
        timeout: SECONDS + 10,
        setupClient: (client) => {
          g.opts.setupClient?.(client);
          client.on("response", () => answered[i]!.add(client));
        },
      }),
    );
    await new Promise((r) => setTimeout(r, ONE_OFF_DELAY_MS));
    const importRun = timed(async () => {
      const res = await preview();
      const body = (await res.json()) as {
        result?: { data?: { new: number } };
        error?: { message?: string };
      };
      if (!res.ok) throw new Error(`${res.status} ${body.error?.message ?? ""}`);
      return `${body.result?.data?.new ?? "?"} new of ${IMPORT_ROWS.toLocaleString()} rows`;
    });
    const packageRun = timed(async () => {
      const res = await fetch(
        `${server.baseUrl}/api/campaigns/${data.campaignId}/ledger.zip?communityId=${data.communityId}`,
        { headers: { cookie: cookies.community } },
      );
      if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
      let bytes = 0;
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
      }
      return `${(bytes / 1024 / 1024).toFixed(1)} MB zip`;
    });
    const results = await Promise.all(running);
    // The event-loop delay of the load's SECONDS (the import or the package may still be running).
    const after = await scrape(server, token);
    const loadEnd = load();
    const [importPreview, ledgerPackage] = await Promise.all([importRun, packageRun]);

    const figures: GroupFigures[] = list.map((g, i) => {
      const r = results[i]!;
      return {
        name: g.name,
        connections: g.connections,
        ...(g.targetMs === undefined ? {} : { targetMs: g.targetMs }),
        portal: g.portal,
        aloneMs: alone[i]!,
        answeredConnections: answered[i]!.size,
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        requests: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        ...(g.outcomes ? { outcomes: g.outcomes } : {}),
      };
    });
    const run: MixedFigures = {
      label,
      groups: figures,
      importPreview,
      ledgerPackage,
      eventLoop: after?.eventLoop ?? null,
      calls: callsBetween(before, after),
      loadStart,
      loadEnd,
    };
    printRun(run);
    return run;
  } finally {
    await server.stop();
  }
}

/**
 * A group's verdict against its p99 target: a connection that got no answer in the whole load misses
 * it whatever the percentiles of the others' answers say.
 */
function groupVerdict(g: GroupFigures): string {
  if (g.targetMs === undefined) return "";
  const unanswered = g.connections - g.answeredConnections;
  if (unanswered > 0) return `MISSED (${unanswered} conn. no answer)`;
  return verdict(g.p99 < g.targetMs);
}

/** The portal's 200 connections as one row: req/s summed, p50 and p99 of the worst page. */
function portalRow(groups: GroupFigures[]) {
  const portal = groups.filter((g) => g.portal);
  const connections = portal.reduce((n, g) => n + g.connections, 0);
  const answered = portal.reduce((n, g) => n + g.answeredConnections, 0);
  const p99 = Math.max(...portal.map((g) => g.p99));
  return {
    connections,
    answered,
    rps: portal.reduce((n, g) => n + g.rps, 0),
    p50: Math.max(...portal.map((g) => g.p50)),
    p99,
    verdict:
      answered < connections
        ? `MISSED (${connections - answered} conn. no answer)`
        : verdict(p99 < PORTAL_P99_MS),
  };
}

function printRun(run: MixedFigures) {
  console.info(
    `\nMixed load, ${run.label}: ${SECONDS} s, load average at start ${run.loadStart.join(", ")}, at end ${run.loadEnd.join(", ")}`,
  );
  const portal = portalRow(run.groups);
  console.table([
    ...run.groups.map((g) => ({
      group: g.name,
      conn: g.connections,
      "conn answered": g.answeredConnections,
      "alone ms": Number.isNaN(g.aloneMs) ? "" : g.aloneMs,
      "req/s": Math.round(g.rps),
      "p50 ms": g.p50,
      "p99 ms": g.p99,
      "p99 target ms": g.targetMs === undefined ? "" : `< ${g.targetMs}`,
      verdict: groupVerdict(g),
      "non-2xx": g.non2xx,
      "errors/timeouts": `${g.errors}/${g.timeouts}`,
    })),
    {
      group: `portal, all ${portal.connections} residents (p50/p99: worst page)`,
      conn: portal.connections,
      "conn answered": portal.answered,
      "alone ms": "",
      "req/s": Math.round(portal.rps),
      "p50 ms": portal.p50,
      "p99 ms": portal.p99,
      "p99 target ms": `< ${PORTAL_P99_MS}`,
      verdict: portal.verdict,
      "non-2xx": "",
      "errors/timeouts": "",
    },
  ]);
  const signUps = run.groups.find((g) => g.outcomes)?.outcomes;
  if (signUps)
    console.info(
      `sign-ups: ${signUps.ok} succeeded, ${signUps.server} 5xx; refused: ${[...signUps.messages].map(([m, n]) => `${m} ×${n}`).join("; ") || "none"}`,
    );
  const loop = run.eventLoop;
  console.table([
    {
      figure: `志愿者 import preview, ${IMPORT_ROWS.toLocaleString()} rows`,
      value: `${run.importPreview.seconds.toFixed(1)} s`,
      target: "finishes",
      verdict: run.importPreview.ok ? "met" : "MISSED",
      detail: run.importPreview.detail,
    },
    {
      figure: "台账 package (campaign ledger zip, 东街社区)",
      value: `${run.ledgerPackage.seconds.toFixed(1)} s`,
      target: "finishes",
      verdict: run.ledgerPackage.ok ? "met" : "MISSED",
      detail: run.ledgerPackage.detail,
    },
    {
      figure: `server event-loop delay p99 (/metrics, the ${SECONDS} s of load)`,
      value: loop ? `${loop.p99Ms.toFixed(1)} ms` : "no /metrics",
      target: `< ${EVENT_LOOP_P99_MS} ms`,
      verdict: loop ? verdict(loop.p99Ms < EVENT_LOOP_P99_MS) : "",
      detail: loop ? `mean ${loop.meanMs.toFixed(1)} ms, max ${loop.maxMs.toFixed(0)} ms` : "",
    },
  ]);
  // Where the server's time went (its /metrics: each call's time from the router's view, so calls
  // waiting for the event loop or a connection count their wait too).
  const total = run.calls.reduce((n, c) => n + c.seconds, 0);
  console.table(
    run.calls.slice(0, 12).map((c) => ({
      procedure: c.procedure,
      calls: c.count,
      "mean ms": Math.round((c.seconds / c.count) * 1000),
      "total s": Number(c.seconds.toFixed(1)),
      share: `${Math.round((c.seconds / total) * 100)} %`,
    })),
  );
}

function printComparison(base: MixedFigures, pooled: MixedFigures) {
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "");
  const rows = base.groups.map((b, i) => {
    const p = pooled.groups[i]!;
    return {
      group: b.name,
      conn: b.connections,
      "answered base/pool": `${b.answeredConnections}/${p.answeredConnections}`,
      "p99 target ms": b.targetMs === undefined ? "" : `< ${b.targetMs}`,
      "req/s base": Math.round(b.rps),
      "req/s pool": Math.round(p.rps),
      "req/s pool/base": ratio(p.rps, b.rps),
      "p50 base": b.p50,
      "p50 pool": p.p50,
      "p99 base": b.p99,
      "p99 pool": p.p99,
      "p99 pool/base": ratio(p.p99, b.p99),
      "verdict base": groupVerdict(b),
      "verdict pool": groupVerdict(p),
    };
  });
  const bp = portalRow(base.groups);
  const pp = portalRow(pooled.groups);
  rows.push({
    group: "portal, all residents (p50/p99: worst page)",
    conn: bp.connections,
    "answered base/pool": `${bp.answered}/${pp.answered}`,
    "p99 target ms": `< ${PORTAL_P99_MS}`,
    "req/s base": Math.round(bp.rps),
    "req/s pool": Math.round(pp.rps),
    "req/s pool/base": ratio(pp.rps, bp.rps),
    "p50 base": bp.p50,
    "p50 pool": pp.p50,
    "p99 base": bp.p99,
    "p99 pool": pp.p99,
    "p99 pool/base": ratio(pp.p99, bp.p99),
    "verdict base": bp.verdict,
    "verdict pool": pp.verdict,
  });
  const oneOff = (name: string, b: OneOff, p: OneOff) => ({
    group: `${name} (s)`,
    conn: 1,
    "answered base/pool": "",
    "p99 target ms": "finishes",
    "req/s base": "",
    "req/s pool": "",
    "req/s pool/base": "",
    "p50 base": Number(b.seconds.toFixed(1)),
    "p50 pool": Number(p.seconds.toFixed(1)),
    "p99 base": "",
    "p99 pool": "",
    "p99 pool/base": ratio(p.seconds, b.seconds),
    "verdict base": b.ok ? "met" : "MISSED",
    "verdict pool": p.ok ? "met" : "MISSED",
  });
  console.info(
    `\nMixed load side by side: base = DB_READERS=0 (every query on the event loop's connection), pool = the default; same data, same run (seconds of the import and the package in the p50 columns)`,
  );
  console.table([
    ...rows,
    oneOff(
      `志愿者 import preview, ${IMPORT_ROWS.toLocaleString()} rows`,
      base.importPreview,
      pooled.importPreview,
    ),
    oneOff("台账 package, 东街社区", base.ledgerPackage, pooled.ledgerPackage),
  ]);
  const bl = base.eventLoop?.p99Ms ?? NaN;
  const pl = pooled.eventLoop?.p99Ms ?? NaN;
  console.info(
    `server event-loop delay p99 (target < ${EVENT_LOOP_P99_MS} ms): base ${bl.toFixed(1)} ms (${verdict(bl < EVENT_LOOP_P99_MS)}), pool ${pl.toFixed(1)} ms (${verdict(pl < EVENT_LOOP_P99_MS)}), pool/base ${ratio(pl, bl)}`,
  );
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
    // The second run gets a copy of the data as it was before the first run's sign-ups.
    cpSync(base, pooled, { recursive: true });
    const fileBase64 = await importFile();
    const baseline = await runOnce(
      entry,
      "DB_READERS=0 (baseline: one connection on the event loop)",
      base,
      data,
      fileBase64,
      {
        DB_READERS: "0",
      },
    );
    // DB_READERS empty: the server's default.
    const pool = await runOnce(
      entry,
      "DB_READERS default (read-only connections on worker threads)",
      pooled,
      data,
      fileBase64,
      {
        DB_READERS: "",
      },
    );
    printComparison(baseline, pool);
  } finally {
    if (process.env.BENCH_KEEP_DATA === "1") console.info(`mixed bench data kept in ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

// `npx tsx bench/mixed-bench.ts` runs it alone (as `npm run bench -- mixed`).
if (import.meta.url === `file://${process.argv[1]}`) await mixedBench();
