import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { startServer } from "@chuangcheng/browser-testing";
import { initialJsSize } from "./bundle-size.js";

// `npm run bench`: HTTP throughput of the product against a plain Fastify route measured in the same
// run, and the initial JavaScript of both apps. Prints figures; asserts nothing.

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function measure(url: string, headers: Record<string, string> = {}) {
  const run = (duration: number) => autocannon({ url, connections: CONNECTIONS, duration, headers });
  await run(1); // warm-up: JIT, SQLite page cache
  const r = await run(DURATION_S);
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50 };
}

const server = await startServer({
  entry: fileURLToPath(new URL("./bench-server.ts", import.meta.url)),
  args: ["--import", "tsx"],
});
try {
  const login = await fetch(`${server.baseUrl}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mobile: "13800000002", password: "chuangcheng2026" }),
  });
  const cookie = login.headers.get("set-cookie")?.split(";")[0];
  if (!login.ok || !cookie) throw new Error(`bench login failed: ${login.status}`);

  const plain = await measure(`${server.baseUrl}/bench/plain`);
  const rows = [
    { name: "plain Fastify JSON route (baseline)", ...plain },
    { name: "auth.me over tRPC, with session", ...(await measure(`${server.baseUrl}/trpc/auth.me`, { cookie })) },
    { name: "org.publicTree over tRPC", ...(await measure(`${server.baseUrl}/trpc/org.publicTree`)) },
  ];
  console.info(`\nHTTP (${CONNECTIONS} connections, ${DURATION_S}s each, server in a child process, same machine)`);
  console.table(
    rows.map((r) => ({
      route: r.name,
      "req/s": Math.round(r.rps),
      "p50 ms": r.p50,
      "p99 ms": r.p99,
      "ratio to plain": (r.rps / plain.rps).toFixed(2),
    })),
  );
  const me = rows[1]!;
  console.info(`auth.me ratio ${(me.rps / plain.rps).toFixed(2)} (target >= 0.50)`);
} finally {
  await server.stop();
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
