import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@chuangcheng/domain";
import { createTestDb, TEST_KEYS } from "@chuangcheng/domain/testing";
import { buildServer } from "./server.js";

/** Every kind of answer the host gives; a new kind (e.g. /files/…) adds one line here. */
const PATHS: Array<{ url: string; method?: "GET" | "POST" | "HEAD"; status: number }> = [
  { url: "/", status: 200 },
  { url: "/me", status: 200 },
  { url: "/assets/app.js", status: 200 },
  { url: "/admin/", status: 200 },
  { url: "/admin/assets/app.js", status: 200 },
  { url: "/trpc/org.publicTree", status: 200 },
  { url: "/trpc/auth.me", status: 401 },
  { url: "/trpc/auth.logout", method: "HEAD", status: 405 },
  { url: "/healthz", status: 200 },
  { url: "/assets/missing.js", status: 404 },
];

const tempDirs: string[] = [];
function fakeSpa(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `spa-${name}-`));
  tempDirs.push(dir);
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), `<!doctype html><title>${name}</title>`);
  writeFileSync(join(dir, "assets", "app.js"), `console.log("${name}")`);
  return dir;
}

async function host(cookieSecure: boolean) {
  const db = await createTestDb();
  await seedDemo(db);
  return buildServer({
    db,
    keys: TEST_KEYS,
    logLevel: "silent",
    cookieSecure,
    adminDir: fakeSpa("admin"),
    portalDir: fakeSpa("portal"),
  });
}

/** "default-src 'self'; script-src 'self'" → { "default-src": ["'self'"], … } */
function directives(csp: string | undefined): Record<string, string[]> {
  return Object.fromEntries(
    (csp ?? "")
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!, values]),
  );
}

describe.each([
  { https: false, label: "over http" },
  { https: true, label: "over https (COOKIE_SECURE=1)" },
])("security headers $label", ({ https }) => {
  let app: Awaited<ReturnType<typeof host>>;
  beforeAll(async () => {
    app = await host(https);
  });
  afterAll(async () => {
    await app.close();
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it.each(PATHS)("$method $url", async ({ url, method, status }) => {
    const res = await app.inject({ url, method: method ?? "GET" });
    expect(res.statusCode).toBe(status);
    const h = res.headers;
    const csp = directives(h["content-security-policy"] as string | undefined);
    expect(csp["default-src"]).toEqual(["'self'"]);
    // No inline script, no eval: an injected <script> or onclick= does not run.
    expect(csp["script-src"]).toEqual(["'self'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'self'"]);
    // No other site may frame the console (clickjacking on 通过, 查看完整身份证号).
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("same-origin");
    if (https) {
      expect(h["strict-transport-security"]).toBe("max-age=31536000");
      expect(csp["upgrade-insecure-requests"]).toEqual([]);
    } else {
      expect(h["strict-transport-security"]).toBeUndefined();
      expect(csp["upgrade-insecure-requests"]).toBeUndefined();
    }
  });
});
