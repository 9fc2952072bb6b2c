import { verdict } from "./measure.js";
import { IMPORT_ROWS } from "./mixed-data.js";
import type { GcFigures } from "./mixed-scrape.js";
import {
  meanThinkMs,
  offeredRps,
  type LoadResult,
  type Population,
  type Sample,
  type Stats,
} from "./mixed-load.js";

// The mixed-load bench's figures (mixed-bench.ts runs the load): what one run measured, and the
// tables it prints, each run alone and the two runs side by side.

export const SECONDS = Number(process.env.BENCH_MIXED_SECONDS ?? 30);
/** Every run draws the same users' sequences. */
export const SEED = 13;
/** The import and the package start this long into the load, once every group is running. */
export const ONE_OFF_DELAY_MS = 2_000;
export const EVENT_LOOP_P99_MS = 20;
/** The p99 is printed by windows of this length too: when in the phase the slow answers came. */
export const WINDOW_MS = 5_000;

/** prom-client's event-loop delay figures, since the previous scrape (each scrape resets them). */
/** How late the server's event loop ran (chuangcheng_event_loop_delay_seconds: the sampling tick taken off). */
export interface EventLoopFigures {
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** prom-client's nodejs_eventloop_lag_p99_seconds, the 10 ms tick included, for comparison */
  rawP99Ms: number;
}

export interface RowFigures extends Stats {
  name: string;
  targetMs?: number;
  /** the row's requests alone, one at a time before the load (after the warm-up): median ms */
  aloneMs: number;
  /** p99 (ms) of the requests sent in each WINDOW_MS of the phase */
  byWindow: number[];
}

export interface OneOff {
  ok: boolean;
  seconds: number;
  detail: string;
}

export interface MixedFigures {
  label: string;
  rows: RowFigures[];
  /** answered requests per second, all groups */
  rps: number;
  clientLoop: LoadResult["clientLoop"];
  importPreview: OneOff;
  ledgerPackage: OneOff;
  eventLoop: EventLoopFigures | null;
  /** the server's GC pauses during the load */
  gc: GcFigures | null;
  calls: Array<{ procedure: string; count: number; seconds: number }>;
  loadStart: number[];
  loadEnd: number[];
}

/** Sign-ups' outcomes by status, and the domain errors' messages. */
export interface SignUpOutcomes {
  ok: number;
  server: number;
  messages: Map<string, number>;
}

/**
 * A row's verdict against its p99 target: a user of the row that got no answer to anything in the
 * whole phase (starved: one sample among hundreds, under the p99) misses it whatever the percentiles say.
 */
function rowVerdict(r: RowFigures): string {
  if (r.targetMs === undefined) return "";
  if (r.starved > 0) return `MISSED (${r.starved} users starved)`;
  return verdict(r.p99 < r.targetMs);
}

const share = (r: Stats) => (r.requests > 0 ? `${((r.answered / r.requests) * 100).toFixed(1)} %` : "");
const cell = (n: number) => (Number.isNaN(n) ? "" : n);

/** What the populations offer: users ÷ mean think time each, and the total (req/s). */
export function offeredLine(people: Population[]) {
  const parts = people.map(
    (p) => `${p.name} ${p.users} ÷ ${(meanThinkMs(p) / 1000).toFixed(1)} s = ${offeredRps(p).toFixed(1)}`,
  );
  const total = people.reduce((n, p) => n + offeredRps(p), 0);
  return `offered load (users ÷ mean think time, as if answers were instant): ${parts.join("; ")}; total ${total.toFixed(1)} req/s (首页 is one request of 8 queries), plus one import and one package`;
}

