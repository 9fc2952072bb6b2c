import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// What lives in DATA_DIR besides the key file (data-key.ts): the database, its backups, and the pid
// file that tells a restore a server is running on this folder.

export const DATABASE_FILE = "chuangcheng.db";
export const BACKUP_DIR = "backups";
export const PID_FILE = "server.pid";

export function writePidFile(dataDir: string, pid = process.pid): void {
  writeFileSync(join(dataDir, PID_FILE), `${pid}\n`);
}

/** Removes the pid file if it is this process's (a second server may have written its own). */
export function removePidFile(dataDir: string, pid = process.pid): void {
  if (readPid(dataDir) === pid) rmSync(join(dataDir, PID_FILE), { force: true });
}

/**
 * The pid of the server running on this folder, or null. A pid file left by a server that was
 * killed names a process that no longer exists, so it does not count.
 */
export function runningServerPid(dataDir: string): number | null {
  const pid = readPid(dataDir);
  if (pid === null) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === "EPERM" ? pid : null;
  }
}

function readPid(dataDir: string): number | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, PID_FILE), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null; // no server wrote one
    throw err;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}
