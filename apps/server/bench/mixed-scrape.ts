import type { RunningServer } from "@chuangcheng/browser-testing";
import type { EventLoopFigures } from "./mixed-report.js";

// What the mixed bench reads of the server's own /metrics (METRICS_TOKEN): how late its event loop
// ran, and the time of its tRPC calls by procedure.

export interface Scrape {
  /** since the previous scrape (each scrape resets them) */
  eventLoop: EventLoopFigures;
  /** tRPC calls by procedure since the server started: count and seconds */
  calls: Map<string, { count: number; seconds: number }>;
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
  return {
    eventLoop: {
      p99Ms: value('chuangcheng_event_loop_delay_seconds{stat="p99"}'),
      maxMs: value('chuangcheng_event_loop_delay_seconds{stat="max"}'),
      meanMs: value('chuangcheng_event_loop_delay_seconds{stat="mean"}'),
      rawP99Ms: value("nodejs_eventloop_lag_p99_seconds"),
    },
    calls,
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