export function printRun(run: MixedFigures, outcomes: SignUpOutcomes, samples: Sample[]) {
  console.info(
    `\nMixed load, ${run.label}: ${SECONDS} s, load average at start ${run.loadStart.join(", ")}, at end ${run.loadEnd.join(", ")}; achieved ${run.rps.toFixed(1)} req/s answered; the load generator's own event-loop delay p99 ${run.clientLoop.p99Ms.toFixed(1)} ms (max ${run.clientLoop.maxMs.toFixed(0)} ms)`,
  );
  console.table(
    run.rows.map((r) => ({
      group: r.name,
      users: r.users,
      requests: r.requests,
      "req/s": Number(r.rps.toFixed(1)),
      "alone ms": cell(r.aloneMs),
      "p50 ms": cell(r.p50),
      "p95 ms": cell(r.p95),
      "p99 ms": cell(r.p99),
      "max ms": cell(r.max),
      "p99 target ms": r.targetMs === undefined ? "" : `< ${r.targetMs}`,
      verdict: rowVerdict(r),
      answered: share(r),
      starved: r.starved,
      "non-2xx": r.non2xx,
      errors: r.errors,
    })),
  );
  console.info(
    `p99 (ms) of the requests sent in each ${WINDOW_MS / 1000} s of the load (the import and the package start at ${ONE_OFF_DELAY_MS / 1000} s; their durations below):`,
  );
  console.table(
    run.rows.map((r) => ({
      group: r.name,
      ...Object.fromEntries(
        r.byWindow.map((ms, w) => [
          `p99 ${(w * WINDOW_MS) / 1000}–${((w + 1) * WINDOW_MS) / 1000} s`,
          Number.isNaN(ms) ? "" : ms,
        ]),
      ),
    })),
  );
  const failures = new Map<string, number>();
  for (const x of samples) if (x.error) failures.set(x.error, (failures.get(x.error) ?? 0) + 1);
  if (failures.size > 0)
    console.info(`connection errors: ${[...failures].map(([m, n]) => `${m} ×${n}`).join("; ")}`);
  console.info(
    `sign-ups: ${outcomes.ok} succeeded, ${outcomes.server} 5xx; refused: ${[...outcomes.messages].map(([m, n]) => `${m} ×${n}`).join("; ") || "none"}`,
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
      figure: `server event-loop delay p99 (/metrics, beyond its 10 ms tick, the ${SECONDS} s of load)`,
      value: loop ? `${loop.p99Ms.toFixed(1)} ms` : "no /metrics",
      target: `< ${EVENT_LOOP_P99_MS} ms`,
      verdict: loop ? verdict(loop.p99Ms < EVENT_LOOP_P99_MS) : "",
      detail: loop
        ? `mean ${loop.meanMs.toFixed(1)} ms, max ${loop.maxMs.toFixed(0)} ms; prom-client's p99 with its 10 ms tick ${loop.rawP99Ms.toFixed(1)} ms`
        : "",
    },
    {
      figure: `server GC pauses (main thread, the ${SECONDS} s of load)`,
      value: run.gc ? `${(run.gc.seconds * 1000).toFixed(0)} ms` : "no /metrics",
      target: "",
      verdict: "",
      detail: run.gc
        ? `${run.gc.count} pauses; ${run.gc.over10ms} over 10 ms, ${run.gc.over100ms} over 100 ms`
        : "",
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

export function printComparison(
  base: MixedFigures,
  pooled: MixedFigures,
  baseIs = "DB_READERS=0 (every query on the event loop's connection)",
) {
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "");
  const rows = base.rows.map((b, i) => {
    const p = pooled.rows[i]!;
    return {
      group: b.name,
      "answered base/pool": `${share(b)} / ${share(p)}`,
      "p99 target ms": b.targetMs === undefined ? "" : `< ${b.targetMs}`,
      "req/s base": Number(b.rps.toFixed(1)),
      "req/s pool": Number(p.rps.toFixed(1)),
      "p50 base": cell(b.p50),
      "p50 pool": cell(p.p50),
      "p99 base": cell(b.p99),
      "p99 pool": cell(p.p99),
      "p99 pool/base": ratio(p.p99, b.p99),
      "max base": cell(b.max),
      "max pool": cell(p.max),
      "verdict base": rowVerdict(b),
      "verdict pool": rowVerdict(p),
    };
  });
  const oneOff = (name: string, b: OneOff, p: OneOff) => ({
    group: `${name} (s)`,
    "answered base/pool": "",
    "p99 target ms": "finishes",
    "req/s base": "",
    "req/s pool": "",
    "p50 base": Number(b.seconds.toFixed(1)),
    "p50 pool": Number(p.seconds.toFixed(1)),
    "p99 base": "",
    "p99 pool": "",
    "p99 pool/base": ratio(p.seconds, b.seconds),
    "max base": "",
    "max pool": "",
    "verdict base": b.ok ? "met" : "MISSED",
    "verdict pool": p.ok ? "met" : "MISSED",
  });
  console.info(
    `\nMixed load side by side: base = ${baseIs}, pool = the default; same data, same users' sequences (seed ${SEED}); seconds of the import and the package in the p50 columns; answered req/s base ${base.rps.toFixed(1)}, pool ${pooled.rps.toFixed(1)}`,
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
