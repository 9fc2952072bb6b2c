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
