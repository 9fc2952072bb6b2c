import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { startServer } from "@chuangcheng/browser-testing";

export const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);

export interface Figures {
  rps: number;
  p99: number;
  p50: number;
  /** the server's CPU time per request in µs (all its threads), where it tells (bench-server.ts) */
  cpuUs?: number;
  /** of which the server's main thread spent collecting garbage, in µs (bench-server.ts) */
  gcUs?: number;
}

/**
 * The bench server's CPU and GC time so far in µs, or undefined for a server without /bench/rss: the
 * built server answers that path with the portal's page, as it does any deep link.
 */
async function serverTimes(url: string): Promise<{ cpuUs: number; gcUs: number } | undefined> {
  const res = await fetch(new URL("/bench/rss", url));
  if (!res.ok || !res.headers.get("content-type")?.includes("json")) {
    await res.body?.cancel();
    return undefined;
  }
  const { cpuUs, gcUs } = (await res.json()) as { cpuUs?: number; gcUs?: number };
  return cpuUs === undefined || gcUs === undefined ? undefined : { cpuUs, gcUs };
}

/** req/s and latency of one URL under `connections` concurrent connections, after a 1 s warm-up. */
export async function measure(
  url: string,
  headers: Record<string, string> = {},
  connections = 10,
): Promise<Figures> {
  const run = (duration: number) => autocannon({ url, connections, duration, headers });
  await run(1);
  const t0 = await serverTimes(url);
  const r = await run(DURATION_S);
  const t1 = await serverTimes(url);
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  const perRequest =
    t0 && t1 && r.requests.total > 0
      ? {
          cpuUs: Math.round((t1.cpuUs - t0.cpuUs) / r.requests.total),
          gcUs: Math.round(((t1.gcUs - t0.gcUs) / r.requests.total) * 10) / 10,
        }
      : {};
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50, ...perRequest };
}

/** The bench server (bench-server.ts in a child process) on the SQLite data generated in `dataDir`. */
export function startBenchServer(dataDir: string) {
  return startServer({
    entry: fileURLToPath(new URL("./bench-server.ts", import.meta.url)),
    args: ["--import", "tsx"],
    env: { DATA_DIR: dataDir, BENCH_DB_URL: "" },
    timeoutMs: 120_000,
  });
}

/** The session cookie of a demo account (password chuangcheng2026) on the bench server at `baseUrl`. */
export async function benchLogin(baseUrl: string, mobile: string): Promise<string> {
  const res = await fetch(`${baseUrl}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mobile, password: "chuangcheng2026" }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!res.ok || !cookie) throw new Error(`bench: login ${mobile} failed (${res.status})`);
  return cookie;
}

/** A target's verdict as the tables print it. */
export const verdict = (ok: boolean) => (ok ? "met" : "MISSED");

/** A route to measure: its name in the table, its URL, the request headers, and whether the target judges it. */
export type BenchRoute = [name: string, url: string, headers: Record<string, string>, judged: boolean];

/**
 * Measures each route of the bench server at each of `connectionsList` (all routes at the first, then
 * at the next), and prints the table under `what`: req/s, p50, p99, and for judged routes p99 against
 * `targetMs`.
 */
export async function measureRoutes(
  what: string,
  routes: readonly BenchRoute[],
  connectionsList: readonly number[],
  targetMs: number,
): Promise<Array<{ name: string; connections: number; figures: Figures }>> {
  const table = [];
  const results: Array<{ name: string; connections: number; figures: Figures }> = [];
  for (const connections of connectionsList) {
    for (const [name, target, headers, judged] of routes) {
      const figures = await measure(target, headers, connections);
      results.push({ name, connections, figures });
      table.push({
        route: name,
        conn: connections,
        "req/s": Math.round(figures.rps),
        "p50 ms": figures.p50,
        "p99 ms": figures.p99,
        "p99 target ms": judged ? `< ${targetMs}` : "",
        within: !judged
          ? ""
          : figures.rps === 0
            ? "MISSED (no answer in 10 s)"
            : verdict(figures.p99 < targetMs),
      });
    }
  }
  console.info(
    `${what} over HTTP (server in a child process on SQLite, latency seen by the client on the same machine)`,
  );
  console.table(table);
  return results;
}
