import type { Kysely } from "kysely";
import { afterEach, expect, it } from "vitest";
import { migrateToLatest, openDatabase, seedDemo, type Database } from "@chuangcheng/domain";
import { TEST_KEYS } from "@chuangcheng/domain/testing";
import { createMetrics, EVENT_LOOP_RESOLUTION_MS, lateSeconds } from "./metrics.js";
import { buildServer } from "./server.js";

// /metrics: off without a token; with one, only for that bearer token; it counts tRPC calls by
// procedure and outcome, the database's queries (reported by openDatabase's onQuery) and Node's
// event-loop delay — and never a path a client made up.

const TOKEN = "metrics-token-0123456789abcdef";
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const done of cleanups.splice(0).reverse()) await done();
});

async function server(withMetrics: boolean) {
  const metrics = withMetrics ? createMetrics() : null;
  const db: Kysely<Database> = openDatabase(":memory:", metrics ? { onQuery: metrics.observeQuery } : {});
  cleanups.push(() => db.destroy());
  await migrateToLatest(db);
  await seedDemo(db);
  metrics?.watchPool(() => ({ size: 1, busy: 0, queued: 3 }));
  const app = await buildServer({
    db,
    keys: TEST_KEYS,
    logLevel: "silent",
    ...(metrics ? { metrics: { metrics, token: TOKEN } } : {}),
  });
  cleanups.push(() => app.close());
  return app;
}

it("is not served without METRICS_TOKEN", async () => {
  const app = await server(false);
  await app.inject({ url: "/trpc/org.publicTree" });
  const res = await app.inject({ url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
  // The path falls to the portal's pages (or 404 without a built portal): never figures.
  expect(res.body).not.toMatch(/chuangcheng_|nodejs_|process_cpu/);
  expect(res.headers["content-type"] ?? "").not.toMatch(/^text\/plain; version=/);
});

it("answers only the bearer of the token, with calls by procedure, query times and the event-loop delay", async () => {
  const app = await server(true);
  for (const headers of [{}, { authorization: "Bearer wrong" }, { authorization: TOKEN }]) {
    const refused = await app.inject({ url: "/metrics", headers });
    expect(refused.statusCode).toBe(401);
    expect(refused.body).not.toContain("chuangcheng_");
  }
  await app.inject({ url: "/trpc/org.publicTree" });
  await app.inject({ url: "/trpc/org.publicTree" });
  await app.inject({ url: "/trpc/auth.me" }); // no session: UNAUTHORIZED, an error
  await app.inject({ url: "/trpc/no.such.procedure" });
  const res = await app.inject({ url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.statusCode).toBe(200);
  expect(res.headers["content-type"]).toMatch(/^text\/plain/);
  const text = res.body;
  expect(text).toMatch(
    /chuangcheng_trpc_call_duration_seconds_count\{procedure="org.publicTree",type="query",outcome="ok"\} 2/,
  );
  expect(text).toMatch(
    /chuangcheng_trpc_call_duration_seconds_count\{procedure="auth.me",type="query",outcome="error"\} 1/,
  );
  expect(text).not.toContain("no.such.procedure");
  const queries = Number(/chuangcheng_db_query_duration_seconds_count (\d+)/.exec(text)?.[1]);
  expect(queries).toBeGreaterThan(2);
  expect(text).toContain("nodejs_eventloop_lag_p99_seconds");
  // The delay beyond the sampling tick: an idle test loop is late by well under the tick itself.
  const p99 = Number(/chuangcheng_event_loop_delay_seconds\{stat="p99"\} (\S+)/.exec(text)?.[1]);
  expect(p99).toBeGreaterThanOrEqual(0);
  expect(p99).toBeLessThan(0.5);
  expect(text).toMatch(/chuangcheng_offload_queue_length 3/);
});

it("counts the event loop late by what exceeds the sampling tick", () => {
  expect(EVENT_LOOP_RESOLUTION_MS).toBe(10);
  expect(lateSeconds(10.15e6)).toBeCloseTo(0.00015, 6); // an idle loop
  expect(lateSeconds(9.2e6)).toBe(0); // a tick a little early
  expect(lateSeconds(35e6)).toBeCloseTo(0.025, 6); // held for 25 ms
});
