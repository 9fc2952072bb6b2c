import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import { initTRPC } from "@trpc/server";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemo, SESSION_COOKIE } from "@chuangcheng/domain";
import { createTestDb, TEST_KEYS } from "@chuangcheng/domain/testing";
import { buildServer, type ServerOptions } from "./server.js";
import { acceptsGzip } from "./response-bodies.js";
import { MAX_BATCH_SIZE, registerTrpc } from "./trpc-http.js";

// The hardening of the lean tRPC handler beyond what the official adapter does (the rest of the
// protocol is compared with the official adapter in trpc-conformance.test.ts).

type App = Awaited<ReturnType<typeof buildServer>>;
const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function server(opts: Partial<ServerOptions> = {}) {
  const db = await createTestDb();
  await seedDemo(db);
  const app = await buildServer({ db, keys: TEST_KEYS, logLevel: "silent", ...opts });
  apps.push(app);
  return app;
}

async function login(app: App) {
  const res = await app.inject({
    method: "POST",
    url: "/trpc/auth.login",
    payload: { mobile: "13800000002", password: DEMO_PASSWORD },
  });
  expect(res.statusCode).toBe(200);
  return { [SESSION_COOKIE]: res.cookies.find((c) => c.name === SESSION_COOKIE)!.value };
}

const stillLoggedIn = async (app: App, cookies: Record<string, string>) =>
  (await app.inject({ url: "/trpc/auth.me", cookies })).statusCode === 200;

describe("methods", () => {
  it("answers HEAD, PUT, DELETE, PATCH and OPTIONS with 405 and runs nothing", async () => {
    const app = await server();
    const cookies = await login(app);
    for (const method of ["HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"] as const) {
      const res = await app.inject({
        method,
        url: "/trpc/auth.logout",
        cookies,
        payload: method === "HEAD" ? undefined : {},
      });
      expect(res.statusCode, method).toBe(405);
      expect(res.headers.allow).toBe("GET, POST");
      if (method !== "HEAD") expect(res.json().error.data.code).toBe("METHOD_NOT_SUPPORTED");
    }
    expect(await stillLoggedIn(app, cookies)).toBe(true);
    // No HEAD twin of the GET route either: a query is not run for HEAD.
    expect((await app.inject({ method: "HEAD", url: "/trpc/auth.me", cookies })).statusCode).toBe(405);
  });
});

describe("content type", () => {
  it("refuses a POST that is not application/json with 415, before any procedure runs", async () => {
    const app = await server();
    const cookies = await login(app);
    for (const contentType of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      const res = await app.inject({
        method: "POST",
        url: "/trpc/auth.logout",
        cookies,
        headers: { "content-type": contentType },
        payload: "{}",
      });
      expect(res.statusCode, contentType).toBe(415);
      expect(res.json().error).toMatchObject({ data: { code: "UNSUPPORTED_MEDIA_TYPE", httpStatus: 415 } });
      expect(res.json().error.message).toContain("application/json");
    }
    const none = await app.inject({ method: "POST", url: "/trpc/auth.logout", cookies });
    expect(none.statusCode).toBe(415);
    expect(await stillLoggedIn(app, cookies)).toBe(true);
    // Parameters and case do not matter.
    const ok = await app.inject({
      method: "POST",
      url: "/trpc/auth.logout",
      cookies,
      headers: { "content-type": "Application/JSON; charset=utf-8" },
      payload: "{}",
    });
    expect(ok.statusCode).toBe(200);
    expect(await stillLoggedIn(app, cookies)).toBe(false);
  });
});

