import { createHash, timingSafeEqual } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { FastifyInstance } from "fastify";
import { collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * `/metrics` in Prometheus text format, for an operator's scraper: each tRPC call's duration by
 * procedure, type and outcome (the count is the histogram's), each database query's duration, and
 * the event loop's delay (chuangcheng_event_loop_delay_seconds), and Node's own figures — heap, GC,
 * handles, prom-client's nodejs_eventloop_lag_* (which count the 10 ms sampling tick in each value).
 * Off unless METRICS_TOKEN is set, and then only for `Authorization: Bearer <token>`: the figures name
 * the procedures in use and their timing, which is nobody else's business. Labels are procedure
 * names from the router only (never a path a client made up), so the series stay bounded.
 */
export interface ServerMetrics {
  registry: Registry;
  /** One finished tRPC call of a procedure the router has. */
  observeCall(call: { path: string; type: string; ms: number; ok: boolean }): void;
  /** One database query, as Kysely's log reports it. */
  observeQuery(ms: number): void;
  /** Reports the worker pool's threads, busy ones and queued jobs at each scrape. */
  /** Gauges of a thread pool: "offload" (worker-pool.ts) or "sqlite_readers" (sqlite-readers.ts). */
  watchPool(stats: () => { size: number; busy: number; queued: number }, name?: PoolName): void;
}

type PoolName = "offload" | "sqlite_readers";

const POOL_HELP: Record<PoolName, string> = {
  offload: "the offload pool (Excel, .docx, PDF)",
  sqlite_readers: "the read-only SQLite connections",
};

const SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** How often the event loop's delay is sampled, in ms. */
export const EVENT_LOOP_RESOLUTION_MS = 10;

/**
 * How late the event loop ran its timers since the last scrape: quantiles 0.5, 0.99 and 1 (the max),
 * and the mean. Node's histogram records the whole time between two ticks of a timer set to
 * EVENT_LOOP_RESOLUTION_MS, an idle loop's 10.1 ms included (prom-client's own gauges report it so,
 * prometheus/client_js#370); the tick is taken off here, so an idle loop reads 0.
 */
/** A histogram value (ns between two ticks) as seconds late: the tick itself taken off. */
export function lateSeconds(ns: number): number {
  return Math.max(0, ns / 1e6 - EVENT_LOOP_RESOLUTION_MS) / 1000;
}

function eventLoopDelayGauge(registry: Registry) {
  const histogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  histogram.enable();
  new Gauge({
    name: "chuangcheng_event_loop_delay_seconds",
    help: `How late the event loop ran a timer due every ${EVENT_LOOP_RESOLUTION_MS} ms, since the last scrape, in seconds`,
    labelNames: ["stat"] as const,
    registers: [registry],
    collect() {
      if (histogram.count > 0) {
        this.set({ stat: "p50" }, lateSeconds(histogram.percentile(50)));
        this.set({ stat: "p99" }, lateSeconds(histogram.percentile(99)));
        this.set({ stat: "max" }, lateSeconds(histogram.max));
        this.set({ stat: "mean" }, lateSeconds(histogram.mean));
      }
      histogram.reset();
    },
  });
}

export function createMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_RESOLUTION_MS });
  eventLoopDelayGauge(registry);
  const calls = new Histogram({
    name: "chuangcheng_trpc_call_duration_seconds",
    help: "tRPC calls by procedure, type (query/mutation) and outcome (ok/error), in seconds",
    labelNames: ["procedure", "type", "outcome"] as const,
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const queries = new Histogram({
    name: "chuangcheng_db_query_duration_seconds",
    help: "Database queries (SQLite or PostgreSQL), in seconds",
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  return {
    registry,
    observeCall: ({ path, type, ms, ok }) =>
      calls.observe({ procedure: path, type, outcome: ok ? "ok" : "error" }, ms / 1000),
    observeQuery: (ms) => queries.observe(ms / 1000),
    watchPool(stats, name = "offload") {
      const gauge = (name: string, help: string, of: (s: ReturnType<typeof stats>) => number) =>
        new Gauge({
          name,
          help,
          registers: [registry],
          collect() {
            this.set(of(stats()));
          },
        });
      const of = POOL_HELP[name];
      gauge(`chuangcheng_${name}_workers`, `Worker threads of ${of}`, (s) => s.size);
      gauge(`chuangcheng_${name}_busy`, `Worker threads of ${of} running a job`, (s) => s.busy);
      gauge(`chuangcheng_${name}_queue_length`, `Jobs waiting for ${of}`, (s) => s.queued);
    },
  };
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/** GET /metrics for `Authorization: Bearer <token>` only (401 otherwise, compared in constant time). */
export async function registerMetricsRoute(
  app: FastifyInstance,
  opts: { metrics: ServerMetrics; token: string },
) {
  const expected = digest(opts.token);
  app.get("/metrics", { exposeHeadRoute: false }, async (req, reply) => {
    const header = req.headers.authorization ?? "";
    const given = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
    if (!timingSafeEqual(digest(given), expected)) {
      return reply
        .code(401)
        .header("www-authenticate", 'Bearer realm="metrics"')
        .header("cache-control", "no-store")
        .send({ error: "需要监控令牌（METRICS_TOKEN）", code: "UNAUTHORIZED" });
    }
    return reply
      .header("content-type", opts.metrics.registry.contentType)
      .header("cache-control", "no-store")
      .send(await opts.metrics.registry.metrics());
  });
}
