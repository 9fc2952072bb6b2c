import SQLite from "better-sqlite3";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { startServer, type RunningServer } from "@chuangcheng/browser-testing";

// `npm run backup` while the built server takes a burst of writes, `npm run restore` into a new
// folder, and the server started on it: every write acknowledged before the backup began is there.

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const ENTRY = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const ADMIN_PASSWORD = "backup-admin-2026";

/** The command an operator types, from the repository root. */
function npmRun(script: string, args: string[], env: Record<string, string>) {
  const child = spawn("npm", ["run", "--silent", script, "--", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once("exit", (code) => resolve({ code, output })),
  );
}

async function call<T>(server: RunningServer, cookie: string, path: string, input?: unknown): Promise<T> {
  const res = await fetch(`${server.baseUrl}/trpc/${path}`, {
    method: input === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", origin: server.baseUrl, cookie },
    body: input === undefined ? undefined : JSON.stringify(input),
  });
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!body.result) throw new Error(`${path}: ${res.status} ${body.error?.message}`);
  return body.result.data;
}

async function login(server: RunningServer): Promise<string> {
  const res = await fetch(`${server.baseUrl}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.baseUrl },
    body: JSON.stringify({ mobile: "13800000000", password: ADMIN_PASSWORD }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!res.ok || !cookie) throw new Error(`login failed: ${res.status}`);
  return cookie;
}

type Unit = { id: number; kind: string; name: string };

it("backs up during a burst of writes, restores into a new folder, and the server there has every write acknowledged before", async () => {
  const env = { ADMIN_PASSWORD, SEED_DEMO: "1" };
  const first = await startServer({ entry: ENTRY, env });
  const restoredDir = mkdtempSync(join(tmpdir(), "cc-restored-"));
  let second: RunningServer | undefined;
  try {
    const cookie = await login(first);
    const community = (await call<Unit[]>(first, cookie, "org.tree")).find((u) => u.kind === "community")!;

    // Three writers, each one 网格 at a time; a write counts once its answer has arrived.
    const acked: { name: string; at: number }[] = [];
    const attempted = new Set<string>();
    const failures: string[] = [];
    let writing = true;
    const writer = async (w: number) => {
      for (let i = 0; writing; i++) {
        const name = `备份网格${w}-${i}`;
        attempted.add(name);
        try {
          await call(first, cookie, "org.create", { parentId: community.id, name });
          acked.push({ name, at: performance.now() });
        } catch (err) {
          failures.push(String(err));
        }
      }
    };
    const writers = [0, 1, 2].map(writer);
    while (acked.length < 30 && failures.length === 0) await new Promise((r) => setTimeout(r, 20));

    const backupStarted = performance.now();
    const ackedBefore = acked.map((a) => a.name);
    const backup = await npmRun("backup", [], { DATA_DIR: first.dataDir });
    const backupEnded = performance.now();
    writing = false;
    await Promise.all(writers);

    expect(failures).toEqual([]);
    expect(backup.code, backup.output).toBe(0);
    // The writes really went on while the backup ran.
    expect(acked.filter((a) => a.at > backupStarted && a.at < backupEnded).length).toBeGreaterThan(0);
    const file = /备份完成 \(backup written\): (\S+)/.exec(backup.output)?.[1];
    expect(file).toMatch(new RegExp(`^${first.dataDir}/backups/chuangcheng-\\d{8}-\\d{6}\\.db$`));
    expect(backup.output).toContain(`${first.dataDir}/data.key`);

    // Not over a running server: its pid file says so, and without it the open database does.
    const byPid = await npmRun("restore", [file!], { DATA_DIR: first.dataDir });
    expect(byPid.code).toBe(1);
    expect(byPid.output).toContain("先停止服务再恢复");
    rmSync(join(first.dataDir, "server.pid"));
    const byLock = await npmRun("restore", [file!], { DATA_DIR: first.dataDir });
    expect(byLock.code).toBe(1);
    expect(byLock.output).toContain("数据库正在使用中, 先停止服务再恢复");
    expect(readdirSync(first.dataDir).filter((f) => f.includes("before-restore"))).toEqual([]);
    await call(first, cookie, "org.create", { parentId: community.id, name: "恢复被拒后仍可写入" });

    copyFileSync(join(first.dataDir, "data.key"), join(restoredDir, "data.key"));
    const restore = await npmRun("restore", [file!], { DATA_DIR: restoredDir });
    expect(restore.code, restore.output).toBe(0);
    expect(restore.output).toContain(`已恢复 (restored): ${restoredDir}/chuangcheng.db`);

    second = await startServer({ entry: ENTRY, env: { ...env, DATA_DIR: restoredDir } });
    expect(existsSync(join(restoredDir, "server.pid"))).toBe(true);
    const names = new Set((await call<Unit[]>(second, await login(second), "org.tree")).map((u) => u.name));
    expect(ackedBefore.filter((name) => !names.has(name))).toEqual([]);
    // Nothing appears that was never sent.
    expect([...names].filter((n) => n.startsWith("备份网格") && !attempted.has(n))).toEqual([]);
    expect(names.has("恢复被拒后仍可写入")).toBe(false);
    await second.stop();
    second = undefined;
    expect(existsSync(join(restoredDir, "server.pid"))).toBe(false);

    const db = new SQLite(join(restoredDir, "chuangcheng.db"), { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      db.close();
    }
  } finally {
    await second?.stop();
    await first.stop();
    rmSync(restoredDir, { recursive: true, force: true });
  }
});
