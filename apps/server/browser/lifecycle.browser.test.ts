import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { freePort } from "@chuangcheng/browser-testing";

// The built server as an operator meets it: first start, restart, signals, bad configuration.

const ENTRY = fileURLToPath(new URL("../dist/main.js", import.meta.url));

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [ENTRY], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitForHealth(port: number) {
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return (await res.json()) as { status: string; schemaVersion: string };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not come up");
}

it("starts, prints the URLs and a one-time admin password, stops cleanly on SIGTERM and SIGINT, and keeps its data", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "cc-life-"));
  const port = await freePort();
  const env = { DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1" };

  const first = run(env);
  expect((await waitForHealth(port)).status).toBe("ok");
  expect(first.output()).toContain(`http://localhost:${port}/admin/`);
  const password = /generated password (\S+)/.exec(first.output())?.[1];
  expect(password).toMatch(/^\S{12,}$/);
  first.child.kill("SIGTERM");
  expect(await first.exited).toBe(0);
  // The database was closed: SQLite folds the write-ahead log back in and removes it.
  expect(existsSync(join(dataDir, "chuangcheng.db-wal"))).toBe(false);
  expect(existsSync(join(dataDir, "data.key"))).toBe(true);

  const second = run(env);
  await waitForHealth(port);
  expect(second.output()).not.toContain("generated password");
  const login = await fetch(`http://127.0.0.1:${port}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mobile: "13800000000", password }),
  });
  expect(login.status).toBe(200);
  second.child.kill("SIGINT");
  expect(await second.exited).toBe(0);
});

it("refuses a bad configuration with a message naming the variable", async () => {
  const bad = run({
    DATA_DIR: mkdtempSync(join(tmpdir(), "cc-life-")),
    PORT: "not-a-port",
    SEED_DEMO: "maybe",
  });
  expect(await bad.exited).toBe(1);
  expect(bad.output()).toContain("PORT=");
  expect(bad.output()).toContain("SEED_DEMO=");
});
