import autocannon from "autocannon";

export const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);

export interface Figures {
  rps: number;
  p99: number;
  p50: number;
}

/** req/s and latency of one URL under `connections` concurrent connections, after a 1 s warm-up. */
export async function measure(
  url: string,
  headers: Record<string, string> = {},
  connections = 10,
): Promise<Figures> {
  const run = (duration: number) => autocannon({ url, connections, duration, headers });
  await run(1);
  const r = await run(DURATION_S);
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50 };
}
