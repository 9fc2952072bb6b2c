import { afterEach, describe, expect, it } from "vitest";
import { seedDemo } from "@chuangcheng/domain";
import { createTestDb, TEST_KEYS } from "@chuangcheng/domain/testing";
import { buildServer } from "./server.js";

// The server hands the client's address to the login throttle: guesses from one address never lock
// the account for another. Behind a proxy (TRUST_PROXY) the address comes from X-Forwarded-For. The
// same address limits public registrations.

const MOBILE = "13800000004"; // 刘芳, demo resident
const PASSWORD = "chuangcheng2026";

describe("login throttle over HTTP", () => {
  let app: Awaited<ReturnType<typeof buildServer>> | undefined;
  afterEach(() => app?.close());

  async function start(trustProxy: boolean, registrationsPerHour?: number) {
    const db = await createTestDb();
    await seedDemo(db);
    app = await buildServer({
      db,
      keys: TEST_KEYS,
      logLevel: "silent",
      trustProxy,
      ...(registrationsPerHour ? { registrationsPerHour } : {}),
      adminDir: "/nonexistent",
      portalDir: "/nonexistent",
    });
    return app;
  }

  const login = (
    server: NonNullable<typeof app>,
    password: string,
    from: { remoteAddress?: string; forwardedFor?: string },
  ) =>
    server.inject({
      method: "POST",
      url: "/trpc/auth.login",
      payload: { mobile: MOBILE, password },
      ...(from.remoteAddress ? { remoteAddress: from.remoteAddress } : {}),
      headers: from.forwardedFor ? { "x-forwarded-for": from.forwardedFor } : {},
    });

  it("refuses the guessing address with 429 and a Chinese wait, and lets the resident in from theirs", async () => {
    const server = await start(false);
    for (let i = 0; i < 3; i++)
      expect((await login(server, `guess-${i}`, { remoteAddress: "203.0.113.7" })).statusCode).toBe(400);
    const refused = await login(server, PASSWORD, { remoteAddress: "203.0.113.7" });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.message).toMatch(/^登录失败次数过多，请[1-8]秒后再试$/);

    const resident = await login(server, PASSWORD, { remoteAddress: "198.51.100.20" });
    expect(resident.statusCode).toBe(200);
  });

  it("ignores a forged X-Forwarded-For when not behind a proxy", async () => {
    const server = await start(false);
    for (let i = 0; i < 3; i++) {
      await login(server, `guess-${i}`, { remoteAddress: "203.0.113.7", forwardedFor: `198.51.100.${i}` });
    }
    expect(
      (await login(server, PASSWORD, { remoteAddress: "203.0.113.7", forwardedFor: "198.51.100.99" }))
        .statusCode,
    ).toBe(429);
  });

  it("takes the client's address from X-Forwarded-For only behind a trusted proxy", async () => {
    const proxied = await start(true);
    for (let i = 0; i < 3; i++)
      await login(proxied, `guess-${i}`, { remoteAddress: "10.0.0.2", forwardedFor: "203.0.113.7" });
    expect(
      (await login(proxied, PASSWORD, { remoteAddress: "10.0.0.2", forwardedFor: "203.0.113.7" })).statusCode,
    ).toBe(429);
    // The same proxy, another client: not throttled.
    expect(
      (await login(proxied, PASSWORD, { remoteAddress: "10.0.0.2", forwardedFor: "198.51.100.20" }))
        .statusCode,
    ).toBe(200);
  });

  it("limits public registrations per client address, as the deployment configured", async () => {
    // 4 an hour: one a minute.
    const server = await start(false, 4);
    const tree = await server.inject({ method: "GET", url: "/trpc/org.publicTree" });
    const units = tree.json().result.data as Array<{ id: number; kind: string; parentId: number | null }>;
    const courtyard = units.find((u) => u.kind === "courtyard")!;
    const grid = units.find((u) => u.id === courtyard.parentId)!;
    const register = (mobile: string, remoteAddress: string) =>
      server.inject({
        method: "POST",
        url: "/trpc/auth.registerResident",
        remoteAddress,
        payload: {
          mobile,
          password: "resident-pass-9",
          name: "新居民",
          communityId: grid.parentId,
          courtyardId: courtyard.id,
        },
      });
    expect((await register("13912349001", "203.0.113.7")).statusCode).toBe(200);
    const refused = await register("13912349002", "203.0.113.7");
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.message).toMatch(/^注册过于频繁，请(\d+秒|1分钟)后再试$/);
    expect((await register("13912349002", "198.51.100.20")).statusCode).toBe(200);
  });
});