describe("Origin of mutations", () => {
  const logout = (app: App, cookies: Record<string, string>, headers: Record<string, string>) =>
    app.inject({
      method: "POST",
      url: "/trpc/auth.logout",
      cookies,
      headers: { "content-type": "application/json", ...headers },
      payload: "{}",
    });

  it("refuses a mutation from another site with 403 in tRPC's shape, and changes nothing", async () => {
    const app = await server();
    const cookies = await login(app);
    for (const origin of ["https://evil.example", "null", "http://cc.test:3001", "https://cc.test:3000"]) {
      const res = await logout(app, cookies, { host: "cc.test:3000", origin });
      expect(res.statusCode, origin).toBe(403);
      expect(res.json().error).toMatchObject({
        message: "请求来源不被允许（Origin 与本站不符）",
        data: { code: "FORBIDDEN", httpStatus: 403 },
      });
    }
    expect(await stillLoggedIn(app, cookies)).toBe(true);
  });

  it("accepts its own origin, a missing Origin, and a cross-site query", async () => {
    const app = await server();
    const cookies = await login(app);
    expect(
      (await logout(app, cookies, { host: "cc.test:3000", origin: "http://cc.test:3000" })).statusCode,
    ).toBe(200);
    const again = await login(app);
    // Default ports: Host "cc.test:80" is Origin "http://cc.test".
    expect((await logout(app, again, { host: "cc.test:80", origin: "http://cc.test" })).statusCode).toBe(200);
    expect((await logout(app, await login(app), {})).statusCode).toBe(200);
    const query = await app.inject({
      url: "/trpc/org.publicTree",
      headers: { origin: "https://evil.example" },
    });
    expect(query.statusCode).toBe(200);
  });

  it("accepts configured origins, and the proxy's public origin only when the proxy is trusted", async () => {
    const listed = await server({ allowedOrigins: ["https://cc.example.cn"] });
    const res = await logout(listed, await login(listed), {
      host: "127.0.0.1:3000",
      origin: "https://cc.example.cn",
    });
    expect(res.statusCode).toBe(200);

    const proxied = {
      host: "127.0.0.1:3000",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "cc.example.cn",
      origin: "https://cc.example.cn",
    };
    const untrusted = await server();
    expect((await logout(untrusted, await login(untrusted), proxied)).statusCode).toBe(403);
    const trusted = await server({ trustProxy: true });
    expect((await logout(trusted, await login(trusted), proxied)).statusCode).toBe(200);
  });
});

describe("batch size", () => {
  it(`answers more than ${MAX_BATCH_SIZE} calls in one request with 400, and serves ${MAX_BATCH_SIZE}`, async () => {
    const app = await server();
    const paths = (n: number) => Array.from({ length: n }, () => "org.publicTree").join(",");
    const ok = await app.inject({ url: `/trpc/${paths(MAX_BATCH_SIZE)}?batch=1` });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toHaveLength(MAX_BATCH_SIZE);
    const tooMany = await app.inject({ url: `/trpc/${paths(MAX_BATCH_SIZE + 1)}?batch=1` });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error).toMatchObject({
      message: `一次批量请求最多 ${MAX_BATCH_SIZE} 个调用`,
      data: { code: "BAD_REQUEST", httpStatus: 400 },
    });
  });
});

describe("abort signal", () => {
  it("aborts the procedure's signal when the client goes away before the answer", async () => {
    const t = initTRPC.create();
    let started!: () => void;
    const startedP = new Promise<void>((r) => (started = r));
    const aborted = new Promise<boolean>((resolve) => {
      const router = t.router({
        slow: t.procedure.query(({ signal }) => {
          started();
          return new Promise((done) => {
            signal?.addEventListener("abort", () => done(resolve(true)));
            setTimeout(() => done(resolve(false)), 5_000);
          });
        }),
      });
      const app = Fastify();
      apps.push(app as unknown as App);
      void registerTrpc(app, { prefix: "/trpc", router, createContext: async () => ({}) }).then(async () => {
        await app.listen({ port: 0, host: "127.0.0.1" });
        const { port } = app.server.address() as AddressInfo;
        const req = request({ port, host: "127.0.0.1", path: "/trpc/slow" });
        req.on("error", () => {}); // the socket is destroyed on purpose
        req.end();
        await startedP;
        req.destroy();
      });
    });
    expect(await aborted).toBe(true);
  });
});

