import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedDemo, SESSION_COOKIE } from "@chuangcheng/domain";
import { createTestDb, TEST_KEYS } from "@chuangcheng/domain/testing";
import { buildServer } from "./server.js";

function fakeSpa(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `spa-${name}-`));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), `<!doctype html><title>${name}</title>`);
  writeFileSync(join(dir, "assets", "app.js"), `console.log("${name}")`);
  return dir;
}

describe("server", () => {
  let app: Awaited<ReturnType<typeof buildServer>>;

  beforeEach(async () => {
    const db = await createTestDb();
    await seedDemo(db);
    app = await buildServer({
      db,
      keys: TEST_KEYS,
      logLevel: "silent",
      adminDir: fakeSpa("admin"),
      portalDir: fakeSpa("portal"),
    });
  });
  afterEach(() => app.close());

  it("answers /healthz with the schema version", async () => {
    const res = await app.inject({ url: "/healthz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "ok", database: true, databaseKind: "sqlite" });
    expect(res.json().schemaVersion).toMatch(/^\d{4}-\d{2}-\d{2}T\d{4}-[a-z-]+$/);
  });

  it("serves each SPA with a fallback for deep links, and 404s for missing files and API paths", async () => {
    expect((await app.inject({ url: "/" })).body).toContain("<title>portal</title>");
    expect((await app.inject({ url: "/me" })).body).toContain("<title>portal</title>");
    expect((await app.inject({ url: "/admin/" })).body).toContain("<title>admin</title>");
    expect((await app.inject({ url: "/admin/org" })).body).toContain("<title>admin</title>");
    expect((await app.inject({ url: "/admin/assets/app.js" })).body).toContain('"admin"');
    expect((await app.inject({ url: "/assets/app.js" })).body).toContain('"portal"');
    expect((await app.inject({ url: "/assets/missing.js" })).statusCode).toBe(404);
    expect((await app.inject({ url: "/trpc/nope.nothing" })).statusCode).toBe(404);
  });

  it("logs in over HTTP with an httpOnly SameSite=Lax cookie that auth.me then accepts", async () => {
    const login = await app.inject({
      method: "POST",
      url: "/trpc/auth.login",
      payload: { mobile: "13800000002", password: "chuangcheng2026" },
    });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    const me = await app.inject({ url: "/trpc/auth.me", cookies: { [SESSION_COOKIE]: cookie!.value } });
    expect(me.json().result.data.name).toBe("李秀英");
    const anonymous = await app.inject({ url: "/trpc/auth.me" });
    expect(anonymous.statusCode).toBe(401);
  });

  it("turns bad input into a 400 with Chinese field messages, never a 500", async () => {
    const bad = await app.inject({
      method: "POST",
      url: "/trpc/auth.login",
      payload: { mobile: "12345", password: "" },
    });
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    expect(body.error.message).toBe("手机号应为11位数字，以13-19开头");
    expect(body.error.data.fieldErrors.password).toEqual(["请输入密码"]);
    const malformed = await app.inject({
      method: "POST",
      url: "/trpc/auth.login",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(malformed.statusCode).toBeLessThan(500);
  });
});

describe("logging", () => {
  it("keeps query strings (tRPC inputs) and cookies out of the request log", async () => {
    const lines: string[] = [];
    const db = await createTestDb();
    await seedDemo(db);
    const app = await buildServer({
      db,
      keys: TEST_KEYS,
      logLevel: "info",
      logStream: { write: (l) => void lines.push(l) },
    });
    const input = encodeURIComponent(JSON.stringify({ q: "13800000004" }));
    await app.inject({
      url: `/trpc/auth.users.search?input=${input}`,
      cookies: { [SESSION_COOKIE]: "secret-token" },
    });
    await app.close();
    const log = lines.join("");
    expect(log).toContain("/trpc/auth.users.search");
    expect(log).not.toContain("13800000004");
    expect(log).not.toContain("secret-token");
  });
});
