import { fileURLToPath } from "node:url";
import { startServer } from "@chuangcheng/browser-testing";
import { initialJsSize } from "./bundle-size.js";
import { DURATION_S, measure } from "./measure.js";
import { volunteerBench } from "./volunteer-bench.js";

// `npm run bench`: HTTP throughput of the product against a plain Fastify route measured in the same
// run, and the initial JavaScript of both apps. Prints figures; asserts nothing.

const CONNECTIONS = 10;

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

if (process.env.BENCH_SKIP_VOLUNTEERS !== "1") await volunteerBench();

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
