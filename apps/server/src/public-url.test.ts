import { afterEach, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import { isLoopbackUrl, seedDemo, SESSION_COOKIE, type Database } from "@chuangcheng/domain";
import { createTestDb, makeActivity, TEST_KEYS } from "@chuangcheng/domain/testing";
import { buildServer, type ServerOptions } from "./server.js";

// The check-in QR code is opened on a phone: its link must use the address phones reach the server at,
// never the admin browser's localhost. PUBLIC_URL when set, else the origin the request came to.

let app: Awaited<ReturnType<typeof buildServer>> | undefined;
afterEach(() => app?.close());

async function start(opts: Partial<ServerOptions> = {}) {
  const db: Kysely<Database> = await createTestDb();
  await seedDemo(db);
  const community = await db
    .selectFrom("org_unit")
    .select("id")
    .where("name", "=", "东街社区")
    .executeTakeFirstOrThrow();
  const soon = Date.now() + 10 * 60_000;
  const activity = await makeActivity(db, {
    communityId: community.id,
    startsAt: new Date(soon).toISOString(),
    endsAt: new Date(soon + 2 * 3_600_000).toISOString(),
  });
  app = await buildServer({ db, keys: TEST_KEYS, logLevel: "silent", ...opts });
  const login = await app.inject({
    method: "POST",
    url: "/trpc/auth.login",
    headers: { host: "localhost:3000" },
    payload: { mobile: "13800000002", password: "chuangcheng2026" },
  });
  const cookie = login.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  return async (headers: Record<string, string>) => {
    const res = await app!.inject({
      url: `/trpc/activity.qrToken?input=${encodeURIComponent(JSON.stringify({ id: activity }))}`,
      headers,
      cookies: { [SESSION_COOKIE]: cookie },
    });
    expect(res.statusCode).toBe(200);
    const data = res.json().result.data as { token: string; url: string };
    expect(data.url.endsWith(`/checkin?t=${encodeURIComponent(data.token)}`)).toBe(true);
    return data.url;
  };
}

describe("the check-in QR code's link", () => {
  it("uses the address the console was opened at when PUBLIC_URL is not set", async () => {
    const qrUrl = await start();
    const lan = await qrUrl({ host: "192.168.1.20:3000" });
    expect(lan).toMatch(/^http:\/\/192\.168\.1\.20:3000\/checkin\?t=/);
    expect(isLoopbackUrl(lan)).toBe(false);
    // Opened at localhost, the link is localhost too: the console warns about that (isLoopbackUrl).
    const local = await qrUrl({ host: "localhost:3000" });
    expect(local).toMatch(/^http:\/\/localhost:3000\/checkin\?t=/);
    expect(isLoopbackUrl(local)).toBe(true);
  });

  it("uses PUBLIC_URL whatever address the console was opened at", async () => {
    const qrUrl = await start({ publicUrl: "https://cc.example.cn" });
    expect(await qrUrl({ host: "localhost:3000" })).toMatch(/^https:\/\/cc\.example\.cn\/checkin\?t=/);
    expect(await qrUrl({ host: "192.168.1.20:3000" })).toMatch(/^https:\/\/cc\.example\.cn\/checkin\?t=/);
  });

  it("behind a trusted proxy, takes the scheme and host the proxy says the browser used", async () => {
    const proxied = {
      host: "127.0.0.1:3000",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "cc.example.cn",
    };
    const trusted = await start({ trustProxy: true });
    expect(await trusted(proxied)).toMatch(/^https:\/\/cc\.example\.cn\/checkin\?t=/);
    await app?.close();
    // Without TRUST_PROXY the headers could be forged: they are ignored.
    const direct = await start();
    expect(await direct(proxied)).toMatch(/^http:\/\/127\.0\.0\.1:3000\/checkin\?t=/);
  });
});