describe("kept answers", () => {
  it("writes out a kept answer once and serves the same bytes, alone or in a batch, until it changes", async () => {
    const db = await createTestDb();
    await seedDemo(db);
    const app = await buildServer({ db, keys: TEST_KEYS, logLevel: "silent" });
    apps.push(app);
    const tree = async () => (await app.inject({ url: "/trpc/org.publicTree" })).body;
    const first = await tree();
    expect(await tree()).toBe(first);
    const batch = await app.inject({ url: "/trpc/org.publicTree,org.publicTree?batch=1&input={}" });
    expect(batch.body).toBe(`[${first},${first}]`);
    expect(JSON.parse(first).result.data.some((u: { name: string }) => u.name === "东街社区")).toBe(true);
    await db.updateTable("org_unit").set({ name: "东街新社区" }).where("name", "=", "东街社区").execute();
    const renamed = JSON.parse(await tree()).result.data.map((u: { name: string }) => u.name);
    expect(renamed).toContain("东街新社区");
    expect(renamed).not.toContain("东街社区");
  });

  it("gzips a kept answer once for a client that accepts gzip, and only then", async () => {
    const db = await createTestDb();
    await seedDemo(db);
    const app = await buildServer({ db, keys: TEST_KEYS, logLevel: "silent" });
    apps.push(app);
    const tree = (encoding?: string) =>
      app.inject({
        url: "/trpc/org.publicTree",
        headers: encoding === undefined ? {} : { "accept-encoding": encoding },
      });
    const plain = await tree();
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.rawPayload.byteLength).toBeGreaterThan(1024);
    const zipped = await tree("gzip, deflate, br");
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toBe("accept-encoding");
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain.body);
    expect(zipped.rawPayload.byteLength).toBeLessThan(plain.rawPayload.byteLength / 2);
    // The same zipped bytes for the next visitor; none for a client that refuses gzip.
    expect((await tree("gzip")).rawPayload.equals(zipped.rawPayload)).toBe(true);
    const refused = await tree("gzip;q=0, identity");
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(refused.body).toBe(plain.body);
    // Changed: the first answer after the change goes out as it is, then zipped again.
    await db.updateTable("org_unit").set({ name: "东街新社区" }).where("name", "=", "东街社区").execute();
    const fresh = await tree("gzip");
    expect(fresh.headers["content-encoding"]).toBeUndefined();
    expect(fresh.body).toContain("东街新社区");
    expect(gunzipSync((await tree("gzip")).rawPayload).toString()).toBe(fresh.body);
  });
});

describe("kept batches", () => {
  it("gzips a batch the second time when every answer in it is kept, as the apps' client asks", async () => {
    const app = await server();
    const gzip = { "accept-encoding": "gzip, deflate, br" };
    const units = JSON.parse((await app.inject({ url: "/trpc/org.publicTree" })).body).result.data as Array<{
      id: number;
      name: string;
    }>;
    const dongjie = units.find((u) => u.name === "东街社区")!.id;
    const url = `/trpc/org.publicTree,board.publicList?batch=1&input=${encodeURIComponent(
      JSON.stringify({ "1": { communityId: dongjie } }),
    )}`;
    const first = await app.inject({ url, headers: gzip });
    expect(first.headers["content-encoding"]).toBeUndefined();
    const body = JSON.parse(first.body) as Array<{ result: { data: unknown } }>;
    expect(body).toHaveLength(2);
    const again = await app.inject({ url, headers: gzip });
    expect(again.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(again.rawPayload).toString()).toBe(first.body);
    expect((await app.inject({ url, headers: gzip })).rawPayload.equals(again.rawPayload)).toBe(true);
    // The same answers alone are another body: `{…}`, not `[{…}]`.
    const alone = await app.inject({ url: "/trpc/org.publicTree?batch=1&input={}", headers: gzip });
    const aloneAgain = await app.inject({ url: "/trpc/org.publicTree?batch=1&input={}", headers: gzip });
    expect(gunzipSync(aloneAgain.rawPayload).toString()).toBe(alone.body);
    expect(JSON.parse(alone.body)).toHaveLength(1);
    // An error in the batch: made afresh every time, never zipped.
    const withError = "/trpc/org.publicTree,auth.me?batch=1&input={}";
    await app.inject({ url: withError, headers: gzip });
    const refused = await app.inject({ url: withError, headers: gzip });
    expect(refused.statusCode).toBe(207);
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(refused.body)[1].error.data.code).toBe("UNAUTHORIZED");
  });
});

describe("acceptsGzip", () => {
  it("reads Accept-Encoding's codings and their q values", () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip("")).toBe(false);
    expect(acceptsGzip("gzip, deflate, br, zstd")).toBe(true);
    expect(acceptsGzip("GZIP;q=0.5")).toBe(true);
    expect(acceptsGzip("br")).toBe(false);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("*, gzip;q=0")).toBe(false);
    expect(acceptsGzip("identity, *;q=0")).toBe(false);
  });
});
