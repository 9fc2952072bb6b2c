import type { RunningServer } from "@chuangcheng/browser-testing";
import type { EventLoopFigures } from "./mixed-report.js";

// What the mixed bench reads of the server's own /metrics (METRICS_TOKEN): how late its event loop
// ran, and the time of its tRPC calls by procedure.

export interface Scrape {
  /** since the previous scrape (each scrape resets them) */
  eventLoop: EventLoopFigures;
  /** tRPC calls by procedure since the server started: count and seconds */
  calls: Map<string, { count: number; seconds: number }>;
  /** the server's garbage-collection pauses since it started (prom-client's nodejs_gc_duration_seconds) */
  gc: GcFigures;
}

/** GC pauses on the server's main thread: all of them, and those over 10 ms and over 100 ms. */
export interface GcFigures {
  count: number;
  seconds: number;
  over10ms: number;
  over100ms: number;
}

/** The server's /metrics: event-loop delay since the last scrape, and the tRPC calls' totals. */
export async function scrape(server: RunningServer, token: string): Promise<Scrape | null> {
  const res = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) return null;
  const lines = (await res.text()).split("\n");
  const value = (name: string) => {
    const line = lines.find((l) => l.startsWith(`${name} `));
    return line ? Number(line.slice(name.length + 1)) * 1000 : NaN;
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
  // Histogram buckets by kind (minor, major, incremental, weakcb): a pause over 10 ms is one not in
  // the le="0.01" bucket.
  const gc: GcFigures = { count: 0, seconds: 0, over10ms: 0, over100ms: 0 };
  for (const line of lines) {
    const m = /^nodejs_gc_duration_seconds_(sum|count|bucket)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const n = Number(m[3]);
    if (m[1] === "sum") gc.seconds += n;
    else if (m[1] === "count") {
      gc.count += n;
      gc.over10ms += n;
      gc.over100ms += n;
    } else if (m[2]!.includes('le="0.01"')) gc.over10ms -= n;
    else if (m[2]!.includes('le="0.1"')) gc.over100ms -= n;
  }
  return {
    gc,
    eventLoop: {
      p99Ms: value('chuangcheng_event_loop_delay_seconds{stat="p99"}'),
      maxMs: value('chuangcheng_event_loop_delay_seconds{stat="max"}'),
      meanMs: value('chuangcheng_event_loop_delay_seconds{stat="mean"}'),
      rawP99Ms: value("nodejs_eventloop_lag_p99_seconds"),
    },
    calls,
  };
}

/** The GC pauses between two scrapes. */
export function gcBetween(before: Scrape | null, after: Scrape | null): GcFigures | null {
  if (!before || !after) return null;
  return {
    count: after.gc.count - before.gc.count,
    seconds: after.gc.seconds - before.gc.seconds,
    over10ms: after.gc.over10ms - before.gc.over10ms,
    over100ms: after.gc.over100ms - before.gc.over100ms,
  };
}

/** The calls between two scrapes, by procedure, most server time first. */
export function callsBetween(before: Scrape | null, after: Scrape | null) {
  if (!after) return [];
  return [...after.calls]
    .map(([procedure, a]) => {
      const b = before?.calls.get(procedure) ?? { count: 0, seconds: 0 };
      return { procedure, count: a.count - b.count, seconds: a.seconds - b.seconds };
    })
    .filter((c) => c.count > 0)
    .sort((x, y) => y.seconds - x.seconds);
}
