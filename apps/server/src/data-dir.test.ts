import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { PID_FILE, removePidFile, runningServerPid, writePidFile } from "./data-dir.js";

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "cc-pid-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("names the running server until it removes its pid file", () => {
  expect(runningServerPid(dir)).toBeNull();
  writePidFile(dir);
  expect(runningServerPid(dir)).toBe(process.pid);
  removePidFile(dir);
  expect(existsSync(join(dir, PID_FILE))).toBe(false);
  expect(runningServerPid(dir)).toBeNull();
});

it("ignores a pid file left by a process that is gone, and one that is not a pid", () => {
  const gone = spawnSync(process.execPath, ["-e", ""]).pid!;
  writePidFile(dir, gone);
  expect(runningServerPid(dir)).toBeNull();
  writeFileSync(join(dir, PID_FILE), "garbage\n");
  expect(runningServerPid(dir)).toBeNull();
});

it("leaves another server's pid file alone", () => {
  writePidFile(dir, process.ppid);
  removePidFile(dir);
  expect(runningServerPid(dir)).toBe(process.ppid);
});
