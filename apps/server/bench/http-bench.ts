import { fileURLToPath } from "node:url";
import { startServer, type RunningServer } from "@chuangcheng/browser-testing";
import { benchLogin, DURATION_S, measure, type Figures } from "./measure.js";

// The HTTP figures' tools: the bench server in a child process, each route's best of ROUNDS rounds,
// and `npm run bench -- http` (auth.me and org.publicTree against the plain route, with and without
// the reader threads).

export const CONNECTIONS = 10;
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const BENCH_SERVER = fileURLToPath(new URL("./bench-server.ts", import.meta.url));

/** The bench server on SQLite (a file in its data folder), or on the PostgreSQL database `databaseUrl`. */
export const benchServer = (databaseUrl?: string, env: Record<string, string> = {}) =>
  startServer({
    entry: BENCH_SERVER,
    args: ["--import", "tsx"],
    env: { BENCH_DB_URL: databaseUrl ?? "", ...env },
  });

/**
 * auth.me and org.publicTree against the plain route, on SQLite with the reader threads (as the server
 * runs) and, in the same run, with every query on the event loop (DB_READERS=0, the baseline).
 */
export async function sqliteHttpBench() {
  const measured: Array<{ readers: string; plain: Figures; me: Figures; tree: Figures }> = [];
  for (const readers of ["0", "4"]) {
    const server = await benchServer(undefined, { DB_READERS: readers });
    try {
      const session = { cookie: await benchLogin(server.baseUrl, "13800000002") };
      const [plain, me, tree] = (await bestOf(server, [
        ["/bench/plain", {}],
        ["/trpc/auth.me", session],
        ["/trpc/org.publicTree", {}],
      ])) as [Figures, Figures, Figures];
      measured.push({ readers, plain, me, tree });
    } finally {
      await server.stop();
    }
  }
  console.info(
    `\nauth.me and org.publicTree against the plain route on SQLite, readers on worker threads (DB_READERS=4) and none (0) (${CONNECTIONS} connections, ${DURATION_S}s each, best of ${ROUNDS} rounds)`,
  );
  console.table(
    measured.flatMap((m) =>
      (
        [
          ["plain Fastify JSON route", m.plain],
          ["auth.me", m.me],
          ["org.publicTree", m.tree],
        ] as const
      ).map(([route, f]) => ({
        DB_READERS: m.readers,
        route,
        "req/s": Math.round(f.rps),
        "p50 ms": f.p50,
        "p99 ms": f.p99,
        "ratio to plain": (f.rps / m.plain.rps).toFixed(2),
        target: route === "plain Fastify JSON route" ? "" : ">= 0.50",
        // The server's own CPU per request (all its threads): the bench's client shares the two
        // cores, so this ratio is the one the client cannot blur.
        "server CPU µs/req": f.cpuUs ?? "",
        "CPU ratio (plain ÷ this)": f.cpuUs && m.plain.cpuUs ? (m.plain.cpuUs / f.cpuUs).toFixed(2) : "",
        "of which GC µs/req": f.gcUs ?? "",
      })),
    ),
  );
}

/**
 * Every route in turn, ROUNDS times, keeping each route's best round: the machine is shared, and a
 * burst of other work during one measurement should not decide a ratio.
 */
export async function bestOf(
  server: RunningServer,
  routes: Array<[url: string, headers: Record<string, string>]>,
) {
  const best: Figures[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [url, headers]] of routes.entries()) {
      const figures = await measure(`${server.baseUrl}${url}`, headers);
      if (figures.rps > (best[i]?.rps ?? 0)) best[i] = figures;
    }
  }
  return best;
}
